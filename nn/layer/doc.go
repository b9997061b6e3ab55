// Package layer holds skgo's neural-network building blocks: plain structs with
// exported parameter fields (*autograd.Param) and exported configuration fields, in the
// style of Flux.jl and spago. A layer is anything with a Forward method:
//
//	type Layer interface {
//		Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var
//	}
//
// Layers compose with [Sequential] (Flux's Chain, PyTorch's nn.Sequential) and
// [Residual] (out = act(Body(x) + Shortcut(x))). Parameters are found by a reflection
// walk over exported fields ([Params], [NamedParams]); non-trainable state such as
// BatchNorm running statistics is found by [Buffers]. Both have stable dotted paths
// ("layers.0.W", "layers.2.RunMean", "layers.4.body.layers.1.Gamma") that
// [MarshalWeights] and [UnmarshalWeights] use as keys: the architecture is code, the
// weights are data.
//
// # PyTorch equivalents
//
//	PyTorch                       skgo
//	nn.Linear(in, out)            layer.NewDense(in, out, act, rng)      W is out×in
//	nn.Conv2d(c, o, k, s, p, d)   layer.NewConv2D(layer.ConvConfig{...}, rng)
//	nn.MaxPool2d / AvgPool2d      layer.MaxPool2D{Size, Stride, Pad} / AvgPool2D
//	nn.AdaptiveAvgPool2d(1)+flat  layer.GlobalMeanPool{}
//	nn.Flatten()                  layer.Flatten{}
//	nn.Dropout(p)                 layer.Dropout{P}
//	nn.BatchNorm1d/2d(f)          layer.NewBatchNorm(f)                  by input rank
//	nn.Embedding(v, d)            layer.NewEmbedding(v, d, rng)
//	nn.ReLU, nn.GELU, ...         layer.ReLU{}, layer.GELU{}, ...
//	nn.Sequential                 layer.Sequential{Layers}
//	model.named_parameters()      layer.NamedParams(l)
//	model.named_buffers()         layer.Buffers(l)
//	model.state_dict()            layer.MarshalWeights(l)
//
// Constructors use PyTorch's default initialisation (kaiming_uniform with a = √5, i.e.
// U(−1/√fan_in, 1/√fan_in), for weights and biases of Dense and Conv2D; N(0, 1) for
// Embedding; ones and zeros for BatchNorm), drawn from an explicit *rand.Rand. The
// initialisers [GlorotUniform], [GlorotNormal], [HeUniform], [HeNormal], [Zeros],
// [Uniform], [Normal], [Constant] and [TorchDefault] re-initialise a tensor explicitly
// ([InitParam] computes the fans from the shape).
//
// # Errors
//
// Shape misuse is a programmer error: Forward panics with a *tensor.ShapeError whose
// message names the layer, like Flux's _size_check ("layer.Dense(64 => 10) expects 64
// input features, got 128"). [Sequential] and [Residual] re-panic it with the position
// of the failing layer ("layer 3 (Dense 64 => 10): ..."). nn estimators recover
// *tensor.ShapeError at their boundary; [OutputShape] does the same and returns an
// error, so an architecture can be validated before training.
//
// # Model zoo
//
// [LeNet], [FluxMNISTConv], [VGG16] and [ResNet18] build well-known architectures;
// their parameter counts equal PyTorch's (testdata/gen_torch.py).
package layer
