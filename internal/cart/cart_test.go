package cart

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

func irisData(t testing.TB) (*Data, []float64) {
	ds := datasets.Iris()
	d, err := NewData(context.Background(), ds.X, 0)
	require.NoError(t, err)
	return d, ds.Y
}

// Every criterion and both splitters, with and without feature sampling, give valid
// trees whose leaves hold the training rows they claim, deterministically per seed.
func TestGrowVariants(t *testing.T) {
	d, yc := irisData(t)
	yr := make([]float64, len(yc))
	for i := range yr {
		yr[i] = d.At(i, 0) + float64(i%4) // positive, for Poisson
	}
	for _, crit := range []Criterion{Gini, Entropy, SquaredError, FriedmanMSE, AbsoluteError, Poisson} {
		for _, random := range []bool{false, true} {
			for _, mf := range []int{0, 2} {
				p := Params{Criterion: crit, Random: random, MaxFeatures: mf, MinSamplesSplit: 2, MinSamplesLeaf: 1}
				y := yr
				if crit.Classification() {
					p.NClasses, y = 3, yc
				}
				grow := func() *Tree {
					tr, err := Grow(context.Background(), d, y, nil, p, rand.New(rand.NewPCG(7, 0)))
					require.NoError(t, err)
					require.NoError(t, tr.Check(d.Features(), tr.Width))
					return tr
				}
				a, b := grow(), grow()
				assert.Equal(t, a, b, "%v random=%v mf=%d: not deterministic", crit, random, mf)
				// leaf counts add up
				total := int32(0)
				for n, f := range a.Feature {
					if f < 0 {
						total += a.NSamples[n]
					}
				}
				assert.Equal(t, int32(d.Rows()), total)
				if crit.Classification() {
					// fully grown on iris: training accuracy is (nearly) perfect
					raw := datasets.Iris().X
					out := make([]float64, d.Rows()*3)
					a.Predict(raw, out)
					wrong := 0
					for i := 0; i < d.Rows(); i++ {
						best := 0
						for k := 1; k < 3; k++ {
							if out[i*3+k] > out[i*3+best] {
								best = k
							}
						}
						if float64(best) != yc[i] {
							wrong++
						}
					}
					assert.LessOrEqual(t, wrong, 2, "%v random=%v", crit, random)
				}
			}
		}
	}
}

// Rows with weight zero are left out; weight 2 equals a duplicated row.
func TestGrowWeights(t *testing.T) {
	d, y := irisData(t)
	w := make([]float64, len(y))
	for i := range w {
		w[i] = float64(i % 3)
	}
	p := Params{Criterion: Gini, NClasses: 3, MaxDepth: 3}
	tr, err := Grow(context.Background(), d, y, w, p, nil)
	require.NoError(t, err)
	assert.Equal(t, int32(100), tr.NSamples[0])
	assert.Equal(t, 150.0, tr.WeightedNSamples[0])
}

// Alternating classes along one feature make every best split peel off the first
// row (1/p + 1/(n-p) is largest at p = 1), so the tree is a chain n deep: growth is
// iterative and never runs out of stack.
func TestGrowDeepChain(t *testing.T) {
	n := 10000
	if testing.Short() {
		n = 2000
	}
	X := mat.NewDense(n, 1, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		X.Set(i, 0, float64(i))
		y[i] = float64(i % 2)
	}
	d, err := NewData(context.Background(), X, 1)
	require.NoError(t, err)
	tr, err := Grow(context.Background(), d, y, nil, Params{Criterion: Gini, NClasses: 2}, nil)
	require.NoError(t, err)
	require.NoError(t, tr.Check(1, 2))
	assert.Equal(t, n-1, tr.Depth())
	out := make([]float64, 2*n)
	tr.Predict(X, out)
	for i := 0; i < n; i++ {
		require.Equal(t, 1.0, out[2*i+int(y[i])])
	}
}

func TestGrowCancelled(t *testing.T) {
	d, y := irisData(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Grow(ctx, d, y, nil, Params{Criterion: Gini, NClasses: 3}, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestGrowBadInput(t *testing.T) {
	d, y := irisData(t)
	_, err := Grow(context.Background(), d, y[:10], nil, Params{Criterion: Gini, NClasses: 3}, nil)
	assert.Error(t, err)
	_, err = Grow(context.Background(), d, y, nil, Params{Criterion: Gini, NClasses: 2}, nil)
	assert.Error(t, err, "class index 2 with 2 classes")
	_, err = Grow(context.Background(), d, y, nil, Params{Criterion: SquaredError, NClasses: 3}, nil)
	assert.Error(t, err)
	_, err = Grow(context.Background(), d, y, make([]float64, len(y)), Params{Criterion: SquaredError}, nil)
	assert.Error(t, err, "all weights zero")
}

func TestTreeCheckForged(t *testing.T) {
	d, y := irisData(t)
	tr, err := Grow(context.Background(), d, y, nil, Params{Criterion: Gini, NClasses: 3, MaxDepth: 3}, nil)
	require.NoError(t, err)
	require.NoError(t, tr.Check(4, 3))
	forge := func(f func(c *Tree)) error {
		c := *tr
		c.Feature = append([]int32(nil), tr.Feature...)
		c.Left = append([]int32(nil), tr.Left...)
		c.Right = append([]int32(nil), tr.Right...)
		c.Threshold = append([]float64(nil), tr.Threshold...)
		c.Value = append([]float64(nil), tr.Value...)
		f(&c)
		return c.Check(4, 3)
	}
	for name, f := range map[string]func(c *Tree){
		"cycle":        func(c *Tree) { c.Left[1] = 0 },
		"self":         func(c *Tree) { c.Left[0] = 0 },
		"out of range": func(c *Tree) { c.Right[0] = 1000 },
		"feature":      func(c *Tree) { c.Feature[0] = 4 },
		"neg feature":  func(c *Tree) { c.Feature[0] = -2 },
		"nan thr":      func(c *Tree) { c.Threshold[0] = math.NaN() },
		"inf value":    func(c *Tree) { c.Value[0] = math.Inf(1) },
		"short value":  func(c *Tree) { c.Value = c.Value[:3] },
		"width":        func(c *Tree) { c.Width = 2 },
		"two parents":  func(c *Tree) { c.Right[0] = c.Left[0] },
		"leaf child":   func(c *Tree) { c.Left[len(c.Left)-1] = 3 },
		"empty":        func(c *Tree) { *c = Tree{Width: 3} },
	} {
		err := forge(f)
		assert.True(t, errors.Is(err, estimator.ErrState), "%s: %v", name, err)
	}
}

func TestResolveMaxFeatures(t *testing.T) {
	for spec, want := range map[string]int{"": 30, "all": 30, "sqrt": 5, "log2": 4, "7": 7, "0.5": 15, "1.0": 30, "1": 1, "1e-9": 1} {
		got, err := ResolveMaxFeatures(spec, "", 30)
		require.NoError(t, err, spec)
		assert.Equal(t, want, got, spec)
	}
	got, err := ResolveMaxFeatures("", "sqrt", 30)
	require.NoError(t, err)
	assert.Equal(t, 5, got)
	for _, spec := range []string{"31", "0", "-1", "1.5", "0.0", "x", "NaN"} {
		_, err := ResolveMaxFeatures(spec, "", 30)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam, spec)
	}
}

// The packed prediction layout gives the same leaves as walking the node arrays, for
// balanced, best-first and chain-like trees.
func TestPackedPrediction(t *testing.T) {
	n := 3000
	X := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	rng := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < n; i++ {
		X.Set(i, 0, float64(i))
		X.Set(i, 1, rng.NormFloat64())
		y[i] = math.Pow(1.01, float64(i)) + X.At(i, 1)
	}
	d, err := NewData(context.Background(), X, 1)
	require.NoError(t, err)
	for _, p := range []Params{{Criterion: SquaredError}, {Criterion: SquaredError, MaxLeafNodes: 50},
		{Criterion: SquaredError, MaxDepth: 4}, {Criterion: AbsoluteError, MaxDepth: 5}, {Criterion: SquaredError, Random: true}} {
		tr, err := Grow(context.Background(), d, y, nil, p, rand.New(rand.NewPCG(2, 2)))
		require.NoError(t, err)
		leaves := make([]int32, n)
		tr.Apply(X, leaves)
		out := make([]float64, n)
		tr.Predict(X, out)
		for i := 0; i < n; i++ {
			row := X.RawRowView(i)
			want := tr.Leaf(row)
			require.Equal(t, want, leaves[i])
			require.Equal(t, tr.Value[want], out[i])
			path := tr.DecisionPath(row, nil)
			require.Equal(t, want, path[len(path)-1])
		}
	}
}

// Grow calls sharing one Data at the same time give the trees they give alone.
func TestGrowConcurrent(t *testing.T) {
	d, y := irisData(t)
	ps := []Params{{Criterion: Gini, NClasses: 3}, {Criterion: Entropy, NClasses: 3, MaxFeatures: 2},
		{Criterion: Gini, NClasses: 3, Random: true}, {Criterion: Gini, NClasses: 3, MaxLeafNodes: 6}}
	grow := func(i int) (*Tree, error) {
		w := make([]float64, len(y))
		r := rand.New(rand.NewPCG(9, uint64(i)))
		for range y {
			w[r.IntN(len(y))]++
		}
		return Grow(context.Background(), d, y, w, ps[i%len(ps)], rand.New(rand.NewPCG(uint64(i), 0)))
	}
	want := make([]*Tree, 16)
	for i := range want {
		var err error
		want[i], err = grow(i)
		require.NoError(t, err)
	}
	got := make([]*Tree, 16)
	require.NoError(t, parallel.Run(context.Background(), 16, 4, func(_ context.Context, i int) (err error) {
		got[i], err = grow(i)
		return err
	}))
	assert.Equal(t, want, got)
}

// Boosting overwrites leaf values after Grow; prediction and Check follow.
func TestOverwriteLeafValues(t *testing.T) {
	d, y := irisData(t)
	yr := make([]float64, len(y))
	copy(yr, y)
	tr, err := Grow(context.Background(), d, yr, nil, Params{Criterion: FriedmanMSE, MaxDepth: 3}, nil)
	require.NoError(t, err)
	for n, f := range tr.Feature {
		if f < 0 {
			tr.Value[n*tr.Width] = float64(100 + n)
		}
	}
	require.NoError(t, tr.Check(4, 1))
	X := datasets.Iris().X
	out := make([]float64, d.Rows())
	tr.Predict(X, out)
	for i := range out {
		assert.Equal(t, float64(100+tr.Leaf(X.RawRowView(i))), out[i])
	}
}

// Skipping the features constant in a node when reordering for its children changes
// no tree (digits has many features constant in deep nodes).
func TestSkipConstantFeatures(t *testing.T) {
	ds := datasets.Digits()
	d, err := NewData(context.Background(), ds.X, 0)
	require.NoError(t, err)
	for _, p := range []Params{{Criterion: Gini, NClasses: 10}, {Criterion: Entropy, NClasses: 10, MaxFeatures: 8},
		{Criterion: SquaredError, MinSamplesLeaf: 2}} {
		grow := func() *Tree {
			tr, err := Grow(context.Background(), d, ds.Y, nil, p, rand.New(rand.NewPCG(4, 4)))
			require.NoError(t, err)
			return tr
		}
		a := grow()
		testNoSkipConst = true
		b := grow()
		testNoSkipConst = false
		assert.Equal(t, b, a)
	}
}

// With ShuffleFeatures, exact ties go to a random feature, as in scikit-learn: iris's
// root split is petal length or petal width depending on the seed; without it, always
// petal length (the lower index).
func TestShuffleFeatures(t *testing.T) {
	d, y := irisData(t)
	roots := map[int32]int{}
	for seed := uint64(0); seed < 20; seed++ {
		tr, err := Grow(context.Background(), d, y, nil, Params{Criterion: Gini, NClasses: 3, ShuffleFeatures: true},
			rand.New(rand.NewPCG(seed, 0)))
		require.NoError(t, err)
		roots[tr.Feature[0]]++
		assert.Equal(t, int32(50), tr.NSamples[1]) // the same partition either way
	}
	assert.Len(t, roots, 2)
	assert.Positive(t, roots[2])
	assert.Positive(t, roots[3])
	tr, err := Grow(context.Background(), d, y, nil, Params{Criterion: Gini, NClasses: 3}, nil)
	require.NoError(t, err)
	assert.Equal(t, int32(2), tr.Feature[0])
}
