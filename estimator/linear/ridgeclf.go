package linear

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
)

var (
	_ estimator.Classifier           = (*RidgeClassifier)(nil)
	_ estimator.WeightedFitter       = (*RidgeClassifier)(nil)
	_ estimator.Validator            = (*RidgeClassifier)(nil)
	_ estimator.StateMarshaler       = (*RidgeClassifier)(nil)
	_ metrics.DecisionFunctioner     = (*RidgeClassifier)(nil)
	_ estimator.Classifier           = (*RidgeClassifierCV)(nil)
	_ estimator.WeightedFitter       = (*RidgeClassifierCV)(nil)
	_ estimator.Validator            = (*RidgeClassifierCV)(nil)
	_ estimator.StateMarshaler       = (*RidgeClassifierCV)(nil)
	_ metrics.DecisionFunctioner     = (*RidgeClassifierCV)(nil)
	_ interface{ Coef() *mat.Dense } = (*RidgeClassifierCV)(nil)
)

// RidgeClassifier is a classifier that fits ridge regression to the labels coded as
// ±1, scikit-learn's RidgeClassifier. The labels y are binarized as scikit-learn's
// LabelBinarizer(neg_label=−1, pos_label=1) does: for two classes one target that is
// +1 for Classes()[1] and −1 otherwise, for K > 2 classes K targets (+1 for the row's
// class, −1 elsewhere). Each target t is fitted as Ridge does:
//
//	minimize over coefₜ, bₜ   Σᵢ sᵢ·(Yᵢₜ − xᵢ·coefₜ − bₜ)² + Alpha·‖coefₜ‖²
//
// with sᵢ the sample weights times the class weights. Predict returns Classes()[1]
// where the decision value x·coef + b is positive (two classes), else the class with
// the largest decision value (the first of equal ones).
//
// The zero value has Alpha 0 (least squares); scikit-learn's default is Alpha 1.
type RidgeClassifier struct {
	// Alpha is the L2 penalty, finite and >= 0. Zero is literal (no penalty);
	// scikit-learn's default is 1.0.
	Alpha float64
	// NoIntercept disables fitting the intercepts (scikit-learn fit_intercept=False).
	NoIntercept bool
	// ClassWeight is "" (every class weighs one) or ClassWeightBalanced (class c
	// weighs n/(K·n_c)); the class weights multiply the sample weights.
	// scikit-learn's dictionaries of weights are not supported.
	ClassWeight ClassWeight
	// Solver selects the least-squares algorithm, as for Ridge.
	Solver RidgeSolver

	fit *ridgeClfFit // learned state; nil until Fit succeeds
}

// ridgeClfFit is the learned state of the ridge classifiers (exported fields for gob).
type ridgeClfFit struct {
	Classes   []float64
	NFeatures int
	// Rows is 1 for two classes, else len(Classes).
	Rows      int
	Coef      []float64 // Rows × NFeatures, row-major
	Intercept []float64 // Rows
}

// Check validates a decoded ridgeClfFit.
func (f *ridgeClfFit) Check() error {
	K := len(f.Classes)
	want := K
	if K == 2 {
		want = 1
	}
	if err := estimator.FirstError(
		estimator.CheckClasses("Classes", f.Classes),
		estimator.CheckCount("NFeatures", f.NFeatures, 1, max(1, len(f.Coef))),
		estimator.CheckCount("Rows", f.Rows, want, want),
	); err != nil {
		return err
	}
	return estimator.FirstError(
		estimator.CheckLen("Coef", len(f.Coef), f.Rows*f.NFeatures),
		estimator.CheckFinite("Coef", f.Coef...),
		estimator.CheckLen("Intercept", len(f.Intercept), f.Rows),
		estimator.CheckFinite("Intercept", f.Intercept...),
	)
}

func validateClassWeight(cw ClassWeight) error {
	switch cw {
	case "", ClassWeightBalanced:
		return nil
	}
	return &estimator.ParamError{Param: "ClassWeight", Value: string(cw), Reason: `must be "" or "balanced"`}
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError for a negative, NaN or infinite Alpha, an unknown
// ClassWeight or an unknown Solver.
func (r *RidgeClassifier) Validate() error {
	if !(r.Alpha >= 0) || math.IsInf(r.Alpha, 1) {
		return &estimator.ParamError{Param: "Alpha", Value: r.Alpha, Reason: "must be finite and >= 0"}
	}
	if err := validateClassWeight(r.ClassWeight); err != nil {
		return err
	}
	return r.Solver.validate()
}

// ridgeClfTargets holds labels binarized to ±1 targets.
type ridgeClfTargets struct {
	x       *mat.Dense
	classes []float64
	code    []int
	ys      [][]float64 // Rows targets
	w       []float64   // sample weights times class weights (nil: ones)
}

// prepareRidgeClf checks X, y and w, encodes the classes, binarizes y and applies the
// class weights.
func prepareRidgeClf(X mat.Matrix, y, w []float64, cw ClassWeight) (*ridgeClfTargets, error) {
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return nil, err
	}
	if y == nil {
		return nil, fmt.Errorf("y is nil, a classifier needs labels: %w", estimator.ErrInvalidData)
	}
	n, _ := x.Dims()
	if err := checkSampleWeights(w, n); err != nil {
		return nil, err
	}
	if err := estimator.CheckLabelType(y); err != nil {
		return nil, err
	}
	classes, code := logitEncode(y)
	K := len(classes)
	if K < 2 {
		return nil, fmt.Errorf("y has %d class(es), a classifier needs at least 2: %w", K, estimator.ErrInvalidData)
	}
	t := &ridgeClfTargets{x: x, classes: classes, code: code, w: w}
	rows := K
	if K == 2 {
		rows = 1
	}
	for k := range rows {
		pos := k
		if K == 2 {
			pos = 1
		}
		yk := make([]float64, n)
		for i, c := range code {
			yk[i] = -1
			if c == pos {
				yk[i] = 1
			}
		}
		t.ys = append(t.ys, yk)
	}
	if cw == ClassWeightBalanced {
		base := w
		if base == nil {
			base = make([]float64, n)
			for i := range base {
				base[i] = 1
			}
		}
		t.w = logitBalanced(base, code, K)
	}
	return t, nil
}

// fitRidgeClf solves one ridge problem per target.
func fitRidgeClf(ctx context.Context, t *ridgeClfTargets, alpha float64, fitIntercept bool, solver RidgeSolver) (*ridgeClfFit, error) {
	solve := solveLS
	switch solver {
	case RidgeCholesky:
		solve = solveRidgeCholesky
	case RidgeSVD:
		solve = solveRidgeSVD
	}
	_, p := t.x.Dims()
	f := &ridgeClfFit{Classes: t.classes, NFeatures: p, Rows: len(t.ys)}
	for _, yk := range t.ys {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		coef, b, err := fitLeastSquares(solve, t.x, yk, t.w, alpha, fitIntercept)
		if err != nil {
			return nil, err
		}
		f.Coef = append(f.Coef, coef...)
		f.Intercept = append(f.Intercept, b)
	}
	return f, nil
}

// Fit fits the model to X (n×p) and class labels y. See FitWeighted.
func (r *RidgeClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return r.FitWeighted(ctx, X, y, nil)
}

// FitWeighted fits the model with sample weights w (nil means all ones). It returns
// ctx.Err() when ctx is done, a *estimator.ParamError for bad hyperparameters, an
// error wrapping ErrInvalidData for NaN/Inf or empty input, negative weights or fewer
// than two classes, and ErrShape for length mismatches. On error the model is
// unchanged.
func (r *RidgeClassifier) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("linear.RidgeClassifier: %w", err)
	}
	t, err := prepareRidgeClf(X, y, w, r.ClassWeight)
	if err != nil {
		return fmt.Errorf("linear.RidgeClassifier: %w", err)
	}
	f, err := fitRidgeClf(ctx, t, r.Alpha, !r.NoIntercept, r.Solver)
	if err != nil {
		return wrapCD("linear.RidgeClassifier", err)
	}
	r.fit = f
	return nil
}

// decision returns the n×Rows decision values of X, checked.
func (f *ridgeClfFit) decision(name string, X mat.Matrix) (*mat.Dense, error) {
	if f == nil {
		return nil, fmt.Errorf("%s: %w", name, estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	n, _ := x.Dims()
	W := mat.NewDense(f.Rows, f.NFeatures, f.Coef)
	d := mat.NewDense(n, f.Rows, nil)
	d.Mul(x, W.T())
	for i := range n {
		row := d.RawRowView(i)
		for k := range row {
			row[k] += f.Intercept[k]
		}
		if err := checkOutput(row); err != nil {
			return nil, fmt.Errorf("%s: row %d: %w", name, i, err)
		}
	}
	return d, nil
}

func (f *ridgeClfFit) decisionVector(name string, X mat.Matrix) ([]float64, error) {
	if f != nil && f.Rows != 1 {
		return nil, fmt.Errorf("%s: the model has %d classes, DecisionFunction is for two; use DecisionFunctionMatrix: %w",
			name, len(f.Classes), errors.ErrUnsupported)
	}
	d, err := f.decision(name, X)
	if err != nil {
		return nil, err
	}
	return d.RawMatrix().Data, nil
}

func (f *ridgeClfFit) predict(name string, X mat.Matrix) ([]float64, error) {
	d, err := f.decision(name, X)
	if err != nil {
		return nil, err
	}
	n, _ := d.Dims()
	out := make([]float64, n)
	for i := range n {
		row := d.RawRowView(i)
		if f.Rows == 1 {
			out[i] = f.Classes[0]
			if row[0] > 0 {
				out[i] = f.Classes[1]
			}
			continue
		}
		best := 0
		for k, v := range row {
			if v > row[best] {
				best = k
			}
		}
		out[i] = f.Classes[best]
	}
	return out, nil
}

func (f *ridgeClfFit) classes() []float64 {
	if f == nil {
		return nil
	}
	return slices.Clone(f.Classes)
}

func (f *ridgeClfFit) coef() *mat.Dense {
	if f == nil {
		return nil
	}
	return mat.NewDense(f.Rows, f.NFeatures, slices.Clone(f.Coef))
}

func (f *ridgeClfFit) intercept() []float64 {
	if f == nil {
		return nil
	}
	return slices.Clone(f.Intercept)
}

// checkRidgeClf checks decoded state against NoIntercept.
func (f *ridgeClfFit) checkIntercept(name string, noIntercept bool) error {
	if f == nil || !noIntercept {
		return nil
	}
	for k, b := range f.Intercept {
		if b != 0 {
			return fmt.Errorf("%s: Intercept[%d] is %v but NoIntercept is set: %w", name, k, b, estimator.ErrState)
		}
	}
	return nil
}

// Predict returns the predicted class of each row of X. It returns ErrNotFitted
// before Fit, ErrShape when X's column count differs from the data given to Fit, and
// ErrInvalidData for NaN/Inf or empty X or an overflowing decision value.
func (r *RidgeClassifier) Predict(X mat.Matrix) ([]float64, error) {
	return r.fit.predict("linear.RidgeClassifier", X)
}

// DecisionFunction returns x·coef + b for each row of a two-class model (positive
// favours Classes()[1]; scikit-learn decision_function); for more classes it returns
// an error wrapping errors.ErrUnsupported (use DecisionFunctionMatrix). Other errors
// as for Predict.
func (r *RidgeClassifier) DecisionFunction(X mat.Matrix) ([]float64, error) {
	return r.fit.decisionVector("linear.RidgeClassifier", X)
}

// DecisionFunctionMatrix returns the n×1 (two classes) or n×K decision values, with
// columns in Classes() order. Errors as for Predict.
func (r *RidgeClassifier) DecisionFunctionMatrix(X mat.Matrix) (*mat.Dense, error) {
	return r.fit.decision("linear.RidgeClassifier", X)
}

// Classes returns the sorted class labels (scikit-learn classes_), or nil before Fit.
func (r *RidgeClassifier) Classes() []float64 { return r.fit.classes() }

// Coef returns a copy of the coefficients (scikit-learn coef_): 1×p for two classes,
// K×p otherwise; nil before Fit.
func (r *RidgeClassifier) Coef() *mat.Dense { return r.fit.coef() }

// Intercept returns a copy of the intercepts (scikit-learn intercept_), nil before
// Fit.
func (r *RidgeClassifier) Intercept() []float64 { return r.fit.intercept() }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (r *RidgeClassifier) MarshalState() ([]byte, error) {
	return estimator.EncodeState(ridgeClfStateVersion, r.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, classes that are not sorted, distinct and
// finite, coefficients that are not Rows × NFeatures finite values, or intercepts with
// NoIntercept give an error wrapping estimator.ErrState, and the receiver is
// unchanged.
func (r *RidgeClassifier) UnmarshalState(b []byte) error {
	var f *ridgeClfFit
	if err := estimator.DecodeState(b, ridgeClfStateVersion, &f); err != nil {
		return fmt.Errorf("linear.RidgeClassifier: %w", err)
	}
	if err := f.checkIntercept("linear.RidgeClassifier", r.NoIntercept); err != nil {
		return err
	}
	r.fit = f
	return nil
}

// String returns the settings of r, as estimator.Format prints them.
func (r *RidgeClassifier) String() string { return estimator.Format(r) }

// RidgeClassifierCV is RidgeClassifier with Alpha chosen by cross-validation,
// scikit-learn's RidgeClassifierCV. With CV nil (the default) every alpha is scored
// by efficient leave-one-out over all ±1 targets at once, as RidgeCV: the negative
// mean squared leave-one-out residual over the n·Rows targets, or Scoring applied to
// the leave-one-out class predictions (the argmax of the centred predictions, as
// scikit-learn; for two classes the sign of the decision value — scikit-learn 1.2.1
// takes the argmax of its single column there, which scores every alpha the same).
// With a CV splitter each alpha's score is the mean test score of RidgeClassifier over
// the folds (fitted with the sample weights times the class weights of all rows, as
// scikit-learn), with Scoring or accuracy. The best alpha (the first of equal scores)
// is refitted on all rows.
type RidgeClassifierCV struct {
	// Alphas are the candidate penalties, each finite and > 0; nil means
	// {0.1, 1, 10}. At most 10000.
	Alphas []float64
	// NoIntercept disables fitting the intercepts (scikit-learn fit_intercept=False).
	NoIntercept bool
	// Scoring names the metric (a metrics.ScorerByName name such as "accuracy");
	// empty means the negative mean squared error for leave-one-out and accuracy
	// with CV.
	Scoring string
	// CV splits the rows; nil means efficient leave-one-out. Tagged `param:"-"`.
	CV crossval.Splitter `param:"-"`
	// ClassWeight is "" or ClassWeightBalanced, as for RidgeClassifier.
	ClassWeight ClassWeight
	// StoreCVValues keeps the leave-one-out values for CVValues; not with CV.
	StoreCVValues bool

	fit *ridgeClfCVFit // learned state; nil until Fit succeeds
}

// ridgeClfCVFit is the learned state of RidgeClassifierCV (exported fields for gob).
type ridgeClfCVFit struct {
	Model     ridgeClfFit
	Alpha     float64
	BestScore float64
	CVValues  []float64 // CVRows × number of alphas, row-major
	CVRows    int
}

// Check validates a decoded ridgeClfCVFit.
func (f *ridgeClfCVFit) Check() error {
	return estimator.FirstError(
		f.Model.Check(),
		estimator.CheckPositive("Alpha", f.Alpha),
		estimator.CheckFinite("BestScore", f.BestScore),
		estimator.CheckCount("CVRows", f.CVRows, 0, max(0, len(f.CVValues))),
		estimator.CheckFinite("CVValues", f.CVValues...),
	)
}

func (f *ridgeClfCVFit) model() *ridgeClfFit {
	if f == nil {
		return nil
	}
	return &f.Model
}

// Validate reports whether the hyperparameters are usable. It returns a
// *estimator.ParamError for empty, non-positive or non-finite Alphas, an unknown
// Scoring or ClassWeight, StoreCVValues with CV, or an invalid CV splitter.
func (r *RidgeClassifierCV) Validate() error {
	if err := validateRidgeCV(r.Alphas, r.Scoring, r.CV, GCVAuto, r.StoreCVValues); err != nil {
		return err
	}
	return validateClassWeight(r.ClassWeight)
}

// Fit fits the model to X and class labels y. See FitWeighted.
func (r *RidgeClassifierCV) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return r.FitWeighted(ctx, X, y, nil)
}

// FitWeighted cross-validates every alpha and fits the best one with sample weights
// w (nil means all ones). Errors as for RidgeClassifier.FitWeighted, plus an error
// wrapping ErrInvalidData for fewer than 2 rows or a problem too large for
// leave-one-out (min(n, p) above 4096).
func (r *RidgeClassifierCV) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("linear.RidgeClassifierCV: %w", err)
	}
	t, err := prepareRidgeClf(X, y, w, r.ClassWeight)
	if err != nil {
		return fmt.Errorf("linear.RidgeClassifierCV: %w", err)
	}
	alphas := r.Alphas
	if alphas == nil {
		alphas = defaultRidgeAlphas
	}
	var scorer metrics.Scorer
	if r.Scoring != "" {
		scorer, _ = metrics.ScorerByName(r.Scoring)
	}
	_, p := t.x.Dims()
	var f *ridgeClfCVFit
	if r.CV == nil {
		cls := make([]float64, len(t.code))
		for i, c := range t.code {
			cls[i] = float64(c)
		}
		res, err := ridgeLOO(ctx, t.x, t.ys, t.w, looConfig{
			alphas: alphas, fitIntercept: !r.NoIntercept, scorer: scorer, isClf: true, classIdx: cls,
			storeValues: r.StoreCVValues,
		})
		if err != nil {
			return wrapCD("linear.RidgeClassifierCV", err)
		}
		m := ridgeClfFit{Classes: t.classes, NFeatures: p, Rows: len(t.ys), Intercept: res.intercept}
		for _, c := range res.coef {
			m.Coef = append(m.Coef, c...)
		}
		f = &ridgeClfCVFit{Model: m, Alpha: alphas[res.best], BestScore: res.bestScore}
		if r.StoreCVValues {
			rows := len(t.code) * len(t.ys)
			f.CVRows = rows
			f.CVValues = make([]float64, rows*len(alphas))
			for a, v := range res.values {
				for i := range rows {
					f.CVValues[i*len(alphas)+a] = v[i]
				}
			}
		}
	} else {
		if scorer == nil {
			scorer = metrics.Accuracy
		}
		best, score, err := gridAlphaCV(ctx, t.x, y, t.w, alphas, r.CV, scorer, func(a float64) estimator.Estimator {
			return &RidgeClassifier{Alpha: a, NoIntercept: r.NoIntercept}
		})
		if err != nil {
			return wrapCD("linear.RidgeClassifierCV", err)
		}
		m, err := fitRidgeClf(ctx, t, alphas[best], !r.NoIntercept, RidgeAuto)
		if err != nil {
			return wrapCD("linear.RidgeClassifierCV", err)
		}
		f = &ridgeClfCVFit{Model: *m, Alpha: alphas[best], BestScore: score}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r.fit = f
	return nil
}

// Predict returns the predicted class of each row of X. Errors as for
// RidgeClassifier.Predict.
func (r *RidgeClassifierCV) Predict(X mat.Matrix) ([]float64, error) {
	return r.fit.model().predict("linear.RidgeClassifierCV", X)
}

// DecisionFunction returns x·coef + b for each row of a two-class model; see
// RidgeClassifier.DecisionFunction.
func (r *RidgeClassifierCV) DecisionFunction(X mat.Matrix) ([]float64, error) {
	return r.fit.model().decisionVector("linear.RidgeClassifierCV", X)
}

// DecisionFunctionMatrix returns the n×1 (two classes) or n×K decision values.
func (r *RidgeClassifierCV) DecisionFunctionMatrix(X mat.Matrix) (*mat.Dense, error) {
	return r.fit.model().decision("linear.RidgeClassifierCV", X)
}

// Classes returns the sorted class labels, or nil before Fit.
func (r *RidgeClassifierCV) Classes() []float64 { return r.fit.model().classes() }

// Coef returns a copy of the coefficients of the chosen alpha: 1×p for two classes,
// K×p otherwise; nil before Fit.
func (r *RidgeClassifierCV) Coef() *mat.Dense { return r.fit.model().coef() }

// Intercept returns a copy of the intercepts, nil before Fit.
func (r *RidgeClassifierCV) Intercept() []float64 { return r.fit.model().intercept() }

// Alpha returns the chosen penalty (scikit-learn alpha_), 0 before Fit.
func (r *RidgeClassifierCV) Alpha() float64 {
	if r.fit == nil {
		return 0
	}
	return r.fit.Alpha
}

// BestScore returns the cross-validation score of the chosen penalty (scikit-learn
// best_score_), 0 before Fit.
func (r *RidgeClassifierCV) BestScore() float64 {
	if r.fit == nil {
		return 0
	}
	return r.fit.BestScore
}

// CVValues returns the leave-one-out values of the last Fit as an (n·Rows)×len(Alphas)
// matrix, row i·Rows+t for sample i and target t (scikit-learn's cv_values_ of shape
// (n, Rows, len(alphas)) flattened): squared errors, or with Scoring the centred,
// √w-scaled predictions. It is nil before Fit and unless StoreCVValues was set.
func (r *RidgeClassifierCV) CVValues() *mat.Dense {
	if r.fit == nil || r.fit.CVRows == 0 {
		return nil
	}
	return mat.NewDense(r.fit.CVRows, len(r.fit.CVValues)/r.fit.CVRows, slices.Clone(r.fit.CVValues))
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (r *RidgeClassifierCV) MarshalState() ([]byte, error) {
	return estimator.EncodeState(ridgeClfCVStateVersion, r.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. Invalid state (see RidgeClassifier.UnmarshalState, plus a
// non-positive alpha, a non-finite score, or CV values that are not a CVRows-row
// finite matrix) gives an error wrapping estimator.ErrState, and the receiver is
// unchanged.
func (r *RidgeClassifierCV) UnmarshalState(b []byte) error {
	var f *ridgeClfCVFit
	if err := estimator.DecodeState(b, ridgeClfCVStateVersion, &f); err != nil {
		return fmt.Errorf("linear.RidgeClassifierCV: %w", err)
	}
	if f != nil {
		if err := f.Model.checkIntercept("linear.RidgeClassifierCV", r.NoIntercept); err != nil {
			return err
		}
		if f.CVRows > 0 && len(f.CVValues)%f.CVRows != 0 || f.CVRows == 0 && len(f.CVValues) > 0 {
			return fmt.Errorf("linear.RidgeClassifierCV: %d CV values for %d rows: %w", len(f.CVValues), f.CVRows, estimator.ErrState)
		}
	}
	r.fit = f
	return nil
}

// String returns the settings of r, as estimator.Format prints them.
func (r *RidgeClassifierCV) String() string { return estimator.Format(r) }

// State versions of the ridge classifiers (estimator.EncodeState).
const (
	ridgeClfStateVersion   = 1
	ridgeClfCVStateVersion = 1
)
