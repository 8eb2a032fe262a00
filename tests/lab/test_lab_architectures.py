"""Lab architectures: the pairs have matched parameter counts and the generated memory task is labelled right."""

from __future__ import annotations

import numpy as np

from glassnet.lab import run_experiment
from glassnet.lab.architectures import first_equals_last


def test_first_equals_last_labels():
    x, y = first_equals_last(500, 8, np.random.default_rng(0))
    sym = x.argmax(-1)
    assert x.shape == (500, 8, 5)
    for s, label in zip(sym, y):
        real = s[s > 0]
        assert len(real) >= 2 and (s[:len(s) - len(real)] == 0).all()  # left-padded
        assert label == int(real[0] == real[-1])
    assert 0.4 < y.mean() < 0.6


def test_quick_run_matches_parameter_counts(tmp_path):
    folder, m = run_experiment("architectures", quick=True, out=tmp_path / "arch", verbose=0)
    assert (folder / "report.md").is_file() and (folder / "curves.png").is_file()
    p = m["parameters"]
    assert abs(p["mlp_img"] - p["cnn"]) <= 0.1 * p["cnn"]
    assert abs(p["mlp_seq"] - p["gru"]) <= 0.1 * p["gru"]
    for k in ("cnn", "mlp_img", "gru", "mlp_seq"):
        assert m["accuracy"][k] > 0.55  # every model learns something (chance: 10% images, 50% sequences)
    assert m["verdict"].endswith(".")
