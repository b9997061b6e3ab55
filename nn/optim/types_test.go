package optim

import (
	"math"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/estimator"
)

func TestTypes(t *testing.T) {
	seen := map[reflect.Type]bool{}
	for _, v := range Types() {
		typ := reflect.TypeOf(v)
		assert.False(t, seen[typ], "%v listed twice", typ)
		seen[typ] = true
		_, rule := v.(Rule)
		_, sched := v.(Schedule)
		assert.True(t, rule || sched, "%v is neither a Rule nor a Schedule", typ)
		elem := typ
		if elem.Kind() == reflect.Pointer {
			elem = elem.Elem()
		}
		assert.Equal(t, "github.com/skgo/skgo/nn/optim", elem.PkgPath(), "Load matches types by import path")
	}
	assert.True(t, seen[reflect.TypeFor[*Adam]()])
	assert.True(t, seen[reflect.TypeFor[WarmUp]()])
}

func TestValidateRuleAndSchedule(t *testing.T) {
	require.NoError(t, ValidateRule(nil))
	require.NoError(t, ValidateSchedule(nil))
	require.NoError(t, ValidateRule(&Adam{LR: 1e-3}))
	require.NoError(t, ValidateSchedule(WarmUp{Steps: 2, Then: &CosineAnnealing{TMax: 5}}))
	for name, tc := range map[string]struct {
		err   error
		param string
	}{
		"nil *Adam":          {ValidateRule((*Adam)(nil)), ""},
		"bad Adam":           {ValidateRule(Adam{LR: -1}), "LR"},
		"nil *StepLR":        {ValidateSchedule((*StepLR)(nil)), ""},
		"NaN gamma":          {ValidateSchedule(ExponentialLR{Gamma: math.NaN()}), "Gamma"},
		"negative TMax":      {ValidateSchedule(&CosineAnnealing{TMax: -1}), "TMax"},
		"negative steps":     {ValidateSchedule(StepLR{StepSize: -1}), "StepSize"},
		"nil Then":           {ValidateSchedule(WarmUp{Then: (*StepLR)(nil)}), "Then"},
		"nested bad Then":    {ValidateSchedule(&WarmUp{Then: WarmUp{Then: StepLR{Gamma: -1}}}), "Then.Then.Gamma"},
		"start factor > 1":   {ValidateSchedule(WarmUp{StartFactor: 2}), "StartFactor"},
		"nil *WarmUp Then":   {ValidateSchedule(WarmUp{Then: (*WarmUp)(nil)}), "Then"},
		"panicking Validate": {ValidateRule(panicky{}), ""},
	} {
		var pe *estimator.ParamError
		require.ErrorAs(t, tc.err, &pe, name)
		assert.Equal(t, tc.param, pe.Param, name)
	}
}

type panicky struct{ SGD }

func (panicky) Validate() error { panic("boom") }
