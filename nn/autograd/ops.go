package autograd

import (
	"math"

	"github.com/skgo/skgo/nn/internal/kernels"
	"github.com/skgo/skgo/nn/internal/parallel"
	"github.com/skgo/skgo/nn/tensor"
)

const grain = 1 << 15

type opKind uint8

const (
	opAdd opKind = iota
	opSub
	opMul
	opScale
	opAddScalar
	opLinear
	opMatMul
	opAddBias
	opReLU
	opLeakyReLU
	opELU
	opGELU
	opSigmoid
	opTanh
	opExp
	opLog
	opSquare
	opAbs
	opSum
	opMean
	opSoftmax
	opLogSoftmax
	opReshape
	opSoftmaxCE
	opBCELogits
	opNLL
	opHuber
	opConv2D
	opMaxPool
	opAvgPool
	opGlobalMeanPool
	opDropout
	opBatchNorm
	opEmbedding
	opAddReLU
)

// node is one recorded op. Fields are used per kind; nodes live in a slice reused
// across steps, so recording allocates nothing.
type node struct {
	kind    opKind
	out     *Var
	a, b, c *Var
	buf     *tensor.Dense // saved forward data (masks, im2col, statistics)
	buf2    *tensor.Dense
	labels  []int
	f       float32
	ints    [8]int
}

// unary records an elementwise op of a; the caller fills the result.
func (tp *Tape) unary(kind opKind, a *Var, f float32) *Var {
	out := tp.newVar(a.needsGrad)
	out.Value.ReuseLike(a.Value)
	tp.record(node{kind: kind, out: out, a: a, f: f})
	return out
}

// Add returns a + b (elementwise, equal element counts; the result has a's shape).
func (tp *Tape) Add(a, b *Var) *Var {
	checkSame("Add", a, b)
	out := tp.newVar(anyGrad(a, b))
	out.Value.ReuseLike(a.Value) // the arena buffer may hold another step's shape
	out.Value.Add(a.Value, b.Value)
	tp.record(node{kind: opAdd, out: out, a: a, b: b})
	return out
}

// AddReLU returns max(a + b, 0) (equal element counts; the result has a's shape):
// ReLU(Add(a, b)) as one op, with the same values and gradients, that keeps no
// copy of the sum (the join of a residual block, which PyTorch writes as out +=
// shortcut; relu_(out) in place). Its backward pass masks with the output, which is
// positive exactly where the sum is.
func (tp *Tape) AddReLU(a, b *Var) *Var {
	checkSame("AddReLU", a, b)
	out := tp.newVar(anyGrad(a, b))
	out.Value.ReuseLike(a.Value) // the arena buffer may hold another step's shape
	dst, ad, bd := out.Value.Data(), a.Value.Data(), b.Value.Data()
	parallel.For(len(dst), grain, func(lo, hi int) {
		kernels.SumTo(dst[lo:hi], ad[lo:hi], bd[lo:hi])
		kernels.ReLU(dst[lo:hi], dst[lo:hi])
	})
	tp.record(node{kind: opAddReLU, out: out, a: a, b: b})
	return out
}

// Sub returns a − b.
func (tp *Tape) Sub(a, b *Var) *Var {
	checkSame("Sub", a, b)
	out := tp.newVar(anyGrad(a, b))
	out.Value.ReuseLike(a.Value) // the arena buffer may hold another step's shape
	out.Value.Sub(a.Value, b.Value)
	tp.record(node{kind: opSub, out: out, a: a, b: b})
	return out
}

// Mul returns a ⊙ b (elementwise product).
func (tp *Tape) Mul(a, b *Var) *Var {
	checkSame("Mul", a, b)
	out := tp.newVar(anyGrad(a, b))
	out.Value.ReuseLike(a.Value) // the arena buffer may hold another step's shape
	out.Value.Mul(a.Value, b.Value)
	tp.record(node{kind: opMul, out: out, a: a, b: b})
	return out
}

// Scale returns s·a.
func (tp *Tape) Scale(s float32, a *Var) *Var {
	out := tp.unary(opScale, a, s)
	out.Value.Scale(s, a.Value)
	return out
}

// AddScalar returns a + s.
func (tp *Tape) AddScalar(a *Var, s float32) *Var {
	out := tp.unary(opAddScalar, a, s)
	ad, od := a.Value.Data(), out.Value.Data()
	for i, x := range ad {
		od[i] = x + s
	}
	return out
}

// MatMul returns a·b for 2-D a (m×k) and b (k×n).
func (tp *Tape) MatMul(a, b *Var) *Var {
	if a.Value.Rank() != 2 || b.Value.Rank() != 2 {
		panic(&tensor.ShapeError{Op: "MatMul", A: a.Value.Shape(), B: b.Value.Shape(), Msg: "operands must be 2-D"})
	}
	out := tp.newVar(anyGrad(a, b), a.Value.Dim(0), b.Value.Dim(1))
	out.Value.MatMul(a.Value, b.Value)
	tp.record(node{kind: opMatMul, out: out, a: a, b: b})
	return out
}

// Linear returns x·Wᵀ + b for x (n×in), W (out×in) and b (out) or nil: PyTorch's
// F.linear, with PyTorch's weight layout.
func (tp *Tape) Linear(x, w, b *Var) *Var {
	if x.Value.Rank() != 2 || w.Value.Rank() != 2 || x.Value.Dim(1) != w.Value.Dim(1) {
		panic(&tensor.ShapeError{Op: "Linear", A: x.Value.Shape(), B: w.Value.Shape()})
	}
	out := tp.newVar(anyGrad(x, w, b))
	out.Value.ReuseAs(x.Value.Dim(0), w.Value.Dim(0))
	if b == nil {
		out.Value.Gemm(1, x.Value, false, w.Value, true, 0)
	} else {
		if b.Value.Len() != w.Value.Dim(0) {
			panic(&tensor.ShapeError{Op: "Linear", A: w.Value.Shape(), B: b.Value.Shape(), Msg: "bias"})
		}
		// Start from the broadcast bias and accumulate the product onto it: one
		// pass over the output instead of clearing it and adding the bias after.
		od, bd := out.Value.Data(), b.Value.Data()
		for r := 0; r < len(od); r += len(bd) {
			copy(od[r:r+len(bd)], bd)
		}
		out.Value.Gemm(1, x.Value, false, w.Value, true, 1)
	}
	tp.record(node{kind: opLinear, out: out, a: x, b: w, c: b})
	return out
}

// AddBias returns x + b with b broadcast along the last axis (or, for 4-D NCHW x with
// len(b) == C, per channel).
func (tp *Tape) AddBias(x, b *Var) *Var {
	out := tp.newVar(anyGrad(x, b))
	out.Value.ReuseLike(x.Value)
	s := x.Value.Shape()
	if len(s) == 4 && b.Value.Len() == s[1] {
		addChannelBias(out.Value.Data(), x.Value.Data(), b.Value.Data(), s[0], s[1], s[2]*s[3])
		tp.record(node{kind: opAddBias, out: out, a: x, b: b, ints: [8]int{1, s[0], s[1], s[2] * s[3]}})
		return out
	}
	out.Value.AddRowVector(x.Value, b.Value)
	tp.record(node{kind: opAddBias, out: out, a: x, b: b})
	return out
}

func addChannelBias(dst, src, b []float32, n, c, hw int) {
	parallel.For(n*c, max(1, grain/max(hw, 1)), func(lo, hi int) {
		for nc := lo; nc < hi; nc++ {
			bv := b[nc%c]
			s, d := src[nc*hw:(nc+1)*hw], dst[nc*hw:(nc+1)*hw]
			for i, v := range s {
				d[i] = v + bv
			}
		}
	})
}

// ReLU returns max(a, 0).
func (tp *Tape) ReLU(a *Var) *Var {
	out := tp.unary(opReLU, a, 0)
	dst, src := out.Value.Data(), a.Value.Data()
	parallel.For(len(dst), grain, func(lo, hi int) { kernels.ReLU(dst[lo:hi], src[lo:hi]) })
	return out
}

// LeakyReLU returns a where a > 0 and slope·a elsewhere (PyTorch default slope 0.01).
func (tp *Tape) LeakyReLU(a *Var, slope float32) *Var {
	out := tp.unary(opLeakyReLU, a, slope)
	mapPar(out.Value.Data(), a.Value.Data(), func(x float32) float32 {
		if x > 0 {
			return x
		}
		return slope * x
	})
	return out
}

// ELU returns a where a > 0 and alpha·(eᵃ − 1) elsewhere.
func (tp *Tape) ELU(a *Var, alpha float32) *Var {
	out := tp.unary(opELU, a, alpha)
	mapPar(out.Value.Data(), a.Value.Data(), func(x float32) float32 {
		if x > 0 {
			return x
		}
		return alpha * float32(math.Expm1(float64(x)))
	})
	return out
}

// GELU returns x·Φ(x) with the exact normal CDF (PyTorch's default approximate='none').
func (tp *Tape) GELU(a *Var) *Var {
	out := tp.unary(opGELU, a, 0)
	mapPar(out.Value.Data(), a.Value.Data(), func(x float32) float32 {
		return float32(0.5 * float64(x) * (1 + math.Erf(float64(x)/math.Sqrt2)))
	})
	return out
}

// Sigmoid returns 1/(1+e⁻ᵃ).
func (tp *Tape) Sigmoid(a *Var) *Var {
	out := tp.unary(opSigmoid, a, 0)
	mapPar(out.Value.Data(), a.Value.Data(), sigmoid)
	return out
}

func sigmoid(x float32) float32 {
	if x >= 0 {
		return float32(1 / (1 + math.Exp(-float64(x))))
	}
	e := math.Exp(float64(x))
	return float32(e / (1 + e))
}

// Tanh returns tanh(a).
func (tp *Tape) Tanh(a *Var) *Var {
	out := tp.unary(opTanh, a, 0)
	mapPar(out.Value.Data(), a.Value.Data(), func(x float32) float32 { return float32(math.Tanh(float64(x))) })
	return out
}

// Exp returns eᵃ.
func (tp *Tape) Exp(a *Var) *Var {
	out := tp.unary(opExp, a, 0)
	mapPar(out.Value.Data(), a.Value.Data(), func(x float32) float32 { return float32(math.Exp(float64(x))) })
	return out
}

// Log returns ln(a).
func (tp *Tape) Log(a *Var) *Var {
	out := tp.unary(opLog, a, 0)
	mapPar(out.Value.Data(), a.Value.Data(), func(x float32) float32 { return float32(math.Log(float64(x))) })
	return out
}

// Square returns a².
func (tp *Tape) Square(a *Var) *Var {
	out := tp.unary(opSquare, a, 0)
	mapPar(out.Value.Data(), a.Value.Data(), func(x float32) float32 { return x * x })
	return out
}

// Abs returns |a| (gradient 0 at 0, like PyTorch's sign).
func (tp *Tape) Abs(a *Var) *Var {
	out := tp.unary(opAbs, a, 0)
	mapPar(out.Value.Data(), a.Value.Data(), func(x float32) float32 { return float32(math.Abs(float64(x))) })
	return out
}

// Sum returns the sum of all elements as a one-element Var.
func (tp *Tape) Sum(a *Var) *Var {
	out := tp.newVar(a.needsGrad, 1)
	out.Value.Data()[0] = float32(a.Value.Sum())
	tp.record(node{kind: opSum, out: out, a: a})
	return out
}

// Mean returns the mean of all elements as a one-element Var.
func (tp *Tape) Mean(a *Var) *Var {
	out := tp.newVar(a.needsGrad, 1)
	out.Value.Data()[0] = float32(a.Value.Sum() / float64(a.Value.Len()))
	tp.record(node{kind: opMean, out: out, a: a})
	return out
}

// Reshape returns a with another shape (same element count); -1 infers a dimension.
func (tp *Tape) Reshape(a *Var, shape ...int) *Var {
	out := tp.newVar(a.needsGrad)
	v := a.Value.Reshape(shape...)
	out.Value.ReuseLike(v)
	copy(out.Value.Data(), a.Value.Data())
	tp.record(node{kind: opReshape, out: out, a: a})
	return out
}

// Flatten reshapes a to (a.Dim(0), rest).
func (tp *Tape) Flatten(a *Var) *Var { return tp.Reshape(a, a.Value.Dim(0), -1) }

// Softmax returns the softmax over the last axis.
func (tp *Tape) Softmax(a *Var) *Var {
	out := tp.unary(opSoftmax, a, 0)
	rowsOp(out.Value, a.Value, softmaxRow)
	return out
}

// LogSoftmax returns the log-softmax over the last axis.
func (tp *Tape) LogSoftmax(a *Var) *Var {
	out := tp.unary(opLogSoftmax, a, 0)
	rowsOp(out.Value, a.Value, logSoftmaxRow)
	return out
}

func rowsOp(dst, src *tensor.Dense, f func(dst, src []float32)) {
	w := src.Dim(-1)
	rows := src.Len() / w
	sd, dd := src.Data(), dst.Data()
	parallel.For(rows, max(1, grain/w), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			f(dd[r*w:(r+1)*w], sd[r*w:(r+1)*w])
		}
	})
}

// softmaxRow sets dst to the softmax of src: exp(src − max) through the float32
// vector exponential (kernels.ExpSum, as PyTorch's vectorised kernel), divided by
// its sum.
func softmaxRow(dst, src []float32) {
	m := src[0]
	for _, v := range src {
		m = max(m, v)
	}
	s := kernels.ExpSum(dst, src, m)
	kernels.MulConst(dst, dst, 1/s)
}

// logSoftmaxRow sets dst to src − (max + log Σ exp(src − max)), dst serving as
// the exponentials' scratch first.
func logSoftmaxRow(dst, src []float32) {
	m := src[0]
	for _, v := range src {
		m = max(m, v)
	}
	s := kernels.ExpSum(dst, src, m)
	lse := m + float32(math.Log(float64(s)))
	kernels.AddConst(dst, src, -lse)
}

func mapPar(dst, src []float32, f func(float32) float32) {
	parallel.For(len(dst), grain, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			dst[i] = f(src[i])
		}
	})
}
