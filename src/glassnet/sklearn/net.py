"""NeuralNet: the scikit-learn estimator protocol around a glassnet module, with skorch's argument names.

scikit-learn's conventions decide the shape of the class: ``__init__`` stores every argument unchanged
(``clone`` rebuilds an estimator from ``get_params``), everything learned gets a trailing underscore
(``module_``, ``optimizer_``, ``history_``) and is made in ``fit``. skorch's conventions decide the names:
``module``, ``criterion``, ``optimizer``, ``lr``, ``max_epochs``, ``batch_size``, ``train_split``, and
``module__<name>`` / ``optimizer__<name>`` / ``criterion__<name>`` routed to the object they prefix.
The training itself is ``glassnet.train.fit``.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from ..backend import get_rng_state, manual_seed, set_rng_state
from ..train.callbacks import History
from ..train.fit import fit as train_fit
from ..train.fit import predict as train_predict
from ..train.resolve import LOSSES, OPTIMIZERS
from .weighted_loss import WeightedLoss

ROUTED = ("module__", "optimizer__", "criterion__")

# Module arguments filled in from the data when the module takes them and the user did not route them.
FEATURE_ARGS = ("in_features",)
OUTPUT_ARGS = ("num_classes", "out_features")

try:  # scikit-learn >= 1.6
    from sklearn.utils.validation import validate_data as _validate_data
except ImportError:  # pragma: no cover - scikit-learn 1.3 to 1.5
    def _validate_data(estimator: Any, *args: Any, **kwargs: Any) -> Any:
        return estimator._validate_data(*args, **kwargs)


def _is_loss(criterion: Any, class_name: str, function_name: str) -> bool:
    """Whether ``criterion`` is the loss module ``class_name`` or the function ``function_name``."""
    return type(criterion).__name__ == class_name or getattr(criterion, "__name__", "") == function_name


class NeuralNet(BaseEstimator):
    """The shared base of ``NeuralNetClassifier`` and ``NeuralNetRegressor`` (use one of those).

    Args:
        module (type | callable | Module | None): a Module class or factory, called with the
            ``module__`` arguments; or a Module instance, used as it is (trained further by every fit).
            Its ``in_features`` and ``num_classes``/``out_features`` arguments, when it has them and they
            are not routed, are filled in from the data. ``None``: ``glassnet.models.MLP``.
        criterion (type | Module | str | callable | None): the loss: a class (built with the
            ``criterion__`` arguments), an instance, a name ('cross_entropy', 'mse' ...) or a function
            taking ``reduction=``. ``None``: the subclass's default.
        optimizer (type | str): an optimizer class (built with ``lr`` and the ``optimizer__`` arguments)
            or a name ('adam', 'sgd' ...). Default: ``'adam'`` (skorch's is SGD).
        lr (float): learning rate. Default: ``0.01``.
        max_epochs (int): epochs per ``fit`` / ``partial_fit`` call. Default: ``10``.
        batch_size (int): samples per batch; ``-1`` for the whole training set. Default: ``128``.
        train_split (float | None): fraction of the samples held out for validation (stratified for a
            classifier when it can be); ``history_`` then also has ``val_loss``. Default: ``None``.
        device (str | None): where the module runs. Default: ``None`` (where it is).
        callbacks (list | None): glassnet.train callbacks (``EarlyStopping`` ...). Default: ``None``.
        verbose (int): fit's progress display (0 silent). Default: ``0``.
        warm_start (bool): let ``fit`` continue from the fitted module instead of starting over.
            Default: ``False``.
        predict_nonlinearity (str | callable | None): applied to the outputs by ``predict_proba``;
            ``'auto'`` is a softmax after ``CrossEntropyLoss``. Default: ``'auto'``.
        random_state (int | None): seeds the initial weights and the batch order, so two fits agree
            (glassnet's global generator is restored afterwards). Default: ``None``.
        **kwargs: ``module__<name>``, ``optimizer__<name>`` and ``criterion__<name>`` arguments.

    Example:
        >>> from glassnet.sklearn import NeuralNetRegressor
        >>> net = NeuralNetRegressor(max_epochs=3, module__hidden=(8,))
        >>> net.get_params()["module__hidden"]
        (8,)
    """

    _default_criterion: Any = "mse"
    _classifier = False

    def __init__(self, module: Any = None, criterion: Any = None, optimizer: Any = "adam", lr: float = 0.01,
                 max_epochs: int = 10, batch_size: int = 128, train_split: float | None = None,
                 device: Any = None, callbacks: Any = None, verbose: int = 0, warm_start: bool = False,
                 predict_nonlinearity: Any = "auto", random_state: Any = None, **kwargs: Any) -> None:
        self.module = module
        self.criterion = criterion
        self.optimizer = optimizer
        self.lr = lr
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.train_split = train_split
        self.device = device
        self.callbacks = callbacks
        self.verbose = verbose
        self.warm_start = warm_start
        self.predict_nonlinearity = predict_nonlinearity
        self.random_state = random_state
        # Checked in initialize, not here: scikit-learn's rule is that __init__ only stores its arguments.
        # Private, so that scikit-learn's checks see only the signature's arguments as attributes;
        # get_params and __getattr__ expose them as skorch does.
        self._routed = dict(kwargs)

    # ---- parameters -----------------------------------------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        routed = self.__dict__.get("_routed", {})
        if name in routed:
            return routed[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def get_params(self, deep: bool = True) -> dict:
        """The constructor's arguments, the routed ``module__``/``optimizer__``/``criterion__`` ones included.

        Args:
            deep (bool): also list the parameters of nested estimators. Default: ``True``.

        Example:
            >>> from glassnet.sklearn import NeuralNetClassifier
            >>> NeuralNetClassifier(lr=0.1, optimizer__momentum=0.9).get_params()["optimizer__momentum"]
            0.9
        """
        params = super().get_params(deep=deep)
        params.update(self.__dict__.get("_routed", {}))
        return params

    def set_params(self, **params: Any) -> NeuralNet:
        """Set constructor or routed arguments; they take effect at the next ``fit`` or ``initialize``.

        Args:
            **params: names as ``get_params`` lists them; any ``module__<name>`` style name is accepted.

        Example:
            >>> from glassnet.sklearn import NeuralNetClassifier
            >>> NeuralNetClassifier().set_params(max_epochs=5, module__hidden=(4,)).module__hidden
            (4,)
        """
        routed = {k: v for k, v in params.items() if k.startswith(ROUTED)}
        self._routed.update(routed)
        rest = {k: v for k, v in params.items() if k not in routed}
        if rest:
            super().set_params(**rest)
        return self

    def _routed_for(self, prefix: str) -> dict:
        return {k[len(prefix):]: v for k, v in self._routed.items() if k.startswith(prefix)}

    # ---- building --------------------------------------------------------------------------------------
    def initialize(self) -> NeuralNet:
        """Build ``criterion_``, ``module_``, ``optimizer_`` and an empty ``history_`` (fit calls it).

        Before a fit the data-sized module arguments (``in_features`` ...) must be routed explicitly.

        Example:
            >>> from glassnet.sklearn import NeuralNetRegressor
            >>> net = NeuralNetRegressor(module__in_features=3, module__num_classes=1).initialize()
            >>> net.module_(glassnet.zeros(2, 3)).shape
            glassnet.Size([2, 1])
        """
        bad = [k for k in self._routed if not k.startswith(ROUTED)]
        if bad:
            raise TypeError(f"{type(self).__name__}: unexpected argument(s) {', '.join(bad)}; routed arguments "
                            f"start with {', '.join(ROUTED)}")
        seed = self._seed()
        state = get_rng_state()
        try:
            if seed is not None:
                manual_seed(seed)
            self.criterion_ = self._build_criterion()
            self.module_ = self._build_module()
            if self.device is not None:
                self.module_.to(self.device)
            self.optimizer_ = self._build_optimizer()
        finally:
            if seed is not None:
                set_rng_state(state)
        self.history_ = History()
        return self

    def _build_module(self) -> Any:
        from ..nn import Module

        kwargs = self._routed_for("module__")
        module = self.module
        if module is None:
            from ..models.mlp import MLP

            module = MLP
        if isinstance(module, Module):
            if not kwargs:
                return module
            module = type(module)  # routed arguments rebuild it, as skorch does
        if not callable(module):
            raise TypeError(f"{type(self).__name__}: module must be a Module class, factory or instance, "
                            f"got {type(module).__name__}")
        return module(**{**self._inferred_module_args(module, kwargs), **kwargs})

    def _inferred_module_args(self, module: Any, given: dict) -> dict:
        sizes = self.__dict__.get("_sizes")
        if sizes is None:
            return {}
        try:
            names = inspect.signature(module).parameters
        except (TypeError, ValueError):
            return {}
        out = {}
        for name in FEATURE_ARGS:
            if name in names and name not in given and sizes["features"] is not None:
                out[name] = sizes["features"]
        for name in OUTPUT_ARGS:
            if name in names and name not in given:
                out[name] = sizes["outputs"]
        return out

    def _build_criterion(self) -> Any:
        from .. import nn

        criterion = self._default_criterion if self.criterion is None else self.criterion
        kwargs = self._routed_for("criterion__")
        if isinstance(criterion, str):
            key = criterion.lower()
            if key not in LOSSES:
                raise ValueError(f"{type(self).__name__}: unknown criterion {criterion!r}; known: {sorted(LOSSES)}")
            criterion = getattr(nn, LOSSES[key])
        if isinstance(criterion, type):
            return criterion(**kwargs)
        if kwargs:
            raise ValueError(f"{type(self).__name__}: criterion__ arguments need a criterion class, "
                             f"got an instance of {type(criterion).__name__}")
        return criterion

    def _build_optimizer(self) -> Any:
        from .. import optim

        optimizer = self.optimizer
        if isinstance(optimizer, str):
            key = optimizer.lower()
            if key not in OPTIMIZERS:
                raise ValueError(f"{type(self).__name__}: unknown optimizer {optimizer!r}; "
                                 f"known: {sorted(OPTIMIZERS)}")
            optimizer = getattr(optim, OPTIMIZERS[key][0])
        if not callable(optimizer):
            raise TypeError(f"{type(self).__name__}: optimizer must be an optimizer class or a name, "
                            f"got {type(optimizer).__name__}")
        return optimizer(self.module_.parameters(), lr=self.lr, **self._routed_for("optimizer__"))

    def _seed(self) -> int | None:
        if self.random_state is None:
            return None
        # an int gives the same seed every time, so two fits of one estimator agree (scikit-learn's rule)
        return int(check_random_state(self.random_state).randint(2**31 - 1))

    # ---- training ---------------------------------------------------------------------------------------
    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> NeuralNet:
        """Initialize (unless ``warm_start`` and fitted) and train ``max_epochs`` epochs on ``X``, ``y``.

        Args:
            X (array-like): inputs, ``(n_samples, n_features)`` or ``(n_samples, ...)`` for a module
                that takes images or sequences.
            y (array-like): targets.
            sample_weight (array-like | None): one weight per sample; the loss is the mean of
                ``weight * loss``. Default: ``None`` (all ones).

        Returns:
            the estimator.

        Example:
            >>> from glassnet.sklearn import NeuralNetRegressor
            >>> X = np.random.default_rng(0).normal(size=(32, 2)).astype(np.float32)
            >>> net = NeuralNetRegressor(max_epochs=2, random_state=0).fit(X, X.sum(1))
            >>> len(net.history_.epoch)
            2
        """
        return self._fit(X, y, sample_weight, reset=not (self.warm_start and self._initialized()))

    def partial_fit(self, X: Any, y: Any, sample_weight: Any = None) -> NeuralNet:
        """Train ``max_epochs`` more epochs without starting over (initializes on the first call).

        Args:
            X (array-like): inputs.
            y (array-like): targets.
            sample_weight (array-like | None): one weight per sample. Default: ``None``.

        Returns:
            the estimator.

        Example:
            >>> from glassnet.sklearn import NeuralNetRegressor
            >>> X = np.random.default_rng(0).normal(size=(32, 2)).astype(np.float32)
            >>> net = NeuralNetRegressor(max_epochs=1).partial_fit(X, X.sum(1)).partial_fit(X, X.sum(1))
            >>> len(net.history_.epoch)
            2
        """
        return self._fit(X, y, sample_weight, reset=not self._initialized())

    def _initialized(self) -> bool:
        return "module_" in self.__dict__

    def _fit(self, X: Any, y: Any, sample_weight: Any, reset: bool, classes: Any = None) -> NeuralNet:
        from sklearn.utils.validation import _check_sample_weight

        X, y = self._validate_fit_data(X, y, reset)
        y_cols = self._encode_targets(y, reset, classes)
        w = _check_sample_weight(sample_weight, X, dtype=np.float32)
        if reset:
            self._sizes = {"features": X.shape[1] if X.ndim == 2 else None, "outputs": self._n_outputs()}
            self.initialize()
        self._check_positive_int("max_epochs", self.max_epochs, minimum=0)
        if self.batch_size != -1:
            self._check_positive_int("batch_size", self.batch_size)
        target = np.concatenate([y_cols, w[:, None]], axis=1).astype(np.float32)
        train, val = self._split(X, target)
        loss = WeightedLoss(self.criterion_, classification=self._classifier,
                            log_of_output=_is_loss(self.criterion_, "NLLLoss", "nll_loss"))
        seed = self._seed()
        state = get_rng_state()
        try:
            history = train_fit(self.module_, train, val, loss=loss, optimizer=self.optimizer_,
                                epochs=self.max_epochs, batch_size=len(train[0]) if self.batch_size == -1
                                else self.batch_size, metrics=self._train_metrics(),
                                callbacks=list(self.callbacks or ()), device=self.device, verbose=self.verbose,
                                seed=seed)
        finally:
            if seed is not None:
                set_rng_state(state)
        self._extend_history(history)
        return self

    def _train_metrics(self) -> tuple:
        return ()  # fit's default metrics would read the packed target; subclasses name their own

    def _validate_fit_data(self, X: Any, y: Any, reset: bool) -> tuple[np.ndarray, np.ndarray]:
        X, y = _validate_data(self, X, y, reset=reset, allow_nd=True, dtype=(np.float32, np.float64),
                              multi_output=not self._classifier, y_numeric=not self._classifier)
        return np.asarray(X, dtype=np.float32), np.asarray(y)

    def _split(self, X: np.ndarray, target: np.ndarray) -> tuple[tuple, tuple | None]:
        if self.train_split is None:
            return (X, target), None
        frac = self.train_split
        if not isinstance(frac, (float, int)) or isinstance(frac, bool) or not 0 < frac < 1:
            raise ValueError(f"{type(self).__name__}: train_split must be None or a fraction in (0, 1), "
                             f"got {frac!r}")
        from sklearn.model_selection import train_test_split

        stratify = None
        if self._classifier:
            _, counts = np.unique(target[:, 0], return_counts=True)
            n_val = int(np.ceil(frac * len(X)))
            if counts.min() >= 2 and len(counts) <= n_val <= len(X) - len(counts):
                stratify = target[:, 0]
        X_tr, X_val, t_tr, t_val = train_test_split(X, target, test_size=frac, stratify=stratify,
                                                    random_state=self._seed())
        return (X_tr, t_tr), (X_val, t_val)

    def _extend_history(self, history: History) -> None:
        offset = len(self.history_.epoch)
        for epoch in history.epoch:
            self.history_.epoch.append(offset + epoch)
        for key, values in history.history.items():
            self.history_.history.setdefault(key, []).extend(values)

    @property
    def history(self) -> History:
        """skorch's name for ``history_``: the per-epoch losses (``history.history['loss']``)."""
        check_is_fitted(self, "history_")
        return self.history_

    def _check_positive_int(self, name: str, value: Any, minimum: int = 1) -> None:
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < minimum:
            raise ValueError(f"{type(self).__name__}: {name} must be an int >= {minimum}, got {value!r}")

    # ---- prediction -------------------------------------------------------------------------------------
    def forward(self, X: Any) -> np.ndarray:
        """The module's raw outputs for ``X`` in eval mode, as a NumPy array (skorch's ``forward``).

        Args:
            X (array-like): inputs shaped as in ``fit``.

        Example:
            >>> from glassnet.sklearn import NeuralNetRegressor
            >>> X = np.ones((4, 2), np.float32)
            >>> NeuralNetRegressor(max_epochs=1).fit(X, X[:, 0]).forward(X).shape
            (4, 1)
        """
        check_is_fitted(self, "module_")
        X = _validate_data(self, X, reset=False, allow_nd=True, dtype=(np.float32, np.float64))
        X = np.asarray(X, dtype=np.float32)
        if len(X) == 0:
            raise ValueError(f"{type(self).__name__}: X has 0 samples")
        batch = len(X) if self.batch_size == -1 else max(int(self.batch_size), 1)
        out = train_predict(self.module_, X, batch_size=batch, device=self.device)
        return np.asarray(out.detach().cpu()._data)
