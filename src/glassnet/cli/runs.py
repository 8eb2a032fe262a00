"""A run folder: model.safetensors, config.json, metrics.json, history.csv, learning_curves.png,
checkpoint.safetensors (to resume), for a CSV, preprocessing.json (the encoding fitted on the training rows), and
after ``glassnet evaluate --plot``, confusion_matrix.png and misclassified.png, after ``glassnet fairness``,
fairness.json and fairness.png, and the model card: MODEL_CARD.md and model_card.json."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

from ..io.atomic import atomic_write
from .errors import CLIError

RUN_FILES = ("model.safetensors", "config.json", "preprocessing.json", "metrics.json", "history.csv",
             "learning_curves.png", "checkpoint.safetensors", "confusion_matrix.png", "misclassified.png",
             "fairness.json", "fairness.png", "MODEL_CARD.md", "model_card.json")


def plural(n: int, word: str) -> str:
    """'1 epoch', '3 epochs'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def prepare_out_dir(out: str | os.PathLike | None, suffix: str, overwrite: bool = False) -> Path:
    """The folder a new run writes to: --out (an existing run only with overwrite), or a new runs/<time>-<suffix>."""
    if out is not None:
        path = Path(out)
        if path.exists() and not path.is_dir():
            raise CLIError(f"--out {path} is a file, not a folder")
        if path.is_dir() and any(path.iterdir()):
            if not overwrite:
                what = "a glassnet run" if (path / "config.json").is_file() else "files"
                raise CLIError(f"--out {path} already holds {what}; pass --overwrite to replace it, or "
                               f"--resume {path} to continue it")
            # Only the run's own files go: whatever else the user keeps there is theirs.
            for name in RUN_FILES:
                (path / name).unlink(missing_ok=True)
        path.mkdir(parents=True, exist_ok=True)
        return path
    base = Path("runs") / f"{time.strftime('%Y%m%d-%H%M%S')}-{suffix}"
    base.parent.mkdir(parents=True, exist_ok=True)
    for i in range(1, 10000):
        path = base if i == 1 else base.with_name(f"{base.name}-{i}")
        try:
            path.mkdir()  # atomic: two runs started in the same second cannot both get this name
            return path
        except FileExistsError:
            continue
    raise CLIError(f"cannot find a free run folder name next to {base}")


def remove_empty_run(path: Path) -> None:
    """Delete a run folder that holds nothing a user could use (only config files)."""
    if path.is_dir() and {p.name for p in path.iterdir()} <= {"config.json", "preprocessing.json"}:
        shutil.rmtree(path, ignore_errors=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a text file via a temp file and rename, so a crash never leaves half a file."""
    atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def write_json(path: Path, obj: Any) -> None:
    """Pretty JSON, atomically."""
    write_text_atomic(path, json.dumps(obj, indent=2, sort_keys=True) + "\n")


def read_json(path: Path) -> dict:
    """A JSON file of a run folder; a clear error if it is damaged."""
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as e:
        raise CLIError(f"{path} is not valid JSON: {e}") from None


def run_format(run_dir: str | os.PathLike) -> str | None:
    """The "format" its config.json gives a run folder (which command wrote it), or None where there is none."""
    try:
        return json.loads((Path(run_dir) / "config.json").read_text()).get("format")
    except (OSError, json.JSONDecodeError, AttributeError):
        return None


def write_history_csv(path: Path, history: dict[str, list]) -> None:
    """One row per epoch, one column per recorded quantity."""
    keys = list(history)
    n = max((len(v) for v in history.values()), default=0)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["epoch", *keys])
    for i in range(n):
        w.writerow([i + 1, *[history[k][i] if i < len(history[k]) else "" for k in keys]])
    write_text_atomic(path, buf.getvalue())


def read_config(run_dir: str | os.PathLike, need_model: bool = True) -> tuple[Path, dict]:
    """The run folder and its config.json; a clear error if it is not a glassnet run."""
    run = Path(run_dir)
    cfg = run / "config.json"
    if not run.is_dir():
        raise CLIError(f"run folder not found: {run}")
    if not cfg.is_file() or (need_model and not (run / "model.safetensors").is_file()):
        needs = "config.json and model.safetensors" if need_model else "config.json"
        raise CLIError(f"{run} is not a glassnet run folder (it needs {needs})")
    try:
        config = json.loads(cfg.read_text())
    except json.JSONDecodeError as e:
        raise CLIError(f"{cfg} is not valid JSON: {e}") from None
    if config.get("format") != "glassnet-run":
        raise CLIError(f"{cfg} was not written by 'glassnet train'")
    return run, config


def build_model(config: dict) -> Any:
    """Rebuild the model a config describes (with GroupNorm for BatchNorm when --dp swapped them)."""
    from ..models import get_model

    model = get_model(config["model"], **config.get("model_kwargs", {}))
    if (config.get("dp") or {}).get("replace_batchnorm"):
        from ..privacy import replace_batchnorm

        model = replace_batchnorm(model)
    return model


def load_model(run_dir: str | os.PathLike) -> tuple[Any, dict, Path]:
    """Rebuild a run's model and load its weights (refusing files that do not match)."""
    from .. import io as gio

    run, config = read_config(run_dir)
    model = build_model(config)
    try:
        state = gio.load(run / "model.safetensors")
    except Exception as e:  # noqa: BLE001 - any load failure is reported as one line
        raise CLIError(f"cannot load {run / 'model.safetensors'}: {e}") from None
    if isinstance(state, dict) and "model" in state and isinstance(state["model"], dict):
        state = state["model"]
    try:
        model.load_state_dict(state)
    except (RuntimeError, KeyError, ValueError) as e:
        raise CLIError(f"{run / 'model.safetensors'} does not fit the model in config.json: "
                       f"{str(e).splitlines()[0]}") from None
    model.eval()
    return model, config, run
