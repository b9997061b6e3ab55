package plot_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/estimator/naivebayes"
	"github.com/skgo/skgo/estimator/tree"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/plot"
)

// save writes d to os.TempDir() and prints the file's name.
func save(d plot.Drawer, name string) {
	path := filepath.Join(os.TempDir(), name)
	if err := plot.Save(d, path); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", name)
}

func ExampleConfusionMatrixFromPredictions() {
	iris := datasets.Iris()
	nb := &naivebayes.GaussianNB{}
	pred, err := crossval.CrossValPredict(context.Background(), nb, iris.X, iris.Y, &crossval.StratifiedKFold{K: 5}, nil)
	if err != nil {
		log.Fatal(err)
	}
	p, err := plot.ConfusionMatrixFromPredictions(iris.Y, pred, nil, nil, &plot.ConfusionMatrixOptions{
		Labels:    iris.TargetNames,
		Normalize: plot.NormalizeTrue,
		Title:     "Gaussian naive Bayes on iris (5-fold)",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.X.Label.Text, "/", p.Y.Label.Text)
	save(p, "iris_confusion.png")
	// Output:
	// Predicted label / True label
	// wrote iris_confusion.png
}

func ExampleConfusionMatrix() {
	cm := mat.NewDense(2, 2, []float64{50, 3, 7, 40})
	p, err := plot.ConfusionMatrix(cm, &plot.ConfusionMatrixOptions{Labels: []string{"ham", "spam"}, ValuesFormat: "%.0f"})
	if err != nil {
		log.Fatal(err)
	}
	save(p, "spam_confusion.svg")
	// Output:
	// wrote spam_confusion.svg
}

// binaryScores returns breast-cancer labels and the out-of-fold probability of
// class 1 of a model.
func binaryScores(model estimator.Estimator) (y, score []float64) {
	bc := datasets.BreastCancer()
	proba, err := crossval.CrossValPredictProba(context.Background(), model, bc.X, bc.Y, &crossval.StratifiedKFold{K: 5}, nil)
	if err != nil {
		log.Fatal(err)
	}
	return bc.Y, mat.Col(nil, 1, proba)
}

func ExampleROCCurve() {
	y, nbScore := binaryScores(&naivebayes.GaussianNB{})
	_, treeScore := binaryScores(&tree.DecisionTreeClassifier{MaxDepth: 3, Seed: 1})
	nb, err := plot.ROCFromPredictions("GaussianNB", y, nbScore, 1, nil)
	if err != nil {
		log.Fatal(err)
	}
	dt, err := plot.ROCFromPredictions("tree, depth 3", y, treeScore, 1, nil)
	if err != nil {
		log.Fatal(err)
	}
	p, err := plot.ROCCurve(nb, dt)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("AUC: %.2f and %.2f\n", nb.AUC(), dt.AUC())
	save(p, "roc.png")
	// Output:
	// AUC: 0.99 and 0.91
	// wrote roc.png
}

func ExamplePrecisionRecallCurve() {
	y, score := binaryScores(&naivebayes.GaussianNB{})
	c, err := plot.PrecisionRecallFromPredictions("GaussianNB", y, score, 1, nil)
	if err != nil {
		log.Fatal(err)
	}
	p, err := plot.PrecisionRecallCurve(c)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("AP: %.2f\n", c.AveragePrecision())
	save(p, "precision_recall.pdf")
	// Output:
	// AP: 0.99
	// wrote precision_recall.pdf
}

// diabetesPredictions returns out-of-fold ridge predictions on the diabetes data.
func diabetesPredictions() (y, pred []float64) {
	d := datasets.Diabetes()
	pred, err := crossval.CrossValPredict(context.Background(), &linear.Ridge{Alpha: 0.1}, d.X, d.Y, &crossval.KFold{K: 5}, nil)
	if err != nil {
		log.Fatal(err)
	}
	return d.Y, pred
}

func ExamplePredictionError() {
	y, pred := diabetesPredictions()
	p, err := plot.PredictionError(y, pred, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.X.Label.Text, "/", p.Y.Label.Text)
	save(p, "diabetes_prediction_error.png")
	// Output:
	// Predicted values / Actual values
	// wrote diabetes_prediction_error.png
}

func ExampleResiduals() {
	y, pred := diabetesPredictions()
	p, err := plot.Residuals(y, pred, &plot.PredictionErrorOptions{Subsample: 200, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Y.Label.Text)
	save(p, "diabetes_residuals.png")
	// Output:
	// Residuals (actual - predicted)
	// wrote diabetes_residuals.png
}

func ExampleLearningCurve() {
	d := datasets.Diabetes()
	res, err := crossval.LearningCurve(context.Background(), &linear.Ridge{Alpha: 0.1}, d.X, d.Y,
		crossval.LearningCurveOptions{CV: &crossval.KFold{K: 5, Shuffle: true, Seed: 1}})
	if err != nil {
		log.Fatal(err)
	}
	p, err := plot.LearningCurve(res, &plot.ScoreCurveOptions{YLabel: "R²"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("training sizes:", res.TrainSizes)
	save(p, "diabetes_learning_curve.png")
	// Output:
	// training sizes: [35 114 194 273 353]
	// wrote diabetes_learning_curve.png
}

func ExampleValidationCurve() {
	d := datasets.Diabetes()
	alphas := []float64{1e-3, 1e-2, 1e-1, 1, 10, 100}
	values := make([]any, len(alphas))
	for i, a := range alphas {
		values[i] = a
	}
	train, test, err := crossval.ValidationCurve(context.Background(), &linear.Ridge{}, d.X, d.Y,
		"Alpha", values, &crossval.KFold{K: 5}, nil, 0)
	if err != nil {
		log.Fatal(err)
	}
	p, err := plot.ValidationCurve(alphas, train, test, &plot.ScoreCurveOptions{XLabel: "Alpha", LogX: true})
	if err != nil {
		log.Fatal(err)
	}
	save(p, "diabetes_validation_curve.png")
	// Output:
	// wrote diabetes_validation_curve.png
}

func ExampleTrainingHistory() {
	iris := datasets.Iris()
	var epochs []nn.EpochInfo
	var trainAcc []float64
	m := &nn.MLPClassifier{
		HiddenSizes: []int{16},
		MaxIter:     20,
		Seed:        1,
		OnEpoch: func(e nn.EpochInfo) error {
			epochs = append(epochs, e)
			pred, err := e.Predict(iris.X)
			if err != nil {
				return err
			}
			var right float64
			for i := range pred {
				if pred[i] == iris.Y[i] {
					right++
				}
			}
			trainAcc = append(trainAcc, right/float64(len(pred)))
			return nil
		},
	}
	if err := m.Fit(context.Background(), iris.X, iris.Y); err != nil && !strings.Contains(err.Error(), "converge") {
		log.Fatal(err)
	}
	h := plot.HistoryFromEpochs(epochs)
	h.Metrics = append(h.Metrics, plot.Series{Name: "train accuracy", Values: trainAcc})
	h.MetricName = "Accuracy"
	f, err := plot.TrainingHistory(h)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("epochs:", len(epochs), "panels:", len(f.Plots))
	save(f, "iris_mlp_history.png")
	// Output:
	// epochs: 20 panels: 2
	// wrote iris_mlp_history.png
}

func ExampleFeatureImportances() {
	wine := datasets.Wine()
	dt := &tree.DecisionTreeClassifier{MaxDepth: 3, Seed: 1}
	if err := dt.Fit(context.Background(), wine.X, wine.Y); err != nil {
		log.Fatal(err)
	}
	p, err := plot.FeatureImportances(wine.FeatureNames, dt.FeatureImportances(), &plot.FeatureImportanceOptions{
		MaxFeatures: 5,
		Title:       "Decision tree (depth 3) on wine",
	})
	if err != nil {
		log.Fatal(err)
	}
	ticks := p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
	fmt.Println("most important:", ticks[len(ticks)-1].Label)
	save(p, "wine_importances.png")
	// Output:
	// most important: proline
	// wrote wine_importances.png
}

func ExampleHistogram() {
	// The confidence (largest class probability) of a classifier on its mistakes.
	iris := datasets.Iris()
	nb := &naivebayes.GaussianNB{}
	proba, err := crossval.CrossValPredictProba(context.Background(), nb, iris.X, iris.Y, &crossval.StratifiedKFold{K: 5}, nil)
	if err != nil {
		log.Fatal(err)
	}
	var wrong []float64
	for i, y := range iris.Y {
		row := proba.RawRowView(i)
		best := 0
		for j := range row {
			if row[j] > row[best] {
				best = j
			}
		}
		if float64(best) != y {
			wrong = append(wrong, row[best])
		}
	}
	p, err := plot.Histogram(wrong, &plot.HistogramOptions{Bins: 10, Range: [2]float64{0.3, 1}, XLabel: "confidence"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("misclassified:", len(wrong))
	save(p, "iris_wrong_confidence.png")
	// Output:
	// misclassified: 7
	// wrote iris_wrong_confidence.png
}

// Plots can be adjusted with gonum/plot before saving, and drawn in memory.
func ExampleEncode() {
	p, err := plot.Histogram([]float64{1, 2, 2, 3, 3, 3}, nil)
	if err != nil {
		log.Fatal(err)
	}
	p.Title.Text = "adjusted"
	p.X.Max = 4
	var buf bytes.Buffer
	if err := plot.Encode(&buf, p, "svg", 4*vg.Inch, 3*vg.Inch); err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.Contains(buf.String(), "<svg"), !math.IsNaN(p.X.Max))
	// Output:
	// true true
}
