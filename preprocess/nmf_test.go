package preprocess

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/tuning"
)

// nmfData is estimatortest's kind of data, made non-negative.
func nmfData() *mat.Dense {
	X := mat.NewDense(40, 5, nil)
	for i := 0; i < 40; i++ {
		for j := 0; j < 5; j++ {
			X.Set(i, j, math.Abs(math.Sin(float64(3*i+7*j)))*float64(1+j%3))
		}
	}
	return X
}

func TestNMFConformance(t *testing.T) {
	X := nmfData()
	for _, mk := range []func() *NMF{
		func() *NMF { return &NMF{NComponents: 2} },
		func() *NMF { return &NMF{NComponents: 3, Init: "random", Shuffle: true, Seed: 3} },
		func() *NMF { return &NMF{NComponents: 2, Solver: "mu", BetaLoss: "kullback-leibler", MaxIter: 50} },
	} {
		estimatortest.Run(t, func() estimator.Estimator { return mk() }, estimatortest.Unsupervised(), estimatortest.WithData(X, nil))
	}
}

func TestNMFMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/nmf.json")
	iris, synth, positive := datasets.Iris().X, g.Matrix("synth/X"), g.Matrix("positive/X")
	var W0, H0 [][]float64
	g.Decode("custom/W", &W0)
	g.Decode("custom/H", &H0)
	for _, tc := range []struct {
		name string
		est  *NMF
		X    *mat.Dense
	}{
		{"iris-2-nndsvd", &NMF{NComponents: 2, Init: "nndsvd"}, iris},
		{"iris-none", &NMF{}, iris},
		{"synth-3-nndsvd", &NMF{NComponents: 3, Init: "nndsvd", MaxIter: 500}, synth},
		{"synth-3-nndsvda-reg", &NMF{NComponents: 3, Init: "nndsvda", AlphaW: 0.01, L1Ratio: 0.5}, synth},
		{"synth-3-alphaH0", &NMF{NComponents: 3, Init: "nndsvda", AlphaW: 0.02, ZeroAlphaH: true, L1Ratio: 0.2}, synth},
		{"synth-4-mu", &NMF{NComponents: 4, Init: "nndsvda", Solver: "mu", MaxIter: 300}, synth},
		{"synth-3-mu-kl", &NMF{NComponents: 3, Init: "nndsvda", Solver: "mu", BetaLoss: "kullback-leibler"}, synth},
		{"synth-3-mu-kl-reg", &NMF{NComponents: 3, Init: "nndsvda", Solver: "mu", BetaLoss: "kullback-leibler", AlphaW: 0.01, L1Ratio: 0.5}, synth},
		{"positive-3-mu-is", &NMF{NComponents: 3, Init: "nndsvda", Solver: "mu", BetaLoss: "itakura-saito"}, positive},
		{"synth-3-mu-1.5", &NMF{NComponents: 3, Init: "nndsvda", Solver: "mu", BetaLoss: "1.5", AlphaW: 0.005}, synth},
		{"synth-3-custom", &NMF{NComponents: 3, Init: "custom", InitW: W0, InitH: H0, MaxIter: 50}, synth},
		{"synth-3-custom-mu", &NMF{NComponents: 3, Init: "custom", InitW: W0, InitH: H0, Solver: "mu", MaxIter: 50}, synth},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.est.Fit(context.Background(), tc.X, nil))
			k := "nmf/" + tc.name
			// The same arithmetic step for step from the same start: the iterates
			// differ by rounding (BLAS sums, LAPACK SVD in NNDSVD), which the solvers
			// damp rather than amplify: 1e-9 relative to the largest entry holds over
			// 500 iterations (observed ≤ 3e-14).
			H := g.Matrix(k + "/H")
			scale := mat.Max(H)
			d := decMaxDiff(H, tc.est.Components())
			t.Logf("max |ΔH| = %.3g (scale %.3g), n_iter %d", d, scale, tc.est.NIter())
			assert.Less(t, d, 1e-9*scale, "H")
			assert.Equal(t, int(g.Float(k+"/n_iter")), tc.est.NIter(), "n_iter")
			assert.Equal(t, tc.est.NIter() < tc.est.maxIter(), tc.est.Converged())
			re := g.Float(k + "/reconstruction_err")
			assert.InDelta(t, re, tc.est.ReconstructionErr(), 1e-9*re, "reconstruction_err")
			z, err := tc.est.Transform(g.Matrix(k + "/new"))
			require.NoError(t, err)
			zw := g.Matrix(k + "/transform")
			d = decMaxDiff(zw, z)
			assert.Less(t, d, 1e-9*math.Max(1, mat.Max(zw)), "transform: max |Δ| %.3g", d)
			back, err := tc.est.InverseTransform(z)
			require.NoError(t, err)
			assert.Less(t, decMaxDiff(g.Matrix(k+"/inverse"), back), 1e-9*math.Max(1, mat.Max(back)))
		})
	}
}

func TestNMFFitW(t *testing.T) {
	// W of the factorisation itself: scikit-learn's fit_transform output, which is
	// the solver's W, not Transform's re-solve.
	g := testutil.Golden(t, "testdata/nmf.json")
	est := &NMF{NComponents: 3, Init: "nndsvd", MaxIter: 500}
	W, err := est.FitTransformW(context.Background(), g.Matrix("synth/X"))
	require.NoError(t, err)
	Ww := g.Matrix("nmf/synth-3-nndsvd/W")
	assert.Less(t, decMaxDiff(Ww, W), 1e-9*mat.Max(Ww))
}

func TestNMFErrors(t *testing.T) {
	ctx := context.Background()
	X := nmfData()
	for _, est := range []*NMF{
		{NComponents: -1}, {Init: "svd"}, {Init: "custom"}, {Solver: "als"}, {BetaLoss: "hellinger"},
		{BetaLoss: "kullback-leibler"}, {BetaLoss: "NaN", Solver: "mu"}, {Solver: "mu", Shuffle: true},
		{Tol: -1}, {MaxIter: -1}, {MaxIter: NMFMaxIter + 1}, {AlphaW: -1}, {AlphaH: math.NaN()},
		{AlphaH: 1, ZeroAlphaH: true}, {L1Ratio: 1.5},
		{NComponents: 6, Init: "nndsvd"},
		{NComponents: 2, Init: "custom", InitW: [][]float64{{1, 2}}, InitH: [][]float64{{1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}}},
	} {
		assert.ErrorIs(t, est.Fit(ctx, X, nil), estimator.ErrInvalidParam, "%v", est)
	}
	neg := mat.DenseCopyOf(X)
	neg.Set(3, 2, -0.5)
	err := (&NMF{NComponents: 2}).Fit(ctx, neg, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), "negative")
	zeros := mat.DenseCopyOf(X)
	zeros.Set(0, 0, 0)
	assert.ErrorIs(t, (&NMF{NComponents: 2, Solver: "mu", BetaLoss: "itakura-saito"}).Fit(ctx, zeros, nil), estimator.ErrInvalidData)
	est := &NMF{NComponents: 2}
	require.NoError(t, est.Fit(ctx, X, nil))
	_, err = est.Transform(neg)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	// Not converging is reported, not an error.
	short := &NMF{NComponents: 2, MaxIter: 2}
	require.NoError(t, short.Fit(ctx, X, nil))
	assert.False(t, short.Converged())
	assert.Equal(t, 2, short.NIter())
	// Cancelled inside the iterations.
	for _, solver := range []string{"cd", "mu"} {
		for n := 2; n < 5; n++ {
			e := &NMF{NComponents: 2, Solver: solver}
			assert.ErrorIs(t, e.Fit(&decCountdownCtx{Context: ctx, n: n}, X, nil), context.Canceled)
			assert.Nil(t, e.Components())
		}
	}
}

func TestNMFComposes(t *testing.T) {
	ctx := context.Background()
	b := datasets.Boston()
	p := pipeline.New(
		pipeline.Step{Name: "scale", Est: &MinMaxScaler{Clip: true}}, // held-out folds stay >= 0
		pipeline.Step{Name: "nmf", Est: &NMF{NComponents: 4, MaxIter: 100}},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{}},
	)
	s := &tuning.Search{Estimator: p, Space: tuning.Grid{{Param: "nmf.NComponents", Values: tuning.Values(2, 6)}}}
	require.NoError(t, s.Fit(ctx, b.X, b.Y))
	assert.Equal(t, 6, s.BestParams()["nmf.NComponents"])
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, s.BestEstimator()))
	dst := estimator.Clone(p)
	require.NoError(t, estimator.Load(&buf, dst))
	want, err := s.Predict(b.X)
	require.NoError(t, err)
	got, err := dst.Predict(b.X)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}
