package optim

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/skgo/skgo/nn/internal/parallel"
	"math"

	"github.com/skgo/skgo/nn/autograd"
)

// Optimizer applies a [Rule] to a fixed list of parameters, holding one state per
// parameter, the step count and the current learning rate (PyTorch's
// torch.optim.Optimizer; Optimisers.jl's state tree). Build it with [Setup]. It is not
// safe for concurrent use.
type Optimizer struct {
	// Schedule, if set, gives the learning rate of each epoch from the rule's base
	// rate; [Optimizer.SetEpoch] applies it. nil keeps the rate constant.
	Schedule Schedule
	// ClipNorm, if > 0, rescales the gradients before each step so that their global
	// L2 norm is at most ClipNorm ([ClipGradNorm]). 0 means no clipping.
	ClipNorm float64
	// ClipValue, if > 0, clamps each gradient element to [−ClipValue, ClipValue]
	// before each step ([ClipGradValue]), before any ClipNorm. 0 means no clipping.
	ClipValue float64

	rule   Rule
	params []*autograd.Param
	states []any
	step   int
	lr     float64
}

// Setup returns an optimizer for params driven by rule (Optimisers.setup). Its
// learning rate starts at rule.BaseLR().
func Setup(rule Rule, params []*autograd.Param) *Optimizer {
	o := &Optimizer{rule: rule, params: params, states: make([]any, len(params)), lr: rule.BaseLR()}
	for i, p := range params {
		o.states[i] = rule.NewState(p.Value.Len())
	}
	return o
}

// Rule returns the rule.
func (o *Optimizer) Rule() Rule { return o.rule }

// Params returns the parameters (shared, not copied).
func (o *Optimizer) Params() []*autograd.Param { return o.params }

// Steps returns the number of steps taken.
func (o *Optimizer) Steps() int { return o.step }

// LR returns the current learning rate.
func (o *Optimizer) LR() float64 { return o.lr }

// SetLR sets the learning rate of the following steps.
func (o *Optimizer) SetLR(lr float64) { o.lr = lr }

// SetEpoch sets the learning rate to Schedule.LR(rule.BaseLR(), epoch); epochs count
// from 0. Without a Schedule it does nothing.
func (o *Optimizer) SetEpoch(epoch int) {
	if o.Schedule != nil {
		o.lr = o.Schedule.LR(o.rule.BaseLR(), epoch)
	}
}

// Step clips the gradients (ClipValue, then ClipNorm), updates every parameter from
// its gradient with the rule, and zeroes the gradients. It returns the gradients'
// global L2 norm before clipping when ClipNorm > 0, and 0 otherwise.
func (o *Optimizer) Step() float64 {
	if o.ClipValue > 0 {
		ClipGradValue(o.params, o.ClipValue)
	}
	var norm float64
	if o.ClipNorm > 0 {
		norm = ClipGradNorm(o.params, o.ClipNorm)
	}
	o.step++
	for i, p := range o.params {
		pv, pg := p.Value.Data(), p.Grad.Data()
		bufs, _ := o.states[i].([][]float32)
		if !elementwise(o.rule) || len(pv) <= updateGrain {
			o.rule.Update(pv, pg, o.states[i], o.step, o.lr)
			clear(pg)
			continue
		}
		// The built-in rules are elementwise (their state is per-element buffers), so a
		// large parameter is updated in fixed chunks in parallel; every element sees
		// the same arithmetic as in one pass.
		parallel.For(len(pv), updateGrain, func(lo, hi int) {
			var sub [][]float32
			if bufs != nil {
				sub = make([][]float32, len(bufs))
				for k, b := range bufs {
					sub[k] = b[lo:hi]
				}
			}
			var st any
			if sub != nil {
				st = sub
			}
			o.rule.Update(pv[lo:hi], pg[lo:hi], st, o.step, o.lr)
			clear(pg[lo:hi])
		})
	}
	return norm
}

// updateGrain is the chunk size of parallel parameter updates.
const updateGrain = 1 << 14

// elementwise reports whether r is one of this package's rules, whose update of each
// element depends only on that element's gradient and state buffers, so a parameter
// can be updated in chunks. Other rules get the whole parameter at once.
func elementwise(r Rule) bool {
	switch r.(type) {
	case SGD, *SGD, Adam, *Adam, AdamW, *AdamW, RMSProp, *RMSProp, Adagrad, *Adagrad:
		return true
	}
	return false
}

// ZeroGrad zeroes every parameter's gradient.
func (o *Optimizer) ZeroGrad() {
	for _, p := range o.params {
		p.ZeroGrad()
	}
}

// ErrState is wrapped by [Optimizer.UnmarshalBinary] errors.
var ErrState = errors.New("optim: bad optimizer state")

const stateMagic = "skgo.optim\x00"

const (
	stateNil     byte = 0
	stateBuffers byte = 1
	stateCustom  byte = 2
)

// MarshalBinary encodes the step count, the learning rate and every parameter's
// state (not the parameters, not the rule, not the schedule), so that a training run
// can be resumed with [Optimizer.UnmarshalBinary] on an optimizer set up with the same
// rule and parameter shapes.
func (o *Optimizer) MarshalBinary() ([]byte, error) {
	var b []byte
	b = append(b, stateMagic...)
	b = binary.LittleEndian.AppendUint32(b, 1) // version
	b = binary.LittleEndian.AppendUint64(b, uint64(o.step))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(o.lr))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(o.states)))
	for i, s := range o.states {
		switch s := s.(type) {
		case nil:
			b = append(b, stateNil)
		case [][]float32:
			b = append(b, stateBuffers)
			b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
			for _, buf := range s {
				b = binary.LittleEndian.AppendUint32(b, uint32(len(buf)))
				for _, v := range buf {
					b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
				}
			}
		case encoding.BinaryMarshaler:
			enc, err := s.MarshalBinary()
			if err != nil {
				return nil, fmt.Errorf("optim: state of parameter %d: %w", i, err)
			}
			b = append(b, stateCustom)
			b = binary.LittleEndian.AppendUint32(b, uint32(len(enc)))
			b = append(b, enc...)
		default:
			return nil, fmt.Errorf("optim: state of parameter %d has type %T, which is not [][]float32 or an encoding.BinaryMarshaler", i, s)
		}
	}
	return b, nil
}

// UnmarshalBinary restores what MarshalBinary wrote. The saved states must match the
// optimizer's parameters in number and sizes; otherwise it returns an error wrapping
// [ErrState] and leaves o unchanged.
func (o *Optimizer) UnmarshalBinary(data []byte) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("optim.Optimizer.UnmarshalBinary: %s: %w", fmt.Sprintf(format, args...), ErrState)
	}
	if !bytes.HasPrefix(data, []byte(stateMagic)) {
		return bad("not an skgo optimizer state")
	}
	b := data[len(stateMagic):]
	need := func(n int) bool { return len(b) >= n }
	u32 := func() int { v := binary.LittleEndian.Uint32(b); b = b[4:]; return int(v) }
	if !need(4 + 8 + 8 + 4) {
		return bad("truncated header")
	}
	if v := u32(); v != 1 {
		return bad("unsupported version %d", v)
	}
	step := int(binary.LittleEndian.Uint64(b))
	lr := math.Float64frombits(binary.LittleEndian.Uint64(b[8:]))
	b = b[16:]
	n := u32()
	if n != len(o.params) {
		return bad("saved %d parameter states, the optimizer has %d parameters", n, len(o.params))
	}
	states := make([]any, n)
	for i := range n {
		if !need(1) {
			return bad("truncated at parameter %d", i)
		}
		kind := b[0]
		b = b[1:]
		fresh := o.rule.NewState(o.params[i].Value.Len())
		switch kind {
		case stateNil:
			if fresh != nil {
				return bad("parameter %d: saved no state, the rule needs one", i)
			}
		case stateBuffers:
			want, ok := fresh.([][]float32)
			if !need(4) || !ok {
				return bad("parameter %d: saved buffers, the rule's state is %T", i, fresh)
			}
			if k := u32(); k != len(want) {
				return bad("parameter %d: saved %d buffers, the rule has %d", i, k, len(want))
			}
			for j := range want {
				if !need(4) {
					return bad("truncated at parameter %d", i)
				}
				if m := u32(); m != len(want[j]) || !need(4*m) {
					return bad("parameter %d: saved a buffer of %d values, the parameter has %d", i, m, len(want[j]))
				}
				for k := range want[j] {
					want[j][k] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*k:]))
				}
				b = b[4*len(want[j]):]
			}
		case stateCustom:
			u, ok := fresh.(encoding.BinaryUnmarshaler)
			if !need(4) || !ok {
				return bad("parameter %d: saved a custom state, the rule's state %T cannot decode it", i, fresh)
			}
			m := u32()
			if !need(m) {
				return bad("truncated at parameter %d", i)
			}
			if err := u.UnmarshalBinary(b[:m]); err != nil {
				return fmt.Errorf("optim.Optimizer.UnmarshalBinary: parameter %d: %w: %w", i, err, ErrState)
			}
			b = b[m:]
		default:
			return bad("parameter %d: unknown state kind %d", i, kind)
		}
		states[i] = fresh
	}
	if len(b) != 0 {
		return bad("%d trailing bytes", len(b))
	}
	o.step, o.lr, o.states = step, lr, states
	return nil
}
