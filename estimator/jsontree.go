package estimator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
)

// Hyperparameters are saved as JSON, which has no NaN or infinity, yet a NaN setting is
// an everyday idiom (OrdinalEncoder{UnknownValue: math.NaN()}, as scikit-learn's
// unknown_value=np.nan). When json.Marshal refuses a value, Save writes it through
// encodeTree instead: the same shape as encoding/json (structs as objects of their
// exported fields, slices as arrays), with non-finite floats as the strings "NaN",
// "+Inf" and "-Inf"; decodeTree reads it back by reflection into the field's type.

func encodeTree(v reflect.Value) any { return encodeTreeAt(v, true) }

// hasNestedInterface reports whether a non-nil interface value occurs inside v (below
// v itself, which the file's Key describes).
func hasNestedInterface(v reflect.Value, depth int) bool {
	if depth > 64 {
		return false
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return false
		}
		if depth > 0 {
			return true
		}
		return hasNestedInterface(v.Elem(), depth+1)
	case reflect.Pointer:
		return !v.IsNil() && hasNestedInterface(v.Elem(), depth+1)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() && hasNestedInterface(v.Field(i), depth+1) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if hasNestedInterface(v.Index(i), depth+1) {
				return true
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if hasNestedInterface(it.Value(), depth+1) {
				return true
			}
		}
	}
	return false
}

func encodeTreeAt(v reflect.Value, top bool) any {
	switch v.Kind() {
	case reflect.Invalid:
		return nil
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		if !top { // record the concrete type: decoding needs it
			return map[string]any{"@type": typeKey(v.Elem().Type()), "@value": encodeTreeAt(v.Elem(), false)}
		}
		return encodeTreeAt(v.Elem(), false)
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return encodeTreeAt(v.Elem(), false)
	case reflect.Float32, reflect.Float64:
		x := v.Float()
		switch {
		case math.IsNaN(x):
			return "NaN"
		case math.IsInf(x, 1):
			return "+Inf"
		case math.IsInf(x, -1):
			return "-Inf"
		}
		return json.Number(strconv.FormatFloat(x, 'g', -1, v.Type().Bits()))
	case reflect.Struct:
		m := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			if f := v.Type().Field(i); f.IsExported() {
				m[f.Name] = encodeTreeAt(v.Field(i), false)
			}
		}
		return m
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = encodeTreeAt(v.Index(i), false)
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		m := map[string]any{}
		it := v.MapRange()
		for it.Next() {
			m[fmt.Sprint(it.Key().Interface())] = encodeTreeAt(it.Value(), false)
		}
		return m
	}
	return v.Interface()
}

// decodeParam decodes a saved parameter into dst, a pointer to the field's type.
func decodeParam(fp fileParam, dst reflect.Value, types map[string]reflect.Type) error {
	if fp.Enc == "" {
		return json.Unmarshal(fp.Value, dst.Interface())
	}
	if fp.Enc != "tree" {
		return fmt.Errorf("unknown parameter encoding %q", fp.Enc)
	}
	d := json.NewDecoder(bytes.NewReader(fp.Value))
	d.UseNumber()
	var tree any
	if err := d.Decode(&tree); err != nil {
		return err
	}
	return treeDecoder{types}.decode(tree, dst.Elem(), 0)
}

// treeDecoder decodes encodeTree's output; types resolves the concrete types of
// interface values by import-path key (the same set Load uses for top-level fields).
type treeDecoder struct{ types map[string]reflect.Type }

func (d treeDecoder) decode(t any, v reflect.Value, depth int) error {
	if depth > 64 {
		return fmt.Errorf("parameter nests too deeply")
	}
	if t == nil {
		v.Set(reflect.Zero(v.Type()))
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		if err := d.decode(t, p.Elem(), depth+1); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case reflect.Float32, reflect.Float64:
		var x float64
		switch tv := t.(type) {
		case string:
			switch tv {
			case "NaN":
				x = math.NaN()
			case "+Inf":
				x = math.Inf(1)
			case "-Inf":
				x = math.Inf(-1)
			default:
				return fmt.Errorf("%q is not a number", tv)
			}
		case json.Number:
			f, err := strconv.ParseFloat(string(tv), v.Type().Bits())
			if err != nil {
				return err
			}
			x = f
		default:
			return fmt.Errorf("want a number, got %T", t)
		}
		v.SetFloat(x)
		return nil
	case reflect.Slice, reflect.Array:
		arr, ok := t.([]any)
		if !ok {
			return fmt.Errorf("want an array, got %T", t)
		}
		if v.Kind() == reflect.Array {
			if len(arr) != v.Len() {
				return fmt.Errorf("want %d values, got %d", v.Len(), len(arr))
			}
		} else {
			v.Set(reflect.MakeSlice(v.Type(), len(arr), len(arr)))
		}
		for i, e := range arr {
			if err := d.decode(e, v.Index(i), depth+1); err != nil {
				return err
			}
		}
		return nil
	case reflect.Struct:
		m, ok := t.(map[string]any)
		if !ok {
			return fmt.Errorf("want an object, got %T", t)
		}
		for name, e := range m {
			f, ok := v.Type().FieldByName(name)
			if !ok || !f.IsExported() || len(f.Index) != 1 {
				return fmt.Errorf("unknown field %q", name)
			}
			if err := d.decode(e, v.Field(f.Index[0]), depth+1); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		return nil
	case reflect.Interface:
		m, ok := t.(map[string]any)
		key, _ := m["@type"].(string)
		if !ok || key == "" {
			return fmt.Errorf("want an object with @type for %s, got %T", v.Type(), t)
		}
		rt, ok := d.types[key]
		if !ok || !rt.AssignableTo(v.Type()) {
			if v.IsNil() || typeKey(v.Elem().Type()) != key {
				return fmt.Errorf("saved %s, which the skeleton does not hold and no ParamTyper or LoadTypes lists", key)
			}
			rt = v.Elem().Type()
		}
		nv := reflect.New(rt).Elem()
		if err := d.decode(m["@value"], nv, depth+1); err != nil {
			return err
		}
		v.Set(nv)
		return nil
	case reflect.Map:
		m, ok := t.(map[string]any)
		if !ok || v.Type().Key().Kind() != reflect.String {
			break
		}
		out := reflect.MakeMapWithSize(v.Type(), len(m))
		for k, e := range m {
			ev := reflect.New(v.Type().Elem()).Elem()
			if err := d.decode(e, ev, depth+1); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			out.SetMapIndex(reflect.ValueOf(k).Convert(v.Type().Key()), ev)
		}
		v.Set(out)
		return nil
	}
	// Everything else (ints, strings, bools, interfaces) has no non-finite
	// floats of its own: let encoding/json decode it.
	b, err := json.Marshal(t)
	if err != nil {
		return err
	}
	p := reflect.New(v.Type())
	if err := json.Unmarshal(b, p.Interface()); err != nil {
		return err
	}
	v.Set(p.Elem())
	return nil
}
