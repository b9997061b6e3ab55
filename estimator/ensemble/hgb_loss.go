package ensemble

import (
	"math"
	"slices"
)

// hgbLoss is one of scikit-learn's _loss losses as histogram gradient boosting uses
// it: K raw-prediction columns (K = 1 except for multiclass log-loss), gradients and
// hessians per column stored as float32 (scikit-learn's G_H_DTYPE), the constant
// baseline (fit_intercept_only) and the mean loss for early stopping.
type hgbLoss struct {
	name     string  // squared_error, absolute_error, quantile, poisson, log_loss
	quantile float64 // quantile loss only
	k        int     // number of raw columns
}

// constHessian reports whether every hessian is 1, so histograms can count rows
// instead of summing hessians (scikit-learn's constant_hessian; weights break it).
func (l *hgbLoss) constHessian(weighted bool) bool {
	switch l.name {
	case "squared_error", "absolute_error", "quantile":
		return !weighted
	}
	return false
}

// needLeafUpdate reports whether leaf values are replaced by a quantile of the
// residuals (absolute_error, quantile).
func (l *hgbLoss) needLeafUpdate() bool {
	return l.name == "absolute_error" || l.name == "quantile"
}

// leafQuantile is the quantile leaf values are set to after growing a tree.
func (l *hgbLoss) leafQuantile() float64 {
	if l.name == "quantile" {
		return l.quantile
	}
	return 0.5
}

// gradHess fills g[k][i] and h[k][i] (h nil when hessians are constant).
func (l *hgbLoss) gradHess(y []float64, raw [][]float64, w []float64, g, h [][]float32) {
	n := len(y)
	wt := func(i int) float64 {
		if w == nil {
			return 1
		}
		return w[i]
	}
	switch l.name {
	case "squared_error":
		r, gg := raw[0], g[0]
		for i := 0; i < n; i++ {
			gg[i] = float32(wt(i) * (r[i] - y[i]))
		}
		if h != nil {
			for i := 0; i < n; i++ {
				h[0][i] = float32(wt(i))
			}
		}
	case "absolute_error":
		r, gg := raw[0], g[0]
		for i := 0; i < n; i++ {
			v := -1.0
			if r[i] > y[i] {
				v = 1
			}
			gg[i] = float32(wt(i) * v)
		}
		if h != nil {
			for i := 0; i < n; i++ {
				h[0][i] = float32(wt(i))
			}
		}
	case "quantile":
		r, gg, q := raw[0], g[0], l.quantile
		for i := 0; i < n; i++ {
			v := 1 - q
			if y[i] >= r[i] {
				v = -q
			}
			gg[i] = float32(wt(i) * v)
		}
		if h != nil {
			for i := 0; i < n; i++ {
				h[0][i] = float32(wt(i))
			}
		}
	case "poisson":
		r := raw[0]
		for i := 0; i < n; i++ {
			e := math.Exp(r[i])
			g[0][i] = float32(wt(i) * (e - y[i]))
			h[0][i] = float32(wt(i) * e)
		}
	case "log_loss":
		if l.k == 1 {
			r := raw[0]
			for i := 0; i < n; i++ {
				var gv, hv float64
				if r[i] > -37 {
					e := math.Exp(-r[i])
					gv = ((1 - y[i]) - y[i]*e) / (1 + e)
					hv = e / ((1 + e) * (1 + e))
				} else {
					e := math.Exp(r[i])
					gv, hv = e-y[i], e
				}
				g[0][i] = float32(wt(i) * gv)
				h[0][i] = float32(wt(i) * hv)
			}
			return
		}
		p := make([]float64, l.k)
		for i := 0; i < n; i++ {
			hgbSoftmax(raw, i, p)
			for k := range p {
				t := 0.0
				if int(y[i]) == k {
					t = 1
				}
				g[k][i] = float32(wt(i) * (p[k] - t))
				h[k][i] = float32(wt(i) * p[k] * (1 - p[k]))
			}
		}
	}
}

// hgbSoftmax writes the softmax of row i of the raw columns into p.
func hgbSoftmax(raw [][]float64, i int, p []float64) {
	mx := math.Inf(-1)
	for k := range p {
		mx = max(mx, raw[k][i])
	}
	s := 0.0
	for k := range p {
		p[k] = math.Exp(raw[k][i] - mx)
		s += p[k]
	}
	for k := range p {
		p[k] /= s
	}
}

// baseline returns scikit-learn's fit_intercept_only: the constant raw prediction
// minimizing the loss.
func (l *hgbLoss) baseline(y, w []float64) []float64 {
	switch l.name {
	case "absolute_error", "quantile":
		return []float64{hgbPercentile(y, w, l.leafQuantile())}
	case "poisson":
		m := hgbAverage(y, w)
		return []float64{math.Log(max(m, 10*hgbEps))}
	case "log_loss":
		if l.k == 1 {
			m := min(max(hgbAverage(y, w), 10*hgbEps), 1-10*hgbEps)
			return []float64{math.Log(m / (1 - m))}
		}
		out := make([]float64, l.k)
		tot := 0.0
		for i, v := range y {
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			out[int(v)] += wi
			tot += wi
		}
		mean := 0.0
		for k := range out {
			out[k] = math.Log(min(max(out[k]/tot, hgbEps), 1-hgbEps))
			mean += out[k]
		}
		mean /= float64(l.k)
		for k := range out {
			out[k] -= mean
		}
		return out
	}
	return []float64{hgbAverage(y, w)}
}

const hgbEps = 2.220446049250313e-16

// hgbAverage is numpy's average(y, weights=w).
func hgbAverage(y, w []float64) float64 {
	if w == nil {
		s := 0.0
		for _, v := range y {
			s += v
		}
		return s / float64(len(y))
	}
	s, sw := 0.0, 0.0
	for i, v := range y {
		s += v * w[i]
		sw += w[i]
	}
	return s / sw
}

// hgbPercentile is numpy's percentile(y, 100q) (linear interpolation; for q = 0.5
// numpy's median) without weights, and scikit-learn's _weighted_percentile with
// weights. It sorts a copy of y.
func hgbPercentile(y, w []float64, q float64) float64 {
	n := len(y)
	if n == 0 {
		return 0
	}
	if w == nil {
		s := slices.Clone(y)
		slices.Sort(s)
		if q == 0.5 { // numpy.median: mean of the two middle values
			if n%2 == 1 {
				return s[n/2]
			}
			return (s[n/2-1] + s[n/2]) / 2
		}
		v := float64(n-1) * q
		lo := int(math.Floor(v))
		if lo >= n-1 {
			return s[n-1]
		}
		t := v - float64(lo)
		a, b := s[lo], s[lo+1]
		if t >= 0.5 {
			return b - (b-a)*(1-t)
		}
		return a + (b-a)*t
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case y[a] < y[b]:
			return -1
		case y[a] > y[b]:
			return 1
		}
		return 0
	})
	cdf := make([]float64, n)
	s := 0.0
	for i, j := range idx {
		s += w[j]
		cdf[i] = s
	}
	adj := q * cdf[n-1]
	if adj == 0 {
		adj = math.Nextafter(adj, 1)
	}
	k, _ := slices.BinarySearch(cdf, adj)
	k = min(k, n-1)
	return y[idx[k]]
}

// meanLoss returns the (weighted) mean loss of raw predictions, as scikit-learn's
// BaseLoss.__call__.
func (l *hgbLoss) meanLoss(y []float64, raw [][]float64, w []float64) float64 {
	n := len(y)
	s, sw := 0.0, 0.0
	var p []float64
	if l.k > 1 {
		p = make([]float64, l.k)
	}
	for i := 0; i < n; i++ {
		var v float64
		r := raw[0][i]
		switch l.name {
		case "squared_error":
			d := y[i] - r
			v = 0.5 * d * d
		case "absolute_error":
			v = math.Abs(y[i] - r)
		case "quantile":
			if y[i] >= r {
				v = l.quantile * (y[i] - r)
			} else {
				v = (1 - l.quantile) * (r - y[i])
			}
		case "poisson":
			v = math.Exp(r) - y[i]*r
		case "log_loss":
			if l.k == 1 {
				v = hgbLog1pExp(r) - y[i]*r
			} else {
				mx := math.Inf(-1)
				for k := range p {
					mx = max(mx, raw[k][i])
				}
				se := 0.0
				for k := range p {
					se += math.Exp(raw[k][i] - mx)
				}
				v = math.Log(se) + mx - raw[int(y[i])][i]
			}
		}
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		s += wi * v
		sw += wi
	}
	return s / sw
}

// hgbLog1pExp is log(1 + exp(x)) computed as scikit-learn's log1pexp.
func hgbLog1pExp(x float64) float64 {
	switch {
	case x <= -37:
		return math.Exp(x)
	case x <= -2:
		return math.Log1p(math.Exp(x))
	case x <= 18:
		return math.Log(1 + math.Exp(x))
	case x <= 33.3:
		return x + math.Exp(-x)
	}
	return x
}
