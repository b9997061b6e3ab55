package linear_test

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
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/tuning"
)

func TestLogisticCVConformance(t *testing.T) {
	for name, newE := range map[string]func() estimator.Estimator{
		"default": func() estimator.Estimator { return &linear.LogisticCV{NCs: 3, CV: crossval.StratifiedKFold{K: 3}} },
		"ovr": func() estimator.Estimator {
			return &linear.LogisticCV{Cs: []float64{0.1, 1}, MultiClass: linear.MultiClassOvR, NoRefit: true}
		},
	} {
		t.Run(name, func(t *testing.T) { estimatortest.Run(t, newE) })
	}
}

func TestLogisticCVMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/cv_logistic.json")
	for _, tc := range []struct {
		key, data string
		weighted  bool
		est       *linear.LogisticCV
		tol       float64 // on coef_, relative to the largest; 0 means 1e-4
	}{
		{"bc", "bc", false, &linear.LogisticCV{}, 0},
		{"bc/logloss", "bc", false, &linear.LogisticCV{Cs: []float64{0.001, 0.01, 0.1, 1, 3}, Scoring: "neg_log_loss"}, 0},
		{"bc/norefit", "bc", false, &linear.LogisticCV{NoRefit: true}, 0},
		{"bc/balanced/weighted", "bc", true, &linear.LogisticCV{ClassWeight: linear.ClassWeightBalanced, Cs: []float64{0.01, 0.1, 1, 10}}, 0},
		{"iris", "iris", false, &linear.LogisticCV{Tol: 1e-8, MaxIter: 5000}, 0},
		{"iris/ovr", "iris", false, &linear.LogisticCV{MultiClass: linear.MultiClassOvR, Tol: 1e-8, MaxIter: 5000}, 0},
		{"iris/norefit", "iris", false, &linear.LogisticCV{NoRefit: true, NCs: 6, Tol: 1e-8, MaxIter: 5000}, 0},
		{"iris/ovr/norefit/balanced", "iris", false, &linear.LogisticCV{MultiClass: linear.MultiClassOvR, NoRefit: true, ClassWeight: linear.ClassWeightBalanced}, 0},
		{"iris/noint/kfold", "iris", false, &linear.LogisticCV{NoIntercept: true, CV: crossval.KFold{K: 4}, Cs: []float64{0.05, 0.5, 5}, Tol: 1e-8, MaxIter: 5000},
			// scipy stops this refit on its relative-reduction test (factr) after 25
			// iterations, about 1e-3 from the optimum; so does this L-BFGS, elsewhere.
			2e-3},
	} {
		t.Run(tc.key, func(t *testing.T) {
			t.Parallel()
			X, y := ridgeClfData(tc.data)
			if tc.data == "iris" {
				X = standardized(X)
			}
			var w []float64
			if tc.weighted {
				w = linspaceWeights(len(y))
			}
			require.NoError(t, tc.est.FitWeighted(context.Background(), X, y, w))
			// np.logspace and the chosen C: the same doubles up to pow's last bit.
			assert.Less(t, testutil.RelDiff(tc.est.CsValues(), g.Floats(tc.key+"/Cs"), 0), 1e-13, "Cs_")
			assert.Less(t, testutil.RelDiff(tc.est.C(), g.Floats(tc.key+"/C"), 0), 1e-13, "C_ %v", tc.est.C())
			// L-BFGS follows scipy's iterates but every fit stops at the gradient
			// tolerance (and, warm-started, from the previous C's solution), so the
			// coefficients agree to about that tolerance: 1e-4 relative to the largest.
			// Cases that reach large Cs on separable classes run to convergence (see
			// testdata/gen_cv_logistic.py): unconverged fits stop wherever MaxIter cuts
			// a trajectory that depends on every rounding.
			want := g.Matrix(tc.key + "/coef").RawMatrix().Data
			scale := math.Max(1, maxAbsOf(want))
			tol := tc.tol
			if tol == 0 {
				tol = 1e-4
			}
			got := tc.est.Coef().RawMatrix().Data
			for j := range want {
				assert.InDelta(t, want[j], got[j], tol*scale, "coef_[%d]", j)
			}
			wantB := g.Floats(tc.key + "/intercept")
			for j, b := range tc.est.Intercept() {
				if len(wantB) == 1 && j > 0 {
					break
				}
				assert.InDelta(t, wantB[j], b, tol*scale, "intercept_[%d]", j)
			}
			var scores [][][]float64
			g.Decode(tc.key+"/scores", &scores)
			for k, s := range scores {
				wantS := testutil.FromRows(s).RawMatrix().Data
				gotS := tc.est.Scores(k).RawMatrix().Data
				for j := range wantS {
					// Accuracies are counts over the test folds: exact unless a decision
					// value sits within the tolerance of 0; log-losses to 1e-4 relative
					// (fits stopped at the gradient tolerance; seen 1.2e-4 absolute).
					assert.InDelta(t, wantS[j], gotS[j], 1e-4*math.Max(1, math.Abs(wantS[j])), "scores_[%d][%d]", k, j)
				}
			}
			proba, err := tc.est.PredictProba(X.Slice(0, 15, 0, X.RawMatrix().Cols))
			require.NoError(t, err)
			wantP := g.Matrix(tc.key + "/proba").RawMatrix().Data
			for j, v := range proba.RawMatrix().Data {
				assert.InDelta(t, wantP[j], v, 1e-4, "proba")
			}
			pred, err := tc.est.Predict(X)
			require.NoError(t, err)
			assert.Equal(t, g.Floats(tc.key+"/predict"), pred)
		})
	}
}

func TestLogisticCVBadInput(t *testing.T) {
	ctx := context.Background()
	d := datasets.Iris()
	for name, m := range map[string]*linear.LogisticCV{
		"empty Cs":    {Cs: []float64{}},
		"negative C":  {Cs: []float64{1, -1}},
		"NaN C":       {Cs: []float64{math.NaN()}},
		"NCs":         {NCs: -2},
		"scoring":     {Scoring: "accuracyy"},
		"penalty":     {Penalty: "l1"},
		"tol":         {Tol: -1},
		"max iter":    {MaxIter: -1},
		"multi class": {MultiClass: "crammer"},
		"weights":     {ClassWeight: "auto"},
		"workers":     {Workers: -1},
		"cv":          {CV: crossval.StratifiedKFold{K: 1}},
	} {
		var pe *estimator.ParamError
		assert.ErrorAs(t, m.Fit(ctx, d.X, d.Y), &pe, name)
	}
	m := &linear.LogisticCV{NCs: 2}
	one := make([]float64, len(d.Y))
	assert.ErrorIs(t, m.Fit(ctx, d.X, one), estimator.ErrInvalidData, "single class")
	bad := mat.DenseCopyOf(d.X)
	bad.Set(0, 0, math.NaN())
	assert.ErrorIs(t, m.Fit(ctx, bad, d.Y), estimator.ErrInvalidData)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, m.Fit(cctx, d.X, d.Y), context.Canceled)
	_, err := m.Predict(d.X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	assert.Nil(t, m.C())
	two := &linear.LogisticCV{NCs: 2, MultiClass: linear.MultiClassMultinomial}
	assert.ErrorIs(t, two.Fit(ctx, d.X.Slice(0, 100, 0, 4), d.Y[:100]), estimator.ErrInvalidParam)
}

func TestLogisticCVSearch(t *testing.T) {
	d := datasets.Iris()
	s := &tuning.Search{
		Estimator: &linear.LogisticCV{NCs: 3, CV: crossval.StratifiedKFold{K: 3}},
		Space:     tuning.Grid{{Param: "MultiClass", Values: tuning.Values(linear.MultiClassAuto, linear.MultiClassOvR)}},
		CV:        crossval.StratifiedKFold{K: 3},
		Scoring:   metrics.Accuracy,
	}
	require.NoError(t, s.Fit(context.Background(), d.X, d.Y))
	assert.Len(t, s.Results(), 2)
	assert.Greater(t, s.Best().MeanScore, 0.8)
}

func ExampleLogisticCV() {
	d := datasets.Iris()
	var m linear.LogisticCV // 10 Cs in [1e-4, 1e4], 5-fold StratifiedKFold, accuracy
	if err := m.Fit(context.Background(), d.X, d.Y); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("C=%.4g, best mean accuracy %.3f\n", m.C()[0], bestMean(m.Scores(0)))
	// Output: C=21.54, best mean accuracy 0.980
}

// bestMean returns the largest mean over the rows of each column.
func bestMean(s *mat.Dense) float64 {
	r, c := s.Dims()
	best := math.Inf(-1)
	for j := range c {
		var m float64
		for i := range r {
			m += s.At(i, j)
		}
		best = math.Max(best, m/float64(r))
	}
	return best
}
