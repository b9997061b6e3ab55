package autograd

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/nn/tensor"
)

// TestBatchNormReLUMatchesUnfused checks the fused op against ReLU(BatchNorm(x))
// bit for bit: output, running statistics and the gradients of x, gamma and beta,
// in training and evaluation mode, on N×C×H×W and N×F inputs.
func TestBatchNormReLUMatchesUnfused(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, shape := range [][]int{{6, 5, 4, 3}, {9, 7}} {
		f := shape[1]
		x := randT(rng, shape...)
		gamma, beta := randT(rng, f), randT(rng, f)
		up := randT(rng, shape...)
		for _, training := range []bool{true, false} {
			run := func(fused bool) (out, gx, gg, gb, rm, rv []float32) {
				tp := NewTape()
				tp.SetTraining(training)
				xp, gp, bp := NewParam(x.Clone()), NewParam(gamma.Clone()), NewParam(beta.Clone())
				rmean, rvar := tensor.New(f), tensor.New(f)
				rvar.Fill(1)
				var y *Var
				if fused {
					y = tp.BatchNormReLU(tp.Param(xp), tp.Param(gp), tp.Param(bp), rmean, rvar, 0.1, 1e-5)
				} else {
					y = tp.ReLU(tp.BatchNorm(tp.Param(xp), tp.Param(gp), tp.Param(bp), rmean, rvar, 0.1, 1e-5))
				}
				tp.Backward(tp.Sum(tp.Mul(y, tp.Const(up))))
				return y.Value.Clone().Data(), xp.Grad.Data(), gp.Grad.Data(), bp.Grad.Data(), rmean.Data(), rvar.Data()
			}
			o1, x1, g1, b1, m1, v1 := run(false)
			o2, x2, g2, b2, m2, v2 := run(true)
			requireSameBits(t, o1, o2, "output %v training=%v", shape, training)
			requireSameBits(t, x1, x2, "x gradient %v training=%v", shape, training)
			requireSameBits(t, g1, g2, "gamma gradient")
			requireSameBits(t, b1, b2, "beta gradient")
			requireSameBits(t, m1, m2, "running mean")
			requireSameBits(t, v1, v2, "running variance")
			require.NotZero(t, len(o1))
		}
	}
}
