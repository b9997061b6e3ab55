package ensemble_test

import (
	"context"
	"fmt"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/ensemble"
	"github.com/skgo/skgo/metrics"
)

// Gradient boosting on the diabetes data: the training R² grows with the stages.
func ExampleGradientBoostingRegressor() {
	d := datasets.Diabetes()
	m := &ensemble.GradientBoostingRegressor{NEstimators: 50, MinSamplesLeaf: 5}
	if err := m.Fit(context.Background(), d.X, d.Y); err != nil {
		panic(err)
	}
	seq, err := m.StagedPredict(d.X)
	if err != nil {
		panic(err)
	}
	for stage, pred := range seq {
		if (stage+1)%25 == 0 {
			fmt.Printf("after %d stages: R² %.3f\n", stage+1, metrics.R2Score(d.Y, pred, nil))
		}
	}
	fmt.Println("stages fitted:", m.NEstimatorsFitted())
	// Output:
	// after 25 stages: R² 0.632
	// after 50 stages: R² 0.712
	// stages fitted: 50
}

// A multinomial gradient boosting classifier on iris, with early stopping on a
// stratified 10% validation split.
func ExampleGradientBoostingClassifier() {
	d := datasets.Iris()
	m := &ensemble.GradientBoostingClassifier{NEstimators: 200, NIterNoChange: 5, Seed: 1}
	if err := m.Fit(context.Background(), d.X, d.Y); err != nil {
		panic(err)
	}
	pred, _ := m.Predict(d.X)
	proba, _ := m.PredictProba(d.X.Slice(0, 1, 0, 4))
	fmt.Println("stages fitted:", m.NEstimatorsFitted())
	fmt.Printf("training accuracy %.3f\n", metrics.AccuracyScore(d.Y, pred, nil))
	fmt.Printf("P(setosa | first flower) %.3f\n", proba.At(0, 0))
	// Output:
	// stages fitted: 24
	// training accuracy 0.993
	// P(setosa | first flower) 0.968
}
