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


MODELS = {"paper": PaperCNN, "vgg-bn": VggBN}


def build(config: dict) -> nn.Module:
    """The untrained network a run's config (config.json, or a checkpoint's "config") names."""
    return MODELS[config["model"]](**({"widths": tuple(config["widths"])} if config["model"] == "vgg-bn" else {}))
