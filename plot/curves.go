package plot

import (
	"fmt"
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
)

// MaxCurves bounds the curves (or series) of one plot.
const MaxCurves = 100

// ROC is one model's receiver operating characteristic curve (the data of
// scikit-learn's RocCurveDisplay), as metrics.ROCCurve returns it.
type ROC struct {
	// Name names the model in the legend; "" leaves only the AUC.
	Name string
	// FPR and TPR are the false and true positive rates of the curve's points, FPR
	// monotonic (non-decreasing for metrics.ROCCurve).
	FPR, TPR []float64
	// PosLabel, when not "", is added to the axis labels as scikit-learn does
	// ("False Positive Rate (Positive label: 1)") if every curve of the plot has the
	// same one.
	PosLabel string
}

// AUC returns the area under the curve by the trapezoidal rule (scikit-learn auc):
// negated when FPR decreases. It is NaN for fewer than two points or an FPR that is
// not monotonic.
func (r ROC) AUC() float64 {
	v, err := auc(r.FPR, r.TPR)
	if err != nil {
		return math.NaN()
	}
	return v
}

// auc is scikit-learn's auc(x, y).
func auc(x, y []float64) (float64, error) {
	if len(x) < 2 || len(x) != len(y) {
		return 0, fmt.Errorf("need at least 2 points of equal-length coordinates, have %d and %d", len(x), len(y))
	}
	up, down := false, false
	for i := 1; i < len(x); i++ {
		up = up || x[i] > x[i-1]
		down = down || x[i] < x[i-1]
	}
	if up && down {
		return 0, fmt.Errorf("x is neither increasing nor decreasing")
	}
	var s float64
	for i := 1; i < len(x); i++ {
		s += (x[i] - x[i-1]) * (y[i] + y[i-1]) / 2
	}
	if down {
		s = -s
	}
	return s, nil
}

// ROCFromPredictions computes the ROC curve of score for the positive label posLabel
// with metrics.ROCCurve (scikit-learn RocCurveDisplay.from_predictions; its
// pos_label=None means 1 for 0/1 and -1/1 labels: pass 1 then). name "" means
// "Classifier", as in scikit-learn; PosLabel is posLabel formatted with %g.
//
// yTrue and score must be non-empty, of equal length and finite, weights nil or as
// long, finite and not all zero; yTrue must hold posLabel and another label.
func ROCFromPredictions(name string, yTrue, score []float64, posLabel float64, weights []float64) (r ROC, err error) {
	const prefix = "plot.ROCFromPredictions"
	defer protect(prefix, &err)
	if err := checkBinary(prefix, yTrue, score, posLabel, weights); err != nil {
		return ROC{}, err
	}
	fpr, tpr, _ := metrics.ROCCurve(yTrue, score, posLabel, weights)
	if fpr == nil || math.IsNaN(fpr[len(fpr)-1]) || math.IsNaN(tpr[len(tpr)-1]) {
		return ROC{}, fmt.Errorf("%s: the curve is undefined (weights of one class all zero): %w", prefix, estimator.ErrInvalidData)
	}
	return ROC{Name: orDefault(name, "Classifier"), FPR: fpr, TPR: tpr, PosLabel: formatLabel(posLabel)}, nil
}

// checkBinary checks the input of the *FromPredictions curve functions.
func checkBinary(prefix string, yTrue, score []float64, posLabel float64, weights []float64) error {
	if err := checkValues(prefix, "yTrue", yTrue); err != nil {
		return err
	}
	if err := checkValues(prefix, "score", score); err != nil {
		return err
	}
	if err := checkSameLen(prefix, "yTrue", len(yTrue), "score", len(score)); err != nil {
		return err
	}
	if weights != nil {
		if err := checkValues(prefix, "weights", weights); err != nil {
			return err
		}
		if err := checkSameLen(prefix, "yTrue", len(yTrue), "weights", len(weights)); err != nil {
			return err
		}
	}
	if math.IsNaN(posLabel) || math.IsInf(posLabel, 0) {
		return fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "posLabel", Value: posLabel, Reason: "must be finite"})
	}
	pos, neg := false, false
	for _, y := range yTrue {
		if y == posLabel {
			pos = true
		} else {
			neg = true
		}
	}
	if !pos || !neg {
		return fmt.Errorf("%s: yTrue must hold the positive label %v and another label (has positives: %v, negatives: %v): %w",
			prefix, posLabel, pos, neg, estimator.ErrInvalidData)
	}
	return nil
}

func formatLabel(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// ROCCurve draws one or several ROC curves (scikit-learn RocCurveDisplay.plot on one
// axes) in matplotlib's color cycle, with the legend entries "name (AUC = 0.93)"
// ("AUC = 0.93" without a name; the AUC as [ROC.AUC] computes it), in the lower
// right corner, and the chance level as a dashed diagonal "Chance level (AUC = 0.5)"
// (scikit-learn ≥ 1.3's plot_chance_level). The axes are "False Positive Rate" and
// "True Positive Rate", followed by " (Positive label: p)" when the curves share the
// PosLabel p.
//
// Each curve needs at least two points, equal lengths, finite rates and a monotonic
// FPR; at most MaxCurves curves.
func ROCCurve(curves ...ROC) (p *gplot.Plot, err error) {
	const prefix = "plot.ROCCurve"
	defer protect(prefix, &err)
	if len(curves) == 0 || len(curves) > MaxCurves {
		return nil, fmt.Errorf("%s: %d curves, want 1 to %d: %w", prefix, len(curves), MaxCurves, estimator.ErrInvalidData)
	}
	pos := curves[0].PosLabel
	p = newPlot("", "", "")
	for i, c := range curves {
		name := fmt.Sprintf("curve %d", i)
		if err := checkCurve(prefix, name, "FPR", c.FPR, "TPR", c.TPR); err != nil {
			return nil, err
		}
		a, err := auc(c.FPR, c.TPR)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: FPR %v: %w", prefix, name, err, estimator.ErrInvalidData)
		}
		if c.PosLabel != pos {
			pos = ""
		}
		l, err := plotter.NewLine(xys(c.FPR, c.TPR))
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", prefix, name, err)
		}
		l.LineStyle = solid(i)
		p.Add(l)
		p.Legend.Add(curveLabel(c.Name, "AUC", a), l)
	}
	chance, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	chance.LineStyle = dashed()
	p.Add(chance)
	p.Legend.Add("Chance level (AUC = 0.5)", chance)
	p.X.Label.Text = "False Positive Rate" + posSuffix(pos)
	p.Y.Label.Text = "True Positive Rate" + posSuffix(pos)
	p.Legend.Top, p.Legend.Left = false, false
	return p, nil
}

// curveLabel is scikit-learn's legend text: "name (AUC = 0.93)" or "AUC = 0.93".
func curveLabel(name, score string, v float64) string {
	if name == "" {
		return fmt.Sprintf("%s = %.2f", score, v)
	}
	return fmt.Sprintf("%s (%s = %.2f)", name, score, v)
}

func posSuffix(pos string) string {
	if pos == "" {
		return ""
	}
	return " (Positive label: " + pos + ")"
}

// checkCurve checks a curve's two coordinate slices.
func checkCurve(prefix, name, xn string, x []float64, yn string, y []float64) error {
	if err := checkValues(prefix, name+" "+xn, x); err != nil {
		return err
	}
	if err := checkValues(prefix, name+" "+yn, y); err != nil {
		return err
	}
	if err := checkSameLen(prefix, name+" "+xn, len(x), name+" "+yn, len(y)); err != nil {
		return err
	}
	if len(x) < 2 {
		return fmt.Errorf("%s: %s has %d point, need at least 2: %w", prefix, name, len(x), estimator.ErrInvalidData)
	}
	return nil
}

// xys pairs x and y.
func xys(x, y []float64) plotter.XYs {
	pts := make(plotter.XYs, len(x))
	for i := range x {
		pts[i] = plotter.XY{X: x[i], Y: y[i]}
	}
	return pts
}

// PrecisionRecall is one model's precision-recall curve (the data of scikit-learn's
// PrecisionRecallDisplay), as metrics.PrecisionRecallCurve returns it.
type PrecisionRecall struct {
	// Name names the model in the legend; "" leaves only the average precision.
	Name string
	// Precision and Recall are the curve's points, Recall non-increasing (the
	// order of metrics.PrecisionRecallCurve, which ends at recall 0, precision 1).
	Precision, Recall []float64
	// PosLabel, when not "", is added to the axis labels ("Recall (Positive label:
	// 1)") if every curve of the plot has the same one.
	PosLabel string
}

// AveragePrecision returns -Σ (Recall[i+1] − Recall[i])·Precision[i] (scikit-learn's
// uninterpolated average precision, computed from the curve as
// average_precision_score does). It is NaN for fewer than two points, unequal
// lengths or a Recall that increases somewhere.
func (c PrecisionRecall) AveragePrecision() float64 {
	v, err := averagePrecision(c.Precision, c.Recall)
	if err != nil {
		return math.NaN()
	}
	return v
}

func averagePrecision(precision, recall []float64) (float64, error) {
	if len(recall) < 2 || len(recall) != len(precision) {
		return 0, fmt.Errorf("need at least 2 points of equal-length coordinates, have %d and %d", len(precision), len(recall))
	}
	var s float64
	for i := 0; i+1 < len(recall); i++ {
		if recall[i+1] > recall[i] {
			return 0, fmt.Errorf("recall increases at point %d (%v to %v); it must be non-increasing", i+1, recall[i], recall[i+1])
		}
		s += (recall[i+1] - recall[i]) * precision[i]
	}
	return -s, nil
}

// PrecisionRecallFromPredictions computes the precision-recall curve of score for
// the positive label posLabel with metrics.PrecisionRecallCurve (scikit-learn
// PrecisionRecallDisplay.from_predictions; its pos_label=None means 1 for 0/1 and
// -1/1 labels: pass 1 then). name "" means "Classifier", as in scikit-learn;
// PosLabel is posLabel formatted with %g.
//
// yTrue and score must be non-empty, of equal length and finite, weights nil or as
// long, finite and not all zero; yTrue must hold posLabel and another label.
func PrecisionRecallFromPredictions(name string, yTrue, score []float64, posLabel float64, weights []float64) (c PrecisionRecall, err error) {
	const prefix = "plot.PrecisionRecallFromPredictions"
	defer protect(prefix, &err)
	if err := checkBinary(prefix, yTrue, score, posLabel, weights); err != nil {
		return PrecisionRecall{}, err
	}
	prec, rec, _ := metrics.PrecisionRecallCurve(yTrue, score, posLabel, weights)
	if prec == nil {
		return PrecisionRecall{}, fmt.Errorf("%s: the curve is undefined (all weights zero): %w", prefix, estimator.ErrInvalidData)
	}
	return PrecisionRecall{Name: orDefault(name, "Classifier"), Precision: prec, Recall: rec, PosLabel: formatLabel(posLabel)}, nil
}

// PrecisionRecallCurve draws one or several precision-recall curves (scikit-learn
// PrecisionRecallDisplay.plot on one axes) as post-step lines (matplotlib's
// drawstyle="steps-post") in matplotlib's color cycle, with the legend entries
// "name (AP = 0.88)" ("AP = 0.88" without a name; the average precision as
// [PrecisionRecall.AveragePrecision] computes it) in the lower left corner. The axes
// are "Recall" and "Precision", followed by " (Positive label: p)" when the curves
// share the PosLabel p.
//
// Each curve needs at least two points, equal lengths, finite values and a
// non-increasing Recall; at most MaxCurves curves.
func PrecisionRecallCurve(curves ...PrecisionRecall) (p *gplot.Plot, err error) {
	const prefix = "plot.PrecisionRecallCurve"
	defer protect(prefix, &err)
	if len(curves) == 0 || len(curves) > MaxCurves {
		return nil, fmt.Errorf("%s: %d curves, want 1 to %d: %w", prefix, len(curves), MaxCurves, estimator.ErrInvalidData)
	}
	pos := curves[0].PosLabel
	p = newPlot("", "", "")
	for i, c := range curves {
		name := fmt.Sprintf("curve %d", i)
		if err := checkCurve(prefix, name, "Recall", c.Recall, "Precision", c.Precision); err != nil {
			return nil, err
		}
		ap, err := averagePrecision(c.Precision, c.Recall)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %v: %w", prefix, name, err, estimator.ErrInvalidData)
		}
		if c.PosLabel != pos {
			pos = ""
		}
		l, err := plotter.NewLine(postSteps(c.Recall, c.Precision))
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", prefix, name, err)
		}
		l.LineStyle = solid(i)
		p.Add(l)
		p.Legend.Add(curveLabel(c.Name, "AP", ap), l)
	}
	p.X.Label.Text = "Recall" + posSuffix(pos)
	p.Y.Label.Text = "Precision" + posSuffix(pos)
	p.Legend.Top, p.Legend.Left = false, true
	return p, nil
}

// postSteps is matplotlib's pts_to_poststep: the line holds each y until the next x.
func postSteps(x, y []float64) plotter.XYs {
	if len(x) == 0 {
		return nil
	}
	pts := make(plotter.XYs, 0, 2*len(x)-1)
	for i := range x {
		if i > 0 {
			pts = append(pts, plotter.XY{X: x[i], Y: y[i-1]})
		}
		pts = append(pts, plotter.XY{X: x[i], Y: y[i]})
	}
	return pts
}
