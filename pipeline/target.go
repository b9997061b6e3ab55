package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Predictor      = (*TransformedTargetRegressor)(nil)
	_ estimator.WeightedFitter = (*TransformedTargetRegressor)(nil)
	_ estimator.Validator      = (*TransformedTargetRegressor)(nil)
	_ estimator.Cloner         = (*TransformedTargetRegressor)(nil)
	_ estimator.Composite      = (*TransformedTargetRegressor)(nil)
	_ estimator.Unwrapper      = (*TransformedTargetRegressor)(nil)
	_ estimator.StateMarshaler = (*TransformedTargetRegressor)(nil)
)

// TransformedTargetRegressor fits a regressor on a transformed target and maps its
// predictions back (scikit-learn: compose.TransformedTargetRegressor):
//
//	Fit:     regressor.Fit(X, f(y))
//	Predict: f⁻¹(regressor.Predict(X))
//
// f is either Transformer (fitted on y as an n×1 column; it must also be an
// estimator.InverseTransformer) or the pair Func/InverseFunc applied elementwise
// (log1p/expm1 is the classic choice for skewed positive targets). With neither, f is
// the identity.
//
// Like scikit-learn, Fit fits clones of Regressor and Transformer (the fields are
// left untouched); Unwrap returns the fitted regressor. Parameter paths address the
// parts as "regressor" and "transformer" ("regressor.Alpha").
type TransformedTargetRegressor struct {
	// Regressor is the model fitted on the transformed target. Required.
	Regressor estimator.Predictor `param:"-"`
	// Transformer transforms y (as an n×1 column) and maps predictions back; it must
	// implement estimator.InverseTransformer. nil means use Func/InverseFunc. Setting
	// both Transformer and Func is an error.
	Transformer estimator.Transformer `param:"-"`
	// Func and InverseFunc transform the target elementwise; set both or neither
	// (scikit-learn also accepts inverse_func alone, meaning an identity func; skgo
	// does not). They are code, not data: Save does not store them, so the skeleton
	// given to Load must set them again.
	Func, InverseFunc func(float64) float64 `param:"-"`
	// NoCheckInverse disables the check, at Fit, that the inverse transform undoes
	// the transform on a subset of y (every max(1, n/10)-th value) to within
	// numpy.allclose tolerances (rtol 1e-5, atol 1e-8). scikit-learn
	// check_inverse=False; it only warns where skgo returns an error.
	NoCheckInverse bool

	fit *targetFit // nil until Fit succeeds
}

type targetFit struct {
	reg   estimator.Predictor
	trans estimator.Transformer // nil when Func/InverseFunc (or identity) is used
	inv   func(float64) float64 // InverseFunc at Fit time; nil means identity
}

// Validate checks that Regressor is set, that Transformer (if set) can invert, that
// Transformer and Func are not both set and that Func and InverseFunc come together,
// then validates the parts. It returns a *estimator.ParamError, or the
// *estimator.CycleError of estimator.CheckGraph when a part contains t.
func (t *TransformedTargetRegressor) Validate() error {
	if err := estimator.CheckGraph(t); err != nil {
		return err
	}
	if isNil(t.Regressor) {
		return &estimator.ParamError{Param: "regressor", Reason: "is required"}
	}
	if !isNil(t.Transformer) {
		if t.Func != nil || t.InverseFunc != nil {
			return &estimator.ParamError{Param: "transformer", Reason: "Transformer and Func/InverseFunc cannot both be set"}
		}
		if _, ok := t.Transformer.(estimator.InverseTransformer); !ok {
			return &estimator.ParamError{Param: "transformer", Reason: fmt.Sprintf("%T has no InverseTransform", t.Transformer)}
		}
	}
	if (t.Func == nil) != (t.InverseFunc == nil) {
		return &estimator.ParamError{Param: "InverseFunc", Reason: "Func and InverseFunc must be set together"}
	}
	for _, p := range t.Parts() {
		if v, ok := p.Est.(estimator.Validator); ok && !isNil(p.Est) {
			if err := v.Validate(); err != nil {
				return prefixParamError(p.Name, err)
			}
		}
	}
	return nil
}

// String returns the settings, nested steps included, as estimator.Format prints
// them; learned state is not shown.
func (t *TransformedTargetRegressor) String() string { return estimator.Format(t) }

// Parts returns "regressor" and "transformer" (estimator.Composite).
func (t *TransformedTargetRegressor) Parts() []estimator.Part {
	var tr, reg estimator.Estimator
	if !isNil(t.Regressor) {
		reg = t.Regressor
	}
	if !isNil(t.Transformer) {
		tr = t.Transformer
	}
	return []estimator.Part{{Name: "regressor", Est: reg}, {Name: "transformer", Est: tr}}
}

// SetPart sets Regressor ("regressor", an estimator.Predictor) or Transformer
// ("transformer", an estimator.Transformer, or nil to use Func/InverseFunc).
func (t *TransformedTargetRegressor) SetPart(name string, e estimator.Estimator) error {
	switch name {
	case "regressor":
		if isNil(e) {
			t.Regressor = nil
			return nil
		}
		p, ok := e.(estimator.Predictor)
		if !ok {
			return fmt.Errorf("pipeline.TransformedTargetRegressor: regressor %T is not a Predictor", e)
		}
		t.Regressor = p
	case "transformer":
		if isNil(e) {
			t.Transformer = nil
			return nil
		}
		tr, ok := e.(estimator.Transformer)
		if !ok {
			return fmt.Errorf("pipeline.TransformedTargetRegressor: transformer %T is not a Transformer", e)
		}
		t.Transformer = tr
	default:
		return fmt.Errorf("pipeline.TransformedTargetRegressor: no part %q (have regressor, transformer)", name)
	}
	return nil
}

// Clone returns an unfitted copy with clones of Regressor and Transformer
// (estimator.Cloner); Func and InverseFunc are shared. Like estimator.Clone, it panics
// with a *estimator.CycleError if a part contains t.
func (t *TransformedTargetRegressor) Clone() estimator.Estimator {
	if err := estimator.CheckGraph(t); err != nil {
		panic(err)
	}
	c := &TransformedTargetRegressor{Func: t.Func, InverseFunc: t.InverseFunc, NoCheckInverse: t.NoCheckInverse}
	if !isNil(t.Regressor) {
		c.Regressor = estimator.Clone(t.Regressor)
	}
	if !isNil(t.Transformer) {
		c.Transformer = estimator.Clone(t.Transformer)
	}
	return c
}

// Unwrap returns the fitted regressor, or Regressor before Fit (nil when Regressor
// contains t, so that loops over Unwrap, such as estimator.IsClassifier, end).
func (t *TransformedTargetRegressor) Unwrap() estimator.Estimator {
	if t.fit != nil {
		return t.fit.reg
	}
	if isNil(t.Regressor) || checkNoCycle(t) != nil {
		return nil
	}
	return t.Regressor
}

const ttrPrefix = "pipeline.TransformedTargetRegressor: "

// Fit transforms y, checks the inverse (unless NoCheckInverse), and fits a clone of
// Regressor on X and the transformed y. It returns a *estimator.ParamError for an
// invalid configuration or a failed inverse check, ErrInvalidData for a nil or
// non-finite y or nil X, ErrShape when len(y) differs from X's rows, the parts'
// errors, or ctx.Err(). On error a previous fit is kept.
func (t *TransformedTargetRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return t.fitWeighted(ctx, X, y, nil, false)
}

// FitWeighted fits as Fit does, passing the sample weights w to the regressor, which
// must be an estimator.WeightedFitter (otherwise the error wraps
// errors.ErrUnsupported). The target transformer is fitted without weights, as in
// scikit-learn.
func (t *TransformedTargetRegressor) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	return t.fitWeighted(ctx, X, y, w, true)
}

func (t *TransformedTargetRegressor) fitWeighted(ctx context.Context, X mat.Matrix, y, w []float64, weighted bool) error {
	if err := t.Validate(); err != nil {
		return fmt.Errorf(ttrPrefix+"%w", err)
	}
	if _, ok := t.Regressor.(estimator.WeightedFitter); weighted && !ok {
		return fmt.Errorf(ttrPrefix+"regressor %T has no FitWeighted: %w", t.Regressor, errors.ErrUnsupported)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if y == nil {
		return fmt.Errorf(ttrPrefix+"y is required: %w", estimator.ErrInvalidData)
	}
	if _, _, err := checkInput(X, y); err != nil {
		return fmt.Errorf(ttrPrefix+"%w", err)
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf(ttrPrefix+"y[%d] is %v: %w", i, v, estimator.ErrInvalidData)
		}
	}
	f := &targetFit{inv: t.InverseFunc}
	var yt []float64
	if !isNil(t.Transformer) {
		tr := estimator.Clone(t.Transformer)
		col := mat.NewDense(len(y), 1, append([]float64(nil), y...))
		out, err := estimator.FitTransform(ctx, tr, col, nil)
		if err == nil {
			err = checkOutput(out)
		}
		if err != nil {
			return fmt.Errorf(ttrPrefix+"transformer %T: %w", tr, err)
		}
		if r, c := out.Dims(); r != len(y) || c != 1 {
			return fmt.Errorf(ttrPrefix+"transformer %T returned %d×%d for a %d×1 target: %w", tr, r, c, len(y), estimator.ErrShape)
		}
		yt = mat.Col(nil, 0, out)
		f.trans = tr
	} else {
		yt = make([]float64, len(y))
		for i, v := range y {
			if t.Func != nil {
				v = t.Func(v)
			}
			yt[i] = v
		}
	}
	if !t.NoCheckInverse {
		if err := t.checkInverse(f, y, yt); err != nil {
			return fmt.Errorf(ttrPrefix+"%w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	reg := estimator.Clone(t.Regressor)
	var err error
	if weighted {
		err = reg.(estimator.WeightedFitter).FitWeighted(ctx, X, yt, w)
	} else {
		err = reg.Fit(ctx, X, yt)
	}
	if err != nil {
		return fmt.Errorf(ttrPrefix+"regressor %T: %w", reg, err)
	}
	f.reg = reg
	t.fit = f
	return nil
}

// checkInverse is scikit-learn's check_inverse: the inverse of the transformed
// subset y[::max(1, n/10)] must be allclose to the subset.
func (t *TransformedTargetRegressor) checkInverse(f *targetFit, y, yt []float64) error {
	step := max(1, len(y)/10)
	var idx []int
	for i := 0; i < len(y); i += step {
		idx = append(idx, i)
	}
	sub := make([]float64, len(idx))
	for k, i := range idx {
		sub[k] = yt[i]
	}
	back, err := f.inverse(sub)
	if err != nil {
		return err
	}
	for k, i := range idx {
		a, b := y[i], back[k]
		if !(math.Abs(a-b) <= 1e-8+1e-5*math.Abs(b)) { // numpy.allclose; NaN fails
			what := "Func and InverseFunc are"
			if f.trans != nil {
				what = fmt.Sprintf("the transformer's (%T) Transform and InverseTransform are", f.trans)
			}
			return &estimator.ParamError{Param: "InverseFunc", Reason: fmt.Sprintf(
				"%s not inverse of each other: y[%d] = %g is transformed to %g and back to %g (set NoCheckInverse to skip this check)",
				what, i, a, yt[i], b)}
		}
	}
	return nil
}

// inverse maps transformed targets back to the original scale.
func (f *targetFit) inverse(v []float64) ([]float64, error) {
	if f.trans != nil {
		if len(v) == 0 {
			return nil, fmt.Errorf("no values to transform back: %w", estimator.ErrInvalidData)
		}
		m, err := f.trans.(estimator.InverseTransformer).InverseTransform(mat.NewDense(len(v), 1, append([]float64(nil), v...)))
		if err == nil {
			err = checkOutput(m)
		}
		if err != nil {
			return nil, fmt.Errorf("transformer %T: %w", f.trans, err)
		}
		if r, c := m.Dims(); r != len(v) || c != 1 {
			return nil, fmt.Errorf("transformer %T InverseTransform returned %d×%d for %d×1: %w", f.trans, r, c, len(v), estimator.ErrShape)
		}
		return mat.Col(nil, 0, m), nil
	}
	out := make([]float64, len(v))
	for i, x := range v {
		if f.inv != nil {
			x = f.inv(x)
		}
		out[i] = x
	}
	return out, nil
}

// Predict returns the fitted regressor's predictions mapped back through the inverse
// target transform. It returns ErrNotFitted before Fit, ErrInvalidData for an unusable
// or empty X, and the regressor's errors (ErrShape, ErrInvalidData).
func (t *TransformedTargetRegressor) Predict(X mat.Matrix) ([]float64, error) {
	if t.fit == nil {
		return nil, fmt.Errorf(ttrPrefix+"%w", estimator.ErrNotFitted)
	}
	n, _, err := checkInput(X, nil)
	if err != nil {
		return nil, fmt.Errorf(ttrPrefix+"%w", err)
	}
	pred, err := t.fit.reg.Predict(X)
	if err != nil {
		return nil, fmt.Errorf(ttrPrefix+"regressor %T: %w", t.fit.reg, err)
	}
	if len(pred) != n {
		return nil, fmt.Errorf(ttrPrefix+"regressor %T returned %d predictions for %d rows: %w", t.fit.reg, len(pred), n, estimator.ErrShape)
	}
	out, err := t.fit.inverse(pred)
	if err != nil {
		return nil, fmt.Errorf(ttrPrefix+"%w", err)
	}
	return out, nil
}

// targetState is the saved form of targetFit: the fitted parts in estimator.Save's
// format (so any regressor, composite or not, round-trips). Bump targetStateVersion
// when its fields change meaning or name.
type targetState struct {
	Regressor   []byte
	Transformer []byte
}

const targetStateVersion = 1

// Check validates decoded state (estimator.DecodeState): a fitted model always has a
// fitted regressor. The parts' own states are checked when they are loaded.
func (s *targetState) Check() error {
	if len(s.Regressor) == 0 {
		return errors.New("Regressor is empty: a fitted model has a fitted regressor")
	}
	return nil
}

// MarshalState saves the fitted regressor and transformer (nil before Fit).
func (t *TransformedTargetRegressor) MarshalState() ([]byte, error) {
	if t.fit == nil {
		return nil, nil
	}
	var st targetState
	var buf bytes.Buffer
	if err := estimator.Save(&buf, t.fit.reg); err != nil {
		return nil, fmt.Errorf("regressor: %w", err)
	}
	st.Regressor = bytes.Clone(buf.Bytes())
	if t.fit.trans != nil {
		buf.Reset()
		if err := estimator.Save(&buf, t.fit.trans); err != nil {
			return nil, fmt.Errorf("transformer: %w", err)
		}
		st.Transformer = bytes.Clone(buf.Bytes())
	}
	return estimator.EncodeState(targetStateVersion, &st)
}

// UnmarshalState restores what MarshalState returned into clones of Regressor and
// Transformer, which must have the saved structure. The saved parts are loaded with
// estimator.Load (so their hyperparameters are validated and their states checked)
// from the bytes already in memory. Any failure wraps estimator.ErrState and leaves t
// unchanged.
func (t *TransformedTargetRegressor) UnmarshalState(b []byte) error {
	if len(b) == 0 {
		t.fit = nil
		return nil
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf(ttrPrefix+"%s: %w", fmt.Sprintf(format, args...), estimator.ErrState)
	}
	var st *targetState
	if err := estimator.DecodeState(b, targetStateVersion, &st); err != nil {
		return fmt.Errorf(ttrPrefix+"%w", err)
	}
	if isNil(t.Regressor) {
		return fail("the saved model has a fitted regressor but Regressor is nil")
	}
	if err := estimator.CheckGraph(t); err != nil {
		return fmt.Errorf(ttrPrefix+"%w", err)
	}
	// The nested files are already in memory (and within the outer file's cap): let
	// Load read all of each, however large the caller allowed the outer file to be.
	f := &targetFit{inv: t.InverseFunc}
	reg := estimator.Clone(t.Regressor)
	if err := estimator.Load(bytes.NewReader(st.Regressor), reg, estimator.MaxModelBytes(int64(len(st.Regressor)))); err != nil {
		return fmt.Errorf(ttrPrefix+"fitted regressor: %w: %w", err, estimator.ErrState)
	}
	f.reg = reg
	if len(st.Transformer) > 0 {
		if isNil(t.Transformer) {
			return fail("the saved model has a fitted transformer but Transformer is nil")
		}
		tr := estimator.Clone(t.Transformer)
		if err := estimator.Load(bytes.NewReader(st.Transformer), tr, estimator.MaxModelBytes(int64(len(st.Transformer)))); err != nil {
			return fmt.Errorf(ttrPrefix+"fitted transformer: %w: %w", err, estimator.ErrState)
		}
		f.trans = tr
	} else if !isNil(t.Transformer) {
		return fail("the saved model has no fitted transformer but Transformer is set")
	}
	t.fit = f
	return nil
}
