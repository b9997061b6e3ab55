package plot

import (
	"fmt"
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn"
)

// Figure is several plots stacked in one column and drawn as one image, their
// axes aligned (gonum's plot.Align). [Save] draws a Figure DefaultWidth wide and
// DefaultFigureRowHeight high per plot.
type Figure struct {
	// Plots are drawn top to bottom.
	Plots []*gplot.Plot
}

// Draw draws the plots on c, one row each; nil plots leave their row empty. It
// implements [Drawer].
func (f *Figure) Draw(c draw.Canvas) {
	if len(f.Plots) == 0 {
		return
	}
	rows := make([][]*gplot.Plot, len(f.Plots))
	for i, p := range f.Plots {
		rows[i] = []*gplot.Plot{p}
	}
	t := draw.Tiles{Rows: len(rows), Cols: 1, PadY: vg.Points(6), PadTop: vg.Points(2), PadBottom: vg.Points(2)}
	cs := gplot.Align(rows, t, c)
	for i, p := range f.Plots {
		if p != nil {
			p.Draw(cs[i][0])
		}
	}
}

// Series is one named sequence of per-epoch values (epoch 1 first).
type Series struct {
	Name   string
	Values []float64
}

// History is what [TrainingHistory] draws: loss curves and metric curves per epoch.
type History struct {
	// Loss holds loss series (training loss, validation loss, ...).
	Loss []Series
	// Metrics holds score series (validation accuracy, test accuracy, ...); drawn in
	// a second panel when not empty.
	Metrics []Series
	// MetricName labels the metrics panel's y axis; "" means "Score".
	MetricName string
}

// HistoryFromEpochs collects the nn.EpochInfo values passed to an OnEpoch callback
// (in epoch order) into a History: the series "train" of their Loss, and, unless
// every ValScore is NaN (no early stopping), the metric series "validation" of
// their ValScore (accuracy for classifiers, R² for regressors).
func HistoryFromEpochs(epochs []nn.EpochInfo) History {
	var h History
	loss := make([]float64, len(epochs))
	val := make([]float64, len(epochs))
	anyVal := false
	for i, e := range epochs {
		loss[i], val[i] = e.Loss, e.ValScore
		anyVal = anyVal || !math.IsNaN(e.ValScore)
	}
	h.Loss = []Series{{Name: "train", Values: loss}}
	if anyVal {
		h.Metrics = []Series{{Name: "validation", Values: val}}
	}
	return h
}

// TrainingHistory draws h against the epoch number (1, 2, ...): a "Loss" panel
// with h.Loss and, when h.Metrics is not empty, a second panel below with h.Metrics
// (y axis h.MetricName), each series a line with points in matplotlib's color cycle
// and named in the panel's legend (top right for losses, bottom right for metrics). It returns them as a [Figure] of one or two plots.
//
// h.Loss must hold at least one series; every series at least one value, all
// finite; at most MaxCurves series per panel.
func TrainingHistory(h History) (f *Figure, err error) {
	const prefix = "plot.TrainingHistory"
	defer protect(prefix, &err)
	if len(h.Loss) == 0 {
		return nil, fmt.Errorf("%s: no loss series: %w", prefix, estimator.ErrInvalidData)
	}
	loss, err := seriesPlot(prefix, "Loss", h.Loss, true)
	if err != nil {
		return nil, err
	}
	f = &Figure{Plots: []*gplot.Plot{loss}}
	if len(h.Metrics) > 0 {
		m, err := seriesPlot(prefix, orDefault(h.MetricName, "Score"), h.Metrics, false)
		if err != nil {
			return nil, err
		}
		f.Plots = append(f.Plots, m)
	}
	return f, nil
}

// seriesPlot draws series against 1, 2, ..., with the legend at the top right
// (falling losses) or the bottom right (rising scores).
func seriesPlot(prefix, ylabel string, series []Series, legendTop bool) (*gplot.Plot, error) {
	if len(series) > MaxCurves {
		return nil, fmt.Errorf("%s: %d series, more than %d: %w", prefix, len(series), MaxCurves, estimator.ErrInvalidData)
	}
	p := newPlot("", "Epoch", ylabel)
	for i, s := range series {
		if err := checkValues(prefix, fmt.Sprintf("%s series %q", ylabel, s.Name), s.Values); err != nil {
			return nil, err
		}
		pts := make(plotter.XYs, len(s.Values))
		for j, v := range s.Values {
			pts[j] = plotter.XY{X: float64(j + 1), Y: v}
		}
		l, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", prefix, err)
		}
		l.LineStyle = solid(i)
		sc.Color, sc.Radius = Color(i), vg.Points(2)
		p.Add(l, sc)
		if s.Name != "" {
			p.Legend.Add(s.Name, l, sc)
		}
	}
	p.Legend.Top = legendTop
	p.X.Tick.Marker = epochTicks{}
	widen(p)
	return p, nil
}

// epochTicks is gonum's default ticker with the non-integer major ticks dropped
// and the others labelled as integers (epochs are whole numbers).
type epochTicks struct{}

// Ticks implements gonum's plot.Ticker.
func (epochTicks) Ticks(lo, hi float64) []gplot.Tick {
	var out []gplot.Tick
	for _, t := range (gplot.DefaultTicks{}).Ticks(lo, hi) {
		if t.Value == math.Trunc(t.Value) {
			if t.Label != "" {
				t.Label = strconv.FormatFloat(t.Value, 'f', 0, 64)
			}
			out = append(out, t)
		} else if t.Label == "" {
			out = append(out, t) // minor tick
		}
	}
	return out
}
