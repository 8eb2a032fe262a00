"""Spatial transformers: F.affine_grid (a sampling grid from affine matrices) and F.grid_sample.

``grid_sample`` reads the input at arbitrary normalised positions ([-1, 1] spans the image). Each
output value is a weighted sum of the input at the 2**n neighbouring pixels (bilinear/trilinear)
or at the nearest one, written as differentiable tensor ops: a gather from the input (its
gradient is a scatter-add) times weights computed from the grid (so the grid gets a gradient too).
Padding modes say what lies outside: 'zeros' (taps outside add nothing), 'border' (coordinates
clamp to the edge) and 'reflection' (coordinates mirror at the edges).
"""

from __future__ import annotations

import itertools
import warnings
from typing import Any

from ..functions import where
from ..tensor import Tensor

_MODES = ("bilinear", "nearest", "bicubic")
_PADDING = ("zeros", "border", "reflection")


def _resolve_align_corners(align_corners: bool | None) -> bool:
    """PyTorch's default (False), with its warning when the caller left the choice open."""
    if align_corners is None:
        warnings.warn("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
                      "Please specify align_corners=True if the old behavior is desired. See the documentation of "
                      "grid_sample for details.", UserWarning, stacklevel=3)
        return False
    return bool(align_corners)


def _base_coords(n: int, align_corners: bool, xp: Any, dtype: Any) -> Any:
    """PyTorch's normalised pixel centres along one axis."""
    if n <= 1:
        return xp.zeros(max(n, 0), dtype=dtype)
    r = xp.linspace(-1.0, 1.0, n)
    return (r if align_corners else r * (n - 1) / n).astype(dtype)


def affine_grid(theta: Tensor, size: Any, align_corners: bool | None = None) -> Tensor:
    """Generate 2D or 3D flow field (sampling grid), given a batch of affine matrices ``theta``.

    Usually used together with :func:`grid_sample` to implement Spatial Transformer Networks. The
    grid holds, for every output position, the normalised ``(x, y)`` (or ``(x, y, z)``) input
    coordinates in ``[-1, 1]`` that the affine map sends it to.

    Args:
        theta (Tensor): input batch of affine matrices with shape ``(N, 2, 3)`` for 2D or ``(N, 3, 4)``
            for 3D.
        size (Size or tuple): the target output image size: ``(N, C, H, W)`` for 2D or
            ``(N, C, D, H, W)`` for 3D.
        align_corners (bool, optional): if ``True``, consider ``-1`` and ``1`` to refer to the centers of
            the corner pixels rather than the image corners; use the same value in :func:`grid_sample`.
            Default: ``None`` (``False``, with a warning as in PyTorch).

    Returns:
        Tensor: output tensor of size ``(N, H, W, 2)`` (or ``(N, D, H, W, 3)``).

    Example:
        >>> theta = glassnet.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]])
        >>> F.affine_grid(theta, (1, 1, 2, 2), align_corners=False)
        tensor([[[[-0.5000, -0.5000],
                  [ 0.5000, -0.5000]],
        <BLANKLINE>
                 [[-0.5000,  0.5000],
                  [ 0.5000,  0.5000]]]])
    """
    size = tuple(int(s) for s in size)
    corners = _resolve_align_corners(align_corners)
    if not theta.is_floating_point():
        raise ValueError(f"affine_grid: expected theta to have floating point type, but got {theta.dtype}")
    if len(size) == 4:
        if theta.ndim != 3 or tuple(theta.shape[1:]) != (2, 3):
            raise ValueError(f"affine_grid: expected a batch of 2D affine matrices of shape Nx2x3 for size {size}, "
                             f"got {tuple(theta.shape)}")
    elif len(size) == 5:
        if theta.ndim != 3 or tuple(theta.shape[1:]) != (3, 4):
            raise ValueError(f"affine_grid: expected a batch of 3D affine matrices of shape Nx3x4 for size {size}, "
                             f"got {tuple(theta.shape)}")
    else:
        raise NotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
                                  f"respectively. Got size {size}.")
    if corners and min(size[2:]) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
                      "align_corners=True. This is not an intended use case of affine_grid. See the documentation "
                      "of affine_grid for details.", UserWarning, stacklevel=2)
    elif min(size) <= 0:
        raise ValueError(f"affine_grid: expected non-zero, positive output size, got {size}")
    if theta.shape[0] != size[0]:
        # a RuntimeError, as PyTorch's batched matmul of theta with the base grid raises
        raise RuntimeError(f"affine_grid: theta has batch {theta.shape[0]} but size asks for {size[0]}")
    xp, dt = theta.xp, theta._data.dtype
    spatial = size[2:]
    axes = [_base_coords(n, corners, xp, dt) for n in spatial]  # D, H, W order
    mesh = xp.meshgrid(*axes, indexing="ij")
    # base rows (x, y[, z], 1): x runs along the last (width) axis
    base = xp.stack([m.reshape(-1) for m in reversed(mesh)] + [xp.ones(mesh[0].size, dtype=dt)], -1)
    grid = Tensor(base).unsqueeze(0) @ theta.transpose(1, 2)  # (N, prod(spatial), n)
    return grid.reshape(size[0], *spatial, len(spatial))


def _unnormalize(coord: Tensor, n: int, align_corners: bool) -> Tensor:
    if align_corners:
        return (coord + 1) / 2 * (n - 1)
    return ((coord + 1) * n - 1) / 2


def _reflect(coord: Tensor, twice_low: int, twice_high: int) -> Tensor:
    """Mirror coordinates into [low, high] (PyTorch's reflect_coordinates), keeping the gradient's sign."""
    if twice_low == twice_high:
        return coord * 0.0
    low, span = twice_low / 2, (twice_high - twice_low) / 2
    dist = (coord - low).abs()
    flips = coord.xp.floor(dist._data / span)
    extra = dist - Tensor(flips * span)
    return where(Tensor(flips % 2 == 0), extra + low, span - extra + low)


def _source_coord(coord: Tensor, n: int, padding_mode: str, align_corners: bool) -> Tensor:
    x = _unnormalize(coord, n, align_corners)
    if padding_mode == "reflection":
        x = _reflect(x, 0, 2 * (n - 1)) if align_corners else _reflect(x, -1, 2 * n - 1)
    if padding_mode in ("border", "reflection"):
        x = x.clamp(0, n - 1)
    return x


def _gather(flat: Tensor, idx: Any, inside: Any) -> Tensor:
    """flat (N, C, P) at per-sample positions idx (N, Q); positions outside read 0."""
    xp = flat.xp
    n, c = flat.shape[:2]
    safe = xp.where(inside, idx, 0)
    vals = flat.gather(2, Tensor(xp.broadcast_to(safe[:, None, :], (n, c, safe.shape[1])).copy()))
    return vals * Tensor(inside[:, None, :].astype(flat._data.dtype))


def _cubic_weights(t: Tensor) -> list:
    """Keys' cubic convolution weights (A = -0.75) for the taps at -1, 0, 1, 2 around a fractional offset t."""
    a = -0.75

    def near(x: Tensor) -> Tensor:  # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x: Tensor) -> Tensor:  # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    return [far(t + 1), near(t), near(1 - t), far(2 - t)]


def grid_sample(input: Tensor, grid: Tensor, mode: str = "bilinear", padding_mode: str = "zeros",  # noqa: A002
                align_corners: bool | None = None) -> Tensor:
    """Compute grid sample.

    Given an ``input`` and a flow-field ``grid``, computes the output using input values and pixel
    locations from ``grid``: for each output location, ``grid`` holds the normalised ``(x, y)`` (or
    ``(x, y, z)``) input coordinates in ``[-1, 1]`` (``-1`` the left/top edge, ``1`` the
    right/bottom edge) at which the input is interpolated.

    Args:
        input (Tensor): input of shape ``(N, C, H_in, W_in)`` (4-D case) or ``(N, C, D_in, H_in, W_in)``
            (5-D case).
        grid (Tensor): flow-field of shape ``(N, H_out, W_out, 2)`` (4-D case) or
            ``(N, D_out, H_out, W_out, 3)`` (5-D case).
        mode (str, optional): interpolation mode to calculate output values: ``'bilinear'`` | ``'nearest'`` |
            ``'bicubic'`` (4-D only). With a 5-D input ``'bilinear'`` is trilinear. Default: ``'bilinear'``.
        padding_mode (str, optional): padding mode for outside grid values: ``'zeros'`` | ``'border'`` |
            ``'reflection'``. Default: ``'zeros'``.
        align_corners (bool, optional): if ``True``, the extrema (``-1`` and ``1``) refer to the center points
            of the input's corner pixels; if ``False``, to the corner points of its corner pixels.
            Default: ``None`` (``False``, with a warning as in PyTorch).

    Returns:
        Tensor: output of shape ``(N, C, H_out, W_out)`` (or ``(N, C, D_out, H_out, W_out)``).

    Example:
        >>> input = glassnet.arange(4.0).reshape(1, 1, 2, 2)
        >>> grid = glassnet.tensor([[[[-1.0, -1.0], [0.0, 0.0], [1.0, 1.0]]]])
        >>> F.grid_sample(input, grid, align_corners=True)
        tensor([[[[0.0000, 1.5000, 3.0000]]]])
    """
    if mode not in _MODES:
        raise ValueError(f"nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', "
                         f"but got: '{mode}'")
    if padding_mode not in _PADDING:
        raise ValueError(f"nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         f"'reflection', but got: '{padding_mode}'")
    corners = _resolve_align_corners(align_corners)
    # PyTorch's checks, in its order and wording (it names the op grid_sampler())
    sizes = f"input with sizes {list(input.shape)} and grid with sizes {list(grid.shape)}"
    if input.ndim and grid.ndim and input.shape[0] != grid.shape[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, but got {sizes}")
    if grid.ndim and grid.shape[-1] != input.ndim - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {input.ndim - 2} in last dimension, "
                           f"but got grid with sizes {list(grid.shape)}")
    if input.ndim not in (4, 5) or grid.ndim != input.ndim:
        raise RuntimeError(f"grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, "
                           f"but got {sizes}")
    if 0 in input.shape[2:]:
        raise RuntimeError(f"grid_sampler(): expected input to have non-empty spatial dimensions, but input has "
                           f"sizes {list(input.shape)}")
    if mode == "bicubic" and input.ndim != 4:
        raise RuntimeError(f"grid_sampler(): bicubic interpolation only supports 4D input, got input with sizes "
                           f"{list(input.shape)}")
    xp = input.xp
    n, c = input.shape[:2]
    spatial = tuple(input.shape[2:])  # (D,) H, W
    out_spatial = tuple(grid.shape[1:-1])
    n_sp = len(spatial)
    g = grid.reshape(n, -1, n_sp)
    # grid's last dim is (x, y[, z]): component k addresses spatial axis n_sp - 1 - k
    coords = [_source_coord(g[:, :, n_sp - 1 - a], spatial[a], padding_mode, corners) for a in range(n_sp)]
    flat = input.reshape(n, c, -1)
    strides = [1] * n_sp
    for a in range(n_sp - 2, -1, -1):
        strides[a] = strides[a + 1] * spatial[a + 1]

    def tap(offsets_and_weights: list) -> Tensor:
        idx = 0
        inside = True
        weight = None
        for a, (pos, w) in enumerate(offsets_and_weights):
            inside = inside & (pos >= 0) & (pos < spatial[a])
            idx = idx + xp.clip(pos, 0, spatial[a] - 1) * strides[a]
            weight = w if weight is None else weight * w
        vals = _gather(flat, idx, inside)
        return vals if weight is None else vals * weight.unsqueeze(1)

    if mode == "nearest":
        # the output is piecewise constant in the grid: a weight that is exactly 1 with gradient 0 keeps the grid
        # in the graph, so it gets PyTorch's zero gradient rather than none
        one = where(Tensor(xp.zeros(coords[0].shape, dtype=bool)), coords[0], 1.0)
        # round half to even, as PyTorch's nearbyint
        out = tap([(xp.round(x._data).astype(xp.int64), None) for x in coords]) * one.unsqueeze(1)
    elif mode == "bilinear":
        lows = [xp.floor(x._data) for x in coords]
        fracs = [x - Tensor(lo) for x, lo in zip(coords, lows)]
        out = None
        for corner in itertools.product((0, 1), repeat=n_sp):
            parts = [(lo.astype(xp.int64) + k, f if k else 1 - f) for lo, f, k in zip(lows, fracs, corner)]
            t = tap(parts)
            out = t if out is None else out + t
    else:  # bicubic: 4x4 taps; with border/reflection padding each tap's coordinate is mapped as well
        raw = [_unnormalize(g[:, :, n_sp - 1 - a], spatial[a], corners) for a in range(n_sp)]
        lows = [xp.floor(x._data) for x in raw]
        weights = [_cubic_weights(x - Tensor(lo)) for x, lo in zip(raw, lows)]
        out = None
        for ky, kx in itertools.product(range(4), repeat=2):
            parts = []
            for a, k in enumerate((ky, kx)):
                pos = lows[a] - 1 + k
                if padding_mode != "zeros":
                    pos = _source_coord_raw(pos, spatial[a], padding_mode, corners, xp)
                parts.append((pos.astype(xp.int64), weights[a][k]))
            t = tap(parts)
            out = t if out is None else out + t
    return out.reshape(n, c, *out_spatial)


def _source_coord_raw(pos: Any, n: int, padding_mode: str, align_corners: bool, xp: Any) -> Any:
    """The border/reflection mapping of integer tap positions (no gradient flows through a tap's index)."""
    if padding_mode == "reflection":
        twice_low, twice_high = (0, 2 * (n - 1)) if align_corners else (-1, 2 * n - 1)
        if twice_low == twice_high:
            pos = xp.zeros_like(pos)
        else:
            low, span = twice_low / 2, (twice_high - twice_low) / 2
            dist = xp.abs(pos - low)
            flips = xp.floor(dist / span)
            extra = dist - flips * span
            pos = xp.where(flips % 2 == 0, extra + low, span - extra + low)
    return xp.clip(pos, 0, n - 1)
