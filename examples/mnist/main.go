// Command mnist trains a convolutional or fully connected network on MNIST with the
// nn estimators and prints, per epoch, the time, the training loss and the test
// accuracy.
//
//	go run ./examples/mnist                   # LeNet-5, 10 epochs (≥ 99.2% expected)
//	go run ./examples/mnist -model allconv    # Flux's all-convolutional net, 3 epochs
//	go run ./examples/mnist -model mlp        # 784 => 256 => 10, 3 epochs
//	go run ./examples/mnist -plots out        # also write PNG plots into out/
//
// The data come from -data, else $SKGO_MNIST, else the datasets.FetchMNIST cache
// directory (downloaded there on first use). Pixels are scaled to [0, 1]. The
// convolutional models use Adam (LeNet 1e-3, all-conv 3e-3) with the learning rate
// annealed along a half cosine over the epochs (-cosine=false keeps it constant);
// the MLP uses Adam 1e-3. Ctrl-C stops training (the context is cancelled between
// batches).
//
// With -plots DIR it also writes, into DIR, history.png (the training loss and the
// test accuracy per epoch), confusion_matrix.png (the final model on the test set)
// and misclassified_confidence.png (a histogram of the model's largest class
// probability on the test digits it gets wrong).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/nn/optim"
)

func main() {
	dataDir := flag.String("data", os.Getenv("SKGO_MNIST"), "directory with the MNIST IDX files (default $SKGO_MNIST, else the download cache)")
	model := flag.String("model", "lenet", "lenet, allconv or mlp")
	epochs := flag.Int("epochs", 0, "epochs (default: lenet 10, allconv 3, mlp 3)")
	batch := flag.Int("batch", 100, "minibatch size")
	seed := flag.Uint64("seed", 1, "random seed")
	progress := flag.Bool("progress", false, "show a per-batch progress line on stderr")
	cosine := flag.Bool("cosine", true, "anneal the learning rate to 0 along a half cosine over the epochs (lenet, allconv)")
	plotDir := flag.String("plots", "", "directory to write history, confusion-matrix and misclassified-confidence PNG plots into (default: none)")
	flag.Parse()
	log.SetFlags(0)

	plots, err := newPlotRecorder(*plotDir)
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	if *dataDir == "" {
		dir, err := datasets.FetchMNIST(ctx, datasets.FetchOptions{Progress: os.Stderr})
		if err != nil {
			log.Fatal(err)
		}
		*dataDir = dir
	}
	fmt.Printf("MNIST from %s\n", *dataDir)
	train, err := datasets.LoadMNIST(*dataDir, true)
	if err != nil {
		log.Fatal(err)
	}
	test, err := datasets.LoadMNIST(*dataDir, false)
	if err != nil {
		log.Fatal(err)
	}
	scale := func(X *mat.Dense) *mat.Dense { // pixels 0..255 → [0, 1]
		var out mat.Dense
		out.Scale(1.0/255, X)
		return &out
	}
	Xtrain, Xtest := scale(train.X), scale(test.X)

	// Per-epoch report: evaluate the network as it is after each epoch.
	start := time.Now()
	onEpoch := func(e nn.EpochInfo) error {
		pred, err := e.Predict(Xtest)
		if err != nil {
			return err
		}
		acc := metrics.AccuracyScore(test.Y, pred, nil)
		plots.epoch(e, acc)
		fmt.Printf("epoch %2d/%d  %6.1fs  loss %.4f  test accuracy %.2f%%  (total %.0fs)\n",
			e.Epoch, e.Epochs, e.Elapsed.Seconds(), e.Loss, 100*acc, time.Since(start).Seconds())
		return nil
	}
	var prog *os.File
	if *progress {
		prog = os.Stderr
	}

	var est estimator.Predictor
	switch *model {
	case "lenet":
		// Caffe/PyTorch LeNet-5: conv 5×5 1→20, ReLU, max-pool 2; conv 5×5 20→50,
		// ReLU, max-pool 2; dense 800→500 ReLU; dense 500→10. Adam 1e-3.
		c := &nn.CNNClassifier{
			InputShape: [3]int{1, 28, 28},
			Conv:       []nn.ConvSpec{{Filters: 20, Kernel: 5, Pool: 2}, {Filters: 50, Kernel: 5, Pool: 2}},
			Hidden:     []int{500},
			Optimizer:  &optim.Adam{LR: 1e-3},
			Schedule:   schedule(*cosine, orDefault(*epochs, 10)),
			Epochs:     orDefault(*epochs, 10),
			BatchSize:  *batch,
			Seed:       *seed,
			OnEpoch:    onEpoch,
		}
		if prog != nil {
			c.Progress = prog
		}
		est = c
	case "allconv":
		// Flux model zoo conv_mnist: four strided convolutions, global mean pool,
		// dense 32→10.
		c := &nn.CNNClassifier{
			InputShape: [3]int{1, 28, 28},
			Conv: []nn.ConvSpec{
				{Filters: 8, Kernel: 5, Stride: 2, Pad: 2},
				{Filters: 16, Kernel: 3, Stride: 2, Pad: 1},
				{Filters: 32, Kernel: 3, Stride: 2, Pad: 1},
				{Filters: 32, Kernel: 3, Stride: 2, Pad: 1},
			},
			GlobalPool: true,
			Hidden:     []int{},
			Optimizer:  &optim.Adam{LR: 3e-3},
			Schedule:   schedule(*cosine, orDefault(*epochs, 3)),
			Epochs:     orDefault(*epochs, 3),
			BatchSize:  *batch,
			Seed:       *seed,
			OnEpoch:    onEpoch,
		}
		if prog != nil {
			c.Progress = prog
		}
		est = c
	case "mlp":
		m := &nn.MLPClassifier{
			HiddenSizes: []int{256},
			Optimizer:   &optim.Adam{LR: 1e-3},
			MaxIter:     orDefault(*epochs, 3),
			BatchSize:   *batch,
			Seed:        *seed,
			OnEpoch:     onEpoch,
		}
		if prog != nil {
			m.Progress = prog
		}
		est = m
	default:
		log.Fatalf("unknown -model %q (want lenet, allconv or mlp)", *model)
	}

	if err := est.Fit(ctx, Xtrain, train.Y); err != nil {
		log.Fatal(err)
	}
	pred, err := est.Predict(Xtest)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: final test accuracy %.2f%% after %.0fs\n", *model, 100*metrics.AccuracyScore(test.Y, pred, nil), time.Since(start).Seconds())
	paths, err := plots.write(est, Xtest, test.Y, pred)
	for _, p := range paths {
		fmt.Println("wrote", p)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// schedule returns cosine annealing over epochs, or nil (a constant rate).
func schedule(cosine bool, epochs int) optim.Schedule {
	if !cosine {
		return nil
	}
	return &optim.CosineAnnealing{TMax: epochs}
}

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}
