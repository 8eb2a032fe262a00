"""``glassnet generate RUN_DIR``: draw new images from a trained GAN run, or walk its latent space."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy

from .errors import CLIError

NAME = "generate"
HELP = "Draw images from a GAN run's generator (a grid PNG), or a latent-space walk between two seeds."


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet generate``."""
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'glassnet gan'")
    p.add_argument("--n", type=int, default=64, help="how many images (default: 64)")
    p.add_argument("--label", type=int, default=None,
                   help="conditional GAN: the class to draw; InfoGAN: the code's value; --clusters run: the cluster "
                        "(default: each in turn; a --clusters run picks clusters with the data's odds)")
    p.add_argument("--seed", type=int, default=0, help="the noise's seed (default: 0)")
    p.add_argument("--out", default="grid.png", help="the PNG to write (default: grid.png)")
    p.add_argument("--nrow", type=int, default=None, help="images per row (default: about the square root of --n)")
    p.add_argument("--interpolate", action="store_true",
                   help="walk in a straight line from the noise of --seed to that of --seed + 1, in --n steps")


def read_gan_config(run_dir: str | os.PathLike) -> tuple[Path, dict]:
    """A GAN run folder and its config.json; a clear error if it is not one."""
    from .gan import GAN_FORMAT

    run = Path(run_dir)
    if not run.is_dir():
        raise CLIError(f"run folder not found: {run}")
    cfg = run / "config.json"
    if not cfg.is_file():
        raise CLIError(f"{run} is not a glassnet run folder (it has no config.json)")
    try:
        config = json.loads(cfg.read_text())
    except json.JSONDecodeError as e:
        raise CLIError(f"{cfg} is not valid JSON: {e}") from None
    if config.get("format") != GAN_FORMAT:
        raise CLIError(f"{run} was not written by 'glassnet gan' (its config.json has format "
                       f"{config.get('format')!r})")
    return run, config


def load_generator(run_dir: str | os.PathLike):
    """The run's generator with its trained weights, in eval mode; its config; the run folder."""
    import glassnet as gn

    from .gan import build_pair

    run, config = read_gan_config(run_dir)
    path = run / "generator.safetensors"
    if not path.is_file():
        raise CLIError(f"{run} has no generator.safetensors (the run did not finish an epoch)")
    generator, _ = build_pair(config)
    try:
        generator.load_state_dict(gn.load(path))
    except Exception as e:  # noqa: BLE001 - any load failure is one line
        raise CLIError(f"{path} does not fit the generator in config.json: {str(e).splitlines()[0]}") from None
    return generator.eval(), config, run


def run(args: argparse.Namespace) -> int:
    """Write the grid (or the walk) as a PNG."""
    import glassnet as gn

    from ..gan.pictures import save_grid

    if args.n < 1:
        raise CLIError(f"--n must be >= 1, got {args.n}")
    generator, config, run_dir = load_generator(args.run_dir)
    num_classes = getattr(generator, "num_classes", None)
    is_code = getattr(generator, "num_codes", None) is not None  # an InfoGAN: --label picks the code's value
    if args.label is not None:
        if num_classes is None:
            raise CLIError(f"--label needs a conditional GAN (--model cgan), an InfoGAN's code (--model infogan) or a "
                           f"--clusters run; "
                           f"{run_dir} holds a {config['model']!r}")
        if not 0 <= args.label < num_classes:
            what = ("code values" if is_code else "clusters" if config.get("clusters")
                    else f"classes ({', '.join(config['classes'])})")
            raise CLIError(f"--label must be in [0, {num_classes}) for this run's {what}, got {args.label}")
    dim = generator.latent_dim
    if args.interpolate:
        a = numpy.random.default_rng(args.seed).standard_normal(dim)
        b = numpy.random.default_rng(args.seed + 1).standard_normal(dim)
        t = numpy.linspace(0.0, 1.0, args.n)[:, None]
        z = (1 - t) * a + t * b
    else:
        z = numpy.random.default_rng(args.seed).standard_normal((args.n, dim))
    extra = ()
    if num_classes is not None:
        if args.label is not None:
            labels = numpy.full(args.n, args.label)
        elif config.get("clusters"):
            from .gan import read_clusters

            clusters = read_clusters(run_dir, config["clusters"], "; give --label to pick a cluster")
            labels = clusters.sample(args.n, seed=args.seed)
        else:
            labels = numpy.arange(args.n) % num_classes
        extra = (gn.tensor(labels.astype(numpy.int64)),)
    with gn.no_grad():
        images = generator(gn.tensor(z.astype(numpy.float32)), *extra)
    nrow = args.nrow or (args.n if args.interpolate and args.n <= 16 else int(numpy.ceil(numpy.sqrt(args.n))))
    out = Path(args.out)
    if out.parent and not out.parent.is_dir():
        raise CLIError(f"--out {out}: folder {out.parent} does not exist")
    save_grid(images, out, nrow=nrow, scale=max(1, 32 // int(images.shape[-1])))
    what = (f"a latent walk of {args.n} steps from seed {args.seed} to {args.seed + 1}" if args.interpolate
            else f"{args.n} images (seed {args.seed}" + (")" if args.label is None else
                                                         f", code {args.label})" if is_code else
                                                         f", cluster {args.label})" if config.get("clusters") else
                                                         f", label {config['classes'][args.label]})"))
    print(f"wrote {out}: {what} from {run_dir}")
    return 0
