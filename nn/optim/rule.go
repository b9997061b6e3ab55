package optim

import (
	"math"

	"github.com/skgo/skgo/estimator"
)

// Rule is an optimisation algorithm: an immutable value of hyperparameters. State
// lives outside it ([Optimizer] holds one per parameter), so one Rule can drive many
// parameters and many training runs.
type Rule interface {
	// NewState returns the initial state for a parameter of n elements (nil for
	// stateless rules). Built-in rules use [][]float32 (one n-vector per buffer);
	// other rules' states must implement encoding.BinaryMarshaler and, as a pointer,
	// encoding.BinaryUnmarshaler for [Optimizer.MarshalBinary] to save them.
	NewState(n int) any
	// Update applies one step to the parameter values p given their gradient g (not
	// modified), mutating state. step counts updates from 1 (for bias correction) and
	// lr is the current learning rate (the rule's own, or a schedule's).
	Update(p, g []float32, state any, step int, lr float64)
	// BaseLR returns the rule's learning rate, with zero replaced by the default.
	BaseLR() float64
}

var (
	_ Rule = SGD{}
	_ Rule = Adam{}
	_ Rule = AdamW{}
	_ Rule = RMSProp{}
	_ Rule = Adagrad{}
)

func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

func checkNonNeg(errs *error, name string, v float64) {
	if *errs == nil && (v < 0 || math.IsNaN(v) || math.IsInf(v, 0)) {
		*errs = &estimator.ParamError{Param: name, Value: v, Reason: "must be finite and >= 0"}
	}
}

func checkUnit(errs *error, name string, v float64) {
	if *errs == nil && !(v >= 0 && v < 1) {
		*errs = &estimator.ParamError{Param: name, Value: v, Reason: "must be in [0, 1)"}
	}
}

// buffers returns state as the built-in [][]float32.
func buffers(state any) [][]float32 { return state.([][]float32) }

func newBuffers(k, n int, fill float32) [][]float32 {
	b := make([][]float32, k)
	for i := range b {
		b[i] = make([]float32, n)
		if fill != 0 {
			for j := range b[i] {
				b[i][j] = fill
			}
		}
	}
	return b
}

// SGD is stochastic gradient descent with optional momentum, dampening, Nesterov
// momentum and L2 weight decay, exactly as torch.optim.SGD:
//
//	d = g + λ·p
//	b = d (first step), b = μ·b + (1 − τ)·d (later steps)
//	d = d + μ·b (Nesterov) or d = b (with momentum)
//	p = p − lr·d
type SGD struct {
	LR          float64 // learning rate; 0 means 0.01
	Momentum    float64 // μ; 0 means none
	Dampening   float64 // τ; 0 means none (PyTorch's default)
	Nesterov    bool    // use Nesterov momentum (needs Momentum > 0)
	WeightDecay float64 // λ, L2 penalty added to the gradient; 0 means none
}

// BaseLR returns LR or its default 0.01.
func (r SGD) BaseLR() float64 { return orDefault(r.LR, 0.01) }

// NewState returns the momentum buffer, or nil without momentum.
func (r SGD) NewState(n int) any {
	if r.Momentum == 0 {
		return nil
	}
	return newBuffers(1, n, 0)
}

// Update applies one SGD step.
func (r SGD) Update(p, g []float32, state any, step int, lr float64) {
	wd, mom, damp := float32(r.WeightDecay), float32(r.Momentum), float32(1-r.Dampening)
	nlr := float32(-lr)
	var buf []float32
	if mom != 0 {
		buf = buffers(state)[0]
	}
	for i := range p {
		d := g[i]
		if wd != 0 {
			d += wd * p[i]
		}
		if mom != 0 {
			if step == 1 {
				buf[i] = d
			} else {
				buf[i] = buf[i]*mom + damp*d
			}
			if r.Nesterov {
				d += mom * buf[i]
			} else {
				d = buf[i]
			}
		}
		p[i] += nlr * d
	}
}

// Validate reports a negative or non-finite hyperparameter as an
// *estimator.ParamError.
func (r SGD) Validate() error {
	var err error
	checkNonNeg(&err, "LR", r.LR)
	checkNonNeg(&err, "Momentum", r.Momentum)
	checkNonNeg(&err, "Dampening", r.Dampening)
	checkNonNeg(&err, "WeightDecay", r.WeightDecay)
	if err == nil && r.Nesterov && r.Momentum == 0 {
		err = &estimator.ParamError{Param: "Nesterov", Value: true, Reason: "needs Momentum > 0"}
	}
	return err
}

// Adam is the Adam optimiser (Kingma & Ba 2015) with optional L2 weight decay added
// to the gradient and the AMSGrad variant, exactly as torch.optim.Adam:
//
//	g = g + λ·p
//	m = β₁·m + (1 − β₁)·g;  v = β₂·v + (1 − β₂)·g²;  v̂ = max(v̂, v) (AMSGrad)
//	p = p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
type Adam struct {
	LR          float64 // learning rate; 0 means 1e-3
	Beta1       float64 // β₁; 0 means 0.9
	Beta2       float64 // β₂; 0 means 0.999
	Eps         float64 // ε; 0 means 1e-8
	WeightDecay float64 // λ, L2 penalty added to the gradient; 0 means none
	AMSGrad     bool    // use the running maximum of v
}

// BaseLR returns LR or its default 1e-3.
func (r Adam) BaseLR() float64 { return orDefault(r.LR, 1e-3) }

// NewState returns m, v (and v̂ with AMSGrad).
func (r Adam) NewState(n int) any {
	if r.AMSGrad {
		return newBuffers(3, n, 0)
	}
	return newBuffers(2, n, 0)
}

// Update applies one Adam step.
func (r Adam) Update(p, g []float32, state any, step int, lr float64) {
	adamUpdate(p, g, buffers(state), step, lr, r.Beta1, r.Beta2, r.Eps, r.WeightDecay, r.AMSGrad)
}

// Validate reports an invalid hyperparameter as an *estimator.ParamError.
func (r Adam) Validate() error {
	return validateAdam(r.LR, r.Beta1, r.Beta2, r.Eps, r.WeightDecay)
}

func validateAdam(lr, b1, b2, eps, wd float64) error {
	var err error
	checkNonNeg(&err, "LR", lr)
	checkUnit(&err, "Beta1", b1)
	checkUnit(&err, "Beta2", b2)
	checkNonNeg(&err, "Eps", eps)
	checkNonNeg(&err, "WeightDecay", wd)
	return err
}

func adamUpdate(p, g []float32, st [][]float32, step int, lr, beta1, beta2, eps, l2 float64, amsgrad bool) {
	beta1, beta2, eps = orDefault(beta1, 0.9), orDefault(beta2, 0.999), orDefault(eps, 1e-8)
	bc1 := 1 - math.Pow(beta1, float64(step))
	bc2 := 1 - math.Pow(beta2, float64(step))
	k := adamCoef{
		b1: float32(beta1), c1: float32(1 - beta1), b2: float32(beta2), c2: float32(1 - beta2),
		nStep: float32(-lr / bc1), bc2s: float32(math.Sqrt(bc2)), eps: float32(eps),
	}
	wd := float32(l2)
	m, v := st[0], st[1]
	from := 0
	if wd == 0 && !amsgrad {
		// The common case runs eight lanes at a time where the CPU allows
		// (adam_amd64.s); the arithmetic is the loop's below, operation for
		// operation, so the results are the same bits.
		from = adamVector(p, g, m, v, &k)
	}
	n := len(p)
	p, g, m, v = p[from:n], g[from:n], m[from:n], v[from:n]
	var vmax []float32
	if amsgrad {
		vmax = st[2][from:n]
	}
	for i := range p {
		gi := g[i]
		if wd != 0 {
			gi += float32(wd * p[i])
		}
		// The explicit float32 conversions round every product, so that no
		// compiler fuses a multiply-add (the vector path does not either).
		m[i] = float32(m[i]*k.b1) + float32(k.c1*gi)
		v[i] = float32(v[i]*k.b2) + float32(float32(k.c2*gi)*gi) // addcmul: self + value·t1·t2, left to right
		vi := v[i]
		if amsgrad {
			vi = max(vmax[i], vi)
			vmax[i] = vi
		}
		denom := float32(math.Sqrt(float64(vi)))/k.bc2s + k.eps
		p[i] += float32(k.nStep*m[i]) / denom // addcdiv: self + value·t1/t2, left to right
	}
}

// adamCoef holds the per-step constants of the Adam update in float32, in the
// order adam_amd64.s reads them.
type adamCoef struct {
	b1, c1, b2, c2 float32 // β₁, 1 − β₁, β₂, 1 − β₂
	nStep          float32 // −lr / (1 − β₁ᵗ)
	bc2s           float32 // √(1 − β₂ᵗ)
	eps            float32
	_              float32
}

// AdamW is Adam with decoupled weight decay (Loshchilov & Hutter 2019), exactly as
// torch.optim.AdamW: p = p·(1 − lr·λ), then the Adam step without an L2 term.
type AdamW struct {
	LR          float64 // learning rate; 0 means 1e-3
	Beta1       float64 // β₁; 0 means 0.9
	Beta2       float64 // β₂; 0 means 0.999
	Eps         float64 // ε; 0 means 1e-8
	WeightDecay float64 // λ, decoupled; 0 means PyTorch's 0.01 (use Adam for none)
	AMSGrad     bool    // use the running maximum of v
}

// BaseLR returns LR or its default 1e-3.
func (r AdamW) BaseLR() float64 { return orDefault(r.LR, 1e-3) }

// NewState returns m, v (and v̂ with AMSGrad).
func (r AdamW) NewState(n int) any { return Adam{AMSGrad: r.AMSGrad}.NewState(n) }

// Update applies one AdamW step.
func (r AdamW) Update(p, g []float32, state any, step int, lr float64) {
	decay := float32(1 - lr*orDefault(r.WeightDecay, 0.01))
	for i := range p {
		p[i] *= decay
	}
	adamUpdate(p, g, buffers(state), step, lr, r.Beta1, r.Beta2, r.Eps, 0, r.AMSGrad)
}

// Validate reports an invalid hyperparameter as an *estimator.ParamError.
func (r AdamW) Validate() error {
	return validateAdam(r.LR, r.Beta1, r.Beta2, r.Eps, r.WeightDecay)
}

// RMSProp divides the gradient by a running root mean square (Hinton's lecture 6e),
// exactly as torch.optim.RMSprop:
//
//	g = g + λ·p
//	s = α·s + (1 − α)·g²;  a = α·a + (1 − α)·g (Centered)
//	d = √(s − a²) (Centered) or √s, plus ε
//	b = μ·b + g/d, p = p − lr·b (with momentum), or p = p − lr·g/d
type RMSProp struct {
	LR          float64 // learning rate; 0 means 0.01
	Alpha       float64 // α, smoothing constant; 0 means 0.99
	Eps         float64 // ε; 0 means 1e-8
	WeightDecay float64 // λ, L2 penalty added to the gradient; 0 means none
	Momentum    float64 // μ; 0 means none
	Centered    bool    // normalise by an estimate of the variance instead of the second moment
}

// BaseLR returns LR or its default 0.01.
func (r RMSProp) BaseLR() float64 { return orDefault(r.LR, 0.01) }

// NewState returns s, then b (with momentum), then a (centered).
func (r RMSProp) NewState(n int) any {
	k := 1
	if r.Momentum > 0 {
		k++
	}
	if r.Centered {
		k++
	}
	return newBuffers(k, n, 0)
}

// Update applies one RMSProp step.
func (r RMSProp) Update(p, g []float32, state any, step int, lr float64) {
	st := buffers(state)
	alpha := orDefault(r.Alpha, 0.99)
	a, c := float32(alpha), float32(1-alpha)
	e, wd, mom, nlr := float32(orDefault(r.Eps, 1e-8)), float32(r.WeightDecay), float32(r.Momentum), float32(-lr)
	sq := st[0]
	var buf, avg []float32
	k := 1
	if mom > 0 {
		buf = st[k]
		k++
	}
	if r.Centered {
		avg = st[k]
	}
	for i := range p {
		gi := g[i]
		if wd != 0 {
			gi += wd * p[i]
		}
		sq[i] = sq[i]*a + c*gi*gi
		var d float32
		if r.Centered {
			avg[i] = avg[i]*a + c*gi
			d = float32(math.Sqrt(float64(sq[i] + -avg[i]*avg[i])))
		} else {
			d = float32(math.Sqrt(float64(sq[i])))
		}
		d += e
		if mom > 0 {
			buf[i] = buf[i]*mom + gi/d
			p[i] += nlr * buf[i]
		} else {
			p[i] += nlr * gi / d
		}
	}
}

// Validate reports an invalid hyperparameter as an *estimator.ParamError.
func (r RMSProp) Validate() error {
	var err error
	checkNonNeg(&err, "LR", r.LR)
	checkUnit(&err, "Alpha", r.Alpha)
	checkNonNeg(&err, "Eps", r.Eps)
	checkNonNeg(&err, "WeightDecay", r.WeightDecay)
	checkNonNeg(&err, "Momentum", r.Momentum)
	return err
}

// Adagrad scales each coordinate by the inverse root of its summed squared gradients
// (Duchi et al. 2011), exactly as torch.optim.Adagrad:
//
//	g = g + λ·p;  s = s + g²;  p = p − lr/(1 + (t − 1)·η) · g/(√s + ε)
type Adagrad struct {
	LR                 float64 // learning rate; 0 means 0.01
	LRDecay            float64 // η; 0 means none
	WeightDecay        float64 // λ, L2 penalty added to the gradient; 0 means none
	InitialAccumulator float64 // initial value of s; 0 means 0
	Eps                float64 // ε; 0 means 1e-10
}

// BaseLR returns LR or its default 0.01.
func (r Adagrad) BaseLR() float64 { return orDefault(r.LR, 0.01) }

// NewState returns s filled with InitialAccumulator.
func (r Adagrad) NewState(n int) any { return newBuffers(1, n, float32(r.InitialAccumulator)) }

// Update applies one Adagrad step.
func (r Adagrad) Update(p, g []float32, state any, step int, lr float64) {
	s := buffers(state)[0]
	nclr := float32(-lr / (1 + float64(step-1)*r.LRDecay))
	e, wd := float32(orDefault(r.Eps, 1e-10)), float32(r.WeightDecay)
	for i := range p {
		gi := g[i]
		if wd != 0 {
			gi += wd * p[i]
		}
		s[i] += gi * gi
		std := float32(math.Sqrt(float64(s[i]))) + e
		p[i] += nclr * gi / std
	}
}

// Validate reports an invalid hyperparameter as an *estimator.ParamError.
func (r Adagrad) Validate() error {
	var err error
	checkNonNeg(&err, "LR", r.LR)
	checkNonNeg(&err, "LRDecay", r.LRDecay)
	checkNonNeg(&err, "WeightDecay", r.WeightDecay)
	checkNonNeg(&err, "InitialAccumulator", r.InitialAccumulator)
	checkNonNeg(&err, "Eps", r.Eps)
	return err
}
