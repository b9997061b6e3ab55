package estimator_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
)

// badMatrix is a custom mat.Matrix whose methods misbehave as a hostile or buggy
// implementation might.
type badMatrix struct {
	r, c     int
	panicAt  bool
	panicDim bool
}

func (b badMatrix) Dims() (int, int) {
	if b.panicDim {
		panic("Dims exploded")
	}
	return b.r, b.c
}

func (b badMatrix) At(i, j int) float64 {
	if b.panicAt {
		panic("At exploded")
	}
	return 1
}

func (b badMatrix) T() mat.Matrix { return mat.Transpose{Matrix: b} }

func TestCheckXRejectsBadMatrices(t *testing.T) {
	var nilDense *mat.Dense
	var nilSym *mat.SymDense
	var nilVec *mat.VecDense
	var nilTri *mat.TriDense
	for name, X := range map[string]mat.Matrix{
		"nil interface":     nil,
		"nil *Dense":        nilDense,
		"nil *SymDense":     nilSym,
		"nil *VecDense":     nilVec,
		"nil *TriDense":     nilTri,
		"empty Transpose":   mat.Transpose{},
		"empty Dense":       &mat.Dense{},
		"negative dims":     badMatrix{r: -3, c: 2},
		"negative cols":     badMatrix{r: 3, c: -2},
		"panicking Dims":    badMatrix{panicDim: true},
		"panicking At":      badMatrix{r: 2, c: 2, panicAt: true},
		"absurd dims":       badMatrix{r: math.MaxInt / 2, c: 4},
		"zero rows":         badMatrix{r: 0, c: 4},
		"transposed nil":    mat.Transpose{Matrix: nilDense},
		"NaN":               mat.NewDense(1, 2, []float64{1, math.NaN()}),
		"Inf in transpose":  mat.NewDense(2, 1, []float64{1, math.Inf(-1)}).T(),
		"nil in a wrapper":  mat.Transpose{Matrix: mat.Transpose{}},
		"negative VecDense": badMatrix{r: 1, c: -1},
	} {
		t.Run(name, func(t *testing.T) {
			require.NotPanics(t, func() {
				_, err := estimator.CheckX(X)
				assert.ErrorIs(t, err, estimator.ErrInvalidData)
				_, err = estimator.CheckXy(X, []float64{1})
				assert.Error(t, err)
				_, err = estimator.CheckPredict(X, 2)
				assert.Error(t, err)
			})
		})
	}
	x, err := estimator.CheckX(badMatrix{r: 2, c: 3})
	require.NoError(t, err, "a well-behaved custom matrix is copied")
	assert.Equal(t, 1.0, x.At(1, 2))
}

var seal = estimatortest.Reseal

// unseal returns the decoded JSON payload of a model file.
func unseal(t *testing.T, file []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal(estimatortest.Payload(file), &doc))
	return doc
}

func saved(t *testing.T, e estimator.Estimator) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, e))
	return buf.Bytes()
}

func fitted(t *testing.T) *shift {
	s := newShift()
	require.NoError(t, s.Fit(context.Background(), mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6}), []float64{1, 2, 6}))
	return s
}

func TestLoadRejectsHugeDeclaredPayload(t *testing.T) {
	var hdr bytes.Buffer
	hdr.WriteString("skgo-model\n")
	_ = binary.Write(&hdr, binary.LittleEndian, uint32(1))
	_ = binary.Write(&hdr, binary.LittleEndian, uint64(1<<36)) // 64 GiB
	endless := io.MultiReader(&hdr, zeros{})
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	err := estimator.Load(endless, newShift())
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, estimator.ErrFormat)
	assert.Contains(t, err.Error(), "exceeds the cap")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20), "nothing of the stream is buffered")

	// Within a raised cap, the stream is read only up to its declared length.
	hdr.Reset()
	hdr.WriteString("skgo-model\n")
	_ = binary.Write(&hdr, binary.LittleEndian, uint32(1))
	_ = binary.Write(&hdr, binary.LittleEndian, uint64(1<<20))
	z := &countingZeros{}
	err = estimator.Load(io.MultiReader(&hdr, z), newShift(), estimator.MaxModelBytes(2<<20))
	require.ErrorIs(t, err, estimator.ErrFormat) // checksum mismatch
	assert.Equal(t, int64(1<<20+4), z.n)

	// The default cap refuses a file just over it; the option admits it.
	file := saved(t, fitted(t))
	err = estimator.Load(bytes.NewReader(file), newShift(), estimator.MaxModelBytes(int64(len(file)-30)))
	require.ErrorIs(t, err, estimator.ErrFormat)
	require.NoError(t, estimator.Load(bytes.NewReader(file), newShift(), estimator.MaxModelBytes(int64(len(file)))))
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

type countingZeros struct{ n int64 }

func (z *countingZeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

func TestLoadValidatesParamsBeforeState(t *testing.T) {
	doc := unseal(t, saved(t, fitted(t)))
	nodes := doc["nodes"].([]any)
	root := nodes[0].(map[string]any)
	root["params"].(map[string]any)["Alpha"].(map[string]any)["value"] = -1
	root["state"] = "AAAA" // would fail to decode, but Validate must speak first
	payload, err := json.Marshal(doc)
	require.NoError(t, err)
	dst := newShift()
	err = estimator.Load(bytes.NewReader(seal(payload)), dst)
	require.ErrorIs(t, err, estimator.ErrFormat)
	require.ErrorIs(t, err, estimator.ErrInvalidParam)
	assert.Contains(t, err.Error(), "saved hyperparameters are invalid")
	assert.Equal(t, newShift().Alpha, dst.Alpha, "dst untouched")
}

func TestLoadRejectsForgedState(t *testing.T) {
	for name, fit := range map[string]*shiftFit{
		"NaN mean":      {Mean: math.NaN(), NFeatures: 2},
		"zero features": {Mean: 1, NFeatures: 0},
		"huge features": {Mean: 1, NFeatures: 1 << 40},
	} {
		t.Run(name, func(t *testing.T) {
			st, err := estimator.EncodeState(1, fit)
			require.NoError(t, err)
			doc := unseal(t, saved(t, fitted(t)))
			doc["nodes"].([]any)[0].(map[string]any)["state"] = st
			payload, err := json.Marshal(doc)
			require.NoError(t, err)
			dst := newShift()
			err = estimator.Load(bytes.NewReader(seal(payload)), dst)
			require.ErrorIs(t, err, estimator.ErrState)
			require.ErrorIs(t, err, estimator.ErrFormat)
			_, err = dst.Predict(mat.NewDense(1, 2, nil))
			assert.ErrorIs(t, err, estimator.ErrNotFitted, "dst untouched")
		})
	}
}

func TestDecodeState(t *testing.T) {
	good, err := estimator.EncodeState(3, &shiftFit{Mean: 2, NFeatures: 4})
	require.NoError(t, err)
	var f *shiftFit
	require.NoError(t, estimator.DecodeState(good, 3, &f))
	assert.Equal(t, &shiftFit{Mean: 2, NFeatures: 4}, f)

	old := f
	for name, b := range map[string][]byte{
		"other version": good,
		"no header":     good[10:],
		"trailing":      append(bytes.Clone(good), 0),
		"truncated":     good[:len(good)-3],
		"garbage":       append([]byte("skgo-state\x03"), 0xff, 0xff, 0xff, 0xff),
	} {
		version := uint32(3)
		if name == "other version" {
			version = 4
		}
		err := estimator.DecodeState(b, version, &f)
		assert.ErrorIs(t, err, estimator.ErrState, name)
		assert.Same(t, old, f, "%s: dst unchanged", name)
	}
	require.NoError(t, estimator.DecodeState(nil, 3, &f))
	assert.Nil(t, f, "empty state means unfitted")
	nilState, err := estimator.EncodeState(3, (*shiftFit)(nil))
	require.NoError(t, err)
	assert.Nil(t, nilState)
}

// cfg carries float settings whose usual values include NaN and infinities.
type cfg struct {
	Unknown float64
	Bounds  []float64
	Opt     rule
	Table   map[string]float64
}

func (*cfg) Fit(context.Context, mat.Matrix, []float64) error { return nil }

type nanRule struct{ LR, Clip float64 }

func (r *nanRule) rate() float64 { return r.LR }

func TestSaveLoadNonFiniteParams(t *testing.T) {
	c := &cfg{Unknown: math.NaN(), Bounds: []float64{math.Inf(-1), 0, math.Inf(1)},
		Opt: &nanRule{LR: 0.1, Clip: math.Inf(1)}, Table: map[string]float64{"a": math.NaN(), "b": 2}}
	file := saved(t, c)
	dst := &cfg{Opt: &nanRule{}}
	require.NoError(t, estimator.Load(bytes.NewReader(file), dst))
	assert.True(t, math.IsNaN(dst.Unknown))
	assert.Equal(t, []float64{math.Inf(-1), 0, math.Inf(1)}, dst.Bounds)
	assert.Equal(t, 0.1, dst.Opt.(*nanRule).LR)
	assert.True(t, math.IsInf(dst.Opt.(*nanRule).Clip, 1))
	assert.True(t, math.IsNaN(dst.Table["a"]))
	assert.Equal(t, 2.0, dst.Table["b"])

	finite := saved(t, &cfg{Unknown: 1.5})
	assert.NotContains(t, string(finite), `"enc"`, "finite values keep plain JSON")
}

func TestCyclesAreErrors(t *testing.T) {
	p := &pair{A: &shift{}, B: &shift{}}
	p.B = p // built by direct assignment
	err := estimator.CheckGraph(p)
	var ce *estimator.CycleError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "b", ce.Path)
	require.ErrorIs(t, err, estimator.ErrInvalidParam)

	assert.NotPanics(t, func() { _ = estimator.GetParams(p) }, "GetParams terminates")
	assert.PanicsWithError(t, err.Error(), func() { estimator.Clone(estimator.Estimator(p)) })
	assert.ErrorIs(t, estimator.Save(io.Discard, p), estimator.ErrInvalidParam)
	assert.ErrorIs(t, estimator.Load(bytes.NewReader(saved(t, newShift())), p), estimator.ErrInvalidParam)
	assert.NotPanics(t, func() { _ = estimator.Format(p) })
	assert.Contains(t, estimator.Format(p), "<cycle>")

	// SetParams refuses to make an estimator contain itself.
	q := &pair{A: &shift{}, B: &shift{}}
	err = estimator.SetParams(q, estimator.Params{"b": q})
	require.ErrorIs(t, err, estimator.ErrInvalidParam)
	assert.NotSame(t, q, q.B)
	outer := &pair{A: q, B: &shift{}}
	err = estimator.SetParams(q, estimator.Params{"a": outer})
	require.ErrorIs(t, err, estimator.ErrInvalidParam, "indirect cycles too")
	s := &shift{}
	require.ErrorIs(t, estimator.SetParams(s, estimator.Params{"Inner": s}), estimator.ErrInvalidParam)
	require.NoError(t, estimator.CheckGraph(q))

	// Too deep a nesting is refused rather than walked.
	var deep estimator.Estimator = &shift{}
	for range estimator.MaxDepth + 2 {
		deep = &shift{Inner: deep}
	}
	require.ErrorAs(t, estimator.CheckGraph(deep), &ce)
	assert.True(t, ce.Deep)
}

func TestSetParamsUint64Overflow(t *testing.T) {
	s := &shift{}
	err := estimator.SetParams(s, estimator.Params{"N": uint64(1) << 63})
	require.ErrorIs(t, err, estimator.ErrInvalidParam)
	assert.Zero(t, s.N)
	err = estimator.SetParams(s, estimator.Params{"N": uint64(math.MaxUint64)})
	require.ErrorIs(t, err, estimator.ErrInvalidParam)
	require.NoError(t, estimator.SetParams(s, estimator.Params{"N": uint64(7)}))
	assert.Equal(t, 7, s.N)
	require.ErrorIs(t, estimator.SetParams(s, estimator.Params{"N": 1e300}), estimator.ErrInvalidParam)
	require.ErrorIs(t, estimator.SetParams(s, estimator.Params{"N": math.NaN()}), estimator.ErrInvalidParam)
}

func TestFormat(t *testing.T) {
	assert.Equal(t, "estimator_test.shift{Alpha: 0.5, N: 3, Mode: \"fast\", Hidden: [4 2], Opt: estimator_test.adam{LR: 0.1, Beta1: 0.9}, Inner: estimator_test.shift{Alpha: 2}}",
		estimator.Format(newShift()))
	assert.Equal(t, "estimator_test.shift{}", estimator.Format(&shift{}))
	assert.Equal(t, "estimator_test.cfg{Unknown: NaN}", estimator.Format(&cfg{Unknown: math.NaN()}))
	assert.Equal(t, "estimator.Passthrough", estimator.Format(estimator.Passthrough))
}

// selfWrapper unwraps to itself, as a buggy meta-estimator might.
type selfWrapper struct{ shift }

func (s *selfWrapper) Unwrap() estimator.Estimator { return s }

func TestIsClassifierEndsOnUnwrapCycles(t *testing.T) {
	assert.False(t, estimator.IsClassifier(&selfWrapper{}))
	assert.False(t, estimator.IsClassifier(nil))
	var nilShift *shift
	assert.False(t, estimator.IsClassifier(nilShift))
}

// warmRule holds another rule, as nn/optim's WarmUp holds the schedule that follows.
type warmRule struct {
	Steps int
	Then  rule
}

func (w warmRule) rate() float64 { return 0 }

func TestSaveLoadNestedInterfaceParams(t *testing.T) {
	c := &cfg{Opt: warmRule{Steps: 3, Then: &warmRule{Steps: 2, Then: &nanRule{LR: 0.5, Clip: math.Inf(1)}}}}
	file := saved(t, c)
	dst := &cfg{}
	err := estimator.Load(bytes.NewReader(file), dst)
	require.ErrorIs(t, err, estimator.ErrFormat, "unknown nested types are refused")
	require.NoError(t, estimator.Load(bytes.NewReader(file), dst, estimator.LoadTypes(warmRule{}, &warmRule{}, &nanRule{})))
	assert.Equal(t, c.Opt.(warmRule).Steps, dst.Opt.(warmRule).Steps)
	inner := dst.Opt.(warmRule).Then.(*warmRule)
	assert.Equal(t, 2, inner.Steps)
	assert.Equal(t, 0.5, inner.Then.(*nanRule).LR)
	assert.True(t, math.IsInf(inner.Then.(*nanRule).Clip, 1))
}

func TestCheckXMissingAllowsNaNOnly(t *testing.T) {
	X := mat.NewDense(2, 2, []float64{1, math.NaN(), 3, 4})
	_, err := estimator.CheckX(X)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	got, err := estimator.CheckXMissing(X)
	require.NoError(t, err)
	assert.True(t, math.IsNaN(got.At(0, 1)))
	_, err = estimator.CheckPredictMissing(X, 2)
	require.NoError(t, err)
	_, err = estimator.CheckPredictMissing(X, 3)
	require.ErrorIs(t, err, estimator.ErrShape)
	X.Set(1, 0, math.Inf(-1))
	_, err = estimator.CheckXMissing(X)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
}
