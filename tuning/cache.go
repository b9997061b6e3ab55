package tuning

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/fastpath"
)

// Prefix caching (scikit-learn: Pipeline(memory=...)). When the searched estimator is
// a chain (see asChain: a pipeline.Pipeline), candidates that differ only in the
// final step's parameters share the fitted transformers before it: on each fold,
// those steps are fitted once per distinct configuration, the fold's train and test
// rows are transformed once, and only the final step is fitted per candidate. Because
// every estimator's Fit is deterministic and FitTransform equals Fit then Transform
// (both checked by estimatortest), the scores are exactly those of fitting each
// candidate's pipeline.

// asChain returns the parts of e when e is a chain: an estimator.Composite whose
// parts run in order, each part but the last transforming the output of the one
// before, and whose last part is the model it unwraps to (estimator.Unwrapper returns
// that very part). pipeline.Pipeline is one; a FeatureUnion (parts side by side, no
// Unwrap) and a TransformedTargetRegressor (unwraps to its first part) are not. A part
// before the last must be a Transformer, estimator.Passthrough or nil.
func asChain(e estimator.Estimator) ([]estimator.Part, bool) {
	c, ok := e.(estimator.Composite)
	if !ok || isNil(e) {
		return nil, false
	}
	u, ok := e.(estimator.Unwrapper)
	if !ok {
		return nil, false
	}
	parts := c.Parts()
	if len(parts) < 2 {
		return nil, false
	}
	last := parts[len(parts)-1].Est
	inner := u.Unwrap()
	if isNil(last) || isNil(inner) || !sameValue(inner, last) {
		return nil, false
	}
	for _, p := range parts[:len(parts)-1] {
		if isPassthroughStep(p.Est) {
			continue
		}
		if _, ok := p.Est.(estimator.Transformer); !ok {
			return nil, false
		}
	}
	return parts, true
}

// sameValue reports whether a and b are the same estimator value: the same pointer,
// or equal comparable values.
func sameValue(a, b estimator.Estimator) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Type() != vb.Type() {
		return false
	}
	if va.Kind() == reflect.Pointer {
		return va.Pointer() == vb.Pointer()
	}
	return va.Comparable() && va.Equal(vb)
}

// pipePlan is the prefix/final split of one candidate's chain.
type pipePlan struct {
	prefix    []estimator.Part // fitted in the cache entry (clones of these)
	final     estimator.Estimator
	finalName string
	key       string // identifies the prefix configuration
}

// identities numbers the estimator values that candidates put into a prefix (step
// replacements), so that cache keys tell them apart by identity: their
// `param:"-"` fields (a FunctionTransformer's Func) are not parameters and may
// differ between values whose parameters are equal.
type identities struct {
	ptrs map[uintptr]int
	vals map[any]int
}

func (ids *identities) of(v estimator.Estimator) (int, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if ids.ptrs == nil {
			ids.ptrs = map[uintptr]int{}
		}
		id, ok := ids.ptrs[rv.Pointer()]
		if !ok {
			id = len(ids.ptrs) + len(ids.vals)
			ids.ptrs[rv.Pointer()] = id
		}
		return id, true
	}
	if !rv.Comparable() {
		return 0, false
	}
	if ids.vals == nil {
		ids.vals = map[any]int{}
	}
	id, ok := ids.vals[v]
	if !ok {
		id = len(ids.ptrs) + len(ids.vals)
		ids.vals[v] = id
	}
	return id, true
}

// planPipeline returns the plan for proto (built from candidate cand), or nil when
// caching does not apply: proto is not a chain, the final step is a Passthrough, no
// step before it fits anything, or the prefix's parameters hold a value the key
// cannot encode exactly (a func, a struct with unexported fields).
//
// The key is a canonical encoding of the prefix: every step's name, concrete type
// (with its import path) and parameters (estimator.GetParams, in sorted path order,
// floats by their exact bits), and the identity of every estimator-valued candidate
// parameter under a prefix step.
func planPipeline(proto estimator.Estimator, cand estimator.Params, ids *identities) *pipePlan {
	parts, ok := asChain(proto)
	if !ok {
		return nil
	}
	last := parts[len(parts)-1]
	if isPassthroughStep(last.Est) {
		return nil
	}
	prefix := parts[:len(parts)-1]
	var key []byte
	fitsSomething := false
	for _, s := range prefix {
		key = strconv.AppendQuote(key, s.Name)
		if isPassthroughStep(s.Est) {
			key = append(key, "=passthrough;"...)
			continue
		}
		fitsSomething = true
		key = append(key, '=')
		key = append(key, typeKey(reflect.TypeOf(s.Est))...)
		params := estimator.GetParams(s.Est)
		for _, path := range params.Keys() {
			key = append(key, ' ')
			key = strconv.AppendQuote(key, path)
			key = append(key, ':')
			var ok bool
			if key, ok = appendValue(key, reflect.ValueOf(params[path]), 0); !ok {
				return nil
			}
		}
		key = append(key, ';')
	}
	if !fitsSomething {
		return nil
	}
	for _, path := range cand.Keys() {
		v, ok := cand[path].(estimator.Estimator)
		if !ok || isNil(v) {
			continue
		}
		for _, st := range prefix {
			if path == st.Name || strings.HasPrefix(path, st.Name+".") {
				id, ok := ids.of(v)
				if !ok {
					return nil
				}
				key = strconv.AppendQuote(key, path)
				key = append(key, ":="...)
				key = strconv.AppendInt(key, int64(id), 10)
				key = append(key, ';')
			}
		}
	}
	return &pipePlan{prefix: prefix, final: last.Est, finalName: last.Name, key: string(key)}
}

// typeKey names t unambiguously: import path and name for named types.
func typeKey(t reflect.Type) string {
	if t == nil {
		return "nil"
	}
	switch {
	case t.Name() != "" && t.PkgPath() != "":
		return t.PkgPath() + "." + t.Name()
	case t.Kind() == reflect.Pointer:
		return "*" + typeKey(t.Elem())
	case t.Kind() == reflect.Slice:
		return "[]" + typeKey(t.Elem())
	}
	return t.String()
}

// appendValue appends a canonical encoding of v, or reports false when v holds
// something that cannot be encoded exactly (funcs, channels, unexported fields).
// Estimators are encoded by type alone: GetParams lists their parameters separately.
func appendValue(b []byte, v reflect.Value, depth int) ([]byte, bool) {
	if depth > estimator.MaxDepth {
		return b, false
	}
	if !v.IsValid() {
		return append(b, "nil"...), true
	}
	if v.CanInterface() {
		if _, ok := v.Interface().(estimator.Estimator); ok && !isNil(v.Interface()) {
			b = append(b, "est "...)
			return append(b, typeKey(v.Type())...), true
		}
	}
	switch v.Kind() {
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b = append(b, typeKey(v.Type())...)
		b = append(b, '(')
		b = strconv.AppendInt(b, v.Int(), 10)
		return append(b, ')'), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		b = append(b, typeKey(v.Type())...)
		b = append(b, '(')
		b = strconv.AppendUint(b, v.Uint(), 10)
		return append(b, ')'), true
	case reflect.Float32, reflect.Float64:
		b = append(b, typeKey(v.Type())...)
		b = append(b, "(0x"...)
		b = strconv.AppendUint(b, math.Float64bits(v.Float()), 16)
		return append(b, ')'), true
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		b = append(b, "c(0x"...)
		b = strconv.AppendUint(b, math.Float64bits(real(c)), 16)
		b = append(b, ",0x"...)
		b = strconv.AppendUint(b, math.Float64bits(imag(c)), 16)
		return append(b, ')'), true
	case reflect.String:
		b = append(b, typeKey(v.Type())...)
		return strconv.AppendQuote(b, v.String()), true
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(b, "nil"...), true
		}
		b = append(b, '&')
		return appendValue(b, v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return append(b, "nil"...), true
		}
		b = append(b, typeKey(v.Type())...)
		b = append(b, '[')
		for i := range v.Len() {
			var ok bool
			if b, ok = appendValue(b, v.Index(i), depth+1); !ok {
				return b, false
			}
			b = append(b, ',')
		}
		return append(b, ']'), true
	case reflect.Map:
		if v.IsNil() {
			return append(b, "nil"...), true
		}
		entries := make([]string, 0, v.Len())
		it := v.MapRange()
		for it.Next() {
			k, ok := appendValue(nil, it.Key(), depth+1)
			if !ok {
				return b, false
			}
			k = append(k, ':')
			if k, ok = appendValue(k, it.Value(), depth+1); !ok {
				return b, false
			}
			entries = append(entries, string(k))
		}
		slices.Sort(entries)
		b = append(b, typeKey(v.Type())...)
		b = append(b, '{')
		for _, e := range entries {
			b = append(b, e...)
			b = append(b, ',')
		}
		return append(b, '}'), true
	case reflect.Struct:
		t := v.Type()
		b = append(b, typeKey(t)...)
		b = append(b, '{')
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				return b, false
			}
			b = append(b, f.Name...)
			b = append(b, ':')
			var ok bool
			if b, ok = appendValue(b, v.Field(i), depth+1); !ok {
				return b, false
			}
			b = append(b, ',')
		}
		return append(b, '}'), true
	}
	return b, false // funcs, channels, unsafe pointers
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

// fitFinal fits final on the entry's training rows: through Prepare/FitPrepared when
// final is a fastpath.Preparer and there are no weights, with FitWeighted when there
// are (planPipeline is only used then for a WeightedFitter final step).
func (e *prefixEntry) fitFinal(ctx context.Context, final estimator.Estimator, ytr, wtr []float64) error {
	if wtr != nil {
		return final.(estimator.WeightedFitter).FitWeighted(ctx, e.xtr, ytr, wtr)
	}
	pr, ok := final.(fastpath.Preparer)
	if !ok {
		return final.Fit(ctx, e.xtr, ytr)
	}
	v, _ := e.prepared.LoadOrStore(typeKey(reflect.TypeOf(final))+"|"+pr.PrepareKey(), &preparedEntry{})
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

// fit fits clones of plan's prefix steps on the fold's train rows and transforms the
// train and test rows through them, once per entry.
func (e *prefixEntry) fit(ctx context.Context, plan *pipePlan, X mat.Matrix, y []float64, f crossval.Fold) {
	e.once.Do(func() {
		var xtr mat.Matrix = estimator.Rows(X, f.Train)
		ytr := estimator.Select(y, f.Train)
		fitted := make([]estimator.Transformer, 0, len(plan.prefix))
		var names []estimator.Part
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
