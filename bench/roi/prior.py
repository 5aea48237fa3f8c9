#!/usr/bin/env python3
"""The input-blind position prior of docs/roi-mining.md: the mean training mask of each lung,
thresholded at 1/2, scored (Dice, eq. 14, two empty masks count 1) on every held-out mask.

Synthetic lungs sit at similar places in every image, so this is what a segmentation scores
without looking at the image; every Dice of the comparison is read against it.
Usage: prior.py TRAIN_MASKS TEST_MASKS   (folders of NAME.left-lung.pgm / NAME.right-lung.pgm)
"""
import os
import sys


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    # Binary P5 as `dcg data synth` writes it: magic, width height, maxval, each on its own line.
    magic, size, maxval, pixels = data.split(b"\n", 3)
    if magic != b"P5" or maxval != b"255":
        raise ValueError(f"{path}: not an 8-bit binary PGM")
    width, height = map(int, size.split())
    if len(pixels) != width * height:
        raise ValueError(f"{path}: {len(pixels)} bytes for {width}x{height}")
    return [p != 0 for p in pixels]


def masks(folder, organ):
    names = sorted(n for n in os.listdir(folder) if n.endswith(f".{organ}.pgm"))
    if not names:
        raise SystemExit(f"no *.{organ}.pgm in {folder}")
    return [read_pgm(os.path.join(folder, n)) for n in names]


def dice(truth, predicted):
    a = sum(truth)
    b = sum(predicted)
    both = sum(1 for t, p in zip(truth, predicted) if t and p)
    return 1.0 if a + b == 0 else 2.0 * both / (a + b)


def main():
    train, test = sys.argv[1], sys.argv[2]
    for organ in ("left-lung", "right-lung"):
        training = masks(train, organ)
        counts = [sum(column) for column in zip(*training)]
        prior = [2 * c > len(training) for c in counts]
        scores = [dice(m, prior) for m in masks(test, organ)]
        print(f"{organ}: prior from {len(training)} training masks, Dice {sum(scores) / len(scores):.3f} on {len(scores)} held-out masks")


if __name__ == "__main__":
    main()
