package linear_test

import (
	"context"
	"fmt"
	"log"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/preprocess"
)

func ExampleLogistic_saga() {
	ds := datasets.BreastCancer()
	X, err := estimator.FitTransform(context.Background(), &preprocess.StandardScaler{}, ds.X, nil)
	if err != nil {
		log.Fatal(err)
	}
	// An L1 penalty (saga solver only, as in scikit-learn) selects features.
	clf := &linear.Logistic{Solver: linear.LogisticSAGA, Penalty: linear.PenaltyL1, C: 0.1, MaxIter: 1000}
	if err := clf.Fit(context.Background(), X, ds.Y); err != nil {
		log.Fatal(err)
	}
	nonzero := 0
	for _, v := range clf.Coef().RawRowView(0) {
		if v != 0 {
			nonzero++
		}
	}
	// SAGA converges slowly on this problem: like scikit-learn (which warns), it
	// stops at MaxIter epochs before the default Tol 1e-4 is met.
	fmt.Printf("%d of 30 coefficients are non-zero, converged %t\n", nonzero, clf.Converged())
	// Output: 9 of 30 coefficients are non-zero, converged false
}
