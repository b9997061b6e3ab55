// Package fastpath holds the optional interfaces that exist only for speed: a caller
// that finds one may take a shortcut, and must get exactly what the plain contract
// (Fit, Transform) gives. They are internal because users never need to implement or
// call them, and keeping them out of package estimator keeps the public contract to
// the interfaces that change what a program can do.
//
// Each has one implementer and one caller today:
//
//   - Preparer: linear.Ridge, used by tuning.Search to share one centred Gram matrix
//     per fold across every Alpha of a grid.
//   - InPlaceTransformer: preprocess.StandardScaler, used by pipeline.Pipeline to
//     overwrite its own intermediate matrices (never the caller's X).
package fastpath

import (
	"context"

	"gonum.org/v1/gonum/mat"
)

// Preparer is implemented by estimators that can fit from statistics of the training
// data computed once and shared by fits with other hyperparameters. Two estimators of
// the same type whose PrepareKey is equal may share one Prepare result, concurrently;
// FitPrepared must give exactly what Fit(X, y) gives.
type Preparer interface {
	PrepareKey() string
	Prepare(X mat.Matrix, y []float64) (any, error)
	FitPrepared(ctx context.Context, prepared any) error
}

// InPlaceTransformer is implemented by transformers whose output has the shape of
// their input and that can overwrite it. The results must equal those of FitTransform
// and Transform exactly.
type InPlaceTransformer interface {
	FitTransformInPlace(ctx context.Context, X *mat.Dense, y []float64) error
	TransformInPlace(X *mat.Dense) error
}
