package linear_test

import (
	"context"
	"fmt"
	"log"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

func ExampleSGDClassifier() {
	ds := datasets.BreastCancer()
	// SGD needs standardised features; the zero value is scikit-learn's default
	// SGDClassifier(): a linear SVM (hinge loss) with an l2 penalty.
	model := pipeline.Make(&preprocess.StandardScaler{}, &linear.SGDClassifier{Seed: 1})
	if err := model.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	pred, err := model.Predict(ds.X)
	if err != nil {
		log.Fatal(err)
	}
	sgd := model.Step("sgdclassifier").(*linear.SGDClassifier)
	fmt.Printf("training accuracy %.2f after %d epochs, converged %t\n",
		metrics.AccuracyScore(ds.Y, pred, nil), sgd.NIter(), sgd.Converged())
	// Output: training accuracy 0.98 after 27 epochs, converged true
}

func ExampleSGDClassifier_PartialFit() {
	ds := datasets.Iris()
	clf := &linear.SGDClassifier{Loss: linear.SGDLogLoss, NoShuffle: true}
	scale := &preprocess.StandardScaler{}
	X, err := estimator.FitTransform(context.Background(), scale, ds.X, nil)
	if err != nil {
		log.Fatal(err)
	}
	// Stream the rows in three batches; every class must be named on the first call.
	// Iris is sorted by class, so each batch holds one class and the model ends
	// undecided between the first two on the first row, exactly as scikit-learn's
	// partial_fit does (its predict_proba gives 0.49999992).
	for lo := 0; lo < 150; lo += 50 {
		batch := X.Slice(lo, lo+50, 0, 4)
		if err := clf.PartialFit(context.Background(), batch, ds.Y[lo:lo+50], []float64{0, 1, 2}); err != nil {
			log.Fatal(err)
		}
	}
	proba, err := clf.PredictProba(X.Slice(0, 1, 0, 4))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("samples seen %.0f, P(class 0 | first row) %.2f\n", clf.T()-1, proba.At(0, 0))
	// Output: samples seen 150, P(class 0 | first row) 0.50
}

func ExampleSGDRegressor() {
	ds := datasets.Diabetes()
	model := pipeline.Make(&preprocess.StandardScaler{}, &linear.SGDRegressor{Seed: 1})
	if err := model.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	pred, err := model.Predict(ds.X)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("training R² %.2f\n", metrics.R2Score(ds.Y, pred, nil))
	// Output: training R² 0.51
}
