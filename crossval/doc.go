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
//   - Folds run on the fold engine that tuning.Search shares (internal/folds): the
//     caller's goroutine starts at once and up to Workers-1 more (0 = GOMAXPROCS) join
//     as soon as the runtime starts them; none is started once every fold has been
//     taken. Results are written by index, so they do not depend on Workers. The first error cancels the rest and is reported as "crossval: fold i:
//     ..." wrapping the cause; a panic in a fold comes back as a *parallel.PanicError
//     error; a cancelled ctx gives an error satisfying errors.Is(err, context.Canceled).
//   - An estimator.Iterative (or a pipeline ending in one) has its NIter and Converged
//     recorded per fold in Result.
//   - X is checked once (estimator.Dims): nil matrices of any type, matrices whose Dims
//     or At panic and negative dimensions are errors wrapping estimator.ErrInvalidData.
//     A matrix that is neither a *mat.Dense nor an estimator.RowSelector is copied once.
//   - Splitters bound their input before allocating: at most MaxRows rows and
//     MaxFoldIndices row indices over all folds (LeaveOneOut costs n², KFold K·n).
//   - Splitter and configuration errors are *estimator.ParamError (errors.Is
//     estimator.ErrInvalidParam), or wrap estimator.ErrShape / ErrInvalidData for data
//     that does not fit. Nothing panics on bad input: nil and typed-nil estimators and
//     splitters, nil scorers, a splitter that panics or returns empty or out-of-range
//     folds, and a scorer's error (a NaN score) are all errors.
//   - Result.Std is the population standard deviation (numpy's default ddof=0).
package crossval
