package pipeline

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.Transformer    = (*FeatureUnion)(nil)
	_ estimator.FitTransformer = (*FeatureUnion)(nil)
	_ estimator.Validator      = (*FeatureUnion)(nil)
	_ estimator.Cloner         = (*FeatureUnion)(nil)
	_ estimator.Composite      = (*FeatureUnion)(nil)
	_ estimator.StateMarshaler = (*FeatureUnion)(nil)
	_ estimator.FeatureNamer   = (*FeatureUnion)(nil)
)

// FeatureUnion applies several transformers to the same X and concatenates their
// outputs side by side, in branch order (scikit-learn: pipeline.FeatureUnion).
// Branches are fitted and applied concurrently; the output does not depend on
// Workers. A branch may be estimator.Passthrough (X is passed on unchanged) or estimator.Drop (the
// branch contributes nothing).
//
// Like Pipeline, the union owns its branches and fits them in place, atomically: a
// failed Fit leaves a previously fitted union intact. Parameter paths address
// branches by name ("pca.NComponents"); "pca" alone replaces the branch (nil drops it).
type FeatureUnion struct {
	// Branches are the named transformers. Each must be an estimator.Transformer,
	// estimator.Passthrough or estimator.Drop.
	Branches []Step `param:"-"`
	// Weights multiplies each branch's output by a factor, by branch name. nil, or
	// a branch missing from the map, means 1 (scikit-learn transformer_weights).
	Weights map[string]float64
	// Workers bounds the branches fitted or applied at once; 0 means
	// runtime.GOMAXPROCS(0) (scikit-learn n_jobs).
	Workers int

	fit *unionFit // nil until Fit succeeds
}

// unionFit is the union's own learned state (the branches keep theirs). Bump
// unionStateVersion when its fields change meaning or name.
type unionFit struct {
	NFeatures int
}

const unionStateVersion = 1

// Check validates decoded state (estimator.DecodeState).
func (f *unionFit) Check() error {
	return estimator.CheckCount("NFeatures", f.NFeatures, 1, maxStateFeatures)
}

// NewFeatureUnion returns a union of the given branches (the slice is copied). It
// panics on static misuse, naming the branch: an empty name, a name containing ".",
// a duplicate name, a nil estimator, or a branch that is not a Transformer,
// estimator.Passthrough or estimator.Drop.
func NewFeatureUnion(branches ...Step) *FeatureUnion {
	u := &FeatureUnion{Branches: slices.Clone(branches)}
	if err := checkBranches(u.Branches); err != nil {
		panic("pipeline.NewFeatureUnion: " + err.Error())
	}
	return u
}

func checkBranches(branches []Step) error {
	if len(branches) == 0 {
		return errors.New("a feature union needs at least one branch")
	}
	if err := checkNames("branch", branches); err != nil {
		return err
	}
	live := 0
	for _, b := range branches {
		if isDrop(b.Est) {
			continue
		}
		live++
		if _, ok := b.Est.(estimator.Transformer); !ok {
			return fmt.Errorf("branch %q (%T) is not a Transformer", b.Name, b.Est)
		}
	}
	if live == 0 {
		return errors.New("every branch is estimator.Drop; the union would output no features")
	}
	return nil
}

// Validate checks the branches (see NewFeatureUnion), Weights (finite, naming
// existing branches), Workers (>= 0) and the hyperparameters of every branch that
// implements estimator.Validator. It returns a *estimator.ParamError, or the
// *estimator.CycleError of estimator.CheckGraph when the union contains itself.
func (u *FeatureUnion) Validate() error {
	if err := estimator.CheckGraph(u); err != nil {
		return err
	}
	if err := checkBranches(u.Branches); err != nil {
		return &estimator.ParamError{Param: "Branches", Reason: err.Error()}
	}
	if u.Workers < 0 {
		return &estimator.ParamError{Param: "Workers", Value: u.Workers, Reason: "must be >= 0"}
	}
	for _, name := range slices.Sorted(maps.Keys(u.Weights)) {
		w := u.Weights[name]
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return &estimator.ParamError{Param: "Weights", Value: w, Reason: fmt.Sprintf("weight of branch %q must be finite", name)}
		}
		if u.branch(name) == nil {
			return &estimator.ParamError{Param: "Weights", Reason: fmt.Sprintf("weight for %q names no branch (have %s)", name, strings.Join(u.names(), ", "))}
		}
	}
	for _, b := range u.Branches {
		if v, ok := b.Est.(estimator.Validator); ok {
			if err := v.Validate(); err != nil {
				return prefixParamError(b.Name, err)
			}
		}
	}
	return nil
}

// String returns the settings, nested steps included, as estimator.Format prints
// them; learned state is not shown.
func (u *FeatureUnion) String() string { return estimator.Format(u) }

func (u *FeatureUnion) names() []string {
	out := make([]string, len(u.Branches))
	for i, b := range u.Branches {
		out[i] = b.Name
	}
	return out
}

func (u *FeatureUnion) branch(name string) *Step {
	for i := range u.Branches {
		if u.Branches[i].Name == name {
			return &u.Branches[i]
		}
	}
	return nil
}

func (u *FeatureUnion) weight(name string) float64 {
	if w, ok := u.Weights[name]; ok {
		return w
	}
	return 1
}

func (u *FeatureUnion) workers() int {
	if u.Workers > 0 {
		return u.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// Step returns the estimator of the branch called name, or nil if there is none.
func (u *FeatureUnion) Step(name string) estimator.Estimator {
	if b := u.branch(name); b != nil {
		return b.Est
	}
	return nil
}

// Parts returns the branches as named parts (estimator.Composite).
func (u *FeatureUnion) Parts() []estimator.Part {
	out := make([]estimator.Part, len(u.Branches))
	for i, b := range u.Branches {
		out[i] = estimator.Part{Name: b.Name, Est: b.Est}
	}
	return out
}

// SetPart replaces the branch called name; nil or estimator.Drop drops it, estimator.Passthrough passes X
// through. It returns an error for an unknown name or a non-Transformer.
func (u *FeatureUnion) SetPart(name string, e estimator.Estimator) error {
	b := u.branch(name)
	if b == nil {
		return fmt.Errorf("pipeline.FeatureUnion: no branch named %q (have %s)", name, strings.Join(u.names(), ", "))
	}
	if isNil(e) {
		e = estimator.Drop
	}
	if _, ok := e.(estimator.Transformer); !ok && !isDrop(e) {
		return fmt.Errorf("pipeline.FeatureUnion: branch %q: %T is not a Transformer", name, e)
	}
	b.Est = e
	return nil
}

// Clone returns an unfitted union with clones of every branch (estimator.Cloner). Like
// estimator.Clone, it panics with a *estimator.CycleError if the union contains itself.
func (u *FeatureUnion) Clone() estimator.Estimator {
	if err := estimator.CheckGraph(u); err != nil {
		panic(err)
	}
	c := &FeatureUnion{Weights: maps.Clone(u.Weights), Workers: u.Workers}
	if u.Branches != nil {
		c.Branches = make([]Step, len(u.Branches))
		for i, b := range u.Branches {
			c.Branches[i] = Step{Name: b.Name, Est: cloneStep(b.Est)}
		}
	}
	return c
}

// live reports whether branch b takes part in fitting (not estimator.Drop, not estimator.Passthrough).
func fits(b Step) bool { return !isDrop(b.Est) && !isPassthrough(b.Est) }

func (u *FeatureUnion) onlyPassthrough() bool {
	for _, b := range u.Branches {
		if fits(b) {
			return false
		}
	}
	return true
}

// checkUse checks, before Transform, what may have changed since Fit by assignment:
// the union has branches, none is nil, and it does not contain itself (Transform
// would recurse until the stack overflows).
func (u *FeatureUnion) checkUse() error {
	if len(u.Branches) == 0 {
		return fmt.Errorf("pipeline.FeatureUnion: no branches: %w", estimator.ErrInvalidParam)
	}
	for _, b := range u.Branches {
		if isNil(b.Est) {
			return fmt.Errorf("pipeline.FeatureUnion: branch %q has a nil estimator (use estimator.Drop to drop it): %w", b.Name, estimator.ErrInvalidParam)
		}
	}
	if err := checkNoCycle(u); err != nil {
		return fmt.Errorf("pipeline.FeatureUnion: %w", err)
	}
	return nil
}

func branchErr(b Step, err error) error {
	return fmt.Errorf("pipeline.FeatureUnion: branch %q (%T): %w", b.Name, b.Est, err)
}

// Fit fits every branch on X and y concurrently (at most Workers at once). The first
// failing branch cancels the others; its error names the branch. On error the union
// and its branches are unchanged. Validation errors are *estimator.ParamError; a done
// ctx gives ctx.Err().
func (u *FeatureUnion) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	_, err := u.fitBranches(ctx, X, y, false)
	return err
}

// FitTransform fits the union as Fit does and returns the concatenated outputs.
func (u *FeatureUnion) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	return u.fitBranches(ctx, X, y, true)
}

func (u *FeatureUnion) fitBranches(ctx context.Context, X mat.Matrix, y []float64, transform bool) (*mat.Dense, error) {
	if err := u.Validate(); err != nil {
		return nil, fmt.Errorf("pipeline.FeatureUnion: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n, nFeatures, err := checkInput(X, y)
	if err != nil {
		return nil, fmt.Errorf("pipeline.FeatureUnion: %w", err)
	}
	if u.onlyPassthrough() {
		if _, err := estimator.CheckXy(X, y); err != nil {
			return nil, fmt.Errorf("pipeline.FeatureUnion: %w", err)
		}
	}
	fitted := make([]estimator.Estimator, len(u.Branches))
	outs := make([]*mat.Dense, len(u.Branches))
	var live []int // indices of the branches to fit
	for i, b := range u.Branches {
		if fits(b) {
			fitted[i] = cloneStep(b.Est)
			live = append(live, i)
		}
	}
	err = parallel.Run(ctx, len(live), u.workers(), func(ctx context.Context, k int) error {
		i := live[k]
		b, c := u.Branches[i], fitted[i]
		// Protect here rather than relying on parallel.Run's own recovery, so that
		// the *parallel.PanicError is wrapped with the branch's name.
		if err := parallel.Protect(func() error {
			if transform {
				out, err := estimator.FitTransform(ctx, c.(estimator.Transformer), X, y)
				if err == nil {
					err = checkOutput(out)
				}
				outs[i] = out
				return err
			}
			return c.Fit(ctx, X, y)
		}); err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return err
			}
			return branchErr(b, err)
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, ctx.Err()
		}
		return nil, err
	}
	var out *mat.Dense
	if transform {
		for i, b := range u.Branches {
			if isPassthrough(b.Est) {
				x, err := b.Est.(estimator.Transformer).Transform(X)
				if err != nil {
					return nil, branchErr(b, err)
				}
				outs[i] = x
			}
		}
		var err error
		if out, err = u.stack(n, outs); err != nil {
			return nil, err
		}
	}
	for i, c := range fitted {
		if c == nil {
			continue
		}
		if kept := adopt(u.Branches[i].Est, c); kept != u.Branches[i].Est {
			u.Branches[i].Est = kept
		}
	}
	u.fit = &unionFit{NFeatures: nFeatures}
	return out, nil
}

// stack concatenates the branch outputs (nil for estimator.Drop) of n rows each column-wise,
// applying Weights.
func (u *FeatureUnion) stack(n int, outs []*mat.Dense) (*mat.Dense, error) {
	cols := 0
	for i, o := range outs {
		if o == nil {
			continue
		}
		r, c := o.Dims()
		if r != n {
			return nil, branchErr(u.Branches[i], fmt.Errorf("Transform returned %d rows for %d: %w", r, n, estimator.ErrShape))
		}
		cols += c
	}
	if cols == 0 {
		return nil, fmt.Errorf("pipeline.FeatureUnion: the branches returned no columns: %w", estimator.ErrShape)
	}
	res := mat.NewDense(n, cols, nil)
	at := 0
	for i, o := range outs {
		if o == nil {
			continue
		}
		_, c := o.Dims()
		w := u.weight(u.Branches[i].Name)
		for r := 0; r < n; r++ {
			dst := res.RawRowView(r)[at : at+c]
			for j, v := range o.RawRowView(r) {
				dst[j] = v * w
			}
		}
		at += c
	}
	return res, nil
}

// Transform applies every branch to X (concurrently) and concatenates the outputs in
// branch order, each multiplied by its weight. It returns ErrNotFitted before Fit and
// the branches' errors (ErrShape, ErrInvalidData) naming the branch.
func (u *FeatureUnion) Transform(X mat.Matrix) (*mat.Dense, error) {
	if u.fit == nil {
		return nil, fmt.Errorf("pipeline.FeatureUnion: %w", estimator.ErrNotFitted)
	}
	if err := u.checkUse(); err != nil {
		return nil, err
	}
	n, _, err := checkInput(X, nil)
	if err != nil {
		return nil, fmt.Errorf("pipeline.FeatureUnion: %w", err)
	}
	if u.onlyPassthrough() {
		if _, err := estimator.CheckPredict(X, u.fit.NFeatures); err != nil {
			return nil, fmt.Errorf("pipeline.FeatureUnion: %w", err)
		}
	}
	outs := make([]*mat.Dense, len(u.Branches))
	var live []int // indices of the branches to apply
	for i, b := range u.Branches {
		if isDrop(b.Est) {
			continue
		}
		if _, ok := b.Est.(estimator.Transformer); !ok {
			return nil, branchErr(b, fmt.Errorf("not a Transformer: %w", estimator.ErrInvalidParam))
		}
		live = append(live, i)
	}
	err = parallel.Run(context.Background(), len(live), u.workers(), func(_ context.Context, k int) error {
		i := live[k]
		b := u.Branches[i]
		if err := parallel.Protect(func() error {
			out, err := b.Est.(estimator.Transformer).Transform(X)
			if err == nil {
				err = checkOutput(out)
			}
			outs[i] = out
			return err
		}); err != nil {
			return branchErr(b, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u.stack(n, outs)
}

// FeatureNamesOut returns the branches' output names prefixed with the branch name,
// "pca__pca0", "scale__x1" (scikit-learn's "name__feature"), in output order. in
// names the input columns (nil means "x0", "x1", ...). It returns nil if a branch is
// not an estimator.FeatureNamer, and for a union that is not usable (no branches, a
// nil branch, or a union that contains itself).
func (u *FeatureUnion) FeatureNamesOut(in []string) []string {
	if u.checkUse() != nil {
		return nil
	}
	if in == nil && u.fit != nil {
		in = defaultNames(u.fit.NFeatures)
	}
	var out []string
	for _, b := range u.Branches {
		if isDrop(b.Est) {
			continue
		}
		fn, ok := b.Est.(estimator.FeatureNamer)
		if !ok {
			return nil
		}
		for _, name := range fn.FeatureNamesOut(slices.Clone(in)) {
			out = append(out, b.Name+"__"+name)
		}
	}
	return out
}

// MarshalState returns the union's own learned state (the branches' states are saved
// under their own paths by estimator.Save); nil before Fit.
func (u *FeatureUnion) MarshalState() ([]byte, error) {
	return estimator.EncodeState(unionStateVersion, u.fit)
}

// UnmarshalState restores what MarshalState returned. It fails with an error wrapping
// estimator.ErrState, leaving u unchanged, for bytes of another version or a number of
// input columns outside [1, 2²⁴].
func (u *FeatureUnion) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, unionStateVersion, &u.fit); err != nil {
		return fmt.Errorf("pipeline.FeatureUnion: %w", err)
	}
	return nil
}
