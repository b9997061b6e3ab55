package layer

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

// ErrInvalidLayer is wrapped by [Check] for a layer tree that cannot run: a nil or
// typed-nil layer, or a built-in layer with a nil weight.
var ErrInvalidLayer = errors.New("layer: invalid layer")

// Check reports, with an error wrapping [ErrInvalidLayer] that names the path, a layer
// tree that would panic in Forward instead of computing: l itself or a layer of a
// [Sequential] or a [Residual] body that is nil or a typed nil (a nil *Dense in an
// interface), a [Residual] shortcut that is a typed nil, or a [Dense], [Conv2D],
// [BatchNorm] or [Embedding] whose weights are nil. Check walks only the containers
// of this package; a user's layer type is checked for being nil, not looked into.
// Estimators call it on what a user's Build function returns.
func Check(l Layer) error { return check(l, "network", 0) }

func isNil(l Layer) bool {
	if l == nil {
		return true
	}
	v := reflect.ValueOf(l)
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return v.IsNil()
	}
	return false
}

// maxCheckDepth bounds the nesting Check follows (a cycle of pointers would otherwise
// recurse forever).
const maxCheckDepth = 1000

func check(l Layer, path string, depth int) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("layer.Check: %s: %s: %w", path, fmt.Sprintf(format, args...), ErrInvalidLayer)
	}
	if depth > maxCheckDepth {
		return bad("nested more than %d levels deep (a cycle?)", maxCheckDepth)
	}
	if isNil(l) {
		if l == nil {
			return bad("is nil")
		}
		return bad("is a nil %T", l)
	}
	param := func(name string, p *autograd.Param, optional bool) error {
		if p == nil {
			if optional {
				return nil
			}
			return bad("%s is nil", name)
		}
		if p.Value == nil {
			return bad("%s has a nil value", name)
		}
		return nil
	}
	buffer := func(name string, t *tensor.Dense) error {
		if t == nil {
			return bad("%s is nil", name)
		}
		return nil
	}
	act := func(a Activation) error {
		if err := a.Validate(); err != nil {
			return bad("%v", err)
		}
		return nil
	}
	seq := func(ls []Layer) error {
		for i, c := range ls {
			if err := check(c, fmt.Sprintf("%s.layers.%d", path, i), depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	switch v := l.(type) {
	case *Sequential:
		return seq(v.Layers)
	case Sequential:
		return seq(v.Layers)
	case *Residual:
		return checkResidual(*v, path, depth)
	case Residual:
		return checkResidual(v, path, depth)
	case *Dense:
		return firstErr(param("W", v.W, false), param("B", v.B, true), act(v.Act))
	case Dense:
		return firstErr(param("W", v.W, false), param("B", v.B, true), act(v.Act))
	case *Conv2D:
		return firstErr(param("W", v.W, false), param("B", v.B, true))
	case Conv2D:
		return firstErr(param("W", v.W, false), param("B", v.B, true))
	case *BatchNorm:
		return firstErr(param("Gamma", v.Gamma, false), param("Beta", v.Beta, false), buffer("RunMean", v.RunMean), buffer("RunVar", v.RunVar))
	case BatchNorm:
		return firstErr(param("Gamma", v.Gamma, false), param("Beta", v.Beta, false), buffer("RunMean", v.RunMean), buffer("RunVar", v.RunVar))
	case *Embedding:
		return param("W", v.W, false)
	case Embedding:
		return param("W", v.W, false)
	case *Lambda:
		if v.Fn == nil {
			return bad("Fn is nil")
		}
	case Lambda:
		if v.Fn == nil {
			return bad("Fn is nil")
		}
	}
	return nil
}

func checkResidual(r Residual, path string, depth int) error {
	if err := check(r.Body, path+".body", depth+1); err != nil {
		return err
	}
	if r.Shortcut != nil { // nil is the identity; a typed nil is not
		if err := check(r.Shortcut, path+".shortcut", depth+1); err != nil {
			return err
		}
	}
	if err := r.Act.Validate(); err != nil {
		return fmt.Errorf("layer.Check: %s: %w: %w", path, err, ErrInvalidLayer)
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
