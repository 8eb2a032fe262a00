"""``glassnet.backends.cuda``: CUDA math switches as plain settable flags (CuPy does not read them)."""

from __future__ import annotations


class _MatmulFlags:
    """``glassnet.backends.cuda.matmul``: holds ``allow_tf32`` and friends for scripts that set them."""

    def __init__(self) -> None:
        self.allow_tf32 = False
        self.allow_fp16_reduced_precision_reduction = True
        self.allow_bf16_reduced_precision_reduction = True


matmul = _MatmulFlags()


def is_built() -> bool:
    """True if the CUDA backend's library, CuPy, is installed (a GPU may still be missing)."""
    import importlib.util

    return importlib.util.find_spec("cupy") is not None
