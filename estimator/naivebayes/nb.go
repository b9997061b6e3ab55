package naivebayes

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// maxStateDim bounds the classes and features of decoded state.
const maxStateDim = 1 << 24

// checkWeights validates sample weights w for n rows (nil is fine).
func checkWeights(w []float64, n int) error {
	if w == nil {
		return nil
	}
	if len(w) != n {
		return fmt.Errorf("X has %d rows but w has %d weights: %w", n, len(w), estimator.ErrShape)
	}
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("weight w[%d] = %v must be finite and >= 0: %w", i, v, estimator.ErrInvalidData)
		}
	}
	return nil
}

// partialClasses resolves the classes of a PartialFit call: on the first call
// (prev == nil) classes is required and becomes the sorted distinct labels; later
// it must be nil or equal to prev. Every label of y must be one of the classes.
func partialClasses(prev, classes, y []float64) ([]float64, error) {
	if prev == nil {
		if classes == nil {
			return nil, fmt.Errorf("classes must be given on the first PartialFit call: %w", estimator.ErrInvalidData)
		}
		if err := estimator.CheckFinite("classes", classes...); err != nil {
			return nil, fmt.Errorf("%v: %w", err, estimator.ErrInvalidData)
		}
		c := estimator.ClassesOf(classes)
		if len(c) < 2 {
			return nil, fmt.Errorf("classes has %d distinct value(s), a classifier needs at least 2: %w", len(c), estimator.ErrInvalidData)
		}
		prev = c
	} else if classes != nil && !slices.Equal(estimator.ClassesOf(classes), prev) {
		return nil, fmt.Errorf("classes %v differ from the classes of the first call %v: %w", classes, prev, estimator.ErrInvalidData)
	}
	for i, v := range y {
		if _, ok := slices.BinarySearch(prev, v); !ok {
			return nil, fmt.Errorf("y[%d] = %v is not one of the classes %v: %w", i, v, prev, estimator.ErrInvalidData)
		}
	}
	return prev, nil
}

// codes returns the index of each label of y in the sorted classes.
func codes(classes, y []float64) []int {
	out := make([]int, len(y))
	for i, v := range y {
		out[i], _ = slices.BinarySearch(classes, v)
	}
	return out
}

// logSumExp is scipy.special.logsumexp of v.
func logSumExp(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = max(m, x)
	}
	if math.IsInf(m, 0) {
		return m
	}
	s := 0.0
	for _, x := range v {
		s += math.Exp(x - m)
	}
	return m + math.Log(s)
}

// checkJLL rejects a joint log likelihood matrix with a NaN or a row whose largest
// value is not finite (no class has a usable likelihood).
func checkJLL(jll *mat.Dense) error {
	n, _ := jll.Dims()
	for i := 0; i < n; i++ {
		m := math.Inf(-1)
		for k, v := range jll.RawRowView(i) {
			if math.IsNaN(v) {
				return fmt.Errorf("row %d: the log likelihood of class %d is NaN (extreme values?): %w", i, k, estimator.ErrInvalidData)
			}
			m = max(m, v)
		}
		if math.IsInf(m, 0) {
			return fmt.Errorf("row %d: no class has a finite log likelihood (extreme values?): %w", i, estimator.ErrInvalidData)
		}
	}
	return nil
}

// argmaxClasses returns classes[argmax] of each row of jll (the first on ties).
func argmaxClasses(jll *mat.Dense, classes []float64) []float64 {
	n, _ := jll.Dims()
	out := make([]float64, n)
	for i := range out {
		row := jll.RawRowView(i)
		best := 0
		for k, v := range row {
			if v > row[best] {
				best = k
			}
		}
		out[i] = classes[best]
	}
	return out
}

// logProba turns jll into jll − logsumexp(jll) row by row, in place.
func logProba(jll *mat.Dense) *mat.Dense {
	n, _ := jll.Dims()
	for i := 0; i < n; i++ {
		row := jll.RawRowView(i)
		lse := logSumExp(row)
		for k := range row {
			row[k] -= lse
		}
	}
	return jll
}

// expInPlace exponentiates m.
func expInPlace(m *mat.Dense) *mat.Dense {
	m.Apply(func(_, _ int, v float64) float64 { return math.Exp(v) }, m)
	return m
}

// matOf returns a K×p copy of the row-major data, or nil when data is nil.
func matOf(k, p int, data []float64) *mat.Dense {
	if data == nil {
		return nil
	}
	return mat.NewDense(k, p, slices.Clone(data))
}

// checkNonNegative reports whether every value is >= 0.
func checkNonNegative(name string, v ...float64) error {
	for i, x := range v {
		if !(x >= 0) {
			return fmt.Errorf("%s[%d] is %v, want a value >= 0", name, i, x)
		}
	}
	return nil
}

// checkDims validates the class and feature counts of decoded state and returns an
// error when K·p values would be implausible.
func checkDims(classes []float64, nFeatures int) error {
	return estimator.FirstError(
		estimator.CheckClasses("Classes", classes),
		estimator.CheckCount("Classes length", len(classes), 2, maxStateDim),
		estimator.CheckCount("NFeatures", nFeatures, 1, maxStateDim),
	)
}
