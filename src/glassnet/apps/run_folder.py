"""The run folder every app (and lab experiment) writes: config.json, metrics.json, report.md, plots, the model.

``AppRun`` keeps the bookkeeping in one place so each app is only its science: it makes the folder, writes every
file atomically (temp file + rename), records how many input rows were dropped and why, and assembles ``report.md``
from sections the app adds as it goes.
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from ..io.atomic import atomic_write

APP_FORMAT = "glassnet-app-run"


def markdown_table(header: list[str], rows: list[list[Any]], floatfmt: str = ".4g") -> str:
    """A GitHub-style Markdown table; floats are written with ``floatfmt``."""
    def cell(v: Any) -> str:
        return format(v, floatfmt) if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


class AppRun:
    """One run folder: ``AppRun(out, app="fraud", config={...})``; then ``section``, ``savefig``, ``save_model``,
    ``dropped``, and ``finish(metrics)`` which writes ``metrics.json`` and ``report.md``.

    Args:
        out: the folder (created; an existing non-empty folder is refused unless ``overwrite``). ``None`` makes
            ``runs/<date-time>-<app>``.
        app: the app's name, written into ``config.json`` so ``glassnet info`` knows what made the folder.
        config: the settings of the run (data path, seed, quick ...), written to ``config.json`` at once.
        title: the report's first heading.
        overwrite: allow writing into a folder that already holds files.
    """

    def __init__(self, out: str | os.PathLike | None, app: str, config: dict[str, Any], title: str,
                 overwrite: bool = False) -> None:
        from ..cli.runs import prepare_out_dir

        self.dir = prepare_out_dir(out, app, overwrite=overwrite)
        self.app = app
        self.title = title
        self.sections: list[tuple[str, str]] = []
        self.drops: list[tuple[str, int, str]] = []
        self.started, self.started_cpu = time.time(), time.process_time()
        # format and app last: a setting of the same name must not hide the folder from ``glassnet info``
        self.config = {**config, "format": APP_FORMAT, "app": app, "python": platform.python_version()}
        self.write_json("config.json", self.config)

    def path(self, name: str) -> Path:
        """The path of a file inside the run folder."""
        return self.dir / name

    def write_text(self, name: str, text: str) -> Path:
        """Write a text file of the run atomically; returns its path."""
        p = self.path(name)
        p.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(p, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
        return p

    def write_json(self, name: str, obj: Any) -> Path:
        """Write pretty JSON atomically (NumPy scalars become plain numbers)."""
        return self.write_text(name, json.dumps(obj, indent=2, sort_keys=True, default=_plain) + "\n")

    def savefig(self, fig: Any, name: str, dpi: int = 110) -> Path:
        """Save a matplotlib figure as PNG atomically and return the path."""
        p = self.path(name)
        p.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(p, lambda tmp: fig.savefig(tmp, dpi=dpi, bbox_inches="tight", format="png"))
        if getattr(fig, "number", None) is not None:  # a pyplot figure (a user's): let pyplot forget it
            import matplotlib.pyplot as plt

            plt.close(fig)
        return p

    def save_model(self, model: Any, name: str = "model.safetensors") -> Path:
        """Save a module's state_dict as safetensors (never pickle): ``model.load_state_dict(glassnet.load(path))``."""
        from .. import io as gio

        p = self.path(name)
        gio.save(model.state_dict(), p)
        return p

    def dropped(self, source: str, count: int, why: str) -> None:
        """Record that ``count`` input rows of ``source`` were left out and why; the report lists every drop."""
        if count:
            self.drops.append((str(source), int(count), why))

    def section(self, heading: str, body: str) -> None:
        """Add a section to report.md (Markdown body)."""
        self.sections.append((heading, body.strip()))

    def finish(self, metrics: dict[str, Any]) -> Path:
        """Write metrics.json and report.md; returns the report's path."""
        # Wall time depends on what else the machine runs; the process's CPU time much less so.
        metrics = {**metrics, "seconds": round(time.time() - self.started, 1),
                   "cpu_seconds": round(time.process_time() - self.started_cpu, 1)}
        if self.drops:
            metrics["dropped_rows"] = sum(n for _, n, _ in self.drops)
        self.write_json("metrics.json", metrics)
        parts = [f"# {self.title}", ""]
        for heading, body in self.sections:
            parts += [f"## {heading}", "", body, ""]
        drops = "\n".join(f"- {src}: {n} rows left out ({why})" for src, n, why in self.drops) or "- none"
        parts += ["## Input rows left out", "", drops, "",
                  f"Run in {metrics['seconds']:.0f} s with glassnet; settings in `config.json`, figures in "
                  f"`metrics.json`.", ""]
        return self.write_text("report.md", "\n".join(parts))


def new_figure(*args: Any, figsize: tuple | None = None, **kwargs: Any) -> tuple:
    """``(figure, axes)`` like ``pyplot.subplots``, without pyplot: no GUI backend is chosen or switched, so an app
    or experiment run in a notebook or a script leaves the user's matplotlib settings as they were."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    return fig, fig.subplots(*args, **kwargs)


def _plain(v: Any) -> Any:
    """JSON fallback for NumPy scalars and arrays and paths."""
    if hasattr(v, "tolist"):
        return v.tolist()
    if isinstance(v, os.PathLike):
        return os.fspath(v)
    raise TypeError(f"{type(v).__name__} is not JSON serialisable")


def is_app_run(run_dir: str | os.PathLike) -> bool:
    """Whether the folder's config.json was written by an app."""
    try:
        return json.loads((Path(run_dir) / "config.json").read_text()).get("format") == APP_FORMAT
    except (OSError, json.JSONDecodeError, AttributeError):
        return False


__all__ = ["APP_FORMAT", "AppRun", "is_app_run", "markdown_table", "new_figure"]
