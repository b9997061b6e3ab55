// Package crossval splits data into train/test folds and evaluates estimators on them
// (scikit-learn: model_selection's splitters, cross_val_score, cross_validate,
// cross_val_predict, learning_curve, validation_curve and train_test_split).
//
// # Splitters
//
// A [Splitter] materializes the folds of n rows once ([Fold] holds row indices), so
// every candidate of a search sees identical splits. Unshuffled splitters give exactly
// scikit-learn 1.2's folds; shuffled ones use math/rand/v2 PCG seeded with a Seed field
// (reproducible, with scikit-learn's fold sizes and stratification, but not numpy's
// permutations).
//
//	scikit-learn                      skgo
//	KFold                             KFold
//	StratifiedKFold                   StratifiedKFold
//	GroupKFold(groups=...)            GroupKFold{Groups: ...}
//	ShuffleSplit                      ShuffleSplit
//	StratifiedShuffleSplit            StratifiedShuffleSplit
//	TimeSeriesSplit                   TimeSeriesSplit
//	LeaveOneOut                       LeaveOneOut
//	PredefinedSplit                   PredefinedSplit
//	RepeatedKFold                     RepeatedKFold
//	RepeatedStratifiedKFold           RepeatedStratifiedKFold
//	train_test_split                  TrainTestSplit, TrainTestSplitXy
//	cross_val_score                   Score
//	cross_validate                    CrossValidate
//	cross_val_predict                 CrossValPredict, CrossValPredictProba
//	learning_curve                    LearningCurve
//	validation_curve                  ValidationCurve
//
// Parameter names follow the rest of skgo: n_splits → K (k-fold splitters) or NSplits,
// random_state → Seed, n_jobs → Workers, shuffle=True default → NoShuffle.
//
// # Invariants
//
//   - Every fit is on estimator.Clone of the caller's estimator, which is never fitted
//     or modified.
//   - Fold rows are taken with estimator.Rows and estimator.Select; X is shared
//     read-only between goroutines, and a RowSelector (preprocess.Frame) keeps its kind.
//   - Configuration (splitter, scorers, weights, the estimator's Validate, parameter
//     paths) is checked before anything is fitted.
//   - Folds run on a fixed pool of Workers goroutines (0 = GOMAXPROCS); results are written
//     by index, so they do not depend on Workers. The first error cancels the rest and
//     is reported as "crossval: fold i: ..." wrapping the cause; a cancelled ctx gives
//     an error satisfying errors.Is(err, context.Canceled).
//   - Splitter and configuration errors are *estimator.ParamError (errors.Is
//     estimator.ErrInvalidParam), or wrap estimator.ErrShape / ErrInvalidData for data
//     that does not fit. Nothing panics on bad input.
//   - Result.Std is the population standard deviation (numpy's default ddof=0).
package crossval
