package mixture_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator/mixture"
)

func ExampleGaussianMixture() {
	X := mat.NewDense(6, 2, []float64{
		1, 2, 1, 4, 1, 0,
		10, 2, 10, 4, 10, 0,
	})
	gm := &mixture.GaussianMixture{NComponents: 2, CovarianceType: "diag", MeansInit: [][]float64{{0, 0}, {10, 0}}}
	if err := gm.Fit(context.Background(), X, nil); err != nil {
		log.Fatal(err)
	}
	pred, err := gm.Predict(mat.NewDense(2, 2, []float64{0, 0, 12, 3}))
	if err != nil {
		log.Fatal(err)
	}
	bic, err := gm.BIC(X)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(gm)
	fmt.Println("components:", pred)
	fmt.Printf("weights %.2f, means %.2f\n", gm.Weights(), gm.Means().RawMatrix().Data)
	fmt.Printf("converged %v, BIC %.2f\n", gm.Converged(), bic)
	// Output:
	// mixture.GaussianMixture{NComponents: 2, CovarianceType: "diag", MeansInit: [[0 0] [10 0]]}
	// components: [0 1]
	// weights [0.50 0.50], means [1.00 2.00 10.00 2.00]
	// converged true, BIC -24.51
}
