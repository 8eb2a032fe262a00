"""DistributedDataParallel: every rank runs the whole model on its own shard of the batch; gradients are averaged.

Gradients are averaged with one ``Iallreduce`` per bucket, not per parameter: the parameters are packed,
in reverse order (the order backward tends to produce their gradients), into contiguous buckets of at
most ``bucket_cap_mb``. A post-accumulate-grad hook on every parameter copies its gradient into the
bucket; the moment a bucket is full its non-blocking allreduce is posted, so communication of the last
layers overlaps the backward pass through the first ones. When the last bucket is posted (still inside
``backward()``) the hook waits for all of them and writes the averaged gradients back into ``p.grad``:
after ``loss.backward()`` returns, every rank holds the same gradients and ``optimizer.step()`` keeps the
replicas identical. How much actually overlaps depends on the MPI library progressing messages in the
background; MPICH does that only inside MPI calls, so the overlap is partial (see docs/scaling.md).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy as np

from ..nn.module import Module
from . import process_group as pg


class _Bucket:
    def __init__(self, params: list, dtype: Any) -> None:
        self.params = params
        self.offsets: list[tuple[int, int]] = []
        n = 0
        for p in params:
            self.offsets.append((n, n + p.numel()))
            n += p.numel()
        self.flat = np.zeros(n, dtype=dtype)
        self.ready: set[int] = set()  # indices of the params whose gradient is in flat
        self.work: Any = None

    def nbytes(self) -> int:
        return self.flat.nbytes


class DistributedDataParallel(Module):
    """Implements distributed data parallelism over MPI: one process per rank, gradients averaged across them.

    At construction the parameters and buffers of rank 0 are broadcast to every rank, so all replicas start
    equal. Each rank then feeds its own part of the data (see :class:`DistributedSampler`); during
    ``backward()`` the gradients are averaged across ranks in contiguous buckets of ``bucket_cap_mb``
    (one non-blocking ``Allreduce`` each, posted as soon as the bucket's gradients are in). With a per-rank
    batch ``B`` on ``N`` ranks, a step equals one step of a single process on the ``N * B`` samples.
    The wrapped model is ``self.module`` (state-dict keys start with ``module.``, as in PyTorch).

    Args:
        module (Module): the model to replicate.
        device_ids (list, optional): accepted for PyTorch compatibility (glassnet ranks run on the CPU).
        output_device (optional): accepted for PyTorch compatibility.
        dim (int, optional): accepted for PyTorch compatibility. Default: ``0``.
        broadcast_buffers (bool, optional): copy rank 0's buffers (BatchNorm's running statistics) to every
            rank at the start of each forward. Default: ``True``.
        process_group (optional): accepted for PyTorch compatibility; the default group is used.
        bucket_cap_mb (float, optional): the most megabytes (MiB) of gradients per bucket. Default: ``25``.
        find_unused_parameters (bool, optional): accepted for PyTorch compatibility; a parameter that
            receives no gradient in a backward is reported at the next forward. Default: ``False``.

    Example:
        >>> from glassnet import distributed as dist
        >>> dist.init()  # under mpiexec -n 2  # doctest: +SKIP
        >>> model = dist.DistributedDataParallel(nn.Linear(4, 2))  # doctest: +SKIP
        >>> model(glassnet.randn(8, 4)).sum().backward()  # grads now averaged over the ranks  # doctest: +SKIP
    """

    def __init__(self, module: Module, device_ids: Any = None, output_device: Any = None, dim: int = 0,
                 broadcast_buffers: bool = True, process_group: Any = None, bucket_cap_mb: float | None = 25,
                 find_unused_parameters: bool = False, **kwargs: Any) -> None:
        super().__init__()
        if not isinstance(module, Module):
            raise TypeError(f"DistributedDataParallel: expected a Module, got {type(module).__name__}")
        if bucket_cap_mb is None:
            bucket_cap_mb = 25
        if not bucket_cap_mb > 0:
            raise ValueError(f"DistributedDataParallel: bucket_cap_mb must be > 0, got {bucket_cap_mb}")
        pg.init()
        self.module = module
        self.dim = dim
        self.broadcast_buffers = broadcast_buffers
        self.bucket_cap_mb = bucket_cap_mb
        self.find_unused_parameters = find_unused_parameters
        self.require_backward_grad_sync = True
        self.world_size = pg.get_world_size()
        self._sync_params_and_buffers()
        self._buckets = self._make_buckets([p for p in module.parameters() if p.requires_grad],
                                           int(bucket_cap_mb * 1024 * 1024))
        self._posted = 0
        self._expect_sync = False
        self._hooks = []
        if self.world_size > 1:
            for bucket in self._buckets:
                for i, p in enumerate(bucket.params):
                    self._hooks.append(p.register_post_accumulate_grad_hook(self._make_hook(bucket, i)))

    @staticmethod
    def _make_buckets(params: list, cap_bytes: int) -> list[_Bucket]:
        buckets, current, size, dtype = [], [], 0, None
        for p in reversed(params):
            nbytes = p._data.nbytes
            if current and (size + nbytes > cap_bytes or p._data.dtype != dtype):
                buckets.append(_Bucket(current, dtype))
                current, size = [], 0
            current.append(p)
            size += nbytes
            dtype = p._data.dtype
        if current:
            buckets.append(_Bucket(current, dtype))
        return buckets

    def bucket_sizes(self) -> list[int]:
        """The size of each gradient bucket in bytes, in the order they are reduced (one Allreduce each).

        Example:
            >>> from glassnet import distributed as dist
            >>> dist.DistributedDataParallel(nn.Linear(1000, 1000), bucket_cap_mb=1).bucket_sizes()  # doctest: +SKIP
            [4000, 4000000]
        """
        return [b.nbytes() for b in self._buckets]

    def _sync_params_and_buffers(self) -> None:
        if self.world_size == 1:
            return
        for t in [*self.module.parameters(), *self.module.buffers()]:
            pg.broadcast(t, src=0)

    def _make_hook(self, bucket: _Bucket, index: int) -> Any:
        def hook(p: Any) -> None:
            if not self.require_backward_grad_sync:
                return
            start, end = bucket.offsets[index]
            bucket.flat[start:end] = p.grad._data.reshape(-1)
            bucket.ready.add(index)
            if len(bucket.ready) == len(bucket.params):
                self._post(bucket)
        return hook

    def _post(self, bucket: _Bucket) -> None:
        from ..tensor import Tensor

        bucket.work = pg.all_reduce(Tensor(bucket.flat), async_op=True)
        self._posted += 1
        for b in self._buckets:  # MPICH moves messages only inside MPI calls: nudge the ones in flight
            if b.work is not None:
                b.work.is_completed()
        if self._posted == len(self._buckets):
            self._finish()

    def _finish(self) -> None:
        for bucket in self._buckets:
            bucket.work.wait()
            bucket.flat /= self.world_size
            for p, (start, end) in zip(bucket.params, bucket.offsets):
                p.grad._data[...] = bucket.flat[start:end].reshape(p.grad._data.shape)
                p.grad._version += 1
            bucket.work = None
            bucket.ready.clear()
        self._posted = 0

    def _check_previous_backward(self) -> None:
        if self._posted == 0 and not any(b.ready for b in self._buckets):
            return
        waiting = {id(p) for b in self._buckets if b.work is None
                   for i, p in enumerate(b.params) if i not in b.ready}
        missing = [name for name, p in self.module.named_parameters() if id(p) in waiting]
        for b in self._buckets:
            if b.work is not None:
                b.work.wait()
            b.work = None
            b.ready.clear()
        self._posted = 0
        raise RuntimeError("DistributedDataParallel: the last backward left gradients unsynchronised: some "
                           "parameters received no gradient"
                           + (f" ({', '.join(missing[:8])})" if missing else "")
                           + "; every parameter that requires grad must take part in the loss on every rank "
                             "(freeze unused ones with requires_grad_(False))")

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        """Runs the wrapped module (after copying rank 0's buffers to every rank, with ``broadcast_buffers``)."""
        if self.world_size > 1:
            self._check_previous_backward()
            if self.broadcast_buffers:
                for b in self.module.buffers():
                    pg.broadcast(b, src=0)
        return self.module(*inputs, **kwargs)

    def _release(self) -> None:
        """Unhook the parameters (fit wraps the model for one call; a second fit must not average twice)."""
        for handle in self._hooks:
            handle.remove()
        self._hooks = []

    @contextlib.contextmanager
    def no_sync(self) -> Iterator[None]:
        """A context in which backward accumulates gradients locally, without averaging them across ranks.

        The first backward after the block averages the accumulated gradients (gradient accumulation).

        Example:
            >>> from glassnet import distributed as dist
            >>> ddp = dist.DistributedDataParallel(nn.Linear(2, 1))  # doctest: +SKIP
            >>> with ddp.no_sync():  # doctest: +SKIP
            ...     ddp(glassnet.randn(4, 2)).sum().backward()
        """
        old = self.require_backward_grad_sync
        self.require_backward_grad_sync = False
        try:
            yield
        finally:
            self.require_backward_grad_sync = old
