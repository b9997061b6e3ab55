// Package kernels holds skgo's float32 compute kernels: single-threaded, no checks
// beyond what memory safety needs (callers guarantee lengths), no goroutines.
// Parallelism is the caller's business (nn/tensor with nn/internal/parallel).
//
// Each kernel has a pure-Go body in an untagged *_generic.go file. On amd64 with
// AVX2 and FMA (detected at start-up with golang.org/x/sys/cpu) the hot inner loops
// run hand-written assembly in *_amd64.s; build with -tags purego to use the Go code
// everywhere. Tests compare the two on guarded buffers.
package kernels

//go:generate go run ../../../internal/kernelgen -type float32 -dir .
