package layer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/skgo/skgo/nn/tensor"
)

// ErrArchitecture is wrapped by [UnmarshalWeights] when the saved weights do not fit
// the layer (a missing, extra or differently shaped tensor).
var ErrArchitecture = errors.New("layer: architecture mismatch")

const weightsMagic = "skgo.weights\x00"

const (
	kindParam  byte = 0
	kindBuffer byte = 1
)

// MarshalWeights encodes every parameter ([NamedParams]) and buffer ([Buffers]) of l,
// keyed by path, like PyTorch's state_dict: the magic "skgo.weights\0", a uint32
// version (1) and count, then per tensor a kind byte (0 parameter, 1 buffer), the
// length-prefixed path and the length-prefixed tensor.MarshalBinary encoding. All
// integers are little-endian uint32. The architecture is not saved: load into a layer
// built by the same code.
func MarshalWeights(l Layer) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(weightsMagic)
	ps, bs := NamedParams(l), Buffers(l)
	b.Write(binary.LittleEndian.AppendUint32(nil, 1))
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(ps)+len(bs))))
	put := func(kind byte, path string, t *tensor.Dense) error {
		enc, err := t.MarshalBinary()
		if err != nil {
			return fmt.Errorf("layer.MarshalWeights: %s: %w", path, err)
		}
		b.WriteByte(kind)
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(path))))
		b.WriteString(path)
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(enc))))
		b.Write(enc)
		return nil
	}
	for _, p := range ps {
		if err := put(kindParam, p.Path, p.Param.Value); err != nil {
			return nil, err
		}
	}
	for _, t := range bs {
		if err := put(kindBuffer, t.Path, t.Tensor); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

type savedTensor struct {
	kind byte
	t    *tensor.Dense
}

// SavedTensor describes one tensor of a [MarshalWeights] encoding.
type SavedTensor struct {
	Path   string
	Buffer bool  // a buffer ([Buffers]) rather than a trainable parameter
	Shape  []int // without the values
}

// SavedShapes lists the tensors of b, a [MarshalWeights] encoding, in order, without
// decoding their values: a caller can compare the saved architecture and parameter
// count with the one it is about to build before allocating any weight. It fails with
// an error wrapping tensor.ErrCorrupt like [UnmarshalWeights].
func SavedShapes(b []byte) ([]SavedTensor, error) {
	var out []SavedTensor
	err := scanWeights(b, func(kind byte, path string, enc []byte) error {
		shape, err := tensor.DecodeShape(enc)
		if err != nil {
			return fmt.Errorf("layer.SavedShapes: %s: %w", path, err)
		}
		out = append(out, SavedTensor{Path: path, Buffer: kind == kindBuffer, Shape: shape})
		return nil
	})
	return out, err
}

// scanWeights walks the entries of a MarshalWeights encoding, checking the framing
// (magic, version, lengths, kinds, duplicate paths, trailing bytes), and calls f with
// each entry's kind, path and tensor encoding.
func scanWeights(b []byte, f func(kind byte, path string, enc []byte) error) error {
	corrupt := func(what string) error {
		return fmt.Errorf("layer.UnmarshalWeights: %s: %w", what, tensor.ErrCorrupt)
	}
	if !bytes.HasPrefix(b, []byte(weightsMagic)) {
		return corrupt("not an skgo weights encoding")
	}
	b = b[len(weightsMagic):]
	u32 := func() (int, bool) {
		if len(b) < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(b)
		b = b[4:]
		return int(v), true
	}
	ver, ok := u32()
	if !ok || ver != 1 {
		return corrupt(fmt.Sprintf("unsupported version %d", ver))
	}
	n, ok := u32()
	if !ok {
		return corrupt("truncated header")
	}
	seen := make(map[string]bool, min(n, 1<<10))
	for i := range n {
		if len(b) < 1 {
			return corrupt(fmt.Sprintf("truncated at tensor %d", i))
		}
		kind := b[0]
		b = b[1:]
		pl, ok := u32()
		if !ok || pl > len(b) || kind > kindBuffer {
			return corrupt(fmt.Sprintf("bad entry %d", i))
		}
		path := string(b[:pl])
		b = b[pl:]
		tl, ok := u32()
		if !ok || tl > len(b) {
			return corrupt(fmt.Sprintf("truncated tensor %s", path))
		}
		if seen[path] {
			return corrupt("duplicate path " + path)
		}
		seen[path] = true
		if err := f(kind, path, b[:tl]); err != nil {
			return err
		}
		b = b[tl:]
	}
	if len(b) != 0 {
		return corrupt(fmt.Sprintf("%d trailing bytes", len(b)))
	}
	return nil
}

func decodeWeights(b []byte) (map[string]savedTensor, []string, error) {
	m := map[string]savedTensor{}
	var order []string
	err := scanWeights(b, func(kind byte, path string, enc []byte) error {
		t := new(tensor.Dense)
		if err := t.UnmarshalBinary(enc); err != nil {
			return fmt.Errorf("layer.UnmarshalWeights: %s: %w", path, err)
		}
		m[path] = savedTensor{kind: kind, t: t}
		order = append(order, path)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return m, order, nil
}

// UnmarshalWeights fills the parameters and buffers of l, a layer built by the same
// code that built the saved one, from what [MarshalWeights] wrote. It returns an
// error wrapping [ErrArchitecture] that names the path and both shapes when the
// architecture differs (a missing, extra or differently shaped tensor), and one
// wrapping tensor.ErrCorrupt for a malformed encoding. It never panics, and on error
// l is unchanged: everything is decoded and checked before anything is copied.
func UnmarshalWeights(l Layer, b []byte) error {
	saved, order, err := decodeWeights(b)
	if err != nil {
		return err
	}
	type dst struct {
		path string
		kind byte
		t    *tensor.Dense
	}
	var want []dst
	for _, p := range NamedParams(l) {
		want = append(want, dst{p.Path, kindParam, p.Param.Value})
	}
	for _, t := range Buffers(l) {
		want = append(want, dst{t.Path, kindBuffer, t.Tensor})
	}
	kindName := [...]string{"parameter", "buffer"}
	used := make(map[string]bool, len(want))
	for _, d := range want {
		s, ok := saved[d.path]
		if !ok {
			return fmt.Errorf("layer.UnmarshalWeights: %s (%s %v) missing from the saved weights: %w",
				d.path, kindName[d.kind], d.t.Shape(), ErrArchitecture)
		}
		if s.kind != d.kind {
			return fmt.Errorf("layer.UnmarshalWeights: %s saved as a %s, the layer has a %s: %w",
				d.path, kindName[s.kind], kindName[d.kind], ErrArchitecture)
		}
		if !slices.Equal(s.t.Shape(), d.t.Shape()) {
			return fmt.Errorf("layer.UnmarshalWeights: %s saved with shape %v, the layer has %v: %w",
				d.path, s.t.Shape(), d.t.Shape(), ErrArchitecture)
		}
		used[d.path] = true
	}
	for _, p := range order {
		if !used[p] {
			return fmt.Errorf("layer.UnmarshalWeights: saved %s %s %v has no place in the layer: %w",
				kindName[saved[p].kind], p, saved[p].t.Shape(), ErrArchitecture)
		}
	}
	for _, d := range want {
		d.t.Copy(saved[d.path].t)
	}
	return nil
}
