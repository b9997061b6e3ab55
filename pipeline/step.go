package pipeline

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// Step is a named estimator: a step of a [Pipeline] or a branch of a [FeatureUnion]
// (scikit-learn's (name, estimator) tuples). Names address the step in parameter
// paths ("ridge.Alpha"), so they must be non-empty and must not contain a dot.
type Step struct {
	// Name identifies the step; unique within its pipeline or union.
	Name string
	// Est is the step's estimator: a Transformer for every step of a pipeline but the
	// last, estimator.Passthrough to skip the step, or estimator.Drop (unions only)
	// to drop a branch.
	Est estimator.Estimator
}

func isPassthrough(e estimator.Estimator) bool { return estimator.IsPassthrough(e) }

func isDrop(e estimator.Estimator) bool { return estimator.IsDrop(e) }

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

// checkInput validates the data a composite receives before handing it to its parts:
// X must be a usable matrix (estimator.Dims: not nil, no panicking Dims, no negative
// dimensions) with at least one row and one column, and y, when given, must have one
// value per row. It returns X's dimensions. The parts check the values themselves.
func checkInput(X mat.Matrix, y []float64) (r, c int, err error) {
	r, c, err = estimator.Dims(X)
	if err != nil {
		return 0, 0, err
	}
	if r == 0 || c == 0 {
		return 0, 0, fmt.Errorf("X is empty (%d×%d): %w", r, c, estimator.ErrInvalidData)
	}
	if y != nil && len(y) != r {
		return 0, 0, fmt.Errorf("X has %d rows but y has %d values: %w", r, len(y), estimator.ErrShape)
	}
	return r, c, nil
}

// checkOutput reports a part that returned a nil matrix without an error, which would
// otherwise surface as a confusing error (or silently missing columns) further on.
func checkOutput(out *mat.Dense) error {
	if out == nil {
		return fmt.Errorf("returned a nil matrix and no error: %w", estimator.ErrInvalidData)
	}
	return nil
}

// checkNoCycle reports a *estimator.CycleError when root is reachable from its own
// parts. Pipeline and FeatureUnion run their parts in place in Predict and Transform,
// so a cycle made by assigning a part after Fit would recurse until the stack
// overflows, which kills the process. estimator.CheckGraph finds the same cycles (and
// more) with reflection; this walk follows only the parts of composites and allocates
// nothing for pipelines and unions, so it costs a few nanoseconds per step on every
// Predict.
func checkNoCycle(root estimator.Estimator) error {
	var w cycleWalk
	w.onPath = w.buf[:0]
	if w.walk(root, 0) {
		return &estimator.CycleError{Path: w.path, Type: fmt.Sprintf("%T", w.found), Deep: w.deep}
	}
	return nil
}

type cycleWalk struct {
	buf    [16]uintptr
	onPath []uintptr // pointers of the composites on the current path
	found  estimator.Estimator
	deep   bool // nested deeper than estimator.MaxDepth rather than cyclic
	path   string
}

// walk reports whether a composite reachable from e (at depth) is its own part.
func (w *cycleWalk) walk(e estimator.Estimator, depth int) bool {
	var ptr uintptr
	var steps []Step
	var parts []estimator.Part
	switch c := e.(type) {
	case *Pipeline:
		if c == nil {
			return false
		}
		ptr, steps = reflect.ValueOf(c).Pointer(), c.Steps
	case *FeatureUnion:
		if c == nil {
			return false
		}
		ptr, steps = reflect.ValueOf(c).Pointer(), c.Branches
	case estimator.Composite:
		v := reflect.ValueOf(c)
		if v.Kind() != reflect.Pointer || v.IsNil() {
			return false
		}
		ptr, parts = v.Pointer(), c.Parts()
	default:
		return false
	}
	if slices.Contains(w.onPath, ptr) || depth > estimator.MaxDepth {
		w.found, w.deep = e, depth > estimator.MaxDepth
		return true
	}
	w.onPath = append(w.onPath, ptr)
	for _, s := range steps {
		if w.walk(s.Est, depth+1) {
			w.path = joinPath(s.Name, w.path)
			return true
		}
	}
	for _, p := range parts {
		if w.walk(p.Est, depth+1) {
			w.path = joinPath(p.Name, w.path)
			return true
		}
	}
	w.onPath = w.onPath[:len(w.onPath)-1]
	return false
}

func joinPath(name, rest string) string {
	if rest == "" {
		return name
	}
	return name + "." + rest
}
