package neighbors_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator/neighbors"
)

func ExampleKNeighborsClassifier() {
	X := mat.NewDense(6, 1, []float64{0, 1, 2, 10, 11, 12})
	y := []float64{0, 0, 0, 1, 1, 1}
	m := &neighbors.KNeighborsClassifier{NNeighbors: 3}
	if err := m.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	q := mat.NewDense(2, 1, []float64{1.5, 9})
	pred, _ := m.Predict(q)
	proba, _ := m.PredictProba(q)
	dist, idx, _ := m.KNeighbors(q, 2)
	fmt.Println(m)
	fmt.Println(pred)
	fmt.Printf("%.3f %.3f\n", proba.RawRowView(1), dist.RawRowView(0))
	fmt.Println(idx)
	// Output:
	// neighbors.KNeighborsClassifier{NNeighbors: 3}
	// [0 1]
	// [0.000 1.000] [0.500 0.500]
	// [[1 2] [3 4]]
}

func ExampleKNeighborsRegressor() {
	X := mat.NewDense(4, 1, []float64{0, 1, 2, 3})
	y := []float64{0, 10, 20, 30}
	m := &neighbors.KNeighborsRegressor{NNeighbors: 2, Weights: "distance"}
	if err := m.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(mat.NewDense(2, 1, []float64{1.25, 3}))
	fmt.Printf("%.2f\n", pred)
	// Output: [12.50 30.00]
}

func ExampleNearestNeighbors() {
	X := mat.NewDense(4, 2, []float64{0, 0, 1, 0, 0, 2, 3, 3})
	m := &neighbors.NearestNeighbors{NNeighbors: 2}
	if err := m.Fit(context.Background(), X, nil); err != nil {
		log.Fatal(err)
	}
	q := mat.NewDense(1, 2, []float64{0.9, 0.1})
	dist, idx, _ := m.KNeighbors(q, 0)
	fmt.Printf("%.3f %v\n", dist.RawRowView(0), idx)
	rd, ri, _ := m.RadiusNeighbors(q, 1)
	fmt.Printf("%.3f %v\n", rd, ri)
	// Output:
	// [0.141 0.906] [[1 0]]
	// [[0.141 0.906]] [[1 0]]
}

func ExampleRadiusNeighborsClassifier() {
	X := mat.NewDense(6, 1, []float64{0, 1, 2, 10, 11, 12})
	y := []float64{0, 0, 0, 1, 1, 1}
	m := &neighbors.RadiusNeighborsClassifier{Radius: 1.5, UseOutlierLabel: true, OutlierLabel: -1}
	if err := m.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(mat.NewDense(3, 1, []float64{1.5, 10.5, 6}))
	fmt.Println(m)
	fmt.Println(pred)
	// Output:
	// neighbors.RadiusNeighborsClassifier{Radius: 1.5, UseOutlierLabel: true, OutlierLabel: -1}
	// [0 1 -1]
}

func ExampleRadiusNeighborsRegressor() {
	X := mat.NewDense(4, 1, []float64{0, 1, 2, 3})
	y := []float64{0, 10, 20, 30}
	m := &neighbors.RadiusNeighborsRegressor{Radius: 1}
	if err := m.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(mat.NewDense(2, 1, []float64{0, 1.5}))
	fmt.Printf("%.2f\n", pred)
	_, err := m.Predict(mat.NewDense(1, 1, []float64{10}))
	fmt.Println(err)
	// Output:
	// [5.00 15.00]
	// neighbors.RadiusNeighborsRegressor: no training sample within radius 1 of row 0: estimator: invalid data
}
