"""Shared helpers for the optimizer tests: a tiny MLP trained twice, in glassnet and in PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import glassnet


class TinyMLP:
    """A 4-8-3 tanh MLP on fixed data; the same initial values and batches in glassnet and torch."""

    def __init__(self, dtype: str = "float64", seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self.dtype = dtype
        self.init = [rng.normal(0, 0.5, s).astype(dtype) for s in [(4, 8), (8,), (8, 3), (3,)]]
        self.batches = [(rng.normal(size=(16, 4)).astype(dtype), rng.normal(size=(16, 3)).astype(dtype))
                        for _ in range(5)]

    def glassnet_params(self) -> list:
        return [glassnet.tensor(a.copy(), requires_grad=True) for a in self.init]

    def torch_params(self, torch) -> list:
        return [torch.tensor(a.copy(), requires_grad=True) for a in self.init]

    @staticmethod
    def loss(params, x, y):
        w1, b1, w2, b2 = params
        return (((x @ w1 + b1).tanh() @ w2 + b2 - y) ** 2).mean()

    def groups(self, params: list, group_options: list | None) -> list:
        """The params as given, or split into two groups (layer 1, layer 2) with per-group options."""
        if group_options is None:
            return params
        return [dict(params=params[:2], **group_options[0]), dict(params=params[2:], **group_options[1])]

    def glassnet_step(self, opt, params, i: int) -> float:
        x, y = (glassnet.tensor(a) for a in self.batches[i % len(self.batches)])
        opt.zero_grad()
        loss = self.loss(params, x, y)
        loss.backward()
        opt.step()
        return loss.item()

    def torch_step(self, torch, opt, params, i: int) -> float:
        x, y = (torch.tensor(a) for a in self.batches[i % len(self.batches)])
        opt.zero_grad()
        loss = self.loss(params, x, y)
        loss.backward()
        opt.step()
        return loss.item()


def paired_optimizers(name: str, kwargs: dict) -> tuple:
    """The same two-group optimizer (lr 0.1 and 0.05) in glassnet and torch, for scheduler comparisons."""
    torch = pytest.importorskip("torch")
    gp = [glassnet.zeros(3, requires_grad=True), glassnet.zeros(2, requires_grad=True)]
    tp = [torch.zeros(3, requires_grad=True), torch.zeros(2, requires_grad=True)]
    go = getattr(glassnet.optim, name)([{"params": gp[:1]}, {"params": gp[1:], "lr": 0.05}], lr=0.1, **kwargs)
    to = getattr(torch.optim, name)([{"params": tp[:1]}, {"params": tp[1:], "lr": 0.05}], lr=0.1, **kwargs)
    return go, to


def momenta(opt) -> list:
    """Each group's momentum as schedulers see it: betas[0] for Adam-likes, else momentum (NaN if none)."""
    return [g["betas"][0] if "betas" in g else g.get("momentum", float("nan")) for g in opt.param_groups]


def compare_trajectories(name: str, kwargs: dict, steps: int = 50, dtype: str = "float64",
                         rtol: float = 1e-5, atol: float = 1e-9, group_options: list | None = None) -> None:
    """Train the tiny MLP with glassnet.optim.<name> and torch.optim.<name>; params must agree every step."""
    torch = pytest.importorskip("torch")
    model = TinyMLP(dtype)
    gp, tp = model.glassnet_params(), model.torch_params(torch)
    gopt = getattr(glassnet.optim, name)(model.groups(gp, group_options), **kwargs)
    topt = getattr(torch.optim, name)(model.groups(tp, group_options), foreach=False, **kwargs)
    for i in range(steps):
        gl = model.glassnet_step(gopt, gp, i)
        tl = model.torch_step(torch, topt, tp, i)
        np.testing.assert_allclose(gl, tl, rtol=rtol, atol=atol, err_msg=f"{name} loss at step {i}")
        for j, (g, t) in enumerate(zip(gp, tp)):
            np.testing.assert_allclose(g._data, t.detach().numpy(), rtol=rtol, atol=atol,
                                       err_msg=f"{name}{kwargs} param {j} after step {i + 1}")


def check_resume(name: str, kwargs: dict, first: int = 10, then: int = 10) -> None:
    """Save after `first` steps, load into a fresh optimizer, go on: same as never stopping."""
    model = TinyMLP("float64")
    straight = model.glassnet_params()
    opt = getattr(glassnet.optim, name)(straight, **kwargs)
    for i in range(first + then):
        model.glassnet_step(opt, straight, i)

    params = model.glassnet_params()
    opt = getattr(glassnet.optim, name)(params, **kwargs)
    for i in range(first):
        model.glassnet_step(opt, params, i)
    saved = opt.state_dict()
    snapshot = [p._data.copy() for p in params]
    del opt
    resumed = [glassnet.tensor(a, requires_grad=True) for a in snapshot]
    fresh = getattr(glassnet.optim, name)(resumed, **kwargs)
    fresh.load_state_dict(saved)
    for i in range(first, first + then):
        model.glassnet_step(fresh, resumed, i)
    for a, b in zip(straight, resumed):
        np.testing.assert_array_equal(a._data, b._data)



def _to_torch_state_dict(torch, sd: dict) -> dict:
    """A glassnet optimizer state_dict with its tensors as torch tensors (what torch.load would give)."""
    def convert(v):
        if isinstance(v, glassnet.Tensor):
            return torch.tensor(v._data)
        if isinstance(v, list):
            return [convert(x) for x in v]
        return v
    return {"state": {k: {n: convert(v) for n, v in s.items()} for k, s in sd["state"].items()},
            "param_groups": sd["param_groups"]}


def check_torch_state_dict_round_trip(name: str, kwargs: dict, first: int = 7, then: int = 7) -> None:
    """A torch state_dict loads into glassnet and a glassnet one into torch: same keys, same continuation."""
    torch = pytest.importorskip("torch")
    model = TinyMLP()
    tp = model.torch_params(torch)
    topt = getattr(torch.optim, name)(tp, foreach=False, **kwargs)
    for i in range(first):
        model.torch_step(torch, topt, tp, i)
    gp = [glassnet.tensor(p.detach().numpy().copy(), requires_grad=True) for p in tp]
    gopt = getattr(glassnet.optim, name)(gp, **kwargs)
    gopt.load_state_dict(topt.state_dict())
    assert gopt.state_dict()["state"][0].keys() == topt.state_dict()["state"][0].keys()
    assert gopt.state_dict()["param_groups"][0].keys() == topt.state_dict()["param_groups"][0].keys()
    for i in range(first, first + then):
        model.torch_step(torch, topt, tp, i)
        model.glassnet_step(gopt, gp, i)
    for g, t in zip(gp, tp):
        np.testing.assert_allclose(g._data, t.detach().numpy(), rtol=1e-6, atol=1e-9)

    # and back: glassnet's state_dict, as torch tensors, continues identically in torch
    tp2 = [torch.tensor(p._data.copy(), requires_grad=True) for p in gp]
    topt2 = getattr(torch.optim, name)(tp2, foreach=False, **kwargs)
    topt2.load_state_dict(_to_torch_state_dict(torch, gopt.state_dict()))
    for i in range(first + then, first + 2 * then):
        model.torch_step(torch, topt2, tp2, i)
        model.glassnet_step(gopt, gp, i)
    for g, t in zip(gp, tp2):
        np.testing.assert_allclose(g._data, t.detach().numpy(), rtol=1e-6, atol=1e-9)
