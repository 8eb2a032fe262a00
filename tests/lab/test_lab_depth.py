"""Lab depth: deep sigmoid MLPs starve their first layer of gradient; ReLU+He and residual+LayerNorm do not."""

from __future__ import annotations

import pytest

from glassnet.lab import run_experiment
from glassnet.lab.depth import make_model


def test_make_model_counts_linear_layers():
    from glassnet import nn

    for fam in ("sigmoid", "relu_he", "residual_ln"):
        m = make_model(fam, 7, 64, 16)
        assert sum(isinstance(x, nn.Linear) for x in m.modules()) == 7
    with pytest.raises(ValueError, match="depth must be at least 2"):
        make_model("sigmoid", 1, 64, 16)


def test_quick_run_vanishing_gradient_direction(tmp_path):
    folder, m = run_experiment("depth", quick=True, out=tmp_path / "depth", verbose=0)
    for f in ("report.md", "gradients.png", "accuracy.png", "metrics.json"):
        assert (folder / f).is_file()
    r = m["first_over_last_gradient"]
    # robust at any size: 18 sigmoid layers shrink the gradient by orders of magnitude, the others do not
    assert r["sigmoid"]["init"] < 1e-3 * r["relu_he"]["init"]
    assert r["sigmoid"]["init"] < 1e-3 * r["residual_ln"]["init"]
    deep = str(m["depths"][-1])
    assert m["accuracy"]["residual_ln"][deep] > m["accuracy"]["sigmoid"][deep]
    assert m["verdict"].endswith(".") and "depth" in m["verdict"]


def test_full_mode_without_mnist_is_one_clear_error(monkeypatch):
    import glassnet.examples._common as common
    from glassnet.cli.errors import CLIError
    from glassnet.lab._depth_data import image_data

    monkeypatch.setattr(common, "shared_data", lambda *parts: None)
    with pytest.raises(CLIError, match=r"glassnet lab depth: no data.*mnist.*--quick"):
        image_data(quick=False, n_train=10, n_val=10, seed=0, who="depth")
