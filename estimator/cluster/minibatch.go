package cluster

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.Predictor      = (*MiniBatchKMeans)(nil)
	_ estimator.Transformer    = (*MiniBatchKMeans)(nil)
	_ estimator.Validator      = (*MiniBatchKMeans)(nil)
	_ estimator.StateMarshaler = (*MiniBatchKMeans)(nil)
	_ estimator.WeightedFitter = (*MiniBatchKMeans)(nil)
	_ estimator.Iterative      = (*MiniBatchKMeans)(nil)
)

// MaxBatchSize bounds MiniBatchKMeans's BatchSize and InitSize.
const MaxBatchSize = 1 << 24

// MiniBatchKMeans is k-means on random mini-batches (scikit-learn:
// cluster.MiniBatchKMeans, 1.2.1 semantics): each step draws BatchSize rows with
// replacement, assigns them to their nearest centre, and moves each centre to the
// weighted mean of everything it has been assigned so far (a per-centre learning
// rate of batch weight / accumulated weight). Centres whose accumulated weight falls
// below ReassignmentRatio × the largest are moved to random rows of the batch (when
// a centre is empty, or after 10 × NClusters rows since the last reassignment).
// Fitting stops after MaxIter passes over the data (⌊MaxIter·n/BatchSize⌋ steps),
// when the squared centre change is within the tolerance (only with Tol > 0), or
// when the exponentially weighted batch inertia has not improved for
// MaxNoImprovement steps.
//
// The initial centres are the best of NInit initialisations, each run on InitSize
// random rows and scored on another InitSize random rows. Random numbers come from
// Go's PCG, not numpy's, so the steps differ from scikit-learn's for the same seed;
// the inertia is comparable (tested within a few per cent of scikit-learn's on
// blobs and digits). Labels() and Inertia() are those of the final centres over all
// of X (compute_labels=True).
//
// Predict returns the index of the nearest centre as a float64 label; Transform
// returns the n×NClusters Euclidean distances to the centres. The zero value is
// scikit-learn 1.2.1's default MiniBatchKMeans() (n_clusters=8, init="k-means++",
// max_iter=100, batch_size=1024, tol=0, max_no_improvement=10, init_size=3 ×
// batch_size, n_init=3, reassignment_ratio=0.01).
type MiniBatchKMeans struct {
	// NClusters is the number of clusters; 0 means 8, or the rows of InitCenters
	// when those are given. Bounds as for KMeans.
	NClusters int
	// Init is "k-means++" (the default, also "") or "random"; ignored with
	// InitCenters.
	Init string
	// InitCenters, when non-nil, are the explicit initial centres, one row per
	// cluster (scikit-learn's init=ndarray); NInit must then be 0 or 1.
	InitCenters [][]float64
	// MaxIter bounds the passes over the data; 0 means 100.
	MaxIter int
	// BatchSize is the rows of each mini-batch (at most the rows of X); 0 means
	// 1024, at most MaxBatchSize.
	BatchSize int
	// Tol stops fitting when the summed squared centre change of one step is within
	// Tol × the mean feature variance; 0 (the default) disables it.
	Tol float64
	// MaxNoImprovement stops fitting after this many steps without an improvement
	// of the smoothed batch inertia; 0 means 10, and a negative value disables it
	// (scikit-learn's None).
	MaxNoImprovement int
	// InitSize is the rows each initialisation sees; 0 means 3 × BatchSize (at
	// least 3 × NClusters), at most the rows of X and MaxBatchSize.
	InitSize int
	// NInit is the number of initialisations; 0 means 3 (scikit-learn 1.2's
	// n_init="warn"), or 1 with InitCenters.
	NInit int
	// ReassignmentRatio is the fraction of the largest accumulated centre weight
	// below which a centre is reassigned; 0 means 0.01. It must be finite and >= 0.
	ReassignmentRatio float64
	// NoReassignment disables the reassignment of small centres (scikit-learn's
	// reassignment_ratio=0).
	NoReassignment bool
	// Seed seeds the random numbers; the results do not depend on Workers.
	Seed uint64
	// Workers bounds the goroutines of the final labelling; 0 means GOMAXPROCS.
	Workers int

	fit *mbkFit // nil until Fit or PartialFit succeeds
}

// mbkFit is the learned state; fields are exported for gob.
type mbkFit struct {
	NFeatures     int
	NClusters     int
	Centers       []float64 // NClusters×NFeatures
	Counts        []float64 // accumulated weight of each centre
	Labels        []int     // of the rows of the last Fit or PartialFit
	Inertia       float64
	NIter         int
	NSteps        int
	Converged     bool
	BatchSize     int // the effective batch size (PartialFit's reassignment clock)
	SinceReassign int
}

const mbkStateVersion = 1

// Check validates decoded state.
func (f *mbkFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, math.MaxInt32),
		estimator.CheckCount("NClusters", f.NClusters, 1, MaxClusters),
		estimator.CheckCount("BatchSize", f.BatchSize, 1, MaxBatchSize),
		estimator.CheckCount("SinceReassign", f.SinceReassign, 0, math.MaxInt32),
		estimator.CheckCount("NSteps", f.NSteps, 1, math.MaxInt32),
		estimator.CheckCount("NIter", f.NIter, 0, math.MaxInt32),
		estimator.CheckCount("len(Labels)", len(f.Labels), 1, math.MaxInt32),
	); err != nil {
		return err
	}
	if f.NClusters > MaxCenterValues/f.NFeatures {
		return fmt.Errorf("NClusters×NFeatures = %d×%d exceeds %d", f.NClusters, f.NFeatures, MaxCenterValues)
	}
	if err := estimator.FirstError(
		estimator.CheckLen("Centers", len(f.Centers), f.NClusters*f.NFeatures),
		estimator.CheckFinite("Centers", f.Centers...),
		estimator.CheckLen("Counts", len(f.Counts), f.NClusters),
		estimator.CheckFinite("Counts", f.Counts...),
		estimator.CheckIndex("Labels", f.Labels, f.NClusters),
		estimator.CheckFinite("Inertia", f.Inertia),
	); err != nil {
		return err
	}
	for c, v := range f.Counts {
		if v < 0 {
			return fmt.Errorf("Counts[%d] = %v, want >= 0", c, v)
		}
	}
	if f.Inertia < 0 {
		return fmt.Errorf("Inertia is %v, want >= 0", f.Inertia)
	}
	return nil
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (m *MiniBatchKMeans) Validate() error {
	if m.NInit < 0 || m.NInit > MaxNInit {
		return &estimator.ParamError{Param: "NInit", Value: m.NInit, Reason: fmt.Sprintf("must be in [0, %d] (0 means 3)", MaxNInit)}
	}
	if m.InitCenters != nil && m.NInit > 1 {
		return &estimator.ParamError{Param: "NInit", Value: m.NInit, Reason: "must be 0 or 1 with InitCenters"}
	}
	km := &KMeans{NClusters: m.NClusters, Init: m.Init, InitCenters: m.InitCenters, Workers: m.Workers}
	if err := km.Validate(); err != nil {
		return err
	}
	if m.MaxIter < 0 || m.MaxIter > MaxMaxIter {
		return &estimator.ParamError{Param: "MaxIter", Value: m.MaxIter, Reason: fmt.Sprintf("must be in [0, %d] (0 means 100)", MaxMaxIter)}
	}
	if m.BatchSize < 0 || m.BatchSize > MaxBatchSize {
		return &estimator.ParamError{Param: "BatchSize", Value: m.BatchSize, Reason: fmt.Sprintf("must be in [0, %d] (0 means 1024)", MaxBatchSize)}
	}
	if m.InitSize < 0 || m.InitSize > MaxBatchSize {
		return &estimator.ParamError{Param: "InitSize", Value: m.InitSize, Reason: fmt.Sprintf("must be in [0, %d] (0 means 3 × BatchSize)", MaxBatchSize)}
	}
	if math.IsNaN(m.Tol) || math.IsInf(m.Tol, 0) || m.Tol < 0 {
		return &estimator.ParamError{Param: "Tol", Value: m.Tol, Reason: "must be finite and >= 0"}
	}
	if math.IsNaN(m.ReassignmentRatio) || math.IsInf(m.ReassignmentRatio, 0) || m.ReassignmentRatio < 0 {
		return &estimator.ParamError{Param: "ReassignmentRatio", Value: m.ReassignmentRatio, Reason: "must be finite and >= 0 (0 means 0.01)"}
	}
	return nil
}

func (m *MiniBatchKMeans) nClusters() int {
	return (&KMeans{NClusters: m.NClusters, InitCenters: m.InitCenters}).nClusters()
}

func (m *MiniBatchKMeans) ratio() float64 {
	switch {
	case m.NoReassignment:
		return 0
	case m.ReassignmentRatio == 0:
		return 0.01
	}
	return m.ReassignmentRatio
}

// checkInput validates the hyperparameters, X and w against each other and returns
// the checked X and the weights (all ones for nil w).
func (m *MiniBatchKMeans) checkInput(name string, X mat.Matrix, y, w []float64) (*mat.Dense, []float64, error) {
	if err := m.Validate(); err != nil {
		return nil, nil, fmt.Errorf(name+"%w", err)
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return nil, nil, fmt.Errorf(name+"%w", err)
	}
	n, p := x.Dims()
	K := m.nClusters()
	if K > MaxCenterValues/p {
		return nil, nil, fmt.Errorf(name+"NClusters×features = %d×%d exceeds MaxCenterValues = %d: %w", K, p, MaxCenterValues, estimator.ErrInvalidData)
	}
	if m.InitCenters != nil && len(m.InitCenters[0]) != p {
		return nil, nil, fmt.Errorf(name+"InitCenters has %d columns, X has %d features: %w", len(m.InitCenters[0]), p, estimator.ErrShape)
	}
	sw := make([]float64, n)
	if w == nil {
		for i := range sw {
			sw[i] = 1
		}
		return x, sw, nil
	}
	if len(w) != n {
		return nil, nil, fmt.Errorf(name+"X has %d rows but w has %d values: %w", n, len(w), estimator.ErrShape)
	}
	total := 0.0
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return nil, nil, fmt.Errorf(name+"w[%d] is %v, want a finite value >= 0: %w", i, v, estimator.ErrInvalidData)
		}
		total += v
	}
	if !(total > 0) || math.IsInf(total, 0) {
		return nil, nil, fmt.Errorf(name+"the sample weights sum to %v, want a finite value > 0: %w", total, estimator.ErrInvalidData)
	}
	copy(sw, w)
	return x, sw, nil
}

// sizes returns scikit-learn's _batch_size and _init_size for n rows.
func (m *MiniBatchKMeans) sizes(n, K int) (batch, initSize int) {
	batch = m.BatchSize
	if batch == 0 {
		batch = 1024
	}
	batch = min(batch, n)
	initSize = m.InitSize
	if initSize == 0 {
		initSize = 3 * batch
	}
	if initSize < K {
		initSize = 3 * K
	}
	return batch, min(initSize, n)
}

// initCenters returns one initialisation: InitCenters, or k-means++ / random on
// initSize random rows of x (all rows when initSize >= n).
func (m *MiniBatchKMeans) initCenters(ctx context.Context, x *mat.Dense, K, initSize int, rng *rand.Rand) ([]float64, error) {
	n, p := x.Dims()
	if m.InitCenters != nil {
		c := make([]float64, 0, K*p)
		for _, r := range m.InitCenters {
			c = append(c, r...)
		}
		return c, nil
	}
	rows := n
	if initSize < n {
		rows = initSize
	}
	d := &data{x: make([]float64, 0, rows*p), n: rows, p: p}
	for i := 0; i < rows; i++ {
		j := i
		if initSize < n {
			j = rng.IntN(n)
		}
		d.x = append(d.x, x.RawRowView(j)...)
	}
	if m.Init == "random" {
		return randomInit(d, K, rng), nil
	}
	return kmeansPlusPlus(ctx, d, K, rng, 1)
}

// labelsInertia assigns rows (given by row(i), weights w) to the nearest centre
// and returns the weighted inertia; chunks go in parallel and their partial
// inertias are added in chunk order.
func labelsInertia(ctx context.Context, n int, row func(i int) []float64, w, centers []float64, K, workers int, labels []int) (float64, error) {
	p := len(centers) / K
	cn := make([]float64, K)
	centerNorms(centers, K, p, cn)
	const grain = 1024
	chunks := parallel.NumChunks(n, grain)
	part := make([]float64, chunks)
	err := parallel.Run(ctx, chunks, workers, func(_ context.Context, c int) error {
		s := 0.0
		for i := c * grain; i < min((c+1)*grain, n); i++ {
			x := row(i)
			l := nearest(x, centers, cn, K)
			labels[i] = l
			s += sqDist(x, centers[l*p:(l+1)*p]) * w[i]
		}
		part[c] = s
		return nil
	})
	total := 0.0
	for _, v := range part {
		total += v
	}
	return total, err
}

// mbkState is the evolving state of one fit.
type mbkState struct {
	K, p, batch   int
	ratio         float64
	centers, next []float64
	counts        []float64
	sinceReassign int
}

// randomReassign is scikit-learn's _random_reassign: the clock advances by one
// batch, and a reassignment is due when a centre is empty or 10 × K rows passed.
func (s *mbkState) randomReassign() bool {
	s.sinceReassign += s.batch
	if slices.Contains(s.counts, 0) || s.sinceReassign >= 10*s.K {
		s.sinceReassign = 0
		return true
	}
	return false
}

// step is scikit-learn's _mini_batch_step on the nb rows row(0..nb−1) with weights
// w: it writes the new centres into s.next (s.centers is unchanged) and returns the
// batch inertia before the update.
func (s *mbkState) step(nb int, row func(i int) []float64, w []float64, labels []int, reassign bool, rng *rand.Rand) float64 {
	K, p := s.K, s.p
	inertia, _ := labelsInertia(context.Background(), nb, row, w, s.centers, K, 1, labels)
	wsum := make([]float64, K)
	for i := 0; i < nb; i++ {
		wsum[labels[i]] += w[i]
	}
	for c := 0; c < K; c++ {
		old, nc := s.centers[c*p:(c+1)*p], s.next[c*p:(c+1)*p]
		if wsum[c] > 0 {
			for j, v := range old {
				nc[j] = v * s.counts[c]
			}
		} else {
			copy(nc, old)
		}
	}
	for i := 0; i < nb; i++ {
		c := labels[i]
		if wsum[c] > 0 {
			nc := s.next[c*p : (c+1)*p]
			for j, v := range row(i) {
				nc[j] += v * w[i]
			}
		}
	}
	for c := 0; c < K; c++ {
		if wsum[c] > 0 {
			s.counts[c] += wsum[c]
			a := 1 / s.counts[c]
			nc := s.next[c*p : (c+1)*p]
			for j := range nc {
				nc[j] *= a
			}
		}
	}
	if !reassign || s.ratio <= 0 {
		return inertia
	}
	maxW := slices.Max(s.counts)
	var to []int
	for c, v := range s.counts {
		if v < s.ratio*maxW {
			to = append(to, c)
		}
	}
	if len(to) > nb/2 {
		// keep only the int(0.5 × nb) lightest centres
		order := make([]int, K)
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return s.counts[order[a]] < s.counts[order[b]] })
		keep := map[int]bool{}
		for _, c := range order[:nb/2] {
			keep[c] = true
		}
		to = slices.DeleteFunc(to, func(c int) bool { return !keep[c] })
	}
	if len(to) == 0 {
		return inertia
	}
	picks := rng.Perm(nb)[:len(to)]
	minW := math.Inf(1)
	isTo := make([]bool, K)
	for _, c := range to {
		isTo[c] = true
	}
	for c, v := range s.counts {
		if !isTo[c] {
			minW = math.Min(minW, v)
		}
	}
	for i, c := range to {
		copy(s.next[c*p:(c+1)*p], row(picks[i]))
		s.counts[c] = minW
	}
	return inertia
}

// Fit clusters the rows of X; y is ignored (it may be nil). It returns a
// *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrInvalidData for empty or non-finite X, fewer rows than clusters, or
// data too extreme for float64, estimator.ErrShape when InitCenters does not have
// the features of X, and ctx.Err() when ctx is done. On error the previous model, if
// any, is kept.
func (m *MiniBatchKMeans) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return m.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; scikit-learn's
// sample_weight), finite and >= 0 with a positive sum. As in scikit-learn, the
// initialisations ignore the weights, but scoring them does not.
func (m *MiniBatchKMeans) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const name = "cluster.MiniBatchKMeans: "
	if err := ctx.Err(); err != nil {
		return err
	}
	x, sw, err := m.checkInput(name, X, y, w)
	if err != nil {
		return err
	}
	n, p := x.Dims()
	K := m.nClusters()
	if n < K {
		return fmt.Errorf(name+"X has %d rows, fewer than NClusters = %d: %w", n, K, estimator.ErrInvalidData)
	}
	batch, initSize := m.sizes(n, K)
	tol := 0.0
	if m.Tol > 0 {
		mean := make([]float64, p)
		for i := 0; i < n; i++ {
			for j, v := range x.RawRowView(i) {
				mean[j] += v
			}
		}
		for j := range mean {
			mean[j] /= float64(n)
		}
		vs := 0.0
		for i := 0; i < n; i++ {
			for j, v := range x.RawRowView(i) {
				d := v - mean[j]
				vs += d * d
			}
		}
		tol = m.Tol * vs / float64(n) / float64(p)
	}
	rng := rand.New(rand.NewPCG(m.Seed, 0))
	valid := make([]int, initSize)
	vw := make([]float64, initSize)
	for i := range valid {
		valid[i] = rng.IntN(n)
		vw[i] = sw[valid[i]]
	}
	nInit := m.NInit
	if nInit == 0 {
		nInit = 3
	}
	if m.InitCenters != nil {
		nInit = 1
	}
	var best []float64
	bestInertia := 0.0
	vlabels := make([]int, initSize)
	for r := 0; r < nInit; r++ {
		c, err := m.initCenters(ctx, x, K, initSize, rand.New(rand.NewPCG(m.Seed, uint64(r)+1)))
		if err != nil {
			return err
		}
		in, err := labelsInertia(ctx, initSize, func(i int) []float64 { return x.RawRowView(valid[i]) }, vw, c, K, m.Workers, vlabels)
		if err != nil {
			return err
		}
		if best == nil || in < bestInertia {
			best, bestInertia = c, in
		}
	}
	s := &mbkState{K: K, p: p, batch: batch, ratio: m.ratio(), centers: best, next: make([]float64, K*p), counts: make([]float64, K)}
	maxIter := m.MaxIter
	if maxIter == 0 {
		maxIter = 100
	}
	maxNoImp := m.MaxNoImprovement
	if maxNoImp == 0 {
		maxNoImp = 10
	}
	nSteps := int(min(int64(maxIter)*int64(n)/int64(batch), math.MaxInt32))
	idx := make([]int, batch)
	bw := make([]float64, batch)
	blabels := make([]int, batch)
	row := func(i int) []float64 { return x.RawRowView(idx[i]) }
	var ewa, ewaMin float64
	haveEWA, haveMin := false, false
	noImp := 0
	converged := false
	i := 0
	for i = 0; i < nSteps; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		for b := range idx {
			idx[b] = rng.IntN(n)
			bw[b] = sw[idx[b]]
		}
		bi := s.step(batch, row, bw, blabels, s.randomReassign(), rng)
		diff := 0.0
		if tol > 0 {
			diff = sqDistAll(s.next, s.centers)
		}
		s.centers, s.next = s.next, s.centers
		// scikit-learn's _mini_batch_convergence
		bi /= float64(batch)
		if i == 0 {
			continue
		}
		if !haveEWA {
			ewa, haveEWA = bi, true
		} else {
			alpha := math.Min(float64(batch)*2/float64(n+1), 1)
			ewa = ewa*(1-alpha) + bi*alpha
		}
		if tol > 0 && diff <= tol {
			converged = true
			break
		}
		if !haveMin || ewa < ewaMin {
			noImp, ewaMin, haveMin = 0, ewa, true
		} else {
			noImp++
		}
		if maxNoImp > 0 && noImp >= maxNoImp {
			converged = true
			break
		}
	}
	steps := min(i+1, nSteps) // nSteps >= 1, as BatchSize <= n
	labels := make([]int, n)
	inertia, err := labelsInertia(ctx, n, x.RawRowView, sw, s.centers, K, m.Workers, labels)
	if err != nil {
		return err
	}
	f := &mbkFit{NFeatures: p, NClusters: K, Centers: s.centers, Counts: s.counts, Labels: labels, Inertia: inertia,
		NSteps: steps, NIter: int((int64(steps)*int64(batch) + int64(n) - 1) / int64(n)), Converged: converged,
		BatchSize: batch, SinceReassign: s.sinceReassign}
	if err := f.Check(); err != nil {
		return fmt.Errorf(name+"the fitted model is unusable (%v; data too extreme for float64?): %w", err, estimator.ErrInvalidData)
	}
	m.fit = f
	return nil
}

func sqDistAll(a, b []float64) float64 {
	s := 0.0
	for j, v := range a {
		d := v - b[j]
		s += d * d
	}
	return s
}

// PartialFit updates the model with one mini-batch step on all rows of X
// (scikit-learn's partial_fit): the first call (or the first after an unfitted
// state) initialises the centres from X, which must then have at least NClusters
// rows. Labels() and Inertia() are then those of X. The random numbers of step s
// come from a stream derived from Seed and s, so a sequence of calls is
// reproducible. Errors as for Fit, and estimator.ErrShape when X does not have the
// features of the model.
func (m *MiniBatchKMeans) PartialFit(ctx context.Context, X mat.Matrix, y []float64) error {
	return m.PartialFitWeighted(ctx, X, y, nil)
}

// PartialFitWeighted is PartialFit with per-sample weights w (nil means all ones).
func (m *MiniBatchKMeans) PartialFitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const name = "cluster.MiniBatchKMeans: "
	if err := ctx.Err(); err != nil {
		return err
	}
	x, sw, err := m.checkInput(name, X, y, w)
	if err != nil {
		return err
	}
	n, p := x.Dims()
	var f mbkFit
	if m.fit != nil {
		f = *m.fit
		if p != f.NFeatures {
			return fmt.Errorf(name+"X has %d features, model was fit with %d: %w", p, f.NFeatures, estimator.ErrShape)
		}
		f.Centers = slices.Clone(f.Centers)
		f.Counts = slices.Clone(f.Counts)
	} else {
		K := m.nClusters()
		if n < K {
			return fmt.Errorf(name+"X has %d rows, fewer than NClusters = %d: %w", n, K, estimator.ErrInvalidData)
		}
		batch, initSize := m.sizes(n, K)
		c, err := m.initCenters(ctx, x, K, initSize, rand.New(rand.NewPCG(m.Seed, 1)))
		if err != nil {
			return err
		}
		f = mbkFit{NFeatures: p, NClusters: K, Centers: c, Counts: make([]float64, K), BatchSize: batch}
	}
	rng := rand.New(rand.NewPCG(m.Seed, uint64(f.NSteps)+1<<32))
	s := &mbkState{K: f.NClusters, p: p, batch: f.BatchSize, ratio: m.ratio(), centers: f.Centers,
		next: make([]float64, f.NClusters*p), counts: f.Counts, sinceReassign: f.SinceReassign}
	labels := make([]int, n)
	s.step(n, x.RawRowView, sw, labels, s.randomReassign(), rng)
	f.Centers = s.next
	f.SinceReassign = s.sinceReassign
	f.Inertia, err = labelsInertia(ctx, n, x.RawRowView, sw, f.Centers, f.NClusters, m.Workers, labels)
	if err != nil {
		return err
	}
	f.Labels = labels
	f.NSteps++
	if err := f.Check(); err != nil {
		return fmt.Errorf(name+"the updated model is unusable (%v; data too extreme for float64?): %w", err, estimator.ErrInvalidData)
	}
	m.fit = &f
	return nil
}

func (m *MiniBatchKMeans) km() *KMeans {
	if m.fit == nil {
		return &KMeans{}
	}
	return &KMeans{fit: &kmeansFit{NFeatures: m.fit.NFeatures, NClusters: m.fit.NClusters, Centers: m.fit.Centers}}
}

// Predict returns the index of the nearest centre of each row of X, as a float64.
// It returns estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong
// feature count and estimator.ErrInvalidData for empty or non-finite X.
func (m *MiniBatchKMeans) Predict(X mat.Matrix) ([]float64, error) {
	out, err := m.km().Predict(X)
	return out, renameErr(err)
}

// Transform returns the n×NClusters Euclidean distances from each row of X to each
// centre. Errors as for Predict.
func (m *MiniBatchKMeans) Transform(X mat.Matrix) (*mat.Dense, error) {
	out, err := m.km().Transform(X)
	return out, renameErr(err)
}

// renameErr replaces KMeans's prefix by MiniBatchKMeans's.
func renameErr(err error) error {
	if err == nil {
		return nil
	}
	return &prefixed{prefix: "cluster.MiniBatchKMeans: ", err: err}
}

type prefixed struct {
	prefix string
	err    error
}

func (p *prefixed) Error() string {
	s := p.err.Error()
	const old = "cluster.KMeans: "
	if len(s) >= len(old) && s[:len(old)] == old {
		s = s[len(old):]
	}
	return p.prefix + s
}

func (p *prefixed) Unwrap() error { return p.err }

// FitPredict fits the model and returns Labels(). Errors as for Fit.
func (m *MiniBatchKMeans) FitPredict(ctx context.Context, X mat.Matrix, y []float64) ([]float64, error) {
	if err := m.Fit(ctx, X, y); err != nil {
		return nil, err
	}
	return m.Labels(), nil
}

// FitTransform fits the model and returns Transform(X). Errors as for Fit and
// Transform.
func (m *MiniBatchKMeans) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	if err := m.Fit(ctx, X, y); err != nil {
		return nil, err
	}
	return m.Transform(X)
}

// ClusterCenters returns a copy of the NClusters×features centres (scikit-learn's
// cluster_centers_), or nil before Fit.
func (m *MiniBatchKMeans) ClusterCenters() *mat.Dense {
	if m.fit == nil {
		return nil
	}
	return mat.NewDense(m.fit.NClusters, m.fit.NFeatures, slices.Clone(m.fit.Centers))
}

// Labels returns a copy of the labels of the rows of the last Fit or PartialFit
// (scikit-learn's labels_), or nil before Fit.
func (m *MiniBatchKMeans) Labels() []float64 {
	if m.fit == nil {
		return nil
	}
	out := make([]float64, len(m.fit.Labels))
	for i, l := range m.fit.Labels {
		out[i] = float64(l)
	}
	return out
}

// Inertia returns the weighted sum of squared distances of the rows of the last
// Fit or PartialFit to their centres (scikit-learn's inertia_), or 0 before Fit.
func (m *MiniBatchKMeans) Inertia() float64 {
	if m.fit == nil {
		return 0
	}
	return m.fit.Inertia
}

// NIter returns the passes over the data, ⌈steps × BatchSize / n⌉
// (scikit-learn's n_iter_; 0 after PartialFit alone), or 0 before Fit.
func (m *MiniBatchKMeans) NIter() int {
	if m.fit == nil {
		return 0
	}
	return m.fit.NIter
}

// NSteps returns the mini-batch steps taken (scikit-learn's n_steps_), or 0 before
// Fit.
func (m *MiniBatchKMeans) NSteps() int {
	if m.fit == nil {
		return 0
	}
	return m.fit.NSteps
}

// Converged reports whether Fit stopped early (centre change within the tolerance
// or no improvement for MaxNoImprovement steps); false before Fit and after
// PartialFit alone.
func (m *MiniBatchKMeans) Converged() bool {
	return m.fit != nil && m.fit.Converged
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (m *MiniBatchKMeans) MarshalState() ([]byte, error) {
	return estimator.EncodeState(mbkStateVersion, m.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, sizes out of range or inconsistent,
// non-finite centres or counts, labels out of range or a negative inertia give an
// error wrapping estimator.ErrState, and the receiver is unchanged.
func (m *MiniBatchKMeans) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, mbkStateVersion, &m.fit); err != nil {
		return fmt.Errorf("cluster.MiniBatchKMeans: %w", err)
	}
	return nil
}

// String prints the hyperparameters.
func (m *MiniBatchKMeans) String() string { return estimator.Format(m) }
