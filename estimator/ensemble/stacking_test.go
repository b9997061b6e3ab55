package ensemble

import (
	"bytes"
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/estimator/naivebayes"
	"github.com/skgo/skgo/estimator/neighbors"
	"github.com/skgo/skgo/metrics"
)

func stackClfMembers() []estimator.Part {
	return []estimator.Part{
		{Name: "nb", Est: &naivebayes.GaussianNB{}},
		{Name: "knn", Est: &neighbors.KNeighborsClassifier{}},
	}
}

func TestStackingClassifierGolden(t *testing.T) {
	g := metaGolden(t)
	X, y := g.Matrix("iris/X"), g.Floats("iris/y")
	ctx := context.Background()
	cases := map[string]*StackingClassifier{
		"default":     {},
		"passthrough": {Passthrough: true},
		"predict":     {StackMethod: StackPredict},
		"cv3":         {CV: crossval.StratifiedKFold{K: 3}},
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			s.Estimators = stackClfMembers()
			require.NoError(t, s.Fit(ctx, X, y))
			key := "stacking_clf/" + name
			tr, err := s.Transform(X)
			require.NoError(t, err)
			metaClose(t, metaFlat(g.Matrix(key+"/transform")), metaFlat(tr), 1e-9, "transform")
			p, err := s.PredictProba(X)
			require.NoError(t, err)
			metaClose(t, metaFlat(g.Matrix(key+"/proba")), metaFlat(p), 1e-5, "proba")
			pred, err := s.Predict(X)
			require.NoError(t, err)
			assert.Equal(t, g.Floats(key+"/predict"), pred)
		})
	}
	yb := g.Floats("iris/ybin")
	s := &StackingClassifier{Estimators: []estimator.Part{{Name: "nb", Est: &naivebayes.GaussianNB{}}, {Name: "lr", Est: &linear.Logistic{}}}}
	require.NoError(t, s.Fit(ctx, X, yb))
	tr, err := s.Transform(X)
	require.NoError(t, err)
	metaClose(t, metaFlat(g.Matrix("stacking_clf/binary/transform")), metaFlat(tr), 1e-5, "binary transform")
	p, err := s.PredictProba(X)
	require.NoError(t, err)
	metaClose(t, metaFlat(g.Matrix("stacking_clf/binary/proba")), metaFlat(p), 1e-5, "binary proba")

	s = &StackingClassifier{StackMethod: StackDecisionFunction, Estimators: []estimator.Part{{Name: "lr", Est: &linear.Logistic{}}}}
	require.NoError(t, s.Fit(ctx, X, y))
	tr, err = s.Transform(X)
	require.NoError(t, err)
	metaClose(t, metaFlat(g.Matrix("stacking_clf/decision/transform")), metaFlat(tr), 1e-4, "decision transform")
	p, err = s.PredictProba(X)
	require.NoError(t, err)
	metaClose(t, metaFlat(g.Matrix("stacking_clf/decision/proba")), metaFlat(p), 1e-5, "decision proba")
}

func TestStackingRegressorGolden(t *testing.T) {
	g := metaGolden(t)
	X, y := g.Matrix("diabetes/X"), g.Floats("diabetes/y")
	for name, pass := range map[string]bool{"default": false, "passthrough": true} {
		s := &StackingRegressor{Estimators: voteRegMembers(), Passthrough: pass, FinalEstimator: &linear.Ridge{Alpha: 1}}
		require.NoError(t, s.Fit(context.Background(), X, y))
		tr, err := s.Transform(X)
		require.NoError(t, err)
		metaClose(t, metaFlat(g.Matrix("stacking_reg/"+name+"/transform")), metaFlat(tr), 1e-6, name)
		pred, err := s.Predict(X)
		require.NoError(t, err)
		metaClose(t, g.Floats("stacking_reg/"+name+"/predict"), pred, 1e-6, name)
	}
}

func TestStackingConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator {
		return &StackingClassifier{Estimators: stackClfMembers(), CV: crossval.StratifiedKFold{K: 3}}
	})
	estimatortest.Run(t, func() estimator.Estimator {
		return &StackingClassifier{Estimators: []estimator.Part{{Name: "lr", Est: &linear.Logistic{}}},
			StackMethod: StackDecisionFunction, Passthrough: true, FinalEstimator: &naivebayes.GaussianNB{}}
	})
	estimatortest.Run(t, func() estimator.Estimator {
		return &StackingRegressor{Estimators: voteRegMembers(), Passthrough: true}
	})
}

func TestStackingValidateAndParams(t *testing.T) {
	ctx := context.Background()
	g := metaGolden(t)
	X, y := g.Matrix("iris/X"), g.Floats("iris/y")
	bad := map[string]estimator.Estimator{
		"no members":      &StackingClassifier{},
		"regressor final": &StackingClassifier{Estimators: stackClfMembers(), FinalEstimator: &linear.Ridge{}},
		"method":          &StackingClassifier{Estimators: stackClfMembers(), StackMethod: "vote"},
		"no decision":     &StackingClassifier{Estimators: stackClfMembers(), StackMethod: StackDecisionFunction},
		"reg proba":       &StackingRegressor{Estimators: voteRegMembers(), StackMethod: StackPredictProba},
		"final param":     &StackingRegressor{Estimators: voteRegMembers(), FinalEstimator: &linear.Ridge{Alpha: -1}},
		"cv":              &StackingRegressor{Estimators: voteRegMembers(), CV: crossval.KFold{K: 1}},
	}
	for name, e := range bad {
		assert.ErrorIs(t, e.Fit(ctx, X, y), estimator.ErrInvalidParam, name)
	}
	// A splitter that does not partition the rows is refused.
	s := &StackingClassifier{Estimators: stackClfMembers(), CV: crossval.TimeSeriesSplit{}}
	assert.ErrorIs(t, s.Fit(ctx, X, y), estimator.ErrInvalidParam)

	s = &StackingClassifier{Estimators: stackClfMembers(), FinalEstimator: &linear.Logistic{C: 2}}
	p := estimator.GetParams(s)
	assert.Equal(t, 2.0, p["FinalEstimator.C"])
	require.NoError(t, estimator.SetParams(s, estimator.Params{"FinalEstimator.C": 0.5, "knn.NNeighbors": 3}))
	require.NoError(t, s.Fit(ctx, X, y))
	assert.Equal(t, 0.5, s.FinalFitted().(*linear.Logistic).C)
	want, err := s.PredictProba(X)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, s))
	dst := &StackingClassifier{Estimators: stackClfMembers(), FinalEstimator: &linear.Logistic{}}
	require.NoError(t, estimator.Load(&buf, dst))
	got, err := dst.PredictProba(X)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, 3, dst.Member("knn").(*neighbors.KNeighborsClassifier).NNeighbors)
}

func TestStackingRidgeCVDefault(t *testing.T) {
	g := metaGolden(t)
	X, y, w := g.Matrix("diabetes/X"), g.Floats("diabetes/y"), g.Floats("diabetes/w")
	for _, nm := range []string{"plain", "w"} {
		Xs := mat.DenseCopyOf(X.Slice(0, 60, 0, 3))
		Xs.Scale(10, Xs)
		var ws []float64
		if nm == "w" {
			ws = w[:60]
		}
		alpha, score, err := stackRidgeCVAlpha(Xs, y[:60], ws, stackRidgeAlphas)
		require.NoError(t, err)
		assert.Equal(t, g.Float("ridgecv/"+nm+"/alpha"), alpha, nm)
		assert.InDelta(t, g.Float("ridgecv/"+nm+"/best_score"), score, 1e-8*math.Abs(score), nm)
	}
	ctx := context.Background()
	s := &StackingRegressor{Estimators: voteRegMembers()}
	require.NoError(t, s.Fit(ctx, X, y))
	assert.Equal(t, g.Float("stacking_reg/ridgecv/alpha"), s.FinalFitted().(*linear.Ridge).Alpha)
	pred, err := s.Predict(X)
	require.NoError(t, err)
	metaClose(t, g.Floats("stacking_reg/ridgecv/predict"), pred, 1e-6, "ridgecv")
	s = &StackingRegressor{Estimators: []estimator.Part{{Name: "knn", Est: &neighbors.KNeighborsRegressor{NNeighbors: 30}}}}
	require.NoError(t, s.Fit(ctx, X, y))
	pred, err = s.Predict(X)
	require.NoError(t, err)
	metaClose(t, g.Floats("stacking_reg/ridgecv_knn/predict"), pred, 1e-6, "ridgecv knn")
	s = &StackingRegressor{Estimators: voteRegMembers()[:2]}
	require.NoError(t, s.FitWeighted(ctx, X, y, w))
	pred, err = s.Predict(X)
	require.NoError(t, err)
	metaClose(t, g.Floats("stacking_reg/ridgecv_w/predict"), pred, 1e-6, "ridgecv weighted")
}

func TestStackingDecisionFunction(t *testing.T) {
	g := metaGolden(t)
	X, y := g.Matrix("iris/X"), g.Floats("iris/y")
	ctx := context.Background()
	s := &StackingClassifier{Estimators: stackClfMembers()}
	require.NoError(t, s.Fit(ctx, X, y))
	d, err := s.DecisionFunctionMatrix(X)
	require.NoError(t, err)
	metaClose(t, metaFlat(g.Matrix("stacking_clf/default/decision")), metaFlat(d), 1e-4, "decision")
	_, err = s.DecisionFunction(X)
	assert.ErrorIs(t, err, errors.ErrUnsupported)

	s = &StackingClassifier{Estimators: []estimator.Part{{Name: "nb", Est: &naivebayes.GaussianNB{}}, {Name: "lr", Est: &linear.Logistic{}}}}
	require.NoError(t, s.Fit(ctx, X, g.Floats("iris/ybin")))
	v, err := s.DecisionFunction(X)
	require.NoError(t, err)
	metaClose(t, g.Floats("stacking_clf/binary/decision"), v, 1e-4, "binary decision")
	auc, err := metrics.ROCAUC.Score(s, X, g.Floats("iris/ybin"), nil)
	require.NoError(t, err)
	assert.Greater(t, auc, 0.99)

	s = &StackingClassifier{Estimators: stackClfMembers(), FinalEstimator: &naivebayes.GaussianNB{}}
	require.NoError(t, s.Fit(ctx, X, y))
	_, err = s.DecisionFunctionMatrix(X)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
}
