//go:build !amd64 || purego

package kernels

const useAVX2 = false

func kernel6x16(k int, a, b, c []float32, ldc int) { kernel6x16Generic(k, a, b, c, ldc) }
