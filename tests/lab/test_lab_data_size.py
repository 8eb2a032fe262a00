"""lab data-size: accuracy vs training-set size, quick mode, and the crossover computation."""

import json

from glassnet.lab import run_experiment
from glassnet.lab.data_size import crossover


def test_crossover_interpolates_in_log_size():
    # the CNN is 1 point behind at 100 and 1 point ahead at 400: the crossover is half-way in log size, 200
    size, how = crossover([100, 400, 1600], [0.5, 0.61, 0.9], [0.51, 0.60, 0.8])
    assert how == "interpolated" and abs(size - 200) < 1e-6
    assert crossover([10, 100], [0.6, 0.9], [0.5, 0.8]) == (10.0, "from the smallest size")
    assert crossover([10, 100], [0.6, 0.7], [0.5, 0.8]) == (None, "never")


def test_data_size_quick(tmp_path):
    folder, metrics = run_experiment("data-size", quick=True, out=tmp_path / "run", verbose=0)
    for name in ("report.md", "metrics.json", "data_size.png"):
        assert (folder / name).is_file()
    assert json.loads((folder / "metrics.json").read_text())["sizes"] == metrics["sizes"]
    assert metrics["verdict"].endswith(".") and len(metrics["verdict"]) > 40
    # robust at quick size: with 20 images the linear model beats the CNN, and more data helps both
    assert metrics["logreg_accuracy"][0] > metrics["cnn_accuracy"][0]
    assert metrics["cnn_accuracy"][-1] > metrics["cnn_accuracy"][0]
    assert metrics["logreg_accuracy"][-1] > metrics["logreg_accuracy"][0]


def test_missing_mnist_is_one_clear_error(monkeypatch):
    import pytest

    import glassnet.examples._common as common
    from glassnet.cli.errors import CLIError
    from glassnet.lab.data_size import load_images

    monkeypatch.setattr(common, "shared_data", lambda *parts: None)
    with pytest.raises(CLIError, match=r"lab data-size: no data; pass --quick .*mnist"):
        load_images(quick=False, who="data-size")
