package crossval

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/skgo/skgo/estimator"
)

// Fold is one train/test split: row indices into the data given to Split.
type Fold struct {
	// Train holds the rows the model is fitted on.
	Train []int
	// Test holds the rows the fitted model is scored on.
	Test []int
}

// Splitter partitions n rows into folds (scikit-learn's CV splitter objects, with
// split(X, y) materialized as a slice). y holds the labels for stratified splitters and
// is ignored (may be nil) by the others. Folds are materialized once, so every
// candidate of a search sees identical splits, and Split is deterministic: the same
// splitter value, n and y always give the same folds (shuffling splitters take a Seed).
//
// Group-aware splitters take their groups as a field (GroupKFold.Groups) rather than as
// a third argument, so that every splitter has this one method.
type Splitter interface {
	Split(n int, y []float64) ([]Fold, error)
}

var (
	_ Splitter = KFold{}
	_ Splitter = StratifiedKFold{}
	_ Splitter = GroupKFold{}
	_ Splitter = TimeSeriesSplit{}
	_ Splitter = LeaveOneOut{}
	_ Splitter = PredefinedSplit{}
	_ Splitter = RepeatedKFold{}
	_ Splitter = RepeatedStratifiedKFold{}
	_ Splitter = ShuffleSplit{}
	_ Splitter = StratifiedShuffleSplit{}
)

// Size bounds, checked by every splitter before it allocates anything.
const (
	// MaxRows is the largest number of rows a splitter (and TrainTestSplit) accepts:
	// 2³¹.
	MaxRows = 1 << 31
	// MaxFoldIndices bounds the row indices a splitter materializes over all its folds,
	// train and test sides together: 2³⁰ (8 GiB of ints). k folds over n rows cost
	// about k·n indices, so LeaveOneOut accepts at most 32768 rows, KFold{K: 10} about
	// 10⁸; use fewer folds (or ShuffleSplit with small sizes) beyond that.
	MaxFoldIndices = 1 << 30
)

// checkSize reports a negative or too-large n, and fold lists of more than
// MaxFoldIndices indices (nFolds folds of up to perFold indices each, overflow-safe).
func checkSize(typ string, n, nFolds, perFold int) error {
	if n < 0 || n > MaxRows {
		return fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: "n", Value: n,
			Reason: fmt.Sprintf("the number of rows must be in [0, MaxRows=%d]", MaxRows)})
	}
	if nFolds > 0 && perFold > MaxFoldIndices/nFolds {
		return fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: "n", Value: n,
			Reason: fmt.Sprintf("%d folds of up to %d row indices each are more than MaxFoldIndices (%d); use fewer folds", nFolds, perFold, MaxFoldIndices)})
	}
	return nil
}

// newRand returns the package's random generator for seed (PCG, as DESIGN §b.6 asks).
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

func kOrDefault(k int) int {
	if k == 0 {
		return 5
	}
	return k
}

func checkK(typ, param string, k int) error {
	if k < 2 {
		return fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: param, Value: k,
			Reason: "k-fold cross-validation requires at least one train/test split: must be >= 2 (0 means 5)"})
	}
	return nil
}

func checkKn(typ, param string, k, n int) error {
	if k > n {
		return fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: param, Value: k,
			Reason: fmt.Sprintf("cannot be greater than the number of samples n=%d", n)})
	}
	return nil
}

// foldsFromAssignment turns a per-row fold number (in [0, k), or -1 for "always
// train") into k folds with sorted Train and Test indices, like scikit-learn's
// boolean test masks do.
func foldsFromAssignment(assign []int, k int) []Fold {
	counts := make([]int, k)
	for _, f := range assign {
		if f >= 0 {
			counts[f]++
		}
	}
	n := len(assign)
	folds := make([]Fold, k)
	for f := range folds {
		folds[f].Test = make([]int, 0, counts[f])
	}
	for i, f := range assign {
		if f >= 0 {
			folds[f].Test = append(folds[f].Test, i)
		}
	}
	// Train is the complement of Test: the runs of row numbers between test rows,
	// copied from one 0..n-1 sequence (a few memmoves per fold rather than a test per
	// row and fold).
	seq := make([]int, n)
	for i := range seq {
		seq[i] = i
	}
	for f := range folds {
		train := make([]int, 0, n-counts[f])
		prev := 0
		for _, t := range folds[f].Test {
			train = append(train, seq[prev:t]...)
			prev = t + 1
		}
		folds[f].Train = append(train, seq[prev:]...)
	}
	return folds
}

// KFold splits rows into K consecutive folds (scikit-learn: model_selection.KFold).
// The first n % K folds have n/K + 1 rows, the others n/K. Unshuffled folds are
// identical to scikit-learn's. With Shuffle, rows are permuted (math/rand/v2 PCG
// seeded with Seed) before being cut into folds of the same sizes; the permutation
// cannot match numpy's. Train and Test indices are sorted ascending.
type KFold struct {
	// K is the number of folds; 0 means 5 (scikit-learn's default). It must be >= 2
	// and at most the number of rows.
	K int
	// Shuffle permutes the rows before splitting (scikit-learn shuffle=False by default).
	Shuffle bool
	// Seed seeds the permutation when Shuffle is set; 0 is a valid fixed seed.
	Seed uint64
}

// Validate reports whether K is usable.
func (s KFold) Validate() error { return checkK("KFold", "K", kOrDefault(s.K)) }

// Split returns the K folds of n rows. It returns a *estimator.ParamError when K < 2
// or K > n. y is ignored.
func (s KFold) Split(n int, _ []float64) ([]Fold, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	k := kOrDefault(s.K)
	if err := checkSize("KFold", n, k, n); err != nil {
		return nil, err
	}
	if err := checkKn("KFold", "K", k, n); err != nil {
		return nil, err
	}
	var rng *rand.Rand
	if s.Shuffle {
		rng = newRand(s.Seed)
	}
	return kfold(n, k, rng), nil
}

func kfold(n, k int, rng *rand.Rand) []Fold {
	if rng == nil {
		// Consecutive folds: Test is one run of rows and Train the two runs around it.
		folds := make([]Fold, k)
		start := 0
		for f := range folds {
			size := n / k
			if f < n%k {
				size++
			}
			test := make([]int, size)
			for i := range test {
				test[i] = start + i
			}
			train := make([]int, n-size)
			for i := range start {
				train[i] = i
			}
			for i := start + size; i < n; i++ {
				train[i-size] = i
			}
			folds[f] = Fold{Train: train, Test: test}
			start += size
		}
		return folds
	}
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	if rng != nil {
		rng.Shuffle(n, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	}
	assign := make([]int, n)
	start := 0
	for f := range k {
		size := n / k
		if f < n%k {
			size++
		}
		for _, r := range perm[start : start+size] {
			assign[r] = f
		}
		start += size
	}
	return foldsFromAssignment(assign, k)
}

// StratifiedKFold is KFold preserving the class proportions of y in every fold
// (scikit-learn: model_selection.StratifiedKFold, 1.2 algorithm). Classes are encoded
// in order of first appearance in y; per-class fold counts come from dealing the
// class-sorted encoded labels round-robin over the folds, and each class's rows are
// assigned to folds in consecutive blocks. Unshuffled folds are identical to
// scikit-learn's. With Shuffle, each class's block assignment is permuted (math/rand/v2
// PCG from Seed), which keeps the same per-fold class counts. Train and Test indices
// are sorted ascending.
type StratifiedKFold struct {
	// K is the number of folds; 0 means 5. It must be >= 2 and at most the number of
	// rows, and at least one class must have K or more members.
	K int
	// Shuffle permutes each class's rows before assigning them to folds (false by default).
	Shuffle bool
	// Seed seeds the shuffling; 0 is a valid fixed seed.
	Seed uint64
}

// Validate reports whether K is usable.
func (s StratifiedKFold) Validate() error { return checkK("StratifiedKFold", "K", kOrDefault(s.K)) }

// Split returns the K stratified folds of the n rows labelled y. It returns an error
// wrapping estimator.ErrShape when len(y) != n, estimator.ErrInvalidData for NaN, Inf
// or non-integer labels (scikit-learn refuses "continuous" targets), and a
// *estimator.ParamError when K < 2, K > n, or every class has fewer than K members
// (scikit-learn only warns when some but not all classes are that small).
func (s StratifiedKFold) Split(n int, y []float64) ([]Fold, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	k := kOrDefault(s.K)
	if err := checkSize("StratifiedKFold", n, k, n); err != nil {
		return nil, err
	}
	if err := checkKn("StratifiedKFold", "K", k, n); err != nil {
		return nil, err
	}
	var rng *rand.Rand
	if s.Shuffle {
		rng = newRand(s.Seed)
	}
	assign, err := stratifiedAssign("StratifiedKFold", n, y, k, rng)
	if err != nil {
		return nil, err
	}
	return foldsFromAssignment(assign, k), nil
}

// encodeLabels checks y and encodes its classes in order of first appearance.
func encodeLabels(typ string, n int, y []float64) (enc []int, counts []int, err error) {
	if len(y) != n {
		return nil, nil, fmt.Errorf("crossval.%s: y has %d labels for %d rows: %w", typ, len(y), n, estimator.ErrShape)
	}
	code := make(map[float64]int)
	enc = make([]int, n)
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, fmt.Errorf("crossval.%s: y[%d] is %v: %w", typ, i, v, estimator.ErrInvalidData)
		}
		if v != math.Trunc(v) {
			return nil, nil, fmt.Errorf("crossval.%s: y[%d] = %v is not a class label (stratification needs integer-valued labels, got a continuous target): %w",
				typ, i, v, estimator.ErrInvalidData)
		}
		c, ok := code[v]
		if !ok {
			c = len(counts)
			code[v] = c
			counts = append(counts, 0)
		}
		enc[i] = c
		counts[c]++
	}
	return enc, counts, nil
}

func stratifiedAssign(typ string, n int, y []float64, k int, rng *rand.Rand) ([]int, error) {
	enc, counts, err := encodeLabels(typ, n, y)
	if err != nil {
		return nil, err
	}
	if slices.Max(counts) < k {
		return nil, fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: "K", Value: k,
			Reason: "cannot be greater than the number of members in each class"})
	}
	nc := len(counts)
	// allocation[f][c]: members of class c in fold f. scikit-learn deals the sorted
	// encoded labels y_order round-robin: fold f gets positions f, f+k, f+2k, ...
	allocation := make([][]int, k)
	for f := range allocation {
		allocation[f] = make([]int, nc)
	}
	pos := 0
	for c, cnt := range counts {
		for range cnt {
			allocation[pos%k][c]++
			pos++
		}
	}
	// Rows of each class, in order.
	rows := make([][]int, nc)
	for c, cnt := range counts {
		rows[c] = make([]int, 0, cnt)
	}
	for i, c := range enc {
		rows[c] = append(rows[c], i)
	}
	assign := make([]int, n)
	for c := range nc {
		blocks := make([]int, 0, counts[c])
		for f := range k {
			for range allocation[f][c] {
				blocks = append(blocks, f)
			}
		}
		if rng != nil {
			rng.Shuffle(len(blocks), func(i, j int) { blocks[i], blocks[j] = blocks[j], blocks[i] })
		}
		for i, r := range rows[c] {
			assign[r] = blocks[i]
		}
	}
	return assign, nil
}

// GroupKFold is KFold over groups: rows of the same group never appear in both the
// train and the test side (scikit-learn: model_selection.GroupKFold). Groups are
// assigned greedily, largest first, to the fold with the fewest rows so far; ties in
// group size are broken in numpy's argsort order and ties in fold size by the lowest
// fold index, so folds are identical to scikit-learn 1.2's. Train and Test indices are
// sorted ascending.
//
// Groups is a field (not a Split argument) so that GroupKFold is an ordinary Splitter;
// its length must equal the number of rows passed to Split.
type GroupKFold struct {
	// K is the number of folds; 0 means 5. It must be >= 2 and at most the number of
	// distinct groups.
	K int
	// Groups holds one group label per row.
	Groups []int
}

// Validate reports whether K is usable and Groups is set.
func (s GroupKFold) Validate() error {
	if err := checkK("GroupKFold", "K", kOrDefault(s.K)); err != nil {
		return err
	}
	if s.Groups == nil {
		return fmt.Errorf("crossval.GroupKFold: %w", &estimator.ParamError{Param: "Groups", Reason: "must be set (one group label per row)"})
	}
	return nil
}

// Split returns the K group folds of n rows. It returns an error wrapping
// estimator.ErrShape when len(Groups) != n and a *estimator.ParamError when K < 2, K > n
// or K exceeds the number of distinct groups. y is ignored.
func (s GroupKFold) Split(n int, _ []float64) ([]Fold, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	k := kOrDefault(s.K)
	if err := checkSize("GroupKFold", n, k, n); err != nil {
		return nil, err
	}
	if err := checkKn("GroupKFold", "K", k, n); err != nil {
		return nil, err
	}
	if len(s.Groups) != n {
		return nil, fmt.Errorf("crossval.GroupKFold: Groups has %d labels for %d rows: %w", len(s.Groups), n, estimator.ErrShape)
	}
	// np.unique(groups, return_inverse=True): dense codes in sorted label order.
	uniq := slices.Clone(s.Groups)
	slices.Sort(uniq)
	uniq = slices.Compact(uniq)
	if k > len(uniq) {
		return nil, fmt.Errorf("crossval.GroupKFold: %w", &estimator.ParamError{Param: "K", Value: k,
			Reason: fmt.Sprintf("cannot be greater than the number of groups: %d", len(uniq))})
	}
	code := make(map[int]int, len(uniq))
	for i, g := range uniq {
		code[g] = i
	}
	perGroup := make([]int, len(uniq))
	for _, g := range s.Groups {
		perGroup[code[g]]++
	}
	order := argsortNumpy(perGroup)
	slices.Reverse(order) // largest first
	perFold := make([]int, k)
	groupFold := make([]int, len(uniq))
	for _, g := range order {
		lightest := 0
		for f := 1; f < k; f++ {
			if perFold[f] < perFold[lightest] {
				lightest = f
			}
		}
		perFold[lightest] += perGroup[g]
		groupFold[g] = lightest
	}
	assign := make([]int, n)
	for i, g := range s.Groups {
		assign[i] = groupFold[code[g]]
	}
	return foldsFromAssignment(assign, k), nil
}

// TimeSeriesSplit yields growing training windows followed by a test window, for
// ordered data (scikit-learn: model_selection.TimeSeriesSplit). Test windows have
// TestSize rows (default n / (NSplits+1)) and end at the last row; each training set
// ends Gap rows before its test window and is capped at MaxTrainSize rows. Folds are
// identical to scikit-learn's; they do not partition the rows.
type TimeSeriesSplit struct {
	// NSplits is the number of splits; 0 means 5. It must be >= 2.
	NSplits int
	// MaxTrainSize caps each training set (keeping its most recent rows); 0 means no cap.
	MaxTrainSize int
	// TestSize is the number of rows in each test window; 0 means n / (NSplits+1).
	TestSize int
	// Gap is the number of rows left out between each training set and its test
	// window; 0 means none (scikit-learn's default).
	Gap int
}

// Validate reports whether the fields are usable.
func (s TimeSeriesSplit) Validate() error {
	if err := checkK("TimeSeriesSplit", "NSplits", kOrDefault(s.NSplits)); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"MaxTrainSize", s.MaxTrainSize}, {"TestSize", s.TestSize}, {"Gap", s.Gap}} {
		if f.v < 0 {
			return fmt.Errorf("crossval.TimeSeriesSplit: %w", &estimator.ParamError{Param: f.name, Value: f.v, Reason: "must be >= 0"})
		}
	}
	return nil
}

// Split returns the NSplits time-series folds of n rows. It returns a
// *estimator.ParamError when NSplits+1 > n or the windows do not fit in n rows. y is
// ignored.
func (s TimeSeriesSplit) Split(n int, _ []float64) ([]Fold, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	k := kOrDefault(s.NSplits)
	if err := checkSize("TimeSeriesSplit", n, k, n); err != nil {
		return nil, err
	}
	if s.TestSize > n || s.Gap > n {
		return nil, fmt.Errorf("crossval.TimeSeriesSplit: %w", &estimator.ParamError{Param: "TestSize", Value: s.TestSize,
			Reason: fmt.Sprintf("TestSize (%d) and Gap (%d) must be at most the number of rows n=%d", s.TestSize, s.Gap, n)})
	}
	testSize := s.TestSize
	if testSize == 0 {
		testSize = n / (k + 1)
	}
	if k+1 > n {
		return nil, fmt.Errorf("crossval.TimeSeriesSplit: %w", &estimator.ParamError{Param: "NSplits", Value: k,
			Reason: fmt.Sprintf("number of folds NSplits+1=%d cannot be greater than the number of samples n=%d", k+1, n)})
	}
	if n-s.Gap-testSize*k <= 0 {
		return nil, fmt.Errorf("crossval.TimeSeriesSplit: %w", &estimator.ParamError{Param: "NSplits", Value: k,
			Reason: fmt.Sprintf("too many splits for n=%d with TestSize=%d and Gap=%d", n, testSize, s.Gap)})
	}
	folds := make([]Fold, 0, k)
	for testStart := n - k*testSize; testStart < n; testStart += testSize {
		trainEnd := testStart - s.Gap
		trainStart := 0
		if s.MaxTrainSize > 0 && s.MaxTrainSize < trainEnd {
			trainStart = trainEnd - s.MaxTrainSize
		}
		folds = append(folds, Fold{Train: span(trainStart, trainEnd), Test: span(testStart, min(testStart+testSize, n))})
	}
	return folds, nil
}

func span(lo, hi int) []int {
	out := make([]int, 0, max(hi-lo, 0))
	for i := lo; i < hi; i++ {
		out = append(out, i)
	}
	return out
}

// LeaveOneOut holds out each row once (scikit-learn: model_selection.LeaveOneOut): n
// folds, fold i testing on row i. The folds are materialized, which takes n² indices
// of memory: use KFold for large n.
type LeaveOneOut struct{}

// Split returns n folds. It returns a *estimator.ParamError when n < 2. y is ignored.
func (LeaveOneOut) Split(n int, _ []float64) ([]Fold, error) {
	if err := checkSize("LeaveOneOut", n, n, n); err != nil {
		return nil, err
	}
	if n < 2 {
		return nil, fmt.Errorf("crossval.LeaveOneOut: %w", &estimator.ParamError{Param: "n", Value: n,
			Reason: "cannot perform LeaveOneOut with fewer than 2 samples"})
	}
	assign := make([]int, n)
	for i := range assign {
		assign[i] = i
	}
	return foldsFromAssignment(assign, n), nil
}

// PredefinedSplit uses a fold number given per row (scikit-learn:
// model_selection.PredefinedSplit). Rows with fold -1 are always in the training set;
// there is one fold per distinct non-negative number, in ascending order.
type PredefinedSplit struct {
	// TestFold holds each row's test fold, or -1 for rows that are never tested.
	TestFold []int
}

// Split returns the predefined folds. It returns an error wrapping estimator.ErrShape
// when len(TestFold) != n and a *estimator.ParamError for numbers below -1 or when
// there is no fold. y is ignored.
func (s PredefinedSplit) Split(n int, _ []float64) ([]Fold, error) {
	if err := checkSize("PredefinedSplit", n, 0, 0); err != nil {
		return nil, err
	}
	if len(s.TestFold) != n {
		return nil, fmt.Errorf("crossval.PredefinedSplit: TestFold has %d entries for %d rows: %w", len(s.TestFold), n, estimator.ErrShape)
	}
	var uniq []int
	for i, f := range s.TestFold {
		if f < -1 {
			return nil, fmt.Errorf("crossval.PredefinedSplit: %w", &estimator.ParamError{Param: fmt.Sprintf("TestFold[%d]", i), Value: f, Reason: "must be >= -1"})
		}
		if f >= 0 {
			uniq = append(uniq, f)
		}
	}
	slices.Sort(uniq)
	uniq = slices.Compact(uniq)
	if len(uniq) == 0 {
		return nil, fmt.Errorf("crossval.PredefinedSplit: %w", &estimator.ParamError{Param: "TestFold", Reason: "has no test fold (all entries are -1)"})
	}
	if err := checkSize("PredefinedSplit", n, len(uniq), n); err != nil {
		return nil, err
	}
	code := make(map[int]int, len(uniq))
	for i, f := range uniq {
		code[f] = i
	}
	assign := make([]int, n)
	for i, f := range s.TestFold {
		if f < 0 {
			assign[i] = -1
		} else {
			assign[i] = code[f]
		}
	}
	return foldsFromAssignment(assign, len(uniq)), nil
}

// RepeatedKFold repeats shuffled KFold NRepeats times with different permutations
// (scikit-learn: model_selection.RepeatedKFold). It yields K·NRepeats folds; one random
// generator seeded with Seed drives all repeats, as in scikit-learn.
type RepeatedKFold struct {
	// K is the number of folds per repeat; 0 means 5.
	K int
	// NRepeats is the number of repeats; 0 means 10 (scikit-learn's default).
	NRepeats int
	// Seed seeds the permutations; 0 is a valid fixed seed.
	Seed uint64
}

// mulSat returns a·b for a, b >= 0, or math.MaxInt when that overflows.
func mulSat(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt/b {
		return math.MaxInt
	}
	return a * b
}

func repeatsOrDefault(r int) int {
	if r == 0 {
		return 10
	}
	return r
}

// Validate reports whether K and NRepeats are usable.
func (s RepeatedKFold) Validate() error {
	if err := checkK("RepeatedKFold", "K", kOrDefault(s.K)); err != nil {
		return err
	}
	if s.NRepeats < 0 {
		return fmt.Errorf("crossval.RepeatedKFold: %w", &estimator.ParamError{Param: "NRepeats", Value: s.NRepeats, Reason: "must be > 0 (0 means 10)"})
	}
	return nil
}

// Split returns K·NRepeats folds, repeat by repeat. Errors are those of KFold.Split.
func (s RepeatedKFold) Split(n int, _ []float64) ([]Fold, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	k := kOrDefault(s.K)
	if err := checkSize("RepeatedKFold", n, mulSat(k, repeatsOrDefault(s.NRepeats)), n); err != nil {
		return nil, err
	}
	if err := checkKn("RepeatedKFold", "K", k, n); err != nil {
		return nil, err
	}
	rng := newRand(s.Seed)
	var folds []Fold
	for range repeatsOrDefault(s.NRepeats) {
		folds = append(folds, kfold(n, k, rng)...)
	}
	return folds, nil
}

// RepeatedStratifiedKFold repeats shuffled StratifiedKFold NRepeats times (scikit-learn:
// model_selection.RepeatedStratifiedKFold), yielding K·NRepeats folds.
type RepeatedStratifiedKFold struct {
	// K is the number of folds per repeat; 0 means 5.
	K int
	// NRepeats is the number of repeats; 0 means 10.
	NRepeats int
	// Seed seeds the shuffling; 0 is a valid fixed seed.
	Seed uint64
}

// Validate reports whether K and NRepeats are usable.
func (s RepeatedStratifiedKFold) Validate() error {
	if err := checkK("RepeatedStratifiedKFold", "K", kOrDefault(s.K)); err != nil {
		return err
	}
	if s.NRepeats < 0 {
		return fmt.Errorf("crossval.RepeatedStratifiedKFold: %w", &estimator.ParamError{Param: "NRepeats", Value: s.NRepeats, Reason: "must be > 0 (0 means 10)"})
	}
	return nil
}

// Split returns K·NRepeats stratified folds, repeat by repeat. Errors are those of
// StratifiedKFold.Split.
func (s RepeatedStratifiedKFold) Split(n int, y []float64) ([]Fold, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	k := kOrDefault(s.K)
	if err := checkSize("RepeatedStratifiedKFold", n, mulSat(k, repeatsOrDefault(s.NRepeats)), n); err != nil {
		return nil, err
	}
	if err := checkKn("RepeatedStratifiedKFold", "K", k, n); err != nil {
		return nil, err
	}
	rng := newRand(s.Seed)
	var folds []Fold
	for range repeatsOrDefault(s.NRepeats) {
		assign, err := stratifiedAssign("RepeatedStratifiedKFold", n, y, k, rng)
		if err != nil {
			return nil, err
		}
		folds = append(folds, foldsFromAssignment(assign, k)...)
	}
	return folds, nil
}
