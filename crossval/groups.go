package crossval

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/skgo/skgo/estimator"
)

var (
	_ Splitter = LeaveOneGroupOut{}
	_ Splitter = LeavePGroupsOut{}
	_ Splitter = GroupShuffleSplit{}
	_ Splitter = StratifiedGroupKFold{}
)

// groupCodes is np.unique(groups, return_inverse=True): the sorted distinct labels
// and each row's index among them. It checks len(groups) == n.
func groupCodes(typ string, groups []int, n int) (uniq []int, code []int, err error) {
	if groups == nil {
		return nil, nil, fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: "Groups", Reason: "must be set (one group label per row)"})
	}
	if len(groups) != n {
		return nil, nil, fmt.Errorf("crossval.%s: Groups has %d labels for %d rows: %w", typ, len(groups), n, estimator.ErrShape)
	}
	uniq = slices.Clone(groups)
	slices.Sort(uniq)
	uniq = slices.Compact(uniq)
	code = make([]int, n)
	for i, g := range groups {
		code[i], _ = slices.BinarySearch(uniq, g)
	}
	return uniq, code, nil
}

// foldOfGroups returns the fold whose test side is the rows whose group code is in
// test (a set over codes), both sides sorted ascending.
func foldOfGroups(code []int, test []bool) Fold {
	var f Fold
	for i, c := range code {
		if test[c] {
			f.Test = append(f.Test, i)
		} else {
			f.Train = append(f.Train, i)
		}
	}
	return f
}

// LeaveOneGroupOut holds out one group at a time, groups in ascending label order
// (scikit-learn: model_selection.LeaveOneGroupOut). Folds are identical to
// scikit-learn's; Train and Test are sorted ascending.
type LeaveOneGroupOut struct {
	// Groups holds one group label per row; there must be at least two groups.
	Groups []int
}

// Validate reports whether Groups is set.
func (s LeaveOneGroupOut) Validate() error {
	if s.Groups == nil {
		return fmt.Errorf("crossval.LeaveOneGroupOut: %w", &estimator.ParamError{Param: "Groups", Reason: "must be set (one group label per row)"})
	}
	return nil
}

// Split returns one fold per distinct group. It returns estimator.ErrShape when
// len(Groups) != n and a *estimator.ParamError with fewer than two groups. y is
// ignored.
func (s LeaveOneGroupOut) Split(n int, _ []float64) ([]Fold, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	uniq, code, err := groupCodes("LeaveOneGroupOut", s.Groups, n)
	if err != nil {
		return nil, err
	}
	if len(uniq) < 2 {
		return nil, fmt.Errorf("crossval.LeaveOneGroupOut: %w", &estimator.ParamError{Param: "Groups",
			Reason: fmt.Sprintf("has %d distinct group(s); leaving one out needs at least 2", len(uniq))})
	}
	if err := checkSize("LeaveOneGroupOut", n, len(uniq), n); err != nil {
		return nil, err
	}
	folds := make([]Fold, len(uniq))
	test := make([]bool, len(uniq))
	for g := range uniq {
		test[g] = true
		folds[g] = foldOfGroups(code, test)
		test[g] = false
	}
	return folds, nil
}

// LeavePGroupsOut holds out every combination of P distinct groups, in
// itertools.combinations order over the ascending labels (scikit-learn:
// model_selection.LeavePGroupsOut). Folds are identical to scikit-learn's. The
// number of folds, C(groups, P), grows fast: Split refuses more than MaxFoldIndices
// indices in all.
type LeavePGroupsOut struct {
	// P is the number of groups in each test set; it must be >= 1 and smaller than
	// the number of distinct groups.
	P int
	// Groups holds one group label per row.
	Groups []int
}

// Validate reports whether P and Groups are usable.
func (s LeavePGroupsOut) Validate() error {
	if s.P < 1 {
		return fmt.Errorf("crossval.LeavePGroupsOut: %w", &estimator.ParamError{Param: "P", Value: s.P, Reason: "must be >= 1"})
	}
	if s.Groups == nil {
		return fmt.Errorf("crossval.LeavePGroupsOut: %w", &estimator.ParamError{Param: "Groups", Reason: "must be set (one group label per row)"})
	}
	return nil
}

// Split returns the C(groups, P) folds. It returns estimator.ErrShape when
// len(Groups) != n and a *estimator.ParamError when there are not more than P groups
// or too many folds. y is ignored.
func (s LeavePGroupsOut) Split(n int, _ []float64) ([]Fold, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	uniq, code, err := groupCodes("LeavePGroupsOut", s.Groups, n)
	if err != nil {
		return nil, err
	}
	g := len(uniq)
	if g <= s.P {
		return nil, fmt.Errorf("crossval.LeavePGroupsOut: %w", &estimator.ParamError{Param: "P", Value: s.P,
			Reason: fmt.Sprintf("the groups contain %d distinct labels, not more than P", g)})
	}
	nFolds := binomial(g, s.P)
	if nFolds < 0 || nFolds > MaxFoldIndices {
		return nil, fmt.Errorf("crossval.LeavePGroupsOut: %w", &estimator.ParamError{Param: "P", Value: s.P,
			Reason: fmt.Sprintf("C(%d, %d) folds is too many (at most %d indices in all)", g, s.P, MaxFoldIndices)})
	}
	if err := checkSize("LeavePGroupsOut", n, nFolds, n); err != nil {
		return nil, err
	}
	folds := make([]Fold, 0, nFolds)
	comb := make([]int, s.P)
	for i := range comb {
		comb[i] = i
	}
	test := make([]bool, g)
	for {
		for _, c := range comb {
			test[c] = true
		}
		folds = append(folds, foldOfGroups(code, test))
		for _, c := range comb {
			test[c] = false
		}
		// next combination in lexicographic order
		i := s.P - 1
		for i >= 0 && comb[i] == g-s.P+i {
			i--
		}
		if i < 0 {
			return folds, nil
		}
		comb[i]++
		for j := i + 1; j < s.P; j++ {
			comb[j] = comb[j-1] + 1
		}
	}
}

// binomial returns C(n, k), or -1 when it exceeds 2⁶².
func binomial(n, k int) int {
	k = min(k, n-k)
	c := 1
	for i := 1; i <= k; i++ {
		if c > (1<<62)/(n-k+i) {
			return -1
		}
		c = c * (n - k + i) / i
	}
	return c
}

// GroupShuffleSplit is ShuffleSplit over groups: each split puts a random share of
// the distinct groups on the test side and the rest (or TrainSize of them) on the
// train side (scikit-learn: model_selection.GroupShuffleSplit). Sizes count groups,
// not rows, and follow ShuffleSplit's rules with a default TestSize of 0.2; the
// permutations come from math/rand/v2 seeded with Seed and cannot match numpy's.
// Train and Test are sorted ascending, as scikit-learn's.
type GroupShuffleSplit struct {
	// NSplits is the number of splits; 0 means 5 (scikit-learn's default).
	NSplits int
	// TestSize is the share or number of groups on the test side; 0 means the
	// complement of TrainSize, or 0.2 when both are 0.
	TestSize float64
	// TrainSize is the share or number of groups on the train side; 0 means the
	// complement of the test side.
	TrainSize float64
	// Seed seeds the permutations; 0 is a valid fixed seed.
	Seed uint64
	// Groups holds one group label per row.
	Groups []int
}

// Validate reports whether NSplits and Groups are usable.
func (s GroupShuffleSplit) Validate() error {
	if s.NSplits < 0 {
		return fmt.Errorf("crossval.GroupShuffleSplit: %w", &estimator.ParamError{Param: "NSplits", Value: s.NSplits, Reason: "must be > 0 (0 means 5)"})
	}
	if s.Groups == nil {
		return fmt.Errorf("crossval.GroupShuffleSplit: %w", &estimator.ParamError{Param: "Groups", Reason: "must be set (one group label per row)"})
	}
	return nil
}

// Split returns NSplits random group splits. It returns estimator.ErrShape when
// len(Groups) != n and a *estimator.ParamError for unusable sizes. y is ignored.
func (s GroupShuffleSplit) Split(n int, _ []float64) ([]Fold, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	k := s.NSplits
	if k == 0 {
		k = 5
	}
	uniq, code, err := groupCodes("GroupShuffleSplit", s.Groups, n)
	if err != nil {
		return nil, err
	}
	if err := checkSize("GroupShuffleSplit", n, k, n); err != nil {
		return nil, err
	}
	nTrain, nTest, err := shuffleSizes("GroupShuffleSplit", len(uniq), s.TestSize, s.TrainSize, 0.2)
	if err != nil {
		return nil, err
	}
	rng := newRand(s.Seed)
	folds := make([]Fold, k)
	side := make([]int8, len(uniq)) // 1 test, 2 train, 0 neither
	for f := range folds {
		perm := rng.Perm(len(uniq))
		clear(side)
		for _, g := range perm[:nTest] {
			side[g] = 1
		}
		for _, g := range perm[nTest : nTest+nTrain] {
			side[g] = 2
		}
		for i, c := range code {
			switch side[c] {
			case 1:
				folds[f].Test = append(folds[f].Test, i)
			case 2:
				folds[f].Train = append(folds[f].Train, i)
			}
		}
	}
	return folds, nil
}

// StratifiedGroupKFold is GroupKFold that also keeps each fold's class proportions
// close to those of y (scikit-learn: model_selection.StratifiedGroupKFold). Groups,
// ordered by the standard deviation of their class counts (largest first, stable),
// go one at a time to the fold that minimises the mean over classes of the standard
// deviation across folds of the class shares, ties (np.isclose) going to the fold
// with fewer rows and then the lowest index. Without Shuffle the folds are identical
// to scikit-learn 1.2.1's. With Shuffle the groups are permuted (math/rand/v2 seeded
// with Seed) before the stable sort; scikit-learn 1.2.1 instead shuffles the rows of
// its class-count table without the group labels that go with them (a known bug,
// fixed in 1.3), so shuffled folds cannot be compared.
type StratifiedGroupKFold struct {
	// K is the number of folds; 0 means 5. It must be >= 2.
	K int
	// Shuffle permutes the groups before they are assigned.
	Shuffle bool
	// Seed seeds the permutation when Shuffle is set.
	Seed uint64
	// Groups holds one group label per row.
	Groups []int
}

// Validate reports whether K and Groups are usable.
func (s StratifiedGroupKFold) Validate() error {
	if err := checkK("StratifiedGroupKFold", "K", kOrDefault(s.K)); err != nil {
		return err
	}
	if s.Groups == nil {
		return fmt.Errorf("crossval.StratifiedGroupKFold: %w", &estimator.ParamError{Param: "Groups", Reason: "must be set (one group label per row)"})
	}
	return nil
}

// Split returns K stratified group folds. It returns estimator.ErrShape when
// len(Groups) or len(y) != n, estimator.ErrInvalidData when y holds a value that is
// not a class label or when a fold receives no group, and a *estimator.ParamError
// when K > n or K exceeds the size of every class.
func (s StratifiedGroupKFold) Split(n int, y []float64) ([]Fold, error) {
	const typ = "StratifiedGroupKFold"
	if err := s.Validate(); err != nil {
		return nil, err
	}
	k := kOrDefault(s.K)
	if err := checkSize(typ, n, k, n); err != nil {
		return nil, err
	}
	if err := checkKn(typ, "K", k, n); err != nil {
		return nil, err
	}
	if len(y) != n {
		return nil, fmt.Errorf("crossval.%s: y has %d labels for %d rows: %w", typ, len(y), n, estimator.ErrShape)
	}
	if err := estimator.CheckLabelType(y); err != nil {
		return nil, fmt.Errorf("crossval.%s: %w", typ, err)
	}
	_, gcode, err := groupCodes(typ, s.Groups, n)
	if err != nil {
		return nil, err
	}
	classes := estimator.ClassesOf(y)
	nc := len(classes)
	yCnt := make([]float64, nc)
	ycode := make([]int, n)
	for i, v := range y {
		ycode[i], _ = slices.BinarySearch(classes, v)
		yCnt[ycode[i]]++
	}
	allSmall := true
	for _, c := range yCnt {
		if float64(k) <= c {
			allSmall = false
		}
	}
	if allSmall {
		return nil, fmt.Errorf("crossval.%s: %w", typ, &estimator.ParamError{Param: "K", Value: k,
			Reason: "cannot be greater than the number of members in each class"})
	}
	ng := 0
	for _, c := range gcode {
		ng = max(ng, c+1)
	}
	perGroup := make([][]float64, ng) // class counts of each group
	for g := range perGroup {
		perGroup[g] = make([]float64, nc)
	}
	for i := range y {
		perGroup[gcode[i]][ycode[i]]++
	}
	order := make([]int, ng)
	for g := range order {
		order[g] = g
	}
	if s.Shuffle {
		newRand(s.Seed).Shuffle(ng, func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	spread := make([]float64, ng)
	for g := range spread {
		spread[g] = npStd(perGroup[g])
	}
	sort.SliceStable(order, func(a, b int) bool { return -spread[order[a]] < -spread[order[b]] })

	perFold := make([][]float64, k)
	for f := range perFold {
		perFold[f] = make([]float64, nc)
	}
	groupFold := make([]int, ng)
	share := make([]float64, k)
	for _, g := range order {
		best, minEval, minRows := -1, math.Inf(1), math.Inf(1)
		for f := 0; f < k; f++ {
			for c := 0; c < nc; c++ {
				perFold[f][c] += perGroup[g][c]
			}
			eval := 0.0
			for c := 0; c < nc; c++ {
				for ff := 0; ff < k; ff++ {
					share[ff] = perFold[ff][c] / yCnt[c]
				}
				eval += npStd(share)
			}
			eval /= float64(nc)
			rows := 0.0
			for c := 0; c < nc; c++ {
				perFold[f][c] -= perGroup[g][c]
				rows += perFold[f][c]
			}
			if eval < minEval || (npIsClose(eval, minEval) && rows < minRows) {
				best, minEval, minRows = f, eval, rows
			}
		}
		for c := 0; c < nc; c++ {
			perFold[best][c] += perGroup[g][c]
		}
		groupFold[g] = best
	}
	assign := make([]int, n)
	for i, g := range gcode {
		assign[i] = groupFold[g]
	}
	folds := foldsFromAssignment(assign, k)
	for f, fold := range folds {
		if len(fold.Test) == 0 {
			return nil, fmt.Errorf("crossval.%s: fold %d of %d received no group (%d groups); use fewer folds: %w", typ, f+1, k, ng, estimator.ErrInvalidData)
		}
	}
	return folds, nil
}

// npStd is numpy's population standard deviation: the mean first, then the mean of
// the squared deviations, summed left to right (numpy's pairwise sum is sequential
// below 8 elements; the folds and classes here are few).
func npStd(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	m := s / float64(len(v))
	ss := 0.0
	for _, x := range v {
		d := x - m
		ss += d * d
	}
	return math.Sqrt(ss / float64(len(v)))
}

// npIsClose is numpy.isclose with its default tolerances (rtol 1e-5, atol 1e-8).
func npIsClose(a, b float64) bool {
	if math.IsInf(b, 0) || math.IsInf(a, 0) {
		return a == b
	}
	return math.Abs(a-b) <= 1e-8+1e-5*math.Abs(b)
}
