"""glassnet: a deep learning framework you can read end to end, on a NumPy core.

The public face: Tensor, tensor(), creation functions, tensor ops, no_grad, manual_seed, dtypes.
"""

import math as _math

from . import backend
from .autograd import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .backend import Generator, default_generator, get_rng_state, initial_seed, manual_seed, set_rng_state
from .creation import *
from .device import device, get_default_device, set_default_device
from .dtypes import (
    bool_,
    can_cast,
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
    promote_types,
    result_type,
    set_default_dtype,
    short,
    uint8,
)
from .functions import *
from .index_functions import *
from .linalg import TOP_LEVEL as _LINALG_TOP_LEVEL
from .math_functions import *
from .matrix_functions import *
from .more_functions import *
from .printing import set_printoptions
from .reduce_functions import *
from .sort_functions import *
from .tensor import Size, Tensor
from .tensor_factories import *

bool = bool_  # noqa: A001 - PyTorch exposes glassnet.bool as a dtype

# Constants as PyTorch exposes them (torch.pi ...).
pi = _math.pi
e = _math.e
inf = _math.inf
nan = _math.nan
newaxis = None

from . import autograd  # noqa: E402
from .reduce_functions import install_numpy_names as _install_numpy_names  # noqa: E402
from .tensor_methods import install as _install_tensor_methods  # noqa: E402

globals().update(_LINALG_TOP_LEVEL)  # glassnet.det, glassnet.inverse ... as PyTorch has them
_install_numpy_names(globals())  # axis=/keepdims= as PyTorch also accepts them
# The Tensor methods written in the function modules (t.cumsum, t.det, t.exp_ ...), declared in tensor_methods.py:
# they can only join the class now that the modules that define them (and import Tensor) exist.
_install_tensor_methods()

__version__ = "0.1.0"


def __getattr__(name: str):
    # Heavier subpackages load on first use, so `import glassnet` stays fast.
    import importlib

    if name in ("nn", "optim", "data", "train", "models", "io", "utils", "distributions", "privacy"):
        return importlib.import_module(f"glassnet.{name}")
    if name in ("cuda", "accelerator", "backends", "jit"):  # the device and compiler stand-ins
        return importlib.import_module(f"glassnet.{name}")
    if name == "compile":
        return importlib.import_module("glassnet.jit").compile
    if name in ("save", "load"):
        return getattr(importlib.import_module("glassnet.io"), name)
    if name in ("multiprocessing", "serialization", "special", "interop", "sklearn", "onnx", "transfer",
                "distributed"):
        return importlib.import_module(f"glassnet.{name}")
    if name in ("fairness", "energy", "model_card"):  # responsible-AI tools (fairness needs the [fairness] extra)
        return importlib.import_module(f"glassnet.{name}")
    raise AttributeError(f"module 'glassnet' has no attribute {name!r}")


# The star imports above also bring the helper names those modules use (typing.Any, module aliases,
# the array module): they are not glassnet's API, so dir(glassnet) should not show them.
for _name in ("Any", "builtins", "elementwise_ops", "shape_ops", "xp"):
    globals().pop(_name, None)
del _name
