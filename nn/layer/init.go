package layer

import (
	"math"
	"math/rand/v2"

	"github.com/skgo/skgo/nn/tensor"
)

// Init fills t with initial values given the fan-in and fan-out of the layer that owns
// it (see [Fans]), drawing from rng (PyTorch's torch.nn.init functions, Flux's
// glorot_uniform etc.). Inits never keep rng.
type Init func(t *tensor.Dense, fanIn, fanOut int, rng *rand.Rand)

// Fans returns the fan-in and fan-out of a weight of the given shape, as PyTorch's
// _calculate_fan_in_and_fan_out: for out×in it is (in, out); for O×C×KH×KW it is
// (C·KH·KW, O·KH·KW); for a vector it is (n, n).
func Fans(shape []int) (fanIn, fanOut int) {
	switch len(shape) {
	case 0:
		return 1, 1
	case 1:
		return shape[0], shape[0]
	}
	rf := 1
	for _, d := range shape[2:] {
		rf *= d
	}
	return shape[1] * rf, shape[0] * rf
}

func fillUniform(t *tensor.Dense, bound float64, rng *rand.Rand) {
	for i := range t.Data() {
		t.Data()[i] = float32((2*rng.Float64() - 1) * bound)
	}
}

func fillNormal(t *tensor.Dense, std float64, rng *rand.Rand) {
	for i := range t.Data() {
		t.Data()[i] = float32(rng.NormFloat64() * std)
	}
}

// GlorotUniform draws from U(−a, a) with a = √(6/(fanIn+fanOut)) (Xavier uniform,
// torch.nn.init.xavier_uniform_, Flux's glorot_uniform, Keras' default).
func GlorotUniform(t *tensor.Dense, fanIn, fanOut int, rng *rand.Rand) {
	fillUniform(t, math.Sqrt(6/float64(fanIn+fanOut)), rng)
}

// GlorotNormal draws from N(0, σ²) with σ = √(2/(fanIn+fanOut))
// (torch.nn.init.xavier_normal_).
func GlorotNormal(t *tensor.Dense, fanIn, fanOut int, rng *rand.Rand) {
	fillNormal(t, math.Sqrt(2/float64(fanIn+fanOut)), rng)
}

// HeUniform draws from U(−a, a) with a = √(6/fanIn): Kaiming uniform with the ReLU
// gain √2 and mode fan_in (torch.nn.init.kaiming_uniform_(nonlinearity='relu')).
func HeUniform(t *tensor.Dense, fanIn, fanOut int, rng *rand.Rand) {
	fillUniform(t, math.Sqrt(6/float64(fanIn)), rng)
}

// HeNormal draws from N(0, σ²) with σ = √(2/fanIn): Kaiming normal with the ReLU gain
// and mode fan_in (torch.nn.init.kaiming_normal_(nonlinearity='relu')).
func HeNormal(t *tensor.Dense, fanIn, fanOut int, rng *rand.Rand) {
	fillNormal(t, math.Sqrt(2/float64(fanIn)), rng)
}

// TorchDefault draws from U(−1/√fanIn, 1/√fanIn): PyTorch's default for nn.Linear and
// nn.Conv2d weights (kaiming_uniform_ with a = √5) and biases.
func TorchDefault(t *tensor.Dense, fanIn, fanOut int, rng *rand.Rand) {
	bound := 0.0
	if fanIn > 0 {
		bound = 1 / math.Sqrt(float64(fanIn))
	}
	fillUniform(t, bound, rng)
}

// Zeros sets t to zero (torch.nn.init.zeros_).
func Zeros(t *tensor.Dense, fanIn, fanOut int, rng *rand.Rand) { t.Zero() }

// Uniform returns an Init drawing from U(lo, hi) (torch.nn.init.uniform_).
func Uniform(lo, hi float64) Init {
	return func(t *tensor.Dense, _, _ int, rng *rand.Rand) {
		for i := range t.Data() {
			t.Data()[i] = float32(lo + (hi-lo)*rng.Float64())
		}
	}
}

// Normal returns an Init drawing from N(mean, std²) (torch.nn.init.normal_).
func Normal(mean, std float64) Init {
	return func(t *tensor.Dense, _, _ int, rng *rand.Rand) {
		for i := range t.Data() {
			t.Data()[i] = float32(mean + std*rng.NormFloat64())
		}
	}
}

// Constant returns an Init setting every element to v (torch.nn.init.constant_).
func Constant(v float32) Init {
	return func(t *tensor.Dense, _, _ int, _ *rand.Rand) { t.Fill(v) }
}

// InitParam fills t with init, computing the fans from t's own shape with [Fans].
// Use it to re-initialise a constructed layer: InitParam(d.W.Value, layer.HeNormal, rng).
func InitParam(t *tensor.Dense, init Init, rng *rand.Rand) {
	fi, fo := Fans(t.Shape())
	init(t, fi, fo, rng)
}
