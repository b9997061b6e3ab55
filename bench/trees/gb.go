package main

import (
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/ensemble"
)

// gb is GradientBoostingRegressor(n_estimators=100) with scikit-learn's defaults
// (squared error, friedman_mse, depth 3, learning rate 0.1, no subsampling).
func init() {
	register("gb", func(workers int) estimator.Predictor {
		return &ensemble.GradientBoostingRegressor{NEstimators: 100, Workers: workers}
	})
}
