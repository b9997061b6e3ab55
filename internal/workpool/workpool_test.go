package workpool

import (
	"context"
	"errors"
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

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ran atomic.Int32
	err := Run(ctx, 10, 2, func(ctx context.Context, i int) error { ran.Add(1); return nil })
	assert.NoError(t, err, "Run reports task errors; the caller checks ctx")
	assert.Zero(t, ran.Load())
}

func TestPanicPropagates(t *testing.T) {
	assert.PanicsWithValue(t, "bad", func() {
		_ = Run(context.Background(), 20, 3, func(ctx context.Context, i int) error {
			if i == 5 {
				panic("bad")
			}
			return nil
		})
	})
}
