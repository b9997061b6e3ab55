package layer

import (
	"fmt"

	"github.com/skgo/skgo/nn/autograd"
)

var (
	_ Layer = ReLU{}
	_ Layer = LeakyReLU{}
	_ Layer = ELU{}
	_ Layer = GELU{}
	_ Layer = Sigmoid{}
	_ Layer = Tanh{}
	_ Layer = Softmax{}
	_ Layer = LogSoftmax{}
)

// Activation names an elementwise (or, for softmax, row-wise) nonlinearity. It is the
// one activation type of skgo's nn stack: [Dense] and [Residual] apply it after their
// affine map, and the estimators of package nn take it as their hidden-layer
// nonlinearity. It is a string so that it can be a searchable, saveable
// hyperparameter (SetParams accepts plain strings); the names follow scikit-learn's
// MLP activations where they exist ("identity", "relu", "logistic", "tanh").
//
// The empty string means "the default of the field that holds it": the identity for
// [Dense] and [Residual], ReLU for the nn estimators (scikit-learn's default).
type Activation string

// Activations. LeakyReLU uses PyTorch's default slope 0.01 and ELU alpha 1; use the
// [LeakyReLU] and [ELU] layers for other values. "sigmoid" is accepted as another
// spelling of ActSigmoid.
const (
	Identity      Activation = "identity"
	ActReLU       Activation = "relu"
	ActLeakyReLU  Activation = "leaky_relu"
	ActELU        Activation = "elu"
	ActGELU       Activation = "gelu"
	ActSigmoid    Activation = "logistic"
	ActTanh       Activation = "tanh"
	ActSoftmax    Activation = "softmax"
	ActLogSoftmax Activation = "log_softmax"
)

// Validate reports an unknown activation name ("" is valid: the field's default).
func (a Activation) Validate() error {
	if a.Layer() == nil && !a.isIdentity() {
		return fmt.Errorf("layer: unknown activation %q", string(a))
	}
	return nil
}

// isIdentity reports whether a is the identity in a layer ("" or "identity").
func (a Activation) isIdentity() bool { return a == "" || a == Identity }

// Layer returns the activation as a layer, or nil for the identity (and for an
// unknown name).
func (a Activation) Layer() Layer {
	switch a {
	case ActReLU:
		return ReLU{}
	case ActLeakyReLU:
		return LeakyReLU{}
	case ActELU:
		return ELU{}
	case ActGELU:
		return GELU{}
	case ActSigmoid, "sigmoid":
		return Sigmoid{}
	case ActTanh:
		return Tanh{}
	case ActSoftmax:
		return Softmax{}
	case ActLogSoftmax:
		return LogSoftmax{}
	}
	return nil
}

// String returns the name ("identity" for the zero value, as layers read it).
func (a Activation) String() string {
	if a == "" {
		return string(Identity)
	}
	return string(a)
}

// apply applies the activation; it panics on an unknown name.
func (a Activation) apply(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	if a.isIdentity() {
		return x
	}
	l := a.Layer()
	if l == nil {
		panic(fmt.Sprintf("layer: unknown activation %q", string(a)))
	}
	return l.Forward(tp, x)
}

// ReLU is max(x, 0) (PyTorch nn.ReLU).
type ReLU struct{}

// Forward applies the activation.
func (ReLU) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.ReLU(x) }

// LeakyReLU is x for x > 0 and Slope·x elsewhere (PyTorch nn.LeakyReLU).
type LeakyReLU struct {
	Slope float32 // negative-side slope; 0 means PyTorch's 0.01
}

// Forward applies the activation.
func (l LeakyReLU) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	s := l.Slope
	if s == 0 {
		s = 0.01
	}
	return tp.LeakyReLU(x, s)
}

// ELU is x for x > 0 and Alpha·(eˣ − 1) elsewhere (PyTorch nn.ELU).
type ELU struct {
	Alpha float32 // 0 means PyTorch's 1
}

// Forward applies the activation.
func (l ELU) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	a := l.Alpha
	if a == 0 {
		a = 1
	}
	return tp.ELU(x, a)
}

// GELU is x·Φ(x) with the exact normal CDF (PyTorch nn.GELU()).
type GELU struct{}

// Forward applies the activation.
func (GELU) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.GELU(x) }

// Sigmoid is 1/(1+e⁻ˣ) (PyTorch nn.Sigmoid; scikit-learn's "logistic").
type Sigmoid struct{}

// Forward applies the activation.
func (Sigmoid) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.Sigmoid(x) }

// Tanh is tanh(x) (PyTorch nn.Tanh).
type Tanh struct{}

// Forward applies the activation.
func (Tanh) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.Tanh(x) }

// Softmax is the softmax over the last axis (PyTorch nn.Softmax(dim=-1)).
type Softmax struct{}

// Forward applies the activation.
func (Softmax) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.Softmax(x) }

// LogSoftmax is the log-softmax over the last axis (PyTorch nn.LogSoftmax(dim=-1)).
type LogSoftmax struct{}

// Forward applies the activation.
func (LogSoftmax) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	return tp.LogSoftmax(x)
}
