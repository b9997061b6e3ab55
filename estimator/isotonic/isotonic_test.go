package isotonic

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

// oneColumn returns a one-feature regression problem with ties.
func oneColumn(n int) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(3, 5))
	X := mat.NewDense(n, 1, nil)
	y := make([]float64, n)
	for i := range y {
		x := math.Round(rng.Float64()*40) / 10
		X.Set(i, 0, x)
		y[i] = x*x + rng.NormFloat64()
	}
	return X, y
}

func TestConformance(t *testing.T) {
	X, y := oneColumn(60)
	for name, mk := range map[string]func() estimator.Estimator{
		"default": func() estimator.Estimator { return &IsotonicRegression{} },
		"auto-clip": func() estimator.Estimator {
			return &IsotonicRegression{Increasing: IncreasingAuto, OutOfBounds: OutOfBoundsClip}
		},
		"decreasing": func() estimator.Estimator { return &IsotonicRegression{Increasing: IncreasingFalse, YMin: ptr(0.5)} },
	} {
		t.Run(name, func(t *testing.T) { estimatortest.Run(t, mk, estimatortest.WithData(X, y)) })
	}
}

func ptr(v float64) *float64 { return &v }

type golden struct {
	X, Y, W     []float64
	Params      map[string]any
	XThresholds []float64 `json:"x_thresholds"`
	YThresholds []float64 `json:"y_thresholds"`
	XMin        float64   `json:"x_min"`
	XMax        float64   `json:"x_max"`
	Increasing  bool
	Test        []float64
	Pred        []*float64
}

func (g *golden) model(t *testing.T) *IsotonicRegression {
	m := &IsotonicRegression{}
	for k, v := range g.Params {
		switch k {
		case "y_min":
			m.YMin = ptr(v.(float64))
		case "y_max":
			m.YMax = ptr(v.(float64))
		case "increasing":
			switch v {
			case false:
				m.Increasing = IncreasingFalse
			case "auto":
				m.Increasing = IncreasingAuto
			default:
				t.Fatalf("increasing %v", v)
			}
		case "out_of_bounds":
			m.OutOfBounds = OutOfBounds(v.(string))
		default:
			t.Fatalf("unknown param %s", k)
		}
	}
	return m
}

// TestSklearn compares thresholds and predictions with scikit-learn 1.2.1. The
// algorithm performs the same floating-point operations in the same order (the sort
// is stable by (x, y) as numpy's lexsort, the block sums of pool adjacent violators
// and scipy's interpolation formula are copied), so thresholds agree exactly and
// predictions within 1e-12 (absolute, values of order 1–10).
func TestSklearn(t *testing.T) {
	raw := testutil.Golden(t, "testdata/isotonic.json")
	names := []string{"ties_weights_increasing", "ties_weights_decreasing", "ties_weights_auto_down",
		"ties_weights_auto_up", "ties_unweighted", "ties_clip", "ties_raise", "bounds", "bounds_decreasing",
		"ymin_only", "near_duplicates", "single_x", "single_x_raise", "large", "auto_constant_y"}
	cases := map[string]*golden{}
	for _, name := range names {
		var c golden
		raw.Decode(name, &c)
		cases[name] = &c
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			m := c.model(t)
			X := mat.NewDense(len(c.X), 1, append([]float64(nil), c.X...))
			require.NoError(t, m.FitWeighted(context.Background(), X, c.Y, c.W))
			assert.Equal(t, c.XThresholds, m.XThresholds())
			assert.InDeltaSlice(t, c.YThresholds, m.YThresholds(), 1e-12)
			assert.Equal(t, c.XMin, m.XMin())
			assert.Equal(t, c.XMax, m.XMax())
			assert.Equal(t, c.Increasing, m.FittedIncreasing())
			pred, err := m.PredictSlice(c.Test)
			require.NoError(t, err)
			require.Len(t, pred, len(c.Pred))
			for i, want := range c.Pred {
				if want == nil {
					assert.True(t, math.IsNaN(pred[i]), "x=%v: got %v, want NaN", c.Test[i], pred[i])
					continue
				}
				assert.InDelta(t, *want, pred[i], 1e-12, "x=%v", c.Test[i])
			}
			// FitXY gives the same model.
			m2 := c.model(t)
			require.NoError(t, m2.FitXYWeighted(context.Background(), c.X, c.Y, c.W))
			assert.Equal(t, m.YThresholds(), m2.YThresholds())
		})
	}
}

func TestRaiseOutOfBounds(t *testing.T) {
	m := &IsotonicRegression{OutOfBounds: OutOfBoundsRaise}
	require.NoError(t, m.FitXY(context.Background(), []float64{0, 1, 2}, []float64{0, 2, 1}))
	_, err := m.PredictSlice([]float64{1, 2.5})
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.ErrorContains(t, err, "outside the training range")
	p, err := m.PredictSlice([]float64{0, 0.5, 2})
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 0.75, 1.5}, p)
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	m := &IsotonicRegression{}
	_, err := m.PredictSlice([]float64{1})
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	assert.ErrorIs(t, m.Fit(ctx, mat.NewDense(3, 2, nil), []float64{1, 2, 3}), estimator.ErrShape)
	assert.ErrorIs(t, m.FitXY(ctx, []float64{1, 2}, []float64{1}), estimator.ErrShape)
	assert.ErrorIs(t, m.FitXY(ctx, nil, nil), estimator.ErrInvalidData)
	assert.ErrorIs(t, m.FitXY(ctx, []float64{1, math.NaN()}, []float64{1, 2}), estimator.ErrInvalidData)
	assert.ErrorIs(t, m.FitXY(ctx, []float64{1, 2}, []float64{1, math.Inf(1)}), estimator.ErrInvalidData)
	x, y := []float64{1, 2, 3}, []float64{1, 3, 2}
	assert.ErrorIs(t, m.FitXYWeighted(ctx, x, y, []float64{1, -1, 1}), estimator.ErrInvalidData)
	assert.ErrorIs(t, m.FitXYWeighted(ctx, x, y, []float64{0, 0, 0}), estimator.ErrInvalidData)
	assert.ErrorIs(t, m.FitXYWeighted(ctx, x, y, []float64{1, 1}), estimator.ErrShape)
	assert.ErrorIs(t, m.FitXYWeighted(ctx, x, y, []float64{1, math.NaN(), 1}), estimator.ErrInvalidData)
	assert.Nil(t, m.XThresholds(), "failed fits leave the model unfitted")

	for _, bad := range []*IsotonicRegression{
		{YMin: ptr(math.NaN())}, {YMax: ptr(math.NaN())}, {YMin: ptr(2), YMax: ptr(1)},
		{Increasing: "yes"}, {OutOfBounds: "wrap"},
	} {
		err := bad.FitXY(ctx, x, y)
		var pe *estimator.ParamError
		assert.True(t, errors.As(err, &pe), "%v: %v", bad, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, m.FitXY(cancelled, x, y), context.Canceled)

	require.NoError(t, m.FitXY(ctx, x, y))
	_, err = m.Predict(mat.NewDense(2, 2, nil))
	assert.ErrorIs(t, err, estimator.ErrShape)
	_, err = m.PredictSlice([]float64{math.NaN()})
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = m.PredictSlice(nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
}

func TestInputsUntouched(t *testing.T) {
	x := []float64{3, 1, 2, 2, 5}
	y := []float64{1, 4, 2, 3, 0}
	w := []float64{1, 2, 0, 1, 1}
	xc, yc, wc := append([]float64(nil), x...), append([]float64(nil), y...), append([]float64(nil), w...)
	m := &IsotonicRegression{Increasing: IncreasingAuto}
	require.NoError(t, m.FitXYWeighted(context.Background(), x, y, w))
	assert.Equal(t, xc, x)
	assert.Equal(t, yc, y)
	assert.Equal(t, wc, w)
	out := Regression(y, w[:5], math.Inf(-1), math.Inf(1), true)
	assert.Equal(t, yc, y)
	assert.Len(t, out, 5)
}

func TestRegressionFunction(t *testing.T) {
	// Hand-worked pool adjacent violators: (1, 3, 2) pools the last two to 2.5.
	assert.Equal(t, []float64{1, 2.5, 2.5}, Regression([]float64{1, 3, 2}, nil, math.Inf(-1), math.Inf(1), true))
	// Weighted: 3 (weight 1) and 2 (weight 3) pool to 2.25.
	assert.Equal(t, []float64{1, 2.25, 2.25}, Regression([]float64{1, 3, 2}, []float64{1, 1, 3}, math.Inf(-1), math.Inf(1), true))
	// Decreasing: 1 and 1.5 pool to 1.25, then 3 is clipped to 2.
	assert.Equal(t, []float64{2, 1.25, 1.25}, Regression([]float64{3, 1, 1.5}, nil, 0, 2, false))
	assert.True(t, CheckIncreasing([]float64{1, 2, 3}, []float64{1, 1, 2}))
	assert.False(t, CheckIncreasing([]float64{1, 2, 3}, []float64{3, 1, 2}))
	assert.False(t, CheckIncreasing([]float64{1, 2, 3}, []float64{2, 2, 2}))
}

func TestSaveLoadAndForgedState(t *testing.T) {
	X, y := oneColumn(40)
	m := &IsotonicRegression{OutOfBounds: OutOfBoundsClip, YMax: ptr(10)}
	require.NoError(t, m.Fit(context.Background(), X, y))
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, m))
	loaded := &IsotonicRegression{}
	require.NoError(t, estimator.Load(bytes.NewReader(buf.Bytes()), loaded))
	assert.Equal(t, m.OutOfBounds, loaded.OutOfBounds)
	require.NotNil(t, loaded.YMax)
	assert.Equal(t, 10.0, *loaded.YMax)
	test := []float64{-1, 0.35, 2, 9}
	a, _ := m.PredictSlice(test)
	b, err := loaded.PredictSlice(test)
	require.NoError(t, err)
	assert.Equal(t, a, b)

	for name, f := range map[string]*isoFit{
		"empty":        {},
		"lengths":      {XThresholds: []float64{1, 2}, YThresholds: []float64{1}, XMin: 1, XMax: 2, Increasing: true},
		"unsorted":     {XThresholds: []float64{2, 1}, YThresholds: []float64{1, 2}, XMin: 2, XMax: 1, Increasing: true},
		"not monotone": {XThresholds: []float64{1, 2}, YThresholds: []float64{2, 1}, XMin: 1, XMax: 2, Increasing: true},
		"bad range":    {XThresholds: []float64{1, 2}, YThresholds: []float64{1, 2}, XMin: 0, XMax: 2, Increasing: true},
		"nan":          {XThresholds: []float64{1, 2}, YThresholds: []float64{1, math.NaN()}, XMin: 1, XMax: 2, Increasing: true},
	} {
		b, err := estimator.EncodeState(isoStateVersion, f)
		require.NoError(t, err)
		dst := &IsotonicRegression{}
		assert.ErrorIs(t, dst.UnmarshalState(b), estimator.ErrState, name)
		assert.Nil(t, dst.fit, name)
	}
}

// TestComposes fits a scaler + isotonic pipeline, cross-validates it and grid-searches
// a nested parameter.
func TestComposes(t *testing.T) {
	X, y := oneColumn(100)
	pipe := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "iso", Est: &IsotonicRegression{OutOfBounds: OutOfBoundsClip}},
	)
	scores, err := crossval.Score(context.Background(), pipe, X, y, crossval.KFold{K: 5, Shuffle: true, Seed: 1}, metrics.R2)
	require.NoError(t, err)
	for _, s := range scores {
		assert.Greater(t, s, 0.8)
	}
	search := &tuning.Search{
		Estimator: pipe,
		Space:     tuning.Grid{{Param: "iso.Increasing", Values: tuning.Values(IncreasingTrue, IncreasingFalse)}},
		CV:        crossval.KFold{K: 3, Shuffle: true, Seed: 2},
		Scoring:   metrics.R2,
		Workers:   1,
	}
	require.NoError(t, search.Fit(context.Background(), X, y))
	assert.Equal(t, IncreasingTrue, search.Best().Params["iso.Increasing"])
	// As an intermediate pipeline step (Transform).
	pipe2 := pipeline.New(
		pipeline.Step{Name: "iso", Est: &IsotonicRegression{OutOfBounds: OutOfBoundsClip}},
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
	)
	out, err := estimator.FitTransform(context.Background(), pipe2, X, y)
	require.NoError(t, err)
	r, c := out.Dims()
	assert.Equal(t, []int{100, 1}, []int{r, c})
}
