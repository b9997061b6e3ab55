package naivebayes

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
)

func TestGaussianNBConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &GaussianNB{} })
	estimatortest.Run(t, func() estimator.Estimator { return &GaussianNB{VarSmoothing: 1e-3, Priors: []float64{0.2, 0.3, 0.5}} })
}

// goldenTol is the relative tolerance against scikit-learn: the algorithms are the
// same closed forms, so only summation order differs.
const goldenTol = 1e-9

func flat(m *mat.Dense) []float64 {
	r, c := m.Dims()
	out := make([]float64, 0, r*c)
	for i := 0; i < r; i++ {
		out = append(out, m.RawRowView(i)...)
	}
	return out
}

func assertClose(t *testing.T, want, got []float64, floor float64, msg string) {
	t.Helper()
	d := testutil.RelDiff(got, want, floor)
	assert.LessOrEqual(t, d, goldenTol, "%s: relative difference %g\ngot  %v\nwant %v", msg, d, got, want)
}

func TestGaussianNBGolden(t *testing.T) {
	g := testutil.Golden(t, "testdata/sklearn.json")
	X, y, w := g.Matrix("iris/X"), g.Floats("iris/y"), g.Floats("iris/w")
	ctx := context.Background()
	cases := map[string]func() *GaussianNB{
		"default": func() *GaussianNB { m := &GaussianNB{}; require.NoError(t, m.Fit(ctx, X, y)); return m },
		"smooth=0.01": func() *GaussianNB {
			m := &GaussianNB{VarSmoothing: 0.01}
			require.NoError(t, m.Fit(ctx, X, y))
			return m
		},
		"priors": func() *GaussianNB {
			m := &GaussianNB{Priors: []float64{0.2, 0.3, 0.5}}
			require.NoError(t, m.Fit(ctx, X, y))
			return m
		},
		"weighted": func() *GaussianNB { m := &GaussianNB{}; require.NoError(t, m.FitWeighted(ctx, X, y, w)); return m },
		"partial": func() *GaussianNB {
			perm := g.Ints("iris/perm")
			m := &GaussianNB{}
			for b := 0; b < 3; b++ {
				idx := perm[b*50 : (b+1)*50]
				require.NoError(t, m.PartialFit(ctx, estimator.Rows(X, idx), estimator.Select(y, idx), []float64{0, 1, 2}))
			}
			return m
		},
	}
	for name, build := range cases {
		t.Run(name, func(t *testing.T) {
			m := build()
			key := "gaussian/" + name + "/"
			assertClose(t, flat(g.Matrix(key+"theta")), flat(m.Theta()), 1e-12, "theta")
			assertClose(t, flat(g.Matrix(key+"var")), flat(m.Var()), 1e-12, "var")
			assertClose(t, g.Floats(key+"class_prior"), m.ClassPrior(), 1e-12, "class_prior")
			assertClose(t, g.Floats(key+"class_count"), m.ClassCount(), 1e-12, "class_count")
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

func TestGaussianNBErrors(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(4, 1, []float64{0, 1, 5, 6})
	y := []float64{0, 0, 1, 1}
	assert.ErrorIs(t, (&GaussianNB{VarSmoothing: -1}).Fit(ctx, X, y), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&GaussianNB{Priors: []float64{0.5, 0.6}}).Fit(ctx, X, y), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&GaussianNB{Priors: []float64{0.2, 0.3, 0.5}}).Fit(ctx, X, y), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&GaussianNB{}).FitWeighted(ctx, X, y, []float64{1, 1}), estimator.ErrShape)
	assert.ErrorIs(t, (&GaussianNB{}).FitWeighted(ctx, X, y, []float64{1, -1, 1, 1}), estimator.ErrInvalidData)
	m := &GaussianNB{}
	assert.ErrorIs(t, m.PartialFit(ctx, X, y, nil), estimator.ErrInvalidData, "first PartialFit needs classes")
	assert.ErrorIs(t, m.PartialFit(ctx, X, y, []float64{0, 2}), estimator.ErrInvalidData, "label 1 not in classes")
	require.NoError(t, m.PartialFit(ctx, X, y, []float64{0, 1}))
	assert.ErrorIs(t, m.PartialFit(ctx, X, y, []float64{0, 1, 2}), estimator.ErrInvalidData, "classes changed")
	assert.ErrorIs(t, m.PartialFit(ctx, mat.NewDense(1, 2, []float64{1, 2}), []float64{0}, nil), estimator.ErrShape)
	require.NoError(t, m.PartialFit(ctx, mat.NewDense(1, 1, []float64{2}), []float64{0}, nil))
	assert.Equal(t, []float64{3, 2}, m.ClassCount())
}

func TestGaussianNBForgedState(t *testing.T) {
	good := &gaussianFit{Classes: []float64{0, 1}, NFeatures: 1, Theta: []float64{0, 1},
		Var: []float64{1, 1}, ClassCount: []float64{2, 2}, ClassPrior: []float64{0.5, 0.5}}
	require.NoError(t, good.Check())
	for name, edit := range map[string]func(f *gaussianFit){
		"zero variance":    func(f *gaussianFit) { f.Var[1] = 0 },
		"short theta":      func(f *gaussianFit) { f.Theta = f.Theta[:1] },
		"unsorted classes": func(f *gaussianFit) { f.Classes = []float64{1, 0} },
		"negative prior":   func(f *gaussianFit) { f.ClassPrior[0] = -0.5 },
		"huge NFeatures":   func(f *gaussianFit) { f.NFeatures = 1 << 40 },
	} {
		t.Run(name, func(t *testing.T) {
			f := *good
			f.Theta, f.Var, f.ClassPrior = append([]float64(nil), good.Theta...), append([]float64(nil), good.Var...), append([]float64(nil), good.ClassPrior...)
			edit(&f)
			b, err := estimator.EncodeState(gaussianStateVersion, &f)
			require.NoError(t, err)
			m := &GaussianNB{}
			require.NoError(t, m.Fit(context.Background(), mat.NewDense(4, 1, []float64{0, 1, 5, 6}), []float64{3, 3, 4, 4}))
			before, _ := m.MarshalState()
			assert.ErrorIs(t, m.UnmarshalState(b), estimator.ErrState)
			after, _ := m.MarshalState()
			assert.Equal(t, before, after, "receiver changed")
		})
	}
}
