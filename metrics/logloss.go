package metrics

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
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
// It panics on a length mismatch (rows of proba, len(yTrue), len(weights)), if the
// number of classes differs from proba's columns, if classes is not strictly
// increasing, or if yTrue holds a label not in classes (scikit-learn silently scores
// such a sample as zero loss).
func LogLoss(yTrue []float64, proba mat.Matrix, classes, weights []float64) float64 {
	v, err := logLoss(yTrue, proba, classes, weights)
	must(err)
	return v
}

func logLoss(yTrue []float64, proba mat.Matrix, classes, weights []float64) (float64, error) {
	n, k := proba.Dims()
	if n != len(yTrue) {
		panic(lengthMismatch)
	}
	checkLen(yTrue, yTrue, weights)
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
	return s / sw, nil
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
// weighted mean of −log p̃ᵢ,yᵢ is returned. It panics on a length mismatch or a label
// other than 0 or 1.
func BinaryLogLoss(yTrue, proba, weights []float64) float64 {
	checkLen(yTrue, proba, weights)
	for _, y := range yTrue {
		if y != 0 && y != 1 {
			panic(fmt.Sprintf("metrics: BinaryLogLoss needs labels 0 or 1, got %v", y))
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
