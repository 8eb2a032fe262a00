"""What ``glassnet info`` says about a run folder written by ``glassnet gan``."""

from __future__ import annotations

import os

from .runs import plural, read_json, run_format


def is_gan_run(run_dir: str | os.PathLike) -> bool:
    """Whether the folder's config.json was written by 'glassnet gan'."""
    from .gan import GAN_FORMAT

    return run_format(run_dir) == GAN_FORMAT


def describe_gan_run(run_dir: str | os.PathLike) -> int:
    """Print a GAN run's models, data, settings, results and pictures."""
    from .generate import load_generator

    generator, config, run = load_generator(run_dir)
    params = config.get("parameters", {})
    print(f"run: {run.resolve()}")
    print(f"model: {config['model']} GAN (loss {config['loss']}): generator {params.get('generator', 0):,} "
          f"parameters, discriminator {params.get('discriminator', 0):,}; noise size {config['latent_dim']}, "
          f"width {config['width']}")
    print(f"dataset: {config['dataset']} ({config.get('train_samples', '?'):,} images of "
          f"{'x'.join(map(str, config['image_shape']))}, {len(config['classes'])} classes)")
    print(f"training: batch {config['batch_size']}, Adam lr {config['lr']} betas {tuple(config['betas'])}, "
          f"n_critic {config['n_critic']}, label smoothing {config['label_smoothing']}, seed {config['seed']}")
    if config.get("clusters"):
        print(f"self-conditioned: the networks are conditioned on {config['clusters']} k-means clusters of the "
              f"images (clusters.safetensors), found without the labels; samples pick a cluster with the data's odds")
    if config.get("ema_decay"):
        print(f"samples: from a moving average of the generator's weights (decay {config['ema_decay']}); "
              "generator.safetensors holds that average")
    mpath = run / "metrics.json"
    if mpath.is_file():
        m = read_json(mpath)
        status = "interrupted after" if m.get("interrupted") else "trained"
        print(f"status: {status} {plural(m.get('epochs', 0), 'epoch')} ({m.get('steps', 0):,} steps) in "
              f"{m.get('train_seconds', 0) / 60:.1f} min; continue with: glassnet gan --resume {run}")
        finals = {k[6:]: v for k, v in m.items() if k.startswith("final_")}
        print("last epoch: " + ", ".join(f"{k} {v:.4g}" for k, v in finals.items()))
        for w in m.get("warnings", []):
            print(f"warning during training: {w}")
        if "judge" in m:
            from .gan import _judge_line

            print("judge: " + _judge_line(m["judge"]))
    grids = sorted((run / "samples").glob("epoch_*.png"))
    pictures = [name for name in ("samples.png", "samples.gif", "losses.png") if (run / name).is_file()]
    print(f"pictures: {len(grids)} sample grids in samples/" + (f"; {', '.join(pictures)}" if pictures else ""))
    print(f"draw more: glassnet generate {run} --n 64 --out grid.png"
          + (" --label 0" if getattr(generator, "num_classes", None) and not config.get("clusters") else ""))
    print(generator)
    return 0
