package crossval

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// PredictOptions configures CrossValPredict and CrossValPredictProba. A nil
// *PredictOptions means the defaults.
type PredictOptions struct {
	// Weights are per-row sample weights passed to FitWeighted when the estimator is an
	// estimator.WeightedFitter (nil means all ones; other estimators fit unweighted).
	Weights []float64
	// Workers bounds the folds fitted concurrently; 0 means runtime.GOMAXPROCS(0).
	Workers int
}

// CrossValPredict returns, for every row, the prediction of the model fitted on the
// folds that did not contain it (scikit-learn: cross_val_predict with method="predict").
// cv must partition the rows: every row in exactly one test fold (KFold,
// StratifiedKFold, GroupKFold, LeaveOneOut; not ShuffleSplit or TimeSeriesSplit), else
// an error wrapping estimator.ErrInvalidParam is returned before anything is fitted. A
// nil cv means the default of Options.CV. Fitting, cancellation and errors behave as
// in CrossValidate.
func CrossValPredict(ctx context.Context, e estimator.Estimator, X mat.Matrix, y []float64, cv Splitter, opt *PredictOptions) (out []float64, err error) {
	err = protect("crossval.CrossValPredict", func() error { out, err = crossValPredict(ctx, e, X, y, cv, opt); return err })
	if err != nil {
		return nil, err
	}
	return out, nil
}

func crossValPredict(ctx context.Context, e estimator.Estimator, X mat.Matrix, y []float64, cv Splitter, opt *PredictOptions) ([]float64, error) {
	const prefix = "crossval.CrossValPredict"
	if _, ok := e.(estimator.Predictor); !ok && e != nil {
		return nil, fmt.Errorf("%s: %s has no Predict: %w", prefix, estimator.Name(e), errors.ErrUnsupported)
	}
	p, opt, err := preparePredict(prefix, e, X, y, cv, opt)
	if err != nil {
		return nil, err
	}
	out := make([]float64, p.n)
	err = predictFolds(ctx, e, p, opt, func(est estimator.Estimator, Xte mat.Matrix, test []int) error {
		pred, err := est.(estimator.Predictor).Predict(Xte)
		if err != nil {
			return err
		}
		if len(pred) != len(test) {
			return fmt.Errorf("%s returned %d predictions for %d rows: %w", estimator.Name(est), len(pred), len(test), estimator.ErrShape)
		}
		for i, r := range test {
			out[r] = pred[i] // folds are disjoint: each row has one writer
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CrossValPredictProba is CrossValPredict for class probabilities (scikit-learn:
// cross_val_predict with method="predict_proba"). It returns an n×C matrix whose
// columns are all the classes of y in ascending order (estimator.ClassesOf(y)); a
// fold whose training rows lack a class gives that class probability 0, as in
// scikit-learn. e must be an estimator.ProbaClassifier (errors.ErrUnsupported
// otherwise).
func CrossValPredictProba(ctx context.Context, e estimator.Estimator, X mat.Matrix, y []float64, cv Splitter, opt *PredictOptions) (out *mat.Dense, err error) {
	err = protect("crossval.CrossValPredictProba", func() error {
		out, err = crossValPredictProba(ctx, e, X, y, cv, opt)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func crossValPredictProba(ctx context.Context, e estimator.Estimator, X mat.Matrix, y []float64, cv Splitter, opt *PredictOptions) (*mat.Dense, error) {
	const prefix = "crossval.CrossValPredictProba"
	if !estimator.Can(e, estimator.CanPredictProba) && e != nil {
		return nil, fmt.Errorf("%s: %s has no PredictProba: %w", prefix, estimator.Name(e), errors.ErrUnsupported)
	}
	if y == nil {
		return nil, fmt.Errorf("%s: y is nil, class labels are needed: %w", prefix, estimator.ErrInvalidData)
	}
	p, opt, err := preparePredict(prefix, e, X, y, cv, opt)
	if err != nil {
		return nil, err
	}
	classes := estimator.ClassesOf(y)
	if len(classes) > estimator.MaxCopyElements/p.n {
		return nil, fmt.Errorf("%s: %d rows × %d classes is too large a probability matrix (at most %d values); is y continuous?: %w",
			prefix, p.n, len(classes), estimator.MaxCopyElements, estimator.ErrInvalidData)
	}
	out := mat.NewDense(p.n, len(classes), nil)
	err = predictFolds(ctx, e, p, opt, func(est estimator.Estimator, Xte mat.Matrix, test []int) error {
		pc := est.(estimator.ProbaClassifier)
		proba, err := pc.PredictProba(Xte)
		if err != nil {
			return err
		}
		cols := make([]int, 0, len(classes))
		for _, c := range pc.Classes() {
			j, ok := slices.BinarySearch(classes, c)
			if !ok {
				return fmt.Errorf("%s reports class %v, which is not in y: %w", estimator.Name(est), c, estimator.ErrInvalidData)
			}
			cols = append(cols, j)
		}
		r, c := proba.Dims()
		if r != len(test) || c != len(cols) {
			return fmt.Errorf("%s: PredictProba returned %d×%d for %d rows and %d classes: %w",
				estimator.Name(est), r, c, len(test), len(cols), estimator.ErrShape)
		}
		for i, row := range test {
			for k, j := range cols {
				out.Set(row, j, proba.At(i, k))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func preparePredict(prefix string, e estimator.Estimator, X mat.Matrix, y []float64, cv Splitter, opt *PredictOptions) (*prepared, *PredictOptions, error) {
	if opt == nil {
		opt = &PredictOptions{}
	}
	p, err := prepare(prefix, e, X, y, cv, nil, opt.Weights, false)
	if err != nil {
		return nil, nil, err
	}
	seen := make([]bool, p.n)
	count := 0
	for _, f := range p.folds {
		for _, r := range f.Test {
			if seen[r] {
				return nil, nil, fmt.Errorf("%s: row %d is in more than one test fold; cross-validated prediction needs a partition: %w",
					prefix, r, estimator.ErrInvalidParam)
			}
			seen[r] = true
			count++
		}
	}
	if count != p.n {
		return nil, nil, fmt.Errorf("%s: %d of %d rows are in no test fold; cross-validated prediction needs a partition: %w",
			prefix, p.n-count, p.n, estimator.ErrInvalidParam)
	}
	return p, opt, nil
}

// predictFolds fits a clone of e per fold and hands it the fold's test rows.
func predictFolds(ctx context.Context, e estimator.Estimator, p *prepared, opt *PredictOptions,
	use func(est estimator.Estimator, Xte mat.Matrix, test []int) error) error {
	_, err := p.run(ctx, opt.Weights, opt.Workers, len(p.folds), func(i int) (estimator.Estimator, Fold) { return e, p.folds[i] },
		func(i int) string { return fmt.Sprintf("fold %d", i+1) }, false, false,
		func(i int, est estimator.Estimator, xte mat.Matrix) error { return use(est, xte, p.folds[i].Test) })
	return err
}
