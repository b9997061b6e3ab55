package pipeline_test

// Forged learned state: a model file is untrusted input, and a valid checksum proves
// nothing (anyone can re-seal a file). Every UnmarshalState must refuse state that
// Predict or Transform could not use, with an error wrapping estimator.ErrState, and
// leave the receiver as it was.

import (
	"bytes"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/pipeline"
)

// reseal replaces the learned state of the node at path in a model file written by
// estimator.Save and writes a new header and checksum, as an attacker would.
func reseal(t *testing.T, file []byte, path string, state []byte) []byte {
	return estimatortest.EditFile(t, file, estimatortest.SetState(path, state))
}

func encode(t *testing.T, version uint32, v any) []byte {
	t.Helper()
	b, err := estimator.EncodeState(version, v)
	require.NoError(t, err)
	return b
}

var stateX = mat.NewDense(5, 2, []float64{1, 2, 2, 1, 3, 5, 4, 3, 6, 2})
var stateY = []float64{1, 2, 3, 4, 6}

func TestPipelineForgedState(t *testing.T) {
	t.Parallel()
	newModel := func() *pipeline.Pipeline { return pipeline.Make(&scaler{}, &lsq{}) }
	p := newModel()
	require.NoError(t, p.Fit(ctx, stateX, stateY))
	want, err := p.Predict(stateX)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, p))
	file := buf.Bytes()

	forged := map[string][]byte{
		"no features":       encode(t, pipeline.PipelineStateVersion, &pipeline.PipelineFit{NFeatures: 0}),
		"negative features": encode(t, pipeline.PipelineStateVersion, &pipeline.PipelineFit{NFeatures: -2}),
		"absurd features":   encode(t, pipeline.PipelineStateVersion, &pipeline.PipelineFit{NFeatures: pipeline.MaxStateFeatures + 1}),
		"other version":     encode(t, pipeline.PipelineStateVersion+1, &pipeline.PipelineFit{NFeatures: 2}),
		"no header":         []byte("\x0f\xff\x81\x03\x01\x01\x0bpipelineFit"),
		"garbage":           append([]byte("skgo-state\x01"), 0xff, 0xfe, 0x00),
	}
	for name, b := range forged {
		t.Run(name, func(t *testing.T) {
			err := p.UnmarshalState(b)
			require.ErrorIs(t, err, estimator.ErrState)
			got, err := p.Predict(stateX)
			require.NoError(t, err, "the receiver is unchanged")
			assert.Equal(t, want, got)

			dst := newModel()
			err = estimator.Load(bytes.NewReader(reseal(t, file, "", b)), dst)
			require.ErrorIs(t, err, estimator.ErrState)
			_, err = dst.Predict(stateX)
			assert.ErrorIs(t, err, estimator.ErrNotFitted, "Load leaves dst untouched")
		})
	}
	// The re-sealing itself is sound: the unchanged state loads.
	st, err := p.MarshalState()
	require.NoError(t, err)
	dst := newModel()
	require.NoError(t, estimator.Load(bytes.NewReader(reseal(t, file, "", st)), dst))
	got, err := dst.Predict(stateX)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	// A forged state of a step is refused by the step's own check.
	bad := encode(t, 1, &lsqFit{Coef: []float64{1}, NFeatures: 2})
	require.ErrorIs(t, estimator.Load(bytes.NewReader(reseal(t, file, "lsq", bad)), newModel()), estimator.ErrState)
}

func TestFeatureUnionForgedState(t *testing.T) {
	t.Parallel()
	newModel := func() *pipeline.FeatureUnion {
		return pipeline.NewFeatureUnion(pipeline.Step{Name: "s", Est: &scaler{}}, pipeline.Step{Name: "r", Est: estimator.Passthrough})
	}
	u := newModel()
	require.NoError(t, u.Fit(ctx, stateX, nil))
	want, err := u.Transform(stateX)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, u))
	file := buf.Bytes()
	for name, b := range map[string][]byte{
		"no features":     encode(t, pipeline.UnionStateVersion, &pipeline.UnionFit{NFeatures: 0}),
		"absurd features": encode(t, pipeline.UnionStateVersion, &pipeline.UnionFit{NFeatures: math.MaxInt}),
		"other version":   encode(t, pipeline.UnionStateVersion+1, &pipeline.UnionFit{NFeatures: 2}),
	} {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, u.UnmarshalState(b), estimator.ErrState)
			got, err := u.Transform(stateX)
			require.NoError(t, err, "the receiver is unchanged")
			assert.True(t, mat.Equal(want, got))

			dst := newModel()
			require.ErrorIs(t, estimator.Load(bytes.NewReader(reseal(t, file, "", b)), dst), estimator.ErrState)
			_, err = dst.Transform(stateX)
			assert.ErrorIs(t, err, estimator.ErrNotFitted, "Load leaves dst untouched")
		})
	}
}

func TestTransformedTargetRegressorForgedState(t *testing.T) {
	t.Parallel()
	newModel := func() *pipeline.TransformedTargetRegressor {
		return &pipeline.TransformedTargetRegressor{Regressor: &lsq{}, Transformer: &scaler{}}
	}
	ttr := newModel()
	require.NoError(t, ttr.Fit(ctx, stateX, stateY))
	want, err := ttr.Predict(stateX)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, ttr))
	file := buf.Bytes()

	// The saved parts, and forged ones.
	save := func(e estimator.Estimator) []byte {
		var b bytes.Buffer
		require.NoError(t, estimator.Save(&b, e))
		return b.Bytes()
	}
	fittedReg := &lsq{}
	require.NoError(t, fittedReg.Fit(ctx, stateX, stateY))
	fittedTr := &scaler{}
	require.NoError(t, fittedTr.Fit(ctx, mat.NewDense(5, 1, stateY), nil))
	goodReg, goodTr := save(fittedReg), save(fittedTr)
	// An lsq whose coefficients are shorter than its NFeatures, re-sealed.
	shortCoef := reseal(t, goodReg, "", encode(t, 1, &lsqFit{Coef: []float64{1}, NFeatures: 2}))
	// A scaler with a zero scale, re-sealed.
	zeroScale := reseal(t, goodTr, "", encode(t, 1, &scalerFit{Mean: []float64{0}, Scale: []float64{0}, NFeatures: 1}))

	forged := map[string][]byte{
		"no regressor":      encode(t, pipeline.TargetStateVersion, &pipeline.TargetState{Transformer: goodTr}),
		"garbage regressor": encode(t, pipeline.TargetStateVersion, &pipeline.TargetState{Regressor: []byte("skgo-model\nxx"), Transformer: goodTr}),
		"regressor of a different type": encode(t, pipeline.TargetStateVersion,
			&pipeline.TargetState{Regressor: goodTr, Transformer: goodTr}),
		"forged regressor state":   encode(t, pipeline.TargetStateVersion, &pipeline.TargetState{Regressor: shortCoef, Transformer: goodTr}),
		"forged transformer state": encode(t, pipeline.TargetStateVersion, &pipeline.TargetState{Regressor: goodReg, Transformer: zeroScale}),
		"missing transformer":      encode(t, pipeline.TargetStateVersion, &pipeline.TargetState{Regressor: goodReg}),
		"other version":            encode(t, pipeline.TargetStateVersion+1, &pipeline.TargetState{Regressor: goodReg, Transformer: goodTr}),
	}
	for name, b := range forged {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, ttr.UnmarshalState(b), estimator.ErrState)
			got, err := ttr.Predict(stateX)
			require.NoError(t, err, "the receiver is unchanged")
			assert.Equal(t, want, got)

			dst := newModel()
			require.ErrorIs(t, estimator.Load(bytes.NewReader(reseal(t, file, "", b)), dst), estimator.ErrState)
			_, err = dst.Predict(stateX)
			assert.ErrorIs(t, err, estimator.ErrNotFitted, "Load leaves dst untouched")
		})
	}
	// A fitted transformer in a file whose skeleton has none.
	noTr := &pipeline.TransformedTargetRegressor{Regressor: &lsq{}, Func: math.Cbrt, InverseFunc: func(v float64) float64 { return v * v * v }}
	good := encode(t, pipeline.TargetStateVersion, &pipeline.TargetState{Regressor: goodReg, Transformer: goodTr})
	require.ErrorIs(t, noTr.UnmarshalState(good), estimator.ErrState)
	// The unforged parts load.
	fresh := newModel()
	require.NoError(t, fresh.UnmarshalState(good))
	_, err = fresh.Predict(stateX)
	require.NoError(t, err)
}
