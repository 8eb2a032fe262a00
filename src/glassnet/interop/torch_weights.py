"""PyTorch weights into the glassnet module of the same architecture, with a report of what matched.

glassnet names parameters and buffers as PyTorch does (``weight_ih_l0_reverse``, ``in_proj_weight``,
``running_mean``, ``num_batches_tracked`` ...) and stores them in the same layouts (LSTM gates i, f, g, o;
GRU gates r, z, n), so a state_dict moves over key for key. What this module adds on top of
``glassnet.io.load_torch_state_dict`` (which converts the values and refuses pickles) is the comparison:
which keys matched, which are missing or unexpected, which differ in shape, checked before anything is
copied so that a strict load that fails leaves the model untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..io.safetensors_file import FileFormatError
from ..io.torch_import import load_torch_state_dict


class StateDictMismatchError(RuntimeError):
    """A strict ``from_torch_state_dict`` found keys or shapes that do not line up; the model is unchanged.

    Args:
        message (str): names the first key at fault and, for a shape mismatch, both shapes.

    Example:
        >>> import numpy as np
        >>> from glassnet.interop import StateDictMismatchError, from_torch_state_dict
        >>> try:
        ...     from_torch_state_dict(nn.Linear(4, 2), {"weight": np.ones((2, 3)), "bias": np.zeros(2)})
        ... except StateDictMismatchError as e:
        ...     print(str(e).split(" (1 ")[0])
        from_torch_state_dict: shape mismatch for 'weight': the checkpoint has (2, 3), Linear has (2, 4)
    """


@dataclass
class LoadReport:
    """What ``from_torch_state_dict`` matched, and what it could not.

    Args:
        matched (list[str]): keys copied into the model.
        missing (list[str]): model keys the checkpoint lacks.
        unexpected (list[str]): checkpoint keys the model lacks.
        mismatched (list[tuple]): ``(key, checkpoint_shape, model_shape)`` for keys present on both sides
            with different shapes (not copied).

    Example:
        >>> from glassnet.interop import LoadReport
        >>> LoadReport(matched=["weight", "bias"]).ok
        True
    """

    matched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    mismatched: list[tuple[str, tuple, tuple]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every key matched on both sides with the same shape."""
        return not (self.missing or self.unexpected or self.mismatched)

    def __str__(self) -> str:
        lines = [f"matched {len(self.matched)} key(s)"]
        if self.missing:
            lines.append(f"missing in the checkpoint ({len(self.missing)}): {', '.join(self.missing)}")
        if self.unexpected:
            lines.append(f"unexpected in the checkpoint ({len(self.unexpected)}): {', '.join(self.unexpected)}")
        for key, theirs, ours in self.mismatched:
            lines.append(f"shape mismatch for {key}: checkpoint {theirs}, model {ours}")
        return "\n".join(lines)


def from_torch_state_dict(model: Any, state_dict_or_path: Any, strict: bool = True) -> LoadReport:
    """Load PyTorch weights into the glassnet module of the same architecture.

    The source is a PyTorch state_dict (a dict of torch tensors or NumPy arrays), a torch ``nn.Module``,
    or the path of a ``.safetensors`` file (``safetensors.torch.save_file(model.state_dict(), path)``).
    A ``torch.save`` pickle is refused with the one-line conversion, since unpickling can run code.
    Keys and shapes are compared before anything is copied: with ``strict`` (the default, as in
    ``load_state_dict``) any difference raises ``StateDictMismatchError`` naming the first key at fault
    and both shapes, leaving the model unchanged; without it the keys that line up are copied and the rest
    are reported.

    Args:
        model (Module): the glassnet module to fill, built with the same architecture as the source.
        state_dict_or_path (dict | Module | str | PathLike): the PyTorch weights.
        strict (bool): raise on any missing, unexpected or differently shaped key. Default: ``True``.

    Returns:
        LoadReport: the matched, missing, unexpected and shape-mismatched keys.

    Example:
        >>> import numpy as np
        >>> from glassnet.interop import from_torch_state_dict
        >>> lin = nn.Linear(3, 2)
        >>> sd = {"weight": np.ones((2, 3), np.float32), "bias": np.zeros(2, np.float32)}
        >>> from_torch_state_dict(lin, sd).matched
        ['weight', 'bias']
        >>> lin.weight.sum().item()
        6.0
        >>> print(from_torch_state_dict(nn.Linear(4, 2), sd, strict=False))
        matched 1 key(s)
        shape mismatch for weight: checkpoint (2, 3), model (2, 4)
    """
    if not hasattr(model, "state_dict") or not hasattr(model, "load_state_dict"):
        raise TypeError(f"from_torch_state_dict: model must be a glassnet Module, got {type(model).__name__}")
    if type(model).__module__.startswith("torch"):
        raise TypeError("from_torch_state_dict: model is a torch module; pass the glassnet module to fill "
                        "first and the torch module (or its state_dict) second")
    try:
        source = load_torch_state_dict(state_dict_or_path)
    except (FileFormatError, FileNotFoundError, TypeError) as e:  # the same message, under this function's name
        raise type(e)(str(e).replace("load_torch_state_dict:", "from_torch_state_dict:", 1)) from None
    ours = model.state_dict()
    report = LoadReport()
    for key, value in ours.items():
        if key not in source:
            report.missing.append(key)
            continue
        theirs = tuple(source[key].shape)
        if getattr(value, "_lazy", False):  # a lazy placeholder takes its shape from the checkpoint
            report.matched.append(key)
        elif theirs != tuple(value.shape):
            report.mismatched.append((key, theirs, tuple(value.shape)))
        else:
            report.matched.append(key)
    report.unexpected = [k for k in source if k not in ours]
    if strict and not report.ok:
        raise StateDictMismatchError(_first_problem(model, report))
    model.load_state_dict({k: source[k] for k in report.matched}, strict=False)
    return report


def _first_problem(model: Any, report: LoadReport) -> str:
    name = type(model).__name__
    if report.mismatched:
        key, theirs, ours = report.mismatched[0]
        msg = (f"from_torch_state_dict: shape mismatch for '{key}': the checkpoint has {theirs}, "
               f"{name} has {ours}")
    elif report.missing:
        msg = f"from_torch_state_dict: {name} expects '{report.missing[0]}', which the checkpoint lacks"
    else:
        msg = f"from_torch_state_dict: the checkpoint has '{report.unexpected[0]}', which {name} lacks"
    counts = [f"{len(v)} {k}" for k, v in (("shape mismatch(es)", report.mismatched), ("missing", report.missing),
                                            ("unexpected", report.unexpected)) if v]
    msg += f" ({', '.join(counts)}; {len(report.matched)} matched). Nothing was loaded"
    hint = _prefix_hint(report)
    msg += f"; {hint}" if hint else "; strict=False loads the keys that match and returns the full report"
    return msg + "."


def _prefix_hint(report: LoadReport) -> str:
    # nn.DataParallel and many training scripts save keys as "module.<name>" or "model.<name>".
    for prefix in ("module.", "model."):
        if report.unexpected and all(k.startswith(prefix) for k in report.unexpected):
            stripped = {k[len(prefix):] for k in report.unexpected}
            if set(report.missing) <= stripped:
                return (f"every checkpoint key starts with '{prefix}': strip it first, "
                        f"{{k.removeprefix('{prefix}'): v for k, v in state_dict.items()}}")
    return ""
