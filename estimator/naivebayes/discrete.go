package naivebayes

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// discreteKind selects the event model of the discrete naive Bayes classifiers.
type discreteKind int

const (
	kindMultinomial discreteKind = iota
	kindBernoulli
	kindComplement
)

// alphaMin is scikit-learn's lower bound on alpha (_check_alpha).
const alphaMin = 1e-10

// discreteFit is the learned state of MultinomialNB, BernoulliNB and ComplementNB;
// fields are exported for gob.
type discreteFit struct {
	Classes        []float64
	NFeatures      int
	ClassCount     []float64 // (weighted) samples per class
	FeatureCount   []float64 // K×p (weighted) feature sums, row-major
	FeatureLogProb []float64 // K×p
	ClassLogPrior  []float64 // may hold -Inf for a class of prior zero
}

// discreteStateVersion is the state version of every discrete model.
const discreteStateVersion = 1

// Check validates decoded state.
func (f *discreteFit) Check() error {
	if err := checkDims(f.Classes, f.NFeatures); err != nil {
		return err
	}
	k := len(f.Classes)
	if err := estimator.FirstError(
		estimator.CheckLen("ClassCount", len(f.ClassCount), k),
		estimator.CheckLen("FeatureCount", len(f.FeatureCount), k*f.NFeatures),
		estimator.CheckLen("FeatureLogProb", len(f.FeatureLogProb), k*f.NFeatures),
		estimator.CheckLen("ClassLogPrior", len(f.ClassLogPrior), k),
		estimator.CheckFinite("ClassCount", f.ClassCount...),
		checkNonNegative("ClassCount", f.ClassCount...),
		estimator.CheckFinite("FeatureCount", f.FeatureCount...),
		checkNonNegative("FeatureCount", f.FeatureCount...),
		estimator.CheckFinite("FeatureLogProb", f.FeatureLogProb...),
	); err != nil {
		return err
	}
	finite := false
	for i, v := range f.ClassLogPrior {
		if math.IsNaN(v) || v > 0 {
			return fmt.Errorf("ClassLogPrior[%d] is %v, want a value <= 0 or -Inf", i, v)
		}
		finite = finite || !math.IsInf(v, 0)
	}
	if !finite {
		return fmt.Errorf("ClassLogPrior has no finite value")
	}
	return nil
}

// checkKind adds the conditions of one event model: Bernoulli and multinomial
// feature log probabilities are log probabilities (< 0 for Bernoulli, whose
// log(1 − exp(·)) must stay finite).
func (f *discreteFit) checkKind(kind discreteKind) error {
	for i, v := range f.FeatureLogProb {
		switch {
		case kind == kindBernoulli && !(v < 0):
			return fmt.Errorf("FeatureLogProb[%d] is %v, want a value < 0", i, v)
		case kind == kindMultinomial && !(v <= 0):
			return fmt.Errorf("FeatureLogProb[%d] is %v, want a value <= 0", i, v)
		}
	}
	return nil
}

// discrete holds the hyperparameters shared by the discrete models, resolved.
type discrete struct {
	name       string // "naivebayes.MultinomialNB"
	kind       discreteKind
	alpha      float64
	noFitPrior bool
	classPrior []float64
	binarize   bool
	threshold  float64
	norm       bool
}

func (d *discrete) errorf(err error) error { return fmt.Errorf("%s: %w", d.name, err) }

// validateDiscrete checks the shared hyperparameters.
func validateDiscrete(alpha float64, classPrior []float64) error {
	if math.IsNaN(alpha) || math.IsInf(alpha, 0) || alpha < 0 {
		return &estimator.ParamError{Param: "Alpha", Value: alpha, Reason: "must be finite and >= 0 (0 means the default 1.0)"}
	}
	for _, v := range classPrior {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return &estimator.ParamError{Param: "ClassPrior", Value: classPrior, Reason: "values must be finite and >= 0"}
		}
	}
	return nil
}

// resolvedAlpha is scikit-learn's _check_alpha with force_alpha=False: 0 means 1,
// smaller values are raised to 1e-10.
func resolvedAlpha(a float64) float64 {
	if a == 0 {
		return 1
	}
	return max(a, alphaMin)
}

// prepare validates X, y and w and returns X ready for counting (binarized for
// Bernoulli; checked non-negative for the others).
func (d *discrete) prepare(ctx context.Context, X mat.Matrix, y, w []float64) (*mat.Dense, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return nil, d.errorf(err)
	}
	if y == nil {
		return nil, d.errorf(fmt.Errorf("y is nil, a classifier needs labels: %w", estimator.ErrInvalidData))
	}
	n, _ := x.Dims()
	if err := checkWeights(w, n); err != nil {
		return nil, d.errorf(err)
	}
	return d.transformX(x, true)
}

// transformX binarizes x for Bernoulli, and for the count models checks that it is
// non-negative when nonNeg is set (fitting; scikit-learn does not check at predict).
func (d *discrete) transformX(x *mat.Dense, nonNeg bool) (*mat.Dense, error) {
	if d.kind == kindBernoulli {
		if !d.binarize {
			return x, nil
		}
		r, c := x.Dims()
		b := mat.NewDense(r, c, nil)
		for i := 0; i < r; i++ {
			dst := b.RawRowView(i)
			for j, v := range x.RawRowView(i) {
				if v > d.threshold {
					dst[j] = 1
				}
			}
		}
		return b, nil
	}
	if nonNeg {
		r, _ := x.Dims()
		for i := 0; i < r; i++ {
			for j, v := range x.RawRowView(i) {
				if v < 0 {
					return nil, d.errorf(fmt.Errorf("X[%d, %d] is %v: counts must be >= 0: %w", i, j, v, estimator.ErrInvalidData))
				}
			}
		}
	}
	return x, nil
}

// update counts x into a copy of prev (or fresh counters) and recomputes the
// probabilities: scikit-learn's _count, _update_feature_log_prob and
// _update_class_log_prior.
func (d *discrete) update(x *mat.Dense, y, w, classes []float64, prev *discreteFit) (*discreteFit, error) {
	n, p := x.Dims()
	K := len(classes)
	if d.classPrior != nil && len(d.classPrior) != K {
		return nil, d.errorf(&estimator.ParamError{Param: "ClassPrior", Value: d.classPrior,
			Reason: fmt.Sprintf("has %d values for %d classes", len(d.classPrior), K)})
	}
	var f *discreteFit
	if prev == nil {
		f = &discreteFit{Classes: slices.Clone(classes), NFeatures: p,
			ClassCount: make([]float64, K), FeatureCount: make([]float64, K*p)}
	} else {
		if prev.NFeatures != p {
			return nil, d.errorf(fmt.Errorf("X has %d features, but the model was fitted with %d: %w", p, prev.NFeatures, estimator.ErrShape))
		}
		f = &discreteFit{Classes: prev.Classes, NFeatures: p,
			ClassCount: slices.Clone(prev.ClassCount), FeatureCount: slices.Clone(prev.FeatureCount)}
	}
	code := codes(classes, y)
	for i := 0; i < n; i++ {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		c := code[i]
		f.ClassCount[c] += wi
		fc := f.FeatureCount[c*p : (c+1)*p]
		for j, v := range x.RawRowView(i) {
			fc[j] += wi * v
		}
	}
	alpha := resolvedAlpha(d.alpha)
	f.FeatureLogProb = make([]float64, K*p)
	switch d.kind {
	case kindMultinomial:
		for c := 0; c < K; c++ {
			s := 0.0
			for j := 0; j < p; j++ {
				s += f.FeatureCount[c*p+j] + alpha
			}
			ls := math.Log(s)
			for j := 0; j < p; j++ {
				f.FeatureLogProb[c*p+j] = math.Log(f.FeatureCount[c*p+j]+alpha) - ls
			}
		}
	case kindBernoulli:
		for c := 0; c < K; c++ {
			ls := math.Log(f.ClassCount[c] + 2*alpha)
			for j := 0; j < p; j++ {
				f.FeatureLogProb[c*p+j] = math.Log(f.FeatureCount[c*p+j]+alpha) - ls
			}
		}
	case kindComplement:
		all := make([]float64, p)
		for c := 0; c < K; c++ {
			for j := 0; j < p; j++ {
				all[j] += f.FeatureCount[c*p+j]
			}
		}
		comp := make([]float64, p)
		for c := 0; c < K; c++ {
			s := 0.0
			for j := 0; j < p; j++ {
				comp[j] = all[j] + alpha - f.FeatureCount[c*p+j]
				s += comp[j]
			}
			row := f.FeatureLogProb[c*p : (c+1)*p]
			sum := 0.0
			for j := 0; j < p; j++ {
				row[j] = math.Log(comp[j] / s)
				sum += row[j]
			}
			for j := range row {
				if d.norm {
					row[j] /= sum
				} else {
					row[j] = -row[j]
				}
			}
		}
	}
	f.ClassLogPrior = make([]float64, K)
	switch {
	case d.classPrior != nil:
		for c, v := range d.classPrior {
			f.ClassLogPrior[c] = math.Log(v)
		}
	case !d.noFitPrior:
		total := 0.0
		for _, v := range f.ClassCount {
			total += v
		}
		lt := math.Log(total)
		for c, v := range f.ClassCount {
			f.ClassLogPrior[c] = math.Log(v) - lt
		}
	default:
		for c := range f.ClassLogPrior {
			f.ClassLogPrior[c] = -math.Log(float64(K))
		}
	}
	err := f.Check()
	if err == nil {
		err = f.checkKind(d.kind)
	}
	if err != nil {
		return nil, d.errorf(fmt.Errorf("the fitted model is unusable (%v; data too extreme or all weights zero?): %w", err, estimator.ErrInvalidData))
	}
	return f, nil
}

// fit is Fit/FitWeighted.
func (d *discrete) fit(ctx context.Context, X mat.Matrix, y, w []float64) (*discreteFit, error) {
	x, err := d.prepare(ctx, X, y, w)
	if err != nil {
		return nil, err
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return nil, d.errorf(err)
	}
	return d.update(x, y, w, classes, nil)
}

// partialFit is PartialFit/PartialFitWeighted.
func (d *discrete) partialFit(ctx context.Context, X mat.Matrix, y, w, classes []float64, prev *discreteFit) (*discreteFit, error) {
	x, err := d.prepare(ctx, X, y, w)
	if err != nil {
		return nil, err
	}
	var prevClasses []float64
	if prev != nil {
		prevClasses = prev.Classes
	}
	cls, err := partialClasses(prevClasses, classes, y)
	if err != nil {
		return nil, d.errorf(err)
	}
	return d.update(x, y, w, cls, prev)
}

// jll returns the joint log likelihood of every row of X under f.
func (d *discrete) jll(f *discreteFit, X mat.Matrix) (*mat.Dense, error) {
	if f == nil {
		return nil, d.errorf(estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, d.errorf(err)
	}
	if x, err = d.transformX(x, false); err != nil {
		return nil, err
	}
	n, p := x.Dims()
	K := len(f.Classes)
	W := mat.NewDense(K, p, slices.Clone(f.FeatureLogProb))
	bias := make([]float64, K)
	switch d.kind {
	case kindMultinomial:
		copy(bias, f.ClassLogPrior)
	case kindBernoulli:
		for c := 0; c < K; c++ {
			neg := 0.0
			for j := 0; j < p; j++ {
				lp := f.FeatureLogProb[c*p+j]
				ln := math.Log(1 - math.Exp(lp))
				W.Set(c, j, lp-ln)
				neg += ln
			}
			bias[c] = f.ClassLogPrior[c] + neg
		}
	case kindComplement: // scikit-learn adds the prior only for a single class
	}
	out := mat.NewDense(n, K, nil)
	out.Mul(x, W.T())
	for i := 0; i < n; i++ {
		row := out.RawRowView(i)
		for c := range row {
			row[c] += bias[c]
		}
	}
	if err := checkJLL(out); err != nil {
		return nil, d.errorf(err)
	}
	return out, nil
}

func (d *discrete) predict(f *discreteFit, X mat.Matrix) ([]float64, error) {
	jll, err := d.jll(f, X)
	if err != nil {
		return nil, err
	}
	return argmaxClasses(jll, f.Classes), nil
}

func (d *discrete) predictLogProba(f *discreteFit, X mat.Matrix) (*mat.Dense, error) {
	jll, err := d.jll(f, X)
	if err != nil {
		return nil, err
	}
	return logProba(jll), nil
}

// unmarshal decodes state for a model of kind, leaving *dst unchanged on error.
func (d *discrete) unmarshal(b []byte, dst **discreteFit) error {
	var f *discreteFit
	if err := estimator.DecodeState(b, discreteStateVersion, &f); err != nil {
		return d.errorf(err)
	}
	if f != nil {
		if err := f.checkKind(d.kind); err != nil {
			return d.errorf(fmt.Errorf("%v: %w", err, estimator.ErrState))
		}
	}
	*dst = f
	return nil
}

// accessors shared by the discrete models.

func (f *discreteFit) classes() []float64 {
	if f == nil {
		return nil
	}
	return slices.Clone(f.Classes)
}

func (f *discreteFit) featureLogProb() *mat.Dense {
	if f == nil {
		return nil
	}
	return matOf(len(f.Classes), f.NFeatures, f.FeatureLogProb)
}

func (f *discreteFit) featureCount() *mat.Dense {
	if f == nil {
		return nil
	}
	return matOf(len(f.Classes), f.NFeatures, f.FeatureCount)
}

func (f *discreteFit) classCount() []float64 {
	if f == nil {
		return nil
	}
	return slices.Clone(f.ClassCount)
}

func (f *discreteFit) classLogPrior() []float64 {
	if f == nil {
		return nil
	}
	return slices.Clone(f.ClassLogPrior)
}
