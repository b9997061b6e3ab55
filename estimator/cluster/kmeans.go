package cluster

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/gemm"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.Predictor      = (*KMeans)(nil)
	_ estimator.Transformer    = (*KMeans)(nil)
	_ estimator.Validator      = (*KMeans)(nil)
	_ estimator.StateMarshaler = (*KMeans)(nil)
	_ estimator.WeightedFitter = (*KMeans)(nil)
	_ estimator.Iterative      = (*KMeans)(nil)
)

// Limits on the hyperparameters, so that nothing Validate accepts can exhaust memory
// or run unbounded.
const (
	// MaxClusters bounds NClusters.
	MaxClusters = 1 << 24
	// MaxCenterValues bounds NClusters × features (the centres of one run, 128 MiB;
	// a run holds three such matrices, and up to Workers runs go at once).
	MaxCenterValues = 1 << 24
	// MaxNInit bounds NInit.
	MaxNInit = 1 << 12
	// MaxMaxIter bounds MaxIter.
	MaxMaxIter = 1 << 24
	// MaxElkanBounds bounds rows × NClusters for Algorithm "elkan" (its lower
	// bounds, 128 MiB per run; NClusters² is smaller, as NClusters <= rows).
	MaxElkanBounds = 1 << 24
)

// KMeans is k-means clustering (scikit-learn: cluster.KMeans, 1.2.1 semantics). It
// minimises the (weighted) inertia Σᵢ wᵢ ‖xᵢ − c_label(i)‖² by Lloyd's algorithm,
// from NInit initialisations (k-means++ or random), keeping the run of lowest
// inertia.
//
// Predict returns the index of the nearest centre as a float64 label; Transform
// returns the n×NClusters Euclidean distances to the centres.
//
// The zero value is scikit-learn 1.2.1's default KMeans() (n_clusters=8,
// init="k-means++", n_init=10, max_iter=300, tol=1e-4, algorithm="lloyd").
type KMeans struct {
	// NClusters is the number of clusters; 0 means 8, or the rows of InitCenters
	// when those are given. It must be <= the rows of X (checked at Fit), and
	// NClusters × features must be <= MaxCenterValues.
	NClusters int
	// Init is "k-means++" (the default, also "") or "random". Ignored when
	// InitCenters is set.
	Init string
	// InitCenters, when non-nil, are the explicit initial centres (scikit-learn's
	// init=ndarray): one row per cluster (NClusters 0 means len(InitCenters)), each
	// with the features of X. NInit must then be 0 or 1. It is a [][]float64 rather
	// than a *mat.Dense so that Save writes it with the other hyperparameters.
	InitCenters [][]float64
	// NInit is the number of initialisations; 0 means 10 (scikit-learn 1.2's
	// n_init=10), or 1 with InitCenters.
	NInit int
	// MaxIter bounds the Lloyd iterations of each run; 0 means 300.
	MaxIter int
	// Tol is the relative tolerance on the squared centre shift, scaled by the mean
	// of the feature variances of X; 0 means 1e-4. It must be finite and >= 0.
	Tol float64
	// Algorithm is "lloyd" (the default, also "") or "elkan" (Elkan's triangle
	// inequality bounds: the same clustering with fewer distance computations on
	// well-separated data, at the cost of rows × NClusters bounds, at most
	// MaxElkanBounds).
	Algorithm string
	// Seed seeds the initialisations; run r uses its own stream derived from Seed
	// and r, so results do not depend on Workers.
	Seed uint64
	// Workers bounds the goroutines running initialisations concurrently; 0 means
	// GOMAXPROCS. Results are identical for any value.
	Workers int

	fit *kmeansFit // nil until Fit succeeds
}

// kmeansFit is the learned state; fields are exported for gob.
type kmeansFit struct {
	NFeatures int
	NClusters int
	Centers   []float64 // NClusters×NFeatures, row-major
	Labels    []int     // label of each training row
	Inertia   float64
	NIter     int
	Converged bool
}

const kmeansStateVersion = 1

// Check validates decoded state.
func (f *kmeansFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, math.MaxInt32),
		estimator.CheckCount("NClusters", f.NClusters, 1, MaxClusters),
	); err != nil {
		return err
	}
	if f.NClusters > MaxCenterValues/f.NFeatures {
		return fmt.Errorf("NClusters×NFeatures = %d×%d exceeds %d", f.NClusters, f.NFeatures, MaxCenterValues)
	}
	err := estimator.FirstError(
		estimator.CheckLen("Centers", len(f.Centers), f.NClusters*f.NFeatures),
		estimator.CheckFinite("Centers", f.Centers...),
		estimator.CheckIndex("Labels", f.Labels, f.NClusters),
		estimator.CheckFinite("Inertia", f.Inertia),
		estimator.CheckCount("NIter", f.NIter, 1, MaxMaxIter),
	)
	if err == nil && len(f.Labels) == 0 {
		err = fmt.Errorf("Labels is empty")
	}
	if err == nil && f.Inertia < 0 {
		err = fmt.Errorf("Inertia is %v, want >= 0", f.Inertia)
	}
	return err
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (k *KMeans) Validate() error {
	if k.NClusters < 0 || k.NClusters > MaxClusters {
		return &estimator.ParamError{Param: "NClusters", Value: k.NClusters, Reason: fmt.Sprintf("must be in [0, %d] (0 means 8)", MaxClusters)}
	}
	switch k.Init {
	case "", "k-means++", "random":
	default:
		return &estimator.ParamError{Param: "Init", Value: k.Init, Reason: `must be "k-means++" or "random"`}
	}
	if k.NInit < 0 || k.NInit > MaxNInit {
		return &estimator.ParamError{Param: "NInit", Value: k.NInit, Reason: fmt.Sprintf("must be in [0, %d] (0 means 10)", MaxNInit)}
	}
	if k.MaxIter < 0 || k.MaxIter > MaxMaxIter {
		return &estimator.ParamError{Param: "MaxIter", Value: k.MaxIter, Reason: fmt.Sprintf("must be in [0, %d] (0 means 300)", MaxMaxIter)}
	}
	if math.IsNaN(k.Tol) || math.IsInf(k.Tol, 0) || k.Tol < 0 {
		return &estimator.ParamError{Param: "Tol", Value: k.Tol, Reason: "must be finite and >= 0 (0 means 1e-4)"}
	}
	switch k.Algorithm {
	case "", "lloyd":
	case "elkan":
	default:
		return &estimator.ParamError{Param: "Algorithm", Value: k.Algorithm, Reason: `must be "lloyd" or "elkan"`}
	}
	if k.Workers < 0 {
		return &estimator.ParamError{Param: "Workers", Value: k.Workers, Reason: "must be >= 0 (0 means GOMAXPROCS)"}
	}
	if k.InitCenters != nil {
		if k.NInit > 1 {
			return &estimator.ParamError{Param: "NInit", Value: k.NInit, Reason: "must be 0 or 1 with InitCenters"}
		}
		r := len(k.InitCenters)
		if r == 0 || len(k.InitCenters[0]) == 0 {
			return &estimator.ParamError{Param: "InitCenters", Value: k.InitCenters, Reason: "must hold at least one non-empty row"}
		}
		c := len(k.InitCenters[0])
		if r > MaxClusters || r > MaxCenterValues/c {
			return &estimator.ParamError{Param: "InitCenters", Value: fmt.Sprintf("%d×%d", r, c), Reason: fmt.Sprintf("must hold at most %d rows and %d values", MaxClusters, MaxCenterValues)}
		}
		if k.NClusters != 0 && k.NClusters != r {
			return &estimator.ParamError{Param: "InitCenters", Value: fmt.Sprintf("%d×%d", r, c), Reason: fmt.Sprintf("has %d rows for NClusters = %d", r, k.NClusters)}
		}
		for i, row := range k.InitCenters {
			if len(row) != c {
				return &estimator.ParamError{Param: "InitCenters", Value: fmt.Sprintf("row %d has %d values", i, len(row)), Reason: fmt.Sprintf("every row must have %d values", c)}
			}
			for _, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return &estimator.ParamError{Param: "InitCenters", Value: v, Reason: "values must be finite"}
				}
			}
		}
	}
	return nil
}

func (k *KMeans) nClusters() int {
	if k.NClusters != 0 {
		return k.NClusters
	}
	if k.InitCenters != nil {
		return len(k.InitCenters)
	}
	return 8
}

// Fit clusters the rows of X; y is ignored (it may be nil). It returns a
// *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrInvalidData for empty or non-finite X, fewer rows than clusters,
// NClusters × features above MaxCenterValues, or data too extreme for float64 (a
// non-finite inertia), and estimator.ErrShape when InitCenters does not have the
// features of X. It returns ctx.Err() when ctx is done. On error the previous model,
// if any, is kept.
func (k *KMeans) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return k.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; scikit-learn's
// sample_weight). Weights must be finite and >= 0 with a positive sum; a wrong
// length gives estimator.ErrShape. As in scikit-learn 1.2.1, the k-means++ and
// random initialisations ignore the weights.
func (k *KMeans) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const name = "cluster.KMeans: "
	if err := k.Validate(); err != nil {
		return fmt.Errorf("cluster.KMeans: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf(name+"%w", err)
	}
	n, p := x.Dims()
	K := k.nClusters()
	if n < K {
		return fmt.Errorf(name+"X has %d rows, fewer than NClusters = %d: %w", n, K, estimator.ErrInvalidData)
	}
	if K > MaxCenterValues/p {
		return fmt.Errorf(name+"NClusters×features = %d×%d exceeds MaxCenterValues = %d: %w", K, p, MaxCenterValues, estimator.ErrInvalidData)
	}
	if k.Algorithm == "elkan" && n > MaxElkanBounds/K {
		return fmt.Errorf(name+"Algorithm \"elkan\" needs rows×NClusters = %d×%d bounds, more than MaxElkanBounds = %d (use \"lloyd\"): %w", n, K, MaxElkanBounds, estimator.ErrInvalidData)
	}
	if k.InitCenters != nil {
		if c := len(k.InitCenters[0]); c != p {
			return fmt.Errorf(name+"InitCenters has %d columns, X has %d features: %w", c, p, estimator.ErrShape)
		}
	}
	sw := make([]float64, n)
	if w == nil {
		for i := range sw {
			sw[i] = 1
		}
	} else {
		if len(w) != n {
			return fmt.Errorf(name+"X has %d rows but w has %d values: %w", n, len(w), estimator.ErrShape)
		}
		total := 0.0
		for i, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return fmt.Errorf(name+"w[%d] is %v, want a finite value >= 0: %w", i, v, estimator.ErrInvalidData)
			}
			total += v
		}
		if !(total > 0) || math.IsInf(total, 0) {
			return fmt.Errorf(name+"the sample weights sum to %v, want a finite value > 0: %w", total, estimator.ErrInvalidData)
		}
		copy(sw, w)
	}

	// scikit-learn centres a copy of X (and explicit initial centres) on the column
	// means, and adds the means back to the centres at the end.
	xc := make([]float64, n*p)
	mean := make([]float64, p)
	for i := 0; i < n; i++ {
		row := x.RawRowView(i)
		copy(xc[i*p:(i+1)*p], row)
		for j, v := range row {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	// tol × mean of the column variances (numpy.var: mean of squared deviations).
	tol := k.Tol
	if tol == 0 {
		tol = 1e-4
	}
	sq := make([]float64, p)
	for i := 0; i < n; i++ {
		for j, v := range xc[i*p : (i+1)*p] {
			d := v - mean[j]
			sq[j] += d * d
		}
	}
	varSum := 0.0
	for _, s := range sq {
		varSum += s / float64(n)
	}
	tol *= varSum / float64(p)
	for i := 0; i < n; i++ {
		r := xc[i*p : (i+1)*p]
		for j := range r {
			r[j] -= mean[j]
		}
	}
	d := &data{x: xc, w: sw, n: n, p: p}
	d.packed, d.xx = packRows(xc, n, p), rowNorms(xc, n, p)

	nInit := k.NInit
	if nInit == 0 {
		nInit = 10
	}
	if k.InitCenters != nil {
		nInit = 1
	}
	maxIter := k.MaxIter
	if maxIter == 0 {
		maxIter = 300
	}
	// Runs go in parallel when there are enough of them; otherwise each run's
	// E-step does. Either way the result does not depend on the worker count.
	inner := 1
	if nInit < parallel.Workers(k.Workers) {
		inner = k.Workers
	}
	// Runs go in batches of at most Workers, so that at most that many results are
	// held at once; each batch is folded in run order, which keeps the choice
	// independent of the batch size. The first run of strictly lower inertia wins,
	// unless it is the same clustering as the best so far (scikit-learn's
	// _is_same_clustering).
	batch := min(nInit, parallel.Workers(k.Workers))
	runs := make([]*run, batch)
	var best *run
	for start := 0; start < nInit; start += batch {
		cnt := min(batch, nInit-start)
		if err := k.runBatch(ctx, d, runs[:cnt], start, K, maxIter, tol, inner, mean); err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			return fmt.Errorf(name+"%w", err)
		}
		for i, r := range runs[:cnt] {
			if best == nil || (r.inertia < best.inertia && !sameClustering(r.labels, best.labels, K)) {
				best = r
			}
			runs[i] = nil
		}
	}
	for c := 0; c < K; c++ {
		for j := 0; j < p; j++ {
			best.centers[c*p+j] += mean[j]
		}
	}
	f := &kmeansFit{NFeatures: p, NClusters: K, Centers: best.centers, Labels: best.labels,
		Inertia: best.inertia, NIter: best.nIter, Converged: best.converged}
	if err := f.Check(); err != nil {
		return fmt.Errorf(name+"the fitted model is unusable (%v; data too extreme for float64?): %w", err, estimator.ErrInvalidData)
	}
	k.fit = f
	return nil
}

// runBatch runs the initialisations start, start+1, … into runs.
func (k *KMeans) runBatch(ctx context.Context, d *data, runs []*run, start, K, maxIter int, tol float64, inner int, mean []float64) error {
	p := d.p
	return parallel.Run(ctx, len(runs), k.Workers, func(ctx context.Context, i int) error {
		r := start + i
		var c0 []float64
		if k.InitCenters != nil {
			c0 = make([]float64, K*p)
			for c := 0; c < K; c++ {
				for j, v := range k.InitCenters[c] {
					c0[c*p+j] = v - mean[j]
				}
			}
		} else {
			rng := rand.New(rand.NewPCG(k.Seed, uint64(r)))
			if k.Init == "random" {
				c0 = randomInit(d, K, rng)
			} else {
				var err error
				if c0, err = kmeansPlusPlus(ctx, d, K, rng, inner); err != nil {
					return err
				}
			}
		}
		single := lloyd
		if k.Algorithm == "elkan" {
			single = elkan
		}
		res, err := single(ctx, d, c0, K, maxIter, tol, inner)
		if err != nil {
			return err
		}
		runs[i] = res
		return nil
	})
}

type data struct {
	x      []float64 // n×p, centred
	w      []float64
	n, p   int
	packed *packedRows // x packed for products (KMeans.Fit), or nil
	xx     []float64   // the rows' squared norms (KMeans.Fit), or nil
}

// rowNorms returns the squared norms of the n rows of x (n×p).
func rowNorms(x []float64, n, p int) []float64 {
	xx := make([]float64, n)
	for i := range xx {
		r := x[i*p : (i+1)*p]
		xx[i] = dot(r, r)
	}
	return xx
}

func (d *data) row(i int) []float64 { return d.x[i*d.p : (i+1)*d.p] }

type run struct {
	centers   []float64
	labels    []int
	inertia   float64
	nIter     int
	converged bool
}

func sqDist(a, b []float64) float64 {
	s := 0.0
	for j, v := range a {
		t := v - b[j]
		s += t * t
	}
	return s
}

// randomInit is scikit-learn's init="random": the rows of a random permutation's
// first K indices.
func randomInit(d *data, K int, rng *rand.Rand) []float64 {
	perm := rng.Perm(d.n)
	c := make([]float64, K*d.p)
	for i := 0; i < K; i++ {
		copy(c[i*d.p:(i+1)*d.p], d.row(perm[i]))
	}
	return c
}

// kmeansPlusPlus is scikit-learn's greedy k-means++ (_kmeans_plusplus): each new
// centre is the best of 2 + ⌊ln K⌋ candidates sampled with probability proportional
// to the squared distance to the nearest centre chosen so far.
func kmeansPlusPlus(ctx context.Context, d *data, K int, rng *rand.Rand, workers int) ([]float64, error) {
	c, _, err := kmeansPlusPlusIdx(ctx, d, K, rng, workers)
	return c, err
}

// kmeansPlusPlusIdx is kmeansPlusPlus that also returns the chosen rows.
func kmeansPlusPlusIdx(ctx context.Context, d *data, K int, rng *rand.Rand, workers int) ([]float64, []int, error) {
	n, p := d.n, d.p
	grain := 4096
	chunks := parallel.NumChunks(n, grain)
	trials := 2 + int(math.Log(float64(K)))
	centers := make([]float64, K*p)
	first := rng.IntN(n)
	ids := make([]int, K)
	ids[0] = first
	copy(centers[:p], d.row(first))
	closest := make([]float64, n)
	pot := 0.0
	for i := 0; i < n; i++ {
		closest[i] = sqDist(d.row(i), centers[:p])
		pot += closest[i]
	}
	cum := make([]float64, n)
	// The trials' rows are drawn first (the same draws, in the same order, as one
	// at a time); then, up to gemm.TileCols trials per pass over the rows, cand
	// (n × trials, row-major) receives min(closest, distance to each trial's row),
	// the distances expanded as scikit-learn's euclidean_distances: max(0, (−2·x·c +
	// ‖c‖²) + ‖x‖²), with the products of the packed rows, chunk by chunk.
	pr, xx := d.packed, d.xx
	if pr == nil {
		pr, xx = packRows(d.x, n, p), rowNorms(d.x, n, p)
	}
	g0 := min(gemm.TileCols, trials)
	cand := make([]float64, g0*n)
	crow := make([]float64, g0*p)
	cc := make([]float64, g0)
	bestCand := make([]float64, n)
	tid := make([]int, trials)
	for c := 1; c < K; c++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		s := 0.0
		for i, v := range closest {
			s += v
			cum[i] = s
		}
		for t := range tid {
			r := rng.Float64() * pot
			id := sort.SearchFloat64s(cum, r) // numpy.searchsorted, side="left"
			tid[t] = min(id, n-1)
		}
		bestPot, best := math.Inf(1), -1
		for t0 := 0; t0 < trials; t0 += g0 {
			g := min(g0, trials-t0)
			for m := range g {
				r := d.row(tid[t0+m])
				copy(crow[m*p:(m+1)*p], r)
				cc[m] = dot(r, r)
			}
			cb := packCols(crow[:g*p], g, p)
			err := parallel.Run(ctx, chunks, workers, func(_ context.Context, ch int) error {
				lo, hi := ch*grain, min((ch+1)*grain, n)
				pr.products(lo, hi, cb, g, cand[lo*g0:], g0)
				for i := lo; i < hi; i++ {
					ci := cand[i*g0 : i*g0+g]
					for m, v := range ci {
						ci[m] = min(closest[i], max(0, -2*v+cc[m]+xx[i]))
					}
				}
				return nil
			})
			if err != nil {
				return nil, nil, err
			}
			for m := range g {
				cp := 0.0
				for i := m; i < len(cand); i += g0 {
					cp += cand[i]
				}
				if best < 0 || cp < bestPot {
					bestPot, best = cp, t0+m
					for i := range bestCand {
						bestCand[i] = cand[i*g0+m]
					}
				}
			}
		}
		pot = bestPot
		copy(closest, bestCand)
		copy(centers[c*p:(c+1)*p], d.row(tid[best]))
		ids[c] = tid[best]
	}
	return centers, ids, nil
}

// assign is the E-step: the label of each row is the centre minimising
// ‖c‖² − 2x·c (scikit-learn's criterion), the first on ties, computed by labelRows.
func assign(d *data, centers []float64, K int, labels []int) {
	cn := make([]float64, K)
	centerNorms(centers, K, d.p, cn)
	labelRows(d.packed, 0, d.n, packCols(centers, K, d.p), cn, K, labels)
}

// labelBlockRows is the most rows labelRows multiplies at once: 256 (the chunk of
// scikit-learn's _k_means_lloyd), fewer for many centres, so that a block's rows ×
// NClusters products stay within 2¹⁶ values.
func labelBlockRows(K int) int { return max(1, min(256, (1<<16)/K)) }

// labelScratch recycles labelRows' blocks of products.
var labelScratch = sync.Pool{New: func() any { return new([]float64) }}

// labelRows sets labels[i−lo], for the rows lo ≤ i < hi of pr, to the centre
// minimising ‖c‖² − 2x·c, the first on ties, as scikit-learn's _update_chunk_dense;
// cb holds the K centres packed by packCols and cn their squared norms. A row's
// label depends only on the row and the centres, never on how rows are split
// among calls.
func labelRows(pr *packedRows, lo, hi int, cb, cn []float64, K int, labels []int) {
	bs := labelBlockRows(K)
	buf := labelScratch.Get().(*[]float64)
	defer labelScratch.Put(buf)
	if cap(*buf) < bs*K {
		*buf = make([]float64, bs*K)
	}
	dots := (*buf)[:bs*K]
	for l0 := lo; l0 < hi; l0 += bs {
		rows := min(bs, hi-l0)
		pr.products(l0, l0+rows, cb, K, dots, K)
		for i := 0; i < rows; i++ {
			dr := dots[i*K : (i+1)*K]
			best, bestD := 0, cn[0]-2*dr[0]
			for c := 1; c < K; c++ {
				if dd := cn[c] - 2*dr[c]; dd < bestD {
					best, bestD = c, dd
				}
			}
			labels[l0-lo+i] = best
		}
	}
}

func centerNorms(centers []float64, K, p int, cn []float64) {
	for c := 0; c < K; c++ {
		s := 0.0
		for _, v := range centers[c*p : (c+1)*p] {
			s += v * v
		}
		cn[c] = s
	}
}

func nearest(x, centers, cn []float64, K int) int {
	p := len(x)
	best, bestD := 0, 0.0
	// Four centres at a time: four independent running sums, each added in the
	// same order as a single centre's loop, so the values are bit for bit those of
	// one dot product after another, without waiting on one addition chain.
	c := 0
	for ; c+4 <= K; c += 4 {
		c0 := centers[c*p : (c+1)*p]
		c1 := centers[(c+1)*p : (c+2)*p]
		c2 := centers[(c+2)*p : (c+3)*p]
		c3 := centers[(c+3)*p : (c+4)*p]
		var d0, d1, d2, d3 float64
		for j, v := range x {
			d0 += v * c0[j]
			d1 += v * c1[j]
			d2 += v * c2[j]
			d3 += v * c3[j]
		}
		for m, dot := range [4]float64{d0, d1, d2, d3} {
			dd := cn[c+m] - 2*dot
			if c+m == 0 || dd < bestD {
				best, bestD = c+m, dd
			}
		}
	}
	for ; c < K; c++ {
		cc := centers[c*p : (c+1)*p]
		dot := 0.0
		for j, v := range x {
			dot += v * cc[j]
		}
		dd := cn[c] - 2*dot
		if c == 0 || dd < bestD {
			best, bestD = c, dd
		}
	}
	return best
}

// chunking returns the row chunks of the E-step: at most 256 rows each, and few
// enough that their partial centre sums stay within 1<<22 values. The boundaries
// depend only on n, K and p, and the partial sums are combined in chunk order, so
// results do not depend on the number of workers.
func chunking(n, K, p int) (chunks, grain int) {
	chunks = parallel.NumChunks(n, 256)
	chunks = max(1, min(chunks, (1<<22)/(K*p)))
	grain = (n + chunks - 1) / chunks
	return (n + grain - 1) / grain, grain
}

// reducer holds per-chunk partial sums of the M-step.
type reducer struct {
	chunks, grain, K, p, workers int
	partC, partW                 []float64
}

func newReducer(d *data, K, workers int) *reducer {
	chunks, grain := chunking(d.n, K, d.p)
	return &reducer{chunks: chunks, grain: grain, K: K, p: d.p, workers: workers,
		partC: make([]float64, chunks*K*d.p), partW: make([]float64, chunks*K)}
}

// run calls body for each chunk, in parallel, with the chunk's zeroed partial sums.
func (r *reducer) run(ctx context.Context, n int, body func(lo, hi int, pc, pw []float64)) error {
	kp := r.K * r.p
	return parallel.Run(ctx, r.chunks, r.workers, func(_ context.Context, c int) error {
		pc, pw := r.partC[c*kp:(c+1)*kp], r.partW[c*r.K:(c+1)*r.K]
		clear(pc)
		clear(pw)
		lo := c * r.grain
		body(lo, min(lo+r.grain, n), pc, pw)
		return nil
	})
}

// sum adds the partial sums in chunk order into newC and weight.
func (r *reducer) sum(newC, weight []float64) {
	clear(newC)
	clear(weight)
	kp := r.K * r.p
	for c := 0; c < r.chunks; c++ {
		for j, v := range r.partC[c*kp : (c+1)*kp] {
			newC[j] += v
		}
		for j, v := range r.partW[c*r.K : (c+1)*r.K] {
			weight[j] += v
		}
	}
}

// lloyd is scikit-learn's _kmeans_single_lloyd.
func lloyd(ctx context.Context, d *data, c0 []float64, K, maxIter int, tol float64, workers int) (*run, error) {
	n, p := d.n, d.p
	centers := slices.Clone(c0)
	newC := make([]float64, K*p)
	weight := make([]float64, K)
	red := newReducer(d, K, workers)
	cn := make([]float64, K)
	labels := make([]int, n)
	old := make([]int, n)
	for i := range old {
		old[i] = -1
	}
	strict, converged := false, false
	it := 0
	for it = 0; it < maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		centerNorms(centers, K, p, cn)
		cb := packCols(centers, K, p)
		err := red.run(ctx, n, func(lo, hi int, pc, pw []float64) {
			labelRows(d.packed, lo, hi, cb, cn, K, labels[lo:hi])
			for i := lo; i < hi; i++ {
				x := d.row(i)
				l := labels[i]
				wi := d.w[i]
				nc := pc[l*p : (l+1)*p]
				for j, v := range x {
					nc[j] += v * wi
				}
				pw[l] += wi
			}
		})
		if err != nil {
			return nil, err
		}
		red.sum(newC, weight)
		relocateEmpty(d, centers, newC, weight, labels, K)
		for c := 0; c < K; c++ {
			if weight[c] > 0 {
				a := 1 / weight[c]
				nc := newC[c*p : (c+1)*p]
				for j := range nc {
					nc[j] *= a
				}
			}
		}
		shift := 0.0
		for c := 0; c < K; c++ {
			s := math.Sqrt(sqDist(centers[c*p:(c+1)*p], newC[c*p:(c+1)*p]))
			shift += s * s
		}
		centers, newC = newC, centers
		if slices.Equal(labels, old) {
			strict, converged = true, true
			break
		}
		if shift <= tol {
			converged = true
			break
		}
		copy(old, labels)
	}
	nIter := min(it+1, maxIter)
	if !strict {
		assign(d, centers, K, labels) // labels matching the final centres
	}
	inertia := 0.0
	for i := 0; i < n; i++ {
		l := labels[i]
		inertia += sqDist(d.row(i), centers[l*p:(l+1)*p]) * d.w[i]
	}
	return &run{centers: centers, labels: labels, inertia: inertia, nIter: nIter, converged: converged}, nil
}

// relocateEmpty is scikit-learn's _relocate_empty_clusters_dense: each cluster of
// zero weight takes one of the points farthest from their centres.
func relocateEmpty(d *data, old, newC, weight []float64, labels []int, K int) {
	var empty []int
	for c := 0; c < K; c++ {
		if weight[c] == 0 {
			empty = append(empty, c)
		}
	}
	if len(empty) == 0 {
		return
	}
	p := d.p
	dist := make([]float64, d.n)
	idx := make([]int, d.n)
	for i := range dist {
		l := labels[i]
		dist[i] = sqDist(d.row(i), old[l*p:(l+1)*p])
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return dist[idx[a]] > dist[idx[b]] })
	for e, c := range empty {
		far := idx[e]
		wf := d.w[far]
		oc := labels[far]
		xr := d.row(far)
		for j, v := range xr {
			newC[oc*p+j] -= v * wf
			newC[c*p+j] = v * wf
		}
		weight[c] = wf
		weight[oc] -= wf
	}
}

// sameClustering reports whether two labelings are equal up to a permutation.
func sameClustering(a, b []int, K int) bool {
	m := make([]int, K)
	for i := range m {
		m[i] = -1
	}
	for i := range a {
		if m[a[i]] == -1 {
			m[a[i]] = b[i]
		} else if m[a[i]] != b[i] {
			return false
		}
	}
	return true
}

func (k *KMeans) checkPredict(X mat.Matrix) (*mat.Dense, error) {
	if k.fit == nil {
		return nil, fmt.Errorf("cluster.KMeans: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, k.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("cluster.KMeans: %w", err)
	}
	return x, nil
}

// Predict returns the index of the nearest centre of each row of X, as a float64
// (scikit-learn's predict). It returns estimator.ErrNotFitted before Fit,
// estimator.ErrShape for a wrong feature count and estimator.ErrInvalidData for
// empty or non-finite X.
func (k *KMeans) Predict(X mat.Matrix) ([]float64, error) {
	x, err := k.checkPredict(X)
	if err != nil {
		return nil, err
	}
	f := k.fit
	n, p := x.Dims()
	K := f.NClusters
	cn := make([]float64, K)
	for c := 0; c < K; c++ {
		for _, v := range f.Centers[c*p : (c+1)*p] {
			cn[c] += v * v
		}
	}
	out := make([]float64, n)
	labels := make([]int, min(n, labelBlockRows(K)))
	cb := packCols(f.Centers, K, p)
	rows := make([]float64, 0, len(labels)*p) // a block of X's rows, contiguous
	for lo := 0; lo < n; lo += len(labels) {
		hi := min(lo+len(labels), n)
		rows = rows[:0]
		for i := lo; i < hi; i++ {
			rows = append(rows, x.RawRowView(i)...)
		}
		labelRows(packRows(rows, hi-lo, p), 0, hi-lo, cb, cn, K, labels)
		for i := lo; i < hi; i++ {
			out[i] = float64(labels[i-lo])
		}
	}
	return out, nil
}

// Transform returns the n×NClusters Euclidean distances from each row of X to each
// centre (scikit-learn's transform). Errors as for Predict, and ErrInvalidData when
// the output would hold more than estimator.MaxCopyElements values.
func (k *KMeans) Transform(X mat.Matrix) (*mat.Dense, error) {
	x, err := k.checkPredict(X)
	if err != nil {
		return nil, err
	}
	f := k.fit
	n, p := x.Dims()
	K := f.NClusters
	if n > estimator.MaxCopyElements/K {
		return nil, fmt.Errorf("cluster.KMeans: the distances of %d rows to %d centres exceed %d values: %w", n, K, estimator.MaxCopyElements, estimator.ErrInvalidData)
	}
	out := mat.NewDense(n, K, nil)
	for i := 0; i < n; i++ {
		xr := x.RawRowView(i)
		o := out.RawRowView(i)
		for c := 0; c < K; c++ {
			o[c] = math.Sqrt(sqDist(xr, f.Centers[c*p:(c+1)*p]))
		}
	}
	return out, nil
}

// FitPredict fits the model and returns the labels of the training rows
// (scikit-learn's fit_predict). Errors as for Fit.
func (k *KMeans) FitPredict(ctx context.Context, X mat.Matrix, y []float64) ([]float64, error) {
	if err := k.Fit(ctx, X, y); err != nil {
		return nil, err
	}
	return k.Labels(), nil
}

// FitTransform fits the model and returns Transform(X) (scikit-learn's
// fit_transform). Errors as for Fit and Transform.
func (k *KMeans) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	if err := k.Fit(ctx, X, y); err != nil {
		return nil, err
	}
	return k.Transform(X)
}

// ClusterCenters returns a copy of the NClusters×features centres (scikit-learn's
// cluster_centers_), or nil before Fit.
func (k *KMeans) ClusterCenters() *mat.Dense {
	if k.fit == nil {
		return nil
	}
	return mat.NewDense(k.fit.NClusters, k.fit.NFeatures, slices.Clone(k.fit.Centers))
}

// Labels returns a copy of the labels of the training rows (scikit-learn's
// labels_), or nil before Fit.
func (k *KMeans) Labels() []float64 {
	if k.fit == nil {
		return nil
	}
	out := make([]float64, len(k.fit.Labels))
	for i, l := range k.fit.Labels {
		out[i] = float64(l)
	}
	return out
}

// Inertia returns the weighted sum of squared distances of the training rows to
// their centres (scikit-learn's inertia_), or 0 before Fit.
func (k *KMeans) Inertia() float64 {
	if k.fit == nil {
		return 0
	}
	return k.fit.Inertia
}

// NIter returns the Lloyd iterations of the best run (scikit-learn's n_iter_), or 0
// before Fit.
func (k *KMeans) NIter() int {
	if k.fit == nil {
		return 0
	}
	return k.fit.NIter
}

// Converged reports whether the best run stopped before MaxIter (labels unchanged
// or the centre shift within the tolerance); false before Fit.
func (k *KMeans) Converged() bool {
	return k.fit != nil && k.fit.Converged
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (k *KMeans) MarshalState() ([]byte, error) {
	return estimator.EncodeState(kmeansStateVersion, k.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, sizes out of range or inconsistent,
// non-finite centres, labels out of range or a negative inertia give an error
// wrapping estimator.ErrState, and the receiver is unchanged.
func (k *KMeans) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, kmeansStateVersion, &k.fit); err != nil {
		return fmt.Errorf("cluster.KMeans: %w", err)
	}
	return nil
}

// String prints the hyperparameters.
func (k *KMeans) String() string { return estimator.Format(k) }
