"""PublicTest metrics of a checkpoint: plain, with horizontal-flip test-time augmentation, and with post-hoc
logit adjustment (Menon et al., "Long-tail learning via logit adjustment", ICLR 2021).

    /usr/bin/python3 training/evaluate.py training/runs/best/best.pt
    /usr/bin/python3 training/evaluate.py runs/a/best.pt runs/b/best.pt   # an ensemble: mean probabilities

Logit adjustment subtracts tau * log(prior) from the logits, prior being the Training set's class frequencies,
which moves decisions towards rare classes (disgust is 1.5 % of Training). tau is the one number chosen here, on
PublicTest by macro-F1, like the checkpoint itself; tau = 0 is the plain model. Were it to help, it would fold
into the last layer's bias at export (no cost in the app); measured in training/README.md.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

import fer_data
from models import build
from train import metrics, predict

TAU_GRID = np.round(np.arange(0.0, 1.51, 0.05), 2)


def load_checkpoint(path: Path) -> torch.nn.Module:
    state = torch.load(path, map_location="cpu")
    model = build(state["config"])
    model.load_state_dict(state["model"])
    return model.eval()


def log_prior(y_train: np.ndarray) -> np.ndarray:
    counts = np.bincount(y_train, minlength=len(fer_data.LABELS)).astype(np.float64)
    return np.log(counts / counts.sum())


def adjusted_predictions(probs: np.ndarray, log_p: np.ndarray, tau: float) -> np.ndarray:
    """argmax of (logits - tau * log prior); log-softmax differs from the logits by a per-row constant."""
    return (np.log(np.clip(probs, 1e-12, None)) - tau * log_p).argmax(1)


def summary(m: dict) -> dict:
    return {"accuracy": m["accuracy"], "macroF1": m["macroF1"], "disgustRecall": m["perClass"]["disgust"]["recall"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoint", type=Path, nargs="+", help="several: their mean probabilities (an ensemble)")
    args = parser.parse_args()
    data = fer_data.load()
    x, y = data["PublicTest"]
    log_p = log_prior(data["Training"][1])
    models = [load_checkpoint(path) for path in args.checkpoint]
    out = {}
    for name, flip in (("plain", False), ("flipTta", True)):
        probs = np.mean([predict(model, x, flip_tta=flip) for model in models], axis=0)
        out[name] = summary(metrics(probs.argmax(1), y))
        sweep = [(tau, metrics(adjusted_predictions(probs, log_p, tau), y)) for tau in TAU_GRID]
        tau, best = max(sweep, key=lambda s: s[1]["macroF1"])
        out[f"{name}LogitAdjusted"] = {"tau": float(tau), **summary(best)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
