package linear_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/linear"
)

func ExampleLogistic() {
	ds := datasets.Iris()
	var clf linear.Logistic // scikit-learn's LogisticRegression(): C=1, lbfgs, multinomial
	if err := clf.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	pred, err := clf.Predict(ds.X)
	if err != nil {
		log.Fatal(err)
	}
	correct := 0
	for i, p := range pred {
		if p == ds.Y[i] {
			correct++
		}
	}
	r, c := clf.Coef().Dims()
	fmt.Printf("classes %v, coef %d×%d\n", clf.Classes(), r, c)
	fmt.Printf("training accuracy %.4f\n", float64(correct)/float64(len(pred)))
	// Output:
	// classes [0 1 2], coef 3×4
	// training accuracy 0.9733
}

func ExampleLogistic_PredictProba() {
	// Hours studied → passed the exam (1) or not (0), labels may be any numbers.
	X := mat.NewDense(8, 1, []float64{0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4})
	y := []float64{0, 0, 0, 1, 0, 1, 1, 1}
	clf := &linear.Logistic{C: 10}
	if err := clf.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	proba, err := clf.PredictProba(mat.NewDense(2, 1, []float64{1, 3.5}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("coef %.4f, intercept %.4f\n", clf.Coef().At(0, 0), clf.Intercept()[0])
	for i := 0; i < 2; i++ {
		fmt.Printf("P(fail)=%.4f P(pass)=%.4f\n", proba.At(i, 0), proba.At(i, 1))
	}
	// Output:
	// coef 2.0820, intercept -4.6845
	// P(fail)=0.9310 P(pass)=0.0690
	// P(fail)=0.0690 P(pass)=0.9310
}

func ExampleLogistic_DecisionFunction() {
	X := mat.NewDense(8, 1, []float64{0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4})
	y := []float64{0, 0, 0, 1, 0, 1, 1, 1}
	clf := &linear.Logistic{C: 10}
	if err := clf.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	// One value per row, as scikit-learn's decision_function for two classes:
	// positive values favour Classes()[1]. The ROC AUC scorer ranks by it.
	d, err := clf.DecisionFunction(mat.NewDense(2, 1, []float64{1, 3.5}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.4f %.4f\n", d[0], d[1])
	// Output:
	// -2.6025 2.6025
}
