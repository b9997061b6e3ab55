package tuning

import (
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"reflect"

	"github.com/skgo/skgo/estimator"
)

// Sampler is a distribution of a [Random] search parameter: anything with
// Rand() float64, which every gonum.org/v1/gonum/stat/distuv distribution has
// (distuv.Uniform{Min: 0, Max: 1}, distuv.Normal{...}, distuv.Gamma{...}).
//
// A Random search makes its draws reproducible from its Seed: a sampler that is a
// struct (or pointer to a struct) with an exported field Src of type
// math/rand/v2.Source (as distuv's distributions have) is copied with Src replaced by
// a source derived from the seed; a sampler that implements [ValueSampler] (as
// [LogUniform], [IntUniform] and [Choice] do) is given the search's generator. Any
// other sampler is called as it is, and is only as reproducible as it makes itself.
type Sampler interface {
	Rand() float64
}

// ValueSampler is a [Sampler] that can draw with a given generator and return values
// of any type (an int for [IntUniform], the chosen element for [Choice]).
type ValueSampler interface {
	Sampler
	Sample(rng *rand.Rand) any
}

var (
	_ ValueSampler = LogUniform{}
	_ ValueSampler = IntUniform{}
	_ ValueSampler = Choice{}
)

// Dist is one parameter of a [Random] search and its distribution.
type Dist struct {
	// Param is the parameter path ("ridge.Alpha").
	Param string
	// Dist is the distribution values are drawn from; see [Sampler].
	Dist Sampler
}

// Random draws N candidates at random (scikit-learn: ParameterSampler, the space of
// RandomizedSearchCV). For each candidate, one value is drawn for every Dist, in the
// order of Params. Draws are determined by Seed.
//
// As in scikit-learn, when every Dist is a [Choice] the candidates are drawn WITHOUT
// replacement from the grid of all choices (and N is capped at the grid's size);
// otherwise each draw is independent, so candidates may repeat.
type Random struct {
	// N is the number of candidates; it must be > 0 (scikit-learn n_iter=10).
	N int
	// Seed seeds the draws; 0 is a valid fixed seed (scikit-learn random_state).
	Seed uint64
	// Params lists the parameters and their distributions.
	Params []Dist
}

// Validate reports N <= 0 or N > MaxFits, no parameters, empty or repeated paths, nil
// distributions and invalid [LogUniform], [IntUniform] and [Choice] bounds.
func (r Random) Validate() error {
	if r.N <= 0 {
		return &estimator.ParamError{Param: "Space.N", Value: r.N, Reason: "must be > 0"}
	}
	if r.N > MaxFits {
		return &estimator.ParamError{Param: "Space.N", Value: r.N, Reason: fmt.Sprintf("must be at most MaxFits (%d)", MaxFits)}
	}
	if len(r.Params) == 0 {
		return &estimator.ParamError{Param: "Space.Params", Reason: "a random search needs at least one parameter"}
	}
	seen := map[string]bool{}
	for i, d := range r.Params {
		if d.Param == "" {
			return &estimator.ParamError{Param: fmt.Sprintf("Space.Params[%d].Param", i), Reason: "is empty"}
		}
		if seen[d.Param] {
			return &estimator.ParamError{Param: fmt.Sprintf("Space.Params[%d].Param", i), Value: d.Param, Reason: "is listed twice"}
		}
		seen[d.Param] = true
		if d.Dist == nil || isNil(d.Dist) {
			return &estimator.ParamError{Param: d.Param, Reason: "the distribution is nil"}
		}
		if v, ok := d.Dist.(interface{ validate() error }); ok {
			if err := v.validate(); err != nil {
				return &estimator.ParamError{Param: d.Param, Value: d.Dist, Reason: err.Error()}
			}
		}
	}
	return nil
}

// Candidates yields the N (or fewer, see [Random]) candidates drawn from Seed.
func (r Random) Candidates() (iter.Seq[estimator.Params], int) {
	if r.N <= 0 || len(r.Params) == 0 {
		return func(func(estimator.Params) bool) {}, 0
	}
	if g, ok := r.choiceGrid(); ok {
		size := g.size()
		n := min(r.N, size)
		seq := func(yield func(estimator.Params) bool) {
			rng := newRand(r.Seed)
			var picks []int
			if size <= MaxFits {
				picks = rng.Perm(size)[:n] // a permutation of the grid, as scikit-learn
			} else {
				picks = sampleDistinct(rng, size, n) // never materialize a huge grid
			}
			for _, i := range picks {
				if !yield(g.at(i)) {
					return
				}
			}
		}
		return seq, n
	}
	seq := func(yield func(estimator.Params) bool) {
		rng := newRand(r.Seed)
		samplers := make([]func() any, len(r.Params))
		for i, d := range r.Params {
			samplers[i] = seeded(d.Dist, rng)
		}
		for range r.N {
			p := make(estimator.Params, len(r.Params))
			for i, d := range r.Params {
				p[d.Param] = samplers[i]()
			}
			if !yield(p) {
				return
			}
		}
	}
	return seq, r.N
}

// choiceGrid returns the grid of all choices when every Dist is a Choice.
func (r Random) choiceGrid() (Grid, bool) {
	g := make(Grid, len(r.Params))
	for i, d := range r.Params {
		c, ok := d.Dist.(Choice)
		if !ok {
			if pc, okp := d.Dist.(*Choice); okp && pc != nil {
				c, ok = *pc, true
			}
		}
		if !ok || len(c.Values) == 0 {
			return nil, false
		}
		g[i] = Axis{Param: d.Param, Values: c.Values}
	}
	return g, true
}

// at returns the grid's candidate number i in Candidates order (the last axis
// fastest).
func (g Grid) at(i int) estimator.Params {
	p := make(estimator.Params, len(g))
	for a := len(g) - 1; a >= 0; a-- {
		k := len(g[a].Values)
		p[g[a].Param] = g[a].Values[i%k]
		i /= k
	}
	return p
}

// sampleDistinct draws k distinct integers from [0, n) with Floyd's algorithm, in the
// order drawn (k <= n; memory O(k)).
func sampleDistinct(rng *rand.Rand, n, k int) []int {
	seen := make(map[int]bool, k)
	out := make([]int, 0, k)
	for j := n - k; j < n; j++ {
		t := int(rng.Int64N(int64(j) + 1))
		if seen[t] {
			t = j
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

var sourceType = reflect.TypeFor[rand.Source]()

// seeded returns a function drawing from s reproducibly with rng (see Sampler).
func seeded(s Sampler, rng *rand.Rand) func() any {
	if vs, ok := s.(ValueSampler); ok {
		return func() any { return vs.Sample(rng) }
	}
	src := rand.NewPCG(rng.Uint64(), rng.Uint64())
	v := reflect.ValueOf(s)
	ptr := v.Kind() == reflect.Pointer
	if ptr {
		if v.IsNil() {
			return func() any { return math.NaN() }
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct {
		if f, ok := v.Type().FieldByName("Src"); ok && f.IsExported() && f.Type == sourceType && len(f.Index) == 1 {
			cp := reflect.New(v.Type())
			cp.Elem().Set(v)
			cp.Elem().Field(f.Index[0]).Set(reflect.ValueOf(rand.Source(src)))
			var c any = cp.Elem().Interface()
			if ptr {
				c = cp.Interface()
			}
			if cs, ok := c.(Sampler); ok {
				return func() any { return cs.Rand() }
			}
		}
	}
	return func() any { return s.Rand() }
}

// LogUniform is the log-uniform (reciprocal) distribution on [Min, Max]: its log is
// uniform on [log Min, log Max] (scikit-learn examples use scipy.stats.loguniform).
// Use it for scale parameters such as penalties and learning rates.
// 0 < Min <= Max is required.
type LogUniform struct {
	Min, Max float64
}

func (d LogUniform) validate() error {
	if !(d.Min > 0) || !(d.Max >= d.Min) || math.IsInf(d.Max, 1) {
		return fmt.Errorf("LogUniform needs 0 < Min <= Max < Inf, got [%v, %v]", d.Min, d.Max)
	}
	return nil
}

// Rand draws a value using the global generator (a search uses [LogUniform.Sample]).
func (d LogUniform) Rand() float64 { return d.draw(rand.Float64()) }

// Sample draws a float64 with rng.
func (d LogUniform) Sample(rng *rand.Rand) any { return d.draw(rng.Float64()) }

func (d LogUniform) draw(u float64) float64 {
	lo, hi := math.Log(d.Min), math.Log(d.Max)
	return math.Exp(lo + u*(hi-lo))
}

// IntUniform is the discrete uniform distribution on the integers Min..Max,
// inclusive (scipy.stats.randint(Min, Max+1)). Draws are ints. Min <= Max is
// required.
type IntUniform struct {
	Min, Max int
}

func (d IntUniform) validate() error {
	if d.Min > d.Max {
		return fmt.Errorf("IntUniform needs Min <= Max, got [%d, %d]", d.Min, d.Max)
	}
	return nil
}

// Rand draws a value using the global generator, as a float64.
func (d IntUniform) Rand() float64 { return float64(d.draw(rand.Uint64N, rand.Uint64)) }

// Sample draws an int with rng.
func (d IntUniform) Sample(rng *rand.Rand) any { return d.draw(rng.Uint64N, rng.Uint64) }

// draw computes the width of [Min, Max] in unsigned arithmetic, so that any bounds,
// math.MinInt to math.MaxInt included, draw without overflow.
func (d IntUniform) draw(uintn func(uint64) uint64, full func() uint64) int {
	if d.Max <= d.Min {
		return d.Min
	}
	span := uint64(d.Max) - uint64(d.Min) // Max − Min, exact in two's complement
	if span == math.MaxUint64 {
		return int(full())
	}
	return d.Min + int(uintn(span+1))
}

// Choice draws one of Values uniformly (scikit-learn: a list in
// param_distributions). Values must not be empty; build it with [Values]:
// Choice{Values: tuning.Values(1, 2, 3)}.
type Choice struct {
	Values []any
}

func (d Choice) validate() error {
	if len(d.Values) == 0 {
		return fmt.Errorf("Choice has no values")
	}
	return nil
}

// Rand draws a value using the global generator and returns it as a float64 when it
// is a number, or NaN otherwise (a search uses [Choice.Sample]).
func (d Choice) Rand() float64 {
	if len(d.Values) == 0 {
		return math.NaN()
	}
	v := reflect.ValueOf(d.Values[rand.IntN(len(d.Values))])
	switch {
	case v.CanFloat():
		return v.Float()
	case v.CanInt():
		return float64(v.Int())
	case v.CanUint():
		return float64(v.Uint())
	}
	return math.NaN()
}

// Sample returns one of Values chosen with rng.
func (d Choice) Sample(rng *rand.Rand) any {
	if len(d.Values) == 0 {
		return nil
	}
	return d.Values[rng.IntN(len(d.Values))]
}
