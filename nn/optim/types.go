package optim

import (
	"fmt"
	"math"
	"reflect"

	"github.com/skgo/skgo/estimator"
)

// Types lists the concrete rule and schedule types of this package, as values and as
// pointers, for estimator.ParamTyper: an estimator whose Optimizer or Schedule field
// holds one of them returns Types() from ParamTypes, so estimator.Load can restore a
// saved &optim.Adam{LR: 3e-3} into a skeleton whose field is nil or holds another
// rule. Load matches them by import path ("*github.com/skgo/skgo/nn/optim.Adam"), so
// a type of the same name in another package cannot be mistaken for one of these.
// There is no global registry.
func Types() []any {
	return []any{
		SGD{}, &SGD{}, Adam{}, &Adam{}, AdamW{}, &AdamW{}, RMSProp{}, &RMSProp{}, Adagrad{}, &Adagrad{},
		StepLR{}, &StepLR{}, ExponentialLR{}, &ExponentialLR{}, CosineAnnealing{}, &CosineAnnealing{},
		WarmUp{}, &WarmUp{}, OneCycle{}, &OneCycle{},
	}
}

// maxScheduleDepth bounds the nesting of WarmUp schedules that Validate follows.
const maxScheduleDepth = 64

// Validate reports an invalid field as an *estimator.ParamError.
func (s StepLR) Validate() error {
	if s.StepSize < 0 {
		return &estimator.ParamError{Param: "StepSize", Value: s.StepSize, Reason: "must be >= 0 (0 means 1)"}
	}
	var err error
	checkNonNeg(&err, "Gamma", s.Gamma)
	return err
}

// Validate reports an invalid field as an *estimator.ParamError.
func (s ExponentialLR) Validate() error {
	var err error
	checkNonNeg(&err, "Gamma", s.Gamma)
	return err
}

// Validate reports an invalid field as an *estimator.ParamError.
func (s CosineAnnealing) Validate() error {
	if s.TMax < 0 {
		return &estimator.ParamError{Param: "TMax", Value: s.TMax, Reason: "must be >= 0 (0 keeps the rate constant)"}
	}
	var err error
	checkNonNeg(&err, "EtaMin", s.EtaMin)
	return err
}

// Validate reports an invalid field, or an invalid or nil-pointer Then schedule, as an
// *estimator.ParamError.
func (s WarmUp) Validate() error { return s.validate(0) }

func (s WarmUp) validate(depth int) error {
	if depth > maxScheduleDepth {
		return &estimator.ParamError{Param: "Then", Reason: fmt.Sprintf("schedules nested more than %d deep", maxScheduleDepth)}
	}
	if s.Steps < 0 {
		return &estimator.ParamError{Param: "Steps", Value: s.Steps, Reason: "must be >= 0"}
	}
	if !(s.StartFactor >= 0 && s.StartFactor <= 1) || math.IsNaN(s.StartFactor) {
		return &estimator.ParamError{Param: "StartFactor", Value: s.StartFactor, Reason: "must be in [0, 1] (0 means 1/3)"}
	}
	if s.Then == nil {
		return nil
	}
	var err error
	switch t := s.Then.(type) {
	case WarmUp:
		err = t.validate(depth + 1)
	case *WarmUp:
		if t == nil {
			err = &estimator.ParamError{Param: "", Value: "nil *optim.WarmUp", Reason: "is a nil pointer"}
		} else {
			err = t.validate(depth + 1)
		}
	default:
		err = ValidateSchedule(t)
	}
	return prefix("Then", err)
}

// ValidateRule checks a rule for an estimator: nil is valid (the estimator's default);
// a nil pointer held in the interface ((*Adam)(nil)) is an error, and so is an
// invalid field of a rule with a Validate method. Errors are *estimator.ParamError
// whose Param is relative to the rule ("LR").
func ValidateRule(r Rule) error { return validateValue(r) }

// ValidateSchedule checks a schedule as [ValidateRule] checks a rule.
func ValidateSchedule(s Schedule) error { return validateValue(s) }

func validateValue(v any) (err error) {
	if v == nil {
		return nil
	}
	if isNilPointer(v) {
		return &estimator.ParamError{Param: "", Value: fmt.Sprintf("(%T)(nil)", v), Reason: "is a nil pointer; use nil for the default or a non-nil value"}
	}
	val, ok := v.(interface{ Validate() error })
	if !ok {
		return nil
	}
	defer func() { // a user's Validate must not crash the caller's Fit
		if p := recover(); p != nil {
			err = &estimator.ParamError{Param: "", Value: fmt.Sprintf("%T", v), Reason: fmt.Sprintf("Validate panicked: %v", p)}
		}
	}()
	return val.Validate()
}

func prefix(name string, err error) error {
	pe, ok := err.(*estimator.ParamError)
	if !ok || err == nil {
		return err
	}
	p := name
	if pe.Param != "" {
		p += "." + pe.Param
	}
	return &estimator.ParamError{Param: p, Value: pe.Value, Reason: pe.Reason}
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
