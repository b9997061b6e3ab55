package calibration_test

import (
	"context"
	"fmt"
	"log"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/calibration"
	"github.com/skgo/skgo/estimator/naivebayes"
	"github.com/skgo/skgo/estimator/svm"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// Platt scaling of a linear SVM, which has no probabilities of its own.
func ExampleCalibratedClassifierCV() {
	ds := datasets.BreastCancer()
	model := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "cal", Est: &calibration.CalibratedClassifierCV{Estimator: &svm.LinearSVC{}}},
	)
	scores, err := crossval.Score(context.Background(), model, ds.X, ds.Y, crossval.StratifiedKFold{K: 5}, metrics.NegLogLoss)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("cross-validated log loss per fold: %.3f\n", scores) // scikit-learn 1.2.1 gives the same
	// Output:
	// cross-validated log loss per fold: [-0.145 -0.128 -0.145 -0.128 -0.108]
}

// Isotonic calibration of naive Bayes, with the reliability curve of the result.
func ExampleCalibrationCurve() {
	ds := datasets.BreastCancer()
	train, test := make([]int, 0, 285), make([]int, 0, 284)
	for i := range ds.Y {
		if i%2 == 0 {
			train = append(train, i)
		} else {
			test = append(test, i)
		}
	}
	Xtr, ytr := rows(ds.X, train), pick(ds.Y, train)
	Xte, yte := rows(ds.X, test), pick(ds.Y, test)
	cal := &calibration.CalibratedClassifierCV{Estimator: &naivebayes.GaussianNB{}, Method: calibration.MethodIsotonic}
	if err := cal.Fit(context.Background(), Xtr, ytr); err != nil {
		log.Fatal(err)
	}
	proba, err := cal.PredictProba(Xte)
	if err != nil {
		log.Fatal(err)
	}
	p1 := make([]float64, len(yte))
	for i := range p1 {
		p1[i] = proba.At(i, 1)
	}
	fracPos, meanPred, err := calibration.CalibrationCurve(yte, p1, 4, calibration.StrategyUniform)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d calibrated classifiers\n", len(cal.CalibratedClassifiers()))
	fmt.Printf("fraction of positives %.2f\n", fracPos)
	fmt.Printf("mean predicted        %.2f\n", meanPred)
	// Output:
	// 5 calibrated classifiers
	// fraction of positives [0.07 0.20 0.67 0.96]
	// mean predicted        [0.05 0.41 0.69 0.99]
}
