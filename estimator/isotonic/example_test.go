package isotonic_test

import (
	"context"
	"fmt"
	"log"

	"github.com/skgo/skgo/estimator/isotonic"
)

func ExampleIsotonicRegression() {
	x := []float64{1, 2, 3, 4, 5, 6}
	y := []float64{1, 3, 2, 4, 3.5, 5}
	m := &isotonic.IsotonicRegression{OutOfBounds: isotonic.OutOfBoundsClip}
	if err := m.FitXY(context.Background(), x, y); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.PredictSlice([]float64{0, 2.5, 4.5, 10})
	fmt.Println(m)
	fmt.Println("x thresholds", m.XThresholds())
	fmt.Println("y thresholds", m.YThresholds())
	fmt.Printf("predictions %.3f\n", pred)
	// Output:
	// isotonic.IsotonicRegression{OutOfBounds: "clip"}
	// x thresholds [1 2 3 4 5 6]
	// y thresholds [1 2.5 2.5 3.75 3.75 5]
	// predictions [1.000 2.500 3.750 5.000]
}

func ExampleIsotonicRegression_decreasing() {
	x := []float64{1, 1, 2, 3, 4}
	y := []float64{9, 7, 8, 3, 4}
	w := []float64{1, 1, 2, 1, 1}
	m := &isotonic.IsotonicRegression{Increasing: isotonic.IncreasingAuto}
	if err := m.FitXYWeighted(context.Background(), x, y, w); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.PredictSlice([]float64{1.5, 5})
	fmt.Println("increasing:", m.FittedIncreasing())
	fmt.Println("y thresholds", m.YThresholds())
	fmt.Printf("predictions %.2f\n", pred)
	// Output:
	// increasing: false
	// y thresholds [8 8 3.5 3.5]
	// predictions [8.00 NaN]
}
