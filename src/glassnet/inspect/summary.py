"""``summary(model, input_size)``: every layer's output shape, parameters, mult-adds and the memory they need.

Modelled on torchinfo, and counting as it does, so the numbers can be checked against it on the same weights:

- rows are module calls in the order the forward pass makes them (one forward pass with hooks, in eval mode
  and without recording gradients); containers that were never called themselves (a ModuleList) are put in
  above their first called child; a module called a second time is marked ``(recursive)``;
- the total counts every parameter once: the leaf layers' own, plus what containers hold beyond their
  rows' children (e.g. a MultiheadAttention's in_proj_weight);
- mult-adds (per leaf layer, batch included): a parameter named ``weight``/``bias`` costs its size times
  the output's batch and spatial positions in a convolution, its size times the batch elsewhere;
  recurrent weights (``weight_ih_l0`` ...) cost their size times batch x sequence length;
- memory: parameters are their bytes; "forward/backward pass size" is twice (values and gradients) the
  output bytes of every leaf layer that holds parameters.

MultiheadAttention runs as one call here as in PyTorch: PyTorch never calls its ``out_proj`` as a module,
so torchinfo shows neither out_proj's row nor mult-adds for attention; glassnet does call it, and the summary
hides calls made inside MultiheadAttention so that both count the same.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..autograd.grad_mode import no_grad
from ..tensor import Tensor
from .forward_run import FUSED, as_call_args, first_tensor, make_inputs, model_mode, run_forward, shape_of
from .html import table_html

COLUMNS = ("input_size", "output_size", "num_params", "params_percent", "kernel_size", "mult_adds", "trainable")
DEFAULT_COLUMNS = ("output_size", "num_params", "mult_adds", "trainable")
HEADERS = {"kernel_size": "Kernel Shape", "input_size": "Input Shape", "output_size": "Output Shape",
           "num_params": "Param #", "params_percent": "Param %", "mult_adds": "Mult-Adds", "trainable": "Trainable"}
_NEEDS_INPUT = {"input_size", "output_size", "mult_adds"}


def _is_lazy(p: Any) -> bool:
    return type(p).__name__.startswith("Uninitialized")


def _prod(xs: Iterable[int]) -> int:
    out = 1
    for x in xs:
        out *= int(x)
    return out


@dataclass(eq=False)
class LayerInfo:
    """One row of a summary: a module call with its shapes, parameter counts, mult-adds and bytes.

    Args:
        var_name: the module's attribute name in its parent (the model's class name for the root).
        name: the dotted name from the model (``features.0``; ``""`` for the model itself).
        module: the module.
        depth: how deep it is nested (0 for the model).
        parent: the row of the module that holds it.

    Example:
        >>> row = glassnet.inspect.summary(nn.Linear(3, 2), (4, 3), verbose=0).summary_list[0]
        >>> row.class_name, row.output_size, row.num_params, row.macs
        ('Linear', [4, 2], 8, 32)
    """

    var_name: str
    name: str
    module: Any = field(repr=False)
    depth: int
    parent: LayerInfo | None = field(default=None, repr=False)
    class_name: str = ""
    depth_index: int | None = None
    children: list = field(default_factory=list, repr=False)
    input_size: list = field(default_factory=list)
    output_size: list = field(default_factory=list)
    kernel_size: Any = None
    num_params: int = 0
    trainable_params: int = 0
    param_bytes: int = 0
    output_bytes: int = 0
    macs: int = 0
    is_recursive: bool = False
    executed: bool = False
    contains_lazy_param: bool = False
    inner_layers: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.class_name = type(self.module).__name__
        self.is_leaf_layer = not any(True for _ in self.module.children())
        k = getattr(self.module, "kernel_size", None)
        self.kernel_size = list(k) if isinstance(k, (tuple, list)) else k

    @property
    def trainable(self) -> str:
        """'True' (all parameters train), 'False' (all frozen), 'Partial', or '--' (no parameters)."""
        if self.num_params == 0:
            return "--"
        if self.trainable_params == 0:
            return "False"
        return "True" if self.trainable_params == self.num_params else "Partial"

    def _param_count(self, name: str, p: Any) -> tuple[int, str]:
        # A pruned weight is stored as name_orig with a 0/1 name_mask buffer: count the ones.
        if name.endswith("_orig"):
            mask = self.module
            for part in (name[:-5] + "_mask").split("."):
                mask = getattr(mask, part, None)
            if isinstance(mask, Tensor):
                return int(mask._data.sum()), name[:-5]
        return p.numel(), name

    def calculate_num_params(self) -> None:
        """Count this module's parameters (its children's included), trainable ones and their bytes."""
        self.num_params = self.trainable_params = self.param_bytes = 0
        self.inner_layers = {}
        for name, p in self.module.named_parameters():
            if _is_lazy(p):
                self.contains_lazy_param = True
                continue
            n, name = self._param_count(name, p)
            self.param_bytes += p.element_size() * n
            self.num_params += n
            if p.requires_grad:
                self.trainable_params += n
            if self.parent is not None or "." not in name:
                shape = list(p.shape)
                if name == "weight" and len(shape) > 1:
                    shape[0], shape[1] = shape[1], shape[0]
                self.inner_layers[name] = {"kernel_size": str(shape), "num_params": n}

    def calculate_macs(self) -> None:
        """Mult-adds of the call (the whole batch), from the parameters and the output size."""
        out = self.output_size
        if not out:
            return
        for name, p in self.module.named_parameters():
            n, name = self._param_count(name, p)
            if name in ("weight", "bias"):
                if "Conv" in self.class_name:
                    self.macs += int(n * _prod(out[:1] + out[2:]))
                else:
                    self.macs += out[0] * n
            elif "weight" in name or "bias" in name:
                self.macs += _prod(out[:2]) * n

    def leftover_params(self) -> int:
        """Parameters this row holds beyond those its children's rows count."""
        return self.num_params - sum(c.num_params if c.is_leaf_layer else c.leftover_params()
                                     for c in self.children if not c.is_recursive)

    def leftover_trainable_params(self) -> int:
        """Trainable parameters this row holds beyond those its children's rows count."""
        return self.trainable_params - sum(c.trainable_params if c.is_leaf_layer else c.leftover_trainable_params()
                                           for c in self.children if not c.is_recursive)

    def params_shown(self, reached_max_depth: bool) -> int:
        """The parameter count the row shows: its own total at a leaf or the depth limit, else the leftover."""
        return self.num_params if reached_max_depth or self.is_leaf_layer else self.leftover_params()

    def macs_shown(self, reached_max_depth: bool) -> int:
        """The mult-adds the row shows: a leaf's own, or at the depth limit the sum of its leaf children's."""
        if self.is_leaf_layer:
            return self.macs
        if reached_max_depth:
            return sum(c.macs for c in self.children if c.is_leaf_layer)
        return 0

    def layer_name(self, show_var_name: bool = True, show_depth: bool = True) -> str:
        """``Conv2d (0): 2-1``: type, attribute name, depth and index at that depth."""
        s = self.class_name
        if show_var_name and self.var_name:
            s += f" ({self.var_name})"
        if show_depth and self.depth > 0:
            s += f": {self.depth}" + (f"-{self.depth_index}" if self.depth_index is not None else "")
        return s

    def as_dict(self) -> dict:
        """The row as plain data."""
        return {"name": self.name, "type": self.class_name, "depth": self.depth, "input_size": self.input_size,
                "output_size": self.output_size, "kernel_size": self.kernel_size, "num_params": self.num_params,
                "trainable_params": self.trainable_params, "trainable": self.trainable, "mult_adds": self.macs,
                "param_bytes": self.param_bytes, "output_bytes": self.output_bytes, "is_leaf": self.is_leaf_layer,
                "is_recursive": self.is_recursive}


class ModelStatistics:
    """What ``summary`` returns: the rows (``summary_list``), the totals, and the table (``str``, HTML).

    Args:
        summary_list: the rows, in the order of the forward pass.
        input_size: the input sizes (None when the summary ran no forward pass).
        total_input: bytes of the inputs.
        depth: the deepest rows the table shows.
        col_names: the table's columns.
        verbose: 2 also lists every layer's weights in the table.
        show_var_name: show each row's attribute name.
        show_depth: show each row's ``depth-index``.
        model_name: the model's class name.

    Example:
        >>> stats = glassnet.inspect.summary(nn.Sequential(nn.Linear(3, 4), nn.ReLU()), (2, 3), verbose=0)
        >>> stats.total_params, stats.trainable_params, stats.total_mult_adds
        (16, 16, 32)
        >>> str(stats).splitlines()[4].split()
        ['├─Linear', '(0):', '1-1', '[2,', '4]', '16', '32', 'True']
    """

    def __init__(self, summary_list: list[LayerInfo], input_size: Any, total_input: int, depth: int,
                 col_names: Sequence[str], verbose: int, show_var_name: bool = True, show_depth: bool = True,
                 model_name: str = "") -> None:
        self.summary_list = summary_list
        self.input_size = input_size
        self.total_input = total_input
        self.depth, self.col_names, self.verbose = depth, tuple(col_names), verbose
        self.show_var_name, self.show_depth = show_var_name, show_depth
        self.model_name = model_name
        self.total_mult_adds = self.total_params = self.trainable_params = 0
        self.total_param_bytes = self.total_output_bytes = 0
        for layer in summary_list:
            if layer.is_leaf_layer:
                self.total_mult_adds += layer.macs
                if layer.num_params > 0:
                    self.total_output_bytes += layer.output_bytes * 2  # values and their gradients
                if layer.is_recursive:
                    continue
                self.total_params += max(layer.num_params, 0)
                self.total_param_bytes += layer.param_bytes
                self.trainable_params += max(layer.trainable_params, 0)
            elif not layer.is_recursive:
                self.total_params += max(layer.leftover_params(), 0)
                self.trainable_params += max(layer.leftover_trainable_params(), 0)

    # ---- totals -------------------------------------------------------------------------------
    @property
    def non_trainable_params(self) -> int:
        """Frozen parameters (``requires_grad=False``)."""
        return self.total_params - self.trainable_params

    @property
    def input_mb(self) -> float:
        """Bytes of the input tensors, in MB (10**6 bytes)."""
        return self.total_input / 1e6

    @property
    def forward_backward_mb(self) -> float:
        """Activation memory for a training step, in MB: twice the outputs of the layers with parameters."""
        return self.total_output_bytes / 1e6

    @property
    def params_mb(self) -> float:
        """Bytes of the parameters, in MB."""
        return self.total_param_bytes / 1e6

    @property
    def total_mb(self) -> float:
        """Input, activations and parameters together, in MB."""
        return (self.total_input + self.total_output_bytes + self.total_param_bytes) / 1e6

    @property
    def layers(self) -> list[LayerInfo]:
        """The rows the table shows (down to ``depth``)."""
        return [layer for layer in self.summary_list if layer.depth <= self.depth]

    def totals(self) -> dict:
        """The totals as plain data."""
        return {"total_params": self.total_params, "trainable_params": self.trainable_params,
                "non_trainable_params": self.non_trainable_params, "total_mult_adds": self.total_mult_adds,
                "input_size_mb": self.input_mb, "forward_backward_pass_size_mb": self.forward_backward_mb,
                "params_size_mb": self.params_mb, "estimated_total_size_mb": self.total_mb}

    def as_dict(self) -> dict:
        """Rows and totals as plain data (for JSON)."""
        return {"model": self.model_name, "input_size": self.input_size,
                "layers": [layer.as_dict() for layer in self.summary_list], **self.totals()}

    # ---- table --------------------------------------------------------------------------------
    def _cells(self, layer: LayerInfo) -> dict[str, str]:
        reached = layer.depth == self.depth
        if layer.num_params == 0:
            params = "--"
        elif layer.is_recursive:
            params = "(recursive)"
        else:
            n = layer.params_shown(reached)
            params = "--" if layer.num_params == 0 or n <= 0 else (
                f"{n:,}" if layer.trainable_params or not (reached or layer.is_leaf_layer) else f"({n:,})")
        macs = layer.macs_shown(reached)
        pct = "--"
        if self.total_params and not layer.is_recursive and layer.params_shown(reached) > 0:
            pct = f"{layer.params_shown(reached) / self.total_params:.2%}"
        return {"input_size": str(layer.input_size) if layer.input_size else "--",
                "output_size": str(layer.output_size) if layer.output_size else "--",
                "num_params": params, "params_percent": pct,
                "kernel_size": str(layer.kernel_size) if layer.kernel_size else "--",
                "mult_adds": f"{macs:,}" if macs > 0 else "--", "trainable": layer.trainable}

    def _rows(self) -> list[tuple[str, dict[str, str]]]:
        rows = []
        for layer in self.layers:
            indent = "" if layer.depth == 0 else ("├─" if layer.depth == 1 else "│    " * (layer.depth - 1) + "└─")
            rows.append((indent + layer.layer_name(self.show_var_name, self.show_depth), self._cells(layer)))
            if self.verbose >= 2:
                for name, inner in layer.inner_layers.items():
                    pre = "│    " * layer.depth + "└─"
                    rows.append((pre + name, {"kernel_size": inner["kernel_size"],
                                              "num_params": f"└─{inner['num_params']:,}"}))
        return rows

    def _footer(self) -> list[tuple[str, str]]:
        lines = [("Total params", f"{self.total_params:,}"), ("Trainable params", f"{self.trainable_params:,}"),
                 ("Non-trainable params", f"{self.non_trainable_params:,}")]
        if self.input_size:
            lines += [(f"Total mult-adds ({_unit(self.total_mult_adds)[0]})", _unit(self.total_mult_adds)[1])]
        return lines

    def _memory(self) -> list[tuple[str, str]]:
        if not self.input_size:
            return []
        return [("Input size (MB)", f"{self.input_mb:0.2f}"),
                ("Forward/backward pass size (MB)", f"{self.forward_backward_mb:0.2f}"),
                ("Params size (MB)", f"{self.params_mb:0.2f}"), ("Estimated Total Size (MB)", f"{self.total_mb:0.2f}")]

    def __str__(self) -> str:
        rows = self._rows()
        head = "Layer (type" + (" (var_name)" if self.show_var_name else "") + (":depth-idx" if self.show_depth
                                                                               else "") + ")"
        name_w = max([40, len(head) + 1, *(math.ceil((len(r[0]) + 1) / 5) * 5 for r in rows)])
        col_w = 25
        width = name_w + col_w * len(self.col_names)

        def line(name: str, cells: dict[str, str]) -> str:
            s = f"{name:<{name_w}} " + "".join(f"{cells.get(c, ''):<{col_w}} " for c in self.col_names)
            return s.rstrip()

        bar = "=" * width
        out = [bar, line(head, HEADERS), bar, *(line(n, c) for n, c in rows), bar]
        out += [f"{k}: {v}" for k, v in self._footer()]
        if self.input_size:
            out += [bar, *(f"{k}: {v}" for k, v in self._memory())]
        out.append(bar)
        return "\n".join(out)

    def __repr__(self) -> str:
        return self.__str__()

    def _repr_html_(self) -> str:
        header = ["Layer", *(HEADERS[c] for c in self.col_names)]
        body = [[n, *(c.get(k, "") for k in self.col_names)] for n, c in self._rows()]
        table = table_html(header, body, caption=f"{self.model_name} summary")
        totals = table_html(["total", "value"], [list(kv) for kv in self._footer() + self._memory()])
        return f'<div style="font-family:monospace;white-space:pre">{table}</div>{totals}'


def _unit(n: int) -> tuple[str, str]:
    """torchinfo's automatic unit for mult-adds: M below 10**9, then G, then T."""
    for unit, f in (("T", 1e12), ("G", 1e9)):
        if n >= f:
            return unit, f"{n / f:,.2f}"
    v = n / 1e6
    return "M", f"{int(v):,d}" if float(v).is_integer() else f"{v:,.2f}"


def _apply_hooks(model: Any, state: dict) -> tuple[list[LayerInfo], list]:
    """Hooks on every module (a pre-hook opens the row, a forward hook fills in shapes and mult-adds)."""
    summary_list: list[LayerInfo] = state["list"]
    by_id: dict[int, LayerInfo] = {}
    seen: set[int] = set()
    handles: dict[int, tuple] = {}
    stack: list[tuple[str, str, Any, int, LayerInfo | None]] = [(type(model).__name__, "", model, 0, None)]
    while stack:
        var_name, qual, module, depth, parent = stack.pop()
        mid = id(module)
        by_id[mid] = LayerInfo(var_name, qual, module, depth, parent)

        def pre(mod: Any, args: Any, var_name: str = var_name, qual: str = qual, depth: int = depth,
                parent: LayerInfo | None = parent) -> None:
            if state["fused"]:
                state["fused"] += type(mod).__name__ in FUSED
                return
            info = LayerInfo(var_name, qual, mod, depth, parent)
            info.calculate_num_params()
            info.is_recursive = id(mod) in seen
            summary_list.append(info)
            seen.add(id(mod))
            by_id[id(mod)] = info
            if info.class_name in FUSED:
                state["fused"] = 1

        def post(mod: Any, args: Any, out: Any) -> None:
            if state["fused"]:
                if type(mod).__name__ not in FUSED:
                    return
                state["fused"] -= 1
                if state["fused"]:
                    return
            info = by_id[id(mod)]
            if info.contains_lazy_param:
                info.calculate_num_params()
            info.input_size = shape_of(args)
            info.output_size = shape_of(out)
            t = first_tensor(out)
            info.output_bytes = (t.element_size() if t is not None else 0) * _prod(info.output_size)
            info.executed = True
            info.calculate_macs()

        if mid in handles:  # a module registered twice: the last place that holds it names its row
            for h in handles[mid]:
                h.remove()
        handles[mid] = (module.register_forward_pre_hook(pre), module.register_forward_hook(post))
        stack += [(n, f"{qual}.{n}" if qual else n, m, depth + 1, by_id[mid])
                  for n, m in reversed(module._modules.items()) if m is not None]
    return summary_list, [h for pair in handles.values() for h in pair]


def _add_missing_containers(summary_list: list[LayerInfo]) -> None:
    """Put in the containers that were never called themselves (ModuleList ...) above their first child."""
    ids = {id(x.module) for x in summary_list}
    current: dict[int, LayerInfo] = {}
    idx = 0
    while idx < len(summary_list):
        layer = summary_list[idx]
        hierarchy = {}
        p = layer.parent
        while p is not None and p.depth > 0:
            hierarchy[p.depth] = p
            p = p.parent
        rel = 0
        for d in range(1, layer.depth):
            if ((d not in current or current[d].module is not hierarchy[d].module)
                    and hierarchy[d] is not summary_list[idx + rel - 1]):
                hierarchy[d].calculate_num_params()
                hierarchy[d].is_recursive = id(hierarchy[d].module) in ids
                summary_list.insert(idx + rel, hierarchy[d])
                ids.add(id(hierarchy[d].module))
                current[d] = hierarchy[d]
                rel += 1
        current[layer.depth] = layer
        d = layer.depth + 1
        while d in current:
            current.pop(d)
            d += 1
        idx += rel + 1


def _set_children(summary_list: list[LayerInfo]) -> None:
    counts: dict[int, int] = {}
    for i, layer in enumerate(summary_list):
        counts[layer.depth] = counts.get(layer.depth, 0) + 1
        layer.depth_index = counts[layer.depth]
        kids = []
        for other in summary_list[i + 1:]:
            if other.depth <= layer.depth:
                break
            kids.append(other)
        layer.children = kids


def _static_list(model: Any) -> list[LayerInfo]:
    """Rows without a forward pass: every module in registration order (parameter counts only)."""
    rows: list[LayerInfo] = []
    stack: list[tuple[str, str, Any, int, LayerInfo | None]] = [(type(model).__name__, "", model, 0, None)]
    seen: set[int] = set()
    while stack:
        var_name, qual, module, depth, parent = stack.pop()
        info = LayerInfo(var_name, qual, module, depth, parent)
        info.calculate_num_params()
        info.is_recursive = id(module) in seen
        seen.add(id(module))
        rows.append(info)
        stack += [(n, f"{qual}.{n}" if qual else n, m, depth + 1, info)
                  for n, m in reversed(module._modules.items()) if m is not None]
    return rows


def summary(model: Any, input_size: Any = None, *, input_data: Any = None, dtypes: Sequence[Any] | None = None,
            depth: int = 3, col_names: Iterable[str] | None = None, verbose: int = 1, mode: str = "eval",
            row_settings: Iterable[str] = ("depth", "var_names"), **kwargs: Any) -> ModelStatistics:
    """Summarize a model layer by layer: output shapes, parameters (trainable or frozen), mult-adds, memory.

    Counts as torchinfo's ``summary`` does (see the module's docstring), so the totals can be checked against
    it for the same weights.

    Args:
        model: the Module to summarize.
        input_size: the input's size with the batch dimension, e.g. ``(1, 1, 28, 28)``, or a list of sizes
            for a model with several inputs. The input is uniform random in [0, 1).
        input_data: instead of ``input_size``: the forward pass's argument (a tensor), its arguments (a list
            or tuple) or keyword arguments (a dict).
        dtypes: the dtype of each input made from ``input_size`` (default float32), e.g.
            ``[glassnet.long]`` for token ids.
        depth: show nested layers down to this depth (deeper ones are counted in their parents' rows).
        col_names: the columns: any of ``"input_size"``, ``"output_size"``, ``"num_params"``,
            ``"params_percent"``, ``"kernel_size"``, ``"mult_adds"``, ``"trainable"``.
        verbose: 0 prints nothing, 1 prints the table, 2 also lists every layer's weights.
        mode: ``"eval"`` (default) or ``"train"``: the mode the forward pass runs in (restored after).
        row_settings: ``"depth"`` shows ``depth-index`` after each layer, ``"var_names"`` its attribute name.
        kwargs: more keyword arguments for the model's forward.

    Example:
        >>> stats = glassnet.inspect.summary(glassnet.models.LeNet5(), (1, 1, 28, 28), verbose=0)
        >>> stats.total_params, stats.total_mult_adds
        (61706, 423038)
        >>> stats.summary_list[2].name, stats.summary_list[2].output_size
        ('features.0', [1, 6, 28, 28])
    """
    cols = tuple(col_names) if col_names is not None else (
        DEFAULT_COLUMNS if (input_size is not None or input_data is not None) else ("num_params", "trainable"))
    unknown = [c for c in cols if c not in COLUMNS]
    if unknown:
        raise ValueError(f"summary: unknown column(s) {unknown}; choose from {list(COLUMNS)}")
    if verbose not in (0, 1, 2):
        raise ValueError(f"summary: verbose must be 0 (quiet), 1 (table) or 2 (table and weights), got {verbose!r}")
    if input_size is not None and input_data is not None:
        raise ValueError("summary: give input_size or input_data, not both")
    if mode not in ("eval", "train"):
        raise ValueError(f"summary: mode must be 'eval' or 'train', got {mode!r}")
    rows_set = set(row_settings)
    name = type(model).__name__
    if input_size is None and input_data is None:
        if set(cols) & _NEEDS_INPUT:
            raise ValueError(f"summary: columns {sorted(set(cols) & _NEEDS_INPUT)} need input_size or input_data")
        summary_list = _static_list(model)
        _set_children(summary_list)
        stats = ModelStatistics(summary_list, None, 0, depth, cols, verbose, "var_names" in rows_set,
                                "depth" in rows_set, name)
    else:
        if input_data is None:
            args, kw = tuple(make_inputs(input_size, dtypes, "summary")), {}
        else:
            args, kw = as_call_args(input_data)
        kw = {**kw, **kwargs}
        state: dict = {"list": [], "fused": 0}
        summary_list, handles = _apply_hooks(model, state)
        try:
            with model_mode(model, mode == "train"), no_grad():
                run_forward(model, args, kw, "summary")
        finally:
            for h in handles:
                h.remove()
        _add_missing_containers(summary_list)
        _set_children(summary_list)
        sizes = [list(t.shape) for t in (*args, *kw.values()) if isinstance(t, Tensor)]
        total_input = sum(t.element_size() * t.numel() for t in (*args, *kw.values()) if isinstance(t, Tensor))
        stats = ModelStatistics(summary_list, sizes, total_input, depth, cols, verbose, "var_names" in rows_set,
                                "depth" in rows_set, name)
    if verbose:
        print(stats)
    return stats
