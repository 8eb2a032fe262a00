"""Fractional max pooling (FractionalMaxPool2d/3d, F.fractional_max_pool2d/3d): Graham's pseudo-random
pooling regions, PyTorch's interval formula and argument names.

Each (sample, channel) plane draws one number u in [0, 1) per spatial dimension (from glassnet's
generator, or ``_random_samples``); window i along a dimension starts at
int((i + u) * alpha) - int(u * alpha) with alpha = (in - k) / (out - 1), and the last window ends at the
edge. The maxima are gathered by flat index, so the gradient goes to each window's maximum.
"""

from __future__ import annotations

from typing import Any

from ..backend import generator
from ..tensor import Tensor
from .module import Module


def _tuple(v: Any, n: int, name: str, op: str) -> tuple:
    if isinstance(v, (int, float)):
        return (v,) * n
    v = tuple(v)
    if len(v) == 1:
        return v * n
    if len(v) != n:
        raise ValueError(f"{op}: {name} must be a number or a tuple of {n}, got {v}")
    return v


def _starts(xp: Any, u: Any, n_in: int, n_out: int, k: int) -> Any:
    """Window starts along one dimension for every plane: u has shape (planes,), result (planes, n_out)."""
    i = xp.arange(n_out, dtype=u.dtype)
    if n_out > 1:
        alpha = u.dtype.type(n_in - k) / u.dtype.type(n_out - 1)
        starts = ((i[None, :] + u[:, None]) * alpha).astype("int64") - (u[:, None] * alpha).astype("int64")
    else:
        starts = xp.zeros((u.shape[0], n_out), dtype="int64")
    starts[:, -1] = n_in - k
    return starts


def _fractional_max_pool(n: int, input: Tensor, kernel_size: Any, output_size: Any,  # noqa: A002
                         output_ratio: Any, return_indices: bool, _random_samples: Any) -> Any:
    op = f"fractional_max_pool{n}d"
    if input.ndim not in (n + 1, n + 2):
        raise ValueError(f"{op}: expected a {n + 1}-D or {n + 2}-D input, got shape {tuple(input.shape)}")
    unbatched = input.ndim == n + 1
    x = input.unsqueeze(0) if unbatched else input
    k = tuple(int(e) for e in _tuple(kernel_size, n, "kernel_size", op))
    spatial = tuple(x.shape[2:])
    if output_size is None:
        if output_ratio is None:
            raise ValueError(f"{op} requires specifying either an output_size or an output_ratio")
        ratio = _tuple(output_ratio, n, "output_ratio", op)
        if not all(0 < r < 1 for r in ratio):
            raise ValueError(f"{op}: output_ratio must be between 0 and 1 (exclusive), got {ratio}")
        out = tuple(int(s * r) for s, r in zip(spatial, ratio))
    else:
        out = tuple(int(e) for e in _tuple(output_size, n, "output_size", op))
    for d in range(n):
        if out[d] + k[d] - 1 > spatial[d]:
            raise RuntimeError(f"{op}: kernel_size {k} is too large for output_size {out} and input of spatial "
                               f"size {spatial} (need output_size + kernel_size - 1 <= input size)")
    xp = x.xp
    nb, ch = x.shape[:2]
    if _random_samples is None:
        samples = xp.asarray(generator().random((nb, ch, n)), dtype=x._data.dtype)
    else:
        samples = xp.asarray(_random_samples._data if isinstance(_random_samples, Tensor) else _random_samples)
        if samples.shape != (nb, ch, n):
            raise RuntimeError(f"{op}: expected _random_samples of shape {(nb, ch, n)}, got {samples.shape}")
    # PyTorch's sample order: (W, H) for 2-D planes, (T, H, W) for 3-D volumes
    order = (1, 0) if n == 2 else tuple(range(n))
    planes = samples.reshape(nb * ch, n)
    # pos[d]: (planes, out_d, k_d) input coordinates of every window element along dimension d
    pos = [(_starts(xp, planes[:, order[d]], spatial[d], out[d], k[d])[:, :, None] + xp.arange(k[d]))
           for d in range(n)]
    # flat index over the plane of every window element, shape (planes, out..., k...)
    flat = xp.zeros((nb * ch,) + out + k, dtype="int64")
    for d in range(n):
        shape = [nb * ch] + [1] * (2 * n)
        shape[1 + d], shape[1 + n + d] = out[d], k[d]
        flat = flat * spatial[d] + pos[d].reshape(shape)
    flat = flat.reshape((nb * ch,) + out + (-1,))
    values = x._data.reshape(nb * ch, -1)
    window = xp.take_along_axis(values, flat.reshape(nb * ch, -1), axis=1).reshape(flat.shape)
    best = xp.take_along_axis(flat, xp.argmax(window, axis=-1)[..., None], axis=-1)[..., 0]
    indices = best.reshape((nb, ch) + out)
    result = x.reshape(nb, ch, -1).gather(2, Tensor._wrap(indices.reshape(nb, ch, -1))).reshape((nb, ch) + out)
    idx = Tensor._wrap(indices)
    if unbatched:
        result, idx = result.squeeze(0), idx.squeeze(0)
    return (result, idx) if return_indices else result


def fractional_max_pool2d(input: Tensor, kernel_size: Any, output_size: Any = None,  # noqa: A002
                          output_ratio: Any = None, return_indices: bool = False,
                          _random_samples: Any = None) -> Any:
    """2-D fractional max pooling over (N, C, H, W)."""
    return _fractional_max_pool(2, input, kernel_size, output_size, output_ratio, return_indices, _random_samples)


def fractional_max_pool3d(input: Tensor, kernel_size: Any, output_size: Any = None,  # noqa: A002
                          output_ratio: Any = None, return_indices: bool = False,
                          _random_samples: Any = None) -> Any:
    """3-D fractional max pooling over (N, C, D, H, W)."""
    return _fractional_max_pool(3, input, kernel_size, output_size, output_ratio, return_indices, _random_samples)


def fractional_max_pool2d_with_indices(input: Tensor, kernel_size: Any, output_size: Any = None,  # noqa: A002
                                       output_ratio: Any = None, return_indices: bool = False,
                                       _random_samples: Any = None) -> tuple[Tensor, Tensor]:
    """fractional_max_pool2d returning (output, indices)."""
    return _fractional_max_pool(2, input, kernel_size, output_size, output_ratio, True, _random_samples)


def fractional_max_pool3d_with_indices(input: Tensor, kernel_size: Any, output_size: Any = None,  # noqa: A002
                                       output_ratio: Any = None, return_indices: bool = False,
                                       _random_samples: Any = None) -> tuple[Tensor, Tensor]:
    """fractional_max_pool3d returning (output, indices)."""
    return _fractional_max_pool(3, input, kernel_size, output_size, output_ratio, True, _random_samples)


class _FractionalMaxPoolNd(Module):
    _n = 0

    def __init__(self, kernel_size: Any, output_size: Any = None, output_ratio: Any = None,
                 return_indices: bool = False, _random_samples: Any = None) -> None:
        super().__init__()
        name = type(self).__name__
        if (output_size is None) == (output_ratio is None):
            raise ValueError(f"{name} requires specifying either an output size, or a pooling ratio")
        if output_ratio is not None and not all(0 < r < 1 for r in _tuple(output_ratio, self._n, "output_ratio",
                                                                          name)):
            raise ValueError(f"{name}: output_ratio must be between 0 and 1 (exclusive), got {output_ratio}")
        self.kernel_size, self.output_size, self.output_ratio = kernel_size, output_size, output_ratio
        self.return_indices = return_indices
        self.register_buffer("_random_samples", _random_samples)

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        """Pool input over fresh (or the fixed) random regions."""
        return _fractional_max_pool(self._n, input, self.kernel_size, self.output_size, self.output_ratio,
                                    self.return_indices, self._random_samples)


class FractionalMaxPool2d(_FractionalMaxPoolNd):
    """2-D max pooling over pseudo-random overlapping regions."""

    _n = 2


class FractionalMaxPool3d(_FractionalMaxPoolNd):
    """3-D max pooling over pseudo-random overlapping regions."""

    _n = 3


