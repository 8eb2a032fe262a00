"""``glassnet info RUN_DIR``: what a run folder holds (model, data, settings, results)."""

from __future__ import annotations

import argparse

from .runs import load_model, plural, read_json

NAME = "info"
HELP = "Describe a saved run: model, parameters, dataset, settings and results."


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet info``."""
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'glassnet train' or 'glassnet gan'")


def run(args: argparse.Namespace) -> int:
    """Print the run's config, metrics and model structure."""
    from .gan_info import describe_gan_run, is_gan_run

    if is_gan_run(args.run_dir):
        return describe_gan_run(args.run_dir)
    model, config, run_dir = load_model(args.run_dir)
    n = sum(p.numel() for p in model.parameters())
    print(f"run: {run_dir.resolve()}")
    print(f"model: {config['model']} {config.get('model_kwargs', {})}: {n:,} parameters")
    what = (f"{len(config['classes'])} classes" if config.get("task", "classification") == "classification"
            else "regression")
    print(f"dataset: {config['dataset']} (input {tuple(config['input_shape'])}, {what})")
    print(f"training: {plural(config['epochs'], 'epoch')}, batch {config['batch_size']}, {config['optimizer']} "
          f"lr {config['lr']}, seed {config['seed']}")
    mpath = run_dir / "metrics.json"
    if mpath.is_file():
        m = read_json(mpath)
        if m.get("interrupted"):
            print(f"status: interrupted after {plural(m['epochs'], 'epoch')} of {m.get('epochs_planned', '?')}; "
                  f"continue with: glassnet train --resume {run_dir}")
        print("results: " + ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}"
                                      for k, v in sorted(m.items())))
    print(model)
    return 0
