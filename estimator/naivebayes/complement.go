package naivebayes

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.ProbaClassifier = (*ComplementNB)(nil)
	_ estimator.Validator       = (*ComplementNB)(nil)
	_ estimator.StateMarshaler  = (*ComplementNB)(nil)
	_ estimator.WeightedFitter  = (*ComplementNB)(nil)
)

// Fit fits the model to X (n×p) and class labels y (any distinct finite values,
// sorted into Classes). It returns a *estimator.ParamError for bad hyperparameters
// (including a ClassPrior whose length is not the number of classes), an error
// wrapping estimator.ErrInvalidData for empty or non-finite input, negative X, fewer than
// two classes or a model float64 cannot represent, and estimator.ErrShape when len(y)
// differs from the rows of X. It returns ctx.Err() when ctx is done. On error the
// previous model, if any, is kept.
func (m *ComplementNB) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return m.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; scikit-learn's
// sample_weight). Weights must be finite and >= 0; a wrong length gives
// estimator.ErrShape.
func (m *ComplementNB) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("naivebayes.ComplementNB: %w", err)
	}
	f, err := m.engine().fit(ctx, X, y, w)
	if err != nil {
		return err
	}
	m.fit = f
	return nil
}

// PartialFit adds one more batch to the counts (scikit-learn's partial_fit).
// classes lists every class the model will see; it is required on the first call
// (when the model is unfitted) and may be nil later, when it must otherwise equal
// the classes of the first call. Every label of y must be one of the classes.
// Errors as for Fit, plus estimator.ErrShape when X's feature count differs from
// the model's; on error the model is unchanged.
func (m *ComplementNB) PartialFit(ctx context.Context, X mat.Matrix, y, classes []float64) error {
	return m.PartialFitWeighted(ctx, X, y, nil, classes)
}

// PartialFitWeighted is PartialFit with per-sample weights w (nil means all ones).
func (m *ComplementNB) PartialFitWeighted(ctx context.Context, X mat.Matrix, y, w, classes []float64) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("naivebayes.ComplementNB: %w", err)
	}
	f, err := m.engine().partialFit(ctx, X, y, w, classes, m.fit)
	if err != nil {
		return err
	}
	m.fit = f
	return nil
}

// Predict returns the most probable class of each row of X (the first on ties). It
// returns estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature
// count, and estimator.ErrInvalidData for empty or non-finite X or when no class has
// a finite log likelihood.
func (m *ComplementNB) Predict(X mat.Matrix) ([]float64, error) { return m.engine().predict(m.fit, X) }

// PredictLogProba returns the n×K log class probabilities, columns in Classes()
// order (scikit-learn's predict_log_proba). Errors as for Predict.
func (m *ComplementNB) PredictLogProba(X mat.Matrix) (*mat.Dense, error) {
	return m.engine().predictLogProba(m.fit, X)
}

// PredictProba returns exp(PredictLogProba(X)) (scikit-learn's predict_proba).
// Errors as for Predict.
func (m *ComplementNB) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	lp, err := m.PredictLogProba(X)
	if err != nil {
		return nil, err
	}
	return expInPlace(lp), nil
}

// Classes returns a copy of the sorted class labels, or nil before Fit.
func (m *ComplementNB) Classes() []float64 { return m.fit.classes() }

// FeatureLogProb returns a copy of the K×p complement feature weights (scikit-learn's
// feature_log_prob_), or nil before Fit.
func (m *ComplementNB) FeatureLogProb() *mat.Dense { return m.fit.featureLogProb() }

// FeatureCount returns a copy of the K×p (weighted) feature sums seen per class
// (scikit-learn's feature_count_), or nil before Fit.
func (m *ComplementNB) FeatureCount() *mat.Dense { return m.fit.featureCount() }

// ClassCount returns a copy of the (weighted) number of samples seen per class
// (scikit-learn's class_count_), or nil before Fit.
func (m *ComplementNB) ClassCount() []float64 { return m.fit.classCount() }

// ClassLogPrior returns a copy of the log class priors (scikit-learn's
// class_log_prior_; -Inf for a class of prior zero), or nil before Fit.
func (m *ComplementNB) ClassLogPrior() []float64 { return m.fit.classLogPrior() }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (m *ComplementNB) MarshalState() ([]byte, error) {
	return estimator.EncodeState(discreteStateVersion, m.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, classes that are not sorted, distinct
// and finite, lengths that do not match the classes and NFeatures, non-finite or
// negative counts, non-finite feature log probabilities, or log priors that are
// NaN, positive or all -Inf give an error wrapping estimator.ErrState, and the
// receiver is unchanged.
func (m *ComplementNB) UnmarshalState(b []byte) error { return m.engine().unmarshal(b, &m.fit) }

// String prints the hyperparameters.
func (m *ComplementNB) String() string { return estimator.Format(m) }

// ComplementNB is complement naive Bayes (scikit-learn: naive_bayes.ComplementNB),
// suited to imbalanced text data. With Ncj the (weighted) sum of feature j over the
// samples of class c and N·j its sum over all samples, it sets
//
//	θcj = log[(N·j − Ncj + α) / Σⱼ (N·j − Ncj + α)]
//	wcj = −θcj, or θcj / Σⱼ θcj with Norm
//	jll_c(x) = Σⱼ xⱼ · wcj
//
// and the class probabilities are the softmax of jll. As in scikit-learn, the class
// priors do not enter the prediction for two or more classes (they are still fitted
// and reported by ClassLogPrior). X must be non-negative.
//
// The zero value is scikit-learn's default ComplementNB().
type ComplementNB struct {
	// Alpha is the additive (Laplace/Lidstone) smoothing (scikit-learn's alpha).
	// Zero means 1.0, the default; values below 1e-10 are raised to 1e-10 as
	// scikit-learn does (force_alpha=False). It must be finite and >= 0.
	Alpha float64
	// Norm normalises the weights of each class (scikit-learn's norm; default
	// false).
	Norm bool
	// NoFitPrior uses uniform class priors instead of the class frequencies
	// (scikit-learn fit_prior=False). Ignored when ClassPrior is set.
	NoFitPrior bool
	// ClassPrior fixes the class priors, in sorted class order (scikit-learn's
	// class_prior); nil means fit them (or uniform with NoFitPrior). Values must
	// be finite and >= 0; the length must equal the number of classes.
	ClassPrior []float64

	fit *discreteFit // nil until Fit succeeds
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (m *ComplementNB) Validate() error { return validateDiscrete(m.Alpha, m.ClassPrior) }

func (m *ComplementNB) engine() *discrete {
	return &discrete{name: "naivebayes.ComplementNB", kind: kindComplement, alpha: m.Alpha,
		noFitPrior: m.NoFitPrior, classPrior: m.ClassPrior, norm: m.Norm}
}
