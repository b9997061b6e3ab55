package autograd

import (
	"math"

	"github.com/skgo/skgo/nn/internal/kernels"
	"github.com/skgo/skgo/nn/internal/parallel"
)

// backward propagates n.out's gradient to n's inputs that need one.
func (n *node) backward(tp *Tape) {
	g := tp.gradOf(n.out)
	gd := g.Data()
	switch n.kind {
	case opAdd, opSub:
		if n.a.needsGrad {
			tp.gradOf(n.a).AddScaled(1, g)
		}
		if n.b.needsGrad {
			s := float32(1)
			if n.kind == opSub {
				s = -1
			}
			tp.gradOf(n.b).AddScaled(s, g)
		}
	case opAddReLU:
		od := n.out.Value.Data()
		for _, v := range [2]*Var{n.a, n.b} {
			if !v.needsGrad {
				continue
			}
			gv, fresh := tp.gradForSet(v)
			dst := gv.Data()
			parallel.For(len(dst), grain, func(lo, hi int) {
				kernels.ReLUGrad(dst[lo:hi], gd[lo:hi], od[lo:hi], fresh)
			})
		}
	case opMul:
		if n.a.needsGrad {
			accMul(tp.gradOf(n.a).Data(), gd, n.b.Value.Data())
		}
		if n.b.needsGrad {
			accMul(tp.gradOf(n.b).Data(), gd, n.a.Value.Data())
		}
	case opScale:
		tp.gradOf(n.a).AddScaled(n.f, g)
	case opAddScalar, opReshape:
		ga := tp.gradOf(n.a).Data()
		for i, v := range gd {
			ga[i] += v
		}
	case opMatMul:
		if n.a.needsGrad { // dA += dY·Bᵀ
			tp.gradOf(n.a).Gemm(1, g, false, n.b.Value, true, 1)
		}
		if n.b.needsGrad { // dB += Aᵀ·dY
			tp.gradOf(n.b).Gemm(1, n.a.Value, true, g, false, 1)
		}
	case opLinear:
		if n.a.needsGrad { // dX += dY·W
			tp.gradOf(n.a).Gemm(1, g, false, n.b.Value, false, 1)
		}
		if n.b.needsGrad { // dW += dYᵀ·X
			tp.gradOf(n.b).Gemm(1, g, true, n.a.Value, false, 1)
		}
		if n.c != nil && n.c.needsGrad {
			tp.gradOf(n.c).SumRowsInto(g)
		}
	case opAddBias:
		if n.a.needsGrad {
			tp.gradOf(n.a).AddScaled(1, g)
		}
		if n.b.needsGrad {
			gb := tp.gradOf(n.b)
			if n.ints[0] == 1 { // per channel of NCHW
				batch, c, hw := n.ints[1], n.ints[2], n.ints[3]
				bd := gb.Data()
				for i := 0; i < batch*c; i++ {
					var s float32
					for _, v := range gd[i*hw : (i+1)*hw] {
						s += v
					}
					bd[i%c] += s
				}
			} else {
				gb.SumRowsInto(g)
			}
		}
	case opReLU, opLeakyReLU:
		slope := n.f
		if n.kind == opReLU {
			slope = 0
		}
		ad, ga := n.a.Value.Data(), tp.gradOf(n.a).Data()
		parallel.For(len(ga), grain, func(lo, hi int) {
			dst, src, x := ga[lo:hi], gd[lo:hi], ad[lo:hi]
			if slope == 0 {
				kernels.ReLUGrad(dst, src, x, false)
				return
			}
			for i, gv := range src {
				if x[i] > 0 {
					dst[i] += gv
				} else {
					dst[i] += slope * gv
				}
			}
		})
	case opELU:
		ad, od := n.a.Value.Data(), n.out.Value.Data()
		alpha := n.f
		accMap(tp.gradOf(n.a).Data(), gd, func(i int, gv float32) float32 {
			if ad[i] > 0 {
				return gv
			}
			return gv * (od[i] + alpha)
		})
	case opGELU:
		ad := n.a.Value.Data()
		accMap(tp.gradOf(n.a).Data(), gd, func(i int, gv float32) float32 {
			x := float64(ad[i])
			cdf := 0.5 * (1 + math.Erf(x/math.Sqrt2))
			pdf := math.Exp(-0.5*x*x) / math.Sqrt(2*math.Pi)
			return gv * float32(cdf+x*pdf)
		})
	case opSigmoid:
		od, ga := n.out.Value.Data(), tp.gradOf(n.a).Data()
		parallel.For(len(ga), grain, func(lo, hi int) {
			dst, src, y := ga[lo:hi], gd[lo:hi], od[lo:hi]
			for i, gv := range src {
				dst[i] += gv * y[i] * (1 - y[i])
			}
		})
	case opTanh:
		od, ga := n.out.Value.Data(), tp.gradOf(n.a).Data()
		parallel.For(len(ga), grain, func(lo, hi int) {
			dst, src, y := ga[lo:hi], gd[lo:hi], od[lo:hi]
			for i, gv := range src {
				dst[i] += gv * (1 - y[i]*y[i])
			}
		})
	case opExp:
		od := n.out.Value.Data()
		accMap(tp.gradOf(n.a).Data(), gd, func(i int, gv float32) float32 { return gv * od[i] })
	case opLog:
		ad := n.a.Value.Data()
		accMap(tp.gradOf(n.a).Data(), gd, func(i int, gv float32) float32 { return gv / ad[i] })
	case opSquare:
		ad := n.a.Value.Data()
		accMap(tp.gradOf(n.a).Data(), gd, func(i int, gv float32) float32 { return 2 * gv * ad[i] })
	case opAbs:
		ad := n.a.Value.Data()
		accMap(tp.gradOf(n.a).Data(), gd, func(i int, gv float32) float32 {
			switch {
			case ad[i] > 0:
				return gv
			case ad[i] < 0:
				return -gv
			}
			return 0
		})
	case opSum, opMean:
		s := gd[0]
		if n.kind == opMean {
			s /= float32(n.a.Value.Len())
		}
		ga := tp.gradOf(n.a).Data()
		for i := range ga {
			ga[i] += s
		}
	case opSoftmax:
		w := n.out.Value.Dim(-1)
		od, ga := n.out.Value.Data(), tp.gradOf(n.a).Data()
		for r := 0; r < len(od)/w; r++ {
			y, dy, dx := od[r*w:(r+1)*w], gd[r*w:(r+1)*w], ga[r*w:(r+1)*w]
			var dot float32
			for j := range y {
				dot += y[j] * dy[j]
			}
			for j := range y {
				dx[j] += y[j] * (dy[j] - dot)
			}
		}
	case opLogSoftmax:
		w := n.out.Value.Dim(-1)
		od, ga := n.out.Value.Data(), tp.gradOf(n.a).Data()
		p := tp.transient(len(od)).Data() // the probabilities exp(y)
		kernels.ExpSum(p, od, 0)
		for r := 0; r < len(od)/w; r++ {
			p, dy, dx := p[r*w:(r+1)*w], gd[r*w:(r+1)*w], ga[r*w:(r+1)*w]
			var s float32
			for _, v := range dy {
				s += v
			}
			for j := range p {
				dx[j] += dy[j] - p[j]*s
			}
		}
	case opSoftmaxCE:
		k := n.a.Value.Dim(1)
		rows := len(n.labels)
		ld, ga := n.buf.Data(), tp.gradOf(n.a).Data()
		p := tp.transient(len(ld)).Data() // the probabilities exp(log p)
		kernels.ExpSum(p, ld, 0)
		scale := gd[0] / float32(rows)
		eps := n.f
		for i, y := range n.labels {
			p, dx := p[i*k:(i+1)*k], ga[i*k:(i+1)*k]
			for j, v := range p {
				q := eps / float32(k)
				if j == y {
					q += 1 - eps
				}
				dx[j] += scale * (v - q)
			}
		}
	case opNLL:
		k := n.a.Value.Dim(1)
		ga := tp.gradOf(n.a).Data()
		s := gd[0] / float32(len(n.labels))
		for i, y := range n.labels {
			ga[i*k+y] -= s
		}
	case opBCELogits:
		xd, td := n.a.Value.Data(), n.b.Value.Data()
		s := gd[0] / float32(len(xd))
		if n.a.needsGrad {
			ga := tp.gradOf(n.a).Data()
			for i, x := range xd {
				ga[i] += s * (sigmoid(x) - td[i])
			}
		}
		if n.b.needsGrad {
			gb := tp.gradOf(n.b).Data()
			for i, x := range xd {
				gb[i] -= s * x
			}
		}
	case opHuber:
		pd, td := n.a.Value.Data(), n.b.Value.Data()
		s := gd[0] / float32(len(pd))
		delta := n.f
		for i, p := range pd {
			d := min(max(p-td[i], -delta), delta) * s
			if n.a.needsGrad {
				tp.gradOf(n.a).Data()[i] += d
			}
			if n.b.needsGrad {
				tp.gradOf(n.b).Data()[i] -= d
			}
		}
	default:
		n.backwardLayers(tp, g)
	}
}

func accMul(dst, g, other []float32) {
	parallel.For(len(dst), grain, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			dst[i] += g[i] * other[i]
		}
	})
}

// accMap adds f(i, g[i]) into dst[i] in parallel.
func accMap(dst, g []float32, f func(i int, gv float32) float32) {
	parallel.For(len(dst), grain, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			dst[i] += f(i, g[i])
		}
	})
}
