package preprocess

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
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

// polyCombos lists the combinations in scikit-learn's order. Callers bound the size
// first with polyCount. It returns ctx.Err() if ctx is done while listing.
func polyCombos(ctx context.Context, nFeatures, degree int, interactionOnly, bias bool) ([][]int, error) {
	var out [][]int
	if bias {
		out = append(out, []int{})
	}
	var err error
	var rec func(prefix []int, start, left int)
	rec = func(prefix []int, start, left int) {
		if err != nil {
			return
		}
		if left == 0 {
			if len(out)%4096 == 0 {
				err = ctx.Err()
			}
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
	maxDegree := degree
	if interactionOnly {
		maxDegree = min(degree, nFeatures) // no combination of more distinct features
	}
	for d := 1; d <= maxDegree; d++ {
		rec(make([]int, 0, d), 0, d)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PolyMaxOutputFeatures bounds the number of output columns of PolynomialFeatures
// (2²⁰), and PolyMaxCombinationSize the total number of input factors over all output
// columns (2²⁴, the size of the learned plan): Fit rejects a Degree that would exceed
// either for the data's number of features, with an error wrapping
// estimator.ErrInvalidParam, before allocating anything. The count uses exact
// integer binomials that stop as soon as a cap is passed, so no Degree can overflow
// it or make it slow.
const (
	PolyMaxOutputFeatures  = 1 << 20
	PolyMaxCombinationSize = 1 << 24
)

const polyMaxOutput = PolyMaxOutputFeatures

// polyMaxValues bounds the number of values of one Transform output (2³⁰, 8 GiB).
const polyMaxValues = 1 << 30

// polyCount returns the number of output columns for nFeatures inputs, or an error
// wrapping estimator.ErrInvalidParam when the columns or the total size of their
// combinations would exceed PolyMaxOutputFeatures or PolyMaxCombinationSize.
//
// With replacement there are C(n+d−1, d) monomials of degree d, without C(n, d);
// each is computed from the previous one exactly (C(N, d) = C(N−1, d−1)·N/d, or
// C(n, d) = C(n, d−1)·(n−d+1)/d), and the loop stops once a cap is passed: every
// degree adds at least one column, so it runs at most PolyMaxOutputFeatures times.
func polyCount(ctx context.Context, nFeatures, degree int, interactionOnly, bias bool) (int, error) {
	width, size := 0, 0
	if bias {
		width = 1
	}
	c := 1 // the number of monomials of degree d−1
	for d := 1; d <= degree; d++ {
		if d%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		if interactionOnly {
			if d > nFeatures {
				break
			}
			c = c * (nFeatures - d + 1) / d
		} else {
			c = c * (nFeatures + d - 1) / d
		}
		width += c
		size += c * d
		if width > PolyMaxOutputFeatures || size > PolyMaxCombinationSize {
			return 0, &estimator.ParamError{Param: "Degree", Value: degree,
				Reason: fmt.Sprintf("gives more than %d output features (or %d combination factors) for %d input features",
					PolyMaxOutputFeatures, PolyMaxCombinationSize, nFeatures)}
		}
	}
	return width, nil
}

func polyKey(c []int) string {
	var buf [64]byte // enough for most combinations: no allocation but the string
	b := buf[:0]
	for _, f := range c {
		b = strconv.AppendInt(b, int64(f), 10)
		b = append(b, ',')
	}
	return string(b)
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
	f, err := p.compute(ctx, x)
	if err != nil {
		return err
	}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("PolynomialFeatures", f); err != nil {
		return err
	}
	p.fit = f
	return nil
}

func (p *PolynomialFeatures) compute(ctx context.Context, x *mat.Dense) (*polyFit, error) {
	n, c := x.Dims()
	m, err := polyCount(ctx, c, p.degree(), p.InteractionOnly, !p.NoBias)
	if err != nil {
		return nil, p.fitErr(err)
	}
	if m == 0 {
		return nil, fmt.Errorf("preprocess.PolynomialFeatures: no output feature: %w", estimator.ErrInvalidData)
	}
	if m > polyMaxValues/n {
		return nil, fmt.Errorf("preprocess.PolynomialFeatures: %d output features for %d rows is more than %d values: %w",
			m, n, polyMaxValues, estimator.ErrInvalidData)
	}
	combos, err := polyCombos(ctx, c, p.degree(), p.InteractionOnly, !p.NoBias)
	if err != nil {
		return nil, p.fitErr(err)
	}
	return &polyFit{NFeatures: c, Combos: combos}, nil
}

// fitErr prefixes err unless it is the context's.
func (p *PolynomialFeatures) fitErr(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("preprocess.PolynomialFeatures: %w", err)
}

// FitTransform fits on X and returns its polynomial features.
func (p *PolynomialFeatures) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	x, err := scaleCheckFit(ctx, "PolynomialFeatures", p, X, y)
	if err != nil {
		return nil, err
	}
	f, err := p.compute(ctx, x)
	if err != nil {
		return nil, err
	}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("PolynomialFeatures", f); err != nil {
		return nil, err
	}
	p.fit = f
	return polyApply(f, x)
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
	return polyApply(f, x)
}

// polyGrain is the number of rows per parallel chunk.
const polyGrain = 512

func polyApply(f *polyFit, x *mat.Dense) (*mat.Dense, error) {
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
	if n <= polyGrain {
		body(0, n) // one chunk: no goroutine
		return out, nil
	}
	if err := parallel.Chunks(n, polyGrain, func(_, lo, hi int) { body(lo, hi) }); err != nil {
		return nil, fmt.Errorf("preprocess.PolynomialFeatures: %w", err)
	}
	return out, nil
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
func (p *PolynomialFeatures) MarshalState() ([]byte, error) {
	return estimator.EncodeState(polyStateVersion, p.fit)
}

// UnmarshalState restores state written by MarshalState.
func (p *PolynomialFeatures) UnmarshalState(b []byte) error {
	var f *polyFit
	if err := estimator.DecodeState(b, polyStateVersion, &f); err != nil {
		return stateWrap("PolynomialFeatures", err)
	}
	if f != nil {
		if err := p.checkState(f); err != nil {
			return stateErr("PolynomialFeatures", err)
		}
	}
	p.fit = f
	return nil
}

// checkState checks that the saved combinations are exactly those Degree,
// InteractionOnly and NoBias give for NFeatures inputs.
func (p *PolynomialFeatures) checkState(f *polyFit) error {
	m, err := polyCount(context.Background(), f.NFeatures, p.degree(), p.InteractionOnly, !p.NoBias)
	if err != nil {
		return err
	}
	if m != len(f.Combos) {
		return fmt.Errorf("%d combinations saved, the hyperparameters give %d", len(f.Combos), m)
	}
	want, err := polyCombos(context.Background(), f.NFeatures, p.degree(), p.InteractionOnly, !p.NoBias)
	if err != nil {
		return err
	}
	for k, c := range want {
		if !slices.Equal(c, f.Combos[k]) {
			return fmt.Errorf("Combos[%d] is %v, the hyperparameters give %v", k, f.Combos[k], c)
		}
	}
	return nil
}
