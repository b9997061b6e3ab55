package tuning_test

// Test data helpers and ridgeT; the other test estimators are internal/testutil's LSQ
// and Centroid.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/testutil"
)

// ridgeT is a testutil.LSQ that also transforms (X ↦ [X·coef]), so that a Search over
// it is a Predictor and a Transformer whose every method works (for estimatortest).
type ridgeT struct {
	Alpha float64

	m *testutil.LSQ
}

var (
	_ estimator.Predictor      = (*ridgeT)(nil)
	_ estimator.Transformer    = (*ridgeT)(nil)
	_ estimator.StateMarshaler = (*ridgeT)(nil)
)

func (t *ridgeT) Validate() error { return (&testutil.LSQ{Alpha: t.Alpha}).Validate() }

func (t *ridgeT) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	m := &testutil.LSQ{Alpha: t.Alpha}
	if err := m.Fit(ctx, X, y); err != nil {
		return err
	}
	t.m = m
	return nil
}

func (t *ridgeT) Predict(X mat.Matrix) ([]float64, error) {
	if t.m == nil {
		return nil, fmt.Errorf("ridgeT: %w", estimator.ErrNotFitted)
	}
	return t.m.Predict(X)
}

func (t *ridgeT) Transform(X mat.Matrix) (*mat.Dense, error) {
	p, err := t.Predict(X)
	if err != nil {
		return nil, err
	}
	return mat.NewDense(len(p), 1, p), nil
}

func (t *ridgeT) String() string { return estimator.Format(t) }

func (t *ridgeT) MarshalState() ([]byte, error) {
	if t.m == nil {
		return nil, nil
	}
	return t.m.MarshalState()
}

func (t *ridgeT) UnmarshalState(b []byte) error {
	if len(b) == 0 {
		t.m = nil
		return nil
	}
	m := &testutil.LSQ{Alpha: t.Alpha}
	if err := m.UnmarshalState(b); err != nil {
		return err
	}
	t.m = m
	return nil
}

// regData returns a small regression problem: y = X·β + noise.
func regData(n, p int, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		for j := range p {
			v := rng.NormFloat64()
			X.Set(i, j, v)
			y[i] += float64(j+1) * v
		}
		y[i] += 0.5*rng.NormFloat64() + 3
	}
	return X, y
}

// clfData returns k well-separated classes (labels 0..k-1).
func clfData(n, p, k int, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 2))
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		c := i % k
		y[i] = float64(c)
		for j := range p {
			v := rng.NormFloat64()
			if j%k == c {
				v += 2
			}
			X.Set(i, j, v)
		}
	}
	return X, y
}

// countingMatrix is a read-only *mat.Dense wrapper that records the size of every
// row selection, to show that a Search never copies X as a whole.
type countingMatrix struct {
	*mat.Dense
	calls   atomic.Int64
	rows    atomic.Int64
	maxRows atomic.Int64
}

func (m *countingMatrix) SelectRows(idx []int) mat.Matrix {
	m.calls.Add(1)
	m.rows.Add(int64(len(idx)))
	for {
		cur := m.maxRows.Load()
		if int64(len(idx)) <= cur || m.maxRows.CompareAndSwap(cur, int64(len(idx))) {
			break
		}
	}
	return estimator.Rows(m.Dense, idx)
}
