package preprocess_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/preprocess"
)

// The example of scikit-learn's SplineTransformer documentation: quadratic splines
// on three uniform knots give four basis functions.
func ExampleSplineTransformer() {
	X := mat.NewDense(6, 1, []float64{0, 1, 2, 3, 4, 5})
	s := &preprocess.SplineTransformer{Degree: 2, NKnots: 3}
	out, err := s.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.FeatureNamesOut(nil))
	for i := 0; i < 6; i++ {
		fmt.Printf("%.2f\n", out.RawRowView(i))
	}
	// Output:
	// [x0_sp_0 x0_sp_1 x0_sp_2 x0_sp_3]
	// [0.50 0.50 0.00 0.00]
	// [0.18 0.74 0.08 0.00]
	// [0.02 0.66 0.32 0.00]
	// [0.00 0.32 0.66 0.02]
	// [0.00 0.08 0.74 0.18]
	// [0.00 0.00 0.50 0.50]
}

// Periodic splines on explicit knots make a day-of-year feature wrap around: day 0
// and day 365 get the same features.
func ExampleSplineTransformer_periodic() {
	days := mat.NewDense(4, 1, []float64{0, 90, 180, 270})
	s := &preprocess.SplineTransformer{
		KnotPositions: [][]float64{{0}, {91.25}, {182.5}, {273.75}, {365}},
		Extrapolation: preprocess.SplinePeriodic,
		Degree:        2,
	}
	if err := s.Fit(context.Background(), days, nil); err != nil {
		log.Fatal(err)
	}
	out, err := s.Transform(mat.NewDense(3, 1, []float64{0, 365, 100}))
	if err != nil {
		log.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		fmt.Printf("%.4f\n", out.RawRowView(i))
	}
	// Output:
	// [0.5000 0.5000 0.0000 0.0000]
	// [0.5000 0.5000 0.0000 0.0000]
	// [0.0000 0.4087 0.5867 0.0046]
}
