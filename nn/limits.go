package nn

import (
	"fmt"
	"math"
)

// Size caps. A hyperparameter setting that Validate accepts must not exhaust memory,
// and a model file is untrusted input whose saved hyperparameters go through Validate
// before anything is built, so the estimators compute the size of the network they
// would build arithmetically (with overflow checks, allocating nothing) and reject
// settings above these caps with an *estimator.ParamError. The caps are far above
// the networks these estimators are meant for (LeNet-5 has 431 080 parameters);
// write the network with package layer and train it with NetClassifier to go beyond.
const (
	// MaxParams bounds the trainable parameters of a network built by MLPClassifier,
	// MLPRegressor or CNNClassifier: 1<<28 float32 values, 1 GiB (plus as much again
	// for gradients and twice that for Adam's moments while training).
	MaxParams = 1 << 28
	// MaxActivations bounds the values one sample produces across the layers of
	// those networks (every layer output, and one sample's columns of each
	// convolution, the size of the column-gradient buffer its backward pass may
	// use): 1<<24, 64 MiB of float32 per sample.
	MaxActivations = 1 << 24
	// MaxBatchValues bounds BatchSize × the activations per sample, the activation
	// memory of one training batch: 1<<28 values, 1 GiB of float32.
	MaxBatchValues = 1 << 28
	// maxSpatial bounds a convolution block's Kernel, Stride, Pad and Pool, so that
	// the shape arithmetic cannot overflow.
	maxSpatial = 1 << 20
	// maxRank bounds the rank of a Net estimator's InputShape.
	maxRank = 8
	// predictValues bounds the activations of one Predict chunk: rows are run
	// through the network predictValues/activations-per-sample at a time (at most
	// predictChunk, at least one).
	predictValues = 1 << 24
)

// satMul returns a·b for a, b ≥ 0, or math.MaxInt when it overflows.
func satMul(a, b int) int {
	if a <= 0 || b <= 0 {
		return 0
	}
	if a > math.MaxInt/b {
		return math.MaxInt
	}
	return a * b
}

// satAdd returns a+b for a, b ≥ 0, or math.MaxInt when it overflows.
func satAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// satProd returns the product of dims (all ≥ 0) saturated at math.MaxInt, and 0 for
// an empty list.
func satProd(dims []int) int {
	if len(dims) == 0 {
		return 0
	}
	p := 1
	for _, d := range dims {
		p = satMul(p, d)
	}
	return p
}

// netSize is the arithmetic size of a network: its trainable parameters and the
// values one sample produces across its layers.
type netSize struct{ params, acts int }

func (s *netSize) dense(in, out int) {
	s.params = satAdd(s.params, satAdd(satMul(in, out), out))
}

// check reports sizes above the caps, naming param and describing the network.
func (s netSize) check(param string, value any, what string) error {
	if s.params > MaxParams {
		return paramErr(param, value, fmt.Sprintf("%s has %s parameters, more than nn.MaxParams = %d", what, count(s.params), MaxParams))
	}
	if s.acts > MaxActivations {
		return paramErr(param, value, fmt.Sprintf("%s produces %s values per sample, more than nn.MaxActivations = %d", what, count(s.acts), MaxActivations))
	}
	return nil
}

// checkBatch reports a batch whose activations exceed MaxBatchValues.
func (s netSize) checkBatch(batch int) error {
	if v := satMul(batch, s.acts); v > MaxBatchValues {
		return paramErr("BatchSize", batch, fmt.Sprintf("a batch of %d samples of %d activation values each holds %s values, more than nn.MaxBatchValues = %d; lower BatchSize",
			batch, s.acts, count(v), MaxBatchValues))
	}
	return nil
}

// chunk returns the rows per Predict chunk for this size.
func (s netSize) chunk() int {
	return max(1, min(predictChunk, predictValues/max(s.acts, 1)))
}

func count(n int) string {
	if n == math.MaxInt {
		return "more than 2⁶³"
	}
	return fmt.Sprint(n)
}

// mlpSize is the size of Dense(p => h₁), …, Dense(hₖ => k) with activations.
func mlpSize(p int, hidden []int, k int) netSize {
	s := netSize{acts: p}
	in := p
	for _, h := range hidden {
		s.dense(in, h)
		s.acts = satAdd(s.acts, satMul(2, h)) // affine output and activation
		in = h
	}
	s.dense(in, k)
	s.acts = satAdd(s.acts, k)
	return s
}
