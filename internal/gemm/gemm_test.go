package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

const guard = -12345.5

func naive(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) []float64 {
	out := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				var av, bv float64
				if transA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if transB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += av * bv
			}
			cv := c[i*ldc+j]
			if beta == 0 {
				cv = 0
			}
			out[i*n+j] = alpha*s + beta*cv
		}
	}
	return out
}

func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = rng.NormFloat64()
	}
	return s
}

var isaNames = [...]string{isaGeneric: "generic", isaAVX2: "avx2", isaAVX512: "avx512"}

func withKernel(t *testing.T, f func(t *testing.T)) {
	for level := hasISA; level >= isaGeneric; level-- {
		t.Run(isaNames[level], func(t *testing.T) {
			defer setISA(level)()
			f(t)
		})
	}
}

func TestDgemm(t *testing.T) {
	withKernel(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for _, s := range [][3]int{{1, 1, 1}, {6, 8, 1}, {7, 9, 3}, {5, 3, 0}, {13, 40, 300}, {100, 33, 257}, {97, 270, 20}, {14, 16, 1}, {15, 17, 2}, {29, 33, 513}, {130, 530, 40}} {
			for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				for _, ab := range [][2]float64{{1, 0}, {0.5, 1}, {-2, 0.25}} {
					m, n, k := s[0], s[1], s[2]
					name := fmt.Sprintf("%dx%dx%d/%v/%v", m, n, k, tr, ab)
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
					for i := 0; i < m; i++ {
						for j := n; j < ldc; j++ {
							c[i*ldc+j] = guard
						}
					}
					want := naive(tr[0], tr[1], m, n, k, ab[0], a, lda, b, ldb, ab[1], c, ldc)
					if ab[1] == 0 { // beta 0 overwrites C: its NaNs do not propagate
						for i := 0; i < m; i++ {
							for j := 0; j < n; j++ {
								c[i*ldc+j] = math.NaN()
							}
						}
					}
					Dgemm(tr[0], tr[1], m, n, k, ab[0], a, lda, b, ldb, ab[1], c, ldc)
					for i := 0; i < m; i++ {
						for j := 0; j < ldc; j++ {
							if j >= n {
								if c[i*ldc+j] != guard {
									t.Fatalf("%s: guard overwritten at (%d,%d)", name, i, j)
								}
								continue
							}
							w := want[i*n+j]
							if tol := 1e-12 * (1 + math.Abs(w)) * float64(k+1); !(math.Abs(w-c[i*ldc+j]) <= tol) {
								t.Fatalf("%s at (%d,%d): got %v, want %v ± %v", name, i, j, c[i*ldc+j], w, tol)
							}
						}
					}
				}
			}
		}
	})
}

func TestSyrkT(t *testing.T) {
	withKernel(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, s := range [][2]int{{1, 1}, {7, 5}, {14, 455}, {231, 600}, {300, 40}} {
			n, k := s[0], s[1]
			lda, ldc := n+2, n+3
			a := randSlice(rng, k*lda)
			c := make([]float64, n*ldc)
			for i := range c {
				c[i] = 1
			}
			want := naive(true, false, n, n, k, 0.5, a, lda, a, lda, 1, c, ldc)
			SyrkT(n, k, 0.5, a, lda, c, ldc)
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					w := want[i*n+j]
					require.InDelta(t, w, c[i*ldc+j], 1e-12*(1+math.Abs(w))*float64(k+1), "%dx%d at (%d,%d)", n, k, i, j)
				}
				for j := n; j < ldc; j++ {
					require.Equal(t, 1.0, c[i*ldc+j], "padding written")
				}
			}
		}
	})
}

func BenchmarkSyrkT(b *testing.B) {
	for _, s := range [][2]int{{14, 455}, {106, 455}, {232, 4096}} {
		n, k := s[0], s[1]
		rng := rand.New(rand.NewPCG(1, 2))
		a, c := randSlice(rng, k*n), make([]float64, n*n)
		b.Run(fmt.Sprintf("%dx%d", n, k), func(b *testing.B) {
			b.SetBytes(int64(n * n * k)) // "MB/s" reads as mega multiply-adds per second
			for b.Loop() {
				SyrkT(n, k, 1, a, n, c, n)
			}
		})
	}
}

// BenchmarkDgemmISA times square products with each micro-kernel level ("MB/s" reads
// as MFLOP/s).
func BenchmarkDgemmISA(b *testing.B) {
	for _, n := range []int{256, 1024} {
		rng := rand.New(rand.NewPCG(1, 2))
		a, bb, c := randSlice(rng, n*n), randSlice(rng, n*n), make([]float64, n*n)
		for level := hasISA; level >= isaAVX2; level-- {
			b.Run(fmt.Sprintf("%s/%d", isaNames[level], n), func(b *testing.B) {
				defer setISA(level)()
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				b.SetBytes(int64(2 * n * n * n))
				t0 := threadCPU()
				for b.Loop() {
					Dgemm(false, false, n, n, n, 1, a, n, bb, n, 0, c, n)
				}
				b.ReportMetric(float64(2*n*n*n)*float64(b.N)/(threadCPU()-t0)/1e9, "GFLOP/cpu-s")
			})
		}
	}
}

// threadCPU returns the CPU time of the calling OS thread in seconds: on a shared
// machine, flops per CPU second vary far less than flops per wall second.
func threadCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
