"""The checked backend catches each way an op can go around the backend (so a clean conformance run means
something), and lets the backend's own calls through."""

from __future__ import annotations

import numpy

import glassnet
from glassnet.autograd import Function
from glassnet.backend import array_module
from glassnet.checked_backend import CheckedArray, record, used_names


def _run(op):
    x = glassnet.tensor([0.5, -1.0, 2.0], device="checked", requires_grad=True)
    with record() as found:
        out = op.apply(x)
        out.sum().backward()
    return out, found


class Good(Function):
    @staticmethod
    def forward(ctx, a):
        xp = array_module(a)
        ctx.save_for_backward(a)
        return xp.exp(a) + xp.zeros(a.shape, dtype=a.dtype) * a.sum()

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g * array_module(a).exp(a)


class CallsNumpy(Good):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return numpy.exp(a)  # the bug under test


class MixesHostMask(Good):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * numpy.ones(a.shape, dtype=a.dtype)


class BuildsWithNumpy(Good):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return numpy.zeros(a.shape, dtype=a.dtype)


def test_the_backends_own_calls_pass():
    out, found = _run(Good)
    assert found == [] and type(out._data) is CheckedArray


def test_each_bypass_is_recorded_with_its_line():
    _, found = _run(CallsNumpy)
    assert found and "numpy.exp() called directly" in found[0][0] and "test_checked_backend.py" in found[0][1]
    _, found = _run(MixesHostMask)
    assert found and "a NumPy array mixed into a backend array's __mul__" in found[0][0]
    out, _ = _run(BuildsWithNumpy)
    assert type(out._data) is numpy.ndarray  # not the backend's array: the suite's type check fails it


def test_used_names_are_noted_for_the_cupy_check():
    with used_names() as names:
        _run(Good)
    assert {"exp", "zeros", "ndarray.sum"} <= names
