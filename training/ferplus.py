"""FER+ (Barsoum et al. 2016): ten crowd taggers' votes per FER-2013 row, as soft labels over Emotune's seven.

Column order in the CSV: neutral, happiness, surprise, sadness, anger, disgust, fear, contempt, unknown, NF.
Contempt is dropped (FER-2013's seven have no such class, and folding it into disgust or anger would mix two
expressions FER+'s taggers told apart), as are unknown and NF. A row left with no votes among the seven (all
unknown, not a face or contempt) keeps FER-2013's own label.
"""
from __future__ import annotations

import csv
import gzip
from pathlib import Path

import numpy as np

import fer_data

DEFAULT_CSV = fer_data.ROOT.parent / "shared" / "data" / "ferplus" / "fer2013new-train-publictest.csv.gz"
CACHE = fer_data.ROOT / ".cache" / "ferplus.npz"
# FER+ column -> index in fer_data.LABELS (angry, disgust, fear, happy, sad, surprise, neutral)
COLUMNS = {"neutral": 6, "happiness": 3, "surprise": 5, "sadness": 4, "anger": 0, "disgust": 1, "fear": 2}


def load_votes(path: Path = DEFAULT_CSV) -> dict[str, np.ndarray]:
    """Votes per usage as float32 [N, 7] in fer_data.LABELS order, plus [N] not-a-face votes."""
    if CACHE.exists() and (not path.exists() or CACHE.stat().st_mtime >= path.stat().st_mtime):
        data = np.load(CACHE)
        return {k: data[k] for k in data.files}
    votes: dict[str, list[list[float]]] = {}
    nf: dict[str, list[float]] = {}
    with gzip.open(path, "rt", newline="") as handle:
        for row in csv.DictReader(handle):
            v = [0.0] * 7
            for column, k in COLUMNS.items():
                v[k] = float(row[column])
            votes.setdefault(row["Usage"], []).append(v)
            nf.setdefault(row["Usage"], []).append(float(row["NF"]))
    out = {**{u: np.array(v, dtype=np.float32) for u, v in votes.items()}, **{f"{u}_nf": np.array(v, dtype=np.float32) for u, v in nf.items()}}
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    np.savez(CACHE, **out)
    return out


def soft_targets(votes: np.ndarray, fer_labels: np.ndarray, mix: float) -> np.ndarray:
    """(1 - mix) x the taggers' distribution + mix x FER-2013's one-hot label; rows without votes: the one-hot."""
    onehot = np.eye(7, dtype=np.float32)[fer_labels]
    total = votes.sum(1, keepdims=True)
    dist = np.where(total > 0, votes / np.maximum(total, 1), onehot)
    return (1 - mix) * dist + mix * onehot


if __name__ == "__main__":
    v = load_votes()
    data = fer_data.load()
    for usage in ("Training", "PublicTest"):
        y = data[usage][1]
        majority = v[usage].argmax(1)
        agree = float((majority == y)[v[usage].sum(1) > 0].mean())
        print(usage, v[usage].shape, "majority = FER-2013 label:", round(agree, 3),
              "majority counts:", np.bincount(majority, minlength=7).tolist(), "FER-2013 counts:", np.bincount(y, minlength=7).tolist())
