"""draw_network (layers and neurons) and draw_graph (the autograd graph grouped by module)."""

from __future__ import annotations

import importlib.util
import re
import shutil

import pytest

import glassnet
from glassnet import nn
from glassnet.inspect import Diagram, draw_graph, draw_network, module_of, track_modules
from glassnet.inspect import dot as dot_module
from glassnet.models import LeNet5, resnet8

CAN_RENDER = importlib.util.find_spec("graphviz") is not None and shutil.which("dot") is not None
needs_graphviz = pytest.mark.skipif(not CAN_RENDER, reason="needs the graphviz package and its dot program")


def _edges(source: str) -> list[tuple[str, str]]:
    return re.findall(r"^\s*(\w+) -> (\w+)", source, flags=re.M)


def _is_acyclic(edges: list[tuple[str, str]]) -> bool:
    graph: dict[str, list[str]] = {}
    for a, b in edges:
        graph.setdefault(a, []).append(b)
    state: dict[str, int] = {}

    def visit(n: str) -> bool:
        state[n] = 1
        for m in graph.get(n, []):
            if state.get(m) == 1 or (m not in state and not visit(m)):
                return False
        state[n] = 2
        return True

    return all(visit(n) for n in list(graph) if n not in state)


def test_lenet5_layers_in_order_with_shapes():
    src = draw_network(LeNet5(), (1, 1, 28, 28)).source
    assert "input layer\\n1×1×28×28" in src and "output layer\\nclassifier.5" in src
    assert "Conv2d 1→6, 5×5" in src and "Linear 400→120" in src and "48,120 params" in src
    edges = _edges(src)
    # A chain: input -> 12 layers -> output, each edge labelled with the shape flowing along it.
    assert edges[0] == ("in0", "c0") and edges[-1] == ("c11", "out0") and len(edges) == 13
    assert '[label=" 1×16×5×5"]' in src  # into Flatten


def test_resnet_skip_connection_is_a_second_edge():
    src = draw_network(resnet8(), (1, 1, 28, 28)).source
    into = {}
    for a, b in _edges(src):
        into.setdefault(b, []).append(a)
    labels = dict(re.findall(r"^\s*(c\d+) \[label=\"([^\"]*)\"", src, flags=re.M))
    block_relus = [c for c, lab in labels.items() if lab.startswith("layer1.0.relu")]
    # The block's second ReLU takes the residual sum: from bn2 and from the block's input.
    assert any(len(into.get(c, [])) == 2 for c in block_relus)
    assert _is_acyclic(_edges(src))


def test_pass_through_layers_and_attention_keep_the_chain():
    # Dropout in eval mode hands back the tensor it was given: the edge still runs through it, not around.
    net = nn.Sequential(nn.Linear(3, 4), nn.Dropout(0.5), nn.Linear(4, 2))
    assert _edges(draw_network(net, (1, 3), neurons=False).source) == [("in0", "c0"), ("c0", "c1"), ("c1", "c2"),
                                                                       ("c2", "out0")]
    enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 2, 32), num_layers=2)
    src = draw_network(enc, (5, 2, 16)).source
    edges = _edges(src)
    assert len(edges) == len(set(edges)) and all(a != b for a, b in edges) and _is_acyclic(edges)
    assert "MultiheadAttention 16, 2 heads" in src and "out_proj" not in src


def test_depth_draws_blocks_as_boxes():
    src = draw_network(resnet8(), (1, 1, 28, 28), depth=2).source
    assert "layer1.0\\nBasicBlock" in src and "layer1.0.conv1" not in src


def test_small_mlp_is_drawn_neuron_by_neuron():
    mlp = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    src = draw_network(mlp, (1, 3)).source
    assert "hidden layer 1\\n4 neurons, Tanh" in src and "output layer\\n2 outputs" in src
    edges = _edges(src)
    assert len(edges) == 3 * 4 + 4 * 2
    assert "#1f5fbf" in src and "#d62728" in src  # positive and negative weights have their colours
    widths = [float(w) for w in re.findall(r'penwidth="([\d.]+)"', src)]
    assert max(widths) == pytest.approx(3.5)  # the largest |weight| gets the widest edge
    layered = draw_network(mlp, (1, 3), neurons=False).source
    assert "neurons" not in layered and "Linear 3→4" in layered


def test_neurons_true_on_a_cnn_is_an_error():
    with pytest.raises(ValueError, match="chain of Linear layers"):
        draw_network(LeNet5(), (1, 1, 28, 28), neurons=True)


def test_wrong_input_size_names_the_first_layer():
    with pytest.raises(ValueError, match=r"\(1, 3, 28, 28\).*features\.0.*in_channels=1"):
        draw_network(LeNet5(), (1, 3, 28, 28))


def test_token_model_draws_from_integer_input():
    class Tok(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(20, 8)
            self.rnn = nn.LSTM(8, 8, batch_first=True)
            self.fc = nn.Linear(8, 2)

        def forward(self, x):
            return self.fc(self.rnn(self.emb(x))[0][:, -1])

    src = draw_network(Tok(), (2, 5), dtypes=[glassnet.long]).source
    assert ("in0", "c0") in _edges(src) and ("c1", "c2") in _edges(src)


def test_save_writes_dot_text_and_falls_back_without_graphviz(tmp_path, monkeypatch, capsys):
    d = draw_network(LeNet5(), (1, 1, 28, 28))
    assert d.save(tmp_path / "net.dot").read_text() == d.source
    monkeypatch.setattr(dot_module, "render", lambda source, fmt: (None, "Graphviz's dot program is not installed"))
    written = d.save(tmp_path / "net.svg")
    assert written == tmp_path / "net.dot" and not (tmp_path / "net.svg").exists()
    err = capsys.readouterr().err
    assert "dot -Tsvg" in err and str(tmp_path / "net.dot") in err
    assert d._repr_svg_() is None
    with pytest.raises(ValueError, match="suffix"):
        d.save(tmp_path / "net.jpg")


@needs_graphviz
def test_renders_svg_and_png(tmp_path):
    d = draw_network(LeNet5(), (1, 1, 28, 28), tmp_path / "net.svg")
    assert (tmp_path / "net.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    d.save(tmp_path / "net.png")
    assert (tmp_path / "net.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in d._repr_svg_()


def test_autograd_graph_of_a_training_step_is_grouped_by_module():
    glassnet.manual_seed(0)
    model = LeNet5()
    x, y = glassnet.rand(4, 1, 28, 28), glassnet.tensor([0, 1, 2, 3])
    with track_modules(model):
        loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    src = draw_graph(loss, params=model).source
    for piece in ("NllLossBackward0", "ConvolutionBackward0\\n(4, 6, 28, 28)", "AddmmBackward0\\n(4, 10)",
                  "features.0.weight\\n(6, 1, 5, 5)\\ngrad norm", 'label="features.0 (Conv2d)"',
                  'label="classifier (Sequential)"'):
        assert piece in src, piece
    # Every op but the loss sits in a module's box; the weight sits in the box of the op that uses it.
    conv_box = src.split('label="features.0 (Conv2d)"')[1].split("}")[0]
    assert "features.0.weight" in conv_box and "ConvolutionBackward0" in conv_box
    assert module_of(model(x).grad_fn) is None  # outside track_modules nothing is marked
    assert _is_acyclic(_edges(src))


def test_graph_without_tracking_and_its_errors():
    net = nn.Sequential(nn.Linear(3, 2))
    out = net(glassnet.randn(2, 3)).sum()
    src = draw_graph(out).source
    assert "SumBackward0" in src and "leaf\\n(2, 3)" in src and "cluster" not in src
    with pytest.raises(ValueError, match="does not require grad"):
        draw_graph(glassnet.ones(3))
    with pytest.raises(TypeError, match="Tensor"):
        draw_graph("loss")


def test_collapse_keeps_a_shared_module_called_twice_apart():
    model = resnet8()
    with track_modules(model):
        out = model(glassnet.rand(2, 1, 28, 28)).sum()
    full = draw_graph(out, params=model).source
    small = draw_graph(out, params=model, collapse_depth=2).source
    assert len(_edges(small)) < len(_edges(full))
    assert "layer1.0.relu\\nReLU" in small and _is_acyclic(_edges(small)) and _is_acyclic(_edges(full))
    assert isinstance(draw_graph(out), Diagram)
