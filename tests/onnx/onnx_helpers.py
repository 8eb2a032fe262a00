"""Shared by the ONNX tests: export a model, run the file in onnxruntime, compare with glassnet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import glassnet
from glassnet import nn


def flat(out: Any) -> list:
    if isinstance(out, glassnet.Tensor):
        return [out]
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in flat(o)]
    return []


def randomize_batchnorm(model: nn.Module) -> None:
    """Running statistics far from (0, 1), so eval-mode BatchNorm really does something."""
    rng = np.random.default_rng(0)
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)) and m.running_mean is not None:
            m.running_mean._data[:] = rng.normal(0, 0.5, m.running_mean.shape)
            m.running_var._data[:] = rng.uniform(0.5, 2.0, m.running_var.shape)


def check_export(model: nn.Module, make_input: Callable[[int], Any], path: Path, sizes=(2, 3),
                 dynamic_batch: bool = True, atol: float = 1e-5, **kw: Any) -> Any:
    """Export on make_input(sizes[0]); the file passes onnx.checker and, in onnxruntime, gives glassnet's
    outputs (max abs diff <= atol) for every size in ``sizes`` (one size when the batch is fixed)."""
    import onnx
    import onnxruntime as ort

    proto = glassnet.onnx.export(model, make_input(sizes[0]), path, dynamic_batch=dynamic_batch, **kw)
    onnx.checker.check_model(onnx.load(str(path)), full_check=True)
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    model.eval()
    for n in sizes if dynamic_batch else sizes[:1]:
        x = make_input(n)
        args = x if isinstance(x, tuple) else (x,)
        with glassnet.no_grad():
            want = [t.numpy() for t in flat(model(*args))]
        inputs = list({id(t): t for t in flat(args)}.values())
        got = sess.run(None, {i.name: t.numpy() for i, t in zip(sess.get_inputs(), inputs)})
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert g.shape == w.shape, (n, g.shape, w.shape)
            assert g.dtype == w.dtype
            assert np.abs(g.astype(np.float64) - w).max() <= atol, (n, np.abs(g - w).max())
    return proto
