// Package cluster provides scikit-learn's clustering estimators.
//
// # Models
//
//	scikit-learn                       skgo
//	cluster.KMeans                     KMeans
//	  n_clusters, init, n_init           NClusters, Init, NInit
//	  init=ndarray                       InitCenters ([][]float64)
//	  max_iter, tol, algorithm           MaxIter, Tol, Algorithm ("lloyd", "elkan")
//	  random_state                       Seed
//	  cluster_centers_, labels_          ClusterCenters(), Labels()
//	  inertia_, n_iter_                  Inertia(), NIter()
//	fit(X, sample_weight=w)            Fit, FitWeighted
//	fit_predict, fit_transform         FitPredict, FitTransform
//	predict, transform                 Predict, Transform
//
// KMeans follows scikit-learn 1.2.1's algorithm: X is centred on its column means,
// the tolerance is Tol times the mean of the feature variances, each run starts from
// greedy k-means++ (2 + ⌊ln k⌋ candidates per centre), random rows or InitCenters,
// and Lloyd's iterations stop when the labels no longer change or the summed squared
// centre shift is within the tolerance; a cluster left empty takes the point
// farthest from its centre. From the same initial centres it agrees with
// scikit-learn within 1e-9 relative on centres, inertia and distances and exactly on
// labels and n_iter_ (the tested goldens, on iris, weighted and unweighted, with an
// empty cluster, in testdata). k-means++ and random initialisation draw from Go's
// PCG generator, not numpy's, so they pick other centres than scikit-learn for the
// same seed; on iris the best of 10 runs matches scikit-learn's best inertia
// within 3%. As in 1.2.1 the initialisations ignore the sample weights.
//
// Differences: NClusters 0 means the rows of InitCenters when they are given, and
// InitCenters with NInit > 1 is an error where scikit-learn warns. "elkan" follows
// scikit-learn's _kmeans_single_elkan (bounds initialised before the first
// iteration, exact distances) and is tested against the same goldens. Converged
// (estimator.Iterative) reports whether the best run stopped before MaxIter.
//
// Runs are independent: run r draws from a stream seeded by (Seed, r), and runs go
// through internal/parallel on up to Workers goroutines, so the model is identical
// for any Workers. Sizes are bounded: NClusters ≤ MaxClusters, NInit ≤ MaxNInit,
// MaxIter ≤ MaxMaxIter, NClusters × features ≤ MaxCenterValues (checked at Fit,
// with NClusters ≤ the rows of X) and, for "elkan", rows × NClusters ≤
// MaxElkanBounds. At most Workers runs are held in memory at once, whatever NInit.
// When NInit is below Workers, each run's assignment step is split instead, over
// fixed row chunks whose partial sums are added in chunk order.
package cluster
