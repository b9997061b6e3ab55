package augment_test

import (
	"math/rand/v2"
	"testing"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn/augment"
	"github.com/skgo/skgo/nn/tensor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// batch returns an N×C×H×W batch whose values are 1 + their index.
func batch(n, c, h, w int) *tensor.Dense {
	x := tensor.New(n, c, h, w)
	for i := range x.Data() {
		x.Data()[i] = float32(i + 1)
	}
	return x
}

// padCrop is the reference: pad the plane with p zeros and take the h×w window at
// (top, left) of the padded plane.
func padCrop(plane []float32, h, w, p, top, left int) []float32 {
	ph, pw := h+2*p, w+2*p
	pad := make([]float32, ph*pw)
	for y := range h {
		copy(pad[(y+p)*pw+p:], plane[y*w:(y+1)*w])
	}
	out := make([]float32, h*w)
	for y := range h {
		copy(out[y*w:(y+1)*w], pad[(y+top)*pw+left:])
	}
	return out
}

func TestRandomCropMatchesPadThenCrop(t *testing.T) {
	const n, c, h, w, p = 6, 2, 5, 7, 3
	x := batch(n, c, h, w)
	orig := x.Clone()
	require.NoError(t, augment.RandomCrop{Pad: p}.Apply(x, rand.New(rand.NewPCG(1, 2))))
	ref := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		top, left := ref.IntN(2*p+1), ref.IntN(2*p+1)
		for ch := range c {
			off := (i*c + ch) * h * w
			want := padCrop(orig.Data()[off:off+h*w], h, w, p, top, left)
			assert.Equal(t, want, x.Data()[off:off+h*w], "image %d channel %d (top %d, left %d)", i, ch, top, left)
		}
	}
	// A shift larger than the image leaves zeros.
	y := batch(4, 1, 2, 2)
	require.NoError(t, augment.RandomCrop{Pad: 5}.Apply(y, rand.New(rand.NewPCG(3, 4))))
	for _, v := range y.Data() {
		assert.True(t, v == 0 || v >= 1)
	}
}

func TestHorizontalFlip(t *testing.T) {
	x := batch(50, 2, 2, 3)
	orig := x.Clone()
	require.NoError(t, augment.HorizontalFlip{}.Apply(x, rand.New(rand.NewPCG(5, 6))))
	ref := rand.New(rand.NewPCG(5, 6))
	flipped := 0
	for i := range 50 {
		flip := ref.Float64() < 0.5
		for r := range 4 { // 2 channels × 2 rows
			row := orig.Data()[i*12+r*3 : i*12+r*3+3]
			got := x.Data()[i*12+r*3 : i*12+r*3+3]
			if flip {
				assert.Equal(t, []float32{row[2], row[1], row[0]}, got)
			} else {
				assert.Equal(t, row, got)
			}
		}
		if flip {
			flipped++
		}
	}
	assert.True(t, flipped > 10 && flipped < 40, "flipped %d of 50", flipped)

	all := batch(3, 1, 1, 4)
	require.NoError(t, augment.HorizontalFlip{P: 1}.Apply(all, rand.New(rand.NewPCG(1, 1))))
	assert.Equal(t, []float32{4, 3, 2, 1}, all.Data()[:4])
}

func TestNormalize(t *testing.T) {
	x := batch(2, 2, 1, 2)
	require.NoError(t, augment.Normalize{Mean: []float64{1, 2}, Std: []float64{2, 0.5}}.Apply(x, nil))
	assert.InDeltaSlice(t, []float32{0, 0.5, 2, 4, 2, 2.5, 10, 12}, x.Data(), 1e-6)
}

func TestComposeDeterministic(t *testing.T) {
	tr := augment.Compose{augment.RandomCrop{Pad: 2}, augment.HorizontalFlip{}, augment.Normalize{Mean: []float64{0.5, 0.5, 0.5}, Std: []float64{0.25, 0.25, 0.25}}}
	a, b := batch(8, 3, 6, 6), batch(8, 3, 6, 6)
	require.NoError(t, tr.Apply(a, rand.New(rand.NewPCG(9, 9))))
	require.NoError(t, tr.Apply(b, rand.New(rand.NewPCG(9, 9))))
	assert.Equal(t, a.Data(), b.Data())
	c := batch(8, 3, 6, 6)
	require.NoError(t, tr.Apply(c, rand.New(rand.NewPCG(9, 10))))
	assert.NotEqual(t, a.Data(), c.Data())
}

func TestErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	var pe *estimator.ParamError
	for name, tr := range map[string]augment.Transform{
		"negative pad":   augment.RandomCrop{Pad: -1},
		"huge pad":       augment.RandomCrop{Pad: augment.MaxPad + 1},
		"p above 1":      augment.HorizontalFlip{P: 1.5},
		"p NaN":          augment.HorizontalFlip{P: nan()},
		"std zero":       augment.Normalize{Mean: []float64{0}, Std: []float64{0}},
		"std short":      augment.Normalize{Mean: []float64{0, 1}, Std: []float64{1}},
		"empty":          augment.Normalize{},
		"mean Inf":       augment.Normalize{Mean: []float64{inf()}, Std: []float64{1}},
		"nil in compose": augment.Compose{augment.HorizontalFlip{}, nil},
	} {
		x := batch(1, 1, 2, 2)
		orig := x.Clone()
		err := tr.Apply(x, rng)
		require.Error(t, err, name)
		assert.ErrorAs(t, err, &pe, name)
		assert.Equal(t, orig.Data(), x.Data(), name)
	}
	for name, tr := range map[string]augment.Transform{
		"crop":      augment.RandomCrop{Pad: 1},
		"flip":      augment.HorizontalFlip{},
		"normalize": augment.Normalize{Mean: []float64{0}, Std: []float64{1}},
	} {
		assert.ErrorIs(t, tr.Apply(tensor.New(2, 3), rng), estimator.ErrShape, name)
		assert.ErrorIs(t, tr.Apply(nil, rng), estimator.ErrShape, name)
	}
	assert.ErrorIs(t, augment.Normalize{Mean: []float64{0}, Std: []float64{1}}.Apply(batch(1, 3, 2, 2), rng), estimator.ErrShape)
}

func nan() float64 { z := 0.0; return z / z }
func inf() float64 { z := 0.0; return 1 / z }
