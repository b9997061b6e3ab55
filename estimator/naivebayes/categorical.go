package naivebayes

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.ProbaClassifier = (*CategoricalNB)(nil)
	_ estimator.Validator       = (*CategoricalNB)(nil)
	_ estimator.StateMarshaler  = (*CategoricalNB)(nil)
	_ estimator.WeightedFitter  = (*CategoricalNB)(nil)
)

// MaxCategories bounds the category codes CategoricalNB accepts: every value of X
// must be an integer in [0, MaxCategories).
const MaxCategories = 1 << 16

// CategoricalNB is naive Bayes for categorical features (scikit-learn:
// naive_bayes.CategoricalNB). Each feature holds category codes 0, 1, 2, …
// (preprocess.OrdinalEncoder produces them). With Nc the (weighted) samples of class
// c and Ncjt those among them whose feature j is t, it sets
//
//	log P(xⱼ = t | c) = log(Ncjt + α) − log Σₜ (Ncjt + α)
//	jll_c(x)          = log πc + Σⱼ log P(xⱼ | c)
//
// where t runs over the categories seen so far for feature j (at least
// MinCategories). The class probabilities are the softmax of jll. X must hold
// non-negative integers below MaxCategories (scikit-learn truncates other values to
// integers; CategoricalNB rejects them), and prediction rejects a category the
// model has not seen.
//
// The zero value is scikit-learn's default CategoricalNB().
type CategoricalNB struct {
	// Alpha is the additive (Laplace/Lidstone) smoothing (scikit-learn's alpha).
	// Zero means 1.0, the default; values below 1e-10 are raised to 1e-10 as
	// scikit-learn does (force_alpha=False). It must be finite and >= 0.
	Alpha float64
	// NoFitPrior uses uniform class priors instead of the class frequencies
	// (scikit-learn fit_prior=False). Ignored when ClassPrior is set.
	NoFitPrior bool
	// ClassPrior fixes the class priors, in sorted class order (scikit-learn's
	// class_prior); nil means fit them (or uniform with NoFitPrior). Values must
	// be finite and >= 0; the length must equal the number of classes.
	ClassPrior []float64
	// MinCategories is the least number of categories of each feature
	// (scikit-learn's min_categories): nil means none, one value applies to every
	// feature, otherwise there must be one value per feature. Values must lie in
	// [0, MaxCategories].
	MinCategories []int

	fit *categoricalFit // nil until Fit succeeds
}

// categoricalFit is the learned state of a CategoricalNB; fields are exported for
// gob.
type categoricalFit struct {
	Classes    []float64
	NFeatures  int
	ClassCount []float64
	// Width[j] is the number of categories counted for feature j.
	Width []int
	// CategoryCount[j] and FeatureLogProb[j] are K×Width[j], row-major.
	CategoryCount  [][]float64
	FeatureLogProb [][]float64
	ClassLogPrior  []float64
	// NCategories is scikit-learn's n_categories_: the categories of the last
	// batch (its largest code + 1), raised to MinCategories.
	NCategories []int
}

const categoricalStateVersion = 1

// Check validates decoded state.
func (f *categoricalFit) Check() error {
	if err := checkDims(f.Classes, f.NFeatures); err != nil {
		return err
	}
	k, p := len(f.Classes), f.NFeatures
	if err := estimator.FirstError(
		estimator.CheckLen("ClassCount", len(f.ClassCount), k),
		estimator.CheckFinite("ClassCount", f.ClassCount...),
		checkNonNegative("ClassCount", f.ClassCount...),
		estimator.CheckLen("Width", len(f.Width), p),
		estimator.CheckLen("CategoryCount", len(f.CategoryCount), p),
		estimator.CheckLen("FeatureLogProb", len(f.FeatureLogProb), p),
		estimator.CheckLen("NCategories", len(f.NCategories), p),
		estimator.CheckLen("ClassLogPrior", len(f.ClassLogPrior), k),
	); err != nil {
		return err
	}
	total := 0
	for j := 0; j < p; j++ {
		if err := estimator.FirstError(
			estimator.CheckCount(fmt.Sprintf("Width[%d]", j), f.Width[j], 1, MaxCategories),
			estimator.CheckCount(fmt.Sprintf("NCategories[%d]", j), f.NCategories[j], 1, MaxCategories),
		); err != nil {
			return err
		}
		total += f.Width[j]
		if total > maxStateDim {
			return fmt.Errorf("the features have more than %d categories in all", maxStateDim)
		}
		name := fmt.Sprintf("CategoryCount[%d]", j)
		lname := fmt.Sprintf("FeatureLogProb[%d]", j)
		if err := estimator.FirstError(
			estimator.CheckLen(name, len(f.CategoryCount[j]), k*f.Width[j]),
			estimator.CheckFinite(name, f.CategoryCount[j]...),
			checkNonNegative(name, f.CategoryCount[j]...),
			estimator.CheckLen(lname, len(f.FeatureLogProb[j]), k*f.Width[j]),
			estimator.CheckFinite(lname, f.FeatureLogProb[j]...),
		); err != nil {
			return err
		}
		for i, v := range f.FeatureLogProb[j] {
			if v > 0 {
				return fmt.Errorf("%s[%d] is %v, want a value <= 0", lname, i, v)
			}
		}
	}
	finite := false
	for i, v := range f.ClassLogPrior {
		if math.IsNaN(v) || v > 0 {
			return fmt.Errorf("ClassLogPrior[%d] is %v, want a value <= 0 or -Inf", i, v)
		}
		finite = finite || !math.IsInf(v, 0)
	}
	if !finite {
		return fmt.Errorf("ClassLogPrior has no finite value")
	}
	return nil
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (m *CategoricalNB) Validate() error {
	for _, v := range m.MinCategories {
		if v < 0 || v > MaxCategories {
			return &estimator.ParamError{Param: "MinCategories", Value: m.MinCategories, Reason: fmt.Sprintf("values must be in [0, %d]", MaxCategories)}
		}
	}
	return validateDiscrete(m.Alpha, m.ClassPrior)
}

// Fit fits the model to X (n×p category codes) and class labels y (any distinct
// finite values, sorted into Classes). It returns a *estimator.ParamError for bad
// hyperparameters (including a ClassPrior or MinCategories of the wrong length),
// an error wrapping estimator.ErrInvalidData for empty or non-finite input, values
// that are not integers in [0, MaxCategories) or fewer than two classes, and
// estimator.ErrShape when len(y) differs from the rows of X. It returns ctx.Err()
// when ctx is done. On error the previous model, if any, is kept.
func (m *CategoricalNB) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return m.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; scikit-learn's
// sample_weight). Weights must be finite and >= 0; a wrong length gives
// estimator.ErrShape.
func (m *CategoricalNB) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	x, err := m.prepare(ctx, X, y, w)
	if err != nil {
		return err
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return fmt.Errorf("naivebayes.CategoricalNB: %w", err)
	}
	return m.update(x, y, w, classes, nil)
}

// PartialFit adds one more batch to the counts (scikit-learn's partial_fit).
// classes lists every class the model will see; it is required on the first call
// (when the model is unfitted) and may be nil later, when it must otherwise equal
// the classes of the first call. Every label of y must be one of the classes.
// Errors as for Fit, plus estimator.ErrShape when X's feature count differs from
// the model's; on error the model is unchanged.
func (m *CategoricalNB) PartialFit(ctx context.Context, X mat.Matrix, y, classes []float64) error {
	return m.PartialFitWeighted(ctx, X, y, nil, classes)
}

// PartialFitWeighted is PartialFit with per-sample weights w (nil means all ones).
func (m *CategoricalNB) PartialFitWeighted(ctx context.Context, X mat.Matrix, y, w, classes []float64) error {
	x, err := m.prepare(ctx, X, y, w)
	if err != nil {
		return err
	}
	var prev []float64
	if m.fit != nil {
		prev = m.fit.Classes
		if _, p := x.Dims(); p != m.fit.NFeatures {
			return fmt.Errorf("naivebayes.CategoricalNB: X has %d features, but the model was fitted with %d: %w", p, m.fit.NFeatures, estimator.ErrShape)
		}
	}
	cls, err := partialClasses(prev, classes, y)
	if err != nil {
		return fmt.Errorf("naivebayes.CategoricalNB: %w", err)
	}
	return m.update(x, y, w, cls, m.fit)
}

func (m *CategoricalNB) prepare(ctx context.Context, X mat.Matrix, y, w []float64) (*mat.Dense, error) {
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("naivebayes.CategoricalNB: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return nil, fmt.Errorf("naivebayes.CategoricalNB: %w", err)
	}
	if y == nil {
		return nil, fmt.Errorf("naivebayes.CategoricalNB: y is nil, a classifier needs labels: %w", estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	if err := checkWeights(w, n); err != nil {
		return nil, fmt.Errorf("naivebayes.CategoricalNB: %w", err)
	}
	if len(m.MinCategories) > 1 && len(m.MinCategories) != p {
		return nil, fmt.Errorf("naivebayes.CategoricalNB: %w", &estimator.ParamError{Param: "MinCategories", Value: m.MinCategories,
			Reason: fmt.Sprintf("has %d values for %d features", len(m.MinCategories), p)})
	}
	if err := checkCodes(x); err != nil {
		return nil, err
	}
	return x, nil
}

// checkCodes reports whether every value of x is an integer in [0, MaxCategories).
func checkCodes(x *mat.Dense) error {
	n, _ := x.Dims()
	for i := 0; i < n; i++ {
		for j, v := range x.RawRowView(i) {
			if !(v >= 0 && v < MaxCategories) || v != math.Trunc(v) {
				return fmt.Errorf("naivebayes.CategoricalNB: X[%d, %d] is %v, want a category code (an integer in [0, %d)): %w",
					i, j, v, MaxCategories, estimator.ErrInvalidData)
			}
		}
	}
	return nil
}

// update is scikit-learn's CategoricalNB._count, _update_feature_log_prob and
// _update_class_log_prior on a copy of prev (nil on a first call).
func (m *CategoricalNB) update(x *mat.Dense, y, w, classes []float64, prev *categoricalFit) error {
	n, p := x.Dims()
	K := len(classes)
	if m.ClassPrior != nil && len(m.ClassPrior) != K {
		return fmt.Errorf("naivebayes.CategoricalNB: %w", &estimator.ParamError{Param: "ClassPrior", Value: m.ClassPrior,
			Reason: fmt.Sprintf("has %d values for %d classes", len(m.ClassPrior), K)})
	}
	f := &categoricalFit{Classes: slices.Clone(classes), NFeatures: p, ClassCount: make([]float64, K),
		Width: make([]int, p), CategoryCount: make([][]float64, p), NCategories: make([]int, p)}
	if prev != nil {
		copy(f.ClassCount, prev.ClassCount)
		copy(f.Width, prev.Width)
	}
	// n_categories_ of this batch: largest code + 1, raised to MinCategories.
	for j := 0; j < p; j++ {
		hi := 0.0
		for i := 0; i < n; i++ {
			hi = max(hi, x.At(i, j))
		}
		nc := int(hi) + 1
		if len(m.MinCategories) == 1 {
			nc = max(nc, m.MinCategories[0])
		} else if len(m.MinCategories) == p {
			nc = max(nc, m.MinCategories[j])
		}
		f.NCategories[j] = nc
		width := max(f.Width[j], nc)
		cc := make([]float64, K*width)
		if prev != nil {
			old := prev.Width[j]
			for c := 0; c < K; c++ {
				copy(cc[c*width:c*width+old], prev.CategoryCount[j][c*old:(c+1)*old])
			}
		}
		f.Width[j], f.CategoryCount[j] = width, cc
	}
	code := codes(classes, y)
	for i := 0; i < n; i++ {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		c := code[i]
		f.ClassCount[c] += wi
		for j, v := range x.RawRowView(i) {
			f.CategoryCount[j][c*f.Width[j]+int(v)] += wi
		}
	}
	alpha := resolvedAlpha(m.Alpha)
	f.FeatureLogProb = make([][]float64, p)
	for j := 0; j < p; j++ {
		wd := f.Width[j]
		lp := make([]float64, K*wd)
		for c := 0; c < K; c++ {
			s := 0.0
			for t := 0; t < wd; t++ {
				s += f.CategoryCount[j][c*wd+t] + alpha
			}
			ls := math.Log(s)
			for t := 0; t < wd; t++ {
				lp[c*wd+t] = math.Log(f.CategoryCount[j][c*wd+t]+alpha) - ls
			}
		}
		f.FeatureLogProb[j] = lp
	}
	f.ClassLogPrior = classLogPrior(f.ClassCount, m.ClassPrior, m.NoFitPrior)
	if err := f.Check(); err != nil {
		return fmt.Errorf("naivebayes.CategoricalNB: the fitted model is unusable (%v; all weights zero?): %w", err, estimator.ErrInvalidData)
	}
	m.fit = f
	return nil
}

// classLogPrior is scikit-learn's _update_class_log_prior.
func classLogPrior(classCount, classPrior []float64, noFitPrior bool) []float64 {
	K := len(classCount)
	out := make([]float64, K)
	switch {
	case classPrior != nil:
		for c, v := range classPrior {
			out[c] = math.Log(v)
		}
	case !noFitPrior:
		total := 0.0
		for _, v := range classCount {
			total += v
		}
		lt := math.Log(total)
		for c, v := range classCount {
			out[c] = math.Log(v) - lt
		}
	default:
		for c := range out {
			out[c] = -math.Log(float64(K))
		}
	}
	return out
}

func (m *CategoricalNB) jll(X mat.Matrix) (*mat.Dense, error) {
	f := m.fit
	if f == nil {
		return nil, fmt.Errorf("naivebayes.CategoricalNB: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("naivebayes.CategoricalNB: %w", err)
	}
	if err := checkCodes(x); err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	K := len(f.Classes)
	out := mat.NewDense(n, K, nil)
	for i := 0; i < n; i++ {
		row := out.RawRowView(i)
		for j, v := range x.RawRowView(i) {
			t, wd := int(v), f.Width[j]
			if t >= wd {
				return nil, fmt.Errorf("naivebayes.CategoricalNB: X[%d, %d] is category %d, but the model knows %d categories of feature %d: %w",
					i, j, t, wd, j, estimator.ErrInvalidData)
			}
			for c := range row {
				row[c] += f.FeatureLogProb[j][c*wd+t]
			}
		}
		for c := range row {
			row[c] += f.ClassLogPrior[c]
		}
	}
	if err := checkJLL(out); err != nil {
		return nil, fmt.Errorf("naivebayes.CategoricalNB: %w", err)
	}
	return out, nil
}

// Predict returns the most probable class of each row of X (the first on ties). It
// returns estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature
// count, and estimator.ErrInvalidData for empty or non-finite X, a value that is not
// a category code or a category the model has not seen.
func (m *CategoricalNB) Predict(X mat.Matrix) ([]float64, error) {
	jll, err := m.jll(X)
	if err != nil {
		return nil, err
	}
	return argmaxClasses(jll, m.fit.Classes), nil
}

// PredictLogProba returns the n×K log class probabilities, columns in Classes()
// order (scikit-learn's predict_log_proba). Errors as for Predict.
func (m *CategoricalNB) PredictLogProba(X mat.Matrix) (*mat.Dense, error) {
	jll, err := m.jll(X)
	if err != nil {
		return nil, err
	}
	return logProba(jll), nil
}

// PredictProba returns exp(PredictLogProba(X)) (scikit-learn's predict_proba).
// Errors as for Predict.
func (m *CategoricalNB) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	lp, err := m.PredictLogProba(X)
	if err != nil {
		return nil, err
	}
	return expInPlace(lp), nil
}

// Classes returns a copy of the sorted class labels, or nil before Fit.
func (m *CategoricalNB) Classes() []float64 {
	if m.fit == nil {
		return nil
	}
	return slices.Clone(m.fit.Classes)
}

// FeatureLogProb returns, for each feature j, a copy of the K×categories matrix of
// log P(xⱼ = t | c) (scikit-learn's feature_log_prob_), or nil before Fit.
func (m *CategoricalNB) FeatureLogProb() []*mat.Dense {
	if m.fit == nil {
		return nil
	}
	out := make([]*mat.Dense, m.fit.NFeatures)
	for j := range out {
		out[j] = matOf(len(m.fit.Classes), m.fit.Width[j], m.fit.FeatureLogProb[j])
	}
	return out
}

// CategoryCount returns, for each feature j, a copy of the K×categories matrix of
// (weighted) counts (scikit-learn's category_count_), or nil before Fit.
func (m *CategoricalNB) CategoryCount() []*mat.Dense {
	if m.fit == nil {
		return nil
	}
	out := make([]*mat.Dense, m.fit.NFeatures)
	for j := range out {
		out[j] = matOf(len(m.fit.Classes), m.fit.Width[j], m.fit.CategoryCount[j])
	}
	return out
}

// NCategories returns a copy of scikit-learn's n_categories_ (the categories of
// each feature in the last Fit or PartialFit batch, raised to MinCategories), or
// nil before Fit.
func (m *CategoricalNB) NCategories() []int {
	if m.fit == nil {
		return nil
	}
	return slices.Clone(m.fit.NCategories)
}

// ClassCount returns a copy of the (weighted) number of samples seen per class
// (scikit-learn's class_count_), or nil before Fit.
func (m *CategoricalNB) ClassCount() []float64 {
	if m.fit == nil {
		return nil
	}
	return slices.Clone(m.fit.ClassCount)
}

// ClassLogPrior returns a copy of the log class priors (scikit-learn's
// class_log_prior_), or nil before Fit.
func (m *CategoricalNB) ClassLogPrior() []float64 {
	if m.fit == nil {
		return nil
	}
	return slices.Clone(m.fit.ClassLogPrior)
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (m *CategoricalNB) MarshalState() ([]byte, error) {
	return estimator.EncodeState(categoricalStateVersion, m.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, classes that are not sorted, distinct
// and finite, lengths that do not match the classes, NFeatures and category
// widths, widths outside [1, MaxCategories], negative or non-finite counts,
// non-finite or positive log probabilities, or log priors that are NaN, positive or
// all -Inf give an error wrapping estimator.ErrState, and the receiver is unchanged.
func (m *CategoricalNB) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, categoricalStateVersion, &m.fit); err != nil {
		return fmt.Errorf("naivebayes.CategoricalNB: %w", err)
	}
	return nil
}

// String prints the hyperparameters.
func (m *CategoricalNB) String() string { return estimator.Format(m) }
