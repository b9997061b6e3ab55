package ensemble_test

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/ensemble"
	"github.com/skgo/skgo/metrics"
)

// Histogram gradient boosting on the diabetes data, with a tenth of the values
// removed: NaN is a missing value, no imputation needed.
func ExampleHistGradientBoostingRegressor() {
	d := datasets.Diabetes()
	X := mat.DenseCopyOf(d.X)
	r, c := X.Dims()
	for i := 0; i < r; i++ {
		X.Set(i, i%c, math.NaN())
	}
	m := &ensemble.HistGradientBoostingRegressor{MaxIter: 50, LearningRate: 0.05}
	if err := m.Fit(context.Background(), X, d.Y); err != nil {
		fmt.Println(err)
		return
	}
	pred, _ := m.Predict(X)
	fmt.Printf("iterations: %d, training R²: %.2f\n", m.NIter(), metrics.R2Score(d.Y, pred, nil))
	// Output:
	// iterations: 50, training R²: 0.74
}

// A three-class problem: one tree per class and iteration, softmax probabilities.
func ExampleHistGradientBoostingClassifier() {
	d := datasets.Iris()
	m := &ensemble.HistGradientBoostingClassifier{MaxIter: 20}
	if err := m.Fit(context.Background(), d.X, d.Y); err != nil {
		fmt.Println(err)
		return
	}
	proba, _ := m.PredictProba(d.X.Slice(0, 1, 0, 4))
	pred, _ := m.Predict(d.X)
	fmt.Printf("classes %v, P(row 0) = %.3f\n", m.Classes(), mat.Row(nil, 0, proba))
	fmt.Printf("training accuracy: %.2f\n", metrics.AccuracyScore(d.Y, pred, nil))
	// Output:
	// classes [0 1 2], P(row 0) = [0.986 0.007 0.007]
	// training accuracy: 0.98
}
