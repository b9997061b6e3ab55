//go:build amd64 && !purego

package kernels

// The Winograd transforms run eight lanes at a time in wino_amd64.s (AVX) on the
// first n rounded down to 8 lanes; the callers in wino.go have checked that every
// address they touch lies inside the slices. Strides are in elements.

func vecWinoInput(dst []float32, ldd int, src []float32, rs, cs, n int) int {
	m := n &^ 7
	if !vecOn() || m == 0 {
		return 0
	}
	winoInputAVX(&dst[0], ldd, &src[0], rs, cs, m)
	return m
}

func vecWinoInputAdjoint(dst []float32, rs, cs int, src []float32, lds, n int) int {
	m := n &^ 7
	if !vecOn() || m == 0 {
		return 0
	}
	winoInputAdjointAVX(&dst[0], rs, cs, &src[0], lds, m)
	return m
}

func vecWinoOutput(dst []float32, rs, cs int, src []float32, lds int, bias float32, n int) int {
	m := n &^ 7
	if !vecOn() || m == 0 {
		return 0
	}
	winoOutputAVX(&dst[0], rs, cs, &src[0], lds, m, bias)
	return m
}

func vecWinoOutputAdjoint(dst []float32, ldd int, src []float32, rs, cs, n int) int {
	m := n &^ 7
	if !vecOn() || m == 0 {
		return 0
	}
	winoOutputAdjointAVX(&dst[0], ldd, &src[0], rs, cs, m)
	return m
}

func vecWinoWeights(dst []float32, ldd int, src []float32, lds, n int) int {
	m := n &^ 7
	if !vecOn() || m == 0 {
		return 0
	}
	winoWeightsAVX(&dst[0], ldd, &src[0], lds, m)
	return m
}

func vecWinoWeightsAdjoint(dst []float32, ldd int, src []float32, lds, n int) int {
	m := n &^ 7
	if !vecOn() || m == 0 {
		return 0
	}
	winoWeightsAdjointAVX(&dst[0], ldd, &src[0], lds, m)
	return m
}

//go:noescape
func winoInputAVX(dst *float32, ldd int, src *float32, rs, cs, n int)

//go:noescape
func winoInputAdjointAVX(dst *float32, rs, cs int, src *float32, lds, n int)

//go:noescape
func winoOutputAVX(dst *float32, rs, cs int, src *float32, lds, n int, bias float32)

//go:noescape
func winoOutputAdjointAVX(dst *float32, ldd int, src *float32, rs, cs, n int)

//go:noescape
func winoWeightsAVX(dst *float32, ldd int, src *float32, lds, n int)

//go:noescape
func winoWeightsAdjointAVX(dst *float32, ldd int, src *float32, lds, n int)
