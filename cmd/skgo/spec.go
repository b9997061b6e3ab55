package main

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn/optim"
	"github.com/skgo/skgo/pipeline"
)

// errUsage marks errors in the command line itself (exit code 2).
var errUsage = errors.New("usage error")

// usageErrorf returns a one-line usage error.
func usageErrorf(format string, args ...any) error {
	return fmt.Errorf("%s%w", fmt.Sprintf(format, args...), silent{errUsage})
}

// silent wraps an error so that errors.Is sees it while Error() adds nothing.
type silent struct{ err error }

func (s silent) Error() string { return "" }
func (s silent) Unwrap() error { return s.err }

// stepSpec is one parsed step of a --model text.
type stepSpec struct {
	entry *entry
	args  []string // "key=value" or "key" (a bool set to true)
}

// parseSpec splits a model text like "standardscaler | polynomialfeatures degree=2 |
// ridge alpha=10" into steps, checks every name, and returns the built pipeline with
// the settings applied. Steps are named as pipeline.Make names them: the lower-cased
// type name, with "-1", "-2", ... when a type occurs more than once.
func parseSpec(text string) (*pipeline.Pipeline, error) {
	if strings.TrimSpace(text) == "" {
		return nil, usageErrorf("--model is empty: give at least one model name, e.g. --model 'standardscaler | ridge alpha=1'")
	}
	var specs []stepSpec
	for i, part := range strings.Split(text, "|") {
		fields, err := splitFields(part)
		if err != nil {
			return nil, usageErrorf("--model step %d: %v", i+1, err)
		}
		if len(fields) == 0 {
			return nil, usageErrorf("--model step %d is empty (two '|' in a row?)", i+1)
		}
		e, ok := lookup(fields[0])
		if !ok {
			return nil, usageErrorf("unknown model %q%s", fields[0], suggest(normalize(fields[0]), modelNames()))
		}
		specs = append(specs, stepSpec{entry: e, args: fields[1:]})
	}
	ests := make([]estimator.Estimator, len(specs))
	for i, s := range specs {
		est := s.entry.new()
		for _, arg := range s.args {
			key, val, hasVal := strings.Cut(arg, "=")
			if err := setArg(est, s.entry.name, key, val, hasVal); err != nil {
				return nil, err
			}
		}
		if v, ok := est.(estimator.Validator); ok {
			if err := v.Validate(); err != nil {
				return nil, usageErrorf("%s: %v", s.entry.name, err)
			}
		}
		ests[i] = est
	}
	for i, e := range ests[:len(ests)-1] {
		if _, ok := e.(estimator.Transformer); !ok {
			return nil, usageErrorf("--model step %d (%s) is not a transformer: only the last step may be a model", i+1, specs[i].entry.name)
		}
	}
	return pipeline.Make(ests...), nil
}

// splitFields splits a step on white space; a value may be quoted with ' or ".
func splitFields(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	in := false
	var quote rune
	has := false
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, has = r, true
		case unicode.IsSpace(r):
			if in || has {
				out = append(out, cur.String())
				cur.Reset()
				in, has = false, false
			}
			continue
		default:
			cur.WriteRune(r)
		}
		in = true
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated quote %c", quote)
	}
	if in || has {
		out = append(out, cur.String())
	}
	return out, nil
}

// setArg applies one "key=value" setting of a step to est.
func setArg(est estimator.Estimator, step, key, val string, hasVal bool) error {
	path, t, err := resolveParam(est, key)
	if err != nil {
		return usageErrorf("%s: %v", step, err)
	}
	if !hasVal {
		if t.Kind() != reflect.Bool {
			return usageErrorf("%s: parameter %s needs a value (%s=...)", step, path, key)
		}
		val = "true"
	}
	v, err := parseValue(val, t)
	if err != nil {
		return usageErrorf("%s: parameter %s: %v", step, path, err)
	}
	if err := estimator.SetParams(est, estimator.Params{path: v}); err != nil {
		return usageErrorf("%s: %v", step, err)
	}
	return nil
}

// sklearnAliases maps scikit-learn parameter names (normalized) to ours where they
// differ by more than case and underscores.
var sklearnAliases = map[string]string{
	"randomstate":      "seed",
	"njobs":            "workers",
	"hiddenlayersizes": "hiddensizes",
	"hidden":           "hiddensizes",
}

// resolveParam finds the field of est that key names: a field name matched
// case-insensitively with underscores ignored ("max_iter" is MaxIter), a
// scikit-learn alias (random_state is Seed), or a unique prefix; dots descend into
// struct-valued fields ("optimizer.lr" is Optimizer.LR). It returns the field's path
// and type.
func resolveParam(est any, key string) (string, reflect.Type, error) {
	v := reflect.ValueOf(est)
	var path []string
	segs := strings.Split(key, ".")
	for i, seg := range segs {
		for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if v.Kind() == reflect.Pointer {
					v = reflect.New(v.Type().Elem()).Elem()
					break
				}
				return "", nil, fmt.Errorf("parameter %s is not set, so %q cannot be resolved (set %s first)", strings.Join(path, "."), key, strings.Join(path, "."))
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return "", nil, fmt.Errorf("parameter %s has no parameters of its own (%q)", strings.Join(path, "."), key)
		}
		fields := paramFields(v.Type())
		name, err := matchField(seg, fields)
		if err != nil {
			return "", nil, err
		}
		path = append(path, name)
		v = v.FieldByName(name)
		if i == len(segs)-1 {
			return strings.Join(path, "."), v.Type(), nil
		}
	}
	panic("unreachable")
}

// paramFields lists the settable fields of a struct type: exported, not tagged
// `param:"-"`, not functions or channels.
func paramFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || f.Tag.Get("param") == "-" || f.Type.Kind() == reflect.Func || f.Type.Kind() == reflect.Chan {
			continue
		}
		out = append(out, f.Name)
	}
	return out
}

func matchField(seg string, fields []string) (string, error) {
	key := normalize(seg)
	if a, ok := sklearnAliases[key]; ok {
		for _, f := range fields {
			if normalize(f) == a {
				key = a
			}
		}
	}
	for _, f := range fields {
		if normalize(f) == key {
			return f, nil
		}
	}
	var pre []string
	for _, f := range fields {
		if key != "" && strings.HasPrefix(normalize(f), key) {
			pre = append(pre, f)
		}
	}
	if len(pre) == 1 {
		return pre[0], nil
	}
	if len(fields) == 0 {
		return "", fmt.Errorf("unknown parameter %q: it has no parameters", seg)
	}
	return "", fmt.Errorf("unknown parameter %q%s; parameters: %s", seg, suggestFold(key, fields), strings.Join(fields, ", "))
}

// ruleChoices are the values an optim.Rule field (Optimizer) takes by name.
var ruleChoices = map[string]func() optim.Rule{
	"sgd":     func() optim.Rule { return &optim.SGD{} },
	"adam":    func() optim.Rule { return &optim.Adam{} },
	"adamw":   func() optim.Rule { return &optim.AdamW{} },
	"rmsprop": func() optim.Rule { return &optim.RMSProp{} },
	"adagrad": func() optim.Rule { return &optim.Adagrad{} },
}

var ruleType = reflect.TypeFor[optim.Rule]()

// parseValue converts s to a value of type t: numbers, bools, strings (typed
// string enums too), comma-separated lists for slices and arrays, and optimiser
// names for an optim.Rule.
func parseValue(s string, t reflect.Type) (any, error) {
	s = strings.TrimSpace(s)
	switch t.Kind() {
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not a bool (true or false)", s)
		}
		return reflect.ValueOf(b).Convert(t).Interface(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, t.Bits())
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", s)
		}
		return reflect.ValueOf(n).Convert(t).Interface(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := strconv.ParseUint(s, 10, t.Bits())
		if err != nil {
			return nil, fmt.Errorf("%q is not a non-negative integer", s)
		}
		return reflect.ValueOf(n).Convert(t).Interface(), nil
	case reflect.Float32, reflect.Float64:
		x, err := strconv.ParseFloat(s, t.Bits())
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", s)
		}
		return reflect.ValueOf(x).Convert(t).Interface(), nil
	case reflect.String:
		return reflect.ValueOf(s).Convert(t).Interface(), nil
	case reflect.Slice, reflect.Array:
		var parts []string
		if s != "" {
			parts = strings.Split(s, ",")
		}
		if t.Kind() == reflect.Array && len(parts) != t.Len() {
			return nil, fmt.Errorf("%q: want %d comma-separated values, got %d", s, t.Len(), len(parts))
		}
		var out reflect.Value
		if t.Kind() == reflect.Slice {
			if len(parts) == 0 {
				return reflect.Zero(t).Interface(), nil
			}
			out = reflect.MakeSlice(t, len(parts), len(parts))
		} else {
			out = reflect.New(t).Elem()
		}
		for i, p := range parts {
			switch t.Elem().Kind() {
			case reflect.Slice, reflect.Array, reflect.Interface, reflect.Struct, reflect.Pointer, reflect.Map:
				return nil, fmt.Errorf("a %s cannot be set from the command line", t)
			}
			x, err := parseValue(p, t.Elem())
			if err != nil {
				return nil, err
			}
			out.Index(i).Set(reflect.ValueOf(x))
		}
		return out.Interface(), nil
	case reflect.Interface:
		if t == ruleType {
			if mk, ok := ruleChoices[strings.ToLower(s)]; ok {
				return mk(), nil
			}
			return nil, fmt.Errorf("unknown optimizer %q (one of %s)", s, strings.Join(sortedKeys(ruleChoices), ", "))
		}
	}
	return nil, fmt.Errorf("a %s cannot be set from the command line", t)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// suggest returns " (did you mean a, b?)" with the candidates closest to key, or "".
func suggest(key string, candidates []string) string {
	return suggestWith(key, candidates, func(s string) string { return s })
}

// suggestFold is suggest comparing normalized names.
func suggestFold(key string, candidates []string) string {
	return suggestWith(key, candidates, normalize)
}

func suggestWith(key string, candidates []string, norm func(string) string) string {
	type scored struct {
		name string
		d    int
	}
	var close []scored
	for _, c := range candidates {
		n := norm(c)
		d := levenshtein(key, n)
		limit := max(2, len(key)/3)
		if d <= limit || (len(key) >= 3 && (strings.Contains(n, key) || strings.Contains(key, n))) {
			close = append(close, scored{c, d})
		}
	}
	if len(close) == 0 {
		return ""
	}
	sort.SliceStable(close, func(i, j int) bool {
		if close[i].d != close[j].d {
			return close[i].d < close[j].d
		}
		return close[i].name < close[j].name
	})
	var names []string
	for i, c := range close {
		if i == 4 {
			break
		}
		names = append(names, c.name)
	}
	return " (did you mean " + strings.Join(names, ", ") + "?)"
}

// levenshtein is the edit distance between a and b.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
