package calibration

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/skgo/skgo/estimator"
)

// Strategies of CalibrationCurve.
const (
	// StrategyUniform makes bins of equal width in [0, 1] (the default; "" also
	// means it).
	StrategyUniform = "uniform"
	// StrategyQuantile makes bins holding about the same number of samples: the
	// edges are the quantiles of yProb.
	StrategyQuantile = "quantile"
)

// MaxBins bounds the nBins argument of CalibrationCurve.
const MaxBins = 1 << 20

// CalibrationCurve returns the fraction of positives and the mean predicted
// probability in each non-empty bin of yProb, bins in ascending order
// (scikit-learn: calibration.calibration_curve, 1.2.1). yTrue holds binary labels,
// {0, 1} or {-1, 1} (or one of those values only); the positive class is 1. nBins is
// the number of bins, 0 meaning scikit-learn's default 5. With StrategyUniform ("" or
// "uniform") the edges are i/nBins; with StrategyQuantile they are numpy's
// percentiles of yProb at 100·i/nBins (linear interpolation). A probability p falls
// in bin b when exactly b of the inner edges are < p (numpy's searchsorted), so a
// value equal to an inner edge belongs to the lower bin. Empty bins are dropped, so
// the slices may be shorter than nBins.
//
// It returns an error wrapping estimator.ErrShape when the lengths differ or are
// zero, estimator.ErrInvalidData for NaN labels or probabilities, probabilities
// outside [0, 1], or labels that are not binary as above, and estimator.ErrInvalidParam
// for a negative or too large nBins or an unknown strategy.
//
// CalibrationCurve lives here, beside the calibrators, as scikit-learn's lives in
// sklearn.calibration; it is a plotting helper rather than a score, so metrics has
// no scorer for it.
func CalibrationCurve(yTrue, yProb []float64, nBins int, strategy string) (probTrue, probPred []float64, err error) {
	const fn = "calibration.CalibrationCurve"
	if nBins < 0 || nBins > MaxBins {
		return nil, nil, fmt.Errorf("%s: %w", fn, &estimator.ParamError{Param: "nBins", Value: nBins, Reason: fmt.Sprintf("must be in [1, %d], or 0 for 5", MaxBins)})
	}
	if nBins == 0 {
		nBins = 5
	}
	switch strategy {
	case "", StrategyUniform, StrategyQuantile:
	default:
		return nil, nil, fmt.Errorf("%s: %w", fn, &estimator.ParamError{Param: "strategy", Value: strategy, Reason: `must be "uniform" or "quantile"`})
	}
	n := len(yTrue)
	if len(yProb) != n {
		return nil, nil, fmt.Errorf("%s: yTrue has %d values, yProb %d: %w", fn, n, len(yProb), estimator.ErrShape)
	}
	if n == 0 {
		return nil, nil, fmt.Errorf("%s: no samples: %w", fn, estimator.ErrShape)
	}
	hasZero, hasMinus := false, false
	for i, v := range yTrue {
		switch v {
		case 0:
			hasZero = true
		case -1:
			hasMinus = true
		case 1:
		default:
			return nil, nil, fmt.Errorf("%s: yTrue[%d] is %v; labels must be {0, 1} or {-1, 1} with 1 the positive class: %w", fn, i, v, estimator.ErrInvalidData)
		}
	}
	if hasZero && hasMinus {
		return nil, nil, fmt.Errorf("%s: yTrue holds 0, -1 and maybe 1; only binary labels are supported: %w", fn, estimator.ErrInvalidData)
	}
	for i, p := range yProb {
		if math.IsNaN(p) || p < 0 || p > 1 {
			return nil, nil, fmt.Errorf("%s: yProb[%d] is %v, outside [0, 1]: %w", fn, i, p, estimator.ErrInvalidData)
		}
	}
	var bins []float64
	if strategy == StrategyQuantile {
		sorted := slices.Clone(yProb)
		slices.Sort(sorted)
		bins = make([]float64, nBins+1)
		for i := range bins {
			q := linspace01(i, nBins) * 100 / 100 // np.percentile(y, q·100) divides by 100 again
			bins[i] = quantileLinear(sorted, q)
		}
	} else {
		bins = make([]float64, nBins+1)
		for i := range bins {
			bins[i] = linspace01(i, nBins)
		}
	}
	inner := bins[1 : len(bins)-1]
	sums := make([]float64, len(bins))
	trues := make([]float64, len(bins))
	totals := make([]float64, len(bins))
	for i, p := range yProb {
		b := sort.SearchFloat64s(inner, p) // inner edges < p
		sums[b] += p
		if yTrue[i] == 1 {
			trues[b]++
		}
		totals[b]++
	}
	for b, t := range totals {
		if t != 0 {
			probTrue = append(probTrue, trues[b]/t)
			probPred = append(probPred, sums[b]/t)
		}
	}
	return probTrue, probPred, nil
}

// linspace01 is np.linspace(0, 1, m+1)[i]: i·(1/m), with the last value exactly 1.
func linspace01(i, m int) float64 {
	if i == m {
		return 1
	}
	return float64(i) * (1 / float64(m))
}

// quantileLinear is numpy's quantile(sorted, q) with method "linear" (numpy 1.24):
// the virtual index (n−1)·q, and _lerp's two-sided formula.
func quantileLinear(sorted []float64, q float64) float64 {
	n := len(sorted)
	vi := float64(n-1) * q
	if vi >= float64(n-1) {
		return sorted[n-1]
	}
	prev := math.Floor(vi)
	lo := int(prev)
	a, b := sorted[lo], sorted[lo+1]
	g := vi - prev
	d := b - a
	if g >= 0.5 {
		return b - float64(d*(1-g))
	}
	return a + float64(d*g)
}
