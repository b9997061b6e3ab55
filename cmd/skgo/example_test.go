package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Example fits a classifier on a CSV with string columns (one-hot encoded
// automatically) and a string target, saves it, describes it, and predicts two new
// rows given on standard input with their columns in another order. It runs the
// same code as the skgo binary:
//
//	skgo fit --data testdata/mixed.csv --target label --drop y --model 'standardscaler | logisticregression C=10' -o clf.skgo
//	skgo info clf.skgo
//	skgo predict -m clf.skgo - < new.csv
func Example() {
	dir, _ := os.MkdirTemp("", "skgo-example-")
	defer os.RemoveAll(dir)
	model := filepath.Join(dir, "clf.skgo")
	ctx := context.Background()

	run(ctx, []string{"fit", "--data", "testdata/mixed.csv", "--target", "label", "--drop", "y",
		"--model", "standardscaler | logisticregression C=10", "-o", model}, nil, io.Discard, os.Stdout)

	var info strings.Builder
	run(ctx, []string{"info", model}, nil, &info, os.Stdout)
	fmt.Print(strings.ReplaceAll(info.String(), model, "clf.skgo"))

	fmt.Println()
	newRows := "size,x2,x1,color\nM,1.0,0.5,red\nS,3,-2.0,purple\n"
	code := run(ctx, []string{"predict", "-m", model, "-"}, strings.NewReader(newRows), os.Stdout, os.Stdout)
	fmt.Println("exit code", code)

	code = run(ctx, []string{"cv", "--data", "testdata/mixed.csv", "--model", "standardscalar | logisticregression"}, nil, os.Stdout, os.Stdout)
	fmt.Println("exit code", code)
	// Output:
	// file      clf.skgo
	// model     standardscaler | logisticregression C=10
	// task      classification, target label
	// classes   high, low, mid
	// features  4: x1, color, x2, size
	// one-hot   color, size
	//
	// pipeline steps:
	//   columns         preprocess.ColumnTransformer{Columns: [preprocess.ColumnStep{Name: "num", Est: estimator.Passthrough, Columns: ["x1" "x2"]} preprocess.ColumnStep{Name: "onehot", Est: preprocess.OneHotEncoder{HandleUnknown: "ignore"}, Columns: ["color" "size"]}]}
	//   standardscaler  preprocess.StandardScaler{}
	//   logistic        linear.Logistic{C: 10}
	//
	// label
	// high
	// low
	// exit code 0
	// skgo: unknown model "standardscalar" (did you mean standardscaler?)
	// exit code 2
}
