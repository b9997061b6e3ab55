package main

import (
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/ensemble"
)

// hgb is HistGradientBoostingRegressor with scikit-learn's defaults (100 iterations,
// 31 leaves, 255 bins, learning rate 0.1) and early stopping off, as the reference
// (early_stopping=False) and XGBoost's 100 rounds.
func init() {
	register("hgb", func(workers int) estimator.Predictor {
		return &ensemble.HistGradientBoostingRegressor{EarlyStopping: ensemble.EarlyStoppingOff, Workers: workers}
	})
}
