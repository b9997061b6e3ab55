package nn_test

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/nn/augment"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stripes is a synthetic image set: class 0 images are brighter in their left half,
// class 1 in their right half, with noise; 3×8×8 bytes.
func stripes(n int, seed uint64) nn.Bytes {
	rng := rand.New(rand.NewPCG(seed, 1))
	b := nn.Bytes{Pix: make([]uint8, n*3*8*8), Labels: make([]uint8, n), SampleShape: []int{3, 8, 8}}
	for i := range n {
		c := uint8(i % 2)
		b.Labels[i] = c
		for ch := range 3 {
			for y := range 8 {
				for x := range 8 {
					v := 60 + rng.IntN(60)
					if (x < 4) == (c == 0) {
						v += 100
					}
					b.Pix[((i*3+ch)*8+y)*8+x] = uint8(v)
				}
			}
		}
	}
	return b
}

// smallNet is a tiny CIFAR-style network: conv + BatchNorm + ReLU, a residual block,
// pooling and a dense classifier.
func smallNet(seed uint64, bn bool) layer.Layer {
	rng := rand.New(rand.NewPCG(seed, seed))
	ls := []layer.Layer{layer.NewConv2D(layer.ConvConfig{In: 3, Out: 4, Kernel: 3, Pad: 1, NoBias: bn}, rng)}
	if bn {
		ls = append(ls, layer.NewBatchNorm(4))
	}
	ls = append(ls, layer.ReLU{})
	if bn {
		ls = append(ls, layer.BasicBlock(4, 4, 1, rng))
	}
	ls = append(ls, layer.MaxPool2D{Size: 2}, layer.Flatten{}, layer.Dropout{P: 0.1}, layer.NewDense(4*4*4, 2, layer.Identity, rng))
	return &layer.Sequential{Layers: ls}
}

func weights(t *testing.T, l layer.Layer) []float32 {
	var out []float32
	for _, p := range layer.NamedParams(l) {
		out = append(out, p.Param.Value.Data()...)
	}
	for _, b := range layer.Buffers(l) {
		out = append(out, b.Tensor.Data()...)
	}
	return out
}

func TestTrainerLearns(t *testing.T) {
	train, test := stripes(64, 1), stripes(32, 2)
	tr := &nn.Trainer{Net: smallNet(1, true), Optimizer: &optim.SGD{LR: 0.05, Momentum: 0.9, WeightDecay: 5e-4},
		BatchSize: 16, Seed: 3, LabelSmoothing: 0.1,
		Augment:    augment.Compose{augment.RandomCrop{Pad: 1}},
		Preprocess: augment.Normalize{Mean: []float64{0.5, 0.5, 0.5}, Std: []float64{0.25, 0.25, 0.25}}}
	ctx := context.Background()
	var last nn.EpochStats
	for range 8 {
		st, err := tr.TrainEpoch(ctx, train)
		require.NoError(t, err)
		last = st
	}
	assert.Equal(t, 8, last.Epoch)
	assert.Equal(t, 32, last.Steps)
	assert.Len(t, tr.LossCurve(), 8)
	ev, err := tr.Evaluate(ctx, test)
	require.NoError(t, err)
	assert.Equal(t, 32, ev.N)
	assert.GreaterOrEqual(t, ev.Accuracy, 0.9)

	// Evaluation through the BatchNorm-fused network gives the same answers.
	tr.FuseBatchNorm = true
	fused, err := tr.Evaluate(ctx, test)
	require.NoError(t, err)
	assert.InDelta(t, ev.Loss, fused.Loss, 1e-5)
	assert.Equal(t, ev.Accuracy, fused.Accuracy)
}

// TestTrainerAccumulation: BatchSize 4 with AccumSteps 2 takes the steps of
// BatchSize 8, including an uneven last group (14 samples: 8 + 6). Without
// BatchNorm and dropout the gradients are the same sums in another order: float32
// rounding only.
func TestTrainerAccumulation(t *testing.T) {
	data := stripes(14, 5)
	mk := func(batch, accum int) *nn.Trainer {
		rng := rand.New(rand.NewPCG(7, 7))
		net := &layer.Sequential{Layers: []layer.Layer{
			layer.NewConv2D(layer.ConvConfig{In: 3, Out: 3, Kernel: 3, Pad: 1}, rng), layer.ReLU{},
			layer.Flatten{}, layer.NewDense(3*8*8, 2, layer.Identity, rng)}}
		return &nn.Trainer{Net: net, Optimizer: optim.SGD{LR: 0.1}, BatchSize: batch, AccumSteps: accum, NoShuffle: true}
	}
	a, b := mk(8, 1), mk(4, 2)
	for range 2 {
		sa, err := a.TrainEpoch(context.Background(), data)
		require.NoError(t, err)
		sb, err := b.TrainEpoch(context.Background(), data)
		require.NoError(t, err)
		assert.Equal(t, sa.Steps, sb.Steps)
		assert.InDelta(t, sa.Loss, sb.Loss, 1e-5)
	}
	assert.Equal(t, 4, a.Steps())
	wa, wb := weights(t, a.Net), weights(t, b.Net)
	for i := range wa {
		assert.InDelta(t, wa[i], wb[i], 1e-5, "weight %d", i)
	}
	// And it differs from not accumulating.
	c := mk(4, 1)
	_, err := c.TrainEpoch(context.Background(), data)
	require.NoError(t, err)
	assert.Equal(t, 4, c.Steps())
}

func newResumable(seed uint64) *nn.Trainer {
	return &nn.Trainer{Net: smallNet(seed, true), Optimizer: &optim.SGD{LR: 0.05, Momentum: 0.9, WeightDecay: 5e-4},
		Schedule: &optim.OneCycle{Total: 3 * 5}, StepSchedule: true, BatchSize: 8, AccumSteps: 1, Seed: 11,
		Augment: augment.Compose{augment.RandomCrop{Pad: 2}, augment.HorizontalFlip{}}}
}

// TestTrainerCheckpointResume: one epoch, save, load into a fresh Trainer (whose
// network starts from other weights), two more epochs: bit for bit the run of three
// epochs in one go (weights, BatchNorm statistics, losses, learning rates).
func TestTrainerCheckpointResume(t *testing.T) {
	ctx := context.Background()
	data := stripes(40, 9)
	full := newResumable(1)
	var fullStats []nn.EpochStats
	for range 3 {
		st, err := full.TrainEpoch(ctx, data)
		require.NoError(t, err)
		fullStats = append(fullStats, st)
	}

	first := newResumable(1)
	_, err := first.TrainEpoch(ctx, data)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "run.ckpt")
	require.NoError(t, first.SaveCheckpointFile(path))

	resumed := newResumable(99)
	require.NoError(t, resumed.LoadCheckpointFile(path))
	assert.Equal(t, 1, resumed.Epoch())
	assert.Equal(t, 5, resumed.Steps())
	for e := 1; e < 3; e++ {
		st, err := resumed.TrainEpoch(ctx, data)
		require.NoError(t, err)
		st.Elapsed, fullStats[e].Elapsed = 0, 0
		assert.Equal(t, fullStats[e], st)
	}
	assert.Equal(t, weights(t, full.Net), weights(t, resumed.Net))
	assert.Equal(t, full.LossCurve(), resumed.LossCurve())
}

func TestTrainerCheckpointRefused(t *testing.T) {
	ctx := context.Background()
	src := newResumable(1)
	_, err := src.TrainEpoch(ctx, stripes(16, 1))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, src.SaveCheckpoint(&buf))
	good := buf.Bytes()

	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 1
	cases := map[string]struct {
		b    []byte
		mk   func() *nn.Trainer
		also error
	}{
		"empty":     {nil, func() *nn.Trainer { return newResumable(2) }, nil},
		"truncated": {good[:len(good)-10], func() *nn.Trainer { return newResumable(2) }, nil},
		"flipped":   {flipped, func() *nn.Trainer { return newResumable(2) }, nil},
		"trailing":  {append(bytes.Clone(good), 0), func() *nn.Trainer { return newResumable(2) }, nil},
		"other net": {good, func() *nn.Trainer { tr := newResumable(2); tr.Net = smallNet(2, false); return tr }, layer.ErrArchitecture},
		"other rule": {good, func() *nn.Trainer {
			tr := newResumable(2)
			tr.Optimizer = &optim.Adam{}
			return tr
		}, nil},
		"other schedule": {good, func() *nn.Trainer {
			tr := newResumable(2)
			tr.Schedule = &optim.OneCycle{Total: 30}
			return tr
		}, nil},
		"other batch": {good, func() *nn.Trainer { tr := newResumable(2); tr.BatchSize = 4; return tr }, nil},
	}
	for name, c := range cases {
		tr := c.mk()
		before := weights(t, tr.Net)
		err := tr.LoadCheckpoint(bytes.NewReader(c.b))
		require.Error(t, err, name)
		assert.ErrorIs(t, err, estimator.ErrState, name)
		if c.also != nil {
			assert.ErrorIs(t, err, c.also, name)
		}
		assert.Equal(t, before, weights(t, tr.Net), name)
		assert.Equal(t, 0, tr.Epoch(), name)
	}

	// NaN weights behind a valid checksum: refused, network unchanged.
	bad := newResumable(1)
	for _, p := range layer.NamedParams(bad.Net) {
		p.Param.Value.Data()[0] = float32(math.NaN())
		break
	}
	buf.Reset()
	require.NoError(t, bad.SaveCheckpoint(&buf))
	tr := newResumable(2)
	before := weights(t, tr.Net)
	assert.ErrorIs(t, tr.LoadCheckpoint(&buf), estimator.ErrState)
	assert.Equal(t, before, weights(t, tr.Net))
}

func TestTrainerErrors(t *testing.T) {
	ctx := context.Background()
	data := stripes(8, 1)
	var pe *estimator.ParamError
	for name, tr := range map[string]*nn.Trainer{
		"nil net":     {},
		"batch":       {Net: smallNet(1, false), BatchSize: -1},
		"accum":       {Net: smallNet(1, false), AccumSteps: -2},
		"smoothing":   {Net: smallNet(1, false), LabelSmoothing: 1},
		"augment":     {Net: smallNet(1, false), Augment: augment.RandomCrop{Pad: -1}},
		"preprocess":  {Net: smallNet(1, false), Preprocess: augment.Normalize{}},
		"rule":        {Net: smallNet(1, false), Optimizer: (*optim.Adam)(nil)},
		"schedule":    {Net: smallNet(1, false), Schedule: optim.OneCycle{}},
		"nil in tree": {Net: &layer.Sequential{Layers: []layer.Layer{nil}}},
	} {
		_, err := tr.TrainEpoch(ctx, data)
		assert.ErrorAs(t, err, &pe, name)
	}

	tr := &nn.Trainer{Net: smallNet(1, false)}
	_, err := tr.TrainEpoch(ctx, nn.Bytes{})
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = tr.TrainEpoch(ctx, nn.Bytes{Pix: make([]uint8, 5), Labels: make([]uint8, 2), SampleShape: []int{3, 8, 8}})
	assert.ErrorIs(t, err, estimator.ErrShape)
	wrongShape := stripes(4, 1)
	wrongShape.SampleShape = []int{1, 24, 8}
	_, err = tr.TrainEpoch(ctx, wrongShape)
	assert.ErrorIs(t, err, estimator.ErrShape)
	badLabel := stripes(4, 1)
	badLabel.Labels[2] = 5
	_, err = tr.TrainEpoch(ctx, badLabel)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	nan := nn.Floats{X: make([]float32, 2*3*8*8), Labels: []int{0, 1}, SampleShape: []int{3, 8, 8}}
	nan.X[7] = float32(math.NaN())
	_, err = tr.TrainEpoch(ctx, nan)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = tr.Evaluate(ctx, nan)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = tr.TrainEpoch(cancelled, data)
	assert.ErrorIs(t, err, context.Canceled)
	_, err = tr.Evaluate(cancelled, data)
	assert.ErrorIs(t, err, context.Canceled)

	// A learning rate that blows up is a convergence error, not a NaN model.
	rng := rand.New(rand.NewPCG(1, 1))
	linear := &layer.Sequential{Layers: []layer.Layer{layer.Flatten{}, layer.NewDense(3*8*8, 2, layer.Identity, rng)}}
	hot := &nn.Trainer{Net: linear, Optimizer: optim.SGD{LR: 1}, BatchSize: 4}
	huge := nn.Floats{X: make([]float32, 8*3*8*8), Labels: []int{0, 1, 0, 1, 0, 1, 0, 1}, SampleShape: []int{3, 8, 8}}
	for i := range huge.X {
		huge.X[i] = float32(1e30 * (1 + rng.Float64()))
	}
	for range 3 {
		if _, err = hot.TrainEpoch(ctx, huge); err != nil {
			break
		}
	}
	assert.ErrorIs(t, err, estimator.ErrConvergence)
}
