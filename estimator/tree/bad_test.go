package tree

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
)

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	iris := datasets.Iris()
	X := mat.NewDense(4, 2, []float64{1, 2, 3, 4, 5, 6, 7, 8})
	one := []float64{1, 1, 1, 1}
	assert.ErrorIs(t, (&DecisionTreeClassifier{}).Fit(ctx, X, one), estimator.ErrInvalidData, "single class")
	nan := mat.NewDense(2, 1, []float64{1, math.NaN()})
	assert.ErrorIs(t, (&DecisionTreeRegressor{}).Fit(ctx, nan, []float64{1, 2}), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&DecisionTreeClassifier{MaxFeatures: "5"}).Fit(ctx, iris.X, iris.Y), estimator.ErrInvalidParam, "MaxFeatures above p")
	assert.ErrorIs(t, (&DecisionTreeRegressor{Criterion: "poisson"}).Fit(ctx, X, []float64{1, -1, 2, 3}), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&DecisionTreeRegressor{Criterion: "poisson"}).Fit(ctx, X, []float64{0, 0, 0, 0}), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&DecisionTreeClassifier{ClassWeights: []LabelWeight{{Label: 7, Weight: 2}}}).Fit(ctx, iris.X, iris.Y), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&DecisionTreeRegressor{}).FitWeighted(ctx, X, one, []float64{1, -1, 1, 1}), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&DecisionTreeRegressor{}).FitWeighted(ctx, X, one, []float64{0, 0, 0, 0}), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&DecisionTreeRegressor{}).FitWeighted(ctx, X, one, []float64{1}), estimator.ErrShape)
	for name, e := range map[string]estimator.Validator{
		"criterion":  &DecisionTreeClassifier{Criterion: "squared_error"},
		"rcriterion": &DecisionTreeRegressor{Criterion: "gini"},
		"splitter":   &DecisionTreeRegressor{Splitter: "worst"},
		"depth":      &DecisionTreeRegressor{MaxDepth: -1},
		"split":      &DecisionTreeRegressor{MinSamplesSplit: 1},
		"leaf":       &DecisionTreeRegressor{MinSamplesLeaf: -1},
		"wfrac":      &DecisionTreeRegressor{MinWeightFractionLeaf: 0.6},
		"wfrac nan":  &DecisionTreeRegressor{MinWeightFractionLeaf: math.NaN()},
		"leaves":     &DecisionTreeRegressor{MaxLeafNodes: 1},
		"decrease":   &DecisionTreeRegressor{MinImpurityDecrease: -1},
		"ccp":        &DecisionTreeRegressor{CCPAlpha: math.Inf(1)},
		"features":   &DecisionTreeRegressor{MaxFeatures: "most"},
		"fraction":   &DecisionTreeRegressor{MaxFeatures: "1.5"},
		"weight":     &DecisionTreeClassifier{ClassWeight: "heavy"},
		"both":       &DecisionTreeClassifier{ClassWeight: "balanced", ClassWeights: []LabelWeight{{0, 1}}},
		"twice":      &DecisionTreeClassifier{ClassWeights: []LabelWeight{{0, 1}, {0, 2}}},
		"negative":   &DecisionTreeClassifier{ClassWeights: []LabelWeight{{0, -1}}},
	} {
		assert.ErrorIs(t, e.Validate(), estimator.ErrInvalidParam, name)
	}
	// an absurd MaxDepth is fine: growth is iterative
	r := &DecisionTreeRegressor{MaxDepth: math.MaxInt}
	require.NoError(t, r.Fit(ctx, iris.X, iris.Y))
}

// Labels are any integer values (a non-integer is a continuous target, refused as
// scikit-learn does); class weights and sample weights act as scikit-learn's.
func TestLabelsAndWeights(t *testing.T) {
	ctx := context.Background()
	iris := datasets.Iris()
	y := make([]float64, len(iris.Y))
	for i, v := range iris.Y {
		y[i] = -2.5 + 10*v
	}
	err := (&DecisionTreeClassifier{MaxDepth: 3}).Fit(ctx, iris.X, y)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	require.ErrorContains(t, err, "continuous")
	for i, v := range iris.Y {
		y[i] = -2 + 10*v
	}
	a := &DecisionTreeClassifier{MaxDepth: 3}
	require.NoError(t, a.Fit(ctx, iris.X, y))
	assert.Equal(t, []float64{-2, 8, 18}, a.Classes())
	pred, err := a.Predict(iris.X)
	require.NoError(t, err)
	b := &DecisionTreeClassifier{MaxDepth: 3}
	require.NoError(t, b.Fit(ctx, iris.X, iris.Y))
	pb, _ := b.Predict(iris.X)
	for i := range pred {
		assert.Equal(t, -2+10*pb[i], pred[i])
	}
	// ClassWeights {1: 2} equals sample weight 2 on class 1
	c := &DecisionTreeClassifier{MaxDepth: 3, ClassWeights: []LabelWeight{{Label: 1, Weight: 2}}}
	require.NoError(t, c.Fit(ctx, iris.X, iris.Y))
	w := make([]float64, len(iris.Y))
	for i, v := range iris.Y {
		w[i] = 1
		if v == 1 {
			w[i] = 2
		}
	}
	d := &DecisionTreeClassifier{MaxDepth: 3}
	require.NoError(t, d.FitWeighted(ctx, iris.X, iris.Y, w))
	assert.Equal(t, c.fit, d.fit)
	// balanced on balanced iris changes nothing
	e := &DecisionTreeClassifier{MaxDepth: 3, ClassWeight: "balanced"}
	require.NoError(t, e.Fit(ctx, iris.X, iris.Y))
	assert.Equal(t, b.fit.Model.Tree.Feature, e.fit.Model.Tree.Feature)
}

func TestForgedTreeState(t *testing.T) {
	ctx := context.Background()
	iris := datasets.Iris()
	c := &DecisionTreeClassifier{MaxDepth: 3}
	require.NoError(t, c.Fit(ctx, iris.X, iris.Y))
	good := *c.fit
	forge := func(edit func(f *classifierFit)) error {
		f := good
		f.Model.Tree.Left = append([]int32(nil), good.Model.Tree.Left...)
		f.Model.Tree.Feature = append([]int32(nil), good.Model.Tree.Feature...)
		f.Classes = append([]float64(nil), good.Classes...)
		edit(&f)
		b, err := estimator.EncodeState(classifierStateVersion, &f)
		require.NoError(t, err)
		fresh := &DecisionTreeClassifier{}
		err = fresh.UnmarshalState(b)
		if err != nil {
			assert.Nil(t, fresh.fit, "a failed load leaves the model unchanged")
		}
		return err
	}
	require.NoError(t, forge(func(*classifierFit) {}))
	for name, edit := range map[string]func(f *classifierFit){
		"cycle":    func(f *classifierFit) { f.Model.Tree.Left[1] = 0 },
		"feature":  func(f *classifierFit) { f.Model.Tree.Feature[0] = 4 },
		"nfeat":    func(f *classifierFit) { f.Model.NFeatures = 2 },
		"classes":  func(f *classifierFit) { f.Classes = f.Classes[:2] },
		"unsorted": func(f *classifierFit) { f.Classes[0], f.Classes[1] = f.Classes[1], f.Classes[0] },
	} {
		assert.ErrorIs(t, forge(edit), estimator.ErrState, name)
	}
}
