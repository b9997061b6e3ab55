package preprocess_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/preprocess"
)

// The example of scikit-learn's PowerTransformer documentation: Yeo-Johnson with
// standardization.
func ExamplePowerTransformer() {
	X := mat.NewDense(3, 2, []float64{1, 2, 3, 2, 4, 5})
	var pt preprocess.PowerTransformer // Yeo-Johnson, standardized
	out, err := pt.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("lambdas %.3f\n", pt.Lambdas())
	for i := 0; i < 3; i++ {
		fmt.Printf("%.3f\n", out.RawRowView(i))
	}
	back, err := pt.InverseTransform(out)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.3f\n", back.RawRowView(2))
	// Output:
	// lambdas [1.387 -3.101]
	// [-1.316 -0.707]
	// [0.210 -0.707]
	// [1.106 1.414]
	// [4.000 5.000]
}

// Box-Cox needs strictly positive data; without standardization the output is the
// power transform itself.
func ExamplePowerTransformer_boxCox() {
	X := mat.NewDense(5, 1, []float64{1, 2, 4, 8, 16})
	pt := &preprocess.PowerTransformer{Method: preprocess.PowerBoxCox, NoStandardize: true}
	out, err := pt.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("lambda %.4f\n", pt.Lambdas()[0])
	fmt.Printf("%.4f\n", out.RawMatrix().Data)
	_, err = pt.Transform(mat.NewDense(1, 1, []float64{-1}))
	fmt.Println(err != nil)
	// Output:
	// lambda 0.0000
	// [0.0000 0.6931 1.3863 2.0794 2.7726]
	// true
}
