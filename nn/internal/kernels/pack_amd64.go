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
	blocks := kb / 8
	if !vecOn() || blocks == 0 {
		return 0
	}
	_ = a[(rows-1)*lda+blocks*8-1]
	_ = panel[(blocks*8-1)*mr+rows-1]
	for g := 0; g < rows; g += 8 {
		count := min(8, rows-g)
		packRowsAVX(&panel[g], &a[g*lda], lda, mr, blocks, count, alpha, &packMasks[8-count], 1)
	}
	return blocks * 8
}

//go:noescape
func packRowsAVX(dst, src *float32, lda, ldd, blocks, count int, alpha float32, mask *int32, scale int)

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

// transposeVec is Transpose8's vector part: it transposes the first n rounded down
// to 8 columns and returns how many (0 without AVX2).
func transposeVec(dst []float32, ldd int, src []float32, lda, rows, n int) int {
	blocks := n / 8
	if !vecOn() || blocks == 0 || rows == 0 {
		return 0
	}
	_ = src[(rows-1)*lda+blocks*8-1]
	_ = dst[(blocks*8-1)*ldd+rows-1]
	packRowsAVX(&dst[0], &src[0], lda, ldd, blocks, rows, 1, &packMasks[8-rows], 0)
	return blocks * 8
}
