package linear

// SAGA for Logistic (Solver "saga"): scikit-learn 1.2.1's sag_solver with
// is_saga=True (sklearn/linear_model/_sag.py, _sag_fast.pyx) on dense data. With n
// rows, sample weights sᵢ, the problem is
//
//	minimise  1/n·Σᵢ sᵢ·ℓ(xᵢ·W + b, yᵢ) + α/2·‖W‖² + β·‖W‖₁,   α = (1−r)/(n·C), β = r/(n·C)
//
// (r the L1 ratio: 1 for l1, 0 for l2), which is Logistic's objective divided by n·C.
// Each step draws a row i uniformly (with replacement), computes its loss gradient
// gᵢ, shrinks W by (1 − η·α), applies the SAGA correction −η·(1 − 1/m)·(gᵢ − ḡᵢ)·xᵢ
// (ḡᵢ the gradient remembered for row i, m the number of distinct rows seen), adds
// gᵢ − ḡᵢ to the running gradient sum S, then takes the averaged step −η/m·S
// followed by the L1 proximal step (soft thresholding at η·β). scikit-learn defers
// that last step to when each feature is next read ("just in time"); on dense data
// every feature is read at the next step, so taking it at once is the same
// computation. The intercepts follow scikit-learn's update and are not penalised.
// The step is η = 1/(2L + min(2nα, L)) with L = ¼·(max‖xᵢ‖² + 1 with an intercept) + α.
// An epoch is n steps; the run stops when the largest change of a coefficient over an
// epoch is at most Tol times the largest coefficient, or after MaxIter epochs.

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/skgo/skgo/estimator"
)

type sagaProblem struct {
	x         []float64
	stride    int
	n, p      int
	k         int       // 1: binary with yb = ±1; ≥ 2: multinomial with class codes y
	yb        []float64 // ±1
	y         []int
	sw        []float64
	alpha     float64 // L2, scaled by 1/n
	beta      float64 // L1, scaled by 1/n
	intercept bool
	tol       float64
	maxIter   int
}

type sagaResult struct {
	coef      []float64 // k×p, row-major
	intercept []float64 // k
	nIter     int
	converged bool
}

// solve runs SAGA from zero coefficients with rows drawn from rng.
func (pr *sagaProblem) solve(ctx context.Context, rng *rand.Rand) (*sagaResult, error) {
	n, p, k := pr.n, pr.p, pr.k
	maxSq := 0.0
	for i := 0; i < n; i++ {
		s := 0.0
		for _, v := range pr.x[i*pr.stride : i*pr.stride+p] {
			s += v * v
		}
		maxSq = math.Max(maxSq, s)
	}
	fi := 0.0
	if pr.intercept {
		fi = 1
	}
	L := 0.25*(maxSq+fi) + pr.alpha
	mun := math.Min(2*float64(n)*pr.alpha, L)
	step := 1 / (2*L + mun)
	shrink := 1 - step*pr.alpha
	if !(shrink > 0) {
		return nil, fmt.Errorf("saga: step size times the L2 penalty is %v, not below 1: %w", step*pr.alpha, estimator.ErrConvergence)
	}
	// W is stored feature-major (p×k), as scikit-learn does, so a row's update is
	// one contiguous pass.
	w := make([]float64, p*k)
	b := make([]float64, k)
	sumGrad := make([]float64, p*k)
	interceptSum := make([]float64, k)
	mem := make([]float64, n*k)
	seen := make([]bool, n)
	prev := make([]float64, p*k)
	pred := make([]float64, k)
	grad := make([]float64, k)
	diff := make([]float64, k)
	numSeen := 0
	thr := step * pr.beta
	for epoch := 0; epoch < pr.maxIter; epoch++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for range n {
			i := rng.IntN(n)
			if !seen[i] {
				seen[i] = true
				numSeen++
			}
			x := pr.x[i*pr.stride : i*pr.stride+p]
			// Prediction and loss gradient.
			for c := range pred {
				pred[c] = b[c]
			}
			for j, v := range x {
				wj := w[j*k : (j+1)*k]
				for c := range pred {
					pred[c] += v * wj[c]
				}
			}
			si := pr.sw[i]
			if k == 1 {
				grad[0] = sgdLogDloss(pred[0], pr.yb[i]) * si
			} else {
				m := pred[0]
				for _, v := range pred {
					m = math.Max(m, v)
				}
				sum := 0.0
				for c, v := range pred {
					e := math.Exp(v - m)
					grad[c] = e
					sum += e
				}
				for c := range grad {
					grad[c] = si * grad[c] / sum
				}
				grad[pr.y[i]] -= si
			}
			g0 := mem[i*k : (i+1)*k]
			for c := range diff {
				diff[c] = grad[c] - g0[c]
			}
			corr := step * (1 - 1/float64(numSeen))
			avg := step / float64(numSeen)
			for j, v := range x {
				wj := w[j*k : (j+1)*k]
				sg := sumGrad[j*k : (j+1)*k]
				for c := range wj {
					gc := v * diff[c]
					sg[c] += gc
					// shrink, SAGA correction, averaged step, prox.
					u := wj[c]*shrink - gc*corr - avg*sg[c]
					if thr > 0 {
						switch {
						case u > thr:
							u -= thr
						case u < -thr:
							u += thr
						default:
							u = 0
						}
					}
					wj[c] = u
				}
			}
			if pr.intercept {
				for c := range b {
					interceptSum[c] += diff[c]
					b[c] -= step*interceptSum[c]/float64(numSeen) + diff[c]*corr
					if !sgdFinite(b[c]) {
						return nil, fmt.Errorf("saga: floating-point overflow at epoch %d; scale the features: %w", epoch+1, estimator.ErrConvergence)
					}
				}
			}
			copy(g0, grad)
		}
		maxChange, maxWeight := 0.0, 0.0
		for j, v := range w {
			if !sgdFinite(v) {
				return nil, fmt.Errorf("saga: floating-point overflow at epoch %d; scale the features: %w", epoch+1, estimator.ErrConvergence)
			}
			maxWeight = math.Max(maxWeight, math.Abs(v))
			maxChange = math.Max(maxChange, math.Abs(v-prev[j]))
			prev[j] = v
		}
		if (maxWeight != 0 && maxChange/maxWeight <= pr.tol) || (maxWeight == 0 && maxChange == 0) {
			return pr.result(w, b, epoch+1, true), nil
		}
	}
	return pr.result(w, b, pr.maxIter, false), nil
}

// result transposes W to k×p rows.
func (pr *sagaProblem) result(w, b []float64, nIter int, converged bool) *sagaResult {
	p, k := pr.p, pr.k
	coef := make([]float64, k*p)
	for j := 0; j < p; j++ {
		for c := 0; c < k; c++ {
			coef[c*p+j] = w[j*k+c]
		}
	}
	icpt := make([]float64, k)
	if pr.intercept {
		copy(icpt, b)
	}
	return &sagaResult{coef: coef, intercept: icpt, nIter: nIter, converged: converged}
}

// sgdLogDloss is the derivative of log(1 + exp(−y·p)) in p (scikit-learn's Log.dloss).
func sgdLogDloss(p, y float64) float64 {
	z := p * y
	if z > 18 {
		return math.Exp(-z) * -y
	}
	if z < -18 {
		return -y
	}
	return -y / (math.Exp(z) + 1)
}
