"""The examples find their data the documented way and keep the user informed while they train."""

from __future__ import annotations

import inspect

import pytest

from glassnet.examples import _common, charlm, forecast, seq2seq


def test_examples_look_in_the_default_data_folder_first(tmp_path, monkeypatch):
    text = tmp_path / "tinyshakespeare" / "input.txt"
    text.parent.mkdir()
    text.write_text("To be, or not to be, that is the question.\n" * 50)
    monkeypatch.setenv("GLASSNET_DATA", str(tmp_path))
    assert _common.shared_data("tinyshakespeare", "input.txt") == text
    seen = {}
    monkeypatch.setattr(charlm, "run", lambda path, *a, **k: seen.setdefault("path", path))
    assert charlm.main([]) == 0 and seen["path"] == text
    msg = _common.missing_data_message("forecast", "--csv PATH", "melbourne-temperatures", "x.csv")
    assert "--csv PATH" in msg and str(tmp_path / "melbourne-temperatures" / "x.csv") in msg


def test_an_explicit_file_wins(tmp_path, monkeypatch):
    csv = tmp_path / "t.csv"
    csv.write_text("date,value\n")
    seen = {}
    monkeypatch.setattr(forecast, "run", lambda path, *a, **k: seen.setdefault("path", path))
    assert forecast.main(["--csv", str(csv)]) == 0 and str(seen["path"]) == str(csv)


def test_charlm_reports_progress_between_evaluations(tmp_path, capsys):
    text = tmp_path / "t.txt"
    text.write_text("abcdefgh ijklmnop qrstuvwxyz\n" * 200)
    charlm.run(text, "lstm", minutes=1, max_steps=4, seq=8, batch=2, hidden=8, eval_every=1000, sample_len=5,
               report_seconds=0.0)
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("step ")]
    assert len(lines) == 4 and "steps/s" in lines[0]  # every step when asked; every 5 s by default
    assert inspect.signature(charlm.run).parameters["report_seconds"].default <= 5


def test_seq2seq_default_is_400_steps():
    assert inspect.signature(seq2seq.run).parameters["steps"].default == 400


@pytest.mark.slow
def test_seq2seq_default_steps_reach_its_target():
    assert seq2seq.run(verbose=False)["exact_match"] >= 0.999
