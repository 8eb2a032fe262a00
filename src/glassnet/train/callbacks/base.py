"""Callback: hooks fit() calls at the start and end of training, of each epoch and of each batch.

Keras's protocol. ``logs`` is a dict of floats: at an epoch's end it holds ``'loss'``, the metrics,
their ``'val_'`` twins and ``'lr'``. A callback stops training by setting ``self.stop_training = True``
(``self.model.stop_training = True`` works too, as in Keras).
"""

from __future__ import annotations

from typing import Any


class Callback:
    """Base class of the callbacks: override the hooks you need; :func:`fit` sets ``model`` and ``optimizer``.

    The hooks are Keras's: ``on_train_begin``/``on_train_end``, ``on_epoch_begin``/``on_epoch_end``
    and ``on_batch_begin``/``on_batch_end``, each called with an index (not for train) and ``logs``,
    a dict of floats; at an epoch's end it holds ``'loss'``, the metrics, their ``'val_'`` twins and
    ``'lr'``. Before training, :func:`fit` also sets ``params`` (epochs, steps, batch_size, verbose,
    metrics). A callback stops training by setting ``self.stop_training = True``. A callback with
    state to keep across a resumed run defines ``state_dict()`` and ``load_state_dict()``.

    Example:
        >>> class PrintLoss(glassnet.train.Callback):
        ...     def on_epoch_end(self, epoch, logs=None):
        ...         print(epoch, round(logs['loss'], 3))
        >>> x, y = glassnet.randn(16, 3), glassnet.randn(16, 1)
        >>> _ = glassnet.train.fit(nn.Linear(3, 1), (x, y), loss='mse', optimizer='sgd', lr=0.1, epochs=2,
        ...                        callbacks=[PrintLoss()], verbose=0)
        0 1.354
        1 1.198
    """

    def __init__(self) -> None:
        self.model: Any = None
        self.optimizer: Any = None
        self.params: dict = {}
        self.stop_training = False

    def set_model(self, model: Any) -> None:
        """Called by fit before training with the model being trained.

        Args:
            model (Module): the model.
        """
        self.model = model

    def set_optimizer(self, optimizer: Any) -> None:
        """Called by fit before training with the optimizer in use.

        Args:
            optimizer (Optimizer): the optimizer.
        """
        self.optimizer = optimizer

    def set_params(self, params: dict) -> None:
        """Called by fit with the run's settings (epochs, steps, batch_size, verbose, metrics).

        Args:
            params (dict): the settings.
        """
        self.params = params

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Called before the first epoch.

        Args:
            logs (dict, optional): fit passes ``None`` (kept for Keras's signature). Default: ``None``.
        """

    def on_train_end(self, logs: dict | None = None) -> None:
        """Called after the last epoch (or after an early stop).

        Args:
            logs (dict, optional): fit passes ``None``. Default: ``None``.
        """

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Called before each epoch (epochs count from 0).

        Args:
            epoch (int): the index of the epoch.
            logs (dict, optional): fit passes ``None``. Default: ``None``.
        """

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Called after each epoch, with its training and validation logs.

        Args:
            epoch (int): the index of the epoch.
            logs (dict, optional): ``'loss'``, the metrics, their ``'val_'`` twins and ``'lr'``. Default: ``None``.
        """

    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Called before each training batch.

        Args:
            batch (int): the index of the batch in the epoch.
            logs (dict, optional): fit passes ``None``. Default: ``None``.
        """

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Called after each training batch, with ``{'loss', 'size'}``.

        Args:
            batch (int): the index of the batch in the epoch.
            logs (dict, optional): the batch's loss and its number of samples. Default: ``None``.
        """

    def state_dict(self) -> dict:
        """What a training checkpoint must keep so a resumed run continues this callback exactly."""
        return {}

    def load_state_dict(self, state: dict) -> None:
        """Takes back a ``state_dict()``; fit calls it after ``on_train_begin`` when resuming.

        Args:
            state (dict): what :meth:`state_dict` returned in the interrupted run.
        """


class CallbackList:
    """Calls every callback's hook in order (the one object fit talks to)."""

    def __init__(self, callbacks: list[Callback], model: Any, optimizer: Any, params: dict) -> None:
        self.callbacks = list(callbacks)
        for cb in self.callbacks:
            if not isinstance(cb, Callback):
                raise TypeError(f"fit: callbacks must be Callback instances, got {type(cb).__name__}")
            cb.set_model(model)
            cb.set_optimizer(optimizer)
            cb.set_params(params)
            cb.stop_training = False

    def __iter__(self):
        return iter(self.callbacks)

    @property
    def stop_training(self) -> bool:
        """True once any callback asked to stop."""
        return any(cb.stop_training for cb in self.callbacks)

    def call(self, hook: str, *args: Any) -> None:
        """Run one hook on every callback."""
        for cb in self.callbacks:
            getattr(cb, hook)(*args)
