package metrics

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// logLossEps is scikit-learn 1.2.1's eps="auto" for float64 probabilities:
// np.finfo(np.float64).eps. (Before 1.2 the default was 1e-15.)
const logLossEps = 0x1p-52

// LogLoss returns the mean (weighted) negative log-likelihood of the true labels
// (scikit-learn log_loss, eps="auto"):
//
//	−Σᵢ wᵢ log p̃ᵢ,yᵢ / Σᵢ wᵢ
//
// proba is n×k, column j holding the probability of classes[j]. Each probability is
// clipped to [ε, 1−ε] with ε = 2⁻⁵² and each row is then divided by its sum, as in
// scikit-learn 1.2.1. classes must be sorted ascending (estimator Classes() order); nil
// means the sorted distinct values of yTrue (scikit-learn labels=None), which must
// then number at least two.
//
// It panics on a length mismatch (rows of proba, len(yTrue), len(weights)). It returns
// NaN for empty input, a nil or unusable proba (see estimator.CheckX), NaN or Inf
// probabilities, a number of classes that differs from proba's columns, classes that
// are not strictly increasing, a label of yTrue not in classes (scikit-learn silently
// scores such a sample as zero loss), fewer than two classes, and weights that sum to
// zero.
func LogLoss(yTrue []float64, proba mat.Matrix, classes, weights []float64) float64 {
	v, err := logLoss(yTrue, proba, classes, weights)
	return orNaN(v, err)
}

func logLoss(yTrue []float64, probaM mat.Matrix, classes, weights []float64) (float64, error) {
	checkLen(yTrue, yTrue, weights)
	proba, err := probaMatrix(probaM, len(yTrue))
	if err != nil {
		return 0, err
	}
	n, k := proba.Dims()
	if classes == nil {
		var err error
		if classes, err = uniqueLabels(yTrue, nil); err != nil {
			return 0, err
		}
		if len(classes) == 1 {
			return 0, fmt.Errorf("metrics: y_true contains only one label (%v); pass the classes explicitly", classes[0])
		}
	}
	col, err := classColumns(yTrue, classes, k)
	if err != nil {
		return 0, err
	}
	row := make([]float64, k)
	var s, sw float64
	for i := range n {
		var rs float64
		for j := range k {
			p := min(max(proba.At(i, j), logLossEps), 1-logLossEps) // np.clip
			row[j] = p
			rs += p
		}
		loss := -math.Log(row[col[i]] / rs)
		w := weight(weights, i)
		s += w * loss
		sw += w
	}
	if !(sw != 0) {
		return 0, errors.New("metrics: weights sum to zero")
	}
	return s / sw, nil
}

// probaMatrix returns proba as a *mat.Dense with n rows. A nil or unusable matrix, an
// empty one and NaN or Inf values are errors (undefined results); a matrix that is
// usable but does not have n rows is a length mismatch and panics.
func probaMatrix(proba mat.Matrix, n int) (*mat.Dense, error) {
	r, _, err := estimator.Dims(proba)
	if err != nil {
		return nil, fmt.Errorf("metrics: probability matrix: %w", err)
	}
	if r != n {
		panic(lengthMismatch)
	}
	if n == 0 {
		return nil, errEmpty
	}
	d, err := estimator.CheckX(proba)
	if err != nil {
		return nil, fmt.Errorf("metrics: probability matrix: %w", err)
	}
	return d, nil
}

// classColumns maps each label of y to its column in a k-column probability matrix
// whose columns are classes.
func classColumns(y, classes []float64, k int) ([]int, error) {
	if len(classes) < 2 {
		return nil, fmt.Errorf("metrics: need at least two classes, got %v", classes)
	}
	if len(classes) != k {
		return nil, fmt.Errorf("metrics: %d classes but the probability matrix has %d columns", len(classes), k)
	}
	for j := 1; j < len(classes); j++ {
		if !(classes[j-1] < classes[j]) {
			return nil, fmt.Errorf("metrics: classes must be strictly increasing, got %v", classes)
		}
	}
	col := make([]int, len(y))
	for i, v := range y {
		j, ok := slices.BinarySearch(classes, v)
		if !ok {
			return nil, fmt.Errorf("metrics: y_true holds label %v, not among the classes %v", v, classes)
		}
		col[i] = j
	}
	return col, nil
}

// BinaryLogLoss returns the log loss of binary labels yTrue (each 0 or 1) given the
// predicted probabilities of label 1 (scikit-learn log_loss with a 1-D y_pred and
// labels [0, 1]): p is clipped to [ε, 1−ε], the pair (1−p, p) is renormalised, and the
// weighted mean of −log p̃ᵢ,yᵢ is returned. It panics on a length mismatch, and returns
// NaN for empty input, a label other than 0 or 1, a NaN probability or weights that
// sum to zero.
func BinaryLogLoss(yTrue, proba, weights []float64) float64 {
	checkLen(yTrue, proba, weights)
	for _, y := range yTrue {
		if y != 0 && y != 1 {
			return math.NaN()
		}
	}
	return binaryLogLoss(func(i int) bool { return yTrue[i] == 1 }, proba, weights)
}

// binaryLogLoss follows scikit-learn's 1-D path: clip, build (1−p, p), renormalise.
func binaryLogLoss(isPos func(i int) bool, proba, weights []float64) float64 {
	var s, sw float64
	for i, p := range proba {
		p = min(max(p, logLossEps), 1-logLossEps)
		q := 1 - p
		rs := q + p
		v := q
		if isPos(i) {
			v = p
		}
		loss := -math.Log(v / rs)
		w := weight(weights, i)
		s += w * loss
		sw += w
	}
	return s / sw
}
