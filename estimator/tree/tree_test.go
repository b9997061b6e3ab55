package tree

import (
	"testing"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
)

func TestConformance(t *testing.T) {
	t.Run("classifier", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator { return &DecisionTreeClassifier{} })
	})
	t.Run("classifier/random", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator {
			return &DecisionTreeClassifier{Splitter: "random", MaxFeatures: "sqrt", Seed: 3, ClassWeight: "balanced"}
		})
	})
	t.Run("regressor", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator { return &DecisionTreeRegressor{} })
	})
	t.Run("regressor/bestfirst", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator {
			return &DecisionTreeRegressor{Criterion: "friedman_mse", MaxLeafNodes: 5, CCPAlpha: 0.01}
		})
	})
	t.Run("classifier/classweights", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator {
			return &DecisionTreeClassifier{Criterion: "entropy", MaxDepth: 4, ClassWeights: []LabelWeight{{Label: 5, Weight: 2}}}
		})
	})
	t.Run("regressor/mae", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator {
			return &DecisionTreeRegressor{Criterion: "absolute_error", Splitter: "random", MinSamplesLeaf: 2, Seed: 1}
		})
	})
	ds := datasets.Iris()
	t.Run("classifier/iris", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator { return &DecisionTreeClassifier{MaxDepth: 3} },
			estimatortest.WithData(ds.X, ds.Y))
	})
}
