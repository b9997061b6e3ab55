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

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/internal/testutil"
)

// model is what the golden tests need from every least-squares model.
type model interface {
	estimator.Predictor
	estimator.WeightedFitter
	Coef() []float64
	Intercept() float64
}

func TestConformance(t *testing.T) {
	for name, newE := range map[string]func() estimator.Estimator{
		"Regression":             func() estimator.Estimator { return &linear.Regression{} },
		"Regression/NoIntercept": func() estimator.Estimator { return &linear.Regression{NoIntercept: true} },
		"Ridge":                  func() estimator.Estimator { return &linear.Ridge{Alpha: 0.5} },
		"Ridge/cholesky":         func() estimator.Estimator { return &linear.Ridge{Alpha: 0.5, Solver: linear.RidgeCholesky} },
		"Ridge/svd":              func() estimator.Estimator { return &linear.Ridge{Alpha: 0.5, Solver: linear.RidgeSVD} },
		"Lasso":                  func() estimator.Estimator { return &linear.Lasso{Alpha: 0.05} },
		"ElasticNet":             func() estimator.Estimator { return &linear.ElasticNet{Alpha: 0.05, L1Ratio: 0.5} },
		"ElasticNet/random": func() estimator.Estimator {
			return &linear.ElasticNet{Alpha: 0.05, L1Ratio: 0.5, Selection: linear.SelectionRandom, Seed: 3}
		},
	} {
		t.Run(name, func(t *testing.T) { estimatortest.Run(t, newE) })
	}
}

// dataset returns the named data set: the embedded ones from package datasets, the
// synthetic ones from the goldens (so Go and Python use identical numbers).
func dataset(t *testing.T, g *testutil.Goldens, name string) (*mat.Dense, []float64) {
	t.Helper()
	switch name {
	case "boston":
		d := datasets.Boston()
		return d.X, d.Y
	case "diabetes":
		d := datasets.Diabetes()
		return d.X, d.Y
	default:
		return g.Matrix(name + "/X"), g.Floats(name + "/y")
	}
}

// weightsFor returns the sample weights used by the "weighted" goldens.
func weightsFor(t *testing.T, g *testutil.Goldens, name string, n int) []float64 {
	t.Helper()
	if name == "boston" { // np.linspace(0.5, 2.0, n)
		w := make([]float64, n)
		for i := range w {
			w[i] = 0.5 + 1.5*float64(i)/float64(n-1)
		}
		return w
	}
	return g.Floats(name + "/w")
}

type goldenCase struct {
	key      string // golden prefix, e.g. "ols/boston/noint"
	data     string
	weighted bool
	est      model
	tol      float64 // relative tolerance on coef and intercept
}

func checkGolden(t *testing.T, g *testutil.Goldens, tc goldenCase) {
	t.Helper()
	X, y := dataset(t, g, tc.data)
	var w []float64
	if tc.weighted {
		w = weightsFor(t, g, tc.data, len(y))
	}
	require.NoError(t, tc.est.FitWeighted(context.Background(), X, y, w))
	wantCoef := g.Floats(tc.key + "/coef")
	wantB := g.Float(tc.key + "/intercept")
	coef := tc.est.Coef()
	// Relative to the largest coefficient, so that exact zeros compare sensibly.
	scale := 0.0
	for _, v := range wantCoef {
		scale = math.Max(scale, math.Abs(v))
	}
	t.Logf("max relative difference: coef %.2g, intercept %.2g",
		testutil.RelDiff(coef, wantCoef, math.Max(scale, 1e-12)), math.Abs(tc.est.Intercept()-wantB)/math.Max(math.Abs(wantB), 1))
	assert.LessOrEqual(t, testutil.RelDiff(coef, wantCoef, math.Max(scale, 1e-12)), tc.tol,
		"coef\n got %v\nwant %v", coef, wantCoef)
	assert.LessOrEqual(t, math.Abs(tc.est.Intercept()-wantB)/math.Max(math.Abs(wantB), 1), tc.tol,
		"intercept got %v want %v", tc.est.Intercept(), wantB)
	pred, err := tc.est.Predict(X.Slice(0, 5, 0, len(coef)))
	require.NoError(t, err)
	want := g.Floats(tc.key + "/pred")
	assert.LessOrEqual(t, testutil.RelDiff(pred, want, 1), tc.tol*10, "pred got %v want %v", pred, want)
}

func TestRegressionMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/sklearn.json")
	var cases []goldenCase
	for _, data := range []string{"boston", "diabetes", "synth", "rankdef"} {
		cases = append(cases,
			goldenCase{key: "ols/" + data, data: data, est: &linear.Regression{}, tol: 1e-8},
			goldenCase{key: "ols/" + data + "/noint", data: data, est: &linear.Regression{NoIntercept: true}, tol: 1e-8})
	}
	cases = append(cases,
		goldenCase{key: "ols/synth/weighted", data: "synth", weighted: true, est: &linear.Regression{}, tol: 1e-8},
		goldenCase{key: "ols/boston/weighted", data: "boston", weighted: true, est: &linear.Regression{}, tol: 1e-8},
	)
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) { checkGolden(t, g, tc) })
	}
}

func TestRidgeMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/sklearn.json")
	type rc struct {
		data  string
		alpha float64
		noInt bool
	}
	var cases []goldenCase
	for _, c := range []rc{
		{"boston", 1, false}, {"boston", 10, true}, {"boston", 1e-3, false},
		{"diabetes", 0.1, false}, {"diabetes", 1, false}, {"diabetes", 1, true},
		{"synth", 1, false}, {"rankdef", 1, false}, {"rankdef", 0.5, true},
	} {
		key := fmt.Sprintf("ridge/%s/alpha=%g", c.data, c.alpha)
		if c.noInt {
			key += "/noint"
		}
		for _, s := range []linear.RidgeSolver{linear.RidgeAuto, linear.RidgeCholesky, linear.RidgeSVD} {
			cases = append(cases, goldenCase{key: key, data: c.data, tol: 1e-8,
				est: &linear.Ridge{Alpha: c.alpha, NoIntercept: c.noInt, Solver: s}})
		}
	}
	cases = append(cases,
		goldenCase{key: "ridge/synth/alpha=1/weighted", data: "synth", weighted: true, est: &linear.Ridge{Alpha: 1}, tol: 1e-8},
		goldenCase{key: "ridge/synth/alpha=0/weighted", data: "synth", weighted: true, est: &linear.Ridge{}, tol: 1e-8},
	)
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s/%q", tc.key, tc.est.(*linear.Ridge).Solver), func(t *testing.T) { checkGolden(t, g, tc) })
	}
}

func TestLassoElasticNetMatchScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/sklearn.json")
	const tol = 1e-4
	var cases []goldenCase
	for _, c := range []struct {
		data     string
		alpha    float64
		noInt    bool
		positive bool
	}{
		{"diabetes", 0.01, false, false}, {"diabetes", 0.1, false, false}, {"diabetes", 1, false, false},
		{"diabetes", 0.1, true, false}, {"diabetes", 0.05, false, true},
		{"boston", 0.1, false, false}, {"boston", 1, false, false},
		{"synth", 0.1, false, false}, {"rankdef", 0.05, false, false},
	} {
		key := fmt.Sprintf("lasso/%s/alpha=%g", c.data, c.alpha)
		if c.noInt {
			key += "/noint"
		}
		if c.positive {
			key += "/positive"
		}
		cases = append(cases, goldenCase{key: key, data: c.data, tol: tol,
			est: &linear.Lasso{Alpha: c.alpha, NoIntercept: c.noInt, Positive: c.positive}})
	}
	cases = append(cases, goldenCase{key: "lasso/synth/alpha=0.1/weighted", data: "synth", weighted: true,
		est: &linear.Lasso{Alpha: 0.1}, tol: tol})
	for _, c := range []struct {
		data      string
		alpha, l1 float64
		noInt     bool
	}{
		{"diabetes", 0.01, 0.5, false}, {"diabetes", 0.1, 0.2, false}, {"diabetes", 0.001, 0.9, true},
		{"diabetes", 0.01, 0, false},
		{"boston", 1, 0.5, false}, {"boston", 0.5, 0.1, true},
		{"synth", 0.05, 0.7, false}, {"rankdef", 0.1, 0.5, false},
	} {
		key := fmt.Sprintf("enet/%s/alpha=%g/l1=%g", c.data, c.alpha, c.l1)
		if c.noInt {
			key += "/noint"
		}
		cases = append(cases, goldenCase{key: key, data: c.data, tol: tol,
			est: &linear.ElasticNet{Alpha: c.alpha, L1Ratio: c.l1, NoIntercept: c.noInt}})
	}
	cases = append(cases, goldenCase{key: "enet/synth/alpha=0.05/l1=0.7/weighted", data: "synth", weighted: true,
		est: &linear.ElasticNet{Alpha: 0.05, L1Ratio: 0.7}, tol: tol})
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			checkGolden(t, g, tc)
			it := tc.est.(estimator.Iterative)
			var wantIter int
			g.Decode(tc.key+"/n_iter", &wantIter)
			t.Logf("n_iter %d, scikit-learn %d", it.NIter(), wantIter)
			assert.InDelta(t, wantIter, it.NIter(), math.Max(2, 0.05*float64(wantIter)), "NIter")
			assert.Equal(t, wantIter < 1000, it.Converged(), "Converged")
			gap := tc.est.(interface{ DualGap() float64 }).DualGap()
			wantGap := g.Float(tc.key + "/dual_gap")
			assert.InDelta(t, wantGap, gap, math.Max(1e-3*math.Abs(wantGap), 1e-8), "DualGap")
		})
	}
}

func TestInvalidParams(t *testing.T) {
	X := mat.NewDense(4, 1, []float64{0, 1, 2, 3})
	y := []float64{1, 3, 5, 7}
	for name, e := range map[string]estimator.Estimator{
		"Ridge/Alpha<0":         &linear.Ridge{Alpha: -1},
		"Ridge/Alpha=NaN":       &linear.Ridge{Alpha: math.NaN()},
		"Ridge/Alpha=Inf":       &linear.Ridge{Alpha: math.Inf(1)},
		"Ridge/Solver":          &linear.Ridge{Solver: "lsqr"},
		"Lasso/Alpha<0":         &linear.Lasso{Alpha: -0.1},
		"Lasso/MaxIter<0":       &linear.Lasso{Alpha: 1, MaxIter: -1},
		"Lasso/Tol<0":           &linear.Lasso{Alpha: 1, Tol: -1},
		"Lasso/Tol=NaN":         &linear.Lasso{Alpha: 1, Tol: math.NaN()},
		"Lasso/Selection":       &linear.Lasso{Alpha: 1, Selection: "shuffle"},
		"ElasticNet/L1Ratio>1":  &linear.ElasticNet{Alpha: 1, L1Ratio: 1.5},
		"ElasticNet/L1Ratio<0":  &linear.ElasticNet{Alpha: 1, L1Ratio: -0.5},
		"ElasticNet/L1RatioNaN": &linear.ElasticNet{Alpha: 1, L1Ratio: math.NaN()},
		"ElasticNet/Alpha=NaN":  &linear.ElasticNet{Alpha: math.NaN(), L1Ratio: 0.5},
	} {
		t.Run(name, func(t *testing.T) {
			err := e.Fit(context.Background(), X, y)
			var pe *estimator.ParamError
			require.ErrorAs(t, err, &pe)
			assert.ErrorIs(t, err, estimator.ErrInvalidParam)
			assert.ErrorAs(t, e.(estimator.Validator).Validate(), &pe)
			_, err = e.(estimator.Predictor).Predict(X)
			assert.ErrorIs(t, err, estimator.ErrNotFitted)
		})
	}
}

func TestBadWeights(t *testing.T) {
	X := mat.NewDense(4, 1, []float64{0, 1, 2, 3})
	y := []float64{1, 3, 5, 7}
	for _, e := range []model{&linear.Regression{}, &linear.Ridge{Alpha: 1}, &linear.Lasso{Alpha: 0.1}, &linear.ElasticNet{Alpha: 0.1}} {
		for name, tc := range map[string]struct {
			w    []float64
			want error
		}{
			"short":    {[]float64{1, 1}, estimator.ErrShape},
			"negative": {[]float64{1, -1, 1, 1}, estimator.ErrInvalidData},
			"NaN":      {[]float64{1, math.NaN(), 1, 1}, estimator.ErrInvalidData},
			"zero-sum": {[]float64{0, 0, 0, 0}, estimator.ErrInvalidData},
		} {
			t.Run(fmt.Sprintf("%T/%s", e, name), func(t *testing.T) {
				assert.ErrorIs(t, e.FitWeighted(context.Background(), X, y, tc.w), tc.want)
			})
		}
	}
}

// Unit weights must give the same model as no weights, and integer weights the same
// as repeated rows.
func TestWeightsSemantics(t *testing.T) {
	d := datasets.Diabetes()
	n, p := d.X.Dims()
	ones := make([]float64, n)
	w := make([]float64, n)
	var rows []int
	for i := range n {
		ones[i] = 1
		w[i] = float64(1 + i%3)
		for range int(w[i]) {
			rows = append(rows, i)
		}
	}
	Xr := estimator.Rows(d.X, rows)
	yr := estimator.Select(d.Y, rows)
	for _, newM := range []func() model{
		func() model { return &linear.Regression{} },
		func() model { return &linear.Ridge{Alpha: 0.3} },
		func() model { return &linear.Lasso{Alpha: 0.05, Tol: 1e-10, MaxIter: 100000} },
		func() model { return &linear.ElasticNet{Alpha: 0.01, L1Ratio: 0.3, Tol: 1e-10, MaxIter: 100000} },
	} {
		t.Run(fmt.Sprintf("%T", newM()), func(t *testing.T) {
			ctx := context.Background()
			a, b, c, e := newM(), newM(), newM(), newM()
			require.NoError(t, a.Fit(ctx, d.X, d.Y))
			require.NoError(t, b.FitWeighted(ctx, d.X, d.Y, ones))
			require.NoError(t, c.FitWeighted(ctx, d.X, d.Y, w))
			require.NoError(t, e.Fit(ctx, Xr, yr))
			assert.InDeltaSlice(t, a.Coef(), b.Coef(), 1e-9)
			assert.Len(t, c.Coef(), p)
			assert.InDeltaSlice(t, e.Coef(), c.Coef(), 1e-5*normInf(e.Coef()))
			assert.InDelta(t, e.Intercept(), c.Intercept(), 1e-6*math.Abs(e.Intercept()))
		})
	}
}

func normInf(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// A wide problem (more columns than rows) has infinitely many exact fits; Regression
// returns the minimum-norm one, like scipy's lstsq.
func TestRegressionWideMinimumNorm(t *testing.T) {
	X := mat.NewDense(3, 5, []float64{
		1, 2, 0, 1, 3,
		0, 1, 1, 4, 1,
		2, 0, 1, 1, 0,
	})
	y := []float64{1, 2, 3}
	r := linear.Regression{NoIntercept: true}
	require.NoError(t, r.Fit(context.Background(), X, y))
	// Minimum-norm solution: Xᵀ(XXᵀ)⁻¹y.
	var xxt, inv mat.Dense
	xxt.Mul(X, X.T())
	require.NoError(t, inv.Inverse(&xxt))
	var want mat.VecDense
	want.MulVec(X.T(), mat.NewVecDense(3, nil))
	var z mat.VecDense
	z.MulVec(&inv, mat.NewVecDense(3, y))
	want.MulVec(X.T(), &z)
	assert.InDeltaSlice(t, want.RawVector().Data, r.Coef(), 1e-12)
	pred, err := r.Predict(X)
	require.NoError(t, err)
	assert.InDeltaSlice(t, y, pred, 1e-12)
}

// The lasso's solution must satisfy the KKT conditions of the documented objective.
func TestLassoKKT(t *testing.T) {
	d := datasets.Diabetes()
	n, p := d.X.Dims()
	l := linear.Lasso{Alpha: 0.2, Tol: 1e-12, MaxIter: 100000}
	require.NoError(t, l.Fit(context.Background(), d.X, d.Y))
	require.True(t, l.Converged())
	pred, err := l.Predict(d.X)
	require.NoError(t, err)
	coef := l.Coef()
	for j := range p {
		var g float64 // (1/n)·X_jᵀ(y − ŷ)
		for i := range n {
			g += d.X.At(i, j) * (d.Y[i] - pred[i])
		}
		g /= float64(n)
		if coef[j] == 0 {
			assert.LessOrEqual(t, math.Abs(g), l.Alpha*(1+1e-6), "feature %d", j)
		} else {
			assert.InDelta(t, l.Alpha*math.Copysign(1, coef[j]), g, 1e-6, "feature %d", j)
		}
	}
}

func TestPositive(t *testing.T) {
	d := datasets.Diabetes()
	for _, e := range []model{&linear.Lasso{Alpha: 0.01, Positive: true}, &linear.ElasticNet{Alpha: 0.001, L1Ratio: 0.5, Positive: true}} {
		require.NoError(t, e.Fit(context.Background(), d.X, d.Y))
		for j, v := range e.Coef() {
			assert.GreaterOrEqual(t, v, 0.0, "%T coef %d", e, j)
		}
	}
}

func TestRandomSelection(t *testing.T) {
	d := datasets.Diabetes()
	ctx := context.Background()
	cyc := linear.Lasso{Alpha: 0.05, Tol: 1e-8}
	require.NoError(t, cyc.Fit(ctx, d.X, d.Y))
	a := linear.Lasso{Alpha: 0.05, Tol: 1e-8, Selection: linear.SelectionRandom, Seed: 42}
	b := a
	require.NoError(t, a.Fit(ctx, d.X, d.Y))
	require.NoError(t, b.Fit(ctx, d.X, d.Y))
	assert.Equal(t, a.Coef(), b.Coef(), "same seed, same result")
	assert.InDeltaSlice(t, cyc.Coef(), a.Coef(), 1e-3*normInf(cyc.Coef()))
	assert.True(t, a.Converged())
}

func TestMaxIterReached(t *testing.T) {
	d := datasets.Boston()
	e := linear.ElasticNet{Alpha: 0.01, L1Ratio: 0.5, MaxIter: 3}
	require.NoError(t, e.Fit(context.Background(), d.X, d.Y))
	assert.Equal(t, 3, e.NIter())
	assert.False(t, e.Converged())
}

// cancelAfter is a context that reports cancellation once Err has been called n
// times, to cancel in the middle of coordinate descent.
type cancelAfter struct {
	context.Context
	n int
}

func (c *cancelAfter) Err() error {
	c.n--
	if c.n < 0 {
		return context.Canceled
	}
	return nil
}

func TestCancelDuringSweeps(t *testing.T) {
	d := datasets.Boston()
	e := linear.Lasso{Alpha: 1e-6, Tol: 1e-15, MaxIter: 1e6}
	err := e.Fit(&cancelAfter{Context: context.Background(), n: 50}, d.X, d.Y)
	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
	assert.Nil(t, e.Coef())
}

// Constant features get a zero coefficient, as in scikit-learn.
func TestConstantFeature(t *testing.T) {
	X := mat.NewDense(6, 2, []float64{1, 5, 2, 5, 3, 5, 4, 5, 5, 5, 6, 5})
	y := []float64{2, 4, 6, 8, 10, 12}
	for _, e := range []model{&linear.Regression{}, &linear.Ridge{Alpha: 1}, &linear.Lasso{Alpha: 0.1}, &linear.ElasticNet{Alpha: 0.1, L1Ratio: 0.5}} {
		require.NoError(t, e.Fit(context.Background(), X, y))
		assert.Equal(t, 0.0, e.Coef()[1], "%T", e)
	}
}

// Degenerate inputs must not panic: one row, one column, all-zero X, constant y.
func TestDegenerateInputs(t *testing.T) {
	cases := map[string]struct {
		X *mat.Dense
		y []float64
	}{
		"1x1":      {mat.NewDense(1, 1, []float64{2}), []float64{3}},
		"1x3":      {mat.NewDense(1, 3, []float64{1, 2, 3}), []float64{3}},
		"2x1":      {mat.NewDense(2, 1, []float64{1, 2}), []float64{3, 5}},
		"zero X":   {mat.NewDense(3, 2, nil), []float64{1, 2, 3}},
		"const y":  {mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 7}), []float64{4, 4, 4}},
		"wide 2x6": {mat.NewDense(2, 6, []float64{1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 0}), []float64{1, -1}},
	}
	for name, c := range cases {
		for _, newM := range []func() model{
			func() model { return &linear.Regression{} },
			func() model { return &linear.Regression{NoIntercept: true} },
			func() model { return &linear.Ridge{Alpha: 1} },
			func() model { return &linear.Ridge{Solver: linear.RidgeCholesky} },
			func() model { return &linear.Ridge{Solver: linear.RidgeSVD} },
			func() model { return &linear.Lasso{Alpha: 0.1, MaxIter: 50} },
			func() model { return &linear.ElasticNet{Alpha: 0.1, L1Ratio: 0.5, MaxIter: 50} },
		} {
			m := newM()
			t.Run(fmt.Sprintf("%s/%T", name, m), func(t *testing.T) {
				require.NotPanics(t, func() {
					if err := m.Fit(context.Background(), c.X, c.y); err != nil {
						return
					}
					pred, err := m.Predict(c.X)
					require.NoError(t, err)
					for _, v := range pred {
						assert.False(t, math.IsNaN(v) || math.IsInf(v, 0), "prediction %v", v)
					}
				})
			})
		}
	}
}
