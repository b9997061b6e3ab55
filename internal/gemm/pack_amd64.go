//go:build amd64 && !purego

package gemm

// packMasks holds four −1 then four 0: from &packMasks[4-count], the lane mask of
// count values.
var packMasks = [8]int64{-1, -1, -1, -1}

// packRowsVec packs the steps of a non-transposed A panel that the AVX transpose
// handles: rows (≤ mr) rows of a (row stride lda) from their first value, kb steps,
// into panel (step p at panel[p·mr:]), scaled by alpha, four rows and four steps
// at a time in registers. It returns how many steps it packed (a multiple of 4; 0
// without AVX2).
func packRowsVec(a []float64, lda, rows, kb, mr int, alpha float64, panel []float64) int {
	blocks := kb / 4
	if isa < isaAVX2 || blocks == 0 || rows == 0 {
		return 0
	}
	_ = a[(rows-1)*lda+blocks*4-1]
	_ = panel[(blocks*4-1)*mr+rows-1]
	for g := 0; g < rows; g += 4 {
		count := min(4, rows-g)
		packRowsPD(&panel[g], &a[g*lda], lda, mr, blocks, count, alpha, &packMasks[4-count])
	}
	return blocks * 4
}

// packColsVec packs a transposed A panel (packA's trans branch): rows ≤ mr values
// per step, contiguous in a from its first value at stride lda per step, kb steps,
// into panel (step p at panel[p·mr:]), scaled by alpha. It returns how many steps
// it packed (kb, or 0 without AVX2).
func packColsVec(a []float64, lda, rows, kb, mr int, alpha float64, panel []float64) int {
	if isa < isaAVX2 || kb == 0 || rows == 0 {
		return 0
	}
	_ = a[(kb-1)*lda+rows-1]
	_ = panel[(kb-1)*mr+rows-1]
	for g := 0; g < rows; g += 4 {
		count := min(4, rows-g)
		packColsPD(&panel[g], &a[g], lda, mr, kb, count, alpha, &packMasks[4-count])
	}
	return kb
}

//go:noescape
func packRowsPD(dst, src *float64, lda, ldd, blocks, count int, alpha float64, mask *int64)

//go:noescape
func packColsPD(dst, src *float64, lda, ldd, steps, count int, alpha float64, mask *int64)
