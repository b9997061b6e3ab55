package metrics_test

import (
	"errors"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
)

// negDims is a matrix reporting impossible dimensions.
type negDims struct{}

func (negDims) Dims() (int, int)      { return -1, 3 }
func (negDims) At(int, int) float64   { return 0 }
func (m negDims) T() mat.Matrix       { return mat.Transpose{Matrix: m} }
func (badAt) Dims() (int, int)        { return 4, 3 }
func (badAt) At(int, int) float64     { panic("broken matrix") }
func (m badAt) T() mat.Matrix         { return mat.Transpose{Matrix: m} }
func (wideProba) Dims() (int, int)    { return 4, 1 << 40 }
func (wideProba) At(int, int) float64 { return 0.5 }
func (m wideProba) T() mat.Matrix     { return mat.Transpose{Matrix: m} }
func nanMatrix(r, c int) *mat.Dense   { return mat.NewDense(r, c, nanSlice(r*c)) }
func nanSlice(n int) []float64        { return slicesRepeat(math.NaN(), n) }
func slicesRepeat(v float64, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// badAt is a matrix whose At panics.
type badAt struct{}

// wideProba claims 2⁴⁰ columns: it must not be copied.
type wideProba struct{}

// Data-dependent conditions (empty input, one class, NaN or unseen labels, a
// negative beta, unusable probability matrices, zero total weight) must not panic:
// every metric returns NaN, as gonum/stat does for undefined results.
func TestDegenerateInputsGiveNaN(t *testing.T) {
	nan := math.NaN()
	y4 := []float64{0, 1, 2, 1}
	p4 := mat.NewDense(4, 3, []float64{
		0.6, 0.2, 0.2,
		0.1, 0.8, 0.1,
		0.2, 0.2, 0.6,
		0.3, 0.4, 0.3,
	})
	unnorm := mat.DenseCopyOf(p4)
	unnorm.Set(0, 0, 0.9)
	var nilDense *mat.Dense
	zeroW := []float64{0, 0, 0, 0}
	one := []float64{1}
	nanY := []float64{0, nan, 1, 1}
	bin := []float64{0, 1, 1, 0}
	single := []float64{1, 1, 1, 1}
	score := []float64{0.1, 0.8, 0.7, 0.3}
	for _, tc := range []struct {
		name string
		f    func() float64
	}{
		// Regression metrics.
		{"R2Score empty", func() float64 { return metrics.R2Score(nil, nil, nil) }},
		{"R2Score one sample", func() float64 { return metrics.R2Score(one, one, nil) }},
		{"R2Score zero weight", func() float64 { return metrics.R2Score(bin, bin, zeroW) }},
		{"R2Score overflow", func() float64 { return metrics.R2Score([]float64{-1e308, 1e308}, []float64{1e308, -1e308}, nil) }},
		{"MeanSquaredError empty", func() float64 { return metrics.MeanSquaredError([]float64{}, []float64{}, nil) }},
		{"MeanSquaredError zero weight", func() float64 { return metrics.MeanSquaredError(bin, bin, zeroW) }},
		{"RootMeanSquaredError empty", func() float64 { return metrics.RootMeanSquaredError(nil, nil, nil) }},
		{"MeanAbsoluteError empty", func() float64 { return metrics.MeanAbsoluteError(nil, nil, []float64{}) }},
		{"MeanAbsoluteError zero weight", func() float64 { return metrics.MeanAbsoluteError(bin, bin, zeroW) }},
		{"MeanAbsolutePercentageError empty", func() float64 { return metrics.MeanAbsolutePercentageError(nil, nil, nil) }},
		{"MedianAbsoluteError empty", func() float64 { return metrics.MedianAbsoluteError(nil, nil, nil) }},
		{"MedianAbsoluteError empty weighted", func() float64 { return metrics.MedianAbsoluteError(nil, nil, []float64{}) }},
		{"MedianAbsoluteError zero weight", func() float64 { return metrics.MedianAbsoluteError(bin, score, zeroW) }},
		{"ExplainedVarianceScore empty", func() float64 { return metrics.ExplainedVarianceScore(nil, nil, nil) }},
		{"ExplainedVarianceScore zero weight", func() float64 { return metrics.ExplainedVarianceScore(bin, score, zeroW) }},
		{"MaxError empty", func() float64 { return metrics.MaxError(nil, nil) }},
		// Label metrics.
		{"AccuracyScore empty", func() float64 { return metrics.AccuracyScore(nil, nil, nil) }},
		{"AccuracyScore NaN label", func() float64 { return metrics.AccuracyScore(nanY, bin, nil) }},
		{"AccuracyScore zero weight", func() float64 { return metrics.AccuracyScore(bin, bin, zeroW) }},
		{"BalancedAccuracyScore empty", func() float64 { return metrics.BalancedAccuracyScore(nil, nil, nil) }},
		{"BalancedAccuracyScore NaN label", func() float64 { return metrics.BalancedAccuracyScore(bin, nanY, nil) }},
		{"BalancedAccuracyScore zero weight", func() float64 { return metrics.BalancedAccuracyScore(bin, bin, zeroW) }},
		{"PrecisionScore empty", func() float64 { return metrics.PrecisionScore(nil, nil, metrics.Macro, nil) }},
		{"PrecisionScore NaN label", func() float64 { return metrics.PrecisionScore(nanY, bin, metrics.Macro, nil) }},
		{"PrecisionScore binary average of multiclass", func() float64 { return metrics.PrecisionScore(y4, y4, metrics.Binary, nil) }},
		{"PrecisionScore absent pos label", func() float64 {
			return metrics.PrecisionScore([]float64{0, 2}, []float64{2, 0}, metrics.Binary, nil)
		}},
		{"RecallScore empty", func() float64 { return metrics.RecallScore(nil, nil, "", nil) }},
		{"RecallScore NaN label", func() float64 { return metrics.RecallScore(bin, nanY, metrics.Micro, nil) }},
		{"F1Score empty", func() float64 { return metrics.F1Score(nil, nil, metrics.Weighted, nil) }},
		{"F1Score binary average of multiclass", func() float64 { return metrics.F1Score(y4, y4, "", nil) }},
		{"FBetaScore negative beta", func() float64 { return metrics.FBetaScore(y4, y4, -1, metrics.Macro, nil) }},
		{"FBetaScore NaN beta", func() float64 { return metrics.FBetaScore(y4, y4, nan, metrics.Macro, nil) }},
		{"FBetaScore empty", func() float64 { return metrics.FBetaScore(nil, nil, 2, metrics.Macro, nil) }},
		// Ranking metrics.
		{"ROCAUCScore empty", func() float64 { return metrics.ROCAUCScore(nil, nil, nil) }},
		{"ROCAUCScore one class", func() float64 { return metrics.ROCAUCScore(single, score, nil) }},
		{"ROCAUCScore multiclass", func() float64 { return metrics.ROCAUCScore(y4, score, nil) }},
		{"ROCAUCScore NaN label", func() float64 { return metrics.ROCAUCScore(nanY, score, nil) }},
		{"ROCAUCScore NaN score", func() float64 { return metrics.ROCAUCScore(bin, []float64{0.1, nan, 0.2, 0.3}, nil) }},
		{"ROCAUCScore zero weight", func() float64 { return metrics.ROCAUCScore(bin, score, zeroW) }},
		{"ROCAUCScore class with zero weight", func() float64 { return metrics.ROCAUCScore(bin, score, []float64{1, 0, 0, 1}) }},
		{"ROCAUCOvRScore empty", func() float64 { return metrics.ROCAUCOvRScore(nil, &mat.Dense{}, nil, "", nil) }},
		{"ROCAUCOvRScore nil proba", func() float64 { return metrics.ROCAUCOvRScore(y4, nilDense, nil, "", nil) }},
		{"ROCAUCOvRScore nil interface", func() float64 { return metrics.ROCAUCOvRScore(y4, nil, nil, "", nil) }},
		{"ROCAUCOvRScore empty Transpose", func() float64 { return metrics.ROCAUCOvRScore(y4, mat.Transpose{}, nil, "", nil) }},
		{"ROCAUCOvRScore negative dims", func() float64 { return metrics.ROCAUCOvRScore(y4, negDims{}, nil, "", nil) }},
		{"ROCAUCOvRScore panicking At", func() float64 { return metrics.ROCAUCOvRScore(y4, badAt{}, nil, "", nil) }},
		{"ROCAUCOvRScore huge proba", func() float64 { return metrics.ROCAUCOvRScore(y4, wideProba{}, nil, "", nil) }},
		{"ROCAUCOvRScore NaN proba", func() float64 { return metrics.ROCAUCOvRScore(y4, nanMatrix(4, 3), nil, "", nil) }},
		{"ROCAUCOvRScore NaN label", func() float64 { return metrics.ROCAUCOvRScore(nanY, p4, nil, "", nil) }},
		{"ROCAUCOvRScore unseen label", func() float64 { return metrics.ROCAUCOvRScore([]float64{0, 1, 7, 1}, p4, []float64{0, 1, 2}, "", nil) }},
		{"ROCAUCOvRScore class count", func() float64 { return metrics.ROCAUCOvRScore(y4, p4, []float64{0, 1}, metrics.Macro, nil) }},
		{"ROCAUCOvRScore unsorted classes", func() float64 { return metrics.ROCAUCOvRScore(y4, p4, []float64{2, 1, 0}, metrics.Macro, nil) }},
		{"ROCAUCOvRScore rows not summing to 1", func() float64 { return metrics.ROCAUCOvRScore(y4, unnorm, nil, metrics.Macro, nil) }},
		{"ROCAUCOvRScore absent class", func() float64 { return metrics.ROCAUCOvRScore([]float64{0, 1, 1, 0}, p4, []float64{0, 1, 2}, "", nil) }},
		{"ROCAUCOvRScore zero weight", func() float64 { return metrics.ROCAUCOvRScore(y4, p4, nil, metrics.Weighted, zeroW) }},
		{"ROCAUCOvOScore nil proba", func() float64 { return metrics.ROCAUCOvOScore(y4, nilDense, nil, "") }},
		{"ROCAUCOvOScore one class", func() float64 { return metrics.ROCAUCOvOScore(single, p4, []float64{0, 1, 2}, "") }},
		{"ROCAUCOvOScore unseen label", func() float64 { return metrics.ROCAUCOvOScore([]float64{0, 1, 7, 1}, p4, []float64{0, 1, 2}, "") }},
		// Log loss.
		{"LogLoss empty", func() float64 { return metrics.LogLoss(nil, &mat.Dense{}, nil, nil) }},
		{"LogLoss nil proba", func() float64 { return metrics.LogLoss(y4, nilDense, nil, nil) }},
		{"LogLoss nil interface", func() float64 { return metrics.LogLoss(y4, nil, nil, nil) }},
		{"LogLoss nil SymDense", func() float64 { var s *mat.SymDense; return metrics.LogLoss(y4, s, nil, nil) }},
		{"LogLoss empty Transpose", func() float64 { return metrics.LogLoss(y4, mat.Transpose{}, nil, nil) }},
		{"LogLoss negative dims", func() float64 { return metrics.LogLoss(y4, negDims{}, nil, nil) }},
		{"LogLoss panicking At", func() float64 { return metrics.LogLoss(y4, badAt{}, nil, nil) }},
		{"LogLoss huge proba", func() float64 { return metrics.LogLoss(y4, wideProba{}, nil, nil) }},
		{"LogLoss NaN proba", func() float64 { return metrics.LogLoss(y4, nanMatrix(4, 3), nil, nil) }},
		{"LogLoss one class", func() float64 { return metrics.LogLoss(single, p4, nil, nil) }},
		{"LogLoss NaN label", func() float64 { return metrics.LogLoss(nanY, p4, []float64{0, 1, 2}, nil) }},
		{"LogLoss unseen label", func() float64 { return metrics.LogLoss([]float64{0, 1, 3, 1}, p4, []float64{0, 1, 2}, nil) }},
		{"LogLoss unsorted classes", func() float64 { return metrics.LogLoss(y4, p4, []float64{2, 1, 0}, nil) }},
		{"LogLoss class count", func() float64 { return metrics.LogLoss(y4, p4, []float64{0, 1}, nil) }},
		{"LogLoss zero weight", func() float64 { return metrics.LogLoss(y4, p4, nil, zeroW) }},
		{"BinaryLogLoss empty", func() float64 { return metrics.BinaryLogLoss(nil, nil, nil) }},
		{"BinaryLogLoss label 2", func() float64 { return metrics.BinaryLogLoss([]float64{0, 2}, []float64{0.5, 0.5}, nil) }},
		{"BinaryLogLoss NaN label", func() float64 { return metrics.BinaryLogLoss([]float64{0, nan}, []float64{0.5, 0.5}, nil) }},
		{"BinaryLogLoss NaN proba", func() float64 { return metrics.BinaryLogLoss(bin, []float64{0.5, nan, 0.5, 0.5}, nil) }},
		{"BinaryLogLoss zero weight", func() float64 { return metrics.BinaryLogLoss(bin, score, zeroW) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v float64
			require.NotPanics(t, func() { v = tc.f() })
			assert.True(t, math.IsNaN(v), "want NaN, got %v", v)
		})
	}
}

// The metrics that return slices or matrices: nil or NaN where undefined, zeros where
// scikit-learn returns zeros.
func TestDegenerateVectorMetrics(t *testing.T) {
	nan := math.NaN()
	y4 := []float64{0, 1, 2, 1}
	nanY := []float64{0, nan, 1, 1}
	require.NotPanics(t, func() {
		p, r, f, s := metrics.PrecisionRecallFScoreSupport(nanY, y4, 1, nil, nil)
		assert.Nil(t, p)
		assert.Nil(t, r)
		assert.Nil(t, f)
		assert.Nil(t, s)
		p, r, f, s = metrics.PrecisionRecallFScoreSupport(y4, y4, 1, []float64{0, 0}, nil)
		for _, v := range [][]float64{p, r, f, s} {
			require.Len(t, v, 2)
			assert.True(t, math.IsNaN(v[0]) && math.IsNaN(v[1]), "duplicate labels: %v", v)
		}
		p, r, f, s = metrics.PrecisionRecallFScoreSupport(y4, y4, -1, nil, nil)
		assert.Equal(t, []float64{1, 1, 1}, p)
		assert.Equal(t, []float64{1, 1, 1}, r)
		assert.Equal(t, []float64{1, 2, 1}, s)
		assert.True(t, math.IsNaN(f[0]), "negative beta: fscore is NaN")
		p, _, _, s = metrics.PrecisionRecallFScoreSupport(nil, nil, 1, nil, nil)
		assert.Empty(t, p)
		assert.Empty(t, s)

		// Zero total weight: 0/0 ratios are zero_division (0), as in scikit-learn.
		assert.Zero(t, metrics.PrecisionScore([]float64{0, 1}, []float64{0, 1}, metrics.Macro, []float64{0, 0}))

		assert.Nil(t, metrics.ConfusionMatrix(nanY, y4, nil, nil), "NaN label")
		assert.Nil(t, metrics.ConfusionMatrix(nil, nil, nil, nil), "empty, no labels")
		assert.Equal(t, mat.NewDense(2, 2, nil), metrics.ConfusionMatrix(nil, nil, []float64{0, 1}, nil), "empty with labels: zeros")
		for _, m := range []*mat.Dense{
			metrics.ConfusionMatrix(y4, y4, []float64{9}, nil),
			metrics.ConfusionMatrix(y4, y4, []float64{0, 0}, nil),
			metrics.ConfusionMatrix(y4, y4, []float64{0, nan}, nil),
		} {
			require.NotNil(t, m)
			assert.True(t, math.IsNaN(m.At(0, 0)))
		}

		for _, tc := range []struct {
			y, s, w []float64
		}{
			{nil, nil, nil},
			{nanY, []float64{1, 2, 3, 4}, nil},
			{y4, []float64{1, nan, 3, 4}, nil},
			{y4, []float64{1, 2, 3, 4}, []float64{0, 0, 0, 0}},
		} {
			fpr, tpr, thr := metrics.ROCCurve(tc.y, tc.s, 1, tc.w)
			assert.Nil(t, fpr)
			assert.Nil(t, tpr)
			assert.Nil(t, thr)
		}
	})
}

// Scorers turn an undefined (NaN) score into an error naming the scorer and the reason.
func TestScorersRejectNaN(t *testing.T) {
	X1 := mat.NewDense(1, 1, []float64{1})
	X4 := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	reg := &fakeRegressor{pred: []float64{2}}
	_, err := metrics.R2.Score(reg, X1, []float64{1}, nil)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), `"r2"`)
	assert.Contains(t, err.Error(), "at least two samples")

	over := &fakeRegressor{pred: []float64{1e308, -1e308}}
	_, err = metrics.R2.Score(over, mat.NewDense(2, 1, nil), []float64{-1e308, 1e308}, nil)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), "overflowed")

	custom := metrics.NewScorer("nan_metric", func(_, _, _ []float64) float64 { return math.NaN() }, true)
	_, err = custom.Score(&fakeRegressor{pred: []float64{1, 2, 3, 4}}, X4, []float64{1, 2, 3, 4}, nil)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), `"nan_metric"`)
	assert.Contains(t, err.Error(), "NaN")

	// A validation fold with a single class: ROC AUC is undefined.
	clf := &fakeDecision{
		fakeClassifier: fakeClassifier{fakeRegressor: fakeRegressor{pred: []float64{1, 1, 1, 1}}, classes: []float64{0, 1},
			proba: mat.NewDense(4, 2, []float64{0.5, 0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8})},
		decision: []float64{0, 0.4, 0.8, 1.2},
	}
	for _, s := range []metrics.Scorer{metrics.ROCAUC, metrics.ROCAUCOvR, metrics.ROCAUCOvO} {
		var err error
		require.NotPanics(t, func() { _, err = s.Score(clf, X4, []float64{1, 1, 1, 1}, nil) })
		require.ErrorIs(t, err, estimator.ErrInvalidData, s.Name())
		assert.Contains(t, err.Error(), s.Name())
		assert.Contains(t, err.Error(), "one class", s.Name())
	}
	// One class with zero weight.
	_, err = metrics.ROCAUC.Score(clf, X4, []float64{0, 1, 1, 1}, []float64{0, 1, 1, 1})
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), "zero weight")
	assert.False(t, errors.Is(err, estimator.ErrShape))
}

// Balanced accuracy of a target with many distinct values (a regression target passed
// to a classification scorer) must not allocate a k×k confusion matrix.
func TestBalancedAccuracyManyLabelsIsLinear(t *testing.T) {
	const n = 5000 // k×k would be 200 MB
	y := make([]float64, n)
	for i := range y {
		y[i] = float64(i) * 0.5
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	v := metrics.BalancedAccuracyScore(y, y, nil)
	runtime.ReadMemStats(&after)
	assert.Equal(t, 1.0, v)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(20<<20), "bytes allocated")
}

// FuzzMetricsNoPanic runs every metric function on equal-length data decoded from
// the fuzzer's bytes (labels from a small set, NaN, ±Inf, zero and negative weights,
// probability matrices with any values): nothing may panic.
func FuzzMetricsNoPanic(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, uint8(3))
	f.Add([]byte{}, uint8(0))
	f.Add([]byte{255, 254, 253, 1, 1, 1, 0, 0}, uint8(2))
	f.Fuzz(func(t *testing.T, raw []byte, k uint8) {
		vals := []float64{0, 1, 2, 0.5, -1, math.NaN(), math.Inf(1), math.Inf(-1), 1e308, 1e-300, 0.25, 3}
		val := func(b byte) float64 { return vals[int(b)%len(vals)] }
		n := len(raw) / 4
		yt, yp, w, s := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range n {
			yt[i], yp[i], w[i], s[i] = val(raw[4*i]), val(raw[4*i+1]), val(raw[4*i+2]), val(raw[4*i+3])
		}
		K := int(k%4) + 1
		var proba mat.Matrix = &mat.Dense{}
		if n > 0 {
			d := mat.NewDense(n, K, nil)
			for i := range n {
				for j := range K {
					d.Set(i, j, val(raw[(4*i+j)%len(raw)]))
				}
			}
			proba = d
		}
		classes := []float64{0, 1, 2, 3}[:K]
		require.NotPanics(t, func() {
			for _, ww := range [][]float64{nil, w} {
				metrics.R2Score(yt, yp, ww)
				metrics.MeanSquaredError(yt, yp, ww)
				metrics.RootMeanSquaredError(yt, yp, ww)
				metrics.MeanAbsoluteError(yt, yp, ww)
				metrics.MeanAbsolutePercentageError(yt, yp, ww)
				metrics.MedianAbsoluteError(yt, yp, ww)
				metrics.ExplainedVarianceScore(yt, yp, ww)
				metrics.AccuracyScore(yt, yp, ww)
				metrics.BalancedAccuracyScore(yt, yp, ww)
				for _, avg := range []metrics.Average{metrics.Binary, metrics.Micro, metrics.Macro, metrics.Weighted, metrics.PosLabel(2)} {
					metrics.PrecisionScore(yt, yp, avg, ww)
					metrics.RecallScore(yt, yp, avg, ww)
					metrics.F1Score(yt, yp, avg, ww)
					metrics.FBetaScore(yt, yp, float64(K)-2, avg, ww)
				}
				metrics.PrecisionRecallFScoreSupport(yt, yp, 1, nil, ww)
				metrics.PrecisionRecallFScoreSupport(yt, yp, -1, []float64{0, 1}, ww)
				metrics.ConfusionMatrix(yt, yp, nil, ww)
				metrics.ConfusionMatrix(yt, yp, []float64{1, 0}, ww)
				metrics.ROCAUCScore(yt, s, ww)
				metrics.ROCCurve(yt, s, 1, ww)
				metrics.BinaryLogLoss(yt, s, ww)
				metrics.LogLoss(yt, proba, nil, ww)
				metrics.LogLoss(yt, proba, classes, ww)
				for _, avg := range []metrics.Average{"", metrics.Macro, metrics.Weighted, metrics.Micro} {
					metrics.ROCAUCOvRScore(yt, proba, nil, avg, ww)
					metrics.ROCAUCOvRScore(yt, proba, classes, avg, ww)
				}
			}
			metrics.MaxError(yt, yp)
			metrics.ROCAUCOvOScore(yt, proba, nil, metrics.Macro)
			metrics.ROCAUCOvOScore(yt, proba, classes, metrics.Weighted)
		})
	})
}
