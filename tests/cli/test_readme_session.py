"""A newcomer's session: every `glassnet` command and the Python example of the README, run as written."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README.read_text(), flags=re.S)


def readme_commands() -> list[list[str]]:
    """The `glassnet ...` lines of the README's bash blocks, comments dropped, as argument lists."""
    out = []
    for block in _blocks("bash"):
        for line in block.splitlines():
            line = line.split(" #")[0].strip()
            if line.startswith("glassnet "):
                out.append(shlex.split(line)[1:])
    return out


def _newcomer_files(folder: Path) -> None:
    """What a newcomer brings: a drawing, a table, and new rows of that table."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (200, 200), 255)
    ImageDraw.Draw(img).ellipse((60, 40, 130, 160), outline=0, width=10)  # a hand-drawn zero
    img.save(folder / "digit.png")
    rng = np.random.default_rng(0)
    rows = [(rng.normal(), rng.choice(["red", "blue"])) for _ in range(240)]
    lines = [f"{x:.3f},{c},{int(x + (c == 'red') > 0.5)}" for x, c in rows]
    (folder / "table.csv").write_text("size,colour,label\n" + "\n".join(lines) + "\n")
    (folder / "new_rows.csv").write_text("size,colour\n0.9,red\n-1.2,blue\n")


def _glassnet(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "glassnet", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env=env)


def _latest_run(cwd: Path) -> str:
    runs = sorted((cwd / "runs").iterdir(), key=lambda p: p.stat().st_mtime_ns)
    return str(runs[-1].relative_to(cwd))


def _needs_data(args: list[str]) -> bool:
    return any("PATH/TO" in a for a in args)


def _session(tmp_path: Path, data: Path | None) -> list[str]:
    """Run the README's commands in tmp_path. Without data: every line but those on the user's data. With data:
    the lines on the data, and the lines after them that act on the newest run (which is then a real-data run);
    every other line would run just as in the session without data, which its own test runs."""
    pytest.importorskip("PIL")
    _newcomer_files(tmp_path)
    ran = []
    after_data = False
    for args in readme_commands():
        if _needs_data(args):
            if data is None:
                continue
            after_data = True
            args = [a.replace("PATH/TO", str(data)) for a in args] + ["--epochs", "1"]
        elif data is not None and not (after_data and "runs/<run>" in args):
            continue
        args = [_latest_run(tmp_path) if a == "runs/<run>" else a for a in args]
        proc = _glassnet(args, tmp_path)
        assert proc.returncode == 0, f"glassnet {' '.join(args)}\n{proc.stdout}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr and "error" not in proc.stderr.lower()
        ran.append(" ".join(args[:1]))
    return ran


def test_readme_commands_run_as_written(tmp_path):
    ran = _session(tmp_path, None)
    assert {"train", "evaluate", "predict", "info"} <= set(ran)
    runs = [p.name for p in (tmp_path / "runs").iterdir()]
    trained = [n for n in runs if not n.endswith(("-fraud", "-lab-depth"))]
    assert len(trained) == 2  # the digits run and the CSV run (resumed in place)
    assert len(runs) == 4  # and one folder each for the app and the experiment the README runs


@pytest.mark.slow
def test_readme_commands_with_the_real_data(tmp_path, shared_data):
    commands = readme_commands()
    first = next(i for i, args in enumerate(commands) if _needs_data(args))
    expected = [args[0] for i, args in enumerate(commands)
                if _needs_data(args) or (i > first and "runs/<run>" in args)]
    assert "train" in expected and len(expected) >= 5  # the two image datasets, a resume, speech digits
    assert _session(tmp_path, shared_data) == expected


def test_readme_training_in_python_runs_and_stops_on_validation(tmp_path, monkeypatch):
    code = next(b for b in _blocks("python") if "EarlyStopping" in b)
    assert "fit(model, train, val" in code and "random_split" in code  # never early-stops on the test set
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "digits.safetensors").is_file() and (tmp_path / "curves.png").is_file()
