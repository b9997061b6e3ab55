// Package workpool runs indexed tasks on a fixed set of goroutines: the engine of
// crossval's folds and tuning's candidates × folds.
//
// Unlike a goroutine per task (errgroup.Go), workers pull task indices from an
// atomic counter and the caller's goroutine works too, so a run of many short tasks
// (Boston-sized folds take tens of microseconds) costs no per-task goroutine start or
// wake-up. Tasks start in index order; results are the caller's to store by index,
// so they do not depend on the number of workers.
package workpool

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Run calls task(ctx, i) for i in [0, n) on up to workers goroutines (0 means
// GOMAXPROCS), including the caller's. The ctx given to tasks is cancelled when a task
// returns an error; Run then starts no new task and returns the first error returned
// (by time). A task panic is re-raised in the caller's goroutine after the others stop.
func Run(ctx context.Context, n, workers int, task func(ctx context.Context, i int) error) error {
	if n <= 0 {
		return nil
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64
		once     sync.Once
		firstErr error
		panicked atomic.Value
	)
	work := func() {
		defer func() {
			if p := recover(); p != nil {
				panicked.CompareAndSwap(nil, panicBox{p})
				cancel()
			}
		}()
		for ctx.Err() == nil {
			i := int(next.Add(1)) - 1
			if i >= n {
				return
			}
			if err := task(ctx, i); err != nil {
				once.Do(func() {
					firstErr = err
					cancel()
				})
				return
			}
		}
	}
	var wg sync.WaitGroup
	wg.Add(workers - 1)
	for range workers - 1 {
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()
	if p := panicked.Load(); p != nil {
		panic(p.(panicBox).v)
	}
	return firstErr
}

type panicBox struct{ v any }
