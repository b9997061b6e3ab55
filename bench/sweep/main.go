// Command sweep times tuning.Search, to compare with reference.py (scikit-learn 1.2.1
// GridSearchCV on the same task):
//
//	go run ./bench/sweep && /usr/bin/python3 bench/sweep/reference.py
//
// It prints three figures:
//
//   - boston: GridSearchCV-equivalent on Boston, Pipeline(StandardScaler,
//     PolynomialFeatures, Ridge), degree ∈ {1, 2} × alpha ∈ logspace(-3, 3, 13), 5-fold
//     unshuffled CV, r2 (26 candidates × 5 folds = 130 fits + refit), Workers 1 and 2;
//   - scaling: a grid of 16 alphas × 4 folds of linear.Lasso (single-threaded
//     coordinate descent) on synthetic data (-rows × -cols, default 500 × 250: one fit
//     takes about 10 ms and its data fits in a core's L2 cache; much larger data makes
//     coordinate descent memory-bound, and two workers then share the bandwidth),
//     Workers 1 vs 2, interleaved runs (needs 2 idle cores);
//   - memory: bytes allocated per search with Workers 1 vs 4 (the same: X is shared,
//     each job copies only its fold).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

func logspace(lo, hi float64, n int) []float64 {
	out := make([]float64, n)
	for i := range n {
		out[i] = math.Pow(10, lo+(hi-lo)*float64(i)/float64(n-1))
	}
	return out
}

func median(f func(), runs int) time.Duration {
	times := make([]time.Duration, runs)
	for i := range runs {
		start := time.Now()
		f()
		times[i] = time.Since(start)
	}
	slices.Sort(times)
	return times[runs/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1e3 }

func main() {
	runs := flag.Int("runs", 21, "repetitions (the median is printed)")
	which := flag.String("exp", "all", "boston, scaling, memory or all")
	only := flag.Int("workers", 0, "if > 0, run only this Workers setting in the boston and scaling experiments")
	rows := flag.Int("rows", 500, "rows of the scaling experiment's data")
	cols := flag.Int("cols", 250, "columns of the scaling experiment's data")
	flag.Parse()
	ctx := context.Background()
	fmt.Printf("GOMAXPROCS=%d\n", runtime.GOMAXPROCS(0))

	if *which == "all" || *which == "boston" {
		ds := datasets.Boston()
		for _, w := range workerList(*only) {
			var best tuning.Result
			d := median(func() {
				s := &tuning.Search{
					Estimator: pipeline.New(
						pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
						pipeline.Step{Name: "poly", Est: &preprocess.PolynomialFeatures{}},
						pipeline.Step{Name: "ridge", Est: &linear.Ridge{}},
					),
					Space: tuning.Grid{
						{Param: "poly.Degree", Values: tuning.Values(1, 2)},
						{Param: "ridge.Alpha", Values: tuning.Values(logspace(-3, 3, 13)...)},
					},
					CV: crossval.KFold{K: 5}, Scoring: metrics.R2, Workers: w,
				}
				if err := s.Fit(ctx, ds.X, ds.Y); err != nil {
					log.Fatal(err)
				}
				best = s.Best()
			}, *runs)
			fmt.Printf("boston grid 26x5 Workers=%d  median %8.2f ms  (best %v, r2 %.4f)\n", w, ms(d), best.Params, best.MeanScore)
		}
	}

	if *which == "all" || *which == "scaling" {
		// linear.Lasso (coordinate descent) runs on one goroutine, so Workers alone
		// decides the parallelism (linear.Ridge parallelizes its own Gram kernel).
		X, y := synthetic(*rows, *cols)
		one := median(func() {
			l := &linear.Lasso{Alpha: 0.01, Tol: 1e-12, MaxIter: 3000}
			if err := l.Fit(ctx, X.Slice(0, *rows*3/4, 0, *cols), y[:*rows*3/4]); err != nil {
				log.Fatal(err)
			}
		}, 11)
		fmt.Printf("scaling: one Lasso fit on %dx%d: %.2f ms\n", *rows*3/4, *cols, ms(one))
		// Interleave the settings so that load from other processes hits both alike.
		times := map[int][]time.Duration{}
		for range max(*runs/3, 3) {
			for _, w := range workerList(*only) {
				s := &tuning.Search{Estimator: &linear.Lasso{Tol: 1e-12, MaxIter: 3000}, Space: tuning.Grid{{Param: "Alpha", Values: tuning.Values(logspace(-3, -1, 16)...)}},
					CV: crossval.KFold{K: 4}, Workers: w, NoRefit: true}
				start := time.Now()
				if err := s.Fit(ctx, X, y); err != nil {
					log.Fatal(err)
				}
				times[w] = append(times[w], time.Since(start))
			}
		}
		t := map[int]time.Duration{}
		for _, w := range workerList(*only) {
			ts := times[w]
			slices.Sort(ts)
			t[w] = ts[len(ts)/2]
			fmt.Printf("scaling grid 16x4 Workers=%d  median %8.2f ms\n", w, ms(t[w]))
		}
		if t[1] > 0 && t[2] > 0 {
			fmt.Printf("scaling speedup Workers 2 vs 1: %.2fx\n", float64(t[1])/float64(t[2]))
		}
	}

	if *which == "all" || *which == "memory" {
		X, y := synthetic(4000, 20)
		for _, w := range []int{1, 4} {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			s := &tuning.Search{Estimator: &linear.Ridge{}, Space: tuning.Grid{{Param: "Alpha", Values: tuning.Values(1.0, 2.0, 3.0, 4.0)}},
				CV: crossval.KFold{K: 5}, Workers: w, NoRefit: true}
			if err := s.Fit(ctx, X, y); err != nil {
				log.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			fmt.Printf("memory Workers=%d: %.2f MB allocated in total for 20 fits (X is %.2f MB)\n", w,
				float64(after.TotalAlloc-before.TotalAlloc)/1e6, float64(4000*20*8)/1e6)
		}
	}
}

func workerList(only int) []int {
	if only > 0 {
		return []int{only}
	}
	return []int{1, 2}
}

func synthetic(n, p int) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		for j := range p {
			v := rng.NormFloat64()
			X.Set(i, j, v)
			y[i] += v * float64(j%5)
		}
		y[i] += rng.NormFloat64()
	}
	return X, y
}
