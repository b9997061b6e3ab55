package cluster

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/neighbors"
)

var (
	_ estimator.Predictor      = (*DBSCAN)(nil)
	_ estimator.Validator      = (*DBSCAN)(nil)
	_ estimator.StateMarshaler = (*DBSCAN)(nil)
	_ estimator.WeightedFitter = (*DBSCAN)(nil)
)

// MaxMinSamples bounds DBSCAN's MinSamples.
const MaxMinSamples = 1 << 30

// dbscanBatch is the number of rows whose neighbourhoods one radius query returns;
// ctx is checked between batches.
const dbscanBatch = 4096

// DBSCAN is density-based clustering (scikit-learn: cluster.DBSCAN, 1.2.1): a row
// with at least MinSamples rows (itself included, or that much sample weight)
// within distance Eps is a core sample; core samples within Eps of each other share
// a cluster, and the other rows within Eps of a core sample join the cluster that
// reaches them first. The rest are noise, labelled -1.
//
// The labels are exactly scikit-learn's: clusters are numbered in the order of
// their first core sample, and a border row reachable from several clusters joins
// the one of lowest number. Neighbourhoods come from neighbors.NearestNeighbors
// (brute force, distance <= Eps), in batches of rows; all of them are held at once,
// as in scikit-learn, and more than neighbors.MaxResults (row, neighbour) pairs in
// all is an error wrapping estimator.ErrInvalidData (use a smaller Eps).
//
// Predict is not in scikit-learn (which has only fit_predict): it gives each row the
// label of its nearest core sample when that is within Eps, and -1 otherwise. On the
// training rows it returns Labels() except for border rows within Eps of core
// samples of two clusters, which Predict gives to the nearest.
//
// The zero value is scikit-learn's default DBSCAN() (eps=0.5, min_samples=5,
// metric="euclidean").
type DBSCAN struct {
	// Eps is the neighbourhood radius; 0 means 0.5. It must be finite and > 0.
	Eps float64
	// MinSamples is the number of rows (or the sample weight) within Eps, the row
	// itself included, that makes a core sample; 0 means 5, at most MaxMinSamples.
	MinSamples int
	// Metric is the distance: "euclidean" (the default, also ""), "manhattan",
	// "chebyshev" or "minkowski" with P, as neighbors.NearestNeighbors.
	Metric string
	// P is the Minkowski power, >= 1 or +Inf; 0 means 2 (scikit-learn's p=None).
	P float64
	// Workers bounds the goroutines of the neighbour queries; 0 means GOMAXPROCS.
	// Results are identical for any value.
	Workers int

	fit *dbscanFit // nil until Fit succeeds
}

// dbscanFit is the learned state; fields are exported for gob.
type dbscanFit struct {
	NFeatures  int
	Labels     []int     // -1 for noise
	NClusters  int       // labels are in [-1, NClusters)
	Core       []int     // indices of the core samples, increasing
	Components []float64 // len(Core)×NFeatures, the core samples' rows
	Eps        float64
	Metric     string
	P          float64
}

const dbscanStateVersion = 1

// Check validates decoded state.
func (f *dbscanFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, math.MaxInt32),
		estimator.CheckCount("NClusters", f.NClusters, 0, math.MaxInt32),
		estimator.CheckCount("len(Labels)", len(f.Labels), 1, math.MaxInt32),
		estimator.CheckCount("len(Core)", len(f.Core), 0, len(f.Labels)),
		estimator.CheckPositive("Eps", f.Eps),
		estimator.CheckFinite("Eps", f.Eps),
	); err != nil {
		return err
	}
	if len(f.Core) > estimator.MaxCopyElements/f.NFeatures {
		return fmt.Errorf("len(Core)×NFeatures = %d×%d exceeds %d", len(f.Core), f.NFeatures, estimator.MaxCopyElements)
	}
	if err := estimator.FirstError(
		estimator.CheckLen("Components", len(f.Components), len(f.Core)*f.NFeatures),
		estimator.CheckFinite("Components", f.Components...),
		estimator.CheckIndex("Core", f.Core, len(f.Labels)),
		(&neighbors.NearestNeighbors{Metric: f.Metric, P: f.P}).Validate(),
	); err != nil {
		return err
	}
	for i, l := range f.Labels {
		if l < -1 || l >= f.NClusters {
			return fmt.Errorf("Labels[%d] = %d, want in [-1, %d)", i, l, f.NClusters)
		}
	}
	for i, c := range f.Core {
		if i > 0 && c <= f.Core[i-1] {
			return fmt.Errorf("Core is not increasing at %d", i)
		}
		if f.Labels[c] < 0 {
			return fmt.Errorf("core sample %d is labelled noise", c)
		}
	}
	return nil
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (d *DBSCAN) Validate() error {
	if math.IsNaN(d.Eps) || math.IsInf(d.Eps, 0) || d.Eps < 0 {
		return &estimator.ParamError{Param: "Eps", Value: d.Eps, Reason: "must be finite and > 0 (0 means 0.5)"}
	}
	if d.MinSamples < 0 || d.MinSamples > MaxMinSamples {
		return &estimator.ParamError{Param: "MinSamples", Value: d.MinSamples, Reason: fmt.Sprintf("must be in [1, %d] (0 means 5)", MaxMinSamples)}
	}
	if d.Workers < 0 {
		return &estimator.ParamError{Param: "Workers", Value: d.Workers, Reason: "must be >= 0 (0 means GOMAXPROCS)"}
	}
	return (&neighbors.NearestNeighbors{Metric: d.metric(), P: d.P}).Validate()
}

func (d *DBSCAN) eps() float64 {
	if d.Eps == 0 {
		return 0.5
	}
	return d.Eps
}

func (d *DBSCAN) metric() string {
	if d.Metric == "" {
		return "euclidean"
	}
	return d.Metric
}

// Fit clusters the rows of X; y is ignored (it may be nil). It returns a
// *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrInvalidData for empty or non-finite X or too many neighbour pairs,
// and ctx.Err() when ctx is done. On error the previous model, if any, is kept.
func (d *DBSCAN) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return d.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; scikit-learn's
// sample_weight): a row is a core sample when the weights of the rows within Eps sum
// to at least MinSamples. Weights must be finite (negative weights are allowed, as
// in scikit-learn); a wrong length gives estimator.ErrShape.
func (d *DBSCAN) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const name = "cluster.DBSCAN: "
	if err := d.Validate(); err != nil {
		return fmt.Errorf(name+"%w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf(name+"%w", err)
	}
	n, p := x.Dims()
	if w != nil {
		if len(w) != n {
			return fmt.Errorf(name+"X has %d rows but w has %d values: %w", n, len(w), estimator.ErrShape)
		}
		for i, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf(name+"w[%d] is %v, want a finite value: %w", i, v, estimator.ErrInvalidData)
			}
		}
	}
	minSamples := d.MinSamples
	if minSamples == 0 {
		minSamples = 5
	}
	eps := d.eps()
	nn := &neighbors.NearestNeighbors{Metric: d.metric(), P: d.P, Workers: d.Workers}
	if err := nn.Fit(ctx, x, nil); err != nil {
		return fmt.Errorf(name+"%w", err)
	}
	hoods := make([][]int, n)
	total := 0
	for lo := 0; lo < n; lo += dbscanBatch {
		if err := ctx.Err(); err != nil {
			return err
		}
		hi := min(lo+dbscanBatch, n)
		_, idx, err := nn.RadiusNeighbors(x.Slice(lo, hi, 0, p), eps)
		if err != nil {
			return fmt.Errorf(name+"%w", err)
		}
		for i, ix := range idx {
			total += len(ix)
			if total > neighbors.MaxResults {
				return fmt.Errorf(name+"more than %d neighbour pairs within Eps = %v; use a smaller Eps: %w", neighbors.MaxResults, eps, estimator.ErrInvalidData)
			}
			hoods[lo+i] = ix
		}
	}
	core := make([]bool, n)
	for i, h := range hoods {
		if w == nil {
			core[i] = len(h) >= minSamples
			continue
		}
		s := 0.0
		for _, j := range h {
			s += w[j]
		}
		core[i] = s >= float64(minSamples)
	}
	labels, nClusters := dbscanInner(core, hoods)
	f := &dbscanFit{NFeatures: p, Labels: labels, NClusters: nClusters, Eps: eps, Metric: d.metric(), P: d.P}
	for i, c := range core {
		if c {
			f.Core = append(f.Core, i)
			f.Components = append(f.Components, x.RawRowView(i)...)
		}
	}
	if f.Core == nil {
		f.Core = []int{}
	}
	d.fit = f
	return nil
}

// dbscanInner is scikit-learn's dbscan_inner: a depth-first expansion from each
// unlabelled core sample in row order.
func dbscanInner(core []bool, hoods [][]int) ([]int, int) {
	labels := make([]int, len(core))
	for i := range labels {
		labels[i] = -1
	}
	label := 0
	var stack []int
	for start := range labels {
		if labels[start] != -1 || !core[start] {
			continue
		}
		i := start
		for {
			if labels[i] == -1 {
				labels[i] = label
				if core[i] {
					for _, v := range hoods[i] {
						if labels[v] == -1 {
							stack = append(stack, v)
						}
					}
				}
			}
			if len(stack) == 0 {
				break
			}
			i = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
		}
		label++
	}
	return labels, label
}

// Predict gives each row of X the label of its nearest core sample when that is
// within Eps (the Eps of Fit), and -1 otherwise (not in scikit-learn; see the type's
// doc). It returns estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong
// feature count and estimator.ErrInvalidData for empty or non-finite X.
func (d *DBSCAN) Predict(X mat.Matrix) ([]float64, error) {
	const name = "cluster.DBSCAN: "
	if d.fit == nil {
		return nil, fmt.Errorf(name+"%w", estimator.ErrNotFitted)
	}
	f := d.fit
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf(name+"%w", err)
	}
	n, _ := x.Dims()
	out := make([]float64, n)
	if len(f.Core) == 0 {
		for i := range out {
			out[i] = -1
		}
		return out, nil
	}
	nn := &neighbors.NearestNeighbors{Metric: f.Metric, P: f.P, Workers: max(d.Workers, 0)}
	comp := mat.NewDense(len(f.Core), f.NFeatures, f.Components)
	if err := nn.Fit(context.Background(), comp, nil); err != nil {
		return nil, fmt.Errorf(name+"%w", err)
	}
	for lo := 0; lo < n; lo += dbscanBatch {
		hi := min(lo+dbscanBatch, n)
		dist, idx, err := nn.KNeighbors(x.Slice(lo, hi, 0, f.NFeatures), 1)
		if err != nil {
			return nil, fmt.Errorf(name+"%w", err)
		}
		for i := lo; i < hi; i++ {
			out[i] = -1
			if dist.At(i-lo, 0) <= f.Eps {
				out[i] = float64(f.Labels[f.Core[idx[i-lo][0]]])
			}
		}
	}
	return out, nil
}

// FitPredict fits the model and returns Labels() (scikit-learn's fit_predict).
// Errors as for Fit.
func (d *DBSCAN) FitPredict(ctx context.Context, X mat.Matrix, y []float64) ([]float64, error) {
	if err := d.Fit(ctx, X, y); err != nil {
		return nil, err
	}
	return d.Labels(), nil
}

// Labels returns a copy of the cluster labels of the training rows, -1 for noise
// (scikit-learn's labels_), or nil before Fit.
func (d *DBSCAN) Labels() []float64 {
	if d.fit == nil {
		return nil
	}
	out := make([]float64, len(d.fit.Labels))
	for i, l := range d.fit.Labels {
		out[i] = float64(l)
	}
	return out
}

// NClusters returns the number of clusters found (noise excluded), or 0 before Fit.
func (d *DBSCAN) NClusters() int {
	if d.fit == nil {
		return 0
	}
	return d.fit.NClusters
}

// CoreSampleIndices returns a copy of the increasing indices of the core samples
// (scikit-learn's core_sample_indices_), or nil before Fit.
func (d *DBSCAN) CoreSampleIndices() []int {
	if d.fit == nil {
		return nil
	}
	return slices.Clone(d.fit.Core)
}

// Components returns a copy of the core samples' rows (scikit-learn's
// components_), or nil before Fit or when there is no core sample.
func (d *DBSCAN) Components() *mat.Dense {
	if d.fit == nil || len(d.fit.Core) == 0 {
		return nil
	}
	return mat.NewDense(len(d.fit.Core), d.fit.NFeatures, slices.Clone(d.fit.Components))
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (d *DBSCAN) MarshalState() ([]byte, error) {
	return estimator.EncodeState(dbscanStateVersion, d.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. Inconsistent sizes, labels or core indices out of range, a core
// sample labelled noise, non-finite rows or a bad Eps or metric give an error
// wrapping estimator.ErrState, and the receiver is unchanged.
func (d *DBSCAN) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, dbscanStateVersion, &d.fit); err != nil {
		return fmt.Errorf("cluster.DBSCAN: %w", err)
	}
	return nil
}

// String prints the hyperparameters.
func (d *DBSCAN) String() string { return estimator.Format(d) }
