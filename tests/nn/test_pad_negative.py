"""F.pad with negative amounts (cropping) in every mode, and the padding layers for 3-D zero padding."""

import pytest
from conftest import check_gradcheck, check_parity, rand_array

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("pad", [(-1, 2), (2, -1), (-1, -2), (-1, 2, 1, -2), (1, -1, -1, 2, 0, -1)])
def test_negative_pad_matches_torch(mode, pad):
    x = rand_array((2, 3) + (4, 5, 6)[: len(pad) // 2])  # torch's non-constant modes pad a batch's spatial dims
    check_parity(lambda x: F.pad(x, pad, mode), lambda x: torch.nn.functional.pad(x, pad, mode), [x])


def test_negative_pad_gradcheck():
    check_gradcheck(lambda x: F.pad(x, (-1, 2, 1, -1), "reflect"), [rand_array((1, 2, 3, 4))])
    check_gradcheck(lambda x: F.pad(x, (-2, 1), value=3.0), [rand_array((2, 4))])


def test_over_cropping_raises():
    with pytest.raises(RuntimeError, match=r"pad: padding \(-5, 2\) of dim 2 crops more than its size 4"):
        F.pad(glassnet.randn(2, 3, 4), (-5, 2))


def test_zero_pad_3d_matches_torch():
    x = rand_array((1, 2, 3, 2, 4))
    check_parity(lambda x: nn.ZeroPad3d((1, 0, 2, 1, 0, 1))(x), lambda x: torch.nn.ZeroPad3d((1, 0, 2, 1, 0, 1))(x),
                 [x])
    check_parity(lambda x: nn.ZeroPad3d(-1)(x), lambda x: torch.nn.ZeroPad3d(-1)(x), [x])
