package metrics

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

// This file holds the clustering metrics that judge a labeling of data X without a
// ground truth (scikit-learn's sklearn/metrics/cluster/_unsupervised.py). X is n×d
// (n×n distances for the "precomputed" metric); labels has one label per row.
// They panic on a length mismatch (len(labels) ≠ rows of a usable X) and on an
// unknown metric, and return NaN where scikit-learn raises ValueError: an unusable X
// (nil, empty, NaN or Inf values, a panicking At), a NaN label, fewer than 2 or more
// than n−1 distinct labels, and for "precomputed" a matrix that is not square, has a
// negative entry or a diagonal entry larger than 100·2⁻⁵² in magnitude.

// Distance metrics accepted by [SilhouetteSamples] and [SilhouetteScore]
// (scikit-learn's metric names; "l2" is "euclidean", "l1" and "cityblock" are
// "manhattan").
const (
	Euclidean   = "euclidean"
	SqEuclidean = "sqeuclidean"
	Manhattan   = "manhattan"
	Chebyshev   = "chebyshev"
	Cosine      = "cosine"
	Precomputed = "precomputed"
)

// distanceFunc returns the distance between rows i and j of x for metric.
func distanceFunc(x *mat.Dense, metric string) func(i, j int) float64 {
	r, _ := x.Dims()
	rows := make([][]float64, r)
	for i := range rows {
		rows[i] = x.RawRowView(i)
	}
	raw := func(i int) []float64 { return rows[i] }
	switch metric {
	case "", Euclidean, "l2":
		return func(i, j int) float64 {
			a, b := raw(i), raw(j)
			var s float64
			for k, v := range a {
				d := v - b[k]
				s += d * d
			}
			return math.Sqrt(s)
		}
	case SqEuclidean:
		return func(i, j int) float64 {
			a, b := raw(i), raw(j)
			var s float64
			for k, v := range a {
				d := v - b[k]
				s += d * d
			}
			return s
		}
	case Manhattan, "cityblock", "l1":
		return func(i, j int) float64 {
			a, b := raw(i), raw(j)
			var s float64
			for k, v := range a {
				s += math.Abs(v - b[k])
			}
			return s
		}
	case Chebyshev:
		return func(i, j int) float64 {
			a, b := raw(i), raw(j)
			var s float64
			for k, v := range a {
				s = max(s, math.Abs(v-b[k]))
			}
			return s
		}
	case Cosine:
		// scikit-learn normalises the rows (a zero row stays zero), then
		// 1 − x̂·ŷ clipped to [0, 2].
		_, c := x.Dims()
		norm := mat.NewDense(r, c, nil)
		for i := range r {
			row := raw(i)
			var s float64
			for _, v := range row {
				s += v * v
			}
			s = math.Sqrt(s)
			if s == 0 {
				s = 1
			}
			out := norm.RawRowView(i)
			for k, v := range row {
				out[k] = v / s
			}
		}
		return func(i, j int) float64 {
			a, b := norm.RawRowView(i), norm.RawRowView(j)
			var s float64
			for k, v := range a {
				s += v * b[k]
			}
			return min(max(1-s, 0), 2)
		}
	case Precomputed:
		return func(i, j int) float64 { return rows[i][j] }
	}
	return nil
}

func mustMetric(metric string) {
	if distanceFunc(mat.NewDense(1, 1, nil), metric) == nil {
		panic(fmt.Sprintf("metrics: unknown distance metric %q (want euclidean, sqeuclidean, manhattan, chebyshev, cosine or precomputed)", metric))
	}
}

// clusterData validates X and labels for the internal clustering metrics: X as a
// dense matrix, the label codes, the cluster sizes.
func clusterData(X mat.Matrix, labels []float64, metric string) (*mat.Dense, []int, []int, error) {
	r, _, err := estimator.Dims(X)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("metrics: %w", err)
	}
	if r != len(labels) {
		panic(lengthMismatch)
	}
	x, err := estimator.CheckX(X)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("metrics: %w", err)
	}
	uniq, code, err := encodeLabels(labels)
	if err != nil {
		return nil, nil, nil, err
	}
	if !(1 < len(uniq) && len(uniq) < len(labels)) {
		return nil, nil, nil, fmt.Errorf("%w, got %d labels for %d samples", errOneCluster, len(uniq), len(labels))
	}
	if metric == Precomputed {
		n, c := x.Dims()
		if n != c {
			return nil, nil, nil, fmt.Errorf("metrics: a precomputed distance matrix must be square, got %d×%d", n, c)
		}
		for i := range n {
			for j, v := range x.RawRowView(i) {
				if v < 0 {
					return nil, nil, nil, errors.New("metrics: negative value in the precomputed distance matrix")
				}
				if i == j && math.Abs(v) > 100*0x1p-52 {
					return nil, nil, nil, errors.New("metrics: the precomputed distance matrix has non-zero elements on the diagonal")
				}
			}
		}
	}
	freq := make([]int, len(uniq))
	for _, c := range code {
		freq[c]++
	}
	return x, code, freq, nil
}

// SilhouetteSamples returns the silhouette coefficient of each sample
// (scikit-learn silhouette_samples): (b − a) / max(a, b), where a is the mean distance
// from the sample to the other members of its cluster and b the smallest mean
// distance to the members of another cluster. A sample alone in its cluster (and a
// sample with a = b = 0) scores 0. metric is one of [Euclidean] (or ""),
// [SqEuclidean], [Manhattan], [Chebyshev], [Cosine] or [Precomputed] (X is then the
// n×n distance matrix).
//
// Euclidean distances are computed as √Σ(xᵢ − yᵢ)², so a point's distance to a
// duplicate is exactly 0 (scikit-learn expands ‖x‖² − 2x·y + ‖y‖², which can round
// differently between near-duplicate points). Rows are processed in parallel chunks holding one running sum per
// cluster, so memory is O(n + workers·clusters), never n×n, and the time is O(n²·d).
//
// It panics on a length mismatch or an unknown metric, and returns nil where the
// result is undefined (see the package notes above: an unusable X, a NaN label,
// fewer than 2 or more than n−1 clusters, a bad precomputed matrix).
func SilhouetteSamples(X mat.Matrix, labels []float64, metric string) []float64 {
	mustMetric(metric)
	s, err := silhouetteSamples(X, labels, metric)
	if err != nil {
		return nil
	}
	return s
}

func silhouetteSamples(X mat.Matrix, labels []float64, metric string) ([]float64, error) {
	x, code, freq, err := clusterData(X, labels, metric)
	if err != nil {
		return nil, err
	}
	dist := distanceFunc(x, metric)
	n, k := len(code), len(freq)
	out := make([]float64, n)
	const grain = 32
	err = parallel.Chunks(n, grain, func(_, lo, hi int) {
		sums := make([]float64, k)
		buf := rowPool.Get().(*[]float64)
		defer rowPool.Put(buf)
		if cap(*buf) < n {
			*buf = make([]float64, n)
		}
		row := (*buf)[:n]
		for i := lo; i < hi; i++ {
			clear(sums)
			if !euclideanRow(x, metric, i, row) {
				for j := range n {
					row[j] = dist(i, j)
				}
			}
			for j, d := range row {
				sums[code[j]] += d
			}
			ci := code[i]
			intra := sums[ci] / float64(freq[ci]-1)
			inter := math.Inf(1)
			for c, s := range sums {
				if c != ci {
					inter = min(inter, s/float64(freq[c]))
				}
			}
			v := (inter - intra) / math.Max(intra, inter)
			if math.IsNaN(v) {
				v = 0
			}
			out[i] = v
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// rowPool recycles the per-chunk distance rows of the silhouette (n floats each), so
// live memory stays O(workers·n).
var rowPool = sync.Pool{New: func() any { return new([]float64) }}

// euclideanRow fills out with the euclidean distances from row i of x to every row,
// without a call per pair, and reports whether metric is euclidean.
func euclideanRow(x *mat.Dense, metric string, i int, out []float64) bool {
	if metric != "" && metric != Euclidean && metric != "l2" {
		return false
	}
	raw := x.RawMatrix()
	d, stride := raw.Cols, raw.Stride
	a := raw.Data[i*stride : i*stride+d]
	for j := range out {
		b := raw.Data[j*stride : j*stride+d]
		b = b[:len(a)]
		// Four partial sums for instruction-level parallelism.
		var s0, s1, s2, s3 float64
		k := 0
		for ; k+4 <= len(a); k += 4 {
			t0, t1, t2, t3 := a[k]-b[k], a[k+1]-b[k+1], a[k+2]-b[k+2], a[k+3]-b[k+3]
			s0 += t0 * t0
			s1 += t1 * t1
			s2 += t2 * t2
			s3 += t3 * t3
		}
		for ; k < len(a); k++ {
			t := a[k] - b[k]
			s0 += t * t
		}
		out[j] = math.Sqrt((s0 + s1) + (s2 + s3))
	}
	return true
}

// SilhouetteScore returns the mean of [SilhouetteSamples] over all samples
// (scikit-learn silhouette_score with sample_size=None): from −1 (wrong clusters) to 1
// (dense, well separated clusters). It panics on a length mismatch or an unknown
// metric, and returns NaN where SilhouetteSamples returns nil; in particular a single
// cluster gives NaN (scikit-learn raises ValueError).
func SilhouetteScore(X mat.Matrix, labels []float64, metric string) float64 {
	mustMetric(metric)
	s, err := silhouetteSamples(X, labels, metric)
	if err != nil {
		return math.NaN()
	}
	return average(s, nil)
}

// SilhouetteScoreSample returns the [SilhouetteScore] of a random subset of
// sampleSize samples (all of them, in random order, when sampleSize ≥ n), drawn
// without replacement from a PCG generator seeded with seed (scikit-learn
// silhouette_score with sample_size and random_state; NumPy's generator draws a
// different subset for the same seed). With metric [Precomputed] the rows and columns
// of the subset are used. It panics as SilhouetteScore does and returns NaN where it
// does, and also for sampleSize < 1.
func SilhouetteScoreSample(X mat.Matrix, labels []float64, metric string, sampleSize int, seed uint64) float64 {
	mustMetric(metric)
	r, _, err := estimator.Dims(X)
	if err != nil {
		return math.NaN()
	}
	if r != len(labels) {
		panic(lengthMismatch)
	}
	x, err := estimator.CheckX(X)
	if err != nil {
		return math.NaN()
	}
	n, d := x.Dims()
	if sampleSize < 1 {
		return math.NaN()
	}
	idx := rand.New(rand.NewPCG(seed, 0)).Perm(n)
	idx = idx[:min(sampleSize, n)]
	m := len(idx)
	lab := make([]float64, m)
	var sub *mat.Dense
	if metric == Precomputed {
		if n != d {
			return math.NaN()
		}
		sub = mat.NewDense(m, m, nil)
		for a, i := range idx {
			row := x.RawRowView(i)
			out := sub.RawRowView(a)
			for b, j := range idx {
				out[b] = row[j]
			}
		}
	} else {
		sub = mat.NewDense(m, d, nil)
		for a, i := range idx {
			sub.SetRow(a, x.RawRowView(i))
		}
	}
	for a, i := range idx {
		lab[a] = labels[i]
	}
	return SilhouetteScore(sub, lab, metric)
}

// CalinskiHarabaszScore returns the variance ratio criterion (scikit-learn
// calinski_harabasz_score): the between-cluster dispersion over the within-cluster
// dispersion, times (n − k) / (k − 1) for k clusters; 1 when the within-cluster
// dispersion is zero. Higher is better. It panics on a length mismatch and returns
// NaN for an unusable X, a NaN label, or fewer than 2 or more than n−1 clusters.
func CalinskiHarabaszScore(X mat.Matrix, labels []float64) float64 {
	x, code, freq, err := clusterData(X, labels, Euclidean)
	if err != nil {
		return math.NaN()
	}
	n, d := x.Dims()
	k := len(freq)
	mean := make([]float64, d)
	for i := range n {
		for j, v := range x.RawRowView(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	centroids := clusterMeans(x, code, freq)
	var extra, intra float64
	for c := range k {
		var s float64
		for j, v := range centroids[c] {
			dv := v - mean[j]
			s += dv * dv
		}
		extra += float64(freq[c]) * s
	}
	for i := range n {
		cen := centroids[code[i]]
		for j, v := range x.RawRowView(i) {
			dv := v - cen[j]
			intra += dv * dv
		}
	}
	if intra == 0 {
		return 1
	}
	return extra * float64(n-k) / (intra * (float64(k) - 1))
}

// clusterMeans returns the mean of each cluster's rows.
func clusterMeans(x *mat.Dense, code, freq []int) [][]float64 {
	_, d := x.Dims()
	cen := make([][]float64, len(freq))
	for c := range cen {
		cen[c] = make([]float64, d)
	}
	for i, c := range code {
		for j, v := range x.RawRowView(i) {
			cen[c][j] += v
		}
	}
	for c, f := range freq {
		for j := range cen[c] {
			cen[c][j] /= float64(f)
		}
	}
	return cen
}

// DaviesBouldinScore returns the Davies-Bouldin index (scikit-learn
// davies_bouldin_score): the mean over clusters of the largest ratio
// (sᵢ + sⱼ) / dᵢⱼ, where sᵢ is the mean euclidean distance of cluster i's members to
// its centroid and dᵢⱼ the distance between centroids. Lower is better, 0 the
// minimum (also returned when all sᵢ or all dᵢⱼ are within 1e−8 of zero); two
// clusters with the same centroid are ignored in each other's ratio. It panics on a
// length mismatch and returns NaN for an unusable X, a NaN label, or fewer than 2 or
// more than n−1 clusters.
func DaviesBouldinScore(X mat.Matrix, labels []float64) float64 {
	x, code, freq, err := clusterData(X, labels, Euclidean)
	if err != nil {
		return math.NaN()
	}
	k := len(freq)
	cen := clusterMeans(x, code, freq)
	eucl := func(a, b []float64) float64 {
		var s float64
		for j, v := range a {
			dv := v - b[j]
			s += dv * dv
		}
		return math.Sqrt(s)
	}
	intra := make([]float64, k)
	for i, c := range code {
		intra[c] += eucl(x.RawRowView(i), cen[c])
	}
	allClose := func(v []float64) bool {
		for _, a := range v {
			if !(math.Abs(a) <= 1e-8) {
				return false
			}
		}
		return true
	}
	for c, f := range freq {
		intra[c] /= float64(f)
	}
	cd := make([]float64, k*k)
	for a := range k {
		for b := range k {
			if a != b {
				cd[a*k+b] = eucl(cen[a], cen[b])
			}
		}
	}
	if allClose(intra) || allClose(cd) {
		return 0
	}
	var total float64
	for a := range k {
		best := math.Inf(-1)
		for b := range k {
			d := cd[a*k+b]
			if d == 0 {
				d = math.Inf(1)
			}
			best = max(best, (intra[a]+intra[b])/d)
		}
		total += best
	}
	return total / float64(k)
}
