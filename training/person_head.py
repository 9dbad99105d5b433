"""Does a per-person head on the networks' features beat calibrating the default model's answers? (issue 12:
"a small per-user head if you can show it helps"). JSON on stdout.

    node scripts/dump-member-features.ts                 # once: .cache/expressions-features.json
    .venv/bin/python training/person_head.py [--l2 0.1]

On the posed photos of ../shared/data/expressions, leave one performer out: everything is fitted on the other
performers' photos and scored on the held-out performer's, whose neutral photos alone are their calibration
(a neutral photo is scored with the mean of their *other* neutral photos, as `npm run eval:calibration` does;
performers without neutral photos are left out, and photos without one face count wrong). Three ways, each with
the same fit (class-balanced cross-entropy, L-BFGS) of the duo's combined answer z, in the camera correction's
form (z / T + offset, L2 0.01 on the offset):

- `correction`: that alone, no use of the person's neutral photos;
- `restingOffset`: plus the app's calibration, the person's resting-face offset at weight 1/2 (aimed at the
  duo's resting reference as corrected);
- `personHead`: plus a linear head (L2 --l2 on its weights) on both networks' last hidden layers (256 + 256)
  *minus the person's mean over their neutral photos*, so it reads how far a face has moved from that person's
  resting face (the "delta" features of person-specific expression recognition).

This script's fits are its own (plain L-BFGS, the offset's temperature free), so its figures differ from the
app's by a point or so; the comparison between the three rows is the point.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

LABELS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
NEUTRAL = LABELS.index("neutral")
ROOT = Path(__file__).resolve().parent.parent


def log(p: np.ndarray) -> np.ndarray:
    return np.log(np.clip(p, 1e-6, 1.0))


def log_softmax(z: np.ndarray) -> np.ndarray:
    m = z.max(-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(-1, keepdims=True))


def fit(base: np.ndarray, y: np.ndarray, x: np.ndarray, l2: float) -> tuple[float, np.ndarray, np.ndarray]:
    """z / T + offset + x W, class-balanced cross-entropy + 0.01 |offset|^2 + l2 |W|^2."""
    B = torch.tensor(base, dtype=torch.float64)
    X = torch.tensor(x, dtype=torch.float64)
    Y = torch.tensor(y)
    counts = torch.bincount(Y, minlength=7).double()
    weight = len(Y) / (7 * counts.clamp(min=1))
    inv_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    offset = torch.zeros(7, dtype=torch.float64, requires_grad=True)
    W = torch.zeros(X.shape[1], 7, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([inv_t, offset, W], max_iter=300, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        logits = B * torch.exp(inv_t) + offset + X @ W
        loss = torch.nn.functional.cross_entropy(logits, Y, weight=weight) + 0.01 * (offset**2).sum() + l2 * (W**2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return float(torch.exp(inv_t).detach()), offset.detach().numpy(), W.detach().numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", type=Path, default=ROOT / ".cache" / "expressions-features.json")
    parser.add_argument("--l2", type=float, default=0.1, help="the head's L2 strength (per squared weight)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    data = json.loads(args.features.read_text())
    duo = json.loads((ROOT / "assets/models/emotune-duo/emotune-model.json").read_text())
    face_api = json.loads((ROOT / "assets/models/face-api-expression/emotune-model.json").read_text())
    reference = log(np.array(duo["restingReference"]))
    rows = [r for r in data["rows"] if r["faces"] == 1]
    y = np.array([LABELS.index(r["expression"]) for r in rows])
    person = np.array([r["subject"] for r in rows])
    side = np.array([r["side"] for r in rows], dtype=np.float64)
    # The duo's answer as the app combines it (ensemble.ts): the members' log-probabilities weighted, face-api's
    # tempered and weighed in over its face-size ramp.
    first, second = duo["members"]
    vgg = log(np.array([r["vgg"]["p"] for r in rows]))
    fa = log_softmax(log(np.array([r["faceApi"]["p"] for r in rows])) / face_api["temperature"])
    ramp = np.clip((side - second["minFacePx"]) / (second["fullFacePx"] - second["minFacePx"]), 0, 1)[:, None]
    w1, w2 = first["weight"], second["weight"] * ramp
    z = (w1 * vgg + w2 * fa) / (w1 + w2)
    hidden = np.hstack([np.array([r["vgg"]["h"] for r in rows]), np.array([r["faceApi"]["h"] for r in rows])])
    # Photos without one face count wrong: per performer, their posed expressions.
    missing: dict[str, list[int]] = {}
    for r in data["rows"]:
        if r["faces"] != 1:
            missing.setdefault(r["subject"], []).append(LABELS.index(r["expression"]))

    def neutral_mean(i: int, values: np.ndarray) -> np.ndarray | None:
        others = [j for j in np.where((person == person[i]) & (y == NEUTRAL))[0] if j != i]
        return values[others].mean(0) if others else None

    methods = ("correction", "restingOffset", "personHead")
    right = {m: 0 for m in methods}
    recall = {m: np.zeros(7) for m in methods}
    support = np.zeros(7)
    total = 0
    people = [p for p in sorted(set(person)) if ((person == p) & (y == NEUTRAL)).any()]
    for held in people:
        train = np.where(person != held)[0]
        t, offset, _ = fit(z[train], y[train], np.zeros((len(train), 0)), 0.0)
        # The head's training rows: each other performer's photos as deltas from their own neutral mean.
        deltas = [(i, neutral_mean(i, hidden)) for i in train]
        rows_h = [i for i, m in deltas if m is not None]
        x_h = np.array([hidden[i] - m for i, m in deltas if m is not None])
        mu, sd = x_h.mean(0), x_h.std(0) + 1e-6
        th, offset_h, W = fit(z[rows_h], y[rows_h], (x_h - mu) / sd, args.l2)
        corrected_reference = log_softmax(reference * t + offset)
        scored = 0
        for i in np.where(person == held)[0]:
            m_h = neutral_mean(i, hidden)
            if m_h is None:
                continue
            scored += 1
            support[y[i]] += 1
            corrected = log_softmax(z[i] * t + offset)
            resting = np.mean([log_softmax(z[j] * t + offset) for j in np.where((person == held) & (y == NEUTRAL))[0] if j != i], 0)
            answers = {
                "correction": corrected,
                "restingOffset": corrected + 0.5 * (corrected_reference - resting),
                "personHead": z[i] * th + offset_h + ((hidden[i] - m_h - mu) / sd) @ W,
            }
            for name, a in answers.items():
                hit = int(a.argmax() == y[i])
                right[name] += hit
                recall[name][y[i]] += hit
        for label in missing.get(held, []):
            support[label] += 1
        total += scored + len(missing.get(held, []))
    print(json.dumps({
        "photos": total,
        "performers": len(people),
        "l2": args.l2,
        **{m: {"accuracy": round(right[m] / total, 4), "recall": {LABELS[k]: round(recall[m][k] / max(1, support[k]), 3) for k in range(7)}} for m in methods},
    }, indent=1))


if __name__ == "__main__":
    main()
