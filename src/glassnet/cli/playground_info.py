"""What ``glassnet info`` says about a run folder written by ``glassnet playground``."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .runs import plural, read_json


def describe_playground_run(run_dir: str | os.PathLike) -> int:
    """Print the playground run's address and the files exported from its page."""
    run = Path(run_dir)
    config = read_json(run / "config.json")
    print(f"run: {run.resolve()}")
    print(f"playground: served at {config.get('url')} from {config.get('started')} "
          f"(glassnet {config.get('glassnet_version')}); open it again with: glassnet playground --out {run}")
    lines = []
    log = run / "exports.jsonl"
    if log.is_file():
        for text in log.read_text().splitlines():
            try:
                lines.append(json.loads(text))
            except json.JSONDecodeError:
                continue  # a line cut short by a crash: the others still count
    sessions = {e.get("session") for e in lines}
    print(f"exports: {plural(len(lines), 'file')} from {plural(len(sessions), 'session')}")
    for e in lines:
        cfg = e.get("config") or {}
        net = f"{cfg.get('mode')} on {cfg.get('dataset')}, hidden {cfg.get('hidden')}" if cfg else "?"
        print(f"  {e.get('time')}  {e.get('path')}  (step {e.get('step')}, {net})")
    return 0
