//go:build !amd64 || purego

package gemm

const useAVX2 = false

func kernel6x8(k int, a, b, c []float64, ldc int) { kernel6x8Generic(k, a, b, c, ldc) }
