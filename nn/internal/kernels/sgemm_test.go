package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"
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

// withKernel runs f with every micro-kernel level this CPU has, best first.
var isaNames = [...]string{isaGeneric: "generic", isaAVX2: "avx2", isaAVX512: "avx512"}

func withKernel(t *testing.T, f func(t *testing.T)) {
	for level := hasISA; level >= isaGeneric; level-- {
		t.Run(isaNames[level], func(t *testing.T) {
			defer setISA(level)()
			f(t)
		})
	}
}

func TestSgemm(t *testing.T) {
	withKernel(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		// Edge tiles of both register tiles (6×16, 14×32), several kc blocks, and
		// more rows and columns than one cache block (mc 168, nc 512).
		shapes := [][3]int{{1, 1, 1}, {6, 16, 1}, {7, 17, 3}, {5, 3, 0}, {13, 40, 300}, {100, 33, 257}, {97, 530, 20}, {2, 600, 9},
			{14, 32, 1}, {15, 33, 2}, {29, 65, 513}, {200, 1030, 40}}
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
					want := naiveSgemm(tr[0], tr[1], m, n, k, ab[0], a, lda, b, ldb, ab[1], c, ldc)
					if ab[1] == 0 { // beta 0 overwrites C: its NaNs do not propagate
						for i := 0; i < m; i++ {
							for j := 0; j < n; j++ {
								c[i*ldc+j] = float32(math.NaN())
							}
						}
					}
					Sgemm(tr[0], tr[1], m, n, k, ab[0], a, lda, b, ldb, ab[1], c, ldc)
					for i := 0; i < m; i++ {
						for j := 0; j < ldc; j++ {
							got := c[i*ldc+j]
							if j >= n {
								if got != guard {
									t.Fatalf("%s: guard overwritten at (%d,%d)", name, i, j)
								}
								continue
							}
							w := want[i*n+j]
							if tol := 1e-4 * (1 + math.Abs(w)) * math.Sqrt(float64(k+1)); !(math.Abs(w-float64(got)) <= tol) {
								t.Fatalf("%s at (%d,%d): got %v, want %v ± %v", name, i, j, got, w, tol)
							}
						}
					}
				}
			}
		}
	})
}

func BenchmarkSgemm(b *testing.B) {
	for _, s := range [][3]int{{256, 256, 256}, {6400, 50, 500}, {100, 500, 800}, {64, 1024, 576}, {576, 1024, 64}, {64, 576, 1024}} {
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

// BenchmarkSgemmISA times square products with each micro-kernel level ("MB/s" reads
// as MFLOP/s).
func BenchmarkSgemmISA(b *testing.B) {
	for _, n := range []int{256, 1024} {
		rng := rand.New(rand.NewPCG(1, 2))
		a, bb, c := randSlice(rng, n*n), randSlice(rng, n*n), make([]float32, n*n)
		for level := hasISA; level >= isaAVX2; level-- {
			b.Run(fmt.Sprintf("%s/%d", isaNames[level], n), func(b *testing.B) {
				defer setISA(level)()
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				b.SetBytes(int64(2 * n * n * n))
				t0 := threadCPU()
				for b.Loop() {
					Sgemm(false, false, n, n, n, 1, a, n, bb, n, 0, c, n)
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
