package pipeline_test

// Small test-local estimators, so the pipeline tests do not depend on the preprocess
// and linear packages (written concurrently), plus adapters for estimatortest.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// scaler standardises columns (population std, like sklearn's StandardScaler).
type scaler struct {
	NoMean bool
	NoStd  bool

	fit *scalerFit
}

type scalerFit struct {
	Mean, Scale []float64
	NFeatures   int
}

var (
	_ estimator.Transformer        = (*scaler)(nil)
	_ estimator.InverseTransformer = (*scaler)(nil)
	_ estimator.FeatureNamer       = (*scaler)(nil)
	_ estimator.StateMarshaler     = (*scaler)(nil)
)

func (s *scaler) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckX(X)
	if err != nil {
		return fmt.Errorf("scaler: %w", err)
	}
	if y != nil {
		if r, _ := x.Dims(); r != len(y) {
			return fmt.Errorf("scaler: %d rows, %d targets: %w", r, len(y), estimator.ErrShape)
		}
	}
	n, p := x.Dims()
	f := &scalerFit{Mean: make([]float64, p), Scale: make([]float64, p), NFeatures: p}
	for j := 0; j < p; j++ {
		var m, v float64
		for i := 0; i < n; i++ {
			m += x.At(i, j)
		}
		m /= float64(n)
		for i := 0; i < n; i++ {
			d := x.At(i, j) - m
			v += d * d
		}
		sd := math.Sqrt(v / float64(n))
		if sd == 0 || s.NoStd {
			sd = 1
		}
		if s.NoMean {
			m = 0
		}
		f.Mean[j], f.Scale[j] = m, sd
	}
	s.fit = f
	return nil
}

func (s *scaler) Transform(X mat.Matrix) (*mat.Dense, error) {
	if s.fit == nil {
		return nil, fmt.Errorf("scaler: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, s.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("scaler: %w", err)
	}
	n, p := x.Dims()
	out := mat.NewDense(n, p, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			out.Set(i, j, (x.At(i, j)-s.fit.Mean[j])/s.fit.Scale[j])
		}
	}
	return out, nil
}

func (s *scaler) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	if s.fit == nil {
		return nil, fmt.Errorf("scaler: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, s.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("scaler: %w", err)
	}
	n, p := x.Dims()
	out := mat.NewDense(n, p, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			out.Set(i, j, x.At(i, j)*s.fit.Scale[j]+s.fit.Mean[j])
		}
	}
	return out, nil
}

func (s *scaler) FeatureNamesOut(in []string) []string {
	if in == nil && s.fit != nil {
		for j := 0; j < s.fit.NFeatures; j++ {
			in = append(in, fmt.Sprintf("x%d", j))
		}
	}
	return append([]string(nil), in...)
}

func (s *scaler) MarshalState() ([]byte, error) { return estimator.EncodeState(1, s.fit) }
func (s *scaler) UnmarshalState(b []byte) error { return estimator.DecodeState(b, 1, &s.fit) }

func (f *scalerFit) Check() error {
	return estimator.FirstError(
		estimator.CheckLen("Mean", len(f.Mean), f.NFeatures),
		estimator.CheckLen("Scale", len(f.Scale), f.NFeatures),
		estimator.CheckFinite("Mean", f.Mean...),
		estimator.CheckPositive("Scale", f.Scale...))
}

// lsq is ridge regression with an intercept (sklearn's Ridge; Alpha 0 is OLS).
type lsq struct {
	Alpha float64

	fit *lsqFit
}

type lsqFit struct {
	Coef      []float64
	Intercept float64
	NFeatures int
}

var (
	_ estimator.Predictor      = (*lsq)(nil)
	_ estimator.Validator      = (*lsq)(nil)
	_ estimator.StateMarshaler = (*lsq)(nil)
)

func (r *lsq) Validate() error {
	if !(r.Alpha >= 0) {
		return &estimator.ParamError{Param: "Alpha", Value: r.Alpha, Reason: "must be >= 0"}
	}
	return nil
}

func (r *lsq) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("lsq: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("lsq: %w", err)
	}
	if y == nil {
		return fmt.Errorf("lsq: y is required: %w", estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	xm := make([]float64, p)
	var ym float64
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			xm[j] += x.At(i, j) / float64(n)
		}
		ym += y[i] / float64(n)
	}
	xc := mat.NewDense(n, p, nil)
	yc := mat.NewVecDense(n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			xc.Set(i, j, x.At(i, j)-xm[j])
		}
		yc.SetVec(i, y[i]-ym)
	}
	var a mat.Dense
	a.Mul(xc.T(), xc)
	for j := 0; j < p; j++ {
		a.Set(j, j, a.At(j, j)+r.Alpha)
	}
	var b, w mat.VecDense
	b.MulVec(xc.T(), yc)
	if err := w.SolveVec(&a, &b); err != nil {
		return fmt.Errorf("lsq: %v: %w", err, estimator.ErrConvergence)
	}
	coef := mat.Col(nil, 0, &w)
	icpt := ym
	for j := range coef {
		icpt -= coef[j] * xm[j]
	}
	if err := estimator.CheckFinite("coefficients", append(coef, icpt)...); err != nil {
		return fmt.Errorf("lsq: %v (data too extreme): %w", err, estimator.ErrConvergence)
	}
	r.fit = &lsqFit{Coef: coef, Intercept: icpt, NFeatures: p}
	return nil
}

func (r *lsq) Predict(X mat.Matrix) ([]float64, error) {
	if r.fit == nil {
		return nil, fmt.Errorf("lsq: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, r.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("lsq: %w", err)
	}
	n, _ := x.Dims()
	out := make([]float64, n)
	for i := range out {
		v := r.fit.Intercept
		for j, c := range r.fit.Coef {
			v += c * x.At(i, j)
		}
		out[i] = v
	}
	return out, nil
}

func (r *lsq) Coef() []float64 {
	if r.fit == nil {
		return nil
	}
	return append([]float64(nil), r.fit.Coef...)
}

func (r *lsq) MarshalState() ([]byte, error) { return estimator.EncodeState(1, r.fit) }
func (r *lsq) UnmarshalState(b []byte) error { return estimator.DecodeState(b, 1, &r.fit) }

func (f *lsqFit) Check() error {
	return estimator.FirstError(
		estimator.CheckLen("Coef", len(f.Coef), f.NFeatures),
		estimator.CheckFinite("Coef", f.Coef...),
		estimator.CheckFinite("Intercept", f.Intercept))
}

// centroid is a nearest-centroid classifier with softmax(−distance²) probabilities.
type centroid struct {
	fit *centroidFit
}

type centroidFit struct {
	Classes   []float64
	Centroids [][]float64
	NFeatures int
}

var (
	_ estimator.ProbaClassifier = (*centroid)(nil)
	_ estimator.StateMarshaler  = (*centroid)(nil)
)

func (c *centroid) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("centroid: %w", err)
	}
	if y == nil {
		return fmt.Errorf("centroid: y is required: %w", estimator.ErrInvalidData)
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return fmt.Errorf("centroid: %w", err)
	}
	n, p := x.Dims()
	f := &centroidFit{Classes: classes, Centroids: make([][]float64, len(classes)), NFeatures: p}
	for k, cl := range classes {
		f.Centroids[k] = make([]float64, p)
		cnt := 0.0
		for i := 0; i < n; i++ {
			if y[i] == cl {
				cnt++
				for j := 0; j < p; j++ {
					f.Centroids[k][j] += x.At(i, j)
				}
			}
		}
		for j := range f.Centroids[k] {
			f.Centroids[k][j] /= cnt
		}
	}
	c.fit = f
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
	for i := 0; i < n; i++ {
		row := out.RawRowView(i)
		best := math.Inf(1)
		for m := 0; m < k; m++ {
			var d float64
			for j := 0; j < p; j++ {
				t := x.At(i, j) - c.fit.Centroids[m][j]
				d += t * t
			}
			row[m] = d
			best = min(best, d)
		}
		var sum float64
		for m := range row {
			row[m] = math.Exp(best - row[m])
			sum += row[m]
		}
		for m := range row {
			row[m] /= sum
		}
	}
	return out, nil
}

func (c *centroid) Predict(X mat.Matrix) ([]float64, error) {
	proba, err := c.PredictProba(X)
	if err != nil {
		return nil, err
	}
	n, _ := proba.Dims()
	out := make([]float64, n)
	for i := range out {
		row := proba.RawRowView(i)
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

func (c *centroid) MarshalState() ([]byte, error) { return estimator.EncodeState(1, c.fit) }
func (c *centroid) UnmarshalState(b []byte) error { return estimator.DecodeState(b, 1, &c.fit) }

func (f *centroidFit) Check() error {
	if err := estimator.FirstError(
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

var errBoom = errors.New("boom")

// failer is an identity transformer whose Fit fails when Fail is set.
type failer struct {
	Fail bool

	fit *failerFit
}

type failerFit struct{ NFeatures int }

func (f *failer) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if f.Fail {
		return fmt.Errorf("failer: %w", errBoom)
	}
	x, err := estimator.CheckX(X)
	if err != nil {
		return err
	}
	_, p := x.Dims()
	f.fit = &failerFit{NFeatures: p}
	return nil
}

func (f *failer) Transform(X mat.Matrix) (*mat.Dense, error) {
	if f.fit == nil {
		return nil, fmt.Errorf("failer: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, f.fit.NFeatures)
	if err != nil {
		return nil, err
	}
	return mat.DenseCopyOf(x), nil
}

func (f *failer) MarshalState() ([]byte, error) { return estimator.EncodeState(1, f.fit) }
func (f *failer) UnmarshalState(b []byte) error { return estimator.DecodeState(b, 1, &f.fit) }

func (f *failerFit) Check() error { return estimator.CheckCount("NFeatures", f.NFeatures, 1, 1<<24) }

// square squares every value; it has no InverseTransform and no FeatureNamesOut.
type square struct{ fit *failerFit }

func (s *square) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := estimator.CheckX(X)
	if err != nil {
		return err
	}
	_, p := x.Dims()
	s.fit = &failerFit{NFeatures: p}
	return nil
}

func (s *square) Transform(X mat.Matrix) (*mat.Dense, error) {
	if s.fit == nil {
		return nil, fmt.Errorf("square: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, s.fit.NFeatures)
	if err != nil {
		return nil, err
	}
	var out mat.Dense
	out.MulElem(x, x)
	return &out, nil
}

// canceller calls Cancel during its Fit (to test ctx checks between steps).
type canceller struct {
	Cancel func() `param:"-"`
	failer
}

func (c *canceller) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	c.Cancel()
	return c.failer.Fit(context.Background(), X, y)
}

// blocker's Fit closes Started, waits until ctx is done (or 10 s pass) and returns
// ctx.Err().
type blocker struct {
	Started chan struct{} `param:"-"`
	Saw     chan error    `param:"-"`
	failer
}

func (b *blocker) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if b.Started != nil {
		close(b.Started)
	}
	var err error
	select {
	case <-ctx.Done():
		err = ctx.Err()
	case <-time.After(10 * time.Second):
		err = errors.New("blocker: timed out waiting for cancellation")
	}
	if b.Saw != nil {
		b.Saw <- err
	}
	return err
}

func (s *square) MarshalState() ([]byte, error) { return estimator.EncodeState(1, s.fit) }
func (s *square) UnmarshalState(b []byte) error { return estimator.DecodeState(b, 1, &s.fit) }

func nan() float64 { return math.NaN() }

var ctxCanceled = context.Canceled

// lateFailer's Fit waits for After to be closed (or 10 s), then fails.
type lateFailer struct {
	After chan struct{} `param:"-"`
	failer
}

func (f *lateFailer) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	select {
	case <-f.After:
	case <-time.After(10 * time.Second):
	}
	return fmt.Errorf("lateFailer: %w", errBoom)
}
