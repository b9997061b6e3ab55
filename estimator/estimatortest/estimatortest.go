// Package estimatortest is skgo's conformance suite for estimators, in the spirit of
// scikit-learn's check_estimator and testing/fstest.TestFS. Every estimator's tests
// start with
//
//	func TestRidgeConformance(t *testing.T) {
//		estimatortest.Run(t, func() estimator.Estimator { return &linear.Ridge{Alpha: 0.5} })
//	}
//
// Run checks the contract of package estimator (see its "Invariants"): clones are
// unfitted with equal parameters; Fit changes no parameter and modifies neither X nor
// y; fitting twice gives identical outputs; Predict/Transform change no state;
// ErrNotFitted before Fit and ErrShape on a wrong feature count; NaN, empty and
// mismatched inputs are rejected; a cancelled context is honoured and a failed Fit
// keeps the previous model; Save then Load reproduces outputs exactly and a damaged
// file is rejected without touching the destination; concurrent Predict is clean
// under the race detector. It also attacks the estimator as a hostile user would:
// unusable matrices (nil pointers of several gonum types, an empty mat.Transpose, a
// custom matrix with negative Dims or a panicking At) must give errors, never panics;
// finite but extreme data (values near 1e300 or 1e-300) must give an error or a model
// whose outputs hold no NaN; forged learned state in a re-sealed model file must never
// make Load or the loaded model panic; and String must print settings, not a pointer.
package estimatortest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// Option adjusts Run.
type Option func(*config)

type config struct {
	X        *mat.Dense
	y        []float64
	tol      float64
	unsuperv bool
	allowNaN bool
}

// WithData makes Run use X and y instead of its generated data set (for estimators
// with special input needs, such as images of a given shape or non-negative counts).
func WithData(X *mat.Dense, y []float64) Option {
	return func(c *config) { c.X, c.y = X, y }
}

// AllowNaN declares that the estimator accepts NaN in X as missing values (imputers,
// missing-value indicators): Run then requires Fit and Transform to succeed on X with
// a NaN, and uses Inf where it needs input that must be rejected.
func AllowNaN() Option { return func(c *config) { c.allowNaN = true } }

// Unsupervised makes Run fit with y == nil.
func Unsupervised() Option { return func(c *config) { c.unsuperv = true } }

// Tolerance sets the absolute tolerance for comparing outputs of two fits (default
// 0: bit-identical). Use it only for estimators whose parallel reductions are not
// ordered.
func Tolerance(tol float64) Option { return func(c *config) { c.tol = tol } }

// Run runs the conformance suite on estimators made by newEstimator, which must return
// a fresh, unfitted estimator each call.
func Run(t *testing.T, newEstimator func() estimator.Estimator, opts ...Option) {
	t.Helper()
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	proto := newEstimator()
	require.NotNil(t, proto, "newEstimator returned nil")
	_, isPred := proto.(estimator.Predictor)
	_, isTrans := proto.(estimator.Transformer)
	require.True(t, isPred || isTrans, "%T is neither a Predictor nor a Transformer", proto)
	isClf := estimator.IsClassifier(proto)
	if cfg.X == nil {
		cfg.X, cfg.y = defaultData(isClf)
	}
	if cfg.unsuperv {
		cfg.y = nil
	}
	s := &suite{cfg: cfg, newE: newEstimator, isClf: isClf}

	t.Run("Clone", s.clone)
	t.Run("NotFitted", s.notFitted)
	t.Run("FitKeepsParamsAndInputs", s.fitKeepsParamsAndInputs)
	t.Run("Idempotent", s.idempotent)
	t.Run("OutputsKeepState", s.outputsKeepState)
	t.Run("Shape", s.shape)
	t.Run("BadData", s.badData)
	t.Run("Cancelled", s.cancelled)
	t.Run("SaveLoad", s.saveLoad)
	t.Run("Concurrent", s.concurrent)
	t.Run("BadMatrices", s.badMatrices)
	t.Run("ExtremeValues", s.extremeValues)
	t.Run("ForgedState", s.forgedState)
	t.Run("String", s.str)
	if isClf {
		t.Run("Classifier", s.classifier)
	}
	if isTrans {
		t.Run("Transformer", s.transformer)
	}
}

type suite struct {
	cfg   config
	newE  func() estimator.Estimator
	isClf bool
}

// defaultData returns a small, well-conditioned data set: three informative features
// and one noise feature. For classifiers, y has three classes (coded 0, 1, 2... as
// 1, 2, 5 to catch code assumptions) separated along the informative directions.
func defaultData(isClf bool) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(7, 11))
	const n, p = 60, 4
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	labels := []float64{1, 2, 5}
	for i := 0; i < n; i++ {
		c := i % 3
		for j := 0; j < p; j++ {
			v := rng.NormFloat64()
			if isClf && j == c {
				v += 3
			}
			X.Set(i, j, v+1) // positive mean, so centring matters
		}
		if isClf {
			y[i] = labels[c]
		} else {
			y[i] = 2*X.At(i, 0) - X.At(i, 1) + 0.5*X.At(i, 2) + 0.1*rng.NormFloat64() + 3
		}
	}
	return X, y
}

// outputs returns everything the fitted estimator produces on X, for comparisons.
func outputs(t *testing.T, e estimator.Estimator, X mat.Matrix) [][]float64 {
	t.Helper()
	out, err := outputsErr(e, X)
	require.NoError(t, err)
	return out
}

func outputsErr(e estimator.Estimator, X mat.Matrix) ([][]float64, error) {
	var out [][]float64
	if p, ok := e.(estimator.Predictor); ok {
		pred, err := p.Predict(X)
		if !errors.Is(err, errors.ErrUnsupported) {
			if err != nil {
				return nil, fmt.Errorf("Predict: %w", err)
			}
			if r, _ := X.Dims(); len(pred) != r {
				return nil, fmt.Errorf("Predict returned %d values for %d rows", len(pred), r)
			}
			out = append(out, pred)
		}
	}
	if tr, ok := e.(estimator.Transformer); ok {
		m, err := tr.Transform(X)
		if !errors.Is(err, errors.ErrUnsupported) {
			if err != nil {
				return nil, fmt.Errorf("Transform: %w", err)
			}
			out = append(out, flatten(m))
		}
	}
	if pc, ok := e.(estimator.ProbaClassifier); ok {
		m, err := pc.PredictProba(X)
		if !errors.Is(err, errors.ErrUnsupported) {
			if err != nil {
				return nil, fmt.Errorf("PredictProba: %w", err)
			}
			out = append(out, flatten(m))
		}
	}
	if len(out) == 0 {
		// Meta-estimators may answer errors.ErrUnsupported for methods their parts
		// lack, but a fitted estimator must produce something.
		return nil, fmt.Errorf("%T supports none of Predict, Transform and PredictProba", e)
	}
	return out, nil
}

func flatten(m *mat.Dense) []float64 {
	if m == nil || m.IsEmpty() {
		return nil
	}
	r, c := m.Dims()
	out := make([]float64, 0, r*c)
	for i := 0; i < r; i++ {
		out = append(out, m.RawRowView(i)...)
	}
	return out
}

func (s *suite) fit(t *testing.T, e estimator.Estimator) {
	t.Helper()
	require.NoError(t, e.Fit(context.Background(), s.cfg.X, s.cfg.y), "Fit on the conformance data")
}

func (s *suite) equalOutputs(t *testing.T, want, got [][]float64, msg string) {
	t.Helper()
	require.Len(t, got, len(want), msg)
	for k := range want {
		require.Len(t, got[k], len(want[k]), msg)
		for i := range want[k] {
			a, b := want[k][i], got[k][i]
			if a == b || (math.IsNaN(a) && math.IsNaN(b)) {
				continue
			}
			if s.cfg.tol > 0 && math.Abs(a-b) <= s.cfg.tol {
				continue
			}
			t.Fatalf("%s: output %d differs at %d: %v vs %v", msg, k, i, a, b)
		}
	}
}

func (s *suite) clone(t *testing.T) {
	e := s.newE()
	c := estimator.Clone(e)
	require.Equal(t, reflect.TypeOf(e), reflect.TypeOf(c), "Clone must keep the concrete type")
	assert.True(t, estimator.ParamsEqual(estimator.GetParams(e), estimator.GetParams(c)),
		"Clone must copy every parameter:\n%v\n%v", estimator.GetParams(e), estimator.GetParams(c))
	s.fit(t, e)
	c2 := estimator.Clone(e)
	assertNotFitted(t, c2, s.cfg.X)
	assert.True(t, estimator.ParamsEqual(estimator.GetParams(e), estimator.GetParams(c2)), "clone of a fitted estimator must have equal params")
	// Changing the clone's parameters must not change the original (deep copy).
	before := estimator.GetParams(estimator.Clone(e))
	s.fit(t, c2)
	assert.True(t, estimator.ParamsEqual(before, estimator.GetParams(e)), "fitting a clone changed the original's params")
	// SetParams(GetParams) round-trips on a clone.
	c3 := estimator.Clone(e)
	require.NoError(t, estimator.SetParams(c3, estimator.GetParams(estimator.Clone(e))), "SetParams(GetParams(e))")
	assert.True(t, estimator.ParamsEqual(before, estimator.GetParams(c3)), "SetParams(GetParams(e)) must round-trip")
	err := estimator.SetParams(c3, estimator.Params{"NoSuchParameterXYZ": 1})
	var pe *estimator.ParamError
	assert.ErrorAs(t, err, &pe, "an unknown parameter must give a *ParamError")
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
}

func assertNotFitted(t *testing.T, e estimator.Estimator, X mat.Matrix) {
	t.Helper()
	if p, ok := e.(estimator.Predictor); ok {
		if _, err := p.Predict(X); !errors.Is(err, errors.ErrUnsupported) {
			assert.ErrorIs(t, err, estimator.ErrNotFitted, "Predict before Fit")
		}
	}
	if tr, ok := e.(estimator.Transformer); ok {
		if _, err := tr.Transform(X); !errors.Is(err, errors.ErrUnsupported) {
			assert.ErrorIs(t, err, estimator.ErrNotFitted, "Transform before Fit")
		}
	}
	if pc, ok := e.(estimator.ProbaClassifier); ok {
		_, err := pc.PredictProba(X)
		if !errors.Is(err, errors.ErrUnsupported) {
			assert.ErrorIs(t, err, estimator.ErrNotFitted, "PredictProba before Fit")
		}
	}
	if c, ok := e.(estimator.Classifier); ok {
		assert.Nil(t, c.Classes(), "Classes before Fit")
	}
}

func (s *suite) notFitted(t *testing.T) {
	assertNotFitted(t, s.newE(), s.cfg.X)
}

func (s *suite) fitKeepsParamsAndInputs(t *testing.T) {
	e := s.newE()
	params := estimator.GetParams(estimator.Clone(e))
	X := mat.DenseCopyOf(s.cfg.X)
	y := append([]float64(nil), s.cfg.y...)
	s.fit(t, e)
	assert.True(t, estimator.ParamsEqual(params, estimator.GetParams(e)), "Fit must not change exported fields:\nbefore %v\nafter  %v", params, estimator.GetParams(e))
	assert.True(t, mat.Equal(X, s.cfg.X), "Fit modified X")
	assert.Equal(t, y, []float64(append([]float64(nil), s.cfg.y...)), "Fit modified y")
	_ = outputs(t, e, s.cfg.X)
	assert.True(t, mat.Equal(X, s.cfg.X), "Predict/Transform modified X")
}

func (s *suite) idempotent(t *testing.T) {
	a, b := s.newE(), s.newE()
	s.fit(t, a)
	s.fit(t, b)
	first := outputs(t, a, s.cfg.X)
	s.equalOutputs(t, first, outputs(t, b, s.cfg.X), "two estimators fitted on the same data")
	s.fit(t, a)
	s.equalOutputs(t, first, outputs(t, a, s.cfg.X), "refitting the same estimator")
}

func (s *suite) outputsKeepState(t *testing.T) {
	e := s.newE()
	s.fit(t, e)
	sm, ok := e.(estimator.StateMarshaler)
	if !ok {
		return
	}
	before, err := sm.MarshalState()
	require.NoError(t, err)
	require.NotEmpty(t, before, "MarshalState of a fitted estimator must not be empty")
	_ = outputs(t, e, s.cfg.X)
	after, err := sm.MarshalState()
	require.NoError(t, err)
	assert.Equal(t, before, after, "Predict/Transform changed the learned state")
}

func (s *suite) shape(t *testing.T) {
	e := s.newE()
	s.fit(t, e)
	r, c := s.cfg.X.Dims()
	wide := mat.NewDense(r, c+1, nil)
	wide.Slice(0, r, 0, c).(*mat.Dense).Copy(s.cfg.X)
	if p, ok := e.(estimator.Predictor); ok {
		if _, err := p.Predict(wide); !errors.Is(err, errors.ErrUnsupported) {
			assert.ErrorIs(t, err, estimator.ErrShape, "Predict with an extra column")
		}
	}
	if tr, ok := e.(estimator.Transformer); ok {
		if _, err := tr.Transform(wide); !errors.Is(err, errors.ErrUnsupported) {
			assert.ErrorIs(t, err, estimator.ErrShape, "Transform with an extra column")
		}
	}
	if s.cfg.y != nil {
		err := s.newE().Fit(context.Background(), s.cfg.X, s.cfg.y[:r-1])
		assert.ErrorIs(t, err, estimator.ErrShape, "Fit with len(y) != rows")
	}
}

func (s *suite) badData(t *testing.T) {
	ctx := context.Background()
	nan := mat.DenseCopyOf(s.cfg.X)
	nan.Set(1, 0, math.NaN())
	inf := mat.DenseCopyOf(s.cfg.X)
	inf.Set(2, 0, math.Inf(1))
	if s.cfg.allowNaN {
		assert.NoError(t, s.newE().Fit(ctx, nan, s.cfg.y), "Fit with NaN in X (AllowNaN)")
	} else {
		assert.ErrorIs(t, s.newE().Fit(ctx, nan, s.cfg.y), estimator.ErrInvalidData, "Fit with NaN in X")
	}
	assert.ErrorIs(t, s.newE().Fit(ctx, inf, s.cfg.y), estimator.ErrInvalidData, "Fit with Inf in X")
	assert.ErrorIs(t, s.newE().Fit(ctx, &mat.Dense{}, nil), estimator.ErrInvalidData, "Fit with empty X")
	assert.Error(t, s.newE().Fit(ctx, nil, nil), "Fit with nil X")
	if s.cfg.y != nil {
		y := append([]float64(nil), s.cfg.y...)
		y[0] = math.NaN()
		assert.ErrorIs(t, s.newE().Fit(ctx, s.cfg.X, y), estimator.ErrInvalidData, "Fit with NaN in y")
		assert.Error(t, s.newE().Fit(ctx, s.cfg.X, nil), "supervised Fit with nil y")
	}
	e := s.newE()
	s.fit(t, e)
	if p, ok := e.(estimator.Predictor); ok && !s.cfg.allowNaN {
		if _, err := p.Predict(nan); !errors.Is(err, errors.ErrUnsupported) {
			assert.ErrorIs(t, err, estimator.ErrInvalidData, "Predict with NaN")
			_, err = p.Predict(&mat.Dense{})
			assert.ErrorIs(t, err, estimator.ErrInvalidData, "Predict with empty X")
		}
	}
	if tr, ok := e.(estimator.Transformer); ok && s.cfg.allowNaN {
		_, err := tr.Transform(nan)
		assert.NoError(t, err, "Transform with NaN (AllowNaN)")
	}
	if tr, ok := e.(estimator.Transformer); ok {
		if _, err := tr.Transform(inf); !errors.Is(err, errors.ErrUnsupported) {
			assert.ErrorIs(t, err, estimator.ErrInvalidData, "Transform with Inf")
		}
	}
}

func (s *suite) cancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	e := s.newE()
	err := e.Fit(ctx, s.cfg.X, s.cfg.y)
	assert.ErrorIs(t, err, context.Canceled, "Fit with a cancelled context")
	assertNotFitted(t, e, s.cfg.X)
	// A failed Fit keeps the previous model.
	s.fit(t, e)
	want := outputs(t, e, s.cfg.X)
	require.Error(t, e.Fit(ctx, s.cfg.X, s.cfg.y))
	s.equalOutputs(t, want, outputs(t, e, s.cfg.X), "a failed Fit must keep the previous model")
	bad := mat.DenseCopyOf(s.cfg.X)
	bad.Set(0, 0, math.Inf(1))
	require.Error(t, e.Fit(context.Background(), bad, s.cfg.y))
	s.equalOutputs(t, want, outputs(t, e, s.cfg.X), "a failed Fit must keep the previous model")
}

func (s *suite) saveLoad(t *testing.T) {
	e := s.newE()
	s.fit(t, e)
	want := outputs(t, e, s.cfg.X)
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, e), "Save")
	file := bytes.Clone(buf.Bytes())

	dst := estimator.Clone(s.newE())
	require.NoError(t, estimator.Load(bytes.NewReader(file), dst), "Load")
	s.equalOutputs(t, want, outputs(t, dst, s.cfg.X), "outputs after Save/Load")
	assert.True(t, estimator.ParamsEqual(estimator.GetParams(e), estimator.GetParams(dst)), "params after Save/Load")

	// Unfitted round trip stays unfitted.
	buf.Reset()
	require.NoError(t, estimator.Save(&buf, s.newE()))
	un := s.newE()
	require.NoError(t, estimator.Load(&buf, un))
	assertNotFitted(t, un, s.cfg.X)

	// Damaged files: an error, never a panic, and dst untouched.
	damaged := map[string][]byte{
		"empty":     nil,
		"truncated": file[:len(file)/2],
		"no-crc":    file[:len(file)-1],
		"bad-magic": append([]byte("xkgo"), file[4:]...),
	}
	flip := append([]byte(nil), file...)
	flip[len(flip)/2] ^= 0x5a
	damaged["flipped-byte"] = flip
	version := append([]byte(nil), file...)
	version[11] = 99
	damaged["version"] = version
	for name, b := range damaged {
		d := s.newE()
		s.fit(t, d)
		before := outputs(t, d, s.cfg.X)
		err := estimator.Load(bytes.NewReader(b), d)
		assert.ErrorIs(t, err, estimator.ErrFormat, "Load of a %s file", name)
		s.equalOutputs(t, before, outputs(t, d, s.cfg.X), "a failed Load must leave dst as it was ("+name+")")
	}
}

func (s *suite) concurrent(t *testing.T) {
	e := s.newE()
	s.fit(t, e)
	want := outputs(t, e, s.cfg.X)
	var wg sync.WaitGroup
	results := make([][][]float64, 4)
	errs := make([]error, len(results))
	for g := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[g], errs[g] = outputsErr(e, s.cfg.X)
		}()
	}
	wg.Wait()
	for g, got := range results {
		require.NoError(t, errs[g])
		s.equalOutputs(t, want, got, "concurrent outputs")
	}
}

func (s *suite) classifier(t *testing.T) {
	e := s.newE()
	s.fit(t, e)
	c := e.(estimator.Classifier)
	want := estimator.ClassesOf(s.cfg.y)
	assert.Equal(t, want, c.Classes(), "Classes must be the sorted labels seen at Fit")
	pred, err := c.Predict(s.cfg.X)
	require.NoError(t, err)
	for i, p := range pred {
		assert.Contains(t, want, p, "prediction %d is not a class", i)
	}
	if pc, ok := e.(estimator.ProbaClassifier); ok {
		proba, err := pc.PredictProba(s.cfg.X)
		if !errors.Is(err, errors.ErrUnsupported) {
			require.NoError(t, err)
			r, k := proba.Dims()
			rows, _ := s.cfg.X.Dims()
			assert.Equal(t, rows, r)
			assert.Equal(t, len(want), k)
			for i := 0; i < r; i++ {
				assert.InDelta(t, 1, mat.Sum(proba.RowView(i)), 1e-9, "probabilities of row %d must sum to 1", i)
			}
		}
	}
	one := make([]float64, len(s.cfg.y))
	assert.ErrorIs(t, s.newE().Fit(context.Background(), s.cfg.X, one), estimator.ErrInvalidData, "Fit with a single class")
}

func (s *suite) transformer(t *testing.T) {
	e := s.newE()
	s.fit(t, e)
	tr := e.(estimator.Transformer)
	out, err := tr.Transform(s.cfg.X)
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skip("Transform is unsupported by this configuration")
	}
	require.NoError(t, err)
	r, _ := out.Dims()
	rows, _ := s.cfg.X.Dims()
	assert.Equal(t, rows, r, "Transform must keep the number of rows")
	if ft, ok := s.newE().(estimator.FitTransformer); ok {
		got, err := ft.FitTransform(context.Background(), s.cfg.X, s.cfg.y)
		require.NoError(t, err)
		s.equalOutputs(t, [][]float64{flatten(out)}, [][]float64{flatten(got)}, "FitTransform vs Fit then Transform")
	}
}

// badMatrix is a custom mat.Matrix that misbehaves as a buggy or hostile
// implementation might.
type badMatrix struct {
	r, c    int
	panicAt bool
}

func (b badMatrix) Dims() (int, int) { return b.r, b.c }

func (b badMatrix) At(i, j int) float64 {
	if b.panicAt {
		panic("estimatortest: At exploded")
	}
	return 1
}

func (b badMatrix) T() mat.Matrix { return mat.Transpose{Matrix: b} }

// badMatrices returns unusable inputs with c columns.
func badMatrices(c int) map[string]mat.Matrix {
	var (
		nilDense *mat.Dense
		nilSym   *mat.SymDense
		nilVec   *mat.VecDense
	)
	return map[string]mat.Matrix{
		"nil *mat.Dense":          nilDense,
		"nil *mat.SymDense":       nilSym,
		"nil *mat.VecDense":       nilVec,
		"empty mat.Transpose":     mat.Transpose{},
		"transposed nil Dense":    mat.Transpose{Matrix: nilDense},
		"negative Dims":           badMatrix{r: -2, c: c},
		"negative columns":        badMatrix{r: 3, c: -c},
		"panicking At":            badMatrix{r: 3, c: c, panicAt: true},
		"absurd Dims":             badMatrix{r: math.MaxInt / 4, c: c},
		"zero rows":               badMatrix{r: 0, c: c},
		"nil inside a transposed": mat.Transpose{Matrix: mat.Transpose{}},
	}
}

// protect runs f and reports a panic as an error.
func protect(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return f()
}

func (s *suite) badMatrices(t *testing.T) {
	ctx := context.Background()
	_, c := s.cfg.X.Dims()
	fitted := s.newE()
	s.fit(t, fitted)
	for name, X := range badMatrices(c) {
		err := protect(func() error { return s.newE().Fit(ctx, X, s.cfg.y) })
		require.NotContains(t, fmt.Sprint(err), "panic:", "Fit with %s panicked", name)
		assert.Error(t, err, "Fit with %s", name)
		if ft, ok := s.newE().(estimator.FitTransformer); ok {
			err := protect(func() error { _, err := ft.FitTransform(ctx, X, s.cfg.y); return err })
			require.NotContains(t, fmt.Sprint(err), "panic:", "FitTransform with %s panicked", name)
			assert.Error(t, err, "FitTransform with %s", name)
		}
		if p, ok := fitted.(estimator.Predictor); ok {
			err := protect(func() error { _, err := p.Predict(X); return err })
			require.NotContains(t, fmt.Sprint(err), "panic:", "Predict with %s panicked", name)
			assert.Error(t, err, "Predict with %s", name)
		}
		if tr, ok := fitted.(estimator.Transformer); ok {
			err := protect(func() error { _, err := tr.Transform(X); return err })
			require.NotContains(t, fmt.Sprint(err), "panic:", "Transform with %s panicked", name)
			assert.Error(t, err, "Transform with %s", name)
		}
		if pc, ok := fitted.(estimator.ProbaClassifier); ok {
			err := protect(func() error { _, err := pc.PredictProba(X); return err })
			require.NotContains(t, fmt.Sprint(err), "panic:", "PredictProba with %s panicked", name)
			assert.Error(t, err, "PredictProba with %s", name)
		}
	}
}

func (s *suite) extremeValues(t *testing.T) {
	ctx := context.Background()
	for _, scale := range []float64{1e300, 1e-300} {
		X := mat.DenseCopyOf(s.cfg.X)
		X.Scale(scale, X)
		ys := map[string][]float64{"y as is": s.cfg.y}
		if s.cfg.y != nil && !s.isClf {
			big := append([]float64(nil), s.cfg.y...)
			for i := range big {
				big[i] *= scale
			}
			ys["y scaled"] = big
		}
		for yname, y := range ys {
			e := s.newE()
			var out [][]float64
			err := protect(func() error {
				if err := e.Fit(ctx, X, y); err != nil {
					return err
				}
				var err error
				out, err = outputsErr(e, X)
				return err
			})
			require.NotContains(t, fmt.Sprint(err), "panic:", "X scaled by %g, %s", scale, yname)
			if err != nil {
				continue // a clear error is an acceptable answer
			}
			for k, o := range out {
				for i, v := range o {
					if math.IsNaN(v) {
						t.Fatalf("X scaled by %g, %s: Fit succeeded but output %d holds NaN at %d (a NaN model with no error)", scale, yname, k, i)
					}
				}
			}
		}
	}
}

// forgedState saves a fitted model, damages its learned state in ways a checksum
// cannot catch (the file is re-sealed), and loads it: Load must fail or give a model
// that answers without panicking.
func (s *suite) forgedState(t *testing.T) {
	e := s.newE()
	s.fit(t, e)
	if _, ok := e.(estimator.StateMarshaler); !ok {
		return
	}
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, e))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(Payload(buf.Bytes()), &doc))
	nodes, _ := doc["nodes"].([]any)
	for ni, node := range nodes {
		st, _ := node.(map[string]any)["state"].(string)
		raw, err := base64.StdEncoding.DecodeString(st)
		if err != nil || len(raw) == 0 {
			continue
		}
		mutations := map[string][]byte{
			"no state header": raw[min(len(raw), 11):],
			"half":            raw[:len(raw)/2],
			"one byte short":  raw[:len(raw)-1],
			"trailing byte":   append(bytes.Clone(raw), 7),
		}
		for _, at := range []int{len(raw) / 3, len(raw) / 2, 2 * len(raw) / 3, len(raw) - 2} {
			for _, x := range []byte{0x01, 0x80, 0xff} {
				m := bytes.Clone(raw)
				if at > 11 && at < len(m) {
					m[at] ^= x
					mutations[fmt.Sprintf("byte %d ^ %#x", at, x)] = m
				}
			}
		}
		for name, m := range mutations {
			node.(map[string]any)["state"] = m
			payload, err := json.Marshal(doc)
			require.NoError(t, err)
			dst := s.newE()
			err = protect(func() error { return estimator.Load(bytes.NewReader(Reseal(payload)), dst) })
			require.NotContains(t, fmt.Sprint(err), "panic:", "node %d, %s: Load panicked", ni, name)
			if err != nil {
				continue
			}
			err = protect(func() error { _, err := outputsErr(dst, s.cfg.X); return err })
			require.NotContains(t, fmt.Sprint(err), "panic:", "node %d, %s: the loaded model panicked", ni, name)
		}
		node.(map[string]any)["state"] = raw
	}
}

// Reseal wraps a model-file payload (the JSON document between the header and the
// checksum) in a valid header and CRC-32, as Save does — and as anyone who edits a
// file can: a valid checksum proves nothing, so tests of hostile files use Reseal and
// EditFile to reach the loader's own checks.
func Reseal(payload []byte) []byte {
	var b bytes.Buffer
	b.WriteString("skgo-model\n")
	_ = binary.Write(&b, binary.LittleEndian, uint32(1))
	_ = binary.Write(&b, binary.LittleEndian, uint64(len(payload)))
	b.Write(payload)
	_ = binary.Write(&b, binary.LittleEndian, crc32.ChecksumIEEE(payload))
	return b.Bytes()
}

// Payload returns the JSON payload of a model file written by estimator.Save, or nil
// if file is too short to hold one.
func Payload(file []byte) []byte {
	const hdr = len("skgo-model\n") + 4 + 8
	if len(file) < hdr {
		return nil
	}
	n := binary.LittleEndian.Uint64(file[hdr-8 : hdr])
	if n > uint64(len(file)-hdr) {
		return nil
	}
	return file[hdr : hdr+int(n)]
}

// EditFile decodes the payload of a model file written by estimator.Save, lets edit
// change the document (doc["nodes"] lists one object per estimator, with "path",
// "type", "params" and base64 "state"), and re-seals it with Reseal.
func EditFile(t testing.TB, file []byte, edit func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal(Payload(file), &doc), "decoding the model file's payload")
	edit(doc)
	payload, err := json.Marshal(doc)
	require.NoError(t, err)
	return Reseal(payload)
}

// SetState returns an edit for EditFile that replaces the learned state of the
// estimator at path ("" is the root) with state. The edit panics if the file has no
// estimator at path (a mistake in the test).
func SetState(path string, state []byte) func(doc map[string]any) {
	return func(doc map[string]any) {
		nodes, _ := doc["nodes"].([]any)
		for _, n := range nodes {
			if m, ok := n.(map[string]any); ok && m["path"] == path {
				m["state"] = state
				return
			}
		}
		panic(fmt.Sprintf("estimatortest.SetState: the file has no estimator at path %q", path))
	}
}

func (s *suite) str(t *testing.T) {
	e := s.newE()
	str := fmt.Sprint(e)
	assert.NotContains(t, str, "0x", "String must print settings, not a pointer: %s", str)
	assert.False(t, len(str) > 1 && str[:2] == "&{", "String must print settings, not a struct dump: %s", str)
	name := estimator.Name(e)
	assert.Contains(t, str, name[strings.LastIndex(name, ".")+1:], "String names the type")
	s.fit(t, e)
	assert.Equal(t, str, fmt.Sprint(e), "String shows settings only, so Fit does not change it")
}
