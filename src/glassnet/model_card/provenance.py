"""Which data files a run read, with their sizes and SHA-256 digests (for the model card)."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path
from typing import Any

IDX_STEMS = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def sha256(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    """The SHA-256 of a file, read in chunks (MNIST's 50 MB never sits in memory at once).

    Args:
        path (str or os.PathLike): the file.
        chunk (int, optional): bytes read at a time. Default: ``1 << 20``.

    Returns:
        str: 64 hex digits.

    Example:
        >>> import os, tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / 'empty'
        >>> _ = path.write_bytes(b'')
        >>> glassnet.model_card.sha256(path)[:16]
        'e3b0c44298fc1c14'
    """
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def data_files(config: dict) -> list[Path]:
    """The files a run's dataset is read from: the CSV, the shipped digits, or the four IDX files."""
    dataset = config.get("dataset", "")
    if dataset.startswith("csv:"):
        return [Path(dataset[4:])]
    if dataset == "digits":
        from importlib import resources

        return [Path(str(resources.files("glassnet.data.datasets").joinpath("files/digits.csv.gz")))]
    if dataset in ("mnist", "fashion-mnist") and config.get("data_dir"):
        from ..data import datasets as ds

        cls = ds.MNIST if dataset == "mnist" else ds.FashionMNIST
        finder = object.__new__(cls)  # only its file search, without reading 60,000 images
        finder.root = Path(config["data_dir"])
        found = []
        for stem in IDX_STEMS:
            try:
                found.append(finder._find(stem, False))
            except FileNotFoundError:
                continue
        return found
    return []


def provenance(config: dict) -> list[dict[str, Any]]:
    """``[{'file', 'bytes', 'sha256'}]`` for each data file that still exists (a moved file is listed as missing)."""
    out = []
    for path in data_files(config):
        if path.is_file():
            out.append({"file": str(path), "bytes": path.stat().st_size, "sha256": sha256(path)})
        else:
            out.append({"file": str(path), "bytes": None, "sha256": None, "note": "missing when the card was written"})
    return out


def git_commit() -> str | None:
    """The git commit of the glassnet source tree in use, when it is a git checkout; else None."""
    here = Path(__file__).resolve().parent
    try:
        res = subprocess.run(["git", "-C", str(here), "rev-parse", "HEAD"], capture_output=True, text=True,
                             timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = res.stdout.strip()
    return commit if res.returncode == 0 and len(commit) == 40 else None
