"""New layers against torch: instance norm, RMSNorm, LRN, GLU and the shrink/threshold family, distances."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional


def _load(g, t):
    g.load_state_dict({k: glassnet.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})


def _module_parity(g, t, x, train=True):
    """Same output and input/parameter gradients for a glassnet and a torch module."""
    gx, tx = glassnet.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    go, to = g(gx), t(tx)
    assert_close(go, to)
    w = rand_array(tuple(to.shape), dtype=x.dtype)
    (go * glassnet.tensor(w)).sum().backward()
    (to * torch.tensor(w)).sum().backward()
    assert_close(gx.grad, tx.grad)
    for (_, gp), (_, tp) in zip(g.named_parameters(), t.named_parameters()):
        assert_close(gp.grad, tp.grad, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("dims, shape", [(1, (3, 4, 7)), (1, (4, 7)), (2, (2, 4, 3, 5)), (3, (2, 4, 2, 3, 2))])
@pytest.mark.parametrize("affine, track", [(False, False), (True, False), (True, True), (False, True)])
def test_instance_norm_matches_torch(dims, shape, affine, track):
    cls = f"InstanceNorm{dims}d"
    t, g = getattr(torch.nn, cls)(4, affine=affine, track_running_stats=track), \
        getattr(nn, cls)(4, affine=affine, track_running_stats=track)
    assert list(g.state_dict()) == list(t.state_dict())
    if affine:
        with torch.no_grad():
            t.weight.uniform_(0.5, 1.5)
            t.bias.uniform_(-1, 1)
    _load(g, t)
    x = rand_array(shape)
    _module_parity(g, t, x)
    for k, v in t.state_dict().items():
        assert_close(g.state_dict()[k], v)
    g.eval(), t.eval()
    _module_parity(g, t, rand_array(shape, "pos"))


def test_instance_norm_functional_and_gradcheck():
    x, w, b = rand_array((2, 3, 5)), rand_array((3,), "pos"), rand_array((3,))
    check_parity(lambda x, w, b: F.instance_norm(x, weight=w, bias=b, eps=1e-3),
                 lambda x, w, b: TF.instance_norm(x, weight=w, bias=b, eps=1e-3), [x, w, b])
    check_gradcheck(lambda x, w, b: F.instance_norm(x, weight=w, bias=b), [x, w, b])


def test_instance_norm_errors():
    with pytest.raises(ValueError, match=r"InstanceNorm2d: expected 3D or 4D input \(got 2D"):
        nn.InstanceNorm2d(3)(glassnet.randn(3, 4))
    with pytest.raises(ValueError, match="num_features"):
        nn.InstanceNorm1d(3, affine=True)(glassnet.randn(2, 4, 5))
    with pytest.warns(UserWarning, match="num_features"):
        nn.InstanceNorm1d(3)(glassnet.randn(2, 4, 5))
    with pytest.raises(ValueError, match="more than 1 spatial element"):
        F.instance_norm(glassnet.randn(2, 3, 1))


@pytest.mark.parametrize("shape, eps, affine", [(5, None, True), ((3, 5), 1e-3, True), (5, None, False)])
def test_rms_norm_matches_torch(shape, eps, affine):
    t, g = torch.nn.RMSNorm(shape, eps, affine), nn.RMSNorm(shape, eps, affine)
    if affine:
        with torch.no_grad():
            t.weight.uniform_(0.5, 1.5)
    _load(g, t)
    _module_parity(g, t, rand_array((2, 3, 5)))
    check_gradcheck(lambda x: F.rms_norm(x, shape, eps=eps), [rand_array((2, 3, 5))])


def test_rms_norm_bad_shape():
    with pytest.raises(RuntimeError, match="rms_norm"):
        nn.RMSNorm(4)(glassnet.randn(2, 5))


@pytest.mark.parametrize("shape", [(2, 7, 5), (2, 7, 3, 4), (2, 6, 2, 3, 2)])
@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_local_response_norm_matches_torch(shape, size):
    check_parity(lambda x: nn.LocalResponseNorm(size, 0.3, 0.7, 1.5)(x),
                 lambda x: torch.nn.LocalResponseNorm(size, 0.3, 0.7, 1.5)(x), [rand_array(shape)])


def test_cross_map_lrn2d_forward_matches_torch_and_gradchecks():
    x = rand_array((2, 7, 3, 4))
    for size in (1, 2, 3, 5, 9):
        assert_close(nn.CrossMapLRN2d(size, 0.5, 0.75, 2)(glassnet.tensor(x)),
                     torch.nn.CrossMapLRN2d(size, 0.5, 0.75, 2)(torch.tensor(x)))
    # torch's hand-written backward fails for most shapes, so the gradient is checked numerically
    check_gradcheck(lambda x: nn.CrossMapLRN2d(3, 0.5, 0.75, 2)(x), [rand_array((1, 5, 2, 2))])
    check_gradcheck(lambda x: F.local_response_norm(x, 3, 0.5), [rand_array((1, 5, 2, 2))])


@pytest.mark.parametrize("dim", [-1, 0, 1])
def test_glu_matches_torch(dim):
    x = rand_array((4, 6, 2))
    check_parity(lambda x: nn.GLU(dim)(x), lambda x: torch.nn.GLU(dim)(x), [x])
    check_gradcheck(lambda x: F.glu(x, dim), [x])


def test_glu_odd_dim_raises():
    with pytest.raises(RuntimeError, match="dimension 1 is size 3"):
        F.glu(glassnet.randn(2, 3), 1)


@pytest.mark.parametrize("name, args", [
    ("Hardshrink", ()), ("Hardshrink", (1.0,)), ("Softshrink", ()), ("Softshrink", (0.2,)),
    ("Threshold", (0.1, 20.0)), ("RReLU", ()), ("Softmax2d", ()),
])
def test_simple_activations_match_torch(name, args):
    g, t = getattr(nn, name)(*args).eval(), getattr(torch.nn, name)(*args).eval()
    x = rand_array((2, 3, 4, 5)) * 2
    check_parity(g, t, [x])
    if name != "Threshold":
        check_gradcheck(g, [rand_array((2, 3, 2), "away0")])


def test_rrelu_training_slopes_lie_between_bounds():
    x = -glassnet.rand(1000) - 0.1
    y = F.rrelu(x, 0.1, 0.3, training=True)
    ratio = (y / x)._data
    assert ratio.min() >= 0.1 and ratio.max() <= 0.3 and ratio.std() > 0.03
    assert_close(F.rrelu(glassnet.tensor([1.0, 2.0]), training=True), np.array([1.0, 2.0], np.float32))


def test_gumbel_softmax():
    logits = glassnet.tensor(rand_array((2000, 3)) * 0 + np.log(np.array([0.2, 0.3, 0.5], np.float32)),
                             requires_grad=True)
    soft = F.gumbel_softmax(logits, tau=0.5)
    assert_close(soft.sum(-1), np.ones(2000, np.float32))
    hard = F.gumbel_softmax(logits, hard=True)
    assert set(np.unique(hard._data)) == {0.0, 1.0}
    freq = hard._data.mean(0)
    np.testing.assert_allclose(freq, [0.2, 0.3, 0.5], atol=0.04)
    (hard * glassnet.arange(3.0)).sum().backward()
    assert logits.grad is not None and np.abs(logits.grad._data).sum() > 0


def test_cosine_similarity_matches_torch():
    x, y = rand_array((4, 5)), rand_array((4, 5), "away0")
    check_parity(lambda a, b: F.cosine_similarity(a, b), lambda a, b: TF.cosine_similarity(a, b), [x, y])
    check_parity(lambda a, b: nn.CosineSimilarity(0)(a, b), lambda a, b: torch.nn.CosineSimilarity(0)(a, b),
                 [x, y[:1]])


@pytest.mark.parametrize("p", [1, 2, 3.0])
def test_p_distances_match_torch(p):
    x, y = rand_array((4, 5)), rand_array((4, 5), "away0")
    check_parity(lambda a, b: nn.PairwiseDistance(p, keepdim=True)(a, b),
                 lambda a, b: torch.nn.PairwiseDistance(p, keepdim=True)(a, b), [x, y])
    check_parity(lambda a: F.pdist(a, p), lambda a: TF.pdist(a, p), [x])
    check_parity(lambda a: F.normalize(a, p, 0), lambda a: TF.normalize(a, p, 0), [x])
    check_parity(lambda a: F.pdist(a, float("inf")), lambda a: TF.pdist(a, float("inf")), [x])
    check_parity(lambda a: F.pdist(a, 0), lambda a: TF.pdist(a, 0), [x], grad=False)


def test_distance_edge_cases_match_torch():
    x, y = rand_array((3, 4), dtype=np.float64), rand_array((3, 4), dtype=np.float64)
    x[1], y[2] = 1e-9, 0.0  # norms below eps: clamped value, unclamped gradient (as torch)
    check_parity(lambda a, b: F.cosine_similarity(a, b), lambda a, b: TF.cosine_similarity(a, b), [x, y])
    check_parity(lambda a: F.normalize(a), lambda a: TF.normalize(a), [x])
    x[2] = x[0]  # identical rows: pdist's gradient is 0 there, not nan
    check_parity(lambda a: F.pdist(a), lambda a: TF.pdist(a), [x])


def test_distance_gradchecks():
    check_gradcheck(lambda a, b: F.cosine_similarity(a, b, dim=-1), [rand_array((3, 4)), rand_array((1, 4))])
    check_gradcheck(lambda a, b: F.pairwise_distance(a, b, 3), [rand_array((3, 4)), rand_array((3, 4), "pos")])
    check_gradcheck(lambda a: F.pdist(a), [rand_array((4, 3))])
    check_gradcheck(lambda a: F.normalize(a, dim=-1), [rand_array((4, 3))])


def test_distance_errors():
    with pytest.raises(RuntimeError, match="pdist only supports 2D"):
        F.pdist(glassnet.randn(2, 3, 4))
    with pytest.raises(RuntimeError, match="cosine_similarity"):
        F.cosine_similarity(glassnet.randn(2, 3), glassnet.randn(4, 3))
    with pytest.raises(IndexError, match="normalize"):
        F.normalize(glassnet.randn(2, 3), dim=2)


@pytest.mark.parametrize("cls", ["RNN", "LSTM", "GRU"])
def test_flatten_parameters_is_a_no_op(cls):
    m = getattr(nn, cls)(3, 4, num_layers=2)
    before = {k: v._data.copy() for k, v in m.state_dict().items()}
    x = glassnet.randn(5, 2, 3)
    out = m(x)[0]
    assert m.flatten_parameters() is None
    assert all(np.array_equal(before[k], v._data) for k, v in m.state_dict().items())
    assert_close(m(x)[0], out)


def test_empty_batches_and_integer_inputs_like_torch():
    z = np.zeros((0, 2, 4, 4, 4), np.float32)
    for g_fn, t_fn in [(lambda x: F.instance_norm(x), lambda x: TF.instance_norm(x)),
                       (lambda x: nn.Conv3d(2, 3, 2)(x), lambda x: torch.nn.Conv3d(2, 3, 2)(x)),
                       (lambda x: F.adaptive_max_pool3d(x, 2), lambda x: TF.adaptive_max_pool3d(x, 2))]:
        assert tuple(g_fn(glassnet.tensor(z)).shape) == tuple(t_fn(torch.tensor(z)).shape)
    with pytest.raises(NotImplementedError, match="glu"):
        F.glu(glassnet.ones(2, 4, dtype=glassnet.int64))
    with pytest.raises(RuntimeError, match="normalize"):
        F.normalize(glassnet.ones(2, 4, dtype=glassnet.int64))


@pytest.mark.parametrize("name, args, shape", [
    ("BatchNorm1d", (3,), (4, 3)), ("BatchNorm2d", (3,), (2, 3, 2, 2)), ("InstanceNorm1d", (3,), (2, 3, 5)),
    ("GroupNorm", (1, 3), (2, 3, 4)), ("SyncBatchNorm", (3,), (4, 3, 2)), ("LazyBatchNorm1d", (), (4, 3)),
    ("LazyInstanceNorm2d", (), (2, 3, 2, 2)),
])
def test_norms_without_bias_like_torch_2_13(name, args, shape):
    kw = dict(bias=False) if name.startswith(("Lazy", "GroupNorm")) else dict(affine=True, bias=False)
    t, g = getattr(torch.nn, name)(*args, **kw), getattr(nn, name)(*args, **kw)
    assert list(g.state_dict()) == list(t.state_dict()) and g.bias is None
    assert repr(g) == repr(t)
    with torch.no_grad():
        t(torch.tensor(rand_array(shape)))  # materialises the lazy ones
    g(glassnet.tensor(rand_array(shape)))
    with torch.no_grad():
        t.weight.uniform_(0.5, 1.5)
    _load(g, t)
    _module_parity(g, t, rand_array(shape, "away0"))
