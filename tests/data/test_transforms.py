import numpy as np
import pytest

import glassnet
from glassnet import Tensor
from glassnet.data import transforms as T


def _img(h=5, w=7, c=None, seed=0):
    shape = (h, w) if c is None else (h, w, c)
    return np.random.default_rng(seed).integers(0, 256, size=shape).astype(np.uint8)


def test_to_tensor_formula_uint8_hw_and_hwc():
    a = _img(4, 6)
    t = T.ToTensor()(a)
    assert t.shape == (1, 4, 6) and t.dtype == glassnet.float32
    np.testing.assert_allclose(t.numpy()[0], a / 255.0, rtol=1e-6)
    b = _img(4, 6, 3)
    t = T.ToTensor()(b)
    assert t.shape == (3, 4, 6)
    np.testing.assert_allclose(t.numpy(), b.transpose(2, 0, 1) / 255.0, rtol=1e-6)
    assert 0.0 <= t.numpy().min() and t.numpy().max() <= 1.0


def test_to_tensor_float_input_not_scaled_and_pil():
    f = np.full((2, 3), 7.0, np.float32)
    assert T.ToTensor()(f).numpy().max() == 7.0
    Image = pytest.importorskip("PIL.Image")
    b = _img(4, 6, 3)
    out = T.ToTensor()(Image.fromarray(b)).numpy()
    np.testing.assert_allclose(out, b.transpose(2, 0, 1) / 255.0, rtol=1e-6)
    with pytest.raises(TypeError, match="PIL Image or ndarray"):
        T.ToTensor()([1, 2])


def test_normalize_formula():
    x = glassnet.rand(3, 4, 5)
    out = T.Normalize([0.1, 0.2, 0.3], [0.5, 0.25, 2.0])(x)
    m = np.array([0.1, 0.2, 0.3], np.float32)[:, None, None]
    s = np.array([0.5, 0.25, 2.0], np.float32)[:, None, None]
    np.testing.assert_allclose(out.numpy(), (x.numpy() - m) / s, rtol=1e-6)
    assert out.dtype == glassnet.float32
    with pytest.raises(ValueError, match="zero"):
        T.Normalize([0.0], [0.0])
    with pytest.raises(TypeError, match="ToTensor"):
        T.Normalize([0.5], [0.5])(_img())


def test_compose_and_lambda_mnist_style():
    tf = T.Compose([T.ToTensor(), T.Normalize((0.1307,), (0.3081,)), T.Lambda(lambda t: t * 2)])
    a = _img(28, 28)
    np.testing.assert_allclose(tf(a).numpy()[0], 2 * ((a / 255.0) - 0.1307) / 0.3081, rtol=1e-5, atol=1e-6)


def test_horizontal_flip_content():
    x = glassnet.arange(12).reshape(1, 3, 4)
    assert T.RandomHorizontalFlip(p=1.0)(x).tolist() == x.numpy()[:, :, ::-1].tolist()
    assert T.RandomHorizontalFlip(p=0.0)(x) is x
    a = _img(3, 4, 3)
    np.testing.assert_array_equal(T.RandomHorizontalFlip(1.0)(a), a[:, ::-1])  # HWC array: W is axis 1
    np.testing.assert_array_equal(T.RandomVerticalFlip(1.0)(a), a[::-1])


def test_flip_probability_uses_global_generator():
    x = glassnet.arange(4).reshape(1, 2, 2)
    glassnet.manual_seed(0)
    flips = [T.RandomHorizontalFlip()(x) is not x for _ in range(400)]
    glassnet.manual_seed(0)
    assert flips == [T.RandomHorizontalFlip()(x) is not x for _ in range(400)]
    assert 150 < sum(flips) < 250


def test_random_crop_shape_and_content():
    x = glassnet.arange(2 * 6 * 6).reshape(2, 6, 6).float()
    glassnet.manual_seed(1)
    out = T.RandomCrop(4)(x).numpy()
    assert out.shape == (2, 4, 4)
    full = x.numpy()
    found = [(i, j) for i in range(3) for j in range(3) if (full[:, i:i + 4, j:j + 4] == out).all()]
    assert len(found) == 1


def test_random_crop_padding_keeps_size_and_pads_with_fill():
    x = glassnet.ones(1, 8, 8)
    glassnet.manual_seed(0)
    outs = [T.RandomCrop(8, padding=4)(x).numpy() for _ in range(20)]
    assert all(o.shape == (1, 8, 8) for o in outs)
    assert any(o.min() == 0.0 for o in outs)  # some crops reach into the zero padding
    a = _img(5, 5)
    assert T.RandomCrop((3, 2))(a).shape == (3, 2)
    with pytest.raises(ValueError, match="larger than input"):
        T.RandomCrop(9)(a)
    assert T.RandomCrop(7, pad_if_needed=True)(a).shape == (7, 7)


def test_center_crop():
    x = glassnet.arange(25).reshape(1, 5, 5)
    assert T.CenterCrop(3)(x).numpy()[0].tolist() == x.numpy()[0, 1:4, 1:4].tolist()


@pytest.mark.parametrize("interp", ["nearest", "bilinear"])
def test_rotation_90_matches_rot90(interp):
    a = _img(7, 7)
    out = T.rotate(a, 90, interpolation=interp)
    np.testing.assert_array_equal(out, np.rot90(a))  # counter-clockwise, as torchvision
    x = Tensor(a[None].astype(np.float32))
    np.testing.assert_allclose(T.rotate(x, -90, interpolation=interp).numpy()[0], np.rot90(a, -1), atol=1e-4)


def test_random_rotation_small_angle_shape_and_zero_identity():
    x = glassnet.rand(1, 28, 28)
    glassnet.manual_seed(0)
    out = T.RandomRotation(10)(x)
    assert out.shape == (1, 28, 28) and out.dtype == glassnet.float32
    np.testing.assert_allclose(T.RandomRotation((0, 0))(x).numpy(), x.numpy())
    with pytest.raises(ValueError, match="positive"):
        T.RandomRotation(-3)


@pytest.mark.parametrize("mode", ["nearest", "bilinear"])
@pytest.mark.parametrize("size", [(10, 14), (3, 4), (7, 5)])
def test_resize_matches_torch_interpolate(mode, size):
    torch = pytest.importorskip("torch")
    x = glassnet.rand(2, 6, 8)
    ours = T.Resize(size, interpolation=mode)(x).numpy()
    kw = {} if mode == "nearest" else {"align_corners": False}
    theirs = torch.nn.functional.interpolate(torch.from_numpy(x.numpy())[None], size=size, mode=mode, **kw)[0]
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-5, atol=1e-6)


def test_resize_int_keeps_aspect_and_uint8_arrays():
    assert T.Resize(4)(glassnet.rand(1, 8, 16)).shape == (1, 4, 8)
    out = T.Resize((10, 10))(_img(5, 5, 3))
    assert out.shape == (10, 10, 3) and out.dtype == np.uint8


def test_grayscale():
    rgb = glassnet.rand(3, 4, 4)
    g = T.Grayscale()(rgb).numpy()
    r, gg, b = rgb.numpy()
    np.testing.assert_allclose(g[0], 0.299 * r + 0.587 * gg + 0.114 * b, rtol=1e-5)
    assert T.Grayscale(3)(rgb).shape == (3, 4, 4)
    assert T.Grayscale()(_img(4, 4, 3)).shape == (4, 4, 1)


def test_one_hot_matches_torch():
    torch = pytest.importorskip("torch")
    y = np.array([[0, 2], [1, 3]])
    ours = T.one_hot(glassnet.tensor(y))
    theirs = torch.nn.functional.one_hot(torch.from_numpy(y))
    assert ours.dtype == glassnet.int64 and ours.tolist() == theirs.tolist()
    assert T.one_hot([1, 0], num_classes=4).tolist() == [[0, 1, 0, 0], [1, 0, 0, 0]]
    with pytest.raises(RuntimeError, match="smaller than num_classes"):
        T.one_hot([5], num_classes=3)
    with pytest.raises(RuntimeError, match="integer"):
        T.one_hot(np.array([0.5]))
