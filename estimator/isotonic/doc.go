// Package isotonic provides scikit-learn's isotonic regression: the best monotone
// fit of a target to one variable.
//
//	scikit-learn                          skgo
//	isotonic.IsotonicRegression           IsotonicRegression
//	  y_min, y_max (None)                   YMin, YMax (*float64, nil)
//	  increasing (True, False, "auto")      Increasing ("" = "true", "false", "auto")
//	  out_of_bounds ("nan", "clip", ...)    OutOfBounds ("" = "nan", "clip", "raise")
//	  X_thresholds_, y_thresholds_          XThresholds(), YThresholds()
//	  X_min_, X_max_, increasing_           XMin(), XMax(), FittedIncreasing()
//	fit(X, y, sample_weight)              Fit, FitWeighted, FitXY, FitXYWeighted
//	predict, transform                    Predict, PredictSlice, Transform
//	isotonic.isotonic_regression          Regression
//	isotonic.check_increasing             CheckIncreasing
//
// The algorithm is scikit-learn 1.2.1's, operation for operation: zero-weight rows
// are dropped, the rest sorted stably by (x, y), x values within 1e-15 of a run's
// first value merged (weighted mean of y), pool adjacent violators solves the
// weighted problem, the result is clipped to [YMin, YMax], redundant thresholds are
// trimmed, and prediction is scipy's linear interpolation. Thresholds and
// predictions agree with scikit-learn to 1e-12 (the tested tolerance; they are in
// practice bit-identical) on data with ties, near-duplicate x, weights, bounds, and
// increasing, decreasing and "auto" directions (testdata/gen_isotonic.py).
//
// Differences: negative sample weights are an error (scikit-learn silently drops
// those rows), YMin above YMax is an error (numpy's clip would return YMax
// everywhere), and the Spearman confidence-interval warning of "auto" is not
// reproduced. Fitting is O(n log n) and checks ctx before and after the sort.
//
// Speed: BenchmarkFit (100 000 points) against testdata/bench_isotonic.py on the same
// 2-core machine, which was heavily shared at the time (load average 26): both take
// about 200 ms of wall time per fit; in CPU time skgo used 0.75 s for its 21 fits
// (about 35 ms each) and scikit-learn 1.84 s for 20 fits plus its imports.
package isotonic
