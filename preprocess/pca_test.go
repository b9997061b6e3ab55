package preprocess

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
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
