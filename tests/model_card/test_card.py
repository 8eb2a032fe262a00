"""Every saved run gets MODEL_CARD.md and model_card.json; glassnet card prints or regenerates them."""

import hashlib
import json
from importlib import resources

import pytest

from glassnet.cli.main import main


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("card") / "run"
    assert main(["train", "--model", "mlp", "--epochs", "1", "--verbose", "0", "--seed", "5", "--out", str(out)]) == 0
    return out


def test_card_files_and_fields(run):
    card = json.loads((run / "model_card.json").read_text())
    md = (run / "MODEL_CARD.md").read_text()
    digits = resources.files("glassnet.data.datasets").joinpath("files/digits.csv.gz").read_bytes()
    files = card["data"]["files"]
    assert len(files) == 1 and files[0]["sha256"] == hashlib.sha256(digits).hexdigest()
    assert files[0]["bytes"] == len(digits) and files[0]["sha256"] in md
    assert card["model_details"]["architecture"] == "mlp" and card["model_details"]["glassnet_version"]
    assert card["training"]["seed"] == 5 and card["training"]["epochs"] == 1
    metrics = json.loads((run / "metrics.json").read_text())
    assert card["evaluation"]["metrics"]["test_accuracy"] == metrics["test_accuracy"]
    assert card["environmental_impact"]["flops"] == metrics["energy"]["flops"] > 0
    assert card["privacy"] is None and "Trained without differential privacy" in md
    assert md.startswith("---\nlibrary_name: glassnet") and "co2_eq_emissions:" in md
    for section in ("## Model details", "## Training", "## Data", "## Evaluation", "## Environmental impact",
                    "## Intended use", "## Limitations"):
        assert section in md


def test_card_command_info_and_privacy(run, capsys):
    capsys.readouterr()
    assert main(["card", str(run)]) == 0
    assert "# Model card: run" in capsys.readouterr().out
    assert main(["info", str(run)]) == 0
    assert "model card: MODEL_CARD.md (glassnet" in capsys.readouterr().out
    # A DP run's epsilon (as the privacy trainer records it) reaches the card on regeneration.
    m = json.loads((run / "metrics.json").read_text())
    m["privacy"] = {"epsilon": 3.0, "delta": 1e-5}
    (run / "metrics.json").write_text(json.dumps(m))
    assert main(["card", str(run), "--regenerate", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["privacy"]["epsilon"] == 3.0
    assert "epsilon 3" in (run / "MODEL_CARD.md").read_text()
    assert main(["card", str(run.parent / "nope")]) == 2
