package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
	"github.com/skgo/skgo/nn/autograd"
	nnpar "github.com/skgo/skgo/nn/internal/parallel"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
	"github.com/skgo/skgo/nn/tensor"
)

// validateActivation checks an estimator's Activation field: "" (ReLU, the
// estimators' default) or any name of layer.Activation.
func validateActivation(a layer.Activation, param string) error {
	if a == "" {
		return nil
	}
	if err := a.Validate(); err != nil {
		return &estimator.ParamError{Param: param, Value: string(a), Reason: `must be a layer.Activation such as "relu", "tanh", "logistic" or "identity"`}
	}
	return nil
}

// hiddenAct resolves an estimator's Activation field: "" is ReLU (scikit-learn's
// default), unlike in a layer.Dense, where "" is the identity.
func hiddenAct(a layer.Activation) layer.Activation {
	if a == "" {
		return layer.ActReLU
	}
	return a
}

func paramErr(param string, value any, reason string) *estimator.ParamError {
	return &estimator.ParamError{Param: param, Value: value, Reason: reason}
}

// netStateVersion is the version of netFit's encoding (estimator.EncodeState).
const netStateVersion = 1

// maxArchLen bounds the saved description of a network.
const maxArchLen = 1 << 20

// netFit is the learned state shared by every estimator of the package.
type netFit struct {
	Classes   []float64 // sorted labels (classifiers); nil for regressors
	NFeatures int       // columns of X at Fit
	InShape   []int     // per-sample input shape fed to the network
	Arch      string    // description of the network, checked at load time
	NParams   int       // trainable parameters (layer.NumParams), checked at load time
	Weights   []byte    // layer.MarshalWeights; filled by MarshalState only
	LossCurve []float64
	ValScores []float64
	BestVal   float64
	NIter     int
	Converged bool

	net   layer.Layer
	chunk int // rows per Predict chunk; 0 means predictChunk
}

// Check validates what Predict relies on and what UnmarshalState reads before it
// builds anything: a positive input width that the input shape multiplies out to,
// sorted distinct finite classes (or none), a parameter count within MaxParams,
// weights present, and training curves of consistent length with finite values.
func (f *netFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, estimator.MaxCopyElements),
		estimator.CheckCount("InShape rank", len(f.InShape), 1, maxRank),
		estimator.CheckCount("NParams", f.NParams, 1, math.MaxInt),
		estimator.CheckCount("Arch length", len(f.Arch), 1, maxArchLen),
		estimator.CheckCount("NIter", f.NIter, 0, math.MaxInt32),
		estimator.CheckLen("LossCurve", len(f.LossCurve), f.NIter),
		estimator.CheckFinite("LossCurve", f.LossCurve...),
		estimator.CheckFinite("ValScores", f.ValScores...),
	); err != nil {
		return err
	}
	for i, d := range f.InShape {
		if d <= 0 {
			return fmt.Errorf("InShape[%d] is %d, want a dimension > 0", i, d)
		}
	}
	if p := satProd(f.InShape); p != f.NFeatures {
		return fmt.Errorf("InShape %v holds %s values, not NFeatures = %d", f.InShape, count(p), f.NFeatures)
	}
	if f.Classes != nil {
		if err := estimator.CheckClasses("Classes", f.Classes); err != nil {
			return err
		}
	}
	if len(f.ValScores) != 0 {
		if err := estimator.FirstError(
			estimator.CheckLen("ValScores", len(f.ValScores), f.NIter),
			estimator.CheckFinite("BestVal", f.BestVal),
		); err != nil {
			return err
		}
	}
	if len(f.Weights) == 0 {
		return errors.New("Weights are missing")
	}
	return nil
}

// predictChunk bounds the rows run through the network at once in Predict, so that
// convolution activations of a large X stay small.
const predictChunk = 256

// outputs runs X through the network in evaluation mode and returns the n×k outputs
// in float64. It validates X (ErrNotFitted, ErrShape, ErrInvalidData), recovers
// panics into errors, and refuses to return NaN: outputs that overflow float32
// arithmetic give an error wrapping ErrInvalidData. It is safe for concurrent use.
func (f *netFit) outputs(name string, X mat.Matrix) (out *mat.Dense, err error) {
	if f == nil {
		return nil, fmt.Errorf("%s: %w", name, estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer guard(name, &err)
	n, p := x.Dims()
	chunk := f.chunk
	if chunk <= 0 {
		chunk = predictChunk
	}
	// The last, partial chunk gets its own tape so that each tape sees one shape
	// (see the note in train).
	tpFull, tpLast := autograd.Inference(), autograd.Inference()
	buf := make([]float32, min(n, chunk)*p)
	shape := append([]int{0}, f.InShape...)
	if err := checkXFloat32(x); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		convertRows(buf, x, lo, hi)
		shape[0] = hi - lo
		tp := tpFull
		if hi-lo != chunk {
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
				v := data[(i-lo)*k+j]
				if v != v {
					return nil, fmt.Errorf("%s: the network's output for row %d is NaN (the inputs overflow float32 arithmetic; scale X): %w", name, i, estimator.ErrInvalidData)
				}
				row[j] = float64(v)
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
// Infinite logits (float32 overflow) give an error rather than NaN probabilities.
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
		if math.IsInf(m, 0) {
			return nil, fmt.Errorf("%s: the network's output for row %d is infinite (the inputs overflow float32 arithmetic; scale X): %w", name, i, estimator.ErrInvalidData)
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

// guard is deferred by every public method that runs a network or a user's code
// (Build, a Lambda layer, OnEpoch): no panic escapes the package's API. A
// *tensor.ShapeError becomes an error wrapping estimator.ErrShape (a network whose
// shapes do not fit); any other panic becomes an error carrying the panic value and
// its stack (a *parallel.PanicError, which unwraps to the value when it is an error).
func guard(name string, err *error) {
	if r := recover(); r != nil {
		if se, ok := r.(*tensor.ShapeError); ok {
			*err = fmt.Errorf("%s: %w: %w", name, se, estimator.ErrShape)
			return
		}
		*err = fmt.Errorf("%s: %w", name, &parallel.PanicError{Value: r, Stack: debug.Stack()})
	}
}

// float32Overflow is the smallest float64 whose conversion to float32 is +Inf:
// the midpoint between MaxFloat32 (2¹²⁸ − 2¹⁰⁴, odd significand) and 2¹²⁸, which
// rounds to even, that is to 2¹²⁸ = +Inf.
const float32Overflow = 0x1p128 - 0x1p103

// checkXFloat32 rejects an X with a value that overflows float32 (finite in float64,
// ±Inf after conversion), without converting X.
func checkXFloat32(x *mat.Dense) error {
	n, _ := x.Dims()
	for i := 0; i < n; i++ {
		for j, v := range x.RawRowView(i) {
			if v >= float32Overflow || v <= -float32Overflow {
				return fmt.Errorf("X[%d, %d] = %g overflows float32: %w", i, j, v, estimator.ErrInvalidData)
			}
		}
	}
	return nil
}

// gatherRows converts the rows idx of x (n×p, float64) into dst (len(idx)×p,
// row-major float32): the float64 → float32 conversion at the estimator boundary,
// done one batch at a time, in parallel over rows for large batches.
func gatherRows(dst []float32, x *mat.Dense, idx []int) {
	_, p := x.Dims()
	nnpar.For(len(idx), max(1, gatherGrain/max(p, 1)), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			row := dst[k*p : (k+1)*p]
			src := x.RawRowView(idx[k])[:len(row)]
			for j, v := range src {
				row[j] = float32(v)
			}
		}
	})
}

// convertRows converts the rows lo…hi−1 of x into dst ((hi−lo)×p, row-major
// float32), in parallel over rows for large blocks.
func convertRows(dst []float32, x *mat.Dense, lo, hi int) {
	_, p := x.Dims()
	nnpar.For(hi-lo, max(1, gatherGrain/max(p, 1)), func(a, b int) {
		for k := a; k < b; k++ {
			row := dst[k*p : (k+1)*p]
			src := x.RawRowView(lo + k)[:len(row)]
			for j, v := range src {
				row[j] = float32(v)
			}
		}
	})
}

// gatherGrain is the number of values below which gatherRows converts on one thread.
const gatherGrain = 1 << 15

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

// prefixParam puts field in front of a *ParamError's path ("Optimizer.LR"); other
// errors become a *ParamError for field.
func prefixParam(field string, v any, err error) error {
	if err == nil {
		return nil
	}
	var pe *estimator.ParamError
	if errors.As(err, &pe) {
		p := field
		if pe.Param != "" {
			p += "." + pe.Param
		}
		return &estimator.ParamError{Param: p, Value: pe.Value, Reason: pe.Reason}
	}
	return &estimator.ParamError{Param: field, Value: fmt.Sprintf("%T", v), Reason: err.Error()}
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
	return estimator.EncodeState(netStateVersion, &c)
}

// loadSpec says how an estimator rebuilds its network from saved state.
type loadSpec struct {
	name       string
	classifier bool
	// plan returns the input shape and the size the hyperparameters imply for the
	// saved width and classes (arithmetic, nothing allocated); known is false for
	// user-built networks, whose size is only known after Build.
	plan func(f *netFit) (inShape []int, size netSize, known bool, err error)
	// build makes the network for f from the hyperparameters.
	build func(f *netFit) (layer.Layer, error)
}

// unmarshalFit decodes b and loads the weights into the network that s.build makes
// for the decoded state. It returns nil, nil for empty b. In order, and before
// anything of the saved network's size is allocated: the state decodes with its
// version and passes netFit.Check; the classes fit the estimator's kind; the input
// shape and the parameter count that the hyperparameters imply match the saved ones;
// the weights' saved shapes add up to that count. Then the network is built, its
// description and parameter count compared, the weights loaded and checked finite
// (and BatchNorm's running variances non-negative). Every failure wraps
// estimator.ErrState (and layer.ErrArchitecture for an architecture mismatch); no
// panic escapes.
func unmarshalFit(s loadSpec, b []byte) (f *netFit, err error) {
	name := s.name
	if err := estimator.DecodeState(b, netStateVersion, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if f == nil {
		return nil, nil
	}
	defer guard(name, &err)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s: %w", name, fmt.Sprintf(format, args...), estimator.ErrState)
	}
	arch := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s: %w: %w", name, fmt.Sprintf(format, args...), layer.ErrArchitecture, estimator.ErrState)
	}
	if s.classifier != (f.Classes != nil) {
		if s.classifier {
			return nil, bad("the saved state has no classes")
		}
		return nil, bad("the saved state of a regressor has %d classes", len(f.Classes))
	}
	inShape, size, known, err := s.plan(f)
	var pe *estimator.ParamError
	if errors.As(err, &pe) {
		return nil, fmt.Errorf("%s: %w: %w", name, err, estimator.ErrState)
	}
	if err != nil {
		return nil, arch("the saved input width %d does not fit the hyperparameters: %v", f.NFeatures, err)
	}
	if !slices.Equal(inShape, f.InShape) {
		return nil, arch("saved input shape %v, the hyperparameters give %v", f.InShape, inShape)
	}
	if known && size.params != f.NParams {
		return nil, arch("the saved network has %d parameters, the hyperparameters give %s", f.NParams, count(size.params))
	}
	if f.NParams > MaxParams && known {
		return nil, bad("the saved network has %d parameters, more than nn.MaxParams", f.NParams)
	}
	shapes, err := layer.SavedShapes(f.Weights)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, err, estimator.ErrState)
	}
	saved := 0
	for _, t := range shapes {
		if !t.Buffer {
			saved = satAdd(saved, satProd(t.Shape))
		}
	}
	if saved != f.NParams {
		return nil, arch("the saved weights hold %s parameters, the state says %d", count(saved), f.NParams)
	}
	net, err := s.build(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, err, estimator.ErrState)
	}
	if have := describe(net); have != f.Arch {
		return nil, arch("the saved network %s does not match the one built from the hyperparameters, %s", f.Arch, have)
	}
	if have := layer.NumParams(net); have != f.NParams {
		return nil, arch("the saved network has %d parameters, the one built has %d", f.NParams, have)
	}
	if err := layer.UnmarshalWeights(net, f.Weights); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, err, estimator.ErrState)
	}
	if err := checkWeights(net); err != nil {
		return nil, bad("%v", err)
	}
	f.net, f.Weights = net, nil
	if known {
		f.chunk = size.chunk()
	}
	return f, nil
}

// checkWeights reports a non-finite parameter or buffer value, or a negative
// BatchNorm running variance: weights that would make Predict return NaN.
func checkWeights(net layer.Layer) error {
	for _, p := range layer.NamedParams(net) {
		if err := finite32(p.Path, p.Param.Value.Data()); err != nil {
			return err
		}
	}
	for _, b := range layer.Buffers(net) {
		if err := finite32(b.Path, b.Tensor.Data()); err != nil {
			return err
		}
		if strings.HasSuffix(b.Path, "RunVar") {
			for i, v := range b.Tensor.Data() {
				if v < 0 {
					return fmt.Errorf("%s[%d] is %v, want a variance >= 0", b.Path, i, v)
				}
			}
		}
	}
	return nil
}

func finite32(path string, v []float32) error {
	for i, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("%s[%d] is %v", path, i, x)
		}
	}
	return nil
}

// finiteNet reports whether every parameter and buffer of net is finite.
func finiteNet(net layer.Layer) bool { return checkWeights(net) == nil }

// checkOutput verifies that the network maps one sample of inShape to want values.
func checkOutput(name string, net layer.Layer, inShape []int, want int, what string) error {
	out, err := layer.OutputShape(net, inShape)
	if err != nil {
		return fmt.Errorf("%s: the network does not fit input %v: %w: %w", name, inShape, err, estimator.ErrShape)
	}
	if satProd(out) != want || len(out) != 1 {
		return fmt.Errorf("%s: the network outputs shape %v per sample, want [%d] (%s): %w", name, out, want, what, estimator.ErrShape)
	}
	return nil
}

// validateShared checks the knobs common to all estimators, including the optimiser
// rule and the schedule (a nil pointer in either is an error, not a panic later).
func validateShared(epochsName string, epochs, batch int, valFrac float64, patienceName string, patience int, tol float64, rule optim.Rule, sched optim.Schedule) error {
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
	if err := prefixParam("Optimizer", rule, optim.ValidateRule(rule)); err != nil {
		return err
	}
	return prefixParam("Schedule", sched, optim.ValidateSchedule(sched))
}
