package layer

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

// NamedParam is a trainable parameter and its dotted path in the layer tree
// (PyTorch's named_parameters).
type NamedParam struct {
	Path  string
	Param *autograd.Param
}

// NamedTensor is a non-trainable state tensor (a buffer, such as BatchNorm's running
// mean) and its dotted path (PyTorch's named_buffers).
type NamedTensor struct {
	Path   string
	Tensor *tensor.Dense
}

// ParamLister is implemented by layers that list their own parameters instead of
// being walked by reflection. Paths are relative to the layer.
type ParamLister interface {
	NamedParams() []NamedParam
}

// BufferLister is implemented by layers that list their own non-trainable state
// tensors instead of being walked by reflection. Paths are relative to the layer.
type BufferLister interface {
	NamedBuffers() []NamedTensor
}

var (
	paramType  = reflect.TypeFor[*autograd.Param]()
	tensorType = reflect.TypeFor[*tensor.Dense]()
)

// NamedParams returns the trainable parameters of l with their paths, in a stable
// depth-first order over exported fields (the order of PyTorch's named_parameters for
// the same architecture). Path segments are slice indices, the Go name of fields
// holding a *autograd.Param or *tensor.Dense ("W", "Gamma"), and the lower-cased name
// of other fields ("layers", "body", "shortcut"): "layers.0.W",
// "layers.4.body.layers.1.Gamma". Nil parameters (a Dense without bias) are skipped,
// and a parameter reached twice (tied weights) is listed once, at its first path.
// Layers implementing [ParamLister] are not walked. Unexported fields, maps and
// functions are not walked.
func NamedParams(l Layer) []NamedParam {
	w := walker{wantParams: true, seenP: map[*autograd.Param]bool{}, seenT: map[*tensor.Dense]bool{}, onPath: map[uintptr]bool{}}
	w.walk(reflect.ValueOf(l), "")
	return w.params
}

// Params returns the trainable parameters of l in the order of [NamedParams]. Pass
// them to optim.Setup.
func Params(l Layer) []*autograd.Param {
	np := NamedParams(l)
	ps := make([]*autograd.Param, len(np))
	for i, p := range np {
		ps[i] = p.Param
	}
	return ps
}

// Buffers returns the non-trainable state tensors of l (the *tensor.Dense fields,
// such as BatchNorm's RunMean and RunVar) with their paths, walked like
// [NamedParams]. Layers implementing [BufferLister] are not walked.
func Buffers(l Layer) []NamedTensor {
	w := walker{wantBufs: true, seenP: map[*autograd.Param]bool{}, seenT: map[*tensor.Dense]bool{}, onPath: map[uintptr]bool{}}
	w.walk(reflect.ValueOf(l), "")
	return w.bufs
}

// NumParams returns the number of trainable scalars in l (the sum of p.numel() in
// PyTorch).
func NumParams(l Layer) int {
	n := 0
	for _, p := range Params(l) {
		n += p.Value.Len()
	}
	return n
}

// ZeroGrad zeroes the gradient of every parameter of l.
func ZeroGrad(l Layer) {
	for _, p := range Params(l) {
		p.ZeroGrad()
	}
}

type walker struct {
	wantParams, wantBufs bool
	params               []NamedParam
	bufs                 []NamedTensor
	seenP                map[*autograd.Param]bool
	seenT                map[*tensor.Dense]bool
	onPath               map[uintptr]bool // pointers being walked (cycle guard)
}

func join(path, seg string) string {
	if path == "" {
		return seg
	}
	return path + "." + seg
}

func (w *walker) addParam(path string, p *autograd.Param) {
	if p == nil || w.seenP[p] {
		return
	}
	w.seenP[p] = true
	w.params = append(w.params, NamedParam{Path: path, Param: p})
}

func (w *walker) addBuf(path string, t *tensor.Dense) {
	if t == nil || w.seenT[t] {
		return
	}
	w.seenT[t] = true
	w.bufs = append(w.bufs, NamedTensor{Path: path, Tensor: t})
}

func (w *walker) walk(v reflect.Value, path string) {
	if !v.IsValid() {
		return
	}
	switch v.Type() {
	case paramType:
		if w.wantParams && !v.IsNil() {
			w.addParam(path, v.Interface().(*autograd.Param))
		}
		return
	case tensorType:
		if w.wantBufs && !v.IsNil() {
			w.addBuf(path, v.Interface().(*tensor.Dense))
		}
		return
	}
	// Listers override the walk for what they list.
	wantParams, wantBufs := w.wantParams, w.wantBufs
	if v.CanInterface() && (v.Kind() != reflect.Pointer || !v.IsNil()) && (v.Kind() != reflect.Interface || !v.IsNil()) {
		i := v.Interface()
		if pl, ok := i.(ParamLister); ok && w.wantParams {
			for _, p := range pl.NamedParams() {
				w.addParam(join(path, p.Path), p.Param)
			}
			wantParams = false
		}
		if bl, ok := i.(BufferLister); ok && w.wantBufs {
			for _, b := range bl.NamedBuffers() {
				w.addBuf(join(path, b.Path), b.Tensor)
			}
			wantBufs = false
		}
		if !wantParams && !wantBufs {
			return
		}
	}
	if wantParams != w.wantParams || wantBufs != w.wantBufs {
		saveP, saveB := w.wantParams, w.wantBufs
		w.wantParams, w.wantBufs = wantParams, wantBufs
		defer func() { w.wantParams, w.wantBufs = saveP, saveB }()
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		ptr := v.Pointer()
		if w.onPath[ptr] {
			return
		}
		w.onPath[ptr] = true
		w.walk(v.Elem(), path)
		delete(w.onPath, ptr)
	case reflect.Interface:
		if !v.IsNil() {
			w.walk(v.Elem(), path)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			seg := f.Name
			if f.Type != paramType && f.Type != tensorType {
				seg = strings.ToLower(seg)
			}
			w.walk(v.Field(i), join(path, seg))
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			w.walk(v.Index(i), join(path, strconv.Itoa(i)))
		}
	}
}
