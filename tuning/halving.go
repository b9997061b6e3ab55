package tuning

import (
	"context"
	"fmt"
	"iter"
	"math"
	"slices"
	"sort"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
)

// Halving is successive halving over another Space (scikit-learn 1.2:
// HalvingGridSearchCV with a [Grid], HalvingRandomSearchCV with a [Random]). All
// candidates are first evaluated with a small amount of a resource (training rows, or
// an integer parameter such as epochs); only the best 1/Factor of them advance to the
// next iteration, which gets Factor times more of the resource.
//
// The schedule is scikit-learn's _run_search:
//
//	n_required   = 1 + ⌊log_Factor(#candidates)⌋   (exact; see floorLog's note)
//	min_r        = MinResources, or (0) 2·#folds (·#classes for classifiers) when the
//	               resource is rows and 1 otherwise; with MinResources 0 and not
//	               Smallest ("exhaust"): max(min_r, MaxResources / Factor^(n_required−1))
//	n_possible   = 1 + ⌊log_Factor(MaxResources / min_r)⌋
//	n_iterations = n_required if AggressiveElimination, else min(n_possible, n_required)
//	iteration i uses min(Factor^p · min_r, MaxResources), p = i, or with
//	AggressiveElimination p = max(0, i − n_required + n_possible)
//	and keeps the top ⌈#candidates/Factor⌉ by mean test score (failed ones last).
//
// When the resource is rows, iteration i fits and scores every fold on a random
// subset of r/n of its train rows and of its test rows (scikit-learn's
// _SubsampleMetaSplitter with subsample_test=True), drawn with Seed; subsets are kept
// in row order. The best candidate is the best of the last iteration (its Rank among
// all results may be worse than 1, as in scikit-learn). The refit uses all rows and
// the best's Params, which for a parameter resource include the last iteration's
// budget.
type Halving struct {
	// Space gives the candidates of the first iteration (a Grid, Grids or Random).
	Space Space
	// Factor is the elimination rate (scikit-learn factor); 0 means 3. It must be >= 2.
	Factor int
	// Resource is what grows: "" or "n_samples" means training rows; otherwise an
	// integer parameter path ("cnn.Epochs", "Estimator.MaxIter") set to the
	// iteration's budget. It must not also be a parameter of Space.
	Resource string
	// MinResources is the first iteration's budget; 0 means scikit-learn's
	// min_resources="exhaust" (or "smallest" with Smallest).
	MinResources int
	// Smallest selects scikit-learn's min_resources="smallest" when MinResources is 0.
	Smallest bool
	// MaxResources is the largest budget; 0 means the number of rows (scikit-learn
	// "auto"), which is only allowed when the resource is rows.
	MaxResources int
	// AggressiveElimination runs as many iterations as the candidates need, reusing
	// min_r in the first ones if the budget does not allow them all.
	AggressiveElimination bool
	// Seed seeds the row subsampling (scikit-learn random_state); 0 is a valid seed.
	Seed uint64
}

// HalvingInfo describes the schedule a [Halving] search ran (scikit-learn's
// n_resources_, n_candidates_, ... attributes).
type HalvingInfo struct {
	// NResources and NCandidates give each iteration's budget and candidate count.
	NResources, NCandidates []int
	// NRequiredIterations, NPossibleIterations and NIterations are as in the
	// schedule in [Halving]'s documentation.
	NRequiredIterations, NPossibleIterations, NIterations int
	// MinResources and MaxResources are the resolved budgets.
	MinResources, MaxResources int
	// NRemainingCandidates is the number of candidates kept after the last iteration.
	NRemainingCandidates int
}

// Candidates returns the candidates of the first iteration: those of Space.
func (h Halving) Candidates() (iter.Seq[estimator.Params], int) {
	if h.Space == nil || isNil(h.Space) {
		return func(func(estimator.Params) bool) {}, 0
	}
	return h.Space.Candidates()
}

// Validate checks Factor, the resource budgets and the inner Space.
func (h Halving) Validate() error {
	if h.Space == nil || isNil(h.Space) {
		return &estimator.ParamError{Param: "Space.Space", Reason: "is nil"}
	}
	if _, nested := asHalving(h.Space); nested {
		return &estimator.ParamError{Param: "Space.Space", Reason: "a Halving cannot contain another Halving"}
	}
	if v, ok := h.Space.(estimator.Validator); ok {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	if h.Factor < 0 || h.Factor == 1 {
		return &estimator.ParamError{Param: "Space.Factor", Value: h.Factor, Reason: "must be >= 2 (0 means 3)"}
	}
	if h.MinResources < 0 {
		return &estimator.ParamError{Param: "Space.MinResources", Value: h.MinResources, Reason: "must be >= 0"}
	}
	if h.MaxResources < 0 {
		return &estimator.ParamError{Param: "Space.MaxResources", Value: h.MaxResources, Reason: "must be >= 0"}
	}
	if !h.rows() && h.MaxResources == 0 {
		return &estimator.ParamError{Param: "Space.MaxResources", Reason: fmt.Sprintf("must be set when the resource is the parameter %q", h.Resource)}
	}
	if h.MaxResources > 0 && h.MinResources > h.MaxResources {
		return &estimator.ParamError{Param: "Space.MinResources", Value: h.MinResources,
			Reason: fmt.Sprintf("is greater than MaxResources (%d)", h.MaxResources)}
	}
	return nil
}

func (h Halving) rows() bool { return h.Resource == "" || h.Resource == "n_samples" }

func asHalving(s Space) (Halving, bool) {
	switch h := s.(type) {
	case Halving:
		return h, true
	case *Halving:
		if h != nil {
			return *h, true
		}
	}
	return Halving{}, false
}

// halvingPlan is a Halving resolved against the data.
type halvingPlan struct {
	h            Halving
	factor       int
	resource     string // "" for rows, else the parameter path
	maxResources int
	classifier   bool
	nClasses     int
	sched        HalvingInfo
}

func (h Halving) plan(s *Search, n int, y []float64) (*halvingPlan, error) {
	p := &halvingPlan{h: h, factor: h.Factor, maxResources: h.MaxResources}
	if p.factor == 0 {
		p.factor = 3
	}
	if !h.rows() {
		p.resource = h.Resource
	}
	if p.maxResources == 0 {
		p.maxResources = n
	}
	if p.resource == "" && p.maxResources > n {
		return nil, &estimator.ParamError{Param: "Space.MaxResources", Value: h.MaxResources,
			Reason: fmt.Sprintf("is greater than the number of rows (%d)", n)}
	}
	p.classifier = estimator.IsClassifier(s.Estimator)
	if p.classifier && y != nil {
		p.nClasses = len(estimator.ClassesOf(y))
	}
	return p, nil
}

func (p *halvingPlan) info() *HalvingInfo { s := p.sched; return &s }

// run evaluates the successive-halving schedule, appending to ev.results.
func (p *halvingPlan) run(ctx context.Context, ev *evaluator, cands []estimator.Params, folds []crossval.Fold, n int) error {
	h := p.h
	minR := h.MinResources
	if minR == 0 {
		if p.resource == "" {
			minR = 2 * len(folds)
			if p.classifier {
				minR *= max(p.nClasses, 1)
			}
		} else {
			minR = 1
		}
	}
	maxR := p.maxResources
	if minR > maxR {
		return fmt.Errorf("tuning.Search: halving: min resources %d is greater than max resources %d: %w", minR, maxR, estimator.ErrInvalidParam)
	}
	nReq := 1 + floorLog(len(cands), p.factor)
	if h.MinResources == 0 && !h.Smallest {
		minR = max(minR, maxR/intPow(p.factor, nReq-1))
	}
	if minR <= 0 {
		return fmt.Errorf("tuning.Search: halving: min resources is 0: %w", estimator.ErrInvalidParam)
	}
	nPoss := 1 + floorLog(maxR/minR, p.factor)
	nIter := min(nPoss, nReq)
	if h.AggressiveElimination {
		nIter = nReq
	}
	p.sched = HalvingInfo{NRequiredIterations: nReq, NPossibleIterations: nPoss, NIterations: nIter,
		MinResources: minR, MaxResources: maxR}
	// The schedule is known in advance: announce the total number of fits.
	planned, left := 0, len(cands)
	for range nIter {
		planned += left * len(folds)
		left = (left + p.factor - 1) / p.factor
	}
	if planned > MaxFits {
		return fmt.Errorf("tuning.Search: halving: %d fits over %d iterations is more than MaxFits (%d): %w", planned, nIter, MaxFits, estimator.ErrInvalidParam)
	}
	ev.mu.Lock()
	ev.total, ev.fixedTotal = planned, true
	ev.mu.Unlock()
	cur := cands
	idx := make([]int, len(cands))
	for i := range idx {
		idx[i] = i
	}
	for itr := range nIter {
		power := itr
		if h.AggressiveElimination {
			power = max(0, itr-nReq+nPoss)
		}
		nres := min(intPow(p.factor, power)*minR, maxR)
		p.sched.NResources = append(p.sched.NResources, nres)
		p.sched.NCandidates = append(p.sched.NCandidates, len(cur))
		itFolds := folds
		itCands := cur
		if p.resource == "" {
			itFolds = subsampleFolds(folds, float64(nres)/float64(n), h.Seed)
		} else {
			itCands = make([]estimator.Params, len(cur))
			for i, c := range cur {
				c2 := make(estimator.Params, len(c)+1)
				for k, v := range c {
					c2[k] = v
				}
				c2[p.resource] = nres
				itCands[i] = c2
			}
		}
		res, err := ev.evaluate(ctx, itCands, idx, itFolds, itr, nres)
		if err != nil {
			return err
		}
		keep := (len(cur) + p.factor - 1) / p.factor
		order := topK(res, ev.names[ev.refit], keep)
		next := make([]estimator.Params, len(order))
		nextIdx := make([]int, len(order))
		for i, o := range order {
			next[i], nextIdx[i] = cur[o], idx[o]
		}
		cur, idx = next, nextIdx
	}
	p.sched.NRemainingCandidates = len(cur)
	return nil
}

// topK returns the positions of the k best results by mean score of name, in
// ascending score order with failed (NaN) ones considered worst (scikit-learn _top_k).
func topK(res []Result, name string, k int) []int {
	order := make([]int, len(res))
	for i := range order {
		order[i] = i
	}
	score := func(i int) float64 { return res[i].Mean(name) }
	sort.SliceStable(order, func(a, b int) bool {
		sa, sb := score(order[a]), score(order[b])
		if math.IsNaN(sa) {
			return !math.IsNaN(sb)
		}
		if math.IsNaN(sb) {
			return false
		}
		return sa < sb
	})
	return order[len(order)-min(k, len(order)):]
}

// floorLog returns ⌊log_b n⌋ exactly (the largest k with b^k <= n) for n >= 1.
// scikit-learn computes floor(math.log(n, b)) in floating point, which is one less at
// a few exact powers (243 = 3⁵, 59049 = 3¹⁰, 1000 = 10³, 10⁶): there its schedule has
// one iteration fewer than this one.
func floorLog(n, b int) int {
	k := 0
	for p := b; p <= n; p *= b {
		k++
		if p > math.MaxInt/b {
			break
		}
	}
	return k
}

func intPow(b, e int) int {
	r := 1
	for range e {
		if r > math.MaxInt/b {
			return math.MaxInt
		}
		r *= b
	}
	return r
}

// subsampleFolds keeps a random fraction of each fold's train and test rows (at least
// one each), drawn with a generator seeded by seed for every side, as
// scikit-learn's resample with an integer random_state. Kept rows stay in order.
func subsampleFolds(folds []crossval.Fold, fraction float64, seed uint64) []crossval.Fold {
	if fraction >= 1 {
		return folds
	}
	pick := func(rows []int) []int {
		k := max(1, int(fraction*float64(len(rows))))
		if k >= len(rows) {
			return rows
		}
		perm := newRand(seed).Perm(len(rows))[:k]
		out := make([]int, k)
		for i, j := range perm {
			out[i] = rows[j]
		}
		slices.Sort(out)
		return out
	}
	out := make([]crossval.Fold, len(folds))
	for i, f := range folds {
		out[i] = crossval.Fold{Train: pick(f.Train), Test: pick(f.Test)}
	}
	return out
}
