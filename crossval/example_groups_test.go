package crossval_test

import (
	"fmt"

	"github.com/skgo/skgo/crossval"
)

// Rows of one patient never appear on both sides: each fold holds out one group.
func ExampleLeaveOneGroupOut() {
	patients := []int{7, 7, 3, 3, 3, 9}
	folds, _ := crossval.LeaveOneGroupOut{Groups: patients}.Split(len(patients), nil)
	for _, f := range folds {
		fmt.Println("train", f.Train, "test", f.Test)
	}
	// Output:
	// train [0 1 5] test [2 3 4]
	// train [2 3 4 5] test [0 1]
	// train [0 1 2 3 4] test [5]
}

// StratifiedGroupKFold keeps groups whole and the class shares of every fold close to
// those of y. The folds are scikit-learn 1.2.1's.
func ExampleStratifiedGroupKFold() {
	groups := []int{1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6}
	y := []float64{0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1}
	folds, _ := crossval.StratifiedGroupKFold{K: 3, Groups: groups}.Split(len(y), y)
	for _, f := range folds {
		fmt.Println("test", f.Test)
	}
	// Output:
	// test [0 1 8 9]
	// test [2 3 4 5]
	// test [6 7 10 11]
}
