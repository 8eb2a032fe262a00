"""Run one lab experiment into its run folder, or all of them with an index report."""

from __future__ import annotations

import os
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
    from . import available

    root = prepare_out_dir(out, "lab-all", overwrite=overwrite)
    for name in available():
        if verbose:
            print(f"lab: {name} ...", flush=True)
        run_experiment(name, quick=quick, seed=seed, out=root / name, overwrite=True, verbose=verbose)
    write_index(root)
    return root


def _verdict(report: str) -> str:
    """The text of a report's Verdict section (the sentence the numbers gave)."""
    after = report.split("\n## Verdict\n", 1)
    return after[1].split("\n## ", 1)[0].strip().replace("\n", " ") if len(after) == 2 else "(no verdict)"


def write_index(root: str | os.PathLike) -> Path:
    """Write ``root/index.md``: a table of the experiment reports found in ``root/NAME/report.md``, each with its
    verdict as the report gives it (``glassnet lab index DIR`` rebuilds it)."""
    import json

    from . import EXPERIMENTS, get_experiment

    root = Path(root)
    rows, notes = [], set()
    for name in EXPERIMENTS:
        report = root / name / "report.md"
        if not report.is_file():
            continue
        cfg = root / name / "config.json"
        settings = json.loads(cfg.read_text()) if cfg.is_file() else {}
        metrics = root / name / "metrics.json"
        m = json.loads(metrics.read_text()) if metrics.is_file() else {}
        secs, cpu = m.get("seconds"), m.get("cpu_seconds")
        notes.add(f"seed {settings.get('seed', '?')}{', --quick' if settings.get('quick') else ''}")
        summary = get_experiment(name).SUMMARY if name in EXPERIMENTS else ""
        rows.append([f"[{name}]({name}/report.md)", summary, _verdict(report.read_text(encoding="utf-8")),
                     (f"{secs:.0f} s" if isinstance(secs, int | float) else "-")
                     + (f" ({cpu:.0f} s CPU)" if isinstance(cpu, int | float) else "")])
    if not rows:
        raise FileNotFoundError(f"{root}: no lab reports (NAME/report.md) to index")
    index = ["# The lab: the study guide's claims, run", "",
             f"Each row is one experiment ({'; '.join(sorted(notes))}); the link opens its report with the claim, "
             "the setup, the numbers, the plots and the verdict, a sentence computed from the numbers. The time is the "
             "run's wall-clock time (and its CPU time, where recorded): wall time grows when other work shares the "
             "machine.", "",
             markdown_table(["experiment", "what it tests", "verdict", "time"], rows), ""]
    path = root / "index.md"
    path.write_text("\n".join(index), encoding="utf-8")
    return path


__all__ = ["run_all", "run_experiment", "write_index"]
