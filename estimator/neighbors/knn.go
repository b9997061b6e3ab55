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
	_ estimator.ProbaClassifier = (*KNeighborsClassifier)(nil)
	_ estimator.Validator       = (*KNeighborsClassifier)(nil)
	_ estimator.StateMarshaler  = (*KNeighborsClassifier)(nil)
	_ estimator.Predictor       = (*KNeighborsRegressor)(nil)
	_ estimator.Validator       = (*KNeighborsRegressor)(nil)
	_ estimator.StateMarshaler  = (*KNeighborsRegressor)(nil)
)

// KNeighborsClassifier is the k-nearest-neighbours vote (scikit-learn:
// neighbors.KNeighborsClassifier). A query's class
// probabilities are the (weighted) share of each class among its NNeighbors nearest
// training rows; its prediction is the class with the largest share, the smallest
// class on ties. Neighbours are ordered by distance, ties by training index.
//
// The zero value is scikit-learn's default KNeighborsClassifier().
type KNeighborsClassifier struct {
	// NNeighbors is the number of neighbours, in [1, MaxNeighbors] and at most the
	// number of training samples (scikit-learn's n_neighbors). Zero means 5.
	NNeighbors int
	// Weights is "uniform" (every neighbour counts 1; "" means this) or "distance"
	// (neighbours count 1/distance, and exact matches, when there are any, take all
	// the weight), as scikit-learn's weights.
	Weights string
	// Metric is "minkowski" ("" means this), "euclidean", "manhattan" or
	// "chebyshev" (scikit-learn's metric).
	Metric string
	// P is the Minkowski power, >= 1 or +Inf; 0 means 2 (scikit-learn's p). It is
	// ignored by the other metrics.
	P float64
	// Workers bounds the goroutines searching blocks of queries; 0 means
	// GOMAXPROCS. Results do not depend on it.
	Workers int
	// Algorithm is the search: "auto" ("" means this), "brute", "kd_tree" or
	// "ball_tree" (scikit-learn's algorithm). "auto" chooses as scikit-learn 1.2.1
	// does: brute force above 15 features or when NNeighbors >= n/2, a k-d tree
	// otherwise. Every algorithm returns the same neighbours in the same order.
	Algorithm string
	// LeafSize is the most rows a tree leaf holds, in [1, MaxLeafSize]; zero means 30
	// (scikit-learn's leaf_size). It affects speed only.
	LeafSize int

	fit *classifierFit // nil until Fit succeeds
}

// classifierFit is the learned state: a copy of the training data; fields exported
// for gob.
type classifierFit struct {
	Train   trainData
	Classes []float64
	Codes   []int // class index of each training row
}

const classifierStateVersion = 1

// Check validates decoded state.
func (f *classifierFit) Check() error {
	if err := f.Train.check(); err != nil {
		return err
	}
	return estimator.FirstError(
		estimator.CheckClasses("Classes", f.Classes),
		estimator.CheckLen("Codes", len(f.Codes), f.Train.N),
		estimator.CheckIndex("Codes", f.Codes, len(f.Classes)),
	)
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (c *KNeighborsClassifier) Validate() error {
	return estimator.FirstError(validateK(c.NNeighbors), validateWeights(c.Weights),
		validateMetric(c.Metric, c.P), validateWorkers(c.Workers), validateAlgorithm(c.Algorithm, c.LeafSize))
}

// Fit stores a copy of X (n×p) and the class labels y (any distinct finite
// values, sorted into Classes). It returns a *estimator.ParamError for bad
// hyperparameters or NNeighbors > n, an error wrapping estimator.ErrInvalidData for
// empty or non-finite input or fewer than two classes, and estimator.ErrShape when
// len(y) differs from the rows of X. On error the previous model, if any, is kept.
func (c *KNeighborsClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	const name = "neighbors.KNeighborsClassifier"
	x, err := checkFit(ctx, name, c, c.NNeighbors, X, y)
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

// checkFit is the common start of the supervised Fits.
func checkFit(ctx context.Context, name string, v estimator.Validator, k int, X mat.Matrix, y []float64) (*mat.Dense, error) {
	if err := v.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if y == nil {
		return nil, fmt.Errorf("%s: y is nil, a supervised model needs targets: %w", name, estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	if n > math.MaxInt32 || p > math.MaxInt32 {
		return nil, fmt.Errorf("%s: X is %d×%d, too large: %w", name, n, p, estimator.ErrInvalidData)
	}
	if resolveK(k) > n {
		return nil, fmt.Errorf("%s: %w", name, &estimator.ParamError{Param: "NNeighbors", Value: k,
			Reason: fmt.Sprintf("%d neighbours need at least as many training samples, got %d", resolveK(k), n)})
	}
	return x, nil
}

func (c *KNeighborsClassifier) searcher() *searcher { return newSearcher(&c.fit.Train, c.settings()) }

func (c *KNeighborsClassifier) settings() settings {
	return settings{c.Algorithm, c.LeafSize, resolveK(c.NNeighbors), resolveMetric(c.Metric, c.P), c.Workers}
}

func (r *KNeighborsRegressor) settings() settings {
	return settings{r.Algorithm, r.LeafSize, resolveK(r.NNeighbors), resolveMetric(r.Metric, r.P), r.Workers}
}

// query checks the model, the settings and X before a prediction.
func query(name string, v estimator.Validator, fitted bool, t func() *trainData, X mat.Matrix) (*mat.Dense, error) {
	if !fitted {
		return nil, fmt.Errorf("%s: %w", name, estimator.ErrNotFitted)
	}
	if err := v.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	x, err := estimator.CheckPredict(X, t().NFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return x, nil
}

// votes returns the n×K (weighted) class votes of each query row, unnormalised.
func (c *KNeighborsClassifier) votes(X mat.Matrix) (*mat.Dense, error) {
	const name = "neighbors.KNeighborsClassifier"
	x, err := query(name, c, c.fit != nil, func() *trainData { return &c.fit.Train }, X)
	if err != nil {
		return nil, err
	}
	f := c.fit
	k := resolveK(c.NNeighbors)
	if k > f.Train.N {
		return nil, fmt.Errorf("%s: %w", name, &estimator.ParamError{Param: "NNeighbors", Value: c.NNeighbors,
			Reason: fmt.Sprintf("exceeds the %d training samples", f.Train.N)})
	}
	n, _ := x.Dims()
	K := len(f.Classes)
	out := mat.NewDense(n, K, nil)
	err = c.searcher().eachKNeighbors(context.Background(), x, k, func(i int, dist []float64, idx []int) error {
		if err := checkDistances(dist); err != nil {
			return err
		}
		w := weights(c.Weights, dist)
		row := out.RawRowView(i)
		for m, j := range idx {
			if w == nil {
				row[f.Codes[j]]++
			} else {
				row[f.Codes[j]] += w[m]
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// Predict returns the class with the most (weighted) votes among the neighbours of
// each row of X, the smallest such class on ties. It returns estimator.ErrNotFitted
// before Fit, estimator.ErrShape for a wrong feature count, and
// estimator.ErrInvalidData for empty or non-finite X or distances that overflow.
func (c *KNeighborsClassifier) Predict(X mat.Matrix) ([]float64, error) {
	v, err := c.votes(X)
	if err != nil {
		return nil, err
	}
	n, K := v.Dims()
	out := make([]float64, n)
	for i := range out {
		row := v.RawRowView(i)
		best := 0
		for k := 1; k < K; k++ {
			if row[k] > row[best] {
				best = k
			}
		}
		out[i] = c.fit.Classes[best]
	}
	return out, nil
}

// PredictProba returns the n×K share of (weighted) votes of each class, columns in
// Classes() order (scikit-learn's predict_proba). Errors as for Predict.
func (c *KNeighborsClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	v, err := c.votes(X)
	if err != nil {
		return nil, err
	}
	n, _ := v.Dims()
	for i := 0; i < n; i++ {
		row := v.RawRowView(i)
		s := 0.0
		for _, x := range row {
			s += x
		}
		for k := range row {
			row[k] /= s
		}
	}
	return v, nil
}

// KNeighbors returns the distances (n×k) and training-row indices of the k nearest
// training rows of each row of X, nearest first and ties by index (scikit-learn's
// kneighbors(X, k); a training row queried is its own first
// neighbour). k = 0 means NNeighbors; k must not exceed the number of training
// samples. Errors as for Predict.
func (c *KNeighborsClassifier) KNeighbors(X mat.Matrix, k int) (*mat.Dense, [][]int, error) {
	const name = "neighbors.KNeighborsClassifier"
	x, err := query(name, c, c.fit != nil, func() *trainData { return &c.fit.Train }, X)
	if err != nil {
		return nil, nil, err
	}
	if k == 0 {
		k = resolveK(c.NNeighbors)
	}
	d, idx, err := kneighborsAll(context.Background(), c.searcher(), x, k)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return d, idx, nil
}

// Classes returns a copy of the sorted class labels, or nil before Fit.
func (c *KNeighborsClassifier) Classes() []float64 {
	if c.fit == nil {
		return nil
	}
	return slices.Clone(c.fit.Classes)
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (c *KNeighborsClassifier) MarshalState() ([]byte, error) {
	return estimator.EncodeState(classifierStateVersion, c.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, training data of inconsistent size or
// non-finite, classes that are not sorted, distinct and finite, or class codes out
// of range give an error wrapping estimator.ErrState, and the receiver is unchanged.
func (c *KNeighborsClassifier) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, classifierStateVersion, &c.fit); err != nil {
		return fmt.Errorf("neighbors.KNeighborsClassifier: %w", err)
	}
	if c.fit != nil {
		c.fit.Train.prepare(c.settings())
	}
	return nil
}

// String prints the hyperparameters.
func (c *KNeighborsClassifier) String() string { return estimator.Format(c) }

// KNeighborsRegressor predicts the (weighted) mean target of the NNeighbors
// nearest training rows (scikit-learn: neighbors.KNeighborsRegressor). The zero value is scikit-learn's default.
type KNeighborsRegressor struct {
	// NNeighbors, Weights, Metric, P, Workers, Algorithm and LeafSize are as for
	// KNeighborsClassifier.
	NNeighbors int
	Weights    string
	Metric     string
	P          float64
	Workers    int
	Algorithm  string
	LeafSize   int

	fit *regressorFit // nil until Fit succeeds
}

// regressorFit is the learned state; fields exported for gob.
type regressorFit struct {
	Train trainData
	Y     []float64
}

const regressorStateVersion = 1

// Check validates decoded state.
func (f *regressorFit) Check() error {
	if err := f.Train.check(); err != nil {
		return err
	}
	return estimator.FirstError(
		estimator.CheckLen("Y", len(f.Y), f.Train.N),
		estimator.CheckFinite("Y", f.Y...),
	)
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (r *KNeighborsRegressor) Validate() error {
	return estimator.FirstError(validateK(r.NNeighbors), validateWeights(r.Weights),
		validateMetric(r.Metric, r.P), validateWorkers(r.Workers), validateAlgorithm(r.Algorithm, r.LeafSize))
}

// Fit stores a copy of X (n×p) and y. Errors as for KNeighborsClassifier.Fit
// (any finite y is accepted).
func (r *KNeighborsRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := checkFit(ctx, "neighbors.KNeighborsRegressor", r, r.NNeighbors, X, y)
	if err != nil {
		return err
	}
	f := &regressorFit{Train: copyTrain(x), Y: slices.Clone(y)}
	f.Train.prepare(r.settings())
	r.fit = f
	return nil
}

// npSum is numpy's pairwise summation of a contiguous vector (add.reduce), so that
// means agree with scikit-learn to the last bits.
func npSum(a []float64) float64 {
	n := len(a)
	switch {
	case n < 8:
		s := 0.0
		for _, v := range a {
			s += v
		}
		return s
	case n <= 128:
		var r [8]float64
		copy(r[:], a[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += a[i+j]
			}
		}
		s := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			s += a[i]
		}
		return s
	}
	n2 := n / 2
	n2 -= n2 % 8
	return npSum(a[:n2]) + npSum(a[n2:])
}

// Predict returns the (weighted) mean target of the neighbours of each row of X:
// Σ yᵢ / k for uniform weights, Σ wᵢ yᵢ / Σ wᵢ for distance weights. Errors as for
// KNeighborsClassifier.Predict; a mean float64 cannot represent is an error
// wrapping estimator.ErrInvalidData.
func (r *KNeighborsRegressor) Predict(X mat.Matrix) ([]float64, error) {
	const name = "neighbors.KNeighborsRegressor"
	x, err := query(name, r, r.fit != nil, func() *trainData { return &r.fit.Train }, X)
	if err != nil {
		return nil, err
	}
	f := r.fit
	k := resolveK(r.NNeighbors)
	if k > f.Train.N {
		return nil, fmt.Errorf("%s: %w", name, &estimator.ParamError{Param: "NNeighbors", Value: r.NNeighbors,
			Reason: fmt.Sprintf("exceeds the %d training samples", f.Train.N)})
	}
	n, _ := x.Dims()
	out := make([]float64, n)
	s := newSearcher(&f.Train, r.settings())
	err = s.eachKNeighbors(context.Background(), x, k, func(i int, dist []float64, idx []int) error {
		if err := checkDistances(dist); err != nil {
			return err
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

// KNeighbors is as for KNeighborsClassifier.
func (r *KNeighborsRegressor) KNeighbors(X mat.Matrix, k int) (*mat.Dense, [][]int, error) {
	const name = "neighbors.KNeighborsRegressor"
	x, err := query(name, r, r.fit != nil, func() *trainData { return &r.fit.Train }, X)
	if err != nil {
		return nil, nil, err
	}
	if k == 0 {
		k = resolveK(r.NNeighbors)
	}
	s := newSearcher(&r.fit.Train, r.settings())
	d, idx, err := kneighborsAll(context.Background(), s, x, k)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return d, idx, nil
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (r *KNeighborsRegressor) MarshalState() ([]byte, error) {
	return estimator.EncodeState(regressorStateVersion, r.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. Inconsistent or non-finite state gives an error wrapping
// estimator.ErrState, and the receiver is unchanged.
func (r *KNeighborsRegressor) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, regressorStateVersion, &r.fit); err != nil {
		return fmt.Errorf("neighbors.KNeighborsRegressor: %w", err)
	}
	if r.fit != nil {
		r.fit.Train.prepare(r.settings())
	}
	return nil
}

// String prints the hyperparameters.
func (r *KNeighborsRegressor) String() string { return estimator.Format(r) }

// mean is the target mean of the neighbours idx: numpy's mean (pairwise sum / m) for
// uniform weights (w == nil), numpy's average (Σ wᵢyᵢ / Σ wᵢ) otherwise. A mean
// float64 cannot represent is an error wrapping estimator.ErrInvalidData.
func mean(y []float64, idx []int, w []float64) (float64, error) {
	m := len(idx)
	ys := make([]float64, m)
	for a, j := range idx {
		ys[a] = y[j]
	}
	var v float64
	if w == nil {
		v = npSum(ys) / float64(m)
		if math.IsInf(v, 0) { // the sum overflowed: divide first
			for a := range ys {
				ys[a] /= float64(m)
			}
			v = npSum(ys)
		}
	} else {
		for a := range ys {
			ys[a] *= w[a]
		}
		v = npSum(ys) / npSum(w)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("the mean target is %v (targets too extreme): %w", v, estimator.ErrInvalidData)
	}
	return v, nil
}
