"""Variable-length batches for recurrent layers: pad_sequence, PackedSequence, pack/pad (PyTorch names).

A *packed* sequence stores only the real time steps: all sequences' step 0, then all step 1 rows of the
sequences that are that long, and so on (sequences sorted longest first), plus ``batch_sizes[t]``, the
number of rows at step t. RNN/LSTM/GRU accept it and never compute on padding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as _np  # index bookkeeping only (lengths, permutations), never layer math

from ...functions import stack
from ...ops.index import IndexIntoZeros
from ...ops.shape import Pad
from ...tensor import Tensor


def _ints(x: Any) -> _np.ndarray:
    """Lengths or indices (list, array, glassnet or torch tensor) as a 1-D int64 NumPy array."""
    if isinstance(x, Tensor):
        x = x._data
    elif hasattr(x, "detach") and hasattr(x, "numpy"):  # a torch tensor
        x = x.detach().cpu().numpy()
    return _np.asarray(x, dtype=_np.int64).reshape(-1)


class PackedSequence(NamedTuple):
    """Holds the data and the list of ``batch_sizes`` of a packed sequence (PyTorch's named tuple).

    ``data`` stacks the real time steps only, time-major: every sequence's step 0, then step 1 of
    the sequences that long, and so on (sequences sorted longest first); ``batch_sizes[t]`` counts
    the rows of step ``t``. ``sorted_indices`` and ``unsorted_indices`` hold the sort permutation
    and its inverse (``None`` when the input was already sorted). Build one with
    :func:`pack_padded_sequence` or :func:`pack_sequence`, not directly.

    Args:
        data (Tensor): the packed rows, ``(sum(lengths), *)``.
        batch_sizes (Tensor): int64, the number of rows at each time step.
        sorted_indices (Tensor, optional): the sort permutation of the batch. Default: ``None``.
        unsorted_indices (Tensor, optional): its inverse. Default: ``None``.

    Example:
        >>> from glassnet.nn.utils.rnn import pack_sequence
        >>> packed = pack_sequence([glassnet.tensor([1.0, 2.0, 3.0]), glassnet.tensor([4.0, 5.0])])
        >>> packed.data, packed.batch_sizes
        (tensor([1., 4., 2., 5., 3.]), tensor([2, 2, 1]))
    """

    data: Tensor
    batch_sizes: Tensor
    sorted_indices: Tensor | None = None
    unsorted_indices: Tensor | None = None

    def to(self, *args: Any, **kwargs: Any) -> PackedSequence:
        """Moves or casts the data (as :meth:`Tensor.to`), keeping the bookkeeping.

        Args:
            *args: the arguments of :meth:`Tensor.to` (a device, a dtype, ...).
            **kwargs: its keyword arguments.

        Returns:
            PackedSequence: a new packed sequence.
        """
        return self._replace(data=self.data.to(*args, **kwargs))

    @property
    def is_cuda(self) -> bool:
        """False: the NumPy backend runs on the CPU."""
        return False


def _packed_index(lengths: _np.ndarray) -> tuple[tuple, _np.ndarray]:
    """batch_sizes and the flat (t * B + b) row of each packed row, for lengths sorted descending."""
    B, T = len(lengths), int(lengths.max())
    batch_sizes = tuple(int((lengths > t).sum()) for t in range(T))
    idx = _np.concatenate([t * B + _np.arange(bs) for t, bs in enumerate(batch_sizes)])
    return batch_sizes, idx


def pack_padded_sequence(input: Tensor, lengths: Any, batch_first: bool = False,  # noqa: A002
                         enforce_sorted: bool = True) -> PackedSequence:
    """Packs a padded batch of variable-length sequences.

    ``input`` is ``(T, B, *)`` (or ``(B, T, *)`` with ``batch_first``), sequence ``b`` holding
    ``lengths[b]`` real steps. RNN, LSTM and GRU accept the result and never compute on padding.

    Args:
        input (Tensor): the padded batch.
        lengths (Tensor or list of int): the length of each sequence.
        batch_first (bool, optional): ``input`` is ``(B, T, *)``. Default: ``False``.
        enforce_sorted (bool, optional): require the lengths in decreasing order; ``False`` sorts
            them (and records the permutation). Default: ``True``.

    Returns:
        PackedSequence: the packed batch.

    Example:
        >>> from glassnet.nn.utils.rnn import pack_padded_sequence
        >>> x = glassnet.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 0.0]])  # two sequences, padded
        >>> packed = pack_padded_sequence(x, [3, 2], batch_first=True)
        >>> packed.data, packed.batch_sizes
        (tensor([1., 4., 2., 5., 3.]), tensor([2, 2, 1]))
    """
    lengths = _ints(lengths)
    b_dim = 0 if batch_first else 1
    if input.ndim < 2 or lengths.shape[0] != input.shape[b_dim]:
        raise ValueError(
            f"pack_padded_sequence: expected {len(lengths)} sequences along dim {b_dim} of the input, "
            f"got input of shape {tuple(input.shape)}"
        )
    if (lengths <= 0).any():
        raise RuntimeError(f"pack_padded_sequence: all lengths must be > 0, got {lengths.tolist()}")
    T = input.shape[1 - b_dim]
    if lengths.max() > T:
        raise RuntimeError(
            f"pack_padded_sequence: a length {int(lengths.max())} exceeds the padded length {T}"
        )
    if enforce_sorted:
        if (_np.diff(lengths) > 0).any():
            raise RuntimeError(
                f"pack_padded_sequence: `lengths` array must be sorted in decreasing order when "
                f"`enforce_sorted` is True (got {lengths.tolist()}); pass enforce_sorted=False to sort"
            )
        sorted_idx = unsorted_idx = None
    else:
        order = _np.argsort(-lengths, kind="stable")
        sorted_idx, unsorted_idx = order, _np.argsort(order, kind="stable")
        lengths = lengths[order]
        input = input.index_select(b_dim, order)
    if batch_first:
        input = input.transpose(0, 1)
    batch_sizes, idx = _packed_index(lengths)
    B = input.shape[1]
    data = input.reshape(T * B, *input.shape[2:])[idx]
    wrap = lambda a: None if a is None else Tensor(a)
    return PackedSequence(data, Tensor(_np.asarray(batch_sizes, dtype=_np.int64)), wrap(sorted_idx),
                          wrap(unsorted_idx))


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False, padding_value: float = 0.0,
                        total_length: int | None = None) -> tuple[Tensor, Tensor]:
    """Pads a packed batch of variable-length sequences: the inverse of :func:`pack_padded_sequence`.

    Args:
        sequence (PackedSequence): the packed batch.
        batch_first (bool, optional): return ``(B, T, *)`` instead of ``(T, B, *)``. Default: ``False``.
        padding_value (float, optional): the value of padded elements. Default: ``0.0``.
        total_length (int, optional): pad to this length instead of the longest sequence's.
            Default: ``None``.

    Returns:
        tuple of Tensor: the padded batch and the lengths (int64), in the original batch order.

    Example:
        >>> from glassnet.nn.utils.rnn import pack_sequence, pad_packed_sequence
        >>> packed = pack_sequence([glassnet.tensor([1.0, 2.0, 3.0]), glassnet.tensor([4.0, 5.0])])
        >>> pad_packed_sequence(packed, batch_first=True, padding_value=-1.0)
        (tensor([[ 1.,  2.,  3.],
                [ 4.,  5., -1.]]), tensor([3, 2]))
    """
    batch_sizes = _ints(sequence.batch_sizes)
    T, B = len(batch_sizes), int(batch_sizes[0])
    if total_length is not None:
        if total_length < T:
            raise ValueError(
                f"pad_packed_sequence: total_length={total_length} is less than the longest sequence ({T})"
            )
        T = total_length
    lengths = (batch_sizes[None, :] > _np.arange(B)[:, None]).sum(1)  # sorted order
    _, idx = _packed_index(lengths)
    data = sequence.data
    rest = tuple(data.shape[1:])
    padded = IndexIntoZeros.apply(data, (T * B, *rest), (idx,))
    if padding_value != 0:
        pad_mask = _np.ones((T * B,) + (1,) * len(rest), dtype=data._data.dtype)
        pad_mask[idx] = 0
        padded = padded + Tensor(pad_mask * padding_value)
    padded = padded.reshape(T, B, *rest)
    if sequence.unsorted_indices is not None:
        order = _ints(sequence.unsorted_indices)
        padded = padded.index_select(1, order)
        lengths = lengths[order]
    if batch_first:
        padded = padded.transpose(0, 1)
    return padded, Tensor(lengths.astype(_np.int64))


def pad_sequence(sequences: Sequence[Tensor], batch_first: bool = False, padding_value: float = 0.0,
                 padding_side: str = "right") -> Tensor:
    """Pads a list of variable-length tensors ``(L_i, *)`` to the longest and stacks them.

    Args:
        sequences (list of Tensor): the sequences, ``(L_i, *)`` with the same trailing dims.
        batch_first (bool, optional): return ``(B, T, *)`` instead of ``(T, B, *)``. Default: ``False``.
        padding_value (float, optional): the value of padded elements. Default: ``0.0``.
        padding_side (str, optional): ``'right'`` or ``'left'``. Default: ``'right'``.

    Returns:
        Tensor: ``(T, B, *)``, or ``(B, T, *)`` with ``batch_first``.

    Example:
        >>> from glassnet.nn.utils.rnn import pad_sequence
        >>> pad_sequence([glassnet.tensor([1.0, 2.0, 3.0]), glassnet.tensor([4.0])], batch_first=True)
        tensor([[1., 2., 3.],
                [4., 0., 0.]])
    """
    if len(sequences) == 0:
        raise RuntimeError("pad_sequence: received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise ValueError(f"pad_sequence: padding_side must be 'left' or 'right', got {padding_side!r}")
    T = max(s.shape[0] for s in sequences)
    padded = []
    for s in sequences:
        s = s if isinstance(s, Tensor) else Tensor(s)
        extra = T - s.shape[0]
        if extra:
            width = [0, 0] * (s.ndim - 1) + ([0, extra] if padding_side == "right" else [extra, 0])
            s = Pad.apply(s, width, padding_value)
        padded.append(s)
    return stack(padded, dim=0 if batch_first else 1)


def pack_sequence(sequences: Sequence[Tensor], enforce_sorted: bool = True) -> PackedSequence:
    """Packs a list of variable-length tensors ``(L_i, *)``: :func:`pad_sequence` then :func:`pack_padded_sequence`.

    Args:
        sequences (list of Tensor): the sequences.
        enforce_sorted (bool, optional): require decreasing lengths; ``False`` sorts them. Default: ``True``.

    Returns:
        PackedSequence: the packed batch.

    Example:
        >>> from glassnet.nn.utils.rnn import pack_sequence
        >>> seqs = [glassnet.tensor([1.0]), glassnet.tensor([2.0, 3.0])]
        >>> pack_sequence(seqs, enforce_sorted=False).batch_sizes
        tensor([2, 1])
    """
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences: PackedSequence) -> list[Tensor]:
    """Unpacks a PackedSequence into the list of its ``(L_i, *)`` tensors, in the original order.

    Args:
        packed_sequences (PackedSequence): the packed batch.

    Returns:
        list of Tensor: the sequences.

    Example:
        >>> from glassnet.nn.utils.rnn import pack_sequence, unpack_sequence
        >>> unpack_sequence(pack_sequence([glassnet.tensor([1.0]), glassnet.tensor([2.0, 3.0])], enforce_sorted=False))
        [tensor([1.]), tensor([2., 3.])]
    """
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return [padded[i, : int(n)] for i, n in enumerate(lengths._data)]


def invert_permutation(permutation: Tensor | None) -> Tensor | None:
    """Returns the permutation that undoes ``permutation`` (``None`` for ``None``).

    Args:
        permutation (Tensor or None): a permutation of ``0 .. n - 1``.

    Returns:
        Tensor or None: its inverse.

    Example:
        >>> from glassnet.nn.utils.rnn import invert_permutation
        >>> invert_permutation(glassnet.tensor([2, 0, 1]))
        tensor([1, 2, 0])
    """
    if permutation is None:
        return None
    return Tensor(_np.argsort(_ints(permutation), kind="stable"))


__all__ = ["PackedSequence", "pack_padded_sequence", "pad_packed_sequence", "pad_sequence", "pack_sequence",
           "unpack_sequence", "invert_permutation"]
