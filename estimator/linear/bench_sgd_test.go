//go:build unix

package linear_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/linear"
)

// BenchmarkSGDClassifier fits SGDClassifier with scikit-learn's defaults (hinge loss,
// l2, optimal schedule, tol 1e-3, shuffled) on make_classification(100000, 20), the
// data of testdata/bench_sgd.py, which times scikit-learn on the same problem (drawn
// by its own generator, so the epoch counts differ a little; compare CPU per epoch):
//
//	go test ./estimator/linear -run '^$' -bench SGDClassifier -benchtime 10x
//	cd estimator/linear/testdata && /usr/bin/python3 bench_sgd.py
func BenchmarkSGDClassifier(b *testing.B) {
	ds, err := datasets.MakeClassification(datasets.ClassificationOptions{NSamples: 100000, NFeatures: 20, Seed: 0})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	epochs := 0
	cpu0 := cpuTime()
	for b.Loop() {
		var m linear.SGDClassifier
		if err := m.Fit(ctx, ds.X, ds.Y); err != nil {
			b.Fatal(err)
		}
		epochs += m.NIter()
	}
	cpu := float64(cpuTime()-cpu0) / float64(time.Millisecond)
	b.ReportMetric(float64(epochs)/float64(b.N), "epochs/op")
	b.ReportMetric(cpu/float64(b.N), "cpu-ms/op")
	b.ReportMetric(cpu/float64(epochs), "cpu-ms/epoch")
}

// cpuTime returns the user+system CPU time of the process, which on a loaded
// machine measures the work better than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSGDRegressor fits SGDRegressor's defaults on a 100000×20 regression.
func BenchmarkSGDRegressor(b *testing.B) {
	ds, _, err := datasets.MakeRegression(datasets.RegressionOptions{NSamples: 100000, NFeatures: 20, Noise: 1, Seed: 0})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	epochs := 0
	cpu0 := cpuTime()
	for b.Loop() {
		var m linear.SGDRegressor
		if err := m.Fit(ctx, ds.X, ds.Y); err != nil {
			b.Fatal(err)
		}
		epochs += m.NIter()
	}
	b.ReportMetric(float64(epochs)/float64(b.N), "epochs/op")
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
