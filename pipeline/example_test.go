package pipeline_test

import (
	"context"
	"fmt"
	"log"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// exampleData returns y = 2·x0 − x1 + 3 on six rows.
func exampleData() (*mat.Dense, []float64) {
	X := mat.NewDense(6, 2, []float64{
		0, 1,
		1, 0,
		2, 3,
		3, 1,
		4, 5,
		5, 2,
	})
	y := make([]float64, 6)
	for i := range y {
		y[i] = 2*X.At(i, 0) - X.At(i, 1) + 3
	}
	return X, y
}

func ExampleNew() {
	X, y := exampleData()
	p := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{}}, // Alpha 0: least squares
	)
	if err := p.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	pred, err := p.Predict(mat.NewDense(2, 2, []float64{10, 0, 0, 10}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.4f\n", pred)
	// Output: [23.0000 -7.0000]
}

func ExampleMake() {
	p := pipeline.Make(&preprocess.StandardScaler{}, &linear.Ridge{Alpha: 1})
	fmt.Println(p.Names())
	// Steps are addressed by name in parameter paths.
	if err := estimator.SetParams(p, estimator.Params{"ridge.Alpha": 10, "standardscaler.NoMean": true}); err != nil {
		log.Fatal(err)
	}
	params := estimator.GetParams(p)
	fmt.Println(params["ridge.Alpha"], params["standardscaler.NoMean"])
	// Output:
	// [standardscaler ridge]
	// 10 true
}

func ExamplePipeline_Step() {
	X, y := exampleData()
	p := pipeline.Make(&linear.Ridge{})
	if err := p.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	// The pipeline fits its steps in place: Step returns the fitted model.
	r := p.Step("ridge").(*linear.Ridge)
	fmt.Printf("coef %.4f intercept %.4f\n", r.Coef(), r.Intercept())
	// Output: coef [2.0000 -1.0000] intercept 3.0000
}

func ExampleNewFeatureUnion() {
	X, _ := exampleData()
	u := pipeline.NewFeatureUnion(
		pipeline.Step{Name: "scaled", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "raw", Est: estimator.Passthrough},
	)
	u.Weights = map[string]float64{"raw": 0.5}
	out, err := u.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.FeatureNamesOut([]string{"a", "b"}))
	fmt.Printf("%.4f\n", out.RawRowView(0))
	// Output:
	// [scaled__a scaled__b raw__a raw__b]
	// [-1.4639 -0.6124 0.0000 0.5000]
}

func ExampleTransformedTargetRegressor() {
	// y grows exponentially with x: fit a line to log(y).
	X := mat.NewDense(5, 1, []float64{0, 1, 2, 3, 4})
	y := []float64{1, math.E, math.Exp(2), math.Exp(3), math.Exp(4)}
	ttr := &pipeline.TransformedTargetRegressor{
		Regressor:   &linear.Ridge{},
		Func:        math.Log,
		InverseFunc: math.Exp,
	}
	if err := ttr.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	pred, err := ttr.Predict(mat.NewDense(1, 1, []float64{5}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.4f (e^5 = %.4f)\n", pred[0], math.Exp(5))
	fmt.Printf("slope of log(y): %.4f\n", ttr.Unwrap().(*linear.Ridge).Coef()[0])
	// Output:
	// 148.4132 (e^5 = 148.4132)
	// slope of log(y): 1.0000
}
