"""Training checkpoints: everything needed to continue a killed run exactly where it stopped.

A checkpoint is one safetensors file (``glassnet.save``, atomic) holding::

    {"model": state_dict, "optimizer": state_dict, "scheduler": state_dict or None,
     "epoch": last finished epoch (from 0), "history": History state,
     "callbacks": [{"class": name, "state": callback.state_dict()} for each callback passed to fit],
     "rng_state": {"glassnet": glassnet.get_rng_state(), "shuffle": shuffle generator state or None},
     "config": {"epochs", "batch_size", ...}}

Exactness needs every source of randomness: the global generator (initialisation, dropout, and
the per-epoch seed a DataLoader without its own generator draws) and the DataLoader's own shuffle
generator. With both restored, epoch k+1 of a resumed run sees the same batches and the same
dropout masks as epoch k+1 of an uninterrupted run, so the final parameters are bit-identical.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from .. import backend
from ..io import load, save

KIND = "glassnet-training-checkpoint"


def save_checkpoint(path: str | os.PathLike, *, model: Any, optimizer: Any, epoch: int, scheduler: Any = None,
                    history: Any = None, shuffle_generator: np.random.Generator | None = None,
                    config: dict | None = None, callbacks: Any = ()) -> None:
    """Writes a training checkpoint atomically: a crash mid-write leaves the previous one intact.

    The one safetensors file holds the model's, optimizer's and scheduler's state, the last finished
    epoch, the history, each callback's state, every random state (glassnet's generator and the
    shuffle generator) and ``config``, so :func:`fit` can continue the run exactly
    (``fit(..., resume_from=path)``). ``fit(checkpoint=path)`` calls it after every epoch.

    Args:
        path (str or os.PathLike): the file to write.
        model (Module): the model.
        optimizer (Optimizer): the optimizer.
        epoch (int): the last finished epoch (from 0).
        scheduler (LRScheduler, optional): the LR scheduler. Default: ``None``.
        history (History, optional): the history so far. Default: ``None``.
        shuffle_generator (numpy.random.Generator, optional): the DataLoader's shuffle generator.
            Default: ``None``.
        config (dict, optional): the run's settings (epochs, batch_size, ...). Default: ``None``.
        callbacks (iterable of Callback, optional): callbacks whose ``state_dict()`` is saved. Default: ``()``.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'ckpt.safetensors')
        >>> model = nn.Linear(2, 1)
        >>> opt = optim.SGD(model.parameters(), lr=0.1)
        >>> glassnet.train.save_checkpoint(path, model=model, optimizer=opt, epoch=4)
        >>> glassnet.train.load_checkpoint(path)['epoch']
        4
    """
    save({
        "kind": KIND,
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict() if scheduler is not None else None,
        "epoch": int(epoch),
        "history": history.state_dict() if history is not None else None,
        "callbacks": [{"class": type(cb).__name__, "state": cb.state_dict()} for cb in callbacks],
        "rng_state": {
            "glassnet": backend.get_rng_state(),
            "shuffle": shuffle_generator.bit_generator.state if shuffle_generator is not None else None,
        },
        "config": config or {},
    }, path)


def load_checkpoint(path: str | os.PathLike) -> dict:
    """Reads a training checkpoint written by :func:`save_checkpoint` (refusing glassnet files that are not one).

    Args:
        path (str or os.PathLike): the checkpoint file.

    Returns:
        dict: the checkpoint's contents (``'model'``, ``'optimizer'``, ``'epoch'``, ...), for
        :func:`restore_checkpoint`.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'ckpt.safetensors')
        >>> model = nn.Linear(2, 1)
        >>> glassnet.train.save_checkpoint(path, model=model, optimizer=optim.SGD(model.parameters()), epoch=0)
        >>> state = glassnet.train.load_checkpoint(path)
        >>> state['kind'], sorted(state['model'])
        ('glassnet-training-checkpoint', ['bias', 'weight'])
    """
    state = load(path)
    if not isinstance(state, dict) or state.get("kind") != KIND:
        raise ValueError(f"'{os.fspath(path)}' is a glassnet file but not a training checkpoint "
                         "(written by fit(checkpoint=...) or save_checkpoint)")
    return state


def restore_checkpoint(state: dict, *, model: Any, optimizer: Any, scheduler: Any = None, history: Any = None,
                       shuffle_generator: np.random.Generator | None = None) -> int:
    """Puts a checkpoint's state back into fresh objects and returns the epoch to continue from.

    The model, optimizer, scheduler and history get their saved state, and glassnet's generator (and
    ``shuffle_generator``) their saved random state, so the continued run draws the same batches and
    dropout masks as an uninterrupted one.

    Args:
        state (dict): a checkpoint from :func:`load_checkpoint`.
        model (Module): the model to restore.
        optimizer (Optimizer): the optimizer to restore.
        scheduler (LRScheduler, optional): the scheduler to restore (the checkpoint must hold one).
            Default: ``None``.
        history (History, optional): the history to restore. Default: ``None``.
        shuffle_generator (numpy.random.Generator, optional): the shuffle generator to restore.
            Default: ``None``.

    Returns:
        int: the first epoch still to run.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'ckpt.safetensors')
        >>> model = nn.Linear(2, 1)
        >>> glassnet.train.save_checkpoint(path, model=model, optimizer=optim.SGD(model.parameters()), epoch=4)
        >>> fresh = nn.Linear(2, 1)
        >>> glassnet.train.restore_checkpoint(glassnet.train.load_checkpoint(path), model=fresh,
        ...                                   optimizer=optim.SGD(fresh.parameters()))
        5
        >>> fresh.weight.equal(model.weight)
        True
    """
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    if scheduler is not None:
        if state.get("scheduler") is None:
            raise ValueError("resume: the run now has a scheduler but the checkpoint holds none")
        scheduler.load_state_dict(state["scheduler"])
    if history is not None and state.get("history") is not None:
        history.load_state_dict(state["history"])
    rng = state["rng_state"]
    backend.set_rng_state(rng["glassnet"])
    if shuffle_generator is not None and rng.get("shuffle") is not None:
        shuffle_generator.bit_generator.state = rng["shuffle"]
    return int(state["epoch"]) + 1


def restore_callbacks(state: dict, callbacks: Any) -> None:
    """Give each callback its saved state (EarlyStopping's counters ...): the k-th callback of a class gets
    the state of the k-th saved one of that class; callbacks the checkpoint lacks start fresh."""
    saved: dict[str, list] = {}
    for entry in state.get("callbacks") or []:
        saved.setdefault(entry["class"], []).append(entry["state"])
    for cb in callbacks:
        queue = saved.get(type(cb).__name__)
        if queue:
            cb.load_state_dict(queue.pop(0))
