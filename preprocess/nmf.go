package preprocess

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Transformer        = (*NMF)(nil)
	_ estimator.InverseTransformer = (*NMF)(nil)
	_ estimator.Validator          = (*NMF)(nil)
	_ estimator.StateMarshaler     = (*NMF)(nil)
	_ estimator.FeatureNamer       = (*NMF)(nil)
)

const nmfStateVersion = 1

// NMFMaxIter bounds NMF.MaxIter.
const NMFMaxIter = 1_000_000

// nmfEps is scikit-learn's EPSILON in _nmf.py: float32 machine epsilon.
const nmfEps = 1.1920928955078125e-07

// NMF is non-negative matrix factorisation (scikit-learn: decomposition.NMF): it finds
// non-negative W (n×k) and H (k×p) minimising
//
//	D_β(X ‖ W·H) + αW·p·(ρ‖W‖₁ + ½(1−ρ)‖W‖²F) + αH·n·(ρ‖H‖₁ + ½(1−ρ)‖H‖²F)
//
// where D_β is the β-divergence (½‖X − WH‖²F for "frobenius"), ρ = L1Ratio. H is the
// learnt dictionary (Components); Transform solves for W with H fixed, from W = 0
// ("cd") or W = √(mean(X)/k) ("mu"), as scikit-learn's transform does.
//
// The solvers follow scikit-learn 1.2.1 step for step: "cd" is its coordinate descent
// (_update_cdnmf_fast, stopping when the projected-gradient violation falls below
// Tol times the first iteration's), "mu" its multiplicative updates with the
// Févotte–Idier exponents (convergence tested every 10 iterations on the relative
// decrease of the divergence). Deterministic initialisations ("nndsvd", "nndsvda",
// "custom") therefore give scikit-learn's W and H to rounding; NNDSVD uses an exact
// truncated SVD, which is what scikit-learn's randomized_svd returns whenever
// NComponents + 10 >= min(n, p) (otherwise scikit-learn's answer is an approximation
// of it). The random draws of "random", "nndsvdar" and Shuffle come from Go's PCG
// seeded with Seed, not numpy's generator.
//
// X must be non-negative (ErrInvalidData otherwise), and without zeros when the
// β-divergence has β <= 0.
type NMF struct {
	// NComponents is k; 0 means the number of features (scikit-learn
	// n_components=None).
	NComponents int
	// Init is the initialisation: "" (scikit-learn's None: "nndsvda" when k <=
	// min(n, p), else "random"), "random", "nndsvd", "nndsvda", "nndsvdar" or
	// "custom" (InitW and InitH).
	Init string
	// InitW (n×k) and InitH (k×p) are the starting matrices of Init "custom"
	// (scikit-learn's fit_transform(X, W=..., H=...)); non-negative, rows of equal
	// length. They are ignored by the other initialisations.
	InitW, InitH [][]float64
	// Solver is "cd" (the zero value, coordinate descent) or "mu" (multiplicative
	// update).
	Solver string
	// BetaLoss is the divergence: "frobenius" (the zero value), "kullback-leibler",
	// "itakura-saito", or a number such as "1.5" (scikit-learn's float beta_loss).
	// Anything but frobenius needs Solver "mu".
	BetaLoss string
	// Tol is the stopping tolerance; 0 means 1e-4, the default.
	Tol float64
	// MaxIter bounds the iterations; 0 means 200, the default. At most NMFMaxIter.
	MaxIter int
	// AlphaW multiplies the regularisation of W (literal; scikit-learn's default is 0).
	AlphaW float64
	// AlphaH multiplies the regularisation of H; 0 means AlphaW (scikit-learn's
	// default "same"). Set ZeroAlphaH for a literal 0 with a non-zero AlphaW.
	AlphaH float64
	// ZeroAlphaH makes AlphaH literally 0; AlphaH must then be 0.
	ZeroAlphaH bool
	// L1Ratio in [0, 1] mixes the L1 (1) and squared L2 (0) penalties (literal;
	// scikit-learn's default is 0).
	L1Ratio float64
	// Shuffle visits the components of each coordinate-descent sweep in a random
	// order ("cd" only).
	Shuffle bool
	// Seed seeds "random" and "nndsvdar" initialisations and Shuffle (scikit-learn's
	// random_state).
	Seed uint64

	fit *nmfFit
}

// nmfFit is the learned state of an NMF; fields are exported for gob.
type nmfFit struct {
	NFeatures int
	K         int
	H         []float64 // K×NFeatures, row-major, >= 0
	Beta      float64
	ReconErr  float64
	NIter     int
	Converged bool
}

// Check validates decoded state.
func (f *nmfFit) Check() error {
	if err := estimator.FirstError(
		checkNFeatures(f.NFeatures),
		estimator.CheckCount("K", f.K, 1, MaxStateFeatures),
		estimator.CheckLen("H", len(f.H), f.K*f.NFeatures),
		checkNonNegative("H", f.H),
		estimator.CheckFinite("Beta", f.Beta),
		checkNonNegative("ReconErr", []float64{f.ReconErr}),
		estimator.CheckCount("NIter", f.NIter, 0, NMFMaxIter),
	); err != nil {
		return err
	}
	return nil
}

// beta parses BetaLoss.
func (m *NMF) beta() (float64, error) {
	switch m.BetaLoss {
	case "", "frobenius":
		return 2, nil
	case "kullback-leibler":
		return 1, nil
	case "itakura-saito":
		return 0, nil
	}
	b, err := strconv.ParseFloat(m.BetaLoss, 64)
	if err != nil || math.IsNaN(b) || math.IsInf(b, 0) {
		return 0, &estimator.ParamError{Param: "BetaLoss", Value: m.BetaLoss,
			Reason: `must be "frobenius", "kullback-leibler", "itakura-saito" or a finite number`}
	}
	return b, nil
}

// Validate checks the hyperparameters.
func (m *NMF) Validate() error {
	if m.NComponents < 0 {
		return &estimator.ParamError{Param: "NComponents", Value: m.NComponents, Reason: "must be >= 0 (0 means the number of features)"}
	}
	switch m.Init {
	case "", "random", "nndsvd", "nndsvda", "nndsvdar":
	case "custom":
		if m.InitW == nil || m.InitH == nil {
			return &estimator.ParamError{Param: "Init", Value: m.Init, Reason: `"custom" needs InitW and InitH`}
		}
	default:
		return &estimator.ParamError{Param: "Init", Value: m.Init, Reason: `must be "", "random", "nndsvd", "nndsvda", "nndsvdar" or "custom"`}
	}
	switch m.Solver {
	case "", "cd", "mu":
	default:
		return &estimator.ParamError{Param: "Solver", Value: m.Solver, Reason: `must be "cd" or "mu"`}
	}
	b, err := m.beta()
	if err != nil {
		return err
	}
	if b != 2 && m.Solver != "mu" {
		return &estimator.ParamError{Param: "BetaLoss", Value: m.BetaLoss, Reason: `needs Solver "mu" (the "cd" solver handles only frobenius)`}
	}
	if m.Shuffle && m.Solver == "mu" {
		return &estimator.ParamError{Param: "Shuffle", Value: m.Shuffle, Reason: `applies to Solver "cd" only`}
	}
	if !(m.Tol >= 0) || math.IsInf(m.Tol, 0) {
		return &estimator.ParamError{Param: "Tol", Value: m.Tol, Reason: "must be finite and >= 0 (0 means 1e-4)"}
	}
	if m.MaxIter < 0 || m.MaxIter > NMFMaxIter {
		return &estimator.ParamError{Param: "MaxIter", Value: m.MaxIter, Reason: fmt.Sprintf("must be in [0, %d] (0 means 200)", NMFMaxIter)}
	}
	for _, a := range []struct {
		name string
		v    float64
	}{{"AlphaW", m.AlphaW}, {"AlphaH", m.AlphaH}} {
		if !(a.v >= 0) || math.IsInf(a.v, 0) {
			return &estimator.ParamError{Param: a.name, Value: a.v, Reason: "must be finite and >= 0"}
		}
	}
	if m.ZeroAlphaH && m.AlphaH != 0 {
		return &estimator.ParamError{Param: "ZeroAlphaH", Value: true, Reason: "requires AlphaH == 0"}
	}
	if !(m.L1Ratio >= 0 && m.L1Ratio <= 1) {
		return &estimator.ParamError{Param: "L1Ratio", Value: m.L1Ratio, Reason: "must be in [0, 1]"}
	}
	return nil
}

func (m *NMF) tol() float64 {
	if m.Tol == 0 {
		return 1e-4
	}
	return m.Tol
}

func (m *NMF) maxIter() int {
	if m.MaxIter == 0 {
		return 200
	}
	return m.MaxIter
}

// regularization is scikit-learn's _compute_regularization for an n×p X.
func (m *NMF) regularization(n, p int) (l1W, l1H, l2W, l2H float64) {
	aW, aH := m.AlphaW, m.AlphaH
	if aH == 0 && !m.ZeroAlphaH {
		aH = aW
	}
	return float64(p) * aW * m.L1Ratio, float64(n) * aH * m.L1Ratio,
		float64(p) * aW * (1 - m.L1Ratio), float64(n) * aH * (1 - m.L1Ratio)
}

// nmfCheckX rejects negative values, and zeros when beta <= 0.
func nmfCheckX(x *mat.Dense, beta float64) error {
	n, _ := x.Dims()
	hasZero := false
	for i := 0; i < n; i++ {
		for _, v := range x.RawRowView(i) {
			if v < 0 {
				return fmt.Errorf("negative values in X (NMF needs non-negative data): %w", estimator.ErrInvalidData)
			}
			hasZero = hasZero || v == 0
		}
	}
	if hasZero && beta <= 0 {
		return fmt.Errorf("X contains zeros and BetaLoss has β <= 0, where the solver may diverge; add small values to X or use a positive β: %w", estimator.ErrInvalidData)
	}
	return nil
}

// Fit factorises X ≈ W·H and keeps H. y is ignored (nil allowed). It returns
// ErrInvalidData for negative values, zeros with β <= 0 or otherwise bad data, a
// wrapped *ParamError for an invalid initialisation (nndsvd with k > min(n, p), or
// custom matrices of the wrong shape or with negative values), and ctx.Err()
// (checked every iteration) when ctx is done. Reaching MaxIter is not an error:
// Converged reports it, as scikit-learn warns.
func (m *NMF) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	_, err := m.FitTransformW(ctx, X)
	return err
}

// FitTransformW fits the model as Fit does and returns the W (n×k) of the
// factorisation itself, scikit-learn's fit_transform. It differs slightly from
// Transform(X) after Fit, which re-solves for W with H fixed (as scikit-learn's
// transform does), so NMF does not implement estimator.FitTransformer and a pipeline
// calls Fit then Transform. y of Fit is not needed. Errors as Fit.
func (m *NMF) FitTransformW(ctx context.Context, X mat.Matrix) (*mat.Dense, error) {
	x, err := scaleCheckFit(ctx, "NMF", m, X, nil)
	if err != nil {
		return nil, err
	}
	f, W, err := m.compute(ctx, x)
	if err != nil {
		if ctx.Err() != nil && err == ctx.Err() {
			return nil, err
		}
		return nil, pcaErr("NMF", err)
	}
	m.fit = f
	return W, nil
}

func (m *NMF) compute(ctx context.Context, x *mat.Dense) (*nmfFit, *mat.Dense, error) {
	_, p := x.Dims()
	beta, _ := m.beta()
	if err := nmfCheckX(x, beta); err != nil {
		return nil, nil, err
	}
	k := m.NComponents
	if k == 0 {
		k = p
	}
	W, H, err := m.initialize(x, k)
	if err != nil {
		return nil, nil, err
	}
	nIter, err := m.solve(ctx, x, W, H, beta, true)
	if err != nil {
		return nil, nil, err
	}
	f := &nmfFit{NFeatures: p, K: k, H: H.RawMatrix().Data, Beta: beta, NIter: nIter,
		Converged: nIter < m.maxIter()}
	f.ReconErr = nmfBetaDivergence(x, W, H, beta)
	if err := fitCheck("NMF", f); err != nil {
		return nil, nil, err
	}
	return f, W, nil
}

// initialize is scikit-learn's _initialize_nmf (or the custom matrices).
func (m *NMF) initialize(x *mat.Dense, k int) (W, H *mat.Dense, err error) {
	n, p := x.Dims()
	init := m.Init
	if init == "custom" {
		W, err = nmfCustom("InitW", m.InitW, n, k)
		if err != nil {
			return nil, nil, err
		}
		H, err = nmfCustom("InitH", m.InitH, k, p)
		return W, H, err
	}
	if init != "" && init != "random" && k > min(n, p) {
		return nil, nil, &estimator.ParamError{Param: "Init", Value: init,
			Reason: fmt.Sprintf("can only be used when NComponents <= min(n_samples, n_features) = %d", min(n, p))}
	}
	if init == "" {
		init = "nndsvda"
		if k > min(n, p) {
			init = "random"
		}
	}
	mean := mat.Sum(x) / float64(n*p)
	rng := rand.New(rand.NewPCG(m.Seed, m.Seed))
	if init == "random" {
		avg := math.Sqrt(mean / float64(k))
		H = mat.NewDense(k, p, nil)
		W = mat.NewDense(n, k, nil)
		for _, d := range [][]float64{H.RawMatrix().Data, W.RawMatrix().Data} {
			for i := range d {
				d[i] = math.Abs(avg * rng.NormFloat64())
			}
		}
		return W, H, nil
	}
	// NNDSVD from the exact rank-k SVD, signed by svd_flip on U.
	var svd mat.SVD
	if !svd.Factorize(x, mat.SVDThin) {
		return nil, nil, fmt.Errorf("SVD did not converge: %w", estimator.ErrConvergence)
	}
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	s := svd.Values(nil)
	ut := mat.DenseCopyOf(u.T())
	vt := mat.DenseCopyOf(v.T())
	pcaFlipRows(ut, vt)
	W = mat.NewDense(n, k, nil)
	H = mat.NewDense(k, p, nil)
	for j := 0; j < k; j++ {
		xj, yj := ut.RawRowView(j), vt.RawRowView(j)
		if j == 0 {
			r := math.Sqrt(s[0])
			for i, v := range xj {
				W.Set(i, 0, r*math.Abs(v))
			}
			for i, v := range yj {
				H.Set(0, i, r*math.Abs(v))
			}
			continue
		}
		xp, xn := nmfParts(xj)
		yp, yn := nmfParts(yj)
		xpn, ypn, xnn, ynn := nmfNorm(xp), nmfNorm(yp), nmfNorm(xn), nmfNorm(yn)
		mp, mn := xpn*ypn, xnn*ynn
		uu, vv, sigma, un, vn := xp, yp, mp, xpn, ypn
		if !(mp > mn) {
			uu, vv, sigma, un, vn = xn, yn, mn, xnn, ynn
		}
		lbd := math.Sqrt(s[j] * sigma)
		for i, v := range uu {
			W.Set(i, j, nmfSafeDiv(lbd*v, un))
		}
		for i, v := range vv {
			H.Set(j, i, nmfSafeDiv(lbd*v, vn))
		}
	}
	for _, d := range [][]float64{W.RawMatrix().Data, H.RawMatrix().Data} {
		for i, v := range d {
			if v < 1e-6 {
				d[i] = 0
			}
		}
	}
	switch init {
	case "nndsvda":
		for _, d := range [][]float64{W.RawMatrix().Data, H.RawMatrix().Data} {
			for i, v := range d {
				if v == 0 {
					d[i] = mean
				}
			}
		}
	case "nndsvdar":
		for _, d := range [][]float64{W.RawMatrix().Data, H.RawMatrix().Data} {
			for i, v := range d {
				if v == 0 {
					d[i] = math.Abs(mean * rng.NormFloat64() / 100)
				}
			}
		}
	}
	return W, H, nil
}

// nmfSafeDiv is a/b, or 0 when b is 0 (a zero part: its vector is all zeros).
func nmfSafeDiv(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func nmfParts(x []float64) (pos, neg []float64) {
	pos, neg = make([]float64, len(x)), make([]float64, len(x))
	for i, v := range x {
		pos[i], neg[i] = math.Max(v, 0), math.Abs(math.Min(v, 0))
	}
	return pos, neg
}

func nmfNorm(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}

// nmfCustom checks and copies a custom starting matrix (scikit-learn's _check_init).
func nmfCustom(name string, rows [][]float64, r, c int) (*mat.Dense, error) {
	if len(rows) != r {
		return nil, &estimator.ParamError{Param: name, Value: fmt.Sprintf("%d rows", len(rows)), Reason: fmt.Sprintf("must be %d×%d", r, c)}
	}
	out := mat.NewDense(r, c, nil)
	for i, row := range rows {
		if len(row) != c {
			return nil, &estimator.ParamError{Param: name, Value: fmt.Sprintf("row %d has %d values", i, len(row)), Reason: fmt.Sprintf("must be %d×%d", r, c)}
		}
		for _, v := range row {
			if !(v >= 0) || math.IsInf(v, 0) {
				return nil, &estimator.ParamError{Param: name, Value: v, Reason: "values must be finite and >= 0"}
			}
		}
		copy(out.RawRowView(i), row)
	}
	if mat.Max(out) == 0 {
		return nil, &estimator.ParamError{Param: name, Value: "all zeros", Reason: "must not be all zeros"}
	}
	return out, nil
}

// solve runs the chosen solver on W and H in place and returns the iteration count.
func (m *NMF) solve(ctx context.Context, x, W, H *mat.Dense, beta float64, updateH bool) (int, error) {
	n, p := x.Dims()
	l1W, l1H, l2W, l2H := m.regularization(n, p)
	if m.Solver == "mu" {
		return m.solveMU(ctx, x, W, H, beta, l1W, l1H, l2W, l2H, updateH)
	}
	return m.solveCD(ctx, x, W, H, l1W, l1H, l2W, l2H, updateH)
}

// solveCD is scikit-learn's _fit_coordinate_descent.
func (m *NMF) solveCD(ctx context.Context, x, W, H *mat.Dense, l1W, l1H, l2W, l2H float64, updateH bool) (int, error) {
	ht := mat.DenseCopyOf(H.T()) // p×k
	xt := mat.DenseCopyOf(x.T())
	rng := rand.New(rand.NewPCG(m.Seed, m.Seed^0x9e3779b97f4a7c15))
	tol, maxIter := m.tol(), m.maxIter()
	var violationInit float64
	it := 1
	for ; it <= maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		violation := nmfCDUpdate(x, W, ht, l1W, l2W, m.Shuffle, rng)
		if updateH {
			violation += nmfCDUpdate(xt, ht, W, l1H, l2H, m.Shuffle, rng)
		}
		if it == 1 {
			violationInit = violation
		}
		if violationInit == 0 {
			break
		}
		if violation/violationInit <= tol {
			break
		}
	}
	if it > maxIter {
		it = maxIter
	}
	H.Copy(ht.T())
	return it, nil
}

// nmfCDUpdate is scikit-learn's _update_coordinate_descent and _update_cdnmf_fast:
// one sweep over the columns of W (n×k) for X (n×p) ≈ W·Htᵀ, returning the
// projected-gradient violation.
func nmfCDUpdate(x, W, ht *mat.Dense, l1, l2 float64, shuffle bool, rng *rand.Rand) float64 {
	_, k := ht.Dims()
	n, _ := W.Dims()
	var hht, xht mat.Dense
	hht.Mul(ht.T(), ht)
	xht.Mul(x, ht)
	if l2 != 0 {
		for t := 0; t < k; t++ {
			hht.Set(t, t, hht.At(t, t)+l2)
		}
	}
	if l1 != 0 {
		raw := xht.RawMatrix().Data
		for i := range raw {
			raw[i] -= l1
		}
	}
	perm := make([]int, k)
	for i := range perm {
		perm[i] = i
	}
	if shuffle {
		rng.Shuffle(k, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	}
	violation := 0.0
	for _, t := range perm {
		hrow := hht.RawRowView(t)
		hess := hrow[t]
		for i := 0; i < n; i++ {
			w := W.RawRowView(i)
			grad := -xht.At(i, t)
			for r, h := range hrow {
				grad += h * w[r]
			}
			pg := grad
			if w[t] == 0 {
				pg = math.Min(0, grad)
			}
			violation += math.Abs(pg)
			if hess != 0 {
				w[t] = math.Max(w[t]-grad/hess, 0)
			}
		}
	}
	return violation
}

// solveMU is scikit-learn's _fit_multiplicative_update.
func (m *NMF) solveMU(ctx context.Context, x, W, H *mat.Dense, beta, l1W, l1H, l2W, l2H float64, updateH bool) (int, error) {
	gamma := 1.0
	if beta < 1 {
		gamma = 1 / (2 - beta)
	} else if beta > 2 {
		gamma = 1 / (beta - 1)
	}
	tol, maxIter := m.tol(), m.maxIter()
	errInit := nmfBetaDivergence(x, W, H, beta)
	prevErr := errInit
	var cache nmfMUCache
	it := 1
	for ; it <= maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		nmfUpdateW(x, W, H, beta, l1W, l2W, gamma, &cache, updateH)
		if beta < 1 {
			nmfZeroBelow(W, scaleEps)
		}
		if updateH {
			nmfUpdateH(x, W, H, beta, l1H, l2H, gamma)
			cache = nmfMUCache{}
			if beta <= 1 {
				nmfZeroBelow(H, scaleEps)
			}
		}
		if tol > 0 && it%10 == 0 {
			e := nmfBetaDivergence(x, W, H, beta)
			if (prevErr-e)/errInit < tol {
				break
			}
			prevErr = e
		}
	}
	if it > maxIter {
		it = maxIter
	}
	return it, nil
}

// nmfMUCache holds H_sum, HHt and XHt, which scikit-learn reuses across W updates
// while H is fixed (Transform).
type nmfMUCache struct {
	hSum     []float64
	hht, xht *mat.Dense
}

func nmfZeroBelow(m *mat.Dense, eps float64) {
	raw := m.RawMatrix().Data
	for i, v := range raw {
		if v < eps {
			raw[i] = 0
		}
	}
}

// nmfWHTerms computes, for β ≠ 2, scikit-learn's WH_safe_X (X ⊙ (WH)^(β−2) with its
// EPSILON guards) and WH (with zeros set to EPSILON when β < 1).
func nmfWHTerms(x, W, H *mat.Dense, beta float64) (safe, wh *mat.Dense) {
	safe = new(mat.Dense)
	safe.Mul(W, H)
	wh = mat.DenseCopyOf(safe)
	whRaw := wh.RawMatrix().Data
	if beta < 1 {
		for i, v := range whRaw {
			if v == 0 {
				whRaw[i] = nmfEps
			}
		}
	}
	sr := safe.RawMatrix().Data
	r, c := x.Dims()
	for i := 0; i < r; i++ {
		xr := x.RawRowView(i)
		row := sr[i*c : (i+1)*c]
		for j, v := range row {
			if beta < 2 && v == 0 {
				v = nmfEps
			}
			switch beta {
			case 1:
				v = xr[j] / v
			case 0:
				v = 1 / v
				v *= v
				v *= xr[j]
			default:
				v = math.Pow(v, beta-2) * xr[j]
			}
			row[j] = v
		}
	}
	return safe, wh
}

// nmfUpdateW is scikit-learn's _multiplicative_update_w, including its in-place
// changes to the cached H_sum (which only matter when H is fixed).
func nmfUpdateW(x, W, H *mat.Dense, beta, l1, l2, gamma float64, c *nmfMUCache, updateH bool) {
	n, k := W.Dims()
	var num, den *mat.Dense
	if beta == 2 {
		if c.xht == nil {
			c.xht = new(mat.Dense)
			c.xht.Mul(x, H.T())
		}
		num = mat.DenseCopyOf(c.xht)
		if c.hht == nil {
			c.hht = new(mat.Dense)
			c.hht.Mul(H, H.T())
		}
		den = new(mat.Dense)
		den.Mul(W, c.hht)
	} else {
		safe, wh := nmfWHTerms(x, W, H, beta)
		num = new(mat.Dense)
		num.Mul(safe, H.T())
		if beta == 1 {
			if c.hSum == nil {
				c.hSum = make([]float64, k)
				for t := 0; t < k; t++ {
					c.hSum[t] = mat.Sum(H.RowView(t))
				}
			}
			// denominator is a view of H_sum: "+= l1" and the EPSILON guard below
			// write through to it, as in scikit-learn.
			if l1 > 0 {
				for t := range c.hSum {
					c.hSum[t] += l1
				}
			}
			if l2 > 0 {
				den = mat.NewDense(n, k, nil)
				for i := 0; i < n; i++ {
					for t := 0; t < k; t++ {
						den.Set(i, t, c.hSum[t]+l2*W.At(i, t))
					}
				}
			} else {
				for t, v := range c.hSum {
					if v == 0 {
						c.hSum[t] = nmfEps
					}
				}
				den = mat.NewDense(n, k, nil)
				for i := 0; i < n; i++ {
					copy(den.RawRowView(i), c.hSum)
				}
			}
			nmfApplyDelta(W, num, den, gamma)
			return
		}
		raw := wh.RawMatrix().Data
		for i, v := range raw {
			raw[i] = math.Pow(v, beta-1)
		}
		den = new(mat.Dense)
		den.Mul(wh, H.T())
	}
	if l1 > 0 {
		raw := den.RawMatrix().Data
		for i := range raw {
			raw[i] += l1
		}
	}
	if l2 > 0 {
		for i := 0; i < n; i++ {
			for t := 0; t < k; t++ {
				den.Set(i, t, den.At(i, t)+l2*W.At(i, t))
			}
		}
	}
	nmfApplyDelta(W, num, den, gamma)
}

// nmfApplyDelta sets den's zeros to EPSILON and multiplies dst by (num/den)^gamma.
func nmfApplyDelta(dst, num, den *mat.Dense, gamma float64) {
	d, nr, dr := dst.RawMatrix().Data, num.RawMatrix().Data, den.RawMatrix().Data
	for i := range d {
		q := dr[i]
		if q == 0 {
			q = nmfEps
		}
		delta := nr[i] / q
		if gamma != 1 {
			delta = math.Pow(delta, gamma)
		}
		d[i] *= delta
	}
}

// nmfUpdateH is scikit-learn's _multiplicative_update_h.
func nmfUpdateH(x, W, H *mat.Dense, beta, l1, l2, gamma float64) {
	k, p := H.Dims()
	var num, den *mat.Dense
	num, den = new(mat.Dense), new(mat.Dense)
	if beta == 2 {
		num.Mul(W.T(), x)
		var wtw mat.Dense
		wtw.Mul(W.T(), W)
		den.Mul(&wtw, H)
	} else {
		safe, wh := nmfWHTerms(x, W, H, beta)
		num.Mul(W.T(), safe)
		if beta == 1 {
			n, _ := W.Dims()
			den = mat.NewDense(k, p, nil)
			for t := 0; t < k; t++ {
				s := 0.0
				for i := 0; i < n; i++ {
					s += W.At(i, t)
				}
				if s == 0 {
					s = 1
				}
				row := den.RawRowView(t)
				for j := range row {
					row[j] = s
				}
			}
		} else {
			raw := wh.RawMatrix().Data
			for i, v := range raw {
				raw[i] = math.Pow(v, beta-1)
			}
			den.Mul(W.T(), wh)
		}
	}
	if l1 > 0 {
		raw := den.RawMatrix().Data
		for i := range raw {
			raw[i] += l1
		}
	}
	if l2 > 0 {
		dr, hr := den.RawMatrix().Data, H.RawMatrix().Data
		for i := range dr {
			dr[i] += l2 * hr[i]
		}
	}
	nmfApplyDelta(H, num, den, gamma)
}

// nmfBetaDivergence is scikit-learn's _beta_divergence(X, W, H, beta,
// square_root=True).
func nmfBetaDivergence(x, W, H *mat.Dense, beta float64) float64 {
	var wh mat.Dense
	wh.Mul(W, H)
	r, c := x.Dims()
	var res float64
	if beta == 2 {
		for i := 0; i < r; i++ {
			xr, wr := x.RawRowView(i), wh.RawRowView(i)
			for j := range xr {
				d := xr[j] - wr[j]
				res += d * d
			}
		}
		return math.Sqrt(res)
	}
	sumWHbeta, sumXWH, sumXbeta, sumX, sumDiv, sumLogDiv := 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
	for i := 0; i < r; i++ {
		xr, wr := x.RawRowView(i), wh.RawRowView(i)
		for j, xv := range xr {
			if beta != 1 && beta != 0 {
				sumWHbeta += math.Pow(wr[j], beta)
			}
			if !(xv > nmfEps) {
				continue
			}
			w := wr[j]
			if w == 0 {
				w = nmfEps
			}
			switch beta {
			case 1:
				sumXWH += xv * math.Log(xv/w)
				sumX += xv
			case 0:
				d := xv / w
				sumDiv += d
				sumLogDiv += math.Log(d)
			default:
				sumXWH += xv * math.Pow(w, beta-1)
				sumXbeta += math.Pow(xv, beta)
			}
		}
	}
	switch beta {
	case 1:
		// np.dot(W.sum(axis=0), H.sum(axis=1))
		_, k := W.Dims()
		sumWH := 0.0
		for t := 0; t < k; t++ {
			sumWH += mat.Sum(W.ColView(t)) * mat.Sum(H.RowView(t))
		}
		res = sumXWH + sumWH - sumX
	case 0:
		res = sumDiv - float64(r*c) - sumLogDiv
	default:
		res = (sumXbeta - beta*sumXWH + sumWHbeta*(beta-1)) / (beta * (beta - 1))
	}
	return math.Sqrt(2 * math.Max(res, 0))
}

// Transform returns W for X with H fixed (scikit-learn's transform): the solver run
// from W = 0 ("cd") or W = √(mean(X)/k) ("mu") with the fitted H. It returns
// ErrNotFitted before Fit, ErrShape on a wrong feature count, and ErrInvalidData
// for empty, non-finite or negative X.
func (m *NMF) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := m.fit
	nf := 0
	if f != nil {
		nf = f.NFeatures
	}
	x, err := scaleCheckTransform("NMF", f != nil, X, nf)
	if err != nil {
		return nil, err
	}
	if err := nmfCheckX(x, f.Beta); err != nil {
		return nil, pcaErr("NMF", err)
	}
	n, _ := x.Dims()
	H := mat.NewDense(f.K, f.NFeatures, slices.Clone(f.H))
	W := mat.NewDense(n, f.K, nil)
	if m.Solver == "mu" {
		avg := math.Sqrt(mat.Sum(x) / float64(n*f.NFeatures) / float64(f.K))
		raw := W.RawMatrix().Data
		for i := range raw {
			raw[i] = avg
		}
	}
	if _, err := m.solve(context.Background(), x, W, H, f.Beta, false); err != nil {
		return nil, pcaErr("NMF", err)
	}
	return W, nil
}

// InverseTransform returns W·H, the reconstruction of rows given as W (n×k).
func (m *NMF) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	f := m.fit
	k := 0
	if f != nil {
		k = f.K
	}
	x, err := scaleCheckTransform("NMF", f != nil, X, k)
	if err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	out := mat.NewDense(n, f.NFeatures, nil)
	out.Mul(x, mat.NewDense(f.K, f.NFeatures, f.H))
	return out, nil
}

// Components returns a copy of H, the k×p dictionary (components_), or nil.
func (m *NMF) Components() *mat.Dense {
	if m.fit == nil {
		return nil
	}
	return mat.NewDense(m.fit.K, m.fit.NFeatures, slices.Clone(m.fit.H))
}

// ReconstructionErr returns the β-divergence between the training X and W·H at the
// end of Fit, as √(2·D) (the Frobenius norm ‖X − WH‖ for frobenius;
// reconstruction_err_), or 0 before Fit.
func (m *NMF) ReconstructionErr() float64 {
	if m.fit == nil {
		return 0
	}
	return m.fit.ReconErr
}

// NIter returns the number of iterations Fit ran (n_iter_), or 0 before Fit.
func (m *NMF) NIter() int {
	if m.fit == nil {
		return 0
	}
	return m.fit.NIter
}

// Converged reports whether Fit stopped on Tol before MaxIter (scikit-learn warns
// with a ConvergenceWarning otherwise); false before Fit.
func (m *NMF) Converged() bool { return m.fit != nil && m.fit.Converged }

// NComponentsOut returns k, or 0 before Fit.
func (m *NMF) NComponentsOut() int {
	if m.fit == nil {
		return 0
	}
	return m.fit.K
}

// FeatureNamesOut returns "nmf0", "nmf1", ..., or nil before Fit.
func (m *NMF) FeatureNamesOut(in []string) []string {
	if m.fit == nil {
		return nil
	}
	return pcaPrefixNames("nmf", m.fit.K)
}

// String prints the settings.
func (m *NMF) String() string { return estimator.Format(m) }

// MarshalState encodes the learned state (nil before Fit).
func (m *NMF) MarshalState() ([]byte, error) { return estimator.EncodeState(nmfStateVersion, m.fit) }

// UnmarshalState restores state written by MarshalState, checking it against
// NComponents and BetaLoss.
func (m *NMF) UnmarshalState(b []byte) error {
	var f *nmfFit
	if err := estimator.DecodeState(b, nmfStateVersion, &f); err != nil {
		return stateWrap("NMF", err)
	}
	if f != nil {
		if m.NComponents != 0 && f.K != m.NComponents {
			return stateErr("NMF", fmt.Errorf("K is %d, NComponents %d", f.K, m.NComponents))
		}
		if beta, err := m.beta(); err != nil || beta != f.Beta {
			return stateErr("NMF", fmt.Errorf("state β %v does not match BetaLoss %q", f.Beta, m.BetaLoss))
		}
	}
	m.fit = f
	return nil
}
