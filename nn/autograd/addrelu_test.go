package autograd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAddReLUMatchesUnfused checks AddReLU against ReLU(Add(a, b)) bit for bit:
// values and both gradients, on data with ±0, ±Inf, NaN and sums that cancel,
// with a gradient written fresh and one added to (a parameter), with either
// input not differentiated, and with a and b the same Var.
func TestAddReLUMatchesUnfused(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	const n = 1000
	a, b, g := randT(rng, 4, n/4), randT(rng, 4, n/4), randT(rng, 4, n/4)
	ad, bd := a.Data(), b.Data()
	specials := []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())}
	for i := 0; i < 60; i++ {
		ad[rng.IntN(n)] = specials[rng.IntN(len(specials))]
		bd[rng.IntN(n)] = specials[rng.IntN(len(specials))]
	}
	for i := 0; i < 20; i++ { // exact cancellation: a + b = +0
		j := rng.IntN(n)
		bd[j] = -ad[j]
	}
	type result struct{ out, ga, gb []uint32 }
	run := func(fused bool, gradA, gradB, same bool) result {
		tp := NewTape()
		pa, pb := NewParam(a.Clone()), NewParam(b.Clone())
		pa.Grad.Fill(0.5) // a parameter's gradient is added to
		va := tp.Scale(1, tp.Param(pa))
		if !gradA {
			va = tp.Input(a)
		}
		vb := tp.Param(pb) // b's gradient goes straight into the parameter
		if !gradB {
			vb = tp.Input(b)
		}
		if same {
			vb = va
		}
		var out *Var
		if fused {
			out = tp.AddReLU(va, vb)
		} else {
			out = tp.ReLU(tp.Add(va, vb))
		}
		tp.Backward(tp.Sum(tp.Mul(out, tp.Const(g))))
		return result{rawBits(out.Value.Data()), rawBits(pa.Grad.Data()), rawBits(pb.Grad.Data())}
	}
	for _, c := range [][3]bool{{true, true, false}, {true, false, false}, {false, true, false}, {true, true, true}} {
		require.Equal(t, run(false, c[0], c[1], c[2]), run(true, c[0], c[1], c[2]), "grads a, b, same: %v", c)
	}
	require.Panics(t, func() {
		tp := NewTape()
		tp.AddReLU(tp.Input(a), tp.Input(randT(rng, 3)))
	})
}

// rawBits returns the bits of x (NaN payloads included).
func rawBits(x []float32) []uint32 {
	b := make([]uint32, len(x))
	for i, v := range x {
		b[i] = math.Float32bits(v)
	}
	return b
}
