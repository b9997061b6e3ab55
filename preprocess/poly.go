package preprocess

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Transformer    = (*PolynomialFeatures)(nil)
	_ estimator.FitTransformer = (*PolynomialFeatures)(nil)
	_ estimator.Validator      = (*PolynomialFeatures)(nil)
	_ estimator.StateMarshaler = (*PolynomialFeatures)(nil)
	_ estimator.FeatureNamer   = (*PolynomialFeatures)(nil)
)

// PolynomialFeatures generates all monomials of the input features up to a degree
// (scikit-learn: preprocessing.PolynomialFeatures). For inputs [a, b] and degree 2 the
// output columns are [1, a, b, a², a·b, b²], in scikit-learn's order: the bias, then
// each degree in turn, combinations with replacement in lexicographic order.
//
// Transform computes each monomial of degree d > 1 as one product of a monomial of
// degree d − 1 (already in the same output row) and one input feature, exactly as
// scikit-learn's dense path does, so results agree bit for bit. Large inputs are
// processed in fixed chunks of rows on several goroutines; the output does not
// depend on GOMAXPROCS. scikit-learn's (min_degree, max_degree) tuple form and the
// order="F" option are not supported.
type PolynomialFeatures struct {
	// Degree is the maximal degree; 0 means 2 (scikit-learn's default). Negative
	// values are invalid.
	Degree int
	// InteractionOnly keeps only products of distinct features (no x², x²·y, ...);
	// scikit-learn interaction_only=False.
	InteractionOnly bool
	// NoBias drops the constant column of ones (scikit-learn include_bias=False).
	NoBias bool

	fit *polyFit
}

type polyFit struct {
	// InNames are the column names of the training matrix when it has them
	// (estimator.Columns, such as a Frame); nil otherwise.
	InNames   []string
	NFeatures int
	// Combos lists the input features multiplied in each output column (empty for
	// the bias), in output order.
	Combos [][]int

	// plan is derived from Combos once, on first use (not saved: rebuilt after Load).
	planOnce sync.Once
	plan     polyPlan
}

// getPlan returns the evaluation plan, building it on first use; safe for concurrent
// Transform calls.
func (f *polyFit) getPlan() polyPlan {
	f.planOnce.Do(func() { f.plan = polyMakePlan(f.Combos) })
	return f.plan
}

// polyPlan is the per-column recipe Transform follows: column k is 1 (bias),
// a copy of input feature Feat (degree 1), or out[Src]·x[Feat] (degree ≥ 2).
type polyPlan struct {
	kind []uint8 // 0 bias, 1 copy, 2 product
	src  []int
	feat []int
}

func (p *PolynomialFeatures) degree() int {
	if p.Degree == 0 {
		return 2
	}
	return p.Degree
}

// Validate checks Degree.
func (p *PolynomialFeatures) Validate() error {
	if p.Degree < 0 {
		return &estimator.ParamError{Param: "Degree", Value: p.Degree, Reason: "must be >= 0 (0 means 2)"}
	}
	return nil
}

// polyCombos lists the combinations in scikit-learn's order.
func polyCombos(nFeatures, degree int, interactionOnly, bias bool) [][]int {
	var out [][]int
	if bias {
		out = append(out, []int{})
	}
	var rec func(prefix []int, start, left int)
	rec = func(prefix []int, start, left int) {
		if left == 0 {
			out = append(out, append([]int(nil), prefix...))
			return
		}
		for f := start; f < nFeatures; f++ {
			next := f
			if interactionOnly {
				next = f + 1
			}
			rec(append(prefix, f), next, left-1)
		}
	}
	for d := 1; d <= degree; d++ {
		rec(make([]int, 0, d), 0, d)
	}
	return out
}

// polyMaxOutput bounds the number of output columns (and, times 64, of output
// values), so that an over-large Degree fails with an error instead of exhausting
// memory.
const polyMaxOutput = 1 << 24

// polyCount returns the number of output columns as a float64 (it may be huge).
func polyCount(nFeatures, degree int, interactionOnly, bias bool) float64 {
	total := 0.0
	if bias {
		total = 1
	}
	for d := 1; d <= degree; d++ {
		// C(n, d) for interactions, C(n+d-1, d) with replacement.
		top := float64(nFeatures + d - 1)
		if interactionOnly {
			top = float64(nFeatures)
		}
		c := 1.0
		for i := 0; i < d; i++ {
			c = c * (top - float64(i)) / float64(i+1)
		}
		if c > 0 {
			total += c
		}
	}
	return total
}

func polyKey(c []int) string {
	var b strings.Builder
	for _, f := range c {
		fmt.Fprintf(&b, "%d,", f)
	}
	return b.String()
}

func polyMakePlan(combos [][]int) polyPlan {
	pl := polyPlan{kind: make([]uint8, len(combos)), src: make([]int, len(combos)), feat: make([]int, len(combos))}
	index := make(map[string]int, len(combos))
	for k, c := range combos {
		index[polyKey(c)] = k
	}
	for k, c := range combos {
		switch len(c) {
		case 0:
			pl.kind[k] = 0
		case 1:
			pl.kind[k], pl.feat[k] = 1, c[0]
		default:
			// scikit-learn multiplies the tail monomial (c[1:]) by the first feature.
			pl.kind[k], pl.feat[k], pl.src[k] = 2, c[0], index[polyKey(c[1:])]
		}
	}
	return pl
}

// Fit records the number of input features and the output combinations. y is
// ignored (nil allowed). It returns ErrInvalidData when the output would have no
// column.
func (p *PolynomialFeatures) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "PolynomialFeatures", p, X, y)
	if err != nil {
		return err
	}
	f, err := p.compute(x)
	if err != nil {
		return err
	}
	p.fit = f
	p.fit.InNames = scaleInputNames(X)
	return nil
}

func (p *PolynomialFeatures) compute(x *mat.Dense) (*polyFit, error) {
	n, c := x.Dims()
	if m := polyCount(c, p.degree(), p.InteractionOnly, !p.NoBias); m > polyMaxOutput || m*float64(n) > polyMaxOutput*64 {
		return nil, fmt.Errorf("preprocess.PolynomialFeatures: %g output features for %d rows is too many: %w",
			m, n, estimator.ErrInvalidData)
	}
	combos := polyCombos(c, p.degree(), p.InteractionOnly, !p.NoBias)
	if len(combos) == 0 {
		return nil, fmt.Errorf("preprocess.PolynomialFeatures: no output feature: %w", estimator.ErrInvalidData)
	}
	return &polyFit{NFeatures: c, Combos: combos}, nil
}

// FitTransform fits on X and returns its polynomial features.
func (p *PolynomialFeatures) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	x, err := scaleCheckFit(ctx, "PolynomialFeatures", p, X, y)
	if err != nil {
		return nil, err
	}
	f, err := p.compute(x)
	if err != nil {
		return nil, err
	}
	p.fit = f
	p.fit.InNames = scaleInputNames(X)
	return polyApply(f, x), nil
}

func (p *PolynomialFeatures) nf() int {
	if p.fit == nil {
		return 0
	}
	return p.fit.NFeatures
}

// Transform returns the n×NOutputFeatures() matrix of monomials of X. It returns
// ErrNotFitted before Fit, ErrShape on a wrong feature count and ErrInvalidData for
// empty or non-finite X.
func (p *PolynomialFeatures) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := p.fit
	x, err := scaleCheckTransform("PolynomialFeatures", f != nil, X, p.nf())
	if err != nil {
		return nil, err
	}
	return polyApply(f, x), nil
}

// polyGrain is the number of rows per parallel chunk.
const polyGrain = 512

func polyApply(f *polyFit, x *mat.Dense) *mat.Dense {
	pl := f.getPlan()
	n, _ := x.Dims()
	m := len(f.Combos)
	out := mat.NewDense(n, m, nil)
	raw := out.RawMatrix().Data
	// Columns come in order: the bias (if any), the degree-1 copies, then products.
	first := 0
	for first < m && pl.kind[first] != 2 {
		first++
	}
	body := func(lo, hi int) {
		src, feat := pl.src[first:], pl.feat[first:]
		for i := lo; i < hi; i++ {
			row := x.RawRowView(i)
			dst := raw[i*m : (i+1)*m]
			for k := 0; k < first; k++ {
				if pl.kind[k] == 0 {
					dst[k] = 1
				} else {
					dst[k] = row[pl.feat[k]]
				}
			}
			prod := dst[first:]
			for k := range prod {
				prod[k] = dst[src[k]] * row[feat[k]]
			}
		}
	}
	polyParallel(n, polyGrain, body)
	return out
}

// polyParallel calls body on the chunks [lo, hi) of [0, n) of at most grain rows,
// on up to GOMAXPROCS goroutines. Chunk boundaries depend only on n and grain.
func polyParallel(n, grain int, body func(lo, hi int)) {
	chunks := (n + grain - 1) / grain
	workers := min(runtime.GOMAXPROCS(0), chunks)
	if workers <= 1 {
		body(0, n)
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := int(next.Add(1)) - 1; c < chunks; c = int(next.Add(1)) - 1 {
				lo := c * grain
				body(lo, min(lo+grain, n))
			}
		}()
	}
	wg.Wait()
}

// NOutputFeatures returns the number of output columns (n_output_features_), or 0
// before Fit.
func (p *PolynomialFeatures) NOutputFeatures() int {
	if p.fit == nil {
		return 0
	}
	return len(p.fit.Combos)
}

// Powers returns, for each output column, the exponent of each input feature
// (scikit-learn powers_), or nil before Fit.
func (p *PolynomialFeatures) Powers() [][]int {
	if p.fit == nil {
		return nil
	}
	out := make([][]int, len(p.fit.Combos))
	for k, c := range p.fit.Combos {
		out[k] = make([]int, p.fit.NFeatures)
		for _, f := range c {
			out[k][f]++
		}
	}
	return out
}

// FeatureNamesOut returns names like scikit-learn's get_feature_names_out: "1" for
// the bias, "x0", "x0 x1", "x0^2" (with in's names instead of x0, x1 when given).
// It returns nil before Fit or when len(in) differs from the number of features.
func (p *PolynomialFeatures) FeatureNamesOut(in []string) []string {
	if p.fit == nil || (in != nil && len(in) != p.fit.NFeatures) {
		return nil
	}
	names := scaleNames(scaleDefaultNames(in, p.fit.InNames), p.fit.NFeatures)
	out := make([]string, 0, len(p.fit.Combos))
	for _, pw := range p.Powers() {
		var terms []string
		for j, e := range pw {
			switch {
			case e == 1:
				terms = append(terms, names[j])
			case e > 1:
				terms = append(terms, fmt.Sprintf("%s^%d", names[j], e))
			}
		}
		if len(terms) == 0 {
			out = append(out, "1")
		} else {
			out = append(out, strings.Join(terms, " "))
		}
	}
	return out
}

// MarshalState encodes the learned state (nil before Fit).
func (p *PolynomialFeatures) MarshalState() ([]byte, error) { return estimator.GobState(p.fit) }

// UnmarshalState restores state written by MarshalState.
func (p *PolynomialFeatures) UnmarshalState(b []byte) error { return estimator.UngobState(b, &p.fit) }
