"""glassnet.sklearn: scikit-learn estimators around a glassnet module, with skorch's argument names.

``NeuralNetClassifier(module, max_epochs=20, lr=0.01, module__hidden=(64,))`` fits, predicts and scores
like any scikit-learn estimator, so it drops into ``Pipeline``, ``GridSearchCV`` and ``cross_val_score``.
Needs scikit-learn: ``pip install "glassnet[sklearn]"``.
"""

try:
    import sklearn  # noqa: F401
except ImportError as e:  # pragma: no cover - exercised only without the extra
    raise ImportError('glassnet.sklearn needs scikit-learn: pip install "glassnet[sklearn]"') from e

from .classifier import NeuralNetClassifier
from .net import NeuralNet
from .regressor import NeuralNetRegressor

__all__ = ["NeuralNet", "NeuralNetClassifier", "NeuralNetRegressor"]
