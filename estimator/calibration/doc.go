// Package calibration calibrates classifier probabilities (scikit-learn:
// sklearn.calibration, 1.2.1).
//
//	scikit-learn                                 skgo
//	CalibratedClassifierCV                       CalibratedClassifierCV
//	  estimator (None: LinearSVC)                  Estimator (nil: &svm.LinearSVC{})
//	  method ("sigmoid", "isotonic")               Method ("" = "sigmoid", "isotonic")
//	  cv (None, int, splitter)                     CV (nil: crossval.StratifiedKFold{K: 5})
//	  cv="prefit"                                  Prefit
//	  ensemble=False                               NoEnsemble
//	  n_jobs                                       Workers
//	  classes_, calibrated_classifiers_            Classes(), CalibratedClassifiers()
//	fit(X, y, sample_weight)                     Fit, FitWeighted
//	predict, predict_proba                       Predict, PredictProba
//	calibration_curve(y, p, n_bins, strategy)    CalibrationCurve(y, p, nBins, strategy)
//
// # Agreement with scikit-learn
//
// The algorithm is scikit-learn 1.2.1's: the same choice of scores (decision function
// first, then predict_proba), the same per-fold classifier/calibrator pairs, the same
// class bookkeeping when a fold misses a class, the same normalisation and averaging.
// The isotonic calibrator is isotonic.IsotonicRegression (which matches scikit-learn's
// to rounding). The sigmoid is fitted to Platt's smoothed targets by Newton's method
// to rounding level where scikit-learn stops scipy's fmin_bfgs at a gradient of
// 1e-5, so sigmoid parameters differ by about 1e-6 relative.
//
// The tests (testdata/gen_calibration.py) compare PredictProba with predict_proba on
// breast cancer (standardized) with LinearSVC, on iris with GaussianNB and (standardized)
// LogisticRegression, with sample weights, both methods, ensemble and NoEnsemble, and
// Prefit: the largest difference is 2e-7 and the tolerance 1e-6. Predictions are
// identical. CalibrationCurve matches calibration_curve to 1e-15, bin edges included.
// Two cases are deliberately not compared: LogisticRegression on breast cancer (scipy's
// L-BFGS and skgo's part ways before both stop on the relative-reduction test, leaving
// 1e-5 between the base models) and isotonic calibration of GaussianNB probabilities
// that are saturated at 1 (isotonic regression merges x values within 1e-15, so
// last-bit differences in the base's probabilities regroup them).
//
// # Differences
//
//   - With Prefit, labels unknown to the fitted Estimator are an error (scikit-learn
//     silently gives them all-zero indicators). The fitted Estimator is copied at Fit,
//     so refitting it later does not change the calibrated model.
//   - A classifier with a decision function that saw only two of more classes (a fold
//     missing classes) is an error; scikit-learn would fit one calibrator to the wrong
//     class. With NoEnsemble, decision-function scores need every class in every
//     training fold (probabilities of a missing class are 0, as in cross_val_predict).
//   - The check that every class has at least K rows applies to KFold and
//     StratifiedKFold (scikit-learn checks an int cv and any splitter with n_splits).
//   - Pipelines expose no decision function, so a pipeline ending in LinearSVC cannot
//     be the Estimator; put the calibrated classifier inside the pipeline instead
//     (scaler, then CalibratedClassifierCV{Estimator: &svm.LinearSVC{}}).
//
// Folds run in parallel through internal/parallel (Workers), results are stored by
// fold index, and models are identical for any Workers. Save writes the fitted
// classifiers and calibrators inside the model's learned state; Load rebuilds the
// classifiers from clones of Estimator and checks every part.
package calibration
