package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/skgo/skgo/plot"
	"github.com/skgo/skgo/tuning"
)

// predictionPlots writes prediction_error.png (regressors) or
// confusion_matrix.png (classifiers) of y against pred into dir and returns the
// paths written. what says where the predictions come from, for the title.
func predictionPlots(dir string, m *manifest, y, pred []float64, what string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if m.Classifier {
		opt := &plot.ConfusionMatrixOptions{Title: "Confusion matrix, " + what}
		if len(m.Classes) > 0 {
			opt.Labels = m.Classes
			labels := make([]float64, len(m.Classes))
			for i := range labels {
				labels[i] = float64(i)
			}
			p, err := plot.ConfusionMatrixFromPredictions(y, pred, labels, nil, opt)
			if err != nil {
				return nil, err
			}
			return savePlot(p, dir, "confusion_matrix.png")
		}
		p, err := plot.ConfusionMatrixFromPredictions(y, pred, nil, nil, opt)
		if err != nil {
			return nil, err
		}
		return savePlot(p, dir, "confusion_matrix.png")
	}
	p, err := plot.PredictionError(y, pred, &plot.PredictionErrorOptions{Subsample: -1, Title: "Prediction error, " + what})
	if err != nil {
		return nil, err
	}
	return savePlot(p, dir, "prediction_error.png")
}

func savePlot(d plot.Drawer, dir, name string) ([]string, error) {
	path := filepath.Join(dir, name)
	if err := plot.Save(d, path); err != nil {
		return nil, err
	}
	return []string{path}, nil
}

// validationCurvePlot draws the training and validation scores of a one-parameter
// search against the parameter's values (scikit-learn's ValidationCurveDisplay), on
// a log axis when the values are positive and span two decades or more.
func validationCurvePlot(dir string, ax axisSpec, results []tuning.Result, scorer string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	values := make([]float64, len(results))
	train := make([][]float64, len(results))
	test := make([][]float64, len(results))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, r := range results {
		x, ok := toFloat(r.Params[ax.path])
		if !ok {
			return "", fmt.Errorf("--plot: parameter %s is not numeric", ax.path)
		}
		values[i] = x
		lo, hi = min(lo, x), max(hi, x)
		train[i] = r.TrainScores[scorer]
		test[i] = r.TestScores[scorer]
	}
	logX := lo > 0 && hi/lo >= 100
	p, err := plot.ValidationCurve(values, train, test, &plot.ScoreCurveOptions{
		Title: "Validation curve", XLabel: ax.path, YLabel: scorer, LogX: logX,
	})
	if err != nil {
		return "", err
	}
	paths, err := savePlot(p, dir, "validation_curve.png")
	if err != nil {
		return "", err
	}
	return paths[0], nil
}
