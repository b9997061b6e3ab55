package preprocess

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/fastpath"
)

var (
	_ estimator.Transformer        = (*StandardScaler)(nil)
	_ estimator.FitTransformer     = (*StandardScaler)(nil)
	_ fastpath.InPlaceTransformer  = (*StandardScaler)(nil)
	_ estimator.InverseTransformer = (*StandardScaler)(nil)
	_ estimator.Validator          = (*StandardScaler)(nil)
	_ estimator.StateMarshaler     = (*StandardScaler)(nil)
	_ estimator.FeatureNamer       = (*StandardScaler)(nil)

	_ estimator.Transformer        = (*MinMaxScaler)(nil)
	_ estimator.FitTransformer     = (*MinMaxScaler)(nil)
	_ estimator.InverseTransformer = (*MinMaxScaler)(nil)
	_ estimator.Validator          = (*MinMaxScaler)(nil)
	_ estimator.StateMarshaler     = (*MinMaxScaler)(nil)
	_ estimator.FeatureNamer       = (*MinMaxScaler)(nil)

	_ estimator.Transformer        = (*MaxAbsScaler)(nil)
	_ estimator.FitTransformer     = (*MaxAbsScaler)(nil)
	_ estimator.InverseTransformer = (*MaxAbsScaler)(nil)
	_ estimator.Validator          = (*MaxAbsScaler)(nil)
	_ estimator.StateMarshaler     = (*MaxAbsScaler)(nil)
	_ estimator.FeatureNamer       = (*MaxAbsScaler)(nil)

	_ estimator.Transformer        = (*RobustScaler)(nil)
	_ estimator.FitTransformer     = (*RobustScaler)(nil)
	_ estimator.InverseTransformer = (*RobustScaler)(nil)
	_ estimator.Validator          = (*RobustScaler)(nil)
	_ estimator.StateMarshaler     = (*RobustScaler)(nil)
	_ estimator.FeatureNamer       = (*RobustScaler)(nil)

	_ estimator.Transformer    = (*Normalizer)(nil)
	_ estimator.FitTransformer = (*Normalizer)(nil)
	_ estimator.Validator      = (*Normalizer)(nil)
	_ estimator.StateMarshaler = (*Normalizer)(nil)
	_ estimator.FeatureNamer   = (*Normalizer)(nil)
)

// ---------------------------------------------------------------------------
// Helpers shared by the numeric transformers of this package (scale.go, poly.go,
// kbins.go, function.go, select.go, pca.go). They carry the "scale" prefix.

// scaleCheckFit runs the checks every numeric Fit starts with: a done ctx (returned
// unwrapped), hyperparameters, then X and y (y may be nil). Errors other than the
// context's carry the "preprocess.Type: " prefix.
func scaleCheckFit(ctx context.Context, name string, v estimator.Validator, X mat.Matrix, y []float64) (*mat.Dense, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := v.Validate(); err != nil {
		return nil, fmt.Errorf("preprocess.%s: %w", name, err)
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return nil, fmt.Errorf("preprocess.%s: %w", name, err)
	}
	return x, nil
}

// scaleCheckTransform validates X for Transform on a model fitted (fitted=true) with
// nFeatures columns.
func scaleCheckTransform(name string, fitted bool, X mat.Matrix, nFeatures int) (*mat.Dense, error) {
	if !fitted {
		return nil, fmt.Errorf("preprocess.%s: %w", name, estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, nFeatures)
	if err != nil {
		return nil, fmt.Errorf("preprocess.%s: %w", name, err)
	}
	return x, nil
}

// scaleNames returns a copy of in when it is non-nil, else "x0", "x1", ... "x{p-1}".
// It returns nil when p < 0 (not fitted) or when len(in) != p.
func scaleNames(in []string, p int) []string {
	if p < 0 || (in != nil && len(in) != p) {
		return nil
	}
	if in != nil {
		return slices.Clone(in)
	}
	out := make([]string, p)
	for j := range out {
		out[j] = fmt.Sprintf("x%d", j)
	}
	return out
}

// scaleMap returns a new r×c matrix with out[i][j] = f(x[i][j], j).
func scaleMap(x *mat.Dense, f func(v float64, j int) float64) *mat.Dense {
	r, c := x.Dims()
	out := mat.NewDense(r, c, nil)
	raw := out.RawMatrix().Data
	for i := 0; i < r; i++ {
		dst := raw[i*c : (i+1)*c]
		for j, v := range x.RawRowView(i) {
			dst[j] = f(v, j)
		}
	}
	return out
}

// scaleColumn copies column j of x.
func scaleColumn(x *mat.Dense, j int) []float64 {
	r, _ := x.Dims()
	col := make([]float64, r)
	mat.Col(col, j, x)
	return col
}

// scaleHandleZeros sets entries of scale below 10·eps (or flagged in constant) to 1,
// like scikit-learn's _handle_zeros_in_scale.
func scaleHandleZeros(scale []float64, constant []bool) {
	for j, s := range scale {
		if constant != nil {
			if constant[j] {
				scale[j] = 1
			}
		} else if s < 10*scaleEps {
			scale[j] = 1
		}
	}
}

const scaleEps = 2.220446049250313e-16 // np.finfo(np.float64).eps

// scaleMeanVar returns the column means and (population, ddof=0) variances computed
// as scikit-learn's _incremental_mean_and_var does for one batch: a two-pass
// algorithm with the Chan–Golub–LeVeque correction. It is the same algorithm as
// gonum's stat.PopMeanVariance, fused over all columns of the row-major matrix: one
// pass over the rows instead of a column copy and two passes per column, about five
// times faster on the pipeline benchmarks, which is why it is kept. Columns whose
// statistics overflow are recomputed by scaleFixOverflow.
func scaleMeanVar(x *mat.Dense) (mean, variance []float64) {
	r, c := x.Dims()
	mean = make([]float64, c)
	// Rows are taken four at a time so that each column sum is updated once per four
	// rows (the loop is otherwise bound by store-to-load latency on the sums).
	i := 0
	for ; i+4 <= r; i += 4 {
		r0, r1, r2, r3 := x.RawRowView(i)[:c], x.RawRowView(i + 1)[:c], x.RawRowView(i + 2)[:c], x.RawRowView(i + 3)[:c]
		for j := range mean {
			mean[j] += (r0[j] + r1[j]) + (r2[j] + r3[j])
		}
	}
	for ; i < r; i++ {
		for j, v := range x.RawRowView(i) {
			mean[j] += v
		}
	}
	n := float64(r)
	for j := range mean {
		mean[j] /= n
	}
	corr := make([]float64, c)
	sq := make([]float64, c)
	i = 0
	for ; i+4 <= r; i += 4 {
		r0, r1, r2, r3 := x.RawRowView(i)[:c], x.RawRowView(i + 1)[:c], x.RawRowView(i + 2)[:c], x.RawRowView(i + 3)[:c]
		for j, m := range mean {
			d0, d1, d2, d3 := r0[j]-m, r1[j]-m, r2[j]-m, r3[j]-m
			corr[j] += (d0 + d1) + (d2 + d3)
			sq[j] += (d0*d0 + d1*d1) + (d2*d2 + d3*d3)
		}
	}
	for ; i < r; i++ {
		for j, v := range x.RawRowView(i) {
			d := v - mean[j]
			corr[j] += d
			sq[j] += d * d
		}
	}
	variance = make([]float64, c)
	for j := range variance {
		variance[j] = (sq[j] - corr[j]*corr[j]/n) / n
	}
	return mean, variance
}

// scaleFixOverflow recomputes, for every column whose mean or variance overflowed in
// scaleMeanVar (finite values near ±1e308 whose sum or squares leave float64), the
// statistics of the column divided by (a power of two near) its largest magnitude,
// then scales them back.
// A variance that is itself beyond float64 stays +Inf (and Fit reports it).
func scaleFixOverflow(x *mat.Dense, mean, variance []float64) {
	r, _ := x.Dims()
	for j := range mean {
		if !math.IsNaN(mean[j]) && !math.IsInf(mean[j], 0) && !math.IsNaN(variance[j]) && !math.IsInf(variance[j], 0) {
			continue
		}
		col := scaleColumn(x, j)
		m := floats.Norm(col, math.Inf(1))
		if m == 0 {
			mean[j], variance[j] = 0, 0
			continue
		}
		// Scale by a power of two, which is exact, so a constant column keeps its
		// value to the last bit.
		_, e := math.Frexp(m)
		for i, v := range col {
			col[i] = math.Ldexp(v, -e)
		}
		mu, v := stat.PopMeanVariance(col, nil)
		mean[j] = math.Ldexp(mu, e)
		variance[j] = math.Ldexp(v, 2*e)
		if r == 1 {
			variance[j] = 0
		}
	}
}

// scalePercentile returns the q-th percentile (0 ≤ q ≤ 100) of sorted, like
// numpy.percentile with the default "linear" method.
func scalePercentile(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 1 {
		return sorted[0]
	}
	virt := float64(n-1) * (q / 100)
	lo := math.Floor(virt)
	g := virt - lo
	i := int(lo)
	if i < 0 {
		i, g = 0, 0
	}
	if i >= n-1 {
		return sorted[n-1]
	}
	a, b := sorted[i], sorted[i+1]
	d := b - a
	if g >= 0.5 {
		return b - d*(1-g)
	}
	return a + d*g
}

// scaleMedian returns the median of sorted like numpy.median.
func scaleMedian(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// ---------------------------------------------------------------------------

// StandardScaler standardizes features by removing the mean and scaling to unit
// variance (scikit-learn: preprocessing.StandardScaler):
//
//	z = (x − mean) / scale,   scale = √var (population variance, ddof = 0)
//
// Features whose variance is indistinguishable from zero get scale 1, as in
// scikit-learn. The zero value centres and scales. Sample weights and partial_fit are
// not supported.
type StandardScaler struct {
	// NoMean disables centring (scikit-learn with_mean=False). Default false: centre.
	NoMean bool
	// NoStd disables scaling to unit variance (scikit-learn with_std=False).
	// Default false: scale.
	NoStd bool

	fit *standardScalerFit
}

type standardScalerFit struct {
	// InNames are the column names of the training matrix when it has them
	// (estimator.Columns, such as a Frame); nil otherwise.
	InNames          []string
	Mean, Var, Scale []float64 // Var and Scale nil when NoStd; Mean nil when NoMean && NoStd
	NFeatures        int
	NSamples         int
}

// Validate reports whether the hyperparameters are usable (always nil).
func (s *StandardScaler) Validate() error { return nil }

// Fit computes the per-feature mean and standard deviation of X. y is ignored (it
// may be nil; if given, its length must match X). It returns ErrInvalidData for
// empty or non-finite X, and ctx.Err() if ctx is done.
func (s *StandardScaler) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "StandardScaler", s, X, y)
	if err != nil {
		return err
	}
	f := s.compute(x)
	f.InNames = scaleInputNames(X)
	if err := fitCheck("StandardScaler", f); err != nil {
		return err
	}
	s.fit = f
	return nil
}

func (s *StandardScaler) compute(x *mat.Dense) *standardScalerFit {
	r, c := x.Dims()
	f := &standardScalerFit{NFeatures: c, NSamples: r}
	if s.NoMean && s.NoStd {
		return f
	}
	mean, variance := scaleMeanVar(x)
	scaleFixOverflow(x, mean, variance)
	f.Mean = mean
	if !s.NoStd {
		f.Var = variance
		f.Scale = make([]float64, c)
		constant := make([]bool, c)
		n := float64(r)
		for j, v := range variance {
			f.Scale[j] = math.Sqrt(v)
			upper := n*scaleEps*v + (n*mean[j]*scaleEps)*(n*mean[j]*scaleEps)
			constant[j] = v <= upper
		}
		scaleHandleZeros(f.Scale, constant)
	}
	return f
}

// FitTransform fits the scaler on X and returns X standardized.
func (s *StandardScaler) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	x, err := scaleCheckFit(ctx, "StandardScaler", s, X, y)
	if err != nil {
		return nil, err
	}
	f := s.compute(x)
	f.InNames = scaleInputNames(X)
	if err := fitCheck("StandardScaler", f); err != nil {
		return nil, err
	}
	s.fit = f
	return s.apply(f, x), nil
}

// Transform returns (X − Mean) / Scale. It returns ErrNotFitted before Fit, ErrShape
// on a wrong feature count and ErrInvalidData for empty or non-finite X.
func (s *StandardScaler) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := s.fit
	x, err := scaleCheckTransform("StandardScaler", f != nil, X, standardScalerNF(f))
	if err != nil {
		return nil, err
	}
	return s.apply(f, x), nil
}

func standardScalerNF(f *standardScalerFit) int {
	if f == nil {
		return 0
	}
	return f.NFeatures
}

// FitTransformInPlace is FitTransform writing the result over X
// (fastpath.InPlaceTransformer; a Pipeline uses it for its own intermediate matrices).
func (s *StandardScaler) FitTransformInPlace(ctx context.Context, X *mat.Dense, y []float64) error {
	x, err := scaleCheckFit(ctx, "StandardScaler", s, X, y)
	if err != nil {
		return err
	}
	f := s.compute(x)
	f.InNames = scaleInputNames(X)
	if err := fitCheck("StandardScaler", f); err != nil {
		return err
	}
	s.fit = f
	s.applyTo(f, x, x)
	return nil
}

// TransformInPlace is Transform writing the result over X.
func (s *StandardScaler) TransformInPlace(X *mat.Dense) error {
	f := s.fit
	x, err := scaleCheckTransform("StandardScaler", f != nil, X, standardScalerNF(f))
	if err != nil {
		return err
	}
	s.applyTo(f, x, x)
	return nil
}

func (s *StandardScaler) apply(f *standardScalerFit, x *mat.Dense) *mat.Dense {
	r, c := x.Dims()
	out := mat.NewDense(r, c, nil)
	s.applyTo(f, x, out)
	return out
}

// applyTo writes (x − shift) / scale into out (which may be x).
func (s *StandardScaler) applyTo(f *standardScalerFit, x, out *mat.Dense) {
	r, c := x.Dims()
	// Direct loops (this is on the hot path of pipelines): z = (v − shift)·inv would
	// differ from scikit-learn in the last bit, so divide as it does.
	shift := make([]float64, c)
	scale := make([]float64, c)
	for j := range scale {
		scale[j] = 1
	}
	if !s.NoMean && f.Mean != nil {
		copy(shift, f.Mean)
	}
	if !s.NoStd && f.Scale != nil {
		copy(scale, f.Scale)
	}
	for i := 0; i < r; i++ {
		dst := out.RawRowView(i)[:c]
		row := x.RawRowView(i)
		for j, v := range row[:len(dst)] {
			dst[j] = (v - shift[j]) / scale[j]
		}
	}
}

// InverseTransform maps standardized rows back: X·Scale + Mean.
func (s *StandardScaler) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	f := s.fit
	x, err := scaleCheckTransform("StandardScaler", f != nil, X, standardScalerNF(f))
	if err != nil {
		return nil, err
	}
	center := !s.NoMean && f.Mean != nil
	sc := !s.NoStd && f.Scale != nil
	return scaleMap(x, func(v float64, j int) float64 {
		if sc {
			v *= f.Scale[j]
		}
		if center {
			v += f.Mean[j]
		}
		return v
	}), nil
}

// Mean returns a copy of the per-feature means (scikit-learn mean_), or nil before
// Fit or when both NoMean and NoStd are set.
func (s *StandardScaler) Mean() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.Mean)
}

// Var returns a copy of the per-feature population variances (var_), or nil before
// Fit or with NoStd.
func (s *StandardScaler) Var() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.Var)
}

// Scale returns a copy of the per-feature scales (scale_: √var, 1 for constant
// features), or nil before Fit or with NoStd.
func (s *StandardScaler) Scale() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.Scale)
}

// FeatureNamesOut returns the input names unchanged ("x0", "x1", ... when in is nil),
// or nil before Fit or when len(in) differs from the number of features.
func (s *StandardScaler) FeatureNamesOut(in []string) []string {
	if s.fit == nil {
		return nil
	}
	return scaleNames(scaleDefaultNames(in, s.fit.InNames), s.fit.NFeatures)
}

// scaleDefaultNames returns in, or fitted when in is nil.
func scaleDefaultNames(in, fitted []string) []string {
	if in == nil {
		return fitted
	}
	return in
}

// scaleInputNames returns X's column names when X carries them (estimator.Columns).
func scaleInputNames(X mat.Matrix) []string {
	if c, ok := X.(estimator.Columns); ok {
		if names := c.Names(); names != nil {
			return slices.Clone(names)
		}
	}
	return nil
}

// MarshalState encodes the learned state (nil before Fit).
func (s *StandardScaler) MarshalState() ([]byte, error) {
	return estimator.EncodeState(standardScalerStateVersion, s.fit)
}

// UnmarshalState restores state written by MarshalState.
func (s *StandardScaler) UnmarshalState(b []byte) error {
	var f *standardScalerFit
	if err := estimator.DecodeState(b, standardScalerStateVersion, &f); err != nil {
		return stateWrap("StandardScaler", err)
	}
	if f != nil {
		if err := s.checkState(f); err != nil {
			return stateErr("StandardScaler", err)
		}
	}
	s.fit = f
	return nil
}

// checkState checks that the statistics present match NoMean and NoStd.
func (s *StandardScaler) checkState(f *standardScalerFit) error {
	if (f.Mean != nil) == (s.NoMean && s.NoStd) {
		return fmt.Errorf("Mean present=%t does not match NoMean=%t, NoStd=%t", f.Mean != nil, s.NoMean, s.NoStd)
	}
	if (f.Scale != nil) == s.NoStd {
		return fmt.Errorf("Scale present=%t does not match NoStd=%t", f.Scale != nil, s.NoStd)
	}
	return nil
}

// ---------------------------------------------------------------------------

// MinMaxScaler scales each feature to a range (scikit-learn: preprocessing.MinMaxScaler):
//
//	scale = (hi − lo) / (max − min),   z = x·scale + lo − min·scale
//
// Constant features (max − min below 10·eps) get scale hi − lo.
type MinMaxScaler struct {
	// FeatureRange is the target range [lo, hi] with lo < hi. The zero value means
	// [0, 1], scikit-learn's default.
	FeatureRange [2]float64
	// Clip clips transformed values to FeatureRange (scikit-learn clip=False).
	Clip bool

	fit *minMaxScalerFit
}

type minMaxScalerFit struct {
	// InNames are the column names of the training matrix when it has them
	// (estimator.Columns, such as a Frame); nil otherwise.
	InNames                                 []string
	DataMin, DataMax, DataRange, Scale, Min []float64
	NFeatures                               int
}

func (s *MinMaxScaler) featureRange() [2]float64 {
	if s.FeatureRange == [2]float64{} {
		return [2]float64{0, 1}
	}
	return s.FeatureRange
}

// Validate checks that FeatureRange is finite with lo < hi (or the zero value).
func (s *MinMaxScaler) Validate() error {
	fr := s.featureRange()
	if math.IsNaN(fr[0]) || math.IsNaN(fr[1]) || math.IsInf(fr[0], 0) || math.IsInf(fr[1], 0) || !(fr[0] < fr[1]) {
		return &estimator.ParamError{Param: "FeatureRange", Value: s.FeatureRange, Reason: "minimum must be finite and smaller than the maximum"}
	}
	return nil
}

// Fit records each feature's minimum and maximum. y is ignored (nil allowed).
func (s *MinMaxScaler) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "MinMaxScaler", s, X, y)
	if err != nil {
		return err
	}
	f := s.compute(x)
	f.InNames = scaleInputNames(X)
	if err := fitCheck("MinMaxScaler", f); err != nil {
		return err
	}
	s.fit = f
	return nil
}

func (s *MinMaxScaler) compute(x *mat.Dense) *minMaxScalerFit {
	r, c := x.Dims()
	f := &minMaxScalerFit{NFeatures: c}
	f.DataMin = slices.Clone(x.RawRowView(0))
	f.DataMax = slices.Clone(x.RawRowView(0))
	for i := 1; i < r; i++ {
		for j, v := range x.RawRowView(i) {
			f.DataMin[j] = math.Min(f.DataMin[j], v)
			f.DataMax[j] = math.Max(f.DataMax[j], v)
		}
	}
	fr := s.featureRange()
	f.DataRange = make([]float64, c)
	f.Scale = make([]float64, c)
	f.Min = make([]float64, c)
	for j := range f.DataRange {
		f.DataRange[j] = f.DataMax[j] - f.DataMin[j]
	}
	den := slices.Clone(f.DataRange)
	scaleHandleZeros(den, nil)
	for j := range den {
		f.Scale[j] = (fr[1] - fr[0]) / den[j]
		f.Min[j] = fr[0] - f.DataMin[j]*f.Scale[j]
	}
	return f
}

// FitTransform fits on X and returns X scaled.
func (s *MinMaxScaler) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	x, err := scaleCheckFit(ctx, "MinMaxScaler", s, X, y)
	if err != nil {
		return nil, err
	}
	f := s.compute(x)
	f.InNames = scaleInputNames(X)
	if err := fitCheck("MinMaxScaler", f); err != nil {
		return nil, err
	}
	s.fit = f
	return s.apply(f, x), nil
}

// Transform returns X·Scale + Min, clipped to FeatureRange when Clip is set. It
// returns ErrNotFitted, ErrShape or ErrInvalidData as StandardScaler.Transform does.
func (s *MinMaxScaler) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := s.fit
	x, err := scaleCheckTransform("MinMaxScaler", f != nil, X, s.nf())
	if err != nil {
		return nil, err
	}
	return s.apply(f, x), nil
}

func (s *MinMaxScaler) nf() int {
	if s.fit == nil {
		return 0
	}
	return s.fit.NFeatures
}

func (s *MinMaxScaler) apply(f *minMaxScalerFit, x *mat.Dense) *mat.Dense {
	fr := s.featureRange()
	return scaleMap(x, func(v float64, j int) float64 {
		v = v*f.Scale[j] + f.Min[j]
		if s.Clip {
			v = math.Min(math.Max(v, fr[0]), fr[1])
		}
		return v
	})
}

// InverseTransform returns (X − Min) / Scale.
func (s *MinMaxScaler) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	f := s.fit
	x, err := scaleCheckTransform("MinMaxScaler", f != nil, X, s.nf())
	if err != nil {
		return nil, err
	}
	return scaleMap(x, func(v float64, j int) float64 { return (v - f.Min[j]) / f.Scale[j] }), nil
}

// DataMin returns a copy of the per-feature minimum seen in Fit (data_min_), or nil.
func (s *MinMaxScaler) DataMin() []float64 {
	return s.get(func(f *minMaxScalerFit) []float64 { return f.DataMin })
}

// DataMax returns a copy of the per-feature maximum seen in Fit (data_max_), or nil.
func (s *MinMaxScaler) DataMax() []float64 {
	return s.get(func(f *minMaxScalerFit) []float64 { return f.DataMax })
}

// DataRange returns a copy of DataMax − DataMin (data_range_), or nil.
func (s *MinMaxScaler) DataRange() []float64 {
	return s.get(func(f *minMaxScalerFit) []float64 { return f.DataRange })
}

// Scale returns a copy of the per-feature scale (scale_), or nil before Fit.
func (s *MinMaxScaler) Scale() []float64 {
	return s.get(func(f *minMaxScalerFit) []float64 { return f.Scale })
}

// Min returns a copy of the per-feature offset (min_), or nil before Fit.
func (s *MinMaxScaler) Min() []float64 {
	return s.get(func(f *minMaxScalerFit) []float64 { return f.Min })
}

func (s *MinMaxScaler) get(g func(*minMaxScalerFit) []float64) []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(g(s.fit))
}

// FeatureNamesOut returns the input names unchanged.
func (s *MinMaxScaler) FeatureNamesOut(in []string) []string {
	if s.fit == nil {
		return nil
	}
	return scaleNames(scaleDefaultNames(in, s.fit.InNames), s.fit.NFeatures)
}

// MarshalState encodes the learned state (nil before Fit).
func (s *MinMaxScaler) MarshalState() ([]byte, error) {
	return estimator.EncodeState(minMaxScalerStateVersion, s.fit)
}

// UnmarshalState restores state written by MarshalState.
func (s *MinMaxScaler) UnmarshalState(b []byte) error {
	return stateWrap("MinMaxScaler", estimator.DecodeState(b, minMaxScalerStateVersion, &s.fit))
}

// ---------------------------------------------------------------------------

// MaxAbsScaler divides each feature by its maximum absolute value, so values lie in
// [−1, 1] (scikit-learn: preprocessing.MaxAbsScaler). All-zero features get scale 1.
type MaxAbsScaler struct {
	fit *maxAbsScalerFit
}

type maxAbsScalerFit struct {
	// InNames are the column names of the training matrix when it has them
	// (estimator.Columns, such as a Frame); nil otherwise.
	InNames       []string
	MaxAbs, Scale []float64
	NFeatures     int
}

// Validate reports whether the hyperparameters are usable (always nil).
func (s *MaxAbsScaler) Validate() error { return nil }

// Fit records each feature's maximum absolute value. y is ignored (nil allowed).
func (s *MaxAbsScaler) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "MaxAbsScaler", s, X, y)
	if err != nil {
		return err
	}
	f := maxAbsCompute(x)
	f.InNames = scaleInputNames(X)
	if err := fitCheck("MaxAbsScaler", f); err != nil {
		return err
	}
	s.fit = f
	return nil
}

func maxAbsCompute(x *mat.Dense) *maxAbsScalerFit {
	r, c := x.Dims()
	f := &maxAbsScalerFit{NFeatures: c, MaxAbs: make([]float64, c)}
	for i := 0; i < r; i++ {
		for j, v := range x.RawRowView(i) {
			f.MaxAbs[j] = math.Max(f.MaxAbs[j], math.Abs(v))
		}
	}
	f.Scale = slices.Clone(f.MaxAbs)
	scaleHandleZeros(f.Scale, nil)
	return f
}

// FitTransform fits on X and returns X scaled.
func (s *MaxAbsScaler) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	x, err := scaleCheckFit(ctx, "MaxAbsScaler", s, X, y)
	if err != nil {
		return nil, err
	}
	f := maxAbsCompute(x)
	f.InNames = scaleInputNames(X)
	if err := fitCheck("MaxAbsScaler", f); err != nil {
		return nil, err
	}
	s.fit = f
	return scaleMap(x, func(v float64, j int) float64 { return v / f.Scale[j] }), nil
}

func (s *MaxAbsScaler) nf() int {
	if s.fit == nil {
		return 0
	}
	return s.fit.NFeatures
}

// Transform returns X / Scale. Errors as StandardScaler.Transform.
func (s *MaxAbsScaler) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := s.fit
	x, err := scaleCheckTransform("MaxAbsScaler", f != nil, X, s.nf())
	if err != nil {
		return nil, err
	}
	return scaleMap(x, func(v float64, j int) float64 { return v / f.Scale[j] }), nil
}

// InverseTransform returns X · Scale.
func (s *MaxAbsScaler) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	f := s.fit
	x, err := scaleCheckTransform("MaxAbsScaler", f != nil, X, s.nf())
	if err != nil {
		return nil, err
	}
	return scaleMap(x, func(v float64, j int) float64 { return v * f.Scale[j] }), nil
}

// MaxAbs returns a copy of the per-feature maximum absolute values (max_abs_), or nil.
func (s *MaxAbsScaler) MaxAbs() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.MaxAbs)
}

// Scale returns a copy of the per-feature scales (scale_), or nil before Fit.
func (s *MaxAbsScaler) Scale() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.Scale)
}

// FeatureNamesOut returns the input names unchanged.
func (s *MaxAbsScaler) FeatureNamesOut(in []string) []string {
	if s.fit == nil {
		return nil
	}
	return scaleNames(scaleDefaultNames(in, s.fit.InNames), s.fit.NFeatures)
}

// MarshalState encodes the learned state (nil before Fit).
func (s *MaxAbsScaler) MarshalState() ([]byte, error) {
	return estimator.EncodeState(maxAbsScalerStateVersion, s.fit)
}

// UnmarshalState restores state written by MarshalState.
func (s *MaxAbsScaler) UnmarshalState(b []byte) error {
	return stateWrap("MaxAbsScaler", estimator.DecodeState(b, maxAbsScalerStateVersion, &s.fit))
}

// ---------------------------------------------------------------------------

// RobustScaler removes the median and scales by an inter-quantile range, which is
// robust to outliers (scikit-learn: preprocessing.RobustScaler):
//
//	z = (x − median) / (q_hi − q_lo)
//
// Quantiles are numpy's linear-interpolation percentiles. Ranges below 10·eps are
// replaced by 1.
type RobustScaler struct {
	// NoCentering disables subtracting the median (scikit-learn with_centering=False).
	NoCentering bool
	// NoScaling disables dividing by the quantile range (with_scaling=False).
	NoScaling bool
	// QuantileRange is [q_lo, q_hi] in percent, 0 ≤ q_lo ≤ q_hi ≤ 100. The zero value
	// means [25, 75], scikit-learn's default.
	QuantileRange [2]float64
	// UnitVariance additionally divides the scale by Φ⁻¹(q_hi) − Φ⁻¹(q_lo), so a
	// normal feature ends with unit variance (unit_variance=True). Default false.
	UnitVariance bool

	fit *robustScalerFit
}

type robustScalerFit struct {
	// InNames are the column names of the training matrix when it has them
	// (estimator.Columns, such as a Frame); nil otherwise.
	InNames       []string
	Center, Scale []float64 // nil when disabled
	NFeatures     int
}

func (s *RobustScaler) quantileRange() [2]float64 {
	if s.QuantileRange == [2]float64{} {
		return [2]float64{25, 75}
	}
	return s.QuantileRange
}

// Validate checks 0 ≤ QuantileRange[0] ≤ QuantileRange[1] ≤ 100.
func (s *RobustScaler) Validate() error {
	q := s.quantileRange()
	if !(0 <= q[0] && q[0] <= q[1] && q[1] <= 100) {
		return &estimator.ParamError{Param: "QuantileRange", Value: s.QuantileRange, Reason: "must satisfy 0 <= lo <= hi <= 100"}
	}
	return nil
}

// Fit computes the per-feature median and quantile range. y is ignored (nil allowed).
func (s *RobustScaler) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "RobustScaler", s, X, y)
	if err != nil {
		return err
	}
	f, err := s.compute(ctx, x)
	if err != nil {
		return err
	}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("RobustScaler", f); err != nil {
		return err
	}
	s.fit = f
	return nil
}

func (s *RobustScaler) compute(ctx context.Context, x *mat.Dense) (*robustScalerFit, error) {
	_, c := x.Dims()
	f := &robustScalerFit{NFeatures: c}
	q := s.quantileRange()
	if !s.NoCentering {
		f.Center = make([]float64, c)
	}
	if !s.NoScaling {
		f.Scale = make([]float64, c)
	}
	if s.NoCentering && s.NoScaling {
		return f, nil
	}
	for j := 0; j < c; j++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		col := scaleColumn(x, j)
		slices.Sort(col)
		if f.Center != nil {
			f.Center[j] = scaleMedian(col)
		}
		if f.Scale != nil {
			f.Scale[j] = scalePercentile(col, q[1]) - scalePercentile(col, q[0])
		}
	}
	if f.Scale != nil {
		scaleHandleZeros(f.Scale, nil)
		if s.UnitVariance {
			nd := distuv.UnitNormal
			adjust := nd.Quantile(q[1]/100) - nd.Quantile(q[0]/100)
			for j := range f.Scale {
				f.Scale[j] /= adjust
			}
		}
	}
	return f, nil
}

// FitTransform fits on X and returns X scaled.
func (s *RobustScaler) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	x, err := scaleCheckFit(ctx, "RobustScaler", s, X, y)
	if err != nil {
		return nil, err
	}
	f, err := s.compute(ctx, x)
	if err != nil {
		return nil, err
	}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("RobustScaler", f); err != nil {
		return nil, err
	}
	s.fit = f
	return robustApply(f, x), nil
}

func (s *RobustScaler) nf() int {
	if s.fit == nil {
		return 0
	}
	return s.fit.NFeatures
}

func robustApply(f *robustScalerFit, x *mat.Dense) *mat.Dense {
	return scaleMap(x, func(v float64, j int) float64 {
		if f.Center != nil {
			v -= f.Center[j]
		}
		if f.Scale != nil {
			v /= f.Scale[j]
		}
		return v
	})
}

// Transform returns (X − Center) / Scale. Errors as StandardScaler.Transform.
func (s *RobustScaler) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := s.fit
	x, err := scaleCheckTransform("RobustScaler", f != nil, X, s.nf())
	if err != nil {
		return nil, err
	}
	return robustApply(f, x), nil
}

// InverseTransform returns X · Scale + Center.
func (s *RobustScaler) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	f := s.fit
	x, err := scaleCheckTransform("RobustScaler", f != nil, X, s.nf())
	if err != nil {
		return nil, err
	}
	return scaleMap(x, func(v float64, j int) float64 {
		if f.Scale != nil {
			v *= f.Scale[j]
		}
		if f.Center != nil {
			v += f.Center[j]
		}
		return v
	}), nil
}

// Center returns a copy of the per-feature medians (center_), or nil before Fit or
// with NoCentering.
func (s *RobustScaler) Center() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.Center)
}

// Scale returns a copy of the per-feature scales (scale_), or nil before Fit or with
// NoScaling.
func (s *RobustScaler) Scale() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.Scale)
}

// FeatureNamesOut returns the input names unchanged.
func (s *RobustScaler) FeatureNamesOut(in []string) []string {
	if s.fit == nil {
		return nil
	}
	return scaleNames(scaleDefaultNames(in, s.fit.InNames), s.fit.NFeatures)
}

// MarshalState encodes the learned state (nil before Fit).
func (s *RobustScaler) MarshalState() ([]byte, error) {
	return estimator.EncodeState(robustScalerStateVersion, s.fit)
}

// UnmarshalState restores state written by MarshalState.
func (s *RobustScaler) UnmarshalState(b []byte) error {
	var f *robustScalerFit
	if err := estimator.DecodeState(b, robustScalerStateVersion, &f); err != nil {
		return stateWrap("RobustScaler", err)
	}
	if f != nil {
		if err := s.checkState(f); err != nil {
			return stateErr("RobustScaler", err)
		}
	}
	s.fit = f
	return nil
}

// checkState checks that the statistics present match NoCentering and NoScaling.
func (s *RobustScaler) checkState(f *robustScalerFit) error {
	if (f.Center != nil) == s.NoCentering || (f.Scale != nil) == s.NoScaling {
		return fmt.Errorf("Center present=%t, Scale present=%t do not match NoCentering=%t, NoScaling=%t",
			f.Center != nil, f.Scale != nil, s.NoCentering, s.NoScaling)
	}
	return nil
}

// ---------------------------------------------------------------------------

// Norm names the vector norm a Normalizer divides each row by.
type Norm string

// Norms accepted by Normalizer.
const (
	NormAuto Norm = ""    // the default: L2
	NormL2   Norm = "l2"  // Euclidean norm
	NormL1   Norm = "l1"  // sum of absolute values
	NormMax  Norm = "max" // largest absolute value
)

// Normalizer rescales each row (sample) to unit norm (scikit-learn:
// preprocessing.Normalizer). It is stateless: Fit only records the number of features
// so Transform can check it. Rows of norm zero are left unchanged. There is no
// InverseTransform (scikit-learn has none).
type Normalizer struct {
	// Norm is "l2" (the zero value), "l1" or "max".
	Norm Norm

	fit *normalizerFit
}

type normalizerFit struct {
	// InNames are the column names of the training matrix when it has them
	// (estimator.Columns, such as a Frame); nil otherwise.
	InNames   []string
	NFeatures int
}

// Validate checks Norm.
func (s *Normalizer) Validate() error {
	switch s.Norm {
	case NormAuto, NormL2, NormL1, NormMax:
		return nil
	}
	return &estimator.ParamError{Param: "Norm", Value: s.Norm, Reason: `must be "l2", "l1" or "max"`}
}

// Fit records the number of features. y is ignored (nil allowed).
func (s *Normalizer) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "Normalizer", s, X, y)
	if err != nil {
		return err
	}
	_, c := x.Dims()
	f := &normalizerFit{NFeatures: c}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("Normalizer", f); err != nil {
		return err
	}
	s.fit = f
	return nil
}

// FitTransform fits on X and returns its rows normalized.
func (s *Normalizer) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	x, err := scaleCheckFit(ctx, "Normalizer", s, X, y)
	if err != nil {
		return nil, err
	}
	_, c := x.Dims()
	f := &normalizerFit{NFeatures: c}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("Normalizer", f); err != nil {
		return nil, err
	}
	s.fit = f
	return s.apply(x), nil
}

func (s *Normalizer) nf() int {
	if s.fit == nil {
		return 0
	}
	return s.fit.NFeatures
}

// Transform returns each row of X divided by its norm. Errors as
// StandardScaler.Transform.
func (s *Normalizer) Transform(X mat.Matrix) (*mat.Dense, error) {
	x, err := scaleCheckTransform("Normalizer", s.fit != nil, X, s.nf())
	if err != nil {
		return nil, err
	}
	return s.apply(x), nil
}

func (s *Normalizer) apply(x *mat.Dense) *mat.Dense {
	r, c := x.Dims()
	out := mat.NewDense(r, c, nil)
	raw := out.RawMatrix().Data
	for i := 0; i < r; i++ {
		row := x.RawRowView(i)
		var norm float64
		switch s.Norm {
		case NormL1:
			for _, v := range row {
				norm += math.Abs(v)
			}
		case NormMax:
			for _, v := range row {
				norm = math.Max(norm, math.Abs(v))
			}
		default:
			for _, v := range row {
				norm += v * v
			}
			norm = math.Sqrt(norm)
			if math.IsInf(norm, 0) {
				// The squares overflowed (values beyond about 1e154): the same norm,
				// computed on the scaled row. (Tiny norms become 1 below, as in
				// scikit-learn.)
				norm = floats.Norm(row, 2)
			}
		}
		if norm < 10*scaleEps {
			norm = 1
		}
		dst := raw[i*c : (i+1)*c]
		for j, v := range row {
			dst[j] = v / norm
		}
	}
	return out
}

// FeatureNamesOut returns the input names unchanged.
func (s *Normalizer) FeatureNamesOut(in []string) []string {
	if s.fit == nil {
		return nil
	}
	return scaleNames(scaleDefaultNames(in, s.fit.InNames), s.fit.NFeatures)
}

// MarshalState encodes the learned state (nil before Fit).
func (s *Normalizer) MarshalState() ([]byte, error) {
	return estimator.EncodeState(normalizerStateVersion, s.fit)
}

// UnmarshalState restores state written by MarshalState.
func (s *Normalizer) UnmarshalState(b []byte) error {
	return stateWrap("Normalizer", estimator.DecodeState(b, normalizerStateVersion, &s.fit))
}
