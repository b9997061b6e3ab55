package ensemble

import (
	"context"
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/tree"
)

// AdaBoost (scikit-learn 1.2.1's sklearn/ensemble/_weight_boosting.py):
// AdaBoostClassifier with SAMME and SAMME.R, AdaBoostRegressor with AdaBoost.R2.

var (
	_ estimator.ProbaClassifier = (*AdaBoostClassifier)(nil)
	_ estimator.Validator       = (*AdaBoostClassifier)(nil)
	_ estimator.StateMarshaler  = (*AdaBoostClassifier)(nil)
	_ estimator.WeightedFitter  = (*AdaBoostClassifier)(nil)
	_ estimator.Predictor       = (*AdaBoostRegressor)(nil)
	_ estimator.Validator       = (*AdaBoostRegressor)(nil)
	_ estimator.StateMarshaler  = (*AdaBoostRegressor)(nil)
	_ estimator.WeightedFitter  = (*AdaBoostRegressor)(nil)
)

const (
	adaStateVersion  = 1
	adaMaxEstimators = 1 << 16
	adaEps           = 2.220446049250313e-16 // np.finfo(float64).eps
)

// AdaBoostClassifier is scikit-learn's ensemble.AdaBoostClassifier: each round fits
// a copy of Estimator to the weighted training rows and raises the weights of the
// rows it gets wrong. "SAMME.R" (the default in scikit-learn 1.2.1) combines the
// estimators' log probabilities; "SAMME" combines their votes with weights
// LearningRate·(log((1−err)/err) + log(K−1)). Fitting stops early when an estimator
// is perfect, or (SAMME) no better than chance.
//
// With deterministic base estimators the model reproduces scikit-learn's
// predictions, probabilities, estimator weights and errors (see the package
// documentation on tie-breaking in trees). The zero value is scikit-learn's default
// AdaBoostClassifier() (50 decision stumps, SAMME.R).
type AdaBoostClassifier struct {
	// Estimator is the base classifier, cloned for each round; it must implement
	// estimator.WeightedFitter, estimator.ProbaClassifier for SAMME.R and
	// estimator.StateMarshaler for the model to be saved. nil means a depth-1
	// tree.DecisionTreeClassifier. When it has a Seed field, each copy gets its own
	// seed drawn from Seed and the round.
	Estimator estimator.Classifier
	// NEstimators is the most rounds; 0 means 50. At most 2^16.
	NEstimators int
	// LearningRate shrinks each estimator's weight; 0 means the default 1. It must
	// be finite and >= 0.
	LearningRate float64
	// Algorithm is "SAMME.R" (the default, "") or "SAMME".
	Algorithm string
	// Seed seeds the base estimators' own seeds.
	Seed uint64

	fit *adaFit
}

// AdaBoostRegressor is scikit-learn's ensemble.AdaBoostRegressor (AdaBoost.R2,
// Drucker 1997): each round fits a copy of Estimator to a bootstrap sample drawn
// with the current weights, scores its relative errors with Loss, and reweights the
// rows; the prediction is the weighted median of the estimators' predictions. The
// bootstrap comes from Go's PCG stream (Seed, round), not numpy's, so the model is
// not scikit-learn's tree for tree; its cross-validated R² agrees with scikit-learn's
// (averaged over seeds) within 0.01 on diabetes and Boston.
//
// The zero value is scikit-learn's default AdaBoostRegressor() (50 depth-3
// regression trees, linear loss).
type AdaBoostRegressor struct {
	// Estimator is the base regressor, cloned for each round (nil means a depth-3
	// tree.DecisionTreeRegressor). It must implement estimator.StateMarshaler for the
	// model to be saved.
	Estimator estimator.Predictor
	// NEstimators is the most rounds; 0 means 50. At most 2^16.
	NEstimators int
	// LearningRate shrinks the reweighting; 0 means 1.
	LearningRate float64
	// Loss is "linear" (the default, ""), "square" or "exponential".
	Loss string
	// Seed seeds the bootstrap samples and the base estimators' seeds.
	Seed uint64

	fit *adaFit
}

// adaFit is the learned state of both AdaBoost estimators.
type adaFit struct {
	NFeatures int
	Classes   []float64 // classifier only
	Algorithm string    // "SAMME" or "SAMME.R" (classifier)
	Weights   []float64 // one per fitted estimator
	Errors    []float64
	States    [][]byte // MarshalState of each fitted estimator

	ests []estimator.Predictor // the fitted estimators (rebuilt from States on load)
}

// Check validates decoded state.
func (f *adaFit) Check() error {
	n := len(f.States)
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, 1<<24),
		estimator.CheckCount("estimators", n, 1, adaMaxEstimators),
		estimator.CheckLen("Weights", len(f.Weights), n),
		estimator.CheckLen("Errors", len(f.Errors), n),
		estimator.CheckFinite("Weights", f.Weights...),
		estimator.CheckFinite("Errors", f.Errors...),
	); err != nil {
		return err
	}
	for i, w := range f.Weights {
		if w < 0 {
			return fmt.Errorf("Weights[%d] is %v, want >= 0", i, w)
		}
	}
	if f.Classes != nil {
		if err := estimator.CheckClasses("Classes", f.Classes); err != nil {
			return err
		}
		if f.Algorithm != "SAMME" && f.Algorithm != "SAMME.R" {
			return fmt.Errorf("Algorithm is %q", f.Algorithm)
		}
		if len(f.Classes) > 1<<16 {
			return fmt.Errorf("Classes has %d values, too many", len(f.Classes))
		}
	}
	return nil
}

// adaRestore rebuilds the fitted estimators of decoded state from proto and checks
// that each predicts for NFeatures features (and, for a classifier, has Classes).
func (f *adaFit) restore(name string, proto estimator.Predictor) error {
	f.ests = make([]estimator.Predictor, len(f.States))
	probe := mat.NewDense(1, f.NFeatures, nil)
	for i, st := range f.States {
		e := estimator.Clone(proto)
		sm, ok := e.(estimator.StateMarshaler)
		if !ok {
			return fmt.Errorf("%s: estimator %T cannot load state: %w", name, e, estimator.ErrState)
		}
		if err := sm.UnmarshalState(st); err != nil {
			return fmt.Errorf("%s: estimator %d: %w", name, i, err)
		}
		if _, err := e.Predict(probe); err != nil {
			return fmt.Errorf("%s: estimator %d does not predict for %d features (%v): %w", name, i, f.NFeatures, err, estimator.ErrState)
		}
		if f.Classes != nil {
			c, ok := e.(estimator.Classifier)
			if !ok || !slices.Equal(c.Classes(), f.Classes) {
				return fmt.Errorf("%s: estimator %d has other classes: %w", name, i, estimator.ErrState)
			}
		}
		f.ests[i] = e
	}
	return nil
}

func adaLR(lr float64) float64 {
	if lr == 0 {
		return 1
	}
	return lr
}

func adaN(n int) int {
	if n == 0 {
		return 50
	}
	return n
}

func adaValidateCommon(n int, lr float64, base estimator.Estimator) error {
	switch {
	case n < 0 || n > adaMaxEstimators:
		return gbParamErr("NEstimators", n, fmt.Sprintf("must be in [1, %d] (0 means the default 50)", adaMaxEstimators))
	case gbBad(lr) || lr < 0:
		return gbParamErr("LearningRate", lr, "must be finite and > 0 (0 means the default 1)")
	}
	if v, ok := base.(estimator.Validator); ok && base != nil {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("Estimator: %w", err)
		}
	}
	return nil
}

// adaSeed gives a clone its own seed when it has a Seed field (scikit-learn's
// _make_estimator(random_state=...)).
func adaSeed(e estimator.Estimator, seed uint64, round int) {
	if _, ok := estimator.GetParams(e)["Seed"]; ok {
		s := rand.New(rand.NewPCG(seed, uint64(round)^0xada)).Uint64()
		_ = estimator.SetParams(e, estimator.Params{"Seed": s})
	}
}

func adaState(e estimator.Estimator) ([]byte, error) {
	sm, ok := e.(estimator.StateMarshaler)
	if !ok {
		return nil, nil
	}
	return sm.MarshalState()
}

// ----- classifier -----

const adaName = "ensemble.AdaBoostClassifier"

func (a *AdaBoostClassifier) algorithm() string {
	if a.Algorithm == "" {
		return "SAMME.R"
	}
	return a.Algorithm
}

func (a *AdaBoostClassifier) base() estimator.Classifier {
	if a.Estimator == nil {
		return &tree.DecisionTreeClassifier{MaxDepth: 1}
	}
	return a.Estimator
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (a *AdaBoostClassifier) Validate() error {
	if a.Algorithm != "" && a.Algorithm != "SAMME" && a.Algorithm != "SAMME.R" {
		return gbParamErr("Algorithm", a.Algorithm, `must be "SAMME.R" (default) or "SAMME"`)
	}
	if a.Estimator != nil {
		if _, ok := a.Estimator.(estimator.WeightedFitter); !ok {
			return gbParamErr("Estimator", a.Estimator, "must support sample weights (estimator.WeightedFitter)")
		}
		if _, ok := a.Estimator.(estimator.ProbaClassifier); !ok && a.algorithm() == "SAMME.R" {
			return gbParamErr("Estimator", a.Estimator, `needs PredictProba for Algorithm "SAMME.R"; use "SAMME"`)
		}
	}
	return adaValidateCommon(a.NEstimators, a.LearningRate, a.Estimator)
}

// Fit fits the ensemble to X and class labels y. It returns a *estimator.ParamError
// for bad hyperparameters, estimator.ErrInvalidData for bad input, fewer than two
// classes, or (SAMME) a first estimator no better than chance, and ctx.Err() when
// ctx is done. On error the previous model is kept.
func (a *AdaBoostClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return a.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with initial sample weights w (nil means all ones).
func (a *AdaBoostClassifier) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := a.Validate(); err != nil {
		return fmt.Errorf("%s: %w", adaName, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("%s: %w", adaName, err)
	}
	if y == nil {
		return fmt.Errorf("%s: y is nil, a classifier needs labels: %w", adaName, estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	if err := gbCheckWeights(w, n); err != nil {
		return fmt.Errorf("%s: %w", adaName, err)
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return fmt.Errorf("%s: %w", adaName, err)
	}
	K := len(classes)
	sw := adaInitWeights(w, n)
	zero := make([]bool, n)
	for i, v := range sw {
		zero[i] = v == 0
	}
	alg := a.algorithm()
	lr := adaLR(a.LearningRate)
	nEst := adaN(a.NEstimators)
	f := &adaFit{NFeatures: p, Classes: classes, Algorithm: alg}
	proto := a.base()
	incorrect := make([]bool, n)
	pred := make([]float64, n)
	for round := 0; round < nEst; round++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range sw {
			sw[i] = max(sw[i], adaEps)
			if zero[i] {
				sw[i] = 0
			}
		}
		e := estimator.Clone(proto)
		adaSeed(e, a.Seed, round)
		if err := e.(estimator.WeightedFitter).FitWeighted(ctx, x, y, sw); err != nil {
			return fmt.Errorf("%s: round %d: %w", adaName, round, err)
		}
		if got := e.Classes(); !slices.Equal(got, classes) {
			return fmt.Errorf("%s: the estimator's classes %v differ from y's %v: %w", adaName, got, classes, estimator.ErrInvalidData)
		}
		var proba *mat.Dense
		if alg == "SAMME.R" {
			proba, err = e.(estimator.ProbaClassifier).PredictProba(x)
			if err != nil {
				return fmt.Errorf("%s: %w", adaName, err)
			}
			for i := 0; i < n; i++ {
				pred[i] = classes[adaArgmax(proba.RawRowView(i))]
			}
		} else {
			pr, err := e.Predict(x)
			if err != nil {
				return fmt.Errorf("%s: %w", adaName, err)
			}
			copy(pred, pr)
		}
		num, den := 0.0, 0.0
		for i := range pred {
			incorrect[i] = pred[i] != y[i]
			if incorrect[i] {
				num += sw[i]
			}
			den += sw[i]
		}
		errRate := num / den
		st, err := adaState(e)
		if err != nil {
			return fmt.Errorf("%s: %w", adaName, err)
		}
		keep := func(weight, er float64) {
			f.ests = append(f.ests, e)
			f.States = append(f.States, st)
			f.Weights = append(f.Weights, weight)
			f.Errors = append(f.Errors, er)
		}
		if errRate <= 0 {
			keep(1, 0)
			break
		}
		last := round == nEst-1
		if alg == "SAMME.R" {
			c := -lr * float64(K-1) / float64(K)
			for i := 0; i < n; i++ {
				row := proba.RawRowView(i)
				s := 0.0
				for k, pk := range row {
					coding := -1 / float64(K-1)
					if classes[k] == y[i] {
						coding = 1
					}
					s += coding * math.Log(max(pk, adaEps))
				}
				ew := c * s
				if !last && (sw[i] > 0 || ew < 0) {
					sw[i] *= math.Exp(ew)
				}
			}
			keep(1, errRate)
		} else {
			if errRate >= 1-1/float64(K) {
				if len(f.ests) == 0 {
					return fmt.Errorf("%s: the first estimator is no better than chance (error %v), the ensemble cannot be fitted: %w", adaName, errRate, estimator.ErrInvalidData)
				}
				break
			}
			ew := lr * (math.Log((1-errRate)/errRate) + math.Log(float64(K)-1))
			if !last {
				for i := range sw {
					if incorrect[i] && sw[i] > 0 {
						sw[i] = math.Exp(math.Log(sw[i]) + ew)
					}
				}
			}
			keep(ew, errRate)
		}
		s := 0.0
		for _, v := range sw {
			s += v
		}
		if math.IsInf(s, 0) || math.IsNaN(s) || s <= 0 {
			break
		}
		if !last {
			for i := range sw {
				sw[i] /= s
			}
		}
	}
	for _, st := range f.States {
		if st == nil { // the estimator cannot be saved; the model is still usable in memory
			f.States = nil
			break
		}
	}
	a.fit = f
	return nil
}

func adaInitWeights(w []float64, n int) []float64 {
	sw := make([]float64, n)
	s := 0.0
	for i := range sw {
		sw[i] = 1
		if w != nil {
			sw[i] = w[i]
		}
		s += sw[i]
	}
	for i := range sw {
		sw[i] /= s
	}
	return sw
}

func adaArgmax(v []float64) int {
	best := 0
	for k, x := range v {
		if x > v[best] {
			best = k
		}
	}
	return best
}

func (a *AdaBoostClassifier) checkPredict(X mat.Matrix) (*mat.Dense, error) {
	if a.fit == nil {
		return nil, fmt.Errorf("%s: %w", adaName, estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, a.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", adaName, err)
	}
	return x, nil
}

// contribution returns estimator i's term of the decision function (n×K).
func (f *adaFit) contribution(i int, x *mat.Dense) ([]float64, error) {
	n, _ := x.Dims()
	K := len(f.Classes)
	out := make([]float64, n*K)
	e := f.ests[i]
	if f.Algorithm == "SAMME.R" {
		pr, err := e.(estimator.ProbaClassifier).PredictProba(x)
		if err != nil {
			return nil, err
		}
		if r, c := pr.Dims(); r != n || c != K {
			return nil, fmt.Errorf("estimator %d's PredictProba is %d×%d, want %d×%d", i, r, c, n, K)
		}
		for r := 0; r < n; r++ {
			row := out[r*K : (r+1)*K]
			s := 0.0
			for k, p := range pr.RawRowView(r) {
				row[k] = math.Log(max(p, adaEps))
				s += row[k]
			}
			for k := range row {
				row[k] = float64(K-1) * (row[k] - 1/float64(K)*s)
			}
		}
		return out, nil
	}
	pred, err := e.Predict(x)
	if err != nil {
		return nil, err
	}
	if len(pred) != n {
		return nil, fmt.Errorf("estimator %d returned %d predictions for %d rows", i, len(pred), n)
	}
	for r, v := range pred {
		if k, ok := slices.BinarySearch(f.Classes, v); ok {
			out[r*K+k] = f.Weights[i]
		}
	}
	return out, nil
}

// decision turns the summed contributions (n×K) into scikit-learn's decision
// function: divided by norm; for two classes the single column −d₀ + d₁.
func (f *adaFit) decision(sum []float64, n int, norm float64) []float64 {
	K := len(f.Classes)
	if K == 2 {
		out := make([]float64, n)
		for r := range out {
			out[r] = -sum[r*2]/norm + sum[r*2+1]/norm
		}
		return out
	}
	out := make([]float64, n*K)
	for i, v := range sum {
		out[i] = v / norm
	}
	return out
}

// staged calls yield with the decision function after each estimator.
func (f *adaFit) staged(x *mat.Dense, yield func(stage int, dec []float64) bool) error {
	n, _ := x.Dims()
	K := len(f.Classes)
	sum := make([]float64, n*K)
	norm := 0.0
	for i := range f.ests {
		norm += f.Weights[i]
		c, err := f.contribution(i, x)
		if err != nil {
			return err
		}
		for j, v := range c {
			sum[j] += v
		}
		if !yield(i, f.decision(sum, n, norm)) {
			return nil
		}
	}
	return nil
}

func (f *adaFit) decisionAll(x *mat.Dense) ([]float64, error) {
	var last []float64
	if err := f.staged(x, func(_ int, d []float64) bool { last = d; return true }); err != nil {
		return nil, err
	}
	return last, nil
}

func (f *adaFit) labels(dec []float64, n int) []float64 {
	K := len(f.Classes)
	out := make([]float64, n)
	for r := range out {
		if K == 2 {
			if dec[r] > 0 {
				out[r] = f.Classes[1]
			} else {
				out[r] = f.Classes[0]
			}
			continue
		}
		out[r] = f.Classes[adaArgmax(dec[r*K:(r+1)*K])]
	}
	return out
}

// proba is scikit-learn's _compute_proba_from_decision: a softmax of the decision
// (halved ±d for two classes, divided by K−1 otherwise).
func (f *adaFit) proba(dec []float64, n int) *mat.Dense {
	K := len(f.Classes)
	out := mat.NewDense(n, K, nil)
	for r := 0; r < n; r++ {
		row := out.RawRowView(r)
		if K == 2 {
			row[0], row[1] = -dec[r]/2, dec[r]/2
		} else {
			for k := range row {
				row[k] = dec[r*K+k] / float64(K-1)
			}
		}
		m := math.Inf(-1)
		for _, v := range row {
			m = max(m, v)
		}
		s := 0.0
		for k, v := range row {
			row[k] = math.Exp(v - m)
			s += row[k]
		}
		for k := range row {
			row[k] /= s
		}
	}
	return out
}

// DecisionFunction returns scikit-learn's decision_function: n×1 for two classes
// (positive favours the second class), n×K otherwise.
func (a *AdaBoostClassifier) DecisionFunction(X mat.Matrix) (*mat.Dense, error) {
	x, err := a.checkPredict(X)
	if err != nil {
		return nil, err
	}
	dec, err := a.fit.decisionAll(x)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", adaName, err)
	}
	n, _ := x.Dims()
	return mat.NewDense(n, len(dec)/n, dec), nil
}

// Predict returns the predicted class of each row.
func (a *AdaBoostClassifier) Predict(X mat.Matrix) ([]float64, error) {
	x, err := a.checkPredict(X)
	if err != nil {
		return nil, err
	}
	dec, err := a.fit.decisionAll(x)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", adaName, err)
	}
	n, _ := x.Dims()
	return a.fit.labels(dec, n), nil
}

// PredictProba returns the n×len(Classes()) class probabilities.
func (a *AdaBoostClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	x, err := a.checkPredict(X)
	if err != nil {
		return nil, err
	}
	dec, err := a.fit.decisionAll(x)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", adaName, err)
	}
	n, _ := x.Dims()
	return a.fit.proba(dec, n), nil
}

func (a *AdaBoostClassifier) staged(X mat.Matrix) (*mat.Dense, int, error) {
	x, err := a.checkPredict(X)
	if err != nil {
		return nil, 0, err
	}
	n, _ := x.Dims()
	return x, n, nil
}

// StagedPredict returns an iterator over the predicted labels after each estimator.
func (a *AdaBoostClassifier) StagedPredict(X mat.Matrix) (iter.Seq2[int, []float64], error) {
	x, n, err := a.staged(X)
	if err != nil {
		return nil, err
	}
	f := a.fit
	return func(yield func(int, []float64) bool) {
		_ = f.staged(x, func(s int, d []float64) bool { return yield(s, f.labels(d, n)) })
	}, nil
}

// StagedPredictProba returns an iterator over the probabilities after each estimator.
func (a *AdaBoostClassifier) StagedPredictProba(X mat.Matrix) (iter.Seq2[int, *mat.Dense], error) {
	x, n, err := a.staged(X)
	if err != nil {
		return nil, err
	}
	f := a.fit
	return func(yield func(int, *mat.Dense) bool) {
		_ = f.staged(x, func(s int, d []float64) bool { return yield(s, f.proba(d, n)) })
	}, nil
}

// StagedDecisionFunction returns an iterator over the decision function after each
// estimator.
func (a *AdaBoostClassifier) StagedDecisionFunction(X mat.Matrix) (iter.Seq2[int, *mat.Dense], error) {
	x, n, err := a.staged(X)
	if err != nil {
		return nil, err
	}
	f := a.fit
	return func(yield func(int, *mat.Dense) bool) {
		_ = f.staged(x, func(s int, d []float64) bool { return yield(s, mat.NewDense(n, len(d)/n, d)) })
	}, nil
}

// Classes returns the sorted class labels, or nil before Fit.
func (a *AdaBoostClassifier) Classes() []float64 {
	if a.fit == nil {
		return nil
	}
	return slices.Clone(a.fit.Classes)
}

// EstimatorWeights returns the weight of each fitted estimator (scikit-learn's
// estimator_weights_ without the zeros of rounds never fitted); nil before Fit.
func (a *AdaBoostClassifier) EstimatorWeights() []float64 { return adaCloneF(a.fit, true) }

// EstimatorErrors returns the weighted training error of each fitted estimator.
func (a *AdaBoostClassifier) EstimatorErrors() []float64 { return adaCloneF(a.fit, false) }

// NEstimatorsFitted returns the number of estimators in the ensemble.
func (a *AdaBoostClassifier) NEstimatorsFitted() int { return adaCount(a.fit) }

// FeatureImportances returns the estimator-weighted mean of the estimators'
// FeatureImportances, or nil before Fit or when the estimators have none.
func (a *AdaBoostClassifier) FeatureImportances() []float64 { return adaImportances(a.fit) }

// String returns the settings in Go syntax (estimator.Format).
func (a *AdaBoostClassifier) String() string { return estimator.Format(a) }

// MarshalState encodes the learned state (nil when unfitted). It fails when the
// base estimator cannot save its state.
func (a *AdaBoostClassifier) MarshalState() ([]byte, error) { return adaMarshal(adaName, a.fit) }

// UnmarshalState restores state written by MarshalState into copies of Estimator,
// checking it first; on error the model is unchanged.
func (a *AdaBoostClassifier) UnmarshalState(b []byte) error {
	var f *adaFit
	if err := estimator.DecodeState(b, adaStateVersion, &f); err != nil {
		return fmt.Errorf("%s: %w", adaName, err)
	}
	if f != nil {
		if f.Classes == nil {
			return fmt.Errorf("%s: the state is a regressor's: %w", adaName, estimator.ErrState)
		}
		if f.Algorithm == "SAMME.R" {
			if _, ok := a.base().(estimator.ProbaClassifier); !ok {
				return fmt.Errorf("%s: SAMME.R state needs a ProbaClassifier Estimator: %w", adaName, estimator.ErrState)
			}
		}
		if err := f.restore(adaName, a.base()); err != nil {
			return err
		}
	}
	a.fit = f
	return nil
}

func adaMarshal(name string, f *adaFit) ([]byte, error) {
	if f != nil && f.States == nil {
		return nil, fmt.Errorf("%s: the base estimator %T cannot save its state (no MarshalState)", name, f.ests[0])
	}
	return estimator.EncodeState(adaStateVersion, f)
}

func adaCloneF(f *adaFit, weights bool) []float64 {
	if f == nil {
		return nil
	}
	if weights {
		return slices.Clone(f.Weights)
	}
	return slices.Clone(f.Errors)
}

func adaCount(f *adaFit) int {
	if f == nil {
		return 0
	}
	return len(f.ests)
}

func adaImportances(f *adaFit) []float64 {
	if f == nil {
		return nil
	}
	out := make([]float64, f.NFeatures)
	norm := 0.0
	for i, e := range f.ests {
		fi, ok := e.(interface{ FeatureImportances() []float64 })
		if !ok {
			return nil
		}
		imp := fi.FeatureImportances()
		if len(imp) != f.NFeatures {
			return nil
		}
		for j, v := range imp {
			out[j] += f.Weights[i] * v
		}
		norm += f.Weights[i]
	}
	for j := range out {
		out[j] /= norm
	}
	return out
}

// ----- regressor -----

const adarName = "ensemble.AdaBoostRegressor"

func (a *AdaBoostRegressor) base() estimator.Predictor {
	if a.Estimator == nil {
		return &tree.DecisionTreeRegressor{MaxDepth: 3}
	}
	return a.Estimator
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (a *AdaBoostRegressor) Validate() error {
	switch a.Loss {
	case "", "linear", "square", "exponential":
	default:
		return gbParamErr("Loss", a.Loss, `must be "linear" (default), "square" or "exponential"`)
	}
	return adaValidateCommon(a.NEstimators, a.LearningRate, a.Estimator)
}

// Fit fits the ensemble to X and y. Errors as for AdaBoostClassifier.Fit.
func (a *AdaBoostRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return a.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with initial sample weights w (nil means all ones); the weights
// drive the bootstrap draws, the base estimator is fitted unweighted.
func (a *AdaBoostRegressor) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := a.Validate(); err != nil {
		return fmt.Errorf("%s: %w", adarName, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("%s: %w", adarName, err)
	}
	if y == nil {
		return fmt.Errorf("%s: y is nil, a regressor needs targets: %w", adarName, estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	if err := gbCheckWeights(w, n); err != nil {
		return fmt.Errorf("%s: %w", adarName, err)
	}
	sw := adaInitWeights(w, n)
	zero := make([]bool, n)
	for i, v := range sw {
		zero[i] = v == 0
	}
	lr := adaLR(a.LearningRate)
	nEst := adaN(a.NEstimators)
	f := &adaFit{NFeatures: p}
	proto := a.base()
	xb := mat.NewDense(n, p, nil)
	yb := make([]float64, n)
	cdf := make([]float64, n)
	errv := make([]float64, n)
	for round := 0; round < nEst; round++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range sw {
			sw[i] = max(sw[i], adaEps)
			if zero[i] {
				sw[i] = 0
			}
		}
		rng := rand.New(rand.NewPCG(a.Seed, uint64(round)))
		// numpy's choice(p=w): searchsorted(cdf/cdf[-1], uniform, side="right").
		c := 0.0
		for i, v := range sw {
			c += v
			cdf[i] = c
		}
		for i := range cdf {
			cdf[i] /= c
		}
		for r := 0; r < n; r++ {
			u := rng.Float64()
			i := sort.Search(n, func(j int) bool { return cdf[j] > u })
			i = min(i, n-1)
			copy(xb.RawRowView(r), x.RawRowView(i))
			yb[r] = y[i]
		}
		e := estimator.Clone(proto)
		adaSeed(e, a.Seed, round)
		if err := e.Fit(ctx, xb, yb); err != nil {
			return fmt.Errorf("%s: round %d: %w", adarName, round, err)
		}
		pred, err := e.Predict(x)
		if err != nil {
			return fmt.Errorf("%s: %w", adarName, err)
		}
		emax := 0.0
		for i := range errv {
			errv[i] = math.Abs(pred[i] - y[i])
			if sw[i] > 0 {
				emax = max(emax, errv[i])
			}
		}
		estErr := 0.0
		for i := range errv {
			if sw[i] <= 0 {
				continue
			}
			if emax != 0 {
				errv[i] /= emax
			}
			switch a.Loss {
			case "square":
				errv[i] *= errv[i]
			case "exponential":
				errv[i] = 1 - math.Exp(-errv[i])
			}
			estErr += sw[i] * errv[i]
		}
		st, err := adaState(e)
		if err != nil {
			return fmt.Errorf("%s: %w", adarName, err)
		}
		keep := func(weight, er float64) {
			f.ests = append(f.ests, e)
			f.States = append(f.States, st)
			f.Weights = append(f.Weights, weight)
			f.Errors = append(f.Errors, er)
		}
		if estErr <= 0 {
			keep(1, 0)
			break
		}
		if estErr >= 0.5 {
			if len(f.ests) == 0 { // scikit-learn keeps a lone first estimator (weight 0)
				keep(0, estErr)
			}
			break
		}
		beta := estErr / (1 - estErr)
		ew := lr * math.Log(1/beta)
		last := round == nEst-1
		if !last {
			for i := range sw {
				if sw[i] > 0 {
					sw[i] *= math.Pow(beta, (1-errv[i])*lr)
				}
			}
		}
		keep(ew, estErr)
		s := 0.0
		for _, v := range sw {
			s += v
		}
		if math.IsInf(s, 0) || math.IsNaN(s) || s <= 0 {
			break
		}
		if !last {
			for i := range sw {
				sw[i] /= s
			}
		}
	}
	for _, st := range f.States {
		if st == nil {
			f.States = nil
			break
		}
	}
	a.fit = f
	return nil
}

func (a *AdaBoostRegressor) checkPredict(X mat.Matrix) (*mat.Dense, error) {
	if a.fit == nil {
		return nil, fmt.Errorf("%s: %w", adarName, estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, a.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", adarName, err)
	}
	return x, nil
}

// medians returns the weighted median prediction of the first limit estimators
// (scikit-learn's _get_median_predict) given every estimator's predictions.
func (f *adaFit) medians(preds [][]float64, limit, n int) []float64 {
	out := make([]float64, n)
	idx := make([]int, limit)
	vals := make([]float64, limit)
	for r := 0; r < n; r++ {
		for e := 0; e < limit; e++ {
			idx[e] = e
			vals[e] = preds[e][r]
		}
		sort.SliceStable(idx, func(i, j int) bool { return vals[idx[i]] < vals[idx[j]] })
		total := 0.0
		for _, e := range idx {
			total += f.Weights[e]
		}
		cdf := 0.0
		pick := idx[0]
		for _, e := range idx {
			cdf += f.Weights[e]
			if cdf >= 0.5*total {
				pick = e
				break
			}
		}
		out[r] = vals[pick]
	}
	return out
}

func (a *AdaBoostRegressor) allPreds(x *mat.Dense) ([][]float64, int, error) {
	n, _ := x.Dims()
	preds := make([][]float64, len(a.fit.ests))
	for i, e := range a.fit.ests {
		p, err := e.Predict(x)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", adarName, err)
		}
		if len(p) != n {
			return nil, 0, fmt.Errorf("%s: estimator %d returned %d predictions for %d rows", adarName, i, len(p), n)
		}
		preds[i] = p
	}
	return preds, n, nil
}

// Predict returns the weighted median of the estimators' predictions for each row.
func (a *AdaBoostRegressor) Predict(X mat.Matrix) ([]float64, error) {
	x, err := a.checkPredict(X)
	if err != nil {
		return nil, err
	}
	preds, n, err := a.allPreds(x)
	if err != nil {
		return nil, err
	}
	return a.fit.medians(preds, len(preds), n), nil
}

// StagedPredict returns an iterator over the predictions of the first 1, 2, ...
// estimators.
func (a *AdaBoostRegressor) StagedPredict(X mat.Matrix) (iter.Seq2[int, []float64], error) {
	x, err := a.checkPredict(X)
	if err != nil {
		return nil, err
	}
	preds, n, err := a.allPreds(x)
	if err != nil {
		return nil, err
	}
	f := a.fit
	return func(yield func(int, []float64) bool) {
		for s := 1; s <= len(preds); s++ {
			if !yield(s-1, f.medians(preds, s, n)) {
				return
			}
		}
	}, nil
}

// EstimatorWeights returns the weight of each fitted estimator; nil before Fit.
func (a *AdaBoostRegressor) EstimatorWeights() []float64 { return adaCloneF(a.fit, true) }

// EstimatorErrors returns the weighted average loss of each fitted estimator.
func (a *AdaBoostRegressor) EstimatorErrors() []float64 { return adaCloneF(a.fit, false) }

// NEstimatorsFitted returns the number of estimators in the ensemble.
func (a *AdaBoostRegressor) NEstimatorsFitted() int { return adaCount(a.fit) }

// FeatureImportances returns the estimator-weighted mean of the estimators'
// FeatureImportances, or nil before Fit or when the estimators have none.
func (a *AdaBoostRegressor) FeatureImportances() []float64 { return adaImportances(a.fit) }

// String returns the settings in Go syntax (estimator.Format).
func (a *AdaBoostRegressor) String() string { return estimator.Format(a) }

// MarshalState encodes the learned state (nil when unfitted).
func (a *AdaBoostRegressor) MarshalState() ([]byte, error) { return adaMarshal(adarName, a.fit) }

// UnmarshalState restores state written by MarshalState into copies of Estimator,
// checking it first; on error the model is unchanged.
func (a *AdaBoostRegressor) UnmarshalState(b []byte) error {
	var f *adaFit
	if err := estimator.DecodeState(b, adaStateVersion, &f); err != nil {
		return fmt.Errorf("%s: %w", adarName, err)
	}
	if f != nil {
		if f.Classes != nil {
			return fmt.Errorf("%s: the state is a classifier's: %w", adarName, estimator.ErrState)
		}
		if err := f.restore(adarName, a.base()); err != nil {
			return err
		}
	}
	a.fit = f
	return nil
}
