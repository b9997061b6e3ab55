package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// The transform matrices of wino.go, for the float64 references.
var (
	winoBT = [4][4]float64{{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}}
	winoAT = [2][4]float64{{1, 1, 1, 0}, {0, 1, -1, -1}}
	winoG  = [4][3]float64{{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}}
)

// winoCase is a lane count and the strides the tests use: lanes at +l, rows and
// columns of a patch or tile rs and cs apart, the 16 (or 9) matrices ld apart.
type winoCase struct{ n, rs, cs, ld int }

var winoCases = []winoCase{
	{1, 40, 3, 5}, {7, 90, 11, 13}, {8, 100, 8, 8}, {9, 200, 9, 11}, {16, 300, 20, 16},
	{17, 400, 19, 23}, {40, 900, 40, 41}, {128, 1300, 128, 130},
}

// winoData returns n random values with about one in eight special (the kernels
// must pass NaN, ±Inf, ±0 and subnormals on as the Go bodies do).
func winoData(rng *rand.Rand, n int) []float32 { return vecData(rng, n, false) }

// winoRun runs f on guarded copies of dst's initial values at both levels and
// requires the same bits; it returns them.
func winoRun(t *testing.T, init []float32, f func(dst []float32)) []uint32 {
	vec, plain := bothLevels(func() []uint32 {
		dst, check := guarded(len(init))
		copy(dst, init)
		f(dst)
		check(t)
		return bits(dst)
	})
	require.Equal(t, plain, vec)
	return vec
}

func finite(x []float32) []float32 {
	y := append([]float32(nil), x...)
	for i, v := range y {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			y[i] = 0.5
		}
	}
	return y
}

func TestWinoInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	for _, c := range winoCases {
		src := winoData(rng, 3*c.rs+3*c.cs+c.n)
		size := 15*c.ld + c.n
		winoRun(t, winoData(rng, size), func(dst []float32) { WinoInput(dst, c.ld, src, c.rs, c.cs, c.n) })
		// against Bᵀ d B in float64, on finite data
		fs := finite(src)
		dst := make([]float32, size)
		WinoInput(dst, c.ld, fs, c.rs, c.cs, c.n)
		for l := range c.n {
			for k := range 16 {
				var want float64
				for i := range 4 {
					for j := range 4 {
						want += winoBT[k/4][i] * float64(fs[i*c.rs+j*c.cs+l]) * winoBT[k%4][j]
					}
				}
				require.InDelta(t, want, float64(dst[k*c.ld+l]), 1e-5*(1+math.Abs(want)), "case %+v lane %d ξ %d", c, l, k)
			}
		}
	}
}

func TestWinoOutput(t *testing.T) {
	rng := rand.New(rand.NewPCG(53, 54))
	for _, c := range winoCases {
		src := winoData(rng, 15*c.ld+c.n)
		size := c.rs + c.cs + c.n
		for _, bias := range []float32{0, 1.5, float32(math.NaN())} {
			winoRun(t, winoData(rng, size), func(dst []float32) { WinoOutput(dst, c.rs, c.cs, src, c.ld, bias, c.n) })
		}
		fs := finite(src)
		dst := make([]float32, size)
		WinoOutput(dst, c.rs, c.cs, fs, c.ld, 0.25, c.n)
		for l := range c.n {
			for r := range 2 {
				for cc := range 2 {
					want := 0.25
					for i := range 4 {
						for j := range 4 {
							want += winoAT[r][i] * float64(fs[(4*i+j)*c.ld+l]) * winoAT[cc][j]
						}
					}
					require.InDelta(t, want, float64(dst[r*c.rs+cc*c.cs+l]), 1e-5*(1+math.Abs(want)))
				}
			}
		}
	}
}

func TestWinoWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(55, 56))
	for _, c := range winoCases {
		src := winoData(rng, 8*c.ld+c.n)
		size := 15*c.ld + c.n
		winoRun(t, winoData(rng, size), func(dst []float32) { WinoWeights(dst, c.ld, src, c.ld, c.n) })
		fs := finite(src)
		dst := make([]float32, size)
		WinoWeights(dst, c.ld, fs, c.ld, c.n)
		for l := range c.n {
			for k := range 16 {
				var want float64
				for a := range 3 {
					for b := range 3 {
						want += winoG[k/4][a] * float64(fs[(3*a+b)*c.ld+l]) * winoG[k%4][b]
					}
				}
				require.InDelta(t, want, float64(dst[k*c.ld+l]), 1e-5*(1+math.Abs(want)))
			}
		}
	}
}

// dot64 is Σ a·b in float64.
func dot64(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

// TestWinoAdjoints checks each adjoint kernel against its forward transform by
// ⟨F x, y⟩ = ⟨x, Fᵀ y⟩ on finite data (the adjoints add into their destination,
// which starts at zero here), and the two levels' bits on data with specials and
// a nonzero destination.
func TestWinoAdjoints(t *testing.T) {
	rng := rand.New(rand.NewPCG(57, 58))
	for _, c := range winoCases {
		n, ld := c.n, c.ld
		big := 15*ld + n             // 16 matrices
		patch := 3*c.rs + 3*c.cs + n // a 4×4 patch
		tile := c.rs + c.cs + n      // a 2×2 tile
		kern := 8*ld + n             // 9 matrices

		// input: x a patch, y 16 matrices
		x, y := finite(winoData(rng, patch)), finite(winoData(rng, big))
		fx, fty := make([]float32, big), make([]float32, patch)
		WinoInput(fx, ld, x, c.rs, c.cs, n)
		WinoInputAdjoint(fty, c.rs, c.cs, y, ld, n)
		require.InDelta(t, dot64(fx, y), dot64(x, fty), 1e-4*(1+math.Abs(dot64(fx, y))), "input %+v", c)
		src := winoData(rng, big)
		winoRun(t, winoData(rng, patch), func(dst []float32) { WinoInputAdjoint(dst, c.rs, c.cs, src, ld, n) })

		// output (without bias): x 16 matrices, y a tile
		x, y = finite(winoData(rng, big)), finite(winoData(rng, tile))
		fx, fty = make([]float32, tile), make([]float32, big)
		WinoOutput(fx, c.rs, c.cs, x, ld, 0, n)
		WinoOutputAdjoint(fty, ld, y, c.rs, c.cs, n)
		require.InDelta(t, dot64(fx, y), dot64(x, fty), 1e-4*(1+math.Abs(dot64(fx, y))), "output %+v", c)
		src = winoData(rng, tile)
		winoRun(t, winoData(rng, big), func(dst []float32) { WinoOutputAdjoint(dst, ld, src, c.rs, c.cs, n) })

		// weights: x 9 matrices, y 16
		x, y = finite(winoData(rng, kern)), finite(winoData(rng, big))
		fx, fty = make([]float32, big), make([]float32, kern)
		WinoWeights(fx, ld, x, ld, n)
		WinoWeightsAdjoint(fty, ld, y, ld, n)
		require.InDelta(t, dot64(fx, y), dot64(x, fty), 1e-4*(1+math.Abs(dot64(fx, y))), "weights %+v", c)
		src = winoData(rng, big)
		winoRun(t, winoData(rng, kern), func(dst []float32) { WinoWeightsAdjoint(dst, ld, src, ld, n) })
	}
}
