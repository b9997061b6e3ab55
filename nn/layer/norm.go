package layer

import (
	"fmt"
	"math/rand/v2"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

var (
	_ Layer = (*BatchNorm)(nil)
	_ Layer = Dropout{}
	_ Layer = (*Embedding)(nil)
)

// BatchNorm normalises each feature over the batch (PyTorch nn.BatchNorm1d for N×F
// input, nn.BatchNorm2d for N×C×H×W input, per channel; Flux's BatchNorm). In
// training mode (tp.Training()) it uses the batch statistics and updates RunMean and
// RunVar in place; otherwise it uses them. RunMean and RunVar are state, not
// trainable parameters: [Buffers] lists them and [MarshalWeights] saves them.
type BatchNorm struct {
	Gamma, Beta     *autograd.Param // per-feature scale (init 1) and shift (init 0)
	RunMean, RunVar *tensor.Dense   // running statistics (init 0 and 1)
	Momentum        float32         // running = (1−m)·running + m·batch; 0 means PyTorch's 0.1
	Eps             float32         // added to the variance; 0 means PyTorch's 1e-5
}

// NewBatchNorm returns a batch normalisation over f features (or channels) with
// PyTorch's initial values.
func NewBatchNorm(f int) *BatchNorm {
	g := tensor.New(f)
	g.Fill(1)
	rv := tensor.New(f)
	rv.Fill(1)
	return &BatchNorm{Gamma: autograd.NewParam(g), Beta: autograd.NewParam(tensor.New(f)),
		RunMean: tensor.New(f), RunVar: rv}
}

// Forward normalises x (N×F or N×F×H×W). It panics with a *tensor.ShapeError naming
// the layer on a wrong rank or feature count.
func (b BatchNorm) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	return b.forward(tp, x, false)
}

// bnReLU is a BatchNorm followed by a ReLU, run as the one op
// autograd.Tape.BatchNormReLU (see Sequential.Forward).
type bnReLU struct{ bn BatchNorm }

func (l bnReLU) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	return l.bn.forward(tp, x, true)
}

func (l bnReLU) String() string { return l.bn.String() }

func (b BatchNorm) forward(tp *autograd.Tape, x *autograd.Var, relu bool) *autograd.Var {
	f := b.Gamma.Value.Len()
	s := x.Value.Shape()
	if len(s) != 2 && len(s) != 4 {
		shapePanic("BatchNorm", s, "layer.BatchNorm(%d) expects an N×%d or N×%d×H×W batch, got shape %v", f, f, f, s)
	}
	if s[1] != f {
		shapePanic("BatchNorm", s, "layer.BatchNorm(%d) expects %d features, got %d", f, f, s[1])
	}
	m, eps := b.Momentum, b.Eps
	if m == 0 {
		m = 0.1
	}
	if eps == 0 {
		eps = 1e-5
	}
	if relu {
		return tp.BatchNormReLU(x, tp.Param(b.Gamma), tp.Param(b.Beta), b.RunMean, b.RunVar, m, eps)
	}
	return tp.BatchNorm(x, tp.Param(b.Gamma), tp.Param(b.Beta), b.RunMean, b.RunVar, m, eps)
}

// String describes the layer.
func (b BatchNorm) String() string { return fmt.Sprintf("BatchNorm(%d)", b.Gamma.Value.Len()) }

// Dropout zeroes each element with probability P in training mode and scales the
// others by 1/(1−P) (PyTorch nn.Dropout, inverted dropout). In evaluation mode it is
// the identity. It draws from tp.Rand().
type Dropout struct {
	P float32 // drop probability in [0, 1); 0 disables the layer
}

// Forward applies dropout.
func (d Dropout) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	if !(d.P >= 0 && d.P < 1) {
		shapePanic("Dropout", x.Value.Shape(), "layer.Dropout: probability %v outside [0, 1)", d.P)
	}
	return tp.Dropout(x, d.P)
}

// String describes the layer.
func (d Dropout) String() string { return fmt.Sprintf("Dropout(%v)", d.P) }

// Embedding maps integer codes to rows of W (PyTorch nn.Embedding, Flux's
// Embedding). The input's values are codes in [0, V) stored as float32; the output
// has the input's shape plus a trailing D.
type Embedding struct {
	W *autograd.Param // V×D
}

// NewEmbedding returns a v-code, d-dimensional embedding with W from N(0, 1) like
// PyTorch.
func NewEmbedding(v, d int, rng *rand.Rand) *Embedding {
	w := tensor.New(v, d)
	fillNormal(w, 1, rng)
	return &Embedding{W: autograd.NewParam(w)}
}

// Forward looks up the codes in x. It panics with a *tensor.ShapeError on a code
// that is not an integer in [0, V).
func (e Embedding) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	return tp.Embedding(x.Value, tp.Param(e.W))
}

// String describes the layer.
func (e Embedding) String() string {
	return fmt.Sprintf("Embedding(%d => %d)", e.W.Value.Dim(0), e.W.Value.Dim(1))
}
