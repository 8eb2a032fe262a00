"""``glassnet info RUN_DIR``: what a run folder holds (model, data, settings, results)."""

from __future__ import annotations

import argparse

from .runs import load_model, plural, read_json

NAME = "info"
HELP = "Describe a saved run: model, parameters, dataset, settings and results."


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet info``."""
    p.add_argument("run_dir", metavar="RUN_DIR",
                   help="a folder written by 'glassnet train', 'gan', 'app' or 'playground'")


def run(args: argparse.Namespace) -> int:
    """Print the run's config, metrics and model structure."""
    from ..apps.run_folder import is_app_run
    from .app_info import describe_app_run
    from .gan_info import describe_gan_run, is_gan_run
    from .playground import is_playground_run
    from .playground_info import describe_playground_run

    if is_gan_run(args.run_dir):
        return describe_gan_run(args.run_dir)
    if is_app_run(args.run_dir):
        return describe_app_run(args.run_dir)
    if is_playground_run(args.run_dir):
        return describe_playground_run(args.run_dir)
    model, config, run_dir = load_model(args.run_dir)
    n = sum(p.numel() for p in model.parameters())
    print(f"run: {run_dir.resolve()}")
    print(f"model: {config['model']} {config.get('model_kwargs', {})}: {n:,} parameters")
    what = (f"{len(config['classes'])} classes" if config.get("task", "classification") == "classification"
            else "regression")
    print(f"dataset: {config['dataset']} (input {tuple(config['input_shape'])}, {what})")
    print(f"training: {plural(config['epochs'], 'epoch')}, batch {config['batch_size']}, {config['optimizer']} "
          f"lr {config['lr']}, seed {config['seed']}")
    ft = config.get("finetune")
    if ft:
        src = ft.get("from", {})
        origin = src.get("path") or f"shipped weights {src.get('name')!r}"
        frozen = ", ".join(ft.get("freeze") or []) or "nothing"
        k = ft.get("n_per_class")
        print(f"fine-tuned from: {src.get('model')} trained on {src.get('dataset')} ({origin}); frozen: {frozen}; "
              f"{'new head; ' if ft.get('new_head') else ''}{f'{k} examples per class' if k else 'all examples'}")
    mpath = run_dir / "metrics.json"
    if mpath.is_file():
        m = read_json(mpath)
        if m.get("interrupted"):
            print(f"status: interrupted after {plural(m['epochs'], 'epoch')} of {m.get('epochs_planned', '?')}; "
                  f"continue with: glassnet train --resume {run_dir}")
        print("results: " + ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}"
                                      for k, v in sorted(m.items())))
    epath = run_dir / "onnx_export.json"
    if epath.is_file():
        e = read_json(epath)
        print(f"onnx export: {e.get('onnx')} (opset {e.get('opset')}, "
              f"{'any batch size' if e.get('dynamic_batch') else 'fixed batch'}, {e.get('exported_at')})")
    card = run_dir / "model_card.json"
    if card.is_file():
        c = read_json(card)
        files = c.get("data", {}).get("files") or []
        digest = f", data sha256 {files[0]['sha256'][:12]}..." if files and files[0].get("sha256") else ""
        energy = c.get("environmental_impact") or {}
        co2 = f", {energy['co2e_kg'] * 1000:.3g} g CO2e" if energy.get("co2e_kg") is not None else ""
        eps = f", DP epsilon {c['privacy']['epsilon']:.3g}" if c.get("privacy") else ""
        print(f"model card: MODEL_CARD.md (glassnet {c.get('model_details', {}).get('glassnet_version')}"
              f"{digest}{co2}{eps})")
    print(model)
    return 0
