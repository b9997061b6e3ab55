package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSgemmAMatchesSgemm checks that products on a left operand packed once by
// PackA (whole or by row blocks) equal Sgemm bit for bit, with transposed and plain
// operands, alpha, beta, k beyond one cache block and partial tiles.
func TestSgemmAMatchesSgemm(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	mr, _ := TileShape()
	for _, sz := range [][3]int{{5, 7, 3}, {50, 70, 300}, {3 * mr, 33, 600}, {2*mr + 5, 130, 257}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, transA := range []bool{false, true} {
			for _, transB := range []bool{false, true} {
				a, b := randSlice(rng, m*k), randSlice(rng, k*n)
				lda, ldb := k, n
				if transA {
					lda = m
				}
				if transB {
					ldb = k
				}
				c0 := randSlice(rng, m*n)
				want := append([]float32(nil), c0...)
				Sgemm(transA, transB, m, n, k, 0.75, a, lda, b, ldb, 0.5, want, n)
				var pa PackedA
				PackA(transA, m, k, 0.75, a, lda, &pa)
				got := append([]float32(nil), c0...)
				// Row blocks of mr rows, as parallel callers split them.
				for r0 := 0; r0 < m; r0 += mr {
					rows := min(mr, m-r0)
					SgemmA(&pa, r0, rows, n, transB, b, ldb, nil, 0.5, got[r0*n:], n)
				}
				for i := range want {
					if math.Float32bits(want[i]) != math.Float32bits(got[i]) {
						t.Fatalf("m=%d n=%d k=%d transA=%v transB=%v: element %d: %v, want %v", m, n, k, transA, transB, i, got[i], want[i])
					}
				}
			}
		}
	}
}

func TestSgemmARefusesMismatch(t *testing.T) {
	var pa PackedA
	PackA(false, 8, 4, 1, make([]float32, 32), 4, &pa)
	c := make([]float32, 64)
	mr, _ := TileShape()
	defer func() {
		if recover() == nil {
			t.Fatal("a row offset that is not a multiple of the tile height should panic")
		}
	}()
	if mr > 1 {
		SgemmA(&pa, 1, 2, 2, false, make([]float32, 8), 2, nil, 0, c, 2)
	}
}
