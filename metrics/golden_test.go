package metrics_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
)

// Goldens come from testdata/gen_sklearn.py (scikit-learn 1.2.1). Metrics are
// compared "exactly": within 1e-12, relative to max(1, |want|).
const tol = 1e-12

// nf is a JSON number that may be null (NaN).
type nf = *float64

func val(p nf) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func vals(ps []nf) []float64 {
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = val(p)
	}
	return out
}

func assertClose(t *testing.T, want, got float64, what string) {
	t.Helper()
	if math.IsNaN(want) {
		assert.Truef(t, math.IsNaN(got), "%s: got %v, want NaN", what, got)
		return
	}
	assert.InDeltaf(t, want, got, tol*math.Max(1, math.Abs(want)), "%s: got %.17g, want %.17g", what, got, want)
}

func assertCloseSlice(t *testing.T, want, got []float64, what string) {
	t.Helper()
	if !assert.Lenf(t, got, len(want), "%s: length", what) {
		return
	}
	for i := range want {
		assertClose(t, want[i], got[i], what)
	}
}

func assertCloseMatrix(t *testing.T, want [][]float64, got *mat.Dense, what string) {
	t.Helper()
	r, c := got.Dims()
	require.Equalf(t, len(want), r, "%s: rows", what)
	for i := range want {
		require.Equalf(t, len(want[i]), c, "%s: cols", what)
		assertCloseSlice(t, want[i], got.RawRowView(i), what)
	}
}

func matrix(rows [][]float64) *mat.Dense { return testutil.FromRows(rows) }

type regCase struct {
	Name     string    `json:"name"`
	YTrue    []float64 `json:"y_true"`
	YPred    []float64 `json:"y_pred"`
	Weights  []float64 `json:"weights"`
	R2       nf        `json:"r2"`
	MSE      nf        `json:"mse"`
	RMSE     nf        `json:"rmse"`
	MAE      nf        `json:"mae"`
	MedAE    nf        `json:"medae"`
	MAPE     nf        `json:"mape"`
	EV       nf        `json:"ev"`
	MaxError nf        `json:"max_error"`
}

func TestRegressionMatchesScikitLearn(t *testing.T) {
	var cases []regCase
	testutil.Golden(t, "testdata/sklearn.json").Decode("regression", &cases)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			yt, yp, w := c.YTrue, c.YPred, c.Weights
			assertClose(t, val(c.R2), metrics.R2Score(yt, yp, w), "R2Score")
			assertClose(t, val(c.MSE), metrics.MeanSquaredError(yt, yp, w), "MeanSquaredError")
			assertClose(t, val(c.RMSE), metrics.RootMeanSquaredError(yt, yp, w), "RootMeanSquaredError")
			assertClose(t, val(c.MAE), metrics.MeanAbsoluteError(yt, yp, w), "MeanAbsoluteError")
			assertClose(t, val(c.MedAE), metrics.MedianAbsoluteError(yt, yp, w), "MedianAbsoluteError")
			assertClose(t, val(c.MAPE), metrics.MeanAbsolutePercentageError(yt, yp, w), "MeanAbsolutePercentageError")
			assertClose(t, val(c.EV), metrics.ExplainedVarianceScore(yt, yp, w), "ExplainedVarianceScore")
			assertClose(t, val(c.MaxError), metrics.MaxError(yt, yp), "MaxError")
		})
	}
}

type prfGolden struct {
	Error     bool `json:"error"`
	Precision nf   `json:"precision"`
	Recall    nf   `json:"recall"`
	F1        nf   `json:"f1"`
	F05       nf   `json:"f05"`
	F2        nf   `json:"f2"`
	FInf      nf   `json:"finf"`
}

type prfsGolden struct {
	Labels []float64 `json:"labels"`
	P      []float64 `json:"p"`
	R      []float64 `json:"r"`
	F      []float64 `json:"f"`
	S      []float64 `json:"s"`
}

type labelCase struct {
	Name         string      `json:"name"`
	YTrue        []float64   `json:"y_true"`
	YPred        []float64   `json:"y_pred"`
	Weights      []float64   `json:"weights"`
	PosLabel     float64     `json:"pos_label"`
	Accuracy     float64     `json:"accuracy"`
	Balanced     float64     `json:"balanced_accuracy"`
	Confusion    [][]float64 `json:"confusion"`
	SubLabels    []float64   `json:"sub_labels"`
	ConfusionSub [][]float64 `json:"confusion_sub"`
	Binary       prfGolden   `json:"binary"`
	Micro        prfGolden   `json:"micro"`
	Macro        prfGolden   `json:"macro"`
	Weighted     prfGolden   `json:"weighted"`
	PRFS         prfsGolden  `json:"prfs"`
	PRFSBeta2    prfsGolden  `json:"prfs_beta2"`
	PRFSSub      *prfsGolden `json:"prfs_sub"`
}

func TestClassificationMatchesScikitLearn(t *testing.T) {
	var cases []labelCase
	testutil.Golden(t, "testdata/sklearn.json").Decode("labels", &cases)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			yt, yp, w := c.YTrue, c.YPred, c.Weights
			assertClose(t, c.Accuracy, metrics.AccuracyScore(yt, yp, w), "AccuracyScore")
			assertClose(t, c.Balanced, metrics.BalancedAccuracyScore(yt, yp, w), "BalancedAccuracyScore")
			assertCloseMatrix(t, c.Confusion, metrics.ConfusionMatrix(yt, yp, nil, w), "ConfusionMatrix")
			if c.SubLabels != nil {
				assertCloseMatrix(t, c.ConfusionSub, metrics.ConfusionMatrix(yt, yp, c.SubLabels, w), "ConfusionMatrix(labels)")
			}
			binary := metrics.Binary
			if c.PosLabel != 1 {
				binary = metrics.PosLabel(c.PosLabel)
			}
			for _, a := range []struct {
				avg  metrics.Average
				want prfGolden
			}{{binary, c.Binary}, {"", c.Binary}, {metrics.Micro, c.Micro}, {metrics.Macro, c.Macro}, {metrics.Weighted, c.Weighted}} {
				if a.avg == "" && c.PosLabel != 1 {
					continue
				}
				name := string(a.avg)
				if a.want.Error {
					// scikit-learn raises ValueError: the score is undefined.
					assert.Truef(t, math.IsNaN(metrics.F1Score(yt, yp, a.avg, w)), "F1Score(%s) should be NaN", name)
					assert.Truef(t, math.IsNaN(metrics.PrecisionScore(yt, yp, a.avg, w)), "PrecisionScore(%s) should be NaN", name)
					continue
				}
				assertClose(t, val(a.want.Precision), metrics.PrecisionScore(yt, yp, a.avg, w), "PrecisionScore "+name)
				assertClose(t, val(a.want.Recall), metrics.RecallScore(yt, yp, a.avg, w), "RecallScore "+name)
				assertClose(t, val(a.want.F1), metrics.F1Score(yt, yp, a.avg, w), "F1Score "+name)
				assertClose(t, val(a.want.F05), metrics.FBetaScore(yt, yp, 0.5, a.avg, w), "FBetaScore(0.5) "+name)
				assertClose(t, val(a.want.F2), metrics.FBetaScore(yt, yp, 2, a.avg, w), "FBetaScore(2) "+name)
				assertClose(t, val(a.want.FInf), metrics.FBetaScore(yt, yp, math.Inf(1), a.avg, w), "FBetaScore(Inf) "+name)
			}
			checkPRFS := func(g prfsGolden, beta float64, labels []float64, what string) {
				p, r, f, s := metrics.PrecisionRecallFScoreSupport(yt, yp, beta, labels, w)
				assertCloseSlice(t, g.P, p, what+" precision")
				assertCloseSlice(t, g.R, r, what+" recall")
				assertCloseSlice(t, g.F, f, what+" fscore")
				assertCloseSlice(t, g.S, s, what+" support")
			}
			checkPRFS(c.PRFS, 1, nil, "PRFS")
			checkPRFS(c.PRFSBeta2, 2, nil, "PRFS beta=2")
			checkPRFS(c.PRFS, 1, c.PRFS.Labels, "PRFS explicit labels")
			if c.PRFSSub != nil {
				checkPRFS(*c.PRFSSub, 1, c.PRFSSub.Labels, "PRFS sub labels")
			}
		})
	}
}

type binaryCase struct {
	Name       string    `json:"name"`
	YTrue      []float64 `json:"y_true"`
	Score      []float64 `json:"score"`
	Weights    []float64 `json:"weights"`
	PosLabel   float64   `json:"pos_label"`
	ROCAUC     float64   `json:"roc_auc"`
	FPR        []nf      `json:"fpr"`
	TPR        []nf      `json:"tpr"`
	Thresholds []float64 `json:"thresholds"`
	LogLoss1D  nf        `json:"log_loss_1d"`
	LogLoss2D  nf        `json:"log_loss_2d"`
}

func TestBinaryScoresMatchScikitLearn(t *testing.T) {
	var cases []binaryCase
	testutil.Golden(t, "testdata/sklearn.json").Decode("binary", &cases)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			yt, s, w := c.YTrue, c.Score, c.Weights
			assertClose(t, c.ROCAUC, metrics.ROCAUCScore(yt, s, w), "ROCAUCScore")
			fpr, tpr, thr := metrics.ROCCurve(yt, s, c.PosLabel, w)
			assertCloseSlice(t, vals(c.FPR), fpr, "ROCCurve fpr")
			assertCloseSlice(t, vals(c.TPR), tpr, "ROCCurve tpr")
			assertCloseSlice(t, c.Thresholds, thr, "ROCCurve thresholds")
			if c.LogLoss1D == nil {
				return
			}
			assertClose(t, *c.LogLoss1D, metrics.BinaryLogLoss(yt, s, w), "BinaryLogLoss")
			proba := mat.NewDense(len(s), 2, nil)
			for i, p := range s {
				proba.SetRow(i, []float64{1 - p, p})
			}
			assertClose(t, *c.LogLoss2D, metrics.LogLoss(yt, proba, []float64{0, 1}, w), "LogLoss 2 columns")
		})
	}
}

type multiCase struct {
	Name        string      `json:"name"`
	YTrue       []float64   `json:"y_true"`
	Proba       [][]float64 `json:"proba"`
	Classes     []float64   `json:"classes"`
	Weights     []float64   `json:"weights"`
	LogLoss     float64     `json:"log_loss"`
	OvRMacro    nf          `json:"ovr_macro"`
	OvRWeighted nf          `json:"ovr_weighted"`
	OvRMicro    nf          `json:"ovr_micro"`
	OvOMacro    nf          `json:"ovo_macro"`
	OvOWeighted nf          `json:"ovo_weighted"`
}

func TestMulticlassProbaMatchesScikitLearn(t *testing.T) {
	var cases []multiCase
	testutil.Golden(t, "testdata/sklearn.json").Decode("multiclass", &cases)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			yt, p, w := c.YTrue, matrix(c.Proba), c.Weights
			assertClose(t, c.LogLoss, metrics.LogLoss(yt, p, c.Classes, w), "LogLoss")
			if c.OvRMacro == nil {
				assert.True(t, math.IsNaN(metrics.ROCAUCOvRScore(yt, p, c.Classes, metrics.Macro, w)), "ROCAUCOvRScore is undefined")
				return
			}
			assertClose(t, *c.OvRMacro, metrics.ROCAUCOvRScore(yt, p, c.Classes, metrics.Macro, w), "ROCAUCOvRScore macro")
			assertClose(t, *c.OvRMacro, metrics.ROCAUCOvRScore(yt, p, c.Classes, "", w), "ROCAUCOvRScore zero average")
			assertClose(t, *c.OvRWeighted, metrics.ROCAUCOvRScore(yt, p, c.Classes, metrics.Weighted, w), "ROCAUCOvRScore weighted")
			assertClose(t, *c.OvRMicro, metrics.ROCAUCOvRScore(yt, p, c.Classes, metrics.Micro, w), "ROCAUCOvRScore micro")
			if w == nil {
				assertClose(t, *c.OvRMacro, metrics.ROCAUCOvRScore(yt, p, nil, metrics.Macro, nil), "ROCAUCOvRScore nil classes")
				assertClose(t, *c.OvOMacro, metrics.ROCAUCOvOScore(yt, p, c.Classes, metrics.Macro), "ROCAUCOvOScore macro")
				assertClose(t, *c.OvOWeighted, metrics.ROCAUCOvOScore(yt, p, c.Classes, metrics.Weighted), "ROCAUCOvOScore weighted")
			}
		})
	}
}
