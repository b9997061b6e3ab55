package optim

import "math"

// Schedule gives the learning rate of an epoch (counted from 0) from the base rate,
// as a closed form (PyTorch's lr_scheduler._get_closed_form_lr). Epoch 0 gives the
// rate of the first epoch.
type Schedule interface {
	LR(base float64, epoch int) float64
}

var (
	_ Schedule = StepLR{}
	_ Schedule = ExponentialLR{}
	_ Schedule = CosineAnnealing{}
	_ Schedule = WarmUp{}
)

// StepLR multiplies the rate by Gamma every StepSize epochs (PyTorch
// lr_scheduler.StepLR): base·Gamma^⌊epoch/StepSize⌋.
type StepLR struct {
	StepSize int     // epochs between decays; 0 means 1
	Gamma    float64 // decay factor; 0 means PyTorch's 0.1
}

// LR returns the rate of epoch.
func (s StepLR) LR(base float64, epoch int) float64 {
	return base * math.Pow(orDefault(s.Gamma, 0.1), float64(epoch/max(s.StepSize, 1)))
}

// ExponentialLR multiplies the rate by Gamma every epoch (PyTorch
// lr_scheduler.ExponentialLR): base·Gamma^epoch.
type ExponentialLR struct {
	Gamma float64 // decay factor (PyTorch has no default); 0 means 1, a constant rate
}

// LR returns the rate of epoch.
func (s ExponentialLR) LR(base float64, epoch int) float64 {
	return base * math.Pow(orDefault(s.Gamma, 1), float64(epoch))
}

// CosineAnnealing anneals the rate from base to EtaMin along a half cosine over TMax
// epochs (PyTorch lr_scheduler.CosineAnnealingLR, SGDR without restarts):
// EtaMin + (base − EtaMin)·(1 + cos(π·epoch/TMax))/2. Past TMax the cosine continues,
// as in PyTorch.
type CosineAnnealing struct {
	TMax   int     // half period in epochs (usually the number of epochs); 0 keeps the rate constant
	EtaMin float64 // minimum rate; 0 means 0
}

// LR returns the rate of epoch.
func (s CosineAnnealing) LR(base float64, epoch int) float64 {
	if s.TMax <= 0 {
		return base
	}
	return s.EtaMin + (base-s.EtaMin)*(1+math.Cos(math.Pi*float64(epoch)/float64(s.TMax)))/2
}

// WarmUp raises the rate linearly from StartFactor·base to base over the first Steps
// epochs, then follows Then restarted at epoch 0 (PyTorch
// SequentialLR([LinearLR(start_factor, total_iters=Steps), then], milestones=[Steps])):
// base·(StartFactor + (1 − StartFactor)·epoch/Steps) for epoch < Steps.
type WarmUp struct {
	Steps       int      // warm-up epochs; 0 means none
	StartFactor float64  // fraction of base at epoch 0; 0 means PyTorch's 1/3
	Then        Schedule // schedule after the warm-up; nil keeps base
}

// LR returns the rate of epoch.
func (s WarmUp) LR(base float64, epoch int) float64 {
	if epoch < s.Steps {
		f := orDefault(s.StartFactor, 1.0/3)
		return base * (f + (1-f)*float64(epoch)/float64(s.Steps))
	}
	if s.Then == nil {
		return base
	}
	return s.Then.LR(base, epoch-max(s.Steps, 0))
}
