"""Pretrained weights shipped inside the package: ``models/pretrained/<name>.safetensors``.

Each file is an ordinary glassnet safetensors file of a zoo model's ``state_dict`` whose metadata carries
one more entry, ``pretrained``: a JSON record of how the weights were made (dataset and the SHA-256 of its
files, the training recipe, the test accuracy). ``tools/train_pretrained.py NAME`` rebuilds a file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

PRETRAINED_DIR = Path(__file__).resolve().parent / "pretrained"


def list_pretrained() -> list[str]:
    """Names of the zoo models that have shipped weights.

    Example:
        >>> "lenet5" in glassnet.models.list_pretrained()
        True
    """
    if not PRETRAINED_DIR.is_dir():
        return []
    return sorted(p.stem for p in PRETRAINED_DIR.glob("*.safetensors"))


def _path(name: str) -> Path:
    key = name.lower()
    path = PRETRAINED_DIR / f"{key}.safetensors"
    if not path.is_file():
        have = ", ".join(list_pretrained()) or "none"
        raise ValueError(f"pretrained=True: no shipped weights for model {name!r}; models with weights: {have}")
    return path


def pretrained_info(name: str) -> dict[str, Any]:
    """How the shipped weights of ``name`` were made: dataset, data hashes, recipe and test accuracy.

    Args:
        name (str): a zoo model name with shipped weights (see :func:`list_pretrained`).

    Example:
        >>> info = glassnet.models.pretrained_info("lenet5")
        >>> info["dataset"], info["test_accuracy"] > 0.95
        ('mnist', True)
    """
    from ..io import read_header

    meta = read_header(_path(name)).get("__metadata__") or {}
    return json.loads(meta.get("pretrained", "{}"))


def load_pretrained(model: Any, name: str) -> Any:
    """Load the shipped weights of zoo model ``name`` into ``model`` (strictly) and return it.

    Args:
        model (Module): a model built with the recipe's arguments (``pretrained_info(name)["model_kwargs"]``).
        name (str): the zoo name of the weights.

    Example:
        >>> m = glassnet.models.load_pretrained(glassnet.models.LeNet5(), "lenet5")
        >>> m(glassnet.zeros(1, 1, 28, 28)).shape
        glassnet.Size([1, 10])
    """
    from ..io import load

    path = _path(name)
    state = load(path)
    try:
        model.load_state_dict(state)
    except (RuntimeError, KeyError, ValueError) as e:
        raise ValueError(f"load_pretrained: the weights in {path.name} do not fit {type(model).__name__}: "
                         f"{str(e).splitlines()[0]}") from None
    return model


def check_pretrained_kwargs(name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The recipe's model arguments updated by ``kwargs``; a clear error where they change a weight's shape."""
    info = pretrained_info(name)
    recipe = dict(info.get("model_kwargs", {}))
    for k, v in kwargs.items():
        if k in recipe and recipe[k] != v:
            hint = (" (build it with the pretrained head, then glassnet.transfer.replace_head(model, "
                    f"{v}))" if k == "num_classes" else "")
            raise ValueError(f"pretrained=True: the {name} weights were trained with {k}={recipe[k]!r}, "
                             f"not {v!r}{hint}")
    recipe.update(kwargs)
    return recipe


def save_pretrained(state_dict: dict, path: str | os.PathLike, info: dict[str, Any]) -> None:
    """Write ``state_dict`` as a glassnet safetensors file with ``info`` as its ``pretrained`` metadata."""
    import safetensors.numpy as stnp

    from .. import __version__
    from ..io.atomic import atomic_write
    from ..io.safetensors_file import FORMAT, FORMAT_VERSION, _checksum
    from ..io.tree import flatten

    skeleton, arrays = flatten(state_dict)
    metadata = {"format": FORMAT, "format_version": str(FORMAT_VERSION), "glassnet_version": __version__,
                "structure": json.dumps(skeleton, separators=(",", ":")), "crc32": str(_checksum(arrays)),
                "pretrained": json.dumps(info, sort_keys=True)}
    atomic_write(path, lambda tmp: stnp.save_file(arrays, tmp, metadata=metadata))
