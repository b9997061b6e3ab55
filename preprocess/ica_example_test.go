package preprocess_test

import (
	"context"
	"fmt"
	"log"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/preprocess"
)

func ExampleFastICA() {
	// Two microphones record a mixture of a sine and a square wave.
	const n = 2000
	X := mat.NewDense(n, 2, nil)
	sine, square := make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		t := 8 * float64(i) / n
		sine[i] = math.Sin(2 * t)
		square[i] = math.Copysign(1, math.Sin(3*t))
		X.Set(i, 0, sine[i]+0.6*square[i])
		X.Set(i, 1, 0.4*sine[i]+square[i])
	}
	ica := &preprocess.FastICA{Seed: 1}
	if err := ica.Fit(context.Background(), X, nil); err != nil {
		log.Fatal(err)
	}
	S, err := ica.Transform(X)
	if err != nil {
		log.Fatal(err)
	}
	// Each recovered source is one of the originals, up to order, sign and scale.
	for j := 0; j < 2; j++ {
		col := mat.Col(nil, j, S)
		fmt.Printf("source %d: |corr| with sine %.3f, with square %.3f\n", j, math.Abs(corr(col, sine)), math.Abs(corr(col, square)))
	}
	fmt.Println("converged:", ica.Converged())
	// Output:
	// source 0: |corr| with sine 0.998, with square 0.029
	// source 1: |corr| with sine 0.057, with square 1.000
	// converged: true
}

func corr(a, b []float64) float64 {
	var ma, mb float64
	for i := range a {
		ma += a[i] / float64(len(a))
		mb += b[i] / float64(len(b))
	}
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	return sab / math.Sqrt(saa*sbb)
}
