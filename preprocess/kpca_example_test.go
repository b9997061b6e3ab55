package preprocess_test

import (
	"context"
	"fmt"
	"log"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/preprocess"
)

func ExampleKernelPCA() {
	// Two concentric circles: no linear projection separates them, but the first
	// rbf kernel component does.
	X := mat.NewDense(40, 2, nil)
	for i := 0; i < 40; i++ {
		r := 1.0
		if i%2 == 1 {
			r = 3
		}
		a := 2 * math.Pi * float64(i/2) / 20
		X.Set(i, 0, r*math.Cos(a))
		X.Set(i, 1, r*math.Sin(a))
	}
	kpca := &preprocess.KernelPCA{NComponents: 2, Kernel: "rbf", Gamma: 0.5, FitInverseTransform: true}
	if err := kpca.Fit(context.Background(), X, nil); err != nil {
		log.Fatal(err)
	}
	Z, err := kpca.Transform(X)
	if err != nil {
		log.Fatal(err)
	}
	// The first component of every row, by circle.
	lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
	for i := 0; i < 40; i++ {
		v := Z.At(i, 0)
		lo[i%2], hi[i%2] = math.Min(lo[i%2], v), math.Max(hi[i%2], v)
	}
	fmt.Printf("inner circle: [%+.3f, %+.3f]\n", lo[0], hi[0])
	fmt.Printf("outer circle: [%+.3f, %+.3f]\n", lo[1], hi[1])
	fmt.Printf("eigenvalues: %.3f\n", kpca.Eigenvalues())
	back, _ := kpca.InverseTransform(Z.Slice(0, 1, 0, 2))
	fmt.Printf("pre-image of row 0 (1, 0): %.2f\n", back.RawRowView(0))
	// Output:
	// inner circle: [+0.366, +0.366]
	// outer circle: [-0.366, -0.366]
	// eigenvalues: [5.349 4.318]
	// pre-image of row 0 (1, 0): [0.13 0.40]
}
