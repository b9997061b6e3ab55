package pipeline

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/fastpath"
)

var (
	_ estimator.ProbaClassifier    = (*Pipeline)(nil)
	_ estimator.Transformer        = (*Pipeline)(nil)
	_ estimator.FitTransformer     = (*Pipeline)(nil)
	_ estimator.WeightedFitter     = (*Pipeline)(nil)
	_ estimator.InverseTransformer = (*Pipeline)(nil)
	_ estimator.Validator          = (*Pipeline)(nil)
	_ estimator.Cloner             = (*Pipeline)(nil)
	_ estimator.Composite          = (*Pipeline)(nil)
	_ estimator.Unwrapper          = (*Pipeline)(nil)
	_ estimator.StateMarshaler     = (*Pipeline)(nil)
	_ estimator.FeatureNamer       = (*Pipeline)(nil)
)

// Pipeline chains transformers and a final estimator (scikit-learn:
// pipeline.Pipeline). Fit fits every step but the last with FitTransform, passing its
// output on, then fits the last step; Predict, PredictProba and Transform run X
// through the fitted steps.
//
// The pipeline owns its steps and fits them in place: after Fit, p.Step("ridge")
// (or a pointer the caller kept) is the fitted model. Do not share one step value
// between pipelines; crossval and tuning work on clones. Fit is atomic: it fits clones
// of the steps and moves their learned state into the steps only when every step
// succeeded, so a failed Fit leaves a previously fitted pipeline intact. (estimator.Load,
// by contrast, replaces the skeleton's steps with the loaded ones: look steps up with
// Step after Load.)
//
// Pipeline has every method of the estimator contract (it is a ProbaClassifier and a
// Transformer by method set); a method the final step lacks returns an error
// wrapping errors.ErrUnsupported. estimator.IsClassifier looks through Unwrap at the
// final step.
//
// Parameter paths address steps by name: "ridge.Alpha", "scale.NoMean", and "ridge"
// alone replaces the step (estimator.Passthrough or nil skips it).
type Pipeline struct {
	// Steps are the named steps, in order. Every step but the last must be an
	// estimator.Transformer or estimator.Passthrough. Build pipelines with New or Make, which
	// check the structure; Fit checks it again and returns an error naming the step.
	Steps []Step `param:"-"`

	fit *pipelineFit // nil until Fit succeeds
}

// pipelineFit is the pipeline's own learned state (the steps keep theirs). Bump
// pipelineStateVersion when its fields change meaning or name.
type pipelineFit struct {
	NFeatures int
	// Strings is set when the pipeline was fitted on string columns (FitStrings).
	Strings bool
}

const pipelineStateVersion = 1

// maxStateFeatures bounds the number of input columns that a loaded pipeline or union
// may claim: FeatureNamesOut allocates one name per column, so a forged count must not
// be able to exhaust memory. 2²⁴ columns is 128 MiB per row of float64, far beyond
// what skgo's dense estimators are used with.
const maxStateFeatures = 1 << 24

// Check validates decoded state (estimator.DecodeState).
func (f *pipelineFit) Check() error {
	return estimator.CheckCount("NFeatures", f.NFeatures, 1, maxStateFeatures)
}

// New returns a pipeline of the given steps (the slice is copied). It panics on
// static misuse, naming the step: an empty name, a name containing ".", a duplicate
// name, a nil estimator, estimator.Drop, or a step before the last that is neither an
// estimator.Transformer nor estimator.Passthrough.
func New(steps ...Step) *Pipeline {
	p := &Pipeline{Steps: slices.Clone(steps)}
	if err := checkStructure(p.Steps); err != nil {
		panic("pipeline.New: " + err.Error())
	}
	return p
}

// Make returns a pipeline of ests named automatically with their lowercased type
// names (scikit-learn: make_pipeline): &preprocess.StandardScaler{} becomes
// "standardscaler", &linear.Ridge{} "ridge" and Passthrough "passthrough". Names that
// occur more than once get "-1", "-2", ... suffixes in order. It panics as New does.
func Make(ests ...estimator.Estimator) *Pipeline {
	names := autoNames(ests)
	steps := make([]Step, len(ests))
	for i, e := range ests {
		steps[i] = Step{Name: names[i], Est: e}
	}
	return New(steps...)
}

// autoNames is scikit-learn's _name_estimators.
func autoNames(ests []estimator.Estimator) []string {
	names := make([]string, len(ests))
	count := map[string]int{}
	for i, e := range ests {
		names[i] = typeName(e)
		count[names[i]]++
	}
	for k, v := range count {
		if v == 1 {
			delete(count, k)
		}
	}
	for i := len(ests) - 1; i >= 0; i-- {
		if c, ok := count[names[i]]; ok {
			count[names[i]] = c - 1
			names[i] = fmt.Sprintf("%s-%d", names[i], c)
		}
	}
	return names
}

// typeName is the lowercased name of e's type, without pointer, package or type
// arguments.
func typeName(e estimator.Estimator) string {
	if e == nil {
		return "nil"
	}
	t := reflect.TypeOf(e)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	if name == "" {
		name = "step"
	}
	return strings.ToLower(name)
}

// checkStructure reports static misuse: bad or duplicate names, nil or estimator.Drop
// estimators, non-transformers before the last step.
func checkStructure(steps []Step) error {
	if len(steps) == 0 {
		return errors.New("a pipeline needs at least one step")
	}
	if err := checkNames("step", steps); err != nil {
		return err
	}
	for i, s := range steps {
		if isDrop(s.Est) {
			return fmt.Errorf("step %q is estimator.Drop, which only a FeatureUnion accepts (use estimator.Passthrough to skip a step)", s.Name)
		}
		if i < len(steps)-1 && !isPassthrough(s.Est) {
			if _, ok := s.Est.(estimator.Transformer); !ok {
				return fmt.Errorf("step %q (%T) is not a Transformer; only the final step may be a plain estimator", s.Name, s.Est)
			}
		}
	}
	return nil
}

// Validate checks the pipeline's structure (see New) and the hyperparameters of every
// step that implements estimator.Validator, returning a *estimator.ParamError whose
// path names the step ("ridge.Alpha"), or the *estimator.CycleError of
// estimator.CheckGraph when the pipeline contains itself.
func (p *Pipeline) Validate() error {
	if err := estimator.CheckGraph(p); err != nil {
		return err
	}
	if err := checkStructure(p.Steps); err != nil {
		return &estimator.ParamError{Param: "Steps", Reason: err.Error()}
	}
	for _, s := range p.Steps {
		if v, ok := s.Est.(estimator.Validator); ok {
			if err := v.Validate(); err != nil {
				return prefixParamError(s.Name, err)
			}
		}
	}
	return nil
}

// String returns the settings, nested steps included, as estimator.Format prints
// them; learned state is not shown.
func (p *Pipeline) String() string { return estimator.Format(p) }

// Len returns the number of steps.
func (p *Pipeline) Len() int { return len(p.Steps) }

// Names returns the step names in order.
func (p *Pipeline) Names() []string {
	out := make([]string, len(p.Steps))
	for i, s := range p.Steps {
		out[i] = s.Name
	}
	return out
}

// Step returns the estimator of the step called name, or nil if there is none
// (scikit-learn: named_steps[name]). After Fit it is the fitted estimator.
func (p *Pipeline) Step(name string) estimator.Estimator {
	for _, s := range p.Steps {
		if s.Name == name {
			return s.Est
		}
	}
	return nil
}

// Named returns a map from step name to estimator (scikit-learn: named_steps).
func (p *Pipeline) Named() map[string]estimator.Estimator {
	out := make(map[string]estimator.Estimator, len(p.Steps))
	for _, s := range p.Steps {
		out[s.Name] = s.Est
	}
	return out
}

// Unwrap returns the final step's estimator (possibly estimator.Passthrough), or nil for a
// pipeline without steps or one that contains itself (so that loops over Unwrap, such
// as estimator.IsClassifier, end).
func (p *Pipeline) Unwrap() estimator.Estimator {
	if len(p.Steps) == 0 || checkNoCycle(p) != nil {
		return nil
	}
	return p.Steps[len(p.Steps)-1].Est
}

// Parts returns the steps as named parts (estimator.Composite).
func (p *Pipeline) Parts() []estimator.Part {
	out := make([]estimator.Part, len(p.Steps))
	for i, s := range p.Steps {
		out[i] = estimator.Part{Name: s.Name, Est: s.Est}
	}
	return out
}

// SetPart replaces the estimator of the step called name (scikit-learn's step
// replacement through set_params). nil or estimator.Passthrough skips the step. It returns an
// error for an unknown name, for estimator.Drop, and for a non-Transformer before the last step.
func (p *Pipeline) SetPart(name string, e estimator.Estimator) error {
	if isNil(e) {
		e = estimator.Passthrough
	}
	for i, s := range p.Steps {
		if s.Name != name {
			continue
		}
		if isDrop(e) {
			return fmt.Errorf("pipeline: step %q: estimator.Drop is only allowed in a FeatureUnion", name)
		}
		if i < len(p.Steps)-1 && !isPassthrough(e) {
			if _, ok := e.(estimator.Transformer); !ok {
				return fmt.Errorf("pipeline: step %q: %T is not a Transformer; only the final step may be a plain estimator", name, e)
			}
		}
		p.Steps[i].Est = e
		return nil
	}
	return fmt.Errorf("pipeline: no step named %q (have %s)", name, strings.Join(p.Names(), ", "))
}

// Clone returns an unfitted pipeline with clones of every step (estimator.Cloner). Like
// estimator.Clone, it panics with a *estimator.CycleError if the pipeline contains
// itself (a step set to the pipeline, or to a union holding it, by direct assignment).
func (p *Pipeline) Clone() estimator.Estimator {
	if err := estimator.CheckGraph(p); err != nil {
		panic(err)
	}
	c := &Pipeline{}
	if p.Steps != nil {
		c.Steps = make([]Step, len(p.Steps))
		for i, s := range p.Steps {
			c.Steps[i] = Step{Name: s.Name, Est: cloneStep(s.Est)}
		}
	}
	return c
}

func cloneStep(e estimator.Estimator) estimator.Estimator {
	if isNil(e) {
		return e
	}
	return estimator.Clone(e)
}

// checkFit checks the structure and the graph before a Fit: a pipeline that contains
// itself would otherwise recurse until the stack overflows.
func (p *Pipeline) checkFit() error {
	if err := checkStructure(p.Steps); err != nil {
		return fmt.Errorf("pipeline: %w", &estimator.ParamError{Param: "Steps", Reason: err.Error()})
	}
	if err := estimator.CheckGraph(p); err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	return nil
}

// stepErr wraps err with the step's name and type.
func stepErr(s Step, err error) error {
	return fmt.Errorf("pipeline: step %q (%T): %w", s.Name, s.Est, err)
}

// Fit fits the pipeline: each step but the last is fitted with FitTransform on the
// previous step's output, then the final step is fitted (a final estimator.Passthrough is not
// fitted). y is passed to every step. ctx is checked before each step.
//
// Errors name the step ("pipeline: step \"scale\" (*preprocess.StandardScaler): ...")
// and wrap the step's error; an invalid structure gives a *estimator.ParamError; a
// done ctx gives ctx.Err(). On error the pipeline and its steps are unchanged.
func (p *Pipeline) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	_, err := p.fitSteps(ctx, X, y, nil, false, false)
	return err
}

// FitWeighted fits the pipeline as Fit does, passing the sample weights w to the final
// step, which must be an estimator.WeightedFitter (otherwise the error wraps
// errors.ErrUnsupported and nothing is fitted). The transformers before it are fitted
// without weights (scikit-learn: pipe.fit(X, y, final__sample_weight=w)).
func (p *Pipeline) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	_, err := p.fitSteps(ctx, X, y, w, true, false)
	return err
}

// FitTransform fits the pipeline as Fit does and returns the transformed X; the final
// step must be a Transformer or estimator.Passthrough (otherwise the error wraps
// errors.ErrUnsupported and nothing is fitted).
func (p *Pipeline) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	return p.fitSteps(ctx, X, y, nil, false, true)
}

func (p *Pipeline) fitSteps(ctx context.Context, X mat.Matrix, y, w []float64, weighted, transform bool) (*mat.Dense, error) {
	if err := p.checkFit(); err != nil {
		return nil, err
	}
	last := p.Steps[len(p.Steps)-1]
	if weighted {
		if _, ok := last.Est.(estimator.WeightedFitter); !ok {
			return nil, unsupported(last, "FitWeighted")
		}
	}
	if transform && !isPassthrough(last.Est) {
		if _, ok := last.Est.(estimator.Transformer); !ok {
			return nil, fmt.Errorf("pipeline: final step %q (%T) has no Transform: %w", last.Name, last.Est, errors.ErrUnsupported)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	_, nFeatures, err := checkInput(X, y)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	if p.allPassthrough() {
		// No step will look at X; check it here.
		if _, err := estimator.CheckXy(X, y); err != nil {
			return nil, fmt.Errorf("pipeline: %w", err)
		}
	}
	fitted := make([]estimator.Estimator, len(p.Steps))
	var xt mat.Matrix = X
	var out *mat.Dense
	owned := false // xt is an output of an earlier step, so steps may overwrite it
	for i, s := range p.Steps {
		if i > 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if isPassthrough(s.Est) {
			continue
		}
		c := cloneStep(s.Est)
		fitted[i] = c
		if i == len(p.Steps)-1 && !transform {
			var err error
			if weighted {
				err = c.(estimator.WeightedFitter).FitWeighted(ctx, xt, y, w)
			} else {
				err = c.Fit(ctx, xt, y)
			}
			if err != nil {
				return nil, stepErr(s, err)
			}
			break
		}
		if ip, ok := c.(fastpath.InPlaceTransformer); ok && owned {
			if d, ok := xt.(*mat.Dense); ok {
				if err := ip.FitTransformInPlace(ctx, d, y); err != nil {
					return nil, stepErr(s, err)
				}
				continue // xt (and out) now hold this step's output
			}
		}
		res, err := estimator.FitTransform(ctx, c.(estimator.Transformer), xt, y)
		if err == nil {
			err = checkOutput(res)
		}
		if err != nil {
			return nil, stepErr(s, err)
		}
		xt, out, owned = res, res, true
	}
	if transform && out == nil { // every step was Passthrough
		x, err := estimator.CheckX(X)
		if err != nil {
			return nil, fmt.Errorf("pipeline: %w", err)
		}
		out = mat.DenseCopyOf(x)
	}
	// Every step succeeded: move the learned state into the caller's steps.
	for i, c := range fitted {
		if c == nil {
			continue
		}
		if kept := adopt(p.Steps[i].Est, c); kept != p.Steps[i].Est {
			p.Steps[i].Est = kept // a step held by value cannot be updated in place
		}
	}
	p.fit = &pipelineFit{NFeatures: nFeatures}
	return out, nil
}

func (p *Pipeline) allPassthrough() bool {
	for _, s := range p.Steps {
		if !isPassthrough(s.Est) {
			return false
		}
	}
	return true
}

// transformUntil runs X through the steps before index end (skipping estimator.Passthrough).
func (p *Pipeline) transformUntil(X mat.Matrix, end int) (mat.Matrix, error) {
	if p.fit == nil {
		return nil, fmt.Errorf("pipeline: %w", estimator.ErrNotFitted)
	}
	if _, _, err := checkInput(X, nil); err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	if p.allPassthrough() {
		x, err := estimator.CheckPredict(X, p.fit.NFeatures)
		if err != nil {
			return nil, fmt.Errorf("pipeline: %w", err)
		}
		X = x
	}
	xt := X
	owned := false // xt is an output of an earlier step, so steps may overwrite it
	for _, s := range p.Steps[:end] {
		if isPassthrough(s.Est) {
			continue
		}
		tr, ok := s.Est.(estimator.Transformer)
		if !ok {
			return nil, stepErr(s, fmt.Errorf("not a Transformer: %w", estimator.ErrInvalidParam))
		}
		if ip, ok := s.Est.(fastpath.InPlaceTransformer); ok && owned {
			if d, ok := xt.(*mat.Dense); ok {
				if err := ip.TransformInPlace(d); err != nil {
					return nil, stepErr(s, err)
				}
				continue
			}
		}
		res, err := tr.Transform(xt)
		if err == nil {
			err = checkOutput(res)
		}
		if err != nil {
			return nil, stepErr(s, err)
		}
		xt, owned = res, true
	}
	return xt, nil
}

// final returns the last step, after checking that the pipeline is usable: it has
// steps, none is nil (Steps can be assigned after Fit), and it does not contain itself.
func (p *Pipeline) final() (Step, error) {
	if len(p.Steps) == 0 {
		return Step{}, fmt.Errorf("pipeline: no steps: %w", estimator.ErrInvalidParam)
	}
	for _, s := range p.Steps {
		if isNil(s.Est) {
			return Step{}, fmt.Errorf("pipeline: step %q has a nil estimator (use estimator.Passthrough to skip it): %w", s.Name, estimator.ErrInvalidParam)
		}
	}
	if err := checkNoCycle(p); err != nil {
		return Step{}, fmt.Errorf("pipeline: %w", err)
	}
	return p.Steps[len(p.Steps)-1], nil
}

func unsupported(s Step, method string) error {
	return fmt.Errorf("pipeline: final step %q (%T) has no %s: %w", s.Name, s.Est, method, errors.ErrUnsupported)
}

// Predict transforms X through every step but the last and returns the final step's
// predictions. It returns ErrNotFitted before Fit, an error wrapping
// errors.ErrUnsupported if the final step is not a Predictor, and the steps' errors
// (ErrShape, ErrInvalidData) wrapped with the step name.
func (p *Pipeline) Predict(X mat.Matrix) ([]float64, error) {
	last, err := p.final()
	if err != nil {
		return nil, err
	}
	pr, ok := last.Est.(estimator.Predictor)
	if !ok && p.fit != nil {
		return nil, unsupported(last, "Predict")
	}
	xt, err := p.transformUntil(X, len(p.Steps)-1)
	if err != nil {
		return nil, err
	}
	out, err := pr.Predict(xt)
	if err != nil {
		return nil, stepErr(last, err)
	}
	return out, nil
}

// PredictProba transforms X through every step but the last and returns the final
// step's class probabilities. It returns ErrNotFitted before Fit and an error wrapping
// errors.ErrUnsupported if the final step is not an estimator.ProbaClassifier.
func (p *Pipeline) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	last, err := p.final()
	if err != nil {
		return nil, err
	}
	pc, ok := last.Est.(estimator.ProbaClassifier)
	if !ok && p.fit != nil {
		return nil, unsupported(last, "PredictProba")
	}
	xt, err := p.transformUntil(X, len(p.Steps)-1)
	if err != nil {
		return nil, err
	}
	out, err := pc.PredictProba(xt)
	if err != nil {
		return nil, stepErr(last, err)
	}
	return out, nil
}

// Classes returns the final step's classes if it is a fitted estimator.Classifier,
// else nil.
func (p *Pipeline) Classes() []float64 {
	if p.fit == nil {
		return nil
	}
	last, err := p.final()
	if err != nil {
		return nil
	}
	if c, ok := last.Est.(estimator.Classifier); ok {
		return c.Classes()
	}
	return nil
}

// Transform runs X through every step, the last included; the final step must be a
// Transformer or estimator.Passthrough (otherwise the error wraps errors.ErrUnsupported). It
// returns ErrNotFitted before Fit.
func (p *Pipeline) Transform(X mat.Matrix) (*mat.Dense, error) {
	last, err := p.final()
	if err != nil {
		return nil, err
	}
	if _, ok := last.Est.(estimator.Transformer); !ok && p.fit != nil {
		return nil, unsupported(last, "Transform")
	}
	xt, err := p.transformUntil(X, len(p.Steps))
	if err != nil {
		return nil, err
	}
	if d, ok := xt.(*mat.Dense); ok && d != X {
		return d, nil
	}
	// Only estimator.Passthrough steps ran: return a fresh copy, never the caller's matrix.
	x, err := estimator.CheckX(xt)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	return mat.DenseCopyOf(x), nil
}

// InverseTransform maps X back through every step in reverse order (scikit-learn:
// Pipeline.inverse_transform); every non-estimator.Passthrough step must be an
// estimator.InverseTransformer, otherwise the error names the first that is not and
// wraps errors.ErrUnsupported. It returns ErrNotFitted before Fit.
func (p *Pipeline) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	if _, err := p.final(); err != nil {
		return nil, err
	}
	if p.fit == nil {
		return nil, fmt.Errorf("pipeline: %w", estimator.ErrNotFitted)
	}
	for _, s := range p.Steps {
		if _, ok := s.Est.(estimator.InverseTransformer); !ok && !isPassthrough(s.Est) {
			return nil, fmt.Errorf("pipeline: step %q (%T) has no InverseTransform: %w", s.Name, s.Est, errors.ErrUnsupported)
		}
	}
	if _, _, err := checkInput(X, nil); err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	xt := X
	var out *mat.Dense
	for i := len(p.Steps) - 1; i >= 0; i-- {
		s := p.Steps[i]
		if isPassthrough(s.Est) {
			continue
		}
		res, err := s.Est.(estimator.InverseTransformer).InverseTransform(xt)
		if err == nil {
			err = checkOutput(res)
		}
		if err != nil {
			return nil, stepErr(s, err)
		}
		xt, out = res, res
	}
	if out == nil {
		x, err := estimator.CheckX(X)
		if err != nil {
			return nil, fmt.Errorf("pipeline: %w", err)
		}
		out = mat.DenseCopyOf(x)
	}
	return out, nil
}

// FeatureNamesOut chains the steps' estimator.FeatureNamer implementations (scikit-
// learn: get_feature_names_out): in names the pipeline's input columns (nil means
// "x0", "x1", ...). estimator.Passthrough keeps names. A final step that is not a Transformer
// (a regressor or classifier) is skipped, so the result names the features it sees.
// It returns nil if a transformer step cannot name its outputs, and for a pipeline
// that is not usable (no steps, a nil step, or a pipeline that contains itself).
func (p *Pipeline) FeatureNamesOut(in []string) []string {
	if _, err := p.final(); err != nil {
		return nil
	}
	names := slices.Clone(in)
	if names == nil && p.fit != nil {
		names = defaultNames(p.fit.NFeatures)
	}
	for i, s := range p.Steps {
		if isPassthrough(s.Est) {
			continue
		}
		if fn, ok := s.Est.(estimator.FeatureNamer); ok {
			names = fn.FeatureNamesOut(names)
			continue
		}
		if _, ok := s.Est.(estimator.Transformer); !ok && i == len(p.Steps)-1 {
			break
		}
		return nil
	}
	return names
}

// MarshalState returns the pipeline's own learned state (the steps' states are saved
// under their own paths by estimator.Save); nil before Fit.
func (p *Pipeline) MarshalState() ([]byte, error) {
	return estimator.EncodeState(pipelineStateVersion, p.fit)
}

// UnmarshalState restores what MarshalState returned. It fails with an error wrapping
// estimator.ErrState, leaving p unchanged, for bytes of another version or a number of
// input columns outside [1, 2²⁴].
func (p *Pipeline) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, pipelineStateVersion, &p.fit); err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	return nil
}
