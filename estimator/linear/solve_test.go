package linear

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// tallData returns an n×p problem with non-zero column means and varied scales.
func tallData(n, p int, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		for j := range p {
			X.Set(i, j, rng.NormFloat64()*float64(j+1)+float64(3*j))
		}
		for j := range p {
			y[i] += float64(j%5-2) * X.At(i, j)
		}
		y[i] += 7 + rng.NormFloat64()
	}
	return X, y
}

func offsetsT(t *testing.T, X *mat.Dense, y, w []float64) centering {
	t.Helper()
	c, err := weightedOffsets(X, y, w, true)
	require.NoError(t, err)
	return c
}

func gramT(t *testing.T, X *mat.Dense, y, w []float64, c centering) *mat.SymDense {
	t.Helper()
	g, err := gramAugmented(X, y, w, c)
	require.NoError(t, err)
	return g
}

// qrReference solves the same problem by the QR path only.
func qrReference(t *testing.T, X *mat.Dense, y, w []float64, alpha float64) []float64 {
	t.Helper()
	c := offsetsT(t, X, y, w)
	xc, yc, err := centeredCopy(X, y, w, c)
	require.NoError(t, err)
	if alpha > 0 {
		xc, yc = augment(xc, yc, alpha)
	}
	coef, err := lstsq(xc, yc)
	require.NoError(t, err)
	return coef
}

func maxRelDiff(a, b []float64) float64 {
	scale := 0.0
	for _, v := range b {
		scale = math.Max(scale, math.Abs(v))
	}
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i])/scale)
	}
	return d
}

func TestGramKernel(t *testing.T) {
	for _, p := range []int{1, 2, 3, 4, 5, 7, 11} {
		X, y := tallData(300, p, uint64(p))
		w := make([]float64, 300)
		for i := range w {
			w[i] = 0.5 + float64(i%4)
		}
		c := offsetsT(t, X, y, w)
		g := gramT(t, X, y, w, c)
		xc, yc, err := centeredCopy(X, y, w, c)
		require.NoError(t, err)
		aug := mat.NewDense(300, p+1, nil)
		aug.Slice(0, 300, 0, p).(*mat.Dense).Copy(xc)
		aug.SetCol(p, yc)
		var want mat.Dense
		want.Mul(aug.T(), aug)
		for i := 0; i <= p; i++ {
			for j := 0; j <= p; j++ {
				assert.InDelta(t, want.At(i, j), g.At(i, j), 1e-9*math.Abs(want.At(i, j))+1e-9, "p=%d (%d,%d)", p, i, j)
			}
		}
	}
}

func TestGramPathMatchesQR(t *testing.T) {
	X, y := tallData(20000, 8, 1)
	n, p := X.Dims()
	require.GreaterOrEqual(t, n*p, gramMinElems, "the test must exercise the Gram path")
	c := offsetsT(t, X, y, nil)
	coef, ok := solveGram(gramT(t, X, y, nil, c), 0, gramMaxCond)
	require.True(t, ok, "well-conditioned data must take the fast path")
	assert.Less(t, maxRelDiff(coef, qrReference(t, X, y, nil, 0)), 1e-10)

	w := make([]float64, n)
	for i := range w {
		w[i] = 1 + float64(i%7)
	}
	got, _, err := solveLS(X, y, w, 2.5, true)
	require.NoError(t, err)
	assert.Less(t, maxRelDiff(got, qrReference(t, X, y, w, 2.5)), 1e-10)
}

// Results must not depend on the number of cores: the row partition is fixed.
func TestGramPathDeterministic(t *testing.T) {
	X, y := tallData(30000, 9, 2)
	ill := mat.DenseCopyOf(X) // forces the TSQR fallback
	n, _ := X.Dims()
	for i := range n {
		ill.Set(i, 8, ill.At(i, 7)+1e-7*float64(i%3))
	}
	cIll := offsetsT(t, ill, y, nil)
	_, ok := solveGram(gramT(t, ill, y, nil, cIll), 0, gramMaxCond)
	require.False(t, ok, "the ill-conditioned set must take the TSQR path")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for name, X := range map[string]*mat.Dense{"gram": X, "tsqr": ill} {
		var ref []float64
		for _, procs := range []int{1, 2, 3, 8} {
			runtime.GOMAXPROCS(procs)
			coef, _, err := solveLS(X, y, nil, 0, true)
			require.NoError(t, err)
			if ref == nil {
				ref = coef
				continue
			}
			assert.Equal(t, ref, coef, "%s: GOMAXPROCS=%d", name, procs)
		}
	}
}

// An ill-conditioned tall problem must be rejected by the fast path and solved by QR.
func TestGramPathFallsBack(t *testing.T) {
	X, y := tallData(20000, 8, 3)
	n, _ := X.Dims()
	rng := rand.New(rand.NewPCG(9, 9))
	for i := range n { // column 7 ≈ column 6: cond(X) ≈ 1e6
		X.Set(i, 7, X.At(i, 6)+1e-6*rng.NormFloat64())
	}
	c := offsetsT(t, X, y, nil)
	_, ok := solveGram(gramT(t, X, y, nil, c), 0, gramMaxCond)
	require.False(t, ok, "the fast path must refuse an ill-conditioned system")
	got, _, err := solveLS(X, y, nil, 0, true)
	require.NoError(t, err)
	// cond(X)² · ε · (residual/signal) bounds the agreement of two stable solvers.
	assert.Less(t, maxRelDiff(got, qrReference(t, X, y, nil, 0)), 1e-6)

	// Exactly duplicated column: minimum-norm solution splits the weight evenly.
	for i := range n {
		X.Set(i, 7, X.At(i, 6))
	}
	got, _, err = solveLS(X, y, nil, 0, true)
	require.NoError(t, err)
	assert.InDelta(t, got[6], got[7], 1e-9*math.Abs(got[6]))
	assert.InDelta(t, -1, got[6]+got[7], 1e-2) // y was built with −1·x₆ + 0·x₇
}

// The tall-skinny QR reduction must give the same solution as one big QR,
// including when the last chunk has fewer rows than columns.
func TestTSQR(t *testing.T) {
	for _, tc := range []struct{ n, p int }{{20000, 8}, {minChunkRows + 50, 60}, {2*minChunkRows + 7, 150}} {
		X, y := tallData(tc.n, tc.p, uint64(tc.p))
		w := make([]float64, tc.n)
		for i := range w {
			w[i] = 0.25 + float64(i%5)
		}
		for _, alpha := range []float64{0, 3} {
			c := offsetsT(t, X, y, w)
			s, z, err := tsqrReduce(X, y, w, c)
			require.NoError(t, err)
			if alpha > 0 {
				s, z = augment(s, z, alpha)
			}
			got, err := lstsq(s, z)
			require.NoError(t, err)
			assert.Less(t, maxRelDiff(got, qrReference(t, X, y, w, alpha)), 1e-11, "%dx%d alpha=%g", tc.n, tc.p, alpha)
		}
	}
}

func TestInvNorm1MatchesInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 9))
	for _, p := range []int{1, 2, 5, 14, 40} {
		a := mat.NewDense(p+3, p, nil)
		for i := range p + 3 {
			for j := range p {
				a.Set(i, j, rng.NormFloat64())
			}
		}
		var g mat.SymDense
		g.SymOuterK(1, a.T())
		var ch mat.Cholesky
		require.True(t, ch.Factorize(&g))
		var u mat.TriDense
		ch.UTo(&u)
		raw := make([]float64, p*p)
		for i := range p {
			for j := i; j < p; j++ {
				raw[i*p+j] = u.At(i, j)
			}
		}
		var inv mat.Dense
		require.NoError(t, inv.Inverse(&g))
		want := 0.0
		for j := range p {
			var col float64
			for i := range p {
				col += math.Abs(inv.At(i, j))
			}
			want = max(want, col)
		}
		assert.InEpsilon(t, want, invNorm1(raw, p), 1e-9, "p=%d", p)
	}
	assert.True(t, math.IsInf(invNorm1([]float64{1, 2, 0, 0}, 2), 1))
}

// The packed-panel Gram path gives exactly SyrkT's sums (same kernel, same order).
func TestPackedGramMatchesSyrk(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	for _, p := range []int{7, 8, 12, 13, 17, 23} {
		for _, n := range []int{1, 5, 255, 256, 257, 700, 5000} {
			x := mat.NewDense(n, p, nil)
			y := make([]float64, n)
			w := make([]float64, n)
			for i := range n {
				for j := range p {
					x.Set(i, j, rng.NormFloat64()*float64(j+1)+3)
				}
				y[i] = rng.NormFloat64()
				w[i] = rng.Float64() + 0.1
			}
			for _, ww := range [][]float64{nil, w} {
				c, err := weightedOffsets(x, y, ww, true)
				require.NoError(t, err)
				got, err := gramAugmented(x, y, ww, c)
				require.NoError(t, err)
				usePackedGram = false
				want, err := gramAugmented(x, y, ww, c)
				usePackedGram = true
				require.NoError(t, err)
				for i := range p + 1 {
					for j := i; j < p+1; j++ {
						require.Equal(t, want.At(i, j), got.At(i, j), "p=%d n=%d weighted=%v (%d,%d)", p, n, ww != nil, i, j)
					}
				}
			}
		}
	}
}
