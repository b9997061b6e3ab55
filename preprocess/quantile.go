package preprocess

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Transformer        = (*QuantileTransformer)(nil)
	_ estimator.FitTransformer     = (*QuantileTransformer)(nil)
	_ estimator.InverseTransformer = (*QuantileTransformer)(nil)
	_ estimator.Validator          = (*QuantileTransformer)(nil)
	_ estimator.StateMarshaler     = (*QuantileTransformer)(nil)
	_ estimator.FeatureNamer       = (*QuantileTransformer)(nil)
)

// QuantileOutput is the output distribution of QuantileTransformer.
type QuantileOutput string

// Output distributions accepted by QuantileTransformer.
const (
	// QuantileUniform (the zero value "" or "uniform"): values map to [0, 1].
	QuantileUniform QuantileOutput = "uniform"
	// QuantileNormal: values map to a standard normal, clipped to
	// ±Φ⁻¹(1 − (1e-7 − ε)) ≈ ±5.199 so that no value becomes infinite.
	QuantileNormal QuantileOutput = "normal"
)

// QuantileMaxQuantiles bounds QuantileTransformer's NQuantiles (2²⁰): the learned
// quantiles take NQuantiles × n_features values. (The number actually used is also
// at most the number of rows.)
const QuantileMaxQuantiles = 1 << 20

// quantileBoundsThreshold is scikit-learn's BOUNDS_THRESHOLD.
const quantileBoundsThreshold = 1e-7

// QuantileTransformer maps each feature through an estimate of its cumulative
// distribution function to a uniform or normal distribution (scikit-learn:
// preprocessing.QuantileTransformer). Fit computes, per feature, the quantiles
// qₖ at the NQuantilesOut() equally spaced references rₖ = k/(m−1) (numpy's
// nanpercentile, linear method, made non-decreasing); Transform interpolates
// linearly from the quantiles to the references, averaging the interpolations
// upward and downward so that a value repeated over several quantiles gets the
// middle of their references; values outside the fitted range go to 0 or 1, and so
// do values equal to the first or last quantile (for the normal output: within 1e-7
// of it, scikit-learn's BOUNDS_THRESHOLD); the normal output then applies Φ⁻¹ and
// clips at Φ⁻¹(1e-7 − ε) and Φ⁻¹(1 − (1e-7 − ε)) (about ∓5.1993). InverseTransform
// interpolates back (after Φ for the normal output) with the same bounds rules.
// These are the steps of scikit-learn 1.2.1's dense path, reproduced to rounding:
// the tests compare at 1e-10 and measure at most 3e-15.
//
// NaN is a missing value, as in scikit-learn: it is ignored when computing the
// quantiles and kept as NaN by Transform and InverseTransform (±Inf is an error).
// Only dense input exists in skgo, so scikit-learn's ignore_implicit_zeros (sparse
// only) has no counterpart.
//
// Subsampling: when the data have more than Subsample rows, the quantiles of each
// feature are computed on Subsample rows drawn without replacement, a fresh draw per
// feature, as scikit-learn does, but from Go's PCG generator seeded with Seed rather
// than numpy's RandomState: results then differ from scikit-learn's (both are
// estimates), and they match scikit-learn only when the number of rows is at most
// Subsample.
type QuantileTransformer struct {
	// NQuantiles is the number of quantiles (landmarks of the CDF estimate); 0 means
	// 1000 (scikit-learn's default). It is lowered to the number of rows when there
	// are fewer, must not exceed Subsample, and must be at most
	// QuantileMaxQuantiles.
	NQuantiles int
	// OutputDistribution is "uniform" (the zero value) or "normal".
	OutputDistribution QuantileOutput
	// Subsample is the largest number of rows used to estimate the quantiles; 0 means
	// 10000 (scikit-learn 1.2.1's default). Negative values are invalid.
	Subsample int
	// Seed seeds the subsampling (scikit-learn's random_state); it has no effect when
	// the data have at most Subsample rows.
	Seed uint64

	fit *quantileFit
}

type quantileFit struct {
	// InNames are the column names of the training matrix when it has them
	// (estimator.Columns, such as a Frame); nil otherwise.
	InNames   []string
	NFeatures int
	// References are the m reference probabilities (numpy.linspace(0, 1, m)).
	References []float64
	// Quantiles holds each feature's m non-decreasing quantiles.
	Quantiles [][]float64
}

func (q *QuantileTransformer) nQuantiles() int {
	if q.NQuantiles == 0 {
		return 1000
	}
	return q.NQuantiles
}

func (q *QuantileTransformer) subsample() int {
	if q.Subsample == 0 {
		return 10000
	}
	return q.Subsample
}

func (q *QuantileTransformer) normal() bool { return q.OutputDistribution == QuantileNormal }

// Validate checks NQuantiles, Subsample and OutputDistribution.
func (q *QuantileTransformer) Validate() error {
	if q.NQuantiles < 0 || q.NQuantiles > QuantileMaxQuantiles {
		return &estimator.ParamError{Param: "NQuantiles", Value: q.NQuantiles,
			Reason: fmt.Sprintf("must be in [1, %d] (0 means 1000)", QuantileMaxQuantiles)}
	}
	if q.Subsample < 0 {
		return &estimator.ParamError{Param: "Subsample", Value: q.Subsample, Reason: "must be >= 1 (0 means 10000)"}
	}
	if q.nQuantiles() > q.subsample() {
		return &estimator.ParamError{Param: "NQuantiles", Value: q.NQuantiles,
			Reason: fmt.Sprintf("the number of quantiles (%d) cannot be greater than the number of samples used (Subsample %d)", q.nQuantiles(), q.subsample())}
	}
	switch q.OutputDistribution {
	case "", QuantileUniform, QuantileNormal:
	default:
		return &estimator.ParamError{Param: "OutputDistribution", Value: q.OutputDistribution, Reason: `must be "uniform" or "normal"`}
	}
	return nil
}

// Fit computes the quantiles of every feature. y is ignored (nil allowed). It
// returns ErrInvalidData for empty X, ±Inf, or a feature with no value (all NaN, in
// the subsample when subsampling).
func (q *QuantileTransformer) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	_, err := q.fitTransform(ctx, X, y, false)
	return err
}

// FitTransform fits on X and returns the transformed X.
func (q *QuantileTransformer) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	return q.fitTransform(ctx, X, y, true)
}

func (q *QuantileTransformer) fitTransform(ctx context.Context, X mat.Matrix, y []float64, transform bool) (*mat.Dense, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, fmt.Errorf("preprocess.QuantileTransformer: %w", err)
	}
	x, err := estimator.CheckXMissing(X)
	if err == nil && y != nil {
		if r, _ := x.Dims(); len(y) != r {
			err = fmt.Errorf("X has %d rows but y has %d values: %w", r, len(y), estimator.ErrShape)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("preprocess.QuantileTransformer: %w", err)
	}
	n, c := x.Dims()
	m := max(1, min(q.nQuantiles(), n))
	f := &quantileFit{NFeatures: c, References: quantileLinspace(m), Quantiles: make([][]float64, c)}
	sub := q.subsample()
	var rng *rand.Rand
	if sub < n {
		rng = rand.New(rand.NewPCG(q.Seed, q.Seed))
	}
	col := make([]float64, 0, n)
	for j := 0; j < c; j++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		col = col[:0]
		if rng != nil {
			// A fresh draw without replacement per feature (scikit-learn's
			// random_state.choice(n_samples, size=subsample, replace=False)).
			for _, i := range rng.Perm(n)[:sub] {
				if v := x.At(i, j); !math.IsNaN(v) {
					col = append(col, v)
				}
			}
		} else {
			for i := 0; i < n; i++ {
				if v := x.At(i, j); !math.IsNaN(v) {
					col = append(col, v)
				}
			}
		}
		if len(col) == 0 {
			return nil, fmt.Errorf("preprocess.QuantileTransformer: feature %d has no value (all NaN): %w", j, estimator.ErrInvalidData)
		}
		slices.Sort(col)
		qs := make([]float64, m)
		for k, r := range f.References {
			qs[k] = scalePercentile(col, r*100)
		}
		// np.maximum.accumulate: numpy's percentile may dip by an ulp.
		for k := 1; k < m; k++ {
			qs[k] = math.Max(qs[k], qs[k-1])
		}
		f.Quantiles[j] = qs
	}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("QuantileTransformer", f); err != nil {
		return nil, err
	}
	var out *mat.Dense
	if transform {
		out = q.apply(f, x, false)
	}
	q.fit = f
	return out, nil
}

// quantileLinspace is numpy.linspace(0, 1, m).
func quantileLinspace(m int) []float64 {
	if m == 1 {
		return []float64{0}
	}
	out := make([]float64, m)
	step := 1 / float64(m-1)
	for i := range out {
		out[i] = float64(i) * step
	}
	out[m-1] = 1
	return out
}

// quantileInterp is numpy.interp(x, xp, fp) for non-decreasing xp and non-NaN x:
// fp[0] left of xp, fp[last] right of it, and otherwise linear interpolation on the
// last interval [xp[j], xp[j+1]) with xp[j] <= x, exactly as numpy computes it.
func quantileInterp(x float64, xp, fp []float64) float64 {
	n := len(xp)
	if n == 1 {
		return fp[0] // numpy: fp[0] left of xp[0], fp[-1] right of it, fp[0] at it
	}
	if x > xp[n-1] {
		return fp[n-1]
	}
	if x < xp[0] {
		return fp[0]
	}
	j := sort.Search(n, func(i int) bool { return xp[i] > x }) - 1
	if j == n-1 || xp[j] == x {
		return fp[j]
	}
	slope := (fp[j+1] - fp[j]) / (xp[j+1] - xp[j])
	r := slope*(x-xp[j]) + fp[j]
	if math.IsNaN(r) {
		r = slope*(x-xp[j+1]) + fp[j+1]
		if math.IsNaN(r) && fp[j] == fp[j+1] {
			r = fp[j]
		}
	}
	return r
}

func (q *QuantileTransformer) nf() int {
	if q.fit == nil {
		return 0
	}
	return q.fit.NFeatures
}

// Transform maps X to the output distribution; NaN stays NaN. It returns
// ErrNotFitted before Fit, ErrShape on a wrong feature count and ErrInvalidData for
// empty X or ±Inf.
func (q *QuantileTransformer) Transform(X mat.Matrix) (*mat.Dense, error) {
	return q.transform(X, false)
}

// InverseTransform maps values of the output distribution back to the original
// scale (values beyond [0, 1], or ±5.199 for the normal output, go to the first or
// last quantile); NaN stays NaN. Errors as Transform.
func (q *QuantileTransformer) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	return q.transform(X, true)
}

func (q *QuantileTransformer) transform(X mat.Matrix, inverse bool) (*mat.Dense, error) {
	f := q.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.QuantileTransformer: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredictMissing(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("preprocess.QuantileTransformer: %w", err)
	}
	return q.apply(f, x, inverse), nil
}

// quantileClip are scikit-learn's clip bounds of the normal output,
// norm.ppf(1e-7 − ε) and norm.ppf(1 − (1e-7 − ε)).
var quantileClipMin, quantileClipMax = quantileNormPPF(quantileBoundsThreshold - scaleEps), quantileNormPPF(1 - (quantileBoundsThreshold - scaleEps))

// apply is scikit-learn's _transform_col on every feature.
func (q *QuantileTransformer) apply(f *quantileFit, x *mat.Dense, inverse bool) *mat.Dense {
	r, c := x.Dims()
	out := mat.NewDense(r, c, nil)
	normal := q.normal()
	ref := f.References
	m := len(ref)
	negQ := make([]float64, m)
	negRef := make([]float64, m)
	for k := range ref {
		negRef[k] = -ref[m-1-k]
	}
	for j := 0; j < c; j++ {
		qs := f.Quantiles[j]
		for k := range qs {
			negQ[k] = -qs[m-1-k]
		}
		for i := 0; i < r; i++ {
			v := x.At(i, j)
			if math.IsNaN(v) {
				out.Set(i, j, v)
				continue
			}
			var res float64
			if !inverse {
				lowerX, upperX := qs[0], qs[m-1]
				var lower, upper bool
				if normal {
					lower, upper = v-quantileBoundsThreshold < lowerX, v+quantileBoundsThreshold > upperX
				} else {
					lower, upper = v == lowerX, v == upperX
				}
				res = 0.5 * (quantileInterp(v, qs, ref) - quantileInterp(-v, negQ, negRef))
				if upper {
					res = 1
				}
				if lower {
					res = 0
				}
				if normal {
					res = math.Min(math.Max(quantileNormPPF(res), quantileClipMin), quantileClipMax)
				}
			} else {
				if normal {
					v = quantileNormCDF(v)
				}
				var lower, upper bool
				if normal {
					lower, upper = v-quantileBoundsThreshold < 0, v+quantileBoundsThreshold > 1
				} else {
					lower, upper = v == 0, v == 1
				}
				res = quantileInterp(v, ref, qs)
				if upper {
					res = qs[m-1]
				}
				if lower {
					res = qs[0]
				}
			}
			out.Set(i, j, res)
		}
	}
	return out
}

// quantileNormCDF is scipy's ndtr: Φ(a) = ½·erfc(−a/√2), computed as cephes does
// (0.5 + 0.5·erf(x) near 0, 0.5·erfc(|x|) in the tails).
func quantileNormCDF(a float64) float64 {
	const sqrth = 0.70710678118654752440 // √2/2
	x := a * sqrth
	z := math.Abs(x)
	var y float64
	if z < sqrth {
		y = 0.5 + 0.5*math.Erf(x)
	} else {
		y = 0.5 * math.Erfc(z)
		if x > 0 {
			y = 1 - y
		}
	}
	return y
}

// quantileNormPPF is Φ⁻¹(p), the standard normal quantile (scipy's ndtri), by
// Wichura's algorithm AS241 (PPND16, relative accuracy about 1e-16); ±Inf at 0 and
// 1, NaN outside [0, 1].
func quantileNormPPF(p float64) float64 {
	switch {
	case math.IsNaN(p) || p < 0 || p > 1:
		return math.NaN()
	case p == 0:
		return math.Inf(-1)
	case p == 1:
		return math.Inf(1)
	}
	q := p - 0.5
	if math.Abs(q) <= 0.425 {
		r := 0.180625 - q*q
		return q * (((((((2509.0809287301226727*r+33430.575583588128105)*r+67265.770927008700853)*r+
			45921.953931549871457)*r+13731.693765509461125)*r+1971.5909503065514427)*r+133.14166789178437745)*r +
			3.387132872796366608) /
			(((((((5226.495278852545925*r+28729.085735721942674)*r+39307.89580009271061)*r+
				21213.794301586595867)*r+5394.1960214247511077)*r+687.1870074920579083)*r+42.313330701600911252)*r + 1)
	}
	r := p
	if q > 0 {
		r = 1 - p
	}
	r = math.Sqrt(-math.Log(r))
	var val float64
	if r <= 5 {
		r -= 1.6
		val = (((((((7.7454501427834140764e-4*r+0.0227238449892691845833)*r+0.24178072517745061177)*r+
			1.27045825245236838258)*r+3.64784832476320460504)*r+5.7694972214606914055)*r+4.6303378461565452959)*r +
			1.42343711074968357734) /
			(((((((1.05075007164441684324e-9*r+5.475938084995344946e-4)*r+0.0151986665636164571966)*r+
				0.14810397642748007459)*r+0.68976733498510000455)*r+1.6763848301838038494)*r+2.05319162663775882187)*r + 1)
	} else {
		r -= 5
		val = (((((((2.01033439929228813265e-7*r+2.71155556874348757815e-5)*r+0.0012426609473880784386)*r+
			0.026532189526576123093)*r+0.29656057182850489123)*r+1.7848265399172913358)*r+5.4637849111641143699)*r +
			6.6579046435011037772) /
			(((((((2.04426310338993978564e-15*r+1.4215117583164458887e-7)*r+1.8463183175100546818e-5)*r+
				7.868691311456132591e-4)*r+0.0148753612908506148525)*r+0.13692988092273580531)*r+0.59983220655588793769)*r + 1)
	}
	if q < 0 {
		return -val
	}
	return val
}

// NQuantilesOut returns the number of quantiles actually used (n_quantiles_), or 0
// before Fit.
func (q *QuantileTransformer) NQuantilesOut() int {
	if q.fit == nil {
		return 0
	}
	return len(q.fit.References)
}

// Quantiles returns a copy of each feature's quantiles (quantiles_ transposed: one
// slice per feature), or nil before Fit.
func (q *QuantileTransformer) Quantiles() [][]float64 {
	if q.fit == nil {
		return nil
	}
	out := make([][]float64, len(q.fit.Quantiles))
	for j, s := range q.fit.Quantiles {
		out[j] = slices.Clone(s)
	}
	return out
}

// References returns a copy of the reference probabilities (references_), or nil
// before Fit.
func (q *QuantileTransformer) References() []float64 {
	if q.fit == nil {
		return nil
	}
	return slices.Clone(q.fit.References)
}

// FeatureNamesOut returns the input names (one output per input), defaulting to the
// training matrix's names, then "x0", "x1", …. It returns nil before Fit or when
// len(in) differs from the number of features.
func (q *QuantileTransformer) FeatureNamesOut(in []string) []string {
	if q.fit == nil || (in != nil && len(in) != q.fit.NFeatures) {
		return nil
	}
	return scaleNames(scaleDefaultNames(in, q.fit.InNames), q.fit.NFeatures)
}

// String prints the settings (estimator.Format), like scikit-learn's repr.
func (q *QuantileTransformer) String() string { return estimator.Format(q) }

const quantileStateVersion = 1

// MarshalState encodes the learned state (nil before Fit).
func (q *QuantileTransformer) MarshalState() ([]byte, error) {
	return estimator.EncodeState(quantileStateVersion, q.fit)
}

// UnmarshalState restores state written by MarshalState; the number of quantiles
// must not exceed NQuantiles.
func (q *QuantileTransformer) UnmarshalState(b []byte) error {
	var f *quantileFit
	if err := estimator.DecodeState(b, quantileStateVersion, &f); err != nil {
		return stateWrap("QuantileTransformer", err)
	}
	if f != nil && len(f.References) > q.nQuantiles() {
		return stateErr("QuantileTransformer", fmt.Errorf("%d quantiles saved, NQuantiles is %d", len(f.References), q.nQuantiles()))
	}
	q.fit = f
	return nil
}

// Check validates a decoded quantileFit: the references are numpy.linspace(0, 1, m)
// for 1 <= m <= QuantileMaxQuantiles, and every feature has m finite,
// non-decreasing quantiles.
func (f *quantileFit) Check() error {
	if err := estimator.FirstError(
		checkNFeatures(f.NFeatures),
		checkNames("InNames", f.InNames, f.NFeatures),
		estimator.CheckCount("len(References)", len(f.References), 1, QuantileMaxQuantiles),
		estimator.CheckLen("Quantiles", len(f.Quantiles), f.NFeatures),
	); err != nil {
		return err
	}
	if !slices.Equal(f.References, quantileLinspace(len(f.References))) {
		return fmt.Errorf("References are not linspace(0, 1, %d)", len(f.References))
	}
	for j, qs := range f.Quantiles {
		name := fmt.Sprintf("Quantiles[%d]", j)
		if err := estimator.FirstError(
			estimator.CheckLen("len("+name+")", len(qs), len(f.References)),
			estimator.CheckFinite(name, qs...),
		); err != nil {
			return err
		}
		for k := 1; k < len(qs); k++ {
			if qs[k] < qs[k-1] {
				return fmt.Errorf("%s decreases at %d", name, k)
			}
		}
	}
	return nil
}
