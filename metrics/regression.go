package metrics

import "math"

// R2Score returns the coefficient of determination 1 − Σw(y−ŷ)² / Σw(y−ȳ)²
// (scikit-learn r2_score). A constant yTrue gives 1 if the predictions are perfect and
// 0 otherwise, as in scikit-learn. It panics if the lengths differ.
func R2Score(yTrue, yPred, weights []float64) float64 {
	checkLen(yTrue, yPred, weights)
	var sw, mean float64
	for i, y := range yTrue {
		w := weight(weights, i)
		sw += w
		mean += w * y
	}
	mean /= sw
	var num, den float64
	for i, y := range yTrue {
		w := weight(weights, i)
		d := y - yPred[i]
		num += w * d * d
		c := y - mean
		den += w * c * c
	}
	if den == 0 {
		if num == 0 {
			return 1
		}
		return 0
	}
	return 1 - num/den
}

// MeanSquaredError returns Σw(y−ŷ)² / Σw (scikit-learn mean_squared_error). It panics
// if the lengths differ.
func MeanSquaredError(yTrue, yPred, weights []float64) float64 {
	checkLen(yTrue, yPred, weights)
	var sw, s float64
	for i, y := range yTrue {
		w := weight(weights, i)
		d := y - yPred[i]
		s += w * d * d
		sw += w
	}
	return s / sw
}

func weight(w []float64, i int) float64 {
	if w == nil {
		return 1
	}
	return w[i]
}

func checkLen(a, b, w []float64) {
	if len(a) != len(b) || (w != nil && len(w) != len(a)) {
		panic("metrics: length mismatch")
	}
	if len(a) == 0 {
		panic("metrics: empty input")
	}
}

var _ = math.Abs
