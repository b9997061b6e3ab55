package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
)

// Values of ConfusionMatrixOptions.Normalize (scikit-learn confusion_matrix's
// normalize).
const (
	NormalizeTrue = "true" // divide each row by its sum (the true class's support)
	NormalizePred = "pred" // divide each column by its sum
	NormalizeAll  = "all"  // divide by the total
)

// MaxClasses bounds the side of the confusion matrices drawn: one cell and one text
// per pair of classes, so 100 classes take about 3 s to render as PNG (1000 would
// take minutes, and no one could read them).
const MaxClasses = 100

// ConfusionMatrixOptions configures [ConfusionMatrix] and
// [ConfusionMatrixFromPredictions] (scikit-learn ConfusionMatrixDisplay's
// arguments). The zero value means scikit-learn's defaults; a nil pointer is the
// zero value.
type ConfusionMatrixOptions struct {
	// Labels are the class names on the axes, one per row of the matrix (scikit-learn
	// display_labels). nil means the row indices 0, 1, … for ConfusionMatrix and the
	// labels' values (formatted with %g) for ConfusionMatrixFromPredictions.
	Labels []string
	// Normalize divides the matrix by its row sums ([NormalizeTrue]), column sums
	// ([NormalizePred]) or total ([NormalizeAll]) before drawing, a 0/0 giving 0 as
	// in scikit-learn; "" draws the matrix as given.
	Normalize string
	// ValuesFormat is the fmt format of the cell texts, with one floating-point verb
	// (scikit-learn values_format ".2f" is "%.2f" here). "" means scikit-learn's
	// rule: "%.2g", or the integer when the matrix holds counts and the integer is
	// shorter (see ConfusionMatrix).
	ValuesFormat string
	// NoValues leaves the cells without text (scikit-learn include_values=False).
	NoValues bool
	// Title is the plot's title; "" means none.
	Title string
}

// ConfusionMatrix draws a k×k confusion matrix cm (row i: true class i, column j:
// predicted class j, as metrics.ConfusionMatrix returns it) as scikit-learn's
// ConfusionMatrixDisplay.plot does: a heat map in matplotlib's viridis colormap
// scaled from the matrix's minimum to its maximum, row 0 at the top, the class names
// as tick labels, "Predicted label" and "True label" as axis labels, and each cell's
// value in the cell, written in viridis's last color (yellow) on cells below the
// midpoint of the value range and in its first color (purple) elsewhere. The cell
// texts follow ValuesFormat; by default they are "%.2g", and when the drawn matrix
// is not normalized and holds whole numbers (counts), the integer if that is
// shorter (1130 rather than 1.1e+03), as scikit-learn does for integer matrices.
// There is no colorbar.
//
// cm must be square, non-empty, at most MaxClasses wide and finite; it is not
// modified.
func ConfusionMatrix(cm mat.Matrix, opt *ConfusionMatrixOptions) (p *gplot.Plot, err error) {
	const prefix = "plot.ConfusionMatrix"
	defer protect(prefix, &err)
	if cm == nil {
		return nil, fmt.Errorf("%s: matrix is nil: %w", prefix, estimator.ErrInvalidData)
	}
	r, c := cm.Dims()
	if r != c {
		return nil, fmt.Errorf("%s: matrix is %d×%d, not square: %w", prefix, r, c, estimator.ErrShape)
	}
	z, err := denseRows(prefix, cm)
	if err != nil {
		return nil, err
	}
	var o ConfusionMatrixOptions
	if opt != nil {
		o = *opt
	}
	names := o.Labels
	if names == nil {
		names = make([]string, r)
		for i := range names {
			names[i] = strconv.Itoa(i)
		}
	}
	return confusionPlot(prefix, z, names, o, true)
}

// ConfusionMatrixFromPredictions computes the confusion matrix of yTrue and yPred
// with metrics.ConfusionMatrix(yTrue, yPred, labels, weights) and draws it with
// [ConfusionMatrix] (scikit-learn ConfusionMatrixDisplay.from_predictions). labels
// nil means the sorted labels present in yTrue or yPred. As in scikit-learn, the
// integer cell texts are used only without weights and without normalization.
//
// yTrue and yPred must be non-empty, of equal length and free of NaN and Inf;
// weights, when given, as long and finite; labels free of NaN and duplicates with at
// least one of them in yTrue.
func ConfusionMatrixFromPredictions(yTrue, yPred, labels, weights []float64, opt *ConfusionMatrixOptions) (p *gplot.Plot, err error) {
	const prefix = "plot.ConfusionMatrixFromPredictions"
	defer protect(prefix, &err)
	if err := checkValues(prefix, "yTrue", yTrue); err != nil {
		return nil, err
	}
	if err := checkValues(prefix, "yPred", yPred); err != nil {
		return nil, err
	}
	if err := checkSameLen(prefix, "yTrue", len(yTrue), "yPred", len(yPred)); err != nil {
		return nil, err
	}
	if weights != nil {
		if err := checkValues(prefix, "weights", weights); err != nil {
			return nil, err
		}
		if err := checkSameLen(prefix, "yTrue", len(yTrue), "weights", len(weights)); err != nil {
			return nil, err
		}
	}
	classes := labels
	if len(classes) == 0 {
		classes = slices.Concat(yTrue, yPred)
		slices.Sort(classes)
		classes = slices.Compact(classes)
	} else if err := checkValues(prefix, "labels", labels); err != nil {
		return nil, err
	}
	if len(classes) > MaxClasses {
		return nil, fmt.Errorf("%s: %d classes, more than MaxClasses (%d): %w", prefix, len(classes), MaxClasses, estimator.ErrInvalidData)
	}
	cm := metrics.ConfusionMatrix(yTrue, yPred, labels, weights)
	if cm == nil || math.IsNaN(cm.At(0, 0)) {
		return nil, fmt.Errorf("%s: labels %v hold a duplicate or none of yTrue's labels: %w", prefix, labels, estimator.ErrInvalidData)
	}
	z, err := denseRows(prefix, cm)
	if err != nil {
		return nil, err
	}
	var o ConfusionMatrixOptions
	if opt != nil {
		o = *opt
	}
	names := o.Labels
	if names == nil {
		names = make([]string, len(classes))
		for i, c := range classes {
			names[i] = strconv.FormatFloat(c, 'g', -1, 64)
		}
	}
	return confusionPlot(prefix, z, names, o, weights == nil)
}

// denseRows copies cm into rows, checking its size and values.
func denseRows(prefix string, cm mat.Matrix) ([][]float64, error) {
	k, _ := cm.Dims()
	if k == 0 {
		return nil, fmt.Errorf("%s: matrix is empty: %w", prefix, estimator.ErrInvalidData)
	}
	if k > MaxClasses {
		return nil, fmt.Errorf("%s: %d classes, more than MaxClasses (%d): %w", prefix, k, MaxClasses, estimator.ErrInvalidData)
	}
	z := make([][]float64, k)
	for i := range z {
		z[i] = make([]float64, k)
		for j := range z[i] {
			v := cm.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s: matrix element (%d, %d) is %v: %w", prefix, i, j, v, estimator.ErrInvalidData)
			}
			z[i][j] = v
		}
	}
	return z, nil
}

// normalizeConfusion is scikit-learn confusion_matrix's normalize step, in place:
// cm / row sums, cm / column sums or cm / total, with NaN (0/0) replaced by 0
// (np.nan_to_num; ±Inf, from a negative weight sum of zero, becomes ±MaxFloat64).
func normalizeConfusion(z [][]float64, how string) {
	k := len(z)
	den := func(i, j int) float64 { return 1 }
	switch how {
	case NormalizeTrue:
		rows := make([]float64, k)
		for i := range z {
			for j := range z[i] {
				rows[i] += z[i][j]
			}
		}
		den = func(i, _ int) float64 { return rows[i] }
	case NormalizePred:
		cols := make([]float64, k)
		for i := range z {
			for j := range z[i] {
				cols[j] += z[i][j]
			}
		}
		den = func(_, j int) float64 { return cols[j] }
	case NormalizeAll:
		var s float64
		for i := range z {
			for j := range z[i] {
				s += z[i][j]
			}
		}
		den = func(int, int) float64 { return s }
	}
	for i := range z {
		for j := range z[i] {
			v := z[i][j] / den(i, j)
			switch {
			case math.IsNaN(v):
				v = 0
			case math.IsInf(v, 1):
				v = math.MaxFloat64
			case math.IsInf(v, -1):
				v = -math.MaxFloat64
			}
			z[i][j] = v
		}
	}
}

// cellText formats v as scikit-learn does without values_format: ".2g", or "d" when
// the matrix is an integer one and that is shorter.
func cellText(v float64, integer bool, format string) string {
	if format != "" {
		return fmt.Sprintf(format, v)
	}
	s := fmt.Sprintf("%.2g", v)
	if integer {
		if d := strconv.FormatFloat(v, 'f', 0, 64); len(d) < len(s) {
			s = d
		}
	}
	return s
}

// checkValuesFormat reports a format that does not print one float64 cleanly.
func checkValuesFormat(prefix, format string) error {
	if format == "" {
		return nil
	}
	if s := fmt.Sprintf(format, 1.5); strings.Contains(s, "%!") || !strings.Contains(format, "%") {
		return fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "ValuesFormat", Value: format,
			Reason: "must hold one floating-point verb such as %.2f or %g"})
	}
	return nil
}

func confusionPlot(prefix string, z [][]float64, names []string, o ConfusionMatrixOptions, counts bool) (*gplot.Plot, error) {
	k := len(z)
	if len(names) != k {
		return nil, fmt.Errorf("%s: %d labels for %d classes: %w", prefix, len(names), k, estimator.ErrShape)
	}
	switch o.Normalize {
	case "":
	case NormalizeTrue, NormalizePred, NormalizeAll:
		normalizeConfusion(z, o.Normalize)
		counts = false
	default:
		return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "Normalize", Value: o.Normalize,
			Reason: `must be "true", "pred", "all" or "" (none)`})
	}
	if err := checkValuesFormat(prefix, o.ValuesFormat); err != nil {
		return nil, err
	}
	integer := counts
	vmin, vmax := math.Inf(1), math.Inf(-1)
	for _, row := range z {
		for _, v := range row {
			vmin, vmax = min(vmin, v), max(vmax, v)
			if v != math.Trunc(v) || math.Abs(v) >= 1<<53 {
				integer = false
			}
		}
	}
	p := newPlot(o.Title, "Predicted label", "True label")
	cells := &heatCells{z: z, vmin: vmin, vmax: vmax}
	p.Add(cells)
	if !o.NoValues {
		lab := &plotter.Labels{
			XYs:       make(plotter.XYs, 0, k*k),
			Labels:    make([]string, 0, k*k),
			TextStyle: make([]draw.TextStyle, 0, k*k),
		}
		thresh := (vmax + vmin) / 2
		lo, hi := rgb(viridisTextMin), rgb(viridisTextMax)
		for i, row := range z {
			for j, v := range row {
				lab.XYs = append(lab.XYs, plotter.XY{X: float64(j), Y: float64(k - 1 - i)})
				lab.Labels = append(lab.Labels, cellText(v, integer, o.ValuesFormat))
				st := p.X.Tick.Label // the plot's default font and handler
				st.Color, st.XAlign, st.YAlign = hi, draw.XCenter, draw.YCenter
				if v >= thresh {
					st.Color = lo
				}
				lab.TextStyle = append(lab.TextStyle, st)
			}
		}
		p.Add(lab)
	}
	p.X.Tick.Marker = namedTicks{names: names}
	p.Y.Tick.Marker = namedTicks{names: names, reversed: true}
	p.X.Min, p.X.Max = -0.5, float64(k)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(k)-0.5
	p.X.Padding, p.Y.Padding = 0, 0
	return p, nil
}

// viridis returns matplotlib's viridis color at x in [0, 1] as Colormap.__call__
// picks it: entry int(x·256), with x = 1 giving the last entry.
func viridis(x float64) color.RGBA {
	i := int(x * 256)
	return rgb(viridisLUT[min(max(i, 0), 255)])
}

// rgb converts 0xRRGGBB to an opaque color.
func rgb(v uint32) color.RGBA {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// heatCells draws z (row 0 at the top) as unit squares centred on integer
// coordinates, colored by viridis between vmin and vmax (all cells get the middle
// color when vmin = vmax: the colorbar that scikit-learn adds widens the range
// symmetrically, with matplotlib's nonsingular).
type heatCells struct {
	z          [][]float64
	vmin, vmax float64
}

func (h *heatCells) color(v float64) color.RGBA {
	if h.vmax == h.vmin {
		return viridis(0.5)
	}
	return viridis((v - h.vmin) / (h.vmax - h.vmin))
}

// Plot implements gonum's plot.Plotter. Each cell is widened by half a point
// towards its right and upper neighbours so that anti-aliasing leaves no seams.
func (h *heatCells) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	k := len(h.z)
	const overlap = vg.Length(0.5)
	for i := k - 1; i >= 0; i-- { // bottom row first: each row overlaps the one below
		row := h.z[i]
		y := float64(k - 1 - i)
		for j, v := range row {
			x0, x1 := trX(float64(j)-0.5), trX(float64(j)+0.5)
			y0, y1 := trY(y-0.5), trY(y+0.5)
			if j < k-1 {
				x1 += overlap
			}
			if i > 0 {
				y1 += overlap
			}
			c.SetColor(h.color(v))
			var pa vg.Path
			pa.Move(vg.Point{X: x0, Y: y0})
			pa.Line(vg.Point{X: x1, Y: y0})
			pa.Line(vg.Point{X: x1, Y: y1})
			pa.Line(vg.Point{X: x0, Y: y1})
			pa.Close()
			c.Fill(pa)
		}
	}
}

// DataRange implements gonum's plot.DataRanger.
func (h *heatCells) DataRange() (xmin, xmax, ymin, ymax float64) {
	k := float64(len(h.z))
	return -0.5, k - 0.5, -0.5, k - 0.5
}

// namedTicks puts names[i] at i (reversed: at len(names)-1-i).
type namedTicks struct {
	names    []string
	reversed bool
}

// Ticks implements gonum's plot.Ticker.
func (t namedTicks) Ticks(_, _ float64) []gplot.Tick {
	ticks := make([]gplot.Tick, len(t.names))
	for i, n := range t.names {
		v := float64(i)
		if t.reversed {
			v = float64(len(t.names) - 1 - i)
		}
		ticks[i] = gplot.Tick{Value: v, Label: n}
	}
	return ticks
}
