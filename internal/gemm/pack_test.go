package gemm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPackA checks packA (the vector transposes and copies on amd64, its loops
// elsewhere) against its loops alone: every tile height, partial panels, step
// counts around the block size, both orientations, in a guarded buffer.
func TestPackA(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	const fence = -98765.25
	for _, mr := range []int{6, 14} {
		for _, mb := range []int{1, 3, 4, 5, 6, 9, 14, 20, 29} {
			for _, kb := range []int{1, 3, 4, 5, 8, 13, 64} {
				for _, trans := range []bool{false, true} {
					lda := kb + 3
					rows := mb + 2
					if trans {
						lda, rows = mb+5, kb+2
					}
					a := make([]float64, rows*lda)
					for i := range a {
						a[i] = rng.NormFloat64()
					}
					size := (mb + mr - 1) / mr * mr * kb
					run := func() []uint64 {
						buf := make([]float64, size+5)
						for i := range buf {
							buf[i] = fence
						}
						packA(trans, a, lda, 1, 1, mb, kb, mr, 0.5, buf[:size])
						for i := size; i < len(buf); i++ {
							require.Equal(t, float64(fence), buf[i], "guard %d written", i-size)
						}
						out := make([]uint64, len(buf))
						for i, v := range buf {
							out[i] = math.Float64bits(v)
						}
						return out
					}
					vec := run()
					restore := setISA(isaGeneric)
					plain := run()
					restore()
					require.Equal(t, plain, vec, "mr=%d mb=%d kb=%d trans=%v", mr, mb, kb, trans)
				}
			}
		}
	}
}
