// Command kernels times skgo's matrix-multiply kernels and the products built on them,
// to compare with reference.py (numpy + OpenBLAS and scikit-learn on the same shapes):
//
//   - sgemm, dgemm: C = A·B for n×n float32 / float64 matrices (default 1024³), through
//     nn/tensor's parallel MatMul and the blas package's parallel Dgemm (with
//     -threads 1, GOMAXPROCS 1 and so the single-threaded kernels);
//   - pca: preprocess.PCA{NComponents: 10} fitted on 100 000 × 100 float64 rows,
//     once with gonum's native BLAS and once after blas.Use.
//
// It prints one JSON line per benchmark with the median and best seconds of -runs
// runs and GFLOP/s from the median (2n³ flops per product):
//
//	go run ./bench/kernels -threads 1 && /usr/bin/python3 bench/kernels/reference.py -threads 1
//	go run ./bench/kernels -threads 2 && /usr/bin/python3 bench/kernels/reference.py -threads 2
//
// or bench/run.sh kernels, which runs both thread counts.
//
// Measured on 2026-12-05 on this project's 2-core AVX-512 machine (medians of 5 runs,
// two alternating rounds each; the second, quieter round for 2 threads):
//
//	benchmark           threads  skgo                 numpy 1.24 + OpenBLAS   skgo/numpy
//	sgemm 1024³         1        17.5 ms  123 GFLOP/s  19.9 ms  108 GFLOP/s    1.14× the flops
//	dgemm 1024³         1        28.8 ms   75 GFLOP/s  40.6 ms   53 GFLOP/s    1.41×
//	sgemm 1024³         2         8.2 ms  262 GFLOP/s  11.4 ms  189 GFLOP/s    1.39×
//	dgemm 1024³         2        14.4 ms  149 GFLOP/s  22.6 ms   95 GFLOP/s    1.57×
//	PCA(10) 100000×100  2        0.25 s (blas.Use)    0.37 s (scikit-learn)   0.69× the time
//	                             0.29 s (gonum BLAS)                          0.79×
//
// Two threads run the 1024³ products 2.1× (float32) and 2.0× (float64) as fast as
// one.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/blas"
	"github.com/skgo/skgo/nn/tensor"
	"github.com/skgo/skgo/preprocess"
)

type result struct {
	Impl    string  `json:"impl"`
	Bench   string  `json:"bench"`
	Threads int     `json:"threads"`
	N       int     `json:"n"`
	Runs    int     `json:"runs"`
	Median  float64 `json:"median_s"`
	Best    float64 `json:"best_s"`
	GFLOPS  float64 `json:"gflops,omitempty"`
}

func main() {
	threads := flag.Int("threads", 2, "GOMAXPROCS")
	n := flag.Int("n", 1024, "matrix size of the GEMM benchmarks")
	runs := flag.Int("runs", 7, "timed runs per benchmark (after one warm-up)")
	only := flag.String("bench", "sgemm,dgemm,pca", "comma-separated benchmarks to run")
	flag.Parse()
	runtime.GOMAXPROCS(*threads)
	want := map[string]bool{}
	for _, b := range strings.Split(*only, ",") {
		want[strings.TrimSpace(b)] = true
	}
	rng := rand.New(rand.NewPCG(1, 2))
	emit := func(name string, size int, flops float64, times []float64) {
		slices.Sort(times)
		r := result{Impl: "skgo", Bench: name, Threads: *threads, N: size, Runs: len(times),
			Median: times[len(times)/2], Best: times[0]}
		if flops > 0 {
			r.GFLOPS = flops / r.Median / 1e9
		}
		out, _ := json.Marshal(r)
		fmt.Println(string(out))
	}
	time1 := func(f func()) []float64 {
		f() // warm-up: page in, pack buffers, start the pool
		times := make([]float64, *runs)
		for i := range times {
			t0 := time.Now()
			f()
			times[i] = time.Since(t0).Seconds()
		}
		return times
	}
	flops := 2 * float64(*n) * float64(*n) * float64(*n)

	if want["sgemm"] {
		a, b := tensor.New(*n, *n), tensor.New(*n, *n)
		for i := range a.Data() {
			a.Data()[i], b.Data()[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
		}
		c := tensor.New(*n, *n)
		emit("sgemm", *n, flops, time1(func() { c.MatMul(a, b) }))
	}
	if want["dgemm"] {
		a, b, c := make([]float64, *n**n), make([]float64, *n**n), make([]float64, *n**n)
		for i := range a {
			a[i], b[i] = rng.NormFloat64(), rng.NormFloat64()
		}
		var impl blas.Implementation
		emit("dgemm", *n, flops, time1(func() {
			impl.Dgemm('N', 'N', *n, *n, *n, 1, a, *n, b, *n, 0, c, *n)
		}))
	}
	if want["pca"] {
		const rows, cols = 100000, 100
		x := mat.NewDense(rows, cols, nil)
		for i := range rows {
			row := x.RawRowView(i)
			for j := range row {
				row[j] = rng.NormFloat64() * (1 + float64(j%10))
			}
		}
		fit := func() {
			if err := (&preprocess.PCA{NComponents: 10}).Fit(context.Background(), x, nil); err != nil {
				log.Fatal(err)
			}
		}
		emit("pca10_gonum", rows, 0, time1(fit))
		restore := blas.Use()
		emit("pca10_blas", rows, 0, time1(fit))
		restore()
	}
	if len(want) == 0 {
		fmt.Fprintln(os.Stderr, "nothing to run")
	}
}
