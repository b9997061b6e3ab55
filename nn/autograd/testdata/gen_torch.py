"""Reference values for nn/autograd/torch_test.go from PyTorch 1.13 (float32, CPU).

Run from the repository root:

    /usr/bin/python3 nn/autograd/testdata/gen_torch.py

It writes nn/autograd/testdata/torch.json. Every case records its inputs, parameters,
forward output and the gradients of loss = sum(out * gout) for a fixed random upstream
gradient gout (or of the loss itself for the loss functions), so the Go test can
rebuild the same computation with Tape ops and compare.

Arrays are stored as {"shape": [...], "data": [...]} with values printed to 9
significant digits, which round-trips float32 exactly.

The LeNet step is too large to store its weights, so its inputs and weights come from
a 32-bit LCG that the Go test reproduces bit for bit (see lcg_uniform), and only the
loss, the small gradients in full and a fixed sample plus sums/norms of the large
ones are recorded.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.manual_seed(1234)
torch.set_num_threads(1)
torch.set_default_dtype(torch.float32)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch.json")


def arr(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [float("%.9g" % v) for v in t.reshape(-1).tolist()]}


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float32)


def upstream_loss(out):
    g = randn(*out.shape)
    return (out * g).sum(), g


cases = {}

# ---------------------------------------------------------------- Conv2D
conv_cfgs = [
    # name, N, C, H, W, O, K, stride, pad, dilation, bias
    ("s1p0", 2, 3, 7, 7, 4, 3, 1, 0, 1, True),
    ("s2p1", 2, 3, 8, 8, 5, 3, 2, 1, 1, True),
    ("s1p2d2_nobias", 1, 2, 9, 9, 3, 3, 1, 2, 2, False),
    ("k5s2p2_rect", 2, 4, 10, 9, 3, 5, 2, 2, 1, True),
    ("s2p1d2_nobias", 2, 3, 11, 11, 2, 3, 2, 1, 2, False),
    ("k1", 2, 5, 4, 4, 3, 1, 1, 0, 1, True),
    ("s1p1_c1", 3, 1, 6, 6, 6, 3, 1, 1, 1, True),
]
conv = []
for name, n, c, h, w, o, k, s, p, d, bias in conv_cfgs:
    x = randn(n, c, h, w).requires_grad_()
    wt = randn(o, c, k, k).requires_grad_()
    b = randn(o).requires_grad_() if bias else None
    out = F.conv2d(x, wt, b, stride=s, padding=p, dilation=d)
    loss, g = upstream_loss(out)
    loss.backward()
    rec = {"name": name, "stride": s, "pad": p, "dilation": d, "x": arr(x), "w": arr(wt),
           "out": arr(out), "gout": arr(g), "gx": arr(x.grad), "gw": arr(wt.grad)}
    if bias:
        rec["b"] = arr(b)
        rec["gb"] = arr(b.grad)
    conv.append(rec)
cases["conv2d"] = conv

# ---------------------------------------------------------------- pooling
pool = []
for kind, name, shape, k, s, p in [
    ("max", "k2", (2, 3, 8, 8), 2, 2, 0),
    ("max", "k3s2p1", (2, 3, 9, 9), 3, 2, 1),
    ("max", "k2_odd", (1, 2, 7, 5), 2, 2, 0),
    ("avg", "k2", (2, 3, 8, 8), 2, 2, 0),
    ("avg", "k3s2p1", (2, 3, 9, 9), 3, 2, 1),
    ("avg", "k3s1p1", (1, 2, 5, 6), 3, 1, 1),
]:
    x = randn(*shape).requires_grad_()
    if kind == "max":
        out = F.max_pool2d(x, k, stride=s, padding=p)
    else:
        out = F.avg_pool2d(x, k, stride=s, padding=p, count_include_pad=True)
    loss, g = upstream_loss(out)
    loss.backward()
    pool.append({"kind": kind, "name": name, "size": k, "stride": s, "pad": p,
                 "x": arr(x), "out": arr(out), "gout": arr(g), "gx": arr(x.grad)})
cases["pool"] = pool

x = randn(2, 3, 5, 6).requires_grad_()
out = F.adaptive_avg_pool2d(x, 1).flatten(1)
loss, g = upstream_loss(out)
loss.backward()
cases["global_mean_pool"] = {"x": arr(x), "out": arr(out), "gout": arr(g), "gx": arr(x.grad)}

# ---------------------------------------------------------------- BatchNorm
bn = []
for name, shape in [("1d", (8, 5)), ("2d", (4, 3, 5, 5))]:
    f = shape[1]
    for train in (True, False):
        mod = torch.nn.BatchNorm1d(f) if len(shape) == 2 else torch.nn.BatchNorm2d(f)
        with torch.no_grad():
            mod.weight.copy_(randn(f))
            mod.bias.copy_(randn(f))
            mod.running_mean.copy_(randn(f))
            mod.running_var.copy_(torch.rand(f) + 0.5)
        rm0, rv0 = mod.running_mean.clone(), mod.running_var.clone()
        mod.train(train)
        x = (randn(*shape) * 2 + 0.5).requires_grad_()
        out = mod(x)
        loss, g = upstream_loss(out)
        loss.backward()
        bn.append({"name": name + ("_train" if train else "_eval"), "train": train,
                   "momentum": 0.1, "eps": 1e-5, "x": arr(x),
                   "gamma": arr(mod.weight), "beta": arr(mod.bias),
                   "run_mean": arr(rm0), "run_var": arr(rv0),
                   "out": arr(out), "gout": arr(g), "gx": arr(x.grad),
                   "ggamma": arr(mod.weight.grad), "gbeta": arr(mod.bias.grad),
                   "new_run_mean": arr(mod.running_mean), "new_run_var": arr(mod.running_var)})
cases["batchnorm"] = bn

# ---------------------------------------------------------------- Linear
x = randn(5, 7).requires_grad_()
wt = randn(4, 7).requires_grad_()
b = randn(4).requires_grad_()
out = F.linear(x, wt, b)
loss, g = upstream_loss(out)
loss.backward()
cases["linear"] = {"x": arr(x), "w": arr(wt), "b": arr(b), "out": arr(out), "gout": arr(g),
                   "gx": arr(x.grad), "gw": arr(wt.grad), "gb": arr(b.grad)}

# ---------------------------------------------------------------- activations
acts = []
for name, fn in [
    ("relu", F.relu),
    ("leaky_relu_0.01", lambda t: F.leaky_relu(t, 0.01)),
    ("leaky_relu_0.2", lambda t: F.leaky_relu(t, 0.2)),
    ("elu_1", lambda t: F.elu(t, 1.0)),
    ("elu_0.7", lambda t: F.elu(t, 0.7)),
    ("gelu", lambda t: F.gelu(t, approximate="none")),
    ("sigmoid", torch.sigmoid),
    ("tanh", torch.tanh),
    ("softmax", lambda t: F.softmax(t, dim=-1)),
    ("log_softmax", lambda t: F.log_softmax(t, dim=-1)),
]:
    x = (randn(4, 6) * 2.5).requires_grad_()
    out = fn(x)
    loss, g = upstream_loss(out)
    loss.backward()
    acts.append({"name": name, "x": arr(x), "out": arr(out), "gout": arr(g), "gx": arr(x.grad)})
cases["activations"] = acts

# ---------------------------------------------------------------- losses
losses = []


def reg_loss(name, fn, delta=None):
    pred = randn(6, 3).requires_grad_()
    target = randn(6, 3).requires_grad_()
    loss = fn(pred, target)
    loss.backward()
    rec = {"name": name, "pred": arr(pred), "target": arr(target), "loss": float(loss),
           "gpred": arr(pred.grad), "gtarget": arr(target.grad)}
    if delta is not None:
        rec["delta"] = delta
    losses.append(rec)


reg_loss("mse", torch.nn.MSELoss())
reg_loss("l1", torch.nn.L1Loss())
reg_loss("huber_1", torch.nn.HuberLoss(delta=1.0), 1.0)
reg_loss("huber_0.5", torch.nn.HuberLoss(delta=0.5), 0.5)
reg_loss("huber_2.5", torch.nn.HuberLoss(delta=2.5), 2.5)

for name, smooth in [("cross_entropy", 0.0), ("cross_entropy_smooth_0.1", 0.1), ("cross_entropy_smooth_0.3", 0.3)]:
    logits = (randn(6, 5) * 2).requires_grad_()
    labels = torch.randint(0, 5, (6,))
    loss = torch.nn.CrossEntropyLoss(label_smoothing=smooth)(logits, labels)
    loss.backward()
    losses.append({"name": name, "smoothing": smooth, "pred": arr(logits), "labels": labels.tolist(),
                   "loss": float(loss), "gpred": arr(logits.grad)})

logp = randn(6, 5).requires_grad_()
labels = torch.randint(0, 5, (6,))
loss = torch.nn.NLLLoss()(logp, labels)
loss.backward()
losses.append({"name": "nll", "pred": arr(logp), "labels": labels.tolist(), "loss": float(loss),
               "gpred": arr(logp.grad)})

x = (randn(6, 3) * 3).requires_grad_()
t = torch.rand(6, 3).requires_grad_()
loss = torch.nn.BCEWithLogitsLoss()(x, t)
loss.backward()
losses.append({"name": "bce_with_logits", "pred": arr(x), "target": arr(t), "loss": float(loss),
               "gpred": arr(x.grad), "gtarget": arr(t.grad)})
cases["losses"] = losses

# ---------------------------------------------------------------- Embedding
wt = randn(10, 4).requires_grad_()
idx = torch.tensor([[1, 3, 3, 0, 9], [7, 1, 1, 1, 2], [5, 5, 8, 6, 4]])
out = F.embedding(idx, wt)
loss, g = upstream_loss(out)
loss.backward()
cases["embedding"] = {"w": arr(wt), "idx": idx.reshape(-1).tolist(), "idx_shape": list(idx.shape),
                      "out": arr(out), "gout": arr(g), "gw": arr(wt.grad)}


# ---------------------------------------------------------------- LeNet step
class LCG:
    """x <- 1664525·x + 1013904223 (mod 2^32); uniform = (x >> 8) / 2^24 in [0, 1).
    Values are formed in float64 and rounded once to float32, so Go reproduces them."""

    def __init__(self, seed):
        self.x = seed & 0xFFFFFFFF

    def uniform(self, n, lo, hi):
        out = np.empty(n, dtype=np.float64)
        x = self.x
        for i in range(n):
            x = (1664525 * x + 1013904223) & 0xFFFFFFFF
            out[i] = (x >> 8) / 16777216.0
        self.x = x
        return (lo + (hi - lo) * out).astype(np.float32)


def lcg_tensor(rng, shape, bound):
    n = int(np.prod(shape))
    return torch.from_numpy(rng.uniform(n, -bound, bound).reshape(shape))


rng = LCG(20240601)
lenet_shapes = [
    ("conv1.w", (20, 1, 5, 5), 1 / np.sqrt(25)),
    ("conv1.b", (20,), 1 / np.sqrt(25)),
    ("conv2.w", (50, 20, 5, 5), 1 / np.sqrt(500)),
    ("conv2.b", (50,), 1 / np.sqrt(500)),
    ("fc1.w", (500, 800), 1 / np.sqrt(800)),
    ("fc1.b", (500,), 1 / np.sqrt(800)),
    ("fc2.w", (10, 500), 1 / np.sqrt(500)),
    ("fc2.b", (10,), 1 / np.sqrt(500)),
]
params = {}
for name, shape, bound in lenet_shapes:
    params[name] = lcg_tensor(rng, shape, float(bound)).requires_grad_()
xb = lcg_tensor(rng, (4, 1, 28, 28), 1.0)
yb = torch.tensor([3, 7, 0, 9])

h = F.max_pool2d(F.relu(F.conv2d(xb, params["conv1.w"], params["conv1.b"])), 2)
h = F.max_pool2d(F.relu(F.conv2d(h, params["conv2.w"], params["conv2.b"])), 2)
h = h.flatten(1)
h = F.relu(F.linear(h, params["fc1.w"], params["fc1.b"]))
logits = F.linear(h, params["fc2.w"], params["fc2.b"])
loss = F.cross_entropy(logits, yb)
loss.backward()

sample_rng = np.random.RandomState(7)
lenet = {"seed": 20240601, "labels": yb.tolist(), "loss": float(loss), "logits": arr(logits),
         "params": []}
for name, shape, bound in lenet_shapes:
    gr = params[name].grad.reshape(-1)
    rec = {"name": name, "shape": list(shape), "bound": float(bound),
           "grad_sum": float(gr.double().sum()), "grad_abs_sum": float(gr.double().abs().sum()),
           "grad_norm": float(gr.double().norm())}
    if gr.numel() <= 5000:
        rec["grad"] = arr(params[name].grad)
    else:
        pos = np.sort(sample_rng.choice(gr.numel(), 400, replace=False))
        rec["sample_index"] = pos.tolist()
        rec["sample"] = [float("%.9g" % gr[i].item()) for i in pos]
    lenet["params"].append(rec)
cases["lenet"] = lenet
cases["torch_version"] = torch.__version__

with open(OUT, "w") as fh:
    json.dump(cases, fh, separators=(",", ":"))
    fh.write("\n")
print("wrote", OUT, os.path.getsize(OUT), "bytes")
