"""The emotion networks, in PyTorch. Each has an export description for TensorFlow.js (export_tfjs.py)."""
from __future__ import annotations

import torch
from torch import nn


class PaperCNN(nn.Module):
    """Paper 1's network, exactly: Conv2D 32 ReLU, Conv2D 64 ReLU, MaxPool, Dropout 0.25, Conv2D 128 ReLU,
    MaxPool, Conv2D 128 ReLU, MaxPool, Dropout 0.25, Flatten, Dense 1024 ReLU, Dropout 0.5, Dense 7 softmax.
    3x3 kernels, 'valid' padding (Keras defaults), 2x2 pools: 48 -> 46 -> 44 -> 22 -> 20 -> 10 -> 8 -> 4."""

    input_size = 48

    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(),
            nn.Conv2d(32, 64, 3), nn.ReLU(),
            nn.MaxPool2d(2), nn.Dropout(0.25),
            nn.Conv2d(64, 128, 3), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(128, 128, 3), nn.ReLU(),
            nn.MaxPool2d(2), nn.Dropout(0.25),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(128 * 4 * 4, 1024), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(1024, 7),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # logits; softmax in the loss and in the export
        return self.classifier(self.features(x))


def conv_bn(c_in: int, c_out: int) -> list[nn.Module]:
    return [nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU()]


class VggBN(nn.Module):
    """A VGG-style network with batch norm for the accuracy target within a real-time budget: four blocks of
    two 3x3 convolutions ('same' padding), each block ending in a 2x2 max-pool and dropout, then a small
    dense head. Widths are a parameter so the budget can be traded for accuracy."""

    input_size = 48

    def __init__(self, widths: tuple[int, int, int, int] = (32, 64, 128, 256), hidden: int = 256, dropout: float = 0.4) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        c_in = 1
        for width in widths:
            layers += conv_bn(c_in, width) + conv_bn(width, width) + [nn.MaxPool2d(2), nn.Dropout(dropout / 2)]
            c_in = width
        self.features = nn.Sequential(*layers)  # 48 -> 24 -> 12 -> 6 -> 3
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(c_in * 3 * 3, hidden, bias=False), nn.BatchNorm1d(hidden), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(hidden, 7),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


def keras_init(model: nn.Module) -> None:
    """Keras's default initialisation, in place: Glorot-uniform kernels and zero biases for every convolution
    and dense layer (PyTorch's default is a narrower Kaiming-uniform with random biases)."""
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(module.weight)
            if module.bias is not None:
                nn.init.zeros_(module.bias)


def tf_same_pad(x: torch.Tensor, stride: int, kernel: int = 3) -> torch.Tensor:
    """TensorFlow's 'same' padding (more at the bottom/right when the total is odd), so the weights of a
    TensorFlow network and a Keras export compute exactly what PyTorch does."""
    pads = []
    for size in (x.shape[-1], x.shape[-2]):  # F.pad takes the last dimension first
        out = -(-size // stride)
        total = max((out - 1) * stride + kernel - size, 0)
        pads += [total // 2, total - total // 2]
    return torch.nn.functional.pad(x, pads)


def tf_resize_bilinear(x: torch.Tensor, height: int, width: int) -> torch.Tensor:
    """tf.image.resizeBilinear with TensorFlow.js's defaults (alignCorners false, halfPixelCenters false): the
    output pixel i samples the input at i * in / out. Keras's UpSampling2D(interpolation='bilinear') uses it."""
    def axis(n_in: int, n_out: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        src = torch.arange(n_out, dtype=torch.float32) * (n_in / n_out)
        i0 = src.floor().long().clamp(max=n_in - 1)
        return i0, (i0 + 1).clamp(max=n_in - 1), (src - i0.float()).to(x.dtype)
    y0, y1, fy = axis(x.shape[-2], height)
    x0, x1, fx = axis(x.shape[-1], width)
    rows = x[..., y0, :] * (1 - fy)[:, None] + x[..., y1, :] * fy[:, None]
    return rows[..., x0] * (1 - fx) + rows[..., x1] * fx


class SeparableConv(nn.Module):
    """Keras's SeparableConv2D: a 3x3 depthwise convolution (no bias), a 1x1 pointwise one with a bias."""

    def __init__(self, c_in: int, c_out: int, stride: int) -> None:
        super().__init__()
        self.stride = stride
        self.depthwise = nn.Conv2d(c_in, c_in, 3, stride=stride, groups=c_in, bias=False)
        self.pointwise = nn.Conv2d(c_in, c_out, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pointwise(self.depthwise(tf_same_pad(x, self.stride)))


class DenseBlock(nn.Module):
    """face-api.js's denseBlock4: four convolutions, each fed the sum of the earlier ones' outputs."""

    def __init__(self, c_in: int, c_out: int, first: bool) -> None:
        super().__init__()
        self.first = first
        self.conv0 = nn.Conv2d(c_in, c_out, 3, stride=2) if first else SeparableConv(c_in, c_out, 2)
        self.conv1, self.conv2, self.conv3 = (SeparableConv(c_out, c_out, 1) for _ in range(3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out1 = torch.relu(self.conv0(tf_same_pad(x, 2)) if self.first else self.conv0(x))
        out2 = self.conv1(out1)
        out3 = self.conv2(torch.relu(out1 + out2))
        out4 = self.conv3(torch.relu(out1 + out2 + out3))
        return torch.relu(out1 + out2 + out3 + out4)


class FaceDense(nn.Module):
    """face-api.js's expression network (Vincent Mühler, MIT; four dense blocks of depthwise-separable
    convolutions, trained on faces from many sources) on one grey input channel in [0, 1] (the RGB kernels
    summed; see import_faceapi.py), global average pooling, dropout, a dense layer to the seven FER-2013
    classes. As face-api.js runs it: 112x112 faces (`input_size=112, upsample=1`). For FER-2013 training:
    48x48 faces upsampled x2 (bilinear, as Keras's UpSampling2D does it) to 96x96."""

    def __init__(self, dropout: float = 0.25, input_size: int = 48, upsample: int = 2) -> None:
        super().__init__()
        self.input_size = input_size
        self.upsample = upsample
        self.blocks = nn.Sequential(DenseBlock(1, 32, True), DenseBlock(32, 64, False), DenseBlock(64, 128, False),
                                    DenseBlock(128, 256, False))
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(256, 7)

    def forward(self, x: torch.Tensor, size: int | None = None) -> torch.Tensor:
        side = size or x.shape[-1] * self.upsample
        if side != x.shape[-1]:
            x = tf_resize_bilinear(x, side, side)
        return self.fc(self.dropout(self.blocks(x).mean(dim=(2, 3))))


MODELS = {"paper": PaperCNN, "vgg-bn": VggBN, "face-dense": FaceDense}


def build(config: dict) -> nn.Module:
    """The untrained network a run's config (config.json, or a checkpoint's "config") names."""
    if config["model"] == "vgg-bn":
        return VggBN(widths=tuple(config["widths"]))
    if config["model"] == "face-dense":
        return FaceDense(input_size=config.get("input_size", 48), upsample=config.get("upsample", 2))
    return MODELS[config["model"]]()
