package layer

import (
	"math/rand/v2"

	"github.com/skgo/skgo/nn/autograd"
)

// convBNReLU is the speed-run networks' unit: a 3×3 convolution (pad 1, no bias),
// BatchNorm and ReLU.
func convBNReLU(in, out int, rng *rand.Rand) []Layer {
	return []Layer{NewConv2D(ConvConfig{In: in, Out: out, Kernel: 3, Pad: 1, NoBias: true}, rng), NewBatchNorm(out), ReLU{}}
}

// FastResNet returns the ResNet-9 of the CIFAR-10 speed runs (David Page's
// DAWNBench entry, "How to train your ResNet", 2018, the ancestor of the later
// airbench networks) for 3×32×32 input, with base width w (64 in the original,
// 6.57 million parameters; w = 32 has a quarter of its multiply-adds):
//
//	prep:   Conv 3×3 3 => w, BatchNorm, ReLU                       (32×32)
//	layer1: Conv 3×3 w => 2w, BatchNorm, ReLU, MaxPool 2           (16×16)
//	        + Residual(2 × [Conv 3×3 2w => 2w, BatchNorm, ReLU])   (identity, no activation after the sum)
//	layer2: Conv 3×3 2w => 4w, BatchNorm, ReLU, MaxPool 2          (8×8)
//	layer3: Conv 3×3 4w => 8w, BatchNorm, ReLU, MaxPool 2          (4×4)
//	        + Residual(2 × [Conv 3×3 8w => 8w, BatchNorm, ReLU])
//	head:   MaxPool 4, Flatten, Dense 8w => numClasses, × 0.125
//
// The convolutions have no bias. The original's classifier has no bias either; this
// one has (a Dense always does), which changes nothing in practice. The final
// scaling by 1/8 ("Mul(0.125)") is a Lambda. The speed runs train it with SGD
// (Nesterov momentum 0.9, weight decay 5e-4 × batch size), label smoothing 0.2 and
// a linear one-cycle schedule, reaching 94% test accuracy in 10–24 epochs; with
// this package, examples/cifar's 10-epoch recipe reached 92.27% (measured).
func FastResNet(w, numClasses int, rng *rand.Rand) *Sequential {
	seq := func(ls ...[]Layer) *Sequential {
		var all []Layer
		for _, l := range ls {
			all = append(all, l...)
		}
		return &Sequential{Layers: all}
	}
	res := func(c int) *Residual {
		return &Residual{Body: seq(convBNReLU(c, c, rng), convBNReLU(c, c, rng))}
	}
	ls := convBNReLU(3, w, rng)
	ls = append(ls, convBNReLU(w, 2*w, rng)...)
	ls = append(ls, MaxPool2D{Size: 2}, res(2*w))
	ls = append(ls, convBNReLU(2*w, 4*w, rng)...)
	ls = append(ls, MaxPool2D{Size: 2})
	ls = append(ls, convBNReLU(4*w, 8*w, rng)...)
	ls = append(ls, MaxPool2D{Size: 2}, res(8*w))
	ls = append(ls, MaxPool2D{Size: 4}, Flatten{}, NewDense(8*w, numClasses, Identity, rng),
		Lambda{Name: "Scale(0.125)", Fn: func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.Scale(0.125, x) }})
	return &Sequential{Layers: ls}
}
