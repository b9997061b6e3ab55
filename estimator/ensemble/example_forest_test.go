package ensemble_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/ensemble"
	"github.com/skgo/skgo/metrics"
)

func ExampleRandomForestClassifier() {
	iris := datasets.Iris()
	m := &ensemble.RandomForestClassifier{NEstimators: 50, OOB: true, Seed: 1}
	if err := m.Fit(context.Background(), iris.X, iris.Y); err != nil {
		log.Fatal(err)
	}
	q := mat.NewDense(2, 4, []float64{5.0, 3.4, 1.5, 0.2, 6.9, 3.1, 5.8, 2.2})
	pred, _ := m.Predict(q)
	proba, _ := m.PredictProba(q)
	imp := m.FeatureImportances()
	fmt.Println(m)
	fmt.Println(m.Classes(), pred)
	fmt.Printf("P(setosa) of the first flower: %.2f\n", proba.At(0, 0))
	fmt.Printf("OOB accuracy above 0.9: %v\n", m.OOBScore() > 0.9)
	fmt.Printf("petal features matter most: %v\n", imp[2]+imp[3] > imp[0]+imp[1])
	// Output:
	// ensemble.RandomForestClassifier{NEstimators: 50, OOB: true, Seed: 1}
	// [0 1 2] [0 2]
	// P(setosa) of the first flower: 1.00
	// OOB accuracy above 0.9: true
	// petal features matter most: true
}

func ExampleRandomForestRegressor() {
	d := datasets.Diabetes()
	n, _ := d.X.Dims()
	m := &ensemble.RandomForestRegressor{MinSamplesLeaf: 5, OOB: true, Seed: 7}
	if err := m.Fit(context.Background(), d.X, d.Y); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(d.X)
	fmt.Println(len(pred) == n, m.NTrees())
	fmt.Printf("training R² above 0.7: %v, out-of-bag R² above 0.4: %v\n",
		metrics.R2Score(d.Y, pred, nil) > 0.7, m.OOBScore() > 0.4)
	// Output:
	// true 100
	// training R² above 0.7: true, out-of-bag R² above 0.4: true
}

func ExampleExtraTreesClassifier() {
	X := mat.NewDense(8, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1, 5, 5, 5, 6, 6, 5, 6, 6})
	y := []float64{3, 3, 3, 3, 8, 8, 8, 8}
	m := &ensemble.ExtraTreesClassifier{NEstimators: 20}
	if err := m.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(mat.NewDense(2, 2, []float64{0.5, 0.5, 5.5, 5.5}))
	leaves, _ := m.Apply(mat.NewDense(1, 2, []float64{0.5, 0.5}))
	_, trees := leaves.Dims()
	fmt.Println(pred, trees)
	// Output: [3 8] 20
}

func ExampleExtraTreesRegressor() {
	X := mat.NewDense(50, 1, nil)
	y := make([]float64, 50)
	for i := range y {
		X.Set(i, 0, float64(i))
		y[i] = 2 * float64(i)
	}
	m := &ensemble.ExtraTreesRegressor{NEstimators: 30, Seed: 2}
	if err := m.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(mat.NewDense(2, 1, []float64{10, 40}))
	// Without bootstrap every tree fits the training rows exactly.
	fmt.Printf("%.1f\n", pred)
	// Output: [20.0 80.0]
}
