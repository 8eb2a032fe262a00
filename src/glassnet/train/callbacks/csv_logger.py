"""CSVLogger: one row per epoch (epoch, then every logged value) streamed to a CSV file."""

from __future__ import annotations

import csv
import os
from typing import Any

from .base import Callback


class CSVLogger(Callback):
    """Streams the epoch results to a CSV file: rows of ``epoch`` and the sorted log names.

    Each row is flushed as it is written, so a crash loses nothing; ``append=True`` continues an
    existing file (as a resumed run does).

    Args:
        filename (str or os.PathLike): the CSV file.
        separator (str, optional): the field separator. Default: ``','``.
        append (bool, optional): append to the file instead of overwriting it. Default: ``False``.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'log.csv')
        >>> x, y = glassnet.randn(16, 3), glassnet.randn(16, 1)
        >>> _ = glassnet.train.fit(nn.Linear(3, 1), (x, y), loss='mse', optimizer='sgd', lr=0.1, epochs=2,
        ...                        callbacks=[glassnet.train.CSVLogger(path)], verbose=0)
        >>> print(open(path).read().splitlines()[0])
        epoch,loss,lr
    """

    def __init__(self, filename: str | os.PathLike, separator: str = ",", append: bool = False) -> None:
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = append
        self.keys: list[str] | None = None
        self._file: Any = None
        self._writer: Any = None

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Open the file (keeping old rows when appending)."""
        has_rows = self.append and os.path.exists(self.filename) and os.path.getsize(self.filename) > 0
        self._file = open(self.filename, "a" if self.append else "w", newline="")  # noqa: SIM115
        self._has_header = has_rows
        self.keys = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Write this epoch's row and flush it, so a crash loses nothing."""
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
            self._writer = csv.DictWriter(self._file, fieldnames=["epoch", *self.keys], delimiter=self.sep,
                                          extrasaction="ignore")
            if not self._has_header:
                self._writer.writeheader()
        row = {"epoch": epoch, **{k: logs.get(k, "NA") for k in self.keys}}
        self._writer.writerow(row)
        self._file.flush()

    def on_train_end(self, logs: dict | None = None) -> None:
        """Close the file."""
        if self._file is not None:
            self._file.close()
            self._file = None
