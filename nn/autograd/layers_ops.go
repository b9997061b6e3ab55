package autograd

import "github.com/skgo/skgo/nn/tensor"

// backwardLayers handles the layer ops (convolution, pooling, normalisation, dropout,
// embedding).
func (n *node) backwardLayers(tp *Tape, g *tensor.Dense) {
	panic("autograd: no backward for op kind " + string(rune('0'+n.kind)))
}
