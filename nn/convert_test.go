package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// TestFloat32Overflow checks the threshold checkXFloat32 uses against Go's own
// float64 → float32 conversion, and the rows gatherRows converts.
func TestFloat32Overflow(t *testing.T) {
	at := float64(float32Overflow)
	assert.True(t, math.IsInf(float64(float32(at)), 1))
	assert.True(t, math.IsInf(float64(float32(-at)), -1))
	below := math.Nextafter(at, 0)
	assert.Equal(t, float32(math.MaxFloat32), float32(below))
	for _, v := range []float64{below, -below, 0, 1e30, math.MaxFloat32} {
		require.NoError(t, checkXFloat32(mat.NewDense(1, 2, []float64{1, v})), "%g", v)
	}
	for _, v := range []float64{float32Overflow, -float32Overflow, 1e39, -math.MaxFloat64} {
		require.Error(t, checkXFloat32(mat.NewDense(1, 2, []float64{1, v})), "%g", v)
	}

	x := mat.NewDense(3, 2, []float64{1, 2, 3.1, 4, 5, 6})
	dst := make([]float32, 5)
	dst[4] = 42
	gatherRows(dst[:4], x, []int{2, 1})
	assert.Equal(t, []float32{5, 6, float32(3.1), 4, 42}, dst)
	dst[2] = 42
	convertRows(dst[:2], x, 1, 2)
	assert.Equal(t, []float32{float32(3.1), 4, 42, 4, 42}, dst)
}
