"""Training speed of each network on this machine: ms per batch of 64 (forward, backward, Adam step, with the
paper's augmentation) in fp32 and in bf16 autocast, channels-last. Prints JSON.

    python3 training/bench_step.py [--threads 2] [--steps 40]
"""
from __future__ import annotations

import argparse
import json
import math
import time

import numpy as np
import torch
import torch.nn.functional as F

import fer_data
from augment import random_affine
from models import MODELS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    x, y = fer_data.load()["Training"]
    steps_per_epoch = math.ceil(len(x) / 64)
    rows = []
    for name in MODELS:
        for precision in ("fp32", "bf16"):
            torch.manual_seed(0)
            model = MODELS[name]().to(memory_format=torch.channels_last).train()
            optimizer = torch.optim.Adam(model.parameters(), 1e-3)
            rng = np.random.default_rng(0)
            started = 0.0
            for step in range(args.steps + 5):
                if step == 5:
                    started = time.perf_counter()
                idx = rng.integers(0, len(x), 64)
                xb = random_affine(torch.from_numpy(x[idx]).float().div_(255).unsqueeze(1))
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
                    logits = model(xb.contiguous(memory_format=torch.channels_last))
                loss = F.cross_entropy(logits, torch.from_numpy(y[idx]))
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
            ms = (time.perf_counter() - started) / args.steps * 1000
            rows.append({"model": name, "precision": precision, "msPerBatch": round(ms, 1),
                         "minutesPerEpoch": round(ms * steps_per_epoch / 60000, 2)})
            print(json.dumps(rows[-1]), flush=True)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": rows}))


if __name__ == "__main__":
    main()
