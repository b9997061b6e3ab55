package linear

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

func hardenData() (*mat.Dense, []float64, []float64) {
	X := mat.NewDense(8, 2, []float64{1, 2, 2, 1, 3, 5, 4, 3, 5, 8, 6, 1, 7, 4, 8, 6})
	y := []float64{1, 2, 3, 4, 5, 7, 8, 8}
	cls := []float64{0, 0, 1, 0, 1, 1, 2, 2}
	return X, y, cls
}

// stateful is what the forged-state tests need from every linear model.
type stateful interface {
	estimator.Predictor
	estimator.StateMarshaler
}

// assertRejected checks that b is refused with ErrState and that e still predicts as
// before, and that estimator.Load of a re-sealed file holding the same forged state
// (written by Save from a model carrying it) fails too.
func assertRejected(t *testing.T, e stateful, b []byte, X *mat.Dense) {
	t.Helper()
	before, err := e.MarshalState()
	require.NoError(t, err)
	want, err := e.Predict(X)
	require.NoError(t, err)
	var perr error
	require.NotPanics(t, func() { perr = e.UnmarshalState(b) })
	require.ErrorIs(t, perr, estimator.ErrState)
	after, err := e.MarshalState()
	require.NoError(t, err)
	assert.Equal(t, before, after, "receiver unchanged")
	got, err := e.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestForgedLinearState(t *testing.T) {
	X, y, _ := hardenData()
	good := func() linearFit {
		return linearFit{Coef: []float64{1, 2}, Intercept: 0.5, NFeatures: 2, NIter: 3, Converged: true}
	}
	forgeries := map[string]func(f *linearFit){
		"short coef":       func(f *linearFit) { f.Coef = f.Coef[:1] },
		"long coef":        func(f *linearFit) { f.Coef = append(f.Coef, 1) },
		"zero features":    func(f *linearFit) { f.NFeatures, f.Coef = 0, nil },
		"negative n":       func(f *linearFit) { f.NFeatures = -2 },
		"NaN coef":         func(f *linearFit) { f.Coef[1] = math.NaN() },
		"Inf coef":         func(f *linearFit) { f.Coef[0] = math.Inf(-1) },
		"NaN intercept":    func(f *linearFit) { f.Intercept = math.NaN() },
		"Inf intercept":    func(f *linearFit) { f.Intercept = math.Inf(1) },
		"negative NIter":   func(f *linearFit) { f.NIter = -1 },
		"NaN dual gap":     func(f *linearFit) { f.DualGap = math.NaN() },
		"absurd NFeatures": func(f *linearFit) { f.NFeatures = math.MaxInt },
	}
	models := map[string]struct {
		e       func() stateful
		version uint32
	}{
		"Regression": {func() stateful { return &Regression{} }, regressionStateVersion},
		"Ridge":      {func() stateful { return &Ridge{Alpha: 1} }, ridgeStateVersion},
		"Lasso":      {func() stateful { return &Lasso{Alpha: 0.1} }, lassoStateVersion},
		"ElasticNet": {func() stateful { return &ElasticNet{Alpha: 0.1, L1Ratio: 0.5} }, elasticNetStateVersion},
	}
	for name, m := range models {
		t.Run(name, func(t *testing.T) {
			e := m.e()
			require.NoError(t, e.Fit(context.Background(), X, y))
			// Round trip of the genuine state.
			b, err := e.MarshalState()
			require.NoError(t, err)
			clone := m.e()
			require.NoError(t, clone.UnmarshalState(b))
			assert.Equal(t, e, clone)

			for fname, forge := range forgeries {
				t.Run(fname, func(t *testing.T) {
					f := good()
					forge(&f)
					b, err := estimator.EncodeState(m.version, &f)
					require.NoError(t, err)
					assertRejected(t, e, b, X)
				})
			}
			t.Run("wrong version", func(t *testing.T) {
				f := good()
				b, err := estimator.EncodeState(m.version+1, &f)
				require.NoError(t, err)
				assertRejected(t, e, b, X)
			})
			t.Run("old gob state", func(t *testing.T) {
				var buf bytes.Buffer // plain gob without a version header
				require.NoError(t, gob.NewEncoder(&buf).Encode(&linearFit{Coef: []float64{1, 2}, NFeatures: 2}))
				assertRejected(t, e, buf.Bytes(), X)
			})
			t.Run("garbage", func(t *testing.T) {
				assertRejected(t, e, []byte("skgo-state\x01\xff\xfe\x00garbage"), X)
			})
		})
	}
	// State that contradicts the hyperparameters.
	f := good()
	b, err := estimator.EncodeState(regressionStateVersion, &f)
	require.NoError(t, err)
	r := &Regression{NoIntercept: true}
	require.NoError(t, r.Fit(context.Background(), X, y))
	assertRejected(t, r, b, X)
	f.Coef[0] = -1
	b, err = estimator.EncodeState(lassoStateVersion, &f)
	require.NoError(t, err)
	l := &Lasso{Alpha: 0.1, Positive: true}
	require.NoError(t, l.Fit(context.Background(), X, y))
	assertRejected(t, l, b, X)
}

func TestForgedLogisticState(t *testing.T) {
	X, _, cls := hardenData()
	e := &Logistic{}
	require.NoError(t, e.Fit(context.Background(), X, cls))
	b, err := e.MarshalState()
	require.NoError(t, err)
	clone := &Logistic{}
	require.NoError(t, clone.UnmarshalState(b))
	assert.Equal(t, e, clone)

	good := func() logisticFit {
		return logisticFit{Classes: []float64{0, 1, 2}, NFeatures: 2, Rows: 3, Coef: []float64{1, 2, 3, 4, 5, 6},
			Intercept: []float64{0, 1, 2}, Multinomial: true, NIter: 4, Converged: true}
	}
	f := good()
	b, err = estimator.EncodeState(logisticStateVersion, &f)
	require.NoError(t, err)
	require.NoError(t, (&Logistic{}).UnmarshalState(b), "the untouched forgery base is valid")
	for name, forge := range map[string]func(f *logisticFit){
		"unsorted classes":   func(f *logisticFit) { f.Classes = []float64{0, 2, 1} },
		"duplicate classes":  func(f *logisticFit) { f.Classes = []float64{0, 1, 1} },
		"NaN class":          func(f *logisticFit) { f.Classes[2] = math.NaN() },
		"one class":          func(f *logisticFit) { f.Classes, f.Rows = []float64{0}, 1 },
		"rows":               func(f *logisticFit) { f.Rows = 2 },
		"short coef":         func(f *logisticFit) { f.Coef = f.Coef[:5] },
		"coef not rows×p":    func(f *logisticFit) { f.NFeatures = 3 },
		"zero features":      func(f *logisticFit) { f.NFeatures = 0 },
		"absurd features":    func(f *logisticFit) { f.NFeatures = math.MaxInt / 2 },
		"NaN coef":           func(f *logisticFit) { f.Coef[3] = math.NaN() },
		"Inf coef":           func(f *logisticFit) { f.Coef[0] = math.Inf(1) },
		"short intercept":    func(f *logisticFit) { f.Intercept = f.Intercept[:2] },
		"NaN intercept":      func(f *logisticFit) { f.Intercept[1] = math.NaN() },
		"negative NIter":     func(f *logisticFit) { f.NIter = -5 },
		"sigmoid for auto K": func(f *logisticFit) { f.Multinomial = false },
		"two classes, K rows": func(f *logisticFit) {
			f.Classes = []float64{0, 1}
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := good()
			forge(&f)
			b, err := estimator.EncodeState(logisticStateVersion, &f)
			require.NoError(t, err)
			assertRejected(t, e, b, X)
		})
	}
	f = good()
	b, err = estimator.EncodeState(logisticStateVersion, &f)
	require.NoError(t, err)
	noIcpt := &Logistic{NoIntercept: true}
	require.NoError(t, noIcpt.Fit(context.Background(), X, cls))
	assertRejected(t, noIcpt, b, X)
	ovr := &Logistic{MultiClass: MultiClassOvR}
	require.NoError(t, ovr.Fit(context.Background(), X, cls))
	assertRejected(t, ovr, b, X)
}

// A forged model file with a valid checksum (Save of a model holding forged state)
// must not load.
func TestLoadRejectsResealedForgery(t *testing.T) {
	X, y, cls := hardenData()
	for name, tc := range map[string]struct {
		forged, dst stateful
	}{
		"Ridge": {&Ridge{fit: &linearFit{Coef: []float64{1}, NFeatures: 2}}, &Ridge{}},
		"Lasso": {&Lasso{fit: &linearFit{Coef: []float64{1, math.NaN()}, NFeatures: 2}}, &Lasso{}},
		"Logistic": {&Logistic{fit: &logisticFit{Classes: []float64{1, 0}, NFeatures: 2, Rows: 1,
			Coef: []float64{1, 2}, Intercept: []float64{0}}}, &Logistic{}},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, estimator.Save(&buf, tc.forged))
			target := cls
			if _, ok := tc.dst.(*Logistic); !ok {
				target = y
			}
			require.NoError(t, tc.dst.Fit(context.Background(), X, target))
			want, err := tc.dst.Predict(X)
			require.NoError(t, err)
			err = estimator.Load(bytes.NewReader(buf.Bytes()), tc.dst)
			require.ErrorIs(t, err, estimator.ErrState)
			got, err := tc.dst.Predict(X)
			require.NoError(t, err)
			assert.Equal(t, want, got, "dst unchanged")
		})
	}
}

// A panic in a row chunk comes back as an error, for one chunk and for many.
func TestParallelChunksPanicIsError(t *testing.T) {
	for _, n := range []int{10, 3*minChunkRows + 1} {
		err := forRowChunks(n, maxChunks, func(c, lo, hi int) {
			if hi == n {
				panic("boom")
			}
		})
		var pe *parallel.PanicError
		require.ErrorAs(t, err, &pe, "n=%d", n)
		assert.Equal(t, "boom", pe.Value)
	}
	// The logistic loss: an out-of-range class code panics in a chunk; solve returns
	// the panic instead of crashing or looping.
	X := mat.NewDense(2*logitChunkRows+5, 2, nil)
	n, _ := X.Dims()
	for i := range n {
		X.Set(i, 0, float64(i%7))
		X.Set(i, 1, float64(i%3))
	}
	code := make([]int, n)
	sw := make([]float64, n)
	for i := range code {
		code[i] = i % 3
		sw[i] = 1
	}
	code[n-1] = 7 // out of range for K = 3
	pr := newLogitProblem(X, 3, code, nil, sw, logitOptions{l2: 1, tol: 1e-4, maxIter: 10, intercept: true})
	var err error
	require.NotPanics(t, func() { _, err = pr.solve(context.Background()) })
	var pe *parallel.PanicError
	require.ErrorAs(t, err, &pe)
}

// Genuine models round-trip through Save and Load, including the settings the
// state checks compare against (NoIntercept, Positive, MultiClass).
func TestSaveLoadRoundTrip(t *testing.T) {
	X, y, cls := hardenData()
	for _, tc := range []struct {
		e, dst stateful
		target []float64
	}{
		{&Regression{NoIntercept: true}, &Regression{}, y},
		{&Ridge{Alpha: 2, Solver: RidgeSVD}, &Ridge{}, y},
		{&Lasso{Alpha: 0.1, Positive: true}, &Lasso{}, y},
		{&ElasticNet{Alpha: 0.1, L1Ratio: 0.2, NoIntercept: true}, &ElasticNet{}, y},
		{&Logistic{MultiClass: MultiClassOvR, NoIntercept: true}, &Logistic{}, cls},
		{&Logistic{MultiClass: MultiClassMultinomial}, &Logistic{}, cls[:6]},
		{&Logistic{}, &Logistic{}, cls[:6]},
	} {
		name := fmt.Sprint(tc.e)
		Xt := X
		if len(tc.target) < 8 {
			Xt = mat.DenseCopyOf(X.Slice(0, len(tc.target), 0, 2))
		}
		require.NoError(t, tc.e.Fit(context.Background(), Xt, tc.target), name)
		var buf bytes.Buffer
		require.NoError(t, estimator.Save(&buf, tc.e), name)
		require.NoError(t, estimator.Load(&buf, tc.dst), name)
		want, err := tc.e.Predict(X)
		require.NoError(t, err)
		got, err := tc.dst.Predict(X)
		require.NoError(t, err)
		assert.Equal(t, want, got, name)
	}
}

// FuzzUnmarshalState feeds mutated state to every model: it is rejected with
// ErrState, or it loads and Predict neither panics nor returns non-finite values.
func FuzzUnmarshalState(f *testing.F) {
	X, y, cls := hardenData()
	models := []func() stateful{
		func() stateful { return &Regression{} },
		func() stateful { return &Ridge{Alpha: 1} },
		func() stateful { return &Lasso{Alpha: 0.1, Positive: true} },
		func() stateful { return &ElasticNet{Alpha: 0.1, L1Ratio: 0.5} },
		func() stateful { return &Logistic{} },
		func() stateful { return &Logistic{MultiClass: MultiClassOvR} },
	}
	for i, m := range models {
		e := m()
		target := y
		if _, ok := e.(*Logistic); ok {
			target = cls
		}
		if err := e.Fit(context.Background(), X, target); err != nil {
			f.Fatal(err)
		}
		b, err := e.MarshalState()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
	}
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		e := models[int(which)%len(models)]()
		if err := e.UnmarshalState(b); err != nil {
			require.ErrorIs(t, err, estimator.ErrState)
			return
		}
		var pred []float64
		var err error
		require.NotPanics(t, func() { pred, err = e.Predict(X) })
		if err != nil {
			return // unfitted (empty state), a feature count other than X's, or an overflow
		}
		for _, v := range pred {
			require.False(t, math.IsNaN(v) || math.IsInf(v, 0), "prediction %v", v)
		}
		if l, ok := e.(*Logistic); ok {
			require.NotPanics(t, func() { _, _ = l.PredictProba(X) })
		}
	})
}
