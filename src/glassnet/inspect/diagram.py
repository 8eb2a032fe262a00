"""``draw_network(model, input_size, path)``: the network as a course draws it — input, hidden layers, output.

One forward pass with hooks finds the layers in the order data reaches them and which layer feeds which:
each layer's input is followed back through the autograd graph to the layers that made it, so a skip
connection (ResNet's ``out + identity``) shows as a second edge. Edges carry the shape of the tensor that
flows along them. A small MLP (every layer with weights a Linear, none wider than ``max_neurons``) is drawn
neuron by neuron instead, each edge's width and colour showing its weight (blue positive, red negative).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ..autograd.grad_mode import enable_grad
from ..tensor import Tensor
from .dot import Diagram, attrs
from .forward_run import all_tensors, as_call_args, layer_modules, make_inputs, model_mode, run_forward

_PASSIVE = ("ReLU", "Sigmoid", "Tanh", "GELU", "SiLU", "LeakyReLU", "ELU", "Softmax", "LogSoftmax", "Dropout",
            "Flatten", "Identity", "Softplus", "Mish", "Hardtanh", "ReLU6", "SELU", "CELU", "PReLU")
COLORS = {"input": "#d9f2d9", "output": "#ffd9b3", "weights": "#cfe2ff", "other": "#f2f2f2"}


def _shape(t: Tensor) -> str:
    return "×".join(str(d) for d in t.shape) or "scalar"


def describe(module: Any) -> str:
    """A short description of a layer's size: ``1→6, 5×5`` for a convolution, ``400→120`` for a Linear."""
    def pair(k: Any) -> str:
        k = tuple(k) if isinstance(k, (tuple, list)) else (k, k)
        return "×".join(map(str, k))

    m = module
    if hasattr(m, "in_channels") and hasattr(m, "kernel_size"):
        s = f"{m.in_channels}→{m.out_channels}, {pair(m.kernel_size)}"
        stride = getattr(m, "stride", 1)
        stride = stride[0] if isinstance(stride, (tuple, list)) else stride
        return s + (f", stride {stride}" if stride != 1 else "")
    if hasattr(m, "in_features") and hasattr(m, "out_features"):
        return f"{m.in_features}→{m.out_features}"
    if hasattr(m, "num_embeddings"):
        return f"{m.num_embeddings} tokens → {m.embedding_dim}"
    if hasattr(m, "hidden_size") and hasattr(m, "input_size"):
        layers = getattr(m, "num_layers", 1)
        return f"{m.input_size}→{m.hidden_size}" + (f", {layers} layers" if layers > 1 else "")
    if hasattr(m, "embed_dim") and hasattr(m, "num_heads"):
        return f"{m.embed_dim}, {m.num_heads} heads"
    if hasattr(m, "num_features"):
        return str(m.num_features)
    if hasattr(m, "kernel_size"):
        return pair(m.kernel_size)
    if hasattr(m, "p") and "Dropout" in type(m).__name__:
        return f"p={m.p}"
    return ""


def _record_calls(model: Any, args: tuple, kwargs: dict, depth: int | None) -> tuple[list[dict], Any]:
    """Run the model with hooks on the boxes; each call's inputs and outputs (grad enabled, so the graph
    between the boxes is recorded)."""
    calls: list[dict] = []
    state = {"inside": 0}
    handles = []
    for name, m in layer_modules(model, depth):
        def pre(mod: Any, a: Any, _name: str = name) -> None:
            state["inside"] += 1

        def post(mod: Any, a: Any, out: Any, _name: str = name) -> None:
            state["inside"] -= 1
            if state["inside"] == 0:  # a box called inside another box (a shared module) is part of it
                calls.append({"name": _name, "module": mod, "inputs": all_tensors(a), "outputs": all_tensors(out)})

        handles += [m.register_forward_pre_hook(pre), m.register_forward_hook(post)]
    try:
        with model_mode(model, False), enable_grad():
            out = run_forward(model, args, kwargs, "draw_network")
    finally:
        for h in handles:
            h.remove()
    return calls, out


def _sources(t: Tensor, producers: dict[int, list[int]], inputs: dict[int, int], before: int) -> list[str]:
    """The boxes (call indices as ``c<i>``) or model inputs (``in<j>``) that tensor ``t`` was computed from,
    among the calls before call ``before``.

    A layer that hands its input back unchanged (Dropout in eval mode, Identity) produces the very tensor an
    earlier layer (or a functional op) made: the latest call before ``before`` that produced it is its source.
    """
    found: list[str] = []
    seen: set[int] = set()
    stack = [t]
    while stack:
        x = stack.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        made = [i for i in producers.get(id(x), ()) if i < before]
        if made:
            found.append(f"c{max(made)}")
            continue
        if id(x) in inputs:
            found.append(f"in{inputs[id(x)]}")
            continue
        ctx = x._ctx
        if ctx is not None:
            stack.extend(i for i in ctx.inputs if isinstance(i, Tensor))
    return list(dict.fromkeys(found))


def _layer_graph(calls: list[dict], out: Any, args: tuple, kwargs: dict, rankdir: str) -> str:
    producers: dict[int, list[int]] = {}
    for i, c in enumerate(calls):
        for t in c["outputs"]:
            producers.setdefault(id(t), []).append(i)
    given = [t for t in (*args, *kwargs.values()) if isinstance(t, Tensor)]
    inputs = {id(t): j for j, t in enumerate(given)}
    outs = all_tensors(out)
    last = {max(producers[id(t)]) for t in outs if id(t) in producers}
    graph = attrs(rankdir=rankdir, nodesep="0.25", ranksep="0.3", fontname="Helvetica")
    lines = ["digraph network {", f"  graph{graph};",
             f"  node{attrs(shape='box', style='rounded,filled', fontname='Helvetica', fontsize='10')};",
             f"  edge{attrs(fontname='Helvetica', fontsize='9', color='#555555')};"]
    for j, t in enumerate(given):
        node = attrs(label="input layer\n" + _shape(t), shape="ellipse", fillcolor=COLORS["input"])
        lines.append(f"  in{j}{node};")
    for i, c in enumerate(calls):
        m = c["module"]
        n_params = sum(p.numel() for p in m.parameters())
        what = describe(m)
        label = f"{c['name'] or type(m).__name__}\n{type(m).__name__}" + (f" {what}" if what else "")
        if n_params:
            label += f"\n{n_params:,} params"
        kind = "output" if i in last else ("weights" if n_params else "other")
        if kind == "output":
            label = "output layer\n" + label
        lines.append(f"  c{i}{attrs(label=label, fillcolor=COLORS[kind])};")
        drawn = set()  # self-attention takes one tensor as query, key and value: one edge
        for t in c["inputs"]:
            for src in _sources(t, producers, inputs, i):
                if src not in drawn:
                    drawn.add(src)
                    lines.append(f"  {src} -> c{i}{attrs(label=' ' + _shape(t))};")
    for k, t in enumerate(outs):
        node = attrs(label="output\n" + _shape(t), shape="ellipse", fillcolor=COLORS["output"])
        lines.append(f"  out{k}{node};")
        for src in _sources(t, producers, inputs, len(calls)):
            lines.append(f"  {src} -> out{k}{attrs(label=' ' + _shape(t))};")
    lines.append("}")
    return "\n".join(lines)


def _mlp_layers(calls: list[dict], max_neurons: int) -> list[tuple[Any, str]] | None:
    """For a chain of Linear layers (with activations between): [(linear, activation name)], else None."""
    chain: list[tuple[Any, str]] = []
    for c in calls:
        m = c["module"]
        cls = type(m).__name__
        if cls == "Linear":
            if max(m.in_features, m.out_features) > max_neurons or len(c["inputs"]) != 1 \
                    or c["inputs"][0].ndim != 2:
                return None
            if chain and chain[-1][0].out_features != m.in_features:
                return None
            chain.append((m, ""))
        elif cls in _PASSIVE and not any(True for _ in m.parameters()):
            if chain and cls not in ("Dropout", "Flatten", "Identity"):
                chain[-1] = (chain[-1][0], cls)
        else:
            return None
    return chain or None


def _neuron_graph(chain: list[tuple[Any, str]], rankdir: str) -> str:
    import numpy

    weights = [numpy.asarray(lin.weight.detach()._data, dtype=float) for lin, _ in chain]
    biggest = max(float(numpy.abs(w).max()) for w in weights) or 1.0
    sizes = [chain[0][0].in_features] + [lin.out_features for lin, _ in chain]
    graph = attrs(rankdir=rankdir, nodesep="0.08", ranksep="1.6", splines="line", fontname="Helvetica")
    lines = ["digraph network {", f"  graph{graph};",
             f"  node{attrs(shape='circle', style='filled', label='', width='0.3', fixedsize='true')};",
             f"  edge{attrs(arrowhead='none')};"]
    for layer, n in enumerate(sizes):
        if layer == 0:
            title, color = f"input layer\n{n} inputs", COLORS["input"]
        elif layer == len(sizes) - 1:
            act = chain[layer - 1][1]
            title, color = f"output layer\n{n} outputs" + (f", {act}" if act else ""), COLORS["output"]
        else:
            act = chain[layer - 1][1]
            title, color = f"hidden layer {layer}\n{n} neurons" + (f", {act}" if act else ""), COLORS["weights"]
        lines.append(f"  subgraph cluster_l{layer} {{")
        lines.append(f"    graph{attrs(label=title, style='rounded', color='#bbbbbb', fontsize='10')};")
        for j in range(n):
            tip = None
            if layer:
                bias = chain[layer - 1][0].bias
                tip = f"bias {float(bias._data[j]):.3g}" if bias is not None else None
            lines.append(f"    n{layer}_{j}{attrs(fillcolor=color, tooltip=tip)};")
        lines.append("  }")
    for layer, w in enumerate(weights):
        for j in range(w.shape[0]):
            for i in range(w.shape[1]):
                v = w[j, i]
                strength = abs(v) / biggest
                alpha = int(40 + 215 * strength)
                color = (f"#1f5fbf{alpha:02x}" if v >= 0 else f"#d62728{alpha:02x}")
                lines.append(f"  n{layer}_{i} -> n{layer + 1}_{j}"
                             f"{attrs(penwidth=f'{0.3 + 3.2 * strength:.2f}', color=color, tooltip=f'{v:.3g}')};")
    lines.append("}")
    return "\n".join(lines)


def draw_network(model: Any, input_size: Any = None, path: str | os.PathLike | None = None, *,
                 input_data: Any = None, dtypes: Sequence[Any] | None = None, depth: int | None = None,
                 neurons: bool | None = None, max_neurons: int = 16, rankdir: str | None = None) -> Diagram:
    """Draw the network's layers (input, hidden, output) with the tensor shapes on the edges.

    Args:
        model: the Module to draw.
        input_size: the input's size, batch first, e.g. ``(1, 1, 28, 28)``; the model runs once on it.
        path: write the drawing here (.svg, .png, .pdf, or .dot for the DOT text); None writes nothing.
            Without Graphviz, the DOT text is written next to it with a note on how to render it.
        input_data: instead of ``input_size``: the forward's argument(s).
        dtypes: the dtype of each input made from ``input_size`` (e.g. ``[glassnet.long]`` for token ids).
        depth: draw modules nested deeper than this as one box (e.g. ``depth=2`` draws ResNet's blocks);
            None draws every leaf layer.
        neurons: draw each neuron (True), each layer (False), or neurons when the model is a small MLP (None).
        max_neurons: the widest layer an MLP may have to be drawn neuron by neuron.
        rankdir: the direction of flow: ``"TB"`` (top to bottom, the default for layers) or ``"LR"`` (left to
            right, the default for neurons).

    Example:
        >>> d = glassnet.inspect.draw_network(glassnet.models.LeNet5(), (1, 1, 28, 28))
        >>> "features.0" in d.source and "1×6×28×28" in d.source
        True
        >>> mlp = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
        >>> "hidden layer 1" in glassnet.inspect.draw_network(mlp, (1, 3)).source
        True
    """
    if (input_size is None) == (input_data is None):
        raise ValueError("draw_network: give input_size or input_data (one of the two)")
    if input_data is None:
        args, kwargs = tuple(make_inputs(input_size, dtypes, "draw_network")), {}
    else:
        args, kwargs = as_call_args(input_data)
    # A float input that requires grad lets edges be followed through ops before the first layer.
    args = tuple(a.detach().requires_grad_() if isinstance(a, Tensor) and a.is_floating_point() else a
                 for a in args)
    calls, out = _record_calls(model, args, kwargs, depth)
    chain = _mlp_layers(calls, max_neurons) if neurons is not False else None
    if neurons and chain is None:
        raise ValueError(f"draw_network: neurons=True needs a chain of Linear layers (with activations between) "
                         f"none wider than max_neurons={max_neurons}; {type(model).__name__} is not one")
    if chain is not None:
        source = _neuron_graph(chain, rankdir or "LR")
    else:
        source = _layer_graph(calls, out, args, kwargs, rankdir or "TB")
    diagram = Diagram(source, "draw_network")
    if path is not None:
        diagram.save(path)
    return diagram
