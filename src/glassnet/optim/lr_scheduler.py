"""Learning-rate schedulers: they rewrite ``group["lr"]`` of an optimizer once per ``step()``.

The formulas are PyTorch's (``torch.optim.lr_scheduler``), including its "chainable" form: most
schedulers compute the next lr from the *current* ``group["lr"]`` so several can act on one optimizer,
and a closed form (from ``base_lrs`` and ``last_epoch``) is used when an epoch is given explicitly.
Call ``scheduler.step()`` after ``optimizer.step()``, once per epoch (or per batch for OneCycleLR).

Warm-up recipe (linear warm-up, then cosine decay), as in PyTorch::

    opt = glassnet.optim.AdamW(model.parameters(), lr=3e-4)
    warmup = LinearLR(opt, start_factor=0.01, end_factor=1.0, total_iters=500)
    decay = CosineAnnealingLR(opt, T_max=total_steps - 500, eta_min=1e-6)
    scheduler = SequentialLR(opt, schedulers=[warmup, decay], milestones=[500])
    for batch in loader:
        ...; opt.step(); scheduler.step()

``LambdaLR(opt, lambda s: min(1.0, (s + 1) / 500))`` is the one-line alternative for warm-up alone.
"""

from __future__ import annotations

import copy
import math
import types
import warnings
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .optimizer import Optimizer

__all__ = ["LRScheduler", "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR",
           "LinearLR", "ExponentialLR", "PolynomialLR", "CosineAnnealingLR", "SequentialLR",
           "ChainedScheduler", "ReduceLROnPlateau", "CosineAnnealingWarmRestarts", "OneCycleLR", "CyclicLR"]

_EPOCH_DEPRECATION = (
    "The epoch parameter in `scheduler.step()` is deprecated (as in PyTorch); call `scheduler.step()` "
    "without it. When it is given, the closed form is used where available."
)


def _cycles_beta1(optimizer: Optimizer) -> bool:
    """Whether cycling momentum moves betas[0] (Adam-likes) rather than momentum; neither is an error."""
    if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
        raise ValueError("optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
    return "betas" in optimizer.defaults


def _per_group(name: str, optimizer: Optimizer, value: Any) -> list:
    """One value per param group: a list is checked for length, a scalar is repeated."""
    if isinstance(value, (list, tuple)):
        if len(value) != len(optimizer.param_groups):
            raise ValueError(
                f"{name} must have the same length as optimizer.param_groups. {name} has {len(value)} "
                f"values, param_groups has {len(optimizer.param_groups)}."
            )
        return list(value)
    return [value] * len(optimizer.param_groups)


def _never_stepped(optimizer: Optimizer) -> bool:
    """True if the optimizer uses the base step() and has not run it yet."""
    return type(optimizer).step is Optimizer.step and not getattr(optimizer, "_opt_called", True)


def _check_optimizer(optimizer: Any) -> None:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")


class LRScheduler:
    """Base class of the learning-rate schedulers: writes ``get_lr()`` into the optimizer's groups.

    It keeps ``base_lrs`` and ``last_epoch``; building a scheduler records each group's
    ``initial_lr`` and takes step 0. Call ``scheduler.step()`` after ``optimizer.step()``, once per
    epoch (or per batch for the cyclic schedules). The formulas are PyTorch's, including its
    "chainable" form: most schedulers compute the next lr from the current ``group['lr']``, so
    several can act on one optimizer. A subclass implements ``get_lr()``.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        last_epoch (int, optional): the index of the last epoch, to resume a schedule (the
            optimizer's groups must then hold ``initial_lr``). Default: ``-1`` (a fresh start).

    Example:
        >>> class Halving(optim.lr_scheduler.LRScheduler):
        ...     def get_lr(self):
        ...         return [base / 2 ** self.last_epoch for base in self.base_lrs]
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=1.0)
        >>> sched = Halving(opt)
        >>> opt.step(); sched.step(); opt.step(); sched.step()
        >>> sched.get_last_lr()
        [0.25]
    """

    _is_initial: bool = False

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"param 'initial_lr' is not specified in param_groups[{i}] when resuming scheduler "
                        "with last_epoch >= 0 (load the optimizer's state_dict first, or use last_epoch=-1 "
                        "for a fresh run)"
                    )
        self.base_lrs: list[float] = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._initial_step()

    def _initial_step(self) -> None:
        """Take step 0: set the starting lr (``last_epoch`` becomes 0)."""
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_lr(self) -> list[float]:
        """Computes the learning rate of each param group for the current ``last_epoch`` (called by :meth:`step`).

        Subclasses implement it; use :meth:`get_last_lr` to read the lr the last step set. Most
        schedulers are chainable and compute it from the groups' current lr, so called outside
        :meth:`step` it gives the next epoch's value, as in PyTorch.

        Returns:
            list of float: one learning rate per param group.

        Example:
            >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
            >>> sched = optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
            >>> sched.get_lr()
            [0.05]
        """
        raise NotImplementedError

    def get_last_lr(self) -> list[float]:
        """Returns the learning rates the last :meth:`step` set, one per param group.

        Example:
            >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
            >>> sched = optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
            >>> opt.step(); sched.step()
            >>> sched.get_last_lr()
            [0.05]
        """
        return self._last_lr

    def step(self, epoch: int | None = None) -> None:
        """Advances the schedule by one epoch and writes the new learning rates into the optimizer's groups.

        Call it after ``optimizer.step()`` (a warning says so when the order is wrong, as in PyTorch).

        Args:
            epoch (int, optional): deprecated, as in PyTorch: jump to this epoch (using the closed form
                where the scheduler has one). Default: ``None``.

        Example:
            >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
            >>> sched = optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.1)
            >>> for epoch in range(3):
            ...     opt.step()
            ...     sched.step()
            >>> sched.last_epoch, opt.param_groups[0]['lr']
            (3, 0.010000000000000002)
        """
        if self._step_count == 1 and _never_stepped(self.optimizer):
            warnings.warn(
                "Detected call of `lr_scheduler.step()` before `optimizer.step()`. Call them in the "
                "opposite order (optimizer first), or the first value of the schedule is skipped.",
                UserWarning, stacklevel=2,
            )
        self._step_count += 1
        if epoch is not None:
            warnings.warn(_EPOCH_DEPRECATION, UserWarning, stacklevel=2)
        self._update_lr(epoch)

    def _update_lr(self, epoch: int | None = None) -> None:
        if epoch is None:
            self.last_epoch += 1
            values = self.get_lr()
        else:
            self.last_epoch = epoch
            closed_form = getattr(self, "_get_closed_form_lr", None)
            values = closed_form() if closed_form is not None else self.get_lr()
        for group, lr in zip(self.optimizer.param_groups, values):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def _current_lrs(self) -> list[float]:
        return [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self) -> dict[str, Any]:
        """Returns the state of the scheduler as a dict: every attribute but the optimizer, copied (PyTorch's layout).

        Example:
            >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
            >>> sd = optim.lr_scheduler.StepLR(opt, step_size=2).state_dict()
            >>> sd['step_size'], sd['last_epoch'], sd['base_lrs']
            (2, 0, [0.1])
        """
        return {k: copy.deepcopy(v) for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Loads the scheduler's state saved by :meth:`state_dict`.

        Args:
            state_dict (dict): scheduler state, as returned by :meth:`state_dict`.

        Example:
            >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
            >>> sched = optim.lr_scheduler.StepLR(opt, step_size=2)
            >>> sched.load_state_dict({**sched.state_dict(), 'last_epoch': 7})
            >>> sched.last_epoch
            7
        """
        self.__dict__.update(copy.deepcopy(state_dict))


class LambdaLR(LRScheduler):
    """Sets the learning rate of each group to its initial lr times a given function of the epoch.

    ``lr = base_lr * lr_lambda(epoch)``.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        lr_lambda (callable or list of callable): a function of the epoch giving the factor, or one
            function per param group.
        last_epoch (int, optional): the index of the last epoch. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
        >>> sched = optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda epoch: 0.5 ** epoch)
        >>> lrs = []
        >>> for epoch in range(4):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.05, 0.025, 0.0125]
    """

    def __init__(self, optimizer: Optimizer, lr_lambda: Callable | list[Callable],
                 last_epoch: int = -1) -> None:
        self.optimizer = optimizer
        self.lr_lambdas = _lambdas(optimizer, lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """base_lr times the lambda of the epoch."""
        return [base * fn(self.last_epoch) for fn, base in zip(self.lr_lambdas, self.base_lrs)]

    def state_dict(self) -> dict[str, Any]:
        """Attributes; functions are not saved (callable objects save their ``__dict__``)."""
        return _state_with_lambdas(self)

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore attributes (and callable objects' ``__dict__``)."""
        _load_with_lambdas(self, state_dict)


class MultiplicativeLR(LRScheduler):
    """Multiplies the learning rate of each group by the factor a given function returns, from epoch 1 on.

    ``lr = previous_lr * lr_lambda(epoch)``.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        lr_lambda (callable or list of callable): a function of the epoch giving the factor, or one
            function per param group.
        last_epoch (int, optional): the index of the last epoch. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
        >>> sched = optim.lr_scheduler.MultiplicativeLR(opt, lr_lambda=lambda epoch: 0.9)
        >>> lrs = []
        >>> for epoch in range(4):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.09, 0.081, 0.0729]
    """

    def __init__(self, optimizer: Optimizer, lr_lambda: Callable | list[Callable],
                 last_epoch: int = -1) -> None:
        self.optimizer = optimizer
        self.lr_lambdas = _lambdas(optimizer, lr_lambda)
        for fn in self.lr_lambdas:
            if not callable(fn):
                raise TypeError(f"lr_lambda should be a function, but got {type(fn).__name__}")
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """Current lr times the lambda of the epoch."""
        if self._is_initial:
            return self._current_lrs()
        return [g["lr"] * fn(self.last_epoch) for fn, g in zip(self.lr_lambdas, self.optimizer.param_groups)]

    def state_dict(self) -> dict[str, Any]:
        """Attributes; functions are not saved (callable objects save their ``__dict__``)."""
        return _state_with_lambdas(self)

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore attributes (and callable objects' ``__dict__``)."""
        _load_with_lambdas(self, state_dict)


class StepLR(LRScheduler):
    """Decays the learning rate of each group by ``gamma`` every ``step_size`` epochs.

    ``lr = base_lr * gamma ** (epoch // step_size)``.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        step_size (int): the period of the decay, in epochs.
        gamma (float, optional): the multiplicative factor of the decay. Default: ``0.1``.
        last_epoch (int, optional): the index of the last epoch. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
        >>> sched = optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
    """

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1,
                 last_epoch: int = -1) -> None:
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """Decay by gamma on multiples of step_size."""
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self._current_lrs()
        return [g["lr"] * self.gamma for g in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base * self.gamma ** (self.last_epoch // self.step_size) for base in self.base_lrs]


class MultiStepLR(LRScheduler):
    """Decays the learning rate of each group by ``gamma`` once the epoch reaches each milestone.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        milestones (iterable of int): the epochs of the decays (a milestone listed twice decays twice).
        gamma (float, optional): the multiplicative factor of the decay. Default: ``0.1``.
        last_epoch (int, optional): the index of the last epoch. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
        >>> sched = optim.lr_scheduler.MultiStepLR(opt, milestones=[2, 5], gamma=0.1)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.1, 0.01, 0.01, 0.01, 0.001]
    """

    def __init__(self, optimizer: Optimizer, milestones: Iterable[int], gamma: float = 0.1,
                 last_epoch: int = -1) -> None:
        self.milestones = Counter(milestones)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """Decay by gamma (once per repeat of the milestone) when a milestone is reached."""
        if self.last_epoch not in self.milestones:
            return self._current_lrs()
        return [g["lr"] * self.gamma ** self.milestones[self.last_epoch] for g in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        milestones = sorted(self.milestones.elements())
        return [base * self.gamma ** bisect_right(milestones, self.last_epoch) for base in self.base_lrs]

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore attributes; milestones come back as a Counter with int keys (even after JSON)."""
        super().load_state_dict(state_dict)
        self.milestones = Counter({int(k): v for k, v in dict(self.milestones).items()})


class ConstantLR(LRScheduler):
    """Multiplies the learning rate of each group by a constant ``factor`` until ``total_iters`` epochs have passed.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        factor (float, optional): the factor, in ``[0, 1]``. Default: ``1/3``.
        total_iters (int, optional): the number of epochs with the reduced lr. Default: ``5``.
        last_epoch (int, optional): the index of the last epoch. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
        >>> sched = optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=3)
        >>> lrs = []
        >>> for epoch in range(5):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.05, 0.05, 0.05, 0.1, 0.1]
    """

    def __init__(self, optimizer: Optimizer, factor: float = 1.0 / 3, total_iters: int = 5,
                 last_epoch: int = -1) -> None:
        if factor > 1.0 or factor < 0:
            raise ValueError("Constant multiplicative factor expected to be between 0 and 1.")
        self.factor = factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """Scale down at epoch 0, back up at total_iters."""
        if self.last_epoch == 0:
            return [g["lr"] * self.factor for g in self.optimizer.param_groups]
        if self.last_epoch != self.total_iters:
            return self._current_lrs()
        return [g["lr"] * (1.0 / self.factor) for g in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        done = self.last_epoch >= self.total_iters
        return [base * (self.factor + done * (1 - self.factor)) for base in self.base_lrs]


class LinearLR(LRScheduler):
    """Scales the learning rate linearly from ``start_factor`` to ``end_factor`` over ``total_iters`` epochs.

    A common warm-up; combine it with a decay through :class:`SequentialLR`.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        start_factor (float, optional): the factor at the first epoch, in ``(0, 1]``. Default: ``1/3``.
        end_factor (float, optional): the factor at the end, in ``[0, 1]``. Default: ``1.0``.
        total_iters (int, optional): the number of epochs to reach ``end_factor``. Default: ``5``.
        last_epoch (int, optional): the index of the last epoch. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
        >>> sched = optim.lr_scheduler.LinearLR(opt, start_factor=0.25, total_iters=3)
        >>> lrs = []
        >>> for epoch in range(5):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.025, 0.05, 0.075, 0.1, 0.1]
    """

    def __init__(self, optimizer: Optimizer, start_factor: float = 1.0 / 3, end_factor: float = 1.0,
                 total_iters: int = 5, last_epoch: int = -1) -> None:
        if start_factor > 1.0 or start_factor <= 0:
            raise ValueError(
                "Starting multiplicative factor expected to be greater than 0 and less or equal to 1."
            )
        if end_factor > 1.0 or end_factor < 0:
            raise ValueError("Ending multiplicative factor expected to be between 0 and 1.")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """Chainable: the ratio between this epoch's factor and the previous one."""
        if self.last_epoch == 0:
            return [g["lr"] * self.start_factor for g in self.optimizer.param_groups]
        if self._is_initial or self.last_epoch > self.total_iters:
            return self._current_lrs()
        delta = self.end_factor - self.start_factor
        ratio = 1.0 + delta / (self.total_iters * self.start_factor + (self.last_epoch - 1) * delta)
        return [g["lr"] * ratio for g in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        frac = min(self.total_iters, self.last_epoch) / self.total_iters
        return [base * (self.start_factor + (self.end_factor - self.start_factor) * frac)
                for base in self.base_lrs]


class ExponentialLR(LRScheduler):
    """Decays the learning rate of each group by ``gamma`` every epoch: ``lr = base_lr * gamma ** epoch``.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        gamma (float): the multiplicative factor of the decay.
        last_epoch (int, optional): the index of the last epoch. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
        >>> sched = optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
        >>> lrs = []
        >>> for epoch in range(4):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.05, 0.025, 0.0125]
    """

    def __init__(self, optimizer: Optimizer, gamma: float, last_epoch: int = -1) -> None:
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """Multiply by gamma each epoch."""
        if self._is_initial:
            return self._current_lrs()
        return [g["lr"] * self.gamma for g in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base * self.gamma ** self.last_epoch for base in self.base_lrs]


class PolynomialLR(LRScheduler):
    """Decays the learning rate of each group to zero over ``total_iters`` epochs with a polynomial.

    ``lr = base_lr * (1 - min(epoch, total_iters) / total_iters) ** power``.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        total_iters (int, optional): the number of epochs of the decay. Default: ``5``.
        power (float, optional): the power of the polynomial. Default: ``1.0``.
        last_epoch (int, optional): the index of the last epoch. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
        >>> sched = optim.lr_scheduler.PolynomialLR(opt, total_iters=4, power=2.0)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.0563, 0.025, 0.0062, 0.0, 0.0]
    """

    def __init__(self, optimizer: Optimizer, total_iters: int = 5, power: float = 1.0,
                 last_epoch: int = -1) -> None:
        self.total_iters = total_iters
        self.power = power
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """Chainable polynomial decay to zero at total_iters."""
        if self._is_initial or self.last_epoch > self.total_iters:
            return self._current_lrs()
        t, n = self.last_epoch, self.total_iters
        decay = ((1.0 - t / n) / (1.0 - (t - 1) / n)) ** self.power
        return [g["lr"] * decay for g in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        frac = min(self.total_iters, self.last_epoch) / self.total_iters
        return [base * (1.0 - frac) ** self.power for base in self.base_lrs]


class CosineAnnealingLR(LRScheduler):
    """Anneals the learning rate with a cosine from its initial value to ``eta_min`` over ``T_max`` epochs.

    ``lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2``: SGDR (Loshchilov &
    Hutter, 2017) without restarts. Past ``T_max`` the cosine continues (the lr rises again), as in
    PyTorch; use :class:`CosineAnnealingWarmRestarts` for restarts.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        T_max (int): the number of epochs of the half cosine.
        eta_min (float, optional): the minimum learning rate. Default: ``0.0``.
        last_epoch (int, optional): the index of the last epoch. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
        >>> sched = optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4)
        >>> lrs = []
        >>> for epoch in range(5):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.0854, 0.05, 0.0146, 0.0]
    """

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0,  # noqa: N803
                 last_epoch: int = -1) -> None:
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """PyTorch's chainable cosine recursion (equal to the closed form when nothing else edits lr)."""
        groups = self.optimizer.param_groups
        if self._is_initial:
            return self._current_lrs()
        if self._step_count == 1 and self.last_epoch > 0:
            cos = (1 + math.cos(self.last_epoch * math.pi / self.T_max)) / 2
            return [self.eta_min + (base - self.eta_min) * cos for base in self.base_lrs]
        if (self.last_epoch - 1 - self.T_max) % (2 * self.T_max) == 0:
            return [g["lr"] + (base - self.eta_min) * (1 - math.cos(math.pi / self.T_max)) / 2
                    for base, g in zip(self.base_lrs, groups)]
        ratio = (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / (
            1 + math.cos(math.pi * (self.last_epoch - 1) / self.T_max))
        return [ratio * (g["lr"] - self.eta_min) + self.eta_min for g in groups]

    def _get_closed_form_lr(self) -> list[float]:
        cos = (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
        return [self.eta_min + (base - self.eta_min) * cos for base in self.base_lrs]


class SequentialLR(LRScheduler):
    """Runs several schedulers one after another, switching to the next at each milestone epoch.

    The usual warm-up then decay is a :class:`LinearLR` followed by a :class:`CosineAnnealingLR`. At
    a milestone the next scheduler starts from its own epoch 0.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        schedulers (list of LRScheduler): the schedulers, in order, all built on ``optimizer``.
        milestones (list of int): the epochs at which the next scheduler takes over (one fewer than
            the schedulers).
        last_epoch (int, optional): the index of the last epoch. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
        >>> warmup = optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=2)
        >>> decay = optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
        >>> sched = optim.lr_scheduler.SequentialLR(opt, [warmup, decay], milestones=[2])
        >>> lrs = []
        >>> for epoch in range(5):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.01, 0.055, 0.1, 0.05, 0.025]
    """

    def __init__(self, optimizer: Optimizer, schedulers: list[LRScheduler], milestones: list[int],
                 last_epoch: int = -1) -> None:
        _check_schedulers(self, optimizer, schedulers)
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(
                "Sequential Schedulers expects number of schedulers provided to be one more than the "
                f"number of milestone points, but got number of schedulers {len(schedulers)} and the "
                f"number of milestones to be equal to {len(milestones)}"
            )
        self._schedulers = schedulers
        self._milestones = milestones
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        # Building the sub-schedulers already stepped each once; undo that and start the first one.
        for group in optimizer.param_groups:
            group["lr"] = group["initial_lr"]
        self._undo_initial_steps(self)
        idx = bisect_right(self._milestones, 0)
        self._schedulers[idx]._initial_step()
        self._last_lr = schedulers[idx].get_last_lr()

    def _undo_initial_steps(self, sched: Any) -> None:
        if hasattr(sched, "_schedulers"):
            for s in sched._schedulers:
                self._undo_initial_steps(s)
        elif hasattr(sched, "last_epoch"):
            sched.last_epoch -= 1

    def step(self) -> None:  # type: ignore[override]
        """Step the scheduler in charge; at a milestone, restart the next one from its epoch 0."""
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            scheduler._update_lr(0)
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()

    def state_dict(self) -> dict[str, Any]:
        """Own attributes plus each sub-scheduler's state_dict."""
        return _state_with_children(self)

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore own attributes and each sub-scheduler's."""
        _load_with_children(self, state_dict)


class ChainedScheduler(LRScheduler):
    """Steps several schedulers together every epoch, so their (chainable) effects multiply.

    Args:
        schedulers (sequence of LRScheduler): the schedulers to step, in order.
        optimizer (Optimizer, optional): the wrapped optimizer; by default the first scheduler's.
            Default: ``None``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=1.0)
        >>> s1 = optim.lr_scheduler.ConstantLR(opt, factor=0.1, total_iters=2)
        >>> s2 = optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)
        >>> sched = optim.lr_scheduler.ChainedScheduler([s1, s2])
        >>> lrs = []
        >>> for epoch in range(4):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.09, 0.81, 0.729]
    """

    def __init__(self, schedulers: Sequence[LRScheduler], optimizer: Optimizer | None = None) -> None:
        if len(schedulers) < 1:
            raise ValueError(
                "ChainedScheduler expects at least one scheduler to be chained, but got no scheduler."
            )
        optimizer = optimizer or schedulers[0].optimizer
        _check_schedulers(self, optimizer, schedulers)
        self._schedulers = list(schedulers)
        self.optimizer = optimizer
        self._last_lr = self._current_lrs()

    def step(self) -> None:  # type: ignore[override]
        """Step every scheduler in order."""
        for scheduler in self._schedulers:
            scheduler.step()
        self._last_lr = self._current_lrs()

    def state_dict(self) -> dict[str, Any]:
        """Own attributes plus each sub-scheduler's state_dict."""
        return _state_with_children(self)

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore own attributes and each sub-scheduler's."""
        _load_with_children(self, state_dict)


class ReduceLROnPlateau(LRScheduler):
    """Reduces the learning rate of each group by ``factor`` when a metric has stopped improving.

    ``step(metric)`` records the metric of an epoch; after more than ``patience`` epochs without an
    improvement (beyond ``threshold``), the lr is multiplied by ``factor`` (not below ``min_lr``) and
    no reduction follows for ``cooldown`` epochs.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        mode (str, optional): ``'min'`` (the metric should decrease) or ``'max'``. Default: ``'min'``.
        factor (float, optional): the factor of a reduction, below 1. Default: ``0.1``.
        patience (int, optional): the number of epochs without improvement tolerated. Default: ``10``.
        threshold (float, optional): the smallest change counted as an improvement. Default: ``1e-4``.
        threshold_mode (str, optional): ``'rel'`` (relative to the best value) or ``'abs'``.
            Default: ``'rel'``.
        cooldown (int, optional): the number of epochs after a reduction before counting again.
            Default: ``0``.
        min_lr (float or list of float, optional): a lower bound of the lr, or one per group. Default: ``0``.
        eps (float, optional): a reduction smaller than ``eps`` is skipped. Default: ``1e-8``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
        >>> sched = optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1, factor=0.5)
        >>> lrs = []
        >>> for val_loss in [1.0, 0.8, 0.8, 0.8, 0.8, 0.8]:
        ...     opt.step()
        ...     sched.step(val_loss)
        ...     lrs.append(sched.get_last_lr()[0])
        >>> lrs
        [0.1, 0.1, 0.1, 0.05, 0.05, 0.025]
    """

    def __init__(self, optimizer: Optimizer, mode: str = "min", factor: float = 0.1, patience: int = 10,
                 threshold: float = 1e-4, threshold_mode: str = "rel", cooldown: int = 0,
                 min_lr: list[float] | float = 0, eps: float = 1e-8) -> None:
        if factor >= 1.0:
            raise ValueError("Factor should be < 1.0.")
        self.factor = factor
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        if isinstance(min_lr, (list, tuple)):
            if len(min_lr) != len(optimizer.param_groups):
                raise ValueError(f"expected {len(optimizer.param_groups)} min_lrs, got {len(min_lr)}")
            self.default_min_lr = None
            self.min_lrs = list(min_lr)
        else:
            self.default_min_lr = min_lr
            self.min_lrs = [min_lr] * len(optimizer.param_groups)
        self.patience = patience
        self.cooldown = cooldown
        self.eps = eps
        self.last_epoch = 0
        self._last_lr = self._current_lrs()
        self._init_is_better(mode, threshold, threshold_mode)
        self._reset()

    def _reset(self) -> None:
        self.best = self.mode_worse
        self.cooldown_counter = 0
        self.num_bad_epochs = 0

    def step(self, metrics: Any, epoch: int | None = None) -> None:  # type: ignore[override]
        """Records an epoch's metric; reduces the lr after more than ``patience`` epochs without improvement.

        Args:
            metrics (float or Tensor): the value of the monitored quantity this epoch.
            epoch (int, optional): deprecated, as in PyTorch: the epoch number. Default: ``None``.

        Example:
            >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
            >>> sched = optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0)
            >>> sched.step(1.0); sched.step(1.5)
            >>> sched.get_last_lr()
            [0.010000000000000002]
        """
        current = float(metrics)
        if epoch is None:
            epoch = self.last_epoch + 1
        else:
            warnings.warn(_EPOCH_DEPRECATION, UserWarning, stacklevel=2)
        self.last_epoch = epoch
        if self._is_better(current, self.best):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0  # bad epochs during cooldown do not count
        if self.num_bad_epochs > self.patience:
            self._reduce_lr()
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = self._current_lrs()

    def _reduce_lr(self) -> None:
        if len(self.optimizer.param_groups) != len(self.min_lrs):
            if self.default_min_lr is None:
                raise RuntimeError(
                    f"The number of param groups in the `optimizer` ({len(self.optimizer.param_groups)}) "
                    f"differs from when `ReduceLROnPlateau` was initialized ({len(self.min_lrs)}); set "
                    "`min_lrs` to one value per group."
                )
            self.min_lrs = [self.default_min_lr] * len(self.optimizer.param_groups)
        for i, group in enumerate(self.optimizer.param_groups):
            old_lr = float(group["lr"])
            new_lr = max(old_lr * self.factor, self.min_lrs[i])
            if old_lr - new_lr > self.eps:  # changes smaller than eps are ignored
                group["lr"] = new_lr

    @property
    def in_cooldown(self) -> bool:
        """True while waiting out ``cooldown`` epochs after a reduction."""
        return self.cooldown_counter > 0

    def _is_better(self, a: float, best: float) -> bool:
        if self.mode == "min" and self.threshold_mode == "rel":
            return a < best * (1.0 - self.threshold)
        if self.mode == "min" and self.threshold_mode == "abs":
            return a < best - self.threshold
        if self.mode == "max" and self.threshold_mode == "rel":
            return a > best * (self.threshold + 1.0)
        return a > best + self.threshold

    def _init_is_better(self, mode: str, threshold: float, threshold_mode: str) -> None:
        if mode not in {"min", "max"}:
            raise ValueError("mode " + mode + " is unknown!")
        if threshold_mode not in {"rel", "abs"}:
            raise ValueError("threshold mode " + threshold_mode + " is unknown!")
        self.mode_worse = math.inf if mode == "min" else -math.inf
        self.mode = mode
        self.threshold = threshold
        self.threshold_mode = threshold_mode

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore attributes."""
        super().load_state_dict(state_dict)
        self._init_is_better(self.mode, self.threshold, self.threshold_mode)


class CosineAnnealingWarmRestarts(LRScheduler):
    """Anneals the learning rate of each group with a cosine that restarts every ``T_i`` epochs (SGDR).

    The first period is ``T_0`` epochs and each following one ``T_mult`` times longer; within a
    period ``lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2``. ``step(epoch)``
    accepts a fractional epoch, to step per batch.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        T_0 (int): the length of the first period, in epochs.
        T_mult (int, optional): the growth factor of the period after each restart. Default: ``1``.
        eta_min (float, optional): the minimum learning rate. Default: ``0.0``.
        last_epoch (int, optional): the index of the last epoch. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
        >>> sched = optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2)
        >>> lrs = []
        >>> for epoch in range(7):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.05, 0.1, 0.0854, 0.05, 0.0146, 0.1]
    """

    def __init__(self, optimizer: Optimizer, T_0: int, T_mult: int = 1, eta_min: float = 0.0,  # noqa: N803
                 last_epoch: int = -1) -> None:
        if T_0 <= 0 or not isinstance(T_0, int):
            raise ValueError(f"Expected positive integer T_0, but got {T_0}")
        if T_mult < 1 or not isinstance(T_mult, int):
            raise ValueError(f"Expected integer T_mult >= 1, but got {T_mult}")
        if not isinstance(eta_min, (float, int)):
            raise ValueError(f"Expected float or int eta_min, but got {eta_min} of type {type(eta_min)}")
        self.T_0 = T_0
        self.T_i = T_0
        self.T_mult = T_mult
        self.eta_min = eta_min
        self.T_cur = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """Cosine of the position T_cur inside the current period T_i."""
        cos = (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2
        return [self.eta_min + (base - self.eta_min) * cos for base in self.base_lrs]

    def step(self, epoch: float | None = None) -> None:
        """Advances one epoch, or jumps to a (fractional) ``epoch``, to step per batch as in PyTorch.

        Args:
            epoch (float, optional): the epoch to jump to, e.g. ``epoch + batch / num_batches`` inside
                an epoch. Default: ``None`` (the next epoch).

        Example:
            >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1)
            >>> sched = optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2)
            >>> opt.step()
            >>> sched.step(0.5)
            >>> round(sched.get_last_lr()[0], 4)
            0.0854
        """
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur = self.T_cur + 1
            if self.T_cur >= self.T_i:
                self.T_cur = self.T_cur % self.T_i
                self.T_i = self.T_i * self.T_mult
        else:
            if epoch < 0:
                raise ValueError(f"Expected non-negative epoch, but got {epoch}")
            if epoch >= self.T_0:
                if self.T_mult == 1:
                    self.T_cur = epoch % self.T_0
                else:
                    n = int(math.log(epoch / self.T_0 * (self.T_mult - 1) + 1, self.T_mult))
                    self.T_cur = epoch - self.T_0 * (self.T_mult**n - 1) / (self.T_mult - 1)
                    self.T_i = self.T_0 * self.T_mult**n
            else:
                self.T_i = self.T_0
                self.T_cur = epoch
        self.last_epoch = math.floor(epoch)
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            group["lr"] = lr
        self._last_lr = self._current_lrs()


class OneCycleLR(LRScheduler):
    """Sets the learning rate of each group by the 1cycle policy: up to ``max_lr``, then annealed far below the start.

    Smith & Topin (2017). The lr starts at ``max_lr / div_factor``, rises for ``pct_start`` of the
    ``total_steps`` and then anneals to ``initial_lr / final_div_factor`` (``three_phase`` goes
    back to the start before the final annealing). Step it once per batch. With ``cycle_momentum``
    the optimizer's momentum (SGD, RMSprop) or beta1 (Adam, AdamW) moves the opposite way, between
    ``max_momentum`` and ``base_momentum``.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        max_lr (float or list of float): the peak learning rate, or one per group.
        total_steps (int, optional): the number of steps in the cycle; if ``None``, it is
            ``epochs * steps_per_epoch``. Default: ``None``.
        epochs (int, optional): the number of epochs (with ``steps_per_epoch``). Default: ``None``.
        steps_per_epoch (int, optional): the number of steps per epoch. Default: ``None``.
        pct_start (float, optional): the fraction of the cycle spent increasing the lr. Default: ``0.3``.
        anneal_strategy (str, optional): ``'cos'`` or ``'linear'``. Default: ``'cos'``.
        cycle_momentum (bool, optional): cycle the momentum inversely to the lr. Default: ``True``.
        base_momentum (float or list of float, optional): the lowest momentum. Default: ``0.85``.
        max_momentum (float or list of float, optional): the highest momentum. Default: ``0.95``.
        div_factor (float, optional): ``initial_lr = max_lr / div_factor``. Default: ``25.0``.
        final_div_factor (float, optional): ``min_lr = initial_lr / final_div_factor``. Default: ``1e4``.
        three_phase (bool, optional): use a third phase that anneals from ``initial_lr`` to
            ``min_lr``. Default: ``False``.
        last_epoch (int, optional): the index of the last batch, to resume. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1, momentum=0.9)
        >>> sched = optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=6)
        >>> lrs = []
        >>> for batch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.04, 0.9944, 0.8117, 0.4626, 0.1335, 0.0]
    """

    def __init__(self, optimizer: Optimizer, max_lr: float | list[float], total_steps: int | None = None,
                 epochs: int | None = None, steps_per_epoch: int | None = None, pct_start: float = 0.3,
                 anneal_strategy: str = "cos", cycle_momentum: bool = True,
                 base_momentum: float | list[float] = 0.85, max_momentum: float | list[float] = 0.95,
                 div_factor: float = 25.0, final_div_factor: float = 1e4, three_phase: bool = False,
                 last_epoch: int = -1) -> None:
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        if total_steps is not None:
            if total_steps <= 0 or not isinstance(total_steps, int):
                raise ValueError(f"Expected positive integer total_steps, but got {total_steps}")
            self.total_steps = total_steps
        elif epochs is not None and steps_per_epoch is not None:
            if not isinstance(epochs, int) or epochs <= 0:
                raise ValueError(f"Expected positive integer epochs, but got {epochs}")
            if not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0:
                raise ValueError(f"Expected positive integer steps_per_epoch, but got {steps_per_epoch}")
            self.total_steps = epochs * steps_per_epoch
        else:
            raise ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)")
        if pct_start < 0 or pct_start > 1 or not isinstance(pct_start, float):
            raise ValueError(f"Expected float between 0 and 1 pct_start, but got {pct_start}")
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(
                f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}"
            )
        self._anneal_func_type = anneal_strategy
        # Each phase anneals from one group key to another, ending at step `end_step`.
        up = float(pct_start * self.total_steps) - 1
        if three_phase:
            self._schedule_phases = [
                dict(end_step=up, start_lr="initial_lr", end_lr="max_lr",
                     start_momentum="max_momentum", end_momentum="base_momentum"),
                dict(end_step=float(2 * pct_start * self.total_steps) - 2, start_lr="max_lr",
                     end_lr="initial_lr", start_momentum="base_momentum", end_momentum="max_momentum"),
                dict(end_step=self.total_steps - 1, start_lr="initial_lr", end_lr="min_lr",
                     start_momentum="max_momentum", end_momentum="max_momentum"),
            ]
        else:
            self._schedule_phases = [
                dict(end_step=up, start_lr="initial_lr", end_lr="max_lr",
                     start_momentum="max_momentum", end_momentum="base_momentum"),
                dict(end_step=self.total_steps - 1, start_lr="max_lr", end_lr="min_lr",
                     start_momentum="base_momentum", end_momentum="max_momentum"),
            ]
        max_lrs = _per_group("max_lr", optimizer, max_lr)
        if last_epoch == -1:
            for m, group in zip(max_lrs, optimizer.param_groups):
                group["initial_lr"] = m / div_factor
                group["max_lr"] = m
                group["min_lr"] = group["initial_lr"] / final_div_factor
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1 = _cycles_beta1(optimizer)
            max_ms = _per_group("max_momentum", optimizer, max_momentum)
            base_ms = _per_group("base_momentum", optimizer, base_momentum)
            if last_epoch == -1:
                for m_max, m_base, group in zip(max_ms, base_ms, optimizer.param_groups):
                    self._set_momentum(group, m_max)
                    group["max_momentum"] = m_max
                    group["base_momentum"] = m_base
        super().__init__(optimizer, last_epoch)

    def _set_momentum(self, group: dict[str, Any], value: float) -> None:
        if self.use_beta1:
            group["betas"] = (value, *group["betas"][1:])
        else:
            group["momentum"] = value

    def _anneal(self, start: float, end: float, pct: float) -> float:
        if self._anneal_func_type == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self) -> list[float]:
        """Find this step's phase, anneal lr (and momentum) between the phase's end points."""
        step = self.last_epoch
        if step > self.total_steps:
            raise ValueError(
                f"Tried to step {step} times. The specified number of total steps is {self.total_steps}"
            )
        lrs = []
        for group in self.optimizer.param_groups:
            start_step = 0.0
            for i, phase in enumerate(self._schedule_phases):
                end_step = phase["end_step"]
                if step <= end_step or i == len(self._schedule_phases) - 1:
                    pct = (step - start_step) / (end_step - start_step)
                    lr = self._anneal(group[phase["start_lr"]], group[phase["end_lr"]], pct)
                    if self.cycle_momentum:
                        momentum = self._anneal(group[phase["start_momentum"]],
                                                group[phase["end_momentum"]], pct)
                    break
                start_step = phase["end_step"]
            lrs.append(lr)
            if self.cycle_momentum:
                self._set_momentum(group, momentum)
        return lrs


class CyclicLR(LRScheduler):
    """Cycles the learning rate of each group between ``base_lr`` and ``max_lr`` (cyclical learning rates).

    Smith (2017). A cycle is ``step_size_up`` steps up and ``step_size_down`` steps down; the
    amplitude is scaled per cycle (``'triangular'``: 1, ``'triangular2'``: halved each cycle), per
    step (``'exp_range'``: ``gamma ** step``), or by ``scale_fn``. Step it once per batch. With
    ``cycle_momentum`` the momentum (or beta1) moves the opposite way.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        base_lr (float or list of float): the lower bound of the cycle, or one per group.
        max_lr (float or list of float): the upper bound of the cycle, or one per group.
        step_size_up (int, optional): the number of steps in the increasing half. Default: ``2000``.
        step_size_down (int, optional): the number of steps in the decreasing half; ``None`` means
            ``step_size_up``. Default: ``None``.
        mode (str, optional): ``'triangular'``, ``'triangular2'`` or ``'exp_range'`` (ignored when
            ``scale_fn`` is given). Default: ``'triangular'``.
        gamma (float, optional): the base of ``'exp_range'``'s scaling. Default: ``1.0``.
        scale_fn (callable, optional): a custom scaling of the amplitude, of one argument, in
            ``[0, 1]``. Default: ``None``.
        scale_mode (str, optional): ``'cycle'`` or ``'iterations'``: what ``scale_fn`` receives.
            Default: ``'cycle'``.
        cycle_momentum (bool, optional): cycle the momentum inversely to the lr (the optimizer needs
            a momentum or betas). Default: ``True``.
        base_momentum (float or list of float, optional): the lowest momentum. Default: ``0.8``.
        max_momentum (float or list of float, optional): the highest momentum. Default: ``0.9``.
        last_epoch (int, optional): the index of the last batch, to resume. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=0.1, momentum=0.9)
        >>> sched = optim.lr_scheduler.CyclicLR(opt, base_lr=0.1, max_lr=0.5, step_size_up=2)
        >>> lrs = []
        >>> for batch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.3, 0.5, 0.3, 0.1, 0.3]
    """

    def __init__(self, optimizer: Optimizer, base_lr: float | list[float], max_lr: float | list[float],
                 step_size_up: int = 2000, step_size_down: int | None = None, mode: str = "triangular",
                 gamma: float = 1.0, scale_fn: Callable[[float], float] | None = None, scale_mode: str = "cycle",
                 cycle_momentum: bool = True, base_momentum: float | list[float] = 0.8,
                 max_momentum: float | list[float] = 0.9, last_epoch: int = -1) -> None:
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        base_lrs = _per_group("base_lr", optimizer, base_lr)
        if last_epoch == -1:
            for lr, group in zip(base_lrs, optimizer.param_groups):
                group["lr"] = lr
        self.max_lrs = _per_group("max_lr", optimizer, max_lr)
        up = float(step_size_up)
        down = float(step_size_down) if step_size_down is not None else up
        self.total_size = up + down
        self.step_ratio = up / self.total_size
        if mode not in ("triangular", "triangular2", "exp_range") and scale_fn is None:
            raise ValueError("mode is invalid and scale_fn is None")
        self.mode = mode
        self.gamma = gamma
        self._scale_fn_custom = scale_fn
        self.scale_mode = scale_mode
        self._init_scale_fn()
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1 = _cycles_beta1(optimizer)
            self.base_momentums = _per_group("base_momentum", optimizer, base_momentum)
            self.max_momentums = _per_group("max_momentum", optimizer, max_momentum)
            if last_epoch == -1:
                for m_max, m_base, group in zip(self.max_momentums, self.base_momentums, optimizer.param_groups):
                    self._set_momentum(group, m_max)
                    group["max_momentum"] = m_max
                    group["base_momentum"] = m_base
        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs

    def _init_scale_fn(self) -> None:
        # The built-in modes fix scale_mode, as in PyTorch; a custom scale_fn keeps the one given.
        if self._scale_fn_custom is None and self.mode in ("triangular", "triangular2"):
            self.scale_mode = "cycle"
        elif self._scale_fn_custom is None and self.mode == "exp_range":
            self.scale_mode = "iterations"

    def scale_fn(self, x: float) -> float:
        """The amplitude's scale at cycle (or iteration) ``x``: the custom scale_fn or the mode's rule."""
        if self._scale_fn_custom is not None:
            return self._scale_fn_custom(x)
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return 1 / (2.0 ** (x - 1))
        return self.gamma**x

    def _set_momentum(self, group: dict[str, Any], value: float) -> None:
        if self.use_beta1:
            group["betas"] = (value, *group["betas"][1:])
        else:
            group["momentum"] = value

    def get_lr(self) -> list[float]:
        """Place ``last_epoch`` in its cycle, scale the amplitude, set lr (and momentum, inversely)."""
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle  # position within the cycle, in [0, 1)
        if x <= self.step_ratio:
            scale_factor = x / self.step_ratio
        else:
            scale_factor = (x - 1) / (self.step_ratio - 1)
        scale = self.scale_fn(cycle if self.scale_mode == "cycle" else self.last_epoch)
        lrs = [base + (top - base) * scale_factor * scale for base, top in zip(self.base_lrs, self.max_lrs)]
        if self.cycle_momentum:
            for group, m_base, m_max in zip(self.optimizer.param_groups, self.base_momentums, self.max_momentums):
                self._set_momentum(group, m_max - (m_max - m_base) * scale_factor * scale)
        return lrs

    def state_dict(self) -> dict[str, Any]:
        """PyTorch's layout; a custom scale_fn is kept only if it is a callable object (its ``__dict__``)."""
        state = {k: copy.deepcopy(v) for k, v in self.__dict__.items() if k not in ("optimizer", "_scale_fn_custom")}
        fn = self._scale_fn_custom
        state["_scale_fn_custom"] = None
        if fn is not None and not isinstance(fn, types.FunctionType):
            state["_scale_fn_custom"] = copy.deepcopy(fn.__dict__)
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the state; a saved callable scale_fn's attributes go back into the current one."""
        state = dict(state_dict)
        fn_state = state.pop("_scale_fn_custom", None)
        state.pop("_scale_fn_ref", None)
        self.__dict__.update(copy.deepcopy(state))
        if fn_state is not None and self._scale_fn_custom is not None:
            self._scale_fn_custom.__dict__.update(fn_state)
        self._init_scale_fn()


# ---- helpers -----------------------------------------------------------------------------------------
def _lambdas(optimizer: Optimizer, lr_lambda: Any) -> list:
    if not isinstance(lr_lambda, (list, tuple)):
        return [lr_lambda] * len(optimizer.param_groups)
    if len(lr_lambda) != len(optimizer.param_groups):
        raise ValueError(f"Expected {len(optimizer.param_groups)} lr_lambdas, but got {len(lr_lambda)}")
    return list(lr_lambda)


def _state_with_lambdas(sched: LRScheduler) -> dict[str, Any]:
    skip = ("optimizer", "lr_lambdas")
    state = {k: copy.deepcopy(v) for k, v in sched.__dict__.items() if k not in skip}
    state["lr_lambdas"] = [None if isinstance(fn, types.FunctionType) else copy.deepcopy(fn.__dict__)
                           for fn in sched.lr_lambdas]
    return state


def _load_with_lambdas(sched: LRScheduler, state_dict: dict[str, Any]) -> None:
    state = dict(state_dict)
    saved = state.pop("lr_lambdas")
    sched.__dict__.update(copy.deepcopy(state))
    for fn, d in zip(sched.lr_lambdas, saved):
        if d is not None:
            fn.__dict__.update(d)


def _state_with_children(sched: Any) -> dict[str, Any]:
    skip = ("optimizer", "_schedulers")
    state = {k: copy.deepcopy(v) for k, v in sched.__dict__.items() if k not in skip}
    state["_schedulers"] = [s.state_dict() for s in sched._schedulers]
    return state


def _load_with_children(sched: Any, state_dict: dict[str, Any]) -> None:
    state = dict(state_dict)
    children = state.pop("_schedulers")
    sched.__dict__.update(copy.deepcopy(state))
    for s, d in zip(sched._schedulers, children):
        s.load_state_dict(d)


def _check_schedulers(owner: Any, optimizer: Optimizer, schedulers: Sequence) -> None:
    name = type(owner).__name__
    if len(schedulers) < 1:
        raise ValueError(f"{name} expects at least one scheduler, but got no scheduler.")
    for i, s in enumerate(schedulers):
        if not hasattr(s, "optimizer"):
            raise TypeError(f"{name} at index {i} should have `optimizer` as its attribute.")
        if isinstance(s, ReduceLROnPlateau):
            raise ValueError(
                f"{name} does not support `ReduceLROnPlateau` scheduler as it requires additional kwargs "
                f"to be specified when calling `step`, but got one at index {i} in the given schedulers "
                "sequence."
            )
        if s.optimizer is not optimizer:
            raise ValueError(
                f"{name} expects all schedulers to belong to the same optimizer, but got scheduler "
                f"{type(s).__name__} at index {i} with a different optimizer."
            )
