package inspection

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
	"github.com/skgo/skgo/metrics"
)

// MaxRepeats bounds PermutationOptions.NRepeats.
const MaxRepeats = 1 << 16

// PermutationOptions configures PermutationImportance. A nil *PermutationOptions
// means the defaults.
type PermutationOptions struct {
	// Scoring scores the model; nil means ScoringName, or when that is empty
	// metrics.Accuracy for classifiers (estimator.IsClassifier) and metrics.R2
	// otherwise (scikit-learn scoring=None).
	Scoring metrics.Scorer
	// ScoringName names a scorer as metrics.ScorerByName does ("neg_mean_squared_error").
	ScoringName string
	// NRepeats is the number of shuffles per feature; 0 means 5 (scikit-learn's
	// default). At most MaxRepeats.
	NRepeats int
	// Seed seeds the shuffles; 0 is a valid fixed seed.
	Seed uint64
	// Workers bounds the features scored at once; 0 means runtime.GOMAXPROCS(0)
	// (scikit-learn n_jobs). Results do not depend on it.
	Workers int
	// Weights are per-row sample weights given to the scorer (nil: uniform).
	Weights []float64
	// MaxSamples is the number of rows used for the permuted scores: 0 means all
	// (scikit-learn's 1.0), a value in (0, 1] a fraction (int(MaxSamples·rows)), a
	// whole value above 1 a count (at most the number of rows). The rows are drawn
	// without replacement.
	MaxSamples float64
}

// Importances is the result of PermutationImportance (scikit-learn's Bunch).
type Importances struct {
	// Mean is the mean importance of each feature over the repeats
	// (importances_mean).
	Mean []float64
	// Std is the population standard deviation of each feature's importances
	// (importances_std, numpy's default ddof=0).
	Std []float64
	// Raw holds the importance of each feature in each repeat, Raw[feature][repeat]
	// (importances): the baseline score minus the score with the feature shuffled.
	Raw [][]float64
	// Baseline is the score of the model on the unshuffled X (all rows).
	Baseline float64
	// Scorer is the name of the scorer used.
	Scorer string
}

// PermutationImportance measures how much the score of the fitted model est drops
// when one feature's values are shuffled among the rows (scikit-learn 1.2.1:
// inspection.permutation_importance). For each feature j it shuffles column j of a
// copy of X NRepeats times and scores est on each; the importance is the baseline
// score minus the shuffled score. est can be any fitted estimator the scorer accepts
// (a pipeline included); it is only read, concurrently.
//
// As in scikit-learn, every feature is shuffled with the same random stream (here a
// math/rand/v2 PCG seeded with Seed), so with MaxSamples below one every feature
// uses the same rows; the shuffles differ from numpy's, so single importances differ
// from scikit-learn's while their distribution is the same. Features are scored in
// parallel (at most Workers at once, each with its own copy of X) and the result is
// identical for any Workers. ctx is checked between shuffles.
//
// Errors: estimator.ErrInvalidData for unusable X, y or weights (est itself rejects
// what it cannot predict on), a *estimator.ParamError for bad options, the scorer's
// and est's errors (estimator.ErrNotFitted for an unfitted est), and ctx.Err().
func PermutationImportance(ctx context.Context, est estimator.Estimator, X mat.Matrix, y []float64, opt *PermutationOptions) (*Importances, error) {
	const prefix = "inspection.PermutationImportance"
	if opt == nil {
		opt = &PermutationOptions{}
	}
	if est == nil || isNil(est) {
		return nil, fmt.Errorf("%s: nil estimator: %w", prefix, estimator.ErrInvalidData)
	}
	scorer, err := pickScorer(est, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	repeats := opt.NRepeats
	if repeats == 0 {
		repeats = 5
	}
	if repeats < 0 || repeats > MaxRepeats {
		return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "NRepeats", Value: opt.NRepeats, Reason: fmt.Sprintf("must be in [1, %d], or 0 for 5", MaxRepeats)})
	}
	if opt.Workers < 0 {
		return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "Workers", Value: opt.Workers, Reason: "must be >= 0"})
	}
	x, err := estimator.CheckXMissing(X)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	n, p := x.Dims()
	if y == nil || len(y) != n {
		return nil, fmt.Errorf("%s: X has %d rows but y has %d values: %w", prefix, n, len(y), estimator.ErrShape)
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: y[%d] is %v: %w", prefix, i, v, estimator.ErrInvalidData)
		}
	}
	w := opt.Weights
	if w != nil {
		if len(w) != n {
			return nil, fmt.Errorf("%s: %d weights for %d rows: %w", prefix, len(w), n, estimator.ErrShape)
		}
		for i, v := range w {
			if !(v >= 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s: weight %d is %v; weights must be finite and >= 0: %w", prefix, i, v, estimator.ErrInvalidData)
			}
		}
	}
	m, err := resolveCount("MaxSamples", opt.MaxSamples, n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	baseline, err := protectScore(scorer, est, x, y, w)
	if err != nil {
		return nil, fmt.Errorf("%s: baseline score: %w", prefix, err)
	}
	res := &Importances{Mean: make([]float64, p), Std: make([]float64, p), Raw: make([][]float64, p),
		Baseline: baseline, Scorer: scorer.Name()}
	err = parallel.Run(ctx, p, parallel.Workers(opt.Workers), func(ctx context.Context, j int) error {
		return parallel.Protect(func() error {
			scores, err := permutedScores(ctx, scorer, est, x, y, w, j, m, repeats, opt.Seed)
			if err != nil {
				return err
			}
			raw := make([]float64, repeats)
			for r, s := range scores {
				raw[r] = baseline - s
			}
			res.Raw[j] = raw
			res.Mean[j], res.Std[j] = meanStd(raw)
			return nil
		})
	})
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	return res, nil
}

// permutedScores is scikit-learn's _calculate_permutation_scores for column j.
func permutedScores(ctx context.Context, scorer metrics.Scorer, est estimator.Estimator, x *mat.Dense, y, w []float64,
	j, m, repeats int, seed uint64) ([]float64, error) {
	n, p := x.Dims()
	rng := rand.New(rand.NewPCG(seed, seed))
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	if m < n { // the same rows for every feature: the stream is the same
		for i := 0; i < m; i++ {
			r := i + rng.IntN(n-i)
			rows[i], rows[r] = rows[r], rows[i]
		}
		rows = rows[:m]
	}
	xp := mat.NewDense(len(rows), p, nil)
	ys := make([]float64, len(rows))
	var ws []float64
	if w != nil {
		ws = make([]float64, len(rows))
	}
	col := make([]float64, len(rows))
	for a, r := range rows {
		copy(xp.RawRowView(a), x.RawRowView(r))
		ys[a] = y[r]
		if w != nil {
			ws[a] = w[r]
		}
		col[a] = x.At(r, j)
	}
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	scores := make([]float64, repeats)
	for r := range scores {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		for a, k := range idx {
			xp.Set(a, j, col[k])
		}
		s, err := protectScore(scorer, est, xp, ys, ws)
		if err != nil {
			return nil, fmt.Errorf("feature %d: %w", j, err)
		}
		scores[r] = s
	}
	return scores, nil
}

func protectScore(s metrics.Scorer, est estimator.Estimator, X mat.Matrix, y, w []float64) (float64, error) {
	var v float64
	err := parallel.Protect(func() error {
		var err error
		v, err = s.Score(est, X, y, w)
		return err
	})
	return v, err
}

func pickScorer(est estimator.Estimator, opt *PermutationOptions) (metrics.Scorer, error) {
	switch {
	case opt.Scoring != nil && !isNil(opt.Scoring):
		return opt.Scoring, nil
	case opt.ScoringName != "":
		return metrics.ScorerByName(opt.ScoringName)
	case estimator.IsClassifier(est):
		return metrics.Accuracy, nil
	default:
		return metrics.R2, nil
	}
}

// meanStd returns the mean and the population standard deviation of v.
func meanStd(v []float64) (mean, std float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	for _, x := range v {
		std += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(std / float64(len(v)))
}

// resolveCount turns 0 / a fraction / a whole count into a number of rows in [1, n].
func resolveCount(name string, v float64, n int) (int, error) {
	var k int
	switch {
	case math.IsNaN(v) || v < 0 || (v > 1 && v != math.Trunc(v)):
		k = -1
	case v == 0:
		k = n
	case v <= 1:
		k = int(v * float64(n))
	case v <= float64(n):
		k = int(v)
	default:
		k = n + 1
	}
	if k < 1 || k > n {
		return 0, &estimator.ParamError{Param: name, Value: v, Reason: fmt.Sprintf("must select between 1 and %d rows (0: all; (0, 1]: a fraction; a whole count)", n)}
	}
	return k, nil
}
