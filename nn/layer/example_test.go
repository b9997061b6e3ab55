package layer_test

import (
	"fmt"
	"log"
	"math/rand/v2"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/tensor"
)

func ExampleSequential() {
	rng := rand.New(rand.NewPCG(1, 2))
	net := &layer.Sequential{Layers: []layer.Layer{
		layer.NewConv2D(layer.ConvConfig{In: 1, Out: 4, Kernel: 3, Pad: 1}, rng),
		layer.ReLU{},
		layer.MaxPool2D{Size: 2},
		layer.Flatten{},
		layer.NewDense(4*4*4, 10, layer.Identity, rng),
	}}
	tp := autograd.Inference()
	out := net.Forward(tp, tp.Input(tensor.New(3, 1, 8, 8))) // a batch of three 1×8×8 images
	fmt.Println(out.Shape())

	// A wrong input size is reported with the failing layer's position.
	_, err := layer.OutputShape(net, []int{1, 6, 6})
	fmt.Println(err)
	// Output:
	// [3 10]
	// layer.OutputShape: tensor.Dense: bad shape [1 36]: layer 4 (Dense 64 => 10): layer.Dense(64 => 10) expects 64 input features, got 36
}

func ExampleDense() {
	d := &layer.Dense{
		W:   autograd.NewParam(tensor.FromSlice([]float32{1, 2, -1, 0}, 2, 2)), // out×in
		B:   autograd.NewParam(tensor.FromSlice([]float32{0.5, 0}, 2)),
		Act: layer.ActReLU,
	}
	tp := autograd.Inference()
	y := d.Forward(tp, tp.Input(tensor.FromSlice([]float32{1, 1, 3, -1}, 2, 2)))
	fmt.Println(d, y.Value.Data())
	// Output: Dense 2 => 2, relu [3.5 0 1.5 0]
}

func ExampleParams() {
	rng := rand.New(rand.NewPCG(1, 2))
	net := &layer.Sequential{Layers: []layer.Layer{
		layer.NewDense(4, 8, layer.ActReLU, rng),
		layer.NewBatchNorm(8),
		layer.NewDense(8, 2, layer.Identity, rng),
	}}
	for _, p := range layer.NamedParams(net) {
		fmt.Println(p.Path, p.Param.Value.Shape())
	}
	for _, b := range layer.Buffers(net) {
		fmt.Println(b.Path, b.Tensor.Shape(), "(buffer)")
	}
	fmt.Println(layer.NumParams(net), "parameters")
	// Output:
	// layers.0.W [8 4]
	// layers.0.B [8]
	// layers.1.Gamma [8]
	// layers.1.Beta [8]
	// layers.2.W [2 8]
	// layers.2.B [2]
	// layers.1.RunMean [8] (buffer)
	// layers.1.RunVar [8] (buffer)
	// 74 parameters
}

func ExampleMarshalWeights() {
	build := func(hidden int, rng *rand.Rand) layer.Layer { // the architecture is code
		return &layer.Sequential{Layers: []layer.Layer{
			layer.NewDense(3, hidden, layer.ActTanh, rng),
			layer.NewDense(hidden, 1, layer.Identity, rng),
		}}
	}
	trained := build(5, rand.New(rand.NewPCG(1, 2)))
	b, err := layer.MarshalWeights(trained) // the weights are data
	if err != nil {
		log.Fatal(err)
	}

	restored := build(5, rand.New(rand.NewPCG(9, 9))) // a skeleton of the same architecture
	if err := layer.UnmarshalWeights(restored, b); err != nil {
		log.Fatal(err)
	}
	fmt.Println(layer.Params(restored)[0].Value.At(0, 0) == layer.Params(trained)[0].Value.At(0, 0))

	err = layer.UnmarshalWeights(build(6, rand.New(rand.NewPCG(9, 9))), b)
	fmt.Println(err)
	// Output:
	// true
	// layer.UnmarshalWeights: layers.0.W saved with shape [5 3], the layer has [6 3]: layer: architecture mismatch
}
