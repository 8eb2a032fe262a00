"""Indexing ops: __getitem__, gather, scatter_add, index_select, masked_fill.

Gradients of indexing scatter-add, so an index repeated k times receives k gradients.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module


def on_device_of(a, x):
    """``x`` (an index or value array, or a tuple of index parts) as arrays of ``a``'s backend.

    Indices planned on the host (from Python lists, ``nonzero`` of a host mask ...) must join a GPU array
    before they index it: CuPy refuses NumPy arrays there. On the CPU this returns ``x`` itself.
    """
    kind = type(a)
    if isinstance(x, tuple):
        return tuple(on_device_of(a, i) for i in x)
    if hasattr(x, "shape") and not isinstance(x, kind) and kind.__module__ != "numpy":
        return array_module(a).asarray(x)
    return x


def _is_basic(index) -> bool:
    items = index if isinstance(index, tuple) else (index,)
    return all(i is None or i is Ellipsis or isinstance(i, (int, slice)) for i in items)


def _is_simple(index) -> bool:
    """Ints and forward slices only: NumPy and PyTorch agree, so the index is used as it is."""
    items = index if isinstance(index, tuple) else (index,)
    for i in items:
        if type(i) is slice:
            if i.step is not None and i.step <= 0:
                return False
        elif type(i) is not int:
            return False
    return True


def plan_index(index, ndim: int) -> list:
    """Translate a PyTorch index into NumPy indices applied one after another (one or two steps).

    NumPy and PyTorch differ in one place: NumPy counts an int as an advanced index, so in
    ``x[1, :, idx]`` the int and ``idx`` are "separated by a slice" and the indexed dimension moves to
    the front; PyTorch first selects with the int (a basic op, like None and slices) and only then
    applies the tensor indices (a bool counts as the tensor [0] or [] on a new dimension). So step one
    applies the basic parts, step two the tensor indices (with slice(None) for the dimensions step one
    kept), and NumPy's advanced-index rules on step two then match PyTorch's.
    """
    if _is_simple(index):
        return [index]
    items = index if isinstance(index, tuple) else (index,)
    if sum(i is Ellipsis for i in items) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    used = sum(_dims_used(i) for i in items)
    if used > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    basic, tensors, advanced = [], [], False
    for i in items:
        if i is Ellipsis:
            basic += [slice(None)] * (ndim - used)
            tensors += [slice(None)] * (ndim - used)
        elif i is None:
            basic.append(None)
            tensors.append(slice(None))
        elif isinstance(i, slice):
            if i.step is not None and i.step <= 0:
                raise ValueError("step must be greater than zero")
            basic.append(i)
            tensors.append(slice(None))
        elif isinstance(i, bool) or hasattr(i, "ndim") and i.ndim == 0 and i.dtype.kind == "b":
            # A bool (Python or 0-d tensor) unsqueezes, then indexes the new dimension with [0] or [].
            basic.append(None)
            tensors.append(array_module(i).zeros(1 if i else 0, dtype="int64"))
            advanced = True
        elif not hasattr(i, "ndim"):
            if not hasattr(i, "__index__"):
                raise IndexError(
                    "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                    f"valid indices (got {type(i).__name__})"
                )
            basic.append(i.__index__())
        elif i.ndim == 0 and i.dtype.kind in "iu":  # a 0-d integer tensor selects like an int
            basic.append(int(i))
        else:
            if i.dtype.kind not in "iub":
                raise IndexError(
                    f"tensors used as indices must be long, int, byte or bool tensors (got {i.dtype})"
                )
            basic += [slice(None)] * (i.ndim if i.dtype.kind == "b" else 1)
            tensors.append(i)
            advanced = True
    return [tuple(basic), tuple(tensors)] if advanced else [tuple(basic)]


def _dims_used(i) -> int:
    """How many of the input's dimensions one index item consumes."""
    if i is None or i is Ellipsis or isinstance(i, bool):
        return 0
    if hasattr(i, "ndim") and i.dtype.kind == "b":
        return i.ndim
    return 1


def get_planned(a, steps):
    """a indexed by each step in turn."""
    for idx in steps:
        a = a[idx]
    return a


def set_planned(a, steps, value):
    """a[index] = value in place, for an index planned by plan_index (step one is a basic view)."""
    steps, value = on_device_of(a, tuple(steps)), on_device_of(a, value)
    if len(steps) == 1:
        a[steps[0]] = value
    else:
        a[steps[0]][steps[1]] = value


class GetItem(Function):
    @staticmethod
    def forward(ctx, a, index, numpy_index=False):
        # numpy_index: an index already in NumPy's terms (from a backward pass), used as it is.
        steps = [index] if numpy_index else plan_index(index, a.ndim)
        ctx.steps, ctx.shapes = steps, []
        for idx in steps:
            ctx.shapes.append(a.shape)
            a = a[idx]
        ctx.torch_name = _node_name(index, ctx.shapes[0])
        return a

    @staticmethod
    def backward(ctx, g):
        for idx, shape in zip(reversed(ctx.steps), reversed(ctx.shapes)):
            g = ctx.ns.index_into_zeros(g, shape, idx)
        return g


def _node_name(index, shape) -> str:
    """PyTorch's name for the backward of this index: its last select, slice or unsqueeze, or an
    advanced index. (Full slices are skipped unless nothing else is done.)"""
    items = index if isinstance(index, tuple) else (index,)
    if any(hasattr(i, "ndim") and (i.ndim > 0 or i.dtype.kind == "b") or isinstance(i, bool) for i in items):
        return "IndexBackward0"
    name, dim = "AliasBackward0", 0
    for i in items:
        if i is Ellipsis:
            dim = len(shape) - sum(1 for j in items if j is not None and j is not Ellipsis) + dim
            continue
        if i is None:
            name = "UnsqueezeBackward0"
        elif isinstance(i, slice):
            size = shape[dim] if dim < len(shape) else 0
            full = i.indices(size) == (0, size, 1)
            if not full or name == "AliasBackward0":
                name = "SliceBackward0"
            dim += 1
        else:
            name = "SelectBackward0"
            dim += 1
    return name


class IndexIntoZeros(Function):
    """zeros(shape)[index] += g: the backward of GetItem, itself differentiable (for double backward)."""

    @staticmethod
    def forward(ctx, g, shape, index):
        ctx.index = index
        return scatter_into_zeros(g, shape, index)

    @staticmethod
    def backward(ctx, gg):
        return GetItem.apply(gg, ctx.index, True) if ctx.ns.GRAPH else gg[ctx.index]


def scatter_into_zeros(g, shape, index):
    """Return zeros of ``shape`` with g added at ``index`` (repeated indices accumulate)."""
    xp = array_module(g)
    out = xp.zeros(shape, dtype=g.dtype)
    if _is_basic(index):
        out[index] = g
    else:
        xp.add.at(out, _on_backend(xp, index), g)
    return out


def _on_backend(xp, index):
    """An index whose array parts are xp's own (list indices become NumPy arrays; CuPy's add.at needs its own)."""
    if not isinstance(index, tuple):
        index = (index,)
    return tuple(xp.asarray(i) if getattr(i, "ndim", 0) > 0 and type(i) is not xp.ndarray else i for i in index)


def _along(index, dim):
    """Full index tuple addressing ``index`` along ``dim`` (for take/put along an axis)."""
    xp = array_module(index)
    grids = list(xp.indices(index.shape, sparse=True))
    grids[dim] = index
    return tuple(grids)


class Gather(Function):
    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.dim, ctx.index, ctx.in_shape = dim, index, a.shape
        return a[_along(index, dim)]

    @staticmethod
    def backward(ctx, g):
        return ctx.ns.index_into_zeros(g, ctx.in_shape, _along(ctx.index, ctx.dim))


class ScatterAdd(Function):
    """out = a.clone(); out[index[i][j]][j] += src[i][j] along dim (torch.scatter_add)."""

    @staticmethod
    def forward(ctx, a, dim, index, src):
        xp = array_module(a)
        ctx.dim, ctx.index = dim, index
        out = a.copy()
        ctx.src_shape = src.shape
        ctx.src_part = tuple(slice(0, n) for n in index.shape)
        xp.add.at(out, _along(index, dim), src[ctx.src_part])
        return out

    @staticmethod
    def backward(ctx, g):
        gsrc = g[_along(ctx.index, ctx.dim)]
        if gsrc.shape != ctx.src_shape:  # src larger than index: the unused part gets zero
            gsrc = ctx.ns.index_into_zeros(gsrc, ctx.src_shape, ctx.src_part)
        return g, None, None, gsrc


class IndexSelect(Function):
    @staticmethod
    def forward(ctx, a, dim, index):
        index = on_device_of(a, index)
        ctx.dim, ctx.index, ctx.in_shape = dim, index, a.shape
        return array_module(a).take(a, index, axis=dim)

    @staticmethod
    def backward(ctx, g):
        idx = (slice(None),) * ctx.dim + (ctx.index,)
        return ctx.ns.index_into_zeros(g, ctx.in_shape, idx)


class MaskedFill(Function):
    @staticmethod
    def forward(ctx, a, mask, value):
        xp = array_module(a)
        ctx.mask = mask
        return xp.where(mask, xp.asarray(value, dtype=a.dtype), a)

    @staticmethod
    def backward(ctx, g):
        return ctx.ns.where(ctx.mask, 0, g)


class IndexPut(Function):
    """a copy of ``a`` with ``value`` written at a (planned) index: the recorded form of ``x[index] = value``.

    Gradient: g with the written places zeroed goes to ``a``; g read at the index goes to ``value``
    (every copy of a repeated index gets one, as in PyTorch's index_put).
    """

    @staticmethod
    def forward(ctx, a, value, steps):
        ctx.steps, ctx.value_shape = steps, getattr(value, "shape", ())
        ctx.torch_name = "CopySlices" if len(steps) == 1 else "IndexPutBackward0"
        out = a.copy()
        set_planned(out, steps, value)
        return out

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns
        zeroed = _zero_region(g, lambda arr: set_planned(arr, ctx.steps, 0), ns)
        gv = None
        if ctx.needs_input_grad[1]:
            gv = g
            for idx in ctx.steps:
                gv = GetItem.apply(gv, idx, True) if ns.GRAPH else gv[idx]
            gv = _unbroadcast(gv, ctx.value_shape, ns)
        return zeroed, gv


class WriteView(Function):
    """``base`` with ``value`` written into one of its views (PyTorch's CopySlices).

    ``view`` is the recipe Function.apply keeps for a view (see replay_view); the gradient of the
    view's region goes to ``value``, the rest to ``base``.
    """

    @staticmethod
    def forward(ctx, base, value, view):
        ctx.view, ctx.value_shape = view, getattr(value, "shape", ())
        region = replay_view(base, view)
        if not array_module(base).shares_memory(region, value):
            region[...] = value
        return base

    @staticmethod
    def backward(ctx, g):
        ns = ctx.ns

        def clear(arr):
            replay_view(arr, ctx.view)[...] = 0

        gv = None
        if ctx.needs_input_grad[1]:
            gv = replay_view_recorded(g, ctx.view) if ns.GRAPH else replay_view(g, ctx.view)
            gv = _unbroadcast(gv, ctx.value_shape, ns)
        return _zero_region(g, clear, ns), gv


def _zero_region(g, clear, ns):
    """g with a region set to 0 (``clear`` zeroes it in an array); recorded as g * mask under create_graph."""
    if not ns.GRAPH:
        out = g.copy()
        clear(out)
        return out
    mask = array_module(g._data).ones(g.shape, dtype=g._data.dtype)
    clear(mask)
    return g * mask


def _unbroadcast(g, shape, ns):
    """Sum g back to the shape of a value that was broadcast into it (also across extra leading dims)."""
    shape = tuple(shape)
    if tuple(g.shape) == shape:
        return g
    lead = len(shape) - g.ndim
    if lead > 0:  # a value of shape (1, 3) written into a (3,) region
        g = ns.reshape(g, (1,) * lead + tuple(g.shape))
    return ns.sum_to(g, shape)


def replay_view(a, view):
    """Redo a view recipe (op class, extra inputs, kwargs, parent recipe) on a raw array: a view of a."""
    cls, args, kwargs, parent = view
    if parent is not None:
        a = replay_view(a, parent)
    ctx = cls()
    ctx.needs_input_grad = [False] * (1 + len(args))
    return cls.forward(ctx, a, *args, **kwargs)


def replay_view_recorded(t, view):
    """Redo a view recipe on a Tensor with recorded ops."""
    cls, args, kwargs, parent = view
    if parent is not None:
        t = replay_view_recorded(t, parent)
    return cls.apply(t, *args, **kwargs)
