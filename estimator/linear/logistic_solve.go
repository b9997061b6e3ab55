package linear

// The numerical core of Logistic: the loss and gradient of the binomial and
// multinomial log-loss in one parallel pass over X. The minimiser is in
// logistic_lbfgs.go.

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

const (
	// logitChunkRows is the number of rows per parallel chunk. Chunk boundaries
	// depend only on n, so the chunk-ordered reduction is the same for any
	// GOMAXPROCS.
	logitChunkRows = 2048
	// logitFactrTol is scipy's L-BFGS-B relative-reduction test, factr·εmach with
	// factr = 1e7: stop when (f_old − f) / max(|f_old|, |f|, 1) ≤ logitFactrTol.
	logitFactrTol = 1e7 * 2.220446049250313e-16
	// logitMemory is the L-BFGS history length (scipy's maxcor default).
	logitMemory = 10
)

type logitOptions struct {
	l2        float64 // 1/C, or 0 without penalty
	tol       float64 // gradient max-norm threshold
	ftol      float64 // relative reduction threshold; 0 disables it
	maxIter   int
	intercept bool
}

// logitProblem is one minimisation: a binary problem (k == 1, targets yb in {0,1})
// or a multinomial one (k ≥ 2 rows, class codes y). The parameter vector is the
// k×p coefficient matrix, row-major, followed by the k intercepts when fitted.
type logitProblem struct {
	x       []float64 // row-major data
	stride  int
	n, p, k int
	y       []int
	yb      []float64
	sw      []float64
	unit    bool // all sample weights are 1
	opt     logitOptions
	dim     int
	chunks  int
	partial [][]float64 // per chunk: gradient (dim) then the loss
	err     error       // a panic in a chunk (a *parallel.PanicError); the loss is then NaN
}

func newLogitProblem(x *mat.Dense, k int, y []int, yb, sw []float64, opt logitOptions) *logitProblem {
	raw := x.RawMatrix()
	n, p := raw.Rows, raw.Cols
	dim := k * p
	if opt.intercept {
		dim += k
	}
	chunks := parallel.NumChunks(n, logitChunkRows)
	partial := make([][]float64, chunks)
	for c := range partial {
		partial[c] = make([]float64, dim+1)
	}
	unit := true
	for _, v := range sw {
		if v != 1 {
			unit = false
			break
		}
	}
	return &logitProblem{
		unit: unit, x: raw.Data, stride: raw.Stride, n: n, p: p, k: k, y: y, yb: yb, sw: sw,
		opt: opt, dim: dim, chunks: chunks, partial: partial,
	}
}

// lossGrad returns the objective Σᵢ sᵢ·lossᵢ + ½·l2·‖W‖² at params and writes its
// gradient into grad. The chunks of logitChunkRows rows run on
// internal/parallel.Chunks; a panic in one is kept in pr.err and the loss returned is
// NaN, which stops the minimiser (solve then returns pr.err).
func (pr *logitProblem) lossGrad(params, grad []float64) float64 {
	err := parallel.Chunks(pr.n, logitChunkRows, func(c, lo, hi int) {
		if pr.k == 1 {
			pr.binaryChunk(params, pr.partial[c], lo, hi)
		} else {
			pr.multinomialChunk(params, pr.partial[c], lo, hi)
		}
	})
	if err != nil {
		if pr.err == nil {
			pr.err = err
		}
		return math.NaN()
	}
	copy(grad, pr.partial[0][:pr.dim])
	loss := pr.partial[0][pr.dim]
	for c := 1; c < pr.chunks; c++ {
		floats.Add(grad, pr.partial[c][:pr.dim])
		loss += pr.partial[c][pr.dim]
	}
	if pr.opt.l2 != 0 {
		W := params[:pr.k*pr.p]
		loss += 0.5 * pr.opt.l2 * floats.Dot(W, W)
		floats.AddScaled(grad[:pr.k*pr.p], pr.opt.l2, W)
	}
	return loss
}

// logitBlock is the number of rows binaryChunk handles per phase: decision values
// first, then the transcendental functions (independent across rows, so they
// overlap in the CPU), then the gradient update.
const logitBlock = 64

// binaryChunk accumulates rows [lo, hi) of the binomial loss
// sᵢ·(log(1+exp(zᵢ)) − yᵢzᵢ) and its gradient into part.
func (pr *logitProblem) binaryChunk(params, part []float64, lo, hi int) {
	p := pr.p
	w := params[:p]
	b := 0.0
	if pr.opt.intercept {
		b = params[p]
	}
	for j := range part {
		part[j] = 0
	}
	g := part[:p]
	var gb, loss float64
	var zb [logitBlock]float64
	for i0 := lo; i0 < hi; i0 += logitBlock {
		nb := min(logitBlock, hi-i0)
		zs := zb[:nb]
		for r := range zs {
			i := i0 + r
			zs[r] = b + floats.Dot(pr.x[i*pr.stride:i*pr.stride+p], w)
		}
		yb, sw := pr.yb[i0:i0+nb], pr.sw[i0:i0+nb]
		// log(1+exp(z)) = max(z, 0) + log1p(e) with e = exp(−|z|) ∈ (0, 1], and
		// σ(z) = 1/(1+e) or e/(1+e) from the same e.
		if pr.unit {
			// Unit weights: Σ log1p(eᵣ) = log Πᵣ (1+eᵣ), one logarithm per block.
			// The product is at most 2^logitBlock, and each 1+eᵣ is exact to half
			// an ulp of 1, so the block's loss is exact to ~logitBlock·1e-16.
			prod := 1.0
			for r, z := range zs {
				e := logitExpNeg(-math.Abs(z))
				u := 1 + e
				prod *= u
				s := 1 / u
				if z > 0 {
					loss += z
				} else {
					s *= e
				}
				loss -= yb[r] * z
				zs[r] = s - yb[r]
			}
			loss += math.Log(prod)
		} else {
			for r, z := range zs {
				e := logitExpNeg(-math.Abs(z))
				lz := logitLog1pUnit(e)
				s := 1 / (1 + e)
				if z > 0 {
					lz += z
				} else {
					s *= e
				}
				loss += sw[r] * (lz - yb[r]*z)
				zs[r] = sw[r] * (s - yb[r])
			}
		}
		for r, d := range zs {
			if d != 0 {
				i := i0 + r
				floats.AddScaled(g, d, pr.x[i*pr.stride:i*pr.stride+p])
				gb += d
			}
		}
	}
	if pr.opt.intercept {
		part[p] = gb
	}
	part[pr.dim] = loss
}

// multinomialChunk accumulates rows [lo, hi) of the multinomial loss
// sᵢ·(log Σₖ exp(zᵢₖ) − zᵢ,yᵢ) and its gradient into part.
func (pr *logitProblem) multinomialChunk(params, part []float64, lo, hi int) {
	p, k := pr.p, pr.k
	for j := range part {
		part[j] = 0
	}
	z := make([]float64, k)
	loss := 0.0
	for i := lo; i < hi; i++ {
		row := pr.x[i*pr.stride : i*pr.stride+p]
		m := math.Inf(-1)
		for c := range z {
			v := floats.Dot(row, params[c*p:(c+1)*p])
			if pr.opt.intercept {
				v += params[k*p+c]
			}
			z[c] = v
			m = max(m, v)
		}
		yi, si := pr.y[i], pr.sw[i]
		loss -= si * (z[yi] - m)
		sum := 0.0
		for c, v := range z {
			e := logitExpNeg(v - m) // ≤ 0, so no overflow
			z[c] = e
			sum += e
		}
		loss += si * math.Log(sum)
		scale := si / sum
		for c, e := range z {
			d := e * scale
			if c == yi {
				d -= si
			}
			if d == 0 {
				continue
			}
			floats.AddScaled(part[c*p:(c+1)*p], d, row)
			if pr.opt.intercept {
				part[k*p+c] += d
			}
		}
	}
	part[pr.dim] = loss
}

type logitResult struct {
	coef, intercept []float64
	nIter           int
	converged       bool
}

var errLogitNonFinite = errors.New("the loss is not finite; scale the features")

// solve minimises the problem with L-BFGS from zero coefficients.
func (pr *logitProblem) solve(ctx context.Context) (*logitResult, error) {
	x := make([]float64, pr.dim)
	nIter, converged, err := logitLBFGS(ctx, pr.lossGrad, x, pr.opt)
	if pr.err != nil {
		return nil, pr.err
	}
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, fmt.Errorf("lbfgs: %w: %w", err, estimator.ErrConvergence)
	}
	out := &logitResult{nIter: nIter, converged: converged}
	kp := pr.k * pr.p
	out.coef = append([]float64(nil), x[:kp]...)
	out.intercept = make([]float64, pr.k)
	if pr.opt.intercept {
		copy(out.intercept, x[kp:])
	}
	return out, nil
}
