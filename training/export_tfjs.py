"""Export a trained PyTorch emotion network to a TensorFlow.js layers model that Emotune loads.

    /usr/bin/python3 training/export_tfjs.py training/runs/paper/best.pt assets/models/paper-cnn \
        --name paper-cnn --display-name "Paper 1 CNN" [--float16] [--flip-tta]

Writes model.json (Keras topology, NHWC), weights.bin, emotune-model.json (how to feed it) and parity.json
(fixed inputs with PyTorch's probabilities, which src/main/emotion/model-parity.int.test.ts checks the
exported model reproduces within 1e-4; with --float16, PyTorch's probabilities for the float16-rounded
weights). The layout changes are the usual traps: convolution kernels go from [out, in, kh, kw] to
[kh, kw, in, out], dense kernels are transposed, and the first dense layer after Flatten has its inputs
reordered from PyTorch's (C, H, W) flattening to Keras's (H, W, C).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

import fer_data
from models import FaceDense, build, tf_resize_bilinear


def layers_of(model: nn.Module) -> list[nn.Module]:
    return [m for part in (model.features, model.classifier) for m in part]


def keras_topology(model: nn.Module, input_size: int, name: str) -> tuple[list[dict], list[tuple[str, np.ndarray]]]:
    layers: list[dict] = []
    weights: list[tuple[str, np.ndarray]] = []
    shape = (1, input_size, input_size)  # (C, H, W) flowing through, to reorder the dense layer after Flatten
    flatten_shape: tuple[int, int, int] | None = None
    counts: dict[str, int] = {}

    def add(class_name: str, config: dict) -> str:
        counts[class_name] = counts.get(class_name, 0) + 1
        layer_name = f"{class_name.lower()}_{counts[class_name]}"
        cfg = {"name": layer_name, "trainable": False, "dtype": "float32", **config}
        if not layers:
            cfg["batch_input_shape"] = [None, input_size, input_size, 1]
        layers.append({"class_name": class_name, "config": cfg})
        return layer_name

    for m in layers_of(model):
        if isinstance(m, nn.Conv2d):
            pad = m.padding if isinstance(m.padding, tuple) else (m.padding, m.padding)
            if pad not in ((0, 0), (m.kernel_size[0] // 2, m.kernel_size[1] // 2)) or m.stride != (1, 1):
                raise ValueError(f"unsupported convolution {m}")
            same = pad != (0, 0)
            n = add("Conv2D", {"filters": m.out_channels, "kernel_size": list(m.kernel_size), "strides": [1, 1],
                               "padding": "same" if same else "valid", "data_format": "channels_last",
                               "dilation_rate": [1, 1], "activation": "linear", "use_bias": m.bias is not None})
            weights.append((f"{n}/kernel", m.weight.detach().numpy().transpose(2, 3, 1, 0)))
            if m.bias is not None:
                weights.append((f"{n}/bias", m.bias.detach().numpy()))
            c, h, w = shape
            shape = (m.out_channels, h, w) if same else (m.out_channels, h - m.kernel_size[0] + 1, w - m.kernel_size[1] + 1)
        elif isinstance(m, (nn.BatchNorm2d, nn.BatchNorm1d)):
            n = add("BatchNormalization", {"axis": -1, "momentum": 1 - (m.momentum or 0.1), "epsilon": m.eps,
                                           "center": True, "scale": True})
            weights += [(f"{n}/gamma", m.weight.detach().numpy()), (f"{n}/beta", m.bias.detach().numpy()),
                        (f"{n}/moving_mean", m.running_mean.numpy()), (f"{n}/moving_variance", m.running_var.numpy())]
        elif isinstance(m, nn.ReLU):
            add("Activation", {"activation": "relu"})
        elif isinstance(m, nn.MaxPool2d):
            k = m.kernel_size if isinstance(m.kernel_size, int) else m.kernel_size[0]
            add("MaxPooling2D", {"pool_size": [k, k], "strides": [k, k], "padding": "valid", "data_format": "channels_last"})
            c, h, w = shape
            shape = (c, h // k, w // k)
        elif isinstance(m, nn.Flatten):
            add("Flatten", {"data_format": "channels_last"})
            flatten_shape = shape
        elif isinstance(m, nn.Linear):
            kernel = m.weight.detach().numpy()  # [out, in]
            if flatten_shape is not None:
                c, h, w = flatten_shape
                kernel = kernel.reshape(m.out_features, c, h, w).transpose(0, 2, 3, 1).reshape(m.out_features, -1)
                flatten_shape = None
            n = add("Dense", {"units": m.out_features, "activation": "linear", "use_bias": m.bias is not None})
            weights.append((f"{n}/kernel", kernel.T.copy()))
            if m.bias is not None:
                weights.append((f"{n}/bias", m.bias.detach().numpy()))
        elif isinstance(m, nn.Dropout):
            continue  # identity at inference
        else:
            raise ValueError(f"no export for {type(m).__name__}")
    add("Activation", {"activation": "softmax"})
    return layers, weights


def keras_functional_face_dense(model: nn.Module, input_size: int, name: str) -> tuple[dict, list[tuple[str, np.ndarray]]]:
    """models.FaceDense as a Keras functional model (its dense blocks add earlier outputs, which a Sequential
    topology cannot say): UpSampling2D (bilinear, x2), Conv2D and SeparableConv2D with 'same' padding (which
    FaceDense pads as TensorFlow does), Add, ReLU, GlobalAveragePooling2D, Dense, softmax."""
    layers: list[dict] = []
    weights: list[tuple[str, np.ndarray]] = []
    counts: dict[str, int] = {}

    def add(class_name: str, config: dict, inputs: list[str]) -> str:
        counts[class_name] = counts.get(class_name, 0) + 1
        layer_name = f"{class_name.lower()}_{counts[class_name]}"
        layers.append({"class_name": class_name, "name": layer_name,
                       "config": {"name": layer_name, "trainable": False, "dtype": "float32", **config},
                       "inbound_nodes": [[[i, 0, 0, {}] for i in inputs]] if inputs else []})
        return layer_name

    def np_(t: torch.Tensor) -> np.ndarray:
        return t.detach().numpy()

    conv_common = {"kernel_size": [3, 3], "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1],
                   "activation": "linear", "use_bias": True}

    def separable(x: str, conv: nn.Module) -> str:
        n = add("SeparableConv2D", {**conv_common, "filters": conv.pointwise.out_channels, "strides": [conv.stride] * 2,
                                    "depth_multiplier": 1}, [x])
        weights.extend([(f"{n}/depthwise_kernel", np_(conv.depthwise.weight).transpose(2, 3, 0, 1)),  # [C,1,3,3] -> [3,3,C,1]
                        (f"{n}/pointwise_kernel", np_(conv.pointwise.weight).transpose(2, 3, 1, 0)),  # [O,I,1,1] -> [1,1,I,O]
                        (f"{n}/bias", np_(conv.pointwise.bias))])
        return n

    relu = lambda x: add("Activation", {"activation": "relu"}, [x])
    x = add("InputLayer", {"batch_input_shape": [None, input_size, input_size, 1], "sparse": False}, [])
    input_name = x
    if model.upsample != 1:
        x = add("UpSampling2D", {"size": [model.upsample] * 2, "data_format": "channels_last", "interpolation": "bilinear"}, [x])
    for b, block in enumerate(model.blocks):
        if b == 0:
            n = add("Conv2D", {**conv_common, "filters": block.conv0.out_channels, "strides": [2, 2]}, [x])
            weights.extend([(f"{n}/kernel", np_(block.conv0.weight).transpose(2, 3, 1, 0)), (f"{n}/bias", np_(block.conv0.bias))])
        else:
            n = separable(x, block.conv0)
        out1 = relu(n)
        out2 = separable(out1, block.conv1)
        out3 = separable(relu(add("Add", {}, [out1, out2])), block.conv2)
        out4 = separable(relu(add("Add", {}, [out1, out2, out3])), block.conv3)
        x = relu(add("Add", {}, [out1, out2, out3, out4]))
    x = add("GlobalAveragePooling2D", {"data_format": "channels_last"}, [x])
    n = add("Dense", {"units": 7, "activation": "linear", "use_bias": True}, [x])
    weights.extend([(f"{n}/kernel", np_(model.fc.weight).T.copy()), (f"{n}/bias", np_(model.fc.bias))])
    out = add("Activation", {"activation": "softmax"}, [n])
    topology = {"class_name": "Functional", "config": {"name": name.replace("-", "_"), "layers": layers,
                                                        "input_layers": [[input_name, 0, 0]], "output_layers": [[out, 0, 0]]},
                "keras_version": "2.15.0", "backend": "tensorflow"}
    return topology, weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoint", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--name", required=True)
    parser.add_argument("--display-name", required=True)
    parser.add_argument("--float16", action="store_true", help="store weights as float16 (half the size)")
    parser.add_argument("--flip-tta", action="store_true",
                        help="have the app average each face with its mirror image (where evaluate.py shows it helps)")
    parser.add_argument("--framing-scale", type=float, default=None,
                        help="the face box's scale the network expects (default: FER-2013's, 1.2 times the Haar box)")
    args = parser.parse_args()

    state = torch.load(args.checkpoint, map_location="cpu")
    model = build(state["config"])
    model.load_state_dict(state["model"])
    model.eval()
    size = model.input_size

    if isinstance(model, FaceDense):
        topology, weights = keras_functional_face_dense(model, size, args.name)
    else:
        layers, weights = keras_topology(model, size, args.name)
        topology = {"class_name": "Sequential", "config": {"name": args.name.replace("-", "_"), "layers": layers},
                    "keras_version": "2.15.0", "backend": "tensorflow"}
    args.out.mkdir(parents=True, exist_ok=True)
    dtype = np.float16 if args.float16 else np.float32
    blob = b"".join(np.ascontiguousarray(w, dtype=dtype).tobytes() for _, w in weights)
    (args.out / "weights.bin").write_bytes(blob)
    spec = [{"name": n, "shape": list(w.shape), "dtype": "float32",
             **({"quantization": {"dtype": "float16", "original_dtype": "float32"}} if args.float16 else {})}
            for n, w in weights]
    model_json = {
        "format": "layers-model",
        "generatedBy": "Emotune training/export_tfjs.py (PyTorch)",
        "convertedBy": None,
        "modelTopology": topology,
        "weightsManifest": [{"paths": ["weights.bin"], "weights": spec}],
    }
    (args.out / "model.json").write_text(json.dumps(model_json) + "\n")
    manifest = {
        "name": args.name,
        "displayName": args.display_name,
        "format": "layers-model",
        "modelFile": "model.json",
        "inputSize": size,
        "inputRange": [0, 1],
        "labels": fer_data.LABELS,
        "outputIsProbability": True,
        **({"flipTta": True} if args.flip_tta else {}),
        **({"framing": {"scale": args.framing_scale, "shiftY": 0}} if args.framing_scale else {}),
    }
    (args.out / "emotune-model.json").write_text(json.dumps(manifest, indent=2) + "\n")

    # Parity inputs: three real PublicTest faces and one of uniform noise, fixed.
    data = fer_data.load()
    x_val = data["PublicTest"][0]
    faces = x_val[:3].astype(np.float32) / 255
    if size != faces.shape[-1]:  # a network fed larger faces (FaceDense at 112): the same faces, enlarged
        faces = tf_resize_bilinear(torch.from_numpy(faces), size, size).numpy()
    inputs = np.concatenate([faces, np.random.default_rng(0).random((1, size, size), dtype=np.float32)])
    # With float16 weights the reference is PyTorch running the very weights that ship (every tensor rounded
    # to float16, computed in float32), so parity stays at 1e-4 and still catches layout mistakes; the
    # rounding's own effect is recorded beside it.
    with torch.no_grad():
        batch = torch.from_numpy(inputs).unsqueeze(1)
        probs_f32 = F.softmax(model(batch), dim=1).numpy()
        if args.float16:
            model.load_state_dict({k: v.half().float() if v.is_floating_point() else v for k, v in model.state_dict().items()})
        probs = F.softmax(model(batch), dim=1).numpy()
    parity = {"note": "inputs: [n][inputSize*inputSize] in the model's input range; expected: PyTorch softmax"
                      + (" with the shipped float16 weights" if args.float16 else ""),
              "tolerance": 1e-4,
              **({"float16VsFloat32MaxDiff": float(np.abs(probs - probs_f32).max())} if args.float16 else {}),
              "inputs": [np.round(i.reshape(-1), 7).tolist() for i in inputs],
              "expected": probs.tolist()}
    (args.out / "parity.json").write_text(json.dumps(parity) + "\n")
    print(json.dumps({"out": str(args.out), "parameters": int(sum(p.numel() for p in model.parameters())),
                      "weightBytes": len(blob), "epoch": state.get("epoch"),
                      "publicTestAccuracy": state.get("metrics", {}).get("accuracy")}))


if __name__ == "__main__":
    main()
