package calibration

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/estimator/naivebayes"
	"github.com/skgo/skgo/estimator/svm"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/preprocess"
)

const goldenPath = "testdata/calibration.json"

func colSums(X *mat.Dense) []float64 {
	_, p := X.Dims()
	out := make([]float64, p)
	for j := range out {
		out[j] = mat.Sum(X.ColView(j))
	}
	return out
}

// standardBC returns breast cancer standardized on all rows, as the generator does.
func standardBC(t testing.TB) (*mat.Dense, []float64) {
	ds := datasets.BreastCancer()
	X, err := (&preprocess.StandardScaler{}).FitTransform(context.Background(), ds.X, nil)
	require.NoError(t, err)
	return X, ds.Y
}

func linSVC() *svm.LinearSVC { return &svm.LinearSVC{Tol: 1e-8, MaxIter: 100000} }

func logistic() *linear.Logistic { return &linear.Logistic{Tol: 1e-10, MaxIter: 10000} }

// maxAbsDiff returns max |a − b| over two matrices of the same shape.
func maxAbsDiff(t *testing.T, want, got *mat.Dense) float64 {
	r, c := want.Dims()
	gr, gc := got.Dims()
	require.Equal(t, []int{r, c}, []int{gr, gc})
	m := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			m = math.Max(m, math.Abs(want.At(i, j)-got.At(i, j)))
		}
	}
	return m
}

// TestSklearnProba compares PredictProba with scikit-learn 1.2.1's predict_proba on
// the same (unshuffled stratified) folds. The tolerance, 1e-6 absolute, covers the
// stopping rule of scikit-learn's sigmoid fit (fmin_bfgs stops when the gradient of
// the summed loss is below 1e-5; we solve to rounding level) and the base models'
// solver tolerances (LinearSVC and Logistic are run to tol 1e-8 and 1e-10 on both
// sides; GaussianNB is closed-form); the measured differences are logged.
func TestSklearnProba(t *testing.T) {
	g := testutil.Golden(t, goldenPath)
	Xbc, ybc := standardBC(t)
	assert.InDeltaSlice(t, g.Floats("data/breast_cancer_colsums"), colSums(datasets.BreastCancer().X), 1e-6)
	iris := datasets.Iris()
	assert.InDeltaSlice(t, g.Floats("data/iris_colsums"), colSums(iris.X), 1e-9)
	irisS, err := (&preprocess.StandardScaler{}).FitTransform(context.Background(), iris.X, nil)
	require.NoError(t, err)
	wbc := g.Floats("weights/breast_cancer")

	type tc struct {
		name string
		m    *CalibratedClassifierCV
		X    *mat.Dense
		y, w []float64
	}
	var cases []tc
	for _, method := range []Method{MethodSigmoid, MethodIsotonic} {
		for _, noEns := range []bool{false, true} {
			suffix := ""
			if noEns {
				suffix = "_noensemble"
			}
			cases = append(cases,
				tc{fmt.Sprintf("bc_linsvc_%s%s", method, suffix), &CalibratedClassifierCV{Estimator: linSVC(), Method: method, NoEnsemble: noEns}, Xbc, ybc, nil},
				tc{fmt.Sprintf("iris_gnb_%s%s", method, suffix), &CalibratedClassifierCV{Estimator: &naivebayes.GaussianNB{}, Method: method, NoEnsemble: noEns, CV: crossval.StratifiedKFold{K: 3}}, iris.X, iris.Y, nil},
			)
		}
		cases = append(cases,
			tc{fmt.Sprintf("iris_logistic_%s", method), &CalibratedClassifierCV{Estimator: logistic(), Method: method}, irisS, iris.Y, nil},
			tc{fmt.Sprintf("bc_linsvc_%s_weighted", method), &CalibratedClassifierCV{Estimator: linSVC(), Method: method}, Xbc, ybc, wbc},
		)
	}
	cases = append(cases, tc{"bc_gnb_sigmoid_weighted", &CalibratedClassifierCV{Estimator: &naivebayes.GaussianNB{}}, Xbc, ybc, wbc})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			require.NoError(t, c.m.FitWeighted(context.Background(), c.X, c.y, c.w))
			proba, err := c.m.PredictProba(c.X)
			require.NoError(t, err)
			want := g.Matrix(c.name + "/proba")
			d := maxAbsDiff(t, want, proba)
			t.Logf("max |Δp| = %.3g", d)
			assert.Less(t, d, 1e-6)
			if g.Has(c.name + "/ab") {
				var ab [][2]float64
				g.Decode(c.name+"/ab", &ab)
				var got [][2]float64
				for _, cc := range c.m.CalibratedClassifiers() {
					for j := range cc.A {
						got = append(got, [2]float64{cc.A[j], cc.B[j]})
					}
				}
				require.Len(t, got, len(ab))
				worst := 0.0
				for i := range ab {
					for j := range 2 {
						worst = math.Max(worst, math.Abs(ab[i][j]-got[i][j])/math.Max(1, math.Abs(ab[i][j])))
					}
				}
				// fmin_bfgs's gtol = 1e-5 on the summed loss bounds scikit-learn's
				// distance to the optimum we solve for exactly.
				t.Logf("max relative |Δ(A, B)| = %.3g", worst)
				assert.Less(t, worst, 1e-5)
			}
			pred, err := c.m.Predict(c.X)
			require.NoError(t, err)
			assert.Equal(t, g.Floats(c.name+"/pred"), pred)
		})
	}
}

func TestSklearnPrefit(t *testing.T) {
	g := testutil.Golden(t, goldenPath)
	iris := datasets.Iris()
	var even, odd []int
	for i := 0; i < 150; i++ {
		if i%2 == 0 {
			even = append(even, i)
		} else {
			odd = append(odd, i)
		}
	}
	for _, method := range []Method{MethodSigmoid, MethodIsotonic} {
		base := &naivebayes.GaussianNB{}
		require.NoError(t, base.Fit(context.Background(), estimator.Rows(iris.X, even), estimator.Select(iris.Y, even)))
		m := &CalibratedClassifierCV{Estimator: base, Method: method, Prefit: true}
		require.NoError(t, m.Fit(context.Background(), estimator.Rows(iris.X, odd), estimator.Select(iris.Y, odd)))
		proba, err := m.PredictProba(iris.X)
		require.NoError(t, err)
		d := maxAbsDiff(t, g.Matrix(fmt.Sprintf("iris_gnb_prefit_%s/proba", method)), proba)
		t.Logf("%s: max |Δp| = %.3g", method, d)
		assert.Less(t, d, 1e-6, method)
	}
}

// TestSklearnCurve checks CalibrationCurve against calibration_curve exactly up to
// rounding (1e-15): the same bin edges, the same bin assignment and the same sums.
func TestSklearnCurve(t *testing.T) {
	g := testutil.Golden(t, goldenPath)
	y, p := g.Floats("curve/y"), g.Floats("curve/p")
	check := func(key string, y, p []float64, nBins int, strategy string) {
		var want [2][]float64
		g.Decode(key, &want)
		pt, pp, err := CalibrationCurve(y, p, nBins, strategy)
		require.NoError(t, err, key)
		assert.InDeltaSlice(t, want[0], pt, 1e-15, key)
		assert.InDeltaSlice(t, want[1], pp, 1e-15, key)
		assert.Len(t, pt, len(want[0]), key)
	}
	for _, strategy := range []string{"uniform", "quantile"} {
		for _, nb := range []int{1, 3, 5, 10, 37} {
			check(fmt.Sprintf("curve/%s/%d", strategy, nb), y, p, nb, strategy)
		}
		check(fmt.Sprintf("curve/ties/%s/8", strategy), y, g.Floats("curve/p_ties"), 8, strategy)
	}
	ym := make([]float64, len(y))
	for i, v := range y {
		ym[i] = -1
		if v > 0 {
			ym[i] = 1
		}
	}
	check("curve/minus/quantile/4", ym, p, 4, "quantile")
	check("curve/uniform/5", y, p, 0, "")
}
