package tuning

import (
	"fmt"
	"io"
	"maps"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/skgo/skgo/estimator"
)

// Result is the cross-validation outcome of one candidate: one row of scikit-learn's
// cv_results_.
type Result struct {
	// Params are the candidate's parameters (for a Halving search over a parameter
	// resource, including the resource).
	Params estimator.Params
	// Index is the candidate's position in the Space's Candidates. Under Halving, a
	// candidate evaluated in several iterations keeps its Index.
	Index int
	// Iteration and Resources are the successive-halving iteration and the resource
	// it used (scikit-learn iter and n_resources); both 0 for other spaces.
	Iteration, Resources int
	// TestScores maps each scorer's name to its test score on every fold (scikit-learn
	// split<k>_test_<name>); a failed fold scores NaN.
	TestScores map[string][]float64
	// TrainScores is like TestScores on the training rows; nil unless
	// Search.ReturnTrainScore.
	TrainScores map[string][]float64
	// MeanScore and StdScore are the mean and population standard deviation (numpy
	// ddof=0, like scikit-learn) of the ranking scorer's test scores; NaN if a fold
	// failed. Use Mean and Std for the other scorers.
	MeanScore, StdScore float64
	// Rank is the rank of MeanScore among all results: 1 is best, ties share the
	// smallest rank (scipy rankdata method="min") and failed candidates (NaN) tie for
	// the worst rank, as in scikit-learn. Ranks holds the rank for every scorer.
	Rank  int
	Ranks map[string]int
	// FitTime and ScoreTime are the mean time per fold spent fitting and scoring (test
	// rows only); FitTimeStd and ScoreTimeStd are their standard deviations.
	FitTime, FitTimeStd, ScoreTime, ScoreTimeStd time.Duration
	// NIter and Converged hold, for an estimator.Iterative (an iterative solver), the
	// iteration count and the convergence flag of every fold's fit (scikit-learn only
	// warns when a fit does not converge); nil for other estimators.
	NIter     []int
	Converged []bool
	// Err is the first fold's error, set only with Search.ContinueOnError.
	Err error

	refit string // name of the ranking scorer
}

// Mean returns the mean test score of the scorer called name, or NaN if there is no
// such scorer or a fold failed.
func (r Result) Mean(name string) float64 { return mean(r.TestScores[name]) }

// Std returns the population standard deviation of the test scores of the scorer
// called name, or NaN.
func (r Result) Std(name string) float64 { return std(r.TestScores[name]) }

// MeanTrain returns the mean train score of the scorer called name, or NaN when
// train scores were not computed.
func (r Result) MeanTrain(name string) float64 { return mean(r.TrainScores[name]) }

// Scores returns the ranking scorer's test score on every fold.
func (r Result) Scores() []float64 { return slices.Clone(r.TestScores[r.refit]) }

func (r Result) clone() Result {
	c := r
	c.Params = maps.Clone(r.Params)
	c.TestScores = cloneScores(r.TestScores)
	c.TrainScores = cloneScores(r.TrainScores)
	c.Ranks = maps.Clone(r.Ranks)
	c.NIter = slices.Clone(r.NIter)
	c.Converged = slices.Clone(r.Converged)
	return c
}

func cloneScores(m map[string][]float64) map[string][]float64 {
	if m == nil {
		return nil
	}
	out := make(map[string][]float64, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}

// rankResults fills Rank and Ranks like scikit-learn's _store(rank=True): NaN means
// tie for the worst rank, ties share the minimum rank.
func rankResults(rs []Result, names []string) {
	for _, name := range names {
		means := make([]float64, len(rs))
		allNaN := true
		lowest := math.Inf(1)
		for i, r := range rs {
			means[i] = r.Mean(name)
			if !math.IsNaN(means[i]) {
				allNaN = false
				lowest = min(lowest, means[i])
			}
		}
		ranks := make([]int, len(rs))
		if allNaN {
			for i := range ranks {
				ranks[i] = 1
			}
		} else {
			for i, m := range means {
				if math.IsNaN(m) {
					means[i] = lowest - 1
				}
			}
			order := make([]int, len(rs))
			for i := range order {
				order[i] = i
			}
			sort.SliceStable(order, func(a, b int) bool { return means[order[a]] > means[order[b]] })
			for pos, i := range order {
				if pos > 0 && means[i] == means[order[pos-1]] {
					ranks[i] = ranks[order[pos-1]]
				} else {
					ranks[i] = pos + 1
				}
			}
		}
		for i := range rs {
			if rs[i].Ranks == nil {
				rs[i].Ranks = make(map[string]int, len(names))
			}
			rs[i].Ranks[name] = ranks[i]
			if name == rs[i].refit {
				rs[i].Rank = ranks[i]
			}
		}
	}
}

// bestByRank returns the first result with rank 1 (scikit-learn argmin of rank).
func bestByRank(rs []Result, name string) int {
	best := 0
	for i, r := range rs {
		if r.Ranks[name] < rs[best].Ranks[name] {
			best = i
		}
	}
	return best
}

// bestOfLastIteration returns the best result of the last halving iteration
// (scikit-learn BaseSuccessiveHalving._select_best_index: nanargmax, first on ties).
func bestOfLastIteration(rs []Result, name string) int {
	last := 0
	for _, r := range rs {
		last = max(last, r.Iteration)
	}
	best := -1
	first := -1
	for i, r := range rs {
		if r.Iteration != last {
			continue
		}
		if first < 0 {
			first = i
		}
		m := r.Mean(name)
		if math.IsNaN(m) {
			continue
		}
		if best < 0 || m > rs[best].Mean(name) {
			best = i
		}
	}
	if best < 0 {
		return first
	}
	return best
}

// scoreSuffix returns the column suffix for a scorer: "score" when there is one
// scorer (scikit-learn's single-metric names), else the scorer's name.
func scoreSuffix(names []string, name string) string {
	if len(names) == 1 {
		return "score"
	}
	return name
}

// ResultsFrame returns the results as a table (scikit-learn cv_results_ as a
// DataFrame), one row per Result in Results order. Columns, in order:
//
//	iter, n_resources                          (Halving only)
//	mean_fit_time, std_fit_time, mean_score_time, std_score_time   (seconds)
//	param_<path>                               one per parameter path, sorted; float
//	                                           when every value is a number, else string
//	params                                     the candidate as {path: value, ...}
//	split<k>_test_<name>, mean_test_<name>, std_test_<name>, rank_test_<name>
//	split<k>_train_<name>, mean_train_<name>, std_train_<name>   (ReturnTrainScore)
//	max_n_iter, converged                      (estimator.Iterative estimators only:
//	                                           the most iterations of a fold, and
//	                                           whether every fold converged)
//	error                                      (only if some candidate failed)
//
// With a single scorer, <name> is "score" (mean_test_score), as in scikit-learn;
// with several it is the scorer's name (mean_test_r2). Before Fit it returns an empty
// DataFrame.
func (s *Search) ResultsFrame() dataframe.DataFrame {
	if s.fit == nil {
		return dataframe.New()
	}
	rs := s.fit.results
	var cols []series.Series
	floatCol := func(name string, f func(r Result) float64) {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		cols = append(cols, series.New(v, series.Float, name))
	}
	intCol := func(name string, f func(r Result) int) {
		v := make([]int, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		cols = append(cols, series.New(v, series.Int, name))
	}
	if s.fit.halving != nil {
		intCol("iter", func(r Result) int { return r.Iteration })
		intCol("n_resources", func(r Result) int { return r.Resources })
	}
	floatCol("mean_fit_time", func(r Result) float64 { return r.FitTime.Seconds() })
	floatCol("std_fit_time", func(r Result) float64 { return r.FitTimeStd.Seconds() })
	floatCol("mean_score_time", func(r Result) float64 { return r.ScoreTime.Seconds() })
	floatCol("std_score_time", func(r Result) float64 { return r.ScoreTimeStd.Seconds() })
	paths := map[string]bool{}
	for _, r := range rs {
		for k := range r.Params {
			paths[k] = true
		}
	}
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		numeric := true
		for _, r := range rs {
			if _, ok := toFloat(r.Params[p]); !ok {
				numeric = false
				break
			}
		}
		if numeric {
			floatCol("param_"+p, func(r Result) float64 { v, _ := toFloat(r.Params[p]); return v })
			continue
		}
		v := make([]string, len(rs))
		for i, r := range rs {
			if x, ok := r.Params[p]; ok {
				v[i] = formatValue(x)
			}
		}
		cols = append(cols, series.New(v, series.String, "param_"+p))
	}
	ps := make([]string, len(rs))
	for i, r := range rs {
		ps[i] = r.Params.String()
	}
	cols = append(cols, series.New(ps, series.String, "params"))
	names := s.fit.names
	for _, name := range names {
		suf := scoreSuffix(names, name)
		for k := range s.fit.nSplits {
			floatCol(fmt.Sprintf("split%d_test_%s", k, suf), func(r Result) float64 { return at(r.TestScores[name], k) })
		}
		floatCol("mean_test_"+suf, func(r Result) float64 { return r.Mean(name) })
		floatCol("std_test_"+suf, func(r Result) float64 { return r.Std(name) })
		intCol("rank_test_"+suf, func(r Result) int { return r.Ranks[name] })
	}
	if len(rs) > 0 && rs[0].TrainScores != nil {
		for _, name := range names {
			suf := scoreSuffix(names, name)
			for k := range s.fit.nSplits {
				floatCol(fmt.Sprintf("split%d_train_%s", k, suf), func(r Result) float64 { return at(r.TrainScores[name], k) })
			}
			floatCol("mean_train_"+suf, func(r Result) float64 { return mean(r.TrainScores[name]) })
			floatCol("std_train_"+suf, func(r Result) float64 { return std(r.TrainScores[name]) })
		}
	}
	if slices.ContainsFunc(rs, func(r Result) bool { return r.NIter != nil }) {
		intCol("max_n_iter", func(r Result) int {
			if len(r.NIter) == 0 {
				return 0
			}
			return slices.Max(r.NIter)
		})
		v := make([]bool, len(rs))
		for i, r := range rs {
			v[i] = r.Converged != nil && !slices.Contains(r.Converged, false)
		}
		cols = append(cols, series.New(v, series.Bool, "converged"))
	}
	if slices.ContainsFunc(rs, func(r Result) bool { return r.Err != nil }) {
		v := make([]string, len(rs))
		for i, r := range rs {
			if r.Err != nil {
				v[i] = r.Err.Error()
			}
		}
		cols = append(cols, series.New(v, series.String, "error"))
	}
	return dataframe.New(cols...)
}

func at(v []float64, k int) float64 {
	if k < len(v) {
		return v[k]
	}
	return math.NaN()
}

func toFloat(v any) (float64, bool) {
	rv := reflect.ValueOf(v)
	switch {
	case !rv.IsValid():
		return 0, false
	case rv.CanFloat():
		return rv.Float(), true
	case rv.CanInt():
		return float64(rv.Int()), true
	case rv.CanUint():
		return float64(rv.Uint()), true
	}
	return 0, false
}

func formatValue(v any) string {
	if e, ok := v.(estimator.Estimator); ok && !isNil(e) {
		return fmt.Sprintf("%T", e)
	}
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// WriteCSV writes ResultsFrame as CSV with a header row. Before Fit it returns an
// error wrapping estimator.ErrNotFitted.
func (s *Search) WriteCSV(w io.Writer) error {
	if s.fit == nil {
		return fmt.Errorf("tuning.Search: %w", estimator.ErrNotFitted)
	}
	df := s.ResultsFrame()
	if df.Err != nil {
		return fmt.Errorf("tuning.Search: building the results table: %w", df.Err)
	}
	if err := df.WriteCSV(w); err != nil {
		return fmt.Errorf("tuning.Search: %w", err)
	}
	return nil
}
