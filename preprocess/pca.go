package preprocess

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Transformer        = (*PCA)(nil)
	_ estimator.InverseTransformer = (*PCA)(nil)
	_ estimator.Validator          = (*PCA)(nil)
	_ estimator.StateMarshaler     = (*PCA)(nil)
	_ estimator.FeatureNamer       = (*PCA)(nil)

	_ estimator.Transformer        = (*TruncatedSVD)(nil)
	_ estimator.InverseTransformer = (*TruncatedSVD)(nil)
	_ estimator.Validator          = (*TruncatedSVD)(nil)
	_ estimator.StateMarshaler     = (*TruncatedSVD)(nil)
	_ estimator.FeatureNamer       = (*TruncatedSVD)(nil)
)

// pcaFit is the learned state of PCA and TruncatedSVD.
type pcaFit struct {
	NFeatures  int
	NSamples   int
	Components []float64 // k×p, row-major
	K          int
	Mean       []float64 // nil for TruncatedSVD
	ExplVar    []float64
	ExplRatio  []float64
	Singular   []float64
	NoiseVar   float64
}

func (f *pcaFit) nf() int {
	if f == nil {
		return 0
	}
	return f.NFeatures
}

func (f *pcaFit) components() *mat.Dense {
	return mat.NewDense(f.K, f.NFeatures, f.Components)
}

// pcaSVD returns the thin SVD of a (n×p) with scikit-learn's svd_flip sign
// convention based on U: in each column of U the entry of largest magnitude (the
// first one on ties) is made positive, and the matching row of Vᵀ flips with it.
// It returns the singular values and Vᵀ (min(n,p)×p).
func pcaSVD(a *mat.Dense) (s []float64, vt *mat.Dense, err error) {
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDThin) {
		return nil, nil, fmt.Errorf("SVD did not converge: %w", estimator.ErrConvergence)
	}
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	s = svd.Values(nil)
	n, k := u.Dims()
	p, _ := v.Dims()
	vt = mat.NewDense(k, p, nil)
	for c := 0; c < k; c++ {
		best, bi := -1.0, 0
		for i := 0; i < n; i++ {
			if a := math.Abs(u.At(i, c)); a > best {
				best, bi = a, i
			}
		}
		sign := 1.0
		if u.At(bi, c) < 0 {
			sign = -1
		}
		row := vt.RawRowView(c)
		for j := 0; j < p; j++ {
			row[j] = sign * v.At(j, c)
		}
	}
	return s, vt, nil
}

// pcaProject returns (x − mean)·Cᵀ (mean may be nil), scaling column k by 1/scale[k]
// when scale is non-nil.
func pcaProject(f *pcaFit, x *mat.Dense, scale []float64) *mat.Dense {
	r, _ := x.Dims()
	src := x
	if f.Mean != nil {
		src = scaleMap(x, func(v float64, j int) float64 { return v - f.Mean[j] })
	}
	out := mat.NewDense(r, f.K, nil)
	out.Mul(src, f.components().T())
	if scale != nil {
		raw := out.RawMatrix().Data
		for i := 0; i < r; i++ {
			row := raw[i*f.K : (i+1)*f.K]
			for k := range row {
				row[k] /= scale[k]
			}
		}
	}
	return out
}

// pcaBack returns x·diag(scale)·C + mean (scale and mean may be nil).
func pcaBack(f *pcaFit, x *mat.Dense, scale []float64) *mat.Dense {
	r, _ := x.Dims()
	c := f.components()
	if scale != nil {
		c = mat.DenseCopyOf(c)
		for k := 0; k < f.K; k++ {
			row := c.RawRowView(k)
			for j := range row {
				row[j] *= scale[k]
			}
		}
	}
	out := mat.NewDense(r, f.NFeatures, nil)
	out.Mul(x, c)
	if f.Mean != nil {
		for i := 0; i < r; i++ {
			row := out.RawRowView(i)
			for j := range row {
				row[j] += f.Mean[j]
			}
		}
	}
	return out
}

// pcaErr prefixes a compute error unless fitCheck already did.
func pcaErr(name string, err error) error {
	if strings.HasPrefix(err.Error(), "preprocess.") {
		return err
	}
	return fmt.Errorf("preprocess.%s: %w", name, err)
}

// pcaPrefixNames returns prefix0, prefix1, ... for k components.
func pcaPrefixNames(prefix string, k int) []string {
	out := make([]string, k)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return out
}

// ---------------------------------------------------------------------------

// PCA is principal component analysis (scikit-learn: decomposition.PCA with
// svd_solver="full"): X is centred and projected on the first right singular vectors
// of the centred data,
//
//	Z = (X − mean)·Cᵀ,   C = first k rows of Vᵀ,   X − mean = U·S·Vᵀ
//
// with scikit-learn 1.2's sign convention (svd_flip on U: the largest-magnitude entry
// of each column of U is positive). ExplainedVariance is S²/(n − 1).
//
// Set NComponents for a fixed number of components, or VarianceRatio to keep the
// fewest components whose cumulative explained-variance ratio exceeds it (scikit-learn
// n_components=0.95); at most one of them may be non-zero. "mle" and the randomized
// and ARPACK solvers are not implemented.
type PCA struct {
	// NComponents is the number of components to keep; 0 means all, min(n, p)
	// (scikit-learn n_components=None). Fit fails if it exceeds min(n, p).
	NComponents int
	// VarianceRatio, in (0, 1), selects the number of components by explained
	// variance instead (scikit-learn's float n_components). Zero means unused.
	VarianceRatio float64
	// Whiten divides each projected component by its standard deviation, so outputs
	// have unit variance (scikit-learn whiten=False).
	Whiten bool
	// Seed is accepted for symmetry with scikit-learn's random_state; the full SVD
	// used here is deterministic, so it has no effect.
	Seed uint64

	fit *pcaFit
}

// Validate checks NComponents and VarianceRatio.
func (p *PCA) Validate() error {
	if p.NComponents < 0 {
		return &estimator.ParamError{Param: "NComponents", Value: p.NComponents, Reason: "must be >= 0 (0 means all)"}
	}
	if p.VarianceRatio != 0 && !(p.VarianceRatio > 0 && p.VarianceRatio < 1) {
		return &estimator.ParamError{Param: "VarianceRatio", Value: p.VarianceRatio, Reason: "must be in (0, 1), or 0 for unused"}
	}
	if p.VarianceRatio != 0 && p.NComponents != 0 {
		return &estimator.ParamError{Param: "VarianceRatio", Value: p.VarianceRatio, Reason: "cannot be combined with NComponents"}
	}
	return nil
}

// Fit computes the principal components of X. y is ignored (nil allowed). It
// returns a *ParamError (wrapped) when NComponents exceeds min(n, p), ErrInvalidData
// for fewer than 2 rows or bad data, and ErrConvergence if the SVD fails.
func (p *PCA) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "PCA", p, X, y)
	if err != nil {
		return err
	}
	f, err := p.compute(x)
	if err != nil {
		return pcaErr("PCA", err)
	}
	p.fit = f
	return nil
}

func (p *PCA) compute(x *mat.Dense) (*pcaFit, error) {
	n, c := x.Dims()
	if n < 2 {
		return nil, fmt.Errorf("PCA needs at least 2 samples, got %d: %w", n, estimator.ErrInvalidData)
	}
	m := min(n, c)
	if p.NComponents > m {
		return nil, &estimator.ParamError{Param: "NComponents", Value: p.NComponents,
			Reason: fmt.Sprintf("must be between 0 and min(n_samples, n_features)=%d", m)}
	}
	mean, variance := scaleMeanVar(x)
	scaleFixOverflow(x, mean, variance)
	xc := scaleMap(x, func(v float64, j int) float64 { return v - mean[j] })
	s, vt, err := pcaSVD(xc)
	if err != nil {
		return nil, err
	}
	ev := make([]float64, len(s))
	total := 0.0
	for i, v := range s {
		ev[i] = v * v / float64(n-1)
		total += ev[i]
	}
	ratio := make([]float64, len(s))
	for i := range ev {
		if total > 0 { // constant data: no variance to explain, ratios 0 (scikit-learn: NaN)
			ratio[i] = ev[i] / total
		}
	}
	k := p.NComponents
	switch {
	case p.VarianceRatio > 0:
		cum := 0.0
		k = 0
		for k < len(ratio) && cum+ratio[k] <= p.VarianceRatio {
			cum += ratio[k]
			k++
		}
		k = min(k+1, m)
	case k == 0:
		k = m
	}
	f := &pcaFit{NFeatures: c, NSamples: n, K: k, Mean: mean,
		ExplVar: ev[:k], ExplRatio: ratio[:k], Singular: s[:k]}
	if k < m {
		rest := 0.0
		for _, v := range ev[k:] {
			rest += v
		}
		f.NoiseVar = rest / float64(len(ev)-k)
	}
	f.Components = make([]float64, 0, k*c)
	for i := 0; i < k; i++ {
		f.Components = append(f.Components, vt.RawRowView(i)...)
	}
	if err := fitCheck("PCA", f); err != nil {
		return nil, err
	}
	return f, nil
}

func (p *PCA) whitenScale(f *pcaFit) []float64 {
	if !p.Whiten {
		return nil
	}
	sc := make([]float64, f.K)
	for k, v := range f.ExplVar {
		// A component without variance would divide by zero; as scikit-learn ≥ 1.3
		// does, its scale is clipped to machine epsilon.
		sc[k] = math.Max(math.Sqrt(v), scaleEps)
	}
	return sc
}

// Transform projects X on the components. It returns ErrNotFitted before Fit,
// ErrShape on a wrong feature count and ErrInvalidData for empty or non-finite X.
func (p *PCA) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := p.fit
	x, err := scaleCheckTransform("PCA", f != nil, X, f.nf())
	if err != nil {
		return nil, err
	}
	return pcaProject(f, x, p.whitenScale(f)), nil
}

// InverseTransform maps projected rows (n×NComponentsOut()) back to feature space:
// Z·C + mean (undoing whitening). Errors as Transform.
func (p *PCA) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	f := p.fit
	k := 0
	if f != nil {
		k = f.K
	}
	x, err := scaleCheckTransform("PCA", f != nil, X, k)
	if err != nil {
		return nil, err
	}
	return pcaBack(f, x, p.whitenScale(f)), nil
}

// NComponentsOut returns the number of components kept (n_components_), or 0.
func (p *PCA) NComponentsOut() int {
	if p.fit == nil {
		return 0
	}
	return p.fit.K
}

// Components returns a copy of the k×p component matrix (components_), or nil.
func (p *PCA) Components() *mat.Dense {
	if p.fit == nil {
		return nil
	}
	return mat.DenseCopyOf(p.fit.components())
}

// ExplainedVariance returns the variance explained by each component
// (explained_variance_), or nil before Fit.
func (p *PCA) ExplainedVariance() []float64 {
	return pcaGet(p.fit, func(f *pcaFit) []float64 { return f.ExplVar })
}

// ExplainedVarianceRatio returns each component's share of the total variance
// (explained_variance_ratio_), or nil before Fit.
func (p *PCA) ExplainedVarianceRatio() []float64 {
	return pcaGet(p.fit, func(f *pcaFit) []float64 { return f.ExplRatio })
}

// SingularValues returns the singular values of the centred data for the kept
// components (singular_values_), or nil before Fit.
func (p *PCA) SingularValues() []float64 {
	return pcaGet(p.fit, func(f *pcaFit) []float64 { return f.Singular })
}

// Mean returns a copy of the per-feature means (mean_), or nil before Fit.
func (p *PCA) Mean() []float64 { return pcaGet(p.fit, func(f *pcaFit) []float64 { return f.Mean }) }

// NoiseVariance returns the probabilistic-PCA noise variance (noise_variance_): the
// mean explained variance of the dropped components, 0 when none is dropped or
// before Fit.
func (p *PCA) NoiseVariance() float64 {
	if p.fit == nil {
		return 0
	}
	return p.fit.NoiseVar
}

func pcaGet(f *pcaFit, g func(*pcaFit) []float64) []float64 {
	if f == nil {
		return nil
	}
	return slices.Clone(g(f))
}

// FeatureNamesOut returns "pca0", "pca1", ... (scikit-learn's class-name prefix), or
// nil before Fit. in is ignored.
func (p *PCA) FeatureNamesOut(in []string) []string {
	if p.fit == nil {
		return nil
	}
	return pcaPrefixNames("pca", p.fit.K)
}

// MarshalState encodes the learned state (nil before Fit).
func (p *PCA) MarshalState() ([]byte, error) {
	return estimator.EncodeState(pcaStateVersion, p.fit)
}

// UnmarshalState restores state written by MarshalState.
func (p *PCA) UnmarshalState(b []byte) error {
	var f *pcaFit
	if err := estimator.DecodeState(b, pcaStateVersion, &f); err != nil {
		return stateWrap("PCA", err)
	}
	if f != nil {
		if err := pcaCheckState(f, true); err != nil {
			return stateErr("PCA", err)
		}
	}
	p.fit = f
	return nil
}

// pcaCheckState checks what differs between PCA (centred, at least 2 samples) and
// TruncatedSVD (not centred).
func pcaCheckState(f *pcaFit, centred bool) error {
	if (f.Mean != nil) != centred {
		return fmt.Errorf("Mean present=%t, want %t", f.Mean != nil, centred)
	}
	if centred && f.NSamples < 2 {
		return fmt.Errorf("NSamples is %d, want at least 2", f.NSamples)
	}
	return nil
}

// ---------------------------------------------------------------------------

// TruncatedSVD reduces dimension with a truncated singular value decomposition of
// X itself, without centring (scikit-learn: decomposition.TruncatedSVD, latent
// semantic analysis):
//
//	Z = X·Cᵀ,   C = first k rows of Vᵀ,   X = U·S·Vᵀ
//
// It computes an exact (full) SVD, which equals scikit-learn's algorithm="arpack"
// with tol=0 and approximates its default randomized solver; signs follow
// scikit-learn's U-based svd_flip. ExplainedVariance is the (ddof 0) variance of each
// projected column and ExplainedVarianceRatio divides it by the total variance of X.
type TruncatedSVD struct {
	// NComponents is the output dimension; 0 means 2 (scikit-learn's default). Fit
	// fails if it exceeds min(n, p).
	NComponents int
	// Seed is accepted for symmetry with scikit-learn's random_state; the exact SVD
	// used here is deterministic, so it has no effect.
	Seed uint64

	fit *pcaFit
}

func (t *TruncatedSVD) k() int {
	if t.NComponents == 0 {
		return 2
	}
	return t.NComponents
}

// Validate checks NComponents.
func (t *TruncatedSVD) Validate() error {
	if t.NComponents < 0 {
		return &estimator.ParamError{Param: "NComponents", Value: t.NComponents, Reason: "must be >= 0 (0 means 2)"}
	}
	return nil
}

// Fit computes the first NComponents right singular vectors of X. y is ignored (nil
// allowed). Errors as PCA.Fit.
func (t *TruncatedSVD) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "TruncatedSVD", t, X, y)
	if err != nil {
		return err
	}
	f, err := t.compute(x)
	if err != nil {
		return pcaErr("TruncatedSVD", err)
	}
	t.fit = f
	return nil
}

func (t *TruncatedSVD) compute(x *mat.Dense) (*pcaFit, error) {
	n, c := x.Dims()
	k := t.k()
	if k > min(n, c) {
		return nil, &estimator.ParamError{Param: "NComponents", Value: k,
			Reason: fmt.Sprintf("must be <= min(n_samples, n_features) = %d", min(n, c))}
	}
	s, vt, err := pcaSVD(x)
	if err != nil {
		return nil, err
	}
	f := &pcaFit{NFeatures: c, NSamples: n, K: k, Singular: s[:k]}
	f.Components = make([]float64, 0, k*c)
	for i := 0; i < k; i++ {
		f.Components = append(f.Components, vt.RawRowView(i)...)
	}
	z := pcaProject(f, x, nil)
	_, zv := scaleMeanVar(z)
	_, xv := scaleMeanVar(x)
	total := 0.0
	for _, v := range xv {
		total += v
	}
	f.ExplVar = zv
	f.ExplRatio = make([]float64, k)
	for i, v := range zv {
		if total > 0 { // an all-zero X: ratios 0 (scikit-learn: NaN)
			f.ExplRatio[i] = v / total
		}
	}
	if err := fitCheck("TruncatedSVD", f); err != nil {
		return nil, err
	}
	return f, nil
}

// Transform returns X·Cᵀ. Errors as PCA.Transform.
func (t *TruncatedSVD) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := t.fit
	x, err := scaleCheckTransform("TruncatedSVD", f != nil, X, f.nf())
	if err != nil {
		return nil, err
	}
	return pcaProject(f, x, nil), nil
}

// InverseTransform returns Z·C, an approximation of the original rows.
func (t *TruncatedSVD) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	f := t.fit
	k := 0
	if f != nil {
		k = f.K
	}
	x, err := scaleCheckTransform("TruncatedSVD", f != nil, X, k)
	if err != nil {
		return nil, err
	}
	return pcaBack(f, x, nil), nil
}

// Components returns a copy of the k×p component matrix (components_), or nil.
func (t *TruncatedSVD) Components() *mat.Dense {
	if t.fit == nil {
		return nil
	}
	return mat.DenseCopyOf(t.fit.components())
}

// ExplainedVariance returns the variance of each projected column
// (explained_variance_), or nil before Fit.
func (t *TruncatedSVD) ExplainedVariance() []float64 {
	return pcaGet(t.fit, func(f *pcaFit) []float64 { return f.ExplVar })
}

// ExplainedVarianceRatio returns ExplainedVariance divided by the total variance of
// X (explained_variance_ratio_), or nil before Fit.
func (t *TruncatedSVD) ExplainedVarianceRatio() []float64 {
	return pcaGet(t.fit, func(f *pcaFit) []float64 { return f.ExplRatio })
}

// SingularValues returns the first NComponents singular values of X
// (singular_values_), or nil before Fit.
func (t *TruncatedSVD) SingularValues() []float64 {
	return pcaGet(t.fit, func(f *pcaFit) []float64 { return f.Singular })
}

// FeatureNamesOut returns "truncatedsvd0", "truncatedsvd1", ..., or nil before Fit.
func (t *TruncatedSVD) FeatureNamesOut(in []string) []string {
	if t.fit == nil {
		return nil
	}
	return pcaPrefixNames("truncatedsvd", t.fit.K)
}

// MarshalState encodes the learned state (nil before Fit).
func (t *TruncatedSVD) MarshalState() ([]byte, error) {
	return estimator.EncodeState(pcaStateVersion, t.fit)
}

// UnmarshalState restores state written by MarshalState.
func (t *TruncatedSVD) UnmarshalState(b []byte) error {
	var f *pcaFit
	if err := estimator.DecodeState(b, pcaStateVersion, &f); err != nil {
		return stateWrap("TruncatedSVD", err)
	}
	if f != nil {
		if err := pcaCheckState(f, false); err != nil {
			return stateErr("TruncatedSVD", err)
		}
	}
	t.fit = f
	return nil
}
