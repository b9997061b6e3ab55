// Package tree provides scikit-learn's decision trees, grown by the CART engine in
// internal/cart (which the ensembles in estimator/ensemble share).
//
// # Models
//
//	scikit-learn                          skgo
//	tree.DecisionTreeClassifier           DecisionTreeClassifier
//	tree.DecisionTreeRegressor            DecisionTreeRegressor
//	  criterion                             Criterion ("gini", "entropy", "log_loss";
//	                                        "squared_error", "friedman_mse",
//	                                        "absolute_error", "poisson")
//	  splitter                              Splitter ("best", "random")
//	  max_depth (None)                      MaxDepth (0)
//	  min_samples_split, min_samples_leaf   MinSamplesSplit, MinSamplesLeaf (counts)
//	  min_weight_fraction_leaf              MinWeightFractionLeaf
//	  max_features                          MaxFeatures ("", "all", "sqrt", "log2",
//	                                        "3", "0.5")
//	  max_leaf_nodes (None)                 MaxLeafNodes (0)
//	  min_impurity_decrease                 MinImpurityDecrease
//	  ccp_alpha                             CCPAlpha
//	  class_weight                          ClassWeight ("balanced"),
//	                                        ClassWeights ([]LabelWeight)
//	  random_state                          Seed
//	fit(X, y, sample_weight)              Fit, FitWeighted
//	predict, predict_proba                Predict, PredictProba
//	apply                                 Apply ([]int leaf per row)
//	decision_path                         DecisionPath ([][]int nodes per row)
//	cost_complexity_pruning_path          CostComplexityPruningPath (PruningPath)
//	feature_importances_                  FeatureImportances()
//	get_depth, get_n_leaves               Depth(), NLeaves()
//	classes_                              Classes()
//	export_text                           ExportText(TextOptions)
//
// # Agreement with scikit-learn
//
// Trees are grown as scikit-learn 1.2.1 grows them: the same split search (candidate
// thresholds halfway between consecutive distinct values, values closer than 1e-7 not
// separated), the same criteria and stopping rules (min_samples_split is raised to
// 2·min_samples_leaf, a node of impurity ≤ machine epsilon is a leaf, the weighted
// impurity decrease rule), depth-first growth or, with MaxLeafNodes, best-first
// growth, and the same minimal cost-complexity pruning. Nodes are numbered as
// scikit-learn numbers them (depth-first, left child first; creation order for
// best-first growth), so Apply and DecisionPath give scikit-learn's node indices.
// The goldens in testdata compare every node (sizes, weights, impurities, values),
// the leaves, feature importances, pruning paths and export_text output with
// scikit-learn's on iris, wine, breast cancer, diabetes and Boston for every
// criterion.
//
// Ties: when several features give exactly the same best impurity decrease,
// scikit-learn keeps the first it meets in a random feature order (its random_state
// matters even with all features considered); skgo visits features in index order, so
// the lowest feature index wins, and within a feature the lowest threshold. On iris
// the root split ties between petal length ≤ 2.45 and petal width ≤ 0.80: skgo splits
// on petal length (scikit-learn with random_state=0 on petal width, with 15 on petal
// length). Such trees split the training rows identically and predict the same on
// them, but importances are credited to a different feature and unseen rows can fall
// differently.
//
// Other differences: X stays float64 (scikit-learn rounds it to float32, so its
// thresholds differ in the 7th significant digit); class labels may be any finite
// float64 values, and ExportText prints them in Go's shortest form ("0" where
// scikit-learn prints str(0.0) = "0.0" for float labels); PredictProba holds the
// weighted class fractions of the leaf (scikit-learn 1.2.1's tree_.value holds
// weighted counts, normalised the same way by predict_proba). A single class is an
// error, as it is for every skgo classifier.
//
// Growth is iterative (an explicit stack), so any MaxDepth is safe. Fit checks its
// context between nodes.
package tree
