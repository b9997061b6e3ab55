package linear_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/tuning"
)

func TestRidgeClassifierConformance(t *testing.T) {
	for name, newE := range map[string]func() estimator.Estimator{
		"RidgeClassifier": func() estimator.Estimator { return &linear.RidgeClassifier{Alpha: 1} },
		"RidgeClassifier/balanced": func() estimator.Estimator {
			return &linear.RidgeClassifier{Alpha: 1, ClassWeight: linear.ClassWeightBalanced}
		},
		"RidgeClassifierCV":          func() estimator.Estimator { return &linear.RidgeClassifierCV{} },
		"RidgeClassifierCV/store":    func() estimator.Estimator { return &linear.RidgeClassifierCV{StoreCVValues: true, Scoring: "accuracy"} },
		"RidgeClassifierCV/splitter": func() estimator.Estimator { return &linear.RidgeClassifierCV{CV: crossval.StratifiedKFold{K: 3}} },
	} {
		t.Run(name, func(t *testing.T) { estimatortest.Run(t, newE) })
	}
}

// standardized returns X with every column centred and divided by its population
// standard deviation (numpy's std, ddof=0).
func standardized(X *mat.Dense) *mat.Dense {
	n, p := X.Dims()
	out := mat.DenseCopyOf(X)
	for j := range p {
		var m, s float64
		for i := range n {
			m += X.At(i, j)
		}
		m /= float64(n)
		for i := range n {
			d := X.At(i, j) - m
			s += d * d
		}
		s = math.Sqrt(s / float64(n))
		for i := range n {
			out.Set(i, j, (X.At(i, j)-m)/s)
		}
	}
	return out
}

func ridgeClfData(name string) (*mat.Dense, []float64) {
	switch name {
	case "iris":
		d := datasets.Iris()
		return d.X, d.Y
	case "iris120":
		d := datasets.Iris()
		return d.X.Slice(0, 120, 0, 4).(*mat.Dense), d.Y[:120]
	}
	d := datasets.BreastCancer()
	return standardized(d.X), d.Y
}

// ridgeClf is what the golden checks need from both classifiers.
type ridgeClf interface {
	estimator.Classifier
	estimator.WeightedFitter
	Coef() *mat.Dense
	Intercept() []float64
	DecisionFunctionMatrix(X mat.Matrix) (*mat.Dense, error)
}

// checkRidgeClf compares a fitted classifier with golden key. Ridge's closed forms
// agree with scikit-learn's Cholesky solves to ~1e-12; 1e-8 relative leaves room.
func checkRidgeClf(t *testing.T, g *testutil.Goldens, key string, m ridgeClf, X *mat.Dense) {
	t.Helper()
	assert.Equal(t, g.Floats(key+"/classes"), m.Classes())
	want := g.Matrix(key + "/coef").RawMatrix().Data
	assert.Less(t, testutil.RelDiff(m.Coef().RawMatrix().Data, want, 1e-6*maxAbsOf(want)), 1e-8, "coef_")
	wantB := g.Floats(key + "/intercept")
	if len(wantB) == 1 && len(m.Intercept()) > 1 { // scikit-learn's scalar 0.0 without an intercept
		wantB = make([]float64, len(m.Intercept()))
	}
	assert.Less(t, testutil.RelDiff(m.Intercept(), wantB, 1e-8), 1e-8, "intercept_ %v want %v", m.Intercept(), wantB)
	d, err := m.DecisionFunctionMatrix(X)
	require.NoError(t, err)
	wantD := g.Matrix(key + "/decision").RawMatrix().Data
	assert.Less(t, testutil.RelDiff(d.RawMatrix().Data, wantD, 1e-6*maxAbsOf(wantD)), 1e-8, "decision_function")
	pred, err := m.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, g.Floats(key+"/predict"), pred)
}

func TestRidgeClassifierMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/ridgeclf.json")
	for _, tc := range []struct {
		key, data string
		weighted  bool
		est       *linear.RidgeClassifier
	}{
		{"clf/iris", "iris", false, &linear.RidgeClassifier{Alpha: 1}},
		{"clf/iris/alpha0.01/noint", "iris", false, &linear.RidgeClassifier{Alpha: 0.01, NoIntercept: true}},
		{"clf/iris120/balanced", "iris120", true, &linear.RidgeClassifier{Alpha: 2, ClassWeight: linear.ClassWeightBalanced}},
		{"clf/bc", "bc", false, &linear.RidgeClassifier{Alpha: 1}},
		{"clf/bc/balanced", "bc", true, &linear.RidgeClassifier{Alpha: 10, ClassWeight: linear.ClassWeightBalanced}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			X, y := ridgeClfData(tc.data)
			var w []float64
			if tc.weighted {
				w = linspaceWeights(len(y))
			}
			require.NoError(t, tc.est.FitWeighted(context.Background(), X, y, w))
			checkRidgeClf(t, g, tc.key, tc.est, X)
		})
	}
}

func TestRidgeClassifierCVMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/ridgeclf.json")
	for _, tc := range []struct {
		key, data string
		weighted  bool
		est       linear.RidgeClassifierCV
	}{
		{"cv/iris", "iris", false, linear.RidgeClassifierCV{StoreCVValues: true}},
		{"cv/iris/grid", "iris", false, linear.RidgeClassifierCV{StoreCVValues: true}},
		{"cv/iris120/balanced", "iris120", true, linear.RidgeClassifierCV{StoreCVValues: true, ClassWeight: linear.ClassWeightBalanced}},
		{"cv/iris/accuracy", "iris", false, linear.RidgeClassifierCV{StoreCVValues: true, Scoring: "accuracy"}},
		{"cv/bc/grid", "bc", false, linear.RidgeClassifierCV{StoreCVValues: true}},
		{"cv/bc/noint", "bc", true, linear.RidgeClassifierCV{StoreCVValues: true, NoIntercept: true}},
		{"split/iris/skf5", "iris", false, linear.RidgeClassifierCV{CV: crossval.StratifiedKFold{K: 5}}},
		{"split/bc/kfold4", "bc", false, linear.RidgeClassifierCV{CV: crossval.KFold{K: 4}, ClassWeight: linear.ClassWeightBalanced}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			X, y := ridgeClfData(tc.data)
			var w []float64
			if tc.weighted {
				w = linspaceWeights(len(y))
			}
			m := tc.est
			if tc.key != "cv/iris" {
				m.Alphas = g.Floats(tc.key + "/alphas")
			}
			require.NoError(t, m.FitWeighted(context.Background(), X, y, w))
			assert.Equal(t, g.Float(tc.key+"/alpha"), m.Alpha(), "alpha_")
			assert.InEpsilon(t, g.Float(tc.key+"/best_score"), m.BestScore(), 1e-8, "best_score_")
			checkRidgeClf(t, g, tc.key, &m, X)
			if m.StoreCVValues {
				want := g.Matrix(tc.key + "/cv_values").RawMatrix().Data
				got := m.CVValues()
				require.NotNil(t, got)
				assert.Less(t, testutil.RelDiff(got.RawMatrix().Data, want, 1e-6*maxAbsOf(want)), 1e-8, "cv_values_")
			}
		})
	}
}

// For two classes the leave-one-out accuracy uses the sign of the decision value:
// it must equal the accuracy of refits without each row.
func TestRidgeClassifierCVBinaryAccuracy(t *testing.T) {
	X, y := ridgeClfData("bc")
	X = X.Slice(0, 80, 0, 6).(*mat.Dense)
	y = y[:80]
	alphas := []float64{0.01, 1, 100}
	m := &linear.RidgeClassifierCV{Alphas: alphas, Scoring: "accuracy"}
	require.NoError(t, m.Fit(context.Background(), X, y))
	best, bestAcc := -1, 0.0
	for a, alpha := range alphas {
		correct := 0
		for i := range 80 {
			var rows []int
			var yt []float64
			for j := range 80 {
				if j != i {
					rows = append(rows, j)
					yt = append(yt, y[j])
				}
			}
			r := &linear.RidgeClassifier{Alpha: alpha}
			require.NoError(t, r.Fit(context.Background(), estimator.Rows(X, rows), yt))
			p, err := r.Predict(X.Slice(i, i+1, 0, 6))
			require.NoError(t, err)
			if p[0] == y[i] {
				correct++
			}
		}
		if acc := float64(correct) / 80; best < 0 || acc > bestAcc {
			best, bestAcc = a, acc
		}
	}
	assert.Equal(t, alphas[best], m.Alpha())
	assert.InDelta(t, bestAcc, m.BestScore(), 1e-12)
}

func TestRidgeClassifierBadInput(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(4, 2, []float64{1, 2, 3, 4, 5, 7, 8, 8})
	one := []float64{1, 1, 1, 1}
	y := []float64{0, 1, 0, 1}
	for _, m := range []estimator.Estimator{&linear.RidgeClassifier{}, &linear.RidgeClassifierCV{}} {
		assert.ErrorIs(t, m.Fit(ctx, X, one), estimator.ErrInvalidData, "single class")
		assert.ErrorIs(t, m.Fit(ctx, X, nil), estimator.ErrInvalidData, "nil y")
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		assert.ErrorIs(t, m.Fit(cctx, X, y), context.Canceled)
	}
	for name, m := range map[string]estimator.Estimator{
		"alpha":        &linear.RidgeClassifier{Alpha: -1},
		"class weight": &linear.RidgeClassifier{ClassWeight: "inverse"},
		"solver":       &linear.RidgeClassifier{Solver: "lsqr"},
		"empty alphas": &linear.RidgeClassifierCV{Alphas: []float64{}},
		"neg alphas":   &linear.RidgeClassifierCV{Alphas: []float64{1, -2}},
		"cv weight":    &linear.RidgeClassifierCV{ClassWeight: "x"},
		"cv store":     &linear.RidgeClassifierCV{CV: crossval.KFold{K: 2}, StoreCVValues: true},
		"cv scoring":   &linear.RidgeClassifierCV{Scoring: "acc"},
	} {
		var pe *estimator.ParamError
		assert.ErrorAs(t, m.Fit(ctx, X, y), &pe, name)
	}
	m := &linear.RidgeClassifier{Alpha: 1}
	require.NoError(t, m.Fit(ctx, X, []float64{0, 1, 2, 1}))
	_, err := m.DecisionFunction(X)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
}

func TestRidgeClassifierCVSearch(t *testing.T) {
	d := datasets.Iris()
	s := &tuning.Search{
		Estimator: &linear.RidgeClassifier{},
		Space:     tuning.Grid{{Param: "Alpha", Values: tuning.Values(0.1, 1.0, 10.0)}},
		CV:        crossval.StratifiedKFold{K: 3},
		Scoring:   metrics.Accuracy,
	}
	require.NoError(t, s.Fit(context.Background(), d.X, d.Y))
	assert.Greater(t, s.Best().MeanScore, 0.7)
	s2 := &tuning.Search{
		Estimator: &linear.RidgeClassifierCV{},
		Space:     tuning.Grid{{Param: "ClassWeight", Values: tuning.Values(linear.ClassWeight(""), linear.ClassWeightBalanced)}},
		CV:        crossval.StratifiedKFold{K: 3},
		Scoring:   metrics.Accuracy,
	}
	require.NoError(t, s2.Fit(context.Background(), d.X, d.Y))
	assert.Len(t, s2.Results(), 2)
}

func ExampleRidgeClassifier() {
	d := datasets.Iris()
	m := &linear.RidgeClassifier{Alpha: 1}
	if err := m.Fit(context.Background(), d.X, d.Y); err != nil {
		fmt.Println(err)
		return
	}
	pred, _ := m.Predict(d.X)
	fmt.Printf("training accuracy %.3f\n", metrics.AccuracyScore(d.Y, pred, nil))
	// Output: training accuracy 0.853
}

func ExampleRidgeClassifierCV() {
	d := datasets.Iris()
	m := &linear.RidgeClassifierCV{Alphas: []float64{0.01, 0.1, 1, 10}}
	if err := m.Fit(context.Background(), d.X, d.Y); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha=%g classes=%v\n", m.Alpha(), m.Classes())
	// Output: alpha=1 classes=[0 1 2]
}
