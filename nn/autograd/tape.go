// Package autograd is skgo's define-by-run reverse-mode automatic differentiation over
// nn/tensor. A Tape is passed explicitly (no global tape, no global grad mode):
//
//	tp := autograd.NewTape()          // records, training mode
//	for each batch {
//		tp.Reset()                    // reuse last step's buffers
//		logits := net.Forward(tp, tp.Input(xb))
//		loss := tp.SoftmaxCrossEntropy(logits, yb, 0)
//		tp.Backward(loss)             // accumulates into each Param's Grad
//		...optimiser step, then ZeroGrad...
//	}
//	inf := autograd.Inference()       // records nothing; Dropout is the identity
//
// Ops are methods on the tape. Any composition of them is differentiable, so a custom
// loss is ordinary Go code over *Var values.
//
// # Memory
//
// A Tape owns the tensors its ops produce. Reset makes them reusable: the i-th tensor
// requested after a Reset reuses the buffer of the i-th tensor of the previous step,
// so a training loop whose steps run the same ops allocates almost nothing after the
// first step. Values of a *Var are therefore valid only until the next Reset; copy
// what must outlive it.
//
// A step holds the ops' outputs and little else: convolutions are implicit GEMMs
// that gather their im2col columns from the input block by block and never store
// them, BatchNorm keeps only its per-channel statistics and recomputes the
// normalised input in Backward, and Backward releases each intermediate gradient
// once it has been used (see RetainGrads). Ops that read their inputs again in
// Backward (Conv2D, BatchNorm among them) therefore require that no input's value
// is changed between the op and Backward; no op of this package writes its inputs.
package autograd

import (
	"math/rand/v2"

	"github.com/skgo/skgo/nn/tensor"
)

// Param is a trainable tensor with its gradient. Backward adds into Grad; optimisers
// read Grad and then zero it.
type Param struct {
	Value *tensor.Dense
	Grad  *tensor.Dense
}

// NewParam wraps v (not copied) as a parameter with a zero gradient.
func NewParam(v *tensor.Dense) *Param {
	return &Param{Value: v, Grad: tensor.New(v.Shape()...)}
}

// ZeroGrad sets the gradient to zero.
func (p *Param) ZeroGrad() { p.Grad.Zero() }

// Var is a node of the computation: a value and, after Backward, its gradient.
type Var struct {
	// Value is the forward result. It belongs to the tape and is reused after Reset.
	Value *tensor.Dense

	own       *tensor.Dense // the arena buffer Value points to for op results
	grad      *tensor.Dense
	gradGen   uint64 // grad is valid when gradGen == tape.gen
	param     *Param
	needsGrad bool
}

// Item returns the value of a one-element Var.
func (v *Var) Item() float64 {
	if v.Value.Len() != 1 {
		panic(&tensor.ShapeError{Op: "Item", A: v.Value.Shape(), Msg: "not a scalar"})
	}
	return float64(v.Value.Data()[0])
}

// Grad returns the gradient computed by the last Backward, or nil if none reached v.
// A Param's gradient is always kept; an intermediate Var's only on a tape with
// RetainGrads on (as PyTorch keeps .grad of leaves only, unless retain_grad).
func (v *Var) Grad() *tensor.Dense {
	if v.param != nil {
		return v.param.Grad
	}
	if v.gradGen == 0 {
		return nil
	}
	return v.grad
}

// Shape returns the shape of v's value.
func (v *Var) Shape() []int { return v.Value.Shape() }

// Tape records operations for Backward.
type Tape struct {
	recording bool
	training  bool
	rng       *rand.Rand

	vars  []*Var
	nVars int
	bufs  []*tensor.Dense // scratch tensors owned by nodes (masks, im2col, stats)
	nBufs int
	trans [4]tensor.Dense // transient buffers of the op running now (see transientAt)
	nodes []node

	retain bool            // keep intermediate gradients (RetainGrads)
	free   []*tensor.Dense // gradient buffers released by Backward, reused by gradOf
	gen    uint64
}

// NewTape returns a recording tape in training mode.
func NewTape() *Tape { return &Tape{recording: true, training: true, gen: 1} }

// Inference returns a tape that records nothing, in evaluation mode (Dropout is the
// identity, BatchNorm uses running statistics). It can still be Reset and reused.
func Inference() *Tape { return &Tape{gen: 1} }

// Training reports whether layers should behave as in training.
func (tp *Tape) Training() bool { return tp.training }

// SetTraining switches training mode (e.g. to evaluate with a recording tape).
func (tp *Tape) SetTraining(on bool) { tp.training = on }

// Recording reports whether ops are recorded for Backward.
func (tp *Tape) Recording() bool { return tp.recording }

// SetRand sets the random source used by stochastic ops (Dropout). Without one they
// use a fixed-seed generator.
func (tp *Tape) SetRand(r *rand.Rand) { tp.rng = r }

// Rand returns the tape's random source.
func (tp *Tape) Rand() *rand.Rand {
	if tp.rng == nil {
		tp.rng = rand.New(rand.NewPCG(0, 0))
	}
	return tp.rng
}

// Reset forgets the recorded ops and makes the tape's tensors reusable by the next
// step. Vars from before the Reset must not be used afterwards.
func (tp *Tape) Reset() {
	tp.nVars, tp.nBufs = 0, 0
	clear(tp.nodes) // drop references held by nodes
	tp.nodes = tp.nodes[:0]
	tp.gen++
}

// newVar returns the next arena Var with a value of the given shape (contents
// unspecified: the op writes every element).
func (tp *Tape) newVar(needsGrad bool, shape ...int) *Var {
	var v *Var
	if tp.nVars < len(tp.vars) {
		v = tp.vars[tp.nVars]
	} else {
		v = &Var{own: new(tensor.Dense)}
		tp.vars = append(tp.vars, v)
	}
	tp.nVars++
	v.Value = v.own
	if shape != nil {
		v.Value.ReuseAs(shape...)
	}
	v.param, v.gradGen = nil, 0
	v.needsGrad = needsGrad && tp.recording
	return v
}

// scratch returns the next arena scratch tensor of the given shape (contents
// unspecified).
func (tp *Tape) scratch(shape ...int) *tensor.Dense {
	var t *tensor.Dense
	if tp.nBufs < len(tp.bufs) {
		t = tp.bufs[tp.nBufs]
	} else {
		t = new(tensor.Dense)
		tp.bufs = append(tp.bufs, t)
	}
	tp.nBufs++
	t.ReuseAs(shape...)
	return t
}

// Input wraps a tensor (not copied, not differentiated) as a Var.
func (tp *Tape) Input(t *tensor.Dense) *Var {
	v := tp.newVar(false)
	v.Value = t
	return v
}

// Param makes a parameter usable in ops; gradients flow into p.Grad.
func (tp *Tape) Param(p *Param) *Var {
	v := tp.newVar(true)
	v.Value, v.param = p.Value, p
	return v
}

// Const wraps a tensor as a non-differentiated Var (like Input).
func (tp *Tape) Const(t *tensor.Dense) *Var { return tp.Input(t) }

// RetainGrads sets whether Backward keeps the gradient of every intermediate Var for
// Var.Grad. Off (the default), Backward hands an intermediate gradient's buffer back
// to the tape as soon as the op that produced the Var has used it, and later
// gradients reuse it: during Backward only the gradients still being accumulated
// are held, not one per activation, which roughly halves a deep network's training
// memory. Results are the same either way.
func (tp *Tape) RetainGrads(on bool) { tp.retain = on }

// gradOf returns v's gradient buffer for accumulation, zeroing it on first use in
// this Backward.
func (tp *Tape) gradOf(v *Var) *tensor.Dense {
	if v.param != nil {
		return v.param.Grad
	}
	if v.gradGen != tp.gen {
		if v.grad == nil {
			v.grad = tp.takeGrad(v.Value.Len())
		}
		v.grad.ReuseLike(v.Value) // allocation-free when the size is unchanged
		v.grad.Zero()
		v.gradGen = tp.gen
	}
	return v.grad
}

// takeGrad returns the released gradient buffer with the least capacity that holds n
// values, or a new one.
func (tp *Tape) takeGrad(n int) *tensor.Dense {
	best := -1
	for i, t := range tp.free {
		if c := cap(t.Data()); c >= n && (best < 0 || c < cap(tp.free[best].Data())) {
			best = i
		}
	}
	if best < 0 {
		return new(tensor.Dense)
	}
	t := tp.free[best]
	last := len(tp.free) - 1
	tp.free[best], tp.free[last] = tp.free[last], nil
	tp.free = tp.free[:last]
	return t
}

// releaseGrad hands an intermediate Var's gradient buffer back to the tape.
func (tp *Tape) releaseGrad(v *Var) {
	if v.param != nil || v.grad == nil {
		return
	}
	tp.free = append(tp.free, v.grad)
	v.grad, v.gradGen = nil, 0
}

// gradForSet returns v's gradient buffer for a caller that will write every
// element when fresh is true: the gradient's first contribution in this Backward,
// handed out without zeroing (the caller then overwrites it instead of adding).
// Otherwise it is gradOf(v), to be added into.
func (tp *Tape) gradForSet(v *Var) (g *tensor.Dense, fresh bool) {
	if v.param != nil || v.gradGen == tp.gen {
		return tp.gradOf(v), false
	}
	if v.grad == nil {
		v.grad = tp.takeGrad(v.Value.Len())
	}
	v.grad.ReuseLike(v.Value)
	v.gradGen = tp.gen
	return v.grad, true
}

// hasGrad reports whether a gradient reached v in this Backward.
func (tp *Tape) hasGrad(v *Var) bool { return v.param != nil || v.gradGen == tp.gen }

// Backward computes the gradient of the scalar loss with respect to every Var and
// Param that it depends on, accumulating into Param.Grad. It panics if loss is not a
// one-element Var recorded on tp.
func (tp *Tape) Backward(loss *Var) {
	if !tp.recording {
		panic("autograd: Backward on a tape that does not record (Inference)")
	}
	if loss.Value.Len() != 1 {
		panic(&tensor.ShapeError{Op: "Backward", A: loss.Value.Shape(), Msg: "loss must be a scalar"})
	}
	if !loss.needsGrad {
		return // nothing to differentiate
	}
	tp.gen++ // a new Backward: non-parameter gradients start from zero
	g := tp.gradOf(loss)
	g.Data()[0] = 1
	for i := len(tp.nodes) - 1; i >= 0; i-- {
		n := &tp.nodes[i]
		if !tp.hasGrad(n.out) {
			continue
		}
		n.backward(tp)
		if !tp.retain {
			tp.releaseGrad(n.out) // its producer was its last reader
		}
	}
}

func (tp *Tape) record(n node) {
	if tp.recording && n.out.needsGrad {
		tp.nodes = append(tp.nodes, n)
	}
}

func anyGrad(vs ...*Var) bool {
	for _, v := range vs {
		if v != nil && v.needsGrad {
			return true
		}
	}
	return false
}

func checkSame(op string, a, b *Var) {
	if a.Value.Len() != b.Value.Len() {
		panic(&tensor.ShapeError{Op: op, A: a.Value.Shape(), B: b.Value.Shape()})
	}
}
