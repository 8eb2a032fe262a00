"""glassnet.save / glassnet.load: nested objects as one safetensors file, never pickle.

File layout (a plain safetensors file, so any safetensors reader sees the tensors)::

  tensors        every array, under flattened keys such as ``model/fc1.weight`` or
                 ``optimizer/state/0/exp_avg`` (a bare state_dict keeps its own keys: ``fc1.weight``)
  __metadata__   {"format": "glassnet", "format_version": "1", "glassnet_version": ...,
                  "structure": <JSON skeleton of the object, see tree.py>, "crc32": <checksum of the data>}

The checksum lets ``load`` refuse a file whose bytes were damaged after it was written.
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from typing import Any, BinaryIO

import numpy as np
import safetensors.numpy as stnp

from .atomic import atomic_write
from .tree import flatten, tensor_keys, unflatten

FORMAT = "glassnet"
FORMAT_VERSION = 1
_MAX_HEADER = 100 * 1024 * 1024  # safetensors' own limit; a bigger length means garbage


class FileFormatError(ValueError):
    """Raised when a file is truncated, corrupt, or not a glassnet safetensors file.

    It is a ``ValueError``; the message names the file and what is wrong with it.

    Args:
        *args: the message.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'notes.txt')
        >>> _ = open(path, 'w').write('hello')
        >>> glassnet.io.load(path)
        Traceback (most recent call last):
            ...
        glassnet.io.safetensors_file.FileFormatError: glassnet.load: '...notes.txt' is not a safetensors file ...
    """


def save(obj: Any, f: str | os.PathLike | BinaryIO, pickle_module: Any = None, pickle_protocol: int = 2,
         _use_new_zipfile_serialization: bool = True, _disable_byteorder_record: bool = False) -> None:
    """Saves tensors, state_dicts or nested checkpoints to a safetensors file, atomically and without pickle.

    The arrays go into a plain safetensors file (so any safetensors reader sees them) under
    flattened keys (``model/fc1.weight``; a bare state_dict keeps its own keys); everything else
    (numbers, strings, lists, tuples, dicts, None) is stored as a JSON skeleton in the metadata,
    with a checksum of the data. Unlike ``torch.save``, arbitrary Python objects cannot be saved
    (:class:`SerializationError`); the pickle options are accepted so PyTorch calls run, and ignored.
    A file path is written atomically: a crash leaves the old file or the complete new one.

    Args:
        obj: the object to save: a Tensor, a state_dict, or nested dicts/lists/tuples of tensors,
            arrays and plain values.
        f (str, os.PathLike or file object): the file name, or a writable binary file object.
        pickle_module: accepted for PyTorch compatibility and ignored. Default: ``None``.
        pickle_protocol (int): accepted for PyTorch compatibility and ignored. Default: ``2``.
        _use_new_zipfile_serialization (bool): accepted and ignored. Default: ``True``.
        _disable_byteorder_record (bool): accepted and ignored. Default: ``False``.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'model.safetensors')
        >>> glassnet.io.save({'weights': nn.Linear(2, 1).state_dict(), 'epoch': 3, 'name': 'demo'}, path)
        >>> state = glassnet.io.load(path)
        >>> state['epoch'], state['name'], sorted(state['weights'])
        (3, 'demo', ['bias', 'weight'])
    """
    # torch.save's pickle and zipfile options are accepted so PyTorch calls run; nothing is pickled here.
    from .. import __version__

    skeleton, arrays = flatten(obj)
    metadata = {
        "format": FORMAT,
        "format_version": str(FORMAT_VERSION),
        "glassnet_version": __version__,
        "structure": json.dumps(skeleton, separators=(",", ":")),
        "crc32": str(_checksum(arrays)),
    }
    if hasattr(f, "write"):
        f.write(stnp.save(arrays, metadata=metadata))
        return
    atomic_write(f, lambda tmp: stnp.save_file(arrays, tmp, metadata=metadata))


def load(f: str | os.PathLike | BinaryIO, map_location: Any = None, pickle_module: Any = None, *,
         weights_only: bool | None = None, mmap: bool | None = None, **pickle_load_args: Any) -> Any:
    """Loads an object saved with :func:`save`, refusing missing, truncated, corrupt or foreign files by name.

    Loading never unpickles, so it is always as safe as ``torch.load(weights_only=True)``; tensors
    load into host memory. ``map_location``, ``pickle_module``, ``weights_only``, ``mmap`` and
    ``pickle_load_args`` are accepted so PyTorch calls run, and change nothing. To read a safetensors
    file written by PyTorch, use :func:`load_torch_state_dict`.

    Args:
        f (str, os.PathLike or file object): the file name, or a readable binary file object.
        map_location: accepted for PyTorch compatibility. Default: ``None``.
        pickle_module: accepted for PyTorch compatibility. Default: ``None``.
        weights_only (bool, optional): accepted for PyTorch compatibility. Default: ``None``.
        mmap (bool, optional): accepted for PyTorch compatibility. Default: ``None``.
        **pickle_load_args: accepted for PyTorch compatibility.

    Returns:
        the saved object, with tensors as glassnet Tensors.

    Example:
        >>> import io
        >>> buf = io.BytesIO()
        >>> glassnet.io.save({'x': glassnet.tensor([1.0, 2.0]), 'step': (1, 2)}, buf)
        >>> _ = buf.seek(0)
        >>> glassnet.io.load(buf)
        {'x': tensor([1., 2.]), 'step': (1, 2)}
    """
    # Loading never unpickles, so it is always as safe as torch's weights_only=True: weights_only (True
    # or False), pickle_module and pickle_load_args are accepted for PyTorch calls and change nothing.
    # map_location is accepted too: arrays always load into host memory (the CPU), and mmap=True reads
    # the file like mmap=False does.
    if hasattr(f, "read"):
        name = getattr(f, "name", "<file object>")
        data = f.read()
        header = _parse_header(data[:8], data[8:], len(data), name)
        arrays = _guard(name, lambda: stnp.load(data))
    else:
        name = os.fspath(f)
        if not os.path.exists(name):
            raise FileNotFoundError(f"glassnet.load: no such file: '{name}'")
        if os.path.isdir(name):
            raise IsADirectoryError(f"glassnet.load: '{name}' is a directory, not a saved file")
        header = read_header(name)
        arrays = _guard(name, lambda: stnp.load_file(name))
    meta = _glassnet_metadata(header, name)
    skeleton = _guard(name, lambda: json.loads(meta["structure"]))
    missing = tensor_keys(skeleton) - set(arrays)
    if missing:
        raise FileFormatError(f"glassnet.load: '{name}' is corrupt: tensors {sorted(missing)[:5]} "
                              "are missing")
    if "crc32" in meta and str(_checksum(arrays)) != meta["crc32"]:
        raise FileFormatError(
            f"glassnet.load: '{name}' is corrupt: its tensor data does not match the checksum written "
            "with it (the file was damaged or modified after saving)"
        )
    return unflatten(skeleton, arrays)


def read_header(path: str | os.PathLike) -> dict:
    """Reads and checks the header of a safetensors file (dtypes, shapes, offsets, ``__metadata__``) without its data.

    Args:
        path (str or os.PathLike): the file.

    Returns:
        dict: the header: one entry per tensor (``dtype``, ``shape``, ``data_offsets``) and
        ``__metadata__``.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'w.safetensors')
        >>> glassnet.io.save({'w': glassnet.zeros(2, 3)}, path)
        >>> header = glassnet.io.read_header(path)
        >>> header['w']['dtype'], header['w']['shape'], header['__metadata__']['format']
        ('F32', [2, 3], 'glassnet')
    """
    name = os.fspath(path)
    size = os.path.getsize(name)
    with open(name, "rb") as fh:
        prefix = fh.read(8)
        n = struct.unpack("<Q", prefix)[0] if len(prefix) == 8 else 0
        raw = fh.read(min(n, _MAX_HEADER)) if len(prefix) == 8 else b""
    return _parse_header(prefix, raw, size, name)


def _parse_header(prefix: bytes, rest: bytes, size: int, name: str) -> dict:
    if len(prefix) < 8:
        raise FileFormatError(f"glassnet.load: '{name}' is not a safetensors file (only {size} bytes long)")
    (n,) = struct.unpack("<Q", prefix)
    if n > _MAX_HEADER:
        raise FileFormatError(
            f"glassnet.load: '{name}' is not a safetensors file (its first 8 bytes do not give a "
            "header length; was it written by torch.save or pickle?)"
        )
    if n > size - 8:
        raise FileFormatError(f"glassnet.load: '{name}' is truncated (the header says {n} bytes, "
                              f"the file has {size - 8} after the length)")
    try:
        header = json.loads(bytes(rest[:n]).decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("header is not a JSON object")
    except (UnicodeDecodeError, ValueError) as e:
        raise FileFormatError(f"glassnet.load: '{name}' is not a safetensors file or is corrupt "
                              f"(unreadable header: {e})") from None
    end = max((v.get("data_offsets", [0, 0])[1] for k, v in header.items()
               if k != "__metadata__" and isinstance(v, dict)), default=0)
    if 8 + n + end > size:
        raise FileFormatError(f"glassnet.load: '{name}' is truncated (needs {8 + n + end} bytes, "
                              f"has {size})")
    return header


def _glassnet_metadata(header: dict, name: str) -> dict:
    meta = header.get("__metadata__") or {}
    if meta.get("format") != FORMAT or "structure" not in meta:
        raise FileFormatError(
            f"glassnet.load: '{name}' is a safetensors file but was not written by glassnet.save "
            f"(format={meta.get('format')!r}); read plain or PyTorch tensors with "
            "glassnet.io.load_torch_state_dict(path)"
        )
    version = int(meta.get("format_version", "1"))
    if version > FORMAT_VERSION:
        raise FileFormatError(f"glassnet.load: '{name}' uses file format {version}; this glassnet reads "
                              f"up to {FORMAT_VERSION} (upgrade glassnet)")
    return meta


def _guard(name: str, fn: Any) -> Any:
    try:
        return fn()
    except FileFormatError:
        raise
    except Exception as e:  # safetensors raises its own SafetensorError for damaged files
        raise FileFormatError(f"glassnet.load: '{name}' is corrupt: {e}") from None


def _checksum(arrays: dict[str, np.ndarray]) -> int:
    crc = 0
    for key in sorted(arrays):
        a = arrays[key]
        a = a if a.flags.c_contiguous else a.copy(order="C")
        crc = zlib.crc32(key.encode(), crc)
        if a.size:
            crc = zlib.crc32(a.reshape(-1).view(np.uint8), crc)
    return crc
