package cart

import (
	"context"
	"encoding/csv"
	"math/rand/v2"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

// benchData is a make_regression-like problem: n×p standard normal X, y linear in 10
// informative features plus unit noise.
//
// With CART_BENCH_CSV set (see testdata/bench_sklearn.py) the data are read from that
// file instead, so that scikit-learn and skgo time the same problem.
func benchData(n, p int) (*mat.Dense, []float64) {
	if path := os.Getenv("CART_BENCH_CSV"); path != "" {
		return readBenchCSV(path)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	coef := make([]float64, p)
	for j := 0; j < p && j < 10; j++ {
		coef[j] = 100 * rng.Float64()
	}
	for i := 0; i < n; i++ {
		s := 0.0
		for j := 0; j < p; j++ {
			v := rng.NormFloat64()
			X.Set(i, j, v)
			s += coef[j] * v
		}
		y[i] = s + rng.NormFloat64()
	}
	return X, y
}

func benchGrow(b *testing.B, p Params, bootstrap bool) {
	X, y := benchData(50000, 20)
	d, err := NewData(context.Background(), X, 1)
	if err != nil {
		b.Fatal(err)
	}
	var w []float64
	if bootstrap {
		rng := rand.New(rand.NewPCG(3, 4))
		w = make([]float64, len(y))
		for range y {
			w[rng.IntN(len(y))]++
		}
	}
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		t, err := Grow(context.Background(), d, y, w, p, rand.New(rand.NewPCG(5, uint64(i))))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(t.Nodes()), "nodes")
	}
	reportCPU(b, c0)
}

func readBenchCSV(path string) (*mat.Dense, []float64) {
	f, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		panic(err)
	}
	p := len(recs[0]) - 1
	X := mat.NewDense(len(recs), p, nil)
	y := make([]float64, len(recs))
	for i, rec := range recs {
		for j, s := range rec {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				panic(err)
			}
			if j < p {
				X.Set(i, j, v)
			} else {
				y[i] = v
			}
		}
	}
	return X, y
}

// cpuTime returns the process's user+system CPU time: on this shared machine wall
// time depends on the other processes, CPU time much less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, c0 time.Duration) {
	b.ReportMetric(float64((cpuTime()-c0).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// One fully grown regression tree on 50 000×20 (a random forest's tree, bootstrap
// weights, all features).
func BenchmarkGrowFull(b *testing.B) {
	benchGrow(b, Params{Criterion: SquaredError}, true)
}

// One depth-3 friedman_mse tree on 50 000×20 (a gradient boosting stage).
func BenchmarkGrowDepth3(b *testing.B) {
	benchGrow(b, Params{Criterion: FriedmanMSE, MaxDepth: 3}, false)
}

// One fully grown extra tree (random splitter, all features).
func BenchmarkGrowRandom(b *testing.B) {
	benchGrow(b, Params{Criterion: SquaredError, Random: true}, false)
}

func BenchmarkNewData(b *testing.B) {
	X, _ := benchData(50000, 20)
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := NewData(context.Background(), X, 1); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0)
}

// Prediction of 50 000 rows by one fully grown tree; ns/row is per tree per row.
func BenchmarkPredict(b *testing.B) {
	X, y := benchData(50000, 20)
	d, _ := NewData(context.Background(), X, 1)
	t, err := Grow(context.Background(), d, y, nil, Params{Criterion: SquaredError}, nil)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]float64, 50000)
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		t.Predict(X, out)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/50000, "ns/row")
	b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N)/50000, "cpu-ns/row")
}

// One depth-6 absolute_error tree on 50 000×20 (scikit-learn's MAE is O(n²) per node).
func BenchmarkGrowMAE(b *testing.B) {
	benchGrow(b, Params{Criterion: AbsoluteError, MaxDepth: 6}, false)
}

// Prediction by a depth-12 tree (4 000 nodes, cache resident).
func BenchmarkPredictDepth12(b *testing.B) {
	X, y := benchData(50000, 20)
	d, _ := NewData(context.Background(), X, 1)
	t, err := Grow(context.Background(), d, y, nil, Params{Criterion: SquaredError, MaxDepth: 12}, nil)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]float64, 50000)
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		t.Predict(X, out)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/50000, "ns/row")
	b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N)/50000, "cpu-ns/row")
}
