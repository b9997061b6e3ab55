package datasets_test

import (
	"testing"

	"github.com/go-gota/gota/series"
	"github.com/skgo/skgo/datasets"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func TestFrame(t *testing.T) {
	ds := datasets.Boston()
	df := ds.Frame()
	require.NoError(t, df.Err)
	r, c := df.Dims()
	assert.Equal(t, 506, r)
	assert.Equal(t, 14, c)
	assert.Equal(t, append(append([]string(nil), ds.FeatureNames...), "MEDV"), df.Names())
	for _, s := range []string{"CRIM", "RM", "MEDV"} {
		assert.Equal(t, series.Float, df.Col(s).Type(), s)
	}
	assert.Equal(t, mat.Col(nil, 5, ds.X), df.Col("RM").Float())
	assert.Equal(t, ds.Y, df.Col("MEDV").Float())

	// The frame holds copies.
	df.Col("RM").Elem(0).Set(-1.0)
	ds.X.Set(1, 5, -2)
	assert.Equal(t, datasets.Boston().X.At(0, 5), ds.X.At(0, 5))
	assert.NotEqual(t, -2.0, df.Col("RM").Elem(1).Float())
}

func TestFrameVariants(t *testing.T) {
	t.Run("classification target as codes", func(t *testing.T) {
		df := datasets.Iris().Frame()
		require.NoError(t, df.Err)
		assert.Equal(t, "species", df.Names()[4])
		assert.Equal(t, 2.0, df.Col("species").Elem(149).Float())
	})
	t.Run("no target", func(t *testing.T) {
		ds := &datasets.Dataset{X: mat.NewDense(2, 2, []float64{1, 2, 3, 4})}
		df := ds.Frame()
		require.NoError(t, df.Err)
		assert.Equal(t, []string{"x0", "x1"}, df.Names())
	})
	t.Run("unnamed target", func(t *testing.T) {
		ds := &datasets.Dataset{X: mat.NewDense(2, 1, []float64{1, 2}), Y: []float64{5, 6}, FeatureNames: []string{"a"}}
		df := ds.Frame()
		require.NoError(t, df.Err)
		assert.Equal(t, []string{"a", "target"}, df.Names())
	})
	for name, ds := range map[string]*datasets.Dataset{
		"nil X":               {},
		"target name clashes": {X: mat.NewDense(1, 1, []float64{1}), Y: []float64{2}, FeatureNames: []string{"y"}, TargetName: "y"},
		"duplicate features":  {X: mat.NewDense(1, 2, []float64{1, 2}), FeatureNames: []string{"a", "a"}},
		"short Y":             {X: mat.NewDense(2, 1, []float64{1, 2}), Y: []float64{1}},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Error(t, ds.Frame().Err)
		})
	}
}
