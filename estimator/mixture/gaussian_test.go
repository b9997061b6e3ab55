package mixture

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
)

func TestGaussianMixtureConformance(t *testing.T) {
	for _, ct := range []string{"full", "tied", "diag", "spherical"} {
		t.Run(ct, func(t *testing.T) {
			estimatortest.Run(t, func() estimator.Estimator {
				return &GaussianMixture{NComponents: 3, CovarianceType: ct, Seed: 1}
			}, estimatortest.Unsupervised())
		})
	}
	t.Run("random n_init", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator {
			return &GaussianMixture{NComponents: 2, InitParams: "random", NInit: 2, Seed: 5}
		}, estimatortest.Unsupervised())
	})
}

type gmmCase struct {
	CovarianceType     string      `json:"covariance_type"`
	K                  int         `json:"k"`
	Tol                float64     `json:"tol"`
	MaxIter            int         `json:"max_iter"`
	RegCovar           float64     `json:"reg_covar"`
	WeightsInit        []float64   `json:"weights_init"`
	MeansInit          [][]float64 `json:"means_init"`
	PrecisionsInit     []float64   `json:"precisions_init"`
	Weights            []float64   `json:"weights"`
	Means              [][]float64 `json:"means"`
	Covariances        []float64   `json:"covariances"`
	Precisions         []float64   `json:"precisions"`
	PrecisionsCholesky []float64   `json:"precisions_cholesky"`
	Converged          bool        `json:"converged"`
	NIter              int         `json:"n_iter"`
	LowerBound         float64     `json:"lower_bound"`
	Predict            []float64   `json:"predict"`
	PredictProba       [][]float64 `json:"predict_proba"`
	ScoreSamples       []float64   `json:"score_samples"`
	Score              float64     `json:"score"`
	BIC                float64     `json:"bic"`
	AIC                float64     `json:"aic"`
}

type gmmGolden struct {
	X       [][]float64 `json:"X"`
	Cases   []gmmCase   `json:"cases"`
	Quality []struct {
		Data           string    `json:"data"`
		CovarianceType string    `json:"covariance_type"`
		LowerBounds    []float64 `json:"lower_bounds"`
		Median         float64   `json:"median"`
	} `json:"quality"`
}

func load(t *testing.T) *gmmGolden {
	b, err := os.ReadFile("testdata/sklearn.json")
	require.NoError(t, err)
	var g gmmGolden
	require.NoError(t, json.Unmarshal(b, &g))
	return &g
}

func dense(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

func assertNear(t *testing.T, want, got []float64, what string) {
	t.Helper()
	require.Len(t, got, len(want), what)
	for i := range want {
		if !near(got[i], want[i]) {
			t.Errorf("%s[%d] = %v, scikit-learn %v", what, i, got[i], want[i])
			return
		}
	}
}

func flat(rows [][]float64) []float64 {
	var out []float64
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

func TestGaussianMixtureGoldens(t *testing.T) {
	g := load(t)
	X := dense(g.X)
	for _, c := range g.Cases {
		t.Run(fmt.Sprintf("%s k%d tol%g iter%d", c.CovarianceType, c.K, c.Tol, c.MaxIter), func(t *testing.T) {
			m := &GaussianMixture{NComponents: c.K, CovarianceType: c.CovarianceType, Tol: c.Tol, MaxIter: c.MaxIter,
				RegCovar: c.RegCovar, WeightsInit: c.WeightsInit, MeansInit: c.MeansInit, PrecisionsInit: c.PrecisionsInit}
			require.NoError(t, m.Fit(context.Background(), X, nil))
			assertNear(t, c.Weights, m.Weights(), "weights_")
			assertNear(t, flat(c.Means), m.Means().RawMatrix().Data, "means_")
			assertNear(t, c.Covariances, m.Covariances(), "covariances_")
			assertNear(t, c.Precisions, m.Precisions(), "precisions_")
			assertNear(t, c.PrecisionsCholesky, m.PrecisionsCholesky(), "precisions_cholesky_")
			assert.Equal(t, c.Converged, m.Converged(), "converged_")
			assert.Equal(t, c.NIter, m.NIter(), "n_iter_")
			assert.True(t, near(m.LowerBound(), c.LowerBound), "lower_bound_ %v vs %v", m.LowerBound(), c.LowerBound)
			var rows [][]float64
			for i := 0; i < 150; i += 7 {
				r := mat.Row(nil, i, X)
				for j := range r {
					r[j] += 0.05
				}
				rows = append(rows, r)
			}
			Xq := dense(rows)
			pred, err := m.Predict(Xq)
			require.NoError(t, err)
			assert.Equal(t, c.Predict, pred, "predict")
			proba, err := m.PredictProba(Xq)
			require.NoError(t, err)
			assertNear(t, flat(c.PredictProba), proba.RawMatrix().Data, "predict_proba")
			ss, err := m.ScoreSamples(Xq)
			require.NoError(t, err)
			assertNear(t, c.ScoreSamples, ss, "score_samples")
			s, err := m.Score(Xq)
			require.NoError(t, err)
			assert.True(t, near(s, c.Score), "score")
			bic, err := m.BIC(X)
			require.NoError(t, err)
			assert.True(t, near(bic, c.BIC), "bic %v vs %v", bic, c.BIC)
			aic, err := m.AIC(X)
			require.NoError(t, err)
			assert.True(t, near(aic, c.AIC), "aic %v vs %v", aic, c.AIC)
		})
	}
}

// TestGaussianMixtureQuality compares the median lower bound over seeds 0..9 of
// the default "kmeans" initialisation with scikit-learn's (different random
// numbers, so only the quality is comparable).
func TestGaussianMixtureQuality(t *testing.T) {
	g := load(t)
	data := map[string]*mat.Dense{"iris": datasets.Iris().X, "wine": datasets.Wine().X}
	for _, q := range g.Quality {
		var lbs []float64
		for s := uint64(0); s < 10; s++ {
			m := &GaussianMixture{NComponents: 3, CovarianceType: q.CovarianceType, Seed: s}
			require.NoError(t, m.Fit(context.Background(), data[q.Data], nil))
			lbs = append(lbs, m.LowerBound())
		}
		slices.Sort(lbs)
		med := (lbs[4] + lbs[5]) / 2
		t.Logf("%s %s: median lower bound %.6f, scikit-learn %.6f", q.Data, q.CovarianceType, med, q.Median)
		assert.GreaterOrEqual(t, med, q.Median-0.02*math.Abs(q.Median), "%s %s", q.Data, q.CovarianceType)
	}
}

func TestGaussianMixtureBehaviour(t *testing.T) {
	ctx := context.Background()
	X := datasets.Iris().X
	for _, init := range []string{"kmeans", "k-means++", "random", "random_from_data"} {
		m := &GaussianMixture{NComponents: 3, InitParams: init, NInit: 2, Seed: 3}
		require.NoError(t, m.Fit(ctx, X, nil), init)
		assert.Greater(t, m.LowerBound(), -2.0, init)
		assert.InDelta(t, 1, floatsSum(m.Weights()), 1e-12)
	}
	// Warm start continues from the fitted model: one more Fit converges at once.
	m := &GaussianMixture{NComponents: 3, Seed: 1, WarmStart: true, MaxIter: 5}
	require.NoError(t, m.Fit(ctx, X, nil))
	lb := m.LowerBound()
	require.NoError(t, m.Fit(ctx, X, nil))
	assert.GreaterOrEqual(t, m.LowerBound(), lb-1e-12)
	// Sample: reproducible, grouped by component, with the component as y.
	s1, y1, err := m.Sample(500)
	require.NoError(t, err)
	s2, y2, err := m.Sample(500)
	require.NoError(t, err)
	assert.True(t, mat.Equal(s1, s2))
	assert.Equal(t, y1, y2)
	assert.True(t, slices.IsSorted(y1))
	_, _, err = m.Sample(0)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	// The samples of a component have its mean, roughly.
	for _, ct := range []string{"full", "tied", "diag", "spherical"} {
		g := &GaussianMixture{NComponents: 2, CovarianceType: ct, Seed: 2}
		require.NoError(t, g.Fit(ctx, X, nil))
		S, y, err := g.Sample(20000)
		require.NoError(t, err)
		means := g.Means()
		for k := 0; k < 2; k++ {
			cnt, sum := 0.0, 0.0
			for i, l := range y {
				if int(l) == k {
					cnt++
					sum += S.At(i, 2)
				}
			}
			assert.InDelta(t, g.Weights()[k], cnt/20000, 0.02, ct)
			assert.InDelta(t, means.At(k, 2), sum/cnt, 0.05, ct)
		}
	}
	// Bad parameters and inputs.
	for _, bad := range []*GaussianMixture{
		{NComponents: -1}, {CovarianceType: "banded"}, {Tol: -1}, {RegCovar: math.NaN()}, {MaxIter: -1}, {NInit: -1},
		{InitParams: "kmeans||"}, {NComponents: 2, WeightsInit: []float64{0.5}}, {NComponents: 2, WeightsInit: []float64{0.7, 0.7}},
		{NComponents: 2, MeansInit: [][]float64{{1, 2, 3, 4}}}, {PrecisionsInit: []float64{math.Inf(1)}},
	} {
		var pe *estimator.ParamError
		assert.ErrorAs(t, bad.Fit(ctx, X, nil), &pe, "%v", bad)
	}
	assert.ErrorIs(t, (&GaussianMixture{MeansInit: [][]float64{{1, 2}}}).Fit(ctx, X, nil), estimator.ErrShape)
	assert.ErrorIs(t, (&GaussianMixture{CovarianceType: "diag", PrecisionsInit: []float64{1, 2}}).Fit(ctx, X, nil), estimator.ErrShape)
	assert.ErrorIs(t, (&GaussianMixture{CovarianceType: "diag", PrecisionsInit: []float64{1, 2, 0, 1}}).Fit(ctx, X, nil), estimator.ErrInvalidData)
	notPD := []float64{1, 2, 0, 0, 2, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}
	assert.ErrorIs(t, (&GaussianMixture{PrecisionsInit: notPD}).Fit(ctx, X, nil), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&GaussianMixture{NComponents: 200}).Fit(ctx, X, nil), estimator.ErrInvalidData)
	// A collapsed component: duplicate rows with a tiny RegCovar.
	dup := mat.NewDense(4, 2, []float64{1, 1, 1, 1, 1, 1, 1, 1})
	err = (&GaussianMixture{RegCovar: 1e-300}).Fit(ctx, dup, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
}

func floatsSum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}
