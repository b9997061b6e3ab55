package cluster

import "github.com/skgo/skgo/internal/gemm"

// The row × centre products of KMeans' assignment step and k-means++, on
// internal/gemm's micro-kernel with the rows packed once per fit: for the few
// centres (or k-means++ trials) of a typical problem, packing the rows is most of
// the cost of a matrix product, and the same rows are multiplied by new centres on
// every iteration of every initialisation. The sums are formed exactly as
// gemm.Dgemm(false, true, …) forms them (blocks of 256 steps, each block's sum
// added to the running total in order), so a product does not depend on which of
// the two computed it.

// kBlock is gemm.Dgemm's block of steps.
const kBlock = 256

// packedRows holds n rows of p values in gemm.Tile's A panels: for each block of
// at most kBlock steps starting at pc, panel r (rows 6r … 6r+5, zero-padded) at
// a[panels·6·pc + r·6·kb], step by step.
type packedRows struct {
	a      []float64
	n, p   int
	panels int
}

// packRows packs the n rows of x (n×p, row-major).
func packRows(x []float64, n, p int) *packedRows {
	const mr = gemm.TileRows
	panels := (n + mr - 1) / mr
	pr := &packedRows{a: make([]float64, panels*mr*p), n: n, p: p, panels: panels}
	for pc := 0; pc < p; pc += kBlock {
		kb := min(kBlock, p-pc)
		base := panels * mr * pc
		for i := 0; i < n; i++ {
			panel := pr.a[base+i/mr*mr*kb:]
			r := i % mr
			for s, v := range x[i*p+pc : i*p+pc+kb] {
				panel[s*mr+r] = v
			}
		}
	}
	return pr
}

// packCols packs the m rows of c (m×p, row-major: centres or trial rows) in
// gemm.Tile's B panels of 8, per block of steps as packRows.
func packCols(c []float64, m, p int) []float64 {
	const nr = gemm.TileCols
	panels := (m + nr - 1) / nr
	b := make([]float64, panels*nr*p)
	for pc := 0; pc < p; pc += kBlock {
		kb := min(kBlock, p-pc)
		base := panels * nr * pc
		for j := 0; j < m; j++ {
			panel := b[base+j/nr*nr*kb:]
			c0 := j % nr
			for s, v := range c[j*p+pc : j*p+pc+kb] {
				panel[s*nr+c0] = v
			}
		}
	}
	return b
}

// products sets out[(i−lo)·ldo + j] = Σ_s x_i[s]·c_j[s] for the rows lo ≤ i < hi
// and the m packed columns b (from packCols).
func (pr *packedRows) products(lo, hi int, b []float64, m int, out []float64, ldo int) {
	const mr, nr = gemm.TileRows, gemm.TileCols
	p := pr.p
	cpan := (m + nr - 1) / nr
	var tile [mr * nr]float64
	for r := lo / mr; r*mr < hi; r++ {
		i0, i1 := max(lo, r*mr), min(hi, r*mr+mr)
		for t := 0; t < cpan; t++ {
			clear(tile[:])
			for pc := 0; pc < p; pc += kBlock {
				kb := min(kBlock, p-pc)
				a := pr.a[pr.panels*mr*pc+r*mr*kb:]
				gemm.Tile(kb, a[:mr*kb], b[cpan*nr*pc+t*nr*kb:][:nr*kb], tile[:], nr)
			}
			cols := min(nr, m-t*nr)
			for i := i0; i < i1; i++ {
				copy(out[(i-lo)*ldo+t*nr:(i-lo)*ldo+t*nr+cols], tile[(i-r*mr)*nr:(i-r*mr)*nr+cols])
			}
		}
	}
}
