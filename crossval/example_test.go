package crossval_test

import (
	"context"
	"fmt"
	"log"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
)

// line is a tiny estimator for the examples: simple least squares y ≈ A + B·x on the
// first column of X.
type line struct {
	fit *[2]float64 // intercept, slope; nil until Fit
}

func (l *line) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return err
	}
	n, _ := x.Dims()
	var mx, my float64
	for i := range n {
		mx += x.At(i, 0) / float64(n)
		my += y[i] / float64(n)
	}
	var sxy, sxx float64
	for i := range n {
		sxy += (x.At(i, 0) - mx) * (y[i] - my)
		sxx += (x.At(i, 0) - mx) * (x.At(i, 0) - mx)
	}
	b := sxy / sxx
	l.fit = &[2]float64{my - b*mx, b}
	return nil
}

func (l *line) Predict(X mat.Matrix) ([]float64, error) {
	if l.fit == nil {
		return nil, estimator.ErrNotFitted
	}
	n, _ := X.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = l.fit[0] + l.fit[1]*X.At(i, 0)
	}
	return out, nil
}

// data returns 20 rows of y = 3 + 2x plus a deterministic wiggle.
func data() (*mat.Dense, []float64) {
	X := mat.NewDense(20, 1, nil)
	y := make([]float64, 20)
	for i := range y {
		x := float64(i) / 2
		X.Set(i, 0, x)
		y[i] = 3 + 2*x + math.Sin(float64(7*i))
	}
	return X, y
}

func ExampleKFold() {
	folds, err := crossval.KFold{K: 3}.Split(7, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range folds {
		fmt.Println("train", f.Train, "test", f.Test)
	}
	// Output:
	// train [3 4 5 6] test [0 1 2]
	// train [0 1 2 5 6] test [3 4]
	// train [0 1 2 3 4] test [5 6]
}

func ExampleStratifiedKFold() {
	y := []float64{1, 1, 1, 1, 0, 0, 1, 1, 0}
	folds, err := crossval.StratifiedKFold{K: 3}.Split(len(y), y)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range folds {
		fmt.Println("test", f.Test)
	}
	// Output:
	// test [0 1 4]
	// test [2 3 5]
	// test [6 7 8]
}

func ExampleGroupKFold() {
	groups := []int{0, 0, 0, 1, 1, 2, 2, 2, 2, 3}
	folds, err := crossval.GroupKFold{K: 2, Groups: groups}.Split(len(groups), nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range folds {
		fmt.Println("test", f.Test)
	}
	// Output:
	// test [5 6 7 8 9]
	// test [0 1 2 3 4]
}

func ExampleTimeSeriesSplit() {
	folds, err := crossval.TimeSeriesSplit{NSplits: 3, TestSize: 2, Gap: 1}.Split(10, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range folds {
		fmt.Println("train", f.Train, "test", f.Test)
	}
	// Output:
	// train [0 1 2] test [4 5]
	// train [0 1 2 3 4] test [6 7]
	// train [0 1 2 3 4 5 6] test [8 9]
}

func ExampleTrainTestSplitXy() {
	X, y := data()
	Xtr, Xte, ytr, yte, err := crossval.TrainTestSplitXy(X, y, crossval.TrainTestOptions{TestSize: 0.25, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	rtr, _ := Xtr.Dims()
	rte, _ := Xte.Dims()
	fmt.Println(rtr, len(ytr), rte, len(yte))
	// Output: 15 15 5 5
}

// Score is scikit-learn's cross_val_score; these numbers equal
// cross_val_score(LinearRegression(), X, y, cv=KFold(4), scoring="neg_mean_squared_error").
func ExampleScore() {
	X, y := data()
	scores, err := crossval.Score(context.Background(), &line{}, X, y, crossval.KFold{K: 4}, metrics.NegMSE)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range scores {
		fmt.Printf("%.4f\n", s)
	}
	// Output:
	// -1.2352
	// -1.0289
	// -0.6002
	// -0.5700
}

func ExampleCrossValidate() {
	X, y := data()
	res, err := crossval.CrossValidate(context.Background(), &line{}, X, y, &crossval.Options{
		CV:               crossval.KFold{K: 5, Shuffle: true, Seed: 1},
		Scorers:          []metrics.Scorer{metrics.R2, metrics.NegMSE},
		ReturnTrainScore: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Names, len(res.FitTime))
	fmt.Printf("r2: mean %.4f, std %.4f\n", res.Mean("r2"), res.Std("r2"))
	fmt.Printf("train r2 fold 0: %.4f\n", res.TrainScores("r2")[0])
	// Output:
	// [r2 neg_mean_squared_error] 5
	// r2: mean 0.9645, std 0.0267
	// train r2 fold 0: 0.9867
}

func ExampleCrossValPredict() {
	X, y := data()
	pred, err := crossval.CrossValPredict(context.Background(), &line{}, X, y, crossval.KFold{K: 5}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.4f %.4f\n", y[0], pred[0])
	// Output: 3.0000 2.6387
}
