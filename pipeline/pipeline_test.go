package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/pipeline"
)

var ctx = context.Background()

// golden returns the reference data set and the goldens.
func golden(t *testing.T) (*testutil.Goldens, *mat.Dense, []float64) {
	t.Helper()
	g := testutil.Golden(t, "testdata/sklearn.json")
	return g, g.Matrix("X"), g.Floats("y")
}

func TestNewPanics(t *testing.T) {
	t.Parallel()
	shared := &scaler{}
	for _, tc := range []struct {
		name  string
		steps []pipeline.Step
		want  string // in the panic message
	}{
		{"no steps", nil, "at least one step"},
		{"empty name", []pipeline.Step{{Name: "", Est: &lsq{}}}, "step 0: empty name"},
		{"dot", []pipeline.Step{{Name: "a.b", Est: &lsq{}}}, `"a.b" contains a dot`},
		{"duplicate", []pipeline.Step{{Name: "s", Est: &scaler{}}, {Name: "s", Est: &lsq{}}}, `duplicate step name "s"`},
		{"nil estimator", []pipeline.Step{{Name: "s", Est: nil}, {Name: "r", Est: &lsq{}}}, `step "s" has a nil estimator`},
		{"typed nil", []pipeline.Step{{Name: "s", Est: (*scaler)(nil)}, {Name: "r", Est: &lsq{}}}, `step "s" has a nil estimator`},
		{"drop", []pipeline.Step{{Name: "d", Est: estimator.Drop}, {Name: "r", Est: &lsq{}}}, `step "d" is estimator.Drop`},
		{"regressor in the middle", []pipeline.Step{{Name: "r", Est: &lsq{}}, {Name: "s", Est: &scaler{}}},
			`step "r" (*testutil.LSQ) is not a Transformer`},
		{"shared value", []pipeline.Step{{Name: "a", Est: shared}, {Name: "b", Est: shared}, {Name: "r", Est: &lsq{}}},
			`steps "a" and "b" share one *pipeline_test.scaler value`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				require.NotNil(t, r, "New must panic")
				assert.Contains(t, fmt.Sprint(r), "pipeline.New: ")
				assert.Contains(t, fmt.Sprint(r), tc.want)
			}()
			pipeline.New(tc.steps...)
		})
	}
}

func TestNewCopiesSteps(t *testing.T) {
	t.Parallel()
	steps := []pipeline.Step{{Name: "scale", Est: &scaler{}}, {Name: "lsq", Est: &lsq{}}}
	p := pipeline.New(steps...)
	steps[1].Est = &centroid{}
	assert.IsType(t, &lsq{}, p.Step("lsq"))
	assert.Equal(t, []string{"scale", "lsq"}, p.Names())
	assert.Equal(t, 2, p.Len())
	assert.Nil(t, p.Step("nope"))
	assert.Equal(t, map[string]estimator.Estimator{"scale": p.Step("scale"), "lsq": p.Step("lsq")}, p.Named())
	assert.Same(t, p.Step("lsq"), p.Unwrap())
}

func TestMakeNames(t *testing.T) {
	t.Parallel()
	g := testutil.Golden(t, "testdata/sklearn.json")
	var want []string
	g.Decode("make/names", &want) // standardscaler-1, standardscaler-2, passthrough, standardscaler-3, ridge
	p := pipeline.Make(&scaler{}, &scaler{NoMean: true}, estimator.Passthrough, &scaler{}, &lsq{})
	got := p.Names()
	for i := range want {
		want[i] = strings.NewReplacer("standardscaler", "scaler", "ridge", "lsq").Replace(want[i])
	}
	assert.Equal(t, want, got)
	assert.Equal(t, []string{"passthrough", "centroid"}, pipeline.Make(estimator.Passthrough, &centroid{}).Names())
	assert.Equal(t, []string{"passthrough-1", "passthrough-2"}, pipeline.Make(estimator.Passthrough, estimator.Passthrough).Names())
	assert.Equal(t, []string{"generic"}, pipeline.Make(&generic[float64]{}).Names(), "type arguments are dropped")
	assert.Panics(t, func() { pipeline.Make(&lsq{}, &scaler{}) })
}

// generic is a generic transformer type, to check Make's naming.
type generic[T any] struct{ failer }

func TestPipelineMatchesScikitLearn(t *testing.T) {
	t.Parallel()
	g, X, y := golden(t)
	r := &lsq{Alpha: 1}
	p := pipeline.New(pipeline.Step{Name: "scale", Est: &scaler{}}, pipeline.Step{Name: "ridge", Est: r})
	require.NoError(t, p.Fit(ctx, X, y))
	pred, err := p.Predict(X)
	require.NoError(t, err)
	// Closed form on standardised data: agreement to ~1e-10.
	assert.InDeltaSlice(t, g.Floats("pipeline/scale_ridge/pred"), pred, 1e-9)
	assert.Same(t, r, p.Step("ridge"), "the pipeline fits its steps in place")
	assert.InDeltaSlice(t, g.Floats("pipeline/scale_ridge/coef"), r.Coef(), 1e-9, "a pointer held by the caller sees the fit")

	// The same as running the steps by hand.
	s := &scaler{}
	xt, err := estimator.FitTransform(ctx, s, X, y)
	require.NoError(t, err)
	r2 := &lsq{Alpha: 1}
	require.NoError(t, r2.Fit(ctx, xt, y))
	want, err := r2.Predict(xt)
	require.NoError(t, err)
	assert.Equal(t, want, pred)
}

func TestFitKeepsPreviousModelOnError(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	sc, fl, r := &scaler{}, &failer{}, &lsq{}
	p := pipeline.New(
		pipeline.Step{Name: "scale", Est: sc},
		pipeline.Step{Name: "check", Est: fl},
		pipeline.Step{Name: "lsq", Est: r},
	)
	require.NoError(t, p.Fit(ctx, X, y))
	before, err := p.Predict(X)
	require.NoError(t, err)
	coef := r.Coef()
	scState, err := sc.MarshalState()
	require.NoError(t, err)

	// A failure in the middle step, after "scale" was refitted on other data.
	require.NoError(t, estimator.SetParams(p, estimator.Params{"check.Fail": true}))
	other := mat.NewDense(4, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 10, 0, 1, 0})
	err = p.Fit(ctx, other, []float64{1, 2, 3, 4})
	require.Error(t, err)
	assert.ErrorIs(t, err, errBoom)
	assert.Contains(t, err.Error(), `pipeline: step "check" (*pipeline_test.failer): failer: boom`)

	after, err := p.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, before, after)
	assert.Equal(t, coef, r.Coef())
	got, err := sc.MarshalState()
	require.NoError(t, err)
	assert.Equal(t, scState, got, "the first step must keep its state")

	// A failure in the final step.
	require.NoError(t, estimator.SetParams(p, estimator.Params{"check.Fail": false, "lsq.Alpha": -1}))
	err = p.Fit(ctx, other, []float64{1, 2, 3, 4})
	require.ErrorIs(t, err, estimator.ErrInvalidParam)
	assert.Contains(t, err.Error(), `pipeline: step "lsq" (*testutil.LSQ)`)
	after, err = p.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, before, after)
}

func TestFitStructureErrors(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	for _, tc := range []struct {
		name string
		p    *pipeline.Pipeline
		want string
	}{
		{"empty", &pipeline.Pipeline{}, "at least one step"},
		{"regressor in the middle", &pipeline.Pipeline{Steps: []pipeline.Step{{Name: "a", Est: &lsq{}}, {Name: "b", Est: &lsq{}}}},
			`step "a" (*testutil.LSQ) is not a Transformer`},
		{"duplicate", &pipeline.Pipeline{Steps: []pipeline.Step{{Name: "a", Est: &scaler{}}, {Name: "a", Est: &lsq{}}}}, `duplicate step name "a"`},
		{"nil", &pipeline.Pipeline{Steps: []pipeline.Step{{Name: "a"}}}, `step "a" has a nil estimator`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Fit(ctx, X, y)
			require.Error(t, err)
			assert.ErrorIs(t, err, estimator.ErrInvalidParam)
			var pe *estimator.ParamError
			assert.ErrorAs(t, err, &pe)
			assert.Contains(t, err.Error(), tc.want)
			assert.ErrorIs(t, tc.p.Validate(), estimator.ErrInvalidParam)
			// No panics from the other methods either.
			_, err = tc.p.Predict(X)
			assert.Error(t, err)
			_, err = tc.p.Transform(X)
			assert.Error(t, err)
			_, err = tc.p.PredictProba(X)
			assert.Error(t, err)
			_, err = tc.p.InverseTransform(X)
			assert.Error(t, err)
			assert.Nil(t, tc.p.Classes())
		})
	}
}

func TestValidateNamesStep(t *testing.T) {
	t.Parallel()
	p := pipeline.Make(&scaler{}, &lsq{Alpha: -1})
	err := p.Validate()
	var pe *estimator.ParamError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "lsq.Alpha", pe.Param)
	assert.Equal(t, -1.0, pe.Value)
}

func TestUnsupported(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	labels := make([]float64, len(y))
	for i, v := range y {
		labels[i] = math.Floor(math.Min(v, 2.5))
	}
	reg := pipeline.Make(&scaler{}, &lsq{})
	clf := pipeline.Make(&scaler{}, &centroid{})
	tr := pipeline.Make(&scaler{}, &square{})
	require.NoError(t, reg.Fit(ctx, X, y))
	require.NoError(t, clf.Fit(ctx, X, labels))
	require.NoError(t, tr.Fit(ctx, X, nil))
	check := func(err error, want string) {
		t.Helper()
		assert.ErrorIs(t, err, errors.ErrUnsupported)
		assert.EqualError(t, err, want)
	}
	_, err := reg.PredictProba(X)
	check(err, `pipeline: final step "lsq" (*testutil.LSQ) has no PredictProba: unsupported operation`)
	_, err = reg.Transform(X)
	check(err, `pipeline: final step "lsq" (*testutil.LSQ) has no Transform: unsupported operation`)
	_, err = clf.Transform(X)
	check(err, `pipeline: final step "centroid" (*testutil.Centroid) has no Transform: unsupported operation`)
	_, err = tr.Predict(X)
	check(err, `pipeline: final step "square" (*pipeline_test.square) has no Predict: unsupported operation`)
	_, err = tr.PredictProba(X)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	_, err = tr.InverseTransform(X)
	check(err, `pipeline: step "square" (*pipeline_test.square) has no InverseTransform: unsupported operation`)
	_, err = reg.FitTransform(ctx, X, y)
	check(err, `pipeline: final step "lsq" (*testutil.LSQ) has no Transform: unsupported operation`)
	assert.Nil(t, reg.Classes())
	assert.Nil(t, tr.Classes())
	assert.Equal(t, []float64{0, 1, 2}, clf.Classes())
	proba, err := clf.PredictProba(X)
	require.NoError(t, err)
	r, c := proba.Dims()
	assert.Equal(t, []int{30, 3}, []int{r, c})
}

func TestNotFitted(t *testing.T) {
	t.Parallel()
	_, X, _ := golden(t)
	for _, p := range []*pipeline.Pipeline{
		pipeline.Make(&scaler{}, &centroid{}),
		pipeline.Make(&scaler{}, &scaler{}),
		pipeline.Make(estimator.Passthrough),
	} {
		_, err := p.Predict(X)
		assert.ErrorIs(t, err, estimator.ErrNotFitted)
		_, err = p.PredictProba(X)
		assert.ErrorIs(t, err, estimator.ErrNotFitted)
		_, err = p.Transform(X)
		assert.ErrorIs(t, err, estimator.ErrNotFitted)
		_, err = p.InverseTransform(X)
		assert.ErrorIs(t, err, estimator.ErrNotFitted)
		assert.Nil(t, p.Classes())
	}
}

func TestPassthrough(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)

	// A skipped middle step.
	p := pipeline.New(
		pipeline.Step{Name: "skip", Est: estimator.Passthrough},
		pipeline.Step{Name: "scale", Est: &scaler{}},
		pipeline.Step{Name: "skip2", Est: estimator.Passthrough},
		pipeline.Step{Name: "lsq", Est: &lsq{}},
	)
	require.NoError(t, p.Fit(ctx, X, y))
	q := pipeline.Make(&scaler{}, &lsq{})
	require.NoError(t, q.Fit(ctx, X, y))
	a, err := p.Predict(X)
	require.NoError(t, err)
	b, err := q.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, b, a)

	// A final Passthrough makes a transformer.
	tr := pipeline.Make(&scaler{}, estimator.Passthrough)
	out, err := tr.FitTransform(ctx, X, nil)
	require.NoError(t, err)
	s := &scaler{}
	want, err := estimator.FitTransform(ctx, s, X, nil)
	require.NoError(t, err)
	assert.True(t, mat.Equal(want, out))
	_, err = tr.Predict(X)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	back, err := tr.InverseTransform(out)
	require.NoError(t, err)
	assert.True(t, mat.EqualApprox(X, back, 1e-12))

	// Only Passthrough: the identity, returning a copy and checking the shape.
	id := pipeline.Make(estimator.Passthrough)
	require.NoError(t, id.Fit(ctx, X, nil))
	got, err := id.Transform(X)
	require.NoError(t, err)
	assert.True(t, mat.Equal(X, got))
	assert.NotSame(t, X, got)
	_, err = id.Transform(mat.NewDense(2, 4, nil))
	assert.ErrorIs(t, err, estimator.ErrShape)

	// SetParams with nil or Passthrough skips a step; a real estimator restores it.
	require.NoError(t, estimator.SetParams(q, estimator.Params{"scaler": nil}))
	assert.Equal(t, estimator.Passthrough, q.Step("scaler"))
	require.NoError(t, estimator.SetParams(q, estimator.Params{"scaler": &scaler{}}))
	require.NoError(t, estimator.SetParams(q, estimator.Params{"scaler": estimator.Passthrough}))
	require.NoError(t, q.Fit(ctx, X, y))
	direct := &lsq{}
	require.NoError(t, direct.Fit(ctx, X, y))
	c, err := q.Predict(X)
	require.NoError(t, err)
	d, err := direct.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, d, c)
}

func TestContextCheckedBetweenSteps(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &lsq{}
	p := pipeline.New(
		pipeline.Step{Name: "cancel", Est: &canceller{Cancel: cancel}},
		pipeline.Step{Name: "lsq", Est: r},
	)
	err := p.Fit(cctx, X, y)
	require.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, r.Coef(), "the final step must not be fitted after cancellation")
	_, err = p.Predict(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)

	done, stop := context.WithCancel(ctx)
	stop()
	assert.Equal(t, context.Canceled, pipeline.Make(&scaler{}, &lsq{}).Fit(done, X, y), "a done ctx is returned as is")
}

func TestIsClassifier(t *testing.T) {
	t.Parallel()
	assert.True(t, estimator.IsClassifier(pipeline.Make(&scaler{}, &centroid{})))
	assert.True(t, estimator.IsClassifier(pipeline.Make(pipeline.Make(&scaler{}, &centroid{}))))
	assert.False(t, estimator.IsClassifier(pipeline.Make(&scaler{}, &lsq{})))
	assert.False(t, estimator.IsClassifier(pipeline.Make(&scaler{}, &scaler{})))
	assert.False(t, estimator.IsClassifier(pipeline.Make(&scaler{}, estimator.Passthrough)))
	assert.False(t, estimator.IsClassifier(&pipeline.TransformedTargetRegressor{Regressor: &lsq{}}))
}

func TestInverseTransform(t *testing.T) {
	t.Parallel()
	_, X, _ := golden(t)
	p := pipeline.Make(&scaler{}, estimator.Passthrough, &scaler{NoMean: true})
	out, err := p.FitTransform(ctx, X, nil)
	require.NoError(t, err)
	back, err := p.InverseTransform(out)
	require.NoError(t, err)
	assert.True(t, mat.EqualApprox(X, back, 1e-12))
	_, err = p.InverseTransform(mat.NewDense(2, 5, nil))
	assert.ErrorIs(t, err, estimator.ErrShape)
	assert.Contains(t, err.Error(), `step "scaler-2"`, "errors name the step")
}

func TestPredictErrorsNameStep(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	p := pipeline.Make(&scaler{}, &lsq{})
	require.NoError(t, p.Fit(ctx, X, y))
	_, err := p.Predict(mat.NewDense(2, 4, nil))
	assert.ErrorIs(t, err, estimator.ErrShape)
	assert.Contains(t, err.Error(), `pipeline: step "scaler" (*pipeline_test.scaler): scaler: X has 4 features`)
	_, err = p.Predict(nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = p.Predict((*mat.Dense)(nil))
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.ErrorIs(t, p.Fit(ctx, (*mat.Dense)(nil), y), estimator.ErrInvalidData)
}

func TestFeatureNamesOut(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	p := pipeline.Make(&scaler{}, estimator.Passthrough, &lsq{})
	require.NoError(t, p.Fit(ctx, X, y))
	assert.Equal(t, []string{"x0", "x1", "x2"}, p.FeatureNamesOut(nil))
	assert.Equal(t, []string{"a", "b", "c"}, p.FeatureNamesOut([]string{"a", "b", "c"}))
	u := pipeline.Make(pipeline.NewFeatureUnion(
		pipeline.Step{Name: "s", Est: &scaler{}},
		pipeline.Step{Name: "raw", Est: estimator.Passthrough},
	))
	require.NoError(t, u.Fit(ctx, X, nil))
	assert.Equal(t, []string{"s__a", "s__b", "s__c", "raw__a", "raw__b", "raw__c"}, u.FeatureNamesOut([]string{"a", "b", "c"}))
	assert.Nil(t, pipeline.Make(&square{}, &lsq{}).FeatureNamesOut([]string{"a"}), "a step without names")
}

func TestClone(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	p := pipeline.Make(&scaler{NoStd: true}, &lsq{Alpha: 3})
	require.NoError(t, p.Fit(ctx, X, y))
	c := estimator.Clone(p)
	require.NotSame(t, p, c)
	assert.Equal(t, p.Names(), c.Names())
	assert.NotSame(t, p.Step("lsq"), c.Step("lsq"))
	assert.Equal(t, 3.0, c.Step("lsq").(*lsq).Alpha)
	assert.True(t, c.Step("scaler").(*scaler).NoStd)
	_, err := c.Predict(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	assert.Nil(t, c.Step("lsq").(*lsq).Coef(), "clones are unfitted")
	require.NoError(t, estimator.SetParams(c, estimator.Params{"lsq.Alpha": 7}))
	assert.Equal(t, 3.0, p.Step("lsq").(*lsq).Alpha, "a clone is deep")
	assert.True(t, estimator.ParamsEqual(estimator.GetParams(p), estimator.GetParams(estimator.Clone(p))))
}

func TestPassthroughSentinel(t *testing.T) {
	t.Parallel()
	_, X, _ := golden(t)
	tr := estimator.Passthrough.(estimator.Transformer)
	require.NoError(t, tr.Fit(ctx, X, nil))
	out, err := tr.Transform(X)
	require.NoError(t, err)
	assert.True(t, mat.Equal(X, out))
	nan := mat.DenseCopyOf(X)
	nan.Set(0, 0, math.NaN())
	_, err = tr.Transform(nan)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Equal(t, estimator.Passthrough, estimator.Clone(estimator.Passthrough), "clones of the sentinels are the sentinels")
	assert.Equal(t, estimator.Drop, estimator.Clone(estimator.Drop))
}
