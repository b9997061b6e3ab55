// Package metrics holds evaluation metrics and scorers, matching scikit-learn 1.2.1
// (sklearn.metrics).
//
// # Metric functions
//
// Metric functions follow gonum/stat: they are pure, take the true values first, the
// predictions second and the sample weights last (nil means uniform), never modify
// their inputs, and panic with "metrics: length mismatch" when the lengths differ or
// the input is empty. Other misuse that scikit-learn answers with ValueError (NaN
// labels, Binary averaging of multiclass targets, ROC AUC with one class) also panics
// with a "metrics: ..." message. NaN in regression inputs propagates to the result.
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
// empty input, NaN/Inf or unusable labels, errors.ErrUnsupported when the estimator
// lacks a needed method (NegLogLoss and the ROC AUC scorers need an
// estimator.ProbaClassifier), and the estimator's own errors wrapped. Probability
// columns are matched to labels through the estimator's Classes, so a validation fold
// that lacks some classes still scores.
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
//	average=                              Average: Binary (zero value), PosLabel(x), Micro, Macro, Weighted
//	make_scorer                           NewScorer
//	get_scorer, get_scorer_names          ScorerByName, ScorerNames
//
// # Differences from scikit-learn
//
//   - Non-integral float labels are accepted.
//   - LogLoss panics on a label of yTrue that is not among the classes (scikit-learn
//     scores such a sample as zero loss), and the NegLogLoss scorer passes the
//     estimator's Classes as labels, so folds missing a class do not fail.
//   - Weights that sum to zero give NaN from the metric functions (scikit-learn raises
//     ZeroDivisionError) and an error from the scorers, which also reject negative
//     or non-finite weights.
//   - MaxError takes no weights, as in scikit-learn; the NegMaxError scorer returns an
//     error wrapping errors.ErrUnsupported when given weights (scikit-learn raises
//     TypeError).
//   - ROCAUCOvRScore with two columns returns the binary ROC AUC of column 1, which is
//     what the "roc_auc_ovr" scorer computes for binary targets (scikit-learn's
//     roc_auc_score raises on a two-column y_score).
//   - The ROCAUC scorer uses [DecisionFunctioner] when the estimator has it, else
//     PredictProba; it does not score regressors' Predict output.
package metrics
