"""glassnet app diagnosis: both modes learn and calibrate, Grad-CAM finds the planted lesion, bad input is refused."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import glassnet
from glassnet.apps import calibration as cal
from glassnet.apps import diagnosis
from glassnet.apps.diagnosis_images import build_model, cam_on_input
from glassnet.apps.lesions import make_lesion_images
from glassnet.cli.errors import CLIError

REPO = Path(__file__).resolve().parents[2]


def _args(*argv: str) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    diagnosis.add_arguments(p)
    return p.parse_args(["--verbose", "0", "--overwrite", *argv])


def _run(tmp_path: Path, *argv: str) -> tuple[dict, str]:
    out = tmp_path / "run"
    assert diagnosis.run(_args("--out", str(out), *argv)) == 0
    return json.loads((out / "metrics.json").read_text()), (out / "report.md").read_text()


def test_quick_images_learns_and_gradcam_points_at_the_lesion(tmp_path):
    m, report = _run(tmp_path, "--quick", "--mode", "images")
    assert m["images_model_accuracy"] >= 0.85 and m["images_model_auc"] >= 0.95
    assert m["images_model_auc"] > m["images_logistic_auc"]  # a lesion anywhere defeats a linear pixel model
    assert m["images_gradcam_peak_in_box"] >= 0.75  # the box is about 8% of the image
    assert m["images_gradcam_inside_outside"] >= 5
    assert m["images_temperature"] > 0 and 0 <= m["images_brier_calibrated"] < 0.1
    assert "not a medical device" in report
    run = tmp_path / "run"
    for name in ("images_gradcam.png", "images_reliability.png", "images_model.safetensors"):
        assert (run / name).is_file()
    model = build_model(False)
    model.load_state_dict(glassnet.load(run / "images_model.safetensors"))


def test_quick_measurements_beats_chance_calibrates_and_explains(tmp_path):
    pytest.importorskip("sklearn")
    m, report = _run(tmp_path, "--quick", "--mode", "measurements")
    assert m["measurements_model_auc"] >= 0.95 and m["measurements_logistic_auc"] >= 0.95
    assert m["measurements_model_sensitivity"] >= 0.8 and m["measurements_model_specificity"] >= 0.8
    assert m["measurements_ig_delta"] < 0.05  # integrated gradients add up to the change in log-odds
    assert "Measurements: why, for one patient" in report and "malignant" in report
    assert (tmp_path / "run" / "measurements_attributions.png").is_file()
    scaler = json.loads((tmp_path / "run" / "measurements_scaler.json").read_text())
    assert len(scaler["mean"]) == len(scaler["scale"]) == len(scaler["features"]) == 30


def _csv(path: Path, n: int = 160, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    y = np.where(x[:, 0] + 0.5 * x[:, 1] + 0.3 * rng.normal(size=n) > 0, "sick", "well")
    lines = ["age,marker,noise,diagnosis"] + [f"{a:.3f},{b:.3f},{c:.3f},{d}" for (a, b, c), d in zip(x, y)]
    lines[5] = "1.0,,0.2,sick"  # a missing value: left out and counted
    path.write_text("\n".join(lines) + "\n")
    return path


def test_cli_subprocess_on_a_users_csv_counts_dropped_rows(tmp_path):
    csv = _csv(tmp_path / "patients.csv")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    out = tmp_path / "cli"
    proc = subprocess.run([sys.executable, "-m", "glassnet.apps.diagnosis", "--data", str(csv), "--label", "diagnosis",
                           "--positive", "sick", "--quick", "--out", str(out), "--verbose", "0"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    m = json.loads((out / "metrics.json").read_text())
    assert m["modes"] == ["measurements"] and m["dropped_rows"] == 1
    assert m["measurements_model_auc"] > 0.85
    assert "1 rows left out (a value missing)" in (out / "report.md").read_text()


@pytest.mark.parametrize("text, argv, match", [
    ("a,b\n1,x\n", ["--label", "b"], "two classes"),
    ("a,b\n1,0\n2,1\n", ["--label", "c"], "no column 'c'"),
    ("a,b\n1,0\nhigh,1\n", ["--label", "b"], "line 3, column 'a': 'high' is not a number"),
    ("a,b\n1,0\n2,1,3\n", ["--label", "b"], "line 3 has 3 fields"),
    ("a,b\n1,0\n2,1\n", [], "--label COLUMN"),
    ("a,b\n1,0\n2,1\n", ["--label", "b", "--positive", "7"], "--positive '7'"),
    ("a,b\n1,0\n2,1\n", ["--label", "b"], "at least 5"),
])
def test_bad_csv_gives_one_clear_error(tmp_path, text, argv, match):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(CLIError, match=match) as e:
        diagnosis.run(_args("--data", str(path), "--out", str(tmp_path / "r"), *argv))
    if "line" in match or "column" in match:
        assert str(path) in str(e.value)
    assert not (tmp_path / "r").exists()  # the input is read before the run folder is made


def test_bad_options_and_files(tmp_path):
    with pytest.raises(CLIError, match="no such file"):
        diagnosis.run(_args("--data", str(tmp_path / "absent.csv")))
    with pytest.raises(CLIError, match="choose --mode images or measurements"):
        diagnosis.run(_args("--data", str(tmp_path), "--mode", "both"))
    with pytest.raises(CLIError, match="target-sensitivity"):
        diagnosis.run(_args("--target-sensitivity", "0"))
    binary = tmp_path / "scan.csv"
    binary.write_bytes(b"a,b\n\xff\xfe\x00,1\n")
    with pytest.raises(CLIError, match="not a UTF-8 text file"):
        diagnosis.run(_args("--data", str(binary), "--label", "b"))
    npz = tmp_path / "x.npz"
    np.savez(npz, train_images=np.zeros((2, 28, 28), np.uint8))
    with pytest.raises(CLIError, match=r"missing key\(s\).*train_labels"):
        diagnosis.run(_args("--data", str(npz), "--out", str(tmp_path / "r")))


def test_medmnist_npz_and_image_folder_are_read(tmp_path):
    from PIL import Image

    d = [make_lesion_images(k, seed=s) for s, k in enumerate((120, 60, 60))]
    npz = tmp_path / "pneumoniamnist.npz"
    np.savez(npz, **{f"{p}_{k}": (v if k == "labels" else (255 * v[:, 0]).astype(np.uint8))
                     for p, part in zip(("train", "val", "test"), d)
                     for k, v in (("images", part.images), ("labels", part.labels[:, None]))})
    m, report = _run(tmp_path, "--data", str(npz), "--quick", "--epochs", "1")
    assert m["modes"] == ["images"] and m["images_train"] == 120 and "MedMNIST file" in report
    root = tmp_path / "xrays"
    for label, name in ((0, "NORMAL"), (1, "PNEUMONIA")):
        (root / name).mkdir(parents=True)
        for i in np.flatnonzero(d[0].labels == label)[:25]:
            Image.fromarray((255 * d[0].images[i, 0]).astype(np.uint8)).resize((40, 40)).save(root / name / f"{i}.png")
    (root / "NORMAL" / "broken.png").write_bytes(b"not a png")
    m, report = _run(tmp_path, "--data", str(root), "--quick", "--epochs", "1")
    assert m["dropped_rows"] == 1 and "'PNEUMONIA'" in report


def test_calibration_helpers():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    s = np.round(rng.normal(size=300) + y, 1)
    pairs = [(a, b) for a in s[y == 1] for b in s[y == 0]]
    brute = np.mean([1.0 if a > b else 0.5 if a == b else 0.0 for a, b in pairs])
    assert cal.roc_auc(y, s) == pytest.approx(brute)
    z = 3.0 * rng.normal(size=4000)
    labels = (rng.random(4000) < cal.sigmoid(z / 3.0)).astype(int)
    assert cal.fit_temperature(z, labels) == pytest.approx(3.0, rel=0.15)
    p = np.array([0.1, 0.4, 0.6, 0.9])
    t = cal.threshold_for_sensitivity(p, np.array([0, 1, 1, 1]), 0.66)
    assert t == 0.6 and cal.sensitivity_specificity(p, np.array([0, 1, 1, 1]), t) == (pytest.approx(2 / 3), 1.0)
    assert cal.expected_calibration_error(np.full(1000, 0.3), (np.arange(1000) < 300).astype(int)) < 1e-9
    assert cal.brier_score(np.array([1.0, 0.0]), np.array([1, 0])) == 0


def test_gradcam_cells_sit_on_their_pixels():
    cam = np.zeros((1, 10, 10))
    cam[0, 3, 7] = 1
    up = cam_on_input(cam)
    assert up.shape == (1, 28, 28)
    assert set(zip(*np.nonzero(up[0]))) == {(10, 18), (10, 19), (11, 18), (11, 19)}


def test_kaggle_style_tree_keeps_its_test_split_and_carves_validation_from_train(tmp_path):
    from PIL import Image

    from glassnet.apps.diagnosis_inputs import DropLog, load_image_folder

    counts = {"train": 20, "val": 2, "test": 6}
    for part, k in counts.items():
        for cls, value in (("NORMAL", 40), ("PNEUMONIA", 200)):
            folder = tmp_path / "chest_xray" / part / cls
            folder.mkdir(parents=True)
            for i in range(k):
                Image.new("RGB", (64, 48), (value, value, value)).save(folder / f"{i}.jpg")
    sp = load_image_folder(tmp_path / "chest_xray", 28, None, seed=0, drops=DropLog())
    assert sp.classes == ("NORMAL", "PNEUMONIA") and sp.x_tr.shape[1:] == (1, 28, 28)
    assert len(sp.y_te) == 12 and len(sp.y_tr) + len(sp.y_va) == 40 and len(sp.y_va) == 8  # val/ of 4 is too small
    assert sp.x_te[sp.y_te == 1].mean() > 0.7 > 0.2 > sp.x_te[sp.y_te == 0].mean()
