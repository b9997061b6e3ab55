package plot

import (
	"fmt"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
)

// ScoreCurveOptions configures [LearningCurve] and [ValidationCurve]. The zero value
// means the defaults; a nil pointer is the zero value.
type ScoreCurveOptions struct {
	// Title is the plot's title; "" means none.
	Title string
	// XLabel labels the x axis; "" means "Number of samples in the training set"
	// (LearningCurve) or "Parameter value" (ValidationCurve).
	XLabel string
	// YLabel labels the y axis; "" means "Score".
	YLabel string
	// LogX draws the x axis on a log scale (for regularisation strengths, say); the
	// x values must then be positive.
	LogX bool
}

// LearningCurve draws the result of crossval.LearningCurve as scikit-learn's
// LearningCurveDisplay (scikit-learn ≥ 1.3) does with std_display_style
// "fill_between": for the training and the validation scores, the mean over the
// folds at each training-set size as a line with points ("Train", "Validation") and
// a band of mean ± standard deviation (numpy's std, ddof = 0) in the same color at
// 20% opacity.
//
// res must hold at least one size, one finite score per fold and as many score rows
// as sizes.
func LearningCurve(res *crossval.LearningCurveResult, opt *ScoreCurveOptions) (p *gplot.Plot, err error) {
	const prefix = "plot.LearningCurve"
	defer protect(prefix, &err)
	if res == nil {
		return nil, fmt.Errorf("%s: result is nil: %w", prefix, estimator.ErrInvalidData)
	}
	x := make([]float64, len(res.TrainSizes))
	for i, s := range res.TrainSizes {
		x[i] = float64(s)
	}
	return scoreCurves(prefix, x, res.TrainScores, res.TestScores, opt, "Number of samples in the training set")
}

// ValidationCurve draws the scores returned by crossval.ValidationCurve against the
// parameter values tried (as numbers: convert the []any given to
// crossval.ValidationCurve) as scikit-learn's ValidationCurveDisplay (scikit-learn ≥
// 1.3) does: for training and validation, the mean over the folds as a line with
// points and a band of mean ± standard deviation (ddof = 0). train and test are
// indexed [value][fold] and must hold one row per value, each with at least one
// finite score; values must be finite (positive with LogX).
func ValidationCurve(values []float64, train, test [][]float64, opt *ScoreCurveOptions) (p *gplot.Plot, err error) {
	const prefix = "plot.ValidationCurve"
	defer protect(prefix, &err)
	return scoreCurves(prefix, values, train, test, opt, "Parameter value")
}

func scoreCurves(prefix string, x []float64, train, test [][]float64, opt *ScoreCurveOptions, xlabel string) (*gplot.Plot, error) {
	var o ScoreCurveOptions
	if opt != nil {
		o = *opt
	}
	if err := checkValues(prefix, "x values", x); err != nil {
		return nil, err
	}
	if err := checkSameLen(prefix, "x values", len(x), "train scores", len(train)); err != nil {
		return nil, err
	}
	if err := checkSameLen(prefix, "x values", len(x), "test scores", len(test)); err != nil {
		return nil, err
	}
	if o.LogX {
		for i, v := range x {
			if v <= 0 {
				return nil, fmt.Errorf("%s: x value %d is %v; LogX needs positive values: %w", prefix, i, v, estimator.ErrInvalidData)
			}
		}
	}
	p := newPlot(o.Title, orDefault(o.XLabel, xlabel), orDefault(o.YLabel, "Score"))
	for i, s := range []struct {
		name   string
		scores [][]float64
	}{{"Train", train}, {"Validation", test}} {
		mean, std, err := meanStd(prefix, s.name, s.scores)
		if err != nil {
			return nil, err
		}
		band := make(plotter.XYs, 0, 2*len(x))
		for j := range x {
			band = append(band, plotter.XY{X: x[j], Y: mean[j] - std[j]})
		}
		for j := len(x) - 1; j >= 0; j-- {
			band = append(band, plotter.XY{X: x[j], Y: mean[j] + std[j]})
		}
		poly, err := plotter.NewPolygon(band)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", prefix, err)
		}
		poly.Color = withAlpha(Color(i), 0.2)
		poly.LineStyle.Width = 0
		p.Add(poly)
		l, pts, err := plotter.NewLinePoints(xys(x, mean))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", prefix, err)
		}
		l.LineStyle = solid(i)
		pts.Color, pts.Radius = Color(i), vg.Points(2.5)
		p.Add(l, pts)
		p.Legend.Add(s.name, l, pts)
	}
	if o.LogX {
		p.X.Scale = gplot.LogScale{}
		p.X.Tick.Marker = gplot.LogTicks{Prec: -1}
	}
	widen(p)
	return p, nil
}

// meanStd returns each row's mean and population standard deviation (numpy's
// mean and std with ddof = 0, two-pass).
func meanStd(prefix, name string, rows [][]float64) (mean, std []float64, err error) {
	mean, std = make([]float64, len(rows)), make([]float64, len(rows))
	for i, r := range rows {
		if err := checkValues(prefix, fmt.Sprintf("%s scores[%d]", name, i), r); err != nil {
			return nil, nil, err
		}
		var s float64
		for _, v := range r {
			s += v
		}
		m := s / float64(len(r))
		var ss float64
		for _, v := range r {
			ss += (v - m) * (v - m)
		}
		mean[i], std[i] = m, math.Sqrt(ss/float64(len(r)))
	}
	return mean, std, nil
}
