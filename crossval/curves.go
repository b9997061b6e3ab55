package crossval

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
)

// LearningCurveOptions configures LearningCurve (scikit-learn: learning_curve's
// keyword arguments). The zero value means the defaults.
type LearningCurveOptions struct {
	// TrainSizes are the training-set sizes to try. If every value is in (0, 1] they
	// are fractions of the largest training fold (truncated, at least 1 row);
	// otherwise every value must be a whole number of rows in [1, largest training
	// fold]. Duplicates after translation are dropped and the sizes sorted. nil means
	// scikit-learn's default, 5 fractions evenly spaced from 0.1 to 1.0.
	TrainSizes []float64
	// CV splits the rows; nil means the default of Options.CV.
	CV Splitter
	// Scorer scores every model; nil means the default of Options.Scorers.
	Scorer metrics.Scorer
	// Workers bounds the fits run concurrently; 0 means runtime.GOMAXPROCS(0).
	Workers int
	// Shuffle permutes each fold's training rows (math/rand/v2 PCG from Seed) before
	// the prefixes are taken, which matters for ordered data.
	Shuffle bool
	// Seed seeds Shuffle; 0 is a valid fixed seed.
	Seed uint64
}

// LearningCurveResult holds LearningCurve's scores (scikit-learn: the arrays returned
// by learning_curve with return_times=True). Matrices are indexed
// [size index][fold index].
type LearningCurveResult struct {
	// TrainSizes are the absolute training-set sizes used, ascending.
	TrainSizes []int
	// TrainScores are the scores on the training subsets.
	TrainScores [][]float64
	// TestScores are the scores on the folds' test rows.
	TestScores [][]float64
	// FitTimes are the fit durations.
	FitTimes [][]time.Duration
}

// LearningCurve fits clones of e on growing prefixes of every fold's training rows and
// scores them on the prefix and on the fold's test rows (scikit-learn:
// learning_curve). The absolute sizes are derived from the first fold's training size,
// as in scikit-learn; a later fold with fewer training rows than a size uses all of
// its rows for it (scikit-learn's train[:size]). Validation happens before any fit; fits run as in CrossValidate.
// A model that cannot be fitted on a small prefix (say, a classifier that sees a single
// class) makes LearningCurve fail rather than record NaN (scikit-learn's error_score);
// use Shuffle or a stratified CV for such data.
func LearningCurve(ctx context.Context, e estimator.Estimator, X mat.Matrix, y []float64, opt LearningCurveOptions) (res *LearningCurveResult, err error) {
	err = protect("crossval.LearningCurve", func() error { res, err = learningCurve(ctx, e, X, y, opt); return err })
	if err != nil {
		return nil, err
	}
	return res, nil
}

func learningCurve(ctx context.Context, e estimator.Estimator, X mat.Matrix, y []float64, opt LearningCurveOptions) (*LearningCurveResult, error) {
	const prefix = "crossval.LearningCurve"
	var scorers []metrics.Scorer
	if opt.Scorer != nil {
		scorers = []metrics.Scorer{opt.Scorer}
	}
	p, err := prepare(prefix, e, X, y, opt.CV, scorers, nil, false)
	if err != nil {
		return nil, err
	}
	sizes, err := translateTrainSizes(prefix, opt.TrainSizes, len(p.folds[0].Train))
	if err != nil {
		return nil, err
	}
	folds := p.folds
	if opt.Shuffle {
		rng := newRand(opt.Seed)
		folds = make([]Fold, len(p.folds))
		for i, f := range p.folds {
			tr := slices.Clone(f.Train)
			rng.Shuffle(len(tr), func(a, b int) { tr[a], tr[b] = tr[b], tr[a] })
			folds[i] = Fold{Train: tr, Test: f.Test}
		}
	}
	// Jobs in scikit-learn's order: fold-major, size-minor. A fold with fewer training
	// rows than a size uses them all, as scikit-learn's train[:s] does.
	ns := len(sizes)
	out, err := p.run(ctx, nil, opt.Workers, len(folds)*ns,
		func(j int) (estimator.Estimator, Fold) {
			f, s := folds[j/ns], sizes[j%ns]
			return e, Fold{Train: f.Train[:min(s, len(f.Train))], Test: f.Test}
		},
		func(j int) string { return fmt.Sprintf("train size %d, fold %d", sizes[j%ns], j/ns+1) }, true, false, nil)
	if err != nil {
		return nil, err
	}
	res := &LearningCurveResult{TrainSizes: sizes}
	for si := range sizes {
		tr := make([]float64, len(folds))
		te := make([]float64, len(folds))
		ft := make([]time.Duration, len(folds))
		for fi := range folds {
			o := out[fi*len(sizes)+si]
			tr[fi], te[fi], ft[fi] = o.Train[0], o.Test[0], o.FitTime
		}
		res.TrainScores = append(res.TrainScores, tr)
		res.TestScores = append(res.TestScores, te)
		res.FitTimes = append(res.FitTimes, ft)
	}
	return res, nil
}

// translateTrainSizes is scikit-learn's _translate_train_sizes.
func translateTrainSizes(prefix string, sizes []float64, nMax int) ([]int, error) {
	if sizes == nil {
		sizes = linspace(0.1, 1.0, 5)
	}
	if len(sizes) == 0 {
		return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "TrainSizes", Reason: "is empty (use nil for the default)"})
	}
	fractions := true
	for _, v := range sizes {
		if math.IsNaN(v) || v <= 0 {
			return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "TrainSizes", Value: v, Reason: "sizes must be > 0"})
		}
		if v > 1 {
			fractions = false
		}
	}
	out := make([]int, len(sizes))
	for i, v := range sizes {
		if fractions {
			out[i] = min(max(int(v*float64(nMax)), 1), nMax)
			continue
		}
		if v != math.Trunc(v) || v > float64(nMax) {
			return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "TrainSizes", Value: v,
				Reason: fmt.Sprintf("absolute sizes must be whole numbers of rows in [1, %d] (fractions must all be in (0, 1])", nMax)})
		}
		out[i] = int(v)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// ValidationCurve scores e with param set to each of values (scikit-learn:
// validation_curve): for every value, a clone of e gets estimator.SetParams(clone,
// {param: value}) and is cross-validated on cv with scorer. It returns train and test
// score matrices indexed [value index][fold index]. nil cv and scorer mean the
// defaults of Options. Every value is applied (and the clone's Validate run) before
// anything is fitted, so an invalid path or value fails fast with a
// *estimator.ParamError. Fits run as in CrossValidate, all values × folds on up to
// workers goroutines (0 means runtime.GOMAXPROCS(0)).
func ValidationCurve(ctx context.Context, e estimator.Estimator, X mat.Matrix, y []float64,
	param string, values []any, cv Splitter, scorer metrics.Scorer, workers int) (train, test [][]float64, err error) {
	err = protect("crossval.ValidationCurve", func() error {
		train, test, err = validationCurve(ctx, e, X, y, param, values, cv, scorer, workers)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

func validationCurve(ctx context.Context, e estimator.Estimator, X mat.Matrix, y []float64,
	param string, values []any, cv Splitter, scorer metrics.Scorer, workers int) (train, test [][]float64, err error) {
	const prefix = "crossval.ValidationCurve"
	if len(values) == 0 {
		return nil, nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: param, Reason: "no values given"})
	}
	if e == nil || isNilValue(e) {
		return nil, nil, fmt.Errorf("%s: estimator is nil: %w", prefix, estimator.ErrInvalidParam)
	}
	if err := estimator.CheckGraph(e); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", prefix, err)
	}
	protos := make([]estimator.Estimator, len(values))
	for i, v := range values {
		c := estimator.Clone(e)
		if err := estimator.SetParams(c, estimator.Params{param: v}); err != nil {
			return nil, nil, fmt.Errorf("%s: value %d: %w", prefix, i, err)
		}
		if vd, ok := c.(estimator.Validator); ok {
			if err := vd.Validate(); err != nil {
				return nil, nil, fmt.Errorf("%s: value %d (%s=%v): %w", prefix, i, param, v, err)
			}
		}
		protos[i] = c
	}
	var scorers []metrics.Scorer
	if scorer != nil {
		scorers = []metrics.Scorer{scorer}
	}
	p, err := prepare(prefix, e, X, y, cv, scorers, nil, true)
	if err != nil {
		return nil, nil, err
	}
	nf := len(p.folds)
	out, err := p.run(ctx, nil, workers, len(values)*nf,
		func(j int) (estimator.Estimator, Fold) { return protos[j/nf], p.folds[j%nf] },
		func(j int) string { return fmt.Sprintf("%s=%v, fold %d", param, values[j/nf], j%nf+1) }, true, false, nil)
	if err != nil {
		return nil, nil, err
	}
	train = make([][]float64, len(values))
	test = make([][]float64, len(values))
	for i := range values {
		train[i] = make([]float64, nf)
		test[i] = make([]float64, nf)
		for fi := range nf {
			o := out[i*nf+fi]
			train[i][fi], test[i][fi] = o.Train[0], o.Test[0]
		}
	}
	return train, test, nil
}

// linspace is numpy's linspace(start, stop, num) for num >= 2, computed the same way
// (i·step + start, with the last value exactly stop).
func linspace(start, stop float64, num int) []float64 {
	step := (stop - start) / float64(num-1)
	out := make([]float64, num)
	for i := range out {
		out[i] = float64(float64(i)*step) + start // the conversion forbids a fused multiply-add
	}
	out[num-1] = stop
	return out
}
