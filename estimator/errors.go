package estimator

import (
	"errors"
	"fmt"
)

// Sentinel errors. Estimators wrap them with %w and a "pkg.Type: " prefix, so callers
// test with errors.Is:
//
//	if errors.Is(err, estimator.ErrNotFitted) { ... }
var (
	// ErrNotFitted is returned by Predict, Transform and the like before a successful Fit.
	ErrNotFitted = errors.New("estimator: not fitted")
	// ErrShape reports a dimension mismatch: y's length differs from X's rows, or X has a
	// different number of features than the data the model was fitted on.
	ErrShape = errors.New("estimator: dimension mismatch")
	// ErrInvalidData reports unusable data: empty input, NaN or Inf, a non-numeric
	// column, labels a classifier cannot use.
	ErrInvalidData = errors.New("estimator: invalid data")
	// ErrInvalidParam reports an unusable hyperparameter or parameter path. It is
	// wrapped by *ParamError.
	ErrInvalidParam = errors.New("estimator: invalid parameter")
	// ErrConvergence reports a numerical failure an estimator cannot recover from
	// (for example a singular system with no fallback).
	ErrConvergence = errors.New("estimator: numerical failure")
)

// ParamError reports an invalid hyperparameter value or parameter path. It wraps
// ErrInvalidParam.
type ParamError struct {
	// Param is the field name or dotted path ("Alpha", "ridge.Alpha").
	Param string
	// Value is the offending value, or nil when the path itself is the problem.
	Value any
	// Reason says what is wrong ("must be >= 0", "no such field").
	Reason string
}

func (e *ParamError) Error() string {
	if e.Value == nil {
		return fmt.Sprintf("estimator: invalid parameter %q: %s", e.Param, e.Reason)
	}
	return fmt.Sprintf("estimator: invalid parameter %q = %v: %s", e.Param, e.Value, e.Reason)
}

// Unwrap returns ErrInvalidParam.
func (e *ParamError) Unwrap() error { return ErrInvalidParam }

// Is reports whether target is ErrInvalidParam.
func (e *ParamError) Is(target error) bool { return target == ErrInvalidParam }
