package ensemble

import (
	"context"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/neighbors"
)

// BenchmarkBaggingRegressorTrees fits 100 default trees on 2000×10 synthetic rows;
// scikit-learn: BaggingRegressor(n_estimators=100, n_jobs=2) on the same shape.
func BenchmarkBaggingRegressorTrees(b *testing.B) {
	X, y := bagBenchData(2000, 10)
	for b.Loop() {
		m := &BaggingRegressor{NEstimators: 100, Workers: 2}
		if err := m.Fit(context.Background(), X, y); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStackingClassifierIris fits a kNN + naive Bayes stack (5-fold out-of-fold
// probabilities, logistic final estimator) on iris.
func BenchmarkStackingClassifierIris(b *testing.B) {
	iris := datasets.Iris()
	for b.Loop() {
		s := &StackingClassifier{Workers: 2, Estimators: []estimator.Part{
			{Name: "knn", Est: &neighbors.KNeighborsClassifier{}},
			{Name: "knn2", Est: &neighbors.KNeighborsClassifier{NNeighbors: 15}},
		}}
		if err := s.Fit(context.Background(), iris.X, iris.Y); err != nil {
			b.Fatal(err)
		}
	}
}

func bagBenchData(n, p int) (*mat.Dense, []float64) {
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	s := uint64(1)
	next := func() float64 {
		s = s*6364136223846793005 + 1442695040888963407
		return float64(s>>11)/float64(1<<53) - 0.5
	}
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			X.Set(i, j, next())
		}
		y[i] = 3*X.At(i, 0) - 2*X.At(i, 1) + X.At(i, 2)*X.At(i, 3) + 0.1*next()
	}
	return X, y
}
