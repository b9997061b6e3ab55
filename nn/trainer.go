package nn

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn/augment"
	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
	"github.com/skgo/skgo/nn/tensor"
)

// Samples is a labelled data set that a [Trainer] reads in batches: Len samples of
// shape Shape (for example [3 32 32]), class labels 0, 1, …. [Bytes] and [Floats]
// implement it.
type Samples interface {
	// Len returns the number of samples.
	Len() int
	// Shape returns the shape of one sample.
	Shape() []int
	// Batch writes samples idx[0], idx[1], … into dst (len(idx)·prod(Shape) values,
	// sample after sample) and their labels into labels (len(idx)).
	Batch(dst []float32, labels []int, idx []int) error
}

var (
	_ Samples = Bytes{}
	_ Samples = Floats{}
)

// Bytes is an image set kept as bytes (datasets.Images holds one): sample i is
// Pix[i·s : (i+1)·s], s = prod(SampleShape), with label Labels[i]. Batch scales the
// values to [0, 1] (v/255, torchvision's ToTensor).
type Bytes struct {
	Pix         []uint8
	Labels      []uint8
	SampleShape []int
}

// Len returns len(Labels).
func (b Bytes) Len() int { return len(b.Labels) }

// Shape returns SampleShape.
func (b Bytes) Shape() []int { return slices.Clone(b.SampleShape) }

// Batch writes the chosen samples, scaled by 1/255.
func (b Bytes) Batch(dst []float32, labels []int, idx []int) error {
	s := satProd(b.SampleShape)
	if len(b.SampleShape) == 0 || s == 0 || satMul(s, len(b.Labels)) != len(b.Pix) {
		return fmt.Errorf("nn.Bytes: %d bytes for %d samples of shape %v: %w", len(b.Pix), len(b.Labels), b.SampleShape, estimator.ErrShape)
	}
	for k, i := range idx {
		for j, v := range b.Pix[i*s : (i+1)*s] {
			dst[k*s+j] = float32(v) * (1.0 / 255)
		}
		labels[k] = int(b.Labels[i])
	}
	return nil
}

// Floats is a data set of float32 samples: sample i is X[i·s : (i+1)·s],
// s = prod(SampleShape), with label Labels[i]. Batch copies the values unchanged and
// refuses non-finite ones.
type Floats struct {
	X           []float32
	Labels      []int
	SampleShape []int
}

// Len returns len(Labels).
func (f Floats) Len() int { return len(f.Labels) }

// Shape returns SampleShape.
func (f Floats) Shape() []int { return slices.Clone(f.SampleShape) }

// Batch copies the chosen samples; a NaN or infinite value is an error wrapping
// estimator.ErrInvalidData.
func (f Floats) Batch(dst []float32, labels []int, idx []int) error {
	s := satProd(f.SampleShape)
	if len(f.SampleShape) == 0 || s == 0 || satMul(s, len(f.Labels)) != len(f.X) {
		return fmt.Errorf("nn.Floats: %d values for %d samples of shape %v: %w", len(f.X), len(f.Labels), f.SampleShape, estimator.ErrShape)
	}
	for k, i := range idx {
		for j, v := range f.X[i*s : (i+1)*s] {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("nn.Floats: sample %d, value %d is %v: %w", i, j, v, estimator.ErrInvalidData)
			}
			dst[k*s+j] = v
		}
		labels[k] = f.Labels[i]
	}
	return nil
}

// MaxTrainerBatch bounds Trainer.BatchSize.
const MaxTrainerBatch = 1 << 16

// Trainer is an explicit, resumable training loop for a classifier network, for the
// cases where an estimator's Fit is too coarse: data too large for float64 rows
// (CIFAR-10 as bytes), training that spans several runs, or per-step control
// (PyTorch's hand-written loop; the skorch/Lightning conveniences). Each call of
// [Trainer.TrainEpoch] runs one epoch over a [Samples] set: it shuffles, fills a
// batch, applies Augment (training only) then Preprocess, minimises the mean softmax
// cross-entropy (with LabelSmoothing) and steps the optimiser. [Trainer.Evaluate]
// reports the loss and accuracy in evaluation mode, and [Trainer.SaveCheckpoint] /
// [Trainer.LoadCheckpoint] save and restore everything a resumed run needs.
//
// Randomness (shuffling, augmentation, dropout) comes from one PCG generator seeded
// with (Seed, Seed), whose state is part of the checkpoint, so a run resumed from a
// checkpoint continues exactly as the uninterrupted run would have, bit for bit.
//
// The hyperparameters are fields; the zero value of each means its documented
// default. Set them before the first TrainEpoch or LoadCheckpoint and leave them
// alone afterwards. A Trainer is not safe for concurrent use.
type Trainer struct {
	// Net is the network: it maps a batch of samples to one logit per class (N×K).
	// It is trained in place. Required.
	Net layer.Layer
	// Optimizer is the update rule; nil means &optim.Adam{LR: 1e-3}.
	Optimizer optim.Rule
	// Schedule, if set, gives the learning rate from the rule's: once per epoch
	// (epochs counted from 0) or, with StepSchedule, before every optimiser step
	// (steps counted from 0; optim.OneCycle is made for this). nil keeps it constant.
	Schedule optim.Schedule
	// StepSchedule evaluates Schedule per optimiser step instead of per epoch.
	StepSchedule bool
	// BatchSize is the number of samples per forward and backward pass; 0 means 32.
	BatchSize int
	// AccumSteps accumulates the gradients of this many consecutive batches before
	// each optimiser step (gradient accumulation); 0 and 1 mean a step per batch.
	// Each batch's loss is weighted by its share of the group's samples, so the
	// step follows the gradient of the mean loss over all of them: the step of one
	// batch of AccumSteps·BatchSize samples, except for BatchNorm, whose statistics
	// remain per batch. The last group of an epoch may be smaller.
	AccumSteps int
	// LabelSmoothing ε mixes the one-hot targets with the uniform distribution
	// (PyTorch CrossEntropyLoss(label_smoothing=ε)); zero is literal (none).
	LabelSmoothing float64
	// Augment, if set, transforms every training batch (never evaluation batches),
	// drawing from the Trainer's generator: for example augment.Compose{
	// augment.RandomCrop{Pad: 4}, augment.HorizontalFlip{}}.
	Augment augment.Transform
	// Preprocess, if set, transforms every batch, training and evaluation, after
	// Augment: for example augment.Normalize. It must be deterministic (evaluation
	// passes it a generator that is reseeded per batch).
	Preprocess augment.Transform
	// FuseBatchNorm makes Evaluate run a copy of the network in which each Conv2D +
	// BatchNorm pair is folded into one convolution (layer.FuseBatchNorm): the same
	// outputs up to float32 rounding, with less work.
	FuseBatchNorm bool
	// NoShuffle keeps the samples in order instead of reshuffling every epoch.
	NoShuffle bool
	// Seed seeds the generator (shuffling, augmentation, dropout).
	Seed uint64
	// Progress, if set, receives a per-batch progress line redrawn with '\r'.
	Progress io.Writer

	ready   bool
	opt     *optim.Optimizer
	pcg     *rand.PCG
	rng     *rand.Rand
	epoch   int       // epochs completed
	history []float64 // mean training loss of each completed epoch
	tapes   map[int]*autograd.Tape
}

// EpochStats describes one epoch of [Trainer.TrainEpoch].
type EpochStats struct {
	Epoch    int           // counted from 1 over the Trainer's life (resumes included)
	Loss     float64       // mean training loss over the epoch's samples
	Accuracy float64       // training accuracy of the batches as they were trained (augmented)
	LR       float64       // learning rate of the epoch's last step
	Steps    int           // optimiser steps taken so far (all epochs)
	Elapsed  time.Duration // wall-clock time of the epoch
}

// EvalStats is the result of [Trainer.Evaluate].
type EvalStats struct {
	Loss     float64 // mean cross-entropy (without label smoothing)
	Accuracy float64 // fraction of samples whose largest logit is their label
	N        int     // samples evaluated
	Elapsed  time.Duration
}

// Validate reports an invalid setting as an *estimator.ParamError.
func (t *Trainer) Validate() error {
	if t.Net == nil {
		return &estimator.ParamError{Param: "Net", Value: nil, Reason: "must be set to the network to train"}
	}
	if err := layer.Check(t.Net); err != nil {
		return &estimator.ParamError{Param: "Net", Value: describe(t.Net), Reason: "is unusable: " + err.Error()}
	}
	if t.BatchSize < 0 || t.BatchSize > MaxTrainerBatch {
		return &estimator.ParamError{Param: "BatchSize", Value: t.BatchSize, Reason: fmt.Sprintf("must be in [0, %d] (0 means 32)", MaxTrainerBatch)}
	}
	if t.AccumSteps < 0 || t.AccumSteps > MaxTrainerBatch {
		return &estimator.ParamError{Param: "AccumSteps", Value: t.AccumSteps, Reason: fmt.Sprintf("must be in [0, %d] (0 means 1)", MaxTrainerBatch)}
	}
	if !(t.LabelSmoothing >= 0 && t.LabelSmoothing < 1) {
		return &estimator.ParamError{Param: "LabelSmoothing", Value: t.LabelSmoothing, Reason: "must be in [0, 1)"}
	}
	for _, tr := range []struct {
		name string
		t    augment.Transform
	}{{"Augment", t.Augment}, {"Preprocess", t.Preprocess}} {
		if tr.t != nil {
			if err := validateTransform(tr.t); err != nil {
				return prefixParam(tr.name, tr.t, err)
			}
		}
	}
	if err := prefixParam("Optimizer", t.Optimizer, optim.ValidateRule(t.Optimizer)); err != nil {
		return err
	}
	return prefixParam("Schedule", t.Schedule, optim.ValidateSchedule(t.Schedule))
}

// validateTransform calls tr.Validate, refusing nil pointers and recovering panics.
func validateTransform(tr augment.Transform) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &estimator.ParamError{Value: fmt.Sprintf("%T", tr), Reason: fmt.Sprintf("Validate panicked: %v", r)}
		}
	}()
	return tr.Validate()
}

func (t *Trainer) batch() int { return orDefault(t.BatchSize, 32) }
func (t *Trainer) accum() int { return max(t.AccumSteps, 1) }

// init validates the settings and builds the optimiser and the generator, once.
func (t *Trainer) init() error {
	if t.ready {
		return nil
	}
	if err := t.Validate(); err != nil {
		return fmt.Errorf("nn.Trainer: %w", err)
	}
	t.opt = optim.Setup(resolveRule(t.Optimizer), layer.Params(t.Net))
	t.opt.Schedule = t.Schedule
	t.pcg = rand.NewPCG(t.Seed, t.Seed)
	t.rng = rand.New(t.pcg)
	t.tapes = map[int]*autograd.Tape{}
	t.ready = true
	return nil
}

// Epoch returns the number of epochs completed (restored by LoadCheckpoint).
func (t *Trainer) Epoch() int { return t.epoch }

// Steps returns the number of optimiser steps taken, or 0 before training.
func (t *Trainer) Steps() int {
	if t.opt == nil {
		return 0
	}
	return t.opt.Steps()
}

// LossCurve returns the mean training loss of each completed epoch.
func (t *Trainer) LossCurve() []float64 { return slices.Clone(t.history) }

// tape returns the training tape for batches of n samples (one per batch size, see
// the note in train).
func (t *Trainer) tape(n int) *autograd.Tape {
	tp := t.tapes[n]
	if tp == nil {
		tp = autograd.NewTape()
		tp.SetRand(t.rng)
		t.tapes[n] = tp
	}
	return tp
}

// checkSamples validates a data set against the sizes the Trainer allows.
func checkSamples(name string, data Samples, batch int) (shape []int, size int, err error) {
	if data == nil {
		return nil, 0, fmt.Errorf("%s: no data: %w", name, estimator.ErrInvalidData)
	}
	if data.Len() <= 0 {
		return nil, 0, fmt.Errorf("%s: no samples: %w", name, estimator.ErrInvalidData)
	}
	shape = data.Shape()
	size = satProd(shape)
	if len(shape) == 0 || len(shape) > maxRank || size <= 0 || slices.ContainsFunc(shape, func(d int) bool { return d <= 0 }) {
		return nil, 0, fmt.Errorf("%s: bad sample shape %v: %w", name, shape, estimator.ErrShape)
	}
	if satMul(size, min(batch, data.Len())) > MaxBatchValues {
		return nil, 0, fmt.Errorf("%s: a batch of %d samples of %v holds more than nn.MaxBatchValues = %d values; lower BatchSize: %w",
			name, batch, shape, MaxBatchValues, estimator.ErrShape)
	}
	return shape, size, nil
}

// TrainEpoch trains the network for one epoch over data and returns its statistics.
// It checks ctx before every batch and returns ctx.Err() (wrapped) when cancelled;
// the network and optimiser are then part-way through the epoch, so resume from a
// checkpoint rather than from them. A label outside the network's outputs gives an
// error wrapping estimator.ErrInvalidData, a network that does not fit the samples
// one wrapping estimator.ErrShape, a non-finite loss one wrapping
// estimator.ErrConvergence. No panic escapes it.
func (t *Trainer) TrainEpoch(ctx context.Context, data Samples) (st EpochStats, err error) {
	const name = "nn.Trainer.TrainEpoch"
	if err := t.init(); err != nil {
		return st, err
	}
	defer guard(name, &err)
	batch := t.batch()
	shape, size, err := checkSamples(name, data, batch)
	if err != nil {
		return st, err
	}
	n := data.Len()
	batch = min(batch, n)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if !t.NoShuffle {
		t.rng.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	}
	if !t.StepSchedule {
		t.opt.SetEpoch(t.epoch)
	}
	t.opt.ZeroGrad() // nothing left over from a cancelled epoch
	start := time.Now()
	nb := (n + batch - 1) / batch
	k := t.accum()
	xbuf := make([]float32, batch*size)
	labels := make([]int, batch)
	bshape := append([]int{0}, shape...)
	smooth := float32(t.LabelSmoothing)
	var sum float64
	hits := 0
	lastDraw := start
	for b := 0; b < nb; b++ {
		if err := ctx.Err(); err != nil {
			return st, fmt.Errorf("%s: %w", name, err)
		}
		lo, hi := b*batch, min((b+1)*batch, n)
		m := hi - lo
		xb, lb := xbuf[:m*size], labels[:m]
		if err := data.Batch(xb, lb, idx[lo:hi]); err != nil {
			return st, fmt.Errorf("%s: %w", name, err)
		}
		bshape[0] = m
		x := tensor.FromSlice(xb, bshape...)
		if t.Augment != nil {
			if err := t.Augment.Apply(x, t.rng); err != nil {
				return st, fmt.Errorf("%s: Augment: %w", name, err)
			}
		}
		if t.Preprocess != nil {
			if err := t.Preprocess.Apply(x, t.rng); err != nil {
				return st, fmt.Errorf("%s: Preprocess: %w", name, err)
			}
		}
		tp := t.tape(m)
		tp.Reset()
		out := t.Net.Forward(tp, tp.Input(x))
		if err := checkLogits(name, out, m, lb); err != nil {
			return st, err
		}
		loss := tp.SoftmaxCrossEntropy(out, lb, smooth)
		l := loss.Item()
		if math.IsNaN(l) || math.IsInf(l, 0) {
			return st, fmt.Errorf("%s: loss is %v at epoch %d, batch %d (lower the learning rate or scale the inputs): %w",
				name, l, t.epoch+1, b+1, estimator.ErrConvergence)
		}
		hits += correct(out.Value, lb)
		// The group of batches that share this step: [g0, g1) in sample terms.
		g := b / k
		g0, g1 := g*k*batch, min((g+1)*k*batch, n)
		if k > 1 {
			loss = tp.Scale(float32(m)/float32(g1-g0), loss)
		}
		tp.Backward(loss)
		if hi == g1 {
			if t.StepSchedule && t.Schedule != nil {
				t.opt.SetLR(t.Schedule.LR(t.opt.Rule().BaseLR(), t.opt.Steps()))
			}
			st.LR = t.opt.LR()
			t.opt.Step()
		}
		sum += l * float64(m)
		if t.Progress != nil && time.Since(lastDraw) > 250*time.Millisecond {
			lastDraw = time.Now()
			fmt.Fprintf(t.Progress, "\repoch %d  batch %d/%d  loss %.4f ", t.epoch+1, b+1, nb, sum/float64(hi))
		}
	}
	if t.Progress != nil {
		fmt.Fprint(t.Progress, "\r\033[K")
	}
	if err := checkWeights(t.Net); err != nil {
		return st, fmt.Errorf("%s: the weights are no longer finite after epoch %d (%v; lower the learning rate): %w", name, t.epoch+1, err, estimator.ErrConvergence)
	}
	t.epoch++
	st.Epoch, st.Loss, st.Accuracy = t.epoch, sum/float64(n), float64(hits)/float64(n)
	st.Steps, st.Elapsed = t.opt.Steps(), time.Since(start)
	t.history = append(t.history, st.Loss)
	return st, nil
}

// checkLogits verifies that out is m×K and that every label is below K.
func checkLogits(name string, out *autograd.Var, m int, labels []int) error {
	s := out.Value.Shape()
	if len(s) != 2 || s[0] != m {
		return fmt.Errorf("%s: the network's output has shape %v, want %d×K logits: %w", name, s, m, estimator.ErrShape)
	}
	for i, y := range labels {
		if y < 0 || y >= s[1] {
			return fmt.Errorf("%s: label %d of a batch sample is %d, outside the network's %d classes: %w", name, i, y, s[1], estimator.ErrInvalidData)
		}
	}
	return nil
}

// correct counts the rows of logits whose largest value is at the label.
func correct(logits *tensor.Dense, labels []int) int {
	k := logits.Dim(1)
	d := logits.Data()
	hits := 0
	for i, y := range labels {
		row := d[i*k : (i+1)*k]
		best := 0
		for j := 1; j < k; j++ {
			if row[j] > row[best] {
				best = j
			}
		}
		if best == y {
			hits++
		}
	}
	return hits
}

// Evaluate runs data through the network in evaluation mode (BatchNorm with its
// running statistics, no dropout, no Augment; Preprocess applies), in batches of
// BatchSize, through the BatchNorm-fused copy of the network when FuseBatchNorm is
// set, and returns the mean cross-entropy and the accuracy. It does not change the
// network, the optimiser or the generator. Errors are those of TrainEpoch.
func (t *Trainer) Evaluate(ctx context.Context, data Samples) (st EvalStats, err error) {
	const name = "nn.Trainer.Evaluate"
	if err := t.init(); err != nil {
		return st, err
	}
	defer guard(name, &err)
	batch := t.batch()
	shape, size, err := checkSamples(name, data, batch)
	if err != nil {
		return st, err
	}
	net := t.Net
	if t.FuseBatchNorm {
		if net, err = layer.FuseBatchNorm(t.Net); err != nil {
			return st, fmt.Errorf("%s: %w", name, err)
		}
	}
	start := time.Now()
	n := data.Len()
	batch = min(batch, n)
	xbuf := make([]float32, batch*size)
	labels := make([]int, batch)
	idx := make([]int, batch)
	bshape := append([]int{0}, shape...)
	tapes := map[int]*autograd.Tape{}
	var sum float64
	hits := 0
	for lo := 0; lo < n; lo += batch {
		if err := ctx.Err(); err != nil {
			return st, fmt.Errorf("%s: %w", name, err)
		}
		hi := min(lo+batch, n)
		m := hi - lo
		for i := range m {
			idx[i] = lo + i
		}
		xb, lb := xbuf[:m*size], labels[:m]
		if err := data.Batch(xb, lb, idx[:m]); err != nil {
			return st, fmt.Errorf("%s: %w", name, err)
		}
		bshape[0] = m
		x := tensor.FromSlice(xb, bshape...)
		if t.Preprocess != nil {
			if err := t.Preprocess.Apply(x, rand.New(rand.NewPCG(0, uint64(lo)))); err != nil {
				return st, fmt.Errorf("%s: Preprocess: %w", name, err)
			}
		}
		tp := tapes[m]
		if tp == nil {
			tp = autograd.Inference()
			tapes[m] = tp
		}
		tp.Reset()
		out := net.Forward(tp, tp.Input(x))
		if err := checkLogits(name, out, m, lb); err != nil {
			return st, err
		}
		l := tp.SoftmaxCrossEntropy(out, lb, 0).Item()
		if math.IsNaN(l) || math.IsInf(l, 0) {
			return st, fmt.Errorf("%s: loss is %v on samples %d–%d: %w", name, l, lo, hi-1, estimator.ErrInvalidData)
		}
		sum += l * float64(m)
		hits += correct(out.Value, lb)
	}
	return EvalStats{Loss: sum / float64(n), Accuracy: float64(hits) / float64(n), N: n, Elapsed: time.Since(start)}, nil
}
