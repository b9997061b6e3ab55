package svm_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/svm"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

func ExampleSVC() {
	ds := datasets.Iris()
	m := &svm.SVC{C: 10}
	if err := m.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	q := mat.NewDense(2, 4, []float64{5.0, 3.4, 1.5, 0.2, 6.5, 3.0, 5.5, 2.0})
	pred, _ := m.Predict(q)
	dec, _ := m.DecisionFunctionMatrix(q)
	fmt.Println(m)
	fmt.Println(pred, m.NSupport(), m.Converged())
	fmt.Printf("%.3f\n", dec.RawRowView(1))
	// Output:
	// svm.SVC{C: 10}
	// [0 2] [4 11 12] true
	// [-0.248 0.977 2.249]
}

func ExampleSVC_PredictProba() {
	ds := datasets.BreastCancer()
	m := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "svc", Est: &svm.SVC{Probability: true, Seed: 1}},
	)
	if err := m.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	p, _ := m.PredictProba(ds.X.Slice(0, 2, 0, 30))
	fmt.Printf("%.2f\n", mat.Formatted(p))
	// Output:
	// ⎡0.98  0.02⎤
	// ⎣1.00  0.00⎦
}

func ExampleSVC_linear() {
	X := mat.NewDense(4, 2, []float64{0, 0, 1, 1, 3, 3, 4, 4})
	y := []float64{0, 0, 1, 1}
	m := &svm.SVC{Kernel: svm.KernelLinear}
	if err := m.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	coef, _ := m.Coef()
	fmt.Printf("coef %.3f intercept %.3f support %v\n", coef.RawRowView(0), m.Intercept(), m.Support())
	// Output:
	// coef [0.500 0.500] intercept [-2.000] support [1 2]
}

// Tuning C and Gamma of a scaled SVC by cross-validation.
func ExampleSVC_search() {
	ds := datasets.Iris()
	pipe := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "svc", Est: &svm.SVC{}},
	)
	search := &tuning.Search{
		Estimator: pipe,
		Space: tuning.Grid{
			{Param: "svc.C", Values: tuning.Values(0.1, 1.0, 10.0)},
			{Param: "svc.Gamma", Values: tuning.Values(0.01, 0.1)},
		},
		CV:      crossval.StratifiedKFold{K: 5},
		Scoring: metrics.Accuracy,
		Workers: 1,
	}
	if err := search.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	fmt.Println("best:", search.BestParams())
	// Output:
	// best: {svc.C: 1, svc.Gamma: 0.1}
}

func ExampleNuSVC() {
	ds := datasets.Iris()
	m := &svm.NuSVC{Nu: 0.1, Kernel: svm.KernelPoly, Degree: 2}
	if err := m.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(ds.X)
	fmt.Printf("accuracy %.3f, %d support vectors\n", metrics.AccuracyScore(ds.Y, pred, nil), len(m.Support()))
	// Output:
	// accuracy 0.987, 27 support vectors
}

func ExampleSVR() {
	ds := datasets.Diabetes()
	m := &svm.SVR{C: 100, Epsilon: 5}
	if err := m.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(ds.X.Slice(0, 3, 0, 10))
	fmt.Printf("%.1f (targets %.0f)\n", pred, ds.Y[:3])
	// Output:
	// [223.0 71.5 181.3] (targets [151 75 141])
}

func ExampleNuSVR() {
	ds := datasets.Diabetes()
	m := &svm.NuSVR{C: 100, Nu: 0.3}
	if err := m.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(ds.X.Slice(0, 3, 0, 10))
	fmt.Printf("%.1f, %d support vectors\n", pred, len(m.Support()))
	// Output:
	// [219.8 85.8 190.9], 177 support vectors
}

func ExampleOneClassSVM() {
	X := mat.NewDense(6, 2, []float64{0, 0, 0.1, 0, 0, 0.1, 0.1, 0.1, 0.05, 0.05, 0.02, 0.08})
	m := &svm.OneClassSVM{Nu: 0.2, Gamma: 10}
	if err := m.Fit(context.Background(), X, nil); err != nil {
		log.Fatal(err)
	}
	q := mat.NewDense(2, 2, []float64{0.05, 0.06, 3, 3})
	pred, _ := m.Predict(q)
	fmt.Println(pred)
	// Output:
	// [1 -1]
}

func ExampleLinearSVC() {
	ds := datasets.BreastCancer()
	m := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "svc", Est: &svm.LinearSVC{C: 0.1}},
	)
	if err := m.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(ds.X)
	lin := m.Steps[1].Est.(*svm.LinearSVC)
	fmt.Printf("accuracy %.3f, intercept %.3f, converged %v\n", metrics.AccuracyScore(ds.Y, pred, nil), lin.Intercept(), lin.Converged())
	// Output:
	// accuracy 0.988, intercept [0.035], converged true
}

func ExampleLinearSVR() {
	X := mat.NewDense(5, 1, []float64{0, 1, 2, 3, 4})
	y := []float64{1, 3, 5, 7, 9}
	m := &svm.LinearSVR{C: 100, Tol: 1e-8}
	if err := m.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("coef %.3f intercept %.3f\n", m.Coef(), m.Intercept())
	// Output:
	// coef [2.000] intercept 1.000
}
