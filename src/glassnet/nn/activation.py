"""Activation layers: thin Modules over the functional forms in ``glassnet/nn/activation_functional.py``.

``inplace=`` is accepted for PyTorch compatibility and ignored (glassnet never overwrites the input).
"""

from __future__ import annotations

from typing import Any

from .. import creation
from ..tensor import Tensor
from . import activation_functional
from .module import Module
from .parameter import Parameter


class _Inplace(Module):
    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class ReLU(_Inplace):
    """Applies the rectified linear unit function element-wise.

    ``ReLU(x) = max(0, x)``

    Args:
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.ReLU()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([0.0000, 0.0000, 0.0000, 0.5000, 2.0000])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply ReLU."""
        return activation_functional.relu(input)


class ReLU6(_Inplace):
    """Applies the ReLU6 function element-wise.

    ``ReLU6(x) = min(max(0, x), 6)``

    Args:
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.ReLU6()
        >>> m(glassnet.tensor([-1.0, 3.0, 8.0]))
        tensor([0., 3., 6.])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply ReLU6."""
        return activation_functional.relu6(input)


class LeakyReLU(Module):
    """Applies the LeakyReLU function element-wise.

    ``LeakyReLU(x) = x`` if ``x >= 0``, else ``negative_slope * x``.

    Args:
        negative_slope (float, optional): the slope for negative inputs. Default: ``0.01``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.LeakyReLU(0.1)
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-0.2000, -0.0500,  0.0000,  0.5000,  2.0000])
    """

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope, self.inplace = negative_slope, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply LeakyReLU."""
        return activation_functional.leaky_relu(input, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class ELU(Module):
    """Applies the Exponential Linear Unit (ELU) function element-wise.

    ``ELU(x) = x`` if ``x > 0``, else ``alpha * (exp(x) - 1)``.

    Args:
        alpha (float, optional): the alpha value of the ELU formulation. Default: ``1.0``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.ELU()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-0.8647, -0.3935,  0.0000,  0.5000,  2.0000])
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply ELU."""
        return activation_functional.elu(input, self.alpha)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class CELU(ELU):
    """Applies the CELU function element-wise.

    ``CELU(x) = max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``

    Args:
        alpha (float, optional): the alpha value of the CELU formulation. Default: ``1.0``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.CELU()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-0.8647, -0.3935,  0.0000,  0.5000,  2.0000])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply CELU."""
        return activation_functional.celu(input, self.alpha)


class SELU(_Inplace):
    """Applies the SELU function element-wise.

    ``SELU(x) = scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))`` with
    ``alpha = 1.6732632423543772`` and ``scale = 1.0507009873554805``.

    Used with :func:`~glassnet.nn.init.kaiming_normal_` (``nonlinearity='linear'``) and
    :class:`AlphaDropout` for self-normalising networks.

    Args:
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.SELU()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-1.5202, -0.6918,  0.0000,  0.5254,  2.1014])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply SELU."""
        return activation_functional.selu(input)


class GELU(Module):
    """Applies the Gaussian Error Linear Units function element-wise.

    ``GELU(x) = x * Phi(x)`` where ``Phi`` is the cumulative distribution function of the standard
    normal distribution. With ``approximate='tanh'`` it is estimated by
    ``0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))``.

    Args:
        approximate (str, optional): the approximation to use, ``'none'`` or ``'tanh'``. Default: ``'none'``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.GELU()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-0.0455, -0.1543,  0.0000,  0.3457,  1.9545])
    """

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply GELU."""
        return activation_functional.gelu(input, self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class SiLU(_Inplace):
    """Applies the Sigmoid Linear Unit (SiLU) function element-wise, also known as swish.

    ``SiLU(x) = x * sigmoid(x)``

    Args:
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.SiLU()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-0.2384, -0.1888,  0.0000,  0.3112,  1.7616])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply SiLU."""
        return activation_functional.silu(input)


class Mish(_Inplace):
    """Applies the Mish function element-wise.

    ``Mish(x) = x * tanh(softplus(x))``

    Args:
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Mish()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-0.2525, -0.2207,  0.0000,  0.3752,  1.9440])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply Mish."""
        return activation_functional.mish(input)


class Sigmoid(Module):
    """Applies the Sigmoid function element-wise.

    ``Sigmoid(x) = 1 / (1 + exp(-x))``

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Sigmoid()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([0.1192, 0.3775, 0.5000, 0.6225, 0.8808])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply the sigmoid."""
        return activation_functional.sigmoid(input)


class Hardsigmoid(_Inplace):
    """Applies the Hardsigmoid function element-wise.

    ``Hardsigmoid(x) = 0`` if ``x <= -3``, ``1`` if ``x >= 3``, else ``x / 6 + 1 / 2``.

    Args:
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Hardsigmoid()
        >>> m(glassnet.tensor([-4.0, 0.0, 1.5, 4.0]))
        tensor([0.0000, 0.5000, 0.7500, 1.0000])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply Hardsigmoid."""
        return activation_functional.hardsigmoid(input)


class Hardswish(_Inplace):
    """Applies the Hardswish function element-wise.

    ``Hardswish(x) = 0`` if ``x <= -3``, ``x`` if ``x >= 3``, else ``x * (x + 3) / 6``.

    Args:
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Hardswish()
        >>> m(glassnet.tensor([-4.0, -1.0, 0.0, 1.5, 4.0]))
        tensor([-0.0000, -0.3333,  0.0000,  1.1250,  4.0000])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply Hardswish."""
        return activation_functional.hardswish(input)


class LogSigmoid(Module):
    """Applies the LogSigmoid function element-wise.

    ``LogSigmoid(x) = log(1 / (1 + exp(-x)))``

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.LogSigmoid()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-2.1269, -0.9741, -0.6931, -0.4741, -0.1269])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply LogSigmoid."""
        return activation_functional.logsigmoid(input)


class Tanh(Module):
    """Applies the Hyperbolic Tangent (Tanh) function element-wise.

    ``Tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))``

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Tanh()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-0.9640, -0.4621,  0.0000,  0.4621,  0.9640])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply tanh."""
        return activation_functional.tanh(input)


class Softsign(Module):
    """Applies the element-wise Softsign function.

    ``SoftSign(x) = x / (1 + |x|)``

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Softsign()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-0.6667, -0.3333,  0.0000,  0.3333,  0.6667])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply Softsign."""
        return activation_functional.softsign(input)


class Tanhshrink(Module):
    """Applies the element-wise Tanhshrink function.

    ``Tanhshrink(x) = x - tanh(x)``

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Tanhshrink()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-1.0360, -0.0379,  0.0000,  0.0379,  1.0360])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply Tanhshrink."""
        return activation_functional.tanhshrink(input)


class Softplus(Module):
    """Applies the Softplus function element-wise.

    ``Softplus(x) = 1 / beta * log(1 + exp(beta * x))``, a smooth approximation of ReLU. For
    numerical stability it reverts to the linear function when ``beta * x > threshold``.

    Args:
        beta (float, optional): the beta value of the Softplus formulation. Default: ``1.0``.
        threshold (float, optional): values above this revert to a linear function. Default: ``20.0``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Softplus()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([0.1269, 0.4741, 0.6931, 0.9741, 2.1269])
    """

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply Softplus."""
        return activation_functional.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Hardtanh(Module):
    """Applies the HardTanh function element-wise.

    ``HardTanh(x) = max_val`` if ``x > max_val``, ``min_val`` if ``x < min_val``, else ``x``.

    Args:
        min_val (float, optional): minimum value of the linear region range. Default: ``-1.0``.
        max_val (float, optional): maximum value of the linear region range. Default: ``1.0``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Hardtanh()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-1.0000, -0.5000,  0.0000,  0.5000,  1.0000])
    """

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        if min_val > max_val:
            raise ValueError(f"Hardtanh: min_val ({min_val}) cannot be greater than max_val ({max_val})")
        self.min_val, self.max_val, self.inplace = min_val, max_val, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply Hardtanh."""
        return activation_functional.hardtanh(input, self.min_val, self.max_val)

    def extra_repr(self) -> str:
        return f"min_val={self.min_val}, max_val={self.max_val}" + (", inplace=True" if self.inplace else "")


class PReLU(Module):
    """Applies the element-wise PReLU function: a leaky ReLU whose negative slope is learned.

    ``PReLU(x) = max(0, x) + a * min(0, x)``. With ``num_parameters=1`` one ``a`` is shared by all
    channels; with ``num_parameters=C`` each channel (dim 1 of the input) has its own.

    Attributes:
        weight (Tensor): the learnable weights of shape ``(num_parameters,)``, filled with ``init``.

    Args:
        num_parameters (int, optional): number of ``a`` to learn: 1, or the number of channels of the
            input. Default: 1.
        init (float, optional): the initial value of ``a``. Default: ``0.25``.
        dtype (glassnet.dtype, optional): dtype of the parameter. Default: ``None`` (float32).

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.PReLU()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-0.5000, -0.1250,  0.0000,  0.5000,  2.0000],
               grad_fn=<PreluKernelBackward0>)
    """

    def __init__(self, num_parameters: int = 1, init: float = 0.25, dtype: Any = None) -> None:
        super().__init__()
        self.num_parameters, self.init = num_parameters, init
        self.weight = Parameter(creation.full((num_parameters,), float(init), dtype=dtype))

    def reset_parameters(self) -> None:
        """Refill the slope with ``init``."""
        from . import init

        init.constant_(self.weight, self.init)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply PReLU."""
        return activation_functional.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class _SoftmaxBase(Module):
    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmax(_SoftmaxBase):
    """Applies the Softmax function to an n-dimensional input tensor.

    Rescales the input so that the elements along ``dim`` lie in ``[0, 1]`` and sum to 1:
    ``Softmax(x_i) = exp(x_i) / sum_j exp(x_j)``.

    Args:
        dim (int): a dimension along which Softmax will be computed (so every slice along ``dim`` will
            sum to 1). ``None`` picks a dimension with a deprecation warning, as in PyTorch.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Softmax(dim=1)
        >>> m(glassnet.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]))
        tensor([[0.0900, 0.2447, 0.6652],
                [0.3333, 0.3333, 0.3333]])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply softmax."""
        return activation_functional.softmax(input, self.dim)


class Softmin(_SoftmaxBase):
    """Applies the Softmin function to an n-dimensional input tensor.

    ``Softmin(x_i) = exp(-x_i) / sum_j exp(-x_j)``: the elements along ``dim`` lie in ``[0, 1]`` and
    sum to 1, the smallest input getting the largest share.

    Args:
        dim (int): a dimension along which Softmin will be computed.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Softmin(dim=0)
        >>> m(glassnet.tensor([1.0, 2.0, 3.0]))
        tensor([0.6652, 0.2447, 0.0900])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply softmin."""
        return activation_functional.softmin(input, self.dim)


class LogSoftmax(_SoftmaxBase):
    """Applies the ``log(Softmax(x))`` function to an n-dimensional input tensor.

    ``LogSoftmax(x_i) = x_i - log(sum_j exp(x_j))``, computed stably. Combine with
    :class:`NLLLoss` (or use :class:`CrossEntropyLoss`, which does both).

    Args:
        dim (int): a dimension along which LogSoftmax will be computed.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.LogSoftmax(dim=1)
        >>> m(glassnet.tensor([[1.0, 2.0, 3.0]]))
        tensor([[-2.4076, -1.4076, -0.4076]])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply log-softmax."""
        return activation_functional.log_softmax(input, self.dim)
