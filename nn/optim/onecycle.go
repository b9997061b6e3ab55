package optim

import (
	"fmt"
	"math"

	"github.com/skgo/skgo/estimator"
)

var _ Schedule = OneCycle{}

// OneCycle is the one-cycle policy (Smith & Topin 2017; PyTorch
// lr_scheduler.OneCycleLR with three_phase=False): the rate rises from
// base/DivFactor to base (PyTorch's max_lr) over the first PctStart of Total steps,
// then falls to base/(DivFactor·FinalDivFactor) at step Total−1, along half cosines
// (anneal_strategy="cos") or straight lines (Linear). It reproduces PyTorch's closed
// form step for step: with s = PctStart·Total − 1, step t ≤ s is at fraction t/s of
// the rise and later steps at (t − s)/(Total − 1 − s) of the fall. Past Total−1 the
// fall's formula continues (PyTorch refuses those steps).
//
// Its unit is whatever the caller counts: nn.Trainer with StepSchedule calls it once
// per optimiser step (Total = epochs × steps per epoch, as PyTorch's examples do);
// epoch-based trainers call it once per epoch (Total = epochs). PyTorch's momentum
// cycling (cycle_momentum) is not reproduced: the rule's momentum stays fixed.
type OneCycle struct {
	Total          int     // steps in the cycle (PyTorch's total_steps); must be ≥ 2
	PctStart       float64 // fraction of the cycle spent rising; 0 means 0.3
	DivFactor      float64 // initial rate = base/DivFactor; 0 means 25
	FinalDivFactor float64 // final rate = initial/FinalDivFactor; 0 means 1e4
	Linear         bool    // anneal linearly (PyTorch anneal_strategy="linear") instead of by cosine
}

// Validate reports an invalid field as an *estimator.ParamError.
func (s OneCycle) Validate() error {
	if s.Total < 2 || s.Total > math.MaxInt32 {
		return &estimator.ParamError{Param: "Total", Value: s.Total, Reason: "must be in [2, 2³¹) (the steps of the cycle)"}
	}
	if !(s.PctStart >= 0 && s.PctStart < 1) {
		return &estimator.ParamError{Param: "PctStart", Value: s.PctStart, Reason: "must be in [0, 1) (0 means 0.3)"}
	}
	if s.pct()*float64(s.Total)-1 <= 0 || s.pct()*float64(s.Total)-1 >= float64(s.Total-1) {
		return &estimator.ParamError{Param: "PctStart", Value: s.PctStart, Reason: fmt.Sprintf("leaves no step to rise or to fall over %d steps", s.Total)}
	}
	var err error
	checkNonNeg(&err, "DivFactor", s.DivFactor)
	checkNonNeg(&err, "FinalDivFactor", s.FinalDivFactor)
	return err
}

func (s OneCycle) pct() float64 { return orDefault(s.PctStart, 0.3) }

// LR returns the rate of step t (counted from 0).
func (s OneCycle) LR(base float64, t int) float64 {
	if s.Total < 2 {
		return base
	}
	initial := base / orDefault(s.DivFactor, 25)
	final := initial / orDefault(s.FinalDivFactor, 1e4)
	up := s.pct()*float64(s.Total) - 1
	end := float64(s.Total - 1)
	anneal := func(from, to, f float64) float64 {
		if s.Linear {
			return (to-from)*f + from
		}
		return to + (from-to)/2*(math.Cos(math.Pi*f)+1)
	}
	if float64(t) <= up {
		return anneal(initial, base, float64(t)/up)
	}
	return anneal(base, final, (float64(t)-up)/(end-up))
}
