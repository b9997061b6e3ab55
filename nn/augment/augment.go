// Package augment holds image augmentations for training: composable transforms of
// a batch of images with seeded randomness (torchvision.transforms for the training
// set of an image classifier).
//
//	torchvision                                          augment
//	RandomCrop(32, padding=4)                            RandomCrop{Pad: 4}
//	RandomHorizontalFlip(p=0.5)                          HorizontalFlip{} (P 0 means 0.5)
//	Normalize(mean, std)                                 Normalize{Mean: ..., Std: ...}
//	Compose([...])                                       Compose{...}
//
// A [Transform] changes an N×C×H×W float32 batch in place and draws its randomness
// from the *rand.Rand it is given, sample by sample in batch order, so a seeded
// generator reproduces the same augmentations on every run and for any GOMAXPROCS.
// nn.Trainer applies its Augment transform to each training batch (never to
// evaluation batches) with its own checkpointed generator.
//
// Shapes that do not fit (a batch that is not N×C×H×W, a Normalize with a different
// channel count) give an error wrapping estimator.ErrShape, and bad settings (a
// negative padding, a probability outside [0, 1], a non-positive or non-finite
// standard deviation) an *estimator.ParamError from Validate, which Apply calls
// first. Nothing panics.
package augment

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn/tensor"
)

// Transform augments a batch of images in place.
type Transform interface {
	// Apply transforms x, an N×C×H×W batch, in place, drawing from rng.
	Apply(x *tensor.Dense, rng *rand.Rand) error
	// Validate reports a bad setting as an *estimator.ParamError.
	Validate() error
}

var (
	_ Transform = RandomCrop{}
	_ Transform = HorizontalFlip{}
	_ Transform = Normalize{}
	_ Transform = Compose{}
)

// MaxPad bounds RandomCrop's padding.
const MaxPad = 1 << 10

// dims checks that x is N×C×H×W and returns the dimensions.
func dims(name string, x *tensor.Dense) (n, c, h, w int, err error) {
	if x == nil || x.Rank() != 4 {
		var s []int
		if x != nil {
			s = x.Shape()
		}
		return 0, 0, 0, 0, fmt.Errorf("augment.%s: want an N×C×H×W batch, got shape %v: %w", name, s, estimator.ErrShape)
	}
	s := x.Shape()
	return s[0], s[1], s[2], s[3], nil
}

// RandomCrop pads each image with Pad zeros on every side and crops it back to its
// size at a random offset (torchvision RandomCrop(size=(H, W), padding=Pad) with
// zero fill): the top and left offsets are drawn uniformly from 0, 1, …, 2·Pad (top
// first), so the image shifts by up to Pad pixels in each direction and the pixels
// shifted in are 0. The same shift applies to every channel of an image.
type RandomCrop struct {
	Pad int // zero padding on each side; 0 leaves the images unchanged
}

// Validate checks that 0 ≤ Pad ≤ MaxPad.
func (r RandomCrop) Validate() error {
	if r.Pad < 0 || r.Pad > MaxPad {
		return &estimator.ParamError{Param: "Pad", Value: r.Pad, Reason: fmt.Sprintf("must be in [0, %d]", MaxPad)}
	}
	return nil
}

// Apply shifts each image of x by its random offset.
func (r RandomCrop) Apply(x *tensor.Dense, rng *rand.Rand) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("augment.RandomCrop: %w", err)
	}
	n, c, h, w, err := dims("RandomCrop", x)
	if err != nil || r.Pad == 0 {
		return err
	}
	d := x.Data()
	tmp := make([]float32, h*w)
	for i := range n {
		// The crop's top-left corner in the padded image; the source pixel of output
		// (y, x) is (y + dy, x + dx) with dy = top − Pad.
		dy := rng.IntN(2*r.Pad+1) - r.Pad
		dx := rng.IntN(2*r.Pad+1) - r.Pad
		if dy == 0 && dx == 0 {
			continue
		}
		for ch := range c {
			plane := d[(i*c+ch)*h*w : (i*c+ch+1)*h*w]
			clear(tmp)
			for y := max(0, -dy); y < min(h, h-dy); y++ {
				sy := y + dy
				x0, x1 := max(0, -dx), min(w, w-dx)
				if x0 < x1 {
					copy(tmp[y*w+x0:y*w+x1], plane[sy*w+x0+dx:sy*w+x1+dx])
				}
			}
			copy(plane, tmp)
		}
	}
	return nil
}

// HorizontalFlip mirrors each image left to right with probability P
// (torchvision RandomHorizontalFlip): one rng.Float64() per image, flipped when it
// is below P.
type HorizontalFlip struct {
	P float64 // flip probability in [0, 1]; 0 means 0.5
}

// Validate checks that P is in [0, 1].
func (f HorizontalFlip) Validate() error {
	if !(f.P >= 0 && f.P <= 1) {
		return &estimator.ParamError{Param: "P", Value: f.P, Reason: "must be in [0, 1] (0 means 0.5)"}
	}
	return nil
}

// Apply flips the chosen images of x.
func (f HorizontalFlip) Apply(x *tensor.Dense, rng *rand.Rand) error {
	if err := f.Validate(); err != nil {
		return fmt.Errorf("augment.HorizontalFlip: %w", err)
	}
	n, c, h, w, err := dims("HorizontalFlip", x)
	if err != nil {
		return err
	}
	p := f.P
	if p == 0 {
		p = 0.5
	}
	d := x.Data()
	for i := range n {
		if rng.Float64() >= p {
			continue
		}
		img := d[i*c*h*w : (i+1)*c*h*w]
		for r := 0; r < c*h; r++ {
			row := img[r*w : (r+1)*w]
			for a, b := 0, w-1; a < b; a, b = a+1, b-1 {
				row[a], row[b] = row[b], row[a]
			}
		}
	}
	return nil
}

// Normalize maps each value v of channel k to (v − Mean[k]) / Std[k]
// (torchvision Normalize), in float32 with the reciprocal of Std precomputed in
// float64. It draws nothing.
type Normalize struct {
	Mean, Std []float64 // one value per channel
}

// Validate checks that Mean and Std have the same, positive length, finite means and
// finite standard deviations > 0.
func (m Normalize) Validate() error {
	if len(m.Mean) == 0 || len(m.Mean) != len(m.Std) {
		return &estimator.ParamError{Param: "Std", Value: m.Std, Reason: fmt.Sprintf("must have one value per channel, like Mean (%d)", len(m.Mean))}
	}
	for k := range m.Mean {
		if math.IsNaN(m.Mean[k]) || math.IsInf(m.Mean[k], 0) {
			return &estimator.ParamError{Param: "Mean", Value: m.Mean, Reason: "must be finite"}
		}
		if !(m.Std[k] > 0) || math.IsInf(m.Std[k], 0) {
			return &estimator.ParamError{Param: "Std", Value: m.Std, Reason: "must be finite and > 0"}
		}
	}
	return nil
}

// Apply normalises x.
func (m Normalize) Apply(x *tensor.Dense, _ *rand.Rand) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("augment.Normalize: %w", err)
	}
	n, c, h, w, err := dims("Normalize", x)
	if err != nil {
		return err
	}
	if c != len(m.Mean) {
		return fmt.Errorf("augment.Normalize: %d channel means for a batch of %d channels: %w", len(m.Mean), c, estimator.ErrShape)
	}
	d := x.Data()
	for i := range n {
		for k := range c {
			mean, inv := float32(m.Mean[k]), float32(1/m.Std[k])
			plane := d[(i*c+k)*h*w : (i*c+k+1)*h*w]
			for j, v := range plane {
				plane[j] = (v - mean) * inv
			}
		}
	}
	return nil
}

// Compose applies its transforms in order (torchvision Compose). A nil element is an
// error.
type Compose []Transform

// Validate validates every transform.
func (t Compose) Validate() error {
	for i, tr := range t {
		if tr == nil {
			return &estimator.ParamError{Param: fmt.Sprintf("Compose[%d]", i), Value: nil, Reason: "is nil"}
		}
		if err := tr.Validate(); err != nil {
			return fmt.Errorf("augment.Compose[%d]: %w", i, err)
		}
	}
	return nil
}

// Apply applies the transforms in order, stopping at the first error.
func (t Compose) Apply(x *tensor.Dense, rng *rand.Rand) error {
	if err := t.Validate(); err != nil {
		return err
	}
	for i, tr := range t {
		if err := tr.Apply(x, rng); err != nil {
			return fmt.Errorf("augment.Compose[%d]: %w", i, err)
		}
	}
	return nil
}
