"""The playground's WebSocket protocol through Starlette's TestClient, on a fake engine."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from pg_fake_engine import fake_link  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from glassnet.playground.server import create_app  # noqa: E402


@pytest.fixture
def client():
    with TestClient(create_app(link=fake_link(), fps=50, heavy_every=4)) as c:
        yield c


def hello(ws, session=None, **extra):
    ws.send_json({"type": "hello", "session": session, **extra})
    greeting = ws.receive_json()
    assert greeting["type"] == "hello"
    state = ws.receive_json()
    assert state["type"] == "state" and state["light"] is False
    return greeting, state


def until(ws, pred, limit=200):
    """Read frames until one satisfies pred."""
    for _ in range(limit):
        msg = ws.receive_json()
        if pred(msg):
            return msg
    raise AssertionError("no such frame")


def test_hello_gives_a_session_and_a_full_state(client):
    with client.websocket_connect("/ws") as ws:
        greeting, state = hello(ws)
        assert len(greeting["session"]) >= 8 and greeting["recovered"] is False
        assert greeting["defaults"]["dataset"] == "spiral"
        assert state["running"] is False and state["step"] == 0 and "network" in state


def test_commands_before_hello_are_refused_and_the_socket_stays_open(client):
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "play"})
        err = ws.receive_json()
        assert err == {"type": "error", "message": "send hello first", "for": "play"}
        hello(ws)


def test_bad_json_unknown_type_and_bad_values_get_errors_and_the_socket_still_answers(client):
    with client.websocket_connect("/ws") as ws:
        hello(ws)
        ws.send_text("{not json")
        assert ws.receive_json()["message"].startswith("not JSON")
        ws.send_text("[1, 2]")
        assert "JSON object" in ws.receive_json()["message"]
        ws.send_bytes(b"\x00\x01")
        assert "binary" in ws.receive_json()["message"]
        ws.send_json({"type": "fly"})
        assert ws.receive_json() == {"type": "error", "message": "unknown message type 'fly'", "for": "fly"}
        ws.send_json({"type": "step", "unit": "century"})
        assert "'unit'" in ws.receive_json()["message"]
        ws.send_json({"type": "set_weight", "layer": 1, "i": 0, "j": 0, "value": "big"})
        assert "'value'" in ws.receive_json()["message"]
        ws.send_json({"type": "set_weight", "layer": 9, "i": 0, "j": 0, "value": 1.0})
        err = ws.receive_json()
        assert err["for"] == "set_weight" and "out of range" in err["message"] and "Traceback" not in err["message"]
        ws.send_json({"type": "config", "config": {"learning_rate": -1}})
        err = ws.receive_json()
        assert err["for"] == "config" and err["message"].startswith("learning_rate")
        ws.send_json({"type": "step", "unit": "batch"})  # still answers
        assert until(ws, lambda m: m["type"] == "detail")["kind"] == "step"


def test_config_rebuilds_and_a_config_that_fails_to_build_keeps_the_old_run(client):
    with client.websocket_connect("/ws") as ws:
        hello(ws)
        ws.send_json({"type": "config", "config": {"dataset": "xor", "hidden": [3]}})
        state = until(ws, lambda m: m["type"] == "state")
        assert state["config"]["dataset"] == "xor" and state["config"]["hidden"] == [3]
        ws.send_json({"type": "config", "config": {"dataset": "missing-folder"}})
        err = ws.receive_json()
        assert err["type"] == "error" and "MNIST" in err["message"]
        ws.send_json({"type": "pause"})
        assert until(ws, lambda m: m["type"] == "state")["config"]["dataset"] == "xor"


def test_step_units_and_edge_selection(client):
    with client.websocket_connect("/ws") as ws:
        hello(ws)
        for unit, steps in (("sample", 1), ("batch", 2), ("epoch", 27)):
            ws.send_json({"type": "step", "unit": unit})
            detail = until(ws, lambda m: m["type"] == "detail")
            assert detail["kind"] == "step" and detail["unit"] == unit
            until(ws, lambda m, n=steps: m["type"] == "state" and m["step"] == n)
        ws.send_json({"type": "select_edge", "layer": 1, "i": 0, "j": 0})
        detail = until(ws, lambda m: m["type"] == "detail")
        assert detail["kind"] == "chain_rule" and detail["product"] == detail["autograd_grad"]
        ws.send_json({"type": "set_weight", "layer": 1, "i": 0, "j": 0, "value": -2.5})
        until(ws, lambda m: m["type"] == "state" and m["network"]["weights"][0][0][0] == -2.5)


def test_views_and_predict_answer_with_details(client):
    with client.websocket_connect("/ws") as ws:
        hello(ws)
        for msg, kind in (({"type": "graph"}, "graph"), ({"type": "gradient_flow"}, "gradient_flow"),
                          ({"type": "attribution", "index": 3}, "attribution"),
                          ({"type": "feature_maps", "index": 0}, "feature_maps"),
                          ({"type": "hidden_state", "index": 1}, "hidden_state"),
                          ({"type": "predict", "pixels": [[0.0] * 28] * 28}, "prediction")):
            ws.send_json(msg)
            detail = until(ws, lambda m: m["type"] in ("detail", "error"))
            assert detail["type"] == "detail" and detail["kind"] == kind
        ws.send_json({"type": "attribution", "index": 0, "method": "magic"})
        assert "'method'" in until(ws, lambda m: m["type"] == "error")["message"]


def test_paint_switches_to_the_painted_dataset(client):
    with client.websocket_connect("/ws") as ws:
        hello(ws)
        ws.send_json({"type": "paint", "points": [[1, 1, 0], [-1, -1, 1]]})
        state = until(ws, lambda m: m["type"] == "state")
        assert state["config"]["dataset"] == "painted" and len(state["config"]["points"]) == 2


def test_play_streams_throttled_light_frames_then_pause_stops(client):
    with client.websocket_connect("/ws") as ws:
        hello(ws)
        ws.send_json({"type": "play"})
        frames = [until(ws, lambda m: m["type"] == "state" and m["running"]) for _ in range(6)]
        assert any(f["light"] for f in frames) and any(not f["light"] for f in frames)  # heavy every 4th
        assert frames[-1]["step"] > frames[0]["step"] > 0
        ws.send_json({"type": "pause"})
        stopped = until(ws, lambda m: m["type"] == "state" and not m["running"])
        assert stopped["light"] is False
        time.sleep(0.1)
        ws.send_json({"type": "step", "unit": "batch"})
        until(ws, lambda m: m["type"] == "detail")
        after = until(ws, lambda m: m["type"] == "state")
        assert after["step"] == stopped["step"] + 1  # paused: nothing trained between the two frames


def test_reload_with_the_same_session_id_recovers_the_session(client):
    with client.websocket_connect("/ws") as ws:
        greeting, _ = hello(ws)
        ws.send_json({"type": "step", "unit": "epoch"})
        until(ws, lambda m: m["type"] == "state")
    with client.websocket_connect("/ws") as ws:
        again, state = hello(ws, session=greeting["session"])
        assert again["session"] == greeting["session"] and again["recovered"] is True
        assert state["step"] == 25


def test_a_training_page_that_closes_pauses_and_resumes_on_reload(client):
    with client.websocket_connect("/ws") as ws:
        greeting, _ = hello(ws)
        ws.send_json({"type": "play"})
        until(ws, lambda m: m["type"] == "state" and m["running"])
    session = client.app.state.playground.registry.get(greeting["session"])
    deadline = time.time() + 3
    while session.running and time.time() < deadline:
        time.sleep(0.01)
    assert not session.running and session.resume_on_attach
    with client.websocket_connect("/ws") as ws:
        _, state = hello(ws, session=greeting["session"])
        assert state["running"] is True


def test_two_clients_are_independent_sessions(client):
    with client.websocket_connect("/ws") as a, client.websocket_connect("/ws") as b:
        ga, _ = hello(a)
        gb, _ = hello(b)
        assert ga["session"] != gb["session"]
        a.send_json({"type": "step", "unit": "epoch"})
        assert until(a, lambda m: m["type"] == "state")["step"] == 25
        b.send_json({"type": "config", "config": {"dataset": "circle"}})
        sb = until(b, lambda m: m["type"] == "state")
        assert sb["step"] == 0 and sb["config"]["dataset"] == "circle"
        a.send_json({"type": "pause"})
        sa = until(a, lambda m: m["type"] == "state")
        assert sa["step"] == 25 and sa["config"]["dataset"] == "spiral"


def test_a_second_page_with_a_session_id_in_use_gets_a_new_session(client):
    with client.websocket_connect("/ws") as a:
        ga, _ = hello(a)
        with client.websocket_connect("/ws") as b:  # a duplicated tab copies sessionStorage
            gb, _ = hello(b, session=ga["session"])
            assert gb["session"] != ga["session"] and gb["recovered"] is False


def test_hello_with_a_config_from_the_url_hash(client):
    with client.websocket_connect("/ws") as ws:
        _, state = hello(ws, config={"dataset": "gauss", "learning_rate": 0.1})
        assert state["config"]["dataset"] == "gauss" and state["config"]["learning_rate"] == 0.1
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "config": {"learning_rate": "fast"}})
        assert ws.receive_json()["for"] == "hello"


def test_another_sites_origin_is_refused(client):
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("/ws", headers={"origin": "http://evil.example"}) as ws:
            ws.receive_json()


def test_idle_sessions_expire():
    app = create_app(link=fake_link(), ttl=0.05)
    registry = app.state.playground.registry
    session, _ = registry.open(None)
    assert registry.expire(now=time.monotonic() + 1) == [session.id]
    assert registry.get(session.id) is None and session.closed
