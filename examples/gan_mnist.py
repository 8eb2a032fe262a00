"""The full GAN runs on MNIST: a DCGAN (or a conditional GAN, WGAN-GP, InfoGAN) trained for at most 15 minutes on a CPU.

    python examples/gan_mnist.py --data-dir ../shared/data/mnist                  # DCGAN, 15 minutes
    python examples/gan_mnist.py --data-dir ../shared/data/mnist --clusters 100   # self-conditioned DCGAN
    python examples/gan_mnist.py --data-dir ../shared/data/mnist --model cgan     # draws the digit asked for
    python examples/gan_mnist.py --data-dir ../shared/data/mnist --model wgan-gp
    python examples/gan_mnist.py --data-dir ../shared/data/mnist --model infogan  # one column per code

Each run is the same as ``glassnet gan --dataset mnist --model M --minutes 15``: it writes a run folder (sample
grids from a fixed noise batch, a contact sheet, the loss curves, both networks' weights) and, when
``glassnet.gan.judge`` is installed, scores 1,000 samples with a classifier trained on the real digits (confident
fraction, class histogram, a Frechet distance computed with glassnet's own classifier, not Inception) next to
those of an untrained generator. Then it draws one 8x8 grid with ``glassnet generate`` (for the conditional GAN,
one column per digit; for the InfoGAN, one per value of its code).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from glassnet.cli.main import main


def run(argv: list[str] | None = None) -> int:
    """Train, then draw a grid; print the run's figures."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", default=None, help="folder with MNIST's IDX files (default: $GLASSNET_DATA ...)")
    p.add_argument("--dataset", default="mnist", choices=("mnist", "fashion-mnist"))
    p.add_argument("--model", default="dcgan", choices=("dcgan", "cgan", "wgan-gp", "infogan", "mlp"))
    p.add_argument("--clusters", type=int, default=None,
                   help="dcgan: condition on this many k-means clusters of the images, found without labels")
    p.add_argument("--minutes", type=float, default=15.0, help="time budget (default: 15)")
    p.add_argument("--out", default=None, help="run folder (default: runs/gan-<model>-<dataset>)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    name = f"{args.model}-k{args.clusters}" if args.clusters else args.model
    out = Path(args.out or f"runs/gan-{name}-{args.dataset}")
    cmd = ["gan", "--dataset", args.dataset, "--model", args.model, "--minutes", str(args.minutes),
           "--out", str(out), "--seed", str(args.seed), "--verbose", "2"]
    if args.data_dir:
        cmd += ["--data-dir", args.data_dir]
    if args.clusters:
        cmd += ["--clusters", str(args.clusters)]
    if out.exists():
        cmd.append("--overwrite")
    status = main(cmd)
    if status != 0:
        return status
    grid = ["generate", str(out), "--n", "100", "--nrow", "10", "--out", str(out / "grid.png")]
    if main(grid) != 0:
        return 1
    metrics = json.loads((out / "metrics.json").read_text())
    print(json.dumps({k: v for k, v in metrics.items() if k != "warnings"}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(run())
