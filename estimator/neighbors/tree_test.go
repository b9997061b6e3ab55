package neighbors

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// tieData is n×p data on a small integer grid: full of equal distances.
func tieData(n, p int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 1))
	X := mat.NewDense(n, p, nil)
	for i := range n {
		for j := range p {
			X.Set(i, j, float64(rng.IntN(5)))
		}
	}
	return X
}

// Every algorithm and leaf size returns exactly the brute-force neighbours,
// distances and order, for k queries and radius queries, on data full of ties.
func TestTreesMatchBruteForce(t *testing.T) {
	ctx := context.Background()
	X := tieData(300, 3, 1)
	Q := tieData(60, 3, 2)
	for mname, mc := range metricCases {
		ref := &NearestNeighbors{Metric: mc.metric, P: mc.p, Algorithm: "brute"}
		require.NoError(t, ref.Fit(ctx, X, nil))
		wantD, wantI, err := ref.KNeighbors(Q, 17)
		require.NoError(t, err)
		wantRD, wantRI, err := ref.RadiusNeighbors(Q, 1.5)
		require.NoError(t, err)
		for _, alg := range []string{"kd_tree", "ball_tree"} {
			for _, leaf := range []int{1, 2, 7, 0} {
				m := &NearestNeighbors{Metric: mc.metric, P: mc.p, Algorithm: alg, LeafSize: leaf, Workers: 3}
				require.NoError(t, m.Fit(ctx, X, nil))
				d, idx, err := m.KNeighbors(Q, 17)
				require.NoError(t, err)
				assert.Equal(t, wantI, idx, "%s %s leaf %d", mname, alg, leaf)
				assert.Equal(t, wantD.RawMatrix().Data, d.RawMatrix().Data, "%s %s leaf %d", mname, alg, leaf)
				rd, ri, err := m.RadiusNeighbors(Q, 1.5)
				require.NoError(t, err)
				assert.Equal(t, wantRI, ri, "%s %s leaf %d radius", mname, alg, leaf)
				assert.Equal(t, wantRD, rd, "%s %s leaf %d radius", mname, alg, leaf)
			}
		}
	}
}

// A model saved with a tree setting predicts the same after Load (the tree is
// rebuilt, not saved), and changing Algorithm after Fit is honoured.
func TestTreeAfterLoadAndSetParams(t *testing.T) {
	ctx := context.Background()
	X := tieData(200, 4, 3)
	y := make([]float64, 200)
	for i := range y {
		y[i] = float64(i % 3)
	}
	c := &KNeighborsClassifier{Algorithm: "ball_tree", LeafSize: 4}
	require.NoError(t, c.Fit(ctx, X, y))
	require.NotNil(t, c.fit.Train.index)
	assert.Equal(t, algBallTree, c.fit.Train.index.kind)
	want, err := c.PredictProba(X)
	require.NoError(t, err)
	b, err := c.MarshalState()
	require.NoError(t, err)
	d := &KNeighborsClassifier{Algorithm: "ball_tree", LeafSize: 4}
	require.NoError(t, d.UnmarshalState(b))
	require.NotNil(t, d.fit.Train.index)
	got, err := d.PredictProba(X)
	require.NoError(t, err)
	assert.Equal(t, want.RawMatrix().Data, got.RawMatrix().Data)
	d.Algorithm = "brute"
	got, err = d.PredictProba(X)
	require.NoError(t, err)
	assert.Equal(t, want.RawMatrix().Data, got.RawMatrix().Data)
}

// scikit-learn 1.2.1's algorithm="auto": brute above 15 features or k >= n/2.
func TestResolveAlgorithm(t *testing.T) {
	assert.Equal(t, "kd_tree", resolveAlgorithm("", 15, 5, 100))
	assert.Equal(t, "kd_tree", resolveAlgorithm("auto", 2, 0, 100))
	assert.Equal(t, "brute", resolveAlgorithm("", 16, 5, 100))
	assert.Equal(t, "brute", resolveAlgorithm("auto", 3, 50, 100))
	assert.Equal(t, "ball_tree", resolveAlgorithm("ball_tree", 30, 5, 100))
	m := &NearestNeighbors{}
	require.NoError(t, m.Fit(context.Background(), tieData(50, 20, 4), nil))
	assert.Nil(t, m.fit.index, "20 features: brute force, no tree")
}

func TestTreeErrorsAndDegenerateData(t *testing.T) {
	for _, m := range []*NearestNeighbors{{Algorithm: "kdtree"}, {LeafSize: -1}, {LeafSize: MaxLeafSize + 1}} {
		err := m.Fit(context.Background(), tieData(10, 2, 1), nil)
		require.ErrorIs(t, err, estimator.ErrInvalidParam, "%+v", m)
	}
	// 5 000 identical rows: no split is possible, one leaf; queries still exact.
	X := mat.NewDense(5000, 2, nil)
	m := &NearestNeighbors{Algorithm: "kd_tree", LeafSize: 1}
	require.NoError(t, m.Fit(context.Background(), X, nil))
	_, idx, err := m.KNeighbors(mat.NewDense(1, 2, []float64{1, 1}), 3)
	require.NoError(t, err)
	assert.Equal(t, [][]int{{0, 1, 2}}, idx)
	// A long chain (one feature, distinct values) with leaf size 1: deep tree, built
	// without recursion.
	n := 100000
	chain := mat.NewDense(n, 1, nil)
	for i := range n {
		chain.Set(i, 0, float64(n-i))
	}
	m = &NearestNeighbors{Algorithm: "kd_tree", LeafSize: 1}
	require.NoError(t, m.Fit(context.Background(), chain, nil))
	_, idx, err = m.KNeighbors(mat.NewDense(1, 1, []float64{10.2}), 2)
	require.NoError(t, err)
	assert.Equal(t, [][]int{{n - 10, n - 11}}, idx)
}
