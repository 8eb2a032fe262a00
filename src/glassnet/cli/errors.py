"""The one error type the command turns into a clear message and a non-zero exit, and its warnings."""

from __future__ import annotations

import sys


class CLIError(Exception):
    """A user-facing problem (unknown model, missing data, bad option value ...)."""


def warn(message: str) -> None:
    """Tell the user about something suspicious that does not stop the command (on stderr)."""
    print(f"glassnet: warning: {message}", file=sys.stderr, flush=True)
