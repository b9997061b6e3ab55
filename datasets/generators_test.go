package datasets_test

import (
	"math"
	"sort"
	"testing"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

func TestMakeRegressionDefaults(t *testing.T) {
	ds, coef, err := datasets.MakeRegression(datasets.RegressionOptions{Seed: 1})
	require.NoError(t, err)
	n, p := ds.X.Dims()
	assert.Equal(t, []int{100, 100}, []int{n, p})
	require.Len(t, coef, 100)
	require.Len(t, ds.Y, 100)
	nonzero := 0
	for _, c := range coef {
		if c != 0 {
			nonzero++
			assert.True(t, c > 0 && c < 100, "coef %v outside [0, 100)", c)
		}
	}
	assert.Equal(t, 10, nonzero)
	assert.Equal(t, "x0", ds.FeatureNames[0])
	assert.Equal(t, "y", ds.TargetName)
	// X is standard normal.
	raw := ds.X.RawMatrix().Data
	assert.InDelta(t, 0, stat.Mean(raw, nil), 0.05)
	assert.InDelta(t, 1, stat.Variance(raw, nil), 0.05)
}

// linearResidual returns y - X·coef - bias.
func linearResidual(ds *datasets.Dataset, coef []float64, bias float64) []float64 {
	var pred mat.VecDense
	pred.MulVec(ds.X, mat.NewVecDense(len(coef), coef))
	r := make([]float64, len(ds.Y))
	for i := range r {
		r[i] = ds.Y[i] - pred.AtVec(i) - bias
	}
	return r
}

func TestMakeRegressionIsLinear(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  datasets.RegressionOptions
	}{
		{"shuffled", datasets.RegressionOptions{NSamples: 50, NFeatures: 8, NInformative: 3, Bias: 2.5, Seed: 3}},
		{"not shuffled", datasets.RegressionOptions{NSamples: 50, NFeatures: 8, NInformative: 3, Bias: -1, NoShuffle: true, Seed: 3}},
		{"low rank", datasets.RegressionOptions{NSamples: 40, NFeatures: 60, EffectiveRank: 5, TailStrength: 0.5, Seed: 4}},
		{"informative capped", datasets.RegressionOptions{NSamples: 10, NFeatures: 4, NInformative: 9, Seed: 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds, coef, err := datasets.MakeRegression(tc.opt)
			require.NoError(t, err)
			for i, r := range linearResidual(ds, coef, tc.opt.Bias) {
				assert.InDelta(t, 0, r, 1e-12*math.Max(1, math.Abs(ds.Y[i])), "row %d", i)
			}
			ninf := min(tc.opt.NInformative, tc.opt.NFeatures)
			if ninf == 0 {
				ninf = 10
			}
			nonzero := 0
			for j, c := range coef {
				if c != 0 {
					nonzero++
					if tc.opt.NoShuffle {
						assert.Less(t, j, ninf, "informative features come first without shuffling")
					}
				}
			}
			assert.Equal(t, ninf, nonzero)
		})
	}
}

func TestMakeRegressionNoise(t *testing.T) {
	ds, coef, err := datasets.MakeRegression(datasets.RegressionOptions{NSamples: 4000, NFeatures: 5, Noise: 2, Bias: 1, Seed: 9})
	require.NoError(t, err)
	r := linearResidual(ds, coef, 1)
	assert.InDelta(t, 0, stat.Mean(r, nil), 5*2/math.Sqrt(4000)) // 5 standard errors
	assert.InDelta(t, 2, stat.StdDev(r, nil), 0.1)
}

// TestMakeRegressionLowRankSpectrum checks make_low_rank_matrix's construction: the
// singular values of X are exactly the bell-shaped profile.
func TestMakeRegressionLowRankSpectrum(t *testing.T) {
	const n, p, rank, tail = 30, 20, 4.0, 0.3
	ds, _, err := datasets.MakeRegression(datasets.RegressionOptions{NSamples: n, NFeatures: p, EffectiveRank: rank, TailStrength: tail, Seed: 2})
	require.NoError(t, err)
	var svd mat.SVD
	require.True(t, svd.Factorize(ds.X, mat.SVDNone))
	got := svd.Values(nil)
	want := make([]float64, p)
	for i := range want {
		fi := float64(i)
		want[i] = (1-tail)*math.Exp(-(fi/rank)*(fi/rank)) + tail*math.Exp(-0.1*fi/rank)
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(want)))
	assert.InDeltaSlice(t, want, got, 1e-12)
}

func TestMakeClassificationBalanceAndShape(t *testing.T) {
	ds, err := datasets.MakeClassification(datasets.ClassificationOptions{
		NSamples: 300, NFeatures: 7, NInformative: 3, NRedundant: 1, NClasses: 3, Seed: 1})
	require.NoError(t, err)
	n, p := ds.X.Dims()
	assert.Equal(t, []int{300, 7}, []int{n, p})
	assert.Equal(t, []string{"0", "1", "2"}, ds.TargetNames)
	assert.Equal(t, []int{100, 100, 100}, classCounts(ds.Y, 3), "FlipY 0 keeps classes exactly balanced")

	def, err := datasets.MakeClassification(datasets.ClassificationOptions{})
	require.NoError(t, err)
	n, p = def.X.Dims()
	assert.Equal(t, []int{100, 20}, []int{n, p})
	assert.Equal(t, []int{50, 50}, classCounts(def.Y, 2))
}

func classCounts(y []float64, k int) []int {
	c := make([]int, k)
	for _, v := range y {
		c[int(v)]++
	}
	return c
}

func TestMakeClassificationWeights(t *testing.T) {
	for _, w := range [][]float64{{0.2, 0.8}, {0.2}} {
		ds, err := datasets.MakeClassification(datasets.ClassificationOptions{NSamples: 1000, Weights: w, Seed: 2})
		require.NoError(t, err)
		assert.Equal(t, []int{200, 800}, classCounts(ds.Y, 2), "weights %v", w)
	}
	// Rounding leftovers are dealt to the clusters in turn, as in scikit-learn:
	// int(10·(1/3)/2) = 1 per cluster, 6 clusters, 4 left over → clusters 0..3 (classes 0, 1, 2, 0).
	ds, err := datasets.MakeClassification(datasets.ClassificationOptions{NSamples: 10, NClasses: 3, NInformative: 3, Seed: 2})
	require.NoError(t, err)
	assert.Equal(t, []int{4, 3, 3}, classCounts(ds.Y, 3))
}

// TestMakeClassificationStructure checks the unshuffled column layout: informative,
// redundant (exact linear combinations of the informative ones), repeated (copies),
// then independent noise.
func TestMakeClassificationStructure(t *testing.T) {
	const ninf, nred, nrep, p, n = 3, 2, 2, 10, 400
	ds, err := datasets.MakeClassification(datasets.ClassificationOptions{
		NSamples: n, NFeatures: p, NInformative: ninf, NRedundant: nred, NRepeated: nrep, NoShuffle: true, Seed: 7})
	require.NoError(t, err)
	inf := ds.X.Slice(0, n, 0, ninf)
	for j := ninf; j < ninf+nred; j++ {
		// Least squares of the redundant column on the informative ones fits exactly.
		col := mat.NewVecDense(n, mat.Col(nil, j, ds.X))
		var beta, fit mat.VecDense
		require.NoError(t, beta.SolveVec(inf, col))
		fit.MulVec(inf, &beta)
		fit.SubVec(&fit, col)
		assert.Less(t, mat.Norm(&fit, math.Inf(1)), 1e-9, "redundant column %d", j)
	}
	for j := ninf + nred; j < ninf+nred+nrep; j++ {
		col := mat.Col(nil, j, ds.X)
		found := false
		for k := 0; k < ninf+nred; k++ {
			if floats.Equal(col, mat.Col(nil, k, ds.X)) {
				found = true
			}
		}
		assert.True(t, found, "repeated column %d copies an informative or redundant column", j)
	}
	for j := ninf + nred + nrep; j < p; j++ {
		col := mat.Col(nil, j, ds.X)
		assert.InDelta(t, 0, stat.Mean(col, nil), 0.2, "noise column %d", j)
		assert.InDelta(t, 1, stat.StdDev(col, nil), 0.2, "noise column %d", j)
	}
	// Without shuffling, rows are grouped by cluster: 2 classes × 2 clusters of 100.
	want := make([]float64, n)
	for i := range want {
		want[i] = float64((i / 100) % 2)
	}
	assert.Equal(t, want, ds.Y)
}

// TestMakeClassificationSeparable checks that the informative features carry the
// classes: with one cluster per class and a wide ClassSep, a nearest-class-mean rule
// is nearly always right.
func TestMakeClassificationSeparable(t *testing.T) {
	const n = 1000
	ds, err := datasets.MakeClassification(datasets.ClassificationOptions{
		NSamples: n, NFeatures: 4, NInformative: 2, NClustersPerClass: 1, NClasses: 4, ClassSep: 4, Seed: 11})
	require.NoError(t, err)
	_, p := ds.X.Dims()
	means := make([][]float64, 4)
	for k := range means {
		means[k] = make([]float64, p)
	}
	counts := classCounts(ds.Y, 4)
	for i := 0; i < n; i++ {
		floats.AddScaled(means[int(ds.Y[i])], 1/float64(counts[int(ds.Y[i])]), ds.X.RawRowView(i))
	}
	correct := 0
	for i := 0; i < n; i++ {
		best, bestD := -1, math.Inf(1)
		for k, m := range means {
			if d := floats.Distance(ds.X.RawRowView(i), m, 2); d < bestD {
				best, bestD = k, d
			}
		}
		if float64(best) == ds.Y[i] {
			correct++
		}
	}
	assert.Greater(t, float64(correct)/n, 0.9)
}

func TestMakeClassificationFlipShiftScale(t *testing.T) {
	base := datasets.ClassificationOptions{NSamples: 4000, NFeatures: 5, NoShuffle: true, Seed: 5}
	ref, err := datasets.MakeClassification(base)
	require.NoError(t, err)

	flipped := base
	flipped.FlipY = 0.2
	fl, err := datasets.MakeClassification(flipped)
	require.NoError(t, err)
	assert.True(t, mat.Equal(ref.X, fl.X), "label flipping draws after X")
	changed := 0
	for i := range ref.Y {
		if ref.Y[i] != fl.Y[i] {
			changed++
		}
	}
	// A flipped label keeps its class with probability 1/2: expect 0.2·0.5 = 10%.
	assert.InDelta(t, 0.1, float64(changed)/4000, 0.025)

	shifted := base
	shifted.Shift, shifted.Scale = 2, 3
	sh, err := datasets.MakeClassification(shifted)
	require.NoError(t, err)
	var want mat.Dense
	want.Apply(func(_, _ int, v float64) float64 { return (v + 2) * 3 }, ref.X)
	assert.True(t, mat.EqualApprox(&want, sh.X, 1e-12))

	random := base
	random.RandomShift, random.RandomScale = true, true
	rs, err := datasets.MakeClassification(random)
	require.NoError(t, err)
	// Each column is an affine map of the reference column with factor in [1, 101)
	// and shift in [-1, 1) before scaling.
	for j := 0; j < 5; j++ {
		a, b := mat.Col(nil, j, ref.X), mat.Col(nil, j, rs.X)
		scale := (b[1] - b[0]) / (a[1] - a[0])
		shift := b[0]/scale - a[0]
		assert.True(t, scale >= 1 && scale < 101, "column %d scale %v", j, scale)
		assert.True(t, shift >= -1 && shift < 1, "column %d shift %v", j, shift)
		for i := range a {
			assert.InDelta(t, (a[i]+shift)*scale, b[i], 1e-9*math.Max(1, math.Abs(b[i])))
		}
	}

	poly := base
	poly.NoHypercube = true
	pl, err := datasets.MakeClassification(poly)
	require.NoError(t, err)
	assert.False(t, mat.Equal(ref.X, pl.X))

	wide, err := datasets.MakeClassification(datasets.ClassificationOptions{NSamples: 50, NFeatures: 40, NInformative: 35, NClasses: 5, Seed: 1})
	require.NoError(t, err, "more than 30 informative features")
	assert.Equal(t, []int{10, 10, 10, 10, 10}, classCounts(wide.Y, 5))
}

func TestMakeBlobs(t *testing.T) {
	ds, centers, err := datasets.MakeBlobs(datasets.BlobsOptions{Seed: 1})
	require.NoError(t, err)
	n, p := ds.X.Dims()
	assert.Equal(t, []int{100, 2}, []int{n, p})
	assert.Equal(t, []int{34, 33, 33}, classCounts(ds.Y, 3))
	r, c := centers.Dims()
	assert.Equal(t, []int{3, 2}, []int{r, c})
	for _, v := range centers.RawMatrix().Data {
		assert.True(t, v >= -10 && v < 10, "centre coordinate %v outside the default box", v)
	}

	// Means and spreads of big blobs match their centres and standard deviations.
	ds, centers, err = datasets.MakeBlobs(datasets.BlobsOptions{NSamples: 6000, NFeatures: 3, NCenters: 3,
		ClusterStds: []float64{0.5, 1, 2}, CenterBox: [2]float64{100, 200}, Seed: 2})
	require.NoError(t, err)
	for k, std := range []float64{0.5, 1, 2} {
		for j := 0; j < 3; j++ {
			var col []float64
			for i, y := range ds.Y {
				if int(y) == k {
					col = append(col, ds.X.At(i, j))
				}
			}
			require.Len(t, col, 2000)
			c := centers.At(k, j)
			assert.True(t, c >= 100 && c < 200)
			assert.InDelta(t, c, stat.Mean(col, nil), 5*std/math.Sqrt(2000), "blob %d mean", k)
			assert.InDelta(t, std, stat.StdDev(col, nil), 0.1*std, "blob %d std", k)
		}
	}
}

func TestMakeBlobsExplicit(t *testing.T) {
	cs := [][]float64{{1, 2, 3}, {-4, 5, 6}}
	ds, centers, err := datasets.MakeBlobs(datasets.BlobsOptions{Centers: cs, NSamplesPerCenter: []int{3, 2},
		ClusterStds: []float64{0, 0}, NoShuffle: true})
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 0, 0, 1, 1}, ds.Y)
	for i, y := range ds.Y {
		assert.Equal(t, cs[int(y)], ds.X.RawRowView(i), "zero std puts points on the centre")
	}
	assert.Equal(t, []float64{1, 2, 3, -4, 5, 6}, centers.RawMatrix().Data)
	cs[0][0] = 99
	assert.Equal(t, 1.0, centers.At(0, 0), "centres are copied")

	ds, _, err = datasets.MakeBlobs(datasets.BlobsOptions{NSamplesPerCenter: []int{5, 0, 2}, Seed: 3})
	require.NoError(t, err)
	assert.Equal(t, []int{5, 0, 2}, classCounts(ds.Y, 3))
}

func TestGeneratorsReproducible(t *testing.T) {
	gen := map[string]func(seed uint64) *datasets.Dataset{
		"MakeRegression": func(seed uint64) *datasets.Dataset {
			ds, _, err := datasets.MakeRegression(datasets.RegressionOptions{NSamples: 20, NFeatures: 4, Noise: 1, Seed: seed})
			require.NoError(t, err)
			return ds
		},
		"MakeClassification": func(seed uint64) *datasets.Dataset {
			ds, err := datasets.MakeClassification(datasets.ClassificationOptions{NSamples: 20, FlipY: 0.1, Seed: seed})
			require.NoError(t, err)
			return ds
		},
		"MakeBlobs": func(seed uint64) *datasets.Dataset {
			ds, _, err := datasets.MakeBlobs(datasets.BlobsOptions{NSamples: 20, Seed: seed})
			require.NoError(t, err)
			return ds
		},
	}
	for name, f := range gen {
		t.Run(name, func(t *testing.T) {
			a, b, c := f(0), f(0), f(1)
			assert.True(t, mat.Equal(a.X, b.X))
			assert.Equal(t, a.Y, b.Y)
			assert.False(t, mat.Equal(a.X, c.X))
		})
	}
}

func TestGeneratorErrors(t *testing.T) {
	reg := func(o datasets.RegressionOptions) error { _, _, err := datasets.MakeRegression(o); return err }
	cls := func(o datasets.ClassificationOptions) error { _, err := datasets.MakeClassification(o); return err }
	blobs := func(o datasets.BlobsOptions) error { _, _, err := datasets.MakeBlobs(o); return err }
	for _, tc := range []struct {
		name  string
		param string
		err   error
	}{
		{"regression NSamples<0", "NSamples", reg(datasets.RegressionOptions{NSamples: -1})},
		{"regression NFeatures<0", "NFeatures", reg(datasets.RegressionOptions{NFeatures: -1})},
		{"regression NInformative<0", "NInformative", reg(datasets.RegressionOptions{NInformative: -1})},
		{"regression NTargets", "NTargets", reg(datasets.RegressionOptions{NTargets: 2})},
		{"regression Noise", "Noise", reg(datasets.RegressionOptions{Noise: -1})},
		{"regression Noise NaN", "Noise", reg(datasets.RegressionOptions{Noise: math.NaN()})},
		{"regression Bias Inf", "Bias", reg(datasets.RegressionOptions{Bias: math.Inf(1)})},
		{"regression EffectiveRank", "EffectiveRank", reg(datasets.RegressionOptions{EffectiveRank: -2})},
		{"regression TailStrength", "TailStrength", reg(datasets.RegressionOptions{EffectiveRank: 2, TailStrength: 1.5})},
		{"regression too big", "NSamples", reg(datasets.RegressionOptions{NSamples: 1 << 30, NFeatures: 1 << 10})},
		{"classification features", "NFeatures", cls(datasets.ClassificationOptions{NFeatures: 3, NInformative: 2, NRedundant: 2})},
		{"classification hypercube too small", "NInformative", cls(datasets.ClassificationOptions{NClasses: 3, NInformative: 2})},
		{"classification NClasses", "NClasses", cls(datasets.ClassificationOptions{NClasses: -1})},
		{"classification NClustersPerClass", "NClustersPerClass", cls(datasets.ClassificationOptions{NClustersPerClass: -1})},
		{"classification NRedundant", "NRedundant", cls(datasets.ClassificationOptions{NRedundant: -1})},
		{"classification huge NRedundant", "NFeatures", cls(datasets.ClassificationOptions{NRedundant: math.MaxInt})},
		{"classification NRepeated", "NRepeated", cls(datasets.ClassificationOptions{NRepeated: -1})},
		{"classification weights length", "Weights", cls(datasets.ClassificationOptions{Weights: []float64{0.1, 0.2, 0.7}})},
		{"classification weights sum", "Weights", cls(datasets.ClassificationOptions{Weights: []float64{0.6, 0.6}})},
		{"classification weights negative", "Weights", cls(datasets.ClassificationOptions{Weights: []float64{-0.1}})},
		{"classification FlipY", "FlipY", cls(datasets.ClassificationOptions{FlipY: 1.5})},
		{"classification ClassSep", "ClassSep", cls(datasets.ClassificationOptions{ClassSep: -1})},
		{"classification Scale", "Scale", cls(datasets.ClassificationOptions{Scale: math.NaN()})},
		{"classification Shift", "Shift", cls(datasets.ClassificationOptions{Shift: math.Inf(-1)})},
		{"classification too few samples", "NSamples", cls(datasets.ClassificationOptions{NSamples: 3})},
		{"classification overflowing clusters", "NSamples", cls(datasets.ClassificationOptions{NFeatures: 100, NInformative: 70, NClasses: 1 << 62, NClustersPerClass: 4})},
		{"regression 1e12 samples", "NSamples", reg(datasets.RegressionOptions{NSamples: 1e12})},
		{"regression 1e12 features", "NSamples", reg(datasets.RegressionOptions{NFeatures: 1e12})},
		{"regression MaxInt samples", "NSamples", reg(datasets.RegressionOptions{NSamples: math.MaxInt, NFeatures: math.MaxInt})},
		{"regression low rank too slow", "NSamples", reg(datasets.RegressionOptions{NSamples: 40000, NFeatures: 40000, EffectiveRank: 5})},
		{"classification 1e12 samples", "NSamples", cls(datasets.ClassificationOptions{NSamples: 1e12})},
		{"classification huge NInformative", "NInformative", cls(datasets.ClassificationOptions{NSamples: 4, NFeatures: 1 << 28, NInformative: 1 << 28})},
		{"classification too slow", "NInformative", cls(datasets.ClassificationOptions{NSamples: 1 << 20, NFeatures: 2000, NInformative: 2000})},
		{"blobs 1e12 samples", "NSamples", blobs(datasets.BlobsOptions{NSamples: 1e12})},
		{"blobs NSamples", "NSamples", blobs(datasets.BlobsOptions{NSamples: -5})},
		{"blobs too many centres", "NCenters", blobs(datasets.BlobsOptions{NCenters: 1 << 40})},
		{"blobs too many samples", "NSamples", blobs(datasets.BlobsOptions{NSamples: 1 << 40})},
		{"blobs NCenters", "NCenters", blobs(datasets.BlobsOptions{NCenters: -1})},
		{"blobs empty Centers", "Centers", blobs(datasets.BlobsOptions{Centers: [][]float64{}})},
		{"blobs ragged Centers", "Centers", blobs(datasets.BlobsOptions{Centers: [][]float64{{1, 2}, {3}}})},
		{"blobs NaN centre", "Centers", blobs(datasets.BlobsOptions{Centers: [][]float64{{math.NaN()}}})},
		{"blobs NFeatures vs Centers", "NFeatures", blobs(datasets.BlobsOptions{NFeatures: 3, Centers: [][]float64{{1, 2}}})},
		{"blobs NSamplesPerCenter vs Centers", "NSamplesPerCenter", blobs(datasets.BlobsOptions{NSamplesPerCenter: []int{1}, Centers: [][]float64{{1}, {2}}})},
		{"blobs NSamplesPerCenter vs NCenters", "NCenters", blobs(datasets.BlobsOptions{NSamplesPerCenter: []int{1}, NCenters: 2})},
		{"blobs NSamplesPerCenter vs NSamples", "NSamples", blobs(datasets.BlobsOptions{NSamplesPerCenter: []int{1, 2}, NSamples: 4})},
		{"blobs negative count", "NSamplesPerCenter", blobs(datasets.BlobsOptions{NSamplesPerCenter: []int{1, -2}})},
		{"blobs all empty", "NSamplesPerCenter", blobs(datasets.BlobsOptions{NSamplesPerCenter: []int{0, 0}})},
		{"blobs ClusterStd", "ClusterStd", blobs(datasets.BlobsOptions{ClusterStd: -1})},
		{"blobs ClusterStds length", "ClusterStds", blobs(datasets.BlobsOptions{ClusterStds: []float64{1}})},
		{"blobs CenterBox", "CenterBox", blobs(datasets.BlobsOptions{CenterBox: [2]float64{5, -5}})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Error(t, tc.err)
			assert.ErrorIs(t, tc.err, estimator.ErrInvalidParam)
			var pe *estimator.ParamError
			require.ErrorAs(t, tc.err, &pe)
			assert.Equal(t, tc.param, pe.Param)
			assert.Contains(t, tc.err.Error(), "datasets.Make")
		})
	}
}
