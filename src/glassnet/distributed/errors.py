"""The error a distributed job raises when another rank died or stopped answering."""

from __future__ import annotations


class DistributedError(RuntimeError):
    """A collective did not complete: another rank died or hangs. ``ranks`` lists the ranks that never arrived."""

    def __init__(self, message: str, ranks: list[int] | None = None) -> None:
        super().__init__(message)
        self.ranks = list(ranks or [])
