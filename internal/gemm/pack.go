package gemm

// packRowsVec is the hook of packA's non-transposed branch for a vector transpose
// (nn/internal/kernels has one for float32). The float64 kernels have none yet: it
// packs nothing, and packA's loop packs every step.
func packRowsVec(a []float64, lda, rows, kb, mr int, alpha float64, panel []float64) int { return 0 }

// packColsVec is the hook of packA's transposed branch; it packs nothing for float64.
func packColsVec(a []float64, lda, rows, kb, mr int, alpha float64, panel []float64) int { return 0 }
