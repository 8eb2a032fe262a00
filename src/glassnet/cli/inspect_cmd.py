"""``glassnet inspect RUN_DIR``: a saved model's structure — its summary, a diagram and a forward trace.

The results go to a run-style folder (``--out``, else ``runs/<time>-inspect-<model>``): summary.txt,
trace.txt, network.svg (network.dot without Graphviz), and the run's config.json and model.safetensors,
so that ``glassnet info`` can describe the folder too. ``--out RUN_DIR`` puts them beside the run's files.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

from ..io.atomic import atomic_write
from .errors import CLIError
from .runs import load_model, prepare_out_dir, write_json, write_text_atomic

NAME = "inspect"
HELP = "Show a saved run's model layer by layer: summary table, network diagram and forward trace."
DESCRIPTION = f"""{HELP}

The summary lists every layer's output shape, parameters (trainable or frozen) and mult-adds, with totals
and memory; the trace runs one input through the model and shows each layer's activation statistics
(mean, spread, fraction of zeros, fraction saturated); the diagram draws input, hidden and output layers
with the shapes that flow between them (SVG through Graphviz, else its DOT text)."""

EPILOG = """Examples:
  glassnet inspect runs/my-lenet                      # summary printed; files in a new runs/ folder
  glassnet inspect runs/my-lenet --out runs/my-lenet  # the files beside the run's own
  glassnet inspect runs/my-lenet --input-size 8,1,28,28 --format png"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet inspect``."""
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'glassnet train'")
    p.add_argument("--input-size", default=None, metavar="SIZE",
                   help="the input's size with the batch first, e.g. 1,1,28,28 or 1x1x28x28 (default: one sample "
                        "of the run's input shape)")
    p.add_argument("--out", default=None, help="folder to write to (default: a new runs/<time>-inspect-<model>)")
    p.add_argument("--overwrite", action="store_true", help="replace what an earlier inspect wrote in --out")
    p.add_argument("--depth", type=int, default=3, help="nesting depth the summary shows (default: 3)")
    p.add_argument("--format", choices=("svg", "png", "pdf"), default="svg",
                   help="the network diagram's format (default: svg)")


def parse_size(text: str) -> tuple[int, ...]:
    """'1,1,28,28', '1x1x28x28' or '1 1 28 28' -> (1, 1, 28, 28); a clear error for anything else."""
    parts = [p for p in re.split(r"[,x×\s]+", text.strip().strip("()[]")) if p]
    try:
        size = tuple(int(p) for p in parts)
    except ValueError:
        size = ()
    if not size or any(d <= 0 for d in size):
        raise CLIError(f"--input-size {text!r} is not a size: give positive whole numbers with the batch first, "
                       f"e.g. 1,1,28,28")
    return size


def run(args: argparse.Namespace) -> int:
    """Print the summary; write summary.txt, trace.txt, the diagram, config.json and model.safetensors."""
    from tqdm import tqdm

    from ..inspect import draw_network, summary, trace

    model, config, run_dir = load_model(args.run_dir)
    input_size = parse_size(args.input_size) if args.input_size else (1, *config["input_shape"])
    if args.depth < 0:
        raise CLIError(f"--depth must be 0 or more, got {args.depth}")
    steps = tqdm(total=3, desc="glassnet inspect", unit="step", disable=None, leave=False)
    try:
        stats = summary(model, input_size, depth=args.depth, verbose=0)
        steps.update()
        forward = trace(model, input_size=input_size)
        steps.update()
        diagram = draw_network(model, input_size)
        steps.update()
    except ValueError as e:
        raise CLIError(str(e)) from None
    finally:
        steps.close()
    # The folder is made only once the model has run: a wrong input size leaves nothing behind.
    if args.out is not None and Path(args.out).resolve() == run_dir.resolve():
        out = run_dir  # next to the run's own files, which stay as they are
    else:
        out = prepare_out_dir(args.out, f"inspect-{config['model']}", overwrite=args.overwrite)
    write_text_atomic(out / "summary.txt", str(stats) + "\n")
    write_text_atomic(out / "trace.txt", str(forward) + "\n")
    picture = diagram.save(out / f"network.{args.format}")
    if out.resolve() != run_dir.resolve():
        atomic_write(out / "model.safetensors", lambda tmp: shutil.copyfile(run_dir / "model.safetensors", tmp))
        write_json(out / "config.json", {**config, "inspected": {
            "run": str(run_dir.resolve()), "input_size": list(input_size),
            "files": ["summary.txt", "trace.txt", picture.name]}})
    print(stats)
    print(f"wrote {out / 'summary.txt'}, {out / 'trace.txt'} and {picture}")
    return 0
