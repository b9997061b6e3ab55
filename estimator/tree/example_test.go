package tree_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/tree"
)

func ExampleDecisionTreeClassifier() {
	iris := datasets.Iris()
	c := &tree.DecisionTreeClassifier{MaxDepth: 3}
	if err := c.Fit(context.Background(), iris.X, iris.Y); err != nil {
		log.Fatal(err)
	}
	text, err := c.ExportText(tree.TextOptions{FeatureNames: iris.FeatureNames})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(text)
	q := mat.NewDense(1, 4, []float64{6.3, 2.8, 5.0, 1.6})
	pred, _ := c.Predict(q)
	proba, _ := c.PredictProba(q)
	fmt.Println(c, "depth", c.Depth(), "leaves", c.NLeaves())
	fmt.Printf("%v %.3f\n", pred, mat.Formatted(proba))
	fmt.Printf("importances %.3f\n", c.FeatureImportances())
	// Output:
	// |--- petal length (cm) <= 2.45
	// |   |--- class: 0
	// |--- petal length (cm) >  2.45
	// |   |--- petal width (cm) <= 1.75
	// |   |   |--- petal length (cm) <= 4.95
	// |   |   |   |--- class: 1
	// |   |   |--- petal length (cm) >  4.95
	// |   |   |   |--- class: 2
	// |   |--- petal width (cm) >  1.75
	// |   |   |--- petal length (cm) <= 4.85
	// |   |   |   |--- class: 2
	// |   |   |--- petal length (cm) >  4.85
	// |   |   |   |--- class: 2
	// tree.DecisionTreeClassifier{MaxDepth: 3} depth 3 leaves 5
	// [2] [0.000  0.333  0.667]
	// importances [0.000 0.000 0.586 0.414]
}

func ExampleDecisionTreeRegressor() {
	diabetes := datasets.Diabetes()
	r := &tree.DecisionTreeRegressor{MinSamplesLeaf: 20, CCPAlpha: 50}
	if err := r.Fit(context.Background(), diabetes.X, diabetes.Y); err != nil {
		log.Fatal(err)
	}
	pred, _ := r.Predict(diabetes.X.Slice(0, 3, 0, 10))
	leaves, _ := r.Apply(diabetes.X.Slice(0, 3, 0, 10))
	paths, _ := r.DecisionPath(diabetes.X.Slice(0, 1, 0, 10))
	fmt.Println(r)
	fmt.Printf("%.1f %v %v leaves %d\n", pred, leaves, paths, r.NLeaves())
	// Output:
	// tree.DecisionTreeRegressor{MinSamplesLeaf: 20, CCPAlpha: 50}
	// [231.3 83.4 178.2] [13 4 12] [[0 6 10 11 13]] leaves 8
}

// CostComplexityPruningPath lists the alphas at which CCPAlpha prunes one more
// subtree, with the total leaf impurity left.
func ExampleDecisionTreeRegressor_CostComplexityPruningPath() {
	diabetes := datasets.Diabetes()
	r := &tree.DecisionTreeRegressor{MaxDepth: 3}
	path, err := r.CostComplexityPruningPath(context.Background(), diabetes.X, diabetes.Y, nil)
	if err != nil {
		log.Fatal(err)
	}
	for i := range path.CCPAlphas {
		fmt.Printf("alpha %8.2f impurity %7.1f\n", path.CCPAlphas[i], path.Impurities[i])
	}
	// Output:
	// alpha     0.00 impurity  2961.0
	// alpha    61.69 impurity  3022.7
	// alpha    62.56 impurity  3085.2
	// alpha    93.03 impurity  3178.2
	// alpha   181.82 impurity  3360.1
	// alpha   335.64 impurity  3695.7
	// alpha   505.39 impurity  4201.1
	// alpha  1728.81 impurity  5929.9
}
