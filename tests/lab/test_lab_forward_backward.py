"""Lab forward-backward: the C.H.O.P. walk-through's chain rule agrees with autograd and a finite difference."""

from __future__ import annotations

import json

from glassnet.lab import run_experiment
from glassnet.lab.forward_backward import chop, chop_walkthrough


def test_chain_rule_matches_autograd_and_finite_difference():
    r = chop(seed=3, steps=5)
    assert abs(r["grad_hand"] - r["grad_autograd"]) <= 1e-12 * max(1.0, abs(r["grad_autograd"]))
    assert abs(r["grad_hand"] - r["grad_finite_difference"]) < 1e-7
    assert abs(r["w_after"] - (r["w_before"] - r["lr"] * r["grad_autograd"])) < 1e-12
    assert r["x"].shape == (4, 4) and r["h"].shape == (4, 3) and r["probs"].shape == (4, 2)


def test_walkthrough_text_names_every_step():
    text = chop_walkthrough(0)
    for part in ("C - Capture", "H - Hidden", "O - Output", "P - Propagate", "autograd's w.grad",
                 "finite difference", "w_new = w - lr * dL/dw"):
        assert part in text


def test_quick_run_writes_report_and_loss_falls(tmp_path):
    folder, metrics = run_experiment("forward-backward", quick=True, out=tmp_path / "fb", verbose=0)
    assert (folder / "report.md").is_file() and (folder / "loss.png").is_file()
    assert metrics["loss_end"] < metrics["loss_start"]
    assert metrics["verdict"].startswith("The loss fell") and metrics["verdict"].endswith(".")
    assert json.loads((folder / "metrics.json").read_text())["verdict"] == metrics["verdict"]
    assert "## Verdict" in (folder / "report.md").read_text()
