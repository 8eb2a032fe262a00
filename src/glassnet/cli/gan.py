"""``glassnet gan``: train a GAN for a few minutes and write a run folder of pictures, weights and figures.

The run folder holds ``samples/epoch_NNN.png`` (the same fixed noise batch drawn every --sample-every epochs, so
the grids are comparable), ``samples.png`` (a contact sheet of them), ``samples.gif`` (with Pillow),
``losses.png``, ``generator.safetensors``, ``discriminator.safetensors``, ``checkpoint.safetensors`` (to
resume), ``config.json``, ``metrics.json`` and ``history.csv``.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy

from .errors import CLIError, warn
from .runs import plural, prepare_out_dir, write_history_csv, write_json

NAME = "gan"
HELP = "Train a generative adversarial network (DCGAN, MLP GAN, conditional GAN, WGAN-GP, InfoGAN) on images."
GAN_FORMAT = "glassnet-gan-run"
GAN_FILES = ("generator.safetensors", "discriminator.safetensors", "checkpoint.safetensors", "config.json",
             "clusters.safetensors", "metrics.json", "history.csv", "losses.png", "samples.png", "samples.gif")
CLUSTERS_FILE = "clusters.safetensors"
DATASETS = ("digits", "mnist", "fashion-mnist", "folder:PATH")
# (lr, batch size, Adam betas, n_critic, loss) that train each model in minutes on a CPU
# DCGAN's 2e-4 needs thousands of steps; 5e-4 with batches of 32 draws digit strokes after a few hundred, which is
# what minutes on a CPU afford. WGAN-GP: Adam betas (0.5, 0.9) as in its paper; 2 critic steps per generator step
# instead of 5, so the generator learns within the budget.
RECIPES = {
    "mlp": (2e-4, 64, (0.5, 0.999), 1, "bce"),
    "dcgan": (5e-4, 32, (0.5, 0.999), 1, "bce"),
    "cgan": (5e-4, 32, (0.5, 0.999), 1, "bce"),
    "wgan-gp": (3e-4, 32, (0.5, 0.9), 2, "wgan-gp"),
    "infogan": (5e-4, 64, (0.5, 0.999), 1, "bce"),
}
# InfoGAN: 62 noise values beside a 10-valued code, the paper's MNIST setting. The code's cross-entropy weighs
# twice the GAN loss: on MNIST (3,000 steps of 64) that gave 70% confident samples against 59% with the paper's
# weight 1 (with its learning rates, 1e-3 for G and 2e-4 for D).
INFO_WEIGHT = 2.0
INFOGAN_CODES = 10
# The samples are drawn from a moving average of the generator: at lr 5e-4 its raw weights swing with every
# step, and the average over the last thousand steps draws cleaner digits (the README gives the judge's figures).
EMA_DECAY = 0.999
STEPS_PER_EPOCH = 50  # large datasets: an 'epoch' is this many batches, so grids and checkpoints come often


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet gan``."""
    p.add_argument("--dataset", default="digits", help=f"one of: {', '.join(DATASETS)} (default: digits); "
                                                       "folder:PATH reads PATH/<class>/<image> (or PATH/<image>)")
    p.add_argument("--data-dir", default=None, help="folder holding the MNIST/Fashion-MNIST IDX files (default: "
                                                    "$GLASSNET_DATA, else ~/.glassnet/data)")
    p.add_argument("--model", default="dcgan", choices=sorted(RECIPES), help="which GAN (default: dcgan)")
    p.add_argument("--minutes", type=float, default=5.0,
                   help="time budget: no epoch starts that would end past it, judging by the last one (default: 5)")
    p.add_argument("--epochs", type=int, default=None, help="at most this many epochs (default: as many as "
                                                            "--minutes allows)")
    p.add_argument("--steps-per-epoch", type=int, default=None,
                   help=f"batches per epoch (default: one pass over digits or a folder, {STEPS_PER_EPOCH} for "
                        "MNIST/Fashion-MNIST)")
    p.add_argument("--batch-size", type=int, default=None,
                   help="images per step (default: 64 for mlp and infogan, 32 otherwise)")
    p.add_argument("--lr", type=float, default=None, help="learning rate of both nets, or of the generator with "
                                                          "--d-lr (default: 2e-4 for mlp, 5e-4 for dcgan and cgan, "
                                                          "3e-4 for wgan-gp)")
    p.add_argument("--d-lr", type=float, default=None, help="the discriminator's own learning rate (default: --lr)")
    p.add_argument("--info-weight", type=float, default=None,
                   help=f"infogan: weight of the code's cross-entropy (default: {INFO_WEIGHT:g})")
    p.add_argument("--width", type=int, default=None, help="network width (default: 256 for mlp, 32 otherwise)")
    p.add_argument("--latent-dim", type=int, default=None,
                   help="noise size (default: 64 for mlp, 62 for infogan, 100 otherwise)")
    p.add_argument("--codes", type=int, default=None,
                   help=f"infogan: values of the categorical code (default: {INFOGAN_CODES})")
    p.add_argument("--clusters", type=int, default=None, metavar="K",
                   help="dcgan: group the images into K k-means clusters (their labels are not read) and condition "
                        "the networks on the cluster, which draws fewer malformed samples, e.g. 100 (default: off)")
    p.add_argument("--ema", type=float, default=EMA_DECAY, metavar="DECAY",
                   help=f"sample from a moving average of the generator's weights with this decay; 0 turns it off "
                        f"(default: {EMA_DECAY})")
    p.add_argument("--label-smoothing", type=float, default=0.0,
                   help="one-sided label smoothing for the bce loss, e.g. 0.1 (default: 0)")
    p.add_argument("--image-size", type=int, default=32, help="folder:PATH images are resized to this square "
                                                              "size, a multiple of 4 (default: 32)")
    p.add_argument("--grey", action="store_true", help="folder:PATH images are read as grey, not colour")
    p.add_argument("--sample-every", type=int, default=1, help="write a sample grid every N epochs (default: 1)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    p.add_argument("--out", default=None, help="run folder (default: runs/<date-time>-<model>-<dataset>)")
    p.add_argument("--overwrite", action="store_true", help="replace the run already in --out")
    p.add_argument("--resume", metavar="RUN_DIR", default=None,
                   help="continue an interrupted or finished run from its last epoch (--epochs/--minutes set the "
                        "new limits)")
    p.add_argument("--no-judge", action="store_true", help="skip scoring the samples with a classifier at the end")
    p.add_argument("--verbose", type=int, default=1, help="0 silent, 1 a live bar, 2 one line per epoch")


def _check(args: argparse.Namespace) -> None:
    for flag, value in (("--epochs", args.epochs), ("--steps-per-epoch", args.steps_per_epoch),
                        ("--batch-size", args.batch_size), ("--width", args.width),
                        ("--latent-dim", args.latent_dim), ("--sample-every", args.sample_every),
                        ("--codes", args.codes)):
        if value is not None and value < 1:
            raise CLIError(f"{flag} must be >= 1, got {value}")
    if not args.minutes > 0:
        raise CLIError(f"--minutes must be > 0, got {args.minutes}")
    for flag, value in (("--lr", args.lr), ("--d-lr", args.d_lr)):
        if value is not None and not value > 0:
            raise CLIError(f"{flag} must be > 0, got {value}")
    if not 0 <= args.ema < 1:
        raise CLIError(f"--ema must be in [0, 1) (0 turns the moving average off), got {args.ema}")
    if not 0 <= args.label_smoothing < 1:
        raise CLIError(f"--label-smoothing must be in [0, 1), got {args.label_smoothing}")
    if args.label_smoothing and args.model == "wgan-gp":
        raise CLIError("--label-smoothing applies to the bce loss, not to --model wgan-gp")
    if args.image_size % 4 or args.image_size < 4:
        raise CLIError(f"--image-size must be a multiple of 4, got {args.image_size}")
    if args.clusters is not None and (args.model != "dcgan" or args.clusters < 2):
        raise CLIError(f"--clusters must be >= 2 and needs --model dcgan, got {args.clusters} with --model "
                       f"{args.model}")
    if args.codes is not None and args.model != "infogan":
        raise CLIError(f"--codes sets an InfoGAN's categorical code; --model {args.model} has none")
    if args.info_weight is not None and (args.model != "infogan" or not args.info_weight > 0):
        raise CLIError(f"--info-weight must be > 0 and needs --model infogan, got {args.info_weight} with "
                       f"--model {args.model}")
    if args.resume and args.overwrite:
        raise CLIError("--resume continues a run and --overwrite replaces it: give one of them")


def load_images(dataset: str, data_dir: str | None = None, image_size: int = 32,
                grey: bool = False) -> tuple[numpy.ndarray, numpy.ndarray, list[str]]:
    """Training images in [-1, 1] (N, C, H, W), their labels, and the class names."""
    from .datasets import load

    if dataset.startswith("folder:"):
        x, y, classes = _load_folder(Path(dataset[7:]), image_size, grey)
    elif dataset in ("digits", "mnist", "fashion-mnist"):
        data = load(dataset, data_dir)
        x, y, classes = data.x_train, data.y_train, data.classes
    else:
        raise CLIError(f"unknown dataset {dataset!r}; choose one of: {', '.join(DATASETS)}")
    x = numpy.asarray(x, dtype=numpy.float32)
    return x * 2.0 - 1.0, numpy.asarray(y, dtype=numpy.int64), list(classes)


def _load_folder(root: Path, size: int, grey: bool) -> tuple[numpy.ndarray, numpy.ndarray, list[str]]:
    try:
        from PIL import Image
    except ImportError:
        raise CLIError("--dataset folder:PATH reads images with Pillow: pip install 'glassnet[images]'") from None
    from ..data.datasets.image_folder import IMG_EXTENSIONS

    if not root.is_dir():
        raise CLIError(f"--dataset folder:{root}: not a folder")
    subdirs = sorted(d for d in root.iterdir() if d.is_dir())
    groups = [(d.name, sorted(f for f in d.rglob("*") if f.suffix.lower() in IMG_EXTENSIONS)) for d in subdirs]
    groups = [(name, files) for name, files in groups if files]
    if not groups:  # a flat folder of images: one class
        groups = [(root.name, sorted(f for f in root.iterdir() if f.suffix.lower() in IMG_EXTENSIONS))]
    if not any(files for _, files in groups):
        raise CLIError(f"--dataset folder:{root}: no images ({', '.join(IMG_EXTENSIONS)}) found")
    xs, ys = [], []
    for label, (_, files) in enumerate(groups):
        for f in files:
            try:
                with Image.open(f) as img:
                    img = img.convert("L" if grey else "RGB").resize((size, size), Image.Resampling.BILINEAR)
                    arr = numpy.asarray(img, dtype=numpy.float32) / 255.0
            except OSError as e:
                raise CLIError(f"cannot read image {f}: {e}") from None
            xs.append(arr[None] if grey else arr.transpose(2, 0, 1))
            ys.append(label)
    return numpy.stack(xs), numpy.asarray(ys), [name for name, _ in groups]


def build_pair(config: dict):
    """The (generator, discriminator) a GAN run's config describes."""
    from ..models.gan import gan_pair

    if config.get("clusters"):  # a self-conditioned DCGAN: the conditional networks, one class per cluster
        return gan_pair("cgan", config["image_shape"], num_classes=config["clusters"],
                        latent_dim=config["latent_dim"], width=config["width"])
    classes = config.get("codes") or len(config["classes"])  # an InfoGAN's code, else the data's classes
    return gan_pair(config["model"], config["image_shape"], num_classes=classes,
                    latent_dim=config["latent_dim"], width=config["width"])


def _settings(args: argparse.Namespace) -> dict:
    if args.resume:
        from .generate import read_gan_config

        run_dir, config = read_gan_config(args.resume)
        if not (run_dir / "checkpoint.safetensors").is_file():
            raise CLIError(f"{run_dir} has no checkpoint.safetensors to resume from (it finished no epoch)")
        return {**config, "out": str(run_dir)}
    lr, batch, betas, n_critic, loss = RECIPES[args.model]
    info = args.model == "infogan"
    return {"model": args.model, "dataset": args.dataset,
            "data_dir": str(Path(args.data_dir).resolve()) if args.data_dir else None,
            "lr": args.lr or lr, "d_lr": args.d_lr or args.lr or lr,
            "batch_size": args.batch_size or batch, "betas": list(betas), "n_critic": n_critic,
            "loss": loss, "label_smoothing": args.label_smoothing, "ema_decay": args.ema or None, "seed": args.seed,
            "width": args.width or (256 if args.model == "mlp" else 32),
            "latent_dim": args.latent_dim or {"mlp": 64, "infogan": 62}.get(args.model, 100),
            "info_weight": (args.info_weight or INFO_WEIGHT) if info else None,
            "codes": (args.codes or INFOGAN_CODES) if info else None, "clusters": args.clusters,
            "image_size": args.image_size, "grey": args.grey, "steps_per_epoch": args.steps_per_epoch}


def run(args: argparse.Namespace) -> int:
    """Train the GAN within the time budget; write the run folder; judge the samples if the judge is available."""
    import glassnet as gn

    from ..gan import GANTrainer, GANWarning
    from ..gan.pictures import save_contact_sheet, save_gif, save_grid

    _check(args)
    s = _settings(args)
    x, y, classes = load_images(s["dataset"], s.get("data_dir"), s["image_size"], s["grey"])
    image_shape = list(x.shape[1:])
    if s["model"] != "mlp" and (image_shape[1] != image_shape[2] or image_shape[1] % 4):
        raise CLIError(f"--model {s['model']} needs square images whose side is a multiple of 4; {s['dataset']} "
                       f"has {image_shape[1]}x{image_shape[2]}; use --model mlp")
    steps = s["steps_per_epoch"] or (STEPS_PER_EPOCH if len(x) > 20000 else None)
    out = Path(s["out"]) if args.resume else prepare_out_dir(
        args.out, f"gan-{s['model']}-{s['dataset'].split(':')[0]}", overwrite=args.overwrite)
    if args.overwrite:
        for name in GAN_FILES:
            (out / name).unlink(missing_ok=True)
    samples_dir = out / "samples"
    samples_dir.mkdir(exist_ok=True)

    config = {"format": GAN_FORMAT, "glassnet_version": gn.__version__, **s, "image_shape": image_shape,
              "classes": classes, "steps_per_epoch": steps, "train_samples": int(len(x))}
    config.pop("out", None)
    gn.manual_seed(s["seed"])
    generator, discriminator = build_pair(config)
    trainer = GANTrainer(generator, discriminator, loss=s["loss"], lr=s["lr"], d_lr=s.get("d_lr"),
                         betas=tuple(s["betas"]),
                         n_critic=s["n_critic"], label_smoothing=s["label_smoothing"],
                         ema_decay=s.get("ema_decay"), info_weight=s.get("info_weight"))
    clusters = _clusters(config, x, y, out, resumed=bool(args.resume), verbose=args.verbose)
    config["parameters"] = {"generator": sum(p.numel() for p in generator.parameters()),
                            "discriminator": sum(p.numel() for p in discriminator.parameters())}
    write_json(out / "config.json", config)
    epochs = args.epochs or 100_000  # the time budget ends the run
    if args.verbose:
        what = "resuming" if args.resume else "training"
        print(f"glassnet gan: {what} {s['model']} (G {config['parameters']['generator']:,} / D "
              f"{config['parameters']['discriminator']:,} parameters) on {s['dataset']}: {len(x):,} images of "
              f"{'x'.join(map(str, image_shape))}, for {args.minutes:g} min"
              + (f" or {plural(args.epochs, 'epoch')}" if args.epochs else ""), flush=True)

    written: list[str] = []

    def on_samples(epoch: int, images) -> None:
        save_grid(images, samples_dir / f"epoch_{epoch + 1:04d}.png", nrow=8, scale=_scale(image_shape))

    data = (gn.from_numpy(x), gn.from_numpy(clusters.labels if clusters is not None else y))
    checkpoint = out / "checkpoint.safetensors"
    t0 = time.perf_counter()
    interrupted = False
    warnings_seen: list[str] = []

    def show(message, category, *rest, **kw) -> None:
        if issubclass(category, GANWarning):
            warnings_seen.append(str(message))
        warn(str(message))

    with warnings.catch_warnings():
        warnings.simplefilter("always", GANWarning)
        warnings.showwarning = show
        try:
            history = trainer.fit(data, epochs=epochs, batch_size=s["batch_size"], steps_per_epoch=steps,
                                  max_seconds=args.minutes * 60, checkpoint=checkpoint,
                                  resume_from=checkpoint if args.resume else None, seed=s["seed"],
                                  verbose=args.verbose, sample_every=args.sample_every, on_samples=on_samples)
            hist = dict(history.history)
        except KeyboardInterrupt:
            interrupted = True
            hist = _keep_last_epoch(trainer, checkpoint)
            if hist is None:
                if not args.resume:
                    _remove_empty_run(out)
                print("glassnet gan: interrupted before the first epoch finished; nothing was kept", flush=True)
                return 130
    seconds = time.perf_counter() - t0

    gn.save(trainer.sampler.state_dict(), out / "generator.safetensors")  # the network the samples came from
    gn.save(discriminator.state_dict(), out / "discriminator.safetensors")
    written += ["generator.safetensors", "discriminator.safetensors", "checkpoint.safetensors", "config.json"]
    if clusters is not None:
        written.append(CLUSTERS_FILE)
    write_history_csv(out / "history.csv", hist)
    from ..gan.pictures import plot_gan_losses

    plot_gan_losses(hist, out / "losses.png", title=f"{s['model']} on {s['dataset']}")
    written += ["history.csv", "losses.png"]
    frames = sorted(samples_dir.glob("epoch_*.png"))
    grids = _read_grids(frames)
    if grids:
        pick = _spread(len(grids), 12)
        save_contact_sheet([(f"epoch {int(frames[i].stem.split('_')[1])}", grids[i]) for i in pick],
                           out / "samples.png")
        written.append("samples.png")
        if save_gif(grids, out / "samples.gif", scale=1):
            written.append("samples.gif")

    done = len(hist.get("d_loss", []))
    if args.resume and (out / "metrics.json").is_file():  # the run's time is that of all its sessions
        from .runs import read_json

        seconds += float(read_json(out / "metrics.json").get("train_seconds", 0.0))
    metrics = {"epochs": done, "interrupted": interrupted, "train_seconds": round(seconds, 2),
               "steps": trainer.step, "warnings": warnings_seen}
    metrics.update({f"final_{k}": float(v[-1]) for k, v in hist.items() if v})
    if not args.no_judge:
        judged = judge_run(trainer, config, x, y, out, clusters)
        if judged:
            metrics["judge"] = judged
    write_json(out / "metrics.json", metrics)
    written.append("metrics.json")
    d_real, d_fake = metrics.get("final_d_real", float("nan")), metrics.get("final_d_fake", float("nan"))
    print(f"glassnet gan: {plural(done, 'epoch')} ({trainer.step:,} steps) in {seconds / 60:.1f} min; "
          f"D(x) {d_real:.3f}, D(G(z)) {d_fake:.3f}")
    if "judge" in metrics:
        print("glassnet gan: judge: " + _judge_line(metrics["judge"]))
    files = [f for f in GAN_FILES if f in written]
    print(f"saved run to {out}/ ({', '.join(files)}, samples/)")
    print(f"draw new samples with: glassnet generate {out} --n 64 --out grid.png")
    return 130 if interrupted else 0


def _clusters(config: dict, x: numpy.ndarray, y: numpy.ndarray, out: Path, resumed: bool, verbose: int):
    """A self-conditioned run's clusters: found by k-means and written to the run folder, or read back on resume."""
    k = config.get("clusters")
    if not k:
        return None
    import glassnet as gn

    from ..gan.clusters import cluster_images

    if resumed:
        clusters = read_clusters(out, k, " to resume with")
        if len(clusters.labels) != len(x):
            raise CLIError(f"{out / CLUSTERS_FILE} holds clusters for {len(clusters.labels):,} images; the dataset "
                           f"now has {len(x):,}")
        return clusters
    if k > len(x):
        raise CLIError(f"--clusters {k}: the dataset has only {len(x):,} images")
    t0 = time.perf_counter()
    clusters = cluster_images(x, k, seed=config["seed"])
    gn.save({"labels": gn.from_numpy(clusters.labels)}, out / CLUSTERS_FILE)
    purity = clusters.purity(y)
    config["cluster_purity"] = purity  # the judge's report quotes it too
    if verbose:
        print(f"glassnet gan: {len(x):,} images in {k} k-means clusters ({time.perf_counter() - t0:.1f} s); the "
              f"labels were not used, and {purity:.1%} of the images share their cluster's commonest label",
              flush=True)
    return clusters


def read_clusters(run_dir: Path, k: int, missing_hint: str):
    """A --clusters run's clusters from its clusters.safetensors; one clear error when the file is missing
    (``missing_hint`` ends that message) or is not a clusters file for ``k`` clusters."""
    import glassnet as gn

    from ..gan.clusters import Clusters

    path = run_dir / CLUSTERS_FILE
    if not path.is_file():
        raise CLIError(f"{run_dir} was trained with --clusters {k} but has no {CLUSTERS_FILE}{missing_hint}")
    try:
        return Clusters.from_labels(numpy.asarray(gn.load(path)["labels"]), k)
    except (KeyError, TypeError, IndexError, ValueError) as e:
        raise CLIError(f"{path} is not a clusters file for this run: {e}") from None


def judge_run(trainer, config: dict, x: numpy.ndarray, y: numpy.ndarray, out: Path,
              clusters=None) -> dict | None:
    """The judge's report on 1,000 samples (and on an untrained generator's), or None when glassnet.gan.judge is
    not available; a judge that fails is reported as a warning, never as a failed run. A self-conditioned run's
    samples pick their clusters with the data's odds."""
    try:
        from ..gan.judge import judge_samples, train_judge
    except ImportError:
        return None
    import glassnet as gn

    seed, classes = config["seed"], config["classes"]
    try:
        classifier = train_judge((x, y), out_dir=out)
        n, k = 1000, trainer.generator_classes
        # the labels (or codes, or clusters) the samples are drawn with
        drawn = clusters.sample(n, seed=seed + 2) if clusters is not None else numpy.arange(n) % k if k else None
        samples = _sample_batches(trainer, n, seed=seed + 1, labels=drawn)
        real = x[numpy.random.default_rng(seed).permutation(len(x))[:n]]
        judged = judge_samples(samples, classifier, real=real, num_classes=len(classes))
        result = {"trained": judged.as_dict()}
        if trainer.ema is not None:  # what the moving average adds, on the same noise
            raw = _sample_batches(trainer, n, seed=seed + 1, labels=drawn, average=False)
            result["raw_generator"] = judge_samples(raw, classifier, real=real, num_classes=len(classes)).as_dict()
        gn.manual_seed(seed + 12345)
        untrained = build_pair(config)[0].eval()
        with gn.no_grad():
            z = trainer.noise(n, seed=seed + 1)
            extra = (gn.tensor(drawn),) if k else ()
            base = untrained(z, *extra)
        result["untrained"] = judge_samples(base._data, classifier, real=real, num_classes=len(classes)).as_dict()
        if clusters is not None:
            result["clusters"] = {"k": clusters.k, "purity": config["cluster_purity"]}
        elif trainer.conditional:
            result["label_match"] = float(numpy.mean(numpy.asarray(judged.predicted) == drawn))
        if trainer.num_codes is not None:  # which class each code came to draw, and how cleanly
            from ..gan.judge import code_classes

            result["codes"] = code_classes(drawn, judged.predicted, len(classes))
        return _plain(result)
    except Exception as e:  # noqa: BLE001 - training succeeded; a judge problem must not lose the run
        warn(f"judging the samples failed ({type(e).__name__}: {e}); the run is kept without a judge report")
        return None


def _sample_batches(trainer, n: int, seed: int, labels: numpy.ndarray | None = None, batch: int = 250,
                    average: bool = True) -> numpy.ndarray:
    z = trainer.noise(n, seed=seed)
    parts = []
    for i in range(0, n, batch):
        lab = labels[i:i + batch] if labels is not None else None
        parts.append(trainer.sample(min(batch, n - i), labels=lab, noise=z[i:i + batch], average=average)._data)
    return numpy.concatenate(parts)


def _plain(obj):
    """JSON-ready: arrays to lists, numpy scalars to floats."""
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, numpy.ndarray):
        return obj.tolist()
    if isinstance(obj, numpy.generic):
        return obj.item()
    return obj


def _judge_line(j: dict) -> str:
    t, u = j.get("trained", {}), j.get("untrained", {})
    parts = []
    for key, name in (("confident_fraction", "confident >= 0.9"), ("min_class_fraction", "rarest class"),
                      ("class_entropy", "class entropy"), ("frechet", "Frechet distance")):
        if key in t:
            parts.append(f"{name} {t[key]:.3g}" + (f" (untrained {u[key]:.3g})" if key in u else ""))
    if "label_match" in j:
        parts.append(f"requested label matched {j['label_match']:.1%}")
    if "clusters" in j:
        parts.append(f"drawn from {j['clusters']['k']} clusters found without labels ({j['clusters']['purity']:.0%} "
                     "of the training images share their cluster's commonest label)")
    if "codes" in j:
        parts.append(f"each code draws its commonest class {j['codes']['purity']:.1%} of the time")
    raw = j.get("raw_generator", {})
    if "confident_fraction" in raw:
        text = f"without the moving average: confident {raw['confident_fraction']:.3g}"
        parts.append(text + (f", Frechet {raw['frechet']:.3g}" if "frechet" in raw else ""))
    return ", ".join(parts)


def _scale(image_shape: list[int]) -> int:
    return max(1, 32 // image_shape[-1])  # 8x8 digits are drawn 4x larger, MNIST 1x


def _spread(n: int, k: int) -> list[int]:
    """Up to k indices spread evenly over range(n), always with the first and the last."""
    if n <= k:
        return list(range(n))
    return sorted({round(i * (n - 1) / (k - 1)) for i in range(k)})


def _read_grids(frames: list[Path]) -> list[numpy.ndarray]:
    import matplotlib.image

    grids = []
    for f in frames:
        img = matplotlib.image.imread(f)
        img = img[..., :3] if img.ndim == 3 else img[..., None]
        if img.shape[-1] == 3 and numpy.allclose(img[..., 0], img[..., 1]) and numpy.allclose(img[..., 0], img[..., 2]):
            img = img[..., :1]
        grids.append(numpy.asarray(img, dtype=numpy.float32))
    shapes = {g.shape for g in grids}
    if len(shapes) > 1:  # an old run's grids of another size: keep the latest size only
        last = grids[-1].shape
        grids = [g for g in grids if g.shape == last]
    return grids


def _remove_empty_run(out: Path) -> None:
    """A run stopped before its first epoch holds only its config: remove it, so --out can be used again."""
    import shutil

    samples = out / "samples"
    if samples.is_dir() and not any(samples.iterdir()):
        samples.rmdir()
    if out.is_dir() and {p.name for p in out.iterdir()} <= {"config.json"}:
        shutil.rmtree(out, ignore_errors=True)


def _keep_last_epoch(trainer, checkpoint: Path) -> dict | None:
    """After Ctrl-C: the last completed epoch's weights back in the networks; its history, or None."""
    from ..gan import load_gan_checkpoint

    if not checkpoint.is_file():
        return None
    state = load_gan_checkpoint(checkpoint)
    trainer.load_networks(state)
    trainer.step = int(state["step"])
    return dict(state["history"]["history"]) if state.get("history") else {}
