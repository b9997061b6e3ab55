"""Golden trajectories of torch.optim (PyTorch 1.13) for skgo's nn/optim tests.

Each optimiser runs 5 steps on a fixed parameter vector with a fixed sequence of
gradients; each scheduler runs 10 epochs; clip_grad_norm_/clip_grad_value_ run on
fixed gradients. Run by hand: /usr/bin/python3 gen_torch.py  (writes torch.json)
"""
import json
import math
import os

import torch

P0 = [0.5, -1.2, 3.0, 0.0, -0.25, 1e-3, 7.5]
STEPS = 5


def grads(t):
    # Varying signs and magnitudes over 3 orders, deterministic.
    return [((i + 1) * 0.3 - t * 0.2) * (-1) ** (i + t) * 10 ** ((i % 3) - 1) + 0.05 * math.sin(i + 3 * t)
            for i in range(len(P0))]


OPTIMS = {
    'sgd': (torch.optim.SGD, dict(lr=0.1)),
    'sgd_momentum': (torch.optim.SGD, dict(lr=0.1, momentum=0.9)),
    'sgd_dampening': (torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.5)),
    'sgd_nesterov': (torch.optim.SGD, dict(lr=0.1, momentum=0.9, nesterov=True)),
    'sgd_weight_decay': (torch.optim.SGD, dict(lr=0.05, momentum=0.5, weight_decay=0.1)),
    'adam': (torch.optim.Adam, dict(lr=0.01)),
    'adam_default': (torch.optim.Adam, dict()),
    'adam_betas_wd': (torch.optim.Adam, dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    'adam_amsgrad': (torch.optim.Adam, dict(lr=0.01, amsgrad=True)),
    'adamw': (torch.optim.AdamW, dict(lr=0.01)),
    'adamw_wd_amsgrad': (torch.optim.AdamW, dict(lr=0.01, weight_decay=0.1, amsgrad=True)),
    'rmsprop': (torch.optim.RMSprop, dict(lr=0.01)),
    'rmsprop_centered_momentum': (torch.optim.RMSprop, dict(lr=0.01, centered=True, momentum=0.9)),
    'rmsprop_alpha_wd': (torch.optim.RMSprop, dict(lr=0.01, alpha=0.9, weight_decay=0.1, momentum=0.5)),
    'adagrad': (torch.optim.Adagrad, dict(lr=0.1)),
    'adagrad_all': (torch.optim.Adagrad, dict(lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1, eps=1e-8)),
}


def run_optim(cls, kw, sched=None):
    p = torch.nn.Parameter(torch.tensor(P0, dtype=torch.float32))
    opt = cls([p], **kw)
    s = sched(opt) if sched else None
    traj, lrs = [], []
    for t in range(STEPS):
        lrs.append(opt.param_groups[0]['lr'])
        p.grad = torch.tensor(grads(t), dtype=torch.float32)
        opt.step()
        traj.append(p.detach().tolist())
        if s:
            s.step()
    return traj, lrs


def run_sched(make, epochs=10):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.5)
    s = make(opt)
    lrs = []
    for _ in range(epochs):
        lrs.append(opt.param_groups[0]['lr'])
        opt.step()
        s.step()
    return lrs


def main():
    out = {'torch_version': torch.__version__, 'p0': P0, 'grads': [grads(t) for t in range(STEPS)]}
    for name, (cls, kw) in OPTIMS.items():
        out['optim/' + name], _ = run_optim(cls, kw)
    # A schedule stepping every step (epoch = step) changes the lr inside the run.
    out['optim/adam_exponential'], out['optim/adam_exponential/lr'] = run_optim(
        torch.optim.Adam, dict(lr=0.01), lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.5))

    lrs = torch.optim.lr_scheduler
    out['sched/step'] = run_sched(lambda o: lrs.StepLR(o, step_size=3, gamma=0.5))
    out['sched/step_default'] = run_sched(lambda o: lrs.StepLR(o, step_size=2))
    out['sched/exponential'] = run_sched(lambda o: lrs.ExponentialLR(o, gamma=0.9))
    out['sched/cosine'] = run_sched(lambda o: lrs.CosineAnnealingLR(o, T_max=10))
    out['sched/cosine_etamin'] = run_sched(lambda o: lrs.CosineAnnealingLR(o, T_max=4, eta_min=0.05))
    out['sched/warmup_cosine'] = run_sched(lambda o: lrs.SequentialLR(o, [
        lrs.LinearLR(o, start_factor=0.1, total_iters=3), lrs.CosineAnnealingLR(o, T_max=7)], milestones=[3]))
    out['sched/warmup_default_exponential'] = run_sched(lambda o: lrs.SequentialLR(o, [
        lrs.LinearLR(o, total_iters=4), lrs.ExponentialLR(o, gamma=0.8)], milestones=[4]))

    g = [torch.tensor([3.0, -4.0]), torch.tensor([[1.0, 2.0], [-2.0, 0.5]])]
    ps = [torch.nn.Parameter(torch.zeros_like(x)) for x in g]
    for p, x in zip(ps, g):
        p.grad = x.clone()
    out['clip/norm'] = float(torch.nn.utils.clip_grad_norm_(ps, 2.0))
    out['clip/norm_grads'] = [p.grad.flatten().tolist() for p in ps]
    for p, x in zip(ps, g):
        p.grad = x.clone()
    torch.nn.utils.clip_grad_value_(ps, 1.5)
    out['clip/value_grads'] = [p.grad.flatten().tolist() for p in ps]

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'torch.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
