"""Finite-difference gradient checks (float64 central differences, like torch.autograd.gradcheck)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _numerical_jacobian_vjp(fn, inputs, i, out_grad, eps):
    """d(sum(fn(...) * out_grad))/d(inputs[i]) by central differences."""
    x = inputs[i]._data
    xp = inputs[i].xp
    num = xp.zeros_like(x)
    flat = x.reshape(-1)
    nflat = num.reshape(-1)
    # fn runs with grad mode as it is: gradgradcheck's fn itself calls autograd.grad.
    for k in range(flat.size):
        orig = flat[k]
        # Copy the outputs: fn may return (a view of) its input, which the next perturbation changes.
        flat[k] = orig + eps
        fp = [o._data.copy() for o in _outputs(fn(*inputs))]
        flat[k] = orig - eps
        fm = [o._data.copy() for o in _outputs(fn(*inputs))]
        flat[k] = orig
        nflat[k] = sum(((a - b) * g).sum() for a, b, g in zip(fp, fm, out_grad)) / (2 * eps)
    return num


def _outputs(out):
    from ..tensor import Tensor

    if isinstance(out, Tensor):
        return [out]
    return [o for o in out if isinstance(o, Tensor)]


def gradcheck(fn: Callable, inputs: Any, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
              raise_exception: bool = True, seed: int = 0) -> bool:
    """Checks the gradients computed by autograd for :attr:`fn` against finite differences
    (``torch.autograd.gradcheck``).

    For every input that requires grad, the vector-Jacobian product with a random vector (from
    :attr:`seed`) is compared with central differences of step :attr:`eps`, elementwise within
    ``atol + rtol * |numerical|``. Use float64 inputs: float32 rounding makes the check fail (it
    warns). Every forward runs twice per input element, so keep the inputs small.

    Args:
        fn (callable): a function that takes the inputs and returns a Tensor or a tuple of Tensors.
        inputs (Tensor or tuple of Tensor): the inputs to the function.
        eps (float, optional): the perturbation for finite differences. Default: ``1e-6``.
        atol (float, optional): the absolute tolerance. Default: ``1e-5``.
        rtol (float, optional): the relative tolerance. Default: ``1e-3``.
        raise_exception (bool, optional): raise an ``AssertionError`` describing the mismatch (True)
            or return False (False). Default: ``True``.
        seed (int, optional): the seed of the random vector. Default: ``0``.

    Returns:
        True if all the differences satisfy the tolerances.

    Example:
        >>> x = glassnet.randn(3, 2, dtype=glassnet.float64, requires_grad=True)
        >>> glassnet.autograd.gradcheck(lambda t: (t.sin() * t).sum(dim=1), (x,))
        True
    """
    from ..tensor import Tensor
    from .functional import grad

    inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    diff = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]
    for i in diff:
        if inputs[i]._data.dtype.name != "float64":
            import warnings

            warnings.warn(
                f"gradcheck: input {i} is {inputs[i].dtype!r}, not float64; the check may fail from rounding",
                stacklevel=2,
            )
    outs = _outputs(fn(*inputs))
    xp = inputs[diff[0]].xp if diff else None
    rng = xp.random.default_rng(seed) if diff else None
    # asarray: a backend's generator may hand back host arrays; the vector must live where the outputs do.
    out_grad = [xp.asarray(rng.standard_normal(o._data.shape)) for o in outs]
    outs_g = [o for o in outs if o.requires_grad]
    if not outs_g:
        if raise_exception:
            raise RuntimeError("gradcheck: no output requires grad")
        return False
    analytic = grad([o for o in outs if o.requires_grad],
                    [inputs[i] for i in diff],
                    [Tensor(g.astype(o._data.dtype)) for o, g in zip(outs, out_grad) if o.requires_grad],
                    allow_unused=True)
    for j, i in enumerate(diff):
        num = _numerical_jacobian_vjp(fn, inputs, i, out_grad, eps)
        a = analytic[j]._data if analytic[j] is not None else inputs[i].xp.zeros_like(num)
        xp = inputs[i].xp
        if not xp.allclose(a, num, atol=atol, rtol=rtol):
            err = float(xp.abs(a - num).max())
            msg = (f"gradcheck: Jacobian mismatch for input {i} (shape {tuple(inputs[i].shape)}): max abs "
                   f"difference {err:.3e}\nanalytical:\n{a}\nnumerical:\n{num}")
            if raise_exception:
                raise AssertionError(msg)
            return False
    return True


def gradgradcheck(fn: Callable, inputs: Any, eps: float = 1e-6, atol: float = 1e-5,
                  rtol: float = 1e-3, raise_exception: bool = True, seed: int = 1) -> bool:
    """Checks the second derivatives of :attr:`fn`: runs :func:`glassnet.autograd.gradcheck` on the
    gradient of :attr:`fn` computed with ``create_graph=True`` (``torch.autograd.gradgradcheck``).

    Args:
        fn (callable): a function that takes the inputs and returns a Tensor or a tuple of Tensors.
        inputs (Tensor or tuple of Tensor): the inputs to the function (float64).
        eps (float, optional): the perturbation for finite differences. Default: ``1e-6``.
        atol (float, optional): the absolute tolerance. Default: ``1e-5``.
        rtol (float, optional): the relative tolerance. Default: ``1e-3``.
        raise_exception (bool, optional): raise an ``AssertionError`` describing the mismatch (True)
            or return False (False). Default: ``True``.
        seed (int, optional): the seed of the random output gradients. Default: ``1``.

    Returns:
        True if all the differences satisfy the tolerances.

    Example:
        >>> x = glassnet.randn(4, dtype=glassnet.float64, requires_grad=True)
        >>> glassnet.autograd.gradgradcheck(lambda t: t.tanh() * t, (x,))
        True
    """
    from ..tensor import Tensor
    from .functional import grad

    inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    diff = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]
    outs = _outputs(fn(*inputs))
    xp = inputs[diff[0]].xp
    rng = xp.random.default_rng(seed)
    gos = [Tensor(xp.asarray(rng.standard_normal(o._data.shape)).astype(o._data.dtype)) for o in outs]

    def first_grad(*xs):
        o = _outputs(fn(*xs))
        gs = grad(o, [xs[i] for i in diff], gos, create_graph=True, allow_unused=True)
        return tuple(g for g in gs if g is not None)

    return gradcheck(first_grad, inputs, eps=eps, atol=atol, rtol=rtol, raise_exception=raise_exception)
