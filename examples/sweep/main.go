// Command sweep tunes a StandardScaler → PolynomialFeatures → Ridge pipeline on the
// Boston Housing data three ways with package tuning:
//
//  1. a grid search over degree ∈ {1, 2} × alpha ∈ logspace(-3, 3, 13) with 5-fold CV
//     (scikit-learn GridSearchCV), with a progress bar on stderr, the ten best
//     candidates as a table, and the best pipeline's R² on a held-out test split;
//  2. a random search over the same space (alpha log-uniform on [1e-3, 1e3], degree
//     chosen from {1, 2}; scikit-learn RandomizedSearchCV);
//  3. successive halving over the grid (scikit-learn HalvingGridSearchCV);
//
// and how long each took.
//
//	go run ./examples/sweep
package main

import (
	"context"
	"fmt"
	"golang.org/x/term"
	"io"
	"log"
	"math"
	"os"
	"strings"
	"text/tabwriter"
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

func main() {
	log.SetFlags(0)
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

func newPipeline() *pipeline.Pipeline {
	return pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "poly", Est: &preprocess.PolynomialFeatures{}},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{}},
	)
}

func logspace(lo, hi float64, n int) []float64 {
	out := make([]float64, n)
	for i := range n {
		out[i] = math.Pow(10, lo+(hi-lo)*float64(i)/float64(n-1))
	}
	return out
}

// progressBar returns a Search.Progress callback drawing a \r-updated bar on w,
// redrawn when the bar grows and at the end. Search serializes its Progress calls, so
// the callback needs no lock.
//
// Off a terminal (a pipe, a CI log) it prints nothing: the search's results table
// follows anyway.
func progressBar(w io.Writer, label string) func(tuning.ProgressEvent) {
	if f, ok := w.(*os.File); !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return drawBar(w, label)
}

// drawBar returns the Progress callback that draws the bar on w.
func drawBar(w io.Writer, label string) func(tuning.ProgressEvent) {
	const width = 30
	drawn := -1
	return func(e tuning.ProgressEvent) {
		filled := width * e.Done / max(e.Total, 1)
		if filled == drawn && e.Done != e.Total {
			return
		}
		drawn = filled
		fmt.Fprintf(w, "\r%-8s [%s%s] %3d/%d fits %6.2fs", label,
			strings.Repeat("=", filled), strings.Repeat(" ", width-filled), e.Done, e.Total, e.Elapsed.Seconds())
	}
}

func run(ctx context.Context, stdout, stderr io.Writer) error {
	ds := datasets.Boston()
	Xtr, Xte, ytr, yte, err := crossval.TrainTestSplitXy(ds.X, ds.Y, crossval.TrainTestOptions{TestSize: 0.2, Seed: 42})
	if err != nil {
		return err
	}
	n, _ := Xtr.Dims()
	m, _ := Xte.Dims()
	fmt.Fprintf(stdout, "Boston: %d training rows (5-fold CV), %d held-out test rows\n\n", n, m)
	grid := tuning.Grid{
		{Param: "poly.Degree", Values: tuning.Values(1, 2)},
		{Param: "ridge.Alpha", Values: tuning.Values(logspace(-3, 3, 13)...)},
	}
	cv := crossval.KFold{K: 5, Shuffle: true, Seed: 0}

	// 1. Grid search.
	grids := &tuning.Search{Estimator: newPipeline(), Space: grid, CV: cv, Scoring: metrics.R2,
		Progress: progressBar(stderr, "grid")}
	took, err := timed(ctx, grids, Xtr, ytr, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "grid search: %d candidates × %d folds in %v\n", len(grids.Results()), grids.NSplits(), took.Round(time.Millisecond))
	if err := topTable(stdout, grids.Results(), 10); err != nil {
		return err
	}
	if err := report(stdout, grids, Xte, yte); err != nil {
		return err
	}

	// 2. Random search over the same space.
	rnd := &tuning.Search{Estimator: newPipeline(), CV: cv, Scoring: metrics.R2,
		Space: tuning.Random{N: 26, Seed: 1, Params: []tuning.Dist{
			{Param: "poly.Degree", Dist: tuning.Choice{Values: tuning.Values(1, 2)}},
			{Param: "ridge.Alpha", Dist: tuning.LogUniform{Min: 1e-3, Max: 1e3}},
		}},
		Progress: progressBar(stderr, "random")}
	took, err = timed(ctx, rnd, Xtr, ytr, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nrandom search: %d candidates in %v\n", len(rnd.Results()), took.Round(time.Millisecond))
	if err := report(stdout, rnd, Xte, yte); err != nil {
		return err
	}

	// 3. Successive halving over the grid.
	hv := &tuning.Search{Estimator: newPipeline(), CV: cv, Scoring: metrics.R2,
		Space:    tuning.Halving{Space: grid, Factor: 3, Seed: 1},
		Progress: progressBar(stderr, "halving")}
	took, err = timed(ctx, hv, Xtr, ytr, stderr)
	if err != nil {
		return err
	}
	h := hv.Halving()
	fmt.Fprintf(stdout, "\nsuccessive halving: %d fits in %v; rows per iteration %v, candidates %v\n",
		len(hv.Results())*hv.NSplits(), took.Round(time.Millisecond), h.NResources, h.NCandidates)
	return report(stdout, hv, Xte, yte)
}

// timed fits s, ends the progress line and returns the time taken.
func timed(ctx context.Context, s *tuning.Search, X mat.Matrix, y []float64, stderr io.Writer) (time.Duration, error) {
	start := time.Now()
	err := s.Fit(ctx, X, y)
	if s.Progress != nil {
		fmt.Fprintln(stderr) // end the bar's line
	}
	return time.Since(start), err
}

func topTable(w io.Writer, rs []tuning.Result, k int) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rank\tdegree\talpha\tmean R²\tstd\tfit ms\t")
	for rank := 1; rank <= len(rs) && k > 0; rank++ {
		for _, r := range rs {
			if r.Rank != rank || k == 0 {
				continue
			}
			fmt.Fprintf(tw, "%d\t%v\t%.4g\t%.4f\t%.4f\t%.2f\t\n", r.Rank, r.Params["poly.Degree"], r.Params["ridge.Alpha"],
				r.MeanScore, r.StdScore, float64(r.FitTime.Microseconds())/1e3)
			k--
		}
	}
	return tw.Flush()
}

func report(w io.Writer, s *tuning.Search, Xte mat.Matrix, yte []float64) error {
	test, err := metrics.R2.Score(s, Xte, yte, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "best %v: CV R² %.4f, held-out test R² %.4f\n", s.BestParams(), s.BestScore(), test)
	return nil
}
