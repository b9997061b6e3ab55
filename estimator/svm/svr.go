package svm

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Predictor      = (*SVR)(nil)
	_ estimator.Validator      = (*SVR)(nil)
	_ estimator.StateMarshaler = (*SVR)(nil)
	_ estimator.WeightedFitter = (*SVR)(nil)
	_ estimator.Iterative      = (*SVR)(nil)
	_ estimator.Predictor      = (*NuSVR)(nil)
	_ estimator.Validator      = (*NuSVR)(nil)
	_ estimator.StateMarshaler = (*NuSVR)(nil)
	_ estimator.WeightedFitter = (*NuSVR)(nil)
	_ estimator.Predictor      = (*OneClassSVM)(nil)
	_ estimator.Validator      = (*OneClassSVM)(nil)
	_ estimator.StateMarshaler = (*OneClassSVM)(nil)
	_ estimator.WeightedFitter = (*OneClassSVM)(nil)
)

// SVR is ε-support vector regression (scikit-learn: svm.SVR, libsvm's ε-SVR):
//
//	min ½‖w‖² + C Σ wₖ (ξₖ + ξₖ*)   subject to   |yₖ − f(xₖ)| ≤ ε + ξₖ (ξₖ*),
//
// solved in the dual over 2n variables by libsvm's SMO; f(x) = Σ βₖ K(xₖ, x) + b.
// The kernel fields, Tol, CacheSizeMB, NoShrinking and MaxIter are as for [SVC].
// The zero value is SVR() with epsilon=0 (scikit-learn's default is 0.1).
type SVR struct {
	// C is the penalty, > 0; 0 means 1.
	C float64
	// Epsilon is the width of the insensitive tube, >= 0; zero is literal
	// (scikit-learn's default is 0.1).
	Epsilon     float64
	Kernel      string
	KernelFunc  func(a, b []float64) float64
	Degree      int
	Gamma       float64
	GammaRule   string
	Coef0       float64
	NoShrinking bool
	Tol         float64
	CacheSizeMB float64
	MaxIter     int

	fit *libsvmModel
}

func (s *SVR) config() *libsvmConfig {
	return &libsvmConfig{name: "svm.SVR", impl: implEpsSVR, C: s.C, eps: s.Epsilon,
		kernel: kernelParams{kernel: s.Kernel, degree: s.Degree, gamma: s.Gamma, gammaRule: s.GammaRule, coef0: s.Coef0, fn: s.KernelFunc},
		tol:    s.Tol, cacheMB: s.CacheSizeMB, noShrinking: s.NoShrinking, maxIter: s.MaxIter}
}

// Validate reports whether the hyperparameters are usable.
func (s *SVR) Validate() error { return s.config().validate() }

// Fit trains the model on X (n×p) and targets y. Errors as for SVC.Fit.
func (s *SVR) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return s.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with sample weights scaling C per sample (nil means ones).
func (s *SVR) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	m, err := fitLibsvm(ctx, s.config(), X, y, w)
	if err != nil {
		return err
	}
	s.fit = m
	return nil
}

func (s *SVR) model() *libsvmModel {
	if s.fit == nil {
		return nil
	}
	return s.fit.withKernel(s.KernelFunc)
}

// Predict returns f(x) for each row of X. Errors as for SVC.Predict.
func (s *SVR) Predict(X mat.Matrix) ([]float64, error) {
	return predictRegression("svm.SVR", s.model(), s.KernelFunc, X)
}

// SupportVectors, Support, DualCoef (1×nSV: αₖ − αₖ*), Intercept (1 value) and
// Coef (linear kernel) are as for SVC.
func (s *SVR) SupportVectors() *mat.Dense { return s.fit.supportVectors() }

// Support returns the training-row index of each support vector.
func (s *SVR) Support() []int { return supportOf(s.fit) }

// DualCoef returns the 1×nSV dual coefficients.
func (s *SVR) DualCoef() *mat.Dense { return s.fit.dualCoef() }

// Intercept returns the one-element intercept.
func (s *SVR) Intercept() []float64 { return s.fit.intercept() }

// Coef returns the 1×p primal weights of a linear-kernel model.
func (s *SVR) Coef() (*mat.Dense, error) { return s.fit.coef("svm.SVR") }

// NIter returns the SMO iterations.
func (s *SVR) NIter() int { return s.fit.nIter() }

// Converged reports whether SMO met Tol within MaxIter.
func (s *SVR) Converged() bool { return s.fit != nil && s.fit.Converged }

// MarshalState encodes the learned state (nil before Fit).
func (s *SVR) MarshalState() ([]byte, error) { return estimator.EncodeState(libsvmStateVersion, s.fit) }

// UnmarshalState is as for SVC.UnmarshalState.
func (s *SVR) UnmarshalState(b []byte) error { return unmarshal("svm.SVR", b, &s.fit, implEpsSVR) }

// String prints the hyperparameters.
func (s *SVR) String() string { return estimator.Format(s) }

// NuSVR is ν-support vector regression (scikit-learn: svm.NuSVR, libsvm's ν-SVR):
// ε is learned, and Nu ∈ (0, 1] bounds the fraction of errors and support vectors.
// Other fields are as for [SVR]. The zero value is scikit-learn's default NuSVR().
type NuSVR struct {
	// Nu is in (0, 1]; 0 means 0.5.
	Nu float64
	// C is the penalty, > 0; 0 means 1.
	C           float64
	Kernel      string
	KernelFunc  func(a, b []float64) float64
	Degree      int
	Gamma       float64
	GammaRule   string
	Coef0       float64
	NoShrinking bool
	Tol         float64
	CacheSizeMB float64
	MaxIter     int

	fit *libsvmModel
}

func (s *NuSVR) config() *libsvmConfig {
	return &libsvmConfig{name: "svm.NuSVR", impl: implNuSVR, C: s.C, nu: s.Nu,
		kernel: kernelParams{kernel: s.Kernel, degree: s.Degree, gamma: s.Gamma, gammaRule: s.GammaRule, coef0: s.Coef0, fn: s.KernelFunc},
		tol:    s.Tol, cacheMB: s.CacheSizeMB, noShrinking: s.NoShrinking, maxIter: s.MaxIter}
}

// Validate reports whether the hyperparameters are usable.
func (s *NuSVR) Validate() error { return s.config().validate() }

// Fit is as for SVR.Fit.
func (s *NuSVR) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return s.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with sample weights (nil means ones).
func (s *NuSVR) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	m, err := fitLibsvm(ctx, s.config(), X, y, w)
	if err != nil {
		return err
	}
	s.fit = m
	return nil
}

func (s *NuSVR) model() *libsvmModel {
	if s.fit == nil {
		return nil
	}
	return s.fit.withKernel(s.KernelFunc)
}

// Predict is as for SVR.Predict.
func (s *NuSVR) Predict(X mat.Matrix) ([]float64, error) {
	return predictRegression("svm.NuSVR", s.model(), s.KernelFunc, X)
}

// SupportVectors is as for SVR.
func (s *NuSVR) SupportVectors() *mat.Dense { return s.fit.supportVectors() }

// Support is as for SVR.
func (s *NuSVR) Support() []int { return supportOf(s.fit) }

// DualCoef is as for SVR.
func (s *NuSVR) DualCoef() *mat.Dense { return s.fit.dualCoef() }

// Intercept is as for SVR.
func (s *NuSVR) Intercept() []float64 { return s.fit.intercept() }

// Coef is as for SVR.
func (s *NuSVR) Coef() (*mat.Dense, error) { return s.fit.coef("svm.NuSVR") }

// NIter returns the SMO iterations.
func (s *NuSVR) NIter() int { return s.fit.nIter() }

// Converged reports whether SMO met Tol within MaxIter.
func (s *NuSVR) Converged() bool { return s.fit != nil && s.fit.Converged }

// MarshalState encodes the learned state (nil before Fit).
func (s *NuSVR) MarshalState() ([]byte, error) {
	return estimator.EncodeState(libsvmStateVersion, s.fit)
}

// UnmarshalState is as for SVC.UnmarshalState.
func (s *NuSVR) UnmarshalState(b []byte) error { return unmarshal("svm.NuSVR", b, &s.fit, implNuSVR) }

// String prints the hyperparameters.
func (s *NuSVR) String() string { return estimator.Format(s) }

// OneClassSVM is Schölkopf's one-class SVM for novelty detection (scikit-learn:
// svm.OneClassSVM): it solves
//
//	min_α ½ αᵀKα   subject to   eᵀα = ν·Σwₖ,  0 ≤ αₖ ≤ wₖ
//
// and the decision function Σ αₖ K(xₖ, x) − ρ is positive inside the estimated
// support. Fit ignores y. Other fields are as for [SVR]. The zero value is
// scikit-learn's default OneClassSVM().
type OneClassSVM struct {
	// Nu is in (0, 1]; 0 means 0.5.
	Nu          float64
	Kernel      string
	KernelFunc  func(a, b []float64) float64
	Degree      int
	Gamma       float64
	GammaRule   string
	Coef0       float64
	NoShrinking bool
	Tol         float64
	CacheSizeMB float64
	MaxIter     int

	fit *libsvmModel
}

func (s *OneClassSVM) config() *libsvmConfig {
	return &libsvmConfig{name: "svm.OneClassSVM", impl: implOneClass, C: 1, nu: s.Nu,
		kernel: kernelParams{kernel: s.Kernel, degree: s.Degree, gamma: s.Gamma, gammaRule: s.GammaRule, coef0: s.Coef0, fn: s.KernelFunc},
		tol:    s.Tol, cacheMB: s.CacheSizeMB, noShrinking: s.NoShrinking, maxIter: s.MaxIter}
}

// Validate reports whether the hyperparameters are usable.
func (s *OneClassSVM) Validate() error { return s.config().validate() }

// Fit learns the support of X; y is ignored (it may be nil). Errors as for SVC.Fit.
func (s *OneClassSVM) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return s.FitWeighted(ctx, X, nil, nil)
}

// FitWeighted is Fit with sample weights (nil means ones); y is ignored.
func (s *OneClassSVM) FitWeighted(ctx context.Context, X mat.Matrix, _ []float64, w []float64) error {
	m, err := fitLibsvm(ctx, s.config(), X, nil, w)
	if err != nil {
		return err
	}
	s.fit = m
	return nil
}

func (s *OneClassSVM) model() *libsvmModel {
	if s.fit == nil {
		return nil
	}
	return s.fit.withKernel(s.KernelFunc)
}

// DecisionFunction returns Σ αₖ K(xₖ, x) − ρ per row (positive for inliers).
// Errors as for SVC.Predict.
func (s *OneClassSVM) DecisionFunction(X mat.Matrix) ([]float64, error) {
	return predictRegression("svm.OneClassSVM", s.model(), s.KernelFunc, X)
}

// ScoreSamples returns Σ αₖ K(xₖ, x) per row (scikit-learn's score_samples).
func (s *OneClassSVM) ScoreSamples(X mat.Matrix) ([]float64, error) {
	d, err := s.DecisionFunction(X)
	if err != nil {
		return nil, err
	}
	for i := range d {
		d[i] += s.fit.Rho[0]
	}
	return d, nil
}

// Predict returns +1 for inliers (decision value > 0) and −1 for outliers.
func (s *OneClassSVM) Predict(X mat.Matrix) ([]float64, error) {
	d, err := s.DecisionFunction(X)
	if err != nil {
		return nil, err
	}
	for i, v := range d {
		if v > 0 {
			d[i] = 1
		} else {
			d[i] = -1
		}
	}
	return d, nil
}

// Offset returns ρ, scikit-learn's offset_: DecisionFunction = ScoreSamples −
// Offset. It is NaN before Fit.
func (s *OneClassSVM) Offset() float64 {
	if s.fit == nil {
		return math.NaN()
	}
	return s.fit.Rho[0]
}

// SupportVectors is as for SVR.
func (s *OneClassSVM) SupportVectors() *mat.Dense { return s.fit.supportVectors() }

// Support is as for SVR.
func (s *OneClassSVM) Support() []int { return supportOf(s.fit) }

// DualCoef is as for SVR.
func (s *OneClassSVM) DualCoef() *mat.Dense { return s.fit.dualCoef() }

// Intercept is as for SVR (−ρ).
func (s *OneClassSVM) Intercept() []float64 { return s.fit.intercept() }

// Coef is as for SVR.
func (s *OneClassSVM) Coef() (*mat.Dense, error) { return s.fit.coef("svm.OneClassSVM") }

// NIter returns the SMO iterations.
func (s *OneClassSVM) NIter() int { return s.fit.nIter() }

// Converged reports whether SMO met Tol within MaxIter.
func (s *OneClassSVM) Converged() bool { return s.fit != nil && s.fit.Converged }

// MarshalState encodes the learned state (nil before Fit).
func (s *OneClassSVM) MarshalState() ([]byte, error) {
	return estimator.EncodeState(libsvmStateVersion, s.fit)
}

// UnmarshalState is as for SVC.UnmarshalState.
func (s *OneClassSVM) UnmarshalState(b []byte) error {
	return unmarshal("svm.OneClassSVM", b, &s.fit, implOneClass)
}

// String prints the hyperparameters.
func (s *OneClassSVM) String() string { return estimator.Format(s) }

func predictRegression(name string, m *libsvmModel, fn func(a, b []float64) float64, X mat.Matrix) ([]float64, error) {
	x, err := m.query(name, fn, X)
	if err != nil {
		return nil, err
	}
	d, err := m.decisionValues(x)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := checkValues(name, d); err != nil {
		return nil, err
	}
	n, _ := d.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = d.At(i, 0)
	}
	return out, nil
}
