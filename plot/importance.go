package plot

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/skgo/skgo/estimator"
)

// MaxBars bounds the bars of [FeatureImportances] (set MaxFeatures to draw the
// largest of more features).
const MaxBars = 1000

// FeatureImportanceOptions configures [FeatureImportances]. The zero value means
// the defaults; a nil pointer is the zero value.
type FeatureImportanceOptions struct {
	// Std, when not nil, holds a standard deviation per feature (from
	// inspection.PermutationImportance or the trees of a forest), drawn as an error
	// bar of ± Std around each bar.
	Std []float64
	// MaxFeatures draws only the first MaxFeatures features in the sorted order; 0
	// means all of them (at most MaxBars).
	MaxFeatures int
	// ByMagnitude sorts by absolute value (for linear coefficients, whose sign is
	// kept in the bars); the default sorts by value.
	ByMagnitude bool
	// Title is the plot's title; "" means none.
	Title string
	// XLabel labels the x axis; "" means "Importance".
	XLabel string
}

// FeatureImportances draws values (tree importances such as FeatureImportances(),
// permutation importances, or linear coefficients) as horizontal bars in tab:blue,
// sorted in decreasing order (of |value| with ByMagnitude, ties in input order) with
// the largest at the top, each labelled with its feature name on the y axis, and
// optional error bars (and a vertical line at 0 when a value is negative). names nil means "x0", "x1", ... (scikit-learn's default
// feature names).
//
// values must be non-empty and finite; names and opt.Std, when given, as long as
// values (Std non-negative and finite).
func FeatureImportances(names []string, values []float64, opt *FeatureImportanceOptions) (p *gplot.Plot, err error) {
	const prefix = "plot.FeatureImportances"
	defer protect(prefix, &err)
	var o FeatureImportanceOptions
	if opt != nil {
		o = *opt
	}
	if err := checkValues(prefix, "values", values); err != nil {
		return nil, err
	}
	if names != nil {
		if err := checkSameLen(prefix, "names", len(names), "values", len(values)); err != nil {
			return nil, err
		}
	}
	if o.Std != nil {
		if err := checkValues(prefix, "Std", o.Std); err != nil {
			return nil, err
		}
		if err := checkSameLen(prefix, "Std", len(o.Std), "values", len(values)); err != nil {
			return nil, err
		}
		for i, s := range o.Std {
			if s < 0 {
				return nil, fmt.Errorf("%s: Std[%d] = %v is negative: %w", prefix, i, s, estimator.ErrInvalidData)
			}
		}
	}
	if o.MaxFeatures < 0 {
		return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "MaxFeatures", Value: o.MaxFeatures, Reason: "must be >= 0 (0 means all)"})
	}
	n := len(values)
	if o.MaxFeatures > 0 {
		n = min(n, o.MaxFeatures)
	}
	if n > MaxBars {
		return nil, fmt.Errorf("%s: %d bars, more than MaxBars (%d); set MaxFeatures: %w", prefix, n, MaxBars, estimator.ErrInvalidParam)
	}
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	key := func(i int) float64 {
		if o.ByMagnitude {
			return math.Abs(values[i])
		}
		return values[i]
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(key(b), key(a)) })
	order = order[:n]
	bars := &hbars{values: make([]float64, n)}
	if o.Std != nil {
		bars.std = make([]float64, n)
	}
	labels := make([]string, n)
	for k, i := range order { // k = 0 (largest) goes to the top, at y = n-1
		pos := n - 1 - k
		bars.values[pos] = values[i]
		if o.Std != nil {
			bars.std[pos] = o.Std[i]
		}
		if names != nil {
			labels[pos] = names[i]
		} else {
			labels[pos] = "x" + strconv.Itoa(i)
		}
	}
	p = newPlot(o.Title, orDefault(o.XLabel, "Importance"), "")
	p.Add(bars)
	p.Y.Tick.Marker = namedTicks{names: labels}
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	p.Y.Padding = 0
	widen(p)
	return p, nil
}

// hbars draws bar i from 0 to values[i] at y = i, 0.8 high, with an error bar of
// ± std[i] when std is not nil, and a vertical line at 0 when a value is negative.
type hbars struct {
	values, std []float64
}

// Plot implements gonum's plot.Plotter.
func (b *hbars) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	if slices.Min(b.values) < 0 { // a zero line separates negative coefficients
		st := draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}
		c.StrokeLine2(st, trX(0), trY(-0.5), trX(0), trY(float64(len(b.values))-0.5))
	}
	for i, v := range b.values {
		y := float64(i)
		x0, x1 := trX(0), trX(v)
		y0, y1 := trY(y-0.4), trY(y+0.4)
		var pa vg.Path
		pa.Move(vg.Point{X: x0, Y: y0})
		pa.Line(vg.Point{X: x1, Y: y0})
		pa.Line(vg.Point{X: x1, Y: y1})
		pa.Line(vg.Point{X: x0, Y: y1})
		pa.Close()
		c.SetColor(Color(0))
		c.Fill(pa)
		if b.std != nil && b.std[i] > 0 {
			st := draw.LineStyle{Color: withAlpha(Color(7), 1), Width: vg.Points(1)}
			lo, hi := trX(v-b.std[i]), trX(v+b.std[i])
			ym := trY(y)
			cap := (y1 - y0) / 4
			c.StrokeLine2(st, lo, ym, hi, ym)
			c.StrokeLine2(st, lo, ym-cap, lo, ym+cap)
			c.StrokeLine2(st, hi, ym-cap, hi, ym+cap)
		}
	}
}

// DataRange implements gonum's plot.DataRanger: x from min(0, v−std) to max(0,
// v+std), y over the bars.
func (b *hbars) DataRange() (xmin, xmax, ymin, ymax float64) {
	for i, v := range b.values {
		s := 0.0
		if b.std != nil {
			s = b.std[i]
		}
		xmin, xmax = min(xmin, v-s), max(xmax, v+s)
	}
	return xmin, xmax, -0.5, float64(len(b.values)) - 0.5
}
