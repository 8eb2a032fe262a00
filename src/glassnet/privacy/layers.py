"""Per-example gradient rules, one per layer type, from the layer's saved input and output gradient.

Each rule turns ``a`` (the layer's input, batch first) and ``g`` (the gradient of the loss with
respect to the layer's output, batch first, already scaled to one example's loss) into the gradient
of every parameter for every example at once, with one einsum or matmul over the batch. Two layers
also have a shortcut that never builds the ``(B, *weight.shape)`` array: for a Linear layer on
``(B, in)`` inputs the gradient of example ``b`` is the outer product ``g_b a_b^T``, whose norm is
``|g_b| |a_b|`` and whose clipped sum over the batch is one matmul ``(c * g)^T a``.
"""

from __future__ import annotations

from typing import Any

from ..backend import array_module


class LayerRule:
    """How to get per-example gradients of one layer type's parameters."""

    def grad_sample(self, module: Any, a: Any, g: Any) -> dict[str, Any]:
        """Map of parameter name -> ``(B, *param.shape)`` array."""
        raise NotImplementedError

    def norms_sq(self, module: Any, a: Any, g: Any) -> dict[str, Any] | None:
        """Map of parameter name -> ``(B,)`` squared norms without building the per-example arrays, or None."""
        return None

    def clipped_sum(self, module: Any, a: Any, g: Any, coef: Any) -> dict[str, Any] | None:
        """Map of parameter name -> ``sum_b coef[b] * grad_b``, without per-example arrays, or None."""
        return None


def _trainable(module: Any, name: str) -> bool:
    p = getattr(module, name, None)
    return p is not None and p.requires_grad


class LinearRule(LayerRule):
    def grad_sample(self, module: Any, a: Any, g: Any) -> dict[str, Any]:
        xp = array_module(a)
        out = {}
        if a.ndim == 2:
            if _trainable(module, "weight"):
                out["weight"] = g[:, :, None] * a[:, None, :]
            if _trainable(module, "bias"):
                out["bias"] = g
            return out
        B = a.shape[0]
        a3, g3 = a.reshape(B, -1, a.shape[-1]), g.reshape(B, -1, g.shape[-1])
        if _trainable(module, "weight"):
            out["weight"] = xp.matmul(g3.transpose(0, 2, 1), a3)
        if _trainable(module, "bias"):
            out["bias"] = g3.sum(axis=1)
        return out

    def norms_sq(self, module: Any, a: Any, g: Any) -> dict[str, Any] | None:
        if a.ndim != 2:
            return None
        g2 = (g * g).sum(axis=1)
        out = {}
        if _trainable(module, "weight"):
            out["weight"] = g2 * (a * a).sum(axis=1)
        if _trainable(module, "bias"):
            out["bias"] = g2
        return out

    def clipped_sum(self, module: Any, a: Any, g: Any, coef: Any) -> dict[str, Any] | None:
        if a.ndim != 2:
            return None
        gc = g * coef[:, None].astype(g.dtype, copy=False)
        out = {}
        if _trainable(module, "weight"):
            out["weight"] = gc.T @ a
        if _trainable(module, "bias"):
            out["bias"] = gc.sum(axis=0)
        return out


def _same_padding(kernel: tuple, dilation: tuple) -> list[tuple[int, int]]:
    pads = []
    for k, d in zip(kernel, dilation):
        total = d * (k - 1)
        pads.append((total // 2, total - total // 2))
    return pads


_PAD_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def _patches(module: Any, a: Any) -> Any:
    """The input windows each output position sees: ``(B, L, C * prod(kernel))`` (im2col)."""
    xp = array_module(a)
    n = len(module.kernel_size)
    if module.padding == "same":
        pads = _same_padding(module.kernel_size, module.dilation)
    elif module.padding == "valid":
        pads = [(0, 0)] * n
    else:
        pads = [(p, p) for p in module.padding]
    if any(p for pair in pads for p in pair):
        a = xp.pad(a, [(0, 0), (0, 0), *pads], mode=_PAD_MODES[module.padding_mode])
    spans = tuple(d * (k - 1) + 1 for k, d in zip(module.kernel_size, module.dilation))
    win = xp.lib.stride_tricks.sliding_window_view(a, spans, axis=tuple(range(2, 2 + n)))
    # win: (B, C, *out_positions_unstrided, *spans) -> stride over positions, dilate within windows
    sl = (slice(None), slice(None), *(slice(None, None, s) for s in module.stride),
          *(slice(None, None, d) for d in module.dilation))
    win = win[sl]
    B, C = a.shape[:2]
    L = 1
    for s in win.shape[2:2 + n]:
        L *= s
    # (B, C, *pos, *k) -> (B, *pos, C, *k) -> (B, L, C*K)
    order = (0, *range(2, 2 + n), 1, *range(2 + n, 2 + 2 * n))
    return xp.ascontiguousarray(win.transpose(order)).reshape(B, L, -1)


class ConvRule(LayerRule):
    def grad_sample(self, module: Any, a: Any, g: Any) -> dict[str, Any]:
        xp = array_module(a)
        B, O, G = g.shape[0], g.shape[1], module.groups
        out = {}
        g3 = g.reshape(B, O, -1)
        if _trainable(module, "weight"):
            cols = _patches(module, a)  # (B, L, C*K)
            L, CK = cols.shape[1], cols.shape[2]
            cols = cols.reshape(B, L, G, CK // G).transpose(0, 2, 1, 3)  # (B, G, L, C/G*K)
            gg = g3.reshape(B, G, O // G, L)
            out["weight"] = xp.matmul(gg, cols).reshape(B, *module.weight.shape)
        if _trainable(module, "bias"):
            out["bias"] = g3.sum(axis=2)
        return out


class EmbeddingRule(LayerRule):
    def grad_sample(self, module: Any, a: Any, g: Any) -> dict[str, Any]:
        if not _trainable(module, "weight"):
            return {}
        xp = array_module(g)
        if module.scale_grad_by_freq:
            raise NotImplementedError("Embedding: per-example gradients with scale_grad_by_freq=True are not "
                                      "supported (the frequency would be each example's, not the batch's)")
        B, D = g.shape[0], g.shape[-1]
        idx = a.reshape(B, -1).astype(xp.int64, copy=False)
        out = xp.zeros((B, module.num_embeddings, D), dtype=g.dtype)
        rows = xp.broadcast_to(xp.arange(B)[:, None], idx.shape)
        xp.add.at(out, (rows, idx), g.reshape(B, -1, D))
        if module.padding_idx is not None:
            out[:, module.padding_idx] = 0
        return {"weight": out}


def _sum_to(x: Any, keep_last: int) -> Any:
    """Sum every axis of x except the batch axis and the last ``keep_last`` ones."""
    axes = tuple(range(1, x.ndim - keep_last))
    return x.sum(axis=axes) if axes else x


class LayerNormRule(LayerRule):
    def grad_sample(self, module: Any, a: Any, g: Any) -> dict[str, Any]:
        xp = array_module(a)
        k = len(module.normalized_shape)
        axes = tuple(range(a.ndim - k, a.ndim))
        mean = a.mean(axis=axes, keepdims=True)
        var = a.var(axis=axes, keepdims=True)
        x_hat = (a - mean) / xp.sqrt(var + module.eps)
        out = {}
        if _trainable(module, "weight"):
            out["weight"] = _sum_to(g * x_hat, k)
        if _trainable(module, "bias"):
            out["bias"] = _sum_to(g, k)
        return out


class GroupNormRule(LayerRule):
    def grad_sample(self, module: Any, a: Any, g: Any) -> dict[str, Any]:
        xp = array_module(a)
        B, C = a.shape[:2]
        grouped = a.reshape(B, module.num_groups, -1)
        mean = grouped.mean(axis=2, keepdims=True)
        var = grouped.var(axis=2, keepdims=True)
        x_hat = ((grouped - mean) / xp.sqrt(var + module.eps)).reshape(a.shape)
        out = {}
        if _trainable(module, "weight"):
            out["weight"] = (g * x_hat).reshape(B, C, -1).sum(axis=2)
        if _trainable(module, "bias"):
            out["bias"] = g.reshape(B, C, -1).sum(axis=2)
        return out


def rules() -> dict[type, LayerRule]:
    """The layer types with a per-example gradient rule (looked up by exact type, then by subclass)."""
    from .. import nn

    conv = ConvRule()
    return {nn.Linear: LinearRule(), nn.Conv1d: conv, nn.Conv2d: conv, nn.Embedding: EmbeddingRule(),
            nn.LayerNorm: LayerNormRule(), nn.GroupNorm: GroupNormRule()}
