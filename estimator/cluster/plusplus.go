package cluster

import (
	"context"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// KMeansPlusPlus picks nClusters rows of X as initial centres by greedy k-means++
// (scikit-learn: cluster.kmeans_plusplus): the first row uniformly, then each next
// centre as the best of 2 + ⌊ln nClusters⌋ candidates drawn with probability
// proportional to the squared distance to the nearest centre so far. It returns the
// centres (nClusters×features) and their row indices. The random numbers come from
// Go's PCG seeded by seed, not numpy's. It returns an error wrapping
// estimator.ErrInvalidData for empty or non-finite X or fewer rows than
// nClusters, a *estimator.ParamError for nClusters out of [1, MaxClusters], and
// ctx.Err() when ctx is done.
func KMeansPlusPlus(ctx context.Context, X mat.Matrix, nClusters int, seed uint64) (*mat.Dense, []int, error) {
	const name = "cluster.KMeansPlusPlus: "
	if nClusters < 1 || nClusters > MaxClusters {
		return nil, nil, fmt.Errorf(name+"%w", &estimator.ParamError{Param: "nClusters", Value: nClusters, Reason: fmt.Sprintf("must be in [1, %d]", MaxClusters)})
	}
	x, err := estimator.CheckX(X)
	if err != nil {
		return nil, nil, fmt.Errorf(name+"%w", err)
	}
	n, p := x.Dims()
	if n < nClusters {
		return nil, nil, fmt.Errorf(name+"X has %d rows, fewer than nClusters = %d: %w", n, nClusters, estimator.ErrInvalidData)
	}
	if nClusters > MaxCenterValues/p {
		return nil, nil, fmt.Errorf(name+"nClusters×features = %d×%d exceeds MaxCenterValues = %d: %w", nClusters, p, MaxCenterValues, estimator.ErrInvalidData)
	}
	d := &data{x: make([]float64, 0, n*p), n: n, p: p}
	for i := 0; i < n; i++ {
		d.x = append(d.x, x.RawRowView(i)...)
	}
	c, ids, err := kmeansPlusPlusIdx(ctx, d, nClusters, rand.New(rand.NewPCG(seed, 0)), 1)
	if err != nil {
		return nil, nil, err
	}
	return mat.NewDense(nClusters, p, c), ids, nil
}
