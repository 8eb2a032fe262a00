"""make_private: the DP-SGD step, Poisson sampling, the privacy budget, refused layers and bad input."""

import json

import numpy as np
import pytest

import glassnet
import glassnet.nn.functional as F
from glassnet import nn, optim
from glassnet.data import DataLoader, TensorDataset
from glassnet.privacy import (
    DPOptimizer,
    GradSampleModule,
    PrivacyCallback,
    check_model,
    compute_epsilon,
    get_noise_multiplier,
    make_private,
    replace_batchnorm,
)

dp_accounting = pytest.importorskip("dp_accounting")


def _data(n=200, d=4):
    x = glassnet.randn(n, d)
    return TensorDataset(x, (x[:, 0] > 0).long())


def _private(net=None, lr=0.1, **kw):
    net = net or nn.Linear(4, 2)
    kw.setdefault("noise_multiplier", 1.0)
    return make_private(net, optim.SGD(net.parameters(), lr=lr), DataLoader(_data(), batch_size=20), **kw)


def test_reference_epsilon_equals_the_accountant():
    acc = dp_accounting.rdp.RdpAccountant()
    event = dp_accounting.PoissonSampledDpEvent(256 / 60000, dp_accounting.GaussianDpEvent(1.1))
    acc.compose(dp_accounting.SelfComposedDpEvent(event, 60 * 235))
    want = acc.get_epsilon(1e-5)
    assert compute_epsilon(1.1, 256 / 60000, 60 * 235, 1e-5) == pytest.approx(want, rel=1e-12)
    assert 1.0 < want < 10.0


def test_optimizer_epsilon_counts_its_steps():
    model, opt, loader = _private(target_delta=1e-3)
    assert loader.sample_rate == pytest.approx(0.1) and len(loader) == 10
    for x, y in loader:
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()
    assert opt.accountant.steps == 10  # empty batches count too
    assert opt.get_epsilon() == pytest.approx(compute_epsilon(1.0, 0.1, 10, 1e-3), rel=1e-12)


def test_target_epsilon_solves_for_the_noise():
    model, opt, loader = _private(noise_multiplier=None, target_epsilon=3.0, epochs=4, target_delta=1e-3)
    sigma = opt.noise_multiplier
    assert sigma == pytest.approx(get_noise_multiplier(3.0, 1e-3, 0.1, 40))
    assert 3.0 * 0.97 < compute_epsilon(sigma, 0.1, 40, 1e-3) <= 3.0
    assert compute_epsilon(sigma * 0.98, 0.1, 40, 1e-3) > 3.0


def test_step_is_clip_sum_noise_average():
    glassnet.manual_seed(0)
    net = nn.Linear(3, 2).double()
    model = GradSampleModule(net)
    opt = DPOptimizer(optim.SGD(model.parameters(), lr=1.0), model, noise_multiplier=1e-12, max_grad_norm=0.1,
                      expected_batch_size=8, sample_rate=0.1)
    x, y = glassnet.randn(5, 3, dtype=glassnet.float64), glassnet.tensor([0, 1, 0, 1, 1])
    w0 = net.weight._data.copy()
    F.cross_entropy(model(x), y).backward()
    grads = []
    for i in range(5):  # the loop reference on a copy without hooks
        ref = nn.Linear(3, 2).double()
        ref.load_state_dict(net.state_dict())
        F.cross_entropy(ref(x[i:i + 1]), y[i:i + 1]).backward()
        grads.append(np.concatenate([ref.weight.grad._data.ravel(), ref.bias.grad._data.ravel()]))
    grads = np.stack(grads)
    coef = np.minimum(1, 0.1 / (np.linalg.norm(grads, axis=1) + 1e-6))
    want = (coef @ grads)[:6].reshape(2, 3) / 8
    opt.step()
    np.testing.assert_allclose(w0 - net.weight._data, want, rtol=1e-8, atol=1e-14)


def test_noise_has_the_promised_scale():
    net = nn.Linear(50, 40)
    for p in net.parameters():
        p.requires_grad_(True)
    model = GradSampleModule(net)
    opt = DPOptimizer(optim.SGD(model.parameters(), lr=1.0), model, noise_multiplier=2.0, max_grad_norm=0.5,
                      expected_batch_size=10, sample_rate=0.1)
    w0 = net.weight._data.copy()
    opt.empty_step()  # no data: the update is the noise alone
    assert np.std(w0 - net.weight._data) == pytest.approx(2.0 * 0.5 / 10, rel=0.05)


def test_fit_shows_epsilon_and_the_callback_writes_the_run_folder(tmp_path, capsys):
    model, opt, loader = _private(target_delta=1e-3)
    (tmp_path / "metrics.json").write_text(json.dumps({"accuracy": 0.5}))
    history = glassnet.train.fit(model, loader, loss="cross_entropy", optimizer=opt, epochs=2, verbose=2,
                                 callbacks=[PrivacyCallback(tmp_path)])
    assert "epsilon: " in capsys.readouterr().out
    eps = history.history["epsilon"]
    assert len(eps) == 2 and 0 < eps[0] < eps[1]
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["accuracy"] == 0.5
    priv = metrics["privacy"]
    assert priv["steps"] == 20 and priv["delta"] == 1e-3 and priv["noise_multiplier"] == 1.0
    assert priv["max_grad_norm"] == 1.0 and priv["sample_rate"] == pytest.approx(0.1)
    assert priv["epsilon"] == pytest.approx(eps[1])


def test_batchnorm_is_refused_by_name():
    net = nn.Sequential(nn.Conv2d(1, 8, 3), nn.BatchNorm2d(8), nn.ReLU())
    with pytest.raises(ValueError, match=r"layer '1' \(BatchNorm2d\).*GroupNorm"):
        _private(net)
    fixed = replace_batchnorm(net)
    assert isinstance(fixed[1], nn.GroupNorm) and fixed[1].num_channels == 8
    check_model(fixed)


def test_unsupported_layers_are_named():
    with pytest.raises(NotImplementedError, match=r"layer '0' \(LSTM\)"):
        check_model(nn.Sequential(nn.LSTM(3, 4)))
    with pytest.raises(NotImplementedError, match=r"PReLU.*supported layers: Linear"):
        check_model(nn.Sequential(nn.Linear(3, 3), nn.PReLU()))
    frozen = nn.Sequential(nn.Linear(3, 3), nn.PReLU())
    frozen[1].weight.requires_grad_(False)
    check_model(frozen)


@pytest.mark.parametrize("kw, match", [
    (dict(noise_multiplier=0.0), "noise_multiplier must be > 0"),
    (dict(noise_multiplier=-1.0), "noise_multiplier must be > 0"),
    (dict(target_delta=1.0), r"delta must be in \(0, 1\)"),
    (dict(target_delta=0.01), r"not below 1/N = 1/200"),
    (dict(max_grad_norm=0.0), "max_grad_norm must be > 0"),
    (dict(target_epsilon=1.0), "exactly one of"),
    (dict(noise_multiplier=None, target_epsilon=1.0), "planned number of epochs"),
])
def test_bad_input(kw, match):
    with pytest.raises(ValueError, match=match):
        _private(**kw)


def test_a_resumed_run_keeps_its_privacy_budget(tmp_path):
    glassnet.manual_seed(0)
    model, opt, loader = _private(target_delta=1e-3)
    ckpt = tmp_path / "ckpt.safetensors"
    glassnet.train.fit(model, loader, loss="cross_entropy", optimizer=opt, epochs=2, verbose=0, checkpoint=ckpt)
    steps, eps = opt.accountant.steps, opt.get_epsilon()
    model2, opt2, loader2 = _private(target_delta=1e-3)
    history = glassnet.train.fit(model2, loader2, loss="cross_entropy", optimizer=opt2, epochs=3, verbose=0,
                                 resume_from=ckpt)
    assert opt2.accountant.steps == steps + len(loader2)  # the saved steps, then the third epoch's
    assert history.history["epsilon"][-1] > eps
