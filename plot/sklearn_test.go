package plot

import (
	"encoding/json"
	"fmt"
	"image/color"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/skgo/skgo/metrics"
)

// golden is testdata/sklearn_plots.json, written by testdata/gen_plots.py with
// scikit-learn 1.2.1, matplotlib 3.6.3 and numpy 1.24.
type golden struct {
	Confusion []struct {
		Name           string
		YTrue          []float64 `json:"y_true"`
		YPred          []float64 `json:"y_pred"`
		Labels         []float64
		Weights        []float64
		Normalize      string
		Matrix         []float64
		Texts          []string
		TextIsCmapMax  []bool `json:"text_is_cmap_max"`
		Cells          []string
		XTickLabels    []string
		XLabel, YLabel string
		CmapMin        string `json:"cmap_min"`
		CmapMax        string `json:"cmap_max"`
	}
	Curves []struct {
		Name              string
		YTrue             []float64 `json:"y_true"`
		Score             []float64
		PosLabel          float64 `json:"pos_label"`
		Weights           []float64
		Est               string
		FPR, TPR          []float64
		ROCAUC            float64 `json:"roc_auc"`
		ROCLabel          string  `json:"roc_label"`
		ROCXLabel         string  `json:"roc_xlabel"`
		ROCYLabel         string  `json:"roc_ylabel"`
		Precision, Recall []float64
		AP                float64
		PRLabel           string    `json:"pr_label"`
		PRXLabel          string    `json:"pr_xlabel"`
		PRYLabel          string    `json:"pr_ylabel"`
		PRStepsX          []float64 `json:"pr_steps_x"`
		PRStepsY          []float64 `json:"pr_steps_y"`
	}
	PredictionError []struct {
		Kind           string
		YTrue          []float64 `json:"y_true"`
		YPred          []float64 `json:"y_pred"`
		Points         [][2]float64
		Line           [][2]float64
		XLabel, YLabel string
	} `json:"prediction_error"`
	Histograms []struct {
		Name          string
		Values        []float64
		Bins          int
		Range         [2]float64
		Density       bool
		Counts, Edges []float64
	}
	Bands struct {
		Scores    [][]float64
		Mean, Std []float64
	}
}

func loadGolden(t *testing.T) *golden {
	t.Helper()
	b, err := os.ReadFile("testdata/sklearn_plots.json")
	require.NoError(t, err)
	var g golden
	require.NoError(t, json.Unmarshal(b, &g))
	return &g
}

// recording is what a Drawer drew: its strings with the color each was drawn in,
// and the colors of its filled paths.
type recording struct {
	texts map[string][]string // string → hex colors it was drawn in
	fills []string            // hex colors of fills, in order
}

func hexOf(c color.Color) string {
	if c == nil {
		return "none"
	}
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("%02x%02x%02x", r>>8, g>>8, b>>8)
}

// record draws d on gonum's recording canvas at 6×4.5 inches.
func record(t *testing.T, d Drawer) recording {
	t.Helper()
	var rc recorder.Canvas
	d.Draw(draw.NewCanvas(&rc, 6*vg.Inch, 4.5*vg.Inch))
	rec := recording{texts: map[string][]string{}}
	cur := "000000"
	var stack []string
	for _, a := range rc.Actions {
		switch a := a.(type) {
		case *recorder.SetColor:
			cur = hexOf(a.Color)
		case *recorder.Push:
			stack = append(stack, cur)
		case *recorder.Pop:
			cur, stack = stack[len(stack)-1], stack[:len(stack)-1]
		case *recorder.FillString:
			rec.texts[a.String] = append(rec.texts[a.String], cur)
		case *recorder.Fill:
			rec.fills = append(rec.fills, cur)
		}
	}
	return rec
}

// take removes one drawing of s in color c from rec, reporting whether there was one.
func (r recording) take(s, c string) bool {
	for i, got := range r.texts[s] {
		if got == c {
			r.texts[s] = append(r.texts[s][:i], r.texts[s][i+1:]...)
			return true
		}
	}
	return false
}

// TestConfusionMatrixMatchesSklearn checks ConfusionMatrixFromPredictions against
// ConfusionMatrixDisplay.from_predictions: the (normalized) matrix, every cell's
// text and text color, every cell's fill color, the tick labels and the axis labels.
// Texts and colors are compared exactly; the normalized values to 1e-15 (numpy and
// this package divide the same sums).
func TestConfusionMatrixMatchesSklearn(t *testing.T) {
	g := loadGolden(t)
	require.NotEmpty(t, g.Confusion)
	for _, c := range g.Confusion {
		t.Run(c.Name, func(t *testing.T) {
			cm := metrics.ConfusionMatrix(c.YTrue, c.YPred, c.Labels, c.Weights)
			z, err := denseRows("test", cm)
			require.NoError(t, err)
			if c.Normalize != "" {
				normalizeConfusion(z, c.Normalize)
			}
			k := len(z)
			require.Equal(t, len(c.Matrix), k*k)
			for i := range z {
				for j := range z[i] {
					assert.InDelta(t, c.Matrix[i*k+j], z[i][j], 1e-15, "cell (%d, %d)", i, j)
				}
			}
			p, err := ConfusionMatrixFromPredictions(c.YTrue, c.YPred, c.Labels, c.Weights, &ConfusionMatrixOptions{Normalize: c.Normalize})
			require.NoError(t, err)
			rec := record(t, p)
			assert.Equal(t, c.CmapMin, hexOf(rgb(viridisTextMin)))
			assert.Equal(t, c.CmapMax, hexOf(rgb(viridisTextMax)))
			for i, s := range c.Texts {
				col := c.CmapMin
				if c.TextIsCmapMax[i] {
					col = c.CmapMax
				}
				assert.True(t, rec.take(s, col), "cell %d: text %q in %s not drawn (drawn: %v)", i, s, col, rec.texts[s])
			}
			// Cell colors: the fills after the background, in bottom-up row order.
			require.GreaterOrEqual(t, len(rec.fills), 1+k*k)
			cells := rec.fills[1 : 1+k*k]
			for n, got := range cells {
				i, j := k-1-n/k, n%k
				assert.Equal(t, c.Cells[i*k+j], got, "cell (%d, %d) color", i, j)
			}
			for _, s := range c.XTickLabels {
				assert.Len(t, rec.texts[s], 2, "tick label %q on both axes", s) // x and y
			}
			assert.NotEmpty(t, rec.texts[c.XLabel])
			assert.NotEmpty(t, rec.texts[c.YLabel])
		})
	}
}

// TestCurvesMatchSklearn checks ROCFromPredictions, PrecisionRecallFromPredictions
// and the drawn curves against RocCurveDisplay / PrecisionRecallDisplay
// .from_predictions: the points (to 1e-15: the same rates divided the same way),
// AUC and average precision (to 1e-12: numpy sums pairwise, this package left to
// right), the legend texts and the axis labels exactly, and the precision-recall
// line's post steps against matplotlib's pts_to_poststep.
func TestCurvesMatchSklearn(t *testing.T) {
	g := loadGolden(t)
	require.NotEmpty(t, g.Curves)
	for _, c := range g.Curves {
		t.Run(c.Name, func(t *testing.T) {
			roc, err := ROCFromPredictions(c.Est, c.YTrue, c.Score, c.PosLabel, c.Weights)
			require.NoError(t, err)
			assert.InDeltaSlice(t, c.FPR, roc.FPR, 1e-15)
			assert.InDeltaSlice(t, c.TPR, roc.TPR, 1e-15)
			assert.InDelta(t, c.ROCAUC, roc.AUC(), 1e-12)
			p, err := ROCCurve(roc)
			require.NoError(t, err)
			rec := record(t, p)
			for _, s := range []string{c.ROCLabel, c.ROCXLabel, c.ROCYLabel, "Chance level (AUC = 0.5)"} {
				assert.NotEmpty(t, rec.texts[s], "%q not drawn", s)
			}

			pr, err := PrecisionRecallFromPredictions(c.Est, c.YTrue, c.Score, c.PosLabel, c.Weights)
			require.NoError(t, err)
			assert.InDeltaSlice(t, c.Precision, pr.Precision, 1e-15)
			assert.InDeltaSlice(t, c.Recall, pr.Recall, 1e-15)
			assert.InDelta(t, c.AP, pr.AveragePrecision(), 1e-12)
			p, err = PrecisionRecallCurve(pr)
			require.NoError(t, err)
			rec = record(t, p)
			for _, s := range []string{c.PRLabel, c.PRXLabel, c.PRYLabel} {
				assert.NotEmpty(t, rec.texts[s], "%q not drawn", s)
			}
			steps := postSteps(pr.Recall, pr.Precision)
			require.Len(t, steps, len(c.PRStepsX))
			for i, pt := range steps {
				assert.InDelta(t, c.PRStepsX[i], pt.X, 1e-15)
				assert.InDelta(t, c.PRStepsY[i], pt.Y, 1e-15)
			}
		})
	}
}

// TestPredictionErrorMatchesSklearn checks the points and reference lines of
// PredictionError and Residuals against PredictionErrorDisplay.from_predictions
// (subsample=None) exactly (the same subtractions and extrema), and the axis labels.
func TestPredictionErrorMatchesSklearn(t *testing.T) {
	g := loadGolden(t)
	require.Len(t, g.PredictionError, 2)
	for _, c := range g.PredictionError {
		t.Run(c.Kind, func(t *testing.T) {
			pts, line := actualVsPredicted(c.YTrue, c.YPred)
			plot := PredictionError
			if c.Kind == "residual_vs_predicted" {
				pts, line = residualVsPredicted(c.YTrue, c.YPred)
				plot = Residuals
			}
			require.Len(t, pts, len(c.Points))
			for i, pt := range pts {
				assert.Equal(t, c.Points[i], [2]float64{pt.X, pt.Y}, "point %d", i)
			}
			require.Len(t, line, 2)
			for i, pt := range line {
				assert.Equal(t, c.Line[i], [2]float64{pt.X, pt.Y}, "line point %d", i)
			}
			p, err := plot(c.YTrue, c.YPred, &PredictionErrorOptions{Subsample: -1})
			require.NoError(t, err)
			rec := record(t, p)
			assert.NotEmpty(t, rec.texts[c.XLabel])
			assert.NotEmpty(t, rec.texts[c.YLabel])
		})
	}
}

// TestHistogramMatchesNumpy checks the bins against numpy.histogram exactly: the
// same edges (numpy.linspace's arithmetic), the same bin for every value (values on
// edges included), and the same density arithmetic.
func TestHistogramMatchesNumpy(t *testing.T) {
	g := loadGolden(t)
	require.NotEmpty(t, g.Histograms)
	for _, c := range g.Histograms {
		t.Run(c.Name, func(t *testing.T) {
			counts, edges, err := histogram("test", c.Values, c.Bins, c.Range, c.Density)
			require.NoError(t, err)
			assert.Equal(t, c.Edges, edges)
			assert.Equal(t, c.Counts, counts)
			_, err = Histogram(c.Values, &HistogramOptions{Bins: c.Bins, Range: c.Range, Density: c.Density})
			require.NoError(t, err)
		})
	}
}

// TestBandsMatchNumpy checks the mean ± std bands against numpy's mean and std
// (ddof = 0) to 1e-15.
func TestBandsMatchNumpy(t *testing.T) {
	g := loadGolden(t)
	mean, std, err := meanStd("test", "x", g.Bands.Scores)
	require.NoError(t, err)
	assert.InDeltaSlice(t, g.Bands.Mean, mean, 1e-15)
	assert.InDeltaSlice(t, g.Bands.Std, std, 1e-15)
}
