package ensemble_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator/ensemble"
)

func ExampleIsolationForest() {
	// A tight cluster of 200 points and two far-away points.
	X := mat.NewDense(202, 2, nil)
	for i := 0; i < 200; i++ {
		X.Set(i, 0, float64(i%20)/10)
		X.Set(i, 1, float64(i/20)/10)
	}
	X.SetRow(200, []float64{8, 8})
	X.SetRow(201, []float64{-7, 9})

	m := &ensemble.IsolationForest{Contamination: 0.01, Seed: 1}
	if err := m.Fit(context.Background(), X, nil); err != nil {
		log.Fatal(err)
	}
	q := mat.NewDense(3, 2, []float64{1, 0.5, 8, 8, -7, 9})
	pred, _ := m.Predict(q)
	scores, _ := m.ScoreSamples(q)
	fmt.Println(m)
	fmt.Println(pred)
	fmt.Println(scores[0] > scores[1], scores[0] > scores[2])
	// Output:
	// ensemble.IsolationForest{Contamination: 0.01, Seed: 1}
	// [1 -1 -1]
	// true true
}
