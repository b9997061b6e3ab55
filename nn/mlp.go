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
	_ estimator.ProbaClassifier = (*MLPClassifier)(nil)
	_ estimator.Validator       = (*MLPClassifier)(nil)
	_ estimator.StateMarshaler  = (*MLPClassifier)(nil)
	_ estimator.Iterative       = (*MLPClassifier)(nil)
	_ estimator.ParamTyper      = (*MLPClassifier)(nil)
	_ estimator.Predictor       = (*MLPRegressor)(nil)
	_ estimator.Validator       = (*MLPRegressor)(nil)
	_ estimator.StateMarshaler  = (*MLPRegressor)(nil)
	_ estimator.Iterative       = (*MLPRegressor)(nil)
	_ estimator.ParamTyper      = (*MLPRegressor)(nil)
)

// MLPClassifier is a multi-layer perceptron classifier trained by minibatch
// gradient descent on the softmax cross-entropy (scikit-learn:
// neural_network.MLPClassifier with solver="adam"). The network is
//
//	Dense(p => h₁, act), …, Dense(hₖ₋₁ => hₖ, act), Dense(hₖ => K)   (logits)
//
// trained to minimise, per batch B of size b,
//
//	mean over B of −log softmax(z)ᵢ,yᵢ  +  Alpha/(2b) · Σ‖W‖²_F
//
// (the penalty covers the weight matrices, not the biases, as in scikit-learn).
// Weights and biases start from scikit-learn's Glorot-uniform initialisation
// U(−a, a), a = √(6/(fan_in+fan_out)) (√(2/…) for "logistic").
//
// Differences from scikit-learn: two classes use two softmax outputs (scikit-learn
// uses one logistic output; the model family is the same), only the Adam/SGD-style
// optimisers of package optim are available (no lbfgs), and the network computes
// in float32: X's rows are converted a batch at a time. Labels can be any float64 codes;
// they are mapped to indices into Classes and Predict returns the original labels.
//
// The zero value is scikit-learn's default MLPClassifier (one hidden layer of 100
// ReLU units, Adam with learning rate 1e-3, 200 epochs) except that Alpha is 0.
type MLPClassifier struct {
	// HiddenSizes lists the widths of the hidden layers; nil means [100]
	// (scikit-learn hidden_layer_sizes). An empty non-nil slice means none.
	HiddenSizes []int
	// Activation is the hidden-layer nonlinearity: scikit-learn's "relu", "tanh",
	// "logistic" or "identity", or another layer.Activation; the zero value is "relu".
	Activation layer.Activation
	// Alpha is the L2 penalty on the weights. Zero is literal (no penalty);
	// scikit-learn's default is 1e-4.
	Alpha float64
	// BatchSize is the minibatch size; 0 means min(200, n) (scikit-learn "auto").
	// Values above n are clipped to n.
	BatchSize int
	// Optimizer is the update rule; nil means &optim.Adam{LR: 1e-3} (scikit-learn
	// solver="adam", learning_rate_init=0.001). Its fields are searchable
	// ("mlp.Optimizer.LR").
	Optimizer optim.Rule
	// Schedule, if set, gives the learning rate of each epoch from the optimizer's
	// (optim.StepLR, ExponentialLR, CosineAnnealing, WarmUp); nil keeps it constant.
	// Use a pointer (&optim.CosineAnnealing{TMax: 10}) to make its fields searchable.
	Schedule optim.Schedule
	// MaxIter is the maximum number of epochs; 0 means 200 (scikit-learn max_iter).
	MaxIter int
	// NoShuffle disables reshuffling the rows every epoch (scikit-learn shuffle=False).
	NoShuffle bool
	// Seed seeds the weight initialisation, the validation split and the shuffling
	// (scikit-learn random_state).
	Seed uint64
	// EarlyStopping holds out ValidationFraction of the rows (stratified) and stops
	// when the validation accuracy has not improved by Tol for NIterNoChange+1
	// consecutive epochs, then restores the best weights (scikit-learn
	// early_stopping=True). Without it, training stops when the training loss has
	// not improved by Tol for NIterNoChange+1 consecutive epochs, as in scikit-learn.
	EarlyStopping bool
	// ValidationFraction is the held-out fraction with EarlyStopping; 0 means 0.1.
	ValidationFraction float64
	// NIterNoChange is the number of epochs without improvement tolerated; 0 means 10
	// (scikit-learn n_iter_no_change).
	NIterNoChange int
	// Tol is the improvement threshold; 0 means 1e-4 (scikit-learn tol).
	Tol float64
	// OnEpoch, if set, is called after every epoch. Returning ErrStopTraining ends
	// training successfully; another error aborts Fit.
	OnEpoch func(EpochInfo) error `param:"-"`
	// Progress, if set, receives one line per epoch (loss, validation score, time);
	// on a terminal the current epoch's batches are also shown, redrawn with '\r'.
	// nil is quiet.
	Progress io.Writer `param:"-"`

	fit *netFit
}

// MLPRegressor is a multi-layer perceptron regressor trained by minibatch gradient
// descent on the squared error (scikit-learn: neural_network.MLPRegressor with
// solver="adam"). The network is Dense(p => h₁, act), …, Dense(hₖ => 1), trained to
// minimise, per batch B of size b,
//
//	mean over B of (ŷᵢ − yᵢ)²/2  +  Alpha/(2b) · Σ‖W‖²_F
//
// which is scikit-learn's squared_error loss (half the mean squared error, so
// LossCurve matches loss_curve_'s scale). Targets are not scaled, as in scikit-learn;
// standardise X (preprocess.StandardScaler) for good results. See [MLPClassifier] for
// the initialisation, the float32 boundary and the zero value (Alpha 0).
type MLPRegressor struct {
	// HiddenSizes lists the widths of the hidden layers; nil means [100].
	HiddenSizes []int
	// Activation is the hidden-layer nonlinearity: scikit-learn's "relu", "tanh",
	// "logistic" or "identity", or another layer.Activation; the zero value is "relu".
	Activation layer.Activation
	// Alpha is the L2 penalty on the weights. Zero is literal; scikit-learn's
	// default is 1e-4.
	Alpha float64
	// BatchSize is the minibatch size; 0 means min(200, n).
	BatchSize int
	// Optimizer is the update rule; nil means &optim.Adam{LR: 1e-3}.
	Optimizer optim.Rule
	// Schedule, if set, gives the learning rate of each epoch from the optimizer's
	// (optim.StepLR, ExponentialLR, CosineAnnealing, WarmUp); nil keeps it constant.
	// Use a pointer (&optim.CosineAnnealing{TMax: 10}) to make its fields searchable.
	Schedule optim.Schedule
	// MaxIter is the maximum number of epochs; 0 means 200.
	MaxIter int
	// NoShuffle disables reshuffling the rows every epoch.
	NoShuffle bool
	// Seed seeds the initialisation, the validation split and the shuffling.
	Seed uint64
	// EarlyStopping holds out ValidationFraction of the rows and stops when the
	// validation R² has not improved by Tol for NIterNoChange+1 epochs, restoring the
	// best weights; without it, training stops when the training loss stalls.
	EarlyStopping bool
	// ValidationFraction is the held-out fraction with EarlyStopping; 0 means 0.1.
	ValidationFraction float64
	// NIterNoChange is the number of epochs without improvement tolerated; 0 means 10.
	NIterNoChange int
	// Tol is the improvement threshold; 0 means 1e-4.
	Tol float64
	// OnEpoch, if set, is called after every epoch (see [MLPClassifier.OnEpoch]).
	OnEpoch func(EpochInfo) error `param:"-"`
	// Progress, if set, receives a progress display; nil is quiet.
	Progress io.Writer `param:"-"`

	fit *netFit
}

// mlpConfig is what the two MLPs share.
type mlpConfig struct {
	hidden        []int
	act           layer.Activation
	alpha         float64
	batch         int
	rule          optim.Rule
	schedule      optim.Schedule
	maxIter       int
	noShuffle     bool
	seed          uint64
	early         bool
	valFrac       float64
	nIterNoChange int
	tol           float64
	onEpoch       func(EpochInfo) error
	progress      io.Writer
}

func (c *mlpConfig) validate() error {
	for i, h := range c.hidden {
		if h <= 0 {
			return &estimator.ParamError{Param: "HiddenSizes", Value: c.hidden, Reason: fmt.Sprintf("layer %d has width %d; widths must be > 0", i, h)}
		}
	}
	// The hidden layers' share of the size, with one input and one output: a lower
	// bound of every network these settings build, computed without allocating.
	size := mlpSize(1, c.hiddenSizes(), 1)
	if err := size.check("HiddenSizes", c.hidden, "the network"); err != nil {
		return err
	}
	if c.batch > 0 {
		if err := size.checkBatch(c.batch); err != nil {
			return err
		}
	}
	if err := validateActivation(c.act, "Activation"); err != nil {
		return err
	}
	if !(c.alpha >= 0) || math.IsInf(c.alpha, 0) {
		return &estimator.ParamError{Param: "Alpha", Value: c.alpha, Reason: "must be finite and >= 0"}
	}
	return validateShared("MaxIter", c.maxIter, c.batch, c.valFrac, "NIterNoChange", c.nIterNoChange, c.tol, c.rule, c.schedule)
}

func (c *mlpConfig) hiddenSizes() []int {
	if c.hidden == nil {
		return []int{100}
	}
	return c.hidden
}

func nOutputs(f *netFit) int {
	if f.Classes != nil {
		return len(f.Classes)
	}
	return 1
}

// size returns the size of the network for f, checked against the caps.
func (c *mlpConfig) size(f *netFit) (netSize, error) {
	s := mlpSize(f.NFeatures, c.hiddenSizes(), nOutputs(f))
	return s, s.check("HiddenSizes", c.hidden, fmt.Sprintf("with %d features and %d outputs, the network", f.NFeatures, nOutputs(f)))
}

// plan is the loadSpec plan of the MLPs: flat input, size from the hyperparameters.
func (c *mlpConfig) plan(f *netFit) ([]int, netSize, bool, error) {
	s, err := c.size(f)
	return []int{f.NFeatures}, s, true, err
}

// build makes the MLP for f with scikit-learn's initialisation.
func (c *mlpConfig) build(f *netFit, rng *rand.Rand) (layer.Layer, []*autograd.Param, error) {
	nOut := nOutputs(f)
	sizes := append([]int{f.NFeatures}, c.hiddenSizes()...)
	sizes = append(sizes, nOut)
	act := hiddenAct(c.act)
	factor := 6.0
	if act == layer.ActSigmoid || act == "sigmoid" {
		factor = 2
	}
	seq := &layer.Sequential{}
	var ws []*autograd.Param
	for i := 0; i+1 < len(sizes); i++ {
		a := act
		if i+2 == len(sizes) {
			a = layer.Identity
		}
		d := layer.NewDense(sizes[i], sizes[i+1], a, rng)
		bound := math.Sqrt(factor / float64(sizes[i]+sizes[i+1]))
		layer.InitParam(d.W.Value, layer.Uniform(-bound, bound), rng)
		layer.InitParam(d.B.Value, layer.Uniform(-bound, bound), rng)
		seq.Layers = append(seq.Layers, d)
		ws = append(ws, d.W)
	}
	return seq, ws, nil
}

func (c *mlpConfig) spec(name string, classifier bool) *fitSpec {
	stopAfter := c.nIterNoChange
	if stopAfter == 0 {
		stopAfter = 10
	}
	valFrac := c.valFrac
	if valFrac == 0 {
		valFrac = 0.1
	}
	tol := c.tol
	if tol == 0 {
		tol = 1e-4
	}
	epochs := c.maxIter
	if epochs == 0 {
		epochs = 200
	}
	return &fitSpec{
		name: name, classifier: classifier, inShape: flatShape, size: c.size, build: c.build,
		epochs: epochs, batch: c.batch, batchDef: 200, noShuffle: c.noShuffle, seed: c.seed,
		rule: resolveRule(c.rule), schedule: c.schedule, l2: c.alpha, early: c.early, valFrac: valFrac,
		stopAfter: stopAfter + 1, tol: tol, stopOnLoss: true, regLoss: lossHalfMSE,
		onEpoch: c.onEpoch, progress: c.progress,
	}
}

func (m *MLPClassifier) config() *mlpConfig {
	return &mlpConfig{m.HiddenSizes, m.Activation, m.Alpha, m.BatchSize, m.Optimizer, m.Schedule, m.MaxIter, m.NoShuffle,
		m.Seed, m.EarlyStopping, m.ValidationFraction, m.NIterNoChange, m.Tol, m.OnEpoch, m.Progress}
}

func (m *MLPRegressor) config() *mlpConfig {
	return &mlpConfig{m.HiddenSizes, m.Activation, m.Alpha, m.BatchSize, m.Optimizer, m.Schedule, m.MaxIter, m.NoShuffle,
		m.Seed, m.EarlyStopping, m.ValidationFraction, m.NIterNoChange, m.Tol, m.OnEpoch, m.Progress}
}

// Validate reports an invalid hyperparameter as an *estimator.ParamError.
func (m *MLPClassifier) Validate() error { return m.config().validate() }

// Validate reports an invalid hyperparameter as an *estimator.ParamError.
func (m *MLPRegressor) Validate() error { return m.config().validate() }

// Fit trains the network on X (n×p) and the class labels y. It returns a
// *ParamError for bad hyperparameters, ErrInvalidData for NaN/Inf, empty input or a
// single class, ErrShape when len(y) differs from n, ctx.Err() when ctx is done,
// and an error wrapping ErrConvergence when the loss becomes NaN or infinite. On
// error the previous model is kept.
func (m *MLPClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	const name = "nn.MLPClassifier"
	c := m.config()
	if err := c.validate(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	f, err := fitNet(ctx, c.spec(name, true), X, y)
	if err != nil {
		return err
	}
	m.fit = f
	return nil
}

// Fit trains the network on X (n×p) and the targets y, with the errors of
// [MLPClassifier.Fit] (without the class checks).
func (m *MLPRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	const name = "nn.MLPRegressor"
	c := m.config()
	if err := c.validate(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	f, err := fitNet(ctx, c.spec(name, false), X, y)
	if err != nil {
		return err
	}
	m.fit = f
	return nil
}

// Predict returns the most probable class label of each row of X. It returns
// ErrNotFitted before Fit, ErrShape for a wrong column count and ErrInvalidData for
// NaN/Inf or empty X.
func (m *MLPClassifier) Predict(X mat.Matrix) ([]float64, error) {
	return m.fit.predict("nn.MLPClassifier", X)
}

// PredictProba returns the n×K softmax probabilities, columns in Classes order, with
// the errors of Predict.
func (m *MLPClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	return m.fit.proba("nn.MLPClassifier", X)
}

// Predict returns the network's output for each row of X, with the errors of
// [MLPClassifier.Predict].
func (m *MLPRegressor) Predict(X mat.Matrix) ([]float64, error) {
	return m.fit.predict("nn.MLPRegressor", X)
}

// Classes returns the sorted class labels seen at Fit, or nil before Fit.
func (m *MLPClassifier) Classes() []float64 {
	if m.fit == nil {
		return nil
	}
	return slices.Clone(m.fit.Classes)
}

// LossCurve returns the mean training loss of each epoch (scikit-learn loss_curve_),
// or nil before Fit.
func (m *MLPClassifier) LossCurve() []float64 { return lossCurve(m.fit) }

// LossCurve returns the mean training loss of each epoch (scikit-learn loss_curve_).
func (m *MLPRegressor) LossCurve() []float64 { return lossCurve(m.fit) }

// ValidationScores returns the validation accuracy of each epoch with EarlyStopping
// (scikit-learn validation_scores_), or nil.
func (m *MLPClassifier) ValidationScores() []float64 { return valScores(m.fit) }

// ValidationScores returns the validation R² of each epoch with EarlyStopping.
func (m *MLPRegressor) ValidationScores() []float64 { return valScores(m.fit) }

// BestValidationScore returns the best validation accuracy with EarlyStopping
// (scikit-learn best_validation_score_), or NaN.
func (m *MLPClassifier) BestValidationScore() float64 { return bestVal(m.fit) }

// BestValidationScore returns the best validation R² with EarlyStopping, or NaN.
func (m *MLPRegressor) BestValidationScore() float64 { return bestVal(m.fit) }

// NIter returns the number of epochs run (scikit-learn n_iter_), or 0 before Fit.
func (m *MLPClassifier) NIter() int { return nIter(m.fit) }

// NIter returns the number of epochs run (scikit-learn n_iter_).
func (m *MLPRegressor) NIter() int { return nIter(m.fit) }

// Converged reports whether training stopped before MaxIter because the loss (or
// the validation score) stopped improving; false means scikit-learn would warn
// "Maximum iterations reached and the optimization hasn't converged yet".
func (m *MLPClassifier) Converged() bool { return m.fit != nil && m.fit.Converged }

// Converged reports whether training stopped before MaxIter.
func (m *MLPRegressor) Converged() bool { return m.fit != nil && m.fit.Converged }

// Net returns the fitted network (shared, not copied; do not modify it), or nil
// before Fit.
func (m *MLPClassifier) Net() layer.Layer { return net(m.fit) }

// Net returns the fitted network (shared, not copied), or nil before Fit.
func (m *MLPRegressor) Net() layer.Layer { return net(m.fit) }

// MarshalState encodes the learned state: classes, input width, the architecture
// description and the weights (layer.MarshalWeights).
func (m *MLPClassifier) MarshalState() ([]byte, error) { return marshalFit(m.fit) }

// MarshalState encodes the learned state (see [MLPClassifier.MarshalState]).
func (m *MLPRegressor) MarshalState() ([]byte, error) { return marshalFit(m.fit) }

// UnmarshalState restores what MarshalState wrote, rebuilding the network from the
// hyperparameters (architecture is code). The saved state is untrusted: before
// anything is built, its input width, classes and parameter count are checked
// against what the hyperparameters imply, and the loaded weights must be finite. It
// fails with an error wrapping estimator.ErrState (and layer.ErrArchitecture when the
// saved network does not fit the hyperparameters); the receiver is then unchanged.
func (m *MLPClassifier) UnmarshalState(b []byte) error {
	f, err := unmarshalFit(m.config().loadSpec("nn.MLPClassifier", true), b)
	if err != nil {
		return err
	}
	m.fit = f
	return nil
}

// UnmarshalState restores what MarshalState wrote (see [MLPClassifier.UnmarshalState]).
func (m *MLPRegressor) UnmarshalState(b []byte) error {
	f, err := unmarshalFit(m.config().loadSpec("nn.MLPRegressor", false), b)
	if err != nil {
		return err
	}
	m.fit = f
	return nil
}

func (c *mlpConfig) loadSpec(name string, classifier bool) loadSpec {
	return loadSpec{name: name, classifier: classifier, plan: c.plan, build: func(f *netFit) (layer.Layer, error) {
		l, _, err := c.build(f, seededRand(c.seed))
		return l, err
	}}
}

// ParamTypes lists the optimiser rules and schedules of package optim, so that
// estimator.Load restores a saved Optimizer or Schedule into a zero-value skeleton.
func (m *MLPClassifier) ParamTypes() []any { return optim.Types() }

// ParamTypes lists the optimiser rules and schedules of package optim.
func (m *MLPRegressor) ParamTypes() []any { return optim.Types() }

// String returns the settings, e.g. nn.MLPClassifier{HiddenSizes: [64]}.
func (m *MLPClassifier) String() string { return estimator.Format(m) }

// String returns the settings.
func (m *MLPRegressor) String() string { return estimator.Format(m) }

func lossCurve(f *netFit) []float64 {
	if f == nil {
		return nil
	}
	return slices.Clone(f.LossCurve)
}

func valScores(f *netFit) []float64 {
	if f == nil {
		return nil
	}
	return slices.Clone(f.ValScores)
}

func bestVal(f *netFit) float64 {
	if f == nil || f.ValScores == nil {
		return math.NaN()
	}
	return f.BestVal
}

func nIter(f *netFit) int {
	if f == nil {
		return 0
	}
	return f.NIter
}

func net(f *netFit) layer.Layer {
	if f == nil {
		return nil
	}
	return f.net
}
