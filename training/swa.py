"""Stochastic weight averaging (Izmailov et al., "Averaging Weights Leads to Wider Optima and Better
Generalization", 2018) over the ends of warm-restart cycles: the weights of the given checkpoints are averaged,
batch-norm statistics are recomputed on Training (the averaged network's own activations; the inputs' statistics
are the old ones' mix, not its own), and the result is scored on PublicTest and saved as a run folder that
evaluate.py, export_tfjs.py and scripts/model-card.ts read like any other.

    /usr/bin/python3 training/swa.py training/runs/best-restart/last.pt training/runs/best-restart2/last.pt \
        --out training/runs/best-swa

Each checkpoint should end a cycle of the schedule (a run's last.pt), all of one architecture.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

import fer_data
from augment import random_affine, random_erasing
from models import build
from train import metrics, predict, to_tensor


def average_weights(states: list[dict]) -> dict:
    """Mean of every floating-point tensor; integer buffers (batch norm's counters) from the last checkpoint."""
    keys = states[-1].keys()
    if any(s.keys() != keys for s in states):
        raise SystemExit("the checkpoints do not share one architecture")
    return {k: torch.stack([s[k].float() for s in states]).mean(0) if states[-1][k].is_floating_point() else states[-1][k]
            for k in keys}


@torch.no_grad()
def recompute_batch_norm(model: torch.nn.Module, x: np.ndarray, erasing: float, seed: int, batch: int = 256) -> None:
    """Batch-norm running statistics as an exact average over one augmented pass of Training (the training
    pipeline's augmentation, so they match those of a network trained the usual way)."""
    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # cumulative moving average
    torch.manual_seed(seed)
    model.train()
    order = np.random.default_rng(seed).permutation(len(x))
    for i in range(0, len(order), batch):
        xb = random_affine(to_tensor(x[order[i : i + batch]]))
        model(random_erasing(xb, p=erasing) if erasing > 0 else xb)
    model.eval()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoints", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if len(args.checkpoints) < 2:
        raise SystemExit("give at least two checkpoints to average")
    loaded = [torch.load(p, map_location="cpu") for p in args.checkpoints]
    config = dict(loaded[-1]["config"])
    model = build(config)
    model.load_state_dict(average_weights([s["model"] for s in loaded]))
    data = fer_data.load()
    recompute_batch_norm(model, data["Training"][0], config.get("erasing", 0.0), config.get("seed", 1))
    x_val, y_val = data["PublicTest"]
    result = metrics(predict(model, x_val).argmax(1), y_val)
    config["swa"] = [str(p) for p in args.checkpoints]
    history = list(loaded[-1].get("history", []))
    epoch = loaded[-1].get("epoch", len(history))
    args.out.mkdir(parents=True, exist_ok=True)
    torch.save({"model": model.state_dict(), "config": config, "epoch": epoch, "metrics": result}, args.out / "best.pt")
    (args.out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    (args.out / "history.json").write_text(json.dumps(history, indent=1) + "\n")
    summary = {"averaged": config["swa"], "publicTestAccuracy": result["accuracy"], "publicTestMacroF1": result["macroF1"],
               "disgustRecall": result["perClass"]["disgust"]["recall"],
               "inputs": [{"checkpoint": str(p), "epoch": s.get("epoch"),
                           "publicTestAccuracy": (s.get("history") or [{}])[-1].get("publicTestAccuracy")}
                          for p, s in zip(args.checkpoints, loaded)]}
    (args.out / "swa.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
