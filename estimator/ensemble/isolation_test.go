package ensemble

import (
	"bytes"
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
)

const forestGolden = "testdata/forest_sklearn.json"

func TestIsolationForestConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &IsolationForest{} }, estimatortest.Unsupervised())
	estimatortest.Run(t, func() estimator.Estimator {
		return &IsolationForest{NEstimators: 13, MaxSamples: 0.5, MaxFeatures: 0.5, Bootstrap: true,
			Contamination: 0.1, Seed: 3, Workers: 3}
	}, estimatortest.Unsupervised())
}

func TestIsoAveragePathLength(t *testing.T) {
	g := testutil.Golden(t, forestGolden)
	ns, want := g.Floats("iso/avg_path/n"), g.Floats("iso/avg_path/c")
	for i, n := range ns {
		assert.InDelta(t, want[i], isoAveragePathLength(n), 1e-13*max(1, want[i]), "c(%v)", n)
	}
}

// isoGoldenTrees builds the learned state from trees exported by scikit-learn.
func isoGoldenTrees(t *testing.T, g *testutil.Goldens, key string, nFeatures int) *isoFit {
	var trees []struct {
		Left, Right, Feature []int32
		Threshold            []float64
		NNodeSamples         []int32 `json:"n_node_samples"`
	}
	g.Decode(key+"trees", &trees)
	f := &isoFit{NFeatures: nFeatures, MaxSamples: int(g.Float(key + "max_samples")), Offset: g.Float(key + "offset")}
	for _, tr := range trees {
		it := isoTree{Feature: tr.Feature, Threshold: tr.Threshold, Left: tr.Left, Right: tr.Right, NSamples: tr.NNodeSamples}
		for i := range it.Feature {
			if it.Left[i] == -1 {
				it.Feature[i], it.Threshold[i] = -1, 0 // scikit-learn's leaves hold -2 and -2.0
			}
		}
		f.Trees = append(f.Trees, it)
	}
	require.NoError(t, f.Check())
	f.prepare()
	return f
}

// With scikit-learn's own trees, scores, decision values, predictions and the
// contamination offset match to 1e-12: the path lengths are computed exactly as
// scikit-learn computes them.
func TestIsolationExactScores(t *testing.T) {
	g := testutil.Golden(t, forestGolden)
	X, Q := g.Matrix("isoexact/X"), g.Matrix("isoexact/Q")
	for _, k := range []string{"plain", "feat2_boot", "auto"} {
		key := "isoexact/" + k + "/"
		f := isoGoldenTrees(t, g, key, 3)
		m := &IsolationForest{fit: f}
		s, err := m.ScoreSamples(X)
		require.NoError(t, err)
		forestAssertClose(t, g.Floats(key+"score_train"), s, 1e-12, k+" score_train")
		s, err = m.ScoreSamples(Q)
		require.NoError(t, err)
		forestAssertClose(t, g.Floats(key+"score_query"), s, 1e-12, k+" score_query")
		d, err := m.DecisionFunction(Q)
		require.NoError(t, err)
		forestAssertClose(t, g.Floats(key+"decision_query"), d, 1e-12, k+" decision_query")
		p, err := m.Predict(Q)
		require.NoError(t, err)
		assert.Equal(t, g.Floats(key+"predict_query"), p, k)
		if k != "auto" { // the offset is the percentile of the training scores
			c := map[string]float64{"plain": 0.1, "feat2_boot": 0.05}[k]
			train, _ := m.ScoreSamples(X)
			assert.InDelta(t, g.Float(key+"offset"), isoPercentile(train, 100*c), 1e-12, k+" offset")
		}
	}
}

func forestMean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// On blobs with uniform outliers, the ROC AUC of the scores matches scikit-learn's
// (means over 10 seeds each, within 0.01), and the predicted outliers agree with
// scikit-learn's majority vote on at least 97% of the rows.
func TestIsolationBlobs(t *testing.T) {
	g := testutil.Golden(t, forestGolden)
	ctx := context.Background()
	cases := map[string]IsolationForest{
		"blobs2":  {},
		"blobs10": {MaxFeatures: 0.5, Bootstrap: true, MaxSamples: 0.3},
	}
	for name, proto := range cases {
		X := g.Matrix("iso/" + name + "/X")
		isOut := g.Floats("iso/" + name + "/is_outlier")
		n, _ := X.Dims()
		var aucs []float64
		for _, suffix := range []string{"auto", "c0.1"} {
			var skPreds [][]float64
			g.Decode("iso/"+name+"/predict_"+suffix, &skPreds)
			skVote := make([]float64, n)
			for _, p := range skPreds {
				for i, v := range p {
					skVote[i] += v
				}
			}
			goVote := make([]float64, n)
			for seed := range uint64(10) {
				m := proto
				m.Seed = seed
				if suffix == "c0.1" {
					m.Contamination = 0.1
				}
				require.NoError(t, m.Fit(ctx, X, nil))
				s, err := m.ScoreSamples(X)
				require.NoError(t, err)
				if suffix == "auto" {
					neg := make([]float64, n)
					for i, v := range s {
						neg[i] = -v
					}
					aucs = append(aucs, metrics.ROCAUCScore(isOut, neg, nil))
				}
				p, err := m.Predict(X)
				require.NoError(t, err)
				for i, v := range p {
					goVote[i] += v
				}
			}
			agree := 0
			for i := range goVote {
				if (goVote[i] < 0) == (skVote[i] < 0) {
					agree++
				}
			}
			t.Logf("%s %s: predictions agree with scikit-learn's majority on %d/%d rows", name, suffix, agree, n)
			assert.GreaterOrEqual(t, float64(agree)/float64(n), 0.97, name+" "+suffix)
		}
		skAUC := forestMean(g.Floats("iso/" + name + "/auc"))
		t.Logf("%s: mean AUC skgo %.4f, scikit-learn %.4f", name, forestMean(aucs), skAUC)
		assert.InDelta(t, skAUC, forestMean(aucs), 0.01, name+" AUC")
	}
}

func TestIsolationForestBehaviour(t *testing.T) {
	g := testutil.Golden(t, forestGolden)
	X := g.Matrix("iso/blobs2/X")
	ctx := context.Background()

	// Identical for any worker count; warm start equals one fit.
	ref := &IsolationForest{NEstimators: 40, Seed: 7, Workers: 1}
	require.NoError(t, ref.Fit(ctx, X, nil))
	want, _ := ref.ScoreSamples(X)
	for _, w := range []int{2, 5} {
		m := &IsolationForest{NEstimators: 40, Seed: 7, Workers: w}
		require.NoError(t, m.Fit(ctx, X, nil))
		got, _ := m.ScoreSamples(X)
		assert.Equal(t, want, got, "Workers %d", w)
	}
	warm := &IsolationForest{NEstimators: 15, Seed: 7, WarmStart: true}
	require.NoError(t, warm.Fit(ctx, X, nil))
	assert.Equal(t, 15, warm.NTrees())
	warm.NEstimators = 40
	require.NoError(t, warm.Fit(ctx, X, nil))
	got, _ := warm.ScoreSamples(X)
	assert.Equal(t, want, got, "15 then 40 trees with WarmStart")
	warm.NEstimators = 10
	err := warm.Fit(ctx, X, nil)
	require.ErrorIs(t, err, estimator.ErrInvalidParam)
	assert.Equal(t, 40, warm.NTrees(), "a failed warm start keeps the model")
	err = warm.Fit(ctx, mat.NewDense(3, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}), nil)
	require.ErrorIs(t, err, estimator.ErrShape)

	// Resolved sizes and bad settings.
	assert.Equal(t, 256, ref.MaxSamplesUsed())
	assert.Equal(t, -0.5, ref.Offset())
	m := &IsolationForest{MaxSamples: 10000}
	require.NoError(t, m.Fit(ctx, X, nil))
	assert.Equal(t, 440, m.MaxSamplesUsed(), "MaxSamples above the rows is lowered to the rows")
	for _, bad := range []IsolationForest{
		{NEstimators: -1}, {NEstimators: 1<<20 + 1}, {MaxSamples: -0.5}, {MaxSamples: 2.5},
		{MaxSamples: math.NaN()}, {Contamination: 0.6}, {Contamination: -0.1}, {MaxFeatures: 1.5},
		{MaxFeatures: math.Inf(1)}, {Workers: -1},
	} {
		err := bad.Fit(ctx, X, nil)
		var pe *estimator.ParamError
		assert.True(t, errors.As(err, &pe), "%v: %v", &bad, err)
	}
	err = (&IsolationForest{MaxFeatures: 3}).Fit(ctx, X, nil)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), "MaxFeatures")
	err = (&IsolationForest{MaxSamples: 0.001}).Fit(ctx, X, nil)
	require.ErrorIs(t, err, estimator.ErrInvalidData)

	// One row: every score is −0.5 (scikit-learn's value when c(max_samples) = 0);
	// a constant column never splits.
	one := &IsolationForest{}
	require.NoError(t, one.Fit(ctx, mat.NewDense(1, 2, []float64{1, 2}), nil))
	s, err := one.ScoreSamples(mat.NewDense(2, 2, []float64{1, 2, 100, -3}))
	require.NoError(t, err)
	assert.Equal(t, []float64{-0.5, -0.5}, s)
	c := &IsolationForest{NEstimators: 3}
	require.NoError(t, c.Fit(ctx, mat.NewDense(4, 1, []float64{5, 5, 5, 5}), nil))
	for _, tr := range c.fit.Trees {
		assert.Equal(t, []int32{-1}, tr.Feature, "a constant feature gives a single leaf")
	}

	// The outlier far from the data scores lowest.
	s, err = ref.ScoreSamples(mat.NewDense(2, 2, []float64{0, 4, 100, 100}))
	require.NoError(t, err)
	assert.Less(t, s[1], s[0])

	// Save and load.
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, ref))
	back := &IsolationForest{}
	require.NoError(t, estimator.Load(&buf, back))
	got, _ = back.ScoreSamples(X)
	assert.Equal(t, want, got)
}

func TestIsolationForgedState(t *testing.T) {
	ctx := context.Background()
	m := &IsolationForest{NEstimators: 3, MaxSamples: 16}
	X := mat.NewDense(40, 2, nil)
	for i := 0; i < 40; i++ {
		X.Set(i, 0, float64(i%7))
		X.Set(i, 1, float64(i*i%11))
	}
	require.NoError(t, m.Fit(ctx, X, nil))
	base := m.fit
	forge := func(edit func(f *isoFit)) error {
		f := &isoFit{NFeatures: base.NFeatures, MaxSamples: base.MaxSamples, Offset: base.Offset}
		for _, tr := range base.Trees {
			f.Trees = append(f.Trees, isoTree{
				Feature: append([]int32(nil), tr.Feature...), Threshold: append([]float64(nil), tr.Threshold...),
				Left: append([]int32(nil), tr.Left...), Right: append([]int32(nil), tr.Right...),
				NSamples: append([]int32(nil), tr.NSamples...)})
		}
		edit(f)
		b, err := estimator.EncodeState(isoStateVersion, f)
		require.NoError(t, err)
		dst := &IsolationForest{}
		err = dst.UnmarshalState(b)
		if err == nil {
			_, err = dst.ScoreSamples(X)
		}
		return err
	}
	require.NoError(t, forge(func(f *isoFit) {}))
	for name, edit := range map[string]func(f *isoFit){
		"cycle":          func(f *isoFit) { f.Trees[0].Left[0] = 0 },
		"child backward": func(f *isoFit) { f.Trees[0].Right[1] = 0 },
		"child range":    func(f *isoFit) { f.Trees[0].Right[0] = 1000 },
		"feature":        func(f *isoFit) { f.Trees[1].Feature[0] = 2 },
		"threshold NaN":  func(f *isoFit) { f.Trees[1].Threshold[0] = math.NaN() },
		"short":          func(f *isoFit) { f.Trees[2].NSamples = f.Trees[2].NSamples[1:] },
		"no trees":       func(f *isoFit) { f.Trees = nil },
		"samples":        func(f *isoFit) { f.Trees[0].NSamples[0] = 17 },
		"leaf child":     func(f *isoFit) { n := len(f.Trees[0].Left) - 1; f.Trees[0].Left[n] = int32(n) },
		"offset":         func(f *isoFit) { f.Offset = math.Inf(-1) },
		"max samples":    func(f *isoFit) { f.MaxSamples = 0 },
		"features":       func(f *isoFit) { f.NFeatures = 0 },
	} {
		err := forge(edit)
		assert.ErrorIs(t, err, estimator.ErrState, name)
	}
}

// forestAssertClose fails when got and want differ by more than tol·max(1, |want|).
func forestAssertClose(t *testing.T, want, got []float64, tol float64, msg string) {
	t.Helper()
	require.Len(t, got, len(want), msg)
	for i := range want {
		if d := math.Abs(want[i] - got[i]); !(d <= tol*max(1, math.Abs(want[i]))) {
			t.Errorf("%s[%d]: got %v, want %v (diff %g)", msg, i, got[i], want[i], d)
			return
		}
	}
}

// Rows of weight 0 are left out of the trees: with every row drawn, no tree holds or
// splits between the two far rows of weight 0. A tree whose drawn rows all weigh 0 is
// a single empty leaf (path length 0), and scores stay finite.
func TestIsolationWeights(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(6, 1, []float64{0, 1, 2, 3, 50, 60})
	w := []float64{1, 1, 1, 1, 0, 0}
	m := &IsolationForest{NEstimators: 20, MaxSamples: 1.0}
	require.NoError(t, m.FitWeighted(ctx, X, nil, w))
	for _, tr := range m.fit.Trees {
		assert.Equal(t, int32(4), tr.NSamples[0], "the root holds the 4 rows of positive weight")
		for i, f := range tr.Feature {
			if f >= 0 {
				assert.Less(t, tr.Threshold[i], 3.0, "no split between rows of weight 0")
			}
		}
	}
	require.ErrorIs(t, m.FitWeighted(ctx, X, nil, []float64{1, 2}), estimator.ErrShape)
	require.ErrorIs(t, m.FitWeighted(ctx, X, nil, []float64{1, 1, 1, 1, 1, -1}), estimator.ErrInvalidData)
	z := &IsolationForest{NEstimators: 5, MaxSamples: 2}
	require.NoError(t, z.FitWeighted(ctx, X, nil, []float64{0, 0, 0, 0, 0, 1}))
	s, err := z.ScoreSamples(X)
	require.NoError(t, err)
	for _, v := range s {
		assert.False(t, math.IsNaN(v))
	}
}
