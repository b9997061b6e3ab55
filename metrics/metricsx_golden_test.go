package metrics_test

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
)

// Goldens from testdata/gen_metricsx.py (scikit-learn 1.2.1), compared within 1e-10
// relative to max(1, |want|).
const xtol = 1e-10

const xgolden = "testdata/metricsx_sklearn.json"

func xclose(t *testing.T, want, got float64, what string) {
	t.Helper()
	if math.IsNaN(want) {
		assert.Truef(t, math.IsNaN(got), "%s: got %v, want NaN", what, got)
		return
	}
	assert.InDeltaf(t, want, got, xtol*math.Max(1, math.Abs(want)), "%s: got %.17g, want %.17g", what, got, want)
}

func xcloseSlice(t *testing.T, want, got []float64, what string) {
	t.Helper()
	if !assert.Lenf(t, got, len(want), "%s: length", what) {
		return
	}
	for i := range want {
		xclose(t, want[i], got[i], what)
	}
}

func xcloseMatrix(t *testing.T, want [][]float64, got *mat.Dense, what string) {
	t.Helper()
	require.NotNilf(t, got, "%s: nil matrix", what)
	r, c := got.Dims()
	require.Equalf(t, len(want), r, "%s: rows", what)
	for i := range want {
		require.Equalf(t, len(want[i]), c, "%s: cols", what)
		xcloseSlice(t, want[i], got.RawRowView(i), what)
	}
}

type clusterOutputs struct {
	ARI         float64            `json:"ari"`
	Rand        float64            `json:"rand"`
	MI          float64            `json:"mi"`
	NMI         map[string]float64 `json:"nmi"`
	AMI         map[string]float64 `json:"ami"`
	HCV         []float64          `json:"hcv"`
	HCVBeta2    []float64          `json:"hcv_beta2"`
	HCVBeta05   []float64          `json:"hcv_beta05"`
	FMI         float64            `json:"fmi"`
	Pair        [][]float64        `json:"pair"`
	Contingency [][]float64        `json:"contingency"`
}

func checkClusterOutputs(t *testing.T, want clusterOutputs, lt, lp []float64) {
	t.Helper()
	xclose(t, want.ARI, metrics.AdjustedRandScore(lt, lp), "AdjustedRandScore")
	xclose(t, want.Rand, metrics.RandScore(lt, lp), "RandScore")
	xclose(t, want.MI, metrics.MutualInfoScore(lt, lp), "MutualInfoScore")
	require.Len(t, want.NMI, 4)
	for m, v := range want.NMI {
		xclose(t, v, metrics.NormalizedMutualInfoScore(lt, lp, m), "NormalizedMutualInfoScore "+m)
	}
	for m, v := range want.AMI {
		xclose(t, v, metrics.AdjustedMutualInfoScore(lt, lp, m), "AdjustedMutualInfoScore "+m)
	}
	for _, c := range []struct {
		beta float64
		want []float64
	}{{1, want.HCV}, {2, want.HCVBeta2}, {0.5, want.HCVBeta05}} {
		h, co, v := metrics.HomogeneityCompletenessVMeasure(lt, lp, c.beta)
		xcloseSlice(t, c.want, []float64{h, co, v}, "HomogeneityCompletenessVMeasure")
		xclose(t, c.want[2], metrics.VMeasureScore(lt, lp, c.beta), "VMeasureScore")
	}
	xclose(t, want.HCV[0], metrics.HomogeneityScore(lt, lp), "HomogeneityScore")
	xclose(t, want.HCV[1], metrics.CompletenessScore(lt, lp), "CompletenessScore")
	xclose(t, want.FMI, metrics.FowlkesMallowsScore(lt, lp), "FowlkesMallowsScore")
	xcloseMatrix(t, want.Pair, metrics.PairConfusionMatrix(lt, lp), "PairConfusionMatrix")
	if want.Contingency != nil {
		xcloseMatrix(t, want.Contingency, metrics.ContingencyMatrix(lt, lp), "ContingencyMatrix")
	}
}

func TestClusteringMatchesScikitLearn(t *testing.T) {
	var cases []struct {
		Name       string    `json:"name"`
		LabelsTrue []float64 `json:"labels_true"`
		LabelsPred []float64 `json:"labels_pred"`
		clusterOutputs
	}
	testutil.Golden(t, xgolden).Decode("clustering", &cases)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			checkClusterOutputs(t, c.clusterOutputs, c.LabelsTrue, c.LabelsPred)
		})
	}
}

// formulaLabels rebuilds gen_metricsx.py's formula label sets: (i·a) mod m mod k.
func formulaLabels(n, a, m, k int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(i * a % m % k)
	}
	return out
}

func TestClusteringLargeMatchesScikitLearn(t *testing.T) {
	var cases []struct {
		N  int `json:"n"`
		At int `json:"at"`
		Mt int `json:"mt"`
		Kt int `json:"kt"`
		Ap int `json:"ap"`
		Mp int `json:"mp"`
		Kp int `json:"kp"`
		clusterOutputs
	}
	testutil.Golden(t, xgolden).Decode("cluster_formulas", &cases)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		lt, lp := formulaLabels(c.N, c.At, c.Mt, c.Kt), formulaLabels(c.N, c.Ap, c.Mp, c.Kp)
		checkClusterOutputs(t, c.clusterOutputs, lt, lp)
	}
}

type silMetric struct {
	Samples []float64 `json:"samples"`
	Score   nf        `json:"score"`
	Error   bool      `json:"error"`
}

func TestInternalClusteringMatchesScikitLearn(t *testing.T) {
	var cases []struct {
		Name    string               `json:"name"`
		X       [][]float64          `json:"X"`
		D       [][]float64          `json:"D"`
		Labels  []float64            `json:"labels"`
		Metrics map[string]silMetric `json:"metrics"`
		CH      nf                   `json:"ch"`
		DB      nf                   `json:"db"`
		Error   bool                 `json:"error"`
	}
	testutil.Golden(t, xgolden).Decode("silhouette", &cases)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			X := matrix(c.X)
			for m, want := range c.Metrics {
				in := X
				if m == metrics.Precomputed {
					in = matrix(c.D)
				}
				got := metrics.SilhouetteSamples(in, c.Labels, m)
				score := metrics.SilhouetteScore(in, c.Labels, m)
				if want.Error {
					assert.Nil(t, got, m)
					assert.True(t, math.IsNaN(score), m)
					continue
				}
				xcloseSlice(t, want.Samples, got, "SilhouetteSamples "+m)
				xclose(t, val(want.Score), score, "SilhouetteScore "+m)
				// All samples in another order give the same mean.
				xclose(t, val(want.Score), metrics.SilhouetteScoreSample(in, c.Labels, m, len(c.Labels)+5, 7), "SilhouetteScoreSample "+m)
			}
			if c.Error {
				assert.True(t, math.IsNaN(metrics.CalinskiHarabaszScore(X, c.Labels)))
				assert.True(t, math.IsNaN(metrics.DaviesBouldinScore(X, c.Labels)))
				return
			}
			xclose(t, val(c.CH), metrics.CalinskiHarabaszScore(X, c.Labels), "CalinskiHarabaszScore")
			xclose(t, val(c.DB), metrics.DaviesBouldinScore(X, c.Labels), "DaviesBouldinScore")
		})
	}
}

func TestInternalClusteringIrisMatchesScikitLearn(t *testing.T) {
	var want struct {
		Euclidean float64   `json:"euclidean"`
		Manhattan float64   `json:"manhattan"`
		Cosine    float64   `json:"cosine"`
		Samples   []float64 `json:"samples_euclidean"`
		CH        float64   `json:"ch"`
		DB        float64   `json:"db"`
	}
	testutil.Golden(t, xgolden).Decode("iris", &want)
	iris := datasets.Iris()
	// scikit-learn expands ‖x‖² − 2x·y + ‖y‖² and this package sums (xᵢ − yᵢ)²; on
	// iris (which has duplicate rows) the results still agree to ~5e−15.
	got := metrics.SilhouetteSamples(iris.X, iris.Y, metrics.Euclidean)
	xcloseSlice(t, want.Samples, got, "SilhouetteSamples")
	xclose(t, want.Euclidean, metrics.SilhouetteScore(iris.X, iris.Y, metrics.Euclidean), "euclidean")
	xclose(t, want.Manhattan, metrics.SilhouetteScore(iris.X, iris.Y, metrics.Manhattan), "manhattan")
	xclose(t, want.Cosine, metrics.SilhouetteScore(iris.X, iris.Y, metrics.Cosine), "cosine")
	xclose(t, want.CH, metrics.CalinskiHarabaszScore(iris.X, iris.Y), "CalinskiHarabaszScore")
	xclose(t, want.DB, metrics.DaviesBouldinScore(iris.X, iris.Y), "DaviesBouldinScore")
}

type reportLine struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1-score"`
	Support   float64 `json:"support"`
}

func TestClassificationExtrasMatchScikitLearn(t *testing.T) {
	var cases []struct {
		Name         string         `json:"name"`
		YTrue        []float64      `json:"y_true"`
		YPred        []float64      `json:"y_pred"`
		Weights      []float64      `json:"weights"`
		Labels       []float64      `json:"labels"`
		TargetNames  []string       `json:"target_names"`
		MCC          nf             `json:"mcc"`
		Kappa        map[string]nf  `json:"kappa"`
		KappaLabels  map[string]nf  `json:"kappa_labels"`
		Hamming      float64        `json:"hamming"`
		ZeroOne      float64        `json:"zero_one"`
		ZeroOneCount float64        `json:"zero_one_count"`
		Jaccard      map[string]nf  `json:"jaccard"`
		ReportText   string         `json:"report_text"`
		ReportText4  string         `json:"report_text4"`
		ReportDict   map[string]any `json:"report_dict"`
	}
	testutil.Golden(t, xgolden).Decode("classification", &cases)
	require.NotEmpty(t, cases)
	weighting := map[string]string{"None": metrics.KappaUnweighted, "linear": metrics.KappaLinear, "quadratic": metrics.KappaQuadratic}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			yt, yp, w := c.YTrue, c.YPred, c.Weights
			xclose(t, val(c.MCC), metrics.MatthewsCorrcoef(yt, yp, w), "MatthewsCorrcoef")
			for k, v := range c.Kappa {
				xclose(t, val(v), metrics.CohenKappaScore(yt, yp, nil, weighting[k], w), "CohenKappaScore "+k)
			}
			for k, v := range c.KappaLabels {
				xclose(t, val(v), metrics.CohenKappaScore(yt, yp, c.Labels, weighting[k], w), "CohenKappaScore labels "+k)
			}
			xclose(t, c.Hamming, metrics.HammingLoss(yt, yp, w), "HammingLoss")
			xclose(t, c.ZeroOne, metrics.ZeroOneLoss(yt, yp, true, w), "ZeroOneLoss")
			xclose(t, c.ZeroOneCount, metrics.ZeroOneLoss(yt, yp, false, w), "ZeroOneLoss count")
			avgs := map[string]metrics.Average{"binary": metrics.Binary, "micro": metrics.Micro, "macro": metrics.Macro, "weighted": metrics.Weighted}
			for k, v := range c.Jaccard {
				xclose(t, val(v), metrics.JaccardScore(yt, yp, avgs[k], w), "JaccardScore "+k)
			}
			r := metrics.ClassificationReport(yt, yp, c.Labels, c.TargetNames, w)
			require.NotNil(t, r)
			assert.Equal(t, c.ReportText, r.Text(2))
			assert.Equal(t, c.ReportText, r.String())
			assert.Equal(t, c.ReportText4, r.Text(4))
			line := func(key string) reportLine {
				m := c.ReportDict[key].(map[string]any)
				return reportLine{m["precision"].(float64), m["recall"].(float64), m["f1-score"].(float64), m["support"].(float64)}
			}
			for i, name := range r.Names {
				want := line(name)
				xcloseSlice(t, []float64{want.Precision, want.Recall, want.F1, want.Support},
					[]float64{r.Precision[i], r.Recall[i], r.F1[i], r.Support[i]}, "report "+name)
			}
			for key, got := range map[string]*metrics.ReportAverage{"macro avg": &r.MacroAvg, "weighted avg": &r.WeightedAvg, "micro avg": r.MicroAvg} {
				if got == nil {
					continue
				}
				want := line(key)
				xcloseSlice(t, []float64{want.Precision, want.Recall, want.F1, want.Support},
					[]float64{got.Precision, got.Recall, got.F1, got.Support}, "report "+key)
			}
			if acc, ok := c.ReportDict["accuracy"]; ok {
				xclose(t, acc.(float64), r.Accuracy, "report accuracy")
				assert.Nil(t, r.MicroAvg)
			} else {
				assert.True(t, math.IsNaN(r.Accuracy))
				assert.NotNil(t, r.MicroAvg)
			}
		})
	}
}

func TestCurvesMatchScikitLearn(t *testing.T) {
	var cases []struct {
		Name     string    `json:"name"`
		YTrue    []float64 `json:"y_true"`
		Score    []float64 `json:"score"`
		Weights  []float64 `json:"weights"`
		PosLabel float64   `json:"pos_label"`
		PR       struct {
			Precision  []float64 `json:"precision"`
			Recall     []float64 `json:"recall"`
			Thresholds []float64 `json:"thresholds"`
		} `json:"pr"`
		AP      nf   `json:"ap"`
		APError bool `json:"ap_error"`
		Det     *struct {
			FPR        []nf `json:"fpr"`
			FNR        []nf `json:"fnr"`
			Thresholds []nf `json:"thresholds"`
		} `json:"det"`
		Brier      nf   `json:"brier"`
		BrierError bool `json:"brier_error"`
	}
	testutil.Golden(t, xgolden).Decode("curves", &cases)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			yt, s, w, pos := c.YTrue, c.Score, c.Weights, c.PosLabel
			p, r, th := metrics.PrecisionRecallCurve(yt, s, pos, w)
			xcloseSlice(t, c.PR.Precision, p, "precision")
			xcloseSlice(t, c.PR.Recall, r, "recall")
			xcloseSlice(t, c.PR.Thresholds, th, "thresholds")
			ap := metrics.AveragePrecisionScore(yt, s, pos, w)
			if c.APError {
				assert.True(t, math.IsNaN(ap))
			} else {
				xclose(t, val(c.AP), ap, "AveragePrecisionScore")
			}
			fpr, fnr, dth := metrics.DetCurve(yt, s, pos, w)
			if c.Det == nil {
				assert.Nil(t, fpr)
				assert.Nil(t, fnr)
				assert.Nil(t, dth)
			} else {
				xcloseSlice(t, vals(c.Det.FPR), fpr, "det fpr")
				xcloseSlice(t, vals(c.Det.FNR), fnr, "det fnr")
				xcloseSlice(t, vals(c.Det.Thresholds), dth, "det thresholds")
			}
			if c.Brier != nil || c.BrierError {
				b := metrics.BrierScoreLoss(yt, s, w)
				if c.BrierError {
					assert.True(t, math.IsNaN(b))
				} else {
					xclose(t, val(c.Brier), b, "BrierScoreLoss")
				}
			}
		})
	}
}

func TestMulticlassScoresMatchScikitLearn(t *testing.T) {
	var cases []struct {
		YTrue        []float64          `json:"y_true"`
		Score        [][]float64        `json:"score"`
		Weights      []float64          `json:"weights"`
		AP           map[string]float64 `json:"ap"`
		APWeighted   map[string]float64 `json:"ap_weighted"`
		TopK         map[string]float64 `json:"topk"`
		TopKWeighted map[string]float64 `json:"topk_weighted"`
		TopKLabels   float64            `json:"topk_labels"`
	}
	testutil.Golden(t, xgolden).Decode("multiscore", &cases)
	require.NotEmpty(t, cases)
	avgs := map[string]metrics.Average{"micro": metrics.Micro, "macro": metrics.Macro, "weighted": metrics.Weighted}
	for _, c := range cases {
		S := matrix(c.Score)
		for k, v := range c.AP {
			xclose(t, v, metrics.AveragePrecisionOvRScore(c.YTrue, S, nil, avgs[k], nil), "AveragePrecisionOvRScore "+k)
		}
		for k, v := range c.APWeighted {
			xclose(t, v, metrics.AveragePrecisionOvRScore(c.YTrue, S, nil, avgs[k], c.Weights), "AveragePrecisionOvRScore weighted "+k)
		}
		for k, v := range c.TopK {
			kk := int(k[0] - '0')
			xclose(t, v, metrics.TopKAccuracyScore(c.YTrue, S, kk, nil, nil), "TopKAccuracyScore "+k)
		}
		for k, v := range c.TopKWeighted {
			kk := int(k[0] - '0')
			xclose(t, v, metrics.TopKAccuracyScore(c.YTrue, S, kk, nil, c.Weights), "TopKAccuracyScore weighted "+k)
		}
		n, _ := S.Dims()
		S5 := mat.NewDense(n, 5, nil)
		S5.Slice(0, n, 0, 4).(*mat.Dense).Copy(S)
		xclose(t, c.TopKLabels, metrics.TopKAccuracyScore(c.YTrue, S5, 2, []float64{0, 1, 2, 3, 4}, nil), "TopKAccuracyScore labels")
	}
	var bin []struct {
		YTrue    []float64 `json:"y_true"`
		Score    []float64 `json:"score"`
		K        int       `json:"k"`
		Expected float64   `json:"expected"`
	}
	testutil.Golden(t, xgolden).Decode("topk_binary", &bin)
	require.NotEmpty(t, bin)
	for _, c := range bin {
		S := mat.NewDense(len(c.Score), 1, c.Score)
		xclose(t, c.Expected, metrics.TopKAccuracyScore(c.YTrue, S, c.K, nil, nil), "TopKAccuracyScore binary")
	}
}

func TestDevianceMatchesScikitLearn(t *testing.T) {
	var cases []struct {
		Name    string        `json:"name"`
		YTrue   []float64     `json:"y_true"`
		YPred   []float64     `json:"y_pred"`
		Weights []float64     `json:"weights"`
		MSLE    nf            `json:"msle"`
		Tweedie map[string]nf `json:"tweedie"`
		Poisson nf            `json:"poisson"`
		Gamma   nf            `json:"gamma"`
	}
	testutil.Golden(t, xgolden).Decode("deviance", &cases)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			yt, yp, w := c.YTrue, c.YPred, c.Weights
			xclose(t, val(c.MSLE), metrics.MeanSquaredLogError(yt, yp, w), "MeanSquaredLogError")
			xclose(t, val(c.Poisson), metrics.MeanPoissonDeviance(yt, yp, w), "MeanPoissonDeviance")
			xclose(t, val(c.Gamma), metrics.MeanGammaDeviance(yt, yp, w), "MeanGammaDeviance")
			require.Len(t, c.Tweedie, 6)
			for p, v := range c.Tweedie {
				power, err := strconv.ParseFloat(p, 64)
				require.NoError(t, err)
				xclose(t, val(v), metrics.MeanTweedieDeviance(yt, yp, power, w), "MeanTweedieDeviance "+p)
			}
		})
	}
	var lr []struct {
		Name     string    `json:"name"`
		YTrue    []float64 `json:"y_true"`
		YPred    []float64 `json:"y_pred"`
		Weights  []float64 `json:"weights"`
		Positive nf        `json:"positive"`
		Negative nf        `json:"negative"`
	}
	testutil.Golden(t, xgolden).Decode("likelihood", &lr)
	require.NotEmpty(t, lr)
	for _, c := range lr {
		pos, neg := metrics.ClassLikelihoodRatios(c.YTrue, c.YPred, c.Weights)
		xclose(t, val(c.Positive), pos, c.Name+" LR+")
		xclose(t, val(c.Negative), neg, c.Name+" LR-")
	}
}
