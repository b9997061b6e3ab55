package plot

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn"
)

func TestBadInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	y := []float64{0, 1, 0, 1}
	s := []float64{0.1, 0.8, 0.3, 0.6}
	roc, err := ROCFromPredictions("m", y, s, 1, nil)
	require.NoError(t, err)
	pr, err := PrecisionRecallFromPredictions("m", y, s, 1, nil)
	require.NoError(t, err)
	sq := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	two := [][]float64{{1, 0.9}, {0.8, 0.9}}
	cases := []struct {
		name string
		want error
		f    func() error
	}{
		{"cm nil", estimator.ErrInvalidData, func() error { _, err := ConfusionMatrix(nil, nil); return err }},
		{"cm not square", estimator.ErrShape, func() error { _, err := ConfusionMatrix(mat.NewDense(2, 3, nil), nil); return err }},
		{"cm NaN", estimator.ErrInvalidData, func() error {
			_, err := ConfusionMatrix(mat.NewDense(2, 2, []float64{1, nan, 0, 1}), nil)
			return err
		}},
		{"cm labels", estimator.ErrShape, func() error {
			_, err := ConfusionMatrix(sq, &ConfusionMatrixOptions{Labels: []string{"a"}})
			return err
		}},
		{"cm normalize", estimator.ErrInvalidParam, func() error {
			_, err := ConfusionMatrix(sq, &ConfusionMatrixOptions{Normalize: "rows"})
			return err
		}},
		{"cm format", estimator.ErrInvalidParam, func() error {
			_, err := ConfusionMatrix(sq, &ConfusionMatrixOptions{ValuesFormat: "%d"})
			return err
		}},
		{"cm format no verb", estimator.ErrInvalidParam, func() error {
			_, err := ConfusionMatrix(sq, &ConfusionMatrixOptions{ValuesFormat: "x"})
			return err
		}},
		{"cm too big", estimator.ErrInvalidData, func() error {
			_, err := ConfusionMatrix(mat.NewDense(MaxClasses+1, MaxClasses+1, nil), nil)
			return err
		}},
		{"cmp empty", estimator.ErrInvalidData, func() error { _, err := ConfusionMatrixFromPredictions(nil, nil, nil, nil, nil); return err }},
		{"cmp lengths", estimator.ErrShape, func() error { _, err := ConfusionMatrixFromPredictions(y, y[:3], nil, nil, nil); return err }},
		{"cmp NaN", estimator.ErrInvalidData, func() error {
			_, err := ConfusionMatrixFromPredictions([]float64{0, nan}, y[:2], nil, nil, nil)
			return err
		}},
		{"cmp weights", estimator.ErrShape, func() error {
			_, err := ConfusionMatrixFromPredictions(y, y, nil, []float64{1}, nil)
			return err
		}},
		{"cmp labels absent", estimator.ErrInvalidData, func() error {
			_, err := ConfusionMatrixFromPredictions(y, y, []float64{7}, nil, nil)
			return err
		}},
		{"cmp labels duplicate", estimator.ErrInvalidData, func() error {
			_, err := ConfusionMatrixFromPredictions(y, y, []float64{0, 0}, nil, nil)
			return err
		}},
		{"roc lengths", estimator.ErrShape, func() error { _, err := ROCFromPredictions("", y, s[:3], 1, nil); return err }},
		{"roc one class", estimator.ErrInvalidData, func() error {
			_, err := ROCFromPredictions("", []float64{1, 1}, s[:2], 1, nil)
			return err
		}},
		{"roc no positive", estimator.ErrInvalidData, func() error { _, err := ROCFromPredictions("", y, s, 2, nil); return err }},
		{"roc inf score", estimator.ErrInvalidData, func() error {
			_, err := ROCFromPredictions("", y, []float64{0, inf, 0, 1}, 1, nil)
			return err
		}},
		{"roc NaN pos label", estimator.ErrInvalidParam, func() error { _, err := ROCFromPredictions("", y, s, nan, nil); return err }},
		{"roc zero weights", estimator.ErrInvalidData, func() error {
			_, err := ROCFromPredictions("", y, s, 1, []float64{0, 0, 0, 0})
			return err
		}},
		{"roc none", estimator.ErrInvalidData, func() error { _, err := ROCCurve(); return err }},
		{"roc one point", estimator.ErrInvalidData, func() error { _, err := ROCCurve(ROC{FPR: []float64{0}, TPR: []float64{0}}); return err }},
		{"roc not monotonic", estimator.ErrInvalidData, func() error {
			_, err := ROCCurve(ROC{FPR: []float64{0, 1, 0.5}, TPR: []float64{0, 1, 1}})
			return err
		}},
		{"roc mismatch", estimator.ErrShape, func() error { _, err := ROCCurve(roc, ROC{FPR: []float64{0, 1}, TPR: []float64{0}}); return err }},
		{"pr lengths", estimator.ErrShape, func() error { _, err := PrecisionRecallFromPredictions("", y, s[:1], 1, nil); return err }},
		{"pr NaN", estimator.ErrInvalidData, func() error {
			_, err := PrecisionRecallCurve(pr, PrecisionRecall{Precision: []float64{1, nan}, Recall: []float64{1, 0}})
			return err
		}},
		{"pr increasing", estimator.ErrInvalidData, func() error {
			_, err := PrecisionRecallCurve(PrecisionRecall{Precision: []float64{1, 1}, Recall: []float64{0, 1}})
			return err
		}},
		{"pe empty", estimator.ErrInvalidData, func() error { _, err := PredictionError(nil, nil, nil); return err }},
		{"pe lengths", estimator.ErrShape, func() error { _, err := PredictionError(s, s[:2], nil); return err }},
		{"res NaN", estimator.ErrInvalidData, func() error { _, err := Residuals(s, []float64{0, 0, nan, 0}, nil); return err }},
		{"lc nil", estimator.ErrInvalidData, func() error { _, err := LearningCurve(nil, nil); return err }},
		{"lc rows", estimator.ErrShape, func() error {
			_, err := LearningCurve(&crossval.LearningCurveResult{TrainSizes: []int{1, 2, 3}, TrainScores: two, TestScores: two}, nil)
			return err
		}},
		{"lc empty fold row", estimator.ErrInvalidData, func() error {
			_, err := LearningCurve(&crossval.LearningCurveResult{TrainSizes: []int{1, 2}, TrainScores: [][]float64{{1}, {}}, TestScores: two}, nil)
			return err
		}},
		{"vc NaN score", estimator.ErrInvalidData, func() error {
			_, err := ValidationCurve([]float64{1, 2}, two, [][]float64{{1, nan}, {1, 1}}, nil)
			return err
		}},
		{"vc log of 0", estimator.ErrInvalidData, func() error {
			_, err := ValidationCurve([]float64{0, 2}, two, two, &ScoreCurveOptions{LogX: true})
			return err
		}},
		{"vc empty", estimator.ErrInvalidData, func() error { _, err := ValidationCurve(nil, nil, nil, nil); return err }},
		{"history no loss", estimator.ErrInvalidData, func() error { _, err := TrainingHistory(History{}); return err }},
		{"history empty series", estimator.ErrInvalidData, func() error {
			_, err := TrainingHistory(History{Loss: []Series{{"train", nil}}})
			return err
		}},
		{"history NaN metric", estimator.ErrInvalidData, func() error {
			_, err := TrainingHistory(History{Loss: []Series{{"train", s}}, Metrics: []Series{{"val", []float64{nan}}}})
			return err
		}},
		{"fi empty", estimator.ErrInvalidData, func() error { _, err := FeatureImportances(nil, nil, nil); return err }},
		{"fi names", estimator.ErrShape, func() error { _, err := FeatureImportances([]string{"a"}, s, nil); return err }},
		{"fi std", estimator.ErrShape, func() error {
			_, err := FeatureImportances(nil, s, &FeatureImportanceOptions{Std: []float64{1}})
			return err
		}},
		{"fi negative std", estimator.ErrInvalidData, func() error {
			_, err := FeatureImportances(nil, s, &FeatureImportanceOptions{Std: []float64{1, -1, 0, 0}})
			return err
		}},
		{"fi max features", estimator.ErrInvalidParam, func() error {
			_, err := FeatureImportances(nil, s, &FeatureImportanceOptions{MaxFeatures: -1})
			return err
		}},
		{"fi too many", estimator.ErrInvalidParam, func() error {
			_, err := FeatureImportances(nil, make([]float64, MaxBars+1), nil)
			return err
		}},
		{"hist empty", estimator.ErrInvalidData, func() error { _, err := Histogram(nil, nil); return err }},
		{"hist inf", estimator.ErrInvalidData, func() error { _, err := Histogram([]float64{1, inf}, nil); return err }},
		{"hist bins", estimator.ErrInvalidParam, func() error { _, err := Histogram(s, &HistogramOptions{Bins: -1}); return err }},
		{"hist many bins", estimator.ErrInvalidParam, func() error { _, err := Histogram(s, &HistogramOptions{Bins: MaxBins + 1}); return err }},
		{"hist range", estimator.ErrInvalidParam, func() error {
			_, err := Histogram(s, &HistogramOptions{Range: [2]float64{1, 0}})
			return err
		}},
		{"hist NaN range", estimator.ErrInvalidParam, func() error {
			_, err := Histogram(s, &HistogramOptions{Range: [2]float64{nan, 1}})
			return err
		}},
		{"hist overflow", estimator.ErrInvalidData, func() error {
			_, err := Histogram([]float64{-math.MaxFloat64, math.MaxFloat64}, nil)
			return err
		}},
		{"hist density outside", estimator.ErrInvalidData, func() error {
			_, err := Histogram(s, &HistogramOptions{Range: [2]float64{5, 6}, Density: true})
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = c.f() })
			require.Error(t, err)
			assert.ErrorIs(t, err, c.want)
			assert.Contains(t, err.Error(), "plot.")
		})
	}
}

func TestSave(t *testing.T) {
	dir := t.TempDir()
	p, err := Histogram([]float64{1, 2, 2, 3}, nil)
	require.NoError(t, err)
	magic := map[string]string{"png": "\x89PNG", "svg": "<?xml", "pdf": "%PDF", "jpg": "\xff\xd8", "tiff": "II*\x00"}
	for ext, m := range magic {
		path := filepath.Join(dir, "h."+ext)
		require.NoError(t, Save(p, path), ext)
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, m, string(b[:len(m)]), ext)
	}
	require.NoError(t, Save(p, filepath.Join(dir, "upper.PNG")))

	// The default sizes: 576×432 pixels for a plot, 288 pixels per row of a Figure.
	var buf bytes.Buffer
	f, err := TrainingHistory(History{Loss: []Series{{"l", []float64{1, 0.5}}}, Metrics: []Series{{"m", []float64{0.5, 0.7}}}})
	require.NoError(t, err)
	require.NoError(t, Save(f, filepath.Join(dir, "f.png")))
	b, err := os.ReadFile(filepath.Join(dir, "f.png"))
	require.NoError(t, err)
	buf.Write(b)
	assert.Equal(t, []byte{0, 0, 0x02, 0x40, 0, 0, 0x02, 0x40}, buf.Bytes()[16:24], "576×576 pixels")
	b, err = os.ReadFile(filepath.Join(dir, "h.png"))
	require.NoError(t, err)
	assert.Equal(t, []byte{0, 0, 0x02, 0x40, 0, 0, 0x01, 0xb0}, b[16:24], "576×432 pixels")

	for _, c := range []struct {
		name string
		err  error
	}{
		{func() string { return "noext" }(), Save(p, filepath.Join(dir, "noext"))},
		{"unknown", Save(p, filepath.Join(dir, "x.gif"))},
		{"nil plot", Save((*gplot.Plot)(nil), filepath.Join(dir, "nil.png"))},
		{"nil figure", Save((*Figure)(nil), filepath.Join(dir, "nilf.png"))},
		{"nil", Save(nil, filepath.Join(dir, "nil2.png"))},
		{"zero size", SaveSize(p, filepath.Join(dir, "z.png"), 0, vg.Inch)},
		{"huge", SaveSize(p, filepath.Join(dir, "big.png"), 2*MaxSize, vg.Inch)},
		{"NaN size", Encode(&buf, p, "png", vg.Length(math.NaN()), vg.Inch)},
	} {
		assert.ErrorIs(t, c.err, estimator.ErrInvalidParam, c.name)
	}
	for _, name := range []string{"noext", "x.gif", "nil.png", "z.png", "big.png"} {
		_, err := os.Stat(filepath.Join(dir, name))
		assert.True(t, os.IsNotExist(err), "%s must not be written", name)
	}
	assert.Error(t, Save(p, filepath.Join(dir, "missing", "dir", "h.png")))
}

// TestInputsNotModified checks that no function writes to its arguments.
func TestInputsNotModified(t *testing.T) {
	yt := []float64{2, 0, 1, 1, 0, 2, 1}
	yp := []float64{2, 1, 1, 0, 0, 2, 2}
	w := []float64{1, 2, 1, 1, 0.5, 1, 1}
	sc := []float64{0.9, 0.1, 0.4, 0.3, 0.2, 0.8, 0.7}
	cm := mat.NewDense(2, 2, []float64{3, 1, 0, 4})
	copies := [][]float64{slices.Clone(yt), slices.Clone(yp), slices.Clone(w), slices.Clone(sc), slices.Clone(cm.RawMatrix().Data)}
	_, err := ConfusionMatrixFromPredictions(yt, yp, nil, w, &ConfusionMatrixOptions{Normalize: NormalizeAll})
	require.NoError(t, err)
	_, err = ConfusionMatrix(cm, &ConfusionMatrixOptions{Normalize: NormalizeTrue})
	require.NoError(t, err)
	_, err = ROCFromPredictions("", yt, sc, 2, w)
	require.NoError(t, err)
	_, err = PredictionError(yt, sc, &PredictionErrorOptions{Subsample: 3})
	require.NoError(t, err)
	_, err = Residuals(yt, sc, nil)
	require.NoError(t, err)
	_, err = FeatureImportances(nil, sc, &FeatureImportanceOptions{ByMagnitude: true, MaxFeatures: 3})
	require.NoError(t, err)
	_, err = Histogram(sc, nil)
	require.NoError(t, err)
	for i, a := range [][]float64{yt, yp, w, sc, cm.RawMatrix().Data} {
		assert.Equal(t, copies[i], a, "argument %d", i)
	}
}

// TestDegenerate checks inputs with a single value or point draw without error.
func TestDegenerate(t *testing.T) {
	draws := func(d Drawer, err error) {
		t.Helper()
		require.NoError(t, err)
		require.NoError(t, Encode(&bytes.Buffer{}, d, "png", 2*vg.Inch, 2*vg.Inch))
	}
	draws(ConfusionMatrix(mat.NewDense(1, 1, []float64{5}), nil))
	draws(ConfusionMatrix(mat.NewDense(2, 2, nil), &ConfusionMatrixOptions{Normalize: NormalizeTrue}))
	draws(PredictionError([]float64{3}, []float64{3}, nil))
	draws(Residuals([]float64{3, 3}, []float64{3, 3}, nil))
	draws(Histogram([]float64{7}, nil))
	draws(FeatureImportances(nil, []float64{0}, nil))
	draws(TrainingHistory(History{Loss: []Series{{"", []float64{1}}}}))
	h, err := Histogram([]float64{1, 2}, nil)
	draws(&Figure{Plots: []*gplot.Plot{nil, h}}, err)
	draws(&Figure{}, nil)
	draws(LearningCurve(&crossval.LearningCurveResult{TrainSizes: []int{5}, TrainScores: [][]float64{{1}}, TestScores: [][]float64{{1}}}, nil))
	draws(ValidationCurve([]float64{1e-300, 1e300}, [][]float64{{1}, {1}}, [][]float64{{0}, {0}}, &ScoreCurveOptions{LogX: true}))
}

// TestSubsample checks PredictionError's subsampling: the default keeps 1000 points,
// Subsample = n keeps n distinct points of the input, a negative value keeps all,
// and the same Seed gives the same points.
func TestSubsample(t *testing.T) {
	n := 1500
	yt, yp := make([]float64, n), make([]float64, n)
	for i := range yt {
		yt[i], yp[i] = float64(i), float64(i)+0.5
	}
	a, b, _, err := regressionInput("t", yt, yp, nil)
	require.NoError(t, err)
	assert.Len(t, a, 1000)
	assert.True(t, slices.IsSorted(a))
	assert.Len(t, slices.Compact(slices.Clone(a)), 1000, "without replacement")
	for i := range a {
		assert.Equal(t, a[i]+0.5, b[i], "pairs kept together")
	}
	c, _, _, err := regressionInput("t", yt, yp, &PredictionErrorOptions{Subsample: 10, Seed: 3})
	require.NoError(t, err)
	d, _, _, err := regressionInput("t", yt, yp, &PredictionErrorOptions{Subsample: 10, Seed: 3})
	require.NoError(t, err)
	assert.Equal(t, c, d)
	all, _, _, err := regressionInput("t", yt, yp, &PredictionErrorOptions{Subsample: -1})
	require.NoError(t, err)
	assert.Len(t, all, n)
}

// TestFeatureImportanceOrder checks the sorting (by value, by magnitude, ties in
// input order) and MaxFeatures.
func TestFeatureImportanceOrder(t *testing.T) {
	labels := func(opt *FeatureImportanceOptions) []string {
		p, err := FeatureImportances([]string{"a", "b", "c", "d"}, []float64{0.1, -0.5, 0.3, 0.1}, opt)
		require.NoError(t, err)
		var out []string
		for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			out = append(out, tk.Label)
		}
		return out
	}
	// Ticks run bottom to top; the largest is at the top.
	assert.Equal(t, []string{"b", "d", "a", "c"}, labels(nil))
	assert.Equal(t, []string{"d", "a", "c", "b"}, labels(&FeatureImportanceOptions{ByMagnitude: true}))
	assert.Equal(t, []string{"c", "b"}, labels(&FeatureImportanceOptions{ByMagnitude: true, MaxFeatures: 2}))
}

func TestHistoryFromEpochs(t *testing.T) {
	h := HistoryFromEpochs([]nn.EpochInfo{{Epoch: 1, Loss: 2, ValScore: math.NaN()}, {Epoch: 2, Loss: 1, ValScore: math.NaN()}})
	assert.Equal(t, []Series{{"train", []float64{2, 1}}}, h.Loss)
	assert.Empty(t, h.Metrics)
	h = HistoryFromEpochs([]nn.EpochInfo{{Epoch: 1, Loss: 2, ValScore: 0.5}, {Epoch: 2, Loss: 1, ValScore: 0.7}})
	assert.Equal(t, []Series{{"validation", []float64{0.5, 0.7}}}, h.Metrics)
}

// TestCellText checks scikit-learn's cell formatting rule beyond the goldens.
func TestCellText(t *testing.T) {
	assert.Equal(t, "1130", cellText(1130, true, ""))
	assert.Equal(t, "1.1e+03", cellText(1130, false, ""))
	assert.Equal(t, "12", cellText(12, true, ""))
	assert.Equal(t, "0.33", cellText(1.0/3, false, ""))
	assert.Equal(t, "0.333", cellText(1.0/3, false, "%.3f"))
}

// TestEpochTicks checks that epoch axes are labelled with whole numbers only.
func TestEpochTicks(t *testing.T) {
	var labels []string
	for _, tk := range (epochTicks{}).Ticks(1, 2) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	assert.Equal(t, []string{"1", "2"}, labels)
}
