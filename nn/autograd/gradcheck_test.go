package autograd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/nn/tensor"
)

// gradCheck compares the tape's gradients of f with central finite differences for
// every input. f must return a scalar Var. Inputs are wrapped as Params.
func gradCheck(t *testing.T, name string, f func(tp *Tape, in []*Var) *Var, inputs ...*tensor.Dense) {
	t.Helper()
	params := make([]*Param, len(inputs))
	for i, x := range inputs {
		params[i] = NewParam(x)
	}
	eval := func() float64 {
		tp := Inference()
		vs := make([]*Var, len(params))
		for i, p := range params {
			vs[i] = tp.Param(p)
		}
		return f(tp, vs).Item()
	}
	tp := NewTape()
	vs := make([]*Var, len(params))
	for i, p := range params {
		vs[i] = tp.Param(p)
	}
	loss := f(tp, vs)
	tp.Backward(loss)
	for pi, p := range params {
		d := p.Value.Data()
		for i := range d {
			orig := d[i]
			h := float32(1e-2) * max(1, float32(math.Abs(float64(orig))))
			d[i] = orig + h
			up := eval()
			d[i] = orig - h
			down := eval()
			d[i] = orig
			num := (up - down) / float64(2*h)
			got := float64(p.Grad.Data()[i])
			tol := 2e-2 * max(1, math.Abs(num))
			if math.Abs(num-got) > tol {
				t.Fatalf("%s: input %d element %d: analytic %.6g, numeric %.6g", name, pi, i, got, num)
			}
		}
	}
}

func randT(rng *rand.Rand, shape ...int) *tensor.Dense {
	x := tensor.New(shape...)
	for i := range x.Data() {
		x.Data()[i] = float32(rng.NormFloat64())
	}
	return x
}

// awayFromZero pushes values away from kinks (ReLU, Abs) so finite differences are valid.
func awayFromZero(x *tensor.Dense) *tensor.Dense {
	for i, v := range x.Data() {
		if math.Abs(float64(v)) < 0.1 {
			x.Data()[i] = v + 0.3*float32(math.Copysign(1, float64(v)))
		}
	}
	return x
}

// proj reduces a Var to a scalar with fixed random weights so every element matters.
func proj(tp *Tape, v *Var) *Var {
	rng := rand.New(rand.NewPCG(9, 9))
	w := randT(rng, v.Value.Shape()...)
	return tp.Sum(tp.Mul(v, tp.Const(w)))
}

func TestGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	unary := map[string]func(tp *Tape, a *Var) *Var{
		"ReLU":       tp1((*Tape).ReLU),
		"LeakyReLU":  func(tp *Tape, a *Var) *Var { return tp.LeakyReLU(a, 0.1) },
		"ELU":        func(tp *Tape, a *Var) *Var { return tp.ELU(a, 1.2) },
		"GELU":       tp1((*Tape).GELU),
		"Sigmoid":    tp1((*Tape).Sigmoid),
		"Tanh":       tp1((*Tape).Tanh),
		"Exp":        tp1((*Tape).Exp),
		"Square":     tp1((*Tape).Square),
		"Abs":        tp1((*Tape).Abs),
		"Softmax":    tp1((*Tape).Softmax),
		"LogSoftmax": tp1((*Tape).LogSoftmax),
		"Scale":      func(tp *Tape, a *Var) *Var { return tp.Scale(-1.5, a) },
		"AddScalar":  func(tp *Tape, a *Var) *Var { return tp.AddScalar(a, 2) },
		"Reshape":    func(tp *Tape, a *Var) *Var { return tp.Reshape(a, 4, 3) },
		"Mean":       tp1((*Tape).Mean),
		"Sum":        tp1((*Tape).Sum),
	}
	for name, f := range unary {
		t.Run(name, func(t *testing.T) {
			gradCheck(t, name, func(tp *Tape, in []*Var) *Var { return proj(tp, f(tp, in[0])) }, awayFromZero(randT(rng, 3, 4)))
		})
	}
	t.Run("Log", func(t *testing.T) {
		x := randT(rng, 3, 4)
		for i, v := range x.Data() {
			x.Data()[i] = float32(math.Abs(float64(v))) + 0.5
		}
		gradCheck(t, "Log", func(tp *Tape, in []*Var) *Var { return proj(tp, tp.Log(in[0])) }, x)
	})
	binary := map[string]func(tp *Tape, a, b *Var) *Var{
		"Add":   (*Tape).Add,
		"Sub":   (*Tape).Sub,
		"Mul":   (*Tape).Mul,
		"MSE":   (*Tape).MSE,
		"MAE":   (*Tape).MAE,
		"Huber": func(tp *Tape, a, b *Var) *Var { return tp.Huber(a, b, 0.7) },
		"BCE":   (*Tape).BCEWithLogits,
	}
	for name, f := range binary {
		t.Run(name, func(t *testing.T) {
			a, b := randT(rng, 3, 4), randT(rng, 3, 4)
			if name == "BCE" {
				for i := range b.Data() {
					b.Data()[i] = rng.Float32()
				}
			}
			if name == "MAE" || name == "Huber" {
				for i := range b.Data() { // keep |a−b| away from the kinks
					b.Data()[i] = a.Data()[i] + float32(math.Copysign(0.3+rng.Float64(), rng.NormFloat64()))
				}
			}
			gradCheck(t, name, func(tp *Tape, in []*Var) *Var { return proj(tp, f(tp, in[0], in[1])) }, a, b)
		})
	}
	t.Run("MatMul", func(t *testing.T) {
		gradCheck(t, "MatMul", func(tp *Tape, in []*Var) *Var { return proj(tp, tp.MatMul(in[0], in[1])) }, randT(rng, 3, 5), randT(rng, 5, 2))
	})
	t.Run("Linear", func(t *testing.T) {
		gradCheck(t, "Linear", func(tp *Tape, in []*Var) *Var { return proj(tp, tp.Linear(in[0], in[1], in[2])) },
			randT(rng, 4, 5), randT(rng, 3, 5), randT(rng, 3))
	})
	t.Run("AddBias2D", func(t *testing.T) {
		gradCheck(t, "AddBias", func(tp *Tape, in []*Var) *Var { return proj(tp, tp.AddBias(in[0], in[1])) }, randT(rng, 4, 3), randT(rng, 3))
	})
	t.Run("AddBiasNCHW", func(t *testing.T) {
		gradCheck(t, "AddBias", func(tp *Tape, in []*Var) *Var { return proj(tp, tp.AddBias(in[0], in[1])) }, randT(rng, 2, 3, 2, 2), randT(rng, 3))
	})
	t.Run("SoftmaxCrossEntropy", func(t *testing.T) {
		for _, eps := range []float32{0, 0.1} {
			gradCheck(t, "CE", func(tp *Tape, in []*Var) *Var { return tp.SoftmaxCrossEntropy(in[0], []int{0, 2, 1, 2}, eps) }, randT(rng, 4, 3))
		}
	})
	t.Run("NLL", func(t *testing.T) {
		gradCheck(t, "NLL", func(tp *Tape, in []*Var) *Var { return tp.NLL(tp.LogSoftmax(in[0]), []int{1, 0, 2}) }, randT(rng, 3, 3))
	})
}

func tp1(f func(*Tape, *Var) *Var) func(*Tape, *Var) *Var { return f }

func TestTapeReuseDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation allocates; allocation counts are checked without -race")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	w := NewParam(randT(rng, 16, 8))
	b := NewParam(randT(rng, 16))
	x := randT(rng, 32, 8)
	labels := make([]int, 32)
	tp := NewTape()
	step := func() {
		tp.Reset()
		h := tp.ReLU(tp.Linear(tp.Input(x), tp.Param(w), tp.Param(b)))
		loss := tp.SoftmaxCrossEntropy(h, labels, 0)
		tp.Backward(loss)
	}
	step()
	// AllocsPerRun counts every goroutine's allocations (the runtime's and the test
	// framework's too), so on a loaded machine one measurement can exceed the step's
	// own count: take the least of three.
	allocs := testing.AllocsPerRun(20, step)
	for range 2 {
		allocs = min(allocs, testing.AllocsPerRun(20, step))
	}
	// Only the small closures handed to the parallel loops remain; no tensor buffers.
	require.LessOrEqual(t, allocs, 10.0, "a repeated step should reuse the tape's buffers")
}

func TestBackwardPanicsOnNonScalar(t *testing.T) {
	tp := NewTape()
	p := NewParam(tensor.New(2, 2))
	require.Panics(t, func() { tp.Backward(tp.ReLU(tp.Param(p))) })
	require.Panics(t, func() { Inference().Backward(nil) })
	require.Panics(t, func() { tp.SoftmaxCrossEntropy(tp.Param(p), []int{0, 5}, 0) })
}

// TestTapeReuseAcrossBatchSizes replays a step with a smaller batch after Reset (the
// last, partial minibatch of an epoch): every op must resize its arena buffer.
func TestTapeReuseAcrossBatchSizes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	w := NewParam(randT(rng, 4, 3))
	v := NewParam(randT(rng, 4, 2))
	tp := NewTape()
	for _, n := range []int{32, 26, 32, 1} {
		tp.Reset()
		x, target := tp.Input(randT(rng, n, 3)), tp.Input(randT(rng, n, 4))
		h := tp.Linear(x, tp.Param(w), nil)
		sum := tp.Add(tp.Mul(h, h), tp.Sub(h, target))
		out := tp.MatMul(sum, tp.Param(v))
		loss := tp.Add(tp.MSE(h, target), tp.Mean(out))
		require.Equal(t, []int{n, 2}, out.Shape())
		tp.Backward(loss)
		require.False(t, w.Grad.HasNaNOrInf())
	}
}
