//go:build amd64 && !purego

package gemm

import "golang.org/x/sys/cpu"

var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernel6x8 adds the product of a packed k×6 A panel and a packed k×8 B panel into
// the 6×8 block of c at row stride ldc; see kernel6x8Generic for the reference loop.
func kernel6x8(k int, a, b, c []float64, ldc int) {
	if useAVX2 {
		_ = a[k*mr-1]
		_ = b[k*nr-1]
		_ = c[5*ldc+nr-1]
		kernel6x8AVX2(k, &a[0], &b[0], &c[0], ldc)
		return
	}
	kernel6x8Generic(k, a, b, c, ldc)
}

//go:noescape
func kernel6x8AVX2(k int, a, b, c *float64, ldc int)
