package cluster

import (
	"context"
	"math"
	"slices"
)

// halfDistances returns the K×K centre distances halved and, for each centre, the
// half distance to its nearest other centre (scikit-learn's center_half_distances
// and distance_next_center).
func halfDistances(centers []float64, K, p int, half, next []float64) {
	for a := 0; a < K; a++ {
		half[a*K+a] = 0
		for b := a + 1; b < K; b++ {
			v := math.Sqrt(sqDist(centers[a*p:(a+1)*p], centers[b*p:(b+1)*p])) / 2
			half[a*K+b], half[b*K+a] = v, v
		}
	}
	for a := 0; a < K; a++ {
		m := math.Inf(1)
		for b := 0; b < K; b++ {
			if b != a {
				m = min(m, half[a*K+b])
			}
		}
		if K == 1 {
			m = 0
		}
		next[a] = m
	}
}

// elkan is scikit-learn's _kmeans_single_elkan: Lloyd's iterations with Elkan's
// upper and lower distance bounds, which skip distance computations that the
// triangle inequality proves useless.
func elkan(ctx context.Context, d *data, c0 []float64, K, maxIter int, tol float64, workers int) (*run, error) {
	n, p := d.n, d.p
	centers := slices.Clone(c0)
	newC := make([]float64, K*p)
	weight := make([]float64, K)
	labels := make([]int, n)
	old := make([]int, n)
	for i := range old {
		old[i] = -1
	}
	half := make([]float64, K*K)
	next := make([]float64, K)
	shift := make([]float64, K)
	upper := make([]float64, n)
	lower := make([]float64, n*K)
	halfDistances(centers, K, p, half, next)
	red := newReducer(d, K, workers)

	// init_bounds_dense
	for i := 0; i < n; i++ {
		x := d.row(i)
		best := 0
		md := math.Sqrt(sqDist(x, centers[:p]))
		lower[i*K] = md
		for j := 1; j < K; j++ {
			if md > half[best*K+j] {
				dist := math.Sqrt(sqDist(x, centers[j*p:(j+1)*p]))
				lower[i*K+j] = dist
				if dist < md {
					md, best = dist, j
				}
			}
		}
		labels[i] = best
		upper[i] = md
	}

	iter := func(centersOld, centersNew []float64, update bool) error {
		err := red.run(ctx, n, func(lo, hi int, pc, pw []float64) {
			for i := lo; i < hi; i++ {
				x := d.row(i)
				ub := upper[i]
				tight := false
				label := labels[i]
				if !(next[label] >= ub) {
					for j := 0; j < K; j++ {
						if j != label && ub > lower[i*K+j] && ub > half[label*K+j] {
							if !tight {
								ub = math.Sqrt(sqDist(x, centersOld[label*p:(label+1)*p]))
								lower[i*K+label] = ub
								tight = true
							}
							if ub > lower[i*K+j] || ub > half[label*K+j] {
								dist := math.Sqrt(sqDist(x, centersOld[j*p:(j+1)*p]))
								lower[i*K+j] = dist
								if dist < ub {
									label, ub = j, dist
								}
							}
						}
					}
					labels[i] = label
					upper[i] = ub
				}
				if update {
					wi := d.w[i]
					pw[label] += wi
					nc := pc[label*p : (label+1)*p]
					for j, v := range x {
						nc[j] += v * wi
					}
				}
			}
		})
		if err != nil || !update {
			return err
		}
		red.sum(centersNew, weight)
		relocateEmpty(d, centersOld, centersNew, weight, labels, K)
		for c := 0; c < K; c++ {
			if weight[c] > 0 {
				a := 1 / weight[c]
				nc := centersNew[c*p : (c+1)*p]
				for j := range nc {
					nc[j] *= a
				}
			}
		}
		for c := 0; c < K; c++ {
			shift[c] = math.Sqrt(sqDist(centersOld[c*p:(c+1)*p], centersNew[c*p:(c+1)*p]))
		}
		for i := 0; i < n; i++ {
			upper[i] += shift[labels[i]]
			lb := lower[i*K : (i+1)*K]
			for j := range lb {
				lb[j] -= shift[j]
				if lb[j] < 0 {
					lb[j] = 0
				}
			}
		}
		return nil
	}

	strict, converged := false, false
	it := 0
	for it = 0; it < maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := iter(centers, newC, true); err != nil {
			return nil, err
		}
		halfDistances(newC, K, p, half, next)
		centers, newC = newC, centers
		if slices.Equal(labels, old) {
			strict, converged = true, true
			break
		}
		tot := 0.0
		for _, s := range shift {
			tot += s * s
		}
		if tot <= tol {
			converged = true
			break
		}
		copy(old, labels)
	}
	nIter := min(it+1, maxIter)
	if !strict {
		if err := iter(centers, centers, false); err != nil {
			return nil, err
		}
	}
	inertia := 0.0
	for i := 0; i < n; i++ {
		l := labels[i]
		inertia += sqDist(d.row(i), centers[l*p:(l+1)*p]) * d.w[i]
	}
	return &run{centers: centers, labels: labels, inertia: inertia, nIter: nIter, converged: converged}, nil
}
