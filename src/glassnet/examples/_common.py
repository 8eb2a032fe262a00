"""Small helpers the examples share: finding their data the documented way."""

from __future__ import annotations

import os
from pathlib import Path


def data_roots() -> list[Path]:
    """Where examples look for data: $GLASSNET_DATA (else ~/.glassnet/data), then a project's shared/data."""
    from ..cli.datasets import default_data_dir

    roots = [default_data_dir()]
    env = os.environ.get("GLASSNET_SHARED_DATA")
    roots += [Path(env)] if env else []
    here = Path(__file__).resolve()
    roots += [p / "shared" / "data" for p in here.parents]
    roots += [Path.cwd() / ".." / "shared" / "data", Path.cwd() / "shared" / "data"]
    return roots


def missing_data_message(example: str, option: str, *parts: str) -> str:
    """What to do when an example finds no data: the option, or where to put the file."""
    from ..cli.datasets import default_data_dir

    return (f"{example}: no data; pass {option}, or put the file at {default_data_dir().joinpath(*parts)} "
            f"(the default data folder is $GLASSNET_DATA, else ~/.glassnet/data)")


def shared_data(*parts: str) -> Path | None:
    """The path of a data file in the default data folder or the project's shared data folder, if present."""
    for root in data_roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    return None

