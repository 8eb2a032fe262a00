"""Bring PyTorch weights into glassnet without running any of PyTorch's (pickled) code.

Accepted: a dict of torch tensors (or NumPy arrays) in memory, a torch ``nn.Module``, or a
``.safetensors`` file written by ``safetensors.torch.save_file``. A ``.pt``/``.pth``/``.bin`` file is a
pickle, and unpickling can execute arbitrary code, so it is refused with the one-line conversion.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import safetensors.numpy as stnp

from ..tensor import Tensor
from .safetensors_file import FileFormatError, read_header

PICKLE_HELP = (
    "glassnet never unpickles files (a pickle can run arbitrary code). Convert it once in PyTorch:\n"
    "    import torch\n"
    "    from safetensors.torch import save_file\n"
    "    save_file(model.state_dict(), 'model.safetensors')\n"
    "  or, for a saved state_dict: save_file(torch.load('{name}', weights_only=True), 'model.safetensors')\n"
    "then call glassnet.interop.from_torch_state_dict(glassnet_model, 'model.safetensors')\n"
    "  (or glassnet.io.load_torch_state_dict('model.safetensors') for the tensors alone)."
)


def load_torch_state_dict(source: Any) -> dict[str, Tensor]:
    """Converts a PyTorch state_dict (in memory, a torch Module, or a ``.safetensors`` file) to glassnet tensors.

    The values are copied; bfloat16 tensors are widened exactly to float32 (NumPy has no
    bfloat16). Load the result with ``model.load_state_dict(...)`` into a glassnet model with the
    same parameter names.

    Args:
        source: a dict of tensors (torch, glassnet or NumPy), a torch Module, or the path of a
            safetensors file.

    Returns:
        dict: name -> glassnet Tensor.

    Example:
        >>> import torch
        >>> sd = glassnet.io.load_torch_state_dict(torch.nn.Linear(3, 2))
        >>> {k: v.shape for k, v in sd.items()}
        {'weight': glassnet.Size([2, 3]), 'bias': glassnet.Size([2])}
        >>> nn.Linear(3, 2).load_state_dict(sd)
        <All keys matched successfully>
    """
    if isinstance(source, (str, os.PathLike)):
        return _from_file(os.fspath(source))
    if hasattr(source, "state_dict") and callable(source.state_dict) and not isinstance(source, dict):
        source = source.state_dict()
    if not isinstance(source, dict):
        raise TypeError(f"load_torch_state_dict: expected a path, a dict of tensors or a torch Module, "
                        f"got {type(source).__name__}")
    out: dict[str, Tensor] = {}
    for key, value in source.items():
        out[key] = Tensor._wrap(_to_numpy(key, value))
    return out


def state_array(value: Any) -> Any:
    """A ``load_state_dict`` value (glassnet tensor, NumPy array or torch tensor) as an array, shared, not copied."""
    if isinstance(value, Tensor):
        return value._data
    if hasattr(value, "detach") and hasattr(value, "cpu") and hasattr(value, "numpy"):
        return value.detach().cpu().numpy()  # a torch tensor: this is how PyTorch state_dicts load
    return np.asarray(value)


def _to_numpy(key: str, value: Any) -> np.ndarray:
    if isinstance(value, Tensor):
        return value._data.copy()
    if isinstance(value, np.ndarray):
        return value.copy()
    if type(value).__module__.startswith("torch") and hasattr(value, "detach"):
        t = value.detach().cpu()
        if str(t.dtype) == "torch.bfloat16":  # NumPy has no bfloat16: widen exactly to float32
            t = t.float()
        return t.numpy().copy()
    raise TypeError(f"load_torch_state_dict: entry '{key}' is a {type(value).__name__}, not a tensor")


def _from_file(path: str) -> dict[str, Tensor]:
    if not os.path.exists(path):
        raise FileNotFoundError(f"load_torch_state_dict: no such file: '{path}'")
    with open(path, "rb") as fh:
        magic = fh.read(8)
    # torch.save writes a zip archive (PK..) since 1.6, a raw pickle (0x80 protocol byte) before.
    if magic[:2] == b"PK" or magic[:1] == b"\x80":
        raise FileFormatError(f"load_torch_state_dict: '{path}' is a pickle file. "
                              + PICKLE_HELP.format(name=path))
    header = read_header(path)
    meta = header.get("__metadata__") or {}
    if meta.get("format") == "glassnet":
        from .safetensors_file import load

        obj = load(path)
        if isinstance(obj, dict) and all(isinstance(v, Tensor) for v in obj.values()):
            return obj
        raise FileFormatError(f"load_torch_state_dict: '{path}' is a glassnet checkpoint, not a state_dict; "
                              "use glassnet.load")
    if any(v.get("dtype") == "BF16" for k, v in header.items() if k != "__metadata__"):
        arrays = _read_with_bfloat16(path, header)
    else:
        try:
            arrays = stnp.load_file(path)
        except Exception as e:  # SafetensorError on a damaged file
            raise FileFormatError(f"load_torch_state_dict: '{path}' is corrupt: {e}") from None
    return {k: Tensor._wrap(a if a.flags.writeable else a.copy()) for k, a in arrays.items()}


def _read_with_bfloat16(path: str, header: dict) -> dict[str, np.ndarray]:
    # bfloat16 is the top half of a float32, so shifting its bits left by 16 widens it exactly.
    np_types = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32,
                "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_, "BF16": np.uint16}
    with open(path, "rb") as fh:
        n = int.from_bytes(fh.read(8), "little")
        fh.seek(8 + n)
        data = fh.read()
    out = {}
    for key, info in header.items():
        if key == "__metadata__":
            continue
        if info["dtype"] not in np_types:
            raise FileFormatError(f"load_torch_state_dict: '{path}': tensor '{key}' has dtype "
                                  f"{info['dtype']}, which glassnet cannot hold")
        start, end = info["data_offsets"]
        a = np.frombuffer(data[start:end], dtype=np.dtype(np_types[info["dtype"]]).newbyteorder("<"))
        if info["dtype"] == "BF16":
            a = (a.astype(np.uint32) << 16).view(np.float32)
        out[key] = a.reshape(info["shape"]).astype(a.dtype.newbyteorder("="), copy=True)
    return out
