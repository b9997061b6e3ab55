package tuning_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// ridge is a small test-local ridge regressor (closed form, intercept by centring).
// Fail makes Fit fail; Sleep makes Fit wait (checking ctx) to simulate slow fits;
// Epochs is an integer knob used as a halving resource (it shrinks Alpha's effect).
type ridge struct {
	Alpha  float64
	Fail   bool
	Sleep  time.Duration
	Epochs int

	fit *ridgeFit
}

type ridgeFit struct {
	Coef      []float64
	Intercept float64
	NFeatures int
}

var (
	_ estimator.Predictor      = (*ridge)(nil)
	_ estimator.Validator      = (*ridge)(nil)
	_ estimator.StateMarshaler = (*ridge)(nil)
)

// fits counts every ridge.Fit call in the test binary.
var fits atomic.Int64

func (r *ridge) Validate() error {
	if !(r.Alpha >= 0) {
		return &estimator.ParamError{Param: "Alpha", Value: r.Alpha, Reason: "must be >= 0"}
	}
	if r.Epochs < 0 {
		return &estimator.ParamError{Param: "Epochs", Value: r.Epochs, Reason: "must be >= 0"}
	}
	return nil
}

var errDeliberate = errors.New("deliberate failure")

func (r *ridge) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	fits.Add(1)
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("ridge: %w", err)
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("ridge: %w", err)
	}
	if y == nil {
		return fmt.Errorf("ridge: y is nil: %w", estimator.ErrInvalidData)
	}
	if r.Fail {
		return fmt.Errorf("ridge: %w", errDeliberate)
	}
	if r.Sleep > 0 {
		t := time.NewTimer(r.Sleep)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	n, p := x.Dims()
	mx := make([]float64, p)
	var my float64
	for i := range n {
		for j := range p {
			mx[j] += x.At(i, j) / float64(n)
		}
		my += y[i] / float64(n)
	}
	xc := mat.NewDense(n, p, nil)
	yc := mat.NewVecDense(n, nil)
	for i := range n {
		for j := range p {
			xc.Set(i, j, x.At(i, j)-mx[j])
		}
		yc.SetVec(i, y[i]-my)
	}
	alpha := r.Alpha
	if r.Epochs > 0 {
		alpha /= float64(r.Epochs)
	}
	var a mat.SymDense
	a.SymOuterK(1, xc.T())
	for j := range p {
		a.SetSym(j, j, a.At(j, j)+alpha+1e-12)
	}
	var b, w mat.VecDense
	b.MulVec(xc.T(), yc)
	var ch mat.Cholesky
	if !ch.Factorize(&a) {
		return fmt.Errorf("ridge: singular system: %w", estimator.ErrConvergence)
	}
	if err := ch.SolveVecTo(&w, &b); err != nil {
		return fmt.Errorf("ridge: %w", err)
	}
	coef := make([]float64, p)
	icpt := my
	for j := range p {
		coef[j] = w.AtVec(j)
		icpt -= coef[j] * mx[j]
	}
	r.fit = &ridgeFit{Coef: coef, Intercept: icpt, NFeatures: p}
	return nil
}

func (r *ridge) Predict(X mat.Matrix) ([]float64, error) {
	if r.fit == nil {
		return nil, fmt.Errorf("ridge: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, r.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("ridge: %w", err)
	}
	n, _ := x.Dims()
	out := make([]float64, n)
	for i := range n {
		out[i] = r.fit.Intercept
		for j, c := range r.fit.Coef {
			out[i] += c * x.At(i, j)
		}
	}
	return out, nil
}

func (r *ridge) MarshalState() ([]byte, error) { return estimator.GobState(r.fit) }
func (r *ridge) UnmarshalState(b []byte) error { return estimator.UngobState(b, &r.fit) }

// ridgeT is a ridge that also transforms (X ↦ [X·coef]), so that a Search over it is
// a Predictor and a Transformer whose every method works (for estimatortest).
type ridgeT struct {
	Alpha float64

	fit *ridgeFit
}

func (t *ridgeT) Validate() error { return (&ridge{Alpha: t.Alpha}).Validate() }

func (t *ridgeT) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	r := &ridge{Alpha: t.Alpha}
	if err := r.Fit(ctx, X, y); err != nil {
		return err
	}
	t.fit = r.fit
	return nil
}

func (t *ridgeT) Predict(X mat.Matrix) ([]float64, error) { return (&ridge{fit: t.fit}).Predict(X) }

func (t *ridgeT) Transform(X mat.Matrix) (*mat.Dense, error) {
	p, err := t.Predict(X)
	if err != nil {
		return nil, err
	}
	return mat.NewDense(len(p), 1, p), nil
}

func (t *ridgeT) MarshalState() ([]byte, error) { return estimator.GobState(t.fit) }
func (t *ridgeT) UnmarshalState(b []byte) error { return estimator.UngobState(b, &t.fit) }

// centroid is a test-local nearest-centroid classifier with softmax probabilities.
// Shrink pulls centroids toward the global mean (in [0, 1)).
type centroid struct {
	Shrink float64

	fit *centroidFit
}

type centroidFit struct {
	Classes   []float64
	Centers   [][]float64
	NFeatures int
}

var _ estimator.ProbaClassifier = (*centroid)(nil)

func (c *centroid) Validate() error {
	if !(c.Shrink >= 0 && c.Shrink < 1) {
		return &estimator.ParamError{Param: "Shrink", Value: c.Shrink, Reason: "must be in [0, 1)"}
	}
	return nil
}

func (c *centroid) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return fmt.Errorf("centroid: %w", err)
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("centroid: %w", err)
	}
	if y == nil {
		return fmt.Errorf("centroid: y is nil: %w", estimator.ErrInvalidData)
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return fmt.Errorf("centroid: %w", err)
	}
	n, p := x.Dims()
	all := make([]float64, p)
	for i := range n {
		for j := range p {
			all[j] += x.At(i, j) / float64(n)
		}
	}
	centers := make([][]float64, len(classes))
	for k, cl := range classes {
		centers[k] = make([]float64, p)
		cnt := 0.0
		for i := range n {
			if y[i] == cl {
				cnt++
				for j := range p {
					centers[k][j] += x.At(i, j)
				}
			}
		}
		for j := range p {
			centers[k][j] = (1-c.Shrink)*centers[k][j]/cnt + c.Shrink*all[j]
		}
	}
	c.fit = &centroidFit{Classes: classes, Centers: centers, NFeatures: p}
	return nil
}

func (c *centroid) Classes() []float64 {
	if c.fit == nil {
		return nil
	}
	return append([]float64(nil), c.fit.Classes...)
}

func (c *centroid) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	if c.fit == nil {
		return nil, fmt.Errorf("centroid: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, c.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("centroid: %w", err)
	}
	n, p := x.Dims()
	k := len(c.fit.Classes)
	out := mat.NewDense(n, k, nil)
	for i := range n {
		row := out.RawRowView(i)
		best := math.Inf(1)
		for m := range k {
			d := 0.0
			for j := range p {
				v := x.At(i, j) - c.fit.Centers[m][j]
				d += v * v
			}
			row[m] = d
			best = math.Min(best, d)
		}
		s := 0.0
		for m := range k {
			row[m] = math.Exp(-(row[m] - best))
			s += row[m]
		}
		for m := range k {
			row[m] /= s
		}
	}
	return out, nil
}

func (c *centroid) Predict(X mat.Matrix) ([]float64, error) {
	pr, err := c.PredictProba(X)
	if err != nil {
		return nil, err
	}
	n, k := pr.Dims()
	out := make([]float64, n)
	for i := range n {
		best := 0
		for m := 1; m < k; m++ {
			if pr.At(i, m) > pr.At(i, best) {
				best = m
			}
		}
		out[i] = c.fit.Classes[best]
	}
	return out, nil
}

func (c *centroid) MarshalState() ([]byte, error) { return estimator.GobState(c.fit) }
func (c *centroid) UnmarshalState(b []byte) error { return estimator.UngobState(b, &c.fit) }

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
