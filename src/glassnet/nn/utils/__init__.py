"""Utilities around modules: gradient clipping, parameter <-> vector conversion, spectral norm, (rnn packing)."""

from . import rnn
from .clip_grad import clip_grad_norm_, clip_grad_value_
from .convert_parameters import parameters_to_vector, vector_to_parameters
from .spectral_norm import remove_spectral_norm, spectral_norm
