package tensor

import (
	"math"

	"github.com/skgo/skgo/nn/internal/kernels"
	"github.com/skgo/skgo/nn/internal/parallel"
)

// elemGrain is the chunk size of parallel elementwise loops: large enough that a
// chunk outweighs the cost of handing it to a goroutine.
const elemGrain = 1 << 15

func (t *Dense) sizeLike(op string, a *Dense) {
	if t.IsEmpty() {
		t.ReuseAs(a.shape...)
		return
	}
	if len(t.data) != len(a.data) {
		panic(&ShapeError{Op: op, A: t.shape, B: a.shape, Msg: "destination"})
	}
}

func sameLen(op string, a, b *Dense) {
	if len(a.data) != len(b.data) {
		panic(&ShapeError{Op: op, A: a.shape, B: b.shape})
	}
}

// Copy sets t = a.
func (t *Dense) Copy(a *Dense) {
	t.sizeLike("Copy", a)
	copy(t.data, a.data)
}

// Fill sets every element to v.
func (t *Dense) Fill(v float32) {
	kernels.Fill(t.data, v)
}

// Add sets t = a + b elementwise (equal element counts).
func (t *Dense) Add(a, b *Dense) {
	sameLen("Add", a, b)
	t.sizeLike("Add", a)
	ad, bd, td := a.data, b.data, t.data
	parallel.For(len(td), elemGrain, func(lo, hi int) { kernels.SumTo(td[lo:hi], ad[lo:hi], bd[lo:hi]) })
}

// Sub sets t = a − b elementwise.
func (t *Dense) Sub(a, b *Dense) {
	sameLen("Sub", a, b)
	t.sizeLike("Sub", a)
	ad, bd, td := a.data, b.data, t.data
	parallel.For(len(td), elemGrain, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			td[i] = ad[i] - bd[i]
		}
	})
}

// Mul sets t = a ⊙ b elementwise.
func (t *Dense) Mul(a, b *Dense) {
	sameLen("Mul", a, b)
	t.sizeLike("Mul", a)
	ad, bd, td := a.data, b.data, t.data
	parallel.For(len(td), elemGrain, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			td[i] = ad[i] * bd[i]
		}
	})
}

// Scale sets t = s·a.
func (t *Dense) Scale(s float32, a *Dense) {
	t.sizeLike("Scale", a)
	ad, td := a.data, t.data
	parallel.For(len(td), elemGrain, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			td[i] = s * ad[i]
		}
	})
}

// AddScaled sets t += s·a (axpy).
func (t *Dense) AddScaled(s float32, a *Dense) {
	sameLen("AddScaled", t, a)
	ad, td := a.data, t.data
	parallel.For(len(td), elemGrain, func(lo, hi int) { kernels.Axpy(td[lo:hi], ad[lo:hi], s) })
}

// Apply sets t[i] = f(a[i]). f must be safe for concurrent use.
func (t *Dense) Apply(f func(float32) float32, a *Dense) {
	t.sizeLike("Apply", a)
	ad, td := a.data, t.data
	parallel.For(len(td), elemGrain, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			td[i] = f(ad[i])
		}
	})
}

// AddRowVector sets t = a + v broadcast over rows: a is viewed as rows of len(v)
// (for a dense layer, n×out plus a bias of length out).
func (t *Dense) AddRowVector(a, v *Dense) {
	w := len(v.data)
	if w == 0 || len(a.data)%w != 0 {
		panic(&ShapeError{Op: "AddRowVector", A: a.shape, B: v.shape})
	}
	t.sizeLike("AddRowVector", a)
	rows := len(a.data) / w
	ad, vd, td := a.data, v.data, t.data
	parallel.For(rows, max(1, elemGrain/w), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			kernels.SumTo(td[r*w:(r+1)*w], ad[r*w:(r+1)*w], vd)
		}
	})
}

// SumRowsInto adds the column sums of a (viewed as rows of len(t)) into t: the
// gradient of a broadcast bias. Rows are summed in fixed order.
func (t *Dense) SumRowsInto(a *Dense) {
	w := len(t.data)
	if w == 0 || len(a.data)%w != 0 {
		panic(&ShapeError{Op: "SumRowsInto", A: a.shape, B: t.shape})
	}
	kernels.SumRows(t.data, a.data)
}

// Sum returns the sum of all elements, accumulated in float64 in fixed chunk order.
func (t *Dense) Sum() float64 {
	chunks := parallel.Chunks(len(t.data), elemGrain)
	if chunks <= 1 {
		return sum64(t.data)
	}
	part := make([]float64, chunks)
	parallel.For(len(t.data), elemGrain, func(lo, hi int) {
		part[lo/elemGrain] = sum64(t.data[lo:hi])
	})
	var s float64
	for _, p := range part {
		s += p
	}
	return s
}

func sum64(x []float32) float64 {
	var s float64
	for _, v := range x {
		s += float64(v)
	}
	return s
}

// HasNaNOrInf reports whether any element is NaN or ±Inf.
func (t *Dense) HasNaNOrInf() bool {
	for _, v := range t.data {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return true
		}
	}
	return false
}

// ArgMaxRows returns, for a 2-D tensor, the column index of each row's maximum (the
// first one on ties).
func (t *Dense) ArgMaxRows() []int {
	if len(t.shape) != 2 {
		panic(&ShapeError{Op: "ArgMaxRows", A: t.shape, Msg: "want 2-D"})
	}
	rows, cols := t.shape[0], t.shape[1]
	out := make([]int, rows)
	for r := 0; r < rows; r++ {
		row := t.data[r*cols : (r+1)*cols]
		best := 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		out[r] = best
	}
	return out
}
