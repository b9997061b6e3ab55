package blas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/blas/testblas"
)

// gonum's own conformance tests (values, strides, untouched triangles and padding).
func TestGonumDgemm(t *testing.T) { testblas.TestDgemm(t, Implementation{}) }
func TestGonumDsyrk(t *testing.T) { testblas.DsyrkTest(t, Implementation{}) }
func TestGonumDgemv(t *testing.T) { testblas.DgemvTest(t, Implementation{}) }

// Dgemv on matrices large enough to run in parallel gives exactly gonum's results,
// with any number of cores, for both orientations, odd sizes and a padded lda.
func TestDgemvIdenticalToGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, sz := range []struct{ m, n, pad int }{{1000, 300, 0}, {333, 1001, 7}, {5000, 60, 3}, {70, 4000, 0}} {
		lda := sz.n + sz.pad
		a := randSlice(rng, sz.m*lda)
		for _, tA := range []gblas.Transpose{gblas.NoTrans, gblas.Trans} {
			lx, ly := sz.n, sz.m
			if tA == gblas.Trans {
				lx, ly = sz.m, sz.n
			}
			x, y0 := randSlice(rng, lx), randSlice(rng, ly)
			for _, beta := range []float64{0, 1, -0.5} {
				want := append([]float64(nil), y0...)
				gonum.Implementation{}.Dgemv(tA, sz.m, sz.n, 1.5, a, lda, x, 1, beta, want, 1)
				for _, procs := range []int{1, 2, 5} {
					prev := runtime.GOMAXPROCS(procs)
					got := append([]float64(nil), y0...)
					Implementation{}.Dgemv(tA, sz.m, sz.n, 1.5, a, lda, x, 1, beta, got, 1)
					runtime.GOMAXPROCS(prev)
					require.Equal(t, want, got, "%dx%d lda %d trans %v beta %v procs %d", sz.m, sz.n, lda, tA, beta, procs)
				}
			}
		}
	}
}

func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = rng.NormFloat64()
	}
	return s
}

func trans(t bool) gblas.Transpose {
	if t {
		return gblas.Trans
	}
	return gblas.NoTrans
}

// naive returns alpha·op(A)·op(B) + beta·C, summed in float64 in step order.
func naive(tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) []float64 {
	out := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				av, bv := a[i*lda+p], b[p*ldb+j]
				if tA {
					av = a[p*lda+i]
				}
				if tB {
					bv = b[j*ldb+p]
				}
				s += av * bv
			}
			cv := c[i*ldc+j]
			if beta == 0 {
				cv = 0
			}
			out[i*n+j] = alpha*s + beta*cv
		}
	}
	return out
}

// Products large enough to be split over tiles or along k, with strides and guards.
func TestDgemmParallelShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range [][3]int{{300, 260, 70}, {70, 1030, 33}, {20, 30, 9000}, {1, 500, 600}, {513, 3, 700}} {
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			m, n, k := s[0], s[1], s[2]
			lda, ldb, ldc := k+3, n+1, n+5
			if tr[0] {
				lda = m + 2
			}
			if tr[1] {
				ldb = k + 4
			}
			a := randSlice(rng, max(m, k)*lda)
			b := randSlice(rng, max(k, n)*ldb)
			c := randSlice(rng, m*ldc)
			for i := 0; i < m; i++ {
				for j := n; j < ldc; j++ {
					c[i*ldc+j] = math.Inf(1) // guards
				}
			}
			want := naive(tr[0], tr[1], m, n, k, 0.5, a, lda, b, ldb, -1.5, c, ldc)
			Implementation{}.Dgemm(trans(tr[0]), trans(tr[1]), m, n, k, 0.5, a, lda, b, ldb, -1.5, c, ldc)
			for i := 0; i < m; i++ {
				for j := 0; j < ldc; j++ {
					got := c[i*ldc+j]
					if j >= n {
						if !math.IsInf(got, 1) {
							t.Fatalf("%v %v: guard at (%d,%d) overwritten", s, tr, i, j)
						}
						continue
					}
					// float64 sums of k products in different orders: error ≲ k·ε·Σ|terms|.
					w := want[i*n+j]
					if tol := 1e-13 * float64(k) * (1 + math.Abs(w)); !(math.Abs(got-w) <= tol) {
						t.Fatalf("%v %v at (%d,%d): got %v, want %v ± %v", s, tr, i, j, got, w, tol)
					}
				}
			}
		}
	}
}

// The split over tiles and k chunks depends only on the problem, so the bits do not
// depend on GOMAXPROCS.
func TestDgemmSameForAnyThreads(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, s := range [][3]int{{600, 700, 300}, {20, 30, 20000}} {
		m, n, k := s[0], s[1], s[2]
		a, b := randSlice(rng, m*k), randSlice(rng, k*n)
		run := func(procs int) []float64 {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			c := make([]float64, m*n)
			Implementation{}.Dgemm(gblas.NoTrans, gblas.NoTrans, m, n, k, 1, a, k, b, n, 0, c, n)
			return c
		}
		one, four := run(1), run(4)
		for i := range one {
			if math.Float64bits(one[i]) != math.Float64bits(four[i]) {
				t.Fatalf("%v: element %d: %v with 1 thread, %v with 4", s, i, one[i], four[i])
			}
		}
	}
}

// Dsyrk over several blocks (n > syrkBlock) leaves the other triangle alone.
func TestDsyrkBlocks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	n, k := 530, 40
	for _, ul := range []gblas.Uplo{gblas.Upper, gblas.Lower} {
		for _, tr := range []bool{false, true} {
			lda := k + 1
			if tr {
				lda = n + 1
			}
			a := randSlice(rng, max(n, k)*lda)
			c := randSlice(rng, n*n)
			c0 := append([]float64(nil), c...)
			var want []float64
			if tr {
				want = naive(true, false, n, n, k, 2, a, lda, a, lda, 0.5, c, n)
			} else {
				want = naive(false, true, n, n, k, 2, a, lda, a, lda, 0.5, c, n)
			}
			Implementation{}.Dsyrk(ul, trans(tr), n, k, 2, a, lda, 0.5, c, n)
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					inside := (ul == gblas.Upper && j >= i) || (ul == gblas.Lower && j <= i)
					if !inside {
						require.Equal(t, c0[i*n+j], c[i*n+j], "outside the triangle at (%d,%d)", i, j)
						continue
					}
					require.InDelta(t, want[i*n+j], c[i*n+j], 1e-12*(1+math.Abs(want[i*n+j])))
				}
			}
		}
	}
}

// Bad arguments panic with gonum's messages, in gonum's order.
func TestPanicsAsGonum(t *testing.T) {
	a, b, c := make([]float64, 12), make([]float64, 12), make([]float64, 12)
	cases := []func(impl gblas.Float64){
		func(impl gblas.Float64) { impl.Dgemm('x', gblas.NoTrans, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2) },
		func(impl gblas.Float64) { impl.Dgemm(gblas.NoTrans, gblas.NoTrans, -1, 2, 2, 1, a, 2, b, 2, 0, c, 2) },
		func(impl gblas.Float64) { impl.Dgemm(gblas.NoTrans, gblas.NoTrans, 2, -1, 2, 1, a, 2, b, 2, 0, c, 2) },
		func(impl gblas.Float64) { impl.Dgemm(gblas.NoTrans, gblas.NoTrans, 2, 2, -1, 1, a, 2, b, 2, 0, c, 2) },
		func(impl gblas.Float64) { impl.Dgemm(gblas.NoTrans, gblas.NoTrans, 2, 3, 4, 1, a, 3, b, 3, 0, c, 3) },
		func(impl gblas.Float64) { impl.Dgemm(gblas.NoTrans, gblas.Trans, 2, 3, 4, 1, a, 4, b, 3, 0, c, 3) },
		func(impl gblas.Float64) { impl.Dgemm(gblas.NoTrans, gblas.NoTrans, 2, 3, 4, 1, a, 4, b, 3, 0, c, 2) },
		func(impl gblas.Float64) { impl.Dgemm(gblas.NoTrans, gblas.NoTrans, 4, 3, 4, 1, a, 4, b, 3, 0, c, 3) },
		func(impl gblas.Float64) { impl.Dgemm(gblas.NoTrans, gblas.NoTrans, 2, 3, 5, 1, a, 5, b, 3, 0, c, 3) },
		func(impl gblas.Float64) { impl.Dgemm(gblas.NoTrans, gblas.NoTrans, 3, 5, 2, 1, a, 2, b, 5, 0, c, 5) },
		func(impl gblas.Float64) { impl.Dsyrk('x', gblas.NoTrans, 2, 2, 1, a, 2, 0, c, 2) },
		func(impl gblas.Float64) { impl.Dsyrk(gblas.Upper, 'x', 2, 2, 1, a, 2, 0, c, 2) },
		func(impl gblas.Float64) { impl.Dsyrk(gblas.Upper, gblas.NoTrans, -1, 2, 1, a, 2, 0, c, 2) },
		func(impl gblas.Float64) { impl.Dsyrk(gblas.Upper, gblas.NoTrans, 2, -1, 1, a, 2, 0, c, 2) },
		func(impl gblas.Float64) { impl.Dsyrk(gblas.Upper, gblas.NoTrans, 2, 3, 1, a, 2, 0, c, 2) },
		func(impl gblas.Float64) { impl.Dsyrk(gblas.Upper, gblas.NoTrans, 3, 2, 1, a, 2, 0, c, 2) },
		func(impl gblas.Float64) { impl.Dsyrk(gblas.Upper, gblas.NoTrans, 4, 4, 1, a, 4, 0, c, 4) },
	}
	for i, f := range cases {
		want := recovered(func() { f(gonum.Implementation{}) })
		require.NotNil(t, want, "case %d: gonum does not panic", i)
		require.Equal(t, want, recovered(func() { f(Implementation{}) }), "case %d", i)
	}
}

func recovered(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func TestUseRestores(t *testing.T) {
	before := blas64.Implementation()
	restore := Use()
	_, ok := blas64.Implementation().(Implementation)
	require.True(t, ok)
	restore()
	require.Equal(t, before, blas64.Implementation())
}

func BenchmarkDgemv(b *testing.B) {
	const m, n = 4000, 1000
	rng := rand.New(rand.NewPCG(1, 2))
	a, x, y := randSlice(rng, m*n), randSlice(rng, m), make([]float64, m)
	for _, impl := range []struct {
		name string
		gblas.Float64
	}{{"skgo", Implementation{}}, {"gonum", gonum.Implementation{}}} {
		for _, tA := range []gblas.Transpose{gblas.NoTrans, gblas.Trans} {
			lx, ly := n, m
			if tA == gblas.Trans {
				lx, ly = m, n
			}
			b.Run(fmt.Sprintf("%s/%c", impl.name, tA), func(b *testing.B) {
				b.SetBytes(int64(8 * m * n)) // the matrix is read once per call
				for b.Loop() {
					impl.Dgemv(tA, m, n, 1, a, n, x[:lx], 1, 0, y[:ly], 1)
				}
			})
		}
	}
}

func BenchmarkDgemm(b *testing.B) {
	for _, n := range []int{256, 1024} {
		rng := rand.New(rand.NewPCG(1, 2))
		x, y, z := randSlice(rng, n*n), randSlice(rng, n*n), make([]float64, n*n)
		for _, impl := range []struct {
			name string
			gblas.Float64
		}{{"skgo", Implementation{}}, {"gonum", gonum.Implementation{}}} {
			b.Run(fmt.Sprintf("%s/%d", impl.name, n), func(b *testing.B) {
				b.SetBytes(int64(2 * n * n * n)) // "MB/s" reads as MFLOP/s
				for b.Loop() {
					impl.Dgemm(gblas.NoTrans, gblas.NoTrans, n, n, n, 1, x, n, y, n, 0, z, n)
				}
			})
		}
	}
}
