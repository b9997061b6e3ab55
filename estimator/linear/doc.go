// Package linear provides scikit-learn's linear models: least squares with and
// without penalties (Regression, Ridge, Lasso, ElasticNet) and logistic regression
// (Logistic).
//
// # Objectives
//
// With n samples, sample weights wᵢ (all ones unless FitWeighted is used), an
// intercept b (fixed at 0 with NoIntercept) and coefficients w, the models minimize
// exactly scikit-learn's objectives, so that Alpha has the same meaning:
//
//	Regression   Σᵢ wᵢ·(yᵢ − xᵢ·w − b)²
//	Ridge        Σᵢ wᵢ·(yᵢ − xᵢ·w − b)² + Alpha·‖w‖²
//	Lasso        1/(2n)·Σᵢ wᵢ·(yᵢ − xᵢ·w − b)² + Alpha·‖w‖₁
//	ElasticNet   1/(2n)·Σᵢ wᵢ·(yᵢ − xᵢ·w − b)² + Alpha·L1Ratio·‖w‖₁
//	                                         + Alpha·(1−L1Ratio)/2·‖w‖²
//
// For Lasso and ElasticNet the weights are first rescaled to sum to n, as in
// scikit-learn. The intercept is never penalized: every model centres X and y on
// their (weighted) means, solves for w, and sets b = ȳ − x̄·w. See Logistic for the
// logistic loss.
//
// # Algorithms
//
//   - Regression and Ridge have closed forms. Small problems are solved by
//     Householder QR (Ridge on the augmented matrix [X; √Alpha·I]); rank-deficient
//     ones, such as duplicated or constant columns or more columns than rows, get
//     scipy.linalg.lstsq's minimum-norm solution from the SVD. Large tall problems
//     first try the normal equations on a Gram matrix computed on all cores, and
//     keep that answer only when the equilibrated system is well conditioned;
//     otherwise they use a parallel tall-skinny QR (QR of every row chunk, then of
//     the stacked R factors). Rows are split into a fixed partition and partial
//     results are combined in order, so results are identical for any GOMAXPROCS.
//     Coefficients agree with scikit-learn 1.2.1 to about 1e-12 relative on Boston,
//     Diabetes and synthetic data.
//   - Lasso and ElasticNet use the cyclic (or random) coordinate descent of
//     scikit-learn's cd_fast.enet_coordinate_descent with its duality-gap stopping
//     rule, Tol and MaxIter, and report NIter, Converged and DualGap. With the
//     default cyclic order they reproduce scikit-learn's coefficients and iteration
//     counts.
//
// Every model checks its hyperparameters (Validate returns a *estimator.ParamError),
// rejects NaN, Inf and empty input and unusable matrices (nil pointers of any matrix
// type, an empty mat.Transpose, negative dimensions, a panicking At) with
// estimator.ErrInvalidData, returns ctx.Err() when the context is done (checked
// before fitting and after every coordinate-descent sweep), and implements
// estimator.WeightedFitter and estimator.StateMarshaler. The parallel loops run on
// internal/parallel: a panic in a worker comes back from Fit as an error.
//
// # Extreme magnitudes
//
// Finite data near the ends of float64's range (values near 1e308 or 1e-300, whose
// sums of squares overflow or underflow) are solved on copies of X and y scaled by
// powers of two, which is exact, and the solution is mapped back; data that never
// need it give bit-identical results. A model that float64 cannot represent
// (coefficients that overflow, or that underflow while they matter) is an error
// wrapping estimator.ErrConvergence that says to scale the features, and so is a
// logistic loss that overflows. Predict returns an error wrapping
// estimator.ErrInvalidData rather than a non-finite prediction.
//
// # Saved state
//
// MarshalState writes estimator.EncodeState with a per-type version. UnmarshalState
// rejects, with an error wrapping estimator.ErrState and the receiver unchanged,
// state of another version and state that Predict could not use safely:
// coefficients that are not NFeatures (Logistic: Rows × NFeatures) finite values,
// non-finite intercepts, classes that are not sorted, distinct and finite, and state
// that contradicts the hyperparameters (an intercept with NoIntercept, a negative
// coefficient with Positive, a softmax model with MultiClassOvR).
//
// # scikit-learn → skgo
//
//	sklearn.linear_model.LinearRegression   linear.Regression
//	sklearn.linear_model.Ridge              linear.Ridge (Solver: RidgeAuto, RidgeCholesky, RidgeSVD)
//	sklearn.linear_model.Lasso              linear.Lasso
//	sklearn.linear_model.ElasticNet         linear.ElasticNet
//	sklearn.linear_model.LogisticRegression linear.Logistic
//	fit_intercept=False                     NoIntercept: true
//	alpha, l1_ratio                         Alpha, L1Ratio
//	max_iter, tol                           MaxIter (0 → 1000), Tol (0 → 1e-4)
//	selection="random", random_state        Selection: SelectionRandom, Seed
//	positive=True                           Positive: true
//	fit(X, y, sample_weight=w)              FitWeighted(ctx, X, y, w)
//	coef_, intercept_                       Coef(), Intercept()
//	n_iter_, dual_gap_                      NIter(), DualGap(); Converged() replaces ConvergenceWarning
//	decision_function (binary, (n,))        Logistic.DecisionFunction (metrics.DecisionFunctioner)
//	decision_function (multiclass, (n, K))  Logistic.DecisionFunctionMatrix
//	sklearn.linear_model.SGDClassifier      linear.SGDClassifier (shuffle=False: NoShuffle; tol=None: Tol < 0)
//	sklearn.linear_model.SGDRegressor       linear.SGDRegressor (partial_fit: PartialFit; t_: T())
//	sklearn.linear_model.HuberRegressor     linear.HuberRegressor (alpha=0: NoPenalty; scale_, outliers_: Scale(), Outliers())
//	sklearn.linear_model.QuantileRegressor  linear.QuantileRegressor (solver="highs": exact simplex; alpha=0: NoPenalty)
//	LogisticRegression(solver="saga")       linear.Logistic{Solver: LogisticSAGA}, Penalty l1/elasticnet, L1Ratio, Seed
//	sklearn.linear_model.RidgeCV            linear.RidgeCV (cv=None: efficient leave-one-out; alpha_, best_score_, cv_values_: Alpha(), BestScore(), CVValues())
//	sklearn.linear_model.RidgeClassifier    linear.RidgeClassifier (class_weight="balanced" only)
//	sklearn.linear_model.RidgeClassifierCV  linear.RidgeClassifierCV
//	sklearn.linear_model.LassoCV            linear.LassoCV (alphas_, mse_path_: AlphaGrid(), MSEPath())
//	sklearn.linear_model.ElasticNetCV       linear.ElasticNetCV (l1_ratio list: L1Ratio; l1_ratio_: ChosenL1Ratio())
//	sklearn.linear_model.LogisticRegressionCV linear.LogisticCV (lbfgs, l2; Cs=int: NCs; refit=False: NoRefit)
//	sklearn.linear_model.BayesianRidge      linear.BayesianRidge (n_iter: MaxIter; predict(return_std=True): PredictWithStd)
//	sklearn.linear_model.ARDRegression      linear.ARDRegression (threshold_lambda: ThresholdLambda; kept features: Kept())
package linear
