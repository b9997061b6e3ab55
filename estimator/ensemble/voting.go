package ensemble

import (
	"context"
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.ProbaClassifier = (*VotingClassifier)(nil)
	_ estimator.Transformer     = (*VotingClassifier)(nil)
	_ estimator.WeightedFitter  = (*VotingClassifier)(nil)
	_ estimator.Validator       = (*VotingClassifier)(nil)
	_ estimator.Cloner          = (*VotingClassifier)(nil)
	_ estimator.Composite       = (*VotingClassifier)(nil)
	_ estimator.StateMarshaler  = (*VotingClassifier)(nil)
	_ estimator.Predictor       = (*VotingRegressor)(nil)
	_ estimator.Transformer     = (*VotingRegressor)(nil)
	_ estimator.WeightedFitter  = (*VotingRegressor)(nil)
	_ estimator.Validator       = (*VotingRegressor)(nil)
	_ estimator.Cloner          = (*VotingRegressor)(nil)
	_ estimator.Composite       = (*VotingRegressor)(nil)
	_ estimator.StateMarshaler  = (*VotingRegressor)(nil)
)

// Voting selects how a VotingClassifier combines its members.
type Voting string

const (
	// VotingHard takes the (weighted) majority of the members' predicted labels; ties
	// go to the smallest class. It is the zero value, scikit-learn's default.
	VotingHard Voting = ""
	// VotingHardName is VotingHard spelled as scikit-learn does.
	VotingHardName Voting = "hard"
	// VotingSoft predicts the class with the largest (weighted) mean of the members'
	// PredictProba.
	VotingSoft Voting = "soft"
)

// VotingClassifier combines fitted classifiers by majority vote or by averaging their
// class probabilities (scikit-learn: ensemble.VotingClassifier). Like scikit-learn,
// it encodes y as class codes 0..K-1 (in ascending label order) and fits every member
// on the codes, so the members' own Classes are codes; the ensemble's Classes and
// predictions are the original labels.
//
// The members are fitted concurrently (at most Workers at once) on clones; when every
// member has succeeded, the learned state of each clone is moved into the member the
// caller supplied (as pipeline.Pipeline does with its steps), so Member("lr") is the
// fitted model. A failed Fit leaves the ensemble and its members as they were. The
// ensemble is an estimator.Composite: parameter paths address members by name
// ("lr.C"), and estimator.Save writes each member's learned state under its own path.
type VotingClassifier struct {
	// Estimators are the named members (scikit-learn estimators). Each must be a
	// classifier, with PredictProba for soft voting; estimator.Drop drops a member.
	// Names must be unique, non-empty and without dots.
	Estimators []estimator.Part `param:"-"`
	// Voting is "hard" (the zero value) or "soft".
	Voting Voting
	// Weights, one per member (dropped members included), weigh the votes or the
	// probabilities; nil means equal weights.
	Weights []float64
	// Workers bounds the members fitted at once; 0 means runtime.GOMAXPROCS(0)
	// (scikit-learn n_jobs).
	Workers int

	fit *voteClfFit
}

// voteClfFit is the classifier's own learned state (the members keep theirs).
type voteClfFit struct {
	Classes   []float64
	NFeatures int
	NLive     int
}

const voteClfStateVersion = 1

// voteMaxFeatures bounds NFeatures in decoded state.
const voteMaxFeatures = 1 << 24

// voteMaxClasses bounds the number of classes in decoded state.
const voteMaxClasses = 1 << 20

// Check validates decoded state.
func (f *voteClfFit) Check() error {
	return estimator.FirstError(
		estimator.CheckClasses("Classes", f.Classes),
		estimator.CheckCount("classes", len(f.Classes), 2, voteMaxClasses),
		estimator.CheckCount("NFeatures", f.NFeatures, 1, voteMaxFeatures),
		estimator.CheckCount("NLive", f.NLive, 1, 1<<20),
	)
}

// Validate checks the members (see the Estimators field), Voting, Weights, Workers
// and every member's own hyperparameters (errors name the member: "lr.C"). It returns
// a *estimator.ParamError, or a *estimator.CycleError when the ensemble contains
// itself.
func (v *VotingClassifier) Validate() error {
	if err := estimator.CheckGraph(v); err != nil {
		return err
	}
	kind := voteClassifier
	switch v.Voting {
	case VotingHard, VotingHardName:
	case VotingSoft:
		kind = voteProba
	default:
		return &estimator.ParamError{Param: "Voting", Value: v.Voting, Reason: `must be "hard" or "soft"`}
	}
	if err := voteCheckMembers(v.Estimators, kind); err != nil {
		return &estimator.ParamError{Param: "Estimators", Reason: err.Error()}
	}
	if err := voteCheckWeights(v.Weights, v.Estimators); err != nil {
		return err
	}
	if v.Workers < 0 {
		return &estimator.ParamError{Param: "Workers", Value: v.Workers, Reason: "must be >= 0"}
	}
	return voteValidateMembers(v.Estimators)
}

// String returns the settings, members included, as estimator.Format prints them.
func (v *VotingClassifier) String() string { return estimator.Format(v) }

// Parts returns the members as named parts (estimator.Composite).
func (v *VotingClassifier) Parts() []estimator.Part { return voteParts(v.Estimators) }

// SetPart replaces the member called name (nil drops it).
func (v *VotingClassifier) SetPart(name string, e estimator.Estimator) error {
	return voteSetPart("ensemble.VotingClassifier", v.Estimators, name, e)
}

// Member returns the estimator of the member called name (fitted after Fit), or nil.
func (v *VotingClassifier) Member(name string) estimator.Estimator {
	return voteMember(v.Estimators, name)
}

func voteMember(members []estimator.Part, name string) estimator.Estimator {
	for _, m := range members {
		if m.Name == name {
			return m.Est
		}
	}
	return nil
}

// Clone returns an unfitted ensemble with clones of every member (estimator.Cloner).
func (v *VotingClassifier) Clone() estimator.Estimator {
	if err := estimator.CheckGraph(v); err != nil {
		panic(err)
	}
	return &VotingClassifier{Estimators: voteCloneMembers(v.Estimators), Voting: v.Voting,
		Weights: append([]float64(nil), v.Weights...), Workers: v.Workers}
}

// Fit fits every member on X and y (as class codes). See FitWeighted.
func (v *VotingClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return v.FitWeighted(ctx, X, y, nil)
}

// FitWeighted fits every member on X and the class codes of y with sample weights w
// (nil means unweighted; with weights every member must be an
// estimator.WeightedFitter, as scikit-learn requires). Errors name the failing
// member; invalid settings give a *estimator.ParamError, a done ctx gives ctx.Err().
func (v *VotingClassifier) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const typ = "ensemble.VotingClassifier"
	if err := v.Validate(); err != nil {
		return fmt.Errorf("%s: %w", typ, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if y == nil {
		return fmt.Errorf("%s: y is nil: %w", typ, estimator.ErrInvalidData)
	}
	_, c, err := voteCheckInput(X, y)
	if err != nil {
		return fmt.Errorf("%s: %w", typ, err)
	}
	if w != nil && len(w) != len(y) {
		return fmt.Errorf("%s: %d weights for %d rows: %w", typ, len(w), len(y), estimator.ErrShape)
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return fmt.Errorf("%s: %w", typ, err)
	}
	fitted, err := voteFitMembers(ctx, typ, v.Estimators, X, voteEncode(y, classes), w, parallel.Workers(v.Workers))
	if err != nil {
		return err
	}
	nLive := 0
	for _, f := range fitted {
		if f != nil {
			nLive++
		}
	}
	voteAdoptAll(v.Estimators, fitted)
	v.fit = &voteClfFit{Classes: classes, NFeatures: c, NLive: nLive}
	return nil
}

// weights returns the weights of the live members, or nil for equal weights.
func voteLiveWeights(w []float64, members []estimator.Part) []float64 {
	if w == nil {
		return nil
	}
	var out []float64
	for i, m := range members {
		if voteLive(m) {
			out = append(out, w[i])
		}
	}
	return out
}

func (v *VotingClassifier) ready(X mat.Matrix) (int, error) {
	const typ = "ensemble.VotingClassifier"
	if v.fit == nil {
		return 0, fmt.Errorf("%s: %w", typ, estimator.ErrNotFitted)
	}
	if err := voteCheckUse(typ, v, v.Estimators, v.fit.NLive); err != nil {
		return 0, err
	}
	if v.Weights != nil && len(v.Weights) != len(v.Estimators) {
		return 0, fmt.Errorf("%s: %w", typ, voteCheckWeights(v.Weights, v.Estimators))
	}
	n, err := voteCheckPredict(X, v.fit.NFeatures)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", typ, err)
	}
	return n, nil
}

// probas returns the live members' probability matrices over the class codes.
func (v *VotingClassifier) probas(X mat.Matrix, n int) ([]*mat.Dense, error) {
	k := len(v.fit.Classes)
	var out []*mat.Dense
	for _, m := range v.Estimators {
		if !voteLive(m) {
			continue
		}
		p, err := voteMemberProba(m.Name, m.Est, X, n, k)
		if err != nil {
			return nil, fmt.Errorf("ensemble.VotingClassifier: %w", err)
		}
		out = append(out, p)
	}
	return out, nil
}

// codes returns the live members' predicted class codes, one row per member.
func (v *VotingClassifier) codes(X mat.Matrix, n int) ([][]int, error) {
	k := len(v.fit.Classes)
	var out [][]int
	for _, m := range v.Estimators {
		if !voteLive(m) {
			continue
		}
		p, err := voteMemberPredict(m.Name, m.Est, X, n)
		if err != nil {
			return nil, fmt.Errorf("ensemble.VotingClassifier: %w", err)
		}
		c := make([]int, n)
		for i, val := range p {
			if c[i], err = voteCode(val, k); err != nil {
				return nil, fmt.Errorf("ensemble.VotingClassifier: member %q: %w", m.Name, err)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// softAverage is numpy.average over the members' probabilities.
func (v *VotingClassifier) softAverage(X mat.Matrix, n int) (*mat.Dense, error) {
	ps, err := v.probas(X, n)
	if err != nil {
		return nil, err
	}
	k := len(v.fit.Classes)
	w := voteLiveWeights(v.Weights, v.Estimators)
	out := mat.NewDense(n, k, nil)
	den := float64(len(ps))
	if w != nil {
		den = 0
		for _, x := range w {
			den += x
		}
	}
	for i := 0; i < n; i++ {
		row := out.RawRowView(i)
		for m, p := range ps {
			pr := p.RawRowView(i)
			for j := range row {
				if w != nil {
					row[j] += pr[j] * w[m]
				} else {
					row[j] += pr[j]
				}
			}
		}
		for j := range row {
			row[j] /= den
		}
	}
	return out, nil
}

// Predict returns the predicted label of each row: for hard voting the class with
// the largest (weighted) number of member votes, for soft voting the class with the
// largest average probability; ties go to the smallest label, as numpy's argmax.
func (v *VotingClassifier) Predict(X mat.Matrix) ([]float64, error) {
	n, err := v.ready(X)
	if err != nil {
		return nil, err
	}
	k := len(v.fit.Classes)
	if v.Voting == VotingSoft {
		p, err := v.softAverage(X, n)
		if err != nil {
			return nil, err
		}
		out := make([]float64, n)
		for i := range out {
			out[i] = v.fit.Classes[voteArgmax(p.RawRowView(i))]
		}
		return out, nil
	}
	codes, err := v.codes(X, n)
	if err != nil {
		return nil, err
	}
	w := voteLiveWeights(v.Weights, v.Estimators)
	count := make([]float64, k)
	out := make([]float64, n)
	for i := range out {
		clear(count)
		for m, c := range codes {
			if w != nil {
				count[c[i]] += w[m]
			} else {
				count[c[i]]++
			}
		}
		out[i] = v.fit.Classes[voteArgmax(count)]
	}
	return out, nil
}

// voteArgmax returns the index of the first largest value.
func voteArgmax(v []float64) int {
	best := 0
	for j, x := range v {
		if x > v[best] {
			best = j
		}
	}
	return best
}

// PredictProba returns the (weighted) average of the members' class probabilities,
// columns in Classes order. It needs soft voting, as in scikit-learn; with hard voting
// it returns an error wrapping errors.ErrUnsupported.
func (v *VotingClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	if v.Voting != VotingSoft {
		return nil, fmt.Errorf("ensemble.VotingClassifier: PredictProba needs Voting \"soft\": %w", errors.ErrUnsupported)
	}
	n, err := v.ready(X)
	if err != nil {
		return nil, err
	}
	return v.softAverage(X, n)
}

// Transform returns the members' outputs side by side, members in order: for soft
// voting each member's class probabilities (K columns per member, scikit-learn's
// flatten_transform=True), for hard voting each member's predicted class code (one
// column per member).
func (v *VotingClassifier) Transform(X mat.Matrix) (*mat.Dense, error) {
	n, err := v.ready(X)
	if err != nil {
		return nil, err
	}
	if v.Voting == VotingSoft {
		ps, err := v.probas(X, n)
		if err != nil {
			return nil, err
		}
		k := len(v.fit.Classes)
		out := mat.NewDense(n, k*len(ps), nil)
		for m, p := range ps {
			for i := 0; i < n; i++ {
				copy(out.RawRowView(i)[m*k:(m+1)*k], p.RawRowView(i))
			}
		}
		return out, nil
	}
	codes, err := v.codes(X, n)
	if err != nil {
		return nil, err
	}
	out := mat.NewDense(n, len(codes), nil)
	for m, c := range codes {
		for i, x := range c {
			out.Set(i, m, float64(x))
		}
	}
	return out, nil
}

// Classes returns the sorted class labels seen at Fit, or nil before Fit.
func (v *VotingClassifier) Classes() []float64 {
	if v.fit == nil {
		return nil
	}
	return append([]float64(nil), v.fit.Classes...)
}

// MarshalState returns the ensemble's own learned state (the members' states are
// saved under their own paths by estimator.Save); nil before Fit.
func (v *VotingClassifier) MarshalState() ([]byte, error) {
	return estimator.EncodeState(voteClfStateVersion, v.fit)
}

// UnmarshalState restores what MarshalState returned; on an error wrapping
// estimator.ErrState v is unchanged.
func (v *VotingClassifier) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, voteClfStateVersion, &v.fit); err != nil {
		return fmt.Errorf("ensemble.VotingClassifier: %w", err)
	}
	return nil
}

// VotingRegressor averages the predictions of fitted regressors (scikit-learn:
// ensemble.VotingRegressor), with optional weights. Fitting, Composite paths and
// persistence are as for VotingClassifier.
type VotingRegressor struct {
	// Estimators are the named members, each an estimator.Predictor; estimator.Drop
	// drops a member. Names must be unique, non-empty and without dots.
	Estimators []estimator.Part `param:"-"`
	// Weights, one per member (dropped members included), weigh the predictions; nil
	// means equal weights.
	Weights []float64
	// Workers bounds the members fitted at once; 0 means runtime.GOMAXPROCS(0).
	Workers int

	fit *voteRegFit
}

type voteRegFit struct {
	NFeatures int
	NLive     int
}

const voteRegStateVersion = 1

// Check validates decoded state.
func (f *voteRegFit) Check() error {
	return estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, voteMaxFeatures),
		estimator.CheckCount("NLive", f.NLive, 1, 1<<20),
	)
}

// Validate checks the members, Weights, Workers and every member's own
// hyperparameters, as VotingClassifier.Validate does.
func (v *VotingRegressor) Validate() error {
	if err := estimator.CheckGraph(v); err != nil {
		return err
	}
	if err := voteCheckMembers(v.Estimators, voteRegressor); err != nil {
		return &estimator.ParamError{Param: "Estimators", Reason: err.Error()}
	}
	if err := voteCheckWeights(v.Weights, v.Estimators); err != nil {
		return err
	}
	if v.Workers < 0 {
		return &estimator.ParamError{Param: "Workers", Value: v.Workers, Reason: "must be >= 0"}
	}
	return voteValidateMembers(v.Estimators)
}

// String returns the settings, members included, as estimator.Format prints them.
func (v *VotingRegressor) String() string { return estimator.Format(v) }

// Parts returns the members as named parts (estimator.Composite).
func (v *VotingRegressor) Parts() []estimator.Part { return voteParts(v.Estimators) }

// SetPart replaces the member called name (nil drops it).
func (v *VotingRegressor) SetPart(name string, e estimator.Estimator) error {
	return voteSetPart("ensemble.VotingRegressor", v.Estimators, name, e)
}

// Member returns the estimator of the member called name (fitted after Fit), or nil.
func (v *VotingRegressor) Member(name string) estimator.Estimator {
	return voteMember(v.Estimators, name)
}

// Clone returns an unfitted ensemble with clones of every member (estimator.Cloner).
func (v *VotingRegressor) Clone() estimator.Estimator {
	if err := estimator.CheckGraph(v); err != nil {
		panic(err)
	}
	return &VotingRegressor{Estimators: voteCloneMembers(v.Estimators),
		Weights: append([]float64(nil), v.Weights...), Workers: v.Workers}
}

// Fit fits every member on X and y. See FitWeighted.
func (v *VotingRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return v.FitWeighted(ctx, X, y, nil)
}

// FitWeighted fits every member on X and y with sample weights w, as
// VotingClassifier.FitWeighted does (without encoding y).
func (v *VotingRegressor) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const typ = "ensemble.VotingRegressor"
	if err := v.Validate(); err != nil {
		return fmt.Errorf("%s: %w", typ, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if y == nil {
		return fmt.Errorf("%s: y is nil: %w", typ, estimator.ErrInvalidData)
	}
	_, c, err := voteCheckInput(X, y)
	if err != nil {
		return fmt.Errorf("%s: %w", typ, err)
	}
	if w != nil && len(w) != len(y) {
		return fmt.Errorf("%s: %d weights for %d rows: %w", typ, len(w), len(y), estimator.ErrShape)
	}
	fitted, err := voteFitMembers(ctx, typ, v.Estimators, X, y, w, parallel.Workers(v.Workers))
	if err != nil {
		return err
	}
	nLive := 0
	for _, f := range fitted {
		if f != nil {
			nLive++
		}
	}
	voteAdoptAll(v.Estimators, fitted)
	v.fit = &voteRegFit{NFeatures: c, NLive: nLive}
	return nil
}

func (v *VotingRegressor) predictions(X mat.Matrix) ([][]float64, int, error) {
	const typ = "ensemble.VotingRegressor"
	if v.fit == nil {
		return nil, 0, fmt.Errorf("%s: %w", typ, estimator.ErrNotFitted)
	}
	if err := voteCheckUse(typ, v, v.Estimators, v.fit.NLive); err != nil {
		return nil, 0, err
	}
	if v.Weights != nil && len(v.Weights) != len(v.Estimators) {
		return nil, 0, fmt.Errorf("%s: %w", typ, voteCheckWeights(v.Weights, v.Estimators))
	}
	n, err := voteCheckPredict(X, v.fit.NFeatures)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", typ, err)
	}
	var out [][]float64
	for _, m := range v.Estimators {
		if !voteLive(m) {
			continue
		}
		p, err := voteMemberPredict(m.Name, m.Est, X, n)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", typ, err)
		}
		out = append(out, p)
	}
	return out, n, nil
}

// Predict returns the (weighted) average of the members' predictions.
func (v *VotingRegressor) Predict(X mat.Matrix) ([]float64, error) {
	ps, n, err := v.predictions(X)
	if err != nil {
		return nil, err
	}
	w := voteLiveWeights(v.Weights, v.Estimators)
	den := float64(len(ps))
	if w != nil {
		den = 0
		for _, x := range w {
			den += x
		}
	}
	out := make([]float64, n)
	for i := range out {
		s := 0.0
		for m, p := range ps {
			if w != nil {
				s += p[i] * w[m]
			} else {
				s += p[i]
			}
		}
		out[i] = s / den
	}
	return out, nil
}

// Transform returns the members' predictions side by side, one column per member
// that is not dropped.
func (v *VotingRegressor) Transform(X mat.Matrix) (*mat.Dense, error) {
	ps, n, err := v.predictions(X)
	if err != nil {
		return nil, err
	}
	out := mat.NewDense(n, len(ps), nil)
	for m, p := range ps {
		for i, x := range p {
			out.Set(i, m, x)
		}
	}
	return out, nil
}

// MarshalState returns the ensemble's own learned state; nil before Fit.
func (v *VotingRegressor) MarshalState() ([]byte, error) {
	return estimator.EncodeState(voteRegStateVersion, v.fit)
}

// UnmarshalState restores what MarshalState returned; on an error wrapping
// estimator.ErrState v is unchanged.
func (v *VotingRegressor) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, voteRegStateVersion, &v.fit); err != nil {
		return fmt.Errorf("ensemble.VotingRegressor: %w", err)
	}
	return nil
}
