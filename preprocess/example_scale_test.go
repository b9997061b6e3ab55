package preprocess_test

import (
	"context"
	"fmt"
	"log"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/preprocess"
)

func ExampleStandardScaler() {
	X := mat.NewDense(4, 2, []float64{
		0, 10,
		1, 20,
		2, 30,
		3, 40,
	})
	var s preprocess.StandardScaler // the zero value centres and scales
	Z, err := s.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("mean %.2f, scale %.4f\n", s.Mean(), s.Scale())
	fmt.Printf("%.4f\n", mat.Formatted(Z))
	back, _ := s.InverseTransform(Z)
	fmt.Printf("%.1f\n", back.RawRowView(3))
	// Output:
	// mean [1.50 25.00], scale [1.1180 11.1803]
	// ⎡-1.3416  -1.3416⎤
	// ⎢-0.4472  -0.4472⎥
	// ⎢ 0.4472   0.4472⎥
	// ⎣ 1.3416   1.3416⎦
	// [3.0 40.0]
}

func ExampleMinMaxScaler() {
	X := mat.NewDense(3, 2, []float64{
		1, -1,
		2, 0,
		3, 5,
	})
	s := &preprocess.MinMaxScaler{FeatureRange: [2]float64{-1, 1}, Clip: true}
	if err := s.Fit(context.Background(), X, nil); err != nil {
		log.Fatal(err)
	}
	Z, _ := s.Transform(mat.NewDense(2, 2, []float64{2.5, 3.5, 10, -10}))
	fmt.Printf("%.4f\n", mat.Formatted(Z))
	// Output:
	// ⎡ 0.5000   0.5000⎤
	// ⎣ 1.0000  -1.0000⎦
}

func ExampleMaxAbsScaler() {
	X := mat.NewDense(3, 2, []float64{
		1, -4,
		-2, 2,
		0.5, 1,
	})
	var s preprocess.MaxAbsScaler
	Z, err := s.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.MaxAbs())
	fmt.Printf("%.4f\n", mat.Formatted(Z))
	// Output:
	// [2 4]
	// ⎡ 0.5000  -1.0000⎤
	// ⎢-1.0000   0.5000⎥
	// ⎣ 0.2500   0.2500⎦
}

func ExampleRobustScaler() {
	X := mat.NewDense(5, 1, []float64{1, 2, 3, 4, 100}) // one outlier
	var s preprocess.RobustScaler
	Z, err := s.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("median %.1f, IQR %.1f\n", s.Center(), s.Scale())
	fmt.Printf("%.2f\n", mat.Col(nil, 0, Z))
	// Output:
	// median [3.0], IQR [2.0]
	// [-1.00 -0.50 0.00 0.50 48.50]
}

func ExampleNormalizer() {
	X := mat.NewDense(2, 2, []float64{
		3, 4,
		1, -1,
	})
	for _, norm := range []preprocess.Norm{preprocess.NormL2, preprocess.NormL1, preprocess.NormMax} {
		Z, err := (&preprocess.Normalizer{Norm: norm}).FitTransform(context.Background(), X, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-3s %.4f %.4f\n", norm, Z.RawRowView(0), Z.RawRowView(1))
	}
	// Output:
	// l2  [0.6000 0.8000] [0.7071 -0.7071]
	// l1  [0.4286 0.5714] [0.5000 -0.5000]
	// max [0.7500 1.0000] [1.0000 -1.0000]
}

func ExamplePolynomialFeatures() {
	X := mat.NewDense(2, 2, []float64{
		2, 3,
		-1, 4,
	})
	p := &preprocess.PolynomialFeatures{Degree: 2}
	Z, err := p.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.FeatureNamesOut([]string{"a", "b"}))
	fmt.Println(Z.RawRowView(0))
	fmt.Println(Z.RawRowView(1))
	// Output:
	// [1 a b a^2 a b b^2]
	// [1 2 3 4 6 9]
	// [1 -1 4 1 -4 16]
}

func ExampleKBinsDiscretizer() {
	X := mat.NewDense(6, 1, []float64{0, 1, 2, 3, 4, 10})
	k := &preprocess.KBinsDiscretizer{NBins: 3, Encode: preprocess.KBinsOrdinal, Strategy: preprocess.KBinsUniform}
	Z, err := k.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("edges %.4f\n", k.BinEdges()[0])
	fmt.Println("bins ", mat.Col(nil, 0, Z))

	onehot := &preprocess.KBinsDiscretizer{NBins: 2} // quantile edges, dense one-hot
	Z, _ = onehot.FitTransform(context.Background(), X, nil)
	fmt.Println(onehot.FeatureNamesOut(nil), Z.RawRowView(0), Z.RawRowView(5))
	// Output:
	// edges [0.0000 3.3333 6.6667 10.0000]
	// bins  [0 0 0 0 1 2]
	// [x0_0.0 x0_1.0] [1 0] [0 1]
}

func ExampleFunctionTransformer() {
	logAbs := func(X *mat.Dense) (*mat.Dense, error) {
		r, c := X.Dims()
		out := mat.NewDense(r, c, nil)
		out.Apply(func(_, _ int, v float64) float64 { return math.Log1p(math.Abs(v)) }, X)
		return out, nil
	}
	ft := &preprocess.FunctionTransformer{Func: logAbs}
	X := mat.NewDense(2, 2, []float64{0, math.E - 1, -3, 9})
	if err := ft.Fit(context.Background(), X, nil); err != nil {
		log.Fatal(err)
	}
	Z, _ := ft.Transform(X)
	fmt.Printf("%.4f\n", mat.Formatted(Z))
	// Output:
	// ⎡0.0000  1.0000⎤
	// ⎣1.3863  2.3026⎦
}

func ExampleVarianceThreshold() {
	X := mat.NewDense(4, 3, []float64{
		0, 2, 0.0,
		0, 1, 4.0,
		0, 3, 1.0,
		0, 2, 1.5,
	})
	v := &preprocess.VarianceThreshold{Threshold: 1}
	Z, err := v.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("variances %.4f\n", v.Variances())
	fmt.Println(v.Support(), v.FeatureNamesOut([]string{"a", "b", "c"}))
	fmt.Println(mat.Col(nil, 0, Z))
	// Output:
	// variances [0.0000 0.5000 2.1719]
	// [false false true] [c]
	// [0 4 1 1.5]
}

func ExampleSelectKBest() {
	ds := datasets.Iris()
	s := &preprocess.SelectKBest{K: 2} // ANOVA F-test (f_classif)
	Z, err := s.FitTransform(context.Background(), ds.X, ds.Y)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("F %.2f\n", s.Scores())
	fmt.Println(s.FeatureNamesOut(ds.FeatureNames))
	_, c := Z.Dims()
	fmt.Println(c, "columns kept")
	// Output:
	// F [119.26 49.16 1180.16 960.01]
	// [petal length (cm) petal width (cm)]
	// 2 columns kept
}

func ExampleFRegression() {
	ds := datasets.Boston()
	f, p, err := preprocess.FRegression(ds.X, ds.Y)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: F = %.2f, p = %.3g\n", ds.FeatureNames[12], f[12], p[12])
	// Output:
	// LSTAT: F = 601.62, p = 5.08e-88
}

func ExampleMutualInfoClassif() {
	ds := datasets.Iris()
	mi, err := preprocess.MutualInfoClassif(ds.X, ds.Y, 0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.1f\n", mi)
	// Output:
	// [0.5 0.3 1.0 1.0]
}

func ExamplePCA() {
	ds := datasets.Iris()
	p := &preprocess.PCA{NComponents: 2}
	if err := p.Fit(context.Background(), ds.X, nil); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("explained variance ratio %.4f\n", p.ExplainedVarianceRatio())
	fmt.Printf("first component %.4f\n", p.Components().RawRowView(0))
	Z, _ := p.Transform(ds.X.Slice(0, 2, 0, 4))
	fmt.Printf("%.4f\n", mat.Formatted(Z))
	fmt.Println(p.FeatureNamesOut(nil))

	// Keep the fewest components that explain more than 99% of the variance.
	auto := &preprocess.PCA{VarianceRatio: 0.99}
	_ = auto.Fit(context.Background(), ds.X, nil)
	fmt.Println(auto.NComponentsOut(), "components")
	// Output:
	// explained variance ratio [0.9246 0.0531]
	// first component [0.3614 -0.0845 0.8567 0.3583]
	// ⎡-2.6841   0.3194⎤
	// ⎣-2.7141  -0.1770⎦
	// [pca0 pca1]
	// 3 components
}

func ExampleTruncatedSVD() {
	ds := datasets.Iris()
	t := &preprocess.TruncatedSVD{NComponents: 2}
	Z, err := estimatorFitTransform(t, ds.X)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("singular values %.4f\n", t.SingularValues())
	fmt.Printf("explained variance ratio %.4f\n", t.ExplainedVarianceRatio())
	fmt.Printf("%.4f\n", Z.RawRowView(0))
	// Output:
	// singular values [95.9599 17.7610]
	// explained variance ratio [0.5288 0.4485]
	// [5.9127 2.3020]
}

func estimatorFitTransform(t *preprocess.TruncatedSVD, X mat.Matrix) (*mat.Dense, error) {
	if err := t.Fit(context.Background(), X, nil); err != nil {
		return nil, err
	}
	return t.Transform(X)
}
