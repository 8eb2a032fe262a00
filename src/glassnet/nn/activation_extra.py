"""More activations: GLU, Hardshrink, Softshrink, Threshold, RReLU, Softmax2d, FeatureAlphaDropout, F.gumbel_softmax
and the in-place forms F.relu_, F.elu_, ... .

Each is a few differentiable tensor ops (where, sigmoid, softmax), so the gradients need no code
of their own; the Modules carry PyTorch's constructor arguments and reprs.
"""

from __future__ import annotations

from typing import Any

from .. import creation
from ..functions import where
from ..tensor import Tensor
from .activation_functional import celu, elu, hardtanh, leaky_relu, relu, selu, sigmoid, softmax
from .module import Module


def glu(input: Tensor, dim: int = -1) -> Tensor:  # noqa: A002
    """Applies the gated linear unit ``GLU(a, b) = a * sigmoid(b)``.

    The input is split in half along ``dim``: ``a`` is the first half and ``b`` the second.

    Args:
        input (Tensor): the input tensor; its size along ``dim`` must be even.
        dim (int, optional): the dimension on which to split the input. Default: -1.

    Shape:
        - Input: ``(*1, N, *2)``
        - Output: ``(*1, M, *2)`` with ``M = N / 2``.

    Example:
        >>> F.glu(glassnet.tensor([1.0, 2.0, 0.0, 100.0]))
        tensor([0.5000, 2.0000])
    """
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    if not input.is_floating_point():
        raise NotImplementedError(f"glu: not implemented for integer or bool inputs (got {input.dtype})")
    d = dim % input.ndim if -input.ndim <= dim < input.ndim else None
    if d is None:
        raise IndexError(f"glu: dim {dim} out of range for an input of shape {tuple(input.shape)}")
    if input.shape[d] % 2:
        raise RuntimeError(f"glu: halving dimension must be even, but dimension {d} is size {input.shape[d]} "
                           f"(input shape {tuple(input.shape)})")
    a, b = input.chunk(2, d)
    return a * sigmoid(b)


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """Applies the hard shrinkage function element-wise.

    ``x`` if ``|x| > lambd``, else ``0``.

    Args:
        input (Tensor): the input tensor.
        lambd (float, optional): the lambda value of the Hardshrink formulation. Default: ``0.5``.

    Example:
        >>> F.hardshrink(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-2.,  0.,  0.,  0.,  2.])
    """
    # test the zero band, not |x| > lambd, so NaN falls outside it and stays NaN (as in PyTorch)
    return where((input >= -lambd) & (input <= lambd), 0.0, input)


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """Applies the soft shrinkage function element-wise.

    ``x - lambd`` if ``x > lambd``, ``x + lambd`` if ``x < -lambd``, else ``0``.

    Args:
        input (Tensor): the input tensor.
        lambd (float, optional): the lambda value (must be no less than zero). Default: ``0.5``.

    Example:
        >>> F.softshrink(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-1.5000,  0.0000,  0.0000,  0.0000,  1.5000])
    """
    if lambd < 0:
        raise RuntimeError(f"softshrink: lambda must be greater or equal to 0, but found to be {lambd}.")
    # NaN is outside the zero band and takes the last branch, so it stays NaN with gradient 1 (as in PyTorch)
    return where((input >= -lambd) & (input <= lambd), 0.0, where(input > lambd, input - lambd, input + lambd))


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:  # noqa: A002
    """Applies a threshold to each element of the input: ``x`` if ``x > threshold``, else ``value``.

    Args:
        input (Tensor): the input tensor.
        threshold (float): the value to threshold at.
        value (float): the value to replace with.
        inplace (bool, optional): overwrite the input (see :func:`threshold_`). Default: ``False``.

    Example:
        >>> F.threshold(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]), 0.1, 20.0)
        tensor([20.0000, 20.0000, 20.0000,  0.5000,  2.0000])
    """
    if inplace:
        return threshold_(input, threshold, value)
    # x <= threshold is False for NaN, so NaN passes through (as in PyTorch)
    return where(input <= threshold, value, input)


def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,  # noqa: A002
          inplace: bool = False) -> Tensor:
    """Applies the randomized leaky rectified linear unit function element-wise.

    In training mode each negative element is multiplied by a slope drawn from
    ``U(lower, upper)``; in evaluation mode by the fixed slope ``(lower + upper) / 2``.
    See :class:`~glassnet.nn.RReLU`.

    Args:
        input (Tensor): the input tensor.
        lower (float, optional): lower bound of the uniform distribution. Default: ``1/8``.
        upper (float, optional): upper bound of the uniform distribution. Default: ``1/3``.
        training (bool, optional): draw random slopes. Default: ``False``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (use :func:`rrelu_`).
            Default: ``False``.

    Example:
        >>> F.rrelu(glassnet.tensor([-1.0, 2.0]), lower=0.1, upper=0.3)
        tensor([-0.2000,  2.0000])
    """
    if not training:
        return leaky_relu(input, (lower + upper) / 2)
    slope = creation.empty(tuple(input.shape), dtype=input.dtype, device=input.device).uniform_(lower, upper)
    return where(input >= 0, input, input * slope)


def gumbel_softmax(logits: Tensor, tau: float = 1, hard: bool = False, eps: float = 1e-10,
                   dim: int = -1) -> Tensor:
    """Sample from the Gumbel-Softmax distribution and optionally discretize.

    Adds Gumbel(0, 1) noise to the logits and takes a softmax with temperature ``tau``. With
    ``hard=True`` the returned samples are one-hot, but their gradient is that of the soft samples
    (straight-through estimator).

    Args:
        logits (Tensor): ``[..., num_features]`` unnormalized log probabilities.
        tau (float, optional): non-negative scalar temperature. Default: 1.
        hard (bool, optional): return one-hot samples. Default: ``False``.
        eps (float, optional): accepted for PyTorch compatibility (unused there too). Default: ``1e-10``.
        dim (int, optional): the dimension along which softmax is computed. Default: -1.

    Returns:
        Tensor: sampled tensor of the same shape as ``logits``, summing to 1 along ``dim``.

    Example:
        >>> logits = glassnet.randn(4, 5)
        >>> F.gumbel_softmax(logits, tau=0.5).sum(-1)
        tensor([1.0000, 1.0000, 1.0000, 1.0000])
        >>> F.gumbel_softmax(logits, hard=True).sum(-1)
        tensor([1., 1., 1., 1.])
    """
    # -log(Exp(1)) samples are Gumbel(0, 1)
    u = creation.rand(*logits.shape, dtype=logits.dtype)
    gumbels = -(-(1 - u).log()).log()
    y_soft = softmax((logits + gumbels) / tau, dim)
    if not hard:
        return y_soft
    index = y_soft.argmax(dim, keepdim=True)
    y_hard = creation.zeros(*logits.shape, dtype=logits.dtype)
    xp = y_hard.xp
    xp.put_along_axis(y_hard._data, index._data, 1.0, dim)
    return y_hard - y_soft.detach() + y_soft


class GLU(Module):
    """Applies the gated linear unit function ``GLU(a, b) = a * sigmoid(b)``.

    ``a`` is the first half of the input along ``dim`` and ``b`` the second half.

    Args:
        dim (int, optional): the dimension on which to split the input. Default: -1.

    Shape:
        - Input: ``(*1, N, *2)`` where ``*`` means any number of additional dimensions.
        - Output: ``(*1, M, *2)`` where ``M = N / 2``.

    Example:
        >>> m = nn.GLU()
        >>> m(glassnet.randn(4, 2)).shape
        glassnet.Size([4, 1])
    """

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """a * sigmoid(b) with a, b the halves of ``dim``."""
        return glu(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Hardshrink(Module):
    """Applies the Hard Shrinkage (Hardshrink) function element-wise.

    ``HardShrink(x) = x`` if ``x > lambd`` or ``x < -lambd``, else ``0``.

    Args:
        lambd (float, optional): the lambda value of the Hardshrink formulation. Default: ``0.5``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Hardshrink()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-2.,  0.,  0.,  0.,  2.])
    """

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply hard shrinkage."""
        return hardshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return f"{self.lambd}"


class Softshrink(Hardshrink):
    """Applies the soft shrinkage function element-wise.

    ``SoftShrink(x) = x - lambd`` if ``x > lambd``, ``x + lambd`` if ``x < -lambd``, else ``0``.

    Args:
        lambd (float, optional): the lambda value (must be no less than zero). Default: ``0.5``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Softshrink()
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([-1.5000,  0.0000,  0.0000,  0.0000,  1.5000])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply soft shrinkage."""
        return softshrink(input, self.lambd)


class Threshold(Module):
    """Thresholds each element of the input tensor.

    ``y = x`` if ``x > threshold``, else ``value``.

    Args:
        threshold (float): the value to threshold at.
        value (float): the value to replace with.
        inplace (bool, optional): overwrite the input. Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Threshold(0.1, 20.0)
        >>> m(glassnet.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]))
        tensor([20.0000, 20.0000, 20.0000,  0.5000,  2.0000])
    """

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Threshold the input."""
        return threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self) -> str:
        return f"threshold={self.threshold}, value={self.value}" + (", inplace=True" if self.inplace else "")


class RReLU(Module):
    """Applies the randomized leaky rectified linear unit function, element-wise.

    ``RReLU(x) = x`` if ``x >= 0``, else ``a * x``, where ``a`` is drawn from ``U(lower, upper)`` for
    every element in training mode and is ``(lower + upper) / 2`` in evaluation mode (as described in
    "Empirical Evaluation of Rectified Activations in Convolutional Network").

    Args:
        lower (float, optional): lower bound of the uniform distribution. Default: ``1/8``.
        upper (float, optional): upper bound of the uniform distribution. Default: ``1/3``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored (glassnet never
            overwrites the input). Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.RReLU(0.1, 0.3).eval()
        >>> m(glassnet.tensor([-1.0, 2.0]))
        tensor([-0.2000,  2.0000])
    """

    def __init__(self, lower: float = 1.0 / 8, upper: float = 1.0 / 3, inplace: bool = False) -> None:
        super().__init__()
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Apply RReLU (random slopes only in training mode)."""
        return rrelu(input, self.lower, self.upper, self.training)

    def extra_repr(self) -> str:
        return f"lower={self.lower}, upper={self.upper}"


class Softmax2d(Module):
    """Applies SoftMax over features to each spatial location.

    For an image of ``Channels x Height x Width`` it applies :class:`Softmax` to every location
    ``(Channels, h_i, w_j)``, i.e. over dim -3.

    Shape:
        - Input: ``(N, C, H, W)`` or ``(C, H, W)``.
        - Output: same shape as the input, with values in ``[0, 1]``.

    Example:
        >>> m = nn.Softmax2d()
        >>> m(glassnet.randn(2, 3, 12, 13)).sum(1).shape
        glassnet.Size([2, 12, 13])
    """

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        """Softmax over dim -3."""
        if input.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {input.ndim}D instead "
                             f"(shape {tuple(input.shape)})")
        return softmax(input, -3)


def feature_alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False,  # noqa: A002
                          inplace: bool = False) -> Tensor:
    """Randomly masks out entire channels, setting them to the negative saturation value of SELU.

    Each channel (a ``(sample, channel)`` feature map) is masked independently with probability
    ``p`` in training; the output is then scaled and shifted so that inputs of zero mean and unit
    variance keep that mean and variance (as :func:`alpha_dropout`, per channel).

    Args:
        input (Tensor): input of shape ``(N, C, *)``.
        p (float, optional): dropout probability of a channel. Default: ``0.5``.
        training (bool, optional): apply dropout if ``True``; otherwise return the input. Default: ``False``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Example:
        >>> x = glassnet.ones(2, 3, 4)
        >>> F.feature_alpha_dropout(x, 0.5, training=False) is x
        True
        >>> F.feature_alpha_dropout(x, 0.5, training=True).shape
        glassnet.Size([2, 3, 4])
    """
    from ..backend import array_module, generator

    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return input
    if input.ndim < 2:
        raise RuntimeError(f"feature_alpha_dropout: feature dropout requires at least 2 dimensions in the input, "
                           f"got shape {tuple(input.shape)}")
    if p == 1:
        return input * 0.0
    alpha = 1.7580993408473766  # -SELU's negative saturation value, scale * alpha
    a = 1.0 / ((alpha * alpha * p + 1) * (1 - p)) ** 0.5
    dt = input._data.dtype
    keep = (generator().random(tuple(input.shape[:2]) + (1,) * (input.ndim - 2)) >= p).astype(dt)
    keep = array_module(input._data).asarray(keep)  # drawn on the host, used on the input's backend
    # kept: a*x + alpha*a*p; dropped: -alpha*a + alpha*a*p (mean and variance preserved for SELU inputs)
    return input * (keep * a).astype(dt) + ((keep - 1) * alpha * a + alpha * a * p).astype(dt)


class FeatureAlphaDropout(Module):
    """Randomly masks out entire channels, setting them to the negative saturation value of SELU.

    In training, each channel of each sample is dropped independently with probability ``p`` and
    the output is rescaled so that SELU-normalised activations keep zero mean and unit variance.
    In evaluation mode it is the identity. Intended for networks built with :class:`SELU`.

    Args:
        p (float, optional): probability of an element to be zeroed. Default: ``0.5``.
        inplace (bool, optional): accepted for PyTorch compatibility and ignored. Default: ``False``.

    Shape:
        - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)`` (any input with a channel dimension).
        - Output: same shape as the input.

    Example:
        >>> m = nn.FeatureAlphaDropout(p=0.2)
        >>> m(glassnet.randn(2, 4, 3, 8, 8)).shape
        glassnet.Size([2, 4, 3, 8, 8])
    """

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Drop channels in training mode; identity in eval mode."""
        return feature_alpha_dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


def _inplace(name: str, fn: Any, example_args: str = "", example_out: str = "") -> Any:
    """The in-place form ``F.<name>``: compute fn(input) and write it into input's own storage."""

    def op(input: Tensor, *args: Any, **kwargs: Any) -> Tensor:  # noqa: A002
        # fn runs on a copy, so what it saves for backward is not overwritten by the write; the new value is a
        # Tensor, so an in-place write that autograd records (a non-leaf) differentiates through fn.
        return input._inplace(name, fn(input.clone(), *args, **kwargs))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"""In-place version of :func:`~glassnet.nn.functional.{fn.__name__}`: overwrites ``input``.

    Args:
        input (Tensor): the input tensor; it receives the result.
        *args: the further arguments of :func:`~glassnet.nn.functional.{fn.__name__}`.
        **kwargs: its keyword arguments.

    Example:
        >>> x = glassnet.tensor([-1.0, 0.5, 2.0])
        >>> F.{name}(x{example_args}) is x
        True
        >>> x
        {example_out}
    """
    return op


relu_ = _inplace("relu_", relu, "", "tensor([0.0000, 0.5000, 2.0000])")
elu_ = _inplace("elu_", elu, "", "tensor([-0.6321,  0.5000,  2.0000])")
selu_ = _inplace("selu_", selu, "", "tensor([-1.1113,  0.5254,  2.1014])")
celu_ = _inplace("celu_", celu, "", "tensor([-0.6321,  0.5000,  2.0000])")
leaky_relu_ = _inplace("leaky_relu_", leaky_relu, ", 0.1", "tensor([-0.1000,  0.5000,  2.0000])")
hardtanh_ = _inplace("hardtanh_", hardtanh, "", "tensor([-1.0000,  0.5000,  1.0000])")
threshold_ = _inplace("threshold_", threshold, ", 1.0, 0.0", "tensor([0., 0., 2.])")
rrelu_ = _inplace("rrelu_", rrelu, "", "tensor([-0.2292,  0.5000,  2.0000])")
