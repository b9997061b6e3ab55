package metrics_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
)

func ExampleR2Score() {
	yTrue := []float64{3, -0.5, 2, 7}
	yPred := []float64{2.5, 0, 2, 8}
	fmt.Printf("R²   %.4f\n", metrics.R2Score(yTrue, yPred, nil))
	fmt.Printf("MSE  %.4f\n", metrics.MeanSquaredError(yTrue, yPred, nil))
	fmt.Printf("RMSE %.4f\n", metrics.RootMeanSquaredError(yTrue, yPred, nil))
	fmt.Printf("MAE  %.4f\n", metrics.MeanAbsoluteError(yTrue, yPred, nil))
	fmt.Printf("MedAE %.4f\n", metrics.MedianAbsoluteError(yTrue, yPred, nil))
	fmt.Printf("max  %.4f\n", metrics.MaxError(yTrue, yPred))
	// Weights come last; nil means uniform.
	fmt.Printf("weighted R² %.4f\n", metrics.R2Score(yTrue, yPred, []float64{1, 1, 2, 0.5}))
	// Output:
	// R²   0.9486
	// MSE  0.3750
	// RMSE 0.6124
	// MAE  0.5000
	// MedAE 0.5000
	// max  1.0000
	// weighted R² 0.9488
}

func ExampleMeanAbsolutePercentageError() {
	yTrue := []float64{3, -0.5, 2, 7}
	yPred := []float64{2.5, 0, 2, 8}
	fmt.Printf("%.4f\n", metrics.MeanAbsolutePercentageError(yTrue, yPred, nil))
	// Output: 0.3274
}

func ExampleF1Score() {
	yTrue := []float64{0, 1, 2, 0, 1, 2}
	yPred := []float64{0, 2, 1, 0, 0, 1}
	for _, avg := range []metrics.Average{metrics.Micro, metrics.Macro, metrics.Weighted} {
		fmt.Printf("%-8s %.4f\n", avg, metrics.F1Score(yTrue, yPred, avg, nil))
	}
	// Binary averaging (the zero value) scores the positive label 1; PosLabel picks another.
	bt := []float64{0, 1, 1, 0, 1}
	bp := []float64{0, 1, 0, 0, 1}
	fmt.Printf("binary   %.4f\n", metrics.F1Score(bt, bp, metrics.Binary, nil))
	fmt.Printf("pos 0    %.4f\n", metrics.F1Score(bt, bp, metrics.PosLabel(0), nil))
	// Output:
	// micro    0.3333
	// macro    0.2667
	// weighted 0.2667
	// binary   0.8000
	// pos 0    0.8000
}

func ExamplePrecisionRecallFScoreSupport() {
	yTrue := []float64{0, 1, 2, 2, 1, 0, 2}
	yPred := []float64{0, 1, 1, 1, 1, 0, 0} // class 2 is never predicted
	p, r, f, s := metrics.PrecisionRecallFScoreSupport(yTrue, yPred, 1, nil, nil)
	fmt.Printf("precision %.4f\nrecall    %.4f\nf1        %.4f\nsupport   %v\n", p, r, f, s)
	// Output:
	// precision [0.6667 0.5000 0.0000]
	// recall    [1.0000 1.0000 0.0000]
	// f1        [0.8000 0.6667 0.0000]
	// support   [2 2 3]
}

func ExampleConfusionMatrix() {
	yTrue := []float64{2, 0, 2, 2, 0, 1}
	yPred := []float64{0, 0, 2, 2, 0, 2}
	cm := metrics.ConfusionMatrix(yTrue, yPred, nil, nil)
	fmt.Println(mat.Formatted(cm))
	fmt.Printf("balanced accuracy %.4f\n", metrics.BalancedAccuracyScore(yTrue, yPred, nil))
	// Output:
	// ⎡2  0  0⎤
	// ⎢0  0  1⎥
	// ⎣1  0  2⎦
	// balanced accuracy 0.5556
}

func ExampleROCAUCScore() {
	yTrue := []float64{0, 0, 1, 1}
	score := []float64{0.1, 0.4, 0.35, 0.8}
	fmt.Printf("AUC %.4f\n", metrics.ROCAUCScore(yTrue, score, nil))
	fpr, tpr, thr := metrics.ROCCurve(yTrue, score, 1, nil)
	fmt.Printf("fpr %.2f\ntpr %.2f\nthr %.2f\n", fpr, tpr, thr)
	// Output:
	// AUC 0.7500
	// fpr [0.00 0.00 0.50 0.50 1.00]
	// tpr [0.00 0.50 0.50 1.00 1.00]
	// thr [1.80 0.80 0.40 0.35 0.10]
}

func ExampleROCAUCOvRScore() {
	yTrue := []float64{0, 1, 2, 2}
	proba := mat.NewDense(4, 3, []float64{
		0.7, 0.2, 0.1,
		0.3, 0.5, 0.2,
		0.1, 0.3, 0.6,
		0.2, 0.5, 0.3,
	})
	fmt.Printf("ovr macro %.4f\n", metrics.ROCAUCOvRScore(yTrue, proba, nil, metrics.Macro, nil))
	fmt.Printf("ovo macro %.4f\n", metrics.ROCAUCOvOScore(yTrue, proba, nil, metrics.Macro))
	// Output:
	// ovr macro 0.9444
	// ovo macro 0.9583
}

func ExampleLogLoss() {
	yTrue := []float64{1, 4, 4, 1}
	// Columns are the probabilities of classes 1 and 4.
	proba := mat.NewDense(4, 2, []float64{
		0.9, 0.1,
		0.2, 0.8,
		0.3, 0.7,
		0.65, 0.35,
	})
	fmt.Printf("%.4f\n", metrics.LogLoss(yTrue, proba, []float64{1, 4}, nil))
	fmt.Printf("%.4f\n", metrics.BinaryLogLoss([]float64{0, 1, 1, 0}, []float64{0.1, 0.8, 0.7, 0.35}, nil))
	// Output:
	// 0.2790
	// 0.2790
}

// constModel is a toy regressor that always predicts the same values.
type constModel struct{ pred []float64 }

func (m *constModel) Fit(context.Context, mat.Matrix, []float64) error { return nil }
func (m *constModel) Predict(mat.Matrix) ([]float64, error)            { return m.pred, nil }

func ExampleScorerByName() {
	s, err := metrics.ScorerByName("neg_mean_absolute_error")
	if err != nil {
		log.Fatal(err)
	}
	model := &constModel{pred: []float64{2.5, 0, 2, 8}}
	X := mat.NewDense(4, 1, nil) // ignored by the toy model
	score, err := s.Score(model, X, []float64{3, -0.5, 2, 7}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s = %.4f\n", s.Name(), score) // larger is better: errors are negated

	// A regressor has no PredictProba, so probability scorers refuse it.
	_, err = metrics.NegLogLoss.Score(model, X, []float64{0, 1, 1, 0}, nil)
	fmt.Println(errors.Is(err, errors.ErrUnsupported))

	_, err = metrics.ScorerByName("mse")
	fmt.Println(errors.Is(err, estimator.ErrInvalidParam))
	// Output:
	// neg_mean_absolute_error = -0.5000
	// true
	// true
}
