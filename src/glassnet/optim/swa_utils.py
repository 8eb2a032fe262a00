"""Weight averaging (SWA, EMA): ``AveragedModel``, ``update_bn`` and the ``SWALR`` schedule.

The counterpart of ``torch.optim.swa_utils`` (PyTorch 2.13), with its rules and ``state_dict``
layout. A typical SWA run trains as usual, then from some epoch on averages the weights after every
epoch and holds the learning rate near a constant::

    swa_model = AveragedModel(model)
    swa_scheduler = SWALR(opt, swa_lr=0.05)
    for epoch in range(epochs):
        train_one_epoch(model, opt)
        if epoch >= swa_start:
            swa_model.update_parameters(model)
            swa_scheduler.step()
    update_bn(loader, swa_model)   # BatchNorm statistics of the averaged weights

Where PyTorch picks a rule by device (its fused multi-tensor kernels on CUDA, a per-tensor rule on
the CPU), glassnet uses PyTorch's CPU rule everywhere, so results do not depend on the device.
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

from ..autograd import no_grad
from ..creation import tensor as _tensor
from ..dtypes import int64
from ..nn.instancenorm import _InstanceNorm
from ..nn.module import Module
from ..nn.normalization import _BatchNorm
from ..tensor import Tensor
from .lr_scheduler import LRScheduler, _check_optimizer, _per_group
from .optimizer import Optimizer

__all__ = ["AveragedModel", "update_bn", "SWALR", "get_ema_multi_avg_fn", "get_swa_multi_avg_fn",
           "get_ema_avg_fn", "get_swa_avg_fn"]

_ParamList = Sequence[Tensor]
_AvgFn = Callable[[Tensor, Tensor, "Tensor | int"], Tensor]
_MultiAvgFn = Callable[[_ParamList, _ParamList, "Tensor | int"], None]


def _check_decay(name: str, decay: float) -> None:
    # written as torch's two comparisons, so NaN passes here as it does there
    if decay < 0.0 or decay > 1.0:
        raise ValueError(f"{name}: Invalid decay value {decay} provided. Please provide a value in [0,1] range.")


def _lerp_(start: Tensor, end: Tensor, weight: float) -> None:
    """``start += weight * (end - start)`` in place, in the form torch's lerp kernel uses."""
    # torch anchors the formula at `end` once weight >= 0.5, so that weight 1 gives `end` exactly
    # (an EMA with decay 0 copies the model); the rounding then matches torch's too
    if abs(weight) < 0.5:
        start.copy_(start + weight * (end - start))
    else:
        start.copy_(end - (end - start) * (1 - weight))


def get_ema_multi_avg_fn(decay: float = 0.999) -> _MultiAvgFn:
    """Returns a function that applies an exponential moving average (EMA) to lists of tensors, in place.

    ``W_ema <- decay * W_ema + (1 - decay) * W_model`` for every pair; pass it as ``multi_avg_fn`` of
    :class:`AveragedModel`. Floating tensors are interpolated (``lerp``); integer ones (BatchNorm's
    ``num_batches_tracked`` with ``use_buffers=True``) get the same formula, truncated, as in PyTorch.

    Args:
        decay (float, optional): the decay rate, in [0, 1]. Default: ``0.999``.

    Returns:
        callable: ``fn(ema_params, model_params, num_averaged)``, updating ``ema_params`` in place.

    Example:
        >>> ema = [glassnet.tensor([0.0, 10.0])]
        >>> optim.swa_utils.get_ema_multi_avg_fn(0.9)(ema, [glassnet.tensor([1.0, 0.0])], 1)
        >>> ema[0]
        tensor([0.1000, 9.0000])
    """
    _check_decay("get_ema_multi_avg_fn", decay)

    def ema_update(ema_param_list: _ParamList, current_param_list: _ParamList, _: Tensor | int) -> None:
        with no_grad():
            if ema_param_list[0].is_floating_point():
                for p_ema, p_model in zip(ema_param_list, current_param_list, strict=True):
                    _lerp_(p_ema, p_model, 1 - decay)
            else:
                for p_ema, p_model in zip(ema_param_list, current_param_list, strict=True):
                    p_ema.copy_(p_ema * decay + p_model * (1 - decay))

    return ema_update


def get_swa_multi_avg_fn() -> _MultiAvgFn:
    """Returns a function that applies the stochastic weight average (SWA) to lists of tensors, in place.

    The running mean ``W_avg <- W_avg + (W_model - W_avg) / (n + 1)`` for every pair, where ``n``
    models are averaged so far; pass it as ``multi_avg_fn`` of :class:`AveragedModel`. As in PyTorch,
    a tensor ``n`` gives the weight ``1 / (n + 1)`` in float32 (PyTorch's multi-tensor form), and
    integer tensors are refused (PyTorch raises for them too).

    Returns:
        callable: ``fn(averaged_params, model_params, num_averaged)``, updating ``averaged_params`` in place.

    Example:
        >>> avg = [glassnet.tensor([0.0, 3.0])]
        >>> optim.swa_utils.get_swa_multi_avg_fn()(avg, [glassnet.tensor([3.0, 0.0])], 2)
        >>> avg[0]
        tensor([1., 2.])
    """

    def swa_update(averaged_param_list: _ParamList, current_param_list: _ParamList,
                   num_averaged: Tensor | int) -> None:
        if not averaged_param_list[0].is_floating_point():
            raise RuntimeError(
                f"get_swa_multi_avg_fn: cannot average tensors of dtype {averaged_param_list[0].dtype} in place "
                "(PyTorch refuses integer tensors here too); use avg_fn=get_swa_avg_fn(), which truncates, "
                "or use_buffers=False, which copies the buffers"
            )
        # torch computes 1 / (n + 1) from the int64 tensor, which gives a float32 weight
        weight = float((1 / (num_averaged + 1)).item()) if isinstance(num_averaged, Tensor) \
            else 1 / (num_averaged + 1)
        with no_grad():
            for p_avg, p_model in zip(averaged_param_list, current_param_list, strict=True):
                _lerp_(p_avg, p_model, weight)

    return swa_update


def get_ema_avg_fn(decay: float = 0.999) -> _AvgFn:
    """Returns a function giving the exponential moving average (EMA) of one tensor.

    ``decay * W_ema + (1 - decay) * W_model``; pass it as ``avg_fn`` of :class:`AveragedModel`.

    Args:
        decay (float, optional): the decay rate, in [0, 1]. Default: ``0.999``.

    Returns:
        callable: ``fn(ema_param, model_param, num_averaged)`` returning the new average.

    Example:
        >>> fn = optim.swa_utils.get_ema_avg_fn(0.9)
        >>> fn(glassnet.tensor([0.0, 10.0]), glassnet.tensor([1.0, 0.0]), 1)
        tensor([0.1000, 9.0000])
    """
    _check_decay("get_ema_avg_fn", decay)

    def ema_update(ema_param: Tensor, current_param: Tensor, num_averaged: Tensor | int) -> Tensor:
        with no_grad():
            return decay * ema_param + (1 - decay) * current_param

    return ema_update


def get_swa_avg_fn() -> _AvgFn:
    """Returns a function giving the stochastic weight average (SWA) of one tensor.

    The running mean ``W_avg + (W_model - W_avg) / (n + 1)``, where ``n`` models are averaged so far;
    pass it as ``avg_fn`` of :class:`AveragedModel` (it is also the default rule).

    Returns:
        callable: ``fn(averaged_param, model_param, num_averaged)`` returning the new average.

    Example:
        >>> fn = optim.swa_utils.get_swa_avg_fn()
        >>> fn(glassnet.tensor([0.0, 3.0]), glassnet.tensor([3.0, 0.0]), 2)
        tensor([1., 2.])
    """

    def swa_update(averaged_param: Tensor, current_param: Tensor, num_averaged: Tensor | int) -> Tensor:
        with no_grad():
            return averaged_param + (current_param - averaged_param) / (num_averaged + 1)

    return swa_update


def _group_by_device_and_dtype(pairs: list[tuple[Tensor, Tensor]]) -> list[tuple[list[Tensor], list[Tensor]]]:
    """Split (averaged, model) pairs into lists that share a device and a dtype, in order of first appearance."""
    groups: dict[tuple[str, Any], tuple[list[Tensor], list[Tensor]]] = {}
    for p_avg, p_model in pairs:
        averaged, model = groups.setdefault((str(p_avg.device), p_avg.dtype), ([], []))
        averaged.append(p_avg)
        model.append(p_model)
    return list(groups.values())


class AveragedModel(Module):
    """Keeps a running average of a model's parameters: Stochastic Weight Averaging (SWA) or an EMA.

    It holds a deep copy of ``model`` as ``self.module`` and the number of models averaged so far in
    the buffer ``n_averaged``; :meth:`update_parameters` folds the current weights of ``model`` in.
    The first update copies them; later ones apply ``avg_fn`` per tensor or ``multi_avg_fn`` per list
    of tensors of one dtype, by default the equally weighted running mean (SWA, Izmailov et al. 2018).
    Calling the averaged model runs the copy. Its ``state_dict`` has PyTorch's keys (``n_averaged``,
    ``module.<name>``), so checkpoints move between the two.

    With BatchNorm layers, either recompute their statistics for the averaged weights after training
    with :func:`update_bn`, or pass ``use_buffers=True`` to average the buffers with the parameters.

    Args:
        model (Module): the model whose weights are averaged.
        device (str or glassnet.device, optional): if given, the averaged copy lives there.
            Default: ``None`` (where ``model`` is).
        avg_fn (callable, optional): ``avg_fn(averaged, current, n_averaged)`` returning the new value
            of one tensor (see :func:`get_ema_avg_fn`). Default: ``None`` (the SWA running mean).
        multi_avg_fn (callable, optional): ``multi_avg_fn(averaged_list, current_list, n_averaged)``
            updating a list of tensors in place (see :func:`get_ema_multi_avg_fn`). At most one of
            ``avg_fn`` and ``multi_avg_fn`` may be given. Default: ``None``.
        use_buffers (bool, optional): average the buffers too (integer ones such as
            ``num_batches_tracked`` are truncated); otherwise they are copied from ``model`` at each
            update. Default: ``False``.

    Example:
        >>> model = nn.Linear(2, 1)
        >>> swa = optim.swa_utils.AveragedModel(model)
        >>> for value in (1.0, 2.0, 6.0):
        ...     with glassnet.no_grad():
        ...         _ = model.weight.fill_(value)
        ...     swa.update_parameters(model)
        >>> swa.module.weight, swa.n_averaged
        (Parameter containing:
        tensor([[3., 3.]], requires_grad=True), tensor(3))
        >>> list(swa.state_dict())
        ['n_averaged', 'module.weight', 'module.bias']
    """

    n_averaged: Tensor

    def __init__(self, model: Module, device: Any = None, avg_fn: _AvgFn | None = None,
                 multi_avg_fn: _MultiAvgFn | None = None, use_buffers: bool = False) -> None:
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            # torch raises AssertionError here; the type is kept so handlers written for it still work
            raise AssertionError("AveragedModel: only one of avg_fn and multi_avg_fn should be provided "
                                 f"(got avg_fn={avg_fn!r} and multi_avg_fn={multi_avg_fn!r})")
        self.module = copy.deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", _tensor(0, dtype=int64, device=device))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """Runs the averaged copy of the model.

        Args:
            *args: the positional inputs of the model.
            **kwargs: the keyword inputs of the model.

        Returns:
            Any: what the model returns.

        Example:
            >>> swa = optim.swa_utils.AveragedModel(nn.Linear(2, 3))
            >>> swa(glassnet.ones(4, 2)).shape
            glassnet.Size([4, 3])
        """
        return self.module(*args, **kwargs)

    def update_parameters(self, model: Module) -> None:
        """Folds the current parameters (and buffers) of ``model`` into the average.

        The first call copies them. Later calls apply ``avg_fn``, ``multi_avg_fn`` or the SWA running
        mean. Without ``use_buffers`` the buffers are copied from ``model``. ``n_averaged`` grows by one.

        Args:
            model (Module): a model of the same architecture as the one averaged (usually that model).

        Example:
            >>> model = nn.Linear(1, 1)
            >>> ema = optim.swa_utils.AveragedModel(model, multi_avg_fn=optim.swa_utils.get_ema_multi_avg_fn(0.5))
            >>> for value in (4.0, 0.0):
            ...     with glassnet.no_grad():
            ...         _ = model.weight.fill_(value)
            ...     ema.update_parameters(model)
            >>> ema.module.weight.item()
            2.0
        """
        if self.use_buffers:
            own: Iterable[Tensor] = itertools.chain(self.module.parameters(), self.module.buffers())
            theirs: Iterable[Tensor] = itertools.chain(model.parameters(), model.buffers())
        else:
            own, theirs = self.parameters(), model.parameters()
        n_averaged = int(self.n_averaged.item())
        with no_grad():
            # torch zips these without strict: the shorter list decides what is averaged
            pairs = [(p_avg.detach(), p_model.detach().to(p_avg.device)) for p_avg, p_model in zip(own, theirs)]
            if n_averaged == 0:
                for p_avg, p_model in pairs:
                    p_avg.copy_(p_model)
            elif n_averaged > 0 and self.multi_avg_fn is not None:
                for averaged, current in _group_by_device_and_dtype(pairs):
                    self.multi_avg_fn(averaged, current, self.n_averaged)
            elif n_averaged > 0:
                avg_fn = self.avg_fn if self.avg_fn is not None else get_swa_avg_fn()
                for p_avg, p_model in pairs:
                    p_avg.copy_(avg_fn(p_avg, p_model, self.n_averaged))
            if not self.use_buffers:
                # the buffers follow the source model rather than being averaged
                own_buffers, model_buffers = list(self.module.buffers()), list(model.buffers())
                if len(own_buffers) != len(model_buffers):
                    raise ValueError(f"AveragedModel.update_parameters: the model has {len(model_buffers)} "
                                     f"buffers, the averaged copy {len(own_buffers)}; they must match")
                for b_avg, b_model in zip(own_buffers, model_buffers):
                    b_avg.detach().copy_(b_model.detach().to(b_avg.device))
            self.n_averaged.add_(1)


def update_bn(loader: Iterable[Any], model: Module, device: Any = None) -> None:
    """Recomputes the BatchNorm running statistics of ``model`` with one pass over ``loader``.

    Every BatchNorm layer's running mean and variance are reset, then accumulated as a cumulative
    average over the batches (``momentum=None`` for the pass), which is what an averaged model needs
    after :meth:`AveragedModel.update_parameters`. Momenta and the training mode are restored
    afterwards; a model without BatchNorm is left untouched. Instance norms are not BatchNorm layers
    here, as in PyTorch.

    Args:
        loader (iterable): batches, each a tensor or a list/tuple whose first element is the input.
        model (Module): the model to update (an :class:`AveragedModel` or any module).
        device (str or glassnet.device, optional): if given, each batch is moved there first.
            Default: ``None``.

    Example:
        >>> model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
        >>> loader = [(glassnet.randn(8, 2), glassnet.zeros(8)) for _ in range(3)]
        >>> optim.swa_utils.update_bn(loader, model)
        >>> int(model[1].num_batches_tracked), model[1].momentum, model.training
        (3, 0.1, True)
    """
    momenta = {module: module.momentum for module in model.modules()
               if isinstance(module, _BatchNorm) and not isinstance(module, _InstanceNorm)}
    for module in momenta:
        module.reset_running_stats()
    if not momenta:
        return
    was_training = model.training
    model.train()
    for module in momenta:
        module.momentum = None
    try:
        with no_grad():
            for batch in loader:
                if isinstance(batch, (list, tuple)):
                    batch = batch[0]
                if device is not None:
                    batch = batch.to(device)
                model(batch)
    finally:
        # torch restores these only when the pass succeeds; restoring them always leaves no layer
        # stuck in cumulative mode after an error
        for module, momentum in momenta.items():
            module.momentum = momentum
        model.train(was_training)


class SWALR(LRScheduler):
    """Anneals the learning rate of each param group to a fixed value, ``swa_lr``, then holds it there.

    Over ``anneal_epochs`` steps the lr moves from its current value to ``swa_lr`` along
    ``alpha(t)`` (cosine: ``(1 - cos(pi t)) / 2``; linear: ``t``), ``t = step / anneal_epochs``:
    ``lr = swa_lr * alpha + lr_start * (1 - alpha)``. As in PyTorch the schedule is chainable: each
    step recovers ``lr_start`` from the group's current lr, so it takes over from any earlier
    scheduler. Meant for the averaging phase of Stochastic Weight Averaging (:class:`AveragedModel`).

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        swa_lr (float or list of float): the final learning rate, for all groups or one per group.
        anneal_epochs (int, optional): the number of annealing steps, ``>= 0``. Default: ``10``.
        anneal_strategy (str, optional): ``'cos'`` or ``'linear'``. Default: ``'cos'``.
        last_epoch (int, optional): the index of the last epoch. Default: ``-1``.

    Example:
        >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=1.0)
        >>> sched = optim.swa_utils.SWALR(opt, swa_lr=0.1, anneal_epochs=3, anneal_strategy="linear")
        >>> lrs = []
        >>> for epoch in range(5):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [1.0, 0.7, 0.4, 0.1, 0.1]
    """

    def __init__(self, optimizer: Optimizer, swa_lr: float | list[float], anneal_epochs: int = 10,
                 anneal_strategy: Literal["cos", "linear"] = "cos", last_epoch: int = -1) -> None:
        _check_optimizer(optimizer)
        # the groups get swa_lr before the other checks, as in torch
        for value, group in zip(_per_group("swa_lr", optimizer, swa_lr), optimizer.param_groups):
            group["swa_lr"] = value
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"SWALR: anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}")
        self._set_anneal_func(anneal_strategy)
        # torch's check: bool passes as an int
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"SWALR: anneal_epochs must be equal or greater than 0, got {anneal_epochs}")
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    @staticmethod
    def _linear_anneal(t: float) -> float:
        return t

    @staticmethod
    def _cosine_anneal(t: float) -> float:
        return (1 - math.cos(math.pi * t)) / 2

    @staticmethod
    def _get_initial_lr(lr: float, swa_lr: float, alpha: float) -> float:
        # invert lr = swa_lr * alpha + initial * (1 - alpha); at alpha 1 the start is no longer recoverable
        if alpha == 1:
            return swa_lr
        return (lr - alpha * swa_lr) / (1 - alpha)

    def _set_anneal_func(self, anneal_strategy: str) -> None:
        self._anneal_strategy = anneal_strategy
        self.anneal_func = self._cosine_anneal if anneal_strategy == "cos" else self._linear_anneal

    def get_lr(self) -> list[float]:
        """Computes the learning rate of each param group for the current step (called by :meth:`step`).

        The previous step's ``alpha`` recovers each group's starting lr from its current one, then the
        current ``alpha`` interpolates towards ``swa_lr``. Use :meth:`get_last_lr` to read the lr the
        last step set.

        Returns:
            list of float: one learning rate per param group.

        Example:
            >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=1.0)
            >>> sched = optim.swa_utils.SWALR(opt, swa_lr=0.5, anneal_epochs=0)
            >>> sched.get_last_lr()
            [0.5]
        """
        # _step_count is 1 during the step taken at construction
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        prev_t = max(0, min(1, (step - 1) / max(1, self.anneal_epochs)))
        prev_alpha = self.anneal_func(prev_t)
        prev_lrs = [self._get_initial_lr(group["lr"], group["swa_lr"], prev_alpha)
                    for group in self.optimizer.param_groups]
        t = max(0, min(1, step / max(1, self.anneal_epochs)))
        alpha = self.anneal_func(t)
        return [group["swa_lr"] * alpha + lr * (1 - alpha)
                for group, lr in zip(self.optimizer.param_groups, prev_lrs)]

    def state_dict(self) -> dict[str, Any]:
        """Returns the state of the scheduler as a dict: every attribute but the optimizer and the anneal function.

        Example:
            >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=1.0)
            >>> sd = optim.swa_utils.SWALR(opt, swa_lr=0.1).state_dict()
            >>> sd['_anneal_strategy'], sd['anneal_epochs'], 'anneal_func' in sd
            ('cos', 10, False)
        """
        return {k: copy.deepcopy(v) for k, v in self.__dict__.items() if k not in ("optimizer", "anneal_func")}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Loads the scheduler's state saved by :meth:`state_dict` (also PyTorch's SWALR state) and its anneal function.

        Args:
            state_dict (dict): scheduler state, as returned by :meth:`state_dict`.

        Example:
            >>> opt = optim.SGD([nn.Parameter(glassnet.zeros(1))], lr=1.0)
            >>> sched = optim.swa_utils.SWALR(opt, swa_lr=0.1)
            >>> sched.load_state_dict({**sched.state_dict(), '_anneal_strategy': 'linear'})
            >>> sched.anneal_func(0.25)
            0.25
        """
        self.__dict__.update(copy.deepcopy(state_dict))
        self._set_anneal_func(self._anneal_strategy)
