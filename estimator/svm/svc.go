package svm

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.ProbaClassifier = (*SVC)(nil)
	_ estimator.Validator       = (*SVC)(nil)
	_ estimator.StateMarshaler  = (*SVC)(nil)
	_ estimator.WeightedFitter  = (*SVC)(nil)
	_ estimator.Iterative       = (*SVC)(nil)
	_ estimator.ProbaClassifier = (*NuSVC)(nil)
	_ estimator.Validator       = (*NuSVC)(nil)
	_ estimator.StateMarshaler  = (*NuSVC)(nil)
	_ estimator.WeightedFitter  = (*NuSVC)(nil)
	_ estimator.Iterative       = (*NuSVC)(nil)
)

// Decision function shapes (scikit-learn's decision_function_shape).
const (
	ShapeOVR = "ovr"
	ShapeOVO = "ovo"
)

// SVC is the C-support vector classifier (scikit-learn: svm.SVC, libsvm's C-SVC).
// For each pair of classes (i, j) it solves
//
//	min_α ½ αᵀQα − eᵀα   subject to   yᵀα = 0,  0 ≤ αₖ ≤ C·wₖ·cw(yₖ)
//
// over the rows of the two classes (yₖ = +1 for class i, −1 for class j, Qₖₗ =
// yₖ yₗ K(xₖ, xₗ), wₖ the sample weight, cw the class weight) with libsvm's SMO, and
// classifies by one-vs-one vote. The zero value is scikit-learn's default SVC().
type SVC struct {
	// C is the inverse regularisation strength, > 0; 0 means 1 (scikit-learn's C).
	C float64
	// Kernel is "rbf" ("" means this), "linear", "poly" or "sigmoid".
	Kernel string
	// KernelFunc, when set, replaces Kernel: K(a, b) for two rows; it must be
	// safe for concurrent use (prediction calls it from several goroutines). It is
	// not saved by estimator.Save: set it again on the model before or after Load,
	// or Predict returns an error wrapping estimator.ErrNotFitted.
	KernelFunc func(a, b []float64) float64
	// Degree is the degree of the poly kernel; 0 means 3 (scikit-learn's degree).
	Degree int
	// Gamma is the rbf, poly and sigmoid kernel coefficient; 0 means GammaRule.
	Gamma float64
	// GammaRule chooses gamma when Gamma is 0: "scale" ("" means this) is
	// 1/(p·Var(X)) over all entries of X, "auto" is 1/p (scikit-learn's gamma
	// strings).
	GammaRule string
	// Coef0 is the constant of the poly and sigmoid kernels (scikit-learn's coef0,
	// default 0).
	Coef0 float64
	// NoShrinking turns off libsvm's shrinking (scikit-learn's shrinking=False).
	NoShrinking bool
	// Probability enables PredictProba: Platt scaling fitted on 5-fold
	// cross-validated decision values, which makes Fit about six times slower.
	Probability bool
	// Tol is the stopping tolerance on the maximal KKT violation; 0 means 1e-3.
	Tol float64
	// CacheSizeMB bounds the kernel column cache in MiB; 0 means 200.
	CacheSizeMB float64
	// ClassWeight multiplies C per class, in sorted class order; nil means ones.
	ClassWeight []float64
	// BalancedClassWeight weights class c by n / (K·n_c) (class_weight="balanced").
	BalancedClassWeight bool
	// MaxIter bounds the SMO iterations of each sub-problem; 0 or -1 means
	// libsvm's own bound max(10⁷, 100·n). When it is reached the model is kept and
	// Converged reports false.
	MaxIter int
	// DecisionFunctionShape is "ovr" ("" means this) or "ovo" for
	// DecisionFunctionMatrix with more than two classes.
	DecisionFunctionShape string
	// BreakTies makes Predict return the argmax of the "ovr" decision function
	// instead of the one-vs-one vote for more than two classes.
	BreakTies bool
	// Seed seeds the cross-validation shuffle of Probability.
	Seed uint64

	fit *libsvmModel // nil until Fit succeeds
}

func (s *SVC) config() *libsvmConfig {
	return &libsvmConfig{name: "svm.SVC", impl: implCSVC, C: s.C,
		kernel: kernelParams{kernel: s.Kernel, degree: s.Degree, gamma: s.Gamma, gammaRule: s.GammaRule, coef0: s.Coef0, fn: s.KernelFunc},
		tol:    s.Tol, cacheMB: s.CacheSizeMB, noShrinking: s.NoShrinking, maxIter: s.MaxIter, probability: s.Probability,
		seed: s.Seed, classWeight: s.ClassWeight, balanced: s.BalancedClassWeight}
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (s *SVC) Validate() error {
	if err := validateShape(s.DecisionFunctionShape, s.BreakTies); err != nil {
		return err
	}
	return s.config().validate()
}

func validateShape(shape string, breakTies bool) error {
	switch shape {
	case "", ShapeOVR:
	case ShapeOVO:
		if breakTies {
			return &estimator.ParamError{Param: "BreakTies", Value: true, Reason: `needs DecisionFunctionShape "ovr"`}
		}
	default:
		return &estimator.ParamError{Param: "DecisionFunctionShape", Value: shape, Reason: `must be "ovr" or "ovo"`}
	}
	return nil
}

// Fit trains the one-vs-one SVMs on X (n×p) and class labels y. It returns a
// *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrInvalidData for empty or non-finite input, fewer than two classes
// or a class without positive weight, estimator.ErrShape when len(y) differs from
// the rows of X, and ctx.Err() when ctx is done (checked inside SMO). On error the
// previous model, if any, is kept.
func (s *SVC) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return s.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with sample weights w (nil means ones), which scale C per
// sample as scikit-learn's sample_weight does; rows of weight 0 are dropped.
func (s *SVC) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := validateShape(s.DecisionFunctionShape, s.BreakTies); err != nil {
		return fmt.Errorf("svm.SVC: %w", err)
	}
	m, err := fitLibsvm(ctx, s.config(), X, y, w)
	if err != nil {
		return err
	}
	s.fit = m
	return nil
}

func (s *SVC) model() *libsvmModel {
	if s.fit == nil {
		return nil
	}
	return s.fit.withKernel(s.KernelFunc)
}

// Predict returns the class of each row of X: the one-vs-one vote (the smallest
// class on ties), or with BreakTies and more than two classes the argmax of the
// "ovr" decision function. It returns estimator.ErrNotFitted before Fit,
// estimator.ErrShape for a wrong feature count and estimator.ErrInvalidData for
// empty or non-finite X.
func (s *SVC) Predict(X mat.Matrix) ([]float64, error) {
	return predictClassifier("svm.SVC", s.model(), s.KernelFunc, s.BreakTies, X)
}

// DecisionFunction returns the decision value of each row of X for a two-class
// model (scikit-learn's decision_function): positive values vote for Classes()[1].
// For more than two classes it returns an error wrapping errors.ErrUnsupported; use
// DecisionFunctionMatrix. Other errors as for Predict.
func (s *SVC) DecisionFunction(X mat.Matrix) ([]float64, error) {
	return decisionBinary("svm.SVC", s.model(), s.KernelFunc, X)
}

// DecisionFunctionMatrix returns scikit-learn's decision_function: n×1 for two
// classes, n×K for "ovr" (votes plus a confidence in (−⅓, ⅓)) and n×K(K−1)/2 for
// "ovo" (pairs (0,1), (0,2), …, positive for the first class of the pair).
func (s *SVC) DecisionFunctionMatrix(X mat.Matrix) (*mat.Dense, error) {
	return decisionMatrix("svm.SVC", s.model(), s.KernelFunc, s.DecisionFunctionShape, X)
}

// PredictProba returns the n×K class probabilities (scikit-learn's predict_proba):
// Platt's sigmoid of each pairwise decision value, coupled by Wu, Lin & Weng's
// method for more than two classes. Without Probability it returns an error
// wrapping errors.ErrUnsupported. Other errors as for Predict.
func (s *SVC) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	return predictProba("svm.SVC", s.model(), s.KernelFunc, X)
}

// Classes returns a copy of the sorted class labels, or nil before Fit.
func (s *SVC) Classes() []float64 { return classesOf(s.fit) }

// SupportVectors returns a copy of the nSV×p support vectors, grouped by class
// (scikit-learn's support_vectors_), or nil before Fit.
func (s *SVC) SupportVectors() *mat.Dense { return s.fit.supportVectors() }

// Support returns the training-row index of each support vector (support_).
func (s *SVC) Support() []int { return supportOf(s.fit) }

// NSupport returns the number of support vectors per class (n_support_).
func (s *SVC) NSupport() []int { return nSupportOf(s.fit) }

// DualCoef returns the (K−1)×nSV dual coefficients yₖαₖ (scikit-learn's
// dual_coef_, sign-flipped for two classes as scikit-learn does), nil before Fit.
func (s *SVC) DualCoef() *mat.Dense { return s.fit.dualCoef() }

// Intercept returns the K(K−1)/2 intercepts (intercept_), nil before Fit.
func (s *SVC) Intercept() []float64 { return s.fit.intercept() }

// Coef returns the K(K−1)/2×p primal weights of a linear-kernel model (coef_). It
// returns an error wrapping errors.ErrUnsupported for other kernels and
// estimator.ErrNotFitted before Fit.
func (s *SVC) Coef() (*mat.Dense, error) { return s.fit.coef("svm.SVC") }

// NIter returns the SMO iterations summed over the sub-problems.
func (s *SVC) NIter() int { return s.fit.nIter() }

// Converged reports whether every sub-problem met Tol within MaxIter.
func (s *SVC) Converged() bool { return s.fit != nil && s.fit.Converged }

// MarshalState encodes the learned state (nil before Fit).
func (s *SVC) MarshalState() ([]byte, error) { return estimator.EncodeState(libsvmStateVersion, s.fit) }

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. Inconsistent state (support vector counts against dual
// coefficient shapes, indices out of range, non-finite values, a regression model)
// gives an error wrapping estimator.ErrState and leaves the receiver unchanged.
func (s *SVC) UnmarshalState(b []byte) error {
	return unmarshal("svm.SVC", b, &s.fit, implCSVC)
}

// String prints the hyperparameters.
func (s *SVC) String() string { return estimator.Format(s) }

// NuSVC is the ν-support vector classifier (scikit-learn: svm.NuSVC, libsvm's
// ν-SVC): Nu ∈ (0, 1] bounds the fraction of margin errors from above and of
// support vectors from below. Each pair of classes solves
//
//	min_α ½ αᵀQα   subject to   yᵀα = 0,  eᵀα = ν·Σwₖ,  0 ≤ αₖ ≤ wₖ
//
// and the solution is rescaled as libsvm does. Fields other than Nu are as for
// [SVC], except that ClassWeight and BalancedClassWeight have no effect on the
// solution: scikit-learn passes them to libsvm, whose ν-SVC ignores them. The zero
// value is scikit-learn's default NuSVC().
type NuSVC struct {
	// Nu is in (0, 1]; 0 means 0.5 (scikit-learn's nu). A Nu too large for the
	// class sizes makes Fit return a *estimator.ParamError.
	Nu                    float64
	Kernel                string
	KernelFunc            func(a, b []float64) float64
	Degree                int
	Gamma                 float64
	GammaRule             string
	Coef0                 float64
	NoShrinking           bool
	Probability           bool
	Tol                   float64
	CacheSizeMB           float64
	ClassWeight           []float64
	BalancedClassWeight   bool
	MaxIter               int
	DecisionFunctionShape string
	BreakTies             bool
	Seed                  uint64

	fit *libsvmModel
}

func (s *NuSVC) config() *libsvmConfig {
	return &libsvmConfig{name: "svm.NuSVC", impl: implNuSVC, C: 1, nu: s.Nu,
		kernel: kernelParams{kernel: s.Kernel, degree: s.Degree, gamma: s.Gamma, gammaRule: s.GammaRule, coef0: s.Coef0, fn: s.KernelFunc},
		tol:    s.Tol, cacheMB: s.CacheSizeMB, noShrinking: s.NoShrinking, maxIter: s.MaxIter, probability: s.Probability,
		seed: s.Seed, classWeight: s.ClassWeight, balanced: s.BalancedClassWeight}
}

// Validate reports whether the hyperparameters are usable.
func (s *NuSVC) Validate() error {
	if err := validateShape(s.DecisionFunctionShape, s.BreakTies); err != nil {
		return err
	}
	return s.config().validate()
}

// Fit is as for SVC.Fit; an infeasible Nu gives a *estimator.ParamError.
func (s *NuSVC) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return s.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with sample weights (nil means ones).
func (s *NuSVC) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := validateShape(s.DecisionFunctionShape, s.BreakTies); err != nil {
		return fmt.Errorf("svm.NuSVC: %w", err)
	}
	m, err := fitLibsvm(ctx, s.config(), X, y, w)
	if err != nil {
		return err
	}
	s.fit = m
	return nil
}

func (s *NuSVC) model() *libsvmModel {
	if s.fit == nil {
		return nil
	}
	return s.fit.withKernel(s.KernelFunc)
}

// Predict is as for SVC.Predict.
func (s *NuSVC) Predict(X mat.Matrix) ([]float64, error) {
	return predictClassifier("svm.NuSVC", s.model(), s.KernelFunc, s.BreakTies, X)
}

// DecisionFunction is as for SVC.DecisionFunction.
func (s *NuSVC) DecisionFunction(X mat.Matrix) ([]float64, error) {
	return decisionBinary("svm.NuSVC", s.model(), s.KernelFunc, X)
}

// DecisionFunctionMatrix is as for SVC.DecisionFunctionMatrix.
func (s *NuSVC) DecisionFunctionMatrix(X mat.Matrix) (*mat.Dense, error) {
	return decisionMatrix("svm.NuSVC", s.model(), s.KernelFunc, s.DecisionFunctionShape, X)
}

// PredictProba is as for SVC.PredictProba.
func (s *NuSVC) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	return predictProba("svm.NuSVC", s.model(), s.KernelFunc, X)
}

// Classes returns a copy of the sorted class labels, or nil before Fit.
func (s *NuSVC) Classes() []float64 { return classesOf(s.fit) }

// SupportVectors is as for SVC.SupportVectors.
func (s *NuSVC) SupportVectors() *mat.Dense { return s.fit.supportVectors() }

// Support is as for SVC.Support.
func (s *NuSVC) Support() []int { return supportOf(s.fit) }

// NSupport is as for SVC.NSupport.
func (s *NuSVC) NSupport() []int { return nSupportOf(s.fit) }

// DualCoef is as for SVC.DualCoef.
func (s *NuSVC) DualCoef() *mat.Dense { return s.fit.dualCoef() }

// Intercept is as for SVC.Intercept.
func (s *NuSVC) Intercept() []float64 { return s.fit.intercept() }

// Coef is as for SVC.Coef.
func (s *NuSVC) Coef() (*mat.Dense, error) { return s.fit.coef("svm.NuSVC") }

// NIter returns the SMO iterations summed over the sub-problems.
func (s *NuSVC) NIter() int { return s.fit.nIter() }

// Converged reports whether every sub-problem met Tol within MaxIter.
func (s *NuSVC) Converged() bool { return s.fit != nil && s.fit.Converged }

// MarshalState encodes the learned state (nil before Fit).
func (s *NuSVC) MarshalState() ([]byte, error) {
	return estimator.EncodeState(libsvmStateVersion, s.fit)
}

// UnmarshalState is as for SVC.UnmarshalState.
func (s *NuSVC) UnmarshalState(b []byte) error {
	return unmarshal("svm.NuSVC", b, &s.fit, implNuSVC)
}

// String prints the hyperparameters.
func (s *NuSVC) String() string { return estimator.Format(s) }

// shared prediction code of the classifiers

func classesOf(m *libsvmModel) []float64 {
	if m == nil {
		return nil
	}
	return slices.Clone(m.Classes)
}

func supportOf(m *libsvmModel) []int {
	if m == nil {
		return nil
	}
	return slices.Clone(m.Support)
}

func nSupportOf(m *libsvmModel) []int {
	if m == nil {
		return nil
	}
	return slices.Clone(m.NSupport)
}

func unmarshal(name string, b []byte, dst **libsvmModel, impl string) error {
	var m *libsvmModel
	if err := estimator.DecodeState(b, libsvmStateVersion, &m); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if m != nil && m.Impl != impl {
		return fmt.Errorf("%s: state is of a %s model: %w", name, m.Impl, estimator.ErrState)
	}
	*dst = m
	return nil
}

func predictClassifier(name string, m *libsvmModel, fn func(a, b []float64) float64, breakTies bool, X mat.Matrix) ([]float64, error) {
	x, err := m.query(name, fn, X)
	if err != nil {
		return nil, err
	}
	dec, err := m.decisionValues(x)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := checkValues(name, dec); err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	K := len(m.Classes)
	out := make([]float64, n)
	if breakTies && K > 2 {
		ovr := ovrDecision(dec, K)
		for i := range n {
			row := ovr.RawRowView(i)
			best := 0
			for k := 1; k < K; k++ {
				if row[k] > row[best] {
					best = k
				}
			}
			out[i] = m.Classes[best]
		}
		return out, nil
	}
	for i := range n {
		out[i] = m.Classes[vote(dec.RawRowView(i), K)]
	}
	return out, nil
}

func decisionBinary(name string, m *libsvmModel, fn func(a, b []float64) float64, X mat.Matrix) ([]float64, error) {
	if m != nil && len(m.Classes) != 2 {
		return nil, fmt.Errorf("%s: the model has %d classes, DecisionFunction is for two; use DecisionFunctionMatrix: %w",
			name, len(m.Classes), errors.ErrUnsupported)
	}
	d, err := decisionMatrix(name, m, fn, "", X)
	if err != nil {
		return nil, err
	}
	n, _ := d.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = d.At(i, 0)
	}
	return out, nil
}

func decisionMatrix(name string, m *libsvmModel, fn func(a, b []float64) float64, shape string, X mat.Matrix) (*mat.Dense, error) {
	x, err := m.query(name, fn, X)
	if err != nil {
		return nil, err
	}
	dec, err := m.decisionValues(x)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := checkValues(name, dec); err != nil {
		return nil, err
	}
	K := len(m.Classes)
	if K == 2 {
		dec.Scale(-1, dec)
		return dec, nil
	}
	if shape == ShapeOVO {
		return dec, nil
	}
	return ovrDecision(dec, K), nil
}

func predictProba(name string, m *libsvmModel, fn func(a, b []float64) float64, X mat.Matrix) (*mat.Dense, error) {
	if m != nil && m.ProbA == nil {
		return nil, fmt.Errorf("%s: PredictProba needs Probability set at Fit: %w", name, errors.ErrUnsupported)
	}
	x, err := m.query(name, fn, X)
	if err != nil {
		return nil, err
	}
	dec, err := m.decisionValues(x)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := checkValues(name, dec); err != nil {
		return nil, err
	}
	return m.probabilities(dec), nil
}
