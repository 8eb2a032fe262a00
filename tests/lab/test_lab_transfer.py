"""lab transfer: pretrained vs from scratch with few labels, quick mode."""

from glassnet.lab import run_experiment


def test_transfer_quick(tmp_path):
    folder, metrics = run_experiment("transfer", quick=True, out=tmp_path / "run", verbose=0)
    assert (folder / "report.md").is_file() and (folder / "transfer.png").is_file()
    by_k = {s["k"]: s for s in metrics["summary"]}
    assert sorted(by_k) == [1, 5, 10] and all(s["seeds"] == 2 for s in by_k.values())
    # robust at quick size: with one label per class the MNIST features beat a fresh network
    assert by_k[1]["pretrained"] > by_k[1]["scratch"]
    assert metrics["verdict"].endswith(".")
