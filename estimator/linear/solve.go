package linear

// Least-squares machinery shared by Regression and Ridge: weighted centring, a
// parallel Gram-matrix kernel and a parallel tall-skinny QR for tall problems,
// Householder QR, and an SVD minimum-norm fallback for rank-deficient systems.

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	lapackgonum "gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/gemm"
	"github.com/skgo/skgo/internal/parallel"
)

const (
	// gramMinElems is the size (rows×cols) from which a rejected Gram fast path
	// falls back to the parallel tall-skinny QR rather than plain Householder QR.
	gramMinElems = 1 << 17
	// gramMaxCond bounds the condition number of the equilibrated Gram matrix
	// accepted by the fast path. Above it the relative error of the normal
	// equations (≈ cond·ε) could exceed ~1e-10, and the solve falls back to QR.
	gramMaxCond = 1e6
	// syrkMinCols is the number of Gram columns (features + 1) from which the AVX2
	// kernel of internal/gemm beats the scalar 4×2 tiles; syrkBlockRows is the
	// number of rows it centres and accumulates at a time.
	syrkMinCols   = 8
	syrkBlockRows = 256
	// packedGramMaxCols is the widest Gram matrix (features + 1) that the Gram
	// kernel builds in packed panels itself instead of calling gemm.SyrkT.
	packedGramMaxCols = 24
	// blockRows is the number of rows centred and transposed at a time by the Gram
	// kernel (fits the working set in L2 for a few hundred columns).
	blockRows = 128
	// minChunkRows and maxChunks fix how rows are split between goroutines. The
	// split depends only on the number of rows, never on GOMAXPROCS, and partial
	// results are added in chunk order, so results are identical on any machine
	// with any number of cores.
	minChunkRows = 4096
	maxChunks    = 64
	// gramBudget bounds the memory (bytes) held by the per-chunk partial Gram
	// matrices; with many columns the rows are split into fewer chunks.
	gramBudget = 128 << 20
)

// scratchPool recycles the Gram kernel's buffers: cross-validation and searches fit
// thousands of small models, and these were most of their allocations.
var scratchPool sync.Pool

// getScratch returns a slice of length n from the pool, zeroed if zero is set.
func getScratch(n int, zero bool) []float64 {
	if p, ok := scratchPool.Get().(*[]float64); ok && cap(*p) >= n {
		s := (*p)[:n]
		if zero {
			clear(s)
		}
		return s
	}
	return make([]float64, n)
}

func putScratch(s []float64) {
	if s != nil {
		scratchPool.Put(&s)
	}
}

// errRankDeficient reports a system the requested solver cannot handle.
var errRankDeficient = errors.New("singular system")

// Scale guards. Finite data can still overflow or underflow the sums of squares the
// solvers form (values near 1e308 or 1e-300). Magnitudes outside [scaleLo, scaleHi],
// or Gram diagonals (sums of squares) above gramHi, make a solver return
// errExtremeScale, and fitLeastSquares solves again on copies of X and y scaled by
// powers of two, which is exact: on data that never trigger the guards the results
// are bit-identical to an unscaled solve. A Gram diagonal below gramLo (a tiny column)
// only sends the solve to the QR path, which does not square the data.
const (
	scaleHi = 0x1p400
	scaleLo = 0x1p-400
	gramHi  = 0x1p800
	gramLo  = 0x1p-800
)

var errExtremeScale = errors.New("data too large or too small for the sums of squares")

// errOverflow reports coefficients that are not finite even after rescaling.
var errOverflow = fmt.Errorf("the coefficients overflowed (X or y spans too many orders of magnitude); scale the features or the target: %w",
	estimator.ErrConvergence)

// extreme reports whether a largest magnitude m is outside [scaleLo, scaleHi] (zero is
// not extreme).
func extreme(m float64) bool { return m > scaleHi || (m > 0 && m < scaleLo) }

// maxAbs returns the largest |v[i]| (0 for none).
func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, math.Abs(x))
	}
	return m
}

// maxAbsDense returns the largest |x[i, j]|.
func maxAbsDense(x *mat.Dense) float64 {
	n, _ := x.Dims()
	m := 0.0
	for i := range n {
		m = max(m, maxAbs(x.RawRowView(i)))
	}
	return m
}

// extremeData reports whether X, y or the weights w (nil: none) hold magnitudes
// outside [scaleLo, scaleHi].
func extremeData(x *mat.Dense, y, w []float64) bool {
	return extreme(maxAbsDense(x)) || extreme(maxAbs(y)) || (w != nil && extreme(maxAbs(w)))
}

// gramUsable inspects the diagonal of an augmented Gram matrix (the sums of squares of
// the centred columns and of y): errExtremeScale when one is not finite or above
// gramHi, and usable false when a column's is below gramLo (too small for the normal
// equations to be accurate).
func gramUsable(g *mat.SymDense) (usable bool, err error) {
	raw := g.RawSymmetric()
	usable = true
	for j := range raw.N {
		v := raw.Data[j*raw.Stride+j]
		if !(v <= gramHi) {
			return false, errExtremeScale
		}
		if v > 0 && v < gramLo {
			usable = false
		}
	}
	return usable, nil
}

// lsSolver is one of the least-squares solvers behind Regression and Ridge.
type lsSolver func(x *mat.Dense, y, w []float64, alpha float64, fitIntercept bool) ([]float64, centering, error)

// fitLeastSquares runs solve and returns the coefficients and the intercept. When the
// solver reports data too large or too small for its sums of squares
// (errExtremeScale), or its coefficients are not finite, it solves again on copies
// X/2^ex, y/2^ey and w/2^ew (2^ex, 2^ey and 2^ew the powers of two just above max|X|,
// max|y| and max w) with alpha/2^(2ex+ew), which is the same problem exactly, and maps
// the solution back (coef·2^(ey−ex), intercept·2^ey). Coefficients that still
// overflow give an error wrapping estimator.ErrConvergence.
func fitLeastSquares(solve lsSolver, x *mat.Dense, y, w []float64, alpha float64, fitIntercept bool) ([]float64, float64, error) {
	coef, c, err := solve(x, y, w, alpha, fitIntercept)
	if err == nil {
		b := c.intercept(coef)
		if allFinite(coef) && allFinite([]float64{b}) {
			return coef, b, nil
		}
	} else if !errors.Is(err, errExtremeScale) {
		return nil, 0, err
	}
	xs, ys, ex, ey := scaledCopy(x, y)
	ws, ew := w, 0
	if w != nil { // weights scale the objective; alpha scales with them
		_, ew = math.Frexp(maxAbs(w))
		ws = make([]float64, len(w))
		for i, v := range w {
			ws[i] = math.Ldexp(v, -ew)
		}
	}
	coef, c, err = solve(xs, ys, ws, min(math.Ldexp(alpha, -2*ex-ew), maxPenalty), fitIntercept)
	if errors.Is(err, errExtremeScale) {
		return nil, 0, errOverflow
	}
	if err != nil {
		return nil, 0, err
	}
	b := math.Ldexp(c.intercept(coef), ey)
	if err := unscale(coef, ey-ex); err != nil {
		return nil, 0, err
	}
	if !allFinite(coef) || !allFinite([]float64{b}) {
		return nil, 0, errOverflow
	}
	return coef, b, nil
}

// maxPenalty caps a penalty scaled by fitLeastSquares or fitCD: one that scaling made
// larger is as good as infinite, and the cap keeps the solvers' arithmetic finite.
const maxPenalty = 0x1p1000

// unscale multiplies the coefficients of a scaled problem (data of magnitude about
// one) by 2^e in place. A coefficient that matters there (|v| ≥ 2⁻⁶⁰, a contribution
// to the predictions above about 1e-18 of y's scale) but becomes a subnormal float64
// with fewer than 30 significant bits cannot represent the model (X and y span more
// than float64's range together): that is an error wrapping estimator.ErrConvergence,
// and so is one that overflows. Negligible ones (a penalty's near-zeros) may flush to
// zero.
func unscale(coef []float64, e int) error {
	for j, v := range coef {
		u := math.Ldexp(v, e)
		if math.Abs(v) >= 0x1p-60 && math.Abs(u) < 0x1p-1044 {
			return fmt.Errorf("coefficient %d underflowed (%g·2^%d; X and y span more than float64's range together); scale the features or the target: %w",
				j, v, e, estimator.ErrConvergence)
		}
		coef[j] = u
	}
	if !allFinite(coef) {
		return errOverflow
	}
	return nil
}

// scaledCopy returns X·2^−ex and y·2^−ey with max|X·2^−ex| and max|y·2^−ey| in
// [0.5, 1) (exponents 0 for all-zero data).
func scaledCopy(x *mat.Dense, y []float64) (*mat.Dense, []float64, int, int) {
	_, ex := math.Frexp(maxAbsDense(x))
	_, ey := math.Frexp(maxAbs(y))
	n, p := x.Dims()
	xs := mat.NewDense(n, p, nil)
	for i := range n {
		dst := xs.RawRowView(i)
		for j, v := range x.RawRowView(i) {
			dst[j] = math.Ldexp(v, -ex)
		}
	}
	ys := make([]float64, len(y))
	for i, v := range y {
		ys[i] = math.Ldexp(v, -ey)
	}
	return xs, ys, ex, ey
}

// checkSampleWeights validates sample weights (nil means all ones, returned as nil).
func checkSampleWeights(w []float64, n int) error {
	if w == nil {
		return nil
	}
	if len(w) != n {
		return fmt.Errorf("sample weights have %d values for %d rows: %w", len(w), n, estimator.ErrShape)
	}
	var sum float64
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("sample weight %d is %v, weights must be finite and >= 0: %w", i, v, estimator.ErrInvalidData)
		}
		sum += v
	}
	if !(sum > 0) {
		return fmt.Errorf("sample weights sum to zero: %w", estimator.ErrInvalidData)
	}
	return nil
}

// rowChunks returns the fixed partition of n rows into at most maxCount chunks of
// at least minChunkRows rows (except the last) used by the parallel kernels.
func rowChunks(n, maxCount int) (size, count int) {
	size = max(minChunkRows, (n+maxCount-1)/maxCount)
	return size, (n + size - 1) / size
}

// forRowChunks runs body(c, lo, hi) for every chunk of rowChunks(n, maxCount) with
// internal/parallel.Chunks, on up to GOMAXPROCS goroutines. Each chunk is processed
// by exactly one call; a panic in body comes back as a *parallel.PanicError.
func forRowChunks(n, maxCount int, body func(c, lo, hi int)) error {
	size, _ := rowChunks(n, maxCount)
	return parallel.Chunks(n, size, body)
}

// centering holds what centring removed: the (weighted) column means of X and the
// (weighted) mean of y, both zero without an intercept.
type centering struct {
	xOff []float64
	yOff float64
}

// intercept returns y_offset − x_offset·coef, scikit-learn's _set_intercept.
func (c centering) intercept(coef []float64) float64 {
	b := c.yOff
	for j, v := range coef {
		b -= c.xOff[j] * v
	}
	return b
}

// offsets computes the (weighted) means of X's columns and of y, as scikit-learn's
// _preprocess_data does with np.average. Without an intercept they are zero.
func weightedOffsets(x *mat.Dense, y, w []float64, fitIntercept bool) (centering, error) {
	n, p := x.Dims()
	c := centering{xOff: make([]float64, p)}
	if !fitIntercept {
		return c, nil
	}
	_, count := rowChunks(n, maxChunks)
	parts := make([][]float64, count) // per chunk: Σw·x (p values), Σw·y, Σw
	err := forRowChunks(n, maxChunks, func(ch, lo, hi int) {
		s := make([]float64, p+2)
		sp := s[:p]
		i := lo
		if w == nil {
			// Four rows per pass: each column sum is updated once per four rows, so the
			// loop is not bound by store-to-load latency on the sums.
			for ; i+4 <= hi; i += 4 {
				r0, r1, r2, r3 := x.RawRowView(i), x.RawRowView(i+1), x.RawRowView(i+2), x.RawRowView(i+3)
				r0, r1, r2, r3 = r0[:p], r1[:p], r2[:p], r3[:p]
				for j := range sp {
					sp[j] += (r0[j] + r1[j]) + (r2[j] + r3[j])
				}
				s[p] += (y[i] + y[i+1]) + (y[i+2] + y[i+3])
				s[p+1] += 4
			}
		}
		for ; i < hi; i++ {
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			row := x.RawRowView(i)
			for j, v := range row[:p] {
				sp[j] += wi * v
			}
			s[p] += wi * y[i]
			s[p+1] += wi
		}
		parts[ch] = s
	})
	if err != nil {
		return c, err
	}
	tot := make([]float64, p+2)
	for _, s := range parts {
		for j, v := range s {
			tot[j] += v
		}
	}
	for j := range p {
		c.xOff[j] = tot[j] / tot[p+1]
	}
	c.yOff = tot[p] / tot[p+1]
	return c, nil
}

// centered returns new copies of X and y with the offsets removed and rows scaled by
// √w (scikit-learn's _rescale_data), ready for an unweighted least-squares solve.
func centeredCopy(x *mat.Dense, y, w []float64, c centering) (*mat.Dense, []float64, error) {
	n, p := x.Dims()
	xc := mat.NewDense(n, p, nil)
	yc := make([]float64, n)
	raw := xc.RawMatrix()
	err := forRowChunks(n, maxChunks, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			s := 1.0
			if w != nil {
				s = math.Sqrt(w[i])
			}
			dst := raw.Data[i*raw.Stride : i*raw.Stride+p]
			for j, v := range x.RawRowView(i) {
				dst[j] = (v - c.xOff[j]) * s
			}
			yc[i] = (y[i] - c.yOff) * s
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return xc, yc, nil
}

// gram returns the (p+1)×(p+1) Gram matrix of the centred, √w-scaled augmented
// matrix [X y]: its leading p×p block is XᵀX, its last column Xᵀy. The rows are split
// into a fixed partition (see chunks), each chunk accumulates its own partial Gram on
// a goroutine, and the partials are added in chunk order: the result does not depend
// on GOMAXPROCS.
func gramAugmented(x *mat.Dense, y, w []float64, c centering) (*mat.SymDense, error) {
	n, p := x.Dims()
	q := p + 1
	qp := (q + 3) &^ 3 // padded to a multiple of 4 for the 4×2 kernel
	maxCount := min(maxChunks, max(1, gramBudget/(8*qp*qp)))
	_, count := rowChunks(n, maxCount)
	parts := make([][]float64, count)
	var err error
	if q >= syrkMinCols && q <= packedGramMaxCols && usePackedGram {
		// Narrow: centre each row straight into the micro-kernel's packed panels and
		// run the kernel on the upper tiles; the same sums as SyrkT, bit for bit,
		// without its two packing passes (most of its time at these widths).
		ra := (q + gemm.TileRows - 1) / gemm.TileRows // A panels: TileRows columns each
		cb := (q + gemm.TileCols - 1) / gemm.TileCols // B panels: TileCols columns each
		ld := cb * gemm.TileCols
		err = forRowChunks(n, maxCount, func(ch, lo, hi int) {
			acc := getScratch(ra*gemm.TileRows*ld, true)
			defer putScratch(acc)
			pa := getScratch(ra*syrkBlockRows*gemm.TileRows, false)
			defer putScratch(pa)
			pb := getScratch(cb*syrkBlockRows*gemm.TileCols, false)
			defer putScratch(pb)
			var v [packedGramMaxCols + gemm.TileCols]float64 // one centred row, zero-padded
			for b0 := lo; b0 < hi; b0 += syrkBlockRows {
				m := min(syrkBlockRows, hi-b0)
				for i := range m {
					r := b0 + i
					row := x.RawRowView(r)
					vv, xo := v[:len(row)], c.xOff[:len(row)]
					if w == nil { // (x − μ)·1 is x − μ: the same bits without the multiply
						for j, xv := range row {
							vv[j] = xv - xo[j]
						}
						v[p] = y[r] - c.yOff
					} else {
						s := math.Sqrt(w[r])
						for j, xv := range row {
							vv[j] = (xv - xo[j]) * s
						}
						v[p] = (y[r] - c.yOff) * s
					}
					for t := 0; t < ra; t++ { // element by element: no memmove call per panel
						d := (*[gemm.TileRows]float64)(pa[(t*m+i)*gemm.TileRows:])
						sv := (*[gemm.TileRows]float64)(v[t*gemm.TileRows:])
						d[0], d[1], d[2], d[3], d[4], d[5] = sv[0], sv[1], sv[2], sv[3], sv[4], sv[5]
					}
					for t := 0; t < cb; t++ {
						d := (*[gemm.TileCols]float64)(pb[(t*m+i)*gemm.TileCols:])
						sv := (*[gemm.TileCols]float64)(v[t*gemm.TileCols:])
						d[0], d[1], d[2], d[3] = sv[0], sv[1], sv[2], sv[3]
						d[4], d[5], d[6], d[7] = sv[4], sv[5], sv[6], sv[7]
					}
				}
				for t := 0; t < ra; t++ {
					for u := 0; u < cb; u++ {
						if t*gemm.TileRows >= (u+1)*gemm.TileCols {
							continue // below the diagonal
						}
						gemm.Tile(m, pa[t*m*gemm.TileRows:(t+1)*m*gemm.TileRows], pb[u*m*gemm.TileCols:(u+1)*m*gemm.TileCols],
							acc[t*gemm.TileRows*ld+u*gemm.TileCols:], ld)
					}
				}
			}
			g := getScratch(qp*qp, true)
			for i := range q {
				copy(g[i*qp+i:i*qp+q], acc[i*ld+i:i*ld+q])
			}
			parts[ch] = g
		})
	} else if q >= syrkMinCols {
		// Wide enough for the AVX2 kernel: centre blocks of rows (row-major) and add
		// their Gram matrices with gemm.SyrkT.
		err = forRowChunks(n, maxCount, func(ch, lo, hi int) {
			g := getScratch(qp*qp, true)
			blk := getScratch(syrkBlockRows*q, false)
			defer putScratch(blk)
			for b0 := lo; b0 < hi; b0 += syrkBlockRows {
				m := min(syrkBlockRows, hi-b0)
				for i := range m {
					r := b0 + i
					s := 1.0
					if w != nil {
						s = math.Sqrt(w[r])
					}
					dst := blk[i*q : (i+1)*q]
					for j, v := range x.RawRowView(r) {
						dst[j] = (v - c.xOff[j]) * s
					}
					dst[p] = (y[r] - c.yOff) * s
				}
				gemm.SyrkT(q, m, 1, blk, q, g, qp)
			}
			parts[ch] = g
		})
	} else {
		err = forRowChunks(n, maxCount, func(ch, lo, hi int) {
			g := getScratch(qp*qp, true)
			bt := getScratch(qp*blockRows, false) // centred block, transposed: row j = feature j
			defer putScratch(bt)
			for b0 := lo; b0 < hi; b0 += blockRows {
				m := min(blockRows, hi-b0)
				for i := range m {
					r := b0 + i
					s := 1.0
					if w != nil {
						s = math.Sqrt(w[r])
					}
					for j, v := range x.RawRowView(r) {
						bt[j*blockRows+i] = (v - c.xOff[j]) * s
					}
					bt[p*blockRows+i] = (y[r] - c.yOff) * s
				}
				syrkUpper(g, qp, bt, blockRows, m)
			}
			parts[ch] = g
		})
	}
	defer func() {
		for _, g := range parts {
			putScratch(g)
		}
	}()
	if err != nil {
		return nil, err
	}
	out := mat.NewSymDense(p+1, nil)
	raw := out.RawSymmetric()
	for _, g := range parts {
		for i := range q {
			for j := i; j < q; j++ {
				raw.Data[i*raw.Stride+j] += g[i*qp+j]
			}
		}
	}
	return out, nil
}

// usePackedGram enables the packed-panel path of gramAugmented (tests turn it off to
// compare it with gemm.SyrkT bit for bit).
var usePackedGram = true

// The panel copies of gramAugmented are unrolled for the 6×8 micro-tile; this fails to
// compile if the tile changes.
const _ = uint(gemm.TileRows-6) | uint(6-gemm.TileRows) | uint(gemm.TileCols-8) | uint(8-gemm.TileCols)

// syrkUpper adds Bt[:, :m]·Bt[:, :m]ᵀ to the upper triangle (in 4×2 tiles, which may
// also touch a few entries just below the diagonal) of the qp×qp row-major g. Bt has
// qp rows of stride ld; qp is a multiple of 4.
func syrkUpper(g []float64, qp int, bt []float64, ld, m int) {
	row := func(i int) []float64 { return bt[i*ld : i*ld+m] }
	for i := 0; i < qp; i += 4 {
		a0, a1, a2, a3 := row(i), row(i+1), row(i+2), row(i+3)
		for j := i; j < qp; j += 2 {
			tile42(g[i*qp+j:], qp, a0, a1, a2, a3, row(j), row(j+1))
		}
	}
}

// tile42 adds the 4×2 block a·bᵀ (a: 4 rows, b: 2 rows, equal lengths) to g.
func tile42(g []float64, ld int, a0, a1, a2, a3, b0, b1 []float64) {
	n := len(a0)
	a1, a2, a3 = a1[:n], a2[:n], a3[:n]
	b0, b1 = b0[:n], b1[:n]
	var s00, s01, s10, s11, s20, s21, s30, s31 float64
	for k := range a0 {
		x0, x1, x2, x3 := a0[k], a1[k], a2[k], a3[k]
		y0, y1 := b0[k], b1[k]
		s00 += x0 * y0
		s01 += x0 * y1
		s10 += x1 * y0
		s11 += x1 * y1
		s20 += x2 * y0
		s21 += x2 * y1
		s30 += x3 * y0
		s31 += x3 * y1
	}
	g = g[:3*ld+2]
	g[0] += s00
	g[1] += s01
	g[ld] += s10
	g[ld+1] += s11
	g[2*ld] += s20
	g[2*ld+1] += s21
	g[3*ld] += s30
	g[3*ld+1] += s31
}

// unblockedCholMax is the largest system factored by the unblocked Cholesky.
const unblockedCholMax = 128

// exactCondMax is the largest Gram system whose condition number solveGram computes
// exactly from the explicit inverse rather than estimating it with Dpocon.
const exactCondMax = 32

var lapackImpl lapackgonum.Implementation

// solveGram solves (G[:p,:p] + alpha·I) w = G[:p,p] by Cholesky after symmetric
// diagonal equilibration. It returns ok=false when the matrix is not positive
// definite or its equilibrated condition number (LAPACK's 1-norm estimate, as
// mat.Cholesky.Cond) exceeds maxCond; with maxCond = +Inf the estimate is skipped.
func solveGram(g *mat.SymDense, alpha, maxCond float64) ([]float64, bool) {
	p := g.SymmetricDim() - 1
	raw := g.RawSymmetric()
	gs := raw.Stride
	d := make([]float64, p)
	for j := range p {
		v := raw.Data[j*gs+j] + alpha
		if !(v > 0) {
			return nil, false
		}
		d[j] = 1 / math.Sqrt(v)
	}
	// a holds the upper triangle of the equilibrated matrix, rhs the scaled G[:p,p].
	// It comes from the scratch pool: a grid search solves one per candidate and fold,
	// and fresh 100-KB buffers cost page faults as well as the allocation.
	a := getScratch(p*p+p, false)
	defer putScratch(a)
	rhs := a[p*p:]
	for i := range p {
		row := raw.Data[i*gs:]
		for j := i; j < p; j++ {
			v := row[j]
			if i == j {
				v += alpha
			}
			a[i*p+j] = v * d[i] * d[j]
		}
		rhs[i] = row[p] * d[i]
	}
	sym := blas64.Symmetric{Uplo: blas.Upper, N: p, Stride: p, Data: a[:p*p]}
	var anorm float64
	checkCond := !math.IsInf(maxCond, 1)
	if checkCond {
		anorm = lapack64.Lansy(lapack.MaxColumnSum, sym, make([]float64, p))
	}
	var ok bool
	if p <= unblockedCholMax {
		// gonum's unblocked factorization is about twice as fast as the blocked
		// one at these sizes (a Ridge grid factors one per candidate and fold).
		ok = lapackImpl.Dpotf2(blas.Upper, p, sym.Data, p)
	} else {
		_, ok = lapack64.Potrf(sym)
	}
	if !ok {
		return nil, false
	}
	t := blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: p, Stride: p, Data: sym.Data}
	if checkCond {
		var cond float64
		if p <= exactCondMax {
			// Small systems: the exact 1-norm condition number from the explicit
			// inverse (p³/3 flops) is cheaper than LAPACK's estimator (Dpocon's
			// repeated scaled triangular solves), and never below it.
			cond = anorm * invNorm1(sym.Data, p)
		} else {
			cond = 1 / lapack64.Pocon(sym, anorm, make([]float64, 3*p), make([]int, p))
		}
		if !(cond <= maxCond) {
			return nil, false
		}
	}
	z := blas64.Vector{N: p, Inc: 1, Data: rhs} // A = UᵀU: solve Uᵀz = rhs, then Uw = z
	blas64.Trsv(blas.Trans, t, z)
	blas64.Trsv(blas.NoTrans, t, z)
	w := make([]float64, p)
	for j := range p {
		w[j] = rhs[j] * d[j]
	}
	return w, true
}

// invNorm1 returns ‖A⁻¹‖₁ for A = UᵀU, given the upper-triangular Cholesky factor U
// (row-major, stride p, upper triangle read): it inverts U by back substitution and
// sums |(U⁻¹U⁻ᵀ)ᵢⱼ| by column. It returns +Inf when U has a zero on its diagonal.
func invNorm1(u []float64, p int) float64 {
	inv := getScratch(p*p, true) // U⁻¹, upper triangular
	defer putScratch(inv)
	for j := p - 1; j >= 0; j-- {
		d := u[j*p+j]
		if d == 0 {
			return math.Inf(1)
		}
		inv[j*p+j] = 1 / d
		// Row j of U⁻¹: inv[j,k] = −(Σ_{l=j+1..k} u[j,l]·inv[l,k]) / u[j,j] for k > j.
		for k := j + 1; k < p; k++ {
			var s float64
			for l := j + 1; l <= k; l++ {
				s += u[j*p+l] * inv[l*p+k]
			}
			inv[j*p+k] = -s / d
		}
	}
	var norm float64
	for j := range p { // column j of A⁻¹ = U⁻¹U⁻ᵀ: (A⁻¹)ᵢⱼ = Σ_{k≥max(i,j)} inv[i,k]·inv[j,k]
		var col float64
		for i := range p {
			var s float64
			for k := max(i, j); k < p; k++ {
				s += inv[i*p+k] * inv[j*p+k]
			}
			col += math.Abs(s)
		}
		norm = max(norm, col)
	}
	return norm
}

// lstsq returns the minimum-norm least-squares solution of xc·w ≈ yc, like
// scipy.linalg.lstsq (used by scikit-learn's LinearRegression). xc and yc are
// overwritten. Full-rank tall systems use Householder QR; rank-deficient or wide
// ones use the SVD, treating singular values below max(n,p)·ε·σ_max as zero.
func lstsq(xc *mat.Dense, yc []float64) ([]float64, error) {
	n, p := xc.Dims()
	if n >= p {
		a := xc.RawMatrix()
		tau := make([]float64, p)
		work := []float64{0}
		lapack64.Geqrf(a, tau, work, -1)
		work = make([]float64, int(work[0]))
		lapack64.Geqrf(a, tau, work, len(work))
		r := blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: p, Stride: a.Stride, Data: a.Data}
		iwork := make([]int, p)
		rcond := lapack64.Trcon(lapack.MaxColumnSum, r, make([]float64, 3*p), iwork)
		if rcond > 1e-10 {
			b := blas64.General{Rows: n, Cols: 1, Stride: 1, Data: yc}
			work = []float64{0}
			lapack64.Ormqr(blas.Left, blas.Trans, a, tau, b, work, -1)
			work = make([]float64, int(work[0]))
			lapack64.Ormqr(blas.Left, blas.Trans, a, tau, b, work, len(work))
			bp := blas64.General{Rows: p, Cols: 1, Stride: 1, Data: yc[:p]}
			if lapack64.Trtrs(blas.NoTrans, r, bp) {
				return append([]float64(nil), yc[:p]...), nil
			}
		}
		// Rank deficient or nearly so: the caller retries with lstsqSVD on a fresh
		// copy (xc and yc are overwritten by now).
		return nil, errRankDeficient
	}
	return lstsqSVD(xc, yc)
}

// lstsqSVD is the minimum-norm least-squares solution by SVD.
func lstsqSVD(xc *mat.Dense, yc []float64) ([]float64, error) {
	n, p := xc.Dims()
	var svd mat.SVD
	if !svd.Factorize(xc, mat.SVDThin) {
		return nil, fmt.Errorf("SVD did not converge: %w", estimator.ErrConvergence)
	}
	rank := svd.Rank(float64(max(n, p)) * machEps)
	if rank == 0 {
		return make([]float64, p), nil
	}
	var w mat.VecDense
	svd.SolveVecTo(&w, mat.NewVecDense(n, yc), rank)
	out := make([]float64, p)
	for j := range p {
		out[j] = w.AtVec(j)
	}
	return out, nil
}

// machEps is the float64 machine epsilon (2⁻⁵²).
const machEps = 0x1p-52

// solveLS solves the centred, weighted least-squares problem behind Regression and
// Ridge with alpha ≥ 0:
//
//	minimize ‖√w·(y − ȳ − (X − x̄)·coef)‖² + alpha·‖coef‖²
//
// Large tall problems try the parallel Gram/Cholesky path first and keep its answer
// only if the equilibrated system is well conditioned; a rejected fast path reduces
// the problem by parallel tall-skinny QR (tsqrReduce), and small problems use the
// centred data directly. The (reduced) system — augmented with √alpha·I for Ridge —
// is solved by Householder QR, falling back to an SVD minimum-norm solution when it
// is rank deficient, as scipy's lstsq does.
func solveLS(x *mat.Dense, y, w []float64, alpha float64, fitIntercept bool) ([]float64, centering, error) {
	n, p := x.Dims()
	c, err := weightedOffsets(x, y, w, fitIntercept)
	if err != nil {
		return nil, c, err
	}
	if n >= 2*p {
		// The conditioning check makes this safe at every size, and for small
		// problems (Boston: 455×13 per CV fold) it is several times faster than QR.
		// With alpha > 0 the system is positive definite; scikit-learn's Ridge solves
		// exactly these normal equations by Cholesky (its 'auto' solver), so the
		// conditioning check only guards OLS, whose reference is an SVD lstsq.
		maxCond := gramMaxCond
		if alpha > 0 {
			maxCond = math.Inf(1)
		}
		g, err := gramAugmented(x, y, w, c)
		if err != nil {
			return nil, c, err
		}
		usable, err := gramUsable(g)
		if err != nil {
			return nil, c, err
		}
		if usable {
			if coef, ok := solveGram(g, alpha, maxCond); ok {
				return coef, c, nil
			}
		}
	}
	if extremeData(x, y, w) { // the QR and SVD paths below cost far more than this pass
		return nil, c, errExtremeScale
	}
	system := func() (*mat.Dense, []float64, error) {
		xc, yc, err := centeredCopy(x, y, w, c)
		if err != nil {
			return nil, nil, err
		}
		if alpha > 0 {
			xc, yc = augment(xc, yc, alpha)
		}
		return xc, yc, nil
	}
	if n*p >= gramMinElems && n >= 2*p {
		// Tall-skinny QR: reduce to a small equivalent system, in parallel.
		s, t, err := tsqrReduce(x, y, w, c)
		if err != nil {
			return nil, c, err
		}
		if alpha > 0 {
			s, t = augment(s, t, alpha)
		}
		system = func() (*mat.Dense, []float64, error) { return mat.DenseCopyOf(s), slices.Clone(t), nil }
	}
	xs, ys, err := system()
	if err != nil {
		return nil, c, err
	}
	coef, err := lstsq(xs, ys)
	if errors.Is(err, errRankDeficient) {
		if xs, ys, err = system(); err != nil {
			return nil, c, err
		}
		coef, err = lstsqSVD(xs, ys)
	}
	return coef, c, err
}

// tsqrReduce reduces the centred, √w-scaled least-squares problem X·coef ≈ y to an
// equivalent small one S·coef ≈ t with the same solutions (minimum-norm included):
// every chunk of the fixed row partition is factorized as Qᵢ·Rᵢ by Householder QR
// on its own goroutine, and S stacks the Rᵢ, t the leading entries of Qᵢᵀ·yᵢ.
// (X = diag(Qᵢ)·S with orthonormal columns, so ‖X·c − y‖² = ‖S·c − t‖² + const.)
func tsqrReduce(x *mat.Dense, y, w []float64, c centering) (*mat.Dense, []float64, error) {
	n, p := x.Dims()
	maxCount := min(maxChunks, max(1, gramBudget/(8*p*p)))
	_, count := rowChunks(n, maxCount)
	rs := make([][]float64, count) // row-major blocks of p columns
	zs := make([][]float64, count)
	err := forRowChunks(n, maxCount, func(ch, lo, hi int) {
		m := hi - lo
		a := make([]float64, m*p)
		b := make([]float64, m)
		for i := range m {
			r := lo + i
			s := 1.0
			if w != nil {
				s = math.Sqrt(w[r])
			}
			dst := a[i*p : (i+1)*p]
			for j, v := range x.RawRowView(r) {
				dst[j] = (v - c.xOff[j]) * s
			}
			b[i] = (y[r] - c.yOff) * s
		}
		if m <= p { // too few rows to reduce: keep them as they are
			rs[ch], zs[ch] = a, b
			return
		}
		g := blas64.General{Rows: m, Cols: p, Stride: p, Data: a}
		tau := make([]float64, p)
		work := []float64{0}
		lapack64.Geqrf(g, tau, work, -1)
		bg := blas64.General{Rows: m, Cols: 1, Stride: 1, Data: b}
		work1 := []float64{0}
		lapack64.Ormqr(blas.Left, blas.Trans, g, tau, bg, work1, -1)
		work = make([]float64, int(max(work[0], work1[0])))
		lapack64.Geqrf(g, tau, work, len(work))
		lapack64.Ormqr(blas.Left, blas.Trans, g, tau, bg, work, len(work))
		r := slices.Clone(a[:p*p]) // copies, so that the chunk's buffers can be freed
		for i := 1; i < p; i++ {
			clear(r[i*p : i*p+i]) // drop the reflectors below the diagonal
		}
		rs[ch], zs[ch] = r, slices.Clone(b[:p])
	})
	if err != nil {
		return nil, nil, err
	}
	rows := 0
	for _, z := range zs {
		rows += len(z)
	}
	s := mat.NewDense(rows, p, nil)
	t := make([]float64, 0, rows)
	raw := s.RawMatrix()
	off := 0
	for ch := range rs {
		copy(raw.Data[off:], rs[ch])
		off += len(rs[ch])
		t = append(t, zs[ch]...)
	}
	return s, t, nil
}

// augment returns [xc; √alpha·I] and [yc; 0], turning ridge regression into an
// ordinary least-squares problem solved stably by QR.
func augment(xc *mat.Dense, yc []float64, alpha float64) (*mat.Dense, []float64) {
	n, p := xc.Dims()
	a := mat.NewDense(n+p, p, nil)
	a.Slice(0, n, 0, p).(*mat.Dense).Copy(xc)
	s := math.Sqrt(alpha)
	for j := range p {
		a.Set(n+j, j, s)
	}
	b := make([]float64, n+p)
	copy(b, yc)
	return a, b
}
