"""Reference timing for bench/nn/main.go: PyTorch 1.13 training steps on 2 threads.

Run with Debian's python:  /usr/bin/python3 bench/nn/reference.py [lenet|mlp|boston|all] [steps] [threads]

(steps 0 means the defaults 40 / 300 / 600; threads defaults to 2, as in the issue.)

Times forward, backward and the Adam update (torch.optim.Adam defaults) of
  - LeNet on random MNIST-shaped data, batch 100 (600 batches per epoch),
  - an MLP 784->256->10 (ReLU, cross-entropy), batch 100 (600 batches per epoch),
  - the Boston MLP 13->64->15->1 (ReLU, MSE), full batch of 506, 600 epochs,
and prints the medians in ms per batch and the step median extrapolated to an epoch.
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


which = sys.argv[1] if len(sys.argv) > 1 else "all"
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
