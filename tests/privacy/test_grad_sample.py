"""Per-example gradients from one vectorised pass equal a loop of single-example backward passes (float64)."""

import numpy as np
import pytest

import glassnet
import glassnet.nn.functional as F
from glassnet import nn
from glassnet.privacy import GradSampleModule


def _loop_grads(net, x, y, loss_fn):
    out = {name: [] for name, p in net.named_parameters() if p.requires_grad}
    for i in range(x.shape[0]):
        net.zero_grad()
        loss_fn(net(x[i:i + 1]), y[i:i + 1]).backward()
        for name, p in net.named_parameters():
            if p.requires_grad:
                out[name].append(p.grad._data.copy())
    return {k: np.stack(v) for k, v in out.items()}


def _check(net, x, y, loss_fn=F.cross_entropy):
    net = net.double()
    if x.is_floating_point():
        x = x.double()
    model = GradSampleModule(net)
    loss_fn(model(x), y).backward()
    got = model.grad_samples()
    model.to_standard_module()
    want = _loop_grads(net, x, y, loss_fn)
    assert set(got) == set(want)
    for k in want:
        np.testing.assert_allclose(got[k]._data, want[k], rtol=1e-10, atol=1e-12, err_msg=k)
    return got


def _y(n, c=3):
    return glassnet.tensor(np.arange(n) % c)


def test_linear_2d_and_3d():
    _check(nn.Sequential(nn.Linear(5, 4), nn.Tanh(), nn.Linear(4, 3)), glassnet.randn(6, 5), _y(6))
    net = nn.Sequential(nn.Linear(5, 4), nn.Tanh(), nn.Flatten(), nn.Linear(4 * 7, 3))
    _check(net, glassnet.randn(6, 7, 5), _y(6))


@pytest.mark.parametrize("kw", [dict(), dict(stride=2, padding=1), dict(groups=2, dilation=2, padding="same"),
                                dict(padding=2, padding_mode="reflect", bias=False)])
def test_conv2d(kw):
    net = nn.Sequential(nn.Conv2d(4, 6, 3, **kw), nn.ReLU(), nn.Flatten(), nn.LazyLinear(3))
    x = glassnet.randn(5, 4, 8, 7)
    net(x)  # materialise the lazy layer
    _check(net, x, _y(5))


@pytest.mark.parametrize("kw", [dict(), dict(stride=2, groups=2), dict(padding="same", dilation=3)])
def test_conv1d(kw):
    net = nn.Sequential(nn.Conv1d(4, 6, 3, **kw), nn.ReLU(), nn.Flatten(), nn.LazyLinear(3))
    x = glassnet.randn(5, 4, 12)
    net(x)
    _check(net, x, _y(5))


def test_embedding_with_padding_idx():
    net = nn.Sequential(nn.Embedding(10, 4, padding_idx=0), nn.Flatten(), nn.Linear(4 * 5, 3))
    x = glassnet.tensor(np.random.default_rng(0).integers(0, 10, (6, 5)))
    x[0, 0] = 0
    got = _check(net, x, _y(6))
    assert np.all(got["0.weight"]._data[:, 0] == 0)


def test_layernorm_and_groupnorm():
    net = nn.Sequential(nn.Conv2d(2, 6, 3), nn.GroupNorm(3, 6), nn.ReLU(), nn.Flatten(), nn.LazyLinear(8),
                        nn.LayerNorm(8), nn.Linear(8, 3))
    x = glassnet.randn(4, 2, 6, 6)
    net(x)
    # non-trivial affine parameters so that every gradient term is exercised
    for p in net.parameters():
        p.data.copy_(p.data + 0.1 * glassnet.randn(*p.shape))
    _check(net, x, _y(4))
    _check(nn.Sequential(nn.LayerNorm((3, 4)), nn.Flatten(), nn.Linear(12, 3)), glassnet.randn(5, 3, 4), _y(5))


def test_layer_used_twice_and_frozen_parameters():
    lin = nn.Linear(4, 4)
    net = nn.Sequential(lin, nn.Tanh(), lin, nn.Linear(4, 3))
    net[3].bias.requires_grad_(False)
    got = _check(net, glassnet.randn(5, 4), _y(5))
    assert "3.bias" not in got


def test_sum_reduction():
    net = nn.Linear(3, 2).double()
    model = GradSampleModule(net, loss_reduction="sum")
    x, y = glassnet.randn(4, 3, dtype=glassnet.float64), _y(4, 2)
    F.cross_entropy(model(x), y, reduction="sum").backward()
    got = model.grad_samples()
    want = _loop_grads(net, x, y, F.cross_entropy)
    np.testing.assert_allclose(got["weight"]._data, want["weight"], rtol=1e-10)


def test_clipped_sums_match_manual_clipping():
    # the fast Linear path (no per-example arrays) and the generic path give the clipped sum of the loop
    net = nn.Sequential(nn.Conv2d(1, 3, 3), nn.ReLU(), nn.Flatten(), nn.Linear(3 * 4 * 4, 5), nn.ReLU(),
                        nn.Linear(5, 3)).double()
    x, y = glassnet.randn(7, 1, 6, 6, dtype=glassnet.float64), _y(7)
    model = GradSampleModule(net)
    F.cross_entropy(model(x), y).backward()
    sums, norms = model.clipped_sums(0.05)
    want = _loop_grads(net, x, y, F.cross_entropy)
    flat = np.concatenate([v.reshape(7, -1) for v in want.values()], axis=1)
    want_norms = np.linalg.norm(flat, axis=1)
    np.testing.assert_allclose(norms, want_norms, rtol=1e-10)
    coef = np.minimum(1, 0.05 / (want_norms + 1e-6))
    assert coef.max() < 1  # every example is clipped at this bound
    for name, p in net.named_parameters():
        np.testing.assert_allclose(sums[id(p)][1], np.tensordot(coef, want[name], axes=(0, 0)), rtol=1e-10,
                                   err_msg=name)


@pytest.mark.slow  # importing torch and Opacus takes most of it
@pytest.mark.filterwarnings("ignore:Full backward hook")
def test_matches_opacus():
    torch = pytest.importorskip("torch")
    opacus = pytest.importorskip("opacus")
    net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.GroupNorm(2, 4), nn.ReLU(), nn.Flatten(),
                        nn.Linear(4 * 6 * 6, 8), nn.LayerNorm(8), nn.Linear(8, 3)).double()
    tnet = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.GroupNorm(2, 4), torch.nn.ReLU(),
                               torch.nn.Flatten(), torch.nn.Linear(4 * 6 * 6, 8), torch.nn.LayerNorm(8),
                               torch.nn.Linear(8, 3)).double()
    with torch.no_grad():
        for (name, tp) in tnet.named_parameters():
            tp.copy_(torch.from_numpy(dict(net.named_parameters())[name]._data.copy()))
    x = np.random.default_rng(0).standard_normal((5, 1, 6, 6))
    y = np.arange(5) % 3
    model = GradSampleModule(net)
    F.cross_entropy(model(glassnet.tensor(x)), glassnet.tensor(y)).backward()
    got = model.grad_samples()
    tmodel = opacus.GradSampleModule(tnet)
    torch.nn.functional.cross_entropy(tmodel(torch.from_numpy(x)), torch.from_numpy(y)).backward()
    for name, tp in tnet.named_parameters():
        np.testing.assert_allclose(got[name]._data, tp.grad_sample.numpy(), rtol=1e-8, atol=1e-12, err_msg=name)


class _LastStep(nn.Module):
    def __init__(self, rnn, hidden, bidirectional=False):
        super().__init__()
        self.rnn, self.head = rnn, nn.Linear(hidden * (2 if bidirectional else 1), 3)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1])


@pytest.mark.parametrize("cls, kw", [(nn.LSTM, dict()), (nn.GRU, dict(num_layers=2)),
                                     (nn.RNN, dict(bidirectional=True)), (nn.RNN, dict(nonlinearity="relu"))])
def test_recurrent_layers_after_replace_recurrent(cls, kw):
    from glassnet.privacy import check_model, replace_recurrent

    glassnet.manual_seed(0)
    rnn = cls(3, 4, batch_first=True, **kw).double()
    x = glassnet.randn(5, 6, 3, dtype=glassnet.float64)
    net = _LastStep(rnn, 4, kw.get("bidirectional", False)).double()
    with pytest.raises(NotImplementedError, match=r"layer 'rnn' \(" + cls.__name__ + r"\).*replace_recurrent"):
        check_model(net)
    want_out = net(x)
    replace_recurrent(net)
    assert type(net.rnn).__name__ == "DP" + cls.__name__
    np.testing.assert_allclose(net(x)._data, want_out._data, rtol=1e-10, atol=1e-12)  # same function
    _check(net, x, _y(5))
    model = GradSampleModule(net)
    F.cross_entropy(model(x), _y(5)).backward()
    sums, norms = model.clipped_sums(0.01)
    want = _loop_grads(net, x, _y(5), F.cross_entropy)
    flat = np.concatenate([v.reshape(5, -1) for v in want.values()], axis=1)
    np.testing.assert_allclose(norms, np.linalg.norm(flat, axis=1), rtol=1e-10)
    coef = np.minimum(1, 0.01 / (np.linalg.norm(flat, axis=1) + 1e-6))
    for name, p in net.named_parameters():
        np.testing.assert_allclose(sums[id(p)][1], np.tensordot(coef, want[name], axes=(0, 0)), rtol=1e-9,
                                   atol=1e-14, err_msg=name)
