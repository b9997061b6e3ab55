package tuning

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/fastpath"
	"github.com/skgo/skgo/pipeline"
)

// Prefix caching (scikit-learn: Pipeline(memory=...)). When the searched estimator is
// a *pipeline.Pipeline, candidates that differ only in the final step's parameters
// share the fitted transformers before it: on each fold, those steps are fitted once
// per distinct configuration, the fold's train and test rows are transformed once,
// and only the final step is fitted per candidate. Because every estimator's Fit is
// deterministic and FitTransform equals Fit then Transform (both checked by
// estimatortest), the scores are exactly those of fitting each candidate's pipeline.

// pipePlan is the prefix/final split of one candidate's pipeline.
type pipePlan struct {
	prefix []pipeline.Step // fitted in the cache entry (clones of these)
	final  estimator.Estimator
	key    string // identifies the prefix configuration
}

// planPipeline returns the plan for proto (built from candidate cand), or nil when
// caching does not apply (not a pipeline, a single step, a final Passthrough, or no
// transformer before the final step).
//
// The key is the prefix steps' types and parameters (estimator.GetParams). Fields
// tagged `param:"-"` (a FunctionTransformer's Func, a ColumnTransformer's Columns) are
// not parameters, and they can differ between candidates only when a candidate
// replaces a whole part, so the identity of every estimator-valued candidate
// parameter under a prefix step is part of the key too.
func planPipeline(proto estimator.Estimator, cand estimator.Params) *pipePlan {
	p, ok := proto.(*pipeline.Pipeline)
	if !ok || p == nil || len(p.Steps) < 2 {
		return nil
	}
	last := p.Steps[len(p.Steps)-1].Est
	if isPassthroughStep(last) {
		return nil
	}
	prefix := p.Steps[:len(p.Steps)-1]
	var key strings.Builder
	fitsSomething := false
	for _, s := range prefix {
		if isPassthroughStep(s.Est) {
			fmt.Fprintf(&key, "%s=passthrough;", s.Name)
			continue
		}
		if _, ok := s.Est.(estimator.Transformer); !ok {
			return nil // an invalid pipeline: let Pipeline.Fit report it
		}
		fitsSomething = true
		fmt.Fprintf(&key, "%s=%T%s;", s.Name, s.Est, estimator.GetParams(s.Est).String())
	}
	if !fitsSomething {
		return nil
	}
	for _, path := range cand.Keys() {
		v, ok := cand[path].(estimator.Estimator)
		if !ok {
			continue
		}
		for _, st := range prefix {
			if path == st.Name || strings.HasPrefix(path, st.Name+".") {
				fmt.Fprintf(&key, "%s:=%s;", path, identity(v))
			}
		}
	}
	return &pipePlan{prefix: prefix, final: last, key: key.String()}
}

// identity names an estimator value: its address for pointers, else its type and
// value.
func identity(v estimator.Estimator) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		return fmt.Sprintf("%T@%#x", v, rv.Pointer())
	}
	return fmt.Sprintf("%T%#v", v, v)
}

func isPassthroughStep(e estimator.Estimator) bool {
	return e == nil || isNil(e) || estimator.IsPassthrough(e)
}

// prefixEntry holds one prefix configuration fitted on one fold, and the statistics
// that final steps implementing fastpath.Preparer computed from its output (one per
// type and PrepareKey, shared by every candidate that differs only in other final-step
// hyperparameters, such as a grid over ridge.Alpha).
type prefixEntry struct {
	once     sync.Once
	xtr, xte mat.Matrix
	err      error
	prepared sync.Map // type + PrepareKey → *preparedEntry
}

type preparedEntry struct {
	once sync.Once
	val  any
	err  error
}

// fitFinal fits final on the entry's training rows, through Prepare/FitPrepared when
// final is an fastpath.Preparer.
func (e *prefixEntry) fitFinal(ctx context.Context, final estimator.Estimator, ytr []float64) error {
	pr, ok := final.(fastpath.Preparer)
	if !ok {
		return final.Fit(ctx, e.xtr, ytr)
	}
	v, _ := e.prepared.LoadOrStore(fmt.Sprintf("%T|%s", final, pr.PrepareKey()), &preparedEntry{})
	pe := v.(*preparedEntry)
	pe.once.Do(func() { pe.val, pe.err = pr.Prepare(e.xtr, ytr) })
	if pe.err != nil {
		return pe.err
	}
	return pr.FitPrepared(ctx, pe.val)
}

// prefixCache maps (fold, prefix key) to entries, dropping each entry once its last
// job has taken it.
type prefixCache struct {
	mu      sync.Mutex
	entries map[cacheKey]*prefixEntry
	refs    map[cacheKey]int
}

type cacheKey struct {
	fold int
	key  string
}

func newPrefixCache() *prefixCache {
	return &prefixCache{entries: map[cacheKey]*prefixEntry{}, refs: map[cacheKey]int{}}
}

// reserve records one future use of (fold, key).
func (c *prefixCache) reserve(fold int, key string) {
	c.refs[cacheKey{fold, key}]++
}

// take returns the entry for (fold, key), creating it if needed; the entry is dropped
// from the cache after its last reserved use has taken it (holders keep it alive).
func (c *prefixCache) take(fold int, key string) *prefixEntry {
	k := cacheKey{fold, key}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[k]
	if e == nil {
		e = &prefixEntry{}
		c.entries[k] = e
	}
	c.refs[k]--
	if c.refs[k] <= 0 {
		delete(c.entries, k)
		delete(c.refs, k)
	}
	return e
}

// fitPrefix fits clones of plan's prefix steps on the fold's train rows and
// transforms the train and test rows through them.
func (e *prefixEntry) fit(ctx context.Context, plan *pipePlan, X mat.Matrix, y []float64, f crossval.Fold) {
	e.once.Do(func() {
		var xtr mat.Matrix = estimator.Rows(X, f.Train)
		ytr := estimator.Select(y, f.Train)
		fitted := make([]estimator.Transformer, 0, len(plan.prefix))
		var names []pipeline.Step
		for _, s := range plan.prefix {
			if err := ctx.Err(); err != nil {
				e.err = err
				return
			}
			if isPassthroughStep(s.Est) {
				continue
			}
			tr := estimator.Clone(s.Est).(estimator.Transformer)
			out, err := estimator.FitTransform(ctx, tr, xtr, ytr)
			if err != nil {
				e.err = fmt.Errorf("pipeline: step %q (%T): %w", s.Name, s.Est, err)
				return
			}
			xtr = out
			fitted = append(fitted, tr)
			names = append(names, s)
		}
		var xte mat.Matrix = estimator.Rows(X, f.Test)
		for i, tr := range fitted {
			out, err := tr.Transform(xte)
			if err != nil {
				e.err = fmt.Errorf("pipeline: step %q (%T): %w", names[i].Name, names[i].Est, err)
				return
			}
			xte = out
		}
		e.xtr, e.xte = xtr, xte
	})
}
