package svm

import (
	"context"
	"math"
	"math/rand/v2"
)

// The liblinear solvers behind LinearSVC and LinearSVR (Fan et al. 2008). Each
// takes the rows x (n×d row-major, d including the bias column), targets and the
// per-row penalty Cᵢ, and returns w of length d.

type linProblem struct {
	x    []float64
	n, d int
	y    []float64 // ±1 for classification, targets for regression
	C    []float64
}

func (p *linProblem) row(i int) []float64 { return p.x[i*p.d : (i+1)*p.d] }

func axpy(a float64, x, y []float64) {
	for i, v := range x {
		y[i] += a * v
	}
}

// dualCDSVC is liblinear's solve_l2r_l1l2_svc: dual coordinate descent with
// shrinking (Hsieh et al. 2008) for
//
//	min_w ½‖w‖² + Σ Cᵢ ξ(1 − yᵢ wᵀxᵢ),   ξ(t) = max(0, t) (l1loss) or max(0, t)²,
//
// visiting the active variables in a random order each sweep. It stops when the
// spread of projected gradients is at most eps.
func dualCDSVC(ctx context.Context, pr *linProblem, l1loss bool, eps float64, maxIter int, rng *rand.Rand) ([]float64, int, bool, error) {
	n, d := pr.n, pr.d
	w := make([]float64, d)
	alpha := make([]float64, n)
	QD := make([]float64, n)
	diag := make([]float64, n)
	upper := make([]float64, n)
	index := make([]int, n)
	for i := range n {
		if l1loss {
			upper[i] = pr.C[i]
		} else {
			diag[i] = 0.5 / pr.C[i]
			upper[i] = math.Inf(1)
		}
		xi := pr.row(i)
		QD[i] = diag[i] + dot(xi, xi)
		index[i] = i
	}
	active := n
	PGmaxOld, PGminOld := math.Inf(1), math.Inf(-1)
	iter := 0
	converged := false
	for iter < maxIter {
		if err := ctx.Err(); err != nil {
			return nil, 0, false, err
		}
		PGmaxNew, PGminNew := math.Inf(-1), math.Inf(1)
		for i := range active {
			j := i + rng.IntN(active-i)
			index[i], index[j] = index[j], index[i]
		}
		for s := 0; s < active; s++ {
			i := index[s]
			yi := pr.y[i]
			xi := pr.row(i)
			G := yi*dot(w, xi) - 1
			C := upper[i]
			G += alpha[i] * diag[i]
			PG := 0.0
			switch {
			case alpha[i] == 0:
				if G > PGmaxOld {
					active--
					index[s], index[active] = index[active], index[s]
					s--
					continue
				} else if G < 0 {
					PG = G
				}
			case alpha[i] == C:
				if G < PGminOld {
					active--
					index[s], index[active] = index[active], index[s]
					s--
					continue
				} else if G > 0 {
					PG = G
				}
			default:
				PG = G
			}
			PGmaxNew = max(PGmaxNew, PG)
			PGminNew = min(PGminNew, PG)
			if math.Abs(PG) > 1e-12 {
				old := alpha[i]
				alpha[i] = min(max(alpha[i]-G/QD[i], 0), C)
				axpy((alpha[i]-old)*yi, xi, w)
			}
		}
		iter++
		if PGmaxNew-PGminNew <= eps {
			if active == n {
				converged = true
				break
			}
			active = n
			PGmaxOld, PGminOld = math.Inf(1), math.Inf(-1)
			continue
		}
		PGmaxOld, PGminOld = PGmaxNew, PGminNew
		if PGmaxOld <= 0 {
			PGmaxOld = math.Inf(1)
		}
		if PGminOld >= 0 {
			PGminOld = math.Inf(-1)
		}
	}
	return w, iter, converged, nil
}

// dualCDSVR is liblinear's solve_l2r_l1l2_svr: dual coordinate descent for
//
//	min_w ½‖w‖² + Σ Cᵢ ξ(|yᵢ − wᵀxᵢ| − ε)   (ξ as for dualCDSVC),
//
// stopping when the 1-norm of the violations falls below eps times its first value.
func dualCDSVR(ctx context.Context, pr *linProblem, l1loss bool, p, eps float64, maxIter int, rng *rand.Rand) ([]float64, int, bool, error) {
	n, d := pr.n, pr.d
	w := make([]float64, d)
	beta := make([]float64, n)
	QD := make([]float64, n)
	lambda := make([]float64, n)
	upper := make([]float64, n)
	index := make([]int, n)
	for i := range n {
		if l1loss {
			upper[i] = pr.C[i]
		} else {
			lambda[i] = 0.5 / pr.C[i]
			upper[i] = math.Inf(1)
		}
		xi := pr.row(i)
		QD[i] = dot(xi, xi)
		index[i] = i
	}
	active := n
	GmaxOld := math.Inf(1)
	GnormInit := 0.0
	iter := 0
	converged := false
	for iter < maxIter {
		if err := ctx.Err(); err != nil {
			return nil, 0, false, err
		}
		GmaxNew, GnormNew := 0.0, 0.0
		for i := range active {
			j := i + rng.IntN(active-i)
			index[i], index[j] = index[j], index[i]
		}
		for s := 0; s < active; s++ {
			i := index[s]
			xi := pr.row(i)
			G := -pr.y[i] + lambda[i]*beta[i] + dot(w, xi)
			H := QD[i] + lambda[i]
			Gp, Gn := G+p, G-p
			violation := 0.0
			shrink := false
			b, u := beta[i], upper[i]
			switch {
			case b == 0:
				if Gp < 0 {
					violation = -Gp
				} else if Gn > 0 {
					violation = Gn
				} else if Gp > GmaxOld && Gn < -GmaxOld {
					shrink = true
				}
			case b >= u:
				if Gp > 0 {
					violation = Gp
				} else if Gp < -GmaxOld {
					shrink = true
				}
			case b <= -u:
				if Gn < 0 {
					violation = -Gn
				} else if Gn > GmaxOld {
					shrink = true
				}
			case b > 0:
				violation = math.Abs(Gp)
			default:
				violation = math.Abs(Gn)
			}
			if shrink {
				active--
				index[s], index[active] = index[active], index[s]
				s--
				continue
			}
			GmaxNew = max(GmaxNew, violation)
			GnormNew += violation
			var dd float64
			switch {
			case Gp < H*b:
				dd = -Gp / H
			case Gn > H*b:
				dd = -Gn / H
			default:
				dd = -b
			}
			if math.Abs(dd) < 1e-12 {
				continue
			}
			beta[i] = min(max(b+dd, -u), u)
			if dd = beta[i] - b; dd != 0 {
				axpy(dd, xi, w)
			}
		}
		if iter == 0 {
			GnormInit = GnormNew
		}
		iter++
		if GnormNew <= eps*GnormInit {
			if active == n {
				converged = true
				break
			}
			active = n
			GmaxOld = math.Inf(1)
			continue
		}
		GmaxOld = GmaxNew
	}
	return w, iter, converged, nil
}

// primalNewton minimises the primal of the squared losses,
//
//	f(w) = ½‖w‖² + Σ Cᵢ ξᵢ(wᵀxᵢ)²,
//
// with ξᵢ = max(0, 1 − yᵢ t) for classification (reg false) or max(0, |yᵢ − t| − ε)
// for regression, by Newton's method with conjugate-gradient steps on the
// generalised Hessian and a backtracking line search (liblinear uses a trust region
// on the same model). It stops when ‖∇f‖ ≤ eps·‖∇f(0)‖.
func primalNewton(ctx context.Context, pr *linProblem, reg bool, epsIns, eps float64, maxIter int) ([]float64, int, bool, error) {
	n, d := pr.n, pr.d
	w := make([]float64, d)
	z := make([]float64, n)     // xᵢᵀw
	act := make([]float64, n)   // Cᵢ for rows in the quadratic region, else 0
	resid := make([]float64, n) // signed residual entering the loss
	objective := func(w []float64, zz []float64) float64 {
		f := 0.5 * dot(w, w)
		for i := range n {
			r := lossResid(reg, pr.y[i], zz[i], epsIns)
			f += pr.C[i] * r * r
		}
		return f
	}
	grad := func(g []float64) {
		copy(g, w)
		for i := range n {
			r := lossResid(reg, pr.y[i], z[i], epsIns)
			resid[i] = r
			if r != 0 {
				act[i] = pr.C[i]
				// d/dt of C r² : r = 1 − y t → −2Cr·y ; r = ±(|y − t| − ε)
				axpy(2*pr.C[i]*r*lossSlope(reg, pr.y[i], z[i]), pr.row(i), g)
			} else {
				act[i] = 0
			}
		}
	}
	g := make([]float64, d)
	grad(g)
	g0 := math.Sqrt(dot(g, g))
	if g0 == 0 {
		return w, 0, true, nil
	}
	hv := func(v, out []float64) {
		copy(out, v)
		for i := range n {
			if act[i] != 0 {
				xi := pr.row(i)
				axpy(2*act[i]*dot(xi, v), xi, out)
			}
		}
	}
	step := make([]float64, d)
	r := make([]float64, d)
	pdir := make([]float64, d)
	hp := make([]float64, d)
	wNew := make([]float64, d)
	zNew := make([]float64, n)
	iter := 0
	for iter < maxIter {
		if err := ctx.Err(); err != nil {
			return nil, 0, false, err
		}
		if math.Sqrt(dot(g, g)) <= eps*g0 {
			return w, iter, true, nil
		}
		// CG for H s = −g
		clear(step)
		for k := range r {
			r[k] = -g[k]
		}
		copy(pdir, r)
		rr := dot(r, r)
		cgTol := 0.1 * math.Sqrt(dot(g, g))
		for range 2 * d {
			if math.Sqrt(rr) <= cgTol {
				break
			}
			hv(pdir, hp)
			a := rr / dot(pdir, hp)
			axpy(a, pdir, step)
			axpy(-a, hp, r)
			rrNew := dot(r, r)
			for k := range pdir {
				pdir[k] = r[k] + rrNew/rr*pdir[k]
			}
			rr = rrNew
		}
		f := objective(w, z)
		gs := dot(g, step)
		t := 1.0
		for range 60 {
			for k := range w {
				wNew[k] = w[k] + t*step[k]
			}
			for i := range n {
				zNew[i] = dot(pr.row(i), wNew)
			}
			if objective(wNew, zNew) <= f+1e-4*t*gs {
				break
			}
			t /= 2
		}
		copy(w, wNew)
		copy(z, zNew)
		grad(g)
		iter++
	}
	return w, iter, math.Sqrt(dot(g, g)) <= eps*g0, nil
}

// lossResid is the non-negative residual of the squared losses.
func lossResid(reg bool, y, t, eps float64) float64 {
	if !reg {
		return max(0, 1-y*t)
	}
	return max(0, math.Abs(y-t)-eps)
}

// lossSlope is d(residual)/dt where the residual is positive.
func lossSlope(reg bool, y, t float64) float64 {
	if !reg {
		return -y
	}
	if t > y {
		return 1
	}
	return -1
}

// l1CDSVC is liblinear's solve_l1r_l2_svc: coordinate descent over features with a
// Newton step and an Armijo line search for
//
//	min_w ‖w‖₁ + Σ Cᵢ max(0, 1 − yᵢ wᵀxᵢ)²,
//
// shrinking features whose subgradient condition holds with margin. It stops when
// the 1-norm of the violations falls below eps times its first value.
func l1CDSVC(ctx context.Context, pr *linProblem, eps float64, maxIter int, rng *rand.Rand) ([]float64, int, bool, error) {
	n, d := pr.n, pr.d
	w := make([]float64, d)
	b := make([]float64, n)
	for i := range b {
		b[i] = 1
	}
	// column-major copy
	col := make([]float64, n*d)
	for i := range n {
		for j := range d {
			col[j*n+i] = pr.x[i*d+j]
		}
	}
	xjSq := make([]float64, d)
	index := make([]int, d)
	for j := range d {
		c := col[j*n : (j+1)*n]
		for i, v := range c {
			xjSq[j] += pr.C[i] * v * v
		}
		index[j] = j
	}
	const (
		maxLineSearch = 20
		sigma         = 0.01
	)
	active := d
	GmaxOld := math.Inf(1)
	GnormInit := 0.0
	iter := 0
	converged := false
	for iter < maxIter {
		if err := ctx.Err(); err != nil {
			return nil, 0, false, err
		}
		GmaxNew, GnormNew := 0.0, 0.0
		for j := range active {
			k := j + rng.IntN(active-j)
			index[j], index[k] = index[k], index[j]
		}
		for s := 0; s < active; s++ {
			j := index[s]
			c := col[j*n : (j+1)*n]
			Gloss, H := 0.0, 0.0
			for i, v := range c {
				if v != 0 && b[i] > 0 {
					val := v * pr.y[i]
					tmp := pr.C[i] * val
					Gloss -= tmp * b[i]
					H += tmp * val
				}
			}
			Gloss *= 2
			G := Gloss
			H = max(2*H, 1e-12)
			Gp, Gn := G+1, G-1
			violation := 0.0
			switch {
			case w[j] == 0:
				if Gp < 0 {
					violation = -Gp
				} else if Gn > 0 {
					violation = Gn
				} else if Gp > GmaxOld/float64(n) && Gn < -GmaxOld/float64(n) {
					active--
					index[s], index[active] = index[active], index[s]
					s--
					continue
				}
			case w[j] > 0:
				violation = math.Abs(Gp)
			default:
				violation = math.Abs(Gn)
			}
			GmaxNew = max(GmaxNew, violation)
			GnormNew += violation
			var dd float64
			switch {
			case Gp < H*w[j]:
				dd = -Gp / H
			case Gn > H*w[j]:
				dd = -Gn / H
			default:
				dd = -w[j]
			}
			if math.Abs(dd) < 1e-12 {
				continue
			}
			delta := math.Abs(w[j]+dd) - math.Abs(w[j]) + G*dd
			dOld := 0.0
			ls := 0
			lossOld := 0.0
			for ; ls < maxLineSearch; ls++ {
				dDiff := dOld - dd
				cond := math.Abs(w[j]+dd) - math.Abs(w[j]) - sigma*delta
				appx := xjSq[j]*dd*dd + Gloss*dd + cond
				if appx <= 0 {
					for i, v := range c {
						if v != 0 {
							b[i] += dDiff * v * pr.y[i]
						}
					}
					break
				}
				lossNew := 0.0
				if ls == 0 {
					lossOld = 0
					for i, v := range c {
						if b[i] > 0 {
							lossOld += pr.C[i] * b[i] * b[i]
						}
						if v != 0 {
							b[i] += dDiff * v * pr.y[i]
						}
						if b[i] > 0 {
							lossNew += pr.C[i] * b[i] * b[i]
						}
					}
				} else {
					for i, v := range c {
						if v != 0 {
							b[i] += dDiff * v * pr.y[i]
						}
						if b[i] > 0 {
							lossNew += pr.C[i] * b[i] * b[i]
						}
					}
				}
				cond += lossNew - lossOld
				if cond <= 0 {
					break
				}
				dOld = dd
				dd *= 0.5
				delta *= 0.5
			}
			w[j] += dd
			if ls >= maxLineSearch {
				// recompute b from scratch
				for i := range n {
					b[i] = 1 - pr.y[i]*dot(pr.row(i), w)
				}
			}
		}
		if iter == 0 {
			GnormInit = GnormNew
		}
		iter++
		if GnormNew <= eps*GnormInit {
			if active == d {
				converged = true
				break
			}
			active = d
			GmaxOld = math.Inf(1)
			continue
		}
		GmaxOld = GmaxNew
	}
	return w, iter, converged, nil
}

// crammerSinger is liblinear's Solver_MCSVM_CS: the multiclass SVM of Crammer &
// Singer (2001),
//
//	min_W ½ Σₘ ‖wₘ‖² + Σᵢ Cᵢ max(0, maxₘ≠yᵢ (1 + wₘᵀxᵢ) − w_yᵢᵀxᵢ),
//
// by the sequential dual method of Keerthi et al. (2008): for each row, the K
// dual variables are updated together by solving a small sub-problem, with
// shrinking. y holds class codes 0..K−1. It returns W as K×d, row-major.
func crammerSinger(ctx context.Context, pr *linProblem, K int, eps float64, maxIter int, rng *rand.Rand) ([]float64, int, bool, error) {
	n, d := pr.n, pr.d
	w := make([]float64, d*K) // feature-major: w[f*K+m]
	alpha := make([]float64, n*K)
	alphaIndex := make([]int, n*K)
	QD := make([]float64, n)
	activeSizeI := make([]int, n)
	yIndex := make([]int, n)
	index := make([]int, n)
	G := make([]float64, K)
	B := make([]float64, K)
	D := make([]float64, K)
	alphaNew := make([]float64, K)
	dInd := make([]int, K)
	dVal := make([]float64, K)
	for i := range n {
		for m := range K {
			alphaIndex[i*K+m] = m
		}
		xi := pr.row(i)
		QD[i] = dot(xi, xi)
		activeSizeI[i] = K
		yIndex[i] = int(pr.y[i])
		index[i] = i
	}
	epsShrink := max(10*eps, 1)
	startFromAll := true
	active := n
	iter := 0
	converged := false
	shrunk := func(i, m, yi int, a, minG float64) bool {
		bound := 0.0
		if m == yi {
			bound = pr.C[i]
		}
		return a == bound && G[m] < minG
	}
	for iter < maxIter {
		if err := ctx.Err(); err != nil {
			return nil, 0, false, err
		}
		stopping := math.Inf(-1)
		for i := range active {
			j := i + rng.IntN(active-i)
			index[i], index[j] = index[j], index[i]
		}
		for s := 0; s < active; s++ {
			i := index[s]
			Ai := QD[i]
			ai := alpha[i*K : (i+1)*K]
			idx := alphaIndex[i*K : (i+1)*K]
			if Ai <= 0 {
				continue
			}
			xi := pr.row(i)
			asz := activeSizeI[i]
			for m := range asz {
				G[m] = 1
			}
			if yIndex[i] < asz {
				G[yIndex[i]] = 0
			}
			for f, v := range xi {
				if v == 0 {
					continue
				}
				wf := w[f*K : (f+1)*K]
				for m := range asz {
					G[m] += wf[idx[m]] * v
				}
			}
			minG, maxG := math.Inf(1), math.Inf(-1)
			for m := range asz {
				if ai[idx[m]] < 0 && G[m] < minG {
					minG = G[m]
				}
				if G[m] > maxG {
					maxG = G[m]
				}
			}
			if yIndex[i] < asz && ai[int(pr.y[i])] < pr.C[i] && G[yIndex[i]] < minG {
				minG = G[yIndex[i]]
			}
			for m := 0; m < activeSizeI[i]; m++ {
				if !shrunk(i, m, yIndex[i], ai[idx[m]], minG) {
					continue
				}
				activeSizeI[i]--
				for activeSizeI[i] > m {
					e := activeSizeI[i]
					if !shrunk(i, e, yIndex[i], ai[idx[e]], minG) {
						idx[m], idx[e] = idx[e], idx[m]
						G[m], G[e] = G[e], G[m]
						if yIndex[i] == e {
							yIndex[i] = m
						} else if yIndex[i] == m {
							yIndex[i] = e
						}
						break
					}
					activeSizeI[i]--
				}
			}
			asz = activeSizeI[i]
			if asz <= 1 {
				active--
				index[s], index[active] = index[active], index[s]
				s--
				continue
			}
			if maxG-minG <= 1e-12 {
				continue
			}
			stopping = max(maxG-minG, stopping)
			for m := range asz {
				B[m] = G[m] - Ai*ai[idx[m]]
			}
			csSubProblem(Ai, yIndex[i], pr.C[i], asz, B, D, alphaNew)
			nz := 0
			for m := range asz {
				dd := alphaNew[m] - ai[idx[m]]
				ai[idx[m]] = alphaNew[m]
				if math.Abs(dd) >= 1e-12 {
					dInd[nz], dVal[nz] = idx[m], dd
					nz++
				}
			}
			for f, v := range xi {
				if v == 0 {
					continue
				}
				wf := w[f*K : (f+1)*K]
				for m := range nz {
					wf[dInd[m]] += dVal[m] * v
				}
			}
		}
		iter++
		if stopping < epsShrink {
			if stopping < eps && startFromAll {
				converged = true
				break
			}
			active = n
			for i := range activeSizeI {
				activeSizeI[i] = K
			}
			epsShrink = max(epsShrink/2, eps)
			startFromAll = true
		} else {
			startFromAll = false
		}
	}
	out := make([]float64, K*d)
	for f := range d {
		for m := range K {
			out[m*d+f] = w[f*K+m]
		}
	}
	return out, iter, converged, nil
}

// csSubProblem solves one row's Crammer–Singer sub-problem (liblinear's
// solve_sub_problem) into alphaNew.
func csSubProblem(Ai float64, yi int, Cyi float64, active int, B, D, alphaNew []float64) {
	copy(D[:active], B[:active])
	if yi < active {
		D[yi] += Ai * Cyi
	}
	sortDesc(D[:active])
	beta := D[0] - Ai*Cyi
	r := 1
	for ; r < active && beta < float64(r)*D[r]; r++ {
		beta += D[r]
	}
	beta /= float64(r)
	for r := range active {
		if r == yi {
			alphaNew[r] = min(Cyi, (beta-B[r])/Ai)
		} else {
			alphaNew[r] = min(0, (beta-B[r])/Ai)
		}
	}
}

func sortDesc(v []float64) {
	for i := 1; i < len(v); i++ { // insertion sort: K is small
		x := v[i]
		j := i - 1
		for ; j >= 0 && v[j] < x; j-- {
			v[j+1] = v[j]
		}
		v[j+1] = x
	}
}
