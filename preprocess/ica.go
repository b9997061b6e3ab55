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
	_ estimator.Transformer        = (*FastICA)(nil)
	_ estimator.InverseTransformer = (*FastICA)(nil)
	_ estimator.Validator          = (*FastICA)(nil)
	_ estimator.StateMarshaler     = (*FastICA)(nil)
	_ estimator.FeatureNamer       = (*FastICA)(nil)
)

const icaStateVersion = 1

// ICAMaxIter bounds FastICA.MaxIter.
const ICAMaxIter = 1_000_000

// FastICA is independent component analysis by the FastICA fixed-point algorithm
// (scikit-learn: decomposition.FastICA, Hyvärinen and Oja). X is centred and whitened
// by PCA to NComponents dimensions (K, scikit-learn's whitening_), then an unmixing
// matrix W is found that makes the rows of W·K·(X − mean)ᵀ as non-Gaussian as the
// contrast function Fun measures, either all at once with symmetric decorrelation
// ("parallel") or one component at a time with Gram–Schmidt deflation
// ("deflation"). Components() is W·K, Mixing() its pseudo-inverse, and Transform
// returns the sources (X − mean)·Componentsᵀ.
//
// The iteration is scikit-learn 1.2.1's, operation for operation, so with the same
// WInit the components and mixing matrix agree with scikit-learn to rounding. Without
// WInit the starting matrix is drawn from Go's PCG seeded with Seed (scikit-learn
// draws from numpy), so the sources come out in another order and with other signs,
// as ICA's answer is only defined up to permutation and sign.
//
// Whiten's zero value is "unit-variance" (each source scaled to unit variance), the
// default scikit-learn announces for 1.3; scikit-learn 1.2.1's own default ("warn")
// behaves as "arbitrary-variance" and warns about the change.
type FastICA struct {
	// NComponents is the number of sources; 0 means min(n, p) (scikit-learn
	// n_components=None), and larger values are clipped to min(n, p) as scikit-learn
	// does. Ignored when Whiten is "none".
	NComponents int
	// Algorithm is "parallel" (the zero value) or "deflation".
	Algorithm string
	// Whiten is "unit-variance" (the zero value; see the type's doc),
	// "arbitrary-variance", or "none" (X is taken as already white: no centring, no
	// projection, scikit-learn whiten=False).
	Whiten string
	// Fun is the contrast function's derivative: "logcosh" (the zero value), "exp"
	// or "cube".
	Fun string
	// FunAlpha is logcosh's α in [1, 2] (scikit-learn fun_args={"alpha": α}); 0
	// means 1.
	FunAlpha float64
	// MaxIter bounds the fixed-point iterations (per component with "deflation"); 0
	// means 200. At most ICAMaxIter.
	MaxIter int
	// Tol is the convergence tolerance on the change of the unmixing directions; 0
	// means 1e-4.
	Tol float64
	// WInit is the k×k starting unmixing matrix (scikit-learn's w_init); nil means a
	// standard normal draw from PCG(Seed, Seed).
	WInit [][]float64
	// WhitenSolver is "svd" (the zero value) or "eigh" (the eigendecomposition of
	// XᵀX, faster when n ≫ p).
	WhitenSolver string
	// Seed seeds the starting matrix when WInit is nil (scikit-learn random_state).
	Seed uint64

	fit *icaFit
}

// icaFit is the learned state of a FastICA; fields are exported for gob.
type icaFit struct {
	NFeatures  int
	K          int
	Components []float64 // K×NFeatures
	Mixing     []float64 // NFeatures×K
	Mean       []float64 // nil without whitening
	Whitening  []float64 // K×NFeatures; nil without whitening
	NIter      int
	Converged  bool
}

// Check validates decoded state.
func (f *icaFit) Check() error {
	if err := estimator.FirstError(
		checkNFeatures(f.NFeatures),
		estimator.CheckCount("K", f.K, 1, f.NFeatures),
		estimator.CheckCount("NIter", f.NIter, 1, ICAMaxIter),
	); err != nil {
		return err
	}
	if (f.Mean == nil) != (f.Whitening == nil) {
		return fmt.Errorf("Mean and Whitening must be both set or both absent")
	}
	return estimator.FirstError(
		estimator.CheckLen("Components", len(f.Components), f.K*f.NFeatures),
		estimator.CheckFinite("Components", f.Components...),
		estimator.CheckLen("Mixing", len(f.Mixing), f.NFeatures*f.K),
		estimator.CheckFinite("Mixing", f.Mixing...),
		checkOptLen("Mean", len(f.Mean), f.Mean == nil, f.NFeatures),
		estimator.CheckFinite("Mean", f.Mean...),
		checkOptLen("Whitening", len(f.Whitening), f.Whitening == nil, f.K*f.NFeatures),
		estimator.CheckFinite("Whitening", f.Whitening...),
	)
}

// Validate checks the hyperparameters.
func (c *FastICA) Validate() error {
	if c.NComponents < 0 {
		return &estimator.ParamError{Param: "NComponents", Value: c.NComponents, Reason: "must be >= 0 (0 means min(n, p))"}
	}
	switch c.Algorithm {
	case "", "parallel", "deflation":
	default:
		return &estimator.ParamError{Param: "Algorithm", Value: c.Algorithm, Reason: `must be "parallel" or "deflation"`}
	}
	switch c.Whiten {
	case "", "unit-variance", "arbitrary-variance", "none":
	default:
		return &estimator.ParamError{Param: "Whiten", Value: c.Whiten, Reason: `must be "unit-variance", "arbitrary-variance" or "none"`}
	}
	switch c.Fun {
	case "", "logcosh", "exp", "cube":
	default:
		return &estimator.ParamError{Param: "Fun", Value: c.Fun, Reason: `must be "logcosh", "exp" or "cube"`}
	}
	if c.FunAlpha != 0 && !(c.FunAlpha >= 1 && c.FunAlpha <= 2) {
		return &estimator.ParamError{Param: "FunAlpha", Value: c.FunAlpha, Reason: "must be in [1, 2] (0 means 1)"}
	}
	if c.MaxIter < 0 || c.MaxIter > ICAMaxIter {
		return &estimator.ParamError{Param: "MaxIter", Value: c.MaxIter, Reason: fmt.Sprintf("must be in [0, %d] (0 means 200)", ICAMaxIter)}
	}
	if !(c.Tol >= 0) || math.IsInf(c.Tol, 0) {
		return &estimator.ParamError{Param: "Tol", Value: c.Tol, Reason: "must be finite and >= 0 (0 means 1e-4)"}
	}
	switch c.WhitenSolver {
	case "", "svd", "eigh":
	default:
		return &estimator.ParamError{Param: "WhitenSolver", Value: c.WhitenSolver, Reason: `must be "svd" or "eigh"`}
	}
	for i, row := range c.WInit {
		if len(row) != len(c.WInit) {
			return &estimator.ParamError{Param: "WInit", Value: fmt.Sprintf("row %d has %d values", i, len(row)), Reason: "must be square"}
		}
		for _, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &estimator.ParamError{Param: "WInit", Value: v, Reason: "values must be finite"}
			}
		}
	}
	return nil
}

func (c *FastICA) whiten() string {
	if c.Whiten == "" {
		return "unit-variance"
	}
	return c.Whiten
}

// Fit estimates the unmixing matrix from X. y is ignored (nil allowed). It returns
// ErrInvalidData for fewer than 2 rows or bad data (and, with Whiten "none", for
// fewer rows than features), a wrapped *ParamError for a WInit of the wrong size,
// ErrConvergence if a decomposition fails, and ctx.Err() (checked every iteration)
// when ctx is done. Reaching MaxIter is not an error: Converged reports it, as
// scikit-learn warns.
func (c *FastICA) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "FastICA", c, X, y)
	if err != nil {
		return err
	}
	f, err := c.compute(ctx, x)
	if err != nil {
		if ctx.Err() != nil && err == ctx.Err() {
			return err
		}
		return pcaErr("FastICA", err)
	}
	c.fit = f
	return nil
}

func (c *FastICA) compute(ctx context.Context, x *mat.Dense) (*icaFit, error) {
	n, p := x.Dims()
	if n < 2 {
		return nil, fmt.Errorf("FastICA needs at least 2 samples, got %d: %w", n, estimator.ErrInvalidData)
	}
	wh := c.whiten()
	k := c.NComponents
	if k == 0 || k > min(n, p) || wh == "none" {
		k = min(n, p)
	}
	f := &icaFit{NFeatures: p, K: k}
	var x1, xc, K *mat.Dense // x1: k×n whitened data
	if wh != "none" {
		mean, variance := scaleMeanVar(x)
		scaleFixOverflow(x, mean, variance)
		xc = mat.NewDense(n, p, nil) // centred, n×p (scikit-learn's XT transposed)
		for i := 0; i < n; i++ {
			dst := xc.RawRowView(i)
			for j, v := range x.RawRowView(i) {
				dst[j] = v - mean[j]
			}
		}
		u, d, err := c.whitening(x, xc)
		if err != nil {
			return nil, err
		}
		// u *= sign(u[0]): the first entry of each column positive (numpy's sign of
		// an exact 0 is 0, which would zero the column; it is kept here instead).
		for j := 0; j < len(d); j++ {
			if u.At(0, j) < 0 {
				for i := 0; i < p; i++ {
					u.Set(i, j, -u.At(i, j))
				}
			}
		}
		K = mat.NewDense(k, p, nil)
		for i := 0; i < k; i++ {
			for j := 0; j < p; j++ {
				K.Set(i, j, u.At(j, i)/d[i])
			}
		}
		x1 = mat.NewDense(k, n, nil)
		x1.Mul(K, xc.T())
		x1.Scale(math.Sqrt(float64(n)), x1)
		f.Mean, f.Whitening = mean, slices.Clone(K.RawMatrix().Data)
	} else {
		if n < p {
			return nil, fmt.Errorf("Whiten \"none\" needs at least as many samples as features (%d < %d): %w", n, p, estimator.ErrInvalidData)
		}
		x1 = mat.DenseCopyOf(x.T())
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var w0 *mat.Dense
	if c.WInit != nil {
		if len(c.WInit) != k {
			return nil, &estimator.ParamError{Param: "WInit", Value: fmt.Sprintf("%d×%d", len(c.WInit), len(c.WInit)),
				Reason: fmt.Sprintf("must be %d×%d (NComponents × NComponents)", k, k)}
		}
		w0 = mat.NewDense(k, k, nil)
		for i, row := range c.WInit {
			copy(w0.RawRowView(i), row)
		}
	} else {
		rng := rand.New(rand.NewPCG(c.Seed, c.Seed))
		w0 = mat.NewDense(k, k, nil)
		raw := w0.RawMatrix().Data
		for i := range raw {
			raw[i] = rng.NormFloat64()
		}
	}
	var (
		W   *mat.Dense
		err error
	)
	if c.Algorithm == "deflation" {
		W, f.NIter, f.Converged, err = c.deflation(ctx, x1, w0)
	} else {
		W, f.NIter, f.Converged, err = c.parallel(ctx, x1, w0)
	}
	if err != nil {
		return nil, err
	}
	comp := W
	if wh != "none" {
		if wh == "unit-variance" {
			// S = (W·K·Xcᵀ)ᵀ; W /= std(S, axis=0)ᵀ.
			var wk, s mat.Dense
			wk.Mul(W, K)
			s.Mul(xc, wk.T())
			_, sv := scaleMeanVar(&s)
			for i := 0; i < k; i++ {
				sd := math.Sqrt(sv[i])
				if sd == 0 {
					return nil, fmt.Errorf("source %d has zero variance: %w", i, estimator.ErrInvalidData)
				}
				row := W.RawRowView(i)
				for j := range row {
					row[j] /= sd
				}
			}
		}
		comp = new(mat.Dense)
		comp.Mul(W, K)
	}
	f.Components = slices.Clone(mat.DenseCopyOf(comp).RawMatrix().Data)
	mix, err := icaPinv(mat.DenseCopyOf(comp))
	if err != nil {
		return nil, err
	}
	f.Mixing = mix.RawMatrix().Data
	if err := fitCheck("FastICA", f); err != nil {
		return nil, err
	}
	return f, nil
}

// whitening returns u (p×r) and d (r) of scikit-learn's whitening step: the thin
// SVD of the centred data's transpose, or the eigendecomposition of Xcᵀ·X sorted
// descending with eigenvalues below ε set to ε, then square-rooted.
func (c *FastICA) whitening(x, xc *mat.Dense) (*mat.Dense, []float64, error) {
	n, p := x.Dims()
	if c.WhitenSolver == "eigh" {
		var g mat.Dense
		g.Mul(xc.T(), x) // XT.dot(X): the centred transpose times the raw data
		sym := mat.NewSymDense(p, nil)
		for i := 0; i < p; i++ {
			for j := i; j < p; j++ {
				sym.SetSym(i, j, g.At(j, i)) // eigh reads the lower triangle
			}
		}
		var eig mat.EigenSym
		if !eig.Factorize(sym, true) {
			return nil, nil, fmt.Errorf("eigendecomposition did not converge: %w", estimator.ErrConvergence)
		}
		vals := eig.Values(nil)
		var vecs mat.Dense
		eig.VectorsTo(&vecs)
		idx := make([]int, p)
		for i := range idx {
			idx[i] = i
		}
		// np.argsort(d)[::-1]: descending, ties in reverse index order.
		sort.SliceStable(idx, func(a, b int) bool { return vals[idx[a]] < vals[idx[b]] })
		slices.Reverse(idx)
		d := make([]float64, p)
		u := mat.NewDense(p, p, nil)
		for c, o := range idx {
			v := vals[o]
			if v < scaleEps {
				v = scaleEps
			}
			d[c] = math.Sqrt(v)
			for i := 0; i < p; i++ {
				u.Set(i, c, vecs.At(i, o))
			}
		}
		return u, d, nil
	}
	var svd mat.SVD
	if !svd.Factorize(xc.T(), mat.SVDThin) {
		return nil, nil, fmt.Errorf("SVD did not converge: %w", estimator.ErrConvergence)
	}
	var u mat.Dense
	svd.UTo(&u)
	d := svd.Values(nil)
	for i, v := range d {
		if v == 0 {
			return nil, nil, fmt.Errorf("the centred data has rank %d < %d: whitening divides by a zero singular value (reduce NComponents): %w",
				i, min(n, p), estimator.ErrInvalidData)
		}
	}
	return &u, d, nil
}

// icaG applies the contrast derivative to y (rows are components) in place and
// returns the per-row means of its derivative (scikit-learn's g(x, fun_args)).
func (c *FastICA) icaG(y *mat.Dense) []float64 {
	r, n := y.Dims()
	alpha := c.FunAlpha
	if alpha == 0 {
		alpha = 1
	}
	gx := make([]float64, r)
	for i := 0; i < r; i++ {
		row := y.RawRowView(i)
		s := 0.0
		switch c.Fun {
		case "", "logcosh":
			for j, v := range row {
				t := math.Tanh(v * alpha)
				row[j] = t
				s += alpha * (1 - t*t)
			}
		case "exp":
			for j, v := range row {
				e := math.Exp(-v * v / 2)
				row[j] = v * e
				s += (1 - v*v) * e
			}
		case "cube":
			for j, v := range row {
				row[j] = v * v * v
				s += 3 * v * v
			}
		}
		gx[i] = s / float64(n)
	}
	return gx
}

// icaSymDecorrelation returns (W·Wᵀ)^(−1/2)·W, with eigenvalues clipped at the
// smallest normal float64 as scikit-learn does.
func icaSymDecorrelation(w *mat.Dense) (*mat.Dense, error) {
	k, _ := w.Dims()
	var wwt mat.Dense
	wwt.Mul(w, w.T())
	sym := mat.NewSymDense(k, nil)
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			sym.SetSym(i, j, wwt.At(j, i))
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, true) {
		return nil, fmt.Errorf("eigendecomposition did not converge: %w", estimator.ErrConvergence)
	}
	s := eig.Values(nil)
	var u mat.Dense
	eig.VectorsTo(&u)
	us := mat.DenseCopyOf(&u)
	for j, v := range s {
		v = math.Max(v, 0x1p-1022)
		f := 1 / math.Sqrt(v)
		for i := 0; i < k; i++ {
			us.Set(i, j, us.At(i, j)*f)
		}
	}
	var a, out mat.Dense
	a.Mul(us, u.T())
	out.Mul(&a, w)
	return &out, nil
}

func (c *FastICA) tol() float64 {
	if c.Tol == 0 {
		return 1e-4
	}
	return c.Tol
}

func (c *FastICA) maxIter() int {
	if c.MaxIter == 0 {
		return 200
	}
	return c.MaxIter
}

// parallel is scikit-learn's _ica_par.
func (c *FastICA) parallel(ctx context.Context, x1, w0 *mat.Dense) (*mat.Dense, int, bool, error) {
	k, n := x1.Dims()
	W, err := icaSymDecorrelation(w0)
	if err != nil {
		return nil, 0, false, err
	}
	tol, maxIter := c.tol(), c.maxIter()
	for it := 1; it <= maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return nil, 0, false, err
		}
		var y mat.Dense
		y.Mul(W, x1)
		gx := c.icaG(&y)
		var t mat.Dense
		t.Mul(&y, x1.T())
		t.Scale(1/float64(n), &t)
		for i := 0; i < k; i++ {
			row, wr := t.RawRowView(i), W.RawRowView(i)
			for j := range row {
				row[j] -= gx[i] * wr[j]
			}
		}
		W1, err := icaSymDecorrelation(&t)
		if err != nil {
			return nil, 0, false, err
		}
		lim := 0.0
		for i := 0; i < k; i++ {
			d := 0.0
			for j, v := range W1.RawRowView(i) {
				d += v * W.At(i, j)
			}
			lim = math.Max(lim, math.Abs(math.Abs(d)-1))
		}
		W = W1
		if lim < tol {
			return W, it, true, nil
		}
	}
	return W, maxIter, false, nil
}

// deflation is scikit-learn's _ica_def.
func (c *FastICA) deflation(ctx context.Context, x1, w0 *mat.Dense) (*mat.Dense, int, bool, error) {
	k, n := x1.Dims()
	W := mat.NewDense(k, k, nil)
	tol, maxIter := c.tol(), c.maxIter()
	nIter, converged := 0, true
	for j := 0; j < k; j++ {
		w := slices.Clone(w0.RawRowView(j))
		icaNormalize(w)
		done := false
		it := 0
		for it < maxIter {
			if err := ctx.Err(); err != nil {
				return nil, 0, false, err
			}
			it++
			y := mat.NewDense(1, n, nil)
			y.Mul(mat.NewDense(1, k, w), x1)
			gx := c.icaG(y)
			gwtx := y.RawRowView(0)
			w1 := make([]float64, k)
			for r := 0; r < k; r++ {
				s := 0.0
				for i, v := range x1.RawRowView(r) {
					s += v * gwtx[i]
				}
				w1[r] = s/float64(n) - gx[0]*w[r]
			}
			// Gram–Schmidt against the first j rows: w1 −= (w1·W[:j]ᵀ)·W[:j].
			proj := make([]float64, j)
			for q := 0; q < j; q++ {
				for r, v := range W.RawRowView(q) {
					proj[q] += w1[r] * v
				}
			}
			for q := 0; q < j; q++ {
				for r, v := range W.RawRowView(q) {
					w1[r] -= proj[q] * v
				}
			}
			icaNormalize(w1)
			d := 0.0
			for r := range w1 {
				d += w1[r] * w[r]
			}
			lim := math.Abs(math.Abs(d) - 1)
			w = w1
			if lim < tol {
				done = true
				break
			}
		}
		converged = converged && done
		nIter = max(nIter, it)
		copy(W.RawRowView(j), w)
	}
	return W, nIter, converged, nil
}

func icaNormalize(w []float64) {
	s := 0.0
	for _, v := range w {
		s += v * v
	}
	s = math.Sqrt(s)
	if s == 0 {
		return
	}
	for i := range w {
		w[i] /= s
	}
}

// icaPinv is scipy.linalg.pinv: the SVD pseudo-inverse, dropping singular values
// below max(m, n)·ε·σmax.
func icaPinv(a *mat.Dense) (*mat.Dense, error) {
	r, c := a.Dims()
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDThin) {
		return nil, fmt.Errorf("SVD did not converge: %w", estimator.ErrConvergence)
	}
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	s := svd.Values(nil)
	cut := float64(max(r, c)) * scaleEps * s[0]
	vs := mat.DenseCopyOf(&v) // c×q
	_, q := vs.Dims()
	for j := 0; j < q; j++ {
		f := 0.0
		if s[j] > cut {
			f = 1 / s[j]
		}
		for i := 0; i < c; i++ {
			vs.Set(i, j, vs.At(i, j)*f)
		}
	}
	out := mat.NewDense(c, r, nil)
	out.Mul(vs, u.T())
	return out, nil
}

// Transform returns the estimated sources: (X − Mean)·Componentsᵀ (without
// centring when Whiten is "none"). It returns ErrNotFitted before Fit, ErrShape on a
// wrong feature count and ErrInvalidData for empty or non-finite X.
func (c *FastICA) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := c.fit
	nf := 0
	if f != nil {
		nf = f.NFeatures
	}
	x, err := scaleCheckTransform("FastICA", f != nil, X, nf)
	if err != nil {
		return nil, err
	}
	return pcaProject(&pcaFit{NFeatures: f.NFeatures, K: f.K, Components: f.Components, Mean: f.Mean}, x, nil), nil
}

// InverseTransform mixes sources back: S·Mixingᵀ + Mean. Errors as Transform.
func (c *FastICA) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	f := c.fit
	k := 0
	if f != nil {
		k = f.K
	}
	x, err := scaleCheckTransform("FastICA", f != nil, X, k)
	if err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	out := mat.NewDense(n, f.NFeatures, nil)
	out.Mul(x, mat.NewDense(f.NFeatures, f.K, f.Mixing).T())
	if f.Mean != nil {
		for i := 0; i < n; i++ {
			row := out.RawRowView(i)
			for j := range row {
				row[j] += f.Mean[j]
			}
		}
	}
	return out, nil
}

// Components returns a copy of the k×p unmixing matrix (components_), or nil.
func (c *FastICA) Components() *mat.Dense {
	if c.fit == nil {
		return nil
	}
	return mat.NewDense(c.fit.K, c.fit.NFeatures, slices.Clone(c.fit.Components))
}

// Mixing returns a copy of the p×k mixing matrix, the pseudo-inverse of Components
// (mixing_), or nil.
func (c *FastICA) Mixing() *mat.Dense {
	if c.fit == nil {
		return nil
	}
	return mat.NewDense(c.fit.NFeatures, c.fit.K, slices.Clone(c.fit.Mixing))
}

// Whitening returns a copy of the k×p pre-whitening matrix (whitening_), or nil
// before Fit or with Whiten "none".
func (c *FastICA) Whitening() *mat.Dense {
	if c.fit == nil || c.fit.Whitening == nil {
		return nil
	}
	return mat.NewDense(c.fit.K, c.fit.NFeatures, slices.Clone(c.fit.Whitening))
}

// Mean returns the per-feature means (mean_), or nil before Fit or with Whiten
// "none".
func (c *FastICA) Mean() []float64 {
	if c.fit == nil {
		return nil
	}
	return slices.Clone(c.fit.Mean)
}

// NIter returns the iterations Fit ran (n_iter_; with "deflation" the largest over
// the components), or 0 before Fit.
func (c *FastICA) NIter() int {
	if c.fit == nil {
		return 0
	}
	return c.fit.NIter
}

// Converged reports whether every iteration stopped on Tol before MaxIter
// (scikit-learn warns with a ConvergenceWarning otherwise); false before Fit.
func (c *FastICA) Converged() bool { return c.fit != nil && c.fit.Converged }

// NComponentsOut returns the number of sources, or 0 before Fit.
func (c *FastICA) NComponentsOut() int {
	if c.fit == nil {
		return 0
	}
	return c.fit.K
}

// FeatureNamesOut returns "fastica0", "fastica1", ..., or nil before Fit.
func (c *FastICA) FeatureNamesOut(in []string) []string {
	if c.fit == nil {
		return nil
	}
	return pcaPrefixNames("fastica", c.fit.K)
}

// String prints the settings.
func (c *FastICA) String() string { return estimator.Format(c) }

// MarshalState encodes the learned state (nil before Fit).
func (c *FastICA) MarshalState() ([]byte, error) {
	return estimator.EncodeState(icaStateVersion, c.fit)
}

// UnmarshalState restores state written by MarshalState, checking it against
// Whiten.
func (c *FastICA) UnmarshalState(b []byte) error {
	var f *icaFit
	if err := estimator.DecodeState(b, icaStateVersion, &f); err != nil {
		return stateWrap("FastICA", err)
	}
	if f != nil && (f.Mean == nil) != (c.whiten() == "none") {
		return stateErr("FastICA", fmt.Errorf("state whitening present=%t, Whiten %q", f.Mean != nil, c.whiten()))
	}
	c.fit = f
	return nil
}
