package pipeline_test

// Regression tests for issue 8: no panic escapes a composite on bad input, a panicking
// branch comes back as an error, and an estimator graph that contains itself is an
// error instead of a hang or a stack overflow.

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
	"github.com/skgo/skgo/internal/parallel"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// panicker is an identity transformer that panics in the method named by When
// ("Fit" or "Transform").
type panicker struct {
	When string

	fit *failerFit
}

func (p *panicker) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if p.When == "Fit" {
		panic("panicker: boom in Fit")
	}
	x, err := estimator.CheckX(X)
	if err != nil {
		return err
	}
	_, c := x.Dims()
	p.fit = &failerFit{NFeatures: c}
	return nil
}

func (p *panicker) Transform(X mat.Matrix) (*mat.Dense, error) {
	if p.When == "Transform" {
		var s []int
		_ = s[3] // a runtime error, as a bug in a branch would raise
	}
	x, err := estimator.CheckX(X)
	if err != nil {
		return nil, err
	}
	return mat.DenseCopyOf(x), nil
}

// nilOut is a transformer that returns a nil matrix and no error.
type nilOut struct{}

func (nilOut) Fit(ctx context.Context, X mat.Matrix, y []float64) error { return nil }
func (nilOut) Transform(X mat.Matrix) (*mat.Dense, error)               { return nil, nil }

// badMatrix is a mat.Matrix with the given Dims whose At panics.
type badMatrix struct{ r, c int }

func (m badMatrix) Dims() (int, int)           { return m.r, m.c }
func (m badMatrix) At(i, j int) float64        { panic("badMatrix: At") }
func (m badMatrix) T() mat.Matrix              { return mat.Transpose{Matrix: m} }
func (m badMatrix) String() string             { return fmt.Sprintf("badMatrix(%d, %d)", m.r, m.c) }
func (m badMatrix) GoString() string           { return m.String() }
func (m badMatrix) Format(f fmt.State, _ rune) { fmt.Fprint(f, m.String()) }

func badMatrices() map[string]mat.Matrix {
	return map[string]mat.Matrix{
		"nil":             nil,
		"nil *Dense":      (*mat.Dense)(nil),
		"nil *VecDense":   (*mat.VecDense)(nil),
		"nil *SymDense":   (*mat.SymDense)(nil),
		"empty Dense":     &mat.Dense{},
		"empty Transpose": mat.Transpose{},
		"negative Dims":   badMatrix{-3, 2},
		"zero rows":       badMatrix{0, 2},
		"panicking At":    badMatrix{3, 2},
	}
}

func TestFeatureUnionBranchPanicIsAnError(t *testing.T) {
	t.Parallel()
	X := mat.NewDense(4, 2, []float64{1, 2, 3, 4, 5, 6, 7, 8})
	for _, workers := range []int{1, 3} {
		for _, when := range []string{"Fit", "Transform"} {
			t.Run(fmt.Sprintf("%s/workers=%d", when, workers), func(t *testing.T) {
				newUnion := func() *pipeline.FeatureUnion {
					u := pipeline.NewFeatureUnion(
						pipeline.Step{Name: "ok", Est: &scaler{}},
						pipeline.Step{Name: "bad", Est: &panicker{When: when}},
						pipeline.Step{Name: "raw", Est: estimator.Passthrough},
					)
					u.Workers = workers
					return u
				}
				check := func(t *testing.T, err error) {
					t.Helper()
					require.Error(t, err)
					var pe *parallel.PanicError
					require.True(t, errors.As(err, &pe), "want a *parallel.PanicError, got %v", err)
					assert.Contains(t, err.Error(), `branch "bad"`)
					assert.NotEmpty(t, pe.Stack, "the error carries the stack")
				}
				if when == "Fit" {
					check(t, newUnion().Fit(ctx, X, nil))
				}
				_, err := newUnion().FitTransform(ctx, X, nil)
				check(t, err)
				if when == "Transform" {
					// Fit works (it does not call Transform); Transform panics.
					u := newUnion()
					require.NoError(t, u.Fit(ctx, X, nil))
					_, err := u.Transform(X)
					check(t, err)
					// Inside a pipeline, too.
					p := pipeline.Make(newUnion(), &lsq{})
					err = p.Fit(ctx, X, []float64{1, 2, 3, 4})
					check(t, err)
				}
			})
		}
	}
}

func TestCompositesRejectBadMatrices(t *testing.T) {
	t.Parallel()
	X := mat.NewDense(6, 2, []float64{1, 2, 2, 1, 3, 5, 4, 3, 5, 8, 6, 2})
	y := []float64{1, 2, 3, 4, 5, 7}
	fitted := map[string]estimator.Estimator{
		"Pipeline":     pipeline.Make(&scaler{}, &lsq{}),
		"Transformer":  pipeline.Make(&scaler{}, estimator.Passthrough),
		"Passthrough":  pipeline.Make(estimator.Passthrough),
		"FeatureUnion": pipeline.NewFeatureUnion(pipeline.Step{Name: "s", Est: &scaler{}}, pipeline.Step{Name: "r", Est: estimator.Passthrough}),
		"Union/raw":    pipeline.NewFeatureUnion(pipeline.Step{Name: "r", Est: estimator.Passthrough}),
		"TTR":          &pipeline.TransformedTargetRegressor{Regressor: &lsq{}, Transformer: &scaler{}},
		"TTR/func":     &pipeline.TransformedTargetRegressor{Regressor: &lsq{}, Func: math.Log1p, InverseFunc: math.Expm1},
	}
	for name, e := range fitted {
		require.NoError(t, e.Fit(ctx, X, y), name)
	}
	for name, m := range badMatrices() {
		for ename, e := range fitted {
			t.Run(ename+"/"+name, func(t *testing.T) {
				fresh := estimator.Clone(e)
				for _, y := range [][]float64{y, y[:0]} {
					err := fresh.Fit(ctx, m, y)
					require.Error(t, err, "Fit")
					assert.True(t, errors.Is(err, estimator.ErrInvalidData) || errors.Is(err, estimator.ErrShape), "Fit: %v", err)
				}
				if ft, ok := fresh.(estimator.FitTransformer); ok {
					_, err := ft.FitTransform(ctx, m, y)
					assert.Error(t, err, "FitTransform")
				}
				if p, ok := e.(estimator.Predictor); ok {
					if _, isPipe := e.(*pipeline.Pipeline); !isPipe || ename == "Pipeline" {
						_, err := p.Predict(m)
						assert.ErrorIs(t, err, estimator.ErrInvalidData, "Predict")
					}
				}
				if tr, ok := e.(estimator.Transformer); ok && ename != "Pipeline" {
					_, err := tr.Transform(m)
					assert.ErrorIs(t, err, estimator.ErrInvalidData, "Transform")
				}
				if it, ok := e.(estimator.InverseTransformer); ok && ename != "Pipeline" {
					_, err := it.InverseTransform(m)
					assert.ErrorIs(t, err, estimator.ErrInvalidData, "InverseTransform")
				}
			})
		}
	}
}

func TestCompositesRejectBadTargets(t *testing.T) {
	t.Parallel()
	X := mat.NewDense(3, 1, []float64{1, 2, 3})
	ests := map[string]func() estimator.Estimator{
		"Pipeline":     func() estimator.Estimator { return pipeline.Make(&scaler{}, &lsq{}) },
		"FeatureUnion": func() estimator.Estimator { return pipeline.NewFeatureUnion(pipeline.Step{Name: "s", Est: &scaler{}}) },
		"Passthrough":  func() estimator.Estimator { return pipeline.Make(estimator.Passthrough) },
		"TTR":          func() estimator.Estimator { return &pipeline.TransformedTargetRegressor{Regressor: &lsq{}} },
		"TTR/transformer": func() estimator.Estimator {
			return &pipeline.TransformedTargetRegressor{Regressor: &lsq{}, Transformer: &scaler{}}
		},
	}
	for name, newEst := range ests {
		t.Run(name, func(t *testing.T) {
			assert.ErrorIs(t, newEst().Fit(ctx, X, []float64{1, 2}), estimator.ErrShape, "short y")
			assert.ErrorIs(t, newEst().Fit(ctx, X, []float64{1, 2, 3, 4}), estimator.ErrShape, "long y")
			if name != "FeatureUnion" { // scaler ignores y, as scikit-learn's transformers do
				assert.ErrorIs(t, newEst().Fit(ctx, X, []float64{1, math.NaN(), 3}), estimator.ErrInvalidData, "NaN y")
				assert.ErrorIs(t, newEst().Fit(ctx, X, []float64{1, math.Inf(1), 3}), estimator.ErrInvalidData, "Inf y")
			}
		})
	}
}

// TestTransformedTargetRegressorZeroRows is the regression test for the panic of
// issue 8 (mat.NewDense with zero rows).
func TestTransformedTargetRegressorZeroRows(t *testing.T) {
	t.Parallel()
	for _, tr := range []estimator.Transformer{nil, &scaler{}} {
		ttr := &pipeline.TransformedTargetRegressor{Regressor: &lsq{}, Transformer: tr}
		assert.ErrorIs(t, ttr.Fit(ctx, &mat.Dense{}, []float64{}), estimator.ErrInvalidData)
		assert.ErrorIs(t, ttr.Fit(ctx, badMatrix{0, 3}, []float64{}), estimator.ErrInvalidData)
		assert.ErrorIs(t, ttr.Fit(ctx, mat.NewDense(1, 1, nil), nil), estimator.ErrInvalidData)
	}
}

func TestNilStepsAreErrors(t *testing.T) {
	t.Parallel()
	X := mat.NewDense(3, 1, []float64{1, 2, 3})
	y := []float64{1, 2, 4}
	for name, steps := range map[string][]pipeline.Step{
		"no steps":        nil,
		"nil final":       {{Name: "s", Est: &scaler{}}, {Name: "r", Est: nil}},
		"typed-nil step":  {{Name: "s", Est: (*scaler)(nil)}, {Name: "r", Est: &lsq{}}},
		"typed-nil final": {{Name: "s", Est: &scaler{}}, {Name: "r", Est: (*lsq)(nil)}},
	} {
		p := &pipeline.Pipeline{Steps: steps}
		err := p.Fit(ctx, X, y)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam, name)
		assert.Error(t, p.Validate(), name)
		_, err = p.Predict(X)
		assert.Error(t, err, name)
		_, err = p.Transform(X)
		assert.Error(t, err, name)
	}
	// Steps broken after Fit (by direct assignment) give errors, not nil dereferences.
	for name, set := range map[string]estimator.Estimator{"nil": nil, "typed nil": (*lsq)(nil), "typed-nil transformer": (*scaler)(nil)} {
		p := pipeline.Make(&scaler{}, &lsq{})
		require.NoError(t, p.Fit(ctx, X, y))
		if strings.Contains(name, "transformer") {
			p.Steps[0].Est = set
		} else {
			p.Steps[1].Est = set
		}
		_, err := p.Predict(X)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam, name)
		_, err = p.Transform(X)
		assert.Error(t, err, name)
		_, err = p.PredictProba(X)
		assert.Error(t, err, name)
		_, err = p.InverseTransform(X)
		assert.Error(t, err, name)
	}
	u := pipeline.NewFeatureUnion(pipeline.Step{Name: "s", Est: &scaler{}})
	require.NoError(t, u.Fit(ctx, X, nil))
	u.Branches[0].Est = (*scaler)(nil)
	_, err := u.Transform(X)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	u.Branches = nil
	_, err = u.Transform(X)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)

	ttr := &pipeline.TransformedTargetRegressor{Regressor: (*lsq)(nil)}
	assert.ErrorIs(t, ttr.Fit(ctx, X, y), estimator.ErrInvalidParam)
}

func TestNilOutputIsAnError(t *testing.T) {
	t.Parallel()
	X := mat.NewDense(3, 1, []float64{1, 2, 3})
	y := []float64{1, 2, 4}
	p := pipeline.Make(nilOut{}, &lsq{})
	assert.ErrorIs(t, p.Fit(ctx, X, y), estimator.ErrInvalidData)
	u := pipeline.NewFeatureUnion(pipeline.Step{Name: "n", Est: nilOut{}})
	_, err := u.FitTransform(ctx, X, y)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	require.NoError(t, u.Fit(ctx, X, y))
	_, err = u.Transform(X)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
}

// requireCyclePanic asserts that f panics with a *estimator.CycleError.
func requireCyclePanic(t *testing.T, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		p := recover()
		require.NotNil(t, p, "want a panic")
		err, ok := p.(error)
		require.True(t, ok, "panic value %v is not an error", p)
		var ce *estimator.CycleError
		assert.True(t, errors.As(err, &ce), "want a *estimator.CycleError, got %v", err)
	}()
	f()
}

func TestCyclesAreErrors(t *testing.T) {
	t.Parallel()
	X := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	y := []float64{1, 2, 3, 5}
	cyclic := map[string]func() estimator.Estimator{
		"pipeline contains itself": func() estimator.Estimator {
			p := pipeline.Make(&scaler{}, &lsq{})
			p.Steps[0].Est = p
			return p
		},
		"final step is the pipeline": func() estimator.Estimator {
			p := pipeline.Make(&scaler{}, &lsq{})
			p.Steps[1].Est = p
			return p
		},
		"union contains its parent": func() estimator.Estimator {
			u := pipeline.NewFeatureUnion(pipeline.Step{Name: "s", Est: &scaler{}})
			p := pipeline.Make(u, &lsq{})
			u.Branches = append(u.Branches, pipeline.Step{Name: "parent", Est: p})
			return p
		},
		"union contains itself": func() estimator.Estimator {
			u := pipeline.NewFeatureUnion(pipeline.Step{Name: "s", Est: &scaler{}})
			u.Branches = append(u.Branches, pipeline.Step{Name: "me", Est: u})
			return u
		},
		"ttr regressor contains the ttr": func() estimator.Estimator {
			ttr := &pipeline.TransformedTargetRegressor{}
			ttr.Regressor = pipeline.Make(&scaler{}, ttr)
			return ttr
		},
	}
	for name, build := range cyclic {
		t.Run(name, func(t *testing.T) {
			e := build()
			var ce *estimator.CycleError
			err := e.Fit(ctx, X, y)
			assert.True(t, errors.As(err, &ce), "Fit: want a *estimator.CycleError, got %v", err)
			assert.ErrorIs(t, err, estimator.ErrInvalidParam)
			err = e.(estimator.Validator).Validate()
			assert.True(t, errors.As(err, &ce), "Validate: want a *estimator.CycleError, got %v", err)
			if ft, ok := e.(estimator.FitTransformer); ok {
				_, err := ft.FitTransform(ctx, X, y)
				assert.True(t, errors.As(err, &ce), "FitTransform: want a *estimator.CycleError, got %v", err)
			}
			requireCyclePanic(t, func() { e.(estimator.Cloner).Clone() })
			requireCyclePanic(t, func() { estimator.Clone(e) })
			assert.Contains(t, fmt.Sprint(e), "<cycle>")
		})
	}
}

// TestCycleAfterFit: a cycle made by assignment after Fit makes Predict and Transform
// fail instead of recursing until the stack overflows (which kills the process).
func TestCycleAfterFit(t *testing.T) {
	t.Parallel()
	X := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	y := []float64{1, 2, 3, 5}
	p := pipeline.Make(&scaler{}, &lsq{})
	require.NoError(t, p.Fit(ctx, X, y))
	p.Steps[0].Est = p
	_, err := p.Predict(X)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	_, err = p.Transform(X)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)

	u := pipeline.NewFeatureUnion(pipeline.Step{Name: "s", Est: &scaler{}})
	q := pipeline.Make(u, &lsq{})
	require.NoError(t, q.Fit(ctx, X, y))
	u.Branches = append(u.Branches, pipeline.Step{Name: "parent", Est: q})
	_, err = q.Predict(X)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	_, err = u.Transform(X)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
}

func TestStrings(t *testing.T) {
	t.Parallel()
	p := pipeline.New(
		pipeline.Step{Name: "scale", Est: &scaler{NoMean: true}},
		pipeline.Step{Name: "skip", Est: estimator.Passthrough},
		pipeline.Step{Name: "union", Est: pipeline.NewFeatureUnion(
			pipeline.Step{Name: "a", Est: &scaler{}},
			pipeline.Step{Name: "b", Est: estimator.Drop},
		)},
		pipeline.Step{Name: "ttr", Est: &pipeline.TransformedTargetRegressor{Regressor: &lsq{Alpha: 2}, NoCheckInverse: true}},
	)
	s := p.String()
	assert.NotContains(t, s, "0x", "String prints settings, not pointers")
	for _, want := range []string{"pipeline.Pipeline{", `"scale"`, "NoMean: true", "pipeline.FeatureUnion{", "pipeline.TransformedTargetRegressor{", "Alpha: 2", "NoCheckInverse: true"} {
		assert.Contains(t, s, want)
	}
	assert.Equal(t, s, fmt.Sprint(p))
	assert.Equal(t, "pipeline.TransformedTargetRegressor{}", (&pipeline.TransformedTargetRegressor{}).String())
	u := &pipeline.FeatureUnion{Workers: 2}
	assert.Equal(t, "pipeline.FeatureUnion{Workers: 2}", u.String())
}

// TestStringsAfterBrokenSteps: TransformStrings and MapStrings on a pipeline whose
// steps were emptied or set to nil after FitStrings return errors.
func TestStringsAfterBrokenSteps(t *testing.T) {
	t.Parallel()
	cols := [][]string{{"a", "b", "a"}}
	for name, steps := range map[string][]pipeline.Step{
		"no steps":       nil,
		"typed-nil step": {{Name: "m", Est: (*preprocess.SimpleImputer)(nil)}},
	} {
		p := pipeline.Make(&preprocess.SimpleImputer{Strategy: preprocess.StrategyMostFrequent})
		require.NoError(t, p.FitStrings(ctx, cols, nil), name)
		p.Steps = steps
		_, err := p.MapStrings(cols)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam, name)
		_, err = p.TransformStrings(cols)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam, name)
	}
}
