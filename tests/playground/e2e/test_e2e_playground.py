"""The playground end to end: Debian's Chromium drives the real page against the real server and engine.

Each test opens its own tab, so its own session, and asserts what the learner sees on the page: the readouts,
the prediction, the chain-rule table, the downloaded files. Training budgets are small (seconds), so the whole
directory runs in well under a minute on two cores.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import time

import pytest

# The fixtures (server, browser, page, traffic) come from pg_e2e as a plugin: see its docstring for why not conftest.
# Registered before the import below, so its asserts are rewritten like a conftest's.
pytest.register_assert_rewrite("pg_e2e")
pytest_plugins = ["pg_e2e"]

from pg_e2e import wait_ready  # noqa: E402


def _expect():
    """Playwright's expect, imported late: without Playwright the fixtures skip (or fail in CI), not collection."""
    from playwright.sync_api import expect

    return expect


def wait_until(pg, condition, timeout: float = 30.0, what: str = "condition") -> None:
    """Poll a Python-side condition while letting Playwright deliver events (time.sleep would block them)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        pg.wait_for_timeout(50)


def number(text: str) -> float:
    """The last number in a readout ("0.123", "93.2%", "4 values, mean -1.2e-3")."""
    found = re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", text)
    assert found, f"no number in {text!r}"
    return float(found[-1])


def set_neurons(pg, layer: int, count: int) -> None:
    """Click a hidden layer's + or - until it has `count` neurons, waiting for the server's frame each time."""
    label = pg.locator(f'[data-testid="neurons-{layer}"]')
    for _ in range(40):
        now = int(number(label.text_content()))
        if now == count:
            return
        pg.click(f'#{"add" if now < count else "remove"}-neuron-{layer}')
        _expect()(label).not_to_have_text(re.compile(rf"^{now} neuron"))
    raise AssertionError(f"layer {layer} never reached {count} neurons")


def check_feature(pg, name: str) -> None:
    box = pg.locator(f"#feature-{re.sub(r'[^a-z0-9]', '_', name, flags=re.I)}")
    box.check()
    _expect()(box).to_be_checked()
    # The state frame that echoes the config keeps it checked only once the server has taken it.
    pg.wait_for_timeout(200)
    _expect()(box).to_be_checked()


def spiral_network(pg) -> None:
    """Spiral, x1, x2, sin(x1), sin(x2) -> 6 -> 6 -> 2 with Adam: a 2-hidden-layer net that learns it in seconds."""
    pg.select_option("#dataset", "spiral")
    for f in ("sin(x1)", "sin(x2)"):
        check_feature(pg, f)
    set_neurons(pg, 0, 6)
    set_neurons(pg, 1, 6)
    pg.select_option("#optimizer", "adam")
    _expect()(pg.locator("#layer-count")).to_have_text("2 hidden layers")
    # 4 inputs -> 6 -> 6 -> 2 outputs: the SVG draws one edge per weight.
    _expect()(pg.locator("#network line.edge")).to_have_count(4 * 6 + 6 * 6 + 6 * 2)


def chain_payloads(traffic) -> list[dict]:
    """Every chain-rule view the server sent, in arrival order (select_edge answers, step details, full frames)."""
    out = []
    for f in traffic.frames:
        if f.get("type") == "detail" and f.get("kind") == "chain_rule":
            out.append(f)
        elif f.get("type") == "detail" and f.get("kind") == "step" and f.get("chain_rule"):
            out.append(f["chain_rule"])
        elif f.get("type") == "state" and f.get("chain_rule"):
            out.append(f["chain_rule"])
    return out


def settle(pg, traffic, quiet_ms: int = 400, timeout: float = 10.0) -> None:
    """Wait until no frame has arrived for quiet_ms (the page has drawn the last one)."""
    deadline = time.monotonic() + timeout
    seen, since = len(traffic.frames), time.monotonic()
    while time.monotonic() < deadline:
        pg.wait_for_timeout(50)
        if len(traffic.frames) != seen:
            seen, since = len(traffic.frames), time.monotonic()
        elif time.monotonic() - since >= quiet_ms / 1000:
            return


# ---- the five scenarios -----------------------------------------------------------------------------


def test_spiral_two_layer_network_trains_until_test_loss_below_threshold(page):
    pg, ex = page, _expect()
    spiral_network(pg)
    start = number(pg.text_content("#test-loss"))
    pg.click("#play")
    ex(pg.locator("#play")).to_have_attribute("aria-pressed", "true")
    threshold = 0.3
    pg.wait_for_function(f"() => Number(document.getElementById('test-loss').textContent) < {threshold}",
                         timeout=45_000)
    pg.click("#play")
    ex(pg.locator("#play")).to_have_attribute("aria-pressed", "false")
    assert start > threshold  # it was learning, not born below the line
    assert number(pg.text_content("#test-loss")) < threshold
    assert number(pg.text_content("#test-acc")) > 85  # a percentage
    assert int(pg.text_content("#step")) > 0 and number(pg.text_content("#epoch")) > 0
    # The boundary canvas shows both classes' colours, not one flat wash.
    colours = pg.evaluate("""() => {
        const c = document.getElementById('boundary');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let k = 0; k < d.length; k += 4 * 97) seen.add(`${d[k] >> 5},${d[k + 1] >> 5},${d[k + 2] >> 5}`);
        return seen.size;
    }""")
    assert colours > 4


def test_cnn_on_digits_predicts_the_digit_drawn(page):
    pg, ex = page, _expect()
    pg.select_option("#mode", "cnn")
    ex(pg.locator("#dataset")).to_have_value("digits")
    ex(pg.locator("#draw-canvas")).to_be_visible()
    ex(pg.locator("#boundary-box")).to_be_hidden()
    for epoch in (1, 2, 3):  # three epochs of the 8x8 digits: about 90% test accuracy, a second or two
        pg.click("#step-epoch")
        ex(pg.locator("#epoch")).to_have_text(f"{epoch}.00")
    assert number(pg.text_content("#test-acc")) > 80

    def draw(points) -> None:
        box = pg.locator("#draw-canvas").bounding_box()
        x0, y0 = box["x"] + points[0][0] * box["width"], box["y"] + points[0][1] * box["height"]
        pg.mouse.move(x0, y0)
        pg.mouse.down()
        for fx, fy in points[1:]:
            pg.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"], steps=2)
        pg.mouse.up()

    # A zero: an ellipse in the middle of the canvas, as a learner draws one.
    ring = [(0.5 + 0.22 * math.cos(t / 40 * 2 * math.pi), 0.5 + 0.32 * math.sin(t / 40 * 2 * math.pi))
            for t in range(41)]
    draw(ring)
    ex(pg.locator("#prediction")).to_have_text("0")
    assert pg.locator("#probs > *").count() >= 10  # a bar per class
    pg.click("#clear-canvas")
    ex(pg.locator("#prediction")).to_have_text("–")
    # A one: a single vertical stroke.
    draw([(0.5, 0.18 + 0.64 * k / 20) for k in range(21)])
    ex(pg.locator("#prediction")).to_have_text("1")


def test_step_one_batch_and_read_the_chain_rule(page, traffic):
    pg, ex = page, _expect()
    ex(pg.locator("#optimizer")).to_have_value("sgd")  # plain SGD: the update is exactly -lr * gradient
    # Select the edge from neuron 0 of hidden layer 1 to neuron 0 of hidden layer 2, with the keyboard as the
    # page's hint says (edges cross one another, so a mouse click in the middle of one can land on another).
    edge = pg.locator('[data-testid="edge-2-0-0"]')
    edge.focus()
    edge.press("Enter")
    ex(pg.locator("#edge-name")).to_have_text("layer 2, 0 → 0")
    ex(pg.locator('[data-testid="chain-product"]')).to_be_visible()

    before = len(traffic.details("step"))
    pg.click("#step-batch")
    ex(pg.locator("#step")).to_have_text("1")
    wait_until(pg, lambda: len(traffic.details("step")) > before, what="the step's detail frame")
    settle(pg, traffic)

    step = traffic.details("step")[-1]
    chain = step["chain_rule"]
    assert (chain["layer"], chain["i"], chain["j"]) == (2, 0, 0)
    assert len(chain["indices"]) == int(pg.locator("#batch-size").input_value())  # a whole batch, averaged
    # The server's gradient is the one the update used: w_after = w_before - lr * dL/dw.
    moved = step["weight_before"] - step["weight_after"]
    assert moved == pytest.approx(step["learning_rate"] * chain["total_grad"], rel=1e-3, abs=1e-6)
    assert chain["match"] is True  # the hand-made product equals autograd's

    # The table keeps the numbers the step used (5 significant digits), not those of the frames that follow
    # it at the updated weights.
    shown = number(pg.text_content('[data-testid="chain-product"]'))
    assert shown == pytest.approx(chain["product"], rel=1e-4, abs=1e-12)
    assert number(pg.text_content('[data-testid="chain-autograds"]')) == pytest.approx(chain["autograd_grad"],
                                                                                      rel=1e-4, abs=1e-12)
    later = [c for c in chain_payloads(traffic) if (c["layer"], c["i"], c["j"]) == (2, 0, 0)][-1]
    assert later["product"] != chain["product"]  # the frames after the step did carry the new weights' numbers
    ex(pg.locator('[data-testid="chain-the"]')).to_have_text("true")
    ex(pg.locator("#chain-rule caption")).to_contain_text("dL/dw = ")

    # One sample: the three factors the table shows multiply to the product it shows.
    pg.click("#step-sample")
    ex(pg.locator("#step")).to_have_text("2")
    settle(pg, traffic)
    factors = [number(pg.text_content(f'[data-testid="chain-{k}"]')) for k in ("dLda", "dadz", "dzdw")]
    product = number(pg.text_content('[data-testid="chain-product"]'))
    assert math.prod(factors) == pytest.approx(product, rel=5e-4, abs=1e-9)


def test_export_downloads_a_script_that_runs_and_prints_an_accuracy(page, server, tmp_path):
    pg, ex = page, _expect()
    spiral_network(pg)
    for epoch in (1, 2):
        pg.click("#step-epoch")
        ex(pg.locator("#epoch")).to_have_text(f"{epoch}.00")
    files = {}
    for link in ("export-script", "export-weights", "export-card"):
        with pg.expect_download() as info:
            pg.click(f"#{link}")
        download = info.value
        files[link] = tmp_path / download.suggested_filename
        download.save_as(files[link])
    script = files["export-script"]
    assert script.name == "script.py"
    text = script.read_text()
    assert "sin(x1)" in text and "Adam" in text  # the network built on the page, not the defaults

    run = subprocess.run([sys.executable, str(script), "--epochs", "15"], capture_output=True, text=True,
                         timeout=120, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    acc = re.search(r"final test accuracy: ([0-9.]+)", run.stdout)
    assert acc, run.stdout
    assert 0.8 < float(acc.group(1)) <= 1.0  # the same spiral network learns it again

    from safetensors.numpy import load_file

    weights = load_file(files["export-weights"])
    shapes = sorted(tuple(w.shape) for w in weights.values() if w.ndim == 2)
    assert shapes == sorted([(6, 4), (6, 6), (2, 6)])
    assert "spiral" in files["export-card"].read_text()
    # The server keeps a copy of each export in its run folder, with a log line.
    logged = [json.loads(line)["file"] for line in (server.out / "exports.jsonl").read_text().splitlines()]
    assert {"script.py", "model.safetensors", "model_card.md"} <= set(logged)


# ---- robustness the issue asks for --------------------------------------------------------------------------


def test_reload_recovers_the_session_and_its_training(page):
    pg, ex = page, _expect()
    pg.click("#add-layer")
    ex(pg.locator("#layer-count")).to_have_text("3 hidden layers")
    pg.click("#play")
    pg.wait_for_function("() => Number(document.getElementById('step').textContent) > 20")
    step_before = int(pg.text_content("#step"))
    session = pg.evaluate("() => sessionStorage.getItem('glassnet-playground-session')")
    pg.reload()
    wait_ready(pg)
    ex(pg.locator("#status")).to_have_text("session recovered")
    assert pg.evaluate("() => sessionStorage.getItem('glassnet-playground-session')") == session
    ex(pg.locator("#layer-count")).to_have_text("3 hidden layers")  # the config, from the server
    assert int(pg.text_content("#step")) >= step_before  # the weights and counters were kept
    # Training was running when the page went away, so it picks up again.
    pg.wait_for_function(f"() => Number(document.getElementById('step').textContent) > {step_before + 20}")
    pg.click("#play")
    ex(pg.locator("#play")).to_have_attribute("aria-pressed", "false")


def test_bad_input_shows_an_error_and_the_page_keeps_working(page, server, traffic):
    pg, ex = page, _expect()
    error = pg.locator("#error")
    ex(error).to_be_hidden()
    # A value the control lets you type but the server refuses: the page shows the server's message.
    pg.select_option("#mode", "cnn")
    ex(pg.locator("#draw-canvas")).to_be_visible()
    pg.fill("#conv", "8,999")
    pg.locator("#conv").press("Tab")  # commits the text field (its change event)
    ex(error).to_be_visible()
    ex(error).to_contain_text("conv")
    # Malformed frames straight to the server from the page's origin get error frames, and the socket stays open.
    # (No hello: a second session training beside this one would race on glassnet's process-wide grad mode,
    # which test_two_tabs_train_at_once shows.)
    reply = pg.evaluate("""(url) => new Promise((resolve, reject) => {
        const ws = new WebSocket(url);
        const out = [];
        ws.onopen = () => { ws.send("{not json"); ws.send(JSON.stringify({type: "step", unit: "batch"})); };
        ws.onmessage = (e) => {
            out.push(JSON.parse(e.data));
            if (out.length === 2) { ws.close(); resolve(out); }
        };
        ws.onerror = () => reject(new Error("socket error"));
        setTimeout(() => reject(new Error("no reply")), 10000);
    })""", server.url.replace("http://", "ws://") + "ws")
    assert [r["type"] for r in reply] == ["error", "error"], reply
    assert "not JSON" in reply[0]["message"], reply
    assert "hello first" in reply[1]["message"] and reply[1]["for"] == "step", reply
    # The page's own session is untouched: it still trains one step when asked.
    step = int(pg.text_content("#step"))
    pg.click("#step-batch")
    ex(pg.locator("#step")).to_have_text(str(step + 1))
    ex(pg.locator("#status")).to_have_text(re.compile("session"))


def test_every_request_stays_on_127_0_0_1(page, traffic):
    pg, ex = page, _expect()
    # Open every view in every mode, so any asset or call a view makes is recorded.
    for button in ("#show-graph", "#show-gradient-flow", "#show-attribution"):
        pg.click(button)
    ex(pg.locator("#graph > *").first).to_be_attached()
    pg.hover("#learning-rate")
    ex(pg.locator("#help-text")).to_contain_text("earning rate")
    pg.select_option("#mode", "rnn")
    ex(pg.locator("#rnn-cell")).to_be_visible()
    pg.click("#show-hidden-state")
    ex(pg.locator("#hidden-state > *").first).to_be_attached()
    pg.select_option("#mode", "cnn")
    ex(pg.locator("#draw-canvas")).to_be_visible()
    pg.click("#show-feature-maps")
    ex(pg.locator("#feature-maps > *").first).to_be_attached()
    settle(pg, traffic)
    assert traffic.requests and traffic.sockets  # the listeners saw the page's own traffic
    assert all(s.startswith("ws://127.0.0.1:") for s in traffic.sockets)
    assert not traffic.foreign_hosts(), traffic.foreign_hosts()


def test_two_tabs_train_at_once_as_independent_sessions(page, browser, server):
    ex = _expect()
    other = browser.new_context(viewport=page.viewport_size).new_page()
    try:
        other.goto(server.url)
        wait_ready(other)
        assert other.evaluate("() => sessionStorage.getItem('glassnet-playground-session')") != \
            page.evaluate("() => sessionStorage.getItem('glassnet-playground-session')")
        for pg in (page, other):
            pg.click("#play")
        page.wait_for_timeout(3000)  # both train at full speed, in two worker threads of the one server
        for pg in (page, other):
            ex(pg.locator("#error")).to_be_hidden(timeout=500)
            ex(pg.locator("#play")).to_have_attribute("aria-pressed", "true", timeout=500)
            assert int(pg.text_content("#step")) > 50
            pg.click("#play")
    finally:
        other.context.close()
