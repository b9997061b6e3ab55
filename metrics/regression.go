package metrics

import (
	"math"
	"slices"
	"sort"
)

// This file holds the regression metrics. Each follows gonum/stat: weights come last
// and nil means uniform; the function panics with "metrics: length mismatch" when the
// lengths of yTrue, yPred and a non-nil weights differ. Empty input gives NaN, NaN in
// the input propagates to the result, and weights whose sum is zero give NaN
// (scikit-learn raises ValueError or ZeroDivisionError).

// R2Score returns the coefficient of determination
//
//	R² = 1 − Σᵢ wᵢ(yᵢ − ŷᵢ)² / Σᵢ wᵢ(yᵢ − ȳ)²,   ȳ = Σᵢ wᵢyᵢ / Σᵢ wᵢ
//
// (scikit-learn r2_score with force_finite=True). A constant yTrue gives 1 when the
// predictions are perfect and 0 otherwise. It returns NaN for fewer than two samples
// (as scikit-learn does), for NaN input, for weights that sum to zero, and when the
// sums of squares overflow.
func R2Score(yTrue, yPred, weights []float64) float64 {
	checkLen(yTrue, yPred, weights)
	if len(yTrue) < 2 {
		return math.NaN()
	}
	mean := average(yTrue, weights)
	var num, den float64
	for i, y := range yTrue {
		w := weight(weights, i)
		d := y - yPred[i]
		num += w * (d * d)
		c := y - mean
		den += w * (c * c)
	}
	return assembleR2(num, den)
}

// assembleR2 is scikit-learn's _assemble_r2_explained_variance for one output with
// force_finite=True.
func assembleR2(num, den float64) float64 {
	switch {
	case math.IsNaN(num) || math.IsNaN(den):
		return math.NaN()
	case num == 0:
		return 1
	case den == 0:
		return 0
	}
	return 1 - num/den
}

// MeanSquaredError returns Σᵢ wᵢ(yᵢ − ŷᵢ)² / Σᵢ wᵢ (scikit-learn mean_squared_error).
// It returns NaN for empty input, NaN input or weights that sum to zero.
func MeanSquaredError(yTrue, yPred, weights []float64) float64 {
	checkLen(yTrue, yPred, weights)
	var sw, s float64
	for i, y := range yTrue {
		w := weight(weights, i)
		d := y - yPred[i]
		s += w * (d * d)
		sw += w
	}
	return s / sw
}

// RootMeanSquaredError returns the square root of [MeanSquaredError] (scikit-learn
// mean_squared_error with squared=False), NaN where MeanSquaredError is.
func RootMeanSquaredError(yTrue, yPred, weights []float64) float64 {
	return math.Sqrt(MeanSquaredError(yTrue, yPred, weights))
}

// MeanAbsoluteError returns Σᵢ wᵢ|yᵢ − ŷᵢ| / Σᵢ wᵢ (scikit-learn mean_absolute_error).
// It returns NaN for empty input, NaN input or weights that sum to zero.
func MeanAbsoluteError(yTrue, yPred, weights []float64) float64 {
	checkLen(yTrue, yPred, weights)
	var sw, s float64
	for i, y := range yTrue {
		w := weight(weights, i)
		s += w * math.Abs(yPred[i]-y)
		sw += w
	}
	return s / sw
}

// MeanAbsolutePercentageError returns
//
//	Σᵢ wᵢ |yᵢ − ŷᵢ| / max(|yᵢ|, ε)  /  Σᵢ wᵢ,   ε = 2⁻⁵² (float64 machine epsilon)
//
// (scikit-learn mean_absolute_percentage_error). The result is a fraction, not a
// percentage, and is huge (not Inf) when some yᵢ is zero. It returns NaN for empty
// input, NaN input or weights that sum to zero.
func MeanAbsolutePercentageError(yTrue, yPred, weights []float64) float64 {
	checkLen(yTrue, yPred, weights)
	const eps = 0x1p-52 // np.finfo(np.float64).eps
	var sw, s float64
	for i, y := range yTrue {
		w := weight(weights, i)
		s += w * (math.Abs(yPred[i]-y) / math.Max(math.Abs(y), eps))
		sw += w
	}
	return s / sw
}

// MedianAbsoluteError returns the median of |yᵢ − ŷᵢ| (scikit-learn
// median_absolute_error). Without weights it is the ordinary median (the mean of the
// two middle values for an even count). With weights it is scikit-learn's lower
// weighted percentile: the smallest error whose cumulative weight, in ascending order
// of error, reaches half of the total weight. It returns NaN for empty input, NaN
// input or weights that sum to zero.
func MedianAbsoluteError(yTrue, yPred, weights []float64) float64 {
	checkLen(yTrue, yPred, weights)
	if len(yTrue) == 0 || (weights != nil && !(sum(weights) != 0)) {
		return math.NaN()
	}
	errs := make([]float64, len(yTrue))
	for i, y := range yTrue {
		errs[i] = math.Abs(yPred[i] - y)
		if math.IsNaN(errs[i]) {
			return math.NaN()
		}
	}
	if weights == nil {
		slices.Sort(errs)
		n := len(errs)
		if n%2 == 1 {
			return errs[n/2]
		}
		return (errs[n/2-1] + errs[n/2]) / 2 // np.median: mean of the middle pair
	}
	return weightedPercentile(errs, weights, 50)
}

// weightedPercentile is scikit-learn's utils.stats._weighted_percentile for a 1-D
// array: the lower weighted percentile.
func weightedPercentile(a, w []float64, percentile float64) float64 {
	idx := make([]int, len(a))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return a[idx[i]] < a[idx[j]] })
	cdf := make([]float64, len(a))
	var c float64
	for k, i := range idx {
		c += w[i]
		cdf[k] = c
	}
	target := percentile / 100 * cdf[len(cdf)-1]
	if target == 0 {
		target = math.Nextafter(target, target+1)
	}
	// np.searchsorted(cdf, target, side="left"): first k with cdf[k] >= target.
	k := sort.Search(len(cdf), func(k int) bool { return cdf[k] >= target })
	k = min(max(k, 0), len(cdf)-1)
	return a[idx[k]]
}

// ExplainedVarianceScore returns
//
//	1 − Var_w(y − ŷ) / Var_w(y)
//
// with weighted (biased) variances (scikit-learn explained_variance_score with
// force_finite=True): 1 when the residual variance is zero, 0 when only Var_w(y) is
// zero. Unlike [R2Score] it ignores a constant bias in the predictions. It returns NaN
// for empty input, NaN input, weights that sum to zero, and when the variances
// overflow.
func ExplainedVarianceScore(yTrue, yPred, weights []float64) float64 {
	checkLen(yTrue, yPred, weights)
	diff := make([]float64, len(yTrue))
	for i, y := range yTrue {
		diff[i] = y - yPred[i]
	}
	diffAvg := average(diff, weights)
	trueAvg := average(yTrue, weights)
	var num, den, sw float64
	for i, y := range yTrue {
		w := weight(weights, i)
		d := diff[i] - diffAvg
		num += w * (d * d)
		c := y - trueAvg
		den += w * (c * c)
		sw += w
	}
	return assembleR2(num/sw, den/sw)
}

// MaxError returns maxᵢ |yᵢ − ŷᵢ| (scikit-learn max_error). Like scikit-learn it takes
// no weights. It panics if the lengths differ, and returns NaN for empty or NaN input.
func MaxError(yTrue, yPred []float64) float64 {
	checkLen(yTrue, yPred, nil)
	if len(yTrue) == 0 {
		return math.NaN()
	}
	m := 0.0
	for i, y := range yTrue {
		d := math.Abs(y - yPred[i])
		if math.IsNaN(d) {
			return math.NaN()
		}
		m = math.Max(m, d)
	}
	return m
}

// average is np.average(a, weights=w).
func average(a, w []float64) float64 {
	var s, sw float64
	for i, v := range a {
		wi := weight(w, i)
		s += wi * v
		sw += wi
	}
	return s / sw
}

func weight(w []float64, i int) float64 {
	if w == nil {
		return 1
	}
	return w[i]
}

// lengthMismatch is the panic value of every metric function given inputs of
// different lengths (programmer error, as in gonum). Empty inputs are data: they give
// NaN.
const lengthMismatch = "metrics: length mismatch"

func checkLen(a, b, w []float64) {
	if len(a) != len(b) || (w != nil && len(w) != len(a)) {
		panic(lengthMismatch)
	}
}
