package preprocess

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Transformer        = (*VarianceThreshold)(nil)
	_ estimator.FitTransformer     = (*VarianceThreshold)(nil)
	_ estimator.InverseTransformer = (*VarianceThreshold)(nil)
	_ estimator.Validator          = (*VarianceThreshold)(nil)
	_ estimator.StateMarshaler     = (*VarianceThreshold)(nil)
	_ estimator.FeatureNamer       = (*VarianceThreshold)(nil)

	_ estimator.Transformer        = (*SelectKBest)(nil)
	_ estimator.FitTransformer     = (*SelectKBest)(nil)
	_ estimator.InverseTransformer = (*SelectKBest)(nil)
	_ estimator.Validator          = (*SelectKBest)(nil)
	_ estimator.StateMarshaler     = (*SelectKBest)(nil)
	_ estimator.FeatureNamer       = (*SelectKBest)(nil)
)

// selectFit is the learned state shared by the feature selectors.
type selectFit struct {
	// InNames are the column names of the training matrix when it has them
	// (estimator.Columns, such as a Frame); nil otherwise.
	InNames   []string
	NFeatures int
	Support   []bool
	Scores    []float64 // variances for VarianceThreshold
	PValues   []float64 // nil for mutual information and VarianceThreshold
}

func (f *selectFit) nf() int {
	if f == nil {
		return 0
	}
	return f.NFeatures
}

// selectApply keeps the supported columns of x.
func selectApply(f *selectFit, x *mat.Dense) *mat.Dense {
	var idx []int
	for j, s := range f.Support {
		if s {
			idx = append(idx, j)
		}
	}
	r, _ := x.Dims()
	if len(idx) == 0 {
		// An n×0 matrix cannot be represented by *mat.Dense; callers prevent this.
		return &mat.Dense{}
	}
	out := mat.NewDense(r, len(idx), nil)
	for i := 0; i < r; i++ {
		row := x.RawRowView(i)
		dst := out.RawRowView(i)
		for k, j := range idx {
			dst[k] = row[j]
		}
	}
	return out
}

// selectInverse puts the columns of x back in place, with zeros for dropped features.
func selectInverse(name string, f *selectFit, X mat.Matrix) (*mat.Dense, error) {
	if f == nil {
		return nil, fmt.Errorf("preprocess.%s: %w", name, estimator.ErrNotFitted)
	}
	var idx []int
	for j, s := range f.Support {
		if s {
			idx = append(idx, j)
		}
	}
	x, err := estimator.CheckPredict(X, len(idx))
	if err != nil {
		return nil, fmt.Errorf("preprocess.%s: %w", name, err)
	}
	r, _ := x.Dims()
	out := mat.NewDense(r, f.NFeatures, nil)
	for i := 0; i < r; i++ {
		row := x.RawRowView(i)
		dst := out.RawRowView(i)
		for k, j := range idx {
			dst[j] = row[k]
		}
	}
	return out, nil
}

func selectNames(f *selectFit, in []string) []string {
	if f == nil || (in != nil && len(in) != f.NFeatures) {
		return nil
	}
	names := scaleNames(scaleDefaultNames(in, f.InNames), f.NFeatures)
	out := []string{}
	for j, s := range f.Support {
		if s {
			out = append(out, names[j])
		}
	}
	return out
}

// ---------------------------------------------------------------------------

// VarianceThreshold removes features whose variance is at most Threshold
// (scikit-learn: feature_selection.VarianceThreshold). Variances are population
// variances (ddof = 0); with Threshold 0 the peak-to-peak range is used when smaller,
// so constant features are always removed, as in scikit-learn.
type VarianceThreshold struct {
	// Threshold is the variance a feature must exceed to be kept. Zero (the default,
	// as in scikit-learn) removes only constant features. Negative values are invalid.
	Threshold float64

	fit *selectFit
}

// Validate checks Threshold >= 0.
func (v *VarianceThreshold) Validate() error {
	if !(v.Threshold >= 0) || math.IsInf(v.Threshold, 0) {
		return &estimator.ParamError{Param: "Threshold", Value: v.Threshold, Reason: "must be finite and >= 0"}
	}
	return nil
}

// Fit computes the variance of every feature. y is ignored (nil allowed). It returns
// ErrInvalidData when no feature exceeds the threshold.
func (v *VarianceThreshold) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "VarianceThreshold", v, X, y)
	if err != nil {
		return err
	}
	f, err := v.compute(x)
	if err != nil {
		return err
	}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("VarianceThreshold", f); err != nil {
		return err
	}
	v.fit = f
	return nil
}

func (v *VarianceThreshold) compute(x *mat.Dense) (*selectFit, error) {
	r, c := x.Dims()
	f := &selectFit{NFeatures: c, Support: make([]bool, c), Scores: make([]float64, c)}
	any := false
	for j := 0; j < c; j++ {
		col := scaleColumn(x, j)
		_, variance := stat.PopMeanVariance(col, nil)
		lo, hi := floats.Min(col), floats.Max(col)
		if v.Threshold == 0 {
			variance = math.Min(variance, hi-lo)
		}
		f.Scores[j] = variance
		f.Support[j] = variance > v.Threshold
		any = any || f.Support[j]
	}
	if !any {
		msg := ""
		if r == 1 {
			msg = " (X contains only one sample)"
		}
		return nil, fmt.Errorf("preprocess.VarianceThreshold: no feature in X meets the variance threshold %.5f%s: %w",
			v.Threshold, msg, estimator.ErrInvalidData)
	}
	return f, nil
}

// FitTransform fits on X and returns the kept columns.
func (v *VarianceThreshold) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	x, err := scaleCheckFit(ctx, "VarianceThreshold", v, X, y)
	if err != nil {
		return nil, err
	}
	f, err := v.compute(x)
	if err != nil {
		return nil, err
	}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("VarianceThreshold", f); err != nil {
		return nil, err
	}
	v.fit = f
	return selectApply(f, x), nil
}

// Transform returns the columns of X whose variance exceeded the threshold at Fit.
// It returns ErrNotFitted, ErrShape or ErrInvalidData like the scalers.
func (v *VarianceThreshold) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := v.fit
	x, err := scaleCheckTransform("VarianceThreshold", f != nil, X, f.nf())
	if err != nil {
		return nil, err
	}
	return selectApply(f, x), nil
}

// InverseTransform puts kept columns back in place, with zeros for removed features.
func (v *VarianceThreshold) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	return selectInverse("VarianceThreshold", v.fit, X)
}

// Variances returns a copy of the per-feature variances (variances_), or nil.
func (v *VarianceThreshold) Variances() []float64 {
	if v.fit == nil {
		return nil
	}
	return slices.Clone(v.fit.Scores)
}

// Support returns which features are kept (get_support()), or nil before Fit.
func (v *VarianceThreshold) Support() []bool {
	if v.fit == nil {
		return nil
	}
	return slices.Clone(v.fit.Support)
}

// FeatureNamesOut returns the names of the kept features.
func (v *VarianceThreshold) FeatureNamesOut(in []string) []string { return selectNames(v.fit, in) }

// MarshalState encodes the learned state (nil before Fit).
func (v *VarianceThreshold) MarshalState() ([]byte, error) {
	return estimator.EncodeState(selectStateVersion, v.fit)
}

// UnmarshalState restores state written by MarshalState.
func (v *VarianceThreshold) UnmarshalState(b []byte) error {
	return stateWrap("VarianceThreshold", estimator.DecodeState(b, selectStateVersion, &v.fit))
}

// ---------------------------------------------------------------------------

// ScoreFunc names the univariate statistic SelectKBest ranks features by.
type ScoreFunc string

// Score functions accepted by SelectKBest.
const (
	// FClassifScore (the zero value "" or "f_classif") is the ANOVA F-value, [FClassif].
	FClassifScore ScoreFunc = "f_classif"
	// FRegressionScore is the univariate linear-regression F-value, [FRegression].
	FRegressionScore ScoreFunc = "f_regression"
	// MutualInfoClassifScore is [MutualInfoClassif] (no p-values).
	MutualInfoClassifScore ScoreFunc = "mutual_info_classif"
	// MutualInfoRegressionScore is [MutualInfoRegression] (no p-values).
	MutualInfoRegressionScore ScoreFunc = "mutual_info_regression"
)

// SelectKBest keeps the K features with the highest scores (scikit-learn:
// feature_selection.SelectKBest). Scores come from the named univariate statistic.
// Ties are broken as scikit-learn does (a stable ascending sort of the scores, taking
// the last K): among equal scores, later features win. NaN scores rank lowest.
//
// scikit-learn's score_func is any callable; here it is a [ScoreFunc] name so that it
// can be searched over and saved. Call [FClassif], [FRegression],
// [MutualInfoClassif] or [MutualInfoRegression] directly for other uses.
type SelectKBest struct {
	// Score is the statistic; the zero value is "f_classif" (scikit-learn's default).
	Score ScoreFunc
	// K is the number of features to keep; 0 means 10 (scikit-learn's default).
	// Fit fails when K exceeds the number of features (as scikit-learn does); set
	// All to keep every feature (k="all"). Negative values are invalid.
	K int
	// All keeps every feature (scikit-learn k="all"); K is then ignored.
	All bool
	// Seed seeds the tiny noise the mutual-information estimators add to continuous
	// values (scikit-learn random_state); unused by the F tests.
	Seed uint64

	fit *selectFit
}

func (s *SelectKBest) k() int {
	if s.K == 0 {
		return 10
	}
	return s.K
}

// Validate checks Score and K.
func (s *SelectKBest) Validate() error {
	switch s.Score {
	case "", FClassifScore, FRegressionScore, MutualInfoClassifScore, MutualInfoRegressionScore:
	default:
		return &estimator.ParamError{Param: "Score", Value: s.Score,
			Reason: `must be "f_classif", "f_regression", "mutual_info_classif" or "mutual_info_regression"`}
	}
	if s.K < 0 {
		return &estimator.ParamError{Param: "K", Value: s.K, Reason: "must be >= 0 (0 means 10)"}
	}
	return nil
}

// Fit scores every feature of X against y (required) and selects the best K. It
// returns a *ParamError wrapped when K exceeds the number of features, ErrShape when
// len(y) differs from the rows of X, and ErrInvalidData for bad data (and for
// classification scores, y with fewer than two classes).
func (s *SelectKBest) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	x, err := scaleCheckFit(ctx, "SelectKBest", s, X, y)
	if err != nil {
		return err
	}
	f, err := s.compute(ctx, x, y)
	if err != nil {
		return err
	}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("SelectKBest", f); err != nil {
		return err
	}
	s.fit = f
	return nil
}

func (s *SelectKBest) compute(ctx context.Context, x *mat.Dense, y []float64) (*selectFit, error) {
	if y == nil {
		return nil, fmt.Errorf("preprocess.SelectKBest: y is required: %w", estimator.ErrInvalidData)
	}
	_, c := x.Dims()
	if !s.All && s.k() > c {
		return nil, fmt.Errorf("preprocess.SelectKBest: %w", &estimator.ParamError{Param: "K", Value: s.k(),
			Reason: fmt.Sprintf("must be <= n_features = %d; set All to keep every feature", c)})
	}
	var scores, pvalues []float64
	var err error
	switch s.Score {
	case FRegressionScore:
		scores, pvalues, err = selectFRegression(x, y)
	case MutualInfoRegressionScore:
		scores, err = selectMutualInfo(ctx, x, y, false, s.Seed)
	case MutualInfoClassifScore:
		scores, err = selectMutualInfo(ctx, x, y, true, s.Seed)
	default:
		scores, pvalues, err = selectFClassif(x, y)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("preprocess.SelectKBest: %w", err)
	}
	f := &selectFit{NFeatures: c, Scores: scores, PValues: pvalues, Support: make([]bool, c)}
	if s.All {
		for j := range f.Support {
			f.Support[j] = true
		}
		return f, nil
	}
	order := make([]int, c)
	for j := range order {
		order[j] = j
	}
	clean := func(v float64) float64 {
		if math.IsNaN(v) {
			return -math.MaxFloat64
		}
		return v
	}
	sort.SliceStable(order, func(a, b int) bool { return clean(scores[order[a]]) < clean(scores[order[b]]) })
	for _, j := range order[c-s.k():] {
		f.Support[j] = true
	}
	return f, nil
}

// FitTransform fits on X and y and returns the selected columns.
func (s *SelectKBest) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	x, err := scaleCheckFit(ctx, "SelectKBest", s, X, y)
	if err != nil {
		return nil, err
	}
	f, err := s.compute(ctx, x, y)
	if err != nil {
		return nil, err
	}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("SelectKBest", f); err != nil {
		return nil, err
	}
	s.fit = f
	return selectApply(f, x), nil
}

// Transform returns the selected columns of X, in their original order. It returns
// ErrNotFitted, ErrShape or ErrInvalidData like the scalers.
func (s *SelectKBest) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := s.fit
	x, err := scaleCheckTransform("SelectKBest", f != nil, X, f.nf())
	if err != nil {
		return nil, err
	}
	return selectApply(f, x), nil
}

// InverseTransform puts selected columns back in place, with zeros elsewhere.
func (s *SelectKBest) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	return selectInverse("SelectKBest", s.fit, X)
}

// Scores returns a copy of the per-feature scores (scores_), or nil before Fit.
func (s *SelectKBest) Scores() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.Scores)
}

// PValues returns a copy of the per-feature p-values (pvalues_), or nil before Fit
// and for the mutual-information scores.
func (s *SelectKBest) PValues() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.PValues)
}

// Support returns which features are kept (get_support()), or nil before Fit.
func (s *SelectKBest) Support() []bool {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.Support)
}

// FeatureNamesOut returns the names of the selected features.
func (s *SelectKBest) FeatureNamesOut(in []string) []string { return selectNames(s.fit, in) }

// MarshalState encodes the learned state (nil before Fit).
func (s *SelectKBest) MarshalState() ([]byte, error) {
	return estimator.EncodeState(selectStateVersion, s.fit)
}

// UnmarshalState restores state written by MarshalState.
func (s *SelectKBest) UnmarshalState(b []byte) error {
	var f *selectFit
	if err := estimator.DecodeState(b, selectStateVersion, &f); err != nil {
		return stateWrap("SelectKBest", err)
	}
	if f != nil {
		if err := s.checkState(f); err != nil {
			return stateErr("SelectKBest", err)
		}
	}
	s.fit = f
	return nil
}

// checkState checks that the number of selected features is K (every feature with
// All).
func (s *SelectKBest) checkState(f *selectFit) error {
	want := s.k()
	if s.All {
		want = f.NFeatures
	}
	if got := selectCount(f.Support); got != want {
		return fmt.Errorf("Support selects %d features, want %d", got, want)
	}
	return nil
}

// ---------------------------------------------------------------------------
// Score functions.

// selectFSurvival is the F(d1, d2) survival function (scipy.special.fdtrc).
func selectFSurvival(f, d1, d2 float64) float64 {
	if math.IsNaN(f) {
		return math.NaN()
	}
	if f <= 0 {
		return 1
	}
	if math.IsInf(f, 1) {
		return 0
	}
	return mathext.RegIncBeta(d2/2, d1/2, d2/(d2+d1*f))
}

// FClassif computes the ANOVA F-value of each feature of X for the class labels y,
// and its p-value (scikit-learn: feature_selection.f_classif). Constant features give
// NaN or +Inf, as in scikit-learn. It returns ErrInvalidData for invalid data or fewer
// than two classes, and ErrShape when len(y) differs from X's rows.
func FClassif(X mat.Matrix, y []float64) (scores, pvalues []float64, err error) {
	x, err := estimator.CheckXy(X, y)
	if err == nil && y == nil {
		err = fmt.Errorf("y is required: %w", estimator.ErrInvalidData)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("preprocess.FClassif: %w", err)
	}
	return selectFClassif(x, y)
}

func selectFClassif(x *mat.Dense, y []float64) (scores, pvalues []float64, err error) {
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return nil, nil, err
	}
	n, c := x.Dims()
	if n <= len(classes) {
		return nil, nil, fmt.Errorf("f_classif needs more samples (%d) than classes (%d): %w", n, len(classes), estimator.ErrInvalidData)
	}
	k := len(classes)
	sums := make([][]float64, k)
	for g := range sums {
		sums[g] = make([]float64, c)
	}
	counts := make([]float64, k)
	ss := make([]float64, c)
	for i := 0; i < n; i++ {
		g, _ := slices.BinarySearch(classes, y[i])
		counts[g]++
		for j, v := range x.RawRowView(i) {
			sums[g][j] += v
			ss[j] += v * v
		}
	}
	scores = make([]float64, c)
	pvalues = make([]float64, c)
	dfbn, dfwn := float64(k-1), float64(n-k)
	for j := 0; j < c; j++ {
		total := 0.0
		for g := range sums {
			total += sums[g][j]
		}
		sqAll := total * total
		sstot := ss[j] - sqAll/float64(n)
		ssbn := 0.0
		for g := range sums {
			ssbn += sums[g][j] * sums[g][j] / counts[g]
		}
		ssbn -= sqAll / float64(n)
		sswn := sstot - ssbn
		msb, msw := ssbn/dfbn, sswn/dfwn
		scores[j] = msb / msw
		pvalues[j] = selectFSurvival(scores[j], dfbn, dfwn)
	}
	return scores, pvalues, nil
}

// FRegression computes, for each feature of X, the F-statistic of the univariate
// linear regression of y on it and its p-value (scikit-learn:
// feature_selection.f_regression with center=True, force_finite=True): a perfect
// correlation gives the largest float64 and p-value 0, a constant feature or target
// gives 0 and p-value 1. Errors as FClassif, without the class requirement.
func FRegression(X mat.Matrix, y []float64) (scores, pvalues []float64, err error) {
	x, err := estimator.CheckXy(X, y)
	if err == nil && y == nil {
		err = fmt.Errorf("y is required: %w", estimator.ErrInvalidData)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("preprocess.FRegression: %w", err)
	}
	return selectFRegression(x, y)
}

func selectFRegression(x *mat.Dense, y []float64) (scores, pvalues []float64, err error) {
	n, c := x.Dims()
	if n < 3 {
		return nil, nil, fmt.Errorf("f_regression needs at least 3 samples, got %d: %w", n, estimator.ErrInvalidData)
	}
	ym := stat.Mean(y, nil)
	yc := make([]float64, n)
	ynorm := 0.0
	for i, v := range y {
		yc[i] = v - ym
		ynorm += yc[i] * yc[i]
	}
	ynorm = math.Sqrt(ynorm)
	means := make([]float64, c)
	sq := make([]float64, c)
	dot := make([]float64, c)
	for i := 0; i < n; i++ {
		for j, v := range x.RawRowView(i) {
			means[j] += v
			sq[j] += v * v
			dot[j] += yc[i] * v
		}
	}
	dof := float64(n - 2)
	scores = make([]float64, c)
	pvalues = make([]float64, c)
	for j := range scores {
		means[j] /= float64(n)
		norm := math.Sqrt(sq[j] - float64(n)*means[j]*means[j])
		r := dot[j] / norm / ynorm
		if math.IsNaN(r) {
			r = 0
		}
		r2 := r * r
		f := r2 / (1 - r2) * dof
		switch {
		case math.IsInf(f, 0):
			scores[j], pvalues[j] = math.MaxFloat64, 0
		case math.IsNaN(f):
			scores[j], pvalues[j] = 0, 1
		default:
			scores[j], pvalues[j] = f, selectFSurvival(f, 1, dof)
		}
	}
	return scores, pvalues, nil
}

// MutualInfoRegression estimates the mutual information between each feature of X
// and the continuous target y (scikit-learn: feature_selection.mutual_info_regression
// with discrete_features=False, n_neighbors=3), with the Kraskov–Stögbauer–Grassberger
// k-nearest-neighbour estimator. Like scikit-learn, features and y are scaled to unit
// standard deviation and perturbed with noise of relative size 1e-10 to break ties;
// the noise is drawn from a PCG generator seeded with seed, so values differ from
// scikit-learn's by about that noise where the data has no ties, and somewhat more
// where it has many. Negative estimates are reported as 0.
func MutualInfoRegression(X mat.Matrix, y []float64, seed uint64) ([]float64, error) {
	x, err := estimator.CheckXy(X, y)
	if err == nil && y == nil {
		err = fmt.Errorf("y is required: %w", estimator.ErrInvalidData)
	}
	if err != nil {
		return nil, fmt.Errorf("preprocess.MutualInfoRegression: %w", err)
	}
	out, err := selectMutualInfo(context.Background(), x, y, false, seed)
	if err != nil {
		return nil, fmt.Errorf("preprocess.MutualInfoRegression: %w", err)
	}
	return out, nil
}

// MutualInfoClassif estimates the mutual information between each feature of X and
// the class labels y (scikit-learn: feature_selection.mutual_info_classif with
// discrete_features=False, n_neighbors=3), with Ross's k-nearest-neighbour estimator
// for a continuous and a discrete variable. Scaling and noise as in
// [MutualInfoRegression].
func MutualInfoClassif(X mat.Matrix, y []float64, seed uint64) ([]float64, error) {
	x, err := estimator.CheckXy(X, y)
	if err == nil && y == nil {
		err = fmt.Errorf("y is required: %w", estimator.ErrInvalidData)
	}
	if err != nil {
		return nil, fmt.Errorf("preprocess.MutualInfoClassif: %w", err)
	}
	out, err := selectMutualInfo(context.Background(), x, y, true, seed)
	if err != nil {
		return nil, fmt.Errorf("preprocess.MutualInfoClassif: %w", err)
	}
	return out, nil
}

const selectNeighbors = 3

// selectStd is the population standard deviation of v (stat.PopMeanStdDev), computed
// on v divided by its largest magnitude and scaled back when the direct computation
// overflows (values near ±1e308), so it is finite for finite v.
func selectStd(v []float64) float64 {
	_, sd := stat.PopMeanStdDev(v, nil)
	if !math.IsNaN(sd) && !math.IsInf(sd, 0) {
		return sd
	}
	_, e := math.Frexp(floats.Norm(v, math.Inf(1)))
	w := make([]float64, len(v))
	for i, x := range v {
		w[i] = math.Ldexp(x, -e) // exact: a power of two
	}
	_, sd = stat.PopMeanStdDev(w, nil)
	return math.Ldexp(sd, e)
}

// selectScaleNoise divides v by its standard deviation (if not ~0) and adds
// 1e-10·max(1, mean|v|)·N(0, 1) noise, in place.
func selectScaleNoise(v []float64, rng *rand.Rand) {
	n := float64(len(v))
	sd := selectStd(v)
	if sd < 10*scaleEps {
		sd = 1
	}
	absMean := 0.0
	for i := range v {
		v[i] /= sd
		absMean += math.Abs(v[i])
	}
	amp := 1e-10 * math.Max(1, absMean/n)
	for i := range v {
		v[i] += amp * rng.NormFloat64()
	}
}

func selectMutualInfo(ctx context.Context, x *mat.Dense, y []float64, discreteTarget bool, seed uint64) ([]float64, error) {
	n, c := x.Dims()
	if discreteTarget {
		if _, err := estimator.CheckClassLabels(y); err != nil {
			return nil, err
		}
	}
	if n <= selectNeighbors {
		return nil, fmt.Errorf("mutual information needs more than %d samples, got %d: %w", selectNeighbors, n, estimator.ErrInvalidData)
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	cols := make([][]float64, c)
	for j := range cols {
		cols[j] = scaleColumn(x, j)
	}
	// scikit-learn draws the feature noise as one n×c block (row-major), then y's.
	sds := make([]float64, c)
	amps := make([]float64, c)
	for j, col := range cols {
		sds[j] = selectStd(col)
		if sds[j] < 10*scaleEps {
			sds[j] = 1
		}
		absMean := 0.0
		for i := range col {
			col[i] /= sds[j]
			absMean += math.Abs(col[i])
		}
		amps[j] = 1e-10 * math.Max(1, absMean/float64(n))
	}
	for i := 0; i < n; i++ {
		for j := range cols {
			cols[j][i] += amps[j] * rng.NormFloat64()
		}
	}
	yy := slices.Clone(y)
	if !discreteTarget {
		selectScaleNoise(yy, rng)
	}
	out := make([]float64, c)
	for j, col := range cols {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if discreteTarget {
			out[j] = selectMICD(col, yy, selectNeighbors)
		} else {
			out[j] = selectMICC(col, yy, selectNeighbors)
		}
	}
	return out, nil
}

// selectKthChebyshev returns, for each point, the distance to its k-th nearest other
// point under the max-norm in the (x, y) plane.
func selectKthChebyshev(x, y []float64, k int) []float64 {
	n := len(x)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return x[order[a]] < x[order[b]] })
	out := make([]float64, n)
	best := make([]float64, 0, k+1)
	insert := func(d float64) {
		if len(best) == k && d >= best[k-1] {
			return
		}
		pos := sort.SearchFloat64s(best, d)
		if len(best) < k {
			best = append(best, 0)
		}
		copy(best[pos+1:], best[pos:len(best)-1])
		best[pos] = d
	}
	for p, i := range order {
		best = best[:0]
		l, r := p-1, p+1
		for l >= 0 || r < n {
			// Expand the side whose next point is closer in x.
			var j int
			var dx float64
			if r >= n || (l >= 0 && x[i]-x[order[l]] <= x[order[r]]-x[i]) {
				j, dx = order[l], x[i]-x[order[l]]
				l--
			} else {
				j, dx = order[r], x[order[r]]-x[i]
				r++
			}
			if len(best) == k && dx >= best[k-1] {
				break
			}
			insert(math.Max(dx, math.Abs(y[i]-y[j])))
		}
		out[i] = best[k-1]
	}
	return out
}

// selectCountWithin returns, for each i, the number of j (including i) with
// |v[j] − v[i]| <= r[i], using the sorted copy of v.
func selectCountWithin(v, sorted, r []float64) []float64 {
	out := make([]float64, len(v))
	for i, a := range v {
		lo := sort.Search(len(sorted), func(t int) bool { return a-sorted[t] <= r[i] })
		hi := sort.Search(len(sorted), func(t int) bool { return sorted[t]-a > r[i] })
		out[i] = float64(hi - lo)
	}
	return out
}

// selectMICC is scikit-learn's _compute_mi_cc.
func selectMICC(x, y []float64, k int) float64 {
	n := len(x)
	radius := selectKthChebyshev(x, y, k)
	for i := range radius {
		radius[i] = math.Nextafter(radius[i], 0)
	}
	sx := slices.Clone(x)
	slices.Sort(sx)
	sy := slices.Clone(y)
	slices.Sort(sy)
	nx := selectCountWithin(x, sx, radius)
	ny := selectCountWithin(y, sy, radius)
	var mx, my float64
	for i := range nx {
		mx += mathext.Digamma(nx[i]) // digamma((count − 1) + 1)
		my += mathext.Digamma(ny[i])
	}
	mi := mathext.Digamma(float64(n)) + mathext.Digamma(float64(k)) - mx/float64(n) - my/float64(n)
	return math.Max(0, mi)
}

// selectMICD is scikit-learn's _compute_mi_cd for a continuous c and discrete d.
func selectMICD(c, d []float64, k int) float64 {
	n := len(c)
	radius := make([]float64, n)
	kAll := make([]float64, n)
	counts := make([]float64, n)
	labels := estimator.ClassesOf(d)
	for _, lab := range labels {
		var idx []int
		for i, v := range d {
			if v == lab {
				idx = append(idx, i)
			}
		}
		cnt := len(idx)
		for _, i := range idx {
			counts[i] = float64(cnt)
		}
		if cnt <= 1 {
			continue
		}
		kk := min(k, cnt-1)
		sort.Slice(idx, func(a, b int) bool { return c[idx[a]] < c[idx[b]] })
		for p, i := range idx {
			// k-th nearest other point on a sorted line: merge outwards.
			l, r := p-1, p+1
			var dist float64
			for t := 0; t < kk; t++ {
				if r >= cnt || (l >= 0 && c[i]-c[idx[l]] <= c[idx[r]]-c[i]) {
					dist = c[i] - c[idx[l]]
					l--
				} else {
					dist = c[idx[r]] - c[i]
					r++
				}
			}
			radius[i] = math.Nextafter(dist, 0)
			kAll[i] = float64(kk)
		}
	}
	var cm, rm []float64
	var sumK, sumL float64
	for i := range c {
		if counts[i] > 1 {
			cm = append(cm, c[i])
			rm = append(rm, radius[i])
			sumK += mathext.Digamma(kAll[i])
			sumL += mathext.Digamma(counts[i])
		}
	}
	m := len(cm)
	if m == 0 {
		return 0
	}
	sorted := slices.Clone(cm)
	slices.Sort(sorted)
	mAll := selectCountWithin(cm, sorted, rm)
	sumM := 0.0
	for _, v := range mAll {
		sumM += mathext.Digamma(v)
	}
	mf := float64(m)
	mi := mathext.Digamma(mf) + sumK/mf - sumL/mf - sumM/mf
	return math.Max(0, mi)
}
