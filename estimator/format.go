package estimator

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Format returns e's configuration the way scikit-learn's repr shows it: the short
// type name and the hyperparameters that differ from their zero value (which means the
// documented default), nested estimators included:
//
//	linear.Ridge{Alpha: 10}
//	pipeline.Pipeline{Steps: [{Name: "scale", Est: preprocess.StandardScaler{}} {Name: "ridge", Est: linear.Ridge{Alpha: 1}}]}
//
// Every estimator's String method returns Format(e), so fmt and log print settings,
// not a pointer. Learned state is not shown. Func and channel fields show as "func"
// and "chan" when set; an estimator met again inside itself shows as "<cycle>".
func Format(e any) string {
	if pe, ok := e.(Estimator); ok && (IsPassthrough(pe) || IsDrop(pe)) {
		return fmt.Sprint(e)
	}
	var b strings.Builder
	f := formatter{b: &b, seen: map[uintptr]bool{}}
	f.value(reflect.ValueOf(e), true)
	return b.String()
}

type formatter struct {
	b    *strings.Builder
	seen map[uintptr]bool // pointers on the current path
}

func (f formatter) value(v reflect.Value, top bool) {
	if !v.IsValid() {
		f.b.WriteString("nil")
		return
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			f.b.WriteString("nil")
			return
		}
		f.value(v.Elem(), false)
	case reflect.Pointer:
		if v.IsNil() {
			f.b.WriteString("nil")
			return
		}
		if v.Elem().Kind() != reflect.Struct {
			f.value(v.Elem(), false)
			return
		}
		p := v.Pointer()
		if f.seen[p] {
			f.b.WriteString("<cycle>")
			return
		}
		f.seen[p] = true
		f.structValue(v.Elem())
		delete(f.seen, p)
	case reflect.Struct:
		// A value type with its own String (a placeholder, time.Duration's kin) prints
		// that way; pointers never do, so Format cannot recurse through String methods.
		if s, ok := stringer(v); ok && !top {
			f.b.WriteString(s.String())
			return
		}
		f.structValue(v)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			f.b.WriteString("nil")
			return
		}
		f.b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				f.b.WriteByte(' ')
			}
			f.value(v.Index(i), false)
		}
		f.b.WriteByte(']')
	case reflect.Map:
		f.b.WriteString(fmt.Sprint(v.Interface()))
	case reflect.String:
		f.b.WriteString(strconv.Quote(v.String()))
	case reflect.Float32, reflect.Float64:
		x := v.Float()
		if math.IsNaN(x) || math.IsInf(x, 0) {
			f.b.WriteString(fmt.Sprint(x))
			return
		}
		f.b.WriteString(strconv.FormatFloat(x, 'g', -1, v.Type().Bits()))
	case reflect.Func:
		f.b.WriteString("func")
	case reflect.Chan:
		f.b.WriteString("chan")
	default:
		if v.CanInterface() {
			fmt.Fprint(f.b, v.Interface())
		}
	}
}

func (f formatter) structValue(v reflect.Value) {
	t := v.Type()
	f.b.WriteString(shortTypeName(t))
	f.b.WriteByte('{')
	n := 0
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		fv := v.Field(i)
		if fv.IsZero() {
			continue
		}
		if n > 0 {
			f.b.WriteString(", ")
		}
		n++
		f.b.WriteString(sf.Name)
		f.b.WriteString(": ")
		f.value(fv, false)
	}
	f.b.WriteByte('}')
}

// shortTypeName is "pkg.Type" for a named type ("linear.Ridge").
func shortTypeName(t reflect.Type) string {
	s := t.String()
	return strings.TrimPrefix(s, "*")
}

func stringer(v reflect.Value) (fmt.Stringer, bool) {
	if !v.CanInterface() {
		return nil, false
	}
	s, ok := v.Interface().(fmt.Stringer)
	return s, ok
}
