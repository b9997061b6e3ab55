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

func TestIncrementalPCAConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &IncrementalPCA{NComponents: 2} }, estimatortest.Unsupervised())
	estimatortest.Run(t, func() estimator.Estimator { return &IncrementalPCA{Whiten: true, BatchSize: 25} }, estimatortest.Unsupervised())
}

// ipcaCheck compares a fitted IncrementalPCA with the goldens under key k. Every
// quantity comes from exact SVDs of the same stacked matrices, so the differences
// are rounding (LAPACK gesdd vs gonum's SVD, numpy's pairwise sums): 1e-8 relative
// to each quantity's scale; the signs follow svd_flip, so components match exactly,
// not up to sign.
func ipcaCheck(t *testing.T, g *testutil.Goldens, k string, est *IncrementalPCA, X *mat.Dense) {
	t.Helper()
	const tol = 1e-8
	sv := g.Floats(k + "/singular_values")
	ev := g.Floats(k + "/explained_variance")
	// Components of (numerically) zero singular values span a null space in any
	// basis: digits has constant pixels, so only the others are compared.
	want, got := g.Matrix(k+"/components"), est.Components()
	for i, s := range sv {
		if s > 1e-9*sv[0] {
			d := decMaxDiffSlice(want.RawRowView(i), got.RawRowView(i))
			assert.Less(t, d, tol, "component %d: max |Δ| %.3g", i, d)
		}
	}
	// Singular values at rounding level (≈ ε·s₀·√n) differ in relative terms, so
	// they are compared absolutely below 1e-4·s₀ (an absolute 1e-12·s₀).
	assert.Less(t, testutil.RelDiff(est.SingularValues(), sv, 1e-4*sv[0]), tol, "singular values")
	assert.Less(t, testutil.RelDiff(est.ExplainedVariance(), ev, 1e-8*ev[0]), tol)
	assert.Less(t, testutil.RelDiff(est.ExplainedVarianceRatio(), g.Floats(k+"/explained_variance_ratio"), 1e-9), tol)
	assert.Less(t, testutil.RelDiff(est.Mean(), g.Floats(k+"/mean"), 1), 1e-12)
	assert.Less(t, testutil.RelDiff(est.Var(), g.Floats(k+"/var"), 1), 1e-10)
	nv := g.Float(k + "/noise_variance")
	assert.InDelta(t, nv, est.NoiseVariance(), tol*max(1, nv))
	assert.Equal(t, int(g.Float(k+"/n_samples_seen")), est.NSamplesSeen())
	z, err := est.Transform(numRowsOf(X, 0, 10))
	require.NoError(t, err)
	assert.Less(t, decMaxDiff(g.Matrix(k+"/transform"), z), tol*sv[0])
	back, err := est.InverseTransform(z)
	require.NoError(t, err)
	assert.Less(t, decMaxDiff(g.Matrix(k+"/inverse"), back), tol*sv[0])
}

func TestIncrementalPCAMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/ipca.json")
	iris, digits := datasets.Iris().X, datasets.Digits().X
	for _, tc := range []struct {
		name string
		est  *IncrementalPCA
		X    *mat.Dense
	}{
		{"iris-2", &IncrementalPCA{NComponents: 2}, iris},
		{"iris-none-b30", &IncrementalPCA{BatchSize: 30}, iris},
		{"iris-3-whiten-b16", &IncrementalPCA{NComponents: 3, Whiten: true, BatchSize: 16}, iris},
		{"digits-10", &IncrementalPCA{NComponents: 10}, digits},
		{"digits-none", &IncrementalPCA{}, digits},
		{"digits-20-b100", &IncrementalPCA{NComponents: 20, BatchSize: 100}, digits},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.est.Fit(context.Background(), tc.X, nil))
			ipcaCheck(t, g, "ipca/"+tc.name, tc.est, tc.X)
		})
	}
	t.Run("partial", func(t *testing.T) {
		est := &IncrementalPCA{NComponents: 5}
		for _, b := range [][2]int{{0, 40}, {40, 45}, {45, 300}, {300, 1000}, {1000, 1797}} {
			require.NoError(t, est.PartialFit(context.Background(), numRowsOf(digits, b[0], b[1]), nil))
		}
		ipcaCheck(t, g, "ipca/digits-partial-5", est, digits)
	})
}

func TestIncrementalPCABatches(t *testing.T) {
	// scikit-learn's gen_batches(10, 3, min_batch_size=2): the short tail merges.
	assert.Equal(t, [][2]int{{0, 3}, {3, 6}, {6, 10}}, ipcaBatches(10, 3, 2))
	assert.Equal(t, [][2]int{{0, 3}, {3, 6}, {6, 9}, {9, 10}}, ipcaBatches(10, 3, 0))
	assert.Equal(t, [][2]int{{0, 5}}, ipcaBatches(5, 10, 0))
}

func TestIncrementalPCAErrors(t *testing.T) {
	ctx := context.Background()
	X := datasets.Iris().X
	for _, est := range []*IncrementalPCA{{NComponents: -1}, {BatchSize: -1}, {NComponents: 5}, {NComponents: 3, BatchSize: 2}} {
		assert.ErrorIs(t, est.Fit(ctx, X, nil), estimator.ErrInvalidParam, "%v", est)
		assert.Nil(t, est.Components())
	}
	est := &IncrementalPCA{NComponents: 2}
	require.NoError(t, est.PartialFit(ctx, numRowsOf(X, 0, 10), nil))
	before := est.Components()
	// A batch with fewer rows than components, the wrong width, NaN.
	assert.ErrorIs(t, est.PartialFit(ctx, numRowsOf(X, 0, 1), nil), estimator.ErrInvalidParam)
	assert.ErrorIs(t, est.PartialFit(ctx, mat.NewDense(3, 3, nil), nil), estimator.ErrShape)
	bad := numRowsOf(X, 0, 5)
	bad.Set(1, 1, math.NaN())
	assert.ErrorIs(t, est.PartialFit(ctx, bad, nil), estimator.ErrInvalidData)
	assert.Equal(t, before, est.Components(), "a failed PartialFit keeps the model")
	// One row in all is not enough for a variance.
	assert.ErrorIs(t, (&IncrementalPCA{}).Fit(ctx, numRowsOf(X, 0, 1), nil), estimator.ErrInvalidData)
	// Cancelled between batches.
	for n := 1; n < 4; n++ {
		e := &IncrementalPCA{NComponents: 2, BatchSize: 20}
		assert.ErrorIs(t, e.Fit(&decCountdownCtx{Context: ctx, n: n}, X, nil), context.Canceled)
		assert.Nil(t, e.Components())
	}
}

func TestIncrementalPCAComposes(t *testing.T) {
	ctx := context.Background()
	b := datasets.Boston()
	p := pipeline.New(
		pipeline.Step{Name: "scale", Est: &StandardScaler{}},
		pipeline.Step{Name: "ipca", Est: &IncrementalPCA{BatchSize: 100}},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{}},
	)
	s := &tuning.Search{Estimator: p, Space: tuning.Grid{{Param: "ipca.NComponents", Values: tuning.Values(2, 8)}}}
	require.NoError(t, s.Fit(ctx, b.X, b.Y))
	assert.Equal(t, 8, s.BestParams()["ipca.NComponents"])
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
