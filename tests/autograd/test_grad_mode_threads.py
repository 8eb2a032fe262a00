"""Grad mode is per thread, as in PyTorch: no_grad in one thread leaves another thread recording."""

import threading

import pytest

import glassnet


def _in_thread(fn):
    out = {}

    def run():
        out["value"] = fn()

    t = threading.Thread(target=run)
    t.start()
    t.join()
    return out["value"]


def test_a_new_thread_starts_with_grad_enabled():
    with glassnet.no_grad():
        assert _in_thread(glassnet.is_grad_enabled) is True
        assert glassnet.is_grad_enabled() is False


def test_no_grad_in_one_thread_does_not_stop_another_from_recording():
    entered, release = threading.Event(), threading.Event()

    def evaluate():
        with glassnet.no_grad():
            entered.set()
            release.wait(5)

    t = threading.Thread(target=evaluate)
    t.start()
    entered.wait(5)
    try:
        w = glassnet.ones(3, requires_grad=True)
        loss = (w * 2).sum()  # recorded although the other thread is inside no_grad
        loss.backward()
        assert w.grad.tolist() == [2.0, 2.0, 2.0]
    finally:
        release.set()
        t.join()


def test_set_grad_enabled_in_a_thread_stays_in_that_thread():
    glassnet.set_grad_enabled(True)
    _in_thread(lambda: glassnet.set_grad_enabled(False))
    assert glassnet.is_grad_enabled() is True


def test_torch_agrees_that_grad_mode_is_per_thread():
    torch = pytest.importorskip("torch")
    with torch.no_grad():
        out = {}
        t = threading.Thread(target=lambda: out.setdefault("v", torch.is_grad_enabled()))
        t.start()
        t.join()
    assert out["v"] is True
