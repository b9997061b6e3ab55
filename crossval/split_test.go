package crossval

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/testutil"
)

// goldenFolds decodes a list of [train, test] pairs.
func goldenFolds(t *testing.T, g *testutil.Goldens, key string) []Fold {
	t.Helper()
	var raw [][2][]int
	g.Decode(key, &raw)
	out := make([]Fold, len(raw))
	for i, r := range raw {
		out[i] = Fold{Train: r[0], Test: r[1]}
		if out[i].Train == nil {
			out[i].Train = []int{}
		}
	}
	return out
}

func requireSameFolds(t *testing.T, want, got []Fold) {
	t.Helper()
	require.Len(t, got, len(want), "number of folds")
	for i := range want {
		assert.Equal(t, want[i].Train, got[i].Train, "fold %d train", i)
		assert.Equal(t, want[i].Test, got[i].Test, "fold %d test", i)
	}
}

// Unshuffled splits must equal scikit-learn 1.2.1's exactly.
func TestSplitsMatchScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/sklearn.json")

	t.Run("KFold", func(t *testing.T) {
		for _, c := range []struct{ n, k int }{{10, 3}, {11, 4}, {5, 5}, {17, 5}} {
			key := fmt.Sprintf("kfold/n=%d,k=%d", c.n, c.k)
			got, err := KFold{K: c.k}.Split(c.n, nil)
			require.NoError(t, err, key)
			requireSameFolds(t, goldenFolds(t, g, key), got)
		}
		// K: 0 means 5.
		got, err := KFold{}.Split(17, nil)
		require.NoError(t, err)
		requireSameFolds(t, goldenFolds(t, g, "kfold/n=17,k=5"), got)
	})

	t.Run("StratifiedKFold", func(t *testing.T) {
		for _, name := range []string{"imbalanced", "first-appearance", "tiny-class", "negative"} {
			y := g.Floats("stratified/" + name + "/y")
			for _, k := range []int{2, 3, 4} {
				key := fmt.Sprintf("stratified/%s/k=%d", name, k)
				got, err := StratifiedKFold{K: k}.Split(len(y), y)
				require.NoError(t, err, key)
				requireSameFolds(t, goldenFolds(t, g, key), got)
			}
		}
	})

	t.Run("GroupKFold", func(t *testing.T) {
		for _, name := range []string{"ties", "unequal", "many-ties", "many-ties-2"} {
			groups := g.Ints("group/" + name + "/groups")
			for _, k := range []int{2, 3, 5} {
				key := fmt.Sprintf("group/%s/k=%d", name, k)
				got, err := GroupKFold{K: k, Groups: groups}.Split(len(groups), nil)
				require.NoError(t, err, key)
				requireSameFolds(t, goldenFolds(t, g, key), got)
			}
		}
	})

	t.Run("numpy argsort", func(t *testing.T) {
		var cases []struct{ A, Idx []int }
		g.Decode("argsort", &cases)
		require.NotEmpty(t, cases)
		for i, c := range cases {
			assert.Equal(t, c.Idx, argsortNumpy(c.A), "case %d (n=%d)", i, len(c.A))
		}
	})

	t.Run("numpy heapsort", func(t *testing.T) {
		var cases []struct{ A, Idx []int }
		g.Decode("argsort-heap", &cases)
		require.NotEmpty(t, cases)
		for i, c := range cases {
			idx := make([]int, len(c.A))
			for j := range idx {
				idx[j] = j
			}
			aheapsort(c.A, idx)
			assert.Equal(t, c.Idx, idx, "case %d (n=%d)", i, len(c.A))
		}
	})

	t.Run("TimeSeriesSplit", func(t *testing.T) {
		for _, c := range []struct {
			n   int
			key string
			s   TimeSeriesSplit
		}{
			{12, "n_splits=3", TimeSeriesSplit{NSplits: 3}},
			{12, "gap=2,n_splits=3,test_size=2", TimeSeriesSplit{NSplits: 3, TestSize: 2, Gap: 2}},
			{20, "max_train_size=5,n_splits=4", TimeSeriesSplit{NSplits: 4, MaxTrainSize: 5}},
			{23, "gap=1,max_train_size=7,n_splits=5,test_size=3", TimeSeriesSplit{NSplits: 5, MaxTrainSize: 7, TestSize: 3, Gap: 1}},
			{6, "n_splits=5", TimeSeriesSplit{}},
		} {
			key := fmt.Sprintf("timeseries/n=%d,%s", c.n, c.key)
			got, err := c.s.Split(c.n, nil)
			require.NoError(t, err, key)
			requireSameFolds(t, goldenFolds(t, g, key), got)
		}
	})

	t.Run("LeaveOneOut", func(t *testing.T) {
		got, err := LeaveOneOut{}.Split(4, nil)
		require.NoError(t, err)
		requireSameFolds(t, goldenFolds(t, g, "loo/n=4"), got)
	})

	t.Run("PredefinedSplit", func(t *testing.T) {
		tf := g.Ints("predefined/test_fold")
		got, err := PredefinedSplit{TestFold: tf}.Split(len(tf), nil)
		require.NoError(t, err)
		requireSameFolds(t, goldenFolds(t, g, "predefined/folds"), got)
	})

	t.Run("shuffle sizes", func(t *testing.T) {
		var cases []struct {
			N           int
			Test, Train *float64 // nil: unset
			Default     float64
			NTrain      int `json:"n_train"`
			NTest       int `json:"n_test"`
		}
		g.Decode("shuffle-sizes", &cases)
		require.NotEmpty(t, cases)
		for _, c := range cases {
			var test, train float64
			if c.Test != nil {
				test = *c.Test
			}
			if c.Train != nil {
				train = *c.Train
			}
			nTrain, nTest, err := shuffleSizes("test", c.N, test, train, c.Default)
			require.NoError(t, err, "%+v", c)
			assert.Equal(t, [2]int{c.NTrain, c.NTest}, [2]int{nTrain, nTest}, "n=%d test=%v train=%v", c.N, test, train)
		}
	})

	t.Run("learning curve sizes", func(t *testing.T) {
		var cases []struct {
			Fractions []float64
			NMax      int `json:"n_max"`
			Sizes     []int
		}
		g.Decode("learning-curve-sizes", &cases)
		require.NotEmpty(t, cases)
		for _, c := range cases {
			got, err := translateTrainSizes("test", c.Fractions, c.NMax)
			require.NoError(t, err)
			assert.Equal(t, c.Sizes, got, "fractions %v of %d", c.Fractions, c.NMax)
		}
		// The default fractions are numpy's linspace(0.1, 1.0, 5), bit for bit.
		assert.Equal(t, cases[0].Fractions, linspace(0.1, 1.0, 5))
		got, err := translateTrainSizes("test", nil, cases[0].NMax)
		require.NoError(t, err)
		assert.Equal(t, cases[0].Sizes, got)
	})
}

func TestSplitterErrors(t *testing.T) {
	y6 := []float64{0, 0, 0, 1, 1, 1}
	for _, c := range []struct {
		name string
		s    Splitter
		n    int
		y    []float64
		want error
		msg  string
	}{
		{"KFold K=1", KFold{K: 1}, 10, nil, estimator.ErrInvalidParam, "at least one train/test split"},
		{"KFold K<0", KFold{K: -3}, 10, nil, estimator.ErrInvalidParam, "must be >= 2"},
		{"KFold K>n", KFold{K: 11}, 10, nil, estimator.ErrInvalidParam, "number of samples n=10"},
		{"Stratified K>n", StratifiedKFold{K: 7}, 6, y6, estimator.ErrInvalidParam, "number of samples"},
		{"Stratified every class < K", StratifiedKFold{K: 4}, 6, y6, estimator.ErrInvalidParam, "number of members in each class"},
		{"Stratified nil y", StratifiedKFold{K: 2}, 6, nil, estimator.ErrShape, "0 labels for 6 rows"},
		{"Stratified continuous y", StratifiedKFold{K: 2}, 4, []float64{0.5, 1, 2, 3}, estimator.ErrInvalidData, "continuous"},
		{"Stratified NaN", StratifiedKFold{K: 2}, 4, []float64{0, 1, math.NaN(), 3}, estimator.ErrInvalidData, "NaN"},
		{"Group nil", GroupKFold{K: 2}, 4, nil, estimator.ErrInvalidParam, "Groups"},
		{"Group K>groups", GroupKFold{K: 3, Groups: []int{1, 1, 2, 2}}, 4, nil, estimator.ErrInvalidParam, "number of groups: 2"},
		{"Group length", GroupKFold{K: 2, Groups: []int{1, 2, 3}}, 4, nil, estimator.ErrShape, "3 labels for 4 rows"},
		{"TimeSeries NSplits=1", TimeSeriesSplit{NSplits: 1}, 10, nil, estimator.ErrInvalidParam, "NSplits"},
		{"TimeSeries too many", TimeSeriesSplit{NSplits: 4, TestSize: 3}, 12, nil, estimator.ErrInvalidParam, "too many splits"},
		{"TimeSeries folds>n", TimeSeriesSplit{NSplits: 5}, 5, nil, estimator.ErrInvalidParam, "cannot be greater"},
		{"TimeSeries negative gap", TimeSeriesSplit{Gap: -1}, 12, nil, estimator.ErrInvalidParam, "Gap"},
		{"LeaveOneOut n=1", LeaveOneOut{}, 1, nil, estimator.ErrInvalidParam, "fewer than 2"},
		{"Predefined length", PredefinedSplit{TestFold: []int{0, 1}}, 3, nil, estimator.ErrShape, "TestFold"},
		{"Predefined no fold", PredefinedSplit{TestFold: []int{-1, -1}}, 2, nil, estimator.ErrInvalidParam, "no test fold"},
		{"Predefined < -1", PredefinedSplit{TestFold: []int{-2, 0}}, 2, nil, estimator.ErrInvalidParam, "must be >= -1"},
		{"ShuffleSplit fraction > 1", ShuffleSplit{TestSize: 1.5}, 10, nil, estimator.ErrInvalidParam, "TestSize"},
		{"ShuffleSplit negative", ShuffleSplit{TestSize: -0.1}, 10, nil, estimator.ErrInvalidParam, "TestSize"},
		{"ShuffleSplit count = n", ShuffleSplit{TestSize: 10}, 10, nil, estimator.ErrInvalidParam, "TestSize"},
		{"ShuffleSplit sum > 1", ShuffleSplit{TestSize: 0.6, TrainSize: 0.5}, 10, nil, estimator.ErrInvalidParam, "should be in (0, 1]"},
		{"ShuffleSplit counts > n", ShuffleSplit{TestSize: 6, TrainSize: 5}, 10, nil, estimator.ErrInvalidParam, "exceeds"},
		{"ShuffleSplit NaN", ShuffleSplit{TrainSize: math.NaN()}, 10, nil, estimator.ErrInvalidParam, "TrainSize"},
		{"ShuffleSplit NSplits<0", ShuffleSplit{NSplits: -1}, 10, nil, estimator.ErrInvalidParam, "NSplits"},
		{"StratShuffle singleton class", StratifiedShuffleSplit{}, 5, []float64{0, 0, 1, 1, 2}, estimator.ErrInvalidData, "only 1 member"},
		{"StratShuffle test < classes", StratifiedShuffleSplit{TestSize: 2}, 9, []float64{0, 0, 0, 1, 1, 1, 2, 2, 2}, estimator.ErrInvalidParam, "number of classes"},
		{"RepeatedKFold NRepeats<0", RepeatedKFold{NRepeats: -1}, 10, nil, estimator.ErrInvalidParam, "NRepeats"},
		{"RepeatedStratified every class < K", RepeatedStratifiedKFold{K: 4}, 6, y6, estimator.ErrInvalidParam, "each class"},
	} {
		t.Run(c.name, func(t *testing.T) {
			folds, err := c.s.Split(c.n, c.y)
			require.Error(t, err)
			assert.Nil(t, folds)
			assert.ErrorIs(t, err, c.want)
			assert.Contains(t, err.Error(), c.msg)
			assert.True(t, strings.HasPrefix(err.Error(), "crossval."), "error %q lacks the package prefix", err)
		})
	}
}

func TestTrainTestSplitErrors(t *testing.T) {
	_, _, err := TrainTestSplit(10, []float64{0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, TrainTestOptions{NoShuffle: true, Stratify: true})
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	_, _, err = TrainTestSplit(10, nil, TrainTestOptions{TestSize: 1})
	assert.NoError(t, err)
	_, _, err = TrainTestSplit(10, nil, TrainTestOptions{TestSize: 2.5})
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	_, _, err = TrainTestSplit(10, nil, TrainTestOptions{Stratify: true})
	assert.ErrorIs(t, err, estimator.ErrShape)
	_, _, _, _, err = TrainTestSplitXy(nil, nil, TrainTestOptions{})
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	X, _ := regData(5)
	_, _, _, _, err = TrainTestSplitXy(X, []float64{1, 2}, TrainTestOptions{})
	assert.ErrorIs(t, err, estimator.ErrShape)
}

// checkPartition asserts folds' test sides partition [0, n) and that each train side
// is the complement of its test side.
func checkPartition(t *testing.T, folds []Fold, n int) {
	t.Helper()
	seen := make([]int, n)
	for i, f := range folds {
		assert.Len(t, f.Train, n-len(f.Test), "fold %d: train is not the complement of test", i)
		inTest := make(map[int]bool, len(f.Test))
		for _, r := range f.Test {
			seen[r]++
			inTest[r] = true
		}
		for _, r := range f.Train {
			assert.False(t, inTest[r], "fold %d: row %d on both sides", i, r)
		}
		assert.True(t, sort.IntsAreSorted(f.Train) && sort.IntsAreSorted(f.Test), "fold %d: indices not sorted", i)
	}
	for r, c := range seen {
		assert.Equal(t, 1, c, "row %d is in %d test folds", r, c)
	}
}

func foldSizes(folds []Fold) []int {
	out := make([]int, len(folds))
	for i, f := range folds {
		out[i] = len(f.Test)
	}
	return out
}

// classCounts returns, per fold, the count of each label in the test side.
func classCounts(folds []Fold, y []float64) []map[float64]int {
	out := make([]map[float64]int, len(folds))
	for i, f := range folds {
		out[i] = map[float64]int{}
		for _, r := range f.Test {
			out[i][y[r]]++
		}
	}
	return out
}

func TestShuffledSplitterProperties(t *testing.T) {
	y := []float64{3, 3, 1, 3, 2, 1, 3, 3, 2, 1, 3, 3, 3, 2, 1, 3, 1, 3, 3, 2, 3, 1, 3}
	n := len(y)

	t.Run("KFold", func(t *testing.T) {
		plain, err := KFold{K: 4}.Split(n, nil)
		require.NoError(t, err)
		a, err := KFold{K: 4, Shuffle: true, Seed: 1}.Split(n, nil)
		require.NoError(t, err)
		b, err := KFold{K: 4, Shuffle: true, Seed: 1}.Split(n, nil)
		require.NoError(t, err)
		c, err := KFold{K: 4, Shuffle: true, Seed: 2}.Split(n, nil)
		require.NoError(t, err)
		checkPartition(t, a, n)
		assert.Equal(t, foldSizes(plain), foldSizes(a), "shuffled fold sizes differ from unshuffled")
		assert.Equal(t, a, b, "same Seed must give the same folds")
		assert.NotEqual(t, a, c, "different Seeds should give different folds")
		assert.NotEqual(t, plain, a)
	})

	t.Run("StratifiedKFold", func(t *testing.T) {
		plain, err := StratifiedKFold{K: 3}.Split(n, y)
		require.NoError(t, err)
		a, err := StratifiedKFold{K: 3, Shuffle: true, Seed: 7}.Split(n, y)
		require.NoError(t, err)
		b, err := StratifiedKFold{K: 3, Shuffle: true, Seed: 7}.Split(n, y)
		require.NoError(t, err)
		c, err := StratifiedKFold{K: 3, Shuffle: true, Seed: 8}.Split(n, y)
		require.NoError(t, err)
		checkPartition(t, plain, n)
		checkPartition(t, a, n)
		assert.Equal(t, classCounts(plain, y), classCounts(a, y), "shuffling must keep per-fold class counts")
		assert.Equal(t, a, b)
		assert.NotEqual(t, a, c)
		// Stratification: per-fold count of each class is within one of count/K.
		total := map[float64]int{}
		for _, v := range y {
			total[v]++
		}
		for i, cc := range classCounts(a, y) {
			for cl, tot := range total {
				assert.InDelta(t, float64(tot)/3, float64(cc[cl]), 1, "fold %d class %v", i, cl)
			}
		}
	})

	t.Run("RepeatedKFold", func(t *testing.T) {
		folds, err := RepeatedKFold{K: 3, NRepeats: 4, Seed: 5}.Split(n, nil)
		require.NoError(t, err)
		require.Len(t, folds, 12)
		for r := range 4 {
			checkPartition(t, folds[3*r:3*r+3], n)
		}
		assert.NotEqual(t, folds[0:3], folds[3:6], "repeats should differ")
		again, err := RepeatedKFold{K: 3, NRepeats: 4, Seed: 5}.Split(n, nil)
		require.NoError(t, err)
		assert.Equal(t, folds, again)
		def, err := RepeatedKFold{}.Split(n, nil)
		require.NoError(t, err)
		assert.Len(t, def, 50)
	})

	t.Run("RepeatedStratifiedKFold", func(t *testing.T) {
		folds, err := RepeatedStratifiedKFold{K: 3, NRepeats: 2, Seed: 5}.Split(n, y)
		require.NoError(t, err)
		require.Len(t, folds, 6)
		plain, err := StratifiedKFold{K: 3}.Split(n, y)
		require.NoError(t, err)
		for r := range 2 {
			checkPartition(t, folds[3*r:3*r+3], n)
			assert.Equal(t, classCounts(plain, y), classCounts(folds[3*r:3*r+3], y))
		}
		assert.NotEqual(t, folds[0:3], folds[3:6])
	})

	t.Run("ShuffleSplit", func(t *testing.T) {
		a, err := ShuffleSplit{NSplits: 5, TestSize: 0.25, Seed: 3}.Split(n, nil)
		require.NoError(t, err)
		b, err := ShuffleSplit{NSplits: 5, TestSize: 0.25, Seed: 3}.Split(n, nil)
		require.NoError(t, err)
		c, err := ShuffleSplit{NSplits: 5, TestSize: 0.25, Seed: 4}.Split(n, nil)
		require.NoError(t, err)
		require.Len(t, a, 5)
		assert.Equal(t, a, b)
		assert.NotEqual(t, a, c)
		for i, f := range a {
			assert.Len(t, f.Test, 6, "ceil(0.25·23)")
			assert.Len(t, f.Train, 17)
			all := append(slices.Clone(f.Train), f.Test...)
			slices.Sort(all)
			assert.Equal(t, span(0, n), all, "fold %d is not a partition of the rows", i)
		}
		d, err := ShuffleSplit{TestSize: 5, TrainSize: 0.5}.Split(n, nil)
		require.NoError(t, err)
		require.Len(t, d, 10, "NSplits 0 means 10")
		assert.Len(t, d[0].Test, 5)
		assert.Len(t, d[0].Train, 11)
	})

	t.Run("StratifiedShuffleSplit", func(t *testing.T) {
		a, err := StratifiedShuffleSplit{NSplits: 6, TestSize: 0.3, Seed: 9}.Split(n, y)
		require.NoError(t, err)
		b, err := StratifiedShuffleSplit{NSplits: 6, TestSize: 0.3, Seed: 9}.Split(n, y)
		require.NoError(t, err)
		c, err := StratifiedShuffleSplit{NSplits: 6, TestSize: 0.3, Seed: 10}.Split(n, y)
		require.NoError(t, err)
		assert.Equal(t, a, b)
		assert.NotEqual(t, a, c)
		total := map[float64]int{}
		for _, v := range y {
			total[v]++
		}
		for i, f := range a {
			assert.Len(t, f.Test, 7, "ceil(0.3·23)")
			assert.Len(t, f.Train, 16)
			all := append(slices.Clone(f.Train), f.Test...)
			slices.Sort(all)
			assert.Equal(t, span(0, n), all, "split %d", i)
			tc := map[float64]int{}
			for _, r := range f.Test {
				tc[y[r]]++
			}
			for cl, tot := range total {
				assert.InDelta(t, float64(tot)*7/23, float64(tc[cl]), 1, "split %d class %v", i, cl)
			}
		}
	})

	t.Run("TrainTestSplit", func(t *testing.T) {
		tr, te, err := TrainTestSplit(n, nil, TrainTestOptions{NoShuffle: true})
		require.NoError(t, err)
		assert.Equal(t, span(0, 17), tr)
		assert.Equal(t, span(17, 23), te)

		tr, te, err = TrainTestSplit(n, y, TrainTestOptions{Stratify: true, TestSize: 0.5, Seed: 1})
		require.NoError(t, err)
		assert.Len(t, te, 12)
		assert.Len(t, tr, 11)
		tc := map[float64]int{}
		for _, r := range te {
			tc[y[r]]++
		}
		// sklearn's approximate mode: train [3 2 6] of classes [1 2 3], test the rest.
		assert.Equal(t, map[float64]int{1: 3, 2: 2, 3: 7}, tc)

		tr2, te2, err := TrainTestSplit(n, y, TrainTestOptions{Stratify: true, TestSize: 0.5, Seed: 1})
		require.NoError(t, err)
		assert.Equal(t, tr, tr2)
		assert.Equal(t, te, te2)
	})
}

func TestTrainTestSplitXyKeepsRowSelector(t *testing.T) {
	X, y := regData(12)
	Xtr, Xte, ytr, yte, err := TrainTestSplitXy(rowMatrix{X}, y, TrainTestOptions{TestSize: 4, Seed: 2})
	require.NoError(t, err)
	require.IsType(t, rowMatrix{}, Xtr)
	require.IsType(t, rowMatrix{}, Xte)
	r, _ := Xte.Dims()
	assert.Equal(t, 4, r)
	assert.Len(t, ytr, 8)
	assert.Len(t, yte, 4)
	// Rows line up with their targets: y is a function of the row index (x0 = i+1).
	_, _, err = TrainTestSplit(12, nil, TrainTestOptions{TestSize: 4, Seed: 2})
	require.NoError(t, err)
	for i := range 4 {
		row := int(Xte.At(i, 0)) - 1
		assert.Equal(t, y[row], yte[i])
	}
}
