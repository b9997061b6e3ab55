package svm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

// The five libsvm formulations (scikit-learn's _impl names).
const (
	implCSVC     = "c_svc"
	implNuSVC    = "nu_svc"
	implOneClass = "one_class"
	implEpsSVR   = "epsilon_svr"
	implNuSVR    = "nu_svr"
)

// Bounds on hyperparameters that would otherwise exhaust memory or never end.
const (
	maxCacheMB = 1 << 20 // 1 TiB
	// defaultMaxIter bounds SMO when MaxIter is -1 (or 0): libsvm's own bound,
	// max(10⁷, 100·l).
	defaultMaxIter = 10_000_000
	maxMaxIter     = 1 << 40
)

// svmParams are the solver settings of one fit.
type svmParams struct {
	impl        string
	C, nu, p    float64 // p is SVR's epsilon
	eps         float64
	shrinking   bool
	maxIter     int // < 0: libsvm's bound
	cacheMB     float64
	probability bool
	seed        uint64
}

// libsvmModel is the learned state of every libsvm estimator; fields exported for gob.
type libsvmModel struct {
	Impl      string
	NFeatures int
	Kernel    kernelSpec
	SV        []float64 // nSV×NFeatures support vectors, row-major, grouped by class
	Support   []int     // training row of each support vector
	NSupport  []int     // support vectors per class (classification), else [nSV]
	DualCoef  []float64 // (K−1)×nSV for classification, 1×nSV otherwise; libsvm's sv_coef
	Rho       []float64 // K(K−1)/2 for classification, else 1
	Classes   []float64 // classification only
	ProbA     []float64 // Platt parameters per pair (Probability only)
	ProbB     []float64
	NIter     []int // SMO iterations per sub-problem
	Converged bool
	Custom    bool // fitted with a KernelFunc (not saved; must be set again)
	N         int  // training rows
}

const libsvmStateVersion = 1

// maxStateSize bounds decoded arrays.
const maxStateSize = 1 << 31

// Check validates decoded state.
func (m *libsvmModel) Check() error {
	nsv := len(m.Support)
	switch m.Impl {
	case implCSVC, implNuSVC, implOneClass, implEpsSVR, implNuSVR:
	default:
		return fmt.Errorf("Impl is %q", m.Impl)
	}
	switch m.Kernel.Kind {
	case KernelRBF, KernelLinear, KernelPoly, KernelSigmoid, kernelCustom:
	default:
		return fmt.Errorf("Kernel.Kind is %q", m.Kernel.Kind)
	}
	if m.Custom != (m.Kernel.Kind == kernelCustom) {
		return errors.New("Custom disagrees with Kernel.Kind")
	}
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", m.NFeatures, 1, maxStateSize),
		estimator.CheckCount("N", m.N, 1, maxStateSize),
		estimator.CheckCount("Kernel.Degree", m.Kernel.Degree, 0, maxDegree),
		estimator.CheckFinite("Kernel.Gamma", m.Kernel.Gamma),
		estimator.CheckFinite("Kernel.Coef0", m.Kernel.Coef0),
		estimator.CheckCount("len(Support)", nsv, 0, maxStateSize/max(m.NFeatures, 1)),
		estimator.CheckLen("SV", len(m.SV), nsv*m.NFeatures),
		estimator.CheckFinite("SV", m.SV...),
		estimator.CheckIndex("Support", m.Support, m.N),
		estimator.CheckFinite("DualCoef", m.DualCoef...),
		estimator.CheckFinite("Rho", m.Rho...),
	); err != nil {
		return err
	}
	if m.Kernel.Gamma < 0 {
		return fmt.Errorf("Kernel.Gamma is %v", m.Kernel.Gamma)
	}
	if isClassifier(m.Impl) {
		K := len(m.Classes)
		if err := estimator.FirstError(
			estimator.CheckClasses("Classes", m.Classes),
			estimator.CheckCount("len(Classes)", K, 2, 1<<16),
		); err != nil {
			return err
		}
		if err := estimator.FirstError(
			estimator.CheckLen("NSupport", len(m.NSupport), K),
			estimator.CheckLen("DualCoef", len(m.DualCoef), (K-1)*nsv),
			estimator.CheckLen("Rho", len(m.Rho), K*(K-1)/2),
		); err != nil {
			return err
		}
		total := 0
		for c, v := range m.NSupport {
			if v < 0 || v > nsv {
				return fmt.Errorf("NSupport[%d] is %d", c, v)
			}
			total += v
		}
		if total != nsv {
			return fmt.Errorf("NSupport sums to %d, want %d", total, nsv)
		}
		if m.ProbA != nil || m.ProbB != nil {
			if err := estimator.FirstError(
				estimator.CheckLen("ProbA", len(m.ProbA), K*(K-1)/2),
				estimator.CheckLen("ProbB", len(m.ProbB), K*(K-1)/2),
				estimator.CheckFinite("ProbA", m.ProbA...),
				estimator.CheckFinite("ProbB", m.ProbB...),
			); err != nil {
				return err
			}
		}
		return nil
	}
	if len(m.Classes) != 0 || m.ProbA != nil || m.ProbB != nil {
		return errors.New("regression state has classes or probability parameters")
	}
	return estimator.FirstError(
		estimator.CheckLen("NSupport", len(m.NSupport), 1),
		estimator.CheckLen("DualCoef", len(m.DualCoef), nsv),
		estimator.CheckLen("Rho", len(m.Rho), 1),
	)
}

func isClassifier(impl string) bool { return impl == implCSVC || impl == implNuSVC }

// trainData is one fit's input after checks: X row-major, targets, weights.
type trainData struct {
	x    []float64
	n, p int
	y    []float64
	w    []float64 // per-row C multiplier (sample weight · class weight); > 0
	rows []int     // original row of each row
}

// errInfeasibleNu is returned when nu is too large for the class sizes.
var errInfeasibleNu = errors.New("specified nu is infeasible")

// solveOne solves one binary (or one-class / regression) problem over the rows idx
// of d (all rows when idx is nil). For classification, y[k] > 0 marks the +1 class,
// and Cp, Cn scale the weights of the two classes. It returns the signed
// coefficients per row of idx and rho.
func solveOne(ctx context.Context, d *trainData, idx []int, yy []int8, Cp, Cn float64, sp *svmParams, spec *kernelSpec) (coef []float64, rho float64, iter int, conv bool, err error) {
	if idx == nil {
		idx = make([]int, d.n)
		for i := range idx {
			idx[i] = i
		}
	}
	l := len(idx)
	p := d.p
	x := make([]float64, l*p)
	for k, i := range idx {
		copy(x[k*p:(k+1)*p], d.x[i*p:(i+1)*p])
	}
	maxIter := sp.maxIter
	var prob smoProblem
	nu := false
	switch sp.impl {
	case implCSVC:
		prob = smoProblem{y: yy, p: fill(l, -1), alpha: make([]float64, l), C: make([]float64, l)}
		for k, i := range idx {
			if yy[k] > 0 {
				prob.C[k] = d.w[i] * Cp
			} else {
				prob.C[k] = d.w[i] * Cn
			}
		}
	case implNuSVC:
		nu = true
		prob = smoProblem{y: yy, p: make([]float64, l), alpha: make([]float64, l), C: make([]float64, l)}
		nuL := 0.0
		for k, i := range idx {
			prob.C[k] = d.w[i]
			nuL += sp.nu * prob.C[k]
		}
		sumPos, sumNeg := nuL/2, nuL/2
		for k := range l {
			if yy[k] == 1 {
				prob.alpha[k] = min(prob.C[k], sumPos)
				sumPos -= prob.alpha[k]
			} else {
				prob.alpha[k] = min(prob.C[k], sumNeg)
				sumNeg -= prob.alpha[k]
			}
		}
	case implOneClass:
		prob = smoProblem{y: fillI8(l, 1), p: make([]float64, l), alpha: make([]float64, l), C: make([]float64, l)}
		nuL := 0.0
		for k, i := range idx {
			prob.C[k] = d.w[i]
			nuL += prob.C[k] * sp.nu
		}
		for k := 0; nuL > 0 && k < l; k++ {
			prob.alpha[k] = min(prob.C[k], nuL)
			nuL -= prob.alpha[k]
		}
	case implEpsSVR, implNuSVR:
		prob = smoProblem{y: make([]int8, 2*l), p: make([]float64, 2*l),
			alpha: make([]float64, 2*l), C: make([]float64, 2*l)}
		for k, i := range idx {
			prob.y[k], prob.y[k+l] = 1, -1
			prob.C[k] = d.w[i] * sp.C
			prob.C[k+l] = prob.C[k]
			if sp.impl == implEpsSVR {
				prob.p[k] = sp.p - d.y[i]
				prob.p[k+l] = sp.p + d.y[i]
			} else {
				prob.p[k] = -d.y[i]
				prob.p[k+l] = d.y[i]
			}
		}
		if sp.impl == implNuSVR {
			nu = true
			sum := 0.0
			for k := range l {
				sum += prob.C[k] * sp.nu
			}
			sum /= 2
			for k := range l {
				prob.alpha[k] = min(sum, prob.C[k])
				prob.alpha[k+l] = prob.alpha[k]
				sum -= prob.alpha[k]
			}
		}
	}
	if maxIter < 0 {
		maxIter = max(defaultMaxIter, 100*len(prob.y))
	}
	index := iota32(l)
	if len(prob.y) == 2*l { // SVR: variables k and k+l use row k
		index = append(index, index...)
	}
	Q := newGatherQ(x, l, p, spec, prob.y, index, sp.cacheMB)
	s, err := solveSMO(ctx, prob, Q, sp.eps, sp.shrinking, nu, maxIter)
	if err != nil {
		return nil, 0, 0, false, err
	}
	rho = s.rho
	coef = make([]float64, l)
	switch sp.impl {
	case implCSVC:
		for k := range l {
			coef[k] = prob.alpha[k] * float64(yy[k])
		}
	case implNuSVC:
		r := s.r
		if !(r > 0) || math.IsInf(r, 0) {
			return nil, 0, 0, false, errInfeasibleNu
		}
		for k := range l {
			coef[k] = prob.alpha[k] * float64(yy[k]) / r
		}
		rho /= r
	case implOneClass:
		copy(coef, prob.alpha)
	default:
		for k := range l {
			coef[k] = prob.alpha[k] - prob.alpha[k+l]
		}
	}
	return coef, rho, s.iter, s.converged, nil
}

func iota32(n int) []int32 {
	v := make([]int32, n)
	for i := range v {
		v[i] = int32(i)
	}
	return v
}

func fill(n int, v float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}

func fillI8(n int, v int8) []int8 {
	s := make([]int8, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// trainRegression fits one-class / SVR models.
func trainRegression(ctx context.Context, d *trainData, sp *svmParams, spec *kernelSpec) (*libsvmModel, error) {
	coef, rho, iter, conv, err := solveOne(ctx, d, nil, nil, 0, 0, sp, spec)
	if err != nil {
		return nil, err
	}
	m := &libsvmModel{Impl: sp.impl, NFeatures: d.p, Kernel: *spec, Rho: []float64{rho},
		NIter: []int{iter}, Converged: conv, Custom: spec.custom != nil, N: d.n}
	for i, c := range coef {
		if c != 0 {
			m.Support = append(m.Support, d.rows[i])
			m.SV = append(m.SV, d.x[i*d.p:(i+1)*d.p]...)
			m.DualCoef = append(m.DualCoef, c)
		}
	}
	m.NSupport = []int{len(m.Support)}
	if m.Support == nil {
		m.Support, m.DualCoef = []int{}, []float64{}
	}
	return m, nil
}

// trainClassifier fits the K(K−1)/2 one-vs-one problems as libsvm's svm_train does.
// d.y holds class codes 0..K−1; classWeight scales C per class.
func trainClassifier(ctx context.Context, d *trainData, K int, classWeight []float64, sp *svmParams, spec *kernelSpec) (*libsvmModel, error) {
	// group rows by class, stable
	start := make([]int, K+1)
	for _, c := range d.y {
		start[int(c)+1]++
	}
	for c := range K {
		start[c+1] += start[c]
	}
	perm := make([]int, d.n)
	pos := slices.Clone(start[:K])
	for i, c := range d.y {
		perm[pos[int(c)]] = i
		pos[int(c)]++
	}
	for c := range K {
		if start[c+1] == start[c] {
			return nil, fmt.Errorf("class %d has no sample with positive weight: %w", c, estimator.ErrInvalidData)
		}
	}
	wC := make([]float64, K)
	for c := range K {
		wC[c] = sp.C * classWeight[c]
	}
	nPairs := K * (K - 1) / 2
	coefs := make([][]float64, nPairs)
	rho := make([]float64, nPairs)
	nonzero := make([]bool, d.n) // by grouped position
	m := &libsvmModel{Impl: sp.impl, NFeatures: d.p, Kernel: *spec, Converged: true, Custom: spec.custom != nil, N: d.n}
	if sp.probability {
		m.ProbA, m.ProbB = make([]float64, nPairs), make([]float64, nPairs)
	}
	rng := rand.New(rand.NewPCG(sp.seed, 0x5f3759df))
	q := 0
	for i := range K {
		for j := i + 1; j < K; j++ {
			si, sj := start[i], start[j]
			ci, cj := start[i+1]-si, start[j+1]-sj
			idx := make([]int, 0, ci+cj)
			yy := make([]int8, 0, ci+cj)
			for k := range ci {
				idx = append(idx, perm[si+k])
				yy = append(yy, 1)
			}
			for k := range cj {
				idx = append(idx, perm[sj+k])
				yy = append(yy, -1)
			}
			if sp.probability {
				a, b, err := binaryProbability(ctx, d, idx, yy, wC[i], wC[j], sp, spec, rng)
				if err != nil {
					return nil, err
				}
				m.ProbA[q], m.ProbB[q] = a, b
			}
			coef, r, iter, conv, err := solveOne(ctx, d, idx, yy, wC[i], wC[j], sp, spec)
			if err != nil {
				if errors.Is(err, errInfeasibleNu) {
					return nil, fmt.Errorf("%w for classes %d and %d: %w", err, i, j, estimator.ErrInvalidData)
				}
				return nil, err
			}
			coefs[q], rho[q] = coef, r
			m.NIter = append(m.NIter, iter)
			m.Converged = m.Converged && conv
			for k := range ci {
				if coef[k] != 0 {
					nonzero[si+k] = true
				}
			}
			for k := range cj {
				if coef[ci+k] != 0 {
					nonzero[sj+k] = true
				}
			}
			q++
		}
	}
	m.Rho = rho
	m.NSupport = make([]int, K)
	nzStart := make([]int, K+1)
	for c := range K {
		for k := start[c]; k < start[c+1]; k++ {
			if nonzero[k] {
				m.NSupport[c]++
			}
		}
		nzStart[c+1] = nzStart[c] + m.NSupport[c]
	}
	total := nzStart[K]
	m.Support = make([]int, 0, total)
	m.SV = make([]float64, 0, total*d.p)
	for k := range d.n {
		if nonzero[k] {
			r := perm[k]
			m.Support = append(m.Support, d.rows[r])
			m.SV = append(m.SV, d.x[r*d.p:(r+1)*d.p]...)
		}
	}
	m.DualCoef = make([]float64, (K-1)*total)
	q = 0
	for i := range K {
		for j := i + 1; j < K; j++ {
			si, sj := start[i], start[j]
			ci, cj := start[i+1]-si, start[j+1]-sj
			o := nzStart[i]
			for k := range ci {
				if nonzero[si+k] {
					m.DualCoef[(j-1)*total+o] = coefs[q][k]
					o++
				}
			}
			o = nzStart[j]
			for k := range cj {
				if nonzero[sj+k] {
					m.DualCoef[i*total+o] = coefs[q][ci+k]
					o++
				}
			}
			q++
		}
	}
	return m, nil
}

// predictBlockFloats bounds the kernel values held per block of prediction rows.
const predictBlockFloats = 1 << 18

// kvScratch recycles the blocks' kernel values: a fresh 2 MiB block per 256 rows
// cost more in page faults than the kernel products themselves.
var kvScratch = sync.Pool{New: func() any { return new([]float64) }}

// decisionValues returns libsvm's decision values: n×K(K−1)/2 for classifiers (pair
// (i, j) positive means class i), n×1 otherwise. Rows are processed in blocks of
// at most predictBlockFloats kernel values, on up to GOMAXPROCS goroutines through
// internal/parallel (each block writes its own rows, so the result does not depend
// on the number of workers).
func (m *libsvmModel) decisionValues(x *mat.Dense) (*mat.Dense, error) {
	n, p := x.Dims()
	nsv := len(m.Support)
	cols := 1
	if isClassifier(m.Impl) {
		K := len(m.Classes)
		cols = K * (K - 1) / 2
	}
	out := mat.NewDense(n, cols, nil)
	raw := x.RawMatrix()
	block := max(1, min(256, predictBlockFloats/max(nsv, 1)))
	err := parallel.Chunks(n, block, func(_, lo, hi int) {
		rows := make([]float64, (hi-lo)*p)
		for r := lo; r < hi; r++ {
			copy(rows[(r-lo)*p:], raw.Data[r*raw.Stride:r*raw.Stride+p])
		}
		buf := kvScratch.Get().(*[]float64)
		defer kvScratch.Put(buf)
		if cap(*buf) < (hi-lo)*nsv {
			*buf = make([]float64, (hi-lo)*nsv)
		}
		kv := (*buf)[:(hi-lo)*nsv] // kernelBlock overwrites it
		if nsv > 0 {
			kernelBlock(&m.Kernel, rows, hi-lo, m.SV, nsv, p, kv)
		}
		for r := lo; r < hi; r++ {
			m.decisionRow(kv[(r-lo)*nsv:(r-lo+1)*nsv], out.RawRowView(r))
		}
	})
	return out, err
}

// decisionRow fills dst with the decision values of one row from its kernel
// values against the support vectors.
func (m *libsvmModel) decisionRow(row, dst []float64) {
	nsv := len(m.Support)
	if !isClassifier(m.Impl) {
		s := 0.0
		for k, c := range m.DualCoef {
			s += c * row[k]
		}
		dst[0] = s - m.Rho[0]
		return
	}
	K := len(m.Classes)
	q := 0
	si := 0
	for i := range K {
		sj := si + m.NSupport[i]
		for j := i + 1; j < K; j++ {
			s := 0.0
			ci := m.DualCoef[(j-1)*nsv:]
			for k := si; k < si+m.NSupport[i]; k++ {
				s += ci[k] * row[k]
			}
			cj := m.DualCoef[i*nsv:]
			for k := sj; k < sj+m.NSupport[j]; k++ {
				s += cj[k] * row[k]
			}
			sj += m.NSupport[j]
			dst[q] = s - m.Rho[q]
			q++
		}
		si += m.NSupport[i]
	}
}

// vote is libsvm's one-vs-one vote: the class with most wins, the first on ties.
func vote(dec []float64, K int) int {
	votes := make([]int, K)
	q := 0
	for i := range K {
		for j := i + 1; j < K; j++ {
			if dec[q] > 0 {
				votes[i]++
			} else {
				votes[j]++
			}
			q++
		}
	}
	best := 0
	for c := 1; c < K; c++ {
		if votes[c] > votes[best] {
			best = c
		}
	}
	return best
}

// ovrDecision is scikit-learn's _ovr_decision_function of one-vs-one values.
func ovrDecision(ovo *mat.Dense, K int) *mat.Dense {
	n, _ := ovo.Dims()
	out := mat.NewDense(n, K, nil)
	conf := make([]float64, K)
	for r := range n {
		dec := ovo.RawRowView(r)
		row := out.RawRowView(r)
		clear(conf)
		q := 0
		for i := range K {
			for j := i + 1; j < K; j++ {
				c := -dec[q]
				conf[i] -= c
				conf[j] += c
				if dec[q] < 0 {
					row[j]++
				} else {
					row[i]++
				}
				q++
			}
		}
		for k := range K {
			row[k] += conf[k] / (3 * (math.Abs(conf[k]) + 1))
		}
	}
	return out
}
