package layer

import (
	"fmt"
	"math"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

// FuseBatchNorm returns a network for inference in which every [Conv2D] that is
// directly followed by a [BatchNorm] in a [Sequential] (at any depth, inside
// [Residual] bodies and shortcuts too) is replaced by one convolution that computes
// both (PyTorch's torch.nn.utils.fusion.fuse_conv_bn_eval): with s = γ/√(running
// var + ε),
//
//	W' = W·s (per output channel),  b' = (b − running mean)·s + β
//
// computed in float64 and rounded to float32 once. The result computes what l
// computes in evaluation mode (an autograd.Inference tape), up to float32 rounding,
// with one pass over the activations fewer per pair; in training mode it would not
// (there is no batch statistic left to use), so use it only for inference.
//
// l is not modified. The fused convolutions are new tensors; every other layer is
// shared with l, so train l and fuse again rather than training the result. A tree
// with nothing to fuse comes back with shared layers and copied containers. It
// returns an error wrapping [ErrInvalidLayer] for a tree [Check] refuses, and one for
// a convolution and batch normalisation whose channel counts differ.
func FuseBatchNorm(l Layer) (Layer, error) {
	if err := Check(l); err != nil {
		return nil, fmt.Errorf("layer.FuseBatchNorm: %w", err)
	}
	return fuse(l)
}

func fuse(l Layer) (Layer, error) {
	switch v := l.(type) {
	case *Sequential:
		return fuseSeq(v.Layers)
	case Sequential:
		return fuseSeq(v.Layers)
	case *Residual:
		return fuseRes(*v)
	case Residual:
		return fuseRes(v)
	}
	return l, nil
}

func fuseRes(r Residual) (Layer, error) {
	out := &Residual{Act: r.Act}
	var err error
	if out.Body, err = fuse(r.Body); err != nil {
		return nil, err
	}
	if r.Shortcut != nil {
		if out.Shortcut, err = fuse(r.Shortcut); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func fuseSeq(ls []Layer) (Layer, error) {
	out := &Sequential{Layers: make([]Layer, 0, len(ls))}
	for i := 0; i < len(ls); i++ {
		conv, okc := asConv(ls[i])
		if okc && i+1 < len(ls) {
			if bn, okb := asBatchNorm(ls[i+1]); okb {
				f, err := fuseConvBN(conv, bn)
				if err != nil {
					return nil, fmt.Errorf("layer.FuseBatchNorm: layers %d and %d: %w", i, i+1, err)
				}
				out.Layers = append(out.Layers, f)
				i++
				continue
			}
		}
		f, err := fuse(ls[i])
		if err != nil {
			return nil, err
		}
		out.Layers = append(out.Layers, f)
	}
	return out, nil
}

func asConv(l Layer) (*Conv2D, bool) {
	switch v := l.(type) {
	case *Conv2D:
		return v, true
	case Conv2D:
		return &v, true
	}
	return nil, false
}

func asBatchNorm(l Layer) (*BatchNorm, bool) {
	switch v := l.(type) {
	case *BatchNorm:
		return v, true
	case BatchNorm:
		return &v, true
	}
	return nil, false
}

// fuseConvBN folds bn's evaluation-mode affine map into a copy of c.
func fuseConvBN(c *Conv2D, bn *BatchNorm) (*Conv2D, error) {
	ws := c.W.Value.Shape()
	o := ws[0]
	if bn.Gamma.Value.Len() != o || bn.Beta.Value.Len() != o || bn.RunMean.Len() != o || bn.RunVar.Len() != o {
		return nil, fmt.Errorf("%s has %d output channels, %s normalises %d: %w", c, o, bn, bn.Gamma.Value.Len(), ErrInvalidLayer)
	}
	eps := float64(bn.Eps)
	if eps == 0 {
		eps = 1e-5
	}
	w := c.W.Value.Clone()
	b := tensor.New(o)
	wd, bd := w.Data(), b.Data()
	per := len(wd) / o
	g, be, rm, rv := bn.Gamma.Value.Data(), bn.Beta.Value.Data(), bn.RunMean.Data(), bn.RunVar.Data()
	for k := range o {
		s := float64(g[k]) / math.Sqrt(float64(rv[k])+eps)
		for j := k * per; j < (k+1)*per; j++ {
			wd[j] = float32(float64(wd[j]) * s)
		}
		var b0 float64
		if c.B != nil {
			b0 = float64(c.B.Value.Data()[k])
		}
		bd[k] = float32((b0-float64(rm[k]))*s + float64(be[k]))
	}
	return &Conv2D{W: autograd.NewParam(w), B: autograd.NewParam(b), Stride: c.Stride, Pad: c.Pad, Dilation: c.Dilation}, nil
}
