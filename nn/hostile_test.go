package nn_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
)

// editFile decodes a model file's JSON payload, lets edit change it, and re-seals it,
// as a forger would.
func editFile(t *testing.T, file []byte, edit func(doc map[string]any)) []byte {
	return estimatortest.EditFile(t, file, edit)
}

// setParam sets the saved value of the root estimator's hyperparameter name.
func setParam(name string, v any) func(map[string]any) {
	return func(doc map[string]any) {
		node := doc["nodes"].([]any)[0].(map[string]any)
		p := node["params"].(map[string]any)[name].(map[string]any)
		p["value"] = v
	}
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func saved(t *testing.T, e estimator.Estimator) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, e))
	return buf.Bytes()
}

// TestHostileFileSizes: a small file whose hyperparameters ask for a huge network is
// rejected by Validate, before anything is built, with little allocation.
func TestHostileFileSizes(t *testing.T) {
	ctx := context.Background()
	ds := datasets.Iris()
	mlp := &nn.MLPClassifier{HiddenSizes: []int{4}, MaxIter: 2}
	require.NoError(t, mlp.Fit(ctx, ds.X, ds.Y))
	cnn := &nn.CNNClassifier{InputShape: [3]int{1, 2, 2}, Conv: []nn.ConvSpec{{Filters: 2, Kernel: 2}}, Hidden: []int{3}, Epochs: 1}
	require.NoError(t, cnn.Fit(ctx, ds.X, ds.Y))
	inferred := &nn.CNNClassifier{Conv: []nn.ConvSpec{{Filters: 2, Kernel: 2}}, Hidden: []int{3}, Epochs: 1}
	require.NoError(t, inferred.Fit(ctx, ds.X, ds.Y))

	for _, tc := range []struct {
		name string
		file []byte
		dst  func() estimator.Estimator
	}{
		{"mlp/HiddenSizes 1e5×1e5", editFile(t, saved(t, mlp), setParam("HiddenSizes", []int{100000, 100000})),
			func() estimator.Estimator { return &nn.MLPClassifier{} }},
		{"mlp/HiddenSizes 1e9", editFile(t, saved(t, mlp), setParam("HiddenSizes", []int{1e9})),
			func() estimator.Estimator { return &nn.MLPClassifier{} }},
		{"mlp/overflowing sizes", editFile(t, saved(t, mlp), setParam("HiddenSizes", []int{math.MaxInt / 2, math.MaxInt / 2, 3})),
			func() estimator.Estimator { return &nn.MLPClassifier{} }},
		{"mlp/BatchSize × width", editFile(t, saved(t, mlp), func(doc map[string]any) {
			setParam("HiddenSizes", []int{1 << 20})(doc)
			setParam("BatchSize", 1<<20)(doc)
		}), func() estimator.Estimator { return &nn.MLPClassifier{} }},
		{"cnn/1e9 filters", editFile(t, saved(t, cnn), setParam("Conv", []map[string]any{{"Filters": 1e9, "Kernel": 2}})),
			func() estimator.Estimator { return &nn.CNNClassifier{} }},
		{"cnn/1e9 filters, shape inferred", editFile(t, saved(t, inferred), setParam("Conv", []map[string]any{{"Filters": 1e9, "Kernel": 2}})),
			func() estimator.Estimator { return &nn.CNNClassifier{} }},
		{"cnn/huge hidden", editFile(t, saved(t, cnn), setParam("Hidden", []int{1 << 30})),
			func() estimator.Estimator { return &nn.CNNClassifier{} }},
		{"cnn/huge input shape", editFile(t, saved(t, cnn), setParam("InputShape", []int{1 << 20, 1 << 20, 1 << 20})),
			func() estimator.Estimator { return &nn.CNNClassifier{} }},
		{"cnn/huge pad", editFile(t, saved(t, cnn), setParam("Conv", []map[string]any{{"Filters": 2, "Kernel": 2, "Pad": math.MaxInt / 2}})),
			func() estimator.Estimator { return &nn.CNNClassifier{} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := tc.dst()
			var err error
			bytes := allocated(func() { err = estimator.Load(bytesReader(tc.file), dst) })
			require.Error(t, err)
			assert.ErrorIs(t, err, estimator.ErrFormat)
			assert.ErrorIs(t, err, estimator.ErrInvalidParam)
			t.Log(err)
			assert.Less(t, bytes, uint64(4<<20), "rejected before anything is built")
			assert.Equal(t, tc.dst(), dst, "a failed Load leaves dst untouched")
		})
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// TestValidateAllocatesNothing: CNNClassifier.Validate computes shapes arithmetically;
// 1e9 filters are rejected cheaply.
func TestValidateAllocatesNothing(t *testing.T) {
	for _, e := range []estimator.Validator{
		&nn.CNNClassifier{InputShape: [3]int{3, 224, 224}, Conv: []nn.ConvSpec{{Filters: 1e9}}},
		&nn.CNNClassifier{Conv: []nn.ConvSpec{{Filters: 1e9}}},
		&nn.CNNClassifier{Conv: []nn.ConvSpec{{Filters: 1e5}, {Filters: 1e5}}},
		&nn.CNNClassifier{InputShape: [3]int{1, 28, 28}, Hidden: []int{1 << 20, 1 << 20}},
		&nn.CNNClassifier{InputShape: [3]int{3, 4096, 4096}, Conv: []nn.ConvSpec{{Filters: 512, Pad: 1}}},
		&nn.MLPRegressor{HiddenSizes: []int{100000, 100000}},
		&nn.MLPRegressor{HiddenSizes: []int{1 << 23}, BatchSize: 1 << 10},
	} {
		var pe *estimator.ParamError
		require.ErrorAs(t, e.Validate(), &pe, "%v", e)
		t.Log(pe)
		assert.Less(t, allocated(func() { _ = e.Validate() }), uint64(64<<10), "%v", e)
	}
	// A usual network passes, and Validate of a valid CNN allocates little.
	lenet := &nn.CNNClassifier{InputShape: [3]int{1, 28, 28},
		Conv: []nn.ConvSpec{{Filters: 20, Kernel: 5, Pool: 2}, {Filters: 50, Kernel: 5, Pool: 2}}, Hidden: []int{500}}
	require.NoError(t, lenet.Validate())
	assert.Less(t, allocated(func() { _ = lenet.Validate() }), uint64(64<<10))
}

// TestTypedNils: nil pointers held in interfaces, and networks with nil layers, are
// errors from Validate and Fit, never panics.
func TestTypedNils(t *testing.T) {
	ctx := context.Background()
	ds := datasets.Iris()
	for _, tc := range []struct {
		name  string
		est   estimator.Estimator
		param string
	}{
		{"mlp/nil *Adam", &nn.MLPClassifier{Optimizer: (*optim.Adam)(nil)}, "Optimizer"},
		{"mlp/nil *SGD", &nn.MLPRegressor{Optimizer: (*optim.SGD)(nil)}, "Optimizer"},
		{"cnn/nil *StepLR", &nn.CNNClassifier{Schedule: (*optim.StepLR)(nil)}, "Schedule"},
		{"net/nil WarmUp.Then", &nn.NetClassifier{Build: smallMLP(4, 3), Schedule: optim.WarmUp{Steps: 1, Then: (*optim.CosineAnnealing)(nil)}}, "Schedule.Then"},
		{"net/bad schedule", &nn.NetRegressor{Build: smallMLP(4, 1), Schedule: &optim.StepLR{Gamma: math.NaN()}}, "Schedule.Gamma"},
		{"net/nil network", &nn.NetClassifier{Build: func(*rand.Rand) layer.Layer { return nil }}, "Build"},
		{"net/nil *Sequential", &nn.NetClassifier{Build: func(*rand.Rand) layer.Layer { return (*layer.Sequential)(nil) }}, "Build"},
		{"net/nil layer inside", &nn.NetRegressor{Build: func(rng *rand.Rand) layer.Layer {
			return &layer.Sequential{Layers: []layer.Layer{layer.NewDense(4, 1, layer.Identity, rng), nil}}
		}}, "Build"},
		{"net/typed-nil layer inside", &nn.NetRegressor{Build: func(rng *rand.Rand) layer.Layer {
			return &layer.Sequential{Layers: []layer.Layer{(*layer.Dense)(nil)}}
		}}, "Build"},
		{"net/Dense without weights", &nn.NetRegressor{Build: func(rng *rand.Rand) layer.Layer { return &layer.Dense{} }}, "Build"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = tc.est.Fit(ctx, ds.X, ds.Y) })
			var pe *estimator.ParamError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tc.param, pe.Param)
			t.Log(err)
		})
	}
	// A Build that panics is an error too.
	m := &nn.NetRegressor{Build: func(*rand.Rand) layer.Layer { panic("boom") }}
	var err error
	require.NotPanics(t, func() { err = m.Fit(ctx, ds.X, ds.Y) })
	assert.ErrorContains(t, err, "boom")
}

// TestExtremeInputs: finite extreme data gives a clear error or a finite model, never
// a NaN model without an error.
func TestExtremeInputs(t *testing.T) {
	ctx := context.Background()
	const n = 20
	fill := func(v float64) (*mat.Dense, []float64) {
		X := mat.NewDense(n, 2, nil)
		y := make([]float64, n)
		for i := range n {
			X.Set(i, 0, v*float64(i%3))
			X.Set(i, 1, v)
			y[i] = float64(i % 2)
		}
		return X, y
	}
	scale := func(y []float64, s float64) []float64 {
		out := make([]float64, len(y))
		for i, v := range y {
			out[i] = v * s
		}
		return out
	}
	X1, y1 := fill(1)
	Xbig, _ := fill(1e308)
	Xf32, _ := fill(1e38)
	Xtiny, _ := fill(1e-300)
	for _, tc := range []struct {
		name string
		est  estimator.Predictor
		X    *mat.Dense
		y    []float64
		want error // nil: a clear error or a model whose outputs hold no NaN
	}{
		{"mlp/X=1e308", &nn.MLPRegressor{HiddenSizes: []int{4}, MaxIter: 3}, Xbig, y1, estimator.ErrInvalidData},
		{"mlp/y=1e308", &nn.MLPRegressor{HiddenSizes: []int{4}, MaxIter: 3}, X1, scale(y1, 1e308), estimator.ErrInvalidData},
		{"mlp/y=1e30", &nn.MLPRegressor{HiddenSizes: []int{4}, MaxIter: 3}, X1, scale(y1, 1e30), estimator.ErrConvergence},
		{"mlp/X=1e38", &nn.MLPRegressor{HiddenSizes: []int{4}, MaxIter: 3}, Xf32, y1, estimator.ErrConvergence},
		{"mlp/X=1e-300", &nn.MLPRegressor{HiddenSizes: []int{4}, MaxIter: 3}, Xtiny, scale(y1, 1e-300), nil},
		{"mlp-clf/X=1e38", &nn.MLPClassifier{HiddenSizes: []int{4}, MaxIter: 3}, Xf32, y1, nil},
		{"cnn/X=1e38", &nn.CNNClassifier{InputShape: [3]int{1, 1, 2}, Conv: []nn.ConvSpec{{Filters: 2, Kernel: 1}}, Epochs: 2}, Xf32, y1, nil},
		{"net/y=1e30", &nn.NetRegressor{Build: smallMLP(2, 1), Epochs: 2}, X1, scale(y1, 1e30), estimator.ErrConvergence},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = tc.est.Fit(ctx, tc.X, tc.y) })
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
				t.Log(err)
				return
			}
			if err != nil {
				require.True(t, errors.Is(err, estimator.ErrConvergence) || errors.Is(err, estimator.ErrInvalidData), "%v", err)
				return
			}
			pred, err := tc.est.Predict(tc.X)
			if err != nil {
				require.ErrorIs(t, err, estimator.ErrInvalidData)
				return
			}
			for _, v := range pred {
				require.False(t, math.IsNaN(v), "a NaN prediction without an error")
			}
			if pc, ok := tc.est.(estimator.ProbaClassifier); ok {
				proba, err := pc.PredictProba(tc.X)
				if err != nil {
					require.ErrorIs(t, err, estimator.ErrInvalidData)
					return
				}
				for _, v := range proba.RawMatrix().Data {
					require.False(t, math.IsNaN(v), "a NaN probability without an error")
				}
			}
		})
	}
	// A model fitted on ordinary data refuses to return NaN for inputs whose float32
	// arithmetic overflows.
	m := &nn.MLPRegressor{HiddenSizes: []int{4}, MaxIter: 3, Seed: 1}
	require.NoError(t, m.Fit(ctx, X1, y1))
	big := mat.NewDense(2, 2, []float64{3e38, -3e38, 3e38, 3e38})
	pred, err := m.Predict(big)
	if err == nil {
		for _, v := range pred {
			require.False(t, math.IsNaN(v), "Predict returned NaN without an error")
		}
	} else {
		require.ErrorIs(t, err, estimator.ErrInvalidData)
	}
}

// TestStringAndParamTypes: every estimator prints its settings and lists optim's types.
func TestStringAndParamTypes(t *testing.T) {
	for _, e := range []estimator.Estimator{
		&nn.MLPClassifier{HiddenSizes: []int{64}}, &nn.MLPRegressor{Alpha: 1e-4}, &nn.CNNClassifier{Epochs: 3},
		&nn.NetClassifier{Build: smallMLP(4, 3)}, &nn.NetRegressor{Loss: nn.LossMAE},
	} {
		s := e.(interface{ String() string }).String()
		assert.NotContains(t, s, "0x")
		assert.Contains(t, s, "nn.")
		assert.Equal(t, optim.Types(), e.(estimator.ParamTyper).ParamTypes())
	}
	assert.Equal(t, "nn.MLPClassifier{HiddenSizes: [64]}", (&nn.MLPClassifier{HiddenSizes: []int{64}}).String())
}

// TestActivationNames: the estimators take layer.Activation; scikit-learn's strings
// work through SetParams, and "" is ReLU for an estimator (identity for a layer).
func TestActivationNames(t *testing.T) {
	ctx := context.Background()
	ds := datasets.Iris()
	for _, a := range []string{"relu", "tanh", "logistic", "identity", "gelu"} {
		m := &nn.MLPClassifier{HiddenSizes: []int{4}, MaxIter: 2}
		require.NoError(t, estimator.SetParams(m, estimator.Params{"Activation": a}))
		require.NoError(t, m.Fit(ctx, ds.X, ds.Y), a)
		assert.Equal(t, layer.Activation(a), m.Activation)
	}
	relu := &nn.MLPClassifier{HiddenSizes: []int{4}, MaxIter: 2, Seed: 1}
	zero := &nn.MLPClassifier{HiddenSizes: []int{4}, MaxIter: 2, Seed: 1, Activation: layer.ActReLU}
	require.NoError(t, relu.Fit(ctx, ds.X, ds.Y))
	require.NoError(t, zero.Fit(ctx, ds.X, ds.Y))
	assert.Equal(t, relu.LossCurve(), zero.LossCurve(), `"" is relu for the estimators`)
	id := &nn.MLPClassifier{HiddenSizes: []int{4}, MaxIter: 2, Activation: layer.Identity}
	require.NoError(t, id.Fit(ctx, ds.X, ds.Y))
	assert.NotContains(t, layerString(id.Net()), "relu", "layer.Identity means the identity in an estimator too")
	assert.Error(t, (&nn.CNNClassifier{Activation: "swish"}).Validate())
}

func layerString(l layer.Layer) string {
	var s string
	for _, c := range l.(*layer.Sequential).Layers {
		s += c.(interface{ String() string }).String() + ";"
	}
	return s
}
