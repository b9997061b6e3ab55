package estimator

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"
)

var (
	_ Transformer        = passthrough{}
	_ InverseTransformer = passthrough{}
	_ FeatureNamer       = passthrough{}
	_ Estimator          = drop{}
)

// Passthrough is the placeholder for "no transformation" in every composite
// (scikit-learn's "passthrough" string): a skipped Pipeline step, a FeatureUnion or
// ColumnTransformer branch (or remainder) that passes its columns through unchanged.
// As a Transformer on its own it returns a validated copy of X. It is defined once,
// here, so that every composite recognises the same value.
var Passthrough Estimator = passthrough{}

// Drop is the placeholder for "leave these columns out" in a FeatureUnion or a
// ColumnTransformer (scikit-learn's "drop"). Pipelines reject it.
var Drop Estimator = drop{}

// IsPassthrough reports whether e is Passthrough.
func IsPassthrough(e Estimator) bool { _, ok := e.(passthrough); return ok }

// IsDrop reports whether e is Drop.
func IsDrop(e Estimator) bool { _, ok := e.(drop); return ok }

type passthrough struct{}

// Fit does nothing except honour ctx.
func (passthrough) Fit(ctx context.Context, X mat.Matrix, y []float64) error { return ctx.Err() }

// Transform returns a copy of X after checking it as CheckX does.
func (passthrough) Transform(X mat.Matrix) (*mat.Dense, error) {
	x, err := CheckX(X)
	if err != nil {
		return nil, fmt.Errorf("estimator.Passthrough: %w", err)
	}
	return mat.DenseCopyOf(x), nil
}

// InverseTransform is Transform: the identity is its own inverse.
func (p passthrough) InverseTransform(X mat.Matrix) (*mat.Dense, error) { return p.Transform(X) }

// FeatureNamesOut returns in unchanged (nil stays nil).
func (passthrough) FeatureNamesOut(in []string) []string { return append([]string(nil), in...) }

func (passthrough) String() string { return "estimator.Passthrough" }

type drop struct{}

// Fit does nothing except honour ctx.
func (drop) Fit(ctx context.Context, X mat.Matrix, y []float64) error { return ctx.Err() }

func (drop) String() string { return "estimator.Drop" }
