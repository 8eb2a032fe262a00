"""glassnet: a deep learning framework you can read end to end, on a NumPy core.

The public face: Tensor, tensor(), creation functions, tensor ops, no_grad, manual_seed, dtypes.
"""

from . import backend
from .autograd import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .backend import get_rng_state, initial_seed, manual_seed, set_rng_state
from .creation import *
from .dtypes import (
    bool_,
    double,
    dtype,
    float,
    float16,
    float32,
    float64,
    get_default_dtype,
    half,
    int,
    int8,
    int16,
    int32,
    int64,
    long,
    set_default_dtype,
    short,
    uint8,
)
from .functions import *
from .more_functions import *
from .tensor import Size, Tensor

bool = bool_  # noqa: A001 - PyTorch exposes glassnet.bool as a dtype

from . import autograd  # noqa: E402

__version__ = "0.1.0"


def __getattr__(name: str):
    # Heavier subpackages load on first use, so `import glassnet` stays fast.
    import importlib

    if name in ("nn", "optim", "data", "train", "models", "io", "utils", "distributions"):
        return importlib.import_module(f"glassnet.{name}")
    if name in ("save", "load"):
        return getattr(importlib.import_module("glassnet.io"), name)
    if name in ("multiprocessing", "serialization", "special"):
        return importlib.import_module(f"glassnet.{name}")
    raise AttributeError(f"module 'glassnet' has no attribute {name!r}")
