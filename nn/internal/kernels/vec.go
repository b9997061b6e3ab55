package kernels

import "math"

// Vector kernels: the elementwise and reduction loops of the nn layers (ReLU and
// its gradient, BatchNorm's normalisation, bias-gradient sums, 2×2 max pooling).
// Each gives exactly the bits of its pure-Go body (no fused multiply-adds, the same
// order of additions), so a result never depends on the CPU; on amd64 with AVX2
// the bulk of each slice runs in vec_amd64.s, eight lanes at a time, and the Go
// body finishes the tail. They are single-threaded, like the rest of the package.

// ReLU sets dst[i] = max(src[i], 0) for i < len(src): src[i] where it is positive
// or NaN, +0 elsewhere (−0 included). dst must be at least as long as src; it may
// be src itself.
func ReLU(dst, src []float32) {
	dst = dst[:len(src)]
	n := vecReLU(dst, src)
	reluGeneric(dst[n:], src[n:])
}

func reluGeneric(dst, src []float32) {
	dst = dst[:len(src)]
	for i, x := range src {
		// max(x, 0) without a branch: keep x's bits where x > 0 or x is NaN.
		b := math.Float32bits(x)
		dst[i] = math.Float32frombits(b & (positiveMask(x) | nanMask(b)))
	}
}

// ReLUGrad accumulates ReLU's backward pass: dst[i] += g[i] where x[i] > 0, and
// dst[i] += +0 elsewhere (NaN x included), for i < len(g). With set, dst[i] is
// overwritten with +0 + that masked gradient instead (the same bits as
// accumulating into a zeroed dst). dst and x must be at least as long as g.
func ReLUGrad(dst, g, x []float32, set bool) {
	dst, x = dst[:len(g)], x[:len(g)]
	n := vecReLUGrad(dst, g, x, set)
	reluGradGeneric(dst[n:], g[n:], x[n:], set)
}

func reluGradGeneric(dst, g, x []float32, set bool) {
	dst, x = dst[:len(g)], x[:len(g)]
	if set {
		var zero float32
		for i, gv := range g {
			dst[i] = zero + math.Float32frombits(math.Float32bits(gv)&positiveMask(x[i]))
		}
		return
	}
	// Branch-free: the sign of a ReLU input is unpredictable, and a mispredicted
	// branch per element costs more than the masking.
	for i, gv := range g {
		dst[i] += math.Float32frombits(math.Float32bits(gv) & positiveMask(x[i]))
	}
}

// Add sets dst[i] += src[i] for i < len(src). dst must be at least as long as src.
func Add(dst, src []float32) {
	dst = dst[:len(src)]
	n := vecAdd(dst, src)
	d := dst[n:]
	for i, v := range src[n:] {
		d[i] += v
	}
}

// SumTo sets dst[i] = a[i] + b[i] for i < len(a). dst and b must be at least as
// long as a; dst may be a or b.
func SumTo(dst, a, b []float32) {
	dst, b = dst[:len(a)], b[:len(a)]
	n := vecSumTo(dst, a, b)
	d, bb := dst[n:], b[n:]
	for i, v := range a[n:] {
		d[i] = v + bb[i]
	}
}

// AddConst sets dst[i] = src[i] + c for i < len(src). dst must be at least as long
// as src; it may be src.
func AddConst(dst, src []float32, c float32) {
	dst = dst[:len(src)]
	n := vecAddConst(dst, src, c)
	d := dst[n:]
	for i, v := range src[n:] {
		d[i] = v + c
	}
}

// AddRows sets dst[r·ldd + i] += src[r·lds + i] for r < rows and i < n: Add over
// rows of two strided matrices in one call (col2im's shifted rows).
func AddRows(dst []float32, ldd int, src []float32, lds, rows, n int) {
	if rows <= 0 || n <= 0 || vecAddRows(dst, ldd, src, lds, rows, n) {
		return
	}
	for r := 0; r < rows; r++ {
		Add(dst[r*ldd:r*ldd+n], src[r*lds:r*lds+n])
	}
}

// Fill sets every element of dst to v.
func Fill(dst []float32, v float32) {
	n := vecFill(dst, v)
	d := dst[n:]
	for i := range d {
		d[i] = v
	}
}

// Axpy sets dst[i] += a·src[i] for i < len(src), the product rounded before the
// sum (no fused multiply-add). dst must be at least as long as src.
func Axpy(dst, src []float32, a float32) {
	dst = dst[:len(src)]
	n := vecAxpy(dst, src, a)
	d := dst[n:]
	for i, v := range src[n:] {
		d[i] += a * v
	}
}

// BatchNormGradSums returns Σ dy[i] and Σ dy[i]·x̂[i] with x̂[i] = (x[i]−mean)·scale
// over i < len(dy): the two reductions of BatchNorm's backward pass for one
// channel of one sample, each formed in eight interleaved partial sums combined as
// Sum8 combines them. x must be at least as long as dy.
func BatchNormGradSums(dy, x []float32, mean, scale float32) (sum, dot float32) {
	x = x[:len(dy)]
	var acc [16]float32
	i := vecBatchNormSums(dy, x, &[2]float32{mean, scale}, &acc)
	for ; i < len(dy); i++ {
		v := dy[i]
		acc[i%8] += v
		acc[8+i%8] += v * ((x[i] - mean) * scale)
	}
	s, d := acc[:8], acc[8:]
	sum = ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]))
	dot = ((d[0] + d[4]) + (d[1] + d[5])) + ((d[2] + d[6]) + (d[3] + d[7]))
	return sum, dot
}

// BatchNormGradApply sets dst[i] += s·((dy[i]−mg) − x̂[i]·mgh) with
// x̂[i] = (x[i]−mean)·scale for i < len(dy), every operation rounded to float32:
// BatchNorm's input gradient in training mode, where mg and mgh are the means of dy
// and dy·x̂ and s = γ·scale. dst and x must be at least as long as dy.
func BatchNormGradApply(dst, dy, x []float32, mean, scale, mg, mgh, s float32) {
	dst, x = dst[:len(dy)], x[:len(dy)]
	n := vecBatchNormApply(dst, dy, x, &[5]float32{mean, scale, mg, mgh, s})
	for i := n; i < len(dy); i++ {
		dst[i] += s * ((dy[i] - mg) - ((x[i]-mean)*scale)*mgh)
	}
}

// Normalize sets dst[i] = gamma·((src[i]−mean)·scale) + beta for i < len(src),
// each operation rounded to float32, then applies ReLU (as ReLU does) when relu is
// set: BatchNorm's affine normalisation of one channel. dst must be at least as
// long as src.
func Normalize(dst, src []float32, mean, scale, gamma, beta float32, relu bool) {
	dst = dst[:len(src)]
	n := vecNormalize(dst, src, &[4]float32{mean, scale, gamma, beta}, relu)
	normalizeGeneric(dst[n:], src[n:], mean, scale, gamma, beta, relu)
}

func normalizeGeneric(dst, src []float32, mean, scale, gamma, beta float32, relu bool) {
	dst = dst[:len(src)]
	if !relu {
		for i, v := range src {
			dst[i] = gamma*((v-mean)*scale) + beta
		}
		return
	}
	for i, v := range src {
		y := gamma*((v-mean)*scale) + beta
		b := math.Float32bits(y)
		dst[i] = math.Float32frombits(b & (positiveMask(y) | nanMask(b)))
	}
}

// SumRows adds the rows of src (a row-major matrix of rows × len(dst) values,
// rows = len(src)/len(dst)) into dst: dst[j] = dst[j] + src[0][j] + src[1][j] + …,
// added in row order. len(src) must be a multiple of len(dst).
func SumRows(dst, src []float32) {
	w := len(dst)
	if w == 0 {
		return
	}
	rows := len(src) / w
	n := vecSumRows(dst, src[:rows*w], rows)
	if n == w {
		return
	}
	for r := 0; r < rows; r++ {
		row := src[r*w+n : (r+1)*w]
		d := dst[n:]
		d = d[:len(row)]
		for j, v := range row {
			d[j] += v
		}
	}
}

// SumF64 returns the sum of x in float64, formed in eight interleaved partial sums
// combined as Sum8 combines them (BatchNorm's mean).
func SumF64(x []float32) float64 {
	var a [8]float64
	i := vecSumF64(x, &a)
	for ; i < len(x); i++ {
		a[i%8] += float64(x[i])
	}
	return ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]))
}

// SqDevF64 returns Σ (float64(x[i]) − m)² in float64, formed as SumF64 forms its
// sum (BatchNorm's variance).
func SqDevF64(x []float32, m float64) float64 {
	var a [8]float64
	i := vecSqDevF64(x, m, &a)
	for ; i < len(x); i++ {
		d := float64(x[i]) - m
		a[i%8] += d * d
	}
	return ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]))
}

// Sum8 returns the sum of x formed in eight interleaved partial sums (element i
// goes to partial i mod 8, in order), combined as ((p0+p4)+(p1+p5))+((p2+p6)+(p3+p7)):
// the order the AVX kernel's lanes add in, so the bits never depend on the CPU.
func Sum8(x []float32) float32 {
	var a [8]float32
	i := vecSum8(x, &a)
	for ; i+8 <= len(x); i += 8 {
		v := (*[8]float32)(x[i : i+8])
		a[0] += v[0]
		a[1] += v[1]
		a[2] += v[2]
		a[3] += v[3]
		a[4] += v[4]
		a[5] += v[5]
		a[6] += v[6]
		a[7] += v[7]
	}
	for j, v := range x[i:] {
		a[j] += v
	}
	return ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]))
}

// MaxPool2x2Row computes one output row of a 2×2, stride-2 max pooling: o[j] is the
// maximum of r0[2j], r0[2j+1], r1[2j], r1[2j+1] and at[j] the offset of the first
// of them equal to it (b0+2j, b0+2j+1, b1+2j, b1+2j+1 in that order; b0 and b1 are
// the rows' offsets in their plane), as a float32. Maxima follow Go's max (+0 for
// a tie of −0 and +0); a window holding a NaN yields its last NaN, as PyTorch's
// max pooling does. r0 and r1 must hold at least 2·len(o) values, at len(o).
func MaxPool2x2Row(o, at, r0, r1 []float32, b0, b1 int) {
	at = at[:len(o)]
	r0, r1 = r0[:2*len(o)], r1[:2*len(o)]
	n, nan := vecMaxPool2x2Row(o, at, r0, r1, b0, b1)
	if !maxPool2x2Generic(o[n:], at[n:], r0[2*n:], r1[2*n:], b0+2*n, b1+2*n) && !nan {
		return
	}
	maxPool2x2NaN(o, at, r0, r1, b0, b1)
}

// MaxPool2x2RowValues is MaxPool2x2Row without the offsets: o[j] is
// max(max(r0[2j], r0[2j+1]), max(r1[2j], r1[2j+1])) by Go's max (NaN if any of them
// is NaN, +0 for a tie of −0 and +0).
func MaxPool2x2RowValues(o, r0, r1 []float32) {
	r0, r1 = r0[:2*len(o)], r1[:2*len(o)]
	n, nan := vecMaxPool2x2Row(o, nil, r0, r1, 0, 0)
	if nan {
		n = 0
	}
	for ox := n; ox < len(o); ox++ {
		i := 2 * ox
		o[ox] = max(max(r0[i], r0[i+1]), max(r1[i], r1[i+1]))
	}
}

// maxPool2x2Generic is MaxPool2x2Row's loop without the NaN rule; it reports
// whether any output is NaN.
func maxPool2x2Generic(o, at, r0, r1 []float32, b0, b1 int) (nan bool) {
	for ox := range o {
		i := 2 * ox
		a, b, c, d := r0[i], r0[i+1], r1[i], r1[i+1]
		// The maximum, then the first element equal to it: this compiles to
		// conditional moves, where comparing element by element branches
		// unpredictably (3× slower on random data).
		best := max(max(a, b), max(c, d))
		bi := b1 + i + 1
		if c == best {
			bi = b1 + i
		}
		if b == best {
			bi = b0 + i + 1
		}
		if a == best {
			bi = b0 + i
		}
		o[ox], at[ox] = best, float32(bi)
		nan = nan || best != best
	}
	return nan
}

// maxPool2x2NaN redoes the windows holding a NaN of a row of MaxPool2x2Row, comparing
// element by element as PyTorch does (the last NaN of a window wins).
func maxPool2x2NaN(o, at, r0, r1 []float32, b0, b1 int) {
	for ox := range o {
		i := 2 * ox
		if a, b, c, d := r0[i], r0[i+1], r1[i], r1[i+1]; a == a && b == b && c == c && d == d {
			continue
		}
		best, bi := r0[i], b0+i
		for _, c := range [3]struct {
			v  float32
			at int
		}{{r0[i+1], b0 + i + 1}, {r1[i], b1 + i}, {r1[i+1], b1 + i + 1}} {
			if c.v > best || c.v != c.v {
				best, bi = c.v, c.at
			}
		}
		o[ox], at[ox] = best, float32(bi)
	}
}

// CopyRuns sets dst[i·ldd : i·ldd+n] = src[offs[i] : offs[i]+n] for i <
// len(offs): rows of n values gathered from anywhere in src into rows of dst (a
// convolution's packed panel rows). Runs of 32 values, a panel row of the wide
// tile, are copied in registers with no call per row.
func CopyRuns(dst []float32, ldd int, src []float32, offs []int, n int) {
	if len(offs) == 0 || n == 0 {
		return
	}
	if n == 32 && vecCopyRuns32(dst, ldd, src, offs) {
		return
	}
	for i, o := range offs {
		copy(dst[i*ldd:i*ldd+n], src[o:o+n])
	}
}

// Transpose8 sets dst[q·ldd + i] = src[i·lda + q] for i < rows and q < n: it
// writes rows ≤ 8 rows of src (row stride lda) as the columns of dst (row stride
// ldd), eight columns at a time in registers. Values are copied bit for bit.
func Transpose8(dst []float32, ldd int, src []float32, lda, rows, n int) {
	if rows > 8 {
		panic("kernels: Transpose8 of more than 8 rows")
	}
	var offs [8]int
	for i := range rows {
		offs[i] = i * lda
	}
	TransposeAt(dst, ldd, src, offs[:rows], n)
}

// TransposeAt is Transpose8 with the rows of src starting at the offsets offs
// (at most 8): dst[q·ldd + i] = src[offs[i] + q] for i < len(offs), q < n.
func TransposeAt(dst []float32, ldd int, src []float32, offs []int, n int) {
	rows := len(offs)
	if rows > 8 {
		panic("kernels: TransposeAt of more than 8 rows")
	}
	var o8 [8]int
	copy(o8[:], offs)
	q0 := transposeVec(dst, ldd, src, &o8, rows, n, 1, false)
	for i, off := range offs {
		row := src[off+q0 : off+n]
		o := q0*ldd + i
		for _, v := range row {
			dst[o] = v
			o += ldd
		}
	}
}

// positiveMask returns all ones if x > 0 and zero otherwise (also for NaN), without
// a branch: x > 0 exactly when its bits minus one (as uint32) are below those of
// +Inf.
func positiveMask(x float32) uint32 {
	d := int64(math.Float32bits(x) - 1) // wraps to 2³²−1 for +0
	return uint32((d - 0x7f800000) >> 63)
}

// nanMask returns all ones if the float32 with bits b is a NaN and zero otherwise,
// without a branch.
func nanMask(b uint32) uint32 {
	return uint32((0x7f800000 - int64(b&0x7fffffff)) >> 63)
}

// The float32 exponential of ExpSum: Cody and Waite's range reduction
// x = n·ln 2 + r, |r| ≤ ½ln 2, with ln 2 split in two (expC1 exact in a few bits,
// so n·expC1 is exact), then e^r ≈ 1 + r + r²·p(r) with Cephes expf's degree-5
// minimax polynomial p (about 1 ulp on the whole range, as PyTorch's vectorised
// float32 exp), and the scaling by 2ⁿ built in the exponent bits.
const (
	expLo    float32 = -87.33654475 // ln of the smallest normal float32; below it ExpSum gives 0
	expHi    float32 = 88.37        // a little under 127.5·ln 2, so that n ≤ 127; above it +Inf
	expLog2e float32 = 1.44269504088896341
	expMagic float32 = 12582912 // 1.5·2²³: adding and subtracting it rounds to the nearest integer
	expC1    float32 = 0.693359375
	expC2    float32 = -2.12194440e-4
	expP0    float32 = 1.9875691500e-4
	expP1    float32 = 1.3981999507e-3
	expP2    float32 = 8.3334519073e-3
	expP3    float32 = 4.1665795894e-2
	expP4    float32 = 1.6666665459e-1
	expP5    float32 = 5.0000001201e-1
)

// exp32 is the Go body of one lane of ExpSum's kernel: the same operations in the
// same order, each rounded to float32 (the conversions keep the compiler from
// fusing a product and a sum).
func exp32(x float32) float32 {
	switch {
	case x != x:
		return x
	case x < expLo:
		return 0
	case x > expHi:
		return float32(math.Inf(1))
	}
	n := float32(float32(x*expLog2e)+expMagic) - expMagic
	r := x - float32(n*expC1)
	r -= float32(n * expC2)
	z := float32(r * r)
	p := float32(expP0*r) + expP1
	p = float32(p*r) + expP2
	p = float32(p*r) + expP3
	p = float32(p*r) + expP4
	p = float32(p*r) + expP5
	y := float32(p*z) + r
	y++
	return y * math.Float32frombits(uint32(int32(n)+127)<<23)
}

// ExpSum sets dst[i] = exp(src[i] − m) for i < len(src) and returns the sum of
// those values formed as Sum8 forms a sum: the exponential and normaliser of a
// softmax row shifted by its maximum m. The exponential is float32 throughout
// (exp32's method, within about 2 ulp of the exact value); arguments below
// ln 2⁻¹²⁶ ≈ −87.34 give 0 (no subnormal results) and above 88.37 +Inf (a
// little early: the largest float32 is e^88.72); NaN gives NaN. dst must be at least as long as src; it may be src.
func ExpSum(dst, src []float32, m float32) float32 {
	dst = dst[:len(src)]
	var a [8]float32
	i := vecExpSum(dst, src, m, &a)
	for ; i < len(src); i++ {
		y := exp32(src[i] - m)
		dst[i] = y
		a[i%8] += y
	}
	return ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]))
}

// MulConst sets dst[i] = src[i]·c for i < len(src). dst must be at least as long
// as src; it may be src.
func MulConst(dst, src []float32, c float32) {
	dst = dst[:len(src)]
	n := vecMulConst(dst, src, c)
	d := dst[n:]
	for i, v := range src[n:] {
		d[i] = v * c
	}
}
