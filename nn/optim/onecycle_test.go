package optim_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn/optim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOneCycleTorch compares OneCycle with PyTorch 1.13's OneCycleLR
// (testdata/gen_onecycle.py). Both evaluate the same float64 closed form, so they
// agree to rounding: 1e-12 relative.
func TestOneCycleTorch(t *testing.T) {
	b, err := os.ReadFile("testdata/onecycle.json")
	require.NoError(t, err)
	var golden map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &golden))
	cases := map[string]struct {
		base float64
		s    optim.OneCycle
	}{
		"default_cos": {0.4, optim.OneCycle{Total: 50}},
		"linear":      {0.1, optim.OneCycle{Total: 23, Linear: true}},
		"pct_div":     {2.0, optim.OneCycle{Total: 17, PctStart: 0.25, DivFactor: 10, FinalDivFactor: 100}},
	}
	for name, c := range cases {
		var g struct{ LRs []float64 }
		require.NoError(t, json.Unmarshal(golden[name], &g), name)
		require.Len(t, g.LRs, c.s.Total)
		require.NoError(t, c.s.Validate())
		for step, want := range g.LRs {
			assert.InEpsilon(t, want, c.s.LR(c.base, step), 1e-12, "%s step %d", name, step)
		}
	}
}

func TestOneCycleValidate(t *testing.T) {
	var pe *estimator.ParamError
	for _, s := range []optim.OneCycle{{}, {Total: 1}, {Total: 10, PctStart: 1}, {Total: 10, PctStart: -0.1}, {Total: 3, PctStart: 0.1}, {Total: 10, DivFactor: -1}} {
		assert.ErrorAs(t, s.Validate(), &pe, "%+v", s)
	}
	assert.ErrorAs(t, optim.ValidateSchedule(optim.WarmUp{Steps: 1, Then: optim.OneCycle{}}), &pe)
}
