//go:build !amd64 || purego

package kernels

// Without assembly the vector kernels do nothing and the Go bodies do everything.

func vecReLU(dst, src []float32) int                                { return 0 }
func vecReLUGrad(dst, g, x []float32, set bool) int                 { return 0 }
func vecNormalize(dst, src []float32, k *[4]float32, relu bool) int { return 0 }
func vecSumRows(dst, src []float32, rows int) int                   { return 0 }
func vecSum8(x []float32, acc *[8]float32) int                      { return 0 }
func vecMaxPool2x2Row(o, at, r0, r1 []float32, b0, b1 int) (int, bool) {
	return 0, false
}

func packRowsVec(a []float32, lda, rows, kb, mr int, alpha float32, panel []float32) int { return 0 }

func packColsVec(a []float32, lda, rows, kb, mr int, alpha float32, panel []float32) int { return 0 }

func transposeVec(dst []float32, ldd int, src []float32, offs *[8]int, rows, n int, alpha float32, scale bool) int {
	return 0
}

func vecAdd(dst, src []float32) int { return 0 }

func vecBatchNormSums(dy, x []float32, k *[2]float32, acc *[16]float32) int { return 0 }
func vecBatchNormApply(dst, dy, x []float32, k *[5]float32) int             { return 0 }
func vecAxpy(dst, src []float32, a float32) int                             { return 0 }

func vecAddRows(dst []float32, ldd int, src []float32, lds, rows, n int) bool { return false }

func vecSumF64(x []float32, acc *[8]float64) int              { return 0 }
func vecSqDevF64(x []float32, m float64, acc *[8]float64) int { return 0 }

func vecFill(dst []float32, v float32) int { return 0 }

func vecSumTo(dst, a, b []float32) int { return 0 }

func vecAddConst(dst, src []float32, c float32) int { return 0 }

func vecCopyRuns32(dst []float32, ldd int, src []float32, offs []int) bool { return false }

func vecExpSum(dst, src []float32, m float32, acc *[8]float32) int { return 0 }
func vecMulConst(dst, src []float32, c float32) int                { return 0 }
