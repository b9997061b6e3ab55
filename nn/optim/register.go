package optim

import "github.com/skgo/skgo/estimator"

// The rules and schedules are registered with estimator.RegisterType, so a model
// saved with, say, Optimizer: &optim.Adam{LR: 3e-3} loads into a skeleton whose
// Optimizer field is nil (the zero value) or holds another rule. WarmUp is not
// registered: its Then field is itself an interface that JSON cannot restore, so a
// skeleton must hold a WarmUp for it.
func init() {
	for _, v := range []any{
		SGD{}, &SGD{}, Adam{}, &Adam{}, AdamW{}, &AdamW{}, RMSProp{}, &RMSProp{}, Adagrad{}, &Adagrad{},
		StepLR{}, &StepLR{}, ExponentialLR{}, &ExponentialLR{}, CosineAnnealing{}, &CosineAnnealing{},
	} {
		estimator.RegisterType(v)
	}
}
