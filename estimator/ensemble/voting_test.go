package ensemble

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/estimator/naivebayes"
	"github.com/skgo/skgo/estimator/neighbors"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

func metaGolden(t testing.TB) *testutil.Goldens {
	return testutil.Golden(t, "testdata/meta_sklearn.json")
}

func voteClfMembers() []estimator.Part {
	return []estimator.Part{
		{Name: "lr", Est: &linear.Logistic{}},
		{Name: "nb", Est: &naivebayes.GaussianNB{}},
		{Name: "knn", Est: &neighbors.KNeighborsClassifier{}},
	}
}

func voteRegMembers() []estimator.Part {
	return []estimator.Part{
		{Name: "ols", Est: &linear.Regression{}},
		{Name: "ridge", Est: &linear.Ridge{Alpha: 1}},
		{Name: "knn", Est: &neighbors.KNeighborsRegressor{}},
	}
}

// metaClose asserts that got matches want to within tol (absolute).
func metaClose(t *testing.T, want, got []float64, tol float64, msg string) {
	t.Helper()
	require.Len(t, got, len(want), msg)
	for i := range want {
		if d := got[i] - want[i]; d > tol || d < -tol {
			t.Fatalf("%s: [%d] = %v, want %v (tolerance %g)", msg, i, got[i], want[i], tol)
		}
	}
}

func metaFlat(m *mat.Dense) []float64 {
	r, c := m.Dims()
	out := make([]float64, 0, r*c)
	for i := 0; i < r; i++ {
		out = append(out, m.RawRowView(i)...)
	}
	return out
}

func TestVotingClassifierGolden(t *testing.T) {
	g := metaGolden(t)
	X, y := g.Matrix("iris/X"), g.Floats("iris/y")
	ctx := context.Background()
	cases := map[string]*VotingClassifier{
		"hard":   {Voting: VotingHardName},
		"soft":   {Voting: VotingSoft},
		"hard_w": {Weights: []float64{1, 2, 2}},
		"soft_w": {Voting: VotingSoft, Weights: []float64{2, 1, 1}},
	}
	for name, v := range cases {
		t.Run(name, func(t *testing.T) {
			v.Estimators = voteClfMembers()
			require.NoError(t, v.Fit(ctx, X, y))
			key := "voting_clf/" + name
			pred, err := v.Predict(X)
			require.NoError(t, err)
			assert.Equal(t, g.Floats(key+"/predict"), pred)
			tr, err := v.Transform(X)
			require.NoError(t, err)
			metaClose(t, metaFlat(g.Matrix(key+"/transform")), metaFlat(tr), 1e-5, "transform")
			if v.Voting == VotingSoft {
				p, err := v.PredictProba(X)
				require.NoError(t, err)
				metaClose(t, metaFlat(g.Matrix(key+"/proba")), metaFlat(p), 1e-5, "proba")
			} else {
				_, err := v.PredictProba(X)
				assert.ErrorIs(t, err, errors.ErrUnsupported)
			}
		})
	}
	v := &VotingClassifier{Voting: VotingSoft, Estimators: voteClfMembers()[:2]}
	require.NoError(t, v.FitWeighted(ctx, X, y, g.Floats("iris/w")))
	p, err := v.PredictProba(X)
	require.NoError(t, err)
	metaClose(t, metaFlat(g.Matrix("voting_clf/weighted/proba")), metaFlat(p), 1e-5, "weighted proba")
	assert.Equal(t, []float64{1, 3, 5}, v.Classes())
	// The members were fitted in place, on class codes.
	assert.Equal(t, []float64{0, 1, 2}, v.Member("lr").(*linear.Logistic).Classes())
}

func TestVotingRegressorGolden(t *testing.T) {
	g := metaGolden(t)
	X, y := g.Matrix("diabetes/X"), g.Floats("diabetes/y")
	ctx := context.Background()
	for name, w := range map[string][]float64{"plain": nil, "w": {1, 2, 3}} {
		v := &VotingRegressor{Estimators: voteRegMembers(), Weights: w}
		require.NoError(t, v.Fit(ctx, X, y))
		pred, err := v.Predict(X)
		require.NoError(t, err)
		metaClose(t, g.Floats("voting_reg/"+name+"/predict"), pred, 1e-6, name)
		tr, err := v.Transform(X)
		require.NoError(t, err)
		metaClose(t, metaFlat(g.Matrix("voting_reg/"+name+"/transform")), metaFlat(tr), 1e-6, name)
	}
	v := &VotingRegressor{Estimators: voteRegMembers()[:2]}
	require.NoError(t, v.FitWeighted(ctx, X, y, g.Floats("diabetes/w")))
	pred, err := v.Predict(X)
	require.NoError(t, err)
	metaClose(t, g.Floats("voting_reg/weighted/predict"), pred, 1e-6, "weighted")
}

func TestVotingConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator {
		return &VotingClassifier{Estimators: voteClfMembers()}
	})
	estimatortest.Run(t, func() estimator.Estimator {
		return &VotingClassifier{Voting: VotingSoft, Weights: []float64{1, 2, 0}, Estimators: []estimator.Part{
			{Name: "nb", Est: &naivebayes.GaussianNB{}},
			{Name: "knn", Est: &neighbors.KNeighborsClassifier{NNeighbors: 3}},
			{Name: "off", Est: estimator.Drop},
		}}
	})
	estimatortest.Run(t, func() estimator.Estimator {
		return &VotingRegressor{Estimators: voteRegMembers()}
	})
}

func TestVotingValidate(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(4, 1, []float64{0, 1, 2, 3})
	y := []float64{0, 0, 1, 1}
	bad := map[string]estimator.Estimator{
		"no members":   &VotingClassifier{},
		"bad voting":   &VotingClassifier{Voting: "medium", Estimators: voteClfMembers()},
		"dup name":     &VotingClassifier{Estimators: []estimator.Part{{Name: "a", Est: &naivebayes.GaussianNB{}}, {Name: "a", Est: &naivebayes.GaussianNB{}}}},
		"dot name":     &VotingClassifier{Estimators: []estimator.Part{{Name: "a.b", Est: &naivebayes.GaussianNB{}}}},
		"nil member":   &VotingClassifier{Estimators: []estimator.Part{{Name: "a", Est: nil}}},
		"regressor":    &VotingClassifier{Estimators: []estimator.Part{{Name: "a", Est: &linear.Ridge{}}}},
		"no proba":     &VotingClassifier{Voting: VotingSoft, Estimators: []estimator.Part{{Name: "a", Est: &linear.Ridge{}}}},
		"weights len":  &VotingClassifier{Weights: []float64{1}, Estimators: voteClfMembers()},
		"neg weight":   &VotingRegressor{Weights: []float64{1, -1, 1}, Estimators: voteRegMembers()},
		"all dropped":  &VotingRegressor{Estimators: []estimator.Part{{Name: "a", Est: estimator.Drop}}},
		"member param": &VotingRegressor{Estimators: []estimator.Part{{Name: "r", Est: &linear.Ridge{Alpha: -1}}}},
		"workers":      &VotingRegressor{Workers: -1, Estimators: voteRegMembers()},
	}
	for name, e := range bad {
		err := e.Fit(ctx, X, y)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam, name)
	}
	err := (&VotingRegressor{Estimators: []estimator.Part{{Name: "r", Est: &linear.Ridge{Alpha: -1}}}}).Validate()
	var pe *estimator.ParamError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "r.Alpha", pe.Param)
	// A member that fails names itself; the ensemble stays unfitted.
	v := &VotingClassifier{Estimators: []estimator.Part{{Name: "knn", Est: &neighbors.KNeighborsClassifier{NNeighbors: 10}}}}
	err = v.Fit(ctx, X, y)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `member "knn"`)
	assert.Nil(t, v.Classes())
	// Weights need weighted members.
	v = &VotingClassifier{Estimators: []estimator.Part{{Name: "knn", Est: &neighbors.KNeighborsClassifier{NNeighbors: 1}}}}
	assert.ErrorIs(t, v.FitWeighted(ctx, X, y, []float64{1, 1, 1, 1}), errors.ErrUnsupported)
}

func TestVotingParamsSearchPipelineSave(t *testing.T) {
	g := metaGolden(t)
	X, y := g.Matrix("diabetes/X"), g.Floats("diabetes/y")
	ctx := context.Background()
	p := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "vote", Est: &VotingRegressor{Estimators: []estimator.Part{
			{Name: "ridge", Est: &linear.Ridge{Alpha: 1}},
			{Name: "knn", Est: &neighbors.KNeighborsRegressor{}},
		}}},
	)
	params := estimator.GetParams(p)
	assert.Equal(t, 1.0, params["vote.ridge.Alpha"])
	require.NoError(t, estimator.SetParams(p, estimator.Params{"vote.ridge.Alpha": 10.0, "vote.knn.NNeighbors": 7}))
	assert.Equal(t, 10.0, p.Step("vote").(*VotingRegressor).Member("ridge").(*linear.Ridge).Alpha)

	s := &tuning.Search{Estimator: p, Space: tuning.Grid{{Param: "vote.ridge.Alpha", Values: tuning.Values(0.1, 1.0, 100.0)}}}
	require.NoError(t, s.Fit(ctx, X, y))
	assert.Contains(t, []any{0.1, 1.0, 100.0}, s.BestParams()["vote.ridge.Alpha"])
	best := s.BestEstimator().(*pipeline.Pipeline)
	want, err := best.Predict(X)
	require.NoError(t, err)

	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, best))
	dst := estimator.Clone(best)
	require.NoError(t, estimator.Load(&buf, dst))
	got, err := dst.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, want, got)

	// Replacing a member by path, and dropping one with nil.
	v := &VotingRegressor{Estimators: voteRegMembers()}
	require.NoError(t, estimator.SetParams(v, estimator.Params{"knn": &linear.Ridge{Alpha: 5}}))
	require.NoError(t, v.SetPart("ols", nil))
	assert.True(t, estimator.IsDrop(v.Member("ols")))
	require.NoError(t, v.Fit(ctx, X, y))
	tr, err := v.Transform(X)
	require.NoError(t, err)
	_, c := tr.Dims()
	assert.Equal(t, 2, c)
}

func TestVotingWorkersIdentical(t *testing.T) {
	g := metaGolden(t)
	X, y := g.Matrix("iris/X"), g.Floats("iris/y")
	var first []float64
	for _, w := range []int{1, 2, 4} {
		v := &VotingClassifier{Voting: VotingSoft, Workers: w, Estimators: voteClfMembers()}
		require.NoError(t, v.Fit(context.Background(), X, y))
		p, err := v.PredictProba(X)
		require.NoError(t, err)
		if first == nil {
			first = metaFlat(p)
		} else {
			assert.Equal(t, first, metaFlat(p))
		}
	}
}
