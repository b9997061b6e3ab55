package naivebayes

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.ProbaClassifier = (*BernoulliNB)(nil)
	_ estimator.Validator       = (*BernoulliNB)(nil)
	_ estimator.StateMarshaler  = (*BernoulliNB)(nil)
	_ estimator.WeightedFitter  = (*BernoulliNB)(nil)
)

// Fit fits the model to X (n×p) and class labels y (any distinct finite values,
// sorted into Classes). It returns a *estimator.ParamError for bad hyperparameters
// (including a ClassPrior whose length is not the number of classes), an error
// wrapping estimator.ErrInvalidData for empty or non-finite input, fewer than
// two classes or a model float64 cannot represent, and estimator.ErrShape when len(y)
// differs from the rows of X. It returns ctx.Err() when ctx is done. On error the
// previous model, if any, is kept.
func (m *BernoulliNB) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return m.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; scikit-learn's
// sample_weight). Weights must be finite and >= 0; a wrong length gives
// estimator.ErrShape.
func (m *BernoulliNB) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("naivebayes.BernoulliNB: %w", err)
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
func (m *BernoulliNB) PartialFit(ctx context.Context, X mat.Matrix, y, classes []float64) error {
	return m.PartialFitWeighted(ctx, X, y, nil, classes)
}

// PartialFitWeighted is PartialFit with per-sample weights w (nil means all ones).
func (m *BernoulliNB) PartialFitWeighted(ctx context.Context, X mat.Matrix, y, w, classes []float64) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("naivebayes.BernoulliNB: %w", err)
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
func (m *BernoulliNB) Predict(X mat.Matrix) ([]float64, error) { return m.engine().predict(m.fit, X) }

// PredictLogProba returns the n×K log class probabilities, columns in Classes()
// order (scikit-learn's predict_log_proba). Errors as for Predict.
func (m *BernoulliNB) PredictLogProba(X mat.Matrix) (*mat.Dense, error) {
	return m.engine().predictLogProba(m.fit, X)
}

// PredictProba returns exp(PredictLogProba(X)) (scikit-learn's predict_proba).
// Errors as for Predict.
func (m *BernoulliNB) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	lp, err := m.PredictLogProba(X)
	if err != nil {
		return nil, err
	}
	return expInPlace(lp), nil
}

// Classes returns a copy of the sorted class labels, or nil before Fit.
func (m *BernoulliNB) Classes() []float64 { return m.fit.classes() }

// FeatureLogProb returns a copy of the K×p log probabilities log P(xⱼ = 1 | c) (scikit-learn's
// feature_log_prob_), or nil before Fit.
func (m *BernoulliNB) FeatureLogProb() *mat.Dense { return m.fit.featureLogProb() }

// FeatureCount returns a copy of the K×p (weighted) counts of ones seen per class
// (scikit-learn's feature_count_), or nil before Fit.
func (m *BernoulliNB) FeatureCount() *mat.Dense { return m.fit.featureCount() }

// ClassCount returns a copy of the (weighted) number of samples seen per class
// (scikit-learn's class_count_), or nil before Fit.
func (m *BernoulliNB) ClassCount() []float64 { return m.fit.classCount() }

// ClassLogPrior returns a copy of the log class priors (scikit-learn's
// class_log_prior_; -Inf for a class of prior zero), or nil before Fit.
func (m *BernoulliNB) ClassLogPrior() []float64 { return m.fit.classLogPrior() }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (m *BernoulliNB) MarshalState() ([]byte, error) {
	return estimator.EncodeState(discreteStateVersion, m.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, classes that are not sorted, distinct
// and finite, lengths that do not match the classes and NFeatures, non-finite or
// negative counts, non-finite feature log probabilities or ones that are not < 0, or log priors that are
// NaN, positive or all -Inf give an error wrapping estimator.ErrState, and the
// receiver is unchanged.
func (m *BernoulliNB) UnmarshalState(b []byte) error { return m.engine().unmarshal(b, &m.fit) }

// String prints the hyperparameters.
func (m *BernoulliNB) String() string { return estimator.Format(m) }

// BernoulliNB is naive Bayes for binary features (scikit-learn:
// naive_bayes.BernoulliNB). Features are first binarized (xⱼ > Binarize → 1, else
// 0) unless NoBinarize is set. With Nc the (weighted) samples of class c and Ncj
// those among them with xⱼ = 1, it sets
//
//	pcj     = (Ncj + α) / (Nc + 2α)
//	jll_c(x) = log πc + Σⱼ [xⱼ · log pcj + (1 − xⱼ) · log(1 − pcj)]
//
// and the class probabilities are the softmax of jll.
//
// The zero value is scikit-learn's default BernoulliNB() (binarize=0.0).
type BernoulliNB struct {
	// Alpha is the additive (Laplace/Lidstone) smoothing (scikit-learn's alpha).
	// Zero means 1.0, the default; values below 1e-10 are raised to 1e-10 as
	// scikit-learn does (force_alpha=False). It must be finite and >= 0.
	Alpha float64
	// Binarize is the threshold above which a feature counts as 1 (scikit-learn's
	// binarize; default 0). It must be finite.
	Binarize float64
	// NoBinarize uses X as it is, assumed already binary (scikit-learn
	// binarize=None); Binarize is then ignored.
	NoBinarize bool
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
func (m *BernoulliNB) Validate() error {
	if math.IsNaN(m.Binarize) || math.IsInf(m.Binarize, 0) {
		return &estimator.ParamError{Param: "Binarize", Value: m.Binarize, Reason: "must be finite (set NoBinarize for no binarization)"}
	}
	return validateDiscrete(m.Alpha, m.ClassPrior)
}

func (m *BernoulliNB) engine() *discrete {
	return &discrete{name: "naivebayes.BernoulliNB", kind: kindBernoulli, alpha: m.Alpha,
		noFitPrior: m.NoFitPrior, classPrior: m.ClassPrior, binarize: !m.NoBinarize, threshold: m.Binarize}
}
