"""trainable_report: a summary-style table of what will train, block by block."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._names import is_running_norm


@dataclass
class TrainableReport:
    """Per top-level block: type, parameter counts, trainable/frozen status, pinned BatchNorm layers.

    ``rows`` holds one dict per block (``name``, ``type``, ``params``, ``trainable``, ``frozen``, ``status``,
    ``bn``, ``bn_eval``); ``str(report)`` is the table. :func:`trainable_report` builds it.

    Args:
        model_name (str): the title of the table (the model's class name).
        rows (list[dict]): one dict per top-level block.

    Example:
        >>> from glassnet.transfer import trainable_report
        >>> print(trainable_report(nn.Sequential(nn.Linear(2, 3))))
        Sequential
        ==============================================================
        Block  Type    Params  Trainable     Status  BN pinned to eval
        --------------------------------------------------------------
        0      Linear       9          9  trainable                  -
        ==============================================================
        Total params: 9
        Trainable params: 9
        Frozen params: 0
    """

    model_name: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """All parameter elements."""
        return sum(r["params"] for r in self.rows)

    @property
    def trainable(self) -> int:
        """Parameter elements with ``requires_grad=True``."""
        return sum(r["trainable"] for r in self.rows)

    def __str__(self) -> str:
        head = ("Block", "Type", "Params", "Trainable", "Status", "BN pinned to eval")
        body = [(r["name"], r["type"], f"{r['params']:,}", f"{r['trainable']:,}", r["status"],
                 f"{r['bn_eval']}/{r['bn']}" if r["bn"] else "-") for r in self.rows]
        widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
        line = lambda cells: "  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)  # noqa: E731
                                       for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
        rule = "=" * len(line(head))
        frozen = self.total - self.trainable
        out = [f"{self.model_name}", rule, line(head), "-" * len(rule), *map(line, body), rule,
               f"Total params: {self.total:,}",
               f"Trainable params: {self.trainable:,}",
               f"Frozen params: {frozen:,}"]
        return "\n".join(out)

    __repr__ = __str__


def trainable_report(model: Any) -> TrainableReport:
    """A table of the top-level blocks of ``model``: parameters, how many train, and frozen BatchNorm.

    A block is ``trainable`` when all its parameters have ``requires_grad=True``, ``frozen`` when none
    has, ``partial`` otherwise. Parameters registered on the model itself form a block named ``(self)``.

    Args:
        model (Module): the network.

    Returns:
        TrainableReport: printable; its ``rows``, ``total`` and ``trainable`` are there for code.

    Example:
        >>> from glassnet.transfer import freeze, trainable_report
        >>> report = trainable_report(freeze(glassnet.models.LeNet5(), "features"))
        >>> [(r["name"], r["status"]) for r in report.rows]
        [('features', 'frozen'), ('classifier', 'trainable')]
        >>> report.total - report.trainable
        2572
    """
    def row(name: str, typ: str, params: list, mods: list) -> dict[str, Any]:
        n = sum(p.numel() for p in params)
        t = sum(p.numel() for p in params if p.requires_grad)
        status = "-" if n == 0 else "trainable" if t == n else "frozen" if t == 0 else "partial"
        bns = [m for m in mods if is_running_norm(m)]
        return {"name": name, "type": typ, "params": n, "trainable": t, "frozen": n - t, "status": status,
                "bn": len(bns), "bn_eval": sum(1 for m in bns if m.__dict__.get("_keep_eval"))}

    rows = []
    own = list(model.named_parameters(recurse=False))
    if own:
        rows.append(row("(self)", type(model).__name__, [p for _, p in own], [model]))
    for name, child in model.named_children():
        rows.append(row(name, type(child).__name__, list(child.parameters()), list(child.modules())))
    return TrainableReport(type(model).__name__, rows)
