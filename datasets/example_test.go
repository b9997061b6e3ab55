package datasets_test

import (
	"fmt"
	"log"
	"math"
	"strings"

	"github.com/skgo/skgo/datasets"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

func ExampleBoston() {
	ds := datasets.Boston()
	n, p := ds.X.Dims()
	fmt.Println(n, "tracts ×", p, "features")
	fmt.Println(ds.FeatureNames)
	fmt.Printf("target %s: mean %.4f\n", ds.TargetName, stat.Mean(ds.Y, nil))

	df := ds.Frame() // a gota DataFrame with MEDV as the last column
	fmt.Printf("RM of the first tract: %.3f\n", df.Col("RM").Elem(0).Float())
	// Output:
	// 506 tracts × 13 features
	// [CRIM ZN INDUS CHAS NOX RM AGE DIS RAD TAX PTRATIO B LSTAT]
	// target MEDV: mean 22.5328
	// RM of the first tract: 6.575
}

func ExampleIris() {
	ds := datasets.Iris()
	n, p := ds.X.Dims()
	fmt.Println(n, "flowers ×", p, "measurements")
	counts := make([]int, len(ds.TargetNames))
	for _, y := range ds.Y {
		counts[int(y)]++
	}
	for k, name := range ds.TargetNames {
		fmt.Printf("%d %s: %d\n", k, name, counts[k])
	}
	// Output:
	// 150 flowers × 4 measurements
	// 0 setosa: 50
	// 1 versicolor: 50
	// 2 virginica: 50
}

func ExampleReadCSV() {
	const data = `rooms,age,price
5.5,40,210.5
6.1,NA,250
7.0,12,310.25
`
	ds, err := datasets.ReadCSV(strings.NewReader(data), datasets.CSVOptions{Target: "price"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ds.FeatureNames, "→", ds.TargetName)
	fmt.Printf("X =\n%v\n", mat.Formatted(ds.X))
	fmt.Println("y =", ds.Y)

	_, err = datasets.ReadCSV(strings.NewReader("rooms,town,price\n5.5,Boston,210\n"), datasets.CSVOptions{})
	fmt.Println(err != nil)
	// Output:
	// [rooms age] → price
	// X =
	// ⎡5.5   40⎤
	// ⎢6.1  NaN⎥
	// ⎣  7   12⎦
	// y = [210.5 250 310.25]
	// true
}

func ExampleMakeRegression() {
	ds, coef, err := datasets.MakeRegression(datasets.RegressionOptions{
		NSamples: 200, NFeatures: 5, NInformative: 2, Bias: 3, Seed: 42})
	if err != nil {
		log.Fatal(err)
	}
	n, p := ds.X.Dims()
	informative := 0
	for _, c := range coef {
		if c != 0 {
			informative++
		}
	}
	// With Noise 0, y = X·coef + Bias.
	var pred mat.VecDense
	pred.MulVec(ds.X, mat.NewVecDense(p, coef))
	worst := 0.0
	for i, y := range ds.Y {
		worst = math.Max(worst, math.Abs(y-pred.AtVec(i)-3))
	}
	fmt.Println(n, "×", p, "with", informative, "informative features")
	fmt.Println("exactly linear:", worst < 1e-9)
	// Output:
	// 200 × 5 with 2 informative features
	// exactly linear: true
}

func ExampleMakeClassification() {
	ds, err := datasets.MakeClassification(datasets.ClassificationOptions{
		NSamples: 300, NFeatures: 6, NInformative: 3, NRedundant: 1, NClasses: 3, Seed: 7})
	if err != nil {
		log.Fatal(err)
	}
	n, p := ds.X.Dims()
	counts := make([]int, len(ds.TargetNames))
	for _, y := range ds.Y {
		counts[int(y)]++
	}
	fmt.Println(n, "×", p, "classes", ds.TargetNames, "counts", counts)
	// Output:
	// 300 × 6 classes [0 1 2] counts [100 100 100]
}

func ExampleMakeBlobs() {
	ds, centers, err := datasets.MakeBlobs(datasets.BlobsOptions{
		NSamples:   600,
		Centers:    [][]float64{{1, -2}, {10, 10}, {-10, 5}},
		ClusterStd: 0.5,
		Seed:       1,
	})
	if err != nil {
		log.Fatal(err)
	}
	for k := 0; k < 3; k++ {
		var xs, ys []float64
		for i, y := range ds.Y {
			if int(y) == k {
				xs = append(xs, ds.X.At(i, 0))
				ys = append(ys, ds.X.At(i, 1))
			}
		}
		fmt.Printf("blob %d: %d points, centre (%.0f, %.0f), mean (%.1f, %.1f)\n", k, len(xs),
			centers.At(k, 0), centers.At(k, 1), stat.Mean(xs, nil), stat.Mean(ys, nil))
	}
	// Output:
	// blob 0: 200 points, centre (1, -2), mean (1.0, -2.0)
	// blob 1: 200 points, centre (10, 10), mean (10.0, 10.0)
	// blob 2: 200 points, centre (-10, 5), mean (-10.0, 5.0)
}
