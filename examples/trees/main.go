// Command trees puts skgo's tree ensembles beside the linear pipeline of
// examples/boston on the Boston Housing data: a random forest, gradient boosting and
// histogram gradient boosting against StandardScaler → PolynomialFeatures(2) →
// Ridge(10), all cross-validated on the same ten shuffled folds. It then fits the
// forest and the histogram booster on a 75/25 train/test split and prints the
// features that matter to each: the forest's impurity-based importances and, for
// both models, permutation importances measured on the held-out rows.
//
//	go run ./examples/trees
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/ensemble"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/inspection"
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

// model is one row of the comparison.
type model struct {
	name string
	est  estimator.Estimator
}

func models() []model {
	return []model{
		{"scale | poly2 | ridge(10)", pipeline.New(
			pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
			pipeline.Step{Name: "poly", Est: &preprocess.PolynomialFeatures{Degree: 2, NoBias: true}},
			pipeline.Step{Name: "ridge", Est: &linear.Ridge{Alpha: 10}},
		)},
		{"RandomForestRegressor(100)", &ensemble.RandomForestRegressor{Seed: 1}},
		{"GradientBoostingRegressor(100)", &ensemble.GradientBoostingRegressor{Seed: 1}},
		{"HistGradientBoostingRegressor", &ensemble.HistGradientBoostingRegressor{Seed: 1}},
	}
}

var scorers = []metrics.Scorer{metrics.R2, metrics.NegRMSE, metrics.NegMAE}

func run(ctx context.Context, w io.Writer) error {
	ds := datasets.Boston()
	n, p := ds.X.Dims()
	fmt.Fprintf(w, "Boston Housing: %d tracts × %d features, target %s\n", n, p, ds.TargetName)

	// The same ten shuffled folds as examples/boston, for every model.
	cv := crossval.KFold{K: 10, Shuffle: true, Seed: 1}
	fmt.Fprintf(w, "\n10-fold CV, shuffled (Seed 1): mean ± std over the folds\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "model\tR²\tRMSE\tMAE\tfit time / fold")
	for _, m := range models() {
		res, err := crossval.CrossValidate(ctx, m.est, ds.X, ds.Y, &crossval.Options{CV: cv, Scorers: scorers})
		if err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
		var fit time.Duration
		for _, d := range res.FitTime {
			fit += d
		}
		fmt.Fprintf(tw, "%s\t%.3f ± %.3f\t%.3f ± %.3f\t%.3f ± %.3f\t%s\n", m.name,
			res.Mean("r2"), res.Std("r2"),
			-res.Mean("neg_root_mean_squared_error"), res.Std("neg_root_mean_squared_error"),
			-res.Mean("neg_mean_absolute_error"), res.Std("neg_mean_absolute_error"),
			(fit / time.Duration(len(res.FitTime))).Round(100*time.Microsecond))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	// One held-out split for the importances.
	XTrain, XTest, yTrain, yTest, err := crossval.TrainTestSplitXy(ds.X, ds.Y, crossval.TrainTestOptions{Seed: 1})
	if err != nil {
		return err
	}
	rf := &ensemble.RandomForestRegressor{Seed: 1}
	hgb := &ensemble.HistGradientBoostingRegressor{Seed: 1}
	for _, m := range []estimator.Predictor{rf, hgb} {
		if err := m.Fit(ctx, XTrain, yTrain); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\nfitted on %d rows, scored on %d held-out rows:\n", len(yTrain), len(yTest))
	for _, m := range []struct {
		name string
		est  estimator.Predictor
	}{{"random forest", rf}, {"histogram boosting", hgb}} {
		pred, err := m.est.Predict(XTest)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %-18s test R² %.3f\n", m.name, metrics.R2Score(yTest, pred, nil))
	}

	opt := &inspection.PermutationOptions{NRepeats: 10, Seed: 1}
	rfPerm, err := inspection.PermutationImportance(ctx, rf, XTest, yTest, opt)
	if err != nil {
		return err
	}
	hgbPerm, err := inspection.PermutationImportance(ctx, hgb, XTest, yTest, opt)
	if err != nil {
		return err
	}
	imp := rf.FeatureImportances()
	order := make([]int, p)
	for j := range order {
		order[j] = j
	}
	sort.SliceStable(order, func(a, b int) bool { return imp[order[a]] > imp[order[b]] })

	fmt.Fprintf(w, "\nfeature importances (forest: impurity-based, sums to 1; permutation: drop in test R²,\nmean ± std over 10 shuffles)\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "feature\tforest impurity\tforest permutation\tHGB permutation")
	for _, j := range order {
		fmt.Fprintf(tw, "%s\t%.3f %s\t%.3f ± %.3f\t%.3f ± %.3f\n", ds.FeatureNames[j], imp[j], bar(imp[j]),
			rfPerm.Mean[j], rfPerm.Std[j], hgbPerm.Mean[j], hgbPerm.Std[j])
	}
	return tw.Flush()
}

// bar draws v in [0, 1] as a bar of up to 20 characters, padded to 20.
func bar(v float64) string {
	k := min(max(int(v*20+0.5), 0), 20)
	return strings.Repeat("█", k) + strings.Repeat(" ", 20-k)
}
