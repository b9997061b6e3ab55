package ensemble_test

import (
	"context"
	"fmt"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/ensemble"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/estimator/naivebayes"
	"github.com/skgo/skgo/estimator/neighbors"
	"github.com/skgo/skgo/metrics"
)

func ExampleStackingClassifier() {
	iris := datasets.Iris()
	stack := &ensemble.StackingClassifier{
		Estimators: []estimator.Part{
			{Name: "nb", Est: &naivebayes.GaussianNB{}},
			{Name: "knn", Est: &neighbors.KNeighborsClassifier{}},
		},
		// FinalEstimator nil: a logistic regression on the members' out-of-fold
		// probabilities (5-fold StratifiedKFold).
	}
	scores, err := crossval.Score(context.Background(), stack, iris.X, iris.Y, crossval.StratifiedKFold{K: 5}, metrics.Accuracy)
	if err != nil {
		fmt.Println(err)
		return
	}
	mean := 0.0
	for _, s := range scores {
		mean += s / float64(len(scores))
	}
	fmt.Printf("5-fold accuracy %.3f\n", mean)
	// Output:
	// 5-fold accuracy 0.960
}

func ExampleStackingRegressor() {
	d := datasets.Diabetes()
	stack := &ensemble.StackingRegressor{
		Estimators: []estimator.Part{
			{Name: "ridge", Est: &linear.Ridge{Alpha: 0.1}},
			{Name: "knn", Est: &neighbors.KNeighborsRegressor{NNeighbors: 20}},
		},
		FinalEstimator: &linear.Regression{},
	}
	if err := stack.Fit(context.Background(), d.X, d.Y); err != nil {
		fmt.Println(err)
		return
	}
	final := stack.FinalFitted().(*linear.Regression)
	fmt.Printf("weights of ridge and knn: %.2f\n", final.Coef())
	// Output:
	// weights of ridge and knn: [0.63 0.53]
}
