package estimator

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"reflect"
	"slices"
	"strings"
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
)

// DefaultMaxModelBytes is the largest payload Load reads unless the caller raises the
// cap with MaxModelBytes: 256 MiB, enough for every classical model and for networks of
// up to about 50 million float32 parameters. A file that declares more is rejected
// before anything is read, and a stream is never buffered past its declared length.
const DefaultMaxModelBytes = 256 << 20

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
	Type string `json:"type"`
	// Key is the import-path-qualified type of an interface field's value
	// ("*github.com/skgo/skgo/nn/optim.Adam"), used to find the type to restore.
	Key   string          `json:"key,omitempty"`
	Value json.RawMessage `json:"value"`
	// Enc is "tree" when Value was written by encodeTree because the value holds NaN
	// or ±Inf (which JSON numbers cannot hold: non-finite floats are the strings
	// "NaN", "+Inf" and "-Inf") or interface fields of its own (a WarmUp schedule's
	// Then: each is an object {"@type": key, "@value": ...}).
	Enc string `json:"enc,omitempty"`
}

// LoadOption configures Load.
type LoadOption func(*loadConfig)

type loadConfig struct {
	maxBytes int64
	types    map[string]reflect.Type
}

// MaxModelBytes sets the largest payload Load accepts (DefaultMaxModelBytes when
// unset). Raise it for large networks saved by trusted code; n <= 0 keeps the default.
func MaxModelBytes(n int64) LoadOption {
	return func(c *loadConfig) {
		if n > 0 {
			c.maxBytes = n
		}
	}
}

// LoadTypes lists concrete types (one value of each) that saved interface-typed
// parameters may hold, in addition to those the skeleton's estimators list with
// ParamTyper: a model saved with a custom optimiser rule loads into a skeleton whose
// Optimizer field is nil when the rule's type is given here. Types are matched by
// import path and name, never by package name alone.
func LoadTypes(vs ...any) LoadOption {
	return func(c *loadConfig) {
		for _, v := range vs {
			if t := reflect.TypeOf(v); t != nil {
				c.types[typeKey(t)] = t
			}
		}
	}
}

// typeKey names t with its import path: "*github.com/skgo/skgo/nn/optim.Adam".
func typeKey(t reflect.Type) string {
	if t.Kind() == reflect.Pointer && t.Name() == "" {
		return "*" + typeKey(t.Elem())
	}
	if t.Name() != "" && t.PkgPath() != "" {
		return t.PkgPath() + "." + t.Name()
	}
	return t.String()
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
		fp := fileParam{Type: dynType(fv)}
		if fv.Kind() == reflect.Interface && !fv.IsNil() {
			fp.Key = typeKey(fv.Elem().Type())
		}
		var b []byte
		if hasNestedInterface(fv, 0) { // the concrete types inside must be recorded
			b, err = json.Marshal(encodeTree(fv))
			fp.Enc = "tree"
		} else {
			b, err = json.Marshal(fv.Interface())
			var unsupported *json.UnsupportedValueError
			if errors.As(err, &unsupported) { // NaN or ±Inf somewhere inside
				b, err = json.Marshal(encodeTree(fv))
				fp.Enc = "tree"
			}
		}
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %w", f.Name, err)
		}
		fp.Value = b
		out[f.Name] = fp
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
	if err := CheckGraph(e); err != nil {
		return fmt.Errorf("estimator.Save: %w", err)
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
//
// A model file is untrusted input, and Load treats it so:
//   - it reads at most DefaultMaxModelBytes of payload (raise with MaxModelBytes); a
//     larger declared length is rejected before reading, and a stream is never read
//     past its declared length;
//   - it restores the hyperparameters into a clone of dst and calls Validate on every
//     estimator that has it before any learned state is decoded, so a file asking for
//     a 40 GB network is rejected by the estimator's size bounds before anything is
//     built;
//   - every UnmarshalState checks what it decodes (lengths, ranges, ordering,
//     finiteness; see DecodeState): a valid checksum proves nothing, since anyone can
//     re-seal a forged file;
//   - decoding never executes code (JSON and gob only; no type is instantiated that dst,
//     a ParamTyper in dst, or LoadTypes did not name).
//
// Errors wrap ErrFormat; a failed consistency check also wraps ErrState and an
// invalid hyperparameter ErrInvalidParam.
func Load(r io.Reader, dst Estimator, opts ...LoadOption) (err error) {
	dv := reflect.ValueOf(dst)
	if dst == nil || dv.Kind() != reflect.Pointer || dv.IsNil() || dv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("estimator.Load: dst must be a non-nil pointer to a struct, got %T: %w", dst, ErrInvalidData)
	}
	if r == nil {
		return fmt.Errorf("estimator.Load: nil reader: %w", ErrInvalidData)
	}
	if err := CheckGraph(dst); err != nil {
		return fmt.Errorf("estimator.Load: %w", err)
	}
	cfg := loadConfig{maxBytes: DefaultMaxModelBytes, types: map[string]reflect.Type{}}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	doc, err := readDoc(r, cfg.maxBytes)
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
		return fmt.Errorf("estimator.Load: the file has %d estimators, dst has %d (file: %s; dst: %s): %w",
			len(doc.Nodes), len(nodes), describeDoc(doc.Nodes), describe(nodes), ErrFormat)
	}
	for _, n := range nodes {
		if pt, ok := n.est.(ParamTyper); ok {
			LoadTypes(pt.ParamTypes()...)(&cfg)
		}
	}
	// Parameters first (they may replace nothing structural), node by node in the same
	// parent-first order as Save.
	for i, n := range nodes {
		fn := doc.Nodes[i]
		if fn.Path != n.path {
			return fmt.Errorf("estimator.Load: saved estimator at %s, have one at %s (file: %s; dst: %s): %w",
				pathName(fn.Path), pathName(n.path), describeDoc(doc.Nodes), describe(nodes), ErrFormat)
		}
		if have := fmt.Sprintf("%T", n.est); have != fn.Type {
			return fmt.Errorf("estimator.Load: %s: saved %s, have %s (file: %s; dst: %s): %w",
				pathName(n.path), fn.Type, have, describeDoc(doc.Nodes), describe(nodes), ErrFormat)
		}
		if err := restoreParams(n.est, fn.Params, cfg.types); err != nil {
			return fmt.Errorf("estimator.Load: %s: %w", pathName(n.path), err)
		}
	}
	// Restoring params may not change the tree; check again before loading state.
	if again := walkNodes("", tmp, nil); len(again) != len(nodes) {
		return fmt.Errorf("estimator.Load: structure changed while restoring parameters: %w", ErrFormat)
	}
	// Validate every restored configuration before any state is decoded: the sizes a
	// network or a transformer would allocate are bounded there.
	for _, n := range nodes {
		if v, ok := n.est.(Validator); ok {
			if err := v.Validate(); err != nil {
				return fmt.Errorf("estimator.Load: %s: saved hyperparameters are invalid: %w: %w", pathName(n.path), err, ErrFormat)
			}
		}
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

// describeDoc lists the file's structure as describe does for a skeleton. The file is
// untrusted: at most 32 nodes are listed and each name is quoted and cut to 80 bytes.
func describeDoc(nodes []fileNode) string {
	const maxNodes, maxLen = 32, 80
	cut := func(s string) string {
		if len(s) > maxLen {
			s = s[:maxLen] + "…"
		}
		return s
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, n := range nodes {
		if i == maxNodes {
			fmt.Fprintf(&b, " … %d more", len(nodes)-maxNodes)
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		name := "root"
		if n.Path != "" {
			name = fmt.Sprintf("%q", cut(n.Path))
		}
		fmt.Fprintf(&b, "%s=%q", name, cut(n.Type))
	}
	b.WriteByte(']')
	return b.String()
}

func readDoc(r io.Reader, maxBytes int64) (*fileDoc, error) {
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
	if n > uint64(maxBytes) {
		return nil, fmt.Errorf("payload of %d bytes exceeds the cap of %d bytes (raise it with estimator.MaxModelBytes for a trusted file): %w", n, maxBytes, ErrFormat)
	}
	// Read through a limited, growing buffer: a declared length is never allocated up
	// front, and nothing past the declared length (plus the checksum) is read.
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

func restoreParams(e Estimator, params map[string]fileParam, types map[string]reflect.Type) error {
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
			if fp.Type == hp.Type && (fp.Key == "" || fp.Key == hp.Key) {
				dyn = fv.Elem().Type()
			} else if rt, ok := types[fp.Key]; ok && rt.AssignableTo(fv.Type()) {
				dyn = rt
			}
		}
		if fp.Type != hp.Type && dyn == nil {
			hint := ""
			if fv.Kind() == reflect.Interface {
				hint = " (set the field in the skeleton, or pass the type to Load with estimator.LoadTypes)"
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
			if err := decodeParam(fp, tv, types); err != nil {
				return fmt.Errorf("parameter %s: %v: %w", name, err, ErrFormat)
			}
			if dyn.Kind() != reflect.Pointer {
				tv = tv.Elem()
			}
			target.Elem().Set(tv)
		} else if err := decodeParam(fp, target, types); err != nil {
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
