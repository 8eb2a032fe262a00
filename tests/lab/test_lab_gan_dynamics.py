"""gan-dynamics --quick: the report, its plots, and a fast generator covering fewer digits than a balanced one."""

from glassnet.lab import run_experiment


def test_gan_dynamics_quick(tmp_path):
    folder, metrics = run_experiment("gan-dynamics", quick=True, out=tmp_path / "gan", verbose=0)
    for name in ("report.md", "metrics.json", "dynamics.png", "samples.png", "class_histogram.png"):
        assert (folder / name).is_file(), name
    verdict = metrics["verdict"]
    assert verdict.endswith(".") and len(verdict.split()) > 8
    assert "Verdict" in (folder / "report.md").read_text()
    # Robust at quick size: a generator 100x faster than its critic draws fewer distinct digits.
    assert metrics["class_entropy"]["balanced"] > metrics["class_entropy"]["collapse"]
    assert metrics["modes"]["balanced"] > metrics["modes"]["collapse"]
