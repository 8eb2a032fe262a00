"""The step schedule and memory layouts shared by the recurrent layer ops (``rnn_gru.py``, ``lstm.py``).

Every layer op runs ONE direction of ONE layer over a whole sequence that arrives *packed* (the layout
of ``nn.utils.rnn.PackedSequence``): a 2-D array ``x`` (N, features) holding time step 0's rows, then
step 1's rows, and so on, where step t has ``batch_sizes[t]`` rows (sequences sorted longest first, so
the active rows of a step are always a prefix of the batch). A plain (T, B, F) batch is the special case
``batch_sizes = [B] * T`` reshaped to (T * B, F), so there is only one code path.

This file holds what the ops share:

* ``schedule``: the steps of one direction in processing order, each saying where its previous state
  comes from (the step before, or the initial state for sequences that start there) and which rows end
  there (their final state);
* ``FeatureMajor``: the layout the LSTM and GRU compute in, one contiguous (features, batch) block per
  step, and ``prev_block``, a step's previous state in that layout;
* ``gather_prev`` / ``scatter_prev``: the same for the Elman RNN, which computes on the packed rows
  themselves (``rnn_gru.py`` says why: its step is too small to pay for converting to blocks);
* ``split_flat`` and ``TakePart``: an op returns one array, so the output, h_n (and c_n) are packed
  into one flat buffer, and ``TakePart`` hands out each result as a view.

The readable version of what the ops compute is ``glassnet/ops/reference/recurrent.py``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from ..autograd.function import Function


class Step(NamedTuple):
    """One time step: its rows in the packed data and where its previous state comes from."""

    rows: slice  # this step's rows in the packed (N, ...) arrays
    bs: int  # number of active sequences (rows) at this step
    prev: slice | None  # rows of the step processed just before (None: the first step)
    n: int  # rows [:n] take their previous state from ``prev``; rows [n:bs] from the initial state
    keep: int  # rows [:keep] go on to the next step; rows [keep:bs] end here (their final state)
    t: int  # this step's time index
    pt: int  # time index of the step processed just before (-1: the first step)


@lru_cache(maxsize=64)
def schedule(batch_sizes: tuple, reverse: bool) -> tuple:
    """The steps of one direction over a packed sequence, in processing order."""
    offsets = [0]
    for b in batch_sizes:
        offsets.append(offsets[-1] + b)
    order = list(range(len(batch_sizes)))
    if reverse:
        order.reverse()
    steps = []
    for k, t in enumerate(order):
        bs = batch_sizes[t]
        prev = order[k - 1] if k > 0 else None
        nxt = order[k + 1] if k + 1 < len(order) else None
        steps.append(Step(
            rows=slice(offsets[t], offsets[t] + bs),
            bs=bs,
            prev=None if prev is None else slice(offsets[prev], offsets[prev] + batch_sizes[prev]),
            n=0 if prev is None else min(bs, batch_sizes[prev]),
            keep=0 if nxt is None else min(bs, batch_sizes[nxt]),
            t=t,
            pt=-1 if prev is None else prev,
        ))
    return tuple(steps)


def gather_prev(dst, out, init, s: Step) -> None:
    """Row-major: fill dst (bs, H) with each active sequence's previous state: the last output, else the
    initial one."""
    if s.prev is not None:
        dst[: s.n] = out[s.prev][: s.n]
    if s.n < s.bs:
        dst[s.n:] = init[s.n: s.bs]


def scatter_prev(grad, d_out, d_init, s: Step) -> None:
    """Row-major: send the gradient of the previous state back to whatever produced it (gather's reverse)."""
    if s.prev is not None:
        d_out[s.prev][: s.n] += grad[: s.n]
    if s.n < s.bs:
        d_init[s.n: s.bs] += grad[s.n:]


def split_flat(buf, *shapes):
    """Views of consecutive pieces of a flat buffer, one per shape."""
    out, start = [], 0
    for shape in shapes:
        size = 1
        for d in shape:
            size *= d
        out.append(buf[start: start + size].reshape(shape))
        start += size
    return out


class TakePart(Function):
    """One result of a multi-result op: a reshaped slice of the op's flat output buffer."""

    @staticmethod
    def forward(ctx, buf, start, shape):
        size = 1
        for d in shape:
            size *= d
        ctx.index, ctx.buf_shape = (slice(start, start + size),), buf.shape
        return buf[start: start + size].reshape(shape)

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        return ns.index_into_zeros(ns.reshape(g, (-1,)), ctx.buf_shape, ctx.index), None, None


class FeatureMajor:
    """The recurrent ops' layout: one contiguous (F, bs_t) block per time step, for F features.

    For equal lengths the blocks are one (T, F, B) array; for a packed batch, a list of views of one flat
    buffer. Either way ``blocks[t]`` is step t's block. Conversions to and from packed rows (N, F) happen
    once per layer, outside the time loop.
    """

    def __init__(self, batch_sizes: tuple, xp: Any, dtype: Any) -> None:
        self.batch_sizes, self.xp, self.dtype = batch_sizes, xp, dtype
        self.T, self.B, self.N = len(batch_sizes), batch_sizes[0], sum(batch_sizes)
        self.equal = all(b == self.B for b in batch_sizes)
        self.offsets = [0]
        for b in batch_sizes:
            self.offsets.append(self.offsets[-1] + b)

    def new(self, F: int, fill: float | None = None) -> Any:
        """Blocks of F features (uninitialised, or set to ``fill``)."""
        flat = self.xp.empty(self.N * F, dtype=self.dtype) if fill is None else \
            self.xp.full(self.N * F, fill, dtype=self.dtype)
        if self.equal:
            return flat.reshape(self.T, F, self.B)
        return [flat[F * a: F * b].reshape(F, b - a) for a, b in zip(self.offsets, self.offsets[1:])]

    def rows(self, t: int) -> slice:
        """Step t's rows in the packed (N, F) layout."""
        return slice(self.offsets[t], self.offsets[t + 1])

    def from_rows(self, rows: Any, out: Any = None, start: int = 0) -> Any:
        """Write packed rows (N, F) into feature rows [start, start + F) of ``out`` (new blocks if None)."""
        F = rows.shape[1]
        out = self.new(F) if out is None else out
        if self.equal:
            out[:, start: start + F] = rows.reshape(self.T, self.B, F).transpose(0, 2, 1)
        else:
            for t, blk in enumerate(out):
                blk[start: start + F] = rows[self.rows(t)].T
        return out

    def to_rows(self, blocks: Any, start: int = 0, stop: int | None = None, out: Any = None) -> Any:
        """Feature rows [start, stop) of the blocks as packed rows (N, F), written into ``out`` if given."""
        stop = blocks[0].shape[0] if stop is None else stop
        if out is None:
            out = self.xp.empty((self.N, stop - start), dtype=self.dtype)
        if self.equal:
            out.reshape(self.T, self.B, -1)[...] = blocks[:, start:stop].transpose(0, 2, 1)
        else:
            for t, blk in enumerate(blocks):
                out[self.rows(t)] = blk[start:stop].T
        return out

    def to_cols(self, blocks: Any) -> Any:
        """(F, N): the blocks side by side, one column per packed row (for products over all steps)."""
        F = blocks[0].shape[0]
        out = self.xp.empty((F, self.N), dtype=self.dtype)
        if self.equal:
            out.reshape(F, self.T, self.B)[...] = blocks.transpose(1, 0, 2)
        else:
            for t, blk in enumerate(blocks):
                out[:, self.rows(t)] = blk
        return out


def prev_block(blocks, init_t, s: Step, scratch):
    """(F, bs) previous state of this step's columns: a view of the last step's block when every column
    continues from it (the common case), else gathered with the initial state into ``scratch``."""
    if s.pt >= 0 and s.n == s.bs:
        prev = blocks[s.pt]
        return prev if prev.shape[1] == s.bs else prev[:, : s.bs]
    dst = scratch[:, : s.bs]
    if s.pt >= 0:
        dst[:, : s.n] = blocks[s.pt][:, : s.n]
    dst[:, s.n:] = init_t[:, s.n: s.bs]
    return dst
