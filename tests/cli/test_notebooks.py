"""In notebooks and at the prompt: no backend switch, live progress, History.plot, HTML displays, tidy dir()."""

from __future__ import annotations

import subprocess
import sys

import pytest

import glassnet
from glassnet import nn


def test_dir_shows_no_stray_names():
    names = set(dir(glassnet))
    assert not names & {"D", "E", "S", "Any", "builtins", "xp"}
    assert {"tensor", "zeros", "cat", "Tensor", "float32", "no_grad"} <= names


def test_writing_a_plot_never_switches_the_matplotlib_backend(tmp_path):
    code = (
        "import matplotlib; matplotlib.use('svg'); import sys\n"
        "from glassnet.inspect import plot_learning_curves\n"
        f"plot_learning_curves({{'loss': [1.0, 0.5]}}, {str(tmp_path / 'c.png')!r})\n"
        "print(matplotlib.get_backend(), 'matplotlib.pyplot' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["svg", "False"]
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"


def test_history_plot_and_html(tmp_path):
    from glassnet.train import fit

    x, y = glassnet.randn(64, 4), glassnet.randint(0, 2, (64,))
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    history = fit(model, (x, y), (x, y), loss=nn.CrossEntropyLoss(), optimizer=glassnet.optim.SGD(
        model.parameters(), lr=0.1), epochs=2, verbose=0)
    fig = history.plot()
    assert len(fig.axes) == 2 and fig.axes[0].get_xlabel() == "epoch"
    path = history.plot(path=tmp_path / "h.png")
    assert path.read_bytes()[:4] == b"\x89PNG"
    html = history._repr_html_()
    assert html.startswith("<table") and "val_accuracy" in html and html.count("<tr>") == 1 + 2


def test_module_html_is_a_summary_table():
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    html = model._repr_html_()
    assert html.startswith("<table") and "Linear" in html and "ReLU" in html
    assert "58" in html  # 4*8+8 + 8*2+2 parameters in all
    model.add_module("a<b", nn.Identity())
    assert "a&lt;b" in model._repr_html_()  # names are escaped, never taken as markup


def test_metric_html():
    from glassnet.train.metrics import Accuracy

    m = Accuracy()
    m.update(glassnet.tensor([0, 1, 1]), glassnet.tensor([[2.0, 0.0], [0.0, 1.0], [1.0, 0.0]]))
    html = m._repr_html_()
    assert "accuracy" in html and "0.6667" in html


def test_progress_in_a_notebook_uses_a_live_bar(monkeypatch):
    from glassnet.train import progress

    assert progress.in_notebook() is False  # pytest is no Jupyter kernel
    monkeypatch.setattr(progress, "in_notebook", lambda: True)
    p = progress.Progress(1, 3, 100)
    assert p.mode == "bar"
    p.epoch_begin(0)
    assert type(p.bar).__module__.startswith("tqdm")  # tqdm.auto: the widget in Jupyter
    p.close()
    assert progress.Progress(0, 3, 100).mode == "off" and progress.Progress(2, 3, 100).mode == "line"


@pytest.mark.parametrize("stream_is_tty", [True, False])
def test_terminal_bar_only_on_a_terminal(stream_is_tty):
    from glassnet.train import progress

    class Stream:
        def isatty(self):
            return stream_is_tty

        def write(self, s):
            pass

        def flush(self):
            pass

    assert progress.Progress(1, 3, 100, stream=Stream()).mode == ("bar" if stream_is_tty else "line")
