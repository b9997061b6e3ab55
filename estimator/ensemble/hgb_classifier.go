package ensemble

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.ProbaClassifier = (*HistGradientBoostingClassifier)(nil)
	_ estimator.Validator       = (*HistGradientBoostingClassifier)(nil)
	_ estimator.StateMarshaler  = (*HistGradientBoostingClassifier)(nil)
	_ estimator.WeightedFitter  = (*HistGradientBoostingClassifier)(nil)
)

// HistGradientBoostingClassifier is histogram-based gradient boosting for
// classification with the log-loss (scikit-learn:
// ensemble.HistGradientBoostingClassifier): one tree per iteration for two classes
// (the logit of Classes()[1]), one per class and iteration for more (a softmax over
// the raw scores). Binning, tree growth and missing values are as for
// HistGradientBoostingRegressor; the early-stopping validation split is stratified
// by class.
//
// The zero value is scikit-learn's default HistGradientBoostingClassifier().
type HistGradientBoostingClassifier struct {
	// Loss is "log_loss" (the only one; "" means it).
	Loss string
	// LearningRate multiplies the leaf values (shrinkage); 0 means 0.1.
	LearningRate float64
	// MaxIter is the number of boosting iterations; 0 means 100.
	MaxIter int
	// MaxLeafNodes bounds the leaves of each tree; 0 means 31 and -1 means no bound.
	MaxLeafNodes int
	// MaxDepth bounds the depth of each tree; 0 means no bound.
	MaxDepth int
	// MinSamplesLeaf is the minimum number of rows in a leaf; 0 means 20.
	MinSamplesLeaf int
	// L2Regularization is added to the hessian sums of leaf values.
	L2Regularization float64
	// MaxBins is the number of bins for non-missing values, in [2, 255]; 0 means 255.
	MaxBins int
	// CategoricalFeatures lists the indices of categorical features, whose values
	// must be integers in [0, MaxBins) (NaN: missing).
	CategoricalFeatures []int
	// CategoricalMask marks categorical features with one bool per feature.
	CategoricalMask []bool
	// MonotonicCst gives one constraint per feature on the raw score (binary
	// classification only): 1 increasing, -1 decreasing, 0 none.
	MonotonicCst []int
	// InteractionCst lists sets of features that may interact (nil: no constraint).
	InteractionCst [][]int
	// WarmStart makes Fit add iterations to the previous fit up to MaxIter.
	WarmStart bool
	// EarlyStopping is "" (auto: on above 10 000 rows), "on" or "off".
	EarlyStopping EarlyStopping
	// Scoring is the early-stopping score: "" or "loss", or a scorer name of
	// metrics.ScorerByName ("accuracy", ...).
	Scoring string
	// ValidationFraction is the fraction of rows held out for early stopping; 0
	// means 0.1.
	ValidationFraction float64
	// NoValidation scores early stopping on the training data
	// (validation_fraction=None).
	NoValidation bool
	// NIterNoChange is the patience of early stopping; 0 means 10.
	NIterNoChange int
	// Tol is the improvement that counts for early stopping; 0 means 1e-7.
	Tol float64
	// Seed seeds the validation split and the binning subsample.
	Seed uint64
	// Workers bounds the goroutines; 0 means GOMAXPROCS. Results are identical for
	// any value.
	Workers int

	fit *hgbFit
}

func (m *HistGradientBoostingClassifier) config(nClasses int) *hgbConfig {
	k := 1
	if nClasses > 2 {
		k = nClasses
	}
	c := &hgbConfig{name: "ensemble.HistGradientBoostingClassifier",
		loss:         hgbLoss{name: "log_loss", k: k},
		learningRate: hgbOr(m.LearningRate, 0.1), maxIter: hgbOr(m.MaxIter, 100),
		maxLeaves: hgbOr(m.MaxLeafNodes, 31), maxDepth: m.MaxDepth,
		minSamplesLeaf: hgbOr(m.MinSamplesLeaf, 20), l2: m.L2Regularization,
		maxBins: hgbOr(m.MaxBins, 255), catIdx: m.CategoricalFeatures, catMask: m.CategoricalMask,
		monotonic: m.MonotonicCst, interaction: m.InteractionCst, earlyStopping: m.EarlyStopping,
		scoring: m.Scoring, valFraction: hgbOr(m.ValidationFraction, 0.1),
		nIterNoChange: hgbOr(m.NIterNoChange, 10), tol: hgbOr(m.Tol, 1e-7),
		seed: m.Seed, workers: m.Workers, warmStart: m.WarmStart, classifier: true}
	if c.maxLeaves == -1 {
		c.maxLeaves = 0 // unlimited
	}
	if m.NoValidation {
		c.valFraction = 0
	}
	return c
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (m *HistGradientBoostingClassifier) Validate() error {
	if m.Loss != "" && m.Loss != "log_loss" {
		return &estimator.ParamError{Param: "Loss", Value: m.Loss, Reason: `must be "log_loss"`}
	}
	if m.MaxLeafNodes < -1 {
		return &estimator.ParamError{Param: "MaxLeafNodes", Value: m.MaxLeafNodes, Reason: "must be -1 (unlimited), 0 (31) or >= 2"}
	}
	if math.IsNaN(m.ValidationFraction) || m.ValidationFraction < 0 || m.ValidationFraction >= 1 {
		return &estimator.ParamError{Param: "ValidationFraction", Value: m.ValidationFraction, Reason: "must be in (0, 1) (0 means the default 0.1)"}
	}
	return m.config(2).validate()
}

// Fit fits the model to X (n×p, NaN allowed as missing) and class labels y (any
// distinct finite values, sorted into Classes). Errors as for
// HistGradientBoostingRegressor.Fit, plus an error wrapping estimator.ErrInvalidData
// for fewer than two classes and a *estimator.ParamError for MonotonicCst with more
// than two classes.
func (m *HistGradientBoostingClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return m.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones).
func (m *HistGradientBoostingClassifier) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const name = "ensemble.HistGradientBoostingClassifier"
	if err := m.Validate(); err != nil {
		return err
	}
	x, err := hgbCheckFit(ctx, name, X, y, w)
	if err != nil {
		return err
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(classes) > 2 && m.MonotonicCst != nil {
		for _, v := range m.MonotonicCst {
			if v != 0 {
				return &estimator.ParamError{Param: "MonotonicCst", Value: m.MonotonicCst, Reason: "monotonic constraints are not supported for more than two classes"}
			}
		}
	}
	enc := make([]float64, len(y))
	for i, v := range y {
		enc[i] = float64(hgbClassIndex(classes, v))
	}
	c := m.config(len(classes))
	score := func(fit *hgbFit, rows []int) (float64, error) {
		tmp := &HistGradientBoostingClassifier{Workers: m.Workers, fit: fit}
		sc, _ := hgbScorer(c.scoring)
		return sc.Score(tmp, hgbRows(x, rows), hgbTake(y, rows), hgbTake(w, rows))
	}
	var prev *hgbFit
	if m.fit != nil && m.WarmStart {
		if !slices.Equal(m.fit.Classes, classes) {
			return fmt.Errorf("%s: WarmStart needs the classes of the previous fit: %w", name, estimator.ErrInvalidData)
		}
		prev = m.fit
	}
	fit, err := hgbFitModel(ctx, c, x, enc, w, classes, prev, score)
	if err != nil {
		return err
	}
	m.fit = fit
	return nil
}

func hgbClassIndex(classes []float64, v float64) int {
	lo, hi := 0, len(classes)
	for lo < hi {
		mid := (lo + hi) / 2
		if classes[mid] < v {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

func (m *HistGradientBoostingClassifier) checkPredict(X mat.Matrix) (*mat.Dense, error) {
	if m.fit == nil {
		return nil, fmt.Errorf("ensemble.HistGradientBoostingClassifier: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredictMissing(X, m.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("ensemble.HistGradientBoostingClassifier: %w", err)
	}
	return x, nil
}

// proba converts raw scores into class probabilities (n×len(Classes)).
func (f *hgbFit) proba(raw [][]float64) *mat.Dense {
	n := len(raw[0])
	nc := len(f.Classes)
	out := mat.NewDense(n, nc, nil)
	if f.K == 1 {
		for i, v := range raw[0] {
			p := 1 / (1 + math.Exp(-v)) // scipy's expit
			out.Set(i, 0, 1-p)
			out.Set(i, 1, p)
		}
		return out
	}
	p := make([]float64, nc)
	for i := 0; i < n; i++ {
		hgbSoftmax(raw, i, p)
		out.SetRow(i, p)
	}
	return out
}

// labels returns the class of largest probability of each row (the first on ties).
func (f *hgbFit) labels(prob *mat.Dense) []float64 {
	n, nc := prob.Dims()
	out := make([]float64, n)
	for i := 0; i < n; i++ {
		best := 0
		for k := 1; k < nc; k++ {
			if prob.At(i, k) > prob.At(i, best) {
				best = k
			}
		}
		out[i] = f.Classes[best]
	}
	return out
}

// Predict returns the most probable class of each row of X (NaN allowed). It
// returns estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature
// count and estimator.ErrInvalidData for empty X or ±Inf.
func (m *HistGradientBoostingClassifier) Predict(X mat.Matrix) ([]float64, error) {
	p, err := m.PredictProba(X)
	if err != nil {
		return nil, err
	}
	return m.fit.labels(p), nil
}

// PredictProba returns the class probabilities (n×len(Classes), columns in Classes
// order). Errors as for Predict.
func (m *HistGradientBoostingClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	x, err := m.checkPredict(X)
	if err != nil {
		return nil, err
	}
	return m.fit.proba(m.fit.rawPredict(x, m.fit.NIter, m.Workers)), nil
}

// DecisionFunction returns the raw score of each row for a two-class model
// (scikit-learn's decision_function, shape (n,)): positive values favour
// Classes()[1]. For more than two classes it returns an error wrapping
// errors.ErrUnsupported; use DecisionFunctionMatrix.
func (m *HistGradientBoostingClassifier) DecisionFunction(X mat.Matrix) ([]float64, error) {
	if m.fit != nil && m.fit.K != 1 {
		return nil, fmt.Errorf("ensemble.HistGradientBoostingClassifier: the model has %d classes, DecisionFunction is for two; use DecisionFunctionMatrix: %w",
			len(m.fit.Classes), errors.ErrUnsupported)
	}
	x, err := m.checkPredict(X)
	if err != nil {
		return nil, err
	}
	return m.fit.rawPredict(x, m.fit.NIter, m.Workers)[0], nil
}

// DecisionFunctionMatrix returns the raw scores as a matrix: n×1 for two classes
// (the values of DecisionFunction) and n×K, columns in Classes order, for K > 2
// classes (scikit-learn's decision_function).
func (m *HistGradientBoostingClassifier) DecisionFunctionMatrix(X mat.Matrix) (*mat.Dense, error) {
	x, err := m.checkPredict(X)
	if err != nil {
		return nil, err
	}
	raw := m.fit.rawPredict(x, m.fit.NIter, m.Workers)
	n := len(raw[0])
	out := mat.NewDense(n, m.fit.K, nil)
	for k := range raw {
		out.SetCol(k, raw[k])
	}
	return out, nil
}

// StagedPredict returns the predicted classes after each iteration
// (scikit-learn's staged_predict).
func (m *HistGradientBoostingClassifier) StagedPredict(X mat.Matrix) ([][]float64, error) {
	x, err := m.checkPredict(X)
	if err != nil {
		return nil, err
	}
	return m.fit.staged(x, m.Workers, func(raw [][]float64) []float64 { return m.fit.labels(m.fit.proba(raw)) }), nil
}

// StagedPredictProba returns the class probabilities after each iteration
// (scikit-learn's staged_predict_proba).
func (m *HistGradientBoostingClassifier) StagedPredictProba(X mat.Matrix) ([]*mat.Dense, error) {
	x, err := m.checkPredict(X)
	if err != nil {
		return nil, err
	}
	var out []*mat.Dense
	m.fit.staged(x, m.Workers, func(raw [][]float64) []float64 {
		out = append(out, m.fit.proba(raw))
		return nil
	})
	return out, nil
}

// Classes returns the sorted class labels, or nil before Fit.
func (m *HistGradientBoostingClassifier) Classes() []float64 {
	if m.fit == nil {
		return nil
	}
	return append([]float64(nil), m.fit.Classes...)
}

// NIter returns the number of boosting iterations fitted, or 0 before Fit.
func (m *HistGradientBoostingClassifier) NIter() int { return hgbNIter(m.fit) }

// TrainScore returns the early-stopping scores on the training data (train_score_);
// nil without early stopping.
func (m *HistGradientBoostingClassifier) TrainScore() []float64 { return hgbTrainScore(m.fit) }

// ValidationScore returns the early-stopping scores on the validation rows
// (validation_score_); nil without early stopping or with NoValidation.
func (m *HistGradientBoostingClassifier) ValidationScore() []float64 { return hgbValScore(m.fit) }

// DoEarlyStopping reports whether the last Fit used early stopping.
func (m *HistGradientBoostingClassifier) DoEarlyStopping() bool {
	return m.fit != nil && m.fit.DoEarlyStopping
}

// MarshalState implements estimator.StateMarshaler.
func (m *HistGradientBoostingClassifier) MarshalState() ([]byte, error) {
	return estimator.EncodeState(hgbStateVersion, m.fit)
}

// UnmarshalState implements estimator.StateMarshaler; it rejects state that is not
// a consistent classification model.
func (m *HistGradientBoostingClassifier) UnmarshalState(b []byte) error {
	var f *hgbFit
	if err := estimator.DecodeState(b, hgbStateVersion, &f); err != nil {
		return err
	}
	if f != nil && f.Classes == nil {
		return fmt.Errorf("regression state in a classifier: %w", estimator.ErrState)
	}
	m.fit = f
	return nil
}

func (m *HistGradientBoostingClassifier) String() string { return estimator.Format(m) }
