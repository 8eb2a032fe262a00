"""fit / evaluate / predict: Keras's training loop over a PyTorch-style model, optimizer and data.

The whole loop is the classic five lines per batch (forward, loss, zero_grad, backward, step);
everything around it is bookkeeping a learner can ignore: running metrics, callbacks, the
progress display, learning-rate schedules and checkpoints for exact resumption.

Schedulers: ``scheduler.step()`` runs once per epoch after validation; ``ReduceLROnPlateau`` gets
``val_loss`` (``loss`` without validation data); ``OneCycleLR`` and ``CyclicLR`` are stepped after
every batch instead, as PyTorch intends them. ``scheduler`` may also be a factory
``lambda opt: StepLR(opt, 10)``, handy when the optimizer is given by name.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .. import backend
from ..autograd.grad_mode import no_grad
from ..energy.recorder import EnergyRecorder
from ..tensor import Tensor
from . import data_parallel
from .callbacks import Callback, CallbackList, History
from .checkpoint import load_checkpoint, restore_callbacks, restore_checkpoint, save_checkpoint
from .inputs import WeightedDataset, as_loader, num_samples, shuffle_generator, split_batch, with_sample_weight
from .metrics import Mean, Metric, get_metric
from .progress import Progress
from .resolve import (
    loss_kind,
    resolve_loss,
    resolve_optimizer,
    resolve_scheduler,
    steps_per_batch,
    wants_metric_value,
)

DEFAULT_METRICS = ("accuracy",)


def fit(model: Any, train: Any, val: Any = None, *, loss: Any, optimizer: Any, epochs: int,
        batch_size: int = 32, metrics: Sequence[Any] = DEFAULT_METRICS, callbacks: Iterable[Callback] = (),
        scheduler: Any = None, device: Any = None, verbose: int = 1, shuffle: bool = True,
        resume_from: Any = None, checkpoint: Any = None, seed: int | None = None,
        lr: float | None = None, sample_weight: Any = None) -> History:
    """Trains ``model`` for ``epochs`` epochs, Keras style; returns a :class:`History` of the epochs' logs.

    Each batch runs the classic five steps (forward, loss, ``zero_grad``, ``backward``, ``step``);
    around them ``fit`` keeps running metrics, calls the callbacks, shows progress, steps the
    learning-rate scheduler and writes checkpoints. After each epoch the model is evaluated on
    ``val`` (if given) in eval mode without gradients; the logs then hold ``loss``, the metrics,
    their ``val_`` twins and ``lr``.

    Started by ``mpiexec -n N`` (N > 1), every process runs ``fit`` and they train one model together:
    each rank reads its shard of the data (a DistributedSampler), the gradients are averaged
    (DistributedDataParallel), the logs are reduced over all ranks, and only rank 0 shows progress and
    writes the checkpoint. ``batch_size`` is per rank: the effective batch is ``N * batch_size``.

    Args:
        model (Module): the model to train (in place).
        train: the training data: a Dataset, a DataLoader, or a tuple ``(X, y)`` of tensors or arrays.
        val (optional): the validation data, in the same forms. Default: ``None``.
        loss: a loss module, a function ``loss(output, target)`` or a name (``'cross_entropy'``,
            ``'mse'``, ``'bce_with_logits'``, ...).
        optimizer: an Optimizer, or a name (``'adam'``, ``'sgd'``, ...) built on the model's
            parameters with ``lr``.
        epochs (int): the number of epochs to train for (in total, when resuming).
        batch_size (int, optional): the batch size when ``train``/``val`` are not DataLoaders. Default: ``32``.
        metrics (sequence, optional): metric names, Metric objects or functions ``fn(y_true, y_pred)``;
            the default is dropped for regression losses. Default: ``('accuracy',)``.
        callbacks (iterable of Callback, optional): callbacks to call during training. Default: ``()``.
        scheduler (optional): an LR scheduler, or a factory ``lambda opt: StepLR(opt, 10)``; it is
            stepped once per epoch after validation (``ReduceLROnPlateau`` gets ``val_loss``,
            ``OneCycleLR`` and ``CyclicLR`` are stepped after every batch). Default: ``None``.
        device (optional): the device the batches are moved to. Default: ``None`` (as they are).
        verbose (int, optional): 0 silent, 1 a progress bar, 2 one line per epoch. Default: ``1``.
        shuffle (bool, optional): shuffle the training data each epoch (when not a DataLoader).
            Default: ``True``.
        resume_from (str or os.PathLike, optional): a checkpoint written by ``checkpoint=``: the run
            continues from it and ends with the same parameters as an uninterrupted one. Default: ``None``.
        checkpoint (str or os.PathLike, optional): write a resumable checkpoint there after every
            epoch (atomically). Default: ``None``.
        seed (int, optional): seeds glassnet's generator and the shuffle order. Default: ``None``.
        lr (float, optional): the learning rate of an optimizer given by name. Default: ``None``.
        sample_weight (array-like, optional): one weight per training sample (``train`` a Dataset or a
            tuple); each batch's loss is then the weighted mean ``sum(w * l) / sum(w)`` of the per-sample
            losses, computed with the loss's ``reduction='none'``. Default: ``None`` (all weights equal).

    Returns:
        History: ``history.history`` maps each log name to its list of per-epoch values;
        ``history.energy`` holds the wall and CPU seconds, FLOPs, energy and CO2e of the training
        (see :class:`glassnet.energy.EnergyRecorder`).

    Example:
        >>> x = glassnet.randn(64, 4)
        >>> y = (x[:, 0] > 0).long()
        >>> model = nn.Linear(4, 2)
        >>> history = glassnet.train.fit(model, (x, y), loss='cross_entropy', optimizer='sgd', lr=0.5,
        ...                              epochs=3, verbose=0)
        >>> history
        History(epochs=3, keys=['loss', 'accuracy', 'lr'])
        >>> [round(a, 2) for a in history.history['accuracy']]
        [0.56, 0.84, 0.94]
    """
    backend.tune_allocator()  # a training loop's temporaries: kept, not returned to the OS every step
    if not isinstance(epochs, int) or epochs < 0:
        raise ValueError(f"fit: epochs must be a non-negative int, got {epochs!r}")
    rank, size = data_parallel.world()
    if rank != 0:  # only rank 0 shows progress and writes checkpoints; the others train in silence
        verbose, checkpoint = 0, None
    if seed is not None:
        backend.manual_seed(seed)
    loss_fn = resolve_loss(loss)
    kind = loss_kind(loss_fn)
    if device is not None:
        model.to(device)
    opt = resolve_optimizer(optimizer, model, lr)
    sched = resolve_scheduler(scheduler, opt)
    per_batch = sched is not None and steps_per_batch(sched)

    # With a seed the loader owns its generator; without one it draws each epoch's order from the
    # global generator. Either way the checkpoint captures the state that decides the next epoch.
    gen = np.random.default_rng(seed) if seed is not None else None
    if sample_weight is not None:
        train = with_sample_weight(train, sample_weight)
        loss_fn = _weighted_loss(loss_fn)
    train_loader = as_loader(train, batch_size, shuffle, generator=gen, what="train")
    val_loader = as_loader(val, batch_size, False, what="val") if val is not None else None
    shuffle_gen = shuffle_generator(train_loader)
    net, reduce, shuffle_seed = model, None, None
    samples = num_samples(train_loader)

    names, train_metrics = _make_metrics(metrics, kind)
    _, val_metrics = _make_metrics(metrics, kind)

    history = History()
    start = 0
    resumed = None
    if resume_from is not None:
        resumed = load_checkpoint(resume_from)
        start = restore_checkpoint(resumed, model=model, optimizer=opt, scheduler=sched,
                                   history=history, shuffle_generator=shuffle_gen)
        written_by = ((resumed.get("config") or {}).get("processes")) or 1
        if written_by != size and verbose:
            # Weights, optimizer state and epoch carry over; the shards and the effective batch cannot.
            print(f"fit: resuming a checkpoint written by {written_by} process{'es' if written_by > 1 else ''} "
                  f"with {size}: training continues from epoch {start + 1}, but the data order and the effective "
                  f"batch differ, so it will not repeat the original run step for step", flush=True)
    if size > 1:
        from ..distributed import DistributedDataParallel

        # The shards' order comes from one seed shared by the ranks; a resumed run reuses the saved one.
        saved = (resumed or {}).get("config") or {}
        shuffle_seed = data_parallel.shared_seed(seed if seed is not None else saved.get("shuffle_seed"))
        train_loader = data_parallel.shard(train_loader, shuffle, shuffle_seed, rank, size)
        if val_loader is not None:
            val_loader = data_parallel.shard(val_loader, False, shuffle_seed, rank, size)
        samples = len(train_loader.sampler) * size
        reduce = data_parallel.reduce_metrics
        net = DistributedDataParallel(model)  # after resuming, so every rank starts from the same weights
    callbacks = list(callbacks)
    per_rank = getattr(train_loader, "batch_size", None) or batch_size
    params = {"epochs": epochs, "steps": _len_or_none(train_loader), "batch_size": batch_size,
              "verbose": verbose, "metrics": ["loss", *names], "world_size": size,
              "effective_batch_size": per_rank * size}
    cbs = CallbackList([history, *callbacks], model, opt, params)
    if hasattr(model, "stop_training"):
        model.stop_training = False
    progress = Progress(verbose, epochs, samples)
    if size > 1 and verbose:
        print(f"fit: {size} processes x batch {per_rank} = effective batch {per_rank * size}, "
              f"lr {opt.param_groups[0]['lr']:g} (gradients averaged over the {size} ranks)", flush=True)

    # Time, CPU time, FLOPs and energy of the whole training (validation passes included).
    recorder = EnergyRecorder().start()
    cbs.call("on_train_begin", None)
    if resumed is not None:  # after on_train_begin, which resets the callbacks' counters
        restore_callbacks(resumed, callbacks)
    try:
        for epoch in range(start, epochs):
            cbs.call("on_epoch_begin", epoch, None)
            epoch_lr = opt.param_groups[0]["lr"]
            progress.epoch_begin(epoch)
            data_parallel.set_epoch(train_loader, epoch)  # a DistributedSampler's order depends on it
            logs = _train_epoch(net, train_loader, loss_fn, opt, sched if per_batch else None,
                                dict(zip(names, train_metrics)), cbs, progress, device, reduce, size,
                                weighted=isinstance(train, WeightedDataset))
            if val_loader is not None:
                val_logs = _evaluate_loader(model, val_loader, loss_fn, dict(zip(names, val_metrics)), device,
                                            reduce)
                logs.update({f"val_{k}": v for k, v in val_logs.items()})
            logs["lr"] = epoch_lr
            if sched is not None and not per_batch:
                if wants_metric_value(sched):
                    sched.step(logs.get("val_loss", logs["loss"]))
                else:
                    sched.step()
            progress.epoch_end(epoch, logs)
            cbs.call("on_epoch_end", epoch, logs)
            if checkpoint is not None:
                save_checkpoint(checkpoint, model=model, optimizer=opt, epoch=epoch, scheduler=sched,
                                history=history, shuffle_generator=shuffle_gen, callbacks=callbacks,
                                config={"epochs": epochs, "batch_size": batch_size, "seed": seed,
                                        "shuffle_seed": shuffle_seed, "processes": size})
            stop = cbs.stop_training or getattr(model, "stop_training", False)
            if size > 1:
                stop = data_parallel.any_rank(stop)  # the ranks must leave the loop together
            if stop:
                break
    finally:
        progress.close()
        history.energy = recorder.stop()
        if net is not model:
            net._release()
    cbs.call("on_train_end", None)
    return history


def evaluate(model: Any, data: Any, *, loss: Any = None, metrics: Sequence[Any] = DEFAULT_METRICS,
             batch_size: int = 32, device: Any = None) -> dict[str, float]:
    """Computes the loss (if ``loss`` is given) and the metrics of ``model`` over ``data``, without gradients.

    The model is put in eval mode for the pass (and back in its previous mode after).

    Args:
        model (Module): the model.
        data: a Dataset, a DataLoader, or a tuple ``(X, y)`` of tensors or arrays.
        loss (optional): a loss module, function or name, as in :func:`fit`. Default: ``None``.
        metrics (sequence, optional): metric names, Metric objects or functions. Default: ``('accuracy',)``.
        batch_size (int, optional): the batch size when ``data`` is not a DataLoader. Default: ``32``.
        device (optional): the device the batches are moved to. Default: ``None``.

    Returns:
        dict: metric name -> value (``'loss'`` first when a loss is given).

    Example:
        >>> model = nn.Linear(2, 2)
        >>> _ = nn.init.eye_(model.weight), nn.init.zeros_(model.bias)
        >>> x, y = glassnet.tensor([[2.0, 0.0], [0.0, 3.0], [1.0, 0.5]]), glassnet.tensor([0, 1, 1])
        >>> glassnet.train.evaluate(model, (x, y), loss='cross_entropy')
        {'loss': 0.38319745659828186, 'accuracy': 0.6666666666666666}
    """
    loss_fn = resolve_loss(loss) if loss is not None else None
    kind = loss_kind(loss_fn) if loss_fn is not None else "classification"
    names, ms = _make_metrics(metrics, kind)
    return _evaluate_loader(model, as_loader(data, batch_size, False), loss_fn, dict(zip(names, ms)), device)


def predict(model: Any, data: Any, *, batch_size: int = 32, device: Any = None) -> Tensor:
    """Returns the model's outputs for every sample of ``data``, concatenated along dim 0 (eval mode, no gradients).

    Args:
        model (Module): the model.
        data: the inputs ``X`` (a tensor or array), a tuple ``(X, y)``, a Dataset or a DataLoader
            (targets, if any, are ignored).
        batch_size (int, optional): the batch size when ``data`` is not a DataLoader. Default: ``32``.
        device (optional): the device the batches are moved to. Default: ``None``.

    Returns:
        Tensor: the outputs, ``(N, *)``.

    Example:
        >>> model = nn.Linear(4, 3)
        >>> glassnet.train.predict(model, glassnet.randn(10, 4), batch_size=4).shape
        glassnet.Size([10, 3])
    """
    from .. import cat

    outputs = []
    with _eval_mode(model), no_grad():
        for batch in as_loader(data, batch_size, False):
            inputs, _ = split_batch(batch)
            outputs.append(model(*_to_device(inputs, device)))
    if not outputs:
        raise ValueError("predict: the data is empty")
    return cat(outputs, dim=0)


# ---- the loops ------------------------------------------------------------------------------
def _train_epoch(model: Any, loader: Any, loss_fn: Any, opt: Any, batch_scheduler: Any, metrics: dict,
                 cbs: CallbackList, progress: Progress, device: Any, reduce: Any = None, ranks: int = 1,
                 weighted: bool = False) -> dict:
    model.train()
    running = Mean("loss")
    for m in metrics.values():
        m.reset()
    for i, batch in enumerate(loader):
        weight = None
        if weighted:
            *batch, weight = batch
            weight = _to_device((weight,), device)[0]
        inputs, target = split_batch(batch)
        if target is None:
            raise ValueError("fit: training batches need a target: give (X, y) or a dataset of (x, y) pairs")
        inputs, target = _to_device(inputs, device), _to_device((target,), device)[0]
        cbs.call("on_batch_begin", i, None)

        output = model(*inputs)
        loss = loss_fn(output, target) if weight is None else loss_fn(output, target, weight)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if batch_scheduler is not None:
            batch_scheduler.step()

        n = len(target)
        value = loss.item()
        running.add(value, n)
        for m in metrics.values():
            m.update(target, output)
        cbs.call("on_batch_end", i, {"loss": value, "size": n})
        progress.batch_end(n * ranks, lambda: {**_results(running, metrics), **_optimizer_logs(opt)})
    if reduce is not None:
        reduce([running, *metrics.values()])
    return {**_results(running, metrics), **_optimizer_logs(opt)}


def _evaluate_loader(model: Any, loader: Any, loss_fn: Any, metrics: dict, device: Any, reduce: Any = None) -> dict:
    running = Mean("loss")
    for m in metrics.values():
        m.reset()
    with _eval_mode(model), no_grad():
        for batch in loader:
            inputs, target = split_batch(batch)
            if target is None:
                raise ValueError("evaluate: batches need a target: give (X, y) or a dataset of (x, y) pairs")
            inputs, target = _to_device(inputs, device), _to_device((target,), device)[0]
            output = model(*inputs)
            if loss_fn is not None:
                running.add(loss_fn(output, target).item(), len(target))
            for m in metrics.values():
                m.update(target, output)
    if reduce is not None:
        reduce([running, *metrics.values()])
    return _results(running if loss_fn is not None else None, metrics)


# ---- helpers --------------------------------------------------------------------------------
def _weighted_loss(loss_fn: Any) -> Any:
    """``loss(output, target, weight)``: the weighted mean of the per-sample losses of a loss module."""
    if not hasattr(loss_fn, "reduction"):
        raise TypeError(f"fit: sample_weight needs a loss module with a reduction (e.g. nn.CrossEntropyLoss()), "
                        f"got {type(loss_fn).__name__}")
    per_sample = copy.copy(loss_fn)
    per_sample.reduction = "none"

    def weighted(output: Any, target: Any, weight: Any) -> Any:
        losses = per_sample(output, target)
        if losses.dim() > 1:  # e.g. MSELoss on (N, k) outputs: one loss per sample first
            losses = losses.reshape(losses.shape[0], -1).mean(dim=1)
        return (losses * weight).sum() / weight.sum().clamp(min=1e-12)

    return weighted


def _optimizer_logs(opt: Any) -> dict:
    # a private optimizer (glassnet.privacy.DPOptimizer) reports the privacy budget spent so far
    logs = getattr(opt, "progress_logs", None)
    return logs() if callable(logs) else {}


def _results(running: Mean | None, metrics: dict) -> dict:
    out = {"loss": running.result()} if running is not None else {}
    out.update((k, float(m.result())) for k, m in metrics.items())
    return out


def _make_metrics(specs: Any, kind: str) -> tuple[list[str], list[Metric]]:
    if isinstance(specs, (str, Metric)) or callable(specs):
        specs = (specs,)
    if specs is DEFAULT_METRICS and kind == "regression":
        specs = ()  # accuracy of a regression is meaningless; ask for 'mae'/'r2' explicitly
    names, out = [], []
    for spec in specs:
        metric = get_metric(copy.deepcopy(spec) if isinstance(spec, Metric) else spec)
        if kind == "logits" and hasattr(metric, "threshold"):
            metric.threshold = 0.0  # outputs are logits: positive means class 1
        name = spec if isinstance(spec, str) else metric.name
        if name in names or name == "loss":
            raise ValueError(f"fit: metric name {name!r} is used twice")
        names.append(name)
        out.append(metric)
    return names, out


def _to_device(tensors: tuple, device: Any) -> tuple:
    if device is None:
        return tensors
    return tuple(t.to(device) if isinstance(t, Tensor) else t for t in tensors)


def _len_or_none(loader: Any) -> int | None:
    try:
        return len(loader)
    except TypeError:
        return None


class _eval_mode:  # noqa: N801 - used like a function: `with _eval_mode(model):`
    """Switch a model to eval mode for a block, then restore its previous mode."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def __enter__(self) -> None:
        self.was_training = getattr(self.model, "training", False)
        self.model.eval()

    def __exit__(self, *exc: Any) -> None:
        self.model.train(self.was_training)
