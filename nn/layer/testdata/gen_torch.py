"""Build skgo's model-zoo architectures in PyTorch 1.13 and record parameter counts,
parameter/buffer shapes (in named_parameters / named_buffers order) and output shapes.

Run by hand with Debian's python: /usr/bin/python3 gen_torch.py  (writes torch.json)
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(20, 50, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))


def flux_mnist_conv():
    return nn.Sequential(
        nn.Conv2d(1, 8, 5, stride=2, padding=2), nn.ReLU(),
        nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(32, 32, 3, stride=2, padding=1), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10))


# kuangliu/pytorch-cifar models/vgg.py
class VGG(nn.Module):
    cfg = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M']

    def __init__(self, num_classes=10):
        super().__init__()
        layers, in_channels = [], 3
        for x in self.cfg:
            if x == 'M':
                layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
            else:
                layers += [nn.Conv2d(in_channels, x, kernel_size=3, padding=1),
                           nn.BatchNorm2d(x), nn.ReLU(inplace=True)]
                in_channels = x
        layers += [nn.AvgPool2d(kernel_size=1, stride=1)]
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(512, num_classes)

    def forward(self, x):
        out = self.features(x)
        return self.classifier(out.view(out.size(0), -1))


# kuangliu/pytorch-cifar models/resnet.py
class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, in_planes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != planes:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_planes, planes, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet(nn.Module):
    def __init__(self, num_blocks=(2, 2, 2, 2), num_classes=10):
        super().__init__()
        self.in_planes = 64
        self.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.layer1 = self._make_layer(64, num_blocks[0], 1)
        self.layer2 = self._make_layer(128, num_blocks[1], 2)
        self.layer3 = self._make_layer(256, num_blocks[2], 2)
        self.layer4 = self._make_layer(512, num_blocks[3], 2)
        self.linear = nn.Linear(512, num_classes)

    def _make_layer(self, planes, n, stride):
        layers = []
        for s in [stride] + [1] * (n - 1):
            layers.append(BasicBlock(self.in_planes, planes, s))
            self.in_planes = planes
        return nn.Sequential(*layers)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layer4(self.layer3(self.layer2(self.layer1(out))))
        out = F.avg_pool2d(out, 4)
        return self.linear(out.view(out.size(0), -1))


def record(name, model, in_shape, out):
    model.eval()
    with torch.no_grad():
        y = model(torch.zeros(2, *in_shape))
    bufs = [(n, b) for n, b in model.named_buffers() if not n.endswith('num_batches_tracked')]
    out[name] = {
        'num_params': sum(p.numel() for p in model.parameters()),
        'param_shapes': [list(p.shape) for p in model.parameters()],
        'param_names': [n for n, _ in model.named_parameters()],
        'num_buffer_values': sum(b.numel() for _, b in bufs),
        'buffer_shapes': [list(b.shape) for _, b in bufs],
        'in_shape': list(in_shape),
        'out_shape': list(y.shape[1:]),
    }


def main():
    torch.manual_seed(0)
    out = {'torch_version': torch.__version__}
    record('lenet', lenet(), (1, 28, 28), out)
    record('flux_mnist_conv', flux_mnist_conv(), (1, 28, 28), out)
    record('vgg16', VGG(10), (3, 32, 32), out)
    record('vgg16_100', VGG(100), (3, 32, 32), out)
    record('resnet18', ResNet(num_classes=10), (3, 32, 32), out)
    value_goldens(out)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'torch.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')



# ---- forward/backward goldens of small composed models (values, not just shapes) ----

def randomize_bn(model, g):
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5, generator=g)
                m.bias.uniform_(-0.5, 0.5, generator=g)
                m.running_mean.uniform_(-0.5, 0.5, generator=g)
                m.running_var.uniform_(0.5, 1.5, generator=g)


def values(name, model, x, out):
    g = torch.Generator().manual_seed(42)
    randomize_bn(model, g)
    rec = {
        'params': [p.detach().flatten().tolist() for p in model.parameters()],
        'param_names': [n for n, _ in model.named_parameters()],
        'buffers': [b.detach().flatten().tolist() for n, b in model.named_buffers() if not n.endswith('num_batches_tracked')],
        'x': x.flatten().tolist(),
        'x_shape': list(x.shape),
    }
    model.eval()
    with torch.no_grad():
        rec['y_eval'] = model(x).flatten().tolist()
    model.train()
    y = model(x)
    rec['y_shape'] = list(y.shape)
    rec['y_train'] = y.detach().flatten().tolist()
    w = torch.linspace(-1, 1, y.numel()).reshape(y.shape)
    (y * w).sum().backward()
    rec['grads'] = [p.grad.flatten().tolist() for p in model.parameters()]
    rec['buffers_after'] = [b.detach().flatten().tolist() for n, b in model.named_buffers() if not n.endswith('num_batches_tracked')]
    out['values/' + name] = rec


def value_goldens(out):
    torch.manual_seed(1)
    values('small_cnn', nn.Sequential(
        nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(3, 4, 3, stride=2, padding=1, bias=False), nn.ELU(), nn.AvgPool2d(2, stride=1),
        nn.Flatten(), nn.Linear(4, 5), nn.Tanh()), torch.randn(2, 2, 8, 8), out)
    values('resblock', BasicBlock(3, 4, 2), torch.randn(2, 3, 6, 6), out)
    values('mlp_bn1d', nn.Sequential(
        nn.Linear(6, 5), nn.BatchNorm1d(5), nn.LeakyReLU(0.2), nn.Linear(5, 4), nn.GELU(),
        nn.Linear(4, 3), nn.LogSoftmax(dim=1)), torch.randn(4, 6), out)
    values('gmp_sigmoid', nn.Sequential(
        nn.Conv2d(1, 2, 2, dilation=2), nn.Sigmoid(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(2, 3, bias=False), nn.Softmax(dim=1)), torch.randn(3, 1, 5, 5), out)



if __name__ == '__main__':
    main()
