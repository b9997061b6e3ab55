// Command dataframe reads a CSV of used-car listings with gota (numeric and string
// columns, missing cells), sends it through a ColumnTransformer — numeric columns
// imputed with the median and standardised, string columns imputed with the most
// frequent value and one-hot encoded — into a ridge regression of the log price,
// cross-validates the whole pipeline with 5 shuffled folds (the folds stay Frames),
// and prints the output feature names and the largest coefficients.
//
//	go run ./examples/dataframe [-csv examples/dataframe/testdata/cars.csv]
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

func main() {
	log.SetFlags(0)
	path := flag.String("csv", "examples/dataframe/testdata/cars.csv", "listings CSV (header row; price_eur is the target)")
	flag.Parse()
	f, err := os.Open(*path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := run(context.Background(), f, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// newModel builds the pipeline; training and serving code would share it.
func newModel() *pipeline.Pipeline {
	prep := &preprocess.ColumnTransformer{Columns: []preprocess.ColumnStep{
		{Name: "num", Columns: []string{"year", "mileage_km", "engine_l", "owners"}, Est: pipeline.Make(
			&preprocess.SimpleImputer{Strategy: preprocess.StrategyMedian},
			&preprocess.StandardScaler{},
		)},
		{Name: "cat", Columns: []string{"make", "fuel", "transmission"}, Est: pipeline.Make(
			&preprocess.SimpleImputer{Strategy: preprocess.StrategyMostFrequent},
			&preprocess.OneHotEncoder{HandleUnknown: preprocess.UnknownIgnore},
		)},
	}}
	return pipeline.New(
		pipeline.Step{Name: "prep", Est: prep},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{Alpha: 1}},
	)
}

func run(ctx context.Context, csv io.Reader, w io.Writer) error {
	df := dataframe.ReadCSV(csv) // gota infers int, float and string columns; empty cells are NA
	if df.Err != nil {
		return fmt.Errorf("reading CSV: %w", df.Err)
	}
	n, p := df.Dims()
	fmt.Fprintf(w, "%d listings × %d columns: %s\n", n, p, strings.Join(df.Names(), ", "))
	for _, name := range df.Names() {
		if na := countNA(df, name); na > 0 {
			fmt.Fprintf(w, "  %-13s %3d missing\n", name, na)
		}
	}

	// Predict log(price): prices are skewed and errors are relative.
	price := df.Col("price_eur").Float()
	y := make([]float64, len(price))
	for i, v := range price {
		y[i] = math.Log(v)
	}
	X, err := preprocess.NewFrame(df.Drop("price_eur"))
	if err != nil {
		return err
	}

	model := newModel()
	res, err := crossval.CrossValidate(ctx, model, X, y, &crossval.Options{
		CV:      crossval.KFold{K: 5, Shuffle: true, Seed: 7},
		Scorers: []metrics.Scorer{metrics.R2, metrics.NegMAE},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nColumnTransformer → Ridge on log(price), 5-fold CV (shuffled, Seed 7)\n")
	for i, r2 := range res.TestScores("r2") {
		mae := -res.TestScores("neg_mean_absolute_error")[i]
		fmt.Fprintf(w, "  fold %d: R² %.3f   MAE of log price %.3f (≈ %.1f%% price error)\n", i+1, r2, mae, 100*(math.Exp(mae)-1))
	}
	fmt.Fprintf(w, "  mean:   R² %.3f ± %.3f\n", res.Mean("r2"), res.Std("r2"))

	if err := model.Fit(ctx, X, y); err != nil {
		return err
	}
	prep := model.Step("prep").(*preprocess.ColumnTransformer)
	names := prep.FeatureNamesOut(nil)
	coef := model.Step("ridge").(*linear.Ridge).Coef()
	fmt.Fprintf(w, "\n%d output features: %s\n", len(names), strings.Join(names, " "))
	idx := make([]int, len(coef))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(math.Abs(coef[b]), math.Abs(coef[a])) })
	fmt.Fprintf(w, "\nlargest effects on log(price):\n")
	for _, j := range idx[:min(6, len(idx))] {
		fmt.Fprintf(w, "  %-28s %+.3f\n", names[j], coef[j])
	}
	return nil
}

// countNA counts missing cells: gota's NA, and empty strings, which preprocess.Frame
// also treats as missing.
func countNA(df dataframe.DataFrame, name string) int {
	col := df.Col(name)
	records := col.Records()
	var na int
	for i, isNA := range col.IsNaN() {
		if isNA || (col.Type() == series.String && records[i] == "") {
			na++
		}
	}
	return na
}
