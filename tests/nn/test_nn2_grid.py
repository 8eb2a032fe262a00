"""nn2 F.affine_grid and F.grid_sample against torch: every mode x padding_mode x align_corners,
gradients with respect to input and grid, float64 gradchecks, errors."""

import numpy as np
import pytest
from conftest import check_gradcheck, check_parity, rand_array

import glassnet
import glassnet.nn.functional as F

THETA = np.array([[[0.9, -0.3, 0.1], [0.2, 1.1, -0.2]], [[1.3, 0.4, 0.3], [-0.5, 0.8, 0.25]]], dtype=np.float32)


def _grid(shape, spread=1.4):
    # positions inside and outside [-1, 1], away from pixel centres so floor() does not jump under eps
    g = np.random.default_rng(7).uniform(-spread, spread, shape).astype(np.float32)
    return g


@pytest.mark.filterwarnings("ignore:Since version 1.3.0")  # the unit-size grid below, in both libraries
@pytest.mark.parametrize("align_corners", [False, True])
def test_affine_grid_matches_torch(align_corners):
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    check_parity(lambda t: F.affine_grid(t, (2, 3, 4, 5), align_corners),
                 lambda t: tf.affine_grid(t, (2, 3, 4, 5), align_corners), [THETA])
    theta3 = rand_array((2, 3, 4))
    check_parity(lambda t: F.affine_grid(t, (2, 1, 3, 4, 2), align_corners),
                 lambda t: tf.affine_grid(t, (2, 1, 3, 4, 2), align_corners), [theta3])
    check_parity(lambda t: F.affine_grid(t, (2, 1, 1, 3), align_corners),
                 lambda t: tf.affine_grid(t, (2, 1, 1, 3), align_corners), [THETA])
    check_gradcheck(lambda t: F.affine_grid(t, (2, 3, 4, 5), align_corners), [THETA])


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("mode", ["bilinear", "nearest", "bicubic"])
def test_grid_sample_matches_torch(mode, padding_mode, align_corners):
    torch = pytest.importorskip("torch")
    x, grid = rand_array((2, 3, 5, 6)), _grid((2, 4, 7, 2))
    check_parity(lambda a, g: F.grid_sample(a, g, mode, padding_mode, align_corners),
                 lambda a, g: torch.nn.functional.grid_sample(a, g, mode, padding_mode, align_corners),
                 [x, grid], rtol=1e-4, atol=5e-5 if mode == "bicubic" else 1e-5)  # cubic weights round differently


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
def test_grid_sample_5d_matches_torch(mode, padding_mode, align_corners):
    torch = pytest.importorskip("torch")
    x, grid = rand_array((2, 2, 3, 4, 5)), _grid((2, 3, 2, 4, 3))
    check_parity(lambda a, g: F.grid_sample(a, g, mode, padding_mode, align_corners),
                 lambda a, g: torch.nn.functional.grid_sample(a, g, mode, padding_mode, align_corners), [x, grid])


def test_grid_sample_5d_gradcheck_and_affine_identity():
    check_gradcheck(lambda a, g: F.grid_sample(a, g, padding_mode="reflection", align_corners=True),
                    [rand_array((1, 2, 3, 3, 4)), _grid((1, 2, 2, 2, 3), 1.2)])
    x = glassnet.tensor(rand_array((1, 2, 3, 4, 5)))
    eye = glassnet.tensor(np.eye(3, 4, dtype=np.float32)[None])
    out = F.grid_sample(x, F.affine_grid(eye, (1, 2, 3, 4, 5), False), align_corners=False)
    np.testing.assert_allclose(out._data, x._data, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
def test_grid_sample_gradcheck(mode, padding_mode):
    x, grid = rand_array((1, 2, 4, 5)), _grid((1, 3, 3, 2), 1.2)
    check_gradcheck(lambda a, g: F.grid_sample(a, g, mode, padding_mode, align_corners=False), [x, grid])


def test_spatial_transformer_identity_and_warning():
    x = glassnet.tensor(rand_array((1, 2, 4, 5)))
    eye = glassnet.tensor(np.array([[[1.0, 0, 0], [0, 1.0, 0]]], dtype=np.float32))
    for align in (False, True):
        out = F.grid_sample(x, F.affine_grid(eye, (1, 2, 4, 5), align), align_corners=align)
        np.testing.assert_allclose(out._data, x._data, rtol=1e-5, atol=1e-6)
    with pytest.warns(UserWarning, match="align_corners=False"):
        F.affine_grid(eye, (1, 2, 4, 5))
    with pytest.warns(UserWarning, match="unit-size grids"):
        F.affine_grid(eye, (1, 2, 1, 5), align_corners=True)


def test_errors():
    x = glassnet.ones(1, 1, 3, 3)
    with pytest.raises(ValueError, match="padding_mode"):
        F.grid_sample(x, glassnet.zeros(1, 2, 2, 2), padding_mode="wrap", align_corners=False)
    with pytest.raises(ValueError, match="mode"):
        F.grid_sample(x, glassnet.zeros(1, 2, 2, 2), mode="area", align_corners=False)
    with pytest.raises(RuntimeError, match="size 2 in last dimension"):
        F.grid_sample(x, glassnet.zeros(1, 2, 2, 1), align_corners=False)
    with pytest.raises(RuntimeError, match="same batch size"):
        F.grid_sample(x, glassnet.zeros(2, 2, 2, 2), align_corners=False)
    with pytest.raises(RuntimeError, match="bicubic interpolation only supports 4D"):
        F.grid_sample(glassnet.ones(1, 1, 2, 2, 2), glassnet.zeros(1, 1, 1, 1, 3), mode="bicubic", align_corners=False)
    with pytest.raises(RuntimeError, match="size 3 in last dimension"):
        F.grid_sample(glassnet.ones(1, 1, 2, 2, 2), glassnet.zeros(1, 1, 1, 2), align_corners=False)
    with pytest.raises(ValueError, match="Nx3x4"):
        F.affine_grid(glassnet.tensor(THETA), (2, 1, 2, 3, 4), align_corners=False)
