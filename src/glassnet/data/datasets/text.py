"""Character-level text: every window of ``seq_len`` characters and the same window shifted by one.

``ds[i] == (x, y)`` with ``x = codes[i : i + seq_len]`` and ``y = codes[i + 1 : i + seq_len + 1]``
(int64). The vocabulary is the sorted set of characters; ``encode`` / ``decode`` map between them.
Batches are gathered with one fancy-index over a (B, seq_len) window grid, no per-sample loop.
"""

from __future__ import annotations

import os
from typing import Any

import numpy

from ...tensor import Tensor
from ..dataset import Dataset


class CharDataset(Dataset):
    """Next-character prediction windows over a string: ``ds[i] == (x, y)`` with ``y`` the window ``x`` shifted by one.

    ``x = codes[i : i + seq_len]`` and ``y = codes[i + 1 : i + seq_len + 1]``, both int64. The
    vocabulary is the sorted set of characters; ``encode`` and ``decode`` map between text and codes
    and ``vocab_size`` counts them. Batches are one gather over a ``(B, seq_len)`` window grid.

    Args:
        text (str): the text, longer than ``seq_len``.
        seq_len (int): the length of a window.
        vocab (list of str, optional): the vocabulary, to share one between datasets; ``None``
            builds it from ``text``. Default: ``None``.

    Example:
        >>> ds = glassnet.data.CharDataset('hello world', seq_len=4)
        >>> len(ds), ds.vocab_size
        (7, 8)
        >>> x, y = ds[0]
        >>> ds.decode(x), ds.decode(y)
        ('hell', 'ello')
    """

    def __init__(self, text: str, seq_len: int, vocab: list[str] | None = None) -> None:
        if seq_len <= 0:
            raise ValueError(f"CharDataset: seq_len must be positive, got {seq_len}")
        if len(text) <= seq_len:
            raise ValueError(
                f"CharDataset: text of {len(text)} characters is too short for seq_len={seq_len}")
        self.vocab = sorted(set(text)) if vocab is None else list(vocab)
        self.stoi = {c: i for i, c in enumerate(self.vocab)}
        self.seq_len = seq_len
        self.codes = self.encode(text)

    @property
    def vocab_size(self) -> int:
        """Number of distinct characters."""
        return len(self.vocab)

    def encode(self, text: str) -> numpy.ndarray:
        """Turns characters into int64 codes (an unknown character raises a KeyError naming it).

        Args:
            text (str): the text.

        Returns:
            numpy.ndarray: int64 codes, one per character.
        """
        try:
            return numpy.fromiter((self.stoi[c] for c in text), dtype=numpy.int64, count=len(text))
        except KeyError as e:
            raise KeyError(f"CharDataset.encode: character {e.args[0]!r} is not in the vocabulary") from None

    def decode(self, codes: Any) -> str:
        """Turns int codes back into a string.

        Args:
            codes (Tensor, array or list of int): the codes (any shape; read in order).

        Returns:
            str: the text.
        """
        arr = codes._data if isinstance(codes, Tensor) else numpy.asarray(codes)
        return "".join(self.vocab[int(i)] for i in arr.reshape(-1))

    def __len__(self) -> int:
        return len(self.codes) - self.seq_len

    def __getitem__(self, index: int) -> tuple:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"CharDataset: index {index} out of range for {len(self)} windows")
        w = self.codes[index:index + self.seq_len + 1]
        return Tensor._wrap(w[:-1].copy()), Tensor._wrap(w[1:].copy())

    def get_batch(self, indices: Any) -> list:
        """Returns ``[x (B, seq_len), y (B, seq_len)]`` gathered in one step from a window grid.

        Args:
            indices (sequence of int or array): the window start positions of the batch.

        Returns:
            list of Tensor: the inputs and the targets, int64.
        """
        starts = numpy.asarray(indices, dtype=numpy.int64)[:, None]
        grid = starts + numpy.arange(self.seq_len + 1)
        w = self.codes[grid]
        return [Tensor._wrap(w[:, :-1]), Tensor._wrap(w[:, 1:])]


class TextFile(CharDataset):
    """A :class:`CharDataset` read from a UTF-8 text file (e.g. tinyshakespeare's ``input.txt``).

    Args:
        path (str or os.PathLike): the text file.
        seq_len (int): the length of a window.
        vocab (list of str, optional): the vocabulary; ``None`` builds it from the file. Default: ``None``.

    Example:
        >>> import os, tempfile, pathlib
        >>> path = os.path.join(tempfile.mkdtemp(), 'input.txt')
        >>> _ = pathlib.Path(path).write_text('to be or not to be', encoding='utf-8')
        >>> ds = glassnet.data.TextFile(path, seq_len=8)
        >>> len(ds), ''.join(ds.vocab)
        (10, ' benort')
    """

    def __init__(self, path: str | os.PathLike, seq_len: int, vocab: list[str] | None = None) -> None:
        with open(path, encoding="utf-8") as fh:
            super().__init__(fh.read(), seq_len, vocab)
        self.path = str(path)
