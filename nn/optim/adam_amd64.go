//go:build amd64 && !purego

package optim

import "golang.org/x/sys/cpu"

// hasAVX reports whether adamAVX can run (x/sys/cpu reports AVX only when the OS
// saves the ymm state). Tests switch it off to check the scalar loop.
var hasAVX = cpu.X86.HasAVX

// adamVector updates the first len(p) rounded down to a multiple of 8 elements with
// adamAVX and returns how many it did (0 without AVX).
func adamVector(p, g, m, v []float32, k *adamCoef) int {
	if !hasAVX {
		return 0
	}
	n := len(p) &^ 7
	if n == 0 {
		return 0
	}
	adamAVX(p[:n], g[:n], m[:n], v[:n], k)
	return n
}

// adamAVX is the Adam update without weight decay or AMSGrad, eight lanes at a
// time, for len(p) a multiple of 8 and g, m, v at least as long:
//
//	m = m·β₁ + (1−β₁)·g;  v = v·β₂ + ((1−β₂)·g)·g
//	p = p + (nStep·m) / (√v / bc2s + ε)
//
// every operation rounded to float32 (no fused multiply-add), as the scalar loop.
//
//go:noescape
func adamAVX(p, g, m, v []float32, k *adamCoef)
