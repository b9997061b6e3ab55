package metrics

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Report is a classification report as data (scikit-learn classification_report with
// output_dict=True): per-label precision, recall, F1 score and support, and the
// averages over labels. Its [Report.Text] method prints it as scikit-learn does.
type Report struct {
	// Labels are the labels reported on, in order, and Names their display names
	// (target_names; by default the labels formatted with strconv 'g').
	Labels []float64
	Names  []string
	// Precision, Recall, F1 and Support hold one value per label. Support is the
	// (weighted) number of true samples of the label.
	Precision, Recall, F1, Support []float64
	// Accuracy is the (weighted) accuracy when the labels are all the labels present
	// (scikit-learn's "accuracy" line, whose value is the micro-averaged F1 score);
	// otherwise it is NaN and MicroAvg holds the micro averages.
	Accuracy float64
	// MicroAvg is set only when Accuracy is NaN (labels given that differ from the
	// labels present).
	MicroAvg *ReportAverage
	// MacroAvg and WeightedAvg are the macro and support-weighted averages.
	MacroAvg, WeightedAvg ReportAverage
	// FloatSupport makes [Report.Text] print supports as decimal numbers ("2.0"), as
	// scikit-learn does when its counts are floats: when sample weights are given, or
	// when no sample at all is predicted correctly.
	FloatSupport bool
}

// ReportAverage is one averaged line of a [Report]. Support is the total support.
type ReportAverage struct {
	Precision, Recall, F1, Support float64
}

// ClassificationReport returns the per-label precision, recall, F1 score and support
// and their averages (scikit-learn classification_report with zero_division="warn":
// 0/0 is 0). labels nil means the sorted union of the labels in yTrue and yPred;
// given labels may include labels absent from the data (they get zeros) and leave
// some out. targetNames nil means the labels formatted with strconv's 'g' format
// (scikit-learn formats integer labels the same way, and float labels as "1.0"); when
// given it must have one name per label.
//
// It panics on a length mismatch and when targetNames does not have one name per label
// (scikit-learn raises ValueError; with labels given it warns and fails later). It
// returns nil for empty input, a NaN label, and labels holding NaN or a duplicate.
func ClassificationReport(yTrue, yPred, labels []float64, targetNames []string, weights []float64) *Report {
	checkLen(yTrue, yPred, weights)
	present, err := uniqueLabels(yTrue, yPred)
	labelsGiven := len(labels) > 0
	if !labelsGiven {
		labels = present
	}
	if targetNames != nil && len(targetNames) != len(labels) {
		panic(fmt.Sprintf("metrics: %d target names for %d labels", len(targetNames), len(labels)))
	}
	if err != nil || len(yTrue) == 0 || checkLabelList(labels) != nil {
		return nil
	}
	r := &Report{Labels: append([]float64(nil), labels...), FloatSupport: weights != nil}
	if !r.FloatSupport {
		// scikit-learn's multilabel_confusion_matrix falls back to float zeros when no
		// prediction is correct.
		r.FloatSupport = true
		for i, y := range yTrue {
			if y == yPred[i] {
				r.FloatSupport = false
				break
			}
		}
	}
	if targetNames != nil {
		r.Names = append([]string(nil), targetNames...)
	} else {
		for _, l := range labels {
			r.Names = append(r.Names, strconv.FormatFloat(l, 'g', -1, 64))
		}
	}
	tp, ps, ts := prfCounts(yTrue, yPred, labels, weights)
	r.Precision, r.Recall, r.F1 = prfDivide(tp, ps, ts, 1)
	r.Support = ts
	total := sum(ts)
	microIsAccuracy := !labelsGiven || sameSet(labels, present)
	mp, mr, mf := prfDivide([]float64{sum(tp)}, []float64{sum(ps)}, []float64{sum(ts)}, 1)
	if microIsAccuracy {
		r.Accuracy = mf[0]
	} else {
		r.Accuracy = math.NaN()
		r.MicroAvg = &ReportAverage{mp[0], mr[0], mf[0], total}
	}
	r.MacroAvg = ReportAverage{average(r.Precision, nil), average(r.Recall, nil), average(r.F1, nil), total}
	if total == 0 {
		r.WeightedAvg = ReportAverage{Support: total}
	} else {
		r.WeightedAvg = ReportAverage{average(r.Precision, ts), average(r.Recall, ts), average(r.F1, ts), total}
	}
	return r
}

// sameSet reports whether a and b hold the same values; b is sorted and distinct.
func sameSet(a, b []float64) bool {
	seen := make(map[float64]bool, len(a))
	for _, v := range a {
		seen[v] = true
	}
	if len(seen) != len(b) {
		return false
	}
	for _, v := range b {
		if !seen[v] {
			return false
		}
	}
	return true
}

// String returns [Report.Text] with 2 digits, scikit-learn's default.
func (r *Report) String() string { return r.Text(2) }

// Text formats the report exactly as scikit-learn's classification_report does with
// the given number of digits: a header line, one line per label, then the accuracy
// (or micro avg), macro avg and weighted avg lines. digits below 0 count as 0.
func (r *Report) Text(digits int) string {
	digits = max(digits, 0)
	const lastHeading = "weighted avg"
	width := max(len(lastHeading), digits)
	for _, n := range r.Names {
		width = max(width, len(n))
	}
	var b strings.Builder
	right := func(s string, w int) {
		if pad := w - len(s); pad > 0 {
			b.WriteString(strings.Repeat(" ", pad))
		}
		b.WriteString(s)
	}
	num := func(v float64) { b.WriteString(" "); right(strconv.FormatFloat(v, 'f', digits, 64), 9) }
	support := func(v float64) {
		b.WriteString(" ")
		if r.FloatSupport {
			right(pyFloat(v), 9)
		} else {
			right(strconv.FormatFloat(v, 'f', 0, 64), 9)
		}
	}
	right("", width)
	b.WriteString(" ")
	for _, h := range []string{"precision", "recall", "f1-score", "support"} {
		b.WriteString(" ")
		right(h, 9)
	}
	b.WriteString("\n\n")
	line := func(name string, p, rc, f, s float64) {
		right(name, width)
		b.WriteString(" ")
		num(p)
		num(rc)
		num(f)
		support(s)
		b.WriteString("\n")
	}
	for i, n := range r.Names {
		line(n, r.Precision[i], r.Recall[i], r.F1[i], r.Support[i])
	}
	b.WriteString("\n")
	if r.MicroAvg != nil {
		m := r.MicroAvg
		line("micro avg", m.Precision, m.Recall, m.F1, m.Support)
	} else {
		right("accuracy", width)
		b.WriteString(" ")
		b.WriteString(" ")
		right("", 9)
		b.WriteString(" ")
		right("", 9)
		num(r.Accuracy)
		support(r.MacroAvg.Support)
		b.WriteString("\n")
	}
	line("macro avg", r.MacroAvg.Precision, r.MacroAvg.Recall, r.MacroAvg.F1, r.MacroAvg.Support)
	line(lastHeading, r.WeightedAvg.Precision, r.WeightedAvg.Recall, r.WeightedAvg.F1, r.WeightedAvg.Support)
	return b.String()
}

// pyFloat formats v as Python's str(float) does: the shortest repr, with ".0" for
// integral values below 1e16 and an exponent from 1e16 up or below 1e−4.
func pyFloat(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		switch {
		case math.IsNaN(v):
			return "nan"
		case v > 0:
			return "inf"
		}
		return "-inf"
	}
	a := math.Abs(v)
	if a != 0 && (a >= 1e16 || a < 1e-4) {
		s := strconv.FormatFloat(v, 'e', -1, 64)
		// Go writes e+16 / e-05; Python writes e+16 / e-05 too.
		return s
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}
