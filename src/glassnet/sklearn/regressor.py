"""NeuralNetRegressor: one or several continuous targets."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import RegressorMixin

from .net import NeuralNet


class NeuralNetRegressor(RegressorMixin, NeuralNet):
    """A scikit-learn regressor around a glassnet module; ``y`` of shape ``(n,)`` or ``(n, n_outputs)``.

    The default criterion is ``MSELoss``; ``predict`` returns ``(n,)`` when ``y`` was 1-D. The arguments
    are ``NeuralNet``'s.

    Args:
        module (type | callable | Module | None): the network, ``glassnet.models.MLP`` by default; its
            ``in_features`` and ``num_classes``/``out_features`` (the number of targets) are filled in from
            the data when not routed.
        criterion (type | Module | str | None): the loss. Default: ``MSELoss``.
        optimizer (type | str): optimizer class or name. Default: ``'adam'``.
        lr (float): learning rate. Default: ``0.01``.
        max_epochs (int): epochs per fit. Default: ``10``.
        batch_size (int): batch size (``-1``: all). Default: ``128``.
        train_split (float | None): validation fraction. Default: ``None``.
        device (str | None): device. Default: ``None``.
        callbacks (list | None): glassnet.train callbacks. Default: ``None``.
        verbose (int): progress display. Default: ``0``.
        warm_start (bool): continue training on fit. Default: ``False``.
        predict_nonlinearity (str | callable | None): unused by ``predict``; kept for skorch's signature.
        random_state (int | None): seed for reproducible fits. Default: ``None``.
        **kwargs: ``module__``, ``optimizer__`` and ``criterion__`` arguments.

    Example:
        >>> from glassnet.sklearn import NeuralNetRegressor
        >>> X = np.random.default_rng(0).normal(size=(64, 3)).astype(np.float32)
        >>> reg = NeuralNetRegressor(max_epochs=40, batch_size=16, module__hidden=(16,), random_state=0)
        >>> reg.fit(X, 2 * X[:, 0] - X[:, 1]).score(X, 2 * X[:, 0] - X[:, 1]) > 0.9
        True
    """

    _default_criterion = "mse"
    _classifier = False

    def _encode_targets(self, y: np.ndarray, reset: bool, classes: Any) -> np.ndarray:
        y = np.asarray(y, dtype=np.float32)
        cols = y.reshape(len(y), -1)
        if reset:
            self._y_ndim = y.ndim
            self._y_cols = cols.shape[1]
        elif cols.shape[1] != self._y_cols:
            raise ValueError(f"{type(self).__name__}: y has {cols.shape[1]} target column(s); the fitted "
                             f"module predicts {self._y_cols}")
        return cols

    def _n_outputs(self) -> int:
        return self._y_cols

    def predict(self, X: Any) -> np.ndarray:
        """Predicted targets: ``(n,)`` if ``y`` was 1-D in ``fit``, else ``(n, n_outputs)``.

        Args:
            X (array-like): inputs shaped as in ``fit``.

        Example:
            >>> from glassnet.sklearn import NeuralNetRegressor
            >>> X = np.ones((4, 2), np.float32)
            >>> NeuralNetRegressor(max_epochs=1).fit(X, X[:, 0]).predict(X).shape
            (4,)
        """
        out = self.forward(X).astype(np.float64)  # scikit-learn's checks expect float64 predictions
        if self.__dict__.get("_y_ndim", 2) == 1 and out.ndim == 2 and out.shape[1] == 1:
            return out[:, 0]
        return out

    def _more_tags(self) -> dict:  # scikit-learn < 1.6 reads tags from here
        return {"multioutput": True}

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
