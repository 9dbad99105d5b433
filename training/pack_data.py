"""Packs FER-2013 Training + PublicTest (uint8, as fer_data caches it) into .cache/fer2013.npz.xz: 57 MB, under
the 64 MiB a lent GPU machine accepts with the working tree. fer_data.load() unpacks it where the CSV is
absent (the GPU machine has no ../shared).

    /usr/bin/python3 training/pack_data.py
"""
from __future__ import annotations

import lzma
import shutil

import fer_data


def main() -> None:
    fer_data.load()  # makes sure the .npz cache exists
    packed = fer_data.CACHE.with_suffix(".npz.xz")
    with open(fer_data.CACHE, "rb") as source, lzma.open(packed, "wb", preset=6) as target:
        shutil.copyfileobj(source, target)
    print(f"{packed}: {packed.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
