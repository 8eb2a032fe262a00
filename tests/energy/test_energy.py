"""glassnet.energy: FLOPs of Linear/Conv2d equal the closed form (and torch's counter), fit records, the CLI reports."""

import numpy as np
import pytest

import glassnet
from glassnet import nn
from glassnet.energy import EnergyRecorder, FlopCounterMode, energy_report, grid_intensity


def _count(module, x):
    with FlopCounterMode() as c:
        module(x).sum().backward()
    return c


def test_linear_closed_form():
    n, fin, fout = 5, 7, 3
    x = glassnet.randn(n, fin, requires_grad=True)
    c = _count(nn.Linear(fin, fout), x)
    assert c.forward_flops == 2 * n * fin * fout
    assert c.backward_flops == 2 * (2 * n * fin * fout)  # input gradient and weight gradient
    # An input that needs no gradient costs one backward product fewer.
    assert _count(nn.Linear(fin, fout), glassnet.randn(n, fin)).backward_flops == 2 * n * fin * fout


def test_conv2d_closed_form():
    n, cin, cout, k, h = 2, 4, 6, 3, 9
    conv = nn.Conv2d(cin, cout, k, stride=2, padding=1, groups=2)
    x = glassnet.randn(n, cin, h, h, requires_grad=True)
    c = _count(conv, x)
    oh = (h + 2 - k) // 2 + 1
    per = 2 * n * oh * oh * cout * (cin // 2) * k * k
    assert c.forward_flops == per and c.backward_flops == 2 * per


def test_matmul_and_nesting():
    a, b = glassnet.randn(3, 4, 5), glassnet.randn(5, 2)
    with FlopCounterMode() as outer:
        with FlopCounterMode() as inner:
            a @ b
    assert inner.get_total_flops() == outer.get_total_flops() == 2 * 3 * 4 * 5 * 2
    with FlopCounterMode() as off_after:
        pass
    a @ b  # no counter active: nothing is counted anywhere
    assert off_after.get_total_flops() == 0


def test_same_as_torch_flop_counter():
    torch = pytest.importorskip("torch")
    from torch.utils.flop_counter import FlopCounterMode as TorchCounter

    for g_mod, t_mod, shape in [(nn.Linear(6, 4), torch.nn.Linear(6, 4), (3, 6)),
                                (nn.Conv2d(3, 5, 3, padding=1), torch.nn.Conv2d(3, 5, 3, padding=1), (2, 3, 8, 8))]:
        ours = _count(g_mod, glassnet.randn(*shape, requires_grad=True)).get_total_flops()
        with TorchCounter(display=False) as theirs:
            t_mod(torch.randn(*shape, requires_grad=True)).sum().backward()
        assert ours == theirs.get_total_flops()


def test_fit_records_energy():
    x, y = glassnet.randn(32, 4), glassnet.randint(0, 2, (32,))
    h = glassnet.train.fit(nn.Linear(4, 2), (x, y), loss="cross_entropy", optimizer="sgd", epochs=2, batch_size=8,
                           verbose=0)
    e = h.energy
    assert e["forward_flops"] == 2 * (2 * 32 * 4 * 2)  # two epochs of forward passes
    assert e["backward_flops"] == 2 * (2 * 32 * 4 * 2)  # the weight gradient only (x needs none)
    assert e["cpu_seconds"] >= 0 and e["energy_kwh"] >= 0 and e["co2e_kg"] == pytest.approx(
        e["energy_kwh"] * e["carbon_intensity_g_per_kwh"] / 1000)


def test_recorder_estimate_and_grid(monkeypatch):
    rec = EnergyRecorder(carbon_intensity=100, use_codecarbon=False).start()
    np.linalg.svd(np.random.default_rng(0).normal(size=(200, 200)))
    r = rec.stop()
    assert r["method"] == "estimate: CPU time x 10 W per core"
    assert r["energy_kwh"] == pytest.approx(r["cpu_seconds"] * 10 / 3.6e6, rel=1e-3)
    assert grid_intensity("fra") == (56.0, "FRA grid average")
    monkeypatch.setenv("GLASSNET_COUNTRY", "SWE")
    assert grid_intensity()[0] == 41.0
    with pytest.raises(ValueError, match="no grid figure for country 'XYZ'"):
        grid_intensity("XYZ")
    with pytest.raises(ValueError, match=">= 0"):
        grid_intensity(carbon_intensity=-1)


def test_report_ratios_and_extrapolation():
    e = {"wall_seconds": 1.0, "cpu_seconds": 1.0, "flops": 10**12, "forward_flops": 10**12 // 3,
         "backward_flops": 2 * 10**12 // 3, "energy_kwh": 1e-3, "co2e_kg": 0.5, "method": "estimate",
         "carbon_intensity_g_per_kwh": 500.0, "carbon_intensity_source": "given"}
    text = energy_report(e, parameters=1000)
    lbs = 0.5 * 2.20462
    assert f"1/{126000 / lbs:,.3g} of it" in text  # car lifetime
    assert f"1/{626155 / lbs:,.3g} of it" in text  # Transformer big w/ NAS
    assert "3.15e+23 FLOPs" in text and "assumptions:" in text
    assert f"{1e-3 * 3.15e23 / 1e12 / 1000:,.4g} MWh" in text


def test_cli_energy(tmp_path, capsys):
    from glassnet.cli.main import main

    run = tmp_path / "run"
    assert main(["train", "--model", "mlp", "--epochs", "1", "--verbose", "0", "--out", str(run)]) == 0
    import json

    energy = json.loads((run / "metrics.json").read_text())["energy"]
    assert energy["flops"] > 0 and energy["backward_flops"] > energy["forward_flops"] / 2
    capsys.readouterr()
    assert main(["energy", str(run), "--country", "FRA"]) == 0
    out = capsys.readouterr().out
    assert "Strubell" in out and "GPT-3" in out and "FRA grid average" in out
    assert main(["energy", str(run), "--country", "XYZ"]) == 2


@pytest.mark.parametrize("kind, gates, proj", [("RNN", 1, 0), ("GRU", 3, 0), ("LSTM", 4, 0), ("LSTM", 4, 3)])
def test_recurrent_layers_count_their_gate_products(kind, gates, proj):
    """Forward: 2 * rows * (input + state) * gates * hidden per layer and direction (+ the projection); backward
    twice that. The fused recurrent ops used to count nothing."""
    kw = {"proj_size": proj} if proj else {}
    m = getattr(nn, kind)(5, 8, num_layers=2, bidirectional=True, batch_first=True, **kw)
    x = glassnet.randn(4, 7, 5, requires_grad=True)
    with FlopCounterMode() as c:
        m(x)[0].sum().backward()
    state, out = (proj or 8), 2 * (proj or 8)
    rows = 4 * 7
    per_dir = (2 * rows * (5 + state) * gates * 8 + 2 * rows * 8 * proj,
               2 * rows * (out + state) * gates * 8 + 2 * rows * 8 * proj)
    forward = 2 * sum(per_dir)
    assert c.get_total_flops() == 3 * forward
    torch = pytest.importorskip("torch")
    from torch.utils.flop_counter import FlopCounterMode as TorchCounter

    if kind == "LSTM" and not proj:
        return  # torch's CPU LSTM runs in oneDNN, which its counter does not see (it reports 0)
    tm = getattr(torch.nn, kind)(5, 8, num_layers=2, bidirectional=True, batch_first=True, **kw)
    with TorchCounter(display=False) as tc:
        tm(torch.randn(4, 7, 5, requires_grad=True))[0].sum().backward()
    # torch skips the gradient of the zero initial state: one step's product per layer and direction less.
    assert tc.get_total_flops() == pytest.approx(c.get_total_flops(), rel=0.03)
