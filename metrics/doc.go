// Package metrics holds evaluation metrics and scorers, matching scikit-learn 1.2.1
// (sklearn.metrics).
//
// # Metric functions
//
// Metric functions follow gonum/stat: they are pure, take the true values first, the
// predictions second and the sample weights last (nil means uniform), and never
// modify their inputs. Programmer errors panic: inputs of different lengths (with
// "metrics: length mismatch") and an unsupported Average. Conditions of the data are
// not programmer errors and never panic: where scikit-learn warns or raises
// ValueError on the data (empty input, a fold with a single class in ROC AUC, NaN or
// unseen labels, a negative beta, a nil or unusable probability matrix, weights that
// sum to zero, Binary averaging of multiclass targets) the result is undefined and the
// function returns NaN, as gonum/stat does; each function's documentation lists when.
// NaN in regression inputs propagates to the result.
//
// Class labels are float64 codes; any non-NaN value is a label (scikit-learn rejects
// non-integral floats as "continuous"). Where a label set is implied it is the sorted
// union of the labels in yTrue and yPred; probability matrices have one column per
// class in ascending label order, the order of estimator.Classifier's Classes.
// Undefined precision, recall or F-scores (0/0) are 0, scikit-learn's default
// zero_division="warn" without the warning.
//
// # Scorers
//
// A [Scorer] applies a metric to a fitted estimator, with larger always better: error
// metrics are negated (NegMSE). Scorers are values (metrics.R2, metrics.F1Macro) and can
// be looked up by their scikit-learn names with [ScorerByName]. They return errors,
// never panic: estimator.ErrShape for length mismatches, estimator.ErrInvalidData for
// empty input, NaN/Inf or unusable labels and for an undefined (NaN) score, with the
// scorer's name and the reason ("R² needs at least two samples", "only one class
// present in y_true"), errors.ErrUnsupported when the estimator
// lacks a needed method (NegLogLoss and the ROC AUC scorers need an
// estimator.ProbaClassifier), and the estimator's own errors wrapped. Probability
// columns are matched to labels through the estimator's Classes, so a validation fold
// that lacks some classes still scores.
//
// # Clustering metrics
//
// The metrics that compare two labelings (AdjustedRandScore, the mutual information
// scores, homogeneity, completeness, V-measure, Fowlkes-Mallows) take the true labels
// first and the cluster labels second, no weights, and depend only on which samples
// share a label, not on the label values. They build a sparse contingency table, so
// memory is O(n) whatever the number of clusters. The metrics that judge a labeling of
// data (SilhouetteSamples, SilhouetteScore, CalinskiHarabaszScore,
// DaviesBouldinScore) take X and one label per row; they panic when the number of
// labels differs from X's rows and return NaN for fewer than 2 or more than n−1
// clusters, as scikit-learn raises ValueError. The silhouette costs O(n²·d) time but
// only O(n + workers·clusters) memory, and runs on row chunks in parallel (results do
// not depend on the number of workers); SilhouetteScoreSample scores a random subset.
// The clustering scorers (ARI, AMI, NMI, …) compare y with the estimator's Predict
// output, as scikit-learn's do, and reject sample weights.
//
// # scikit-learn names
//
//	scikit-learn                          Go function                    Go scorer (scoring name)
//	r2_score                              R2Score                        R2 ("r2")
//	mean_squared_error                    MeanSquaredError               NegMSE ("neg_mean_squared_error")
//	mean_squared_error(squared=False)     RootMeanSquaredError           NegRMSE ("neg_root_mean_squared_error")
//	mean_absolute_error                   MeanAbsoluteError              NegMAE ("neg_mean_absolute_error")
//	median_absolute_error                 MedianAbsoluteError            NegMedianAE ("neg_median_absolute_error")
//	mean_absolute_percentage_error        MeanAbsolutePercentageError    NegMAPE ("neg_mean_absolute_percentage_error")
//	explained_variance_score              ExplainedVarianceScore         ExplainedVariance ("explained_variance")
//	max_error                             MaxError                       NegMaxError ("max_error", negated)
//	mean_squared_log_error                MeanSquaredLogError            NegMSLE ("neg_mean_squared_log_error")
//	mean_tweedie_deviance                 MeanTweedieDeviance            -
//	mean_poisson_deviance                 MeanPoissonDeviance            NegPoissonDeviance ("neg_mean_poisson_deviance")
//	mean_gamma_deviance                   MeanGammaDeviance              NegGammaDeviance ("neg_mean_gamma_deviance")
//	accuracy_score                        AccuracyScore                  Accuracy ("accuracy")
//	balanced_accuracy_score               BalancedAccuracyScore          BalancedAccuracy ("balanced_accuracy")
//	precision_score                       PrecisionScore                 Precision, PrecisionMicro, PrecisionMacro, PrecisionWeighted
//	recall_score                          RecallScore                    Recall, RecallMicro, RecallMacro, RecallWeighted
//	f1_score                              F1Score                        F1, F1Micro, F1Macro, F1Weighted
//	fbeta_score                           FBetaScore                     -
//	precision_recall_fscore_support       PrecisionRecallFScoreSupport   -
//	confusion_matrix                      ConfusionMatrix                -
//	log_loss                              LogLoss, BinaryLogLoss         NegLogLoss ("neg_log_loss")
//	roc_auc_score (binary)                ROCAUCScore                    ROCAUC ("roc_auc")
//	roc_auc_score(multi_class="ovr")      ROCAUCOvRScore                 ROCAUCOvR, ROCAUCOvRWeighted
//	roc_auc_score(multi_class="ovo")      ROCAUCOvOScore                 ROCAUCOvO, ROCAUCOvOWeighted
//	roc_curve                             ROCCurve                       -
//	precision_recall_curve                PrecisionRecallCurve           -
//	average_precision_score (binary)      AveragePrecisionScore          AveragePrecision ("average_precision")
//	average_precision_score (indicator)   AveragePrecisionOvRScore       -
//	det_curve                             DetCurve                       -
//	matthews_corrcoef                     MatthewsCorrcoef               MCC ("matthews_corrcoef")
//	cohen_kappa_score                     CohenKappaScore                -
//	jaccard_score                         JaccardScore                   Jaccard, JaccardMicro, JaccardMacro, JaccardWeighted
//	hamming_loss                          HammingLoss                    -
//	zero_one_loss                         ZeroOneLoss                    -
//	brier_score_loss                      BrierScoreLoss                 NegBrier ("neg_brier_score")
//	top_k_accuracy_score                  TopKAccuracyScore              TopKAccuracy ("top_k_accuracy")
//	class_likelihood_ratios               ClassLikelihoodRatios          PositiveLikelihoodRatio ("positive_likelihood_ratio"),
//	                                                                     NegNegativeLikelihoodRatio ("neg_negative_likelihood_ratio")
//	classification_report                 ClassificationReport → Report  -
//	adjusted_rand_score                   AdjustedRandScore              ARI ("adjusted_rand_score")
//	rand_score                            RandScore                      RandIndex ("rand_score")
//	mutual_info_score                     MutualInfoScore                MutualInfo ("mutual_info_score")
//	normalized_mutual_info_score          NormalizedMutualInfoScore      NMI ("normalized_mutual_info_score")
//	adjusted_mutual_info_score            AdjustedMutualInfoScore        AMI ("adjusted_mutual_info_score")
//	homogeneity_completeness_v_measure    HomogeneityCompletenessVMeasure -
//	homogeneity_score                     HomogeneityScore               Homogeneity ("homogeneity_score")
//	completeness_score                    CompletenessScore              Completeness ("completeness_score")
//	v_measure_score                       VMeasureScore                  VMeasure ("v_measure_score")
//	fowlkes_mallows_score                 FowlkesMallowsScore            FowlkesMallows ("fowlkes_mallows_score")
//	contingency_matrix                    ContingencyMatrix              -
//	pair_confusion_matrix                 PairConfusionMatrix            -
//	silhouette_samples                    SilhouetteSamples              -
//	silhouette_score                      SilhouetteScore, SilhouetteScoreSample -
//	calinski_harabasz_score               CalinskiHarabaszScore          -
//	davies_bouldin_score                  DaviesBouldinScore             -
//	average=                              Average: Binary (zero value), PosLabel(x), Micro, Macro, Weighted
//	make_scorer                           NewScorer
//	get_scorer, get_scorer_names          ScorerByName, ScorerNames
//
// # Differences from scikit-learn
//
//   - Non-integral float labels are accepted.
//   - LogLoss returns NaN for a label of yTrue that is not among the classes
//     (scikit-learn scores such a sample as zero loss), and the NegLogLoss scorer
//     passes the estimator's Classes as labels, so folds missing a class do not fail.
//   - Undefined results are NaN from the metric functions where scikit-learn raises
//     ValueError or ZeroDivisionError (see each function), and errors from the
//     scorers, which also reject negative or non-finite weights. Precision, recall
//     and F-scores keep scikit-learn's zero_division: 0/0 ratios are 0, also when all
//     weights are zero.
//   - MaxError takes no weights, as in scikit-learn; the NegMaxError scorer returns an
//     error wrapping errors.ErrUnsupported when given weights (scikit-learn raises
//     TypeError).
//   - ROCAUCOvRScore with two columns returns the binary ROC AUC of column 1, which is
//     what the "roc_auc_ovr" scorer computes for binary targets (scikit-learn's
//     roc_auc_score raises on a two-column y_score).
//   - ConfusionMatrix returns nil when the label set is empty or undefined, and a
//     matrix of NaN when no label of yTrue is among the given labels; ROCCurve returns
//     nil slices when the curve is undefined.
//   - The ROCAUC scorer uses [DecisionFunctioner] when the estimator has it, else
//     PredictProba; it does not score regressors' Predict output.
//   - The clustering metrics return NaN for empty input; scikit-learn returns 1.0 for
//     most of them (0.0 for the mutual information).
//   - AdjustedRandScore forms the products of pair counts exactly (math/big), as
//     Python's integers do, so it agrees with scikit-learn beyond 2³¹ samples too.
//   - Euclidean silhouette distances are computed as √Σ(xᵢ − yᵢ)², not by scikit-learn's
//     ‖x‖² − 2x·y + ‖y‖² expansion; SilhouetteScoreSample draws its subset with
//     math/rand/v2's PCG, so a seed selects a different subset than NumPy's.
//   - AdjustedMutualInfoScore uses Go's math.Lgamma where scikit-learn uses SciPy's
//     gammaln and C's lgamma. The expected mutual information sums exponentials of
//     differences of log-gamma values near n·log n, so the two round differently:
//     the scores agree to within 1e−13 on the test goldens (n ≤ 120 000, few
//     clusters) and differed by 3e−12 for n = 20 000 with 200 × 200 clusters.
//   - ClassificationReport names labels with strconv's 'g' format ("1", "0.5");
//     scikit-learn prints float labels as "1.0" (its goldens here use integer labels).
//   - TopKAccuracyScore panics for k < 1. The TopKAccuracy scorer reproduces
//     scikit-learn 1.2.1's "top_k_accuracy" scorer, which accepts only binary targets
//     and then always scores 1 (k = 2 of two classes); use TopKAccuracyScore for
//     multiclass top-k accuracy.
//   - AveragePrecisionOvRScore takes the multiclass target and the classes;
//     scikit-learn 1.2.1's average_precision_score needs the label-binarized
//     indicator matrix for that (and rejects multiclass targets).
//   - The likelihood-ratio scorers return an error wrapping estimator.ErrInvalidData
//     where scikit-learn's return NaN (no false positive or no true negative), as
//     every scorer here does for an undefined score.
//   - Unknown kappa weightings, average methods ("arithmetic", …) and distance
//     metrics panic, like an unknown Average (scikit-learn raises ValueError), and so
//     does a Tweedie power in (0, 1).
package metrics
