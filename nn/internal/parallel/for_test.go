package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestForCoversEachIndexOnce(t *testing.T) {
	for _, tc := range []struct{ n, grain, procs int }{
		{0, 4, 2}, {1, 4, 2}, {10, 3, 1}, {10, 3, 2}, {1000, 7, 4}, {5, 0, 2}, {64, 64, 8},
	} {
		prev := runtime.GOMAXPROCS(tc.procs)
		seen := make([]int32, tc.n)
		var calls atomic.Int32
		For(tc.n, tc.grain, func(lo, hi int) {
			calls.Add(1)
			assert.LessOrEqual(t, hi-lo, max(tc.grain, 1))
			for i := lo; i < hi; i++ {
				atomic.AddInt32(&seen[i], 1)
			}
		})
		runtime.GOMAXPROCS(prev)
		for i, s := range seen {
			require.EqualValues(t, 1, s, "index %d of n=%d grain=%d", i, tc.n, tc.grain)
		}
		assert.EqualValues(t, Chunks(tc.n, tc.grain), calls.Load())
	}
}

func TestForChunksIndependentOfProcs(t *testing.T) {
	bounds := func(procs int) map[[2]int]bool {
		prev := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(prev)
		out := make(chan [2]int, 100)
		For(95, 10, func(lo, hi int) { out <- [2]int{lo, hi} })
		close(out)
		m := map[[2]int]bool{}
		for b := range out {
			m[b] = true
		}
		return m
	}
	assert.Equal(t, bounds(1), bounds(4))
}

func TestForPropagatesPanic(t *testing.T) {
	prev := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(prev)
	assert.PanicsWithValue(t, "boom", func() {
		For(100, 1, func(lo, hi int) {
			if lo == 50 {
				panic("boom")
			}
		})
	})
}
