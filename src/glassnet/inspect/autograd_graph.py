"""``draw_graph(tensor)``: the autograd graph behind a tensor, micrograd-style, grouped by the module that made it.

Each op that autograd recorded is a node (its PyTorch name, e.g. ``AddmmBackward0``, and the shape it
produced); each leaf that requires grad is a node too (a parameter's name when ``params`` names it, its
shape, and its gradient's norm once ``backward`` has run). Edges run the way data flowed in the forward pass.

A forward pass run inside ``track_modules(model)`` remembers which module made each op: a pre-hook notes
where the autograd sequence stood when the module began, and the forward hook walks back from its outputs,
marking every op recorded since then that no inner module marked first. ``draw_graph`` then draws each
module's ops inside a box named for it, nested as the modules are — which keeps a graph of hundreds of ops
readable — and ``collapse_depth`` shrinks every module below a depth to one node.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..autograd import function as _function
from ..tensor import Tensor
from .dot import Diagram, attrs, quote
from .forward_run import all_tensors

_SCOPE = "_glassnet_module_scope"  # the attribute track_modules sets on a Function node


@contextmanager
def track_modules(model: Any) -> Iterator[Any]:
    """Inside this block, every op autograd records in a module's forward is marked with that module.

    Args:
        model: the Module whose submodules mark the ops they make.

    Example:
        >>> model = nn.Sequential(nn.Linear(3, 4), nn.ReLU())
        >>> with glassnet.inspect.track_modules(model):
        ...     y = model(glassnet.randn(2, 3))
        >>> glassnet.inspect.module_of(y.grad_fn)
        '1'
    """
    stack: list[tuple[str, str, int]] = []
    handles = []
    for name, m in model.named_modules():
        def pre(mod: Any, args: Any, _name: str = name) -> None:
            # Consuming a number keeps the sequence increasing, which is all autograd relies on.
            stack.append((_name, type(mod).__name__, next(_function._SEQUENCE)))

        def post(mod: Any, args: Any, out: Any) -> None:
            if not stack:
                return
            # (name, type, the call's start): a module called twice (ResNet's shared ReLU) makes two boxes.
            scope = tuple(entry for entry in stack if entry[0])  # the model itself needs no box
            start = stack.pop()[2]
            seen: set[int] = set()
            todo = all_tensors(out)
            while todo:
                t = todo.pop()
                ctx = t._ctx
                if ctx is None or id(ctx) in seen or ctx.seq < start:
                    continue
                seen.add(id(ctx))
                if getattr(ctx, _SCOPE, None) is None:
                    setattr(ctx, _SCOPE, scope)
                todo.extend(i for i in ctx.inputs if isinstance(i, Tensor))

        handles += [m.register_forward_pre_hook(pre), m.register_forward_hook(post)]
    try:
        yield model
    finally:
        for h in handles:
            h.remove()


def module_of(grad_fn: Any) -> str | None:
    """The dotted name of the module whose forward recorded ``grad_fn`` (under ``track_modules``), else None.

    Args:
        grad_fn: a tensor's ``grad_fn``.

    Example:
        >>> glassnet.inspect.module_of((glassnet.ones(2, requires_grad=True) * 2).grad_fn) is None
        True
    """
    scope = getattr(grad_fn, _SCOPE, None)
    return scope[-1][0] if scope else None


def _fmt_shape(t: Tensor) -> str:
    return "(" + ", ".join(str(d) for d in t.shape) + ")"


def _norm(g: Tensor) -> float:
    import numpy

    return float(numpy.sqrt((numpy.asarray(g._data, dtype="float64") ** 2).sum()))


def _walk(roots: list[Tensor]) -> list[Tensor]:
    """Every tensor in the graph behind ``roots``: the ops' outputs and the leaves that require grad."""
    from ..autograd.engine import version_seen

    order: list[Tensor] = []
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        t = stack.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        order.append(t)
        ctx = t._ctx
        if ctx is None:
            continue
        for x, need in zip(ctx.inputs, ctx.needs_input_grad):
            if need and isinstance(x, Tensor):
                stack.append(version_seen(x, ctx) if x._history is not None else x)
    return order


def draw_graph(tensor: Any, path: str | os.PathLike | None = None, *, params: Any = None,
               collapse_depth: int | None = None, show_grads: bool = True, rankdir: str = "TB") -> Diagram:
    """Draw the autograd graph behind a tensor (or a list of tensors): ops, shapes, gradients when present.

    Args:
        tensor: the tensor (e.g. a loss) or a list of tensors whose graph to draw.
        path: write the drawing here (.svg, .png, .pdf, or .dot); None writes nothing.
        params: names for the leaves: a Module (its ``named_parameters``) or a dict name -> tensor.
            A named parameter is drawn inside its module's box.
        collapse_depth: draw each module nested deeper than this as one node (needs ``track_modules``);
            None draws every op.
        show_grads: show each leaf's (and each retained) gradient's norm when backward has run.
        rankdir: ``"TB"`` (top to bottom) or ``"LR"`` (left to right).

    Example:
        >>> model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
        >>> with glassnet.inspect.track_modules(model):
        ...     loss = model(glassnet.randn(5, 3)).pow(2).mean()
        >>> loss.backward()
        >>> d = glassnet.inspect.draw_graph(loss, params=model)
        >>> "AddmmBackward0" in d.source and "0.weight" in d.source and "cluster_0" in d.source
        True
    """
    roots = all_tensors(tensor)
    if not roots:
        raise TypeError(f"draw_graph: expected a Tensor or a list of Tensors, got {type(tensor).__name__}")
    if not any(r.requires_grad for r in roots):
        raise ValueError("draw_graph: the tensor has no autograd graph (it does not require grad); compute it "
                         "from tensors with requires_grad=True, outside no_grad()")
    names: dict[int, str] = {}
    types: dict[str, str] = {}
    if params is not None:
        if hasattr(params, "named_parameters"):
            types = {n: type(m).__name__ for n, m in params.named_modules() if n}
            params = dict(params.named_parameters())
        names = {id(p): n for n, p in params.items()}
    tensors = _walk(roots)[::-1]  # inputs first: dot lays out a chain straighter when declared in data order
    root_ids = {id(r) for r in roots}

    # A parameter goes into the box of its module's first call (the call is unknown: it is not an op).
    first_call: dict[str, Any] = {}
    starts: set[int] = set()
    for t in tensors:
        for name, _, start in getattr(t._ctx, _SCOPE, None) or ():
            first_call[name] = min(start, first_call.get(name, start))
            starts.add(start)
    # Calls are told apart by where autograd's sequence stood; number them 0, 1, ... in call order, so the
    # same step draws the same DOT text however many ops ran before it.
    call_no = {start: k for k, start in enumerate(sorted(starts))}

    # Each node: its id, label, style, and the module scope it sits in (a tuple of (name, type, call)).
    nodes: dict[str, dict] = {}
    key_of: dict[int, str] = {}
    for i, t in enumerate(tensors):
        ctx = t._ctx
        if ctx is not None:
            label = f"{ctx.name()}\n{_fmt_shape(t)}"
            if show_grads and t.grad is not None:
                label += f"\ngrad norm {_norm(t.grad):.3g}"
            scope = getattr(ctx, _SCOPE, None) or ()
            style = {"fillcolor": "#d9f2d9" if id(t) in root_ids else "#eeeeee"}
        else:
            name = names.get(id(t))
            label = (name or "leaf") + f"\n{_fmt_shape(t)}"
            if show_grads and t.grad is not None:
                label += f"\ngrad norm {_norm(t.grad):.3g}"
            scope = ()
            if name and "." in name:
                parts = name.split(".")[:-1]
                prefixes = [".".join(parts[: k + 1]) for k in range(len(parts))]
                scope = tuple((p, types.get(p, ""), first_call.get(p)) for p in prefixes)
            style = {"fillcolor": "#cfe2ff", "shape": "box"}
        key = f"t{i}"
        if collapse_depth is not None and len(scope) > collapse_depth:
            top = scope[collapse_depth]
            key = f"m{call_no[top[2]]}" if top[2] is not None else "m_" + top[0].replace(".", "_")
            node = nodes.setdefault(key, {"label": f"{top[0]}\n{top[1]}", "scope": scope[:collapse_depth],
                                          "style": {"fillcolor": "#fff2cc", "shape": "box3d"}, "ops": 0})
            node["ops"] += 1
        else:
            nodes[key] = {"label": label, "scope": scope, "style": style, "leaf": ctx is None}
        key_of[id(t)] = key

    edges: dict[tuple[str, str], None] = {}
    for t in tensors:
        ctx = t._ctx
        if ctx is None:
            continue
        for x, need in zip(ctx.inputs, ctx.needs_input_grad):
            if need and isinstance(x, Tensor):
                from ..autograd.engine import version_seen

                x = version_seen(x, ctx) if x._history is not None else x
                a, b = key_of[id(x)], key_of[id(t)]
                if a != b:
                    edges[(a, b)] = None

    # newrank lets a parameter share its op's rank even though both sit inside a module's box.
    graph = attrs(rankdir=rankdir, nodesep="0.15", ranksep="0.25", newrank="true", fontname="Helvetica", fontsize="10")
    lines = ["digraph autograd {", f"  graph{graph};",
             f"  node{attrs(shape='ellipse', style='filled', fontname='Helvetica', fontsize='9', margin='0.05,0.02')};",
             f"  edge{attrs(arrowsize='0.6', color='#666666')};"]
    # Clusters nest as the modules do: a tree of scopes, each node emitted inside its deepest scope.
    tree: dict = {"children": {}, "nodes": []}
    for key, node in nodes.items():
        branch = tree
        for name, typ, call in node["scope"]:
            branch = branch["children"].setdefault((name, call), {"children": {}, "nodes": [], "type": typ})
        branch["nodes"].append(key)

    def emit(branch: dict, indent: str) -> None:
        for key in branch["nodes"]:
            node = nodes[key]
            label = node["label"] + (f"\n{node['ops']} ops" if node.get("ops") else "")
            lines.append(f"{indent}{key}{attrs(label=label, **node['style'])};")
        for (name, call), sub in branch["children"].items():
            cluster = f"cluster_{name}" + (f"@{call_no[call]}" if call is not None else "")
            lines.append(f"{indent}subgraph {quote(cluster)} {{")
            title = f"{name} ({sub['type']})" if sub.get("type") else name
            lines.append(f"{indent}  graph{attrs(label=title, style='rounded', color='#999999', labeljust='l')};")
            emit(sub, indent + "  ")
            lines.append(f"{indent}}}")

    emit(tree, "  ")
    lines += [f"  {a} -> {b};" for a, b in edges]
    # A parameter sits beside the op that uses it (same rank), not above it: in a deep net the boxes then
    # stack in one column instead of drifting sideways, box after box.
    lines += [f"  {{rank=same; {a}; {b}}}" for a, b in edges
              if nodes[a].get("leaf") and not nodes[b].get("leaf") and nodes[a]["scope"] == nodes[b]["scope"]]
    lines.append("}")
    diagram = Diagram("\n".join(lines), "draw_graph")
    if path is not None:
        diagram.save(path)
    return diagram
