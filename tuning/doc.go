// Package tuning searches hyperparameters by cross-validation: scikit-learn's
// GridSearchCV, RandomizedSearchCV, HalvingGridSearchCV and HalvingRandomSearchCV as
// one estimator, [Search], whose strategy is its [Space].
//
// # scikit-learn names
//
//	scikit-learn                               skgo
//	GridSearchCV(est, param_grid)              Search{Estimator: est, Space: Grid{...}}
//	param_grid=[{...}, {...}]                  Union(Grid{...}, Grid{...})
//	ParameterGrid                              Grid.Candidates
//	RandomizedSearchCV(est, dists, n_iter)     Search{Space: Random{N: n, Params: []Dist{...}}}
//	ParameterSampler                           Random.Candidates
//	scipy.stats.loguniform / randint           LogUniform / IntUniform (inclusive)
//	a list in param_distributions              Choice
//	scipy.stats.uniform etc.                   any gonum distuv distribution
//	HalvingGridSearchCV / HalvingRandomSearchCV Search{Space: Halving{Space: Grid{...} or Random{...}}}
//	scoring=..., refit=<name>                  Scoring, or Scorers + Refit
//	n_jobs                                     Workers
//	refit=False                                NoRefit
//	error_score=np.nan                         ContinueOnError
//	return_train_score                         ReturnTrainScore
//	fit(X, y, sample_weight=w)                 FitWeighted(ctx, X, y, w)
//	cv_results_                                Results, ResultsFrame, WriteCSV
//	best_params_, best_score_, best_index_     BestParams, BestScore, BestIndex
//	best_estimator_                            BestEstimator
//	n_resources_, n_candidates_, ...           Halving (a *HalvingInfo)
//
// # Differences from scikit-learn
//
//   - A [Grid] keeps the order of its axes (first axis slowest); scikit-learn sorts the
//     parameter names first.
//   - Every candidate is validated (SetParams on a clone, then Validate on it and its
//     parts) before anything is fitted, so a misspelt path fails in milliseconds,
//     naming the candidate.
//   - Random draws use Go's PCG generator: the same Seed gives the same candidates in
//     Go, but not the same numbers as numpy.
//   - Successive halving subsamples rows with Go's generator too, and computes
//     ⌊log_Factor n⌋ exactly (scikit-learn's floating-point log is one less at a few
//     exact powers such as 243 = 3⁵).
//
// # Invariants
//
// Folds are computed once per Fit, so all candidates see identical splits. Results are
// written by index and do not depend on Workers. X is shared read-only by all workers
// and is never copied as a whole (unless it is neither a *mat.Dense nor an
// estimator.RowSelector); each (candidate, fold) job selects its own fold's rows with
// estimator.Rows. The prototype Estimator is never fitted.
//
// Candidates are streamed from the Space (in batches of 1024), validated before
// anything is fitted, and counted without overflow: a search of more than MaxFits
// (candidate, fold) fits is rejected with a *estimator.ParamError, and Grid, Grids and
// Random reject more than MaxFits candidates in Validate. Results grow as candidates
// complete. Halving materializes its candidates (at most MaxFits).
//
// (candidate, fold) jobs run on the fold engine that crossval uses (internal/folds):
// cloning, sample weights (FitWeighted), scoring with one prediction for several
// regression scorers, train scores, times, NIter and Converged of an
// estimator.Iterative, ContinueOnError, and panics returned as errors behave the same
// as in crossval.CrossValidate.
//
// # Speed
//
// Jobs start on the caller's goroutine and up to Workers-1 more join as soon as the
// runtime starts them (no goroutine per job). For a chain (an
// estimator.Composite that unwraps to its last part, each part before it a
// Transformer: pipeline.Pipeline), the steps before the final one are fitted once per
// fold and prefix configuration and shared by the candidates that differ only in the
// final step (NoCache turns this off; scikit-learn's Pipeline(memory=...) idea). The
// prefix configuration is keyed by an exact encoding of its steps' types and
// parameters (floats by their bits) and the identity of replaced steps; a prefix
// holding a parameter that cannot be encoded exactly (a func) is not cached. With
// weights, the final step gets them through FitWeighted, as pipeline.FitWeighted does.
// A final step that implements fastpath.Preparer computes its shared statistics once
// per fold too (unweighted searches): linear.Ridge's centred Gram matrix serves every
// Alpha of a grid. Scores are identical with and without these shortcuts.
package tuning
