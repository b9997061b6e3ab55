package svm

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/gemm"
)

// Kernel names (scikit-learn's kernel parameter).
const (
	KernelRBF     = "rbf"
	KernelLinear  = "linear"
	KernelPoly    = "poly"
	KernelSigmoid = "sigmoid"
)

// Gamma rules used when Gamma is 0 (scikit-learn's gamma="scale" and gamma="auto").
const (
	GammaScale = "scale"
	GammaAuto  = "auto"
)

// kernelSpec is a resolved kernel; fields exported for gob.
type kernelSpec struct {
	Kind   string // one of the Kernel* names, or "custom"
	Gamma  float64
	Coef0  float64
	Degree int
	custom func(a, b []float64) float64
}

const kernelCustom = "custom"

// maxDegree bounds the polynomial degree.
const maxDegree = 1 << 10

// kernelParams are the kernel hyperparameters shared by the libsvm models.
type kernelParams struct {
	kernel    string
	degree    int
	gamma     float64
	gammaRule string
	coef0     float64
	fn        func(a, b []float64) float64
}

func validateKernel(k kernelParams) error {
	switch k.kernel {
	case "", KernelRBF, KernelLinear, KernelPoly, KernelSigmoid:
	default:
		return &estimator.ParamError{Param: "Kernel", Value: k.kernel,
			Reason: `must be "rbf", "linear", "poly" or "sigmoid" (or set KernelFunc)`}
	}
	if k.degree < 0 || k.degree > maxDegree {
		return &estimator.ParamError{Param: "Degree", Value: k.degree, Reason: fmt.Sprintf("must be in [0, %d]", maxDegree)}
	}
	if !(k.gamma >= 0) || math.IsInf(k.gamma, 0) {
		return &estimator.ParamError{Param: "Gamma", Value: k.gamma, Reason: "must be finite and >= 0 (0 means GammaRule)"}
	}
	switch k.gammaRule {
	case "", GammaScale, GammaAuto:
	default:
		return &estimator.ParamError{Param: "GammaRule", Value: k.gammaRule, Reason: `must be "scale" or "auto"`}
	}
	if math.IsNaN(k.coef0) || math.IsInf(k.coef0, 0) {
		return &estimator.ParamError{Param: "Coef0", Value: k.coef0, Reason: "must be finite"}
	}
	return nil
}

// resolveKernel fixes gamma from the training data x (n×p row-major).
func resolveKernel(k kernelParams, x []float64, p int) kernelSpec {
	s := kernelSpec{Kind: k.kernel, Coef0: k.coef0, Degree: k.degree, Gamma: k.gamma}
	if s.Kind == "" {
		s.Kind = KernelRBF
	}
	if s.Degree == 0 {
		s.Degree = 3
	}
	if k.fn != nil {
		s.Kind, s.custom = kernelCustom, k.fn
	}
	if s.Gamma == 0 {
		if k.gammaRule == GammaAuto {
			s.Gamma = 1 / float64(p)
		} else {
			// numpy's X.var(): the population variance of all entries.
			m := 0.0
			for _, v := range x {
				m += v
			}
			m /= float64(len(x))
			v := 0.0
			for _, e := range x {
				v += (e - m) * (e - m)
			}
			v /= float64(len(x))
			if v != 0 && !math.IsInf(v, 0) {
				s.Gamma = 1 / (float64(p) * v)
			} else {
				s.Gamma = 1
			}
			if math.IsInf(s.Gamma, 0) || s.Gamma == 0 {
				s.Gamma = 1
			}
		}
	}
	return s
}

// fromDot maps a dot product (and, for rbf, the two squared norms) to a kernel value.
func (s *kernelSpec) fromDot(dot, sqa, sqb float64) float64 {
	switch s.Kind {
	case KernelLinear:
		return dot
	case KernelPoly:
		return powi(s.Gamma*dot+s.Coef0, s.Degree)
	case KernelSigmoid:
		return math.Tanh(s.Gamma*dot + s.Coef0)
	default: // rbf
		d := sqa + sqb - 2*dot
		return math.Exp(-s.Gamma * d)
	}
}

// eval is the kernel of two rows.
func (s *kernelSpec) eval(a, b []float64) float64 {
	if s.custom != nil {
		return s.custom(a, b)
	}
	if s.Kind == KernelRBF || s.Kind == "" {
		d := 0.0
		for i, v := range a {
			t := v - b[i]
			d += t * t
		}
		return math.Exp(-s.Gamma * d)
	}
	return s.fromDot(dot(a, b), 0, 0)
}

// powi is libsvm's powi: base^times by repeated squaring.
func powi(base float64, times int) float64 {
	tmp, ret := base, 1.0
	for t := times; t > 0; t /= 2 {
		if t%2 == 1 {
			ret *= tmp
		}
		tmp *= tmp
	}
	return ret
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// kernelCache is an LRU cache of kernel columns K(·, j) over the n training rows,
// stored as float32 as libsvm does, within a memory budget (at least two columns).
type kernelCache struct {
	x      []float64 // n×p training rows
	n, p   int
	spec   *kernelSpec
	sq     []float64 // squared norms (rbf)
	slot   []int32   // column -> slot, -1 when not cached
	owner  []int32   // slot -> column
	data   [][]float32
	prev   []int32 // LRU list over slots; head is the most recent
	next   []int32
	head   int32
	tail   int32
	used   int
	maxCol int
	diag   []float64
	dots   []float64 // scratch of fill
	evals  int       // columns computed (for tests and benchmarks)
}

func newKernelCache(x []float64, n, p int, spec *kernelSpec, cacheMB float64) *kernelCache {
	c := &kernelCache{x: x, n: n, p: p, spec: spec, head: -1, tail: -1}
	budget := cacheMB * (1 << 20)
	cols := int(budget / (4 * float64(max(n, 1))))
	c.maxCol = min(max(cols, 2), n)
	c.slot = make([]int32, n)
	for i := range c.slot {
		c.slot[i] = -1
	}
	c.sq = make([]float64, n)
	for i := range n {
		r := x[i*p : (i+1)*p]
		c.sq[i] = dot(r, r)
	}
	c.dots = make([]float64, n)
	c.diag = make([]float64, n)
	for i := range n {
		r := x[i*p : (i+1)*p]
		c.diag[i] = c.kernelTrain(i, r, r)
	}
	return c
}

// kernelTrain evaluates the kernel between training rows i and j as libsvm's
// training Kernel does (rbf through the squared norms).
func (c *kernelCache) kernelTrain(i int, a, b []float64) float64 {
	if c.spec.custom != nil {
		return c.spec.custom(a, b)
	}
	d := dot(a, b)
	return c.spec.fromDot(d, c.sq[i], dot(b, b))
}

func (c *kernelCache) unlink(s int32) {
	p, n := c.prev[s], c.next[s]
	if p >= 0 {
		c.next[p] = n
	} else {
		c.head = n
	}
	if n >= 0 {
		c.prev[n] = p
	} else {
		c.tail = p
	}
}

func (c *kernelCache) pushFront(s int32) {
	c.prev[s], c.next[s] = -1, c.head
	if c.head >= 0 {
		c.prev[c.head] = s
	}
	c.head = s
	if c.tail < 0 {
		c.tail = s
	}
}

// column returns K(x_j, x_k) for k in [0, n) as float32, computing it on a miss.
// The returned slice stays valid until two more distinct columns are requested.
func (c *kernelCache) column(j int) []float32 {
	if s := c.slot[j]; s >= 0 {
		if c.head != s {
			c.unlink(s)
			c.pushFront(s)
		}
		return c.data[s]
	}
	var s int32
	if c.used < c.maxCol {
		s = int32(c.used)
		c.used++
		c.data = append(c.data, make([]float32, c.n))
		c.owner = append(c.owner, int32(j))
		c.prev = append(c.prev, -1)
		c.next = append(c.next, -1)
	} else {
		s = c.tail
		c.unlink(s)
		c.slot[c.owner[s]] = -1
		c.owner[s] = int32(j)
	}
	c.slot[j] = s
	c.pushFront(s)
	c.fill(j, c.data[s])
	return c.data[s]
}

// fill computes column j: the dot products of every row with row j through
// gonum's assembly gemv, then the kernel of each. (Filling on several goroutines
// was slower on the 5000- and 10000-row benchmarks: a column takes only tens of
// microseconds.)
func (c *kernelCache) fill(j int, out []float32) {
	c.evals++
	p, n := c.p, c.n
	xj := c.x[j*p : (j+1)*p]
	if c.spec.custom != nil {
		for k := range n {
			out[k] = float32(c.spec.custom(c.x[k*p:(k+1)*p], xj))
		}
		return
	}
	dots := c.dots[:n]
	blas64.Gemv(blas.NoTrans, 1, blas64.General{Rows: n, Cols: p, Stride: p, Data: c.x[:n*p]},
		blas64.Vector{N: p, Inc: 1, Data: xj}, 0, blas64.Vector{N: n, Inc: 1, Data: dots})
	sq, sqj := c.sq[:n], c.sq[j]
	out = out[:n]
	if c.spec.Kind == KernelRBF {
		g := -c.spec.Gamma
		for k, d := range dots {
			out[k] = float32(math.Exp(g * (sq[k] + sqj - 2*d)))
		}
		return
	}
	for k, d := range dots {
		out[k] = float32(c.spec.fromDot(d, sq[k], sqj))
	}
}

// kernelBlock fills out (m×ns, row-major) with K(a_i, b_j) for the m rows of a
// (m×p) and the ns rows of b (ns×p), through blocked dot products.
func kernelBlock(spec *kernelSpec, a []float64, m int, b []float64, ns, p int, out []float64) {
	if spec.custom != nil {
		for i := range m {
			for j := range ns {
				out[i*ns+j] = spec.custom(a[i*p:(i+1)*p], b[j*p:(j+1)*p])
			}
		}
		return
	}
	gemm.Dgemm(false, true, m, ns, p, 1, a, p, b, p, 0, out, ns)
	var sqa, sqb []float64
	if spec.Kind == KernelRBF {
		sqa = make([]float64, m)
		for i := range m {
			r := a[i*p : (i+1)*p]
			sqa[i] = dot(r, r)
		}
		sqb = make([]float64, ns)
		for j := range ns {
			r := b[j*p : (j+1)*p]
			sqb[j] = dot(r, r)
		}
	}
	for i := range m {
		row := out[i*ns : (i+1)*ns]
		for j, d := range row {
			if sqa != nil {
				row[j] = math.Exp(-spec.Gamma * max(sqa[i]+sqb[j]-2*d, 0))
			} else {
				row[j] = spec.fromDot(d, 0, 0)
			}
		}
	}
}
