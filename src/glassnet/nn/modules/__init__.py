"""PyTorch's torch.nn.modules paths, so ``from glassnet.nn.modules.linear import Linear`` works as in torch.

Each submodule is named after PyTorch's (linear, conv, loss, ...) and re-exports glassnet.nn's classes;
``glassnet.nn.modules.<Class>`` itself finds any glassnet.nn class, like ``torch.nn.modules.Linear``.
"""

from __future__ import annotations

import importlib
from typing import Any

_SUBMODULES = ("activation", "batchnorm", "container", "conv", "distance", "dropout", "flatten", "fold",
               "instancenorm", "lazy", "linear", "loss", "module", "normalization", "padding", "pixelshuffle",
               "pooling", "rnn", "sparse", "transformer", "upsampling", "utils",
               "adaptive", "channelshuffle", "linear_cross_entropy")


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    nn = importlib.import_module("glassnet.nn")
    found = getattr(nn, name, None)
    if isinstance(found, type):
        return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
