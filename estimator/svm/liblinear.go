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
