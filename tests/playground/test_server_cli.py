"""``glassnet playground``: its bad-input messages, the missing-extra hint and the run folder 'glassnet info' reads."""

from __future__ import annotations

import builtins
import json
import socket

import pytest

from glassnet.cli.main import main


def test_a_port_out_of_range_is_a_one_line_error(capsys):
    pytest.importorskip("starlette")
    pytest.importorskip("uvicorn")
    assert main(["playground", "--port", "70000", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "glassnet playground: error: --port must be between 1 and 65535, got 70000"


def test_a_port_in_use_is_a_one_line_error(capsys, tmp_path):
    pytest.importorskip("starlette")
    pytest.importorskip("uvicorn")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["playground", "--port", str(port), "--no-browser", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is in use" in err and "Traceback" not in err


def test_missing_starlette_names_the_extra(capsys, monkeypatch):
    real_import = builtins.__import__

    def no_starlette(name, *args, **kwargs):
        if name.split(".")[0] in ("starlette", "uvicorn"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_starlette)
    assert main(["playground", "--no-browser"]) == 2
    assert 'pip install "glassnet[playground]"' in capsys.readouterr().err


def test_importing_the_package_does_not_need_starlette():
    import glassnet.playground as pg

    assert "create_app" in pg.__all__ and "Starlette" not in vars(pg)


def test_info_describes_a_playground_run_folder(tmp_path, capsys):
    from glassnet.cli.playground import PLAYGROUND_FORMAT

    (tmp_path / "config.json").write_text(json.dumps({"format": PLAYGROUND_FORMAT, "url": "http://127.0.0.1:8765/",
                                                      "started": "2026-12-07T14:00:00", "glassnet_version": "0.1"}))
    line = {"time": "2026-12-07T14:01:00", "session": "abc", "file": "script.py", "path": "exports/abc-script.py",
            "step": 40, "config": {"mode": "dense", "dataset": "spiral", "hidden": [4, 2]}}
    (tmp_path / "exports.jsonl").write_text(json.dumps(line) + "\n{cut sh")
    assert main(["info", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "playground: served at http://127.0.0.1:8765/" in out
    assert "exports: 1 file from 1 session" in out and "dense on spiral, hidden [4, 2]" in out
