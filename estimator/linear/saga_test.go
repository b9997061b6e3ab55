package linear

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/tuning"
)

func TestSAGAConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &Logistic{Solver: LogisticSAGA, Penalty: PenaltyL1} })
	estimatortest.Run(t, func() estimator.Estimator {
		return &Logistic{Solver: LogisticSAGA, Penalty: PenaltyElasticNet, L1Ratio: 0.5, MultiClass: MultiClassOvR, Seed: 4}
	})
}

// TestSAGAMatchesScikitLearn fits with Tol 1e-8 and compares with scikit-learn's saga
// at the same settings. Both draw rows at random (with different generators), so
// neither path is reproduced, but both end within about 1e-6 of the unique optimum:
// coefficients and intercepts agree to 1e-4 relative (floor 1e-2; measured at most
// a few 1e-6).
func TestSAGAMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/saga.json")
	X := map[string]*mat.Dense{"bc": mat.NewDense(569, 30, g.Floats("bc/X")), "iris": mat.NewDense(150, 4, g.Floats("iris/X"))}
	y := map[string][]float64{"bc": g.Floats("bc/y"), "iris": g.Floats("iris/y")}
	for name, tc := range map[string]struct {
		data string
		est  Logistic
	}{
		"bc_l1":         {"bc", Logistic{Penalty: PenaltyL1, C: 0.5}},
		"bc_en":         {"bc", Logistic{Penalty: PenaltyElasticNet, L1Ratio: 0.5, C: 1}},
		"bc_l2":         {"bc", Logistic{C: 0.1}},
		"iris_l1":       {"iris", Logistic{Penalty: PenaltyL1, C: 1}},
		"iris_en":       {"iris", Logistic{Penalty: PenaltyElasticNet, L1Ratio: 0.3, C: 2}},
		"iris_l1_ovr":   {"iris", Logistic{Penalty: PenaltyL1, C: 1, MultiClass: MultiClassOvR}},
		"iris_en_noint": {"iris", Logistic{Penalty: PenaltyElasticNet, L1Ratio: 0.7, C: 0.5, NoIntercept: true}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if testing.Short() && (name == "bc_l1" || name == "bc_en") {
				t.Skip("thousands of epochs")
			}
			e := tc.est
			e.Solver, e.Tol, e.MaxIter = LogisticSAGA, 1e-8, 20000
			require.NoError(t, e.Fit(context.Background(), X[tc.data], y[tc.data]))
			got := append(e.Coef().RawMatrix().Data, e.Intercept()...)
			want := append(g.Floats(name+"/coef"), g.Floats(name+"/intercept")...)
			d := testutil.RelDiff(got, want, 1e-2)
			t.Logf("max rel diff %.2g; epochs %d (scikit-learn %d)", d, e.NIter(), int(g.Float(name+"/n_iter")))
			assert.LessOrEqual(t, d, 1e-4, "want %v\ngot  %v", want, got)
			assert.True(t, e.Converged())
			// The l1 penalty gives exact zeros where scikit-learn has them.
			for j, v := range g.Floats(name + "/coef") {
				if v == 0 && tc.est.Penalty == PenaltyL1 {
					assert.Zero(t, e.Coef().RawMatrix().Data[j], "coef %d", j)
				}
			}
		})
	}
}

func TestSAGAAgreesWithLBFGS(t *testing.T) {
	// With the L2 penalty both solvers minimise the same objective.
	g := testutil.Golden(t, "testdata/saga.json")
	X, y := mat.NewDense(150, 4, g.Floats("iris/X")), g.Floats("iris/y")
	a := &Logistic{C: 0.5, Tol: 1e-10, MaxIter: 1000}
	b := &Logistic{C: 0.5, Tol: 1e-9, MaxIter: 5000, Solver: LogisticSAGA}
	require.NoError(t, a.fitWith(context.Background(), X, y, nil, 0))
	require.NoError(t, b.Fit(context.Background(), X, y))
	d := testutil.RelDiff(b.Coef().RawMatrix().Data, a.Coef().RawMatrix().Data, 1e-2)
	assert.LessOrEqual(t, d, 1e-5)
}

func TestSAGAParamsAndComposition(t *testing.T) {
	for name, e := range map[string]*Logistic{
		"l1-lbfgs": {Penalty: PenaltyL1},
		"en-lbfgs": {Penalty: PenaltyElasticNet, Solver: LogisticLBFGS},
		"solver":   {Solver: "liblinear"},
		"l1ratio":  {Solver: LogisticSAGA, Penalty: PenaltyElasticNet, L1Ratio: 2},
		"penalty":  {Solver: LogisticSAGA, Penalty: "l3"},
	} {
		var pe *estimator.ParamError
		assert.ErrorAs(t, e.Validate(), &pe, name)
	}
	g := testutil.Golden(t, "testdata/saga.json")
	X, y := mat.NewDense(150, 4, g.Floats("iris/X")), g.Floats("iris/y")
	ctx := context.Background()
	s := &tuning.Search{
		Estimator: &Logistic{Solver: LogisticSAGA, Penalty: PenaltyElasticNet},
		Space: tuning.Grid{
			{Param: "L1Ratio", Values: tuning.Values(0.2, 0.8)},
			{Param: "C", Values: tuning.Values(0.1, 1.0)},
		},
		CV:      crossval.StratifiedKFold{K: 3, Shuffle: true, Seed: 2},
		Scoring: metrics.Accuracy,
	}
	require.NoError(t, s.Fit(ctx, X, y))
	assert.Greater(t, s.Best().MeanScore, 0.85)
	// MaxIter reached: kept, Converged false.
	e := &Logistic{Solver: LogisticSAGA, Penalty: PenaltyL1, MaxIter: 2}
	require.NoError(t, e.Fit(ctx, X, y))
	assert.False(t, e.Converged())
	assert.Equal(t, 2, e.NIter())
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, e))
	back := &Logistic{}
	require.NoError(t, estimator.Load(&buf, back))
	assert.Equal(t, e.Coef(), back.Coef())
	assert.Equal(t, LogisticSAGA, back.Solver)
}
