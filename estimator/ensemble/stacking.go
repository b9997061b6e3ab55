package ensemble

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.ProbaClassifier = (*StackingClassifier)(nil)
	_ estimator.Transformer     = (*StackingClassifier)(nil)
	_ estimator.WeightedFitter  = (*StackingClassifier)(nil)
	_ estimator.Validator       = (*StackingClassifier)(nil)
	_ estimator.Cloner          = (*StackingClassifier)(nil)
	_ estimator.Composite       = (*StackingClassifier)(nil)
	_ estimator.StateMarshaler  = (*StackingClassifier)(nil)
	_ estimator.Predictor       = (*StackingRegressor)(nil)
	_ estimator.Transformer     = (*StackingRegressor)(nil)
	_ estimator.WeightedFitter  = (*StackingRegressor)(nil)
	_ estimator.Validator       = (*StackingRegressor)(nil)
	_ estimator.Cloner          = (*StackingRegressor)(nil)
	_ estimator.Composite       = (*StackingRegressor)(nil)
	_ estimator.StateMarshaler  = (*StackingRegressor)(nil)
)

// StackMethod selects the member output that a stacking ensemble feeds to its final
// estimator (scikit-learn's stack_method).
type StackMethod string

const (
	// StackAuto (the zero value, or "auto") uses, per member, PredictProba if it has
	// it, else a decision function, else Predict. Regressors always use Predict.
	StackAuto StackMethod = ""
	// StackAutoName is StackAuto spelled as scikit-learn does.
	StackAutoName StackMethod = "auto"
	// StackPredictProba uses every member's PredictProba.
	StackPredictProba StackMethod = "predict_proba"
	// StackDecisionFunction uses every member's DecisionFunctionMatrix (or
	// DecisionFunction for a two-class member without it).
	StackDecisionFunction StackMethod = "decision_function"
	// StackPredict uses every member's Predict.
	StackPredict StackMethod = "predict"
)

// stackMatrixDecider is a classifier with a per-class decision function
// (linear.Logistic.DecisionFunctionMatrix).
type stackMatrixDecider interface {
	DecisionFunctionMatrix(X mat.Matrix) (*mat.Dense, error)
}

// stackDecider is a two-class classifier with a decision function.
type stackDecider interface {
	DecisionFunction(X mat.Matrix) ([]float64, error)
}

func stackHasDecision(e estimator.Estimator) bool {
	if _, ok := e.(stackMatrixDecider); ok {
		return true
	}
	_, ok := e.(stackDecider)
	return ok && estimator.Can(e, estimator.CanDecisionFunction)
}

// stackBase is what StackingClassifier and StackingRegressor share.
type stackBase struct {
	typ     string
	members []estimator.Part
	final   estimator.Estimator
	cv      crossval.Splitter
	method  StackMethod
	pass    bool
	workers int
	clf     bool
}

// stackFit is the learned state of a stacking ensemble (the members keep theirs).
type stackFit struct {
	Classes   []float64 // nil for the regressor
	NFeatures int
	Methods   []StackMethod // per live member
	NOut      []int         // meta-feature columns per live member
	Final     []byte        // the fitted final estimator, as estimator.Save writes it

	final estimator.Estimator // decoded Final
}

const stackStateVersion = 1

// Check validates decoded state (Final is checked when it is loaded).
func (f *stackFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, voteMaxFeatures),
		estimator.CheckCount("members", len(f.Methods), 1, 1<<20),
		estimator.CheckLen("NOut", len(f.NOut), len(f.Methods)),
	); err != nil {
		return err
	}
	if f.Classes != nil {
		if err := estimator.FirstError(estimator.CheckClasses("Classes", f.Classes),
			estimator.CheckCount("classes", len(f.Classes), 2, voteMaxClasses)); err != nil {
			return err
		}
	}
	for i, m := range f.Methods {
		switch m {
		case StackPredict, StackPredictProba, StackDecisionFunction:
		default:
			return fmt.Errorf("Methods[%d] is %q", i, m)
		}
		if f.Classes == nil && m != StackPredict {
			return fmt.Errorf("Methods[%d] is %q for a regressor", i, m)
		}
		if err := estimator.CheckCount(fmt.Sprintf("NOut[%d]", i), f.NOut[i], 1, voteMaxClasses); err != nil {
			return err
		}
		if m == StackPredict && f.NOut[i] != 1 {
			return fmt.Errorf("NOut[%d] is %d for a Predict member", i, f.NOut[i])
		}
	}
	if len(f.Final) == 0 {
		return errors.New("no final estimator")
	}
	return nil
}

func (b *stackBase) validate(self estimator.Estimator) error {
	if err := estimator.CheckGraph(self); err != nil {
		return err
	}
	kind := voteRegressor
	if b.clf {
		kind = voteClassifier
	}
	if err := voteCheckMembers(b.members, kind); err != nil {
		return &estimator.ParamError{Param: "Estimators", Reason: err.Error()}
	}
	switch b.method {
	case StackAuto, StackAutoName, StackPredict:
	case StackPredictProba, StackDecisionFunction:
		if !b.clf {
			return &estimator.ParamError{Param: "StackMethod", Value: b.method, Reason: `a regressor stacks with "auto" or "predict"`}
		}
		for _, m := range b.members {
			if !voteLive(m) {
				continue
			}
			if b.method == StackPredictProba && !estimator.Can(m.Est, estimator.CanPredictProba) {
				return &estimator.ParamError{Param: "StackMethod", Value: b.method, Reason: fmt.Sprintf("member %q (%T) has no PredictProba", m.Name, m.Est)}
			}
			if b.method == StackDecisionFunction && !stackHasDecision(m.Est) {
				return &estimator.ParamError{Param: "StackMethod", Value: b.method, Reason: fmt.Sprintf("member %q (%T) has no decision function", m.Name, m.Est)}
			}
		}
	default:
		return &estimator.ParamError{Param: "StackMethod", Value: b.method, Reason: `must be "auto", "predict_proba", "decision_function" or "predict"`}
	}
	if b.final != nil {
		if voteIsNil(b.final) {
			return &estimator.ParamError{Param: "FinalEstimator", Reason: "is a nil pointer (use a nil interface for the default)"}
		}
		if b.clf && !estimator.IsClassifier(b.final) {
			return &estimator.ParamError{Param: "FinalEstimator", Value: fmt.Sprintf("%T", b.final), Reason: "must be a classifier"}
		}
		if _, ok := b.final.(estimator.Predictor); !ok {
			return &estimator.ParamError{Param: "FinalEstimator", Value: fmt.Sprintf("%T", b.final), Reason: "has no Predict"}
		}
		if v, ok := b.final.(estimator.Validator); ok {
			if err := v.Validate(); err != nil {
				return votePrefixParamError("FinalEstimator", err)
			}
		}
	}
	if b.cv != nil {
		if voteIsNil(b.cv) {
			return &estimator.ParamError{Param: "CV", Reason: "is a nil pointer (use a nil interface for the default)"}
		}
		if v, ok := b.cv.(interface{ Validate() error }); ok {
			if err := v.Validate(); err != nil {
				return votePrefixParamError("CV", err)
			}
		}
	}
	if b.workers < 0 {
		return &estimator.ParamError{Param: "Workers", Value: b.workers, Reason: "must be >= 0"}
	}
	return voteValidateMembers(b.members)
}

// finalSkeleton returns an unfitted final estimator: a clone of FinalEstimator, or
// the default.
func (b *stackBase) finalSkeleton() estimator.Estimator {
	if b.final != nil {
		return estimator.Clone(b.final)
	}
	if b.clf {
		return &linear.Logistic{}
	}
	return &linear.Ridge{Alpha: 1}
}

func (b *stackBase) splitter() crossval.Splitter {
	if b.cv != nil {
		return b.cv
	}
	if b.clf {
		return crossval.StratifiedKFold{K: 5}
	}
	return crossval.KFold{K: 5}
}

// methodOf resolves StackAuto for a member.
func (b *stackBase) methodOf(e estimator.Estimator) StackMethod {
	switch b.method {
	case StackAuto, StackAutoName:
	default:
		return b.method
	}
	if !b.clf {
		return StackPredict
	}
	if estimator.Can(e, estimator.CanPredictProba) {
		return StackPredictProba
	}
	if stackHasDecision(e) {
		return StackDecisionFunction
	}
	return StackPredict
}

// memberOutput returns a fitted member's meta-features for X (n rows): its
// predictions, probabilities (the second column only for two classes) or decision
// values. k is the number of classes (0 for a regressor).
func stackMemberOutput(name string, e estimator.Estimator, method StackMethod, X mat.Matrix, n, k int) (*mat.Dense, error) {
	switch method {
	case StackPredict:
		p, err := voteMemberPredict(name, e, X, n)
		if err != nil {
			return nil, err
		}
		return mat.NewDense(n, 1, p), nil
	case StackPredictProba:
		p, err := voteMemberProba(name, e, X, n, k)
		if err != nil {
			return nil, err
		}
		if k == 2 {
			return mat.DenseCopyOf(p.Slice(0, n, 1, 2)), nil
		}
		return p, nil
	default:
		return stackDecision(name, e, X, n)
	}
}

func stackDecision(name string, e estimator.Estimator, X mat.Matrix, n int) (*mat.Dense, error) {
	if md, ok := e.(stackMatrixDecider); ok {
		d, err := md.DecisionFunctionMatrix(X)
		if err != nil {
			return nil, fmt.Errorf("member %q: %w", name, err)
		}
		if d == nil {
			return nil, fmt.Errorf("member %q: DecisionFunctionMatrix returned nil: %w", name, estimator.ErrInvalidData)
		}
		if r, _ := d.Dims(); r != n {
			return nil, fmt.Errorf("member %q: DecisionFunctionMatrix returned %d rows for %d: %w", name, r, n, estimator.ErrShape)
		}
		return d, nil
	}
	if dd, ok := e.(stackDecider); ok {
		d, err := dd.DecisionFunction(X)
		if err != nil {
			return nil, fmt.Errorf("member %q: %w", name, err)
		}
		if len(d) != n {
			return nil, fmt.Errorf("member %q: DecisionFunction returned %d values for %d rows: %w", name, len(d), n, estimator.ErrShape)
		}
		return mat.NewDense(n, 1, d), nil
	}
	return nil, fmt.Errorf("member %q (%T) has no decision function: %w", name, e, errors.ErrUnsupported)
}

// oof returns the out-of-fold meta-features of one member: each row predicted by a
// clone fitted on the folds that do not hold it.
func (b *stackBase) oof(ctx context.Context, m estimator.Part, method StackMethod, X mat.Matrix, y, w []float64, k int) (*mat.Dense, error) {
	n := len(y)
	opt := &crossval.PredictOptions{Weights: w, Workers: b.workers}
	switch method {
	case StackPredict:
		p, err := crossval.CrossValPredict(ctx, m.Est, X, y, b.splitter(), opt)
		if err != nil {
			return nil, err
		}
		return mat.NewDense(n, 1, p), nil
	case StackPredictProba:
		p, err := crossval.CrossValPredictProba(ctx, m.Est, X, y, b.splitter(), opt)
		if err != nil {
			return nil, err
		}
		if _, c := p.Dims(); c != k {
			return nil, fmt.Errorf("cross-validated probabilities have %d columns for %d classes: %w", c, k, estimator.ErrShape)
		}
		if k == 2 {
			return mat.DenseCopyOf(p.Slice(0, n, 1, 2)), nil
		}
		return p, nil
	}
	// Decision functions: crossval has no helper for them, so fit the folds here.
	folds, err := b.splitter().Split(n, y)
	if err != nil {
		return nil, err
	}
	seen := make([]bool, n)
	for _, f := range folds {
		for _, r := range f.Test {
			if r < 0 || r >= n || seen[r] {
				return nil, fmt.Errorf("the CV splitter does not partition the rows (row %d): %w", r, estimator.ErrInvalidParam)
			}
			seen[r] = true
		}
	}
	for r, s := range seen {
		if !s {
			return nil, fmt.Errorf("the CV splitter leaves row %d in no test fold: %w", r, estimator.ErrInvalidParam)
		}
	}
	outs := make([]*mat.Dense, len(folds))
	err = parallel.Run(ctx, len(folds), parallel.Workers(b.workers), func(ctx context.Context, i int) error {
		return parallel.Protect(func() error {
			f := folds[i]
			c := estimator.Clone(m.Est)
			if err := voteFitOne(ctx, c, estimator.Rows(X, f.Train), estimator.Select(y, f.Train), estimator.Select(w, f.Train)); err != nil {
				return err
			}
			d, err := stackDecision(m.Name, c, estimator.Rows(X, f.Test), len(f.Test))
			outs[i] = d
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	_, cols := outs[0].Dims()
	out := mat.NewDense(n, cols, nil)
	for i, f := range folds {
		if _, c := outs[i].Dims(); c != cols {
			return nil, fmt.Errorf("member %q: decision functions of the folds have %d and %d columns (a fold lacks a class?): %w", m.Name, cols, c, estimator.ErrShape)
		}
		for a, r := range f.Test {
			out.SetRow(r, outs[i].RawRowView(a))
		}
	}
	return out, nil
}

// concat puts the member outputs side by side, then X itself with Passthrough.
func (b *stackBase) concat(parts []*mat.Dense, X mat.Matrix, n int) (*mat.Dense, error) {
	cols := 0
	for _, p := range parts {
		_, c := p.Dims()
		cols += c
	}
	var x *mat.Dense
	if b.pass {
		var err error
		if x, err = estimator.CheckXMissing(X); err != nil {
			return nil, err
		}
		_, c := x.Dims()
		cols += c
	}
	out := mat.NewDense(n, cols, nil)
	at := 0
	for _, p := range parts {
		_, c := p.Dims()
		out.Slice(0, n, at, at+c).(*mat.Dense).Copy(p)
		at += c
	}
	if x != nil {
		out.Slice(0, n, at, cols).(*mat.Dense).Copy(x)
	}
	return out, nil
}

// fitAll fits the members on all rows, computes their out-of-fold outputs, fits the
// final estimator on them, and returns the fitted members and state.
func (b *stackBase) fitAll(ctx context.Context, self estimator.Estimator, X mat.Matrix, y, w []float64) ([]estimator.Estimator, *stackFit, error) {
	if err := b.validate(self); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", b.typ, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if y == nil {
		return nil, nil, fmt.Errorf("%s: y is nil: %w", b.typ, estimator.ErrInvalidData)
	}
	n, c, err := voteCheckInput(X, y)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", b.typ, err)
	}
	if w != nil && len(w) != n {
		return nil, nil, fmt.Errorf("%s: %d weights for %d rows: %w", b.typ, len(w), n, estimator.ErrShape)
	}
	var classes []float64
	target := y
	k := 0
	if b.clf {
		if classes, err = estimator.CheckClassLabels(y); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", b.typ, err)
		}
		target = voteEncode(y, classes)
		k = len(classes)
	}
	fitted, err := voteFitMembers(ctx, b.typ, b.members, X, target, w, parallel.Workers(b.workers))
	if err != nil {
		return nil, nil, err
	}
	f := &stackFit{Classes: classes, NFeatures: c}
	var parts []*mat.Dense
	for _, m := range b.members {
		if !voteLive(m) {
			continue
		}
		method := b.methodOf(m.Est)
		p, err := b.oof(ctx, m, method, X, target, w, k)
		if err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return nil, nil, ctx.Err()
			}
			return nil, nil, fmt.Errorf("%s: member %q (%T): cross-validated %s: %w", b.typ, m.Name, m.Est, method, err)
		}
		_, cols := p.Dims()
		f.Methods = append(f.Methods, method)
		f.NOut = append(f.NOut, cols)
		parts = append(parts, p)
	}
	meta, err := b.concat(parts, X, n)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", b.typ, err)
	}
	final := b.finalSkeleton()
	if b.final == nil && !b.clf {
		alpha, _, err := stackRidgeCVAlpha(meta, target, w, stackRidgeAlphas)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: default final estimator (RidgeCV): %w", b.typ, err)
		}
		final = &linear.Ridge{Alpha: alpha}
	}
	if err := parallel.Protect(func() error { return voteFitOne(ctx, final, meta, target, w) }); err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, nil, ctx.Err()
		}
		return nil, nil, fmt.Errorf("%s: final estimator (%T): %w", b.typ, final, err)
	}
	var buf bytes.Buffer
	if err := estimator.Save(&buf, final); err != nil {
		return nil, nil, fmt.Errorf("%s: final estimator (%T) cannot be saved: %w", b.typ, final, err)
	}
	f.Final = buf.Bytes()
	f.final = final
	return fitted, f, nil
}

// transform returns the meta-features of X from the fitted members.
func (b *stackBase) transform(self estimator.Estimator, f *stackFit, X mat.Matrix) (*mat.Dense, error) {
	if f == nil {
		return nil, fmt.Errorf("%s: %w", b.typ, estimator.ErrNotFitted)
	}
	if err := voteCheckUse(b.typ, self, b.members, len(f.Methods)); err != nil {
		return nil, err
	}
	n, err := voteCheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.typ, err)
	}
	var parts []*mat.Dense
	i := 0
	for _, m := range b.members {
		if !voteLive(m) {
			continue
		}
		p, err := stackMemberOutput(m.Name, m.Est, f.Methods[i], X, n, len(f.Classes))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.typ, err)
		}
		if _, c := p.Dims(); c != f.NOut[i] {
			return nil, fmt.Errorf("%s: member %q gave %d columns, %d at Fit: %w", b.typ, m.Name, c, f.NOut[i], estimator.ErrShape)
		}
		parts = append(parts, p)
		i++
	}
	out, err := b.concat(parts, X, n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.typ, err)
	}
	return out, nil
}

// unmarshal decodes state and loads the final estimator into a skeleton.
func (b *stackBase) unmarshal(data []byte, dst **stackFit) error {
	var f *stackFit
	if err := estimator.DecodeState(data, stackStateVersion, &f); err != nil {
		return fmt.Errorf("%s: %w", b.typ, err)
	}
	if f == nil {
		*dst = nil
		return nil
	}
	if (f.Classes != nil) != b.clf {
		return fmt.Errorf("%s: state of the wrong kind of ensemble: %w", b.typ, estimator.ErrState)
	}
	final := b.finalSkeleton()
	if err := estimator.Load(bytes.NewReader(f.Final), final); err != nil {
		return fmt.Errorf("%s: final estimator: %w: %w", b.typ, err, estimator.ErrState)
	}
	f.final = final
	*dst = f
	return nil
}

// StackingClassifier stacks classifiers (scikit-learn: ensemble.StackingClassifier):
// a final classifier learns to combine the members' cross-validated outputs. Fit
// encodes y as class codes 0..K-1 (ascending labels), fits every member on all rows
// (concurrently), computes each member's out-of-fold outputs with CV (by default
// unshuffled 5-fold StratifiedKFold, as scikit-learn; crossval.CrossValPredictProba /
// CrossValPredict), and fits the final estimator on those outputs (the second
// probability column only, for two classes; then X itself with Passthrough).
// Prediction feeds the members' outputs on X to the final estimator.
//
// Members are fitted on clones and, when everything has succeeded, their learned state
// is moved into the members the caller supplied (Member("nb") is fitted), as
// pipeline.Pipeline does; a failed Fit changes nothing. The ensemble is an
// estimator.Composite: parameter paths address members by name ("nb.VarSmoothing")
// and the final estimator as "FinalEstimator.C"; estimator.Save writes the members'
// states under their paths and the fitted final estimator inside the ensemble's state.
type StackingClassifier struct {
	// Estimators are the named member classifiers; estimator.Drop drops one.
	Estimators []estimator.Part `param:"-"`
	// FinalEstimator combines the members' outputs; nil means &linear.Logistic{}
	// (scikit-learn's LogisticRegression()). It is never fitted itself: Fit fits a clone.
	FinalEstimator estimator.Estimator
	// CV splits the rows for the out-of-fold outputs; nil means
	// crossval.StratifiedKFold{K: 5}. It must partition the rows (every row in one test
	// fold). Tagged `param:"-"`: splitters are values held in an interface.
	CV crossval.Splitter `param:"-"`
	// StackMethod picks the member output; the zero value is "auto".
	StackMethod StackMethod
	// Passthrough also feeds X itself to the final estimator (after the members'
	// outputs).
	Passthrough bool
	// Workers bounds the members, and the folds of each member, fitted at once; 0
	// means runtime.GOMAXPROCS(0).
	Workers int

	fit *stackFit
}

func (s *StackingClassifier) base() *stackBase {
	return &stackBase{typ: "ensemble.StackingClassifier", members: s.Estimators, final: s.FinalEstimator, cv: s.CV,
		method: s.StackMethod, pass: s.Passthrough, workers: s.Workers, clf: true}
}

// Validate checks the members (classifiers with unique dot-free names), the final
// estimator (a classifier), CV, StackMethod (every member must support an explicit
// one), Workers and the members' own hyperparameters.
func (s *StackingClassifier) Validate() error { return s.base().validate(s) }

// String returns the settings, members included, as estimator.Format prints them.
func (s *StackingClassifier) String() string { return estimator.Format(s) }

// Parts returns the members as named parts (estimator.Composite).
func (s *StackingClassifier) Parts() []estimator.Part { return voteParts(s.Estimators) }

// SetPart replaces the member called name (nil drops it).
func (s *StackingClassifier) SetPart(name string, e estimator.Estimator) error {
	return voteSetPart("ensemble.StackingClassifier", s.Estimators, name, e)
}

// Member returns the estimator of the member called name (fitted after Fit), or nil.
func (s *StackingClassifier) Member(name string) estimator.Estimator {
	return voteMember(s.Estimators, name)
}

// FinalFitted returns the fitted final estimator (scikit-learn final_estimator_), or
// nil before Fit. It is the ensemble's own: do not refit it.
func (s *StackingClassifier) FinalFitted() estimator.Estimator {
	if s.fit == nil {
		return nil
	}
	return s.fit.final
}

// Clone returns an unfitted ensemble with clones of every member and of the final
// estimator (estimator.Cloner).
func (s *StackingClassifier) Clone() estimator.Estimator {
	if err := estimator.CheckGraph(s); err != nil {
		panic(err)
	}
	c := &StackingClassifier{Estimators: voteCloneMembers(s.Estimators), CV: s.CV, StackMethod: s.StackMethod,
		Passthrough: s.Passthrough, Workers: s.Workers}
	if !voteIsNil(s.FinalEstimator) {
		c.FinalEstimator = estimator.Clone(s.FinalEstimator)
	} else {
		c.FinalEstimator = s.FinalEstimator
	}
	return c
}

// Fit fits the ensemble on X and y. See FitWeighted.
func (s *StackingClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return s.FitWeighted(ctx, X, y, nil)
}

// FitWeighted fits the ensemble with sample weights w, which are passed to every
// member fit (fold fits included) and to the final estimator (nil means unweighted;
// with weights they must all be estimator.WeightedFitter). Errors name the failing
// member; invalid settings give a *estimator.ParamError, a done ctx gives ctx.Err().
func (s *StackingClassifier) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	fitted, f, err := s.base().fitAll(ctx, s, X, y, w)
	if err != nil {
		return err
	}
	voteAdoptAll(s.Estimators, fitted)
	s.fit = f
	return nil
}

// Transform returns the meta-features the final estimator sees: the members' outputs
// on X side by side (then X with Passthrough).
func (s *StackingClassifier) Transform(X mat.Matrix) (*mat.Dense, error) {
	return s.base().transform(s, s.fit, X)
}

// Predict returns the final estimator's predicted label for each row.
func (s *StackingClassifier) Predict(X mat.Matrix) ([]float64, error) {
	meta, err := s.Transform(X)
	if err != nil {
		return nil, err
	}
	n, _ := meta.Dims()
	codes, err := voteMemberPredict("final", s.fit.final, meta, n)
	if err != nil {
		return nil, fmt.Errorf("ensemble.StackingClassifier: %w", err)
	}
	out := make([]float64, n)
	for i, c := range codes {
		j, err := voteCode(c, len(s.fit.Classes))
		if err != nil {
			return nil, fmt.Errorf("ensemble.StackingClassifier: final estimator: %w", err)
		}
		out[i] = s.fit.Classes[j]
	}
	return out, nil
}

// PredictProba returns the final estimator's class probabilities, columns in Classes
// order; it needs a final estimator with PredictProba (errors.ErrUnsupported
// otherwise).
func (s *StackingClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	if s.fit == nil {
		return nil, fmt.Errorf("ensemble.StackingClassifier: %w", estimator.ErrNotFitted)
	}
	if _, ok := s.fit.final.(estimator.ProbaClassifier); !ok {
		return nil, fmt.Errorf("ensemble.StackingClassifier: the final estimator %T has no PredictProba: %w", s.fit.final, errors.ErrUnsupported)
	}
	meta, err := s.Transform(X)
	if err != nil {
		return nil, err
	}
	n, _ := meta.Dims()
	p, err := voteMemberProba("final", s.fit.final, meta, n, len(s.fit.Classes))
	if err != nil {
		return nil, fmt.Errorf("ensemble.StackingClassifier: %w", err)
	}
	return p, nil
}

// DecisionFunctionMatrix returns the final estimator's decision values on the
// members' outputs (scikit-learn's decision_function): n×K for K > 2 classes, n×1
// for two. The final estimator must have DecisionFunctionMatrix or DecisionFunction
// (errors.ErrUnsupported otherwise; the default linear.Logistic has both).
func (s *StackingClassifier) DecisionFunctionMatrix(X mat.Matrix) (*mat.Dense, error) {
	if s.fit == nil {
		return nil, fmt.Errorf("ensemble.StackingClassifier: %w", estimator.ErrNotFitted)
	}
	if !stackHasDecision(s.fit.final) {
		return nil, fmt.Errorf("ensemble.StackingClassifier: the final estimator %T has no decision function: %w", s.fit.final, errors.ErrUnsupported)
	}
	meta, err := s.Transform(X)
	if err != nil {
		return nil, err
	}
	n, _ := meta.Dims()
	d, err := stackDecision("final", s.fit.final, meta, n)
	if err != nil {
		return nil, fmt.Errorf("ensemble.StackingClassifier: %w", err)
	}
	return d, nil
}

// DecisionFunction returns the final estimator's decision value for a two-class
// model (positive values favour Classes()[1]); for more classes it returns an error
// wrapping errors.ErrUnsupported (use DecisionFunctionMatrix). It makes the ensemble
// a metrics.DecisionFunctioner, as scikit-learn's roc_auc scorer expects.
func (s *StackingClassifier) DecisionFunction(X mat.Matrix) ([]float64, error) {
	if s.fit != nil && len(s.fit.Classes) != 2 {
		return nil, fmt.Errorf("ensemble.StackingClassifier: the model has %d classes, DecisionFunction is for two; use DecisionFunctionMatrix: %w",
			len(s.fit.Classes), errors.ErrUnsupported)
	}
	d, err := s.DecisionFunctionMatrix(X)
	if err != nil {
		return nil, err
	}
	if _, c := d.Dims(); c != 1 {
		return nil, fmt.Errorf("ensemble.StackingClassifier: the final estimator gave %d decision values per row for two classes: %w", c, estimator.ErrShape)
	}
	return mat.Col(nil, 0, d), nil
}

// Classes returns the sorted class labels seen at Fit, or nil before Fit.
func (s *StackingClassifier) Classes() []float64 {
	if s.fit == nil {
		return nil
	}
	return append([]float64(nil), s.fit.Classes...)
}

// MarshalState returns the ensemble's own learned state, the fitted final estimator
// included (the members' states are saved under their own paths by estimator.Save);
// nil before Fit.
func (s *StackingClassifier) MarshalState() ([]byte, error) {
	return estimator.EncodeState(stackStateVersion, s.fit)
}

// UnmarshalState restores what MarshalState returned, loading the final estimator
// into a clone of FinalEstimator (or the default); on error s is unchanged.
func (s *StackingClassifier) UnmarshalState(b []byte) error { return s.base().unmarshal(b, &s.fit) }

// StackingRegressor stacks regressors (scikit-learn: ensemble.StackingRegressor), as
// StackingClassifier does with classifiers: the members' out-of-fold predictions (by
// default unshuffled 5-fold KFold) train the final estimator.
//
// A nil FinalEstimator means scikit-learn's default, RidgeCV(alphas=(0.1, 1, 10)): the
// ensemble picks the alpha with the smallest mean squared leave-one-out error on the
// meta-features (the exact closed form scikit-learn's RidgeCV uses, sample weights
// included; the first alpha wins ties) and fits a linear.Ridge with it, which
// FinalFitted returns.
type StackingRegressor struct {
	// Estimators are the named member regressors; estimator.Drop drops one.
	Estimators []estimator.Part `param:"-"`
	// FinalEstimator combines the members' predictions; nil means a linear.Ridge
	// whose Alpha is chosen among 0.1, 1 and 10 by leave-one-out error, as
	// scikit-learn's default RidgeCV does.
	FinalEstimator estimator.Estimator
	// CV splits the rows; nil means crossval.KFold{K: 5}. It must partition the rows.
	CV crossval.Splitter `param:"-"`
	// StackMethod must be "auto" (the zero value) or "predict".
	StackMethod StackMethod
	// Passthrough also feeds X itself to the final estimator.
	Passthrough bool
	// Workers bounds the members, and the folds of each member, fitted at once; 0
	// means runtime.GOMAXPROCS(0).
	Workers int

	fit *stackFit
}

func (s *StackingRegressor) base() *stackBase {
	return &stackBase{typ: "ensemble.StackingRegressor", members: s.Estimators, final: s.FinalEstimator, cv: s.CV,
		method: s.StackMethod, pass: s.Passthrough, workers: s.Workers}
}

// Validate checks the members, the final estimator, CV, StackMethod, Workers and the
// members' own hyperparameters.
func (s *StackingRegressor) Validate() error { return s.base().validate(s) }

// String returns the settings, members included, as estimator.Format prints them.
func (s *StackingRegressor) String() string { return estimator.Format(s) }

// Parts returns the members as named parts (estimator.Composite).
func (s *StackingRegressor) Parts() []estimator.Part { return voteParts(s.Estimators) }

// SetPart replaces the member called name (nil drops it).
func (s *StackingRegressor) SetPart(name string, e estimator.Estimator) error {
	return voteSetPart("ensemble.StackingRegressor", s.Estimators, name, e)
}

// Member returns the estimator of the member called name (fitted after Fit), or nil.
func (s *StackingRegressor) Member(name string) estimator.Estimator {
	return voteMember(s.Estimators, name)
}

// FinalFitted returns the fitted final estimator, or nil before Fit.
func (s *StackingRegressor) FinalFitted() estimator.Estimator {
	if s.fit == nil {
		return nil
	}
	return s.fit.final
}

// Clone returns an unfitted ensemble with clones of every member and of the final
// estimator (estimator.Cloner).
func (s *StackingRegressor) Clone() estimator.Estimator {
	if err := estimator.CheckGraph(s); err != nil {
		panic(err)
	}
	c := &StackingRegressor{Estimators: voteCloneMembers(s.Estimators), CV: s.CV, StackMethod: s.StackMethod,
		Passthrough: s.Passthrough, Workers: s.Workers}
	if !voteIsNil(s.FinalEstimator) {
		c.FinalEstimator = estimator.Clone(s.FinalEstimator)
	} else {
		c.FinalEstimator = s.FinalEstimator
	}
	return c
}

// Fit fits the ensemble on X and y. See FitWeighted.
func (s *StackingRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return s.FitWeighted(ctx, X, y, nil)
}

// FitWeighted fits the ensemble with sample weights w, as
// StackingClassifier.FitWeighted does (without encoding y).
func (s *StackingRegressor) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	fitted, f, err := s.base().fitAll(ctx, s, X, y, w)
	if err != nil {
		return err
	}
	voteAdoptAll(s.Estimators, fitted)
	s.fit = f
	return nil
}

// Transform returns the members' predictions on X side by side (then X with
// Passthrough): what the final estimator sees.
func (s *StackingRegressor) Transform(X mat.Matrix) (*mat.Dense, error) {
	return s.base().transform(s, s.fit, X)
}

// Predict returns the final estimator's prediction for each row.
func (s *StackingRegressor) Predict(X mat.Matrix) ([]float64, error) {
	meta, err := s.Transform(X)
	if err != nil {
		return nil, err
	}
	n, _ := meta.Dims()
	out, err := voteMemberPredict("final", s.fit.final, meta, n)
	if err != nil {
		return nil, fmt.Errorf("ensemble.StackingRegressor: %w", err)
	}
	for i, v := range out {
		if math.IsNaN(v) {
			return nil, fmt.Errorf("ensemble.StackingRegressor: the final estimator predicted NaN for row %d: %w", i, estimator.ErrInvalidData)
		}
	}
	return out, nil
}

// MarshalState returns the ensemble's own learned state, the fitted final estimator
// included; nil before Fit.
func (s *StackingRegressor) MarshalState() ([]byte, error) {
	return estimator.EncodeState(stackStateVersion, s.fit)
}

// UnmarshalState restores what MarshalState returned; on error s is unchanged.
func (s *StackingRegressor) UnmarshalState(b []byte) error { return s.base().unmarshal(b, &s.fit) }

// stackRidgeAlphas are the alphas of scikit-learn's default RidgeCV.
var stackRidgeAlphas = []float64{0.1, 1, 10}

// stackRidgeCVAlpha returns the alpha among alphas with the best (largest) score
// −mean(looᵢ²), and that score, as scikit-learn 1.2.1's RidgeCV (gcv, fit_intercept)
// computes it: with sᵢ = √wᵢ, X and y centred by their weighted means and rows
// scaled by sᵢ, the leave-one-out residual of row i is rᵢ / (1 − hᵢᵢ), where r is the
// scaled ridge residual and hᵢᵢ = sᵢ²/Σw + x̃ᵢᵀ(X̃ᵀX̃ + αI)⁻¹x̃ᵢ (the intercept is not
// penalised). The first alpha wins ties.
func stackRidgeCVAlpha(X *mat.Dense, y, w []float64, alphas []float64) (float64, float64, error) {
	n, p := X.Dims()
	sw := 0.0
	s := make([]float64, n)
	for i := range s {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		s[i] = math.Sqrt(wi)
		sw += wi
	}
	if !(sw > 0) {
		return 0, 0, fmt.Errorf("the sample weights sum to %v: %w", sw, estimator.ErrInvalidData)
	}
	xm := make([]float64, p)
	ym := 0.0
	for i := 0; i < n; i++ {
		wi := s[i] * s[i]
		for j, v := range X.RawRowView(i) {
			xm[j] += wi * v
		}
		ym += wi * y[i]
	}
	for j := range xm {
		xm[j] /= sw
	}
	ym /= sw
	xt := mat.NewDense(n, p, nil)
	yt := mat.NewVecDense(n, nil)
	for i := 0; i < n; i++ {
		row := xt.RawRowView(i)
		for j, v := range X.RawRowView(i) {
			row[j] = s[i] * (v - xm[j])
		}
		yt.SetVec(i, s[i]*(y[i]-ym))
	}
	var gram mat.Dense
	gram.Mul(xt.T(), xt)
	var xty mat.VecDense
	xty.MulVec(xt.T(), yt)
	best, bestScore := 0.0, math.Inf(-1)
	for _, alpha := range alphas {
		a := mat.DenseCopyOf(&gram)
		for j := 0; j < p; j++ {
			a.Set(j, j, a.At(j, j)+alpha)
		}
		var inv mat.Dense
		if err := inv.Inverse(a); err != nil {
			return 0, 0, fmt.Errorf("ridge system for alpha %v: %v: %w", alpha, err, estimator.ErrConvergence)
		}
		var beta mat.VecDense
		beta.MulVec(&inv, &xty)
		sq := 0.0
		tmp := make([]float64, p)
		for i := 0; i < n; i++ {
			xi := xt.RawRowView(i)
			r := yt.AtVec(i)
			for j, v := range xi {
				r -= v * beta.AtVec(j)
			}
			h := s[i] * s[i] / sw
			for j := range tmp {
				t := 0.0
				for k, v := range xi {
					t += inv.At(j, k) * v
				}
				tmp[j] = t
			}
			for j, v := range xi {
				h += v * tmp[j]
			}
			loo := r / (1 - h)
			sq += loo * loo
		}
		score := -sq / float64(n)
		if math.IsNaN(score) {
			return 0, 0, fmt.Errorf("the leave-one-out error for alpha %v is NaN: %w", alpha, estimator.ErrInvalidData)
		}
		if score > bestScore {
			best, bestScore = alpha, score
		}
	}
	return best, bestScore, nil
}
