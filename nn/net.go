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
	_ estimator.ProbaClassifier = (*NetClassifier)(nil)
	_ estimator.Validator       = (*NetClassifier)(nil)
	_ estimator.StateMarshaler  = (*NetClassifier)(nil)
	_ estimator.Iterative       = (*NetClassifier)(nil)
	_ estimator.ParamTyper      = (*NetClassifier)(nil)
	_ estimator.Predictor       = (*NetRegressor)(nil)
	_ estimator.Validator       = (*NetRegressor)(nil)
	_ estimator.StateMarshaler  = (*NetRegressor)(nil)
	_ estimator.Iterative       = (*NetRegressor)(nil)
	_ estimator.ParamTyper      = (*NetRegressor)(nil)
)

// RegressionLoss names the training loss of a [NetRegressor]. The zero value is
// LossMSE.
type RegressionLoss string

const (
	// LossMSE is mean((ŷ − y)²) (PyTorch nn.MSELoss; the zero value "" too).
	LossMSE RegressionLoss = "mse"
	// LossMAE is mean(|ŷ − y|) (PyTorch nn.L1Loss).
	LossMAE RegressionLoss = "mae"
	// LossHuber is the Huber loss with threshold HuberDelta (PyTorch nn.HuberLoss).
	LossHuber RegressionLoss = "huber"
)

// NetClassifier trains any user-built network as a classifier: the escape hatch
// when the architectures of [MLPClassifier] and [CNNClassifier] are not enough
// (skorch's NeuralNetClassifier). Build makes the network from a seeded generator;
// it must map a batch of samples of shape InputShape to one logit per class
// (N×K, K = len(Classes())). Training minimises the mean softmax cross-entropy.
//
// Architecture is code, state is data: Build is not a hyperparameter (it is not
// searched or saved), so estimator.Load into a NetClassifier whose Build makes the
// same network restores the weights, and a different network gives an error wrapping
// layer.ErrArchitecture. Build must be safe to call more than once (it is called by
// Fit and by UnmarshalState) and must return a fresh network each time.
type NetClassifier struct {
	// Build returns the network, drawing its initial weights from rng (seeded from
	// Seed). It is required.
	Build func(rng *rand.Rand) layer.Layer `param:"-"`
	// InputShape is the per-sample shape the rows of X are reshaped to (for example
	// []int{1, 28, 28}); nil means flat rows (p features).
	InputShape []int
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
	// Seed seeds Build's generator, the validation split, the shuffling and dropout.
	Seed uint64
	// LabelSmoothing ε mixes the one-hot targets with the uniform distribution. Zero
	// is literal (none).
	LabelSmoothing float64
	// EarlyStopping holds out ValidationFraction of the rows (stratified) and stops
	// when the validation accuracy has not improved by more than Tol for Patience
	// epochs, restoring the best weights.
	EarlyStopping bool
	// ValidationFraction is the held-out fraction with EarlyStopping; 0 means 0.1.
	ValidationFraction float64
	// Patience is the number of epochs without improvement before stopping; 0 means 5.
	Patience int
	// Tol is the minimum improvement of the validation score. Zero is literal.
	Tol float64
	// OnEpoch, if set, is called after every epoch. Returning ErrStopTraining ends
	// training successfully; another error aborts Fit.
	OnEpoch func(EpochInfo) error `param:"-"`
	// Progress, if set, receives a progress display; nil is quiet.
	Progress io.Writer `param:"-"`

	fit *netFit
}

// NetRegressor trains any user-built network as a regressor (skorch's
// NeuralNetRegressor). Build must map a batch to one output per sample (N×1). See
// [NetClassifier] for Build, persistence and the shared knobs.
type NetRegressor struct {
	// Build returns the network, drawing its initial weights from rng. It is required.
	Build func(rng *rand.Rand) layer.Layer `param:"-"`
	// InputShape is the per-sample shape the rows of X are reshaped to; nil means
	// flat rows.
	InputShape []int
	// Loss is the training loss; the zero value is "mse".
	Loss RegressionLoss
	// HuberDelta is the threshold of the Huber loss; 0 means 1 (PyTorch's default).
	HuberDelta float64
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
	// Seed seeds Build's generator, the validation split, the shuffling and dropout.
	Seed uint64
	// EarlyStopping holds out ValidationFraction of the rows and stops when the
	// validation R² has not improved by more than Tol for Patience epochs, restoring
	// the best weights.
	EarlyStopping bool
	// ValidationFraction is the held-out fraction with EarlyStopping; 0 means 0.1.
	ValidationFraction float64
	// Patience is the number of epochs without improvement before stopping; 0 means 5.
	Patience int
	// Tol is the minimum improvement of the validation score. Zero is literal.
	Tol float64
	// OnEpoch, if set, is called after every epoch (see [NetClassifier.OnEpoch]).
	OnEpoch func(EpochInfo) error `param:"-"`
	// Progress, if set, receives a progress display; nil is quiet.
	Progress io.Writer `param:"-"`

	fit *netFit
}

func validateNet(build func(*rand.Rand) layer.Layer, inShape []int) error {
	if build == nil {
		return &estimator.ParamError{Param: "Build", Value: "nil", Reason: "must be set to a function returning the network"}
	}
	if inShape != nil && (len(inShape) == 0 || len(inShape) > maxRank) {
		return &estimator.ParamError{Param: "InputShape", Value: inShape, Reason: fmt.Sprintf("must have 1 to %d dimensions (nil means flat rows)", maxRank)}
	}
	for _, v := range inShape {
		if v <= 0 {
			return &estimator.ParamError{Param: "InputShape", Value: inShape, Reason: "dimensions must be > 0"}
		}
	}
	if satProd(inShape) > estimator.MaxCopyElements {
		return &estimator.ParamError{Param: "InputShape", Value: inShape, Reason: fmt.Sprintf("holds more than %d values", estimator.MaxCopyElements)}
	}
	return nil
}

func netInShape(name string, shape []int) func(p int) ([]int, error) {
	return func(p int) ([]int, error) {
		if shape == nil {
			return []int{p}, nil
		}
		if need := satProd(shape); need != p {
			return nil, fmt.Errorf("%s: X has %d columns but InputShape %v needs %s: %w", name, p, shape, count(need), estimator.ErrShape)
		}
		return slices.Clone(shape), nil
	}
}

// netBuild calls the user's Build and checks what it returns with layer.Check: a nil
// or typed-nil network (or layer inside a Sequential) is a *ParamError for Build, not
// a panic later.
func netBuild(name string, build func(*rand.Rand) layer.Layer) func(*netFit, *rand.Rand) (layer.Layer, []*autograd.Param, error) {
	return func(_ *netFit, rng *rand.Rand) (layer.Layer, []*autograd.Param, error) {
		l := build(rng)
		if err := layer.Check(l); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, &estimator.ParamError{Param: "Build", Value: "func", Reason: "returned an unusable network: " + err.Error()})
		}
		return l, nil, nil
	}
}

// Validate reports an invalid hyperparameter as an *estimator.ParamError.
func (m *NetClassifier) Validate() error {
	if err := validateNet(m.Build, m.InputShape); err != nil {
		return err
	}
	if !(m.LabelSmoothing >= 0 && m.LabelSmoothing < 1) {
		return &estimator.ParamError{Param: "LabelSmoothing", Value: m.LabelSmoothing, Reason: "must be in [0, 1)"}
	}
	return validateShared("Epochs", m.Epochs, m.BatchSize, m.ValidationFraction, "Patience", m.Patience, m.Tol, m.Optimizer, m.Schedule)
}

// Validate reports an invalid hyperparameter as an *estimator.ParamError.
func (m *NetRegressor) Validate() error {
	if err := validateNet(m.Build, m.InputShape); err != nil {
		return err
	}
	switch m.Loss {
	case "", LossMSE, LossMAE, LossHuber:
	default:
		return &estimator.ParamError{Param: "Loss", Value: string(m.Loss), Reason: `must be "mse", "mae" or "huber"`}
	}
	if !(m.HuberDelta >= 0) || math.IsInf(m.HuberDelta, 0) {
		return &estimator.ParamError{Param: "HuberDelta", Value: m.HuberDelta, Reason: "must be finite and >= 0 (0 means 1)"}
	}
	return validateShared("Epochs", m.Epochs, m.BatchSize, m.ValidationFraction, "Patience", m.Patience, m.Tol, m.Optimizer, m.Schedule)
}

func (m *NetClassifier) spec() *fitSpec {
	const name = "nn.NetClassifier"
	return &fitSpec{
		name: name, classifier: true, inShape: netInShape(name, m.InputShape), build: netBuild(name, m.Build),
		epochs: orDefault(m.Epochs, 10), batch: m.BatchSize, batchDef: 32, noShuffle: m.NoShuffle, seed: m.Seed,
		rule: resolveRule(m.Optimizer), schedule: m.Schedule, early: m.EarlyStopping, valFrac: orDefaultF(m.ValidationFraction, 0.1),
		stopAfter: orDefault(m.Patience, 5), tol: m.Tol, smoothing: m.LabelSmoothing,
		onEpoch: m.OnEpoch, progress: m.Progress,
	}
}

func (m *NetRegressor) spec() *fitSpec {
	const name = "nn.NetRegressor"
	loss := lossMSE
	switch m.Loss {
	case LossMAE:
		loss = lossMAE
	case LossHuber:
		loss = lossHuber
	}
	return &fitSpec{
		name: name, inShape: netInShape(name, m.InputShape), build: netBuild(name, m.Build),
		epochs: orDefault(m.Epochs, 10), batch: m.BatchSize, batchDef: 32, noShuffle: m.NoShuffle, seed: m.Seed,
		rule: resolveRule(m.Optimizer), schedule: m.Schedule, early: m.EarlyStopping, valFrac: orDefaultF(m.ValidationFraction, 0.1),
		stopAfter: orDefault(m.Patience, 5), tol: m.Tol, regLoss: loss, huberDelta: orDefaultF(m.HuberDelta, 1),
		onEpoch: m.OnEpoch, progress: m.Progress,
	}
}

// Fit builds the network with Build and trains it on X and the class labels y.
// Errors are those of [CNNClassifier.Fit]; a network whose output is not one logit
// per class gives an error wrapping ErrShape.
func (m *NetClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("nn.NetClassifier: %w", err)
	}
	f, err := fitNet(ctx, m.spec(), X, y)
	if err != nil {
		return err
	}
	m.fit = f
	return nil
}

// Fit builds the network with Build and trains it on X and the targets y. A network
// whose output is not one value per sample gives an error wrapping ErrShape.
func (m *NetRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("nn.NetRegressor: %w", err)
	}
	f, err := fitNet(ctx, m.spec(), X, y)
	if err != nil {
		return err
	}
	m.fit = f
	return nil
}

// Predict returns the most probable class label of each row of X (ErrNotFitted,
// ErrShape, ErrInvalidData as for the other estimators).
func (m *NetClassifier) Predict(X mat.Matrix) ([]float64, error) {
	return m.fit.predict("nn.NetClassifier", X)
}

// PredictProba returns the n×K softmax probabilities of the logits.
func (m *NetClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	return m.fit.proba("nn.NetClassifier", X)
}

// Predict returns the network's output for each row of X.
func (m *NetRegressor) Predict(X mat.Matrix) ([]float64, error) {
	return m.fit.predict("nn.NetRegressor", X)
}

// Classes returns the sorted class labels seen at Fit, or nil before Fit.
func (m *NetClassifier) Classes() []float64 {
	if m.fit == nil {
		return nil
	}
	return slices.Clone(m.fit.Classes)
}

// LossCurve returns the mean training loss of each epoch, or nil before Fit.
func (m *NetClassifier) LossCurve() []float64 { return lossCurve(m.fit) }

// LossCurve returns the mean training loss of each epoch, or nil before Fit.
func (m *NetRegressor) LossCurve() []float64 { return lossCurve(m.fit) }

// ValidationScores returns the validation accuracy of each epoch with
// EarlyStopping, or nil.
func (m *NetClassifier) ValidationScores() []float64 { return valScores(m.fit) }

// ValidationScores returns the validation R² of each epoch with EarlyStopping, or nil.
func (m *NetRegressor) ValidationScores() []float64 { return valScores(m.fit) }

// BestValidationScore returns the best validation accuracy with EarlyStopping, or NaN.
func (m *NetClassifier) BestValidationScore() float64 { return bestVal(m.fit) }

// BestValidationScore returns the best validation R² with EarlyStopping, or NaN.
func (m *NetRegressor) BestValidationScore() float64 { return bestVal(m.fit) }

// NIter returns the number of epochs run, or 0 before Fit.
func (m *NetClassifier) NIter() int { return nIter(m.fit) }

// NIter returns the number of epochs run, or 0 before Fit.
func (m *NetRegressor) NIter() int { return nIter(m.fit) }

// Converged reports whether early stopping ended training before Epochs.
func (m *NetClassifier) Converged() bool { return m.fit != nil && m.fit.Converged }

// Converged reports whether early stopping ended training before Epochs.
func (m *NetRegressor) Converged() bool { return m.fit != nil && m.fit.Converged }

// Net returns the fitted network (shared, not copied), or nil before Fit.
func (m *NetClassifier) Net() layer.Layer { return net(m.fit) }

// Net returns the fitted network (shared, not copied), or nil before Fit.
func (m *NetRegressor) Net() layer.Layer { return net(m.fit) }

// MarshalState encodes the learned state: classes, input shape, a description of
// the network and its weights (layer.MarshalWeights).
func (m *NetClassifier) MarshalState() ([]byte, error) { return marshalFit(m.fit) }

// MarshalState encodes the learned state (see [NetClassifier.MarshalState]).
func (m *NetRegressor) MarshalState() ([]byte, error) { return marshalFit(m.fit) }

// UnmarshalState restores what MarshalState wrote into a network made by Build. The
// saved state is untrusted: its input shape must be the one InputShape gives, the
// saved weights must add up to the saved parameter count, and, after Build, the
// network's description and parameter count must match the saved ones before any
// weight is loaded; the loaded weights must be finite. It fails with an error
// wrapping estimator.ErrState (and layer.ErrArchitecture when the saved weights do
// not fit the network), or with a *ParamError when Build is nil or returns an
// unusable network; the receiver is then unchanged.
func (m *NetClassifier) UnmarshalState(b []byte) error {
	f, err := unmarshalFit(netLoadSpec("nn.NetClassifier", true, m.Build, m.InputShape, m.Seed), b)
	if err != nil {
		return err
	}
	m.fit = f
	return nil
}

// UnmarshalState restores what MarshalState wrote (see [NetClassifier.UnmarshalState]).
func (m *NetRegressor) UnmarshalState(b []byte) error {
	f, err := unmarshalFit(netLoadSpec("nn.NetRegressor", false, m.Build, m.InputShape, m.Seed), b)
	if err != nil {
		return err
	}
	m.fit = f
	return nil
}

func netLoadSpec(name string, classifier bool, build func(*rand.Rand) layer.Layer, inShape []int, seed uint64) loadSpec {
	return loadSpec{name: name, classifier: classifier,
		plan: func(f *netFit) ([]int, netSize, bool, error) {
			if build == nil {
				return nil, netSize{}, false, &estimator.ParamError{Param: "Build", Value: "nil", Reason: "must be set to the function that built the saved network"}
			}
			in, err := netInShape(name, inShape)(f.NFeatures)
			return in, netSize{}, false, err
		},
		build: func(f *netFit) (layer.Layer, error) {
			l, _, err := netBuild(name, build)(f, seededRand(seed))
			return l, err
		}}
}

// ParamTypes lists the optimiser rules and schedules of package optim, so that
// estimator.Load restores a saved Optimizer or Schedule into a skeleton that holds
// another one (or none).
func (m *NetClassifier) ParamTypes() []any { return optim.Types() }

// ParamTypes lists the optimiser rules and schedules of package optim.
func (m *NetRegressor) ParamTypes() []any { return optim.Types() }

// String returns the settings (Build shows as "func").
func (m *NetClassifier) String() string { return estimator.Format(m) }

// String returns the settings (Build shows as "func").
func (m *NetRegressor) String() string { return estimator.Format(m) }
