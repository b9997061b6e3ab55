package linear

// Branch-light exp and log1p for the ranges the logistic loss needs; they replace
// math.Exp and math.Log1p in the per-row loop, which dominated the profile. Both
// follow fdlibm (the algorithms behind Go's pure-Go math.Exp and math.Log) and are
// accurate to about one ulp.

import "math"

const (
	logitLn2Hi = 6.93147180369123816490e-01
	logitLn2Lo = 1.90821492927058770002e-10
	logitLog2e = 1.44269504088896338700e+00
)

// logitExpNeg returns exp(x) for x ≤ 0.
func logitExpNeg(x float64) float64 {
	if x < -708 { // 2^k below the normal range; rare, leave it to math.Exp
		return math.Exp(x)
	}
	const (
		P1 = 1.66666666666666657415e-01
		P2 = -2.77777777770155933842e-03
		P3 = 6.61375632143793436117e-05
		P4 = -1.65339022054652515390e-06
		P5 = 4.13813679705723846039e-08
	)
	k := float64(int64(x*logitLog2e - 0.5)) // round to nearest (x ≤ 0)
	hi := x - k*logitLn2Hi
	lo := k * logitLn2Lo
	r := hi - lo
	t := r * r
	c := r - t*(P1+t*(P2+t*(P3+t*(P4+t*P5))))
	y := 1 - ((lo - (r*c)/(2-c)) - hi)
	return y * math.Float64frombits(uint64(int64(k)+1023)<<52)
}

// logitLog1pUnit returns log(1 + e) for 0 ≤ e ≤ 1.
func logitLog1pUnit(e float64) float64 {
	const (
		L1 = 6.666666666666735130e-01
		L2 = 3.999999999940941908e-01
		L3 = 2.857142874366239149e-01
		L4 = 2.222219843214978396e-01
		L5 = 1.818357216161805012e-01
		L6 = 1.531383769920937332e-01
		L7 = 1.479819860511658591e-01
	)
	u := 1 + e
	// corr is the rounding error of 1 + e; log1p(e) = log(u) + corr/u to first
	// order, and corr/u ≈ corr within 0.6 ulp of the result.
	corr := e - (u - 1)
	// Reduce u to [√2/2, √2]: halve it when above √2 (written without a branch,
	// since the test is unpredictable).
	k := float64((math.Float64bits(math.Sqrt2) - math.Float64bits(u)) >> 63) // u > √2
	f := u*(1-0.5*k) - 1
	s := f / (2 + f)
	s2 := s * s
	s4 := s2 * s2
	t1 := s2 * (L1 + s4*(L3+s4*(L5+s4*L7)))
	t2 := s4 * (L2 + s4*(L4+s4*L6))
	R := t1 + t2
	hfsq := 0.5 * f * f
	return k*logitLn2Hi - ((hfsq - (s*(hfsq+R) + (k*logitLn2Lo + corr))) - f)
}
