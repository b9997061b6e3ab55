package neighbors

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

func TestNearestNeighborsGolden(t *testing.T) {
	g := testutilGolden(t)
	X, Q := g.Matrix("reg/X"), g.Matrix("reg/Q")
	for mname, mc := range metricCases {
		m := &NearestNeighbors{NNeighbors: 7, Radius: 2.5, Metric: mc.metric, P: mc.p}
		require.NoError(t, m.Fit(context.Background(), X, nil))
		d, idx, err := m.KNeighbors(Q, 0)
		require.NoError(t, err)
		var wantIdx [][]int
		g.Decode("nn/"+mname+"/idx", &wantIdx)
		assert.Equal(t, wantIdx, idx, mname)
		assertNear(t, flat(g.Matrix("nn/"+mname+"/dist")), flat(d), goldenTol, mname)

		rd, ridx, err := m.RadiusNeighbors(Q, -1)
		require.NoError(t, err)
		var wantRD [][]float64
		var wantRI [][]int
		g.Decode("rad/"+mname+"/dist", &wantRD)
		g.Decode("rad/"+mname+"/idx", &wantRI)
		require.Len(t, ridx, len(wantRI))
		for i := range wantRI {
			if len(wantRI[i]) == 0 {
				assert.Empty(t, ridx[i], "%s radius row %d", mname, i)
				continue
			}
			assert.Equal(t, wantRI[i], ridx[i], "%s radius row %d", mname, i)
			assertNear(t, wantRD[i], rd[i], goldenTol, mname+" radius")
		}
	}
}

func TestNearestNeighbors(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(4, 2, []float64{0, 0, 1, 0, 0, 2, 3, 3})
	m := &NearestNeighbors{NNeighbors: 2}
	_, _, err := m.KNeighbors(X, 1)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	orig := mat.DenseCopyOf(X)
	require.NoError(t, m.Fit(ctx, X, nil))
	X.Set(0, 0, 100) // Fit kept a copy
	d, idx, err := m.KNeighbors(mat.NewDense(1, 2, []float64{0, 0}), 0)
	require.NoError(t, err)
	assert.Equal(t, [][]int{{0, 1}}, idx)
	assert.Equal(t, []float64{0, 1}, d.RawRowView(0))
	rd, ri, err := m.RadiusNeighbors(mat.NewDense(2, 2, []float64{0, 0, 10, 10}), 2)
	require.NoError(t, err)
	assert.Equal(t, [][]int{{0, 1, 2}, {}}, ri)
	assert.Equal(t, []float64{0, 1, 2}, rd[0], "the boundary is included")
	_, _, err = m.KNeighbors(orig, 5)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	_, _, err = m.RadiusNeighbors(orig, math.NaN())
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	_, _, err = m.KNeighbors(mat.NewDense(1, 3, nil), 1)
	assert.ErrorIs(t, err, estimator.ErrShape)
	_, _, err = m.KNeighbors(mat.NewDense(1, 2, []float64{math.NaN(), 0}), 1)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.ErrorIs(t, (&NearestNeighbors{Radius: -1}).Fit(ctx, orig, nil), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&NearestNeighbors{}).Fit(ctx, mat.NewDense(1, 1, []float64{math.Inf(1)}), nil), estimator.ErrInvalidData)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, (&NearestNeighbors{}).Fit(cctx, orig, nil), context.Canceled)
	assert.Equal(t, "neighbors.NearestNeighbors{NNeighbors: 2}", m.String())

	// Save and Load reproduce the model; forged state is rejected.
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, m))
	l := &NearestNeighbors{}
	require.NoError(t, estimator.Load(&buf, l))
	d2, idx2, err := l.KNeighbors(orig, 2)
	require.NoError(t, err)
	d1, idx1, err := m.KNeighbors(orig, 2)
	require.NoError(t, err)
	assert.Equal(t, d1, d2)
	assert.Equal(t, idx1, idx2)
	for name, f := range map[string]*trainData{
		"short X":   {X: []float64{0}, N: 2, NFeatures: 1},
		"Inf X":     {X: []float64{0, math.Inf(-1)}, N: 2, NFeatures: 1},
		"zero N":    {N: 0, NFeatures: 1},
		"huge dims": {X: []float64{0}, N: 1 << 30, NFeatures: 1 << 20},
	} {
		b, err := estimator.EncodeState(nearestStateVersion, f)
		require.NoError(t, err)
		before, _ := m.MarshalState()
		assert.ErrorIs(t, m.UnmarshalState(b), estimator.ErrState, name)
		after, _ := m.MarshalState()
		assert.Equal(t, before, after, "receiver changed")
	}
}
