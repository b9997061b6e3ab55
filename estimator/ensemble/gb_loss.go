package ensemble

import (
	"math"
	"slices"
	"sort"
)

// Losses of gradient boosting, scikit-learn 1.2.1's sklearn/ensemble/_gb_losses.py.
// Raw predictions are stored K values per row (row-major, K = 1 for regression and
// binary classification, the number of classes for multinomial log loss).

type gbLossKind int

const (
	gbSquared gbLossKind = iota
	gbAbsolute
	gbHuber
	gbQuantile
	gbBinomial
	gbMultinomial
	gbExponential
)

// gbEps32 is numpy.finfo(float32).eps, the clip scikit-learn applies to init
// probabilities.
const gbEps32 = 1.1920928955078125e-07

// gbLoss carries a loss and, for huber, the gamma of the latest gradient (NaN before
// the first), which scikit-learn's loss object keeps between calls.
type gbLoss struct {
	kind  gbLossKind
	alpha float64
	k     int // trees per stage
	gamma float64
}

func newGBLoss(kind gbLossKind, alpha float64, nClasses int) *gbLoss {
	k := 1
	if kind == gbMultinomial {
		k = nClasses
	}
	return &gbLoss{kind: kind, alpha: alpha, k: k, gamma: math.NaN()}
}

// gbWeightedPercentile is scikit-learn's utils.stats._weighted_percentile: the lower
// weighted percentile of a (weights w), found by a cumulative sum over a sorted copy.
// idx is scratch of len(a) (reused to avoid allocation).
func gbWeightedPercentile(a, w []float64, pct float64, idx []int) float64 {
	n := len(a)
	if n == 0 {
		return 0
	}
	idx = idx[:n]
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool { return a[idx[i]] < a[idx[j]] })
	total := 0.0
	for _, i := range idx {
		total += w[i]
	}
	adj := pct / 100 * total
	if adj == 0 {
		adj = math.Nextafter(adj, adj+1)
	}
	cdf := 0.0
	pos := n - 1
	for r, i := range idx {
		cdf += w[i]
		if cdf >= adj {
			pos = r
			break
		}
	}
	return a[idx[pos]]
}

// gbPercentile is numpy.percentile(a, q) with the default linear interpolation
// (numpy's _lerp, including its two-sided formula).
func gbPercentile(a []float64, q float64) float64 {
	s := slices.Clone(a)
	slices.Sort(s)
	n := len(s)
	if n == 1 {
		return s[0]
	}
	h := float64(n-1) * (q / 100)
	lo := math.Floor(h)
	i := int(lo)
	if i >= n-1 {
		return s[n-1]
	}
	t := h - lo
	x, y := s[i], s[i+1]
	d := y - x
	if t >= 0.5 {
		return y - d*(1-t)
	}
	return x + d*t
}

// gbExpit is the logistic function 1/(1+e^-x) (scipy.special.expit).
func gbExpit(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// gbLogAddExp0 is numpy.logaddexp(0, x) = log(1 + e^x).
func gbLogAddExp0(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// gbLogSumExp returns log Σ e^r.
func gbLogSumExp(r []float64) float64 {
	m := math.Inf(-1)
	for _, v := range r {
		m = max(m, v)
	}
	if math.IsInf(m, 0) {
		return m
	}
	s := 0.0
	for _, v := range r {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// value returns the weighted loss over rows (nil rows = all) of y against raw
// (n×K), scikit-learn's loss(y, raw, sample_weight) with the weights always given.
// mask selects rows when non-nil (rows with mask[i] == want).
func (l *gbLoss) value(y, raw, w []float64, mask []bool, want bool) float64 {
	n := len(y)
	sumW, s := 0.0, 0.0
	var absd []float64
	var wsel []float64
	gamma := l.gamma
	if l.kind == gbHuber && math.IsNaN(gamma) {
		for i := 0; i < n; i++ {
			if mask != nil && mask[i] != want {
				continue
			}
			absd = append(absd, math.Abs(y[i]-raw[i]))
			wsel = append(wsel, w[i])
		}
		gamma = gbWeightedPercentile(absd, wsel, l.alpha*100, make([]int, len(absd)))
	}
	K := l.k
	for i := 0; i < n; i++ {
		if mask != nil && mask[i] != want {
			continue
		}
		wi := w[i]
		sumW += wi
		switch l.kind {
		case gbSquared:
			d := y[i] - raw[i]
			s += wi * d * d
		case gbAbsolute:
			s += wi * math.Abs(y[i]-raw[i])
		case gbHuber:
			d := math.Abs(y[i] - raw[i])
			if d <= gamma {
				s += 0.5 * wi * d * d
			} else {
				s += gamma * wi * (d - gamma/2)
			}
		case gbQuantile:
			d := y[i] - raw[i]
			if y[i] > raw[i] {
				s += l.alpha * wi * d
			} else {
				s -= (1 - l.alpha) * wi * d
			}
		case gbBinomial:
			r := raw[i]
			s += wi * (y[i]*r - gbLogAddExp0(r))
		case gbExponential:
			s += wi * math.Exp(-(2*y[i]-1)*raw[i])
		case gbMultinomial:
			r := raw[i*K : (i+1)*K]
			s += wi * (-r[int(y[i])] + gbLogSumExp(r))
		}
	}
	if sumW == 0 {
		return math.NaN()
	}
	if l.kind == gbBinomial {
		return -2 / sumW * s
	}
	return s / sumW
}

// gradient writes the negative gradient for tree k of a stage into res. For
// multinomial loss y is the class code and the target of tree k is 1{y == k}.
// scratch holds len(y) ints and floats for the huber percentile.
func (l *gbLoss) gradient(y, raw, w []float64, k int, res []float64, scratch *gbScratch) {
	n := len(y)
	K := l.k
	switch l.kind {
	case gbSquared:
		for i := range res {
			res[i] = y[i] - raw[i]
		}
	case gbAbsolute:
		for i := range res {
			if y[i]-raw[i] > 0 {
				res[i] = 1
			} else {
				res[i] = -1
			}
		}
	case gbHuber:
		a := scratch.floats(n)
		for i := range a {
			a[i] = math.Abs(y[i] - raw[i])
		}
		gamma := gbWeightedPercentile(a, w, l.alpha*100, scratch.ints(n))
		for i := range res {
			d := y[i] - raw[i]
			switch {
			case math.Abs(d) <= gamma:
				res[i] = d
			case d > 0:
				res[i] = gamma
			case d < 0:
				res[i] = -gamma
			default:
				res[i] = 0
			}
		}
		l.gamma = gamma
	case gbQuantile:
		for i := range res {
			if y[i] > raw[i] {
				res[i] = l.alpha
			} else {
				res[i] = -(1 - l.alpha)
			}
		}
	case gbBinomial:
		for i := range res {
			res[i] = y[i] - gbExpit(raw[i])
		}
	case gbExponential:
		for i := range res {
			yy := 2*y[i] - 1
			res[i] = yy * math.Exp(-yy*raw[i])
		}
	case gbMultinomial:
		for i := range res {
			r := raw[i*K : (i+1)*K]
			p := math.Exp(r[k] - gbLogSumExp(r))
			if math.IsNaN(p) {
				p = 0
			}
			t := 0.0
			if int(y[i]) == k {
				t = 1
			}
			res[i] = t - p
		}
	}
}

// gbScratch is reusable per-fit scratch memory.
type gbScratch struct {
	f []float64
	i []int
}

func (s *gbScratch) floats(n int) []float64 {
	if cap(s.f) < n {
		s.f = make([]float64, n)
	}
	return s.f[:n]
}

func (s *gbScratch) ints(n int) []int {
	if cap(s.i) < n {
		s.i = make([]int, n)
	}
	return s.i[:n]
}

// needsLeafUpdate reports whether the loss re-estimates leaf values after growth
// (every loss but squared error, whose tree means are already the update).
func (l *gbLoss) needsLeafUpdate() bool { return l.kind != gbSquared }

// leafValue computes the terminal-region value of one leaf from its in-bag rows
// (scikit-learn's _update_terminal_region). rows are row indices; yk is the target
// (the 0/1 indicator for multinomial), res the residual, raw the raw predictions of
// this tree's column (n values, the stage's start), w the weights.
func (l *gbLoss) leafValue(rows []int32, yk, res, rawk, w []float64, scratch *gbScratch) float64 {
	switch l.kind {
	case gbAbsolute, gbHuber, gbQuantile:
		if len(rows) == 0 {
			return 0
		}
		m := len(rows)
		diff := scratch.floats(2 * m)
		d, ww := diff[:m], diff[m:]
		for j, i := range rows {
			d[j] = yk[i] - rawk[i]
			ww[j] = w[i]
		}
		idx := scratch.ints(m)
		switch l.kind {
		case gbAbsolute:
			return gbWeightedPercentile(d, ww, 50, idx)
		case gbQuantile:
			return gbWeightedPercentile(d, ww, l.alpha*100, idx)
		}
		med := gbWeightedPercentile(d, ww, 50, idx)
		s := 0.0
		for _, v := range d {
			dm := v - med
			c := min(math.Abs(dm), l.gamma)
			switch {
			case dm > 0:
				s += c
			case dm < 0:
				s -= c
			}
		}
		return med + s/float64(m)
	case gbBinomial, gbMultinomial:
		num, den := 0.0, 0.0
		for _, i := range rows {
			num += w[i] * res[i]
			den += w[i] * (yk[i] - res[i]) * (1 - yk[i] + res[i])
		}
		if l.kind == gbMultinomial {
			num *= float64(l.k-1) / float64(l.k)
		}
		if math.Abs(den) < 1e-150 {
			return 0
		}
		return num / den
	case gbExponential:
		num, den := 0.0, 0.0
		for _, i := range rows {
			yy := 2*yk[i] - 1
			e := w[i] * math.Exp(-yy*rawk[i])
			num += yy * e
			den += e
		}
		if math.Abs(den) < 1e-150 {
			return 0
		}
		return num / den
	}
	return 0
}

// gbSum is numpy's pairwise summation of a (np.sum, np.mean), so sums agree with
// scikit-learn's to the last bit on the sizes the goldens use.
func gbSum(a []float64) float64 {
	const block = 128
	n := len(a)
	if n < 8 {
		s := 0.0
		for _, v := range a {
			s += v
		}
		return s
	}
	if n <= block {
		var r [8]float64
		copy(r[:], a[:8])
		i := 8
		for ; i < n-(n%8); i += 8 {
			for j := 0; j < 8; j++ {
				r[j] += a[i+j]
			}
		}
		s := (r[0] + r[1]) + (r[2] + r[3]) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			s += a[i]
		}
		return s
	}
	m := n / 2
	m -= m % 8
	return gbSum(a[:m]) + gbSum(a[m:])
}
