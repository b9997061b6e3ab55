package naivebayes

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.ProbaClassifier = (*GaussianNB)(nil)
	_ estimator.Validator       = (*GaussianNB)(nil)
	_ estimator.StateMarshaler  = (*GaussianNB)(nil)
	_ estimator.WeightedFitter  = (*GaussianNB)(nil)
)

// GaussianNB is Gaussian naive Bayes (scikit-learn: naive_bayes.GaussianNB). Each
// class c has a prior πc and per-feature means θcj and variances σ²cj; the joint log
// likelihood of x is
//
//	log πc − ½ Σⱼ log(2π σ²cj) − ½ Σⱼ (xⱼ − θcj)² / σ²cj
//
// and the class probabilities are its softmax. Variances are the (weighted)
// maximum-likelihood variances plus ε = VarSmoothing · maxⱼ Var(X[:, j]), where the
// variance of each column is taken over the X of the last Fit or PartialFit call,
// as scikit-learn 1.2.1 does.
//
// The zero value is scikit-learn's default GaussianNB().
type GaussianNB struct {
	// VarSmoothing is the fraction of the largest feature variance added to every
	// variance for stability (scikit-learn's var_smoothing). Zero means 1e-9, the
	// default. It must be finite and >= 0.
	VarSmoothing float64
	// Priors fixes the class priors, in sorted class order (scikit-learn's priors).
	// nil means the class frequencies of the training data. Values must be >= 0 and
	// sum to 1 (within 1e-5); the length must equal the number of classes.
	Priors []float64

	fit *gaussianFit // nil until Fit succeeds
}

// gaussianFit is the learned state of a GaussianNB; fields are exported for gob.
type gaussianFit struct {
	Classes    []float64
	NFeatures  int
	Theta      []float64 // K×p means, row-major
	Var        []float64 // K×p variances including Epsilon
	ClassCount []float64 // (weighted) samples seen per class
	ClassPrior []float64
	Epsilon    float64
}

const gaussianStateVersion = 1

// Check validates decoded state.
func (f *gaussianFit) Check() error {
	if err := checkDims(f.Classes, f.NFeatures); err != nil {
		return err
	}
	k := len(f.Classes)
	return estimator.FirstError(
		estimator.CheckLen("Theta", len(f.Theta), k*f.NFeatures),
		estimator.CheckLen("Var", len(f.Var), k*f.NFeatures),
		estimator.CheckLen("ClassCount", len(f.ClassCount), k),
		estimator.CheckLen("ClassPrior", len(f.ClassPrior), k),
		estimator.CheckFinite("Theta", f.Theta...),
		estimator.CheckPositive("Var", f.Var...),
		estimator.CheckFinite("ClassCount", f.ClassCount...),
		checkNonNegative("ClassCount", f.ClassCount...),
		estimator.CheckFinite("ClassPrior", f.ClassPrior...),
		checkNonNegative("ClassPrior", f.ClassPrior...),
		estimator.CheckFinite("Epsilon", f.Epsilon),
		checkNonNegative("Epsilon", f.Epsilon),
	)
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (g *GaussianNB) Validate() error {
	if math.IsNaN(g.VarSmoothing) || math.IsInf(g.VarSmoothing, 0) || g.VarSmoothing < 0 {
		return &estimator.ParamError{Param: "VarSmoothing", Value: g.VarSmoothing, Reason: "must be finite and >= 0 (0 means the default 1e-9)"}
	}
	if g.Priors != nil {
		sum := 0.0
		for _, v := range g.Priors {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return &estimator.ParamError{Param: "Priors", Value: g.Priors, Reason: "values must be finite and >= 0"}
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-8+1e-5 { // numpy.isclose(sum, 1)
			return &estimator.ParamError{Param: "Priors", Value: g.Priors, Reason: "must sum to 1"}
		}
	}
	return nil
}

// Fit fits the model to X (n×p) and class labels y (any distinct finite values,
// sorted into Classes). It returns a *estimator.ParamError for bad hyperparameters
// (including Priors whose length is not the number of classes), an error wrapping
// estimator.ErrInvalidData for empty or non-finite input, fewer than two classes or
// variances that are not finite and positive (data too extreme for float64), and
// estimator.ErrShape when len(y) differs from the rows of X. It returns ctx.Err()
// when ctx is done. On error the previous model, if any, is kept.
func (g *GaussianNB) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return g.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; scikit-learn's
// sample_weight). Weights must be finite and >= 0; a wrong length gives
// estimator.ErrShape.
func (g *GaussianNB) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	x, err := g.check(ctx, X, y, w)
	if err != nil {
		return err
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return fmt.Errorf("naivebayes.GaussianNB: %w", err)
	}
	return g.update(x, y, w, classes, nil)
}

// PartialFit updates the model with one more batch (scikit-learn's partial_fit),
// combining means and variances exactly as scikit-learn's incremental update does.
// classes lists every class the model will see; it is required on the first call
// (when the model is unfitted) and may be nil later, when it must otherwise equal
// the classes of the first call. Every label of y must be one of the classes.
// Errors as for Fit; on error the model is unchanged.
func (g *GaussianNB) PartialFit(ctx context.Context, X mat.Matrix, y, classes []float64) error {
	return g.PartialFitWeighted(ctx, X, y, nil, classes)
}

// PartialFitWeighted is PartialFit with per-sample weights w (nil means all ones).
func (g *GaussianNB) PartialFitWeighted(ctx context.Context, X mat.Matrix, y, w, classes []float64) error {
	x, err := g.check(ctx, X, y, w)
	if err != nil {
		return err
	}
	var prevClasses []float64
	if g.fit != nil {
		prevClasses = g.fit.Classes
	}
	cls, err := partialClasses(prevClasses, classes, y)
	if err != nil {
		return fmt.Errorf("naivebayes.GaussianNB: %w", err)
	}
	if g.fit != nil {
		if _, p := x.Dims(); p != g.fit.NFeatures {
			return fmt.Errorf("naivebayes.GaussianNB: X has %d features, but the model was fitted with %d: %w", p, g.fit.NFeatures, estimator.ErrShape)
		}
	}
	return g.update(x, y, w, cls, g.fit)
}

func (g *GaussianNB) check(ctx context.Context, X mat.Matrix, y, w []float64) (*mat.Dense, error) {
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("naivebayes.GaussianNB: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return nil, fmt.Errorf("naivebayes.GaussianNB: %w", err)
	}
	if y == nil {
		return nil, fmt.Errorf("naivebayes.GaussianNB: y is nil, a classifier needs labels: %w", estimator.ErrInvalidData)
	}
	n, _ := x.Dims()
	if err := checkWeights(w, n); err != nil {
		return nil, fmt.Errorf("naivebayes.GaussianNB: %w", err)
	}
	return x, nil
}

// update is scikit-learn's GaussianNB._partial_fit; prev is nil on a first call.
// It assigns g.fit only on success.
func (g *GaussianNB) update(x *mat.Dense, y, w, classes []float64, prev *gaussianFit) error {
	n, p := x.Dims()
	K := len(classes)
	if g.Priors != nil && len(g.Priors) != K {
		return fmt.Errorf("naivebayes.GaussianNB: %w", &estimator.ParamError{Param: "Priors", Value: g.Priors,
			Reason: fmt.Sprintf("has %d values for %d classes", len(g.Priors), K)})
	}
	vs := g.VarSmoothing
	if vs == 0 {
		vs = 1e-9
	}
	// epsilon = var_smoothing · max of the column variances of this batch.
	colVar := make([]float64, p)
	colMean := make([]float64, p)
	for i := 0; i < n; i++ {
		for j, v := range x.RawRowView(i) {
			colMean[j] += v
		}
	}
	for j := range colMean {
		colMean[j] /= float64(n)
	}
	for i := 0; i < n; i++ {
		for j, v := range x.RawRowView(i) {
			d := v - colMean[j]
			colVar[j] += d * d
		}
	}
	maxVar := math.Inf(-1)
	for j := range colVar {
		maxVar = max(maxVar, colVar[j]/float64(n))
	}
	eps := vs * maxVar

	var f *gaussianFit
	if prev == nil {
		f = &gaussianFit{Classes: slices.Clone(classes), NFeatures: p,
			Theta: make([]float64, K*p), Var: make([]float64, K*p),
			ClassCount: make([]float64, K), ClassPrior: make([]float64, K)}
		if g.Priors != nil {
			copy(f.ClassPrior, g.Priors)
		}
	} else {
		f = &gaussianFit{Classes: prev.Classes, NFeatures: p,
			Theta: slices.Clone(prev.Theta), Var: slices.Clone(prev.Var),
			ClassCount: slices.Clone(prev.ClassCount), ClassPrior: slices.Clone(prev.ClassPrior)}
		for i := range f.Var {
			f.Var[i] -= eps
		}
	}
	f.Epsilon = eps

	code := codes(classes, y)
	rows := make([][]int, K)
	for i, c := range code {
		rows[c] = append(rows[c], i)
	}
	for c, idx := range rows {
		if len(idx) == 0 {
			continue
		}
		var nNew float64
		if w != nil {
			for _, i := range idx {
				nNew += w[i]
			}
		} else {
			nNew = float64(len(idx))
		}
		mu := f.Theta[c*p : (c+1)*p]
		va := f.Var[c*p : (c+1)*p]
		updateMeanVar(f.ClassCount[c], mu, va, x, idx, w)
		f.ClassCount[c] += nNew
	}
	for i := range f.Var {
		f.Var[i] += eps
	}
	if g.Priors == nil {
		total := 0.0
		for _, v := range f.ClassCount {
			total += v
		}
		for c, v := range f.ClassCount {
			f.ClassPrior[c] = v / total
		}
	}
	if err := f.Check(); err != nil {
		return fmt.Errorf("naivebayes.GaussianNB: the fitted model is unusable (%v; data too extreme or all sample weights zero?): %w", err, estimator.ErrInvalidData)
	}
	g.fit = f
	return nil
}

// updateMeanVar is scikit-learn's GaussianNB._update_mean_variance: it combines the
// mean mu and variance va of nPast (weighted) samples with the rows idx of x, in
// place.
func updateMeanVar(nPast float64, mu, va []float64, x *mat.Dense, idx []int, w []float64) {
	p := len(mu)
	newMu := make([]float64, p)
	newVar := make([]float64, p)
	var nNew float64
	if w != nil {
		for _, i := range idx {
			nNew += w[i]
		}
		if math.Abs(nNew) <= 1e-8 { // numpy.isclose(n_new, 0)
			return
		}
		for _, i := range idx {
			for j, v := range x.RawRowView(i) {
				newMu[j] += v * w[i]
			}
		}
		for j := range newMu {
			newMu[j] /= nNew
		}
		for _, i := range idx {
			for j, v := range x.RawRowView(i) {
				d := v - newMu[j]
				newVar[j] += d * d * w[i]
			}
		}
		for j := range newVar {
			newVar[j] /= nNew
		}
	} else {
		nNew = float64(len(idx))
		for _, i := range idx {
			for j, v := range x.RawRowView(i) {
				newMu[j] += v
			}
		}
		for j := range newMu {
			newMu[j] /= nNew
		}
		for _, i := range idx {
			for j, v := range x.RawRowView(i) {
				d := v - newMu[j]
				newVar[j] += d * d
			}
		}
		for j := range newVar {
			newVar[j] /= nNew
		}
	}
	if nPast == 0 {
		copy(mu, newMu)
		copy(va, newVar)
		return
	}
	nTotal := nPast + nNew
	for j := range mu {
		totalMu := (nNew*newMu[j] + nPast*mu[j]) / nTotal
		d := mu[j] - newMu[j]
		ssd := nPast*va[j] + nNew*newVar[j] + (nNew*nPast/nTotal)*d*d
		mu[j] = totalMu
		va[j] = ssd / nTotal
	}
}

func (g *GaussianNB) jll(X mat.Matrix) (*mat.Dense, error) {
	if g.fit == nil {
		return nil, fmt.Errorf("naivebayes.GaussianNB: %w", estimator.ErrNotFitted)
	}
	f := g.fit
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("naivebayes.GaussianNB: %w", err)
	}
	n, p := x.Dims()
	K := len(f.Classes)
	out := mat.NewDense(n, K, nil)
	for c := 0; c < K; c++ {
		mu := f.Theta[c*p : (c+1)*p]
		va := f.Var[c*p : (c+1)*p]
		joint := math.Log(f.ClassPrior[c])
		nij := 0.0
		for _, v := range va {
			nij += math.Log(2 * math.Pi * v)
		}
		nij *= -0.5
		for i := 0; i < n; i++ {
			s := 0.0
			for j, v := range x.RawRowView(i) {
				d := v - mu[j]
				s += d * d / va[j]
			}
			out.Set(i, c, joint+(nij-0.5*s))
		}
	}
	if err := checkJLL(out); err != nil {
		return nil, fmt.Errorf("naivebayes.GaussianNB: %w", err)
	}
	return out, nil
}

// Predict returns the most probable class of each row of X (the first on ties). It
// returns estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature
// count, and estimator.ErrInvalidData for empty or non-finite X or when no class has
// a finite log likelihood.
func (g *GaussianNB) Predict(X mat.Matrix) ([]float64, error) {
	jll, err := g.jll(X)
	if err != nil {
		return nil, err
	}
	return argmaxClasses(jll, g.fit.Classes), nil
}

// PredictLogProba returns the n×K log class probabilities, columns in Classes()
// order (scikit-learn's predict_log_proba: jll − logsumexp(jll)). Errors as for
// Predict.
func (g *GaussianNB) PredictLogProba(X mat.Matrix) (*mat.Dense, error) {
	jll, err := g.jll(X)
	if err != nil {
		return nil, err
	}
	return logProba(jll), nil
}

// PredictProba returns exp(PredictLogProba(X)) (scikit-learn's predict_proba).
// Errors as for Predict.
func (g *GaussianNB) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	lp, err := g.PredictLogProba(X)
	if err != nil {
		return nil, err
	}
	return expInPlace(lp), nil
}

// Classes returns a copy of the sorted class labels, or nil before Fit.
func (g *GaussianNB) Classes() []float64 {
	if g.fit == nil {
		return nil
	}
	return slices.Clone(g.fit.Classes)
}

// ClassPrior returns a copy of the class priors (scikit-learn's class_prior_), or
// nil before Fit.
func (g *GaussianNB) ClassPrior() []float64 {
	if g.fit == nil {
		return nil
	}
	return slices.Clone(g.fit.ClassPrior)
}

// ClassCount returns a copy of the (weighted) number of samples seen per class
// (scikit-learn's class_count_), or nil before Fit.
func (g *GaussianNB) ClassCount() []float64 {
	if g.fit == nil {
		return nil
	}
	return slices.Clone(g.fit.ClassCount)
}

// Theta returns a copy of the K×p per-class feature means (scikit-learn's theta_),
// or nil before Fit.
func (g *GaussianNB) Theta() *mat.Dense {
	if g.fit == nil {
		return nil
	}
	return matOf(len(g.fit.Classes), g.fit.NFeatures, g.fit.Theta)
}

// Var returns a copy of the K×p per-class feature variances, smoothing included
// (scikit-learn's var_), or nil before Fit.
func (g *GaussianNB) Var() *mat.Dense {
	if g.fit == nil {
		return nil
	}
	return matOf(len(g.fit.Classes), g.fit.NFeatures, g.fit.Var)
}

// Epsilon returns the variance added to every variance by the last Fit or
// PartialFit (scikit-learn's epsilon_), or 0 before Fit.
func (g *GaussianNB) Epsilon() float64 {
	if g.fit == nil {
		return 0
	}
	return g.fit.Epsilon
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (g *GaussianNB) MarshalState() ([]byte, error) {
	return estimator.EncodeState(gaussianStateVersion, g.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, classes that are not sorted, distinct
// and finite, lengths that do not match the classes and NFeatures, non-finite
// values, variances that are not > 0 or negative counts or priors give an error
// wrapping estimator.ErrState, and the receiver is unchanged.
func (g *GaussianNB) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, gaussianStateVersion, &g.fit); err != nil {
		return fmt.Errorf("naivebayes.GaussianNB: %w", err)
	}
	return nil
}

// String prints the hyperparameters.
func (g *GaussianNB) String() string { return estimator.Format(g) }
