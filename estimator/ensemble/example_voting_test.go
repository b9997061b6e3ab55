package ensemble_test

import (
	"context"
	"fmt"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/ensemble"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/estimator/naivebayes"
	"github.com/skgo/skgo/estimator/neighbors"
	"github.com/skgo/skgo/metrics"
)

func ExampleVotingClassifier() {
	iris := datasets.Iris()
	vote := &ensemble.VotingClassifier{
		Voting: ensemble.VotingSoft,
		Estimators: []estimator.Part{
			{Name: "nb", Est: &naivebayes.GaussianNB{}},
			{Name: "knn", Est: &neighbors.KNeighborsClassifier{NNeighbors: 7}},
		},
	}
	if err := vote.Fit(context.Background(), iris.X, iris.Y); err != nil {
		fmt.Println(err)
		return
	}
	pred, _ := vote.Predict(iris.X)
	proba, _ := vote.PredictProba(iris.X.Slice(0, 1, 0, 4))
	fmt.Printf("training accuracy %.3f\n", metrics.AccuracyScore(iris.Y, pred, nil))
	fmt.Printf("first row: %.2f\n", proba.RawRowView(0))
	// Output:
	// training accuracy 0.960
	// first row: [1.00 0.00 0.00]
}

func ExampleVotingRegressor() {
	d := datasets.Diabetes()
	vote := &ensemble.VotingRegressor{
		Estimators: []estimator.Part{
			{Name: "ridge", Est: &linear.Ridge{Alpha: 0.1}},
			{Name: "knn", Est: &neighbors.KNeighborsRegressor{NNeighbors: 10}},
		},
		Weights: []float64{2, 1},
	}
	// Members are addressed by name in parameter paths.
	if err := estimator.SetParams(vote, estimator.Params{"ridge.Alpha": 0.5}); err != nil {
		fmt.Println(err)
		return
	}
	if err := vote.Fit(context.Background(), d.X, d.Y); err != nil {
		fmt.Println(err)
		return
	}
	pred, _ := vote.Predict(d.X)
	fmt.Printf("training R² %.3f\n", metrics.R2Score(d.Y, pred, nil))
	// Output:
	// training R² 0.519
}
