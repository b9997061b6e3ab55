package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPackARows checks packA (the vector transpose for whole blocks of 8 steps and
// the loop for the rest; the vector copy of transposed operands) against its loops, for
// every tile height, partial panels and step counts around the block size, in a
// guarded buffer.
func TestPackARows(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, mr := range []int{6, 14} {
		for _, mb := range []int{1, 5, 6, 8, 9, 14, 20, 28, 29} {
			for _, kb := range []int{1, 7, 8, 9, 16, 31, 64} {
				for _, trans := range []bool{false, true} {
					lda := kb + 3
					a := vecData(rng, (mb+2)*lda, false)
					if trans {
						lda = mb + 5
						a = vecData(rng, (kb+2)*lda, false)
					}
					size := (mb + mr - 1) / mr * mr * kb
					vec, plain := bothLevels(func() []uint32 {
						dst, check := guarded(size)
						for i := range dst {
							dst[i] = guard
						}
						packA(trans, a, lda, 1, 2, mb, kb-2*min(1, kb/8), mr, 0.5, dst)
						check(t)
						return bits(dst)
					})
					require.Equal(t, plain, vec, "mr=%d mb=%d kb=%d trans=%v", mr, mb, kb, trans)
				}
			}
		}
	}
}

func BenchmarkPackA(b *testing.B) {
	const m, k = 506, 64
	a := make([]float32, m*k)
	for i := range a {
		a[i] = float32(i)
	}
	dst := make([]float32, 112*k)
	for _, level := range []struct {
		name string
		isa  int
	}{{"go", isaGeneric}, {"vec", hasISA}} {
		restore := setISA(level.isa)
		for _, trans := range []bool{false, true} {
			name := "rows/"
			if trans {
				name = "cols/"
			}
			b.Run(name+level.name, func(b *testing.B) {
				b.SetBytes(4 * 112 * k)
				for range b.N {
					packA(trans, a, k, 0, 0, 112, k, 14, 1, dst)
				}
			})
		}
		restore()
	}
}

// TestTranspose8 checks Transpose8 against the definition for every row count and
// widths around the block size, values (signalling NaNs included) copied bit for
// bit, nothing written outside the columns.
func TestTranspose8(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	sNaN := math.Float32frombits(0x7f800001)
	for rows := 0; rows <= 8; rows++ {
		for _, n := range []int{0, 1, 7, 8, 9, 17, 40} {
			lda, ldd := n+2, rows+3
			src := vecData(rng, max(rows*lda, 1), false)
			src[0] = sNaN
			size := max(n*ldd, 1)
			vec, plain := bothLevels(func() []uint32 {
				dst, check := guarded(size)
				for i := range dst {
					dst[i] = guard
				}
				Transpose8(dst, ldd, src, lda, rows, n)
				check(t)
				return rawBits(dst)
			})
			require.Equal(t, plain, vec, "rows=%d n=%d", rows, n)
			for q := 0; q < n; q++ {
				for i := 0; i < ldd; i++ {
					want := math.Float32bits(guard)
					if i < rows {
						want = math.Float32bits(src[i*lda+q])
					}
					require.Equal(t, want, vec[q*ldd+i], "rows=%d n=%d (%d,%d)", rows, n, q, i)
				}
			}
		}
	}
	require.Panics(t, func() { Transpose8(make([]float32, 90), 9, make([]float32, 90), 10, 9, 1) })
}

// rawBits is bits without the NaN canonicalisation: Transpose8 copies bits.
func rawBits(x []float32) []uint32 {
	b := make([]uint32, len(x))
	for i, v := range x {
		b[i] = math.Float32bits(v)
	}
	return b
}

// TestCopyRuns checks CopyRuns against its definition at every level, with runs
// of 32 (the assembly) and others, offsets up to the end of src, guarded dst
// rows, and a panic for an offset past src.
func TestCopyRuns(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	src := vecData(rng, 200, false)
	src[0] = math.Float32frombits(0x7f800001) // a signalling NaN, copied as is
	for _, c := range []struct{ n, rows int }{{32, 5}, {32, 8}, {32, 9}, {32, 23}, {31, 12}, {5, 3}} {
		n := c.n
		offs := make([]int, c.rows) // the prefetching loop runs with more than 8
		for i := range offs {
			offs[i] = rng.IntN(200 - n + 1)
		}
		offs[0], offs[c.rows-1] = 200-n, 0 // the ends of src
		ldd := n + 3
		vec, plain := bothLevels(func() []uint32 {
			dst, check := guarded(len(offs) * ldd)
			for i := range dst {
				dst[i] = guard
			}
			CopyRuns(dst, ldd, src, offs, n)
			check(t)
			return rawBits(dst)
		})
		require.Equal(t, plain, vec, "%+v", c)
		for i, o := range offs {
			for q := range ldd {
				want := math.Float32bits(guard)
				if q < n {
					want = math.Float32bits(src[o+q])
				}
				require.Equal(t, want, vec[i*ldd+q], "n=%d row %d col %d", n, i, q)
			}
		}
	}
	require.Panics(t, func() { CopyRuns(make([]float32, 64), 32, src, []int{169}, 32) })
}
