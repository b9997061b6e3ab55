//go:build !amd64 || purego

package kernels

func vecWinoInput(dst []float32, ldd int, src []float32, rs, cs, n int) int         { return 0 }
func vecWinoInputAdjoint(dst []float32, rs, cs int, src []float32, lds, n int) int  { return 0 }
func vecWinoOutputAdjoint(dst []float32, ldd int, src []float32, rs, cs, n int) int { return 0 }
func vecWinoWeights(dst []float32, ldd int, src []float32, lds, n int) int          { return 0 }
func vecWinoWeightsAdjoint(dst []float32, ldd int, src []float32, lds, n int) int   { return 0 }
func vecWinoOutput(dst []float32, rs, cs int, src []float32, lds int, bias float32, n int) int {
	return 0
}
