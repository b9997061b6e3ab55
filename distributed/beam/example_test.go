package beam_test

import (
	"context"
	"fmt"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/distributed/beam"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/tuning"
)

func init() {
	// Workers build this skeleton and load each candidate's model file into it.
	if err := beam.Register("example-ridge", func() estimator.Estimator { return &linear.Ridge{} }); err != nil {
		panic(err)
	}
}

// A grid search whose (candidate × fold) jobs run on the embedded Prism runner; the
// program's main must call beam.Init() after flag.Parse (TestMain does it here).
func ExampleExecutor() {
	ds := datasets.Diabetes()
	s := &tuning.Search{
		Estimator: &linear.Ridge{},
		Space:     tuning.Grid{{Param: "Alpha", Values: tuning.Values(0.01, 0.1, 1.0, 10.0)}},
		CV:        crossval.KFold{K: 5},
		Executor:  &beam.Executor{Model: "example-ridge"},
	}
	if err := s.Fit(context.Background(), ds.X, ds.Y); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("best %v: mean R² %.4f over %d folds\n", s.BestParams(), s.BestScore(), s.NSplits())
	// Output: best {Alpha: 0.01}: mean R² 0.4814 over 5 folds
}
