"""Write a file so that readers see either the old version or the complete new one, never half."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(path: str | os.PathLike, write: Callable[[str], None]) -> None:
    """Writes a file so that readers see either the old version or the complete new one, never half of it.

    ``write(tmp_path)`` writes a temporary file in the same folder; it is flushed to disk, given
    the mode ``open()`` would give it, and renamed over ``path`` in one step (the folder is created
    if needed). If ``write`` fails, the temporary file is removed and ``path`` is untouched.

    Args:
        path (str or os.PathLike): the file to write.
        write (callable): a function that writes the content to the path it is given.

    Example:
        >>> import os, tempfile, pathlib
        >>> path = os.path.join(tempfile.mkdtemp(), 'run', 'notes.txt')
        >>> glassnet.io.atomic_write(path, lambda tmp: pathlib.Path(tmp).write_text('done'))
        >>> open(path).read()
        'done'
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    # The temp file must live in the same directory: os.replace is only atomic within a filesystem.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    os.close(fd)
    try:
        write(tmp)
        # mkstemp makes the file private (0600); a finished file gets the mode open() would give it.
        os.chmod(tmp, 0o666 & ~_umask())
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())  # the bytes reach the disk before the name points at them
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(directory)


def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open directories, and needs not.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
