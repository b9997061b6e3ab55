package crossval_test

import (
	"fmt"
	"log"

	"github.com/skgo/skgo/crossval"
)

func ExampleLeaveOneOut() {
	folds, err := crossval.LeaveOneOut{}.Split(4, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range folds {
		fmt.Println("train", f.Train, "test", f.Test)
	}
	// Output:
	// train [1 2 3] test [0]
	// train [0 2 3] test [1]
	// train [0 1 3] test [2]
	// train [0 1 2] test [3]
}

func ExamplePredefinedSplit() {
	// Rows 0 and 3 are always trained on (-1); the others are tested in fold 0 or 1.
	s := crossval.PredefinedSplit{TestFold: []int{-1, 0, 1, -1, 0, 1}}
	folds, err := s.Split(6, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range folds {
		fmt.Println("train", f.Train, "test", f.Test)
	}
	// Output:
	// train [0 2 3 5] test [1 4]
	// train [0 1 3 4] test [2 5]
}

func ExampleRepeatedKFold() {
	folds, err := crossval.RepeatedKFold{K: 2, NRepeats: 2, Seed: 1}.Split(6, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(folds), "folds: K · NRepeats")
	for _, f := range folds {
		fmt.Println("test", f.Test)
	}
	// Output:
	// 4 folds: K · NRepeats
	// test [1 2 3]
	// test [0 4 5]
	// test [0 2 3]
	// test [1 4 5]
}

func ExampleRepeatedStratifiedKFold() {
	y := []float64{0, 0, 0, 1, 1, 1}
	folds, err := crossval.RepeatedStratifiedKFold{K: 3, NRepeats: 2, Seed: 1}.Split(len(y), y)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range folds {
		fmt.Println("test", f.Test, "labels", y[f.Test[0]], y[f.Test[1]])
	}
	// Output:
	// test [0 4] labels 0 1
	// test [1 3] labels 0 1
	// test [2 5] labels 0 1
	// test [2 3] labels 0 1
	// test [0 4] labels 0 1
	// test [1 5] labels 0 1
}

func ExampleShuffleSplit() {
	folds, err := crossval.ShuffleSplit{NSplits: 3, TestSize: 0.25, Seed: 7}.Split(8, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range folds {
		fmt.Println("train", f.Train, "test", f.Test)
	}
	// Output:
	// train [5 1 7 4 0 6] test [2 3]
	// train [5 0 7 6 3 2] test [4 1]
	// train [6 5 7 3 2 1] test [4 0]
}

func ExampleStratifiedShuffleSplit() {
	y := []float64{0, 0, 0, 0, 1, 1, 1, 1}
	folds, err := crossval.StratifiedShuffleSplit{NSplits: 2, TestSize: 0.5, Seed: 3}.Split(len(y), y)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range folds {
		var classes []float64
		for _, r := range f.Test {
			classes = append(classes, y[r])
		}
		fmt.Println("test", f.Test, "classes", classes)
	}
	// Output:
	// test [7 5 3 1] classes [1 1 0 0]
	// test [1 7 0 4] classes [0 1 0 1]
}

func ExampleTrainTestSplit() {
	train, test, err := crossval.TrainTestSplit(10, nil, crossval.TrainTestOptions{TestSize: 0.3, Seed: 42})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("train", train)
	fmt.Println("test", test)
	// Without shuffling, the last rows are the test rows.
	train, test, err = crossval.TrainTestSplit(10, nil, crossval.TrainTestOptions{TestSize: 0.3, NoShuffle: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("train", train, "test", test)
	// Output:
	// train [2 1 5 8 9 3 6]
	// test [0 4 7]
	// train [0 1 2 3 4 5 6] test [7 8 9]
}
