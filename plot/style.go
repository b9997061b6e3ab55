package plot

import (
	"image/color"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// tab10 is matplotlib's default color cycle ("tab:blue", "tab:orange", ...), which
// scikit-learn's displays use.
var tab10 = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xff, 0x7f, 0x0e, 0xff}, {0x2c, 0xa0, 0x2c, 0xff},
	{0xd6, 0x27, 0x28, 0xff}, {0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff},
	{0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff}, {0xbc, 0xbd, 0x22, 0xff},
	{0x17, 0xbe, 0xcf, 0xff},
}

// Color returns the i-th color of matplotlib's default cycle (tab10), the colors
// given to the curves and series of this package's plots in order.
func Color(i int) color.Color {
	i %= len(tab10)
	if i < 0 {
		i += len(tab10)
	}
	return tab10[i]
}

// withAlpha returns c with opacity a (premultiplied, as color.RGBA wants).
func withAlpha(c color.Color, a float64) color.Color {
	r, g, b, _ := c.RGBA()
	return color.RGBA{
		R: uint8(float64(r>>8) * a), G: uint8(float64(g>>8) * a), B: uint8(float64(b>>8) * a),
		A: uint8(255 * a),
	}
}

// newPlot returns a plot with a title and axis labels.
func newPlot(title, xlabel, ylabel string) *gplot.Plot {
	p := gplot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	return p
}

// dashed is the style of reference lines (identity, chance level, zero residual):
// black at 70% opacity, dashed, as scikit-learn's PredictionErrorDisplay draws them.
func dashed() draw.LineStyle {
	return draw.LineStyle{
		Color:  withAlpha(color.Black, 0.7),
		Width:  vg.Points(1),
		Dashes: []vg.Length{vg.Points(4), vg.Points(2)},
	}
}

// solid is the style of the i-th curve.
func solid(i int) draw.LineStyle {
	return draw.LineStyle{Color: Color(i), Width: vg.Points(1.5)}
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
