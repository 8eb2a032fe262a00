"""The server driving the real playground engine: hello, a config, steps, play/pause, the chain rule, exports."""

from __future__ import annotations

import ast

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
pytest.importorskip("glassnet.playground.engine", reason="the playground engine is not in this tree yet")

from starlette.testclient import TestClient  # noqa: E402

from glassnet.playground.server import create_app  # noqa: E402


def until(ws, pred, limit=400):
    for _ in range(limit):
        msg = ws.receive_json()
        assert msg["type"] != "error", msg
        if pred(msg):
            return msg
    raise AssertionError("no such frame")


def next_error(ws, limit=50):
    """The next error frame, skipping the state frames the stream sends meanwhile."""
    for _ in range(limit):
        msg = ws.receive_json()
        if msg["type"] == "error":
            return msg
        assert msg["type"] == "state", msg
    raise AssertionError("no error frame")


def test_the_real_engine_through_the_socket(tmp_path):
    with TestClient(create_app(out_dir=tmp_path, fps=20, heavy_every=2)) as client:
        with client.websocket_connect("/ws") as ws:
            ws.send_json({"type": "hello", "config": {"dataset": "xor", "hidden": [3], "n_samples": 200}})
            sid = ws.receive_json()["session"]
            state = until(ws, lambda m: m["type"] == "state")
            assert state["config"]["dataset"] == "xor" and state["network"]["weights"]
            assert state["boundary"]["available"] and len(state["boundary"]["grid"]) == 40
            ws.send_json({"type": "select_edge", "layer": 1, "i": 0, "j": 1})
            chain = until(ws, lambda m: m["type"] == "detail")
            assert chain["kind"] == "chain_rule" and chain["match"] is True
            ws.send_json({"type": "step", "unit": "batch"})
            step = until(ws, lambda m: m["type"] == "detail")
            assert step["kind"] == "step" and step["edge"] == [1, 0, 1] and step["chain_rule"]["match"]
            until(ws, lambda m: m["type"] == "state" and m["step"] == 1)
            ws.send_json({"type": "play"})
            running = until(ws, lambda m: m["type"] == "state" and m["running"] and m["step"] > 1)
            ws.send_json({"type": "pause"})
            paused = until(ws, lambda m: m["type"] == "state" and not m["running"])
            assert paused["step"] >= running["step"] and "graph" in paused and "gradient_flow" in paused
            ws.send_json({"type": "set_weight", "layer": 1, "i": 0, "j": 0, "value": 1.5})
            until(ws, lambda m: m["type"] == "state" and m["network"]["weights"][0][0][0] == 1.5)
            ws.send_json({"type": "set_weight", "layer": 7, "i": 0, "j": 0, "value": 1.5})
            assert next_error(ws)["message"].startswith("layer")
            ws.send_json({"type": "config", "config": {"activation": "swish"}})
            assert "activation" in next_error(ws)["message"]
            ws.send_json({"type": "gradient_flow"})
            assert until(ws, lambda m: m["type"] == "detail")["layers"]
        script = client.get(f"/api/export/{sid}/script.py")
        assert script.status_code == 200
        ast.parse(script.text)  # a valid Python script (the engine's tests run it)
        weights = client.get(f"/api/export/{sid}/model.safetensors")
        assert weights.status_code == 200 and len(weights.content) > 8
        assert client.get(f"/api/export/{sid}/model_card.md").status_code == 200


def test_the_cnn_mode_predicts_a_drawn_digit():
    with TestClient(create_app(fps=20)) as client, client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "config": {"mode": "cnn", "dataset": "digits", "conv": [4]}})
        ws.receive_json()
        until(ws, lambda m: m["type"] == "state")
        canvas = [[0.0] * 28 for _ in range(28)]
        for r in range(6, 22):
            canvas[r][14] = 1.0  # a "1"
        ws.send_json({"type": "predict", "pixels": canvas})
        pred = until(ws, lambda m: m["type"] == "detail")
        assert pred["kind"] == "prediction" and 0 <= pred["label"] <= 9 and len(pred["probs"]) == 10
        ws.send_json({"type": "feature_maps", "index": 0})
        assert until(ws, lambda m: m["type"] == "detail")["layers"]
