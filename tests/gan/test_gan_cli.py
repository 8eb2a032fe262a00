"""``glassnet gan`` and ``glassnet generate`` on the shipped 8x8 digits: run folders, info, sampling, errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from glassnet.cli.main import main

TINY = ["--dataset", "digits", "--epochs", "2", "--steps-per-epoch", "3", "--width", "4", "--latent-dim", "8",
        "--verbose", "0", "--no-judge"]


@pytest.fixture(scope="module")
def dcgan_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "dcgan"
    assert main(["gan", "--model", "dcgan", "--out", str(out), *TINY]) == 0
    return out


@pytest.fixture(scope="module")
def cgan_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "cgan"
    assert main(["gan", "--model", "cgan", "--out", str(out), *TINY]) == 0
    return out


def test_run_folder_holds_everything(dcgan_run):
    for name in ("generator.safetensors", "discriminator.safetensors", "checkpoint.safetensors", "config.json",
                 "metrics.json", "history.csv", "losses.png", "samples.png"):
        assert (dcgan_run / name).is_file(), name
    assert sorted(p.name for p in (dcgan_run / "samples").iterdir()) == ["epoch_0001.png", "epoch_0002.png"]
    config = json.loads((dcgan_run / "config.json").read_text())
    assert config["format"] == "glassnet-gan-run" and config["image_shape"] == [1, 8, 8]
    metrics = json.loads((dcgan_run / "metrics.json").read_text())
    assert metrics["epochs"] == 2 and metrics["steps"] == 6 and "final_d_loss" in metrics


def test_info_describes_a_gan_run(dcgan_run, capsys):
    assert main(["info", str(dcgan_run)]) == 0
    text = capsys.readouterr().out
    assert "dcgan GAN (loss bce)" in text and "digits (1,437 images of 1x8x8" in text
    assert "2 sample grids in samples/" in text and "glassnet generate" in text


def test_generate_grid_and_walk(dcgan_run, tmp_path, capsys):
    import matplotlib.image

    assert main(["generate", str(dcgan_run), "--n", "9", "--seed", "3", "--out", str(tmp_path / "g.png")]) == 0
    a = matplotlib.image.imread(tmp_path / "g.png")
    assert main(["generate", str(dcgan_run), "--n", "9", "--seed", "3", "--out", str(tmp_path / "h.png")]) == 0
    assert np.array_equal(a, matplotlib.image.imread(tmp_path / "h.png"))  # a seed gives the same images
    assert main(["generate", str(dcgan_run), "--n", "6", "--interpolate", "--out", str(tmp_path / "w.png")]) == 0
    assert "latent walk of 6 steps" in capsys.readouterr().out


def test_generate_label_for_a_conditional_run(cgan_run, tmp_path, capsys):
    assert main(["generate", str(cgan_run), "--n", "4", "--label", "7", "--out", str(tmp_path / "s.png")]) == 0
    assert "label 7" in capsys.readouterr().out
    assert main(["generate", str(cgan_run), "--label", "10", "--out", str(tmp_path / "s.png")]) == 2
    assert "--label must be in [0, 10)" in capsys.readouterr().err


def test_infogan_run_draws_by_code_and_judges_the_codes(tmp_path, capsys):
    out = tmp_path / "infogan"
    argv = [a for a in TINY if a != "--no-judge"]
    assert main(["gan", "--model", "infogan", "--codes", "4", "--out", str(out), *argv]) == 0
    config = json.loads((out / "config.json").read_text())
    assert config["codes"] == 4 and config["info_weight"] == 2.0 and config["latent_dim"] == 8
    judge = json.loads((out / "metrics.json").read_text())["judge"]
    assert len(judge["codes"]["class_of_code"]) == 4 and 0 < judge["codes"]["purity"] <= 1
    assert "each code draws its commonest class" in capsys.readouterr().out
    assert main(["generate", str(out), "--n", "4", "--label", "2", "--out", str(tmp_path / "s.png")]) == 0
    assert "code 2" in capsys.readouterr().out
    assert main(["generate", str(out), "--label", "4", "--out", str(tmp_path / "s.png")]) == 2
    assert "--label must be in [0, 4) for this run's code values" in capsys.readouterr().err
    assert main(["gan", "--model", "dcgan", "--codes", "4", "--out", str(tmp_path / "x"), *TINY]) == 2
    assert "--codes sets an InfoGAN's categorical code" in capsys.readouterr().err
    assert main(["gan", "--model", "dcgan", "--info-weight", "1", "--out", str(tmp_path / "x"), *TINY]) == 2
    assert "--info-weight must be > 0 and needs --model infogan" in capsys.readouterr().err


def test_discriminator_learning_rate_of_its_own(tmp_path):
    out = tmp_path / "dlr"
    assert main(["gan", "--model", "dcgan", "--lr", "1e-3", "--d-lr", "2e-4", "--out", str(out), *TINY]) == 0
    config = json.loads((out / "config.json").read_text())
    assert (config["lr"], config["d_lr"]) == (1e-3, 2e-4)


def test_generate_label_needs_a_conditional_run(dcgan_run, tmp_path, capsys):
    assert main(["generate", str(dcgan_run), "--label", "3", "--out", str(tmp_path / "s.png")]) == 2
    assert "--label needs a conditional GAN" in capsys.readouterr().err


def test_resume_continues_the_run(dcgan_run, tmp_path, capsys):
    import shutil

    run = tmp_path / "run"
    shutil.copytree(dcgan_run, run)
    before = json.loads((run / "metrics.json").read_text())["train_seconds"]
    assert main(["gan", "--resume", str(run), "--epochs", "3", "--verbose", "0", "--no-judge"]) == 0
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["epochs"] == 3 and metrics["steps"] == 9
    assert metrics["train_seconds"] > before  # the time of both sessions
    assert (run / "samples" / "epoch_0003.png").is_file()


@pytest.mark.parametrize("argv,message", [
    (["gan", "--dataset", "cifar"], "unknown dataset 'cifar'"),
    (["gan", "--minutes", "0"], "--minutes must be > 0"),
    (["gan", "--ema", "1"], "--ema must be in [0, 1)"),
    (["gan", "--model", "wgan-gp", "--label-smoothing", "0.1"], "--label-smoothing applies to the bce loss"),
    (["gan", "--dataset", "folder:/nonexistent/place"], "not a folder"),
    (["generate", "/nonexistent/run"], "run folder not found"),
])
def test_user_errors_are_one_line(argv, message, capsys, tmp_path):
    assert main([*argv, "--out", str(tmp_path / "o")] if argv[0] == "gan" else argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_existing_run_is_not_overwritten(dcgan_run, capsys):
    assert main(["gan", "--out", str(dcgan_run), *TINY]) == 2
    assert "--overwrite" in capsys.readouterr().err


def test_folder_dataset(tmp_path):
    pil = pytest.importorskip("PIL.Image")
    rng = np.random.default_rng(0)
    for cls in ("a", "b"):
        (tmp_path / "imgs" / cls).mkdir(parents=True)
        for i in range(5):
            pil.fromarray(rng.integers(0, 255, (10, 12, 3), dtype=np.uint8)).save(tmp_path / "imgs" / cls / f"{i}.png")
    out = tmp_path / "run"
    assert main(["gan", "--dataset", f"folder:{tmp_path / 'imgs'}", "--image-size", "8", "--model", "mlp",
                 "--out", str(out), "--epochs", "1", "--batch-size", "4", "--verbose", "0", "--no-judge"]) == 0
    config = json.loads((out / "config.json").read_text())
    assert config["image_shape"] == [3, 8, 8] and config["classes"] == ["a", "b"]


# ---- the judge hook: skipped without glassnet.gan.judge, its report stored when it is there -----------
def test_run_without_the_judge_module(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "glassnet.gan.judge", None)  # importing it now raises ImportError
    out = tmp_path / "run"
    argv = [a for a in TINY if a != "--no-judge"]
    assert main(["gan", "--model", "mlp", "--out", str(out), *argv]) == 0
    assert "judge" not in json.loads((out / "metrics.json").read_text())


def test_judge_report_is_stored(tmp_path, monkeypatch, capsys):
    import sys
    import types
    from dataclasses import dataclass

    calls = {}

    @dataclass
    class Report:
        predicted: np.ndarray
        confident_fraction: float = 0.5

        def as_dict(self):
            return {"confident_fraction": self.confident_fraction, "frechet": np.float64(1.5),
                    "class_histogram": np.full(10, 0.1)}

    def train_judge(data, *, out_dir):
        calls["train"] = (data[0].shape, float(data[0].min()), out_dir)
        return "classifier"

    def judge_samples(samples, classifier=None, *, real=None, num_classes=10):
        assert classifier == "classifier" and samples.shape[1:] == (1, 8, 8)
        return Report(predicted=np.arange(len(samples)) % num_classes)  # every requested label is met

    fake = types.ModuleType("glassnet.gan.judge")
    fake.train_judge, fake.judge_samples = train_judge, judge_samples
    monkeypatch.setitem(sys.modules, "glassnet.gan.judge", fake)
    out = tmp_path / "run"
    argv = [a for a in TINY if a != "--no-judge"]
    assert main(["gan", "--model", "cgan", "--out", str(out), *argv]) == 0
    judge = json.loads((out / "metrics.json").read_text())["judge"]
    assert judge["trained"]["frechet"] == 1.5 and judge["untrained"]["class_histogram"] == [0.1] * 10
    assert judge["label_match"] == 1.0
    assert judge["raw_generator"]["frechet"] == 1.5  # the moving average (on by default) is set against the raw net
    assert calls["train"][0] == (1437, 1, 8, 8) and calls["train"][1] == -1.0
    shown = capsys.readouterr().out
    assert "requested label matched 100.0%" in shown
    assert "without the moving average: confident 0.5, Frechet 1.5" in shown
    assert main(["info", str(out)]) == 0
    assert "judge: confident >= 0.9 0.5 (untrained 0.5)" in capsys.readouterr().out
