package preprocess

import (
	"bytes"
	"context"
	"strings"
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

func TestKernelPCAConformance(t *testing.T) {
	for _, mk := range []func() *KernelPCA{
		func() *KernelPCA { return &KernelPCA{NComponents: 2} },
		func() *KernelPCA { return &KernelPCA{NComponents: 3, Kernel: "rbf", FitInverseTransform: true} },
		func() *KernelPCA { return &KernelPCA{NComponents: 3, Kernel: "poly", Degree: 2} },
		func() *KernelPCA { return &KernelPCA{NComponents: 2, Kernel: "cosine"} },
		func() *KernelPCA {
			return &KernelPCA{NComponents: 2, Kernel: "rbf", EigenSolver: "randomized", Seed: 1}
		},
	} {
		estimatortest.Run(t, func() estimator.Estimator { return mk() }, estimatortest.Unsupervised())
	}
}

func TestKernelPCAMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/kpca.json")
	iris, wine := datasets.Iris().X, g.Matrix("wine_std/X")
	for _, tc := range []struct {
		name string
		est  *KernelPCA
		X    *mat.Dense
	}{
		{"iris-linear-2", &KernelPCA{NComponents: 2}, iris},
		{"iris-linear-none", &KernelPCA{}, iris},
		{"iris-rbf-3-inv", &KernelPCA{NComponents: 3, Kernel: "rbf", Gamma: 0.5, FitInverseTransform: true, Alpha: 0.1}, iris},
		{"iris-rbf-3-arpack", &KernelPCA{NComponents: 3, Kernel: "rbf", Gamma: 0.5, EigenSolver: "arpack"}, iris},
		// The randomized solver draws from PCG, not numpy, so both sides are
		// approximations of the dense answer: on these kernels (fast spectral decay,
		// 7 power iterations) they agree to ~3e-7, checked at 1e-6 (the brief's
		// randomized tolerance).
		{"iris-rbf-3-randomized", &KernelPCA{NComponents: 3, Kernel: "rbf", Gamma: 0.5, EigenSolver: "randomized"}, iris},
		{"wine-rbf-4-randomized", &KernelPCA{NComponents: 4, Kernel: "rbf", EigenSolver: "randomized", Seed: 5}, wine},
		{"iris-poly-4", &KernelPCA{NComponents: 4, Kernel: "poly", Degree: 2}, iris},
		{"iris-poly0-3", &KernelPCA{NComponents: 3, Kernel: "poly", Gamma: 0.2, ZeroCoef0: true}, iris},
		{"iris-cosine-3-inv", &KernelPCA{NComponents: 3, Kernel: "cosine", FitInverseTransform: true}, iris},
		{"wine-sigmoid-3", &KernelPCA{NComponents: 3, Kernel: "sigmoid", Gamma: 0.01, Coef0: 0.5}, wine},
		{"wine-rbf-5-inv", &KernelPCA{NComponents: 5, Kernel: "rbf", FitInverseTransform: true}, wine},
		{"wine-poly-6-rmzero", &KernelPCA{NComponents: 6, Kernel: "poly", RemoveZeroEig: true}, wine},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tol := 1e-8
			if tc.est.EigenSolver == "randomized" {
				tol = 1e-6
			}
			require.NoError(t, tc.est.Fit(context.Background(), tc.X, nil))
			k := "kpca/" + tc.name
			ev := g.Floats(k + "/eigenvalues")
			// Eigenpairs of a symmetric matrix from two LAPACK-style solvers agree to
			// rounding relative to the largest eigenvalue; vectors to rounding over the
			// eigengap (the data here have gaps ≥ 1e-3 of λ₀), so 1e-8 holds with room.
			assert.Less(t, testutil.RelDiff(tc.est.Eigenvalues(), ev, 1e-12*ev[0]), tol, "eigenvalues")
			// Signs included: both sides apply svd_flip to the eigenvectors.
			d := decMaxDiff(g.Matrix(k+"/eigenvectors"), tc.est.Eigenvectors())
			assert.Less(t, d, tol, "eigenvectors: max |Δ| %.3g", d)
			z, err := tc.est.Transform(tc.X)
			require.NoError(t, err)
			d = decMaxDiff(g.Matrix(k+"/fit_transform"), z)
			assert.Less(t, d, tol, "transform of the training rows: max |Δ| %.3g", d)
			zn, err := tc.est.Transform(g.Matrix(k + "/new"))
			require.NoError(t, err)
			d = decMaxDiff(g.Matrix(k+"/transform"), zn)
			assert.Less(t, d, tol, "transform of new rows: max |Δ| %.3g", d)
			if tc.est.FitInverseTransform {
				back, err := tc.est.InverseTransform(zn)
				require.NoError(t, err)
				d = decMaxDiff(g.Matrix(k+"/inverse"), back)
				assert.Less(t, d, tol, "inverse: max |Δ| %.3g", d)
			} else {
				_, err := tc.est.InverseTransform(zn)
				assert.ErrorIs(t, err, estimator.ErrNotFitted)
			}
		})
	}
	t.Run("precomputed", func(t *testing.T) {
		k := "kpca/iris-precomputed-3"
		est := &KernelPCA{NComponents: 3, Kernel: "precomputed"}
		require.NoError(t, est.Fit(context.Background(), g.Matrix(k+"/K"), nil))
		assert.Less(t, testutil.RelDiff(est.Eigenvalues(), g.Floats(k+"/eigenvalues"), 1e-12), 1e-8)
		z, err := est.Transform(g.Matrix(k + "/Knew"))
		require.NoError(t, err)
		assert.Less(t, decMaxDiff(g.Matrix(k+"/transform"), z), 1e-8)
		// The same as the rbf kernel on the raw rows.
		rbf := &KernelPCA{NComponents: 3, Kernel: "rbf", Gamma: 0.5}
		require.NoError(t, rbf.Fit(context.Background(), iris, nil))
		assert.Less(t, decMaxDiff(rbf.Eigenvectors(), est.Eigenvectors()), 1e-8)
	})
}

func TestKernelPCAErrors(t *testing.T) {
	ctx := context.Background()
	X := datasets.Iris().X
	for _, est := range []*KernelPCA{
		{Kernel: "laplacian"}, {NComponents: -1}, {Gamma: -1}, {Degree: -1}, {Degree: kpcaMaxDegree + 1},
		{Coef0: mathInf()}, {Coef0: 1, ZeroCoef0: true}, {Alpha: -1}, {EigenSolver: "lobpcg"},
		{IteratedPower: -1}, {IteratedPower: PCAMaxIteratedPower + 1},
		{Kernel: "precomputed", FitInverseTransform: true},
	} {
		assert.ErrorIs(t, est.Fit(ctx, X, nil), estimator.ErrInvalidParam, "%v", est)
	}
	// A precomputed kernel must be square, and Transform needs n columns.
	assert.ErrorIs(t, (&KernelPCA{Kernel: "precomputed"}).Fit(ctx, X, nil), estimator.ErrInvalidData)
	// Constant data has no variance in feature space.
	assert.ErrorIs(t, (&KernelPCA{}).Fit(ctx, mat.NewDense(5, 2, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}), nil), estimator.ErrInvalidData)
	// Too many rows: refused before the n×n kernel is built.
	big := mat.NewDense(KernelPCAMaxSamples+1, 1, nil)
	for i := 0; i < KernelPCAMaxSamples+1; i++ {
		big.Set(i, 0, float64(i))
	}
	err := (&KernelPCA{}).Fit(ctx, big, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.True(t, strings.Contains(err.Error(), "KernelPCAMaxSamples"), err.Error())
	// An indefinite precomputed "kernel": significant negative eigenvalues.
	indef := mat.NewDense(4, 4, []float64{
		0, 3, 0, 0,
		3, 0, 0, 0,
		0, 0, 1, 0,
		0, 0, 0, -2,
	})
	err = (&KernelPCA{Kernel: "precomputed"}).Fit(ctx, indef, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), "significant negative eigenvalues")
	// Cancelled between the kernel, the eigendecomposition and the inverse map.
	for n := 1; n < 4; n++ {
		e := &KernelPCA{NComponents: 2, Kernel: "rbf", FitInverseTransform: true}
		assert.ErrorIs(t, e.Fit(&decCountdownCtx{Context: ctx, n: n}, X, nil), context.Canceled)
		assert.Nil(t, e.Eigenvalues())
	}
	// Transform in blocks gives the same rows as one block would.
	e := &KernelPCA{NComponents: 2, Kernel: "rbf"}
	require.NoError(t, e.Fit(ctx, X, nil))
	many := mat.NewDense(2*kpcaBlock+5, 4, nil)
	for i := 0; i < 2*kpcaBlock+5; i++ {
		copy(many.RawRowView(i), X.RawRowView(i%150))
	}
	z, err := e.Transform(many)
	require.NoError(t, err)
	z1, err := e.Transform(X)
	require.NoError(t, err)
	for _, r := range []int{0, kpcaBlock - 1, kpcaBlock, 2*kpcaBlock + 4} {
		assert.InDeltaSlice(t, z1.RawRowView(r%150), z.RawRowView(r), 1e-12, "row %d", r)
	}
}

func TestKernelPCAComposes(t *testing.T) {
	ctx := context.Background()
	b := datasets.Boston()
	// 200 rows keep the n×n eigendecompositions of the 11 fits small.
	X, y := numRowsOf(b.X, 0, 200), b.Y[:200]
	p := pipeline.New(
		pipeline.Step{Name: "scale", Est: &StandardScaler{}},
		pipeline.Step{Name: "kpca", Est: &KernelPCA{NComponents: 8, Kernel: "rbf"}},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{Alpha: 0.1}},
	)
	s := &tuning.Search{Estimator: p, Space: tuning.Grid{{Param: "kpca.Gamma", Values: tuning.Values(0.001, 0.05)}}}
	require.NoError(t, s.Fit(ctx, X, y))
	assert.Contains(t, []any{0.001, 0.05}, s.BestParams()["kpca.Gamma"])
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, s.BestEstimator()))
	dst := estimator.Clone(p)
	require.NoError(t, estimator.Load(&buf, dst))
	want, err := s.Predict(X)
	require.NoError(t, err)
	got, err := dst.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}
