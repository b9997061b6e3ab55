package metrics

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// Scorer connects a fitted estimator to a metric. Larger is always better, so error
// metrics are negated (NegMSE), as in scikit-learn's scorers.
type Scorer interface {
	// Name is the scikit-learn scoring name ("r2", "neg_mean_squared_error"), used as
	// the column name in cross-validation and search results.
	Name() string
	// Score evaluates the fitted e on X against y. weights may be nil (uniform).
	Score(e estimator.Estimator, X mat.Matrix, y, weights []float64) (float64, error)
}

// predictScorer scores Predict's output with a metric function.
type predictScorer struct {
	name string
	sign float64
	fn   func(yTrue, yPred, w []float64) float64
}

func (s predictScorer) Name() string { return s.name }

func (s predictScorer) Score(e estimator.Estimator, X mat.Matrix, y, w []float64) (float64, error) {
	p, ok := e.(estimator.Predictor)
	if !ok {
		return 0, fmt.Errorf("metrics: scorer %q needs a Predictor, got %T", s.name, e)
	}
	pred, err := p.Predict(X)
	if err != nil {
		return 0, err
	}
	if len(pred) != len(y) {
		return 0, fmt.Errorf("metrics: scorer %q: %d predictions for %d targets: %w", s.name, len(pred), len(y), estimator.ErrShape)
	}
	if w != nil && len(w) != len(y) {
		return 0, fmt.Errorf("metrics: scorer %q: %d weights for %d targets: %w", s.name, len(w), len(y), estimator.ErrShape)
	}
	return s.sign * s.fn(y, pred, w), nil
}

// Scorers built on Predict.
var (
	// R2 is the coefficient of determination ("r2").
	R2 Scorer = predictScorer{"r2", 1, R2Score}
	// NegMSE is minus the mean squared error ("neg_mean_squared_error").
	NegMSE Scorer = predictScorer{"neg_mean_squared_error", -1, MeanSquaredError}
	// Accuracy is the fraction of correct labels ("accuracy").
	Accuracy Scorer = predictScorer{"accuracy", 1, AccuracyScore}
)
