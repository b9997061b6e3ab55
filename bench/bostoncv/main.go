// Command bostoncv times skgo's 10-fold cross-validation of linear.Regression on the
// Boston data, to compare with reference.py, which times scikit-learn's cross_validate
// on the same tasks: three scorers (as examples/boston prints) with shuffled and
// classic folds, and crossval.Score with the single R² scorer (the per-fold overhead
// figure of issue 8):
//
//	go run ./bench/bostoncv && /usr/bin/python3 bench/bostoncv/reference.py
package main

import (
	"context"
	"fmt"
	"log"
	"slices"
	"time"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
)

func main() {
	ds := datasets.Boston()
	ctx := context.Background()
	for _, c := range []struct {
		name string
		cv   crossval.Splitter
	}{
		{"shuffled", crossval.KFold{K: 10, Shuffle: true, Seed: 1}},
		{"classic", crossval.KFold{K: 10}},
	} {
		var times []time.Duration
		var r2 float64
		for range 200 {
			start := time.Now()
			res, err := crossval.CrossValidate(ctx, &linear.Regression{}, ds.X, ds.Y, &crossval.Options{
				CV:      c.cv,
				Scorers: []metrics.Scorer{metrics.R2, metrics.NegRMSE, metrics.NegMAE},
			})
			if err != nil {
				log.Fatal(err)
			}
			times = append(times, time.Since(start))
			r2 = res.Mean("r2")
		}
		slices.Sort(times)
		med := times[len(times)/2]
		fmt.Printf("skgo crossval.CrossValidate %-8s median %8.3f ms  (mean r2 %.4f)\n", c.name, float64(med.Microseconds())/1e3, r2)
	}
	var times []time.Duration
	var r2 []float64
	for range 1000 {
		start := time.Now()
		var err error
		r2, err = crossval.Score(ctx, &linear.Regression{}, ds.X, ds.Y, crossval.KFold{K: 10}, metrics.R2)
		if err != nil {
			log.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	med := times[len(times)/2]
	mean := 0.0
	for _, v := range r2 {
		mean += v / float64(len(r2))
	}
	fmt.Printf("skgo crossval.Score r2      classic  median %8.3f ms  (mean r2 %.4f)\n", float64(med.Nanoseconds())/1e6, mean)
}
