package pipeline_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/pipeline"
)

func TestFeatureUnionMatchesScikitLearn(t *testing.T) {
	t.Parallel()
	g, X, _ := golden(t)
	u := pipeline.NewFeatureUnion(
		pipeline.Step{Name: "scale", Est: &scaler{}},
		pipeline.Step{Name: "raw", Est: estimator.Passthrough},
		pipeline.Step{Name: "gone", Est: estimator.Drop},
	)
	u.Weights = map[string]float64{"raw": 0.5}
	out, err := u.FitTransform(ctx, X, nil)
	require.NoError(t, err)
	want := g.Matrix("union/transform")
	assert.True(t, mat.EqualApprox(want, out, 1e-12), "FitTransform:\n%v\nwant\n%v", mat.Formatted(out), mat.Formatted(want))
	again, err := u.Transform(X)
	require.NoError(t, err)
	assert.True(t, mat.Equal(out, again), "Transform after FitTransform")
	var names []string
	g.Decode("union/names", &names)
	assert.Equal(t, names, u.FeatureNamesOut(nil))
}

func TestFeatureUnionWorkersGiveSameOutput(t *testing.T) {
	t.Parallel()
	_, X, _ := golden(t)
	var outs []*mat.Dense
	for _, w := range []int{1, 2, 8} {
		u := pipeline.NewFeatureUnion(
			pipeline.Step{Name: "a", Est: &scaler{}},
			pipeline.Step{Name: "b", Est: &square{}},
			pipeline.Step{Name: "c", Est: pipeline.Make(&scaler{NoMean: true}, &square{})},
			pipeline.Step{Name: "d", Est: estimator.Passthrough},
		)
		u.Workers = w
		require.NoError(t, u.Fit(ctx, X, nil))
		out, err := u.Transform(X)
		require.NoError(t, err)
		_, c := out.Dims()
		assert.Equal(t, 12, c)
		outs = append(outs, out)
	}
	assert.True(t, mat.Equal(outs[0], outs[1]))
	assert.True(t, mat.Equal(outs[0], outs[2]))
	// The columns are in branch order.
	s := &scaler{}
	want, err := estimator.FitTransform(ctx, s, X, nil)
	require.NoError(t, err)
	assert.True(t, mat.Equal(want, outs[0].Slice(0, 30, 0, 3)))
	assert.True(t, mat.Equal(X, outs[0].Slice(0, 30, 9, 12)))
}

func TestFeatureUnionFirstErrorCancelsOthers(t *testing.T) {
	t.Parallel()
	_, X, _ := golden(t)
	saw := make(chan error, 1)
	started := make(chan struct{})
	bl := &blocker{Saw: saw, Started: started}
	fl := &lateFailer{After: started}
	u := pipeline.NewFeatureUnion(
		pipeline.Step{Name: "slow", Est: bl},
		pipeline.Step{Name: "bad", Est: fl},
	)
	u.Workers = 2
	start := time.Now()
	err := u.Fit(ctx, X, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, errBoom)
	assert.Contains(t, err.Error(), `pipeline.FeatureUnion: branch "bad" (*pipeline_test.lateFailer): lateFailer: boom`)
	select {
	case cerr := <-saw:
		assert.ErrorIs(t, cerr, ctxCanceled, "the other branch was cancelled")
	case <-time.After(5 * time.Second):
		t.Fatal("the blocking branch was not cancelled")
	}
	assert.Less(t, time.Since(start), 5*time.Second)
	_, err = u.Transform(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted, "a failed Fit leaves the union unfitted")
}

func TestFeatureUnionKeepsPreviousModelOnError(t *testing.T) {
	t.Parallel()
	_, X, _ := golden(t)
	s := &scaler{}
	u := pipeline.NewFeatureUnion(
		pipeline.Step{Name: "s", Est: s},
		pipeline.Step{Name: "f", Est: &failer{}},
	)
	require.NoError(t, u.Fit(ctx, X, nil))
	before, err := u.Transform(X)
	require.NoError(t, err)
	state, err := s.MarshalState()
	require.NoError(t, err)
	require.NoError(t, estimator.SetParams(u, estimator.Params{"f.Fail": true}))
	_, err = u.FitTransform(ctx, mat.NewDense(3, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 0}), nil)
	require.ErrorIs(t, err, errBoom)
	after, err := u.Transform(X)
	require.NoError(t, err)
	assert.True(t, mat.Equal(before, after))
	got, err := s.MarshalState()
	require.NoError(t, err)
	assert.Equal(t, state, got)
	assert.Same(t, s, u.Step("s"), "branches are fitted in place")
}

func TestFeatureUnionValidation(t *testing.T) {
	t.Parallel()
	_, X, _ := golden(t)
	mk := func() *pipeline.FeatureUnion {
		return pipeline.NewFeatureUnion(pipeline.Step{Name: "s", Est: &scaler{}}, pipeline.Step{Name: "r", Est: estimator.Passthrough})
	}
	for name, tc := range map[string]struct {
		edit func(u *pipeline.FeatureUnion)
		want string
	}{
		"unknown weight": {func(u *pipeline.FeatureUnion) { u.Weights = map[string]float64{"x": 1} }, `invalid parameter "Weights": weight for "x" names no branch (have s, r)`},
		"nan weight":     {func(u *pipeline.FeatureUnion) { u.Weights = map[string]float64{"s": nan()} }, "must be finite"},
		"workers":        {func(u *pipeline.FeatureUnion) { u.Workers = -1 }, `"Workers" = -1`},
		"all dropped": {func(u *pipeline.FeatureUnion) {
			u.Branches[0].Est, u.Branches[1].Est = estimator.Drop, estimator.Drop
		}, "every branch is estimator.Drop"},
		"regressor branch": {func(u *pipeline.FeatureUnion) { u.Branches[0].Est = &lsq{} }, `branch "s" (*testutil.LSQ) is not a Transformer`},
		"empty":            {func(u *pipeline.FeatureUnion) { u.Branches = nil }, "at least one branch"},
		"branch param": {func(u *pipeline.FeatureUnion) {
			u.Branches[0].Est = pipeline.Make(&scaler{}, &square{}, &lsq{Alpha: -2})
		}, `"s.lsq.Alpha" = -2`},
	} {
		t.Run(name, func(t *testing.T) {
			u := mk()
			tc.edit(u)
			err := u.Fit(ctx, X, nil)
			assert.ErrorIs(t, err, estimator.ErrInvalidParam)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	assert.Panics(t, func() { pipeline.NewFeatureUnion(pipeline.Step{Name: "a", Est: &lsq{}}) })
	assert.Panics(t, func() {
		pipeline.NewFeatureUnion(pipeline.Step{Name: "a", Est: &scaler{}}, pipeline.Step{Name: "a", Est: &scaler{}})
	})
	assert.Panics(t, func() { pipeline.NewFeatureUnion(pipeline.Step{Name: "a", Est: estimator.Drop}) })
	u := mk()
	assert.ErrorContains(t, u.SetPart("zzz", &scaler{}), `no branch named "zzz"`)
	assert.ErrorContains(t, u.SetPart("s", &lsq{}), "not a Transformer")
	require.NoError(t, u.SetPart("s", nil))
	assert.Equal(t, estimator.Drop, u.Step("s"))
}

func TestFeatureUnionShapeAndData(t *testing.T) {
	t.Parallel()
	_, X, _ := golden(t)
	for _, u := range []*pipeline.FeatureUnion{
		pipeline.NewFeatureUnion(pipeline.Step{Name: "s", Est: &scaler{}}, pipeline.Step{Name: "r", Est: estimator.Passthrough}),
		pipeline.NewFeatureUnion(pipeline.Step{Name: "r", Est: estimator.Passthrough}, pipeline.Step{Name: "d", Est: estimator.Drop}),
	} {
		require.NoError(t, u.Fit(ctx, X, nil))
		_, err := u.Transform(mat.NewDense(2, 4, nil))
		assert.ErrorIs(t, err, estimator.ErrShape)
		_, err = u.Transform(nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidData)
		assert.ErrorIs(t, u.Fit(ctx, nil, nil), estimator.ErrInvalidData)
		bad := mat.DenseCopyOf(X)
		bad.Set(3, 1, nan())
		assert.ErrorIs(t, u.Fit(ctx, bad, nil), estimator.ErrInvalidData)
	}
}

func TestFeatureUnionClone(t *testing.T) {
	t.Parallel()
	_, X, _ := golden(t)
	u := pipeline.NewFeatureUnion(pipeline.Step{Name: "s", Est: &scaler{NoStd: true}}, pipeline.Step{Name: "r", Est: estimator.Passthrough})
	u.Weights = map[string]float64{"s": 2}
	u.Workers = 3
	require.NoError(t, u.Fit(ctx, X, nil))
	c := estimator.Clone(u)
	assert.Equal(t, u.Weights, c.Weights)
	c.Weights["s"] = 5
	assert.Equal(t, 2.0, u.Weights["s"], "Weights is deep-copied")
	assert.Equal(t, 3, c.Workers)
	assert.True(t, c.Step("s").(*scaler).NoStd)
	assert.NotSame(t, u.Step("s"), c.Step("s"))
	_, err := c.Transform(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	assert.Equal(t, fmt.Sprint([]string{"s__x0", "s__x1", "s__x2", "r__x0", "r__x1", "r__x2"}), fmt.Sprint(u.FeatureNamesOut(nil)))
	assert.Nil(t, pipeline.NewFeatureUnion(pipeline.Step{Name: "q", Est: &square{}}).FeatureNamesOut([]string{"a"}))
}
