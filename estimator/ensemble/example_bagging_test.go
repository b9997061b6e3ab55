package ensemble_test

import (
	"context"
	"fmt"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/ensemble"
	"github.com/skgo/skgo/estimator/neighbors"
)

func ExampleBaggingClassifier() {
	iris := datasets.Iris()
	bag := &ensemble.BaggingClassifier{
		Estimator:   &neighbors.KNeighborsClassifier{},
		NEstimators: 30,
		MaxFeatures: 0.5, // each member sees 2 of the 4 features
		OOB:         true,
		Seed:        1,
	}
	if err := bag.Fit(context.Background(), iris.X, iris.Y); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("out-of-bag accuracy %.3f\n", bag.OOBScore())
	fmt.Println("features of member 0:", bag.EstimatorsFeatures()[0])
	// Output:
	// out-of-bag accuracy 0.960
	// features of member 0: [3 1]
}

func ExampleBaggingRegressor() {
	d := datasets.Diabetes()
	// The zero value bags 10 decision trees on bootstrap samples.
	bag := &ensemble.BaggingRegressor{OOB: true, Seed: 3}
	if err := bag.Fit(context.Background(), d.X, d.Y); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d trees, out-of-bag R² %.3f\n", len(bag.Estimators()), bag.OOBScore())
	// Output:
	// 10 trees, out-of-bag R² 0.289
}
