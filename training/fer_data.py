"""FER-2013 loading: the Kaggle CSV (emotion, 48x48 pixels, Usage) into uint8 arrays, cached as .npz."""
from __future__ import annotations

import csv
import gzip
import os
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = ROOT.parent / "shared" / "data" / "fer2013" / "fer2013-train-publictest.csv.gz"
CACHE = ROOT / ".cache" / "fer2013.npz"
# FER-2013 label order, which is also Emotune's (src/shared/emotion.ts).
LABELS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]


def read_csv(path: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Rows grouped by Usage: images as uint8 [N, 48, 48], labels as int64 [N]."""
    opener = gzip.open if str(path).endswith(".gz") else open
    images: dict[str, list[np.ndarray]] = {}
    labels: dict[str, list[int]] = {}
    with opener(path, "rt", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            usage = row["Usage"]
            pixels = np.array(row["pixels"].split(), dtype=np.uint8)
            if pixels.size != 48 * 48:
                raise ValueError(f"row with {pixels.size} pixels")
            images.setdefault(usage, []).append(pixels.reshape(48, 48))
            labels.setdefault(usage, []).append(int(row["emotion"]))
    return {u: (np.stack(images[u]), np.array(labels[u], dtype=np.int64)) for u in images}


def load(csv_path: Path | None = None) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Training and PublicTest splits, from the cache when it is newer than the CSV (or from the packed
    cache, .npz.xz, where there is neither: a GPU machine the data was carried to)."""
    csv_path = Path(csv_path or os.environ.get("FER2013_CSV", DEFAULT_CSV))
    packed = CACHE.with_suffix(".npz.xz")
    if not CACHE.exists() and not csv_path.exists() and packed.exists():
        import lzma
        import shutil

        with lzma.open(packed, "rb") as source, open(CACHE, "wb") as target:
            shutil.copyfileobj(source, target)
    if CACHE.exists() and (not csv_path.exists() or CACHE.stat().st_mtime >= csv_path.stat().st_mtime):
        data = np.load(CACHE)
        return {u: (data[f"{u}_x"], data[f"{u}_y"]) for u in ("Training", "PublicTest")}
    if not csv_path.exists():
        raise FileNotFoundError(f"FER-2013 CSV not found at {csv_path} (set FER2013_CSV)")
    splits = read_csv(csv_path)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    np.savez(CACHE, **{f"{u}_x": x for u, (x, _) in splits.items()}, **{f"{u}_y": y for u, (_, y) in splits.items()})
    return splits


if __name__ == "__main__":
    for usage, (x, y) in load().items():
        print(usage, x.shape, np.bincount(y, minlength=7).tolist())
