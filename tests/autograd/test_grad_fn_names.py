"""grad_fn names and reprs as PyTorch prints them (MulBackward0 ...)."""

from __future__ import annotations

import re

import numpy as np
import pytest

import glassnet

torch = pytest.importorskip("torch")

A = np.arange(1.0, 7.0, dtype=np.float32).reshape(2, 3)

OPS = {
    "add": lambda x: x + x,
    "sub": lambda x: x - 1,
    "mul": lambda x: x * 2,
    "div": lambda x: x / 2,
    "neg": lambda x: -x,
    "pow_scalar": lambda x: x**2,
    "pow_tensor": lambda x: x**x,
    "rpow": lambda x: 2**x,
    "exp": lambda x: x.exp(),
    "log": lambda x: x.log(),
    "sum": lambda x: x.sum(),
    "sum_dim": lambda x: x.sum(0),
    "mean": lambda x: x.mean(),
    "mean_dim": lambda x: x.mean(1),
    "mm": lambda x: x @ x.T,
    "view": lambda x: x.view(3, 2),
    "permute": lambda x: x.permute(1, 0),
    "expand": lambda x: x[:1].expand(4, 3),
    "tanh": lambda x: x.tanh(),
    "sigmoid": lambda x: x.sigmoid(),
    "relu": lambda x: x.relu(),
    "abs": lambda x: x.abs(),
    "clone": lambda x: x.clone(),
    "prod": lambda x: x.prod(),
    "prod_dim": lambda x: x.prod(1),
    "softmax": lambda x: x.softmax(1),
    "log_softmax": lambda x: x.log_softmax(1),
    "sign": lambda x: x.sign(),
    "round_decimals": lambda x: x.round(decimals=2),
    "select": lambda x: x[0],
    "select_after_full_slice": lambda x: x[:, 1],
    "slice": lambda x: x[:, 1:],
    "full_slice": lambda x: x[:],
    "slice_after_select": lambda x: x[0, 1:],
    "ellipsis_select": lambda x: x[..., 1],
    "index_none": lambda x: x[None],
    "advanced": lambda x: x[[0, 1, 1]],
    "mask": lambda x: x[x > 2],
    "unsqueeze": lambda x: x.unsqueeze(0),
    "squeeze_all": lambda x: x.unsqueeze(0).squeeze(),
    "squeeze_dim": lambda x: x.unsqueeze(0).squeeze(0),
    "transpose": lambda x: x.transpose(0, 1),
    "t": lambda x: x.t(),
    "T": lambda x: x.T,
    "max_all": lambda x: x.max(),
    "min_all": lambda x: x.min(),
    "max_dim": lambda x: x.max(1)[0],
    "min_dim": lambda x: x.min(0).values,
    "amax": lambda x: x.amax(1),
    "maximum": lambda x: x.maximum(x * 2),
    "floor": lambda x: x.floor(),
    "remainder": lambda x: x % 2,
    "fmod_tensor": lambda x: x.fmod(x + 1),
    "gather": lambda x: x.gather(1, type(x)([[0], [1]]).long() if isinstance(x, glassnet.Tensor)
                                 else torch.tensor([[0], [1]])),
}


@pytest.mark.parametrize("name", sorted(OPS))
def test_grad_fn_name_matches_torch(name):
    out = OPS[name](glassnet.tensor(A, requires_grad=True))
    ref = OPS[name](torch.tensor(A, requires_grad=True))
    assert out.grad_fn.name() == ref.grad_fn.name()
    assert re.fullmatch(rf"<{ref.grad_fn.name()} object at 0x[0-9a-f]+>", repr(out.grad_fn))
    assert repr(out).endswith(f"grad_fn=<{ref.grad_fn.name()}>)")
