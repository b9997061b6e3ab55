package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
	"github.com/skgo/skgo/nn/tensor"
)

// Activation names the hidden-layer nonlinearity of the estimators (scikit-learn's
// MLP activation). The zero value is ActivationReLU, scikit-learn's default.
type Activation string

const (
	// ActivationReLU is max(x, 0) (scikit-learn "relu"; the zero value "" too).
	ActivationReLU Activation = "relu"
	// ActivationTanh is tanh(x) (scikit-learn "tanh").
	ActivationTanh Activation = "tanh"
	// ActivationLogistic is 1/(1+e⁻ˣ) (scikit-learn "logistic").
	ActivationLogistic Activation = "logistic"
	// ActivationIdentity is x (scikit-learn "identity").
	ActivationIdentity Activation = "identity"
)

func (a Activation) validate(param string) error {
	switch a {
	case "", ActivationReLU, ActivationTanh, ActivationLogistic, ActivationIdentity:
		return nil
	}
	return &estimator.ParamError{Param: param, Value: string(a), Reason: `must be "relu", "tanh", "logistic" or "identity"`}
}

// layerAct maps the activation to the layer package's name.
func (a Activation) layerAct() layer.Activation {
	switch a {
	case "", ActivationReLU:
		return layer.ActReLU
	case ActivationTanh:
		return layer.ActTanh
	case ActivationLogistic:
		return layer.ActSigmoid
	}
	return layer.Identity
}

// netFit is the learned state shared by every estimator of the package.
type netFit struct {
	Classes   []float64 // sorted labels (classifiers); nil for regressors
	NFeatures int       // columns of X at Fit
	InShape   []int     // per-sample input shape fed to the network
	Arch      string    // description of the network, checked at load time
	Weights   []byte    // layer.MarshalWeights; filled by MarshalState only
	LossCurve []float64
	ValScores []float64
	BestVal   float64
	NIter     int
	Converged bool

	net layer.Layer
}

// predictChunk bounds the rows run through the network at once in Predict, so that
// convolution activations of a large X stay small.
const predictChunk = 256

// outputs runs X through the network in evaluation mode and returns the n×k outputs
// in float64. It validates X (ErrNotFitted, ErrShape, ErrInvalidData) and recovers
// shape panics. It is safe for concurrent use.
func (f *netFit) outputs(name string, X mat.Matrix) (out *mat.Dense, err error) {
	if f == nil {
		return nil, fmt.Errorf("%s: %w", name, estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer recoverShape(name, &err)
	n, p := x.Dims()
	// The last, partial chunk gets its own tape so that each tape sees one shape
	// (see the note in train).
	tpFull, tpLast := autograd.Inference(), autograd.Inference()
	buf := make([]float32, min(n, predictChunk)*p)
	shape := append([]int{0}, f.InShape...)
	for lo := 0; lo < n; lo += predictChunk {
		hi := min(lo+predictChunk, n)
		for i := lo; i < hi; i++ {
			row := buf[(i-lo)*p : (i-lo+1)*p]
			for j, v := range x.RawRowView(i) {
				row[j] = float32(v)
				if math.IsInf(float64(row[j]), 0) {
					return nil, fmt.Errorf("%s: X[%d, %d] = %g overflows float32: %w", name, i, j, v, estimator.ErrInvalidData)
				}
			}
		}
		shape[0] = hi - lo
		tp := tpFull
		if hi-lo != predictChunk {
			tp = tpLast
		}
		tp.Reset()
		y := f.net.Forward(tp, tp.Input(tensor.FromSlice(buf[:(hi-lo)*p], shape...)))
		k := y.Value.Len() / (hi - lo)
		if out == nil {
			out = mat.NewDense(n, k, nil)
		}
		data := y.Value.Data()
		for i := lo; i < hi; i++ {
			row := out.RawRowView(i)
			for j := range row {
				row[j] = float64(data[(i-lo)*k+j])
			}
		}
	}
	return out, nil
}

// predict returns labels (classifiers: argmax of the outputs mapped to Classes) or
// the single output (regressors).
func (f *netFit) predict(name string, X mat.Matrix) ([]float64, error) {
	out, err := f.outputs(name, X)
	if err != nil {
		return nil, err
	}
	n, k := out.Dims()
	pred := make([]float64, n)
	for i := range pred {
		row := out.RawRowView(i)
		if f.Classes == nil {
			pred[i] = row[0]
			continue
		}
		best := 0
		for j := 1; j < k; j++ {
			if row[j] > row[best] {
				best = j
			}
		}
		pred[i] = f.Classes[best]
	}
	return pred, nil
}

// proba returns the softmax of the outputs, computed in float64 so rows sum to one.
func (f *netFit) proba(name string, X mat.Matrix) (*mat.Dense, error) {
	out, err := f.outputs(name, X)
	if err != nil {
		return nil, err
	}
	n, _ := out.Dims()
	for i := 0; i < n; i++ {
		row := out.RawRowView(i)
		m := math.Inf(-1)
		for _, v := range row {
			m = max(m, v)
		}
		var s float64
		for j, v := range row {
			row[j] = math.Exp(v - m)
			s += row[j]
		}
		for j := range row {
			row[j] /= s
		}
	}
	return out, nil
}

// recoverShape turns a *tensor.ShapeError panic into an error wrapping
// estimator.ErrShape; other panics propagate.
func recoverShape(name string, err *error) {
	if r := recover(); r != nil {
		if se, ok := r.(*tensor.ShapeError); ok {
			*err = fmt.Errorf("%s: %w: %w", name, se, estimator.ErrShape)
			return
		}
		panic(r)
	}
}

// toFloat32 converts X (n×p) to a row-major float32 slice: the one float64 → float32
// conversion at the estimator boundary.
func toFloat32(x *mat.Dense) []float32 {
	n, p := x.Dims()
	out := make([]float32, n*p)
	for i := 0; i < n; i++ {
		row := out[i*p : (i+1)*p]
		for j, v := range x.RawRowView(i) {
			row[j] = float32(v)
		}
	}
	return out
}

// checkFloat32 rejects values that overflow float32 (finite in float64, Inf after
// conversion).
func checkFloat32(x []float32) error {
	for i, v := range x {
		if math.IsInf(float64(v), 0) {
			return fmt.Errorf("value %d overflows float32: %w", i, estimator.ErrInvalidData)
		}
	}
	return nil
}

// classIndices maps labels to indices into the sorted classes.
func classIndices(y, classes []float64) []int {
	idx := make([]int, len(y))
	for i, v := range y {
		idx[i], _ = slices.BinarySearch(classes, v)
	}
	return idx
}

// seededRand returns the estimator's generator: PCG seeded with (seed, seed).
func seededRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

// resolveRule returns r, or Adam with learning rate 1e-3 (PyTorch's and
// scikit-learn's default) when r is nil.
func resolveRule(r optim.Rule) optim.Rule {
	if r == nil {
		return &optim.Adam{LR: 1e-3}
	}
	return r
}

// validateRule calls the rule's Validate, prefixing the parameter path.
func validateRule(r optim.Rule) error {
	if r == nil {
		return nil
	}
	v, ok := r.(interface{ Validate() error })
	if !ok {
		return nil
	}
	err := v.Validate()
	var pe *estimator.ParamError
	if errors.As(err, &pe) {
		return &estimator.ParamError{Param: "Optimizer." + pe.Param, Value: pe.Value, Reason: pe.Reason}
	}
	if err != nil {
		return &estimator.ParamError{Param: "Optimizer", Value: fmt.Sprintf("%T", r), Reason: err.Error()}
	}
	return nil
}

// describe returns a one-line description of a network's structure, saved with the
// weights so that loading into a different architecture fails with a clear message.
func describe(l layer.Layer) string {
	switch v := l.(type) {
	case *layer.Sequential:
		return describeSeq(v.Layers)
	case layer.Sequential:
		return describeSeq(v.Layers)
	case fmt.Stringer:
		return v.String()
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", l), "*")
}

func describeSeq(ls []layer.Layer) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = describe(l)
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

// marshalFit encodes f with its current weights.
func marshalFit(f *netFit) ([]byte, error) {
	if f == nil {
		return nil, nil
	}
	w, err := layer.MarshalWeights(f.net)
	if err != nil {
		return nil, err
	}
	c := *f
	c.Weights = w
	return estimator.GobState(&c)
}

// unmarshalFit decodes b and loads the weights into the network that build makes
// for the decoded state (from the receiver's hyperparameters). It returns nil, nil
// for empty b.
func unmarshalFit(name string, b []byte, build func(f *netFit) (layer.Layer, error)) (f *netFit, err error) {
	if len(b) == 0 {
		return nil, nil
	}
	if err := estimator.UngobState(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if f.NFeatures <= 0 || prod(f.InShape) != f.NFeatures {
		return nil, fmt.Errorf("%s: saved input shape %v does not match %d features: %w", name, f.InShape, f.NFeatures, layer.ErrArchitecture)
	}
	defer recoverShape(name, &err)
	net, err := build(f)
	if err != nil {
		return nil, err
	}
	if have := describe(net); have != f.Arch {
		return nil, fmt.Errorf("%s: the saved network %s does not match the one built from the hyperparameters, %s: %w",
			name, f.Arch, have, layer.ErrArchitecture)
	}
	if err := layer.UnmarshalWeights(net, f.Weights); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	f.net, f.Weights = net, nil
	return f, nil
}

func prod(s []int) int {
	if len(s) == 0 {
		return 0
	}
	p := 1
	for _, v := range s {
		p *= v
	}
	return p
}

// checkOutput verifies that the network maps one sample of inShape to want values.
func checkOutput(name string, net layer.Layer, inShape []int, want int, what string) error {
	out, err := layer.OutputShape(net, inShape)
	if err != nil {
		return fmt.Errorf("%s: the network does not fit input %v: %w: %w", name, inShape, err, estimator.ErrShape)
	}
	if prod(out) != want || len(out) != 1 {
		return fmt.Errorf("%s: the network outputs shape %v per sample, want [%d] (%s): %w", name, out, want, what, estimator.ErrShape)
	}
	return nil
}

// validateShared checks the knobs common to all estimators.
func validateShared(epochsName string, epochs, batch int, valFrac float64, patienceName string, patience int, tol float64, rule optim.Rule) error {
	if epochs < 0 {
		return &estimator.ParamError{Param: epochsName, Value: epochs, Reason: "must be >= 0 (0 means the default)"}
	}
	if batch < 0 {
		return &estimator.ParamError{Param: "BatchSize", Value: batch, Reason: "must be >= 0 (0 means the default)"}
	}
	if !(valFrac >= 0 && valFrac < 1) {
		return &estimator.ParamError{Param: "ValidationFraction", Value: valFrac, Reason: "must be in [0, 1)"}
	}
	if patience < 0 {
		return &estimator.ParamError{Param: patienceName, Value: patience, Reason: "must be >= 0"}
	}
	if !(tol >= 0) || math.IsInf(tol, 0) {
		return &estimator.ParamError{Param: "Tol", Value: tol, Reason: "must be finite and >= 0"}
	}
	return validateRule(rule)
}
