// Command sweep runs examples/sweep's Boston grid search (StandardScaler →
// PolynomialFeatures → Ridge, degree ∈ {1, 2} × alpha ∈ logspace(-3, 3, 13), shuffled
// 5-fold CV: 26 candidates × 5 folds) on Apache Beam, checks that it equals the same
// tuning.Search on the local pool, and prints both wall times.
//
//	go run ./examples/sweep                  # embedded Prism runner, one process
//	go run ./examples/sweep -cnn             # a CNN sweep on digits (fits of about 1 s)
//	go run ./examples/sweep -repeat 5        # medians of 5 runs of each
//
// On a cluster, the same binary submits to a Beam job server and runs as the workers
// (see the README section "Beyond one machine"):
//
//	go run ./examples/sweep -runner flink -endpoint localhost:8099 \
//	    -environment_type DOCKER -output /shared/results.jsonl
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math"
	"os"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/distributed/beam"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

// The skeletons workers load candidates into: registered in init, so every worker
// binary has them.
func init() {
	if err := beam.Register("boston-pipeline", func() estimator.Estimator { return newPipeline() }); err != nil {
		panic(err)
	}
	if err := beam.Register("digits-cnn", func() estimator.Estimator { return newCNN() }); err != nil {
		panic(err)
	}
}

func newPipeline() *pipeline.Pipeline {
	return pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "poly", Est: &preprocess.PolynomialFeatures{}},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{}},
	)
}

func newCNN() *nn.CNNClassifier {
	return &nn.CNNClassifier{InputShape: [3]int{1, 8, 8}, Conv: []nn.ConvSpec{{Filters: 8, Kernel: 3, Pad: 1, Pool: 2}},
		Hidden: []int{32}, Epochs: 15, BatchSize: 32}
}

type config struct {
	runner, output string
	cnn            bool
	repeat         int
	workers        int
}

func main() {
	var cfg config
	flag.StringVar(&cfg.runner, "runner", "prism", "Beam runner: prism (embedded), flink, spark or universal (Beam's --endpoint, --environment_type)")
	flag.StringVar(&cfg.output, "output", "", "results table (JSON lines) to keep; a path the workers and this program share on a cluster")
	flag.BoolVar(&cfg.cnn, "cnn", false, "sweep a small CNN on digits (fits of about 1 s) instead of the Boston grid")
	flag.IntVar(&cfg.repeat, "repeat", 1, "runs of each, reporting the median wall time")
	flag.IntVar(&cfg.workers, "workers", 2, "local pool workers (tuning.Search.Workers)")
	flag.Parse()
	beam.Init() // a worker started by the cluster runs here and exits
	log.SetFlags(0)
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err := run(context.Background(), os.Stdout, cfg); err != nil {
		log.Fatal(err)
	}
}

func logspace(lo, hi float64, n int) []float64 {
	out := make([]float64, n)
	for i := range n {
		out[i] = math.Pow(10, lo+(hi-lo)*float64(i)/float64(n-1))
	}
	return out
}

// problem returns the data and a search factory for the chosen sweep.
func problem(cfg config) (mat.Matrix, []float64, func(crossval.Executor) *tuning.Search, string) {
	if cfg.cnn {
		ds := datasets.Digits()
		return ds.X, ds.Y, func(ex crossval.Executor) *tuning.Search {
			return &tuning.Search{Estimator: newCNN(), CV: crossval.StratifiedKFold{K: 3},
				Space: tuning.Grid{
					{Param: "Hidden", Values: tuning.Values([]int{16}, []int{32})},
					{Param: "Seed", Values: tuning.Values(uint64(1), uint64(2))},
				},
				Scoring: metrics.Accuracy, Workers: cfg.workers, Executor: ex}
		}, "digits-cnn"
	}
	ds := datasets.Boston()
	return ds.X, ds.Y, func(ex crossval.Executor) *tuning.Search {
		return &tuning.Search{Estimator: newPipeline(), CV: crossval.KFold{K: 5, Shuffle: true, Seed: 0},
			Space: tuning.Grid{
				{Param: "poly.Degree", Values: tuning.Values(1, 2)},
				{Param: "ridge.Alpha", Values: tuning.Values(logspace(-3, 3, 13)...)},
			},
			Scoring: metrics.R2, Workers: cfg.workers, Executor: ex}
	}, "boston-pipeline"
}

func run(ctx context.Context, w io.Writer, cfg config) error {
	X, y, mk, model := problem(cfg)
	var local, remote *tuning.Search
	var tl, tr []time.Duration
	for range max(cfg.repeat, 1) {
		local = mk(nil)
		start := time.Now()
		if err := local.Fit(ctx, X, y); err != nil {
			return err
		}
		tl = append(tl, time.Since(start))
		remote = mk(&beam.Executor{Model: model, Runner: cfg.runner, Output: cfg.output})
		start = time.Now()
		if err := remote.Fit(ctx, X, y); err != nil {
			return err
		}
		tr = append(tr, time.Since(start))
	}
	lr, rr := local.Results(), remote.Results()
	maxDiff := 0.0
	for i := range lr {
		for _, name := range []string{"r2", "accuracy"} {
			for k, v := range lr[i].TestScores[name] {
				maxDiff = max(maxDiff, math.Abs(v-rr[i].TestScores[name][k]))
			}
		}
	}
	fmt.Fprintf(w, "%d candidates × %d folds\n", len(rr), remote.NSplits())
	fmt.Fprintf(w, "best (beam %s): %v, mean score %.6f\n", cfg.runner, remote.BestParams(), remote.BestScore())
	fmt.Fprintf(w, "best (local):     %v, mean score %.6f\n", local.BestParams(), local.BestScore())
	fmt.Fprintf(w, "largest fold-score difference: %g\n", maxDiff)
	var fit time.Duration
	for _, r := range lr {
		fit += r.FitTime
	}
	fmt.Fprintf(w, "mean fit time (local): %v\n", (fit / time.Duration(len(lr))).Round(time.Microsecond))
	fmt.Fprintf(w, "wall time, median of %d: local pool (%d workers) %v, beam %s %v\n",
		len(tl), cfg.workers, median(tl).Round(time.Millisecond), cfg.runner, median(tr).Round(time.Millisecond))
	if maxDiff != 0 || local.BestIndex() != remote.BestIndex() {
		return fmt.Errorf("the Beam results differ from the local pool's")
	}
	return nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
