package metrics_test

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/metrics"
)

func TestLengthMismatchPanics(t *testing.T) {
	a := []float64{0, 1, 1}
	b := []float64{0, 1}
	w2 := []float64{1, 1}
	p3 := mat.NewDense(3, 2, []float64{0.5, 0.5, 0.2, 0.8, 0.6, 0.4})
	p2 := mat.NewDense(2, 2, []float64{0.5, 0.5, 0.2, 0.8})
	const msg = "metrics: length mismatch"
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"R2Score", func() { metrics.R2Score(a, b, nil) }},
		{"R2Score weights", func() { metrics.R2Score(a, a, w2) }},
		{"MeanSquaredError", func() { metrics.MeanSquaredError(a, b, nil) }},
		{"RootMeanSquaredError", func() { metrics.RootMeanSquaredError(a, b, nil) }},
		{"MeanAbsoluteError", func() { metrics.MeanAbsoluteError(a, a, w2) }},
		{"MedianAbsoluteError", func() { metrics.MedianAbsoluteError(a, b, nil) }},
		{"MedianAbsoluteError weights", func() { metrics.MedianAbsoluteError(a, a, w2) }},
		{"MeanAbsolutePercentageError", func() { metrics.MeanAbsolutePercentageError(a, b, nil) }},
		{"ExplainedVarianceScore", func() { metrics.ExplainedVarianceScore(b, a, nil) }},
		{"MaxError", func() { metrics.MaxError(a, b) }},
		{"AccuracyScore", func() { metrics.AccuracyScore(a, b, nil) }},
		{"BalancedAccuracyScore", func() { metrics.BalancedAccuracyScore(a, a, w2) }},
		{"PrecisionScore", func() { metrics.PrecisionScore(a, b, metrics.Binary, nil) }},
		{"RecallScore", func() { metrics.RecallScore(a, b, metrics.Macro, nil) }},
		{"F1Score", func() { metrics.F1Score(a, a, metrics.Micro, w2) }},
		{"FBetaScore", func() { metrics.FBetaScore(a, b, 2, metrics.Weighted, nil) }},
		{"PrecisionRecallFScoreSupport", func() { metrics.PrecisionRecallFScoreSupport(a, b, 1, nil, nil) }},
		{"ConfusionMatrix", func() { metrics.ConfusionMatrix(a, b, nil, nil) }},
		{"ConfusionMatrix weights", func() { metrics.ConfusionMatrix(a, a, nil, w2) }},
		{"ROCAUCScore", func() { metrics.ROCAUCScore(a, b, nil) }},
		{"ROCCurve", func() { metrics.ROCCurve(a, b, 1, nil) }},
		{"ROCAUCOvRScore", func() { metrics.ROCAUCOvRScore(b, p3, nil, metrics.Macro, nil) }},
		{"ROCAUCOvOScore", func() { metrics.ROCAUCOvOScore(a, p2, nil, metrics.Macro) }},
		{"LogLoss", func() { metrics.LogLoss(b, p3, nil, nil) }},
		{"LogLoss weights", func() { metrics.LogLoss(a, p3, nil, w2) }},
		{"BinaryLogLoss", func() { metrics.BinaryLogLoss(a, b, nil) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.PanicsWithValue(t, msg, tc.f)
		})
	}
}

// Programmer errors other than length mismatches: an Average the function does not
// support.
func TestMisusePanics(t *testing.T) {
	y := []float64{0, 1, 2, 1}
	p := mat.NewDense(4, 3, []float64{
		0.6, 0.2, 0.2,
		0.1, 0.8, 0.1,
		0.2, 0.2, 0.6,
		0.3, 0.4, 0.3,
	})
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"unknown average", func() { metrics.F1Score(y, y, "samples", nil) }},
		{"OvR binary average", func() { metrics.ROCAUCOvRScore(y, p, nil, metrics.Binary, nil) }},
		{"OvO micro", func() { metrics.ROCAUCOvOScore(y, p, nil, metrics.Micro) }},
		{"LogLoss rows", func() { metrics.LogLoss(y[:3], p, nil, nil) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Panics(t, tc.f)
		})
	}
}

func TestInputsNotModified(t *testing.T) {
	yt := []float64{3, 1, 2, 2, 1, 3}
	yp := []float64{3, 2, 2, 1, 1, 1}
	w := []float64{1, 2, 1, 2, 1, 2}
	ct, cp, cw := slices.Clone(yt), slices.Clone(yp), slices.Clone(w)
	metrics.MedianAbsoluteError(yt, yp, nil)
	metrics.MedianAbsoluteError(yt, yp, w)
	metrics.F1Score(yt, yp, metrics.Macro, w)
	metrics.ConfusionMatrix(yt, yp, nil, w)
	metrics.BalancedAccuracyScore(yt, yp, w)
	metrics.ROCCurve(yt, yp, 3, w)
	assert.Equal(t, ct, yt)
	assert.Equal(t, cp, yp)
	assert.Equal(t, cw, w)
}

func TestNaNPropagates(t *testing.T) {
	yt := []float64{1, 2, 3}
	yp := []float64{1, math.NaN(), 3}
	for name, v := range map[string]float64{
		"R2Score":                metrics.R2Score(yt, yp, nil),
		"MeanSquaredError":       metrics.MeanSquaredError(yt, yp, nil),
		"MeanAbsoluteError":      metrics.MeanAbsoluteError(yt, yp, nil),
		"MedianAbsoluteError":    metrics.MedianAbsoluteError(yt, yp, nil),
		"MedianAbsoluteError/w":  metrics.MedianAbsoluteError(yt, yp, []float64{1, 1, 1}),
		"ExplainedVarianceScore": metrics.ExplainedVarianceScore(yt, yp, nil),
		"MaxError":               metrics.MaxError(yt, yp),
	} {
		assert.Truef(t, math.IsNaN(v), "%s = %v, want NaN", name, v)
	}
}

func TestAverageAndPosLabel(t *testing.T) {
	yt := []float64{2, 5, 5, 2, 5}
	yp := []float64{2, 5, 2, 2, 5}
	// Positive label 5: tp 2, fp 0, fn 1.
	assert.InDelta(t, 1.0, metrics.PrecisionScore(yt, yp, metrics.PosLabel(5), nil), 1e-15)
	assert.InDelta(t, 2.0/3, metrics.RecallScore(yt, yp, metrics.PosLabel(5), nil), 1e-15)
	// Positive label 2: tp 2, fp 1, fn 0.
	assert.InDelta(t, 2.0/3, metrics.PrecisionScore(yt, yp, metrics.PosLabel(2), nil), 1e-15)
	// A fractional positive label round-trips through the Average string.
	assert.InDelta(t, 1.0, metrics.RecallScore([]float64{0.1, 0.3}, []float64{0.1, 0.3}, metrics.PosLabel(0.1), nil), 1e-15)
	// PrecisionRecallFScoreSupport with one label is the binary score.
	p, _, _, s := metrics.PrecisionRecallFScoreSupport(yt, yp, 1, []float64{5}, nil)
	assert.Equal(t, []float64{1}, p)
	assert.Equal(t, []float64{3}, s)
}
