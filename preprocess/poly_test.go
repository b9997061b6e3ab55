package preprocess

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
)

func TestPolynomialFeaturesConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &PolynomialFeatures{Degree: 3} }, estimatortest.Unsupervised())
	estimatortest.Run(t, func() estimator.Estimator { return &PolynomialFeatures{InteractionOnly: true, NoBias: true} }, estimatortest.Unsupervised())
}

func TestPolynomialFeaturesMatchesScikitLearn(t *testing.T) {
	g := numGolden(t)
	small := numMatrix(t, g, "small/X")
	for _, tc := range []struct {
		name string
		est  *PolynomialFeatures
	}{
		{"deg2", &PolynomialFeatures{}},
		{"deg3", &PolynomialFeatures{Degree: 3}},
		{"deg3-inter", &PolynomialFeatures{Degree: 3, InteractionOnly: true}},
		{"deg2-nobias", &PolynomialFeatures{NoBias: true}},
		{"deg1", &PolynomialFeatures{Degree: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := tc.est.FitTransform(context.Background(), small, nil)
			require.NoError(t, err)
			k := "poly/" + tc.name
			// Same products in the same order as scikit-learn: bit-identical.
			numCloseMat(t, numMatrix(t, g, k+"/transform"), out, 0, "transform")
			var names, abc []string
			g.Decode(k+"/names", &names)
			g.Decode(k+"/names_abc", &abc)
			assert.Equal(t, names, tc.est.FeatureNamesOut(nil))
			assert.Equal(t, abc, tc.est.FeatureNamesOut([]string{"a", "b", "c"}))
			var powers [][]int
			g.Decode(k+"/powers", &powers)
			assert.Equal(t, powers, tc.est.Powers())
			assert.Equal(t, len(names), tc.est.NOutputFeatures())
		})
	}
	t.Run("boston", func(t *testing.T) {
		p := &PolynomialFeatures{}
		X := datasets.Boston().X
		require.NoError(t, p.Fit(context.Background(), X, nil))
		out, err := p.Transform(numRowsOf(X, 0, 5))
		require.NoError(t, err)
		numCloseMat(t, numMatrix(t, g, "poly/boston/transform"), out, 0, "transform")
	})
}

func TestPolynomialFeaturesParallelDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n, p := 3*polyGrain+17, 5
	X := mat.NewDense(n, p, nil)
	for i := range X.RawMatrix().Data {
		X.RawMatrix().Data[i] = rng.NormFloat64()
	}
	pf := &PolynomialFeatures{Degree: 3}
	out, err := pf.FitTransform(context.Background(), X, nil)
	require.NoError(t, err)
	old := runtime.GOMAXPROCS(1)
	serial, err := pf.Transform(X)
	runtime.GOMAXPROCS(old)
	require.NoError(t, err)
	assert.True(t, mat.Equal(out, serial))
	// Spot-check one row against direct products.
	row := X.RawRowView(n - 1)
	combos, err := polyCombos(context.Background(), p, 3, false, true)
	require.NoError(t, err)
	for k, c := range combos {
		want := 1.0
		for i := len(c) - 1; i >= 0; i-- {
			want *= row[c[i]]
		}
		if len(c) == 1 {
			want = row[c[0]]
		}
		assert.Equal(t, want, out.At(n-1, k), "column %d %v", k, c)
	}
}

func TestPolynomialFeaturesValidate(t *testing.T) {
	X := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	err := (&PolynomialFeatures{Degree: -1}).Fit(context.Background(), X, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	p := &PolynomialFeatures{Degree: 2}
	require.NoError(t, p.Fit(context.Background(), X, nil))
	assert.Nil(t, p.FeatureNamesOut([]string{"only-one"}), "wrong name count")
}

func BenchmarkPolynomialFeatures(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	X := mat.NewDense(100000, 20, nil)
	for i := range X.RawMatrix().Data {
		X.RawMatrix().Data[i] = rng.NormFloat64()
	}
	p := &PolynomialFeatures{}
	if err := p.Fit(context.Background(), X, nil); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.Transform(X); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScalerPoly is the preprocessing half of the StandardScaler +
// PolynomialFeatures(2) + Ridge benchmark on 100 000 × 20; testdata/bench_poly.py
// times the same steps in scikit-learn.
func BenchmarkScalerPoly(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	X := mat.NewDense(100000, 20, nil)
	for i := range X.RawMatrix().Data {
		X.RawMatrix().Data[i] = rng.NormFloat64()
	}
	ctx := context.Background()
	for b.Loop() {
		Z, err := (&StandardScaler{}).FitTransform(ctx, X, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := (&PolynomialFeatures{}).FitTransform(ctx, Z, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func TestPolynomialFeaturesTooLarge(t *testing.T) {
	X := mat.NewDense(2, 50, nil)
	err := (&PolynomialFeatures{Degree: 12}).Fit(context.Background(), X, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam, "the width is bounded by PolyMaxOutputFeatures")
	ctx := context.Background()
	for _, tc := range []struct {
		n, d     int
		inter, b bool
	}{{3, 2, false, true}, {3, 3, true, true}, {5, 3, false, false}, {4, 6, true, false}, {1, 40, false, true}, {20, 1, true, false}} {
		combos, err := polyCombos(ctx, tc.n, tc.d, tc.inter, tc.b)
		require.NoError(t, err)
		m, err := polyCount(ctx, tc.n, tc.d, tc.inter, tc.b)
		require.NoError(t, err)
		assert.Equal(t, len(combos), m, "%+v", tc)
	}
}

// A huge Degree is rejected quickly by the exact, capped count, before anything is
// allocated, and a Degree beyond the number of features of an interaction-only
// expansion is harmless.
func TestPolynomialFeaturesHugeDegree(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(3, 1, []float64{1, 2, 3})
	for _, d := range []int{1e6, 1 << 40, math.MaxInt} {
		start := time.Now()
		err := (&PolynomialFeatures{Degree: d}).Fit(ctx, X, nil)
		require.ErrorIs(t, err, estimator.ErrInvalidParam, "Degree %d", d)
		assert.Contains(t, err.Error(), "preprocess.PolynomialFeatures: ")
		assert.Less(t, time.Since(start), 2*time.Second, "Degree %d", d)
	}
	X2 := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	p := &PolynomialFeatures{Degree: math.MaxInt, InteractionOnly: true}
	require.NoError(t, p.Fit(ctx, X2, nil))
	assert.Equal(t, 4, p.NOutputFeatures()) // 1, a, b, ab
	wide := mat.NewDense(2, 2000, nil)
	_, err := (&PolynomialFeatures{Degree: 3}).FitTransform(ctx, wide, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam, "C(2002, 3) columns exceed the cap")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = polyCount(cancelled, 1, 1<<30, false, true)
	assert.True(t, err != nil)
}
