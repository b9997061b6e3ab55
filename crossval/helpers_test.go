package crossval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// errBoom is the failure injected by the test estimators.
var errBoom = errors.New("boom")

// Knobs are shared test controls for the estimators below.
type Knobs struct {
	// Delay makes Fit wait this long (returning ctx.Err() if ctx ends first).
	Delay time.Duration
	// FailIfMissing makes Fit fail with errBoom when no training row has x0 equal to it
	// (so exactly the fold testing on that row fails). NaN disables it.
	FailIfMissing float64
	// Calls counts Fit calls across clones (shared: param:"-" fields are copied
	// shallowly by Clone).
	Calls *atomic.Int64 `param:"-"`
	// Seen records the concrete type of the X given to Fit.
	Seen *atomic.Value `param:"-"`
}

func (k *Knobs) before(ctx context.Context, X mat.Matrix) error {
	if k.Calls != nil {
		k.Calls.Add(1)
	}
	if k.Seen != nil {
		k.Seen.Store(fmt.Sprintf("%T", X))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if !math.IsNaN(k.FailIfMissing) && k.FailIfMissing != 0 {
		r, _ := X.Dims()
		found := false
		for i := range r {
			found = found || X.At(i, 0) == k.FailIfMissing
		}
		if !found {
			return errBoom
		}
	}
	if k.Delay > 0 {
		t := time.NewTimer(k.Delay)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

// lsq is a deterministic weighted least-squares regressor with intercept and an
// optional ridge penalty (so ValidationCurve has a parameter to vary).
type lsq struct {
	Alpha float64
	Knobs

	fit *lsqFit
}

type lsqFit struct {
	Coef      []float64
	Intercept float64
	WeightSum float64
}

var (
	_ estimator.Predictor      = (*lsq)(nil)
	_ estimator.WeightedFitter = (*lsq)(nil)
	_ estimator.Validator      = (*lsq)(nil)
)

func (m *lsq) Validate() error {
	if !(m.Alpha >= 0) {
		return &estimator.ParamError{Param: "Alpha", Value: m.Alpha, Reason: "must be >= 0"}
	}
	return nil
}

func (m *lsq) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return m.FitWeighted(ctx, X, y, nil)
}

func (m *lsq) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if err := m.before(ctx, X); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return err
	}
	r, c := x.Dims()
	// Normal equations on [1 X] with weights.
	A := mat.NewSymDense(c+1, nil)
	b := mat.NewVecDense(c+1, nil)
	row := make([]float64, c+1)
	ws := 0.0
	for i := range r {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		ws += wi
		row[0] = 1
		copy(row[1:], x.RawRowView(i))
		for a := range row {
			b.SetVec(a, b.AtVec(a)+wi*row[a]*y[i])
			for bb := a; bb < len(row); bb++ {
				A.SetSym(a, bb, A.At(a, bb)+wi*row[a]*row[bb])
			}
		}
	}
	for a := 1; a <= c; a++ {
		A.SetSym(a, a, A.At(a, a)+m.Alpha+1e-9)
	}
	var sol mat.VecDense
	if err := sol.SolveVec(A, b); err != nil {
		return err
	}
	f := &lsqFit{Intercept: sol.AtVec(0), WeightSum: ws}
	for a := 1; a <= c; a++ {
		f.Coef = append(f.Coef, sol.AtVec(a))
	}
	m.fit = f
	return nil
}

func (m *lsq) Predict(X mat.Matrix) ([]float64, error) {
	if m.fit == nil {
		return nil, estimator.ErrNotFitted
	}
	x, err := estimator.CheckPredict(X, len(m.fit.Coef))
	if err != nil {
		return nil, err
	}
	r, _ := x.Dims()
	out := make([]float64, r)
	for i := range r {
		v := m.fit.Intercept
		for j, cf := range m.fit.Coef {
			v += cf * x.At(i, j)
		}
		out[i] = v
	}
	return out, nil
}

// centroid is a nearest-centroid classifier; PredictProba is a softmax of minus the
// squared distances.
type centroid struct {
	Knobs

	fit *centroidFit
}

type centroidFit struct {
	Classes   []float64
	Centroids [][]float64
}

var _ estimator.ProbaClassifier = (*centroid)(nil)

func (m *centroid) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := m.before(ctx, X); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return err
	}
	if y == nil {
		return estimator.ErrInvalidData
	}
	classes := estimator.ClassesOf(y)
	_, c := x.Dims()
	f := &centroidFit{Classes: classes, Centroids: make([][]float64, len(classes))}
	for k, cl := range classes {
		sum := make([]float64, c)
		n := 0.0
		for i, v := range y {
			if v == cl {
				for j := range c {
					sum[j] += x.At(i, j)
				}
				n++
			}
		}
		for j := range sum {
			sum[j] /= n
		}
		f.Centroids[k] = sum
	}
	m.fit = f
	return nil
}

func (m *centroid) Classes() []float64 {
	if m.fit == nil {
		return nil
	}
	return append([]float64(nil), m.fit.Classes...)
}

func (m *centroid) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	if m.fit == nil {
		return nil, estimator.ErrNotFitted
	}
	x, err := estimator.CheckPredict(X, len(m.fit.Centroids[0]))
	if err != nil {
		return nil, err
	}
	r, _ := x.Dims()
	out := mat.NewDense(r, len(m.fit.Classes), nil)
	for i := range r {
		d := make([]float64, len(m.fit.Classes))
		best := math.Inf(1)
		for k, cen := range m.fit.Centroids {
			for j, v := range cen {
				d[k] += (x.At(i, j) - v) * (x.At(i, j) - v)
			}
			best = math.Min(best, d[k])
		}
		s := 0.0
		for k := range d {
			d[k] = math.Exp(best - d[k])
			s += d[k]
		}
		for k := range d {
			out.Set(i, k, d[k]/s)
		}
	}
	return out, nil
}

func (m *centroid) Predict(X mat.Matrix) ([]float64, error) {
	p, err := m.PredictProba(X)
	if err != nil {
		return nil, err
	}
	r, _ := p.Dims()
	out := make([]float64, r)
	for i := range r {
		best := 0
		for k, v := range p.RawRowView(i) {
			if v > p.At(i, best) {
				best = k
			}
		}
		out[i] = m.fit.Classes[best]
	}
	return out, nil
}

// rowMatrix is a mat.Matrix that implements estimator.RowSelector, standing in for
// preprocess.Frame: selecting rows keeps the type.
type rowMatrix struct{ *mat.Dense }

func (m rowMatrix) SelectRows(idx []int) mat.Matrix {
	return rowMatrix{estimator.Rows(m.Dense, idx).(*mat.Dense)}
}

// regData returns n rows of a noisy linear problem with 2 features; x0 = row index + 1.
func regData(n int) (*mat.Dense, []float64) {
	X := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	for i := range n {
		a, b := float64(i+1), math.Sin(float64(i)*1.7)*3
		X.Set(i, 0, a)
		X.Set(i, 1, b)
		y[i] = 0.5*a - 2*b + 1 + math.Cos(float64(i)*2.3)
	}
	return X, y
}

// clsData returns n rows of 3 classes (labels 2, 5, 7) in 2 features, interleaved.
func clsData(n int) (*mat.Dense, []float64) {
	X := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	labels := []float64{2, 5, 7}
	for i := range n {
		k := i % 3
		y[i] = labels[k]
		X.Set(i, 0, float64(i+1)/1000) // distinct x0 for FailIfMissing
		X.Set(i, 1, float64(3*k)+math.Sin(float64(i)))
	}
	return X, y
}
