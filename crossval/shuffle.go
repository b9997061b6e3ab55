package crossval

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/folds"
)

// Sizes of random splits (ShuffleSplit.TestSize, TrainTestOptions.TrainSize, ...) are
// float64 values read the way scikit-learn reads its int-or-float sizes:
//
//   - 0 means unset (the default or the complement of the other size),
//   - a value in (0, 1) is a fraction of the rows (test sizes round up, train sizes
//     round down, as in scikit-learn),
//   - a whole number >= 1 is a count of rows, which must be smaller than n.
//
// Anything else (negative, NaN, 1.5) is a *estimator.ParamError.
func resolveSize(typ, param string, v float64, n int) (count int, set bool, frac bool, err error) {
	switch {
	case v == 0:
		return 0, false, false, nil
	case v > 0 && v < 1:
		return 0, true, true, nil
	case v >= 1 && v == math.Trunc(v) && v < float64(n):
		return int(v), true, false, nil
	}
	return 0, false, false, fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: param, Value: v,
		Reason: fmt.Sprintf("must be a fraction in (0, 1) or a whole number of rows in [1, %d)", n)})
}

// shuffleSizes is scikit-learn's _validate_shuffle_split: it returns the number of
// train and test rows out of n.
func shuffleSizes(typ string, n int, testSize, trainSize, defaultTest float64) (nTrain, nTest int, err error) {
	if testSize == 0 && trainSize == 0 {
		testSize = defaultTest
	}
	nTest, testSet, testFrac, err := resolveSize(typ, "TestSize", testSize, n)
	if err != nil {
		return 0, 0, err
	}
	nTrain, trainSet, trainFrac, err := resolveSize(typ, "TrainSize", trainSize, n)
	if err != nil {
		return 0, 0, err
	}
	if testFrac && trainFrac && testSize+trainSize > 1 {
		return 0, 0, fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: "TrainSize", Value: trainSize,
			Reason: fmt.Sprintf("TestSize + TrainSize = %v should be in (0, 1]", testSize+trainSize)})
	}
	if testFrac {
		nTest = int(math.Ceil(testSize * float64(n)))
	}
	if trainFrac {
		nTrain = int(math.Floor(trainSize * float64(n)))
	}
	if !trainSet {
		nTrain = n - nTest
	} else if !testSet {
		nTest = n - nTrain
	}
	if nTrain+nTest > n {
		return 0, 0, fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: "TrainSize", Value: trainSize,
			Reason: fmt.Sprintf("train size %d + test size %d exceeds the number of samples %d", nTrain, nTest, n)})
	}
	if nTrain <= 0 || nTest <= 0 {
		return 0, 0, fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: "TestSize", Value: testSize,
			Reason: fmt.Sprintf("with n=%d, TestSize=%v and TrainSize=%v the train or test set is empty", n, testSize, trainSize)})
	}
	return nTrain, nTest, nil
}

// ShuffleSplit draws NSplits independent random train/test splits (scikit-learn:
// model_selection.ShuffleSplit). Sizes follow scikit-learn's rules (see TestSize), so
// fold sizes match scikit-learn's; the permutations come from math/rand/v2 PCG seeded
// with Seed and cannot match numpy's. Train and Test are in random order, as in
// scikit-learn. Test sets of different splits may overlap.
type ShuffleSplit struct {
	// NSplits is the number of splits; 0 means 10 (scikit-learn's default).
	NSplits int
	// TestSize is the test set size: a fraction in (0, 1) (rounded up), a whole number
	// of rows, or 0 for the complement of TrainSize (0.1 when both are 0).
	TestSize float64
	// TrainSize is the train set size: a fraction in (0, 1) (rounded down), a whole
	// number of rows, or 0 for the complement of the test set.
	TrainSize float64
	// Seed seeds the permutations; 0 is a valid fixed seed.
	Seed uint64
}

func nSplitsOrDefault(k int) int {
	if k == 0 {
		return 10
	}
	return k
}

func checkNSplits(typ string, k int) error {
	if k < 0 {
		return fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: "NSplits", Value: k, Reason: "must be > 0 (0 means 10)"})
	}
	return nil
}

// Validate reports whether NSplits is usable (sizes are checked against n by Split).
func (s ShuffleSplit) Validate() error { return checkNSplits("ShuffleSplit", s.NSplits) }

// Split returns NSplits random splits of n rows. It returns a *estimator.ParamError for
// unusable sizes. y is ignored.
func (s ShuffleSplit) Split(n int, _ []float64) ([]Fold, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := checkSize("ShuffleSplit", n, nSplitsOrDefault(s.NSplits), n); err != nil {
		return nil, err
	}
	nTrain, nTest, err := shuffleSizes("ShuffleSplit", n, s.TestSize, s.TrainSize, 0.1)
	if err != nil {
		return nil, err
	}
	rng := newRand(s.Seed)
	folds := make([]Fold, nSplitsOrDefault(s.NSplits))
	for i := range folds {
		folds[i] = shuffleOnce(n, nTrain, nTest, rng)
	}
	return folds, nil
}

func shuffleOnce(n, nTrain, nTest int, rng *rand.Rand) Fold {
	perm := rng.Perm(n)
	return Fold{
		Test:  slices.Clone(perm[:nTest]),
		Train: slices.Clone(perm[nTest : nTest+nTrain]),
	}
}

// StratifiedShuffleSplit is ShuffleSplit preserving the class proportions of y in every
// train and test set (scikit-learn: model_selection.StratifiedShuffleSplit). Per-class
// counts are scikit-learn's approximate mode of the multivariate hypergeometric
// distribution (ties broken at random), so they match scikit-learn's up to those ties;
// the rows drawn come from math/rand/v2 PCG seeded with Seed.
type StratifiedShuffleSplit struct {
	// NSplits is the number of splits; 0 means 10.
	NSplits int
	// TestSize is as in ShuffleSplit (0.1 when both sizes are 0).
	TestSize float64
	// TrainSize is as in ShuffleSplit.
	TrainSize float64
	// Seed seeds the draws; 0 is a valid fixed seed.
	Seed uint64
}

// Validate reports whether NSplits is usable.
func (s StratifiedShuffleSplit) Validate() error {
	return checkNSplits("StratifiedShuffleSplit", s.NSplits)
}

// Split returns NSplits stratified random splits of the n rows labelled y. Besides the
// errors of ShuffleSplit.Split and StratifiedKFold.Split's label checks, it returns a
// *estimator.ParamError when a class has a single member or when the train or test
// size is smaller than the number of classes.
func (s StratifiedShuffleSplit) Split(n int, y []float64) ([]Fold, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := checkSize("StratifiedShuffleSplit", n, nSplitsOrDefault(s.NSplits), n); err != nil {
		return nil, err
	}
	nTrain, nTest, err := shuffleSizes("StratifiedShuffleSplit", n, s.TestSize, s.TrainSize, 0.1)
	if err != nil {
		return nil, err
	}
	st, err := newStratShuffler("StratifiedShuffleSplit", n, y, nTrain, nTest)
	if err != nil {
		return nil, err
	}
	rng := newRand(s.Seed)
	folds := make([]Fold, nSplitsOrDefault(s.NSplits))
	for i := range folds {
		folds[i] = st.split(rng)
	}
	return folds, nil
}

type stratShuffler struct {
	nTrain, nTest int
	counts        []int   // per class, classes in ascending label order
	rows          [][]int // rows of each class, ascending
}

func newStratShuffler(typ string, n int, y []float64, nTrain, nTest int) (*stratShuffler, error) {
	enc, counts, err := encodeLabels(typ, n, y)
	if err != nil {
		return nil, err
	}
	// Re-encode in ascending label order (np.unique), which fixes the order in which
	// the random generator is consumed.
	labels := make([]float64, len(counts))
	for i, c := range enc {
		labels[c] = y[i]
	}
	order := make([]int, len(labels))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case labels[a] < labels[b]:
			return -1
		case labels[a] > labels[b]:
			return 1
		}
		return 0
	})
	rank := make([]int, len(order))
	for r, c := range order {
		rank[c] = r
	}
	st := &stratShuffler{nTrain: nTrain, nTest: nTest, counts: make([]int, len(counts)), rows: make([][]int, len(counts))}
	for c, cnt := range counts {
		st.counts[rank[c]] = cnt
	}
	for i, c := range enc {
		st.rows[rank[c]] = append(st.rows[rank[c]], i)
	}
	if slices.Min(st.counts) < 2 {
		return nil, fmt.Errorf("crossval.%s: the least populated class in y has only 1 member, which is too few; every class needs at least 2: %w",
			typ, estimator.ErrInvalidData)
	}
	if nTrain < len(counts) {
		return nil, fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: "TrainSize", Value: nTrain,
			Reason: fmt.Sprintf("the train size %d should be greater than or equal to the number of classes %d", nTrain, len(counts))})
	}
	if nTest < len(counts) {
		return nil, fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: "TestSize", Value: nTest,
			Reason: fmt.Sprintf("the test size %d should be greater than or equal to the number of classes %d", nTest, len(counts))})
	}
	return st, nil
}

func (st *stratShuffler) split(rng *rand.Rand) Fold {
	nI := approximateMode(st.counts, st.nTrain, rng)
	remaining := make([]int, len(st.counts))
	for i, c := range st.counts {
		remaining[i] = c - nI[i]
	}
	tI := approximateMode(remaining, st.nTest, rng)
	train := make([]int, 0, st.nTrain)
	test := make([]int, 0, st.nTest)
	for c, rows := range st.rows {
		perm := rng.Perm(len(rows))
		for j, p := range perm[:nI[c]+tI[c]] {
			if j < nI[c] {
				train = append(train, rows[p])
			} else {
				test = append(test, rows[p])
			}
		}
	}
	rng.Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
	rng.Shuffle(len(test), func(i, j int) { test[i], test[j] = test[j], test[i] })
	return Fold{Train: train, Test: test}
}

// approximateMode is scikit-learn's _approximate_mode: per-class draws summing to
// nDraws, proportional to counts, with the leftover draws given to the classes with
// the largest remainders (ties broken at random).
func approximateMode(counts []int, nDraws int, rng *rand.Rand) []int {
	total := 0
	for _, c := range counts {
		total += c
	}
	out := make([]int, len(counts))
	rem := make([]float64, len(counts))
	need := nDraws
	for i, c := range counts {
		cont := float64(c) / float64(total) * float64(nDraws)
		fl := math.Floor(cont)
		out[i] = int(fl)
		rem[i] = cont - fl
		need -= int(fl)
	}
	if need <= 0 {
		return out
	}
	values := slices.Clone(rem)
	slices.Sort(values)
	values = slices.Compact(values)
	slices.Reverse(values)
	for _, v := range values {
		var inds []int
		for i, r := range rem {
			if r == v {
				inds = append(inds, i)
			}
		}
		add := min(len(inds), need)
		if add < len(inds) {
			rng.Shuffle(len(inds), func(i, j int) { inds[i], inds[j] = inds[j], inds[i] })
		}
		for _, i := range inds[:add] {
			out[i]++
		}
		need -= add
		if need == 0 {
			break
		}
	}
	return out
}

// TrainTestOptions configures TrainTestSplit (scikit-learn: train_test_split's
// keyword arguments). The zero value is a shuffled 75/25 split with seed 0.
type TrainTestOptions struct {
	// TestSize is a fraction in (0, 1), a whole number of rows, or 0 for the
	// complement of TrainSize (0.25 when both are 0).
	TestSize float64
	// TrainSize is a fraction in (0, 1), a whole number of rows, or 0 for the
	// complement of the test set.
	TrainSize float64
	// NoShuffle takes the first rows for training and the next ones for testing
	// (scikit-learn shuffle=False; shuffling is the default).
	NoShuffle bool
	// Seed seeds the shuffle; 0 is a valid fixed seed.
	Seed uint64
	// Stratify preserves the class proportions of y in both sets (scikit-learn
	// stratify=y). It requires shuffling.
	Stratify bool
}

// TrainTestSplit returns one train/test split of n rows (scikit-learn:
// model_selection.train_test_split, on indices). Sizes follow scikit-learn's rules. y
// is used only when opt.Stratify is set. Errors are *estimator.ParamError for unusable
// sizes or Stratify with NoShuffle, plus StratifiedShuffleSplit's label errors.
func TrainTestSplit(n int, y []float64, opt TrainTestOptions) (train, test []int, err error) {
	if err := checkSize("TrainTestSplit", n, 1, n); err != nil {
		return nil, nil, err
	}
	nTrain, nTest, err := shuffleSizes("TrainTestSplit", n, opt.TestSize, opt.TrainSize, 0.25)
	if err != nil {
		return nil, nil, err
	}
	if opt.NoShuffle {
		if opt.Stratify {
			return nil, nil, fmt.Errorf("crossval.TrainTestSplit: %w", &estimator.ParamError{Param: "Stratify", Value: true,
				Reason: "stratified train/test split is not implemented for NoShuffle"})
		}
		return span(0, nTrain), span(nTrain, nTrain+nTest), nil
	}
	rng := newRand(opt.Seed)
	if opt.Stratify {
		st, err := newStratShuffler("TrainTestSplit", n, y, nTrain, nTest)
		if err != nil {
			return nil, nil, err
		}
		f := st.split(rng)
		return f.Train, f.Test, nil
	}
	f := shuffleOnce(n, nTrain, nTest, rng)
	return f.Train, f.Test, nil
}

// TrainTestSplitXy splits X and y by TrainTestSplit and returns the parts (scikit-learn:
// train_test_split(X, y)). Rows are taken with estimator.Rows, so a RowSelector such as
// preprocess.Frame keeps its kind. y may be nil (then yTrain and yTest are nil). It
// returns an error wrapping estimator.ErrInvalidData for a nil X and estimator.ErrShape
// when len(y) differs from X's row count.
func TrainTestSplitXy(X mat.Matrix, y []float64, opt TrainTestOptions) (XTrain, XTest mat.Matrix, yTrain, yTest []float64, err error) {
	const prefix = "crossval.TrainTestSplitXy"
	src, n, err := folds.Source(X) // a matrix whose At panics is an error, not a panic
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("%s: %w", prefix, err)
	}
	if y != nil && len(y) != n {
		return nil, nil, nil, nil, fmt.Errorf("%s: X has %d rows but y has %d values: %w", prefix, n, len(y), estimator.ErrShape)
	}
	train, test, err := TrainTestSplit(n, y, opt)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return estimator.Rows(src, train), estimator.Rows(src, test), estimator.Select(y, train), estimator.Select(y, test), nil
}
