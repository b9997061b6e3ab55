//go:build amd64 && !purego

package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWideKernelGuarded runs the AVX-512 micro-kernel on a tile inside a larger,
// guarded buffer: the tile gets the naive sums added, nothing around it is written.
func TestWideKernelGuarded(t *testing.T) {
	if hasISA < isaAVX512 {
		t.Skip("no AVX-512F")
	}
	const mr, nr = 14, 16
	rng := rand.New(rand.NewPCG(5, 6))
	for _, k := range []int{1, 2, 7, 256} {
		ldc := nr + 3
		a, b := make([]float64, k*mr), make([]float64, k*nr)
		for i := range a {
			a[i] = float64(rng.NormFloat64())
		}
		for i := range b {
			b[i] = float64(rng.NormFloat64())
		}
		buf := make([]float64, (mr+2)*ldc) // a guard row above and below, guard columns at the right
		for i := range buf {
			buf[i] = guard
		}
		off := ldc
		for i := 0; i < mr; i++ {
			for j := 0; j < nr; j++ {
				buf[off+i*ldc+j] = float64(i - j)
			}
		}
		kernel14x16(k, a, b, buf[off:], ldc, false)
		for r := 0; r < mr+2; r++ {
			for j := 0; j < ldc; j++ {
				got := buf[r*ldc+j]
				i := r - 1
				if i < 0 || i >= mr || j >= nr {
					require.Equal(t, float64(guard), got, "k=%d: guard at (%d,%d) overwritten", k, r, j)
					continue
				}
				want := float64(i - j)
				for p := 0; p < k; p++ {
					want += float64(a[p*mr+i]) * float64(b[p*nr+j])
				}
				require.InDelta(t, want, float64(got), 1e-5*math.Sqrt(float64(k))*(1+math.Abs(want)), "k=%d at (%d,%d)", k, i, j)
			}
		}
	}
}

// TestISAsAgree checks that the AVX2 and AVX-512 paths give the same bits: both sum
// every element with fused multiply-adds in step order, per block of kc steps.
func TestISAsAgree(t *testing.T) {
	if hasISA < isaAVX512 {
		t.Skip("no AVX-512F")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for _, s := range [][3]int{{1, 1, 1}, {14, 32, 300}, {37, 91, 600}, {200, 530, 257}} {
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			m, n, k := s[0], s[1], s[2]
			lda, ldb := k, n
			if tr[0] {
				lda = m
			}
			if tr[1] {
				ldb = k
			}
			a, b := make([]float64, m*k), make([]float64, k*n)
			for i := range a {
				a[i] = float64(rng.NormFloat64())
			}
			for i := range b {
				b[i] = float64(rng.NormFloat64())
			}
			c0 := make([]float64, m*n)
			for i := range c0 {
				c0[i] = float64(rng.NormFloat64())
			}
			run := func(level int) []float64 {
				defer setISA(level)()
				c := append([]float64(nil), c0...)
				Dgemm(tr[0], tr[1], m, n, k, 0.75, a, lda, b, ldb, -0.5, c, n)
				return c
			}
			want, got := run(isaAVX2), run(isaAVX512)
			for i := range want {
				if math.Float64bits(float64(want[i])) != math.Float64bits(float64(got[i])) {
					t.Fatalf("%v %v: element %d: AVX2 %v, AVX-512 %v", s, tr, i, want[i], got[i])
				}
			}
		}
	}
}

// BenchmarkMicroKernel times each register tile on operands in L1 (k = 256): the
// ceiling of the blocked product.
func BenchmarkMicroKernel(b *testing.B) {
	for _, mk := range []*microKernel{&baseKernel, &wideKernel} {
		b.Run(fmt.Sprintf("%dx%d", mk.mr, mk.nr), func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			const k = 256
			a, bb, c := make([]float64, k*mk.mr), make([]float64, k*mk.nr), make([]float64, mk.mr*mk.nr)
			t0 := threadCPU()
			for b.Loop() {
				mk.run(k, a, bb, c, mk.nr, false)
			}
			b.ReportMetric(float64(2*k*mk.mr*mk.nr)*float64(b.N)/(threadCPU()-t0)/1e9, "GFLOP/cpu-s")
		})
	}
}
