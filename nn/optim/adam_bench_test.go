package optim

import "testing"

// BenchmarkAdamUpdate times one Adam step over 200 960 elements (the MLP
// 784→256→10's first weight) on one thread.
func BenchmarkAdamUpdate(b *testing.B) {
	const n = 784 * 256
	p, g := make([]float32, n), make([]float32, n)
	st := [][]float32{make([]float32, n), make([]float32, n)}
	for i := range g {
		g[i] = float32(i%97)*1e-3 - 0.05
	}
	b.SetBytes(n * 4 * 4)
	for i := 0; i < b.N; i++ {
		adamUpdate(p, g, st, i+1, 1e-3, 0, 0, 0, 0, false)
	}
}
