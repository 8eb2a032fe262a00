"""Devices: where a tensor lives. ``cpu`` always works; ``cuda`` works where its array backend (CuPy) and
a GPU are present (glassnet/array_backend.py).

``glassnet.device`` objects behave like ``torch.device`` (type, index, repr, hashable), so scripts
written as ``device = glassnet.device("cuda" if glassnet.cuda.is_available() else "cpu")`` run
unchanged. Placing data on a device whose backend cannot run here raises ``DeviceUnavailableError``.
"""

from __future__ import annotations

from typing import Any

# The device types PyTorch's parser accepts: naming one is fine, placing data on it is not.
_KNOWN_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga",
                "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")


_REGISTERED: set = set()  # device types an array backend serves beyond PyTorch's list (see array_backend.py)


def register_device_type(name: str) -> None:
    """Accept ``name`` as a device type (array_backend.register_backend calls it for a new backend)."""
    if name not in _KNOWN_TYPES:
        _REGISTERED.add(name)


_builtin_type = type  # device.__init__'s argument is named `type`, as in PyTorch


class DeviceUnavailableError(RuntimeError, AssertionError):
    """A device other than the CPU was asked for (a RuntimeError; an AssertionError as in CPU-only PyTorch)."""


class device:  # noqa: N801 - PyTorch spells it in lower case
    """A device on which a tensor is or will be allocated (like ``torch.device``): ``device('cpu')``,
    ``device('cuda', 0)`` or ``device('cuda:1')``.

    A device object may name any type PyTorch knows (as PyTorch's can), but creating a tensor there
    needs that type's array backend (the CPU, or CUDA through CuPy), else it raises. Unlike
    ``torch.device``, a device also equals its string (``t.device == 'cpu'`` is True), and hashes like it.

    Args:
        type (str or device): the device type (``'cpu'``, ``'cuda'`` ...), optionally with an index
            (``'cuda:1'``), or a device to copy.
        index (int, optional): the device index. Default: ``None``.

    Attributes:
        type (str): the device type.
        index (int or None): the device index.

    Example:
        >>> glassnet.device('cpu')
        device(type='cpu')
        >>> glassnet.device('cuda:1').index
        1
        >>> glassnet.zeros(2).device == 'cpu'
        True
    """

    __slots__ = ("type", "index")

    def __init__(self, type: Any, index: int | None = None) -> None:  # noqa: A002 - PyTorch argument name
        if isinstance(type, device):
            type, index = type.type, type.index if index is None else index
        elif isinstance(type, int) and not isinstance(type, bool):
            raise DeviceUnavailableError(
                f"device({type}): a bare index means an accelerator device, and glassnet has none (it runs on "
                "the CPU)")
        elif not isinstance(type, str):
            raise TypeError(f"device(): expected a string or a device, got {_builtin_type(type).__name__}")
        else:
            type, index = _parse(type, index)
        if index is not None and index < 0:
            raise RuntimeError(f"Device index must not be negative (got {index})")
        self.type: str = type
        self.index: int | None = index

    def __repr__(self) -> str:
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            try:
                other = device(other)
            except RuntimeError:
                return False
        if not isinstance(other, device):
            return NotImplemented
        return self.type == other.type and self.index == other.index

    def __hash__(self) -> int:
        return hash(str(self))

    def __reduce__(self) -> tuple:
        return (device, (self.type, self.index))


def _parse(text: str, index: int | None) -> tuple:
    """Split 'cuda:1' into ('cuda', 1), with PyTorch's errors for unknown types and bad indices."""
    name, sep, idx = text.partition(":")
    if name not in _KNOWN_TYPES and name not in _REGISTERED:
        raise RuntimeError(
            f"Expected one of {', '.join(_KNOWN_TYPES)} device type at start of device string: {text}")
    if sep:
        if not idx.isdigit() or index is not None:
            raise RuntimeError(f"Invalid device string: '{text}'")
        index = int(idx)
    return name, index


CPU = device("cpu")


def check_device(dev: Any, op: str) -> None:
    """Accept None or any CPU device; raise DeviceUnavailableError naming ``op`` for anything else."""
    if dev is None or dev is CPU or dev == "cpu":
        return
    d = dev if isinstance(dev, device) else device(dev)
    if d.type != "cpu":
        raise DeviceUnavailableError(
            f"{op}: device '{d}' is not available: glassnet runs on the CPU only "
            "(glassnet.cuda.is_available() is False); use device='cpu'")


def set_default_device(device: Any) -> None:  # noqa: A002 - PyTorch argument name
    """Sets the default device new tensors are allocated on: the creation functions (``tensor``, ``zeros``,
    ``rand`` ...) place their result there when no ``device=`` is given. ``None`` means the CPU.

    Args:
        device (glassnet.device or str): the new default device; it must be available (see
            :func:`glassnet.cuda.is_available`).

    Example:
        >>> glassnet.set_default_device('cpu')
        >>> glassnet.get_default_device()
        device(type='cpu')
    """
    if device is None:
        DEFAULT[0] = CPU
        return
    from .array_backend import get_backend

    get_backend(device, "set_default_device")
    d = device if isinstance(device, globals()["device"]) else globals()["device"](device)
    DEFAULT[0] = CPU if d.type == "cpu" else d


def get_default_device() -> device:
    """Gets the default device new tensors are allocated on (the CPU unless :func:`set_default_device` changed it).

    Example:
        >>> glassnet.get_default_device()
        device(type='cpu')
    """
    return DEFAULT[0]


DEFAULT = [CPU]  # the default device, in a list so that other modules read the current one
