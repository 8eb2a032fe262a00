"""Replacing an existing child, parameter or buffer keeps its slot in the order (as PyTorch does)."""

from __future__ import annotations

import pytest

import glassnet

torch = pytest.importorskip("torch")


def _build(lib):
    class Net(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = lib.nn.Linear(2, 3)
            self.act = lib.nn.ReLU()
            self.fc = lib.nn.Linear(3, 1)
            self.scale = lib.nn.Parameter(lib.ones(1))
            self.offset = lib.nn.Parameter(lib.zeros(1))
            self.register_buffer("a", lib.zeros(1))
            self.register_buffer("b", lib.zeros(1))

    return Net()


def _replace(lib, m):
    m.conv1 = lib.nn.Linear(2, 3, bias=False)
    m.scale = lib.nn.Parameter(lib.full((1,), 2.0))
    m.a = lib.ones(1)
    m.register_buffer("a", lib.ones(2))


def test_replacing_members_keeps_their_slots_like_torch():
    g, t = _build(glassnet), _build(torch)
    _replace(glassnet, g)
    _replace(torch, t)
    assert [n for n, _ in g.named_children()] == [n for n, _ in t.named_children()]
    assert [n for n, _ in g.named_parameters()] == [n for n, _ in t.named_parameters()]
    assert [n for n, _ in g.named_buffers()] == [n for n, _ in t.named_buffers()]
    assert list(g.state_dict()) == list(t.state_dict())
    # The example: dropping the last child after replacing the first drops `fc`, not `conv1`.
    assert list(g.children())[:-1] == [g.conv1, g.act]



@pytest.mark.parametrize("lib", [glassnet, torch], ids=["glassnet", "torch"])
def test_a_parameter_assigned_over_a_child_replaces_it(lib):
    m = lib.nn.Module()
    m.w = lib.nn.Linear(1, 1)
    m.w = lib.nn.Parameter(lib.ones(1))
    assert "w" not in m._modules and list(m._parameters) == ["w"]
