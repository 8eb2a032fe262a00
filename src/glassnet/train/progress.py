"""What fit prints: a live bar per epoch on a terminal, one summary line per epoch elsewhere.

verbose=0: silent. verbose=1: a ``tqdm.auto`` bar (loss, metrics, samples/s, ETA) filled batch by batch
when stdout is a terminal or a Jupyter notebook (there tqdm.auto draws a live widget), otherwise (logs,
notebooks run as scripts, CI) one line per epoch. verbose=2: one line per epoch.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any


def format_logs(logs: dict) -> str:
    """'loss: 0.1234 - accuracy: 0.9612 - lr: 1.00e-03'."""
    parts = []
    for k, v in logs.items():
        if isinstance(v, float):
            parts.append(f"{k}: {v:.2e}" if k == "lr" else f"{k}: {v:.4f}")
        else:
            parts.append(f"{k}: {v}")
    return " - ".join(parts)


def _terminal_columns(stream: Any) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 0


def in_notebook() -> bool:
    """Whether we run inside a Jupyter kernel (where tqdm.auto draws a widget and stdout is no terminal)."""
    shell = sys.modules.get("IPython")
    if shell is None or "ipykernel" not in sys.modules:
        return False
    try:
        return type(shell.get_ipython()).__name__ == "ZMQInteractiveShell"
    except AttributeError:
        return False


class Progress:
    """The epoch display fit drives: ``epoch_begin``, ``batch_end`` per batch, ``epoch_end``."""

    REFRESH_S = 0.2  # formatting the bar's numbers every batch would cost more than small batches

    def __init__(self, verbose: int, epochs: int, samples: int | None, stream: Any = None) -> None:
        self.stream = stream or sys.stdout
        self.epochs = epochs
        self.samples = samples
        tty = bool(getattr(self.stream, "isatty", lambda: False)())
        live = tty or (stream is None and in_notebook())
        self.mode = "off" if verbose == 0 else "bar" if verbose == 1 and live else "line"
        self.bar: Any = None

    def epoch_begin(self, epoch: int) -> None:
        """Start timing (and drawing) an epoch."""
        self.start = time.perf_counter()
        self.seen = 0
        self._last_refresh = self.start
        if self.mode == "bar":
            from tqdm.auto import tqdm

            # A terminal that reports a 0x0 size (some ptys) makes tqdm draw nothing: give it one.
            sized = _terminal_columns(self.stream) > 0
            self.bar = tqdm(total=self.samples, desc=f"Epoch {epoch + 1}/{self.epochs}", unit="sample",
                            unit_scale=True, leave=True, file=self.stream, dynamic_ncols=sized,
                            ncols=None if sized else 120, nrows=None if sized else 24)

    def batch_end(self, n: int, running_logs: Callable[[], dict]) -> None:
        """Count n more samples; refresh the bar's numbers now and then."""
        self.seen += n
        if self.bar is None:
            return
        self.bar.update(n)
        now = time.perf_counter()
        if now - self._last_refresh >= self.REFRESH_S:
            self._last_refresh = now
            self.bar.set_postfix_str(format_logs(running_logs()), refresh=False)

    def epoch_end(self, epoch: int, logs: dict) -> float:
        """Finish the epoch's display; return its samples per second."""
        seconds = time.perf_counter() - self.start
        rate = self.seen / seconds if seconds > 0 else float("inf")
        if self.bar is not None:
            self.bar.set_postfix_str(format_logs(logs), refresh=True)
            self.bar.close()
            self.bar = None
        elif self.mode == "line":
            print(f"Epoch {epoch + 1}/{self.epochs} - {seconds:.1f}s - {rate:,.0f} samples/s - "
                  f"{format_logs(logs)}", file=self.stream, flush=True)
        return rate

    def close(self) -> None:
        """Tidy up if training stopped with an exception mid-epoch."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None
