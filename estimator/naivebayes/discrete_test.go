package naivebayes

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
)

// countData is non-negative count data with three classes (1, 2, 5) for the
// conformance suite, whose default data has negative values.
func countData() (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(3, 5))
	const n, p = 60, 5
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	labels := []float64{1, 2, 5}
	for i := 0; i < n; i++ {
		c := i % 3
		for j := 0; j < p; j++ {
			v := float64(rng.IntN(4))
			if j == c {
				v += 3
			}
			X.Set(i, j, v)
		}
		y[i] = labels[c]
	}
	return X, y
}

type discreteModel interface {
	estimator.ProbaClassifier
	FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error
	PartialFit(ctx context.Context, X mat.Matrix, y, classes []float64) error
	PredictLogProba(X mat.Matrix) (*mat.Dense, error)
	FeatureLogProb() *mat.Dense
	FeatureCount() *mat.Dense
	ClassCount() []float64
	ClassLogPrior() []float64
	MarshalState() ([]byte, error)
	UnmarshalState([]byte) error
}

func TestDiscreteConformance(t *testing.T) {
	X, y := countData()
	for name, mk := range map[string]func() estimator.Estimator{
		"MultinomialNB":       func() estimator.Estimator { return &MultinomialNB{} },
		"MultinomialNB/tuned": func() estimator.Estimator { return &MultinomialNB{Alpha: 0.1, ClassPrior: []float64{0.2, 0.3, 0.5}} },
		"BernoulliNB":         func() estimator.Estimator { return &BernoulliNB{} },
		"BernoulliNB/tuned":   func() estimator.Estimator { return &BernoulliNB{Binarize: 2, NoFitPrior: true} },
		"ComplementNB":        func() estimator.Estimator { return &ComplementNB{} },
		"ComplementNB/norm":   func() estimator.Estimator { return &ComplementNB{Norm: true, Alpha: 0.5} },
	} {
		t.Run(name, func(t *testing.T) { estimatortest.Run(t, mk, estimatortest.WithData(X, y)) })
	}
	// Bernoulli binarizes, so it also takes the suite's default data with negatives.
	t.Run("BernoulliNB/default data", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator { return &BernoulliNB{} })
	})
}

func TestDiscreteGolden(t *testing.T) {
	g := testutil.Golden(t, "testdata/sklearn.json")
	X, y, w := g.Matrix("counts/X"), g.Floats("counts/y"), g.Floats("counts/w")
	ctx := context.Background()
	Xb := mat.DenseCopyOf(X)
	Xb.Apply(func(_, _ int, v float64) float64 {
		if v > 1 {
			return 1
		}
		return 0
	}, Xb)
	type tc struct {
		key  string
		m    discreteModel
		data *mat.Dense
		fit  func(m discreteModel, X *mat.Dense) error
	}
	plain := func(m discreteModel, X *mat.Dense) error { return m.Fit(ctx, X, y) }
	weighted := func(m discreteModel, X *mat.Dense) error { return m.FitWeighted(ctx, X, y, w) }
	partial := func(m discreteModel, X *mat.Dense) error {
		n, _ := X.Dims()
		for b := 0; b < 3; b++ {
			var idx []int
			for i := b; i < n; i += 3 {
				idx = append(idx, i)
			}
			if err := m.PartialFit(ctx, estimator.Rows(X, idx), estimator.Select(y, idx), []float64{1, 2, 5}); err != nil {
				return err
			}
		}
		return nil
	}
	var cases []tc
	for _, kind := range []string{"multinomial", "bernoulli", "complement"} {
		mk := func(alpha float64, noFitPrior bool, prior []float64) discreteModel {
			switch kind {
			case "multinomial":
				return &MultinomialNB{Alpha: alpha, NoFitPrior: noFitPrior, ClassPrior: prior}
			case "bernoulli":
				return &BernoulliNB{Alpha: alpha, NoFitPrior: noFitPrior, ClassPrior: prior}
			}
			return &ComplementNB{Alpha: alpha, NoFitPrior: noFitPrior, ClassPrior: prior}
		}
		cases = append(cases,
			tc{kind + "/default", mk(0, false, nil), X, plain},
			tc{kind + "/alpha=0.3", mk(0.3, false, nil), X, plain},
			tc{kind + "/nofitprior", mk(0, true, nil), X, plain},
			tc{kind + "/classprior", mk(0, false, []float64{0.5, 0.3, 0.2}), X, plain},
			tc{kind + "/weighted", mk(0, false, nil), X, weighted},
			tc{kind + "/partial", mk(0, false, nil), X, partial},
		)
	}
	cases = append(cases,
		tc{"bernoulli/binarize=1.5", &BernoulliNB{Binarize: 1.5}, X, plain},
		tc{"bernoulli/nobinarize", &BernoulliNB{NoBinarize: true}, Xb, plain},
		tc{"complement/norm", &ComplementNB{Norm: true}, X, plain},
	)
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			require.NoError(t, c.fit(c.m, c.data))
			key := c.key + "/"
			assertClose(t, flat(g.Matrix(key+"feature_log_prob")), flat(c.m.FeatureLogProb()), 1e-12, "feature_log_prob")
			assertClose(t, flat(g.Matrix(key+"feature_count")), flat(c.m.FeatureCount()), 1e-12, "feature_count")
			assertClose(t, g.Floats(key+"class_count"), c.m.ClassCount(), 1e-12, "class_count")
			assertClose(t, g.Floats(key+"class_log_prior"), c.m.ClassLogPrior(), 1e-12, "class_log_prior")
			proba, err := c.m.PredictProba(c.data)
			require.NoError(t, err)
			assertClose(t, flat(g.Matrix(key+"proba")), flat(proba), 1e-12, "proba")
			lp, err := c.m.PredictLogProba(c.data)
			require.NoError(t, err)
			assertClose(t, flat(g.Matrix(key+"log_proba")), flat(lp), 1e-6, "log_proba")
			pred, err := c.m.Predict(c.data)
			require.NoError(t, err)
			assert.Equal(t, g.Floats(key+"predict"), pred)
		})
	}
}

func TestDiscreteErrors(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(4, 2, []float64{0, 1, 1, 0, 3, 1, 2, 2})
	y := []float64{0, 0, 1, 1}
	neg := mat.NewDense(4, 2, []float64{0, 1, 1, 0, 3, -1, 2, 2})
	assert.ErrorIs(t, (&MultinomialNB{}).Fit(ctx, neg, y), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&ComplementNB{}).Fit(ctx, neg, y), estimator.ErrInvalidData)
	assert.NoError(t, (&BernoulliNB{}).Fit(ctx, neg, y))
	assert.ErrorIs(t, (&MultinomialNB{Alpha: -1}).Fit(ctx, X, y), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&MultinomialNB{ClassPrior: []float64{1}}).Fit(ctx, X, y), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&BernoulliNB{ClassPrior: []float64{-1, 2}}).Fit(ctx, X, y), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&MultinomialNB{}).FitWeighted(ctx, X, y, []float64{1}), estimator.ErrShape)

	m := &MultinomialNB{}
	assert.ErrorIs(t, m.PartialFit(ctx, X, y, nil), estimator.ErrInvalidData)
	require.NoError(t, m.PartialFit(ctx, X, y, []float64{0, 1}))
	before, _ := m.MarshalState()
	assert.ErrorIs(t, m.PartialFit(ctx, X, []float64{0, 0, 1, 3}, nil), estimator.ErrInvalidData)
	assert.ErrorIs(t, m.PartialFit(ctx, mat.NewDense(1, 3, []float64{1, 1, 1}), []float64{0}, nil), estimator.ErrShape)
	assert.ErrorIs(t, m.PartialFit(ctx, neg, y, nil), estimator.ErrInvalidData)
	after, _ := m.MarshalState()
	assert.Equal(t, before, after, "a failed PartialFit changed the model")
	require.NoError(t, m.PartialFit(ctx, X, y, nil))
	assert.Equal(t, []float64{4, 4}, m.ClassCount())

	// Alpha below scikit-learn's floor is raised to 1e-10, not used as is.
	tiny, floor := &MultinomialNB{Alpha: 1e-300}, &MultinomialNB{Alpha: 1e-10}
	require.NoError(t, tiny.Fit(ctx, X, y))
	require.NoError(t, floor.Fit(ctx, X, y))
	assert.Equal(t, flat(floor.FeatureLogProb()), flat(tiny.FeatureLogProb()))
}

func TestDiscreteForgedState(t *testing.T) {
	good := func() *discreteFit {
		return &discreteFit{Classes: []float64{0, 1}, NFeatures: 2, ClassCount: []float64{2, 2},
			FeatureCount: []float64{1, 1, 3, 1}, FeatureLogProb: []float64{-0.7, -0.7, -0.4, -1.1},
			ClassLogPrior: []float64{-0.69, -0.69}}
	}
	require.NoError(t, good().Check())
	edits := map[string]func(f *discreteFit){
		"short feature log prob": func(f *discreteFit) { f.FeatureLogProb = f.FeatureLogProb[:3] },
		"negative count":         func(f *discreteFit) { f.FeatureCount[0] = -1 },
		"positive log prior":     func(f *discreteFit) { f.ClassLogPrior[0] = 0.5 },
		"duplicate classes":      func(f *discreteFit) { f.Classes = []float64{1, 1} },
		"zero features":          func(f *discreteFit) { f.NFeatures = 0 },
	}
	models := map[string]func() discreteModel{
		"MultinomialNB": func() discreteModel { return &MultinomialNB{} },
		"BernoulliNB":   func() discreteModel { return &BernoulliNB{} },
		"ComplementNB":  func() discreteModel { return &ComplementNB{} },
	}
	X := mat.NewDense(4, 2, []float64{0, 1, 1, 0, 3, 1, 2, 2})
	for mname, mk := range models {
		cases := maps(edits)
		if mname == "BernoulliNB" {
			cases["log prob zero"] = func(f *discreteFit) { f.FeatureLogProb[0] = 0 }
		}
		if mname == "MultinomialNB" {
			cases["positive log prob"] = func(f *discreteFit) { f.FeatureLogProb[0] = 0.1 }
		}
		for name, edit := range cases {
			t.Run(mname+"/"+name, func(t *testing.T) {
				f := good()
				edit(f)
				b, err := estimator.EncodeState(discreteStateVersion, f)
				require.NoError(t, err)
				m := mk()
				require.NoError(t, m.Fit(context.Background(), X, []float64{7, 7, 8, 8}))
				before, _ := m.MarshalState()
				assert.ErrorIs(t, m.UnmarshalState(b), estimator.ErrState)
				after, _ := m.MarshalState()
				assert.Equal(t, before, after, "receiver changed")
				assert.True(t, slices.Equal([]float64{7, 8}, m.Classes()))
			})
		}
	}
}

func maps[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
