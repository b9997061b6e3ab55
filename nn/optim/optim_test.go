package optim

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

// goldenRules maps the keys of testdata/torch.json (gen_torch.py) to the same rules.
var goldenRules = map[string]Rule{
	"sgd":                       SGD{LR: 0.1},
	"sgd_momentum":              SGD{LR: 0.1, Momentum: 0.9},
	"sgd_dampening":             SGD{LR: 0.1, Momentum: 0.9, Dampening: 0.5},
	"sgd_nesterov":              SGD{LR: 0.1, Momentum: 0.9, Nesterov: true},
	"sgd_weight_decay":          &SGD{LR: 0.05, Momentum: 0.5, WeightDecay: 0.1},
	"adam":                      Adam{LR: 0.01},
	"adam_default":              Adam{},
	"adam_betas_wd":             Adam{LR: 0.02, Beta1: 0.8, Beta2: 0.99, Eps: 1e-6, WeightDecay: 0.1},
	"adam_amsgrad":              &Adam{LR: 0.01, AMSGrad: true},
	"adamw":                     AdamW{LR: 0.01},
	"adamw_wd_amsgrad":          AdamW{LR: 0.01, WeightDecay: 0.1, AMSGrad: true},
	"rmsprop":                   RMSProp{LR: 0.01},
	"rmsprop_centered_momentum": RMSProp{LR: 0.01, Centered: true, Momentum: 0.9},
	"rmsprop_alpha_wd":          RMSProp{LR: 0.01, Alpha: 0.9, WeightDecay: 0.1, Momentum: 0.5},
	"adagrad":                   Adagrad{LR: 0.1},
	"adagrad_all":               Adagrad{LR: 0.1, LRDecay: 0.01, WeightDecay: 0.01, InitialAccumulator: 0.1, Eps: 1e-8},
}

func toF32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

// assertClose checks |got − want| ≤ rel·max(|want|, 1e-3) elementwise.
func assertClose(t *testing.T, want []float64, got []float32, rel float64, msg string) {
	t.Helper()
	require.Len(t, got, len(want), msg)
	for i := range want {
		tol := rel * math.Max(math.Abs(want[i]), 1e-3)
		if math.Abs(float64(got[i])-want[i]) > tol {
			t.Errorf("%s[%d]: got %.9g, PyTorch %.9g (tolerance %.2g)", msg, i, got[i], want[i], tol)
		}
	}
}

func runGolden(t *testing.T, g *testutil.Goldens, rule Rule, key string, sched Schedule) {
	p := autograd.NewParam(tensor.FromSlice(toF32(g.Floats("p0")), len(g.Floats("p0"))))
	var grads, want [][]float64
	g.Decode("grads", &grads)
	g.Decode(key, &want)
	opt := Setup(rule, []*autograd.Param{p})
	opt.Schedule = sched
	for step, gr := range grads {
		opt.SetEpoch(step)
		copy(p.Grad.Data(), toF32(gr))
		opt.Step()
		// Tolerance: 1e-6 relative (float32 rounding of the same operations).
		assertClose(t, want[step], p.Value.Data(), 1e-6, key)
		assert.Zero(t, p.Grad.Sum(), "Step zeroes the gradient")
	}
	assert.Equal(t, len(grads), opt.Steps())
}

func TestRulesMatchPyTorch(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	for name, rule := range goldenRules {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runGolden(t, g, rule, "optim/"+name, nil)
		})
	}
	t.Run("adam_exponential", func(t *testing.T) {
		runGolden(t, g, Adam{LR: 0.01}, "optim/adam_exponential", ExponentialLR{Gamma: 0.5})
	})
}

func TestSchedulesMatchPyTorch(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	for _, tc := range []struct {
		key string
		s   Schedule
	}{
		{"step", StepLR{StepSize: 3, Gamma: 0.5}},
		{"step_default", StepLR{StepSize: 2}},
		{"exponential", ExponentialLR{Gamma: 0.9}},
		{"cosine", CosineAnnealing{TMax: 10}},
		{"cosine_etamin", CosineAnnealing{TMax: 4, EtaMin: 0.05}},
		{"warmup_cosine", WarmUp{Steps: 3, StartFactor: 0.1, Then: CosineAnnealing{TMax: 7}}},
		{"warmup_default_exponential", WarmUp{Steps: 4, Then: ExponentialLR{Gamma: 0.8}}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			want := g.Floats("sched/" + tc.key)
			got := make([]float64, len(want))
			for e := range want {
				got[e] = tc.s.LR(0.5, e)
			}
			// PyTorch's chainable (recursive) forms agree with the closed forms to rounding.
			assert.InEpsilonSlice(t, want, got, 1e-12)
		})
	}
	assert.Equal(t, 0.5, CosineAnnealing{}.LR(0.5, 3))
	assert.Equal(t, 0.5, ExponentialLR{}.LR(0.5, 3))
	assert.Equal(t, 0.5, WarmUp{}.LR(0.5, 3))
}

func TestClipMatchesPyTorch(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	mk := func() []*autograd.Param {
		a := autograd.NewParam(tensor.New(2))
		b := autograd.NewParam(tensor.New(2, 2))
		copy(a.Grad.Data(), []float32{3, -4})
		copy(b.Grad.Data(), []float32{1, 2, -2, 0.5})
		return []*autograd.Param{a, b}
	}
	var want [][]float64
	ps := mk()
	norm := ClipGradNorm(ps, 2)
	assert.InEpsilon(t, g.Float("clip/norm"), norm, 1e-6)
	g.Decode("clip/norm_grads", &want)
	for i, p := range ps {
		assertClose(t, want[i], p.Grad.Data(), 1e-6, "clip_grad_norm_")
	}
	ps = mk()
	ClipGradValue(ps, 1.5)
	g.Decode("clip/value_grads", &want)
	for i, p := range ps {
		assertClose(t, want[i], p.Grad.Data(), 0, "clip_grad_value_")
	}
	// Below the threshold nothing changes.
	ps = mk()
	assert.InDelta(t, 5.852349, ClipGradNorm(ps, 100), 1e-5)
	assert.Equal(t, []float32{3, -4}, ps[0].Grad.Data())
}

func TestOptimizerClipsInStep(t *testing.T) {
	p := autograd.NewParam(tensor.FromSlice([]float32{0, 0}, 2))
	opt := Setup(SGD{LR: 1}, []*autograd.Param{p})
	opt.ClipNorm = 1
	copy(p.Grad.Data(), []float32{3, 4})
	assert.InDelta(t, 5, opt.Step(), 1e-9)
	assert.InDeltaSlice(t, []float32{-0.6, -0.8}, p.Value.Data(), 1e-6)
	opt.ClipNorm, opt.ClipValue = 0, 0.5
	copy(p.Grad.Data(), []float32{3, -0.25})
	assert.Zero(t, opt.Step())
	assert.InDeltaSlice(t, []float32{-1.1, -0.55}, p.Value.Data(), 1e-6)
}

func TestOptimizerLR(t *testing.T) {
	p := autograd.NewParam(tensor.New(1))
	for _, tc := range []struct {
		r    Rule
		base float64
	}{
		{SGD{}, 0.01}, {Adam{}, 1e-3}, {AdamW{}, 1e-3}, {RMSProp{}, 0.01}, {Adagrad{}, 0.01}, {&Adam{LR: 0.5}, 0.5},
	} {
		opt := Setup(tc.r, []*autograd.Param{p})
		assert.Equal(t, tc.base, opt.LR())
		opt.SetEpoch(3) // no schedule: unchanged
		assert.Equal(t, tc.base, opt.LR())
		opt.Schedule = StepLR{StepSize: 1, Gamma: 0.5}
		opt.SetEpoch(2)
		assert.Equal(t, tc.base/4, opt.LR())
		opt.SetLR(0) // a zero rate is a rate, not "the default"
		assert.Equal(t, 0.0, opt.LR())
	}
	// A zero learning rate leaves parameters unchanged.
	q := autograd.NewParam(tensor.FromSlice([]float32{1}, 1))
	opt := Setup(Adam{}, []*autograd.Param{q})
	opt.SetLR(0)
	q.Grad.Data()[0] = 1
	opt.Step()
	assert.Equal(t, float32(1), q.Value.Data()[0])
}

func TestOptimizerStateRoundTrip(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	var grads, want [][]float64
	g.Decode("grads", &grads)
	for name, rule := range goldenRules {
		t.Run(name, func(t *testing.T) {
			g.Decode("optim/"+name, &want)
			newP := func() *autograd.Param {
				return autograd.NewParam(tensor.FromSlice(toF32(g.Floats("p0")), len(g.Floats("p0"))))
			}
			// Train 2 steps, save, and resume in a fresh optimizer for 3 more.
			p := newP()
			opt := Setup(rule, []*autograd.Param{p, autograd.NewParam(tensor.New(3))})
			for _, gr := range grads[:2] {
				copy(p.Grad.Data(), toF32(gr))
				opt.Step()
			}
			b, err := opt.MarshalBinary()
			require.NoError(t, err)
			p2 := newP()
			copy(p2.Value.Data(), p.Value.Data())
			opt2 := Setup(rule, []*autograd.Param{p2, autograd.NewParam(tensor.New(3))})
			require.NoError(t, opt2.UnmarshalBinary(b))
			assert.Equal(t, 2, opt2.Steps())
			for _, gr := range grads[2:] {
				copy(p2.Grad.Data(), toF32(gr))
				opt2.Step()
			}
			assertClose(t, want[len(want)-1], p2.Value.Data(), 1e-6, name)
		})
	}
}

func TestOptimizerStateErrors(t *testing.T) {
	mk := func(sizes ...int) []*autograd.Param {
		var ps []*autograd.Param
		for _, n := range sizes {
			ps = append(ps, autograd.NewParam(tensor.New(n)))
		}
		return ps
	}
	src := Setup(Adam{}, mk(3, 2))
	src.Params()[0].Grad.Fill(1)
	src.Step()
	b, err := src.MarshalBinary()
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		dst  *Optimizer
		b    []byte
		want string
	}{
		{"count", Setup(Adam{}, mk(3)), b, "saved 2 parameter states, the optimizer has 1"},
		{"size", Setup(Adam{}, mk(3, 4)), b, "parameter 1: saved a buffer of 2 values, the parameter has 4"},
		{"rule", Setup(Adam{AMSGrad: true}, mk(3, 2)), b, "saved 2 buffers, the rule has 3"},
		{"stateless", Setup(SGD{}, mk(3, 2)), b, "the rule's state is <nil>"},
		{"garbage", Setup(Adam{}, mk(3, 2)), []byte("xyz"), "not an skgo optimizer state"},
		{"trailing", Setup(Adam{}, mk(3, 2)), append(append([]byte{}, b...), 1), "trailing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := tc.dst.MarshalBinary()
			err := tc.dst.UnmarshalBinary(tc.b)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrState))
			assert.Contains(t, err.Error(), tc.want)
			after, _ := tc.dst.MarshalBinary()
			assert.Equal(t, before, after, "unchanged on error")
		})
	}
	for n := range len(b) {
		dst := Setup(Adam{}, mk(3, 2))
		require.NotPanics(t, func() { assert.Error(t, dst.UnmarshalBinary(b[:n])) })
	}
}

func TestValidate(t *testing.T) {
	type validator interface{ Validate() error }
	for _, tc := range []struct {
		r     validator
		param string
	}{
		{SGD{}, ""}, {Adam{}, ""}, {AdamW{}, ""}, {RMSProp{}, ""}, {Adagrad{}, ""},
		{SGD{LR: -1}, "LR"}, {SGD{Nesterov: true}, "Nesterov"}, {Adam{Beta1: 1}, "Beta1"},
		{AdamW{Beta2: math.NaN()}, "Beta2"}, {RMSProp{Alpha: 1.5}, "Alpha"}, {Adagrad{Eps: math.Inf(1)}, "Eps"},
	} {
		err := tc.r.Validate()
		if tc.param == "" {
			assert.NoError(t, err, "%T", tc.r)
			continue
		}
		var pe *estimator.ParamError
		require.True(t, errors.As(err, &pe), "%T: %v", tc.r, err)
		assert.Equal(t, tc.param, pe.Param)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	}
}

func TestRulesAreJSONValues(t *testing.T) {
	for _, r := range []Rule{SGD{LR: 0.1, Nesterov: true, Momentum: 0.9}, Adam{LR: 3e-4, AMSGrad: true}, AdamW{WeightDecay: 0.05}, RMSProp{Centered: true}, Adagrad{LRDecay: 0.1}} {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		dst := reflect.New(reflect.TypeOf(r))
		require.NoError(t, json.Unmarshal(b, dst.Interface()))
		assert.Equal(t, r, dst.Elem().Interface(), string(b))
	}
}

// TestChunkedStepMatchesSerial checks that the parallel, chunked update of a large
// parameter gives exactly the serial result.
func TestChunkedStepMatchesSerial(t *testing.T) {
	for _, rule := range []Rule{Adam{}, SGD{Momentum: 0.9}, RMSProp{Centered: true}, AdamW{}, Adagrad{}} {
		mk := func() *autograd.Param {
			p := autograd.NewParam(tensor.New(100_000))
			for i := range p.Value.Data() {
				p.Value.Data()[i] = float32(i%17) * 0.1
			}
			return p
		}
		a, b := mk(), mk()
		opt := Setup(rule, []*autograd.Param{a})
		st := rule.NewState(100_000)
		for step := 1; step <= 3; step++ {
			for i := range a.Grad.Data() {
				g := float32((i*7+step)%13) - 6
				a.Grad.Data()[i], b.Grad.Data()[i] = g, g
			}
			opt.Step()
			rule.Update(b.Value.Data(), b.Grad.Data(), st, step, rule.BaseLR())
		}
		require.Equal(t, b.Value.Data(), a.Value.Data(), "%T", rule)
		require.Zero(t, a.Grad.Data()[99_999], "gradients are zeroed")
	}
}
