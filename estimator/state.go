package estimator

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
	"reflect"
)

// Learned state on disk. EncodeState and DecodeState are what every MarshalState and
// UnmarshalState in skgo use:
//
//	func (r *Ridge) MarshalState() ([]byte, error) { return estimator.EncodeState(ridgeStateVersion, r.fit) }
//	func (r *Ridge) UnmarshalState(b []byte) error  { return estimator.DecodeState(b, ridgeStateVersion, &r.fit) }
//
// The bytes are a header ("skgo-state", a uvarint version) and the gob encoding of the
// private fit struct. The version is per type: bump it whenever the fit struct's fields
// change meaning or name, so an old file fails loudly instead of decoding a renamed
// field as its zero value. The fit struct's Check method (required by DecodeState's
// type parameter, so no state type can forget it) validates lengths, ranges, ordering
// and finiteness: a model file is untrusted input, and a valid checksum proves nothing
// because anyone can re-seal a forged file.

const stateMagic = "skgo-state"

// ErrState reports learned state that cannot be loaded: a missing or unknown version,
// undecodable bytes, or values that fail the state's consistency check. Load wraps it
// together with ErrFormat.
var ErrState = errors.New("estimator: invalid learned state")

// EncodeState encodes v (a pointer to an estimator's private fit struct with exported
// fields, nil when unfitted) behind a header holding version. A nil pointer encodes as
// nil, which DecodeState reads back as "unfitted".
func EncodeState(version uint32, v any) ([]byte, error) {
	if v == nil || isNilValue(reflect.ValueOf(v)) {
		return nil, nil
	}
	var buf bytes.Buffer
	buf.WriteString(stateMagic)
	buf.Write(binary.AppendUvarint(nil, uint64(version)))
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DecodeState decodes b written by EncodeState into *dst (&r.fit). Empty b sets *dst
// to nil (unfitted). It fails with ErrState when the header is missing, the version is
// not version, the bytes do not decode, or the decoded value's Check fails; *dst is
// then left unchanged.
func DecodeState[T any, PT interface {
	*T
	Check() error
}](b []byte, version uint32, dst **T) error {
	if len(b) == 0 {
		*dst = nil
		return nil
	}
	rest, ok := bytes.CutPrefix(b, []byte(stateMagic))
	if !ok {
		return fmt.Errorf("state has no version header (written by an older skgo?): %w", ErrState)
	}
	v, n := binary.Uvarint(rest)
	if n <= 0 {
		return fmt.Errorf("state version is unreadable: %w", ErrState)
	}
	if v != uint64(version) {
		return fmt.Errorf("state version %d, this build reads version %d: %w", v, version, ErrState)
	}
	fresh := new(T)
	if err := decodeGob(rest[n:], fresh); err != nil {
		return fmt.Errorf("decoding state: %v: %w", err, ErrState)
	}
	if err := PT(fresh).Check(); err != nil {
		return fmt.Errorf("%w: %w", err, ErrState)
	}
	*dst = fresh
	return nil
}

// decodeGob decodes b into v and insists that b holds exactly one value.
func decodeGob(b []byte, v any) (err error) {
	defer func() { // gob's decoder is hardened, but a forged stream must never crash Load
		if p := recover(); p != nil {
			err = fmt.Errorf("corrupt state: %v", p)
		}
	}()
	r := bytes.NewReader(b)
	if err := gob.NewDecoder(r).Decode(v); err != nil {
		return err
	}
	if r.Len() != 0 {
		return fmt.Errorf("%d trailing bytes", r.Len())
	}
	return nil
}

// Helpers for Check methods. Each returns nil or an error naming the field.

// CheckLen reports whether a field has the expected length.
func CheckLen(name string, got, want int) error {
	if got != want {
		return fmt.Errorf("%s has %d values, want %d", name, got, want)
	}
	return nil
}

// CheckFinite reports whether every value of a field is finite.
func CheckFinite(name string, v ...float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s[%d] is %v", name, i, x)
		}
	}
	return nil
}

// CheckPositive reports whether every value of a field is finite and > 0.
func CheckPositive(name string, v ...float64) error {
	for i, x := range v {
		if !(x > 0) || math.IsInf(x, 0) {
			return fmt.Errorf("%s[%d] is %v, want a finite value > 0", name, i, x)
		}
	}
	return nil
}

// CheckIndex reports whether every value of a field is an index in [0, n).
func CheckIndex(name string, idx []int, n int) error {
	for i, x := range idx {
		if x < 0 || x >= n {
			return fmt.Errorf("%s[%d] is %d, want an index in [0, %d)", name, i, x, n)
		}
	}
	return nil
}

// CheckIncreasing reports whether a field is finite and strictly increasing.
func CheckIncreasing(name string, v []float64) error {
	if err := CheckFinite(name, v...); err != nil {
		return err
	}
	for i := 1; i < len(v); i++ {
		if !(v[i] > v[i-1]) {
			return fmt.Errorf("%s is not strictly increasing at %d (%v after %v)", name, i, v[i], v[i-1])
		}
	}
	return nil
}

// CheckClasses reports whether a classifier's classes are finite, sorted, distinct and
// at least two.
func CheckClasses(name string, classes []float64) error {
	if len(classes) < 2 {
		return fmt.Errorf("%s has %d values, want at least 2", name, len(classes))
	}
	return CheckIncreasing(name, classes)
}

// CheckCount reports whether a count field lies in [lo, hi].
func CheckCount(name string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("%s is %d, want a value in [%d, %d]", name, v, lo, hi)
	}
	return nil
}

// FirstError returns the first non-nil error, so a Check method can list its
// conditions in one expression.
func FirstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
