"""interpolate's trilinear, bicubic, area and 5-D nearest modes against torch, with gradchecks."""

import pytest
from conftest import check_gradcheck, check_parity, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.filterwarnings("ignore:.*upsample.* is deprecated")
TF = torch.nn.functional


@pytest.mark.parametrize("kw", [
    dict(size=(4, 7, 3)), dict(scale_factor=2), dict(scale_factor=(1.5, 0.5, 2.0)),
    dict(size=(4, 7, 3), align_corners=True), dict(scale_factor=1.7, recompute_scale_factor=True),
])
def test_trilinear_matches_torch(kw):
    x = rand_array((2, 3, 3, 5, 4))
    check_parity(lambda x: F.interpolate(x, mode="trilinear", **kw),
                 lambda x: TF.interpolate(x, mode="trilinear", **kw), [x])


@pytest.mark.parametrize("kw", [
    dict(size=(9, 4)), dict(scale_factor=2), dict(scale_factor=(2.5, 0.6)), dict(size=(9, 4), align_corners=True),
    dict(size=(1, 1)), dict(size=(1, 1), align_corners=True),
])
def test_bicubic_matches_torch(kw):
    x = rand_array((2, 3, 5, 6))
    check_parity(lambda x: F.interpolate(x, mode="bicubic", **kw), lambda x: TF.interpolate(x, mode="bicubic", **kw),
                 [x])


@pytest.mark.parametrize("shape, size", [((2, 3, 7), 3), ((2, 3, 7, 5), (3, 4)), ((1, 2, 5, 4, 6), (2, 3, 4))])
def test_area_and_nearest_5d_match_torch(shape, size):
    x = rand_array(shape)
    check_parity(lambda x: F.interpolate(x, size, mode="area"), lambda x: TF.interpolate(x, size, mode="area"), [x])
    check_parity(lambda x: nn.Upsample(size, mode="nearest")(x), lambda x: torch.nn.Upsample(size, mode="nearest")(x),
                 [x])


def test_upsample_layers_and_deprecated_names():
    x = rand_array((1, 2, 2, 3, 2))
    check_parity(lambda x: nn.Upsample(scale_factor=2, mode="trilinear")(x),
                 lambda x: torch.nn.Upsample(scale_factor=2, mode="trilinear")(x), [x])
    y = rand_array((1, 2, 3, 4))
    check_parity(lambda x: F.upsample_bilinear(x, scale_factor=2), lambda x: TF.upsample_bilinear(x, scale_factor=2),
                 [y])
    check_parity(lambda x: F.upsample_nearest(x, size=(5, 5)), lambda x: TF.upsample_nearest(x, size=(5, 5)), [y])
    check_parity(lambda x: F.upsample(x, size=(5, 5), mode="bicubic"),
                 lambda x: TF.upsample(x, size=(5, 5), mode="bicubic"), [y])


def test_gradchecks():
    check_gradcheck(lambda x: F.interpolate(x, size=(3, 4, 2), mode="trilinear"), [rand_array((1, 2, 2, 3, 3))])
    check_gradcheck(lambda x: F.interpolate(x, scale_factor=1.5, mode="bicubic"), [rand_array((1, 2, 3, 3))])


def test_wrong_dims_raise():
    with pytest.raises(ValueError, match="'trilinear' needs a 5-D input"):
        F.interpolate(glassnet.randn(1, 2, 3, 3), scale_factor=2, mode="trilinear")
    with pytest.raises(ValueError, match="'bicubic' needs a 4-D input"):
        F.interpolate(glassnet.randn(1, 2, 3), scale_factor=2, mode="bicubic")
    with pytest.raises(ValueError, match="align_corners"):
        F.interpolate(glassnet.randn(1, 2, 3), scale_factor=2, mode="area", align_corners=True)


@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("kw", [dict(size=(5, 4)), dict(size=(30, 20)), dict(scale_factor=0.37), dict(size=(1, 1))])
def test_antialias_matches_torch(mode, align_corners, kw):
    x = rand_array((2, 3, 17, 13))
    check_parity(lambda x: F.interpolate(x, mode=mode, align_corners=align_corners, antialias=True, **kw),
                 lambda x: TF.interpolate(x, mode=mode, align_corners=align_corners, antialias=True, **kw), [x])


def test_antialias_gradcheck_and_errors():
    check_gradcheck(lambda x: F.interpolate(x, size=(2, 3), mode="bicubic", antialias=True),
                    [rand_array((1, 1, 5, 7))])
    with pytest.raises(NotImplementedError, match="anti-alias"):
        F.interpolate(glassnet.randn(1, 2, 6), size=3, mode="linear", antialias=True)
