"""Printing tensors exactly as PyTorch does, and ``set_printoptions`` to change how.

The layout follows PyTorch's ``_tensor_str``: one formatter picks integer, fixed or scientific
notation and a common width from the entries that will be shown; rows wrap at ``linewidth``; more
than ``threshold`` elements are summarised with ``edgeitems`` at each end of every dimension.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np  # formatting only: the tensor's values are copied to NumPy for printing


@dataclasses.dataclass
class _PrintOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


PRINT_OPTS = _PrintOptions()

_PROFILES = {
    "default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
    "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
    "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80),
}


def set_printoptions(precision: int | None = None, threshold: float | None = None, edgeitems: int | None = None,
                     linewidth: int | None = None, profile: str | None = None, sci_mode: bool | None = None) -> None:
    """Sets options for printing tensors (as ``torch.set_printoptions``); glassnet prints character for
    character as PyTorch does for the same values and options.

    Options left as ``None`` keep their value, except :attr:`sci_mode`, which ``None`` hands back to the
    automatic choice. A :attr:`profile` sets all four numeric options at once.

    Args:
        precision (int, optional): the number of digits of precision for floating point output.
            Default: ``4``.
        threshold (float, optional): the total number of array elements which trigger summarisation
            rather than a full repr. Default: ``1000``.
        edgeitems (int, optional): the number of array items in summary at the beginning and end of
            each dimension. Default: ``3``.
        linewidth (int, optional): the number of characters per line. Default: ``80``.
        profile (str, optional): sane defaults for pretty printing: ``'default'``, ``'short'`` or
            ``'full'``. Default: ``None``.
        sci_mode (bool, optional): force scientific notation on (True) or off (False). Default: ``None``.

    Example:
        >>> glassnet.set_printoptions(precision=2)
        >>> glassnet.tensor([1.12345])
        tensor([1.12])
        >>> glassnet.set_printoptions(threshold=5)
        >>> glassnet.arange(10)
        tensor([0, 1, 2,  ..., 7, 8, 9])
        >>> glassnet.set_printoptions(profile='default')
        >>> glassnet.tensor([1.12345])
        tensor([1.1235])
    """
    if profile is not None:
        if profile not in _PROFILES:
            raise ValueError(f"set_printoptions: profile must be one of {list(_PROFILES)}, got {profile!r}")
        for k, v in _PROFILES[profile].items():
            setattr(PRINT_OPTS, k, v)
    for name, value in (("precision", precision), ("threshold", threshold), ("edgeitems", edgeitems),
                        ("linewidth", linewidth)):
        if value is not None:
            setattr(PRINT_OPTS, name, value)
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions() -> dict:
    """The current print options, as keyword arguments for set_printoptions."""
    return dataclasses.asdict(PRINT_OPTS)


class _Formatter:
    """Chooses one notation and width for every entry shown (PyTorch's ``_Formatter``)."""

    def __init__(self, arr: np.ndarray) -> None:
        self.floating = arr.dtype.kind == "f"
        self.int_mode, self.sci_mode, self.max_width = True, False, 1
        p = PRINT_OPTS.precision
        if not self.floating:
            self.max_width = max((len(_plain(v)) for v in arr.reshape(-1).tolist()), default=1)
            return
        vals = arr[np.isfinite(arr) & (arr != 0)].astype(np.float64)
        if vals.size == 0:
            return
        big, small = np.abs(vals).max(), np.abs(vals).min()
        self.int_mode = bool(np.all(vals == np.ceil(vals)))
        auto_sci = big / small > 1000.0 or big > 1.0e8 or small < 1.0e-4
        self.sci_mode = auto_sci if PRINT_OPTS.sci_mode is None else PRINT_OPTS.sci_mode
        # Past 10k entries (profile='full'), only the extremes are measured: one of them is the widest.
        ends = vals if vals.size <= 10_000 else [vals[vals.argmax()], vals[vals.argmin()], vals[np.abs(vals).argmin()]]
        if self.sci_mode:
            self.max_width = max(len(f"{v:.{p}e}") for v in ends)
        elif self.int_mode:
            self.max_width = max(len(f"{v:.0f}") + 1 for v in ends)
        else:
            self.max_width = max(len(f"{v:.{p}f}") for v in ends)

    def format(self, value: Any) -> str:
        if self.floating:
            if self.sci_mode:
                ret = f"{value:{self.max_width}.{PRINT_OPTS.precision}e}"
            elif self.int_mode:
                ret = f"{value:.0f}" + ("" if math.isinf(value) or math.isnan(value) else ".")
            else:
                ret = f"{value:.{PRINT_OPTS.precision}f}"
        else:
            ret = _plain(value)
        return " " * (self.max_width - len(ret)) + ret


def _plain(v: Any) -> str:
    return str(v)


def _summarized(arr: np.ndarray) -> np.ndarray:
    """Only the entries that will be printed: edgeitems from each end of every long dimension."""
    e = PRINT_OPTS.edgeitems
    for ax in range(arr.ndim):
        if arr.shape[ax] > 2 * e:
            arr = np.concatenate([arr.take(range(e), ax), arr.take(range(arr.shape[ax] - e, arr.shape[ax]), ax)], ax)
    return arr


def _vector(arr: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / (fmt.max_width + 2)))
    e = PRINT_OPTS.edgeitems
    if summarize and not e:
        data = ["..."]
    elif summarize and arr.shape[0] > 2 * e:
        data = [fmt.format(v) for v in arr[:e].tolist()] + [" ..."] + [fmt.format(v) for v in arr[-e:].tolist()]
    else:
        data = [fmt.format(v) for v in arr.tolist()]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(arr: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    if arr.ndim == 0:
        return fmt.format(arr.item())
    if arr.ndim == 1:
        return _vector(arr, indent, summarize, fmt)
    e = PRINT_OPTS.edgeitems
    n = arr.shape[0]
    if summarize and n > 2 * e:
        rows = ([_nested(arr[i], indent + 1, summarize, fmt) for i in range(e)] + ["..."]
                + [_nested(arr[i], indent + 1, summarize, fmt) for i in range(n - e, n)])
    else:
        rows = [_nested(arr[i], indent + 1, summarize, fmt) for i in range(n)]
    return "[" + ("," + "\n" * (arr.ndim - 1) + " " * (indent + 1)).join(rows) + "]"


def _add_suffixes(text: str, suffixes: list, indent: int) -> str:
    """Append ', dtype=...' and friends, wrapping to a new line when the current one would overflow."""
    parts = [text]
    last_line_len = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        # Measured as PyTorch spells it ('torch.float64'), so lines break where PyTorch's do.
        n = len(suffix.replace("glassnet.", "torch."))
        if last_line_len + n + 2 > PRINT_OPTS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + n
        else:
            parts.append(", " + suffix)
            last_line_len += n + 2
    return "".join(parts) + ")"


def tensor_repr(t: Any) -> str:
    """``repr(tensor)``, character for character as PyTorch prints the same values."""
    from . import dtypes

    prefix = "tensor("
    indent = len(prefix)
    arr = t._data
    suffixes = []
    if type(arr) is not np.ndarray:  # another backend's array: print a host copy, and say where it lives
        from .array_backend import backend_of

        dev = t.device
        arr = np.asarray(backend_of(arr).to_host(arr))
        if dev.type != "cpu":
            suffixes.append(f"device='{dev}'")
    default = dtypes.get_default_dtype().np
    if arr.size == 0:
        if arr.ndim != 1:
            suffixes.append(f"size={tuple(arr.shape)}")
        if arr.dtype != default:
            suffixes.append(f"dtype={t.dtype!r}")
        body = "[]"
    else:
        if not PRINT_OPTS.edgeitems:
            suffixes.append(f"size={tuple(arr.shape)}")
        if arr.dtype not in (default, np.int64, np.bool_):
            suffixes.append(f"dtype={t.dtype!r}")
        summarize = arr.size > PRINT_OPTS.threshold
        fmt = _Formatter(_summarized(arr) if summarize else arr)
        body = _nested(arr, indent, summarize, fmt)
    if t._ctx is not None:
        suffixes.append(f"grad_fn=<{t._ctx.name()}>")  # PyTorch prints the bare name here
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent)
