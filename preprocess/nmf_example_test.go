package preprocess_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/preprocess"
)

func ExampleNMF() {
	// Word counts of six documents over four words, made of two topics.
	X := mat.NewDense(6, 4, []float64{
		5, 4, 0, 0,
		4, 5, 0, 1,
		0, 0, 6, 4,
		1, 0, 4, 5,
		3, 3, 3, 3,
		5, 5, 0, 0,
	})
	nmf := &preprocess.NMF{NComponents: 2, Init: "nndsvd"}
	W, err := nmf.FitTransformW(context.Background(), X)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("topics (H):\n%.2f\n", mat.Formatted(nmf.Components()))
	fmt.Printf("document 2 weights: %.2f\n", W.RawRowView(2))
	fmt.Printf("reconstruction error %.3f after %d iterations\n", nmf.ReconstructionErr(), nmf.NIter())
	// Output:
	// topics (H):
	// ⎡2.64  2.65  0.00  0.15⎤
	// ⎣0.11  0.00  2.28  2.04⎦
	// document 2 weights: [0.00 2.33]
	// reconstruction error 1.996 after 9 iterations
}
