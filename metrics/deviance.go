package metrics

import (
	"fmt"
	"math"
)

// MeanSquaredLogError returns the [MeanSquaredError] of log(1 + y) and log(1 + ŷ)
// (scikit-learn mean_squared_log_error). It panics on a length mismatch and returns
// NaN for empty input, NaN input, a negative value in yTrue or yPred (scikit-learn
// raises ValueError) and weights that sum to zero.
func MeanSquaredLogError(yTrue, yPred, weights []float64) float64 {
	checkLen(yTrue, yPred, weights)
	lt, lp := make([]float64, len(yTrue)), make([]float64, len(yPred))
	for i, y := range yTrue {
		p := yPred[i]
		if !(y >= 0 && p >= 0) {
			return math.NaN()
		}
		lt[i], lp[i] = math.Log1p(y), math.Log1p(p)
	}
	return MeanSquaredError(lt, lp, weights)
}

// MeanTweedieDeviance returns the (weighted) mean Tweedie deviance of yPred for yTrue
// with the given power (scikit-learn mean_tweedie_deviance): power 0 is the squared
// error, 1 the Poisson deviance, 2 the Gamma deviance, and any power ≤ 0 or ≥ 1 is
// allowed. It panics on a length mismatch and for a power in (0, 1) or NaN (no
// Tweedie distribution exists there). It returns NaN for empty input, NaN input,
// weights that sum to zero, and values outside the power's domain (scikit-learn raises
// ValueError): yPred ≤ 0 for power < 0 or ≥ 1, yTrue < 0 for 1 ≤ power < 2, and
// yTrue ≤ 0 for power ≥ 2.
func MeanTweedieDeviance(yTrue, yPred []float64, power float64, weights []float64) float64 {
	if math.IsNaN(power) || (power > 0 && power < 1) {
		panic(fmt.Sprintf("metrics: Tweedie deviance is only defined for power <= 0 and power >= 1, got %v", power))
	}
	checkLen(yTrue, yPred, weights)
	p := power
	dev := make([]float64, len(yTrue))
	for i, y := range yTrue {
		mu := yPred[i]
		switch {
		case p < 0 && !(mu > 0),
			p >= 1 && p < 2 && !(y >= 0 && mu > 0),
			p >= 2 && !(y > 0 && mu > 0):
			return math.NaN()
		}
		switch {
		case p < 0:
			dev[i] = 2 * (math.Pow(max(y, 0), 2-p)/((1-p)*(2-p)) - y*math.Pow(mu, 1-p)/(1-p) + math.Pow(mu, 2-p)/(2-p))
		case p == 0:
			d := y - mu
			dev[i] = d * d
		case p == 1:
			xlogy := 0.0
			if y != 0 {
				xlogy = y * math.Log(y/mu)
			}
			dev[i] = 2 * (xlogy - y + mu)
		case p == 2:
			dev[i] = 2 * (math.Log(mu/y) + y/mu - 1)
		default:
			dev[i] = 2 * (math.Pow(y, 2-p)/((1-p)*(2-p)) - y*math.Pow(mu, 1-p)/(1-p) + math.Pow(mu, 2-p)/(2-p))
		}
	}
	return average(dev, weights)
}

// MeanPoissonDeviance is [MeanTweedieDeviance] with power 1 (scikit-learn
// mean_poisson_deviance): yTrue ≥ 0, yPred > 0.
func MeanPoissonDeviance(yTrue, yPred, weights []float64) float64 {
	return MeanTweedieDeviance(yTrue, yPred, 1, weights)
}

// MeanGammaDeviance is [MeanTweedieDeviance] with power 2 (scikit-learn
// mean_gamma_deviance): yTrue > 0, yPred > 0.
func MeanGammaDeviance(yTrue, yPred, weights []float64) float64 {
	return MeanTweedieDeviance(yTrue, yPred, 2, weights)
}

// ClassLikelihoodRatios returns the positive likelihood ratio
// LR+ = sensitivity / (1 − specificity) and the negative likelihood ratio
// LR− = (1 − sensitivity) / specificity of a binary problem (scikit-learn
// class_likelihood_ratios): the larger of the (at most two) labels of yTrue and yPred
// is the positive class. LR+ is NaN when there is no false positive, LR− when there
// is no true negative, and both when only one label occurs or there is no positive
// sample (scikit-learn warns and returns NaN there too). It panics on a length
// mismatch and returns two NaNs for empty input, a NaN label or more than two labels
// (scikit-learn raises ValueError).
func ClassLikelihoodRatios(yTrue, yPred, weights []float64) (positive, negative float64) {
	checkLen(yTrue, yPred, weights)
	nan := math.NaN()
	labels, err := uniqueLabels(yTrue, yPred)
	if err != nil || len(labels) != 2 {
		return nan, nan
	}
	var tn, fp, fn, tp float64
	for i, y := range yTrue {
		w := weight(weights, i)
		pos, predPos := y == labels[1], yPred[i] == labels[1]
		switch {
		case pos && predPos:
			tp += w
		case pos:
			fn += w
		case predPos:
			fp += w
		default:
			tn += w
		}
	}
	supportPos, supportNeg := tp+fn, tn+fp
	positive, negative = nan, nan
	if fp != 0 {
		positive = tp * supportNeg / (fp * supportPos)
	}
	if tn != 0 {
		negative = fn * supportNeg / (tn * supportPos)
	}
	return positive, negative
}
