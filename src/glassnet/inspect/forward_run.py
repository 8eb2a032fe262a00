"""Running a model once for a look inside: a made-up input of a given size, and clear errors when it does not fit.

``summary``, ``trace`` and ``draw_network`` all run one forward pass with hooks; they share how the input is
built (``make_inputs``), how shapes are read off nested outputs (``first_tensor``) and what a user is told
when the input does not fit the model (``run_forward``): the model's first layer and what it expects, the
size given, and the layer where the forward pass stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy

from ..tensor import Tensor

# Modules PyTorch computes in one functional call (its MultiheadAttention never calls out_proj as a module):
# glassnet's summary, trace and diagram treat them as one layer too, so both frameworks show the same layers.
FUSED = ("MultiheadAttention",)


def layer_modules(model: Any, depth: int | None = None) -> list[tuple[str, Any]]:
    """The modules that count as one layer: leaves and FUSED modules, or whatever sits at ``depth``."""
    out: list[tuple[str, Any]] = []

    def walk(prefix: str, m: Any, d: int) -> None:
        kids = [(n, c) for n, c in m._modules.items() if c is not None]
        if not kids or type(m).__name__ in FUSED or (depth is not None and d >= depth and prefix):
            out.append((prefix, m))
            return
        for n, c in kids:
            walk(f"{prefix}.{n}" if prefix else n, c, d + 1)

    walk("", model, 0)
    return out


def normalize_sizes(input_size: Any, who: str) -> list[tuple[int, ...]]:
    """``input_size`` as torchinfo reads it: one size (ints), or a list/tuple of sizes for several inputs."""
    if not isinstance(input_size, (list, tuple)) or not input_size:
        raise ValueError(f"{who}: input_size must be a non-empty tuple of ints such as (1, 1, 28, 28) (batch "
                         f"first), or a list of such tuples for a model with several inputs; got {input_size!r}")
    if all(isinstance(s, int) for s in input_size):
        sizes = [tuple(input_size)]
    else:
        sizes = [tuple(s) for s in input_size]
    for s in sizes:
        if not s or not all(isinstance(d, int) and d > 0 for d in s):
            raise ValueError(f"{who}: every input size must be positive ints (batch first), got {s!r}")
    return sizes


def make_inputs(input_size: Any, dtypes: Sequence[Any] | None, who: str) -> list[Tensor]:
    """Random inputs of the given sizes (uniform in [0, 1), as torchinfo makes them), cast to ``dtypes``."""
    from ..creation import rand

    sizes = normalize_sizes(input_size, who)
    dtypes = list(dtypes) if dtypes is not None else [None] * len(sizes)
    if len(dtypes) < len(sizes):
        dtypes += [None] * (len(sizes) - len(dtypes))
    out = []
    for size, dtype in zip(sizes, dtypes):
        x = rand(*size)
        out.append(x if dtype is None else x.to(dtype))
    return out


def as_call_args(input_data: Any) -> tuple[tuple, dict]:
    """``input_data`` as (args, kwargs) for the forward call: a tensor, a sequence of arguments, or a dict."""
    def conv(v: Any) -> Any:
        return Tensor(v) if isinstance(v, numpy.ndarray) else v

    if isinstance(input_data, Mapping):
        return (), {k: conv(v) for k, v in input_data.items()}
    if isinstance(input_data, (list, tuple)):
        return tuple(conv(v) for v in input_data), {}
    return (conv(input_data),), {}


def first_tensor(obj: Any) -> Tensor | None:
    """The tensor whose shape a row shows: the first one in a nested tuple/list, the last value of a dict."""
    if isinstance(obj, Tensor):
        return obj
    if isinstance(obj, Mapping):
        return first_tensor(list(obj.values())[-1]) if obj else None
    if isinstance(obj, (list, tuple)) and obj:
        return first_tensor(obj[0])
    return None


def all_tensors(obj: Any) -> list[Tensor]:
    """Every tensor in a nested tuple/list/dict, in order."""
    if isinstance(obj, Tensor):
        return [obj]
    if isinstance(obj, Mapping):
        obj = list(obj.values())
    if isinstance(obj, (list, tuple)):
        return [t for o in obj for t in all_tensors(o)]
    return []


def shape_of(obj: Any) -> list[int]:
    """The shape of ``first_tensor(obj)`` as a list ([] when there is none)."""
    t = first_tensor(obj)
    return list(t.shape) if t is not None else []


def first_layer(model: Any) -> tuple[str, Any] | None:
    """The first submodule (in registration order) that holds parameters of its own: what the input meets first."""
    for name, m in model.named_modules():
        if any(True for _ in m.parameters(recurse=False)):
            return name, m
    return None


def expected_input(module: Any) -> str | None:
    """What a layer wants as input, in words and shape, e.g. ``in_channels=1: input (N, 1, H, W)``."""
    cls = type(module).__name__
    if hasattr(module, "in_channels") and "Conv" in cls:
        spatial = {"1d": "L", "2d": "H, W", "3d": "D, H, W"}.get(cls[-2:], "...")
        return f"in_channels={module.in_channels}: input (N, {module.in_channels}, {spatial})"
    if hasattr(module, "in_features"):
        return f"in_features={module.in_features}: input (N, ..., {module.in_features})"
    if hasattr(module, "num_embeddings"):
        return f"num_embeddings={module.num_embeddings}: integer indices in [0, {module.num_embeddings})"
    if hasattr(module, "input_size") and hasattr(module, "hidden_size"):
        order = "(N, L" if getattr(module, "batch_first", False) else "(L, N"
        return f"input_size={module.input_size}: input {order}, {module.input_size})"
    if hasattr(module, "embed_dim"):
        return f"embed_dim={module.embed_dim}: input (..., {module.embed_dim})"
    if hasattr(module, "num_features"):
        return f"num_features={module.num_features}: input (N, {module.num_features}, ...)"
    if hasattr(module, "normalized_shape"):
        return f"normalized_shape={tuple(module.normalized_shape)}: input (..., {tuple(module.normalized_shape)})"
    return None


@contextmanager
def model_mode(model: Any, train: bool) -> Iterator[Any]:
    """Run the block with the model in train or eval mode, then give every module back its own mode (a model
    training with some layers kept in eval mode stays so)."""
    modes = [(m, m.training) for m in model.modules()]
    model.train(train)
    try:
        yield model
    finally:
        for m, flag in modes:
            m.training = flag


@contextmanager
def _where(model: Any) -> Iterator[list[str]]:
    """Track the stack of modules being run, so an error can say in which layer the forward pass stopped."""
    stack: list[str] = []
    handles = []
    for name, m in model.named_modules():
        def pre(mod: Any, args: Any, _name: str = name) -> None:
            stack.append(_name)

        def post(mod: Any, args: Any, out: Any) -> None:
            if stack:
                stack.pop()

        handles += [m.register_forward_pre_hook(pre), m.register_forward_hook(post)]
    try:
        yield stack
    finally:
        for h in handles:
            h.remove()


def describe_sizes(args: tuple, kwargs: dict) -> str:
    """The shapes of the given inputs, for an error message."""
    shapes = [tuple(t.shape) for t in (*args, *kwargs.values()) if isinstance(t, Tensor)]
    return ", ".join(str(s) for s in shapes) if shapes else "no tensor"


def run_forward(model: Any, args: tuple, kwargs: dict, who: str, call: Callable[[], Any] | None = None) -> Any:
    """``model(*args, **kwargs)``; a failure becomes one ValueError naming the input given, what the model's
    first layer expects and the layer where it stopped."""
    with _where(model) as stack:
        try:
            return call() if call is not None else model(*args, **kwargs)
        except (ValueError, RuntimeError, TypeError, IndexError) as e:
            failed = stack[-1] if stack else None
            err = e
    model_name = type(model).__name__
    msg = f"{who}: the input of size {describe_sizes(args, kwargs)} does not fit {model_name}"
    first = first_layer(model)
    if first is not None:
        name, layer = first
        want = expected_input(layer)
        if want is not None:
            msg += f": its first layer {name or model_name} ({type(layer).__name__}) expects {want}"
    if failed is not None:
        where = failed or model_name
        layer = model.get_submodule(failed) if failed else model
        msg += f"; the forward pass stopped in {where} ({type(layer).__name__})"
        if failed != (first[0] if first else None):
            want = expected_input(layer)
            if want is not None:
                msg += f", which expects {want}"
    first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
    raise ValueError(f"{msg}. ({type(err).__name__}: {first_line})") from None
