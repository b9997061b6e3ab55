package metrics_test

import (
	"errors"
	"math"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
)

func TestMetricsxLengthMismatchPanics(t *testing.T) {
	a := []float64{0, 1, 1}
	b := []float64{0, 1}
	w2 := []float64{1, 1}
	X2 := mat.NewDense(2, 2, []float64{0, 1, 2, 3})
	S3 := mat.NewDense(3, 2, []float64{0.5, 0.5, 0.2, 0.8, 0.6, 0.4})
	const msg = "metrics: length mismatch"
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"ContingencyMatrix", func() { metrics.ContingencyMatrix(a, b) }},
		{"PairConfusionMatrix", func() { metrics.PairConfusionMatrix(a, b) }},
		{"RandScore", func() { metrics.RandScore(a, b) }},
		{"AdjustedRandScore", func() { metrics.AdjustedRandScore(a, b) }},
		{"MutualInfoScore", func() { metrics.MutualInfoScore(a, b) }},
		{"NormalizedMutualInfoScore", func() { metrics.NormalizedMutualInfoScore(a, b, "") }},
		{"AdjustedMutualInfoScore", func() { metrics.AdjustedMutualInfoScore(a, b, "max") }},
		{"HomogeneityCompletenessVMeasure", func() { metrics.HomogeneityCompletenessVMeasure(a, b, 1) }},
		{"HomogeneityScore", func() { metrics.HomogeneityScore(a, b) }},
		{"CompletenessScore", func() { metrics.CompletenessScore(a, b) }},
		{"VMeasureScore", func() { metrics.VMeasureScore(a, b, 1) }},
		{"FowlkesMallowsScore", func() { metrics.FowlkesMallowsScore(a, b) }},
		{"SilhouetteSamples", func() { metrics.SilhouetteSamples(X2, a, "") }},
		{"SilhouetteScore", func() { metrics.SilhouetteScore(X2, a, metrics.Cosine) }},
		{"SilhouetteScoreSample", func() { metrics.SilhouetteScoreSample(X2, a, "", 2, 1) }},
		{"CalinskiHarabaszScore", func() { metrics.CalinskiHarabaszScore(X2, a) }},
		{"DaviesBouldinScore", func() { metrics.DaviesBouldinScore(X2, a) }},
		{"MatthewsCorrcoef", func() { metrics.MatthewsCorrcoef(a, b, nil) }},
		{"MatthewsCorrcoef weights", func() { metrics.MatthewsCorrcoef(a, a, w2) }},
		{"CohenKappaScore", func() { metrics.CohenKappaScore(a, b, nil, "", nil) }},
		{"HammingLoss", func() { metrics.HammingLoss(a, b, nil) }},
		{"ZeroOneLoss", func() { metrics.ZeroOneLoss(a, b, true, nil) }},
		{"ZeroOneLoss count", func() { metrics.ZeroOneLoss(a, a, false, w2) }},
		{"BrierScoreLoss", func() { metrics.BrierScoreLoss(a, b, nil) }},
		{"TopKAccuracyScore", func() { metrics.TopKAccuracyScore(b, S3, 1, nil, nil) }},
		{"TopKAccuracyScore weights", func() { metrics.TopKAccuracyScore(a, S3, 1, nil, w2) }},
		{"JaccardScore", func() { metrics.JaccardScore(a, b, metrics.Macro, nil) }},
		{"ClassificationReport", func() { metrics.ClassificationReport(a, b, nil, nil, nil) }},
		{"PrecisionRecallCurve", func() { metrics.PrecisionRecallCurve(a, b, 1, nil) }},
		{"AveragePrecisionScore", func() { metrics.AveragePrecisionScore(a, a, 1, w2) }},
		{"AveragePrecisionOvRScore", func() { metrics.AveragePrecisionOvRScore(b, S3, nil, "", nil) }},
		{"DetCurve", func() { metrics.DetCurve(a, b, 1, nil) }},
		{"MeanSquaredLogError", func() { metrics.MeanSquaredLogError(a, b, nil) }},
		{"MeanTweedieDeviance", func() { metrics.MeanTweedieDeviance(a, a, 1.5, w2) }},
		{"MeanPoissonDeviance", func() { metrics.MeanPoissonDeviance(a, b, nil) }},
		{"MeanGammaDeviance", func() { metrics.MeanGammaDeviance(a, b, nil) }},
		{"ClassLikelihoodRatios", func() { metrics.ClassLikelihoodRatios(a, b, nil) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.PanicsWithValue(t, msg, tc.f)
		})
	}
}

func TestMetricsxMisusePanics(t *testing.T) {
	y := []float64{0, 1, 2, 1}
	X := mat.NewDense(4, 1, []float64{0, 1, 2, 3})
	S := mat.NewDense(4, 3, nil)
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"NMI method", func() { metrics.NormalizedMutualInfoScore(y, y, "mean") }},
		{"AMI method", func() { metrics.AdjustedMutualInfoScore(y, y, "Arithmetic") }},
		{"silhouette metric", func() { metrics.SilhouetteScore(X, y, "minkowski") }},
		{"kappa weighting", func() { metrics.CohenKappaScore(y, y, nil, "cubic", nil) }},
		{"top-k k", func() { metrics.TopKAccuracyScore(y, S, 0, nil, nil) }},
		{"jaccard average", func() { metrics.JaccardScore(y, y, "samples", nil) }},
		{"AP OvR average", func() { metrics.AveragePrecisionOvRScore(y, S, nil, metrics.Binary, nil) }},
		{"Tweedie power 0.5", func() { metrics.MeanTweedieDeviance(y, y, 0.5, nil) }},
		{"Tweedie power NaN", func() { metrics.MeanTweedieDeviance(y, y, math.NaN(), nil) }},
		{"report names", func() { metrics.ClassificationReport(y, y, nil, []string{"a"}, nil) }},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.Panics(t, tc.f) })
	}
}

func TestMetricsxDegenerateGiveNaN(t *testing.T) {
	nan := math.NaN()
	bin := []float64{0, 1, 1, 0}
	nanY := []float64{0, nan, 1, 1}
	X := mat.NewDense(4, 2, []float64{0, 0, 1, 1, 2, 2, 3, 4})
	Xnan := mat.NewDense(4, 2, []float64{0, 0, 1, nan, 2, 2, 3, 4})
	neg := mat.NewDense(4, 4, []float64{0, 1, 2, 3, 1, 0, -1, 2, 2, 1, 0, 1, 3, 2, 1, 0})
	diag := mat.NewDense(4, 4, []float64{0, 1, 2, 3, 1, 1, 1, 2, 2, 1, 0, 1, 3, 2, 1, 0})
	var nilDense *mat.Dense
	S := mat.NewDense(4, 3, []float64{0.2, 0.3, 0.5, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.5, 0.4, 0.1})
	zeroW := []float64{0, 0, 0, 0}
	for _, tc := range []struct {
		name string
		v    float64
	}{
		{"ARI empty", metrics.AdjustedRandScore(nil, nil)},
		{"ARI NaN label", metrics.AdjustedRandScore(nanY, bin)},
		{"Rand empty", metrics.RandScore([]float64{}, []float64{})},
		{"MI NaN", metrics.MutualInfoScore(bin, nanY)},
		{"NMI empty", metrics.NormalizedMutualInfoScore(nil, nil, "")},
		{"AMI NaN", metrics.AdjustedMutualInfoScore(nanY, bin, "")},
		{"V empty", metrics.VMeasureScore(nil, nil, 1)},
		{"FMI NaN", metrics.FowlkesMallowsScore(nanY, nanY)},
		{"silhouette one cluster", metrics.SilhouetteScore(X, []float64{1, 1, 1, 1}, "")},
		{"silhouette all singletons", metrics.SilhouetteScore(X, []float64{1, 2, 3, 4}, "")},
		{"silhouette NaN X", metrics.SilhouetteScore(Xnan, bin, "")},
		{"silhouette NaN label", metrics.SilhouetteScore(X, nanY, "")},
		{"silhouette nil X", metrics.SilhouetteScore(nilDense, bin, "")},
		{"silhouette nil interface", metrics.SilhouetteScore(nil, bin, "")},
		{"silhouette precomputed not square", metrics.SilhouetteScore(X, bin, metrics.Precomputed)},
		{"silhouette precomputed negative", metrics.SilhouetteScore(neg, bin, metrics.Precomputed)},
		{"silhouette precomputed diagonal", metrics.SilhouetteScore(diag, bin, metrics.Precomputed)},
		{"silhouette sample size 0", metrics.SilhouetteScoreSample(X, bin, "", 0, 1)},
		{"CH one cluster", metrics.CalinskiHarabaszScore(X, []float64{2, 2, 2, 2})},
		{"DB NaN X", metrics.DaviesBouldinScore(Xnan, bin)},
		{"MCC empty", metrics.MatthewsCorrcoef(nil, nil, nil)},
		{"MCC NaN", metrics.MatthewsCorrcoef(bin, nanY, nil)},
		{"kappa empty", metrics.CohenKappaScore(nil, nil, nil, "", nil)},
		{"kappa one label", metrics.CohenKappaScore([]float64{1, 1}, []float64{1, 1}, nil, "", nil)},
		{"kappa labels absent", metrics.CohenKappaScore(bin, bin, []float64{5, 6}, "", nil)},
		{"kappa duplicate labels", metrics.CohenKappaScore(bin, bin, []float64{0, 0}, "", nil)},
		{"hamming zero weight", metrics.HammingLoss(bin, bin, zeroW)},
		{"zero-one empty", metrics.ZeroOneLoss(nil, nil, false, nil)},
		{"zero-one NaN", metrics.ZeroOneLoss(nanY, bin, false, nil)},
		{"Brier multiclass", metrics.BrierScoreLoss([]float64{0, 1, 2}, []float64{0.1, 0.2, 0.3}, nil)},
		{"Brier prob > 1", metrics.BrierScoreLoss(bin, []float64{0.1, 1.2, 0.3, 0.4}, nil)},
		{"Brier NaN prob", metrics.BrierScoreLoss(bin, []float64{0.1, nan, 0.3, 0.4}, nil)},
		{"Brier zero weight", metrics.BrierScoreLoss(bin, []float64{0.1, 0.2, 0.3, 0.4}, zeroW)},
		{"top-k columns", metrics.TopKAccuracyScore([]float64{0, 1, 2, 3}, S, 2, nil, nil)},
		{"top-k unseen label", metrics.TopKAccuracyScore([]float64{0, 1, 2, 2}, S, 2, []float64{0, 1, 3}, nil)},
		{"top-k unordered labels", metrics.TopKAccuracyScore([]float64{0, 1, 2, 2}, S, 2, []float64{0, 2, 1}, nil)},
		{"top-k binary 2 columns", metrics.TopKAccuracyScore(bin, mat.NewDense(4, 2, nil), 1, nil, nil)},
		{"top-k nil", metrics.TopKAccuracyScore(bin, nil, 1, nil, nil)},
		{"jaccard binary of multiclass", metrics.JaccardScore([]float64{0, 1, 2}, []float64{0, 1, 2}, metrics.Binary, nil)},
		{"AP multiclass", metrics.AveragePrecisionScore([]float64{0, 1, 2}, []float64{0.1, 0.2, 0.3}, 1, nil)},
		{"AP absent pos label", metrics.AveragePrecisionScore([]float64{0, 2}, []float64{0.1, 0.2}, 1, nil)},
		{"AP NaN score", metrics.AveragePrecisionScore(bin, []float64{0.1, nan, 0.3, 0.4}, 1, nil)},
		{"AP empty", metrics.AveragePrecisionScore(nil, nil, 1, nil)},
		{"MSLE negative", metrics.MeanSquaredLogError([]float64{1, -1}, []float64{1, 1}, nil)},
		{"Poisson zero prediction", metrics.MeanPoissonDeviance([]float64{1, 1}, []float64{1, 0}, nil)},
		{"Gamma zero target", metrics.MeanGammaDeviance([]float64{0, 1}, []float64{1, 1}, nil)},
		{"Tweedie empty", metrics.MeanTweedieDeviance(nil, nil, 3, nil)},
		{"LR+ multiclass", first(metrics.ClassLikelihoodRatios([]float64{0, 1, 2}, []float64{0, 1, 2}, nil))},
		{"AP OvR empty", metrics.AveragePrecisionOvRScore(nil, &mat.Dense{}, nil, "", nil)},
		{"AP OvR NaN", metrics.AveragePrecisionOvRScore([]float64{0, 1, 2, 2}, mat.NewDense(4, 3, slicesRepeat(nan, 12)), nil, "", nil)},
	} {
		assert.Truef(t, math.IsNaN(tc.v), "%s = %v, want NaN", tc.name, tc.v)
	}
	assert.Nil(t, metrics.SilhouetteSamples(X, []float64{1, 1, 1, 1}, ""))
	assert.Nil(t, metrics.ContingencyMatrix(nil, nil))
	assert.Nil(t, metrics.PairConfusionMatrix(nanY, bin))
	assert.Nil(t, metrics.ClassificationReport(nil, nil, nil, nil, nil))
	assert.Nil(t, metrics.ClassificationReport(nanY, bin, nil, nil, nil))
	p, r, th := metrics.PrecisionRecallCurve(bin, []float64{0.1, 0.2, 0.3, 0.4}, 1, zeroW)
	assert.Nil(t, p)
	assert.Nil(t, r)
	assert.Nil(t, th)
	f, n, _ := metrics.DetCurve([]float64{1, 1}, []float64{0.1, 0.2}, 1, nil)
	assert.Nil(t, f)
	assert.Nil(t, n)
	h, c, v := metrics.HomogeneityCompletenessVMeasure(nil, nil, 1)
	assert.True(t, math.IsNaN(h) && math.IsNaN(c) && math.IsNaN(v))
}

// Degenerate labelings score as in scikit-learn.
func TestClusteringLimits(t *testing.T) {
	same := []float64{4, 4, 4, 4}
	other := []float64{9, 9, 9, 9}
	single := []float64{0, 1, 2, 3}
	assert.Equal(t, 1.0, metrics.AdjustedRandScore(same, other))
	assert.Equal(t, 1.0, metrics.AdjustedRandScore(single, []float64{3, 2, 1, 0}))
	assert.Equal(t, 1.0, metrics.RandScore(same, other))
	assert.Equal(t, 1.0, metrics.NormalizedMutualInfoScore(same, other, "geometric"))
	assert.Equal(t, 1.0, metrics.AdjustedMutualInfoScore(same, other, ""))
	assert.Equal(t, 0.0, metrics.AdjustedRandScore(same, single))
	assert.Equal(t, 0.0, metrics.MutualInfoScore(same, single))
	assert.Equal(t, 0.0, metrics.FowlkesMallowsScore(same, single))
	h, c, v := metrics.HomogeneityCompletenessVMeasure(same, single, 1)
	assert.Equal(t, []float64{1, 0, 0}, []float64{h, c, v})
	assert.Equal(t, 1.0, metrics.RandScore([]float64{5}, []float64{6}))
}

func TestMetricsxInputsNotModified(t *testing.T) {
	yt := []float64{3, 1, 2, 2, 1, 3}
	yp := []float64{3, 2, 2, 1, 1, 1}
	w := []float64{1, 2, 1, 2, 1, 2}
	s := []float64{0.9, 0.1, 0.4, 0.4, 0.3, 0.7}
	X := mat.NewDense(6, 2, []float64{0, 1, 5, 2, 3, 3, 1, 0, 2, 2, 9, 1})
	ct, cp, cw, cs, cX := slices.Clone(yt), slices.Clone(yp), slices.Clone(w), slices.Clone(s), mat.DenseCopyOf(X)
	metrics.AdjustedRandScore(yt, yp)
	metrics.AdjustedMutualInfoScore(yt, yp, "")
	metrics.SilhouetteSamples(X, yt, metrics.Cosine)
	metrics.SilhouetteScoreSample(X, yt, "", 4, 1)
	metrics.CalinskiHarabaszScore(X, yt)
	metrics.DaviesBouldinScore(X, yt)
	metrics.MatthewsCorrcoef(yt, yp, w)
	metrics.CohenKappaScore(yt, yp, nil, metrics.KappaQuadratic, w)
	metrics.ClassificationReport(yt, yp, nil, nil, w)
	metrics.PrecisionRecallCurve(yt, s, 3, w)
	metrics.DetCurve(yt, s, 3, w)
	assert.Equal(t, ct, yt)
	assert.Equal(t, cp, yp)
	assert.Equal(t, cw, w)
	assert.Equal(t, cs, s)
	assert.True(t, mat.Equal(cX, X))
}

// The silhouette holds one running sum per cluster, not the n×n distances, and its
// result does not depend on the number of workers.
func TestSilhouetteMemoryAndWorkers(t *testing.T) {
	const n = 3000 // n×n distances would be 72 MB
	X := mat.NewDense(n, 3, nil)
	labels := make([]float64, n)
	for i := range n {
		X.Set(i, 0, math.Sin(float64(i)))
		X.Set(i, 1, math.Cos(float64(i*7)))
		X.Set(i, 2, float64(i%5))
		labels[i] = float64(i % 4)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got := metrics.SilhouetteSamples(X, labels, "")
	runtime.ReadMemStats(&after)
	require.Len(t, got, n)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(4<<20), "bytes allocated")
	prev := runtime.GOMAXPROCS(1)
	one := metrics.SilhouetteSamples(X, labels, "")
	runtime.GOMAXPROCS(prev)
	assert.Equal(t, one, got)
}

func TestMetricsxScorerErrors(t *testing.T) {
	X := mat.NewDense(4, 1, nil)
	y := []float64{0, 1, 1, 0}
	proba := mat.NewDense(4, 2, []float64{0.9, 0.1, 0.2, 0.8, 0.4, 0.6, 0.7, 0.3})
	clf := &fakeClassifier{fakeRegressor{pred: []float64{0, 1, 1, 1}}, []float64{0, 1}, proba}
	lab := &fakeLabeler{fakeRegressor{pred: []float64{0, 1, 1, 1}}, []float64{0, 1}}
	for _, name := range []string{"adjusted_rand_score", "v_measure_score", "fowlkes_mallows_score"} {
		s, err := metrics.ScorerByName(name)
		require.NoError(t, err)
		_, err = s.Score(clf, X, y, []float64{1, 1, 1, 1})
		assert.ErrorIs(t, err, errors.ErrUnsupported, name)
		_, err = s.Score(clf, X, []float64{0, math.NaN(), 1, 0}, nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, name)
		v, err := s.Score(clf, X, y, nil)
		require.NoError(t, err)
		assert.False(t, math.IsNaN(v))
	}
	for _, s := range []metrics.Scorer{metrics.AveragePrecision, metrics.TopKAccuracy, metrics.NegBrier} {
		_, err := s.Score(lab, X, y, nil)
		assert.ErrorIs(t, err, errors.ErrUnsupported, s.Name())
		_, err = s.Score(clf, X, []float64{0, 1, 2, 0}, nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, s.Name())
	}
	three := &fakeClassifier{fakeRegressor{pred: []float64{0, 1, 1, 1}}, []float64{0, 1, 2}, mat.NewDense(4, 3, nil)}
	_, err := metrics.NegBrier.Score(three, X, y, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	v, err := metrics.TopKAccuracy.Score(clf, X, y, nil)
	require.NoError(t, err)
	assert.Equal(t, 1.0, v)
	v, err = metrics.NegBrier.Score(clf, X, y, nil)
	require.NoError(t, err)
	assert.InDelta(t, -(0.01+0.04+0.16+0.09)/4, v, 1e-15)
}

// FuzzMetricsxNoPanic runs the metrics of this file on arbitrary equal-length data:
// nothing may panic.
func FuzzMetricsxNoPanic(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, uint8(3))
	f.Add([]byte{}, uint8(0))
	f.Add([]byte{255, 254, 253, 1, 1, 1, 0, 0}, uint8(2))
	f.Fuzz(fuzzBody)
}

func fuzzBody(t *testing.T, raw []byte, k uint8) {
	{
		vals := []float64{0, 1, 2, 0.5, -1, math.NaN(), math.Inf(1), math.Inf(-1), 1e308, 1e-300, 0.25, 3}
		val := func(b byte) float64 { return vals[int(b)%len(vals)] }
		raw = raw[:min(len(raw), 400)] // the silhouette is O(n²)
		n := len(raw) / 4
		yt, yp, w, s := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range n {
			yt[i], yp[i], w[i], s[i] = val(raw[4*i]), val(raw[4*i+1]), val(raw[4*i+2]), val(raw[4*i+3])
		}
		K := int(k%4) + 1
		var M mat.Matrix = &mat.Dense{}
		var D mat.Matrix = &mat.Dense{}
		if n > 0 {
			d := mat.NewDense(n, K, nil)
			dd := mat.NewDense(n, n, nil)
			for i := range n {
				for j := range K {
					d.Set(i, j, val(raw[(4*i+j)%len(raw)]))
				}
				for j := range n {
					dd.Set(i, j, math.Abs(s[i]-s[j]))
				}
			}
			M, D = d, dd
		}
		require.NotPanics(t, func() {
			metrics.ContingencyMatrix(yt, yp)
			metrics.PairConfusionMatrix(yt, yp)
			metrics.AdjustedRandScore(yt, yp)
			metrics.RandScore(yt, yp)
			metrics.MutualInfoScore(yt, yp)
			metrics.NormalizedMutualInfoScore(yt, yp, "min")
			metrics.AdjustedMutualInfoScore(yt, yp, "geometric")
			metrics.HomogeneityCompletenessVMeasure(yt, yp, s0(s))
			metrics.FowlkesMallowsScore(yt, yp)
			for _, m := range []string{"", metrics.SqEuclidean, metrics.Manhattan, metrics.Chebyshev, metrics.Cosine} {
				metrics.SilhouetteSamples(M, yt, m)
				metrics.SilhouetteScoreSample(M, yt, m, K, 1)
			}
			metrics.SilhouetteScore(D, yt, metrics.Precomputed)
			metrics.SilhouetteScoreSample(D, yt, metrics.Precomputed, K, 2)
			metrics.CalinskiHarabaszScore(M, yt)
			metrics.DaviesBouldinScore(M, yt)
			for _, ww := range [][]float64{nil, w} {
				metrics.MatthewsCorrcoef(yt, yp, ww)
				metrics.CohenKappaScore(yt, yp, nil, metrics.KappaLinear, ww)
				metrics.CohenKappaScore(yt, yp, []float64{1, 0}, "", ww)
				metrics.HammingLoss(yt, yp, ww)
				metrics.ZeroOneLoss(yt, yp, false, ww)
				metrics.BrierScoreLoss(yt, s, ww)
				metrics.TopKAccuracyScore(yt, M, K, nil, ww)
				metrics.TopKAccuracyScore(yt, M, 1, []float64{0, 1, 2, 3}[:K], ww)
				metrics.JaccardScore(yt, yp, metrics.Weighted, ww)
				metrics.JaccardScore(yt, yp, metrics.Binary, ww)
				metrics.ClassificationReport(yt, yp, nil, nil, ww)
				metrics.ClassificationReport(yt, yp, []float64{0, 1}, []string{"a", "b"}, ww)
				metrics.PrecisionRecallCurve(yt, s, 1, ww)
				metrics.AveragePrecisionScore(yt, s, 1, ww)
				metrics.AveragePrecisionOvRScore(yt, M, nil, metrics.Micro, ww)
				metrics.AveragePrecisionOvRScore(yt, M, []float64{0, 1, 2, 3}[:K], metrics.Weighted, ww)
				metrics.DetCurve(yt, s, 1, ww)
				metrics.MeanSquaredLogError(yt, yp, ww)
				metrics.MeanTweedieDeviance(yt, yp, -1, ww)
				metrics.MeanTweedieDeviance(yt, yp, 1.5, ww)
				metrics.MeanGammaDeviance(yt, yp, ww)
				metrics.ClassLikelihoodRatios(yt, yp, ww)
			}
			if r := metrics.ClassificationReport(yt, yp, nil, nil, nil); r != nil {
				_ = r.Text(3)
			}
		})
	}
}

func s0(s []float64) float64 {
	if len(s) == 0 {
		return 1
	}
	return s[0]
}

// BenchmarkSilhouetteScore scores 4 clusters of 5000 × 20 points (compare with
// scikit-learn: silhouette_score on the same shape).
func BenchmarkSilhouetteScore(b *testing.B) {
	const n, d = 5000, 20
	X := mat.NewDense(n, d, nil)
	labels := make([]float64, n)
	for i := range n {
		for j := range d {
			X.Set(i, j, math.Sin(float64(i*d+j))+float64(i%4))
		}
		labels[i] = float64(i % 4)
	}
	b.ResetTimer()
	for range b.N {
		metrics.SilhouetteScore(X, labels, metrics.Euclidean)
	}
}

// BenchmarkAdjustedMutualInfo scores two labelings of 100 000 samples into 20 and 30
// clusters.
func BenchmarkAdjustedMutualInfo(b *testing.B) {
	const n = 100000
	lt, lp := make([]float64, n), make([]float64, n)
	for i := range n {
		lt[i] = float64(i * 7 % 97 % 20)
		lp[i] = float64(i * 13 % 89 % 30)
	}
	b.ResetTimer()
	for range b.N {
		metrics.AdjustedMutualInfoScore(lt, lp, "")
	}
}

func first(a, _ float64) float64 { return a }
