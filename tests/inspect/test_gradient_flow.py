"""Gradient flow: per-layer norms and update ratios, and the vanishing / exploding / dead-ReLU flags."""

from __future__ import annotations

import numpy as np
import pytest

import glassnet
from glassnet import nn, optim
from glassnet.inspect import GradientMonitor, gradient_flow


def deep_mlp(activation, depth: int = 20, width: int = 32) -> nn.Sequential:
    layers = []
    for _ in range(depth - 1):
        layers += [nn.Linear(width, width), activation()]
    layers.append(nn.Linear(width, 10))
    return nn.Sequential(*layers)


def batch(n: int = 32, features: int = 32):
    return glassnet.randn(n, features), glassnet.randint(0, 10, (n,))


def test_vanishing_flag_fires_on_a_20_layer_sigmoid_mlp():
    flow = gradient_flow(deep_mlp(nn.Sigmoid), batch(), nn.CrossEntropyLoss())
    assert "0" in flow.vanishing  # the first layer, farthest from the loss
    assert "38" not in flow.vanishing  # the output layer is the yardstick
    first = next(f for f in flow.flags if "'0'" in f)
    assert first.startswith("vanishing gradient: '0' (Linear)") and "sigmoid" in first
    assert flow.layer("0").grad_norm < 1e-6 * flow.layer("38").grad_norm
    assert not flow.exploding


def test_no_flags_on_a_relu_resnet():
    model = glassnet.models.resnet20()
    x, y = glassnet.randn(8, 1, 28, 28), glassnet.randint(0, 10, (8,))
    flow = gradient_flow(model, (x, y), nn.CrossEntropyLoss())
    assert flow.flags == []
    assert len(flow.layers) == len([m for m in model.modules() if list(m.parameters(recurse=False))])
    assert "no problems found" in str(flow)


def test_exploding_flag_fires_on_a_badly_initialised_deep_net():
    model = deep_mlp(nn.ReLU, depth=10, width=64)
    for p in model.parameters():
        nn.init.normal_(p, 0.0, 1.0)  # std 1 instead of ~1/sqrt(64): each layer multiplies the signal by ~8
    flow = gradient_flow(model, batch(32, 64), nn.CrossEntropyLoss())
    assert "0" in flow.exploding
    assert not flow.vanishing
    assert flow.layer("0").update_ratio > 1


def test_dead_relus_are_found_and_named():
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
    with glassnet.no_grad():
        model[0].bias[:10] = -100.0  # 10 of the 16 units can never be positive
    flow = gradient_flow(model, (glassnet.randn(64, 8), glassnet.randint(0, 3, (64,))), nn.CrossEntropyLoss())
    (dead,) = flow.dead_relus
    assert (dead.name, dead.dead, dead.units) == ("1", 10, 16)
    assert flow.dead == ["1"]
    assert "'1' outputs zero for all 64 samples in 10 of its 16 units" in flow.flags[0]


def test_dead_units_of_a_conv_net_are_channels():
    model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 2))
    with glassnet.no_grad():
        model[0].bias[1] = -100.0
    flow = gradient_flow(model, (glassnet.randn(4, 1, 8, 8), glassnet.tensor([0, 1, 0, 1])), nn.CrossEntropyLoss())
    assert (flow.dead_relus[0].dead, flow.dead_relus[0].units) == (1, 4)
    assert flow.dead == ["1"]


def test_grads_and_weights_are_left_alone_and_the_optimizer_step_is_measured():
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    opt = optim.Adam(model.parameters(), lr=0.01)
    before = [p.detach().numpy().copy() for p in model.parameters()]
    flow = gradient_flow(model, (glassnet.randn(16, 4), glassnet.randint(0, 3, (16,))), nn.CrossEntropyLoss(),
                         optimizer=opt)
    assert all(p.grad is None for p in model.parameters())
    for p, w in zip(model.parameters(), before):
        np.testing.assert_array_equal(p.detach().numpy(), w)
    assert opt.state_dict()["state"] == {}
    assert flow.measured and flow.lr == 0.01
    # Adam's first step moves every weight by about lr, whatever its gradient
    w = model[0].weight.detach().numpy()
    expected = 0.01 * np.sqrt(w.size + 8) / np.sqrt((w ** 2).sum() + (model[0].bias.detach().numpy() ** 2).sum())
    assert flow.layer("0").update_ratio == pytest.approx(expected, rel=0.05)


def test_estimated_ratio_is_lr_times_grad_over_weight():
    model = nn.Linear(4, 3)
    flow = gradient_flow(model, (glassnet.randn(8, 4), glassnet.randint(0, 3, (8,))), nn.CrossEntropyLoss(), lr=0.1)
    e = flow.layers[0]
    assert e.update_ratio == pytest.approx(0.1 * e.grad_norm / e.weight_norm)
    assert not flow.measured


def test_mean_abs_gradient_is_over_the_layers_own_parameters():
    glassnet.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 3))
    x, y = glassnet.randn(8, 4), glassnet.randint(0, 3, (8,))
    flow = gradient_flow(model, (x, y), nn.CrossEntropyLoss())
    nn.CrossEntropyLoss()(model(x), y).backward()
    for name in ("0", "2"):
        layer = model.get_submodule(name)
        grads = np.concatenate([layer.weight.grad.numpy().ravel(), layer.bias.grad.numpy().ravel()])
        assert flow.layer(name).grad_mean_abs == pytest.approx(np.abs(grads).mean(), rel=1e-5)


def test_gradient_flow_pictures_and_html(tmp_path):
    flow = gradient_flow(deep_mlp(nn.Sigmoid, depth=6), batch(), nn.CrossEntropyLoss())
    assert flow.plot(tmp_path / "flow.png").read_bytes()[:4] == b"\x89PNG"
    assert flow._repr_png_()[:4] == b"\x89PNG"
    assert "<table>" in flow._repr_html_()


def test_bad_batch_and_loss():
    model = nn.Linear(3, 2)
    with pytest.raises(ValueError, match=r"batch must be \(inputs..., target\)"):
        gradient_flow(model, glassnet.randn(4, 3), nn.CrossEntropyLoss())
    with pytest.raises(ValueError, match="loss_fn must return a scalar"):
        gradient_flow(model, (glassnet.randn(4, 3), glassnet.tensor([0, 1, 0, 1])),
                      nn.CrossEntropyLoss(reduction="none"))


def test_gradient_monitor_records_every_epoch_and_flags_vanishing(tmp_path, capsys):
    model = deep_mlp(nn.Sigmoid, depth=12, width=16)
    x, y = glassnet.randn(64, 16), glassnet.randint(0, 10, (64,))
    monitor = GradientMonitor()
    glassnet.train.fit(model, (x, y), loss=nn.CrossEntropyLoss(), optimizer=optim.SGD(model.parameters(), lr=0.1),
                       epochs=3, batch_size=32, verbose=0, callbacks=[monitor], val=(x, y))
    names = [str(i) for i in range(0, 23, 2)]
    assert list(monitor.history["grad_norm"]) == names
    assert all(len(v) == 3 for v in monitor.history["grad_norm"].values())
    assert monitor.history["update_ratio"]["0"][0] < 1e-3 * monitor.history["update_ratio"]["22"][0]
    assert sorted(monitor.flags) == [0, 1, 2]
    assert any("vanishing gradient: '0'" in f for f in monitor.flags[0])
    assert "Epoch 1: vanishing gradient: '0'" in capsys.readouterr().out
    fig = monitor.plot(tmp_path / "monitor.png")
    assert len(fig.axes) == 2 and (tmp_path / "monitor.png").read_bytes()[:4] == b"\x89PNG"
    assert monitor._repr_png_()[:4] == b"\x89PNG"
    state = monitor.state_dict()
    again = GradientMonitor()
    again.load_state_dict(state)
    assert again.history == monitor.history and again.flags == monitor.flags
    assert all(not m._forward_hooks for m in model.modules())  # the ReLU/sigmoid hooks are gone after fit


def test_gradient_monitor_counts_dead_units_over_the_epoch():
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    with glassnet.no_grad():
        model[0].bias[:4] = -100.0
    monitor = GradientMonitor(verbose=0)
    x, y = glassnet.randn(32, 4), glassnet.randint(0, 2, (32,))
    glassnet.train.fit(model, (x, y), loss=nn.CrossEntropyLoss(), optimizer=optim.SGD(model.parameters(), lr=0.01),
                       epochs=2, batch_size=8, verbose=0, callbacks=[monitor])
    assert monitor.history["dead_fraction"]["1"] == [0.5, 0.5]
    assert any(f.startswith("dead ReLU: '1'") for f in monitor.flags[1])


def test_gradient_monitor_continues_a_resumed_run(tmp_path):
    x, y = glassnet.randn(32, 4), glassnet.randint(0, 2, (32,))

    def run(epochs, **kw):
        glassnet.manual_seed(0)
        model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
        monitor = GradientMonitor(verbose=0)
        glassnet.train.fit(model, (x, y), loss=nn.CrossEntropyLoss(), optimizer=optim.SGD(model.parameters(), lr=0.1),
                           epochs=epochs, batch_size=8, verbose=0, callbacks=[monitor], seed=0, **kw)
        return monitor

    whole = run(3)
    run(2, checkpoint=tmp_path / "ckpt.safetensors")
    resumed = run(3, resume_from=tmp_path / "ckpt.safetensors")
    assert len(resumed.history["grad_norm"]["0"]) == 3
    np.testing.assert_allclose(resumed.history["grad_norm"]["0"], whole.history["grad_norm"]["0"], rtol=1e-5)
