"""Saving and loading: safetensors files with JSON metadata (never pickle), atomic writes, torch import."""

from .atomic import atomic_write
from .safetensors_file import FileFormatError, load, read_header, save
from .torch_import import load_torch_state_dict
from .tree import SerializationError

__all__ = ["save", "load", "load_torch_state_dict", "atomic_write", "read_header", "FileFormatError",
           "SerializationError"]
