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

// searchState is the gob-encoded learned state of a Search. Candidate parameters are
// not stored: they are regenerated from the skeleton's Space (whose values may be
// estimators and other things a file cannot hold) and checked against ParamsKey.
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
	Err                         string
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
			ScoreTime: r.ScoreTime, ScoreTimeStd: r.ScoreTimeStd}
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
	return estimator.GobState(st)
}

// UnmarshalState restores what MarshalState wrote. The candidates are regenerated
// from s.Space (so s must be built by the same code as the saved search) and must
// match the saved ones; the best estimator is loaded into a clone of s.Estimator with
// the best candidate's parameters. Empty b leaves s unfitted.
func (s *Search) UnmarshalState(b []byte) error {
	var st *searchState
	if err := estimator.UngobState(b, &st); err != nil {
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
		return fmt.Errorf("tuning.Search: saved scorers %v, this Search has %v", st.Names, names)
	}
	if len(st.Results) == 0 || st.Best < 0 || st.Best >= len(st.Results) || st.Refit < 0 || st.Refit >= len(names) {
		return errors.New("tuning.Search: saved state is inconsistent")
	}
	f := &searchFit{names: names, refit: st.Refit, best: st.Best, nSplits: st.NSplits,
		refitTime: st.RefitTime, halving: st.Halving}
	for i, rs := range st.Results {
		if rs.Index < 0 || rs.Index >= len(cands) || len(rs.Test) != len(names) || len(rs.Ranks) != len(names) ||
			(rs.Train != nil && len(rs.Train) != len(names)) {
			return fmt.Errorf("tuning.Search: saved result %d is inconsistent with %d candidates and scorers %v", i, len(cands), names)
		}
		p := maps.Clone(cands[rs.Index])
		if st.Resource != "" {
			p[st.Resource] = rs.Resources
		}
		if p.String() != rs.ParamsKey {
			return fmt.Errorf("tuning.Search: saved result %d has parameters %s, but this Search's Space gives %s (build the Search with the same code)",
				i, rs.ParamsKey, p.String())
		}
		r := Result{Params: p, Index: rs.Index, Iteration: rs.Iteration, Resources: rs.Resources,
			TestScores: map[string][]float64{}, Ranks: map[string]int{},
			FitTime: rs.FitTime, FitTimeStd: rs.FitTimeStd, ScoreTime: rs.ScoreTime, ScoreTimeStd: rs.ScoreTimeStd,
			refit: names[st.Refit]}
		if rs.Train != nil {
			r.TrainScores = map[string][]float64{}
		}
		for k, name := range names {
			r.TestScores[name] = rs.Test[k]
			if rs.Train != nil {
				r.TrainScores[name] = rs.Train[k]
			}
			r.Ranks[name] = rs.Ranks[k]
		}
		r.Rank = r.Ranks[r.refit]
		r.MeanScore, r.StdScore = r.Mean(r.refit), r.Std(r.refit)
		if rs.Err != "" {
			r.Err = errors.New(rs.Err)
		}
		f.results = append(f.results, r)
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
