package preprocess

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Transformer        = (*KBinsDiscretizer)(nil)
	_ estimator.FitTransformer     = (*KBinsDiscretizer)(nil)
	_ estimator.InverseTransformer = (*KBinsDiscretizer)(nil)
	_ estimator.Validator          = (*KBinsDiscretizer)(nil)
	_ estimator.StateMarshaler     = (*KBinsDiscretizer)(nil)
	_ estimator.FeatureNamer       = (*KBinsDiscretizer)(nil)
)

// KBinsEncode says how KBinsDiscretizer encodes bin indices.
type KBinsEncode string

// Encodings accepted by KBinsDiscretizer.
const (
	// KBinsOneHotDense (the zero value) writes one 0/1 column per bin of each feature.
	// scikit-learn's default "onehot" returns a sparse matrix; skgo has no sparse
	// matrices, so "onehot" is accepted as a synonym of "onehot-dense".
	KBinsOneHotDense KBinsEncode = "onehot-dense"
	KBinsOneHot      KBinsEncode = "onehot"
	// KBinsOrdinal writes the bin index (0, 1, ...) of each feature.
	KBinsOrdinal KBinsEncode = "ordinal"
)

// KBinsStrategy says how KBinsDiscretizer places bin edges.
type KBinsStrategy string

// Strategies accepted by KBinsDiscretizer.
const (
	// KBinsQuantile (the zero value "" or "quantile"): edges at equally spaced
	// percentiles (numpy linear interpolation), so bins hold about as many points.
	KBinsQuantile KBinsStrategy = "quantile"
	// KBinsUniform: equally wide bins between each feature's min and max.
	KBinsUniform KBinsStrategy = "uniform"
	// KBinsKMeans: edges halfway between the sorted centres of a 1-D k-means
	// (Lloyd, initialised at the centres of the uniform bins, as scikit-learn does).
	KBinsKMeans KBinsStrategy = "kmeans"
)

// KBinsDiscretizer bins continuous features into intervals (scikit-learn:
// preprocessing.KBinsDiscretizer). Output is dense (see [KBinsOneHotDense]).
//
// As in scikit-learn 1.2, a constant feature gets a single bin (edges −Inf, +Inf) and
// transforms to 0, and with the quantile and kmeans strategies bins narrower than 1e-8
// are removed, so a feature may end with fewer bins than NBins (scikit-learn warns;
// see NBinsOut). A feature whose bins all collapse (a range of at most 1e-8) keeps one
// bin [min, max]. NBins is bounded by KBinsMaxBins.
// Values outside the fitted range fall in the first or last bin. The random
// subsampling option (subsample) is not implemented: all rows are used.
type KBinsDiscretizer struct {
	// NBins is the number of bins per feature; 0 means 5 (scikit-learn's default).
	// Values 1 or below zero are invalid, and so are values above KBinsMaxBins. The
	// kmeans strategy also needs at least NBins rows (as scikit-learn's KMeans does).
	NBins int
	// Encode is "onehot-dense" (the zero value), "onehot" (same) or "ordinal".
	Encode KBinsEncode
	// Strategy is "quantile" (the zero value), "uniform" or "kmeans".
	Strategy KBinsStrategy

	fit *kbinsFit
}

type kbinsFit struct {
	// InNames are the column names of the training matrix when it has them
	// (estimator.Columns, such as a Frame); nil otherwise.
	InNames   []string
	NFeatures int
	Edges     [][]float64 // per feature, NBinsOut[j]+1 increasing edges
}

// KBinsMaxBins is the largest NBins that KBinsDiscretizer accepts (2¹⁶): bin edges,
// one-hot widths and the kmeans strategy's work grow with it. Transform also refuses
// an output of more than 2³⁰ values.
const KBinsMaxBins = 1 << 16

const (
	kbinsMaxBins   = KBinsMaxBins
	kbinsMaxValues = 1 << 30
)

func (k *KBinsDiscretizer) nBins() int {
	if k.NBins == 0 {
		return 5
	}
	return k.NBins
}

func (k *KBinsDiscretizer) ordinal() bool { return k.Encode == KBinsOrdinal }

// Validate checks NBins, Encode and Strategy.
func (k *KBinsDiscretizer) Validate() error {
	if k.NBins < 0 || k.NBins == 1 || k.NBins > KBinsMaxBins {
		return &estimator.ParamError{Param: "NBins", Value: k.NBins, Reason: fmt.Sprintf("must be in [2, %d] (0 means 5)", KBinsMaxBins)}
	}
	switch k.Encode {
	case "", KBinsOneHotDense, KBinsOneHot, KBinsOrdinal:
	default:
		return &estimator.ParamError{Param: "Encode", Value: k.Encode, Reason: `must be "onehot-dense", "onehot" or "ordinal"`}
	}
	switch k.Strategy {
	case "", KBinsQuantile, KBinsUniform, KBinsKMeans:
	default:
		return &estimator.ParamError{Param: "Strategy", Value: k.Strategy, Reason: `must be "quantile", "uniform" or "kmeans"`}
	}
	return nil
}

// Fit computes the bin edges of every feature. y is ignored (nil allowed).
func (k *KBinsDiscretizer) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "KBinsDiscretizer", k, X, y)
	if err != nil {
		return err
	}
	f, err := k.compute(ctx, x)
	if err != nil {
		return err
	}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("KBinsDiscretizer", f); err != nil {
		return err
	}
	k.fit = f
	return nil
}

func (k *KBinsDiscretizer) compute(ctx context.Context, x *mat.Dense) (*kbinsFit, error) {
	n, c := x.Dims()
	f := &kbinsFit{NFeatures: c, Edges: make([][]float64, c)}
	nb := k.nBins()
	if k.Strategy == KBinsKMeans && n < nb {
		return nil, fmt.Errorf("preprocess.KBinsDiscretizer: the kmeans strategy needs at least NBins = %d rows, got %d: %w", nb, n, estimator.ErrInvalidData)
	}
	for j := 0; j < c; j++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		col := scaleColumn(x, j)
		sorted := slices.Clone(col)
		slices.Sort(sorted)
		lo, hi := sorted[0], sorted[len(sorted)-1]
		if lo == hi {
			f.Edges[j] = []float64{math.Inf(-1), math.Inf(1)}
			continue
		}
		var edges []float64
		switch k.Strategy {
		case KBinsUniform:
			edges = kbinsLinspace(lo, hi, nb+1)
		case KBinsKMeans:
			uni := kbinsLinspace(lo, hi, nb+1)
			init := make([]float64, nb)
			for b := range init {
				init[b] = (uni[b+1] + uni[b]) * 0.5
			}
			centers, err := kbinsKMeans1D(ctx, col, init)
			if err != nil {
				return nil, err
			}
			slices.Sort(centers)
			edges = make([]float64, 0, nb+1)
			edges = append(edges, lo)
			for b := 1; b < nb; b++ {
				edges = append(edges, (centers[b]+centers[b-1])*0.5)
			}
			edges = append(edges, hi)
		default:
			edges = make([]float64, nb+1)
			qs := kbinsLinspace(0, 100, nb+1)
			for b, q := range qs {
				edges[b] = scalePercentile(sorted, q)
			}
		}
		// Drop bins of width <= 1e-8 (np.ediff1d(edges, to_begin=inf) > 1e-8) as
		// scikit-learn does for quantile and kmeans; uniform bins only lose those of
		// zero width (a range narrower than NBins ulps).
		minWidth := 1e-8
		if k.Strategy == KBinsUniform {
			minWidth = 0
		}
		kept := edges[:1]
		for b := 1; b < len(edges); b++ {
			if edges[b]-edges[b-1] > minWidth {
				kept = append(kept, edges[b])
			}
		}
		edges = kept
		if len(edges) < 2 {
			// Every bin collapsed (a range of at most 1e-8): one bin over the range,
			// so the feature transforms to 0, like a constant one.
			edges = []float64{lo, hi}
		}
		f.Edges[j] = edges
	}
	return f, nil
}

// kbinsLinspace is numpy.linspace(start, stop, num) with the endpoint.
func kbinsLinspace(start, stop float64, num int) []float64 {
	out := make([]float64, num)
	step := (stop - start) / float64(num-1)
	for i := range out {
		out[i] = float64(i)*step + start
	}
	out[num-1] = stop
	return out
}

// kbinsKMeans1D runs Lloyd's algorithm on the values x from the given initial
// centres, as scikit-learn 1.2's KMeans(n_init=1, init=init, algorithm="lloyd")
// does, down to its floating-point details, because the uniform initial centres sit
// exactly halfway between round data values and ties must break the same way: the
// data and centres are centred on the mean, distances are computed as
// c² − 2·x·c, the first closest centre wins, sums are accumulated in chunks of 256
// samples, and the loop stops after 300 iterations, when the labels no longer
// change, or when the squared centre shift is at most 1e-4 times the variance of x.
// Empty clusters are moved to the points farthest from their centres.
func kbinsKMeans1D(ctx context.Context, x, init []float64) ([]float64, error) {
	n, k := len(x), len(init)
	mean := kbinsPairwiseSum(x) / float64(n)
	xc := make([]float64, n)
	dev := make([]float64, n)
	for i, v := range x {
		xc[i] = v - mean
		dev[i] = xc[i] * xc[i]
	}
	tol := kbinsPairwiseSum(dev) / float64(n) * 1e-4

	centers := make([]float64, k)
	for c, v := range init {
		centers[c] = v - mean
	}
	labels := make([]int, n)
	old := make([]int, n)
	for i := range old {
		old[i] = -1
	}
	assign := func() {
		for i, v := range xc {
			best, bd := 0, 0.0
			for c, m := range centers {
				d := m*m + (-2)*(v*m)
				if c == 0 || d < bd {
					best, bd = c, d
				}
			}
			labels[i] = best
		}
	}
	const chunk = 256
	sums := make([]float64, k)
	part := make([]float64, k)
	counts := make([]float64, k)
	next := make([]float64, k)
	for iter := 0; iter < 300; iter++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		assign()
		clear(sums)
		clear(counts)
		for lo := 0; lo < n; lo += chunk {
			clear(part)
			for i := lo; i < min(lo+chunk, n); i++ {
				part[labels[i]] += xc[i]
				counts[labels[i]]++
			}
			for c := range sums {
				sums[c] += part[c]
			}
		}
		// Relocate empty clusters (scikit-learn's _relocate_empty_clusters_dense).
		var empty []int
		for c := range counts {
			if counts[c] == 0 {
				empty = append(empty, c)
			}
		}
		if len(empty) > 0 {
			far := make([]int, n)
			for i := range far {
				far[i] = i
			}
			dist := func(i int) float64 { d := xc[i] - centers[labels[i]]; return d * d }
			sort.SliceStable(far, func(a, b int) bool { return dist(far[a]) > dist(far[b]) })
			for e, c := range empty {
				if e >= n {
					break
				}
				i := far[e]
				oldC := labels[i]
				sums[oldC] -= xc[i]
				counts[oldC]--
				sums[c], counts[c] = xc[i], 1
			}
		}
		shift := 0.0
		for c := range centers {
			next[c] = sums[c]
			if counts[c] > 0 {
				next[c] = sums[c] / counts[c]
			}
			shift += (next[c] - centers[c]) * (next[c] - centers[c])
		}
		copy(centers, next)
		if slices.Equal(labels, old) {
			break
		}
		if shift <= tol {
			break
		}
		copy(old, labels)
	}
	for c := range centers {
		centers[c] += mean
	}
	return centers, nil
}

// kbinsPairwiseSum sums a like numpy's pairwise summation (blocks of 128, eight
// accumulators), so means agree with numpy to the last bit.
func kbinsPairwiseSum(a []float64) float64 {
	n := len(a)
	switch {
	case n < 8:
		res := 0.0
		for _, v := range a {
			res += v
		}
		return res
	case n <= 128:
		var r [8]float64
		copy(r[:], a[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += a[i+j]
			}
		}
		res := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			res += a[i]
		}
		return res
	default:
		n2 := n / 2
		n2 -= n2 % 8
		return kbinsPairwiseSum(a[:n2]) + kbinsPairwiseSum(a[n2:])
	}
}

// FitTransform fits on X and returns the encoded bins.
func (k *KBinsDiscretizer) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	x, err := scaleCheckFit(ctx, "KBinsDiscretizer", k, X, y)
	if err != nil {
		return nil, err
	}
	f, err := k.compute(ctx, x)
	if err != nil {
		return nil, err
	}
	out, err := k.apply(f, x)
	if err != nil {
		return nil, err
	}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("KBinsDiscretizer", f); err != nil {
		return nil, err
	}
	k.fit = f
	return out, nil
}

func (k *KBinsDiscretizer) nf() int {
	if k.fit == nil {
		return 0
	}
	return k.fit.NFeatures
}

// Transform returns the bin of each value: its index (ordinal) or one 0/1 column
// per bin (one-hot, Σ NBinsOut() columns). It returns ErrNotFitted before Fit,
// ErrShape on a wrong feature count and ErrInvalidData for empty or non-finite X.
func (k *KBinsDiscretizer) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := k.fit
	x, err := scaleCheckTransform("KBinsDiscretizer", f != nil, X, k.nf())
	if err != nil {
		return nil, err
	}
	return k.apply(f, x)
}

func (k *KBinsDiscretizer) apply(f *kbinsFit, x *mat.Dense) (*mat.Dense, error) {
	r, c := x.Dims()
	if k.ordinal() {
		return scaleMap(x, func(v float64, j int) float64 { return float64(kbinsBin(f.Edges[j], v)) }), nil
	}
	offsets := make([]int, c+1)
	for j, e := range f.Edges {
		offsets[j+1] = offsets[j] + len(e) - 1
	}
	if offsets[c] > kbinsMaxValues/r {
		return nil, fmt.Errorf("preprocess.KBinsDiscretizer: a one-hot output of %d×%d is more than %d values; use the ordinal encoding: %w",
			r, offsets[c], kbinsMaxValues, estimator.ErrInvalidData)
	}
	out := mat.NewDense(r, offsets[c], nil)
	for i := 0; i < r; i++ {
		dst := out.RawRowView(i)
		for j, v := range x.RawRowView(i) {
			dst[offsets[j]+kbinsBin(f.Edges[j], v)] = 1
		}
	}
	return out, nil
}

// kbinsBin is np.searchsorted(edges[1:-1], v, side="right").
func kbinsBin(edges []float64, v float64) int {
	inner := edges[1 : len(edges)-1]
	return sort.Search(len(inner), func(i int) bool { return inner[i] > v })
}

// InverseTransform maps bins back to the centres of the bins (an error wrapping
// ErrInvalidData for a feature that was constant at fit: scikit-learn returns NaN
// there). For one-hot input,
// each feature's block must have a positive entry (its largest one is taken); for
// ordinal input, values must be valid bin indices. Otherwise it returns
// ErrInvalidData.
func (k *KBinsDiscretizer) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	f := k.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.KBinsDiscretizer: %w", estimator.ErrNotFitted)
	}
	want := f.NFeatures
	if !k.ordinal() {
		want = 0
		for _, e := range f.Edges {
			want += len(e) - 1
		}
	}
	x, err := estimator.CheckPredict(X, want)
	if err != nil {
		return nil, fmt.Errorf("preprocess.KBinsDiscretizer: %w", err)
	}
	r, _ := x.Dims()
	out := mat.NewDense(r, f.NFeatures, nil)
	for i := 0; i < r; i++ {
		row := x.RawRowView(i)
		dst := out.RawRowView(i)
		off := 0
		for j, e := range f.Edges {
			nb := len(e) - 1
			var b int
			if k.ordinal() {
				v := row[j]
				if !(v >= 0 && v < float64(nb)) { // compared as floats: int(1e300) is undefined
					b = -1
				} else {
					b = int(v)
				}
				if b < 0 {
					return nil, fmt.Errorf("preprocess.KBinsDiscretizer: X[%d, %d] = %v is not a bin of feature %d (0..%d): %w",
						i, j, v, j, nb-1, estimator.ErrInvalidData)
				}
			} else {
				block := row[off : off+nb]
				b = 0
				for t, v := range block {
					if v > block[b] {
						b = t
					}
				}
				if !(block[b] > 0) {
					return nil, fmt.Errorf("preprocess.KBinsDiscretizer: row %d has no bin set for feature %d: %w", i, j, estimator.ErrInvalidData)
				}
				off += nb
			}
			centre := (e[b+1] + e[b]) * 0.5
			if math.IsNaN(centre) || math.IsInf(centre, 0) {
				return nil, fmt.Errorf("preprocess.KBinsDiscretizer: feature %d was constant at fit; its single bin (-Inf, +Inf) has no centre: %w",
					j, estimator.ErrInvalidData)
			}
			dst[j] = centre
		}
	}
	return out, nil
}

// BinEdges returns a copy of each feature's bin edges (bin_edges_), or nil before Fit.
func (k *KBinsDiscretizer) BinEdges() [][]float64 {
	if k.fit == nil {
		return nil
	}
	out := make([][]float64, len(k.fit.Edges))
	for j, e := range k.fit.Edges {
		out[j] = slices.Clone(e)
	}
	return out
}

// NBinsOut returns the number of bins of each feature after Fit (n_bins_), or nil.
func (k *KBinsDiscretizer) NBinsOut() []int {
	if k.fit == nil {
		return nil
	}
	out := make([]int, len(k.fit.Edges))
	for j, e := range k.fit.Edges {
		out[j] = len(e) - 1
	}
	return out
}

// FeatureNamesOut returns the input names for ordinal encoding and, for one-hot
// encoding, "name_bin.0" ("x0_0.0", "x0_1.0", ...: scikit-learn formats the bin codes
// as floats). Names default to those of the training matrix, then "x0", "x1", ....
// It returns nil before Fit or when len(in) differs from the number of features.
func (k *KBinsDiscretizer) FeatureNamesOut(in []string) []string {
	if k.fit == nil || (in != nil && len(in) != k.fit.NFeatures) {
		return nil
	}
	names := scaleNames(scaleDefaultNames(in, k.fit.InNames), k.fit.NFeatures)
	if k.ordinal() {
		return names
	}
	var out []string
	for j, e := range k.fit.Edges {
		for b := 0; b < len(e)-1; b++ {
			out = append(out, fmt.Sprintf("%s_%d.0", names[j], b))
		}
	}
	return out
}

// MarshalState encodes the learned state (nil before Fit).
func (k *KBinsDiscretizer) MarshalState() ([]byte, error) {
	return estimator.EncodeState(kbinsStateVersion, k.fit)
}

// UnmarshalState restores state written by MarshalState.
func (k *KBinsDiscretizer) UnmarshalState(b []byte) error {
	var f *kbinsFit
	if err := estimator.DecodeState(b, kbinsStateVersion, &f); err != nil {
		return stateWrap("KBinsDiscretizer", err)
	}
	if f != nil {
		if err := k.checkState(f); err != nil {
			return stateErr("KBinsDiscretizer", err)
		}
	}
	k.fit = f
	return nil
}

// checkState checks that no feature has more than NBins bins.
func (k *KBinsDiscretizer) checkState(f *kbinsFit) error {
	for j, e := range f.Edges {
		if len(e)-1 > k.nBins() {
			return fmt.Errorf("feature %d has %d bins, NBins is %d", j, len(e)-1, k.nBins())
		}
	}
	return nil
}
