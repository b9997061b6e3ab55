//go:build amd64 && !purego

package kernels

import "golang.org/x/sys/cpu"

var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernel6x16 adds the product of a packed k×6 A panel and a packed k×16 B panel into
// the 6×16 block of c at row stride ldc; see kernel6x16Generic for the reference loop.
func kernel6x16(k int, a, b, c []float32, ldc int) {
	if useAVX2 {
		_ = a[k*mr-1]
		_ = b[k*nr-1]
		_ = c[5*ldc+nr-1]
		kernel6x16AVX2(k, &a[0], &b[0], &c[0], ldc)
		return
	}
	kernel6x16Generic(k, a, b, c, ldc)
}

//go:noescape
func kernel6x16AVX2(k int, a, b, c *float32, ldc int)
