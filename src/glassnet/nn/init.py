"""Weight initialisation, with PyTorch's formulas and distributions (``torch.nn.init``).

Every function fills a tensor in place under ``no_grad`` with draws from glassnet's one generator,
so ``glassnet.manual_seed`` makes initialisation reproducible.
"""

from __future__ import annotations

import math
from typing import Any

from ..autograd.grad_mode import no_grad
from ..backend import generator
from ..tensor import Tensor

# The public API is the init functions; ``generator`` and the rest are only imports
__all__ = ["calculate_gain", "uniform_", "normal_", "trunc_normal_", "constant_", "zeros_", "ones_", "eye_",
           "dirac_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "orthogonal_",
           "sparse_"]


def calculate_gain(nonlinearity: str, param: Any = None) -> float:
    """Returns the recommended gain value for the given nonlinearity function.

    ================= ====================================================
    nonlinearity      gain
    ================= ====================================================
    Linear / Identity ``1``
    Conv{1,2,3}D      ``1``
    Sigmoid           ``1``
    Tanh              ``5 / 3``
    ReLU              ``sqrt(2)``
    Leaky Relu        ``sqrt(2 / (1 + negative_slope ** 2))``
    SELU              ``3 / 4``
    ================= ====================================================

    Args:
        nonlinearity (str): the name of the non-linear function (``'relu'``, ``'tanh'``,
            ``'leaky_relu'``, ``'conv2d'``, ...).
        param (float, optional): the negative slope of ``'leaky_relu'`` (``0.01`` when ``None``).
            Default: ``None``.

    Example:
        >>> nn.init.calculate_gain('tanh')
        1.6666666666666667
        >>> nn.init.calculate_gain('leaky_relu', 0.2)
        1.3867504905630728
    """
    linear_fns = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                  "conv_transpose3d")
    if nonlinearity in linear_fns or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, (int, float)):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4  # PyTorch's value, chosen for self-normalising networks
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """(fan_in, fan_out): in/out features times the receptive field size (kernel elements)."""
    if tensor.ndim < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive = 1
    for s in tensor.shape[2:]:
        receptive *= s
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor: Tensor, mode: str) -> int:
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def _fill(tensor: Tensor, values: Any) -> Tensor:
    with no_grad():  # values are drawn on the host: copied to the tensor's backend first
        return tensor.copy_(tensor.xp.asarray(values))


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0) -> Tensor:
    """Fills the input tensor in place with values drawn from the uniform distribution ``U(a, b)``.

    Draws come from glassnet's global generator (see :func:`glassnet.manual_seed`).

    Args:
        tensor (Tensor): an n-dimensional tensor.
        a (float, optional): the lower bound of the distribution. Default: ``0.0``.
        b (float, optional): the upper bound of the distribution. Default: ``1.0``.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> w = nn.init.uniform_(glassnet.empty(3, 5), a=-0.1, b=0.1)
        >>> bool((w.abs() <= 0.1).all())
        True
    """
    return _fill(tensor, generator().uniform(a, b, tensor.shape))


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0) -> Tensor:
    """Fills the input tensor in place with values drawn from the normal distribution ``N(mean, std**2)``.

    Args:
        tensor (Tensor): an n-dimensional tensor.
        mean (float, optional): the mean of the distribution. Default: ``0.0``.
        std (float, optional): the standard deviation of the distribution. Default: ``1.0``.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> w = nn.init.normal_(glassnet.empty(100, 100), std=0.02)
        >>> round(w.std().item(), 2)
        0.02
    """
    return _fill(tensor, generator().normal(mean, std, tensor.shape))


def trunc_normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, a: float = -2.0,
                  b: float = 2.0) -> Tensor:
    """Fills the input tensor in place with values drawn from a truncated normal distribution.

    The values follow ``N(mean, std**2)`` restricted to ``[a, b]``: draws outside the bounds are
    redrawn (rejection sampling), which gives exactly the truncated distribution.

    Args:
        tensor (Tensor): an n-dimensional tensor.
        mean (float, optional): the mean of the normal distribution. Default: ``0.0``.
        std (float, optional): the standard deviation of the normal distribution. Default: ``1.0``.
        a (float, optional): the minimum cutoff value. Default: ``-2.0``.
        b (float, optional): the maximum cutoff value. Default: ``2.0``.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> w = nn.init.trunc_normal_(glassnet.empty(3, 5), std=1.0, a=-0.5, b=0.5)
        >>> bool((w.abs() <= 0.5).all())
        True
    """
    rng = generator()
    out = rng.normal(mean, std, tensor.shape)
    bad = (out < a) | (out > b)
    while bad.any():  # rejection sampling draws exactly the truncated distribution
        out[bad] = rng.normal(mean, std, int(bad.sum()))
        bad = (out < a) | (out > b)
    return _fill(tensor, out)


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fills the input tensor in place with the value ``val``.

    Args:
        tensor (Tensor): an n-dimensional tensor.
        val (float): the value to fill the tensor with.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> nn.init.constant_(glassnet.empty(2, 3), 0.3)
        tensor([[0.3000, 0.3000, 0.3000],
                [0.3000, 0.3000, 0.3000]])
    """
    return _fill(tensor, val)


def zeros_(tensor: Tensor) -> Tensor:
    """Fills the input tensor in place with the scalar value 0.

    Args:
        tensor (Tensor): an n-dimensional tensor.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> nn.init.zeros_(glassnet.empty(2, 3))
        tensor([[0., 0., 0.],
                [0., 0., 0.]])
    """
    return _fill(tensor, 0)


def ones_(tensor: Tensor) -> Tensor:
    """Fills the input tensor in place with the scalar value 1.

    Args:
        tensor (Tensor): an n-dimensional tensor.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> nn.init.ones_(glassnet.empty(2, 3))
        tensor([[1., 1., 1.],
                [1., 1., 1.]])
    """
    return _fill(tensor, 1)


def eye_(tensor: Tensor) -> Tensor:
    """Fills the 2-dimensional input tensor in place with the identity matrix.

    Preserves the identity of the inputs in :class:`~glassnet.nn.Linear` layers.

    Args:
        tensor (Tensor): a 2-dimensional tensor.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> nn.init.eye_(glassnet.empty(2, 3))
        tensor([[1., 0., 0.],
                [0., 1., 0.]])
    """
    if tensor.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    return _fill(tensor, tensor.xp.eye(*tensor.shape))


def dirac_(tensor: Tensor, groups: int = 1) -> Tensor:
    """Fills the {3, 4, 5}-dimensional input tensor in place with the Dirac delta function.

    Preserves the identity of the inputs in convolutional layers, where as many input channels are
    preserved as possible; with ``groups > 1`` each group of channels preserves identity.

    Args:
        tensor (Tensor): a {3, 4, 5}-dimensional convolution weight ``(C_out, C_in / groups, *kernel)``.
        groups (int, optional): the number of groups in the convolution layer. Default: ``1``.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> w = nn.init.dirac_(glassnet.empty(2, 2, 3))
        >>> w[0]
        tensor([[0., 1., 0.],
                [0., 0., 0.]])
        >>> x = glassnet.randn(1, 2, 5)
        >>> F.conv1d(x, w, padding=1).equal(x)
        True
    """
    if tensor.ndim not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    out_per_group = tensor.shape[0] // groups
    arr = tensor.xp.zeros(tensor.shape)
    centre = tuple(s // 2 for s in tensor.shape[2:])
    for g in range(groups):
        for d in range(min(out_per_group, tensor.shape[1])):
            arr[(g * out_per_group + d, d) + centre] = 1
    return _fill(tensor, arr)


def xavier_uniform_(tensor: Tensor, gain: float = 1.0) -> Tensor:
    """Fills the input tensor in place with values from the Glorot (Xavier) uniform distribution.

    The values are drawn from ``U(-a, a)`` with ``a = gain * sqrt(6 / (fan_in + fan_out))``
    (Glorot & Bengio, 2010).

    Args:
        tensor (Tensor): an n-dimensional tensor with at least 2 dimensions.
        gain (float, optional): an optional scaling factor. Default: ``1.0``.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> w = nn.init.xavier_uniform_(glassnet.empty(3, 5), gain=nn.init.calculate_gain('relu'))
        >>> bool((w.abs() <= 2 ** 0.5 * (6 / 8) ** 0.5).all())
        True
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    a = math.sqrt(3.0) * gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return uniform_(tensor, -a, a)


def xavier_normal_(tensor: Tensor, gain: float = 1.0) -> Tensor:
    """Fills the input tensor in place with values from the Glorot (Xavier) normal distribution.

    The values are drawn from ``N(0, std**2)`` with ``std = gain * sqrt(2 / (fan_in + fan_out))``.

    Args:
        tensor (Tensor): an n-dimensional tensor with at least 2 dimensions.
        gain (float, optional): an optional scaling factor. Default: ``1.0``.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> w = nn.init.xavier_normal_(glassnet.empty(200, 300))
        >>> round(w.std().item(), 3), round((2 / 500) ** 0.5, 3)
        (0.063, 0.063)
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)))


def kaiming_uniform_(tensor: Tensor, a: float = 0, mode: str = "fan_in",
                     nonlinearity: str = "leaky_relu") -> Tensor:
    """Fills the input tensor in place with values from the Kaiming (He) uniform distribution.

    The values are drawn from ``U(-bound, bound)`` with ``bound = gain * sqrt(3 / fan_mode)``
    (He et al., 2015), where ``gain = calculate_gain(nonlinearity, a)``.

    Args:
        tensor (Tensor): an n-dimensional tensor with at least 2 dimensions.
        a (float, optional): the negative slope of the rectifier used after this layer (only with
            ``'leaky_relu'``). Default: ``0``.
        mode (str, optional): ``'fan_in'`` preserves the variance of the activations in the forward
            pass, ``'fan_out'`` that of the gradients in the backward pass. Default: ``'fan_in'``.
        nonlinearity (str, optional): the non-linear function, ``'relu'`` or ``'leaky_relu'``
            recommended. Default: ``'leaky_relu'``.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> w = nn.init.kaiming_uniform_(glassnet.empty(4, 6), mode='fan_in', nonlinearity='relu')
        >>> bool((w.abs() <= (6 / 6) ** 0.5).all())
        True
    """
    if 0 in tensor.shape:
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound)


def kaiming_normal_(tensor: Tensor, a: float = 0, mode: str = "fan_in",
                    nonlinearity: str = "leaky_relu") -> Tensor:
    """Fills the input tensor in place with values from the Kaiming (He) normal distribution.

    The values are drawn from ``N(0, std**2)`` with ``std = gain / sqrt(fan_mode)``, where
    ``gain = calculate_gain(nonlinearity, a)``.

    Args:
        tensor (Tensor): an n-dimensional tensor with at least 2 dimensions.
        a (float, optional): the negative slope of the rectifier used after this layer (only with
            ``'leaky_relu'``). Default: ``0``.
        mode (str, optional): ``'fan_in'`` (forward variance) or ``'fan_out'`` (backward variance).
            Default: ``'fan_in'``.
        nonlinearity (str, optional): the non-linear function, ``'relu'`` or ``'leaky_relu'``
            recommended. Default: ``'leaky_relu'``.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> w = nn.init.kaiming_normal_(glassnet.empty(256, 512), mode='fan_in', nonlinearity='relu')
        >>> round(w.std().item(), 3), round((2 / 512) ** 0.5, 3)
        (0.063, 0.062)
    """
    if 0 in tensor.shape:
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return normal_(tensor, 0.0, std)


def orthogonal_(tensor: Tensor, gain: float = 1.0) -> Tensor:
    """Fills the input tensor in place with a (semi-)orthogonal matrix.

    As described in Saxe et al. (2013): the QR decomposition of a Gaussian draw, with the signs
    corrected so the matrix is uniform over the orthogonal group. Dimensions after the first are
    flattened.

    Args:
        tensor (Tensor): an n-dimensional tensor with at least 2 dimensions.
        gain (float, optional): an optional scaling factor. Default: ``1.0``.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> w = nn.init.orthogonal_(glassnet.empty(3, 5))
        >>> (w @ w.T).allclose(glassnet.eye(3), atol=1e-6)
        True
    """
    if tensor.ndim < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    xp = tensor.xp
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    flat = generator().normal(0.0, 1.0, (rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = xp.linalg.qr(flat)
    q = q * xp.sign(xp.diag(r))  # makes the distribution uniform over orthogonal matrices
    if rows < cols:
        q = q.T
    return _fill(tensor, (gain * q).reshape(tensor.shape))


def sparse_(tensor: Tensor, sparsity: float, std: float = 0.01) -> Tensor:
    """Fills the 2-dimensional input tensor in place as a sparse matrix.

    The non-zero elements are drawn from ``N(0, std**2)``, and ``ceil(sparsity * rows)`` elements
    of each column are set to zero (Martens, 2010).

    Args:
        tensor (Tensor): a 2-dimensional tensor.
        sparsity (float): the fraction of elements in each column to be set to zero.
        std (float, optional): the standard deviation of the normal distribution. Default: ``0.01``.

    Returns:
        Tensor: ``tensor``, filled.

    Example:
        >>> w = nn.init.sparse_(glassnet.empty(4, 3), sparsity=0.5)
        >>> (w == 0).sum(dim=0)
        tensor([2, 2, 2])
    """
    if tensor.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    n_zero = int(math.ceil(sparsity * rows))
    rng = generator()
    arr = rng.normal(0.0, std, (rows, cols))
    for c in range(cols):
        arr[rng.permutation(rows)[:n_zero], c] = 0
    return _fill(tensor, arr)
