"""make_grid / save_image follow torchvision.utils: layout, padding, 1->3 channels, normalization, PNG output."""

from __future__ import annotations

import io
import sys

import numpy as np
import pytest

import glassnet
from glassnet.utils import make_grid, save_image


def batch(b: int, c: int = 3, h: int = 2, w: int = 2) -> glassnet.Tensor:
    """Image k is filled with the value k + 1 (so every tile is recognisable)."""
    return glassnet.tensor(np.repeat(np.arange(1, b + 1, dtype="float32"), c * h * w).reshape(b, c, h, w))


def test_grid_layout_with_padding_and_pad_value():
    grid = make_grid(batch(4), nrow=2, padding=1, pad_value=0.5)
    assert grid.shape == (3, 7, 7) and grid.dtype == glassnet.float32
    expected = np.full((7, 7), 0.5, dtype="float32")
    for k, (top, left) in enumerate([(1, 1), (1, 4), (4, 1), (4, 4)]):
        expected[top:top + 2, left:left + 2] = k + 1
    for c in range(3):
        np.testing.assert_array_equal(grid._data[c], expected)


def test_defaults_are_eight_per_row_and_two_pixels_of_zero_padding():
    grid = make_grid(batch(10, h=3, w=4))
    # 8 columns of (4 + 2) pixels and 2 rows of (3 + 2), plus the closing padding
    assert grid.shape == (3, 2 * 5 + 2, 8 * 6 + 2)
    np.testing.assert_array_equal(grid._data[:, 2:5, 2:6], 1.0)  # image 1, top-left
    np.testing.assert_array_equal(grid._data[:, 7:10, 8:12], 10.0)  # image 10: second row, second column
    np.testing.assert_array_equal(grid._data[:, 7:10, 14:], 0.0)  # the rest of the last row is padding
    assert grid._data[:, :2].sum() == 0 and grid._data[:, :, :2].sum() == 0


def test_fewer_images_than_nrow_make_one_row():
    assert make_grid(batch(3), nrow=8, padding=0).shape == (3, 2, 6)


def test_single_images_come_back_unpadded_with_three_channels():
    hw = glassnet.tensor(np.arange(6, dtype="float32").reshape(2, 3))
    for image in (hw, hw.reshape(1, 2, 3), hw.reshape(1, 1, 2, 3)):
        grid = make_grid(image, padding=5)
        assert grid.shape == (3, 2, 3)
        np.testing.assert_array_equal(grid._data, np.stack([hw._data] * 3))
    rgb = batch(1)[0]
    assert make_grid(rgb).shape == (3, 2, 2)


def test_one_channel_batches_become_rgb_and_two_channels_stay():
    assert make_grid(batch(2, c=1), padding=0).shape == (3, 2, 4)
    assert make_grid(batch(2, c=2), padding=0).shape == (2, 2, 4)


def test_a_list_of_images_is_stacked():
    images = [glassnet.full((3, 2, 2), float(k)) for k in range(3)]
    stacked = make_grid(glassnet.stack(images), padding=0)
    np.testing.assert_array_equal(make_grid(images, padding=0)._data, stacked._data)


def test_normalize_uses_the_batchs_min_and_max_and_leaves_the_input_alone():
    x = batch(2)
    grid = make_grid(x, padding=0, normalize=True)
    np.testing.assert_allclose(grid._data[0], [[0, 0, 1, 1]] * 2)
    assert x._data.max() == 2.0  # not rescaled in place


def test_scale_each_normalizes_every_image_on_its_own():
    x = glassnet.tensor(np.array([[[[0.0, 2.0]]], [[[10.0, 30.0]]]], dtype="float32"))  # (2, 1, 1, 2)
    grid = make_grid(x, padding=0, normalize=True, scale_each=True)
    np.testing.assert_allclose(grid._data[0], [[0, 1, 0, 1]])
    grid = make_grid(x, padding=0, normalize=True)
    np.testing.assert_allclose(grid._data[0], [[0, 2 / 30, 1 / 3, 1]], rtol=1e-6)


def test_value_range_clamps_then_rescales():
    x = glassnet.tensor(np.array([[[[-2.0, 0.0, 0.5, 3.0]]]] * 2, dtype="float32"))
    grid = make_grid(x, padding=0, normalize=True, value_range=(0.0, 1.0))
    np.testing.assert_allclose(grid._data[0, 0, :4], [0.0, 0.0, 0.5, 1.0])


def test_a_constant_image_does_not_divide_by_zero():
    grid = make_grid(glassnet.full((2, 3, 2, 2), 4.0), normalize=True, padding=0)
    assert np.isfinite(grid._data).all() and grid._data.max() == 0.0


def test_bad_inputs():
    with pytest.raises(TypeError, match="tensor or list of tensors expected"):
        make_grid(np.zeros((2, 3, 2, 2)))
    with pytest.raises(TypeError, match="got a list containing"):
        make_grid([glassnet.zeros(3, 2, 2), np.zeros((3, 2, 2))])
    with pytest.raises(TypeError, match="value_range has to be a tuple"):
        make_grid(batch(2), normalize=True, value_range=[0, 1])
    with pytest.raises(ValueError, match=r"make_grid expects .* got shape \(2,\)"):
        make_grid(glassnet.zeros(2))
    with pytest.raises(ValueError, match="must all have one shape"):
        make_grid([glassnet.zeros(3, 2, 2), glassnet.zeros(3, 2, 3)])


def test_save_image_writes_a_png_of_the_grid(tmp_path):
    from PIL import Image

    x = glassnet.tensor(np.array([[[[0.0, 0.5], [1.0, 2.0]]], [[[-1.0, 0.25], [0.75, 0.999]]]], dtype="float32"))
    path = tmp_path / "grid.png"
    save_image(x, path, nrow=1, padding=1, pad_value=1.0)
    png = np.asarray(Image.open(path))
    assert png.shape == (7, 4, 3) and png.dtype == np.uint8  # (H, W, RGB)
    expected = np.full((7, 4), 255, dtype=np.uint8)
    # x * 255 + 0.5, clamped to [0, 255], truncated: 0.5 -> 128, 0.25 -> 64, 0.75 -> 191, 0.999 -> 255
    expected[1:3, 1:3] = [[0, 128], [255, 255]]
    expected[4:6, 1:3] = [[0, 64], [191, 255]]
    for c in range(3):
        np.testing.assert_array_equal(png[..., c], expected)


def test_save_image_to_a_file_object_with_a_format():
    from PIL import Image

    buf = io.BytesIO()
    save_image(glassnet.full((3, 2, 2), 0.5), buf, format="png")
    buf.seek(0)
    assert np.asarray(Image.open(buf)).tolist() == [[[128] * 3] * 2] * 2


def test_save_image_without_pillow_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ImportError, match=r'pip install "glassnet\[images\]"'):
        save_image(glassnet.zeros(3, 2, 2), tmp_path / "x.png")
