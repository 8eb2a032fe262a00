"""The one place that imports mpi4py: lazily, with an error naming the extra that installs it."""

from __future__ import annotations

import os
from typing import Any

INSTALL_HINT = 'pip install "glassnet[distributed]"'

# Environment variables the common launchers set in every process they start (MPICH's Hydra, Open MPI,
# Intel MPI, Slurm): they tell whether we run under mpiexec before mpi4py (and MPI_Init) is touched.
_SIZE_VARS = ("PMI_SIZE", "OMPI_COMM_WORLD_SIZE", "MPI_LOCALNRANKS", "PMIX_SIZE")


def mpi() -> Any:
    """mpi4py's MPI module (importing it initialises MPI); a clear ImportError when mpi4py is missing."""
    try:
        from mpi4py import MPI
    except ImportError as e:
        raise ImportError(f"glassnet.distributed needs mpi4py and an MPI library: {INSTALL_HINT} "
                          f"(installs mpi4py and MPICH from wheels) ({e})") from None
    return MPI


def launched_world_size() -> int:
    """How many processes the MPI launcher started (from its environment); 1 when not under a launcher.

    Example:
        >>> glassnet.distributed.launched_world_size()  # doctest: +SKIP
        1
    """
    for var in _SIZE_VARS:
        value = os.environ.get(var)
        if value and value.isdigit():
            return int(value)
    return 1


def is_available() -> bool:
    """Whether mpi4py can be imported (without importing it, so MPI is not initialised).

    Example:
        >>> glassnet.distributed.is_available()  # doctest: +SKIP
        True
    """
    import importlib.util

    return importlib.util.find_spec("mpi4py") is not None
