"""energy: what the lab's kind of training costs in time, FLOPs, energy and CO2e, set against published figures.

Three representative small models (an MLP, a CNN and a GRU reading the image row by row, as in the other
experiments) are trained with ``glassnet.train.fit``, which records every run's wall and CPU time, FLOPs (counted by
glassnet's own matrix-product and convolution ops), energy and CO2e (``history.energy``, see
``glassnet.energy.EnergyRecorder``). The figures are set against Strubell et al. (2019)'s Table 3 and extrapolated
by FLOPs to a GPT-3-sized run with the references ``glassnet.energy`` keeps (``glassnet energy RUN_DIR`` prints the
same comparison for any training run).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import numpy as np

from .. import nn
from ..apps.run_folder import AppRun, markdown_table

CLAIM = ('"Training uses energy and emits CO2; large models cost a lot, and the cost can be measured and reported." '
         '(the study companion, misconceptions.yaml; its glossary cites Strubell et al. (2019))')
SUMMARY = "the energy and CO2e of MLP, CNN and GRU training runs, against Strubell et al. (2019) and GPT-3 by FLOPs"


@contextlib.contextmanager
def _without_codecarbon() -> Iterator[None]:
    """Keep fit's EnergyRecorder on the CPU-time estimate (CodeCarbon takes seconds to start), then restore."""
    from ..energy.recorder import CODECARBON_ENV

    old = os.environ.get(CODECARBON_ENV)
    os.environ[CODECARBON_ENV] = "0"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(CODECARBON_ENV, None)
        else:
            os.environ[CODECARBON_ENV] = old


class RowGRU(nn.Module):
    """A GRU that reads the ``side`` rows of a (N, 1, side, side) image as a sequence, then a linear layer."""

    def __init__(self, side: int, hidden: int = 64, num_classes: int = 10) -> None:
        super().__init__()
        self.side = side
        self.gru = nn.GRU(side, hidden, batch_first=True)
        self.head = nn.Linear(hidden, num_classes)

    def forward(self, x):
        """Class scores (N, num_classes) from the GRU's last state."""
        out, _ = self.gru(x.reshape(x.shape[0], self.side, self.side))
        return self.head(out[:, -1])


def _data(quick: bool) -> tuple[np.ndarray, np.ndarray, str]:
    """Training images (N, 1, H, W) in [0, 1] and labels: the shipped 8x8 digits (--quick) or 10,000 MNIST images."""
    if quick:
        from ..data.datasets.digits import load_digits_arrays

        x, y = load_digits_arrays("train")
        return x.astype(np.float32)[:, None] / np.float32(16), y.astype(np.int64), "the shipped 8x8 digits"
    from ..cli.errors import CLIError
    from ..data import MNIST
    from ..examples._common import missing_data_message, shared_data

    root = shared_data("mnist")
    if root is None:
        raise CLIError(missing_data_message("lab energy", "--quick (the shipped 8x8 digits need no download)",
                                            "mnist", "train-images-idx3-ubyte.gz"))
    try:
        train = MNIST(root, train=True)
    except (FileNotFoundError, ValueError) as e:
        raise CLIError(f"lab energy: {e}") from None
    n = 10_000  # the first 10,000 training images: a run of the size the other experiments train
    return (train.data._data[:n].astype(np.float32)[:, None] / np.float32(255),
            train.targets._data[:n].astype(np.int64), "the first 10,000 MNIST training images")


def _models(side: int) -> dict[str, Any]:
    from ..models.digits_cnn import DigitsCNN
    from ..models.mlp import MLP

    return {
        "MLP": (lambda: MLP(side * side, (256, 128), 10)),
        "CNN": (lambda: DigitsCNN(10, 1, input_size=side)),
        "GRU": (lambda: RowGRU(side, 64)),
    }


def _train(name: str, make: Any, x: np.ndarray, y: np.ndarray, epochs: int, seed: int, meter: bool) -> dict:
    """Train one model with fit and return its energy record, parameter count and accuracy."""
    import glassnet as gn
    from glassnet.train import fit

    gn.manual_seed(seed)
    model = make()
    with contextlib.nullcontext() if meter else _without_codecarbon():
        history = fit(model, (x, y), loss="cross_entropy", optimizer="adam", lr=1e-3, epochs=epochs,
                      batch_size=64, seed=seed, verbose=0)
    e = dict(history.energy)
    return {"model": name, "params": int(sum(p.numel() for p in model.parameters())), "epochs": epochs,
            "train_accuracy": float(history.history["accuracy"][-1]), **e}


def _figure(rows: list[dict], total_lbs: float) -> Any:

    from matplotlib.ticker import NullFormatter

    from ..apps.run_folder import new_figure
    from ..energy.references import GPT3_PUBLISHED_MWH, LBS_PER_KG, STRUBELL_2019_LBS

    fig, (ax1, ax2) = new_figure(1, 2, figsize=(13, 4.8), gridspec_kw={"width_ratios": [3, 2]})
    names = [f"this lab: {r['model']}" for r in rows] + ["this lab: all three"] + list(STRUBELL_2019_LBS)
    lbs = [r["co2e_kg"] * LBS_PER_KG for r in rows] + [total_lbs] + list(STRUBELL_2019_LBS.values())
    colours = ["tab:green"] * (len(rows) + 1) + ["tab:grey"] * len(STRUBELL_2019_LBS)
    ax1.barh(range(len(names)), lbs, color=colours)
    ax1.set_yticks(range(len(names)), names, fontsize=8)
    ax1.invert_yaxis()
    ax1.set_xscale("log")
    ax1.set_xlim(min(lbs) / 30, max(lbs) * 30)
    ax1.set_xlabel("lbs CO2e (log scale)")
    ax1.set_title("Our runs (green) and Strubell et al. (2019), Table 3 (grey)")
    mwh = [r["gpt3_mwh"] for r in rows]
    labels = [f"at {r['model']}'s J/FLOP" for r in rows] + ["Patterson et al. (2021), GPUs"]
    ax2.barh(range(len(labels)), mwh + [GPT3_PUBLISHED_MWH], color=["tab:green"] * len(rows) + ["tab:grey"])
    ax2.set_yticks(range(len(labels)), labels, fontsize=8)
    ax2.invert_yaxis()
    ax2.set_xscale("log")
    values = mwh + [GPT3_PUBLISHED_MWH]
    ax2.set_xlim(min(values) / 30, max(values) * 30)
    ax2.xaxis.set_minor_formatter(NullFormatter())
    for i, v in enumerate(values):
        ax2.text(v * 1.3, i, f"{v:,.3g}", va="center", fontsize=8)
    ax2.set_xlabel("MWh for GPT-3's training compute (log scale)")
    ax2.set_title("Extrapolated by FLOPs to GPT-3")
    fig.tight_layout()
    return fig


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Train the three models, collect their energy records, compare and extrapolate them."""
    from tqdm import tqdm

    from ..energy import energy_report
    from ..energy.recorder import WATTS_PER_CPU_CORE
    from ..energy.references import (
        GPT3_FLOPS,
        GPT3_PUBLISHED_MWH,
        GPT3_PUBLISHED_TCO2E,
        LBS_PER_KG,
        STRUBELL_2019_LBS,
    )

    x, y, source = _data(quick)
    side = x.shape[-1]
    epochs = 2 if quick else 3
    meter = not quick  # --quick: the CPU-time estimate only; full: CodeCarbon when installed (and not turned off)
    rows = []
    for name, make in tqdm(_models(side).items(), desc="energy", disable=verbose < 1):
        r = _train(name, make, x, y, epochs, seed, meter)
        r["estimate_kwh"] = r["cpu_seconds"] * WATTS_PER_CPU_CORE / 3.6e6
        r["joules_per_gflop"] = r["energy_kwh"] * 3.6e6 / max(r["flops"], 1) * 1e9
        r["gpt3_mwh"] = r["energy_kwh"] * GPT3_FLOPS / max(r["flops"], 1) / 1000
        r["gpt3_tco2e"] = r["co2e_kg"] * GPT3_FLOPS / max(r["flops"], 1) / 1000
        rows.append(r)

    total_kwh = sum(r["energy_kwh"] for r in rows)
    total_kg = sum(r["co2e_kg"] for r in rows)
    total_lbs = total_kg * LBS_PER_KG
    methods = sorted({r["method"] for r in rows})
    intensity = rows[0]["carbon_intensity_g_per_kwh"]
    run.section("Setup", (
        f"Data: {source} ({len(x):,} images). Models: an MLP ({side * side}-256-128-10), "
        f"`glassnet.models.DigitsCNN`, and a GRU (hidden 64) that reads the {side} rows of an image as a sequence; "
        f"each trained by `glassnet.train.fit` for {epochs} epoch(s), Adam lr 1e-3, batch 64, seed {seed}. "
        f"`fit` records each run's figures (`history.energy`): wall and CPU seconds, FLOPs (matrix products, "
        f"convolutions and the recurrent layers' gate products, counted by glassnet's ops), energy by "
        f"{' / '.join(methods)}, and CO2e = energy x "
        f"{intensity:g} gCO2e/kWh ({rows[0]['carbon_intensity_source']}; set `GLASSNET_COUNTRY` or "
        f"`GLASSNET_CARBON_INTENSITY` for your grid). The column 'estimate' is CPU time x "
        f"{WATTS_PER_CPU_CORE:g} W per busy core, glassnet's fallback without CodeCarbon. On a machine shared with "
        f"other work, times (and a whole-machine meter) are upper bounds."))
    table = [[r["model"], f"{r['params']:,}", r["train_accuracy"], f"{r['wall_seconds']:.1f}",
              f"{r['cpu_seconds']:.1f}", f"{r['flops']:.3g}",
              f"{r['energy_kwh'] * 1000:.3g}",
              f"{r['estimate_kwh'] * 1000:.3g}", f"{r['co2e_kg'] * 1000:.3g}", f"{r['joules_per_gflop']:.3g}",
              f"{r['gpt3_mwh']:,.3g}"] for r in rows]
    strubell = [[name, f"{ref:,}", f"{ref / total_lbs:,.3g}" if total_lbs > 0 else "n/a"]
                for name, ref in STRUBELL_2019_LBS.items()]
    biggest = max(rows, key=lambda r: r["flops"])
    run.section("Results", (
        markdown_table(["model", "parameters", "train accuracy", "wall s", "CPU s",
                        "FLOPs", "energy Wh",
                        "estimate Wh", "g CO2e", "J per GFLOP", "GPT-3 extrapolated MWh"], table)
        + f"\n\nAll three: {total_kwh * 1000:.3g} Wh, {total_kg * 1000:.3g} g CO2e = {total_lbs:.3g} lbs.\n\n"
        "Strubell et al. (2019), Table 3, against all three runs together:\n\n"
        + markdown_table(["consumption", "lbs CO2e", "times our three runs"], strubell)
        + f"\n\nExtrapolated by FLOPs (the same energy per FLOP as each run) to GPT-3's {GPT3_FLOPS:.3g} training "
        f"FLOPs, next to Patterson et al. (2021)'s estimate of GPT-3's actual training on GPUs "
        f"({GPT3_PUBLISHED_MWH:,} MWh, {GPT3_PUBLISHED_TCO2E} t CO2e): see the last column. The gap is the "
        "efficiency of GPU clusters over glassnet on NumPy on a CPU.\n\n"
        f"`glassnet energy`'s report for the run with the most FLOPs ({biggest['model']}):\n\n```\n"
        + energy_report(biggest, biggest["params"]) + "\n```\n\n"
        "![CO2e of our runs and Strubell et al.'s references; GPT-3 extrapolations](energy.png)"))
    run.savefig(_figure(rows, total_lbs), "energy.png", dpi=90)

    least, most = min(rows, key=lambda r: r["flops"]), max(rows, key=lambda r: r["flops"])
    follows = most["energy_kwh"] > least["energy_kwh"]
    transformer = STRUBELL_2019_LBS["Transformer (big), trained once"]
    mean_mwh = float(np.exp(np.mean(np.log([r["gpt3_mwh"] for r in rows]))))
    cost = (f"our three runs took {total_kwh * 1000:.2g} Wh ({total_kg * 1000:.2g} g CO2e, "
            f"1/{transformer / max(total_lbs, 1e-30):,.3g} of Strubell et al.'s big Transformer trained once), while "
            f"GPT-3's compute at their energy per FLOP would take {mean_mwh:,.3g} MWh, "
            f"{mean_mwh / GPT3_PUBLISHED_MWH:,.3g}x the published GPU estimate")
    if follows:
        verdict = (f"The cost was measured and grows with compute: {cost}; the run with the most FLOPs "
                   f"({most['model']}) used {most['energy_kwh'] / least['energy_kwh']:.3g}x the energy of the one "
                   f"with the fewest ({least['model']}).")
    else:
        verdict = (f"The cost was measured ({cost}), but energy did not grow with FLOPs here: {most['model']}, with "
                   f"the most FLOPs, used no more energy than {least['model']}, because per-op overhead, not "
                   "arithmetic, dominates runs this small.")
    return {"verdict": verdict, "total_kwh": total_kwh, "total_co2e_kg": total_kg, "methods": methods,
            "cpu_follows_flops": follows, "gpt3_mwh_geomean": mean_mwh, "runs": rows, "side": side, "images": len(x)}
