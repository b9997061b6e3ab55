package ensemble

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

// Helpers shared by the composites made of named members (VotingClassifier,
// VotingRegressor, StackingClassifier, StackingRegressor).

// voteIsNil reports a nil interface or a nil pointer (or other nil-able kind) in it.
func voteIsNil(e any) bool {
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

// voteLive reports whether a member takes part in fitting (not estimator.Drop).
func voteLive(p estimator.Part) bool { return !estimator.IsDrop(p.Est) }

// voteKind says what a member must be able to do.
type voteKind int

const (
	voteRegressor  voteKind = iota // an estimator.Predictor
	voteClassifier                 // an estimator.Classifier
	voteProba                      // an estimator.ProbaClassifier
)

// voteCheckMembers validates a member list: at least one member, names non-empty,
// unique and free of dots, no nil estimator (estimator.Drop drops a member), no
// pointer shared by two members, at least one live member, and each live member of
// the required kind. It returns a plain error (callers wrap it in a ParamError).
func voteCheckMembers(parts []estimator.Part, kind voteKind) error {
	if len(parts) == 0 {
		return errors.New("at least one member is needed")
	}
	seen := make(map[string]bool, len(parts))
	owner := map[uintptr]string{}
	live := 0
	for i, p := range parts {
		switch {
		case p.Name == "":
			return fmt.Errorf("member %d has an empty name", i)
		case strings.Contains(p.Name, "."):
			return fmt.Errorf("member name %q contains a dot, which separates parameter path segments", p.Name)
		case seen[p.Name]:
			return fmt.Errorf("duplicate member name %q", p.Name)
		case voteIsNil(p.Est):
			return fmt.Errorf("member %q has a nil estimator (use estimator.Drop to drop it)", p.Name)
		}
		seen[p.Name] = true
		if v := reflect.ValueOf(p.Est); v.Kind() == reflect.Pointer && v.Type().Elem().Size() > 0 {
			if other, dup := owner[v.Pointer()]; dup {
				return fmt.Errorf("members %q and %q share one %T value; give each its own", other, p.Name, p.Est)
			}
			owner[v.Pointer()] = p.Name
		}
		if !voteLive(p) {
			continue
		}
		live++
		switch kind {
		case voteRegressor:
			if _, ok := p.Est.(estimator.Predictor); !ok {
				return fmt.Errorf("member %q (%T) has no Predict", p.Name, p.Est)
			}
		case voteClassifier:
			if !estimator.IsClassifier(p.Est) {
				return fmt.Errorf("member %q (%T) is not a classifier", p.Name, p.Est)
			}
		case voteProba:
			if !estimator.Can(p.Est, estimator.CanPredictProba) || !estimator.IsClassifier(p.Est) {
				return fmt.Errorf("member %q (%T) has no PredictProba (soft voting needs it)", p.Name, p.Est)
			}
		}
	}
	if live == 0 {
		return errors.New("every member is estimator.Drop")
	}
	return nil
}

// voteValidateMembers calls Validate on every member that has it, prefixing the
// parameter path of its error with the member's name.
func voteValidateMembers(parts []estimator.Part) error {
	for _, p := range parts {
		if v, ok := p.Est.(estimator.Validator); ok && !voteIsNil(p.Est) {
			if err := v.Validate(); err != nil {
				return votePrefixParamError(p.Name, err)
			}
		}
	}
	return nil
}

// votePrefixParamError prefixes the path of a *ParamError with name.
func votePrefixParamError(name string, err error) error {
	var pe *estimator.ParamError
	if errors.As(err, &pe) {
		return &estimator.ParamError{Param: name + "." + pe.Param, Value: pe.Value, Reason: pe.Reason}
	}
	var ce *estimator.CycleError
	if errors.As(err, &ce) {
		return err
	}
	return &estimator.ParamError{Param: name, Reason: err.Error()}
}

// voteCheckWeights checks member weights: nil, or one finite non-negative value per
// member with a positive sum over the live members.
func voteCheckWeights(w []float64, parts []estimator.Part) error {
	if w == nil {
		return nil
	}
	if len(w) != len(parts) {
		return &estimator.ParamError{Param: "Weights", Value: w, Reason: fmt.Sprintf("has %d values for %d members", len(w), len(parts))}
	}
	sum := 0.0
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return &estimator.ParamError{Param: "Weights", Value: w, Reason: fmt.Sprintf("weight %d is %v; weights must be finite and >= 0", i, v)}
		}
		if voteLive(parts[i]) {
			sum += v
		}
	}
	if !(sum > 0) || math.IsInf(sum, 0) {
		return &estimator.ParamError{Param: "Weights", Value: w, Reason: "the weights of the members that are not dropped must have a positive finite sum"}
	}
	return nil
}

// voteParts returns the members as parts (a copy of the slice).
func voteParts(members []estimator.Part) []estimator.Part {
	return append([]estimator.Part(nil), members...)
}

// voteSetPart replaces the member called name; nil means estimator.Drop.
func voteSetPart(typ string, members []estimator.Part, name string, e estimator.Estimator) error {
	for i := range members {
		if members[i].Name == name {
			if voteIsNil(e) {
				e = estimator.Drop
			}
			members[i].Est = e
			return nil
		}
	}
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = m.Name
	}
	return fmt.Errorf("%s: no member named %q (have %s)", typ, name, strings.Join(names, ", "))
}

// voteCloneMembers returns clones of the members (estimator.Drop stays Drop).
func voteCloneMembers(members []estimator.Part) []estimator.Part {
	if members == nil {
		return nil
	}
	out := make([]estimator.Part, len(members))
	for i, m := range members {
		out[i].Name = m.Name
		if voteIsNil(m.Est) || estimator.IsDrop(m.Est) || estimator.IsPassthrough(m.Est) {
			out[i].Est = m.Est
		} else {
			out[i].Est = estimator.Clone(m.Est)
		}
	}
	return out
}

// voteCheckInput validates what the composite itself relies on before the members
// see the data (they check it in full): a usable, non-empty X, and y of matching
// length with finite values.
func voteCheckInput(X mat.Matrix, y []float64) (r, c int, err error) {
	r, c, err = estimator.Dims(X)
	if err != nil {
		return 0, 0, err
	}
	if r == 0 || c == 0 {
		return 0, 0, fmt.Errorf("X is empty (%d×%d): %w", r, c, estimator.ErrInvalidData)
	}
	if y != nil {
		if len(y) != r {
			return 0, 0, fmt.Errorf("X has %d rows but y has %d values: %w", r, len(y), estimator.ErrShape)
		}
		for i, v := range y {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, 0, fmt.Errorf("y[%d] is %v: %w", i, v, estimator.ErrInvalidData)
			}
		}
	}
	return r, c, nil
}

// voteCheckPredict checks X's shape against the number of features seen at Fit.
func voteCheckPredict(X mat.Matrix, nFeatures int) (int, error) {
	r, c, err := estimator.Dims(X)
	if err != nil {
		return 0, err
	}
	if r == 0 || c == 0 {
		return 0, fmt.Errorf("X is empty (%d×%d): %w", r, c, estimator.ErrInvalidData)
	}
	if c != nFeatures {
		return 0, fmt.Errorf("X has %d features, but the model was fitted with %d features: %w", c, nFeatures, estimator.ErrShape)
	}
	return r, nil
}

// voteFitOne fits e on X, y with weights w (nil: unweighted). A non-nil w needs an
// estimator.WeightedFitter.
func voteFitOne(ctx context.Context, e estimator.Estimator, X mat.Matrix, y, w []float64) error {
	if w == nil {
		return e.Fit(ctx, X, y)
	}
	wf, ok := e.(estimator.WeightedFitter)
	if !ok {
		return fmt.Errorf("%T does not support sample weights (estimator.WeightedFitter): %w", e, errors.ErrUnsupported)
	}
	return wf.FitWeighted(ctx, X, y, w)
}

// voteFitMembers fits a clone of every live member on X, y (weights w) with at most
// workers at once, and returns the fitted clones (nil for dropped members). The first
// failure cancels the rest; its error names the member. A done ctx gives ctx.Err().
func voteFitMembers(ctx context.Context, typ string, members []estimator.Part, X mat.Matrix, y, w []float64, workers int) ([]estimator.Estimator, error) {
	fitted := make([]estimator.Estimator, len(members))
	var live []int
	for i, m := range members {
		if voteLive(m) {
			fitted[i] = estimator.Clone(m.Est)
			live = append(live, i)
		}
	}
	err := parallel.Run(ctx, len(live), workers, func(ctx context.Context, k int) error {
		i := live[k]
		if err := parallel.Protect(func() error { return voteFitOne(ctx, fitted[i], X, y, w) }); err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return err
			}
			return fmt.Errorf("%s: member %q (%T): %w", typ, members[i].Name, members[i].Est, err)
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, ctx.Err()
		}
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return fitted, nil
}

// voteAdoptAll moves the learned state of the fitted clones into the members, so that
// the caller's member values (and Parts) are the fitted models; a member that cannot
// be updated in place is replaced by its fitted clone.
func voteAdoptAll(members []estimator.Part, fitted []estimator.Estimator) {
	for i, f := range fitted {
		if f != nil {
			members[i].Est = voteAdopt(members[i].Est, f)
		}
	}
}

// voteAdopt moves the learned state of fitted, a freshly fitted clone of dst, into
// dst and returns dst: dst keeps its exported fields (hyperparameters; for a
// Composite, the identity of its parts, whose state is adopted recursively) and takes
// its unexported fields (the learned state) from fitted. When dst cannot be updated in
// place (it is not a non-nil pointer to a struct of fitted's type), it returns fitted.
// This is what pipeline.Pipeline does with its steps.
func voteAdopt(dst, fitted estimator.Estimator) estimator.Estimator {
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
				if dp.Name == fp.Name && !voteIsNil(dp.Est) && !voteIsNil(fp.Est) {
					voteAdopt(dp.Est, fp.Est)
				}
			}
		}
	}
	d := dv.Elem()
	saved := reflect.New(d.Type()).Elem()
	saved.Set(d)
	d.Set(fv.Elem())
	voteKeepExported(d, saved)
	return dst
}

// voteKeepExported restores the exported fields of d from saved, descending into
// embedded structs so that their unexported (learned) fields stay as they are in d.
func voteKeepExported(d, saved reflect.Value) {
	t := d.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			voteKeepExported(d.Field(i), saved.Field(i))
			continue
		}
		d.Field(i).Set(saved.Field(i))
	}
}

// voteEncode maps labels y to their indices in the sorted classes (scikit-learn's
// LabelEncoder): members of the classifiers are fitted on these codes.
func voteEncode(y, classes []float64) []float64 {
	out := make([]float64, len(y))
	for i, v := range y {
		lo, hi := 0, len(classes)
		for lo < hi {
			m := (lo + hi) / 2
			if classes[m] < v {
				lo = m + 1
			} else {
				hi = m
			}
		}
		out[i] = float64(lo)
	}
	return out
}

// voteCode converts a member's prediction (a class code) to an index in [0, k).
func voteCode(v float64, k int) (int, error) {
	if v != math.Trunc(v) || v < 0 || v >= float64(k) {
		return 0, fmt.Errorf("a member predicted %v, which is not a class code in [0, %d): %w", v, k, estimator.ErrInvalidData)
	}
	return int(v), nil
}

// voteProbaCodes returns, for a member fitted on class codes, the column of each of
// its classes among k codes.
func voteProbaCodes(name string, pc estimator.Classifier, k int) ([]int, error) {
	cl := pc.Classes()
	cols := make([]int, len(cl))
	for i, c := range cl {
		j, err := voteCode(c, k)
		if err != nil {
			return nil, fmt.Errorf("member %q: %w", name, err)
		}
		cols[i] = j
	}
	return cols, nil
}

// voteMemberProba returns member m's class probabilities as an n×k matrix over the
// class codes (columns of classes the member never saw are zero).
func voteMemberProba(name string, m estimator.Estimator, X mat.Matrix, n, k int) (*mat.Dense, error) {
	pc, ok := m.(estimator.ProbaClassifier)
	if !ok {
		return nil, fmt.Errorf("member %q (%T) has no PredictProba: %w", name, m, errors.ErrUnsupported)
	}
	p, err := pc.PredictProba(X)
	if err != nil {
		return nil, fmt.Errorf("member %q: %w", name, err)
	}
	cols, err := voteProbaCodes(name, pc, k)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, fmt.Errorf("member %q: PredictProba returned nil: %w", name, estimator.ErrInvalidData)
	}
	r, c := p.Dims()
	if r != n || c != len(cols) {
		return nil, fmt.Errorf("member %q: PredictProba returned %d×%d for %d rows and %d classes: %w", name, r, c, n, len(cols), estimator.ErrShape)
	}
	if c == k {
		return p, nil
	}
	out := mat.NewDense(n, k, nil)
	for i := 0; i < n; i++ {
		for a, j := range cols {
			out.Set(i, j, p.At(i, a))
		}
	}
	return out, nil
}

// voteMemberPredict returns member m's predictions, checking their number.
func voteMemberPredict(name string, m estimator.Estimator, X mat.Matrix, n int) ([]float64, error) {
	p, ok := m.(estimator.Predictor)
	if !ok {
		return nil, fmt.Errorf("member %q (%T) has no Predict: %w", name, m, errors.ErrUnsupported)
	}
	out, err := p.Predict(X)
	if err != nil {
		return nil, fmt.Errorf("member %q: %w", name, err)
	}
	if len(out) != n {
		return nil, fmt.Errorf("member %q: Predict returned %d values for %d rows: %w", name, len(out), n, estimator.ErrShape)
	}
	return out, nil
}

// voteCheckUse checks, before a prediction, what may have changed since Fit by
// assignment: the members are present and none is nil, and the composite does not
// contain itself.
func voteCheckUse(typ string, self estimator.Estimator, members []estimator.Part, nLive int) error {
	live := 0
	for _, m := range members {
		if voteIsNil(m.Est) {
			return fmt.Errorf("%s: member %q has a nil estimator: %w", typ, m.Name, estimator.ErrInvalidParam)
		}
		if voteLive(m) {
			live++
		}
	}
	if live != nLive {
		return fmt.Errorf("%s: %d members are live, the model was fitted with %d; refit it: %w", typ, live, nLive, estimator.ErrInvalidParam)
	}
	if err := estimator.CheckGraph(self); err != nil {
		return fmt.Errorf("%s: %w", typ, err)
	}
	return nil
}
