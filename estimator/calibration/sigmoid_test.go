package calibration

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSigmoidEdgeCases: constant scores (singular Hessian), scores scaled far out
// of range (power-of-two rescaling), and a single class in the targets.
func TestSigmoidEdgeCases(t *testing.T) {
	f := []float64{-2, -1, -0.5, 0, 0.3, 1, 1.5, 2.5}
	y := []float64{0, 0, 1, 0, 1, 1, 0, 1}
	a, b, err := fitSigmoid(f, y, nil)
	require.NoError(t, err)
	for _, s := range []float64{0x1p300, 0x1p-300} {
		fs := make([]float64, len(f))
		for i, v := range f {
			fs[i] = v * s
		}
		as, bs, err := fitSigmoid(fs, y, nil)
		require.NoError(t, err)
		assert.InDelta(t, a, as*s, 1e-12*math.Abs(a), "scale %g", s)
		assert.InDelta(t, b, bs, 1e-12, "scale %g", s)
	}
	// Constant scores: only A·c + B is identified; the fit reproduces Platt's
	// smoothed positive rate (4 + 1)/(8 + 2) = 0.5 and stays finite.
	c := []float64{3, 3, 3, 3, 3, 3, 3, 3}
	a, b, err = fitSigmoid(c, y, nil)
	require.NoError(t, err)
	p := expit(-(a*3 + b))
	assert.InDelta(t, 0.5, p, 1e-12)
	// All negatives: P = 1/(n + 2) everywhere at the optimum of a constant score.
	zeros := make([]float64, 8)
	a, b, err = fitSigmoid(c, zeros, nil)
	require.NoError(t, err)
	assert.InDelta(t, 0.1, expit(-(a*3 + b)), 1e-12)
	// Weighted: the gradient vanishes at the result.
	w := []float64{1, 2, 0.5, 3, 1, 0, 2, 1}
	a, b, err = fitSigmoid(f, y, w)
	require.NoError(t, err)
	var p0, p1 float64
	for i := range y {
		if y[i] > 0 {
			p1 += w[i]
		} else {
			p0 += w[i]
		}
	}
	var gA, gB float64
	for i, v := range f {
		tgt := 1 / (p0 + 2)
		if y[i] > 0 {
			tgt = (p1 + 1) / (p1 + 2)
		}
		r := w[i] * (tgt - expit(-(a*v + b)))
		gA += r * v
		gB += r
	}
	assert.InDelta(t, 0, gA, 1e-12)
	assert.InDelta(t, 0, gB, 1e-12)
}
