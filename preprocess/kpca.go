package preprocess

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.Transformer        = (*KernelPCA)(nil)
	_ estimator.InverseTransformer = (*KernelPCA)(nil)
	_ estimator.Validator          = (*KernelPCA)(nil)
	_ estimator.StateMarshaler     = (*KernelPCA)(nil)
	_ estimator.FeatureNamer       = (*KernelPCA)(nil)
)

const kpcaStateVersion = 1

// KernelPCAMaxSamples bounds the training rows of KernelPCA: Fit builds the n×n
// kernel matrix (8·n² bytes, 800 MB at the bound) and its dense eigendecomposition
// (O(n³) time), so larger inputs are refused with ErrInvalidData instead of
// exhausting memory. Subsample, or use PCA / IncrementalPCA.
const KernelPCAMaxSamples = 10_000

// kpcaMaxDegree bounds the polynomial kernel's degree.
const kpcaMaxDegree = 1 << 10

// kpcaBlock is the number of rows of new data per kernel block in Transform and
// InverseTransform, so memory stays O(kpcaBlock·n) for any number of rows.
const kpcaBlock = 1024

// KernelPCA is kernel principal component analysis (scikit-learn:
// decomposition.KernelPCA): the eigendecomposition of the centred kernel matrix of
// the training rows,
//
//	Kc = K − 1K/n − K1/n + 1K1/n²,   Kc = V·diag(λ)·Vᵀ,
//
// keeping the NComponents largest eigenvalues. Eigenvalues below 1e-12 of the largest
// are set to 0 and small negative ones (within scikit-learn's _check_psd_eigenvalues
// tolerances) are clipped to 0; significantly negative ones make Fit fail, as in
// scikit-learn. Each eigenvector's largest-magnitude entry is made positive (svd_flip),
// so outputs match scikit-learn's, sign included, wherever the eigenvalues are
// distinct. Transform of new rows X centres their kernel against the training rows
// with the training statistics and returns Kc(X)·V·diag(1/√λ) (components with λ = 0
// give 0). Transform of the training rows equals V·diag(√λ).
//
// The model keeps the training rows (n×p), as scikit-learn's X_fit_ does. Fit
// refuses more than KernelPCAMaxSamples rows.
type KernelPCA struct {
	// NComponents is the number of components; 0 means all n training rows
	// (scikit-learn n_components=None), and then the components with a zero
	// eigenvalue are removed as with RemoveZeroEig. Values above n are clipped to n.
	NComponents int
	// Kernel is "linear" (the zero value, scikit-learn's default), "poly", "rbf",
	// "sigmoid", "cosine" or "precomputed". With "precomputed", Fit takes the n×n
	// kernel matrix of the training rows and Transform the m×n kernel between new
	// and training rows.
	Kernel string
	// Gamma is the coefficient of the rbf, poly and sigmoid kernels; 0 means
	// 1/features (scikit-learn gamma=None). As in scikit-learn 1.2.1, whose kernel
	// calls pass gamma=None through, the inverse map's kernel (on the NComponents
	// transformed columns) then uses 1/NComponentsOut().
	Gamma float64
	// Degree is the degree of the poly kernel; 0 means 3, the default. At most 1024.
	Degree int
	// Coef0 is the independent term of the poly and sigmoid kernels; 0 means 1,
	// scikit-learn's default. Set ZeroCoef0 for a literal 0.
	Coef0 float64
	// ZeroCoef0 makes Coef0 literally 0 (scikit-learn coef0=0); Coef0 must then be 0.
	ZeroCoef0 bool
	// Alpha is the ridge penalty of the inverse map learnt with FitInverseTransform;
	// 0 means 1, scikit-learn's default.
	Alpha float64
	// FitInverseTransform learns the pre-image map: kernel ridge regression (same
	// kernel, penalty Alpha) from the transformed training rows back to X, which
	// InverseTransform then applies. Not available with a precomputed kernel.
	FitInverseTransform bool
	// EigenSolver is "auto" (the zero value), "dense", "arpack" or "randomized"
	// (scikit-learn's eigen_solver). "auto", "dense" and "arpack" compute the top
	// eigenpairs exactly with a dense symmetric eigensolver: "arpack" (which
	// scikit-learn's "auto" picks for more than 200 rows and fewer than 10
	// components) converges to the same eigenpairs, so the answers agree with
	// scikit-learn's to rounding; only the cost differs. "randomized" is
	// scikit-learn's _randomized_eigsh (selection by modulus): PCA's randomized SVD
	// of the centred kernel with 10 oversamples, its test matrix drawn from
	// PCG(Seed, Seed).
	EigenSolver string
	// IteratedPower is the number of power iterations of the "randomized" solver; 0
	// means scikit-learn's "auto" (7 when NComponents < 0.1·n, else 4). At most
	// PCAMaxIteratedPower.
	IteratedPower int
	// Seed seeds the "randomized" solver (scikit-learn random_state); the other
	// solvers ignore it.
	Seed uint64
	// RemoveZeroEig drops components whose eigenvalue is 0 (scikit-learn
	// remove_zero_eig), so fewer than NComponents may be kept.
	RemoveZeroEig bool

	fit *kpcaFit
}

// kpcaFit is the learned state of a KernelPCA; fields are exported for gob.
type kpcaFit struct {
	NFeatures  int       // columns of X at Fit (n for a precomputed kernel)
	NSamples   int       // training rows
	XFit       []float64 // NSamples×NFeatures; nil for a precomputed kernel
	Kernel     string
	Gamma      float64
	Degree     int
	Coef0      float64
	InvGamma   float64   // the inverse map's kernel coefficient
	K          int       // components kept
	Lambdas    []float64 // K eigenvalues, descending, >= 0
	Vectors    []float64 // NSamples×K eigenvectors, row-major
	RowMeans   []float64 // K_fit_rows_: the column means of the training kernel
	AllMean    float64   // K_fit_all_
	XTransFit  []float64 // NSamples×K: the transformed training rows, for the inverse map
	DualCoef   []float64 // NSamples×NFeatures: the inverse map's dual coefficients
	HasInverse bool
}

// Check validates decoded state.
func (f *kpcaFit) Check() error {
	if err := estimator.FirstError(
		checkNFeatures(f.NFeatures),
		estimator.CheckCount("NSamples", f.NSamples, 1, KernelPCAMaxSamples),
		estimator.CheckCount("K", f.K, 1, f.NSamples),
		estimator.CheckCount("Degree", f.Degree, 1, kpcaMaxDegree),
		estimator.CheckFinite("Gamma", f.Gamma),
		estimator.CheckFinite("Coef0", f.Coef0),
		estimator.CheckFinite("AllMean", f.AllMean),
	); err != nil {
		return err
	}
	switch f.Kernel {
	case "linear", "poly", "rbf", "sigmoid", "cosine":
		if err := estimator.FirstError(
			estimator.CheckLen("XFit", len(f.XFit), f.NSamples*f.NFeatures),
			estimator.CheckFinite("XFit", f.XFit...),
		); err != nil {
			return err
		}
	case "precomputed":
		if f.XFit != nil || f.NFeatures != f.NSamples || f.HasInverse {
			return fmt.Errorf("a precomputed kernel has no XFit, NSamples features and no inverse map")
		}
	default:
		return fmt.Errorf("Kernel is %q", f.Kernel)
	}
	if err := estimator.FirstError(
		estimator.CheckLen("Lambdas", len(f.Lambdas), f.K),
		checkNonNegative("Lambdas", f.Lambdas),
		estimator.CheckLen("Vectors", len(f.Vectors), f.NSamples*f.K),
		estimator.CheckFinite("Vectors", f.Vectors...),
		estimator.CheckLen("RowMeans", len(f.RowMeans), f.NSamples),
		estimator.CheckFinite("RowMeans", f.RowMeans...),
	); err != nil {
		return err
	}
	for i := 1; i < len(f.Lambdas); i++ {
		if f.Lambdas[i] > f.Lambdas[i-1] {
			return fmt.Errorf("Lambdas are not in descending order at %d", i)
		}
	}
	if f.HasInverse {
		return estimator.FirstError(
			estimator.CheckFinite("InvGamma", f.InvGamma),
			estimator.CheckLen("XTransFit", len(f.XTransFit), f.NSamples*f.K),
			estimator.CheckFinite("XTransFit", f.XTransFit...),
			estimator.CheckLen("DualCoef", len(f.DualCoef), f.NSamples*f.NFeatures),
			estimator.CheckFinite("DualCoef", f.DualCoef...),
		)
	}
	if f.XTransFit != nil || f.DualCoef != nil {
		return fmt.Errorf("XTransFit and DualCoef are set without HasInverse")
	}
	return nil
}

// Validate checks the hyperparameters.
func (p *KernelPCA) Validate() error {
	switch p.Kernel {
	case "", "linear", "poly", "rbf", "sigmoid", "cosine", "precomputed":
	default:
		return &estimator.ParamError{Param: "Kernel", Value: p.Kernel,
			Reason: `must be "linear", "poly", "rbf", "sigmoid", "cosine" or "precomputed"`}
	}
	if p.NComponents < 0 {
		return &estimator.ParamError{Param: "NComponents", Value: p.NComponents, Reason: "must be >= 0 (0 means all)"}
	}
	if !(p.Gamma >= 0) || math.IsInf(p.Gamma, 0) {
		return &estimator.ParamError{Param: "Gamma", Value: p.Gamma, Reason: "must be finite and >= 0 (0 means 1/features)"}
	}
	if p.Degree < 0 || p.Degree > kpcaMaxDegree {
		return &estimator.ParamError{Param: "Degree", Value: p.Degree, Reason: fmt.Sprintf("must be in [0, %d] (0 means 3)", kpcaMaxDegree)}
	}
	if math.IsNaN(p.Coef0) || math.IsInf(p.Coef0, 0) {
		return &estimator.ParamError{Param: "Coef0", Value: p.Coef0, Reason: "must be finite (0 means 1)"}
	}
	if p.ZeroCoef0 && p.Coef0 != 0 {
		return &estimator.ParamError{Param: "ZeroCoef0", Value: p.ZeroCoef0, Reason: "requires Coef0 == 0"}
	}
	if !(p.Alpha >= 0) || math.IsInf(p.Alpha, 0) {
		return &estimator.ParamError{Param: "Alpha", Value: p.Alpha, Reason: "must be finite and >= 0 (0 means 1)"}
	}
	switch p.EigenSolver {
	case "", "auto", "dense", "arpack", "randomized":
	default:
		return &estimator.ParamError{Param: "EigenSolver", Value: p.EigenSolver, Reason: `must be "auto", "dense", "arpack" or "randomized"`}
	}
	if p.IteratedPower < 0 || p.IteratedPower > PCAMaxIteratedPower {
		return &estimator.ParamError{Param: "IteratedPower", Value: p.IteratedPower,
			Reason: fmt.Sprintf("must be in [0, %d] (0 means auto)", PCAMaxIteratedPower)}
	}
	if p.FitInverseTransform && p.Kernel == "precomputed" {
		return &estimator.ParamError{Param: "FitInverseTransform", Value: true, Reason: "cannot be used with a precomputed kernel"}
	}
	return nil
}

func (p *KernelPCA) kernelName() string {
	if p.Kernel == "" {
		return "linear"
	}
	return p.Kernel
}

// kpcaKernel computes the kernel between the rows of a (m×p) and b (n×p) as
// scikit-learn's pairwise_kernels does, with gamma, degree and coef0 resolved.
// same says that a and b are the same matrix (the rbf distances' diagonal is then 0).
func kpcaKernel(kind string, gamma float64, degree int, coef0 float64, a, b *mat.Dense, same bool) (*mat.Dense, error) {
	if kind == "cosine" {
		a, b = kpcaNormalizeRows(a), kpcaNormalizeRows(b)
	}
	k, err := pcaMulABt(nil, a, b) // a·bᵀ on internal/parallel chunks
	if err != nil {
		return nil, err
	}
	m, _ := k.Dims()
	var aa, bb []float64
	if kind == "rbf" {
		aa, bb = kpcaRowNorms(a), kpcaRowNorms(b)
	}
	err = parallel.Chunks(m, 256, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			row := k.RawRowView(i)
			switch kind {
			case "poly":
				for j, v := range row {
					row[j] = math.Pow(v*gamma+coef0, float64(degree))
				}
			case "sigmoid":
				for j, v := range row {
					row[j] = math.Tanh(v*gamma + coef0)
				}
			case "rbf":
				// euclidean_distances: (−2·a·bᵀ + ‖a‖²) + ‖b‖², clipped at 0.
				for j, v := range row {
					d := (-2*v + aa[i]) + bb[j]
					if d < 0 || (same && i == j) {
						d = 0
					}
					row[j] = math.Exp(-gamma * d)
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

func kpcaRowNorms(a *mat.Dense) []float64 {
	r, _ := a.Dims()
	out := make([]float64, r)
	for i := range out {
		for _, v := range a.RawRowView(i) {
			out[i] += v * v
		}
	}
	return out
}

// kpcaNormalizeRows is scikit-learn's normalize(a): rows divided by their Euclidean
// norm, zero rows left as they are.
func kpcaNormalizeRows(a *mat.Dense) *mat.Dense {
	out := mat.DenseCopyOf(a)
	r, _ := out.Dims()
	for i := 0; i < r; i++ {
		row := out.RawRowView(i)
		s := 0.0
		for _, v := range row {
			s += v * v
		}
		if s == 0 {
			continue
		}
		s = math.Sqrt(s)
		for j := range row {
			row[j] /= s
		}
	}
	return out
}

// Fit computes the kernel principal components of X (or, with a precomputed
// kernel, of the n×n kernel matrix X). y is ignored (nil allowed). It returns
// ErrInvalidData for bad data, more than KernelPCAMaxSamples rows, a non-square
// precomputed kernel or significantly negative eigenvalues (a kernel that is not
// positive semi-definite), ErrConvergence if the eigendecomposition or the inverse
// map's Cholesky factorisation fails, and ctx.Err() when ctx is done.
func (p *KernelPCA) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "KernelPCA", p, X, y)
	if err != nil {
		return err
	}
	f, err := p.compute(ctx, x)
	if err != nil {
		if ctx.Err() != nil && err == ctx.Err() {
			return err
		}
		return pcaErr("KernelPCA", err)
	}
	p.fit = f
	return nil
}

func (p *KernelPCA) compute(ctx context.Context, x *mat.Dense) (*kpcaFit, error) {
	n, c := x.Dims()
	if n > KernelPCAMaxSamples {
		return nil, fmt.Errorf("%d samples exceed KernelPCAMaxSamples = %d (the n×n kernel would need %.1f GB): %w",
			n, KernelPCAMaxSamples, 8*float64(n)*float64(n)/1e9, estimator.ErrInvalidData)
	}
	f := &kpcaFit{NFeatures: c, NSamples: n, Kernel: p.kernelName(), Gamma: p.Gamma, Degree: p.Degree, Coef0: p.Coef0}
	if f.Gamma == 0 {
		f.Gamma = 1 / float64(c)
	}
	if f.Degree == 0 {
		f.Degree = 3
	}
	if f.Coef0 == 0 && !p.ZeroCoef0 {
		f.Coef0 = 1
	}
	var K *mat.Dense
	if f.Kernel == "precomputed" {
		if n != c {
			return nil, fmt.Errorf("a precomputed kernel must be square, got %d×%d: %w", n, c, estimator.ErrInvalidData)
		}
		K = mat.DenseCopyOf(x)
	} else {
		f.XFit = slices.Clone(x.RawMatrix().Data[:0])
		for i := 0; i < n; i++ {
			f.XFit = append(f.XFit, x.RawRowView(i)...)
		}
		var err error
		if K, err = kpcaKernel(f.Kernel, f.Gamma, f.Degree, f.Coef0, x, x, true); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// KernelCenterer: column means of K, their mean, then Kc.
	f.RowMeans = make([]float64, n)
	for i := 0; i < n; i++ {
		for j, v := range K.RawRowView(i) {
			f.RowMeans[j] += v
		}
	}
	for j := range f.RowMeans {
		f.RowMeans[j] /= float64(n)
		f.AllMean += f.RowMeans[j]
	}
	f.AllMean /= float64(n)
	if err := estimator.CheckFinite("kernel", f.RowMeans...); err != nil {
		return nil, fmt.Errorf("the kernel matrix is not finite (are X's values too extreme?): %w", estimator.ErrInvalidData)
	}
	kpcaCenter(K, f.RowMeans, f.AllMean)
	k := p.NComponents
	if k == 0 || k > n {
		k = n
	}
	lam, cols, err := p.eigen(ctx, K, k)
	if err != nil {
		return nil, err
	}
	if err := kpcaCheckPSD(lam); err != nil {
		return nil, err
	}
	for c := 0; c < k; c++ {
		col := cols[c]
		best, sign := -1.0, 1.0
		for _, v := range col {
			if a := math.Abs(v); a > best {
				best, sign = a, 1
				if v < 0 {
					sign = -1
				}
			}
		}
		for i := range col {
			col[i] *= sign
		}
	}
	order := make([]int, k)
	for i := range order {
		order[i] = k - 1 - i
	}
	sort.SliceStable(order, func(a, b int) bool { return lam[order[a]] > lam[order[b]] })
	removeZero := p.RemoveZeroEig || p.NComponents == 0
	for _, o := range order {
		if removeZero && !(lam[o] > 0) {
			continue
		}
		f.Lambdas = append(f.Lambdas, lam[o])
	}
	f.K = len(f.Lambdas)
	f.Vectors = make([]float64, n*f.K)
	next := 0
	for _, o := range order {
		if removeZero && !(lam[o] > 0) {
			continue
		}
		for i, v := range cols[o] {
			f.Vectors[i*f.K+next] = v
		}
		next++
	}
	if f.K == 0 {
		return nil, fmt.Errorf("every eigenvalue of the centred kernel is zero (constant data?): %w", estimator.ErrInvalidData)
	}
	if p.FitInverseTransform {
		if err := p.fitInverse(ctx, f, x); err != nil {
			return nil, err
		}
	}
	if err := fitCheck("KernelPCA", f); err != nil {
		return nil, err
	}
	return f, nil
}

// eigen returns k eigenpairs of the centred kernel K (eigenvalues, and eigenvectors
// as slices of length n) in the order of scikit-learn's solver: ascending for the
// dense solvers (eigh with subset_by_index), by decreasing |λ| for "randomized"
// (_randomized_eigsh with selection="module": randomized_svd of K, each singular
// value signed by vᵢ·uᵢ).
func (p *KernelPCA) eigen(ctx context.Context, K *mat.Dense, k int) ([]float64, [][]float64, error) {
	n, _ := K.Dims()
	cols := make([][]float64, k)
	if p.EigenSolver == "randomized" {
		iters := p.IteratedPower
		if iters == 0 {
			iters = 4
			if float64(k) < 0.1*float64(n) {
				iters = 7
			}
		}
		s, left, right, err := pcaRandomizedSVDVectors(ctx, K, k, 10, iters, "", p.Seed, false)
		if err != nil {
			return nil, nil, err
		}
		lam := make([]float64, k)
		for j := 0; j < k; j++ {
			d := 0.0
			for i, v := range left.RawRowView(j) {
				d += v * right.At(j, i)
			}
			switch {
			case d > 0:
				lam[j] = s[j]
			case d < 0:
				lam[j] = -s[j]
			}
			cols[j] = slices.Clone(left.RawRowView(j))
		}
		return lam, cols, nil
	}
	sym := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			// Kc is symmetric up to rounding; eigh reads the lower triangle.
			sym.SetSym(i, j, K.At(j, i))
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, true) {
		return nil, nil, fmt.Errorf("eigendecomposition did not converge: %w", estimator.ErrConvergence)
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	values := eig.Values(nil) // ascending
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	for c := 0; c < k; c++ {
		col := make([]float64, n)
		for i := range col {
			col[i] = vecs.At(i, n-k+c)
		}
		cols[c] = col
	}
	return slices.Clone(values[n-k:]), cols, nil
}

// kpcaCenter centres a kernel block K (m×n) with the training statistics, in place:
// K − rowMeans[j] − mean of row i + allMean (scikit-learn's KernelCenterer.transform).
func kpcaCenter(K *mat.Dense, rowMeans []float64, allMean float64) {
	m, n := K.Dims()
	for i := 0; i < m; i++ {
		row := K.RawRowView(i)
		s := 0.0
		for _, v := range row {
			s += v
		}
		pred := s / float64(n)
		for j := range row {
			row[j] = row[j] - rowMeans[j] - pred + allMean
		}
	}
}

// kpcaCheckPSD is scikit-learn's _check_psd_eigenvalues for float64 (in place): an
// all-negative spectrum or a negative eigenvalue below −1e-5·max and −1e-10 is an
// error; other negative values become 0, as do positive values below 1e-12·max.
func kpcaCheckPSD(lam []float64) error {
	maxEig, minEig := slices.Max(lam), slices.Min(lam)
	if maxEig < 0 {
		return fmt.Errorf("all eigenvalues of the centred kernel are negative (maximum is %g): the kernel is not positive semi-definite: %w",
			maxEig, estimator.ErrInvalidData)
	}
	if minEig < -1e-5*maxEig && minEig < -1e-10 {
		return fmt.Errorf("there are significant negative eigenvalues (%g of the maximum positive): the kernel is not positive semi-definite: %w",
			-minEig/maxEig, estimator.ErrInvalidData)
	}
	for i, v := range lam {
		if v < 0 || (v > 0 && v < 1e-12*maxEig) {
			lam[i] = 0
		}
	}
	return nil
}

// fitInverse is scikit-learn's _fit_inverse_transform: kernel ridge regression from
// X_transformed = V·diag(√λ) to X, (K + αI)·dual = X by Cholesky.
func (p *KernelPCA) fitInverse(ctx context.Context, f *kpcaFit, x *mat.Dense) error {
	n, c := x.Dims()
	f.XTransFit = make([]float64, n*f.K)
	for i := 0; i < n; i++ {
		for j := 0; j < f.K; j++ {
			f.XTransFit[i*f.K+j] = f.Vectors[i*f.K+j] * math.Sqrt(f.Lambdas[j])
		}
	}
	xt := mat.NewDense(n, f.K, f.XTransFit)
	f.InvGamma = p.Gamma
	if f.InvGamma == 0 {
		f.InvGamma = 1 / float64(f.K)
	}
	K, err := kpcaKernel(f.Kernel, f.InvGamma, f.Degree, f.Coef0, xt, xt, true)
	if err != nil {
		return err
	}
	alpha := p.Alpha
	if alpha == 0 {
		alpha = 1
	}
	sym := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := K.At(i, j)
			if i == j {
				v += alpha
			}
			sym.SetSym(i, j, v)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var chol mat.Cholesky
	if !chol.Factorize(sym) {
		return fmt.Errorf("the inverse map's kernel matrix plus Alpha·I is not positive definite (raise Alpha or use another kernel): %w",
			estimator.ErrConvergence)
	}
	var dual mat.Dense
	if err := chol.SolveTo(&dual, x); err != nil {
		return fmt.Errorf("inverse map: %v: %w", err, estimator.ErrConvergence)
	}
	f.DualCoef = mat.DenseCopyOf(&dual).RawMatrix().Data
	if len(f.DualCoef) != n*c {
		return fmt.Errorf("inverse map: got %d dual coefficients, want %d: %w", len(f.DualCoef), n*c, estimator.ErrConvergence)
	}
	f.HasInverse = true
	return nil
}

// Transform projects X (or, with a precomputed kernel, the m×n kernel between new
// and training rows) on the components. It returns ErrNotFitted before Fit, ErrShape
// on a wrong feature count and ErrInvalidData for empty or non-finite X.
func (p *KernelPCA) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := p.fit
	nf := 0
	if f != nil {
		nf = f.NFeatures
	}
	x, err := scaleCheckTransform("KernelPCA", f != nil, X, nf)
	if err != nil {
		return nil, err
	}
	m, _ := x.Dims()
	// scaled_alphas: V·diag(1/√λ), zero for λ = 0.
	alphas := mat.NewDense(f.NSamples, f.K, slices.Clone(f.Vectors))
	for j, l := range f.Lambdas {
		s := 0.0
		if l != 0 {
			s = 1 / math.Sqrt(l)
		}
		for i := 0; i < f.NSamples; i++ {
			alphas.Set(i, j, alphas.At(i, j)*s)
		}
	}
	out := mat.NewDense(m, f.K, nil)
	for lo := 0; lo < m; lo += kpcaBlock {
		hi := min(lo+kpcaBlock, m)
		blk := x.Slice(lo, hi, 0, nf).(*mat.Dense)
		var K *mat.Dense
		if f.Kernel == "precomputed" {
			K = mat.DenseCopyOf(blk)
		} else {
			train := mat.NewDense(f.NSamples, f.NFeatures, f.XFit)
			if K, err = kpcaKernel(f.Kernel, f.Gamma, f.Degree, f.Coef0, mat.DenseCopyOf(blk), train, false); err != nil {
				return nil, pcaErr("KernelPCA", err)
			}
		}
		kpcaCenter(K, f.RowMeans, f.AllMean)
		out.Slice(lo, hi, 0, f.K).(*mat.Dense).Mul(K, alphas)
	}
	return out, nil
}

// InverseTransform maps rows of the component space back to feature space with the
// kernel ridge pre-image learnt by FitInverseTransform: K(Z, Ztrain)·dual. It
// returns ErrNotFitted before Fit or when FitInverseTransform was not set.
func (p *KernelPCA) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	f := p.fit
	if f != nil && !f.HasInverse {
		return nil, fmt.Errorf("preprocess.KernelPCA: the inverse map was not learnt; set FitInverseTransform: %w", estimator.ErrNotFitted)
	}
	k := 0
	if f != nil {
		k = f.K
	}
	x, err := scaleCheckTransform("KernelPCA", f != nil, X, k)
	if err != nil {
		return nil, err
	}
	m, _ := x.Dims()
	xt := mat.NewDense(f.NSamples, f.K, f.XTransFit)
	dual := mat.NewDense(f.NSamples, f.NFeatures, f.DualCoef)
	out := mat.NewDense(m, f.NFeatures, nil)
	for lo := 0; lo < m; lo += kpcaBlock {
		hi := min(lo+kpcaBlock, m)
		K, err := kpcaKernel(f.Kernel, f.InvGamma, f.Degree, f.Coef0, mat.DenseCopyOf(x.Slice(lo, hi, 0, k)), xt, false)
		if err != nil {
			return nil, pcaErr("KernelPCA", err)
		}
		out.Slice(lo, hi, 0, f.NFeatures).(*mat.Dense).Mul(K, dual)
	}
	return out, nil
}

// Eigenvalues returns the kept eigenvalues of the centred kernel matrix, descending
// (eigenvalues_), or nil before Fit.
func (p *KernelPCA) Eigenvalues() []float64 {
	if p.fit == nil {
		return nil
	}
	return slices.Clone(p.fit.Lambdas)
}

// Eigenvectors returns the n×k matrix of the kept eigenvectors (eigenvectors_), or
// nil before Fit.
func (p *KernelPCA) Eigenvectors() *mat.Dense {
	if p.fit == nil {
		return nil
	}
	return mat.NewDense(p.fit.NSamples, p.fit.K, slices.Clone(p.fit.Vectors))
}

// NComponentsOut returns the number of components kept, or 0 before Fit.
func (p *KernelPCA) NComponentsOut() int {
	if p.fit == nil {
		return 0
	}
	return p.fit.K
}

// FeatureNamesOut returns "kernelpca0", "kernelpca1", ..., or nil before Fit.
func (p *KernelPCA) FeatureNamesOut(in []string) []string {
	if p.fit == nil {
		return nil
	}
	return pcaPrefixNames("kernelpca", p.fit.K)
}

// String prints the settings.
func (p *KernelPCA) String() string { return estimator.Format(p) }

// MarshalState encodes the learned state (nil before Fit).
func (p *KernelPCA) MarshalState() ([]byte, error) {
	return estimator.EncodeState(kpcaStateVersion, p.fit)
}

// UnmarshalState restores state written by MarshalState and checks it against the
// hyperparameters (kernel, inverse map).
func (p *KernelPCA) UnmarshalState(b []byte) error {
	var f *kpcaFit
	if err := estimator.DecodeState(b, kpcaStateVersion, &f); err != nil {
		return stateWrap("KernelPCA", err)
	}
	if f != nil {
		if f.Kernel != p.kernelName() {
			return stateErr("KernelPCA", fmt.Errorf("state kernel %q, Kernel %q", f.Kernel, p.kernelName()))
		}
		if f.HasInverse != p.FitInverseTransform {
			return stateErr("KernelPCA", fmt.Errorf("state HasInverse=%t, FitInverseTransform=%t", f.HasInverse, p.FitInverseTransform))
		}
	}
	p.fit = f
	return nil
}
