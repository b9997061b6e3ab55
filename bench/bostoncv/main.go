// Command bostoncv times skgo's 10-fold cross-validation of linear.Regression on the
// Boston data (three scorers, as examples/boston prints), to compare with
// reference.py, which times scikit-learn's cross_validate on the same task:
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
}
