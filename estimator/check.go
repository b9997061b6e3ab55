package estimator

import (
	"fmt"
	"math"
	"reflect"

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

// MaxCopyElements bounds the size of a matrix that CheckX copies into a *mat.Dense
// (a matrix that is neither a *mat.Dense nor a non-transposed mat.RawMatrixer): 2³¹
// values, 16 GiB. Larger data must be passed as a *mat.Dense.
const MaxCopyElements = 1 << 31

// Dims returns the dimensions of X, as X.Dims() does, but reports unusable matrices
// as errors wrapping ErrInvalidData instead of panicking: a nil X or nil pointer (a
// nil *mat.Dense, *mat.SymDense, *mat.VecDense…), a matrix whose Dims panics (an
// empty mat.Transpose{}), and negative dimensions.
func Dims(X mat.Matrix) (r, c int, err error) {
	if X == nil || isNilMatrix(X) {
		return 0, 0, fmt.Errorf("X is nil: %w", ErrInvalidData)
	}
	func() {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("X (%T) is unusable: Dims panicked: %v: %w", X, p, ErrInvalidData)
			}
		}()
		r, c = X.Dims()
	}()
	if err != nil {
		return 0, 0, err
	}
	if r < 0 || c < 0 {
		return 0, 0, fmt.Errorf("X (%T) reports impossible dimensions %d×%d: %w", X, r, c, ErrInvalidData)
	}
	return r, c, nil
}

// CheckX validates a data matrix as CheckXy does, without a target. Besides empty and
// non-finite data it rejects, with errors wrapping ErrInvalidData, every matrix that
// Dims rejects, a matrix whose At panics, and a matrix that would have to be copied
// and holds more than MaxCopyElements values.
func CheckX(X mat.Matrix) (*mat.Dense, error) {
	return checkX(X, false)
}

// CheckXMissing validates X as CheckX does but lets NaN through as a missing value,
// for the models with native missing-value support (histogram gradient boosting).
// ±Inf is still an error wrapping ErrInvalidData.
func CheckXMissing(X mat.Matrix) (*mat.Dense, error) {
	return checkX(X, true)
}

// CheckPredictMissing is CheckPredict for models that accept NaN as a missing value:
// X must be non-empty, free of ±Inf and have exactly nFeatures columns.
func CheckPredictMissing(X mat.Matrix, nFeatures int) (*mat.Dense, error) {
	if err := checkPredictShape(X, nFeatures); err != nil {
		return nil, err
	}
	return checkX(X, true)
}

func checkX(X mat.Matrix, allowNaN bool) (*mat.Dense, error) {
	r, c, err := Dims(X)
	if err != nil {
		return nil, err
	}
	if d, ok := X.(*mat.Dense); ok && d.IsEmpty() {
		return nil, fmt.Errorf("X is empty: %w", ErrInvalidData)
	}
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
	x, err := asDense(X, r, c)
	if err != nil {
		return nil, err
	}
	raw := x.RawMatrix()
	if raw.Stride == c && finiteSum(raw.Data[:r*c]) { // contiguous: one pass, no row loop
		return x, nil
	}
	for i := 0; i < r; i++ {
		row := x.RawRowView(i)
		if finiteSum(row) {
			continue
		}
		for j, v := range row {
			if (math.IsNaN(v) && !allowNaN) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("X[%d, %s] is %v: %w", i, columnName(X, j), v, ErrInvalidData)
			}
		}
	}
	return x, nil
}

// CheckPredict validates X for Predict or Transform on a model fitted with nFeatures
// columns: it must be non-empty, finite, and have exactly nFeatures columns.
func CheckPredict(X mat.Matrix, nFeatures int) (*mat.Dense, error) {
	if err := checkPredictShape(X, nFeatures); err != nil {
		return nil, err
	}
	return CheckX(X)
}

func checkPredictShape(X mat.Matrix, nFeatures int) error {
	_, c, err := Dims(X)
	if err != nil {
		return err
	}
	if d, ok := X.(*mat.Dense); !ok || !d.IsEmpty() {
		if c != nFeatures && c != 0 {
			return fmt.Errorf("X has %d features, but the model was fitted with %d: %w", c, nFeatures, ErrShape)
		}
	}
	return nil
}

// asDense returns X itself when it is a *mat.Dense, and otherwise a copy, converting
// a panic in X's At (a broken custom matrix) into an error.
func asDense(X mat.Matrix, r, c int) (x *mat.Dense, err error) {
	if d, ok := X.(*mat.Dense); ok {
		return d, nil
	}
	if r > MaxCopyElements/c {
		return nil, fmt.Errorf("X (%T) is %d×%d, too large to copy (at most %d values; pass a *mat.Dense): %w",
			X, r, c, MaxCopyElements, ErrInvalidData)
	}
	defer func() {
		if p := recover(); p != nil {
			x, err = nil, fmt.Errorf("X (%T) is unusable: reading it panicked: %v: %w", X, p, ErrInvalidData)
		}
	}()
	return mat.DenseCopyOf(X), nil
}

func columnName(X mat.Matrix, j int) string {
	if cols, ok := X.(Columns); ok {
		if names := cols.Names(); j < len(names) {
			return fmt.Sprintf("%q", names[j])
		}
	}
	return fmt.Sprint(j)
}

// isNilMatrix reports whether X holds a nil pointer, map, slice or func.
func isNilMatrix(X mat.Matrix) bool {
	switch m := X.(type) {
	case *mat.Dense:
		return m == nil
	case *mat.VecDense:
		return m == nil
	}
	return isNilValue(reflect.ValueOf(X))
}

// finiteSum reports whether every value of v is finite: v·0 is ±0 for every finite v
// and NaN for NaN and ±Inf, so one multiply-add per value decides, with four
// independent chains to hide the add latency. Only a failing slice is searched for the
// culprit.
func finiteSum(v []float64) bool {
	var p0, p1, p2, p3 float64
	j := 0
	for ; j+4 <= len(v); j += 4 {
		q := v[j : j+4 : j+4]
		p0 += q[0] * 0
		p1 += q[1] * 0
		p2 += q[2] * 0
		p3 += q[3] * 0
	}
	for ; j < len(v); j++ {
		p0 += v[j] * 0
	}
	return (p0+p1)+(p2+p3) == 0
}
