package nn_test

import (
	"context"
	"fmt"
	"log"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// digitsSplit returns Digits (pixels 0..16) split into train and test rows.
func digitsSplit() (Xtr, Xte mat.Matrix, ytr, yte []float64) {
	ds := datasets.Digits()
	tr, te, err := crossval.TrainTestSplit(len(ds.Y), ds.Y, crossval.TrainTestOptions{TestSize: 0.25, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	return estimator.Rows(ds.X, tr), estimator.Rows(ds.X, te), estimator.Select(ds.Y, tr), estimator.Select(ds.Y, te)
}

func ExampleCNNClassifier() {
	Xtr, Xte, ytr, yte := digitsSplit()
	model := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.MinMaxScaler{}},
		pipeline.Step{Name: "cnn", Est: &nn.CNNClassifier{
			InputShape: [3]int{1, 8, 8}, // channels, height, width of each row
			Conv:       []nn.ConvSpec{{Filters: 16, Kernel: 3, Pad: 1, Pool: 2}},
			Hidden:     []int{64},
			Dropout:    0.1,
			Epochs:     10,
			Optimizer:  &optim.Adam{LR: 1e-3},
			Seed:       1,
		}},
	)
	// Hyperparameters are searchable by path, like any estimator's.
	if err := estimator.SetParams(model, estimator.Params{"cnn.Optimizer.LR": 2e-3}); err != nil {
		log.Fatal(err)
	}
	if err := model.Fit(context.Background(), Xtr, ytr); err != nil {
		log.Fatal(err)
	}
	pred, err := model.Predict(Xte)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("test accuracy > 0.95: %v\n", metrics.AccuracyScore(yte, pred, nil) > 0.95)
	// Output: test accuracy > 0.95: true
}

func ExampleMLPClassifier() {
	Xtr, Xte, ytr, yte := digitsSplit()
	model := pipeline.Make(&preprocess.StandardScaler{}, &nn.MLPClassifier{
		HiddenSizes: []int{64},
		Alpha:       1e-4, // scikit-learn's default; zero means no penalty
		MaxIter:     50,
		Seed:        1,
	})
	if err := model.Fit(context.Background(), Xtr, ytr); err != nil {
		log.Fatal(err)
	}
	pred, err := model.Predict(Xte)
	if err != nil {
		log.Fatal(err)
	}
	mlp := model.Step("mlpclassifier").(*nn.MLPClassifier)
	fmt.Println("classes:", mlp.Classes())
	fmt.Println("epochs run == len(loss curve):", mlp.NIter() == len(mlp.LossCurve()))
	fmt.Printf("test accuracy > 0.95: %v\n", metrics.AccuracyScore(yte, pred, nil) > 0.95)
	// Output:
	// classes: [0 1 2 3 4 5 6 7 8 9]
	// epochs run == len(loss curve): true
	// test accuracy > 0.95: true
}

func ExampleMLPRegressor() {
	ds := datasets.Diabetes()
	model := pipeline.Make(&preprocess.StandardScaler{}, &nn.MLPRegressor{
		HiddenSizes: []int{16},
		Optimizer:   &optim.Adam{LR: 0.01},
		MaxIter:     300,
		Seed:        1,
	})
	r2, err := crossval.Score(context.Background(), model, ds.X, ds.Y, crossval.KFold{K: 3}, metrics.R2)
	if err != nil {
		log.Fatal(err)
	}
	mean := (r2[0] + r2[1] + r2[2]) / 3
	fmt.Printf("3 folds, mean R² > 0.3: %v\n", mean > 0.3)
	// Output: 3 folds, mean R² > 0.3: true
}

func ExampleNetClassifier() {
	ds := datasets.Iris()
	clf := &nn.NetClassifier{
		// Architecture is code: Build is called by Fit, and by Load to make the
		// skeleton the saved weights go into.
		Build: func(rng *rand.Rand) layer.Layer {
			return &layer.Sequential{Layers: []layer.Layer{
				layer.NewDense(4, 16, layer.ActReLU, rng),
				layer.NewDense(16, 3, layer.Identity, rng), // logits
			}}
		},
		Epochs:    100,
		BatchSize: 16,
		Optimizer: &optim.Adam{LR: 0.01},
		Seed:      1,
	}
	if err := clf.Fit(context.Background(), ds.X, ds.Y); err != nil {
		log.Fatal(err)
	}
	pred, err := clf.Predict(ds.X)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("training accuracy > 0.95: %v, %d parameters\n",
		metrics.AccuracyScore(ds.Y, pred, nil) > 0.95, layer.NumParams(clf.Net()))
	// Output: training accuracy > 0.95: true, 131 parameters
}

func ExampleNetRegressor() {
	// y = 2·x − 1 on [−1, 1], learned by a linear layer with the Huber loss.
	X := mat.NewDense(21, 1, nil)
	y := make([]float64, 21)
	for i := range y {
		x := -1 + float64(i)/10
		X.Set(i, 0, x)
		y[i] = 2*x - 1
	}
	reg := &nn.NetRegressor{
		Build:     func(rng *rand.Rand) layer.Layer { return layer.NewDense(1, 1, layer.Identity, rng) },
		Loss:      nn.LossHuber,
		Epochs:    300,
		Optimizer: &optim.Adam{LR: 0.05},
	}
	if err := reg.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	pred, err := reg.Predict(mat.NewDense(1, 1, []float64{0.5}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("f(0.5) = %.2f\n", pred[0])
	// Output: f(0.5) = 0.00
}

func ExampleEpochInfo() {
	Xtr, Xte, ytr, yte := digitsSplit()
	clf := &nn.MLPClassifier{
		HiddenSizes: []int{32},
		MaxIter:     100,
		Seed:        1,
		OnEpoch: func(e nn.EpochInfo) error {
			pred, err := e.Predict(Xte) // the network as it is after this epoch
			if err != nil {
				return err
			}
			if metrics.AccuracyScore(yte, pred, nil) > 0.9 {
				return nn.ErrStopTraining // good enough: keep these weights
			}
			return nil
		},
	}
	if err := clf.Fit(context.Background(), Xtr, ytr); err != nil {
		log.Fatal(err)
	}
	fmt.Println("stopped early:", clf.NIter() < 100)
	// Output: stopped early: true
}
