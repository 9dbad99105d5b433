"""PublicTest metrics of a checkpoint, with and without horizontal-flip test-time augmentation.

    /usr/bin/python3 training/evaluate.py training/runs/best/best.pt
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch

import fer_data
from models import MODELS
from train import metrics, predict


def load_checkpoint(path: Path) -> torch.nn.Module:
    state = torch.load(path, map_location="cpu")
    config = state["config"]
    kwargs = {"widths": tuple(config["widths"])} if config["model"] == "vgg-bn" else {}
    model = MODELS[config["model"]](**kwargs)
    model.load_state_dict(state["model"])
    return model.eval()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoint", type=Path)
    args = parser.parse_args()
    x, y = fer_data.load()["PublicTest"]
    model = load_checkpoint(args.checkpoint)
    out = {}
    for name, flip in (("plain", False), ("flipTta", True)):
        m = metrics(predict(model, x, flip_tta=flip).argmax(1), y)
        out[name] = {"accuracy": m["accuracy"], "macroF1": m["macroF1"], "disgustRecall": m["perClass"]["disgust"]["recall"]}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
