"""Score checkpoints on real photos through the app's live-path crops (scripts/dump-live-crops.ts writes them:
Haar face, FER-2013 framing, 48x48), as `emotune eval --labels` does: a photo without exactly one face counts
as wrong. Used to check each training choice on people FER-2013 never saw (issue 12), beside PublicTest.

    node scripts/dump-live-crops.ts            # once: .cache/expressions-crops.{bin,json}
    python3 training/expressions.py training/runs/x/best.pt [more.pt ...]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

import fer_data
from models import build
from train import metrics

DEFAULT = fer_data.ROOT / ".cache" / "expressions-crops"


def load_crops(stem: Path = DEFAULT) -> tuple[np.ndarray, np.ndarray, list[str], int]:
    """Faces [N, 48, 48] float32 in [0, 1], labels [N], subjects, and how many photos had no single face."""
    meta = json.loads(stem.with_suffix(".json").read_text())
    size = meta["size"]
    x = np.fromfile(stem.with_suffix(".bin"), dtype=np.float32).reshape(-1, size, size)
    y = np.array([fer_data.LABELS.index(f["expression"]) for f in meta["faces"]], dtype=np.int64)
    missed = np.array([fer_data.LABELS.index(f["expression"]) for f in meta["notOneFace"]], dtype=np.int64)
    return x, y, [f["subject"] for f in meta["faces"]], missed


@torch.no_grad()
def probabilities(model: torch.nn.Module, x: np.ndarray) -> np.ndarray:
    model.eval()
    return torch.softmax(model(torch.from_numpy(x).unsqueeze(1)), dim=1).numpy()


def score(probs: np.ndarray, y: np.ndarray, missed: np.ndarray) -> dict:
    """Live-path figures: photos without one face are wrong answers (a class no prediction has)."""
    m = metrics(probs.argmax(1), y)
    total = len(y) + len(missed)
    recall = {}
    for k, name in enumerate(fer_data.LABELS):
        support = int((y == k).sum() + (missed == k).sum())
        recall[name] = round(float(((probs.argmax(1) == k) & (y == k)).sum() / max(1, support)), 3)
    confidence = probs.max(1)
    correct = probs.argmax(1) == y
    bins = np.minimum((confidence * 10).astype(int), 9)
    ece = sum(abs(correct[bins == b].mean() - confidence[bins == b].mean()) * (bins == b).sum() for b in range(10) if (bins == b).any()) / len(y)
    f1 = []
    for k in range(7):
        p = m["perClass"][fer_data.LABELS[k]]["precision"]
        r = recall[fer_data.LABELS[k]]
        f1.append(2 * p * r / (p + r) if p + r > 0 else 0.0)
    return {"accuracy": round(float(correct.sum() / total), 4), "macroF1": round(float(np.mean(f1)), 4), "ece": round(float(ece), 4),
            "recall": recall, "neutralAnswers": int((probs.argmax(1) == 6).sum())}


def load_checkpoint(path: Path) -> torch.nn.Module:
    state = torch.load(path, map_location="cpu")
    model = build(state["config"])
    model.load_state_dict(state["model"])
    return model.eval()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoint", type=Path, nargs="+")
    parser.add_argument("--crops", type=Path, default=DEFAULT)
    args = parser.parse_args()
    x, y, _, missed = load_crops(args.crops)
    for path in args.checkpoint:
        print(json.dumps({"checkpoint": str(path), **score(probabilities(load_checkpoint(path), x), y, missed)}))


if __name__ == "__main__":
    main()
