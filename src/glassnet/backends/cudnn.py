"""``glassnet.backends.cudnn``: cuDNN's flags as plain attributes scripts may set; glassnet never uses cuDNN.

Setting ``benchmark`` or ``deterministic`` changes nothing: NumPy on the CPU is already deterministic.
"""

from __future__ import annotations

benchmark = False
deterministic = False
enabled = True
allow_tf32 = True


def is_available() -> bool:
    """False: glassnet has no cuDNN."""
    return False


def version() -> None:
    """None: no cuDNN library is loaded."""
    return None
