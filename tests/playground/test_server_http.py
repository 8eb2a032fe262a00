"""The playground's HTTP routes: the page, static files, defaults, exports and the security headers."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from pg_fake_engine import fake_link  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from glassnet.playground.server import create_app  # noqa: E402


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(link=fake_link(), out_dir=tmp_path)) as c:
        yield c


def session_id(client) -> str:
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello"})
        return ws.receive_json()["session"]


def test_the_page_and_its_static_files_are_served_with_a_strict_csp(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/js/app.js").headers["content-type"].split(";")[0] in ("text/javascript",
                                                                                    "application/javascript")
    assert client.get("/static/../server.py").status_code == 404


def test_the_page_loads_nothing_from_another_host():
    from glassnet.playground.server import STATIC

    for path in STATIC.rglob("*"):
        if path.suffix in (".html", ".css", ".js", ".mjs"):
            text = path.read_text().replace("http://www.w3.org/2000/svg", "")  # a namespace name, not a request
            assert "http://" not in text and "https://" not in text, path
            assert "//cdn" not in text and "fonts.googleapis" not in text, path


def test_defaults(client):
    assert client.get("/api/defaults").json()["defaults"]["dataset"] == "spiral"


def test_a_foreign_host_header_is_refused(client):
    # DNS rebinding: a page on another name that resolves to 127.0.0.1 must not reach the API.
    assert client.get("/api/defaults", headers={"host": "evil.example"}).status_code == 400


def test_exports_return_a_script_weights_and_a_card_and_are_logged(client, tmp_path):
    sid = session_id(client)
    script = client.get(f"/api/export/{sid}/script.py")
    assert script.status_code == 200 and script.text.startswith("# glassnet playground script")
    assert script.headers["content-disposition"] == 'attachment; filename="script.py"'
    weights = client.get(f"/api/export/{sid}/model.safetensors")
    assert weights.status_code == 200 and weights.content == b"fake-safetensors"
    card = client.get(f"/api/export/{sid}/model_card.md")
    assert card.status_code == 200 and card.text.startswith("# Model card")
    log = [json.loads(line) for line in (tmp_path / "exports.jsonl").read_text().splitlines()]
    assert [e["file"] for e in log] == ["script.py", "model.safetensors", "model_card.md"]
    assert (tmp_path / log[1]["path"]).read_bytes() == b"fake-safetensors"


def test_exports_of_an_unknown_session_or_file_are_404_with_a_message(client):
    sid = session_id(client)
    r = client.get("/api/export/nosuchsession/script.py")
    assert r.status_code == 404 and "reload" in r.text
    r = client.get(f"/api/export/{sid}/passwd")
    assert r.status_code == 404 and "script.py" in r.text
