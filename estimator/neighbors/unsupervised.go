package neighbors

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Estimator      = (*NearestNeighbors)(nil)
	_ estimator.Validator      = (*NearestNeighbors)(nil)
	_ estimator.StateMarshaler = (*NearestNeighbors)(nil)
)

// NearestNeighbors is the unsupervised neighbour search (scikit-learn:
// neighbors.NearestNeighbors): Fit stores the training rows,
// KNeighbors and RadiusNeighbors query them. It has no Predict. The zero value is
// scikit-learn's default NearestNeighbors().
type NearestNeighbors struct {
	// NNeighbors is the k KNeighbors uses when asked for k = 0, in [1,
	// MaxNeighbors]; zero means 5 (scikit-learn's n_neighbors).
	NNeighbors int
	// Radius is the radius RadiusNeighbors uses when asked for a negative radius;
	// finite and >= 0, zero means 1 (scikit-learn's radius).
	Radius float64
	// Metric, P, Workers, Algorithm and LeafSize are as for KNeighborsClassifier.
	Metric    string
	P         float64
	Workers   int
	Algorithm string
	LeafSize  int

	fit *trainData // nil until Fit succeeds
}

const nearestStateVersion = 1

// Check validates decoded state.
func (t *trainData) Check() error { return t.check() }

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (m *NearestNeighbors) Validate() error {
	var rerr error
	if math.IsNaN(m.Radius) || math.IsInf(m.Radius, 0) || m.Radius < 0 {
		rerr = &estimator.ParamError{Param: "Radius", Value: m.Radius, Reason: "must be finite and >= 0 (0 means the default 1)"}
	}
	return estimator.FirstError(validateK(m.NNeighbors), rerr, validateMetric(m.Metric, m.P), validateWorkers(m.Workers),
		validateAlgorithm(m.Algorithm, m.LeafSize))
}

// Fit stores a copy of X (n×p); y is ignored and may be nil. It returns a
// *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrInvalidData for empty or non-finite X, and estimator.ErrShape when y
// is not nil and its length differs from the rows of X. On error the previous
// model, if any, is kept.
func (m *NearestNeighbors) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	const name = "neighbors.NearestNeighbors"
	if err := m.Validate(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if n, p := x.Dims(); n > math.MaxInt32 || p > math.MaxInt32 {
		return fmt.Errorf("%s: X is %d×%d, too large: %w", name, n, p, estimator.ErrInvalidData)
	}
	t := copyTrain(x)
	t.prepare(m.settings())
	m.fit = &t
	return nil
}

func (m *NearestNeighbors) query(X mat.Matrix) (*mat.Dense, *searcher, error) {
	x, err := query("neighbors.NearestNeighbors", m, m.fit != nil, func() *trainData { return m.fit }, X)
	if err != nil {
		return nil, nil, err
	}
	return x, newSearcher(m.fit, m.settings()), nil
}

// KNeighbors returns the distances (n×k) and training-row indices of the k nearest
// training rows of each row of X, nearest first and ties by index (scikit-learn's
// kneighbors(X, k); a training row queried is its own first neighbour). k = 0 means
// NNeighbors; k must not exceed the number of training samples. It returns
// estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature count,
// estimator.ErrInvalidParam for a bad k, and estimator.ErrInvalidData for empty or
// non-finite X.
func (m *NearestNeighbors) KNeighbors(X mat.Matrix, k int) (*mat.Dense, [][]int, error) {
	x, s, err := m.query(X)
	if err != nil {
		return nil, nil, err
	}
	if k == 0 {
		k = resolveK(m.NNeighbors)
	}
	d, idx, err := kneighborsAll(context.Background(), s, x, k)
	if err != nil {
		return nil, nil, fmt.Errorf("neighbors.NearestNeighbors: %w", err)
	}
	return d, idx, nil
}

// RadiusNeighbors returns, for each row of X, the distances and indices of the
// training rows at distance <= radius, nearest first and ties by index
// (scikit-learn's radius_neighbors(X, radius, sort_results=True)). A negative
// radius means Radius. Errors as for KNeighbors; radius must not be NaN or Inf, and
// more than MaxResults pairs in all is an error wrapping estimator.ErrInvalidData.
func (m *NearestNeighbors) RadiusNeighbors(X mat.Matrix, radius float64) ([][]float64, [][]int, error) {
	const name = "neighbors.NearestNeighbors"
	x, s, err := m.query(X)
	if err != nil {
		return nil, nil, err
	}
	if radius < 0 {
		radius = m.Radius
		if radius == 0 {
			radius = 1
		}
	}
	if math.IsNaN(radius) || math.IsInf(radius, 0) {
		return nil, nil, fmt.Errorf("%s: %w", name, &estimator.ParamError{Param: "radius", Value: radius, Reason: "must be finite"})
	}
	dist, idx, err := radiusAll(context.Background(), s, x, radius)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return dist, idx, nil
}

// radiusAll is the shared RadiusNeighbors body.
func radiusAll(ctx context.Context, s *searcher, x *mat.Dense, radius float64) ([][]float64, [][]int, error) {
	n, _ := x.Dims()
	dist := make([][]float64, n)
	idx := make([][]int, n)
	var total atomicCount
	err := s.eachRadius(ctx, x, radius, false, func(i int, d []float64, ix []int) error {
		if total.add(len(d)) > MaxResults {
			return fmt.Errorf("more than %d neighbours in all; query in batches or with a smaller radius: %w", MaxResults, estimator.ErrInvalidData)
		}
		dist[i], idx[i] = d, ix
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return dist, idx, nil
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (m *NearestNeighbors) MarshalState() ([]byte, error) {
	return estimator.EncodeState(nearestStateVersion, m.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. Training data of inconsistent size or non-finite gives an error
// wrapping estimator.ErrState, and the receiver is unchanged.
func (m *NearestNeighbors) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, nearestStateVersion, &m.fit); err != nil {
		return fmt.Errorf("neighbors.NearestNeighbors: %w", err)
	}
	if m.fit != nil {
		m.fit.prepare(m.settings())
	}
	return nil
}

// String prints the hyperparameters.
func (m *NearestNeighbors) String() string { return estimator.Format(m) }

func (m *NearestNeighbors) settings() settings {
	return settings{m.Algorithm, m.LeafSize, resolveK(m.NNeighbors), resolveMetric(m.Metric, m.P), m.Workers}
}
