"""Small helpers the examples share: finding the shared data folder, timing, seeding."""

from __future__ import annotations

import os
from pathlib import Path


def shared_data(*parts: str) -> Path | None:
    """The path of a file in the project's shared data folder, if present (examples only)."""
    env = os.environ.get("GLASSNET_SHARED_DATA")
    roots = [Path(env)] if env else []
    here = Path(__file__).resolve()
    roots += [p / "shared" / "data" for p in here.parents]
    roots += [Path.cwd() / ".." / "shared" / "data", Path.cwd() / "shared" / "data"]
    for root in roots:
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    return None
