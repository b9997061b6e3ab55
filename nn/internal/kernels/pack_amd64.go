//go:build amd64 && !purego

package kernels

// packMasks holds eight −1 then eight 0: from &packMasks[8-count], the lane mask of
// count values.
var packMasks = [16]int32{-1, -1, -1, -1, -1, -1, -1, -1}

// packRowsVec packs the steps of a non-transposed A panel that the AVX transpose
// handles: rows (≤ mr) rows of a (row stride lda) from their first value, kb steps,
// into panel (kb·mr values, step p at panel[p·mr:]), scaled by alpha. It returns how
// many steps it packed (a multiple of 8; 0 without AVX2).
func packRowsVec(a []float32, lda, rows, kb, mr int, alpha float32, panel []float32) int {
	if !vecOn() || kb < 8 {
		return 0
	}
	var offs [8]int
	for g := 0; g < rows; g += 8 {
		count := min(8, rows-g)
		for i := range count {
			offs[i] = (g + i) * lda
		}
		transposeVec(panel[g:], mr, a, &offs, count, kb, alpha, true)
	}
	return kb &^ 7
}

// transposeVec writes the first n rounded down to 8 values of rows ≤ 8 rows of src
// (row i from src[offs[i]]) as the columns of dst (dst[q·ldd + i], times alpha
// with scale) and returns how many it wrote (0 without AVX2).
func transposeVec(dst []float32, ldd int, src []float32, offs *[8]int, rows, n int, alpha float32, scale bool) int {
	blocks := n / 8
	if !vecOn() || blocks == 0 || rows == 0 {
		return 0
	}
	for _, o := range offs[:rows] {
		_ = src[o]
		_ = src[o+blocks*8-1]
	}
	_ = dst[(blocks*8-1)*ldd+rows-1]
	packRowsAVX(&dst[0], &src[0], offs, ldd, blocks, rows, alpha, &packMasks[8-rows], b2i(scale))
	return blocks * 8
}

// packColsVec packs a transposed A panel (packA's trans branch): rows ≤ mr values
// per step, contiguous in a from its first value at stride lda per step, kb steps,
// into panel (step p at panel[p·mr:]), scaled by alpha. It returns how many steps
// it packed (kb, or 0 without AVX2).
func packColsVec(a []float32, lda, rows, kb, mr int, alpha float32, panel []float32) int {
	if !vecOn() || kb == 0 {
		return 0
	}
	_ = a[(kb-1)*lda+rows-1]
	_ = panel[(kb-1)*mr+rows-1]
	for g := 0; g < rows; g += 8 {
		count := min(8, rows-g)
		packColsAVX(&panel[g], &a[g], lda, mr, kb, count, alpha, &packMasks[8-count])
	}
	return kb
}

//go:noescape
func packColsAVX(dst, src *float32, lda, ldd, steps, count int, alpha float32, mask *int32)

// packRowsAVX is the 8×8 register transpose of pack_amd64.s.
//
//go:noescape
func packRowsAVX(dst, src *float32, offs *[8]int, ldd, blocks, count int, alpha float32, mask *int32, scale int)
