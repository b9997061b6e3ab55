//go:build !amd64 || purego

package gemm

func setAVX2(bool) {}
