package linear

// The linear program behind QuantileRegressor, solved exactly by a bounded-variable
// primal simplex method on its dual. With sample weights sᵢ, quantile τ and penalty
// λ, the primal problem
//
//	minimise over b, w   Σᵢ sᵢ·ρ_τ(yᵢ − b − xᵢ·w) + λ·‖w‖₁,   ρ_τ(r) = max(τr, (τ−1)r)
//
// has the dual
//
//	maximise Σᵢ yᵢ·dᵢ   subject to   Σᵢ dᵢ = 0 (with an intercept),   Xᵀd − e = 0,
//	                                  (τ−1)·sᵢ ≤ dᵢ ≤ τ·sᵢ,   −λ ≤ eⱼ ≤ λ
//
// with m = p (+1) equality rows and n + p bounded columns. The simplex method keeps
// a basis of m columns and the explicit m×m inverse of its matrix, so it needs O(m²)
// memory besides X, and each iteration prices every column in O((n + p)·m). At the
// optimum the simplex multipliers π of the rows are −(b, w): the primal solution is
// a vertex, where m of the residuals and zero coefficients are exactly zero, the kind
// of solution HiGHS returns to scikit-learn. Phase 1 starts from every dᵢ at the
// bound suggested by the sign of its least-squares residual against the residuals'
// q-quantile, and m artificial columns; Dantzig pricing
// switches to Bland's rule after a run of degenerate pivots, so the method cannot
// cycle, and the inverse is recomputed from the basis every qrRefactor pivots.

import (
	"context"
	"errors"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

const (
	qrRefactor      = 64
	qrBlandAfter    = 50 // consecutive degenerate pivots before Bland's rule
	qrStatusBasic   = 0
	qrStatusLower   = 1
	qrStatusUpper   = 2
	qrMaxIterFactor = 50
	qrPriceBlock    = 512
)

var errQRIterations = errors.New("the simplex method reached its iteration limit")

// qrLP is one quantile-regression linear program.
type qrLP struct {
	x         []float64
	stride    int
	n, p      int
	y         []float64
	intercept bool
	m         int // rows: p (+1)
	ncol      int // n + p (e columns, only when λ > 0) + m artificials
	nE        int // number of e columns
	lo, up    []float64
	cost      []float64
	val       []float64
	status    []int8
	basis     []int     // column in each basis position
	binv      []float64 // m×m, row-major
	artSign   []float64
	priceAt   int // next column partial pricing looks at
}

// column writes column j of the constraint matrix into dst (length m).
func (lp *qrLP) column(j int, dst []float64) {
	for k := range dst {
		dst[k] = 0
	}
	off := 0
	if lp.intercept {
		off = 1
	}
	switch {
	case j < lp.n:
		if lp.intercept {
			dst[0] = 1
		}
		copy(dst[off:], lp.x[j*lp.stride:j*lp.stride+lp.p])
	case j < lp.n+lp.nE:
		dst[off+j-lp.n] = -1
	default:
		k := j - lp.n - lp.nE
		dst[k] = lp.artSign[k]
	}
}

// dotColumn returns π·A_j without materialising the column.
func (lp *qrLP) dotColumn(pi []float64, j int) float64 {
	off := 0
	if lp.intercept {
		off = 1
	}
	switch {
	case j < lp.n:
		s := 0.0
		if lp.intercept {
			s = pi[0]
		}
		row := lp.x[j*lp.stride : j*lp.stride+lp.p]
		for k, v := range row {
			s += pi[off+k] * v
		}
		return s
	case j < lp.n+lp.nE:
		return -pi[off+j-lp.n]
	default:
		k := j - lp.n - lp.nE
		return pi[k] * lp.artSign[k]
	}
}

// solveQuantileLP returns (b, w) minimising the weighted pinball loss plus
// lambda·‖w‖₁, and the number of simplex iterations.
func solveQuantileLP(ctx context.Context, x []float64, stride, n, p int, y, sw []float64, tau, lambda float64, intercept bool) (float64, []float64, int, error) {
	lp := &qrLP{x: x, stride: stride, n: n, p: p, y: y, intercept: intercept}
	lp.m = p
	if intercept {
		lp.m++
	}
	if lambda > 0 {
		lp.nE = p
	}
	m := lp.m
	lp.ncol = n + lp.nE + m
	lp.lo = make([]float64, lp.ncol)
	lp.up = make([]float64, lp.ncol)
	lp.cost = make([]float64, lp.ncol)
	lp.val = make([]float64, lp.ncol)
	lp.status = make([]int8, lp.ncol)
	lp.artSign = make([]float64, m)
	res := qrStartResiduals(x, stride, n, p, y, intercept)
	thr := qrQuantile(res, tau)
	for i := 0; i < n; i++ {
		s := 1.0
		if sw != nil {
			s = sw[i]
		}
		lp.lo[i], lp.up[i] = (tau-1)*s, tau*s
		if res[i] > thr {
			lp.status[i], lp.val[i] = qrStatusUpper, lp.up[i]
		} else {
			lp.status[i], lp.val[i] = qrStatusLower, lp.lo[i]
		}
	}
	for j := n; j < n+lp.nE; j++ {
		lp.lo[j], lp.up[j] = -lambda, lambda
		lp.status[j], lp.val[j] = qrStatusLower, -lambda
	}
	// Residual of the rows with every structural column at its bound.
	r := make([]float64, m)
	col := make([]float64, m)
	for j := 0; j < n+lp.nE; j++ {
		if lp.val[j] == 0 {
			continue
		}
		lp.column(j, col)
		for k := range r {
			r[k] -= col[k] * lp.val[j]
		}
	}
	lp.basis = make([]int, m)
	lp.binv = make([]float64, m*m)
	for k := 0; k < m; k++ {
		j := n + lp.nE + k
		lp.artSign[k] = 1
		if r[k] < 0 {
			lp.artSign[k] = -1
		}
		lp.lo[j], lp.up[j] = 0, math.Inf(1)
		lp.val[j] = math.Abs(r[k])
		lp.status[j] = qrStatusBasic
		lp.cost[j] = 1
		lp.basis[k] = j
		lp.binv[k*m+k] = lp.artSign[k]
	}
	maxIter := qrMaxIterFactor * (lp.ncol + m)
	scale := 1.0
	for _, v := range y {
		scale = math.Max(scale, math.Abs(v))
	}
	infeas0 := 0.0
	for k := 0; k < m; k++ {
		infeas0 += lp.val[n+lp.nE+k]
	}
	iters, err := lp.simplex(ctx, maxIter, 1e-11)
	if err != nil {
		return 0, nil, iters, err
	}
	infeas := 0.0
	for k := 0; k < m; k++ {
		infeas += math.Abs(lp.val[n+lp.nE+k])
	}
	if infeas > 1e-9*infeas0+1e-12 {
		return 0, nil, iters, errors.New("the simplex method found no feasible point (numerical trouble; scale the data)")
	}
	// Phase 2: artificials are fixed at zero; the cost is −y on d.
	for k := 0; k < m; k++ {
		j := n + lp.nE + k
		lp.up[j] = 0
		lp.cost[j] = 0
		lp.val[j] = 0
		if lp.status[j] != qrStatusBasic {
			lp.status[j] = qrStatusLower
		}
	}
	for i := 0; i < n; i++ {
		lp.cost[i] = -y[i]
	}
	if err := lp.refactor(); err != nil {
		return 0, nil, iters, err
	}
	it2, err := lp.simplex(ctx, maxIter, 1e-11*scale)
	iters += it2
	if err != nil {
		return 0, nil, iters, err
	}
	pi, err := lp.multipliers()
	if err != nil {
		return 0, nil, iters, err
	}
	b := 0.0
	off := 0
	if intercept {
		b, off = -pi[0], 1
	}
	w := make([]float64, p)
	for j := range w {
		w[j] = -pi[off+j]
	}
	return b, w, iters, nil
}

// qrQuantile returns the element of rank ⌊q·(n−1)⌋ of v.
func qrQuantile(v []float64, q float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1))]
}

// qrStartResiduals returns the residuals of a least-squares fit (ridge with a tiny
// penalty, intercept unpenalised), whose signs at the q-quantile threshold are a good
// guess of the optimal residual signs and so of the bounds the dual variables end
// at. It returns y itself if the normal equations cannot be solved.
func qrStartResiduals(x []float64, stride, n, p int, y []float64, intercept bool) []float64 {
	m := p
	if intercept {
		m++
	}
	a := mat.NewSymDense(m, nil)
	rhs := mat.NewVecDense(m, nil)
	row := make([]float64, m)
	for i := 0; i < n; i++ {
		off := 0
		if intercept {
			row[0], off = 1, 1
		}
		copy(row[off:], x[i*stride:i*stride+p])
		for r := 0; r < m; r++ {
			rhs.SetVec(r, rhs.AtVec(r)+row[r]*y[i])
			for c := r; c < m; c++ {
				a.SetSym(r, c, a.At(r, c)+row[r]*row[c])
			}
		}
	}
	tr := 0.0
	for r := 0; r < m; r++ {
		tr += a.At(r, r)
	}
	for r := 0; r < m; r++ {
		a.SetSym(r, r, a.At(r, r)+1e-10*tr/float64(m)+1e-300)
	}
	var ch mat.Cholesky
	var beta mat.VecDense
	if !ch.Factorize(a) || ch.SolveVecTo(&beta, rhs) != nil {
		return slices.Clone(y)
	}
	res := make([]float64, n)
	for i := 0; i < n; i++ {
		f := 0.0
		off := 0
		if intercept {
			f, off = beta.AtVec(0), 1
		}
		for j, v := range x[i*stride : i*stride+p] {
			f += v * beta.AtVec(off+j)
		}
		res[i] = y[i] - f
	}
	return res
}

// refactor recomputes the basis inverse and the basic values from the nonbasic ones.
func (lp *qrLP) refactor() error {
	m := lp.m
	B := mat.NewDense(m, m, nil)
	col := make([]float64, m)
	for k, j := range lp.basis {
		lp.column(j, col)
		for r := 0; r < m; r++ {
			B.Set(r, k, col[r])
		}
	}
	var inv mat.Dense
	if err := inv.Inverse(B); err != nil {
		var ce mat.Condition
		if !errors.As(err, &ce) || math.IsInf(float64(ce), 1) {
			return err
		}
	}
	copy(lp.binv, inv.RawMatrix().Data)
	// x_B = B⁻¹·(0 − N·x_N)
	rhs := make([]float64, m)
	for j := 0; j < lp.ncol; j++ {
		if lp.status[j] == qrStatusBasic || lp.val[j] == 0 {
			continue
		}
		lp.column(j, col)
		for r := range rhs {
			rhs[r] -= col[r] * lp.val[j]
		}
	}
	for k, j := range lp.basis {
		s := 0.0
		for r := 0; r < m; r++ {
			s += lp.binv[k*m+r] * rhs[r]
		}
		lp.val[j] = s
	}
	return nil
}

// multipliers returns π = B⁻ᵀ·c_B.
func (lp *qrLP) multipliers() ([]float64, error) {
	m := lp.m
	pi := make([]float64, m)
	for k, j := range lp.basis {
		c := lp.cost[j]
		if c == 0 {
			continue
		}
		row := lp.binv[k*m : (k+1)*m]
		for r, v := range row {
			pi[r] += c * v
		}
	}
	return pi, nil
}

// simplex runs primal simplex iterations until no column prices out (reduced cost
// beyond tol against its bound).
func (lp *qrLP) simplex(ctx context.Context, maxIter int, tol float64) (int, error) {
	m := lp.m
	alpha := make([]float64, m)
	col := make([]float64, m)
	degenerate := 0
	for iter := 0; iter < maxIter; iter++ {
		if iter%64 == 63 {
			if err := ctx.Err(); err != nil {
				return iter, err
			}
		}
		if iter > 0 && iter%qrRefactor == 0 {
			if err := lp.refactor(); err != nil {
				return iter, err
			}
		}
		pi, _ := lp.multipliers()
		// Pricing: partial (Dantzig within blocks of qrPriceBlock columns, taken
		// cyclically, stopping at the first block with a candidate), or Bland's
		// rule (the first candidate from column 0) after a degenerate run.
		enter, dir := -1, 0.0
		best := 0.0
		bland := degenerate >= qrBlandAfter
		price := func(j int) bool {
			st := lp.status[j]
			if st == qrStatusBasic || lp.lo[j] == lp.up[j] {
				return false
			}
			rc := lp.cost[j] - lp.dotColumn(pi, j)
			var score, d float64
			if st == qrStatusLower && rc < -tol {
				score, d = -rc, 1
			} else if st == qrStatusUpper && rc > tol {
				score, d = rc, -1
			} else {
				return false
			}
			if score > best {
				best, enter, dir = score, j, d
			}
			return true
		}
		if bland {
			for j := 0; j < lp.ncol; j++ {
				if price(j) {
					break
				}
			}
		} else {
			for scanned := 0; scanned < lp.ncol && enter < 0; scanned += qrPriceBlock {
				end := min(lp.priceAt+qrPriceBlock, lp.ncol)
				for j := lp.priceAt; j < end; j++ {
					price(j)
				}
				lp.priceAt = end
				if lp.priceAt == lp.ncol {
					lp.priceAt = 0
				}
			}
		}
		if enter < 0 {
			return iter, nil
		}
		// α = B⁻¹·A_enter.
		lp.column(enter, col)
		amax := 0.0
		for k := 0; k < m; k++ {
			s := 0.0
			row := lp.binv[k*m : (k+1)*m]
			for r, v := range row {
				s += v * col[r]
			}
			alpha[k] = s
			amax = math.Max(amax, math.Abs(s))
		}
		pivTol := 1e-11 * math.Max(1, amax)
		// Ratio test: x_B(t) = x_B − t·dir·α.
		tMax := lp.up[enter] - lp.lo[enter]
		leave := -1
		leaveAbs := 0.0
		for k := 0; k < m; k++ {
			a := dir * alpha[k]
			j := lp.basis[k]
			var t float64
			switch {
			case a > pivTol:
				t = (lp.val[j] - lp.lo[j]) / a
			case a < -pivTol && !math.IsInf(lp.up[j], 1):
				t = (lp.up[j] - lp.val[j]) / -a
			default:
				continue
			}
			if t < 0 {
				t = 0
			}
			better := t < tMax
			if !better && t == tMax && leave >= 0 {
				if bland {
					better = lp.basis[k] < lp.basis[leave]
				} else {
					better = math.Abs(alpha[k]) > leaveAbs
				}
			}
			if better {
				tMax, leave, leaveAbs = t, k, math.Abs(alpha[k])
			}
		}
		if math.IsInf(tMax, 1) {
			return iter, errors.New("the linear program is unbounded")
		}
		if tMax == 0 {
			degenerate++
		} else {
			degenerate = 0
		}
		// Move.
		for k := 0; k < m; k++ {
			j := lp.basis[k]
			lp.val[j] -= tMax * dir * alpha[k]
		}
		lp.val[enter] += tMax * dir
		if leave < 0 { // bound flip
			if dir > 0 {
				lp.status[enter], lp.val[enter] = qrStatusUpper, lp.up[enter]
			} else {
				lp.status[enter], lp.val[enter] = qrStatusLower, lp.lo[enter]
			}
			continue
		}
		out := lp.basis[leave]
		if dir*alpha[leave] > 0 {
			lp.status[out], lp.val[out] = qrStatusLower, lp.lo[out]
		} else {
			lp.status[out], lp.val[out] = qrStatusUpper, lp.up[out]
		}
		lp.basis[leave] = enter
		lp.status[enter] = qrStatusBasic
		// Update B⁻¹: pivot on α[leave].
		piv := alpha[leave]
		rowL := lp.binv[leave*m : (leave+1)*m]
		for r := range rowL {
			rowL[r] /= piv
		}
		for k := 0; k < m; k++ {
			if k == leave || alpha[k] == 0 {
				continue
			}
			f := alpha[k]
			row := lp.binv[k*m : (k+1)*m]
			for r := range row {
				row[r] -= f * rowL[r]
			}
		}
	}
	return maxIter, errQRIterations
}
