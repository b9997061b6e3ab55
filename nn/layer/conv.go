package layer

import (
	"fmt"
	"math/rand/v2"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

var (
	_ Layer = (*Conv2D)(nil)
	_ Layer = MaxPool2D{}
	_ Layer = AvgPool2D{}
	_ Layer = GlobalMeanPool{}
	_ Layer = Flatten{}
)

// Conv2D is a 2-D convolution (cross-correlation) of an N×C×H×W batch with square
// kernels (PyTorch nn.Conv2d, Flux's Conv).
type Conv2D struct {
	W        *autograd.Param // Out×In×K×K (PyTorch layout)
	B        *autograd.Param // Out; nil means no bias
	Stride   int             // 0 means 1
	Pad      int             // symmetric zero padding; 0 means none
	Dilation int             // 0 means 1
}

// ConvConfig configures [NewConv2D] (the arguments of PyTorch's nn.Conv2d).
type ConvConfig struct {
	In, Out  int  // input and output channels
	Kernel   int  // square kernel size
	Stride   int  // 0 means 1
	Pad      int  // symmetric zero padding
	Dilation int  // 0 means 1
	NoBias   bool // PyTorch bias=False
}

// NewConv2D returns a convolution with PyTorch's default initialisation: W and B
// from U(−1/√fanIn, 1/√fanIn), fanIn = In·Kernel² ([TorchDefault]).
func NewConv2D(c ConvConfig, rng *rand.Rand) *Conv2D {
	w := tensor.New(c.Out, c.In, c.Kernel, c.Kernel)
	fi, fo := Fans(w.Shape())
	TorchDefault(w, fi, fo, rng)
	l := &Conv2D{W: autograd.NewParam(w), Stride: c.Stride, Pad: c.Pad, Dilation: c.Dilation}
	if !c.NoBias {
		b := tensor.New(c.Out)
		TorchDefault(b, fi, fo, rng)
		l.B = autograd.NewParam(b)
	}
	return l
}

func (c Conv2D) params() autograd.ConvParams {
	return autograd.ConvParams{Stride: c.Stride, Pad: c.Pad, Dilation: c.Dilation}
}

// Forward convolves x (N×In×H×W) and adds the bias. It panics with a
// *tensor.ShapeError naming the layer on a wrong rank, channel count or an input
// smaller than the (dilated) kernel.
func (c Conv2D) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	ws, s := c.W.Value.Shape(), x.Value.Shape()
	if len(s) != 4 {
		shapePanic("Conv2D", s, "layer.%s expects an N×%d×H×W batch, got shape %v", c, ws[1], s)
	}
	if s[1] != ws[1] {
		shapePanic("Conv2D", s, "layer.%s expects %d input channels, got %d", c, ws[1], s[1])
	}
	p := c.params()
	if oh, ow := outSize(s[2], ws[2], p), outSize(s[3], ws[3], p); oh <= 0 || ow <= 0 {
		shapePanic("Conv2D", s, "layer.%s: input %d×%d is too small for the kernel (output %d×%d)", c, s[2], s[3], oh, ow)
	}
	var b *autograd.Var
	if c.B != nil {
		b = tp.Param(c.B)
	}
	return tp.Conv2D(x, tp.Param(c.W), b, p)
}

// outSize is PyTorch's ⌊(in + 2·pad − dil·(k−1) − 1)/stride⌋ + 1.
func outSize(in, k int, p autograd.ConvParams) int {
	st, dil := max(p.Stride, 1), max(p.Dilation, 1)
	n := in + 2*p.Pad - dil*(k-1) - 1
	if n < 0 {
		return 0
	}
	return n/st + 1
}

// String describes the layer, e.g. "Conv2D(3 => 16, 3×3, stride 2, pad 1)".
func (c Conv2D) String() string {
	ws := c.W.Value.Shape()
	s := fmt.Sprintf("Conv2D(%d => %d, %d×%d", ws[1], ws[0], ws[2], ws[3])
	if c.Stride > 1 {
		s += fmt.Sprintf(", stride %d", c.Stride)
	}
	if c.Pad > 0 {
		s += fmt.Sprintf(", pad %d", c.Pad)
	}
	if c.Dilation > 1 {
		s += fmt.Sprintf(", dilation %d", c.Dilation)
	}
	if c.B == nil {
		s += ", no bias"
	}
	return s + ")"
}

// MaxPool2D takes the maximum over Size×Size windows of an N×C×H×W batch (PyTorch
// nn.MaxPool2d; padding is with −∞).
type MaxPool2D struct {
	Size   int // window size; 0 means 2
	Stride int // 0 means Size
	Pad    int
}

// Forward pools x. It panics with a *tensor.ShapeError naming the layer on a wrong
// rank or an input smaller than the window.
func (m MaxPool2D) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	k, p := poolCheck("MaxPool2D", m.String(), x, m.Size, m.Stride, m.Pad)
	return tp.MaxPool2D(x, k, p)
}

// String describes the layer.
func (m MaxPool2D) String() string { return poolString("MaxPool2D", m.Size, m.Stride, m.Pad) }

// AvgPool2D averages over Size×Size windows of an N×C×H×W batch (PyTorch
// nn.AvgPool2d with count_include_pad=True).
type AvgPool2D struct {
	Size   int // window size; 0 means 2
	Stride int // 0 means Size
	Pad    int
}

// Forward pools x. It panics like [MaxPool2D.Forward].
func (a AvgPool2D) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	k, p := poolCheck("AvgPool2D", a.String(), x, a.Size, a.Stride, a.Pad)
	return tp.AvgPool2D(x, k, p)
}

// String describes the layer.
func (a AvgPool2D) String() string { return poolString("AvgPool2D", a.Size, a.Stride, a.Pad) }

func poolCheck(op, desc string, x *autograd.Var, k, stride, pad int) (int, autograd.ConvParams) {
	if k == 0 {
		k = 2
	}
	if stride == 0 {
		stride = k
	}
	p := autograd.ConvParams{Stride: stride, Pad: pad}
	s := x.Value.Shape()
	if len(s) != 4 {
		shapePanic(op, s, "layer.%s expects an N×C×H×W batch, got shape %v", desc, s)
	}
	if outSize(s[2], k, p) <= 0 || outSize(s[3], k, p) <= 0 {
		shapePanic(op, s, "layer.%s: input %d×%d is smaller than the window", desc, s[2], s[3])
	}
	return k, p
}

func poolString(name string, k, stride, pad int) string {
	if k == 0 {
		k = 2
	}
	s := fmt.Sprintf("%s(%d", name, k)
	if stride != 0 && stride != k {
		s += fmt.Sprintf(", stride %d", stride)
	}
	if pad > 0 {
		s += fmt.Sprintf(", pad %d", pad)
	}
	return s + ")"
}

// GlobalMeanPool averages each channel over its spatial positions: N×C×H×W → N×C
// (PyTorch nn.AdaptiveAvgPool2d(1) followed by flattening; Flux's GlobalMeanPool
// then flatten).
type GlobalMeanPool struct{}

// Forward pools x.
func (GlobalMeanPool) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	if s := x.Value.Shape(); len(s) != 4 {
		shapePanic("GlobalMeanPool", s, "layer.GlobalMeanPool expects an N×C×H×W batch, got shape %v", s)
	}
	return tp.GlobalMeanPool(x)
}

// Flatten reshapes an N×… batch to N×(product of the rest) (PyTorch nn.Flatten).
type Flatten struct{}

// Forward flattens x.
func (Flatten) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
	if s := x.Value.Shape(); len(s) < 1 {
		shapePanic("Flatten", s, "layer.Flatten expects a batch, got a scalar")
	}
	if x.Value.Rank() == 2 {
		return x
	}
	return tp.Flatten(x)
}
