package linear

// Regularisation paths for LassoCV and ElasticNetCV: coordinate descent over a
// decreasing grid of penalties, each solve warm-started from the previous solution,
// as scikit-learn's enet_path. With more rows than columns the path runs on the
// Gram matrix (scikit-learn's precompute="auto" and cd_fast's
// enet_coordinate_descent_gram); otherwise on the columns of X
// (enet_coordinate_descent, as coordinateDescent in enet.go, here with a warm start).

import (
	"context"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
)

// cdGramWarm minimizes ½wᵀQw − qᵀw + ½‖y‖² + l1·‖w‖₁ + ½·l2·‖w‖² from the starting
// point w (updated in place), following cd_fast.enet_coordinate_descent_gram: H = Q·w
// is kept up to date across coordinate updates, and the duality gap (computed from
// Q, q and yNorm2 = ‖y‖²) is checked after sweeps whose largest update is below tol
// times the largest |w|. q is p values, Q is p×p row-major. ctx is checked every
// sweep.
func cdGramWarm(ctx context.Context, Q, q []float64, p int, yNorm2, l1, l2 float64, w []float64,
	maxIter int, tol float64, rng *rand.Rand, positive bool) (cdResult, error) {
	h := make([]float64, p)
	for i := range p {
		h[i] = floats.Dot(Q[i*p:(i+1)*p], w)
	}
	xtA := make([]float64, p)
	gapTol := tol * yNorm2
	res := cdResult{coef: w}
	for it := range maxIter {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		var wMax, dwMax float64
		for f := range p {
			j := f
			if rng != nil {
				j = rng.IntN(p)
			}
			qjj := Q[j*p+j]
			if qjj == 0 {
				continue
			}
			row := Q[j*p : (j+1)*p]
			wj := w[j]
			if wj != 0 {
				floats.AddScaled(h, -wj, row)
			}
			tmp := q[j] - h[j]
			if positive && tmp < 0 {
				w[j] = 0
			} else {
				w[j] = math.Copysign(math.Max(math.Abs(tmp)-l1, 0), tmp) / (qjj + l2)
			}
			if w[j] != 0 {
				floats.AddScaled(h, w[j], row)
			}
			dwMax = math.Max(dwMax, math.Abs(w[j]-wj))
			wMax = math.Max(wMax, math.Abs(w[j]))
		}
		res.nIter = it + 1
		if wMax == 0 || dwMax/wMax < tol || it == maxIter-1 {
			qw := floats.Dot(w, q)
			for j := range p {
				xtA[j] = q[j] - h[j] - l2*w[j]
			}
			var dual float64
			if positive {
				dual = math.Inf(-1)
				for _, v := range xtA {
					dual = math.Max(dual, v)
				}
			} else {
				for _, v := range xtA {
					dual = math.Max(dual, math.Abs(v))
				}
			}
			rNorm2 := yNorm2 + floats.Dot(w, h) - 2*qw
			wNorm2 := floats.Dot(w, w)
			var gap, cst float64
			if dual > l1 {
				cst = l1 / dual
				gap = 0.5 * (rNorm2 + rNorm2*cst*cst)
			} else {
				cst = 1
				gap = rNorm2
			}
			var l1Norm float64
			for _, v := range w {
				l1Norm += math.Abs(v)
			}
			gap += l1*l1Norm - cst*yNorm2 + cst*qw + 0.5*l2*(1+cst*cst)*wNorm2
			res.gap = gap
			if gap < gapTol {
				res.converged = true
				break
			}
		}
	}
	return res, nil
}

// cdWarm is coordinateDescent (enet.go) started from w (updated in place) instead of
// zero: the residual starts at y − X·w. cols holds X column by column. It is the one
// implementation of scikit-learn's enet_coordinate_descent here: coordinateDescent
// calls it with w = 0.
func cdWarm(ctx context.Context, cols []float64, n, p int, y []float64, l1, l2 float64, w []float64,
	maxIter int, tol float64, rng *rand.Rand, positive bool) (cdResult, error) {
	col := func(j int) []float64 { return cols[j*n : (j+1)*n] }
	norm2 := make([]float64, p)
	r := append([]float64(nil), y...)
	for j := range p {
		cj := col(j)
		norm2[j] = floats.Dot(cj, cj)
		if w[j] != 0 {
			floats.AddScaled(r, -w[j], cj)
		}
	}
	gapTol := tol * floats.Dot(y, y)
	xtA := make([]float64, p)
	res := cdResult{coef: w}
	for it := range maxIter {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		var wMax, dwMax float64
		for f := range p {
			j := f
			if rng != nil {
				j = rng.IntN(p)
			}
			if norm2[j] == 0 {
				continue
			}
			cj := col(j)
			wj := w[j]
			if wj != 0 {
				floats.AddScaled(r, wj, cj)
			}
			tmp := floats.Dot(cj, r)
			if positive && tmp < 0 {
				w[j] = 0
			} else {
				w[j] = math.Copysign(math.Max(math.Abs(tmp)-l1, 0), tmp) / (norm2[j] + l2)
			}
			if w[j] != 0 {
				floats.AddScaled(r, -w[j], cj)
			}
			dwMax = math.Max(dwMax, math.Abs(w[j]-wj))
			wMax = math.Max(wMax, math.Abs(w[j]))
		}
		res.nIter = it + 1
		if wMax == 0 || dwMax/wMax < tol || it == maxIter-1 {
			for j := range p {
				xtA[j] = floats.Dot(col(j), r) - l2*w[j]
			}
			var dual float64
			if positive {
				dual = math.Inf(-1)
				for _, v := range xtA {
					dual = math.Max(dual, v)
				}
			} else {
				for _, v := range xtA {
					dual = math.Max(dual, math.Abs(v))
				}
			}
			rNorm2 := floats.Dot(r, r)
			wNorm2 := floats.Dot(w, w)
			var gap, cst float64
			if dual > l1 {
				cst = l1 / dual
				gap = 0.5 * (rNorm2 + rNorm2*cst*cst)
			} else {
				cst = 1
				gap = rNorm2
			}
			var l1Norm float64
			for _, v := range w {
				l1Norm += math.Abs(v)
			}
			gap += l1*l1Norm - cst*floats.Dot(r, y) + 0.5*l2*(1+cst*cst)*wNorm2
			res.gap = gap
			if gap < gapTol {
				res.converged = true
				break
			}
		}
	}
	return res, nil
}
