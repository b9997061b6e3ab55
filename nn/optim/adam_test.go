package optim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAdamVectorMatchesScalar runs the Adam update with and without the vector path
// on odd sizes and requires the same bits in p, m and v, and that nothing past the
// slices' ends is written (guard values behind them).
func TestAdamVectorMatchesScalar(t *testing.T) {
	if !hasAVX {
		t.Log("no vector path on this build or CPU; checking the scalar loop alone")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	const guard = 5
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 63, 1027} {
		base := make([][]float32, 4) // p, g, m, v with guard cells
		for k := range base {
			base[k] = make([]float32, n+guard)
			for i := range base[k] {
				base[k][i] = float32(rng.NormFloat64())
			}
		}
		for i := range base[3] {
			base[3][i] = float32(math.Abs(float64(base[3][i]))) // v ≥ 0
		}
		run := func(vector bool) [][]float32 {
			prev := hasAVX
			hasAVX = hasAVX && vector
			defer func() { hasAVX = prev }()
			c := make([][]float32, 4)
			for k := range c {
				c[k] = append([]float32(nil), base[k]...)
			}
			for step := 1; step <= 3; step++ {
				adamUpdate(c[0][:n], c[1][:n], [][]float32{c[2][:n], c[3][:n]}, step, 1e-3, 0, 0, 0, 0, false)
			}
			return c
		}
		want, got := run(false), run(true)
		for k := range want {
			for i := range want[k] {
				require.Equal(t, math.Float32bits(want[k][i]), math.Float32bits(got[k][i]), "n=%d buffer %d element %d", n, k, i)
			}
			for i := n; i < n+guard; i++ {
				require.Equal(t, base[k][i], got[k][i], "n=%d buffer %d: guard %d overwritten", n, k, i)
			}
		}
	}
}
