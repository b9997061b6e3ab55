package naivebayes_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator/naivebayes"
)

func ExampleGaussianNB() {
	X := mat.NewDense(6, 2, []float64{
		-1, -1, -2, -1, -3, -2,
		1, 1, 2, 1, 3, 2,
	})
	y := []float64{1, 1, 1, 2, 2, 2}
	m := &naivebayes.GaussianNB{}
	if err := m.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(mat.NewDense(1, 2, []float64{-0.8, -1}))
	proba, _ := m.PredictProba(mat.NewDense(1, 2, []float64{0.1, 0}))
	fmt.Println(m, pred)
	fmt.Printf("theta %.4f\n", mat.Formatted(m.Theta(), mat.Squeeze()))
	fmt.Printf("proba %.4f\n", mat.Formatted(proba, mat.Squeeze()))
	// Output:
	// naivebayes.GaussianNB{} [1]
	// theta ⎡-2.0000  -1.3333⎤
	// ⎣ 2.0000   1.3333⎦
	// proba [0.3543  0.6457]
}
