package pipeline_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/pipeline"
)

// nested builds outer = [inner = [scale, sq], features = union(s, raw), ttr(lsq, scaler)].
func nested() *pipeline.Pipeline {
	return pipeline.New(
		pipeline.Step{Name: "inner", Est: pipeline.New(
			pipeline.Step{Name: "scale", Est: &scaler{}},
			pipeline.Step{Name: "sq", Est: estimator.Passthrough},
		)},
		pipeline.Step{Name: "features", Est: pipeline.NewFeatureUnion(
			pipeline.Step{Name: "s", Est: &scaler{NoMean: true}},
			pipeline.Step{Name: "raw", Est: estimator.Passthrough},
		)},
		pipeline.Step{Name: "ttr", Est: &pipeline.TransformedTargetRegressor{Regressor: &lsq{Alpha: 1}, Transformer: &scaler{}}},
	)
}

func TestGetParamsPaths(t *testing.T) {
	t.Parallel()
	p := nested()
	got := estimator.GetParams(p)
	for _, k := range []string{
		"inner", "inner.scale", "inner.scale.NoMean", "inner.sq",
		"features", "features.Weights", "features.Workers", "features.s.NoMean", "features.raw",
		"ttr", "ttr.NoCheckInverse", "ttr.regressor", "ttr.regressor.Alpha", "ttr.transformer.NoStd",
	} {
		assert.Contains(t, got, k)
	}
	for _, k := range []string{"Steps", "inner.Steps", "features.Branches", "ttr.Regressor", "ttr.Func"} {
		assert.NotContains(t, got, k, "param:\"-\" fields are reached through parts")
	}
	assert.Equal(t, 1.0, got["ttr.regressor.Alpha"])
	assert.Equal(t, estimator.Passthrough, got["inner.sq"])
}

func TestSetParamsPaths(t *testing.T) {
	t.Parallel()
	p := nested()
	require.NoError(t, estimator.SetParams(p, estimator.Params{
		"inner.scale.NoMean":  true,
		"features.s.NoStd":    true,
		"features.Weights":    map[string]float64{"raw": 2},
		"features.Workers":    1,
		"ttr.regressor.Alpha": 5, // int into a float64 field
		"ttr.NoCheckInverse":  true,
	}))
	assert.True(t, p.Step("inner").(*pipeline.Pipeline).Step("scale").(*scaler).NoMean)
	u := p.Step("features").(*pipeline.FeatureUnion)
	assert.True(t, u.Step("s").(*scaler).NoStd)
	assert.Equal(t, map[string]float64{"raw": 2}, u.Weights)
	assert.Equal(t, 1, u.Workers)
	ttr := p.Step("ttr").(*pipeline.TransformedTargetRegressor)
	assert.Equal(t, 5.0, ttr.Regressor.(*lsq).Alpha)
	assert.True(t, ttr.NoCheckInverse)

	// Replacing whole steps and parts.
	other := &lsq{Alpha: 9}
	sq := &square{}
	require.NoError(t, estimator.SetParams(p, estimator.Params{
		"inner.sq":        sq,
		"ttr.regressor":   other,
		"ttr.transformer": nil,
		"features.raw":    nil, // nil drops a union branch
	}))
	assert.Same(t, sq, p.Step("inner").(*pipeline.Pipeline).Step("sq"))
	assert.Same(t, other, ttr.Regressor)
	assert.Nil(t, ttr.Transformer)
	assert.Equal(t, estimator.Drop, u.Step("raw"))
	require.NoError(t, estimator.SetParams(p, estimator.Params{"ttr": &lsq{Alpha: 2}}))
	assert.Equal(t, &lsq{Alpha: 2}, p.Step("ttr"))
	require.NoError(t, estimator.SetParams(p, estimator.Params{"inner": estimator.Passthrough}))
	assert.Equal(t, estimator.Passthrough, p.Step("inner"))

	_, X, y := golden(t)
	require.NoError(t, p.Fit(ctx, X, y), "the edited pipeline fits")

	// Errors: unknown step, unknown field, bad part types, bad structure.
	for name, params := range map[string]estimator.Params{
		"unknown step":          {"nope.Alpha": 1},
		"unknown step replaced": {"nope": &lsq{}},
		"unknown field":         {"ttr.Alpah": 1},
		"not an estimator":      {"ttr": 3},
		"regressor in middle":   {"features": &lsq{}},
		"drop in pipeline":      {"ttr": estimator.Drop},
		"union non-transformer": {"inner": nested().Step("features"), "features.s": &lsq{}},
		"ttr bad regressor":     {"ttr": &pipeline.TransformedTargetRegressor{}, "ttr.regressor": &scaler{}},
		"ttr bad part":          {"ttr": &pipeline.TransformedTargetRegressor{}, "ttr.nope": &scaler{}},
		"unexported field":      {"ttr.fit": nil},
	} {
		err := estimator.SetParams(estimator.Clone(p), params)
		var pe *estimator.ParamError
		assert.ErrorAs(t, err, &pe, name)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam, name)
	}
}

func TestSetParamsNestedMakePaths(t *testing.T) {
	t.Parallel()
	outer := pipeline.New(pipeline.Step{Name: "outer", Est: pipeline.New(
		pipeline.Step{Name: "inner", Est: pipeline.New(pipeline.Step{Name: "scale", Est: &scaler{}})},
	)}, pipeline.Step{Name: "lsq", Est: &lsq{}})
	require.NoError(t, estimator.SetParams(outer, estimator.Params{"outer.inner.scale.NoMean": true}))
	s := outer.Step("outer").(*pipeline.Pipeline).Step("inner").(*pipeline.Pipeline).Step("scale").(*scaler)
	assert.True(t, s.NoMean)
	assert.Equal(t, true, estimator.GetParams(outer)["outer.inner.scale.NoMean"])
}

// TestFitInPlaceNested checks that nested parts keep their identity across Fit: a
// pointer taken before Fit is the fitted model afterwards, at any depth.
func TestFitInPlaceNested(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	p := nested()
	inner := p.Step("inner").(*pipeline.Pipeline)
	sc := inner.Step("scale").(*scaler)
	us := p.Step("features").(*pipeline.FeatureUnion).Step("s").(*scaler)
	require.NoError(t, p.Fit(ctx, X, y))
	assert.Same(t, inner, p.Step("inner"))
	assert.Same(t, sc, inner.Step("scale"))
	assert.NotNil(t, sc.fit, "nested step fitted in place")
	assert.NotNil(t, us.fit, "union branch fitted in place")
	out, err := inner.Transform(X)
	require.NoError(t, err, "the inner pipeline is fitted too")
	want, err := sc.Transform(X)
	require.NoError(t, err)
	assert.Equal(t, want, out)
	ttr := p.Step("ttr").(*pipeline.TransformedTargetRegressor)
	assert.False(t, ttr.Regressor.(*lsq).Fitted(), "the TTR fits a clone, as scikit-learn does")
	assert.True(t, ttr.Unwrap().(*lsq).Fitted())
}

func TestSaveLoad(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	p := nested()
	require.NoError(t, estimator.SetParams(p, estimator.Params{"ttr.regressor.Alpha": 0.25, "features.Weights": map[string]float64{"s": 3}}))
	require.NoError(t, p.Fit(ctx, X, y))
	want, err := p.Predict(X)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, p))
	file := buf.Bytes()

	dst := nested() // the skeleton: same code, default params, unfitted
	require.NoError(t, estimator.Load(bytes.NewReader(file), dst))
	got, err := dst.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, 0.25, estimator.GetParams(dst)["ttr.regressor.Alpha"], "params restored")
	assert.Equal(t, map[string]float64{"s": 3}, dst.Step("features").(*pipeline.FeatureUnion).Weights)
	// Every step's state is restored.
	for _, path := range []struct{ a, b *scaler }{
		{p.Step("inner").(*pipeline.Pipeline).Step("scale").(*scaler), dst.Step("inner").(*pipeline.Pipeline).Step("scale").(*scaler)},
		{p.Step("features").(*pipeline.FeatureUnion).Step("s").(*scaler), dst.Step("features").(*pipeline.FeatureUnion).Step("s").(*scaler)},
	} {
		require.NotNil(t, path.b.fit)
		assert.Equal(t, path.a.fit, path.b.fit)
	}
	ttrA := p.Step("ttr").(*pipeline.TransformedTargetRegressor).Unwrap().(*lsq)
	ttrB := dst.Step("ttr").(*pipeline.TransformedTargetRegressor).Unwrap().(*lsq)
	assert.Equal(t, ttrA.Coef(), ttrB.Coef())
	assert.Equal(t, ttrA.Intercept(), ttrB.Intercept())

	// A skeleton with a different step type fails, naming the path, and is unchanged.
	bad := nested()
	require.NoError(t, estimator.SetParams(bad, estimator.Params{"inner.scale": &square{}}))
	before := estimator.GetParams(bad)
	err = estimator.Load(bytes.NewReader(file), bad)
	require.ErrorIs(t, err, estimator.ErrFormat)
	assert.Contains(t, err.Error(), "inner.scale: saved *pipeline_test.scaler, have *pipeline_test.square")
	assert.True(t, estimator.ParamsEqual(before, estimator.GetParams(bad)))
	_, err = bad.Predict(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted, "the skeleton stays unfitted")

	// A skeleton with a renamed step fails too.
	renamed := pipeline.New(
		pipeline.Step{Name: "inner2", Est: pipeline.Make(&scaler{}, estimator.Passthrough)},
		pipeline.Step{Name: "features", Est: nested().Step("features")},
		pipeline.Step{Name: "ttr", Est: nested().Step("ttr")},
	)
	err = estimator.Load(bytes.NewReader(file), renamed)
	require.ErrorIs(t, err, estimator.ErrFormat)
	assert.Contains(t, err.Error(), "inner")

	// A skeleton where a step was skipped differs in structure.
	skipped := nested()
	require.NoError(t, estimator.SetParams(skipped, estimator.Params{"inner": estimator.Passthrough}))
	assert.ErrorIs(t, estimator.Load(bytes.NewReader(file), skipped), estimator.ErrFormat)
}

// TestLoadKeepsStepIdentity documents that estimator.Load replaces the skeleton's parts
// with the loaded copies: a pointer to a step taken from the skeleton before Load is
// not the loaded step afterwards (it stays unfitted). Look steps up after Load.
func TestLoadKeepsStepIdentity(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	p := pipeline.Make(&scaler{}, &lsq{})
	require.NoError(t, p.Fit(ctx, X, y))
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, p))
	dst := pipeline.Make(&scaler{}, &lsq{})
	held := dst.Step("lsq").(*lsq)
	require.NoError(t, estimator.Load(&buf, dst))
	assert.True(t, dst.Step("lsq").(*lsq).Fitted())
	if !held.Fitted() {
		t.Log("estimator.Load does not keep part identity: a step pointer taken before Load is stale")
	}
}
