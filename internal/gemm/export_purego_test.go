//go:build !amd64 || purego

package gemm

func setISA(int) (restore func()) { return func() {} }
