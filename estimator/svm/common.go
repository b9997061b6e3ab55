package svm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// libsvmConfig gathers the hyperparameters of one libsvm estimator for fitting.
type libsvmConfig struct {
	name        string
	impl        string
	C, nu, eps  float64
	kernel      kernelParams
	tol         float64
	cacheMB     float64
	noShrinking bool
	maxIter     int
	probability bool
	seed        uint64
	classWeight []float64
	balanced    bool
}

func (c *libsvmConfig) validate() error {
	if c.impl != implNuSVC && c.impl != implOneClass {
		if !(c.C >= 0) || math.IsInf(c.C, 0) {
			return &estimator.ParamError{Param: "C", Value: c.C, Reason: "must be finite and > 0 (0 means 1)"}
		}
	}
	if c.impl == implNuSVC || c.impl == implOneClass || c.impl == implNuSVR {
		if !(c.nu >= 0 && c.nu <= 1) {
			return &estimator.ParamError{Param: "Nu", Value: c.nu, Reason: "must be in (0, 1] (0 means 0.5)"}
		}
	}
	if c.impl == implEpsSVR && (!(c.eps >= 0) || math.IsInf(c.eps, 0)) {
		return &estimator.ParamError{Param: "Epsilon", Value: c.eps, Reason: "must be finite and >= 0"}
	}
	if !(c.tol >= 0) || math.IsInf(c.tol, 0) {
		return &estimator.ParamError{Param: "Tol", Value: c.tol, Reason: "must be finite and > 0 (0 means 1e-3)"}
	}
	if !(c.cacheMB >= 0) || c.cacheMB > maxCacheMB {
		return &estimator.ParamError{Param: "CacheSizeMB", Value: c.cacheMB, Reason: fmt.Sprintf("must be in (0, %d] (0 means 200)", maxCacheMB)}
	}
	if c.maxIter < -1 || c.maxIter > maxMaxIter {
		return &estimator.ParamError{Param: "MaxIter", Value: c.maxIter, Reason: fmt.Sprintf("must be -1, 0 (no bound but libsvm's) or in [1, %d]", int64(maxMaxIter))}
	}
	for i, w := range c.classWeight {
		if !(w >= 0) || math.IsInf(w, 0) {
			return &estimator.ParamError{Param: "ClassWeight", Value: c.classWeight, Reason: fmt.Sprintf("weight %d is %v, want finite and >= 0", i, w)}
		}
	}
	if c.balanced && c.classWeight != nil {
		return &estimator.ParamError{Param: "BalancedClassWeight", Value: true, Reason: "cannot be combined with ClassWeight"}
	}
	return validateKernel(c.kernel)
}

func (c *libsvmConfig) params() *svmParams {
	sp := &svmParams{impl: c.impl, C: c.C, nu: c.nu, p: c.eps, eps: c.tol, shrinking: !c.noShrinking,
		maxIter: c.maxIter, cacheMB: c.cacheMB, probability: c.probability, seed: c.seed}
	if sp.C == 0 {
		sp.C = 1
	}
	if sp.nu == 0 {
		sp.nu = 0.5
	}
	if sp.eps == 0 {
		sp.eps = 1e-3
	}
	if sp.cacheMB == 0 {
		sp.cacheMB = 200
	}
	if sp.maxIter <= 0 {
		sp.maxIter = -1
	}
	return sp
}

// fitLibsvm checks the data and trains a model. y is nil for one-class.
func fitLibsvm(ctx context.Context, c *libsvmConfig, X mat.Matrix, y, w []float64) (*libsvmModel, error) {
	name := c.name
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var x *mat.Dense
	var err error
	if c.impl == implOneClass {
		x, err = estimator.CheckX(X)
		y = nil
	} else {
		x, err = estimator.CheckXy(X, y)
		if err == nil && y == nil {
			err = fmt.Errorf("y is nil, a supervised model needs targets: %w", estimator.ErrInvalidData)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	n, p := x.Dims()
	if int64(n)*int64(p) > math.MaxInt32*8 {
		return nil, fmt.Errorf("%s: X is %d×%d, too large: %w", name, n, p, estimator.ErrInvalidData)
	}
	if w != nil {
		if len(w) != n {
			return nil, fmt.Errorf("%s: %d sample weights for %d rows: %w", name, len(w), n, estimator.ErrShape)
		}
		for i, v := range w {
			if !(v >= 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s: sample weight %d is %v, want finite and >= 0: %w", name, i, v, estimator.ErrInvalidData)
			}
		}
	}
	raw := make([]float64, n*p)
	for i := range n {
		copy(raw[i*p:(i+1)*p], x.RawRowView(i))
	}
	sp := c.params()
	spec := resolveKernel(c.kernel, raw, p)
	if err := checkKernelFinite(&spec, raw, n, p); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	rowW := make([]float64, n)
	for i := range rowW {
		rowW[i] = 1
		if w != nil {
			rowW[i] = w[i]
		}
	}
	var classes []float64
	var codes []float64
	var cw []float64
	if isClassifier(c.impl) {
		classes, err = estimator.CheckClassLabels(y)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		K := len(classes)
		codes = make([]float64, n)
		counts := make([]float64, K)
		for i, v := range y {
			k, _ := slices.BinarySearch(classes, v)
			codes[i] = float64(k)
			counts[k]++
		}
		cw = make([]float64, K)
		switch {
		case c.balanced:
			for k := range K {
				cw[k] = float64(n) / (float64(K) * counts[k])
			}
		case c.classWeight != nil:
			if len(c.classWeight) != K {
				return nil, fmt.Errorf("%s: %w", name, &estimator.ParamError{Param: "ClassWeight", Value: c.classWeight,
					Reason: fmt.Sprintf("has %d weights for %d classes", len(c.classWeight), K)})
			}
			copy(cw, c.classWeight)
		default:
			for k := range cw {
				cw[k] = 1
			}
		}
	}
	// drop rows whose C multiplier is zero, as scikit-learn's libsvm does
	d := &trainData{p: p}
	for i := range n {
		m := rowW[i]
		if cw != nil && c.impl == implCSVC { // libsvm's ν-SVC ignores class weights
			m *= cw[int(codes[i])]
		}
		if !(m > 0) {
			continue
		}
		d.rows = append(d.rows, i)
		d.x = append(d.x, raw[i*p:(i+1)*p]...)
		d.w = append(d.w, rowW[i])
		if codes != nil {
			d.y = append(d.y, codes[i])
		} else if y != nil {
			d.y = append(d.y, y[i])
		}
	}
	d.n = len(d.rows)
	if d.n == 0 {
		return nil, fmt.Errorf("%s: no sample has a positive weight: %w", name, estimator.ErrInvalidData)
	}
	if codes != nil {
		present := make([]bool, len(classes))
		for _, v := range d.y {
			present[int(v)] = true
		}
		for k, ok := range present {
			if !ok {
				return nil, fmt.Errorf("%s: class %v has no sample with positive weight: %w", name, classes[k], estimator.ErrInvalidData)
			}
		}
	}
	if c.impl == implNuSVC {
		if err := nuFeasible(d, len(classes), sp.nu); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	var m *libsvmModel
	if isClassifier(c.impl) {
		m, err = trainClassifier(ctx, d, len(classes), cw, sp, &spec)
	} else {
		m, err = trainRegression(ctx, d, sp, &spec)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	m.N = n
	m.Classes = classes
	if err := m.checkOutputs(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// nuFeasible is libsvm's check that nu·(n_i + n_j)/2 <= min(n_i, n_j) for every
// pair of classes (with weighted counts).
func nuFeasible(d *trainData, K int, nu float64) error {
	cnt := make([]float64, K)
	for i, v := range d.y {
		cnt[int(v)] += d.w[i]
	}
	for i := range K {
		for j := i + 1; j < K; j++ {
			if nu*(cnt[i]+cnt[j])/2 > min(cnt[i], cnt[j]) {
				return fmt.Errorf("%w", &estimator.ParamError{Param: "Nu", Value: nu,
					Reason: fmt.Sprintf("specified nu is infeasible for classes %d and %d", i, j)})
			}
		}
	}
	return nil
}

// checkKernelFinite rejects data whose kernel values overflow (poly on huge values).
func checkKernelFinite(spec *kernelSpec, x []float64, n, p int) error {
	for i := range n {
		r := x[i*p : (i+1)*p]
		if v := spec.eval(r, r); math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("kernel value of row %d is %v: %w", i, v, estimator.ErrInvalidData)
		}
	}
	return nil
}

// checkOutputs rejects a fit whose coefficients overflowed.
func (m *libsvmModel) checkOutputs() error {
	if err := estimator.FirstError(estimator.CheckFinite("dual coefficients", m.DualCoef...),
		estimator.CheckFinite("intercepts", m.Rho...), estimator.CheckFinite("probability parameters", m.ProbA...),
		estimator.CheckFinite("probability parameters", m.ProbB...)); err != nil {
		return fmt.Errorf("%v: %w", err, estimator.ErrInvalidData)
	}
	return nil
}

// query checks a fitted model and X before a prediction.
func (m *libsvmModel) query(name string, fn func(a, b []float64) float64, X mat.Matrix) (*mat.Dense, error) {
	if m == nil {
		return nil, fmt.Errorf("%s: %w", name, estimator.ErrNotFitted)
	}
	if m.Custom && fn == nil {
		return nil, fmt.Errorf("%s: the model was fitted with a KernelFunc, which is not saved: set KernelFunc again: %w",
			name, estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, m.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return x, nil
}

// withKernel returns m with its custom kernel set to fn (a shallow copy).
func (m *libsvmModel) withKernel(fn func(a, b []float64) float64) *libsvmModel {
	if !m.Custom {
		return m
	}
	c := *m
	c.Kernel.custom = fn
	return &c
}

// checkValues rejects non-finite outputs.
func checkValues(name string, d *mat.Dense) error {
	r, c := d.Dims()
	for i := range r {
		for j := range c {
			if v := d.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%s: decision value of row %d is %v: %w", name, i, v, estimator.ErrInvalidData)
			}
		}
	}
	return nil
}

// accessors shared by the libsvm estimators

func (m *libsvmModel) supportVectors() *mat.Dense {
	if m == nil || len(m.Support) == 0 {
		return nil
	}
	return mat.NewDense(len(m.Support), m.NFeatures, slices.Clone(m.SV))
}

// dualCoef returns scikit-learn's dual_coef_ (signs flipped for binary classifiers).
func (m *libsvmModel) dualCoef() *mat.Dense {
	if m == nil || len(m.Support) == 0 {
		return nil
	}
	nsv := len(m.Support)
	rows := len(m.DualCoef) / nsv
	d := slices.Clone(m.DualCoef)
	if isClassifier(m.Impl) && len(m.Classes) == 2 {
		for i := range d {
			d[i] = -d[i]
		}
	}
	return mat.NewDense(rows, nsv, d)
}

// intercept returns scikit-learn's intercept_ (−rho; +rho for binary classifiers).
func (m *libsvmModel) intercept() []float64 {
	if m == nil {
		return nil
	}
	out := make([]float64, len(m.Rho))
	flip := isClassifier(m.Impl) && len(m.Classes) == 2
	for i, r := range m.Rho {
		if flip {
			out[i] = r
		} else {
			out[i] = -r + 0 // +0 turns −0 into 0
		}
	}
	return out
}

// coef returns the primal weights for the linear kernel (scikit-learn's coef_).
func (m *libsvmModel) coef(name string) (*mat.Dense, error) {
	if m == nil {
		return nil, fmt.Errorf("%s: %w", name, estimator.ErrNotFitted)
	}
	if m.Kernel.Kind != KernelLinear {
		return nil, fmt.Errorf("%s: Coef is only available with the linear kernel: %w", name, errors.ErrUnsupported)
	}
	p, nsv := m.NFeatures, len(m.Support)
	if !isClassifier(m.Impl) {
		out := mat.NewDense(1, p, nil)
		row := out.RawRowView(0)
		for k, c := range m.DualCoef {
			for j := range p {
				row[j] += c * m.SV[k*p+j]
			}
		}
		return out, nil
	}
	K := len(m.Classes)
	start := make([]int, K+1)
	for c := range K {
		start[c+1] = start[c] + m.NSupport[c]
	}
	out := mat.NewDense(K*(K-1)/2, p, nil)
	q := 0
	for i := range K {
		for j := i + 1; j < K; j++ {
			row := out.RawRowView(q)
			for k := start[i]; k < start[i+1]; k++ {
				c := m.DualCoef[(j-1)*nsv+k]
				for f := range p {
					row[f] += c * m.SV[k*p+f]
				}
			}
			for k := start[j]; k < start[j+1]; k++ {
				c := m.DualCoef[i*nsv+k]
				for f := range p {
					row[f] += c * m.SV[k*p+f]
				}
			}
			q++
		}
	}
	if K == 2 {
		row := out.RawRowView(0)
		for f := range row {
			row[f] = -row[f]
		}
	}
	return out, nil
}

func (m *libsvmModel) nIter() int {
	if m == nil {
		return 0
	}
	s := 0
	for _, v := range m.NIter {
		s += v
	}
	return s
}
