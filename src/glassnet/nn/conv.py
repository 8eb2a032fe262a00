"""Convolution layers and their functional forms: conv1d, conv2d, conv_transpose2d (PyTorch semantics).

The arithmetic (im2col, the matrix products, col2im) lives in ``glassnet/ops/conv.py``; this file
parses PyTorch's arguments (int or tuple, ``padding='same'``, padding modes) and holds the Modules.
"""

from __future__ import annotations

import math
from typing import Any

from ..backend import array_module
from ..ops import conv as C
from ..tensor import Tensor
from . import init
from .module import Module
from .parameter import Parameter

_PAD_MODES = ("zeros", "reflect", "replicate", "circular")


def _tuple(v: Any, n: int, name: str, op: str) -> tuple:
    if isinstance(v, int):
        return (v,) * n
    v = tuple(int(e) for e in v)
    if len(v) == 1:
        return v * n
    if len(v) != n:
        raise ValueError(f"{op}: expected {name} to be a single int or {n} ints, got {v}")
    return v


def _conv_padding(padding: Any, kernel: tuple, stride: tuple, dilation: tuple, op: str) -> tuple:
    """PyTorch's padding argument -> ((top, bottom), (left, right)) per spatial axis."""
    if isinstance(padding, str):
        if padding == "valid":
            return tuple((0, 0) for _ in kernel)
        if padding != "same":
            raise ValueError(f"{op}: invalid padding string {padding!r}, should be one of 'valid', 'same'")
        if any(s != 1 for s in stride):
            raise ValueError(f"{op}: padding='same' is not supported for strided convolutions")
        # Total padding d*(k-1); an odd total puts the extra row/column at the end, as PyTorch does.
        return tuple((d * (k - 1) // 2, d * (k - 1) - d * (k - 1) // 2) for k, d in zip(kernel, dilation))
    p = _tuple(padding, len(kernel), "padding", op)
    if any(e < 0 for e in p):
        raise ValueError(f"{op}: negative padding is not supported, got {p}")
    return tuple((e, e) for e in p)


def _check_conv(x: Tensor, w: Tensor, groups: int, op: str, dims: int) -> None:
    if x.ndim != dims + 2:
        raise ValueError(f"{op}: expected a {dims + 2}-D input (batched), got shape {tuple(x.shape)}")
    if w.ndim != dims + 2:
        raise ValueError(f"{op}: expected a {dims + 2}-D weight, got shape {tuple(w.shape)}")
    if groups < 1 or x.shape[1] % groups or w.shape[0] % groups:
        raise ValueError(f"{op}: groups={groups} must divide both input channels ({x.shape[1]}) and "
                         f"output channels ({w.shape[0]})")


def _mode_pad(x: Tensor, pads: tuple, mode: str) -> Tensor:
    """Pad the trailing spatial axes by ((lo, hi), ...) with 'reflect', 'replicate' or 'circular'.

    Implemented as one gather with index arrays, so the gradient (a scatter-add) comes for free.
    """
    xp = array_module(x._data)
    np_mode = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}[mode]
    idx = []
    nsp = len(pads)
    for axis, (lo, hi) in enumerate(pads):
        n = x.shape[x.ndim - nsp + axis]
        if mode == "reflect" and (lo >= n or hi >= n):
            raise ValueError(f"padding_mode='reflect': padding ({lo}, {hi}) must be smaller than the input "
                             f"size {n} along spatial axis {axis}")
        if mode == "circular" and (lo > n or hi > n):
            raise ValueError(f"padding_mode='circular': padding ({lo}, {hi}) must not exceed the input "
                             f"size {n} along spatial axis {axis}")
        ar = xp.pad(xp.arange(n), (lo, hi), mode=np_mode)
        shape = [1] * nsp
        shape[axis] = -1
        idx.append(ar.reshape(shape))
    return x[(slice(None), slice(None)) + tuple(idx)]


def _conv_args(x: Tensor, weight: Tensor, bias: Tensor | None, stride: Any, padding: Any, dilation: Any,
               groups: int, dims: int, op: str) -> tuple:
    """Check a batched convolution's arguments and return them as (stride, per-axis pads, dilation) tuples."""
    _check_conv(x, weight, groups, op, dims)
    kernel = tuple(weight.shape[2:])
    stride, dilation = _tuple(stride, dims, "stride", op), _tuple(dilation, dims, "dilation", op)
    pads = _conv_padding(padding, kernel, stride, dilation, op)
    if x.shape[1] != weight.shape[1] * groups:
        raise ValueError(f"{op}: input {tuple(x.shape)} has {x.shape[1]} channels but weight "
                         f"{tuple(weight.shape)} with groups={groups} expects {weight.shape[1] * groups}")
    for a in range(dims):
        span = dilation[a] * (kernel[a] - 1) + 1
        if x.shape[2 + a] + sum(pads[a]) < span:
            raise ValueError(f"{op}: padded input size {x.shape[2 + a] + sum(pads[a])} along spatial axis {a} "
                             f"is smaller than the (dilated) kernel size {span}; input {tuple(x.shape)}, "
                             f"weight {tuple(weight.shape)}")
    if bias is not None and tuple(bias.shape) != (weight.shape[0],):
        raise RuntimeError(f"{op}: bias shape {tuple(bias.shape)} does not match {weight.shape[0]} output channels")
    return stride, pads, dilation


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,  # noqa: A002
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """2-D convolution (cross-correlation) over an (N, C, H, W) input, as torch.nn.functional.conv2d."""
    op = "conv2d"
    if input.ndim == 3 and weight.ndim == 4:  # unbatched (C, H, W), as PyTorch allows
        return conv2d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0)
    stride, pad, dilation = _conv_args(input, weight, bias, stride, padding, dilation, groups, 2, op)
    return C.Conv2d.apply(input, weight, bias, stride, pad, dilation, groups)


def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,  # noqa: A002
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """1-D convolution over an (N, C, L) input (a conv2d with a height-1 image)."""
    op = "conv1d"
    if input.ndim == 2 and weight.ndim == 3:  # unbatched (C, L)
        return conv1d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0)
    _check_conv(input, weight, groups, op, 1)
    if isinstance(padding, str):
        kernel, d = (weight.shape[2],), _tuple(dilation, 1, "dilation", op)
        ((lo, hi),) = _conv_padding(padding, kernel, _tuple(stride, 1, "stride", op), d, op)
        if lo != hi:  # 'same' with an even kernel: pad unevenly first
            input = _pad_last(input, lo, hi)
            lo = hi = 0
        padding = lo
    out = conv2d(input.unsqueeze(2), weight.unsqueeze(2), bias, (1, _tuple(stride, 1, "stride", op)[0]),
                 (0, _tuple(padding, 1, "padding", op)[0]), (1, _tuple(dilation, 1, "dilation", op)[0]),
                 groups)
    return out.squeeze(2)


def _pad_last(x: Tensor, lo: int, hi: int) -> Tensor:
    """Zero-pad the last axis by (lo, hi) (a differentiable pad for conv1d's uneven 'same')."""
    from ..ops.shape import Pad

    return Pad.apply(x, (lo, hi), 0.0)


def _conv_transpose_args(x: Tensor, weight: Tensor, bias: Tensor | None, stride: Any, padding: Any,
                         output_padding: Any, groups: int, dilation: Any, dims: int, op: str) -> tuple:
    """Check a batched transposed convolution's arguments; return (stride, pads, dilation, output size)."""
    _check_conv(x, weight, groups, op, dims)
    if x.shape[1] != weight.shape[0]:
        raise ValueError(f"{op}: input {tuple(x.shape)} has {x.shape[1]} channels but weight "
                         f"{tuple(weight.shape)} expects {weight.shape[0]}")
    kernel = tuple(weight.shape[2:])
    stride, dilation = _tuple(stride, dims, "stride", op), _tuple(dilation, dims, "dilation", op)
    p, op_pad = _tuple(padding, dims, "padding", op), _tuple(output_padding, dims, "output_padding", op)
    for a in range(dims):
        if op_pad[a] >= max(stride[a], dilation[a]):
            raise ValueError(f"{op}: output_padding {op_pad} must be smaller than either stride {stride} "
                             f"or dilation {dilation}")
    out_size = tuple((x.shape[2 + a] - 1) * stride[a] - 2 * p[a] + dilation[a] * (kernel[a] - 1) + op_pad[a] + 1
                     for a in range(dims))
    if min(out_size) < 1:
        raise ValueError(f"{op}: output size {out_size} is too small for input {tuple(x.shape)}")
    if bias is not None and tuple(bias.shape) != (weight.shape[1] * groups,):
        raise RuntimeError(f"{op}: bias shape {tuple(bias.shape)} does not match {weight.shape[1] * groups} "
                         "output channels")
    return stride, tuple((e, e) for e in p), dilation, out_size


def conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,  # noqa: A002
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1, dilation: Any = 1) -> Tensor:
    """2-D transposed convolution ("deconvolution"); weight (C_in, C_out/groups, kh, kw)."""
    op = "conv_transpose2d"
    if input.ndim == 3 and weight.ndim == 4:  # unbatched (C, H, W), as PyTorch allows
        return conv_transpose2d(input.unsqueeze(0), weight, bias, stride, padding, output_padding, groups,
                                dilation).squeeze(0)
    stride, pads, dilation, out_hw = _conv_transpose_args(input, weight, bias, stride, padding, output_padding,
                                                          groups, dilation, 2, op)
    return C.ConvTranspose2d.apply(input, weight, bias, stride, pads, dilation, groups, out_hw=out_hw)


class _ConvNd(Module):
    _dims = 2

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, dilation: Any = 1, groups: int = 1, bias: bool = True,
                 padding_mode: str = "zeros", device: Any = None, dtype: Any = None,
                 transposed: bool = False, output_padding: Any = 0) -> None:
        super().__init__()
        name = type(self).__name__
        n = self._dims
        if groups <= 0 or in_channels % groups or out_channels % groups:
            raise ValueError(f"{name}: in_channels ({in_channels}) and out_channels ({out_channels}) must "
                             f"be divisible by groups ({groups})")
        if padding_mode not in _PAD_MODES:
            raise ValueError(f"{name}: padding_mode must be one of {_PAD_MODES}, got {padding_mode!r}")
        if isinstance(padding, str) and padding not in ("same", "valid"):
            raise ValueError(f"{name}: invalid padding string {padding!r}, should be one of 'valid', 'same'")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _tuple(kernel_size, n, "kernel_size", name)
        self.stride = _tuple(stride, n, "stride", name)
        if padding == "same" and any(s != 1 for s in self.stride):
            raise ValueError(f"{name}: padding='same' is not supported for strided convolutions")
        self.padding = padding if isinstance(padding, str) else _tuple(padding, n, "padding", name)
        self.dilation = _tuple(dilation, n, "dilation", name)
        self.groups, self.padding_mode = groups, padding_mode
        self.transposed, self.output_padding = transposed, _tuple(output_padding, n, "output_padding", name)
        shape = ((in_channels, out_channels // groups) if transposed
                 else (out_channels, in_channels // groups)) + self.kernel_size
        from ..creation import empty

        self.weight = Parameter(empty(*shape, dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's init: kaiming_uniform_(a=sqrt(5)) weights, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) bias."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def _pad_input(self, x: Tensor) -> tuple[Tensor, Any]:
        """Apply a non-zero padding mode by hand; returns the input and the padding left for conv."""
        if self.padding_mode == "zeros":
            return x, self.padding
        pads = _conv_padding(self.padding, self.kernel_size, self.stride, self.dilation, type(self).__name__)
        if x.ndim == self._dims + 1:  # unbatched: pad as a batch of one
            return _mode_pad(x.unsqueeze(0), pads, self.padding_mode).squeeze(0), 0
        return _mode_pad(x, pads, self.padding_mode), 0

    def extra_repr(self) -> str:
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * self._dims:
            s += f", padding={self.padding!r}"
        if self.dilation != (1,) * self._dims:
            s += f", dilation={self.dilation}"
        if self.transposed and self.output_padding != (0,) * self._dims:
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s


class _ConvForwardNd(_ConvNd):
    """A forward (not transposed) convolution: PyTorch's constructor arguments, nothing more."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1, padding: Any = 0,
                 dilation: Any = 1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, device, dtype)


class Conv2d(_ConvForwardNd):
    """2-D convolution layer: weight (out_channels, in_channels/groups, kh, kw), bias (out_channels,)."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Convolve an (N, C, H, W) batch."""
        x, padding = self._pad_input(input)
        return conv2d(x, self.weight, self.bias, self.stride, padding, self.dilation, self.groups)


class Conv1d(_ConvForwardNd):
    """1-D convolution layer over (N, C, L): weight (out_channels, in_channels/groups, k)."""

    _dims = 1

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Convolve an (N, C, L) batch."""
        x, padding = self._pad_input(input)
        return conv1d(x, self.weight, self.bias, self.stride, padding, self.dilation, self.groups)


class ConvTranspose2d(_ConvNd):
    """2-D transposed convolution: weight (in_channels, out_channels/groups, kh, kw), PyTorch's layout."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, output_padding: Any = 0, groups: int = 1, bias: bool = True,
                 dilation: Any = 1, padding_mode: str = "zeros", device: Any = None,
                 dtype: Any = None) -> None:
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for ConvTranspose2d, '
                             f'got {padding_mode!r}')
        if isinstance(padding, str):
            raise ValueError("ConvTranspose2d: padding must be an int or a tuple, not a string")
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, device, dtype, transposed=True, output_padding=output_padding)

    def forward(self, input: Tensor, output_size: Any = None) -> Tensor:  # noqa: A002
        """Upsample an (N, C, H, W) batch; ``output_size`` picks output_padding like PyTorch."""
        op_pad = self.output_padding
        if output_size is not None:
            hw = tuple(output_size)[-2:]
            op_pad = []
            for a in range(2):
                base = ((input.shape[input.ndim - 2 + a] - 1) * self.stride[a] - 2 * self.padding[a]
                        + self.dilation[a] * (self.kernel_size[a] - 1) + 1)
                extra = hw[a] - base
                if not 0 <= extra < max(self.stride[a], self.dilation[a]):
                    raise ValueError(f"ConvTranspose2d: requested output size {tuple(hw)} is not reachable "
                                     f"from input {tuple(input.shape)} (base size {base} along axis {2 + a})")
                op_pad.append(extra)
        return conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding, tuple(op_pad),
                                self.groups, self.dilation)


# --- im2col as a layer: unfold / fold ---------------------------------------------------------------

def unfold(input: Tensor, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1) -> Tensor:  # noqa: A002
    """Sliding blocks of (N, C, H, W) as columns (N, C*kh*kw, L), like torch's F.unfold."""
    from ..ops.unfold import Unfold

    op = "unfold"
    if input.ndim != 4:
        raise ValueError(f"{op}: expected a 4-D input (N, C, H, W), got shape {tuple(input.shape)}")
    k, d = _tuple(kernel_size, 2, "kernel_size", op), _tuple(dilation, 2, "dilation", op)
    p, s = _tuple(padding, 2, "padding", op), _tuple(stride, 2, "stride", op)
    for a in range(2):
        if input.shape[2 + a] + 2 * p[a] < d[a] * (k[a] - 1) + 1:
            raise ValueError(f"{op}: input {tuple(input.shape)} with padding {p} is smaller than the "
                             f"(dilated) kernel {k}")
    return Unfold.apply(input, k, d, tuple((e, e) for e in p), s)


def fold(input: Tensor, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,  # noqa: A002
         stride: Any = 1) -> Tensor:
    """Sum columns (N, C*kh*kw, L) back into an (N, C, H, W) image (overlaps add), like torch's F.fold."""
    from ..ops.unfold import Fold

    op = "fold"
    if input.ndim != 3:
        raise ValueError(f"{op}: expected a 3-D input (N, C*kh*kw, L), got shape {tuple(input.shape)}")
    hw = _tuple(output_size, 2, "output_size", op)
    k, d = _tuple(kernel_size, 2, "kernel_size", op), _tuple(dilation, 2, "dilation", op)
    p, s = _tuple(padding, 2, "padding", op), _tuple(stride, 2, "stride", op)
    kk = k[0] * k[1]
    out_hw = tuple(C.conv_out_size(hw[a], k[a], s[a], p[a], p[a], d[a]) for a in range(2))
    if input.shape[1] % kk or input.shape[2] != out_hw[0] * out_hw[1]:
        raise ValueError(f"{op}: input {tuple(input.shape)} does not match kernel {k} and output_size {hw}: "
                         f"expected (N, C*{kk}, {out_hw[0] * out_hw[1]})")
    x_shape = (input.shape[0], input.shape[1] // kk) + hw
    return Fold.apply(input, x_shape, out_hw, k, d, tuple((e, e) for e in p), s)


class Unfold(Module):
    """Extract sliding blocks as columns (the im2col step of a convolution, as a layer)."""

    def __init__(self, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1) -> None:
        super().__init__()
        self.kernel_size, self.dilation, self.padding, self.stride = kernel_size, dilation, padding, stride

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """(N, C, H, W) -> (N, C*kh*kw, L)."""
        return unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, padding={self.padding}, "
                f"stride={self.stride}")


class Fold(Module):
    """Combine sliding-block columns back into an image (col2im, as a layer)."""

    def __init__(self, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
                 stride: Any = 1) -> None:
        super().__init__()
        self.output_size, self.kernel_size = output_size, kernel_size
        self.dilation, self.padding, self.stride = dilation, padding, stride

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """(N, C*kh*kw, L) -> (N, C, H, W)."""
        return fold(input, self.output_size, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (f"output_size={self.output_size}, kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")
