// Command pipeline times skgo's pipelines against bench/pipeline/reference.py, which
// runs the same three tasks with scikit-learn:
//
//		go run ./bench/pipeline && /usr/bin/python3 bench/pipeline/reference.py
//
//	 1. StandardScaler → PolynomialFeatures(2) → Ridge(Alpha 1): fit + predict on
//	    100 000 × 20 standard-normal features.
//	 2. ColumnTransformer: StandardScaler on 10 numeric columns and OneHotEncoder on 3
//	    string columns (8, 20 and 50 categories) of a 100 000-row gota DataFrame.
//	 3. A 10-fold CV of the 3-step pipeline on Boston (pipeline overhead).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

func medianTime(runs int, f func() error) time.Duration {
	times := make([]time.Duration, runs)
	for i := range times {
		start := time.Now()
		if err := f(); err != nil {
			log.Fatal(err)
		}
		times[i] = time.Since(start)
	}
	slices.Sort(times)
	return times[runs/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1e3 }

func main() {
	runs := flag.Int("runs", 5, "repetitions per task (the median is printed)")
	flag.Parse()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(0, 0))

	const n, p = 100_000, 20
	X := mat.NewDense(n, p, nil)
	coef := make([]float64, p)
	for j := range coef {
		coef[j] = rng.NormFloat64()
	}
	y := make([]float64, n)
	for i := range n {
		row := X.RawRowView(i)
		for j := range row {
			row[j] = rng.NormFloat64()
			y[i] += row[j] * coef[j]
		}
		y[i] += 0.1 * rng.NormFloat64()
	}
	poly := medianTime(*runs, func() error {
		m := pipeline.Make(&preprocess.StandardScaler{}, &preprocess.PolynomialFeatures{Degree: 2}, &linear.Ridge{Alpha: 1})
		if err := m.Fit(ctx, X, y); err != nil {
			return err
		}
		_, err := m.Predict(X)
		return err
	})
	fmt.Printf("skgo scaler+poly2+ridge fit+predict 100000x20      median %9.1f ms\n", ms(poly))

	cols := make([]series.Series, 0, 13)
	for j := range 10 {
		v := make([]float64, n)
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		cols = append(cols, series.New(v, series.Float, fmt.Sprintf("n%d", j)))
	}
	for _, k := range []int{8, 20, 50} {
		v := make([]string, n)
		for i := range v {
			v[i] = fmt.Sprintf("k%d", rng.IntN(k))
		}
		cols = append(cols, series.New(v, series.String, fmt.Sprintf("c%d", k)))
	}
	frame, err := preprocess.NewFrame(dataframe.New(cols...))
	if err != nil {
		log.Fatal(err)
	}
	num := []string{"n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9"}
	ct := medianTime(*runs, func() error {
		c := &preprocess.ColumnTransformer{Columns: []preprocess.ColumnStep{
			{Name: "num", Est: &preprocess.StandardScaler{}, Columns: num},
			{Name: "cat", Est: &preprocess.OneHotEncoder{}, Columns: []string{"c8", "c20", "c50"}},
		}}
		_, err := c.FitTransform(ctx, frame, nil)
		return err
	})
	fmt.Printf("skgo ColumnTransformer fit_transform 100000 rows    median %9.1f ms\n", ms(ct))

	ds := datasets.Boston()
	overhead := medianTime(max(*runs, 21)*10, func() error {
		m := pipeline.Make(&preprocess.SimpleImputer{}, &preprocess.StandardScaler{}, &linear.Ridge{Alpha: 1})
		_, err := crossval.Score(ctx, m, ds.X, ds.Y, crossval.KFold{K: 10}, metrics.R2)
		return err
	})
	fmt.Printf("skgo Boston 10-fold CV of imputer+scaler+ridge      median %9.2f ms\n", float64(overhead.Microseconds())/1e3)
	cv := medianTime(max(*runs, 15)*4, func() error {
		m := pipeline.Make(&preprocess.StandardScaler{}, &preprocess.PolynomialFeatures{Degree: 2}, &linear.Ridge{Alpha: 10})
		_, err := crossval.Score(ctx, m, ds.X, ds.Y, crossval.KFold{K: 10}, metrics.R2)
		return err
	})
	fmt.Printf("skgo Boston 10-fold CV of scaler+poly2+ridge        median %9.1f ms\n", ms(cv))
}
