package estimator

// Reflection in package estimator: this file walks exported fields and Composite parts
// for GetParams, SetParams, Clone and CheckGraph. Three other files reflect because
// they serialise or print the same fields and share this file's walk rules
// (structOf, isNilValue, `param:"-"`): persist.go (Save/Load list the estimators of a
// tree and their parameters), jsontree.go (hyperparameters holding NaN or ±Inf, which
// encoding/json refuses) and format.go (String methods). check.go and state.go only
// test for nil pointers.

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
)

// Params maps dotted parameter paths to values: "Alpha", "ridge.Alpha",
// "prep.num.NoMean", "cnn.Optimizer.LR". Iterate with sorted keys (Keys).
type Params map[string]any

// Keys returns the paths in p, sorted.
func (p Params) Keys() []string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// String formats p as {a: 1, b: 2} with sorted keys.
func (p Params) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range p.Keys() {
		if i > 0 {
			b.WriteString(", ")
		}
		if e, ok := p[k].(Estimator); ok && !isNilValue(reflect.ValueOf(e)) {
			fmt.Fprintf(&b, "%s: %T", k, e) // its parameters follow under k + "."
			continue
		}
		fmt.Fprintf(&b, "%s: %v", k, p[k])
	}
	b.WriteByte('}')
	return b.String()
}

var (
	estimatorType = reflect.TypeFor[Estimator]()
)

// ParamsEqual reports whether a and b hold the same paths with deeply equal values.
// Estimator-valued entries are compared by concrete type only: their parameters are
// listed under their own paths, and their learned state is not configuration. Funcs
// are equal when both are nil or both point to the same code.
func ParamsEqual(a, b Params) bool {
	if len(a) != len(b) {
		return false
	}
	for k, av := range a {
		bv, ok := b[k]
		if !ok {
			return false
		}
		ae, aIsEst := av.(Estimator)
		be, bIsEst := bv.(Estimator)
		if aIsEst || bIsEst {
			if reflect.TypeOf(ae) != reflect.TypeOf(be) || isNilValue(reflect.ValueOf(ae)) != isNilValue(reflect.ValueOf(be)) {
				return false
			}
			continue
		}
		ra, rb := reflect.ValueOf(av), reflect.ValueOf(bv)
		if ra.Kind() == reflect.Func && rb.Kind() == reflect.Func {
			if ra.Pointer() != rb.Pointer() {
				return false
			}
			continue
		}
		if !reflect.DeepEqual(av, bv) {
			return false
		}
	}
	return true
}

// GetParams returns e's hyperparameters, flattened and deep (scikit-learn's
// get_params(deep=True)). Every exported field not tagged `param:"-"` appears under its
// name; a field holding an estimator, a struct or a pointer to a struct appears both
// as a whole and through its own fields ("Optimizer" and "Optimizer.LR"). The parts of
// a Composite appear under their names ("ridge", "ridge.Alpha"). Values are the
// fields' values as they are (not copies).
//
// An estimator that contains itself (a pipeline set to be its own step by direct
// assignment) is listed once: GetParams does not descend into a value it is already
// inside. CheckGraph reports such cycles as errors.
func GetParams(e Estimator) Params {
	p := Params{}
	collectParams(p, "", reflect.ValueOf(e), map[uintptr]bool{})
	return p
}

func collectParams(p Params, prefix string, v reflect.Value, onPath map[uintptr]bool) {
	if !v.IsValid() {
		return
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		ptr := v.Pointer()
		if onPath[ptr] {
			return
		}
		onPath[ptr] = true
		defer delete(onPath, ptr)
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.CanInterface() {
		if c, ok := v.Interface().(Composite); ok && !(v.Kind() == reflect.Pointer && v.IsNil()) {
			for _, part := range c.Parts() {
				p[prefix+part.Name] = part.Est
				collectParams(p, prefix+part.Name+".", reflect.ValueOf(part.Est), onPath)
			}
		}
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || f.Tag.Get("param") == "-" || f.Anonymous {
			continue
		}
		fv := v.Field(i)
		path := prefix + f.Name
		p[path] = fv.Interface()
		if descend(fv) {
			collectParams(p, path+".", fv, onPath)
		}
	}
}

// descend reports whether GetParams and SetParams look inside a field value: a
// non-nil struct, pointer to struct, or interface holding one.
func descend(v reflect.Value) bool {
	for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	return v.Kind() == reflect.Struct && hasExportedFields(v.Type())
}

func hasExportedFields(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).IsExported() {
			return true
		}
	}
	return false
}

// SetParams sets the hyperparameters p on e, in sorted path order (so "Optimizer" is
// replaced before "Optimizer.LR" is set). A path names exported fields and Composite
// parts joined by dots; setting a part's name replaces the part. Numeric values are
// converted only when the conversion is exact (3 into a float64 field, but not 2.5 into
// an int field); strings go into typed-string enums. Unknown paths, unexported fields,
// `param:"-"` fields and values of the wrong type give a *ParamError. SetParams does not
// validate values; call Validate (or Fit) for that.
//
// On error, the paths before the failing one have been applied. Callers that need
// all-or-nothing apply p to a Clone first (as tuning.Search does).
func SetParams(e Estimator, p Params) error {
	for _, k := range p.Keys() {
		if err := setParam(e, k, p[k]); err != nil {
			return err
		}
	}
	return nil
}

func setParam(e Estimator, path string, value any) error {
	if path == "" {
		return &ParamError{Param: path, Reason: "empty path"}
	}
	segs := strings.Split(path, ".")
	cur := reflect.ValueOf(e)
	// A struct held by value in an interface field (a splitter such as KFold{K: 5} in
	// a CV field) is not addressable: it is copied, the copy is modified, and the copy
	// is stored back into the field once the whole path has been set.
	type writeBack struct{ field, copy reflect.Value }
	var pending []writeBack
	defer func() {
		for i := len(pending) - 1; i >= 0; i-- {
			pending[i].field.Set(pending[i].copy)
		}
	}()
	for i, seg := range segs {
		last := i == len(segs)-1
		if seg == "" {
			return &ParamError{Param: path, Reason: "empty path segment"}
		}
		// A Composite part?
		if cur.IsValid() && cur.CanInterface() {
			if c, ok := cur.Interface().(Composite); ok && !isNilValue(cur) {
				if part, found := findPart(c, seg); found {
					if last {
						pe, ok := value.(Estimator)
						if !ok && value != nil {
							return &ParamError{Param: path, Value: value, Reason: fmt.Sprintf("a part of %T must be an estimator, got %T", c, value)}
						}
						if pe != nil && contains(pe, e) {
							return &ParamError{Param: path, Value: fmt.Sprintf("%T", value), Reason: "the estimator would contain itself"}
						}
						if err := c.SetPart(seg, pe); err != nil {
							return &ParamError{Param: path, Value: value, Reason: err.Error()}
						}
						return nil
					}
					cur = reflect.ValueOf(part)
					continue
				}
			}
		}
		sv, err := structOf(cur)
		if err != nil {
			return &ParamError{Param: path, Reason: fmt.Sprintf("cannot descend into %s: %v", strings.Join(segs[:i], "."), err)}
		}
		f, ok := sv.Type().FieldByName(seg)
		if !ok || len(f.Index) != 1 {
			reason := fmt.Sprintf("%s has no parameter %q", sv.Type(), seg)
			if sug := suggestPath(e, path); sug != "" && sug != path {
				reason += fmt.Sprintf("; did you mean %q?", sug)
			}
			return &ParamError{Param: path, Reason: reason}
		}
		if !f.IsExported() || f.Tag.Get("param") == "-" {
			return &ParamError{Param: path, Reason: fmt.Sprintf("%s.%s is not a settable parameter", sv.Type(), seg)}
		}
		fv := sv.Field(f.Index[0])
		if !last && fv.Kind() == reflect.Interface && !fv.IsNil() && fv.Elem().Kind() == reflect.Struct && fv.CanSet() {
			cp := reflect.New(fv.Elem().Type()).Elem()
			cp.Set(fv.Elem())
			pending = append(pending, writeBack{fv, cp})
			cur = cp.Addr()
			continue
		}
		if last {
			if !fv.CanSet() {
				return &ParamError{Param: path, Reason: "field is not addressable (held by value in an interface)"}
			}
			cv, err := convertValue(value, fv.Type())
			if err != nil {
				return &ParamError{Param: path, Value: value, Reason: err.Error()}
			}
			if ve, ok := value.(Estimator); ok && contains(ve, e) {
				return &ParamError{Param: path, Value: fmt.Sprintf("%T", value), Reason: "the estimator would contain itself"}
			}
			fv.Set(cv)
			return nil
		}
		cur = fv
	}
	return nil
}

// suggestPath returns the parameter path of e that path most likely means, or "":
// scikit-learn spellings ("ridge__alpha", "ridge.alpha", "max_depth") are matched to
// parts and fields ignoring case and underscores ("ridge.Alpha", "MaxDepth").
func suggestPath(e Estimator, path string) string {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }
	segs := strings.Split(strings.ReplaceAll(path, "__", "."), ".")
	cur := reflect.ValueOf(e)
	out := make([]string, 0, len(segs))
	for _, seg := range segs {
		if seg == "" {
			return ""
		}
		if cur.IsValid() && cur.CanInterface() && !isNilValue(cur) {
			if c, ok := cur.Interface().(Composite); ok {
				found := false
				for _, p := range c.Parts() {
					if p.Name == seg || norm(p.Name) == norm(seg) {
						out = append(out, p.Name)
						cur = reflect.ValueOf(p.Est)
						found = true
						break
					}
				}
				if found {
					continue
				}
			}
		}
		sv, err := structOf(cur)
		if err != nil {
			return ""
		}
		t := sv.Type()
		match := -1
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && f.Tag.Get("param") != "-" && norm(f.Name) == norm(seg) {
				match = i
				break
			}
		}
		if match < 0 {
			return ""
		}
		out = append(out, t.Field(match).Name)
		cur = sv.Field(match)
	}
	return strings.Join(out, ".")
}

func isNilValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return v.IsNil()
	}
	return false
}

func findPart(c Composite, name string) (Estimator, bool) {
	for _, p := range c.Parts() {
		if p.Name == name {
			return p.Est, true
		}
	}
	return nil, false
}

// structOf returns the addressable struct behind v (through interfaces and pointers).
func structOf(v reflect.Value) (reflect.Value, error) {
	for {
		switch v.Kind() {
		case reflect.Interface, reflect.Pointer:
			if v.IsNil() {
				return reflect.Value{}, fmt.Errorf("it is nil")
			}
			v = v.Elem()
		case reflect.Struct:
			return v, nil
		default:
			if !v.IsValid() {
				return reflect.Value{}, fmt.Errorf("no value")
			}
			return reflect.Value{}, fmt.Errorf("%s has no fields", v.Type())
		}
	}
}

// convertValue converts value to type t under SetParams' rules.
func convertValue(value any, t reflect.Type) (reflect.Value, error) {
	if value == nil {
		switch t.Kind() {
		case reflect.Interface, reflect.Pointer, reflect.Slice, reflect.Map, reflect.Func:
			return reflect.Zero(t), nil
		}
		return reflect.Value{}, fmt.Errorf("nil is not a valid %s", t)
	}
	v := reflect.ValueOf(value)
	if v.Type().AssignableTo(t) {
		return v, nil
	}
	switch {
	case isNumeric(v.Kind()) && isNumeric(t.Kind()):
		return convertNumber(v, t)
	case v.Kind() == reflect.String && t.Kind() == reflect.String:
		return v.Convert(t), nil
	case v.Kind() == reflect.Bool && t.Kind() == reflect.Bool:
		return v.Convert(t), nil
	case v.Kind() == reflect.Slice && t.Kind() == reflect.Slice:
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			ev, err := convertValue(v.Index(i).Interface(), t.Elem())
			if err != nil {
				return reflect.Value{}, fmt.Errorf("element %d: %v", i, err)
			}
			out.Index(i).Set(ev)
		}
		return out, nil
	}
	return reflect.Value{}, fmt.Errorf("a %T cannot be used as %s", value, t)
}

func isNumeric(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// convertNumber converts v to t only when no information is lost.
func convertNumber(v reflect.Value, t reflect.Type) (reflect.Value, error) {
	out := v.Convert(t)
	back := out.Convert(v.Type())
	exact := back.Equal(v)
	if v.CanFloat() && math.IsNaN(v.Float()) && out.CanFloat() {
		exact = true // NaN round-trips as NaN; Validate rejects it where it matters
	}
	// Sign flips (-1 into a uint, 2⁶³ into an int) round-trip but are not exact.
	if exact && (v.CanInt() && v.Int() < 0 || v.CanFloat() && v.Float() < 0) && out.CanUint() {
		exact = false
	}
	if exact && v.CanUint() && out.CanInt() && out.Int() < 0 {
		exact = false
	}
	if !exact {
		return reflect.Value{}, fmt.Errorf("%v (%s) is not exactly representable as %s", v.Interface(), v.Type(), t)
	}
	return out, nil
}

// Clone returns a copy of e's configuration with no learned state: scikit-learn's
// clone. If e implements Cloner, its Clone is used. Otherwise Clone allocates a new
// value of e's concrete type and deep-copies every exported field (structs, pointers,
// slices, maps, interfaces; estimator-valued fields are cloned recursively), leaving
// unexported fields at their zero value, which is what makes the copy unfitted. Funcs,
// channels and `param:"-"` fields are copied shallowly.
//
// Clone panics with a *CycleError if e contains itself (see CheckGraph): such a value
// can only be built by assigning fields directly, SetParams refuses to, and the entry
// points that clone for the user (crossval, tuning, Save, Load) check the graph first
// and return the error instead.
func Clone[E Estimator](e E) E {
	v := reflect.ValueOf(e)
	if !v.IsValid() {
		return e
	}
	if err := CheckGraph(e); err != nil {
		panic(err)
	}
	return cloneValue(v).Interface().(E)
}

// CloneAny is Clone for a value whose static type is Estimator.
func cloneEstimator(e Estimator) Estimator {
	if isNilValue(reflect.ValueOf(e)) {
		return e
	}
	if err := CheckGraph(e); err != nil {
		panic(err)
	}
	if c, ok := e.(Cloner); ok {
		return c.Clone()
	}
	return cloneValue(reflect.ValueOf(e)).Interface().(Estimator)
}

func cloneValue(v reflect.Value) reflect.Value {
	if v.CanInterface() && !isNilValue(v) {
		if c, ok := v.Interface().(Cloner); ok {
			cv := reflect.ValueOf(c.Clone())
			if cv.Type() == v.Type() {
				return cv
			}
		}
	}
	return deepCopy(v, v.Type().Implements(estimatorType))
}

// deepCopy copies v. When isEst is true, v (or what it points to) is an estimator, so
// its unexported fields are left zero.
func deepCopy(v reflect.Value, isEst bool) reflect.Value {
	t := v.Type()
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		n := reflect.New(t.Elem())
		n.Elem().Set(copyElem(v.Elem(), isEst))
		return n
	case reflect.Interface:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		inner := v.Elem()
		var c reflect.Value
		if e, ok := inner.Interface().(Estimator); ok {
			c = reflect.ValueOf(cloneEstimator(e))
		} else {
			c = deepCopy(inner, false)
		}
		out := reflect.New(t).Elem()
		out.Set(c)
		return out
	case reflect.Struct:
		return copyElem(v, isEst)
	case reflect.Slice:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(copyField(v.Index(i)))
		}
		return out
	case reflect.Array:
		out := reflect.New(t).Elem()
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(copyField(v.Index(i)))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		out := reflect.MakeMapWithSize(t, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			out.SetMapIndex(iter.Key(), copyField(iter.Value()))
		}
		return out
	default: // basic kinds, funcs, chans: copied as they are
		return v
	}
}

// copyField deep-copies a value found inside a configuration, cloning estimators.
func copyField(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Pointer && !v.IsNil() && v.Type().Implements(estimatorType) {
		return reflect.ValueOf(cloneEstimator(v.Interface().(Estimator)))
	}
	return deepCopy(v, false)
}

// copyElem copies a struct value: exported fields deep, unexported fields zero for
// estimators and shallow-copied otherwise (so value types such as time.Time survive).
func copyElem(v reflect.Value, isEst bool) reflect.Value {
	t := v.Type()
	out := reflect.New(t).Elem()
	if v.Kind() != reflect.Struct {
		out.Set(deepCopy(v, false))
		return out
	}
	isEst = isEst || reflect.PointerTo(t).Implements(estimatorType) || t.Implements(estimatorType)
	if !isEst {
		out.Set(v) // keeps unexported fields of plain values
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Tag.Get("param") == "-" {
			out.Field(i).Set(v.Field(i))
			continue
		}
		out.Field(i).Set(copyField(v.Field(i)))
	}
	return out
}

// MaxDepth bounds how deeply estimators may nest (a pipeline inside a union inside a
// search...). CheckGraph rejects deeper graphs, which only a program building them in a
// loop could produce.
const MaxDepth = 64

// CycleError reports an estimator that contains itself, or nests deeper than MaxDepth.
type CycleError struct {
	Path string // dotted path to the repeated (or too deep) estimator
	Type string // its concrete type
	Deep bool   // true when the graph is too deep rather than cyclic
}

func (e *CycleError) Error() string {
	if e.Deep {
		return fmt.Sprintf("estimator: %s (%s) nests estimators more than %d deep: %v", pathName(e.Path), e.Type, MaxDepth, ErrInvalidParam)
	}
	return fmt.Sprintf("estimator: %s (%s) contains the estimator it is part of (a cycle): %v", pathName(e.Path), e.Type, ErrInvalidParam)
}

// Unwrap returns ErrInvalidParam.
func (e *CycleError) Unwrap() error { return ErrInvalidParam }

// CheckGraph returns a *CycleError if e contains itself: an estimator reachable from
// one of its own parts or estimator-valued fields. GetParams, Clone, Save and Load
// would otherwise loop forever or overflow the stack. It also rejects nesting deeper
// than MaxDepth.
func CheckGraph(e Estimator) error {
	if e == nil {
		return nil
	}
	var stack [16]uintptr // the pointers on the current path; no allocation when shallow
	return checkGraph("", reflect.ValueOf(e), stack[:0], 0)
}

func checkGraph(path string, v reflect.Value, onPath []uintptr, depth int) error {
	for v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil
	}
	ptr := v.Pointer()
	if slices.Contains(onPath, ptr) {
		return &CycleError{Path: path, Type: v.Type().String()}
	}
	if depth > MaxDepth {
		return &CycleError{Path: path, Type: v.Type().String(), Deep: true}
	}
	onPath = append(onPath, ptr)
	join := func(name string) string {
		if path == "" {
			return name
		}
		return path + "." + name
	}
	if c, ok := v.Interface().(Composite); ok {
		for _, part := range c.Parts() {
			if err := checkGraph(join(part.Name), reflect.ValueOf(part.Est), onPath, depth+1); err != nil {
				return err
			}
		}
	}
	sv := v.Elem()
	if sv.Kind() != reflect.Struct {
		return nil
	}
	for i := 0; i < sv.NumField(); i++ {
		f := sv.Type().Field(i)
		if !f.IsExported() || f.Tag.Get("param") == "-" {
			continue
		}
		fv := sv.Field(i)
		for fv.Kind() == reflect.Interface && !fv.IsNil() {
			fv = fv.Elem()
		}
		if fv.Kind() == reflect.Pointer && !fv.IsNil() {
			if err := checkGraph(join(f.Name), fv, onPath, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// contains reports whether target is reachable from e (e itself included).
func contains(e, target Estimator) bool {
	tv := reflect.ValueOf(target)
	if tv.Kind() != reflect.Pointer || tv.IsNil() {
		return false
	}
	found := false
	var walk func(v reflect.Value, seen map[uintptr]bool, depth int)
	walk = func(v reflect.Value, seen map[uintptr]bool, depth int) {
		for v.Kind() == reflect.Interface && !v.IsNil() {
			v = v.Elem()
		}
		if found || v.Kind() != reflect.Pointer || v.IsNil() || depth > MaxDepth {
			return
		}
		if v.Pointer() == tv.Pointer() {
			found = true
			return
		}
		if seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		if c, ok := v.Interface().(Composite); ok {
			for _, part := range c.Parts() {
				walk(reflect.ValueOf(part.Est), seen, depth+1)
			}
		}
		sv := v.Elem()
		if sv.Kind() != reflect.Struct {
			return
		}
		for i := 0; i < sv.NumField(); i++ {
			f := sv.Type().Field(i)
			if f.IsExported() && f.Tag.Get("param") != "-" {
				walk(sv.Field(i), seen, depth+1)
			}
		}
	}
	walk(reflect.ValueOf(e), map[uintptr]bool{}, 0)
	return found
}
