// Package tensor is skgo's float32 N-dimensional array: contiguous, row-major, with
// shape-checked operations that follow gonum's conventions: the receiver is the
// destination, an empty receiver (new(Dense) or the zero value) sizes itself, and
// inputs are never modified. Shape misuse is a programmer error and panics with a
// *ShapeError carrying the operation and both shapes; estimators at the nn boundary
// recover it into an error.
//
// Heavy kernels (matrix multiply, convolution) run in nn/internal/kernels and are
// parallelised with nn/internal/parallel, whose chunking depends only on the problem
// size, so results are bit-identical for any GOMAXPROCS.
package tensor

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// ShapeError reports operands whose shapes do not fit an operation.
type ShapeError struct {
	Op   string
	A, B []int
	Msg  string
}

func (e *ShapeError) Error() string {
	op := e.Op
	if !strings.Contains(op, ".") { // "layer.Dense" keeps its own package name
		op = "tensor." + op
	}
	s := fmt.Sprintf("%s: shape mismatch %v vs %v", op, e.A, e.B)
	if e.B == nil {
		s = fmt.Sprintf("%s: bad shape %v", op, e.A)
	}
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// Dense is a contiguous row-major float32 tensor. The zero value is an empty tensor
// that operations size on first use.
type Dense struct {
	shape []int
	data  []float32
}

// New returns a zero-filled tensor of the given shape.
func New(shape ...int) *Dense {
	n := checkShape("New", shape)
	return &Dense{shape: slices.Clone(shape), data: make([]float32, n)}
}

// FromSlice returns a tensor of the given shape backed by data (not copied), like
// gonum's mat.NewDense. It panics with a *ShapeError if len(data) does not match.
func FromSlice(data []float32, shape ...int) *Dense {
	n := checkShape("FromSlice", shape)
	if len(data) != n {
		panic(&ShapeError{Op: "FromSlice", A: shape, Msg: fmt.Sprintf("%d values for %d elements", len(data), n)})
	}
	return &Dense{shape: slices.Clone(shape), data: data}
}

func checkShape(op string, shape []int) int {
	n := 1
	for _, d := range shape {
		if d < 0 {
			panic(&ShapeError{Op: op, A: shape, Msg: "negative dimension"})
		}
		n *= d
	}
	return n
}

// Shape returns a copy of t's shape.
func (t *Dense) Shape() []int { return slices.Clone(t.shape) }

// Rank returns the number of dimensions.
func (t *Dense) Rank() int { return len(t.shape) }

// Dim returns the size of dimension i (negative i counts from the end).
func (t *Dense) Dim(i int) int {
	if i < 0 {
		i += len(t.shape)
	}
	return t.shape[i]
}

// Len returns the number of elements.
func (t *Dense) Len() int { return len(t.data) }

// IsEmpty reports whether t has no shape yet (the zero value).
func (t *Dense) IsEmpty() bool { return t.shape == nil }

// Data returns the backing slice (shared, row-major).
func (t *Dense) Data() []float32 { return t.data }

// Clone returns a deep copy of t.
func (t *Dense) Clone() *Dense {
	return &Dense{shape: slices.Clone(t.shape), data: slices.Clone(t.data)}
}

// Reshape returns a view of t with another shape and the same number of elements,
// sharing t's data. One dimension may be -1 and is inferred.
func (t *Dense) Reshape(shape ...int) *Dense {
	shape = slices.Clone(shape)
	infer, n := -1, 1
	for i, d := range shape {
		switch {
		case d == -1 && infer < 0:
			infer = i
		case d < 0:
			panic(&ShapeError{Op: "Reshape", A: t.shape, B: shape})
		default:
			n *= d
		}
	}
	if infer >= 0 {
		if n == 0 || len(t.data)%n != 0 {
			panic(&ShapeError{Op: "Reshape", A: t.shape, B: shape})
		}
		shape[infer] = len(t.data) / n
		n *= shape[infer]
	}
	if n != len(t.data) {
		panic(&ShapeError{Op: "Reshape", A: t.shape, B: shape})
	}
	return &Dense{shape: shape, data: t.data}
}

// ReuseAs sizes t to shape, reusing its buffer when it is large enough. Element values
// are unspecified afterwards (use Zero to clear them). It is for building kernels that
// write every element.
func (t *Dense) ReuseAs(shape ...int) {
	n := checkShape("ReuseAs", shape)
	if cap(t.data) >= n {
		t.data = t.data[:n]
	} else {
		t.data = make([]float32, n)
	}
	t.shape = append(t.shape[:0], shape...)
}

// Zero sets every element to 0.
func (t *Dense) Zero() { clear(t.data) }

// At returns the element at the given index.
func (t *Dense) At(idx ...int) float32 { return t.data[t.offset("At", idx)] }

// Set sets the element at the given index.
func (t *Dense) Set(v float32, idx ...int) { t.data[t.offset("Set", idx)] = v }

func (t *Dense) offset(op string, idx []int) int {
	if len(idx) != len(t.shape) {
		panic(&ShapeError{Op: op, A: t.shape, B: idx, Msg: "index rank"})
	}
	off := 0
	for i, v := range idx {
		if v < 0 || v >= t.shape[i] {
			panic(&ShapeError{Op: op, A: t.shape, B: idx, Msg: "index out of range"})
		}
		off = off*t.shape[i] + v
	}
	return off
}

// SameShape reports whether t and u have equal shapes.
func (t *Dense) SameShape(u *Dense) bool { return slices.Equal(t.shape, u.shape) }

// String formats small tensors for debugging.
func (t *Dense) String() string {
	if len(t.data) > 32 {
		return fmt.Sprintf("tensor%v[%v ...]", t.shape, t.data[:8])
	}
	return fmt.Sprintf("tensor%v%v", t.shape, t.data)
}

// MarshalBinary encodes t as: rank (uint32), dims (uint32 each), then the values as
// little-endian IEEE-754 float32.
func (t *Dense) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 4+4*len(t.shape)+4*len(t.data))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(t.shape)))
	for _, d := range t.shape {
		b = binary.LittleEndian.AppendUint32(b, uint32(d))
	}
	for _, v := range t.data {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b, nil
}

// ErrCorrupt is returned by UnmarshalBinary for malformed input.
var ErrCorrupt = errors.New("tensor: corrupt encoding")

// UnmarshalBinary decodes what MarshalBinary wrote, replacing t's shape and data. It
// fails with ErrCorrupt, allocating nothing, when the header is malformed or the
// shape's element count (checked for overflow) does not match the bytes present.
func (t *Dense) UnmarshalBinary(b []byte) error {
	shape, err := DecodeShape(b)
	if err != nil {
		return err
	}
	b = b[4+4*len(shape):]
	data := make([]float32, len(b)/4)
	for i := range data {
		data[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	t.shape, t.data = shape, data
	return nil
}

// maxRank bounds the rank UnmarshalBinary accepts.
const maxRank = 16

// DecodeShape returns the shape of the tensor that b, a MarshalBinary encoding, holds,
// without decoding its values. It checks what UnmarshalBinary checks: a rank of at most
// 16 and exactly 4 bytes of data per element (the product of the dimensions is
// computed without overflow), so a forged header cannot make a decoder allocate more
// than the bytes present.
func DecodeShape(b []byte) ([]int, error) {
	if len(b) < 4 {
		return nil, ErrCorrupt
	}
	rank := binary.LittleEndian.Uint32(b)
	b = b[4:]
	if rank > maxRank || uint64(len(b)) < 4*uint64(rank) {
		return nil, ErrCorrupt
	}
	shape := make([]int, rank)
	elems := uint64(len(b)-4*int(rank)) / 4 // the most elements the data can hold
	for i := range shape {
		shape[i] = int(binary.LittleEndian.Uint32(b[4*i:]))
	}
	n := uint64(1)
	if !slices.Contains(shape, 0) {
		for i, d := range shape {
			if n > elems/uint64(d) {
				return nil, fmt.Errorf("%w: shape dimension %d (%d) needs more data than the %d bytes present", ErrCorrupt, i, d, len(b))
			}
			n *= uint64(d)
		}
	} else {
		n = 0
	}
	if got := len(b) - 4*int(rank); uint64(got) != 4*n {
		return nil, fmt.Errorf("%w: %d bytes of data for shape %v", ErrCorrupt, got, shape)
	}
	return shape, nil
}

// ReuseLike sizes t to a's shape as ReuseAs does.
func (t *Dense) ReuseLike(a *Dense) { t.ReuseAs(a.shape...) }
