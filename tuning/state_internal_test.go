package tuning

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/pipeline"
)

func fittedSearch(t *testing.T) (*Search, func() *Search) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	X := mat.NewDense(40, 2, nil)
	y := make([]float64, 40)
	for i := range 40 {
		a, b := rng.NormFloat64(), rng.NormFloat64()
		X.Set(i, 0, a)
		X.Set(i, 1, b)
		y[i] = 2*a - b + 0.1*rng.NormFloat64()
	}
	mk := func() *Search {
		return &Search{Estimator: &testutil.LSQ{}, Space: Grid{{Param: "Alpha", Values: Values(0.1, 1.0, 10.0)}},
			CV: crossval.KFold{K: 4}, ReturnTrainScore: true}
	}
	s := mk()
	require.NoError(t, s.Fit(context.Background(), X, y))
	return s, mk
}

// stateOf returns the decoded learned state of a fitted search.
func stateOf(t *testing.T, s *Search) *searchState {
	t.Helper()
	b, err := s.MarshalState()
	require.NoError(t, err)
	var st *searchState
	require.NoError(t, estimator.DecodeState(b, searchStateVersion, &st))
	return st
}

func TestForgedStateIsRejected(t *testing.T) {
	s, mk := fittedSearch(t)
	forgeries := map[string]func(st *searchState){
		"best out of range":  func(st *searchState) { st.Best = 7 },
		"negative best":      func(st *searchState) { st.Best = -1 },
		"refit out of range": func(st *searchState) { st.Refit = 3 },
		"no results":         func(st *searchState) { st.Results = nil },
		"no scorers":         func(st *searchState) { st.Names = nil },
		"short fold scores":  func(st *searchState) { st.Results[1].Test[0] = st.Results[1].Test[0][:2] },
		"missing scorer":     func(st *searchState) { st.Results[0].Test = nil },
		"short train scores": func(st *searchState) { st.Results[2].Train[0] = nil },
		"rank out of range":  func(st *searchState) { st.Results[0].Ranks[0] = 99 },
		"rank inconsistent": func(st *searchState) {
			st.Results[0].Ranks[0], st.Results[1].Ranks[0] = st.Results[1].Ranks[0], st.Results[0].Ranks[0]
		},
		"best not the best":    func(st *searchState) { st.Best = (st.Best + 1) % 3 },
		"candidate index":      func(st *searchState) { st.Results[0].Index = 5 },
		"negative index":       func(st *searchState) { st.Results[0].Index = -2 },
		"params key":           func(st *searchState) { st.Results[0].ParamsKey = "{Alpha: 3}" },
		"NSplits zero":         func(st *searchState) { st.NSplits = 0 },
		"NSplits mismatch":     func(st *searchState) { st.NSplits = 5 },
		"negative time":        func(st *searchState) { st.Results[0].FitTime = -1 },
		"NIter length":         func(st *searchState) { st.Results[0].NIter = []int{1} },
		"scorer renamed":       func(st *searchState) { st.Names = []string{"neg_mean_squared_error"} },
		"halving inconsistent": func(st *searchState) { st.Halving = &HalvingInfo{NIterations: 2, NResources: []int{1}} },
		"model garbage":        func(st *searchState) { st.Model = []byte("not a model") },
	}
	for name, forge := range forgeries {
		st := stateOf(t, s)
		forge(st)
		b, err := estimator.EncodeState(searchStateVersion, st)
		require.NoError(t, err, name)
		dst, _ := fittedSearch(t)
		before := dst.fit
		err = dst.UnmarshalState(b)
		require.Error(t, err, name)
		if name != "model garbage" {
			assert.ErrorIs(t, err, estimator.ErrState, name)
		}
		assert.Same(t, before, dst.fit, "%s: a failed UnmarshalState leaves the receiver unchanged", name)
		fresh := mk()
		assert.Error(t, fresh.UnmarshalState(b), name)
		assert.Nil(t, fresh.fit, name)
	}
	// The genuine state loads.
	b, err := s.MarshalState()
	require.NoError(t, err)
	dst := mk()
	require.NoError(t, dst.UnmarshalState(b))
	assert.Equal(t, s.Results(), dst.Results())
	// A wrong version is refused.
	st := stateOf(t, s)
	b, err = estimator.EncodeState(searchStateVersion+1, st)
	require.NoError(t, err)
	assert.ErrorIs(t, mk().UnmarshalState(b), estimator.ErrState)
}

func TestCacheKeys(t *testing.T) {
	mkPipe := func(alpha float64, inner estimator.Estimator) estimator.Estimator {
		return pipeline.New(pipeline.Step{Name: "pre", Est: inner}, pipeline.Step{Name: "ridge", Est: &testutil.LSQ{Alpha: alpha}})
	}
	var ids identities
	a := planPipeline(mkPipe(1, &ridgeLike{K: 2}), nil, &ids)
	b := planPipeline(mkPipe(5, &ridgeLike{K: 2}), nil, &ids)
	require.NotNil(t, a, "a pipeline is a chain")
	require.NotNil(t, b)
	assert.Equal(t, a.key, b.key, "the final step's parameters are not in the key")
	c := planPipeline(mkPipe(1, &ridgeLike{K: 3}), nil, &ids)
	assert.NotEqual(t, a.key, c.key, "prefix parameters are")
	nan1 := planPipeline(mkPipe(1, &ridgeLike{K: math.NaN()}), nil, &ids)
	nan2 := planPipeline(mkPipe(1, &ridgeLike{K: math.NaN()}), nil, &ids)
	assert.Equal(t, nan1.key, nan2.key, "NaN is encoded by its bits, so equal settings share a key")
	assert.NotContains(t, a.key, "0x"+"c", "no pointer addresses in the key")

	// Step replacements are told apart by identity.
	r1, r2 := &ridgeLike{K: 2}, &ridgeLike{K: 2}
	k1 := planPipeline(mkPipe(1, r1), estimator.Params{"pre": r1}, &ids)
	k2 := planPipeline(mkPipe(1, r2), estimator.Params{"pre": r2}, &ids)
	k1b := planPipeline(mkPipe(7, r1), estimator.Params{"pre": r1}, &ids)
	assert.NotEqual(t, k1.key, k2.key)
	assert.Equal(t, k1.key, k1b.key)

	// Not chains: a union, a transformed-target regressor, a single step, a plain model.
	union := &pipeline.FeatureUnion{Branches: []pipeline.Step{{Name: "a", Est: &ridgeLike{}}, {Name: "b", Est: &ridgeLike{}}}}
	assert.Nil(t, planPipeline(union, nil, &ids))
	ttr := &pipeline.TransformedTargetRegressor{Regressor: &testutil.LSQ{}, Transformer: &ridgeLike{}}
	assert.Nil(t, planPipeline(ttr, nil, &ids))
	assert.Nil(t, planPipeline(pipeline.New(pipeline.Step{Name: "only", Est: &testutil.LSQ{}}), nil, &ids))
	assert.Nil(t, planPipeline(&testutil.LSQ{}, nil, &ids))
	// A prefix holding a func parameter cannot be keyed exactly: no caching.
	assert.Nil(t, planPipeline(pipeline.New(pipeline.Step{Name: "f", Est: &funcParam{F: func() {}}},
		pipeline.Step{Name: "ridge", Est: &testutil.LSQ{}}), nil, &ids))
}

// ridgeLike is a trivial transformer.
type ridgeLike struct{ K float64 }

func (r *ridgeLike) Fit(context.Context, mat.Matrix, []float64) error { return nil }
func (r *ridgeLike) Transform(X mat.Matrix) (*mat.Dense, error)       { return mat.DenseCopyOf(X), nil }

// funcParam is a transformer with a func-valued parameter.
type funcParam struct{ F func() }

func (f *funcParam) Fit(context.Context, mat.Matrix, []float64) error { return nil }
func (f *funcParam) Transform(X mat.Matrix) (*mat.Dense, error)       { return mat.DenseCopyOf(X), nil }
