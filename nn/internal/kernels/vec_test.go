package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
)

// vecLengths cover empty, shorter than a vector, the 8- and 32-wide loops and
// their tails.
var vecLengths = []int{0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 100, 257}

// specials are the values whose bits the kernels must treat as the Go bodies do.
var specials = []float32{0, float32(math.Copysign(0, -1)), 1, -1, float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 1e-40, -1e-40}

// vecData returns n values, about one in eight of them special, and with dup set
// many exact repeats (ties for the pooling).
func vecData(rng *rand.Rand, n int, dup bool) []float32 {
	x := make([]float32, n)
	for i := range x {
		switch {
		case rng.IntN(8) == 0:
			x[i] = specials[rng.IntN(len(specials))]
		case dup:
			x[i] = float32(rng.IntN(3) - 1)
		default:
			x[i] = float32(rng.NormFloat64())
		}
	}
	return x
}

// guarded returns a slice of n values inside a buffer with guard values after it,
// and a check that the guards are intact.
func guarded(n int) ([]float32, func(t *testing.T)) {
	buf := make([]float32, n+9)
	for i := range buf {
		buf[i] = guard
	}
	return buf[:n], func(t *testing.T) {
		for i := n; i < len(buf); i++ {
			require.Equal(t, guard, buf[i], "guard %d written", i-n)
		}
	}
}

// bothLevels runs f with the vector kernels on (when the CPU has them) and off,
// and returns the two results; on AVX-512 CPUs it checks that the AVX2 level
// agrees with the AVX-512 one.
func bothLevels[T any](f func() T) (vec, plain T) {
	vec = f()
	if hasISA > isaAVX2 {
		restore := setISA(isaAVX2)
		avx2 := f()
		restore()
		if !reflect.DeepEqual(vec, avx2) {
			panic(fmt.Sprintf("AVX2 and AVX-512 kernels differ: %v and %v", avx2, vec))
		}
	}
	restore := setISA(isaGeneric)
	defer restore()
	return vec, f()
}

// bits returns the bits of x with every NaN as the one quiet NaN: the kernels
// promise the Go bodies' bits, NaN payloads and signs aside (which NaN operand an
// instruction passes on is the hardware's choice, and the compiler's operand order).
func bits(x []float32) []uint32 {
	b := make([]uint32, len(x))
	for i, v := range x {
		b[i] = fbits(v)
	}
	return b
}

func fbits(v float32) uint32 {
	if v != v {
		return 0x7fc00000
	}
	return math.Float32bits(v)
}

func TestReLU(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range vecLengths {
		src := vecData(rng, n, false)
		vec, plain := bothLevels(func() []uint32 {
			dst, check := guarded(n)
			ReLU(dst, src)
			check(t)
			return bits(dst)
		})
		require.Equal(t, plain, vec, "n=%d", n)
		for i, x := range src {
			want := float32(0)
			if x > 0 || x != x {
				want = x
			}
			require.Equal(t, fbits(want), vec[i], "n=%d i=%d x=%v", n, i, x)
		}
	}
	x := []float32{-1, 2, float32(math.NaN()), -3, 4, 5, -6, 7, 8}
	ReLU(x, x) // in place
	require.Equal(t, []float32{0, 2}, x[:2])
}

func TestReLUGrad(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range vecLengths {
		g, x, d0 := vecData(rng, n, false), vecData(rng, n, false), vecData(rng, n, false)
		for _, set := range []bool{false, true} {
			vec, plain := bothLevels(func() []uint32 {
				dst, check := guarded(n)
				copy(dst, d0)
				ReLUGrad(dst, g, x, set)
				check(t)
				return bits(dst)
			})
			require.Equal(t, plain, vec, "n=%d set=%v", n, set)
			for i := range g {
				var m float32
				if x[i] > 0 {
					m = g[i]
				}
				want := d0[i] + m
				if set {
					want = 0 + m
				}
				require.Equal(t, fbits(want), vec[i], "n=%d i=%d set=%v", n, i, set)
			}
		}
	}
}

func TestAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for _, n := range vecLengths {
		src, d0 := vecData(rng, n, false), vecData(rng, n, false)
		vec, plain := bothLevels(func() []uint32 {
			dst, check := guarded(n)
			copy(dst, d0)
			Add(dst, src)
			check(t)
			return bits(dst)
		})
		require.Equal(t, plain, vec, "n=%d", n)
		for i := range src {
			require.Equal(t, fbits(d0[i]+src[i]), vec[i], "n=%d i=%d", n, i)
		}
	}
}

func TestSumTo(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	for _, n := range vecLengths {
		a, b := vecData(rng, n, false), vecData(rng, n, false)
		vec, plain := bothLevels(func() []uint32 {
			dst, check := guarded(n)
			SumTo(dst, a, b)
			check(t)
			return bits(dst)
		})
		require.Equal(t, plain, vec, "n=%d", n)
		for i := range a {
			require.Equal(t, fbits(a[i]+b[i]), vec[i], "n=%d i=%d", n, i)
		}
	}
}

func TestAddConst(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	for _, n := range vecLengths {
		src := vecData(rng, n, false)
		for _, c := range specials {
			vec, plain := bothLevels(func() []uint32 {
				dst, check := guarded(n)
				AddConst(dst, src, c)
				check(t)
				return bits(dst)
			})
			require.Equal(t, plain, vec, "n=%d c=%v", n, c)
			for i := range src {
				require.Equal(t, fbits(src[i]+c), vec[i], "n=%d i=%d c=%v", n, i, c)
			}
		}
	}
}

func TestAddRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for _, n := range []int{0, 1, 7, 15, 16, 17, 31, 33} {
		for _, rows := range []int{0, 1, 3} {
			ldd, lds := n+3, n+1
			size := max(0, (rows-1)*ldd+n)
			src := vecData(rng, max(0, (rows-1)*lds+n), false)
			d0 := vecData(rng, size, false)
			vec, plain := bothLevels(func() []uint32 {
				dst, check := guarded(size)
				copy(dst, d0)
				AddRows(dst, ldd, src, lds, rows, n)
				check(t)
				return bits(dst)
			})
			require.Equal(t, plain, vec, "n=%d rows=%d", n, rows)
			for r := 0; r < rows; r++ {
				for i := 0; i < ldd && r*ldd+i < size; i++ {
					want := d0[r*ldd+i]
					if i < n {
						want += src[r*lds+i]
					}
					require.Equal(t, fbits(want), vec[r*ldd+i], "n=%d rows=%d (%d,%d)", n, rows, r, i)
				}
			}
		}
	}
}

func TestFill(t *testing.T) {
	for _, n := range vecLengths {
		for _, v := range specials {
			vec, plain := bothLevels(func() []uint32 {
				dst, check := guarded(n)
				Fill(dst, v)
				check(t)
				return bits(dst)
			})
			require.Equal(t, plain, vec, "n=%d", n)
			for i := range vec {
				require.Equal(t, fbits(v), vec[i])
			}
		}
	}
}

func TestAxpy(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	for _, n := range vecLengths {
		src, d0 := vecData(rng, n, false), vecData(rng, n, false)
		const a = -0.375
		vec, plain := bothLevels(func() []uint32 {
			dst, check := guarded(n)
			copy(dst, d0)
			Axpy(dst, src, a)
			check(t)
			return bits(dst)
		})
		require.Equal(t, plain, vec, "n=%d", n)
		for i := range src {
			p := a * src[i]
			require.Equal(t, fbits(d0[i]+p), vec[i], "n=%d i=%d", n, i)
		}
	}
}

func TestBatchNormGrad(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	const m, s, mg, mgh, sc = 0.25, 1.5, -0.125, 0.75, 0.5
	for _, n := range vecLengths {
		dy, x, d0 := vecData(rng, n, false), vecData(rng, n, false), vecData(rng, n, false)
		type sums struct{ s, d uint32 }
		vec, plain := bothLevels(func() sums {
			a, b := BatchNormGradSums(dy, x, m, s)
			return sums{fbits(a), fbits(b)}
		})
		require.Equal(t, plain, vec, "n=%d", n)
		var as, ad [8]float32
		for i := range dy {
			as[i%8] += dy[i]
			ad[i%8] += dy[i] * ((x[i] - m) * s)
		}
		comb := func(a [8]float32) uint32 {
			return fbits(((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7])))
		}
		require.Equal(t, sums{comb(as), comb(ad)}, vec, "n=%d", n)

		vg, pg := bothLevels(func() []uint32 {
			dst, check := guarded(n)
			copy(dst, d0)
			BatchNormGradApply(dst, dy, x, m, s, mg, mgh, sc)
			check(t)
			return bits(dst)
		})
		require.Equal(t, pg, vg, "n=%d", n)
		for i := range dy {
			xh := (x[i] - m) * s
			u := xh * mgh
			v := (dy[i] - mg) - u
			w := sc * v
			require.Equal(t, fbits(d0[i]+w), vg[i], "n=%d i=%d", n, i)
		}
	}
}

func TestNormalize(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range vecLengths {
		src := vecData(rng, n, false)
		for _, relu := range []bool{false, true} {
			const m, s, g, b = 0.25, 1.75, -0.5, 0.125
			vec, plain := bothLevels(func() []uint32 {
				dst, check := guarded(n)
				Normalize(dst, src, m, s, g, b, relu)
				check(t)
				return bits(dst)
			})
			require.Equal(t, plain, vec, "n=%d relu=%v", n, relu)
			for i, v := range src {
				y := g*((v-m)*s) + b
				if relu && !(y > 0 || y != y) {
					y = 0
				}
				require.Equal(t, fbits(y), vec[i], "n=%d i=%d", n, i)
			}
		}
	}
}

func TestSumRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, w := range []int{1, 7, 8, 15, 32, 33, 64, 71} {
		for _, rows := range []int{0, 1, 3, 10} {
			src, d0 := vecData(rng, rows*w, false), vecData(rng, w, false)
			vec, plain := bothLevels(func() []uint32 {
				dst, check := guarded(w)
				copy(dst, d0)
				SumRows(dst, src)
				check(t)
				return bits(dst)
			})
			require.Equal(t, plain, vec, "w=%d rows=%d", w, rows)
			for j := 0; j < w; j++ {
				s := d0[j]
				for r := 0; r < rows; r++ {
					s += src[r*w+j]
				}
				require.Equal(t, fbits(s), vec[j], "w=%d rows=%d j=%d", w, rows, j)
			}
		}
	}
}

func TestSum8(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range vecLengths {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(rng.NormFloat64()) * float32(math.Pow(10, float64(rng.IntN(6))))
		}
		vec, plain := bothLevels(func() uint32 { return fbits(Sum8(x)) })
		require.Equal(t, plain, vec, "n=%d", n)
		var a [8]float32
		for i, v := range x {
			a[i%8] += v
		}
		want := ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]))
		require.Equal(t, fbits(want), vec, "n=%d", n)
	}
}

func TestSumF64(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	for _, n := range vecLengths {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(rng.NormFloat64()) * float32(math.Pow(10, float64(rng.IntN(6))))
		}
		const m = 0.3
		vec, plain := bothLevels(func() [2]float64 { return [2]float64{SumF64(x), SqDevF64(x, m)} })
		require.Equal(t, plain, vec, "n=%d", n)
		var a, b [8]float64
		for i, v := range x {
			a[i%8] += float64(v)
			d := float64(v) - m
			b[i%8] += d * d
		}
		comb := func(a [8]float64) float64 { return ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7])) }
		require.Equal(t, [2]float64{comb(a), comb(b)}, vec, "n=%d", n)
	}
}

func TestMaxPool2x2Row(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{0, 1, 4, 5, 7, 8, 9, 12, 13, 16, 23, 40} {
		for _, dup := range []bool{false, true} {
			for _, nan := range []bool{false, true} {
				r0, r1 := vecData(rng, 2*n+1, dup), vecData(rng, 2*n+1, dup)
				if !nan {
					for i := range r0 {
						if r0[i] != r0[i] {
							r0[i] = 3
						}
						if r1[i] != r1[i] {
							r1[i] = -3
						}
					}
				}
				const b0, b1 = 40, 81
				type res struct{ o, at []uint32 }
				vec, plain := bothLevels(func() res {
					o, checkO := guarded(n)
					at, checkAt := guarded(n)
					MaxPool2x2Row(o, at, r0, r1, b0, b1)
					checkO(t)
					checkAt(t)
					return res{bits(o), bits(at)}
				})
				require.Equal(t, plain, vec, "n=%d dup=%v nan=%v", n, dup, nan)
				vv, pv := bothLevels(func() []uint32 {
					o, check := guarded(n)
					MaxPool2x2RowValues(o, r0, r1)
					check(t)
					return bits(o)
				})
				require.Equal(t, pv, vv, "values: n=%d dup=%v nan=%v", n, dup, nan)
				require.Equal(t, vec.o, vv, "values against MaxPool2x2Row: n=%d dup=%v nan=%v", n, dup, nan)
				for j := 0; j < n; j++ {
					w := [4]float32{r0[2*j], r0[2*j+1], r1[2*j], r1[2*j+1]}
					off := [4]int{b0 + 2*j, b0 + 2*j + 1, b1 + 2*j, b1 + 2*j + 1}
					best, bi := w[0], off[0]
					hasNaN := false
					for _, v := range w {
						hasNaN = hasNaN || v != v
					}
					if hasNaN { // PyTorch: the last NaN
						for k, v := range w {
							if v != v {
								best, bi = v, off[k]
							}
						}
					} else {
						best = max(max(w[0], w[1]), max(w[2], w[3]))
						for k := 3; k >= 0; k-- {
							if w[k] == best {
								bi = off[k]
							}
						}
					}
					require.Equal(t, fbits(best), vec.o[j], "n=%d j=%d window %v", n, j, w)
					require.Equal(t, fbits(float32(bi)), vec.at[j], "n=%d j=%d window %v", n, j, w)
				}
			}
		}
	}
}

func BenchmarkVec(b *testing.B) {
	const n = 1 << 15
	rng := rand.New(rand.NewPCG(1, 1))
	x, g, dst := vecData(rng, n, false), vecData(rng, n, false), make([]float32, n)
	finite := make([]float32, n) // the pooling redoes rows holding a NaN
	for i := range finite {
		finite[i] = float32(rng.NormFloat64())
	}
	for _, level := range []struct {
		name string
		isa  int
	}{{"go", isaGeneric}, {"vec", hasISA}} {
		restore := setISA(level.isa)
		b.Run("ReLU/"+level.name, func(b *testing.B) {
			b.SetBytes(8 * n)
			for range b.N {
				ReLU(dst, x)
			}
		})
		b.Run("ReLUGrad/"+level.name, func(b *testing.B) {
			b.SetBytes(12 * n)
			for range b.N {
				ReLUGrad(dst, g, x, false)
			}
		})
		b.Run("SumRows64/"+level.name, func(b *testing.B) {
			b.SetBytes(4 * n)
			for range b.N {
				SumRows(dst[:64], x)
			}
		})
		b.Run("Sum8/"+level.name, func(b *testing.B) {
			b.SetBytes(4 * n)
			for range b.N {
				Sum8(x)
			}
		})
		b.Run("MaxPool2x2Row/"+level.name, func(b *testing.B) {
			b.SetBytes(4 * n)
			for range b.N {
				MaxPool2x2Row(dst[:n/4], g[:n/4], finite[:n/2], finite[n/2:], 0, n/2)
			}
		})
		b.Run("ExpSum/"+level.name, func(b *testing.B) {
			b.SetBytes(8 * n)
			for range b.N {
				ExpSum(dst, finite, 4)
			}
		})
		restore()
	}
}

// TestPositiveMask checks the branch-free masks of the Go bodies against comparisons.
func TestPositiveMask(t *testing.T) {
	for _, x := range []float32{0, float32(math.Copysign(0, -1)), 1e-45, -1e-45, 1, -1, 3e38, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), -float32(math.NaN())} {
		want := uint32(0)
		if x > 0 {
			want = ^uint32(0)
		}
		require.Equal(t, want, positiveMask(x), "%v", x)
		wantNaN := uint32(0)
		if x != x {
			wantNaN = ^uint32(0)
		}
		require.Equal(t, wantNaN, nanMask(math.Float32bits(x)), "%v", x)
	}
}

// BenchmarkExpFloat64 times what ExpSum replaced in softmax: math.Exp on float64.
func BenchmarkExpFloat64(b *testing.B) {
	const n = 1 << 15
	rng := rand.New(rand.NewPCG(1, 1))
	x, dst := make([]float32, n), make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	b.SetBytes(8 * n)
	for range b.N {
		var s float64
		for i, v := range x {
			e := math.Exp(float64(v - 4))
			dst[i] = float32(e)
			s += e
		}
		sinkF64 = s
	}
}

var sinkF64 float64

func TestMulConst(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for _, n := range vecLengths {
		src := vecData(rng, n, false)
		for _, c := range specials {
			vec, plain := bothLevels(func() []uint32 {
				dst, check := guarded(n)
				MulConst(dst, src, c)
				check(t)
				return bits(dst)
			})
			require.Equal(t, plain, vec, "n=%d c=%v", n, c)
			for i := range src {
				require.Equal(t, fbits(src[i]*c), vec[i], "n=%d i=%d c=%v", n, i, c)
			}
		}
	}
}

// ulps returns how many float32 values lie between got and the float64 want
// rounded to float32.
func ulps(got float32, want float64) int64 {
	a, b := int64(math.Float32bits(got)), int64(math.Float32bits(float32(want)))
	if a > b {
		return a - b
	}
	return b - a
}

func TestExpSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	for _, n := range vecLengths {
		src := vecData(rng, n, false)
		for i := range src {
			if rng.IntN(3) == 0 { // the whole range, past both ends
				src[i] = float32(rng.Float64()*200 - 100)
			}
		}
		for _, m := range append([]float32{2.5, -3}, specials...) {
			type res struct {
				dst []uint32
				sum uint32
			}
			vec, plain := bothLevels(func() res {
				dst, check := guarded(n)
				s := ExpSum(dst, src, m)
				check(t)
				return res{bits(dst), fbits(s)}
			})
			require.Equal(t, plain, vec, "n=%d m=%v", n, m)
			dst := make([]float32, n)
			for i := range dst {
				dst[i] = math.Float32frombits(vec.dst[i])
				x := src[i] - m
				switch {
				case x != x:
					require.True(t, dst[i] != dst[i], "n=%d i=%d x=%v", n, i, x)
				case x < expLo:
					require.Equal(t, uint32(0), vec.dst[i], "n=%d i=%d x=%v", n, i, x)
				case x > expHi:
					require.True(t, math.IsInf(float64(dst[i]), 1), "n=%d i=%d x=%v", n, i, x)
				default:
					require.LessOrEqual(t, ulps(dst[i], math.Exp(float64(x))), int64(2), "n=%d i=%d x=%v", n, i, x)
				}
			}
			require.Equal(t, fbits(Sum8(dst)), vec.sum, "n=%d m=%v: the sum is Sum8's", n, m)
		}
	}
	// In place, as softmax calls it.
	x := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}
	s := ExpSum(x, x, 9)
	require.InDelta(t, (1-math.Exp(-9))/(1-math.Exp(-1)), s, 1e-6)
	require.Equal(t, float32(1), x[8])
}

// TestExp32Range sweeps the float32 arguments of exp32's whole range (every 97th
// bit pattern) and bounds its error; at the ends n stays in the normal exponents.
func TestExp32Range(t *testing.T) {
	worst := int64(0)
	for _, lim := range []float32{expLo, expHi} {
		lo, hi := math.Float32bits(0), math.Float32bits(lim)
		if lim < 0 {
			lo = math.Float32bits(float32(math.Copysign(0, -1)))
		}
		for b := lo; b <= hi; b += 97 {
			x := math.Float32frombits(b)
			worst = max(worst, ulps(exp32(x), math.Exp(float64(x))))
		}
		require.LessOrEqual(t, ulps(exp32(lim), math.Exp(float64(lim))), int64(2), "at %v", lim)
	}
	require.LessOrEqual(t, worst, int64(2))
	require.Equal(t, float32(1), exp32(0))
	require.Equal(t, float32(1), exp32(float32(math.Copysign(0, -1))))
	require.True(t, math.IsInf(float64(exp32(math.Nextafter32(expHi, 100))), 1))
	require.Equal(t, float32(0), exp32(math.Nextafter32(expLo, -100)))
	t.Logf("worst error %d ulp", worst)
}
