"""Occlusion (Zeiler and Fergus, 2014): the drop of the target score when a patch of the input is replaced."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy

from ..tensor import Tensor
from .attribution_utils import (
    _as_input,
    _baseline_like,
    _chunks,
    _extra_args,
    _forward_scores,
    _repeat_extra,
    _repeat_target,
    _target_index,
)


class Occlusion:
    """Occlusion (Zeiler and Fergus, 2014): slide a patch of baseline values over the input; a feature's
    attribution is the average drop of the target score over the windows that cover it.

    Args:
        forward_func: the model (or any callable) mapping a batch of inputs to scores.

    Example:
        >>> from glassnet.inspect import Occlusion
        >>> model = nn.Sequential(nn.Flatten(), nn.Linear(16, 2))
        >>> x = glassnet.randn(1, 1, 4, 4)
        >>> Occlusion(model).attribute(x, sliding_window_shapes=(1, 2, 2), target=0).shape
        glassnet.Size([1, 1, 4, 4])
    """

    def __init__(self, forward_func: Callable) -> None:
        self.forward_func = forward_func

    def attribute(self, inputs: Any, sliding_window_shapes: Sequence[int], strides: Any = None, baselines: Any = None,
                  target: Any = None, additional_forward_args: Any = None, perturbations_per_eval: int = 1,
                  show_progress: bool = False) -> Tensor:
        """Attributions shaped like ``inputs``.

        Args:
            inputs: a batch (N, ...).
            sliding_window_shapes: the patch's shape over the non-batch dims, e.g. (1, 3, 3) for (N, 1, H, W).
            strides: steps of the patch (an int for every dim, or one per dim; default 1).
            baselines: the value the patch holds: None (0), a number or a tensor broadcastable to ``inputs``.
            target: the class to explain: an int, or one per example.
            additional_forward_args: further arguments for ``forward_func``.
            perturbations_per_eval: occluded copies per forward pass (more is faster; the result is the same).
            show_progress: show a progress bar over the windows.
        """
        import glassnet

        who = "Occlusion"
        x = _as_input(inputs, who).detach()
        n, dims = x.shape[0], tuple(x.shape[1:])
        window = tuple(int(w) for w in (sliding_window_shapes if isinstance(sliding_window_shapes, Sequence)
                                        else (sliding_window_shapes,)))
        if len(window) != len(dims):
            raise ValueError(f"{who}: sliding_window_shapes {window} must have one entry per non-batch dim of the "
                             f"inputs {dims}")
        stride = (1,) * len(dims) if strides is None else (
            (int(strides),) * len(dims) if isinstance(strides, int) else tuple(int(s) for s in strides))
        if len(stride) != len(dims):
            raise ValueError(f"{who}: strides {stride} must have one entry per non-batch dim of the inputs {dims}")
        for d, w, s in zip(dims, window, stride):
            if w > d or w < 1:
                raise ValueError(f"{who}: sliding window {window} does not fit the inputs' dims {dims}")
            if d > w and s > w:
                raise ValueError(f"{who}: stride {stride} cannot be larger than the sliding window {window}")
        tgt = _target_index(target, n, who)
        extra = _extra_args(additional_forward_args)
        base = _baseline_like(baselines, x, who).detach()
        # Window starts as Captum takes them: ceil((d - w) / s) + 1 per dim; the last may run past the edge.
        starts = [[k * s for k in range(int(numpy.ceil((d - w) / s)) + 1)] for d, w, s in zip(dims, window, stride)]
        grid = numpy.stack(numpy.meshgrid(*starts, indexing="ij"), -1).reshape(-1, len(dims))

        def masks(corners: numpy.ndarray) -> numpy.ndarray:
            # Built per batch of windows: all windows' masks at once would be (windows x input size) booleans.
            m = numpy.zeros((len(corners),) + dims, dtype=bool)
            for i, corner in enumerate(corners):
                m[(i, *(slice(c, c + w) for c, w in zip(corner, window)))] = True
            return m

        with glassnet.no_grad():
            start = _forward_scores(self.forward_func, x, tgt, extra, who).numpy()
            xa, ba = x.numpy(), base.numpy()
            total = numpy.zeros((n,) + dims, dtype=numpy.float64)
            counts = numpy.zeros(dims, dtype=numpy.float64)
            batches = _chunks(len(grid), max(1, int(perturbations_per_eval)))
            if show_progress:
                from tqdm.auto import tqdm

                batches = tqdm(batches, desc="Occlusion", unit="batch", leave=False, disable=len(batches) < 10)
            for part in batches:
                m = masks(grid[part])  # (k, *dims)
                k = len(m)
                occluded = numpy.where(m[:, None], ba[None], xa[None]).reshape((k * n,) + dims)  # window-major
                scores = _forward_scores(self.forward_func, glassnet.from_numpy(occluded.astype(xa.dtype)),
                                         _repeat_target(tgt, k), _repeat_extra(extra, n, k), who)
                drop = (start[None, :] - scores.numpy().reshape(k, n)).astype(numpy.float64)
                total += numpy.einsum("kn,k...->n...", drop, m.astype(numpy.float64))
                counts += m.sum(0)
        return glassnet.from_numpy((total / counts).astype(xa.dtype))
