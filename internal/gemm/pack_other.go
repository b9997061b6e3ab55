//go:build !amd64 || purego

package gemm

// Without assembly packA's loops pack every step.

func packRowsVec(a []float64, lda, rows, kb, mr int, alpha float64, panel []float64) int { return 0 }

func packColsVec(a []float64, lda, rows, kb, mr int, alpha float64, panel []float64) int { return 0 }
