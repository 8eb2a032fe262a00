"""Utilities around modules: gradient clipping, parameter <-> vector conversion, (rnn packing)."""

from . import rnn
from .clip_grad import clip_grad_norm_, clip_grad_value_
from .convert_parameters import parameters_to_vector, vector_to_parameters
