"""HTML tables Jupyter shows for modules, training histories and metrics (their ``_repr_html_``)."""

from __future__ import annotations

import html
from typing import Any


def table_html(header: list[str], rows: list[list[Any]], caption: str | None = None) -> str:
    """A plain HTML table; every cell is escaped, numbers are right-aligned."""
    def cell(v: Any, tag: str) -> str:
        align = ' style="text-align:right"' if isinstance(v, (int, float)) and not isinstance(v, bool) else ""
        text = f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else (
            f"{v:.4g}" if isinstance(v, float) else str(v))
        return f"<{tag}{align}>{html.escape(text)}</{tag}>"

    head = "<tr>" + "".join(cell(h, "th") for h in header) + "</tr>"
    body = "".join("<tr>" + "".join(cell(v, "td") for v in r) + "</tr>" for r in rows)
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead>{head}</thead><tbody>{body}</tbody></table>"


def module_html(module: Any) -> str:
    """A summary table: each submodule (dotted name, type, its own parameters), and the totals."""
    rows = []
    for name, m in module.named_modules():
        own = sum(p.numel() for p in m.parameters(recurse=False))
        if name and (own or not list(m.children())):
            rows.append([name, type(m).__name__, own])
    total = sum(p.numel() for p in module.parameters())
    trainable = sum(p.numel() for p in module.parameters() if p.requires_grad)
    rows.append(["total", "", total])
    caption = f"{type(module).__name__}: {total:,} parameters ({trainable:,} trainable)"
    return table_html(["module", "type", "parameters"], rows, caption)


def history_html(history: Any) -> str:
    """One row per epoch, one column per recorded value."""
    h = history.history
    keys = list(h)
    n = max((len(v) for v in h.values()), default=0)
    rows = [[i + 1, *[float(h[k][i]) if i < len(h[k]) else "" for k in keys]] for i in range(n)]
    return table_html(["epoch", *keys], rows)


def metric_html(metric: Any) -> str:
    """The metric's name and its value so far."""
    try:
        value: Any = float(metric.result())
    except (ValueError, ZeroDivisionError, TypeError):
        value = "no data yet"
    return table_html(["metric", "value"], [[metric.name, value]])
