"""Reference timing for bench/cifar/main.go: PyTorch 1.13 training steps of the CIFAR-10
networks on a random CIFAR-shaped batch, 2 threads.

Run with Debian's python:
    /usr/bin/python3 bench/cifar/reference.py [resnet18|vgg16|fast] [steps] [warmup] [threads]
(defaults: resnet18, 10 timed steps after 2 warm-up steps, 2 threads).

The networks are written out here (torchvision is not installed) exactly as the Go
zoo defines them (nn/layer/zoo.go, zoo_fast.go):
  - VGG16: kuangliu/pytorch-cifar VGG('VGG16'): 13 conv 3x3 (pad 1, bias) + BatchNorm
    + ReLU in configuration "D" with 5 max-pools, Flatten, Linear 512->10;
  - ResNet18: kuangliu/pytorch-cifar ResNet18(): 3x3 stem 3->64 (no bias) + BN + ReLU,
    no max-pool, 4 stages of 2 BasicBlocks (64, 128, 256, 512; 1x1 conv + BN
    shortcuts where the shape changes), global average pool, Linear 512->10;
  - fast: FastResNet(64), Page's ResNet-9: conv-BN-ReLU units (no bias), max-pools,
    two identity residuals without activation after the sum, MaxPool 4, Linear
    512->10 (with bias, as the Go one), times 0.125.
A step: forward in training mode, mean cross-entropy, zero_grad, backward, and
SGD(lr=0.01, momentum=0.9, nesterov=True, weight_decay=5e-4).step(), as in main.go.
Prints the median forward, backward, update and step times and the best step, in ms,
the process's CPU time (user + system) per timed step, and its peak RSS (VmHWM), the same line as main.go.
"""
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

MODEL = sys.argv[1] if len(sys.argv) > 1 else "resnet18"
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
WARMUP = int(sys.argv[3]) if len(sys.argv) > 3 else 2
THREADS = int(sys.argv[4]) if len(sys.argv) > 4 else 2
BATCH = 128
torch.set_num_threads(THREADS)
torch.manual_seed(0)

VGG16_CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


class VGG16(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        layers, c_in = [], 3
        for c in VGG16_CFG:
            if c == "M":
                layers.append(nn.MaxPool2d(2, 2))
            else:
                layers += [nn.Conv2d(c_in, c, 3, padding=1), nn.BatchNorm2d(c), nn.ReLU(inplace=True)]
                c_in = c
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(512, num_classes)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


class BasicBlock(nn.Module):
    def __init__(self, c_in, c_out, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.shortcut = nn.Sequential()
        if stride != 1 or c_in != c_out:
            self.shortcut = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride=stride, bias=False), nn.BatchNorm2d(c_out))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet18(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        blocks, c_in = [], 64
        for i, c in enumerate([64, 128, 256, 512]):
            stride = 1 if i == 0 else 2
            blocks += [BasicBlock(c_in, c, stride), BasicBlock(c, c, 1)]
            c_in = c
        self.layers = nn.Sequential(*blocks)
        self.linear = nn.Linear(512, num_classes)

    def forward(self, x):
        out = self.layers(F.relu(self.bn1(self.conv1(x))))
        out = F.avg_pool2d(out, 4).flatten(1)
        return self.linear(out)


def conv_bn_relu(c_in, c_out):
    return [nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True)]


class Residual(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(*conv_bn_relu(c, c), *conv_bn_relu(c, c))

    def forward(self, x):
        return x + self.body(x)


class FastResNet(nn.Module):
    def __init__(self, w=64, num_classes=10):
        super().__init__()
        self.net = nn.Sequential(
            *conv_bn_relu(3, w),
            *conv_bn_relu(w, 2 * w), nn.MaxPool2d(2), Residual(2 * w),
            *conv_bn_relu(2 * w, 4 * w), nn.MaxPool2d(2),
            *conv_bn_relu(4 * w, 8 * w), nn.MaxPool2d(2), Residual(8 * w),
            nn.MaxPool2d(4), nn.Flatten(), nn.Linear(8 * w, num_classes))

    def forward(self, x):
        return self.net(x) * 0.125


def peak_rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return -1


def main():
    net = {"resnet18": ResNet18, "vgg16": VGG16, "fast": FastResNet}[MODEL]()
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=5e-4)
    x = torch.randn(BATCH, 3, 32, 32)
    y = torch.randint(0, 10, (BATCH,))
    fw, bw, up, tot = [], [], [], []
    for i in range(-WARMUP, STEPS):
        if i == 0:
            cpu0 = time.process_time()
        t0 = time.perf_counter()
        loss = F.cross_entropy(net(x), y)
        t1 = time.perf_counter()
        opt.zero_grad()
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        if i >= 0:
            fw.append(t1 - t0); bw.append(t2 - t1); up.append(t3 - t2); tot.append(t3 - t0)
    cpu = 1e3 * (time.process_time() - cpu0) / STEPS
    ms = lambda v: 1e3 * statistics.median(v)
    nparams = sum(p.numel() for p in net.parameters())
    print(f"pytorch {MODEL:<8} batch {BATCH}, {THREADS} threads, {STEPS} steps: forward {ms(fw):7.1f}  backward {ms(bw):7.1f}  "
          f"update {ms(up):5.1f}  step median {ms(tot):7.1f}  best {1e3 * min(tot):7.1f} ms  cpu {cpu:7.1f} ms/step  peak RSS {peak_rss_mib():4.0f} MiB  "
          f"(loss {loss.item():.3f}, {nparams} parameters)", flush=True)


if __name__ == "__main__":
    main()
