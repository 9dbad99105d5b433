"""Train an emotion network on FER-2013 Training, select on PublicTest (PrivateTest is never used).

    /usr/bin/python3 training/train.py --recipe paper --out training/runs/paper
    /usr/bin/python3 training/train.py --recipe best  --out training/runs/best

A run can be stopped and continued (--resume), and --max-minutes stops cleanly after a time budget, so long
trainings proceed in short calls (a GPU machine lent for 10 minutes at a time, or a laptop overnight).
"""
from __future__ import annotations

import argparse
import json
import math
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

import fer_data
import ferplus
from augment import random_affine, random_erasing, webcam_photometric
from models import build, keras_init

RECIPES = {
    # Paper 1 exactly: Adam (Keras default lr 1e-3), categorical cross-entropy, batch 64, Keras augmentation.
    # Keras's defaults too: Glorot-uniform kernels, zero biases, Adam epsilon 1e-7 (weight_init="keras").
    "paper": dict(model="paper", epochs=60, batch=64, lr=1e-3, optimizer="adam", schedule="none", label_smoothing=0.0,
                  balance="none", erasing=0.0, weight_decay=0.0, weight_init="keras"),
    # Our design; each choice is kept only where PublicTest says it helps (training/README.md).
    "best": dict(model="vgg-bn", epochs=80, batch=64, lr=0.01, optimizer="sgd", schedule="cosine", label_smoothing=0.1,
                 balance="sqrt-weights", erasing=0.5, weight_decay=5e-4, weight_init="torch"),
}


@dataclass
class Config:
    recipe: str
    model: str
    epochs: int
    batch: int
    lr: float
    optimizer: str
    schedule: str
    label_smoothing: float
    balance: str
    erasing: float
    weight_decay: float
    weight_init: str = "torch"  # "keras": Glorot-uniform kernels, zero biases, Adam epsilon 1e-7; "torch": PyTorch's defaults
    seed: int = 1
    init: str | None = None
    widths: list[int] = field(default_factory=lambda: [32, 64, 128, 256])
    # Issue 12's choices, each off by default so every earlier run reads as it ran:
    labels: str = "fer2013"  # "ferplus": FER+'s taggers' votes as soft labels, mixed with FER-2013's (ferplus_mix)
    ferplus_mix: float = 0.0  # weight of FER-2013's one-hot label in the soft target
    photometric: float = 0.0  # fraction of images given webcam lighting, blur and noise (augment.webcam_photometric)
    zoom: float = 0.1  # scale jitter of the crop (a Haar box on a live face moves more than FER-2013's crops)
    boost: str = ""  # extra class weights, e.g. "angry=1.5,disgust=1.5,fear=2"
    # Knowledge distillation: another model's probabilities on every Training row (scripts/dump-teacher.ts),
    # mixed into the target with weight teacher_mix (the rest FER-2013's one-hot label)
    teacher: str | None = None
    teacher_mix: float = 0.5


def metrics(pred: np.ndarray, truth: np.ndarray) -> dict:
    """Accuracy, macro-F1, per-class precision/recall/F1/support and the confusion matrix (rows: truth)."""
    k = 7
    confusion = np.zeros((k, k), dtype=np.int64)
    np.add.at(confusion, (truth, pred), 1)
    tp = np.diag(confusion).astype(float)
    precision = np.divide(tp, confusion.sum(0), out=np.zeros(k), where=confusion.sum(0) > 0)
    recall = np.divide(tp, confusion.sum(1), out=np.zeros(k), where=confusion.sum(1) > 0)
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros(k), where=(precision + recall) > 0)
    return {
        "accuracy": float(tp.sum() / confusion.sum()),
        "macroF1": float(f1.mean()),
        "perClass": {
            fer_data.LABELS[i]: {"precision": float(precision[i]), "recall": float(recall[i]), "f1": float(f1[i]),
                                 "support": int(confusion[i].sum())}
            for i in range(k)
        },
        "confusion": confusion.tolist(),
    }


def to_tensor(x: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(x).float().div_(255).unsqueeze(1)  # pixels / 255, as paper 1


@torch.no_grad()
def predict(model: torch.nn.Module, x: np.ndarray, flip_tta: bool = False, batch: int = 512) -> np.ndarray:
    model.eval()
    out = []
    for i in range(0, len(x), batch):
        xb = to_tensor(x[i : i + batch])
        p = F.softmax(model(xb), dim=1)
        if flip_tta:
            p = (p + F.softmax(model(torch.flip(xb, dims=[3])), dim=1)) / 2
        out.append(p.numpy())
    return np.concatenate(out)


def class_weights(y: np.ndarray, mode: str) -> torch.Tensor | None:
    if mode == "none":
        return None
    counts = np.bincount(y, minlength=7).astype(float)
    w = (counts.sum() / (7 * counts)) ** (0.5 if mode == "sqrt-weights" else 1.0)
    return torch.tensor(w / w.mean(), dtype=torch.float32)


def resolve_precision(requested: str, device: torch.device) -> str:
    """bf16 autocast where the hardware computes it natively, else fp32."""
    if requested != "auto":
        return requested
    if device.type == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp32"
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return "fp32"
    return "bf16" if ("avx512_bf16" in flags or "amx_bf16" in flags) else "fp32"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe", choices=RECIPES, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--max-minutes", type=float, default=math.inf, help="stop (resumably) after this long")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--precision", choices=["auto", "fp32", "bf16"], default="auto",
                        help="training arithmetic: bf16 autocast (4x faster on CPUs with AVX512-BF16 or AMX, and on GPUs) or "
                             "fp32; auto picks bf16 where the hardware has it. Evaluation and the exported weights are fp32.")
    parser.add_argument("--init", type=Path, default=None,
                        help="start from this checkpoint's weights with a new optimizer and schedule (a warm restart). From "
                             "a run's last.pt its history and epoch count go on, and --epochs is the total")
    parser.add_argument("--widths", default=None, help="VGG block widths, e.g. 64,128,256,512 (vgg-bn only)")
    parser.add_argument("--labels", choices=["fer2013", "ferplus"], default=None)
    parser.add_argument("--ferplus-mix", type=float, default=None, help="FER-2013 one-hot weight in the FER+ soft target")
    parser.add_argument("--teacher", default=None,
                        help="distil: a float32 file of another model's probabilities on the Training rows (scripts/dump-teacher.ts)")
    parser.add_argument("--teacher-mix", type=float, default=None, help="the teacher's weight in the soft target (default 0.5)")
    parser.add_argument("--photometric", type=float, default=None, help="fraction of images with webcam lighting/blur/noise")
    parser.add_argument("--zoom", type=float, default=None, help="crop scale jitter (Keras zoom_range)")
    parser.add_argument("--boost", default=None, help='extra class weights, e.g. "angry=1.5,fear=2"')
    parser.add_argument("--seed", type=int, default=None, help="initialisation and data order (1 unless given)")
    parser.add_argument("--no-expressions", action="store_true", help="do not score ../shared/data/expressions each epoch")
    for key, value in RECIPES["paper"].items():
        if key != "model":
            parser.add_argument(f"--{key.replace('_', '-')}", type=type(value), default=None)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    overrides = {k: getattr(args, k) for k in RECIPES["paper"] if k != "model" and getattr(args, k, None) is not None}
    config = Config(recipe=args.recipe, **{**RECIPES[args.recipe], **overrides})
    if config.schedule not in ("none", "cosine", "plateau"):
        parser.error(f"--schedule must be none, cosine or plateau, not {config.schedule}")
    if config.weight_init not in ("keras", "torch"):
        parser.error(f"--weight-init must be keras or torch, not {config.weight_init}")
    if args.widths:
        config.widths = [int(w) for w in args.widths.split(",")]
    for key in ("labels", "ferplus_mix", "photometric", "zoom", "boost", "seed", "teacher", "teacher_mix"):
        if getattr(args, key) is not None:
            setattr(config, key, getattr(args, key))
    init_state = torch.load(args.init, map_location="cpu") if args.init else None
    if init_state is not None:
        config.init = str(args.init)
        init_config = init_state.get("config") or {}
        config.widths = init_config.get("widths") or config.widths
        config.model = init_config.get("model", config.model)  # e.g. face-dense from import_faceapi.py
    if args.resume and (args.out / "config.json").exists():
        saved = json.loads((args.out / "config.json").read_text())
        for key in ("labels", "ferplus_mix", "photometric", "zoom", "boost", "seed", "teacher", "teacher_mix"):
            if key in saved and getattr(args, key) is None:
                setattr(config, key, saved[key])
    args.out.mkdir(parents=True, exist_ok=True)
    device = torch.device(args.device)
    precision = resolve_precision(args.precision, device)
    print(f"torch {torch.__version__}, {device}, {torch.get_num_threads()} threads, {precision} training", flush=True)

    data = fer_data.load()
    x_train, y_train = data["Training"]
    x_val, y_val = data["PublicTest"]
    targets_train = None
    if config.labels == "ferplus":
        votes = ferplus.load_votes()
        targets_train = ferplus.soft_targets(votes["Training"], y_train, config.ferplus_mix)
    if config.teacher:
        if targets_train is not None:
            raise SystemExit("--teacher and --labels ferplus are exclusive")
        taught = np.fromfile(config.teacher, dtype=np.float32).reshape(-1, 7)
        if len(taught) != len(y_train):
            raise SystemExit(f"{config.teacher}: {len(taught)} rows, Training has {len(y_train)}")
        mix = config.teacher_mix
        targets_train = (mix * taught + (1 - mix) * np.eye(7, dtype=np.float32)[y_train]).astype(np.float32)
        print(f"distilling {config.teacher} (teacher weight {mix}; its Training accuracy "
              f"{float((taught.argmax(1) == y_train).mean()):.4f})", flush=True)
    expressions = None
    if not args.no_expressions:
        import expressions as expressions_set

        try:
            expressions = expressions_set.load_crops()
        except FileNotFoundError:
            print("no .cache/expressions-crops (node scripts/dump-live-crops.ts): expressions not scored", flush=True)
    torch.manual_seed(config.seed)
    model = build(asdict(config))
    if config.weight_init == "keras":
        keras_init(model)
    model = model.to(device)
    model = model.to(memory_format=torch.channels_last)  # faster convolutions on CPU (oneDNN) and GPU
    history: list[dict] = []
    start_epoch = 0
    if init_state is not None and not (args.resume and (args.out / "last.pt").exists()):
        model.load_state_dict(init_state["model"])
        history = list(init_state.get("history", []))
        start_epoch = len(history)
        print(f"starting from the weights of {config.init} (epoch {start_epoch})", flush=True)
    params = [p for p in model.parameters()]
    if config.optimizer == "adam":
        optimizer = torch.optim.Adam(params, lr=config.lr, weight_decay=config.weight_decay,
                                     eps=1e-7 if config.weight_init == "keras" else 1e-8)
    else:
        optimizer = torch.optim.SGD(params, lr=config.lr, momentum=0.9, nesterov=True, weight_decay=config.weight_decay)
    steps_per_epoch = math.ceil(len(x_train) / config.batch)
    # cosine: one cycle over the whole run, stepped per batch. plateau: Keras's ReduceLROnPlateau (the usual
    # companion of paper 1's Keras recipe, which names no schedule): halve the rate when PublicTest accuracy
    # has not improved for 3 epochs, stepped per epoch.
    scheduler = (
        torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=config.lr, total_steps=(config.epochs - start_epoch) * steps_per_epoch,
                                            pct_start=0.1, anneal_strategy="cos")
        if config.schedule == "cosine" else
        torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.5, patience=3, min_lr=1e-5)
        if config.schedule == "plateau" else None
    )
    per_batch_schedule = config.schedule == "cosine"
    weights = class_weights(y_train, config.balance)
    if config.boost:
        weights = weights if weights is not None else torch.ones(7)
        for item in config.boost.split(","):
            name, value = item.split("=")
            weights[fer_data.LABELS.index(name.strip())] *= float(value)
        weights = weights / weights.mean()
    best_accuracy = -1.0
    rng = np.random.default_rng(config.seed + start_epoch)  # a warm restart does not replay the first epochs' order
    torch.manual_seed(config.seed + start_epoch)
    last_path, best_path = args.out / "last.pt", args.out / "best.pt"
    if args.resume and last_path.exists():
        state = torch.load(last_path, map_location=device)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        if scheduler and state.get("scheduler"):
            scheduler.load_state_dict(state["scheduler"])
        history, start_epoch, best_accuracy = state["history"], state["epoch"], state["best_accuracy"]
        rng = np.random.default_rng(config.seed + start_epoch)
        torch.manual_seed(config.seed + start_epoch)
        print(f"resumed at epoch {start_epoch}, best PublicTest accuracy {best_accuracy:.4f}", flush=True)
    (args.out / "config.json").write_text(json.dumps(asdict(config), indent=2) + "\n")

    started = time.time()
    for epoch in range(start_epoch, config.epochs):
        epoch_started = time.time()
        model.train()
        order = rng.permutation(len(x_train))
        total_loss = 0.0
        for i in range(0, len(order), config.batch):
            idx = order[i : i + config.batch]
            xb = random_affine(to_tensor(x_train[idx]), zoom=config.zoom)
            if config.photometric > 0:
                xb = webcam_photometric(xb, p=config.photometric)
            if config.erasing > 0:
                xb = random_erasing(xb, p=config.erasing)
            yb = torch.from_numpy(targets_train[idx] if targets_train is not None else y_train[idx])
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=precision == "bf16"):
                logits = model(xb.to(device).contiguous(memory_format=torch.channels_last)).float()
            loss = F.cross_entropy(logits, yb.to(device), weight=None if weights is None else weights.to(device),
                                   label_smoothing=config.label_smoothing)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if scheduler and per_batch_schedule:
                scheduler.step()
            total_loss += float(loss.detach()) * len(idx)
        model.cpu()
        result = metrics(predict(model, x_val).argmax(1), y_val)
        model.to(device)
        lr = optimizer.param_groups[0]["lr"]
        if scheduler and not per_batch_schedule:
            scheduler.step(result["accuracy"])
        entry = {"epoch": epoch + 1, "precision": precision, "lr": lr, "loss": total_loss / len(order), "publicTestAccuracy": result["accuracy"],
                 "publicTestMacroF1": result["macroF1"], "seconds": round(time.time() - epoch_started, 1)}
        if expressions is not None:
            model.cpu()
            ex = expressions_set.score(expressions_set.probabilities(model, expressions[0]), expressions[1], expressions[3])
            model.to(device)
            entry["expressions"] = {k: ex[k] for k in ("accuracy", "macroF1", "recall")}
        history.append(entry)
        print(json.dumps(entry), flush=True)
        if result["accuracy"] > best_accuracy:
            best_accuracy = result["accuracy"]
            torch.save({"model": model.state_dict(), "config": asdict(config), "epoch": epoch + 1, "metrics": result}, best_path)
        torch.save({"model": model.state_dict(), "config": asdict(config), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict() if scheduler else None, "history": history,
                    "epoch": epoch + 1, "best_accuracy": best_accuracy}, last_path)
        (args.out / "history.json").write_text(json.dumps(history, indent=1) + "\n")
        if (time.time() - started) / 60 > args.max_minutes and epoch + 1 < config.epochs:
            print(f"time budget reached after epoch {epoch + 1}; continue with --resume", flush=True)
            return
    print(json.dumps({"done": True, "bestPublicTestAccuracy": best_accuracy}), flush=True)


if __name__ == "__main__":
    main()
