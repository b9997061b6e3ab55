package naivebayes_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/naivebayes"
)

func ExampleGaussianNB() {
	X := mat.NewDense(6, 2, []float64{
		-1, -1, -2, -1, -3, -2,
		1, 1, 2, 1, 3, 2,
	})
	y := []float64{1, 1, 1, 2, 2, 2}
	m := &naivebayes.GaussianNB{}
	if err := m.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(mat.NewDense(1, 2, []float64{-0.8, -1}))
	proba, _ := m.PredictProba(mat.NewDense(1, 2, []float64{0.1, 0}))
	fmt.Println(m, pred)
	fmt.Printf("theta %.4f\n", mat.Formatted(m.Theta(), mat.Squeeze()))
	fmt.Printf("proba %.4f\n", mat.Formatted(proba, mat.Squeeze()))
	// Output:
	// naivebayes.GaussianNB{} [1]
	// theta ⎡-2.0000  -1.3333⎤
	// ⎣ 2.0000   1.3333⎦
	// proba [0.3543  0.6457]
}

// word counts of six short documents about two topics
var (
	docs = mat.NewDense(6, 4, []float64{
		3, 0, 1, 0,
		2, 1, 0, 0,
		4, 0, 0, 1,
		0, 3, 0, 2,
		0, 2, 1, 3,
		1, 4, 0, 2,
	})
	topics = []float64{0, 0, 0, 1, 1, 1}
	newDoc = mat.NewDense(1, 4, []float64{1, 2, 0, 1})
)

func ExampleMultinomialNB() {
	m := &naivebayes.MultinomialNB{Alpha: 0.5}
	if err := m.Fit(context.Background(), docs, topics); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(newDoc)
	proba, _ := m.PredictProba(newDoc)
	fmt.Println(m, pred)
	fmt.Printf("proba %.4f\n", mat.Formatted(proba, mat.Squeeze()))
	// Output:
	// naivebayes.MultinomialNB{Alpha: 0.5} [1]
	// proba [0.1162  0.8838]
}

func ExampleBernoulliNB() {
	m := &naivebayes.BernoulliNB{Binarize: 1} // a word counts when it occurs twice or more
	if err := m.Fit(context.Background(), docs, topics); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(newDoc)
	proba, _ := m.PredictProba(newDoc)
	fmt.Println(m, pred)
	fmt.Printf("proba %.4f\n", mat.Formatted(proba, mat.Squeeze()))
	// Output:
	// naivebayes.BernoulliNB{Binarize: 1} [1]
	// proba [0.2000  0.8000]
}

func ExampleComplementNB() {
	m := &naivebayes.ComplementNB{}
	if err := m.Fit(context.Background(), docs, topics); err != nil {
		log.Fatal(err)
	}
	pred, _ := m.Predict(newDoc)
	proba, _ := m.PredictProba(newDoc)
	fmt.Println(m, pred)
	fmt.Printf("proba %.4f\n", mat.Formatted(proba, mat.Squeeze()))
	// Output:
	// naivebayes.ComplementNB{} [1]
	// proba [0.1516  0.8484]
}

// PartialFit learns from batches, as scikit-learn's partial_fit does: the first call
// names every class.
func ExampleMultinomialNB_PartialFit() {
	ctx := context.Background()
	m := &naivebayes.MultinomialNB{}
	for b := 0; b < 3; b++ {
		idx := []int{b, b + 3}
		if err := m.PartialFit(ctx, estimator.Rows(docs, idx), estimator.Select(topics, idx), []float64{0, 1}); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(m.ClassCount())
	fmt.Printf("%.4f\n", mat.Formatted(m.FeatureLogProb(), mat.Squeeze()))
	// Output:
	// [3 3]
	// ⎡-0.4700  -2.0794  -2.0794  -2.0794⎤
	// ⎣-2.3979  -0.7885  -2.3979  -1.0116⎦
}

func ExampleCategoricalNB() {
	// two categorical features: colour (0 red, 1 green, 2 blue) and size (0 small, 1 large)
	X := mat.NewDense(6, 2, []float64{
		0, 0, 0, 1, 1, 0,
		2, 1, 2, 1, 1, 1,
	})
	y := []float64{0, 0, 0, 1, 1, 1}
	m := &naivebayes.CategoricalNB{}
	if err := m.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	proba, _ := m.PredictProba(mat.NewDense(1, 2, []float64{2, 1})) // a large blue one
	fmt.Println(m, m.NCategories())
	fmt.Printf("proba %.4f\n", mat.Formatted(proba, mat.Squeeze()))
	// Output:
	// naivebayes.CategoricalNB{} [3 2]
	// proba [0.1429  0.8571]
}
