package metrics_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/cluster"
	"github.com/skgo/skgo/metrics"
)

func ExampleClassificationReport() {
	yTrue := []float64{0, 1, 2, 2, 2}
	yPred := []float64{0, 0, 2, 2, 1}
	r := metrics.ClassificationReport(yTrue, yPred, nil, []string{"class 0", "class 1", "class 2"}, nil)
	fmt.Print(r.Text(2))
	// The same numbers as data.
	fmt.Printf("recall of class 2: %.4f, macro F1: %.4f\n", r.Recall[2], r.MacroAvg.F1)
	// Output:
	//               precision    recall  f1-score   support
	//
	//      class 0       0.50      1.00      0.67         1
	//      class 1       0.00      0.00      0.00         1
	//      class 2       1.00      0.67      0.80         3
	//
	//     accuracy                           0.60         5
	//    macro avg       0.50      0.56      0.49         5
	// weighted avg       0.70      0.60      0.61         5
	// recall of class 2: 0.6667, macro F1: 0.4889
}

func ExampleAdjustedRandScore() {
	// Only which samples share a label matters: renamed clusters score 1.
	fmt.Printf("%.4f\n", metrics.AdjustedRandScore([]float64{0, 0, 1, 1}, []float64{1, 1, 0, 0}))
	// Complete but not pure.
	fmt.Printf("%.4f\n", metrics.AdjustedRandScore([]float64{0, 0, 1, 2}, []float64{0, 0, 1, 1}))
	// Discordant labelings go below 0.
	fmt.Printf("%.4f\n", metrics.AdjustedRandScore([]float64{0, 0, 1, 1}, []float64{0, 1, 0, 1}))
	fmt.Printf("AMI %.4f  NMI %.4f  V %.4f\n",
		metrics.AdjustedMutualInfoScore([]float64{0, 0, 1, 2}, []float64{0, 0, 1, 1}, "arithmetic"),
		metrics.NormalizedMutualInfoScore([]float64{0, 0, 1, 2}, []float64{0, 0, 1, 1}, "arithmetic"),
		metrics.VMeasureScore([]float64{0, 0, 1, 2}, []float64{0, 0, 1, 1}, 1))
	// Output:
	// 1.0000
	// 0.5714
	// -0.5000
	// AMI 0.5714  NMI 0.8000  V 0.8000
}

func ExampleSilhouetteScore() {
	iris := datasets.Iris()
	// The species as a clustering of the four measurements.
	fmt.Printf("silhouette        %.4f\n", metrics.SilhouetteScore(iris.X, iris.Y, metrics.Euclidean))
	fmt.Printf("silhouette (L1)   %.4f\n", metrics.SilhouetteScore(iris.X, iris.Y, metrics.Manhattan))
	fmt.Printf("Calinski-Harabasz %.2f\n", metrics.CalinskiHarabaszScore(iris.X, iris.Y))
	fmt.Printf("Davies-Bouldin    %.4f\n", metrics.DaviesBouldinScore(iris.X, iris.Y))
	// A single cluster has no silhouette.
	one := make([]float64, len(iris.Y))
	fmt.Println(metrics.SilhouetteScore(iris.X, one, metrics.Euclidean))
	// Output:
	// silhouette        0.5035
	// silhouette (L1)   0.5133
	// Calinski-Harabasz 487.33
	// Davies-Bouldin    0.7514
	// NaN
}

func ExamplePrecisionRecallCurve() {
	yTrue := []float64{0, 0, 1, 1}
	score := []float64{0.1, 0.4, 0.35, 0.8}
	p, r, thr := metrics.PrecisionRecallCurve(yTrue, score, 1, nil)
	fmt.Println("precision ", p)
	fmt.Println("recall    ", r)
	fmt.Println("thresholds", thr)
	fmt.Printf("average precision %.4f\n", metrics.AveragePrecisionScore(yTrue, score, 1, nil))
	// Output:
	// precision  [0.5 0.6666666666666666 0.5 1 1]
	// recall     [1 1 0.5 0.5 0]
	// thresholds [0.1 0.35 0.4 0.8]
	// average precision 0.8333
}

func ExampleMatthewsCorrcoef() {
	yTrue := []float64{1, 1, 1, 0}
	yPred := []float64{1, 0, 1, 1}
	fmt.Printf("MCC   %.4f\n", metrics.MatthewsCorrcoef(yTrue, yPred, nil))
	fmt.Printf("kappa %.4f\n", metrics.CohenKappaScore(yTrue, yPred, nil, metrics.KappaUnweighted, nil))
	fmt.Printf("Brier %.4f\n", metrics.BrierScoreLoss([]float64{0, 1, 1, 0}, []float64{0.1, 0.9, 0.8, 0.3}, nil))
	// Output:
	// MCC   -0.3333
	// kappa -0.3333
	// Brier 0.0375
}

func ExampleTopKAccuracyScore() {
	yTrue := []float64{0, 1, 2, 2}
	score := mat.NewDense(4, 3, []float64{
		0.5, 0.2, 0.2,
		0.3, 0.4, 0.2,
		0.2, 0.4, 0.3,
		0.7, 0.2, 0.1,
	})
	fmt.Println(metrics.TopKAccuracyScore(yTrue, score, 2, nil, nil))
	// Output: 0.75
}

func ExampleARI() {
	// A clustering scorer compares y with the clusterer's Predict output.
	iris := datasets.Iris()
	km := &cluster.KMeans{NClusters: 3, Seed: 1}
	if err := km.Fit(context.Background(), iris.X, nil); err != nil {
		log.Fatal(err)
	}
	for _, name := range []string{"adjusted_rand_score", "v_measure_score"} {
		s, err := metrics.ScorerByName(name)
		if err != nil {
			log.Fatal(err)
		}
		v, err := s.Score(km, iris.X, iris.Y, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %.2f\n", name, v)
	}
	// Output:
	// adjusted_rand_score 0.73
	// v_measure_score 0.76
}
