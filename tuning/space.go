package tuning

import (
	"fmt"
	"iter"
	"maps"
	"math"
	"reflect"

	"github.com/skgo/skgo/estimator"
)

// Space is a set of candidate hyperparameter settings to search (scikit-learn: the
// param_grid of GridSearchCV, the param_distributions of RandomizedSearchCV). The
// strategy of a [Search] is its Space: [Grid] and [Grids] enumerate, [Random]
// samples, and [Halving] runs successive halving over another Space.
//
// Candidates returns the candidates in order and their number. Calling it twice must
// give the same sequence (random spaces are seeded), because a [Search] regenerates
// its candidates when a saved search is loaded. Each yielded Params is a fresh map
// the caller may keep.
//
// Spaces may also implement Validate() error, which [Search] calls before fitting
// anything.
type Space interface {
	Candidates() (iter.Seq[estimator.Params], int)
}

var (
	_ Space = Grid(nil)
	_ Space = Grids(nil)
	_ Space = Random{}
	_ Space = Halving{}
)

// Axis is one dimension of a [Grid]: a parameter path and the values it takes.
type Axis struct {
	// Param is the parameter path ("ridge.Alpha", "poly.Degree"; see
	// estimator.SetParams).
	Param string
	// Values lists the values tried, in order. It must not be empty. Build it with
	// [Values] to keep the literal typed: Values(0.1, 1.0, 10.0).
	Values []any
}

// Values returns vs as a []any, for [Axis] and [Choice] literals:
//
//	tuning.Axis{Param: "poly.Degree", Values: tuning.Values(1, 2, 3)}
//	tuning.Axis{Param: "ridge", Values: tuning.Values[estimator.Estimator](&linear.Ridge{}, &linear.Lasso{})}
func Values[T any](vs ...T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// Grid is the Cartesian product of its axes (scikit-learn: ParameterGrid of one
// dict). Candidates come in odometer order with the FIRST axis varying slowest and the
// last axis fastest.
//
// Unlike scikit-learn, which sorts the dict's keys before taking the product, a Grid
// keeps the axis order it was given; list the axes in sorted path order to reproduce
// scikit-learn's candidate order exactly.
type Grid []Axis

// Candidates yields every combination of the axes' values.
func (g Grid) Candidates() (iter.Seq[estimator.Params], int) {
	n := g.size()
	seq := func(yield func(estimator.Params) bool) {
		if n == 0 {
			return
		}
		idx := make([]int, len(g))
		for range n {
			p := make(estimator.Params, len(g))
			for a, ax := range g {
				p[ax.Param] = ax.Values[idx[a]]
			}
			if !yield(p) {
				return
			}
			for a := len(g) - 1; a >= 0; a-- { // odometer: the last axis moves fastest
				idx[a]++
				if idx[a] < len(g[a].Values) {
					break
				}
				idx[a] = 0
			}
		}
	}
	return seq, n
}

// size returns the number of candidates, saturated at math.MaxInt (a grid of 10⁶ ×
// 10⁶ × ... values cannot overflow into a small or negative count).
func (g Grid) size() int {
	if len(g) == 0 {
		return 0
	}
	n := 1
	for _, ax := range g {
		n = mulSat(n, len(ax.Values))
	}
	return n
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

// addSat returns a+b for a, b >= 0, or math.MaxInt when that overflows.
func addSat(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// Validate reports an empty grid, an axis with an empty path or no values, a path
// listed twice, and a grid of more than MaxFits candidates, as a
// *estimator.ParamError.
func (g Grid) Validate() error {
	if len(g) == 0 {
		return &estimator.ParamError{Param: "Space", Reason: "the grid has no axes"}
	}
	seen := map[string]bool{}
	for i, ax := range g {
		if ax.Param == "" {
			return &estimator.ParamError{Param: fmt.Sprintf("Space[%d].Param", i), Reason: "is empty"}
		}
		if seen[ax.Param] {
			return &estimator.ParamError{Param: fmt.Sprintf("Space[%d].Param", i), Value: ax.Param, Reason: "is listed twice"}
		}
		seen[ax.Param] = true
		if len(ax.Values) == 0 {
			return &estimator.ParamError{Param: ax.Param, Reason: "the grid axis has no values"}
		}
	}
	if n := g.size(); n > MaxFits {
		return &estimator.ParamError{Param: "Space", Reason: fmt.Sprintf("the grid has %s candidates, more than MaxFits (%d)", countString(n), MaxFits)}
	}
	return nil
}

// Grids is a union of grids, searched one after the other (scikit-learn: a list of
// dicts as param_grid). Build it with [Union].
type Grids []Grid

// Union returns the union of grids: the candidates of the first grid, then those of
// the second, and so on. Use it for conditional spaces, such as trying different
// parameters for different replacement steps:
//
//	tuning.Union(
//		tuning.Grid{{Param: "ridge.Alpha", Values: tuning.Values(0.1, 1.0)}},
//		tuning.Grid{{Param: "ridge", Values: tuning.Values[estimator.Estimator](&linear.Lasso{Alpha: 0.1})}},
//	)
func Union(grids ...Grid) Grids { return Grids(grids) }

// Candidates yields the candidates of each grid in turn.
func (u Grids) Candidates() (iter.Seq[estimator.Params], int) {
	n := 0
	for _, g := range u {
		n = addSat(n, g.size())
	}
	seq := func(yield func(estimator.Params) bool) {
		for _, g := range u {
			s, _ := g.Candidates()
			for p := range s {
				if !yield(p) {
					return
				}
			}
		}
	}
	return seq, n
}

// Validate validates every grid; an empty union is an error.
func (u Grids) Validate() error {
	if len(u) == 0 {
		return &estimator.ParamError{Param: "Space", Reason: "the union has no grids"}
	}
	for i, g := range u {
		if err := g.Validate(); err != nil {
			return fmt.Errorf("grid %d: %w", i, err)
		}
	}
	if _, n := u.Candidates(); n > MaxFits {
		return &estimator.ParamError{Param: "Space", Reason: fmt.Sprintf("the union has %s candidates, more than MaxFits (%d)", countString(n), MaxFits)}
	}
	return nil
}

// collect materializes a space's candidates and checks the count, which must be at
// most MaxFits.
func collect(s Space) ([]estimator.Params, error) {
	seq, n := s.Candidates()
	if n > MaxFits {
		return nil, &estimator.ParamError{Param: "Space", Reason: fmt.Sprintf("%T has %s candidates, more than MaxFits (%d)", s, countString(n), MaxFits)}
	}
	out := make([]estimator.Params, 0, max(n, 0))
	for p := range seq {
		if len(out) > n {
			break
		}
		out = append(out, p)
	}
	if len(out) != n {
		return nil, fmt.Errorf("%T.Candidates reported %d candidates but yielded %d: %w", s, n, len(out), estimator.ErrInvalidParam)
	}
	if n == 0 {
		return nil, &estimator.ParamError{Param: "Space", Reason: fmt.Sprintf("%T has no candidates", s)}
	}
	return out, nil
}

// applyParams sets p on e. Estimator-valued parameters (step replacements) are
// cloned first, so candidates built from the same space never share a mutable step.
func applyParams(e estimator.Estimator, p estimator.Params) error {
	q := maps.Clone(p)
	for k, v := range q {
		if ev, ok := v.(estimator.Estimator); ok && ev != nil && !isNil(ev) {
			q[k] = estimator.Clone(ev)
		}
	}
	return estimator.SetParams(e, q)
}

func isNil(v any) bool {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Invalid:
		return true
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return rv.IsNil()
	}
	return false
}
