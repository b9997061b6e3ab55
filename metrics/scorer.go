package metrics

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// Scorer connects a fitted estimator to a metric. Larger is always better, so error
// metrics are negated (NegMSE), as in scikit-learn's scorers.
type Scorer interface {
	// Name is the scikit-learn scoring name ("r2", "neg_mean_squared_error"), used as
	// the column name in cross-validation and search results.
	Name() string
	// Score evaluates the fitted e on X against y. weights may be nil (uniform).
	Score(e estimator.Estimator, X mat.Matrix, y, weights []float64) (float64, error)
}

// DecisionFunctioner is implemented by binary classifiers that output a real-valued
// confidence score for the positive class Classes()[1] (scikit-learn's
// decision_function, shape (n,)), such as linear.Logistic. The [ROCAUC] scorer prefers
// it over PredictProba, as scikit-learn's "roc_auc" scorer does.
//
// It is estimator.DecisionFunctioner; scorers also ask estimator.Can, so a pipeline
// or search whose final model has no decision function falls back to PredictProba.
type DecisionFunctioner = estimator.DecisionFunctioner

var (
	_ Scorer = predictScorer{}
	_ Scorer = logLossScorer{}
	_ Scorer = rocScorer{}
)

// Scorers built on Predict. Each wraps the metric function of the same meaning; error
// metrics are negated so that larger is better.
var (
	// R2 scores with [R2Score] ("r2").
	R2 Scorer = withReason(regScorer("r2", 1, R2Score), func(y, _, _ []float64) string {
		if len(y) < 2 {
			return "R² needs at least two samples"
		}
		return "the sums of squares overflowed"
	})
	// NegMSE is −[MeanSquaredError] ("neg_mean_squared_error").
	NegMSE Scorer = regScorer("neg_mean_squared_error", -1, MeanSquaredError)
	// NegRMSE is −[RootMeanSquaredError] ("neg_root_mean_squared_error").
	NegRMSE Scorer = regScorer("neg_root_mean_squared_error", -1, RootMeanSquaredError)
	// NegMAE is −[MeanAbsoluteError] ("neg_mean_absolute_error").
	NegMAE Scorer = regScorer("neg_mean_absolute_error", -1, MeanAbsoluteError)
	// NegMedianAE is −[MedianAbsoluteError] ("neg_median_absolute_error").
	NegMedianAE Scorer = regScorer("neg_median_absolute_error", -1, MedianAbsoluteError)
	// NegMAPE is −[MeanAbsolutePercentageError] ("neg_mean_absolute_percentage_error").
	NegMAPE Scorer = regScorer("neg_mean_absolute_percentage_error", -1, MeanAbsolutePercentageError)
	// ExplainedVariance scores with [ExplainedVarianceScore] ("explained_variance").
	ExplainedVariance Scorer = withReason(regScorer("explained_variance", 1, ExplainedVarianceScore),
		func(_, _, _ []float64) string { return "the variances overflowed" })
	// NegMaxError is −[MaxError]. Its scikit-learn name is "max_error" although the
	// score is negated (greater_is_better=False). Like scikit-learn it rejects sample
	// weights (an error wrapping errors.ErrUnsupported).
	NegMaxError Scorer = predictScorer{name: "max_error", sign: -1, noWeights: true,
		fn: func(y, p, _ []float64) (float64, error) { return MaxError(y, p), nil }}

	// Accuracy scores with [AccuracyScore] ("accuracy").
	Accuracy Scorer = classif(regScorer("accuracy", 1, AccuracyScore))
	// BalancedAccuracy scores with [BalancedAccuracyScore] ("balanced_accuracy").
	BalancedAccuracy Scorer = predictScorer{name: "balanced_accuracy", sign: 1, labels: true, fn: balancedAccuracy}

	// Precision is [PrecisionScore] with [Binary] averaging, positive label 1
	// ("precision"). Multiclass targets give an error.
	Precision Scorer = prfScorer("precision", 0, Binary)
	// PrecisionMicro is [PrecisionScore] with [Micro] averaging ("precision_micro").
	PrecisionMicro Scorer = prfScorer("precision_micro", 0, Micro)
	// PrecisionMacro is [PrecisionScore] with [Macro] averaging ("precision_macro").
	PrecisionMacro Scorer = prfScorer("precision_macro", 0, Macro)
	// PrecisionWeighted is [PrecisionScore] with [Weighted] averaging
	// ("precision_weighted").
	PrecisionWeighted Scorer = prfScorer("precision_weighted", 0, Weighted)
	// Recall is [RecallScore] with [Binary] averaging, positive label 1 ("recall").
	Recall Scorer = prfScorer("recall", 1, Binary)
	// RecallMicro is [RecallScore] with [Micro] averaging ("recall_micro").
	RecallMicro Scorer = prfScorer("recall_micro", 1, Micro)
	// RecallMacro is [RecallScore] with [Macro] averaging ("recall_macro").
	RecallMacro Scorer = prfScorer("recall_macro", 1, Macro)
	// RecallWeighted is [RecallScore] with [Weighted] averaging ("recall_weighted").
	RecallWeighted Scorer = prfScorer("recall_weighted", 1, Weighted)
	// F1 is [F1Score] with [Binary] averaging, positive label 1 ("f1").
	F1 Scorer = prfScorer("f1", 2, Binary)
	// F1Micro is [F1Score] with [Micro] averaging ("f1_micro").
	F1Micro Scorer = prfScorer("f1_micro", 2, Micro)
	// F1Macro is [F1Score] with [Macro] averaging ("f1_macro").
	F1Macro Scorer = prfScorer("f1_macro", 2, Macro)
	// F1Weighted is [F1Score] with [Weighted] averaging ("f1_weighted").
	F1Weighted Scorer = prfScorer("f1_weighted", 2, Weighted)
)

// Scorers built on PredictProba or DecisionFunction. They need an
// estimator.ProbaClassifier (ROCAUC also accepts a [DecisionFunctioner]) and
// otherwise return an error wrapping errors.ErrUnsupported. Probability columns are
// matched to labels through the estimator's Classes().
var (
	// NegLogLoss is −[LogLoss] of PredictProba ("neg_log_loss"). For two classes it
	// uses the positive column only, as scikit-learn's scorer does ([BinaryLogLoss]).
	NegLogLoss Scorer = logLossScorer{}
	// ROCAUC is the binary [ROCAUCScore] ("roc_auc") of DecisionFunction when the
	// estimator has one, else of the PredictProba column of Classes()[1]. Targets
	// with more than two labels give an error; use ROCAUCOvR.
	ROCAUC Scorer = rocScorer{name: "roc_auc"}
	// ROCAUCOvR is [ROCAUCOvRScore] with [Macro] averaging ("roc_auc_ovr").
	ROCAUCOvR Scorer = rocScorer{name: "roc_auc_ovr", multi: "ovr", avg: Macro}
	// ROCAUCOvRWeighted is [ROCAUCOvRScore] with [Weighted] averaging
	// ("roc_auc_ovr_weighted").
	ROCAUCOvRWeighted Scorer = rocScorer{name: "roc_auc_ovr_weighted", multi: "ovr", avg: Weighted}
	// ROCAUCOvO is [ROCAUCOvOScore] with [Macro] averaging ("roc_auc_ovo"). Like
	// scikit-learn it rejects sample weights when there are more than two classes
	// (an error wrapping errors.ErrUnsupported).
	ROCAUCOvO Scorer = rocScorer{name: "roc_auc_ovo", multi: "ovo", avg: Macro}
	// ROCAUCOvOWeighted is [ROCAUCOvOScore] with [Weighted] averaging
	// ("roc_auc_ovo_weighted").
	ROCAUCOvOWeighted Scorer = rocScorer{name: "roc_auc_ovo_weighted", multi: "ovo", avg: Weighted}
)

var scorers = []Scorer{
	R2, NegMSE, NegRMSE, NegMAE, NegMedianAE, NegMAPE, ExplainedVariance, NegMaxError,
	Accuracy, BalancedAccuracy,
	Precision, PrecisionMicro, PrecisionMacro, PrecisionWeighted,
	Recall, RecallMicro, RecallMacro, RecallWeighted,
	F1, F1Micro, F1Macro, F1Weighted,
	NegLogLoss, ROCAUC, ROCAUCOvR, ROCAUCOvRWeighted, ROCAUCOvO, ROCAUCOvOWeighted,
	NegMSLE, NegPoissonDeviance, NegGammaDeviance, PositiveLikelihoodRatio, NegNegativeLikelihoodRatio,
	MCC, Jaccard, JaccardMicro, JaccardMacro, JaccardWeighted,
	AveragePrecision, TopKAccuracy, NegBrier,
	ARI, RandIndex, AMI, NMI, MutualInfo, Homogeneity, Completeness, VMeasure, FowlkesMallows,
}

// ScorerByName returns the scorer with scikit-learn scoring name name ("r2",
// "neg_mean_squared_error", "f1_macro", "roc_auc_ovr", ...; see [ScorerNames]), like
// scikit-learn's get_scorer. An unknown name gives an error wrapping
// estimator.ErrInvalidParam that lists the valid names.
func ScorerByName(name string) (Scorer, error) {
	for _, s := range scorers {
		if s.Name() == name {
			return s, nil
		}
	}
	return nil, fmt.Errorf("metrics: unknown scorer %q; valid names are %s: %w",
		name, strings.Join(ScorerNames(), ", "), estimator.ErrInvalidParam)
}

// ScorerNames returns the names [ScorerByName] accepts, sorted (scikit-learn
// get_scorer_names).
func ScorerNames() []string {
	names := make([]string, len(scorers))
	for i, s := range scorers {
		names[i] = s.Name()
	}
	slices.Sort(names)
	return names
}

// NewScorer returns a Scorer named name that applies fn to (y, Predict(X), weights)
// and negates the result unless greaterIsBetter (scikit-learn make_scorer). A NaN
// result of fn (an undefined metric) and a panic of fn whose value is a string starting
// with "metrics: " (the panics of this package's metric functions) are returned as
// errors wrapping estimator.ErrInvalidData; other panics propagate.
func NewScorer(name string, fn func(yTrue, yPred, weights []float64) float64, greaterIsBetter bool) Scorer {
	sign := -1.0
	if greaterIsBetter {
		sign = 1
	}
	return withReason(regScorer(name, sign, fn), func(_, _, _ []float64) string { return "the metric function returned NaN" })
}

// predictScorer scores Predict's output with a metric function.
type predictScorer struct {
	name      string
	sign      float64
	noWeights bool
	// labels marks a classification metric: the targets and the predictions must be
	// class labels, not continuous values (scikit-learn's type_of_target check).
	labels bool
	fn     func(yTrue, yPred, w []float64) (float64, error)
	// why explains a NaN score (nil: a generic reason).
	why func(yTrue, yPred, w []float64) string
}

// withReason sets the explanation of a NaN score.
func withReason(s predictScorer, why func(yTrue, yPred, w []float64) string) predictScorer {
	s.why = why
	return s
}

// nanError is the error of a scorer whose metric returned NaN (undefined).
func nanError(name, reason string) error {
	return fmt.Errorf("metrics: scorer %q: the score is undefined (NaN): %s: %w", name, reason, estimator.ErrInvalidData)
}

// regScorer adapts a panicking metric function.
func regScorer(name string, sign float64, fn func(yTrue, yPred, w []float64) float64) predictScorer {
	return predictScorer{name: name, sign: sign, fn: func(y, p, w []float64) (v float64, err error) {
		defer func() {
			if r := recover(); r != nil {
				msg, ok := r.(string)
				if !ok || !strings.HasPrefix(msg, "metrics: ") {
					panic(r)
				}
				err = fmt.Errorf("%s: %w", msg, estimator.ErrInvalidData)
			}
		}()
		return fn(y, p, w), nil
	}}
}

// classif marks s as a classification scorer (see predictScorer.labels).
func classif(s predictScorer) predictScorer {
	s.labels = true
	return s
}

// checkLabelType refuses continuous targets or predictions in a classification
// scorer, as scikit-learn's scorers do ("Classification metrics can't handle a mix
// of continuous and multiclass targets"): a value that is not an integer is
// continuous. Without the check, accuracy of a regressor would be a near-zero score
// that a search ranks like any other.
func checkLabelType(y, pred []float64, e estimator.Estimator) error {
	for _, v := range []struct {
		name string
		x    []float64
	}{{"y", y}, {"the predictions", pred}} {
		for i, x := range v.x {
			if x != math.Trunc(x) {
				hint := ""
				if !estimator.IsClassifier(e) {
					hint = fmt.Sprintf("; %s is not a classifier: score it with a regression scorer such as \"r2\"", estimator.Name(e))
				}
				return fmt.Errorf("%s[%d] = %v is continuous, and a classification metric needs class labels (integer values)%s: %w",
					v.name, i, x, hint, estimator.ErrInvalidData)
			}
		}
	}
	return nil
}

// prfScorer builds a precision (what 0), recall (1) or F1 (2) scorer.
func prfScorer(name string, what int, avg Average) predictScorer {
	return predictScorer{name: name, sign: 1, labels: true, fn: func(y, p, w []float64) (float64, error) {
		prf := [3]float64{}
		var err error
		prf[0], prf[1], prf[2], err = averagedPRF(y, p, 1, avg, w)
		return prf[what], err
	}}
}

func (s predictScorer) Name() string { return s.name }

// Score calls e.Predict(X) and applies the metric. It returns an error wrapping
// errors.ErrUnsupported if e is not an estimator.Predictor (or weights are given to
// NegMaxError), estimator.ErrShape on length mismatches, estimator.ErrInvalidData for
// empty input, NaN/Inf values or unusable labels, and Predict's own errors wrapped.
func (s predictScorer) Score(e estimator.Estimator, X mat.Matrix, y, w []float64) (float64, error) {
	p, ok := e.(estimator.Predictor)
	if !ok {
		return 0, fmt.Errorf("metrics: scorer %q needs a Predictor, got %T: %w", s.name, e, errors.ErrUnsupported)
	}
	if s.noWeights && w != nil {
		return 0, fmt.Errorf("metrics: scorer %q does not support sample weights: %w", s.name, errors.ErrUnsupported)
	}
	if err := checkTargets(y, w); err != nil {
		return 0, fmt.Errorf("metrics: scorer %q: %w", s.name, err)
	}
	pred, err := p.Predict(X)
	if err != nil {
		return 0, fmt.Errorf("metrics: scorer %q: %w", s.name, err)
	}
	if len(pred) != len(y) {
		return 0, fmt.Errorf("metrics: scorer %q: %d predictions for %d targets: %w", s.name, len(pred), len(y), estimator.ErrShape)
	}
	if err := checkFinite("predictions", pred); err != nil {
		return 0, fmt.Errorf("metrics: scorer %q: %w", s.name, err)
	}
	if s.labels {
		if err := checkLabelType(y, pred, e); err != nil {
			return 0, fmt.Errorf("metrics: scorer %q: %w", s.name, err)
		}
	}
	v, err := s.fn(y, pred, w)
	if err != nil {
		if !errors.Is(err, estimator.ErrInvalidData) {
			err = fmt.Errorf("%w: %w", err, estimator.ErrInvalidData)
		}
		return 0, fmt.Errorf("metrics: scorer %q: %w", s.name, err)
	}
	if math.IsNaN(v) {
		reason := "the metric is undefined for these targets and predictions"
		if s.why != nil {
			reason = s.why(y, pred, w)
		}
		return 0, nanError(s.name, reason)
	}
	return s.sign * v, nil
}

// checkTargets validates y and weights before any estimator call.
func checkTargets(y, w []float64) error {
	if len(y) == 0 {
		return fmt.Errorf("empty y: %w", estimator.ErrInvalidData)
	}
	if w != nil && len(w) != len(y) {
		return fmt.Errorf("%d weights for %d targets: %w", len(w), len(y), estimator.ErrShape)
	}
	if err := checkFinite("y", y); err != nil {
		return err
	}
	if w != nil {
		var sw float64
		for _, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return fmt.Errorf("weights must be finite and non-negative, got %v: %w", v, estimator.ErrInvalidData)
			}
			sw += v
		}
		if sw == 0 {
			return fmt.Errorf("weights sum to zero: %w", estimator.ErrInvalidData)
		}
	}
	return nil
}

func checkFinite(what string, v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s[%d] is %v: %w", what, i, x, estimator.ErrInvalidData)
		}
	}
	return nil
}

// probaOf calls PredictProba and checks its shape against y and Classes().
func probaOf(name string, e estimator.Estimator, X mat.Matrix, n int) (*mat.Dense, []float64, error) {
	pc, ok := e.(estimator.ProbaClassifier)
	if !ok || !estimator.Can(e, estimator.CanPredictProba) {
		return nil, nil, fmt.Errorf("metrics: scorer %q needs class probabilities, and %s has no PredictProba: %w", name, estimator.Name(e), errors.ErrUnsupported)
	}
	proba, err := pc.PredictProba(X)
	if err != nil {
		return nil, nil, fmt.Errorf("metrics: scorer %q: %w", name, err)
	}
	classes := pc.Classes()
	r, c := proba.Dims()
	if r != n || c != len(classes) {
		return nil, nil, fmt.Errorf("metrics: scorer %q: PredictProba returned %d×%d for %d targets and %d classes: %w",
			name, r, c, n, len(classes), estimator.ErrShape)
	}
	for i := range r {
		if err := checkFinite("probabilities", proba.RawRowView(i)); err != nil {
			return nil, nil, fmt.Errorf("metrics: scorer %q: row %d: %w", name, i, err)
		}
	}
	return proba, classes, nil
}

// logLossScorer is NegLogLoss.
type logLossScorer struct{}

func (logLossScorer) Name() string { return "neg_log_loss" }

// Score returns −LogLoss of e.PredictProba(X). See [NegLogLoss].
func (s logLossScorer) Score(e estimator.Estimator, X mat.Matrix, y, w []float64) (float64, error) {
	const name = "neg_log_loss"
	if !estimator.Can(e, estimator.CanPredictProba) {
		return 0, fmt.Errorf("metrics: scorer %q needs class probabilities, and %s has no PredictProba: %w", name, estimator.Name(e), errors.ErrUnsupported)
	}
	if err := checkTargets(y, w); err != nil {
		return 0, fmt.Errorf("metrics: scorer %q: %w", name, err)
	}
	proba, classes, err := probaOf(name, e, X, len(y))
	if err != nil {
		return 0, err
	}
	col, err := classColumns(y, classes, len(classes))
	if err != nil {
		return 0, fmt.Errorf("metrics: scorer %q: %w: %w", name, err, estimator.ErrInvalidData)
	}
	if len(classes) == 2 {
		// scikit-learn's _ProbaScorer keeps the positive column only.
		v := binaryLogLoss(func(i int) bool { return col[i] == 1 }, mat.Col(nil, 1, proba), w)
		if math.IsNaN(v) {
			return 0, nanError(name, "the log loss overflowed")
		}
		return -v, nil
	}
	v, err := logLoss(y, proba, classes, w)
	if err != nil {
		return 0, fmt.Errorf("metrics: scorer %q: %w: %w", name, err, estimator.ErrInvalidData)
	}
	if math.IsNaN(v) {
		return 0, nanError(name, "the log loss overflowed")
	}
	return -v, nil
}

// rocScorer is ROCAUC (multi "") and the multiclass ROC AUC scorers.
type rocScorer struct {
	name  string
	multi string // "", "ovr" or "ovo"
	avg   Average
}

func (s rocScorer) Name() string { return s.name }

// Score returns the ROC AUC of e's scores. See [ROCAUC] and [ROCAUCOvRScore].
func (s rocScorer) Score(e estimator.Estimator, X mat.Matrix, y, w []float64) (float64, error) {
	df, isDF := e.(DecisionFunctioner)
	isDF = isDF && estimator.Can(e, estimator.CanDecisionFunction)
	isPC := estimator.Can(e, estimator.CanPredictProba)
	if !isPC && !(isDF && s.multi == "") {
		return 0, fmt.Errorf("metrics: scorer %q needs an estimator.ProbaClassifier, got %T: %w", s.name, e, errors.ErrUnsupported)
	}
	if err := checkTargets(y, w); err != nil {
		return 0, fmt.Errorf("metrics: scorer %q: %w", s.name, err)
	}
	wrap := func(err error) error {
		return fmt.Errorf("metrics: scorer %q: %w: %w", s.name, err, estimator.ErrInvalidData)
	}
	if s.multi == "" {
		labels, _ := uniqueLabels(y, nil)
		if len(labels) > 2 {
			return 0, wrap(fmt.Errorf("y has %d labels, binary ROC AUC needs 2 (use roc_auc_ovr)", len(labels)))
		}
		var score []float64
		if isDF {
			var err error
			if score, err = df.DecisionFunction(X); err != nil {
				return 0, fmt.Errorf("metrics: scorer %q: %w", s.name, err)
			}
			if len(score) != len(y) {
				return 0, fmt.Errorf("metrics: scorer %q: %d scores for %d targets: %w", s.name, len(score), len(y), estimator.ErrShape)
			}
			if err := checkFinite("decision function", score); err != nil {
				return 0, fmt.Errorf("metrics: scorer %q: %w", s.name, err)
			}
			if c, ok := e.(estimator.Classifier); ok {
				if classes := c.Classes(); classes != nil {
					if _, err := classColumns(y, classes, len(classes)); err != nil {
						return 0, wrap(err)
					}
				}
			}
		} else {
			proba, classes, err := probaOf(s.name, e, X, len(y))
			if err != nil {
				return 0, err
			}
			if len(classes) != 2 {
				return 0, wrap(fmt.Errorf("estimator has %d classes, binary ROC AUC needs 2 (use roc_auc_ovr)", len(classes)))
			}
			if _, err := classColumns(y, classes, 2); err != nil {
				return 0, wrap(err)
			}
			score = mat.Col(nil, 1, proba)
		}
		v, err := rocAUCBinaryLabels(y, score, w)
		if err != nil {
			return 0, wrap(err)
		}
		if math.IsNaN(v) {
			return 0, nanError(s.name, "the ROC AUC is undefined for these targets")
		}
		return v, nil
	}
	proba, classes, err := probaOf(s.name, e, X, len(y))
	if err != nil {
		return 0, err
	}
	if s.multi == "ovo" && w != nil && len(classes) > 2 {
		// Binary targets take scikit-learn's binary path, which accepts weights.
		return 0, fmt.Errorf("metrics: scorer %q does not support sample weights with more than two classes: %w", s.name, errors.ErrUnsupported)
	}
	v, err := rocAUCMulti(y, proba, classes, s.avg, w, s.multi == "ovo")
	if err != nil {
		return 0, wrap(err)
	}
	if math.IsNaN(v) {
		return 0, nanError(s.name, "the ROC AUC is undefined for these targets")
	}
	return v, nil
}
