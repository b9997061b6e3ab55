package nn_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/parallel"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
	"github.com/skgo/skgo/nn/tensor"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// smallMLP builds a p => 8 => k network for the Net estimators.
func smallMLP(p, k int) func(rng *rand.Rand) layer.Layer {
	return func(rng *rand.Rand) layer.Layer {
		return &layer.Sequential{Layers: []layer.Layer{
			layer.NewDense(p, 8, layer.ActReLU, rng),
			layer.NewDense(8, k, layer.Identity, rng),
		}}
	}
}

func TestConformance(t *testing.T) {
	// The conformance data: 60 rows × 4 features, classifiers get 3 classes.
	for name, newE := range map[string]func() estimator.Estimator{
		"MLPClassifier": func() estimator.Estimator {
			return &nn.MLPClassifier{HiddenSizes: []int{8}, MaxIter: 20, Alpha: 1e-4, Seed: 1}
		},
		"MLPClassifier/early-stopping": func() estimator.Estimator {
			return &nn.MLPClassifier{HiddenSizes: []int{8, 4}, Activation: layer.ActTanh, MaxIter: 20, BatchSize: 16,
				EarlyStopping: true, ValidationFraction: 0.2, NIterNoChange: 2, Optimizer: &optim.SGD{LR: 0.1, Momentum: 0.9}}
		},
		"MLPClassifier/zero-value": func() estimator.Estimator { return &nn.MLPClassifier{} },
		"MLPRegressor/zero-value":  func() estimator.Estimator { return &nn.MLPRegressor{} },
		"MLPRegressor": func() estimator.Estimator {
			return &nn.MLPRegressor{HiddenSizes: []int{8}, MaxIter: 30, Optimizer: &optim.Adam{LR: 0.01}, Seed: 2}
		},
		"MLPRegressor/early-stopping": func() estimator.Estimator {
			return &nn.MLPRegressor{HiddenSizes: []int{8}, Activation: layer.ActSigmoid, MaxIter: 30, EarlyStopping: true, NoShuffle: true}
		},
		"CNNClassifier": func() estimator.Estimator {
			return &nn.CNNClassifier{InputShape: [3]int{1, 2, 2}, Conv: []nn.ConvSpec{{Filters: 4, Kernel: 2, Pad: 1, Pool: 2}},
				Hidden: []int{8}, Epochs: 5, BatchSize: 16, Seed: 3}
		},
		"CNNClassifier/bn-dropout-early": func() estimator.Estimator {
			return &nn.CNNClassifier{InputShape: [3]int{1, 2, 2}, Conv: []nn.ConvSpec{{Filters: 4, Kernel: 2, Pad: 1, BatchNorm: true}},
				GlobalPool: true, Hidden: []int{}, Dropout: 0.2, LabelSmoothing: 0.1, Epochs: 6, BatchSize: 8,
				EarlyStopping: true, Patience: 2, Optimizer: &optim.AdamW{LR: 3e-3}, Schedule: &optim.CosineAnnealing{TMax: 6}}
		},
		"NetClassifier": func() estimator.Estimator {
			return &nn.NetClassifier{Build: smallMLP(4, 3), Epochs: 5, BatchSize: 16, Seed: 4}
		},
		"NetRegressor": func() estimator.Estimator {
			return &nn.NetRegressor{Build: smallMLP(4, 1), Epochs: 10, BatchSize: 16, Loss: nn.LossHuber, Optimizer: &optim.Adam{LR: 0.01}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			estimatortest.Run(t, newE)
		})
	}
}

// digits returns Digits scaled to [0, 1], split 4:1 into train and test rows.
func digits(t *testing.T) (Xtr, Xte mat.Matrix, ytr, yte []float64) {
	t.Helper()
	ds := datasets.Digits()
	X := mat.DenseCopyOf(ds.X)
	X.Scale(1.0/16, X)
	n, _ := X.Dims()
	var tr, te []int
	for i := 0; i < n; i++ {
		if i%5 == 0 {
			te = append(te, i)
		} else {
			tr = append(tr, i)
		}
	}
	return estimator.Rows(X, tr), estimator.Rows(X, te), estimator.Select(ds.Y, tr), estimator.Select(ds.Y, te)
}

func TestDigitsAccuracy(t *testing.T) {
	Xtr, Xte, ytr, yte := digits(t)
	for _, tc := range []struct {
		name string
		est  estimator.Predictor
		min  float64
	}{
		{"CNN", &nn.CNNClassifier{InputShape: [3]int{1, 8, 8}, Conv: []nn.ConvSpec{{Filters: 16, Kernel: 3, Pad: 1, Pool: 2}},
			Hidden: []int{64}, Dropout: 0.1, Epochs: 10, Seed: 1}, 0.95},
		{"CNN/inferred-shape/defaults", &nn.CNNClassifier{Epochs: 4, Seed: 1}, 0.9},
		{"MLP", &nn.MLPClassifier{HiddenSizes: []int{64}, MaxIter: 40, Alpha: 1e-4, Seed: 1}, 0.93},
		{"Net", &nn.NetClassifier{Build: smallMLP(64, 10), Epochs: 20, Optimizer: &optim.Adam{LR: 3e-3}}, 0.9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.est.Fit(context.Background(), Xtr, ytr))
			pred, err := tc.est.Predict(Xte)
			require.NoError(t, err)
			acc := metrics.AccuracyScore(yte, pred, nil)
			t.Logf("held-out accuracy %.4f", acc)
			assert.Greater(t, acc, tc.min)
		})
	}
}

func TestDeterminism(t *testing.T) {
	Xtr, _, ytr, _ := digits(t)
	newCNN := func(seed uint64) *nn.CNNClassifier {
		return &nn.CNNClassifier{InputShape: [3]int{1, 8, 8}, Conv: []nn.ConvSpec{{Filters: 4, Kernel: 3, Pool: 2, BatchNorm: true}},
			Hidden: []int{16}, Dropout: 0.3, Epochs: 2, Seed: seed}
	}
	ctx := context.Background()
	a, b, c := newCNN(5), newCNN(5), newCNN(6)
	require.NoError(t, a.Fit(ctx, Xtr, ytr))
	require.NoError(t, b.Fit(ctx, Xtr, ytr))
	require.NoError(t, c.Fit(ctx, Xtr, ytr))
	assert.Equal(t, a.LossCurve(), b.LossCurve(), "same seed, same loss curve")
	assert.NotEqual(t, a.LossCurve(), c.LossCurve(), "another seed, another run")
	pa, err := a.PredictProba(Xtr)
	require.NoError(t, err)
	pb, err := b.PredictProba(Xtr)
	require.NoError(t, err)
	assert.True(t, mat.Equal(pa, pb), "bit-identical probabilities")
	assert.Equal(t, 2, a.NIter())
	assert.False(t, a.Converged())
	assert.True(t, math.IsNaN(a.BestValidationScore()))
}

func TestParamErrors(t *testing.T) {
	X := mat.NewDense(4, 4, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	y := []float64{0, 1, 0, 1}
	for _, tc := range []struct {
		name  string
		est   estimator.Estimator
		param string
	}{
		{"mlp/negative-epochs", &nn.MLPClassifier{MaxIter: -1}, "MaxIter"},
		{"mlp/negative-batch", &nn.MLPRegressor{BatchSize: -5}, "BatchSize"},
		{"mlp/hidden", &nn.MLPClassifier{HiddenSizes: []int{4, 0}}, "HiddenSizes"},
		{"mlp/activation", &nn.MLPClassifier{Activation: "swish"}, "Activation"},
		{"mlp/alpha", &nn.MLPRegressor{Alpha: math.NaN()}, "Alpha"},
		{"mlp/valfrac", &nn.MLPRegressor{ValidationFraction: 1}, "ValidationFraction"},
		{"mlp/optimizer", &nn.MLPRegressor{Optimizer: &optim.Adam{LR: -1}}, "Optimizer.LR"},
		{"cnn/negative-epochs", &nn.CNNClassifier{Epochs: -3}, "Epochs"},
		{"cnn/negative-batch", &nn.CNNClassifier{BatchSize: -1}, "BatchSize"},
		{"cnn/filters", &nn.CNNClassifier{Conv: []nn.ConvSpec{{Filters: 0}}}, "Conv[0].Filters"},
		{"cnn/input-shape", &nn.CNNClassifier{InputShape: [3]int{1, 0, 4}}, "InputShape"},
		{"cnn/dropout", &nn.CNNClassifier{Dropout: 1}, "Dropout"},
		{"net/nil-build", &nn.NetClassifier{}, "Build"},
		{"net/loss", &nn.NetRegressor{Build: smallMLP(4, 1), Loss: "l3"}, "Loss"},
		{"net/patience", &nn.NetRegressor{Build: smallMLP(4, 1), Patience: -1}, "Patience"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.est.Fit(context.Background(), X, y)
			var pe *estimator.ParamError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tc.param, pe.Param)
			assert.ErrorIs(t, err, estimator.ErrInvalidParam)
			assert.Error(t, tc.est.(estimator.Validator).Validate())
		})
	}
}

func TestShapeErrors(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(4, 12, nil)
	for i := 0; i < 4; i++ {
		for j := 0; j < 12; j++ {
			X.Set(i, j, float64(i*j%5))
		}
	}
	y := []float64{0, 1, 0, 1}

	err := (&nn.CNNClassifier{InputShape: [3]int{1, 4, 4}}).Fit(ctx, X, y)
	require.ErrorIs(t, err, estimator.ErrShape)
	assert.Contains(t, err.Error(), "12 columns")
	assert.Contains(t, err.Error(), "[1 4 4]")

	err = (&nn.CNNClassifier{}).Fit(ctx, X, y) // 12 is not a square
	require.ErrorIs(t, err, estimator.ErrShape)

	// The second block gets a 1×1 map and cannot convolve it with a 3×3 kernel.
	// With InputShape set, Validate (and so Fit) reports it as a parameter error.
	bad := []nn.ConvSpec{{Filters: 2, Kernel: 2}, {Filters: 2, Kernel: 3}}
	err = (&nn.CNNClassifier{InputShape: [3]int{3, 2, 2}, Conv: bad}).Fit(ctx, X, y)
	require.ErrorIs(t, err, estimator.ErrInvalidParam)
	assert.Contains(t, err.Error(), "Conv[1]")
	assert.Contains(t, err.Error(), "[2 1 1]")
	t.Log(err)
	// With the shape inferred from the data (1×4×4 here), Fit reports ErrShape.
	X16 := mat.NewDense(4, 16, nil)
	err = (&nn.CNNClassifier{Conv: []nn.ConvSpec{{Filters: 2, Kernel: 3, Pool: 2}, {Filters: 2, Kernel: 3}}}).Fit(ctx, X16, y)
	require.ErrorIs(t, err, estimator.ErrShape)
	assert.Contains(t, err.Error(), "Conv[1]")
	assert.Contains(t, err.Error(), "[2 1 1]")
	t.Log(err)

	err = (&nn.NetClassifier{Build: smallMLP(12, 5)}).Fit(ctx, X, y)
	require.ErrorIs(t, err, estimator.ErrShape, "5 logits for 2 classes")
	assert.Contains(t, err.Error(), "2 classes")

	err = (&nn.NetRegressor{Build: smallMLP(10, 1)}).Fit(ctx, X, y)
	require.ErrorIs(t, err, estimator.ErrShape, "the network expects 10 features")

	err = (&nn.NetRegressor{Build: smallMLP(12, 1), InputShape: []int{2, 5}}).Fit(ctx, X, y)
	require.ErrorIs(t, err, estimator.ErrShape)

	// A shape panic during training (not at the single-sample check) is recovered.
	panicky := func(rng *rand.Rand) layer.Layer {
		return &layer.Sequential{Layers: []layer.Layer{
			layer.Lambda{Name: "batch-one-only", Fn: func(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
				if x.Value.Dim(0) > 1 {
					panic(&tensor.ShapeError{Op: "batch-one-only", A: x.Shape()})
				}
				return x
			}},
			layer.NewDense(12, 1, layer.Identity, rng),
		}}
	}
	err = (&nn.NetRegressor{Build: panicky}).Fit(ctx, X, y)
	require.ErrorIs(t, err, estimator.ErrShape)

	// Any other panic (here in the user's own layer) comes back as an error carrying
	// the panic value and its stack: no panic escapes Fit.
	bug := func(rng *rand.Rand) layer.Layer {
		return &layer.Sequential{Layers: []layer.Layer{
			layer.Lambda{Fn: func(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
				if x.Value.Dim(0) > 1 {
					panic("a bug")
				}
				return x
			}},
			layer.NewDense(12, 1, layer.Identity, rng),
		}}
	}
	var fitErr error
	require.NotPanics(t, func() { fitErr = (&nn.NetRegressor{Build: bug}).Fit(ctx, X, y) })
	var pe *parallel.PanicError
	require.ErrorAs(t, fitErr, &pe)
	assert.Equal(t, "a bug", pe.Value)
	assert.Contains(t, fitErr.Error(), "nn.NetRegressor: ")
	assert.NotEmpty(t, pe.Stack)
}

func TestNonFiniteLoss(t *testing.T) {
	X := mat.NewDense(6, 1, []float64{1e30, -1e30, 1e30, -1e30, 1e30, 2e30})
	y := []float64{1, 2, 3, 4, 5, 6}
	m := &nn.MLPRegressor{HiddenSizes: []int{4}, Optimizer: &optim.SGD{LR: 10}, MaxIter: 5, BatchSize: 3}
	err := m.Fit(context.Background(), X, y)
	require.ErrorIs(t, err, estimator.ErrConvergence)
	assert.Regexp(t, `nn.MLPRegressor: loss is (NaN|\+Inf|-Inf) at epoch 1, batch 1`, err.Error())
	_, err = m.Predict(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted, "a failed Fit leaves the model unfitted")

	// Values beyond float32's range are rejected at the boundary.
	huge := mat.NewDense(6, 1, []float64{1, 2, 1e300, 4, 5, 6})
	err = m.Fit(context.Background(), huge, y)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	small := mat.NewDense(6, 1, []float64{1, 2, 3, 4, 5, 6})
	m.Optimizer = nil
	require.NoError(t, m.Fit(context.Background(), small, y))
	_, err = m.Predict(huge)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), "overflows float32")
}

func TestLabelsAreKept(t *testing.T) {
	ds := datasets.Iris()
	y := make([]float64, len(ds.Y))
	codes := []float64{-1, 2, 7}
	for i, v := range ds.Y {
		y[i] = codes[int(v)]
	}
	m := &nn.MLPClassifier{HiddenSizes: []int{16}, MaxIter: 100, Optimizer: &optim.Adam{LR: 0.01}, Seed: 3}
	require.NoError(t, m.Fit(context.Background(), ds.X, y))
	assert.Equal(t, codes, m.Classes())
	pred, err := m.Predict(ds.X)
	require.NoError(t, err)
	assert.Greater(t, metrics.AccuracyScore(y, pred, nil), 0.9)
	for _, p := range pred {
		assert.Contains(t, codes, p)
	}
	// The training loss should mostly decrease; the stopping rule may end early.
	curve := m.LossCurve()
	require.Len(t, curve, m.NIter())
	assert.Less(t, curve[len(curve)-1], curve[0])
}

func TestEarlyStopping(t *testing.T) {
	Xtr, Xte, ytr, yte := digits(t)
	m := &nn.MLPClassifier{HiddenSizes: []int{32}, MaxIter: 200, EarlyStopping: true, NIterNoChange: 2,
		Optimizer: &optim.Adam{LR: 0.01}, Seed: 1}
	require.NoError(t, m.Fit(context.Background(), Xtr, ytr))
	assert.Less(t, m.NIter(), 200, "stops early")
	assert.True(t, m.Converged())
	scores := m.ValidationScores()
	require.Len(t, scores, m.NIter())
	best := math.Inf(-1)
	for _, s := range scores {
		best = max(best, s)
	}
	assert.Equal(t, best, m.BestValidationScore())
	pred, err := m.Predict(Xte)
	require.NoError(t, err)
	assert.Greater(t, metrics.AccuracyScore(yte, pred, nil), 0.9)

	// Regression: the R² of the validation split is tracked.
	ds := datasets.Diabetes()
	r := &nn.NetRegressor{Build: smallMLP(10, 1), Epochs: 50, EarlyStopping: true, Patience: 3, Optimizer: &optim.Adam{LR: 0.01}}
	require.NoError(t, r.Fit(context.Background(), ds.X, ds.Y))
	assert.Len(t, r.ValidationScores(), r.NIter())
	assert.False(t, math.IsNaN(r.BestValidationScore()))
}

func TestOnEpochAndProgress(t *testing.T) {
	Xtr, Xte, ytr, yte := digits(t)
	ctx := context.Background()
	var seen []int
	var buf bytes.Buffer
	c := &nn.CNNClassifier{InputShape: [3]int{1, 8, 8}, Conv: []nn.ConvSpec{{Filters: 4, Kernel: 3, Pool: 2}}, Hidden: []int{},
		Epochs: 10, Progress: &buf, OnEpoch: func(e nn.EpochInfo) error {
			seen = append(seen, e.Epoch)
			assert.Equal(t, 10, e.Epochs)
			assert.Greater(t, e.Loss, 0.0)
			assert.InDelta(t, 1e-3, e.LR, 1e-12)
			assert.NotNil(t, e.Net())
			pred, err := e.Predict(Xte)
			require.NoError(t, err)
			assert.Len(t, pred, len(yte))
			if e.Epoch == 3 {
				return nn.ErrStopTraining
			}
			return nil
		}}
	require.NoError(t, c.Fit(ctx, Xtr, ytr))
	assert.Equal(t, []int{1, 2, 3}, seen)
	assert.Equal(t, 3, c.NIter())
	assert.Contains(t, buf.String(), "epoch 3/10")
	assert.Contains(t, buf.String(), "loss")
	assert.NotContains(t, buf.String(), "\r", "a buffer is not a terminal: whole lines, no redrawn frames")
	assert.Equal(t, 3, strings.Count(buf.String(), "\n"), "one line per epoch")

	// Another error aborts Fit and keeps the previous model.
	before, err := c.Predict(Xte)
	require.NoError(t, err)
	boom := errors.New("boom")
	c.OnEpoch = func(nn.EpochInfo) error { return boom }
	c.Seed = 99
	err = c.Fit(ctx, Xtr, ytr)
	require.ErrorIs(t, err, boom)
	after, err := c.Predict(Xte)
	require.NoError(t, err)
	assert.Equal(t, before, after)

	// Cancelling during training returns ctx.Err().
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c.OnEpoch = func(nn.EpochInfo) error { cancel(); return nil }
	err = c.Fit(cctx, Xtr, ytr)
	assert.ErrorIs(t, err, context.Canceled)
}

func newDigitsPipeline() *pipeline.Pipeline {
	return pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.MinMaxScaler{}},
		pipeline.Step{Name: "cnn", Est: &nn.CNNClassifier{
			InputShape: [3]int{1, 8, 8},
			Conv:       []nn.ConvSpec{{Filters: 8, Kernel: 3, Pad: 1, Pool: 2}},
			Hidden:     []int{32},
			Epochs:     3,
			Optimizer:  &optim.Adam{},
			Seed:       1,
		}},
	)
}

func TestPipelineSearchPathAndSaveLoad(t *testing.T) {
	Xtr, Xte, ytr, _ := digits(t)
	pipe := newDigitsPipeline()
	require.NoError(t, estimator.SetParams(pipe, estimator.Params{"cnn.Optimizer.LR": 3e-3, "cnn.Hidden": []int{16}}))
	cnn := pipe.Step("cnn").(*nn.CNNClassifier)
	assert.Equal(t, 3e-3, cnn.Optimizer.(*optim.Adam).LR)
	assert.Equal(t, 3e-3, estimator.GetParams(pipe)["cnn.Optimizer.LR"])
	require.NoError(t, pipe.Fit(context.Background(), Xtr, ytr))
	want, err := pipe.PredictProba(Xte)
	require.NoError(t, err)

	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, pipe))
	dst := newDigitsPipeline() // the skeleton: params and weights come from the file
	require.NoError(t, estimator.Load(bytes.NewReader(buf.Bytes()), dst))
	got, err := dst.PredictProba(Xte)
	require.NoError(t, err)
	assert.True(t, mat.Equal(want, got), "identical probabilities after Save/Load")
	assert.Equal(t, []int{16}, dst.Step("cnn").(*nn.CNNClassifier).Hidden)
	assert.Equal(t, cnn.LossCurve(), dst.Step("cnn").(*nn.CNNClassifier).LossCurve())
}

func TestLoadArchitectureMismatch(t *testing.T) {
	ds := datasets.Iris()
	ctx := context.Background()
	a := &nn.NetClassifier{Build: smallMLP(4, 3), Epochs: 2}
	require.NoError(t, a.Fit(ctx, ds.X, ds.Y))
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, a))

	wider := func(rng *rand.Rand) layer.Layer {
		return &layer.Sequential{Layers: []layer.Layer{
			layer.NewDense(4, 16, layer.ActReLU, rng),
			layer.NewDense(16, 3, layer.Identity, rng),
		}}
	}
	dst := &nn.NetClassifier{Build: wider}
	err := estimator.Load(bytes.NewReader(buf.Bytes()), dst)
	require.ErrorIs(t, err, layer.ErrArchitecture)
	assert.ErrorIs(t, err, estimator.ErrFormat)
	assert.Contains(t, err.Error(), "Dense 4 => 8")
	assert.Contains(t, err.Error(), "Dense 4 => 16")
	assert.Nil(t, dst.Classes(), "a failed Load leaves dst unfitted")

	// No Build at all.
	err = estimator.Load(bytes.NewReader(buf.Bytes()), &nn.NetClassifier{})
	require.ErrorIs(t, err, estimator.ErrFormat)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	assert.Contains(t, err.Error(), `"Build"`)

	// The MLP rebuilds its network from its hyperparameters: loading state into an
	// MLP with other hidden sizes fails clearly.
	m := &nn.MLPClassifier{HiddenSizes: []int{5}, MaxIter: 2}
	require.NoError(t, m.Fit(ctx, ds.X, ds.Y))
	state, err := m.MarshalState()
	require.NoError(t, err)
	other := &nn.MLPClassifier{HiddenSizes: []int{6}}
	err = other.UnmarshalState(state)
	require.ErrorIs(t, err, layer.ErrArchitecture)
	assert.Nil(t, other.Classes())
	same := &nn.MLPClassifier{HiddenSizes: []int{5}}
	require.NoError(t, same.UnmarshalState(state))
	p1, err := m.PredictProba(ds.X)
	require.NoError(t, err)
	p2, err := same.PredictProba(ds.X)
	require.NoError(t, err)
	assert.True(t, mat.Equal(p1, p2))
	assert.Error(t, same.UnmarshalState([]byte("garbage")))
}

func TestSchedule(t *testing.T) {
	ds := datasets.Iris()
	var lrs []float64
	m := &nn.MLPClassifier{HiddenSizes: []int{4}, MaxIter: 3, Optimizer: &optim.SGD{LR: 0.1}, Schedule: &optim.StepLR{StepSize: 1, Gamma: 0.5},
		OnEpoch: func(e nn.EpochInfo) error { lrs = append(lrs, e.LR); return nil }}
	require.NoError(t, m.Fit(context.Background(), ds.X, ds.Y))
	assert.InDeltaSlice(t, []float64{0.1, 0.05, 0.025}, lrs, 1e-12)
	require.NoError(t, estimator.SetParams(m, estimator.Params{"Schedule.Gamma": 0.1}))
	assert.Equal(t, 0.1, m.Schedule.(*optim.StepLR).Gamma)
}

func TestNetRegressorLosses(t *testing.T) {
	ds := datasets.Diabetes()
	for _, loss := range []nn.RegressionLoss{"", nn.LossMSE, nn.LossMAE, nn.LossHuber} {
		t.Run(string(loss), func(t *testing.T) {
			r := &nn.NetRegressor{Build: smallMLP(10, 1), Loss: loss, Epochs: 3, Optimizer: &optim.Adam{LR: 0.01}}
			require.NoError(t, r.Fit(context.Background(), ds.X, ds.Y))
			curve := r.LossCurve()
			require.Len(t, curve, 3)
			assert.Less(t, curve[2], curve[0])
		})
	}
}

func TestMLPRegressorBoston(t *testing.T) {
	ds := datasets.Boston()
	pipe := pipeline.Make(&preprocess.StandardScaler{}, &nn.MLPRegressor{HiddenSizes: []int{32}, MaxIter: 300,
		Optimizer: &optim.Adam{LR: 0.01}, Alpha: 1e-4, Seed: 1})
	require.NoError(t, pipe.Fit(context.Background(), ds.X, ds.Y))
	pred, err := pipe.Predict(ds.X)
	require.NoError(t, err)
	r2 := metrics.R2Score(ds.Y, pred, nil)
	assert.Greater(t, r2, 0.9, "training R²")
	m := pipe.Step("mlpregressor").(*nn.MLPRegressor)
	assert.Equal(t, m.NIter(), len(m.LossCurve()))
}

func TestBinaryUsesTwoSoftmaxOutputs(t *testing.T) {
	ds := datasets.BreastCancer()
	pipe := pipeline.Make(&preprocess.StandardScaler{}, &nn.MLPClassifier{HiddenSizes: []int{16}, MaxIter: 100, Seed: 1})
	require.NoError(t, pipe.Fit(context.Background(), ds.X, ds.Y))
	proba, err := pipe.PredictProba(ds.X)
	require.NoError(t, err)
	_, k := proba.Dims()
	assert.Equal(t, 2, k)
	pred, err := pipe.Predict(ds.X)
	require.NoError(t, err)
	assert.Greater(t, metrics.AccuracyScore(ds.Y, pred, nil), 0.95)
	mlp := pipe.Step("mlpclassifier").(*nn.MLPClassifier)
	assert.Equal(t, 16*30+16+2*16+2, layer.NumParams(mlp.Net()))
}

// TestScoresMatchScikitLearn compares the held-out scores of MLPClassifier and
// MLPRegressor, averaged over 5 seeds, with scikit-learn 1.2.1's under the same
// settings (testdata/gen_sklearn.py). The initialisations differ (PCG vs numpy), so
// only the average score is compared, with a margin.
func TestScoresMatchScikitLearn(t *testing.T) {
	golden := testutil.Golden(t, "testdata/sklearn.json")
	ctx := context.Background()
	Xtr, Xte, ytr, yte := digits(t)
	var acc float64
	for seed := range uint64(5) {
		m := &nn.MLPClassifier{HiddenSizes: []int{64}, Alpha: 1e-4, MaxIter: 40, Seed: seed}
		require.NoError(t, m.Fit(ctx, Xtr, ytr))
		pred, err := m.Predict(Xte)
		require.NoError(t, err)
		acc += metrics.AccuracyScore(yte, pred, nil) / 5
	}
	want := golden.Float("digits/mlp64/accuracy")
	t.Logf("digits accuracy: skgo %.4f, scikit-learn %.4f", acc, want)
	assert.Greater(t, acc, want-0.02)

	ds := datasets.Diabetes()
	n := len(ds.Y)
	var tr, te []int
	for i := 0; i < n; i++ {
		if i%5 == 0 {
			te = append(te, i)
		} else {
			tr = append(tr, i)
		}
	}
	var r2 float64
	for seed := range uint64(5) {
		pipe := pipeline.Make(&preprocess.StandardScaler{}, &nn.MLPRegressor{HiddenSizes: []int{32}, Alpha: 1e-4,
			Optimizer: &optim.Adam{LR: 0.01}, MaxIter: 300, Seed: seed})
		require.NoError(t, pipe.Fit(ctx, estimator.Rows(ds.X, tr), estimator.Select(ds.Y, tr)))
		pred, err := pipe.Predict(estimator.Rows(ds.X, te))
		require.NoError(t, err)
		r2 += metrics.R2Score(estimator.Select(ds.Y, te), pred, nil) / 5
	}
	want = golden.Float("diabetes/mlp32/r2")
	t.Logf("diabetes R²: skgo %.4f, scikit-learn %.4f", r2, want)
	assert.Greater(t, r2, want-0.05)
}

// TestLoadIntoZeroSkeleton is DESIGN sketch 7: the serving program builds a zero-value
// skeleton, and the optimiser rule (a registered type) comes from the file.
func TestLoadIntoZeroSkeleton(t *testing.T) {
	ds := datasets.Digits()
	X := mat.DenseCopyOf(ds.X.Slice(0, 200, 0, 64))
	m := &nn.CNNClassifier{InputShape: [3]int{1, 8, 8}, Conv: []nn.ConvSpec{{Filters: 4, Kernel: 3, Pad: 1, Pool: 2}},
		Hidden: []int{16}, Epochs: 2, Optimizer: &optim.Adam{LR: 3e-3}, Seed: 1}
	require.NoError(t, m.Fit(context.Background(), X, ds.Y[:200]))
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, m))
	dst := &nn.CNNClassifier{}
	require.NoError(t, estimator.Load(&buf, dst))
	assert.Equal(t, &optim.Adam{LR: 3e-3}, dst.Optimizer)
	want, err := m.Predict(X)
	require.NoError(t, err)
	got, err := dst.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}
