"""The process group: which process am I, how many are we, and the collectives between us (on MPI).

One process per rank, started by ``mpiexec -n N``; :func:`init_process_group` joins them (PyTorch's
name; :func:`init` is the short one). Every collective is posted non-blocking and then polled against a
deadline (``timeout``, default ``$GLASSNET_DIST_TIMEOUT`` or 300 s): a rank that died or hangs makes the
others raise :class:`DistributedError` naming it, instead of waiting forever. To name it, a rank that
has to wait first tells every peer "I reached collective k" on a second communicator; when the deadline
passes, the ranks that never said so are the culprits.

Once initialised, an uncaught exception on any rank aborts the whole job (``MPI_Abort``), as
``python -m mpi4py`` does: otherwise the other ranks would wait on it until their own deadline.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from typing import Any

import numpy as np

from ..tensor import Tensor
from ._mpi import mpi
from .errors import DistributedError

DEFAULT_TIMEOUT_S = 300.0
_TAG_ARRIVED = 17


class ReduceOp:
    """The reductions of :func:`all_reduce`: ``SUM``, ``PRODUCT``, ``MIN``, ``MAX`` and ``AVG`` (PyTorch's names).

    Example:
        >>> glassnet.distributed.ReduceOp.SUM
        'sum'
    """

    SUM = "sum"
    PRODUCT = "product"
    MIN = "min"
    MAX = "max"
    AVG = "avg"


class _State:
    def __init__(self) -> None:
        self.comm: Any = None  # collectives on data
        self.ctl: Any = None  # "I reached collective k" notes, apart from the data's messages
        self.timeout = DEFAULT_TIMEOUT_S
        self.seq = 0  # collectives posted so far: the same count on every rank, as MPI orders them
        self.seen: np.ndarray | None = None  # per rank: the highest collective it said it reached
        self.sends: list = []
        self.prev_hook: Any = None


_S = _State()


def _timeout_s(timeout: Any) -> float:
    if timeout is None:
        text = os.environ.get("GLASSNET_DIST_TIMEOUT")
        if not text:
            return DEFAULT_TIMEOUT_S
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"GLASSNET_DIST_TIMEOUT must be a number of seconds, got {text!r}") from None
    elif isinstance(timeout, datetime.timedelta):
        value = timeout.total_seconds()
    else:
        value = float(timeout)
    if not value > 0:
        raise ValueError(f"init_process_group: timeout must be > 0 seconds, got {value}")
    return value


def init_process_group(backend: str | None = "mpi", init_method: str | None = None, timeout: Any = None,
                       world_size: int = -1, rank: int = -1, **kwargs: Any) -> None:
    """Initializes the default distributed process group: every process started by ``mpiexec`` joins it.

    Args:
        backend (str, optional): ``'mpi'`` (the only one glassnet has). Default: ``'mpi'``.
        init_method (str, optional): accepted for PyTorch compatibility; MPI's launcher connects the ranks.
        timeout (float or datetime.timedelta, optional): how long a collective may wait for the other ranks
            before raising :class:`DistributedError`. Default: ``$GLASSNET_DIST_TIMEOUT`` seconds, else 300.
        world_size (int, optional): if given, must equal the number of processes ``mpiexec`` started.
        rank (int, optional): if given, must equal this process's MPI rank.

    Example:
        >>> from glassnet import distributed as dist
        >>> dist.init_process_group()  # doctest: +SKIP
        >>> dist.get_rank(), dist.get_world_size()  # doctest: +SKIP
        (0, 2)
    """
    if backend not in (None, "mpi"):
        raise ValueError(f"init_process_group: glassnet's only backend is 'mpi', got {backend!r}")
    if _S.comm is not None:
        raise RuntimeError("init_process_group: trying to initialize the default process group twice!")
    timeout_s = _timeout_s(timeout)
    MPI = mpi()
    world = MPI.COMM_WORLD
    if world_size not in (-1, None) and world_size != world.Get_size():
        raise ValueError(f"init_process_group: world_size={world_size} but mpiexec started {world.Get_size()} "
                         "processes")
    if rank not in (-1, None) and rank != world.Get_rank():
        raise ValueError(f"init_process_group: rank={rank} but MPI gave this process rank {world.Get_rank()}")
    _S.comm, _S.ctl = world.Dup(), world.Dup()
    _S.timeout, _S.seq, _S.sends = timeout_s, 0, []
    _S.seen = np.full(world.Get_size(), -1, dtype=np.int64)
    piddir = os.environ.get("GLASSNET_DIST_PIDDIR")
    if piddir:  # set by glassnet's launcher, which names the rank behind a PID that mpiexec reports dead
        import socket

        with open(os.path.join(piddir, f"rank{world.Get_rank()}"), "w") as f:
            f.write(f"{os.getpid()} {socket.gethostname()}\n")
    if world.Get_size() > 1:
        _S.prev_hook = sys.excepthook
        sys.excepthook = _abort_on_uncaught


def init(timeout: Any = None) -> None:
    """Joins the MPI job if not joined yet (:func:`init_process_group` with the defaults); safe to call twice.

    Args:
        timeout (float or datetime.timedelta, optional): as in :func:`init_process_group`.

    Example:
        >>> from glassnet import distributed as dist
        >>> dist.init()  # doctest: +SKIP
    """
    if _S.comm is None:
        init_process_group(timeout=timeout)


def destroy_process_group(group: Any = None) -> None:
    """Leaves the process group (the collectives need :func:`init_process_group` again afterwards).

    Args:
        group (optional): accepted for PyTorch compatibility; glassnet has the default group only.

    Example:
        >>> from glassnet import distributed as dist
        >>> dist.destroy_process_group()  # doctest: +SKIP
    """
    if _S.comm is None:
        return
    _drain()
    for comm in (_S.comm, _S.ctl):
        comm.Free()
    if _S.prev_hook is not None:
        sys.excepthook, _S.prev_hook = _S.prev_hook, None
    _S.comm = _S.ctl = _S.seen = None
    _S.sends = []


def is_initialized() -> bool:
    """Whether :func:`init_process_group` has run in this process.

    Example:
        >>> glassnet.distributed.is_initialized()
        False
    """
    return _S.comm is not None


def get_rank(group: Any = None) -> int:
    """This process's rank, ``0 .. world_size - 1``; 0 when the process group is not initialized.

    Args:
        group (optional): accepted for PyTorch compatibility.

    Example:
        >>> glassnet.distributed.get_rank()
        0
    """
    return _S.comm.Get_rank() if _S.comm is not None else 0


def get_world_size(group: Any = None) -> int:
    """The number of processes in the job; 1 when the process group is not initialized.

    Args:
        group (optional): accepted for PyTorch compatibility.

    Example:
        >>> glassnet.distributed.get_world_size()
        1
    """
    return _S.comm.Get_size() if _S.comm is not None else 1


def rank() -> int:
    """Short for :func:`get_rank`.

    Example:
        >>> glassnet.distributed.rank()
        0
    """
    return get_rank()


def world_size() -> int:
    """Short for :func:`get_world_size`.

    Example:
        >>> glassnet.distributed.world_size()
        1
    """
    return get_world_size()


class Work:
    """A collective in flight (returned with ``async_op=True``): ``wait()`` finishes it, ``is_completed()`` polls.

    Args:
        request: the MPI request of the non-blocking collective.
        seq (int): the collective's number, the same on every rank.
        what (str): a description for the error message.
        finish (callable, optional): run once the collective completes. Default: ``None``.

    Example:
        >>> from glassnet import distributed as dist
        >>> work = dist.all_reduce(glassnet.ones(3), async_op=True)  # doctest: +SKIP
        >>> work.wait()  # doctest: +SKIP
        True
    """

    def __init__(self, request: Any, seq: int, what: str, finish: Any = None) -> None:
        self.request, self.seq, self.what, self._finish = request, seq, what, finish
        self._done = request is None

    def is_completed(self) -> bool:
        """Whether the collective has finished (progresses it)."""
        if not self._done and self.request.Test():
            self._complete()
        return self._done

    def wait(self, timeout: Any = None) -> bool:
        """Blocks until the collective finishes; :class:`DistributedError` naming the absent ranks at the deadline."""
        if not self._done:
            _wait(self.request, self.seq, self.what, _timeout_s(timeout) if timeout is not None else None)
            self._complete()
        return True

    def _complete(self) -> None:
        self._done = True
        if self._finish is not None:
            self._finish()
            self._finish = None


def _require(what: str) -> Any:
    if _S.comm is None:
        raise RuntimeError(f"{what}: the default process group has not been initialized; call "
                           "glassnet.distributed.init_process_group() (under mpiexec) first")
    return _S.comm


def _post(what: str) -> int:
    seq = _S.seq
    _S.seq += 1
    return seq


def _buffer(tensor: Tensor, what: str) -> tuple[np.ndarray, bool]:
    if not isinstance(tensor, Tensor):
        raise TypeError(f"{what}: expected a glassnet Tensor, got {type(tensor).__name__}")
    data = tensor._data
    if isinstance(data, np.ndarray) and data.flags.c_contiguous and data.flags.writeable:
        return data, False
    return np.ascontiguousarray(np.asarray(data)), True


def all_reduce(tensor: Tensor, op: str = ReduceOp.SUM, group: Any = None, async_op: bool = False) -> Work | None:
    """Reduces ``tensor`` across all ranks, in place: afterwards every rank holds the same result.

    Args:
        tensor (Tensor): input and output of the collective, on every rank of the same shape and dtype.
        op (ReduceOp, optional): ``SUM``, ``PRODUCT``, ``MIN``, ``MAX`` or ``AVG``. Default: ``ReduceOp.SUM``.
        group (optional): accepted for PyTorch compatibility; glassnet has the default group only.
        async_op (bool, optional): return a :class:`Work` to ``wait()`` on instead of blocking. Default: ``False``.

    Example:
        >>> from glassnet import distributed as dist
        >>> t = glassnet.tensor([float(dist.get_rank() + 1)])  # doctest: +SKIP
        >>> dist.all_reduce(t)  # doctest: +SKIP
        >>> t  # with 2 ranks  # doctest: +SKIP
        tensor([3.])
    """
    comm = _require("all_reduce")
    MPI = mpi()
    ops = {ReduceOp.SUM: MPI.SUM, ReduceOp.AVG: MPI.SUM, ReduceOp.PRODUCT: MPI.PROD, ReduceOp.MIN: MPI.MIN,
           ReduceOp.MAX: MPI.MAX}
    if op not in ops:
        raise ValueError(f"all_reduce: unknown op {op!r}; use a glassnet.distributed.ReduceOp")
    buf, copied = _buffer(tensor, "all_reduce")
    seq = _post("all_reduce")
    request = comm.Iallreduce(MPI.IN_PLACE, buf, op=ops[op])

    def finish() -> None:
        if op == ReduceOp.AVG:
            buf[...] = buf / comm.Get_size()
        if copied:
            tensor._data = buf
        tensor._version += 1

    work = Work(request, seq, f"all_reduce of a {tuple(buf.shape)} tensor", finish)
    return work if async_op else work.wait() and None


def broadcast(tensor: Tensor, src: int, group: Any = None, async_op: bool = False) -> Work | None:
    """Copies ``tensor`` from rank ``src`` into the same tensor on every other rank, in place.

    Args:
        tensor (Tensor): the data on ``src``, overwritten on the other ranks (same shape and dtype everywhere).
        src (int): the rank that sends.
        group (optional): accepted for PyTorch compatibility.
        async_op (bool, optional): return a :class:`Work` instead of blocking. Default: ``False``.

    Example:
        >>> from glassnet import distributed as dist
        >>> t = glassnet.tensor([float(dist.get_rank())])  # doctest: +SKIP
        >>> dist.broadcast(t, src=0)  # doctest: +SKIP
        >>> t  # on every rank  # doctest: +SKIP
        tensor([0.])
    """
    comm = _require("broadcast")
    if not 0 <= src < comm.Get_size():
        raise ValueError(f"broadcast: src={src} is not a rank of a world of {comm.Get_size()}")
    buf, copied = _buffer(tensor, "broadcast")
    seq = _post("broadcast")
    request = comm.Ibcast(buf, root=src)

    def finish() -> None:
        if copied:
            tensor._data = buf
        tensor._version += 1

    work = Work(request, seq, f"broadcast of a {tuple(buf.shape)} tensor from rank {src}", finish)
    return work if async_op else work.wait() and None


def barrier(group: Any = None, async_op: bool = False) -> Work | None:
    """Waits until every rank has reached this call.

    Args:
        group (optional): accepted for PyTorch compatibility.
        async_op (bool, optional): return a :class:`Work` instead of blocking. Default: ``False``.

    Example:
        >>> glassnet.distributed.barrier()  # doctest: +SKIP
    """
    comm = _require("barrier")
    seq = _post("barrier")
    work = Work(comm.Ibarrier(), seq, "barrier")
    return work if async_op else work.wait() and None


def allreduce_array(array: np.ndarray, op: str = ReduceOp.SUM) -> np.ndarray:
    """Reduce a NumPy array across ranks (a copy; the array itself is left alone). For fit's bookkeeping."""
    t = Tensor(np.ascontiguousarray(array).copy())
    all_reduce(t, op)
    return t._data


def abort(code: int = 1) -> None:
    """Ends every process of the job now (``MPI_Abort``); after an error one rank cannot recover from alone.

    Args:
        code (int, optional): the exit status the launcher reports. Default: ``1``.

    Example:
        >>> glassnet.distributed.abort(1)  # doctest: +SKIP
    """
    sys.stdout.flush()
    sys.stderr.flush()
    comm = _S.comm if _S.comm is not None else mpi().COMM_WORLD
    comm.Abort(code)


# ---- waiting with a deadline ------------------------------------------------------------------
def _wait(request: Any, seq: int, what: str, timeout: float | None = None) -> None:
    if request.Test():
        return
    _announce(seq)
    limit = _S.timeout if timeout is None else timeout
    start = time.monotonic()
    deadline = start + limit
    pause = 0.0
    while not request.Test():
        _drain()
        now = time.monotonic()
        if now > deadline:
            me = _S.comm.Get_rank()
            missing = [r for r in range(_S.comm.Get_size()) if r != me and _S.seen[r] < seq]
            who = (f"rank{'s' if len(missing) > 1 else ''} {', '.join(map(str, missing))}" if missing
                   else "another rank")
            raise DistributedError(
                f"glassnet.distributed: rank {me} waited {limit:g} s in {what} (collective #{seq}) for "
                f"{who}, which never reached it: it died or hangs. The timeout is GLASSNET_DIST_TIMEOUT "
                f"or init_process_group(timeout=...)", missing)
        # Spin briefly (collectives on one machine finish in microseconds), then sleep, so a waiting rank
        # leaves the cores to the ranks still computing.
        if now - start > 1e-3:
            pause = min(2e-3, pause * 2 or 5e-5)
            time.sleep(pause)


def _announce(seq: int) -> None:
    me = _S.comm.Get_rank()
    note = np.array([seq], dtype=np.int64)
    _S.sends = [r for r in _S.sends if not r.Test()]
    for peer in range(_S.comm.Get_size()):
        if peer != me:
            _S.sends.append(_S.ctl.Isend(note, dest=peer, tag=_TAG_ARRIVED))


def _drain() -> None:
    MPI = mpi()
    status = MPI.Status()
    note = np.empty(1, dtype=np.int64)
    while _S.ctl.Iprobe(source=MPI.ANY_SOURCE, tag=_TAG_ARRIVED, status=status):
        src = status.Get_source()
        _S.ctl.Recv(note, source=src, tag=_TAG_ARRIVED)
        _S.seen[src] = max(_S.seen[src], note[0])


def _abort_on_uncaught(exc_type: Any, exc: BaseException, tb: Any) -> None:
    hook = _S.prev_hook or sys.__excepthook__
    if isinstance(exc, DistributedError):
        print(f"{exc}", file=sys.stderr)
    else:
        print(f"glassnet.distributed: rank {get_rank()} failed; aborting the job", file=sys.stderr)
        hook(exc_type, exc, tb)
    abort(1)
