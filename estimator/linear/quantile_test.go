package linear

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

func TestQuantileConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &QuantileRegressor{Alpha: 0.01} })
	estimatortest.Run(t, func() estimator.Estimator {
		return &QuantileRegressor{NoPenalty: true, Quantile: 0.8, NoIntercept: true}
	})
}

// quantileObjective is (1/S)·Σ sᵢ·ρ_q(rᵢ) + alpha·‖w‖₁.
func quantileObjective(X *mat.Dense, y, sw, coef []float64, b, q, alpha float64) float64 {
	n, _ := X.Dims()
	var loss, S float64
	for i := 0; i < n; i++ {
		r := y[i] - b - mat.Dot(X.RowView(i), mat.NewVecDense(len(coef), coef))
		s := 1.0
		if sw != nil {
			s = sw[i]
		}
		S += s
		if r >= 0 {
			loss += s * q * r
		} else {
			loss += s * (q - 1) * r
		}
	}
	pen := 0.0
	for _, v := range coef {
		pen += math.Abs(v)
	}
	return loss/S + alpha*pen
}

// TestQuantileMatchesScikitLearn compares with scikit-learn's solver="highs". Both
// return a vertex of the same linear program, whose optimum is unique on this
// continuous data, so the coefficients agree to rounding level: 1e-9 relative
// (floor 1) is asserted, the measured differences are below 1e-13, and the
// objectives agree to 1e-9.
func TestQuantileMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/quantile.json")
	X := map[string]*mat.Dense{"syn": mat.NewDense(300, 5, g.Floats("syn/X")), "diab": mat.NewDense(442, 10, g.Floats("diab/X"))}
	y := map[string][]float64{"syn": g.Floats("syn/y"), "diab": g.Floats("diab/y")}
	w := g.Floats("syn/w")
	for name, tc := range map[string]struct {
		data     string
		est      QuantileRegressor
		q, alpha float64
		weighted bool
	}{
		"default":     {"syn", QuantileRegressor{}, 0.5, 1, false},
		"alpha0":      {"syn", QuantileRegressor{NoPenalty: true}, 0.5, 0, false},
		"alpha0.01":   {"syn", QuantileRegressor{Alpha: 0.01}, 0.5, 0.01, false},
		"q0.1":        {"syn", QuantileRegressor{Quantile: 0.1, Alpha: 0.005}, 0.1, 0.005, false},
		"q0.9_noint":  {"syn", QuantileRegressor{Quantile: 0.9, NoPenalty: true, NoIntercept: true}, 0.9, 0, false},
		"weighted":    {"syn", QuantileRegressor{Quantile: 0.3, Alpha: 0.02}, 0.3, 0.02, true},
		"diab_median": {"diab", QuantileRegressor{NoPenalty: true}, 0.5, 0, false},
		"diab_q0.8":   {"diab", QuantileRegressor{Quantile: 0.8, Alpha: 0.1}, 0.8, 0.1, false},
		"diab_lasso":  {"diab", QuantileRegressor{Alpha: 2}, 0.5, 2, false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var sw []float64
			if tc.weighted {
				sw = w
			}
			e := tc.est
			require.NoError(t, e.FitWeighted(context.Background(), X[tc.data], y[tc.data], sw))
			got := append(e.Coef(), e.Intercept())
			want := append(g.Floats(name+"/coef"), g.Float(name+"/intercept"))
			d := testutil.RelDiff(got, want, 1)
			t.Logf("max rel diff %.2g after %d simplex iterations", d, e.NIter())
			assert.LessOrEqual(t, d, 1e-9, "want %v\ngot  %v", want, got)
			obj := quantileObjective(X[tc.data], y[tc.data], sw, e.Coef(), e.Intercept(), tc.q, tc.alpha)
			assert.InEpsilon(t, g.Float(name+"/objective"), obj, 1e-9)
		})
	}
}

func TestQuantileBadInputAndComposition(t *testing.T) {
	ctx := context.Background()
	for name, e := range map[string]*QuantileRegressor{
		"q1":     {Quantile: 1},
		"q-neg":  {Quantile: -0.1},
		"q-nan":  {Quantile: math.NaN()},
		"alpha":  {Alpha: -1},
		"solver": {Solver: "interior-point"},
	} {
		var pe *estimator.ParamError
		assert.ErrorAs(t, e.Validate(), &pe, name)
	}
	wide := mat.NewDense(2, quantileMaxFeatures+1, nil)
	assert.ErrorIs(t, (&QuantileRegressor{}).Fit(ctx, wide, []float64{1, 2}), estimator.ErrInvalidData)
	// A cancelled context stops the simplex method.
	g := testutil.Golden(t, "testdata/quantile.json")
	X, y := mat.NewDense(442, 10, g.Floats("diab/X")), g.Floats("diab/y")
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, (&QuantileRegressor{}).Fit(cctx, X, y), context.Canceled)
	// Zero weights drop rows.
	sw := make([]float64, 442)
	for i := range sw {
		if i%2 == 0 {
			sw[i] = 1
		}
	}
	a, b := &QuantileRegressor{Alpha: 0.1}, &QuantileRegressor{Alpha: 0.1}
	require.NoError(t, a.FitWeighted(ctx, X, y, sw))
	var idx []int
	for i := 0; i < 442; i += 2 {
		idx = append(idx, i)
	}
	require.NoError(t, b.Fit(ctx, estimator.Rows(X, idx), estimator.Select(y, idx)))
	assert.InDeltaSlice(t, b.Coef(), a.Coef(), 1e-8)

	pipe := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "qr", Est: &QuantileRegressor{}},
	)
	s := &tuning.Search{
		Estimator: pipe,
		Space:     tuning.Grid{{Param: "qr.Alpha", Values: tuning.Values(0.01, 0.1)}},
		CV:        crossval.KFold{K: 3},
		Scoring:   metrics.NegMAE,
	}
	require.NoError(t, s.Fit(ctx, X, y))
	assert.Len(t, s.Results(), 2)

	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, a))
	var back QuantileRegressor
	require.NoError(t, estimator.Load(&buf, &back))
	assert.Equal(t, a.Coef(), back.Coef())
	assert.Equal(t, a.Intercept(), back.Intercept())
}
