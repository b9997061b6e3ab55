// Package parallel is the only place under nn/ that starts goroutines.
//
// For splits [0, n) into chunks whose boundaries depend only on n and grain, never on
// GOMAXPROCS, and hands each chunk to exactly one call of body. Kernels give every
// output element one owner and combine per-chunk partial results in chunk order, so
// their results are bit-identical across runs and core counts.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls body on consecutive chunks [lo, hi) of [0, n), each holding at most grain
// elements, using up to GOMAXPROCS goroutines. It returns when every chunk is done. A
// grain < 1 is treated as 1. Panics in body are re-raised in the caller's goroutine.
func For(n, grain int, body func(lo, hi int)) {
	if n <= 0 {
		return
	}
	grain = max(grain, 1)
	chunks := (n + grain - 1) / grain
	workers := min(runtime.GOMAXPROCS(0), chunks)
	if workers <= 1 {
		for lo := 0; lo < n; lo += grain {
			body(lo, min(lo+grain, n))
		}
		return
	}
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		panicked atomic.Value
	)
	work := func() {
		defer func() {
			if p := recover(); p != nil {
				panicked.CompareAndSwap(nil, panicBox{p})
				next.Store(int64(chunks)) // stop handing out work
			}
		}()
		for c := int(next.Add(1)) - 1; c < chunks; c = int(next.Add(1)) - 1 {
			lo := c * grain
			body(lo, min(lo+grain, n))
		}
	}
	wg.Add(workers - 1)
	for range workers - 1 {
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work() // the caller's goroutine works too
	wg.Wait()
	if p := panicked.Load(); p != nil {
		panic(p.(panicBox).v)
	}
}

type panicBox struct{ v any }

// Chunks returns the number of chunks For(n, grain, ...) uses.
func Chunks(n, grain int) int {
	if n <= 0 {
		return 0
	}
	grain = max(grain, 1)
	return (n + grain - 1) / grain
}
