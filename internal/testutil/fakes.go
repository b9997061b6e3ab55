package testutil

// Small deterministic estimators shared by the tests of the packages that evaluate or
// compose estimators (crossval, tuning, pipeline), so those tests do not depend on the
// real model families and every package attacks the same fakes.

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

// ErrDeliberate is the failure the fakes inject (LSQ.Fail, LSQ.FailIfMissing).
var ErrDeliberate = errors.New("testutil: deliberate failure")

// knobs are the test controls shared by the fakes: failures, delays and call
// counting. Each fake declares them as its own fields (parameter paths "Fail",
// "Delay"...: estimator.SetParams does not reach into embedded structs).
type knobs struct {
	fail          bool
	delay         time.Duration
	failIfMissing float64
	calls         *atomic.Int64
	seen          *atomic.Value
}

// before runs the knobs at the start of Fit.
func (k knobs) before(ctx context.Context, X mat.Matrix) error {
	if k.calls != nil {
		k.calls.Add(1)
	}
	if k.seen != nil {
		k.seen.Store(fmt.Sprintf("%T", X))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if k.fail {
		return ErrDeliberate
	}
	if !math.IsNaN(k.failIfMissing) && k.failIfMissing != 0 {
		r, _, err := estimator.Dims(X)
		if err != nil {
			return err
		}
		found := false
		for i := range r {
			found = found || X.At(i, 0) == k.failIfMissing
		}
		if !found {
			return ErrDeliberate
		}
	}
	if k.delay > 0 {
		t := time.NewTimer(k.delay)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

// LSQ is weighted ridge regression with an unpenalized intercept (scikit-learn's
// Ridge; Alpha 0 is ordinary least squares up to a 1e-9 ridge that keeps the solve
// defined on collinear folds). Its knobs make it fail or wait on demand.
type LSQ struct {
	// Alpha is the ridge penalty (>= 0).
	Alpha float64
	// Epochs, when > 0, divides Alpha: an integer knob to use as a halving resource.
	Epochs int
	// Fail makes Fit fail with ErrDeliberate.
	Fail bool
	// Delay makes Fit wait this long (returning ctx.Err() if ctx ends first).
	Delay time.Duration
	// FailIfMissing, when non-zero and not NaN, makes Fit fail with ErrDeliberate when
	// no training row has x0 equal to it (so exactly the folds whose training rows
	// lack that row fail).
	FailIfMissing float64
	// Calls counts Fit calls across clones (shared: Clone copies `param:"-"` fields
	// shallowly).
	Calls *atomic.Int64 `param:"-"`
	// Seen records the concrete type of the X given to Fit ("*mat.Dense").
	Seen *atomic.Value `param:"-"`

	fit *lsqFit
}

type lsqFit struct {
	Coef      []float64
	Intercept float64
	WeightSum float64
	NFeatures int
}

func (f *lsqFit) Check() error {
	return estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, 1<<24),
		estimator.CheckLen("Coef", len(f.Coef), f.NFeatures),
		estimator.CheckFinite("Coef", f.Coef...),
		estimator.CheckFinite("Intercept", f.Intercept),
		estimator.CheckPositive("WeightSum", f.WeightSum))
}

var (
	_ estimator.Predictor      = (*LSQ)(nil)
	_ estimator.WeightedFitter = (*LSQ)(nil)
	_ estimator.Validator      = (*LSQ)(nil)
	_ estimator.StateMarshaler = (*LSQ)(nil)
)

// Validate reports a negative or NaN Alpha and negative Epochs.
func (m *LSQ) Validate() error {
	if !(m.Alpha >= 0) || math.IsInf(m.Alpha, 0) {
		return &estimator.ParamError{Param: "Alpha", Value: m.Alpha, Reason: "must be >= 0 (and finite)"}
	}
	if m.Epochs < 0 {
		return &estimator.ParamError{Param: "Epochs", Value: m.Epochs, Reason: "must be >= 0"}
	}
	return nil
}

// Fit fits with unit weights.
func (m *LSQ) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return m.FitWeighted(ctx, X, y, nil)
}

// FitWeighted solves the weighted, centred normal equations (nil w means all ones).
func (m *LSQ) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("testutil.LSQ: %w", err)
	}
	if err := (knobs{m.Fail, m.Delay, m.FailIfMissing, m.Calls, m.Seen}).before(ctx, X); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("testutil.LSQ: %w", err)
	}
	if y == nil {
		return fmt.Errorf("testutil.LSQ: y is nil: %w", estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	if w != nil && len(w) != n {
		return fmt.Errorf("testutil.LSQ: %d weights for %d rows: %w", len(w), n, estimator.ErrShape)
	}
	weight := func(i int) float64 {
		if w == nil {
			return 1
		}
		return w[i]
	}
	ws := 0.0
	mx := make([]float64, p)
	my := 0.0
	for i := range n {
		wi := weight(i)
		ws += wi
		for j, v := range x.RawRowView(i) {
			mx[j] += wi * v
		}
		my += wi * y[i]
	}
	if !(ws > 0) {
		return fmt.Errorf("testutil.LSQ: the weights sum to %v: %w", ws, estimator.ErrInvalidData)
	}
	for j := range mx {
		mx[j] /= ws
	}
	my /= ws
	alpha := m.Alpha
	if m.Epochs > 0 {
		alpha /= float64(m.Epochs)
	}
	A := mat.NewSymDense(p, nil)
	b := mat.NewVecDense(p, nil)
	xc := make([]float64, p)
	for i := range n {
		wi := weight(i)
		row := x.RawRowView(i)
		for j := range p {
			xc[j] = row[j] - mx[j]
		}
		yc := y[i] - my
		for a := range p {
			b.SetVec(a, b.AtVec(a)+wi*xc[a]*yc)
			for c := a; c < p; c++ {
				A.SetSym(a, c, A.At(a, c)+wi*xc[a]*xc[c])
			}
		}
	}
	for a := range p {
		A.SetSym(a, a, A.At(a, a)+alpha+1e-9)
	}
	var ch mat.Cholesky
	if !ch.Factorize(A) {
		return fmt.Errorf("testutil.LSQ: singular system: %w", estimator.ErrConvergence)
	}
	var sol mat.VecDense
	if err := ch.SolveVecTo(&sol, b); err != nil {
		return fmt.Errorf("testutil.LSQ: %v: %w", err, estimator.ErrConvergence)
	}
	f := &lsqFit{Coef: make([]float64, p), Intercept: my, WeightSum: ws, NFeatures: p}
	for j := range p {
		f.Coef[j] = sol.AtVec(j)
		f.Intercept -= f.Coef[j] * mx[j]
	}
	if err := f.Check(); err != nil {
		return fmt.Errorf("testutil.LSQ: %v (data too extreme): %w", err, estimator.ErrConvergence)
	}
	m.fit = f
	return nil
}

// Predict returns X·Coef + Intercept.
func (m *LSQ) Predict(X mat.Matrix) ([]float64, error) {
	if m.fit == nil {
		return nil, fmt.Errorf("testutil.LSQ: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, m.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("testutil.LSQ: %w", err)
	}
	r, _ := x.Dims()
	out := make([]float64, r)
	for i := range r {
		v := m.fit.Intercept
		for j, c := range x.RawRowView(i) {
			v += m.fit.Coef[j] * c
		}
		out[i] = v
	}
	return out, nil
}

// Coef returns a copy of the coefficients, nil before Fit.
func (m *LSQ) Coef() []float64 {
	if m.fit == nil {
		return nil
	}
	return append([]float64(nil), m.fit.Coef...)
}

// Intercept returns the intercept, 0 before Fit.
func (m *LSQ) Intercept() float64 {
	if m.fit == nil {
		return 0
	}
	return m.fit.Intercept
}

// WeightSum returns the sum of the weights Fit saw (the number of rows when
// unweighted), 0 before Fit.
func (m *LSQ) WeightSum() float64 {
	if m.fit == nil {
		return 0
	}
	return m.fit.WeightSum
}

// Fitted reports whether Fit has succeeded.
func (m *LSQ) Fitted() bool { return m.fit != nil }

// String prints the settings.
func (m *LSQ) String() string { return estimator.Format(m) }

// MarshalState encodes the fit (version 1).
func (m *LSQ) MarshalState() ([]byte, error) { return estimator.EncodeState(1, m.fit) }

// UnmarshalState decodes and checks what MarshalState wrote.
func (m *LSQ) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, 1, &m.fit); err != nil {
		return fmt.Errorf("testutil.LSQ: %w", err)
	}
	return nil
}

// Centroid is a nearest-centroid classifier whose PredictProba is a softmax of minus
// the squared distances. Shrink pulls every centroid toward the overall mean.
type Centroid struct {
	// Shrink is in [0, 1).
	Shrink float64
	// Fail makes Fit fail with ErrDeliberate.
	Fail bool
	// Delay makes Fit wait this long (returning ctx.Err() if ctx ends first).
	Delay time.Duration
	// FailIfMissing, when non-zero and not NaN, makes Fit fail with ErrDeliberate when
	// no training row has x0 equal to it (so exactly the folds whose training rows
	// lack that row fail).
	FailIfMissing float64
	// Calls counts Fit calls across clones (shared: Clone copies `param:"-"` fields
	// shallowly).
	Calls *atomic.Int64 `param:"-"`
	// Seen records the concrete type of the X given to Fit ("*mat.Dense").
	Seen *atomic.Value `param:"-"`

	fit *centroidFit
}

type centroidFit struct {
	Classes   []float64
	Centroids [][]float64
	NFeatures int
}

func (f *centroidFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, 1<<24),
		estimator.CheckClasses("Classes", f.Classes),
		estimator.CheckLen("Centroids", len(f.Centroids), len(f.Classes))); err != nil {
		return err
	}
	for _, c := range f.Centroids {
		if err := estimator.FirstError(
			estimator.CheckLen("Centroids[k]", len(c), f.NFeatures),
			estimator.CheckFinite("Centroids[k]", c...)); err != nil {
			return err
		}
	}
	return nil
}

var (
	_ estimator.ProbaClassifier = (*Centroid)(nil)
	_ estimator.Validator       = (*Centroid)(nil)
	_ estimator.StateMarshaler  = (*Centroid)(nil)
)

// Validate reports a Shrink outside [0, 1).
func (c *Centroid) Validate() error {
	if !(c.Shrink >= 0 && c.Shrink < 1) {
		return &estimator.ParamError{Param: "Shrink", Value: c.Shrink, Reason: "must be in [0, 1)"}
	}
	return nil
}

// Fit computes the (shrunk) class centroids; y needs at least two classes.
func (c *Centroid) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("testutil.Centroid: %w", err)
	}
	if err := (knobs{c.Fail, c.Delay, c.FailIfMissing, c.Calls, c.Seen}).before(ctx, X); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("testutil.Centroid: %w", err)
	}
	if y == nil {
		return fmt.Errorf("testutil.Centroid: y is nil: %w", estimator.ErrInvalidData)
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return fmt.Errorf("testutil.Centroid: %w", err)
	}
	n, p := x.Dims()
	all := make([]float64, p)
	for i := range n {
		for j, v := range x.RawRowView(i) {
			all[j] += v / float64(n)
		}
	}
	f := &centroidFit{Classes: classes, Centroids: make([][]float64, len(classes)), NFeatures: p}
	for k, cl := range classes {
		sum := make([]float64, p)
		cnt := 0.0
		for i := range n {
			if y[i] == cl {
				cnt++
				for j, v := range x.RawRowView(i) {
					sum[j] += v
				}
			}
		}
		for j := range sum {
			sum[j] = (1-c.Shrink)*sum[j]/cnt + c.Shrink*all[j]
		}
		f.Centroids[k] = sum
	}
	if err := f.Check(); err != nil {
		return fmt.Errorf("testutil.Centroid: %v (data too extreme): %w", err, estimator.ErrInvalidData)
	}
	c.fit = f
	return nil
}

// Classes returns a copy of the classes, nil before Fit.
func (c *Centroid) Classes() []float64 {
	if c.fit == nil {
		return nil
	}
	return append([]float64(nil), c.fit.Classes...)
}

// Centroids returns a copy of the centroids, nil before Fit.
func (c *Centroid) Centroids() [][]float64 {
	if c.fit == nil {
		return nil
	}
	out := make([][]float64, len(c.fit.Centroids))
	for k, v := range c.fit.Centroids {
		out[k] = append([]float64(nil), v...)
	}
	return out
}

// PredictProba returns softmax(−squared distance) over the classes.
func (c *Centroid) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	if c.fit == nil {
		return nil, fmt.Errorf("testutil.Centroid: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, c.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("testutil.Centroid: %w", err)
	}
	n, _ := x.Dims()
	k := len(c.fit.Classes)
	out := mat.NewDense(n, k, nil)
	for i := range n {
		row := out.RawRowView(i)
		xr := x.RawRowView(i)
		best := math.Inf(1)
		for m, cen := range c.fit.Centroids {
			d := 0.0
			for j, v := range cen {
				t := xr[j] - v
				d += t * t
			}
			if math.IsInf(d, 0) || math.IsNaN(d) {
				return nil, fmt.Errorf("testutil.Centroid: row %d: the squared distance overflows: %w", i, estimator.ErrInvalidData)
			}
			row[m] = d
			best = math.Min(best, d)
		}
		s := 0.0
		for m := range row {
			row[m] = math.Exp(best - row[m])
			s += row[m]
		}
		for m := range row {
			row[m] /= s
		}
	}
	return out, nil
}

// Predict returns the most probable class of every row (the first on ties).
func (c *Centroid) Predict(X mat.Matrix) ([]float64, error) {
	p, err := c.PredictProba(X)
	if err != nil {
		return nil, err
	}
	n, _ := p.Dims()
	out := make([]float64, n)
	for i := range n {
		row := p.RawRowView(i)
		best := 0
		for m, v := range row {
			if v > row[best] {
				best = m
			}
		}
		out[i] = c.fit.Classes[best]
	}
	return out, nil
}

// String prints the settings.
func (c *Centroid) String() string { return estimator.Format(c) }

// MarshalState encodes the fit (version 1).
func (c *Centroid) MarshalState() ([]byte, error) { return estimator.EncodeState(1, c.fit) }

// UnmarshalState decodes and checks what MarshalState wrote.
func (c *Centroid) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, 1, &c.fit); err != nil {
		return fmt.Errorf("testutil.Centroid: %w", err)
	}
	return nil
}
