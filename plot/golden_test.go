package plot

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/vg"

	"github.com/skgo/skgo/crossval"
)

// goldenDelta is the per-pixel tolerance of the golden images (cmpimg's normalized
// YIQ distance). Anti-aliased edges may differ by a few levels between machines
// (floating-point contraction, for one); 0.02 allows about 5 levels of luminance
// per pixel, while a moved line, a changed color or a changed text changes pixels
// by far more.
const goldenDelta = 0.02

// checkGolden renders d as a 4×3-inch PNG at 96 dpi and compares it with
// testdata/NAME_golden.png using gonum's cmpimg; `go test -regen` (cmpimg's flag)
// rewrites the goldens. On a mismatch the image is written to testdata/NAME.png.
func checkGolden(t *testing.T, name string, d Drawer) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Encode(&buf, d, "png", 4*vg.Inch, 3*vg.Inch))
	path := filepath.Join("testdata", name+"_golden.png")
	if *cmpimg.GenerateTestData {
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden image: run go test -run TestGolden -regen")
	ok, err := cmpimg.EqualApprox("png", buf.Bytes(), want, goldenDelta)
	require.NoError(t, err)
	if !ok {
		got := filepath.Join("testdata", name+".png")
		_ = os.WriteFile(got, buf.Bytes(), 0o644)
		t.Errorf("%s differs from %s (written to %s)", name, path, got)
	}
}

// Fixed inputs for the golden images.
var (
	gYTrue  = []float64{0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0}
	gScoreA = []float64{0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.6, 0.7, 0.3, 0.05, 0.75, 0.5}
	gScoreB = []float64{0.3, 0.2, 0.5, 0.6, 0.1, 0.4, 0.7, 0.9, 0.8, 0.2, 0.65, 0.15}
	gLC     = &crossval.LearningCurveResult{
		TrainSizes:  []int{10, 32, 55, 77, 100},
		TrainScores: [][]float64{{1, 0.97, 0.99}, {0.97, 0.95, 0.96}, {0.95, 0.94, 0.96}, {0.94, 0.93, 0.95}, {0.94, 0.93, 0.94}},
		TestScores:  [][]float64{{0.6, 0.7, 0.65}, {0.75, 0.8, 0.72}, {0.8, 0.85, 0.82}, {0.85, 0.88, 0.83}, {0.88, 0.9, 0.86}},
	}
)

func regressionData() (yt, yp []float64) {
	yt, yp = make([]float64, 60), make([]float64, 60)
	for i := range yt {
		yt[i] = float64(i) / 6
		yp[i] = yt[i] + math.Sin(float64(i)*1.7)
	}
	return yt, yp
}

func TestGoldenImages(t *testing.T) {
	mustPlot := func(d Drawer, err error) Drawer {
		t.Helper()
		require.NoError(t, err)
		return d
	}
	cm := mat.NewDense(3, 3, []float64{50, 3, 0, 4, 1130, 7, 0, 9, 35})
	roc := func(name string, s []float64) ROC {
		r, err := ROCFromPredictions(name, gYTrue, s, 1, nil)
		require.NoError(t, err)
		return r
	}
	pr := func(name string, s []float64) PrecisionRecall {
		r, err := PrecisionRecallFromPredictions(name, gYTrue, s, 1, nil)
		require.NoError(t, err)
		return r
	}
	yt, yp := regressionData()
	conf := make([]float64, 200)
	for i := range conf {
		conf[i] = 0.3 + 0.7*math.Abs(math.Sin(float64(i)*0.37)*math.Cos(float64(i)*1.3))
	}
	cases := []struct {
		name string
		d    func() Drawer
	}{
		{"confusion", func() Drawer {
			return mustPlot(ConfusionMatrix(cm, &ConfusionMatrixOptions{Labels: []string{"setosa", "versicolor", "virginica"}}))
		}},
		{"confusion_normalized", func() Drawer {
			yt3 := []float64{0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2}
			yp3 := []float64{0, 0, 1, 0, 1, 2, 1, 2, 2, 0, 2, 1}
			return mustPlot(ConfusionMatrixFromPredictions(yt3, yp3, nil, nil, &ConfusionMatrixOptions{Normalize: NormalizeTrue, Title: "Normalized"}))
		}},
		{"roc", func() Drawer { return mustPlot(ROCCurve(roc("A", gScoreA), roc("B", gScoreB))) }},
		{"precision_recall", func() Drawer {
			return mustPlot(PrecisionRecallCurve(pr("A", gScoreA), pr("B", gScoreB)))
		}},
		{"prediction_error", func() Drawer { return mustPlot(PredictionError(yt, yp, nil)) }},
		{"residuals", func() Drawer { return mustPlot(Residuals(yt, yp, nil)) }},
		{"learning_curve", func() Drawer { return mustPlot(LearningCurve(gLC, nil)) }},
		{"validation_curve", func() Drawer {
			return mustPlot(ValidationCurve([]float64{1e-3, 1e-2, 1e-1, 1, 10}, gLC.TrainScores, gLC.TestScores,
				&ScoreCurveOptions{LogX: true, XLabel: "alpha"}))
		}},
		{"training_history", func() Drawer {
			return mustPlot(TrainingHistory(History{
				Loss:       []Series{{"train", []float64{2.3, 1.1, 0.6, 0.4, 0.35}}, {"validation", []float64{2.0, 1.2, 0.8, 0.7, 0.72}}},
				Metrics:    []Series{{"test accuracy", []float64{0.5, 0.7, 0.8, 0.85, 0.86}}},
				MetricName: "Accuracy",
			}))
		}},
		{"feature_importances", func() Drawer {
			return mustPlot(FeatureImportances([]string{"age", "bmi", "bp", "s1", "s5"}, []float64{0.1, -0.5, 0.3, 0.05, 0.22},
				&FeatureImportanceOptions{ByMagnitude: true, Std: []float64{0.02, 0.05, 0.1, 0.01, 0.04}}))
		}},
		{"histogram", func() Drawer {
			return mustPlot(Histogram(conf, &HistogramOptions{Bins: 14, XLabel: "confidence"}))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkGolden(t, c.name, c.d()) })
	}
}
