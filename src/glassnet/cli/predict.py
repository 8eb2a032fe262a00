"""``glassnet predict RUN_DIR INPUT``: classify an image file or a .npy array with a saved run."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy

from .errors import CLIError
from .runs import load_model

NAME = "predict"
HELP = "Classify an image (PNG/JPEG) or a .npy array with a saved run; prints the top-3 classes."


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet predict``."""
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'glassnet train'")
    p.add_argument("input", metavar="INPUT", help="an image file, or a .npy array of one or more samples")
    p.add_argument("--top", type=int, default=3, help="how many classes to show")
    p.add_argument("--no-invert", action="store_true",
                   help="do not invert dark-on-light images (the training digits are light on dark)")


def load_image(path: Path, shape: tuple[int, ...], invert: bool = True) -> numpy.ndarray:
    """Read an image as grayscale, resize to the model's H x W, scale to [0, 1] like the training data."""
    try:
        from PIL import Image
    except ImportError:
        raise CLIError("reading images needs Pillow: pip install 'glassnet[images]'") from None
    try:
        img = Image.open(path)
        img.load()
    except (OSError, ValueError) as e:
        raise CLIError(f"cannot read image {path}: {e}") from None
    c, h, w = shape
    img = img.convert("L" if c == 1 else "RGB")
    # Box filtering averages each output pixel's area: no ringing when a big drawing shrinks to 8x8.
    shrink = img.width >= w and img.height >= h
    img = img.resize((w, h), Image.Resampling.BOX if shrink else Image.Resampling.BILINEAR)
    x = numpy.asarray(img, dtype=numpy.float32) / 255.0
    # A digit drawn dark on a light background is the opposite of MNIST/digits: flip it.
    if invert and x.mean() > 0.5:
        x = 1.0 - x
    return x.reshape(1, h, w) if c == 1 else x.transpose(2, 0, 1)


def run(args: argparse.Namespace) -> int:
    """Print the top classes with probabilities for each sample."""
    import glassnet as gn

    model, config, _ = load_model(args.run_dir)
    shape = tuple(config["input_shape"])
    path = Path(args.input)
    if not path.is_file():
        raise CLIError(f"input file not found: {path}")
    if path.suffix.lower() == ".npy":
        try:
            x = numpy.load(path, allow_pickle=False).astype(numpy.float32)
        except ValueError as e:
            raise CLIError(f"cannot read {path} as a numeric .npy array: {e}") from None
        n_feat = int(numpy.prod(shape))
        if x.size % n_feat:
            raise CLIError(f"{path} holds {x.size} values, not a multiple of one sample {shape}")
        x = x.reshape(-1, *shape)
    else:
        x = load_image(path, shape, invert=not args.no_invert)[None]
        if config["dataset"] == "digits":
            x = numpy.round(x * 16) / 16  # the shipped digits have 17 grey levels
    with gn.no_grad():
        probs = model(gn.from_numpy(numpy.ascontiguousarray(x))).softmax(1).numpy()
    classes = config["classes"]
    k = max(1, min(args.top, len(classes)))
    for i, p in enumerate(probs):
        top = numpy.argsort(-p)[:k]
        label = f"sample {i}: " if len(probs) > 1 else ""
        print(label + ", ".join(f"{classes[j]} ({p[j]:.1%})" for j in top))
    return 0
