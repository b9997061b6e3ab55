package svm

import (
	"context"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// binaryProbability is libsvm's svm_binary_svc_probability: decision values of the
// rows idx from a shuffled 5-fold cross-validation, then Platt's sigmoid fitted to
// them. It returns the sigmoid's A and B.
func binaryProbability(ctx context.Context, d *trainData, idx []int, yy []int8, Cp, Cn float64, sp *svmParams, spec *kernelSpec, rng *rand.Rand) (float64, float64, error) {
	l := len(idx)
	const nFold = 5
	perm := make([]int, l)
	for i := range perm {
		perm[i] = i
	}
	for i := range l {
		j := i + rng.IntN(l-i)
		perm[i], perm[j] = perm[j], perm[i]
	}
	dec := make([]float64, l)
	sub := *sp
	sub.probability = false
	for f := range nFold {
		begin, end := f*l/nFold, (f+1)*l/nFold
		var tIdx []int
		var tY []int8
		pc, nc := 0, 0
		for k := range l {
			if k >= begin && k < end {
				continue
			}
			tIdx = append(tIdx, idx[perm[k]])
			tY = append(tY, yy[perm[k]])
			if yy[perm[k]] > 0 {
				pc++
			} else {
				nc++
			}
		}
		switch {
		case pc == 0 && nc == 0:
			for k := begin; k < end; k++ {
				dec[perm[k]] = 0
			}
			continue
		case nc == 0:
			for k := begin; k < end; k++ {
				dec[perm[k]] = 1
			}
			continue
		case pc == 0:
			for k := begin; k < end; k++ {
				dec[perm[k]] = -1
			}
			continue
		}
		coef, rho, _, _, err := solveOne(ctx, d, tIdx, tY, Cp, Cn, &sub, spec)
		if err != nil {
			return 0, 0, err
		}
		// libsvm's sub-model keeps its first label first; the training fold
		// starts with the +1 class unless it has none (handled above).
		for k := begin; k < end; k++ {
			r := idx[perm[k]]
			xr := d.x[r*d.p : (r+1)*d.p]
			s := 0.0
			for t, c := range coef {
				if c != 0 {
					s += c * spec.eval(xr, d.x[tIdx[t]*d.p:(tIdx[t]+1)*d.p])
				}
			}
			dec[perm[k]] = s - rho
		}
	}
	labels := make([]float64, l)
	for k := range l {
		labels[k] = float64(yy[k])
	}
	a, b := sigmoidTrain(dec, labels)
	return a, b, nil
}

// sigmoidTrain is Platt's method as improved by Lin, Lin & Weng (libsvm's
// sigmoid_train): Newton's method with backtracking on the regularised targets.
func sigmoidTrain(dec, labels []float64) (A, B float64) {
	var prior1, prior0 float64
	for _, v := range labels {
		if v > 0 {
			prior1++
		} else {
			prior0++
		}
	}
	const (
		maxIter = 100
		minStep = 1e-10
		sigma   = 1e-12
		eps     = 1e-5
	)
	hi := (prior1 + 1) / (prior1 + 2)
	lo := 1 / (prior0 + 2)
	t := make([]float64, len(dec))
	A, B = 0, math.Log((prior0+1)/(prior1+1))
	objective := func(a, b float64) float64 {
		f := 0.0
		for i, d := range dec {
			fApB := d*a + b
			if fApB >= 0 {
				f += t[i]*fApB + math.Log(1+math.Exp(-fApB))
			} else {
				f += (t[i]-1)*fApB + math.Log(1+math.Exp(fApB))
			}
		}
		return f
	}
	for i, v := range labels {
		if v > 0 {
			t[i] = hi
		} else {
			t[i] = lo
		}
	}
	fval := objective(A, B)
	for range maxIter {
		h11, h22, h21, g1, g2 := sigma, sigma, 0.0, 0.0, 0.0
		for i, d := range dec {
			fApB := d*A + B
			var p, q float64
			if fApB >= 0 {
				e := math.Exp(-fApB)
				p, q = e/(1+e), 1/(1+e)
			} else {
				e := math.Exp(fApB)
				p, q = 1/(1+e), e/(1+e)
			}
			d2 := p * q
			h11 += d * d * d2
			h22 += d2
			h21 += d * d2
			d1 := t[i] - p
			g1 += d * d1
			g2 += d1
		}
		if math.Abs(g1) < eps && math.Abs(g2) < eps {
			break
		}
		det := h11*h22 - h21*h21
		dA := -(h22*g1 - h21*g2) / det
		dB := -(-h21*g1 + h11*g2) / det
		gd := g1*dA + g2*dB
		step := 1.0
		for step >= minStep {
			nA, nB := A+step*dA, B+step*dB
			nf := objective(nA, nB)
			if nf < fval+0.0001*step*gd {
				A, B, fval = nA, nB, nf
				break
			}
			step /= 2
		}
		if step < minStep {
			break
		}
	}
	return A, B
}

func sigmoidPredict(dec, A, B float64) float64 {
	fApB := dec*A + B
	if fApB >= 0 {
		e := math.Exp(-fApB)
		return e / (1 + e)
	}
	return 1 / (1 + math.Exp(fApB))
}

// multiclassProbability is method 2 of Wu, Lin & Weng (2004), libsvm's
// multiclass_probability: p from the pairwise probabilities r.
func multiclassProbability(k int, r [][]float64, p []float64) {
	maxIter := max(100, k)
	Q := make([][]float64, k)
	Qp := make([]float64, k)
	eps := 0.005 / float64(k)
	for t := range k {
		p[t] = 1 / float64(k)
		Q[t] = make([]float64, k)
		for j := range t {
			Q[t][t] += r[j][t] * r[j][t]
			Q[t][j] = Q[j][t]
		}
		for j := t + 1; j < k; j++ {
			Q[t][t] += r[j][t] * r[j][t]
			Q[t][j] = -r[j][t] * r[t][j]
		}
	}
	for range maxIter {
		pQp := 0.0
		for t := range k {
			Qp[t] = 0
			for j := range k {
				Qp[t] += Q[t][j] * p[j]
			}
			pQp += p[t] * Qp[t]
		}
		maxErr := 0.0
		for t := range k {
			maxErr = max(maxErr, math.Abs(Qp[t]-pQp))
		}
		if maxErr < eps {
			break
		}
		for t := range k {
			diff := (-Qp[t] + pQp) / Q[t][t]
			p[t] += diff
			pQp = (pQp + diff*(diff*Q[t][t]+2*Qp[t])) / (1 + diff) / (1 + diff)
			for j := range k {
				Qp[j] = (Qp[j] + diff*Q[t][j]) / (1 + diff)
				p[j] /= 1 + diff
			}
		}
	}
}

// probabilities maps one-vs-one decision values to class probabilities as libsvm's
// svm_predict_probability does.
func (m *libsvmModel) probabilities(ovo *mat.Dense) *mat.Dense {
	n, _ := ovo.Dims()
	K := len(m.Classes)
	out := mat.NewDense(n, K, nil)
	const minProb = 1e-7
	r := make([][]float64, K)
	for i := range r {
		r[i] = make([]float64, K)
	}
	for row := range n {
		dec := ovo.RawRowView(row)
		q := 0
		for i := range K {
			for j := i + 1; j < K; j++ {
				v := min(max(sigmoidPredict(dec[q], m.ProbA[q], m.ProbB[q]), minProb), 1-minProb)
				r[i][j], r[j][i] = v, 1-v
				q++
			}
		}
		pr := out.RawRowView(row)
		if K == 2 {
			pr[0], pr[1] = r[0][1], r[1][0]
		} else {
			multiclassProbability(K, r, pr)
		}
	}
	return out
}
