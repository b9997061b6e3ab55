package estimator_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
)

// Mode is a typed-string enum, as estimators declare them.
type Mode string

// adam is a nested configuration value (like optim.Adam).
type adam struct{ LR, Beta1 float64 }

type rule interface{ rate() float64 }

func (a *adam) rate() float64 { return a.LR }

// shift is a toy regressor: it predicts mean(y) + Alpha·Σx, with configuration of
// every kind GetParams/SetParams/Clone must handle.
type shift struct {
	Alpha  float64
	N      int
	Mode   Mode
	Hidden []int
	Opt    rule
	Inner  estimator.Estimator
	Hook   func() `param:"-"`

	fit *shiftFit
}

type shiftFit struct {
	Mean      float64
	NFeatures int
}

func (s *shift) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.Alpha < 0 || math.IsNaN(s.Alpha) {
		return fmt.Errorf("shift: %w", &estimator.ParamError{Param: "Alpha", Value: s.Alpha, Reason: "must be >= 0"})
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("shift: %w", err)
	}
	if y == nil {
		return fmt.Errorf("shift: y is required: %w", estimator.ErrInvalidData)
	}
	var m float64
	for _, v := range y {
		m += v
	}
	_, p := x.Dims()
	s.fit = &shiftFit{Mean: m / float64(len(y)), NFeatures: p}
	return nil
}

func (s *shift) Predict(X mat.Matrix) ([]float64, error) {
	if s.fit == nil {
		return nil, fmt.Errorf("shift: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, s.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("shift: %w", err)
	}
	r, _ := x.Dims()
	out := make([]float64, r)
	for i := range out {
		out[i] = s.fit.Mean + s.Alpha*mat.Sum(x.RowView(i))
	}
	return out, nil
}

func (s *shift) MarshalState() ([]byte, error) { return estimator.EncodeState(1, s.fit) }
func (s *shift) UnmarshalState(b []byte) error { return estimator.DecodeState(b, 1, &s.fit) }

func (f *shiftFit) Check() error {
	return estimator.FirstError(estimator.CheckFinite("Mean", f.Mean), estimator.CheckCount("NFeatures", f.NFeatures, 1, 1<<20))
}

// Validate lets Load reject a file whose saved Alpha is negative before any state is
// decoded.
func (s *shift) Validate() error {
	if s.Alpha < 0 || math.IsNaN(s.Alpha) {
		return &estimator.ParamError{Param: "Alpha", Value: s.Alpha, Reason: "must be >= 0"}
	}
	return nil
}

// pair is a toy Composite with two named parts.
type pair struct {
	A, B estimator.Estimator `param:"-"`
}

func (p *pair) Parts() []estimator.Part {
	return []estimator.Part{{Name: "a", Est: p.A}, {Name: "b", Est: p.B}}
}

func (p *pair) SetPart(name string, e estimator.Estimator) error {
	switch name {
	case "a":
		p.A = e
	case "b":
		p.B = e
	default:
		return fmt.Errorf("no part %q", name)
	}
	return nil
}

func (p *pair) Clone() estimator.Estimator {
	return &pair{A: estimator.Clone(p.A), B: estimator.Clone(p.B)}
}

func (p *pair) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := p.A.Fit(ctx, X, y); err != nil {
		return err
	}
	return p.B.Fit(ctx, X, y)
}

func newShift() *shift {
	return &shift{Alpha: 0.5, N: 3, Mode: "fast", Hidden: []int{4, 2}, Opt: &adam{LR: 0.1, Beta1: 0.9},
		Inner: &shift{Alpha: 2}}
}

func TestShiftConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return newShift() })
}

func TestGetParams(t *testing.T) {
	s := newShift()
	p := estimator.GetParams(s)
	assert.Equal(t, 0.5, p["Alpha"])
	assert.Equal(t, 3, p["N"])
	assert.Equal(t, Mode("fast"), p["Mode"])
	assert.Equal(t, 0.1, p["Opt.LR"])
	assert.Equal(t, 2.0, p["Inner.Alpha"])
	assert.Same(t, s.Inner, p["Inner"])
	_, hook := p["Hook"]
	assert.False(t, hook, "param:\"-\" fields are not parameters")
	for k := range p {
		assert.False(t, strings.Contains(k, "fit"), "unexported field %q listed", k)
	}

	c := &pair{A: newShift(), B: &shift{}}
	cp := estimator.GetParams(c)
	assert.Equal(t, 0.5, cp["a.Alpha"])
	assert.Equal(t, 0.1, cp["a.Opt.LR"])
	assert.Equal(t, 2.0, cp["a.Inner.Alpha"])
	assert.Same(t, c.B, cp["b"])
	assert.Equal(t, []string{"a", "a.Alpha", "a.Hidden", "a.Inner", "a.Inner.Alpha"}, cp.Keys()[:5])
	assert.Contains(t, cp.String(), "a: *estimator_test.shift, a.Alpha: 0.5")
}

func TestSetParams(t *testing.T) {
	c := &pair{A: newShift(), B: &shift{}}
	require.NoError(t, estimator.SetParams(c, estimator.Params{
		"a.Alpha":       3,          // int into float64: exact
		"a.N":           7.0,        // float into int: exact
		"a.Mode":        "slow",     // plain string into a typed enum
		"a.Opt.LR":      float32(2), // float32 into float64
		"a.Hidden":      []any{8, 4.0},
		"a.Inner.Alpha": 1.5,
		"b.N":           uint8(9),
	}))
	a := c.A.(*shift)
	assert.Equal(t, 3.0, a.Alpha)
	assert.Equal(t, 7, a.N)
	assert.Equal(t, Mode("slow"), a.Mode)
	assert.Equal(t, 2.0, a.Opt.(*adam).LR)
	assert.Equal(t, []int{8, 4}, a.Hidden)
	assert.Equal(t, 1.5, a.Inner.(*shift).Alpha)
	assert.Equal(t, 9, c.B.(*shift).N)

	// Replacing a whole part, then setting inside the replacement (sorted order).
	repl := &shift{N: 1}
	require.NoError(t, estimator.SetParams(c, estimator.Params{"b": repl, "b.Alpha": 4}))
	assert.Same(t, repl, c.B)
	assert.Equal(t, 4.0, repl.Alpha)
	// Replacing a nested configuration value.
	require.NoError(t, estimator.SetParams(c, estimator.Params{"a.Opt": &adam{LR: 9}}))
	assert.Equal(t, 9.0, a.Opt.(*adam).LR)
}

// splitter is held by value in an interface field, as crossval.KFold is.
type splitter interface{ folds() int }

type kfold struct{ K int }

func (k kfold) folds() int { return k.K }

type withCV struct {
	shift
	CV splitter
}

func TestSetParamsStructInInterface(t *testing.T) {
	e := &withCV{CV: kfold{K: 5}}
	p := estimator.GetParams(e)
	assert.Equal(t, 5, p["CV.K"])
	require.NoError(t, estimator.SetParams(e, estimator.Params{"CV.K": 3}))
	assert.Equal(t, kfold{K: 3}, e.CV)
	require.NoError(t, estimator.SetParams(e, estimator.GetParams(estimator.Clone(e))), "SetParams(GetParams) round-trips")
	err := estimator.SetParams(e, estimator.Params{"CV.K": 2.5})
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	assert.Equal(t, kfold{K: 3}, e.CV, "a failed set leaves the value as it was")
}

func TestSetParamsErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    estimator.Params
		want string
	}{
		{"unknown", estimator.Params{"a.Alpah": 1.0}, `has no parameter "Alpah"`},
		{"unknown-part", estimator.Params{"c.Alpha": 1.0}, `has no parameter "c"`},
		{"case", estimator.Params{"a.alpha": 1.0}, `has no parameter "alpha"`},
		{"unexported", estimator.Params{"a.fit": 1.0}, "not a settable parameter"},
		{"tag-dash", estimator.Params{"a.Hook": func() {}}, "not a settable parameter"},
		{"inexact", estimator.Params{"a.N": 2.5}, "not exactly representable"},
		{"negative-uint", estimator.Params{"a.Hidden": []any{-1.5}}, "element 0"},
		{"type", estimator.Params{"a.Alpha": "big"}, "cannot be used as float64"},
		{"part-type", estimator.Params{"a": 3}, "must be an estimator"},
		{"empty-seg", estimator.Params{"a..Alpha": 1}, "empty path segment"},
		{"into-scalar", estimator.Params{"a.Alpha.X": 1}, "cannot descend"},
		{"nil-into-int", estimator.Params{"a.N": nil}, "nil is not a valid int"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &pair{A: newShift(), B: &shift{}}
			err := estimator.SetParams(c, tc.p)
			var pe *estimator.ParamError
			require.ErrorAs(t, err, &pe)
			assert.ErrorIs(t, err, estimator.ErrInvalidParam)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestClone(t *testing.T) {
	s := newShift()
	called := 0
	s.Hook = func() { called++ }
	X := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	require.NoError(t, s.Fit(context.Background(), X, []float64{1, 2, 3}))

	c := estimator.Clone(s)
	assert.Nil(t, c.fit, "a clone is unfitted")
	assert.Equal(t, s.Alpha, c.Alpha)
	assert.Equal(t, s.Hidden, c.Hidden)
	// Deep copies: changing the clone leaves the original alone.
	c.Hidden[0] = 99
	c.Opt.(*adam).LR = 5
	c.Inner.(*shift).Alpha = 7
	assert.Equal(t, 4, s.Hidden[0])
	assert.Equal(t, 0.1, s.Opt.(*adam).LR)
	assert.Equal(t, 2.0, s.Inner.(*shift).Alpha)
	// Funcs are shared.
	c.Hook()
	assert.Equal(t, 1, called)

	// Cloner is used for composites.
	p := &pair{A: s, B: &shift{}}
	pc := estimator.Clone(p)
	assert.NotSame(t, p.A, pc.A)
	assert.Nil(t, pc.A.(*shift).fit)
}

func TestSaveLoadComposite(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(4, 2, []float64{1, 2, 3, 4, 5, 6, 7, 8})
	y := []float64{1, 2, 3, 5}
	p := &pair{A: newShift(), B: &shift{Alpha: 1}}
	require.NoError(t, p.Fit(ctx, X, y))
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, p))

	dst := &pair{A: &shift{Opt: &adam{}, Inner: &shift{}}, B: &shift{}}
	require.NoError(t, estimator.Load(bytes.NewReader(buf.Bytes()), dst))
	assert.True(t, estimator.ParamsEqual(estimator.GetParams(p), estimator.GetParams(dst)))
	want, _ := p.A.(*shift).Predict(X)
	got, err := dst.A.(*shift).Predict(X)
	require.NoError(t, err)
	assert.Equal(t, want, got)

	// A skeleton of another structure is rejected, naming the path, and left as it was.
	other := &pair{A: &shift{Opt: &adam{}, Inner: &pair{A: &shift{}, B: &shift{}}}, B: &shift{}}
	before := estimator.GetParams(estimator.Clone(other))
	err = estimator.Load(bytes.NewReader(buf.Bytes()), other)
	require.ErrorIs(t, err, estimator.ErrFormat)
	assert.Contains(t, err.Error(), "a.Inner")
	assert.True(t, estimator.ParamsEqual(before, estimator.GetParams(other)))

	// A nested config of another type.
	wrongOpt := &pair{A: &shift{Opt: &other2{}, Inner: &shift{}}, B: &shift{}}
	err = estimator.Load(bytes.NewReader(buf.Bytes()), wrongOpt)
	require.ErrorIs(t, err, estimator.ErrFormat)
	assert.Contains(t, err.Error(), "saved *estimator_test.adam, have *estimator_test.other2")
}

type other2 struct{ LR float64 }

// regRule is a rule type the skeleton does not hold; Load finds it through LoadTypes
// or a ParamTyper.
type regRule struct{ LR, Beta1 float64 }

func (r *regRule) rate() float64 { return r.LR }

// typedShift lists regRule as a type its Opt field may hold (estimator.ParamTyper), as
// nn's estimators list nn/optim's rules.
type typedShift struct {
	Opt rule
}

func (*typedShift) Fit(context.Context, mat.Matrix, []float64) error { return nil }
func (*typedShift) ParamTypes() []any                                { return []any{&regRule{}} }

func TestLoadTypesIntoNilField(t *testing.T) {
	s := &shift{Alpha: 1, Opt: &regRule{LR: 0.5, Beta1: 0.8}}
	require.NoError(t, s.Fit(context.Background(), mat.NewDense(2, 1, []float64{1, 2}), []float64{1, 3}))
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, s))
	file := bytes.Clone(buf.Bytes())

	dst := &shift{} // zero-value skeleton: Opt is nil
	err := estimator.Load(bytes.NewReader(file), dst)
	require.ErrorIs(t, err, estimator.ErrFormat, "the type is not known without LoadTypes")
	assert.Contains(t, err.Error(), "estimator.LoadTypes")
	require.NoError(t, estimator.Load(bytes.NewReader(file), dst, estimator.LoadTypes(&regRule{})))
	assert.Equal(t, &regRule{LR: 0.5, Beta1: 0.8}, dst.Opt)

	other := &shift{Opt: &other2{LR: 9}} // another rule in the skeleton: the file wins
	require.NoError(t, estimator.Load(bytes.NewReader(file), other, estimator.LoadTypes(&regRule{})))
	assert.Equal(t, &regRule{LR: 0.5, Beta1: 0.8}, other.Opt)

	buf.Reset()
	require.NoError(t, estimator.Save(&buf, &shift{})) // saved with a nil Opt
	withOpt := &shift{Opt: &adam{LR: 1}}
	require.NoError(t, estimator.Load(&buf, withOpt))
	assert.Nil(t, withOpt.Opt, "a nil saved value clears the skeleton's")
}

func TestLoadParamTyper(t *testing.T) {
	s := &typedShift{Opt: &regRule{LR: 0.25}}
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, s))
	dst := &typedShift{}
	require.NoError(t, estimator.Load(&buf, dst))
	assert.Equal(t, &regRule{LR: 0.25}, dst.Opt)
}

func TestLoadUnregisteredTypeIntoNilField(t *testing.T) {
	s := &shift{Opt: &other2{LR: 2}}
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, s))
	err := estimator.Load(&buf, &shift{})
	require.ErrorIs(t, err, estimator.ErrFormat)
	assert.Contains(t, err.Error(), "estimator.LoadTypes")
}

func (o *other2) rate() float64 { return o.LR }

func TestLoadBadDst(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, &shift{}))
	assert.ErrorIs(t, estimator.Load(&buf, nil), estimator.ErrInvalidData)
	var nilShift *shift
	assert.Error(t, estimator.Load(bytes.NewReader(buf.Bytes()), nilShift))
	assert.Error(t, estimator.Save(&buf, nil))
}

func FuzzLoad(f *testing.F) {
	var buf bytes.Buffer
	s := newShift()
	_ = s.Fit(context.Background(), mat.NewDense(2, 1, []float64{1, 2}), []float64{1, 2})
	_ = estimator.Save(&buf, s)
	f.Add(buf.Bytes())
	f.Add([]byte("skgo-model\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		dst := newShift()
		_ = estimator.Load(bytes.NewReader(b), dst) // must not panic
	})
}

func TestCheckXy(t *testing.T) {
	X := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	x, err := estimator.CheckXy(X, []float64{1, 2})
	require.NoError(t, err)
	assert.Same(t, X, x, "a *mat.Dense is not copied")
	x, err = estimator.CheckXy(X.T(), nil)
	require.NoError(t, err)
	assert.Equal(t, 3.0, x.At(0, 1))

	_, err = estimator.CheckXy(X, []float64{1})
	assert.ErrorIs(t, err, estimator.ErrShape)
	_, err = estimator.CheckXy(X, []float64{1, math.Inf(-1)})
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = estimator.CheckXy(&mat.Dense{}, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	var nilDense *mat.Dense
	_, err = estimator.CheckXy(nilDense, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	X.Set(1, 0, math.NaN())
	_, err = estimator.CheckXy(X, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), "X[1, 0] is NaN")
	_, err = estimator.CheckPredict(mat.NewDense(1, 3, nil), 2)
	assert.ErrorIs(t, err, estimator.ErrShape)
	assert.Contains(t, err.Error(), "X has 3 features, but the model was fitted with 2")
}

func TestRowsAndClasses(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	r := estimator.Rows(X, []int{2, 0})
	assert.Equal(t, []float64{5, 6, 1, 2}, mat.DenseCopyOf(r).RawMatrix().Data)
	r = estimator.Rows(X.T().T(), []int{1})
	assert.Equal(t, []float64{3, 4}, mat.DenseCopyOf(r).RawMatrix().Data)
	assert.Equal(t, []float64{3, 1}, estimator.Select([]float64{1, 2, 3}, []int{2, 0}))
	assert.Nil(t, estimator.Select(nil, []int{0}))
	assert.Equal(t, []float64{1, 2, 5}, estimator.ClassesOf([]float64{5, 1, 2, 1}))
	_, err := estimator.CheckClassLabels([]float64{3, 3})
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Equal(t, "estimator_test.shift", estimator.Name(&shift{}))
	assert.True(t, errors.Is(&estimator.ParamError{Param: "x"}, estimator.ErrInvalidParam))
}

func (s *shift) String() string { return estimator.Format(s) }

func TestMeanRegressorConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &MeanRegressor{Trim: 0.1} })
}
