"""glassnet app speech-digits: a --quick run (in process on generated tones, and on the real FSDD through the
command line), prediction from a run folder, and one clear error for each kind of bad input."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import types
import wave
from pathlib import Path

import numpy as np
import pytest

from glassnet.apps import speech_digits as sd
from glassnet.cli.errors import CLIError

REPO = Path(__file__).resolve().parents[2]


def _args(**kw) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    sd.add_arguments(p)
    argv = []
    for k, v in kw.items():
        flag = "--" + k.replace("_", "-")
        argv += [flag] if v is True else [flag, str(v)]
    return p.parse_args(argv)


def _write(path: Path, x: np.ndarray, rate: int = 8000) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.round(np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())


def _tone(digit: int, speaker: int, index: int) -> np.ndarray:
    """A 'spoken digit' the models can tell apart: two tones whose pitch encodes the digit."""
    rng = np.random.default_rng(1000 * digit + 100 * speaker + index)
    n = int(8000 * rng.uniform(0.25, 0.4))
    t = np.arange(n) / 8000
    f = 250 + 120 * digit + 15 * speaker
    env = np.sin(np.pi * np.arange(n) / n)
    return env * (0.4 * np.sin(2 * np.pi * f * t) + 0.2 * np.sin(2 * np.pi * 2.5 * f * t)) \
        + 0.01 * rng.standard_normal(n)


@pytest.fixture
def tones(tmp_path) -> Path:
    """2 speakers x 10 digits x 8 recordings, plus one file whose name does not follow the pattern."""
    folder = tmp_path / "recordings"
    folder.mkdir()
    for speaker, name in enumerate(("ann", "bob")):
        for digit in range(10):
            for index in range(8):
                _write(folder / f"{digit}_{name}_{index}.wav", _tone(digit, speaker, index))
    _write(folder / "notes.wav", _tone(0, 0, 0))
    return tmp_path


def test_quick_run_writes_a_complete_run_folder_and_predicts(tones, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GLASSNET_CODECARBON", "0")
    out = tmp_path / "run"
    run_dir = sd.train_command(_args(data=tones, quick=True, out=out, verbose=0))
    assert run_dir == out
    for name in ("report.md", "config.json", "metrics.json", "cnn.safetensors", "gru.safetensors",
                 "predictor.json", "confusion_matrix.png", "per_speaker.png"):
        assert (out / name).is_file(), name
    m = json.loads((out / "metrics.json").read_text())
    assert m["n_test"] == 100 and m["n_train"] == 60 and m["n_speakers"] == 2
    assert {"loso_accuracy_ann", "loso_accuracy_bob"} <= set(m) and m["loso_model"] == "gru"
    assert m["best_model"] in ("cnn", "gru", "cnn+gru")
    assert m["best_test_accuracy"] > 0.25  # 60 training recordings, a few epochs: well above chance (0.1)
    assert m["baseline_nearest_mean_accuracy"] > 0.8  # the tones' pitch is the digit, plain in the MFCCs
    assert m["dropped_rows"] == 1  # notes.wav, counted and named in the report
    report = (out / "report.md").read_text()
    assert "1 rows left out (file name is not {digit}_{speaker}_{index}.wav, e.g. 'notes.wav')" in report
    assert "Held-out speakers" in report and "| ann |" in report

    from glassnet.cli.app_info import describe_app_run

    describe_app_run(out)
    info = capsys.readouterr().out
    assert "app: speech-digits (--quick" in info and "best_test_accuracy" in info

    wav = tones / "recordings" / "3_ann_7.wav"
    assert sd.run(_args(predict=wav, run=out)) == 0
    line = capsys.readouterr().out
    assert line.startswith(f"{wav}: digit ") and "probability" in line
    digit = int(line.split("digit ")[1].split()[0])
    assert 0 <= digit <= 9

    # --listen with a stand-in for sounddevice: a digit inside a second of near-silence, as a microphone gives.
    second = np.concatenate([np.zeros(2000), _tone(3, 0, 1), np.zeros(3000)])[:8000] + 1e-4
    fake = types.SimpleNamespace(rec=lambda n, samplerate, channels, dtype: second[:n, None].astype(dtype),
                                 wait=lambda: None)
    monkeypatch.setitem(sys.modules, "sounddevice", fake)
    assert sd.run(_args(listen=True, run=out)) == 0
    assert "microphone: digit " in capsys.readouterr().out

    def broken(*a, **k):
        raise RuntimeError("Invalid sample rate")

    monkeypatch.setitem(sys.modules, "sounddevice", types.SimpleNamespace(rec=broken, wait=lambda: None))
    with pytest.raises(CLIError, match="recording from the microphone failed .Invalid sample rate."):
        sd.run(_args(listen=True, run=out))

    monkeypatch.chdir(tmp_path)  # --run defaults to the newest speech-digits run under runs/
    (tmp_path / "runs").mkdir()
    os.symlink(out, tmp_path / "runs" / "20260101-000000-speech-digits")
    assert sd.run(_args(predict=wav)) == 0
    assert "digit" in capsys.readouterr().out


def test_quick_cli_on_the_free_spoken_digit_dataset(shared_data, tmp_path):
    fsdd = shared_data / "fsdd"
    if not fsdd.is_dir():
        pytest.skip("the Free Spoken Digit Dataset is not in the shared data folder")
    out = tmp_path / "run"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "GLASSNET_CODECARBON": "0"}
    r = subprocess.run([sys.executable, "-m", "glassnet.apps.speech_digits", "--quick", "--data", str(fsdd),
                        "--out", str(out), "--verbose", "0"], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    m = json.loads((out / "metrics.json").read_text())
    assert m["n_speakers"] == 6 and m["n_test"] == 300
    assert {f"loso_accuracy_{s}" for s in ("george", "jackson", "lucas", "nicolas", "theo", "yweweler")} <= set(m)
    assert m["baseline_nearest_mean_accuracy"] > 0.3  # the features carry the digit
    assert m["best_test_accuracy"] > 0.3  # a few epochs on 300 recordings already learn: 3 x chance


def test_a_wav_that_is_not_pcm_is_one_clear_error(tones, tmp_path):
    bad = tones / "recordings" / "4_bob_2.wav"
    bad.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x03\x00\x01\x00\x40\x1f\x00\x00\x00\x7d\x00\x00"
                    b"\x04\x00\x20\x00data\x00\x00\x00\x00")  # IEEE float (format 3)
    with pytest.raises(CLIError, match=r"4_bob_2\.wav: not a RIFF/WAVE PCM file"):
        sd.train_command(_args(data=tones, quick=True, out=tmp_path / "r", verbose=0))
    assert not (tmp_path / "r").exists()  # the data is checked before the run folder is made
    with pytest.raises(CLIError, match=r"4_bob_2\.wav: not a RIFF/WAVE PCM file"):
        sd.run(_args(predict=bad, run=tmp_path))


def test_folders_without_usable_recordings_are_refused(tmp_path):
    with pytest.raises(CLIError, match="no .wav files"):
        sd.find_recordings(tmp_path)
    (tmp_path / "hello.wav").write_bytes(b"")
    (tmp_path / "x_7.wav").write_bytes(b"")
    with pytest.raises(CLIError, match=r"none of the 2 .wav files is named \{digit\}_\{speaker\}_\{index\}\.wav"):
        sd.find_recordings(tmp_path)
    with pytest.raises(CLIError, match="no such folder"):
        sd.find_recordings(tmp_path / "absent")


def test_predict_without_a_trained_model_and_listen_without_sounddevice(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    wav = tmp_path / "1_x_0.wav"
    _write(wav, _tone(1, 0, 0))
    with pytest.raises(CLIError, match="no trained speech-digits model under"):
        sd.run(_args(predict=wav))
    with pytest.raises(CLIError, match="no trained speech-digits model there"):
        sd.run(_args(predict=wav, run=tmp_path))
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # as if the [audio] extra were not installed
    with pytest.raises(CLIError, match=r'pip install "glassnet\[audio\]"'):
        sd.run(_args(listen=True))


def test_trim_silence_keeps_the_loud_part():
    x = np.zeros(8000)
    x[3000:4000] = 0.5 * np.sin(np.arange(1000))
    y = sd.trim_silence(x)
    assert 1000 <= len(y) <= 1160 and np.abs(y).max() == np.abs(x).max()


def test_epochs_sets_every_training_and_is_checked(tones, tmp_path, monkeypatch):
    monkeypatch.setenv("GLASSNET_CODECARBON", "0")
    with pytest.raises(CLIError, match="--epochs 0: expected a whole number of at least 1"):
        sd.train_command(_args(data=tones, quick=True, epochs=0, out=tmp_path / "bad", verbose=0))
    out = tmp_path / "run"
    sd.train_command(_args(data=tones, quick=True, epochs=2, out=out, verbose=0))
    config = json.loads((out / "config.json").read_text())
    assert (config["cnn_epochs"], config["gru_epochs"], config["loso_epochs"]) == (2, 2, 2)
