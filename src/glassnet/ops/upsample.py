"""Index and weight tables for interpolation (PyTorch's source-index rules), as raw arrays.

Resizing is linear in the input, so ``F.interpolate`` applies these tables with ordinary
differentiable tensor ops: a gather for 'nearest', one small matrix per axis for 'linear'.
"""

from __future__ import annotations


def source_scale(n_in: int, n_out: int, scale_factor: float | None) -> float:
    """PyTorch's scale: 1/scale_factor when one was given, else in/out."""
    if scale_factor is not None and scale_factor > 0:
        return 1.0 / scale_factor
    return n_in / n_out


def nearest_index(xp, n_in: int, n_out: int, scale: float, exact: bool = False):
    """Source index per output position: floor(dst*scale) ('nearest') or floor((dst+0.5)*scale)."""
    dst = xp.arange(n_out, dtype=xp.float32)
    if exact:
        dst = dst + xp.float32(0.5)
    src = xp.floor(dst * xp.float32(scale)).astype(xp.int64)  # float32 like PyTorch's kernel
    return xp.minimum(src, n_in - 1)


def linear_matrix(xp, n_in: int, n_out: int, scale: float, align_corners: bool, dtype):
    """(n_out, n_in) matrix of linear-interpolation weights (two non-zeros per row)."""
    dst = xp.arange(n_out, dtype=xp.float64)
    if align_corners:
        src = dst * ((n_in - 1) / (n_out - 1) if n_out > 1 else 0.0)
    else:
        src = xp.maximum((dst + 0.5) * scale - 0.5, 0.0)
    i0 = xp.minimum(xp.floor(src).astype(xp.int64), n_in - 1)
    i1 = xp.minimum(i0 + 1, n_in - 1)
    w1 = src - i0
    m = xp.zeros((n_out, n_in), dtype=xp.float64)
    rows = xp.arange(n_out)
    xp.add.at(m, (rows, i0), 1.0 - w1)
    xp.add.at(m, (rows, i1), w1)
    return m.astype(dtype)


def cubic_matrix(xp, n_in: int, n_out: int, scale: float, align_corners: bool, dtype):
    """(n_out, n_in) matrix of bicubic weights (Keys' cubic convolution, A = -0.75, as PyTorch).

    Each output reads the four inputs around its source position; taps past an edge read the edge
    value (PyTorch clamps the index), so their weights add onto the border column.
    """
    a = -0.75
    dst = xp.arange(n_out, dtype=xp.float64)
    if align_corners:
        src = dst * ((n_in - 1) / (n_out - 1) if n_out > 1 else 0.0)
    else:
        src = (dst + 0.5) * scale - 0.5  # no clamp at 0 for cubic, unlike linear
    i0 = xp.floor(src).astype(xp.int64)
    t = src - i0
    # Distances 1+t, t, 1-t, 2-t to the taps i0-1 .. i0+2, through Keys' kernel.
    w = [((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a,
         ((a + 2) * t - (a + 3)) * t * t + 1,
         ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1,
         ((a * (2 - t) - 5 * a) * (2 - t) + 8 * a) * (2 - t) - 4 * a]
    m = xp.zeros((n_out, n_in), dtype=xp.float64)
    rows = xp.arange(n_out)
    for k in range(4):
        xp.add.at(m, (rows, xp.clip(i0 - 1 + k, 0, n_in - 1)), w[k])
    return m.astype(dtype)


def antialias_matrix(xp, n_in: int, n_out: int, scale: float, mode: str, dtype):
    """(n_out, n_in) weights of PyTorch's antialiased resize (PIL's algorithm) for 'bilinear' or 'bicubic'.

    When shrinking, the filter (a triangle, or Keys' cubic with A = -0.5) is stretched by the scale so
    every input pixel contributes; each row's weights are normalised to sum to 1.
    """
    size = 2 if mode == "bilinear" else 4
    support = size * 0.5 * scale if scale >= 1.0 else size * 0.5
    invscale = 1.0 / scale if scale >= 1.0 else 1.0

    def kernel(x):
        x = xp.abs(x)
        if mode == "bilinear":
            return xp.maximum(1.0 - x, 0.0)
        a = -0.5
        near = ((a + 2) * x - (a + 3)) * x * x + 1
        far = (((x - 5) * x + 8) * x - 4) * a
        return xp.where(x < 1, near, xp.where(x < 2, far, 0.0))

    m = xp.zeros((n_out, n_in), dtype=xp.float64)
    for i in range(n_out):
        center = scale * (i + 0.5)
        lo = max(int(center - support + 0.5), 0)
        hi = min(int(center + support + 0.5), n_in)
        w = kernel((xp.arange(lo, hi) - center + 0.5) * invscale)
        total = w.sum()
        m[i, lo:hi] = w / total if total != 0 else w
    return m.astype(dtype)
