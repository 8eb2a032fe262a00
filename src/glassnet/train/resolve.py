"""Turning fit's friendly arguments into objects: loss names, optimizer names, scheduler factories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LOSSES = {
    "cross_entropy": "CrossEntropyLoss", "crossentropy": "CrossEntropyLoss",
    "sparse_categorical_crossentropy": "CrossEntropyLoss",
    "nll": "NLLLoss", "nll_loss": "NLLLoss",
    "mse": "MSELoss", "mse_loss": "MSELoss", "mean_squared_error": "MSELoss",
    "l1": "L1Loss", "mae": "L1Loss", "l1_loss": "L1Loss", "mean_absolute_error": "L1Loss",
    "bce": "BCELoss", "binary_cross_entropy": "BCELoss",
    "bce_with_logits": "BCEWithLogitsLoss", "binary_cross_entropy_with_logits": "BCEWithLogitsLoss",
    "huber": "HuberLoss", "smooth_l1": "SmoothL1Loss",
}
REGRESSION_LOSSES = ("MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss")
LOGIT_LOSSES = ("BCEWithLogitsLoss",)

OPTIMIZERS = {"sgd": ("SGD", 0.01), "adam": ("Adam", 1e-3), "adamw": ("AdamW", 1e-3),
              "rmsprop": ("RMSprop", 1e-2), "adagrad": ("Adagrad", 1e-2)}

PER_BATCH_SCHEDULERS = ("OneCycleLR", "CyclicLR")


def resolve_loss(loss: Any) -> Callable:
    """A loss module or callable ``loss(output, target)`` from a name, a module or a function."""
    if isinstance(loss, str):
        from .. import nn

        key = loss.lower()
        if key not in LOSSES:
            raise ValueError(f"fit: unknown loss {loss!r}; known names: {sorted(LOSSES)}")
        cls = getattr(nn, LOSSES[key], None)
        if cls is None:
            raise ValueError(f"fit: loss {loss!r} needs glassnet.nn.{LOSSES[key]}, which is not available")
        return cls()
    if callable(loss):
        return loss
    raise TypeError(f"fit: loss must be a name, a module or a function, got {type(loss).__name__}")


def loss_kind(loss_fn: Any) -> str:
    """'regression', 'logits' (binary on logits) or 'classification': picks metric defaults."""
    name = type(loss_fn).__name__
    fn_name = getattr(loss_fn, "__name__", "")
    if name in REGRESSION_LOSSES or fn_name in ("mse_loss", "l1_loss", "huber_loss", "smooth_l1_loss"):
        return "regression"
    if name in LOGIT_LOSSES or fn_name == "binary_cross_entropy_with_logits":
        return "logits"
    return "classification"


def resolve_optimizer(optimizer: Any, model: Any, lr: float | None) -> Any:
    """An Optimizer from an instance, a name ('adam', 'sgd' ...) with ``lr``, or a factory(params)."""
    from .. import optim

    if isinstance(optimizer, optim.Optimizer):
        if lr is not None:
            raise ValueError("fit: lr= is only for an optimizer given by name; set it on the instance")
        return optimizer
    if isinstance(optimizer, str):
        key = optimizer.lower()
        if key not in OPTIMIZERS:
            raise ValueError(f"fit: unknown optimizer {optimizer!r}; known names: {sorted(OPTIMIZERS)}")
        cls_name, default_lr = OPTIMIZERS[key]
        return getattr(optim, cls_name)(model.parameters(), lr=default_lr if lr is None else lr)
    if callable(optimizer):
        return optimizer(model.parameters())
    raise TypeError(f"fit: optimizer must be an Optimizer, a name or a factory, "
                    f"got {type(optimizer).__name__}")


def resolve_scheduler(scheduler: Any, optimizer: Any) -> Any:
    """A scheduler instance, or one built by calling ``scheduler(optimizer)``."""
    if scheduler is None or hasattr(scheduler, "step"):
        return scheduler
    if callable(scheduler):
        return scheduler(optimizer)
    raise TypeError(f"fit: scheduler must be a scheduler or a factory(optimizer), "
                    f"got {type(scheduler).__name__}")


def steps_per_batch(scheduler: Any) -> bool:
    """True for schedulers PyTorch steps after every batch (OneCycleLR, CyclicLR)."""
    return type(scheduler).__name__ in PER_BATCH_SCHEDULERS


def wants_metric_value(scheduler: Any) -> bool:
    """True for ReduceLROnPlateau, whose step() takes the monitored value."""
    return type(scheduler).__name__ == "ReduceLROnPlateau"
