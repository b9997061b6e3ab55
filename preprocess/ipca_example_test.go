package preprocess_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/preprocess"
)

func ExampleIncrementalPCA() {
	X := datasets.Iris().X
	ctx := context.Background()
	// Feed the 150 rows in three batches, as if they arrived over time.
	ipca := &preprocess.IncrementalPCA{NComponents: 2}
	for lo := 0; lo < 150; lo += 50 {
		if err := ipca.PartialFit(ctx, X.Slice(lo, lo+50, 0, 4), nil); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println("rows seen:", ipca.NSamplesSeen())
	fmt.Printf("explained variance ratio: %.4f\n", ipca.ExplainedVarianceRatio())
	// Close to PCA on all rows at once (each update keeps only 2 components).
	pca := &preprocess.PCA{NComponents: 2}
	if err := pca.Fit(ctx, X, nil); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("PCA:                      %.4f\n", pca.ExplainedVarianceRatio())
	// Output:
	// rows seen: 150
	// explained variance ratio: [0.9239 0.0529]
	// PCA:                      [0.9246 0.0531]
}

func ExamplePCA_randomized() {
	// 600 rows of rank-2 data plus a little noise: the randomized solver finds the
	// same two components as the exact SVD.
	X := mat.NewDense(600, 8, nil)
	for i := 0; i < 600; i++ {
		a, b := float64(i%17)-8, float64(i%11)-5
		for j := 0; j < 8; j++ {
			X.Set(i, j, a*float64(j+1)+b*float64(8-j)+1e-3*float64((i*j)%7))
		}
	}
	ctx := context.Background()
	rnd := &preprocess.PCA{NComponents: 2, SvdSolver: preprocess.PCASolverRandomized, Seed: 1}
	full := &preprocess.PCA{NComponents: 2, SvdSolver: preprocess.PCASolverFull}
	if err := rnd.Fit(ctx, X, nil); err != nil {
		log.Fatal(err)
	}
	if err := full.Fit(ctx, X, nil); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("singular values %.3f\n", rnd.SingularValues())
	fmt.Println("components agree:", mat.EqualApprox(rnd.Components(), full.Components(), 1e-9))
	// Output:
	// singular values [1879.117 817.568]
	// components agree: true
}
