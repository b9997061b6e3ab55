package estimator

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Estimator learns from data. Fit must not modify X or y, must not change any exported
// field of the receiver, and must leave the receiver either fitted or exactly as it was
// (on error). Fit checks ctx before starting and between iterations, and returns
// ctx.Err() unwrapped once ctx is done. y is nil for unsupervised estimators.
type Estimator interface {
	Fit(ctx context.Context, X mat.Matrix, y []float64) error
}

// Predictor is a fitted model that outputs one value per row of X. Predict is safe for
// concurrent use once Fit has returned.
type Predictor interface {
	Estimator
	Predict(X mat.Matrix) ([]float64, error)
}

// Transformer maps rows of X to new feature rows. Transform is safe for concurrent use
// once Fit has returned.
type Transformer interface {
	Estimator
	Transform(X mat.Matrix) (*mat.Dense, error)
}

// Classifier predicts class labels. Classes returns the labels seen at Fit, sorted
// ascending, or nil before Fit.
type Classifier interface {
	Predictor
	Classes() []float64
}

// ProbaClassifier also returns an n×len(Classes()) matrix of class probabilities whose
// rows sum to one, columns in the order of Classes.
type ProbaClassifier interface {
	Classifier
	PredictProba(X mat.Matrix) (*mat.Dense, error)
}

// Optional interfaces. Callers check for them the way io.Copy checks for io.WriterTo.
type (
	// FitTransformer fits and transforms in one pass (cheaper for some transformers).
	FitTransformer interface {
		FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error)
	}
	// InverseTransformer maps transformed rows back to the original feature space.
	InverseTransformer interface {
		InverseTransform(X mat.Matrix) (*mat.Dense, error)
	}
	// WeightedFitter fits with per-sample weights (nil means all ones).
	WeightedFitter interface {
		FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error
	}
	// Validator checks hyperparameters without data. Fit calls it first.
	Validator interface{ Validate() error }
	// Cloner overrides the reflective Clone (like scikit-learn's __sklearn_clone__).
	Cloner interface{ Clone() Estimator }
	// Composite is implemented by estimators made of named parts (pipeline steps,
	// union branches, column-transformer branches). Parameter paths and Save/Load
	// address parts by name.
	Composite interface {
		Parts() []Part
		SetPart(name string, e Estimator) error
	}
	// Unwrapper is implemented by meta-estimators that wrap one inner model.
	Unwrapper interface{ Unwrap() Estimator }
	// StateMarshaler saves and restores learned state. MarshalState of an unfitted
	// estimator returns nil; UnmarshalState(nil) leaves it unfitted.
	StateMarshaler interface {
		MarshalState() ([]byte, error)
		UnmarshalState([]byte) error
	}
	// RowSelector is implemented by matrices that can select rows cheaply while
	// keeping their kind (preprocess.Frame stays a Frame inside CV folds).
	RowSelector interface{ SelectRows(idx []int) mat.Matrix }
	// FeatureNamer returns output feature names given input names (nil input names
	// mean "x0", "x1", ...).
	FeatureNamer interface{ FeatureNamesOut(in []string) []string }
	// Columns is implemented by matrices that carry column names and kinds
	// (preprocess.Frame). CheckXy uses it to name columns in its errors and to
	// reject non-numeric columns.
	Columns interface {
		Names() []string
		IsNumeric(j int) bool
	}
	// StringTransformer encodes string columns as numbers (preprocess.OneHotEncoder,
	// OrdinalEncoder, a pipeline ending in one). cols[j][i] is row i of column j; ""
	// is a missing cell. preprocess.ColumnTransformer sends the string columns of a
	// Frame to it.
	StringTransformer interface {
		FitStrings(ctx context.Context, cols [][]string, y []float64) error
		TransformStrings(cols [][]string) (*mat.Dense, error)
	}
	// StringMapper maps string columns to string columns (preprocess.SimpleImputer),
	// so it can precede a StringTransformer in a pipeline.
	StringMapper interface {
		FitStrings(ctx context.Context, cols [][]string, y []float64) error
		MapStrings(cols [][]string) ([][]string, error)
	}
	// ParamTyper is implemented by estimators whose interface-typed hyperparameters
	// may hold concrete types that a zero-value skeleton does not (nn's Optimizer and
	// Schedule fields hold nn/optim rules). ParamTypes returns one value of each such
	// type; Load matches a saved parameter's type against them by import path and
	// name, so a model saved with Optimizer: &optim.Adam{LR: 3e-3} loads into
	// &nn.MLPClassifier{}. Other types can be passed to Load with LoadTypes.
	ParamTyper interface{ ParamTypes() []any }
	// Iterative is implemented by estimators fitted by an iterative solver.
	// tuning.Search records NIter and Converged in its results.
	Iterative interface {
		NIter() int
		Converged() bool
	}
)

// Part is a named child of a Composite.
type Part struct {
	Name string
	Est  Estimator
}

// FitTransform fits t on X and returns the transformed X, using t's own FitTransform
// when it has one.
func FitTransform(ctx context.Context, t Transformer, X mat.Matrix, y []float64) (*mat.Dense, error) {
	if ft, ok := t.(FitTransformer); ok {
		return ft.FitTransform(ctx, X, y)
	}
	if err := t.Fit(ctx, X, y); err != nil {
		return nil, err
	}
	return t.Transform(X)
}

// IsClassifier reports whether e (after unwrapping meta-estimators) is a Classifier.
// A meta-estimator that has Classes by method set but wraps nothing (Unwrap returns
// nil, as an empty pipeline does) is not a classifier.
func IsClassifier(e Estimator) bool {
	for range MaxDepth { // an Unwrap chain that loops (a cycle) ends here
		if e == nil || isNilValue(reflect.ValueOf(e)) {
			return false
		}
		if _, ok := e.(Classifier); ok {
			u, isWrapper := e.(Unwrapper)
			if !isWrapper {
				return true
			}
			inner := u.Unwrap()
			if inner == nil || isNilValue(reflect.ValueOf(inner)) {
				return false
			}
			e = inner
			continue
		}
		u, ok := e.(Unwrapper)
		if !ok {
			return false
		}
		e = u.Unwrap()
	}
	return false
}

// Rows returns the rows idx of X, in that order. It uses X's SelectRows when X is a
// RowSelector (so a Frame stays a Frame); otherwise it copies the rows into a new
// *mat.Dense. It panics if an index is out of range.
func Rows(X mat.Matrix, idx []int) mat.Matrix {
	if rs, ok := X.(RowSelector); ok {
		return rs.SelectRows(idx)
	}
	_, c := X.Dims()
	if len(idx) == 0 {
		return &mat.Dense{}
	}
	out := mat.NewDense(len(idx), c, nil)
	if d, ok := X.(*mat.Dense); ok {
		for i, r := range idx {
			out.SetRow(i, d.RawRowView(r))
		}
		return out
	}
	for i, r := range idx {
		for j := 0; j < c; j++ {
			out.Set(i, j, X.At(r, j))
		}
	}
	return out
}

// Select returns the elements idx of v in a new slice, or nil when v is nil.
func Select(v []float64, idx []int) []float64 {
	if v == nil {
		return nil
	}
	out := make([]float64, len(idx))
	for i, j := range idx {
		out[i] = v[j]
	}
	return out
}

// ClassesOf returns the distinct values of y, sorted ascending.
func ClassesOf(y []float64) []float64 {
	c := slices.Clone(y)
	slices.Sort(c)
	return slices.Compact(c)
}

// CheckClassLabels returns the sorted classes of y, or an ErrInvalidData error if y
// has fewer than two classes or is not a set of class labels: a NaN, an infinite or
// a non-integer value makes y continuous, which classifiers refuse as scikit-learn's
// check_classification_targets does ("Unknown label type: 'continuous'"); a
// regression target passed to a classifier would otherwise become one class per
// distinct value. Use [CheckLabelType] alone where one class is acceptable.
func CheckClassLabels(y []float64) ([]float64, error) {
	if err := CheckLabelType(y); err != nil {
		return nil, err
	}
	classes := ClassesOf(y)
	if len(classes) < 2 {
		return nil, fmt.Errorf("y has %d class(es), a classifier needs at least 2: %w", len(classes), ErrInvalidData)
	}
	return classes, nil
}

// CheckLabelType returns an ErrInvalidData error if y holds a value that is not a
// class label: NaN, ±Inf or a non-integer ("continuous", as scikit-learn's
// type_of_target calls it).
func CheckLabelType(y []float64) error {
	for i, v := range y {
		if v != math.Trunc(v) || math.IsInf(v, 0) {
			return fmt.Errorf("unknown label type: continuous (y[%d] = %v is not an integer class label; is this a regression target? use a regressor): %w", i, v, ErrInvalidData)
		}
	}
	return nil
}

// Name returns the short type name of e for error messages ("linear.Ridge").
func Name(e any) string {
	s := fmt.Sprintf("%T", e)
	if len(s) > 0 && s[0] == '*' {
		s = s[1:]
	}
	return s
}
