"""The wider torch.Tensor / torch.* surface (issue #9, "more"): aliases and small methods vs torch."""

import copy

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity

import glassnet

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)
A = RNG.normal(size=(3, 4))
B = RNG.normal(size=(3, 4))
SQ = RNG.normal(size=(4, 4))
V = RNG.normal(size=5)
INTS = np.array([[3, -1, 0, 7], [2, 2, -5, 1]])

# (label, function of a module `m` (glassnet or torch) and its tensor constructor, inputs, differentiable)
# Each case runs as a Tensor method or torch.* function in both libraries, on the same arrays.
CASES = [
    ("absolute", lambda m, x: x.absolute(), [A], True),
    ("torch.absolute", lambda m, x: m.absolute(x), [A], True),
    ("negative", lambda m, x: x.negative(), [A], True),
    ("positive", lambda m, x: m.positive(x), [A], True),
    ("multiply", lambda m, x, y: x.multiply(y), [A, B], True),
    ("subtract", lambda m, x, y: m.subtract(x, y, alpha=2), [A, B], True),
    ("divide", lambda m, x, y: x.divide(y), [A, B], True),
    ("true_divide", lambda m, x, y: m.true_divide(x, y), [A, B], True),
    ("greater", lambda m, x, y: x.greater(y), [A, B], False),
    ("greater_equal", lambda m, x, y: m.greater_equal(x, y), [A, B], False),
    ("less", lambda m, x, y: x.less(y), [A, B], False),
    ("less_equal", lambda m, x, y: x.less_equal(y), [A, B], False),
    ("not_equal", lambda m, x, y: m.not_equal(x, y), [A, A], False),
    ("rsub", lambda m, x, y: m.rsub(x, y, alpha=3), [A, B], True),
    ("swapdims", lambda m, x: x.swapdims(0, 1), [A], True),
    ("movedim", lambda m, x: x.movedim((0, 1), (2, 0)), [RNG.normal(size=(2, 3, 4))], True),
    ("moveaxis", lambda m, x: m.moveaxis(x, -1, 0), [RNG.normal(size=(2, 3, 4))], True),
    ("ravel", lambda m, x: x.ravel(), [A], True),
    ("tile", lambda m, x: x.tile((2, 1, 2)), [A], True),
    ("tile-short", lambda m, x: m.tile(x, (2,)), [A], True),
    ("rot90", lambda m, x: x.rot90(), [A], True),
    ("rot90-k", lambda m, x: m.rot90(x, -3, (1, 0)), [A], True),
    ("rot90-2", lambda m, x: x.rot90(2, (0, 2)), [RNG.normal(size=(2, 3, 4))], True),
    ("fliplr", lambda m, x: x.fliplr(), [A], True),
    ("flipud", lambda m, x: m.flipud(x), [A], True),
    ("msort", lambda m, x: x.msort(), [A], True),
    ("H", lambda m, x: x.H, [A], True),
    ("mH", lambda m, x: x.mH, [RNG.normal(size=(2, 3, 4))], True),
    ("adjoint", lambda m, x: x.adjoint(), [A], True),
    ("sum_to_size", lambda m, x: x.sum_to_size(1, 4), [A], True),
    ("sum_to_size-2", lambda m, x: x.sum_to_size((3, 1)), [A], True),
    ("clamp_min", lambda m, x: x.clamp_min(0.1), [A], True),
    ("clamp_max", lambda m, x: m.clamp_max(x, 0.1), [A], True),
    ("byte", lambda m, x: x.byte(), [np.abs(INTS)], False),
    ("char", lambda m, x: x.char(), [INTS], False),
    ("short", lambda m, x: x.short(), [INTS], False),
    ("select", lambda m, x: x.select(1, -2), [A], True),
    ("torch.select", lambda m, x: m.select(x, 0, 1), [A], True),
    ("take", lambda m, x, i: x.take(i), [A, np.array([[0, 11], [5, -1]])], True),
    ("clamp_min-int", lambda m, x: x.clamp_min(0), [INTS], False),
    ("reversed", lambda m, x: reversed(x), [A], True),
    ("frac", lambda m, x: x.frac(), [A * 3], True),
    ("sgn", lambda m, x: x.sgn(), [A], False),
    ("signbit", lambda m, x: x.signbit(), [np.array([-0.0, 0.0, -1.0, 2.0])], False),
    ("heaviside", lambda m, x, y: x.heaviside(y), [np.array([-1.0, 0.0, 2.0]), np.array([0.5, 0.5, 0.5])], False),
    ("gcd", lambda m, x, y: x.gcd(y), [INTS, INTS[::-1].copy()], False),
    ("lcm", lambda m, x, y: m.lcm(x, y), [INTS, INTS[::-1] + 10], False),
    ("ldexp", lambda m, x, y: x.ldexp(y), [A, np.array([[1, 2, 3, 0]] * 3)], True),
    ("deg2rad", lambda m, x: x.deg2rad(), [A * 90], True),
    ("rad2deg", lambda m, x: m.rad2deg(x), [A], True),
    ("deg2rad-int", lambda m, x: x.deg2rad(), [INTS], False),
    ("reciprocal", lambda m, x: x.reciprocal(), [A], True),
    ("reciprocal-int", lambda m, x: x.reciprocal(), [INTS + 10], False),
    ("float_power", lambda m, x: x.float_power(2), [A.astype(np.float32)], True),
    ("float_power-t", lambda m, x, y: m.float_power(x, y), [np.abs(A) + 0.1, B], True),
    ("fmax", lambda m, x, y: x.fmax(y), [np.array([1.0, np.nan, 3.0, np.nan]), np.array([2.0, 1.0, np.nan, np.nan])],
     False),
    ("fmin", lambda m, x, y: m.fmin(x, y), [np.array([1.0, np.nan, 3.0, np.nan]), np.array([2.0, 1.0, np.nan, np.nan])],
     False),
    ("fmax-grad", lambda m, x, y: x.fmax(y), [A, B], True),
    ("fmin-grad", lambda m, x, y: x.fmin(y), [A, B], True),
    ("nextafter", lambda m, x, y: x.nextafter(y), [A, B], False),
    ("frexp", lambda m, x: tuple(x.frexp()), [A * 100], False),
    ("logaddexp2", lambda m, x, y: x.logaddexp2(y), [A * 30, B], True),
    ("logaddexp2-inf", lambda m, x, y: m.logaddexp2(x, y), [np.array([-np.inf, np.inf, 1.0]),
                                                           np.array([-np.inf, np.inf, -np.inf])], False),
    ("sinc", lambda m, x: x.sinc(), [A], True),
    ("renorm", lambda m, x: x.renorm(2, 0, 1.0), [A], True),
    ("renorm-p1", lambda m, x: m.renorm(x, 1, 1, 0.5), [A], True),
    ("xlogy", lambda m, x, y: x.xlogy(y), [A, np.abs(B)], True),
    ("logit", lambda m, x: x.logit(), [np.abs(A) / 4], True),
    ("nan_to_num", lambda m, x: x.nan_to_num(), [np.array([np.nan, np.inf, -np.inf, 1.0])], True),
    ("nan_to_num-args", lambda m, x: m.nan_to_num(x, 1.0, 2.0, -2.0), [np.array([np.nan, np.inf, -np.inf, 1.0])],
     True),
    ("nansum", lambda m, x: x.nansum(1), [np.where(A > 1, np.nan, A)], True),
    ("nanmean", lambda m, x: m.nanmean(x, 0, keepdim=True), [np.where(A > 1, np.nan, A)], True),
    ("nanmedian", lambda m, x: x.nanmedian(), [np.where(A > 1, np.nan, A)], True),
    ("nanmedian-dim", lambda m, x: tuple(x.nanmedian(1)), [np.where(A > 0.5, np.nan, A)], True),
    ("count_nonzero", lambda m, x: x.count_nonzero(), [INTS], False),
    ("count_nonzero-dim", lambda m, x: m.count_nonzero(x, dim=(0,)), [INTS], False),
    ("aminmax", lambda m, x: tuple(x.aminmax()), [A], True),
    ("aminmax-dim", lambda m, x: tuple(m.aminmax(x, dim=1, keepdim=True)), [A], True),
    ("mode", lambda m, x: tuple(x.mode(1)), [np.array([[1, 2, 2, 3, 3], [5, 5, 4, 4, 1]])], False),
    ("mode-float", lambda m, x: tuple(m.mode(x, 0)), [np.array([[1.0, 2.0], [1.0, 3.0], [2.0, 3.0]])], True),
    ("diff", lambda m, x: x.diff(), [A], True),
    ("diff-n", lambda m, x, y: m.diff(x, 2, 0, prepend=y), [A, B[:1]], True),
    ("diff-bool", lambda m, x: x.diff(), [A > 0], False),
    ("kron", lambda m, x, y: x.kron(y), [A[:2, :2], B[:3, :2]], True),
    ("kron-nd", lambda m, x, y: m.kron(x, y), [RNG.normal(size=(2, 1, 2)), B[:2, :3]], True),
    ("cross", lambda m, x, y: m.linalg.cross(x, y) if m is torch else m.cross(x, y, dim=-1),
     [RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3))], True),
    ("cross-dim", lambda m, x, y: x.cross(y, dim=0), [RNG.normal(size=(3, 2)), RNG.normal(size=(3, 2))], True),
    ("trace", lambda m, x: x.trace(), [A], True),
    ("inner", lambda m, x, y: x.inner(y), [A, B], True),
    ("inner-0d", lambda m, x, y: m.inner(x, y), [np.array(2.0), B], True),
    ("vdot", lambda m, x, y: x.vdot(y), [V, V[::-1].copy()], True),
    ("tensordot", lambda m, x, y: m.tensordot(x, y, dims=([1, 0], [0, 2])),
     [RNG.normal(size=(3, 4, 2)), RNG.normal(size=(4, 5, 3))], True),
    ("tensordot-int", lambda m, x, y: m.tensordot(x, y, 1), [A, B.T.copy()], True),
    ("tensordot-0", lambda m, x, y: m.tensordot(x, y, 0), [V[:2], V[:3]], True),
    ("cdist", lambda m, x, y: m.cdist(x, y), [A, B[:2]], True),
    ("cdist-p1", lambda m, x, y: m.cdist(x, y, p=1.0), [A, B[:2]], True),
    ("cdist-p3", lambda m, x, y: m.cdist(x, y, p=3.0), [A, B[:2]], True),
    ("cdist-inf", lambda m, x, y: m.cdist(x, y, p=float("inf")), [A, B[:2]], True),
    ("cdist-same", lambda m, x: m.cdist(x, x), [A], True),
    ("cov", lambda m, x: x.cov(), [A], True),
    ("cov-1d", lambda m, x: m.cov(x, correction=0), [V], True),
    ("cov-w", lambda m, x, f, a: m.cov(x, fweights=f, aweights=a), [A, np.array([1, 2, 1, 3]),
                                                                     np.array([0.5, 1.0, 2.0, 1.5])], True),
    ("corrcoef", lambda m, x: x.corrcoef(), [A], True),
    ("histc", lambda m, x: x.histc(5), [A.astype(np.float32)], False),
    ("histc-range", lambda m, x: m.histc(x, 4, min=-1, max=1), [A], False),
    ("histogram", lambda m, x: tuple(x.histogram(4)), [A], False),
    ("histogram-w", lambda m, x, w: tuple(m.histogram(x, 3, range=(-1.0, 1.0), weight=w, density=True)), [A, B ** 2],
     False),
    ("bincount", lambda m, x: x.bincount(), [np.array([0, 3, 3, 1])], False),
    ("bincount-w", lambda m, x, w: m.bincount(x, w, minlength=6), [np.array([0, 3, 3, 1]), V[:4]], False),
    ("tensor_split", lambda m, x: x.tensor_split(3, 1), [A], True),
    ("tensor_split-idx", lambda m, x: m.tensor_split(x, [1, 3, 9], dim=1), [A], True),
    ("hsplit", lambda m, x: x.hsplit(2), [A], True),
    ("vsplit", lambda m, x: m.vsplit(x, [1]), [A], True),
    ("dsplit", lambda m, x: x.dsplit([1, 2]), [RNG.normal(size=(2, 2, 4))], True),
    ("split_with_sizes", lambda m, x: x.split_with_sizes([1, 3], 1), [A], True),
    ("hstack", lambda m, x, y: m.hstack([x, y]), [A, B], True),
    ("hstack-1d", lambda m, x, y: m.hstack((x, y)), [V, V], True),
    ("vstack", lambda m, x, y: m.vstack([x, y]), [V, V], True),
    ("row_stack", lambda m, x, y: m.row_stack([x, y]), [A, B], True),
    ("dstack", lambda m, x, y: m.dstack([x, y]), [A, B], True),
    ("column_stack", lambda m, x, y: m.column_stack([x, y]), [V, V], True),
    ("atleast_1d", lambda m, x: m.atleast_1d(x), [np.array(2.0)], True),
    ("atleast_2d", lambda m, x, y: m.atleast_2d(x, y), [np.array(2.0), V], True),
    ("atleast_3d", lambda m, x, y: m.atleast_3d([x, y]), [V, A], True),
    ("broadcast_tensors", lambda m, x, y: m.broadcast_tensors(x, y), [A[:1], B[:, :1]], True),
    ("cartesian_prod", lambda m, x, y: m.cartesian_prod(x, y), [V[:2], V[:3]], True),
    ("combinations", lambda m, x: m.combinations(x), [V[:4]], True),
    ("combinations-r", lambda m, x: m.combinations(x, 3, with_replacement=True), [V[:3]], True),
    ("block_diag", lambda m, x, y, z: m.block_diag(x, y, z), [A[:2, :3], V[:2], np.array(5.0)], True),
    ("diag_embed", lambda m, x: x.diag_embed(), [A], True),
    ("diag_embed-off", lambda m, x: m.diag_embed(x, 1, 0, 2), [A], True),
    ("diagflat", lambda m, x: x.diagflat(-1), [A[:2, :2]], True),
    ("diagonal_scatter", lambda m, x, s: x.diagonal_scatter(s, 1), [SQ, V[:3]], True),
    ("diagonal_scatter-3d", lambda m, x, s: m.diagonal_scatter(x, s, 0, 2, 0),
     [RNG.normal(size=(3, 2, 4)), RNG.normal(size=(2, 3))], True),
    ("select_scatter", lambda m, x, s: x.select_scatter(s, 1, 2), [A, V[:3]], True),
    ("slice_scatter", lambda m, x, s: m.slice_scatter(x, s, 1, 1, 4, 2), [A, B[:, :2]], True),
    ("index_fill", lambda m, x, i: x.index_fill(1, i, -2.0), [A, np.array([0, 2])], True),
    ("index_copy", lambda m, x, i, s: x.index_copy(0, i, s), [A, np.array([2, 0]), B[:2]], True),
    ("index_add", lambda m, x, i, s: m.index_add(x, 1, i, s, alpha=2), [A, np.array([1, 1, 3]), B[:, :3]], True),
    ("index_put", lambda m, x, i, j, v: x.index_put((i, j), v), [A, np.array([0, 2]), np.array([1, 3]), V[:2]], True),
    ("index_put-acc", lambda m, x, i, v: x.index_put((i,), v, accumulate=True), [A, np.array([0, 0, 2]), B], True),
    ("put", lambda m, x, i, s: x.put(i, s), [A, np.array([0, 5, 11]), V[:3]], True),
    ("put-acc", lambda m, x, i, s: x.put(i, s, accumulate=True), [A, np.array([0, 0, -1]), V[:3]], True),
    ("masked_scatter", lambda m, x, k, s: x.masked_scatter(k, s), [A, A > 0, RNG.normal(size=20)], True),
    ("masked_scatter-bc", lambda m, x, k, s: m.masked_scatter(x, k, s), [A, np.array([True, False, True, False]),
                                                                          RNG.normal(size=(3, 4))], True),
    ("isneginf", lambda m, x: x.isneginf(), [np.array([-np.inf, np.inf, np.nan, 1.0])], False),
    ("isposinf", lambda m, x: m.isposinf(x), [np.array([-np.inf, np.inf, np.nan, 1.0])], False),
    ("isreal", lambda m, x: x.isreal(), [A], False),
    ("isin", lambda m, x, y: m.isin(x, y), [INTS, np.array([2, 7])], False),
    ("isin-invert", lambda m, x, y: m.isin(x, y, invert=True), [INTS, np.array([2, 7])], False),
    ("unique_consecutive", lambda m, x: x.unique_consecutive(return_inverse=True, return_counts=True),
     [np.array([1, 1, 2, 2, 3, 1, 1, 2])], False),
    ("unique_consecutive-dim", lambda m, x: m.unique_consecutive(x, dim=0),
     [np.array([[1, 2], [1, 2], [3, 4], [1, 2]])], False),
    ("trapezoid", lambda m, x: m.trapezoid(x), [A], True),
    ("trapezoid-x", lambda m, y, x: m.trapezoid(y, x, dim=1), [A, np.array([0.0, 0.5, 2.0, 3.0])], True),
    ("trapz-dx", lambda m, y: m.trapz(y, dx=0.5, dim=0), [A], True),
    ("cumulative_trapezoid", lambda m, y: m.cumulative_trapezoid(y), [A], True),
    ("cumulative_trapezoid-x", lambda m, y, x: m.cumulative_trapezoid(y, x, dim=0), [A, np.array([0.0, 1.0, 3.0])],
     True),
    ("gradient", lambda m, x: m.gradient(x), [A], True),
    ("gradient-opts", lambda m, x: m.gradient(x, spacing=2.0, dim=1, edge_order=2), [A], True),
    ("vander", lambda m, x: m.vander(x), [V[:4]], False),
    ("vander-inc", lambda m, x: m.vander(x, N=3, increasing=True), [np.array([1, 2, 3])], False),
    ("prelu", lambda m, x, w: x.prelu(w), [RNG.normal(size=(2, 3, 2)), np.array([0.1, 0.2, 0.3])], True),
    ("prelu-1", lambda m, x, w: x.prelu(w), [A, np.array([0.25])], True),
    ("hardshrink", lambda m, x: x.hardshrink(0.7), [A], True),
    ("lgamma", lambda m, x: x.lgamma(), [np.abs(A) + 0.1], True),
    ("digamma", lambda m, x: m.digamma(x), [np.abs(A) + 0.1], True),
    ("polygamma", lambda m, x: x.polygamma(1), [np.abs(A) + 0.1], True),
    ("mvlgamma", lambda m, x: x.mvlgamma(2), [np.abs(A) + 1], True),
    ("i0", lambda m, x: x.i0(), [A], True),
    ("erfc", lambda m, x: m.erfc(x), [A], True),
]


def _make(mod, arrays, grad):
    if mod is torch:
        return [torch.tensor(np.asarray(a), requires_grad=grad and np.asarray(a).dtype.kind == "f") for a in arrays]
    return [glassnet.tensor(np.asarray(a), requires_grad=grad and np.asarray(a).dtype.kind == "f") for a in arrays]


@pytest.mark.parametrize("label,fn,arrays,grad", CASES, ids=[c[0] for c in CASES])
def test_parity_with_torch(label, fn, arrays, grad):
    if grad:
        check_parity(lambda *xs: fn(glassnet, *xs), lambda *xs: fn(torch, *xs), arrays)
    else:
        g_out, t_out = fn(glassnet, *_make(glassnet, arrays, False)), fn(torch, *_make(torch, arrays, False))
        if not isinstance(t_out, tuple):
            g_out, t_out = (g_out,), (t_out,)
        assert len(g_out) == len(t_out)
        for g, t in zip(g_out, t_out):
            assert_close(g, t)


GRADCHECK = [c for c in CASES if c[3] and c[0] not in ("nanmedian", "nanmedian-dim", "mode-float", "aminmax",
                                                         "aminmax-dim", "msort", "fmax-grad", "fmin-grad",
                                                         "cdist-inf")]


@pytest.mark.parametrize("label,fn,arrays,grad", GRADCHECK, ids=[c[0] for c in GRADCHECK])
def test_gradcheck(label, fn, arrays, grad):
    def first(*xs):
        out = fn(glassnet, *xs)
        return out[0] if isinstance(out, tuple) else out

    check_gradcheck(first, arrays)


@pytest.mark.parametrize("name", ["arccos", "arcsin", "arctan", "arccosh", "arcsinh", "arctanh", "fix"])
def test_aliases_of_functions_other_branches_add(name):
    target = {"arccos": "acos", "arcsin": "asin", "arctan": "atan", "arccosh": "acosh", "arcsinh": "asinh",
              "arctanh": "atanh", "fix": "trunc"}[name]
    if not hasattr(glassnet.Tensor, target):
        pytest.skip(f"Tensor.{target} is not in this branch yet")
    x = np.linspace(1.1, 3.0, 5) if name == "arccosh" else np.linspace(-0.9, 0.9, 5)
    check_parity(lambda t: getattr(t, name)(), lambda t: getattr(t, name)(), [x])
    check_parity(lambda t: getattr(glassnet, name)(t), lambda t: getattr(torch, name)(t), [x])


def test_arctan2_alias():
    if not hasattr(glassnet.Tensor, "atan2"):
        pytest.skip("Tensor.atan2 is not in this branch yet")
    check_parity(lambda a, b: a.arctan2(b), lambda a, b: a.arctan2(b), [A, B])


def test_size_and_layout_properties():
    g, t = glassnet.tensor(A.astype(np.float32)), torch.tensor(A.astype(np.float32))
    assert g.ndimension() == t.ndimension() == 2
    assert g.nelement() == t.nelement() == 12
    assert g.nbytes == t.nbytes and g.itemsize == t.itemsize
    assert g.stride() == t.stride() and g.stride(-1) == t.stride(-1)
    assert g.t().stride() == t.t().stride()
    assert g.get_device() == t.get_device() == -1
    assert g.layout is glassnet.strided and repr(glassnet.strided) == "glassnet.strided"
    assert g.is_inference() is False
    assert g.is_signed() and not glassnet.tensor([True]).is_signed() and not glassnet.tensor([1]).byte().is_signed()
    assert glassnet.is_tensor(g) and not glassnet.is_tensor(A)
    assert glassnet.numel(g) == 12 and glassnet.is_floating_point(g)
    assert g.is_same_size(glassnet.zeros(3, 4)) and not g.is_same_size(glassnet.zeros(4, 3))


def test_predicate_errors_match_torch():
    assert glassnet.tensor([3.0]).is_nonzero() is True and glassnet.is_nonzero(glassnet.tensor(0)) is False
    with pytest.raises(RuntimeError, match="more than one value"):
        glassnet.tensor([1, 2]).is_nonzero()
    with pytest.raises(RuntimeError, match="no values"):
        glassnet.is_nonzero(glassnet.zeros(0))
    with pytest.raises(RuntimeError, match="bool"):
        glassnet.positive(glassnet.tensor([True]))
    with pytest.raises(RuntimeError, match="only supported on matrices"):
        glassnet.zeros(2, 2, 2).H
    with pytest.raises(RuntimeError, match="not expandable"):
        glassnet.zeros(3, 4).sum_to_size(2, 4)
    with pytest.raises(IndexError, match="out of range"):
        glassnet.zeros(3, 4).select(1, 4)
    with pytest.raises(RuntimeError, match="divisible"):
        glassnet.zeros(3, 4).hsplit(3)
    with pytest.raises(RuntimeError, match="sum exactly"):
        glassnet.zeros(3, 4).split_with_sizes([1, 2], 1)
    with pytest.raises(RuntimeError, match="length 3"):
        glassnet.cross(glassnet.zeros(2, 4), glassnet.zeros(2, 4), dim=1)
    with pytest.raises(RuntimeError, match="contracted dimensions"):
        glassnet.tensordot(glassnet.zeros(2, 3), glassnet.zeros(2, 3), 1)
    with pytest.raises(RuntimeError, match="same number of columns"):
        glassnet.cdist(glassnet.zeros(2, 3), glassnet.zeros(2, 4))
    with pytest.raises(RuntimeError, match="non-negative"):
        glassnet.bincount(glassnet.tensor([1, -1]))
    with pytest.raises(RuntimeError, match="movedim"):
        glassnet.movedim(glassnet.zeros(2, 3), (0, 1), (0,))
    with pytest.raises(RuntimeError, match="can't be cast"):
        glassnet.tensor([1, 2]).reciprocal_()


def test_contains_and_reversed():
    g = glassnet.tensor(INTS)
    assert 7 in g and 4 not in g and glassnet.tensor(-5) in g
    with pytest.raises(RuntimeError, match="__contains__"):
        "a" in g  # noqa: B015 - the membership test is the call under test
    assert_close(reversed(glassnet.tensor(3.0)), torch.tensor(3.0))


def test_deepcopy_keeps_requires_grad_and_grad_and_refuses_non_leaves():
    w = glassnet.tensor([1.0, 2.0], requires_grad=True)
    (w * 3).sum().backward()
    c = copy.deepcopy(w)
    assert c.requires_grad and c.is_leaf and c is not w
    assert_close(c.grad, torch.tensor([3.0, 3.0]))
    c._data[0] = 5
    assert w.tolist() == [1.0, 2.0]
    pair = copy.deepcopy([w, w])
    assert pair[0] is pair[1]
    with pytest.raises(RuntimeError, match="graph leaves"):
        copy.deepcopy(w * 2)
    lin = glassnet.nn.Linear(2, 3)
    lin(glassnet.ones(1, 2)).sum().backward()
    lc = copy.deepcopy(lin)
    assert lc.weight.requires_grad and lc.weight.grad is not None and lc.weight is not lin.weight
    np.testing.assert_array_equal(lc.weight.grad.numpy(), lin.weight.grad.numpy())


def test_ipow_and_inplace_variants():
    g = glassnet.tensor([1.0, 2.0, 3.0])
    g **= 2
    assert g.tolist() == [1.0, 4.0, 9.0]
    x = glassnet.tensor([1.0, 4.0])
    y = x.clone()
    y.pow_(0.5)
    assert y.tolist() == [1.0, 2.0]
    for name, args in [("nan_to_num_", ()), ("reciprocal_", ()), ("deg2rad_", ()), ("rad2deg_", ()), ("frac_", ()),
                       ("sinc_", ()), ("xlogy_", (2.0,)), ("logit_", (0.1,)), ("renorm_", (2, 0, 1.0)),
                       ("absolute_", ()), ("sgn_", ()), ("clamp_min_", (0.2,)), ("clamp_max_", (0.2,)),
                       ("index_fill_", (1, torch.tensor([0]), 3.0)),
                       ("put_", (torch.tensor([1]), torch.tensor([9.0], dtype=torch.float64))),
                       ("index_copy_", (0, torch.tensor([1]), torch.ones(1, 2, dtype=torch.float64))),
                       ("masked_scatter_", (torch.tensor([[True, False], [False, True]]),
                                            torch.tensor([7.0, 8.0], dtype=torch.float64))),
                       ("index_put_", ((torch.tensor([0]),), torch.tensor(5.0, dtype=torch.float64)))]:
        arr = np.array([[0.3, -1.2], [np.nan, 0.8]]) if name == "nan_to_num_" else np.array([[0.3, -1.2], [0.5, 0.8]])
        t = torch.tensor(arr)
        g = glassnet.tensor(arr)
        gargs = [glassnet.tensor(a.numpy()) if isinstance(a, torch.Tensor) else
                 tuple(glassnet.tensor(b.numpy()) for b in a) if isinstance(a, tuple) else a for a in args]
        out = getattr(g, name)(*gargs)
        getattr(t, name)(*args)
        assert out is g, name
        assert_close(g, t)
    w = glassnet.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        w.reciprocal_()


def test_inplace_view_changes():
    for name, args in [("squeeze_", ()), ("squeeze_", (1,)), ("unsqueeze_", (0,)), ("t_", ()),
                       ("transpose_", (0, 1)), ("swapaxes_", (1, 0)), ("swapdims_", (0, 1))]:
        shape = (3, 1) if name.startswith("squeeze") else (2, 3)
        g, t = glassnet.zeros(*shape), torch.zeros(*shape)
        assert getattr(g, name)(*args) is g
        getattr(t, name)(*args)
        assert tuple(g.shape) == tuple(t.shape), name
    w = glassnet.zeros(2, 1, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        w.squeeze_()


def test_apply_map_map2():
    g = glassnet.tensor([[1.0, 2.0], [3.0, 4.0]])
    t = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert_close(g.clone().apply_(lambda v: v * 10 + 1), t.clone().apply_(lambda v: v * 10 + 1))
    assert_close(g.clone().map_(glassnet.tensor([1.0, -1.0]), lambda a, b: a * b),
                 t.clone().map_(torch.tensor([1.0, -1.0]), lambda a, b: a * b))
    assert_close(g.clone().map2_(g, glassnet.tensor(2.0), lambda a, b, c: a + b * c),
                 t.clone().map2_(t, torch.tensor(2.0), lambda a, b, c: a + b * c))


def test_post_accumulate_grad_hook():
    w = glassnet.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    handle = w.register_post_accumulate_grad_hook(lambda p: seen.append(p.grad.tolist()))
    (w * w).sum().backward()
    (w * 3).sum().backward()
    assert seen == [[2.0, 4.0], [5.0, 7.0]]
    handle.remove()
    w.sum().backward()
    assert len(seen) == 2
    with pytest.raises(RuntimeError, match="non-leaf"):
        (w * 2).register_post_accumulate_grad_hook(lambda p: None)


def test_index_and_shape_helpers():
    for fn in ("tril_indices", "triu_indices"):
        for args in [(3, 3), (4, 3, 1), (3, 5, -1)]:
            assert_close(getattr(glassnet, fn)(*args), getattr(torch, fn)(*args))
    assert glassnet.broadcast_shapes((3, 1), (1, 4), 4) == torch.broadcast_shapes((3, 1), (1, 4), 4)
    with pytest.raises(RuntimeError, match="shape mismatch"):
        glassnet.broadcast_shapes((3,), (4,))
    idx = np.array([0, 5, 11, 7])
    expected = torch.unravel_index(torch.tensor(idx), (3, 4))
    for g, t in zip(glassnet.unravel_index(glassnet.tensor(idx), (3, 4)), expected):
        assert_close(g, t)


def test_windows():
    for name in ("hann_window", "hamming_window", "blackman_window", "bartlett_window", "kaiser_window"):
        for n in (0, 1, 2, 7):
            for periodic in (True, False):
                assert_close(getattr(glassnet, name)(n, periodic), getattr(torch, name)(n, periodic), atol=1e-6)
    assert_close(glassnet.hamming_window(8, True, 0.5, 0.5, dtype=glassnet.float64),
                 torch.hamming_window(8, True, 0.5, 0.5, dtype=torch.float64))
    assert_close(glassnet.kaiser_window(9, False, 5.0), torch.kaiser_window(9, False, 5.0))


def test_creation_and_runtime_switches():
    assert_close(glassnet.scalar_tensor(3), torch.scalar_tensor(3))
    assert_close(glassnet.scalar_tensor(3, dtype=glassnet.int64), torch.scalar_tensor(3, dtype=torch.int64))
    arr = np.arange(4.0)
    shared = glassnet.asarray(arr)
    arr[0] = 9
    assert shared.tolist()[0] == 9
    assert glassnet.asarray([1, 2]).dtype == glassnet.int64
    assert glassnet.asarray([1.5]).dtype == glassnet.float32
    buf = bytearray(np.arange(3, dtype=np.int32).tobytes())
    assert_close(glassnet.frombuffer(buf, dtype=glassnet.int32), torch.frombuffer(buf, dtype=torch.int32))
    z = glassnet.ones(2)
    assert glassnet.zero_(z) is z and z.tolist() == [0.0, 0.0]
    assert glassnet.fill(glassnet.ones(2), 3.0).tolist() == [3.0, 3.0]
    old = glassnet.get_num_threads()
    glassnet.set_num_threads(1)
    assert glassnet.get_num_threads() == 1
    glassnet.set_num_threads(old)
    glassnet.use_deterministic_algorithms(True)
    assert glassnet.are_deterministic_algorithms_enabled()
    glassnet.use_deterministic_algorithms(False)
    assert not glassnet.are_deterministic_algorithms_enabled()
    glassnet.set_float32_matmul_precision("high")
    assert glassnet.get_float32_matmul_precision() == "high"
    glassnet.set_float32_matmul_precision("highest")
    with pytest.raises(RuntimeError, match="precision"):
        glassnet.set_float32_matmul_precision("low")
    assert not glassnet.is_anomaly_enabled()
    s = glassnet.seed()
    assert glassnet.initial_seed() == s


def test_signs_rounding_and_float_power_dtypes():
    assert glassnet.float_power(glassnet.tensor([2]), 3).dtype == glassnet.float64
    assert glassnet.tensor([1, 2]).float_power(glassnet.tensor([0.5, 2.0])).dtype == glassnet.float64
    with pytest.raises(RuntimeError, match="Double"):
        glassnet.tensor([1.0]).float_power_(2)
    m, e = glassnet.frexp(glassnet.tensor([8.0, 0.3]))
    assert e.dtype == glassnet.int32 and m.tolist()[0] == 0.5


def test_gradchecks_where_torch_has_no_gradient():
    # torch's own vander backward fails on an in-place update
    check_gradcheck(lambda x: glassnet.vander(x), [V[:4]])


def test_ldexp_with_negative_integer_exponents():
    # values only: torch's ldexp gradient computes pow(2, other) in integers, which is 0 for negative exponents
    x, e = np.array([1.0, 3.0, 5.0]), np.array([-1, 0, 2])
    assert_close(glassnet.tensor(x).ldexp(glassnet.tensor(e)), torch.tensor(x).ldexp(torch.tensor(e)))
    check_parity(lambda a, b: glassnet.ldexp(a, b), lambda a, b: torch.ldexp(a, b), [x, e.astype(np.float64)])


M3 = RNG.normal(size=(2, 3, 4))
N3 = RNG.normal(size=(2, 4, 5))
FMA_CASES = [
    ("addcmul", lambda m, x, a, b: x.addcmul(a, b, value=0.5), [A, B, A[:1]]),
    ("addcdiv", lambda m, x, a, b: m.addcdiv(x, a, b, value=-2), [A, B, np.abs(A) + 1]),
    ("baddbmm", lambda m, x, a, b: x.baddbmm(a, b, beta=0.5, alpha=2), [RNG.normal(size=(3, 5)), M3, N3]),
    ("baddbmm-beta0", lambda m, x, a, b: m.baddbmm(x, a, b, beta=0), [RNG.normal(size=(2, 3, 5)), M3, N3]),
    ("addbmm", lambda m, x, a, b: x.addbmm(a, b, alpha=3), [RNG.normal(size=(3, 5)), M3, N3]),
    ("addmv", lambda m, x, a, b: m.addmv(x, a, b, beta=2), [V[:3], A, V[:4]]),
    ("addr", lambda m, x, a, b: x.addr(a, b, alpha=0.5), [A, V[:3], V[1:5]]),
    ("dist", lambda m, x, y: x.dist(y), [A, B]),
    ("dist-p3", lambda m, x, y: m.dist(x, y, 3), [A, B]),
    ("dist-p1", lambda m, x, y: x.dist(y, 1), [A, B]),
    ("dist-same", lambda m, x: x.dist(x), [A]),
    ("angle", lambda m, x: x.angle(), [np.array([-1.0, 0.0, 2.0, np.nan])]),
]


@pytest.mark.parametrize("label,fn,arrays", FMA_CASES, ids=[c[0] for c in FMA_CASES])
def test_fused_and_distance_parity(label, fn, arrays):
    check_parity(lambda *xs: fn(glassnet, *xs), lambda *xs: fn(torch, *xs), arrays)
    if label not in ("angle", "dist-same"):
        check_gradcheck(lambda *xs: fn(glassnet, *xs), arrays)


def test_baddbmm_beta0_ignores_nan_input():
    x = np.full((2, 3, 5), np.nan)
    assert_close(glassnet.baddbmm(glassnet.tensor(x), glassnet.tensor(M3), glassnet.tensor(N3), beta=0),
                 torch.baddbmm(torch.tensor(x), torch.tensor(M3), torch.tensor(N3), beta=0))


def test_addcdiv_rejects_integer_division():
    with pytest.raises(RuntimeError, match="Integer division"):
        glassnet.addcdiv(glassnet.zeros(2), glassnet.tensor([1, 2]), glassnet.tensor([1, 2]))


def test_logical_xor_index_reduce_and_igamma():
    a, b = np.array([0, 1, 2, 0]), np.array([0.0, 0.0, 3.0, 1.0])
    assert_close(glassnet.logical_xor(glassnet.tensor(a), glassnet.tensor(b)),
                 torch.logical_xor(torch.tensor(a), torch.tensor(b)))
    idx = np.array([0, 2, 0, 1])
    src = RNG.normal(size=(4, 4))
    for reduce in ("prod", "mean", "amax", "amin"):
        for include_self in (True, False):
            assert_close(glassnet.tensor(A).index_reduce(0, glassnet.tensor(idx), glassnet.tensor(src), reduce,
                                                         include_self=include_self),
                         torch.tensor(A).index_reduce(0, torch.tensor(idx), torch.tensor(src), reduce,
                                                      include_self=include_self))
    with pytest.raises(RuntimeError, match="reduce"):
        glassnet.tensor(A).index_reduce(0, glassnet.tensor(idx), glassnet.tensor(src), "sum")
    aa, xx = np.array([0.5, 2.0, 5.0]), np.array([1.0, 1.5, 7.0])
    assert_close(glassnet.tensor(aa).igamma(glassnet.tensor(xx)), torch.tensor(aa).igamma(torch.tensor(xx)))
    assert_close(glassnet.igammac(glassnet.tensor(aa), glassnet.tensor(xx)), torch.igammac(torch.tensor(aa),
                                                                                              torch.tensor(xx)))


def test_fill_diagonal_and_logspace():
    for shape, wrap in [((3, 3), False), ((7, 3), True), ((7, 3), False), ((2, 5), False)]:
        g, t = glassnet.zeros(*shape), torch.zeros(*shape)
        assert g.fill_diagonal_(2.0, wrap) is g
        t.fill_diagonal_(2.0, wrap)
        assert_close(g, t)
    with pytest.raises(RuntimeError, match="equal length"):
        glassnet.zeros(2, 3, 4).fill_diagonal_(1)
    assert_close(glassnet.logspace(-2, 2, 5), torch.logspace(-2, 2, 5))
    assert_close(glassnet.logspace(0, 3, 4, base=2.0, dtype=glassnet.float64),
                 torch.logspace(0, 3, 4, base=2.0, dtype=torch.float64))


TWINS = ["abs", "neg", "negative", "exp", "log", "log1p", "sqrt", "rsqrt", "sin", "cos", "tanh", "sigmoid", "relu",
         "square", "floor", "ceil", "round", "sign", "digamma", "lgamma", "i0", "erfc"]


@pytest.mark.parametrize("name", TWINS)
def test_unary_inplace_twins(name):
    arr = np.abs(A) + 0.2
    g, t = glassnet.tensor(arr), torch.tensor(arr)
    assert getattr(g, name + "_")() is g
    getattr(t, name + "_")()
    assert_close(g, t)


@pytest.mark.parametrize("name,args", [("eq", (0.5,)), ("ne", (0.5,)), ("lt", (0.0,)), ("le", (0.0,)), ("gt", (0.0,)),
                                       ("ge", (0.0,)), ("greater", (0.1,)), ("less_equal", (0.1,)),
                                       ("logical_and", ("T2",)), ("logical_xor", ("T2",)), ("logical_not", ()),
                                       ("multiply", (3.0,)), ("subtract", (3.0,)), ("divide", (2.0,)),
                                       ("true_divide", (4.0,)), ("clip", (-0.5, 0.5)), ("polygamma", (1,)),
                                       ("mvlgamma", (1,)), ("ldexp", ("T2",)), ("nextafter", ("T2",)),
                                       ("heaviside", ("T2",)), ("addcmul", ("T2", "T2")), ("addcdiv", ("T2", "T2")),
                                       ("index_add", (0, "I", "T2"))])
def test_binary_inplace_twins(name, args):
    arr = A if name not in ("polygamma", "mvlgamma") else np.abs(A) + 1
    other = np.abs(B) + 0.5

    def conv(mod, a):
        if a == "T2":
            return mod.tensor(other)
        if a == "I":
            return mod.tensor([0, 2, 1])
        return a

    g, t = glassnet.tensor(arr), torch.tensor(arr)
    assert getattr(g, name + "_")(*[conv(glassnet, a) for a in args]) is g
    getattr(t, name + "_")(*[conv(torch, a) for a in args])
    assert_close(g, t)


def test_integer_and_grad_errors_of_inplace_twins():
    with pytest.raises(RuntimeError, match="can't be cast"):
        glassnet.tensor([1, 2]).sqrt_()
    with pytest.raises(RuntimeError, match="leaf"):
        glassnet.ones(2, requires_grad=True).exp_()


def test_more_runtime_switches():
    before = glassnet.get_num_interop_threads()
    assert before >= 1
    glassnet.set_num_interop_threads(2)
    assert glassnet.get_num_interop_threads() == 2
    glassnet.set_num_interop_threads(before)  # a process-wide setting: later tests (doctests) read it
    glassnet.init_num_threads()
    assert glassnet.is_inference_mode_enabled() is False
    glassnet.set_warn_always(True)
    assert glassnet.is_warn_always_enabled()
    glassnet.set_warn_always(False)
    assert glassnet.set_flush_denormal(True) is False
    glassnet.set_deterministic_debug_mode("warn")
    assert glassnet.get_deterministic_debug_mode() == 1 and glassnet.are_deterministic_algorithms_enabled()
    glassnet.set_deterministic_debug_mode(0)
    assert glassnet.get_deterministic_debug_mode() == 0 and not glassnet.are_deterministic_algorithms_enabled()
    with pytest.raises(RuntimeError, match="debug_mode"):
        glassnet.set_deterministic_debug_mode("loud")


@pytest.mark.parametrize("name,args", [("squeeze_", (1,)), ("unsqueeze_", (0,)), ("t_", ()), ("transpose_", (0, 1)),
                                       ("swapdims_", (1, 0)), ("squeeze_", (0,))])
def test_inplace_view_changes_on_non_leaves_keep_gradients(name, args):
    x = RNG.normal(size=(3, 1)) if name.startswith("squeeze") else RNG.normal(size=(3, 2))
    gx, tx = glassnet.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    results = []
    for mod, leaf in ((glassnet, gx), (torch, tx)):
        y = leaf * 2
        before = y * 3  # recorded before the change: its gradient must still reach y
        assert getattr(y, name)(*args) is y
        w = mod.tensor(np.arange(y.numel(), dtype=np.float64).reshape(tuple(y.shape)))
        ((y * w).sum() + before.sum()).backward()
        results.append((y, leaf.grad))
    assert_close(results[0][0], results[1][0].detach())
    assert_close(results[0][1], results[1][1])
