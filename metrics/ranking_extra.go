package metrics

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// This file holds the precision-recall and DET curves and the average precision.

// PrecisionRecallCurve returns precision and recall at each distinct threshold of
// score for the positive label posLabel (scikit-learn precision_recall_curve): the
// thresholds in increasing order, precision[i] and recall[i] for predicting positive
// when score ≥ thresholds[i], and a last point (precision 1, recall 0) without a
// threshold, so precision and recall have one more element than thresholds. A
// threshold with no predicted positive has precision 0; when yTrue has no positive
// sample, recall is 1 everywhere (scikit-learn warns). Samples with zero weight are
// ignored.
//
// It panics on a length mismatch, and returns three nil slices (the curve is
// undefined) for empty input, NaN in yTrue or score, or weights that are all zero.
func PrecisionRecallCurve(yTrue, score []float64, posLabel float64, weights []float64) (precision, recall, thresholds []float64) {
	p, r, t, err := prCurve(yTrue, score, posLabel, weights)
	if err != nil {
		return nil, nil, nil
	}
	return p, r, t
}

func prCurve(yTrue, score []float64, posLabel float64, weights []float64) (precision, recall, thresholds []float64, err error) {
	checkLen(yTrue, score, weights)
	if _, err := uniqueLabels(yTrue, nil); err != nil {
		return nil, nil, nil, err
	}
	isPos := make([]bool, len(yTrue))
	for i, y := range yTrue {
		isPos[i] = y == posLabel
	}
	fps, tps, thr, err := binaryClfCurve(isPos, score, weights)
	if err != nil {
		return nil, nil, nil, err
	}
	m := len(tps)
	precision = make([]float64, m+1)
	recall = make([]float64, m+1)
	thresholds = make([]float64, m)
	last := tps[m-1]
	for i := range m {
		k := m - 1 - i // reversed
		if ps := tps[k] + fps[k]; ps != 0 {
			precision[i] = tps[k] / ps
		}
		if last == 0 {
			recall[i] = 1
		} else {
			recall[i] = tps[k] / last
		}
		thresholds[i] = thr[k]
	}
	precision[m], recall[m] = 1, 0
	return precision, recall, thresholds, nil
}

// AveragePrecisionScore returns the average precision of score for the positive label
// posLabel (scikit-learn average_precision_score of a binary target; its default
// posLabel is 1): Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the points of [PrecisionRecallCurve], without
// interpolation. A target without positive samples scores 0.
//
// It panics on a length mismatch. It returns NaN where scikit-learn raises
// ValueError: empty input, NaN in yTrue or score, all weights zero, yTrue with more
// than two labels (use [AveragePrecisionOvRScore]), or two labels of which none is
// posLabel.
func AveragePrecisionScore(yTrue, score []float64, posLabel float64, weights []float64) float64 {
	v, err := averagePrecision(yTrue, score, posLabel, weights)
	return orNaN(v, err)
}

func averagePrecision(yTrue, score []float64, posLabel float64, weights []float64) (float64, error) {
	checkLen(yTrue, score, weights)
	if len(yTrue) == 0 {
		return 0, errEmpty
	}
	present, err := uniqueLabels(yTrue, nil)
	if err != nil {
		return 0, err
	}
	if len(present) > 2 {
		return 0, fmt.Errorf("metrics: y_true has %d labels; AveragePrecisionScore is binary, use AveragePrecisionOvRScore", len(present))
	}
	if len(present) == 2 && !slices.Contains(present, posLabel) {
		return 0, fmt.Errorf("metrics: pos_label=%v is not a valid label; it should be one of %v", posLabel, present)
	}
	return binaryAP(yTrue, score, posLabel, weights)
}

// binaryAP is scikit-learn's _binary_uninterpolated_average_precision.
func binaryAP(yTrue, score []float64, posLabel float64, weights []float64) (float64, error) {
	p, r, _, err := prCurve(yTrue, score, posLabel, weights)
	if err != nil {
		return 0, err
	}
	var s float64
	for i := 0; i+1 < len(r); i++ {
		s += (r[i+1] - r[i]) * p[i]
	}
	return -s, nil
}

// AveragePrecisionOvRScore returns the average precision of a multiclass target, one
// class against the rest (scikit-learn average_precision_score with a 2-D y_score):
// the [AveragePrecisionScore] of column j of score for classes[j], averaged as avg
// says: [Macro] (the zero value here, scikit-learn's default) or [Weighted] by the
// classes' (weighted) prevalence, or [Micro] over all (sample, class) pairs. score is
// n×k; classes nil means the sorted distinct labels of yTrue, which must then number
// k (scikit-learn binarises yTrue on its present labels). A class absent from yTrue
// scores 0.
//
// It panics on a length mismatch (rows of score) and on an avg other than Macro,
// Weighted, Micro or "". It returns NaN for empty input, an unusable score matrix or
// one holding NaN or Inf, a class count that differs from score's columns, classes
// not strictly increasing, a label of yTrue not in classes, and weights that are all
// zero.
func AveragePrecisionOvRScore(yTrue []float64, score mat.Matrix, classes []float64, avg Average, weights []float64) float64 {
	mustMultiAverage(avg, false)
	v, err := averagePrecisionOvR(yTrue, score, classes, avg, weights)
	return orNaN(v, err)
}

func averagePrecisionOvR(yTrue []float64, scoreM mat.Matrix, classes []float64, avg Average, w []float64) (float64, error) {
	checkLen(yTrue, yTrue, w)
	sc, err := probaMatrix(scoreM, len(yTrue))
	if err != nil {
		return 0, err
	}
	n, k := sc.Dims()
	if classes == nil {
		if classes, err = uniqueLabels(yTrue, nil); err != nil {
			return 0, err
		}
	}
	col, err := classColumns(yTrue, classes, k)
	if err != nil {
		return 0, err
	}
	bin := func(i, j int) float64 {
		if col[i] == j {
			return 1
		}
		return 0
	}
	if avg == Micro {
		yy := make([]float64, 0, n*k)
		ss := make([]float64, 0, n*k)
		var ww []float64
		for i := range n {
			for j := range k {
				yy = append(yy, bin(i, j))
				ss = append(ss, sc.At(i, j))
				if w != nil {
					ww = append(ww, w[i])
				}
			}
		}
		return binaryAP(yy, ss, 1, ww)
	}
	scores := make([]float64, k)
	prev := make([]float64, k)
	yj := make([]float64, n)
	sj := make([]float64, n)
	for j := range k {
		for i := range n {
			yj[i] = bin(i, j)
			sj[i] = sc.At(i, j)
			prev[j] += yj[i] * weight(w, i)
		}
		s, err := binaryAP(yj, sj, 1, w)
		if err != nil {
			return 0, err
		}
		scores[j] = s
	}
	if avg == Weighted {
		if math.Abs(sum(prev)) <= 1e-8 { // np.isclose(sum, 0): scikit-learn returns 0
			return 0, nil
		}
		for j := range scores {
			if prev[j] == 0 {
				scores[j] = 0
			}
		}
		return average(scores, prev), nil
	}
	return average(scores, nil), nil
}

// DetCurve returns the detection error tradeoff curve of score for the positive
// label posLabel (scikit-learn det_curve): false positive and false negative rates
// at each distinct threshold from the last one with no false negative up to the first
// one with no false positive, in decreasing order of false positive rate (increasing
// threshold). Samples with zero weight are ignored.
//
// It panics on a length mismatch, and returns three nil slices (the curve is
// undefined; scikit-learn raises ValueError) for empty input, NaN in yTrue or score,
// weights that are all zero, and yTrue without exactly two distinct labels.
func DetCurve(yTrue, score []float64, posLabel float64, weights []float64) (fpr, fnr, thresholds []float64) {
	checkLen(yTrue, score, weights)
	labels, err := uniqueLabels(yTrue, nil)
	if err != nil {
		return nil, nil, nil
	}
	isPos := make([]bool, len(yTrue))
	for i, y := range yTrue {
		isPos[i] = y == posLabel
	}
	fps, tps, thr, err := binaryClfCurve(isPos, score, weights)
	if err != nil || len(labels) != 2 {
		return nil, nil, nil
	}
	m := len(tps)
	pCount, nCount := tps[m-1], fps[m-1]
	// first: the last index whose fps equals fps[0]; last: one past the first index
	// whose tps equals tps[m-1] (np.searchsorted).
	first := sort.Search(m, func(i int) bool { return fps[i] > fps[0] }) - 1
	last := sort.Search(m, func(i int) bool { return tps[i] >= tps[m-1] }) + 1
	if last > m {
		last = m
	}
	for i := last - 1; i >= first; i-- {
		fpr = append(fpr, fps[i]/nCount)
		fnr = append(fnr, (pCount-tps[i])/pCount)
		thresholds = append(thresholds, thr[i])
	}
	if fpr == nil {
		return []float64{}, []float64{}, []float64{}
	}
	return fpr, fnr, thresholds
}
