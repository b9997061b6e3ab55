package pipeline

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Transformer  = passthrough{}
	_ estimator.FeatureNamer = passthrough{}
	_ estimator.Estimator    = drop{}
)

// Step is a named estimator: a step of a [Pipeline] or a branch of a [FeatureUnion]
// (scikit-learn's (name, estimator) tuples). Names address the step in parameter
// paths ("ridge.Alpha"), so they must be non-empty and must not contain a dot.
type Step struct {
	// Name identifies the step; unique within its pipeline or union.
	Name string
	// Est is the step's estimator: a Transformer for every step of a pipeline but the
	// last, Passthrough to skip the step, or Drop (unions only) to drop a branch.
	Est estimator.Estimator
}

// Passthrough skips a pipeline step, or passes X unchanged through a union branch
// (scikit-learn's "passthrough" string). It may be any step of a Pipeline; a pipeline
// whose final step is Passthrough is a pure transformer. It is also the value
// SetParams and SetPart use for a nil part of a Pipeline. As a Transformer on its
// own, it returns a validated copy of X.
var Passthrough estimator.Estimator = passthrough{}

// Drop removes a branch of a [FeatureUnion] from its output (scikit-learn's "drop").
// It is not allowed in a [Pipeline].
var Drop estimator.Estimator = drop{}

// passthrough is the type of Passthrough: a stateless identity transformer.
type passthrough struct{}

// Fit does nothing except honour ctx.
func (passthrough) Fit(ctx context.Context, X mat.Matrix, y []float64) error { return ctx.Err() }

// Transform returns a copy of X after checking it for NaN, Inf and emptiness.
func (passthrough) Transform(X mat.Matrix) (*mat.Dense, error) {
	x, err := estimator.CheckX(X)
	if err != nil {
		return nil, fmt.Errorf("pipeline.Passthrough: %w", err)
	}
	return mat.DenseCopyOf(x), nil
}

// InverseTransform is Transform: the identity is its own inverse.
func (p passthrough) InverseTransform(X mat.Matrix) (*mat.Dense, error) { return p.Transform(X) }

// FeatureNamesOut returns in unchanged (nil stays nil).
func (passthrough) FeatureNamesOut(in []string) []string { return append([]string(nil), in...) }

// IsPassthrough marks the placeholder for other composites (preprocess.ColumnTransformer
// recognises it without importing this package).
func (passthrough) IsPassthrough() bool { return true }

// drop is the type of Drop.
type drop struct{}

// Fit does nothing except honour ctx.
func (drop) Fit(ctx context.Context, X mat.Matrix, y []float64) error { return ctx.Err() }

// IsDrop marks the placeholder for other composites (preprocess.ColumnTransformer).
func (drop) IsDrop() bool { return true }

func isPassthrough(e estimator.Estimator) bool {
	_, ok := e.(passthrough)
	return ok
}

func isDrop(e estimator.Estimator) bool {
	_, ok := e.(drop)
	return ok
}

// isNil reports whether e is nil or a typed nil pointer.
func isNil(e estimator.Estimator) bool {
	if e == nil {
		return true
	}
	v := reflect.ValueOf(e)
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func:
		return v.IsNil()
	}
	return false
}

// checkName validates a step or branch name.
func checkName(name string) error {
	if name == "" {
		return errors.New("empty name")
	}
	if strings.Contains(name, ".") {
		return fmt.Errorf("name %q contains a dot, which separates parameter path segments", name)
	}
	return nil
}

// checkNames validates names and their uniqueness; kind is "step" or "branch".
func checkNames(kind string, steps []Step) error {
	seen := make(map[string]bool, len(steps))
	owner := map[uintptr]string{} // pointer estimators, to catch one value used twice
	for i, s := range steps {
		if err := checkName(s.Name); err != nil {
			return fmt.Errorf("%s %d: %v", kind, i, err)
		}
		if seen[s.Name] {
			return fmt.Errorf("duplicate %s name %q", kind, s.Name)
		}
		seen[s.Name] = true
		if isNil(s.Est) {
			return fmt.Errorf("%s %q has a nil estimator (use Passthrough to skip it)", kind, s.Name)
		}
		if v := reflect.ValueOf(s.Est); v.Kind() == reflect.Pointer && v.Type().Elem().Size() > 0 {
			if other, dup := owner[v.Pointer()]; dup {
				return fmt.Errorf("%ss %q and %q share one %T value; give each its own", kind, other, s.Name, s.Est)
			}
			owner[v.Pointer()] = s.Name
		}
	}
	return nil
}

// prefixParamError prefixes the path of a *ParamError returned by a child's Validate
// with the child's name, so a search reports "ridge.Alpha" rather than "Alpha".
func prefixParamError(name string, err error) error {
	var pe *estimator.ParamError
	if errors.As(err, &pe) {
		return &estimator.ParamError{Param: name + "." + pe.Param, Value: pe.Value, Reason: pe.Reason}
	}
	return &estimator.ParamError{Param: name, Reason: err.Error()}
}

// adopt moves the learned state of fitted, a freshly fitted clone of dst, into dst, so
// that callers holding dst (p.Step("ridge")) see the fitted model, and returns dst.
// dst keeps its own exported fields (its hyperparameters, and for a Composite the
// identity of its parts, whose state is adopted recursively); its unexported fields
// (the learned state) are taken from fitted. When dst cannot be updated in place (it
// is not a non-nil pointer to a struct of fitted's type), adopt returns fitted.
func adopt(dst, fitted estimator.Estimator) estimator.Estimator {
	dv, fv := reflect.ValueOf(dst), reflect.ValueOf(fitted)
	if !dv.IsValid() || !fv.IsValid() || dv.Type() != fv.Type() || dv.Kind() != reflect.Pointer ||
		dv.IsNil() || fv.IsNil() || dv.Elem().Kind() != reflect.Struct {
		return fitted
	}
	if dv.Pointer() == fv.Pointer() {
		return dst
	}
	if dc, ok := dst.(estimator.Composite); ok {
		fc := fitted.(estimator.Composite)
		dparts := dc.Parts()
		for _, fp := range fc.Parts() {
			for _, dp := range dparts {
				if dp.Name == fp.Name && !isNil(dp.Est) && !isNil(fp.Est) {
					adopt(dp.Est, fp.Est)
				}
			}
		}
	}
	d := dv.Elem()
	saved := reflect.New(d.Type()).Elem()
	saved.Set(d)
	d.Set(fv.Elem())
	keepExported(d, saved)
	return dst
}

// keepExported restores the exported fields of d from saved, descending into embedded
// structs so that their unexported (learned) fields stay as they are in d.
func keepExported(d, saved reflect.Value) {
	t := d.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			keepExported(d.Field(i), saved.Field(i))
			continue
		}
		d.Field(i).Set(saved.Field(i))
	}
}

// defaultNames returns "x0", "x1", ... as scikit-learn does for unnamed input columns.
func defaultNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("x%d", i)
	}
	return out
}

// isNilMatrix reports whether X is nil or a typed nil pointer.
func isNilMatrix(X mat.Matrix) bool {
	if X == nil {
		return true
	}
	v := reflect.ValueOf(X)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
