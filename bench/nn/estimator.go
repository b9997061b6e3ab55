package main

import (
	"context"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
)

// mnistDir resolves the MNIST directory: the flag, else $SKGO_MNIST, else the
// repository's shared data (../shared/data/mnist from the checkout, or
// /work/shared/data/mnist).
func mnistDir(flagDir string) string {
	if flagDir != "" {
		return flagDir
	}
	if d := os.Getenv("SKGO_MNIST"); d != "" {
		return d
	}
	for _, d := range []string{"../shared/data/mnist", "shared/data/mnist", "/work/shared/data/mnist"} {
		if _, err := os.Stat(filepath.Join(d, "train-images-idx3-ubyte.gz")); err == nil {
			return d
		}
	}
	log.Fatal("bench/nn: no MNIST directory: pass -data or set SKGO_MNIST")
	return ""
}

// loadMNIST returns the training and test sets with pixels scaled to [0, 1].
func loadMNIST(dir string) (xtr *mat.Dense, ytr []float64, xte *mat.Dense, yte []float64) {
	train, err := datasets.LoadMNIST(dir, true)
	if err != nil {
		log.Fatal(err)
	}
	test, err := datasets.LoadMNIST(dir, false)
	if err != nil {
		log.Fatal(err)
	}
	scale := func(X *mat.Dense) *mat.Dense {
		var out mat.Dense
		out.Scale(1.0/255, X)
		return &out
	}
	return scale(train.X), train.Y, scale(test.X), test.Y
}

// estResult is one timed Fit of one epoch.
type estResult struct {
	fit, epoch time.Duration // Fit's wall time; the epoch's training loop alone (EpochInfo.Elapsed)
	acc        float64       // test accuracy after the epoch
}

// runEstimators trains nn.NetClassifier(layer.LeNet) (batch 100) and
// nn.MLPClassifier 784→256→10 (batch 128), both with Adam 1e-3, for one epoch on
// the 60 000 MNIST training rows, runs times each (seeds 1…runs), and times the
// LeNet's Predict and PredictProba on the 10 000 test images.
func runEstimators(dir, which string, runs int) {
	xtr, ytr, xte, yte := loadMNIST(mnistDir(dir))
	ctx := context.Background()
	type model struct {
		name  string
		make  func(seed uint64, onEpoch func(nn.EpochInfo) error) estimator.Predictor
		lenet bool
	}
	models := []model{
		{name: "LeNet (NetClassifier, batch 100)", lenet: true, make: func(seed uint64, on func(nn.EpochInfo) error) estimator.Predictor {
			return &nn.NetClassifier{
				Build:      func(rng *rand.Rand) layer.Layer { return layer.LeNet(rng) },
				InputShape: []int{1, 28, 28},
				Optimizer:  &optim.Adam{LR: 1e-3},
				Epochs:     1,
				BatchSize:  100,
				Seed:       seed,
				OnEpoch:    on,
			}
		}},
		{name: "MLP 784-256-10 (MLPClassifier, batch 128)", make: func(seed uint64, on func(nn.EpochInfo) error) estimator.Predictor {
			return &nn.MLPClassifier{
				HiddenSizes: []int{256},
				Optimizer:   &optim.Adam{LR: 1e-3},
				MaxIter:     1,
				BatchSize:   128,
				Seed:        seed,
				OnEpoch:     on,
			}
		}},
	}
	for _, m := range models {
		if which != "all" && which != map[bool]string{true: "lenet", false: "mlp"}[m.lenet] {
			continue
		}
		var res []estResult
		var lenet *nn.NetClassifier
		for r := 0; r < runs; r++ {
			var epoch time.Duration
			est := m.make(uint64(r+1), func(e nn.EpochInfo) error { epoch = e.Elapsed; return nil })
			t0 := time.Now()
			if err := est.Fit(ctx, xtr, ytr); err != nil {
				log.Fatal(err)
			}
			fit := time.Since(t0)
			pred, err := est.Predict(xte)
			if err != nil {
				log.Fatal(err)
			}
			res = append(res, estResult{fit: fit, epoch: epoch, acc: metrics.AccuracyScore(yte, pred, nil)})
			if m.lenet {
				lenet = est.(*nn.NetClassifier)
			}
		}
		fits, epochs := make([]time.Duration, runs), make([]time.Duration, runs)
		for i, r := range res {
			fits[i], epochs[i] = r.fit, r.epoch
		}
		fmt.Printf("skgo  %-42s one epoch: Fit %7.3f s  (training loop %7.3f s)  median of %d; test accuracy %.2f%% .. %.2f%%\n",
			m.name, median(fits).Seconds(), median(epochs).Seconds(), runs, 100*minAcc(res), 100*maxAcc(res))
		if lenet != nil {
			inference(lenet, xte, runs)
		}
	}
}

// inference times the fitted LeNet's Predict and PredictProba on the test images.
func inference(m *nn.NetClassifier, x *mat.Dense, runs int) {
	n, _ := x.Dims()
	for _, c := range []struct {
		name string
		f    func() error
	}{
		{"Predict", func() error { _, err := m.Predict(x); return err }},
		{"PredictProba", func() error { _, err := m.PredictProba(x); return err }},
	} {
		if err := c.f(); err != nil { // warm-up
			log.Fatal(err)
		}
		ts := make([]time.Duration, 0, runs)
		for r := 0; r < max(runs, 3); r++ {
			t0 := time.Now()
			if err := c.f(); err != nil {
				log.Fatal(err)
			}
			ts = append(ts, time.Since(t0))
		}
		d := median(ts)
		fmt.Printf("skgo  LeNet inference %-13s %6d images: %7.3f s  %8.0f images/s\n", c.name, n, d.Seconds(), float64(n)/d.Seconds())
	}
}

func minAcc(rs []estResult) float64 {
	v := rs[0].acc
	for _, r := range rs {
		v = min(v, r.acc)
	}
	return v
}

func maxAcc(rs []estResult) float64 {
	v := rs[0].acc
	for _, r := range rs {
		v = max(v, r.acc)
	}
	return v
}
