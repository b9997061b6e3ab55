package tuning

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/skgo/skgo/estimator"
)

// searchStateVersion is the version of searchState (estimator.EncodeState).
const searchStateVersion = 1

// searchState is the learned state of a Search. Candidate parameters are not stored:
// they are regenerated from the skeleton's Space (whose values may be estimators and
// other things a file cannot hold) and checked against ParamsKey. Ranks and the best
// index are recomputed from the scores on load and must match.
type searchState struct {
	Names     []string
	Refit     int
	Best      int
	NSplits   int
	RefitTime time.Duration
	Results   []resultState
	Halving   *HalvingInfo
	Resource  string // halving parameter resource, if any
	// Model is the refitted best estimator as written by estimator.Save; nil with
	// NoRefit.
	Model []byte
}

type resultState struct {
	Index, Iteration, Resources int
	ParamsKey                   string
	Test, Train                 [][]float64 // by scorer (Names order), then fold
	Ranks                       []int       // by scorer
	FitTime, FitTimeStd         time.Duration
	ScoreTime, ScoreTimeStd     time.Duration
	NIter                       []int  // by fold; nil for non-iterative estimators
	Converged                   []bool // by fold
	Err                         string
}

// maxScorers bounds the scorers a saved search may name.
const maxScorers = 1 << 10

// Check validates what UnmarshalState relies on: at least one scorer and result, the
// ranking scorer and the best result in range, and every result with one score per
// fold for every scorer, ranks in range, non-negative times and counts, and per-fold
// iteration records of the right length.
func (st *searchState) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("len(Names)", len(st.Names), 1, maxScorers),
		estimator.CheckCount("len(Results)", len(st.Results), 1, MaxFits),
		estimator.CheckCount("NSplits", st.NSplits, 1, MaxFits),
		estimator.CheckCount("Refit", st.Refit, 0, len(st.Names)-1),
		estimator.CheckCount("Best", st.Best, 0, len(st.Results)-1)); err != nil {
		return err
	}
	if st.RefitTime < 0 {
		return fmt.Errorf("RefitTime is %v", st.RefitTime)
	}
	for i, rs := range st.Results {
		if err := rs.check(len(st.Names), st.NSplits, len(st.Results)); err != nil {
			return fmt.Errorf("Results[%d]: %w", i, err)
		}
	}
	if h := st.Halving; h != nil {
		if err := estimator.FirstError(
			estimator.CheckCount("Halving.NIterations", h.NIterations, 1, 64),
			estimator.CheckLen("Halving.NResources", len(h.NResources), h.NIterations),
			estimator.CheckLen("Halving.NCandidates", len(h.NCandidates), h.NIterations)); err != nil {
			return err
		}
		for k := range h.NResources {
			if h.NResources[k] < 0 || h.NCandidates[k] < 0 {
				return fmt.Errorf("Halving iteration %d has negative counts", k)
			}
		}
	}
	return nil
}

func (rs *resultState) check(nNames, nSplits, nResults int) error {
	if rs.Index < 0 || rs.Iteration < 0 || rs.Resources < 0 {
		return fmt.Errorf("negative Index, Iteration or Resources")
	}
	if err := estimator.FirstError(
		estimator.CheckLen("Test", len(rs.Test), nNames),
		estimator.CheckLen("Ranks", len(rs.Ranks), nNames)); err != nil {
		return err
	}
	if rs.Train != nil {
		if err := estimator.CheckLen("Train", len(rs.Train), nNames); err != nil {
			return err
		}
	}
	for k := range nNames {
		if err := estimator.CheckLen("Test[k]", len(rs.Test[k]), nSplits); err != nil {
			return err
		}
		if rs.Train != nil {
			if err := estimator.CheckLen("Train[k]", len(rs.Train[k]), nSplits); err != nil {
				return err
			}
		}
		if err := estimator.CheckCount("Ranks[k]", rs.Ranks[k], 1, nResults); err != nil {
			return err
		}
	}
	if rs.FitTime < 0 || rs.FitTimeStd < 0 || rs.ScoreTime < 0 || rs.ScoreTimeStd < 0 {
		return fmt.Errorf("negative times")
	}
	if rs.NIter != nil || rs.Converged != nil {
		if err := estimator.FirstError(
			estimator.CheckLen("NIter", len(rs.NIter), nSplits),
			estimator.CheckLen("Converged", len(rs.Converged), nSplits)); err != nil {
			return err
		}
		for _, v := range rs.NIter {
			if v < 0 {
				return fmt.Errorf("NIter holds %d", v)
			}
		}
	}
	return nil
}

// MarshalState encodes the results and the refitted best estimator (its parameters
// and learned state, as estimator.Save writes them). It returns nil before Fit.
func (s *Search) MarshalState() ([]byte, error) {
	f := s.fit
	if f == nil {
		return nil, nil
	}
	st := &searchState{Names: f.names, Refit: f.refit, Best: f.best, NSplits: f.nSplits,
		RefitTime: f.refitTime, Halving: f.halving}
	if h, ok := asHalving(s.Space); ok && !h.rows() {
		st.Resource = h.Resource
	}
	for _, r := range f.results {
		rs := resultState{Index: r.Index, Iteration: r.Iteration, Resources: r.Resources,
			ParamsKey: r.Params.String(), FitTime: r.FitTime, FitTimeStd: r.FitTimeStd,
			ScoreTime: r.ScoreTime, ScoreTimeStd: r.ScoreTimeStd, NIter: r.NIter, Converged: r.Converged}
		for _, name := range f.names {
			rs.Test = append(rs.Test, r.TestScores[name])
			if r.TrainScores != nil {
				rs.Train = append(rs.Train, r.TrainScores[name])
			}
			rs.Ranks = append(rs.Ranks, r.Ranks[name])
		}
		if r.Err != nil {
			rs.Err = r.Err.Error()
		}
		st.Results = append(st.Results, rs)
	}
	if f.bestEst != nil {
		var buf bytes.Buffer
		if err := estimator.Save(&buf, f.bestEst); err != nil {
			return nil, fmt.Errorf("tuning.Search: saving the best estimator: %w", err)
		}
		st.Model = buf.Bytes()
	}
	return estimator.EncodeState(searchStateVersion, st)
}

// UnmarshalState restores what MarshalState wrote. The state is checked
// (searchState.Check); the candidates are regenerated from s.Space (so s must be built
// by the same code as the saved search) and must match the saved ones; ranks and the
// best index are recomputed from the scores and must match the saved ones; the best
// estimator is loaded (estimator.Load, which validates it) into a clone of
// s.Estimator with the best candidate's parameters. Empty b leaves s unfitted. Errors
// about the state wrap estimator.ErrState, and leave s unchanged.
func (s *Search) UnmarshalState(b []byte) error {
	var st *searchState
	if err := estimator.DecodeState(b, searchStateVersion, &st); err != nil {
		return fmt.Errorf("tuning.Search: %w", err)
	}
	if st == nil {
		s.fit = nil
		return nil
	}
	if s.Space == nil || isNil(s.Space) {
		return errors.New("tuning.Search: cannot load results into a Search without a Space")
	}
	space := s.Space
	if h, ok := asHalving(space); ok {
		space = h.Space
	}
	cands, err := collect(space)
	if err != nil {
		return fmt.Errorf("tuning.Search: regenerating the candidates: %w", err)
	}
	scorers, _, err := s.scorers()
	if err != nil {
		return fmt.Errorf("tuning.Search: %w", err)
	}
	names := make([]string, len(scorers))
	for i, sc := range scorers {
		names[i] = sc.Name()
	}
	if !slices.Equal(names, st.Names) {
		return fmt.Errorf("tuning.Search: saved scorers %v, this Search has %v: %w", st.Names, names, estimator.ErrState)
	}
	f := &searchFit{names: names, refit: st.Refit, best: st.Best, nSplits: st.NSplits,
		refitTime: st.RefitTime, halving: st.Halving}
	for i, rs := range st.Results {
		if rs.Index >= len(cands) {
			return fmt.Errorf("tuning.Search: saved result %d is candidate %d of %d: %w", i, rs.Index, len(cands), estimator.ErrState)
		}
		p := maps.Clone(cands[rs.Index])
		if st.Resource != "" {
			p[st.Resource] = rs.Resources
		}
		if p.String() != rs.ParamsKey {
			return fmt.Errorf("tuning.Search: saved result %d has parameters %s, but this Search's Space gives %s (build the Search with the same code): %w",
				i, rs.ParamsKey, p.String(), estimator.ErrState)
		}
		r := Result{Params: p, Index: rs.Index, Iteration: rs.Iteration, Resources: rs.Resources,
			TestScores: map[string][]float64{}, Ranks: map[string]int{},
			FitTime: rs.FitTime, FitTimeStd: rs.FitTimeStd, ScoreTime: rs.ScoreTime, ScoreTimeStd: rs.ScoreTimeStd,
			NIter: rs.NIter, Converged: rs.Converged, refit: names[st.Refit]}
		if rs.Train != nil {
			r.TrainScores = map[string][]float64{}
		}
		for k, name := range names {
			r.TestScores[name] = rs.Test[k]
			if rs.Train != nil {
				r.TrainScores[name] = rs.Train[k]
			}
		}
		r.MeanScore, r.StdScore = r.Mean(r.refit), r.Std(r.refit)
		if rs.Err != "" {
			r.Err = errors.New(rs.Err)
		}
		f.results = append(f.results, r)
	}
	// Ranks and the best index follow from the scores: recompute them, and refuse a
	// state whose saved ones disagree (it was forged or corrupted).
	rankResults(f.results, names)
	for i, rs := range st.Results {
		for k, name := range names {
			if f.results[i].Ranks[name] != rs.Ranks[k] {
				return fmt.Errorf("tuning.Search: saved result %d has rank %d for %q, its scores give %d: %w",
					i, rs.Ranks[k], name, f.results[i].Ranks[name], estimator.ErrState)
			}
		}
	}
	best := bestByRank(f.results, names[st.Refit])
	if st.Halving != nil {
		best = bestOfLastIteration(f.results, names[st.Refit])
	}
	if best != st.Best {
		return fmt.Errorf("tuning.Search: saved best result %d, the scores give %d: %w", st.Best, best, estimator.ErrState)
	}
	if st.Model != nil {
		if s.Estimator == nil || isNil(s.Estimator) {
			return errors.New("tuning.Search: cannot load the best estimator into a Search without an Estimator")
		}
		est := estimator.Clone(s.Estimator)
		if err := applyParams(est, f.results[f.best].Params); err != nil {
			return fmt.Errorf("tuning.Search: best parameters: %w", err)
		}
		if err := estimator.Load(bytes.NewReader(st.Model), est); err != nil {
			return fmt.Errorf("tuning.Search: best estimator: %w", err)
		}
		f.bestEst = est
	}
	s.fit = f
	return nil
}
