package metrics

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// This file holds the label metrics added after the first set: Matthews correlation,
// Cohen's kappa, Hamming, zero-one and Brier losses, top-k accuracy and the Jaccard
// index. They follow classification.go's conventions.

// MatthewsCorrcoef returns the Matthews correlation coefficient, in its multiclass
// form (Gorodkin's R_K; scikit-learn matthews_corrcoef): +1 for perfect predictions,
// 0 for random ones, −1 at worst for two classes. It is 0 when either yTrue or yPred
// has a single label (a zero covariance), and when all weights are zero. It needs
// O(k) memory for k labels. It panics on a length mismatch and returns NaN for empty
// input or a NaN label.
func MatthewsCorrcoef(yTrue, yPred, weights []float64) float64 {
	v, err := matthews(yTrue, yPred, weights)
	return orNaN(v, err)
}

func matthews(yTrue, yPred, weights []float64) (float64, error) {
	checkLen(yTrue, yPred, weights)
	if len(yTrue) == 0 {
		return 0, errEmpty
	}
	labels, err := uniqueLabels(yTrue, yPred)
	if err != nil {
		return 0, err
	}
	tSum := make([]float64, len(labels))
	pSum := make([]float64, len(labels))
	var nCorrect float64
	for i, yt := range yTrue {
		w := weight(weights, i)
		ti, _ := slices.BinarySearch(labels, yt)
		pi, _ := slices.BinarySearch(labels, yPred[i])
		tSum[ti] += w
		pSum[pi] += w
		if ti == pi {
			nCorrect += w
		}
	}
	n := sum(pSum)
	var tp, pp, tt float64
	for j := range labels {
		tp += tSum[j] * pSum[j]
		pp += pSum[j] * pSum[j]
		tt += tSum[j] * tSum[j]
	}
	covYtYp := nCorrect*n - tp
	covYpYp := n*n - pp
	covYtYt := n*n - tt
	if covYpYp*covYtYt == 0 {
		return 0, nil
	}
	return covYtYp / math.Sqrt(covYtYt*covYpYp), nil
}

// Kappa weightings for [CohenKappaScore].
const (
	// KappaUnweighted counts every disagreement as 1 (scikit-learn weights=None).
	KappaUnweighted = ""
	// KappaLinear weighs a disagreement between the i-th and j-th labels by |i − j|.
	KappaLinear = "linear"
	// KappaQuadratic weighs it by (i − j)².
	KappaQuadratic = "quadratic"
)

// CohenKappaScore returns Cohen's kappa, the agreement between two annotators
// corrected for chance, κ = 1 − Σ wᵢⱼ Oᵢⱼ / Σ wᵢⱼ Eᵢⱼ, where O is the (weighted)
// confusion matrix over labels, E the outer product of its marginals divided by the
// total, and w the disagreement weights (scikit-learn cohen_kappa_score). weighting is
// [KappaUnweighted] (""), [KappaLinear] or [KappaQuadratic]; the linear and quadratic
// weights use the positions of the labels in the sorted label list, not their values.
// labels nil means the sorted union of the labels in y1 and y2; otherwise samples
// with a label outside labels are ignored.
//
// It panics on a length mismatch or an unknown weighting. It returns NaN for empty
// input, a NaN label, labels holding NaN or a duplicate, no label of y1 among labels,
// and when the expected disagreement is zero (both annotators always give the same
// single label; scikit-learn returns NaN there too, with a warning).
func CohenKappaScore(y1, y2, labels []float64, weighting string, weights []float64) float64 {
	if weighting != KappaUnweighted && weighting != KappaLinear && weighting != KappaQuadratic {
		panic(fmt.Sprintf("metrics: unknown kappa weighting %q (want \"\", linear or quadratic)", weighting))
	}
	v, err := cohenKappa(y1, y2, labels, weighting, weights)
	return orNaN(v, err)
}

func cohenKappa(y1, y2, labels []float64, weighting string, weights []float64) (float64, error) {
	checkLen(y1, y2, weights)
	if len(y1) == 0 {
		return 0, errEmpty
	}
	if len(labels) == 0 {
		var err error
		if labels, err = uniqueLabels(y1, y2); err != nil {
			return 0, err
		}
	} else if err := checkLabelList(labels); err != nil {
		return 0, err
	}
	index := make(map[float64]int, len(labels))
	for i, l := range labels {
		index[l] = i
	}
	k := len(labels)
	w := func(i, j int) float64 {
		switch weighting {
		case KappaLinear:
			return math.Abs(float64(i - j))
		case KappaQuadratic:
			return float64((i - j) * (i - j))
		}
		if i == j {
			return 0
		}
		return 1
	}
	sum0 := make([]float64, k) // column sums (y2)
	sum1 := make([]float64, k) // row sums (y1)
	var observed float64
	anyTrue := false
	for s, a := range y1 {
		i, ok := index[a]
		if !ok {
			continue
		}
		anyTrue = true
		j, ok := index[y2[s]]
		if !ok {
			continue
		}
		ws := weight(weights, s)
		sum1[i] += ws
		sum0[j] += ws
		observed += w(i, j) * ws
	}
	if !anyTrue {
		return 0, errors.New("metrics: at least one label specified must be in y_true")
	}
	total := sum(sum0)
	var expected float64
	for i := range k {
		for j := range k {
			if wij := w(i, j); wij != 0 {
				expected += wij * (sum0[i] * sum1[j] / total)
			}
		}
	}
	return 1 - observed/expected, nil
}

// HammingLoss returns the (weighted) fraction of wrong labels (scikit-learn
// hamming_loss for binary and multiclass targets), which for such targets is
// 1 − [AccuracyScore]. It panics on a length mismatch and returns NaN for empty
// input, a NaN label or weights that sum to zero.
func HammingLoss(yTrue, yPred, weights []float64) float64 {
	return 1 - AccuracyScore(yTrue, yPred, weights)
}

// ZeroOneLoss returns the (weighted) fraction of misclassified samples when normalize
// is true (scikit-learn's default), else their (weighted) number (scikit-learn
// zero_one_loss). It panics on a length mismatch and returns NaN for empty input, a
// NaN label, or (normalize true) weights that sum to zero.
func ZeroOneLoss(yTrue, yPred []float64, normalize bool, weights []float64) float64 {
	if normalize {
		return 1 - AccuracyScore(yTrue, yPred, weights)
	}
	checkLen(yTrue, yPred, weights)
	if len(yTrue) == 0 {
		return math.NaN()
	}
	var wrong float64
	for i, y := range yTrue {
		p := yPred[i]
		if y != y || p != p {
			return math.NaN()
		}
		if y != p {
			wrong += weight(weights, i)
		}
	}
	return wrong
}

// BrierScoreLoss returns the (weighted) mean squared difference between the predicted
// probability of the positive class and the outcome (scikit-learn brier_score_loss
// with pos_label=None). yTrue must hold at most two labels; the positive label is 1
// when the labels are {0, 1}, {−1, 1}, {0}, {−1} or {1}, and otherwise the larger
// label. Lower is better.
//
// It panics on a length mismatch and returns NaN for empty input, a NaN label, more
// than two labels, a probability outside [0, 1] or NaN, and weights that sum to zero.
func BrierScoreLoss(yTrue, yProb, weights []float64) float64 {
	v, err := brier(yTrue, yProb, weights)
	return orNaN(v, err)
}

func brier(yTrue, yProb, weights []float64) (float64, error) {
	checkLen(yTrue, yProb, weights)
	if len(yTrue) == 0 {
		return 0, errEmpty
	}
	labels, err := uniqueLabels(yTrue, nil)
	if err != nil {
		return 0, err
	}
	if len(labels) > 2 {
		return 0, fmt.Errorf("metrics: only binary targets are supported by the Brier score, got %d labels", len(labels))
	}
	for _, p := range yProb {
		if !(p >= 0 && p <= 1) {
			return 0, fmt.Errorf("metrics: probability %v outside [0, 1]", p)
		}
	}
	pos := brierPosLabel(labels)
	var s, sw float64
	for i, y := range yTrue {
		t := 0.0
		if y == pos {
			t = 1
		}
		d := t - yProb[i]
		w := weight(weights, i)
		s += w * d * d
		sw += w
	}
	if sw == 0 {
		return 0, errors.New("metrics: weights sum to zero")
	}
	return s / sw, nil
}

// brierPosLabel is scikit-learn's pos_label=None rule for the Brier score.
func brierPosLabel(labels []float64) float64 {
	for _, std := range [][]float64{{0, 1}, {-1, 1}, {0}, {-1}, {1}} {
		if slices.Equal(labels, std) {
			return 1
		}
	}
	return labels[len(labels)-1]
}

// TopKAccuracyScore returns the (weighted) fraction of samples whose true label is
// among the k labels with the highest scores (scikit-learn top_k_accuracy_score with
// normalize=True). score is n×c: one column per label of labels (which must be
// strictly increasing; nil means the sorted distinct labels of yTrue, which must then
// number c), or, for a binary target, a single column scoring labels[1]. Among equal
// scores the label with the larger index ranks higher, as in scikit-learn. For a
// binary target, k = 1 predicts labels[1] when the score exceeds 0.5 (0 when a score
// lies outside [0, 1]) and k ≥ 2 scores 1.
//
// It panics on a length mismatch (rows of score) and for k < 1. It returns NaN where
// scikit-learn raises ValueError: empty input, an unusable score matrix or one with
// NaN or Inf, a NaN label, a label of yTrue not in labels, labels not strictly
// increasing, a column count that does not match the labels (a binary target with a
// 2-column score included), and weights that sum to zero.
func TopKAccuracyScore(yTrue []float64, score mat.Matrix, k int, labels, weights []float64) float64 {
	if k < 1 {
		panic(fmt.Sprintf("metrics: top-k accuracy needs k >= 1, got %d", k))
	}
	v, err := topKAccuracy(yTrue, score, k, labels, weights)
	return orNaN(v, err)
}

func topKAccuracy(yTrue []float64, scoreM mat.Matrix, k int, labels, weights []float64) (float64, error) {
	checkLen(yTrue, yTrue, weights)
	sc, err := probaMatrix(scoreM, len(yTrue))
	if err != nil {
		return 0, err
	}
	n, c := sc.Dims()
	present, err := uniqueLabels(yTrue, nil)
	if err != nil {
		return 0, err
	}
	binary := len(present) <= 2 && (labels == nil || len(labels) <= 2)
	if binary && c != 1 {
		return 0, fmt.Errorf("metrics: y_true is binary while the score has %d columns; pass all labels", c)
	}
	classes := labels
	if classes == nil {
		classes = present
	} else {
		for j := 1; j < len(classes); j++ {
			if !(classes[j-1] < classes[j]) {
				return 0, errors.New("metrics: labels must be unique and ordered")
			}
		}
	}
	nCols := c
	if binary {
		nCols = 2
	}
	if len(classes) != nCols {
		return 0, fmt.Errorf("metrics: %d classes but the score has %d classes", len(classes), nCols)
	}
	code := make([]int, n)
	for i, y := range yTrue {
		j, ok := slices.BinarySearch(classes, y)
		if !ok {
			return 0, fmt.Errorf("metrics: y_true holds label %v, not among the labels %v", y, classes)
		}
		code[i] = j
	}
	hits := make([]float64, n)
	if binary {
		if k == 1 {
			lo, hi := math.Inf(1), math.Inf(-1)
			for i := range n {
				lo, hi = min(lo, sc.At(i, 0)), max(hi, sc.At(i, 0))
			}
			thr := 0.0
			if lo >= 0 && hi <= 1 {
				thr = 0.5
			}
			for i := range n {
				pred := 0
				if sc.At(i, 0) > thr {
					pred = 1
				}
				if pred == code[i] {
					hits[i] = 1
				}
			}
		} else {
			for i := range hits {
				hits[i] = 1
			}
		}
	} else {
		order := make([]int, c)
		for i := range n {
			row := sc.RawRowView(i)
			for j := range order {
				order[j] = c - 1 - j
			}
			// Descending score; stable on the reversed index order, so ties put the
			// larger index first (np.argsort(kind="mergesort")[::-1]).
			sort.SliceStable(order, func(a, b int) bool { return row[order[a]] > row[order[b]] })
			if slices.Contains(order[:min(k, c)], code[i]) {
				hits[i] = 1
			}
		}
	}
	v := average(hits, weights)
	if math.IsNaN(v) {
		return 0, errors.New("metrics: weights sum to zero")
	}
	return v, nil
}

// JaccardScore returns the Jaccard index tp / (tp + fp + fn) combined over classes as
// avg says (scikit-learn jaccard_score with zero_division="warn": 0/0 is 0). For
// [Weighted] averaging the weights are the classes' supports, or uniform when every
// support is zero. It panics and returns NaN as [PrecisionScore] does.
func JaccardScore(yTrue, yPred []float64, avg Average, weights []float64) float64 {
	avg.mustParse()
	v, err := jaccard(yTrue, yPred, avg, weights)
	return orNaN(v, err)
}

func jaccard(yTrue, yPred []float64, avg Average, weights []float64) (float64, error) {
	checkLen(yTrue, yPred, weights)
	if len(yTrue) == 0 {
		return 0, errEmpty
	}
	mode, pos, err := avg.parse()
	if err != nil {
		return 0, err
	}
	present, err := uniqueLabels(yTrue, yPred)
	if err != nil {
		return 0, err
	}
	labels := present
	if mode == Binary {
		if len(present) > 2 {
			return 0, fmt.Errorf("metrics: target is multiclass (%d labels) but average is binary; use Micro, Macro or Weighted", len(present))
		}
		if !slices.Contains(present, pos) && len(present) == 2 {
			return 0, fmt.Errorf("metrics: pos_label=%v is not a valid label; it should be one of %v", pos, present)
		}
		labels = []float64{pos}
	}
	tp, ps, ts := prfCounts(yTrue, yPred, labels, weights)
	num := tp
	den := make([]float64, len(tp))
	for j := range tp {
		// MCM[1,1] + MCM[0,1] + MCM[1,0] = tp + fp + fn
		den[j] = tp[j] + (ps[j] - tp[j]) + (ts[j] - tp[j])
	}
	if mode == Micro {
		num, den = []float64{sum(num)}, []float64{sum(den)}
	}
	jac := make([]float64, len(num))
	for j := range num {
		if den[j] != 0 {
			jac[j] = num[j] / den[j]
		}
	}
	var avgW []float64
	if mode == Weighted && sum(ts) != 0 {
		avgW = ts
	}
	v := average(jac, avgW)
	if math.IsNaN(v) {
		return 0, errors.New("metrics: the Jaccard index is undefined")
	}
	return v, nil
}
