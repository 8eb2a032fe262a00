"""glassnet.distributed: data-parallel training across processes and machines on MPI (``torch.distributed``'s names).

Start N copies of a script with ``mpiexec -n N python train.py`` (or ``glassnet train --nproc N``);
in it, :func:`init` joins them, :class:`DistributedDataParallel` averages the gradients, and
:class:`DistributedSampler` gives each rank its own shard of the data. Needs the ``distributed`` extra
(``pip install "glassnet[distributed]"``: mpi4py and MPICH from wheels); importing this package does not
need it, nor start MPI.
"""

from ._mpi import is_available, launched_world_size
from .ddp import DistributedDataParallel
from .errors import DistributedError
from .process_group import (
    ReduceOp,
    Work,
    abort,
    all_reduce,
    barrier,
    broadcast,
    destroy_process_group,
    get_rank,
    get_world_size,
    init,
    init_process_group,
    is_initialized,
    rank,
    world_size,
)
from .sampler import DistributedSampler

__all__ = [
    "DistributedDataParallel", "DistributedError", "DistributedSampler", "ReduceOp", "Work", "abort",
    "all_reduce", "barrier", "broadcast", "destroy_process_group", "get_rank", "get_world_size", "init",
    "init_process_group", "is_available", "is_initialized", "launched_world_size", "rank", "world_size",
]
