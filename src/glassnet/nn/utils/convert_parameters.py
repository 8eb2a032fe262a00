"""Flatten parameters into one vector and back (for line searches, second-order methods, tests)."""

from __future__ import annotations

from collections.abc import Iterable

from ...autograd.grad_mode import no_grad
from ...functions import cat
from ...tensor import Tensor


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """Flattens an iterable of parameters into a single vector (differentiable).

    Args:
        parameters (iterable of Tensor): the parameters, e.g. ``model.parameters()``.

    Returns:
        Tensor: a 1-D tensor of all their elements, in order.

    Example:
        >>> model = nn.Linear(2, 1)
        >>> nn.utils.parameters_to_vector(model.parameters()).shape
        glassnet.Size([3])
    """
    return cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copies consecutive slices of a vector into the parameters, in place.

    Args:
        vec (Tensor): a 1-D tensor with as many elements as the parameters together.
        parameters (iterable of Tensor): the parameters to fill, in order.

    Example:
        >>> model = nn.Linear(2, 1)
        >>> nn.utils.vector_to_parameters(glassnet.tensor([1.0, 2.0, 3.0]), model.parameters())
        >>> model.weight, model.bias
        (Parameter containing:
        tensor([[1., 2.]], requires_grad=True), Parameter containing:
        tensor([3.], requires_grad=True))
    """
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected vec to be a Tensor, but got: {type(vec).__name__}")
    params = list(parameters)
    total = sum(p.numel() for p in params)
    if vec.ndim != 1 or vec.numel() != total:
        raise ValueError(f"vector_to_parameters: vec has shape {tuple(vec.shape)}, expected ({total},)")
    start = 0
    with no_grad():
        for p in params:
            n = p.numel()
            p.copy_(vec._data[start:start + n].reshape(p.shape))
            start += n
