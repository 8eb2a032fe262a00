"""End-to-end fixtures: the real `glassnet playground` server in a subprocess and Debian's Chromium via Playwright.

A module, not a conftest.py: a second conftest.py would replace the root one in sys.modules["conftest"], and the
tests that do ``from conftest import check_parity`` would import this one instead. Test modules import the
fixtures by name.

Playwright's own browser download is not available where glassnet is built, so the tests launch the system
Chromium (``/usr/bin/chromium``, or $GLASSNET_CHROMIUM) through ``executable_path``. They skip only when
Playwright or that binary is truly missing and $GLASSNET_REQUIRE_E2E is unset; `.ci/run` sets it, so in CI a
missing browser is a failure, and tests/conftest.py fails the run if no end-to-end test passed at all.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("GLASSNET_CHROMIUM", "/usr/bin/chromium")
# The sandbox needs user namespaces CI containers (running as root) do not give; the network flags stop
# Chromium's own calls home, which a closed network refuses many at a time and which no test should depend on.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOST = "127.0.0.1"
VIEWPORT = {"width": 1280, "height": 900}
SERVER_START_S = 60  # importing glassnet and binding the port; generous for a loaded 2-core CI machine


def missing_requirements() -> list[str]:
    """What the end-to-end tests need and this machine lacks (empty when they can run)."""
    missing = []
    for module, hint in (("playwright", "pip install playwright"), ("uvicorn", 'pip install "glassnet[playground]"'),
                         ("starlette", 'pip install "glassnet[playground]"')):
        if importlib.util.find_spec(module) is None:
            missing.append(f"{module} ({hint})")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    return missing


def e2e_required() -> bool:
    """Whether a missing browser must fail the run instead of skipping (CI sets GLASSNET_REQUIRE_E2E=1)."""
    return os.environ.get("GLASSNET_REQUIRE_E2E", "") not in ("", "0")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """A running `glassnet playground` process: its URL and its run folder."""

    def __init__(self, proc: subprocess.Popen, url: str, out: Path) -> None:
        self.proc, self.url, self.out = proc, url, out


@pytest.fixture(scope="session")
def _requirements() -> None:
    missing = missing_requirements()
    if missing:
        text = "end-to-end tests need " + ", ".join(missing)
        if e2e_required():
            pytest.fail(text + " (GLASSNET_REQUIRE_E2E is set, so this is a failure, not a skip)", pytrace=False)
        pytest.skip(text)


@pytest.fixture(scope="session")
def server(_requirements, tmp_path_factory) -> Server:
    """`python -m glassnet playground` on 127.0.0.1 and a free port: the same entry point a user starts."""
    out = tmp_path_factory.mktemp("playground-run")
    log = out.parent / "server.log"
    # One BLAS thread: the models are tiny, and the machine's other core runs Chromium.
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    for attempt in range(3):  # a free port can be taken between choosing it and uvicorn binding it
        port = _free_port()
        url = f"http://{HOST}:{port}/"
        with open(log, "w") as log_file:
            proc = subprocess.Popen([sys.executable, "-m", "glassnet", "playground", "--port", str(port),
                                     "--no-browser", "--out", str(out)],
                                    stdout=log_file, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(url + "api/defaults", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        else:
            proc.kill()
            proc.wait()
            if attempt == 2 or "in use" not in log.read_text():
                pytest.fail(f"the playground server did not start:\n{log.read_text()}", pytrace=False)
            continue
        break
    yield Server(proc, url, out)
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def browser(_requirements):
    """Debian's Chromium, headless, with a fresh profile (Playwright's launch makes a new empty user data dir)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Traffic:
    """Every request, WebSocket and frame one browser context made or received, and the page's JS errors."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.sockets: list[str] = []
        self.frames: list[dict] = []  # JSON frames from the server, in arrival order
        self.page_errors: list[str] = []

    def on_socket(self, ws) -> None:
        self.sockets.append(ws.url)
        ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload) -> None:
        if isinstance(payload, str):
            try:
                self.frames.append(json.loads(payload))
            except json.JSONDecodeError:
                pass

    def foreign_hosts(self) -> list[str]:
        """Addresses of requests that went anywhere but the local server's host."""
        return [u for u in self.requests + self.sockets
                if urlparse(u).scheme not in ("data", "blob") and urlparse(u).hostname != HOST]

    def details(self, kind: str) -> list[dict]:
        return [f for f in self.frames if f.get("type") == "detail" and f.get("kind") == kind]


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
def page(browser, server, traffic):
    """A fresh tab (its own sessionStorage, so its own playground session) on the playground page, connected."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    # The context sees requests from every page and worker it holds, not only the main frame's.
    context.on("request", lambda r: traffic.requests.append(r.url))
    pg = context.new_page()
    pg.on("websocket", traffic.on_socket)
    pg.on("pageerror", lambda e: traffic.page_errors.append(str(e)))
    pg.set_default_timeout(30_000)
    open_page(pg, server.url)
    yield pg
    context.close()
    # Checked for every test: whatever a scenario clicked, nothing left the machine and no script crashed.
    assert not traffic.foreign_hosts(), f"requests to other hosts: {traffic.foreign_hosts()}"
    assert not traffic.page_errors, f"uncaught errors in the page: {traffic.page_errors}"


def open_page(pg, url: str) -> None:
    """Load the page and wait until it has a session and has drawn its first frame."""
    pg.goto(url)
    wait_ready(pg)


def wait_ready(pg) -> None:
    from playwright.sync_api import expect

    expect(pg.locator("#status")).to_have_text(re.compile(r"^(new session|session recovered)$"))
    expect(pg.locator("#test-loss")).not_to_have_text("–")
