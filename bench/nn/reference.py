"""Reference timing for bench/nn/main.go: PyTorch 1.13 training steps on 2 threads.

Run with Debian's python:  /usr/bin/python3 bench/nn/reference.py [lenet|mlp|boston|all] [steps] [threads]
                      or:  /usr/bin/python3 bench/nn/reference.py estimator[:lenet|:mlp] [epochs] [threads] [mnist dir]

(steps 0 means the defaults 40 / 300 / 600; threads defaults to 2, as in the issue.)

Times forward, backward and the Adam update (torch.optim.Adam defaults) of
  - LeNet on random MNIST-shaped data, batch 100 (600 batches per epoch),
  - an MLP 784->256->10 (ReLU, cross-entropy), batch 100 (600 batches per epoch),
  - the Boston MLP 13->64->15->1 (ReLU, MSE), full batch of 506, 600 epochs,
and prints the medians in ms per batch and the step median extrapolated to an epoch.

The estimator mode is the counterpart of `bench/nn -mode estimator`: on the 60 000
MNIST training rows (pixels / 255, float32 tensors made once), it trains LeNet
(batch 100) and the MLP 784->256->10 (batch 128) with Adam 1e-3 for `epochs` epochs
(default 4) as a PyTorch user writes it, without a DataLoader:

    perm = torch.randperm(n)
    for i in range(0, n, bs):
        idx = perm[i:i+bs]; xb, yb = X[idx], y[idx]
        opt.zero_grad(); F.cross_entropy(model(xb), yb).backward(); opt.step()

and prints the best epoch time (and the test accuracy after the first epoch). Then
it times LeNet's inference on the 10 000 test images (model.eval(), torch.no_grad(),
batches of 1000 and the whole set at once; best of 5) in images per second.
"""
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 2)
torch.manual_seed(0)


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 50, 5)
        self.fc1 = nn.Linear(800, 500)
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        return self.fc2(x)


def batches(nb, bs, shape, k):
    return [(torch.rand(bs, *shape), torch.randint(0, k, (bs,))) for _ in range(nb)]


def run(name, model, data, loss_fn, steps, per_epoch):
    opt = torch.optim.Adam(model.parameters())
    fw, bw, up, tot = [], [], [], []
    for i in range(-5, steps):
        x, y = data[(i + 5) % len(data)]
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        if i >= 0:
            fw.append(t1 - t0)
            bw.append(t2 - t1)
            up.append(t3 - t2)
            tot.append(t3 - t0)
    m = statistics.median(tot)
    print(f"torch {name:22s} ms/batch: forward {statistics.median(fw)*1e3:8.3f}  backward {statistics.median(bw)*1e3:8.3f}  "
          f"update {statistics.median(up)*1e3:7.3f}  total {m*1e3:8.3f}   epoch {m*per_epoch:7.3f} s/epoch  (loss {loss.item():.4f})")


def read_idx(path):
    import gzip
    import numpy as np
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def mnist_dir(arg):
    import os
    for d in ([arg] if arg else []) + [os.environ.get("SKGO_MNIST", ""), "../shared/data/mnist",
                                       "shared/data/mnist", "/work/shared/data/mnist"]:
        if d and os.path.exists(os.path.join(d, "train-images-idx3-ubyte.gz")):
            return d
    sys.exit("reference.py: no MNIST directory: pass it as the fourth argument or set SKGO_MNIST")


def estimator_mode(epochs, d, which):
    import os
    load = lambda name: read_idx(os.path.join(d, name))
    xtr = torch.from_numpy(load("train-images-idx3-ubyte.gz").astype("float32") / 255)
    ytr = torch.from_numpy(load("train-labels-idx1-ubyte.gz").astype("int64"))
    xte = torch.from_numpy(load("t10k-images-idx3-ubyte.gz").astype("float32") / 255)
    yte = torch.from_numpy(load("t10k-labels-idx1-ubyte.gz").astype("int64"))
    n = xtr.shape[0]
    for name, make, shape, bs in [
        ("LeNet (batch 100)", LeNet, (1, 28, 28), 100),
        ("MLP 784-256-10 (batch 128)", lambda: nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)), (784,), 128),
    ]:
        if which != "all" and not name.lower().startswith(which):
            continue
        X, Xt = xtr.reshape(n, *shape), xte.reshape(xte.shape[0], *shape)
        model = make()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        times, acc = [], None
        for e in range(epochs):
            model.train()
            t0 = time.perf_counter()
            perm = torch.randperm(n)
            for i in range(0, n, bs):
                idx = perm[i:i + bs]
                xb, yb = X[idx], ytr[idx]
                opt.zero_grad()
                loss = F.cross_entropy(model(xb), yb)
                loss.backward()
                opt.step()
            times.append(time.perf_counter() - t0)
            if e == 0:
                model.eval()
                with torch.no_grad():
                    acc = (model(Xt).argmax(1) == yte).float().mean().item()
        print(f"torch {name:42s} one epoch: best {min(times):7.3f} s  median {statistics.median(times):7.3f} s  of {epochs}; "
              f"test accuracy after epoch 1 {100 * acc:.2f}%")
        if make is LeNet:
            model.eval()
            for b in (1000, Xt.shape[0]):
                ts = []
                with torch.no_grad():
                    model(Xt[:b])  # warm-up
                    for _ in range(5):
                        t0 = time.perf_counter()
                        for i in range(0, Xt.shape[0], b):
                            model(Xt[i:i + b]).argmax(1)
                        ts.append(time.perf_counter() - t0)
                print(f"torch LeNet inference batch {b:5d}   {Xt.shape[0]:6d} images: {min(ts):7.3f} s  {Xt.shape[0] / min(ts):8.0f} images/s (best of 5)")


which = sys.argv[1] if len(sys.argv) > 1 else "all"
if which.startswith("estimator"):
    estimator_mode(int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != "0" else 4,
                   mnist_dir(sys.argv[4] if len(sys.argv) > 4 else ""), which.partition(":")[2] or "all")
    sys.exit(0)
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 0
if which in ("all", "lenet"):
    run("LeNet", LeNet(), batches(10, 100, (1, 28, 28), 10), F.cross_entropy, steps or 40, 600)
if which in ("all", "mlp"):
    m = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    run("MLP 784-256-10", m, batches(10, 100, (784,), 10), F.cross_entropy, steps or 300, 600)
if which in ("all", "boston"):
    m = nn.Sequential(nn.Linear(13, 64), nn.ReLU(), nn.Linear(64, 15), nn.ReLU(), nn.Linear(15, 1))
    data = [(torch.randn(506, 13), torch.randn(506, 1))]
    run("Boston MLP 13-64-15-1", m, data, F.mse_loss, steps or 600, 600)
