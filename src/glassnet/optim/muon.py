"""Muon: momentum, then orthogonalise the update matrix with a Newton-Schulz iteration (Jordan et al., 2024)."""

from __future__ import annotations

import math
from typing import Any

from ..backend import array_module
from .optimizer import Optimizer, _lerp


class Muon(Optimizer):
    """Implements the Muon algorithm (momentum orthogonalized by Newton-Schulz) for 2-D parameters.

    For the 2-D weights of hidden layers only (biases, embeddings and the like go to AdamW). The rule, as in
    PyTorch::

        B <- lerp(B, g, 1 - momentum)                      momentum buffer (mu * B + (1 - mu) * g)
        U = lerp(g, B, momentum) if nesterov else B
        O = NewtonSchulz(U)                                ~ U V^T of the SVD U S V^T: all singular values near 1
        p <- p * (1 - lr * weight_decay)                   decoupled weight decay
        p <- p - lr * ratio * O                            ratio: sqrt(max(1, rows / cols)) ('original')
                                                           or 0.2 * sqrt(max(rows, cols)) ('match_rms_adamw')

    Newton-Schulz (k steps, coefficients a, b, c; on the transpose if the matrix is tall)::

        X = U / max(||U||_F, eps)                          spectral norm <= 1
        repeat k times:  A = X X^T;  X <- a X + (b A + c A A) X

    PyTorch runs that iteration in bfloat16 (its result is what the parameter receives), so to give the same
    trajectories glassnet rounds to bfloat16 at the same points. NumPy has no bfloat16: the values live in
    float32 arrays, and ``_round_bfloat16`` cuts each value to bfloat16's 8 significant bits (round to nearest even).

    Args:
        params (iterable): the 2-D parameters to optimize, or dicts defining parameter groups.
        lr (float, optional): the learning rate. Default: ``1e-3``.
        weight_decay (float, optional): the decoupled weight decay coefficient. Default: ``0.1``.
        momentum (float, optional): the momentum factor. Default: ``0.95``.
        nesterov (bool, optional): use Nesterov momentum. Default: ``True``.
        ns_coefficients (tuple of float, optional): the coefficients ``(a, b, c)`` of the
            Newton-Schulz iteration. Default: ``(3.4445, -4.775, 2.0315)``.
        eps (float, optional): guards the normalization of the update. Default: ``1e-7``.
        ns_steps (int, optional): the number of Newton-Schulz steps. Default: ``5``.
        adjust_lr_fn (str, optional): how the learning rate scales with the matrix shape:
            ``'original'`` or ``'match_rms_adamw'``; ``None`` means ``'original'``. Default: ``None``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([[1.0, -2.0], [0.5, 3.0]]))
        >>> opt = optim.Muon([w], lr=0.1)
        >>> (w ** 2).sum().backward()
        >>> opt.step()
        >>> w
        Parameter containing:
        tensor([[ 0.9068, -1.9415],
                [ 0.4423,  2.9055]], requires_grad=True)
    """

    def __init__(self, params: Any, lr: float = 1e-3, weight_decay: float = 0.1, momentum: float = 0.95,
                 nesterov: bool = True, ns_coefficients: tuple[float, float, float] = (3.4445, -4.775, 2.0315),
                 eps: float = 1e-07, ns_steps: int = 5, adjust_lr_fn: str | None = None) -> None:
        if not 0.0 <= lr:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not 0.0 <= momentum:
            raise ValueError(f"momentum should be >= 0 but is: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight decay should be >= 0 but is: {weight_decay}")
        if adjust_lr_fn is not None and adjust_lr_fn not in ("original", "match_rms_adamw"):
            raise ValueError(f"Adjust learning rate function {adjust_lr_fn} is not supported")
        defaults = dict(lr=lr, weight_decay=weight_decay, momentum=momentum, nesterov=nesterov,
                        ns_coefficients=ns_coefficients, eps=eps, ns_steps=ns_steps, adjust_lr_fn=adjust_lr_fn)
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                if p.ndim != 2:
                    raise ValueError(
                        f"Muon only supports 2D parameters whereas we found a parameter with size: {p.size()}"
                    )

    def _on_load(self) -> None:
        for group in self.param_groups:
            group["ns_coefficients"] = tuple(group["ns_coefficients"])  # a JSON round trip makes it a list

    def _update(self, param: Any, grad: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        xp = array_module(param)
        if param.dtype.kind == "c":
            raise RuntimeError("Muon does not support complex parameters")
        if "momentum_buffer" not in state:
            state["momentum_buffer"] = self._zeros_like(param)
        buf = state["momentum_buffer"]._data
        momentum = group["momentum"]
        _lerp(xp, buf, grad, 1 - momentum, out=buf)
        update = _lerp(xp, grad, buf, momentum, out=self._buffer(param, 1)) if group["nesterov"] else buf
        ortho = _newton_schulz(xp, update, group["ns_coefficients"], group["ns_steps"], group["eps"])
        lr = group["lr"]
        param *= 1 - lr * group["weight_decay"]
        step_size = _adjusted_lr(lr, group["adjust_lr_fn"], param.shape)
        param += xp.multiply(ortho.astype(param.dtype, copy=False), -step_size, out=self._buffer(param, 1))


def _newton_schulz(xp: Any, grad: Any, coefficients: tuple[float, float, float], steps: int, eps: float) -> Any:
    """The quintic Newton-Schulz iteration toward the orthogonal factor of ``grad``, in bfloat16 as torch."""
    if steps >= 100:
        raise ValueError("Number of steps must be less than 100 for computational efficiency")
    if grad.ndim != 2:
        raise ValueError("Input tensor gradient must be a 2D matrix")
    if len(coefficients) != 3:
        raise ValueError("Coefficients must be a tuple of exactly 3 values")
    a, b, c = (xp.float32(v) for v in coefficients)
    x = _round_bfloat16(xp, grad)
    tall = x.shape[0] > x.shape[1]
    if tall:  # iterate on the wide orientation: the Gram matrix X X^T is then the smaller one
        x = x.T
    norm = _round_bfloat16(xp, xp.sqrt(xp.sum(x * x)))
    x = _round_bfloat16(xp, x / max(norm, _round_bfloat16(xp, xp.float32(eps))))
    for _ in range(steps):
        gram = _round_bfloat16(xp, x @ x.T)
        poly = _round_bfloat16(xp, b * gram + c * (gram @ gram))
        x = _round_bfloat16(xp, a * x + poly @ x)
    return x.T if tall else x


def _round_bfloat16(xp: Any, a: Any) -> Any:
    """``a`` rounded to the nearest bfloat16 (ties to even), as a float32 array.

    bfloat16 is float32 without the low 16 bits of the significand, so rounding is integer arithmetic on
    the bit pattern. A float64 input goes through float32 first, as torch's conversion does.
    """
    a = xp.asarray(a, dtype=xp.float32)
    bits = a.view(xp.uint32).astype(xp.uint64)  # 64 bits: the rounding carry must not overflow
    bits = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
    rounded = bits.astype(xp.uint32).view(xp.float32)
    return xp.where(xp.isnan(a), a, rounded)  # the carry would turn some NaN bit patterns into numbers


def _adjusted_lr(lr: float, adjust_lr_fn: str | None, shape: tuple[int, ...]) -> float:
    """The lr scaled for the matrix's shape, so updates have a consistent RMS across rectangular matrices."""
    rows, cols = shape[:2]
    if adjust_lr_fn is None or adjust_lr_fn == "original":
        return lr * math.sqrt(max(1, rows / cols))
    if adjust_lr_fn == "match_rms_adamw":
        return lr * 0.2 * math.sqrt(max(rows, cols))
    return lr
