package main

import (
	"fmt"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/plot"
)

// plotRecorder collects what -plots draws: the epochs and the test accuracy after
// each of them.
type plotRecorder struct {
	dir     string
	epochs  []nn.EpochInfo
	testAcc []float64
}

// newPlotRecorder creates dir (so a bad -plots fails before training) and returns a
// recorder, or nil when dir is empty.
func newPlotRecorder(dir string) (*plotRecorder, error) {
	if dir == "" {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("-plots: %w", err)
	}
	return &plotRecorder{dir: dir}, nil
}

// epoch records one epoch and its test accuracy.
func (r *plotRecorder) epoch(e nn.EpochInfo, testAcc float64) {
	if r == nil {
		return
	}
	r.epochs = append(r.epochs, e)
	r.testAcc = append(r.testAcc, testAcc)
}

// write saves history.png (training loss; test accuracy per epoch),
// confusion_matrix.png (test set) and misclassified_confidence.png (the histogram of
// the model's largest class probability on the test digits it gets wrong) and
// returns their paths.
func (r *plotRecorder) write(est estimator.Predictor, Xtest *mat.Dense, yTest, pred []float64) ([]string, error) {
	if r == nil {
		return nil, nil
	}
	var paths []string
	save := func(d plot.Drawer, name string) error {
		path := filepath.Join(r.dir, name)
		if err := plot.Save(d, path); err != nil {
			return err
		}
		paths = append(paths, path)
		return nil
	}

	h := plot.HistoryFromEpochs(r.epochs)
	h.Metrics = append(h.Metrics, plot.Series{Name: "test", Values: r.testAcc})
	h.MetricName = "Accuracy"
	f, err := plot.TrainingHistory(h)
	if err != nil {
		return paths, err
	}
	if err := save(f, "history.png"); err != nil {
		return paths, err
	}

	p, err := plot.ConfusionMatrixFromPredictions(yTest, pred, nil, nil, &plot.ConfusionMatrixOptions{
		Title: fmt.Sprintf("Test set (accuracy %.2f%%)", 100*metrics.AccuracyScore(yTest, pred, nil)),
	})
	if err != nil {
		return paths, err
	}
	if err := save(p, "confusion_matrix.png"); err != nil {
		return paths, err
	}

	pp, ok := est.(interface {
		PredictProba(mat.Matrix) (*mat.Dense, error)
	})
	if !ok {
		return paths, nil
	}
	proba, err := pp.PredictProba(Xtest)
	if err != nil {
		return paths, err
	}
	var conf []float64
	for i, y := range yTest {
		if pred[i] != y {
			row := proba.RawRowView(i)
			best := row[0]
			for _, v := range row[1:] {
				best = max(best, v)
			}
			conf = append(conf, best)
		}
	}
	if len(conf) == 0 {
		return paths, nil // no mistakes, nothing to draw
	}
	p, err = plot.Histogram(conf, &plot.HistogramOptions{
		Bins:   20,
		Range:  [2]float64{0, 1},
		Title:  fmt.Sprintf("%d misclassified test digits", len(conf)),
		XLabel: "confidence (largest class probability)",
	})
	if err != nil {
		return paths, err
	}
	if err := save(p, "misclassified_confidence.png"); err != nil {
		return paths, err
	}
	return paths, nil
}
