"""The error a distributed job raises when another rank died or stopped answering."""

from __future__ import annotations


class DistributedError(RuntimeError):
    """A collective did not complete: another rank died or hangs. ``ranks`` lists the ranks that never arrived.

    Args:
        message (str): what happened, naming the absent ranks.
        ranks (list of int, optional): the ranks that never reached the collective. Default: ``None``.

    Example:
        >>> e = glassnet.distributed.DistributedError("rank 0 waited 5 s for rank 1", [1])
        >>> e.ranks
        [1]
    """

    def __init__(self, message: str, ranks: list[int] | None = None) -> None:
        super().__init__(message)
        self.ranks = list(ranks or [])
