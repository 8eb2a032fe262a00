"""Linear-algebra ops on (batches of) matrices: inv, det, slogdet, solve, cholesky, qr, svd, eigh and the
p-norm of vectors. Forward calls ``xp.linalg``; backward is each factorisation's standard formula,
written with ``@``, ``.mT`` and ops so it also runs under create_graph.
"""

from __future__ import annotations

from ..autograd.function import Function
from ..backend import array_module


class LinAlgError(RuntimeError):
    """Error raised when a matrix cannot be factorised (singular, not positive-definite ...).

    As ``torch.linalg.LinAlgError``, a subclass of ``RuntimeError``.

    Args:
        *args: the error message, as for any exception.

    Example:
        >>> try:
        ...     glassnet.linalg.inv(glassnet.zeros(2, 2))
        ... except glassnet.linalg.LinAlgError:
        ...     print("singular")
        singular
    """


def _xp(x):
    return array_module(getattr(x, "_data", x))


def _inv(ns, a):
    """The inverse, recorded under create_graph."""
    return Inv.apply(a) if ns.GRAPH else array_module(a).linalg.inv(a)


def _diag_embed(ns, v):
    """Vectors (..., n) as diagonal matrices (..., n, n)."""
    dtype = (v._data if hasattr(v, "_data") else v).dtype
    return ns.unsqueeze(v, -1) * _xp(v).eye(v.shape[-1], dtype=dtype)


class Inv(Function):
    @staticmethod
    def forward(ctx, a):
        xp = array_module(a)
        try:
            out = xp.linalg.inv(a)
        except xp.linalg.LinAlgError:
            raise LinAlgError("linalg.inv: The diagonal element is zero, the inversion could not be completed "
                              "because the input matrix is singular.") from None
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return -(out.mT @ g @ out.mT)


class Det(Function):
    """det(A); its gradient is the adjugate transposed, taken from the SVD so it is right for singular A too."""

    @staticmethod
    def forward(ctx, a):
        out = array_module(a).linalg.det(a)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        ns = ctx.ns
        if ns.GRAPH:  # det * inv(A)^T, recorded (needs A invertible)
            return ns.unsqueeze(ns.unsqueeze(g * out, -1), -1) * _inv(ns, a).mT
        xp = array_module(a)
        u, s, vh = xp.linalg.svd(a)
        # adj(A)^T = det(U) det(V) * U diag(prod_{j != i} s_j) V^T
        n = s.shape[-1]
        others = xp.stack([xp.prod(xp.delete(s, i, axis=-1), axis=-1) for i in range(n)], axis=-1) if n else s
        sign = xp.linalg.det(u) * xp.linalg.det(vh)
        adj_t = (u * others[..., None, :]) @ vh * sign[..., None, None]
        return g[..., None, None] * adj_t


class SlogDet(Function):
    """(sign, log|det A|); only the log part has a gradient: inv(A)^T."""

    @staticmethod
    def forward(ctx, a):
        sign, logabs = array_module(a).linalg.slogdet(a)
        ctx.save_for_backward(a)
        ctx.sign = sign
        return logabs

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        ns = ctx.ns
        return ns.unsqueeze(ns.unsqueeze(g, -1), -1) * _inv(ns, a).mT


class Solve(Function):
    """X with A X = B, for matrices B (..., n, k)."""

    @staticmethod
    def forward(ctx, a, b):
        xp = array_module(a, b)
        try:
            out = xp.linalg.solve(a, b)
        except xp.linalg.LinAlgError:
            raise LinAlgError("torch.linalg.solve: The solver failed because the input matrix is singular.") from None
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, x = ctx.saved_tensors
        gb = Solve.apply(a.mT, g) if ctx.ns.GRAPH else array_module(a).linalg.solve(a.mT, g)
        ga = -(gb @ x.mT) if ctx.needs_input_grad[0] else None
        return ga, gb


class Cholesky(Function):
    """Lower-triangular L with A = L L^T. Backward: Murray (2016), as PyTorch computes it."""

    @staticmethod
    def forward(ctx, a):
        xp = array_module(a)
        try:
            out = xp.linalg.cholesky(a)
        except xp.linalg.LinAlgError:
            raise LinAlgError("linalg.cholesky: The factorization could not be completed because the input is not "
                              "positive-definite.") from None
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (lower,) = ctx.saved_tensors
        ns = ctx.ns
        xp = _xp(lower)
        n = lower.shape[-1]
        half_diag_lower = xp.tril(xp.ones((n, n))) - 0.5 * xp.eye(n)
        phi = (lower.mT @ g) * half_diag_lower.astype((lower._data if ns.GRAPH else lower).dtype)
        l_inv = _inv(ns, lower)
        ga = l_inv.mT @ phi @ l_inv
        return (ga + ga.mT) * 0.5


def factor_shapes(kind, shape, option):
    """Shapes of the factors a factorisation returns for a (batch of) matrix of ``shape``."""
    *batch, m, n = shape
    batch = tuple(batch)
    k = min(m, n)
    if kind == "qr":
        if option == "complete":
            return [batch + (m, m), batch + (m, n)]
        if option == "r":
            return [(0,), batch + (k, n)]
        return [batch + (m, k), batch + (k, n)]
    if kind == "svd":  # option: full_matrices
        return [batch + ((m, m) if option else (m, k)), batch + (k,), batch + ((n, n) if option else (k, n))]
    return [batch + (n,), batch + (n, n)]  # eigh


def unpack(ns, packed, shapes):
    """Split a flat array (or Tensor) into pieces of the given shapes (differentiable under create_graph)."""
    out, start = [], 0
    for shape in shapes:
        size = 1
        for d in shape:
            size *= d
        out.append(ns.reshape(packed[start:start + size], shape))
        start += size
    return out


class Factorize(Function):
    """QR, SVD or eigh as ONE op: a Function has one output, so the factors travel packed in one flat
    array; the public functions slice them out (differentiably). Backward unpacks the factors' gradients
    the same way and applies the factorisation's formula."""

    @staticmethod
    def forward(ctx, a, kind, option):
        xp = array_module(a)
        try:
            if kind == "qr":
                factors = xp.linalg.qr(a, mode=option)
                factors = [xp.zeros(0, dtype=a.dtype), factors] if option == "r" else list(factors)
            elif kind == "svd":
                factors = list(xp.linalg.svd(a, full_matrices=option))
            else:
                factors = list(xp.linalg.eigh(a, UPLO=option))
        except xp.linalg.LinAlgError as e:
            raise LinAlgError(f"linalg.{kind}: the algorithm failed to converge ({e})") from None
        ctx.kind, ctx.option, ctx.in_shape = kind, option, a.shape
        out = xp.concatenate([f.reshape(-1) for f in factors])
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (packed,) = ctx.saved_tensors
        ns = ctx.ns
        shapes = factor_shapes(ctx.kind, ctx.in_shape, ctx.option)
        factors, grads = unpack(ns, packed, shapes), unpack(ns, g, shapes)
        # an unused factor's gradient is all zeros: skipping its terms avoids dividing by zero singular values
        grads = [None if not (x._data if ns.GRAPH else x).any() else x for x in grads]
        m, n = ctx.in_shape[-2:]
        if ctx.kind == "qr":
            if ctx.option == "r" or m < n:
                raise RuntimeError("The derivative of linalg.qr is only implemented for mode='reduced' or "
                                   f"'complete' with m >= n rows (the input here is {m}x{n}, mode='{ctx.option}')"
                                   )
            q, r = factors
            gq, gr = (x if x is not None else 0 * f for x, f in zip(grads, factors))
            return qr_backward(ns, q, r, gq, gr)
        if ctx.kind == "svd":
            if ctx.option and m != n:
                raise RuntimeError("linalg.svd: the derivative is not implemented for full_matrices=True on "
                                   "non-square matrices; use full_matrices=False")
            return svd_backward(ns, *factors, *grads)
        return eigh_backward(ns, *factors, *grads)


def qr_backward(ns, q, r, gq, gr):
    """Gradient of A = QR (m >= n) from the gradients of Q and R."""
    xp = _xp(r)
    n = r.shape[-1]
    qdq = q.mT @ gq
    rdr = r @ gr.mT
    m = qdq - qdq.mT + rdr - rdr.mT
    tril = m * xp.tril(xp.ones((n, n))).astype((r._data if ns.GRAPH else r).dtype)
    r_inv_t = _inv(ns, r).mT
    return q @ (gr + tril @ r_inv_t) + (gq - q @ qdq) @ r_inv_t


def svd_backward(ns, u, s, vh, gu, gs, gvh):
    """Gradient of A = U diag(S) Vh (reduced) from the gradients of its factors (Townsend, 2016)."""
    xp = _xp(s)
    dtype = (s._data if ns.GRAPH else s).dtype
    k = s.shape[-1]
    eye = xp.eye(k, dtype=dtype)
    ga = 0
    if gs is not None:
        ga = u @ _diag_embed(ns, gs) @ vh
    if gu is None and gvh is None:
        return ga
    s2 = s * s
    diff = ns.unsqueeze(s2, -2) - ns.unsqueeze(s2, -1)  # s_j^2 - s_i^2 at [i, j]
    f = (1 - eye) / (diff + eye)  # off-diagonal 1 / (s_j^2 - s_i^2), zero on the diagonal
    v = vh.mT
    s_col = ns.unsqueeze(s, -1)
    s_row = ns.unsqueeze(s, -2)
    inner = 0
    if gu is not None:
        j = f * (u.mT @ gu - gu.mT @ u)
        inner = inner + j * s_row
        proj_u = gu - u @ (u.mT @ gu)  # (I - U U^T) gU
        ga = ga + (proj_u / s_row) @ vh
    if gvh is not None:
        gv = gvh.mT
        k_mat = f * (v.mT @ gv - gv.mT @ v)
        inner = inner + s_col * k_mat
        proj_v = gv - v @ (v.mT @ gv)  # (I - V V^T) gV
        ga = ga + u @ (proj_v / s_row).mT
    return ga + u @ inner @ vh


def eigh_backward(ns, w, v, gw, gv):
    """Gradient of A = V diag(w) V^T (symmetric), as PyTorch gives it."""
    xp = _xp(w)
    dtype = (w._data if ns.GRAPH else w).dtype
    n = w.shape[-1]
    eye = xp.eye(n, dtype=dtype)
    inner = 0
    if gv is not None:
        vtgv = v.mT @ gv
        skew = (vtgv - vtgv.mT) * 0.5
        diff = ns.unsqueeze(w, -2) - ns.unsqueeze(w, -1)  # w_j - w_i at [i, j]
        inner = skew * (1 - eye) / (diff + eye)
    if gw is not None:
        inner = inner + _diag_embed(ns, gw)
    return v @ inner @ v.mT


class VectorNorm(Function):
    """The p-norm (finite p != 0) over axes; zero entries (and a zero norm) get a zero gradient, as in PyTorch."""

    @staticmethod
    def forward(ctx, a, p, axis, keepdim):
        xp = array_module(a)
        absa = xp.abs(a)
        if p == 2:
            out = xp.sqrt((a * a).sum(axis=axis, keepdims=True))
        elif p == 1:
            out = absa.sum(axis=axis, keepdims=True)
        else:
            out = (absa**p).sum(axis=axis, keepdims=True) ** (1.0 / p)
        ctx.p, ctx.shape, ctx.axis, ctx.keepdim = p, a.shape, axis, keepdim
        ctx.save_for_backward(a, out)
        if not keepdim:
            out = out.reshape(()) if axis is None else out.squeeze(axis)
        return out.astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        a, norm = ctx.saved_tensors
        ns, p = ctx.ns, ctx.p
        if ns.GRAPH:  # the saved keepdim norm is not the output tensor: recompute it in the graph
            norm = VectorNorm.apply(a, p, ctx.axis, True)
        if not ctx.keepdim:
            g = ns.reshape(g, norm.shape)
        safe_norm = ns.where(norm == 0, 1, norm)
        scale = ns.where(norm == 0, 0, g * safe_norm ** (1 - p))
        if p == 2:
            return scale * a
        if p == 1:
            return scale * ns.sign(a)
        absa = ns.where(a == 0, 1, a * ns.sign(a))
        return scale * ns.where(a == 0, 0, ns.sign(a) * absa ** (p - 1))
