"""Golden learning rates of torch.optim.lr_scheduler.OneCycleLR for skgo's OneCycle.

Run by hand: /usr/bin/python3 gen_onecycle.py  (writes onecycle.json)
"""
import json
import os

import torch

CASES = {
    'default_cos': dict(max_lr=0.4, total_steps=50),
    'linear': dict(max_lr=0.1, total_steps=23, anneal_strategy='linear'),
    'pct_div': dict(max_lr=2.0, total_steps=17, pct_start=0.25, div_factor=10.0, final_div_factor=100.0),
}

out = {'torch': torch.__version__}
for name, kw in CASES.items():
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=kw['max_lr'], momentum=0.9)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, cycle_momentum=False, **kw)
    lrs = []
    for _ in range(kw['total_steps']):
        lrs.append(opt.param_groups[0]['lr'])
        opt.step()
        sched.step()
    out[name] = dict(kwargs=kw, lrs=lrs)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'onecycle.json'), 'w') as f:
    json.dump(out, f, indent=1)
