"""Attributions: completeness of integrated gradients, equality with Captum, Grad-CAM on a synthetic task, errors."""

from __future__ import annotations

import numpy as np
import pytest

import glassnet
from glassnet import nn
from glassnet.inspect import (
    InputXGradient,
    IntegratedGradients,
    LayerGradCam,
    LayerIntegratedGradients,
    NoiseTunnel,
    Occlusion,
    Saliency,
    explain,
    token_attributions,
)


def small_cnn() -> nn.Module:
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 6, 3), nn.Tanh(),
                         nn.Flatten(), nn.Linear(6 * 2 * 2, 5)).eval()


class Bag(nn.Module):
    """A tiny text classifier: embed tokens, squash, average, classify."""

    def __init__(self, vocab: int = 10, dim: int = 4, classes: int = 3) -> None:
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.fc = nn.Linear(dim, classes)

    def forward(self, ids):
        return self.fc(self.emb(ids).tanh().mean(1))


def _completeness(model, x, targets, **kw):
    """(sum of attributions, f(x) - f(0), convergence delta) per example."""
    attr, delta = IntegratedGradients(model).attribute(x, target=targets, return_convergence_delta=True, **kw)
    with glassnet.no_grad():
        gap = (model(x) - model(glassnet.zeros_like(x)))[list(range(len(targets))), targets].numpy()
    assert attr.shape == x.shape
    return attr.numpy().reshape(len(x), -1).sum(1), gap, delta.numpy()


def test_integrated_gradients_completeness_on_lenet():
    # The tanh LeNet-5 is smooth, so 50 Gauss-Legendre points integrate its gradient almost exactly.
    sums, gap, delta = _completeness(glassnet.models.LeNet5(activation="tanh").eval(), glassnet.rand(2, 1, 28, 28),
                                     [3, 7])
    np.testing.assert_allclose(sums, gap, rtol=0.01)
    np.testing.assert_allclose(delta, sums - gap, atol=1e-5)


def test_riemann_trapezoid_keeps_captums_step_sizes():
    # Captum's trapezoid halves the first and last of n equal steps of 1/n, so the weights sum to 1 - 1/n:
    # the attributions fall short of f(x) - f(0) by that fraction on a linear model.
    model = nn.Linear(6, 2)
    x = glassnet.randn(1, 6)
    sums, gap, _ = _completeness(model, x, [1], method="riemann_trapezoid", n_steps=10)
    np.testing.assert_allclose(sums, 0.9 * gap, rtol=1e-5)


@pytest.mark.slow
def test_integrated_gradients_completeness_on_trained_lenet_mnist(shared_data):
    from glassnet.data.datasets import MNIST

    data = MNIST(shared_data, train=True).as_tensor_dataset()
    x, y = data.tensors[0][:3000], data.tensors[1][:3000]
    model = glassnet.models.LeNet5()
    glassnet.train.fit(model, (x, y), loss=nn.CrossEntropyLoss(), optimizer=glassnet.optim.Adam(model.parameters(),
                       lr=2e-3), epochs=1, batch_size=64, verbose=0)
    model.eval()
    digits = x[3000 - 5:]
    with glassnet.no_grad():
        pred = model(digits).argmax(1).tolist()
    sums, gap, delta = _completeness(model, digits, pred)
    np.testing.assert_allclose(sums, gap, rtol=0.01)
    assert (np.abs(delta) < 0.01 * np.abs(gap)).all()


def test_integrated_gradients_is_one_batched_pass():
    model = small_cnn()
    calls = []

    def forward(x):
        calls.append(x.shape[0])
        return model(x)

    IntegratedGradients(forward).attribute(glassnet.rand(3, 1, 8, 8), target=1, n_steps=50,
                                           return_convergence_delta=True)
    assert calls == [150, 6]  # all 50 path points of the 3 examples at once, then f(x) and f(baseline)
    calls.clear()
    IntegratedGradients(forward).attribute(glassnet.rand(3, 1, 8, 8), target=1, n_steps=50, internal_batch_size=64)
    assert calls == [64, 64, 22]


def test_attributions_leave_the_weights_trainable():
    model = small_cnn()
    Saliency(model).attribute(glassnet.rand(1, 1, 8, 8), target=0)
    assert all(p.requires_grad for p in model.parameters())


def test_input_x_gradient_of_a_linear_model_is_weight_times_input():
    model = nn.Linear(3, 2)
    x = glassnet.randn(4, 3)
    attr = InputXGradient(model).attribute(x, target=1)
    np.testing.assert_allclose(attr.numpy(), x.numpy() * model.weight.detach().numpy()[1], rtol=1e-6)


def test_smoothgrad_with_tiny_noise_is_saliency_and_vargrad_is_non_negative():
    model = small_cnn()
    x = glassnet.rand(2, 1, 8, 8)
    smooth = NoiseTunnel(Saliency(model)).attribute(x, nt_samples=4, stdevs=1e-5, target=[0, 2])
    np.testing.assert_allclose(smooth.numpy(), Saliency(model).attribute(x, target=[0, 2]).numpy(), atol=1e-5)
    var = NoiseTunnel(IntegratedGradients(model)).attribute(x, nt_type="vargrad", nt_samples=3,
                                                            nt_samples_batch_size=2, stdevs=0.2, target=1, n_steps=8)
    assert var.shape == x.shape and float(var.min()) >= -1e-7


def test_token_attributions_through_the_embedding():
    glassnet.manual_seed(1)
    model = Bag()
    ids = glassnet.tensor([[1, 2, 3, 4], [5, 6, 7, 0]])
    attr, delta = LayerIntegratedGradients(model, "emb").attribute(ids, baselines=0, target=[1, 2],
                                                                   return_convergence_delta=True)
    assert attr.shape == (2, 4, 4)
    per_token = token_attributions(attr)
    assert per_token.shape == (2, 4)
    with glassnet.no_grad():
        gap = (model(ids) - model(glassnet.zeros_like(ids)))[[0, 1], [1, 2]].numpy()
    np.testing.assert_allclose(per_token.numpy().sum(1), gap, rtol=0.01, atol=1e-6)
    assert float(delta.abs().max()) < 1e-4
    assert abs(float(per_token[1, 3])) < 1e-7  # the padding token is its own baseline: no attribution
    norm = token_attributions(attr, normalize=True).numpy()
    np.testing.assert_allclose(np.linalg.norm(norm, axis=1), 1.0, rtol=1e-5)


def test_token_attributions_through_a_gru():
    class Reader(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb, self.rnn, self.fc = nn.Embedding(20, 8), nn.GRU(8, 16, batch_first=True), nn.Linear(16, 3)

        def forward(self, ids):
            out, _ = self.rnn(self.emb(ids))
            return self.fc(out[:, -1])

    model = Reader().eval()
    ids = glassnet.randint(1, 20, (2, 7))
    attr, delta = LayerIntegratedGradients(model, "emb").attribute(ids, baselines=0, target=1,
                                                                   return_convergence_delta=True)
    assert token_attributions(attr).shape == (2, 7)
    with glassnet.no_grad():
        gap = (model(ids) - model(glassnet.zeros_like(ids)))[:, 1].numpy()
    assert (np.abs(delta.numpy()) <= 0.01 * np.abs(gap) + 1e-6).all()


# ---- Grad-CAM on a task decided by one patch ----------------------------------------------------------


def _patch_images(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """16x16 noise with one 5x5 patch at a random place: horizontal stripes (class 0) or vertical ones (class 1).

    Returns the images, the classes and each patch's top-left corner.
    """
    x = rng.normal(0, 0.2, (n, 1, 16, 16)).astype(np.float32)
    y = rng.integers(0, 2, n)
    corners = rng.integers(0, 12, (n, 2))
    stripes = np.zeros((5, 5), np.float32)
    stripes[::2] = 1.5
    for i, ((r, c), k) in enumerate(zip(corners, y)):
        x[i, 0, r:r + 5, c:c + 5] += stripes if k == 0 else stripes.T
    return x, y, corners


def test_grad_cam_highlights_the_patch_that_decides_the_class():
    rng = np.random.default_rng(0)
    x, y, _ = _patch_images(256, rng)
    model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(),
                          nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 2))
    glassnet.train.fit(model, (glassnet.from_numpy(x), glassnet.from_numpy(y)), loss=nn.CrossEntropyLoss(),
                       optimizer=glassnet.optim.Adam(model.parameters(), lr=0.02), epochs=8, batch_size=32,
                       verbose=0)
    model.eval()
    xt, yt, corners = _patch_images(20, rng)
    with glassnet.no_grad():
        assert (model(glassnet.from_numpy(xt)).argmax(1).numpy() == yt).mean() >= 0.9
    cam = LayerGradCam(model, "3").attribute(glassnet.from_numpy(xt), target=yt.tolist(), relu_attributions=True)
    assert cam.shape == (20, 1, 16, 16)
    hits = 0
    for m, (r, c) in zip(cam.numpy()[:, 0], corners):
        # The patch and the 2 pixels around it that the two 3x3 convolutions see it from.
        peak = np.unravel_index(m.argmax(), m.shape)
        inside = m[max(r - 2, 0):r + 7, max(c - 2, 0):c + 7].sum()
        hits += r - 2 <= peak[0] <= r + 6 and c - 2 <= peak[1] <= c + 6 and inside > 0.5 * m.sum()
    assert hits >= 16  # a map with no idea of the patch puts its peak there about 6 times in 20


# ---- errors ------------------------------------------------------------------------------------------------


def test_target_out_of_range_names_the_classes():
    model = small_cnn()
    x = glassnet.rand(1, 1, 8, 8)
    for attribution in (Saliency(model), IntegratedGradients(model), LayerGradCam(model, "3")):
        with pytest.raises(IndexError, match=r"target 5 is out of range: the model has 5 outputs \(classes 0..4\)"):
            attribution.attribute(x, target=5)
    with pytest.raises(IndexError, match="target 9 is out of range"):
        explain(model, x, "saliency", target=9)
    with pytest.raises(ValueError, match="pass target="):
        Saliency(model).attribute(x)


def test_unknown_layer_lists_the_layers():
    model = small_cnn()
    with pytest.raises(ValueError, match=r"no layer named 'features.9'; its layers are: 0, 1, 2, 3"):
        LayerGradCam(model, "features.9")
    with pytest.raises(ValueError, match="no layer named 'conv'"):
        LayerIntegratedGradients(model, "conv")


def test_bad_arguments():
    model = small_cnn()
    x = glassnet.rand(1, 1, 8, 8)
    with pytest.raises(ValueError, match="method must be one of"):
        IntegratedGradients(model).attribute(x, target=0, method="simpson")
    with pytest.raises(ValueError, match="one entry per non-batch dim"):
        Occlusion(model).attribute(x, sliding_window_shapes=(3, 3), target=0)
    with pytest.raises(ValueError, match="unknown method 'lime'"):
        explain(model, x, "lime")
    with pytest.raises(TypeError, match="LayerIntegratedGradients"):
        IntegratedGradients(Bag()).attribute(glassnet.tensor([[1, 2, 3]]), target=0)
    with pytest.raises(ValueError, match="baselines of shape"):
        IntegratedGradients(model).attribute(x, baselines=glassnet.zeros(2, 1, 7, 7), target=0)


# ---- explain() and its pictures ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["saliency", "input-x-gradient", "integrated-gradients", "smoothgrad",
                                    "occlusion", "grad-cam"])
def test_explain_every_method_gives_an_input_shaped_map(method):
    model = glassnet.models.LeNet5().eval()
    result = explain(model, glassnet.rand(1, 1, 28, 28), method, labels=[str(i) for i in range(10)])
    assert result.attributions.shape == (1, 1, 28, 28)
    assert result.heatmap().shape == (28, 28)
    assert np.isfinite(result.heatmap()).all()
    assert (result.convergence_delta is not None) == (method == "integrated-gradients")


def test_attribution_result_shows_in_jupyter(tmp_path):
    result = explain(small_cnn(), glassnet.rand(1, 1, 8, 8), "integrated-gradients", target=1)
    assert result._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"
    assert '<img src="data:image/png;base64,' in result._repr_html_()
    assert "convergence delta" in result.caption()
    path = result.save(tmp_path / "ig.png")
    assert path.read_bytes()[:4] == b"\x89PNG"


# ---- the same numbers as Captum ------------------------------------------------------------------------------


@pytest.fixture
def twins():
    """A glassnet CNN and a torch CNN with the same weights."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("captum")
    g = small_cnn()
    t = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                            torch.nn.Conv2d(4, 6, 3), torch.nn.Tanh(), torch.nn.Flatten(), torch.nn.Linear(24, 5))
    t.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in g.state_dict().items()})
    x = np.random.default_rng(0).normal(size=(3, 1, 8, 8)).astype(np.float32)
    return g, t.eval(), glassnet.from_numpy(x), torch.from_numpy(x)


def _same(ours, theirs, atol=1e-6):
    np.testing.assert_allclose(ours.numpy(), theirs.detach().numpy(), rtol=1e-4, atol=atol)


@pytest.mark.filterwarnings("ignore:Input Tensor 0 did not already require gradients")
def test_gradient_methods_equal_captum(twins):
    import captum.attr as ca

    g, t, gx, tx = twins
    target = [1, 4, 0]
    _same(Saliency(g).attribute(gx, target=target), ca.Saliency(t).attribute(tx, target=target))
    _same(Saliency(g).attribute(gx, target=2, abs=False), ca.Saliency(t).attribute(tx, target=2, abs=False))
    _same(InputXGradient(g).attribute(gx, target=target), ca.InputXGradient(t).attribute(tx, target=target))


@pytest.mark.parametrize("method", ["gausslegendre", "riemann_trapezoid"])
def test_integrated_gradients_equal_captum(twins, method):
    import captum.attr as ca

    g, t, gx, tx = twins
    ours, d = IntegratedGradients(g).attribute(gx, target=[1, 4, 0], baselines=0.25, n_steps=20, method=method,
                                               return_convergence_delta=True)
    theirs, td = ca.IntegratedGradients(t).attribute(tx, target=[1, 4, 0], baselines=0.25, n_steps=20, method=method,
                                                     return_convergence_delta=True)
    _same(ours, theirs)
    _same(d, td, atol=1e-5)


def test_occlusion_equals_captum(twins):
    import captum.attr as ca

    g, t, gx, tx = twins
    ours = Occlusion(g).attribute(gx, (1, 3, 3), strides=(1, 2, 2), target=[1, 4, 0], baselines=0.5,
                                  perturbations_per_eval=7)
    _same(ours, ca.Occlusion(t).attribute(tx, (1, 3, 3), strides=(1, 2, 2), target=[1, 4, 0], baselines=0.5))


def test_grad_cam_equals_captum(twins):
    import captum.attr as ca

    g, t, gx, tx = twins
    ours = LayerGradCam(g, "3").attribute(gx, target=[1, 4, 0])
    theirs = ca.LayerGradCam(t, t[3]).attribute(tx, target=[1, 4, 0])
    _same(ours, theirs)
    _same(LayerGradCam.interpolate(ours, (8, 8), "bilinear"), ca.LayerAttribution.interpolate(theirs, (8, 8),
                                                                                                "bilinear"))
    _same(LayerGradCam(g, g[3]).attribute(gx, target=2, attribute_to_layer_input=True, relu_attributions=True),
          ca.LayerGradCam(t, t[3]).attribute(tx, target=2, attribute_to_layer_input=True, relu_attributions=True))


def test_layer_integrated_gradients_equal_captum():
    torch = pytest.importorskip("torch")
    ca = pytest.importorskip("captum.attr")

    class TorchBag(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.emb, self.fc = torch.nn.Embedding(10, 4), torch.nn.Linear(4, 3)

        def forward(self, ids):
            return self.fc(self.emb(ids).tanh().mean(1))

    g, t = Bag(), TorchBag()
    t.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in g.state_dict().items()})
    ids = np.array([[1, 2, 3, 4], [5, 6, 7, 0]])
    ours, d = LayerIntegratedGradients(g, g.emb).attribute(glassnet.from_numpy(ids), baselines=0, target=[1, 2],
                                                           return_convergence_delta=True)
    theirs, td = ca.LayerIntegratedGradients(t, t.emb).attribute(torch.from_numpy(ids), baselines=0, target=[1, 2],
                                                                 return_convergence_delta=True)
    _same(ours, theirs)
    _same(d, td, atol=1e-5)
