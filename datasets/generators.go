package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/skgo/skgo/estimator"
	"gonum.org/v1/gonum/mat"
)

// The generators follow scikit-learn 1.2's definitions in
// sklearn/datasets/_samples_generator.py step by step: the same distributions, drawn in
// the same order and combined the same way. They use math/rand/v2's PCG seeded with
// (Seed, Seed), not numpy's Mersenne Twister, so the numbers differ from scikit-learn's
// for any random_state; the statistical structure is the same. A given Seed always
// gives the same data (on every platform, up to floating-point contraction), and every
// Seed, 0 included, is a valid fixed seed.

// maxGenCells bounds NSamples×NFeatures for the generators (2^31 float64s, 16 GiB), so
// that an absurd option gives an error rather than an out-of-memory crash.
const maxGenCells = 1 << 31

// maxGenWork bounds the multiply-adds of the steps whose cost grows faster than the
// output (MakeClassification's per-cluster covariance, NSamples×NInformative², and
// MakeRegression's low-rank orthonormalisation, (NSamples+NFeatures)×min(NSamples,
// NFeatures)²): 2^36, about a minute, so that an absurd option gives an error rather
// than an apparent hang.
const maxGenWork = 1 << 36

// RegressionOptions configures MakeRegression. The zero value gives scikit-learn's
// defaults: 100 samples, 100 features, 10 informative, no noise, shuffled.
type RegressionOptions struct {
	// NSamples is the number of rows; 0 means 100.
	NSamples int
	// NFeatures is the number of columns; 0 means 100.
	NFeatures int
	// NInformative is the number of features with a non-zero coefficient; 0 means 10.
	// Values above NFeatures are capped at NFeatures, as scikit-learn does.
	NInformative int
	// NTargets must be 0 or 1 (one target); multi-output targets are out of scope, as
	// in the rest of skgo.
	NTargets int
	// Bias is the intercept of the linear model. Zero is literal (scikit-learn's
	// default is 0.0).
	Bias float64
	// Noise is the standard deviation of the Gaussian noise added to y. Zero is literal
	// (no noise, scikit-learn's default); it must be >= 0.
	Noise float64
	// EffectiveRank, when > 0, draws X with make_low_rank_matrix's bell-shaped singular
	// value profile of that width instead of i.i.d. standard normal entries. Zero means
	// a well-conditioned X (scikit-learn's effective_rank=None).
	EffectiveRank int
	// TailStrength is the weight of the fat tail of the singular value profile, in
	// [0, 1]; it is used only when EffectiveRank > 0. Zero is literal (a pure low-rank
	// profile): scikit-learn's default is 0.5, so set 0.5 to match it.
	TailStrength float64
	// NoShuffle keeps rows in generation order and the informative features in the
	// first NInformative columns (scikit-learn shuffle=False). The default shuffles
	// rows and columns, as scikit-learn does.
	NoShuffle bool
	// Seed seeds the PCG generator; every value, 0 included, is a fixed seed.
	Seed uint64
}

// MakeRegression generates a random linear regression problem, as scikit-learn's
// make_regression(..., coef=True): X is NSamples×NFeatures (standard normal, or low
// rank when EffectiveRank > 0); the coefficients of NInformative features are drawn
// uniformly from [0, 100) and the others are zero; y = X·coef + Bias + Noise·N(0, 1).
// It returns the data set (features "x0", "x1", …, target "y") and coef, permuted
// with the columns, so that with Noise 0, y equals X·coef + Bias up to rounding.
func MakeRegression(opt RegressionOptions) (*Dataset, []float64, error) {
	const where = "datasets.MakeRegression"
	perr := func(param string, v any, reason string) error {
		return fmt.Errorf("%s: %w", where, &estimator.ParamError{Param: param, Value: v, Reason: reason})
	}
	n, p, ninf := orDefault(opt.NSamples, 100), orDefault(opt.NFeatures, 100), orDefault(opt.NInformative, 10)
	switch {
	case n < 1:
		return nil, nil, perr("NSamples", opt.NSamples, "must be >= 0")
	case p < 1:
		return nil, nil, perr("NFeatures", opt.NFeatures, "must be >= 0")
	case float64(n)*float64(p) > maxGenCells:
		return nil, nil, perr("NSamples", opt.NSamples, fmt.Sprintf("NSamples×NFeatures must be <= %d", maxGenCells))
	case ninf < 1:
		return nil, nil, perr("NInformative", opt.NInformative, "must be >= 0")
	case opt.NTargets != 0 && opt.NTargets != 1:
		return nil, nil, perr("NTargets", opt.NTargets, "only one target is supported")
	case !(opt.Noise >= 0) || math.IsInf(opt.Noise, 1):
		return nil, nil, perr("Noise", opt.Noise, "must be finite and >= 0")
	case math.IsNaN(opt.Bias) || math.IsInf(opt.Bias, 0):
		return nil, nil, perr("Bias", opt.Bias, "must be finite")
	case opt.EffectiveRank < 0:
		return nil, nil, perr("EffectiveRank", opt.EffectiveRank, "must be >= 0")
	case opt.EffectiveRank > 0 && !(opt.TailStrength >= 0 && opt.TailStrength <= 1):
		return nil, nil, perr("TailStrength", opt.TailStrength, "must be in [0, 1]")
	case opt.EffectiveRank > 0 && (float64(n)+float64(p))*float64(min(n, p))*float64(min(n, p)) > maxGenWork:
		return nil, nil, perr("NSamples", opt.NSamples, fmt.Sprintf(
			"a low-rank X (EffectiveRank > 0) of %d×%d needs (NSamples+NFeatures)×min(NSamples, NFeatures)² > %d operations", n, p, maxGenWork))
	}
	ninf = min(ninf, p)
	rng := newRand(opt.Seed)

	var x []float64
	if opt.EffectiveRank > 0 {
		x = lowRankMatrix(rng, n, p, float64(opt.EffectiveRank), opt.TailStrength)
	} else {
		x = make([]float64, n*p)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
	}
	coef := make([]float64, p)
	for j := 0; j < ninf; j++ {
		coef[j] = 100 * rng.Float64()
	}
	y := make([]float64, n)
	for i := range y {
		row := x[i*p : (i+1)*p]
		s := 0.0
		for j, c := range coef[:ninf] {
			s += row[j] * c
		}
		y[i] = s + opt.Bias
	}
	if opt.Noise > 0 {
		for i := range y {
			y[i] += opt.Noise * rng.NormFloat64()
		}
	}
	if !opt.NoShuffle {
		x, y = shuffleRows(rng, x, y, p)
		perm := rng.Perm(p)
		x = permuteCols(x, p, perm)
		c := make([]float64, p)
		for j, k := range perm {
			c[j] = coef[k]
		}
		coef = c
	}
	ds := &Dataset{X: mat.NewDense(n, p, x), Y: y, FeatureNames: genNames(p), TargetName: "y",
		Description: fmt.Sprintf("synthetic linear regression (datasets.MakeRegression, Seed %d)", opt.Seed)}
	return ds, coef, nil
}

// ClassificationOptions configures MakeClassification. Counts that cannot be zero use
// 0 for scikit-learn's default; NRedundant, NRepeated, FlipY and Shift are literal
// (their scikit-learn defaults are noted on each field).
type ClassificationOptions struct {
	// NSamples is the number of rows; 0 means 100.
	NSamples int
	// NFeatures is the number of columns; 0 means 20.
	NFeatures int
	// NInformative is the dimension of the hypercube whose vertices are the cluster
	// centres; 0 means 2. NClasses×NClustersPerClass must be <= 2^NInformative.
	NInformative int
	// NRedundant is the number of random linear combinations of the informative
	// features. Zero is literal; scikit-learn's default is 2.
	NRedundant int
	// NRepeated is the number of features copied from random informative or redundant
	// ones. Zero is literal (scikit-learn's default).
	NRepeated int
	// NClasses is the number of classes; 0 means 2.
	NClasses int
	// NClustersPerClass is the number of Gaussian clusters per class; 0 means 2.
	NClustersPerClass int
	// Weights are the class proportions (NClasses values, or NClasses-1 with the last
	// inferred as 1 minus their sum); they must be >= 0 and sum to at most 1. Nil means
	// balanced classes. As in scikit-learn, samples left over by rounding are dealt to
	// the clusters in turn, and flipped labels (FlipY) move the proportions.
	Weights []float64
	// FlipY is the fraction of samples whose label is replaced by a random class, in
	// [0, 1]. Zero is literal (no label noise); scikit-learn's default is 0.01.
	FlipY float64
	// ClassSep scales the hypercube (its sides are 2·ClassSep long); 0 means 1.0. It
	// must be >= 0.
	ClassSep float64
	// NoHypercube puts the cluster centres on the vertices of a random polytope instead
	// of a hypercube (scikit-learn hypercube=False).
	NoHypercube bool
	// Shift is added to every feature (before scaling). Zero is literal (scikit-learn's
	// default 0.0).
	Shift float64
	// RandomShift replaces Shift by a per-feature shift drawn uniformly from
	// [-ClassSep, ClassSep) (scikit-learn shift=None).
	RandomShift bool
	// Scale multiplies every feature (after shifting); 0 means 1.0.
	Scale float64
	// RandomScale replaces Scale by a per-feature factor drawn uniformly from [1, 101)
	// (scikit-learn scale=None).
	RandomScale bool
	// NoShuffle keeps rows in cluster order and the columns in the order informative,
	// redundant, repeated, noise (scikit-learn shuffle=False). The default shuffles
	// rows and columns, as scikit-learn does.
	NoShuffle bool
	// Seed seeds the PCG generator; every value, 0 included, is a fixed seed.
	Seed uint64
}

// MakeClassification generates a random NClasses-class problem, as scikit-learn's
// make_classification (after Guyon's Madelon design): clusters of standard normal
// points, each given a random covariance (multiplied by a matrix with entries uniform
// in [-1, 1)) and centred on a vertex of a hypercube with sides 2·ClassSep in the
// NInformative-dimensional subspace, with NClustersPerClass clusters per class; then
// NRedundant random linear combinations of the informative features, NRepeated
// copies, and standard normal noise features; then label flipping, shift, scale and
// shuffling. Y holds class codes 0, 1, …, NClasses-1 ("0", "1", … in TargetNames);
// features are "x0", "x1", ….
func MakeClassification(opt ClassificationOptions) (*Dataset, error) {
	const where = "datasets.MakeClassification"
	perr := func(param string, v any, reason string) error {
		return fmt.Errorf("%s: %w", where, &estimator.ParamError{Param: param, Value: v, Reason: reason})
	}
	n, p := orDefault(opt.NSamples, 100), orDefault(opt.NFeatures, 20)
	ninf := orDefault(opt.NInformative, 2)
	nclass, ncpc := orDefault(opt.NClasses, 2), orDefault(opt.NClustersPerClass, 2)
	nred, nrep := opt.NRedundant, opt.NRepeated
	classSep := opt.ClassSep
	if classSep == 0 {
		classSep = 1
	}
	scale := opt.Scale
	if scale == 0 {
		scale = 1
	}
	switch {
	case n < 1:
		return nil, perr("NSamples", opt.NSamples, "must be >= 0")
	case p < 1:
		return nil, perr("NFeatures", opt.NFeatures, "must be >= 0")
	case float64(n)*float64(p) > maxGenCells:
		return nil, perr("NSamples", opt.NSamples, fmt.Sprintf("NSamples×NFeatures must be <= %d", maxGenCells))
	case ninf < 1:
		return nil, perr("NInformative", opt.NInformative, "must be >= 0")
	case nred < 0:
		return nil, perr("NRedundant", nred, "must be >= 0")
	case nrep < 0:
		return nil, perr("NRepeated", nrep, "must be >= 0")
	case ninf > p || nred > p || nrep > p || ninf+nred+nrep > p:
		return nil, perr("NFeatures", p, fmt.Sprintf("must be >= NInformative+NRedundant+NRepeated = %d", ninf+nred+nrep))
	case nclass < 1:
		return nil, perr("NClasses", opt.NClasses, "must be >= 0")
	case ncpc < 1:
		return nil, perr("NClustersPerClass", opt.NClustersPerClass, "must be >= 0")
	case ninf < 62 && float64(nclass)*float64(ncpc) > float64(int64(1)<<ninf):
		return nil, perr("NInformative", ninf, fmt.Sprintf("NClasses(%d)×NClustersPerClass(%d) must be <= 2^NInformative = %d",
			nclass, ncpc, int64(1)<<ninf))
	case float64(nclass)*float64(ncpc) > float64(n):
		return nil, perr("NSamples", n, fmt.Sprintf("must be >= NClasses×NClustersPerClass = %d", nclass*ncpc))
	case float64(ninf)*float64(ninf) > maxGenCells:
		return nil, perr("NInformative", ninf, fmt.Sprintf("NInformative² must be <= %d (one NInformative×NInformative matrix per cluster)", maxGenCells))
	case (float64(n)+float64(nclass)*float64(ncpc))*float64(ninf)*float64(ninf)+float64(n)*float64(ninf)*float64(nred) > maxGenWork:
		return nil, perr("NInformative", ninf, fmt.Sprintf(
			"NSamples×NInformative×(NInformative+NRedundant) must be <= %d operations", maxGenWork))
	case !(opt.FlipY >= 0 && opt.FlipY <= 1):
		return nil, perr("FlipY", opt.FlipY, "must be in [0, 1]")
	case !(classSep > 0) || math.IsInf(classSep, 1):
		return nil, perr("ClassSep", opt.ClassSep, "must be finite and >= 0")
	case math.IsNaN(opt.Shift) || math.IsInf(opt.Shift, 0):
		return nil, perr("Shift", opt.Shift, "must be finite")
	case math.IsNaN(scale) || math.IsInf(scale, 0):
		return nil, perr("Scale", opt.Scale, "must be finite")
	}
	weights := make([]float64, nclass)
	switch len(opt.Weights) {
	case 0:
		for k := range weights {
			weights[k] = 1 / float64(nclass)
		}
	case nclass, nclass - 1:
		copy(weights, opt.Weights)
		sum := 0.0
		for _, w := range opt.Weights {
			if !(w >= 0 && w <= 1) {
				return nil, perr("Weights", opt.Weights, "each weight must be in [0, 1]")
			}
			sum += w
		}
		if sum > 1+1e-9 {
			return nil, perr("Weights", opt.Weights, "must sum to at most 1")
		}
		if len(opt.Weights) == nclass-1 {
			weights[nclass-1] = max(0, 1-sum)
		}
	default:
		return nil, perr("Weights", opt.Weights, fmt.Sprintf("need %d or %d values for %d classes", nclass, nclass-1, nclass))
	}
	rng := newRand(opt.Seed)
	nclusters := nclass * ncpc

	// Distribute samples among clusters by weight.
	perCluster := make([]int, nclusters)
	total := 0
	for k := range perCluster {
		perCluster[k] = int(float64(n) * weights[k%nclass] / float64(ncpc))
		total += perCluster[k]
	}
	for i := 0; i < n-total; i++ {
		perCluster[i%nclusters]++
	}

	// Cluster centroids on hypercube (or polytope) vertices.
	centroids := hypercube(rng, nclusters, ninf) // nclusters×ninf, row-major, 0/1
	for i := range centroids {
		centroids[i] = centroids[i]*2*classSep - classSep
	}
	if opt.NoHypercube {
		for k := 0; k < nclusters; k++ {
			u := rng.Float64()
			for j := 0; j < ninf; j++ {
				centroids[k*ninf+j] *= u
			}
		}
		for j := 0; j < ninf; j++ {
			u := rng.Float64()
			for k := 0; k < nclusters; k++ {
				centroids[k*ninf+j] *= u
			}
		}
	}

	x := make([]float64, n*p)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < ninf; j++ {
			x[i*p+j] = rng.NormFloat64()
		}
	}
	a := make([]float64, ninf*ninf)
	tmp := make([]float64, ninf)
	start := 0
	for k := 0; k < nclusters; k++ {
		stop := start + perCluster[k]
		for i := range a {
			a[i] = 2*rng.Float64() - 1
		}
		c := centroids[k*ninf : (k+1)*ninf]
		for i := start; i < stop; i++ {
			y[i] = float64(k % nclass)
			row := x[i*p : i*p+ninf]
			for j := range tmp {
				s := 0.0
				for l, v := range row {
					s += v * a[l*ninf+j]
				}
				tmp[j] = s + c[j]
			}
			copy(row, tmp)
		}
		start = stop
	}
	if nred > 0 {
		b := make([]float64, ninf*nred)
		for i := range b {
			b[i] = 2*rng.Float64() - 1
		}
		for i := 0; i < n; i++ {
			row := x[i*p : (i+1)*p]
			for j := 0; j < nred; j++ {
				s := 0.0
				for l := 0; l < ninf; l++ {
					s += row[l] * b[l*nred+j]
				}
				row[ninf+j] = s
			}
		}
	}
	if nrep > 0 {
		m := ninf + nred
		idx := make([]int, nrep)
		for r := range idx {
			idx[r] = int(float64(m-1)*rng.Float64() + 0.5)
		}
		for i := 0; i < n; i++ {
			row := x[i*p : (i+1)*p]
			for r, k := range idx {
				row[m+r] = row[k]
			}
		}
	}
	if useless := p - ninf - nred - nrep; useless > 0 {
		for i := 0; i < n; i++ {
			for j := p - useless; j < p; j++ {
				x[i*p+j] = rng.NormFloat64()
			}
		}
	}
	if opt.FlipY > 0 {
		flip := make([]bool, n)
		for i := range flip {
			flip[i] = rng.Float64() < opt.FlipY
		}
		for i, f := range flip {
			if f {
				y[i] = float64(rng.IntN(nclass))
			}
		}
	}
	shift := make([]float64, p)
	for j := range shift {
		shift[j] = opt.Shift
	}
	if opt.RandomShift {
		for j := range shift {
			shift[j] = (2*rng.Float64() - 1) * classSep
		}
	}
	scales := make([]float64, p)
	for j := range scales {
		scales[j] = scale
	}
	if opt.RandomScale {
		for j := range scales {
			scales[j] = 1 + 100*rng.Float64()
		}
	}
	for i := 0; i < n; i++ {
		row := x[i*p : (i+1)*p]
		for j := range row {
			row[j] = (row[j] + shift[j]) * scales[j]
		}
	}
	if !opt.NoShuffle {
		x, y = shuffleRows(rng, x, y, p)
		x = permuteCols(x, p, rng.Perm(p))
	}
	classes := make([]string, nclass)
	for k := range classes {
		classes[k] = strconv.Itoa(k)
	}
	return &Dataset{X: mat.NewDense(n, p, x), Y: y, FeatureNames: genNames(p), TargetName: "y", TargetNames: classes,
		Description: fmt.Sprintf("synthetic %d-class problem (datasets.MakeClassification, Seed %d)", nclass, opt.Seed)}, nil
}

// BlobsOptions configures MakeBlobs. The zero value gives scikit-learn's defaults: 100
// samples in 2 dimensions around 3 random centres in [-10, 10)², standard deviation 1.
type BlobsOptions struct {
	// NSamples is the total number of rows, divided as equally as possible among the
	// centres (the first NSamples mod centres get one more); 0 means 100, or the sum of
	// NSamplesPerCenter when that is set.
	NSamples int
	// NSamplesPerCenter, when set, gives the number of rows of each blob (scikit-learn's
	// array-like n_samples); it fixes the number of centres.
	NSamplesPerCenter []int
	// NFeatures is the dimension of the points; 0 means 2, or the length of the rows of
	// Centers when that is set.
	NFeatures int
	// NCenters is the number of random centres, drawn uniformly from CenterBox in each
	// dimension; 0 means 3 (or len(NSamplesPerCenter)). Ignored when Centers is set.
	NCenters int
	// Centers fixes the centres (one row per blob), scikit-learn's array-like centers.
	Centers [][]float64
	// ClusterStd is the standard deviation of every blob; 0 means 1.0. It must be >= 0.
	ClusterStd float64
	// ClusterStds, when set, gives each blob its own standard deviation (zeros are
	// literal here) and overrides ClusterStd.
	ClusterStds []float64
	// CenterBox is the (min, max) box for random centres; the zero value means
	// (-10, 10).
	CenterBox [2]float64
	// NoShuffle keeps the rows grouped by blob, in blob order (scikit-learn
	// shuffle=False).
	NoShuffle bool
	// Seed seeds the PCG generator; every value, 0 included, is a fixed seed.
	Seed uint64
}

// MakeBlobs generates isotropic Gaussian blobs for clustering, as scikit-learn's
// make_blobs(..., return_centers=True): the points of blob i are drawn from
// N(centers[i], std_i²·I). It returns the data set (Y = blob index, features "x0",
// "x1", …) and the centres, one row per blob.
func MakeBlobs(opt BlobsOptions) (*Dataset, *mat.Dense, error) {
	const where = "datasets.MakeBlobs"
	perr := func(param string, v any, reason string) error {
		return fmt.Errorf("%s: %w", where, &estimator.ParamError{Param: param, Value: v, Reason: reason})
	}
	box := opt.CenterBox
	if box == [2]float64{} {
		box = [2]float64{-10, 10}
	}
	if !(box[0] <= box[1]) || math.IsInf(box[0], 0) || math.IsInf(box[1], 0) {
		return nil, nil, perr("CenterBox", box, "must be a finite (min, max) pair with min <= max")
	}
	// Number of centres.
	ncent := 0
	switch {
	case opt.Centers != nil:
		ncent = len(opt.Centers)
		if ncent == 0 {
			return nil, nil, perr("Centers", opt.Centers, "must not be empty")
		}
	case opt.NSamplesPerCenter != nil:
		ncent = len(opt.NSamplesPerCenter)
		if opt.NCenters != 0 && opt.NCenters != ncent {
			return nil, nil, perr("NCenters", opt.NCenters, fmt.Sprintf("NSamplesPerCenter has %d blobs", ncent))
		}
	default:
		ncent = orDefault(opt.NCenters, 3)
	}
	if ncent < 1 {
		return nil, nil, perr("NCenters", opt.NCenters, "must be >= 0")
	}
	if opt.NSamplesPerCenter != nil && len(opt.NSamplesPerCenter) != ncent {
		return nil, nil, perr("NSamplesPerCenter", opt.NSamplesPerCenter, fmt.Sprintf("need one count per centre (%d)", ncent))
	}
	// Dimension.
	p := orDefault(opt.NFeatures, 2)
	if opt.Centers != nil {
		p = len(opt.Centers[0])
		if opt.NFeatures != 0 && opt.NFeatures != p {
			return nil, nil, perr("NFeatures", opt.NFeatures, fmt.Sprintf("Centers have %d coordinates", p))
		}
		for i, c := range opt.Centers {
			if len(c) != p {
				return nil, nil, perr("Centers", opt.Centers, fmt.Sprintf("row %d has %d coordinates, row 0 has %d", i, len(c), p))
			}
			for _, v := range c {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, nil, perr("Centers", opt.Centers, "must be finite")
				}
			}
		}
	}
	if p < 1 {
		return nil, nil, perr("NFeatures", opt.NFeatures, "must be >= 0")
	}
	if float64(ncent)*float64(p) > maxGenCells {
		return nil, nil, perr("NCenters", ncent, fmt.Sprintf("centres×features must be <= %d", maxGenCells))
	}
	// Samples per centre.
	counts := make([]int, ncent)
	n := 0
	if opt.NSamplesPerCenter != nil {
		for i, c := range opt.NSamplesPerCenter {
			if c < 0 {
				return nil, nil, perr("NSamplesPerCenter", opt.NSamplesPerCenter, "counts must be >= 0")
			}
			counts[i] = c
			n += c
			if n > maxGenCells {
				return nil, nil, perr("NSamplesPerCenter", opt.NSamplesPerCenter, "too many samples")
			}
		}
		if opt.NSamples != 0 && opt.NSamples != n {
			return nil, nil, perr("NSamples", opt.NSamples, fmt.Sprintf("NSamplesPerCenter sums to %d", n))
		}
	} else {
		n = orDefault(opt.NSamples, 100)
		if n < 1 {
			return nil, nil, perr("NSamples", opt.NSamples, "must be >= 0")
		}
		for i := range counts {
			counts[i] = n / ncent
			if i < n%ncent {
				counts[i]++
			}
		}
	}
	if n < 1 {
		return nil, nil, perr("NSamplesPerCenter", opt.NSamplesPerCenter, "must give at least one sample")
	}
	if float64(n)*float64(p) > maxGenCells {
		return nil, nil, perr("NSamples", n, fmt.Sprintf("samples×features must be <= %d", maxGenCells))
	}
	// Standard deviations.
	stds := make([]float64, ncent)
	if opt.ClusterStds != nil {
		if len(opt.ClusterStds) != ncent {
			return nil, nil, perr("ClusterStds", opt.ClusterStds, fmt.Sprintf("need one value per centre (%d)", ncent))
		}
		copy(stds, opt.ClusterStds)
	} else {
		s := opt.ClusterStd
		if s == 0 {
			s = 1
		}
		for i := range stds {
			stds[i] = s
		}
	}
	for _, s := range stds {
		if !(s >= 0) || math.IsInf(s, 1) {
			return nil, nil, perr("ClusterStd", s, "must be finite and >= 0")
		}
	}

	rng := newRand(opt.Seed)
	centers := mat.NewDense(ncent, p, nil)
	if opt.Centers != nil {
		for i, c := range opt.Centers {
			centers.SetRow(i, c)
		}
	} else {
		raw := centers.RawMatrix().Data
		for i := range raw {
			raw[i] = box[0] + (box[1]-box[0])*rng.Float64()
		}
	}
	x := make([]float64, n*p)
	y := make([]float64, n)
	i := 0
	for k, cnt := range counts {
		c := centers.RawRowView(k)
		for ; cnt > 0; cnt-- {
			for j := 0; j < p; j++ {
				x[i*p+j] = c[j] + stds[k]*rng.NormFloat64()
			}
			y[i] = float64(k)
			i++
		}
	}
	if !opt.NoShuffle {
		x, y = shuffleRows(rng, x, y, p)
	}
	classes := make([]string, ncent)
	for k := range classes {
		classes[k] = strconv.Itoa(k)
	}
	ds := &Dataset{X: mat.NewDense(n, p, x), Y: y, FeatureNames: genNames(p), TargetName: "y", TargetNames: classes,
		Description: fmt.Sprintf("%d Gaussian blobs (datasets.MakeBlobs, Seed %d)", ncent, opt.Seed)}
	return ds, centers, nil
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

// orDefault returns def when v is 0, else v.
func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// genNames returns "x0", …, "x{p-1}".
func genNames(p int) []string {
	names := make([]string, p)
	for j := range names {
		names[j] = "x" + strconv.Itoa(j)
	}
	return names
}

// shuffleRows permutes the rows of the n×p row-major x together with y (scikit-learn's
// utils.shuffle).
func shuffleRows(rng *rand.Rand, x, y []float64, p int) ([]float64, []float64) {
	perm := rng.Perm(len(y))
	nx := make([]float64, len(x))
	ny := make([]float64, len(y))
	for i, k := range perm {
		copy(nx[i*p:(i+1)*p], x[k*p:(k+1)*p])
		ny[i] = y[k]
	}
	return nx, ny
}

// permuteCols returns x with column j taken from column perm[j] (numpy X[:, perm]).
func permuteCols(x []float64, p int, perm []int) []float64 {
	nx := make([]float64, len(x))
	for i := 0; i < len(x); i += p {
		for j, k := range perm {
			nx[i+j] = x[i+k]
		}
	}
	return nx
}

// hypercube returns n distinct vertices of the d-dimensional unit hypercube as an n×d
// row-major 0/1 matrix (scikit-learn's _generate_hypercube): beyond 30 dimensions the
// leading d-30 coordinates are independent random bits and the last 30 are distinct.
// The caller guarantees n <= 2^d.
func hypercube(rng *rand.Rand, n, d int) []float64 {
	out := make([]float64, n*d)
	extra := max(0, d-30)
	for i := 0; i < n; i++ {
		for j := 0; j < extra; j++ {
			out[i*d+j] = float64(rng.IntN(2))
		}
	}
	bits := d - extra
	codes := sampleWithoutReplacement(rng, uint64(1)<<bits, n)
	for i, c := range codes {
		for j := 0; j < bits; j++ { // most significant bit first, as numpy's unpackbits
			out[i*d+extra+j] = float64((c >> (bits - 1 - j)) & 1)
		}
	}
	return out
}

// sampleWithoutReplacement draws k distinct integers from [0, pop) in random order
// (Floyd's algorithm, then a shuffle); k <= pop.
func sampleWithoutReplacement(rng *rand.Rand, pop uint64, k int) []uint64 {
	seen := make(map[uint64]bool, k)
	out := make([]uint64, 0, k)
	for j := pop - uint64(k); j < pop; j++ {
		t := rng.Uint64N(j + 1)
		if seen[t] {
			t = j
		}
		seen[t] = true
		out = append(out, t)
	}
	rng.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	return out
}

// lowRankMatrix is scikit-learn's make_low_rank_matrix: U·diag(s)·Vᵀ with U (n×k) and
// V (p×k) orthonormal bases of Gaussian matrices, k = min(n, p), and the singular
// values s_i = (1-tail)·exp(-(i/rank)²) + tail·exp(-0.1·i/rank). Returns n×p row-major.
func lowRankMatrix(rng *rand.Rand, n, p int, rank, tail float64) []float64 {
	k := min(n, p)
	u := orthonormalGaussian(rng, n, k)
	v := orthonormalGaussian(rng, p, k)
	s := make([]float64, k)
	for i := range s {
		fi := float64(i)
		s[i] = (1-tail)*math.Exp(-(fi/rank)*(fi/rank)) + tail*math.Exp(-0.1*fi/rank)
	}
	// X = U·diag(s)·Vᵀ, via gonum.
	us := mat.NewDense(n, k, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			us.Set(i, j, u.At(i, j)*s[j])
		}
	}
	var x mat.Dense
	x.Mul(us, v.T())
	return x.RawMatrix().Data
}

// orthonormalGaussian returns the Q factor (m×k, orthonormal columns) of an m×k
// standard normal matrix, by modified Gram–Schmidt with one re-orthogonalisation pass
// (scipy's economic QR, up to column signs, which do not change the distribution).
func orthonormalGaussian(rng *rand.Rand, m, k int) *mat.Dense {
	g := make([]float64, m*k) // row-major m×k, filled in numpy's order
	for i := range g {
		g[i] = rng.NormFloat64()
	}
	cols := make([][]float64, k)
	for j := range cols {
		c := make([]float64, m)
		for i := range c {
			c[i] = g[i*k+j]
		}
		for pass := 0; pass < 2; pass++ {
			for _, q := range cols[:j] {
				d := 0.0
				for i := range c {
					d += q[i] * c[i]
				}
				for i := range c {
					c[i] -= d * q[i]
				}
			}
		}
		norm := 0.0
		for _, v := range c {
			norm += v * v
		}
		norm = math.Sqrt(norm)
		for i := range c {
			c[i] /= norm
		}
		cols[j] = c
	}
	q := mat.NewDense(m, k, nil)
	for j, c := range cols {
		q.SetCol(j, c)
	}
	return q
}
