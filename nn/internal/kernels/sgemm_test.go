package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

const guard = float32(-12345.5)

func naiveSgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) []float64 {
	out := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				av := a[i*lda+p]
				if transA {
					av = a[p*lda+i]
				}
				bv := b[p*ldb+j]
				if transB {
					bv = b[j*ldb+p]
				}
				s += float64(av) * float64(bv)
			}
			cv := float64(c[i*ldc+j])
			if beta == 0 {
				cv = 0
			}
			out[i*n+j] = float64(alpha)*s + float64(beta)*cv
		}
	}
	return out
}

func randSlice(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.NormFloat64())
	}
	return s
}

// withKernel runs f with the assembly kernel (if available) and with the generic one.
func withKernel(t *testing.T, f func(t *testing.T)) {
	t.Run("dispatch", f)
	if useAVX2 {
		t.Run("generic", func(t *testing.T) {
			setAVX2(false)
			defer setAVX2(true)
			f(t)
		})
	}
}

func TestSgemm(t *testing.T) {
	withKernel(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		shapes := [][3]int{{1, 1, 1}, {6, 16, 1}, {7, 17, 3}, {5, 3, 0}, {13, 40, 300}, {100, 33, 257}, {97, 530, 20}, {2, 600, 9}}
		for _, s := range shapes {
			for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				for _, ab := range [][2]float32{{1, 0}, {0.5, 1}, {-2, 0.25}} {
					m, n, k := s[0], s[1], s[2]
					name := fmt.Sprintf("%dx%dx%d/tA=%v/tB=%v/alpha=%v/beta=%v", m, n, k, tr[0], tr[1], ab[0], ab[1])
					lda, ldb, ldc := k+3, n+1, n+5
					if tr[0] {
						lda = m + 2
					}
					if tr[1] {
						ldb = k + 4
					}
					a := randSlice(rng, max(m, k)*lda+1)
					b := randSlice(rng, max(k, n)*ldb+1)
					c := randSlice(rng, m*ldc)
					for i := 0; i < m; i++ { // guards in the padding of each row
						for j := n; j < ldc; j++ {
							c[i*ldc+j] = guard
						}
					}
					if ab[1] == 0 {
						c[0] = float32(math.NaN()) // beta 0 must not propagate NaN
					}
					want := naiveSgemm(tr[0], tr[1], m, n, k, ab[0], a, lda, b, ldb, ab[1], c, ldc)
					Sgemm(tr[0], tr[1], m, n, k, ab[0], a, lda, b, ldb, ab[1], c, ldc)
					for i := 0; i < m; i++ {
						for j := 0; j < ldc; j++ {
							got := c[i*ldc+j]
							if j >= n {
								require.Equal(t, guard, got, "%s: guard overwritten at (%d,%d)", name, i, j)
								continue
							}
							w := want[i*n+j]
							require.InDelta(t, w, float64(got), 1e-4*(1+math.Abs(w))*math.Sqrt(float64(k+1)), "%s at (%d,%d)", name, i, j)
						}
					}
				}
			}
		}
	})
}

func BenchmarkSgemm(b *testing.B) {
	for _, s := range [][3]int{{256, 256, 256}, {6400, 50, 500}, {100, 500, 800}} {
		m, n, k := s[0], s[1], s[2]
		rng := rand.New(rand.NewPCG(1, 2))
		a, bb, c := randSlice(rng, m*k), randSlice(rng, k*n), make([]float32, m*n)
		b.Run(fmt.Sprintf("%dx%dx%d", m, n, k), func(b *testing.B) {
			b.SetBytes(int64(2 * m * n * k)) // "MB/s" reads as MFLOP/s
			for b.Loop() {
				Sgemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n)
			}
		})
	}
}
