package linear

// Efficient leave-one-out cross-validation of ridge regression, scikit-learn's
// _RidgeGCV, shared by RidgeCV and RidgeClassifierCV. It handles several targets at
// once (one per class for the classifier).
//
// With Xc the centred, √w-scaled design matrix, Yc the centred, √w-scaled targets and
// the hat matrix H_α = Xc·(XcᵀXc + α·I)⁻¹·Xcᵀ (plus w/Σw, the projection on the
// unpenalized intercept column √w), the leave-one-out residual of row i is exactly
//
//	eᵢ = (Ycᵢ − (H_α·Yc)ᵢ) / (1 − (H_α)ᵢᵢ)
//
// which is scikit-learn's c / diag(G⁻¹). Two decompositions give H_α for every α at
// the cost of one:
//
//   - "svd" (n > p): the eigendecomposition XcᵀXc = V·diag(λ)·Vᵀ of the p×p Gram
//     matrix. With Z = Xc·V, (H_α)ᵢᵢ = Σₖ Zᵢₖ²/(λₖ+α) and H_α·Yc = Z·diag(1/(λ+α))·ZᵀYc,
//     so after one pass for the Gram matrix a second pass over the rows evaluates
//     every α with matrix products of the row block. When the Gram matrix is too
//     ill-conditioned for that to be accurate (λ_max/(λ_min+α_min) > looMaxCond) the
//     thin SVD Xc = U·diag(s)·Vᵀ is used instead (Z = U·diag(s), λ = s²), as
//     scikit-learn does.
//   - "eigen" (n ≤ p): the eigendecomposition of the n×n kernel XcXcᵀ + √w√wᵀ, exactly
//     scikit-learn's _solve_eigen_gram.

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/gemm"
	"github.com/skgo/skgo/metrics"
)

// GCVMode selects the decomposition of RidgeCV's and RidgeClassifierCV's efficient
// leave-one-out cross-validation (scikit-learn's gcv_mode). The zero value, GCVAuto,
// picks GCVSVD when X has more rows than columns and GCVEigen otherwise.
type GCVMode string

// Decompositions for the efficient leave-one-out cross-validation.
const (
	// GCVAuto is GCVSVD for n > p and GCVEigen otherwise (scikit-learn's "auto").
	GCVAuto GCVMode = ""
	// GCVSVD decomposes the p×p matrix XᵀX (the SVD of X when XᵀX is too
	// ill-conditioned): cost O(n·p²).
	GCVSVD GCVMode = "svd"
	// GCVEigen decomposes the n×n matrix XXᵀ: cost O(n²·p + n³).
	GCVEigen GCVMode = "eigen"
)

func (m GCVMode) validate() error {
	switch m {
	case GCVAuto, "auto", GCVSVD, GCVEigen:
		return nil
	}
	return &estimator.ParamError{Param: "GCVMode", Value: string(m), Reason: `must be "", "auto", "svd" or "eigen"`}
}

const (
	// looMaxDim bounds the size of the matrix the leave-one-out path decomposes:
	// min(n, p) for GCVAuto, p for GCVSVD and n for GCVEigen. Beyond it the
	// decomposition (cubic in that size) would take minutes; use a CV splitter.
	looMaxDim = 4096
	// looMaxCond is the largest λ_max/(λ_min + α_min) for which the Gram path is
	// used: its relative error is about ε·looMaxCond ≈ 2e-10. Worse-conditioned
	// problems take the SVD of X.
	looMaxCond = 1e6
	// looBlockRows is the number of rows handled at once in the second pass, and
	// looAlphaGroup the number of alphas evaluated per matrix product.
	looBlockRows  = 256
	looAlphaGroup = 32
	// maxAlphas bounds the number of candidate penalties of the CV estimators.
	maxAlphas = 10000
	// looMaxValues bounds the leave-one-out values kept for a scorer or for
	// StoreCVValues (n·targets·alphas; 2²⁸ values are 2 GiB).
	looMaxValues = 1 << 28
)

// looConfig holds the settings of one leave-one-out run.
type looConfig struct {
	alphas       []float64
	fitIntercept bool
	mode         GCVMode
	scorer       metrics.Scorer // nil: negative mean squared error
	isClf        bool           // score classes with scorer
	classIdx     []float64      // with isClf: the true class index of every row
	storeValues  bool
}

// looResult is the outcome of a leave-one-out run.
type looResult struct {
	best      int // index into alphas
	bestScore float64
	coef      [][]float64 // T rows of p coefficients
	intercept []float64   // T
	// values holds, for every alpha a, n·T values (row i, target t at i·T+t): the
	// squared errors without a scorer, the predictions (in the centred, √w-scaled
	// space, as scikit-learn's cv_values_) with one. nil unless storeValues.
	values [][]float64
}

// looData is the centred, √w-scaled problem.
type looData struct {
	x            *mat.Dense
	n, p, T      int
	sw           []float64 // √w, nil for unit weights
	hInt         []float64 // the intercept's share of the hat diagonal, w/Σw (nil: none)
	xOff         []float64
	yOff         []float64
	yc           [][]float64 // T centred, scaled targets
	fitIntercept bool
}

// centredRow writes row i of Xc into dst.
func (d *looData) centredRow(i int, dst []float64) {
	s := 1.0
	if d.sw != nil {
		s = d.sw[i]
	}
	for j, v := range d.x.RawRowView(i) {
		dst[j] = (v - d.xOff[j]) * s
	}
}

// ridgeLOO runs the efficient leave-one-out cross-validation of ridge regression of
// the targets ys on x (checked, finite) with sample weights w (nil: ones), picks the
// alpha with the best score (the first of equal ones) and returns its coefficients.
func ridgeLOO(ctx context.Context, x *mat.Dense, ys [][]float64, w []float64, cfg looConfig) (*looResult, error) {
	n, p := x.Dims()
	if n < 2 {
		return nil, fmt.Errorf("leave-one-out cross-validation needs at least 2 samples, got %d: %w", n, estimator.ErrInvalidData)
	}
	d := &looData{x: x, n: n, p: p, T: len(ys), fitIntercept: cfg.fitIntercept}
	c, err := weightedOffsets(x, ys[0], w, cfg.fitIntercept)
	if err != nil {
		return nil, err
	}
	d.xOff = c.xOff
	d.yOff = make([]float64, d.T)
	sumW := float64(n)
	if w != nil {
		sumW = 0
		d.sw = make([]float64, n)
		for i, v := range w {
			d.sw[i] = math.Sqrt(v)
			sumW += v
		}
	}
	for t, y := range ys {
		if cfg.fitIntercept {
			var s float64
			for i, v := range y {
				if w != nil {
					s += w[i] * v
				} else {
					s += v
				}
			}
			d.yOff[t] = s / sumW
		}
		yc := make([]float64, n)
		for i, v := range y {
			yc[i] = v - d.yOff[t]
			if d.sw != nil {
				yc[i] *= d.sw[i]
			}
		}
		d.yc = append(d.yc, yc)
	}
	if cfg.fitIntercept {
		d.hInt = make([]float64, n)
		for i := range d.hInt {
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			d.hInt[i] = wi / sumW
		}
	}
	if keep := cfg.scorer != nil || cfg.storeValues; keep && len(cfg.alphas)*d.T > looMaxValues/n {
		return nil, fmt.Errorf("keeping %d×%d leave-one-out values (Scoring or StoreCVValues) exceeds %d; use fewer alphas: %w",
			n*d.T, len(cfg.alphas), looMaxValues, estimator.ErrInvalidData)
	}
	mode := cfg.mode
	if mode == GCVAuto || mode == "auto" {
		mode = GCVEigen
		if n > p {
			mode = GCVSVD
		}
	}
	var res *looResult
	if mode == GCVSVD {
		if p > looMaxDim {
			return nil, fmt.Errorf("leave-one-out with GCVMode %q decomposes a %d×%d matrix, more than %d×%d; use a CV splitter: %w",
				mode, p, p, looMaxDim, looMaxDim, estimator.ErrInvalidData)
		}
		res, err = d.solveSVD(ctx, cfg)
	} else {
		if n > looMaxDim {
			return nil, fmt.Errorf("leave-one-out with GCVMode %q decomposes a %d×%d matrix, more than %d×%d; use a CV splitter: %w",
				GCVEigen, n, n, looMaxDim, looMaxDim, estimator.ErrInvalidData)
		}
		res, err = d.solveEigen(ctx, cfg)
	}
	if err != nil {
		return nil, err
	}
	res.intercept = make([]float64, d.T)
	for t, coef := range res.coef {
		res.intercept[t] = centering{xOff: d.xOff, yOff: d.yOff[t]}.intercept(coef)
		if !allFinite(coef) || !allFinite(res.intercept[t:t+1]) {
			return nil, errOverflow
		}
	}
	return res, nil
}

// looScorer turns leave-one-out residuals into one score per alpha and keeps the best.
type looScorer struct {
	d      *looData
	cfg    looConfig
	res    *looResult
	coefAt func(a int) [][]float64
}

// score returns the score of alpha a given its residuals e (n·T, row-major) when
// needed, or its sum of squared errors sse.
func (s *looScorer) score(a int, e []float64, sse float64) (float64, error) {
	d := s.d
	if s.cfg.scorer == nil {
		return -sse / float64(d.n*d.T), nil
	}
	// Predictions in the centred, scaled space, as scikit-learn's y − c/diag(G⁻¹).
	pred := mat.NewDense(d.n, d.T, nil)
	for i := range d.n {
		row := pred.RawRowView(i)
		for t := range d.T {
			row[t] = d.yc[t][i] - e[i*d.T+t]
		}
	}
	var est estimator.Estimator = &looIdentityRegressor{}
	yTrue, scored := d.yc[0], pred
	if s.cfg.isClf {
		// Multiclass: scikit-learn's argmax of the (centred) predictions. Binary: the
		// sign of the uncentred decision yOff + prediction/√w, where scikit-learn
		// 1.2.1 takes the argmax of a single column (every score the same).
		yTrue = s.cfg.classIdx
		est = &looIdentityClassifier{k: max(d.T, 2)}
		if d.T == 1 {
			scored = mat.NewDense(d.n, 1, nil)
			for i := range d.n {
				v := d.yOff[0]
				if d.sw == nil {
					v += pred.At(i, 0)
				} else if d.sw[i] > 0 {
					v += pred.At(i, 0) / d.sw[i]
				}
				scored.Set(i, 0, v)
			}
		}
	}
	v, err := s.cfg.scorer.Score(est, scored, yTrue, nil)
	if err != nil {
		return 0, err
	}
	if s.cfg.storeValues {
		s.res.values[a] = pred.RawMatrix().Data
	}
	return v, nil
}

// run scores every alpha in order and records the best (strictly greater scores win,
// so ties keep the first, as scikit-learn).
func (s *looScorer) run(ctx context.Context, errs func(a int) []float64, sses []float64) error {
	s.res.best = -1
	for a := range s.cfg.alphas {
		if err := ctx.Err(); err != nil {
			return err
		}
		var e []float64
		if errs != nil {
			e = errs(a)
		}
		v, err := s.score(a, e, sses[a])
		if err != nil {
			return err
		}
		if math.IsNaN(v) {
			return fmt.Errorf("the leave-one-out score of alpha %v is NaN: %w", s.cfg.alphas[a], estimator.ErrInvalidData)
		}
		if s.res.best < 0 || v > s.res.bestScore {
			s.res.best, s.res.bestScore = a, v
		}
	}
	s.res.coef = s.coefAt(s.res.best)
	return nil
}

// checkResiduals reports non-finite residuals (a leverage of 1, or overflow).
func checkResiduals(e []float64) error {
	if !allFinite(e) {
		return fmt.Errorf("a leave-one-out residual is not finite (a sample with leverage 1, or values too large); scale the data: %w",
			estimator.ErrInvalidData)
	}
	return nil
}

// solveSVD is the n > p path: the Gram matrix's eigendecomposition (or X's SVD), then
// one more pass over the rows for every alpha.
func (d *looData) solveSVD(ctx context.Context, cfg looConfig) (*looResult, error) {
	p, T := d.p, d.T
	g, err := d.gram()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	q := p + T
	sym := mat.NewSymDense(p, nil)
	for i := range p {
		for j := i; j < p; j++ {
			sym.SetSym(i, j, g[i*q+j])
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, true) {
		return nil, fmt.Errorf("eigendecomposition of XᵀX did not converge: %w", estimator.ErrConvergence)
	}
	lam := eig.Values(nil)
	var v mat.Dense
	eig.VectorsTo(&v)
	minAlpha := math.Inf(1)
	for _, a := range cfg.alphas {
		minAlpha = min(minAlpha, a)
	}
	lamMax := max(lam[len(lam)-1], 0)
	var zStored *mat.Dense // Z = U·diag(s) when the SVD is used
	var b *mat.Dense       // p×T: Zᵀ·Yc
	if lamMax > looMaxCond*(max(lam[0], 0)+minAlpha) {
		zStored, lam, v, err = d.thinSVD()
		if err != nil {
			return nil, err
		}
		r := len(lam)
		b = mat.NewDense(r, T, nil)
		for t := range T {
			col := mat.NewVecDense(d.n, d.yc[t])
			var bt mat.VecDense
			bt.MulVec(zStored.T(), col)
			for k := range r {
				b.Set(k, t, bt.AtVec(k))
			}
		}
	} else {
		// B = Vᵀ·(XcᵀYc); XcᵀYc is the Gram matrix's last T columns.
		c := mat.NewDense(p, T, nil)
		for i := range p {
			for t := range T {
				c.Set(i, t, g[i*q+p+t])
			}
		}
		b = mat.NewDense(p, T, nil)
		b.Mul(v.T(), c)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := len(lam)
	vRaw := v.RawMatrix() // p×r
	bRaw := b.RawMatrix() // r×T
	A := len(cfg.alphas)
	keep := cfg.scorer != nil || cfg.storeValues
	res := &looResult{}
	if cfg.storeValues {
		res.values = make([][]float64, A)
	}
	var errsAll [][]float64 // per alpha, n·T residuals (only when kept)
	if keep {
		errsAll = make([][]float64, A)
		for a := range errsAll {
			errsAll[a] = make([]float64, d.n*T)
		}
	}
	_, nChunks := rowChunks(d.n, maxChunks)
	sseParts := make([][]float64, nChunks)
	badParts := make([]bool, nChunks)
	err = forRowChunks(d.n, maxChunks, func(ch, lo, hi int) {
		if ctx.Err() != nil {
			return
		}
		sse := make([]float64, A)
		ag := min(looAlphaGroup, A)
		blk := make([]float64, looBlockRows*p)
		z := make([]float64, looBlockRows*r)
		z2 := make([]float64, looBlockRows*r)
		f := make([]float64, r*ag)
		m := make([]float64, r*ag*T)
		h := make([]float64, looBlockRows*ag)
		yh := make([]float64, looBlockRows*ag*T)
		for b0 := lo; b0 < hi; b0 += looBlockRows {
			mr := min(looBlockRows, hi-b0)
			if zStored != nil {
				zr := zStored.RawMatrix()
				for i := range mr {
					copy(z[i*r:(i+1)*r], zr.Data[(b0+i)*zr.Stride:])
				}
			} else {
				for i := range mr {
					d.centredRow(b0+i, blk[i*p:(i+1)*p])
				}
				gemm.Dgemm(false, false, mr, r, p, 1, blk, p, vRaw.Data, vRaw.Stride, 0, z, r)
			}
			for i, zv := range z[:mr*r] {
				z2[i] = zv * zv
			}
			for a0 := 0; a0 < A; a0 += ag {
				na := min(ag, A-a0)
				for k := range r {
					for j := range na {
						fk := 1 / (lam[k] + cfg.alphas[a0+j])
						f[k*na+j] = fk
						for t := range T {
							m[(k*na+j)*T+t] = bRaw.Data[k*bRaw.Stride+t] * fk
						}
					}
				}
				gemm.Dgemm(false, false, mr, na, r, 1, z2, r, f, na, 0, h, na)
				gemm.Dgemm(false, false, mr, na*T, r, 1, z, r, m, na*T, 0, yh, na*T)
				for i := range mr {
					row := b0 + i
					hi0 := 0.0
					if d.hInt != nil {
						hi0 = d.hInt[row]
					}
					for j := range na {
						den := 1 - (h[i*na+j] + hi0)
						for t := range T {
							e := (d.yc[t][row] - yh[(i*na+j)*T+t]) / den
							if math.IsNaN(e) || math.IsInf(e, 0) {
								badParts[ch] = true
							}
							sse[a0+j] += e * e
							if keep {
								errsAll[a0+j][row*T+t] = e
							}
						}
					}
				}
			}
		}
		sseParts[ch] = sse
	})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, bad := range badParts {
		if bad {
			return nil, checkResiduals([]float64{math.NaN()})
		}
	}
	sses := make([]float64, A)
	for _, s := range sseParts {
		for a, v := range s {
			sses[a] += v
		}
	}
	coefAt := func(a int) [][]float64 {
		out := make([][]float64, T)
		for t := range T {
			tmp := make([]float64, r)
			for k := range r {
				tmp[k] = bRaw.Data[k*bRaw.Stride+t] / (lam[k] + cfg.alphas[a])
			}
			coef := make([]float64, p)
			for j := range p {
				row := vRaw.Data[j*vRaw.Stride : j*vRaw.Stride+r]
				var s float64
				for k, vk := range row {
					s += vk * tmp[k]
				}
				coef[j] = s
			}
			out[t] = coef
		}
		return out
	}
	sc := &looScorer{d: d, cfg: cfg, res: res, coefAt: coefAt}
	var errs func(a int) []float64
	if keep {
		errs = func(a int) []float64 { return errsAll[a] }
	}
	if err := sc.run(ctx, errs, sses); err != nil {
		return nil, err
	}
	if cfg.storeValues && cfg.scorer == nil {
		for a, e := range errsAll {
			for i, v := range e {
				e[i] = v * v
			}
			res.values[a] = e
		}
	}
	return res, nil
}

// gram returns the upper triangle of the (p+T)×(p+T) Gram matrix of [Xc Yc]
// (row-major), accumulated over the fixed row partition in chunk order.
func (d *looData) gram() ([]float64, error) {
	p, T := d.p, d.T
	q := p + T
	maxCount := min(maxChunks, max(1, gramBudget/(8*q*q)))
	_, count := rowChunks(d.n, maxCount)
	parts := make([][]float64, count)
	err := forRowChunks(d.n, maxCount, func(ch, lo, hi int) {
		g := make([]float64, q*q)
		blk := make([]float64, syrkBlockRows*q)
		for b0 := lo; b0 < hi; b0 += syrkBlockRows {
			m := min(syrkBlockRows, hi-b0)
			for i := range m {
				row := blk[i*q : (i+1)*q]
				d.centredRow(b0+i, row[:p])
				for t := range T {
					row[p+t] = d.yc[t][b0+i]
				}
			}
			gemm.SyrkT(q, m, 1, blk, q, g, q)
		}
		parts[ch] = g
	})
	if err != nil {
		return nil, err
	}
	out := make([]float64, q*q)
	for _, g := range parts {
		for i := range q {
			for j := i; j < q; j++ {
				out[i*q+j] += g[i*q+j]
			}
		}
	}
	for i := range q {
		if v := out[i*q+i]; math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("the sums of squares overflow; scale the features or the target: %w", estimator.ErrInvalidData)
		}
	}
	return out, nil
}

// thinSVD returns Z = U·diag(s) (n×r), λ = s² and V (p×r) from the thin SVD of Xc.
func (d *looData) thinSVD() (*mat.Dense, []float64, mat.Dense, error) {
	xc := mat.NewDense(d.n, d.p, nil)
	for i := range d.n {
		d.centredRow(i, xc.RawRowView(i))
	}
	var svd mat.SVD
	var v mat.Dense
	if !svd.Factorize(xc, mat.SVDThin) {
		return nil, nil, v, fmt.Errorf("SVD did not converge: %w", estimator.ErrConvergence)
	}
	s := svd.Values(nil)
	var u mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	r := len(s)
	lam := make([]float64, r)
	for k, sk := range s {
		lam[k] = sk * sk
	}
	for i := range d.n {
		row := u.RawRowView(i)[:r]
		for k := range row {
			row[k] *= s[k]
		}
	}
	return &u, lam, v, nil
}

// solveEigen is scikit-learn's "eigen" path: the eigendecomposition of the n×n kernel
// K = XcXcᵀ (+ √w√wᵀ with an intercept), dual coefficients c = Q·diag(w)·QᵀYc with
// w = 1/(λ+α) (0 on the intercept's eigenvector), residuals c / diag(Q·diag(w)·Qᵀ),
// and coef = Xcᵀc.
func (d *looData) solveEigen(ctx context.Context, cfg looConfig) (*looResult, error) {
	n, p, T := d.n, d.p, d.T
	xc := mat.NewDense(n, p, nil)
	for i := range n {
		d.centredRow(i, xc.RawRowView(i))
	}
	k := make([]float64, n*n)
	xr := xc.RawMatrix()
	gemm.Dgemm(false, true, n, n, p, 1, xr.Data, xr.Stride, xr.Data, xr.Stride, 0, k, n)
	sw := d.sw
	if sw == nil {
		sw = make([]float64, n)
		for i := range sw {
			sw[i] = 1
		}
	}
	sym := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			v := k[i*n+j]
			if d.fitIntercept {
				v += sw[i] * sw[j]
			}
			sym.SetSym(i, j, v)
		}
	}
	if !allFinite(k) {
		return nil, fmt.Errorf("the sums of squares overflow; scale the features: %w", estimator.ErrInvalidData)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, true) {
		return nil, fmt.Errorf("eigendecomposition of XXᵀ did not converge: %w", estimator.ErrConvergence)
	}
	lam := eig.Values(nil)
	var q mat.Dense
	eig.VectorsTo(&q)
	iDim := -1
	if d.fitIntercept {
		var norm float64
		for _, v := range sw {
			norm += v * v
		}
		norm = math.Sqrt(norm)
		best := -1.0
		for c := range n {
			var s float64
			for i := range n {
				s += q.At(i, c) * sw[i] / norm
			}
			if math.Abs(s) > best {
				best, iDim = math.Abs(s), c
			}
		}
	}
	ycM := mat.NewDense(n, T, nil)
	for t := range T {
		for i := range n {
			ycM.Set(i, t, d.yc[t][i])
		}
	}
	var qty mat.Dense
	qty.Mul(q.T(), ycM)
	q2 := mat.NewDense(n, n, nil)
	q2.MulElem(&q, &q)
	A := len(cfg.alphas)
	keep := cfg.scorer != nil || cfg.storeValues
	res := &looResult{}
	if cfg.storeValues {
		res.values = make([][]float64, A)
	}
	sses := make([]float64, A)
	errsAll := make([][]float64, A)
	wv := mat.NewVecDense(n, nil)
	// dual returns the dual coefficients c = Q·diag(w)·QᵀYc of alpha and sets wv to w.
	dual := func(alpha float64) *mat.Dense {
		for c := range n {
			wv.SetVec(c, 1/(lam[c]+alpha))
		}
		if iDim >= 0 {
			wv.SetVec(iDim, 0)
		}
		var wq mat.Dense
		wq.Apply(func(i, _ int, v float64) float64 { return v * wv.AtVec(i) }, &qty)
		var c mat.Dense
		c.Mul(&q, &wq)
		return &c
	}
	for a, alpha := range cfg.alphas {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c := dual(alpha)
		var ginv mat.VecDense
		ginv.MulVec(q2, wv)
		e := make([]float64, n*T)
		for i := range n {
			for t := range T {
				v := c.At(i, t) / ginv.AtVec(i)
				e[i*T+t] = v
				sses[a] += v * v
			}
		}
		if err := checkResiduals(e); err != nil {
			return nil, err
		}
		if keep {
			errsAll[a] = e
		}
	}
	coefAt := func(a int) [][]float64 {
		var coef mat.Dense
		coef.Mul(xc.T(), dual(cfg.alphas[a])) // p×T
		out := make([][]float64, T)
		for t := range T {
			out[t] = mat.Col(nil, t, &coef)
		}
		return out
	}
	sc := &looScorer{d: d, cfg: cfg, res: res, coefAt: coefAt}
	var errs func(a int) []float64
	if keep {
		errs = func(a int) []float64 { return errsAll[a] }
	}
	if err := sc.run(ctx, errs, sses); err != nil {
		return nil, err
	}
	if cfg.storeValues && cfg.scorer == nil {
		for a, e := range errsAll {
			for i, v := range e {
				e[i] = v * v
			}
			res.values[a] = e
		}
	}
	return res, nil
}

// looIdentityRegressor "predicts" the first column of X: it lets a metrics.Scorer
// score precomputed leave-one-out predictions (scikit-learn's _IdentityRegressor).
type looIdentityRegressor struct{}

func (*looIdentityRegressor) Fit(context.Context, mat.Matrix, []float64) error { return nil }

func (*looIdentityRegressor) Predict(X mat.Matrix) ([]float64, error) {
	return mat.Col(nil, 0, X), nil
}

// looIdentityClassifier predicts the index of the largest column of X, or for one
// column 1 where it is positive and 0 elsewhere, with classes 0, …, k−1
// (scikit-learn's _IdentityClassifier).
type looIdentityClassifier struct{ k int }

func (*looIdentityClassifier) Fit(context.Context, mat.Matrix, []float64) error { return nil }

func (c *looIdentityClassifier) Classes() []float64 {
	out := make([]float64, c.k)
	for i := range out {
		out[i] = float64(i)
	}
	return out
}

func (c *looIdentityClassifier) Predict(X mat.Matrix) ([]float64, error) {
	n, k := X.Dims()
	out := make([]float64, n)
	if k == 1 { // a binary decision function
		for i := range n {
			if X.At(i, 0) > 0 {
				out[i] = 1
			}
		}
		return out, nil
	}
	for i := range n {
		best := 0
		for j := 1; j < k; j++ {
			if X.At(i, j) > X.At(i, best) {
				best = j
			}
		}
		out[i] = float64(best)
	}
	return out, nil
}
