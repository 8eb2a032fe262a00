"""Conv3d and the transposed convolutions ConvTranspose1d/3d (functional forms and layers).

The arithmetic is the n-axis im2col of ``glassnet/ops/conv_nd.py``; argument parsing reuses the
helpers of ``nn/conv.py`` so every convolution reads its arguments the same way.
"""

from __future__ import annotations

from typing import Any

from ..ops import conv_nd as CN
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
    out = CN.ConvNd.apply(x, weight, bias, stride, pads, dilation, groups)
    return out.squeeze(0) if unbatched else out


def _conv_transpose(input: Tensor, weight: Tensor, bias: Tensor | None, stride: Any, padding: Any,
                    output_padding: Any, groups: int, dilation: Any, dims: int, op: str) -> Tensor:
    x, unbatched = _batched(input, weight, dims, op)
    stride, pads, dilation, out_size = _conv_transpose_args(x, weight, bias, stride, padding, output_padding,
                                                            groups, dilation, dims, op)
    out = CN.ConvTransposeNd.apply(x, weight, bias, stride, pads, dilation, groups, out_size=out_size)
    return out.squeeze(0) if unbatched else out


def conv3d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,  # noqa: A002
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """3-D convolution (cross-correlation) over an (N, C, D, H, W) input, as torch.nn.functional.conv3d."""
    return _conv(input, weight, bias, stride, padding, dilation, groups, 3, "conv3d")


def conv_transpose1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,  # noqa: A002
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1, dilation: Any = 1) -> Tensor:
    """1-D transposed convolution over (N, C, L); weight (C_in, C_out/groups, k)."""
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 1,
                           "conv_transpose1d")


def conv_transpose3d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,  # noqa: A002
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1, dilation: Any = 1) -> Tensor:
    """3-D transposed convolution over (N, C, D, H, W); weight (C_in, C_out/groups, kd, kh, kw)."""
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 3,
                           "conv_transpose3d")


class Conv3d(_ConvForwardNd):
    """3-D convolution layer: weight (out_channels, in_channels/groups, kd, kh, kw), bias (out_channels,)."""

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
    """1-D transposed convolution: weight (in_channels, out_channels/groups, k), PyTorch's layout."""

    _dims = 1


class ConvTranspose3d(_ConvTransposeNd):
    """3-D transposed convolution: weight (in_channels, out_channels/groups, kd, kh, kw)."""

    _dims = 3


def conv_tbc(input: Tensor, weight: Tensor, bias: Tensor, pad: int = 0) -> Tensor:  # noqa: A002
    """1-D convolution in time-batch-channel layout: input (T, B, C_in), weight (k, C_in, C_out), bias (C_out,)."""
    if input.ndim != 3 or weight.ndim != 3 or input.shape[2] != weight.shape[1]:
        raise RuntimeError(f"conv_tbc: expected input (T, B, C_in) and weight (k, C_in, C_out) with matching C_in, "
                           f"got input {tuple(input.shape)} and weight {tuple(weight.shape)}")
    x = input.permute(1, 2, 0)  # (B, C_in, T)
    w = weight.permute(2, 1, 0)  # (C_out, C_in, k)
    return _conv(x, w, bias, 1, pad, 1, 1, 1, "conv_tbc").permute(2, 0, 1)
