"""Sorting on raw arrays: the index computations behind sort, topk, kthvalue, median, quantile, unique,
searchsorted. The values are then picked with gather/index ops, which carry the gradients.
"""

from __future__ import annotations

from ..backend import array_module


def sort_indices(a, axis, descending=False):
    """Indices that sort a along axis, stably; NaN counts as the largest value, as in PyTorch.

    Descending order is the ascending stable sort of the reversed array, reversed back: equal values
    then keep their original order, and NaNs (last when ascending) come first.
    """
    xp = array_module(a)
    if not descending:
        return xp.argsort(a, axis=axis, kind="stable")
    n = a.shape[axis]
    idx = xp.argsort(xp.flip(a, axis), axis=axis, kind="stable")
    return (n - 1) - xp.flip(idx, axis)


def searchsorted_array(sorted_sequence, values, right=False):
    """Insertion points of values into sorted_sequence along its last axis (rows matched by leading dims)."""
    xp = array_module(sorted_sequence)
    side = "right" if right else "left"
    if sorted_sequence.ndim == 1:
        return xp.searchsorted(sorted_sequence, values, side=side).astype("int64")
    seq = sorted_sequence.reshape(-1, sorted_sequence.shape[-1])
    vals = values.reshape(seq.shape[0], -1)
    out = xp.stack([xp.searchsorted(s, v, side=side) for s, v in zip(seq, vals)])
    return out.reshape(values.shape).astype("int64")
