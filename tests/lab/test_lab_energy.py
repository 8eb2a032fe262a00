"""energy --quick: every run's record is there and positive, the report compares it, and the GRU's FLOPs are whole."""

from glassnet import nn
from glassnet.lab import run_experiment
from glassnet.lab.energy import RowGRU, recurrent_flops


def test_recurrent_flops_counts_gates():
    model = RowGRU(8, hidden=4)
    # 3 gates x 2 FLOPs x 4 hidden x (8 input + 4 state) forward, x3 with backward; 8 steps, 10 samples
    assert recurrent_flops(model, steps=8, samples=10) == 3 * 2 * 3 * 4 * 12 * 8 * 10
    assert recurrent_flops(nn.Linear(3, 3), steps=8, samples=10) == 0


def test_energy_quick(tmp_path):
    folder, metrics = run_experiment("energy", quick=True, out=tmp_path / "energy", verbose=0)
    for name in ("report.md", "metrics.json", "energy.png"):
        assert (folder / name).is_file(), name
    assert metrics["verdict"].endswith(".") and len(metrics["verdict"].split()) > 8
    runs = metrics["runs"]
    assert [r["model"] for r in runs] == ["MLP", "CNN", "GRU"]
    for r in runs:
        assert r["flops"] > 0 and r["energy_kwh"] > 0 and r["co2e_kg"] > 0 and r["gpt3_mwh"] > 0
    gru = runs[2]
    assert gru["flops"] > gru["flops_counted"]
    report = (folder / "report.md").read_text()
    assert "Strubell" in report and "Transformer (big), trained once" in report
