package kernels

// Transforms of the Winograd convolution F(2×2, 3×3) (nn/autograd's convwino.go),
// over n lanes: each address below is the first of n consecutive values, lane l
// at offset l (the lanes are the samples of a batch-minor layout, or consecutive
// kernels). With ξ = 4i + j the 16 positions of a transformed 4×4 tile:
//
//	input   V = Bᵀ d B     Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]
//	output  Y = Aᵀ M A     Aᵀ = [1 1 1 0; 0 1 −1 −1]
//	weights U = G g Gᵀ     G  = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]
//
// and their adjoints (the backward pass): dM = A dY Aᵀ, dd = B dV Bᵀ, dg = Gᵀ dU G.
// Each is written out as additions in a fixed order (and exact halvings), which
// the AVX kernels repeat lane for lane: the bits never depend on the CPU. The
// products never fuse (the conversions to float32 keep the compiler from it).

// WinoInput sets dst[ξ·ldd + l] = (Bᵀ d B)[ξ] for l < n, where d[i][j] is
// src[i·rs + j·cs + l]: the transformed 4×4 input patches of n lanes.
func WinoInput(dst []float32, ldd int, src []float32, rs, cs, n int) {
	if n <= 0 {
		return
	}
	_, _ = dst[15*ldd+n-1], src[3*rs+3*cs+n-1]
	for l := vecWinoInput(dst, ldd, src, rs, cs, n); l < n; l++ {
		var d [16]float32
		for i := range 4 {
			for j := range 4 {
				d[4*i+j] = src[i*rs+j*cs+l]
			}
		}
		var t [16]float32 // Bᵀ d
		for j := range 4 {
			d0, d1, d2, d3 := d[j], d[4+j], d[8+j], d[12+j]
			t[j] = d0 - d2
			t[4+j] = d1 + d2
			t[8+j] = d2 - d1
			t[12+j] = d1 - d3
		}
		for i := range 4 { // (Bᵀ d) B
			t0, t1, t2, t3 := t[4*i], t[4*i+1], t[4*i+2], t[4*i+3]
			dst[(4*i)*ldd+l] = t0 - t2
			dst[(4*i+1)*ldd+l] = t1 + t2
			dst[(4*i+2)*ldd+l] = t2 - t1
			dst[(4*i+3)*ldd+l] = t1 - t3
		}
	}
}

// WinoInputAdjoint adds (B dV Bᵀ)[i][j] into dst[i·rs + j·cs + l] for l < n,
// where dV[ξ] is src[ξ·lds + l]: the gradients of n lanes' input patches.
func WinoInputAdjoint(dst []float32, rs, cs int, src []float32, lds, n int) {
	if n <= 0 {
		return
	}
	_, _ = dst[3*rs+3*cs+n-1], src[15*lds+n-1]
	for l := vecWinoInputAdjoint(dst, rs, cs, src, lds, n); l < n; l++ {
		var t [16]float32 // dV Bᵀ
		for i := range 4 {
			e0, e1, e2, e3 := src[(4*i)*lds+l], src[(4*i+1)*lds+l], src[(4*i+2)*lds+l], src[(4*i+3)*lds+l]
			t[4*i] = e0
			t[4*i+1] = (e1 - e2) + e3
			t[4*i+2] = (e1 + e2) - e0
			t[4*i+3] = -e3
		}
		for j := range 4 { // B (dV Bᵀ)
			t0, t1, t2, t3 := t[j], t[4+j], t[8+j], t[12+j]
			dst[j*cs+l] += t0
			dst[rs+j*cs+l] += (t1 - t2) + t3
			dst[2*rs+j*cs+l] += (t1 + t2) - t0
			dst[3*rs+j*cs+l] -= t3
		}
	}
}

// WinoOutput sets dst[r·rs + c·cs + l] = (Aᵀ M A)[r][c] + bias for r, c < 2 and
// l < n, where M[ξ] is src[ξ·lds + l]: n lanes' 2×2 output tiles.
func WinoOutput(dst []float32, rs, cs int, src []float32, lds int, bias float32, n int) {
	if n <= 0 {
		return
	}
	_, _ = dst[rs+cs+n-1], src[15*lds+n-1]
	for l := vecWinoOutput(dst, rs, cs, src, lds, bias, n); l < n; l++ {
		var t [8]float32 // Aᵀ M: 2×4
		for j := range 4 {
			m0, m1, m2, m3 := src[j*lds+l], src[(4+j)*lds+l], src[(8+j)*lds+l], src[(12+j)*lds+l]
			t[j] = m0 + m1 + m2
			t[4+j] = m1 - m2 - m3
		}
		dst[l] = t[0] + t[1] + t[2] + bias
		dst[cs+l] = t[1] - t[2] - t[3] + bias
		dst[rs+l] = t[4] + t[5] + t[6] + bias
		dst[rs+cs+l] = t[5] - t[6] - t[7] + bias
	}
}

// WinoOutputAdjoint sets dst[ξ·ldd + l] = (A dY Aᵀ)[ξ] for l < n, where dY[r][c]
// is src[r·rs + c·cs + l]: the gradients of n lanes' transformed output tiles.
func WinoOutputAdjoint(dst []float32, ldd int, src []float32, rs, cs, n int) {
	if n <= 0 {
		return
	}
	_, _ = dst[15*ldd+n-1], src[rs+cs+n-1]
	for l := vecWinoOutputAdjoint(dst, ldd, src, rs, cs, n); l < n; l++ {
		y00, y01, y10, y11 := src[l], src[cs+l], src[rs+l], src[rs+cs+l]
		// A dY: 4×2, rows y0, y0 + y1, y0 − y1, −y1
		a := [8]float32{y00, y01, y00 + y10, y01 + y11, y00 - y10, y01 - y11, -y10, -y11}
		for i := range 4 { // (A dY) Aᵀ
			e0, e1 := a[2*i], a[2*i+1]
			dst[(4*i)*ldd+l] = e0
			dst[(4*i+1)*ldd+l] = e0 + e1
			dst[(4*i+2)*ldd+l] = e0 - e1
			dst[(4*i+3)*ldd+l] = -e1
		}
	}
}

// WinoWeights sets dst[ξ·ldd + l] = (G g Gᵀ)[ξ] for l < n, where g[a][b] is
// src[(3a+b)·lds + l]: n transformed 3×3 kernels.
func WinoWeights(dst []float32, ldd int, src []float32, lds, n int) {
	if n <= 0 {
		return
	}
	_, _ = dst[15*ldd+n-1], src[8*lds+n-1]
	for l := vecWinoWeights(dst, ldd, src, lds, n); l < n; l++ {
		var t [12]float32 // G g: 4×3
		for b := range 3 {
			g0, g1, g2 := src[b*lds+l], src[(3+b)*lds+l], src[(6+b)*lds+l]
			t[b] = g0
			t[3+b] = float32(0.5 * (g0 + g1 + g2))
			t[6+b] = float32(0.5 * (g0 - g1 + g2))
			t[9+b] = g2
		}
		for i := range 4 { // (G g) Gᵀ
			r0, r1, r2 := t[3*i], t[3*i+1], t[3*i+2]
			dst[(4*i)*ldd+l] = r0
			dst[(4*i+1)*ldd+l] = float32(0.5 * (r0 + r1 + r2))
			dst[(4*i+2)*ldd+l] = float32(0.5 * (r0 - r1 + r2))
			dst[(4*i+3)*ldd+l] = r2
		}
	}
}

// WinoWeightsAdjoint adds (Gᵀ dU G)[a][b] into dst[(3a+b)·ldd + l] for l < n,
// where dU[ξ] is src[ξ·lds + l]: the gradients of n 3×3 kernels.
func WinoWeightsAdjoint(dst []float32, ldd int, src []float32, lds, n int) {
	if n <= 0 {
		return
	}
	_, _ = dst[8*ldd+n-1], src[15*lds+n-1]
	for l := vecWinoWeightsAdjoint(dst, ldd, src, lds, n); l < n; l++ {
		var t [12]float32 // dU G: 4×3
		for i := range 4 {
			d0, d1, d2, d3 := src[(4*i)*lds+l], src[(4*i+1)*lds+l], src[(4*i+2)*lds+l], src[(4*i+3)*lds+l]
			t[3*i] = d0 + float32(0.5*(d1+d2))
			t[3*i+1] = float32(0.5 * (d1 - d2))
			t[3*i+2] = float32(0.5*(d1+d2)) + d3
		}
		for b := range 3 { // Gᵀ (dU G)
			t0, t1, t2, t3 := t[b], t[3+b], t[6+b], t[9+b]
			dst[b*ldd+l] += t0 + float32(0.5*(t1+t2))
			dst[(3+b)*ldd+l] += float32(0.5 * (t1 - t2))
			dst[(6+b)*ldd+l] += float32(0.5*(t1+t2)) + t3
		}
	}
}
