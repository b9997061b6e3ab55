package preprocess

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
)

func TestKBinsDiscretizerConformance(t *testing.T) {
	for _, s := range []KBinsStrategy{"", KBinsUniform, KBinsKMeans} {
		t.Run(string(s), func(t *testing.T) {
			estimatortest.Run(t, func() estimator.Estimator { return &KBinsDiscretizer{Strategy: s} }, estimatortest.Unsupervised())
		})
	}
	estimatortest.Run(t, func() estimator.Estimator { return &KBinsDiscretizer{NBins: 3, Encode: KBinsOrdinal} }, estimatortest.Unsupervised())
}

func TestKBinsDiscretizerMatchesScikitLearn(t *testing.T) {
	g := numGolden(t)
	for name, X := range map[string]*mat.Dense{"iris": datasets.Iris().X, "boston": datasets.Boston().X} {
		for _, strategy := range []KBinsStrategy{KBinsQuantile, KBinsUniform, KBinsKMeans} {
			for _, nb := range []int{3, 5} {
				k := fmt.Sprintf("kbins/%s/%s/%d", name, strategy, nb)
				t.Run(k, func(t *testing.T) {
					est := &KBinsDiscretizer{NBins: nb, Encode: KBinsOrdinal, Strategy: strategy}
					out, err := est.FitTransform(context.Background(), X, nil)
					require.NoError(t, err)
					wantEdges := numRows(t, g, k+"/edges")
					edges := est.BinEdges()
					require.Len(t, edges, len(wantEdges))
					tol := 1e-12
					if strategy == KBinsKMeans {
						tol = 1e-9 // Lloyd sums in a different order than scikit-learn's chunks
					}
					for j := range wantEdges {
						numClose(t, wantEdges[j], edges[j], tol, fmt.Sprintf("edges of feature %d", j))
					}
					numCloseMat(t, numMatrix(t, g, k+"/ordinal"), out, 0, "ordinal codes")
					inv, err := est.InverseTransform(numRowsOf(out, 0, 10))
					require.NoError(t, err)
					numCloseMat(t, numMatrix(t, g, k+"/inverse"), inv, tol, "inverse")
				})
			}
		}
	}
	t.Run("onehot", func(t *testing.T) {
		X := datasets.Iris().X
		est := &KBinsDiscretizer{NBins: 4}
		require.NoError(t, est.Fit(context.Background(), X, nil))
		out, err := est.Transform(numRowsOf(X, 0, 10))
		require.NoError(t, err)
		numCloseMat(t, numMatrix(t, g, "kbins/onehot/transform"), out, 0, "one-hot")
		var names []string
		g.Decode("kbins/onehot/names", &names)
		assert.Equal(t, names, est.FeatureNamesOut(nil))
		inv, err := est.InverseTransform(out)
		require.NoError(t, err)
		ord := &KBinsDiscretizer{NBins: 4, Encode: KBinsOrdinal}
		codes, err := ord.FitTransform(context.Background(), X, nil)
		require.NoError(t, err)
		inv2, err := ord.InverseTransform(numRowsOf(codes, 0, 10))
		require.NoError(t, err)
		assert.True(t, mat.Equal(inv, inv2), "one-hot and ordinal inverses agree")
	})
	t.Run("constant", func(t *testing.T) {
		c := numMatrix(t, g, "const/X")
		est := &KBinsDiscretizer{NBins: 5, Encode: KBinsOrdinal}
		out, err := est.FitTransform(context.Background(), c, nil)
		require.NoError(t, err)
		want := numRows(t, g, "kbins/const/edges")
		for j, e := range est.BinEdges() {
			numClose(t, want[j], e, 1e-12, fmt.Sprintf("edges %d", j))
		}
		numCloseMat(t, numMatrix(t, g, "kbins/const/transform"), out, 0, "codes")
	})
}

func TestKBinsDiscretizerErrors(t *testing.T) {
	X := mat.NewDense(4, 1, []float64{0, 1, 2, 3})
	for _, est := range []*KBinsDiscretizer{{NBins: 1}, {NBins: -2}, {Encode: "sparse"}, {Strategy: "median"}} {
		assert.ErrorIs(t, est.Fit(context.Background(), X, nil), estimator.ErrInvalidParam, "%+v", *est)
	}
	est := &KBinsDiscretizer{NBins: 2, Encode: KBinsOrdinal}
	require.NoError(t, est.Fit(context.Background(), X, nil))
	_, err := est.InverseTransform(mat.NewDense(1, 1, []float64{2}))
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	oh := &KBinsDiscretizer{NBins: 2}
	require.NoError(t, oh.Fit(context.Background(), X, nil))
	_, err = oh.InverseTransform(mat.NewDense(1, 2, []float64{0, 0}))
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = oh.InverseTransform(mat.NewDense(1, 3, nil))
	assert.ErrorIs(t, err, estimator.ErrShape)
}
