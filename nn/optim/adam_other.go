//go:build !amd64 || purego

package optim

// hasAVX is false without assembly.
var hasAVX = false

// adamVector does nothing without assembly: the scalar loop updates everything.
func adamVector(p, g, m, v []float32, k *adamCoef) int { return 0 }
