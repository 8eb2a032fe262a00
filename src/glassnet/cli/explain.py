"""``glassnet explain RUN_DIR IMAGE``: which pixels made a saved model choose its class, as a heat map."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy

from .errors import CLIError
from .images import STEPS, load_drawing
from .runs import load_model

NAME = "explain"
HELP = "Explain a saved run's prediction for an image: a heat map of the pixels that drove it, over the image."
METHODS = ("saliency", "input-x-gradient", "integrated-gradients", "smoothgrad", "occlusion", "grad-cam")
DESCRIPTION = f"""{HELP}

Methods (Captum's, computed with glassnet's own autograd):
  saliency              |gradient| of the class score with respect to each pixel
  input-x-gradient      pixel value x gradient
  integrated-gradients  gradients averaged along the path from a black image to this one, times the
                        difference; they add up to score(image) - score(black), the gap is printed
  smoothgrad            saliency averaged over noisy copies of the image (less speckled)
  occlusion             how much the score drops when a small square is blacked out, square by square
  grad-cam              the last conv layer's maps weighted by their gradient (conv models only)
Red = evidence for the class, blue = against it (signed methods); bright = important (the others).

Images are prepared as the training images were made, unless --no-preprocess: {STEPS}.
A .npy array is taken as it is (one sample of the model's input shape)."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet explain``."""
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'glassnet train'")
    p.add_argument("input", metavar="IMAGE", help="an image file (PNG/JPEG) or a .npy array of one sample")
    p.add_argument("--method", default="integrated-gradients", choices=METHODS, metavar="METHOD",
                   help=f"one of: {', '.join(METHODS)} (default: integrated-gradients)")
    p.add_argument("--target", type=int, default=None, metavar="K",
                   help="the class to explain, by number (default: the predicted class)")
    p.add_argument("--layer", default=None, help="grad-cam's layer, by dotted name (default: the last conv layer)")
    p.add_argument("--steps", type=int, default=50, help="integrated-gradients: points on the path (default: 50)")
    p.add_argument("--out", default=None, help="the PNG to write (default: IMAGE's name + '-METHOD.png')")
    p.add_argument("--no-preprocess", action="store_true",
                   help="only resize the image to the model's input and scale it to [0, 1]")
    p.add_argument("--no-invert", action="store_true", help="never invert a dark-on-light image")


def _read_input(path: Path, shape: tuple[int, ...], config: dict, args: argparse.Namespace) -> numpy.ndarray:
    if not path.is_file():
        raise CLIError(f"input file not found: {path}")
    if path.suffix.lower() == ".npy":
        try:
            x = numpy.load(path, allow_pickle=False).astype(numpy.float32)
        except ValueError as e:
            raise CLIError(f"cannot read {path} as a numeric .npy array: {e}") from None
        if x.size != int(numpy.prod(shape)):
            raise CLIError(f"{path} holds {x.size} values ({x.shape}); explain takes one sample of shape {shape}")
        return x.reshape(1, *shape)
    if len(shape) != 3:
        raise CLIError(f"the model in {args.run_dir} takes inputs of shape {shape}, not images; give a .npy array")
    return load_drawing(path, shape, config["dataset"], preprocess=not args.no_preprocess,
                        invert=not args.no_invert)[None]


def run(args: argparse.Namespace) -> int:
    """Explain the prediction and write the heat map over the input as a PNG."""
    import glassnet as gn

    from ..inspect import explain

    model, config, run_dir = load_model(args.run_dir)
    if config.get("task", "classification") != "classification":
        raise CLIError(f"{run_dir} is a regression run; explain works on classifiers")
    shape = tuple(config["input_shape"])
    path = Path(args.input)
    x = gn.from_numpy(numpy.ascontiguousarray(_read_input(path, shape, config, args)))
    classes = config["classes"]
    if args.target is not None and not 0 <= args.target < len(classes):
        names = ", ".join(map(str, classes[:12])) + (" ..." if len(classes) > 12 else "")
        raise CLIError(f"--target {args.target} is out of range: the model has {len(classes)} classes "
                       f"(0..{len(classes) - 1}: {names})")
    if args.steps < 2:
        raise CLIError(f"--steps must be at least 2, got {args.steps}")
    kwargs: dict = {}
    if args.method == "integrated-gradients":
        kwargs["n_steps"] = args.steps
    elif args.method == "occlusion":
        kwargs["show_progress"] = True
    if args.layer is not None and args.method != "grad-cam":
        raise CLIError("--layer is only used by --method grad-cam")
    try:
        result = explain(model, x, args.method, target=args.target, layer=args.layer, labels=classes, **kwargs)
    except ValueError as e:
        raise CLIError(str(e)) from None
    with gn.no_grad():
        probs = gn.nn.functional.softmax(model(x), dim=1).numpy()[0]
    pred = int(probs.argmax())
    out = Path(args.out) if args.out else Path(f"{path.stem}-{args.method}.png")
    if out.suffix.lower() != ".png":
        raise CLIError(f"--out {out} must be a .png file")
    if out.parent and not out.parent.is_dir():
        raise CLIError(f"--out {out}: folder {out.parent} does not exist")
    result.save(out)
    print(f"predicted: {classes[pred]} ({probs[pred]:.1%})")
    line = f"explained class {classes[result.target]} ({probs[result.target]:.1%}) with {args.method}"
    if result.convergence_delta is not None:
        with gn.no_grad():
            span = float((model(x) - model(gn.zeros_like(x)))[0, result.target].item())
        delta = abs(result.convergence_delta)
        line += (f"; they add up to score(image) - score(black) = {span:.4g} within {delta:.2e}"
                 + (f" ({delta / abs(span):.2%})" if span else ""))
    print(line)
    print(f"wrote {out}")
    return 0
