"""Screenshots of the playground for the README: ``python tools/playground_screenshots.py [--out docs/playground]``.

Starts the real server on 127.0.0.1, drives one tab per mode through Debian's Chromium (Playwright, with
``executable_path``: its own browser download is not available here) and writes

    dense.png   spiral with a 2-hidden-layer network after training: boundary, neuron heatmaps, loss curves
    cnn.png     a CNN on the digits after three epochs, with a digit drawn on the canvas and its prediction
    rnn.png     a GRU on the sum-sign sequences with the hidden state drawn over time
    step.png    step mode: one batch stepped, the selected edge's chain-rule numbers beside autograd's

Each page is shot at a modest viewport, then reduced to a 256-colour palette so a PNG stays under ~150 KB.
Training budgets are seconds; the same seed gives the same pictures (up to where a timed training stops).
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # tiny models: a second BLAS thread only fights Chromium

CHROMIUM = os.environ.get("GLASSNET_CHROMIUM", "/usr/bin/chromium")
# As in tests/playground/e2e: no sandbox as root, and none of Chromium's own calls home.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 860}
MAX_BYTES = 150_000


def start_server():
    """The playground app under uvicorn on 127.0.0.1 and a free port, in a thread; returns (server, url)."""
    import uvicorn

    from glassnet.playground import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(out_dir=tempfile.mkdtemp()), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("the playground server did not start")
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}/"


def save_png(png: bytes, path: Path, width: int | None = None) -> None:
    """Write a screenshot as a 256-colour PNG (the page is flat colours: the palette loses nothing visible)."""
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    if width and img.width > width:
        img = img.resize((width, round(img.height * width / img.width)), Image.LANCZOS)
    img.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    size = path.stat().st_size
    print(f"{path}: {img.width}x{img.height}, {size // 1000} KB" + ("  (over the budget)" if size > MAX_BYTES else ""))


def open_tab(browser, url: str):
    from playwright.sync_api import expect

    page = browser.new_context(viewport=VIEWPORT).new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    expect(page.locator("#test-loss")).not_to_have_text("–")
    return page


def wait_epochs(page, n: int) -> None:
    for _ in range(n):
        before = page.text_content("#epoch")
        page.click("#step-epoch")
        page.wait_for_function(f"() => document.getElementById('epoch').textContent !== '{before}'")


def settle(page) -> None:
    page.wait_for_timeout(600)  # the page throttles its heavy drawing to 10 per second: let the last frame land


def set_neurons(page, layer: int, count: int) -> None:
    label = page.locator(f'[data-testid="neurons-{layer}"]')
    while (now := int(label.text_content().split()[0])) != count:
        page.click(f'#{"add" if now < count else "remove"}-neuron-{layer}')
        page.wait_for_function(f"() => !document.querySelector('[data-testid=\"neurons-{layer}\"]')"
                               f".textContent.startsWith('{now} ')")


def draw(page, points) -> None:
    """A mouse stroke through points given as fractions of the drawing canvas."""
    box = page.locator("#draw-canvas").bounding_box()
    page.mouse.move(box["x"] + points[0][0] * box["width"], box["y"] + points[0][1] * box["height"])
    page.mouse.down()
    for (ax, ay), (fx, fy) in zip(points, points[1:]):
        # The page inks where pointer events land: a long segment needs many events to be a line, not dots.
        steps = max(1, math.ceil(math.hypot(fx - ax, fy - ay) / 0.015))
        page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"], steps=steps)
    page.mouse.up()


def shot_dense(browser, url: str, out: Path) -> None:
    page = open_tab(browser, url)
    for f in ("sin_x1_", "sin_x2_"):
        page.check(f"#feature-{f}")
        page.wait_for_timeout(200)
    set_neurons(page, 0, 6)
    set_neurons(page, 1, 6)
    page.select_option("#optimizer", "adam")
    page.check("#show-test")
    page.click("#play")
    page.wait_for_function("() => Number(document.getElementById('test-loss').textContent) < 0.15", timeout=90_000)
    page.click("#play")
    settle(page)
    save_png(page.screenshot(), out / "dense.png", width=1100)
    page.context.close()


def shoot_down_to_inspect(page, path: Path) -> None:
    """Grow the viewport down to the end of the 'Look inside' panel (the feature maps or hidden state sit
    below the fold), take the picture, close the tab."""
    height = page.evaluate("() => document.querySelector('.inspect').getBoundingClientRect().bottom")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(1400, int(height) + 10)})
    settle(page)
    save_png(page.screenshot(), path, width=1000)
    page.context.close()


def shot_cnn(browser, url: str, out: Path) -> None:
    page = open_tab(browser, url)
    page.select_option("#mode", "cnn")
    page.wait_for_selector("#draw-canvas", state="visible")
    wait_epochs(page, 3)
    # A 2: the top arc, the diagonal, the base.
    arc = [(0.5 + 0.2 * math.cos(a), 0.33 + 0.14 * math.sin(a)) for a in [math.pi * (1 + k / 12) for k in range(13)]]
    draw(page, arc + [(0.32, 0.78), (0.72, 0.78)])
    page.wait_for_function("() => document.getElementById('prediction').textContent !== '–'")
    page.click("#show-feature-maps")
    settle(page)
    shoot_down_to_inspect(page, out / "cnn.png")


def shot_rnn(browser, url: str, out: Path) -> None:
    page = open_tab(browser, url)
    page.select_option("#mode", "rnn")
    page.wait_for_selector("#rnn-cell", state="visible")
    page.select_option("#optimizer", "adam")
    page.wait_for_timeout(300)
    wait_epochs(page, 4)
    page.click("#show-hidden-state")
    page.wait_for_selector("#hidden-state > *")
    settle(page)
    shoot_down_to_inspect(page, out / "rnn.png")


def shot_step(browser, url: str, out: Path) -> None:
    page = open_tab(browser, url)
    wait_epochs(page, 5)
    edge = page.locator('[data-testid="edge-2-0-0"]')
    edge.focus()
    edge.press("Enter")
    page.wait_for_selector('[data-testid="chain-product"]')
    page.click("#step-batch")
    page.wait_for_function("() => document.getElementById('step').textContent !== '0'")
    settle(page)
    # The network and the chain-rule table under it: the Network column, shot on its own.
    save_png(page.locator("section.col.wide").screenshot(), out / "step.png", width=900)
    page.context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "playground"), help="folder for the PNGs")
    parser.add_argument("--only", nargs="*", choices=["dense", "cnn", "rnn", "step"], help="some modes only")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    server, url = start_server()
    shots = {"dense": shot_dense, "cnn": shot_cnn, "rnn": shot_rnn, "step": shot_step}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for name in args.only or shots:
                shots[name](browser, url, out)
            browser.close()
    finally:
        server.should_exit = True
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
