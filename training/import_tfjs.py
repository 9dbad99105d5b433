"""Read a shipped TensorFlow.js export (export_tfjs.py's layout) back into a PyTorch checkpoint, so a shipped
network can be fine-tuned (train.py --init) without the original run folder.

    python3 training/import_tfjs.py assets/models/emotune-vgg training/checkpoints/emotune-vgg.pt

The inverse of export_tfjs.keras_topology: kernels [kh, kw, in, out] -> [out, in, kh, kw], dense kernels
transposed, the first dense layer's inputs reordered from Keras's (H, W, C) flattening back to PyTorch's
(C, H, W). Checked against the export's parity.json (PyTorch's probabilities for the shipped weights).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from export_tfjs import layers_of
from models import build


def read_weights(folder: Path) -> tuple[dict, dict[str, np.ndarray]]:
    model_json = json.loads((folder / "model.json").read_text())
    blob = b"".join((folder / p).read_bytes() for group in model_json["weightsManifest"] for p in group["paths"])
    out: dict[str, np.ndarray] = {}
    offset = 0
    for group in model_json["weightsManifest"]:
        for spec in group["weights"]:
            stored = (spec.get("quantization") or {}).get("dtype", spec["dtype"])
            dtype = {"float16": np.float16, "float32": np.float32}[stored]
            count = int(np.prod(spec["shape"])) if spec["shape"] else 1
            values = np.frombuffer(blob, dtype=dtype, count=count, offset=offset).astype(np.float32)
            offset += count * np.dtype(dtype).itemsize
            out[spec["name"]] = values.reshape(spec["shape"])
    return model_json, out


def import_export(folder: Path) -> tuple[nn.Module, dict]:
    model_json, weights = read_weights(folder)
    layers = model_json["modelTopology"]["config"]["layers"]
    convs = [layer["config"]["filters"] for layer in layers if layer["class_name"] == "Conv2D"]
    if len(convs) != 8:
        raise ValueError(f"{folder} is not a VggBN export (convolutions: {convs})")
    config = {"model": "vgg-bn", "widths": convs[::2]}
    model = build(config)
    names = iter(layer["config"]["name"] for layer in layers if layer["class_name"] in ("Conv2D", "BatchNormalization", "Dense"))
    shape_c = None
    with torch.no_grad():
        for m in layers_of(model):
            if isinstance(m, nn.Conv2d):
                n = next(names)
                m.weight.copy_(torch.from_numpy(weights[f"{n}/kernel"].transpose(3, 2, 0, 1).copy()))
                if m.bias is not None:
                    m.bias.copy_(torch.from_numpy(weights[f"{n}/bias"]))
                shape_c = m.out_channels
            elif isinstance(m, (nn.BatchNorm2d, nn.BatchNorm1d)):
                n = next(names)
                m.weight.copy_(torch.from_numpy(weights[f"{n}/gamma"]))
                m.bias.copy_(torch.from_numpy(weights[f"{n}/beta"]))
                m.running_mean.copy_(torch.from_numpy(weights[f"{n}/moving_mean"]))
                m.running_var.copy_(torch.from_numpy(weights[f"{n}/moving_variance"]))
            elif isinstance(m, nn.Linear):
                n = next(names)
                kernel = weights[f"{n}/kernel"].T  # [out, in]
                if shape_c is not None:  # the first dense layer: (H, W, C) -> (C, H, W)
                    side = int(round((kernel.shape[1] / shape_c) ** 0.5))
                    kernel = kernel.reshape(m.out_features, side, side, shape_c).transpose(0, 3, 1, 2).reshape(m.out_features, -1)
                    shape_c = None
                m.weight.copy_(torch.from_numpy(kernel.copy()))
                if m.bias is not None:
                    m.bias.copy_(torch.from_numpy(weights[f"{n}/bias"]))
    return model.eval(), config


def parity_error(model: nn.Module, folder: Path) -> float:
    parity = json.loads((folder / "parity.json").read_text())
    inputs = torch.tensor(parity["inputs"], dtype=torch.float32).reshape(-1, 1, model.input_size, model.input_size)
    with torch.no_grad():
        probs = F.softmax(model(inputs), dim=1).numpy()
    return float(np.abs(probs - np.array(parity["expected"])).max())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("export", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    model, config = import_export(args.export)
    error = parity_error(model, args.export)
    if error > 1e-4:
        raise SystemExit(f"imported network differs from parity.json by {error}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"model": model.state_dict(), "config": {**config, "imported_from": str(args.export)}, "history": []}, args.out)
    print(json.dumps({"out": str(args.out), "parityMaxDiff": error, "widths": config["widths"]}))


if __name__ == "__main__":
    main()
