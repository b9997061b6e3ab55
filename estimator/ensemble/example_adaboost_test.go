package ensemble_test

import (
	"context"
	"fmt"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/ensemble"
	"github.com/skgo/skgo/estimator/tree"
	"github.com/skgo/skgo/metrics"
)

// AdaBoost (SAMME) with decision stumps on the breast cancer data.
func ExampleAdaBoostClassifier() {
	d := datasets.BreastCancer()
	m := &ensemble.AdaBoostClassifier{Algorithm: "SAMME", NEstimators: 20}
	if err := m.Fit(context.Background(), d.X, d.Y); err != nil {
		panic(err)
	}
	pred, _ := m.Predict(d.X)
	fmt.Println("estimators:", m.NEstimatorsFitted())
	fmt.Printf("first weight %.3f, first error %.3f\n", m.EstimatorWeights()[0], m.EstimatorErrors()[0])
	fmt.Printf("training accuracy %.3f\n", metrics.AccuracyScore(d.Y, pred, nil))
	// Output:
	// estimators: 20
	// first weight 2.479, first error 0.077
	// training accuracy 0.989
}

// AdaBoost.R2 over depth-4 regression trees on the diabetes data.
func ExampleAdaBoostRegressor() {
	d := datasets.Diabetes()
	m := &ensemble.AdaBoostRegressor{Estimator: &tree.DecisionTreeRegressor{MaxDepth: 4}, Loss: "square", Seed: 1}
	if err := m.Fit(context.Background(), d.X, d.Y); err != nil {
		panic(err)
	}
	pred, _ := m.Predict(d.X)
	fmt.Println("estimators:", m.NEstimatorsFitted())
	fmt.Printf("training R² %.2f\n", metrics.R2Score(d.Y, pred, nil))
	// Output:
	// estimators: 50
	// training R² 0.72
}
