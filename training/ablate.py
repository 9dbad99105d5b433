"""The ablation of the `best` recipe: the full recipe, then one choice taken out at a time, each trained the
same number of epochs and scored on PublicTest (with and without flip TTA). Writes runs/ablation/summary.json
and a Markdown table for training/README.md. Resumable: finished variants are skipped, a stopped one resumes,
so it runs in short calls (--max-minutes) on a lent GPU.

    /usr/bin/python3 training/ablate.py --epochs 60 --max-minutes 9
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VARIANTS = {
    "best": [],
    "no-label-smoothing": ["--label-smoothing", "0"],
    "no-class-weights": ["--balance", "none"],
    "no-random-erasing": ["--erasing", "0"],
    "constant-lr": ["--schedule", "none", "--lr", "0.005"],
    "wider": ["--widths", "64,128,256,512"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--max-minutes", type=float, default=1e9)
    parser.add_argument("--out", type=Path, default=HERE / "runs" / "ablation")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    started = time.time()
    summary_path = args.out / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    for name, extra in VARIANTS.items():
        if args.only and name not in args.only or name in summary:
            continue
        left = args.max_minutes - (time.time() - started) / 60
        if left <= 0.5:
            break
        run = args.out / name
        command = [sys.executable, str(HERE / "train.py"), "--recipe", "best", "--out", str(run), "--resume",
                   "--epochs", str(args.epochs), "--max-minutes", str(left - 0.5), *extra]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        if '"done": true' not in output:
            break  # out of time: the next call resumes this variant
        scores = json.loads(subprocess.run([sys.executable, str(HERE / "evaluate.py"), str(run / "best.pt")],
                                           capture_output=True, text=True, check=True).stdout)
        summary[name] = scores
        args.out.mkdir(parents=True, exist_ok=True)
        summary_path.write_text(json.dumps(summary, indent=2) + "\n")
    rows = ["| variant | accuracy | macro-F1 | disgust recall | accuracy with flip TTA | macro-F1 logit-adjusted (tau) |",
            "| --- | --- | --- | --- | --- | --- |"]
    for name, s in summary.items():
        adjusted = s.get("plainLogitAdjusted")
        rows.append(f"| {name} | {s['plain']['accuracy']:.1%} | {s['plain']['macroF1']:.3f} | "
                    f"{s['plain']['disgustRecall']:.2f} | {s['flipTta']['accuracy']:.1%} | "
                    + (f"{adjusted['macroF1']:.3f} ({adjusted['tau']:g}) |" if adjusted else "- |"))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
