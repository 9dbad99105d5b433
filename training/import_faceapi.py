"""Read face-api.js's expression network (a TensorFlow.js weights manifest: uint8-quantised tensors) into a
PyTorch checkpoint of models.FaceDense, to fine-tune on FER-2013 (train.py --init).

    python3 training/import_faceapi.py node_modules/@vladmandic/face-api/model .cache/face-dense-imported.pt

face-api.js (Vincent Mühler; the copy in @vladmandic/face-api, MIT) feeds RGB faces at 112x112, minus a
per-channel mean, divided by 255. FaceDense feeds one grey channel in [0, 1]: a grey face is the same value
in R, G and B, so the first kernel becomes the sum of its three colour kernels, and the mean moves into the
first bias (exact away from the image border, where 'same' padding adds zeros). Its classes are reordered
to FER-2013's. `--check` scores the imported network on PublicTest before any fine-tuning.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

from models import FaceDense

FACEAPI_LABELS = ["neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"]
FER_LABELS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
FACEAPI_FOR_FER = ["angry", "disgusted", "fearful", "happy", "sad", "surprised", "neutral"]
MEAN_RGB = np.array([122.782, 117.001, 104.298], dtype=np.float32)


def read_manifest(folder: Path, name: str = "face_expression_model") -> dict[str, np.ndarray]:
    manifest = json.loads((folder / f"{name}-weights_manifest.json").read_text())
    out: dict[str, np.ndarray] = {}
    for group in manifest:
        blob = b"".join((folder / p).read_bytes() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"]))
            q = spec.get("quantization")
            if q:
                raw = np.frombuffer(blob, dtype=np.uint8, count=count, offset=offset).astype(np.float32)
                values = raw * q["scale"] + q["min"]
                offset += count
            else:
                values = np.frombuffer(blob, dtype=np.float32, count=count, offset=offset)
                offset += count * 4
            out[spec["name"]] = values.reshape(spec["shape"]).astype(np.float32)
    return out


def to_face_dense(w: dict[str, np.ndarray], input_size: int = 48, upsample: int = 2) -> FaceDense:
    model = FaceDense(input_size=input_size, upsample=upsample)
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    with torch.no_grad():
        for b, block in enumerate(model.blocks):
            p = f"dense{b}"
            if b == 0:
                k = w[f"{p}/conv0/filters"]  # [3, 3, 3 (RGB), 32]
                block.conv0.weight.copy_(t(k.sum(axis=2, keepdims=True).transpose(3, 2, 0, 1)))
                block.conv0.bias.copy_(t(w[f"{p}/conv0/bias"] - (k * (MEAN_RGB / 255)[None, None, :, None]).sum(axis=(0, 1, 2))))
                convs = [(1, block.conv1), (2, block.conv2), (3, block.conv3)]
            else:
                convs = [(0, block.conv0), (1, block.conv1), (2, block.conv2), (3, block.conv3)]
            for i, conv in convs:
                conv.depthwise.weight.copy_(t(w[f"{p}/conv{i}/depthwise_filter"].transpose(2, 3, 0, 1)))  # [3,3,C,1] -> [C,1,3,3]
                conv.pointwise.weight.copy_(t(w[f"{p}/conv{i}/pointwise_filter"].transpose(3, 2, 0, 1)))  # [1,1,I,O] -> [O,I,1,1]
                conv.pointwise.bias.copy_(t(w[f"{p}/conv{i}/bias"]))
        order = [FACEAPI_LABELS.index(n) for n in FACEAPI_FOR_FER]
        model.fc.weight.copy_(t(w["fc/weights"].T[order]))
        model.fc.bias.copy_(t(w["fc/bias"][order]))
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="face-api's model folder")
    parser.add_argument("out", type=Path)
    parser.add_argument("--native", action="store_true",
                        help="as face-api.js runs it, 112x112 faces (default: 48x48 faces upsampled x2, to fine-tune on FER-2013)")
    parser.add_argument("--check", action="store_true", help="score it on PublicTest (48x48 faces upsampled to 112 and 96)")
    args = parser.parse_args()
    input_size, upsample = (112, 1) if args.native else (48, 2)
    model = to_face_dense(read_manifest(args.folder), input_size, upsample).eval()
    config = {"model": "face-dense", "source": "face-api.js face_expression_model (MIT)", "widths": None,
              "input_size": input_size, "upsample": upsample}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"model": model.state_dict(), "config": config, "history": []}, args.out)
    result = {"out": str(args.out)}
    if args.check:
        import fer_data

        x, y = fer_data.load()["PublicTest"]
        with torch.no_grad():
            xb = torch.from_numpy(x.astype(np.float32)[:, None] / 255)
            for size in (112, 96):
                pred = torch.cat([model(xb[i:i + 256], size=size).argmax(1) for i in range(0, len(xb), 256)]).numpy()
                result[f"publicTestAccuracy{size}"] = round(float((pred == y).mean()), 4)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
