package neighbors

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
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

// The fused brute-force euclidean search returns exactly the exact-distance
// neighbours (sorted by distance, then index) on continuous data and on grid data
// full of ties, for k small and large (large k with many ties exhausts the
// candidate budget and falls back to the exact scan), shapes that are not whole
// gemm tiles, queries far from the data and any Workers.
func TestFusedBruteMatchesExact(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	cont := mat.NewDense(1037, 7, nil)
	for i := range 1037 {
		for j := range 7 {
			cont.Set(i, j, rng.NormFloat64())
		}
	}
	far := mat.NewDense(13, 7, nil)
	for i := range 13 {
		for j := range 7 {
			far.Set(i, j, 1e6*rng.NormFloat64())
		}
	}
	huge := mat.NewDense(200, 1, nil) // ‖y‖² finite, the expansion not: exact scan
	for i := range 200 {
		huge.Set(i, 0, 1e154+1e152*rng.NormFloat64())
	}
	cases := []struct {
		name string
		X, Q *mat.Dense
	}{
		{"huge", huge, mat.DenseCopyOf(huge.Slice(0, 31, 0, 1))},
		{"continuous", cont, mat.DenseCopyOf(cont.Slice(0, 301, 0, 7))},
		{"far queries", cont, far},
		{"ties", tieData(1037, 3, 5), tieData(301, 3, 6)},
		{"one feature ties", tieData(500, 1, 7), tieData(97, 1, 8)},
	}
	// A small candidate budget makes the tie cases fall back to the exact scan.
	defer func(b int) { bruteCandidates = b }(bruteCandidates)
	for _, c := range cases {
		bruteCandidates = 1 << 20
		if c.name == "one feature ties" {
			bruteCandidates = 1000
		}
		n, _ := c.X.Dims()
		nq, _ := c.Q.Dims()
		for _, k := range []int{1, 5, 40, 400} {
			if k > n {
				continue
			}
			var first [][]int
			for _, w := range []int{1, 3} {
				m := &NearestNeighbors{Algorithm: "brute", Workers: w}
				require.NoError(t, m.Fit(ctx, c.X, nil))
				d, idx, err := m.KNeighbors(c.Q, k)
				require.NoError(t, err)
				if first == nil {
					first = idx
				} else {
					require.Equal(t, first, idx, "%s k=%d workers", c.name, k)
				}
				for i := 0; i < nq; i++ {
					x := c.Q.RawRowView(i)
					order := make([]int, n)
					rd := make([]float64, n)
					for j := range order {
						order[j] = j
						rd[j] = metric{kind: "euclidean"}.rdist(x, c.X.RawRowView(j))
					}
					slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rd[a], rd[b]) })
					require.Equal(t, order[:k], idx[i], "%s k=%d row %d", c.name, k, i)
					for a, j := range order[:k] {
						require.Equal(t, math.Sqrt(rd[j]), d.At(i, a))
					}
				}
			}
		}
	}
}
