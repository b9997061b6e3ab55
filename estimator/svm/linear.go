package svm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Classifier     = (*LinearSVC)(nil)
	_ estimator.Validator      = (*LinearSVC)(nil)
	_ estimator.StateMarshaler = (*LinearSVC)(nil)
	_ estimator.WeightedFitter = (*LinearSVC)(nil)
	_ estimator.Iterative      = (*LinearSVC)(nil)
	_ estimator.Predictor      = (*LinearSVR)(nil)
	_ estimator.Validator      = (*LinearSVR)(nil)
	_ estimator.StateMarshaler = (*LinearSVR)(nil)
	_ estimator.WeightedFitter = (*LinearSVR)(nil)
	_ estimator.Iterative      = (*LinearSVR)(nil)
)

// maxLinearIter bounds MaxIter of the linear models.
const maxLinearIter = 1 << 30

// LinearSVC is the linear support vector classifier (scikit-learn: svm.LinearSVC,
// liblinear). For two classes it minimises
//
//	R(w) + C Σ wᵢ ξ(1 − yᵢ (wᵀxᵢ + b)),   ξ(t) = max(0, t)² ("squared_hinge") or max(0, t) ("hinge"),
//
// with R = ½‖w‖² ("l2") or ‖w‖₁ ("l1"), yᵢ = ±1 (+1 for Classes()[1]); with more
// than two classes it fits one such problem per class against the rest. The
// intercept is learned as the weight of an extra constant feature InterceptScaling
// (regularised like the others, as in liblinear). The zero value is scikit-learn's
// default LinearSVC() (squared hinge, l2, dual).
type LinearSVC struct {
	// C is the inverse regularisation strength, > 0; 0 means 1.
	C float64
	// Penalty is "l2" ("" means this) or "l1" (which needs Primal).
	Penalty string
	// Loss is "squared_hinge" ("" means this) or "hinge" (which needs the dual
	// and Penalty "l2").
	Loss string
	// Primal solves the primal problem (scikit-learn's dual=False): Newton's
	// method for "l2" and coordinate descent for "l1". The default is liblinear's
	// dual coordinate descent.
	Primal bool
	// Tol is the stopping tolerance; 0 means 1e-4.
	Tol float64
	// MaxIter bounds the solver's iterations (sweeps); 0 means 1000. When it is
	// reached the model is kept and Converged reports false.
	MaxIter int
	// NoIntercept fits no intercept (fit_intercept=False).
	NoIntercept bool
	// InterceptScaling is the value of the constant feature; 0 means 1.
	InterceptScaling float64
	// ClassWeight multiplies C per class (sorted class order); nil means ones.
	ClassWeight []float64
	// BalancedClassWeight weights class c by n / (K·n_c).
	BalancedClassWeight bool
	// MultiClass is "ovr" ("" means this: one problem per class against the
	// rest, a single problem for two classes) or "crammer_singer" (Crammer &
	// Singer's joint multiclass SVM with one weight row per class, even for two
	// classes; Penalty, Loss and Primal are then ignored, as in scikit-learn).
	MultiClass string
	// Seed seeds the random order of coordinate descent.
	Seed uint64

	fit *linearFit
}

// linearFit is the learned state of LinearSVC and LinearSVR; fields exported for gob.
type linearFit struct {
	Regression bool
	NFeatures  int
	Coef       []float64 // rows×NFeatures
	Intercept  []float64 // rows
	Classes    []float64
	NIter      int
	Converged  bool
}

const linearStateVersion = 1

// Check validates decoded state.
func (f *linearFit) Check() error {
	rows := 1
	if !f.Regression {
		if err := estimator.CheckClasses("Classes", f.Classes); err != nil {
			return err
		}
		rows = len(f.Intercept) // 1 for two classes (ovr), else one per class
		if K := len(f.Classes); K > 2 || rows != 1 {
			rows = K
		}
	} else if len(f.Classes) != 0 {
		return errors.New("regression state has classes")
	}
	return estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, maxStateSize),
		estimator.CheckCount("rows", rows, 1, maxStateSize/max(f.NFeatures, 1)),
		estimator.CheckLen("Coef", len(f.Coef), rows*f.NFeatures),
		estimator.CheckLen("Intercept", len(f.Intercept), rows),
		estimator.CheckFinite("Coef", f.Coef...),
		estimator.CheckFinite("Intercept", f.Intercept...),
		estimator.CheckCount("NIter", f.NIter, 0, math.MaxInt32),
	)
}

// Validate reports whether the hyperparameters are usable.
func (s *LinearSVC) Validate() error {
	switch s.MultiClass {
	case "", "ovr", "crammer_singer":
	default:
		return &estimator.ParamError{Param: "MultiClass", Value: s.MultiClass, Reason: `must be "ovr" or "crammer_singer"`}
	}
	if !(s.C >= 0) || math.IsInf(s.C, 0) {
		return &estimator.ParamError{Param: "C", Value: s.C, Reason: "must be finite and > 0 (0 means 1)"}
	}
	switch s.Penalty {
	case "", "l2":
	case "l1":
		if !s.Primal {
			return &estimator.ParamError{Param: "Penalty", Value: s.Penalty, Reason: `"l1" needs Primal (dual=False)`}
		}
		if s.Loss == "hinge" {
			return &estimator.ParamError{Param: "Loss", Value: s.Loss, Reason: `"hinge" is not supported with Penalty "l1"`}
		}
	default:
		return &estimator.ParamError{Param: "Penalty", Value: s.Penalty, Reason: `must be "l2" or "l1"`}
	}
	switch s.Loss {
	case "", "squared_hinge":
	case "hinge":
		if s.Primal {
			return &estimator.ParamError{Param: "Loss", Value: s.Loss, Reason: `"hinge" needs the dual (Primal false)`}
		}
	default:
		return &estimator.ParamError{Param: "Loss", Value: s.Loss, Reason: `must be "squared_hinge" or "hinge"`}
	}
	if err := validateLinearCommon(s.Tol, s.MaxIter, s.InterceptScaling); err != nil {
		return err
	}
	for i, w := range s.ClassWeight {
		if !(w >= 0) || math.IsInf(w, 0) {
			return &estimator.ParamError{Param: "ClassWeight", Value: s.ClassWeight, Reason: fmt.Sprintf("weight %d is %v, want finite and >= 0", i, w)}
		}
	}
	if s.BalancedClassWeight && s.ClassWeight != nil {
		return &estimator.ParamError{Param: "BalancedClassWeight", Value: true, Reason: "cannot be combined with ClassWeight"}
	}
	return nil
}

func validateLinearCommon(tol float64, maxIter int, scaling float64) error {
	if !(tol >= 0) || math.IsInf(tol, 0) {
		return &estimator.ParamError{Param: "Tol", Value: tol, Reason: "must be finite and > 0 (0 means the default)"}
	}
	if maxIter < 0 || maxIter > maxLinearIter {
		return &estimator.ParamError{Param: "MaxIter", Value: maxIter, Reason: fmt.Sprintf("must be in [1, %d] (0 means 1000)", maxLinearIter)}
	}
	if !(scaling >= 0) || math.IsInf(scaling, 0) {
		return &estimator.ParamError{Param: "InterceptScaling", Value: scaling, Reason: "must be finite and > 0 (0 means 1)"}
	}
	return nil
}

// linearData checks X, y, w and builds the rows with the bias column.
func linearData(ctx context.Context, name string, v estimator.Validator, X mat.Matrix, y, w []float64, noIntercept bool, scaling float64) (*linProblem, error) {
	if err := v.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x, err := estimator.CheckXy(X, y)
	if err == nil && y == nil {
		err = fmt.Errorf("y is nil, a supervised model needs targets: %w", estimator.ErrInvalidData)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	n, p := x.Dims()
	if w != nil {
		if len(w) != n {
			return nil, fmt.Errorf("%s: %d sample weights for %d rows: %w", name, len(w), n, estimator.ErrShape)
		}
		for i, v := range w {
			if !(v >= 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s: sample weight %d is %v, want finite and >= 0: %w", name, i, v, estimator.ErrInvalidData)
			}
		}
	}
	if scaling == 0 {
		scaling = 1
	}
	d := p
	if !noIntercept {
		d++
	}
	pr := &linProblem{n: n, d: d, x: make([]float64, n*d), y: make([]float64, n), C: make([]float64, n)}
	for i := range n {
		copy(pr.x[i*d:i*d+p], x.RawRowView(i))
		if !noIntercept {
			pr.x[i*d+p] = scaling
		}
	}
	return pr, nil
}

// dropZero removes rows with Cᵢ = 0 (liblinear needs C > 0).
func dropZero(pr *linProblem) *linProblem {
	keep := 0
	for _, c := range pr.C {
		if c > 0 {
			keep++
		}
	}
	if keep == pr.n {
		return pr
	}
	out := &linProblem{n: keep, d: pr.d, x: make([]float64, 0, keep*pr.d)}
	for i, c := range pr.C {
		if c > 0 {
			out.x = append(out.x, pr.row(i)...)
			out.y = append(out.y, pr.y[i])
			out.C = append(out.C, c)
		}
	}
	return out
}

// Fit trains the model on X (n×p) and class labels y. It returns a
// *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrInvalidData for empty or non-finite input or fewer than two classes,
// estimator.ErrShape when len(y) differs from the rows of X, and ctx.Err() when ctx
// is done (checked every sweep). On error the previous model, if any, is kept.
func (s *LinearSVC) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return s.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with sample weights scaling C per row (nil means ones).
func (s *LinearSVC) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const name = "svm.LinearSVC"
	pr, err := linearData(ctx, name, s, X, y, w, s.NoIntercept, s.InterceptScaling)
	if err != nil {
		return err
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	K := len(classes)
	codes := make([]int, pr.n)
	counts := make([]float64, K)
	for i, v := range y {
		codes[i], _ = slices.BinarySearch(classes, v)
		counts[codes[i]]++
	}
	cw := make([]float64, K)
	switch {
	case s.BalancedClassWeight:
		for k := range K {
			cw[k] = float64(pr.n) / (float64(K) * counts[k])
		}
	case s.ClassWeight != nil:
		if len(s.ClassWeight) != K {
			return fmt.Errorf("%s: %w", name, &estimator.ParamError{Param: "ClassWeight", Value: s.ClassWeight,
				Reason: fmt.Sprintf("has %d weights for %d classes", len(s.ClassWeight), K)})
		}
		copy(cw, s.ClassWeight)
	default:
		for k := range cw {
			cw[k] = 1
		}
	}
	C := s.C
	if C == 0 {
		C = 1
	}
	tol := s.Tol
	if tol == 0 {
		tol = 1e-4
	}
	maxIter := s.MaxIter
	if maxIter == 0 {
		maxIter = 1000
	}
	nf := pr.d
	if !s.NoIntercept {
		nf--
	}
	rows := 1
	if K > 2 || s.MultiClass == "crammer_singer" {
		rows = K
	}
	f := &linearFit{NFeatures: nf, Classes: classes, Coef: make([]float64, rows*nf), Intercept: make([]float64, rows), Converged: true}
	if s.MultiClass == "crammer_singer" {
		for i := range pr.n {
			pr.y[i] = float64(codes[i])
			pr.C[i] = C * cw[codes[i]]
			if w != nil {
				pr.C[i] *= w[i]
			}
		}
		sp := dropZero(pr)
		if sp.n == 0 {
			return fmt.Errorf("%s: no sample has a positive weight: %w", name, estimator.ErrInvalidData)
		}
		wv, it, conv, err := crammerSinger(ctx, sp, K, tol, maxIter, rand.New(rand.NewPCG(s.Seed, 0)))
		if err != nil {
			return err
		}
		for r := range K {
			copy(f.Coef[r*nf:(r+1)*nf], wv[r*pr.d:r*pr.d+nf])
			if !s.NoIntercept {
				f.Intercept[r] = scaling(s.InterceptScaling) * wv[r*pr.d+nf]
			}
		}
		f.NIter, f.Converged = it, conv
		rows = 0 // done
	}
	for r := range rows {
		pos := r
		if K == 2 {
			pos = 1
		}
		sub := *pr
		sub.y = make([]float64, pr.n)
		sub.C = make([]float64, pr.n)
		for i := range pr.n {
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			if codes[i] == pos {
				sub.y[i] = 1
				sub.C[i] = C * wi * cw[pos]
			} else {
				sub.y[i] = -1
				if K == 2 {
					sub.C[i] = C * wi * cw[codes[i]]
				} else {
					sub.C[i] = C * wi
				}
			}
		}
		sp := dropZero(&sub)
		if sp.n == 0 {
			return fmt.Errorf("%s: no sample has a positive weight: %w", name, estimator.ErrInvalidData)
		}
		rng := rand.New(rand.NewPCG(s.Seed, uint64(r)))
		var wv []float64
		var it int
		var conv bool
		switch {
		case s.Penalty == "l1":
			wv, it, conv, err = l1CDSVC(ctx, sp, primalTol(tol, sp), maxIter, rng)
		case s.Primal:
			wv, it, conv, err = primalNewton(ctx, sp, false, 0, primalTol(tol, sp), maxIter)
		default:
			wv, it, conv, err = dualCDSVC(ctx, sp, s.Loss == "hinge", tol, maxIter, rng)
		}
		if err != nil {
			return err
		}
		copy(f.Coef[r*nf:(r+1)*nf], wv[:nf])
		if !s.NoIntercept {
			sc := s.InterceptScaling
			if sc == 0 {
				sc = 1
			}
			f.Intercept[r] = sc * wv[nf]
		}
		f.NIter = max(f.NIter, it)
		f.Converged = f.Converged && conv
	}
	if err := estimator.FirstError(estimator.CheckFinite("coefficients", f.Coef...), estimator.CheckFinite("intercepts", f.Intercept...)); err != nil {
		return fmt.Errorf("%s: %v: %w", name, err, estimator.ErrInvalidData)
	}
	s.fit = f
	return nil
}

// primalTol is liblinear's tolerance for its primal classification solvers:
// eps · max(min(#pos, #neg), 1) / n.
func primalTol(eps float64, pr *linProblem) float64 {
	pos := 0
	for _, v := range pr.y {
		if v > 0 {
			pos++
		}
	}
	return eps * float64(max(min(pos, pr.n-pos), 1)) / float64(pr.n)
}

func (f *linearFit) decision(name string, X mat.Matrix) (*mat.Dense, error) {
	if f == nil {
		return nil, fmt.Errorf("%s: %w", name, estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	n, p := x.Dims()
	rows := len(f.Intercept)
	out := mat.NewDense(n, rows, nil)
	for i := range n {
		xi := x.RawRowView(i)
		for r := range rows {
			v := dot(f.Coef[r*p:(r+1)*p], xi) + f.Intercept[r]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s: decision value of row %d is %v: %w", name, i, v, estimator.ErrInvalidData)
			}
			out.Set(i, r, v)
		}
	}
	return out, nil
}

// DecisionFunction returns wᵀx + b per row for a two-class one-vs-rest model
// (positive for Classes()[1]); for more classes or "crammer_singer" it returns an
// error wrapping errors.ErrUnsupported (use DecisionFunctionMatrix). It returns
// estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature count
// and estimator.ErrInvalidData for empty or non-finite X.
func (s *LinearSVC) DecisionFunction(X mat.Matrix) ([]float64, error) {
	if s.fit != nil && len(s.fit.Intercept) != 1 {
		return nil, fmt.Errorf("svm.LinearSVC: the model has %d decision values per row, DecisionFunction is for one; use DecisionFunctionMatrix: %w",
			len(s.fit.Intercept), errors.ErrUnsupported)
	}
	d, err := s.fit.decision("svm.LinearSVC", X)
	if err != nil {
		return nil, err
	}
	return d.RawMatrix().Data, nil
}

// DecisionFunctionMatrix returns the decision values: n×1 for two classes, n×K
// (one per class) for more classes or MultiClass "crammer_singer". Errors as for
// DecisionFunction.
func (s *LinearSVC) DecisionFunctionMatrix(X mat.Matrix) (*mat.Dense, error) {
	return s.fit.decision("svm.LinearSVC", X)
}

// Predict returns Classes()[1] where the decision value is positive (two classes)
// or the class of the largest one-vs-rest value (the first on ties). Errors as for
// DecisionFunction.
func (s *LinearSVC) Predict(X mat.Matrix) ([]float64, error) {
	d, err := s.fit.decision("svm.LinearSVC", X)
	if err != nil {
		return nil, err
	}
	n, c := d.Dims()
	out := make([]float64, n)
	for i := range n {
		row := d.RawRowView(i)
		if c == 1 {
			out[i] = s.fit.Classes[0]
			if row[0] > 0 {
				out[i] = s.fit.Classes[1]
			}
			continue
		}
		best := 0
		for k := 1; k < c; k++ {
			if row[k] > row[best] {
				best = k
			}
		}
		out[i] = s.fit.Classes[best]
	}
	return out, nil
}

// Classes returns a copy of the sorted class labels, or nil before Fit.
func (s *LinearSVC) Classes() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.Classes)
}

// Coef returns the weights (scikit-learn's coef_): 1×p for two classes, K×p
// for more classes or "crammer_singer"; nil before Fit.
func (s *LinearSVC) Coef() *mat.Dense { return s.fit.coef() }

// Intercept returns the intercepts (intercept_), nil before Fit.
func (s *LinearSVC) Intercept() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.Intercept)
}

// NIter returns the largest number of solver iterations over the one-vs-rest
// problems (scikit-learn's n_iter_).
func (s *LinearSVC) NIter() int {
	if s.fit == nil {
		return 0
	}
	return s.fit.NIter
}

// Converged reports whether every problem met Tol within MaxIter.
func (s *LinearSVC) Converged() bool { return s.fit != nil && s.fit.Converged }

// MarshalState encodes the learned state (nil before Fit).
func (s *LinearSVC) MarshalState() ([]byte, error) {
	return estimator.EncodeState(linearStateVersion, s.fit)
}

// UnmarshalState restores state written by MarshalState; inconsistent state gives
// an error wrapping estimator.ErrState and leaves the receiver unchanged.
func (s *LinearSVC) UnmarshalState(b []byte) error {
	return unmarshalLinear("svm.LinearSVC", b, &s.fit, false)
}

// String prints the hyperparameters.
func (s *LinearSVC) String() string { return estimator.Format(s) }

func (f *linearFit) coef() *mat.Dense {
	if f == nil {
		return nil
	}
	return mat.NewDense(len(f.Intercept), f.NFeatures, slices.Clone(f.Coef))
}

func unmarshalLinear(name string, b []byte, dst **linearFit, regression bool) error {
	var f *linearFit
	if err := estimator.DecodeState(b, linearStateVersion, &f); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if f != nil && f.Regression != regression {
		return fmt.Errorf("%s: state is of another model: %w", name, estimator.ErrState)
	}
	*dst = f
	return nil
}

// LinearSVR is linear support vector regression (scikit-learn: svm.LinearSVR,
// liblinear):
//
//	min_w ½‖w‖² + C Σ wᵢ ξ(|yᵢ − wᵀxᵢ − b| − ε),   ξ(t) = max(0, t) or max(0, t)²,
//
// with the intercept learned as the weight of a constant feature InterceptScaling
// (regularised, as in liblinear). The zero value is scikit-learn's default
// LinearSVR().
type LinearSVR struct {
	// C is the penalty, > 0; 0 means 1.
	C float64
	// Epsilon is the insensitive margin, >= 0 (scikit-learn's default 0).
	Epsilon float64
	// Loss is "epsilon_insensitive" ("" means this) or
	// "squared_epsilon_insensitive".
	Loss string
	// Primal solves the primal (dual=False) by Newton's method; it needs Loss
	// "squared_epsilon_insensitive".
	Primal bool
	// Tol is the stopping tolerance; 0 means 1e-4.
	Tol float64
	// MaxIter bounds the solver's iterations; 0 means 1000.
	MaxIter int
	// NoIntercept fits no intercept (fit_intercept=False).
	NoIntercept bool
	// InterceptScaling is the value of the constant feature; 0 means 1.
	InterceptScaling float64
	// Seed seeds the random order of coordinate descent.
	Seed uint64

	fit *linearFit
}

// Validate reports whether the hyperparameters are usable.
func (s *LinearSVR) Validate() error {
	if !(s.C >= 0) || math.IsInf(s.C, 0) {
		return &estimator.ParamError{Param: "C", Value: s.C, Reason: "must be finite and > 0 (0 means 1)"}
	}
	if !(s.Epsilon >= 0) || math.IsInf(s.Epsilon, 0) {
		return &estimator.ParamError{Param: "Epsilon", Value: s.Epsilon, Reason: "must be finite and >= 0"}
	}
	switch s.Loss {
	case "", "epsilon_insensitive":
		if s.Primal {
			return &estimator.ParamError{Param: "Loss", Value: s.Loss, Reason: `"epsilon_insensitive" needs the dual (Primal false)`}
		}
	case "squared_epsilon_insensitive":
	default:
		return &estimator.ParamError{Param: "Loss", Value: s.Loss, Reason: `must be "epsilon_insensitive" or "squared_epsilon_insensitive"`}
	}
	return validateLinearCommon(s.Tol, s.MaxIter, s.InterceptScaling)
}

// Fit trains the model on X (n×p) and targets y. Errors as for LinearSVC.Fit.
func (s *LinearSVR) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return s.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with sample weights scaling C per row (nil means ones).
func (s *LinearSVR) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const name = "svm.LinearSVR"
	pr, err := linearData(ctx, name, s, X, y, w, s.NoIntercept, s.InterceptScaling)
	if err != nil {
		return err
	}
	C := s.C
	if C == 0 {
		C = 1
	}
	for i := range pr.n {
		pr.y[i] = y[i]
		pr.C[i] = C
		if w != nil {
			pr.C[i] *= w[i]
		}
	}
	pr = dropZero(pr)
	if pr.n == 0 {
		return fmt.Errorf("%s: no sample has a positive weight: %w", name, estimator.ErrInvalidData)
	}
	tol := s.Tol
	if tol == 0 {
		tol = 1e-4
	}
	maxIter := s.MaxIter
	if maxIter == 0 {
		maxIter = 1000
	}
	var wv []float64
	var it int
	var conv bool
	if s.Primal {
		wv, it, conv, err = primalNewton(ctx, pr, true, s.Epsilon, tol, maxIter)
	} else {
		rng := rand.New(rand.NewPCG(s.Seed, 0))
		wv, it, conv, err = dualCDSVR(ctx, pr, s.Loss != "squared_epsilon_insensitive", s.Epsilon, tol, maxIter, rng)
	}
	if err != nil {
		return err
	}
	nf := pr.d
	if !s.NoIntercept {
		nf--
	}
	f := &linearFit{Regression: true, NFeatures: nf, Coef: slices.Clone(wv[:nf]), Intercept: []float64{0}, NIter: it, Converged: conv}
	if !s.NoIntercept {
		sc := s.InterceptScaling
		if sc == 0 {
			sc = 1
		}
		f.Intercept[0] = sc * wv[nf]
	}
	if err := estimator.FirstError(estimator.CheckFinite("coefficients", f.Coef...), estimator.CheckFinite("intercept", f.Intercept...)); err != nil {
		return fmt.Errorf("%s: %v: %w", name, err, estimator.ErrInvalidData)
	}
	s.fit = f
	return nil
}

// Predict returns wᵀx + b per row. It returns estimator.ErrNotFitted before Fit,
// estimator.ErrShape for a wrong feature count and estimator.ErrInvalidData for
// empty or non-finite X.
func (s *LinearSVR) Predict(X mat.Matrix) ([]float64, error) {
	d, err := s.fit.decision("svm.LinearSVR", X)
	if err != nil {
		return nil, err
	}
	return d.RawMatrix().Data, nil
}

// Coef returns the p weights (coef_), nil before Fit.
func (s *LinearSVR) Coef() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.Coef)
}

// Intercept returns the intercept (intercept_), 0 before Fit.
func (s *LinearSVR) Intercept() float64 {
	if s.fit == nil {
		return 0
	}
	return s.fit.Intercept[0]
}

// NIter returns the solver's iterations.
func (s *LinearSVR) NIter() int {
	if s.fit == nil {
		return 0
	}
	return s.fit.NIter
}

// Converged reports whether the solver met Tol within MaxIter.
func (s *LinearSVR) Converged() bool { return s.fit != nil && s.fit.Converged }

// MarshalState encodes the learned state (nil before Fit).
func (s *LinearSVR) MarshalState() ([]byte, error) {
	return estimator.EncodeState(linearStateVersion, s.fit)
}

// UnmarshalState is as for LinearSVC.UnmarshalState.
func (s *LinearSVR) UnmarshalState(b []byte) error {
	return unmarshalLinear("svm.LinearSVR", b, &s.fit, true)
}

// String prints the hyperparameters.
func (s *LinearSVR) String() string { return estimator.Format(s) }

func scaling(v float64) float64 {
	if v == 0 {
		return 1
	}
	return v
}
