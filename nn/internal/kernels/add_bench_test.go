package kernels

import (
	"fmt"
	"testing"
)

// BenchmarkCol2imAdds times the additions of a 3×3, pad 1 col2im into one H×W
// plane (nine shifted row additions per row, most of them W−1 long).
func BenchmarkCol2imAdds(b *testing.B) {
	for _, w := range []int{4, 8, 16, 32} {
		plane := make([]float32, w*w)
		src := make([]float32, 9*w*w)
		for _, level := range []struct {
			name string
			isa  int
		}{{"go", isaGeneric}, {"avx2", isaAVX2}, {"best", hasISA}} {
			restore := setISA(level.isa)
			b.Run(fmt.Sprintf("%dx%d/%s", w, w, level.name), func(b *testing.B) {
				for range b.N {
					for ki := 0; ki < 3; ki++ {
						for kj := 0; kj < 3; kj++ {
							off := kj - 1
							lo, hi := max(0, -off), min(w, w-off)
							row := src[(ki*3+kj)*w*w:]
							oy0, oy1 := max(0, 1-ki), min(w, w+1-ki)
							iy := oy0 - 1 + ki
							AddRows(plane[iy*w+lo+off:], w, row[oy0*w+lo:], w, oy1-oy0, hi-lo)
						}
					}
				}
			})
			restore()
		}
	}
}
