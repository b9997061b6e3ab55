package estimator

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// CheckXy validates training data and returns X as a *mat.Dense. It does not copy when
// X already is a *mat.Dense, so the result may share memory with the caller's matrix
// and is read-only by contract. y may be nil (unsupervised).
//
// It returns an error wrapping ErrInvalidData for nil or empty X, NaN or Inf in X or y,
// or a non-numeric column (of a matrix implementing Columns), and ErrShape when
// len(y) differs from the number of rows.
func CheckXy(X mat.Matrix, y []float64) (*mat.Dense, error) {
	x, err := CheckX(X)
	if err != nil {
		return nil, err
	}
	if y != nil {
		r, _ := x.Dims()
		if len(y) != r {
			return nil, fmt.Errorf("X has %d rows but y has %d values: %w", r, len(y), ErrShape)
		}
		for i, v := range y {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("y[%d] is %v: %w", i, v, ErrInvalidData)
			}
		}
	}
	return x, nil
}

// CheckX validates a data matrix as CheckXy does, without a target.
func CheckX(X mat.Matrix) (*mat.Dense, error) {
	if X == nil || isNilMatrix(X) {
		return nil, fmt.Errorf("X is nil: %w", ErrInvalidData)
	}
	if d, ok := X.(*mat.Dense); ok && d.IsEmpty() {
		return nil, fmt.Errorf("X is empty: %w", ErrInvalidData)
	}
	r, c := X.Dims()
	if r == 0 || c == 0 {
		return nil, fmt.Errorf("X is empty (%d×%d): %w", r, c, ErrInvalidData)
	}
	cols, hasCols := X.(Columns)
	if hasCols {
		for j := 0; j < c; j++ {
			if !cols.IsNumeric(j) {
				return nil, fmt.Errorf("column %s is non-numeric; encode it first (preprocess.OneHotEncoder or OrdinalEncoder): %w",
					columnName(X, j), ErrInvalidData)
			}
		}
	}
	var x *mat.Dense
	switch m := X.(type) {
	case *mat.Dense:
		x = m
	default:
		x = mat.DenseCopyOf(X)
	}
	for i := 0; i < r; i++ {
		// v·0 is 0 for every finite v and NaN for NaN and ±Inf, so one multiply-add per
		// value finds a bad row; only then is the row searched for the culprit.
		row := x.RawRowView(i)
		var p0, p1 float64 // two independent chains halve the add latency
		j := 0
		for ; j+2 <= len(row); j += 2 {
			p0 += row[j] * 0
			p1 += row[j+1] * 0
		}
		if j < len(row) {
			p0 += row[j] * 0
		}
		if p0+p1 == 0 {
			continue
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("X[%d, %s] is %v: %w", i, columnName(X, j), v, ErrInvalidData)
			}
		}
	}
	return x, nil
}

// CheckPredict validates X for Predict or Transform on a model fitted with nFeatures
// columns: it must be non-empty, finite, and have exactly nFeatures columns.
func CheckPredict(X mat.Matrix, nFeatures int) (*mat.Dense, error) {
	if X == nil || isNilMatrix(X) {
		return nil, fmt.Errorf("X is nil: %w", ErrInvalidData)
	}
	if d, ok := X.(*mat.Dense); !ok || !d.IsEmpty() {
		if _, c := X.Dims(); c != nFeatures && c != 0 {
			return nil, fmt.Errorf("X has %d features, but the model was fitted with %d: %w", c, nFeatures, ErrShape)
		}
	}
	return CheckX(X)
}

func columnName(X mat.Matrix, j int) string {
	if cols, ok := X.(Columns); ok {
		if names := cols.Names(); j < len(names) {
			return fmt.Sprintf("%q", names[j])
		}
	}
	return fmt.Sprint(j)
}

func isNilMatrix(X mat.Matrix) bool {
	switch m := X.(type) {
	case *mat.Dense:
		return m == nil
	case *mat.VecDense:
		return m == nil
	}
	return false
}
