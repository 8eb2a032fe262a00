"""Conv3d and the transposed convolutions ConvTranspose1d/3d (functional forms and layers).

The arithmetic is the n-axis im2col of ``glassnet/ops/conv_nd.py``; argument parsing reuses the
helpers of ``nn/conv.py`` so every convolution reads its arguments the same way.
"""

from __future__ import annotations

from typing import Any

from ..ops import conv_nd as conv_nd_ops
from ..tensor import Tensor
from .conv import _conv_args, _conv_transpose_args, _ConvForwardNd, _ConvNd


def _batched(input: Tensor, weight: Tensor, dims: int, op: str) -> tuple[Tensor, bool]:
    """PyTorch accepts one dimension fewer (no batch); anything else is an error naming the op."""
    if input.ndim == dims + 1:
        return input.unsqueeze(0), True
    if input.ndim != dims + 2:
        raise ValueError(f"{op}: expected {dims + 1}-D (unbatched) or {dims + 2}-D (batched) input, got "
                         f"shape {tuple(input.shape)}")
    return input, False


def _conv(input: Tensor, weight: Tensor, bias: Tensor | None, stride: Any, padding: Any, dilation: Any,
          groups: int, dims: int, op: str) -> Tensor:
    x, unbatched = _batched(input, weight, dims, op)
    stride, pads, dilation = _conv_args(x, weight, bias, stride, padding, dilation, groups, dims, op)
    out = conv_nd_ops.ConvNd.apply(x, weight, bias, stride, pads, dilation, groups)
    return out.squeeze(0) if unbatched else out


def _conv_transpose(input: Tensor, weight: Tensor, bias: Tensor | None, stride: Any, padding: Any,
                    output_padding: Any, groups: int, dilation: Any, dims: int, op: str) -> Tensor:
    x, unbatched = _batched(input, weight, dims, op)
    stride, pads, dilation, out_size = _conv_transpose_args(x, weight, bias, stride, padding, output_padding,
                                                            groups, dilation, dims, op)
    out = conv_nd_ops.ConvTransposeNd.apply(x, weight, bias, stride, pads, dilation, groups, out_size=out_size)
    return out.squeeze(0) if unbatched else out


def conv3d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,  # noqa: A002
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """Applies a 3D convolution over an input signal composed of several input planes.

    See :class:`~glassnet.nn.Conv3d` for details and the output shape.

    Args:
        input (Tensor): input tensor of shape ``(minibatch, in_channels, D_in, H_in, W_in)`` (or without the batch
            dimension).
        weight (Tensor): filters of shape ``(out_channels, in_channels / groups, kd, kh, kw)``.
        bias (Tensor, optional): optional bias of shape ``(out_channels,)``. Default: ``None``.
        stride (int or tuple, optional): the stride of the convolving kernel. Default: 1.
        padding (int, tuple or str, optional): implicit zero padding on both sides of the input, or
            ``'valid'`` / ``'same'`` (stride 1 only). Default: 0.
        dilation (int or tuple, optional): the spacing between kernel elements. Default: 1.
        groups (int, optional): split the input into groups; ``in_channels`` must be divisible by it.
            Default: 1.

    Example:
        >>> filters = glassnet.randn(33, 16, 3, 3, 3)
        >>> inputs = glassnet.randn(1, 16, 4, 6, 6)
        >>> F.conv3d(inputs, filters, padding=1).shape
        glassnet.Size([1, 33, 4, 6, 6])
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, 3, "conv3d")


def conv_transpose1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,  # noqa: A002
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1, dilation: Any = 1) -> Tensor:
    """Applies a 1D transposed convolution operator over an input signal composed of several input planes.

    Sometimes called "deconvolution". See :class:`~glassnet.nn.ConvTranspose1d` for details and the
    output shape.

    Args:
        input (Tensor): input tensor of shape ``(minibatch, in_channels, L_in)`` (or without
            the batch dimension).
        weight (Tensor): filters of shape ``(in_channels, out_channels / groups, k)``.
        bias (Tensor, optional): optional bias of shape ``(out_channels,)``. Default: ``None``.
        stride (int or tuple, optional): the stride of the convolving kernel. Default: 1.
        padding (int or tuple, optional): ``dilation * (kernel_size - 1) - padding`` zero-padding is
            added to both sides of each dimension of the input. Default: 0.
        output_padding (int or tuple, optional): additional size added to one side of each dimension
            of the output. Default: 0.
        groups (int, optional): split the input into groups. Default: 1.
        dilation (int or tuple, optional): the spacing between kernel elements. Default: 1.

    Example:
        >>> weights = glassnet.randn(16, 33, 5)
        >>> inputs = glassnet.randn(4, 16, 20)
        >>> F.conv_transpose1d(inputs, weights, stride=2).shape
        glassnet.Size([4, 33, 43])
    """
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 1,
                           "conv_transpose1d")


def conv_transpose3d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,  # noqa: A002
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1, dilation: Any = 1) -> Tensor:
    """Applies a 3D transposed convolution operator over an input signal composed of several input planes.

    Sometimes called "deconvolution". See :class:`~glassnet.nn.ConvTranspose3d` for details and the
    output shape.

    Args:
        input (Tensor): input tensor of shape ``(minibatch, in_channels, D_in, H_in, W_in)`` (or without
            the batch dimension).
        weight (Tensor): filters of shape ``(in_channels, out_channels / groups, kd, kh, kw)``.
        bias (Tensor, optional): optional bias of shape ``(out_channels,)``. Default: ``None``.
        stride (int or tuple, optional): the stride of the convolving kernel. Default: 1.
        padding (int or tuple, optional): ``dilation * (kernel_size - 1) - padding`` zero-padding is
            added to both sides of each dimension of the input. Default: 0.
        output_padding (int or tuple, optional): additional size added to one side of each dimension
            of the output. Default: 0.
        groups (int, optional): split the input into groups. Default: 1.
        dilation (int or tuple, optional): the spacing between kernel elements. Default: 1.

    Example:
        >>> weights = glassnet.randn(16, 33, 3, 3, 3)
        >>> inputs = glassnet.randn(1, 16, 4, 6, 6)
        >>> F.conv_transpose3d(inputs, weights, stride=2).shape
        glassnet.Size([1, 33, 9, 13, 13])
    """
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 3,
                           "conv_transpose3d")


class Conv3d(_ConvForwardNd):
    """Applies a 3D convolution over an input signal composed of several input planes.

    The output of channel ``C_out_j`` for batch element ``N_i`` is

        out(N_i, C_out_j) = bias(C_out_j) + sum_k weight(C_out_j, k) * input(N_i, k)

    where ``*`` is the 3D cross-correlation (no kernel flip), as in ``torch.nn.Conv3d``.

    Args:
        in_channels (int): number of channels in the input.
        out_channels (int): number of channels produced by the convolution.
        kernel_size (int or tuple): size of the convolving kernel.
        stride (int or tuple, optional): stride of the convolution. Default: 1.
        padding (int, tuple or str, optional): padding added to all 6 sides of the input, or
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
        - Input: ``(N, C_in, D_in, H_in, W_in)`` or ``(C_in, D_in, H_in, W_in)``
        - Output: ``(N, C_out, D_out, H_out, W_out)`` or ``(C_out, D_out, H_out, W_out)``, where

        ::

            D_out = floor((D_in + 2 * padding[0] - dilation[0] * (kernel_size[0] - 1) - 1) / stride[0] + 1)
            H_out = floor((H_in + 2 * padding[1] - dilation[1] * (kernel_size[1] - 1) - 1) / stride[1] + 1)
            W_out = floor((W_in + 2 * padding[2] - dilation[2] * (kernel_size[2] - 1) - 1) / stride[2] + 1)

    Attributes:
        weight (Tensor): the learnable weights of shape
            ``(out_channels, in_channels / groups, kd, kh, kw)``, sampled from ``U(-sqrt(k), sqrt(k))`` with
            ``k = groups / (C_in * kernel_size[0] * kernel_size[1] * kernel_size[2])``.
        bias (Tensor): the learnable bias of shape ``(out_channels,)``, sampled from the same
            distribution (when ``bias=True``).

    Example:
        >>> m = nn.Conv3d(16, 33, 3, stride=2)
        >>> m(glassnet.randn(1, 16, 4, 6, 8)).shape
        glassnet.Size([1, 33, 1, 2, 3])
        >>> m = nn.Conv3d(16, 33, 3, padding="same")
        >>> m(glassnet.randn(1, 16, 4, 6, 8)).shape
        glassnet.Size([1, 33, 4, 6, 8])
    """

    _dims = 3

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Convolve an (N, C, D, H, W) batch (or one (C, D, H, W) sample)."""
        if input.ndim not in (4, 5):
            raise ValueError(f"Conv3d: expected 4-D (unbatched) or 5-D (batched) input, got shape "
                             f"{tuple(input.shape)}")
        x, padding = self._pad_input(input if input.ndim == 5 else input.unsqueeze(0))
        out = _conv(x, self.weight, self.bias, self.stride, padding, self.dilation, self.groups, 3, "Conv3d")
        return out if input.ndim == 5 else out.squeeze(0)


class _ConvTransposeNd(_ConvNd):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, output_padding: Any = 0, groups: int = 1, bias: bool = True,
                 dilation: Any = 1, padding_mode: str = "zeros", device: Any = None,
                 dtype: Any = None) -> None:
        name = type(self).__name__
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {name}, got {padding_mode!r}')
        if isinstance(padding, str):
            raise ValueError(f"{name}: padding must be an int or a tuple, not a string")
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, device, dtype, transposed=True, output_padding=output_padding)

    def _output_padding(self, input: Tensor, output_size: Any) -> tuple:
        """PyTorch's rule: an explicit output_size picks the output_padding that reaches it."""
        if output_size is None:
            return self.output_padding
        n = self._dims
        want = tuple(output_size)[-n:]
        op_pad = []
        for a in range(n):
            base = ((input.shape[input.ndim - n + a] - 1) * self.stride[a] - 2 * self.padding[a]
                    + self.dilation[a] * (self.kernel_size[a] - 1) + 1)
            extra = want[a] - base
            if not 0 <= extra < max(self.stride[a], self.dilation[a]):
                raise ValueError(f"{type(self).__name__}: requested output size {want} is not reachable from "
                                 f"input {tuple(input.shape)} (base size {base} along spatial axis {a})")
            op_pad.append(extra)
        return tuple(op_pad)

    def forward(self, input: Tensor, output_size: Any = None) -> Tensor:  # noqa: A002
        """Upsample the batch; ``output_size`` picks output_padding like PyTorch."""
        n = self._dims
        return _conv_transpose(input, self.weight, self.bias, self.stride, self.padding,
                               self._output_padding(input, output_size), self.groups, self.dilation, n,
                               type(self).__name__)


class ConvTranspose1d(_ConvTransposeNd):
    """Applies a 1D transposed convolution operator over an input image composed of several input planes.

    It is the gradient of ``Conv1d`` with respect to its input (also called a fractionally-strided
    convolution or, loosely, a deconvolution), as in ``torch.nn.ConvTranspose1d``. Calling it with
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
        - Input: ``(N, C_in, L_in)`` or ``(C_in, L_in)``
        - Output: ``(N, C_out, L_out)`` or ``(C_out, L_out)``, where

        ::

            L_out = (L_in - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kernel_size[0] - 1)
                + output_padding[0] + 1

    Attributes:
        weight (Tensor): the learnable weights of shape
            ``(in_channels, out_channels / groups, k)``, sampled from ``U(-sqrt(k), sqrt(k))`` with
            ``k = groups / (C_out * kernel_size[0])``.
        bias (Tensor): the learnable bias of shape ``(out_channels,)``, sampled from the same
            distribution (when ``bias=True``).

    Example:
        >>> m = nn.ConvTranspose1d(16, 33, 3, stride=2, padding=1)
        >>> x = glassnet.randn(4, 16, 50)
        >>> m(x).shape
        glassnet.Size([4, 33, 99])
        >>> m(x, output_size=[4, 33, 100]).shape
        glassnet.Size([4, 33, 100])
    """

    _dims = 1


class ConvTranspose3d(_ConvTransposeNd):
    """Applies a 3D transposed convolution operator over an input image composed of several input planes.

    It is the gradient of ``Conv3d`` with respect to its input (also called a fractionally-strided
    convolution or, loosely, a deconvolution), as in ``torch.nn.ConvTranspose3d``. Calling it with
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
        - Input: ``(N, C_in, D_in, H_in, W_in)`` or ``(C_in, D_in, H_in, W_in)``
        - Output: ``(N, C_out, D_out, H_out, W_out)`` or ``(C_out, D_out, H_out, W_out)``, where

        ::

            D_out = (D_in - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kernel_size[0] - 1)
                + output_padding[0] + 1
            H_out = (H_in - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kernel_size[1] - 1)
                + output_padding[1] + 1
            W_out = (W_in - 1) * stride[2] - 2 * padding[2] + dilation[2] * (kernel_size[2] - 1)
                + output_padding[2] + 1

    Attributes:
        weight (Tensor): the learnable weights of shape
            ``(in_channels, out_channels / groups, kd, kh, kw)``, sampled from ``U(-sqrt(k), sqrt(k))`` with
            ``k = groups / (C_out * kernel_size[0] * kernel_size[1] * kernel_size[2])``.
        bias (Tensor): the learnable bias of shape ``(out_channels,)``, sampled from the same
            distribution (when ``bias=True``).

    Example:
        >>> m = nn.ConvTranspose3d(16, 33, 3, stride=2, padding=1)
        >>> x = glassnet.randn(1, 16, 4, 6, 8)
        >>> m(x).shape
        glassnet.Size([1, 33, 7, 11, 15])
        >>> m(x, output_size=[1, 33, 8, 12, 16]).shape
        glassnet.Size([1, 33, 8, 12, 16])
    """

    _dims = 3


def conv_tbc(input: Tensor, weight: Tensor, bias: Tensor, pad: int = 0) -> Tensor:  # noqa: A002
    """Applies a 1D convolution over an input in time-batch-channel layout.

    Args:
        input (Tensor): input of shape ``(T, B, C_in)``.
        weight (Tensor): filters of shape ``(kernel_width, C_in, C_out)``.
        bias (Tensor): bias of shape ``(C_out,)``.
        pad (int, optional): zero padding on both ends of the time dimension. Default: 0.

    Shape:
        - Output: ``(T_out, B, C_out)`` with ``T_out = T + 2 * pad - kernel_width + 1``.

    Example:
        >>> x = glassnet.randn(10, 2, 4)
        >>> F.conv_tbc(x, glassnet.randn(3, 4, 6), glassnet.zeros(6), pad=1).shape
        glassnet.Size([10, 2, 6])
    """
    if input.ndim != 3 or weight.ndim != 3 or input.shape[2] != weight.shape[1]:
        raise RuntimeError(f"conv_tbc: expected input (T, B, C_in) and weight (k, C_in, C_out) with matching C_in, "
                           f"got input {tuple(input.shape)} and weight {tuple(weight.shape)}")
    x = input.permute(1, 2, 0)  # (B, C_in, T)
    w = weight.permute(2, 1, 0)  # (C_out, C_in, k)
    return _conv(x, w, bias, 1, pad, 1, 1, 1, "conv_tbc").permute(2, 0, 1)
