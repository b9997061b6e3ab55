package linear

// A limited-memory BFGS minimiser for Logistic, following scipy's L-BFGS-B (which
// scikit-learn's lbfgs solver calls) for unconstrained problems: memory 10, initial
// step 1/‖d‖ on the first iteration and 1 afterwards, a strong-Wolfe line search with
// scipy's constants (sufficient decrease 1e-3, curvature 0.9, at most 20
// evaluations), and scipy's stopping tests (projected-gradient max-norm ≤ tol, or a
// relative reduction of f ≤ factr·εmach).
//
// It is written here rather than taken from gonum.org/v1/gonum/optimize because that
// package imports gonum/stat/distmv, which needs golang.org/x/tools in go.mod.

import (
	"context"
	"math"

	"gonum.org/v1/gonum/floats"
)

const (
	logitLSDecrease = 1e-3 // Armijo constant (scipy dcsrch ftol)
	logitLSCurv     = 0.9  // curvature constant (scipy dcsrch gtol)
	logitLSMaxEvals = 20   // scipy's maxls
	logitLSMaxStep  = 1e10
)

// logitObjective returns f(x) and writes ∇f(x) into g.
type logitObjective func(x, g []float64) float64

// logitLBFGS minimises fg starting from x, which it overwrites with the solution. It
// returns the number of iterations, whether a stopping test (rather than MaxIter or a
// line-search breakdown) ended the run, and an error for a cancelled ctx or a
// non-finite objective.
func logitLBFGS(ctx context.Context, fg logitObjective, x []float64, opt logitOptions) (int, bool, error) {
	n := len(x)
	ls := &logitLineSearch{ctx: ctx, fg: fg, xt: make([]float64, n), gt: make([]float64, n)}
	g := make([]float64, n)
	if err := ctx.Err(); err != nil {
		return 0, false, err
	}
	f := fg(x, g)
	if !logitFinite(f) {
		return 0, false, errLogitNonFinite
	}
	if logitInfNorm(g) <= opt.tol {
		return 0, true, nil
	}
	m := logitMemory
	S := make([][]float64, m)
	Y := make([][]float64, m)
	for i := range S {
		S[i], Y[i] = make([]float64, n), make([]float64, n)
	}
	rho := make([]float64, m)
	alpha := make([]float64, m)
	stored, newest := 0, -1 // pairs held, index of the newest
	d := make([]float64, n)
	gamma := 1.0 // H₀ = γI, γ = sᵀy / yᵀy of the newest pair

	for iter := 0; iter < opt.maxIter; {
		// Two-loop recursion: d = −H·g.
		for i := range d {
			d[i] = -g[i]
		}
		for j := 0; j < stored; j++ {
			k := (newest - j + m) % m
			alpha[k] = rho[k] * floats.Dot(S[k], d)
			floats.AddScaled(d, -alpha[k], Y[k])
		}
		if stored > 0 {
			for i := range d {
				d[i] *= gamma
			}
		}
		for j := stored - 1; j >= 0; j-- {
			k := (newest - j + m) % m
			beta := rho[k] * floats.Dot(Y[k], d)
			floats.AddScaled(d, alpha[k]-beta, S[k])
		}
		gd := floats.Dot(g, d)
		if !(gd < 0) { // not a descent direction: forget the history
			if stored == 0 {
				return iter, false, nil
			}
			stored, newest = 0, -1
			continue
		}
		step := 1.0
		if stored == 0 {
			step = math.Min(1/math.Sqrt(floats.Dot(d, d)), logitLSMaxStep)
			if !(step > 0) { // ‖d‖² overflowed
				step = 1 / logitInfNorm(d)
			}
		}
		fNew, ok, err := ls.search(x, d, f, gd, step)
		if err != nil {
			return iter, false, err
		}
		if !ok {
			// scipy restarts from steepest descent once, then gives up
			// (ABNORMAL_TERMINATION_IN_LNSRCH); the model keeps the last iterate.
			if stored == 0 {
				return iter, false, nil
			}
			stored, newest = 0, -1
			continue
		}
		iter++
		// s = x_new − x, y = g_new − g, stored in the slot after newest.
		k := (newest + 1) % m
		s, y := S[k], Y[k]
		for i := range x {
			s[i] = ls.xt[i] - x[i]
			y[i] = ls.gt[i] - g[i]
		}
		copy(x, ls.xt)
		copy(g, ls.gt)
		fOld := f
		f = fNew
		if logitInfNorm(g) <= opt.tol {
			return iter, true, nil
		}
		if opt.ftol > 0 && fOld-f <= opt.ftol*max(math.Abs(fOld), math.Abs(f), 1) {
			return iter, true, nil
		}
		sy, yy := floats.Dot(s, y), floats.Dot(y, y)
		if sy > 2.220446049250313e-16*yy { // skip pairs without enough curvature
			rho[k] = 1 / sy
			gamma = sy / yy
			newest = k
			stored = min(stored+1, m)
		}
	}
	return opt.maxIter, false, nil
}

// logitLineSearch finds a step satisfying the strong Wolfe conditions (Nocedal &
// Wright, Algorithms 3.5 and 3.6, with safeguarded cubic interpolation). The
// accepted point and its gradient are left in xt and gt.
type logitLineSearch struct {
	ctx    context.Context
	fg     logitObjective
	xt, gt []float64
	evals  int
	x, d   []float64
}

// eval returns φ(a) = f(x + a·d) and φ'(a), leaving the point in xt, gt.
func (ls *logitLineSearch) eval(a float64) (float64, float64, error) {
	if err := ls.ctx.Err(); err != nil {
		return 0, 0, err
	}
	ls.evals++
	for i := range ls.xt {
		ls.xt[i] = ls.x[i] + a*ls.d[i]
	}
	f := ls.fg(ls.xt, ls.gt)
	if !logitFinite(f) {
		return 0, 0, errLogitNonFinite
	}
	return f, floats.Dot(ls.gt, ls.d), nil
}

// search returns f at the accepted step and true, or false when no acceptable step
// was found within logitLSMaxEvals evaluations.
func (ls *logitLineSearch) search(x, d []float64, f0, d0, a float64) (float64, bool, error) {
	ls.x, ls.d, ls.evals = x, d, 0
	aPrev, fPrev, dPrev := 0.0, f0, d0
	for first := true; ls.evals < logitLSMaxEvals; first = false {
		fa, da, err := ls.eval(a)
		if err != nil {
			return 0, false, err
		}
		if fa > f0+logitLSDecrease*a*d0 || (!first && fa >= fPrev) {
			return ls.zoom(f0, d0, aPrev, fPrev, dPrev, a, fa, da)
		}
		if math.Abs(da) <= -logitLSCurv*d0 {
			return fa, true, nil
		}
		if da >= 0 {
			return ls.zoom(f0, d0, a, fa, da, aPrev, fPrev, dPrev)
		}
		if a >= logitLSMaxStep {
			return fa, true, nil // unbounded direction; take the largest step
		}
		aPrev, fPrev, dPrev = a, fa, da
		a = math.Min(4*a, logitLSMaxStep)
	}
	return 0, false, nil
}

// zoom narrows [lo, hi] (lo satisfies sufficient decrease with the lower value)
// until a step satisfies the strong Wolfe conditions.
func (ls *logitLineSearch) zoom(f0, d0, lo, flo, dlo, hi, fhi, dhi float64) (float64, bool, error) {
	for ls.evals < logitLSMaxEvals {
		a := logitCubicMin(lo, flo, dlo, hi, fhi, dhi)
		if a == lo || a == hi { // interval below floating-point resolution
			break
		}
		fa, da, err := ls.eval(a)
		if err != nil {
			return 0, false, err
		}
		if fa > f0+logitLSDecrease*a*d0 || fa >= flo {
			hi, fhi, dhi = a, fa, da
			continue
		}
		if math.Abs(da) <= -logitLSCurv*d0 {
			return fa, true, nil
		}
		if da*(hi-lo) >= 0 {
			hi, fhi, dhi = lo, flo, dlo
		}
		lo, flo, dlo = a, fa, da
	}
	if lo > 0 && flo < f0 {
		// Out of evaluations, but lo decreases f sufficiently: accept it, as the
		// strong Wolfe curvature test only guards the quality of the BFGS update
		// (which is skipped when sᵀy is not positive).
		fa, _, err := ls.eval(lo)
		if err != nil {
			return 0, false, err
		}
		return fa, fa < f0, nil
	}
	return 0, false, nil
}

// logitCubicMin returns the minimiser of the cubic interpolating (a, fa, da) and
// (b, fb, db), kept at least a tenth of the interval away from its ends (bisection
// when the cubic has no usable minimiser).
func logitCubicMin(a, fa, da, b, fb, db float64) float64 {
	lo, hi := math.Min(a, b), math.Max(a, b)
	w := hi - lo
	mid := lo + w/2
	d1 := da + db - 3*(fa-fb)/(a-b)
	disc := d1*d1 - da*db
	if !(disc >= 0) || w <= 0 {
		return mid
	}
	d2 := math.Copysign(math.Sqrt(disc), b-a)
	t := b - (b-a)*(db+d2-d1)/(db-da+2*d2)
	if !logitFinite(t) || t < lo+0.1*w || t > hi-0.1*w {
		return mid
	}
	return t
}

func logitInfNorm(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

func logitFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
