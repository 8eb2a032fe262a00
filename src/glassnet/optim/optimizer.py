"""Optimizer: the base every update rule builds on (param groups, per-parameter state, state_dict).

A subclass writes one method, ``_update(p, grad, state, group)``: the rule for one parameter, done
in place on raw arrays. The base walks the groups, skips parameters without a gradient, and keeps
the bookkeeping PyTorch users expect (``param_groups``, ``state``, ``zero_grad``, ``state_dict``).

Updates write into ``p._data`` with the array module's ``out=`` arithmetic and reuse two scratch
buffers per (shape, dtype), so a training step allocates (almost) nothing: the allocator is the
largest cost at these sizes (docs/performance.md, finding 1).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import chain
from typing import Any

from ..autograd.grad_mode import enable_grad
from ..backend import array_module
from ..tensor import Tensor


class _Required:
    """Marks a default every param group must set itself (like ``torch.optim.optimizer.required``)."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _Required()

# How torch's constructors word a bad value; any other name reads "Invalid <name> value: <value>"
_INVALID_NAMES = {"lr": "learning rate", "eps": "epsilon value"}


def _check_hyperparameters(**values: Any) -> None:
    """Raise torch's ValueError for the first bad option, checked in the order given.

    Every option must be >= 0 (NaN fails too, as in torch's ``not 0.0 <= x``); ``betas`` must lie in
    [0, 1) and ``rho`` in [0, 1].
    """
    for name, value in values.items():
        if name == "betas":
            for i, beta in enumerate(value):
                if not 0.0 <= beta < 1.0:
                    raise ValueError(f"Invalid beta parameter at index {i}: {beta}")
        elif not 0.0 <= value or (name == "rho" and value > 1.0):
            raise ValueError(f"Invalid {_INVALID_NAMES.get(name, name + ' value')}: {value}")


class Optimizer:
    """Base class for all optimizers: holds ``param_groups`` and per-parameter ``state``.

    A subclass implements the update rule of one parameter; the base walks the groups, skips
    parameters without a gradient, and provides ``zero_grad``, ``step``, ``add_param_group``,
    ``state_dict`` and ``load_state_dict`` (which also reads PyTorch's layout).

    Args:
        params (iterable): an iterable of Tensors, or of dicts defining parameter groups (a dict
            holds ``'params'`` and any options that override ``defaults`` for that group).
        defaults (dict): the default values of the optimization options, used by every group that
            does not set them.

    Example:
        >>> w, b = nn.Parameter(glassnet.ones(2, 2)), nn.Parameter(glassnet.zeros(2))
        >>> opt = optim.SGD([{'params': [w]}, {'params': [b], 'lr': 0.5}], lr=0.1)
        >>> [group['lr'] for group in opt.param_groups]
        [0.1, 0.5]
        >>> len(opt.state_dict()['param_groups'])
        2
    """

    # State entries kept as Python numbers (PyTorch keeps them as 0-d tensors); loading turns them back
    _scalar_state: tuple[str, ...] = ("step",)
    # Group options newer than some saved state_dicts: loading fills them with these defaults
    _load_defaults: dict[str, Any] = {}

    def __init__(self, params: Any, defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or dicts, "
                f"but got {type(params).__name__}"
            )
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        self._scratch: dict[tuple, Any] = {}
        self._opt_called = False  # lets a scheduler warn when it is stepped before the optimizer
        groups = list(params)
        if len(groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(dict(group))

    # ---- groups ----------------------------------------------------------------------------------
    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Adds a param group to the optimizer's ``param_groups``.

        Useful when fine-tuning a pre-trained network: frozen layers can be made trainable and added
        to the optimizer as training progresses. Options the group does not set take the optimizer's
        defaults; a parameter may belong to one group only. ``params`` may hold ``(name, tensor)``
        pairs (their names are kept in ``'param_names'``).

        Args:
            param_group (dict): the parameters (``'params'``) and the group's own options.

        Example:
            >>> w, b = nn.Parameter(glassnet.ones(2)), nn.Parameter(glassnet.zeros(2))
            >>> opt = optim.SGD([w], lr=0.1, momentum=0.9)
            >>> opt.add_param_group({'params': [b], 'lr': 0.01})
            >>> [(g['lr'], g['momentum']) for g in opt.param_groups]
            [(0.1, 0.9), (0.01, 0.9)]
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but the ordering of "
                "tensors in sets will change between runs. Please use a list instead."
            )
        params = list(params)
        names = [p[0] for p in params if isinstance(p, tuple)]
        params = [p[1] if isinstance(p, tuple) else p for p in params]
        if names:
            if len(names) != len(params):
                raise ValueError(
                    "all optimizer params should be with/without names. Some param names are missing"
                )
            param_group["param_names"] = names
        param_group["params"] = params
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(
                    f"optimizer can only optimize Tensors, but one of the params is {type(p).__name__}"
                )
            if not (p.is_leaf or p.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(
                    f"parameter group didn't specify a value of required optimization parameter {name}"
                )
            param_group.setdefault(name, default)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    # ---- the training-loop API -------------------------------------------------------------------
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Resets the gradients of all optimized tensors.

        Args:
            set_to_none (bool, optional): set the gradients to ``None`` instead of zeroing them in place.
                ``None`` uses less memory, and an optimizer skips parameters whose gradient is ``None``.
                Default: ``True``.

        Example:
            >>> w = nn.Parameter(glassnet.ones(2))
            >>> opt = optim.SGD([w], lr=0.1)
            >>> (w * 3).sum().backward()
            >>> opt.zero_grad(set_to_none=False)
            >>> w.grad
            tensor([0., 0.])
            >>> opt.zero_grad()
            >>> w.grad is None
            True
        """
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    if p.grad.grad_fn is not None:
                        p.grad.detach_()
                    else:
                        p.grad.requires_grad = False
                    p.grad.zero_()

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Performs a single optimization step: updates every parameter that has a gradient.

        Args:
            closure (callable, optional): a function that re-evaluates the model and returns the loss
                (required by some optimizers, such as :class:`LBFGS`); it is called with gradients
                enabled. Default: ``None``.

        Returns:
            the closure's loss, or ``None`` without a closure.

        Example:
            >>> w = nn.Parameter(glassnet.tensor([1.0, 2.0]))
            >>> opt = optim.SGD([w], lr=0.1)
            >>> def closure():
            ...     opt.zero_grad()
            ...     loss = (w ** 2).sum()
            ...     loss.backward()
            ...     return loss
            >>> opt.step(closure)
            tensor(5., grad_fn=<SumBackward0>)
            >>> w
            Parameter containing:
            tensor([0.8000, 1.6000], requires_grad=True)
        """
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        self._opt_called = True
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad._data
                if grad.shape != p._data.shape:
                    raise RuntimeError(
                        f"{type(self).__name__}.step: gradient of shape {tuple(grad.shape)} does not "
                        f"match its parameter of shape {tuple(p._data.shape)}"
                    )
                if not p._data.flags.writeable:
                    p._data = p._data.copy()
                self._update(p._data, grad, self.state[p], group)
                p._version += 1
        return loss

    def _update(self, param: Any, grad: Any, state: dict[str, Any], group: dict[str, Any]) -> None:
        """Apply this optimizer's rule to one parameter's array, in place."""
        raise NotImplementedError(f"{type(self).__name__} must implement _update (or override step)")

    # ---- helpers the update rules share --------------------------------------------------------
    def _buffer(self, like: Any, slot: int = 0) -> Any:
        """A scratch array shaped like ``like``, reused across parameters and steps."""
        key = (like.shape, like.dtype.str, slot)
        buf = self._scratch.get(key)
        if buf is None:
            buf = self._scratch[key] = array_module(like).empty_like(like)
        return buf

    def _effective_grad(self, param: Any, grad: Any, weight_decay: float, maximize: bool) -> Any:
        """The gradient after ``maximize`` (negate) and L2 ``weight_decay`` (+ wd * param).

        The user's ``.grad`` is never modified: when a change is needed it goes into scratch slot 0.
        """
        if not maximize and weight_decay == 0:
            return grad
        xp = array_module(param)
        out = self._buffer(param, 0)
        if weight_decay == 0:
            return xp.negative(grad, out=out)
        xp.multiply(param, weight_decay, out=out)
        if maximize:
            return xp.subtract(out, grad, out=out)
        return xp.add(out, grad, out=out)

    def _decayed_grad(self, param: Any, grad: Any, group: dict[str, Any]) -> Any:
        """``_effective_grad`` for the Adam family: with ``decoupled_weight_decay`` (AdamW) the decay
        shrinks the parameter itself, p *= 1 - lr * wd, instead of being added to the gradient."""
        wd = group["weight_decay"]
        if wd != 0 and group["decoupled_weight_decay"]:
            param *= 1 - group["lr"] * wd
            wd = 0
        return self._effective_grad(param, grad, wd, group["maximize"])

    @staticmethod
    def _update_moments(g: Any, m: Any, v: Any, beta1: float, beta2: float, tmp: Any) -> None:
        """Adam's running averages, in place: m = beta1 m + (1 - beta1) g, v = beta2 v + (1 - beta2) g^2."""
        xp = array_module(g)
        m += xp.multiply(xp.subtract(g, m, out=tmp), 1 - beta1, out=tmp)
        v *= beta2
        v += xp.multiply(xp.multiply(g, g, out=tmp), 1 - beta2, out=tmp)

    @staticmethod
    def _zeros_like(param: Any, fill: float = 0.0) -> Tensor:
        """A state buffer: a glassnet Tensor of the parameter's shape and dtype."""
        buf = array_module(param).empty_like(param)
        buf.fill(fill)
        return Tensor._wrap(buf)

    # ---- checkpoints -----------------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """Returns the state of the optimizer as a dict, in PyTorch's layout.

        It holds ``'state'`` (parameter index -> its state, e.g. momentum buffers) and
        ``'param_groups'`` (the options of each group, with parameter indices in place of the
        parameters, numbered in order of appearance across groups). Unlike PyTorch, state tensors are
        copies, so a state_dict kept in memory stays a true snapshot.

        Returns:
            dict: ``{'state': ..., 'param_groups': ...}``.

        Example:
            >>> w = nn.Parameter(glassnet.tensor([1.0, 2.0]))
            >>> opt = optim.SGD([w], lr=0.1, momentum=0.9)
            >>> w.sum().backward()
            >>> opt.step()
            >>> sd = opt.state_dict()
            >>> sd['state'], sd['param_groups'][0]['params']
            ({0: {'momentum_buffer': tensor([1., 1.])}}, [0])
        """
        index: dict[int, int] = {}
        groups = []
        for g in self.param_groups:
            packed = {k: copy.deepcopy(v) for k, v in g.items() if k != "params"}
            for p in g["params"]:
                index.setdefault(id(p), len(index))
            packed["params"] = [index[id(p)] for p in g["params"]]
            groups.append(packed)
        state = {}
        for p, s in self.state.items():
            if id(p) in index and s:
                state[index[id(p)]] = {k: _snapshot(v) for k, v in s.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Loads the optimizer state from a dict returned by :meth:`state_dict`.

        Both glassnet's and PyTorch's state_dicts load (tensors or arrays, also after a JSON round
        trip); the groups must match this optimizer's in number and size.

        Args:
            state_dict (dict): optimizer state, as returned by :meth:`state_dict`.

        Example:
            >>> w = nn.Parameter(glassnet.tensor([1.0, 2.0]))
            >>> opt = optim.Adam([w], lr=0.1)
            >>> w.sum().backward()
            >>> opt.step()
            >>> fresh = optim.Adam([w], lr=0.5)
            >>> fresh.load_state_dict(opt.state_dict())
            >>> fresh.param_groups[0]['lr'], fresh.state[w]['step']
            (0.1, 1)
        """
        saved_groups = copy.deepcopy(state_dict["param_groups"])
        groups = self.param_groups
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError(
                "loaded state dict contains a parameter group that doesn't match the size of "
                "optimizer's group"
            )
        id_map = dict(zip(chain.from_iterable(_as_int_list(s["params"]) for s in saved_groups),
                          chain.from_iterable(g["params"] for g in groups)))
        state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        for key, value in state_dict["state"].items():
            k = int(key) if isinstance(key, str) and key.lstrip("-").isdigit() else key
            if k in id_map:
                p = id_map[k]
                state[p] = {name: _restore(v, p, name, self._scalar_state) for name, v in value.items()}
            else:
                state[k] = value
        for g, s in zip(groups, saved_groups):
            s["params"] = g["params"]
            if "param_names" in g and "param_names" not in s:
                s["param_names"] = g["param_names"]
            if "betas" in s:
                s["betas"] = tuple(s["betas"])  # a JSON round trip turns tuples into lists
        self.state = state
        self.param_groups = saved_groups
        self._on_load()

    def _on_load(self) -> None:
        """Fill group options that older state_dicts lack; subclasses extend it for other fix-ups."""
        for group in self.param_groups:
            for name, default in self._load_defaults.items():
                group.setdefault(name, default)

    # ---- printing --------------------------------------------------------------------------------
    def __repr__(self) -> str:
        lines = [type(self).__name__ + " ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            for key in sorted(group):
                if key != "params":
                    lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)

    def __getstate__(self) -> dict[str, Any]:
        d = self.__dict__.copy()
        d["_scratch"] = {}  # scratch space is not state
        return d


def _lerp(xp: Any, start: Any, end: Any, weight: float, out: Any) -> Any:
    """``start + weight * (end - start)`` into ``out`` (which may be ``start``), in torch.lerp's two forms.

    For weight >= 0.5 torch computes ``end - (end - start) * (1 - weight)``, exact at weight = 1; using the
    same form keeps trajectories identical to torch's when the weight is near 1.
    """
    diff = xp.subtract(end, start)
    if weight < 0.5:
        diff *= weight
        return xp.add(start, diff, out=out)
    diff *= 1 - weight
    return xp.subtract(end, diff, out=out)


def _as_int_list(ids: Iterable) -> list:
    return [int(i) for i in ids]


def _snapshot(value: Any) -> Any:
    """A copy of one state value: tensors are cloned, numbers pass through."""
    if isinstance(value, Tensor):
        return Tensor._wrap(value._data.copy())
    return copy.deepcopy(value)


def _restore(value: Any, param: Tensor, name: str, scalars: tuple[str, ...] = ("step",)) -> Any:
    """One loaded state value: 'step' (and other scalars) a number, buffers owned arrays in the param's dtype."""
    if name in scalars:
        v = value.item() if hasattr(value, "item") else value
        if name == "step":
            return int(v) if float(v).is_integer() else float(v)
        return float(v)
    if isinstance(value, Tensor):
        arr = value._data
    elif hasattr(value, "detach") and hasattr(value, "numpy"):  # a torch.Tensor
        arr = value.detach().cpu().numpy()
    elif hasattr(value, "__array__") and hasattr(value, "shape"):
        arr = value
    else:
        return copy.deepcopy(value)
    xp = array_module(param._data)
    dtype = param._data.dtype if param._data.dtype.kind == "f" else None
    return Tensor._wrap(xp.array(arr, dtype=dtype, copy=True))
