"""The playground Session's worker: it trains in chunks and measures the curves on its own clock."""

from __future__ import annotations

import time

from pg_fake_engine import fake_link

from glassnet.playground import session as session_mod
from glassnet.playground.session import Session


def test_the_worker_measures_a_few_times_a_second_and_once_more_on_pause():
    s = Session("abcdefgh", fake_link())
    try:
        s.play()
        time.sleep(0.6)
        s.pause()
        engine = s.engine
        # Hundreds of steps in chunks of about 20 ms, but a curve point only every MEASURE_SECONDS (0.25 s):
        # measuring after every chunk is what made MNIST in CNN mode train at a few steps a second.
        assert engine.step > 20
        assert 2 <= len(engine.history) <= 0.6 / session_mod.MEASURE_SECONDS + 2
        assert engine.history[-1]["step"] == engine.step  # the paused run shows its current figures
    finally:
        s.close()


def test_slow_measurements_take_at_most_their_share_of_the_time(monkeypatch):
    s = Session("abcdefgh", fake_link())
    engine = s.engine
    measure = engine.measure

    def slow_measure():
        time.sleep(0.1)  # a full evaluation of 0.1 s: at most one every 0.1 / MEASURE_SHARE = 0.5 s
        return measure()

    monkeypatch.setattr(engine, "measure", slow_measure)
    try:
        s.play()
        time.sleep(1.2)
        s.pause()
        # The first measurement comes at once, then at most one every 0.5 s, and one more when paused.
        assert len(engine.history) <= 1 + 1.2 / (0.1 / session_mod.MEASURE_SHARE) + 2
    finally:
        s.close()


def test_a_stopped_session_always_gives_a_full_frame():
    # The stream picks "light" from `running` before the snapshot; a pause landing in between once gave the page
    # a light frame of a stopped engine (CI caught it), leaving the paused picture without its heavy parts.
    s = Session("abcdefgh", fake_link())
    try:
        frame = s.snapshot(light=True)
        assert frame["running"] is False and frame["light"] is False
        s.play()
        frame = s.snapshot(light=True)
        assert frame["running"] is True and frame["light"] is True
        s.pause()
        frame = s.snapshot(light=True)
        assert frame["running"] is False and frame["light"] is False
    finally:
        s.close()
