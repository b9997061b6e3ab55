package ensemble

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/tree"
	"github.com/skgo/skgo/internal/parallel"
	"github.com/skgo/skgo/metrics"
)

var (
	_ estimator.ProbaClassifier = (*BaggingClassifier)(nil)
	_ estimator.WeightedFitter  = (*BaggingClassifier)(nil)
	_ estimator.Validator       = (*BaggingClassifier)(nil)
	_ estimator.StateMarshaler  = (*BaggingClassifier)(nil)
	_ estimator.Predictor       = (*BaggingRegressor)(nil)
	_ estimator.WeightedFitter  = (*BaggingRegressor)(nil)
	_ estimator.Validator       = (*BaggingRegressor)(nil)
	_ estimator.StateMarshaler  = (*BaggingRegressor)(nil)
)

// bagMaxEstimators bounds NEstimators.
const bagMaxEstimators = 1 << 20

// bagChunk is the number of members whose outputs are summed together before the
// chunk sums are added in chunk order: fixed, so that sums do not depend on Workers.
const bagChunk = 8

// bagParams are the hyperparameters BaggingClassifier and BaggingRegressor share.
type bagParams struct {
	typ               string
	est               estimator.Estimator
	nEstimators       int
	maxSamples        float64
	maxFeatures       float64
	noBootstrap       bool
	bootstrapFeatures bool
	oob               bool
	warm              bool
	seed              uint64
	workers           int
	clf               bool
}

// bagFit is the learned state of a bagging ensemble.
type bagFit struct {
	Classes    []float64 // nil for the regressor
	NFeatures  int
	NRows      int     // rows seen at Fit
	NSamples   int     // rows drawn per member
	NDrawn     int     // features drawn per member
	Seed       uint64  // the Seed of the fit that drew the first member
	Bootstrap  bool    // rows drawn with replacement
	BootFeat   bool    // features drawn with replacement
	Features   [][]int // per member
	Members    [][]byte
	HasOOB     bool
	OOBScore   float64
	OOBOutputs []float64 // regressor: n predictions; classifier: n×K decision values (row-major)

	members []estimator.Estimator // decoded Members; Members is filled only by MarshalState
}

const bagStateVersion = 1

// Check validates decoded state (the members are checked when they are loaded).
func (f *bagFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, voteMaxFeatures),
		estimator.CheckCount("NRows", f.NRows, 1, math.MaxInt32),
		estimator.CheckCount("NSamples", f.NSamples, 1, math.MaxInt32),
		estimator.CheckCount("NDrawn", f.NDrawn, 1, f.NFeatures),
		estimator.CheckCount("members", len(f.Members), 1, bagMaxEstimators),
		estimator.CheckLen("Features", len(f.Features), len(f.Members)),
	); err != nil {
		return err
	}
	if f.Classes != nil {
		if err := estimator.FirstError(estimator.CheckClasses("Classes", f.Classes),
			estimator.CheckCount("classes", len(f.Classes), 2, voteMaxClasses)); err != nil {
			return err
		}
	}
	for i, feat := range f.Features {
		if err := estimator.FirstError(
			estimator.CheckLen(fmt.Sprintf("Features[%d]", i), len(feat), f.NDrawn),
			estimator.CheckIndex(fmt.Sprintf("Features[%d]", i), feat, f.NFeatures),
		); err != nil {
			return err
		}
	}
	if f.HasOOB {
		want := f.NRows
		if f.Classes != nil {
			want *= len(f.Classes)
		}
		if err := estimator.CheckLen("OOBOutputs", len(f.OOBOutputs), want); err != nil {
			return err
		}
		if math.IsInf(f.OOBScore, 0) {
			return fmt.Errorf("OOBScore is %v", f.OOBScore)
		}
	} else if len(f.OOBOutputs) != 0 {
		return errors.New("OOBOutputs without OOBScore")
	}
	return nil
}

func bagCheckFraction(name string, v float64) error {
	if math.IsNaN(v) || v < 0 || v > math.MaxInt32 || (v > 1 && v != math.Trunc(v)) {
		return &estimator.ParamError{Param: name, Value: v, Reason: fmt.Sprintf("must be 0 (all), a fraction in (0, 1] or a whole number in (1, %d]", math.MaxInt32)}
	}
	return nil
}

func (p *bagParams) validate() error {
	if p.est != nil {
		if voteIsNil(p.est) {
			return &estimator.ParamError{Param: "Estimator", Reason: "is a nil pointer (use a nil interface for the default)"}
		}
		if err := estimator.CheckGraph(p.est); err != nil {
			return err
		}
		if p.clf && !estimator.IsClassifier(p.est) {
			return &estimator.ParamError{Param: "Estimator", Value: fmt.Sprintf("%T", p.est), Reason: "must be a classifier"}
		}
		if _, ok := p.est.(estimator.Predictor); !ok {
			return &estimator.ParamError{Param: "Estimator", Value: fmt.Sprintf("%T", p.est), Reason: "has no Predict"}
		}
		if v, ok := p.est.(estimator.Validator); ok {
			if err := v.Validate(); err != nil {
				return votePrefixParamError("Estimator", err)
			}
		}
	}
	if p.nEstimators < 0 || p.nEstimators > bagMaxEstimators {
		return &estimator.ParamError{Param: "NEstimators", Value: p.nEstimators, Reason: fmt.Sprintf("must be in [1, %d], or 0 for 10", bagMaxEstimators)}
	}
	if err := bagCheckFraction("MaxSamples", p.maxSamples); err != nil {
		return err
	}
	if err := bagCheckFraction("MaxFeatures", p.maxFeatures); err != nil {
		return err
	}
	if p.oob && p.noBootstrap {
		return &estimator.ParamError{Param: "OOB", Value: true, Reason: "out-of-bag estimates need bootstrap rows (NoBootstrap false)"}
	}
	if p.oob && p.warm {
		return &estimator.ParamError{Param: "OOB", Value: true, Reason: "out-of-bag estimates are not available with WarmStart, as in scikit-learn"}
	}
	if p.workers < 0 {
		return &estimator.ParamError{Param: "Workers", Value: p.workers, Reason: "must be >= 0"}
	}
	return nil
}

func (p *bagParams) n() int {
	if p.nEstimators == 0 {
		return 10
	}
	return p.nEstimators
}

// template returns an unfitted member: a clone of Estimator, or the default tree.
func (p *bagParams) template() estimator.Estimator {
	if p.est != nil {
		return estimator.Clone(p.est)
	}
	if p.clf {
		return &tree.DecisionTreeClassifier{}
	}
	return &tree.DecisionTreeRegressor{}
}

// bagResolve turns a MaxSamples / MaxFeatures setting into a count out of total.
func bagResolve(name string, v float64, total int) (int, error) {
	var k int
	switch {
	case v == 0:
		k = total
	case v <= 1:
		k = int(v * float64(total))
		if name == "MaxFeatures" {
			k = max(1, k)
		}
	default:
		k = int(v)
	}
	if k < 1 || k > total {
		return 0, &estimator.ParamError{Param: name, Value: v, Reason: fmt.Sprintf("selects %d of %d; it must select between 1 and %d", k, total, total)}
	}
	return k, nil
}

// draw returns the features and rows of member i: a PCG stream seeded with (seed, i),
// so member i is the same whatever the number of workers or members.
func (f *bagFit) draw(i int) (features, rows []int) {
	rng := rand.New(rand.NewPCG(f.Seed, uint64(i)))
	features = bagSample(rng, f.NFeatures, f.NDrawn, f.BootFeat)
	rows = bagSample(rng, f.NRows, f.NSamples, f.Bootstrap)
	return features, rows
}

// bagSample draws k of [0, n) with or without replacement.
func bagSample(rng *rand.Rand, n, k int, replace bool) []int {
	out := make([]int, k)
	if replace {
		for j := range out {
			out[j] = rng.IntN(n)
		}
		return out
	}
	if k == n {
		for j := range out {
			out[j] = j
		}
		rng.Shuffle(n, func(a, b int) { out[a], out[b] = out[b], out[a] })
		return out
	}
	if k*4 < n { // sparse draw: rejection of repeats
		seen := make(map[int]bool, k)
		for j := 0; j < k; {
			v := rng.IntN(n)
			if !seen[v] {
				seen[v] = true
				out[j] = v
				j++
			}
		}
		return out
	}
	perm := make([]int, n)
	for j := range perm {
		perm[j] = j
	}
	for j := 0; j < k; j++ { // partial Fisher–Yates
		r := j + rng.IntN(n-j)
		perm[j], perm[r] = perm[r], perm[j]
	}
	copy(out, perm[:k])
	return out
}

// bagSubmatrix returns x[rows][:, features] as a new matrix.
func bagSubmatrix(x *mat.Dense, rows, features []int) *mat.Dense {
	out := mat.NewDense(len(rows), len(features), nil)
	for a, r := range rows {
		src := x.RawRowView(r)
		dst := out.RawRowView(a)
		for b, j := range features {
			dst[b] = src[j]
		}
	}
	return out
}

// fitMember fits member i of f on x, y (class codes for a classifier), weights w.
// With bootstrap rows, a member that takes weights is fitted once per distinct row
// with the row's draw count as its weight (times w), which is how scikit-learn hands
// bootstrap samples to such estimators (it passes all rows, with zero weight for the
// rows not drawn); others are fitted on the drawn rows, repeats included.
func (p *bagParams) fitMember(ctx context.Context, f *bagFit, i int, x *mat.Dense, y, w []float64) (estimator.Estimator, []int, error) {
	features, rows := f.draw(i)
	m := p.template()
	// Seed the member (scikit-learn's _set_random_states) when it has a Seed field.
	_ = estimator.SetParams(m, estimator.Params{"Seed": f.Seed ^ (uint64(i)+1)*0x9e3779b97f4a7c15})
	_, weighted := m.(estimator.WeightedFitter)
	var err error
	switch {
	case f.Bootstrap && weighted:
		counts := make([]float64, f.NRows)
		for _, r := range rows {
			counts[r]++
		}
		var uniq []int
		var sw []float64
		for r, c := range counts {
			if c > 0 {
				uniq = append(uniq, r)
				if w != nil {
					c *= w[r]
				}
				sw = append(sw, c)
			}
		}
		err = m.(estimator.WeightedFitter).FitWeighted(ctx, bagSubmatrix(x, uniq, features), estimator.Select(y, uniq), sw)
	default:
		if f.Bootstrap {
			slices.Sort(rows)
		}
		err = voteFitOne(ctx, m, bagSubmatrix(x, rows, features), estimator.Select(y, rows), estimator.Select(w, rows))
	}
	if err != nil {
		return nil, nil, err
	}
	return m, features, nil
}

// fit fits the ensemble (or, with WarmStart, adds members to prev).
func (p *bagParams) fit(ctx context.Context, prev *bagFit, X mat.Matrix, y, w []float64) (*bagFit, error) {
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", p.typ, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x, err := estimator.CheckXMissing(X)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.typ, err)
	}
	n, c := x.Dims()
	if _, _, err := voteCheckInput(x, y); err != nil {
		return nil, fmt.Errorf("%s: %w", p.typ, err)
	}
	if y == nil {
		return nil, fmt.Errorf("%s: y is nil: %w", p.typ, estimator.ErrInvalidData)
	}
	if w != nil {
		if len(w) != n {
			return nil, fmt.Errorf("%s: %d weights for %d rows: %w", p.typ, len(w), n, estimator.ErrShape)
		}
		for i, v := range w {
			if !(v >= 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s: weight %d is %v; weights must be finite and >= 0: %w", p.typ, i, v, estimator.ErrInvalidData)
			}
		}
		if _, ok := p.template().(estimator.WeightedFitter); !ok {
			return nil, fmt.Errorf("%s: the estimator %T does not support sample weights: %w", p.typ, p.template(), errors.ErrUnsupported)
		}
	}
	nS, err := bagResolve("MaxSamples", p.maxSamples, n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.typ, err)
	}
	nF, err := bagResolve("MaxFeatures", p.maxFeatures, c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.typ, err)
	}
	var classes []float64
	target := y
	if p.clf {
		if classes, err = estimator.CheckClassLabels(y); err != nil {
			return nil, fmt.Errorf("%s: %w", p.typ, err)
		}
		target = voteEncode(y, classes)
	}
	f := &bagFit{Classes: classes, NFeatures: c, NRows: n, NSamples: nS, NDrawn: nF, Seed: p.seed,
		Bootstrap: !p.noBootstrap, BootFeat: p.bootstrapFeatures}
	start := 0
	total := p.n()
	if p.warm && prev != nil {
		if prev.NFeatures != c || prev.NRows != n || prev.NSamples != nS || prev.NDrawn != nF ||
			prev.Bootstrap != f.Bootstrap || prev.BootFeat != f.BootFeat || !slices.Equal(prev.Classes, classes) {
			return nil, fmt.Errorf("%s: WarmStart needs the data shape, classes and sampling settings of the previous fit: %w", p.typ, estimator.ErrInvalidData)
		}
		if total < len(prev.members) {
			return nil, fmt.Errorf("%s: WarmStart with NEstimators %d below the %d members already fitted: %w",
				p.typ, total, len(prev.members), estimator.ErrInvalidParam)
		}
		f.Seed = prev.Seed
		start = len(prev.members)
		f.members = append(f.members, prev.members...)
		f.Features = append(f.Features, prev.Features...)
	}
	members := make([]estimator.Estimator, total-start)
	feats := make([][]int, total-start)
	err = parallel.Run(ctx, total-start, parallel.Workers(p.workers), func(ctx context.Context, k int) error {
		return parallel.Protect(func() error {
			m, ft, err := p.fitMember(ctx, f, start+k, x, target, w)
			if err != nil {
				if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
					return err
				}
				return fmt.Errorf("member %d (%T): %w", start+k, p.template(), err)
			}
			members[k], feats[k] = m, ft
			return nil
		})
	})
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%s: %w", p.typ, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.members = append(f.members, members...)
	f.Features = append(f.Features, feats...)
	if p.oob {
		if err := f.computeOOB(x, y, target, p.workers); err != nil {
			return nil, fmt.Errorf("%s: out-of-bag estimate: %w", p.typ, err)
		}
	}
	return f, nil
}

// memberOutput returns member i's output on the rows of x: for a classifier, an
// n×K matrix of probabilities over the class codes (a one-hot vote for a member
// without PredictProba); for a regressor an n×1 matrix of predictions.
func (f *bagFit) memberOutput(i int, x *mat.Dense, rows []int) (*mat.Dense, error) {
	sub := bagSubmatrix(x, rows, f.Features[i])
	n := len(rows)
	m := f.members[i]
	if f.Classes == nil {
		p, err := voteMemberPredict(fmt.Sprint(i), m, sub, n)
		if err != nil {
			return nil, err
		}
		return mat.NewDense(n, 1, p), nil
	}
	k := len(f.Classes)
	if _, ok := m.(estimator.ProbaClassifier); ok {
		return voteMemberProba(fmt.Sprint(i), m, sub, n, k)
	}
	p, err := voteMemberPredict(fmt.Sprint(i), m, sub, n)
	if err != nil {
		return nil, err
	}
	out := mat.NewDense(n, k, nil)
	for r, v := range p {
		j, err := voteCode(v, k)
		if err != nil {
			return nil, fmt.Errorf("member %d: %w", i, err)
		}
		out.Set(r, j, 1)
	}
	return out, nil
}

// sum adds up the members' outputs on all rows of x, in fixed chunks of members
// whose partial sums are added in chunk order (identical for any workers).
func (f *bagFit) sum(x *mat.Dense, workers int) (*mat.Dense, error) {
	n, _ := x.Dims()
	cols := 1
	if f.Classes != nil {
		cols = len(f.Classes)
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	nChunks := (len(f.members) + bagChunk - 1) / bagChunk
	partial := make([]*mat.Dense, nChunks)
	err := parallel.Run(context.Background(), nChunks, parallel.Workers(workers), func(_ context.Context, ch int) error {
		return parallel.Protect(func() error {
			acc := mat.NewDense(n, cols, nil)
			for i := ch * bagChunk; i < min(len(f.members), (ch+1)*bagChunk); i++ {
				o, err := f.memberOutput(i, x, all)
				if err != nil {
					return err
				}
				acc.Add(acc, o)
			}
			partial[ch] = acc
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	out := partial[0]
	for _, p := range partial[1:] {
		out.Add(out, p)
	}
	return out, nil
}

// computeOOB sets the out-of-bag outputs and score: each row is predicted by the
// members whose bootstrap sample missed it (scikit-learn's oob_score_ with
// oob_decision_function_ / oob_prediction_). A row no member missed gets zeros (the
// classifier's decision values are then NaN, as in scikit-learn).
func (f *bagFit) computeOOB(x *mat.Dense, y, target []float64, workers int) error {
	n := f.NRows
	cols := 1
	if f.Classes != nil {
		cols = len(f.Classes)
	}
	type part struct {
		rows []int
		out  *mat.Dense
	}
	parts := make([]part, len(f.members))
	err := parallel.Run(context.Background(), len(f.members), parallel.Workers(workers), func(_ context.Context, i int) error {
		return parallel.Protect(func() error {
			_, rows := f.draw(i)
			in := make([]bool, n)
			for _, r := range rows {
				in[r] = true
			}
			var oob []int
			for r, ok := range in {
				if !ok {
					oob = append(oob, r)
				}
			}
			if len(oob) == 0 {
				return nil
			}
			o, err := f.memberOutput(i, x, oob)
			parts[i] = part{oob, o}
			return err
		})
	})
	if err != nil {
		return err
	}
	acc := mat.NewDense(n, cols, nil)
	count := make([]float64, n)
	for _, p := range parts {
		for a, r := range p.rows {
			row := acc.RawRowView(r)
			for j, v := range p.out.RawRowView(a) {
				row[j] += v
			}
			count[r]++
		}
	}
	f.HasOOB = true
	if f.Classes == nil {
		f.OOBOutputs = make([]float64, n)
		for r := range f.OOBOutputs {
			f.OOBOutputs[r] = acc.At(r, 0) / max(count[r], 1)
		}
		f.OOBScore = metrics.R2Score(y, f.OOBOutputs, nil)
		return nil
	}
	f.OOBOutputs = make([]float64, n*cols)
	pred := make([]float64, n)
	for r := 0; r < n; r++ {
		row := acc.RawRowView(r)
		s := 0.0
		for _, v := range row {
			s += v
		}
		for j, v := range row {
			f.OOBOutputs[r*cols+j] = v / s // NaN when no member missed the row
		}
		pred[r] = float64(voteArgmax(row))
	}
	f.OOBScore = metrics.AccuracyScore(target, pred, nil)
	return nil
}

// marshal returns the state with the members serialised (estimator.Save each).
func (f *bagFit) marshal() ([]byte, error) {
	if f == nil {
		return nil, nil
	}
	c := *f
	c.Members = make([][]byte, len(f.members))
	for i, m := range f.members {
		var buf bytes.Buffer
		if err := estimator.Save(&buf, m); err != nil {
			return nil, fmt.Errorf("member %d: %w", i, err)
		}
		c.Members[i] = buf.Bytes()
	}
	c.members = nil
	return estimator.EncodeState(bagStateVersion, &c)
}

// unmarshal decodes state and loads every member into a clone of the template.
func (p *bagParams) unmarshal(data []byte, dst **bagFit) error {
	var f *bagFit
	if err := estimator.DecodeState(data, bagStateVersion, &f); err != nil {
		return fmt.Errorf("%s: %w", p.typ, err)
	}
	if f == nil {
		*dst = nil
		return nil
	}
	if (f.Classes != nil) != p.clf {
		return fmt.Errorf("%s: state of the wrong kind of ensemble: %w", p.typ, estimator.ErrState)
	}
	f.members = make([]estimator.Estimator, len(f.Members))
	for i, b := range f.Members {
		m := p.template()
		if err := estimator.Load(bytes.NewReader(b), m); err != nil {
			return fmt.Errorf("%s: member %d: %w: %w", p.typ, i, err, estimator.ErrState)
		}
		f.members[i] = m
	}
	f.Members = nil
	*dst = f
	return nil
}

// predictInput checks X for prediction.
func (f *bagFit) predictInput(typ string, X mat.Matrix) (*mat.Dense, error) {
	if f == nil {
		return nil, fmt.Errorf("%s: %w", typ, estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredictMissing(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", typ, err)
	}
	return x, nil
}

// BaggingClassifier fits copies of a classifier on random subsets of the rows
// (bootstrap samples by default) and of the features, and averages their class
// probabilities (scikit-learn: ensemble.BaggingClassifier). Like scikit-learn it
// encodes y as class codes 0..K-1 and fits the members on the codes; a member without
// PredictProba votes with its predicted class (a probability of one).
//
// Member i draws its features and rows from its own PCG stream seeded with (Seed, i)
// (math/rand/v2), so the members, and every output, are identical for any Workers;
// the streams differ from numpy's, so the members differ from scikit-learn's (the
// tests compare cross-validated accuracy). The member's own Seed field, when it has
// one, is set from the same pair. With bootstrap rows, a member that takes sample
// weights (estimator.WeightedFitter) is fitted once per distinct drawn row with the
// draw count as weight; others get the drawn rows with repeats. The fitted members
// are saved inside the ensemble's state (estimator.Save of each), so a model file
// holds them; Load rebuilds them from clones of Estimator.
type BaggingClassifier struct {
	// Estimator is the member prototype (it is cloned, never fitted); nil means
	// &tree.DecisionTreeClassifier{} (scikit-learn's default).
	Estimator estimator.Estimator
	// NEstimators is the number of members; 0 means 10. At most 2²⁰.
	NEstimators int
	// MaxSamples is the number of rows drawn per member: 0 means all (scikit-learn's
	// 1.0), a value in (0, 1] a fraction (int(MaxSamples·rows)), a whole value above
	// 1 a count.
	MaxSamples float64
	// MaxFeatures is the number of features drawn per member, as MaxSamples (a
	// fraction keeps at least one feature).
	MaxFeatures float64
	// NoBootstrap draws the rows without replacement (scikit-learn bootstrap=False).
	NoBootstrap bool
	// BootstrapFeatures draws the features with replacement.
	BootstrapFeatures bool
	// OOB computes the out-of-bag accuracy (scikit-learn oob_score=True), read with
	// OOBScore and OOBDecisionFunction. It needs bootstrap rows and no WarmStart.
	OOB bool
	// WarmStart makes a refit on data of the same shape keep the members already
	// fitted and add members up to NEstimators (from the first fit's seed stream).
	WarmStart bool
	// Seed seeds the draws; 0 is a valid fixed seed.
	Seed uint64
	// Workers bounds the members fitted (and predicted) at once; 0 means
	// runtime.GOMAXPROCS(0).
	Workers int

	fit *bagFit
}

func (b *BaggingClassifier) params() *bagParams {
	return &bagParams{typ: "ensemble.BaggingClassifier", est: b.Estimator, nEstimators: b.NEstimators,
		maxSamples: b.MaxSamples, maxFeatures: b.MaxFeatures, noBootstrap: b.NoBootstrap,
		bootstrapFeatures: b.BootstrapFeatures, oob: b.OOB, warm: b.WarmStart, seed: b.Seed,
		workers: b.Workers, clf: true}
}

// Validate checks the hyperparameters (and the Estimator's own, as "Estimator.X").
func (b *BaggingClassifier) Validate() error { return b.params().validate() }

// String returns the settings as estimator.Format prints them.
func (b *BaggingClassifier) String() string { return estimator.Format(b) }

// Fit fits the members on random subsets of X and the class codes of y.
func (b *BaggingClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return b.FitWeighted(ctx, X, y, nil)
}

// FitWeighted fits with sample weights w (nil: unweighted; otherwise the Estimator
// must be an estimator.WeightedFitter, as scikit-learn requires). X may hold NaN only
// if the Estimator accepts it. Invalid settings give a *estimator.ParamError; a
// MaxSamples or MaxFeatures that selects nothing or more than there is is also a
// *estimator.ParamError; a done ctx gives ctx.Err(). On error b is unchanged.
func (b *BaggingClassifier) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	f, err := b.params().fit(ctx, b.fit, X, y, w)
	if err != nil {
		return err
	}
	b.fit = f
	return nil
}

// PredictProba returns the mean over the members of their class probabilities
// (votes for members without PredictProba), columns in Classes order.
func (b *BaggingClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	const typ = "ensemble.BaggingClassifier"
	x, err := b.fit.predictInput(typ, X)
	if err != nil {
		return nil, err
	}
	s, err := b.fit.sum(x, b.Workers)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", typ, err)
	}
	s.Scale(1/float64(len(b.fit.members)), s)
	return s, nil
}

// Predict returns the class with the largest mean probability (the first on ties).
func (b *BaggingClassifier) Predict(X mat.Matrix) ([]float64, error) {
	p, err := b.PredictProba(X)
	if err != nil {
		return nil, err
	}
	n, _ := p.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = b.fit.Classes[voteArgmax(p.RawRowView(i))]
	}
	return out, nil
}

// Classes returns the sorted class labels seen at Fit, or nil before Fit.
func (b *BaggingClassifier) Classes() []float64 {
	if b.fit == nil {
		return nil
	}
	return slices.Clone(b.fit.Classes)
}

// OOBScore returns the out-of-bag accuracy (scikit-learn oob_score_), or 0 before
// Fit or when OOB was not set.
func (b *BaggingClassifier) OOBScore() float64 {
	if b.fit == nil || !b.fit.HasOOB {
		return 0
	}
	return b.fit.OOBScore
}

// OOBDecisionFunction returns the out-of-bag class probabilities (scikit-learn
// oob_decision_function_, n×K; NaN rows for rows in every bootstrap sample), or nil.
func (b *BaggingClassifier) OOBDecisionFunction() *mat.Dense {
	if b.fit == nil || !b.fit.HasOOB {
		return nil
	}
	return mat.NewDense(b.fit.NRows, len(b.fit.Classes), slices.Clone(b.fit.OOBOutputs))
}

// Estimators returns the fitted members (scikit-learn estimators_), or nil before
// Fit. They belong to the ensemble: do not refit them.
func (b *BaggingClassifier) Estimators() []estimator.Estimator { return bagMembers(b.fit) }

// EstimatorsFeatures returns the feature indices of each member (scikit-learn
// estimators_features_), or nil before Fit.
func (b *BaggingClassifier) EstimatorsFeatures() [][]int { return bagFeatures(b.fit) }

// MarshalState returns the learned state, fitted members included; nil before Fit.
func (b *BaggingClassifier) MarshalState() ([]byte, error) { return b.fit.marshal() }

// UnmarshalState restores what MarshalState returned, loading each member into a
// clone of Estimator (or the default); on error b is unchanged.
func (b *BaggingClassifier) UnmarshalState(data []byte) error {
	return b.params().unmarshal(data, &b.fit)
}

func bagMembers(f *bagFit) []estimator.Estimator {
	if f == nil {
		return nil
	}
	return slices.Clone(f.members)
}

func bagFeatures(f *bagFit) [][]int {
	if f == nil {
		return nil
	}
	out := make([][]int, len(f.Features))
	for i, ft := range f.Features {
		out[i] = slices.Clone(ft)
	}
	return out
}

// BaggingRegressor fits copies of a regressor on random subsets of the rows and
// features and averages their predictions (scikit-learn: ensemble.BaggingRegressor).
// Sampling, seeding, weights and persistence are as for BaggingClassifier.
type BaggingRegressor struct {
	// Estimator is the member prototype; nil means &tree.DecisionTreeRegressor{}.
	Estimator estimator.Estimator
	// NEstimators is the number of members; 0 means 10. At most 2²⁰.
	NEstimators int
	// MaxSamples is the number of rows drawn per member (0: all; (0, 1]: fraction;
	// whole > 1: count).
	MaxSamples float64
	// MaxFeatures is the number of features drawn per member, as MaxSamples.
	MaxFeatures float64
	// NoBootstrap draws the rows without replacement.
	NoBootstrap bool
	// BootstrapFeatures draws the features with replacement.
	BootstrapFeatures bool
	// OOB computes the out-of-bag R² (scikit-learn oob_score=True), read with
	// OOBScore and OOBPrediction. It needs bootstrap rows and no WarmStart.
	OOB bool
	// WarmStart keeps the fitted members and adds members up to NEstimators.
	WarmStart bool
	// Seed seeds the draws; 0 is a valid fixed seed.
	Seed uint64
	// Workers bounds the members fitted (and predicted) at once; 0 means
	// runtime.GOMAXPROCS(0).
	Workers int

	fit *bagFit
}

func (b *BaggingRegressor) params() *bagParams {
	return &bagParams{typ: "ensemble.BaggingRegressor", est: b.Estimator, nEstimators: b.NEstimators,
		maxSamples: b.MaxSamples, maxFeatures: b.MaxFeatures, noBootstrap: b.NoBootstrap,
		bootstrapFeatures: b.BootstrapFeatures, oob: b.OOB, warm: b.WarmStart, seed: b.Seed,
		workers: b.Workers}
}

// Validate checks the hyperparameters (and the Estimator's own).
func (b *BaggingRegressor) Validate() error { return b.params().validate() }

// String returns the settings as estimator.Format prints them.
func (b *BaggingRegressor) String() string { return estimator.Format(b) }

// Fit fits the members on random subsets of X and y.
func (b *BaggingRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return b.FitWeighted(ctx, X, y, nil)
}

// FitWeighted fits with sample weights w, as BaggingClassifier.FitWeighted does.
func (b *BaggingRegressor) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	f, err := b.params().fit(ctx, b.fit, X, y, w)
	if err != nil {
		return err
	}
	b.fit = f
	return nil
}

// Predict returns the mean of the members' predictions.
func (b *BaggingRegressor) Predict(X mat.Matrix) ([]float64, error) {
	const typ = "ensemble.BaggingRegressor"
	x, err := b.fit.predictInput(typ, X)
	if err != nil {
		return nil, err
	}
	s, err := b.fit.sum(x, b.Workers)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", typ, err)
	}
	n, _ := s.Dims()
	out := make([]float64, n)
	k := float64(len(b.fit.members))
	for i := range out {
		out[i] = s.At(i, 0) / k
		if math.IsNaN(out[i]) || math.IsInf(out[i], 0) {
			return nil, fmt.Errorf("%s: the members' mean for row %d is %v: %w", typ, i, out[i], estimator.ErrInvalidData)
		}
	}
	return out, nil
}

// OOBScore returns the out-of-bag R² (scikit-learn oob_score_), or 0 before Fit or
// when OOB was not set.
func (b *BaggingRegressor) OOBScore() float64 {
	if b.fit == nil || !b.fit.HasOOB {
		return 0
	}
	return b.fit.OOBScore
}

// OOBPrediction returns the out-of-bag predictions (scikit-learn oob_prediction_; 0
// for a row in every bootstrap sample), or nil.
func (b *BaggingRegressor) OOBPrediction() []float64 {
	if b.fit == nil || !b.fit.HasOOB {
		return nil
	}
	return slices.Clone(b.fit.OOBOutputs)
}

// Estimators returns the fitted members, or nil before Fit.
func (b *BaggingRegressor) Estimators() []estimator.Estimator { return bagMembers(b.fit) }

// EstimatorsFeatures returns the feature indices of each member, or nil before Fit.
func (b *BaggingRegressor) EstimatorsFeatures() [][]int { return bagFeatures(b.fit) }

// MarshalState returns the learned state, fitted members included; nil before Fit.
func (b *BaggingRegressor) MarshalState() ([]byte, error) { return b.fit.marshal() }

// UnmarshalState restores what MarshalState returned; on error b is unchanged.
func (b *BaggingRegressor) UnmarshalState(data []byte) error {
	return b.params().unmarshal(data, &b.fit)
}
