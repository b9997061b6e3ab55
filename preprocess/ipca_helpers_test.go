package preprocess

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/internal/testutil"
)

// Helpers shared by the decomposition tests (PCA solvers, IncrementalPCA,
// KernelPCA, NMF, FastICA); they carry the "dec" prefix.

// decCountdownCtx is a context whose Err turns to context.Canceled after n calls,
// to reach the cancellation checks inside iterative loops.
type decCountdownCtx struct {
	context.Context
	n int
}

func (c *decCountdownCtx) Err() error {
	if c.n <= 0 {
		return context.Canceled
	}
	c.n--
	return nil
}

// decMatrix decodes a golden matrix (a list of rows).
func decMatrix(g *testutil.Goldens, key string) *mat.Dense { return g.Matrix(key) }

// decMaxAbsDiff returns max |a − b| over the entries, flipping the sign of each
// column of b (when cols) or each row of b (when !cols) to best match a.
func decMaxAbsDiff(a, b mat.Matrix, cols bool) float64 {
	r, c := a.Dims()
	worst := 0.0
	outer, inner := c, r
	if !cols {
		outer, inner = r, c
	}
	at := func(m mat.Matrix, o, i int) float64 {
		if cols {
			return m.At(i, o)
		}
		return m.At(o, i)
	}
	for o := 0; o < outer; o++ {
		plus, minus := 0.0, 0.0
		for i := 0; i < inner; i++ {
			plus = math.Max(plus, math.Abs(at(a, o, i)-at(b, o, i)))
			minus = math.Max(minus, math.Abs(at(a, o, i)+at(b, o, i)))
		}
		worst = math.Max(worst, math.Min(plus, minus))
	}
	return worst
}

// decMaxDiff returns max |a − b| (no sign freedom).
func decMaxDiff(a, b mat.Matrix) float64 {
	r, c := a.Dims()
	worst := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			worst = math.Max(worst, math.Abs(a.At(i, j)-b.At(i, j)))
		}
	}
	return worst
}

func decMaxDiffSlice(a, b []float64) float64 {
	worst := 0.0
	for i := range a {
		worst = math.Max(worst, math.Abs(a[i]-b[i]))
	}
	return worst
}

func decRel(t *testing.T, want, got []float64) float64 {
	t.Helper()
	return testutil.RelDiff(want, got, 1)
}

func mathInf() float64 { return math.Inf(1) }
