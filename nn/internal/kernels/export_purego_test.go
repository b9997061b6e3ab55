//go:build !amd64 || purego

package kernels

func setAVX2(bool) {}
