"""L-BFGS: a quasi-Newton method that builds a low-rank inverse-Hessian estimate from recent steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..autograd.grad_mode import enable_grad, no_grad
from ..backend import array_module
from ..tensor import Tensor
from .line_search import strong_wolfe
from .optimizer import Optimizer


class LBFGS(Optimizer):
    """Implements the L-BFGS algorithm.

    This is PyTorch's algorithm (itself modelled on minFunc), on one flat vector that concatenates every
    parameter. ``step(closure)`` runs up to ``max_iter`` iterations, each: a search direction from the
    two-loop recursion over the last ``history_size`` (step, gradient-change) pairs, then a step of
    length ``lr`` along it, or one found by a strong-Wolfe line search with ``line_search_fn='strong_wolfe'``.
    The closure must re-evaluate the model, call ``backward()`` and return the loss; it is called many times.

    All parameters are optimized as one vector, so there is a single parameter group, and every
    parameter's state lives in the state of the first one.

    Args:
        params (iterable): the parameters to optimize (one group only).
        lr (float, optional): the learning rate (step length). Default: ``1``.
        max_iter (int, optional): the maximal number of iterations per ``step``. Default: ``20``.
        max_eval (int, optional): the maximal number of function evaluations per ``step``.
            Default: ``max_iter * 1.25``.
        tolerance_grad (float, optional): the termination tolerance on first-order optimality.
            Default: ``1e-7``.
        tolerance_change (float, optional): the termination tolerance on function value and
            parameter changes. Default: ``1e-9``.
        history_size (int, optional): the number of (step, gradient-change) pairs kept. Default: ``100``.
        line_search_fn (str, optional): ``None`` or ``'strong_wolfe'``. Default: ``None``.

    Example:
        >>> w = nn.Parameter(glassnet.tensor([1.0, -2.0]))
        >>> opt = optim.LBFGS([w], line_search_fn='strong_wolfe')
        >>> def closure():
        ...     opt.zero_grad()
        ...     loss = ((w - 3) ** 2).sum()
        ...     loss.backward()
        ...     return loss
        >>> loss = opt.step(closure)
        >>> w
        Parameter containing:
        tensor([3.0000, 3.0000], requires_grad=True)
    """

    def __init__(self, params: Any, lr: float = 1, max_iter: int = 20, max_eval: int | None = None,
                 tolerance_grad: float = 1e-7, tolerance_change: float = 1e-9, history_size: int = 100,
                 line_search_fn: str | None = None) -> None:
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = dict(lr=lr, max_iter=max_iter, max_eval=max_eval, tolerance_grad=tolerance_grad,
                        tolerance_change=tolerance_change, history_size=history_size,
                        line_search_fn=line_search_fn)
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params: list[Tensor] = self.param_groups[0]["params"]

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group; LBFGS allows exactly one, so only the constructor's call succeeds."""
        if getattr(self, "_params", None) is not None:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        super().add_param_group(param_group)

    # ---- the flat view of all parameters -------------------------------------------------------
    def _gather_flat_grad(self) -> Any:
        xp = array_module(self._params[0]._data)
        parts = [xp.zeros(p._data.size, dtype=p._data.dtype) if p.grad is None else p.grad._data.reshape(-1)
                 for p in self._params]
        return xp.concatenate(parts)

    def _add_grad(self, step_size: float, update: Any) -> None:
        offset = 0
        for p in self._params:
            if not p._data.flags.writeable:
                p._data = p._data.copy()
            n = p._data.size
            p._data += (step_size * update[offset:offset + n]).reshape(p._data.shape).astype(p._data.dtype,
                                                                                             copy=False)
            p._version += 1
            offset += n

    def _clone_param(self) -> list:
        return [p._data.copy() for p in self._params]

    def _set_param(self, saved: list) -> None:
        for p, arr in zip(self._params, saved):
            p._data[...] = arr
            p._version += 1

    def _directional_evaluate(self, closure: Callable[[], Any], x: list, t: float, d: Any) -> tuple[float, Any]:
        """Loss and flat gradient at x + t * d; the parameters are put back to x afterwards."""
        self._add_grad(t, d)
        loss = float(_call(closure))
        flat_grad = self._gather_flat_grad()
        self._set_param(x)
        return loss, flat_grad

    # ---- the optimization step -----------------------------------------------------------------
    def step(self, closure: Callable[[], Any] | None = None) -> Any:  # type: ignore[override]
        """Performs a single optimization step: up to ``max_iter`` L-BFGS iterations.

        Args:
            closure (callable): a function that re-evaluates the model (calling ``zero_grad`` and
                ``backward``) and returns the loss; it is called many times.

        Returns:
            the loss the closure returned at its first evaluation.

        Example:
            >>> w = nn.Parameter(glassnet.tensor([0.0]))
            >>> opt = optim.LBFGS([w], max_iter=5)
            >>> def closure():
            ...     opt.zero_grad()
            ...     loss = ((w - 2) ** 2).sum()
            ...     loss.backward()
            ...     return loss
            >>> opt.step(closure)
            tensor(4., grad_fn=<SumBackward0>)
            >>> w
            Parameter containing:
            tensor([2.], requires_grad=True)
        """
        if closure is None:
            raise RuntimeError("LBFGS.step requires a closure that re-evaluates the model and returns the loss")
        with no_grad():
            return self._step(closure)

    def _step(self, closure: Callable[[], Any]) -> Any:
        group = self.param_groups[0]
        lr, max_iter, max_eval = group["lr"], group["max_iter"], group["max_eval"]
        tolerance_grad, tolerance_change = group["tolerance_grad"], group["tolerance_change"]
        line_search_fn, history_size = group["line_search_fn"], group["history_size"]
        self._opt_called = True

        # All of LBFGS's state lives with the first parameter, as in PyTorch
        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)

        orig_loss = _call(closure)
        loss = float(orig_loss)
        current_evals = 1
        state["func_evals"] += 1
        flat_grad = self._gather_flat_grad()
        xp = array_module(flat_grad)
        if xp.abs(flat_grad).max() <= tolerance_grad:
            return orig_loss

        # Saved entries may be glassnet or torch tensors (a loaded state_dict): use raw arrays and floats
        d, t = _array(state.get("d")), _float(state.get("t"))
        old_dirs = [_array(v) for v in state.get("old_dirs", [])]
        old_stps = [_array(v) for v in state.get("old_stps", [])]
        ro, h_diag = [_float(r) for r in state.get("ro", [])], _float(state.get("H_diag"))
        prev_flat_grad, prev_loss = _array(state.get("prev_flat_grad")), _float(state.get("prev_loss"))

        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1

            if state["n_iter"] == 1:
                d = -flat_grad
                old_dirs, old_stps, ro, h_diag = [], [], [], 1
            else:
                # Remember the newest curvature pair, when it keeps the estimate positive definite
                y = flat_grad - prev_flat_grad
                s = d * t
                ys = y.dot(s)
                if ys > 1e-10:
                    if len(old_dirs) == history_size:
                        old_dirs.pop(0)
                        old_stps.pop(0)
                        ro.pop(0)
                    old_dirs.append(y)
                    old_stps.append(s)
                    ro.append(1.0 / ys)
                    h_diag = ys / y.dot(y)
                if "al" not in state:
                    state["al"] = [None] * history_size
                d = _two_loop(-flat_grad, old_dirs, old_stps, ro, h_diag, state["al"])

            prev_flat_grad = flat_grad.copy()
            prev_loss = loss
            # The first step is scaled down by the gradient's size: there is no curvature estimate yet
            t = min(1.0, 1.0 / float(xp.abs(flat_grad).sum())) * lr if state["n_iter"] == 1 else lr

            gtd = flat_grad.dot(d)
            if gtd > -tolerance_change:
                break  # not a descent direction

            ls_func_evals = 0
            if line_search_fn is not None:
                if line_search_fn != "strong_wolfe":
                    raise RuntimeError("only 'strong_wolfe' is supported")
                x_init = self._clone_param()

                def obj_func(x: list, step: float, direction: Any) -> tuple[float, Any]:
                    return self._directional_evaluate(closure, x, step, direction)

                loss, flat_grad, t, ls_func_evals = strong_wolfe(obj_func, x_init, t, d, loss, flat_grad, gtd,
                                                                 max_ls=max_eval - current_evals)
                self._add_grad(t, d)
                opt_cond = xp.abs(flat_grad).max() <= tolerance_grad
            else:
                self._add_grad(t, d)
                opt_cond = False
                if n_iter != max_iter:
                    # Re-evaluate only when another iteration may follow
                    loss = float(_call(closure))
                    flat_grad = self._gather_flat_grad()
                    opt_cond = xp.abs(flat_grad).max() <= tolerance_grad
                    ls_func_evals = 1

            current_evals += ls_func_evals
            state["func_evals"] += ls_func_evals
            if n_iter == max_iter or current_evals >= max_eval or opt_cond:
                break
            if xp.abs(d * t).max() <= tolerance_change:
                break  # the parameters barely move
            if abs(loss - prev_loss) < tolerance_change:
                break  # the loss barely changes

        state["d"] = Tensor._wrap(d)
        state["t"] = float(t)
        state["old_dirs"] = [Tensor._wrap(v) for v in old_dirs]
        state["old_stps"] = [Tensor._wrap(v) for v in old_stps]
        state["ro"] = [float(r) for r in ro]
        state["H_diag"] = float(h_diag)
        state["prev_flat_grad"] = Tensor._wrap(prev_flat_grad)
        state["prev_loss"] = prev_loss
        return orig_loss


def _two_loop(q: Any, old_dirs: list, old_stps: list, ro: list, h_diag: float, al: list) -> Any:
    """The L-BFGS two-loop recursion: the inverse-Hessian estimate applied to q (here -gradient).

    ``al`` is scratch space of ``history_size`` entries, kept in the state as PyTorch keeps it.
    """
    for i in range(len(old_dirs) - 1, -1, -1):
        al[i] = float(old_stps[i].dot(q) * ro[i])
        q -= al[i] * old_dirs[i]
    r = q * h_diag
    for i in range(len(old_dirs)):
        be_i = old_dirs[i].dot(r) * ro[i]
        r += (al[i] - be_i) * old_stps[i]
    return r


def _call(closure: Callable[[], Any]) -> Any:
    """Evaluate the closure with gradients on (the step itself runs under no_grad)."""
    with enable_grad():
        return closure()


def _float(value: Any) -> float | None:
    """A saved scalar (number, 0-d glassnet or torch tensor) as a float; None stays None."""
    if value is None:
        return None
    return float(value.item()) if hasattr(value, "item") else float(value)


def _array(value: Any) -> Any:
    """A state entry as a raw array: saved tensors (glassnet's or torch's) hold their values."""
    if value is None or not hasattr(value, "shape"):
        return value
    if isinstance(value, Tensor):
        return value._data
    if hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    return value
