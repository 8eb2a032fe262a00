"""``trace(model, x)``: forward propagation step by step, with what each layer's output looks like.

Every layer's call (a leaf module, or a MultiheadAttention) is one record, in the order the forward pass
makes them: the input and output shapes and statistics of the output (mean, standard deviation, fraction
of exact zeros: dead ReLU units, and for squashing activations the fraction saturated, where the gradient
has all but vanished).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from ..autograd.grad_mode import no_grad
from ..tensor import Tensor
from .forward_run import as_call_args, first_tensor, layer_modules, make_inputs, model_mode, run_forward, shape_of
from .html import table_html

# Where a squashing activation counts as saturated: its slope there is below about 1% of its largest.
SATURATION = {"Sigmoid": (0.01, 0.99), "Tanh": (-0.99, 0.99)}


@dataclass
class TraceRecord:
    """One step of the forward pass: a layer call, its shapes and its output's statistics.

    Args:
        step: position in the forward pass (1 for the first layer called).
        name: the layer's dotted name in the model.
        type: the layer's class name.
        input_shape: shape of its (first) input.
        output_shape: shape of its (first) output.
        mean: mean of the output.
        std: standard deviation of the output.
        min: smallest output value.
        max: largest output value.
        frac_zero: fraction of output values that are exactly 0.
        frac_saturated: for Sigmoid and Tanh: fraction of outputs within 1% of the bounds; else None.

    Example:
        >>> t = glassnet.inspect.trace(nn.Sequential(nn.Linear(4, 3), nn.Tanh()), glassnet.randn(8, 4))
        >>> t[1].name, t[1].type, t[1].output_shape
        ('1', 'Tanh', [8, 3])
    """

    step: int
    name: str
    type: str
    input_shape: list
    output_shape: list
    mean: float | None
    std: float | None
    min: float | None
    max: float | None
    frac_zero: float | None
    frac_saturated: float | None


def _stats(module: Any, out: Any) -> dict:
    t = first_tensor(out)
    none = {"mean": None, "std": None, "min": None, "max": None, "frac_zero": None, "frac_saturated": None}
    if t is None or t.numel() == 0:
        return none
    a = t._data
    if a.dtype.kind not in "fiub":  # complex or object outputs have no such statistics
        return none
    a = a.astype("float64", copy=False)
    res = {"mean": float(a.mean()), "std": float(a.std()), "min": float(a.min()), "max": float(a.max()),
           "frac_zero": float((a == 0).mean()), "frac_saturated": None}
    cls = type(module).__name__
    bounds = SATURATION.get(cls)
    if bounds is None and cls in ("Hardtanh", "ReLU6"):  # flat beyond their bounds: no gradient at all there
        bounds = (getattr(module, "min_val", 0.0), getattr(module, "max_val", 6.0))
    if bounds is not None:
        res["frac_saturated"] = float(((a <= bounds[0]) | (a >= bounds[1])).mean())
    return res


class Trace:
    """What ``trace`` returns: the records (a list), a table (``str``, HTML) and plain data (``as_dict``).

    Args:
        records: one TraceRecord per layer call.
        model_name: the model's class name.
        input_shape: the input's shape.

    Example:
        >>> t = glassnet.inspect.trace(nn.Sequential(nn.Linear(4, 3), nn.ReLU()), glassnet.randn(8, 4))
        >>> len(t), [r.type for r in t]
        (2, ['Linear', 'ReLU'])
        >>> t["1"].frac_zero >= 0
        True
    """

    def __init__(self, records: list[TraceRecord], model_name: str, input_shape: list) -> None:
        self.records = records
        self.model_name = model_name
        self.input_shape = input_shape

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[TraceRecord]:
        return iter(self.records)

    def __getitem__(self, key: int | str) -> TraceRecord:
        if isinstance(key, str):
            for r in self.records:
                if r.name == key:
                    return r
            raise KeyError(f"trace: no layer named {key!r}; the layers are: "
                           f"{', '.join(r.name for r in self.records)}")
        return self.records[key]

    def as_dict(self) -> dict:
        """The trace as plain data: the model, the input shape and one dict per layer call."""
        return {"model": self.model_name, "input_shape": self.input_shape,
                "layers": [asdict(r) for r in self.records]}

    HEADER = ["#", "layer", "type", "input", "output", "mean", "std", "zeros", "saturated"]

    def _rows(self) -> list[list[Any]]:
        def num(v: float | None) -> str:
            return "--" if v is None else f"{v:.4g}"

        def pct(v: float | None) -> str:
            return "--" if v is None else f"{v:.1%}"

        return [[r.step, r.name, r.type, "x".join(map(str, r.input_shape)) or "--",
                 "x".join(map(str, r.output_shape)) or "--", num(r.mean), num(r.std), pct(r.frac_zero),
                 pct(r.frac_saturated)] for r in self.records]

    def __str__(self) -> str:
        rows = [[str(c) for c in r] for r in self._rows()]
        head = self.HEADER
        widths = [max(len(str(x[i])) for x in [head, *rows]) for i in range(len(head))]

        def line(cells: list[str]) -> str:
            return "  ".join(c.ljust(w) if i in (1, 2, 3, 4) else c.rjust(w)
                             for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

        title = f"{self.model_name}: forward pass of an input {'x'.join(map(str, self.input_shape))}"
        return "\n".join([title, line(head), line(["-" * w for w in widths]), *(line(r) for r in rows)])

    def __repr__(self) -> str:
        return self.__str__()

    def _repr_html_(self) -> str:
        caption = f"{self.model_name}: forward pass of an input {'x'.join(map(str, self.input_shape))}"
        return table_html(self.HEADER, self._rows(), caption)


def trace(model: Any, x: Any = None, *, input_size: Any = None, dtypes: Any = None, mode: str = "eval",
          depth: int | None = None, **kwargs: Any) -> Trace:
    """Run one forward pass and record every leaf layer's input and output shapes and activation statistics.

    Args:
        model: the Module to trace.
        x: the input: a tensor, or a list/tuple of the forward's arguments, or a dict of keyword arguments.
        input_size: instead of ``x``: the input's size (batch first); the input is uniform in [0, 1).
        dtypes: the dtype of each input made from ``input_size``.
        mode: ``"eval"`` (default: no dropout, batch norm's running statistics) or ``"train"``; the model's
            mode is restored after.
        depth: record modules nested deeper than this as one step (e.g. ``depth=2``: ResNet's blocks);
            None records every leaf layer (MultiheadAttention counts as one, as in ``summary``).
        kwargs: more keyword arguments for the model's forward.

    Example:
        >>> net = nn.Sequential(nn.Linear(2, 3), nn.Sigmoid())
        >>> with glassnet.no_grad():
        ...     _ = net[0].weight.fill_(100.0)
        >>> t = glassnet.inspect.trace(net, glassnet.ones(5, 2))
        >>> t[1].frac_saturated
        1.0
    """
    if (x is None) == (input_size is None):
        raise ValueError("trace: give the input x or input_size (one of the two)")
    if mode not in ("eval", "train"):
        raise ValueError(f"trace: mode must be 'eval' or 'train', got {mode!r}")
    if x is None:
        args, kw = tuple(make_inputs(input_size, dtypes, "trace")), {}
    else:
        args, kw = as_call_args(x)
    kw = {**kw, **kwargs}
    records: list[TraceRecord] = []
    handles = []
    inside = [0]  # a layer called inside another layer (a shared module) is part of the outer one's step
    for name, m in layer_modules(model, depth):
        def pre(mod: Any, inputs: Any) -> None:
            inside[0] += 1

        def hook(mod: Any, inputs: Any, out: Any, _name: str = name) -> None:
            inside[0] -= 1
            if inside[0] == 0:
                records.append(TraceRecord(len(records) + 1, _name or type(mod).__name__, type(mod).__name__,
                                           shape_of(inputs), shape_of(out), **_stats(mod, out)))

        handles += [m.register_forward_pre_hook(pre), m.register_forward_hook(hook)]
    try:
        with model_mode(model, mode == "train"), no_grad():
            run_forward(model, args, kw, "trace")
    finally:
        for h in handles:
            h.remove()
    first = next((t for t in (*args, *kw.values()) if isinstance(t, Tensor)), None)
    return Trace(records, type(model).__name__, list(first.shape) if first is not None else [])
