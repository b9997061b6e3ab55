package plot

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PredictionErrorOptions configures [PredictionError] and [Residuals] (scikit-learn
// PredictionErrorDisplay.from_predictions' arguments). The zero value means
// scikit-learn's defaults; a nil pointer is the zero value.
type PredictionErrorOptions struct {
	// Subsample is the number of points drawn (scikit-learn subsample): 0 means
	// 1000, a negative value all of them. With more points than that, a random
	// subset is drawn, without replacement (scikit-learn 1.2.1 draws with
	// replacement), from a PCG generator seeded with Seed.
	Subsample int
	// Seed seeds the subsampling; 0 is a valid fixed seed.
	Seed uint64
	// Title is the plot's title; "" means none.
	Title string
}

// PredictionError draws the observed values yTrue against the predicted values yPred
// (scikit-learn PredictionErrorDisplay with kind="actual_vs_predicted"): a scatter
// of (yPred, yTrue) in tab:blue at 80% opacity, the identity line from (m, m) to
// (M, M), m and M the smallest and largest of the drawn yTrue and yPred, dashed
// black at 70% opacity, both axes over the same range with five ticks evenly
// spaced from m to M, "Predicted values" and "Actual values" as axis labels.
//
// yTrue and yPred must be non-empty, of equal length and finite; they are not
// modified.
func PredictionError(yTrue, yPred []float64, opt *PredictionErrorOptions) (p *gplot.Plot, err error) {
	const prefix = "plot.PredictionError"
	defer protect(prefix, &err)
	yt, yp, o, err := regressionInput(prefix, yTrue, yPred, opt)
	if err != nil {
		return nil, err
	}
	pts, line := actualVsPredicted(yt, yp)
	p = newPlot(o.Title, "Predicted values", "Actual values")
	if err := addScatter(p, pts); err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	if err := addLine(p, line, dashed()); err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	lo, hi := line[0].X, line[1].X
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, lo, hi
	ticks := make([]gplot.Tick, 5)
	for i := range ticks {
		v := lo + float64(i)*(hi-lo)/4
		if i == 4 {
			v = hi
		}
		ticks[i] = gplot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 4, 64)}
	}
	p.X.Tick.Marker = gplot.ConstantTicks(ticks)
	p.Y.Tick.Marker = gplot.ConstantTicks(ticks)
	return p, nil
}

// Residuals draws the residuals yTrue − yPred against the predicted values yPred
// (scikit-learn PredictionErrorDisplay with kind="residual_vs_predicted", its
// default): a scatter in tab:blue at 80% opacity and a dashed black line at 0 from
// the smallest to the largest drawn prediction, "Predicted values" and "Residuals
// (actual - predicted)" as axis labels. Options and input rules are those of
// [PredictionError].
func Residuals(yTrue, yPred []float64, opt *PredictionErrorOptions) (p *gplot.Plot, err error) {
	const prefix = "plot.Residuals"
	defer protect(prefix, &err)
	yt, yp, o, err := regressionInput(prefix, yTrue, yPred, opt)
	if err != nil {
		return nil, err
	}
	pts, line := residualVsPredicted(yt, yp)
	p = newPlot(o.Title, "Predicted values", "Residuals (actual - predicted)")
	if err := addScatter(p, pts); err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	if err := addLine(p, line, dashed()); err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	widen(p)
	return p, nil
}

// regressionInput checks yTrue and yPred and returns the points to draw (a
// subsample when there are more than opt.Subsample).
func regressionInput(prefix string, yTrue, yPred []float64, opt *PredictionErrorOptions) (yt, yp []float64, o PredictionErrorOptions, err error) {
	if opt != nil {
		o = *opt
	}
	if err := checkValues(prefix, "yTrue", yTrue); err != nil {
		return nil, nil, o, err
	}
	if err := checkValues(prefix, "yPred", yPred); err != nil {
		return nil, nil, o, err
	}
	if err := checkSameLen(prefix, "yTrue", len(yTrue), "yPred", len(yPred)); err != nil {
		return nil, nil, o, err
	}
	n := o.Subsample
	if n == 0 {
		n = 1000
	}
	if n < 0 || n >= len(yTrue) {
		return yTrue, yPred, o, nil
	}
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed))
	idx := rng.Perm(len(yTrue))[:n]
	slices.Sort(idx)
	yt, yp = make([]float64, n), make([]float64, n)
	for i, j := range idx {
		yt[i], yp[i] = yTrue[j], yPred[j]
	}
	return yt, yp, o, nil
}

// actualVsPredicted returns PredictionErrorDisplay's points and reference line for
// kind="actual_vs_predicted": (yPred, yTrue), and the identity from the smallest to
// the largest value of both.
func actualVsPredicted(yt, yp []float64) (pts, line plotter.XYs) {
	lo := min(slices.Min(yt), slices.Min(yp))
	hi := max(slices.Max(yt), slices.Max(yp))
	return xys(yp, yt), plotter.XYs{{X: lo, Y: lo}, {X: hi, Y: hi}}
}

// residualVsPredicted returns PredictionErrorDisplay's points and reference line
// for kind="residual_vs_predicted": (yPred, yTrue − yPred), and y = 0 from the
// smallest to the largest prediction.
func residualVsPredicted(yt, yp []float64) (pts, line plotter.XYs) {
	pts = make(plotter.XYs, len(yt))
	for i := range yt {
		pts[i] = plotter.XY{X: yp[i], Y: yt[i] - yp[i]}
	}
	return pts, plotter.XYs{{X: slices.Min(yp), Y: 0}, {X: slices.Max(yp), Y: 0}}
}

// addScatter adds the points as scikit-learn's regression displays draw them:
// tab:blue at 80% opacity.
func addScatter(p *gplot.Plot, pts plotter.XYs) error {
	s, err := plotter.NewScatter(pts)
	if err != nil {
		return err
	}
	s.GlyphStyle = draw.GlyphStyle{Color: withAlpha(Color(0), 0.8), Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
	p.Add(s)
	return nil
}

// addLine adds a polyline.
func addLine(p *gplot.Plot, pts plotter.XYs, st draw.LineStyle) error {
	l, err := plotter.NewLine(pts)
	if err != nil {
		return err
	}
	l.LineStyle = st
	p.Add(l)
	return nil
}

// widen gives an axis whose data range is a single value a unit width around it, so
// gonum can scale it.
func widen(p *gplot.Plot) {
	if p.X.Min == p.X.Max {
		p.X.Min, p.X.Max = p.X.Min-0.5, p.X.Max+0.5
	}
	if p.Y.Min == p.Y.Max {
		p.Y.Min, p.Y.Max = p.Y.Min-0.5, p.Y.Max+0.5
	}
}
