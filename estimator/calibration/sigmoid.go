package calibration

import (
	"fmt"
	"math"

	"github.com/skgo/skgo/estimator"
)

// sigmoidMaxIter bounds the Newton iterations of fitSigmoid. On this smooth convex
// two-parameter problem Newton's method converges quadratically: a few dozen
// iterations from Platt's starting point reach machine precision.
const sigmoidMaxIter = 200

// fitSigmoid is scikit-learn's _sigmoid_calibration: Platt's sigmoid
// P(y=1 | f) = 1 / (1 + exp(A·f + B)) fitted to the scores f by minimising the
// (weighted) cross-entropy against Platt's smoothed targets
//
//	t₊ = (N₊ + 1) / (N₊ + 2) for positives,   t₋ = 1 / (N₋ + 2) for negatives,
//
// where N₊ and N₋ are the (weighted) counts of positive (y > 0) and other rows,
// starting, as scikit-learn does, from A = 0, B = log((N₋ + 1) / (N₊ + 1)).
// scikit-learn minimises with scipy's fmin_bfgs (stopping when the largest gradient
// component of the summed loss is below 1e-5); this minimises the same objective
// with damped Newton steps (exact 2×2 Hessian, pseudo-inverse when it is singular,
// backtracking line search) until the gradient is at rounding level, so both reach
// the same optimum and differ only by fmin_bfgs's stopping tolerance. Scores outside
// [2⁻⁶⁴, 2⁶⁴] in magnitude are rescaled by a power of two (exact) while solving.
func fitSigmoid(f, y, w []float64) (a, b float64, err error) {
	n := len(f)
	var prior0, prior1 float64
	for i := range n {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if y[i] <= 0 {
			prior0 += wi
		} else {
			prior1 += wi
		}
	}
	if w == nil { // scikit-learn: prior1 = n - prior0
		prior1 = float64(n) - prior0
	}
	tPos := (prior1 + 1) / (prior1 + 2)
	tNeg := 1 / (prior0 + 2)
	target := make([]float64, n)
	for i := range n {
		if y[i] > 0 {
			target[i] = tPos
		} else {
			target[i] = tNeg
		}
	}
	// Power-of-two rescaling of extreme scores: A·f is unchanged when A absorbs it.
	scale := 1.0
	maxAbs := 0.0
	for _, v := range f {
		maxAbs = max(maxAbs, math.Abs(v))
	}
	if maxAbs > 0x1p64 || (maxAbs > 0 && maxAbs < 0x1p-64) {
		_, e := math.Frexp(maxAbs)
		scale = math.Ldexp(1, -e)
	}
	fs := f
	if scale != 1 {
		fs = make([]float64, n)
		for i, v := range f {
			fs[i] = v * scale
		}
	}
	weight := func(i int) float64 {
		if w == nil {
			return 1
		}
		return w[i]
	}
	// loss, gradient and Hessian of Σ wᵢ [tᵢ·softplus(zᵢ) + (1−tᵢ)·softplus(−zᵢ)],
	// zᵢ = A·fᵢ + B, which is scikit-learn's −Σ wᵢ [tᵢ log Pᵢ + (1−tᵢ) log(1−Pᵢ)].
	eval := func(A, B float64, grad bool) (loss, gA, gB, hAA, hAB, hBB float64) {
		for i, v := range fs {
			z := A*v + B
			wi := weight(i)
			loss += wi * (target[i]*softplus(z) + (1-target[i])*softplus(-z))
			if grad {
				p := expit(-z) // P(y = 1)
				r := wi * (target[i] - p)
				gA += r * v
				gB += r
				h := wi * p * (1 - p)
				hAA += h * v * v
				hAB += h * v
				hBB += h
			}
		}
		return
	}
	A, B := 0.0, math.Log((prior0+1)/(prior1+1))
	total := 0.0
	for i := range n {
		total += weight(i)
	}
	gtol := 1e-13 * max(total, 1)
	for range sigmoidMaxIter {
		loss, gA, gB, hAA, hAB, hBB := eval(A, B, true)
		if math.IsNaN(loss) || math.IsInf(loss, 0) || math.IsNaN(gA) || math.IsNaN(gB) || math.IsInf(hAA, 0) {
			return 0, 0, fmt.Errorf("sigmoid calibration: the loss is not finite (scores too extreme): %w", estimator.ErrInvalidData)
		}
		if max(math.Abs(gA), math.Abs(gB)) <= gtol {
			break
		}
		dA, dB := newtonStep(gA, gB, hAA, hAB, hBB)
		if dA == 0 && dB == 0 {
			break
		}
		step := 1.0
		improved := false
		for range 60 {
			nA, nB := A+step*dA, B+step*dB
			nl, ngA, ngB, _, _, _ := eval(nA, nB, true)
			// Near the optimum the loss is flat to rounding: then a full Newton step
			// that shrinks the gradient is taken even if the loss did not drop.
			flat := step == 1 && nl <= loss+4*epsilon*math.Abs(loss) &&
				max(math.Abs(ngA), math.Abs(ngB)) < max(math.Abs(gA), math.Abs(gB))
			if nl < loss || flat {
				A, B = nA, nB
				improved = true
				break
			}
			step /= 2
		}
		if !improved {
			break // no descent left at rounding level: this is the optimum
		}
	}
	a = A * scale
	if math.IsNaN(a) || math.IsInf(a, 0) || math.IsNaN(B) || math.IsInf(B, 0) {
		return 0, 0, fmt.Errorf("sigmoid calibration: parameters are not finite: %w", estimator.ErrConvergence)
	}
	return a, B, nil
}

// newtonStep returns −H⁺g for the symmetric 2×2 H = [[a, b], [b, c]] (the
// pseudo-inverse when H is singular, as it is for constant scores).
func newtonStep(gA, gB, a, b, c float64) (float64, float64) {
	// Eigen-decomposition of a symmetric 2×2 matrix.
	tr := a + c
	d := math.Hypot((a-c)/2, b)
	l1, l2 := tr/2+d, tr/2-d
	// Eigenvectors.
	var v1x, v1y float64
	if b != 0 {
		v1x, v1y = l1-c, b
	} else if a >= c {
		v1x, v1y = 1, 0
	} else {
		v1x, v1y = 0, 1
	}
	nrm := math.Hypot(v1x, v1y)
	if nrm == 0 {
		return 0, 0
	}
	v1x, v1y = v1x/nrm, v1y/nrm
	v2x, v2y := -v1y, v1x
	cut := 1e-14 * math.Abs(l1)
	var sx, sy float64
	if l1 > cut {
		p := (v1x*gA + v1y*gB) / l1
		sx += p * v1x
		sy += p * v1y
	}
	if l2 > cut {
		p := (v2x*gA + v2y*gB) / l2
		sx += p * v2x
		sy += p * v2y
	}
	return -sx, -sy
}

const epsilon = 0x1p-52

// softplus returns log(1 + eˣ) without overflow.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// expit is scipy.special.expit: 1 / (1 + e⁻ˣ).
func expit(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
