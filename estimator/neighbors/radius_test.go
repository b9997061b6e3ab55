package neighbors

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
)

func TestRadiusConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &RadiusNeighborsClassifier{Radius: 3} })
	estimatortest.Run(t, func() estimator.Estimator {
		return &RadiusNeighborsClassifier{Radius: 2, Weights: "distance", Metric: "chebyshev", UseOutlierLabel: true, OutlierLabel: -1, Workers: 2}
	})
	estimatortest.Run(t, func() estimator.Estimator { return &RadiusNeighborsRegressor{Radius: 3} })
	estimatortest.Run(t, func() estimator.Estimator {
		return &RadiusNeighborsRegressor{Radius: 2.5, Weights: "distance", P: 1.5, Workers: 3}
	})
}

// The radii of the goldens lie off iris's grid of distances, so the neighbourhoods
// are unambiguous and everything matches scikit-learn within 1e-12.
func TestRadiusGolden(t *testing.T) {
	g := testutilGolden(t)
	X, y, iQ := g.Matrix("iris/X"), g.Floats("iris/y"), g.Matrix("iris/Q")
	rX, ry, rQ := g.Matrix("reg/X"), g.Floats("reg/y"), g.Matrix("reg/Q")
	ctx := context.Background()
	for mname, mc := range metricCases {
		skSelf := g.Matrix("nniris/" + mname + "/dist")
		skRegSelf := g.Matrix("nn/" + mname + "/dist_train")
		for _, w := range []string{"uniform", "distance"} {
			for _, r := range []float64{0.55, 1.05} {
				key := fmt.Sprintf("rclf/%s/%s/%g/", mname, w, r)
				m := &RadiusNeighborsClassifier{Radius: r, Weights: w, Metric: mc.metric, P: mc.p}
				require.NoError(t, m.Fit(ctx, X, y))
				proba, err := m.PredictProba(X)
				require.NoError(t, err)
				pred, err := m.Predict(X)
				require.NoError(t, err)
				wantProba, wantPred := g.Matrix(key+"proba"), g.Floats(key+"predict")
				for i := range wantPred {
					// scikit-learn's expanded euclidean self-distance is sometimes
					// 1e-7, not 0, which changes distance weights.
					if w == "distance" && skSelf.At(i, 0) != 0 {
						continue
					}
					assert.Equal(t, wantPred[i], pred[i], "%s row %d", key, i)
					assertNear(t, wantProba.RawRowView(i), proba.RawRowView(i), goldenTol, fmt.Sprintf("%s proba row %d", key, i))
				}
				_, err = m.Predict(iQ)
				assert.ErrorIs(t, err, estimator.ErrInvalidData, "an outlier without OutlierLabel")
				for _, label := range []float64{1, -1} {
					lkey := fmt.Sprintf("%soutlier=%g/", key, label)
					m := &RadiusNeighborsClassifier{Radius: r, Weights: w, Metric: mc.metric, P: mc.p, UseOutlierLabel: true, OutlierLabel: label}
					require.NoError(t, m.Fit(ctx, X, y))
					proba, err := m.PredictProba(iQ)
					require.NoError(t, err)
					pred, err := m.Predict(iQ)
					require.NoError(t, err)
					n, _ := iQ.Dims()
					assert.Equal(t, g.Floats(lkey + "predict")[n-1], pred[n-1], lkey)
					assertNear(t, g.Matrix(lkey+"proba").RawRowView(n-1), proba.RawRowView(n-1), goldenTol, lkey)
					if w == "uniform" {
						assert.Equal(t, g.Floats(lkey+"predict"), pred, lkey)
						assertNear(t, flat(g.Matrix(lkey+"proba")), flat(proba), goldenTol, lkey)
					}
				}
			}
			key := fmt.Sprintf("rreg/%s/%s/", mname, w)
			m := &RadiusNeighborsRegressor{Radius: 3, Weights: w, Metric: mc.metric, P: mc.p}
			require.NoError(t, m.Fit(ctx, rX, ry))
			pred, err := m.Predict(rQ)
			require.NoError(t, err)
			assertNear(t, g.Floats(key+"predict"), pred, goldenTol, key+"predict")
			pred, err = m.Predict(rX)
			require.NoError(t, err)
			want := g.Floats(key + "predict_train")
			for i := range want {
				if w == "distance" && skRegSelf.At(i, 0) != 0 {
					want[i], pred[i] = 0, 0
				}
			}
			assertNear(t, want, pred, goldenTol, key+"predict_train")
		}
	}
}

func TestRadiusErrors(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(4, 1, []float64{0, 1, 5, 6})
	y := []float64{0, 0, 1, 1}
	for _, m := range []estimator.Estimator{
		&RadiusNeighborsClassifier{Radius: -1}, &RadiusNeighborsClassifier{Weights: "w"},
		&RadiusNeighborsRegressor{Metric: "cosine"}, &RadiusNeighborsRegressor{P: 0.9},
	} {
		assert.ErrorIs(t, m.Fit(ctx, X, y), estimator.ErrInvalidParam, "%v", m)
	}
	r := &RadiusNeighborsRegressor{}
	require.NoError(t, r.Fit(ctx, X, y))
	_, err := r.Predict(mat.NewDense(1, 1, []float64{3}))
	assert.ErrorIs(t, err, estimator.ErrInvalidData, "no neighbour within 1")
	d, idx, err := r.RadiusNeighbors(mat.NewDense(1, 1, []float64{0.5}), -1)
	require.NoError(t, err)
	assert.Equal(t, [][]int{{0, 1}}, idx)
	assert.Equal(t, [][]float64{{0.5, 0.5}}, d)
	c := &RadiusNeighborsClassifier{Radius: 1.5}
	require.NoError(t, c.Fit(ctx, X, y))
	_, idx, err = c.RadiusNeighbors(mat.NewDense(1, 1, []float64{5.5}), 0.5)
	require.NoError(t, err)
	assert.Equal(t, [][]int{{2, 3}}, idx)
	_, err = c.Predict(mat.NewDense(1, 2, []float64{1, 2}))
	assert.ErrorIs(t, err, estimator.ErrShape)
}
