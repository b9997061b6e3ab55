//go:build amd64 && !purego

package kernels

import "math"

// vecOn reports whether the AVX2 vector kernels run: with the AVX2 level or above
// in use (tests lower isa to check the Go bodies on the same machine).
func vecOn() bool { return isa >= isaAVX2 }

// Each vecX runs the assembly kernel on the longest prefix it handles (a multiple
// of 8 elements, or of 8 outputs) and returns its length; the caller's Go body does
// the rest.

func vecReLU(dst, src []float32) int {
	n := len(src) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	reluAVX(dst[:n], src[:n])
	return n
}

func vecReLUGrad(dst, g, x []float32, set bool) int {
	n := len(g) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	s := 0
	if set {
		s = 1
	}
	reluGradAVX(dst[:n], g[:n], x[:n], s)
	return n
}

func vecNormalize(dst, src []float32, k *[4]float32, relu bool) int {
	n := len(src) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	r := 0
	if relu {
		r = 1
	}
	normalizeAVX(dst[:n], src[:n], k, r)
	return n
}

func vecSumRows(dst, src []float32, rows int) int {
	w := len(dst) &^ 7
	if !vecOn() || w == 0 || rows == 0 {
		return 0
	}
	_ = src[rows*len(dst)-1]
	sumRowsAVX(dst, src, rows)
	return w
}

func vecSum8(x []float32, acc *[8]float32) int {
	n := len(x) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	sum8AVX(x[:n], acc)
	return n
}

func vecMaxPool2x2Row(o, at, r0, r1 []float32, b0, b1 int) (int, bool) {
	n := len(o) &^ 3
	// The kernel forms the offsets in int32 lanes.
	if !vecOn() || n == 0 || b0 < 0 || b1 < 0 || max(b0, b1)+2*n+1 > math.MaxInt32 || b1-b0 > math.MaxInt32 || b0-b1 > math.MaxInt32 {
		return 0, false
	}
	var ap *float32
	if at != nil {
		ap = &at[:n][0]
	}
	nan := maxPool2x2AVX2(o[:n], ap, r0[:2*n], r1[:2*n], b0, b1)
	return n, nan != 0
}

// reluAVX is reluGeneric for len(src) a multiple of 8.
//
//go:noescape
func reluAVX(dst, src []float32)

// reluGradAVX is reluGradGeneric (set when set != 0) for len(g) a multiple of 8.
//
//go:noescape
func reluGradAVX(dst, g, x []float32, set int)

// normalizeAVX is normalizeGeneric with k = {mean, scale, gamma, beta} for
// len(src) a multiple of 8.
//
//go:noescape
func normalizeAVX(dst, src []float32, k *[4]float32, relu int)

// sumRowsAVX adds the rows × len(dst) matrix src's rows into the first
// len(dst) rounded down to 8 columns of dst, in row order.
//
//go:noescape
func sumRowsAVX(dst, src []float32, rows int)

// sum8AVX adds x (len a multiple of 8) into the eight partial sums acc, element i
// into acc[i mod 8] in order.
//
//go:noescape
func sum8AVX(x []float32, acc *[8]float32)

// maxPool2x2AVX2 is maxPool2x2Generic for len(o) a multiple of 4 (offsets fitting
// int32; with at nil, the maxima alone); it returns nonzero if any window held a
// NaN (its outputs are then to be redone).
//
//go:noescape
func maxPool2x2AVX2(o []float32, at *float32, r0, r1 []float32, b0, b1 int) int

func vecAdd(dst, src []float32) int {
	if isa >= isaAVX512 {
		if len(src) > 0 {
			addAVX512(dst[:len(src)], src)
		}
		return len(src)
	}
	n := len(src) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	addAVX(dst[:n], src[:n])
	return n
}

func vecAddRows(dst []float32, ldd int, src []float32, lds, rows, n int) bool {
	if isa < isaAVX512 || rows == 0 || n == 0 {
		return false
	}
	_ = dst[(rows-1)*ldd+n-1]
	_ = src[(rows-1)*lds+n-1]
	addRowsAVX512(&dst[0], ldd, &src[0], lds, rows, n)
	return true
}

func vecSumF64(x []float32, acc *[8]float64) int {
	n := len(x) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	sumF64AVX(x[:n], acc)
	return n
}

func vecSqDevF64(x []float32, m float64, acc *[8]float64) int {
	n := len(x) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	sqDevF64AVX(x[:n], m, acc)
	return n
}

func vecFill(dst []float32, v float32) int {
	n := len(dst) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	fillAVX(dst[:n], v)
	return n
}

func vecSumTo(dst, a, b []float32) int {
	n := len(a) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	sumToAVX(dst[:n], a[:n], b[:n])
	return n
}

func vecAddConst(dst, src []float32, c float32) int {
	n := len(src) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	addConstAVX(dst[:n], src[:n], c)
	return n
}

func vecBatchNormSums(dy, x []float32, k *[2]float32, acc *[16]float32) int {
	n := len(dy) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	bnSumsAVX(dy[:n], x[:n], k, acc)
	return n
}

func vecBatchNormApply(dst, dy, x []float32, k *[5]float32) int {
	n := len(dy) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	bnApplyAVX(dst[:n], dy[:n], x[:n], k)
	return n
}

func vecAxpy(dst, src []float32, a float32) int {
	n := len(src) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	axpyAVX(dst[:n], src[:n], a)
	return n
}

// addAVX512 is Add for any length (AVX-512F: the tail under a mask).
//
//go:noescape
func addAVX512(dst, src []float32)

// addRowsAVX512 is AddRows (AVX-512F).
//
//go:noescape
func addRowsAVX512(dst *float32, ldd int, src *float32, lds, rows, n int)

// sumF64AVX is SumF64's vector part (see vec_amd64.s).
//
//go:noescape
func sumF64AVX(x []float32, acc *[8]float64)

// sqDevF64AVX is SqDevF64's vector part (see vec_amd64.s).
//
//go:noescape
func sqDevF64AVX(x []float32, m float64, acc *[8]float64)

// fillAVX is Fill for len(dst) a multiple of 8.
//
//go:noescape
func fillAVX(dst []float32, v float32)

// sumToAVX is SumTo for len(a) a multiple of 8.
//
//go:noescape
func sumToAVX(dst, a, b []float32)

// addConstAVX is AddConst for len(src) a multiple of 8.
//
//go:noescape
func addConstAVX(dst, src []float32, c float32)

// bnSumsAVX is BatchNormGradSums' vector part (see vec_amd64.s).
//
//go:noescape
func bnSumsAVX(dy, x []float32, k *[2]float32, acc *[16]float32)

// bnApplyAVX is BatchNormGradApply's vector part (see vec_amd64.s).
//
//go:noescape
func bnApplyAVX(dst, dy, x []float32, k *[5]float32)

// axpyAVX is Axpy for len(src) a multiple of 8.
//
//go:noescape
func axpyAVX(dst, src []float32, a float32)

// addAVX is Add for len(src) a multiple of 8.
//
//go:noescape
func addAVX(dst, src []float32)

// vecCopyRuns32 is CopyRuns for runs of 32 values (AVX), after checking every run
// against the slices' bounds.
func vecCopyRuns32(dst []float32, ldd int, src []float32, offs []int) bool {
	if !vecOn() {
		return false
	}
	last := len(src) - 32
	for _, o := range offs {
		if uint(o) > uint(last) {
			panic("kernels: CopyRuns offset out of range")
		}
	}
	_ = dst[(len(offs)-1)*ldd+31]
	copyRuns32AVX(&dst[0], ldd, &src[0], &offs[0], len(offs))
	return true
}

// copyRuns32AVX is vecCopyRuns32 without the checks.
//
//go:noescape
func copyRuns32AVX(dst *float32, ldd int, src *float32, offs *int, rows int)

func vecExpSum(dst, src []float32, m float32, acc *[8]float32) int {
	n := len(src) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	expSumAVX(dst[:n], src[:n], m, acc)
	return n
}

func vecMulConst(dst, src []float32, c float32) int {
	n := len(src) &^ 7
	if !vecOn() || n == 0 {
		return 0
	}
	mulConstAVX(dst[:n], src[:n], c)
	return n
}

// expSumAVX is ExpSum's loop for len(src) a multiple of 8, adding into the eight
// partial sums acc.
//
//go:noescape
func expSumAVX(dst, src []float32, m float32, acc *[8]float32)

// mulConstAVX is MulConst for len(src) a multiple of 8.
//
//go:noescape
func mulConstAVX(dst, src []float32, c float32)
