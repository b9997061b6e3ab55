// Package parallel is the one place outside nn/ that starts goroutines. Everything
// in skgo that runs work concurrently (cross-validation folds, search candidates ×
// folds, FeatureUnion and ColumnTransformer branches, the row chunks of the linear
// and polynomial kernels) goes through it, so three guarantees hold everywhere:
//
//   - A panic in a worker never kills the program. It is recovered, the other workers
//     stop taking work, and the caller gets a *PanicError carrying the value and the
//     worker's stack. (A panic on a goroutine the library started cannot be caught by
//     the caller's recover, an HTTP server's middleware included.)
//   - The first error cancels the rest: Run and For cancel the ctx they hand to tasks
//     and start no new task.
//   - Results do not depend on the number of workers: tasks are identified by index
//     and Chunks' boundaries depend only on n and grain, so callers that write results
//     by index (and reduce partial results in chunk order) get identical output for
//     any GOMAXPROCS and any Workers setting.
//
// Workers pull task indices from an atomic counter and the caller's goroutine works
// too, so a run of many short tasks (Boston-sized folds take tens of microseconds)
// costs no goroutine start per task.
//
// nn/internal/parallel keeps its own For: the tensor core must not import packages
// outside nn/ (DESIGN b.1's import rule), and its kernels are pure arithmetic over
// slices whose bounds the tensor layer has checked, so a panic there is a bug in skgo
// that the nn estimators' Fit boundary converts into an error.
package parallel

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// PanicError is returned in place of a panic that happened in a worker.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the stack of the panicking goroutine
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("panic in a worker: %v\n%s", e.Value, e.Stack)
}

// Unwrap returns the panic value when it is an error (a runtime.Error, say).
func (e *PanicError) Unwrap() error {
	if err, ok := e.Value.(error); ok {
		return err
	}
	return nil
}

// Workers returns w, or GOMAXPROCS when w <= 0.
func Workers(w int) int {
	if w <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return w
}

// Protect calls f and converts a panic in it into a *PanicError.
func Protect(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &PanicError{Value: p, Stack: debug.Stack()}
		}
	}()
	return f()
}

// Run calls task(ctx, i) for i in [0, n) on up to workers goroutines (0 means
// GOMAXPROCS), the caller's included. Tasks start in index order. The ctx given to tasks
// is cancelled when a task fails; Run then starts no new task and returns the first
// error (by time), or a *PanicError if a task panicked. When ctx is done before every
// task has started, Run returns ctx.Err().
func Run(ctx context.Context, n, workers int, task func(ctx context.Context, i int) error) error {
	if n <= 0 {
		return nil
	}
	if workers = min(Workers(workers), n); workers == 1 { // no pool, no derived ctx
		return Protect(func() error {
			for i := 0; i < n; i++ {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := task(ctx, i); err != nil {
					return err
				}
			}
			return nil
		})
	}
	p := newPool(ctx, n, task)
	defer p.cancel()
	var wg sync.WaitGroup
	p.spawn(&wg, workers-1)
	p.work()
	wg.Wait()
	return p.result()
}

// RunAssisted is Run for runs of tasks that are often tiny (the folds of a Boston-sized
// cross-validation take microseconds): the caller's goroutine starts on the tasks at
// once, and the other workers are requested through a timer callback. When the caller
// has taken every task before the runtime ran the callback, the callback is cancelled:
// such a run starts no goroutine and never waits for one to be scheduled. Otherwise
// the helpers join the same task counter. Errors, cancellation and panics behave as
// in Run.
func RunAssisted(ctx context.Context, n, workers int, task func(ctx context.Context, i int) error) error {
	if n <= 0 {
		return nil
	}
	p := newPool(ctx, n, task)
	defer p.cancel()
	var wg sync.WaitGroup
	var timer *time.Timer
	if helpers := min(Workers(workers), n) - 1; helpers > 0 {
		wg.Add(1)
		timer = time.AfterFunc(0, func() {
			defer wg.Done()
			if p.started() < n && p.ctx.Err() == nil {
				p.spawn(&wg, helpers-1)
				p.work() // the callback's goroutine is the first helper
			}
		})
	}
	p.work()
	if timer != nil && timer.Stop() {
		wg.Done() // the callback never ran: no helper was needed
	}
	wg.Wait()
	return p.result()
}

// pool is the shared state of one Run: a task counter that workers pull from, and the
// first failure, which cancels the rest.
type pool struct {
	n      int
	task   func(ctx context.Context, i int) error
	ctx    context.Context
	cancel context.CancelFunc
	next   atomic.Int64
	once   sync.Once
	err    error
}

func newPool(ctx context.Context, n int, task func(ctx context.Context, i int) error) *pool {
	p := &pool{n: n, task: task}
	p.ctx, p.cancel = context.WithCancel(ctx)
	return p
}

func (p *pool) started() int { return int(p.next.Load()) }

// spawn starts k more workers, counted in wg.
func (p *pool) spawn(wg *sync.WaitGroup, k int) {
	if k <= 0 {
		return
	}
	wg.Add(k)
	for range k {
		go func() {
			defer wg.Done()
			p.work()
		}()
	}
}

// work takes tasks until none is left or the run fails; a panic ends the worker and
// fails the run.
func (p *pool) work() {
	if err := Protect(func() error {
		for p.ctx.Err() == nil {
			i := int(p.next.Add(1)) - 1
			if i >= p.n {
				return nil
			}
			if err := p.task(p.ctx, i); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		p.once.Do(func() {
			p.err = err
			p.cancel()
		})
	}
}

// result is the first failure, or the ctx's error if some task never started.
func (p *pool) result() error {
	if p.err != nil {
		return p.err
	}
	if p.started() < p.n {
		return p.ctx.Err()
	}
	return nil
}

// Do runs the functions concurrently (one goroutine each, the caller's for the
// first) and returns the first error or panic, as Run does. Use it for a handful of
// heterogeneous branches (FeatureUnion, ColumnTransformer).
func Do(ctx context.Context, fns ...func(ctx context.Context) error) error {
	return Run(ctx, len(fns), len(fns), func(ctx context.Context, i int) error { return fns[i](ctx) })
}

// NumChunks returns the number of chunks Chunks uses for n items of at most grain
// each: ceil(n/grain), and 0 when n <= 0.
func NumChunks(n, grain int) int {
	if n <= 0 {
		return 0
	}
	grain = max(grain, 1)
	return (n + grain - 1) / grain
}

// Chunks calls body(c, lo, hi) for the chunks c = 0, 1, … of [0, n), each of at most
// grain items ([lo, hi) = [c·grain, min((c+1)·grain, n))), on up to GOMAXPROCS
// goroutines. The boundaries depend only on n and grain, so a reduction that writes
// partial results by c and combines them in chunk order is reproducible on any
// machine. It returns a *PanicError if body panicked (the other chunks still finish
// or are skipped), and nil otherwise.
func Chunks(n, grain int, body func(c, lo, hi int)) error {
	chunks := NumChunks(n, grain)
	if chunks == 0 {
		return nil
	}
	if chunks == 1 { // the common case for small data: no pool at all
		return Protect(func() error { body(0, 0, n); return nil })
	}
	grain = max(grain, 1)
	return Run(context.Background(), chunks, 0, func(_ context.Context, c int) error {
		lo := c * grain
		body(c, lo, min(lo+grain, n))
		return nil
	})
}
