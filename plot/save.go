package plot

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/skgo/skgo/estimator"
)

// Default sizes used by [Save]: a plot is DefaultWidth × DefaultHeight (576 × 432
// pixels in PNG at DPI), and a [Figure] is DefaultWidth wide and
// DefaultFigureRowHeight high per row.
const (
	DefaultWidth           = 6 * vg.Inch
	DefaultHeight          = 4.5 * vg.Inch
	DefaultFigureRowHeight = 3 * vg.Inch
	// DPI is the resolution of the raster formats (png, jpg, tiff).
	DPI = vgimg.DefaultDPI
	// MaxSize bounds each side of an image (at DPI, a 4800 × 4800 PNG needs about
	// 92 MB while drawn).
	MaxSize = 50 * vg.Inch
)

// Drawer is what [Save] and [Encode] draw: a *plot.Plot of gonum.org/v1/plot or a
// [*Figure].
type Drawer interface {
	Draw(c draw.Canvas)
}

// Formats are the file formats [Save] and [Encode] write, by extension. (gonum's
// EPS writer is left out: its files start with "%%!PS", which is not an EPS header.)
var Formats = []string{"png", "svg", "pdf", "jpg", "jpeg", "tif", "tiff"}

// Save writes d to path in the format named by the path's extension (one of
// [Formats], any case) at the default size: DefaultWidth × DefaultHeight for a
// plot, DefaultWidth × (rows × DefaultFigureRowHeight) for a [*Figure]. The image
// is rendered in memory first, so a failed render leaves no file behind.
func Save(d Drawer, path string) error {
	w, h := DefaultWidth, DefaultHeight
	if f, ok := d.(*Figure); ok && f != nil && len(f.Plots) > 0 {
		h = vg.Length(len(f.Plots)) * DefaultFigureRowHeight
	}
	return SaveSize(d, path, w, h)
}

// SaveSize is [Save] with an explicit size (vg.Inch, vg.Centimeter and vg.Points
// build lengths); each side must be in (0, MaxSize].
func SaveSize(d Drawer, path string, width, height vg.Length) error {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	if ext == "" {
		return fmt.Errorf("plot.Save: %q has no extension (want one of %v): %w", path, Formats, estimator.ErrInvalidParam)
	}
	var buf bytes.Buffer
	if err := encode("plot.Save", &buf, d, ext, width, height); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("plot.Save: %w", err)
	}
	return nil
}

// Encode writes d to w as format (one of [Formats], any case) at width × height;
// each side must be in (0, MaxSize].
func Encode(w io.Writer, d Drawer, format string, width, height vg.Length) error {
	return encode("plot.Encode", w, d, strings.ToLower(format), width, height)
}

func encode(prefix string, w io.Writer, d Drawer, format string, width, height vg.Length) (err error) {
	defer protect(prefix, &err)
	if isNilDrawer(d) {
		return fmt.Errorf("%s: nothing to draw (nil): %w", prefix, estimator.ErrInvalidParam)
	}
	for _, s := range []struct {
		name string
		v    vg.Length
	}{{"width", width}, {"height", height}} {
		if !(s.v > 0 && s.v <= MaxSize) {
			return fmt.Errorf("%s: %s %vpt is not in (0, %vpt]: %w", prefix, s.name, float64(s.v), float64(MaxSize), estimator.ErrInvalidParam)
		}
	}
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(DPI))}
	case "jpg", "jpeg":
		c = vgimg.JpegCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(DPI))}
	case "tif", "tiff":
		c = vgimg.TiffCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(DPI))}
	case "svg":
		c = vgsvg.New(width, height)
	case "pdf":
		c = vgpdf.New(width, height)
	default:
		return fmt.Errorf("%s: unknown format %q (want one of %v): %w", prefix, format, Formats, estimator.ErrInvalidParam)
	}
	d.Draw(draw.New(c))
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("%s: %w", prefix, err)
	}
	return nil
}

func isNilDrawer(d Drawer) bool {
	switch d := d.(type) {
	case nil:
		return true
	case *gplot.Plot:
		return d == nil
	case *Figure:
		return d == nil
	}
	return false
}

// protect turns a panic (in gonum/plot or here) into an error; deferred by every
// exported function.
func protect(prefix string, err *error) {
	if p := recover(); p != nil {
		if e, ok := p.(error); ok {
			*err = fmt.Errorf("%s: internal error: %w", prefix, e)
			return
		}
		*err = fmt.Errorf("%s: internal error: %v", prefix, p)
	}
}

// checkValues reports the first NaN or infinite value of v, named name.
func checkValues(prefix, name string, v []float64) error {
	if len(v) == 0 {
		return fmt.Errorf("%s: %s is empty: %w", prefix, name, estimator.ErrInvalidData)
	}
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s: %s[%d] is %v: %w", prefix, name, i, x, estimator.ErrInvalidData)
		}
	}
	return nil
}

// checkSameLen reports a length mismatch between a (named an) and b (named bn).
func checkSameLen(prefix, an string, a int, bn string, b int) error {
	if a != b {
		return fmt.Errorf("%s: len(%s) = %d but len(%s) = %d: %w", prefix, an, a, bn, b, estimator.ErrShape)
	}
	return nil
}
