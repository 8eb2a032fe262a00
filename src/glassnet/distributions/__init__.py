"""Probability distributions with PyTorch's API (torch.distributions).

Each distribution has ``sample``/``rsample``, ``log_prob``, ``entropy``, ``mean``/``mode``/``variance``,
``batch_shape``/``event_shape`` and ``expand``; ``kl_divergence(p, q)`` dispatches on the pair of types.
Parameters are checked against ``arg_constraints`` unless ``validate_args=False``.
"""

from . import constraints
from .bernoulli import Bernoulli
from .categorical import Categorical
from .distribution import Distribution
from .independent import Independent
from .kl import kl_divergence, register_kl
from .multinomial import Multinomial
from .multivariate_normal import MultivariateNormal
from .normal import Normal
from .uniform import Uniform

__all__ = [
    "Bernoulli", "Categorical", "Distribution", "Independent", "Multinomial", "MultivariateNormal", "Normal",
    "Uniform", "constraints", "kl_divergence", "register_kl",
]
