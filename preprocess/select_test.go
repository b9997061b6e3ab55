package preprocess

import (
	"context"
	"errors"
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
)

func TestSelectorsConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &VarianceThreshold{Threshold: 0.5} }, estimatortest.Unsupervised())
	for _, s := range []ScoreFunc{FRegressionScore, MutualInfoRegressionScore} {
		t.Run(string(s), func(t *testing.T) {
			estimatortest.Run(t, func() estimator.Estimator { return &SelectKBest{Score: s, K: 2} })
		})
	}
	iris := datasets.Iris()
	for _, s := range []ScoreFunc{"", MutualInfoClassifScore} {
		t.Run("classif/"+string(s), func(t *testing.T) {
			estimatortest.Run(t, func() estimator.Estimator { return &SelectKBest{Score: s, K: 3} },
				estimatortest.WithData(iris.X, iris.Y))
		})
	}
}

func TestVarianceThresholdMatchesScikitLearn(t *testing.T) {
	g := numGolden(t)
	X := numMatrix(t, g, "const/X")
	for _, tc := range []struct {
		key string
		th  float64
	}{{"variance/0", 0}, {"variance/1", 1}, {"variance/50", 50}} {
		t.Run(tc.key, func(t *testing.T) {
			v := &VarianceThreshold{Threshold: tc.th}
			out, err := v.FitTransform(context.Background(), X, nil)
			require.NoError(t, err)
			numClose(t, numFloats(t, g, tc.key+"/variances"), v.Variances(), 1e-12, "variances")
			var support []bool
			g.Decode(tc.key+"/support", &support)
			assert.Equal(t, support, v.Support())
			_, c := out.Dims()
			kept := 0
			for _, s := range support {
				if s {
					kept++
				}
			}
			assert.Equal(t, kept, c)
			back, err := v.InverseTransform(out)
			require.NoError(t, err)
			for j, s := range support {
				if s {
					assert.Equal(t, X.At(3, j), back.At(3, j))
				} else {
					assert.Zero(t, back.At(3, j))
				}
			}
		})
	}
	err := (&VarianceThreshold{Threshold: 1e9}).Fit(context.Background(), X, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.ErrorIs(t, (&VarianceThreshold{Threshold: -1}).Fit(context.Background(), X, nil), estimator.ErrInvalidParam)
}

func TestFTestsMatchScikitLearn(t *testing.T) {
	g := numGolden(t)
	boolY := func(y []float64, cut float64) []float64 {
		out := make([]float64, len(y))
		for i, v := range y {
			if v > cut {
				out[i] = 1
			}
		}
		return out
	}
	boston := datasets.Boston()
	constX := numMatrix(t, g, "const/X")
	for _, tc := range []struct {
		key  string
		fn   func(mat.Matrix, []float64) ([]float64, []float64, error)
		X    mat.Matrix
		y    []float64
		ptol float64
	}{
		{"f_classif/iris", FClassif, datasets.Iris().X, datasets.Iris().Y, 1e-6},
		{"f_classif/wine", FClassif, datasets.Wine().X, datasets.Wine().Y, 1e-6},
		{"f_classif/const", FClassif, constX, boolY(boston.Y[:30], 22), 1e-6},
		{"f_regression/boston", FRegression, boston.X, boston.Y, 1e-6},
		{"f_regression/const", FRegression, constX, boston.Y[:30], 1e-6},
		{"f_regression/synth", FRegression, numMatrix(t, g, "synth/X"), numFloats(t, g, "synth/yr"), 1e-6},
	} {
		t.Run(tc.key, func(t *testing.T) {
			f, p, err := tc.fn(tc.X, tc.y)
			require.NoError(t, err)
			numClose(t, numFloats(t, g, tc.key+"/f"), f, 1e-9, "F")
			// p-values: relative agreement (they span many orders of magnitude).
			want := numFloats(t, g, tc.key+"/p")
			for j := range want {
				if math.IsNaN(want[j]) {
					assert.True(t, math.IsNaN(p[j]), "p[%d]", j)
					continue
				}
				assert.InDelta(t, 0, (p[j]-want[j])/math.Max(want[j], 1e-300), tc.ptol, "p[%d] = %g, want %g", j, p[j], want[j])
			}
		})
	}
	_, _, err := FClassif(boston.X, make([]float64, 506))
	assert.ErrorIs(t, err, estimator.ErrInvalidData, "one class")
	_, _, err = FRegression(boston.X, boston.Y[:10])
	assert.ErrorIs(t, err, estimator.ErrShape)
}

func TestMutualInfoMatchesScikitLearn(t *testing.T) {
	g := numGolden(t)
	sx := numMatrix(t, g, "synth/X")
	// Continuous data without ties: only the 1e-10 noise differs from scikit-learn.
	got, err := MutualInfoRegression(sx, numFloats(t, g, "synth/yr"), 0)
	require.NoError(t, err)
	numClose(t, numFloats(t, g, "mi_regression/synth"), got, 1e-6, "mi_regression/synth")
	got, err = MutualInfoClassif(sx, numFloats(t, g, "synth/yc"), 0)
	require.NoError(t, err)
	numClose(t, numFloats(t, g, "mi_classif/synth"), got, 1e-6, "mi_classif/synth")

	// Data with many ties (rounded measurements): the noise decides the order of tied
	// neighbours, so compare approximately and by ranking.
	rank := func(v []float64) []int {
		idx := make([]int, len(v))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] > v[idx[b]] })
		return idx
	}
	for _, tc := range []struct {
		key     string
		classif bool
		ds      *datasets.Dataset
		top     int
	}{
		{"mi_regression/boston", false, datasets.Boston(), 4},
		{"mi_classif/iris", true, datasets.Iris(), 2},
		{"mi_classif/wine", true, datasets.Wine(), 4},
	} {
		t.Run(tc.key, func(t *testing.T) {
			fn := MutualInfoRegression
			if tc.classif {
				fn = MutualInfoClassif
			}
			got, err := fn(tc.ds.X, tc.ds.Y, 0)
			require.NoError(t, err)
			want := numFloats(t, g, tc.key)
			for j := range want {
				assert.InDelta(t, want[j], got[j], 0.05, "feature %d", j)
			}
			wr, gr := rank(want)[:tc.top], rank(got)[:tc.top]
			slices.Sort(wr)
			slices.Sort(gr)
			assert.Equal(t, wr, gr, "top-%d features", tc.top)
		})
	}
}

func TestSelectKBestMatchesScikitLearn(t *testing.T) {
	g := numGolden(t)
	sx := numMatrix(t, g, "synth/X")
	dup := mat.NewDense(200, 4, nil)
	for i := 0; i < 200; i++ {
		dup.Set(i, 0, sx.At(i, 0))
		dup.Set(i, 1, sx.At(i, 1))
		dup.Set(i, 2, sx.At(i, 0))
		dup.Set(i, 3, sx.At(i, 1))
	}
	for _, tc := range []struct {
		key string
		est *SelectKBest
		X   mat.Matrix
		y   []float64
	}{
		{"selectk/wine-fclassif-5", &SelectKBest{K: 5}, datasets.Wine().X, datasets.Wine().Y},
		{"selectk/boston-freg-4", &SelectKBest{Score: FRegressionScore, K: 4}, datasets.Boston().X, datasets.Boston().Y},
		{"selectk/ties-2", &SelectKBest{Score: FRegressionScore, K: 2}, dup, numFloats(t, g, "synth/yr")},
	} {
		t.Run(tc.key, func(t *testing.T) {
			out, err := tc.est.FitTransform(context.Background(), tc.X, tc.y)
			require.NoError(t, err)
			var support []bool
			g.Decode(tc.key+"/support", &support)
			assert.Equal(t, support, tc.est.Support())
			_, c := out.Dims()
			assert.Equal(t, tc.est.k(), c)
			names := tc.est.FeatureNamesOut(nil)
			assert.Len(t, names, c)
		})
	}
}

func TestSelectKBestParams(t *testing.T) {
	ds := datasets.Iris()
	ctx := context.Background()
	var pe *estimator.ParamError
	err := (&SelectKBest{}).Fit(ctx, ds.X, ds.Y) // default K = 10 > 4 features
	require.True(t, errors.As(err, &pe), "K > p: %v", err)
	assert.Equal(t, "K", pe.Param)
	assert.ErrorIs(t, (&SelectKBest{K: -1}).Fit(ctx, ds.X, ds.Y), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&SelectKBest{Score: "chi2"}).Fit(ctx, ds.X, ds.Y), estimator.ErrInvalidParam)
	all := &SelectKBest{All: true}
	out, err := all.FitTransform(ctx, ds.X, ds.Y)
	require.NoError(t, err)
	assert.True(t, mat.Equal(ds.X, out))
	assert.Len(t, all.PValues(), 4)
	mi := &SelectKBest{Score: MutualInfoClassifScore, K: 2}
	require.NoError(t, mi.Fit(ctx, ds.X, ds.Y))
	assert.Nil(t, mi.PValues())
	assert.Equal(t, []bool{false, false, true, true}, mi.Support())
	assert.Equal(t, []string{"c", "d"}, mi.FeatureNamesOut([]string{"a", "b", "c", "d"}))
	err = (&SelectKBest{K: 2}).Fit(ctx, ds.X, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData, "nil y")
}
