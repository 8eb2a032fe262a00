"""Differential privacy for glassnet models: DP-SGD with per-example gradients, in Opacus's spirit.

``make_private(model, optimizer, loader, noise_multiplier=... | target_epsilon=...)`` returns the
private versions; per-example gradients come from one vectorised backward pass
(:class:`GradSampleModule`; recurrent layers through :func:`replace_recurrent`); the privacy budget
comes from Google's ``dp-accounting`` (extra ``[privacy]``); :func:`membership_inference_advantage`
measures what a loss-threshold attacker learns.
"""

from .accountant import RDPAccountant, compute_epsilon, get_noise_multiplier
from .attacks import membership_inference_advantage
from .callback import PrivacyCallback, write_privacy
from .engine import make_private
from .grad_sample import GradSampleModule
from .loader import DPDataLoader, UniformWithReplacementSampler
from .optimizer import DPOptimizer
from .recurrent import DPGRU, DPLSTM, DPRNN, DPRNNBase, replace_recurrent
from .validate import check_model, replace_batchnorm

__all__ = ["DPDataLoader", "DPGRU", "DPLSTM", "DPOptimizer", "DPRNN", "DPRNNBase", "GradSampleModule",
           "PrivacyCallback", "RDPAccountant",
           "UniformWithReplacementSampler", "check_model", "compute_epsilon", "get_noise_multiplier",
           "make_private", "membership_inference_advantage", "replace_batchnorm", "replace_recurrent",
           "write_privacy"]
