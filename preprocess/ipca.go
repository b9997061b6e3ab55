package preprocess

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Transformer        = (*IncrementalPCA)(nil)
	_ estimator.InverseTransformer = (*IncrementalPCA)(nil)
	_ estimator.Validator          = (*IncrementalPCA)(nil)
	_ estimator.StateMarshaler     = (*IncrementalPCA)(nil)
	_ estimator.FeatureNamer       = (*IncrementalPCA)(nil)
)

const ipcaStateVersion = 1

// IncrementalPCA is principal component analysis fitted one batch at a time
// (scikit-learn: decomposition.IncrementalPCA), for data that does not fit in memory
// or arrives in pieces. Each batch updates the running per-feature means and
// variances (scikit-learn's _incremental_mean_and_var) and the components by an exact
// SVD of the stacked matrix
//
//	[ diag(S)·C ;  Xbatch − batch mean ;  √(m·nb/(m+nb))·(previous mean − batch mean) ]
//
// (Ross et al., 2008), with signs from svd_flip on Vᵀ (the largest-magnitude entry of
// each component is positive), as scikit-learn 1.2.1 does. Fit splits X into batches
// of BatchSize rows (a short last batch is merged into the one before when it has
// fewer than NComponents rows) and calls the same update; PartialFit adds one batch to
// the current model. Transform, InverseTransform and Whiten are PCA's.
type IncrementalPCA struct {
	// NComponents is the number of components to keep; 0 means min(rows of the first
	// batch, features) (scikit-learn n_components=None). It must not exceed the
	// number of features nor the rows of any batch.
	NComponents int
	// Whiten divides each projected component by its standard deviation (scikit-learn
	// whiten=False). A zero variance is clipped to machine epsilon.
	Whiten bool
	// BatchSize is the number of rows per batch in Fit; 0 means 5·features
	// (scikit-learn's default). PartialFit takes whatever batch it is given.
	BatchSize int

	fit *ipcaFit
}

// ipcaFit is the learned state of an IncrementalPCA; fields are exported for gob.
type ipcaFit struct {
	NFeatures  int
	NSamples   int       // n_samples_seen_
	K          int       // n_components_
	Components []float64 // K×NFeatures, row-major
	Singular   []float64
	Mean       []float64
	Var        []float64
	ExplVar    []float64
	ExplRatio  []float64
	NoiseVar   float64
}

// Check validates decoded state.
func (f *ipcaFit) Check() error {
	if err := estimator.FirstError(
		checkNFeatures(f.NFeatures),
		estimator.CheckCount("NSamples", f.NSamples, 1, math.MaxInt),
		estimator.CheckCount("K", f.K, 1, f.NFeatures),
	); err != nil {
		return err
	}
	return estimator.FirstError(
		estimator.CheckLen("Components", len(f.Components), f.K*f.NFeatures),
		estimator.CheckFinite("Components", f.Components...),
		estimator.CheckLen("Singular", len(f.Singular), f.K),
		checkNonNegative("Singular", f.Singular),
		estimator.CheckLen("Mean", len(f.Mean), f.NFeatures),
		estimator.CheckFinite("Mean", f.Mean...),
		estimator.CheckLen("Var", len(f.Var), f.NFeatures),
		checkNonNegative("Var", f.Var),
		estimator.CheckLen("ExplVar", len(f.ExplVar), f.K),
		checkNonNegative("ExplVar", f.ExplVar),
		estimator.CheckLen("ExplRatio", len(f.ExplRatio), f.K),
		checkNonNegative("ExplRatio", f.ExplRatio),
		checkNonNegative("NoiseVar", []float64{f.NoiseVar}),
	)
}

// Validate checks NComponents and BatchSize.
func (p *IncrementalPCA) Validate() error {
	if p.NComponents < 0 {
		return &estimator.ParamError{Param: "NComponents", Value: p.NComponents, Reason: "must be >= 0 (0 means all)"}
	}
	if p.BatchSize < 0 {
		return &estimator.ParamError{Param: "BatchSize", Value: p.BatchSize, Reason: "must be >= 0 (0 means 5·features)"}
	}
	return nil
}

// Fit resets the model and fits it to X in batches of BatchSize rows. y is ignored
// (nil allowed). It returns a *ParamError (wrapped) when NComponents exceeds the
// features or the rows of a batch, ErrInvalidData for bad data, ErrConvergence if an
// SVD fails, and ctx.Err() (checked between batches) when ctx is done; on error the
// previous model is kept.
func (p *IncrementalPCA) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "IncrementalPCA", p, X, y)
	if err != nil {
		return err
	}
	n, c := x.Dims()
	bs := p.BatchSize
	if bs == 0 {
		bs = 5 * c
	}
	var f *ipcaFit
	for _, b := range ipcaBatches(n, bs, p.NComponents) {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err = p.update(f, mat.DenseCopyOf(x.Slice(b[0], b[1], 0, c)))
		if err != nil {
			return pcaErr("IncrementalPCA", err)
		}
	}
	p.fit = f
	return nil
}

// ipcaBatches is scikit-learn's gen_batches(n, size, min_batch_size=minSize).
func ipcaBatches(n, size, minSize int) [][2]int {
	var out [][2]int
	start := 0
	for range n / size {
		end := start + size
		if end+minSize > n {
			continue
		}
		out = append(out, [2]int{start, end})
		start = end
	}
	if start < n {
		out = append(out, [2]int{start, n})
	}
	return out
}

// PartialFit updates the model with one batch X (scikit-learn's partial_fit); on an
// unfitted model it starts a new one. X must have the features of the earlier
// batches and at least NComponents rows. Errors as Fit; on error the model is
// unchanged.
func (p *IncrementalPCA) PartialFit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "IncrementalPCA", p, X, y)
	if err != nil {
		return err
	}
	if p.fit != nil {
		if _, c := x.Dims(); c != p.fit.NFeatures {
			return fmt.Errorf("preprocess.IncrementalPCA: X has %d features, but IncrementalPCA is expecting %d features as input: %w",
				c, p.fit.NFeatures, estimator.ErrShape)
		}
	}
	f, err := p.update(p.fit, mat.DenseCopyOf(x))
	if err != nil {
		return pcaErr("IncrementalPCA", err)
	}
	p.fit = f
	return nil
}

// update is scikit-learn's IncrementalPCA.partial_fit on the batch x (owned: it is
// centred in place); prev is nil on the first batch. It returns a new state.
func (p *IncrementalPCA) update(prev *ipcaFit, x *mat.Dense) (*ipcaFit, error) {
	nb, c := x.Dims()
	var k int
	switch {
	case p.NComponents == 0 && prev == nil:
		k = min(nb, c)
	case p.NComponents == 0:
		k = prev.K
	case p.NComponents > c:
		return nil, &estimator.ParamError{Param: "NComponents", Value: p.NComponents,
			Reason: fmt.Sprintf("must be between 1 and n_features=%d", c)}
	case p.NComponents > nb:
		return nil, &estimator.ParamError{Param: "NComponents", Value: p.NComponents,
			Reason: fmt.Sprintf("must be less or equal to the batch number of samples %d", nb)}
	default:
		k = p.NComponents
	}
	if prev != nil && k != prev.K {
		return nil, &estimator.ParamError{Param: "NComponents", Value: p.NComponents,
			Reason: fmt.Sprintf("is %d, but the model has %d components; call Fit to start over", k, prev.K)}
	}
	// _incremental_mean_and_var with the previous count, mean and variance.
	lastN := 0.0
	var lastMean, lastVar []float64
	if prev != nil {
		lastN = float64(prev.NSamples)
		lastMean, lastVar = prev.Mean, prev.Var
	}
	newN := float64(nb)
	total := lastN + newN
	bmean, _ := scaleMeanVar(x)
	mean := make([]float64, c)
	variance := make([]float64, c)
	for j := 0; j < c; j++ {
		newSum := 0.0
		for i := 0; i < nb; i++ {
			newSum += x.At(i, j)
		}
		t := newSum / newN
		corr, sq := 0.0, 0.0
		for i := 0; i < nb; i++ {
			d := x.At(i, j) - t
			corr += d
			sq += d * d
		}
		newUnnorm := sq - corr*corr/newN
		if prev == nil {
			mean[j] = newSum / total
			variance[j] = newUnnorm / total
			continue
		}
		lastSum := lastMean[j] * lastN
		mean[j] = (lastSum + newSum) / total
		lastOverNew := lastN / newN
		d := lastSum/lastOverNew - newSum
		variance[j] = (lastVar[j]*lastN + newUnnorm + lastOverNew/total*d*d) / total
	}
	var stacked *mat.Dense
	if prev == nil {
		for i := 0; i < nb; i++ {
			row := x.RawRowView(i)
			for j := range row {
				row[j] -= mean[j]
			}
		}
		stacked = x
	} else {
		stacked = mat.NewDense(prev.K+nb+1, c, nil)
		for r := 0; r < prev.K; r++ {
			dst := stacked.RawRowView(r)
			for j := range dst {
				dst[j] = prev.Singular[r] * prev.Components[r*c+j]
			}
		}
		for i := 0; i < nb; i++ {
			dst := stacked.RawRowView(prev.K + i)
			for j, v := range x.RawRowView(i) {
				dst[j] = v - bmean[j]
			}
		}
		corr := math.Sqrt(lastN / total * newN)
		dst := stacked.RawRowView(prev.K + nb)
		for j := range dst {
			dst[j] = corr * (prev.Mean[j] - bmean[j])
		}
	}
	var svd mat.SVD
	if !svd.Factorize(stacked, mat.SVDThin) {
		return nil, fmt.Errorf("SVD did not converge: %w", estimator.ErrConvergence)
	}
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	s := svd.Values(nil)
	vt := mat.DenseCopyOf(v.T())
	ut := mat.DenseCopyOf(u.T())
	pcaFlipRows(vt, ut) // svd_flip(u_based_decision=False)
	sumVar := 0.0
	for _, v := range variance {
		sumVar += v * total
	}
	ev := make([]float64, len(s))
	ratio := make([]float64, len(s))
	for i, sv := range s {
		ev[i] = sv * sv / (total - 1)
		if sumVar > 0 {
			ratio[i] = sv * sv / sumVar
		}
	}
	f := &ipcaFit{NFeatures: c, NSamples: int(total), K: k, Mean: mean, Var: variance,
		Singular: s[:k], ExplVar: ev[:k], ExplRatio: ratio[:k],
		Components: slices.Clone(vt.RawMatrix().Data[:k*c])}
	if total < 2 {
		// explained_variance_ divides by n − 1: one sample has none.
		return nil, fmt.Errorf("IncrementalPCA needs at least 2 samples, got %d: %w", int(total), estimator.ErrInvalidData)
	}
	if k != nb && k != c && len(ev) > k {
		sum := 0.0
		for _, v := range ev[k:] {
			sum += v
		}
		f.NoiseVar = sum / float64(len(ev)-k)
	}
	if err := fitCheck("IncrementalPCA", f); err != nil {
		return nil, err
	}
	return f, nil
}

// pca views the state as a pcaFit for the shared projection helpers.
func (f *ipcaFit) pca() *pcaFit {
	return &pcaFit{NFeatures: f.NFeatures, K: f.K, Components: f.Components, Mean: f.Mean}
}

func (p *IncrementalPCA) whitenScale(f *ipcaFit) []float64 {
	if !p.Whiten {
		return nil
	}
	sc := make([]float64, f.K)
	for k, v := range f.ExplVar {
		sc[k] = math.Max(math.Sqrt(v), scaleEps)
	}
	return sc
}

// Transform projects X on the components: (X − Mean)·Cᵀ, divided by the standard
// deviation of each component when Whiten is set. It returns ErrNotFitted before
// Fit, ErrShape on a wrong feature count and ErrInvalidData for empty or non-finite
// X.
func (p *IncrementalPCA) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := p.fit
	nf := 0
	if f != nil {
		nf = f.NFeatures
	}
	x, err := scaleCheckTransform("IncrementalPCA", f != nil, X, nf)
	if err != nil {
		return nil, err
	}
	return pcaProject(f.pca(), x, p.whitenScale(f)), nil
}

// InverseTransform maps projected rows (n×NComponentsOut()) back to feature space:
// Z·C + Mean (undoing whitening). Errors as Transform.
func (p *IncrementalPCA) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	f := p.fit
	k := 0
	if f != nil {
		k = f.K
	}
	x, err := scaleCheckTransform("IncrementalPCA", f != nil, X, k)
	if err != nil {
		return nil, err
	}
	return pcaBack(f.pca(), x, p.whitenScale(f)), nil
}

func ipcaGet(f *ipcaFit, g func(*ipcaFit) []float64) []float64 {
	if f == nil {
		return nil
	}
	return slices.Clone(g(f))
}

// NComponentsOut returns the number of components kept (n_components_), or 0.
func (p *IncrementalPCA) NComponentsOut() int {
	if p.fit == nil {
		return 0
	}
	return p.fit.K
}

// NSamplesSeen returns the number of rows fitted so far (n_samples_seen_), or 0.
func (p *IncrementalPCA) NSamplesSeen() int {
	if p.fit == nil {
		return 0
	}
	return p.fit.NSamples
}

// Components returns a copy of the k×p component matrix (components_), or nil.
func (p *IncrementalPCA) Components() *mat.Dense {
	if p.fit == nil {
		return nil
	}
	return mat.NewDense(p.fit.K, p.fit.NFeatures, slices.Clone(p.fit.Components))
}

// ExplainedVariance returns the variance explained by each component
// (explained_variance_: S²/(n − 1)), or nil before Fit.
func (p *IncrementalPCA) ExplainedVariance() []float64 {
	return ipcaGet(p.fit, func(f *ipcaFit) []float64 { return f.ExplVar })
}

// ExplainedVarianceRatio returns each component's share of the total variance
// (explained_variance_ratio_), or nil before Fit.
func (p *IncrementalPCA) ExplainedVarianceRatio() []float64 {
	return ipcaGet(p.fit, func(f *ipcaFit) []float64 { return f.ExplRatio })
}

// SingularValues returns the singular values of the kept components
// (singular_values_), or nil before Fit.
func (p *IncrementalPCA) SingularValues() []float64 {
	return ipcaGet(p.fit, func(f *ipcaFit) []float64 { return f.Singular })
}

// Mean returns the per-feature means of all rows seen (mean_), or nil before Fit.
func (p *IncrementalPCA) Mean() []float64 {
	return ipcaGet(p.fit, func(f *ipcaFit) []float64 { return f.Mean })
}

// Var returns the per-feature (population) variances of all rows seen (var_), or nil
// before Fit.
func (p *IncrementalPCA) Var() []float64 {
	return ipcaGet(p.fit, func(f *ipcaFit) []float64 { return f.Var })
}

// NoiseVariance returns the mean explained variance of the components the last
// update dropped (noise_variance_), 0 when the kept count equals that batch's rows or
// the features, or before Fit.
func (p *IncrementalPCA) NoiseVariance() float64 {
	if p.fit == nil {
		return 0
	}
	return p.fit.NoiseVar
}

// FeatureNamesOut returns "incrementalpca0", "incrementalpca1", ..., or nil before
// Fit. in is ignored.
func (p *IncrementalPCA) FeatureNamesOut(in []string) []string {
	if p.fit == nil {
		return nil
	}
	return pcaPrefixNames("incrementalpca", p.fit.K)
}

// String prints the settings.
func (p *IncrementalPCA) String() string { return estimator.Format(p) }

// MarshalState encodes the learned state (nil before Fit).
func (p *IncrementalPCA) MarshalState() ([]byte, error) {
	return estimator.EncodeState(ipcaStateVersion, p.fit)
}

// UnmarshalState restores state written by MarshalState, checking it against
// NComponents.
func (p *IncrementalPCA) UnmarshalState(b []byte) error {
	var f *ipcaFit
	if err := estimator.DecodeState(b, ipcaStateVersion, &f); err != nil {
		return stateWrap("IncrementalPCA", err)
	}
	if f != nil && p.NComponents != 0 && f.K != p.NComponents {
		return stateErr("IncrementalPCA", fmt.Errorf("K is %d, NComponents %d", f.K, p.NComponents))
	}
	p.fit = f
	return nil
}
