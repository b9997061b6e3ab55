package inspection_test

import (
	"context"
	"fmt"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/estimator/naivebayes"
	"github.com/skgo/skgo/inspection"
)

func ExamplePermutationImportance() {
	d := datasets.Diabetes()
	model := &linear.Ridge{Alpha: 0.1}
	if err := model.Fit(context.Background(), d.X, d.Y); err != nil {
		fmt.Println(err)
		return
	}
	imp, err := inspection.PermutationImportance(context.Background(), model, d.X, d.Y,
		&inspection.PermutationOptions{NRepeats: 10, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, name := range d.FeatureNames {
		if imp.Mean[j] > 0.05 {
			fmt.Printf("%-4s %.2f ± %.2f\n", name, imp.Mean[j], imp.Std[j])
		}
	}
	// Output:
	// bmi  0.20 ± 0.02
	// bp   0.07 ± 0.01
	// s5   0.16 ± 0.01
}

func ExamplePartialDependence() {
	iris := datasets.Iris()
	model := &naivebayes.GaussianNB{}
	if err := model.Fit(context.Background(), iris.X, iris.Y); err != nil {
		fmt.Println(err)
		return
	}
	// How the predicted class probabilities depend on petal length (feature 2).
	pd, err := inspection.PartialDependence(context.Background(), model, iris.X, []int{2}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	grid := pd.Values[0]
	fmt.Printf("%d grid values from %.1f to %.1f\n", len(grid), grid[0], grid[len(grid)-1])
	for k, class := range pd.Outputs {
		fmt.Printf("class %v: %.2f at %.1f, %.2f at %.1f\n", class, pd.Average[k][0], grid[0], pd.Average[k][len(grid)-1], grid[len(grid)-1])
	}
	// Output:
	// 43 grid values from 1.0 to 6.9
	// class 0: 0.33 at 1.0, 0.00 at 6.9
	// class 1: 0.54 at 1.0, 0.00 at 6.9
	// class 2: 0.12 at 1.0, 1.00 at 6.9
}
