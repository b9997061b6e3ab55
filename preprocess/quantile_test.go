package preprocess

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/tuning"
)

func TestQuantileTransformerConformance(t *testing.T) {
	for _, o := range []QuantileOutput{"", QuantileNormal} {
		t.Run(string(o), func(t *testing.T) {
			estimatortest.Run(t, func() estimator.Estimator { return &QuantileTransformer{OutputDistribution: o, NQuantiles: 20} },
				estimatortest.Unsupervised(), estimatortest.AllowNaN())
		})
	}
	t.Run("subsample", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator { return &QuantileTransformer{NQuantiles: 10, Subsample: 30, Seed: 4} },
			estimatortest.Unsupervised(), estimatortest.AllowNaN())
	})
}

// TestQuantileTransformerMatchesScikitLearn compares quantiles, references,
// transforms (both output distributions, values inside, at and beyond the fitted
// range, NaN) and inverse transforms with scikit-learn 1.2.1, on data with heavy
// ties (repeated quantiles, where the up and down interpolations are averaged), with
// missing values, with n_quantiles from 2 to the default 1000 (lowered to the number
// of rows) and on the Boston data. Tolerance 1e-10 relative (absolute below 1): the
// steps are numpy's percentile and interp formulas; only Φ and Φ⁻¹ (AS241 and Go's
// erf against cephes) differ in the last bits. The largest difference is logged.
func TestQuantileTransformerMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/quantile.json")
	test := powerGoldenX(t, g, "X/test")
	worst := 0.0
	track := func(want, got *mat.Dense) {
		r, c := want.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				if a := want.At(i, j); !math.IsNaN(a) {
					worst = math.Max(worst, math.Abs(a-got.At(i, j))/math.Max(1, math.Abs(a)))
				}
			}
		}
	}
	for _, tc := range []struct {
		name string
		X    string
		nq   int
	}{
		{"default", "X/train", 0}, {"q10", "X/train", 10}, {"q7", "X/train", 7}, {"q2", "X/train", 2},
		{"nan", "X/train_nan", 50}, {"nan_default", "X/train_nan", 0},
	} {
		for _, dist := range []QuantileOutput{QuantileUniform, QuantileNormal} {
			key := tc.name + "/" + string(dist)
			t.Run(key, func(t *testing.T) {
				X := powerGoldenX(t, g, tc.X)
				X0 := mat.DenseCopyOf(X)
				q := &QuantileTransformer{NQuantiles: tc.nq, OutputDistribution: dist}
				fitOut, err := q.FitTransform(context.Background(), X, nil)
				require.NoError(t, err)
				assert.Equal(t, fmt.Sprint(X0.RawMatrix().Data), fmt.Sprint(X.RawMatrix().Data), "X unchanged")
				assert.Equal(t, int(g.Float(key+"/nquantiles")), q.NQuantilesOut())
				numClose(t, g.Floats(key+"/references"), q.References(), 0, "references")
				var wantQ [][]float64
				g.Decode(key+"/quantiles", &wantQ)
				for j, qs := range q.Quantiles() {
					numClose(t, wantQ[j], qs, 1e-12, fmt.Sprintf("quantiles of feature %d", j))
				}
				want := powerGoldenX(t, g, key+"/fit_transform")
				numCloseMat(t, want, fitOut, 1e-10, "FitTransform")
				track(want, fitOut)
				out, err := q.Transform(test)
				require.NoError(t, err)
				want = powerGoldenX(t, g, key+"/transform")
				numCloseMat(t, want, out, 1e-10, "transform")
				track(want, out)
				invIn := powerGoldenX(t, g, "X/inv_"+string(dist))
				inv, err := q.InverseTransform(invIn)
				require.NoError(t, err)
				want = powerGoldenX(t, g, key+"/inverse")
				numCloseMat(t, want, inv, 1e-10, "inverse")
				track(want, inv)
			})
		}
	}
	for _, dist := range []QuantileOutput{QuantileUniform, QuantileNormal} {
		t.Run("boston/"+string(dist), func(t *testing.T) {
			X := datasets.Boston().X
			q := &QuantileTransformer{NQuantiles: 100, OutputDistribution: dist}
			require.NoError(t, q.Fit(context.Background(), X, nil))
			var wantQ [][]float64
			g.Decode("boston/"+string(dist)+"/quantiles", &wantQ)
			for j, qs := range q.Quantiles() {
				numClose(t, wantQ[j], qs, 1e-12, fmt.Sprintf("quantiles of feature %d", j))
			}
			rows := mat.NewDense(102, 13, nil)
			for i := 0; i < 102; i++ {
				rows.SetRow(i, X.RawRowView(5*i))
			}
			out, err := q.Transform(rows)
			require.NoError(t, err)
			want := g.Matrix("boston/" + string(dist) + "/transform")
			numCloseMat(t, want, out, 1e-10, "transform")
			track(want, out)
			inv, err := q.InverseTransform(out)
			require.NoError(t, err)
			want = g.Matrix("boston/" + string(dist) + "/inverse")
			numCloseMat(t, want, inv, 1e-10, "inverse")
			track(want, inv)
		})
	}
	t.Run("constant", func(t *testing.T) {
		q := &QuantileTransformer{NQuantiles: 3}
		require.NoError(t, q.Fit(context.Background(), g.Matrix("X/const"), nil))
		var wantQ [][]float64
		g.Decode("const/quantiles", &wantQ)
		assert.Equal(t, wantQ, q.Quantiles())
		out, err := q.Transform(mat.NewDense(3, 2, []float64{1, 0, 2, 2.5, 3, 9}))
		require.NoError(t, err)
		numCloseMat(t, g.Matrix("const/transform"), out, 1e-12, "transform")
	})
	t.Run("one row", func(t *testing.T) {
		q := &QuantileTransformer{OutputDistribution: QuantileNormal}
		require.NoError(t, q.Fit(context.Background(), mat.NewDense(1, 2, []float64{4, -1}), nil))
		assert.Equal(t, 1, q.NQuantilesOut())
		out, err := q.Transform(mat.NewDense(3, 2, []float64{3, -1, 4, 0, 5, -2}))
		require.NoError(t, err)
		numCloseMat(t, g.Matrix("one/transform"), out, 1e-10, "transform")
		inv, err := q.InverseTransform(mat.NewDense(2, 2, []float64{0, -1, 3, 1}))
		require.NoError(t, err)
		numCloseMat(t, g.Matrix("one/inverse"), inv, 1e-10, "inverse")
	})
	t.Logf("largest relative difference from scikit-learn: %.3g", worst)
}

// TestQuantileTransformerNormal checks Φ⁻¹ and the clipping bounds against scipy
// 1.10's ndtri (values printed by scipy.special.ndtri; AS241 agrees with cephes to
// a few ulps), and Φ⁻¹ against Φ.
func TestQuantileTransformerNormal(t *testing.T) {
	// scipy.stats.norm.ppf(1e-7 - np.spacing(1)) and norm.ppf(1 - (1e-7 - np.spacing(1))).
	assert.InEpsilon(t, -5.199337582605575, quantileClipMin, 1e-15)
	assert.InEpsilon(t, 5.19933758270342, quantileClipMax, 1e-15)
	for p, want := range map[float64]float64{
		1e-300: -37.0470962993612, 1e-20: -9.262340089798409, 1e-7: -5.1993375821928165,
		0.01: -2.3263478740408408, 0.2: -0.8416212335729142, 0.425: -0.18911842627279252,
		0.6: 0.2533471031357997, 0.9: 1.2815515655446004, 0.999: 3.090232306167813,
		1 - 1e-12: 7.0344869100478356,
	} {
		x := quantileNormPPF(p)
		assert.InEpsilon(t, want, x, 1e-15, "Φ⁻¹(%v)", p)
		assert.InEpsilon(t, p, quantileNormCDF(x), 1e-12, "Φ(Φ⁻¹(%v))", p)
	}
	assert.True(t, math.IsInf(quantileNormPPF(0), -1))
	assert.True(t, math.IsInf(quantileNormPPF(1), 1))
	assert.True(t, math.IsNaN(quantileNormPPF(1.5)))
	assert.Equal(t, 0.0, quantileNormPPF(0.5))
}

func TestQuantileTransformerErrors(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(4, 2, []float64{1, 2, 3, 4, 5, 6, 7, 9})
	for _, q := range []*QuantileTransformer{
		{NQuantiles: -1}, {NQuantiles: QuantileMaxQuantiles + 1}, {Subsample: -5},
		{NQuantiles: 100, Subsample: 50}, {Subsample: 999}, {OutputDistribution: "laplace"},
	} {
		err := q.Fit(ctx, X, nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam, "%+v", *q)
		var pe *estimator.ParamError
		assert.ErrorAs(t, err, &pe)
	}
	allNaN := mat.NewDense(3, 2, []float64{1, math.NaN(), 2, math.NaN(), 3, math.NaN()})
	assert.ErrorIs(t, (&QuantileTransformer{}).Fit(ctx, allNaN, nil), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&QuantileTransformer{}).Fit(ctx, mat.NewDense(2, 1, []float64{1, math.Inf(-1)}), nil), estimator.ErrInvalidData)
	q := &QuantileTransformer{}
	_, err := q.Transform(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	require.NoError(t, q.Fit(ctx, X, nil))
	_, err = q.InverseTransform(mat.NewDense(1, 3, nil))
	assert.ErrorIs(t, err, estimator.ErrShape)
	_, err = q.Transform(mat.NewDense(1, 2, []float64{math.Inf(1), 0}))
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, (&QuantileTransformer{}).Fit(cctx, X, nil), context.Canceled)
	// Saved state: more quantiles than NQuantiles, and forged fits.
	b, err := q.MarshalState()
	require.NoError(t, err)
	assert.ErrorIs(t, (&QuantileTransformer{NQuantiles: 3}).UnmarshalState(b), estimator.ErrState)
	for name, f := range map[string]*quantileFit{
		"refs":       {NFeatures: 1, References: []float64{0, 0.4, 1}, Quantiles: [][]float64{{1, 2, 3}}},
		"decreasing": {NFeatures: 1, References: []float64{0, 0.5, 1}, Quantiles: [][]float64{{1, 3, 2}}},
		"length":     {NFeatures: 1, References: []float64{0, 0.5, 1}, Quantiles: [][]float64{{1, 2}}},
		"nan":        {NFeatures: 1, References: []float64{0, 0.5, 1}, Quantiles: [][]float64{{1, math.NaN(), 3}}},
		"features":   {NFeatures: 2, References: []float64{0, 0.5, 1}, Quantiles: [][]float64{{1, 2, 3}}},
		"empty":      {NFeatures: 1, Quantiles: [][]float64{{}}},
	} {
		assert.Error(t, f.Check(), name)
	}
}

// TestQuantileTransformerSubsample checks the subsampled fit: deterministic for a
// Seed, different across seeds, close to the full-data quantiles, and unused when
// the data fit in Subsample.
func TestQuantileTransformerSubsample(t *testing.T) {
	ctx := context.Background()
	X := datasets.Boston().X
	full := &QuantileTransformer{NQuantiles: 20}
	require.NoError(t, full.Fit(ctx, X, nil))
	a := &QuantileTransformer{NQuantiles: 20, Subsample: 300, Seed: 1}
	b := &QuantileTransformer{NQuantiles: 20, Subsample: 300, Seed: 1}
	c := &QuantileTransformer{NQuantiles: 20, Subsample: 300, Seed: 2}
	for _, q := range []*QuantileTransformer{a, b, c} {
		require.NoError(t, q.Fit(ctx, X, nil))
	}
	assert.Equal(t, a.Quantiles(), b.Quantiles())
	assert.NotEqual(t, a.Quantiles(), c.Quantiles())
	// Medians of the subsample are within the full data's 35th–65th percentiles.
	fq := full.Quantiles()
	for j, qs := range a.Quantiles() {
		assert.GreaterOrEqual(t, qs[10], fq[j][6], "feature %d", j)
		assert.LessOrEqual(t, qs[9], fq[j][13], "feature %d", j)
	}
	big := &QuantileTransformer{NQuantiles: 20, Subsample: 506, Seed: 9}
	require.NoError(t, big.Fit(ctx, X, nil))
	assert.Equal(t, full.Quantiles(), big.Quantiles(), "no subsampling when n <= Subsample")
}

// TestQuantileTransformerComposes runs the transformer in a pipeline, searches
// NQuantiles and OutputDistribution by their paths, and round-trips the fitted
// pipeline through Save and Load.
func TestQuantileTransformerComposes(t *testing.T) {
	ctx := context.Background()
	d := datasets.Boston()
	newPipe := func() *pipeline.Pipeline {
		return pipeline.New(
			pipeline.Step{Name: "quantile", Est: &QuantileTransformer{OutputDistribution: QuantileNormal}},
			pipeline.Step{Name: "ridge", Est: &linear.Ridge{Alpha: 1}},
		)
	}
	s := &tuning.Search{
		Estimator: newPipe(),
		Space: tuning.Grid{
			{Param: "quantile.NQuantiles", Values: tuning.Values(10, 100)},
			{Param: "quantile.OutputDistribution", Values: tuning.Values("uniform", "normal")},
		},
		CV:      crossval.KFold{K: 3},
		Scoring: metrics.R2,
	}
	require.NoError(t, s.Fit(ctx, d.X, d.Y))
	require.Len(t, s.Results(), 4)
	p := newPipe()
	require.NoError(t, p.Fit(ctx, d.X, d.Y))
	want, err := p.Predict(d.X)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, p))
	dst := newPipe()
	require.NoError(t, estimator.Load(&buf, dst))
	got, err := dst.Predict(d.X)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, p.Step("quantile").(*QuantileTransformer).Quantiles(), dst.Step("quantile").(*QuantileTransformer).Quantiles())
}
