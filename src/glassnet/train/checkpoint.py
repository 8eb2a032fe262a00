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
    """Write a training checkpoint atomically (a crash mid-write leaves the previous one intact)."""
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
    """Read a training checkpoint (refusing files that are not one)."""
    state = load(path)
    if not isinstance(state, dict) or state.get("kind") != KIND:
        raise ValueError(f"'{os.fspath(path)}' is a glassnet file but not a training checkpoint "
                         "(written by fit(checkpoint=...) or save_checkpoint)")
    return state


def restore_checkpoint(state: dict, *, model: Any, optimizer: Any, scheduler: Any = None, history: Any = None,
                       shuffle_generator: np.random.Generator | None = None) -> int:
    """Put a checkpoint's state back into fresh objects; return the epoch to continue from."""
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
