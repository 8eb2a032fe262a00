"""One page's training session: an Engine, the worker thread that trains it, and the registry of sessions by id.

The worker trains in chunks of optimizer steps sized to take about ``CHUNK_SECONDS`` each and releases the lock
between chunks, so a command from the page (pause, step, a new weight, a view) waits at most one chunk. The page
never waits on training: it reads snapshots, whose rate the server throttles.

The loss curves need the whole train and test sets evaluated, which can cost as much as a hundred steps (MNIST
in CNN mode), so the worker measures on its own clock: at most every ``MEASURE_SECONDS``, and never for more
than ``MEASURE_SHARE`` of the time. Pausing measures once more, so a stopped run shows its current figures.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .engine_link import EngineLink

CHUNK_SECONDS = 0.02  # short enough that a click feels instant, long enough that locking costs nothing
MEASURE_SECONDS = 0.25  # a curve point at most 4 times a second: the page draws 8 frames a second
MEASURE_SHARE = 0.2  # evaluating may take at most this share of the worker's time
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class Session:
    """An Engine with a worker thread that trains it while ``running``, guarded by one lock."""

    def __init__(self, session_id: str, link: EngineLink, config: dict | None = None) -> None:
        self.id = session_id
        self.link = link
        self.engine = link.Engine(dict(config) if config else dict(link.DEFAULTS))
        self.version = 0  # bumped on every change, so a sender knows whether a new frame is worth sending
        self.last_seen = time.monotonic()
        self.connections = 0
        self.resume_on_attach = False
        self.closed = False
        self.train_error: str | None = None
        self._lock = threading.Lock()
        self._waiting = 0  # commands queued for the lock: the worker steps aside for them
        self._waiting_lock = threading.Lock()  # `+=` from several threads is not atomic
        self._running = threading.Event()
        self._chunk = 1
        self._measured_at = 0.0  # when the worker last measured (time.perf_counter), and what that cost
        self._measure_cost = 0.0
        self._thread = threading.Thread(target=self._work, name=f"playground-{session_id}", daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        """Whether the worker is training now."""
        return self._running.is_set()

    @contextmanager
    def engine_access(self, changes: bool = True) -> Iterator[Any]:
        """Hold the lock for a command; the worker yields to waiting commands between chunks."""
        with self._waiting_lock:
            self._waiting += 1
        try:
            with self._lock:
                yield self.engine
                if changes:
                    self.version += 1  # only a command that went through changes what the page shows
        finally:
            with self._waiting_lock:
                self._waiting -= 1

    def play(self) -> None:
        """Start (or keep) training in the worker thread."""
        self.train_error = None
        self._running.set()

    def pause(self) -> None:
        """Stop training after the current chunk; returns once the worker has let go of the engine."""
        self._running.clear()
        with self._lock:  # the chunk in flight ends before pause returns, so a following step sees a still engine
            try:
                self.engine.measure()  # the worker measures on its own clock: the stopped run's figures are now
            except Exception as e:  # noqa: BLE001 - a diverged run pauses with a message, as in the worker
                self.train_error = f"training stopped: {type(e).__name__}: {e}"
        self.version += 1

    def close(self) -> None:
        """End the worker thread; the session cannot be used afterwards."""
        self.closed = True
        self._running.set()  # wake the worker so it sees `closed`
        self._thread.join(timeout=5)

    def _work(self) -> None:
        """The worker: train chunk after chunk while running, sizing chunks to CHUNK_SECONDS."""
        while True:
            self._running.wait()
            if self.closed:
                return
            if self._waiting:
                time.sleep(0.0005)  # let a queued command take the lock first: threading.Lock is not fair
                continue
            with self._lock:
                if not self._running.is_set() or self.closed:
                    continue
                t0 = time.perf_counter()
                try:
                    self.engine.train_steps(self._chunk, measure=False)
                    elapsed = time.perf_counter() - t0
                    if t0 - self._measured_at >= max(MEASURE_SECONDS, self._measure_cost / MEASURE_SHARE):
                        self._measured_at = time.perf_counter()
                        self.engine.measure()
                        self._measure_cost = time.perf_counter() - self._measured_at
                except Exception as e:  # noqa: BLE001 - a diverged or broken run pauses with a message, never dies
                    self._running.clear()
                    self.train_error = f"training stopped: {type(e).__name__}: {e}"
                    elapsed = time.perf_counter() - t0
            self.version += 1
            # Grow or shrink the chunk towards CHUNK_SECONDS; the factor is bounded so one slow step (a GC pause,
            # the page asking for a heavy view) does not swing it.
            scale = min(2.0, max(0.5, CHUNK_SECONDS / max(elapsed, 1e-6)))
            self._chunk = max(1, min(10_000, int(self._chunk * scale)))

    def snapshot(self, light: bool) -> dict:
        """One frame for the page: the engine's snapshot plus running, epoch and step."""
        with self.engine_access(changes=False) as engine:
            # Read `running` once: a pause landing between the caller's choice and this frame must not give a
            # stopped engine a light frame, since the page draws its last still picture from a full one.
            running = self.running
            light = light and running
            frame = dict(self.link.snapshot(engine, light=light))
            frame.update(running=running, epoch=float(engine.epoch), step=int(engine.step),
                         config=engine.config, light=light)
        if self.train_error:
            frame["train_error"] = self.train_error
        return frame


class SessionRegistry:
    """Sessions by id: a page reload with the same id finds its session; idle sessions expire."""

    def __init__(self, link: EngineLink, ttl: float = 900.0, max_sessions: int = 32) -> None:
        self.link = link
        self.ttl = ttl
        self.max_sessions = max_sessions
        self.sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str) -> Session | None:
        """The live session with this id, or None."""
        s = self.sessions.get(session_id)
        return s if s is not None and not s.closed else None

    def wait_free(self, session_id: str | None, timeout: float) -> None:
        """Wait up to timeout for the page that held this session to let go (a reload opens before it closes)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.get(session_id) if isinstance(session_id, str) else None
            if s is None or s.connections == 0:
                return
            time.sleep(0.05)

    def open(self, session_id: str | None, config: dict | None = None) -> tuple[Session, bool]:
        """The session with this id if it lives and is free (recovered=True), else a new one with a fresh id."""
        self.expire()
        with self._lock:
            old = self.get(session_id) if isinstance(session_id, str) and SESSION_ID.match(session_id) else None
            if old is not None and old.connections == 0:
                return old, True
            if len(self.sessions) >= self.max_sessions:
                raise RuntimeError(f"too many sessions open ({self.max_sessions}); close a tab and reload")
            new_id = secrets.token_urlsafe(12)
        session = Session(new_id, self.link, config)  # built outside the lock: building data takes a while
        with self._lock:
            self.sessions[new_id] = session
        return session, False

    def expire(self, now: float | None = None) -> list[str]:
        """Close sessions with no page attached for longer than ttl; return their ids."""
        now = time.monotonic() if now is None else now
        with self._lock:
            gone = [sid for sid, s in self.sessions.items()
                    if s.closed or (s.connections == 0 and now - s.last_seen > self.ttl)]
            sessions = [self.sessions.pop(sid) for sid in gone]
        for s in sessions:
            s.close()
        return gone

    def close_all(self) -> None:
        """Close every session (the server is stopping)."""
        with self._lock:
            sessions = list(self.sessions.values())
            self.sessions.clear()
        for s in sessions:
            s.close()
