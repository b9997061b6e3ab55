package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/skgo/skgo/estimator"
)

// MaxBins bounds HistogramOptions.Bins.
const MaxBins = 10000

// HistogramOptions configures [Histogram] (matplotlib hist's and numpy.histogram's
// arguments). The zero value means their defaults; a nil pointer is the zero value.
type HistogramOptions struct {
	// Bins is the number of equal-width bins; 0 means 10, as in numpy and
	// matplotlib. At most MaxBins.
	Bins int
	// Range is the lower and upper edge of the bins; values outside are not counted.
	// The zero value means [min(values), max(values)].
	Range [2]float64
	// Density divides the counts by the total count times the bin width, so the
	// bars' area is 1.
	Density bool
	// Title is the plot's title; "" means none.
	Title string
	// XLabel labels the x axis; "" means none.
	XLabel string
	// YLabel labels the y axis; "" means "Count", or "Density" with Density.
	YLabel string
}

// Histogram draws the histogram of values as matplotlib's hist does, with numpy's
// bins (numpy.histogram): Bins equal-width bins from Range[0] to Range[1] (widened
// by ±0.5 when they are equal), each bin half-open [a, b) except the last, which
// includes its upper edge, and each value counted in the bin numpy puts it in. Bars
// are filled tab:blue with white edges.
//
// values must be non-empty and finite (they are not modified), Range finite with
// Range[0] <= Range[1], and Bins in [0, MaxBins].
func Histogram(values []float64, opt *HistogramOptions) (p *gplot.Plot, err error) {
	const prefix = "plot.Histogram"
	defer protect(prefix, &err)
	var o HistogramOptions
	if opt != nil {
		o = *opt
	}
	if err := checkValues(prefix, "values", values); err != nil {
		return nil, err
	}
	counts, edges, err := histogram(prefix, values, o.Bins, o.Range, o.Density)
	if err != nil {
		return nil, err
	}
	h := &plotter.Histogram{
		Bins:      make([]plotter.HistogramBin, len(counts)),
		Width:     edges[1] - edges[0],
		FillColor: Color(0),
		LineStyle: draw.LineStyle{Color: color.White, Width: vg.Points(0.5)},
	}
	for i, c := range counts {
		h.Bins[i] = plotter.HistogramBin{Min: edges[i], Max: edges[i+1], Weight: c}
	}
	ylabel := "Count"
	if o.Density {
		ylabel = "Density"
	}
	p = newPlot(o.Title, o.XLabel, orDefault(o.YLabel, ylabel))
	p.Add(h)
	p.Y.Min = 0
	widen(p)
	return p, nil
}

// histogram is numpy.histogram(values, bins, range, density) for equal-width bins:
// the same edges (numpy.linspace) and the same bin for every value.
func histogram(prefix string, values []float64, bins int, rng [2]float64, density bool) (counts, edges []float64, err error) {
	if bins == 0 {
		bins = 10
	}
	if bins < 0 || bins > MaxBins {
		return nil, nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "Bins", Value: bins, Reason: fmt.Sprintf("must be in [0, %d] (0 means 10)", MaxBins)})
	}
	lo, hi := rng[0], rng[1]
	if lo == 0 && hi == 0 {
		lo, hi = slices.Min(values), slices.Max(values)
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || lo > hi {
		return nil, nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "Range", Value: rng, Reason: "must be finite with Range[0] <= Range[1]"})
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	edges = make([]float64, bins+1)
	step := (hi - lo) / float64(bins)
	for i := range edges {
		edges[i] = float64(float64(i)*step) + lo // the conversion forbids a fused multiply-add
	}
	edges[bins] = hi
	if math.IsInf(hi-lo, 0) {
		return nil, nil, fmt.Errorf("%s: the range %v overflows: %w", prefix, [2]float64{lo, hi}, estimator.ErrInvalidData)
	}
	norm := float64(bins) / (hi - lo)
	counts = make([]float64, bins)
	for _, x := range values {
		if x < lo || x > hi {
			continue
		}
		i := int((x - lo) * norm)
		if i == bins {
			i--
		}
		if x < edges[i] {
			i--
		} else if i != bins-1 && x >= edges[i+1] {
			i++
		}
		counts[i]++
	}
	if density {
		var total float64
		for _, c := range counts {
			total += c
		}
		if total == 0 {
			return nil, nil, fmt.Errorf("%s: no value within the range %v, so the density is undefined: %w", prefix, [2]float64{lo, hi}, estimator.ErrInvalidData)
		}
		for i := range counts {
			counts[i] = counts[i] / (edges[i+1] - edges[i]) / total
		}
	}
	return counts, edges, nil
}
