package crossval

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/testutil"
)

// The deterministic group splitters equal scikit-learn 1.2.1's folds exactly; the
// shuffled one has scikit-learn's group counts.
func TestGroupSplittersMatchScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/groups.json")
	for _, name := range []string{"small", "random", "skewed"} {
		var groups []int
		var y []float64
		g.Decode(name+"/groups", &groups)
		g.Decode(name+"/y", &y)
		n := len(y)
		got, err := LeaveOneGroupOut{Groups: groups}.Split(n, y)
		require.NoError(t, err)
		requireSameFolds(t, goldenFolds(t, g, "logo/"+name), got)
		for p := 1; p <= 3; p++ {
			key := fmt.Sprintf("lpgo%d/%s", p, name)
			if !g.Has(key) {
				continue
			}
			got, err := LeavePGroupsOut{P: p, Groups: groups}.Split(n, y)
			require.NoError(t, err)
			requireSameFolds(t, goldenFolds(t, g, key), got)
		}
		for k := 2; k <= 4; k++ {
			got, err := StratifiedGroupKFold{K: k, Groups: groups}.Split(n, y)
			require.NoError(t, err, "%s k=%d", name, k)
			requireSameFolds(t, goldenFolds(t, g, fmt.Sprintf("sgkf%d/%s", k, name)), got)
		}
		var sizes [][2]int
		g.Decode("gss_group_sizes/"+name, &sizes)
		for i, ts := range []float64{0.2, 0.5, 2} {
			folds, err := GroupShuffleSplit{NSplits: 3, TestSize: ts, Seed: 7, Groups: groups}.Split(n, y)
			require.NoError(t, err)
			for _, f := range folds {
				require.Equal(t, sizes[i], [2]int{countGroups(groups, f.Train), countGroups(groups, f.Test)}, "%s test size %v", name, ts)
				require.True(t, slices.IsSorted(f.Train) && slices.IsSorted(f.Test))
				for _, r := range f.Test { // no group on both sides
					require.NotContains(t, pick(groups, f.Train), groups[r])
				}
			}
		}
	}
}

func countGroups(groups, rows []int) int {
	s := pick(groups, rows)
	slices.Sort(s)
	return len(slices.Compact(s))
}

func pick(groups, rows []int) []int {
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = groups[r]
	}
	return out
}

func TestGroupSplittersBadInput(t *testing.T) {
	var pe *estimator.ParamError
	_, err := LeaveOneGroupOut{}.Split(3, nil)
	require.True(t, errors.As(err, &pe))
	_, err = LeaveOneGroupOut{Groups: []int{1, 1, 1}}.Split(3, nil)
	require.True(t, errors.As(err, &pe), "one group")
	_, err = LeaveOneGroupOut{Groups: []int{1, 2}}.Split(3, nil)
	require.ErrorIs(t, err, estimator.ErrShape)
	_, err = LeavePGroupsOut{P: 2, Groups: []int{1, 2, 1}}.Split(3, nil)
	require.True(t, errors.As(err, &pe), "P = number of groups")
	_, err = LeavePGroupsOut{P: 0, Groups: []int{1, 2, 3}}.Split(3, nil)
	require.True(t, errors.As(err, &pe))
	many := make([]int, 2000)
	for i := range many {
		many[i] = i
	}
	_, err = LeavePGroupsOut{P: 5, Groups: many}.Split(len(many), nil)
	require.True(t, errors.As(err, &pe), "C(2000, 5) folds are refused before allocating")
	_, err = GroupShuffleSplit{Groups: []int{1, 2}, TestSize: 0.5}.Split(2, nil)
	require.NoError(t, err)
	_, err = GroupShuffleSplit{Groups: []int{1, 1}}.Split(2, nil)
	require.Error(t, err, "one group cannot be split")
	_, err = StratifiedGroupKFold{K: 2, Groups: []int{1, 2, 3, 4}}.Split(4, []float64{0, 1, 0.5, 1})
	require.ErrorIs(t, err, estimator.ErrInvalidData, "continuous y")
	_, err = StratifiedGroupKFold{K: 3, Groups: []int{1, 2, 3, 4}}.Split(4, []float64{0, 1, 0, 1})
	require.True(t, errors.As(err, &pe), "K above every class size")
	_, err = StratifiedGroupKFold{K: 3, Groups: []int{1, 1, 1, 1, 2, 2}}.Split(6, []float64{0, 1, 0, 1, 0, 1})
	require.ErrorIs(t, err, estimator.ErrInvalidData, "a fold without groups")
	f, err := StratifiedGroupKFold{K: 2, Shuffle: true, Seed: 3, Groups: []int{1, 1, 2, 2, 3, 3, 4, 4}}.Split(8, []float64{0, 1, 0, 1, 0, 1, 0, 1})
	require.NoError(t, err)
	require.Len(t, f, 2)
}
