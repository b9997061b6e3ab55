package tensor

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/nn/internal/kernels"
)

func randTensor(rng *rand.Rand, shape ...int) *Dense {
	t := New(shape...)
	for i := range t.data {
		t.data[i] = float32(rng.NormFloat64())
	}
	return t
}

func naiveMatMul(a *Dense, ta bool, b *Dense, tb bool) []float64 {
	m, k := a.shape[0], a.shape[1]
	if ta {
		m, k = k, m
	}
	n := b.shape[1]
	if tb {
		n = b.shape[0]
	}
	out := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				var av, bv float32
				if ta {
					av = a.data[p*a.shape[1]+i]
				} else {
					av = a.data[i*a.shape[1]+p]
				}
				if tb {
					bv = b.data[j*b.shape[1]+p]
				} else {
					bv = b.data[p*b.shape[1]+j]
				}
				s += float64(av) * float64(bv)
			}
			out[i*n+j] = s
		}
	}
	return out
}

func TestMatMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, s := range [][3]int{{2, 3, 4}, {100, 500, 80}, {200, 20, 25}, {97, 130, 257}, {20, 25, 9000}} {
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			m, n, k := s[0], s[1], s[2]
			t.Run(fmt.Sprintf("%v/%v", s, tr), func(t *testing.T) {
				a := randTensor(rng, m, k)
				if tr[0] {
					a = randTensor(rng, k, m)
				}
				b := randTensor(rng, k, n)
				if tr[1] {
					b = randTensor(rng, n, k)
				}
				aCopy, bCopy := a.Clone(), b.Clone()
				var c Dense
				c.MatMulT(a, tr[0], b, tr[1])
				require.Equal(t, []int{m, n}, c.Shape())
				want := naiveMatMul(a, tr[0], b, tr[1])
				for i, w := range want {
					require.InDelta(t, w, float64(c.data[i]), 1e-3*(1+abs(w)))
				}
				assert.Equal(t, aCopy.data, a.data, "inputs unchanged")
				assert.Equal(t, bCopy.data, b.data, "inputs unchanged")

				// Bit-identical for any GOMAXPROCS.
				prev := runtime.GOMAXPROCS(1)
				var c1 Dense
				c1.MatMulT(a, tr[0], b, tr[1])
				runtime.GOMAXPROCS(prev)
				assert.Equal(t, c.data, c1.data)
			})
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestMatMulShapeErrors(t *testing.T) {
	a, b := New(2, 3), New(4, 5)
	assert.PanicsWithError(t, "tensor.MatMul: shape mismatch [2 3] vs [4 5]", func() { new(Dense).MatMul(a, b) })
	assert.Panics(t, func() { New(3, 3).MatMul(New(2, 3), New(3, 4)) })
	assert.Panics(t, func() { new(Dense).MatMul(New(2, 3, 1), New(3, 4)) })
}

func TestReshapeAndBinary(t *testing.T) {
	x := FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	v := x.Reshape(3, -1)
	assert.Equal(t, []int{3, 2}, v.Shape())
	v.Set(9, 0, 1)
	assert.Equal(t, float32(9), x.At(0, 1), "a reshape is a view")
	assert.Panics(t, func() { x.Reshape(4, -1) })
	assert.Panics(t, func() { x.At(2, 0) })

	b, err := x.MarshalBinary()
	require.NoError(t, err)
	var y Dense
	require.NoError(t, y.UnmarshalBinary(b))
	assert.Equal(t, x.Shape(), y.Shape())
	assert.Equal(t, x.Data(), y.Data())
	for cut := 0; cut < len(b); cut++ {
		assert.Error(t, new(Dense).UnmarshalBinary(b[:cut]), "truncated at %d", cut)
	}
}

func BenchmarkMatMul(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range [][3]int{{256, 256, 256}, {6400, 50, 500}, {100, 500, 800}} {
		x, y := randTensor(rng, s[0], s[2]), randTensor(rng, s[2], s[1])
		var c Dense
		b.Run(fmt.Sprintf("%dx%dx%d", s[0], s[1], s[2]), func(b *testing.B) {
			b.SetBytes(int64(2 * s[0] * s[1] * s[2]))
			for b.Loop() {
				c.MatMul(x, y)
			}
		})
	}
}

// TestGemmSplitK covers alpha and beta on the k-split path (small output, long k).
func TestGemmSplitK(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	m, n, k := 7, 19, 3*splitK+5
	a, b := randTensor(rng, k, m), randTensor(rng, n, k)
	want := naiveMatMul(a, true, b, true)
	for _, beta := range []float32{0, 1, 0.25} {
		c := randTensor(rng, m, n)
		c0 := c.Clone()
		c.Gemm(0.5, a, true, b, true, beta)
		for i, w := range want {
			exp := 0.5*w + float64(beta)*float64(c0.data[i])
			require.InDelta(t, exp, float64(c.data[i]), 1e-3*(1+abs(exp)), "beta %v", beta)
		}
	}
}

// TestGemmTilingExact checks that the parallel tiling does not change a single bit:
// every output element is summed in the same order as by one kernel call.
func TestGemmTilingExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, s := range [][3]int{{500, 6400, 50}, {50, 500, 700}, {100, 800, 500}, {506, 64, 13}, {1000, 300, 40}} {
		m, n, k := s[0], s[1], s[2]
		a, b := randTensor(rng, k, m), randTensor(rng, k, n)
		var c Dense
		c.MatMulT(a, true, b, false)
		want := make([]float32, m*n)
		kernels.Sgemm(true, false, m, n, k, 1, a.data, m, b.data, n, 0, want, n)
		require.Equal(t, want, c.data, "%v", s)
	}
	// Products split into column tiles, with any alpha and beta and either layout
	// of A and B: the same bits as one kernel call.
	for _, tr := range [][2]bool{{false, false}, {true, true}} {
		m, n, k := 300, 2000, 600
		a, b := randTensor(rng, m, k), randTensor(rng, k, n)
		if tr[0] {
			a = randTensor(rng, k, m)
		}
		if tr[1] {
			b = randTensor(rng, n, k)
		}
		c := randTensor(rng, m, n)
		want := append([]float32(nil), c.data...)
		c.Gemm(-0.75, a, tr[0], b, tr[1], 0.5)
		kernels.Sgemm(tr[0], tr[1], m, n, k, -0.75, a.data, a.shape[1], b.data, b.shape[1], 0.5, want, n)
		require.Equal(t, want, c.data, "%v", tr)
	}
}

func TestDecodeShapeBounds(t *testing.T) {
	enc := func(dims ...uint32) []byte {
		b := binary.LittleEndian.AppendUint32(nil, uint32(len(dims)))
		for _, d := range dims {
			b = binary.LittleEndian.AppendUint32(b, d)
		}
		return b
	}
	for name, b := range map[string][]byte{
		"product beyond the bytes":  append(enc(1<<31, 1<<31), make([]byte, 16)...),
		"product overflowing int64": append(enc(1<<31, 1<<31, 1<<31, 1<<31, 1<<31), make([]byte, 8)...),
		"rank too large":            enc(make([]uint32, 17)...),
		"truncated dims":            binary.LittleEndian.AppendUint32(nil, 3),
		"data one byte short":       append(enc(2, 2), make([]byte, 15)...),
	} {
		_, err := DecodeShape(b)
		require.ErrorIs(t, err, ErrCorrupt, name)
		var d Dense
		require.ErrorIs(t, d.UnmarshalBinary(b), ErrCorrupt, name)
	}
	shape, err := DecodeShape(enc(5, 0))
	require.NoError(t, err, "an empty tensor")
	assert.Equal(t, []int{5, 0}, shape)
	orig := FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	b, err := orig.MarshalBinary()
	require.NoError(t, err)
	shape, err = DecodeShape(b)
	require.NoError(t, err)
	assert.Equal(t, []int{2, 3}, shape)
}
