package neighbors

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.ProbaClassifier = (*RadiusNeighborsClassifier)(nil)
	_ estimator.Validator       = (*RadiusNeighborsClassifier)(nil)
	_ estimator.StateMarshaler  = (*RadiusNeighborsClassifier)(nil)
	_ estimator.Predictor       = (*RadiusNeighborsRegressor)(nil)
	_ estimator.Validator       = (*RadiusNeighborsRegressor)(nil)
	_ estimator.StateMarshaler  = (*RadiusNeighborsRegressor)(nil)
)

// RadiusNeighborsClassifier is the vote of the training rows within a radius
// (scikit-learn: neighbors.RadiusNeighborsClassifier). A
// query's class probabilities are the (weighted) share of each class among the
// training rows at distance <= Radius; its prediction is the class with the largest
// share, the smallest class on ties. A query with no training row within Radius is an
// outlier: an error, unless UseOutlierLabel is set (scikit-learn's outlier_label).
//
// The zero value is scikit-learn's default RadiusNeighborsClassifier().
type RadiusNeighborsClassifier struct {
	// Radius is the neighbourhood radius, finite and >= 0; zero means 1 (scikit-learn's
	// radius).
	Radius float64
	// Weights, Metric, P, Workers, Algorithm and LeafSize are as for
	// KNeighborsClassifier ("auto" picks a k-d tree up to 15 features).
	Weights   string
	Metric    string
	P         float64
	Workers   int
	Algorithm string
	LeafSize  int
	// UseOutlierLabel makes outliers predict OutlierLabel instead of failing; their
	// probabilities are 1 for OutlierLabel when it is a training class and all 0
	// otherwise, as in scikit-learn (outlier_label=OutlierLabel).
	UseOutlierLabel bool
	// OutlierLabel is the finite label of outliers when UseOutlierLabel is set.
	OutlierLabel float64

	fit *classifierFit // nil until Fit succeeds
}

func validateRadius(r float64) error {
	if math.IsNaN(r) || math.IsInf(r, 0) || r < 0 {
		return &estimator.ParamError{Param: "Radius", Value: r, Reason: "must be finite and >= 0 (0 means the default 1)"}
	}
	return nil
}

func resolveRadius(r float64) float64 {
	if r == 0 {
		return 1
	}
	return r
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (c *RadiusNeighborsClassifier) Validate() error {
	var lerr error
	if math.IsNaN(c.OutlierLabel) || math.IsInf(c.OutlierLabel, 0) {
		lerr = &estimator.ParamError{Param: "OutlierLabel", Value: c.OutlierLabel, Reason: "must be finite"}
	}
	return estimator.FirstError(validateRadius(c.Radius), validateWeights(c.Weights),
		validateMetric(c.Metric, c.P), validateWorkers(c.Workers), validateAlgorithm(c.Algorithm, c.LeafSize), lerr)
}

// Fit stores a copy of X (n×p) and the class labels y. Errors as for
// KNeighborsClassifier.Fit.
func (c *RadiusNeighborsClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	const name = "neighbors.RadiusNeighborsClassifier"
	x, err := checkFit(ctx, name, c, 1, X, y)
	if err != nil {
		return err
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	codes := make([]int, len(y))
	for i, v := range y {
		codes[i], _ = slices.BinarySearch(classes, v)
	}
	f := &classifierFit{Train: copyTrain(x), Classes: classes, Codes: codes}
	f.Train.prepare(c.settings())
	c.fit = f
	return nil
}

// PredictProba returns the n×K share of (weighted) votes of each class within
// Radius, columns in Classes() order (scikit-learn's predict_proba). It returns
// estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature count,
// and estimator.ErrInvalidData for empty or non-finite X or for an outlier when
// UseOutlierLabel is not set.
func (c *RadiusNeighborsClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	const name = "neighbors.RadiusNeighborsClassifier"
	x, err := query(name, c, c.fit != nil, func() *trainData { return &c.fit.Train }, X)
	if err != nil {
		return nil, err
	}
	f := c.fit
	n, _ := x.Dims()
	K := len(f.Classes)
	out := mat.NewDense(n, K, nil)
	label, inClasses := slices.BinarySearch(f.Classes, c.OutlierLabel)
	s := newSearcher(&f.Train, c.settings())
	err = s.eachRadius(context.Background(), x, resolveRadius(c.Radius), true, func(i int, dist []float64, idx []int) error {
		row := out.RawRowView(i)
		if len(idx) == 0 {
			if !c.UseOutlierLabel {
				return fmt.Errorf("no training sample within radius %v of row %d (set UseOutlierLabel, or a larger Radius): %w",
					resolveRadius(c.Radius), i, estimator.ErrInvalidData)
			}
			if inClasses {
				row[label] = 1
			}
			return nil
		}
		w := weights(c.Weights, dist)
		for m, j := range idx {
			if w == nil {
				row[f.Codes[j]]++
			} else {
				row[f.Codes[j]] += w[m]
			}
		}
		s := 0.0
		for _, v := range row {
			s += v
		}
		if s == 0 {
			s = 1
		}
		for k := range row {
			row[k] /= s
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// Predict returns the class with the largest probability for each row of X, the
// smallest such class on ties, and OutlierLabel for outliers whose probabilities
// are all 0. Errors as for PredictProba.
func (c *RadiusNeighborsClassifier) Predict(X mat.Matrix) ([]float64, error) {
	p, err := c.PredictProba(X)
	if err != nil {
		return nil, err
	}
	n, K := p.Dims()
	out := make([]float64, n)
	for i := range out {
		row := p.RawRowView(i)
		best := 0
		for k := 1; k < K; k++ {
			if row[k] > row[best] {
				best = k
			}
		}
		out[i] = c.fit.Classes[best]
		if row[best] == 0 {
			out[i] = c.OutlierLabel
		}
	}
	return out, nil
}

// RadiusNeighbors returns, for each row of X, the distances and indices of the
// training rows at distance <= radius (a negative radius means Radius), nearest
// first and ties by index. Errors as for NearestNeighbors.RadiusNeighbors.
func (c *RadiusNeighborsClassifier) RadiusNeighbors(X mat.Matrix, radius float64) ([][]float64, [][]int, error) {
	const name = "neighbors.RadiusNeighborsClassifier"
	x, err := query(name, c, c.fit != nil, func() *trainData { return &c.fit.Train }, X)
	if err != nil {
		return nil, nil, err
	}
	return radiusQuery(name, newSearcher(&c.fit.Train, c.settings()), x, radius, c.Radius)
}

func radiusQuery(name string, s *searcher, x *mat.Dense, radius, def float64) ([][]float64, [][]int, error) {
	if radius < 0 {
		radius = resolveRadius(def)
	}
	if math.IsNaN(radius) || math.IsInf(radius, 0) {
		return nil, nil, fmt.Errorf("%s: %w", name, &estimator.ParamError{Param: "radius", Value: radius, Reason: "must be finite"})
	}
	d, idx, err := radiusAll(context.Background(), s, x, radius)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return d, idx, nil
}

// Classes returns a copy of the sorted class labels, or nil before Fit.
func (c *RadiusNeighborsClassifier) Classes() []float64 {
	if c.fit == nil {
		return nil
	}
	return slices.Clone(c.fit.Classes)
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (c *RadiusNeighborsClassifier) MarshalState() ([]byte, error) {
	return estimator.EncodeState(classifierStateVersion, c.fit)
}

// UnmarshalState restores state written by MarshalState, as
// KNeighborsClassifier.UnmarshalState does.
func (c *RadiusNeighborsClassifier) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, classifierStateVersion, &c.fit); err != nil {
		return fmt.Errorf("neighbors.RadiusNeighborsClassifier: %w", err)
	}
	if c.fit != nil {
		c.fit.Train.prepare(c.settings())
	}
	return nil
}

// String prints the hyperparameters.
func (c *RadiusNeighborsClassifier) String() string { return estimator.Format(c) }

// RadiusNeighborsRegressor predicts the (weighted) mean target of the training rows
// within Radius (scikit-learn: neighbors.RadiusNeighborsRegressor). A query with no training row within Radius is an error
// wrapping estimator.ErrInvalidData, where scikit-learn predicts NaN with a
// warning. The zero value is scikit-learn's default.
type RadiusNeighborsRegressor struct {
	// Radius, Weights, Metric, P, Workers, Algorithm and LeafSize are as for
	// RadiusNeighborsClassifier.
	Radius    float64
	Weights   string
	Metric    string
	P         float64
	Workers   int
	Algorithm string
	LeafSize  int

	fit *regressorFit // nil until Fit succeeds
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (r *RadiusNeighborsRegressor) Validate() error {
	return estimator.FirstError(validateRadius(r.Radius), validateWeights(r.Weights),
		validateMetric(r.Metric, r.P), validateWorkers(r.Workers), validateAlgorithm(r.Algorithm, r.LeafSize))
}

// Fit stores a copy of X (n×p) and y. Errors as for KNeighborsRegressor.Fit.
func (r *RadiusNeighborsRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := checkFit(ctx, "neighbors.RadiusNeighborsRegressor", r, 1, X, y)
	if err != nil {
		return err
	}
	f := &regressorFit{Train: copyTrain(x), Y: slices.Clone(y)}
	f.Train.prepare(r.settings())
	r.fit = f
	return nil
}

// Predict returns the (weighted) mean target of the training rows within Radius of
// each row of X. Errors as for KNeighborsRegressor.Predict; a row with no training
// row within Radius is an error wrapping estimator.ErrInvalidData.
func (r *RadiusNeighborsRegressor) Predict(X mat.Matrix) ([]float64, error) {
	const name = "neighbors.RadiusNeighborsRegressor"
	x, err := query(name, r, r.fit != nil, func() *trainData { return &r.fit.Train }, X)
	if err != nil {
		return nil, err
	}
	f := r.fit
	n, _ := x.Dims()
	out := make([]float64, n)
	s := newSearcher(&f.Train, r.settings())
	err = s.eachRadius(context.Background(), x, resolveRadius(r.Radius), true, func(i int, dist []float64, idx []int) error {
		if len(idx) == 0 {
			return fmt.Errorf("no training sample within radius %v of row %d: %w", resolveRadius(r.Radius), i, estimator.ErrInvalidData)
		}
		v, err := mean(f.Y, idx, weights(r.Weights, dist))
		if err != nil {
			return fmt.Errorf("row %d: %w", i, err)
		}
		out[i] = v
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// RadiusNeighbors is as for RadiusNeighborsClassifier.
func (r *RadiusNeighborsRegressor) RadiusNeighbors(X mat.Matrix, radius float64) ([][]float64, [][]int, error) {
	const name = "neighbors.RadiusNeighborsRegressor"
	x, err := query(name, r, r.fit != nil, func() *trainData { return &r.fit.Train }, X)
	if err != nil {
		return nil, nil, err
	}
	return radiusQuery(name, newSearcher(&r.fit.Train, r.settings()), x, radius, r.Radius)
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (r *RadiusNeighborsRegressor) MarshalState() ([]byte, error) {
	return estimator.EncodeState(regressorStateVersion, r.fit)
}

// UnmarshalState restores state written by MarshalState, as
// KNeighborsRegressor.UnmarshalState does.
func (r *RadiusNeighborsRegressor) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, regressorStateVersion, &r.fit); err != nil {
		return fmt.Errorf("neighbors.RadiusNeighborsRegressor: %w", err)
	}
	if r.fit != nil {
		r.fit.Train.prepare(r.settings())
	}
	return nil
}

// String prints the hyperparameters.
func (r *RadiusNeighborsRegressor) String() string { return estimator.Format(r) }

func (c *RadiusNeighborsClassifier) settings() settings {
	return settings{c.Algorithm, c.LeafSize, 0, resolveMetric(c.Metric, c.P), c.Workers}
}

func (r *RadiusNeighborsRegressor) settings() settings {
	return settings{r.Algorithm, r.LeafSize, 0, resolveMetric(r.Metric, r.P), r.Workers}
}
