package augment_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/skgo/skgo/nn/augment"
	"github.com/skgo/skgo/nn/tensor"
)

// The CIFAR-10 training augmentation of the usual recipes: shift by up to 4 pixels,
// flip half the images, normalise each channel.
func Example() {
	train := augment.Compose{
		augment.RandomCrop{Pad: 4},
		augment.HorizontalFlip{},
		augment.Normalize{Mean: []float64{0.4914, 0.4822, 0.4465}, Std: []float64{0.2470, 0.2435, 0.2616}},
	}
	x := tensor.New(2, 3, 32, 32) // a batch of two black images
	if err := train.Apply(x, rand.New(rand.NewPCG(1, 2))); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n", x.At(0, 0, 0, 0))
	// Output: -1.9895
}
