package parallel

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunAll(t *testing.T) {
	for _, w := range []int{0, 1, 2, 8, 100} {
		seen := make([]atomic.Int32, 50)
		require.NoError(t, Run(context.Background(), 50, w, func(ctx context.Context, i int) error {
			seen[i].Add(1)
			return nil
		}))
		for i := range seen {
			assert.EqualValues(t, 1, seen[i].Load(), "task %d with %d workers", i, w)
		}
	}
	assert.NoError(t, Run(context.Background(), 0, 2, nil))
}

func TestFirstErrorCancelsOthers(t *testing.T) {
	boom := errors.New("boom")
	start := time.Now()
	var started atomic.Int32
	err := Run(context.Background(), 100, 4, func(ctx context.Context, i int) error {
		started.Add(1)
		if i == 2 {
			return boom
		}
		select { // slow tasks watch ctx
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Second):
			return nil
		}
	})
	assert.ErrorIs(t, err, boom)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Less(t, started.Load(), int32(100), "no new tasks start after the error")
}

func TestSequentialStopsAtError(t *testing.T) {
	var ran atomic.Int32
	err := Run(context.Background(), 10, 1, func(ctx context.Context, i int) error {
		ran.Add(1)
		if i == 3 {
			return errors.New("stop")
		}
		return nil
	})
	assert.Error(t, err)
	assert.EqualValues(t, 4, ran.Load())
}

func TestPanicBecomesError(t *testing.T) {
	for _, w := range []int{1, 2, 4} {
		err := Run(context.Background(), 20, w, func(ctx context.Context, i int) error {
			if i == 7 {
				var m map[string]int
				m["x"] = 1 // a runtime panic
			}
			return nil
		})
		var pe *PanicError
		require.ErrorAs(t, err, &pe, "workers %d", w)
		assert.Contains(t, string(pe.Stack), "parallel_test.go")
		assert.Contains(t, err.Error(), "nil map")
	}
	err := Do(context.Background(), func(context.Context) error { return nil }, func(context.Context) error { panic("branch") })
	var pe *PanicError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "branch", pe.Value)
	err = Chunks(100, 7, func(c, lo, hi int) {
		if c == 3 {
			panic(fmt.Sprintf("chunk %d", c))
		}
	})
	require.ErrorAs(t, err, &pe)
}

func TestChunksBoundaries(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 100} {
		cover := make([]atomic.Int32, n)
		var calls atomic.Int32
		require.NoError(t, Chunks(n, 8, func(c, lo, hi int) {
			calls.Add(1)
			assert.Equal(t, c*8, lo)
			assert.Equal(t, min(lo+8, n), hi)
			for i := lo; i < hi; i++ {
				cover[i].Add(1)
			}
		}))
		assert.EqualValues(t, NumChunks(n, 8), calls.Load())
		for i := range cover {
			assert.EqualValues(t, 1, cover[i].Load())
		}
	}
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, w := range []int{1, 3} {
		err := Run(ctx, 10, w, func(ctx context.Context, i int) error { return nil })
		assert.ErrorIs(t, err, context.Canceled)
	}
}

func TestRunAssisted(t *testing.T) {
	for _, w := range []int{0, 1, 2, 8} {
		for _, n := range []int{0, 1, 3, 100} {
			seen := make([]atomic.Int32, n)
			require.NoError(t, RunAssisted(context.Background(), n, w, func(ctx context.Context, i int) error {
				seen[i].Add(1)
				time.Sleep(time.Microsecond)
				return nil
			}))
			for i := range seen {
				assert.EqualValues(t, 1, seen[i].Load())
			}
		}
	}
	boom := errors.New("boom")
	err := RunAssisted(context.Background(), 50, 4, func(ctx context.Context, i int) error {
		if i == 10 {
			return boom
		}
		return nil
	})
	assert.ErrorIs(t, err, boom)
	var pe *PanicError
	err = RunAssisted(context.Background(), 50, 4, func(ctx context.Context, i int) error {
		if i == 30 {
			panic("assisted")
		}
		time.Sleep(10 * time.Microsecond)
		return nil
	})
	require.ErrorAs(t, err, &pe)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, RunAssisted(ctx, 5, 2, func(context.Context, int) error { return nil }), context.Canceled)
}
