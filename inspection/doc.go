// Package inspection explains fitted models, as scikit-learn's sklearn.inspection
// does: which features a model relies on, and how its predictions depend on them.
//
//	scikit-learn 1.2.1                         skgo
//	inspection.permutation_importance          PermutationImportance
//	  scoring, n_repeats, random_state           Scoring / ScoringName, NRepeats, Seed
//	  n_jobs, sample_weight, max_samples         Workers, Weights, MaxSamples
//	  importances_mean, _std, importances        Importances.Mean, Std, Raw
//	inspection.partial_dependence (brute)      PartialDependence
//	  features (one, a pair, or more)            features []int
//	  percentiles, grid_resolution               PDOptions.Percentiles, GridResolution
//	  categorical_features                       PDOptions.Categorical
//	  kind ("average", "individual", "both")     PDOptions.Kind
//	  response_method                            PDOptions.ResponseMethod
//	  values, average, individual                Values, Average, Individual
//
// Both functions take any fitted estimator (a pipeline, a search's best model, an
// ensemble) and only read it, from several goroutines at once, which the estimator
// contract allows. Both return plain data, for a plot or a report; neither draws.
//
// PartialDependence follows scikit-learn's "brute" method exactly: the grid (distinct
// values, or evenly spaced values between scipy's mquantiles percentiles) and the
// averaged predictions equal scikit-learn's to rounding on linear, k-nearest-neighbour
// and naive Bayes models (see testdata/gen_inspection.py). The "recursion" method of
// scikit-learn's tree models is not provided; brute force gives the same curves for
// them up to the treatment of the training-weighted averages.
//
// PermutationImportance follows scikit-learn's algorithm: every feature is shuffled
// with the same random stream, NRepeats times, and importances are baseline minus
// shuffled scores. The streams are math/rand/v2 PCG seeded with Seed, not numpy's, so
// single importances differ from scikit-learn's; their means over many repeats agree
// (the tests compare 200-repeat means within 0.02).
//
// Work is spread over Workers goroutines through internal/parallel (features for
// permutation importance, grid points for partial dependence); results are identical
// for any Workers, and ctx cancels both.
package inspection
