"""History: what fit returns; ``history.history['val_loss']`` is the validation loss of each epoch."""

from __future__ import annotations

from typing import Any

from .base import Callback


class History(Callback):
    """Records every epoch's logs: ``history`` (name -> list of per-epoch values) and ``epoch`` (the epoch indices).

    :func:`fit` returns one; ``history.history['val_loss']`` is the validation loss of each epoch,
    and ``history.plot()`` draws the learning curves.

    Example:
        >>> x, y = glassnet.randn(16, 3), glassnet.randn(16, 1)
        >>> history = glassnet.train.fit(nn.Linear(3, 1), (x, y), loss='mse', optimizer='sgd', lr=0.1,
        ...                              epochs=2, verbose=0)
        >>> history.epoch, sorted(history.history)
        ([0, 1], ['loss', 'lr'])
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []
        self.energy: dict | None = None  # fit's time, FLOPs, energy and CO2e (glassnet.energy.EnergyRecorder)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Appends this epoch's values to ``history`` and its index to ``epoch``.

        Args:
            epoch (int): the index of the epoch.
            logs (dict, optional): the epoch's logs. Default: ``None``.
        """
        self.epoch.append(epoch)
        for k, v in (logs or {}).items():
            self.history.setdefault(k, []).append(v)

    def state_dict(self) -> dict:
        """The recorded values, for a checkpoint."""
        return {"history": {k: list(v) for k, v in self.history.items()}, "epoch": list(self.epoch)}

    def load_state_dict(self, state: dict) -> None:
        """Restores the values recorded before a resume.

        Args:
            state (dict): what :meth:`state_dict` returned.
        """
        self.history = {k: list(v) for k, v in state["history"].items()}
        self.epoch = list(state["epoch"])

    def plot(self, path: Any = None, title: str | None = None, figure: Any = None) -> Any:
        """Draws loss (and accuracy) per epoch for train and validation: a Figure, or a PNG written to ``path``.

        Draws on a new Figure without pyplot (the notebook's backend stays as it is; Jupyter shows the
        returned Figure), or into ``figure`` if given.

        Args:
            path (str or os.PathLike, optional): write the plot there as a PNG (atomically) instead of
                returning a Figure. Default: ``None``.
            title (str, optional): the figure's title. Default: ``None``.
            figure (matplotlib.figure.Figure, optional): draw into this figure. Default: ``None``.

        Returns:
            matplotlib.figure.Figure, or the ``pathlib.Path`` written when ``path`` is given.

        Example:
            >>> x, y = glassnet.randn(16, 3), glassnet.randint(0, 2, (16,))
            >>> history = glassnet.train.fit(nn.Linear(3, 2), (x, y), (x, y), loss='cross_entropy',
            ...                              optimizer='sgd', epochs=2, verbose=0)
            >>> fig = history.plot()  # in a notebook: the curves appear below the cell
            >>> [ax.get_ylabel() for ax in fig.axes]
            ['Loss', 'Accuracy']
            >>> import os, tempfile
            >>> history.plot(os.path.join(tempfile.mkdtemp(), 'curves.png')).name  # or a file
            'curves.png'
        """
        from ...inspect.curves import learning_curves_figure, plot_learning_curves

        if path is not None:
            return plot_learning_curves(self, path, title=title)
        return learning_curves_figure(self, title=title, figure=figure)

    def _repr_html_(self) -> str:
        """Jupyter's display: one row per epoch."""
        from ...inspect.html import history_html

        return history_html(self)

    def __repr__(self) -> str:
        return f"History(epochs={len(self.epoch)}, keys={list(self.history)})"
