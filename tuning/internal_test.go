package tuning

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/skgo/skgo/crossval"
)

func TestFloorLog(t *testing.T) {
	for _, tc := range []struct{ n, b, want int }{
		{1, 3, 0}, {2, 3, 0}, {3, 3, 1}, {8, 3, 1}, {9, 3, 2}, {26, 3, 2}, {27, 3, 3}, {243, 3, 5},
		{1, 2, 0}, {1024, 2, 10}, {1023, 2, 9}, {math.MaxInt, 2, 62},
	} {
		assert.Equal(t, tc.want, floorLog(tc.n, tc.b), "floorLog(%d, %d)", tc.n, tc.b)
	}
}

func TestTopK(t *testing.T) {
	mk := func(v float64) Result { return Result{TestScores: map[string][]float64{"s": {v}}} }
	res := []Result{mk(0.5), mk(math.NaN()), mk(0.9), mk(0.1), mk(0.9)}
	assert.Equal(t, []int{2, 4}, topK(res, "s", 2))
	assert.Equal(t, []int{0, 2, 4}, topK(res, "s", 3))
	assert.Equal(t, []int{1, 3, 0, 2, 4}, topK(res, "s", 9), "failed candidates rank last")
}

func TestSubsampleFolds(t *testing.T) {
	folds := []crossval.Fold{{Train: []int{0, 1, 2, 3, 4, 5, 6, 7}, Test: []int{8, 9, 10, 11}}}
	got := subsampleFolds(folds, 0.5, 1)
	assert.Len(t, got[0].Train, 4)
	assert.Len(t, got[0].Test, 2)
	assert.True(t, slices.IsSorted(got[0].Train))
	for _, r := range got[0].Train {
		assert.Less(t, r, 8)
	}
	assert.Equal(t, got, subsampleFolds(folds, 0.5, 1), "seeded")
	assert.Equal(t, folds, subsampleFolds(folds, 1, 1))
}

func TestRanks(t *testing.T) {
	mk := func(v float64) Result {
		return Result{TestScores: map[string][]float64{"s": {v}}, refit: "s"}
	}
	rs := []Result{mk(0.5), mk(math.NaN()), mk(0.9), mk(0.5), mk(0.1)}
	rankResults(rs, []string{"s"})
	var got []int
	for _, r := range rs {
		got = append(got, r.Rank)
	}
	assert.Equal(t, []int{2, 5, 1, 2, 4}, got)
	all := []Result{mk(math.NaN()), mk(math.NaN())}
	rankResults(all, []string{"s"})
	assert.Equal(t, 1, all[1].Rank)
}
