package datasets_test

import (
	"math"
	"testing"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// closeTo reports whether got is within tol·max(1, |want|) of want.
func closeTo(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func assertFloats(t *testing.T, want, got []float64, tol float64, what string) {
	t.Helper()
	require.Len(t, got, len(want), what)
	for i := range want {
		if !closeTo(got[i], want[i], tol) {
			t.Errorf("%s[%d] = %.17g, want %.17g (scikit-learn 1.2.1)", what, i, got[i], want[i])
		}
	}
}

// TestEmbeddedMatchSklearn compares every embedded loader with scikit-learn 1.2.1's
// (testdata/gen_sklearn.py → testdata/sklearn.json): shape, column sums, first and
// last rows, target sum and ends, feature and class names. Tolerance 1e-12 relative
// (absolute below 1): the values are parsed from the same text, and only the
// summation order (numpy's pairwise sum) and Diabetes' scaling arithmetic differ.
func TestEmbeddedMatchSklearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/sklearn.json")
	var version string
	g.Decode("sklearn_version", &version)
	require.Equal(t, "1.2.1", version)
	const tol = 1e-12
	for _, tc := range []struct {
		key  string
		load func() *datasets.Dataset
	}{
		{"iris", datasets.Iris},
		{"wine", datasets.Wine},
		{"breast_cancer", datasets.BreastCancer},
		{"digits", datasets.Digits},
		{"diabetes", datasets.Diabetes},
		{"diabetes_raw", datasets.DiabetesRaw},
		{"boston", datasets.Boston},
	} {
		t.Run(tc.key, func(t *testing.T) {
			t.Parallel()
			var want struct {
				Shape        []int     `json:"shape"`
				ColSums      []float64 `json:"col_sums"`
				FirstRow     []float64 `json:"first_row"`
				LastRow      []float64 `json:"last_row"`
				TargetSum    float64   `json:"target_sum"`
				TargetFirst  float64   `json:"target_first"`
				TargetLast   float64   `json:"target_last"`
				FeatureNames []string  `json:"feature_names"`
				TargetNames  []string  `json:"target_names"`
			}
			g.Decode(tc.key, &want)
			ds := tc.load()
			n, p := ds.X.Dims()
			require.Equal(t, want.Shape, []int{n, p}, "shape")
			require.Len(t, ds.Y, n)
			assert.Equal(t, n, ds.Rows())

			sums := make([]float64, p)
			for i := 0; i < n; i++ {
				for j := 0; j < p; j++ {
					sums[j] += ds.X.At(i, j)
				}
			}
			assertFloats(t, want.ColSums, sums, tol, "column sums")
			assertFloats(t, want.FirstRow, mat.Row(nil, 0, ds.X), tol, "first row")
			assertFloats(t, want.LastRow, mat.Row(nil, n-1, ds.X), tol, "last row")
			ysum := 0.0
			for _, v := range ds.Y {
				ysum += v
			}
			assert.True(t, closeTo(ysum, want.TargetSum, tol), "target sum %v, want %v", ysum, want.TargetSum)
			assert.Equal(t, want.TargetFirst, ds.Y[0], "first target")
			assert.Equal(t, want.TargetLast, ds.Y[n-1], "last target")

			assert.Equal(t, want.FeatureNames, ds.FeatureNames, "feature names")
			assert.Equal(t, want.TargetNames, ds.TargetNames, "target names")
			assert.NotEmpty(t, ds.TargetName)
			assert.NotEmpty(t, ds.Description)
		})
	}
}

func TestDiabetesScaledHasUnitNorm(t *testing.T) {
	ds := datasets.Diabetes()
	n, p := ds.X.Dims()
	for j := 0; j < p; j++ {
		var s, ss float64
		for i := 0; i < n; i++ {
			v := ds.X.At(i, j)
			s += v
			ss += v * v
		}
		assert.InDelta(t, 0, s, 1e-12, "column %d mean", j)
		assert.InDelta(t, 1, ss, 1e-12, "column %d norm", j)
	}
}

func TestLoadersReturnFreshCopies(t *testing.T) {
	for name, load := range map[string]func() *datasets.Dataset{
		"Iris": datasets.Iris, "Boston": datasets.Boston, "Diabetes": datasets.Diabetes,
	} {
		t.Run(name, func(t *testing.T) {
			a := load()
			x0, y0, f0 := a.X.At(0, 0), a.Y[0], a.FeatureNames[0]
			a.X.Set(0, 0, -999)
			a.Y[0] = -999
			a.FeatureNames[0] = "changed"
			b := load()
			assert.Equal(t, x0, b.X.At(0, 0))
			assert.Equal(t, y0, b.Y[0])
			assert.Equal(t, f0, b.FeatureNames[0])
		})
	}
}

func TestClone(t *testing.T) {
	a := datasets.Wine()
	c := a.Clone()
	c.X.Set(1, 1, 42)
	c.Y[1] = 42
	c.TargetNames[0] = "x"
	assert.NotEqual(t, 42.0, a.X.At(1, 1))
	assert.NotEqual(t, 42.0, a.Y[1])
	assert.Equal(t, "class_0", a.TargetNames[0])

	empty := (&datasets.Dataset{}).Clone()
	assert.Nil(t, empty.X)
	assert.Equal(t, 0, empty.Rows())
}

func TestClassCodes(t *testing.T) {
	for name, tc := range map[string]struct {
		load   func() *datasets.Dataset
		counts []int
	}{
		"Iris":         {datasets.Iris, []int{50, 50, 50}},
		"Wine":         {datasets.Wine, []int{59, 71, 48}},
		"BreastCancer": {datasets.BreastCancer, []int{212, 357}},
	} {
		t.Run(name, func(t *testing.T) {
			ds := tc.load()
			counts := make([]int, len(ds.TargetNames))
			for _, v := range ds.Y {
				counts[int(v)]++
			}
			assert.Equal(t, tc.counts, counts)
		})
	}
}
