package naivebayes

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
)

func TestCategoricalNBConformance(t *testing.T) {
	X, y := countData() // small non-negative integers: category codes
	estimatortest.Run(t, func() estimator.Estimator { return &CategoricalNB{} }, estimatortest.WithData(X, y))
	estimatortest.Run(t, func() estimator.Estimator { return &CategoricalNB{Alpha: 0.2, MinCategories: []int{9}} }, estimatortest.WithData(X, y))
}

func TestCategoricalNBGolden(t *testing.T) {
	g := testutil.Golden(t, "testdata/sklearn.json")
	X, y, w := g.Matrix("cat/X"), g.Floats("cat/y"), g.Floats("cat/w")
	ctx := context.Background()
	fit := func(m *CategoricalNB) *CategoricalNB { require.NoError(t, m.Fit(ctx, X, y)); return m }
	cases := map[string]func() *CategoricalNB{
		"default":     func() *CategoricalNB { return fit(&CategoricalNB{}) },
		"alpha=0.3":   func() *CategoricalNB { return fit(&CategoricalNB{Alpha: 0.3, NoFitPrior: true}) },
		"min=5":       func() *CategoricalNB { return fit(&CategoricalNB{MinCategories: []int{5}}) },
		"min=[4,2,6]": func() *CategoricalNB { return fit(&CategoricalNB{MinCategories: []int{4, 2, 6}}) },
		"weighted": func() *CategoricalNB {
			m := &CategoricalNB{}
			require.NoError(t, m.FitWeighted(ctx, X, y, w))
			return m
		},
		"partial": func() *CategoricalNB {
			m := &CategoricalNB{}
			n, _ := X.Dims()
			for b := 0; b < 3; b++ {
				var idx []int
				for i := b; i < n; i += 3 {
					idx = append(idx, i)
				}
				require.NoError(t, m.PartialFit(ctx, estimator.Rows(X, idx), estimator.Select(y, idx), []float64{1, 2, 5}))
			}
			return m
		},
	}
	for name, build := range cases {
		t.Run(name, func(t *testing.T) {
			m := build()
			key := "categorical/" + name + "/"
			var flp, cc [][][]float64
			g.Decode(key+"feature_log_prob", &flp)
			g.Decode(key+"category_count", &cc)
			gotFLP, gotCC := m.FeatureLogProb(), m.CategoryCount()
			require.Len(t, gotFLP, len(flp))
			for j := range flp {
				assertClose(t, flat(testutil.FromRows(flp[j])), flat(gotFLP[j]), 1e-12, "feature_log_prob")
				assertClose(t, flat(testutil.FromRows(cc[j])), flat(gotCC[j]), 1e-12, "category_count")
			}
			assert.Equal(t, g.Ints(key+"n_categories"), m.NCategories())
			assertClose(t, g.Floats(key+"class_count"), m.ClassCount(), 1e-12, "class_count")
			assertClose(t, g.Floats(key+"class_log_prior"), m.ClassLogPrior(), 1e-12, "class_log_prior")
			proba, err := m.PredictProba(X)
			require.NoError(t, err)
			assertClose(t, flat(g.Matrix(key+"proba")), flat(proba), 1e-12, "proba")
			lp, err := m.PredictLogProba(X)
			require.NoError(t, err)
			assertClose(t, flat(g.Matrix(key+"log_proba")), flat(lp), 1e-6, "log_proba")
			pred, err := m.Predict(X)
			require.NoError(t, err)
			assert.Equal(t, g.Floats(key+"predict"), pred)
		})
	}
}

func TestCategoricalNBErrors(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(4, 2, []float64{0, 1, 1, 0, 2, 1, 2, 2})
	y := []float64{0, 0, 1, 1}
	assert.ErrorIs(t, (&CategoricalNB{}).Fit(ctx, mat.NewDense(4, 2, []float64{0, 1, 1, 0, 2, 1.5, 2, 2}), y), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&CategoricalNB{}).Fit(ctx, mat.NewDense(4, 2, []float64{0, 1, 1, 0, 2, -1, 2, 2}), y), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&CategoricalNB{}).Fit(ctx, mat.NewDense(4, 2, []float64{0, 1, 1, 0, 2, 1e9, 2, 2}), y), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&CategoricalNB{MinCategories: []int{1, 2, 3}}).Fit(ctx, X, y), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&CategoricalNB{MinCategories: []int{-1}}).Fit(ctx, X, y), estimator.ErrInvalidParam)
	m := &CategoricalNB{}
	require.NoError(t, m.Fit(ctx, X, y))
	_, err := m.Predict(mat.NewDense(1, 2, []float64{3, 0}))
	assert.ErrorIs(t, err, estimator.ErrInvalidData, "unseen category")
	assert.ErrorIs(t, m.PartialFit(ctx, mat.NewDense(1, 3, []float64{0, 0, 0}), []float64{0}, nil), estimator.ErrShape)
	require.NoError(t, m.PartialFit(ctx, mat.NewDense(1, 2, []float64{4, 0}), []float64{1}, nil))
	assert.Equal(t, []int{5, 1}, m.NCategories())
	_, err = m.Predict(mat.NewDense(1, 2, []float64{3, 2}))
	assert.NoError(t, err)
}

func TestCategoricalNBForgedState(t *testing.T) {
	good := func() *categoricalFit {
		return &categoricalFit{Classes: []float64{0, 1}, NFeatures: 1, ClassCount: []float64{2, 2}, Width: []int{2},
			CategoryCount: [][]float64{{1, 1, 2, 0}}, FeatureLogProb: [][]float64{{-0.7, -0.7, -0.3, -1.4}},
			ClassLogPrior: []float64{-0.69, -0.69}, NCategories: []int{2}}
	}
	require.NoError(t, good().Check())
	for name, edit := range map[string]func(f *categoricalFit){
		"width too big":      func(f *categoricalFit) { f.Width[0] = 3 },
		"width zero":         func(f *categoricalFit) { f.Width[0] = 0 },
		"huge width":         func(f *categoricalFit) { f.Width[0] = 1 << 40 },
		"short counts":       func(f *categoricalFit) { f.CategoryCount[0] = f.CategoryCount[0][:3] },
		"positive log prob":  func(f *categoricalFit) { f.FeatureLogProb[0][1] = 0.2 },
		"missing feature":    func(f *categoricalFit) { f.FeatureLogProb = nil },
		"NaN log prior":      func(f *categoricalFit) { f.ClassLogPrior[1] = math.NaN() },
		"all -Inf log prior": func(f *categoricalFit) { f.ClassLogPrior = []float64{math.Inf(-1), math.Inf(-1)} },
	} {
		t.Run(name, func(t *testing.T) {
			f := good()
			edit(f)
			b, err := estimator.EncodeState(categoricalStateVersion, f)
			require.NoError(t, err)
			m := &CategoricalNB{}
			require.NoError(t, m.Fit(context.Background(), mat.NewDense(4, 1, []float64{0, 1, 1, 2}), []float64{3, 3, 4, 4}))
			before, _ := m.MarshalState()
			assert.ErrorIs(t, m.UnmarshalState(b), estimator.ErrState)
			after, _ := m.MarshalState()
			assert.Equal(t, before, after, "receiver changed")
		})
	}
}
