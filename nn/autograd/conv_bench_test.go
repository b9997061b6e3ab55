package autograd

import (
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the process's user + system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkConvLayer times one 3×3 "same" convolution (padding 1, bias) on a batch
// of 128, forward and then forward + backward (input, weight and bias gradients),
// at the shapes of VGG16's and ResNet18's CIFAR-10 layers, and reports the rate of
// the products' multiply-adds (2·N·O·C·9·OH·OW flops per product, three products
// with the backward pass), and the process's CPU time per operation (less
// sensitive than the wall time to other tenants of a shared machine), each layer
// through the GEMM paths and through Winograd F(2×2, 3×3) (whose rate counts the
// direct convolution's flops, so that the two compare).
//
//	go test -run '^$' -bench ConvLayer ./nn/autograd
func BenchmarkConvLayer(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ n, cin, o, hw int }{
		{128, 64, 64, 32}, {128, 128, 128, 16}, {128, 256, 256, 8}, {128, 512, 512, 4}, {128, 512, 512, 2},
	} {
		x := NewParam(randT(rng, c.n, c.cin, c.hw, c.hw))
		w := NewParam(randT(rng, c.o, c.cin, 3, 3))
		bias := NewParam(randT(rng, c.o))
		flops := 2 * float64(c.n*c.o*c.cin*9*c.hw*c.hw)
		p := ConvParams{Stride: 1, Pad: 1}
		tp := NewTape()
		for _, algo := range []struct {
			name        string
			minC, plane int
		}{{"gemm", 1 << 30, 0}, {"winograd", 1, 1 << 30}} {
			name := fmt.Sprintf("%dx%d@%d/%s", c.cin, c.o, c.hw, algo.name)
			savedC, savedP := wgMinChannels, wgMaxPlane
			wgMinChannels, wgMaxPlane = algo.minC, algo.plane
			b.Run(name+"/fwd", func(b *testing.B) {
				cpu := cpuTime()
				for b.Loop() {
					tp.Reset()
					tp.Conv2D(tp.Param(x), tp.Param(w), tp.Param(bias), p)
				}
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				b.ReportMetric(float64(cpuTime()-cpu)/1e6/float64(b.N), "cpu-ms/op")
			})
			b.Run(name+"/fwdbwd", func(b *testing.B) {
				cpu := cpuTime()
				for b.Loop() {
					tp.Reset()
					tp.Backward(tp.Sum(tp.Conv2D(tp.Param(x), tp.Param(w), tp.Param(bias), p)))
				}
				b.ReportMetric(3*flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				b.ReportMetric(float64(cpuTime()-cpu)/1e6/float64(b.N), "cpu-ms/op")
			})
			wgMinChannels, wgMaxPlane = savedC, savedP
		}
	}
}

// BenchmarkBatchMinorPacker times the batch-minor forward packer on the 256-channel
// 8×8 layer of a batch of 128: every kc×nc block of the columns, as the GEMM asks
// for them (one thread).
func BenchmarkBatchMinorPacker(b *testing.B) {
	const n, c, hw = 128, 256, 8
	rng := rand.New(rand.NewPCG(1, 2))
	x := randT(rng, n, c, hw, hw)
	g := bmGeomOf(n, c, hw, hw, 3, 3, hw, hw, ConvParams{Stride: 1, Pad: 1, Dilation: 1})
	xb := make([]float32, c*hw*hw*n+n)
	toBatchMinor(xb, x.Data(), n, c*hw*hw)
	pack := bmColsPacker(xb, g)
	k, cols := c*9, hw*hw*n
	dst := make([]float32, 256*2048)
	for b.Loop() {
		for j0 := 0; j0 < cols; j0 += 2048 {
			for p0 := 0; p0 < k; p0 += 256 {
				pack(p0, j0, min(256, k-p0), min(2048, cols-j0), 32, dst)
			}
		}
	}
	b.ReportMetric(float64(k*cols)*4*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
}
