package metrics

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// ROCAUCScore returns the area under the ROC curve of a binary problem (scikit-learn
// roc_auc_score with a 1-D y_score). yTrue must hold exactly two distinct labels; the
// larger one is the positive class, and score holds a score for it (a probability or a
// decision-function value; larger means more likely positive). Samples with zero
// weight are ignored.
//
// It panics on a length mismatch. It returns NaN when the ROC AUC is undefined, where
// scikit-learn raises ValueError: empty input, yTrue without exactly two labels (a
// fold with a single class), a NaN label or score, or all samples of one class with
// zero weight.
func ROCAUCScore(yTrue, score, weights []float64) float64 {
	v, err := rocAUCBinaryLabels(yTrue, score, weights)
	return orNaN(v, err)
}

func rocAUCBinaryLabels(yTrue, score, weights []float64) (float64, error) {
	checkLen(yTrue, score, weights)
	if len(yTrue) == 0 {
		return 0, errEmpty
	}
	labels, err := uniqueLabels(yTrue, nil)
	if err != nil {
		return 0, err
	}
	if len(labels) > 2 {
		return 0, fmt.Errorf("metrics: y_true has %d labels; ROCAUCScore is binary, use ROCAUCOvRScore or ROCAUCOvOScore", len(labels))
	}
	pos := labels[len(labels)-1]
	isPos := make([]bool, len(yTrue))
	for i, y := range yTrue {
		isPos[i] = y == pos
	}
	return binaryROCAUC(isPos, score, weights)
}

// binaryROCAUC is scikit-learn's _binary_roc_auc_score (max_fpr=None).
func binaryROCAUC(isPos []bool, score, w []float64) (float64, error) {
	var np, nn int
	for _, p := range isPos {
		if p {
			np++
		} else {
			nn++
		}
	}
	if np == 0 || nn == 0 {
		return 0, errors.New("metrics: only one class present in y_true; ROC AUC is not defined in that case")
	}
	fpr, tpr, _, err := rocCurve(isPos, score, w)
	if err != nil {
		return 0, err
	}
	auc := trapezoid(fpr, tpr)
	if math.IsNaN(auc) {
		return 0, errors.New("metrics: all samples of one class have zero weight; ROC AUC is not defined in that case")
	}
	return auc, nil
}

// trapezoid is np.trapz(y, x) for an x that is non-decreasing (auc's direction 1).
func trapezoid(x, y []float64) float64 {
	var s float64
	for i := 1; i < len(x); i++ {
		s += (x[i] - x[i-1]) * (y[i] + y[i-1]) / 2
	}
	return s
}

// ROCCurve returns the receiver operating characteristic of scores for the positive
// label posLabel (scikit-learn roc_curve with drop_intermediate=True): false and true
// positive rates at each distinct threshold, in decreasing threshold order, starting
// at (0, 0) with threshold max(score)+1. Samples with zero weight are ignored. If
// there are no negative (positive) samples, fpr (tpr) is all NaN.
//
// It panics on a length mismatch, and returns three nil slices (the curve is
// undefined) for empty input, NaN in yTrue or score, or weights that are all zero.
func ROCCurve(yTrue, score []float64, posLabel float64, weights []float64) (fpr, tpr, thresholds []float64) {
	checkLen(yTrue, score, weights)
	if _, err := uniqueLabels(yTrue, nil); err != nil {
		return nil, nil, nil
	}
	isPos := make([]bool, len(yTrue))
	for i, y := range yTrue {
		isPos[i] = y == posLabel
	}
	fpr, tpr, thresholds, err := rocCurve(isPos, score, weights)
	if err != nil {
		return nil, nil, nil
	}
	return fpr, tpr, thresholds
}

// rocCurve is scikit-learn's roc_curve on a boolean target.
func rocCurve(isPos []bool, score, w []float64) (fpr, tpr, thr []float64, err error) {
	fps, tps, thr, err := binaryClfCurve(isPos, score, w)
	if err != nil {
		return nil, nil, nil, err
	}
	// drop_intermediate: keep the ends and every point where fps or tps bends.
	if len(fps) > 2 {
		keep := []int{0}
		for i := 1; i < len(fps)-1; i++ {
			// np.diff(x, 2)[i-1] = (x[i+1] − x[i]) − (x[i] − x[i−1])
			if (fps[i+1]-fps[i])-(fps[i]-fps[i-1]) != 0 || (tps[i+1]-tps[i])-(tps[i]-tps[i-1]) != 0 {
				keep = append(keep, i)
			}
		}
		keep = append(keep, len(fps)-1)
		f, t, th := make([]float64, len(keep)), make([]float64, len(keep)), make([]float64, len(keep))
		for k, i := range keep {
			f[k], t[k], th[k] = fps[i], tps[i], thr[i]
		}
		fps, tps, thr = f, t, th
	}
	fps = append([]float64{0}, fps...)
	tps = append([]float64{0}, tps...)
	thr = append([]float64{thr[0] + 1}, thr...)
	fpr = ratesOf(fps)
	tpr = ratesOf(tps)
	return fpr, tpr, thr, nil
}

// ratesOf divides c by its last element, or returns NaNs when that is not positive.
func ratesOf(c []float64) []float64 {
	out := make([]float64, len(c))
	last := c[len(c)-1]
	for i, v := range c {
		if last <= 0 {
			out[i] = math.NaN()
		} else {
			out[i] = v / last
		}
	}
	return out
}

// binaryClfCurve is scikit-learn's _binary_clf_curve: cumulative false and true
// positives at each distinct score, in decreasing score order.
func binaryClfCurve(isPos []bool, score, w []float64) (fps, tps, thr []float64, err error) {
	idx := make([]int, 0, len(score))
	for i, s := range score {
		if math.IsNaN(s) {
			return nil, nil, nil, errors.New("metrics: NaN score")
		}
		if w == nil || w[i] != 0 { // zero-weighted samples are dropped
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		if len(score) == 0 {
			return nil, nil, nil, errEmpty
		}
		return nil, nil, nil, errors.New("metrics: all sample weights are zero")
	}
	// np.argsort(score, kind="mergesort")[::-1]
	sort.SliceStable(idx, func(a, b int) bool { return score[idx[a]] < score[idx[b]] })
	for a, b := 0, len(idx)-1; a < b; a, b = a+1, b-1 {
		idx[a], idx[b] = idx[b], idx[a]
	}
	var ctp, cfp float64
	n := len(idx)
	for k, i := range idx {
		wi := weight(w, i)
		if isPos[i] {
			ctp += wi
		} else if w != nil {
			cfp += wi
		}
		if k == n-1 || score[idx[k+1]] != score[i] {
			tps = append(tps, ctp)
			if w != nil {
				fps = append(fps, cfp)
			} else {
				fps = append(fps, float64(1+k)-ctp)
			}
			thr = append(thr, score[i])
		}
	}
	return fps, tps, thr, nil
}

// ROCAUCOvRScore returns the one-vs-rest multiclass ROC AUC (scikit-learn roc_auc_score with
// multi_class="ovr"): the ROC AUC of each class against the rest, from column j of
// proba, averaged as avg says: [Macro] (the zero value here, scikit-learn's default),
// [Weighted] by the weighted class prevalence, or [Micro] over all (sample, class)
// pairs. proba is n×k with column j for classes[j]; classes nil means the sorted
// distinct labels of yTrue. Rows must sum to 1 (np.allclose), as scikit-learn requires
// for multiclass ROC AUC. With two classes it is the binary [ROCAUCScore] of column 1,
// which is what the "roc_auc_ovr" scorer computes for binary targets.
//
// It panics on a length mismatch (rows of proba, len(yTrue), len(weights)) and on an
// avg other than Macro, Weighted, Micro or "". It returns NaN where the result is
// undefined (scikit-learn raises ValueError): empty input, a nil or unusable proba or
// one with NaN or Inf values, a class count that differs from proba's columns, classes
// not strictly increasing, a label of yTrue not in classes, rows that do not sum to 1,
// a class absent from yTrue (its ROC AUC is undefined), or all samples of a class
// with zero weight.
func ROCAUCOvRScore(yTrue []float64, proba mat.Matrix, classes []float64, avg Average, weights []float64) float64 {
	mustMultiAverage(avg, false)
	v, err := rocAUCMulti(yTrue, proba, classes, avg, weights, false)
	return orNaN(v, err)
}

// mustMultiAverage panics on an average the multiclass ROC AUC does not support
// (programmer error).
func mustMultiAverage(avg Average, ovo bool) {
	if err := checkMultiAverage(avg, ovo); err != nil {
		panic(err.Error())
	}
}

func checkMultiAverage(avg Average, ovo bool) error {
	if avg != "" && avg != Macro && avg != Weighted && (ovo || avg != Micro) {
		return fmt.Errorf("metrics: multiclass ROC AUC average must be macro, weighted or (ovr only) micro, got %q", string(avg))
	}
	return nil
}

// ROCAUCOvOScore returns the one-vs-one multiclass ROC AUC of Hand & Till (2001)
// (scikit-learn roc_auc_score with multi_class="ovo"): for each pair of classes (a, b)
// present in yTrue, the mean of the AUC of a against b (column a, samples of a or b) and
// of b against a, then averaged over pairs, uniformly for [Macro] (the zero value
// here) or weighted by the pair's prevalence for [Weighted]. Like scikit-learn it
// takes no sample weights. proba and classes are as for [ROCAUCOvRScore], and so are
// the panics (Micro is not supported here) and the NaN results, which include a yTrue
// with fewer than two classes.
func ROCAUCOvOScore(yTrue []float64, proba mat.Matrix, classes []float64, avg Average) float64 {
	mustMultiAverage(avg, true)
	v, err := rocAUCMulti(yTrue, proba, classes, avg, nil, true)
	return orNaN(v, err)
}

func rocAUCMulti(yTrue []float64, probaM mat.Matrix, classes []float64, avg Average, w []float64, ovo bool) (float64, error) {
	checkLen(yTrue, yTrue, w)
	if err := checkMultiAverage(avg, ovo); err != nil {
		return 0, err
	}
	if avg == "" {
		avg = Macro
	}
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
	}
	col, err := classColumns(yTrue, classes, k)
	if err != nil {
		return 0, err
	}
	column := func(j int) []float64 {
		c := make([]float64, n)
		for i := range n {
			c[i] = proba.At(i, j)
		}
		return c
	}
	if k == 2 {
		isPos := make([]bool, n)
		for i, c := range col {
			isPos[i] = c == 1
		}
		return binaryROCAUC(isPos, column(1), w)
	}
	for i := range n {
		var s float64
		for j := range k {
			s += proba.At(i, j)
		}
		if !(math.Abs(1-s) <= 1e-8+1e-5*math.Abs(s)) { // np.allclose(1, s)
			return 0, errors.New("metrics: target scores need to be probabilities for multiclass ROC AUC, i.e. rows must sum to 1")
		}
	}
	if ovo {
		return rocAUCOvO(col, k, column, avg == Weighted)
	}
	if avg == Micro {
		isPos := make([]bool, 0, n*k)
		score := make([]float64, 0, n*k)
		var ww []float64
		for i := range n {
			for j := range k {
				isPos = append(isPos, col[i] == j)
				score = append(score, proba.At(i, j))
				if w != nil {
					ww = append(ww, w[i])
				}
			}
		}
		return binaryROCAUC(isPos, score, ww)
	}
	scores := make([]float64, k)
	prevalence := make([]float64, k)
	for j := range k {
		isPos := make([]bool, n)
		for i, c := range col {
			if c == j {
				isPos[i] = true
				prevalence[j] += weight(w, i)
			}
		}
		s, err := binaryROCAUC(isPos, column(j), w)
		if err != nil {
			return 0, fmt.Errorf("metrics: class %v: %w", classes[j], err)
		}
		scores[j] = s
	}
	if avg == Macro {
		return average(scores, nil), nil
	}
	if math.Abs(sum(prevalence)) <= 1e-8 { // np.isclose(sum, 0)
		return 0, nil
	}
	for j := range scores {
		if prevalence[j] == 0 {
			scores[j] = 0
		}
	}
	return average(scores, prevalence), nil
}

// rocAUCOvO is scikit-learn's _average_multiclass_ovo_score.
func rocAUCOvO(col []int, k int, column func(j int) []float64, weighted bool) (float64, error) {
	present := make([]bool, k)
	for _, c := range col {
		present[c] = true
	}
	var pairScores, prevalence []float64
	for a := range k {
		for b := a + 1; b < k; b++ {
			if !present[a] || !present[b] {
				continue
			}
			ca, cb := column(a), column(b)
			var aTrue []bool
			var sa, sb []float64
			for i, c := range col {
				if c == a || c == b {
					aTrue = append(aTrue, c == a)
					sa = append(sa, ca[i])
					sb = append(sb, cb[i])
				}
			}
			bTrue := make([]bool, len(aTrue))
			for i, v := range aTrue {
				bTrue[i] = !v
			}
			aScore, err := binaryROCAUC(aTrue, sa, nil)
			if err != nil {
				return 0, err
			}
			bScore, err := binaryROCAUC(bTrue, sb, nil)
			if err != nil {
				return 0, err
			}
			pairScores = append(pairScores, (aScore+bScore)/2)
			prevalence = append(prevalence, float64(len(aTrue))/float64(len(col)))
		}
	}
	if len(pairScores) == 0 {
		return 0, errors.New("metrics: ROC AUC one-vs-one needs at least two classes in y_true")
	}
	if !weighted {
		prevalence = nil
	}
	return average(pairScores, prevalence), nil
}
