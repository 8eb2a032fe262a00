"""One RemovableHandle for every hook: tensor hooks, post-accumulate hooks and Module hooks, at PyTorch's paths."""

from __future__ import annotations

import glassnet as gn
import glassnet.nn as nn


def test_one_handle_class_at_every_path():
    from glassnet.autograd.hooks import RemovableHandle
    from glassnet.nn.hooks import RemovableHandle as from_nn_hooks
    from glassnet.nn.module import RemovableHandle as from_module
    from glassnet.nn.modules.module import RemovableHandle as from_torch_module_path
    from glassnet.utils.hooks import RemovableHandle as from_utils

    assert RemovableHandle is from_nn_hooks is from_module is from_torch_module_path is from_utils
    t = gn.ones(2, requires_grad=True)
    m = nn.Linear(2, 2)
    handles = [t.register_hook(lambda g: None), t.register_post_accumulate_grad_hook(lambda x: None),
               m.register_forward_pre_hook(lambda mod, args: None), m.register_forward_hook(lambda *a: None),
               m.register_full_backward_hook(lambda *a: None)]
    assert all(type(h) is RemovableHandle for h in handles)
    ids = [h.id for h in handles]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)  # one counter for all hook dictionaries


def test_tensor_hook_handle_removes_once_and_as_context_manager():
    x = gn.ones(2, requires_grad=True)
    h = x.register_hook(lambda g: g * 3)
    (x * 2).sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]
    h.remove()
    h.remove()  # a second remove does nothing
    x.grad = None
    (x * 2).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]
    x.grad = None
    with x.register_hook(lambda g: g * 5):
        (x * 2).sum().backward()
    assert x.grad.tolist() == [10.0, 10.0]
    x.grad = None
    (x * 2).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_post_accumulate_grad_hook_handle():
    w = gn.ones(2, requires_grad=True)
    seen = []
    with w.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.tolist())) as h:
        (w * 3).sum().backward()
    h.remove()
    (w * 3).sum().backward()
    assert seen == [[3.0, 3.0]]


def test_module_hook_handles_remove_once():
    m = nn.Linear(2, 2)
    calls = []
    hooks = [m.register_forward_pre_hook(lambda mod, args: calls.append("pre")),
             m.register_forward_hook(lambda mod, args, out: calls.append("fwd")),
             m.register_full_backward_hook(lambda mod, gi, go: calls.append("bwd"))]
    m(gn.ones(1, 2, requires_grad=True)).sum().backward()
    assert calls == ["pre", "fwd", "bwd"]
    for h in hooks:
        h.remove()
        h.remove()
    assert not (m._forward_pre_hooks or m._forward_hooks or m._backward_hooks)
    m(gn.ones(1, 2, requires_grad=True)).sum().backward()
    assert calls == ["pre", "fwd", "bwd"]
