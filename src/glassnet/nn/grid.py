"""Spatial transformer sampling: F.affine_grid and F.grid_sample (PyTorch's names, coordinates and modes).

affine_grid maps an output pixel's normalised coordinates (-1 .. 1 across the image) through theta.
grid_sample reads the input at those (x, y[, z]) positions: the weights of the neighbouring pixels depend
on the grid (so the grid gets gradients) and the values are gathered from the input (so it does too).
Which pixels are neighbours, and whether they lie inside, are constants of the forward pass.
"""

from __future__ import annotations

import warnings
from typing import Any

from ..tensor import Tensor

_ALIGN_WARNING = ("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
                  "Please specify align_corners=True if the old behavior is desired. See the documentation of "
                  "grid_sample for details.")


def _linspace(xp: Any, n: int, align_corners: bool, dtype: Any) -> Any:
    if n <= 1:
        return xp.zeros(max(n, 0), dtype=dtype)
    steps = xp.linspace(-1.0, 1.0, n, dtype=dtype)
    return steps if align_corners else steps * dtype.type((n - 1) / n)


def affine_grid(theta: Tensor, size: Any, align_corners: bool | None = None) -> Tensor:
    """Sampling grid (N, H, W, 2) or (N, D, H, W, 3) of the affine maps theta (N, 2, 3) or (N, 3, 4)."""
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    size = tuple(int(s) for s in size)
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    if len(size) == 4:
        rows, cols, what = 2, 3, "2D affine matrices of shape Nx2x3"
    elif len(size) == 5:
        rows, cols, what = 3, 4, "3D affine matrices of shape Nx3x4"
    else:
        raise NotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
                                  f"respectively. Got size {size}.")
    if theta.ndim != 3 or tuple(theta.shape[1:]) != (rows, cols) or theta.shape[0] != size[0]:
        raise ValueError(f"Expected a batch of {what} for size {size}. Got {tuple(theta.shape)}.")
    if min(size[2:]) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    if align_corners and min(size[2:]) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
                      "align_corners=True. This is not an intended use case of affine_grid. See the documentation "
                      "of affine_grid for details.", stacklevel=2)
    xp, dt = theta.xp, theta._data.dtype
    # base[..., :] = (x, y[, z], 1) with x varying along the last spatial axis
    axes = [_linspace(xp, n, align_corners, dt) for n in reversed(size[2:])]
    mesh = xp.meshgrid(*reversed(axes), indexing="ij")  # each shape size[2:]
    coords = list(reversed(mesh)) + [xp.ones(size[2:], dtype=dt)]
    base = Tensor._wrap(xp.stack(coords, axis=-1).reshape(1, -1, cols))
    grid = base @ theta.transpose(1, 2)  # (N, points, rows)
    return grid.reshape((size[0],) + size[2:] + (rows,))


def _unnormalize(coord: Tensor, size: int, align_corners: bool) -> Tensor:
    if align_corners:
        return (coord + 1) * ((size - 1) / 2)
    return ((coord + 1) * size - 1) / 2


def _reflect(coord: Tensor, twice_low: int, twice_high: int) -> Tensor:
    """Mirror coordinates into [twice_low / 2, twice_high / 2] (PyTorch's reflect_coordinates)."""
    if twice_low == twice_high:
        return coord * 0
    low, span = twice_low / 2, (twice_high - twice_low) / 2
    dist = (coord - low).abs()
    flips = dist.xp.floor(dist._data / span)
    extra = dist - Tensor._wrap((flips * span).astype(dist._data.dtype))
    odd = (flips % 2).astype(dist._data.dtype)
    # even number of flips: low + extra; odd: low + span - extra
    return extra * Tensor._wrap(1 - 2 * odd) + Tensor._wrap((low + odd * span).astype(dist._data.dtype))


def _source(coord: Tensor, size: int, padding_mode: str, align_corners: bool) -> Tensor:
    x = _unnormalize(coord, size, align_corners)
    if padding_mode == "reflection":
        x = _reflect(x, 0, 2 * (size - 1)) if align_corners else _reflect(x, -1, 2 * size - 1)
    if padding_mode in ("border", "reflection"):
        x = x.clamp(0, size - 1)
    return x


def _gather(flat: Tensor, idx: list, sizes: tuple) -> tuple[Tensor, Any]:
    """flat[n, c, plane offset of the integer position idx (x, y[, z] maps)], and where those lie inside.

    ``sizes`` is (W, H[, D]), matching idx; the offset over the plane or volume is ((z*H) + y)*W + x.
    """
    xp = flat.xp
    inside = xp.ones(idx[0].shape, dtype=bool)
    offset = xp.zeros(idx[0].shape, dtype="int64")
    for i, n in reversed(list(zip(idx, sizes))):
        inside &= (i >= 0) & (i < n)
        offset = offset * n + i
    index = xp.where(inside, offset, 0).reshape(offset.shape[0], 1, -1)
    index = xp.broadcast_to(index, (flat.shape[0], flat.shape[1], index.shape[2]))
    return flat.gather(2, Tensor._wrap(xp.ascontiguousarray(index))), inside


def _cubic_weights(t: Tensor) -> list[Tensor]:
    """Keys' cubic convolution weights (A = -0.75, as PyTorch) of the taps at offsets -1, 0, 1, 2."""
    a = -0.75

    def near(d: Tensor) -> Tensor:  # |d| <= 1
        return ((a + 2) * d - (a + 3)) * d * d + 1

    def far(d: Tensor) -> Tensor:  # 1 < |d| < 2
        return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a

    return [far(t + 1), near(t), near(1 - t), far(2 - t)]


def grid_sample(input: Tensor, grid: Tensor, mode: str = "bilinear", padding_mode: str = "zeros",  # noqa: A002
                align_corners: bool | None = None) -> Tensor:
    """Sample input (N, C, H, W) / (N, C, D, H, W) at grid (N, Ho, Wo, 2) / (N, Do, Ho, Wo, 3) positions
    (x, y[, z] in -1 .. 1): output (N, C, Ho, Wo) / (N, C, Do, Ho, Wo)."""
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(f"nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', "
                         f"but got: '{mode}'")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         f"'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    nd = input.ndim - 2
    if nd not in (2, 3):
        raise RuntimeError(f"grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, but "
                           f"got input with sizes {list(input.shape)} and grid with sizes {list(grid.shape)}")
    if grid.ndim != input.ndim or grid.shape[-1] != nd:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {nd} in last dimension, but got grid with "
                           f"sizes {list(grid.shape)}")
    if grid.shape[0] != input.shape[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, but got input with "
                           f"sizes {list(input.shape)} and grid with sizes {list(grid.shape)}")
    if mode == "bicubic" and nd != 2:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    n, c = input.shape[:2]
    sizes = tuple(reversed(input.shape[2:]))  # (W, H[, D]): the order of the grid's coordinates
    out_shape = (n, c) + tuple(grid.shape[1:-1])
    xp = input.xp
    flat = input.reshape(n, c, -1)
    coords = [grid[..., i] for i in range(nd)]

    def read(idx: list, weight: Tensor) -> Tensor:
        values, inside = _gather(flat, idx, sizes)
        mask = Tensor._wrap(inside.astype(input._data.dtype).reshape(n, 1, -1))
        return values * mask * weight.reshape(n, 1, -1)

    def floor(t: Tensor) -> tuple[Any, Tensor]:
        """The integer part (a constant) and the fraction t - floor(t) (differentiable)."""
        whole = xp.floor(t._data)
        return whole.astype("int64"), t - Tensor._wrap(whole)

    if mode == "bicubic":
        # taps may fall outside; each is mapped by the padding mode (zeros: dropped), as PyTorch does
        (x0, tx), (y0, ty) = (floor(_unnormalize(t, size, align_corners)) for t, size in zip(coords, sizes))
        wx, wy = _cubic_weights(tx), _cubic_weights(ty)
        out = 0
        for j in range(4):
            for i in range(4):
                taps = [_tap(xp, x0 + i - 1, sizes[0], padding_mode, align_corners),
                        _tap(xp, y0 + j - 1, sizes[1], padding_mode, align_corners)]
                out = out + read(taps, wx[i] * wy[j])
        return out.reshape(out_shape)
    src = [_source(t, size, padding_mode, align_corners) for t, size in zip(coords, sizes)]
    if mode == "nearest":
        ones = coords[0] * 0 + 1  # through the grid, so it gets PyTorch's zero gradient rather than none
        return read([xp.rint(t._data).astype("int64") for t in src], ones).reshape(out_shape)
    # (bi/tri)linear: each of the 2^nd corners, weighted by the product of (1 - frac) or frac per axis
    parts = [floor(t) for t in src]
    out = 0
    for corner in range(2 ** nd):
        bits = [(corner >> d) & 1 for d in range(nd)]
        weight = 1
        for (_, frac), bit in zip(parts, bits):
            weight = weight * (frac if bit else 1 - frac)
        out = out + read([whole + bit for (whole, _), bit in zip(parts, bits)], weight)
    return out.reshape(out_shape)


def _tap(xp: Any, index: Any, size: int, padding_mode: str, align_corners: bool) -> Any:
    """An integer bicubic tap position after the padding mode (PyTorch's compute_coordinates on taps)."""
    if padding_mode == "zeros":
        return index
    pos = index.astype("float64")
    if padding_mode == "reflection":
        low, high = (0, 2 * (size - 1)) if align_corners else (-1, 2 * size - 1)
        if low == high:
            pos = pos * 0
        else:
            lo, span = low / 2, (high - low) / 2
            dist = xp.abs(pos - lo)
            flips = xp.floor(dist / span)
            extra = dist - flips * span
            pos = xp.where(flips % 2 == 0, lo + extra, lo + span - extra)
    return xp.clip(pos, 0, size - 1).astype("int64")


