"""nn2 pooling: AdaptiveMaxPool1d, *_with_indices, MaxUnpool1d/2d/3d, LPPool1d/2d, FractionalMaxPool2d/3d."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, check_parity, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F


def test_adaptive_max_pool1d_matches_torch():
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    for shape, size in [((2, 3, 10), 4), ((3, 7), 3), ((1, 2, 8), 4)]:
        x = rand_array(shape)
        check_parity(lambda a, size=size: F.adaptive_max_pool1d(a, size, return_indices=True),
                     lambda a, size=size: tf.adaptive_max_pool1d(a, size, return_indices=True), [x])
        check_parity(nn.AdaptiveMaxPool1d(size), torch.nn.AdaptiveMaxPool1d(size), [x])
    check_gradcheck(lambda a: F.adaptive_max_pool1d(a, 3), [rand_array((2, 2, 7))])


def test_with_indices_names_match_torch():
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    x1, x2 = rand_array((2, 3, 9)), rand_array((2, 3, 7, 6))
    for name, x, args in [("max_pool1d_with_indices", x1, (3, 2, 1)), ("max_pool2d_with_indices", x2, (3, 2, 1)),
                          ("adaptive_max_pool1d_with_indices", x1, (4,)),
                          ("adaptive_max_pool2d_with_indices", x2, ((3, 4),))]:
        gf, tf_ = getattr(F, name), getattr(tf, name)
        check_parity(lambda a, f=gf, args=args: f(a, *args), lambda a, f=tf_, args=args: f(a, *args), [x])


@pytest.mark.parametrize("n,shape,k,s,p", [(1, (2, 3, 11), 3, 2, 1), (2, (2, 3, 7, 8), 2, None, 0),
                                           (2, (3, 6, 6), 3, 1, 1)])
def test_max_unpool_inverts_max_pool_like_torch(n, shape, k, s, p):
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    x = torch.tensor(rand_array(shape))
    pooled, idx = getattr(tf, f"max_pool{n}d")(x, k, s, p, return_indices=True)
    size = x.shape[-n:]
    check_parity(lambda v, i: getattr(F, f"max_unpool{n}d")(v, i, k, s, p, output_size=size),
                 lambda v, i: getattr(tf, f"max_unpool{n}d")(v, i, k, s, p, output_size=size),
                 [pooled.numpy(), idx.numpy()])
    g_mod, t_mod = getattr(nn, f"MaxUnpool{n}d")(k, s, p), getattr(torch.nn, f"MaxUnpool{n}d")(k, s, p)
    check_parity(g_mod, t_mod, [pooled.numpy(), idx.numpy()])
    assert repr(g_mod) == repr(t_mod)


def test_max_unpool3d_matches_torch():
    torch = pytest.importorskip("torch")
    x = rand_array((1, 2, 2, 3, 2))
    # indices of distinct positions in a (4, 6, 4) volume, as max_pool3d(kernel 2) would give
    base = np.arange(2)[:, None, None] * 2 * 24 + np.arange(3)[None, :, None] * 2 * 4 + np.arange(2) * 2
    idx = np.broadcast_to(base + 5, x.shape).astype(np.int64)
    check_parity(lambda v, i: F.max_unpool3d(v, i, 2), lambda v, i: torch.nn.functional.max_unpool3d(v, i, 2),
                 [x, idx])


def test_max_unpool_repeated_indices_hold_the_value_once():
    torch = pytest.importorskip("torch")
    v = rand_array((1, 1, 3))
    idx = np.array([[[2, 2, 4]]], dtype=np.int64)
    v[0, 0, 1] = v[0, 0, 0]  # max pools repeat an index only for the same maximum
    check_parity(lambda a, i: F.max_unpool1d(a, i, 2), lambda a, i: torch.nn.functional.max_unpool1d(a, i, 2),
                 [v, idx])


def test_max_unpool_gradcheck_and_errors():
    idx = np.array([[[0, 3, 5], [1, 2, 4]]], dtype=np.int64)
    check_gradcheck(lambda a: F.max_unpool1d(a, glassnet.tensor(idx), 2), [rand_array((1, 2, 3))])
    with pytest.raises(RuntimeError, match="Found an invalid max index: 9"):  # torch's wording
        F.max_unpool1d(glassnet.ones(1, 1, 2), glassnet.tensor(np.array([[[0, 9]]])), 2)
    with pytest.raises(ValueError, match="output_size"):
        F.max_unpool1d(glassnet.ones(1, 1, 2), glassnet.tensor(np.array([[[0, 1]]])), 2, output_size=[9])


@pytest.mark.parametrize("norm_type", [1, 2, 3.5])
def test_lp_pool_matches_torch(norm_type):
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    x1, x2 = rand_array((2, 3, 9), "pos"), rand_array((2, 2, 7, 6), "pos")
    check_parity(lambda a: F.lp_pool1d(a, norm_type, 3, 2), lambda a: tf.lp_pool1d(a, norm_type, 3, 2), [x1])
    check_parity(lambda a: F.lp_pool2d(a, norm_type, (3, 2), ceil_mode=True),
                 lambda a: tf.lp_pool2d(a, norm_type, (3, 2), ceil_mode=True), [x2])
    check_parity(nn.LPPool2d(norm_type, 2), torch.nn.LPPool2d(norm_type, 2), [x2])
    assert repr(nn.LPPool1d(norm_type, 3)) == repr(torch.nn.LPPool1d(norm_type, 3))
    check_gradcheck(lambda a: F.lp_pool2d(a, norm_type, 2), [rand_array((1, 2, 4, 4), "pos")])


def test_lp_pool_signed_input_matches_torch():
    torch = pytest.importorskip("torch")
    x = rand_array((1, 2, 8), "away0")
    check_parity(lambda a: F.lp_pool1d(a, 2, 2), lambda a: torch.nn.functional.lp_pool1d(a, 2, 2), [x])


@pytest.mark.parametrize("n,shape,k,size", [(2, (2, 3, 11, 9), 2, (5, 4)), (2, (3, 10, 10), (3, 2), 4),
                                            (3, (1, 2, 7, 8, 9), 2, (3, 4, 5))])
def test_fractional_max_pool_matches_torch_given_its_samples(n, shape, k, size):
    torch = pytest.importorskip("torch")
    x = rand_array(shape)
    planes = shape[:-n] if len(shape) == n + 2 else (1, shape[0])
    samples = torch.rand(*planes, n, dtype=torch.float32)
    check_parity(lambda a: getattr(F, f"fractional_max_pool{n}d")(a, k, size, return_indices=True,
                                                                   _random_samples=glassnet.tensor(samples.numpy())),
                 lambda a: getattr(torch.nn.functional, f"fractional_max_pool{n}d")(a, k, size, return_indices=True,
                                                                                   _random_samples=samples),
                 [x])


def test_fractional_max_pool_ratio_module_and_gradcheck():
    torch = pytest.importorskip("torch")
    x = rand_array((2, 2, 9, 8))
    samples = torch.rand(2, 2, 2)
    g = nn.FractionalMaxPool2d(3, output_ratio=0.5, _random_samples=glassnet.tensor(samples.numpy()))
    t = torch.nn.FractionalMaxPool2d(3, output_ratio=0.5, _random_samples=samples)
    check_parity(g, t, [x])
    assert list(g.state_dict()) == list(t.state_dict())
    fixed = glassnet.tensor(samples.numpy().astype(np.float64))
    check_gradcheck(lambda a: F.fractional_max_pool2d(a, 2, 4, _random_samples=fixed), [x])


def test_fractional_max_pool_draws_from_the_generator():
    x = glassnet.tensor(rand_array((4, 3, 12, 12)))
    glassnet.manual_seed(5)
    a = F.fractional_max_pool2d(x, 2, output_size=5)
    glassnet.manual_seed(5)
    b = F.fractional_max_pool2d(x, 2, output_size=5)
    c = F.fractional_max_pool2d(x, 2, output_size=5)
    assert_close(a, b)
    assert np.any(a._data != c._data)
    assert tuple(a.shape) == (4, 3, 5, 5)


def test_fractional_max_pool_errors():
    x = glassnet.ones(1, 1, 5, 5)
    with pytest.raises(RuntimeError, match="too large"):
        F.fractional_max_pool2d(x, 3, output_size=4)
    with pytest.raises(ValueError, match="output_size or an output_ratio"):
        F.fractional_max_pool2d(x, 2)
    with pytest.raises(ValueError, match="either an output size"):
        nn.FractionalMaxPool2d(2)


@pytest.mark.parametrize("norm_type", [1, 2, 3.5])
@pytest.mark.parametrize("kernel,stride,ceil", [(2, None, False), ((3, 2, 2), 2, False), (2, None, True),
                                                 ((2, 3, 2), (1, 2, 3), True)])
def test_lp_pool3d_matches_torch(norm_type, kernel, stride, ceil):
    torch = pytest.importorskip("torch")
    x = rand_array((2, 2, 5, 6, 5), "pos")
    check_parity(lambda a: F.lp_pool3d(a, norm_type, kernel, stride, ceil),
                 lambda a: torch.nn.functional.lp_pool3d(a, norm_type, kernel, stride, ceil), [x])
    check_parity(nn.LPPool3d(norm_type, kernel, stride, ceil), torch.nn.LPPool3d(norm_type, kernel, stride, ceil),
                 [x[0]])


def test_lp_pool3d_gradcheck_and_repr():
    torch = pytest.importorskip("torch")
    check_gradcheck(lambda a: F.lp_pool3d(a, 2, 2, ceil_mode=True), [rand_array((1, 1, 3, 3, 3), "pos")])
    assert repr(nn.LPPool3d(2, 2)) == repr(torch.nn.LPPool3d(2, 2))
    with pytest.raises(RuntimeError, match="lp_pool3d"):  # torch: RuntimeError, non-empty 4D or 5D expected
        F.lp_pool3d(glassnet.ones(2, 3, 4), 2, 2)
