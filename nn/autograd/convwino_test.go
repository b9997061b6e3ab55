package autograd

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestConvWinograd checks the Winograd F(2×2, 3×3) convolution against direct
// float64 loops (output and the three gradients, the input's both added to an
// existing gradient and fresh), on square and rectangular planes down to 2×2 and
// batches that are and are not multiples of the vector width, and requires the
// same bits with 1, 2 and 3 threads; then again in blocks of 8 samples, whose
// output must be the same bits (the gradients sum the blocks in another order). The channel and plane limits are lifted so that small cases take the
// path.
func TestConvWinograd(t *testing.T) {
	require.True(t, useWinograd(8, 128, 256, 3, 3, 8, 8, ConvParams{Stride: 1, Pad: 1, Dilation: 1}))
	require.False(t, useWinograd(8, 64, 64, 3, 3, 8, 8, ConvParams{Stride: 1, Pad: 1, Dilation: 1}), "few channels")
	require.False(t, useWinograd(8, 256, 256, 3, 3, 16, 16, ConvParams{Stride: 1, Pad: 1, Dilation: 1}), "large plane")
	require.False(t, useWinograd(8, 256, 256, 3, 3, 4, 4, ConvParams{Stride: 2, Pad: 1, Dilation: 1}), "stride")
	require.False(t, useWinograd(8, 256, 256, 3, 3, 2, 2, ConvParams{Stride: 1, Pad: 0, Dilation: 1}), "padding")
	require.False(t, useWinograd(8, 256, 256, 3, 3, 5, 5, ConvParams{Stride: 1, Pad: 1, Dilation: 1}), "odd plane")
	require.False(t, useWinograd(7, 256, 256, 3, 3, 4, 4, ConvParams{Stride: 1, Pad: 1, Dilation: 1}), "small batch")

	savedC, savedP, savedN := wgMinChannels, wgMaxPlane, wgMinBatch
	wgMinChannels, wgMaxPlane, wgMinBatch = 1, 1<<20, 1
	defer func() { wgMinChannels, wgMaxPlane, wgMinBatch = savedC, savedP, savedN }()
	p := ConvParams{Stride: 1, Pad: 1, Dilation: 1}
	rng := rand.New(rand.NewPCG(31, 32))
	for _, cs := range []struct{ n, c, h, w, o int }{
		{3, 5, 4, 4, 6}, {9, 4, 2, 6, 3}, {1, 3, 2, 2, 2}, {17, 3, 4, 2, 4},
		{16, 2, 6, 4, 2}, {4, 16, 8, 8, 8}, {20, 7, 6, 8, 5}, {5, 40, 2, 2, 33},
	} {
		t.Run(fmt.Sprintf("%+v", cs), func(t *testing.T) {
			x, w, b := randT(rng, cs.n, cs.c, cs.h, cs.w), randT(rng, cs.o, cs.c, 3, 3), randT(rng, cs.o)
			gy := randT(rng, cs.n, cs.o, cs.h, cs.w)
			before := append([]float32(nil), x.Data()...)
			out, dx, dw, db := directConv(x, w, b, gy, p)
			for _, fresh := range []bool{false, true} {
				r := runConv(x, w, b, gy, p, fresh)
				requireNear(t, "out", out, r.out, 1e-4)
				requireNear(t, "dx", dx, r.dx, 1e-4)
				requireNear(t, "dw", dw, r.dw, 1e-4)
				requireNear(t, "db", db, r.db, 1e-4)
			}
			require.Equal(t, before, x.Data(), "input modified")
			ref := runConv(x, w, b, gy, p, true)
			for _, procs := range []int{1, 3} {
				prev := runtime.GOMAXPROCS(procs)
				r := runConv(x, w, b, gy, p, true)
				runtime.GOMAXPROCS(prev)
				require.Equal(t, ref, r, "%d threads", procs)
			}
			// blocks of 8 samples (the last one partial where n is not a multiple)
			savedB := wgBlockValues
			wgBlockValues = 1
			defer func() { wgBlockValues = savedB }()
			for _, fresh := range []bool{false, true} {
				r := runConv(x, w, b, gy, p, fresh)
				requireNear(t, "out (blocks)", out, r.out, 1e-4)
				requireNear(t, "dx (blocks)", dx, r.dx, 1e-4)
				requireNear(t, "dw (blocks)", dw, r.dw, 1e-4)
				requireNear(t, "db (blocks)", db, r.db, 1e-4)
				if !fresh {
					continue
				}
				requireSameBits(t, ref.out, r.out, "forward in blocks")
			}
		})
	}
}

// TestConvWinogradDefault runs a layer that takes the Winograd path at the
// default limits (128 channels, 4×4 maps, a batch of 8) against float64 loops.
func TestConvWinogradDefault(t *testing.T) {
	if testing.Short() {
		t.Skip("float64 loops over 19M multiply-adds")
	}
	const n, c, o, hw = 8, 128, 128, 4
	p := ConvParams{Stride: 1, Pad: 1, Dilation: 1}
	require.True(t, useWinograd(n, c, o, 3, 3, hw, hw, p))
	rng := rand.New(rand.NewPCG(33, 34))
	x, w, b := randT(rng, n, c, hw, hw), randT(rng, o, c, 3, 3), randT(rng, o)
	gy := randT(rng, n, o, hw, hw)
	out, dx, dw, db := directConv(x, w, b, gy, p)
	r := runConv(x, w, b, gy, p, true)
	requireNear(t, "out", out, r.out, 1e-4)
	requireNear(t, "dx", dx, r.dx, 1e-4)
	requireNear(t, "dw", dw, r.dw, 1e-4)
	requireNear(t, "db", db, r.db, 1e-4)
}
