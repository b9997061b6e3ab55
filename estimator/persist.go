package estimator

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"reflect"
	"slices"
	"sync"
)

// File format (version 1):
//
//	magic    "skgo-model\n"                 11 bytes
//	version  uint32 little-endian           currently 1
//	length   uint64 little-endian           length of the payload
//	payload  JSON document (see fileDoc)
//	crc      uint32 little-endian           CRC-32 (IEEE) of the payload
//
// The payload lists one node per estimator in the tree (the root has path "", parts
// and estimator-valued fields have dotted paths), each with its concrete type, its
// hyperparameters as JSON and its learned state as bytes (base64 in the JSON).
const (
	magic         = "skgo-model\n"
	formatVersion = 1
	// maxPayload bounds the allocation for a corrupt length field.
	maxPayload = 1 << 36
)

// ErrFormat reports a model file that is not a valid skgo model file: bad magic,
// unknown version, truncation, checksum mismatch or malformed contents.
var ErrFormat = errors.New("estimator: invalid model file")

type fileDoc struct {
	Nodes []fileNode `json:"nodes"`
}

type fileNode struct {
	Path   string               `json:"path"`
	Type   string               `json:"type"`
	Params map[string]fileParam `json:"params,omitempty"`
	State  []byte               `json:"state,omitempty"`
}

type fileParam struct {
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
}

// node is an estimator found in the tree, with its path.
type node struct {
	path string
	est  Estimator
}

// walkNodes lists e and every estimator inside it (Composite parts and estimator-valued
// fields), parents before children.
func walkNodes(prefix string, e Estimator, out []node) []node {
	out = append(out, node{prefix, e})
	join := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	if c, ok := e.(Composite); ok {
		for _, p := range c.Parts() {
			if p.Est != nil && !isNilValue(reflect.ValueOf(p.Est)) {
				out = walkNodes(join(p.Name), p.Est, out)
			}
		}
	}
	sv, err := structOf(reflect.ValueOf(e))
	if err != nil {
		return out
	}
	for i := 0; i < sv.NumField(); i++ {
		f := sv.Type().Field(i)
		if !f.IsExported() || f.Tag.Get("param") == "-" {
			continue
		}
		fv := sv.Field(i)
		if fv.Kind() == reflect.Interface && !fv.IsNil() {
			fv = fv.Elem()
		}
		if fv.Kind() == reflect.Pointer && !fv.IsNil() {
			if child, ok := fv.Interface().(Estimator); ok {
				out = walkNodes(join(f.Name), child, out)
			}
		}
	}
	return out
}

// ownParams returns the node's exported, non-estimator fields as JSON.
func ownParams(e Estimator) (map[string]fileParam, error) {
	sv, err := structOf(reflect.ValueOf(e))
	if err != nil {
		return nil, nil
	}
	out := map[string]fileParam{}
	for i := 0; i < sv.NumField(); i++ {
		f := sv.Type().Field(i)
		if !f.IsExported() || f.Tag.Get("param") == "-" {
			continue
		}
		fv := sv.Field(i)
		if isEstimatorValue(fv) || fv.Kind() == reflect.Func || fv.Kind() == reflect.Chan {
			continue
		}
		b, err := json.Marshal(fv.Interface())
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %w", f.Name, err)
		}
		out[f.Name] = fileParam{Type: dynType(fv), Value: b}
	}
	return out, nil
}

func isEstimatorValue(fv reflect.Value) bool {
	if fv.Kind() == reflect.Interface && !fv.IsNil() {
		fv = fv.Elem()
	}
	if fv.Kind() == reflect.Pointer && !fv.IsNil() {
		_, ok := fv.Interface().(Estimator)
		return ok
	}
	return false
}

func dynType(fv reflect.Value) string {
	if fv.Kind() == reflect.Interface {
		if fv.IsNil() {
			return "nil"
		}
		return fv.Elem().Type().String()
	}
	return fv.Type().String()
}

// Save writes e's hyperparameters and the learned state of every estimator in it
// (those implementing StateMarshaler), keyed by path, in skgo's versioned model format.
// Architecture is code, state is data: read it back with Load into a skeleton of the
// same structure.
func Save(w io.Writer, e Estimator) error {
	if e == nil || isNilValue(reflect.ValueOf(e)) {
		return fmt.Errorf("estimator.Save: nil estimator: %w", ErrInvalidData)
	}
	var doc fileDoc
	for _, n := range walkNodes("", e, nil) {
		params, err := ownParams(n.est)
		if err != nil {
			return fmt.Errorf("estimator.Save: %s: %w", pathName(n.path), err)
		}
		fn := fileNode{Path: n.path, Type: fmt.Sprintf("%T", n.est), Params: params}
		if sm, ok := n.est.(StateMarshaler); ok {
			st, err := sm.MarshalState()
			if err != nil {
				return fmt.Errorf("estimator.Save: %s: %w", pathName(n.path), err)
			}
			fn.State = st
		}
		doc.Nodes = append(doc.Nodes, fn)
	}
	payload, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("estimator.Save: %w", err)
	}
	var hdr bytes.Buffer
	hdr.WriteString(magic)
	_ = binary.Write(&hdr, binary.LittleEndian, uint32(formatVersion))
	_ = binary.Write(&hdr, binary.LittleEndian, uint64(len(payload)))
	if _, err := w.Write(hdr.Bytes()); err != nil {
		return fmt.Errorf("estimator.Save: %w", err)
	}
	if _, err := w.Write(payload); err != nil {
		return fmt.Errorf("estimator.Save: %w", err)
	}
	var crc [4]byte
	binary.LittleEndian.PutUint32(crc[:], crc32.ChecksumIEEE(payload))
	if _, err := w.Write(crc[:]); err != nil {
		return fmt.Errorf("estimator.Save: %w", err)
	}
	return nil
}

func pathName(p string) string {
	if p == "" {
		return "root"
	}
	return p
}

// Load reads a model written by Save into dst, which must have the same structure: the
// same concrete types and part names (build it with the same code that built the saved
// model). Hyperparameters and learned state are restored. A truncated, corrupted,
// wrong-version or wrong-structure file gives an error wrapping ErrFormat (or naming
// the mismatched path: "ridge: saved *linear.Ridge, have *linear.Lasso"), and leaves dst
// as it was: Load fills a clone and copies it into dst only when everything succeeded.
// dst must be a non-nil pointer to a struct.
func Load(r io.Reader, dst Estimator) (err error) {
	dv := reflect.ValueOf(dst)
	if dst == nil || dv.Kind() != reflect.Pointer || dv.IsNil() || dv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("estimator.Load: dst must be a non-nil pointer to a struct, got %T: %w", dst, ErrInvalidData)
	}
	doc, err := readDoc(r)
	if err != nil {
		return fmt.Errorf("estimator.Load: %w", err)
	}
	defer func() { // decoders of corrupt state must not crash the caller
		if p := recover(); p != nil {
			err = fmt.Errorf("estimator.Load: corrupt model state (%v): %w", p, ErrFormat)
		}
	}()
	tmp := cloneEstimator(dst)
	nodes := walkNodes("", tmp, nil)
	if len(nodes) != len(doc.Nodes) {
		return fmt.Errorf("estimator.Load: the file has %d estimators, dst has %d (%s): %w",
			len(doc.Nodes), len(nodes), describe(nodes), ErrFormat)
	}
	// Parameters first (they may replace nothing structural), then state, node by node
	// in the same parent-first order as Save.
	for i, n := range nodes {
		fn := doc.Nodes[i]
		if fn.Path != n.path {
			return fmt.Errorf("estimator.Load: saved estimator at %s, have one at %s: %w", pathName(fn.Path), pathName(n.path), ErrFormat)
		}
		if have := fmt.Sprintf("%T", n.est); have != fn.Type {
			return fmt.Errorf("estimator.Load: %s: saved %s, have %s: %w", pathName(n.path), fn.Type, have, ErrFormat)
		}
		if err := restoreParams(n.est, fn.Params); err != nil {
			return fmt.Errorf("estimator.Load: %s: %w", pathName(n.path), err)
		}
	}
	// Restoring params may not change the tree; check again before loading state.
	if again := walkNodes("", tmp, nil); len(again) != len(nodes) {
		return fmt.Errorf("estimator.Load: structure changed while restoring parameters: %w", ErrFormat)
	}
	for i, n := range nodes {
		fn := doc.Nodes[i]
		sm, ok := n.est.(StateMarshaler)
		if !ok {
			if len(fn.State) > 0 {
				return fmt.Errorf("estimator.Load: %s: file has learned state but %T cannot load it: %w", pathName(n.path), n.est, ErrFormat)
			}
			continue
		}
		if err := sm.UnmarshalState(fn.State); err != nil {
			return fmt.Errorf("estimator.Load: %s: %w: %w", pathName(n.path), err, ErrFormat)
		}
	}
	dv.Elem().Set(reflect.ValueOf(tmp).Elem())
	return nil
}

func describe(nodes []node) string {
	names := make([]string, len(nodes))
	for i, n := range nodes {
		names[i] = fmt.Sprintf("%s=%T", pathName(n.path), n.est)
	}
	return fmt.Sprint(names)
}

func readDoc(r io.Reader) (*fileDoc, error) {
	hdr := make([]byte, len(magic)+4+8)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, fmt.Errorf("reading header: %v: %w", err, ErrFormat)
	}
	if string(hdr[:len(magic)]) != magic {
		return nil, fmt.Errorf("not a skgo model file (bad magic): %w", ErrFormat)
	}
	ver := binary.LittleEndian.Uint32(hdr[len(magic):])
	if ver != formatVersion {
		return nil, fmt.Errorf("unsupported format version %d (this build reads version %d): %w", ver, formatVersion, ErrFormat)
	}
	n := binary.LittleEndian.Uint64(hdr[len(magic)+4:])
	if n > maxPayload {
		return nil, fmt.Errorf("payload length %d is implausible: %w", n, ErrFormat)
	}
	// Read through a limited buffer so a corrupt length cannot allocate up front.
	var buf bytes.Buffer
	got, err := io.Copy(&buf, io.LimitReader(r, int64(n)+4))
	if err != nil {
		return nil, fmt.Errorf("reading payload: %v: %w", err, ErrFormat)
	}
	if got != int64(n)+4 {
		return nil, fmt.Errorf("file is truncated (%d of %d bytes): %w", got, n+4, ErrFormat)
	}
	b := buf.Bytes()
	payload, crc := b[:n], binary.LittleEndian.Uint32(b[n:])
	if crc32.ChecksumIEEE(payload) != crc {
		return nil, fmt.Errorf("checksum mismatch: the file is corrupted: %w", ErrFormat)
	}
	var doc fileDoc
	if err := json.Unmarshal(payload, &doc); err != nil {
		return nil, fmt.Errorf("decoding payload: %v: %w", err, ErrFormat)
	}
	return &doc, nil
}

func restoreParams(e Estimator, params map[string]fileParam) error {
	sv, err := structOf(reflect.ValueOf(e))
	if err != nil {
		if len(params) > 0 {
			return fmt.Errorf("file has parameters but %T has no fields: %w", e, ErrFormat)
		}
		return nil
	}
	have, err := ownParams(e)
	if err != nil {
		return err
	}
	for _, name := range sortedKeys(have) {
		if _, ok := params[name]; !ok {
			return fmt.Errorf("parameter %s is missing from the file (saved by a different version of %T?): %w", name, e, ErrFormat)
		}
	}
	for _, name := range sortedKeys(params) {
		fp := params[name]
		hp, ok := have[name]
		if !ok {
			return fmt.Errorf("file has parameter %s, which %T does not: %w", name, e, ErrFormat)
		}
		fv := sv.FieldByName(name)
		if fp.Type == "nil" && fv.Kind() == reflect.Interface {
			fv.Set(reflect.Zero(fv.Type())) // the saved model had none
			continue
		}
		var dyn reflect.Type // the concrete type to decode an interface field into
		if fv.Kind() == reflect.Interface {
			if fp.Type == hp.Type {
				dyn = fv.Elem().Type()
			} else if rt, ok := registeredType(fp.Type); ok && rt.AssignableTo(fv.Type()) {
				dyn = rt
			}
		}
		if fp.Type != hp.Type && dyn == nil {
			hint := ""
			if fv.Kind() == reflect.Interface {
				hint = " (set the field in the skeleton, or register the type with estimator.RegisterType)"
			}
			return fmt.Errorf("parameter %s: saved %s, have %s%s: %w", name, fp.Type, hp.Type, hint, ErrFormat)
		}
		target := reflect.New(fv.Type())
		if fv.Kind() == reflect.Interface {
			// Decode into a fresh value of the concrete type, then store it.
			var tv reflect.Value
			if dyn.Kind() == reflect.Pointer {
				tv = reflect.New(dyn.Elem())
			} else {
				tv = reflect.New(dyn)
			}
			if err := json.Unmarshal(fp.Value, tv.Interface()); err != nil {
				return fmt.Errorf("parameter %s: %v: %w", name, err, ErrFormat)
			}
			if dyn.Kind() != reflect.Pointer {
				tv = tv.Elem()
			}
			target.Elem().Set(tv)
		} else if err := json.Unmarshal(fp.Value, target.Interface()); err != nil {
			return fmt.Errorf("parameter %s: %v: %w", name, err, ErrFormat)
		}
		fv.Set(target.Elem())
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// registry maps type names, as Save records them (reflect.Type.String, such as
// "*optim.Adam"), to types.
var registry sync.Map

// RegisterType records the concrete type of v, so that Load can restore a saved
// parameter of that type into an interface field that the skeleton left nil (its zero
// value, meaning "the default") or set to another type: a model saved with
// Optimizer: &optim.Adam{LR: 3e-3} then loads into a zero-value skeleton. Packages
// register their configuration types in init (nn/optim registers its rules and
// schedules). Types must round-trip through encoding/json.
func RegisterType(v any) {
	t := reflect.TypeOf(v)
	if t == nil {
		return
	}
	registry.Store(t.String(), t)
}

func registeredType(name string) (reflect.Type, bool) {
	v, ok := registry.Load(name)
	if !ok {
		return nil, false
	}
	return v.(reflect.Type), true
}

// GobState encodes v (usually a pointer to an estimator's private fit struct with
// exported fields) with encoding/gob, for MarshalState. A nil pointer encodes as nil.
func GobState(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	if v == nil || isNilValue(rv) {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UngobState decodes b written by GobState into dst, a pointer to the pointer field
// that holds the state (&r.fit). Empty b sets the field to nil (unfitted). On error the
// field is left unchanged.
func UngobState(b []byte, dst any) error {
	dv := reflect.ValueOf(dst)
	if dv.Kind() != reflect.Pointer || dv.IsNil() || dv.Elem().Kind() != reflect.Pointer {
		return fmt.Errorf("estimator.UngobState: dst must be a pointer to a pointer, got %T", dst)
	}
	if len(b) == 0 {
		dv.Elem().Set(reflect.Zero(dv.Elem().Type()))
		return nil
	}
	fresh := reflect.New(dv.Elem().Type().Elem())
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(fresh.Interface()); err != nil {
		return fmt.Errorf("decoding state: %w", err)
	}
	dv.Elem().Set(fresh)
	return nil
}
