"""scikit-learn's own estimator checks, on the defaults and on a skorch-style configuration.

Expected failures (pandas-dependent checks run when pandas is installed, as fairlearn brings it):
- check_sample_weight_equivalence_on_dense_data: it demands that a weight of 2 give exactly the model that
  repeating the sample gives (rtol 1e-7). Minibatch training shuffles a different number of rows, so the
  batches, and hence the weights after training, differ; they agree only in expectation. scikit-learn marks
  its own SGDClassifier / SGDRegressor with the same expected failure.
- check_methods_subset_invariance: it compares predictions on slices of X with those on all of X at rtol
  1e-7. The module computes in float32, whose matrix products round differently for differently sized
  batches (seen: 2.4e-7 relative on one regressor configuration); the others pass it (non-strict xfail).
"""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from glassnet import nn, optim
from glassnet.sklearn import NeuralNetClassifier, NeuralNetRegressor

WEIGHTS_ARE_NOT_REPEATS = ("minibatch training: a weight of 2 and a repeated row give different batches, so the "
                           "models agree only in expectation (scikit-learn expects the same of SGDClassifier)")


class ProbabilityMLP(nn.Module):
    """Outputs probabilities, as skorch's NLLLoss convention wants."""

    def __init__(self, in_features, num_classes, hidden=16):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(in_features, hidden), nn.Tanh(), nn.Linear(hidden, num_classes),
                                 nn.Softmax(dim=-1))

    def forward(self, x):
        return self.net(x)


ESTIMATORS = [
    NeuralNetClassifier(),
    NeuralNetRegressor(),
    NeuralNetClassifier(ProbabilityMLP, criterion=nn.NLLLoss, optimizer=optim.SGD, lr=0.2, max_epochs=20,
                        batch_size=32, module__hidden=16, optimizer__momentum=0.9),
    NeuralNetRegressor(optimizer="sgd", lr=0.05, batch_size=32, max_epochs=20, module__hidden=(16,),
                       criterion=nn.SmoothL1Loss, criterion__beta=0.5),
]


FLOAT32_ROUNDING = ("float32 matrix products round differently for differently sized batches (~2e-7 relative); "
                    "the check asks for 1e-7")


def expected_failed_checks(estimator):
    return {"check_sample_weight_equivalence_on_dense_data": WEIGHTS_ARE_NOT_REPEATS,
            "check_methods_subset_invariance": FLOAT32_ROUNDING}


@pytest.mark.filterwarnings("ignore::UserWarning")  # a few checks fit on purpose-made degenerate data
@parametrize_with_checks(ESTIMATORS, expected_failed_checks=expected_failed_checks)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
