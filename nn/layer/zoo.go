package layer

import "math/rand/v2"

// LeNet returns the Caffe LeNet for 1×28×28 input (MNIST), as in the Caffe and
// PyTorch MNIST examples:
//
//	Conv 5×5 1 => 20, ReLU, MaxPool 2
//	Conv 5×5 20 => 50, ReLU, MaxPool 2
//	Flatten (50·4·4 = 800)
//	Dense 800 => 500, ReLU
//	Dense 500 => 10 (logits)
//
// It has 431,080 parameters (equal to the PyTorch model in testdata/gen_torch.py).
func LeNet(rng *rand.Rand) *Sequential {
	return &Sequential{Layers: []Layer{
		NewConv2D(ConvConfig{In: 1, Out: 20, Kernel: 5}, rng), ReLU{}, MaxPool2D{Size: 2},
		NewConv2D(ConvConfig{In: 20, Out: 50, Kernel: 5}, rng), ReLU{}, MaxPool2D{Size: 2},
		Flatten{},
		NewDense(800, 500, ActReLU, rng),
		NewDense(500, 10, Identity, rng),
	}}
}

// FluxMNISTConv returns the convolutional MNIST classifier of Flux's model zoo
// (conv_mnist), for 1×28×28 input:
//
//	Conv 5×5 1 => 8, stride 2, pad 2, ReLU    (14×14)
//	Conv 3×3 8 => 16, stride 2, pad 1, ReLU   (7×7)
//	Conv 3×3 16 => 32, stride 2, pad 1, ReLU  (4×4)
//	Conv 3×3 32 => 32, stride 2, pad 1, ReLU  (2×2)
//	GlobalMeanPool, Dense 32 => 10 (logits)
//
// It has 15,594 parameters (equal to PyTorch's).
func FluxMNISTConv(rng *rand.Rand) *Sequential {
	return &Sequential{Layers: []Layer{
		NewConv2D(ConvConfig{In: 1, Out: 8, Kernel: 5, Stride: 2, Pad: 2}, rng), ReLU{},
		NewConv2D(ConvConfig{In: 8, Out: 16, Kernel: 3, Stride: 2, Pad: 1}, rng), ReLU{},
		NewConv2D(ConvConfig{In: 16, Out: 32, Kernel: 3, Stride: 2, Pad: 1}, rng), ReLU{},
		NewConv2D(ConvConfig{In: 32, Out: 32, Kernel: 3, Stride: 2, Pad: 1}, rng), ReLU{},
		GlobalMeanPool{},
		NewDense(32, 10, Identity, rng),
	}}
}

// vgg16Config is torchvision's configuration "D" (numbers are 3×3 convolutions with
// that many output channels, 0 is a 2×2 max-pool).
var vgg16Config = []int{64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0}

// VGG16 returns the CIFAR-10 VGG16 of kuangliu/pytorch-cifar (models/vgg.py,
// VGG('VGG16')) for 3×32×32 input: torchvision's configuration "D" (13 convolutions)
// where each 3×3 convolution (pad 1, with bias) is followed by BatchNorm and ReLU and
// each of the five stages ends with a 2×2 max-pool, leaving 512×1×1; then Flatten and a
// single Dense 512 => numClasses. (That model's trailing AvgPool2d(1, 1) is the
// identity and is omitted.) With 10 classes it has 14,728,266 parameters and 8,448
// buffer values (the BatchNorm running statistics), equal to PyTorch's.
//
// Layer indices: the convolution of stage s, position j sits where PyTorch's
// features[...] has it, so "layers.0.W" is features.0.weight, "layers.1.Gamma" is
// features.1.weight, and the classifier is the last layer.
func VGG16(numClasses int, rng *rand.Rand) *Sequential {
	var ls []Layer
	in := 3
	for _, c := range vgg16Config {
		if c == 0 {
			ls = append(ls, MaxPool2D{Size: 2})
			continue
		}
		ls = append(ls, NewConv2D(ConvConfig{In: in, Out: c, Kernel: 3, Pad: 1}, rng), NewBatchNorm(c), ReLU{})
		in = c
	}
	ls = append(ls, Flatten{}, NewDense(512, numClasses, Identity, rng))
	return &Sequential{Layers: ls}
}

// BasicBlock returns ResNet's basic residual block (He et al. 2016; torchvision's
// and kuangliu/pytorch-cifar's BasicBlock):
//
//	body:     Conv 3×3 in => out (stride, pad 1, no bias), BatchNorm, ReLU,
//	          Conv 3×3 out => out (pad 1, no bias), BatchNorm
//	shortcut: identity, or Conv 1×1 in => out (stride, no bias), BatchNorm when the
//	          stride is not 1 or the channel count changes
//	out = ReLU(body(x) + shortcut(x))
func BasicBlock(in, out, stride int, rng *rand.Rand) *Residual {
	body := &Sequential{Layers: []Layer{
		NewConv2D(ConvConfig{In: in, Out: out, Kernel: 3, Stride: stride, Pad: 1, NoBias: true}, rng),
		NewBatchNorm(out), ReLU{},
		NewConv2D(ConvConfig{In: out, Out: out, Kernel: 3, Pad: 1, NoBias: true}, rng),
		NewBatchNorm(out),
	}}
	r := &Residual{Body: body, Act: ActReLU}
	if stride != 1 || in != out {
		r.Shortcut = &Sequential{Layers: []Layer{
			NewConv2D(ConvConfig{In: in, Out: out, Kernel: 1, Stride: stride, NoBias: true}, rng),
			NewBatchNorm(out),
		}}
	}
	return r
}

// ResNet18 returns the CIFAR-10 ResNet-18 of kuangliu/pytorch-cifar
// (models/resnet.py, ResNet18()) for 3×32×32 input: a 3×3 convolution stem 3 => 64
// (pad 1, no bias) with BatchNorm and ReLU and no max-pool; four stages of two
// [BasicBlock]s with 64, 128, 256 and 512 channels (stride 1, 2, 2, 2; 1×1
// convolution shortcuts where the shape changes); global average pooling (that
// model's avg_pool2d(4) on the final 4×4 map); Dense 512 => numClasses. With 10
// classes it has 11,173,962 parameters, equal to PyTorch's.
func ResNet18(numClasses int, rng *rand.Rand) *Sequential {
	ls := []Layer{
		NewConv2D(ConvConfig{In: 3, Out: 64, Kernel: 3, Pad: 1, NoBias: true}, rng),
		NewBatchNorm(64), ReLU{},
	}
	in := 64
	for i, c := range []int{64, 128, 256, 512} {
		stride := 2
		if i == 0 {
			stride = 1
		}
		ls = append(ls, BasicBlock(in, c, stride, rng), BasicBlock(c, c, 1, rng))
		in = c
	}
	ls = append(ls, GlobalMeanPool{}, NewDense(512, numClasses, Identity, rng))
	return &Sequential{Layers: ls}
}
