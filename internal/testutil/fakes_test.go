package testutil_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
)

func TestConformance(t *testing.T) {
	t.Run("LSQ", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator { return &testutil.LSQ{Alpha: 0.5} })
	})
	t.Run("Centroid", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator { return &testutil.Centroid{Shrink: 0.1} })
	})
}

func TestKnobs(t *testing.T) {
	X := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	y := []float64{1, 2, 3, 5}
	assert.ErrorIs(t, (&testutil.LSQ{Fail: true}).Fit(context.Background(), X, y), testutil.ErrDeliberate)
	assert.ErrorIs(t, (&testutil.LSQ{FailIfMissing: 9}).Fit(context.Background(), X, y), testutil.ErrDeliberate)
	assert.NoError(t, (&testutil.LSQ{FailIfMissing: 3}).Fit(context.Background(), X, y))
	m := &testutil.LSQ{}
	require.NoError(t, m.FitWeighted(context.Background(), X, y, []float64{1, 1, 1, 2}))
	assert.Equal(t, 5.0, m.WeightSum())
}

func TestForgedState(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{1, 0, 2, 1, 3, 0, 4, 1})
	m := &testutil.LSQ{}
	require.NoError(t, m.Fit(context.Background(), X, []float64{1, 2, 3, 5}))
	b, err := m.MarshalState()
	require.NoError(t, err)
	for name, mut := range map[string][]byte{"truncated": b[:len(b)-3], "no header": b[11:]} {
		dst := &testutil.LSQ{}
		assert.ErrorIs(t, dst.UnmarshalState(mut), estimator.ErrState, name)
		assert.False(t, dst.Fitted(), name)
	}
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, m))
	back := &testutil.LSQ{}
	require.NoError(t, estimator.Load(&buf, back))
	assert.Equal(t, m.Coef(), back.Coef())
}
