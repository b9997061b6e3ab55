package preprocess

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.Transformer        = (*FunctionTransformer)(nil)
	_ estimator.InverseTransformer = (*FunctionTransformer)(nil)
	_ estimator.Validator          = (*FunctionTransformer)(nil)
	_ estimator.StateMarshaler     = (*FunctionTransformer)(nil)
)

// FunctionTransformer applies a user function to X (scikit-learn:
// preprocessing.FunctionTransformer). A nil Func is the identity (the output is a
// copy of X). Fit only records the number of input features.
//
// Func and InverseFunc are code, not hyperparameters (tag param:"-"): Clone copies
// them, GetParams/SetParams/Save ignore them, and Load needs a skeleton built with
// the same functions. They receive a validated, finite *mat.Dense that they must
// not modify (it may be the caller's matrix), and must return a new matrix with as
// many rows; Transform checks the row count and rejects a nil result. A panic in
// Func or InverseFunc is recovered and returned as an error (a *parallel.PanicError
// carrying the stack, wrapped), never propagated to the caller. scikit-learn's
// validate, accept_sparse, check_inverse, kw_args and feature_names_out options are
// not provided; FeatureNamesOut is not implemented because the output columns are
// unknown in general.
type FunctionTransformer struct {
	// Func maps X to the transformed matrix; nil means identity.
	Func func(X *mat.Dense) (*mat.Dense, error) `param:"-"`
	// InverseFunc maps transformed rows back; nil means identity (as scikit-learn's
	// inverse_func=None).
	InverseFunc func(X *mat.Dense) (*mat.Dense, error) `param:"-"`

	fit *functionFit
}

type functionFit struct {
	NFeatures int
}

// Validate reports whether the hyperparameters are usable (always nil).
func (t *FunctionTransformer) Validate() error { return nil }

// Fit records the number of features of X. y is ignored (nil allowed).
func (t *FunctionTransformer) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "FunctionTransformer", t, X, y)
	if err != nil {
		return err
	}
	_, c := x.Dims()
	t.fit = &functionFit{NFeatures: c}
	return nil
}

func (t *FunctionTransformer) nf() int {
	if t.fit == nil {
		return 0
	}
	return t.fit.NFeatures
}

// Transform returns Func(X). It returns ErrNotFitted before Fit, ErrShape on a wrong
// feature count, ErrInvalidData for empty or non-finite X, Func's error wrapped, and
// ErrShape if Func returns a matrix with a different number of rows.
func (t *FunctionTransformer) Transform(X mat.Matrix) (*mat.Dense, error) {
	x, err := scaleCheckTransform("FunctionTransformer", t.fit != nil, X, t.nf())
	if err != nil {
		return nil, err
	}
	return functionCall("Func", t.Func, x)
}

// InverseTransform returns InverseFunc(X); X may have any number of columns. Errors
// as Transform.
func (t *FunctionTransformer) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	if t.fit == nil {
		return nil, fmt.Errorf("preprocess.FunctionTransformer: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckX(X)
	if err != nil {
		return nil, fmt.Errorf("preprocess.FunctionTransformer: %w", err)
	}
	return functionCall("InverseFunc", t.InverseFunc, x)
}

func functionCall(name string, f func(*mat.Dense) (*mat.Dense, error), x *mat.Dense) (*mat.Dense, error) {
	if f == nil {
		return mat.DenseCopyOf(x), nil
	}
	var out *mat.Dense
	err := parallel.Protect(func() error {
		var err error
		out, err = f(x)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("preprocess.FunctionTransformer: %s: %w", name, err)
	}
	if out == nil || out.IsEmpty() {
		return nil, fmt.Errorf("preprocess.FunctionTransformer: %s returned an empty matrix: %w", name, estimator.ErrInvalidData)
	}
	if raw, in := out.RawMatrix().Data, x.RawMatrix().Data; len(raw) > 0 && len(in) > 0 && &raw[0] == &in[0] {
		out = mat.DenseCopyOf(out) // never hand back (a view of) the caller's matrix
	}
	if r, _ := out.Dims(); r != x.RawMatrix().Rows {
		return nil, fmt.Errorf("preprocess.FunctionTransformer: %s returned %d rows for %d input rows: %w",
			name, r, x.RawMatrix().Rows, estimator.ErrShape)
	}
	return out, nil
}

// MarshalState encodes the learned state (nil before Fit).
func (t *FunctionTransformer) MarshalState() ([]byte, error) {
	return estimator.EncodeState(functionStateVersion, t.fit)
}

// UnmarshalState restores state written by MarshalState.
func (t *FunctionTransformer) UnmarshalState(b []byte) error {
	return stateWrap("FunctionTransformer", estimator.DecodeState(b, functionStateVersion, &t.fit))
}
