"""Convolution layers and their functional forms: conv1d, conv2d, conv_transpose2d (PyTorch semantics).

The arithmetic (im2col, the matrix products, col2im) lives in ``glassnet/ops/conv.py``; this file
parses PyTorch's arguments (int or tuple, ``padding='same'``, padding modes) and holds the Modules.
"""

from __future__ import annotations

import math
from typing import Any

from ..backend import array_module
from ..ops import conv as conv_ops
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
    """Applies a 2D convolution over an input signal composed of several input planes.

    See :class:`~glassnet.nn.Conv2d` for details and the output shape.

    Args:
        input (Tensor): input tensor of shape ``(minibatch, in_channels, H_in, W_in)`` (or without the batch
            dimension).
        weight (Tensor): filters of shape ``(out_channels, in_channels / groups, kh, kw)``.
        bias (Tensor, optional): optional bias of shape ``(out_channels,)``. Default: ``None``.
        stride (int or tuple, optional): the stride of the convolving kernel. Default: 1.
        padding (int, tuple or str, optional): implicit zero padding on both sides of the input, or
            ``'valid'`` / ``'same'`` (stride 1 only). Default: 0.
        dilation (int or tuple, optional): the spacing between kernel elements. Default: 1.
        groups (int, optional): split the input into groups; ``in_channels`` must be divisible by it.
            Default: 1.

    Example:
        >>> filters = glassnet.randn(8, 4, 3, 3)
        >>> inputs = glassnet.randn(1, 4, 5, 5)
        >>> F.conv2d(inputs, filters, padding=1).shape
        glassnet.Size([1, 8, 5, 5])
    """
    op = "conv2d"
    if input.ndim == 3 and weight.ndim == 4:  # unbatched (C, H, W), as PyTorch allows
        return conv2d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0)
    stride, pad, dilation = _conv_args(input, weight, bias, stride, padding, dilation, groups, 2, op)
    return conv_ops.Conv2d.apply(input, weight, bias, stride, pad, dilation, groups)


def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,  # noqa: A002
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """Applies a 1D convolution over an input signal composed of several input planes.

    See :class:`~glassnet.nn.Conv1d` for details and the output shape.

    Args:
        input (Tensor): input tensor of shape ``(minibatch, in_channels, L_in)`` (or without the batch
            dimension).
        weight (Tensor): filters of shape ``(out_channels, in_channels / groups, k)``.
        bias (Tensor, optional): optional bias of shape ``(out_channels,)``. Default: ``None``.
        stride (int or tuple, optional): the stride of the convolving kernel. Default: 1.
        padding (int, tuple or str, optional): implicit zero padding on both sides of the input, or
            ``'valid'`` / ``'same'`` (stride 1 only). Default: 0.
        dilation (int or tuple, optional): the spacing between kernel elements. Default: 1.
        groups (int, optional): split the input into groups; ``in_channels`` must be divisible by it.
            Default: 1.

    Example:
        >>> filters = glassnet.randn(33, 16, 3)
        >>> inputs = glassnet.randn(4, 16, 20)
        >>> F.conv1d(inputs, filters, padding=1).shape
        glassnet.Size([4, 33, 20])
    """
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
    """Applies a 2D transposed convolution operator over an input signal composed of several input planes.

    Sometimes called "deconvolution". See :class:`~glassnet.nn.ConvTranspose2d` for details and the
    output shape.

    Args:
        input (Tensor): input tensor of shape ``(minibatch, in_channels, H_in, W_in)`` (or without
            the batch dimension).
        weight (Tensor): filters of shape ``(in_channels, out_channels / groups, kh, kw)``.
        bias (Tensor, optional): optional bias of shape ``(out_channels,)``. Default: ``None``.
        stride (int or tuple, optional): the stride of the convolving kernel. Default: 1.
        padding (int or tuple, optional): ``dilation * (kernel_size - 1) - padding`` zero-padding is
            added to both sides of each dimension of the input. Default: 0.
        output_padding (int or tuple, optional): additional size added to one side of each dimension
            of the output. Default: 0.
        groups (int, optional): split the input into groups. Default: 1.
        dilation (int or tuple, optional): the spacing between kernel elements. Default: 1.

    Example:
        >>> weights = glassnet.randn(4, 8, 3, 3)
        >>> inputs = glassnet.randn(1, 4, 5, 5)
        >>> F.conv_transpose2d(inputs, weights, stride=2).shape
        glassnet.Size([1, 8, 11, 11])
    """
    op = "conv_transpose2d"
    if input.ndim == 3 and weight.ndim == 4:  # unbatched (C, H, W), as PyTorch allows
        return conv_transpose2d(input.unsqueeze(0), weight, bias, stride, padding, output_padding, groups,
                                dilation).squeeze(0)
    stride, pads, dilation, out_hw = _conv_transpose_args(input, weight, bias, stride, padding, output_padding,
                                                          groups, dilation, 2, op)
    return conv_ops.ConvTranspose2d.apply(input, weight, bias, stride, pads, dilation, groups, out_hw=out_hw)


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
    """Applies a 2D convolution over an input signal composed of several input planes.

    The output of channel ``C_out_j`` for batch element ``N_i`` is

        out(N_i, C_out_j) = bias(C_out_j) + sum_k weight(C_out_j, k) * input(N_i, k)

    where ``*`` is the 2D cross-correlation (no kernel flip), as in ``torch.nn.Conv2d``.

    Args:
        in_channels (int): number of channels in the input.
        out_channels (int): number of channels produced by the convolution.
        kernel_size (int or tuple): size of the convolving kernel.
        stride (int or tuple, optional): stride of the convolution. Default: 1.
        padding (int, tuple or str, optional): padding added to all 4 sides of the input, or
            ``'valid'`` (none) / ``'same'`` (output as large as the input; stride 1 only). Default: 0.
        dilation (int or tuple, optional): spacing between kernel elements. Default: 1.
        groups (int, optional): number of blocked connections from input to output channels; both
            channel counts must be divisible by it. Default: 1.
        bias (bool, optional): if ``True``, adds a learnable bias to the output. Default: ``True``.
        padding_mode (str, optional): ``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``.
            Default: ``'zeros'``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Shape:
        - Input: ``(N, C_in, H_in, W_in)`` or ``(C_in, H_in, W_in)``
        - Output: ``(N, C_out, H_out, W_out)`` or ``(C_out, H_out, W_out)``, where

        ::

            H_out = floor((H_in + 2 * padding[0] - dilation[0] * (kernel_size[0] - 1) - 1) / stride[0] + 1)
            W_out = floor((W_in + 2 * padding[1] - dilation[1] * (kernel_size[1] - 1) - 1) / stride[1] + 1)

    Attributes:
        weight (Tensor): the learnable weights of shape
            ``(out_channels, in_channels / groups, kh, kw)``, sampled from ``U(-sqrt(k), sqrt(k))`` with
            ``k = groups / (C_in * kernel_size[0] * kernel_size[1])``.
        bias (Tensor): the learnable bias of shape ``(out_channels,)``, sampled from the same
            distribution (when ``bias=True``).

    Example:
        >>> m = nn.Conv2d(16, 33, 3, stride=2)
        >>> m(glassnet.randn(1, 16, 8, 12)).shape
        glassnet.Size([1, 33, 3, 5])
        >>> m = nn.Conv2d(16, 33, 3, padding="same")
        >>> m(glassnet.randn(1, 16, 8, 12)).shape
        glassnet.Size([1, 33, 8, 12])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Convolve an (N, C, H, W) batch."""
        x, padding = self._pad_input(input)
        return conv2d(x, self.weight, self.bias, self.stride, padding, self.dilation, self.groups)


class Conv1d(_ConvForwardNd):
    """Applies a 1D convolution over an input signal composed of several input planes.

    The output of channel ``C_out_j`` for batch element ``N_i`` is

        out(N_i, C_out_j) = bias(C_out_j) + sum_k weight(C_out_j, k) * input(N_i, k)

    where ``*`` is the 1D cross-correlation (no kernel flip), as in ``torch.nn.Conv1d``.

    Args:
        in_channels (int): number of channels in the input.
        out_channels (int): number of channels produced by the convolution.
        kernel_size (int or tuple): size of the convolving kernel.
        stride (int or tuple, optional): stride of the convolution. Default: 1.
        padding (int, tuple or str, optional): padding added to all 2 sides of the input, or
            ``'valid'`` (none) / ``'same'`` (output as large as the input; stride 1 only). Default: 0.
        dilation (int or tuple, optional): spacing between kernel elements. Default: 1.
        groups (int, optional): number of blocked connections from input to output channels; both
            channel counts must be divisible by it. Default: 1.
        bias (bool, optional): if ``True``, adds a learnable bias to the output. Default: ``True``.
        padding_mode (str, optional): ``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``.
            Default: ``'zeros'``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Shape:
        - Input: ``(N, C_in, L_in)`` or ``(C_in, L_in)``
        - Output: ``(N, C_out, L_out)`` or ``(C_out, L_out)``, where

        ::

            L_out = floor((L_in + 2 * padding[0] - dilation[0] * (kernel_size[0] - 1) - 1) / stride[0] + 1)

    Attributes:
        weight (Tensor): the learnable weights of shape
            ``(out_channels, in_channels / groups, k)``, sampled from ``U(-sqrt(k), sqrt(k))`` with
            ``k = groups / (C_in * kernel_size[0])``.
        bias (Tensor): the learnable bias of shape ``(out_channels,)``, sampled from the same
            distribution (when ``bias=True``).

    Example:
        >>> m = nn.Conv1d(16, 33, 3, stride=2)
        >>> m(glassnet.randn(4, 16, 50)).shape
        glassnet.Size([4, 33, 24])
        >>> m = nn.Conv1d(16, 33, 3, padding="same")
        >>> m(glassnet.randn(4, 16, 50)).shape
        glassnet.Size([4, 33, 50])
    """

    _dims = 1

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Convolve an (N, C, L) batch."""
        x, padding = self._pad_input(input)
        return conv1d(x, self.weight, self.bias, self.stride, padding, self.dilation, self.groups)


class ConvTranspose2d(_ConvNd):
    """Applies a 2D transposed convolution operator over an input image composed of several input planes.

    It is the gradient of ``Conv2d`` with respect to its input (also called a fractionally-strided
    convolution or, loosely, a deconvolution), as in ``torch.nn.ConvTranspose2d``. Calling it with
    ``output_size=`` picks the ``output_padding`` that reaches that size.

    Args:
        in_channels (int): number of channels in the input.
        out_channels (int): number of channels produced by the convolution.
        kernel_size (int or tuple): size of the convolving kernel.
        stride (int or tuple, optional): stride of the convolution. Default: 1.
        padding (int or tuple, optional): ``dilation * (kernel_size - 1) - padding`` zero-padding is
            added to both sides of each dimension of the input. Default: 0.
        output_padding (int or tuple, optional): additional size added to one side of each dimension
            of the output; smaller than ``stride`` or ``dilation``. Default: 0.
        groups (int, optional): number of blocked connections from input to output channels. Default: 1.
        bias (bool, optional): if ``True``, adds a learnable bias to the output. Default: ``True``.
        dilation (int or tuple, optional): spacing between kernel elements. Default: 1.
        padding_mode (str, optional): only ``'zeros'`` is supported. Default: ``'zeros'``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Shape:
        - Input: ``(N, C_in, H_in, W_in)`` or ``(C_in, H_in, W_in)``
        - Output: ``(N, C_out, H_out, W_out)`` or ``(C_out, H_out, W_out)``, where

        ::

            H_out = (H_in - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kernel_size[0] - 1)
                + output_padding[0] + 1
            W_out = (W_in - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kernel_size[1] - 1)
                + output_padding[1] + 1

    Attributes:
        weight (Tensor): the learnable weights of shape
            ``(in_channels, out_channels / groups, kh, kw)``, sampled from ``U(-sqrt(k), sqrt(k))`` with
            ``k = groups / (C_out * kernel_size[0] * kernel_size[1])``.
        bias (Tensor): the learnable bias of shape ``(out_channels,)``, sampled from the same
            distribution (when ``bias=True``).

    Example:
        >>> m = nn.ConvTranspose2d(16, 33, 3, stride=2, padding=1)
        >>> x = glassnet.randn(1, 16, 8, 12)
        >>> m(x).shape
        glassnet.Size([1, 33, 15, 23])
        >>> m(x, output_size=[1, 33, 16, 24]).shape
        glassnet.Size([1, 33, 16, 24])
    """

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
    """Extract sliding local blocks from a batched input tensor (im2col).

    Each ``kernel_size`` block of the ``(N, C, H, W)`` input becomes a column of ``C * kh * kw``
    values; ``L`` is the number of blocks. Only 4-D inputs are supported, as in PyTorch.

    Args:
        input (Tensor): the input of shape ``(N, C, H, W)``.
        kernel_size (int or tuple): the size of the sliding blocks.
        dilation (int or tuple, optional): the stride of elements within a block. Default: 1.
        padding (int or tuple, optional): implicit zero padding on both sides of the input. Default: 0.
        stride (int or tuple, optional): the stride of the sliding blocks. Default: 1.

    Shape:
        - Input: ``(N, C, H, W)``
        - Output: ``(N, C * kh * kw, L)``

    Example:
        >>> x = glassnet.arange(16.0).reshape(1, 1, 4, 4)
        >>> F.unfold(x, kernel_size=2, stride=2)
        tensor([[[ 0.,  2.,  8., 10.],
                 [ 1.,  3.,  9., 11.],
                 [ 4.,  6., 12., 14.],
                 [ 5.,  7., 13., 15.]]])
    """
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
    """Combine an array of sliding local blocks into a batched image (col2im); overlapping values add up.

    The inverse layout of :func:`unfold`: a ``(N, C * kh * kw, L)`` tensor of columns becomes a
    ``(N, C, H, W)`` image with ``(H, W) = output_size``.

    Args:
        input (Tensor): the columns, of shape ``(N, C * kh * kw, L)``.
        output_size (int or tuple): the spatial size ``(H, W)`` of the output.
        kernel_size (int or tuple): the size of the sliding blocks.
        dilation (int or tuple, optional): the stride of elements within a block. Default: 1.
        padding (int or tuple, optional): implicit zero padding on both sides of the output. Default: 0.
        stride (int or tuple, optional): the stride of the sliding blocks. Default: 1.

    Shape:
        - Input: ``(N, C * kh * kw, L)``
        - Output: ``(N, C, H, W)``

    Example:
        >>> cols = glassnet.ones(1, 4, 9)
        >>> F.fold(cols, output_size=4, kernel_size=2)
        tensor([[[[1., 2., 2., 1.],
                  [2., 4., 4., 2.],
                  [2., 4., 4., 2.],
                  [1., 2., 2., 1.]]]])
    """
    from ..ops.unfold import Fold

    op = "fold"
    if input.ndim != 3:
        raise ValueError(f"{op}: expected a 3-D input (N, C*kh*kw, L), got shape {tuple(input.shape)}")
    hw = _tuple(output_size, 2, "output_size", op)
    k, d = _tuple(kernel_size, 2, "kernel_size", op), _tuple(dilation, 2, "dilation", op)
    p, s = _tuple(padding, 2, "padding", op), _tuple(stride, 2, "stride", op)
    kk = k[0] * k[1]
    out_hw = tuple(conv_ops.conv_out_size(hw[a], k[a], s[a], p[a], p[a], d[a]) for a in range(2))
    if input.shape[1] % kk or input.shape[2] != out_hw[0] * out_hw[1]:
        raise ValueError(f"{op}: input {tuple(input.shape)} does not match kernel {k} and output_size {hw}: "
                         f"expected (N, C*{kk}, {out_hw[0] * out_hw[1]})")
    x_shape = (input.shape[0], input.shape[1] // kk) + hw
    return Fold.apply(input, x_shape, out_hw, k, d, tuple((e, e) for e in p), s)


class Unfold(Module):
    """Extracts sliding local blocks from a batched input tensor (im2col, as a layer).

    See :func:`~glassnet.nn.functional.unfold`. ``L`` is the number of blocks,
    ``prod_d floor((size[d] + 2 * padding[d] - dilation[d] * (kernel_size[d] - 1) - 1) / stride[d] + 1)``.

    Args:
        kernel_size (int or tuple): the size of the sliding blocks.
        dilation (int or tuple, optional): the stride of elements within a block. Default: 1.
        padding (int or tuple, optional): implicit zero padding on both sides of the input. Default: 0.
        stride (int or tuple, optional): the stride of the sliding blocks. Default: 1.

    Shape:
        - Input: ``(N, C, H, W)``
        - Output: ``(N, C * prod(kernel_size), L)``

    Example:
        >>> unfold = nn.Unfold(kernel_size=(2, 3))
        >>> unfold(glassnet.randn(2, 5, 3, 4)).shape
        glassnet.Size([2, 30, 4])
    """

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
    """Combines an array of sliding local blocks into a large containing tensor (col2im, as a layer).

    See :func:`~glassnet.nn.functional.fold`; overlapping values are summed.

    Args:
        output_size (int or tuple): the spatial size ``(H, W)`` of the output.
        kernel_size (int or tuple): the size of the sliding blocks.
        dilation (int or tuple, optional): the stride of elements within a block. Default: 1.
        padding (int or tuple, optional): implicit zero padding on both sides of the output. Default: 0.
        stride (int or tuple, optional): the stride of the sliding blocks. Default: 1.

    Shape:
        - Input: ``(N, C * prod(kernel_size), L)``
        - Output: ``(N, C, output_size[0], output_size[1])``

    Example:
        >>> fold = nn.Fold(output_size=(4, 5), kernel_size=(2, 2))
        >>> fold(glassnet.randn(1, 3 * 2 * 2, 12)).shape
        glassnet.Size([1, 3, 4, 5])
    """

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
