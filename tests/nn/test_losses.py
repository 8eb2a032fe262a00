"""Losses: values and gradients vs PyTorch for every reduction and option, stability, errors, gradchecks."""

import numpy as np
import pytest

import glassnet as gn
import glassnet.nn as nn
import glassnet.nn.functional as F
from glassnet.autograd import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
TF = torch.nn.functional
RNG = np.random.default_rng(0)
REDUCTIONS = ["none", "mean", "sum"]


def _rand(*shape, dtype=np.float32, scale=1.0):
    return (RNG.standard_normal(shape) * scale).astype(dtype)


def _compare(gfn, tfn, inputs, grad_idx=(0,), rtol=1e-5, atol=1e-6):
    """Run both frameworks on the same arrays; compare outputs and the gradients of ``grad_idx``."""
    g_in = [gn.tensor(a, requires_grad=i in grad_idx) if a.dtype.kind == "f" else gn.tensor(a)
            for i, a in enumerate(inputs)]
    t_in = [torch.tensor(a, requires_grad=i in grad_idx) if a.dtype.kind == "f" else torch.tensor(a)
            for i, a in enumerate(inputs)]
    go, to = gfn(*g_in), tfn(*t_in)
    np.testing.assert_allclose(go._data, to.detach().numpy(), rtol=rtol, atol=atol)
    up = _rand(*to.shape)
    go.backward(gn.tensor(up))
    to.backward(torch.tensor(up))
    for i in grad_idx:
        np.testing.assert_allclose(g_in[i].grad._data, t_in[i].grad.numpy(), rtol=rtol, atol=atol,
                                   err_msg=f"gradient of input {i}")


# ---- regression --------------------------------------------------------------------------------
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name,kw", [("mse_loss", {}), ("l1_loss", {}), ("smooth_l1_loss", {"beta": 0.5}),
                                     ("smooth_l1_loss", {"beta": 0.0}), ("huber_loss", {"delta": 0.7})])
def test_regression_losses(name, kw, reduction):
    a, b = _rand(4, 5), _rand(4, 5)
    _compare(lambda x, y: getattr(F, name)(x, y, reduction=reduction, **kw),
             lambda x, y: getattr(TF, name)(x, y, reduction=reduction, **kw), [a, b], grad_idx=(0, 1))


@pytest.mark.parametrize("cls,tcls,kw", [(nn.MSELoss, torch.nn.MSELoss, {}), (nn.L1Loss, torch.nn.L1Loss, {}),
                                         (nn.SmoothL1Loss, torch.nn.SmoothL1Loss, {"beta": 2.0}),
                                         (nn.HuberLoss, torch.nn.HuberLoss, {"delta": 2.0})])
def test_regression_modules(cls, tcls, kw):
    a, b = _rand(3, 4, scale=3), _rand(3, 4)
    _compare(cls(**kw), tcls(**kw), [a, b])
    assert cls(reduction="sum").reduction == "sum"
    with pytest.raises(ValueError, match="reduction"):
        cls(reduction="avg")(gn.tensor(a), gn.tensor(b))


def test_regression_gradchecks():
    a = gn.tensor(_rand(3, 4, dtype=np.float64), requires_grad=True)
    b = gn.tensor(_rand(3, 4, dtype=np.float64), requires_grad=True)
    for fn in (F.mse_loss, F.l1_loss, lambda x, y: F.smooth_l1_loss(x, y, beta=0.8),
               lambda x, y: F.huber_loss(x, y, reduction="none", delta=0.5)):
        assert gradcheck(fn, (a, b))
    assert gradgradcheck(F.mse_loss, (a, b))


def test_target_shape_error():
    with pytest.raises(ValueError, match=r"mse_loss.*\(3, 2\).*\(4, 5\)"):
        F.mse_loss(gn.ones(4, 5), gn.ones(3, 2))


# ---- cross-entropy -----------------------------------------------------------------------------
CE_CASES = [
    {},
    {"weight": True},
    {"ignore_index": 1},
    {"weight": True, "ignore_index": 2},
    {"label_smoothing": 0.1},
    {"label_smoothing": 0.2, "weight": True},
    {"label_smoothing": 0.15, "weight": True, "ignore_index": 0},
]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case", CE_CASES)
@pytest.mark.parametrize("shape", [(6, 4), (3, 4, 5), (2, 4, 3, 2)])
def test_cross_entropy_class_indices(shape, case, reduction):
    n_cls = shape[1]
    x = _rand(*shape, scale=2)
    t = RNG.integers(0, n_cls, (shape[0],) + shape[2:]).astype(np.int64)
    kw = dict(case)
    w = RNG.uniform(0.2, 2.0, n_cls).astype(np.float32) if kw.pop("weight", False) else None

    def g_fn(x, t):
        return F.cross_entropy(x, t, weight=None if w is None else gn.tensor(w), reduction=reduction, **kw)

    def t_fn(x, t):
        tw = None if w is None else torch.tensor(w)
        return TF.cross_entropy(x, t, weight=tw, reduction=reduction, **kw)

    _compare(g_fn, t_fn, [x, t])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("smoothing", [0.0, 0.25])
@pytest.mark.parametrize("weighted", [False, True])
def test_cross_entropy_probability_targets(reduction, smoothing, weighted):
    x = _rand(5, 3, 2)
    p = RNG.dirichlet(np.ones(3), size=(5, 2)).transpose(0, 2, 1).astype(np.float32)
    w = RNG.uniform(0.5, 2, 3).astype(np.float32) if weighted else None
    _compare(lambda x, p: F.cross_entropy(x, p, None if w is None else gn.tensor(w), reduction=reduction,
                                          label_smoothing=smoothing),
             lambda x, p: TF.cross_entropy(x, p, None if w is None else torch.tensor(w), reduction=reduction,
                                           label_smoothing=smoothing),
             [x, p], grad_idx=(0, 1))


def test_cross_entropy_module_unbatched_and_buffers():
    w = gn.tensor([1.0, 2.0, 0.5])
    loss = nn.CrossEntropyLoss(weight=w, label_smoothing=0.1, ignore_index=-1)
    assert "weight" in loss.state_dict()
    tl = torch.nn.CrossEntropyLoss(weight=torch.tensor(w._data), label_smoothing=0.1, ignore_index=-1)
    x = _rand(3)
    _compare(lambda x, t: loss(x, t), lambda x, t: tl(x, t), [x, np.array(2)])
    _compare(lambda x, t: F.cross_entropy(x, t, reduction="none"),
             lambda x, t: TF.cross_entropy(x, t, reduction="none"), [x, np.array(0)])


def test_cross_entropy_extreme_logits_are_finite():
    x = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4], [1e4, 1e4, -1e4]], dtype=np.float32)
    t = np.array([1, 2, 0])
    for kw in ({}, {"label_smoothing": 0.1}):
        gx = gn.tensor(x, requires_grad=True)
        out = F.cross_entropy(gx, gn.tensor(t), **kw)
        out.backward()
        ref = TF.cross_entropy(torch.tensor(x), torch.tensor(t), **kw)
        assert np.isfinite(out.item()) and np.all(np.isfinite(gx.grad._data))
        np.testing.assert_allclose(out.item(), ref.item(), rtol=1e-5)
    gx = gn.tensor(x, requires_grad=True)
    F.binary_cross_entropy_with_logits(gx, gn.tensor(np.ones_like(x))).backward()
    assert np.all(np.isfinite(gx.grad._data))


def test_cross_entropy_all_ignored_is_nan_like_torch():
    out = F.cross_entropy(gn.randn(2, 3), gn.tensor([-100, -100]))
    assert np.isnan(out.item())


def test_cross_entropy_errors():
    x = gn.randn(4, 3)
    with pytest.raises(IndexError, match=r"cross_entropy: target 3 is out of bounds for 3 classes"):
        F.cross_entropy(x, gn.tensor([0, 1, 3, 2]))
    with pytest.raises(IndexError, match="out of bounds"):
        F.cross_entropy(x, gn.tensor([0, -5, 1, 2]))
    with pytest.raises(ValueError, match=r"cross_entropy: expected target of shape \(4,\)"):
        F.cross_entropy(x, gn.tensor([0, 1]))
    with pytest.raises(ValueError, match="probability targets"):
        F.cross_entropy(x, gn.randn(4, 2))
    with pytest.raises(ValueError, match="weight"):
        F.cross_entropy(x, gn.tensor([0, 1, 1, 2]), weight=gn.ones(5))
    with pytest.raises(ValueError, match="label_smoothing"):
        F.cross_entropy(x, gn.tensor([0, 1, 1, 2]), label_smoothing=1.5)


def test_cross_entropy_gradchecks():
    x = gn.tensor(_rand(4, 3, 2, dtype=np.float64), requires_grad=True)
    t = gn.tensor(RNG.integers(0, 3, (4, 2)))
    w = gn.tensor(np.array([0.5, 1.0, 2.0]))
    assert gradcheck(lambda x: F.cross_entropy(x, t, w, label_smoothing=0.1, ignore_index=1), (x,))
    assert gradcheck(lambda x: F.cross_entropy(x, t, reduction="none"), (x,))
    p = gn.tensor(np.ascontiguousarray(RNG.dirichlet(np.ones(3), size=(4, 2)).transpose(0, 2, 1)),
                  requires_grad=True)
    assert gradcheck(lambda x, p: F.cross_entropy(x, p, w, label_smoothing=0.2), (x, p))
    assert gradgradcheck(lambda x: F.cross_entropy(x, t, w, label_smoothing=0.1), (x,))


# ---- NLL ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted,ignore", [(False, -100), (True, -100), (True, 1)])
def test_nll_loss(reduction, weighted, ignore):
    x = _rand(5, 3, 2)
    t = RNG.integers(0, 3, (5, 2)).astype(np.int64)
    w = RNG.uniform(0.5, 2, 3).astype(np.float32) if weighted else None
    _compare(lambda x, t: F.nll_loss(x, t, None if w is None else gn.tensor(w), ignore_index=ignore,
                                     reduction=reduction),
             lambda x, t: TF.nll_loss(x, t, None if w is None else torch.tensor(w), ignore_index=ignore,
                                      reduction=reduction), [x, t])
    assert isinstance(nn.NLLLoss()(gn.randn(2, 3), gn.tensor([0, 1])), gn.Tensor)


def test_nll_log_softmax_equals_cross_entropy_and_gradcheck():
    x = gn.tensor(_rand(4, 5, dtype=np.float64), requires_grad=True)
    t = gn.tensor([0, 4, 2, 2])
    np.testing.assert_allclose(F.nll_loss(F.log_softmax(x, 1), t).item(), F.cross_entropy(x, t).item())
    assert gradcheck(lambda x: F.nll_loss(x, t, reduction="sum"), (x,))
    assert gradgradcheck(lambda x: F.nll_loss(F.log_softmax(x, 1), t), (x,))


# ---- binary ------------------------------------------------------------------------------------
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_bce(reduction, weighted):
    p = RNG.uniform(0.02, 0.98, (4, 3)).astype(np.float32)
    y = RNG.uniform(0, 1, (4, 3)).astype(np.float32)
    w = RNG.uniform(0.5, 2, (4, 3)).astype(np.float32) if weighted else None
    _compare(lambda p, y: F.binary_cross_entropy(p, y, None if w is None else gn.tensor(w),
                                                 reduction=reduction),
             lambda p, y: TF.binary_cross_entropy(p, y, None if w is None else torch.tensor(w),
                                                  reduction=reduction),
             [p, y], grad_idx=(0, 1), rtol=1e-4)


def test_bce_saturated_and_errors():
    p = np.array([0.0, 1.0, 0.5], dtype=np.float32)
    y = np.array([1.0, 0.0, 1.0], dtype=np.float32)
    _compare(lambda p, y: nn.BCELoss(reduction="none")(p, y),
             lambda p, y: torch.nn.BCELoss(reduction="none")(p, y), [p, y])
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.binary_cross_entropy(gn.tensor([1.5]), gn.tensor([1.0]))
    with pytest.raises(ValueError, match="target size"):
        F.binary_cross_entropy(gn.tensor([0.5]), gn.tensor([1.0, 0.0]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted,pos", [(False, False), (True, False), (False, True), (True, True)])
def test_bce_with_logits(reduction, weighted, pos):
    x = _rand(4, 3, scale=3)
    y = RNG.uniform(0, 1, (4, 3)).astype(np.float32)
    w = RNG.uniform(0.5, 2, (4, 3)).astype(np.float32) if weighted else None
    pw = RNG.uniform(0.5, 3, 3).astype(np.float32) if pos else None
    gl = nn.BCEWithLogitsLoss(weight=None if w is None else gn.tensor(w), reduction=reduction,
                              pos_weight=None if pw is None else gn.tensor(pw))
    tl = torch.nn.BCEWithLogitsLoss(weight=None if w is None else torch.tensor(w), reduction=reduction,
                                    pos_weight=None if pw is None else torch.tensor(pw))
    _compare(gl, tl, [x, y], grad_idx=(0, 1))


def test_binary_gradchecks():
    p = gn.tensor(RNG.uniform(0.1, 0.9, (3, 2)), requires_grad=True)
    y = gn.tensor(RNG.uniform(0, 1, (3, 2)), requires_grad=True)
    assert gradcheck(F.binary_cross_entropy, (p, y))
    x = gn.tensor(_rand(3, 2, dtype=np.float64), requires_grad=True)
    pw = gn.tensor(np.array([2.0, 0.5]))
    assert gradcheck(lambda x, y: F.binary_cross_entropy_with_logits(x, y, pos_weight=pw), (x, y))
    assert gradgradcheck(lambda x, y: F.binary_cross_entropy_with_logits(x, y, pos_weight=pw), (x, y))


# ---- KL divergence -----------------------------------------------------------------------------
@pytest.mark.parametrize("reduction", REDUCTIONS + ["batchmean"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div(reduction, log_target):
    x = np.log(RNG.dirichlet(np.ones(4), size=3)).astype(np.float32)
    t = RNG.dirichlet(np.ones(4), size=3).astype(np.float32)
    t[0, 1] = 0.0  # a zero target contributes zero
    if log_target:
        t = np.log(t + 1e-3).astype(np.float32)
    _compare(lambda x, t: nn.KLDivLoss(reduction=reduction, log_target=log_target)(x, t),
             lambda x, t: torch.nn.KLDivLoss(reduction=reduction, log_target=log_target)(x, t), [x, t])


def test_one_hot():
    out = F.one_hot(gn.tensor([[0, 2], [1, 1]]), 3)
    assert out.dtype == gn.int64 and out.shape == (2, 2, 3)
    np.testing.assert_array_equal(out._data, TF.one_hot(torch.tensor([[0, 2], [1, 1]]), 3).numpy())
    assert F.one_hot(gn.tensor([0, 3])).shape == (2, 4)
    with pytest.raises(RuntimeError, match="one_hot"):
        F.one_hot(gn.tensor([0, 3]), 2)
