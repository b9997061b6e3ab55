package svm

import (
	"context"
	"math"
)

// The SMO solver of Fan, Chen & Lin (2005), as libsvm implements it: it minimises
//
//	½ αᵀQα + pᵀα   subject to   yᵀα = δ,  0 ≤ αᵢ ≤ Cᵢ,
//
// where Qᵢⱼ = yᵢ yⱼ K(x_s(i), x_s(j)), yᵢ = ±1 and s maps a variable to its training
// row (the identity for classification, i mod n for the 2n variables of SVR). Each
// step picks the working pair by second-order information (WSS3), updates the two
// variables analytically, and every min(l, 1000) steps shrinks variables stuck at a
// bound. With Nu set it is libsvm's Solver_NU, which keeps the pair within one sign
// class (the extra constraint eᵀα = const).

const (
	atLower int8 = iota
	atUpper
	atFree
)

const tau = 1e-12

type smoSolver struct {
	l          int
	y          []int8
	G, Gbar    []float64
	alpha, p   []float64
	C          []float64
	status     []int8
	active     []int32 // position -> original variable
	QD         []float64
	activeSize int
	Q          qMatrix
	eps        float64
	nu         bool
	unshrink   bool
	shrinking  bool
	maxIter    int

	// results
	iter      int
	converged bool
	rho, r    float64
	obj       float64
}

// smoProblem describes one dual problem.
type smoProblem struct {
	y     []int8
	p     []float64
	alpha []float64 // initial feasible point (modified: the solution)
	C     []float64
}

func (s *smoSolver) updateStatus(i int) {
	switch {
	case s.alpha[i] >= s.C[i]:
		s.status[i] = atUpper
	case s.alpha[i] <= 0:
		s.status[i] = atLower
	default:
		s.status[i] = atFree
	}
}

func (s *smoSolver) swap(i, j int) {
	s.Q.swap(i, j)
	s.y[i], s.y[j] = s.y[j], s.y[i]
	s.G[i], s.G[j] = s.G[j], s.G[i]
	s.status[i], s.status[j] = s.status[j], s.status[i]
	s.alpha[i], s.alpha[j] = s.alpha[j], s.alpha[i]
	s.p[i], s.p[j] = s.p[j], s.p[i]
	s.active[i], s.active[j] = s.active[j], s.active[i]
	s.Gbar[i], s.Gbar[j] = s.Gbar[j], s.Gbar[i]
	s.C[i], s.C[j] = s.C[j], s.C[i]
	s.QD[i], s.QD[j] = s.QD[j], s.QD[i]
}

// solve runs SMO; maxIter < 0 means no bound other than ctx. It returns ctx.Err()
// when ctx is done.
func solveSMO(ctx context.Context, prob smoProblem, Q qMatrix, eps float64, shrinking, nu bool, maxIter int) (*smoSolver, error) {
	l := len(prob.y)
	s := &smoSolver{
		l: l, y: clone(prob.y), p: clone(prob.p), alpha: clone(prob.alpha),
		C: clone(prob.C), Q: Q, eps: eps, nu: nu, shrinking: shrinking, maxIter: maxIter,
		G: make([]float64, l), Gbar: make([]float64, l), status: make([]int8, l),
		active: make([]int32, l), QD: make([]float64, l), activeSize: l,
	}
	for i := range l {
		s.updateStatus(i)
		s.active[i] = int32(i)
		s.QD[i] = Q.diag(i)
		s.G[i] = s.p[i]
	}
	for i := range l {
		if s.status[i] == atLower {
			continue
		}
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		Qi := Q.getQ(i, l)
		ai := s.alpha[i]
		for j := range l {
			s.G[j] += ai * float64(Qi[j])
		}
		if s.status[i] == atUpper {
			for j := range l {
				s.Gbar[j] += s.C[i] * float64(Qi[j])
			}
		}
	}

	counter := min(l, 1000) + 1
	for {
		if s.maxIter >= 0 && s.iter >= s.maxIter {
			break
		}
		if s.iter%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		counter--
		if counter == 0 {
			counter = min(l, 1000)
			if s.shrinking {
				if err := s.doShrinking(ctx); err != nil {
					return nil, err
				}
			}
		}
		i, j, ok := s.selectWorkingSet()
		if !ok {
			if err := s.reconstructGradient(ctx); err != nil {
				return nil, err
			}
			s.activeSize = l
			i, j, ok = s.selectWorkingSet()
			if !ok {
				s.converged = true
				break
			}
			counter = 1
		}
		s.iter++
		s.step(i, j)
	}
	if !s.converged && s.activeSize < l {
		if err := s.reconstructGradient(ctx); err != nil {
			return nil, err
		}
		s.activeSize = l
	}
	if s.nu {
		s.rho, s.r = s.rhoNU()
	} else {
		s.rho = s.rhoPlain()
	}
	v := 0.0
	for i := range l {
		v += s.alpha[i] * (s.G[i] + s.p[i])
	}
	s.obj = v / 2
	// put back the solution in the original order
	for i := range l {
		prob.alpha[s.active[i]] = s.alpha[i]
	}
	return s, nil
}

func clone[T any](v []T) []T { return append([]T(nil), v...) }

// step updates alpha[i], alpha[j] and the gradients.
func (s *smoSolver) step(i, j int) {
	as := s.activeSize
	Qi := s.Q.getQ(i, as)
	Qj := s.Q.getQ(j, as)
	Ci, Cj := s.C[i], s.C[j]
	oldI, oldJ := s.alpha[i], s.alpha[j]
	qij := float64(Qi[j])
	a := s.alpha
	if s.y[i] != s.y[j] {
		quad := s.QD[i] + s.QD[j] + 2*qij
		if quad <= 0 {
			quad = tau
		}
		delta := (-s.G[i] - s.G[j]) / quad
		diff := a[i] - a[j]
		a[i] += delta
		a[j] += delta
		if diff > 0 {
			if a[j] < 0 {
				a[j], a[i] = 0, diff
			}
		} else if a[i] < 0 {
			a[i], a[j] = 0, -diff
		}
		if diff > Ci-Cj {
			if a[i] > Ci {
				a[i], a[j] = Ci, Ci-diff
			}
		} else if a[j] > Cj {
			a[j], a[i] = Cj, Cj+diff
		}
	} else {
		quad := s.QD[i] + s.QD[j] - 2*qij
		if quad <= 0 {
			quad = tau
		}
		delta := (s.G[i] - s.G[j]) / quad
		sum := a[i] + a[j]
		a[i] -= delta
		a[j] += delta
		if sum > Ci {
			if a[i] > Ci {
				a[i], a[j] = Ci, sum-Ci
			}
		} else if a[j] < 0 {
			a[j], a[i] = 0, sum
		}
		if sum > Cj {
			if a[j] > Cj {
				a[j], a[i] = Cj, sum-Cj
			}
		} else if a[i] < 0 {
			a[i], a[j] = 0, sum
		}
	}
	di := a[i] - oldI
	dj := a[j] - oldJ
	G := s.G[:as]
	Qi, Qj = Qi[:as], Qj[:as]
	for k := range G {
		G[k] += float64(Qi[k])*di + float64(Qj[k])*dj
	}
	ui, uj := s.status[i] == atUpper, s.status[j] == atUpper
	s.updateStatus(i)
	s.updateStatus(j)
	if ui != (s.status[i] == atUpper) {
		s.updateGbar(i, Ci, ui)
	}
	if uj != (s.status[j] == atUpper) {
		s.updateGbar(j, Cj, uj)
	}
}

func (s *smoSolver) updateGbar(i int, Ci float64, wasUpper bool) {
	Qi := s.Q.getQ(i, s.l)[:s.l]
	Gbar := s.Gbar[:s.l]
	if wasUpper {
		for k := range Gbar {
			Gbar[k] -= Ci * float64(Qi[k])
		}
	} else {
		for k := range Gbar {
			Gbar[k] += Ci * float64(Qi[k])
		}
	}
}

// reconstructGradient recomputes the gradient of the shrunk variables; it checks
// ctx every 64 kernel columns.
func (s *smoSolver) reconstructGradient(ctx context.Context) error {
	l, as := s.l, s.activeSize
	if as == l {
		return nil
	}
	for j := as; j < l; j++ {
		s.G[j] = s.Gbar[j] + s.p[j]
	}
	nFree := 0
	for j := range as {
		if s.status[j] == atFree {
			nFree++
		}
	}
	if nFree*l > 2*as*(l-as) {
		for i := as; i < l; i++ {
			if (i-as)%64 == 63 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			Qi := s.Q.getQ(i, as)
			for j := range as {
				if s.status[j] == atFree {
					s.G[i] += s.alpha[j] * float64(Qi[j])
				}
			}
		}
	} else {
		for i := range as {
			if s.status[i] != atFree {
				continue
			}
			if i%64 == 63 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			Qi := s.Q.getQ(i, l)
			ai := s.alpha[i]
			for j := as; j < l; j++ {
				s.G[j] += ai * float64(Qi[j])
			}
		}
	}
	return nil
}

// selectWorkingSet is WSS3; ok is false when the solution is optimal within eps.
func (s *smoSolver) selectWorkingSet() (int, int, bool) {
	if s.nu {
		return s.selectNU()
	}
	as := s.activeSize
	Gmax, Gmax2 := math.Inf(-1), math.Inf(-1)
	imax, jmin := -1, -1
	objMin := math.Inf(1)
	for t := range as {
		if s.y[t] == 1 {
			if s.status[t] != atUpper && -s.G[t] >= Gmax {
				Gmax, imax = -s.G[t], t
			}
		} else if s.status[t] != atLower && s.G[t] >= Gmax {
			Gmax, imax = s.G[t], t
		}
	}
	i := imax
	var Qi []float32
	var yi float64
	if i >= 0 {
		Qi = s.Q.getQ(i, as)
		yi = float64(s.y[i])
	}
	for j := range as {
		if s.y[j] == 1 {
			if s.status[j] == atLower {
				continue
			}
			gd := Gmax + s.G[j]
			if s.G[j] >= Gmax2 {
				Gmax2 = s.G[j]
			}
			if gd > 0 {
				quad := s.QD[i] + s.QD[j] - 2.0*yi*float64(Qi[j])
				var od float64
				if quad > 0 {
					od = -(gd * gd) / quad
				} else {
					od = -(gd * gd) / tau
				}
				if od <= objMin {
					jmin, objMin = j, od
				}
			}
		} else {
			if s.status[j] == atUpper {
				continue
			}
			gd := Gmax - s.G[j]
			if -s.G[j] >= Gmax2 {
				Gmax2 = -s.G[j]
			}
			if gd > 0 {
				quad := s.QD[i] + s.QD[j] + 2.0*yi*float64(Qi[j])
				var od float64
				if quad > 0 {
					od = -(gd * gd) / quad
				} else {
					od = -(gd * gd) / tau
				}
				if od <= objMin {
					jmin, objMin = j, od
				}
			}
		}
	}
	if Gmax+Gmax2 < s.eps || jmin == -1 {
		return 0, 0, false
	}
	return imax, jmin, true
}

func (s *smoSolver) selectNU() (int, int, bool) {
	as := s.activeSize
	Gmaxp, Gmaxp2, Gmaxn, Gmaxn2 := math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1)
	ip, in, jmin := -1, -1, -1
	objMin := math.Inf(1)
	for t := range as {
		if s.y[t] == 1 {
			if s.status[t] != atUpper && -s.G[t] >= Gmaxp {
				Gmaxp, ip = -s.G[t], t
			}
		} else if s.status[t] != atLower && s.G[t] >= Gmaxn {
			Gmaxn, in = s.G[t], t
		}
	}
	var Qp, Qn []float32
	if ip >= 0 {
		Qp = s.Q.getQ(ip, as)
	}
	if in >= 0 {
		Qn = s.Q.getQ(in, as)
	}
	for j := range as {
		if s.y[j] == 1 {
			if s.status[j] == atLower {
				continue
			}
			gd := Gmaxp + s.G[j]
			if s.G[j] >= Gmaxp2 {
				Gmaxp2 = s.G[j]
			}
			if gd > 0 {
				quad := s.QD[ip] + s.QD[j] - 2*float64(Qp[j])
				od := -(gd * gd) / tau
				if quad > 0 {
					od = -(gd * gd) / quad
				}
				if od <= objMin {
					jmin, objMin = j, od
				}
			}
		} else {
			if s.status[j] == atUpper {
				continue
			}
			gd := Gmaxn - s.G[j]
			if -s.G[j] >= Gmaxn2 {
				Gmaxn2 = -s.G[j]
			}
			if gd > 0 {
				quad := s.QD[in] + s.QD[j] - 2*float64(Qn[j])
				od := -(gd * gd) / tau
				if quad > 0 {
					od = -(gd * gd) / quad
				}
				if od <= objMin {
					jmin, objMin = j, od
				}
			}
		}
	}
	if max(Gmaxp+Gmaxp2, Gmaxn+Gmaxn2) < s.eps || jmin == -1 {
		return 0, 0, false
	}
	if s.y[jmin] == 1 {
		return ip, jmin, true
	}
	return in, jmin, true
}

func (s *smoSolver) doShrinking(ctx context.Context) error {
	if s.nu {
		return s.shrinkNU(ctx)
	}
	as := s.activeSize
	Gmax1, Gmax2 := math.Inf(-1), math.Inf(-1)
	for i := range as {
		g := s.G[i]
		if s.y[i] == 1 {
			if s.status[i] != atUpper && -g >= Gmax1 {
				Gmax1 = -g
			}
			if s.status[i] != atLower && g >= Gmax2 {
				Gmax2 = g
			}
		} else {
			if s.status[i] != atUpper && -g >= Gmax2 {
				Gmax2 = -g
			}
			if s.status[i] != atLower && g >= Gmax1 {
				Gmax1 = g
			}
		}
	}
	if !s.unshrink && Gmax1+Gmax2 <= s.eps*10 {
		s.unshrink = true
		if err := s.reconstructGradient(ctx); err != nil {
			return err
		}
		s.activeSize = s.l
	}
	shrunk := func(i int) bool {
		switch s.status[i] {
		case atUpper:
			if s.y[i] == 1 {
				return -s.G[i] > Gmax1
			}
			return -s.G[i] > Gmax2
		case atLower:
			if s.y[i] == 1 {
				return s.G[i] > Gmax2
			}
			return s.G[i] > Gmax1
		}
		return false
	}
	s.compact(shrunk)
	return nil
}

func (s *smoSolver) compact(shrunk func(int) bool) {
	for i := 0; i < s.activeSize; i++ {
		if !shrunk(i) {
			continue
		}
		s.activeSize--
		for s.activeSize > i {
			if !shrunk(s.activeSize) {
				s.swap(i, s.activeSize)
				break
			}
			s.activeSize--
		}
	}
}

func (s *smoSolver) shrinkNU(ctx context.Context) error {
	as := s.activeSize
	Gmax1, Gmax2, Gmax3, Gmax4 := math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1)
	for i := range as {
		g := s.G[i]
		if s.status[i] != atUpper {
			if s.y[i] == 1 {
				if -g > Gmax1 {
					Gmax1 = -g
				}
			} else if -g > Gmax4 {
				Gmax4 = -g
			}
		}
		if s.status[i] != atLower {
			if s.y[i] == 1 {
				if g > Gmax2 {
					Gmax2 = g
				}
			} else if g > Gmax3 {
				Gmax3 = g
			}
		}
	}
	if !s.unshrink && max(Gmax1+Gmax2, Gmax3+Gmax4) <= s.eps*10 {
		s.unshrink = true
		if err := s.reconstructGradient(ctx); err != nil {
			return err
		}
		s.activeSize = s.l
	}
	s.compact(func(i int) bool {
		switch s.status[i] {
		case atUpper:
			if s.y[i] == 1 {
				return -s.G[i] > Gmax1
			}
			return -s.G[i] > Gmax4
		case atLower:
			if s.y[i] == 1 {
				return s.G[i] > Gmax2
			}
			return s.G[i] > Gmax3
		}
		return false
	})
	return nil
}

func (s *smoSolver) rhoPlain() float64 {
	nFree := 0
	ub, lb, sumFree := math.Inf(1), math.Inf(-1), 0.0
	for i := range s.activeSize {
		yG := float64(s.y[i]) * s.G[i]
		switch s.status[i] {
		case atUpper:
			if s.y[i] == -1 {
				ub = min(ub, yG)
			} else {
				lb = max(lb, yG)
			}
		case atLower:
			if s.y[i] == 1 {
				ub = min(ub, yG)
			} else {
				lb = max(lb, yG)
			}
		default:
			nFree++
			sumFree += yG
		}
	}
	if nFree > 0 {
		return sumFree / float64(nFree)
	}
	return (ub + lb) / 2
}

func (s *smoSolver) rhoNU() (rho, r float64) {
	var nf [2]int
	ub := [2]float64{math.Inf(1), math.Inf(1)}
	lb := [2]float64{math.Inf(-1), math.Inf(-1)}
	var sf [2]float64
	for i := range s.activeSize {
		c := 0
		if s.y[i] != 1 {
			c = 1
		}
		g := s.G[i]
		switch s.status[i] {
		case atUpper:
			lb[c] = max(lb[c], g)
		case atLower:
			ub[c] = min(ub[c], g)
		default:
			nf[c]++
			sf[c] += g
		}
	}
	var rr [2]float64
	for c := range 2 {
		if nf[c] > 0 {
			rr[c] = sf[c] / float64(nf[c])
		} else {
			rr[c] = (ub[c] + lb[c]) / 2
		}
	}
	return (rr[0] - rr[1]) / 2, (rr[0] + rr[1]) / 2
}
