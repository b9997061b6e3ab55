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
	"github.com/skgo/skgo/internal/testutil"
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

// lsq and centroid are the shared fakes of internal/testutil (ridge regression and a
// nearest-centroid classifier), under the names the pipeline tests use (Make names
// them "lsq" and "centroid").
type (
	lsq      = testutil.LSQ
	centroid = testutil.Centroid
)

// lsqFit has the fields of testutil.LSQ's learned state, to forge it (gob matches
// fields by name).
type lsqFit struct {
	Coef      []float64
	Intercept float64
	WeightSum float64
	NFeatures int
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
