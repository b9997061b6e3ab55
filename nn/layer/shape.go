package layer

import (
	"fmt"
	"slices"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

// OutputShape returns the shape of one sample's output of l for one sample's input
// shape in (both without the batch axis): it runs l on a zero batch of size 1 with an
// inference tape (no recording, evaluation mode), so BatchNorm running statistics are
// not changed. A *tensor.ShapeError panic (an architecture that does not fit the
// input) is returned as an error wrapping it, whose message names the failing layer:
//
//	tensor.Dense: bad shape [1 128]: layer 3 (Dense 64 => 10): layer.Dense(64 => 10) expects 64 input features, got 128
//
// Other panics propagate.
func OutputShape(l Layer, in []int) (out []int, err error) {
	for _, d := range in {
		if d <= 0 {
			return nil, fmt.Errorf("layer.OutputShape: input shape %v has a non-positive dimension", in)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*tensor.ShapeError)
			if !ok {
				panic(r)
			}
			out, err = nil, fmt.Errorf("layer.OutputShape: %w", e)
		}
	}()
	tp := autograd.Inference()
	x := tensor.New(append([]int{1}, in...)...)
	y := l.Forward(tp, tp.Input(x))
	return slices.Clone(y.Value.Shape()[1:]), nil
}
