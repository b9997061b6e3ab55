package linear

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// Finite data near the ends of float64's range (1e307, 1e-300, and squares that
// overflow or underflow) must give a correct model or a clear error: never
// non-finite coefficients, never NaN predictions without an error.
func TestExtremeMagnitudes(t *testing.T) {
	base := mat.NewDense(8, 2, []float64{1, 2, 2, 1, 3, 5, 4, 3, 5, 8, 6, 1, 7, 4, 8, 6})
	yBase := []float64{1, 2, 3, 4, 5, 7, 8, 8}
	cls := []float64{0, 0, 1, 0, 1, 1, 1, 0}
	ctx := context.Background()
	type fitted interface {
		estimator.Predictor
	}
	scales := []float64{1, 1e307, 3e154, 1e-300, 1e-160}
	for _, sx := range scales {
		for _, sy := range scales {
			X := mat.DenseCopyOf(base)
			X.Scale(sx, X)
			y := make([]float64, len(yBase))
			for i, v := range yBase {
				y[i] = v * sy
			}
			for _, e := range []fitted{&Regression{}, &Ridge{Alpha: 1}, &Ridge{Alpha: 1, Solver: RidgeCholesky},
				&Ridge{Alpha: 1, Solver: RidgeSVD}, &Lasso{Alpha: 0.1}, &ElasticNet{Alpha: 0.1, L1Ratio: 0.5}, &Logistic{}} {
				name := fmt.Sprintf("%v/x%g/y%g", e, sx, sy)
				target := y
				if _, ok := e.(*Logistic); ok {
					target = cls
				}
				var err error
				require.NotPanics(t, func() { err = e.Fit(ctx, X, target) }, name)
				if err != nil {
					assert.True(t, errorsIsAny(err, estimator.ErrConvergence, estimator.ErrInvalidData), "%s: %v", name, err)
					assert.Contains(t, err.Error(), "scale the", name)
					continue
				}
				if lf := linearOf(e); lf != nil {
					require.NoError(t, lf.Check(), name)
				} else {
					require.NoError(t, e.(*Logistic).fit.Check(), name)
				}
				pred, err := e.Predict(X)
				if err != nil {
					assert.ErrorIs(t, err, estimator.ErrInvalidData, name)
					continue
				}
				for _, v := range pred {
					require.False(t, math.IsNaN(v) || math.IsInf(v, 0), "%s: prediction %v", name, v)
				}
			}
		}
	}
}

func errorsIsAny(err error, targets ...error) bool {
	for _, t := range targets {
		if errorIs(err, t) {
			return true
		}
	}
	return false
}

func linearOf(e any) *linearFit {
	switch m := e.(type) {
	case *Regression:
		return m.fit
	case *Ridge:
		return m.fit
	case *Lasso:
		return m.fit
	case *ElasticNet:
		return m.fit
	}
	return nil
}

// Where the model is representable, scaled data give the scaled model: least squares
// is equivariant under X → tX, y → sy (coefficients ·s/t, predictions ·s), and so is
// the lasso with Alpha·s·t. Before the scale guards these fits gave NaN or silently
// wrong (constant) models.
func TestExtremeMagnitudesAreCorrect(t *testing.T) {
	base := mat.NewDense(8, 2, []float64{1, 2, 2, 1, 3, 5, 4, 3, 5, 8, 6, 1, 7, 4, 8, 6})
	yBase := []float64{1, 2, 3, 4, 5, 7, 8, 8}
	ctx := context.Background()
	for _, tc := range []struct{ sx, sy float64 }{
		{1e307, 1}, {3e154, 1}, {1e-300, 1}, {1e-160, 1}, {1e-160, 1e-300}, {1e-300, 1e-300}, {1e307, 1e307}, {1, 1e-300}, {1, 1e300},
	} {
		X := mat.DenseCopyOf(base)
		X.Scale(tc.sx, X)
		y := make([]float64, len(yBase))
		for i, v := range yBase {
			y[i] = v * tc.sy
		}
		for _, pair := range []struct {
			ref, scaled estimator.Predictor
		}{
			{&Regression{}, &Regression{}},
			{&Regression{NoIntercept: true}, &Regression{NoIntercept: true}},
			{&Ridge{}, &Ridge{}},
			{&Ridge{Solver: RidgeCholesky}, &Ridge{Solver: RidgeCholesky}},
			{&Ridge{Solver: RidgeSVD}, &Ridge{Solver: RidgeSVD}},
			{&Lasso{Alpha: 0.05}, &Lasso{Alpha: 0.05 * tc.sx * tc.sy}},
			{&ElasticNet{Alpha: 0.05, L1Ratio: 1}, &ElasticNet{Alpha: 0.05 * tc.sx * tc.sy, L1Ratio: 1}},
		} {
			name := fmt.Sprintf("%v/x%g/y%g", pair.scaled, tc.sx, tc.sy)
			if a := 0.05 * tc.sx * tc.sy; a < 0x1p-1000 || a > 0x1p1000 {
				if _, ok := pair.ref.(*Lasso); ok {
					continue // the equivalent Alpha is not representable
				}
				if _, ok := pair.ref.(*ElasticNet); ok {
					continue
				}
			}
			require.NoError(t, pair.ref.Fit(ctx, base, yBase), name)
			want, err := pair.ref.Predict(base)
			require.NoError(t, err)
			require.NoError(t, pair.scaled.Fit(ctx, X, y), name)
			got, err := pair.scaled.Predict(X)
			require.NoError(t, err, name)
			for i := range want {
				assert.InDelta(t, want[i], got[i]/tc.sy, 1e-6*(1+math.Abs(want[i])), "%s: row %d", name, i)
			}
		}
	}
}

func errorIs(err, target error) bool { return errors.Is(err, target) }

// Uniform sample weights near the ends of float64's range give the unweighted model.
func TestExtremeWeights(t *testing.T) {
	X := mat.NewDense(8, 2, []float64{1, 2, 2, 1, 3, 5, 4, 3, 5, 8, 6, 1, 7, 4, 8, 6})
	y := []float64{1, 2, 3, 4, 5, 7, 8, 8}
	ctx := context.Background()
	for _, s := range []float64{1e308, 1e300, 1e-300, 4e-320} {
		w := make([]float64, len(y))
		for i := range w {
			w[i] = s
		}
		for _, pair := range [][2]interface {
			estimator.Predictor
			FitWeighted(context.Context, mat.Matrix, []float64, []float64) error
		}{
			{&Regression{}, &Regression{}},
			{&Ridge{Solver: RidgeCholesky}, &Ridge{Solver: RidgeCholesky}},
			{&Ridge{Solver: RidgeSVD}, &Ridge{Solver: RidgeSVD}},
			{&Lasso{Alpha: 0.05}, &Lasso{Alpha: 0.05}},
		} {
			name := fmt.Sprintf("%v/w%g", pair[1], s)
			require.NoError(t, pair[0].Fit(ctx, X, y))
			want, err := pair[0].Predict(X)
			require.NoError(t, err)
			err = pair[1].FitWeighted(ctx, X, y, w)
			require.NoError(t, err, name)
			got, err := pair[1].Predict(X)
			require.NoError(t, err, name)
			assert.InDeltaSlice(t, want, got, 1e-6, name)
		}
	}
}
