"""energy --quick: every run's record is there and positive, the report compares it, and the GRU's FLOPs are whole."""

from glassnet.lab import run_experiment


def test_energy_quick(tmp_path):
    folder, metrics = run_experiment("energy", quick=True, out=tmp_path / "energy", verbose=0)
    for name in ("report.md", "metrics.json", "energy.png"):
        assert (folder / name).is_file(), name
    assert metrics["verdict"].endswith(".") and len(metrics["verdict"].split()) > 8
    runs = metrics["runs"]
    assert [r["model"] for r in runs] == ["MLP", "CNN", "GRU"]
    for r in runs:
        assert r["flops"] > 0 and r["energy_kwh"] > 0 and r["co2e_kg"] > 0 and r["gpt3_mwh"] > 0
    # the GRU's op counts its gate products: 2 x 3 gates x 64 hidden x (side + 64) per image row forward, x3 in all
    gru, side = runs[2], metrics["side"]
    assert gru["flops"] >= 3 * 2 * 3 * 64 * (side + 64) * side * metrics["images"] * gru["epochs"]
    report = (folder / "report.md").read_text()
    assert "Strubell" in report and "Transformer (big), trained once" in report
