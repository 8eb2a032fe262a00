"""A convolution's product taken a few output rows at a time, while its columns are still in the cache.

``ops/conv.py`` makes a convolution one matrix product, ``W (O, K) @ cols (K, columns)``, with ``cols``
copied out of the input by im2col. That matrix is large (LeNet-5's first layer at batch 256: 25 x
200,704 numbers, 20 MB), so writing it and reading it back for the product both run at memory speed.
Here the columns of a few output rows (or pixels, or images) are copied and multiplied at once, and
the next piece follows. Without a weight gradient to take the pieces share one small buffer and the
whole matrix never exists; in training they are written into the whole matrix, which dW reads.

OpenBLAS adds a second reason (docs/performance.md, finding 8): it multiplies a product of at most
about 10^6 multiply-adds with an unpacked small-matrix kernel, 2-3x faster per column than its packed
one for a layer with few outputs and a short kernel (LeNet's first: 6 x 25). Such layers take pieces
under that size, in training too, and their weight gradient is a sum of such products.
"""

from __future__ import annotations

from ..backend import array_module

PIECE_BYTES = 2 << 20  # a piece's columns, when the product is not small: about a core's cache
SMALL_PRODUCT = 1_000_000  # multiply-adds OpenBLAS takes with its small-matrix kernel


def small_product_columns(o: int, k: int) -> int:
    """Columns per piece that keep an (o, k) weight's product small (0 when fewer than 2048 would fit)."""
    most = SMALL_PRODUCT // max(o * k, 1)
    return most if most >= 2048 else 0


def piece_index(shape: tuple, most: int) -> list:
    """Index tuples that cut the column axes ``shape`` (A, B, C) into pieces of at most ``most`` columns.

    Pieces are whole A-slices (rows or images) when one of them fits, else B-slices within one A.
    """
    a_len, b_len, c_len = shape

    def spans(units, per):
        step = max(1, most // max(per, 1))
        return [slice(a, min(a + step, units)) for a in range(0, units, step)]

    if b_len * c_len <= most:
        return [(s,) for s in spans(a_len, b_len * c_len)]
    return [(i, s) for i in range(a_len) for s in spans(b_len, c_len)]


def forward_in_pieces(win, wm, b, keep_cols: bool):
    """``wm (O, K) @ columns (+ b)`` for the patches view ``win`` (C, kh, kw, A, B, C') of ``conv.patches``.

    Returns the output as (O, A*B*C') in the column order of ``win``, as the one product would give it,
    and the whole columns (1, K, A*B*C') when ``keep_cols``, else None.
    """
    xp = array_module(win)
    o, k = wm.shape
    most = small_product_columns(o, k) or max(1, PIECE_BYTES // (k * win.dtype.itemsize))
    out = xp.empty((o,) + win.shape[3:], dtype=xp.result_type(win, wm))
    cols = xp.empty(win.shape, dtype=win.dtype) if keep_cols else None
    index = piece_index(win.shape[3:], most)
    every = (slice(None),) * 3  # C, kh, kw: a piece takes all of them
    # The first piece is the largest (only the last of a row or image can be shorter).
    buf = None if keep_cols else xp.empty(win[every + index[0]].size if index else 0, dtype=win.dtype)
    for i in index:
        src = win[every + i]
        piece = cols[every + i] if keep_cols else buf[:src.size].reshape(src.shape)
        piece[...] = src  # this piece's im2col copy
        res = out[(slice(None),) + i].reshape(o, -1)  # a view: a piece is whole rows of the output
        xp.matmul(wm, piece.reshape(k, -1), out=res)
        if b is not None:
            res += b[:, None]
    return out.reshape(o, -1), (cols.reshape(1, k, -1) if keep_cols else None)


def weight_grad_in_pieces(gm, cols, most: int):
    """dW = gm (O, M) @ cols (K, M).T as a sum of products over ``most`` columns at a time; returns (O, K)."""
    xp = array_module(cols)
    dw_t, part = xp.zeros((cols.shape[0], gm.shape[0]), dtype=xp.result_type(cols, gm)), None
    for a in range(0, cols.shape[1], most):
        part = xp.matmul(cols[:, a:a + most], gm[:, a:a + most].T, out=part)
        dw_t += part
    return dw_t.T
