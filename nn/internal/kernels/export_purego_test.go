//go:build !amd64 || purego

package kernels

func setISA(int) (restore func()) { return func() {} }
