"""The sequence examples at small scale: each trains and prints a result a learner can judge."""

from __future__ import annotations

import math

import numpy as np
import pytest

from glassnet.examples import charlm, forecast, seq2seq, seqclass


@pytest.fixture
def shakespeare(shared_data, tmp_path):
    path = shared_data / "tinyshakespeare" / "input.txt"
    if not path.exists():
        pytest.skip("Tiny Shakespeare not present")
    small = tmp_path / "small.txt"
    small.write_text(path.read_text()[:200_000])
    return small


@pytest.mark.slow
def test_charlm_lstm_learns_and_samples(shakespeare, capsys):
    res = charlm.run(shakespeare, "lstm", minutes=5, max_steps=150, hidden=128, eval_every=1000,
                     sample_len=80)
    assert res["steps"] == 150
    assert res["val_loss"] < math.log(65) - 1.0  # far better than a uniform guess (4.17 nats)
    assert len(res["sample"]) == 81
    out = capsys.readouterr().out
    assert "nats/char" in out and "sample" in out


@pytest.mark.slow
def test_charlm_gpt_learns(shakespeare):
    res = charlm.run(shakespeare, "gpt", minutes=5, max_steps=60, seq=32, batch=16, eval_every=1000,
                     sample_len=20, verbose=False)
    assert res["val_loss"] < math.log(65) - 0.8


def test_charlm_sampling_rules(shakespeare):
    text, vocab = charlm.load_text(shakespeare)
    model = charlm.CharLSTM(len(vocab), hidden=16)
    greedy_ish = {charlm.sample(model, vocab, "ROMEO", 30, temperature=1.0, top_k=1, seed=s) for s in range(3)}
    assert len(greedy_ish) == 1  # top-k 1 leaves no randomness
    with pytest.raises(ValueError, match="temperature"):
        charlm.sample(model, vocab, "a", 5, temperature=0)
    with pytest.raises(ValueError, match="never saw"):
        charlm.sample(model, vocab, "\u2603", 5)


def test_forecast_beats_persistence(shared_data):
    path = shared_data / "melbourne-temperatures" / "daily-min-temperatures.csv"
    if not path.exists():
        pytest.skip("temperature data not present")
    res = forecast.run(path, "lstm", epochs=8, verbose=False)
    assert res["lstm_mae"] < res["persistence_mae"]
    assert res["seasonal_naive_mae"] > res["lstm_mae"]


def test_forecast_rejects_bad_csv(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,value\n2020-01-01,abc\n")
    with pytest.raises(ValueError, match="not a number"):
        forecast.read_series(bad)


@pytest.mark.slow
def test_seqclass_gru_remembers_what_window_mlp_cannot():
    res = seqclass.run(min_len=5, max_len=8, window=3, steps=1600, verbose=False)
    assert res["gru_accuracy"] >= 0.9
    assert res["mlp_accuracy"] <= 0.65


# That seq2seq translates dates is tested at its default 400 steps, with the stricter >= 99.9% exact matches, in
# tests/cli/test_examples_data.py::test_seq2seq_default_steps_reach_its_target: the 1,500-step run once here
# (>= 95%, a minute and a half) followed the same trajectory for its first 400 steps (same seed, constant rate).


def test_seq2seq_data_is_held_out():
    rng = np.random.default_rng(0)
    test = seq2seq.make_pairs(50, rng)
    held = {iso for _, iso in test}
    import datetime as dt

    train = seq2seq.make_pairs(2000, np.random.default_rng(1), exclude={dt.date.fromisoformat(i) for i in held})
    assert not held & {iso for _, iso in train}
    src, lengths, tgt = seq2seq.encode(test)
    assert tgt.shape == (50, 10) and src.shape[0] == 50 and (lengths > 0).all()
