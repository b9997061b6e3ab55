package svm

import (
	"context"
	"encoding/csv"
	"os"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
)

// benchData reads the CSV named by $SVM_BENCH_CSV (written by
// testdata/bench_sklearn.py, so both sides fit the same rows) or generates a
// 5000×20 make_classification set.
func benchData(b *testing.B) (*mat.Dense, []float64) {
	if path := os.Getenv("SVM_BENCH_CSV"); path != "" {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			b.Fatal(err)
		}
		p := len(rows[0]) - 1
		X := mat.NewDense(len(rows), p, nil)
		y := make([]float64, len(rows))
		for i, r := range rows {
			for j, s := range r {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil {
					b.Fatal(err)
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
	ds, err := datasets.MakeClassification(datasets.ClassificationOptions{NSamples: 5000, NFeatures: 20})
	if err != nil {
		b.Fatal(err)
	}
	return ds.X, ds.Y
}

// BenchmarkSVCFit fits SVC() (rbf, gamma "scale") on 5000×20 rows; compare with
// testdata/bench_sklearn.py.
func BenchmarkSVCFit(b *testing.B) {
	X, y := benchData(b)
	b.ResetTimer()
	for b.Loop() {
		m := &SVC{}
		if err := m.Fit(context.Background(), X, y); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(m.Support())), "nSV")
	}
}

// BenchmarkLinearSVCFit fits LinearSVC() (dual coordinate descent); set
// $SVM_BENCH_CSV to a file from testdata/bench_sklearn.py ... linear.
func BenchmarkLinearSVCFit(b *testing.B) {
	X, y := benchData(b)
	b.ResetTimer()
	for b.Loop() {
		m := &LinearSVC{}
		if err := m.Fit(context.Background(), X, y); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(m.NIter()), "iter")
	}
}
