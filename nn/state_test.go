package nn

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
)

func irisLike() (*mat.Dense, []float64) {
	X := mat.NewDense(30, 4, nil)
	y := make([]float64, 30)
	for i := range 30 {
		for j := range 4 {
			X.Set(i, j, float64((i*7+j*3)%11)/10+float64(i%3))
		}
		y[i] = float64(i % 3)
	}
	return X, y
}

// forge returns the state of f after edit changed a copy of it (with f's weights
// already encoded in Weights), encoded as MarshalState would.
func forge(t *testing.T, f *netFit, edit func(c *netFit)) []byte {
	t.Helper()
	w, err := layer.MarshalWeights(f.net)
	require.NoError(t, err)
	c := *f
	c.Weights = w
	c.Classes = append([]float64(nil), f.Classes...)
	c.InShape = append([]int(nil), f.InShape...)
	c.LossCurve = append([]float64(nil), f.LossCurve...)
	edit(&c)
	b, err := estimator.EncodeState(netStateVersion, &c)
	require.NoError(t, err)
	return b
}

// TestForgedState: forged learned state fails UnmarshalState with ErrState and
// leaves the receiver as it was.
func TestForgedState(t *testing.T) {
	ctx := context.Background()
	X, y := irisLike()
	src := &MLPClassifier{HiddenSizes: []int{5}, MaxIter: 3}
	require.NoError(t, src.Fit(ctx, X, y))
	reg := &MLPRegressor{HiddenSizes: []int{5}, MaxIter: 3}
	require.NoError(t, reg.Fit(ctx, X, y))
	cnn := &CNNClassifier{InputShape: [3]int{1, 2, 2}, Conv: []ConvSpec{{Filters: 2, Kernel: 2, BatchNorm: true}}, Hidden: []int{3}, Epochs: 1}
	require.NoError(t, cnn.Fit(ctx, X, y))

	// Weights whose first tensor claims a 2³⁰×2³⁰ shape.
	hugeShape := func(c *netFit) {
		w := append([]byte(nil), c.Weights...)
		// magic(13) version(4) count(4) kind(1) pathlen(4) path tensorlen(4) rank(4) dims...
		off := 13 + 4 + 4 + 1
		pl := int(binary.LittleEndian.Uint32(w[off:]))
		off += 4 + pl + 4 + 4
		binary.LittleEndian.PutUint32(w[off:], 1<<30)
		binary.LittleEndian.PutUint32(w[off+4:], 1<<30)
		c.Weights = w
	}
	nanWeight := func(c *netFit) {
		w := append([]byte(nil), c.Weights...)
		binary.LittleEndian.PutUint32(w[len(w)-4:], math.Float32bits(float32(math.NaN())))
		c.Weights = w
	}
	otherNet := func(c *netFit) {
		o := &MLPClassifier{HiddenSizes: []int{6}, MaxIter: 1}
		require.NoError(t, o.Fit(ctx, X, y))
		w, err := layer.MarshalWeights(o.fit.net)
		require.NoError(t, err)
		c.Weights = w
	}
	for _, tc := range []struct {
		name string
		dst  interface {
			estimator.StateMarshaler
			Predict(mat.Matrix) ([]float64, error)
		}
		fit  *netFit
		edit func(c *netFit)
		arch bool // wraps layer.ErrArchitecture too
	}{
		{"NFeatures 0", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, func(c *netFit) { c.NFeatures = 0 }, false},
		{"InShape does not multiply out", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, func(c *netFit) { c.InShape = []int{99} }, false},
		{"NFeatures huge", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, func(c *netFit) { c.NFeatures, c.InShape = 1<<40, []int{1 << 40} }, false},
		{"unsorted classes", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, func(c *netFit) { c.Classes = []float64{2, 1, 0} }, false},
		{"NaN class", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, func(c *netFit) { c.Classes[1] = math.NaN() }, false},
		{"one class", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, func(c *netFit) { c.Classes = []float64{1} }, false},
		{"no classes for a classifier", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, func(c *netFit) { c.Classes = nil }, false},
		{"classes for a regressor", &MLPRegressor{HiddenSizes: []int{5}}, reg.fit, func(c *netFit) { c.Classes = []float64{0, 1} }, false},
		{"more classes than outputs", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, func(c *netFit) { c.Classes = []float64{0, 1, 2, 3} }, true},
		{"NParams forged", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, func(c *netFit) { c.NParams = 1 << 40 }, true},
		{"weights of another network", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, otherNet, true},
		{"weights of another network, NParams to match", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, func(c *netFit) {
			otherNet(c)
			c.NParams = 4*6 + 6 + 6*3 + 3
		}, true},
		{"tensor shape beyond the bytes", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, hugeShape, false},
		{"NaN weight", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, nanWeight, false},
		{"no weights", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, func(c *netFit) { c.Weights = nil }, false},
		{"NaN loss curve", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, func(c *netFit) { c.LossCurve[0] = math.NaN() }, false},
		{"loss curve length", &MLPClassifier{HiddenSizes: []int{5}}, src.fit, func(c *netFit) { c.NIter = 99 }, false},
		{"cnn input shape", &CNNClassifier{InputShape: [3]int{1, 2, 2}, Conv: []ConvSpec{{Filters: 2, Kernel: 2, BatchNorm: true}}, Hidden: []int{3}},
			cnn.fit, func(c *netFit) { c.InShape = []int{4, 1, 1} }, true},
		{"cnn NaN weight", &CNNClassifier{InputShape: [3]int{1, 2, 2}, Conv: []ConvSpec{{Filters: 2, Kernel: 2, BatchNorm: true}}, Hidden: []int{3}},
			cnn.fit, nanWeight, false},
		{"cnn negative running variance", &CNNClassifier{InputShape: [3]int{1, 2, 2}, Conv: []ConvSpec{{Filters: 2, Kernel: 2, BatchNorm: true}}, Hidden: []int{3}},
			cnn.fit, func(c *netFit) {
				w := append([]byte(nil), c.Weights...)
				binary.LittleEndian.PutUint32(w[len(w)-4:], math.Float32bits(-1)) // the last buffer is RunVar
				c.Weights = w
			}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The destination holds a fitted model; a failed UnmarshalState keeps it.
			good, err := tc.dst.(interface{ MarshalState() ([]byte, error) }).MarshalState()
			require.NoError(t, err)
			require.Nil(t, good)
			fitted, err := marshalFit(tc.fit)
			require.NoError(t, err)
			require.NoError(t, tc.dst.UnmarshalState(fitted))
			before, err := tc.dst.Predict(X)
			require.NoError(t, err)

			b := forge(t, tc.fit, tc.edit)
			require.NotPanics(t, func() { err = tc.dst.UnmarshalState(b) })
			require.ErrorIs(t, err, estimator.ErrState)
			if tc.arch {
				assert.ErrorIs(t, err, layer.ErrArchitecture)
			}
			t.Log(err)
			after, err := tc.dst.Predict(X)
			require.NoError(t, err)
			assert.Equal(t, before, after, "the receiver is unchanged")
		})
	}

	// A state of another version fails loudly.
	w, err := layer.MarshalWeights(src.fit.net)
	require.NoError(t, err)
	c := *src.fit
	c.Weights = w
	b, err := estimator.EncodeState(netStateVersion+1, &c)
	require.NoError(t, err)
	dst := &MLPClassifier{HiddenSizes: []int{5}}
	require.ErrorIs(t, dst.UnmarshalState(b), estimator.ErrState)
	assert.Nil(t, dst.fit)
}

// TestPlanMatchesNetwork: the arithmetic sizes equal the built networks' parameter
// counts (UnmarshalState relies on it).
func TestPlanMatchesNetwork(t *testing.T) {
	ctx := context.Background()
	X, y := irisLike()
	for _, c := range []*CNNClassifier{
		{InputShape: [3]int{1, 2, 2}, Conv: []ConvSpec{{Filters: 3, Kernel: 2, Pad: 1, Pool: 2, BatchNorm: true}}, Hidden: []int{5, 4}, Epochs: 1},
		{InputShape: [3]int{1, 2, 2}, Conv: []ConvSpec{{Filters: 3, Kernel: 2, Pad: 1, Stride: 2}}, GlobalPool: true, Hidden: []int{}, Epochs: 1},
		{Conv: []ConvSpec{{Filters: 2, Kernel: 1}}, Epochs: 1},
	} {
		require.NoError(t, c.Fit(ctx, X, y))
		s, misfit := c.plan(c.fit.InShape, 3)
		require.Empty(t, misfit)
		assert.Equal(t, layer.NumParams(c.fit.net), s.params)
	}
	for _, h := range [][]int{nil, {}, {3, 7}} {
		m := &MLPRegressor{HiddenSizes: h, MaxIter: 1}
		require.NoError(t, m.Fit(ctx, X, y))
		assert.Equal(t, layer.NumParams(m.fit.net), mlpSize(4, m.config().hiddenSizes(), 1).params)
	}
}

// TestLoadForgedStateFile: forged state in a re-sealed model file fails estimator.Load
// with ErrState and leaves the destination untouched.
func TestLoadForgedStateFile(t *testing.T) {
	ctx := context.Background()
	X, y := irisLike()
	m := &MLPClassifier{HiddenSizes: []int{5}, MaxIter: 3, Schedule: &optim.CosineAnnealing{TMax: 3}, Optimizer: optim.SGD{LR: 0.01}}
	require.NoError(t, m.Fit(ctx, X, y))
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, m))
	file := buf.Bytes()

	// The untouched file loads into a zero skeleton, schedule included.
	dst := &MLPClassifier{}
	require.NoError(t, estimator.Load(bytes.NewReader(file), dst))
	assert.Equal(t, m.Schedule, dst.Schedule)

	forged := forge(t, m.fit, func(c *netFit) {
		w := append([]byte(nil), c.Weights...)
		binary.LittleEndian.PutUint32(w[len(w)-4:], math.Float32bits(float32(math.Inf(1))))
		c.Weights = w
	})
	sealed := estimatortest.EditFile(t, file, estimatortest.SetState("", forged))

	skel := &MLPClassifier{}
	err := estimator.Load(bytes.NewReader(sealed), skel)
	require.ErrorIs(t, err, estimator.ErrState)
	assert.ErrorIs(t, err, estimator.ErrFormat)
	assert.Nil(t, skel.fit)
	assert.Equal(t, &MLPClassifier{}, skel, "dst untouched")
}

// TestLoadWarmUpIntoZeroSkeleton: a schedule that holds another schedule (WarmUp.Then)
// is restored into a zero-value skeleton, nested type included.
func TestLoadWarmUpIntoZeroSkeleton(t *testing.T) {
	X, y := irisLike()
	m := &MLPClassifier{HiddenSizes: []int{5}, MaxIter: 2,
		Schedule: optim.WarmUp{Steps: 2, StartFactor: 0.5, Then: &optim.CosineAnnealing{TMax: 3}}}
	require.NoError(t, m.Fit(context.Background(), X, y))
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, m))
	dst := &MLPClassifier{}
	require.NoError(t, estimator.Load(&buf, dst))
	assert.Equal(t, m.Schedule, dst.Schedule)
	want, err := m.PredictProba(X)
	require.NoError(t, err)
	got, err := dst.PredictProba(X)
	require.NoError(t, err)
	assert.Equal(t, want.RawMatrix().Data, got.RawMatrix().Data)
}
