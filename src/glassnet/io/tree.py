"""Split a nested Python object into flat tensors + a JSON skeleton, and join them back.

``glassnet.save`` stores arrays in safetensors (raw bytes, no code) and everything else as JSON.
A tensor leaf becomes ``{"__tensor__": "model/fc1.weight"}`` in the skeleton, and its bytes go into
the safetensors file under that flattened key. JSON cannot express tuples, non-string dict keys
(PyTorch's optimizer state is keyed by ints) or NaN/inf, so those get small tagged objects too.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..tensor import Tensor

# Tags the skeleton uses; a user dict whose keys collide with them is stored in the tagged form.
TAGS = ("__tensor__", "__ndarray__", "__tuple__", "__items__", "__float__")


class SerializationError(TypeError):
    """Raised when :func:`save` meets a value it cannot store without pickle.

    It is a ``TypeError``; the message names the value's type and where it is in the object.

    Args:
        *args: the message.

    Example:
        >>> import io
        >>> glassnet.io.save({'fn': print}, io.BytesIO())
        Traceback (most recent call last):
            ...
        glassnet.io.tree.SerializationError: ...
    """


def flatten(obj: Any) -> tuple[Any, dict[str, np.ndarray]]:
    """Return (JSON-able skeleton, {flat key: contiguous array}) for a nested object."""
    arrays: dict[str, np.ndarray] = {}

    def key_for(path: list[str]) -> str:
        key = "/".join(path) if path else "tensor"
        # "a/b" as one key and {"a": {"b": ...}} would collide; keep both, distinctly named.
        base, n = key, 1
        while key in arrays:
            key, n = f"{base}#{n}", n + 1
        return key

    def walk(x: Any, path: list[str]) -> Any:
        if getattr(x, "_lazy", False):  # a lazy module's placeholder has no data to store
            raise SerializationError(
                f"glassnet.save: '{'/'.join(path) or '<root>'}' is an uninitialized parameter of a lazy module; "
                "run a forward pass (or load_state_dict) to materialize it before saving"
            )
        if isinstance(x, Tensor):
            key = key_for(path)
            arrays[key] = _contiguous(x._data)
            node = {"__tensor__": key}
            if x.requires_grad:
                node["requires_grad"] = True
            return node
        if isinstance(x, np.ndarray):
            key = key_for(path)
            arrays[key] = _contiguous(x)
            return {"__ndarray__": key}
        if x is None or isinstance(x, (bool, str)):
            return x
        if isinstance(x, (int, np.integer)):
            return int(x)
        if isinstance(x, (float, np.floating)):
            x = float(x)
            return x if math.isfinite(x) else {"__float__": repr(x)}
        if isinstance(x, np.bool_):
            return bool(x)
        if isinstance(x, list):
            return [walk(v, path + [str(i)]) for i, v in enumerate(x)]
        if isinstance(x, tuple):
            return {"__tuple__": [walk(v, path + [str(i)]) for i, v in enumerate(x)]}
        if isinstance(x, dict):
            plain = all(isinstance(k, str) for k in x) and not any(k in TAGS for k in x)
            if plain:
                return {k: walk(v, path + [k]) for k, v in x.items()}
            for k in x:
                if not (k is None or isinstance(k, (str, int, float, bool))):
                    raise SerializationError(
                        f"glassnet.save: dict key {k!r} at '{'/'.join(path) or '<root>'}' has type "
                        f"{type(k).__name__}; keys must be str, int, float, bool or None"
                    )
            return {"__items__": [[walk(k, path + ["key"]), walk(v, path + [str(k)])]
                                  for k, v in x.items()]}
        if callable(getattr(x, "state_dict", None)):
            raise SerializationError(
                f"glassnet.save: '{'/'.join(path) or '<root>'}' is a {type(x).__name__} object; glassnet "
                "stores data, not code: save obj.state_dict() and rebuild the object before load_state_dict"
            )
        if type(x).__module__.startswith("torch") and hasattr(x, "detach"):
            raise SerializationError(
                f"glassnet.save: '{'/'.join(path)}' is a torch tensor; convert it first with "
                "glassnet.io.load_torch_state_dict(state_dict)"
            )
        raise SerializationError(
            f"glassnet.save: cannot store {type(x).__name__} at '{'/'.join(path) or '<root>'}' "
            "(glassnet never pickles: use tensors, arrays, dicts, lists, tuples, str, int, float, bool, None)"
        )

    return walk(obj, []), arrays


def unflatten(skeleton: Any, arrays: dict[str, np.ndarray]) -> Any:
    """Rebuild the object ``flatten`` took apart (arrays become glassnet Tensors again)."""

    def walk(x: Any) -> Any:
        if isinstance(x, list):
            return [walk(v) for v in x]
        if not isinstance(x, dict):
            return x
        if "__tensor__" in x:
            t = Tensor._wrap(_writable(arrays[x["__tensor__"]]))
            if x.get("requires_grad"):
                t.requires_grad_(True)
            return t
        if "__ndarray__" in x:
            return _writable(arrays[x["__ndarray__"]])
        if "__tuple__" in x:
            return tuple(walk(v) for v in x["__tuple__"])
        if "__items__" in x:
            return {walk(k): walk(v) for k, v in x["__items__"]}
        if "__float__" in x:
            return float(x["__float__"])
        return {k: walk(v) for k, v in x.items()}

    return walk(skeleton)


def tensor_keys(skeleton: Any) -> set[str]:
    """Every flat key the skeleton refers to (to check a file against its own metadata)."""
    keys: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, dict):
            for tag in ("__tensor__", "__ndarray__"):
                if tag in x:
                    keys.add(x[tag])
                    return
            for v in x.values():
                walk(v)

    walk(skeleton)
    return keys


def _contiguous(arr: Any) -> np.ndarray:
    arr = np.asarray(arr.get() if hasattr(arr, "get") else arr)  # a CuPy array comes back to the host
    # not np.ascontiguousarray: it turns a 0-d array (a scalar like Adam's step) into shape (1,)
    return arr if arr.flags.c_contiguous else arr.copy(order="C")


def _writable(arr: np.ndarray) -> np.ndarray:
    # Optimizer state is updated in place after loading, so a read-only buffer would fail later.
    return arr if arr.flags.writeable else arr.copy()
