// Command boston is skgo's main example: it cross-validates a linear regression on the
// Boston Housing data with 10 folds (first the classic unshuffled folds, which are
// scikit-learn's, then folds shuffled with a seed, which cannot be numpy's), prints a per-fold table of R², RMSE and MAE with mean ± std,
// fits on all rows to print the coefficients by feature name, and then shows what a
// StandardScaler → PolynomialFeatures(2) → Ridge pipeline gains over the plain model.
//
//	go run ./examples/boston
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"text/tabwriter"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

func main() {
	log.SetFlags(0)
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// scorers are the columns of the per-fold tables. Error metrics are negated by their
// scorers (larger is better) and flipped back for display.
var scorers = []metrics.Scorer{metrics.R2, metrics.NegRMSE, metrics.NegMAE}

func run(ctx context.Context, w io.Writer) error {
	ds := datasets.Boston()
	n, p := ds.X.Dims()
	fmt.Fprintf(w, "Boston Housing: %d tracts × %d features, target %s (median value, $1000s)\n", n, p, ds.TargetName)

	shuffled := crossval.KFold{K: 10, Shuffle: true, Seed: 1}
	for _, c := range []struct {
		title, note string
		cv          crossval.Splitter
	}{
		{"10-fold CV, classic unshuffled folds",
			"the folds and scores of scikit-learn's cross_validate(LinearRegression(), X, y, cv=KFold(10))",
			crossval.KFold{K: 10}},
		{"10-fold CV, shuffled (Seed 1)",
			"shuffled folds come from Go's PCG seeded with Seed: they cannot equal numpy's, so these scores differ from KFold(10, shuffle=True)'s",
			shuffled},
	} {
		res, err := crossval.CrossValidate(ctx, &linear.Regression{}, ds.X, ds.Y, &crossval.Options{CV: c.cv, Scorers: scorers})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\nlinear.Regression, %s\n(%s)\n", c.title, c.note)
		printFolds(w, res)
	}

	ols := &linear.Regression{}
	if err := ols.Fit(ctx, ds.X, ds.Y); err != nil {
		return err
	}
	pred, err := ols.Predict(ds.X)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nfitted on all %d rows: training R² %.4f\n", n, metrics.R2Score(ds.Y, pred, nil))
	printCoef(w, ds.FeatureNames, ols.Coef(), ols.Intercept())

	// The same folds for a pipeline: standardise, add all degree-2 products (104
	// features), and shrink them with a ridge penalty.
	poly := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "poly", Est: &preprocess.PolynomialFeatures{Degree: 2, NoBias: true}},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{Alpha: 10}},
	)
	res, err := crossval.CrossValidate(ctx, poly, ds.X, ds.Y, &crossval.Options{CV: shuffled, Scorers: scorers})
	if err != nil {
		return err
	}
	base, err := crossval.CrossValidate(ctx, &linear.Regression{}, ds.X, ds.Y, &crossval.Options{CV: shuffled, Scorers: scorers})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nStandardScaler → PolynomialFeatures(2) → Ridge(Alpha 10), 10-fold CV, shuffled (Seed 1)\n")
	printFolds(w, res)
	fmt.Fprintf(w, "\ngain over linear.Regression on the same folds: R² %+.3f, RMSE %+.3f, MAE %+.3f\n",
		res.Mean("r2")-base.Mean("r2"),
		-res.Mean("neg_root_mean_squared_error")+base.Mean("neg_root_mean_squared_error"),
		-res.Mean("neg_mean_absolute_error")+base.Mean("neg_mean_absolute_error"))
	return nil
}

func printFolds(out io.Writer, res *crossval.Result) {
	r2 := res.TestScores("r2")
	rmse := negate(res.TestScores("neg_root_mean_squared_error"))
	mae := negate(res.TestScores("neg_mean_absolute_error"))
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "fold\ttrain\ttest\tR²\tRMSE\tMAE\t")
	for i, f := range res.Folds {
		fmt.Fprintf(w, "%d\t%d\t%d\t%.4f\t%.3f\t%.3f\t\n", i+1, len(f.Train), len(f.Test), r2[i], rmse[i], mae[i])
	}
	// Result.Std is the population standard deviation, as numpy's std().
	fmt.Fprintf(w, "mean ± std\t\t\t%.3f ± %.3f\t%.3f ± %.3f\t%.3f ± %.3f\t\n",
		res.Mean("r2"), res.Std("r2"),
		-res.Mean("neg_root_mean_squared_error"), res.Std("neg_root_mean_squared_error"),
		-res.Mean("neg_mean_absolute_error"), res.Std("neg_mean_absolute_error"))
	w.Flush()
}

func printCoef(out io.Writer, names []string, coef []float64, intercept float64) {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "feature\tcoefficient")
	for j, c := range coef {
		fmt.Fprintf(w, "%s\t%+.5f\n", names[j], c)
	}
	fmt.Fprintf(w, "(intercept)\t%+.5f\n", intercept)
	w.Flush()
}

func negate(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = -x
	}
	return out
}

var _ estimator.Predictor = (*linear.Regression)(nil)
