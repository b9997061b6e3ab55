package nn

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
)

var (
	_ estimator.ProbaClassifier = (*CNNClassifier)(nil)
	_ estimator.Validator       = (*CNNClassifier)(nil)
	_ estimator.StateMarshaler  = (*CNNClassifier)(nil)
	_ estimator.Iterative       = (*CNNClassifier)(nil)
	_ estimator.ParamTyper      = (*CNNClassifier)(nil)
)

// ConvSpec describes one convolution block of a [CNNClassifier]:
//
//	Conv2D(in => Filters, Kernel×Kernel, Stride, Pad) [→ BatchNorm] → activation [→ MaxPool(Pool)]
type ConvSpec struct {
	// Filters is the number of output channels; it must be > 0.
	Filters int
	// Kernel is the square kernel size; 0 means 3.
	Kernel int
	// Stride is the convolution stride; 0 means 1.
	Stride int
	// Pad is the symmetric zero padding; 0 means none (Kernel/2 keeps the size
	// for odd kernels with stride 1).
	Pad int
	// Pool is the size (and stride) of a max-pooling window after the activation;
	// 0 means no pooling.
	Pool int
	// BatchNorm inserts a batch normalisation between the convolution and the
	// activation.
	BatchNorm bool
}

// CNNClassifier is a convolutional network classifier on images given as flattened
// rows of X (n × C·H·W, channel-major like PyTorch's NCHW), described by InputShape.
// The architecture is data: the blocks of Conv, then Flatten (or a global mean pool
// with GlobalPool), then the Hidden dense layers with the activation (each followed
// by Dropout when Dropout > 0, as is Flatten when there are no hidden layers), and a
// final Dense layer with one logit per class. It minimises the mean softmax
// cross-entropy (with optional label smoothing) by minibatch gradient descent.
// Layers use PyTorch's default initialisation.
//
// There is no scikit-learn equivalent; the knobs follow Keras/PyTorch training loops.
// Because images are rows, a CNNClassifier composes with scalers, pipelines,
// cross-validation and search unchanged ("cnn.Optimizer.LR" is a search path when
// Optimizer holds a *optim.Adam). X's rows are converted to float32 a batch at a time.
//
// LeNet-5 as in the Caffe/PyTorch MNIST examples is
//
//	&nn.CNNClassifier{
//		InputShape: [3]int{1, 28, 28},
//		Conv:       []nn.ConvSpec{{Filters: 20, Kernel: 5, Pool: 2}, {Filters: 50, Kernel: 5, Pool: 2}},
//		Hidden:     []int{500},
//	}
//
// and Flux's all-convolutional MNIST model is Conv {8, 5, stride 2, pad 2}, {16, 3,
// 2, 1}, {32, 3, 2, 1}, {32, 3, 2, 1} with GlobalPool and Hidden []int{}.
type CNNClassifier struct {
	// InputShape is the (channels, height, width) of each flattened row. The zero
	// value means one channel of a square image (√p × √p), an error when the
	// number of columns p is not a perfect square.
	InputShape [3]int
	// Conv lists the convolution blocks; nil means two blocks
	// {Filters: 32, Kernel: 3, Pad: 1, Pool: 2} and {Filters: 64, Kernel: 3, Pad: 1,
	// Pool: 2}. An empty non-nil slice means none.
	Conv []ConvSpec
	// Hidden lists the widths of the dense layers after flattening; nil means [128].
	// An empty non-nil slice means none.
	Hidden []int
	// GlobalPool replaces Flatten by a global mean pool over the spatial axes
	// (Flux's GlobalMeanPool).
	GlobalPool bool
	// Dropout is the drop probability after each hidden dense layer (or after
	// flattening when there is none). Zero is literal (no dropout).
	Dropout float64
	// Activation is the nonlinearity after every convolution and hidden dense
	// layer (a layer.Activation); the zero value is "relu".
	Activation layer.Activation
	// Optimizer is the update rule; nil means &optim.Adam{LR: 1e-3}.
	Optimizer optim.Rule
	// Schedule, if set, gives the learning rate of each epoch from the optimizer's
	// (optim.StepLR, ExponentialLR, CosineAnnealing, WarmUp); nil keeps it constant.
	// Use a pointer (&optim.CosineAnnealing{TMax: 10}) to make its fields searchable.
	Schedule optim.Schedule
	// Epochs is the number of passes over the data; 0 means 10.
	Epochs int
	// BatchSize is the minibatch size; 0 means 32. Values above n are clipped to n.
	BatchSize int
	// NoShuffle disables reshuffling the rows every epoch.
	NoShuffle bool
	// Seed seeds the initialisation, the validation split, the shuffling and dropout.
	Seed uint64
	// LabelSmoothing ε mixes the one-hot targets with the uniform distribution,
	// (1−ε)·onehot + ε/K (PyTorch label_smoothing). Zero is literal (none).
	LabelSmoothing float64
	// EarlyStopping holds out ValidationFraction of the rows (stratified) and stops
	// when the validation accuracy has not improved by more than Tol for Patience
	// epochs, restoring the best weights (Keras EarlyStopping with
	// restore_best_weights).
	EarlyStopping bool
	// ValidationFraction is the held-out fraction with EarlyStopping; 0 means 0.1.
	ValidationFraction float64
	// Patience is the number of epochs without improvement before stopping; 0 means 5.
	Patience int
	// Tol is the minimum improvement of the validation accuracy (Keras min_delta).
	// Zero is literal.
	Tol float64
	// OnEpoch, if set, is called after every epoch. Returning ErrStopTraining ends
	// training successfully; another error aborts Fit.
	OnEpoch func(EpochInfo) error `param:"-"`
	// Progress, if set, receives a progress display; nil is quiet.
	Progress io.Writer `param:"-"`

	fit *netFit
}

var defaultConv = []ConvSpec{{Filters: 32, Kernel: 3, Pad: 1, Pool: 2}, {Filters: 64, Kernel: 3, Pad: 1, Pool: 2}}

// Validate reports an invalid hyperparameter as an *estimator.ParamError. It
// allocates nothing: the network's shapes and size are computed arithmetically. When
// InputShape is set it checks that the blocks chain (each one fits the shape the
// previous one produces), naming the first block that does not, and that the
// network stays within MaxParams and MaxActivations (and MaxBatchValues for an
// explicit BatchSize); otherwise it bounds what it can without the image size (the
// convolutions' parameters) and Fit checks the rest once it knows the data.
func (c *CNNClassifier) Validate() error {
	if err := c.validateFields(); err != nil {
		return err
	}
	if c.InputShape == ([3]int{}) {
		// One input channel; the spatial size is unknown, so only the convolution
		// weights (which do not depend on it) are counted.
		s := netSize{}
		in := 1
		for _, b := range c.convs() {
			k := orDefault(b.Kernel, 3)
			s.params = satAdd(s.params, satAdd(satMul(satMul(in, b.Filters), satMul(k, k)), b.Filters))
			in = b.Filters
		}
		return s.check("Conv", c.Conv, "the convolution stack")
	}
	size, misfit := c.plan(c.InputShape[:], 2)
	if misfit != "" {
		return &estimator.ParamError{Param: "Conv", Reason: fmt.Sprintf("with InputShape %v, %s", c.InputShape, misfit)}
	}
	if err := size.check("Conv", c.Conv, fmt.Sprintf("with InputShape %v, the network", c.InputShape)); err != nil {
		return err
	}
	if c.BatchSize > 0 {
		return size.checkBatch(c.BatchSize)
	}
	return nil
}

func (c *CNNClassifier) convs() []ConvSpec {
	if c.Conv == nil {
		return defaultConv
	}
	return c.Conv
}

func (c *CNNClassifier) hidden() []int {
	if c.Hidden == nil {
		return []int{128}
	}
	return c.Hidden
}

// plan computes, without allocating, the size of the network for one sample of
// shape in (C, H, W) and k classes, following build layer by layer. misfit describes
// the first block that does not fit the shape it receives ("" when all do).
func (c *CNNClassifier) plan(in []int, k int) (s netSize, misfit string) {
	ch, h, w := in[0], in[1], in[2]
	s.acts = satProd(in)
	addActs := func(v int) { s.acts = satAdd(s.acts, v) }
	for i, b := range c.convs() {
		kern, stride := orDefault(b.Kernel, 3), orDefault(b.Stride, 1)
		oh, ow := convOut(h, kern, stride, b.Pad), convOut(w, kern, stride, b.Pad)
		if oh <= 0 || ow <= 0 {
			return s, fmt.Sprintf("Conv[%d] (%d => %d, %d×%d kernel, stride %d, pad %d) does not fit its input of shape %v",
				i, ch, b.Filters, kern, kern, stride, b.Pad, []int{ch, h, w})
		}
		s.params = satAdd(s.params, satAdd(satMul(satMul(ch, b.Filters), satMul(kern, kern)), b.Filters))
		out := satMul(b.Filters, satMul(oh, ow))
		addActs(satMul(satMul(ch, satMul(kern, kern)), satMul(oh, ow))) // one sample's columns
		addActs(out)
		if b.BatchNorm {
			s.params = satAdd(s.params, satMul(2, b.Filters))
			addActs(out)
		}
		addActs(out) // activation
		ch, h, w = b.Filters, oh, ow
		if b.Pool > 0 {
			ph, pw := convOut(h, b.Pool, b.Pool, 0), convOut(w, b.Pool, b.Pool, 0)
			if ph <= 0 || pw <= 0 {
				return s, fmt.Sprintf("Conv[%d] max-pool %d does not fit its input of shape %v", i, b.Pool, []int{ch, h, w})
			}
			h, w = ph, pw
			addActs(satMul(ch, satMul(h, w)))
		}
	}
	d := satMul(ch, satMul(h, w))
	if c.GlobalPool {
		d = ch
	}
	addActs(d)
	for _, u := range c.hidden() {
		s.dense(d, u)
		addActs(satMul(3, u)) // affine, activation, dropout
		d = u
	}
	s.dense(d, k)
	addActs(k)
	return s, ""
}

// convOut is PyTorch's ⌊(in + 2·pad − k)/stride⌋ + 1, or 0 when the window does not
// fit (the arguments are bounded by validateFields, so nothing overflows).
func convOut(in, k, stride, pad int) int {
	n := in + 2*pad - k
	if n < 0 {
		return 0
	}
	return n/stride + 1
}

func (c *CNNClassifier) validateFields() error {
	if c.InputShape != ([3]int{}) {
		for _, v := range c.InputShape {
			if v <= 0 {
				return &estimator.ParamError{Param: "InputShape", Value: c.InputShape, Reason: "dimensions must be > 0 (or all zero for a square one-channel image)"}
			}
		}
		if satProd(c.InputShape[:]) > MaxActivations {
			return &estimator.ParamError{Param: "InputShape", Value: c.InputShape, Reason: fmt.Sprintf("holds more than nn.MaxActivations = %d values", MaxActivations)}
		}
	}
	for i, s := range c.Conv {
		bad := func(field string, v int, reason string) error {
			return &estimator.ParamError{Param: fmt.Sprintf("Conv[%d].%s", i, field), Value: v, Reason: reason}
		}
		limit := fmt.Sprintf(" and <= %d", maxSpatial)
		switch {
		case s.Filters <= 0:
			return bad("Filters", s.Filters, "must be > 0")
		case s.Filters > MaxParams:
			return bad("Filters", s.Filters, fmt.Sprintf("must be <= nn.MaxParams = %d", MaxParams))
		case s.Kernel < 0 || s.Kernel > maxSpatial:
			return bad("Kernel", s.Kernel, "must be >= 0 (0 means 3)"+limit)
		case s.Stride < 0 || s.Stride > maxSpatial:
			return bad("Stride", s.Stride, "must be >= 0 (0 means 1)"+limit)
		case s.Pad < 0 || s.Pad > maxSpatial:
			return bad("Pad", s.Pad, "must be >= 0"+limit)
		case s.Pool < 0 || s.Pool > maxSpatial:
			return bad("Pool", s.Pool, "must be >= 0 (0 means no pooling)"+limit)
		}
	}
	for i, h := range c.Hidden {
		if h <= 0 {
			return &estimator.ParamError{Param: "Hidden", Value: c.Hidden, Reason: fmt.Sprintf("layer %d has width %d; widths must be > 0", i, h)}
		}
		if h > MaxParams {
			return &estimator.ParamError{Param: "Hidden", Value: c.Hidden, Reason: fmt.Sprintf("layer %d has width %d, more than nn.MaxParams = %d", i, h, MaxParams)}
		}
	}
	if !(c.Dropout >= 0 && c.Dropout < 1) {
		return &estimator.ParamError{Param: "Dropout", Value: c.Dropout, Reason: "must be in [0, 1)"}
	}
	if !(c.LabelSmoothing >= 0 && c.LabelSmoothing < 1) {
		return &estimator.ParamError{Param: "LabelSmoothing", Value: c.LabelSmoothing, Reason: "must be in [0, 1)"}
	}
	if err := validateActivation(c.Activation, "Activation"); err != nil {
		return err
	}
	return validateShared("Epochs", c.Epochs, c.BatchSize, c.ValidationFraction, "Patience", c.Patience, c.Tol, c.Optimizer, c.Schedule)
}

// size is the fitSpec size of the CNN: the plan for f's input shape and classes. A
// block that does not fit is an error wrapping ErrShape (the shape came from the
// data); a size above the caps is a *ParamError.
func (c *CNNClassifier) size(f *netFit) (netSize, error) {
	s, misfit := c.plan(f.InShape, nOutputs(f))
	if misfit != "" {
		return s, fmt.Errorf("%s: %w", misfit, estimator.ErrShape)
	}
	return s, s.check("Conv", c.Conv, fmt.Sprintf("with input shape %v and %d classes, the network", f.InShape, nOutputs(f)))
}

// loadPlan is the loadSpec plan: the input shape InputShape gives for the saved
// width, and the size for the saved classes.
func (c *CNNClassifier) loadPlan(f *netFit) ([]int, netSize, bool, error) {
	in, err := c.inShape(f.NFeatures)
	if err != nil {
		return nil, netSize{}, false, err
	}
	s, err := c.size(&netFit{InShape: in, Classes: f.Classes})
	return in, s, true, err
}

// inShape resolves InputShape for p columns.
func (c *CNNClassifier) inShape(p int) ([]int, error) {
	const name = "nn.CNNClassifier"
	s := c.InputShape
	if s == ([3]int{}) {
		side := int(math.Round(math.Sqrt(float64(p))))
		if side*side != p {
			return nil, fmt.Errorf("%s: X has %d columns, which is not a square image; set InputShape (C, H, W): %w", name, p, estimator.ErrShape)
		}
		s = [3]int{1, side, side}
	}
	if need := satProd(s[:]); need != p {
		return nil, fmt.Errorf("%s: X has %d columns but InputShape %v needs %s = %d·%d·%d: %w",
			name, p, s, count(need), s[0], s[1], s[2], estimator.ErrShape)
	}
	return s[:], nil
}

// build makes the network for f, checking that each block fits the shape it gets.
func (c *CNNClassifier) build(f *netFit, rng *rand.Rand) (layer.Layer, []*autograd.Param, error) {
	const name = "nn.CNNClassifier"
	convs := c.convs()
	hidden := c.hidden()
	act := hiddenAct(c.Activation)
	seq := &layer.Sequential{}
	shape := slices.Clone(f.InShape)
	// add appends l and checks that it accepts the current shape.
	add := func(what string, l layer.Layer) error {
		out, err := layer.OutputShape(l, shape)
		if err != nil {
			return fmt.Errorf("%s: %s does not fit its input of shape %v: %w: %w", name, what, shape, err, estimator.ErrShape)
		}
		if slices.Contains(out, 0) {
			return fmt.Errorf("%s: %s maps shape %v to the empty shape %v: %w", name, what, shape, out, estimator.ErrShape)
		}
		shape = out
		seq.Layers = append(seq.Layers, l)
		return nil
	}
	for i, s := range convs {
		k := s.Kernel
		if k == 0 {
			k = 3
		}
		conv := layer.NewConv2D(layer.ConvConfig{In: shape[0], Out: s.Filters, Kernel: k, Stride: s.Stride, Pad: s.Pad}, rng)
		what := fmt.Sprintf("Conv[%d] (%v)", i, conv)
		if err := add(what, conv); err != nil {
			return nil, nil, err
		}
		if s.BatchNorm {
			if err := add(what+" BatchNorm", layer.NewBatchNorm(s.Filters)); err != nil {
				return nil, nil, err
			}
		}
		if a := act.Layer(); a != nil {
			if err := add(what+" activation", a); err != nil {
				return nil, nil, err
			}
		}
		if s.Pool > 0 {
			if err := add(fmt.Sprintf("Conv[%d] max-pool %d", i, s.Pool), &layer.MaxPool2D{Size: s.Pool}); err != nil {
				return nil, nil, err
			}
		}
	}
	var head layer.Layer = layer.Flatten{}
	if c.GlobalPool {
		head = layer.GlobalMeanPool{}
	}
	if err := add("the flattening layer", head); err != nil {
		return nil, nil, err
	}
	if c.Dropout > 0 && len(hidden) == 0 {
		seq.Layers = append(seq.Layers, &layer.Dropout{P: float32(c.Dropout)})
	}
	for _, h := range hidden {
		seq.Layers = append(seq.Layers, layer.NewDense(shape[0], h, act, rng))
		shape = []int{h}
		if c.Dropout > 0 {
			seq.Layers = append(seq.Layers, &layer.Dropout{P: float32(c.Dropout)})
		}
	}
	seq.Layers = append(seq.Layers, layer.NewDense(shape[0], len(f.Classes), layer.Identity, rng))
	return seq, nil, nil
}

func (c *CNNClassifier) spec() *fitSpec {
	return &fitSpec{
		name: "nn.CNNClassifier", classifier: true, inShape: c.inShape, size: c.size, build: c.build,
		epochs: orDefault(c.Epochs, 10), batch: c.BatchSize, batchDef: 32, noShuffle: c.NoShuffle, seed: c.Seed,
		rule: resolveRule(c.Optimizer), schedule: c.Schedule, early: c.EarlyStopping, valFrac: orDefaultF(c.ValidationFraction, 0.1),
		stopAfter: orDefault(c.Patience, 5), tol: c.Tol, smoothing: c.LabelSmoothing,
		onEpoch: c.OnEpoch, progress: c.Progress,
	}
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func orDefaultF(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// Fit trains the network on X (n × C·H·W) and the class labels y. It returns a
// *ParamError for bad hyperparameters; ErrShape when X's width does not match
// InputShape, when a block does not fit the shape it receives (naming the block and
// the shape) or when len(y) differs from n; ErrInvalidData for NaN/Inf, empty input
// or a single class; ctx.Err() when ctx is done; and an error wrapping
// ErrConvergence when the loss becomes NaN or infinite. On error the previous model
// is kept.
func (c *CNNClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("nn.CNNClassifier: %w", err)
	}
	f, err := fitNet(ctx, c.spec(), X, y)
	if err != nil {
		return err
	}
	c.fit = f
	return nil
}

// Predict returns the most probable class label of each row of X. It returns
// ErrNotFitted before Fit, ErrShape for a wrong column count and ErrInvalidData for
// NaN/Inf or empty X.
func (c *CNNClassifier) Predict(X mat.Matrix) ([]float64, error) {
	return c.fit.predict("nn.CNNClassifier", X)
}

// PredictProba returns the n×K softmax probabilities, columns in Classes order.
func (c *CNNClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	return c.fit.proba("nn.CNNClassifier", X)
}

// Classes returns the sorted class labels seen at Fit, or nil before Fit.
func (c *CNNClassifier) Classes() []float64 {
	if c.fit == nil {
		return nil
	}
	return slices.Clone(c.fit.Classes)
}

// LossCurve returns the mean training loss of each epoch, or nil before Fit.
func (c *CNNClassifier) LossCurve() []float64 { return lossCurve(c.fit) }

// ValidationScores returns the validation accuracy of each epoch with
// EarlyStopping, or nil.
func (c *CNNClassifier) ValidationScores() []float64 { return valScores(c.fit) }

// BestValidationScore returns the best validation accuracy with EarlyStopping, or
// NaN.
func (c *CNNClassifier) BestValidationScore() float64 { return bestVal(c.fit) }

// NIter returns the number of epochs run, or 0 before Fit.
func (c *CNNClassifier) NIter() int { return nIter(c.fit) }

// Converged reports whether early stopping ended training before Epochs.
func (c *CNNClassifier) Converged() bool { return c.fit != nil && c.fit.Converged }

// Net returns the fitted network (shared, not copied; do not modify it), or nil
// before Fit.
func (c *CNNClassifier) Net() layer.Layer { return net(c.fit) }

// MarshalState encodes the learned state: classes, input shape, the architecture
// description and the weights.
func (c *CNNClassifier) MarshalState() ([]byte, error) { return marshalFit(c.fit) }

// UnmarshalState restores what MarshalState wrote, rebuilding the network from the
// hyperparameters. The saved state is untrusted: before anything is built, its input
// shape, classes and parameter count are checked against what the hyperparameters
// imply, and the loaded weights must be finite. It fails with an error wrapping
// estimator.ErrState (and layer.ErrArchitecture when the saved network does not fit
// the hyperparameters); the receiver is then unchanged.
func (c *CNNClassifier) UnmarshalState(b []byte) error {
	f, err := unmarshalFit(loadSpec{name: "nn.CNNClassifier", classifier: true, plan: c.loadPlan,
		build: func(f *netFit) (layer.Layer, error) {
			l, _, err := c.build(f, seededRand(c.Seed))
			return l, err
		}}, b)
	if err != nil {
		return err
	}
	c.fit = f
	return nil
}

// ParamTypes lists the optimiser rules and schedules of package optim, so that
// estimator.Load restores a saved Optimizer or Schedule into a zero-value skeleton.
func (c *CNNClassifier) ParamTypes() []any { return optim.Types() }

// String returns the settings, e.g. nn.CNNClassifier{InputShape: [1 28 28]}.
func (c *CNNClassifier) String() string { return estimator.Format(c) }
