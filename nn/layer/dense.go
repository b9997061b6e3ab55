package layer

import (
	"fmt"
	"math/rand/v2"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

var _ Layer = (*Dense)(nil)

// Dense is a fully connected layer, y = Act(x·Wᵀ + B) for a batch x (N×in)
// (PyTorch nn.Linear followed by an activation; Flux's Dense).
type Dense struct {
	W   *autograd.Param // out×in (PyTorch layout)
	B   *autograd.Param // out; nil means no bias
	Act Activation      // applied after the affine map; "" (the zero value) is the identity
}

// NewDense returns an in => out dense layer with PyTorch's default initialisation:
// W and B from U(−1/√in, 1/√in) ([TorchDefault]).
func NewDense(in, out int, act Activation, rng *rand.Rand) *Dense {
	w := tensor.New(out, in)
	b := tensor.New(out)
	TorchDefault(w, in, out, rng)
	TorchDefault(b, in, out, rng)
	return &Dense{W: autograd.NewParam(w), B: autograd.NewParam(b), Act: act}
}

// In returns the number of input features.
func (d Dense) In() int { return d.W.Value.Dim(1) }

// Out returns the number of output features.
func (d Dense) Out() int { return d.W.Value.Dim(0) }

// Forward returns Act(x·Wᵀ + B). x must be N×in; it panics with a *tensor.ShapeError
// such as "layer.Dense(64 => 10) expects 64 input features, got 128" otherwise.
func (d Dense) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	in, out := d.In(), d.Out()
	s := x.Value.Shape()
	if len(s) != 2 {
		hint := ""
		if len(s) > 2 {
			hint = " (missing Flatten?)"
		}
		shapePanic("Dense", s, "layer.Dense(%d => %d) expects an N×%d batch, got shape %v%s", in, out, in, s, hint)
	}
	if s[1] != in {
		shapePanic("Dense", s, "layer.Dense(%d => %d) expects %d input features, got %d", in, out, in, s[1])
	}
	var b *autograd.Var
	if d.B != nil {
		b = tp.Param(d.B)
	}
	return d.Act.apply(tp, tp.Linear(x, tp.Param(d.W), b))
}

// String describes the layer, e.g. "Dense 64 => 10, relu".
func (d Dense) String() string {
	s := fmt.Sprintf("Dense %d => %d", d.In(), d.Out())
	if !d.Act.isIdentity() {
		s += ", " + d.Act.String()
	}
	return s
}
