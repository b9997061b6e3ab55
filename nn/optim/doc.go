// Package optim holds skgo's gradient-descent optimisers, with the update rule kept
// apart from its state (Optimisers.jl): a [Rule] is an immutable value of
// hyperparameters (grid-searchable as "cnn.Optimizer.LR", saveable as JSON), and an
// [Optimizer] built by [Setup] holds the per-parameter state, the step count, the
// current learning rate, an optional learning-rate [Schedule] and gradient clipping.
//
//	params := layer.Params(net)
//	opt := optim.Setup(&optim.Adam{LR: 1e-3}, params)
//	opt.Schedule = optim.CosineAnnealing{TMax: epochs}
//	for epoch := range epochs {
//		opt.SetEpoch(epoch) // lr = Schedule.LR(base, epoch)
//		for each batch {
//			tp.Reset()
//			loss := ...
//			tp.Backward(loss)
//			opt.Step() // clip, update every param from its Grad, zero the grads
//		}
//	}
//
// # PyTorch equivalents
//
// Every rule reproduces torch.optim (1.13, single-tensor path) operation for
// operation in float32; testdata/gen_torch.py records golden trajectories.
//
//	PyTorch                                   skgo
//	torch.optim.SGD                           optim.SGD{LR, Momentum, Dampening, Nesterov, WeightDecay}
//	torch.optim.Adam                          optim.Adam{LR, Beta1, Beta2, Eps, WeightDecay, AMSGrad}
//	torch.optim.AdamW                         optim.AdamW{...}
//	torch.optim.RMSprop                       optim.RMSProp{LR, Alpha, Eps, WeightDecay, Momentum, Centered}
//	torch.optim.Adagrad                       optim.Adagrad{LR, LRDecay, WeightDecay, InitialAccumulator, Eps}
//	lr_scheduler.StepLR                       optim.StepLR{StepSize, Gamma}
//	lr_scheduler.ExponentialLR                optim.ExponentialLR{Gamma}
//	lr_scheduler.CosineAnnealingLR            optim.CosineAnnealing{TMax, EtaMin}
//	SequentialLR(LinearLR, then, [n])         optim.WarmUp{Steps: n, StartFactor, Then}
//	lr_scheduler.OneCycleLR                   optim.OneCycle{Total, PctStart, DivFactor, FinalDivFactor, Linear}
//	torch.nn.utils.clip_grad_norm_            optim.ClipGradNorm
//	torch.nn.utils.clip_grad_value_           optim.ClipGradValue
//	optimizer.state_dict()                    Optimizer.MarshalBinary
//
// The learning rate is an argument of [Rule.Update] rather than read from the rule,
// so that a schedule (or [Optimizer.SetLR]) never rewrites the immutable rule, and a
// scheduled rate of exactly 0 is not mistaken for "the default".
//
// Zero fields mean PyTorch's defaults where zero is not a meaningful setting (each
// field's comment says which). Schedules are epoch-based closed forms: the trainer
// calls [Optimizer.SetEpoch] (or Schedule.LR(base, epoch) itself) once per epoch.
package optim
