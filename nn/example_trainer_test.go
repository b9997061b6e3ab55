package nn_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/nn/augment"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
)

// A resumable training loop over byte images: SGD with momentum and weight decay, a
// one-cycle schedule stepped per batch, augmentation, a checkpoint after every
// epoch, and evaluation through the BatchNorm-fused network.
func ExampleTrainer() {
	train, test := stripes(64, 1), stripes(32, 2) // 3×8×8 images, two classes
	const epochs, batch = 4, 16
	newTrainer := func() *nn.Trainer {
		rng := rand.New(rand.NewPCG(1, 1))
		net := &layer.Sequential{Layers: []layer.Layer{
			layer.NewConv2D(layer.ConvConfig{In: 3, Out: 8, Kernel: 3, Pad: 1, NoBias: true}, rng), layer.NewBatchNorm(8), layer.ReLU{},
			layer.MaxPool2D{Size: 4}, layer.Flatten{}, layer.NewDense(8*2*2, 2, layer.Identity, rng),
		}}
		return &nn.Trainer{
			Net:          net,
			Optimizer:    &optim.SGD{LR: 0.2, Momentum: 0.9, WeightDecay: 5e-4, Nesterov: true},
			Schedule:     &optim.OneCycle{Total: epochs * (64 / batch)},
			StepSchedule: true,
			BatchSize:    batch,
			Augment:      augment.RandomCrop{Pad: 1},
			Preprocess:   augment.Normalize{Mean: []float64{0.5, 0.5, 0.5}, Std: []float64{0.25, 0.25, 0.25}},
			Seed:         1,
		}
	}
	ctx := context.Background()
	tr := newTrainer()
	var checkpoint bytes.Buffer
	for range 2 {
		if _, err := tr.TrainEpoch(ctx, train); err != nil {
			fmt.Println(err)
			return
		}
		checkpoint.Reset()
		if err := tr.SaveCheckpoint(&checkpoint); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Later, in another process: rebuild the same Trainer and resume.
	tr = newTrainer()
	if err := tr.LoadCheckpoint(&checkpoint); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("resuming after epoch", tr.Epoch())
	for tr.Epoch() < epochs {
		if _, err := tr.TrainEpoch(ctx, train); err != nil {
			fmt.Println(err)
			return
		}
	}
	tr.FuseBatchNorm = true
	ev, err := tr.Evaluate(ctx, test)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("test accuracy %.2f\n", ev.Accuracy)
	// Output:
	// resuming after epoch 2
	// test accuracy 1.00
}
