"""``glassnet app diagnosis``: diagnosis from images (a CNN with Grad-CAM) and from measurements (an MLP with
per-feature attributions), both with calibrated probabilities and a chosen operating point. A teaching example,
not a medical device.

Without ``--data`` it runs both modes as a demo: images generated with a planted lesion, and scikit-learn's
breast-cancer Wisconsin measurements. With ``--data`` the mode follows the path (a folder or ``.npz``: images; a
CSV: measurements) unless ``--mode`` says it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import add_common_arguments, module_main

NAME = "diagnosis"
DESCRIPTION = __doc__.split("\n\n")[0].replace("``", "") + """

  glassnet app diagnosis --quick                       both modes on the built-in demo data, in seconds
  glassnet app diagnosis --data pneumoniamnist.npz     chest X-rays in MedMNIST's layout (download it yourself)
  glassnet app diagnosis --data chest_xray/            class sub-folders (or train/ val/ test/ with them)
  glassnet app diagnosis --data patients.csv --label diagnosis --positive M
"""
IMAGE_EPOCHS, MEASUREMENT_EPOCHS = 8, 60


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this app."""
    add_common_arguments(p, "chest X-rays (a folder of class sub-folders, or MedMNIST's pneumoniamnist.npz) or a "
                            "CSV of measurements with --label; default: both demo sets")
    p.add_argument("--mode", choices=("images", "measurements", "both"), default=None,
                   help="which kind of diagnosis (default: both without --data, else decided by the --data path)")
    p.add_argument("--label", default=None, metavar="COLUMN", help="the CSV column holding the diagnosis")
    p.add_argument("--positive", default=None, metavar="VALUE",
                   help="the label value (or image class folder) that means the condition is present "
                        "(default: the second of the two in sorted order, e.g. 1, or PNEUMONIA after NORMAL)")
    p.add_argument("--target-sensitivity", type=float, default=0.95,
                   help="the operating point: the threshold on validation that catches this share of the cases "
                        "with the condition (default: 0.95)")
    p.add_argument("--epochs", type=int, default=None,
                   help=f"training epochs (default: {IMAGE_EPOCHS} for images, {MEASUREMENT_EPOCHS} for measurements)")
    p.add_argument("--lr", type=float, default=3e-3, help="learning rate of the image model (default: 0.003)")


def _modes(args: argparse.Namespace) -> list[str]:
    from ..cli.errors import CLIError

    if args.data is None:
        return ["images", "measurements"] if args.mode in (None, "both") else [args.mode]
    path = Path(args.data)
    if not path.exists():
        raise CLIError(f"{path}: no such file or folder (--data)")
    guessed = "images" if path.is_dir() or path.suffix.lower() == ".npz" else "measurements"
    if args.mode == "both":
        raise CLIError("--mode both runs the two demo sets; with --data choose --mode images or measurements")
    return [args.mode or guessed]


def run(args: argparse.Namespace) -> int:
    """Run the chosen modes into one run folder and print where the report is."""
    from ..cli.errors import CLIError
    from .diagnosis_common import DISCLAIMER
    from .diagnosis_inputs import DropLog
    from .run_folder import AppRun

    if not 0 < args.target_sensitivity <= 1:
        raise CLIError(f"--target-sensitivity must be in (0, 1], got {args.target_sensitivity}")
    if args.epochs is not None and args.epochs < 1:
        raise CLIError(f"--epochs must be at least 1, got {args.epochs}")
    modes = _modes(args)
    drops = DropLog()
    data = {}  # read every input before the run folder is made, so bad input leaves no half-made folder behind
    if "images" in modes:
        from .diagnosis_images import load_images

        data["images"] = load_images(args, drops)
    if "measurements" in modes:
        from .diagnosis_measurements import load_measurements

        data["measurements"] = load_measurements(args, drops)
    config = {"data": args.data, "modes": modes, "quick": args.quick, "seed": args.seed, "label": args.label,
              "positive": args.positive, "target_sensitivity": args.target_sensitivity, "epochs": args.epochs,
              "lr": args.lr}
    run_ = AppRun(args.out, NAME, config, "Diagnosis from images and measurements", overwrite=args.overwrite)
    for item in drops.items:
        run_.dropped(*item)
    run_.section("Read this first", DISCLAIMER + (" This run used `--quick`: small sets and few epochs, so its "
                                                  "figures are not the app's real ones." if args.quick else ""))
    metrics: dict = {"modes": modes}
    if "images" in modes:
        from .diagnosis_images import run_images

        metrics.update(run_images(run_, args, args.epochs or IMAGE_EPOCHS, data["images"]))
    if "measurements" in modes:
        from .diagnosis_measurements import run_measurements

        metrics.update(run_measurements(run_, args, args.epochs or MEASUREMENT_EPOCHS, data["measurements"]))
    report = run_.finish(metrics)
    if args.verbose:
        for mode in modes:
            print(f"{mode}: test ROC AUC {metrics[f'{mode}_model_auc']:.3f}, sensitivity "
                  f"{metrics[f'{mode}_model_sensitivity']:.3f}, specificity {metrics[f'{mode}_model_specificity']:.3f}"
                  f" (Brier {metrics[f'{mode}_brier_raw']:.3f} -> {metrics[f'{mode}_brier_calibrated']:.3f})")
        print(f"report: {report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(module_main(NAME))
