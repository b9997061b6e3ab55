// Package svm provides scikit-learn's support vector machines: the kernel models
// that scikit-learn wraps from libsvm, reimplemented in Go with libsvm's algorithm,
// and the linear models it wraps from liblinear.
//
// # Models
//
//	scikit-learn                          skgo
//	svm.SVC                               SVC
//	svm.NuSVC                             NuSVC
//	svm.SVR                               SVR
//	svm.NuSVR                             NuSVR
//	svm.OneClassSVM                       OneClassSVM
//	svm.LinearSVC                         LinearSVC
//	svm.LinearSVR                         LinearSVR
//	  C, nu, epsilon                        C, Nu, Epsilon
//	  kernel="rbf"|"linear"|"poly"|         Kernel (KernelRBF, …)
//	    "sigmoid"
//	  kernel=callable                       KernelFunc(a, b []float64) float64
//	  degree, coef0                         Degree, Coef0
//	  gamma=<float>                         Gamma
//	  gamma="scale"|"auto"                  Gamma = 0 with GammaRule "scale" (default) | "auto"
//	  shrinking=False                       NoShrinking
//	  probability=True, random_state        Probability, Seed
//	  tol, cache_size, max_iter             Tol, CacheSizeMB, MaxIter
//	  class_weight=dict                     ClassWeight (per class, sorted class order)
//	  class_weight="balanced"               BalancedClassWeight
//	  decision_function_shape, break_ties   DecisionFunctionShape, BreakTies
//	  support_, support_vectors_,           Support(), SupportVectors(),
//	  n_support_, dual_coef_,               NSupport(), DualCoef(),
//	  intercept_, coef_                     Intercept(), Coef()
//	  classes_, n_iter_                     Classes(), NIter() (summed over pairs)
//	  probA_, probB_                        (internal)
//	  offset_, score_samples                OneClassSVM.Offset(), ScoreSamples
//	fit(X, y, sample_weight)              Fit, FitWeighted
//	predict, decision_function            Predict, DecisionFunction (binary, one-class),
//	                                      DecisionFunctionMatrix (any number of classes)
//	predict_proba                         PredictProba
//
//	LinearSVC / LinearSVR
//	  penalty="l2"|"l1"                     Penalty
//	  loss="squared_hinge"|"hinge"          Loss ("epsilon_insensitive" |
//	                                        "squared_epsilon_insensitive" for LinearSVR)
//	  dual=False                            Primal
//	  fit_intercept=False                   NoIntercept
//	  intercept_scaling                     InterceptScaling
//	  tol, max_iter, random_state           Tol, MaxIter, Seed
//	  coef_, intercept_, n_iter_            Coef(), Intercept(), NIter()
//	  multi_class="ovr"|"crammer_singer"    MultiClass
//
// Zero values mean scikit-learn's defaults (C = 1, Nu = 0.5, Degree = 3, Tol = 1e-3,
// CacheSizeMB = 200, gamma "scale", MaxIter -1) except where zero is a meaningful
// setting: Coef0 and Epsilon are literal, and SVR's Epsilon defaults to 0 where
// scikit-learn's is 0.1.
//
// # The solver
//
// The kernel models solve their duals with libsvm's SMO (Fan, Chen & Lin 2005):
// the working pair is chosen by second-order information (WSS3), the two variables
// are updated analytically, and every min(n, 1000) iterations variables stuck at a
// bound are shrunk from the active set; the ν-formulations use libsvm's ν-solver,
// whose pair stays within one sign class. Kernel columns are kept as float32 in an
// LRU cache bounded by CacheSizeMB (at least two columns, never an n×n matrix),
// exactly as libsvm keeps them, and the iteration follows libsvm's step for step,
// so support sets, dual coefficients, intercepts and decision values match
// scikit-learn 1.2.1 to about 1e-12 on the golden sets in testdata (iris and breast
// cancer standardised, diabetes, two make_classification sets; rbf, linear, poly
// and sigmoid kernels; class and sample weights). Multiclass classification is
// libsvm's one-vs-one: K(K−1)/2 binary problems over the rows of each pair of
// classes, then a vote (ties to the smaller class); DecisionFunctionShape "ovr"
// turns the pairwise values into scikit-learn's one-vs-rest shape. Sample weights
// multiply C per row as in scikit-learn's libsvm, and rows of weight zero are
// dropped. Support indexes the rows of X as given; scikit-learn 1.2.1's support_
// indexes the rows left after dropping, which differs when some weights are zero.
//
// MaxIter = -1 or 0 (the default) bounds each SMO run by libsvm's own
// max(10⁷, 100·n) iterations; scikit-learn's copy of libsvm has no bound at -1.
// When the bound is reached the model is kept and Converged reports false
// (scikit-learn warns). Fit checks ctx every 256 SMO iterations.
//
// PredictProba (Probability set) fits Platt's sigmoid to each pair's decision values
// from a shuffled 5-fold cross-validation and couples the pairs by Wu, Lin & Weng's
// method, as libsvm does. The shuffle is seeded by Seed with Go's PCG generator, so
// the probabilities differ slightly from scikit-learn's (whose shuffle depends on
// random_state through its own generator): on the goldens the log-loss is within
// 0.05 of scikit-learn's and each probability within 0.06, about as far as
// scikit-learn's own probabilities move between two random_state values. Predict
// never uses the probability model.
//
// A KernelFunc is not saved by estimator.Save (a func cannot be written to a file):
// set KernelFunc again on the skeleton before or after Load; until it is set,
// Predict returns an error wrapping estimator.ErrNotFitted.
//
// # The linear models
//
// LinearSVC and LinearSVR use liblinear's solvers: dual coordinate descent with
// shrinking (Hsieh et al. 2008) for the default dual problems (both losses), and
// for Primal the coordinate descent with Newton steps and line search of liblinear's
// solve_l1r_l2_svc (Penalty "l1") or Newton's method with conjugate-gradient steps
// and a backtracking line search on the generalised Hessian (Penalty "l2", squared
// losses; liblinear uses a trust region on the same model). Coordinate descent
// visits coordinates in a random order seeded by Seed (math/rand/v2's PCG, not
// scikit-learn's generator), so coefficients agree with scikit-learn's to the
// solver tolerance rather than bitwise: with Tol = 1e-8 both sides agree to about
// 1e-7 relative on the goldens (4e-6 for the ε-insensitive LinearSVR, whose
// stopping rule is relative), with identical predictions except on exact ties. The intercept is the
// weight of a constant feature InterceptScaling and is regularised, as in
// liblinear. More than two classes are fitted one-vs-rest; in each problem the
// class weight multiplies C of the positive class only, as liblinear does.
// MultiClass "crammer_singer" is liblinear's sequential dual solver for Crammer and
// Singer's joint formulation (one weight row per class). MaxIter (default
// 1000) counts sweeps; when it is reached the model is kept and Converged reports
// false.
//
// Speed: LinearSVC() on the 100 000 × 20 training rows of bench/classical's
// "linear" set (ROUNDS=1 bash bench/classical/run.sh linearsvc, the same machine
// and day as the SVC figures below; neither side converges within the default
// 1000 sweeps): skgo 74.4 s wall, 13.2 s CPU; scikit-learn 1.2.1 485.9 s wall,
// 37.8 s CPU (0.15× wall, 0.35× CPU), accuracy 0.8725 both.
//
// # Resources
//
// Fit copies X once per one-vs-one problem (the rows of its two classes) and holds
// the kernel cache: at most CacheSizeMB MiB (or two columns) of float32 kernel
// columns per problem, each a full column over the problem's rows, computed by one
// gemv and the kernel function; the solver gathers the active entries of a column
// in its current (shrunk) order. Fit runs on one goroutine, as libsvm does.
// Prediction computes kernel values against the support vectors through
// internal/gemm's dot products, in blocks of at most 256 rows and 2¹⁸ kernel
// values, on up to GOMAXPROCS goroutines through internal/parallel (results do
// not depend on their number). A KernelFunc must therefore be safe for concurrent
// use; a panic in it comes back from Predict as an error.
//
// # Speed
//
// Measured side by side with scikit-learn 1.2.1 on the data of bench/classical
// (2 workers / threads each, a shared 2-core machine at load 17–26, so the CPU
// seconds of all threads are the steadier figure), by
//
//	ROUNDS=3 RUNS=1 bash bench/classical/run.sh knn kmeans kmeans-elkan kmeans1 svc sgd ridgecv pca pca-full
//
// (2026-12-05; medians of 3 rounds; wall and CPU seconds, quality):
//
//	SVC() fit on make_classification 10 000 × 20 (2 500 test rows)
//	  skgo 5.13 s wall, 1.64 s CPU; scikit-learn 7.77 s wall, 2.14 s CPU
//	  ratio 0.66× wall, 0.77× CPU; 2878 support vectors and accuracy 0.9072 both
//	  (prediction: 1.21 against 0.99 s wall, 0.40 against 0.37 s CPU)
//
// Fit runs on one goroutine, as libsvm; about half of it fills kernel columns
// (gemv and exp), and most of the rest selects working sets. Earlier
// measurements on a quieter machine gave 0.55–0.85× for the same fit.
package svm
