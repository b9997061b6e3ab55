package linear

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.Predictor      = (*LassoCV)(nil)
	_ estimator.WeightedFitter = (*LassoCV)(nil)
	_ estimator.Validator      = (*LassoCV)(nil)
	_ estimator.StateMarshaler = (*LassoCV)(nil)
	_ estimator.Iterative      = (*LassoCV)(nil)
	_ estimator.Predictor      = (*ElasticNetCV)(nil)
	_ estimator.WeightedFitter = (*ElasticNetCV)(nil)
	_ estimator.Validator      = (*ElasticNetCV)(nil)
	_ estimator.StateMarshaler = (*ElasticNetCV)(nil)
	_ estimator.Iterative      = (*ElasticNetCV)(nil)
)

// Defaults of LassoCV and ElasticNetCV (scikit-learn 1.2.1).
const (
	cvDefaultEps     = 1e-3
	cvDefaultNAlphas = 100
	cvDefaultL1Ratio = 0.5
	// maxL1Ratios bounds the number of mixing ratios of ElasticNetCV.
	maxL1Ratios = 1000
	// alphaResolution is numpy's finfo(float).resolution: the grid used when every
	// correlation of X with y is (nearly) zero.
	alphaResolution = 1e-15
)

// LassoCV is the lasso with its penalty chosen by cross-validation, scikit-learn's
// LassoCV. For every training split of CV it computes the lasso path over Alphas
// (from the largest to the smallest, each solve warm-started from the previous one,
// by the coordinate descent of Lasso — on the Gram matrix XᵀX when the split has more
// rows than columns, as scikit-learn's precompute="auto"), and the mean squared error
// of each penalty on the test rows (weighted by the test rows' sample weights when
// weights are given). The penalty with the smallest mean error over the folds (the
// first of equal ones) is refitted on all rows with Lasso. Folds run in parallel on
// internal/parallel and results are stored by index, so they do not depend on
// Workers.
//
// Without Alphas the grid is NAlphas values spaced evenly on a log scale from
// alpha_max = max_j |x̃_jᵀỹ| / n (x̃, ỹ centred, unweighted: the smallest penalty with
// all coefficients zero) down to Eps·alpha_max, as scikit-learn's _alpha_grid.
//
// The zero value is scikit-learn's default LassoCV() (5-fold KFold without shuffling).
type LassoCV struct {
	// Eps is the ratio of the smallest to the largest penalty of the grid; 0 means
	// 1e-3. Finite and > 0.
	Eps float64
	// NAlphas is the size of the grid; 0 means 100, at most 10000.
	NAlphas int
	// Alphas, when not nil, is the list of penalties to try (finite, >= 0, at most
	// 10000); they are tried from the largest to the smallest.
	Alphas []float64
	// NoIntercept disables fitting b (scikit-learn fit_intercept=False).
	NoIntercept bool
	// MaxIter bounds the coordinate-descent sweeps of each solve; 0 means 1000.
	MaxIter int
	// Tol is the coordinate-descent tolerance (see Lasso); 0 means 1e-4.
	Tol float64
	// CV splits the rows; nil means crossval.KFold{K: 5}. Tagged `param:"-"`.
	CV crossval.Splitter `param:"-"`
	// Positive constrains the coefficients to be >= 0.
	Positive bool
	// Selection picks the coordinate order; the zero value is SelectionCyclic.
	Selection Selection
	// Seed seeds the coordinate draws when Selection is SelectionRandom.
	Seed uint64
	// Workers bounds the folds fitted at once (scikit-learn n_jobs); 0 means
	// runtime.GOMAXPROCS(0).
	Workers int

	fit *enetCVFit
}

// ElasticNetCV is the elastic net with its penalty and mixing ratio chosen by
// cross-validation, scikit-learn's ElasticNetCV. It is LassoCV (see there) run for
// every value of L1Ratio, each with its own grid of penalties (alpha_max divided by
// the ratio); the pair with the smallest mean test error wins (the first of equal
// ones, ratios in the given order) and is refitted on all rows with ElasticNet.
//
// The zero value is scikit-learn's default ElasticNetCV() (L1Ratio 0.5).
type ElasticNetCV struct {
	// L1Ratio lists the mixing ratios to try, each in [0, 1] (1 is the lasso); nil
	// means {0.5}. A ratio of 0 needs explicit Alphas. At most 1000.
	L1Ratio []float64
	// Eps is the ratio of the smallest to the largest penalty of the grid; 0 means
	// 1e-3. Finite and > 0.
	Eps float64
	// NAlphas is the size of each grid; 0 means 100, at most 10000.
	NAlphas int
	// Alphas, when not nil, is the list of penalties to try for every ratio (finite,
	// >= 0, at most 10000), from the largest to the smallest.
	Alphas []float64
	// NoIntercept disables fitting b (scikit-learn fit_intercept=False).
	NoIntercept bool
	// MaxIter bounds the coordinate-descent sweeps of each solve; 0 means 1000.
	MaxIter int
	// Tol is the coordinate-descent tolerance (see ElasticNet); 0 means 1e-4.
	Tol float64
	// CV splits the rows; nil means crossval.KFold{K: 5}. Tagged `param:"-"`.
	CV crossval.Splitter `param:"-"`
	// Positive constrains the coefficients to be >= 0.
	Positive bool
	// Selection picks the coordinate order; the zero value is SelectionCyclic.
	Selection Selection
	// Seed seeds the coordinate draws when Selection is SelectionRandom.
	Seed uint64
	// Workers bounds the (ratio, fold) paths computed at once; 0 means
	// runtime.GOMAXPROCS(0).
	Workers int

	fit *enetCVFit
}

// enetCVFit is the learned state of LassoCV and ElasticNetCV (exported fields for
// gob).
type enetCVFit struct {
	Model   linearFit
	Alpha   float64
	L1Ratio float64
	// Alphas holds NL1 grids of NAlphas penalties each, row-major.
	Alphas  []float64
	NL1     int
	NAlphas int
	// MSEPath holds NL1 × NAlphas × NFolds test errors.
	MSEPath []float64
	NFolds  int
}

// Check validates a decoded enetCVFit.
func (f *enetCVFit) Check() error {
	if err := estimator.FirstError(
		f.Model.Check(),
		estimator.CheckFinite("Alpha", f.Alpha),
		estimator.CheckFinite("L1Ratio", f.L1Ratio),
		estimator.CheckCount("NL1", f.NL1, 1, max(1, len(f.Alphas))),
		estimator.CheckCount("NAlphas", f.NAlphas, 1, max(1, len(f.Alphas))),
		estimator.CheckCount("NFolds", f.NFolds, 1, max(1, len(f.MSEPath))),
	); err != nil {
		return err
	}
	if f.Alpha < 0 || f.L1Ratio < 0 || f.L1Ratio > 1 {
		return fmt.Errorf("Alpha %v or L1Ratio %v out of range", f.Alpha, f.L1Ratio)
	}
	if f.NL1 > len(f.Alphas)/f.NAlphas || f.NL1*f.NAlphas != len(f.Alphas) {
		return fmt.Errorf("Alphas has %d values, want %d×%d", len(f.Alphas), f.NL1, f.NAlphas)
	}
	return estimator.FirstError(
		estimator.CheckFinite("Alphas", f.Alphas...),
		estimator.CheckLen("MSEPath", len(f.MSEPath), len(f.Alphas)*f.NFolds),
		estimator.CheckFinite("MSEPath", f.MSEPath...),
	)
}

// enetCV holds the settings shared by LassoCV and ElasticNetCV.
type enetCV struct {
	name        string
	l1Ratios    []float64
	eps         float64
	nAlphas     int
	alphas      []float64
	noIntercept bool
	maxIter     int
	tol         float64
	cv          crossval.Splitter
	positive    bool
	selection   Selection
	seed        uint64
	workers     int
}

func (l *LassoCV) settings() *enetCV {
	return &enetCV{name: "linear.LassoCV", l1Ratios: []float64{1}, eps: l.Eps, nAlphas: l.NAlphas, alphas: l.Alphas,
		noIntercept: l.NoIntercept, maxIter: l.MaxIter, tol: l.Tol, cv: l.CV, positive: l.Positive,
		selection: l.Selection, seed: l.Seed, workers: l.Workers}
}

func (e *ElasticNetCV) settings() *enetCV {
	r := e.L1Ratio
	if r == nil {
		r = []float64{cvDefaultL1Ratio}
	}
	return &enetCV{name: "linear.ElasticNetCV", l1Ratios: r, eps: e.Eps, nAlphas: e.NAlphas, alphas: e.Alphas,
		noIntercept: e.NoIntercept, maxIter: e.MaxIter, tol: e.Tol, cv: e.CV, positive: e.Positive,
		selection: e.Selection, seed: e.Seed, workers: e.Workers}
}

func (s *enetCV) validate() error {
	if err := validateCD(0, s.maxIter, s.tol, s.selection); err != nil {
		return err
	}
	if !(s.eps >= 0) || math.IsInf(s.eps, 1) {
		return &estimator.ParamError{Param: "Eps", Value: s.eps, Reason: "must be finite and > 0 (0 means 1e-3)"}
	}
	if s.nAlphas < 0 || s.nAlphas > maxAlphas {
		return &estimator.ParamError{Param: "NAlphas", Value: s.nAlphas, Reason: fmt.Sprintf("must be in [0, %d] (0 means 100)", maxAlphas)}
	}
	if s.alphas != nil {
		if len(s.alphas) == 0 || len(s.alphas) > maxAlphas {
			return &estimator.ParamError{Param: "Alphas", Value: len(s.alphas), Reason: fmt.Sprintf("must hold 1 to %d values (nil means a grid)", maxAlphas)}
		}
		for i, a := range s.alphas {
			if !(a >= 0) || math.IsInf(a, 1) {
				return &estimator.ParamError{Param: fmt.Sprintf("Alphas[%d]", i), Value: a, Reason: "must be finite and >= 0"}
			}
		}
	}
	if len(s.l1Ratios) == 0 || len(s.l1Ratios) > maxL1Ratios {
		return &estimator.ParamError{Param: "L1Ratio", Value: len(s.l1Ratios), Reason: fmt.Sprintf("must hold 1 to %d values (nil means {0.5})", maxL1Ratios)}
	}
	for i, r := range s.l1Ratios {
		if !(r >= 0 && r <= 1) {
			return &estimator.ParamError{Param: fmt.Sprintf("L1Ratio[%d]", i), Value: r, Reason: "must be in [0, 1]"}
		}
		if r == 0 && s.alphas == nil {
			return &estimator.ParamError{Param: fmt.Sprintf("L1Ratio[%d]", i), Value: r,
				Reason: "0 needs explicit Alphas (no automatic grid for a pure L2 penalty)"}
		}
	}
	if v, ok := s.cv.(estimator.Validator); ok {
		if err := v.Validate(); err != nil {
			return &estimator.ParamError{Param: "CV", Value: s.cv, Reason: err.Error()}
		}
	}
	if s.workers < 0 {
		return &estimator.ParamError{Param: "Workers", Value: s.workers, Reason: "must be >= 0 (0 means GOMAXPROCS)"}
	}
	return nil
}

// alphaGrid returns scikit-learn's _alpha_grid for one mixing ratio: NAlphas values
// from alpha_max down to eps·alpha_max, evenly spaced in log10.
func alphaGrid(x *mat.Dense, y []float64, l1Ratio, eps float64, nAlphas int, fitIntercept bool) ([]float64, error) {
	n, p := x.Dims()
	c, err := weightedOffsets(x, y, nil, fitIntercept)
	if err != nil {
		return nil, err
	}
	xy := make([]float64, p)
	for i := range n {
		r := y[i] - c.yOff
		for j, v := range x.RawRowView(i) {
			xy[j] += (v - c.xOff[j]) * r
		}
	}
	amax := 0.0
	for _, v := range xy {
		amax = math.Max(amax, math.Abs(v))
	}
	amax /= float64(n) * l1Ratio
	if math.IsNaN(amax) || math.IsInf(amax, 0) {
		return nil, fmt.Errorf("the correlations of X with y overflow; scale the data: %w", estimator.ErrInvalidData)
	}
	out := make([]float64, nAlphas)
	if amax <= alphaResolution {
		for i := range out {
			out[i] = alphaResolution
		}
		return out, nil
	}
	// np.logspace(log10(amax·eps), log10(amax), nAlphas)[::-1]: 10^(start + i·step),
	// the last exponent exactly log10(amax).
	start, stop := math.Log10(amax*eps), math.Log10(amax)
	if nAlphas == 1 {
		out[0] = math.Pow(10, start)
		return out, nil
	}
	step := (stop - start) / float64(nAlphas-1)
	for i := range nAlphas {
		e := float64(i)*step + start
		if i == nAlphas-1 {
			e = stop
		}
		out[nAlphas-1-i] = math.Pow(10, e)
	}
	return out, nil
}

// fit runs the cross-validation and refits the best penalty.
func (s *enetCV) fit(ctx context.Context, X mat.Matrix, y, w []float64) (*enetCVFit, error) {
	x, err := checkRegressionData(X, y, w)
	if err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	eps := s.eps
	if eps == 0 {
		eps = cvDefaultEps
	}
	nAlphas := s.nAlphas
	if nAlphas == 0 {
		nAlphas = cvDefaultNAlphas
	}
	nl1 := len(s.l1Ratios)
	var grids [][]float64
	if s.alphas == nil {
		for _, r := range s.l1Ratios {
			g, err := alphaGrid(x, y, r, eps, nAlphas, !s.noIntercept)
			if err != nil {
				return nil, err
			}
			grids = append(grids, g)
		}
	} else {
		sorted := slices.Clone(s.alphas)
		sort.Sort(sort.Reverse(sort.Float64Slice(sorted)))
		nAlphas = len(sorted)
		for range nl1 {
			grids = append(grids, sorted)
		}
	}
	cv := s.cv
	if cv == nil {
		cv = crossval.KFold{K: 5}
	}
	folds, err := cv.Split(n, y)
	if err != nil {
		return nil, err
	}
	if err := checkFolds(folds, n); err != nil {
		return nil, err
	}
	nf := len(folds)
	mse := make([]float64, nl1*nAlphas*nf) // [l1][alpha][fold]
	err = parallel.Run(ctx, nl1*nf, s.workers, func(ctx context.Context, job int) error {
		k, f := job/nf, job%nf
		errs, err := s.foldPath(ctx, x, y, w, folds[f], s.l1Ratios[k], grids[k])
		if err != nil {
			return err
		}
		for a, v := range errs {
			mse[(k*nAlphas+a)*nf+f] = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	bestK, bestA, bestMSE := 0, 0, math.Inf(1)
	for k := range nl1 {
		ia, m := -1, 0.0
		for a := range nAlphas {
			var sum float64
			for f := range nf {
				sum += mse[(k*nAlphas+a)*nf+f]
			}
			sum /= float64(nf)
			if math.IsNaN(sum) {
				return nil, fmt.Errorf("the test error of alpha %v is NaN; scale the data: %w", grids[k][a], estimator.ErrInvalidData)
			}
			if ia < 0 || sum < m {
				ia, m = a, sum
			}
		}
		if m < bestMSE || k == 0 {
			bestK, bestA, bestMSE = k, ia, m
		}
	}
	alpha, l1r := grids[bestK][bestA], s.l1Ratios[bestK]
	final, err := fitCD(ctx, x, y, w, cdParams{
		alpha: alpha, l1Ratio: l1r, maxIter: s.maxIter, tol: s.tol, fitIntercept: !s.noIntercept,
		selection: s.selection, seed: s.seed, positive: s.positive,
	})
	if err != nil {
		return nil, err
	}
	out := &enetCVFit{Model: *final, Alpha: alpha, L1Ratio: l1r, NL1: nl1, NAlphas: nAlphas, MSEPath: mse, NFolds: nf}
	for _, g := range grids {
		out.Alphas = append(out.Alphas, g...)
	}
	return out, nil
}

// checkFolds reports folds with an empty side or out-of-range rows.
func checkFolds(folds []crossval.Fold, n int) error {
	if len(folds) == 0 {
		return fmt.Errorf("the CV splitter returned no folds: %w", estimator.ErrInvalidParam)
	}
	for k, f := range folds {
		if len(f.Train) == 0 || len(f.Test) == 0 {
			return fmt.Errorf("fold %d has an empty training or test set: %w", k+1, estimator.ErrInvalidData)
		}
		for _, idx := range [][]int{f.Train, f.Test} {
			for _, i := range idx {
				if i < 0 || i >= n {
					return fmt.Errorf("fold %d holds row %d of %d: %w", k+1, i, n, estimator.ErrInvalidData)
				}
			}
		}
	}
	return nil
}

// foldPath computes the path over alphas on the training rows of fold and returns
// the (weighted) mean squared test error of every alpha, as scikit-learn's
// _path_residuals: training weights rescaled to sum to the number of training rows,
// weighted centring, rows scaled by √w, the Gram matrix when there are more training
// rows than columns.
func (s *enetCV) foldPath(ctx context.Context, x *mat.Dense, y, w []float64, fold crossval.Fold, l1r float64, alphas []float64) ([]float64, error) {
	_, p := x.Dims()
	nt := len(fold.Train)
	xt := mat.NewDense(nt, p, nil)
	yt := make([]float64, nt)
	var wt []float64
	if w != nil {
		wt = make([]float64, nt)
	}
	var sw float64
	for r, i := range fold.Train {
		copy(xt.RawRowView(r), x.RawRowView(i))
		yt[r] = y[i]
		if w != nil {
			wt[r] = w[i]
			sw += w[i]
		}
	}
	if w != nil {
		if !(sw > 0) {
			return nil, fmt.Errorf("the training weights of a fold sum to zero: %w", estimator.ErrInvalidData)
		}
		for r := range wt {
			wt[r] *= float64(nt) / sw
		}
	}
	c, err := weightedOffsets(xt, yt, wt, !s.noIntercept)
	if err != nil {
		return nil, err
	}
	maxIter, tol := s.maxIter, s.tol
	if maxIter == 0 {
		maxIter = defaultMaxIter
	}
	if tol == 0 {
		tol = defaultTol
	}
	var rng *rand.Rand
	if s.selection == SelectionRandom {
		rng = rand.New(rand.NewPCG(s.seed, s.seed))
	}
	coef := make([]float64, p)
	errs := make([]float64, len(alphas))
	var solve func(l1, l2 float64) error
	if nt > p {
		g, err := gramAugmented(xt, yt, wt, c)
		if err != nil {
			return nil, err
		}
		raw := g.RawSymmetric()
		Q := make([]float64, p*p)
		q := make([]float64, p)
		for i := range p {
			for j := i; j < p; j++ {
				v := raw.Data[i*raw.Stride+j]
				Q[i*p+j], Q[j*p+i] = v, v
			}
			q[i] = raw.Data[i*raw.Stride+p]
		}
		yNorm2 := raw.Data[p*raw.Stride+p]
		if !allFinite(Q) || !allFinite(q) || !allFinite([]float64{yNorm2}) {
			return nil, fmt.Errorf("the sums of squares overflow; scale the data: %w", estimator.ErrInvalidData)
		}
		solve = func(l1, l2 float64) error {
			_, err := cdGramWarm(ctx, Q, q, p, yNorm2, l1, l2, coef, maxIter, tol, rng, s.positive)
			return err
		}
	} else {
		cols := make([]float64, nt*p)
		yc := make([]float64, nt)
		for i := range nt {
			sc := 1.0
			if wt != nil {
				sc = math.Sqrt(wt[i])
			}
			for j, v := range xt.RawRowView(i) {
				cols[j*nt+i] = (v - c.xOff[j]) * sc
			}
			yc[i] = (yt[i] - c.yOff) * sc
		}
		solve = func(l1, l2 float64) error {
			_, err := cdWarm(ctx, cols, nt, p, yc, l1, l2, coef, maxIter, tol, rng, s.positive)
			return err
		}
	}
	for a, alpha := range alphas {
		l1 := min(alpha*l1r*float64(nt), maxPenalty)
		l2 := min(alpha*(1-l1r)*float64(nt), maxPenalty)
		if err := solve(l1, l2); err != nil {
			return nil, err
		}
		b := c.intercept(coef)
		var sum, wsum float64
		for _, i := range fold.Test {
			pred := b
			for j, v := range x.RawRowView(i) {
				pred += v * coef[j]
			}
			d := pred - y[i]
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			sum += wi * d * d
			wsum += wi
		}
		if !(wsum > 0) {
			return nil, fmt.Errorf("the test weights of a fold sum to zero: %w", estimator.ErrInvalidData)
		}
		errs[a] = sum / wsum
	}
	return errs, nil
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError for bad Eps, NAlphas, Alphas, MaxIter, Tol, Selection,
// Workers or CV.
func (l *LassoCV) Validate() error { return l.settings().validate() }

// Fit fits the model to X (n×p) and y (length n). See FitWeighted.
func (l *LassoCV) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return l.FitWeighted(ctx, X, y, nil)
}

// FitWeighted cross-validates the penalties and refits the best one with sample
// weights w (nil means all ones), like scikit-learn's fit(X, y, sample_weight=w).
// It returns ctx.Err() when ctx is done (checked every coordinate-descent sweep), a
// *estimator.ParamError for bad hyperparameters, an error wrapping ErrInvalidData for
// NaN/Inf or empty input, negative weights or unusable folds, and ErrShape for length
// mismatches. On error the model is unchanged.
func (l *LassoCV) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s := l.settings()
	if err := s.validate(); err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	f, err := s.fit(ctx, X, y, w)
	if err != nil {
		return wrapCD(s.name, err)
	}
	l.fit = f
	return nil
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError for bad L1Ratio (a ratio of 0 needs Alphas), Eps, NAlphas,
// Alphas, MaxIter, Tol, Selection, Workers or CV.
func (e *ElasticNetCV) Validate() error { return e.settings().validate() }

// Fit fits the model to X (n×p) and y (length n). See FitWeighted.
func (e *ElasticNetCV) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return e.FitWeighted(ctx, X, y, nil)
}

// FitWeighted cross-validates every (ratio, penalty) pair and refits the best one
// with sample weights w (nil means all ones). Errors as for LassoCV.FitWeighted.
func (e *ElasticNetCV) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s := e.settings()
	if err := s.validate(); err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	f, err := s.fit(ctx, X, y, w)
	if err != nil {
		return wrapCD(s.name, err)
	}
	e.fit = f
	return nil
}

func (f *enetCVFit) model() *linearFit {
	if f == nil {
		return nil
	}
	return &f.Model
}

func (f *enetCVFit) alpha() float64 {
	if f == nil {
		return 0
	}
	return f.Alpha
}

// mse returns the NAlphas×NFolds test errors of ratio k.
func (f *enetCVFit) mse(k int) *mat.Dense {
	if f == nil || k < 0 || k >= f.NL1 {
		return nil
	}
	m := f.NAlphas * f.NFolds
	return mat.NewDense(f.NAlphas, f.NFolds, slices.Clone(f.MSEPath[k*m:(k+1)*m]))
}

func (f *enetCVFit) grid(k int) []float64 {
	if f == nil || k < 0 || k >= f.NL1 {
		return nil
	}
	return slices.Clone(f.Alphas[k*f.NAlphas : (k+1)*f.NAlphas])
}

func unmarshalEnetCV(name string, b []byte, dst **enetCVFit, noIntercept, positive bool) error {
	var f *enetCVFit
	if err := estimator.DecodeState(b, enetCVStateVersion, &f); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if f != nil {
		lf := &f.Model
		if err := unmarshalLinearChecks(name, lf, noIntercept, positive); err != nil {
			return err
		}
	}
	*dst = f
	return nil
}

// unmarshalLinearChecks applies unmarshalLinear's hyperparameter checks to a decoded
// linearFit.
func unmarshalLinearChecks(name string, f *linearFit, noIntercept, positive bool) error {
	if noIntercept && f.Intercept != 0 {
		return fmt.Errorf("%s: Intercept is %v but NoIntercept is set: %w", name, f.Intercept, estimator.ErrState)
	}
	if positive {
		for j, v := range f.Coef {
			if v < 0 {
				return fmt.Errorf("%s: Coef[%d] is %v but Positive is set: %w", name, j, v, estimator.ErrState)
			}
		}
	}
	return nil
}

// Predict returns X·Coef + Intercept. It returns ErrNotFitted before Fit, ErrShape
// when X's column count differs from the data given to Fit, and ErrInvalidData for
// NaN/Inf or empty X.
func (l *LassoCV) Predict(X mat.Matrix) ([]float64, error) {
	out, err := l.fit.model().predict(X)
	if err != nil {
		return nil, fmt.Errorf("linear.LassoCV: %w", err)
	}
	return out, nil
}

// Coef returns a copy of the coefficients refitted with the chosen penalty
// (scikit-learn coef_), or nil before Fit.
func (l *LassoCV) Coef() []float64 { return l.fit.model().coef() }

// Intercept returns the fitted intercept, 0 before Fit or with NoIntercept.
func (l *LassoCV) Intercept() float64 { return l.fit.model().intercept() }

// Alpha returns the chosen penalty (scikit-learn alpha_), 0 before Fit.
func (l *LassoCV) Alpha() float64 { return l.fit.alpha() }

// AlphaGrid returns the penalties tried, largest first (scikit-learn alphas_), or nil
// before Fit. (The field Alphas holds explicit candidates.)
func (l *LassoCV) AlphaGrid() []float64 { return l.fit.grid(0) }

// MSEPath returns the len(AlphaGrid())×folds test mean squared errors (scikit-learn
// mse_path_), or nil before Fit.
func (l *LassoCV) MSEPath() *mat.Dense { return l.fit.mse(0) }

// NIter returns the coordinate-descent sweeps of the final fit (scikit-learn
// n_iter_), 0 before Fit.
func (l *LassoCV) NIter() int { return l.fit.model().nIter() }

// Converged reports whether the final fit met the tolerance before MaxIter.
func (l *LassoCV) Converged() bool { return l.fit.model().converged() }

// DualGap returns the duality gap of the final fit divided by n (scikit-learn
// dual_gap_), 0 before Fit.
func (l *LassoCV) DualGap() float64 { return l.fit.model().dualGap() }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (l *LassoCV) MarshalState() ([]byte, error) {
	return estimator.EncodeState(enetCVStateVersion, l.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, coefficients that are not NFeatures
// finite values, grids and error paths of inconsistent sizes or not finite, or state
// that contradicts NoIntercept or Positive give an error wrapping estimator.ErrState,
// and the receiver is unchanged.
func (l *LassoCV) UnmarshalState(b []byte) error {
	return unmarshalEnetCV("linear.LassoCV", b, &l.fit, l.NoIntercept, l.Positive)
}

// String returns the settings of l, as estimator.Format prints them.
func (l *LassoCV) String() string { return estimator.Format(l) }

// Predict returns X·Coef + Intercept. Errors as for LassoCV.Predict.
func (e *ElasticNetCV) Predict(X mat.Matrix) ([]float64, error) {
	out, err := e.fit.model().predict(X)
	if err != nil {
		return nil, fmt.Errorf("linear.ElasticNetCV: %w", err)
	}
	return out, nil
}

// Coef returns a copy of the coefficients refitted with the chosen penalty and ratio
// (scikit-learn coef_), or nil before Fit.
func (e *ElasticNetCV) Coef() []float64 { return e.fit.model().coef() }

// Intercept returns the fitted intercept, 0 before Fit or with NoIntercept.
func (e *ElasticNetCV) Intercept() float64 { return e.fit.model().intercept() }

// Alpha returns the chosen penalty (scikit-learn alpha_), 0 before Fit.
func (e *ElasticNetCV) Alpha() float64 { return e.fit.alpha() }

// ChosenL1Ratio returns the chosen mixing ratio (scikit-learn l1_ratio_), 0 before
// Fit. (The hyperparameter field L1Ratio holds the candidates.)
func (e *ElasticNetCV) ChosenL1Ratio() float64 {
	if e.fit == nil {
		return 0
	}
	return e.fit.L1Ratio
}

// AlphaGrid returns the penalties tried for the k-th ratio of L1Ratio, largest first
// (scikit-learn alphas_[k]), or nil before Fit or for k out of range.
func (e *ElasticNetCV) AlphaGrid(k int) []float64 { return e.fit.grid(k) }

// MSEPath returns the penalties×folds test mean squared errors of the k-th ratio
// (scikit-learn mse_path_[k]), or nil before Fit or for k out of range.
func (e *ElasticNetCV) MSEPath(k int) *mat.Dense { return e.fit.mse(k) }

// NIter returns the coordinate-descent sweeps of the final fit, 0 before Fit.
func (e *ElasticNetCV) NIter() int { return e.fit.model().nIter() }

// Converged reports whether the final fit met the tolerance before MaxIter.
func (e *ElasticNetCV) Converged() bool { return e.fit.model().converged() }

// DualGap returns the duality gap of the final fit divided by n, 0 before Fit.
func (e *ElasticNetCV) DualGap() float64 { return e.fit.model().dualGap() }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (e *ElasticNetCV) MarshalState() ([]byte, error) {
	return estimator.EncodeState(enetCVStateVersion, e.fit)
}

// UnmarshalState restores state written by MarshalState; see LassoCV.UnmarshalState.
func (e *ElasticNetCV) UnmarshalState(b []byte) error {
	return unmarshalEnetCV("linear.ElasticNetCV", b, &e.fit, e.NoIntercept, e.Positive)
}

// String returns the settings of e, as estimator.Format prints them.
func (e *ElasticNetCV) String() string { return estimator.Format(e) }

const enetCVStateVersion = 1
