"""The lab: every claim of a deep-learning study guide run as a small, seeded experiment with a computed verdict.

``glassnet lab list`` names them; ``glassnet lab run NAME [--quick] [--seed S] [--out DIR]`` runs one and writes a
run folder with ``report.md`` (the claim, the setup, a results table, plots and a one-sentence verdict computed
from the numbers); ``glassnet lab run all`` runs every one and writes an index report linking them.

An experiment is a module of this package with ``CLAIM`` (the study guide's sentence it tests), ``SUMMARY`` (one
line) and ``run(run, quick, seed) -> dict``: it trains, adds sections and figures to ``run``
(:class:`glassnet.apps.run_folder.AppRun`) and returns its metrics, among them ``verdict``: the sentence the numbers
support, including "the effect did not show" when it did not.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

# name -> module under glassnet.lab; the order is the order of the course
EXPERIMENTS: dict[str, str] = {
    "forward-backward": "forward_backward",
    "depth": "depth",
    "overfitting": "overfitting",
    "data-size": "data_size",
    "small-tabular": "small_tabular",
    "architectures": "architectures",
    "activations": "activations",
    "gan-dynamics": "gan_dynamics",
    "transfer": "transfer",
    "bias": "bias",
    "privacy": "privacy",
    "energy": "energy",
    "scale": "scale",
    "black-box": "black_box",
}


def available() -> list[str]:
    """The experiments whose modules are present, in course order."""
    return [name for name, mod in EXPERIMENTS.items() if importlib.util.find_spec(f"{__name__}.{mod}") is not None]


def get_experiment(name: str) -> ModuleType:
    """The module of experiment ``name``; a clear error naming the experiments there are for any other name."""
    if name not in EXPERIMENTS or name not in available():
        raise ValueError(f"unknown lab experiment {name!r}; the experiments are: {', '.join(available())} "
                         f"(glassnet lab list)")
    return importlib.import_module(f"{__name__}.{EXPERIMENTS[name]}")


from .runner import run_all, run_experiment, write_index  # noqa: E402 - the runner needs the registry above

__all__ = ["EXPERIMENTS", "available", "get_experiment", "run_all", "run_experiment", "write_index"]
