package tuning_test

import (
	"context"
	"fmt"
	"log"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

func ExampleSearch() {
	ds := datasets.Boston()
	pipe := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "poly", Est: &preprocess.PolynomialFeatures{}},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{}},
	)
	search := &tuning.Search{
		Estimator: pipe,
		Space: tuning.Grid{ // first axis varies slowest
			{Param: "poly.Degree", Values: tuning.Values(1, 2)},
			{Param: "ridge.Alpha", Values: tuning.Values(0.1, 1.0, 10.0, 100.0)},
		},
		CV:      crossval.KFold{K: 5},
		Scoring: metrics.R2,
	}
	if err := search.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	for _, r := range search.Results() {
		fmt.Printf("%d  %-35v %.4f ± %.4f\n", r.Rank, r.Params, r.MeanScore, r.StdScore)
	}
	fmt.Println("best:", search.BestParams())
	// Output:
	// 5  {poly.Degree: 1, ridge.Alpha: 0.1}  0.3538 ± 0.3761
	// 4  {poly.Degree: 1, ridge.Alpha: 1}    0.3586 ± 0.3722
	// 3  {poly.Degree: 1, ridge.Alpha: 10}   0.3960 ± 0.3416
	// 2  {poly.Degree: 1, ridge.Alpha: 100}  0.4821 ± 0.2313
	// 8  {poly.Degree: 2, ridge.Alpha: 0.1}  -1.3838 ± 3.0726
	// 7  {poly.Degree: 2, ridge.Alpha: 1}    -0.8157 ± 2.6183
	// 6  {poly.Degree: 2, ridge.Alpha: 10}   -0.1385 ± 1.4265
	// 1  {poly.Degree: 2, ridge.Alpha: 100}  0.5104 ± 0.3292
	// best: {poly.Degree: 2, ridge.Alpha: 100}
}

func ExampleRandom() {
	ds := datasets.Boston()
	pipe := pipeline.Make(&preprocess.StandardScaler{}, &linear.Ridge{})
	search := &tuning.Search{
		Estimator: pipe,
		Space: tuning.Random{N: 20, Seed: 1, Params: []tuning.Dist{
			{Param: "ridge.Alpha", Dist: tuning.LogUniform{Min: 1e-3, Max: 1e3}},
		}},
		CV: crossval.KFold{K: 5},
	}
	if err := search.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	best := search.Best()
	fmt.Printf("%d candidates, best alpha %.1f, R² %.4f\n", len(search.Results()), best.Params["ridge.Alpha"], best.MeanScore)
	// Output:
	// 20 candidates, best alpha 93.9, R² 0.4811
}

func ExampleHalving() {
	ds := datasets.Boston()
	pipe := pipeline.Make(&preprocess.StandardScaler{}, &preprocess.PolynomialFeatures{Degree: 2}, &linear.Ridge{})
	search := &tuning.Search{
		Estimator: pipe,
		Space: tuning.Halving{
			Space: tuning.Grid{{Param: "ridge.Alpha", Values: tuning.Values(0.01, 0.1, 1.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0)}},
			Seed:  1,
		},
		CV: crossval.KFold{K: 5},
	}
	if err := search.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	h := search.Halving()
	fmt.Println("rows per iteration:", h.NResources)
	fmt.Println("candidates per iteration:", h.NCandidates)
	fmt.Println("best:", search.BestParams())
	// Output:
	// rows per iteration: [56 168 504]
	// candidates per iteration: [9 3 1]
	// best: {ridge.Alpha: 300}
}
