// Package plot draws the figures of scikit-learn's Display classes with
// gonum.org/v1/plot: the numbers come from metrics, crossval and the nn epoch
// records, and this package only draws them. Every function returns a
// *plot.Plot of gonum.org/v1/plot (or a [Figure] of several) that the caller can
// still adjust (titles, ranges, extra plotters) before [Save] writes it to a file
// whose extension picks the format.
//
// Import it next to gonum's package under another name:
//
//	import (
//		gplot "gonum.org/v1/plot"
//		"github.com/skgo/skgo/plot"
//	)
//
// scikit-learn 1.2.1 (and matplotlib) names map to this package as follows:
//
//	ConfusionMatrixDisplay(.from_predictions)     ConfusionMatrix, ConfusionMatrixFromPredictions
//	RocCurveDisplay(.from_predictions)            ROCCurve, ROCFromPredictions
//	PrecisionRecallDisplay(.from_predictions)     PrecisionRecallCurve, PrecisionRecallFromPredictions
//	PredictionErrorDisplay kind="actual_vs_predicted"    PredictionError
//	PredictionErrorDisplay kind="residual_vs_predicted"  Residuals
//	LearningCurveDisplay (scikit-learn ≥ 1.3)     LearningCurve (from crossval.LearningCurve)
//	ValidationCurveDisplay (scikit-learn ≥ 1.3)   ValidationCurve (from crossval.ValidationCurve)
//	Keras history plots                           TrainingHistory, HistoryFromEpochs
//	feature_importances_ / coef_ bar charts       FeatureImportances
//	matplotlib hist (numpy.histogram bins)        Histogram
//
// What is drawn follows scikit-learn: the legend texts ("name (AUC = 0.93)",
// "name (AP = 0.88)"), axis labels, the confusion matrix's cell texts (".2g", or
// the integer when shorter), its viridis colors and the text color chosen for
// contrast, the precision-recall curve's post-step line, the regression displays'
// dashed reference lines, and numpy's histogram bins are checked against
// scikit-learn 1.2.1, matplotlib 3.6.3 and numpy in the tests. The rendering itself
// is gonum's: fonts are embedded (Liberation), so output does not depend on the
// fonts installed, and the PNG goldens in testdata are compared with gonum's cmpimg.
//
// Input errors (empty data, mismatched lengths, NaN or infinite values, unknown
// options) are returned wrapped around estimator.ErrInvalidData, ErrShape or
// ErrInvalidParam; no function panics.
package plot
