"""The activation functions (``F.relu``, ``F.gelu``, ``F.softmax`` ...): argument checks around the ops.

The differentiable work is in ``glassnet/ops/activation.py`` (and the core ReLU, sigmoid, tanh,
softmax and log-softmax ops in ``ops/elementwise.py`` and ``ops/reduce.py``); these functions take
Tensors, check them the way PyTorch does and apply one op, or a short composition of them.
"""

from __future__ import annotations

import warnings
from typing import Any

from ..ops import elementwise as elementwise_ops
from ..ops import reduce as reduce_ops
from ..ops.activation import Elu, Gelu, Hardswish, Hardtanh, LeakyRelu, Prelu, Silu, Softplus


def _float_only(x: Any, name: str) -> Any:
    """PyTorch implements these activations for floating tensors only (no silent int result)."""
    if x._data.dtype.kind != "f":
        raise NotImplementedError(f'{name}: not implemented for {x.dtype!r} input (use a floating tensor)')
    return x


def _floating(x: Any) -> Any:
    """Integer and bool input to sigmoid/tanh is computed in the default float dtype, as PyTorch does."""
    return x._floating() if hasattr(x, "_floating") else x


# ``inplace=`` is accepted for PyTorch compatibility and ignored: glassnet activations always
# return a new tensor (in-place ops on graph tensors would invalidate saved values).


def relu(input: Any, inplace: bool = False) -> Any:  # noqa: A002 - PyTorch argument name
    """Applies the rectified linear unit function element-wise: ``max(0, x)``.

    See :class:`~glassnet.nn.ReLU` for the module form.

    Args:
        input (Tensor): the input tensor.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored: glassnet always
            returns a new tensor. Default: ``False``.

    Example:
        >>> F.relu(glassnet.tensor([-1.0, 0.0, 2.0]))
        tensor([0., 0., 2.])
    """
    return elementwise_ops.Relu.apply(input)


def relu6(input: Any, inplace: bool = False) -> Any:  # noqa: A002
    """Applies the element-wise function ``min(max(0, x), 6)``.

    Args:
        input (Tensor): the input tensor.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Example:
        >>> F.relu6(glassnet.tensor([-1.0, 3.0, 8.0]))
        tensor([0., 3., 6.])
    """
    return Hardtanh.apply(input, 0.0, 6.0)


def leaky_relu(input: Any, negative_slope: float = 0.01, inplace: bool = False) -> Any:  # noqa: A002
    """Applies the leaky rectified linear unit element-wise: ``x`` for ``x > 0``, ``negative_slope * x`` otherwise.

    Args:
        input (Tensor): the input tensor (floating point).
        negative_slope (float, optional): the slope used for negative inputs. Default: ``0.01``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Example:
        >>> F.leaky_relu(glassnet.tensor([-2.0, 0.0, 3.0]), negative_slope=0.1)
        tensor([-0.2000,  0.0000,  3.0000])
    """
    _float_only(input, "leaky_relu")
    return LeakyRelu.apply(input, negative_slope)


def elu(input: Any, alpha: float = 1.0, inplace: bool = False) -> Any:  # noqa: A002
    """Applies the exponential linear unit element-wise: ``x`` for ``x > 0``, ``alpha * (exp(x) - 1)`` otherwise.

    Args:
        input (Tensor): the input tensor (floating point).
        alpha (float, optional): the value the function approaches for large negative inputs. Default: ``1.0``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Example:
        >>> F.elu(glassnet.tensor([-2.0, 0.0, 1.0]))
        tensor([-0.8647,  0.0000,  1.0000])
    """
    _float_only(input, "elu")
    return Elu.apply(input, alpha)


def selu(input: Any, inplace: bool = False) -> Any:  # noqa: A002
    """Applies the scaled exponential linear unit element-wise: ``scale * elu(x, alpha)``.

    ``alpha = 1.6732632423543772`` and ``scale = 1.0507009873554805`` are the self-normalising
    constants of Klambauer et al. (2017), as in PyTorch.

    Args:
        input (Tensor): the input tensor (floating point).
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Example:
        >>> F.selu(glassnet.tensor([-1.0, 0.0, 1.0]))
        tensor([-1.1113,  0.0000,  1.0507])
    """
    _float_only(input, "selu")
    return Elu.apply(input, 1.6732632423543772) * 1.0507009873554805


def celu(input: Any, alpha: float = 1.0, inplace: bool = False) -> Any:  # noqa: A002
    """Applies the continuously differentiable ELU element-wise: ``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``.

    Args:
        input (Tensor): the input tensor (floating point).
        alpha (float, optional): the scale of the negative part. Default: ``1.0``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Example:
        >>> F.celu(glassnet.tensor([-2.0, 0.0, 1.0]), alpha=2.0)
        tensor([-1.2642,  0.0000,  1.0000])
    """
    _float_only(input, "celu")
    return Elu.apply(input * (1.0 / alpha), 1.0) * alpha


def gelu(input: Any, approximate: str = "none") -> Any:  # noqa: A002
    """Applies the Gaussian error linear unit element-wise: ``x * Phi(x)``.

    ``Phi`` is the cumulative distribution function of the standard normal distribution. With
    ``approximate='tanh'`` it is estimated by
    ``0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))``.

    Args:
        input (Tensor): the input tensor (floating point).
        approximate (str, optional): the approximation to use, ``'none'`` or ``'tanh'``. Default: ``'none'``.

    Example:
        >>> x = glassnet.tensor([-1.0, 0.0, 1.0])
        >>> F.gelu(x)
        tensor([-0.1587,  0.0000,  0.8413])
        >>> F.gelu(x, approximate='tanh')
        tensor([-0.1588,  0.0000,  0.8412])
    """
    if approximate not in ("none", "tanh"):
        raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
    _float_only(input, "gelu")
    return Gelu.apply(input, approximate)


def silu(input: Any, inplace: bool = False) -> Any:  # noqa: A002
    """Applies the sigmoid linear unit (also called swish) element-wise: ``x * sigmoid(x)``.

    Args:
        input (Tensor): the input tensor (floating point).
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Example:
        >>> F.silu(glassnet.tensor([-1.0, 0.0, 1.0]))
        tensor([-0.2689,  0.0000,  0.7311])
    """
    _float_only(input, "silu")
    return Silu.apply(input)


def mish(input: Any, inplace: bool = False) -> Any:  # noqa: A002
    """Applies the Mish function element-wise: ``x * tanh(softplus(x))``.

    Args:
        input (Tensor): the input tensor (floating point).
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Example:
        >>> F.mish(glassnet.tensor([-1.0, 0.0, 1.0]))
        tensor([-0.3034,  0.0000,  0.8651])
    """
    _float_only(input, "mish")
    return input * elementwise_ops.Tanh.apply(Softplus.apply(input, 1.0, 20.0))


def sigmoid(input: Any) -> Any:  # noqa: A002
    """Applies the logistic sigmoid element-wise: ``1 / (1 + exp(-x))``.

    Integer and boolean inputs are computed in the default floating dtype, as in PyTorch.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> F.sigmoid(glassnet.tensor([-2.0, 0.0, 2.0]))
        tensor([0.1192, 0.5000, 0.8808])
    """
    return elementwise_ops.Sigmoid.apply(_floating(input))


def hardsigmoid(input: Any, inplace: bool = False) -> Any:  # noqa: A002
    """Applies the hard sigmoid element-wise: ``relu6(x + 3) / 6``.

    Args:
        input (Tensor): the input tensor (floating point).
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Example:
        >>> F.hardsigmoid(glassnet.tensor([-4.0, 0.0, 1.5, 4.0]))
        tensor([0.0000, 0.5000, 0.7500, 1.0000])
    """
    _float_only(input, "hardsigmoid")
    return Hardtanh.apply(input + 3.0, 0.0, 6.0, nan_grad=False) * (1.0 / 6.0)


def hardswish(input: Any, inplace: bool = False) -> Any:  # noqa: A002
    """Applies the hard swish function element-wise: ``x * relu6(x + 3) / 6``.

    Args:
        input (Tensor): the input tensor (floating point).
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Example:
        >>> F.hardswish(glassnet.tensor([-4.0, -1.0, 0.0, 4.0]))
        tensor([-0.0000, -0.3333,  0.0000,  4.0000])
    """
    _float_only(input, "hardswish")
    return Hardswish.apply(input)


def logsigmoid(input: Any) -> Any:  # noqa: A002
    """Applies ``log(sigmoid(x))`` element-wise, computed stably as ``-softplus(-x)``.

    Args:
        input (Tensor): the input tensor (floating point).

    Example:
        >>> F.logsigmoid(glassnet.tensor([-100.0, 0.0, 2.0]))
        tensor([-100.0000,   -0.6931,   -0.1269])
    """
    _float_only(input, "logsigmoid")
    return -Softplus.apply(-input, 1.0, 20.0)


def tanh(input: Any) -> Any:  # noqa: A002
    """Applies the hyperbolic tangent element-wise.

    Integer and boolean inputs are computed in the default floating dtype, as in PyTorch.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> F.tanh(glassnet.tensor([-1.0, 0.0, 1.0]))
        tensor([-0.7616,  0.0000,  0.7616])
    """
    return elementwise_ops.Tanh.apply(_floating(input))


def softsign(input: Any) -> Any:  # noqa: A002
    """Applies the element-wise function ``x / (1 + |x|)``.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> F.softsign(glassnet.tensor([-3.0, 0.0, 1.0]))
        tensor([-0.7500,  0.0000,  0.5000])
    """
    return input / (elementwise_ops.Abs.apply(input) + 1)


def tanhshrink(input: Any) -> Any:  # noqa: A002
    """Applies the element-wise function ``x - tanh(x)``.

    Args:
        input (Tensor): the input tensor.

    Example:
        >>> F.tanhshrink(glassnet.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.2384,  0.0000,  1.0360])
    """
    return input - elementwise_ops.Tanh.apply(_floating(input))


def softplus(input: Any, beta: float = 1.0, threshold: float = 20.0) -> Any:  # noqa: A002
    """Applies the softplus function element-wise: ``log(1 + exp(beta * x)) / beta``.

    For numerical stability the function is the identity where ``beta * x > threshold``.

    Args:
        input (Tensor): the input tensor (floating point).
        beta (float, optional): the ``beta`` of the formula. Default: ``1.0``.
        threshold (float, optional): above ``beta * x > threshold`` the output is ``x``. Default: ``20.0``.

    Example:
        >>> F.softplus(glassnet.tensor([-1.0, 0.0, 30.0]))
        tensor([ 0.3133,  0.6931, 30.0000])
    """
    _float_only(input, "softplus")
    return Softplus.apply(input, beta, threshold)


def hardtanh(input: Any, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> Any:  # noqa: A002
    """Applies the hard tanh function element-wise: ``clamp(x, min_val, max_val)``.

    The gradient is zero at and beyond the limits, as in PyTorch.

    Args:
        input (Tensor): the input tensor.
        min_val (float, optional): the lower limit. Default: ``-1.0``.
        max_val (float, optional): the upper limit. Default: ``1.0``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Example:
        >>> F.hardtanh(glassnet.tensor([-2.0, 0.5, 3.0]))
        tensor([-1.0000,  0.5000,  1.0000])
    """
    if min_val > max_val:
        raise ValueError(f"hardtanh: min_val ({min_val}) cannot be greater than max_val ({max_val})")
    if input._data.dtype.kind == "u" and (min_val < 0 or max_val < 0):
        raise RuntimeError(f"hardtanh: cannot do hardtanh on an unsigned type ({input.dtype!r}) with negative limits")
    return Hardtanh.apply(input, min_val, max_val)


def prelu(input: Any, weight: Any) -> Any:  # noqa: A002
    """Applies the parametric ReLU element-wise: ``x`` for ``x > 0``, ``weight * x`` otherwise.

    Args:
        input (Tensor): the input tensor; its channels are on dim 1.
        weight (Tensor): the learnable slope, with 1 entry (shared) or one per channel.

    Shape:
        - Input: ``(N, C, *)`` (or any shape when ``weight`` has one entry).
        - Weight: ``(1,)`` or ``(C,)``.
        - Output: the shape of the input.

    Example:
        >>> x = glassnet.tensor([[-1.0, 2.0], [-3.0, 4.0]])
        >>> F.prelu(x, glassnet.tensor([0.1, 0.5]))
        tensor([[-0.1000,  2.0000],
                [-0.3000,  4.0000]])
    """
    n = weight.numel()
    if n != 1:
        if input.ndim < 2 or input.shape[1] != n:
            raise RuntimeError(
                f"prelu: weight has {n} entries but the input of shape {tuple(input.shape)} has "
                f"{input.shape[1] if input.ndim > 1 else 1} channels (dim 1)"
            )
        weight = weight.reshape((1, n) + (1,) * (input.ndim - 2))
    return Prelu.apply(input, weight)


def _softmax_dim(name: str, ndim: int, dim: Any) -> int:
    if dim is None:
        warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to "
                      "include dim=X as an argument.", stacklevel=3)
        dim = 0 if ndim in (0, 1, 3) else 1
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"{name}: Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {dim})")
    return dim % n


def softmax(input: Any, dim: Any = None, _stacklevel: int = 3, dtype: Any = None) -> Any:  # noqa: A002
    """Applies the softmax function along ``dim``: ``exp(x_i) / sum_j exp(x_j)``.

    The outputs along ``dim`` are in ``[0, 1]`` and sum to 1.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which softmax is computed. Leaving it out chooses one
            (0 for 0-, 1- and 3-dimensional input, else 1) with a deprecation warning, as PyTorch does.
        _stacklevel (int, optional): accepted for PyTorch compatibility. Default: ``3``.
        dtype (glassnet.dtype, optional): if given, the input is cast to it first. Default: ``None``.

    Example:
        >>> F.softmax(glassnet.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]), dim=1)
        tensor([[0.0900, 0.2447, 0.6652],
                [0.3333, 0.3333, 0.3333]])
    """
    if dtype is not None:
        input = input.astype(dtype)
    return reduce_ops.Softmax.apply(input, _softmax_dim("softmax", input.ndim, dim))


def softmin(input: Any, dim: Any = None, _stacklevel: int = 3, dtype: Any = None) -> Any:  # noqa: A002
    """Applies the softmin function along ``dim``: ``softmax(-x, dim)``.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which softmin is computed (see :func:`softmax`).
        _stacklevel (int, optional): accepted for PyTorch compatibility. Default: ``3``.
        dtype (glassnet.dtype, optional): if given, the input is cast to it first. Default: ``None``.

    Example:
        >>> F.softmin(glassnet.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([0.6652, 0.2447, 0.0900])
    """
    return softmax(-input, dim, dtype=dtype)


def log_softmax(input: Any, dim: Any = None, _stacklevel: int = 3, dtype: Any = None) -> Any:  # noqa: A002
    """Applies ``log(softmax(x))`` along ``dim``, computed stably as ``x - logsumexp(x)``.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which log-softmax is computed (see :func:`softmax`).
        _stacklevel (int, optional): accepted for PyTorch compatibility. Default: ``3``.
        dtype (glassnet.dtype, optional): if given, the input is cast to it first. Default: ``None``.

    Example:
        >>> F.log_softmax(glassnet.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([-2.4076, -1.4076, -0.4076])
    """
    if dtype is not None:
        input = input.astype(dtype)
    return reduce_ops.LogSoftmax.apply(input, _softmax_dim("log_softmax", input.ndim, dim))
