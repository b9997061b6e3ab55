package metrics

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// Clustering scorers compare y with the estimator's Predict output, as scikit-learn's
// scorers for the supervised clustering metrics do: y holds the true classes and
// Predict the cluster labels. Like scikit-learn they reject sample weights (an error
// wrapping errors.ErrUnsupported).
var (
	// ARI scores with [AdjustedRandScore] ("adjusted_rand_score").
	ARI Scorer = clusterScorer("adjusted_rand_score", AdjustedRandScore)
	// RandIndex scores with [RandScore] ("rand_score").
	RandIndex Scorer = clusterScorer("rand_score", RandScore)
	// AMI scores with [AdjustedMutualInfoScore], arithmetic mean
	// ("adjusted_mutual_info_score").
	AMI Scorer = clusterScorer("adjusted_mutual_info_score", func(a, b []float64) float64 {
		return AdjustedMutualInfoScore(a, b, "arithmetic")
	})
	// NMI scores with [NormalizedMutualInfoScore], arithmetic mean
	// ("normalized_mutual_info_score").
	NMI Scorer = clusterScorer("normalized_mutual_info_score", func(a, b []float64) float64 {
		return NormalizedMutualInfoScore(a, b, "arithmetic")
	})
	// MutualInfo scores with [MutualInfoScore] ("mutual_info_score").
	MutualInfo Scorer = clusterScorer("mutual_info_score", MutualInfoScore)
	// Homogeneity scores with [HomogeneityScore] ("homogeneity_score").
	Homogeneity Scorer = clusterScorer("homogeneity_score", HomogeneityScore)
	// Completeness scores with [CompletenessScore] ("completeness_score").
	Completeness Scorer = clusterScorer("completeness_score", CompletenessScore)
	// VMeasure scores with [VMeasureScore], beta 1 ("v_measure_score").
	VMeasure Scorer = clusterScorer("v_measure_score", func(a, b []float64) float64 { return VMeasureScore(a, b, 1) })
	// FowlkesMallows scores with [FowlkesMallowsScore] ("fowlkes_mallows_score").
	FowlkesMallows Scorer = clusterScorer("fowlkes_mallows_score", FowlkesMallowsScore)
)

// More scorers built on Predict.
var (
	// NegMSLE is −[MeanSquaredLogError] ("neg_mean_squared_log_error").
	NegMSLE Scorer = regScorer("neg_mean_squared_log_error", -1, MeanSquaredLogError)
	// NegPoissonDeviance is −[MeanPoissonDeviance] ("neg_mean_poisson_deviance").
	NegPoissonDeviance Scorer = regScorer("neg_mean_poisson_deviance", -1, MeanPoissonDeviance)
	// NegGammaDeviance is −[MeanGammaDeviance] ("neg_mean_gamma_deviance").
	NegGammaDeviance Scorer = regScorer("neg_mean_gamma_deviance", -1, MeanGammaDeviance)
	// PositiveLikelihoodRatio is the LR+ of [ClassLikelihoodRatios]
	// ("positive_likelihood_ratio"). Like scikit-learn it rejects sample weights.
	PositiveLikelihoodRatio Scorer = predictScorer{name: "positive_likelihood_ratio", sign: 1, noWeights: true, labels: true,
		fn: func(y, p, _ []float64) (float64, error) { v, _ := ClassLikelihoodRatios(y, p, nil); return v, nil }}
	// NegNegativeLikelihoodRatio is −LR− of [ClassLikelihoodRatios]
	// ("neg_negative_likelihood_ratio"). Like scikit-learn it rejects sample weights.
	NegNegativeLikelihoodRatio Scorer = predictScorer{name: "neg_negative_likelihood_ratio", sign: -1, noWeights: true, labels: true,
		fn: func(y, p, _ []float64) (float64, error) { _, v := ClassLikelihoodRatios(y, p, nil); return v, nil }}
	// MCC scores with [MatthewsCorrcoef] ("matthews_corrcoef").
	MCC Scorer = predictScorer{name: "matthews_corrcoef", sign: 1, labels: true, fn: matthews}
	// Jaccard is [JaccardScore] with [Binary] averaging, positive label 1 ("jaccard").
	Jaccard Scorer = jaccardScorer("jaccard", Binary)
	// JaccardMicro is [JaccardScore] with [Micro] averaging ("jaccard_micro").
	JaccardMicro Scorer = jaccardScorer("jaccard_micro", Micro)
	// JaccardMacro is [JaccardScore] with [Macro] averaging ("jaccard_macro").
	JaccardMacro Scorer = jaccardScorer("jaccard_macro", Macro)
	// JaccardWeighted is [JaccardScore] with [Weighted] averaging ("jaccard_weighted").
	JaccardWeighted Scorer = jaccardScorer("jaccard_weighted", Weighted)
)

// Scorers of binary targets built on DecisionFunction (preferred) or the PredictProba
// column of Classes()[1], as scikit-learn's threshold scorers are, and on
// PredictProba. Targets with more than two labels give an error wrapping
// estimator.ErrInvalidData, as scikit-learn raises ValueError.
var (
	// AveragePrecision is [AveragePrecisionScore] with positive label 1
	// ("average_precision"), as scikit-learn's scorer (whose pos_label is 1 whatever
	// the classifier's classes).
	AveragePrecision Scorer = thresholdScorer{name: "average_precision"}
	// TopKAccuracy is scikit-learn's "top_k_accuracy" scorer: top_k_accuracy_score with
	// k = 2 of a binary target's threshold scores, which is 1 whenever y holds exactly
	// two labels (scikit-learn 1.2.1's scorer rejects multiclass targets). Use
	// [TopKAccuracyScore] with PredictProba for a multiclass top-k accuracy.
	TopKAccuracy Scorer = thresholdScorer{name: "top_k_accuracy"}
	// NegBrier is −[BrierScoreLoss] of the PredictProba column of Classes()[1]
	// ("neg_brier_score"). The estimator must have two classes.
	NegBrier Scorer = brierScorer{}
)

// clusterScorer adapts a clustering metric.
func clusterScorer(name string, fn func(labelsTrue, labelsPred []float64) float64) predictScorer {
	return predictScorer{name: name, sign: 1, noWeights: true,
		fn: func(y, p, _ []float64) (float64, error) { return fn(y, p), nil }}
}

func jaccardScorer(name string, avg Average) predictScorer {
	return predictScorer{name: name, sign: 1, labels: true, fn: func(y, p, w []float64) (float64, error) {
		return jaccard(y, p, avg, w)
	}}
}

// binaryScores returns the threshold scores of a fitted binary classifier, as
// scikit-learn's _ThresholdScorer gets them: DecisionFunction when e has one, else the
// PredictProba column of Classes()[1]. y must hold at most two labels.
func binaryScores(name string, e estimator.Estimator, X mat.Matrix, y, w []float64) ([]float64, error) {
	df, isDF := e.(DecisionFunctioner)
	isDF = isDF && estimator.Can(e, estimator.CanDecisionFunction)
	isPC := estimator.Can(e, estimator.CanPredictProba)
	if !isPC && !isDF {
		return nil, fmt.Errorf("metrics: scorer %q needs an estimator.ProbaClassifier or a DecisionFunctioner, got %T: %w", name, e, errors.ErrUnsupported)
	}
	if err := checkTargets(y, w); err != nil {
		return nil, fmt.Errorf("metrics: scorer %q: %w", name, err)
	}
	if labels, _ := uniqueLabels(y, nil); len(labels) > 2 {
		return nil, fmt.Errorf("metrics: scorer %q: y has %d labels; multiclass targets are not supported: %w", name, len(labels), estimator.ErrInvalidData)
	}
	if isDF {
		score, err := df.DecisionFunction(X)
		if err != nil {
			return nil, fmt.Errorf("metrics: scorer %q: %w", name, err)
		}
		if len(score) != len(y) {
			return nil, fmt.Errorf("metrics: scorer %q: %d scores for %d targets: %w", name, len(score), len(y), estimator.ErrShape)
		}
		if err := checkFinite("decision function", score); err != nil {
			return nil, fmt.Errorf("metrics: scorer %q: %w", name, err)
		}
		return score, nil
	}
	proba, classes, err := probaOf(name, e, X, len(y))
	if err != nil {
		return nil, err
	}
	if len(classes) != 2 {
		return nil, fmt.Errorf("metrics: scorer %q: predict_proba has %d columns, need a classifier with two classes: %w", name, len(classes), estimator.ErrInvalidData)
	}
	return mat.Col(nil, 1, proba), nil
}

// thresholdScorer is AveragePrecision and TopKAccuracy.
type thresholdScorer struct{ name string }

func (s thresholdScorer) Name() string { return s.name }

// Score applies the metric to e's binary threshold scores. See [AveragePrecision]
// and [TopKAccuracy].
func (s thresholdScorer) Score(e estimator.Estimator, X mat.Matrix, y, w []float64) (float64, error) {
	score, err := binaryScores(s.name, e, X, y, w)
	if err != nil {
		return 0, err
	}
	var v float64
	switch s.name {
	case "average_precision":
		v, err = averagePrecision(y, score, 1, w)
	default: // top_k_accuracy, k = 2
		v, err = topKAccuracy(y, mat.NewDense(len(score), 1, score), 2, nil, w)
	}
	if err != nil {
		return 0, fmt.Errorf("metrics: scorer %q: %w: %w", s.name, err, estimator.ErrInvalidData)
	}
	if math.IsNaN(v) {
		return 0, nanError(s.name, "the metric is undefined for these targets")
	}
	return v, nil
}

// brierScorer is NegBrier.
type brierScorer struct{}

func (brierScorer) Name() string { return "neg_brier_score" }

// Score returns −BrierScoreLoss of e's positive-class probabilities. See [NegBrier].
func (brierScorer) Score(e estimator.Estimator, X mat.Matrix, y, w []float64) (float64, error) {
	const name = "neg_brier_score"
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
	if len(classes) != 2 {
		return 0, fmt.Errorf("metrics: scorer %q: predict_proba has %d columns, need a classifier with two classes: %w", name, len(classes), estimator.ErrInvalidData)
	}
	v, err := brier(y, mat.Col(nil, 1, proba), w)
	if err != nil {
		return 0, fmt.Errorf("metrics: scorer %q: %w: %w", name, err, estimator.ErrInvalidData)
	}
	return -v, nil
}
