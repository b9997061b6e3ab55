package layer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

// Layer is a differentiable function of a batch: Forward records its ops on tp and
// returns the output. Implementations are plain structs (PyTorch's nn.Module,
// Flux's layers). Forward panics with a *tensor.ShapeError naming the layer when the
// input does not fit.
type Layer interface {
	Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var
}

var (
	_ Layer = (*Sequential)(nil)
	_ Layer = (*Residual)(nil)
	_ Layer = (*Lambda)(nil)
)

// shapePanic panics with a *tensor.ShapeError for layer op (e.g. "Dense"), the input
// shape, and a message like Flux's _size_check.
func shapePanic(op string, in []int, format string, args ...any) {
	panic(&tensor.ShapeError{Op: op, A: in, Msg: fmt.Sprintf(format, args...)})
}

// describe returns a one-line description of l for error messages: its String
// method if it has one, else its type name.
func describe(l Layer) string {
	if s, ok := l.(fmt.Stringer); ok {
		return s.String()
	}
	return strings.TrimPrefix(strings.TrimPrefix(fmt.Sprintf("%T", l), "*"), "layer.")
}

// wrapShapePanic re-panics a *tensor.ShapeError recovered from a sub-layer with where
// ("layer 3 (Dense 64 => 10)") prefixed to its message. Other panics pass through.
func wrapShapePanic(r any, where string) {
	if e, ok := r.(*tensor.ShapeError); ok {
		msg := where
		if e.Msg != "" {
			msg += ": " + e.Msg
		}
		panic(&tensor.ShapeError{Op: e.Op, A: slices.Clone(e.A), B: slices.Clone(e.B), Msg: msg})
	}
	panic(r)
}

// Sequential applies its layers in order (Flux's Chain, PyTorch's nn.Sequential).
// Parameter paths of layer i start with "layers.i.". A shape panic in layer i is
// re-panicked with "layer i (description)" prefixed to its message.
type Sequential struct {
	Layers []Layer
}

// Forward applies the layers in order. A [ReLU] directly followed by a [MaxPool2D]
// runs after the pooling instead (ReLU is monotone, so ReLU(max(S)) = max(ReLU(S))
// for every window S): the same values and gradients, with the ReLU and its backward
// pass over the pooled activations only. A [BatchNorm] directly followed by a
// [ReLU] runs as one op (autograd.Tape.BatchNormReLU): the same values and
// gradients with one activation tensor instead of two.
func (s Sequential) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	for i := 0; i < len(s.Layers); i++ {
		l := s.Layers[i]
		if i+1 < len(s.Layers) {
			if _, ok := s.Layers[i+1].(ReLU); ok {
				var bn *BatchNorm
				switch b := l.(type) {
				case BatchNorm:
					bn = &b
				case *BatchNorm:
					bn = b
				}
				if bn != nil {
					x = forwardAt(tp, bnReLU{*bn}, x, i)
					i++
					continue
				}
			}
		}
		if _, ok := l.(ReLU); ok && i+1 < len(s.Layers) {
			if _, ok := s.Layers[i+1].(MaxPool2D); ok {
				x = forwardAt(tp, s.Layers[i+1], x, i+1)
				x = forwardAt(tp, l, x, i)
				i++
				continue
			}
		}
		x = forwardAt(tp, l, x, i)
	}
	return x
}

func forwardAt(tp *autograd.Tape, l Layer, x *autograd.Var, i int) (out *autograd.Var) {
	defer func() {
		if r := recover(); r != nil {
			wrapShapePanic(r, fmt.Sprintf("layer %d (%s)", i, describe(l)))
		}
	}()
	return l.Forward(tp, x)
}

// String describes the chain, e.g. "Sequential(5 layers)".
func (s Sequential) String() string { return fmt.Sprintf("Sequential(%d layers)", len(s.Layers)) }

// Residual is a skip connection: out = Act(Body(x) + Shortcut(x)), with the identity
// when Shortcut is nil (Flux's SkipConnection with +, ResNet's blocks). Body's and
// Shortcut's outputs must have the same shape.
type Residual struct {
	Body     Layer
	Shortcut Layer      // nil is the identity
	Act      Activation // applied after the sum; zero is the identity
}

// Forward returns Act(Body(x) + Shortcut(x)).
func (r Residual) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	body := forwardNamed(tp, r.Body, x, "body")
	short := x
	if r.Shortcut != nil {
		short = forwardNamed(tp, r.Shortcut, x, "shortcut")
	}
	if !slices.Equal(body.Value.Shape(), short.Value.Shape()) {
		panic(&tensor.ShapeError{Op: "Residual", A: body.Value.Shape(), B: short.Value.Shape(),
			Msg: "layer.Residual: body and shortcut outputs differ in shape"})
	}
	if r.Act == ActReLU { // one op: no copy of the sum is kept
		return tp.AddReLU(body, short)
	}
	return r.Act.apply(tp, tp.Add(body, short))
}

func forwardNamed(tp *autograd.Tape, l Layer, x *autograd.Var, name string) (out *autograd.Var) {
	defer func() {
		if r := recover(); r != nil {
			wrapShapePanic(r, fmt.Sprintf("%s (%s)", name, describe(l)))
		}
	}()
	return l.Forward(tp, x)
}

// String describes the block.
func (r Residual) String() string {
	if r.Shortcut == nil {
		return "Residual(identity shortcut)"
	}
	return "Residual"
}

// Lambda wraps a parameter-free function as a layer (Flux allows any function in a
// Chain). Its parameters, if Fn closes over any, are not found by [Params]; write a
// struct layer for that.
type Lambda struct {
	Name string // used in error messages; "" is "Lambda"
	Fn   func(tp *autograd.Tape, x *autograd.Var) *autograd.Var
}

// Forward returns Fn(tp, x).
func (l Lambda) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return l.Fn(tp, x) }

// String returns the name.
func (l Lambda) String() string {
	if l.Name == "" {
		return "Lambda"
	}
	return l.Name
}
