"""Run one case in glassnet and in torch and list every way the two differ.

Aspects compared, in order: ``raises`` (if torch raises, glassnet must raise, and the reverse; the
messages may differ), ``shape``, ``dtype``, ``values`` (dtype-aware tolerances, NaN equal to NaN,
infinities exact) and ``grad`` (input gradients of floating inputs for a random upstream gradient).
A difference listed in docs/numerics-differences.md for this op, aspect and case tags is *documented*:
it is counted and reported, not failed.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from fuzz_cases import Arr, Case

import glassnet

DOCS = Path(__file__).resolve().parents[2] / "docs" / "numerics-differences.md"
ASPECTS = ("raises", "shape", "dtype", "values", "grad")
RTOL = {"float16": 1e-2, "float32": 1e-4, "float64": 1e-6}


@dataclass(frozen=True)
class Difference:
    """One row of the documented-differences table."""

    op: str
    aspect: str
    tags: frozenset
    glassnet: str
    pytorch: str
    reason: str

    def covers(self, op: str, aspect: str, tags: set) -> bool:
        return self.op in (op, "*") and self.aspect == aspect and self.tags <= tags


def load_differences(path: Path = DOCS) -> list[Difference]:
    """Parse the markdown table: | op | case | glassnet | PyTorch | reason |, case = 'aspect [when tag, tag]'."""
    rows = []
    for line in path.read_text().splitlines():
        cells = [c.strip().strip("`").strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("op", "") or set(cells[0]) <= set("-: "):
            continue
        op, case, gn, pt, reason = cells
        m = re.fullmatch(r"(\w+)(?:\s+when\s+(.+))?", case)
        if not m or m.group(1) not in ASPECTS:
            raise ValueError(f"{path.name}: case {case!r} must read '<aspect> [when tag, tag]' with aspect in "
                             f"{ASPECTS}")
        tags = frozenset(t.strip() for t in (m.group(2) or "").split(",") if t.strip())
        rows.append(Difference(op.strip("`"), m.group(1), tags, gn, pt, reason))
    return rows


@dataclass
class Mismatch:
    aspect: str
    detail: str


def _build(lib: Any, x: Any, requires_grad: bool) -> Any:
    if isinstance(x, Arr):
        v = x.value
        rg = requires_grad and x.grad and str(v.dtype) in ("float32", "float64")
        if lib is glassnet:
            return glassnet.tensor(v.copy(), requires_grad=rg)
        import torch

        return torch.tensor(v.copy(), requires_grad=rg)
    if isinstance(x, list):
        return [_build(lib, y, requires_grad) for y in x]
    return x


def _leaves(args: list, kwargs: dict) -> list:
    out = []
    for a in list(args) + list(kwargs.values()):
        if isinstance(a, list):
            out.extend(_leaves(a, {}))
        elif getattr(a, "requires_grad", False):
            out.append(a)
    return out


def _flat(out: Any) -> list:
    if isinstance(out, tuple | list):
        return [y for x in out for y in _flat(x)]
    return [out]


def _np(x: Any) -> Any:
    if isinstance(x, glassnet.Tensor):
        return np.asarray(x._data)
    if type(x).__module__.startswith("torch"):
        return x.detach().numpy()
    return x


def _close(a: np.ndarray, e: np.ndarray, rtol: float) -> str:
    """'' if a matches e (NaN where NaN, equal infinities, finite values within tolerance), else why not."""
    if e.dtype.kind not in "fc":
        bad = a != e
        return f"{int(bad.sum())} of {e.size} differ, e.g. {a[bad][:3]} vs {e[bad][:3]}" if bad.any() else ""
    a64, e64 = a.astype(np.float64), e.astype(np.float64)
    nan_a, nan_e = np.isnan(a64), np.isnan(e64)
    fin = np.isfinite(e64) & np.isfinite(a64)
    scale = max(1.0, float(np.abs(e64[np.isfinite(e64)]).max(initial=0)))
    bad = (nan_a != nan_e) | (np.isinf(a64) != np.isinf(e64)) | (np.isinf(e64) & (a64 != e64))
    bad |= fin & (np.abs(a64 - e64) > rtol * (np.abs(e64) + scale))
    if bad.any():
        return f"{int(bad.sum())} of {e.size} differ, e.g. glassnet {a64[bad][:3]} vs torch {e64[bad][:3]}"
    return ""


def _call(spec: Any, lib: Any, case: Case, grad: bool) -> tuple:
    args = [_build(lib, a, grad) for a in case.args]
    kwargs = {k: _build(lib, v, grad) for k, v in case.kwargs.items()}
    try:
        return spec.call(lib, *args, **kwargs), None, _leaves(args, kwargs)
    except Exception as e:  # noqa: BLE001 - any exception is an outcome to compare
        return None, e, []


def compare(spec: Any, case: Case) -> list[Mismatch]:
    """Every difference between glassnet and torch on this case."""
    import torch

    grad = spec.grad
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        t_out, t_err, t_leaves = _call(spec, torch, case, grad)
        g_out, g_err, g_leaves = _call(spec, glassnet, case, grad)
        if (t_err is None) != (g_err is None):
            who = "torch" if t_err is not None else "glassnet"
            err = t_err if t_err is not None else g_err
            return [Mismatch("raises", f"only {who} raised {type(err).__name__}: {str(err)[:200]}")]
        if t_err is not None:
            return []
        found = []
        t_flat, g_flat = _flat(t_out), _flat(g_out)
        if len(t_flat) != len(g_flat):
            return [Mismatch("shape", f"{len(g_flat)} outputs vs torch's {len(t_flat)}")]
        for i, (g, t) in enumerate(zip(g_flat, t_flat)):
            gv, tv = _np(g), _np(t)
            if not isinstance(tv, np.ndarray):
                if gv != tv and not (tv != tv and gv != gv):
                    found.append(Mismatch("values", f"output {i}: {gv!r} vs torch {tv!r}"))
                continue
            gv = np.asarray(gv)
            if gv.shape != tv.shape:
                found.append(Mismatch("shape", f"output {i}: {gv.shape} vs torch {tv.shape}"))
                continue
            if gv.dtype != tv.dtype:
                found.append(Mismatch("dtype", f"output {i}: {gv.dtype} vs torch {tv.dtype}"))
                continue
            why = _close(gv, tv, RTOL.get(str(tv.dtype), 0) * spec.rtol)
            if why:
                found.append(Mismatch("values", f"output {i}: {why}"))
        if grad and t_leaves and not found:
            found += _compare_grads(spec, t_flat, g_flat, t_leaves, g_leaves)
        return found


def _compare_grads(spec: Any, t_flat: list, g_flat: list, t_leaves: list, g_leaves: list) -> list[Mismatch]:
    import torch

    pairs = [(t, g) for t, g in zip(t_flat, g_flat)
             if isinstance(t, torch.Tensor) and t.requires_grad and t.dtype.is_floating_point]
    if not pairs:
        return []
    rng = np.random.default_rng(0)
    t_outs, g_outs, ws = [], [], []
    for t, g in pairs:
        if not isinstance(g, glassnet.Tensor) or not g.requires_grad:
            return [Mismatch("grad", "glassnet's output is cut from the graph; torch's requires grad")]
        ws.append(rng.uniform(0.5, 1.5, tuple(t.shape)).astype(t.detach().numpy().dtype))
        t_outs.append(t)
        g_outs.append(g)
    try:
        t_grads = torch.autograd.grad(t_outs, t_leaves, [torch.tensor(w) for w in ws], allow_unused=True)
    except RuntimeError:  # torch's own backward fails (float ** bool tensor): no reference to compare with
        return []
    try:
        g_grads = glassnet.autograd.grad(g_outs, g_leaves, [glassnet.tensor(w) for w in ws], allow_unused=True)
    except Exception as e:  # noqa: BLE001 - a crash in backward is a difference like any other
        return [Mismatch("grad", f"glassnet's backward raised {type(e).__name__}: {e}")]
    found = []
    for i, (gg, tg, leaf) in enumerate(zip(g_grads, t_grads, t_leaves)):
        tv = np.zeros(tuple(leaf.shape), leaf.detach().numpy().dtype) if tg is None else tg.numpy()
        gv = np.zeros_like(tv) if gg is None else _np(gg)
        if gv.shape != tv.shape or gv.dtype != tv.dtype:
            found.append(Mismatch("grad", f"input {i}: grad {gv.shape} {gv.dtype} vs torch {tv.shape} {tv.dtype}"))
            continue
        why = _close(gv, tv, RTOL[str(tv.dtype)] * spec.rtol * 10)
        if why:
            found.append(Mismatch("grad", f"input {i}: {why}"))
    return found
