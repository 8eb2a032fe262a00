"""What ``glassnet info`` says about a run folder written by ``glassnet app NAME``."""

from __future__ import annotations

import os
from pathlib import Path

from .runs import read_json


def describe_app_run(run_dir: str | os.PathLike) -> int:
    """Print an app run's settings, figures and files."""
    run = Path(run_dir)
    config = read_json(run / "config.json")
    print(f"run: {run.resolve()}")
    print(f"app: {config.get('app')}" + (" (--quick: a small run, not the app's real figures)"
                                         if config.get("quick") else ""))
    settings = {k: v for k, v in sorted(config.items()) if k not in ("format", "app", "quick")}
    print("settings: " + ", ".join(f"{k} {v}" for k, v in settings.items()))
    mpath = run / "metrics.json"
    if mpath.is_file():
        m = read_json(mpath)
        flat = {k: v for k, v in sorted(m.items()) if isinstance(v, (int, float, str, bool))}
        print("results: " + ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}"
                                      for k, v in flat.items()))
    else:
        print("status: no metrics.json yet (the run did not finish)")
    files = sorted(p.relative_to(run).as_posix() for p in run.rglob("*") if p.is_file())
    print(f"files: {', '.join(files)}")
    if (run / "report.md").is_file():
        print(f"report: {run / 'report.md'}")
    return 0
