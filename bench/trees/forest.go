package main

import (
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/ensemble"
)

// The forests of issue 9, with scikit-learn's defaults as in reference.py:
// RandomForestRegressor(100) and ExtraTreesRegressor(100) (all features per split,
// fully grown trees; bootstrap for the random forest).
func init() {
	register("rf", func(workers int) estimator.Predictor {
		return &ensemble.RandomForestRegressor{Workers: workers}
	})
	register("et", func(workers int) estimator.Predictor {
		return &ensemble.ExtraTreesRegressor{Workers: workers}
	})
}
