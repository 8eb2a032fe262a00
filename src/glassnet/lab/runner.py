"""Run one lab experiment into its run folder, or all of them with an index report."""

from __future__ import annotations

import os
import time
from pathlib import Path

from ..apps.run_folder import AppRun, markdown_table


def run_experiment(name: str, quick: bool = False, seed: int = 0, out: str | os.PathLike | None = None,
                   overwrite: bool = False, verbose: int = 1) -> tuple[Path, dict]:
    """Run experiment ``name`` and write its report; returns (run folder, metrics)."""
    from . import get_experiment

    exp = get_experiment(name)
    run = AppRun(out, app=f"lab-{name}", config={"experiment": name, "quick": quick, "seed": seed},
                 title=f"Lab: {name}", overwrite=overwrite)
    run.section("Claim", exp.CLAIM)
    metrics = dict(exp.run(run, quick=quick, seed=seed, verbose=verbose))
    if not isinstance(metrics.get("verdict"), str) or not metrics["verdict"]:
        raise RuntimeError(f"lab experiment {name} returned no verdict")
    run.section("Verdict", metrics["verdict"] + (" (--quick run: small models and data, so read the direction, "
                                                 "not the size, of the effect)" if quick else ""))
    run.finish(metrics)
    return run.dir, metrics


def run_all(quick: bool = False, seed: int = 0, out: str | os.PathLike | None = None, overwrite: bool = False,
            verbose: int = 1) -> Path:
    """Run every experiment into ``out/NAME`` and write ``out/index.md`` linking their reports."""
    from ..cli.runs import prepare_out_dir
    from . import available, get_experiment

    root = prepare_out_dir(out, "lab-all", overwrite=overwrite)
    rows = []
    for name in available():
        t0 = time.time()
        if verbose:
            print(f"lab: {name} ...", flush=True)
        folder, metrics = run_experiment(name, quick=quick, seed=seed, out=root / name, overwrite=True,
                                         verbose=verbose)
        rows.append([f"[{name}]({name}/report.md)", get_experiment(name).SUMMARY, metrics["verdict"],
                     f"{time.time() - t0:.0f} s"])
    index = ["# The lab: the study guide's claims, run", "",
             f"Every experiment was run with seed {seed}{' in --quick mode' if quick else ''}; each link opens its "
             "report with the setup, the numbers, the plots and the verdict.", "",
             markdown_table(["experiment", "what it tests", "verdict", "time"], rows), ""]
    (root / "index.md").write_text("\n".join(index), encoding="utf-8")
    return root


__all__ = ["run_all", "run_experiment"]
