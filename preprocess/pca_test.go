package preprocess

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
)

func TestPCAConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &PCA{NComponents: 2} }, estimatortest.Unsupervised())
	estimatortest.Run(t, func() estimator.Estimator { return &PCA{VarianceRatio: 0.8, Whiten: true} }, estimatortest.Unsupervised())
	estimatortest.Run(t, func() estimator.Estimator { return &TruncatedSVD{} }, estimatortest.Unsupervised())
}

func TestPCAMatchesScikitLearn(t *testing.T) {
	g := numGolden(t)
	boston := datasets.Boston().X
	std, err := (&StandardScaler{}).FitTransform(context.Background(), boston, nil)
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		est  *PCA
		X    *mat.Dense
	}{
		{"iris", &PCA{}, datasets.Iris().X},
		{"boston-5", &PCA{NComponents: 5}, boston},
		{"boston-5-whiten", &PCA{NComponents: 5, Whiten: true}, boston},
		{"boston-std-0.9", &PCA{VarianceRatio: 0.9}, std},
		{"wine-3", &PCA{NComponents: 3}, datasets.Wine().X},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.est.Fit(context.Background(), tc.X, nil))
			k := "pca/" + tc.name
			// SVD-based results agree to ~1e-8 relative (different LAPACK paths).
			numCloseMat(t, numMatrix(t, g, k+"/components"), tc.est.Components(), 1e-8, "components")
			numClose(t, numFloats(t, g, k+"/explained_variance"), tc.est.ExplainedVariance(), 1e-9, "explained variance")
			numClose(t, numFloats(t, g, k+"/explained_variance_ratio"), tc.est.ExplainedVarianceRatio(), 1e-9, "ratio")
			numClose(t, numFloats(t, g, k+"/singular_values"), tc.est.SingularValues(), 1e-9, "singular values")
			assert.InDelta(t, g.Float(k+"/noise_variance"), tc.est.NoiseVariance(), 1e-9*max(1, g.Float(k+"/noise_variance")))
			in := numRowsOf(tc.X, 0, 10)
			z, err := tc.est.Transform(in)
			require.NoError(t, err)
			numCloseMat(t, numMatrix(t, g, k+"/transform"), z, 1e-8, "transform")
			back, err := tc.est.InverseTransform(z)
			require.NoError(t, err)
			numCloseMat(t, numMatrix(t, g, k+"/inverse"), back, 1e-8, "inverse")
			var names []string
			g.Decode(k+"/names", &names)
			assert.Equal(t, names, tc.est.FeatureNamesOut(nil))
			assert.Equal(t, len(names), tc.est.NComponentsOut())
		})
	}
}

func TestTruncatedSVDMatchesScikitLearn(t *testing.T) {
	g := numGolden(t)
	for _, tc := range []struct {
		name string
		est  *TruncatedSVD
		X    *mat.Dense
	}{
		{"boston-3", &TruncatedSVD{NComponents: 3}, datasets.Boston().X},
		{"iris-2", &TruncatedSVD{}, datasets.Iris().X},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.est.Fit(context.Background(), tc.X, nil))
			k := "tsvd/" + tc.name
			numCloseMat(t, numMatrix(t, g, k+"/components"), tc.est.Components(), 1e-8, "components")
			numClose(t, numFloats(t, g, k+"/explained_variance"), tc.est.ExplainedVariance(), 1e-8, "explained variance")
			numClose(t, numFloats(t, g, k+"/explained_variance_ratio"), tc.est.ExplainedVarianceRatio(), 1e-8, "ratio")
			numClose(t, numFloats(t, g, k+"/singular_values"), tc.est.SingularValues(), 1e-9, "singular values")
			z, err := tc.est.Transform(numRowsOf(tc.X, 0, 10))
			require.NoError(t, err)
			numCloseMat(t, numMatrix(t, g, k+"/transform"), z, 1e-8, "transform")
			var names []string
			g.Decode(k+"/names", &names)
			assert.Equal(t, names, tc.est.FeatureNamesOut(nil))
			_, err = tc.est.InverseTransform(z)
			require.NoError(t, err)
		})
	}
}

func TestPCAParams(t *testing.T) {
	X := datasets.Iris().X
	ctx := context.Background()
	for _, est := range []estimator.Transformer{
		&PCA{NComponents: -1}, &PCA{VarianceRatio: 1.5}, &PCA{NComponents: 2, VarianceRatio: 0.5},
		&PCA{NComponents: 5}, &TruncatedSVD{NComponents: -1}, &TruncatedSVD{NComponents: 5},
	} {
		assert.ErrorIs(t, est.Fit(ctx, X, nil), estimator.ErrInvalidParam, "%+v", est)
	}
	one := mat.NewDense(1, 3, []float64{1, 2, 3})
	assert.ErrorIs(t, (&PCA{}).Fit(ctx, one, nil), estimator.ErrInvalidData)
	p := &PCA{NComponents: 2}
	require.NoError(t, p.Fit(ctx, X, nil))
	_, err := p.InverseTransform(mat.NewDense(2, 3, nil))
	assert.ErrorIs(t, err, estimator.ErrShape)
}

func TestPCAWideData(t *testing.T) {
	// n < p: all min(n, p) components reconstruct X exactly, components are orthonormal.
	X := mat.NewDense(4, 6, []float64{
		1, 2, 0, 3, 1, 5,
		2, 0, 1, 1, 4, 2,
		0, 1, 3, 2, 2, 1,
		5, 1, 2, 0, 3, 3,
	})
	p := &PCA{}
	require.NoError(t, p.Fit(context.Background(), X, nil))
	assert.Equal(t, 4, p.NComponentsOut())
	assert.Zero(t, p.NoiseVariance())
	Z, err := p.Transform(X)
	require.NoError(t, err)
	back, err := p.InverseTransform(Z)
	require.NoError(t, err)
	assert.True(t, mat.EqualApprox(X, back, 1e-10))
	C := p.Components()
	var cct mat.Dense
	cct.Mul(C.Slice(0, 3, 0, 6), C.Slice(0, 3, 0, 6).T()) // the 4th has ~0 variance
	assert.True(t, mat.EqualApprox(&cct, numEye(3), 1e-10))
	ratio := p.ExplainedVarianceRatio()
	assert.InDelta(t, 1, ratio[0]+ratio[1]+ratio[2]+ratio[3], 1e-12)
}

func numEye(n int) *mat.Dense {
	m := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		m.Set(i, i, 1)
	}
	return m
}

func TestPCASolversMatchScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/pca_solvers.json")
	lowrank, wide := g.Matrix("lowrank/X"), g.Matrix("wide/X")
	for _, tc := range []struct {
		name   string
		est    *PCA
		X      *mat.Dense
		solver PCASolver
		// tol bounds |Δ| of components, transforms (relative to their scale) and
		// singular values (relative).
		tol float64
	}{
		// The ARPACK-equivalent solver is deterministic: it agrees with scikit-learn's
		// converged ARPACK to rounding (condition of the Gram eigenproblem).
		{"boston-arpack-5", &PCA{NComponents: 5, SvdSolver: "arpack"}, datasets.Boston().X, "arpack", 1e-10},
		{"boston-arpack-none", &PCA{SvdSolver: "arpack"}, datasets.Boston().X, "arpack", 1e-10},
		{"digits-arpack-10", &PCA{NComponents: 10, SvdSolver: "arpack"}, datasets.Digits().X, "arpack", 1e-10},
		{"lowrank-arpack-5", &PCA{NComponents: 5, SvdSolver: "arpack"}, lowrank, "arpack", 1e-10},
		{"wide-arpack-3", &PCA{NComponents: 3, SvdSolver: "arpack"}, wide, "arpack", 1e-10},
		// The randomized solver draws its test matrix from PCG, not numpy, so it is
		// compared with scikit-learn's randomized result and with the exact SVD: on
		// low-rank-plus-noise data both converge to the same subspace, to about the
		// noise-to-gap ratio raised to the power-iteration count (far below 1e-6).
		{"lowrank-randomized-5", &PCA{NComponents: 5, SvdSolver: "randomized"}, lowrank, "randomized", 1e-6},
		{"lowrank-auto-5", &PCA{NComponents: 5}, lowrank, "randomized", 1e-6},
		{"lowrank-full-5", &PCA{NComponents: 5, SvdSolver: "randomized", Seed: 3}, lowrank, "randomized", 1e-6},
		{"wide-randomized-3", &PCA{NComponents: 3, SvdSolver: "randomized", Seed: 9}, wide, "randomized", 1e-6},
		{"wide-full-3", &PCA{NComponents: 3, SvdSolver: "randomized", PowerIterationNormalizer: "QR"}, wide, "randomized", 1e-6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, c := tc.X.Dims()
			assert.Equal(t, tc.solver, tc.est.solver(n, c))
			require.NoError(t, tc.est.Fit(context.Background(), tc.X, nil))
			k := "pca/" + tc.name
			want := g.Matrix(k + "/components")
			got := tc.est.Components()
			// Same signs as scikit-learn: svd_flip on U for every solver.
			d := decMaxDiff(want, got)
			t.Logf("max |Δ components| = %.3g", d)
			assert.Less(t, d, tc.tol, "components")
			sv := g.Floats(k + "/singular_values")
			assert.Less(t, testutil.RelDiff(tc.est.SingularValues(), sv, 1e-300), tc.tol, "singular values")
			assert.Less(t, testutil.RelDiff(tc.est.ExplainedVariance(), g.Floats(k+"/explained_variance"), 1e-300), tc.tol)
			assert.Less(t, testutil.RelDiff(tc.est.ExplainedVarianceRatio(), g.Floats(k+"/explained_variance_ratio"), 1e-300), tc.tol)
			nv := g.Float(k + "/noise_variance")
			assert.InDelta(t, nv, tc.est.NoiseVariance(), tc.tol*math.Max(1, nv)*10)
			z, err := tc.est.Transform(numRowsOf(tc.X, 0, 10))
			require.NoError(t, err)
			assert.Less(t, decMaxDiff(g.Matrix(k+"/transform"), z), tc.tol*sv[0], "transform")
		})
	}
}

func TestPCARandomizedMatchesFull(t *testing.T) {
	// Randomized and full agree on low-rank-plus-noise data for every normalizer,
	// in both transpose branches.
	g := testutil.Golden(t, "testdata/pca_solvers.json")
	for _, X := range []*mat.Dense{g.Matrix("lowrank/X"), g.Matrix("wide/X")} {
		full := &PCA{NComponents: 3, SvdSolver: "full"}
		require.NoError(t, full.Fit(context.Background(), X, nil))
		for _, norm := range []string{"", "LU", "QR", "none"} {
			for _, iters := range []int{0, 1, 5} {
				r := &PCA{NComponents: 3, SvdSolver: "randomized", PowerIterationNormalizer: norm, IteratedPower: iters, Seed: 42}
				require.NoError(t, r.Fit(context.Background(), X, nil))
				d := decMaxDiff(full.Components(), r.Components())
				assert.Less(t, d, 1e-6, "normalizer %q, %d iterations: max |Δ| %.3g", norm, iters, d)
				assert.Less(t, testutil.RelDiff(r.SingularValues(), full.SingularValues(), 1), 1e-9)
			}
		}
	}
}

func TestPCAPermutedL(t *testing.T) {
	// scipy.linalg.lu(Y, permute_l=True) of this 4×3 Y, stored transposed.
	y := mat.NewDense(4, 3, []float64{
		1, 2, 3,
		4, 5, 6,
		7, 8, 10,
		2, 1, 0,
	})
	yt := mat.DenseCopyOf(y.T())
	pcaPermutedL(yt)
	want := mat.NewDense(4, 3, []float64{ // scipy.linalg.lu(Y, permute_l=True)[0]
		0.14285714285714285, -0.6666666666666667, 0.5,
		0.5714285714285714, -0.33333333333333326, 1,
		1, 0, 0,
		0.2857142857142857, 1, 0,
	})
	assert.Less(t, decMaxDiff(want, yt.T()), 1e-15)
	// P·L·U = Y: the span is Y's, which is all the solver needs.
	assert.Equal(t, 3, numRank(yt))
}

func numRank(m *mat.Dense) int {
	var svd mat.SVD
	svd.Factorize(m, mat.SVDNone)
	return svd.Rank(1e-12)
}

func TestPCASolverParams(t *testing.T) {
	ctx := context.Background()
	X := datasets.Iris().X
	for _, est := range []*PCA{
		{SvdSolver: "lapack"},
		{SvdSolver: "randomized", VarianceRatio: 0.5},
		{SvdSolver: "arpack", NComponents: 4},
		{SvdSolver: "arpack", NComponents: 5},
		{SvdSolver: "randomized", NComponents: 5},
		{IteratedPower: -1},
		{IteratedPower: PCAMaxIteratedPower + 1},
		{NOversamples: -1},
		{NOversamples: PCAMaxOversamples + 1},
		{PowerIterationNormalizer: "lu"},
	} {
		assert.ErrorIs(t, est.Fit(ctx, X, nil), estimator.ErrInvalidParam, "%+v", est)
	}
	// Auto: full below 500 rows/columns, for n_components=None, for fractions and
	// for NComponents >= 0.8·min(n, p).
	p := &PCA{NComponents: 10}
	assert.Equal(t, PCASolverFull, p.solver(500, 100))
	assert.Equal(t, PCASolverRandomized, p.solver(501, 100))
	assert.Equal(t, PCASolverFull, (&PCA{}).solver(1000, 100))
	assert.Equal(t, PCASolverFull, (&PCA{VarianceRatio: 0.5}).solver(1000, 100))
	assert.Equal(t, PCASolverFull, (&PCA{NComponents: 80}).solver(1000, 100))
	assert.Equal(t, PCASolverRandomized, (&PCA{NComponents: 79}).solver(1000, 100))
	// A cancelled context inside the power iterations and the Gram solver.
	big := datasets.Digits().X
	for _, est := range []*PCA{{NComponents: 5, SvdSolver: "randomized"}, {NComponents: 5, SvdSolver: "arpack"}} {
		for n := 1; n < 4; n++ {
			err := est.Fit(&decCountdownCtx{Context: ctx, n: n}, big, nil)
			assert.ErrorIs(t, err, context.Canceled, "%s after %d checks", est.SvdSolver, n)
			assert.True(t, est.Components() == nil, "a cancelled Fit keeps no model")
		}
	}
}

func TestPCASolverConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &PCA{NComponents: 2, SvdSolver: "randomized", Seed: 4} }, estimatortest.Unsupervised())
	estimatortest.Run(t, func() estimator.Estimator { return &PCA{NComponents: 2, SvdSolver: "arpack", Whiten: true} }, estimatortest.Unsupervised())
}

// BenchmarkPCARandomized is PCA(n_components=10) of a 100 000 × 100 matrix, the size
// at which scikit-learn's "auto" picks the randomized solver (testdata/bench_pca.py
// times scikit-learn on the same shape).
func BenchmarkPCARandomized(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	X := mat.NewDense(100_000, 100, nil)
	raw := X.RawMatrix().Data
	for i := range raw {
		raw[i] = rng.NormFloat64()
	}
	for _, solver := range []PCASolver{"auto", "full", "arpack"} {
		if solver == "auto" {
			solver = ""
		}
		b.Run(string(solver), func(b *testing.B) {
			for range b.N {
				p := &PCA{NComponents: 10, SvdSolver: solver}
				if err := p.Fit(context.Background(), X, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
