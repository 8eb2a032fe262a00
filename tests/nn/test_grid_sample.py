"""F.affine_grid and F.grid_sample against torch: modes, padding modes, align_corners, 4-D and 5-D, gradients."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck, rand_array

import glassnet
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional
pytestmark = pytest.mark.filterwarnings("ignore:Since version 1.3.0, affine_grid")


def _compare(gfn, tfn, arrays):
    """Values and gradients for every input (a missing glassnet gradient counts as zeros)."""
    g = [glassnet.tensor(a, requires_grad=True) for a in arrays]
    t = [torch.tensor(a, requires_grad=True) for a in arrays]
    go, to = gfn(*g), tfn(*t)
    assert_close(go, to)
    w = rand_array(tuple(to.shape), dtype=np.float64)
    (go * glassnet.tensor(w)).sum().backward()
    (to * torch.tensor(w)).sum().backward()
    for a, b in zip(g, t):
        assert_close(a.grad if a.grad is not None else np.zeros_like(b.grad.numpy()), b.grad)


@pytest.mark.parametrize("size", [(2, 3, 5, 4), (2, 3, 4, 3, 5), (2, 1, 1, 3)])
@pytest.mark.parametrize("align_corners", [False, True])
def test_affine_grid_matches_torch(size, align_corners):
    theta = rand_array((2, len(size) - 2, len(size) - 1), dtype=np.float64)
    _compare(lambda th: F.affine_grid(th, size, align_corners), lambda th: TF.affine_grid(th, size, align_corners),
             [theta])


@pytest.mark.parametrize("mode", ["bilinear", "nearest", "bicubic"])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sample_2d_matches_torch(mode, padding_mode, align_corners):
    x = rand_array((2, 3, 5, 4), dtype=np.float64)
    grid = np.random.default_rng(3).uniform(-1.3, 1.3, (2, 6, 7, 2))
    _compare(lambda x, g: F.grid_sample(x, g, mode, padding_mode, align_corners),
             lambda x, g: TF.grid_sample(x, g, mode, padding_mode, align_corners), [x, grid])


@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
def test_grid_sample_3d_matches_torch(mode, padding_mode):
    x = rand_array((2, 2, 4, 3, 5), dtype=np.float64)
    grid = np.random.default_rng(4).uniform(-1.2, 1.2, (2, 3, 4, 2, 3))
    _compare(lambda x, g: F.grid_sample(x, g, mode, padding_mode, False),
             lambda x, g: TF.grid_sample(x, g, mode, padding_mode, False), [x, grid])


def test_identity_transform_reproduces_the_input():
    x = glassnet.tensor(rand_array((1, 2, 4, 5)))
    theta = glassnet.tensor(np.array([[[1.0, 0, 0], [0, 1.0, 0]]], np.float32))
    assert_close(F.grid_sample(x, F.affine_grid(theta, (1, 2, 4, 5))), x, atol=1e-5)


@pytest.mark.filterwarnings("ignore:Default grid_sample")  # align_corners left to its default on purpose
def test_gradchecks():
    x, grid = rand_array((1, 2, 3, 4)), np.random.default_rng(5).uniform(-0.9, 0.9, (1, 2, 3, 2))
    check_gradcheck(lambda x, g: F.grid_sample(x, g, align_corners=True), [x, grid])
    check_gradcheck(lambda x, g: F.grid_sample(x, g, "bicubic", "border"), [x, grid])
    check_gradcheck(lambda th: F.affine_grid(th, (1, 1, 3, 2)), [rand_array((1, 2, 3))])


@pytest.mark.filterwarnings("ignore:Default grid_sample")  # align_corners left to its default on purpose
def test_errors():
    with pytest.raises(ValueError, match="expected mode"):
        F.grid_sample(glassnet.randn(1, 1, 3, 3), glassnet.randn(1, 2, 2, 2), mode="area")
    with pytest.raises(ValueError, match="padding_mode"):
        F.grid_sample(glassnet.randn(1, 1, 3, 3), glassnet.randn(1, 2, 2, 2), padding_mode="wrap")
    with pytest.raises(RuntimeError, match="expected grid to have size 2 in last dimension"):
        F.grid_sample(glassnet.randn(1, 1, 3, 3), glassnet.randn(1, 2, 2, 3))
    with pytest.raises(ValueError, match="Nx2x3"):
        F.affine_grid(glassnet.randn(1, 3, 4), (1, 1, 3, 3))
    with pytest.raises(NotImplementedError, match="4D and 5D"):
        F.affine_grid(glassnet.randn(1, 2, 3), (1, 1, 3))
