package metrics

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// This file holds the label-based classification metrics. Labels are float64 codes;
// any value other than NaN is a label (scikit-learn would reject non-integral floats as
// "continuous" targets). Conditions of the data that scikit-learn answers with
// ValueError (NaN labels, empty input, Binary averaging of multiclass targets, a
// positive label that is not present, a negative beta) give NaN, as gonum/stat does
// for undefined results; the Scorers return them as errors. Only a length mismatch
// and an unknown Average, which are programmer errors, panic.

// Average selects how per-class precision, recall and F-scores are combined
// (scikit-learn's average parameter). The zero value is [Binary], scikit-learn's
// default.
type Average string

// Averaging modes.
const (
	// Binary reports the score of the positive class 1 only (average="binary",
	// pos_label=1). The targets must have at most two distinct labels. Use [PosLabel]
	// for another positive label. The empty string means Binary too.
	Binary Average = "binary"
	// Micro counts true positives, false negatives and false positives globally.
	Micro Average = "micro"
	// Macro is the unweighted mean of the per-class scores.
	Macro Average = "macro"
	// Weighted is the mean of the per-class scores weighted by support (the
	// weighted number of true instances of each class).
	Weighted Average = "weighted"
)

// PosLabel returns the Binary averaging mode with positive label label
// (scikit-learn average="binary", pos_label=label).
func PosLabel(label float64) Average {
	return Average("binary:" + strconv.FormatFloat(label, 'g', -1, 64))
}

// parse returns the normalised mode and, for Binary, the positive label.
func (a Average) parse() (Average, float64, error) {
	switch a {
	case "", Binary:
		return Binary, 1, nil
	case Micro, Macro, Weighted:
		return a, 0, nil
	}
	if s, ok := strings.CutPrefix(string(a), "binary:"); ok {
		if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(v) {
			return Binary, v, nil
		}
	}
	return "", 0, fmt.Errorf("metrics: unknown average %q (want binary, micro, macro, weighted or PosLabel(x))", string(a))
}

// mustParse panics on an unknown Average (programmer error).
func (a Average) mustParse() {
	if _, _, err := a.parse(); err != nil {
		panic(err.Error())
	}
}

// AccuracyScore returns the (weighted) fraction of exact matches between yTrue and
// yPred (scikit-learn accuracy_score). It returns NaN for empty input, a NaN label or
// weights that sum to zero.
func AccuracyScore(yTrue, yPred, weights []float64) float64 {
	checkLen(yTrue, yPred, weights)
	var sw, s float64
	for i, y := range yTrue {
		p := yPred[i]
		if y != y || p != p { // NaN label
			return math.NaN()
		}
		w := weight(weights, i)
		if y == p {
			s += w
		}
		sw += w
	}
	return s / sw
}

// BalancedAccuracyScore returns the mean over classes of the per-class recall
// (scikit-learn balanced_accuracy_score with adjusted=False). Classes that occur only
// in yPred (zero weighted support) are left out of the mean, as in scikit-learn. It
// returns NaN for empty input, a NaN label or weights that sum to zero.
func BalancedAccuracyScore(yTrue, yPred, weights []float64) float64 {
	v, err := balancedAccuracy(yTrue, yPred, weights)
	return orNaN(v, err)
}

func balancedAccuracy(yTrue, yPred, weights []float64) (float64, error) {
	checkLen(yTrue, yPred, weights)
	if len(yTrue) == 0 {
		return 0, errEmpty
	}
	// Per-class recall needs only each true class's support and correct count: O(k)
	// memory, not the k×k confusion matrix (a target with many distinct values must
	// not allocate k² floats).
	labels, err := uniqueLabels(yTrue, nil)
	if err != nil {
		return 0, err
	}
	for _, v := range yPred {
		if v != v {
			return 0, errors.New("metrics: NaN label")
		}
	}
	support := make([]float64, len(labels))
	correct := make([]float64, len(labels))
	for i, yt := range yTrue {
		j, _ := slices.BinarySearch(labels, yt)
		w := weight(weights, i)
		support[j] += w
		if yPred[i] == yt {
			correct[j] += w
		}
	}
	var sum float64
	n := 0
	for j, rs := range support {
		r := correct[j] / rs
		if math.IsNaN(r) {
			continue
		}
		sum += r
		n++
	}
	if n == 0 {
		return 0, errors.New("metrics: no class has a positive weighted support")
	}
	return sum / float64(n), nil
}

// PrecisionScore returns tp / (tp + fp) combined over classes as avg says
// (scikit-learn precision_score with zero_division="warn"): a class with no predicted
// samples has precision 0. It panics on a length mismatch or an unknown avg, and
// returns NaN for empty input, a NaN label, Binary averaging of more than two labels,
// or a Binary positive label absent from two present labels (scikit-learn raises
// ValueError for these).
func PrecisionScore(yTrue, yPred []float64, avg Average, weights []float64) float64 {
	p, _, _ := prfOrNaN(yTrue, yPred, 1, avg, weights)
	return p
}

// prfOrNaN is averagedPRF for the metric functions: NaN for undefined results, a
// panic for an unknown avg.
func prfOrNaN(yTrue, yPred []float64, beta float64, avg Average, weights []float64) (p, r, f float64) {
	avg.mustParse()
	p, r, f, err := averagedPRF(yTrue, yPred, beta, avg, weights)
	if err != nil {
		nan := math.NaN()
		return nan, nan, nan
	}
	return p, r, f
}

// RecallScore returns tp / (tp + fn) combined over classes as avg says (scikit-learn
// recall_score with zero_division="warn"): a class with no true samples has recall 0.
// It panics and returns NaN as [PrecisionScore] does.
func RecallScore(yTrue, yPred []float64, avg Average, weights []float64) float64 {
	_, r, _ := prfOrNaN(yTrue, yPred, 1, avg, weights)
	return r
}

// F1Score returns the harmonic mean of precision and recall, 2·P·R / (P + R), combined
// over classes as avg says (scikit-learn f1_score with zero_division="warn"). A class
// with P + R = 0 scores 0. It panics and returns NaN as [PrecisionScore] does.
func F1Score(yTrue, yPred []float64, avg Average, weights []float64) float64 {
	_, _, f := prfOrNaN(yTrue, yPred, 1, avg, weights)
	return f
}

// FBetaScore returns (1 + β²)·P·R / (β²·P + R), combined over classes as avg says
// (scikit-learn fbeta_score). beta = +Inf gives the recall. It returns NaN when beta
// is negative or NaN, and otherwise panics and returns NaN as [PrecisionScore] does.
func FBetaScore(yTrue, yPred []float64, beta float64, avg Average, weights []float64) float64 {
	_, _, f := prfOrNaN(yTrue, yPred, beta, avg, weights)
	return f
}

// PrecisionRecallFScoreSupport returns the per-class precision, recall, F-beta score
// and support (weighted count of true instances) for each of labels, in that order
// (scikit-learn precision_recall_fscore_support with average=None). labels nil means
// the sorted union of the labels in yTrue and yPred; labels absent from the data get
// zeros. Undefined ratios (0/0) are 0, scikit-learn's default zero_division.
//
// It panics on a length mismatch. Undefined results are NaN: every fscore when beta is
// negative or NaN, all four slices (of len(labels)) when labels holds NaN or a
// duplicate, and with labels nil, all four slices are nil when yTrue or yPred holds a
// NaN label (the label set is then undefined).
func PrecisionRecallFScoreSupport(yTrue, yPred []float64, beta float64, labels, weights []float64) (precision, recall, fscore, support []float64) {
	checkLen(yTrue, yPred, weights)
	if len(labels) == 0 {
		var err error
		if labels, err = uniqueLabels(yTrue, yPred); err != nil {
			return nil, nil, nil, nil
		}
	} else if err := checkLabelList(labels); err != nil {
		return nanSlice(len(labels)), nanSlice(len(labels)), nanSlice(len(labels)), nanSlice(len(labels))
	}
	tp, ps, ts := prfCounts(yTrue, yPred, labels, weights)
	precision, recall, fscore = prfDivide(tp, ps, ts, beta)
	if checkBeta(beta) != nil {
		fscore = nanSlice(len(labels))
	}
	return precision, recall, fscore, ts
}

// nanSlice returns n NaNs.
func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

func checkBeta(beta float64) error {
	if !(beta >= 0) {
		return fmt.Errorf("metrics: beta must be >= 0, got %v", beta)
	}
	return nil
}

// averagedPRF is precision_recall_fscore_support with an average.
func averagedPRF(yTrue, yPred []float64, beta float64, avg Average, weights []float64) (p, r, f float64, err error) {
	checkLen(yTrue, yPred, weights)
	if len(yTrue) == 0 {
		return 0, 0, 0, errEmpty
	}
	if err := checkBeta(beta); err != nil {
		return 0, 0, 0, err
	}
	mode, pos, err := avg.parse()
	if err != nil {
		return 0, 0, 0, err
	}
	present, err := uniqueLabels(yTrue, yPred)
	if err != nil {
		return 0, 0, 0, err
	}
	labels := present
	if mode == Binary {
		if len(present) > 2 {
			return 0, 0, 0, fmt.Errorf("metrics: target is multiclass (%d labels) but average is binary; use Micro, Macro or Weighted", len(present))
		}
		if !slices.Contains(present, pos) && len(present) == 2 {
			return 0, 0, 0, fmt.Errorf("metrics: pos_label=%v is not a valid label; it should be one of %v", pos, present)
		}
		labels = []float64{pos}
	}
	tp, ps, ts := prfCounts(yTrue, yPred, labels, weights)
	if mode == Micro {
		tp, ps, ts = []float64{sum(tp)}, []float64{sum(ps)}, []float64{sum(ts)}
	}
	prec, rec, fs := prfDivide(tp, ps, ts, beta)
	var avgW []float64
	if mode == Weighted {
		avgW = ts
		if sum(ts) == 0 {
			// No true samples of any label: every score is zero_division (0).
			return 0, 0, 0, nil
		}
	}
	p, r, f = average(prec, avgW), average(rec, avgW), average(fs, avgW)
	if math.IsNaN(p) || math.IsNaN(r) || math.IsNaN(f) {
		return 0, 0, 0, errors.New("metrics: precision, recall or F-score is undefined (weights that sum to zero?)")
	}
	return p, r, f, nil
}

// prfCounts returns, for each label, the weighted true positives, predicted count
// (tp + fp) and true count (tp + fn), computed as scikit-learn's
// multilabel_confusion_matrix does.
func prfCounts(yTrue, yPred, labels, w []float64) (tp, predSum, trueSum []float64) {
	index := make(map[float64]int, len(labels))
	for i, l := range labels {
		index[l] = i
	}
	k := len(labels)
	tp, pc, tc := make([]float64, k), make([]float64, k), make([]float64, k)
	for i, yt := range yTrue {
		wi := weight(w, i)
		yp := yPred[i]
		if j, ok := index[yt]; ok {
			tc[j] += wi
			if yt == yp {
				tp[j] += wi
			}
		}
		if j, ok := index[yp]; ok {
			pc[j] += wi
		}
	}
	predSum, trueSum = make([]float64, k), make([]float64, k)
	for j := range k {
		fp := pc[j] - tp[j]
		fn := tc[j] - tp[j]
		predSum[j] = tp[j] + fp
		trueSum[j] = tp[j] + fn
	}
	return tp, predSum, trueSum
}

// prfDivide is scikit-learn's _prf_divide and F-beta formula with zero_division 0.
func prfDivide(tp, predSum, trueSum []float64, beta float64) (p, r, f []float64) {
	k := len(tp)
	p, r, f = make([]float64, k), make([]float64, k), make([]float64, k)
	b2 := beta * beta
	for j := range k {
		if predSum[j] != 0 {
			p[j] = tp[j] / predSum[j]
		}
		if trueSum[j] != 0 {
			r[j] = tp[j] / trueSum[j]
		}
		if math.IsInf(beta, 1) {
			f[j] = r[j]
			continue
		}
		den := b2*p[j] + r[j]
		if den == 0 {
			den = 1
		}
		f[j] = (1 + b2) * p[j] * r[j] / den
	}
	return p, r, f
}

// ConfusionMatrix returns the k×k matrix C whose element (i, j) is the weighted
// number of samples with true label labels[i] predicted as labels[j] (scikit-learn
// confusion_matrix). labels nil (or empty) means the sorted union of the labels in
// yTrue and yPred; otherwise samples whose true or predicted label is not in labels
// are ignored. Empty input gives a k×k matrix of zeros, as in scikit-learn.
//
// It panics on a length mismatch. Where scikit-learn raises ValueError on the data it
// returns a k×k matrix of NaN (k = len(labels)) when no label of a non-empty yTrue is in
// labels or labels holds NaN or a duplicate, and nil when the label set is empty or
// undefined (labels nil and yTrue or yPred empty or holding NaN).
func ConfusionMatrix(yTrue, yPred, labels, weights []float64) *mat.Dense {
	cm, err := confusion(yTrue, yPred, labels, weights)
	if err != nil || len(cm.labels) == 0 {
		if len(labels) == 0 {
			return nil
		}
		k := len(labels)
		return mat.NewDense(k, k, nanSlice(k*k))
	}
	k := len(cm.labels)
	out := mat.NewDense(k, k, nil)
	for i, row := range cm.counts {
		out.SetRow(i, row)
	}
	return out
}

type confusionCounts struct {
	labels []float64
	counts [][]float64
}

func confusion(yTrue, yPred, labels, weights []float64) (*confusionCounts, error) {
	checkLen(yTrue, yPred, weights)
	if len(labels) == 0 {
		var err error
		if labels, err = uniqueLabels(yTrue, yPred); err != nil {
			return nil, err
		}
	} else {
		if err := checkLabelList(labels); err != nil {
			return nil, err
		}
	}
	index := make(map[float64]int, len(labels))
	for i, l := range labels {
		index[l] = i
	}
	k := len(labels)
	counts := make([][]float64, k)
	for i := range counts {
		counts[i] = make([]float64, k)
	}
	anyTrue := false
	for i, yt := range yTrue {
		ti, ok := index[yt]
		if !ok {
			continue
		}
		anyTrue = true
		pi, ok := index[yPred[i]]
		if !ok {
			continue
		}
		counts[ti][pi] += weight(weights, i)
	}
	if !anyTrue && len(yTrue) > 0 {
		return nil, errors.New("metrics: at least one label specified must be in y_true")
	}
	return &confusionCounts{labels: labels, counts: counts}, nil
}

// uniqueLabels returns the sorted union of the values in a and b, or an error if one
// is NaN.
func uniqueLabels(a, b []float64) ([]float64, error) {
	u := make([]float64, 0, len(a)+len(b))
	u = append(append(u, a...), b...)
	for _, v := range u {
		if math.IsNaN(v) {
			return nil, errors.New("metrics: NaN label")
		}
	}
	slices.Sort(u)
	return slices.Compact(u), nil
}

// checkLabelList rejects NaN and duplicate labels in a caller-supplied list.
func checkLabelList(labels []float64) error {
	seen := make(map[float64]bool, len(labels))
	for _, l := range labels {
		if math.IsNaN(l) {
			return errors.New("metrics: NaN label")
		}
		if seen[l] {
			return fmt.Errorf("metrics: duplicate label %v", l)
		}
		seen[l] = true
	}
	return nil
}

func sum(a []float64) float64 {
	var s float64
	for _, v := range a {
		s += v
	}
	return s
}

// errEmpty reports empty input: the metric functions return NaN, the scorers this
// error.
var errEmpty = errors.New("metrics: empty input")

// orNaN returns v, or NaN when err reports an undefined result.
func orNaN(v float64, err error) float64 {
	if err != nil {
		return math.NaN()
	}
	return v
}
